#!/bin/sh
# check-exports.sh SHLIB MAP HEADER...
# The symbols libpki.so exports must be exactly those the version script
# lists, and those exactly the PKI_API declarations in the public headers.
set -u
shlib=$1 map=$2; shift 2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

nm -D --defined-only "$shlib" | awk '$2 ~ /^[TDBR]$/ { print $3 }' | sed 's/@.*//' \
  | grep -v '^LIBPKI_' | sort -u > "$tmp/exported"
sed -n '/global:/,/local:/p' "$map" | grep -o 'pki_[a-z0-9_]*' | sort -u > "$tmp/map"
grep -ho 'PKI_API [^(;]*\bpki_[a-z0-9_]* *(' "$@" | grep -o 'pki_[a-z0-9_]* *(' \
  | tr -d ' (' | sort -u > "$tmp/headers"

fail=0
if ! cmp -s "$tmp/exported" "$tmp/map"; then
  echo "check-exports: libpki.so exports differ from $map (< exported, > map):"
  diff "$tmp/exported" "$tmp/map" | grep '^[<>]'
  fail=1
fi
if ! cmp -s "$tmp/map" "$tmp/headers"; then
  echo "check-exports: $map differs from the PKI_API declarations (< map, > headers):"
  diff "$tmp/map" "$tmp/headers" | grep '^[<>]'
  fail=1
fi
n=$(wc -l < "$tmp/exported")
if [ $fail -eq 0 ]; then
  echo "check-exports: 1 passed, 0 failed ($n symbols, declared in the headers and listed in the map)"
else
  echo "check-exports: 0 passed, 1 failed"
fi
exit $fail
