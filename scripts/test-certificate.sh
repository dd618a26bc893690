#!/usr/bin/env bash
# A test CA and a certificate it signs for 127.0.0.1, for the journeys over HTTPS: writes
# ca.pem, cert.pem and key.pem into the directory given. Debian's openssl; valid for a day.
set -euo pipefail
dir=$1
mkdir -p "$dir"
cd "$dir"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 \
  -subj "/CN=Bürgerkoffer Test-CA" -addext "basicConstraints=critical,CA:TRUE" \
  -addext "keyUsage=critical,keyCertSign" -keyout ca-key.pem -out ca.pem 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=127.0.0.1" \
  -keyout key.pem -out request.pem 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' > leaf.ext
openssl x509 -req -in request.pem -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days 1 \
  -extfile leaf.ext -out cert.pem 2>/dev/null
rm -f request.pem leaf.ext ca.srl
