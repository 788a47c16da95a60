#!/usr/bin/env bash
# Proves the Dockerfile and docker-compose.yml on a real Docker engine (issue 15): a dockerd of its
# own (overlay2 or vfs storage, bridges and iptables), stand-in base images (Docker Hub is not reachable:
# scripts/docker/stand-ins.sh), then the jest suite in test/docker (jest.docker.config.js): the
# image built and looked inside, run against Redis, and the composed stack logged into by Chromium.
# Arguments go to jest (.ci/run passes --json --outputFile=...). Run as root; leaves nothing behind.
set -euo pipefail
cd "$(dirname "$0")/.."
# Debian's docker client (20.10, the one its dockerd and docker-compose expect) ahead of any other.
export PATH="/usr/sbin:/usr/bin:/sbin:/bin:$PATH"
[ "$(id -u)" -eq 0 ] || { echo "docker-ci: run as root (it starts a dockerd of its own)" >&2; exit 1; }

need=()
command -v dockerd >/dev/null || need+=(docker.io)
command -v debootstrap >/dev/null || need+=(debootstrap)
command -v docker-compose >/dev/null || need+=(docker-compose)
[ -x /usr/bin/chromium ] || need+=(chromium)
if [ ${#need[@]} -gt 0 ]; then
  echo "docker-ci: installing ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

started=$SECONDS
work="$(mktemp -d /tmp/docker-ci.XXXXXX)"
trap 'rm -rf "$work"' EXIT # until the full clean-up below takes over
export DOCKER_HOST="unix://$work/docker.sock" DOCKER_CI_WORK="$work"
# The classic builder (BuildKit's frontend image cannot be pulled), for docker and docker-compose.
export DOCKER_BUILDKIT=0 COMPOSE_DOCKER_CLI_BUILD=1
# Host networking is ours to tidy only when no other Docker engine was using it.
own_net=false
if ! pgrep -x dockerd >/dev/null && ! ip link show docker0 >/dev/null 2>&1; then own_net=true; fi
forward_policy="$(iptables -S FORWARD | awk '$1 == "-P" { print $3 }')"
ip_forward="$(sysctl -n net.ipv4.ip_forward)"

phase() { # name command...: runs it and says how long it took
  local name="$1" t0=$SECONDS
  shift
  "$@"
  echo "docker-ci: $name: $((SECONDS - t0)) s" | tee -a "$work/phases.txt"
}

# Docker's rules and chains in the filter and nat tables, and its bridge (only when ours).
tidy_host_network() {
  local table line chain
  for table in filter nat; do
    iptables -t "$table" -S | grep -E '^-A .*(DOCKER|docker0)' | while read -r line; do
      # shellcheck disable=SC2086 # the rule's own words
      iptables -t "$table" -D ${line#-A } || true
    done
    for chain in $(iptables -t "$table" -S | awk '$1 == "-N" && $2 ~ /^DOCKER/ { print $2 }'); do
      iptables -t "$table" -F "$chain" && iptables -t "$table" -X "$chain" || true
    done
  done
  ip link delete docker0 2>/dev/null || true
  iptables -P FORWARD "$forward_policy"
  sysctl -qw net.ipv4.ip_forward="$ip_forward"
}

cleanup() {
  local status=$? t0=$SECONDS
  set +e
  trap - EXIT INT TERM
  if [ -f "$work/dockerd.pid" ]; then
    local pid
    pid="$(cat "$work/dockerd.pid")"
    # Through the engine first, so it releases containers' namespaces, proxies, rules and bridges;
    # the images and the vfs layers go with the data dir below.
    docker ps -aq | xargs -r docker rm -f -v >/dev/null
    docker network prune -f >/dev/null
    docker volume prune -f >/dev/null
    kill "$pid"
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$pid" 2>/dev/null
  fi
  # Whatever is still mounted below the work dir (a container's shm or netns after a crash).
  awk -v w="$work" 'index($2, w) == 1 { print $2 }' /proc/mounts | sort -r | xargs -r -n1 umount -l
  [ "$own_net" = true ] && tidy_host_network
  [ -f "$work/phases.txt" ] && cat "$work/phases.txt"
  [ -f "$work/notes.txt" ] && cat "$work/notes.txt"
  rm -rf "$work" # with vfs every layer is a full copy: minutes of deleting on a slow disk
  echo "docker-ci: clean-up: $((SECONDS - t0)) s"
  echo "docker-ci: $((SECONDS - started)) s in all, cleaned up (exit $status)"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

start_daemon() { # storage driver
  echo '{}' >"$work/daemon.json" # no /etc/docker/daemon.json of the machine
  dockerd --config-file "$work/daemon.json" --data-root "$work/data" --exec-root "$work/exec" \
    --pidfile "$work/dockerd.pid" -H "$DOCKER_HOST" --storage-driver="$1" \
    --containerd-namespace docker-ci --containerd-plugins-namespace docker-ci-plugins \
    >"$work/dockerd.log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 120); do
    docker version >/dev/null 2>&1 && echo "docker-ci: dockerd with $1 storage" && return 0
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  tail -n 20 "$work/dockerd.log"
  kill "$pid" 2>/dev/null && wait "$pid"
  rm -rf "$work/data" "$work/exec" "$work/dockerd.pid"
  return 1
}
# overlay2 where the kernel has it (the users' default, and layers cost no full copies), else vfs,
# which works anywhere; DOCKER_CI_STORAGE_DRIVER picks one.
start_engine() {
  local driver
  for driver in ${DOCKER_CI_STORAGE_DRIVER:-overlay2 vfs}; do start_daemon "$driver" && return 0; done
  echo "docker-ci: dockerd did not start" >&2
  return 1
}

phase "dockerd started" start_engine
phase "stand-in base images" scripts/docker/stand-ins.sh "$work"
docker images --format 'docker-ci: stand-in {{.Repository}}:{{.Tag}} {{.Size}}'
# Build, run and compose, in that order, one file at a time.
phase "jest test/docker" npx jest -c jest.docker.config.js "$@"
