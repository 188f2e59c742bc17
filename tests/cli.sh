#!/bin/sh
# End-to-end tests of the `pki` command: each command's normal use, every
# kind of bad input with its exit status (0 success, 1 failure, 2 usage),
# and interoperability with the real `openssl` command in both directions.
#
#   PKI=/abs/path/to/pki sh tests/cli.sh
#
# Prints "ok N - ..." / "not ok N - ..." per check and ends with one line
# "cli: N passed, M failed"; exits non-zero when a check failed.
set -u

PKI=${PKI:-./tools/pki}
case $PKI in /*) ;; *) PKI=$(pwd)/$PKI ;; esac
if [ ! -x "$PKI" ]; then
  echo "cli: $PKI is not an executable; build it first (make)" >&2
  exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/pki-cli.XXXXXX") || exit 1
trap 'cd / && rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM HUP
cd "$tmp" || exit 1
umask 022

n=0 passed=0 failed=0

ok () { n=$((n + 1)); passed=$((passed + 1)); echo "ok $n - $1"; }
not_ok () {
  n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"
  # Show what the last command said, indented, to help whoever reads the log.
  [ -s err ] && sed -e 's/^/#   stderr: /' err | head -n 5
  return 0
}
# check DESCRIPTION COMMAND...: passes when COMMAND succeeds.
check () { desc=$1; shift; if "$@"; then ok "$desc"; else not_ok "$desc"; fi; }
# verdict DESCRIPTION: passes when the command just before succeeded.
verdict () { if [ $? -eq 0 ]; then ok "$1"; else not_ok "$1"; fi; }

# pki ARGS...: runs pki with stdin from /dev/null (so never a terminal),
# leaving stdout in ./out, stderr in ./err and the exit status in $rc.
pki () { "$PKI" "$@" </dev/null >out 2>err; rc=$?; }
# pki_in FILE ARGS...: the same with stdin from FILE.
pki_in () { f=$1; shift; "$PKI" "$@" <"$f" >out 2>err; rc=$?; }

# status WANT DESCRIPTION: checks the exit status of the last pki run.
status () {
  if [ "$rc" -eq "$1" ]; then ok "$2"; else not_ok "$2 (exit $rc, wanted $1)"; fi
}
# err_has REGEX DESCRIPTION: checks the last run's standard error.
err_has () { check "$2" grep -q -i -e "$1" err; }
# usage WANT_TRY DESCRIPTION ARGS...: expects exit 2, a "pki: ..." reason
# and a pointer to the right --help, two lines in all.
usage () {
  try=$1 desc=$2; shift 2
  pki "$@"
  if [ "$rc" -eq 2 ] && [ "$(wc -l <err)" -eq 2 ] && head -n 1 err | grep -q '^pki: ' \
     && grep -q "^Try '$try --help'\$" err; then
    ok "$desc"
  else
    not_ok "$desc (exit $rc)"
  fi
}
# fails REGEX DESCRIPTION ARGS...: expects exit 1 and one "pki: " line matching REGEX.
fails () {
  re=$1 desc=$2; shift 2
  pki "$@"
  if [ "$rc" -eq 1 ] && [ "$(wc -l <err)" -eq 1 ] && grep -q -i -e "^pki: .*$re" err; then
    ok "$desc"
  else
    not_ok "$desc (exit $rc)"
  fi
}

# field NAME: the value of "Name: value" in pki key show's text output.
field () { sed -n "s/^$1: *//p" out; }
# pubpem FILE: the PEM public key block of a file.
pubpem () { sed -n '/-----BEGIN PUBLIC KEY-----/,/-----END PUBLIC KEY-----/p' "$1"; }
# ossl_fingerprint OPENSSL-PKEY-ARGS...: SHA-256 of the DER public key
# computed by openssl, as AB:CD:... .
ossl_fingerprint () {
  openssl pkey "$@" -pubout -outform DER 2>/dev/null | openssl dgst -sha256 -r \
    | cut -d ' ' -f 1 | tr a-f A-F | sed -e 's/../&:/g' -e 's/:$//'
}
mode_of () { ls -l "$1" | cut -c 1-10; }

if command -v python3 >/dev/null 2>&1; then
  have_python=yes
else
  have_python=no
  echo "# python3 is absent: JSON output is checked with grep instead of a parser"
fi
# json_check FILE PYTHON-EXPR GREP-REGEX: with python3, parses FILE as JSON
# (bound to d) and evaluates the assertion; without, greps for the regex.
json_check () {
  if [ $have_python = yes ]; then
    python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
sys.exit(0 if eval(sys.argv[2]) else 1)' "$1" "$2" 2>>err
  else
    grep -q -e "$3" "$1"
  fi
}

PKI_TEST_PW='correct horse battery'; export PKI_TEST_PW
printf 'correct horse battery\n' >pw
printf 'wrong horse\n' >pw-wrong
printf 'correct horse battery\r\nsecond line\n' >pw-crlf
: >empty

echo "# help, version and usage errors"
for args in "--help" "help" "-h"; do
  pki $args
  [ $rc -eq 0 ] && grep -q '^Usage:' out && grep -q 'key' out && grep -q 'version' out
  verdict "pki $args prints the usage and the commands"
done
pki key --help
[ $rc -eq 0 ] && grep -q 'pki key' out && grep -q 'new' out && grep -q 'show' out
verdict "pki key --help lists new and show"
for cmd in new show; do
  pki key $cmd --help
  [ $rc -eq 0 ] && grep -q "pki key $cmd" out && grep -q -e '--passphrase-file' out
  verdict "pki key $cmd --help prints its usage and options"
done
pki help key new
[ $rc -eq 0 ] && grep -q -e '--type' out
verdict "pki help key new is pki key new --help"
pki version --help
[ $rc -eq 0 ] && grep -q 'pki version' out && grep -q -e '--json' out
verdict "pki version --help"

pki version
status 0 "pki version"
check "pki version names pki and OpenSSL" \
  sh -c 'sed -n 1p out | grep -q "^pki [0-9][0-9.]*\$" && sed -n 2p out | grep -q "^OpenSSL 3"'
pki version --json
status 0 "pki version --json"
check "pki version --json is a JSON object with both versions" \
  json_check out 'd["pki"][0].isdigit() and d["openssl"].startswith("OpenSSL")' '"openssl"'

usage "pki" "pki with no command is a usage error"
usage "pki" "unknown command" frobnicate
err_has "unknown command 'frobnicate'" "unknown command is named"
usage "pki" "unknown top-level option" --frobnicate
usage "pki key" "unknown key command" key frobnicate
usage "pki key" "key without a command" key
usage "pki key new" "unknown option of key new" key new --type ec --frobnicate
usage "pki key new" "key new without --type" key new
usage "pki key new" "--type foo" key new --type foo
err_has "foo" "--type foo names the bad type"
usage "pki key new" "--bits abc" key new --type rsa --bits abc
usage "pki key new" "--bits -5" key new --type rsa --bits -5
usage "pki key new" "--bits without a value" key new --type rsa --bits
usage "pki key new" "--bits with ec" key new --type ec --bits 256
usage "pki key new" "--bits with ed25519" key new --type ed25519 --bits 256
usage "pki key new" "--curve with rsa" key new --type rsa --curve P-256
usage "pki key new" "--format foo" key new --type ec --format foo
usage "pki key new" "--cipher without a passphrase source" key new --type ec --cipher aes-128-cbc
usage "pki key new" "both passphrase sources" key new --type ec --passphrase-file pw --passphrase-env PW
usage "pki key new" "traditional and encrypted" key new --type ec --format traditional --passphrase-file pw
usage "pki key new" "key new with an argument" key new --type ec extra
usage "pki key show" "key show without FILE" key show
usage "pki key show" "key show with two files" key show a b
usage "pki key show" "key and passphrase both from stdin" key show --passphrase-file - -
usage "pki version" "version with an argument" version extra

echo "# pki key new: library and I/O failures (exit 1)"
fails "100" "--bits 100 for rsa is refused with a clear message" key new --type rsa --bits 100
fails "nosuch" "--curve nosuch" key new --type ec --curve nosuch
fails "nosuch" "--cipher nosuch" key new --type ec --cipher nosuch --passphrase-file pw
fails "traditional\|PKCS#8" "ed25519 has no traditional form" key new --type ed25519 --format traditional
fails "no-such-pw" "missing passphrase file" key new --type ec --passphrase-file no-such-pw
fails "empty" "empty passphrase" key new --type ec --passphrase-file empty
fails "PKI_TEST_UNSET_VAR" "unset passphrase variable" key new --type ec --passphrase-env PKI_TEST_UNSET_VAR
fails "no-such-dir" "--out into a missing directory" key new --type ec --out no-such-dir/key.pem

echo "# pki key new: each type, read back by openssl"
pki key new --type rsa --out rsa-default.pem
status 0 "rsa with default size"
check "--out key file has mode 600" [ "$(mode_of rsa-default.pem)" = "-rw-------" ]
check "rsa default is 3072 bits, PEM PKCS#8" sh -c \
  'grep -q "BEGIN PRIVATE KEY" rsa-default.pem && openssl pkey -in rsa-default.pem -noout -text | grep -q "(3072 bit"'
pki key new --type ec
status 0 "ec to standard output"
check "ec default is P-256" sh -c 'openssl pkey -in out -noout -text | grep -q "NIST CURVE: P-256"'
echo "not a key" >existing.pem; chmod 644 existing.pem
pki key new --type ec --out existing.pem
[ "$(mode_of existing.pem)" = "-rw-------" ] && openssl pkey -in existing.pem -noout
verdict "--out replaces an existing file, with mode 600"
check "no temporary file is left behind" [ "$(ls existing.pem* | wc -l)" -eq 1 ]
pki key new --type ec --curve P-384 --out p384.pem
check "ec --curve P-384" sh -c 'openssl pkey -in p384.pem -noout -text | grep -q "NIST CURVE: P-384"'
pki key new --type ec --curve secp256k1 --out k1.pem
check "ec --curve secp256k1 (an OpenSSL name)" sh -c 'openssl pkey -in k1.pem -noout -text | grep -q "secp256k1"'

for t in rsa ec ed25519 ed448; do
  bits=; [ $t = rsa ] && bits="--bits 1024"
  pki key new --type $t $bits --out $t.pem
  status 0 "new $t PEM"
  check "openssl reads the $t PEM key" openssl pkey -in $t.pem -noout
  pki key new --type $t $bits --der --out $t.der
  check "openssl reads the $t DER key" openssl pkey -inform DER -in $t.der -noout
  pki key new --type $t $bits --passphrase-file pw --out $t-enc.pem
  check "new $t encrypted PEM is PKCS#8 AES-256-CBC" sh -c \
    "grep -q 'BEGIN ENCRYPTED PRIVATE KEY' $t-enc.pem && openssl asn1parse -in $t-enc.pem | grep -q aes-256-cbc"
  check "openssl reads the encrypted $t key with the passphrase" \
    openssl pkey -in $t-enc.pem -passin file:pw -noout
  check "openssl refuses the encrypted $t key with a wrong passphrase" \
    sh -c "[ -s $t-enc.pem ] && ! openssl pkey -in $t-enc.pem -passin file:pw-wrong -noout 2>/dev/null"
  "$PKI" key new --type $t $bits --der \
    --passphrase-env PKI_TEST_PW --out $t-enc.der </dev/null 2>err
  check "openssl reads the encrypted $t DER key (passphrase from the environment)" \
    openssl pkey -inform DER -in $t-enc.der -passin file:pw -noout
done
for t in rsa ec; do
  bits=; [ $t = rsa ] && bits="--bits 1024"
  label=$(echo $t | tr a-z A-Z)
  pki key new --type $t $bits --format traditional --out $t-trad.pem
  check "new $t --format traditional is BEGIN $label PRIVATE KEY" grep -q "BEGIN $label PRIVATE KEY" $t-trad.pem
  check "openssl reads the traditional $t key" openssl pkey -in $t-trad.pem -noout
done
pki key new --type dsa --format traditional --out dsa-trad.pem
status 0 "new dsa (default size, traditional)"
check "dsa default is 2048 bits and openssl reads it" sh -c \
  'grep -q "BEGIN DSA PRIVATE KEY" dsa-trad.pem && openssl pkey -in dsa-trad.pem -noout -text | grep -q "(2048 bit"'
pki key new --type rsa --bits 1024 --cipher aes-128-cbc --passphrase-file pw --out rsa-aes128.pem
check "--cipher aes-128-cbc is used" sh -c 'openssl asn1parse -in rsa-aes128.pem | grep -q aes-128-cbc'
check "openssl reads the aes-128-cbc key" openssl pkey -in rsa-aes128.pem -passin file:pw -noout
pki key new --type ec --passphrase-file pw-crlf --out ec-crlf.pem
check "a passphrase file's first line is used without its CR LF" \
  openssl pkey -in ec-crlf.pem -passin file:pw -noout
pki_in pw key new --type ec --passphrase-file - --out ec-stdinpw.pem
check "passphrase file '-' is standard input" openssl pkey -in ec-stdinpw.pem -passin file:pw -noout
"$PKI" key new --type ec --out - </dev/null >ec-dash.pem 2>err
check "--out - is standard output" openssl pkey -in ec-dash.pem -noout
for t in rsa ec ed25519 ed448; do
  pki key show $t.pem
  pubpem out >pki.pub
  openssl pkey -in $t.pem -pubout >ossl.pub
  [ -s pki.pub ] && cmp -s pki.pub ossl.pub
  verdict "pki key show's public key of the $t key is openssl's"
done

echo "# pki key show: keys made by openssl"
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:1024 -out o-rsa.pem 2>/dev/null
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out o-ec.pem 2>/dev/null
openssl genpkey -algorithm ED25519 -out o-ed25519.pem 2>/dev/null
openssl genpkey -algorithm ED448 -out o-ed448.pem 2>/dev/null
openssl genpkey -genparam -algorithm DSA -pkeyopt dsa_paramgen_bits:1024 -out o-dsa-params.pem 2>/dev/null
openssl genpkey -paramfile o-dsa-params.pem -out o-dsa.pem 2>/dev/null
# show_is FILE TYPE BITS DESCRIPTION [OPTIONS...]
show_is () {
  f=$1 type=$2 bits=$3 desc=$4; shift 4
  pki key show "$@" "$f"
  if [ $rc -eq 0 ] && [ "$(field Type)" = "$type" ] && [ "$(field Bits)" = "$bits" ]; then
    ok "$desc"
  else
    not_ok "$desc (exit $rc, type '$(field Type)', bits '$(field Bits)')"
  fi
}
show_is o-rsa.pem RSA 1024 "openssl RSA key: RSA, 1024 bits"
check "  ... with its private half" [ "$(field 'Private key')" = yes ]
show_is o-ec.pem EC 384 "openssl EC key: EC, 384 bits"
check "  ... on curve P-384" [ "$(field Curve)" = P-384 ]
show_is o-ed25519.pem ED25519 256 "openssl ED25519 key"
check "  ... has no curve line" sh -c 'grep -q "^Type:" out && ! grep -q "^Curve:" out'
show_is o-ed448.pem ED448 456 "openssl ED448 key"
show_is o-dsa.pem DSA 1024 "openssl DSA key: DSA, 1024 bits"
openssl pkcs8 -topk8 -v2 aes-256-cbc -in o-rsa.pem -passout file:pw -out o-rsa-enc.pem
show_is o-rsa-enc.pem RSA 1024 "openssl PKCS#8 aes-256-cbc key with --passphrase-file" --passphrase-file pw
show_is o-rsa-enc.pem RSA 1024 \
  "openssl PKCS#8 aes-256-cbc key with --passphrase-env" --passphrase-env PKI_TEST_PW
openssl pkcs8 -topk8 -v2 aes-256-cbc -in o-ec.pem -passout file:pw -outform DER -out o-ec-enc.der
show_is o-ec-enc.der EC 384 "openssl encrypted DER key (auto-detected)" --passphrase-file pw
openssl rsa -in o-rsa.pem -traditional -out o-rsa-trad.pem 2>/dev/null
show_is o-rsa-trad.pem RSA 1024 "openssl traditional RSA key"
openssl rsa -in o-rsa.pem -aes256 -traditional -passout file:pw -out o-rsa-legacy.pem 2>/dev/null
show_is o-rsa-legacy.pem RSA 1024 "openssl legacy encrypted PEM (Proc-Type) RSA key" --passphrase-file pw
openssl rsa -in o-rsa.pem -RSAPublicKey_out -out o-rsa-pkcs1pub.pem 2>/dev/null
show_is o-rsa-pkcs1pub.pem RSA 1024 "openssl PKCS#1 RSA PUBLIC KEY"
openssl pkey -in o-ec.pem -outform DER -out o-ec.der
show_is o-ec.der EC 384 "openssl DER key, auto-detected"
show_is o-ec.der EC 384 "openssl DER key with --der" --der
openssl pkey -in o-ec.pem -pubout -out o-ec-pub.pem
show_is o-ec-pub.pem EC 384 "openssl PEM public key"
check "  ... has no private half" [ "$(field 'Private key')" = no ]
openssl pkey -in o-ed25519.pem -pubout -outform DER -out o-ed25519-pub.der
show_is o-ed25519-pub.der ED25519 256 "openssl DER public key, auto-detected"
check "  ... has no private half" [ "$(field 'Private key')" = no ]
show_is o-ed25519-pub.der ED25519 256 "openssl DER public key with --pubin --der" --pubin --der
pki_in o-rsa.pem key show -
[ $rc -eq 0 ] && [ "$(field Type)" = RSA ]
verdict "key show - reads standard input"
pki_in pw key show --passphrase-file - o-rsa-enc.pem
[ $rc -eq 0 ] && [ "$(field Bits)" = 1024 ]
verdict "key show --passphrase-file - reads the passphrase from standard input"

echo "# fingerprints and JSON"
for f in o-rsa.pem o-ec.pem o-ed25519.pem o-dsa.pem ec.pem ed448.pem; do
  pki key show $f
  check "SHA-256 fingerprint of $f is openssl's" [ "$(field 'SHA-256 fingerprint')" = "$(ossl_fingerprint -in $f)" ]
done
pki key show o-ec-pub.pem
check "a public key has its private key's fingerprint" \
  [ "$(field 'SHA-256 fingerprint')" = "$(ossl_fingerprint -in o-ec.pem)" ]
pki key show --json o-ec.pem
status 0 "key show --json"
fp=$(ossl_fingerprint -in o-ec.pem)
check "--json of an EC key: type, type_id, bits, curve, private" json_check out \
  'd["type"] == "EC" and d["type_id"] == 408 and d["bits"] == 384 and d["curve"] == "P-384" and d["private"] is True' \
  '"curve" : "P-384"'
check "--json fingerprint_sha256 is openssl's" json_check out "d['fingerprint_sha256'] == '$fp'" "$fp"
openssl pkey -in o-ec.pem -pubout >ossl.pub
check "--json public_key_pem is openssl's public key" json_check out \
  "d['public_key_pem'] == open('ossl.pub').read()" 'BEGIN PUBLIC KEY'
check "--json has exactly the documented members" json_check out \
  'sorted(d) == sorted(["type", "type_id", "bits", "curve", "private", "fingerprint_sha256", "public_key_pem"])' \
  '"public_key_pem"'
pki key show --json o-ed25519-pub.der
check "--json of an Ed25519 public key: curve null, private false" json_check out \
  'd["type_id"] == 1087 and d["curve"] is None and d["private"] is False' '"curve" : null'
pki key show --json --passphrase-file pw o-rsa-enc.pem
check "--json of an encrypted RSA key" json_check out 'd["type_id"] == 6 and d["bits"] == 1024' '"bits" : 1024'

echo "# pki key show: bad input (exit 1)"
fails "no-such-file" "missing file" key show no-such-file.pem
head -c 512 /dev/urandom >garbage.bin 2>/dev/null || dd if=/dev/urandom of=garbage.bin bs=512 count=1 2>/dev/null
fails "" "garbage binary file" key show garbage.bin
printf -- '-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n' >garbage.pem
fails "" "garbage PEM file" key show garbage.pem
fails "" "empty file" key show empty
fails "" "a PEM private key read with --der" key show --der o-ec.pem
fails "" "a private key read with --pubin" key show --pubin o-ec.pem
fails "passphrase" "encrypted key, no passphrase, stdin not a terminal" key show o-rsa-enc.pem
fails "passphrase" "encrypted DER key, no passphrase" key show o-ec-enc.der
fails "passphrase" "wrong passphrase" key show --passphrase-file pw-wrong o-rsa-enc.pem
fails "passphrase" "wrong passphrase on a key pki made" key show --passphrase-file pw-wrong ec-enc.pem
fails "PKI_TEST_UNSET_VAR" "unset --passphrase-env variable" key show --passphrase-env PKI_TEST_UNSET_VAR o-rsa-enc.pem
pki_in o-rsa-enc.pem key show -
check "encrypted key on standard input, no passphrase: exit 1" [ $rc -eq 1 ]

echo "# round trips through pki alone"
for t in rsa ec ed25519 ed448; do
  pki key show --passphrase-file pw $t-enc.pem
  [ $rc -eq 0 ] && [ "$(field 'SHA-256 fingerprint')" = "$(ossl_fingerprint -in $t-enc.pem -passin file:pw)" ]
  verdict "pki reads back its encrypted $t PEM key"
  pki key show --passphrase-file pw $t-enc.der
  [ $rc -eq 0 ] && [ "$(field 'SHA-256 fingerprint')" = "$(ossl_fingerprint -inform DER -in $t-enc.der -passin file:pw)" ]
  verdict "pki reads back its encrypted $t DER key"
done

if [ $have_python = yes ]; then
  echo "# the passphrase prompt on a terminal"
  # Runs pki under a pseudo-terminal, answers the prompt and checks the key
  # loads; the passphrase must not be echoed.
  python3 - "$PKI" <<'EOF' >prompt.out 2>&1
import os, pty, select, sys, time
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[1], [sys.argv[1], "key", "show", "o-rsa-enc.pem"])
out, sent, deadline = b"", False, time.time() + 20
while time.time() < deadline:
    r, _, _ = select.select([fd], [], [], 0.2)
    if r:
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    if not sent and b"Enter passphrase for o-rsa-enc.pem:" in out:
        os.write(fd, b"correct horse battery\n")
        sent = True
_, status = os.waitpid(pid, 0)
sys.stdout.write(out.decode(errors="replace"))
ok = sent and status == 0 and b"Bits:                1024" in out and b"correct horse" not in out
sys.exit(0 if ok else 1)
EOF
  verdict "prompts 'Enter passphrase for FILE:' on the terminal, echo off"
fi

echo "cli: $passed passed, $failed failed"
[ $failed -eq 0 ]
