#!/usr/bin/env bash
# A local certificate authority and a `localhost` certificate it signs, for the front door on your
# own machine: make-certs.sh [folder] (default: examples/front-door/certs, which git ignores).
# Writes ca.pem (trust this one), ca-key.pem, localhost.pem (the certificate followed by the CA's,
# the chain nginx and Caddy serve) and localhost-key.pem. Idempotent: what is there and valid is kept.
set -euo pipefail
dir="${1:-$(dirname "$0")/certs}"
mkdir -p "$dir"
cd "$dir"
umask 077

valid() { # file: a certificate that is still valid for at least a day
  [ -s "$1" ] && openssl x509 -in "$1" -noout -checkend 86400 >/dev/null 2>&1
}

if ! valid ca.pem || [ ! -s ca-key.pem ]; then
  openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 825 \
    -subj '/CN=Securitize iD BFF front door local CA' \
    -addext 'basicConstraints=critical,CA:TRUE,pathlen:0' \
    -addext 'keyUsage=critical,keyCertSign,cRLSign' \
    -keyout ca-key.pem -out ca.pem 2>/dev/null
  rm -f localhost.pem localhost-key.pem # signed by a CA that is gone
fi

signed_by_ca() { openssl verify -CAfile ca.pem localhost.pem >/dev/null 2>&1; }

if ! valid localhost.pem || [ ! -s localhost-key.pem ] || ! signed_by_ca; then
  ext="$(mktemp)"
  trap 'rm -f "$ext" localhost.csr' EXIT
  printf '%s\n' 'basicConstraints=critical,CA:FALSE' 'keyUsage=critical,digitalSignature,keyEncipherment' \
    'extendedKeyUsage=serverAuth' 'subjectAltName=DNS:localhost,IP:127.0.0.1' >"$ext"
  openssl req -new -newkey rsa:2048 -nodes -subj '/CN=localhost' \
    -keyout localhost-key.pem -out localhost.csr 2>/dev/null
  # Browsers refuse server certificates valid for more than 398 days.
  openssl x509 -req -in localhost.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days 397 -sha256 \
    -extfile "$ext" -out localhost.crt 2>/dev/null
  cat localhost.crt ca.pem >localhost.pem
  rm -f localhost.crt ca.srl
fi
# Readable by the proxy's workers and containers (the keys stay private to this folder's owner).
chmod 644 ca.pem localhost.pem
chmod 600 ca-key.pem localhost-key.pem
echo "$(cd . && pwd)"
