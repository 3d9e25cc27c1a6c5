#!/bin/sh
# Builds the QEMU target's initramfs from Debian's busybox-static and
# resources/qemu/init: build-initramfs.sh OUT.cpio.gz [BUSYBOX]
# The archive is rebuilt from these two inputs every time; nothing binary
# is kept in the repository.
set -eu
out=${1:?usage: build-initramfs.sh OUT.cpio.gz [BUSYBOX]}
busybox=${2:-/bin/busybox}
here=$(cd "$(dirname "$0")" && pwd)
init="$here/init"

if ! "$busybox" --list 2>/dev/null | grep -qx cttyhack; then
  echo "build-initramfs: $busybox is not a full busybox (install Debian's busybox-static)" >&2
  exit 2
fi
# ldd (libc-bin, always there) answers only for a dynamically linked program.
if ldd "$busybox" >/dev/null 2>&1; then
  echo "build-initramfs: $busybox is dynamically linked; the initramfs has no libc (install busybox-static)" >&2
  exit 2
fi
command -v cpio >/dev/null || { echo "build-initramfs: cpio is missing (apt-get install cpio)" >&2; exit 2; }

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/bin" "$root/sbin" "$root/dev" "$root/proc" "$root/sys" "$root/tmp" "$root/etc" "$root/root"
cp "$busybox" "$root/bin/busybox"
cp "$init" "$root/init"
chmod 0755 "$root/init" "$root/bin/busybox"
# Fixed order, owner and times, so the same inputs give the same archive.
tmp="$out.tmp.$$"
find "$root" -mindepth 1 -exec touch -h -d @0 {} +
(cd "$root" && find . -mindepth 1 | LC_ALL=C sort | cpio --quiet -o -H newc -R 0:0 --reproducible) | gzip -n -9 > "$tmp"
mv "$tmp" "$out"
