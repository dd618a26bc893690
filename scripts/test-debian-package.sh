#!/usr/bin/env bash
# The Debian package, for real: built by cargo-deb from the release binary and dist/, installed
# with dpkg into a clean Debian root (debootstrap, kept in /var/tmp between runs), which then
# boots under systemd (systemd-nspawn, sharing the host's loopback). Passes when the unit serves
# the app and the API from its own user with its hardening in force and its database in
# /var/lib/buergerkoffer, and the operator's commands reach the same data through the settings
# file. Prints the unit's exposure score (systemd-analyze security).
#
#   scripts/test-debian-package.sh     (after scripts/build-apps.sh and a release build)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
clean_root=${BUERGERKOFFER_DEBIAN_ROOT:-/var/tmp/buergerkoffer-debian-root}

if [ ! -x "$clean_root/usr/bin/systemctl" ]; then
  echo "making a clean Debian root with systemd in $clean_root (once)"
  rm -rf "$clean_root"
  debootstrap --variant=minbase --include=systemd,systemd-sysv,dbus bookworm "$clean_root" \
    http://deb.debian.org/debian >/dev/null
fi

work=$(mktemp -d /var/tmp/buergerkoffer-package.XXXXXX)
booted=
finish() {
  if [ -n "$booted" ]; then
    kill -TERM "$booted" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$booted" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$booted" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap finish EXIT

cargo deb --package server --no-build --no-strip --output "$work/" >"$work/cargo-deb.log" 2>&1 \
  || { cat "$work/cargo-deb.log"; echo "cargo-deb could not build the package" >&2; exit 1; }
deb=$(echo "$work"/buergerkoffer_*.deb)
echo "package: $(basename "$deb"), $(du -k "$deb" | cut -f1) KiB; $(dpkg-deb --contents "$deb" | wc -l) entries"

root=$work/root
cp -a "$clean_root" "$root"
cp "$deb" "$root/tmp/buergerkoffer.deb"
chroot "$root" dpkg --install /tmp/buergerkoffer.deb >"$work/dpkg.log" 2>&1 \
  || { cat "$work/dpkg.log"; echo "dpkg could not install the package" >&2; exit 1; }
# The operator's one edit: a port free on this machine (the container shares its network).
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
sed -i "s/^listen = .*/listen = \"127.0.0.1:$port\"/" "$root/etc/buergerkoffer/config.toml"

systemd-nspawn --directory="$root" --boot --register=no --keep-unit --quiet \
  --machine=buergerkoffer-test >"$work/boot.log" 2>&1 &
booted=$!
base=http://127.0.0.1:$port
for _ in $(seq 300); do curl -sf "$base/api/health/ready" >/dev/null && break; sleep 0.2; done
if ! curl -sf "$base/api/health/ready" >/dev/null; then
  tail -40 "$work/boot.log"
  echo "the installed service did not answer within a minute" >&2
  exit 1
fi

check() { if eval "$2"; then echo "ok: $1"; else echo "FAILED: $1" >&2; exit 1; fi; }
check "the Koffer is served" "curl -sf '$base/' | grep -q '<html'"
check "the Rathaus app is served" "curl -sf '$base/rathaus/' | grep -q '<html'"
check "the terminal is served" "curl -sf '$base/terminal/' | grep -q '/terminal/boot-'"
check "the API is ready on its database" "curl -sf '$base/api/health/ready' | grep -q '\"database\":\"ok\"'"
pid=$(pgrep -f '^/usr/bin/buergerkoffer --config /etc/buergerkoffer/config.toml serve' | head -1)
status=/proc/$pid/status
uid=$(awk '/^Uid:/ { print $2 }' "$status")
check "it runs as the user buergerkoffer" "[ \"\$(awk -F: -v uid=$uid '\$3 == uid { print \$1 }' '$root/etc/passwd')\" = buergerkoffer ]"
check "without new privileges" "grep -q '^NoNewPrivs:[[:space:]]*1' $status"
check "under a system call filter" "grep -q '^Seccomp:[[:space:]]*2' $status"
check "with no capability but binding low ports" "grep -q '^CapEff:[[:space:]]*0000000000000400' $status"
check "its database is in /var/lib/buergerkoffer, owned by it" \
  "[ \"\$(stat -c %u '$root/var/lib/buergerkoffer/buergerkoffer.sqlite3')\" = $uid ]"
check "its settings are not readable by others" "[ \"\$(stat -c %a '$root/etc/buergerkoffer/config.toml')\" = 640 ]"
# The operator's commands find the data through the settings file, beside the running service.
as_service() { chroot "$root" setpriv --reuid=buergerkoffer --regid=buergerkoffer --init-groups "$@"; }
as_service buergerkoffer municipality add --regional-key 145245118180 --name Meerane >/dev/null
echo "Paket-Pruefung-2026" | as_service buergerkoffer user add --municipality 145245118180 \
  --username p.pruefer --name "Paula Prüfer" --role admin >/dev/null
check "an account the command line made signs in through the service" \
  "curl -sf -H 'content-type: application/json' -d '{\"username\":\"p.pruefer\",\"password\":\"Paket-Pruefung-2026\"}' '$base/api/sessions' | grep -q token"
systemd-analyze security --offline=true --root="$root" buergerkoffer.service 2>/dev/null \
  | grep -E '^(→ )?Overall exposure' | sed 's/^→ //'
