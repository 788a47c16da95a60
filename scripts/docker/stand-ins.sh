#!/usr/bin/env bash
# Stand-ins for the base images docker-compose.yml and the Dockerfile name, built from what is
# reachable without Docker Hub (CI only; users pull the real ones):
#   node:20-bookworm-slim  Debian 12 (debootstrap) + this machine's Node 20 and npm, user node 1000:1000
#   redis:7-bookworm       Debian 12 + Debian's redis-server, /data owned by redis, WORKDIR /data
#   nginx:stable-bookworm  Debian 12 + Debian's nginx (the front-door profile), nginx on PATH
# Usage: stand-ins.sh <work dir>   (DOCKER_HOST names the engine; the roots are deleted afterwards)
set -euo pipefail
work="$1"
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
ca="${NODE_EXTRA_CA_CERTS:-/etc/ssl/certs/ca-certificates.crt}"
node_bin="$(readlink -f "$(command -v node)")"
npm_dir="$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")" # .../node_modules/npm

base="$work/root-base"
debootstrap --variant=minbase bookworm "$base" "$mirror" >"$work/debootstrap.log" 2>&1 ||
  { tail -n 20 "$work/debootstrap.log"; exit 1; }
rm -rf "$base"/var/cache/apt/archives/*.deb
# The CA bundle this machine trusts (npm's registry is reached through it), for npm and apt alike.
install -D -m 644 "$ca" "$base/etc/ssl/certs/ca-certificates.crt"

# Redis: Debian's package in a copy of the root; no service may start inside the chroot.
redis="$work/root-redis"
cp -a "$base" "$redis"
cp /etc/resolv.conf "$redis/etc/resolv.conf"
printf '#!/bin/sh\nexit 101\n' >"$redis/usr/sbin/policy-rc.d" && chmod +x "$redis/usr/sbin/policy-rc.d"
chroot "$redis" sh -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
  apt-get install -y -qq --no-install-recommends redis-server >/dev/null' >"$work/redis-apt.log" 2>&1 ||
  { tail -n 20 "$work/redis-apt.log"; exit 1; }
rm -rf "$redis/usr/sbin/policy-rc.d" "$redis"/var/lib/apt/lists/* "$redis"/var/cache/apt/*.bin
# The real image turns protected mode off (so other containers may connect) and runs as redis.
printf '#!/bin/sh\nexec /usr/bin/redis-server "$@" --protected-mode no\n' >"$redis/usr/local/bin/redis-server"
chmod +x "$redis/usr/local/bin/redis-server"
mkdir -p "$redis/data" && chroot "$redis" chown redis:redis /data
tar -C "$redis" -c . | docker import \
  --change 'WORKDIR /data' --change 'USER redis' --change 'EXPOSE 6379' \
  --change 'CMD ["redis-server"]' - redis:7-bookworm >/dev/null

# nginx: Debian's package (auth_request included), as the compose file's front-door profile runs it.
nginx="$work/root-nginx"
cp -a "$base" "$nginx"
cp /etc/resolv.conf "$nginx/etc/resolv.conf"
printf '#!/bin/sh\nexit 101\n' >"$nginx/usr/sbin/policy-rc.d" && chmod +x "$nginx/usr/sbin/policy-rc.d"
chroot "$nginx" sh -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
  apt-get install -y -qq --no-install-recommends nginx >/dev/null' >"$work/nginx-apt.log" 2>&1 ||
  { tail -n 20 "$work/nginx-apt.log"; exit 1; }
rm -rf "$nginx/usr/sbin/policy-rc.d" "$nginx"/var/lib/apt/lists/* "$nginx"/var/cache/apt/*.bin
tar -C "$nginx" -c . | docker import \
  --change 'EXPOSE 80' \
  --change 'CMD ["nginx", "-g", "daemon off;"]' - nginx:stable-bookworm >/dev/null

# Node: the binary and npm where the real image has them, and its node user.
install -m 755 "$node_bin" "$base/usr/local/bin/node"
mkdir -p "$base/usr/local/lib/node_modules" && cp -a "$npm_dir" "$base/usr/local/lib/node_modules/npm"
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$base/usr/local/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$base/usr/local/bin/npx"
chroot "$base" sh -c 'groupadd -g 1000 node && useradd -u 1000 -g node -m -s /bin/bash node'
chroot "$base" node --version >/dev/null # its libraries are all in the root
# CI only: npm ci in the build's containers trusts the CA bundle this machine's TLS goes through.
tar -C "$base" -c . | docker import \
  --change 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt' \
  --change 'CMD ["node"]' - node:20-bookworm-slim >/dev/null
rm -rf "$base" "$redis" "$nginx"
