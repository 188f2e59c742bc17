#!/bin/sh
# check-install.sh MAKE O
# Installs into a temporary DESTDIR, checks the installed pieces work (a
# program builds against the installed headers with the installed
# libpki.pc, runs, and the man page is there), uninstalls, and fails if
# anything is left behind.
set -u
make=$1 out=$2
dest=$(mktemp -d); trap 'rm -rf "$dest"' EXIT
prefix=/usr/local
fail=0
say() { echo "check-install: $*"; }

$make --no-print-directory -s O="$out" DESTDIR="$dest" PREFIX=$prefix install >/dev/null \
  || { say "make install failed"; exit 1; }
for f in bin/pki lib/libpki.so.0 lib/libpki.so lib/libpki.a lib/pkgconfig/libpki.pc \
         include/libpki/pki.h share/man/man1/pki.1; do
  [ -e "$dest$prefix/$f" ] || { say "missing after install: $f"; fail=1; }
done

# Build and run a program against the installed copy only.
cat > "$dest/t.c" <<'C'
#include <libpki/pki.h>
#include <stdio.h>
int main (void) {
  g_autoptr (GError) error = NULL;
  g_autoptr (PkiPKey) key = pki_pkey_generate_ec ("P-256", &error);
  if (key == NULL) return 1;
  printf ("%s %s %u\n", pki_version (), pki_pkey_get_type_name (key), pki_pkey_get_bits (key));
  return 0;
}
C
pcdir="$dest$prefix/lib/pkgconfig"
# A copy of the installed libpki.pc pointing into DESTDIR (pkg-config's
# sysroot and --define-variable would move GLib's paths too).
mkdir -p "$dest/pc"
sed "s|=$prefix|=$dest$prefix|" "$pcdir/libpki.pc" > "$dest/pc/libpki.pc"
pc() { PKG_CONFIG_PATH="$dest/pc" pkg-config "$@" libpki; }
cflags=$(pc --cflags) && libs=$(pc --libs) \
  || { say "pkg-config cannot read the installed libpki.pc"; fail=1; }
if [ $fail -eq 0 ]; then
  if cc $cflags -o "$dest/t" "$dest/t.c" $libs 2>"$dest/cc.log"; then
    got=$(LD_LIBRARY_PATH="$dest$prefix/lib" "$dest/t")
    [ "$got" = "0.1.0 EC 256" ] || { say "installed library printed '$got'"; fail=1; }
  else
    say "cannot build against the installed headers:"; cat "$dest/cc.log"; fail=1
  fi
  ver=$(LD_LIBRARY_PATH="$dest$prefix/lib" "$dest$prefix/bin/pki" version | head -n 1)
  [ "$ver" = "pki 0.1.0" ] || { say "installed pki version printed '$ver'"; fail=1; }
fi
rm -rf "$dest/t" "$dest/t.c" "$dest/cc.log" "$dest/pc"

$make --no-print-directory -s O="$out" DESTDIR="$dest" PREFIX=$prefix uninstall >/dev/null \
  || { say "make uninstall failed"; exit 1; }
left=$(cd "$dest" && find . -type f -o -type l)
if [ -n "$left" ]; then
  say "left behind after uninstall:"; echo "$left"; fail=1
fi
if [ $fail -eq 0 ]; then say "1 passed, 0 failed"; else say "0 passed, 1 failed"; fi
exit $fail
