#!/bin/sh
# deps.sh PKG_CONFIG "pkg-config modules" "debian packages"
# Checks that the build's dependencies are present.  Missing Debian packages
# are installed with apt-get when running as root; otherwise the exact
# command is printed and the build stops.  Without dpkg (not Debian), the
# pkg-config modules and commands are checked instead.
pkgconfig=$1 modules=$2 debs=$3

missing=""
if command -v dpkg-query >/dev/null 2>&1; then
  for d in $debs; do
    dpkg-query -W -f='${Status}' "$d" 2>/dev/null | grep -q 'ok installed' || missing="$missing $d"
  done
else
  command -v "$pkgconfig" >/dev/null 2>&1 || missing="$missing pkg-config"
  if [ -n "$modules" ] && ! "$pkgconfig" --exists $modules 2>/dev/null; then
    missing="$missing $modules"
  fi
  [ -n "$modules" ] || for d in $debs; do command -v "$d" >/dev/null 2>&1 || missing="$missing $d"; done
fi
[ -z "$missing" ] && exit 0

cmd="apt-get install -y --no-install-recommends$missing"
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "libpki needs:$missing" >&2
  echo "Install them as root with:" >&2
  echo "  apt-get update && $cmd" >&2
  exit 1
fi
echo "libpki: installing the Debian packages it needs:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq && $cmd -qq || {
  echo "libpki: apt-get failed; run by hand: apt-get update && $cmd" >&2
  exit 1
}
