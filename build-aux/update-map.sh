#!/bin/sh
# update-map.sh: rewrites libpki/libpki.map from the PKI_API declarations in
# the public headers.  Run it after adding a public function;
# build-aux/check-exports.sh (make check) fails until the map agrees.
set -eu
cd "$(dirname "$0")/.."
{
  echo "/* libpki's exported symbols.  build-aux/check-exports.sh checks this list"
  echo " * against the PKI_API declarations in the public headers;"
  echo " * build-aux/update-map.sh writes it. */"
  echo "LIBPKI_0.1 {"
  echo "  global:"
  ls libpki/*.h | grep -v -- '-private\.h$' | xargs grep -ho 'PKI_API [^(;]*\bpki_[a-z0-9_]* *(' \
    | grep -o 'pki_[a-z0-9_]* *(' | tr -d ' (' | sort -u | sed 's/^/    /; s/$/;/'
  echo "  local:"
  echo "    *;"
  echo "};"
} > libpki/libpki.map.tmp
mv libpki/libpki.map.tmp libpki/libpki.map
