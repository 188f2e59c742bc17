#!/bin/sh
# deps.sh PKG_CONFIG "pkg-config modules" "debian packages"
# Checks that the build's dependencies are present.  Missing ones are
# installed with apt-get when running as root; otherwise the exact command
# is printed and the build stops.
pkgconfig=$1 modules=$2 debs=$3

missing=no
command -v "$pkgconfig" >/dev/null 2>&1 || missing=yes
command -v openssl >/dev/null 2>&1 || missing=yes
if [ $missing = no ] && [ -n "$modules" ]; then
  "$pkgconfig" --exists $modules || missing=yes
fi
if [ -z "$modules" ]; then
  # A tool-only request (for example valgrind): check the commands themselves.
  for d in $debs; do command -v "$d" >/dev/null 2>&1 || missing=yes; done
fi
[ $missing = no ] && exit 0

cmd="apt-get install -y --no-install-recommends $debs"
if [ "$(id -u)" != 0 ]; then
  echo "libpki needs these Debian packages: $debs" >&2
  echo "Install them as root with:" >&2
  echo "  apt-get update && $cmd" >&2
  exit 1
fi
echo "libpki: installing the Debian packages it needs: $debs"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq && $cmd -qq || {
  echo "libpki: apt-get failed; run by hand: apt-get update && $cmd" >&2
  exit 1
}
