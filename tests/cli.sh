#!/bin/sh
# End-to-end tests of the `pki` command: each command's normal use, every
# kind of bad input with its exit status (0 success, 1 failure, 2 usage;
# `pki crl check` also 3, revoked),
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
server_pid=
# The TLS server of the pki fetch checks, if one is still running, goes too.
trap '[ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; cd / && rm -rf "$tmp"' EXIT
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

echo "# pki cert: help and usage errors"
pki cert --help
[ $rc -eq 0 ] && grep -q 'pki cert' out && grep -q selfsign out && grep -q show out \
  && grep -q fingerprint out && grep -q convert out
verdict "pki cert --help lists selfsign, show, fingerprint and convert"
pki --help
[ $rc -eq 0 ] && grep -q '^  cert ' out
verdict "pki --help lists the cert group"
for cmd in selfsign show fingerprint convert; do
  pki cert $cmd --help
  [ $rc -eq 0 ] && grep -q "pki cert $cmd" out
  verdict "pki cert $cmd --help prints its usage"
done
pki help cert selfsign
[ $rc -eq 0 ] && grep -q -e '--subject' out && grep -q -e '--san' out && grep -q -e '--passphrase-file' out
verdict "pki help cert selfsign lists --subject, --san and the passphrase options"
usage "pki cert" "cert without a command" cert
usage "pki cert" "unknown cert command" cert frobnicate
usage "pki cert selfsign" "selfsign without --key" cert selfsign --subject CN=x
err_has "key" "  ... names --key"
usage "pki cert selfsign" "selfsign without --subject" cert selfsign --key ec.pem
err_has "subject" "  ... names --subject"
usage "pki cert selfsign" "selfsign with an empty --subject" cert selfsign --key ec.pem --subject ""
usage "pki cert selfsign" "--days abc" cert selfsign --key ec.pem --subject CN=x --days abc
usage "pki cert selfsign" "--days 0" cert selfsign --key ec.pem --subject CN=x --days 0
usage "pki cert selfsign" "--days -1" cert selfsign --key ec.pem --subject CN=x --days -1
usage "pki cert selfsign" "--days past the year 9999" cert selfsign --key ec.pem --subject CN=x --days 9999999
usage "pki cert selfsign" "selfsign with an argument" cert selfsign --key ec.pem --subject CN=x extra
usage "pki cert selfsign" "unknown option of selfsign" cert selfsign --key ec.pem --subject CN=x --frobnicate
usage "pki cert selfsign" "selfsign with both passphrase sources" \
  cert selfsign --key ec-enc.pem --subject CN=x --passphrase-file pw --passphrase-env PKI_TEST_PW
usage "pki cert selfsign" "selfsign: key and passphrase both from stdin" \
  cert selfsign --key - --subject CN=x --passphrase-file -
usage "pki cert show" "show without FILE" cert show
usage "pki cert show" "show with two files" cert show a b
usage "pki cert fingerprint" "fingerprint without FILE" cert fingerprint
usage "pki cert convert" "convert without --to" cert convert x.pem
usage "pki cert convert" "convert --to xyz" cert convert --to xyz x.pem
err_has "xyz" "  ... names the bad value"
usage "pki cert convert" "convert without FILE" cert convert --to der

echo "# pki cert selfsign: bad input (exit 1)"
fails "subject" "--subject CN (no value)" cert selfsign --key ec.pem --subject CN
fails "subject" "--subject with an unknown attribute" cert selfsign --key ec.pem --subject NOSUCH=x
fails "subject" "--subject with an empty RDN" cert selfsign --key ec.pem --subject 'CN=x,,O=y'
fails "monkeys" "unknown --digest" cert selfsign --key ec.pem --subject CN=x --digest monkeys
fails "digest" "--digest with an Ed25519 key" cert selfsign --key ed25519.pem --subject CN=x --digest sha256
fails "digest" "--digest with an Ed448 key" cert selfsign --key ed448.pem --subject CN=x --digest sha512
fails "san" "bad --san" cert selfsign --key ec.pem --subject CN=x --san FOO:bar
check "  ... and writes nothing to standard output" [ ! -s out ]
fails "eku" "bad --eku" cert selfsign --key ec.pem --subject CN=x --eku notAUsage
fails "serial" "non-hex --serial" cert selfsign --key ec.pem --subject CN=x --serial xyz
fails "serial" "--serial over 20 octets" cert selfsign --key ec.pem --subject CN=x \
  --serial 0102030405060708090a0b0c0d0e0f101112131415
fails "no-such-key" "missing --key file" cert selfsign --key no-such-key.pem --subject CN=x
fails "garbage.bin" "garbage --key file" cert selfsign --key garbage.bin --subject CN=x
fails "passphrase" "encrypted key, no passphrase" cert selfsign --key ec-enc.pem --subject CN=x
fails "passphrase" "encrypted key, wrong passphrase" \
  cert selfsign --key ec-enc.pem --subject CN=x --passphrase-file pw-wrong
fails "" "a public key as --key" cert selfsign --key o-ec-pub.pem --subject CN=x
fails "no-such-dir" "--out into a missing directory" \
  cert selfsign --key ec.pem --subject CN=x --out no-such-dir/cert.pem

echo "# pki cert selfsign: certificates openssl accepts"
# ossl_text FILE: openssl's text dump of a certificate, in ./text.
ossl_text () { openssl x509 -in "$1" -noout -text >text 2>/dev/null; }
# ext_value NAME: the first line after the header of extension NAME in ./text.
ext_value () { sed -n "/$1/{n;s/^ *//;p;q;}" text; }
# validity_seconds FILE: notAfter - notBefore of a certificate.
validity_seconds () {
  start=$(openssl x509 -in "$1" -noout -startdate | cut -d= -f2)
  end=$(openssl x509 -in "$1" -noout -enddate | cut -d= -f2)
  echo $(( $(date -u -d "$end" +%s) - $(date -u -d "$start" +%s) ))
}
for t in rsa ec ed25519 ed448; do
  pki cert selfsign --key $t.pem --subject "CN=$t.example,O=libpki test" \
    --san "DNS:$t.example,IP:127.0.0.1" --out $t-cert.pem
  status 0 "selfsign with the $t key"
  check "openssl verify accepts the self-signed $t certificate" \
    sh -c "openssl verify -CAfile $t-cert.pem $t-cert.pem 2>&1 | grep -q '^$t-cert.pem: OK\$'"
  check "  ... it holds the $t public key" \
    [ "$(openssl x509 -in $t-cert.pem -noout -pubkey 2>/dev/null)" = "$(openssl pkey -in $t.pem -pubout)" ]
done
check "--out certificate is not secret (mode 644)" [ "$(mode_of ec-cert.pem)" = "-rw-r--r--" ]
ossl_text ec-cert.pem
check "version 3" grep -q 'Version: 3 (0x2)' text
check "EC default signature: ecdsa-with-SHA256" grep -q 'Signature Algorithm: ecdsa-with-SHA256' text
check "subject = issuer = CN=ec.example,O=libpki test" sh -c \
  '[ "$(openssl x509 -in ec-cert.pem -noout -subject -issuer -nameopt RFC2253)" = "$(printf "subject=CN=ec.example,O=libpki test\nissuer=CN=ec.example,O=libpki test")" ]'
check "basicConstraints critical CA:FALSE" sh -c \
  'grep -q "X509v3 Basic Constraints: critical" text && [ "$(sed -n "/Basic Constraints/{n;s/^ *//;p;q;}" text)" = CA:FALSE ]'
check "keyUsage critical digitalSignature (EC)" sh -c \
  'grep -q "X509v3 Key Usage: critical" text && [ "$(sed -n "/Key Usage/{n;s/^ *//;p;q;}" text)" = "Digital Signature" ]'
check "subjectAltName from --san" [ "$(ext_value 'Subject Alternative Name')" = "DNS:ec.example, IP Address:127.0.0.1" ]
check "the authority key id is the subject key id" sh -c \
  'ski=$(sed -n "/Subject Key Identifier/{n;s/^ *//;p;q;}" text)
   aki=$(sed -n "/Authority Key Identifier/{n;s/^ *//;s/^keyid://;p;q;}" text)
   [ -n "$ski" ] && [ "$ski" = "$aki" ]'
check "no extendedKeyUsage unless --eku" sh -c '! grep -q "Extended Key Usage" text'
check "valid for 365 days by default" [ "$(validity_seconds ec-cert.pem)" -eq 31536000 ]
check "notBefore is now" sh -c \
  'start=$(openssl x509 -in ec-cert.pem -noout -startdate | cut -d= -f2)
   d=$(( $(date -u +%s) - $(date -u -d "$start" +%s) )); [ $d -ge 0 ] && [ $d -lt 120 ]'
ossl_text rsa-cert.pem
check "RSA: sha256WithRSAEncryption, keyUsage digitalSignature and keyEncipherment" sh -c \
  'grep -q "Signature Algorithm: sha256WithRSAEncryption" text && grep -q "^ *Digital Signature, Key Encipherment\$" text'
ossl_text ed25519-cert.pem
check "Ed25519: signature algorithm ED25519" grep -q 'Signature Algorithm: ED25519' text
s1=$(openssl x509 -in ec-cert.pem -noout -serial); s2=$(openssl x509 -in rsa-cert.pem -noout -serial)
check "random serials differ and are positive" sh -c "[ '$s1' != '$s2' ] && ! echo '$s1 $s2' | grep -q -e '=-'"

pki cert selfsign --key ec.pem --subject CN=nosan.example --out nosan.pem
ossl_text nosan.pem
check "no subjectAltName without --san" sh -c '[ -s text ] && ! grep -q "Subject Alternative Name" text'
pki cert selfsign --key ec.pem --subject '/C=DE/O=Slash Form/CN=slash.example' --out slash.pem
check "--subject in /C=../CN=.. form" [ "$(openssl x509 -in slash.pem -noout -subject -nameopt RFC2253)" = "subject=CN=slash.example,O=Slash Form,C=DE" ]
# Option values are in the locale's encoding: run this one in a UTF-8 locale.
LC_ALL=C.UTF-8 "$PKI" cert selfsign --key ec.pem --subject 'CN=Zoë Ünïcode,O=Café' --out utf8.pem \
  </dev/null >out 2>err
check "a UTF-8 --subject" [ "$(openssl x509 -in utf8.pem -noout -subject -nameopt RFC2253,-esc_msb)" = "subject=CN=Zoë Ünïcode,O=Café" ]
pki cert selfsign --key ec.pem --subject CN=days.example --days 10 --serial 0x01aB --digest sha384 \
  --eku serverAuth,clientAuth --out opts.pem
status 0 "selfsign with --days, --serial, --digest and --eku"
ossl_text opts.pem
check "--days 10" [ "$(validity_seconds opts.pem)" -eq 864000 ]
check "--serial 0x01aB" [ "$(openssl x509 -in opts.pem -noout -serial)" = "serial=01AB" ]
check "--digest sha384" grep -q 'Signature Algorithm: ecdsa-with-SHA384' text
check "--eku serverAuth,clientAuth" [ "$(ext_value 'Extended Key Usage')" = "TLS Web Server Authentication, TLS Web Client Authentication" ]
pki cert selfsign --key rsa.pem --subject CN=ca.example --ca --out ca.pem
ossl_text ca.pem
check "--ca: CA:TRUE" [ "$(ext_value 'Basic Constraints')" = "CA:TRUE" ]
check "--ca: keyUsage keyCertSign, cRLSign, digitalSignature" \
  [ "$(ext_value 'Key Usage')" = "Digital Signature, Certificate Sign, CRL Sign" ]
openssl req -new -key ec.pem -subj /CN=leaf.example -out leaf.csr 2>/dev/null
openssl x509 -req -in leaf.csr -CA ca.pem -CAkey rsa.pem -CAcreateserial -days 1 -out leaf.pem 2>/dev/null
check "openssl verify accepts a leaf signed by the --ca certificate" \
  sh -c 'openssl verify -CAfile ca.pem leaf.pem 2>&1 | grep -q "^leaf.pem: OK$"'
pki cert selfsign --key ec.pem --subject CN=der.example --der --out der-cert.der
check "--der writes DER" openssl x509 -inform DER -in der-cert.der -noout
pki cert selfsign --key ec-enc.pem --subject CN=enc.example --passphrase-file pw --out enc-cert.pem
check "selfsign with an encrypted key (--passphrase-file)" \
  sh -c 'openssl verify -CAfile enc-cert.pem enc-cert.pem >/dev/null 2>&1'
pki cert selfsign --key ec-enc.der --subject CN=enc.example --passphrase-env PKI_TEST_PW --out enc-cert2.pem
check "selfsign with an encrypted DER key (--passphrase-env)" \
  sh -c 'openssl verify -CAfile enc-cert2.pem enc-cert2.pem >/dev/null 2>&1'
pki_in ec.pem cert selfsign --key - --subject CN=stdin.example
status 0 "selfsign --key - reads the key from standard input"
check "  ... and writes PEM to standard output" sh -c 'openssl x509 -in out -noout -subject | grep -q stdin.example'
pki cert selfsign --key rsa.pem --subject CN=x --digest sha512 --out rsa512.pem
check "RSA with --digest sha512" sh -c 'openssl x509 -in rsa512.pem -noout -text | grep -q sha512WithRSAEncryption'

echo "# pki cert fingerprint: as openssl prints it"
for f in rsa-cert.pem ec-cert.pem ed25519-cert.pem ca.pem leaf.pem; do
  pki cert fingerprint $f
  check "fingerprint of $f is openssl's -sha256 line" \
    [ "$(cat out)" = "$(openssl x509 -in $f -noout -fingerprint -sha256)" ]
done
for d in sha1 SHA256 sha384 sha512; do
  pki cert fingerprint --digest $d ec-cert.pem
  check "fingerprint --digest $d is openssl's -$d line" \
    [ "$(cat out)" = "$(openssl x509 -in ec-cert.pem -noout -fingerprint -$d)" ]
done
pki cert fingerprint der-cert.der
check "fingerprint of a DER certificate (detected)" \
  [ "$(cat out)" = "$(openssl x509 -inform DER -in der-cert.der -noout -fingerprint -sha256)" ]
pki cert fingerprint --der der-cert.der
check "fingerprint --der" [ "$(cat out)" = "$(openssl x509 -inform DER -in der-cert.der -noout -fingerprint -sha256)" ]
pki_in ec-cert.pem cert fingerprint -
check "fingerprint of standard input" [ "$(cat out)" = "$(openssl x509 -in ec-cert.pem -noout -fingerprint -sha256)" ]
fails "monkeys" "fingerprint --digest monkeys" cert fingerprint --digest monkeys ec-cert.pem
fails "garbage.bin" "fingerprint of a garbage file" cert fingerprint garbage.bin
fails "no-such-file" "fingerprint of a missing file" cert fingerprint no-such-file.pem

echo "# pki cert show"
pki cert show ec-cert.pem
status 0 "show a certificate"
check "Subject and Issuer in RFC 4514 form" sh -c \
  '[ "$(sed -n "s/^Subject: *//p" out)" = "CN=ec.example,O=libpki test" ] && [ "$(sed -n "s/^Issuer: *//p" out)" = "CN=ec.example,O=libpki test" ]'
check "Serial is openssl's" \
  [ "$(field Serial)" = "$(openssl x509 -in ec-cert.pem -noout -serial | sed -e 's/^serial=//')" ]
check "Version 3, not expired" sh -c '[ "$(sed -n "s/^Version: *//p" out)" = 3 ] && [ "$(sed -n "s/^Expired: *//p" out)" = no ]'
check "Not after is openssl's enddate in ISO 8601" [ "$(field 'Not after')" = \
  "$(date -u -d "$(openssl x509 -in ec-cert.pem -noout -enddate | cut -d= -f2)" +%Y-%m-%dT%H:%M:%SZ)" ]
check "Key type EC, 256 bits, curve P-256" sh -c \
  '[ "$(sed -n "s/^Key type: *//p" out)" = EC ] && [ "$(sed -n "s/^Key bits: *//p" out)" = 256 ] && [ "$(sed -n "s/^Key curve: *//p" out)" = P-256 ]'
check "Signature algorithm ecdsa-with-SHA256" [ "$(field 'Signature algorithm')" = ecdsa-with-SHA256 ]
check "SHA-256 fingerprint is openssl's" [ "sha256 Fingerprint=$(field 'SHA-256 fingerprint')" = \
  "$(openssl x509 -in ec-cert.pem -noout -fingerprint -sha256)" ]
check "SHA-1 fingerprint is openssl's" [ "sha1 Fingerprint=$(field 'SHA-1 fingerprint')" = \
  "$(openssl x509 -in ec-cert.pem -noout -fingerprint -sha1)" ]
check "each extension: name, critical, openssl's text" sh -c \
  'grep -A 1 "^  basicConstraints (critical):\$" out | grep -q "^      CA:FALSE\$" &&
   grep -A 1 "^  subjectAltName:\$" out | grep -q "^      DNS:ec.example, IP Address:127.0.0.1\$" &&
   grep -q "^  keyUsage (critical):\$" out && grep -q "^  subjectKeyIdentifier:\$" out &&
   grep -q "^  authorityKeyIdentifier:\$" out'
pki cert show ed25519-cert.pem
check "Ed25519 certificate: no Key curve line" sh -c \
  '[ "$(sed -n "s/^Key type: *//p" out)" = ED25519 ] && ! grep -q "^Key curve:" out'
pki cert show --json ec-cert.pem
status 0 "show --json"
cp out ec-cert.json
ossl_serial=$(openssl x509 -in ec-cert.pem -noout -serial | sed -e 's/^serial=//')
ossl_subject=$(openssl x509 -in ec-cert.pem -noout -subject -nameopt RFC2253 | sed 's/^subject=//')
ossl_end=$(date -u -d "$(openssl x509 -in ec-cert.pem -noout -enddate | cut -d= -f2)" +%Y-%m-%dT%H:%M:%SZ)
ossl_start=$(date -u -d "$(openssl x509 -in ec-cert.pem -noout -startdate | cut -d= -f2)" +%Y-%m-%dT%H:%M:%SZ)
check "--json serial, subject, issuer, not_before, not_after are openssl's" json_check ec-cert.json \
  "d['serial'] == '$ossl_serial' and d['subject'] == '$ossl_subject' and d['issuer'] == '$ossl_subject' and d['not_after'] == '$ossl_end' and d['not_before'] == '$ossl_start'" \
  "\"serial\" : \"$ossl_serial\""
fp256=$(openssl x509 -in ec-cert.pem -noout -fingerprint -sha256 | cut -d= -f2)
fp1=$(openssl x509 -in ec-cert.pem -noout -fingerprint -sha1 | cut -d= -f2)
check "--json fingerprints are openssl's" json_check ec-cert.json \
  "d['fingerprints'] == {'sha256': '$fp256', 'sha1': '$fp1'}" "$fp256"
check "--json version, expired, key, signature_algorithm" json_check ec-cert.json \
  'd["version"] == 3 and d["expired"] is False and d["key"] == {"type": "EC", "bits": 256, "curve": "P-256"} and d["signature_algorithm"] == "ecdsa-with-SHA256"' \
  '"signature_algorithm" : "ecdsa-with-SHA256"'
check "--json extensions: name, oid, critical, value" json_check ec-cert.json \
  '[(e["name"], e["critical"]) for e in d["extensions"]] == [("basicConstraints", True), ("keyUsage", True), ("subjectAltName", False), ("subjectKeyIdentifier", False), ("authorityKeyIdentifier", False)] and d["extensions"][0]["oid"] == "2.5.29.19" and d["extensions"][0]["value"] == "CA:FALSE" and d["extensions"][2]["value"] == "DNS:ec.example, IP Address:127.0.0.1"' \
  '"oid" : "2.5.29.19"'
check "--json subject_alt_names" json_check ec-cert.json \
  'd["subject_alt_names"] == [{"type": "DNS", "value": "ec.example"}, {"type": "IP", "value": "127.0.0.1"}]' \
  '"type" : "IP"'
check "--json basic_constraints, key_usage, extended_key_usage" json_check ec-cert.json \
  'd["basic_constraints"] == {"ca": False, "path_length": None} and d["key_usage"] == ["digitalSignature"] and d["extended_key_usage"] is None' \
  '"key_usage"'
ossl_text ec-cert.pem
ski=$(ext_value 'Subject Key Identifier')
check "--json subject_key_identifier is openssl's and the authority key id" json_check ec-cert.json \
  "d['subject_key_identifier'] == '$ski' and d['authority_key_identifier'] == '$ski'" "$ski"
check "--json has exactly the documented members" json_check ec-cert.json \
  'sorted(d) == sorted(["subject", "issuer", "serial", "version", "not_before", "not_after", "expired", "key", "signature_algorithm", "fingerprints", "extensions", "subject_alt_names", "basic_constraints", "key_usage", "extended_key_usage", "subject_key_identifier", "authority_key_identifier"])' \
  '"authority_key_identifier"'
pki cert show --json opts.pem
check "--json of the --eku certificate: OIDs" json_check out \
  'd["extended_key_usage"] == ["1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"] and d["subject_alt_names"] is None and d["serial"] == "01AB"' \
  '"1.3.6.1.5.5.7.3.2"'
pki cert show --json ca.pem
check "--json of the --ca certificate" json_check out \
  'd["basic_constraints"] == {"ca": True, "path_length": None} and d["key_usage"] == ["digitalSignature", "keyCertSign", "cRLSign"] and d["key"]["type"] == "RSA" and d["key"]["curve"] is None' \
  '"keyCertSign"'
pki cert show --json utf8.pem
check "--json keeps a UTF-8 subject" json_check out 'd["subject"] == "CN=Zoë Ünïcode,O=Café"' 'Zo'
openssl req -x509 -new -key o-ec.pem -subj '/CN=openssl.example' -days 30 \
  -addext 'basicConstraints=critical,CA:TRUE,pathlen:2' \
  -addext 'subjectAltName=email:a@example.com,URI:https://example.com/x,IP:2001:db8::1' -out o-cert.pem 2>/dev/null
pki cert show --json o-cert.pem
check "--json of an openssl certificate: path_length, email, URI, IPv6" json_check out \
  'd["basic_constraints"] == {"ca": True, "path_length": 2} and d["subject_alt_names"] == [{"type": "email", "value": "a@example.com"}, {"type": "URI", "value": "https://example.com/x"}, {"type": "IP", "value": "2001:db8::1"}] and d["key"]["bits"] == 384' \
  '"path_length" : 2'
openssl x509 -req -in leaf.csr -key ec.pem -days 1 -out v1.pem 2>/dev/null
pki cert show --json v1.pem
check "--json of a version 1 certificate: no extensions, typed members null" json_check out \
  'd["version"] == 1 and d["extensions"] == [] and all(d[k] is None for k in ["subject_alt_names", "basic_constraints", "key_usage", "extended_key_usage", "subject_key_identifier", "authority_key_identifier"])' \
  '"extensions" : \[ *\]'
pki cert show v1.pem
check "  ... and in text: Version 1, Extensions none" sh -c \
  '[ "$(sed -n "s/^Version: *//p" out)" = 1 ] && [ "$(sed -n "s/^Extensions: *//p" out)" = none ]'
pki cert show der-cert.der
check "show a DER certificate (detected)" [ "$(field Subject)" = CN=der.example ]
pki cert show --der der-cert.der
check "show --der" [ "$(field Subject)" = CN=der.example ]
pki_in ec-cert.pem cert show -
check "show - reads standard input" [ "$(field Subject)" = "CN=ec.example,O=libpki test" ]
cat rsa-cert.pem ec.pem ec-cert.pem >bundle.pem
pki cert show bundle.pem
check "show of a bundle shows only the first certificate" sh -c \
  '[ "$(grep -c "^Subject:" out)" -eq 1 ] && grep -q "^Subject: *CN=rsa.example" out'
pki cert show --all bundle.pem
check "show --all shows each certificate (a key between them skipped)" sh -c \
  '[ "$(grep -c "^Subject:" out)" -eq 2 ] && [ "$(sed -n "s/^Subject: *//p" out | tail -n 1)" = "CN=ec.example,O=libpki test" ]'
pki cert show --all --json bundle.pem
check "show --all --json is an array" json_check out \
  '[c["subject"] for c in d] == ["CN=rsa.example,O=libpki test", "CN=ec.example,O=libpki test"]' '^\['
pki cert show --all --json ec-cert.pem
check "show --all --json of one certificate is an array of one" json_check out 'len(d) == 1' '^\['
fails "garbage.bin" "show a garbage file" cert show garbage.bin
fails "" "show an empty file" cert show empty
fails "" "show a key file" cert show ec.pem
fails "" "show --der of a PEM certificate" cert show --der ec-cert.pem
fails "no-such-file" "show a missing file" cert show no-such-file.pem
printf -- '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n' >garbage-cert.pem
fails "" "show a damaged PEM certificate" cert show garbage-cert.pem
fails "" "show --all of a damaged PEM certificate" cert show --all garbage-cert.pem
head -c 300 der-cert.der >truncated.der
fails "" "show a truncated DER certificate" cert show truncated.der

echo "# pki cert convert"
pki cert convert --to der --out conv.der ec-cert.pem
status 0 "convert --to der"
openssl x509 -in ec-cert.pem -outform DER -out ossl.der
check "convert --to der is openssl x509 -outform DER" cmp -s conv.der ossl.der
pki cert convert --to pem --out conv.pem conv.der
check "convert --to pem of the DER gives back the PEM" cmp -s conv.pem ec-cert.pem
openssl x509 -inform DER -in der-cert.der -out ossl.pem
pki cert convert --to PEM der-cert.der
check "convert --to PEM is openssl's PEM (standard output)" cmp -s out ossl.pem
pki_in ec-cert.pem cert convert --to der -
check "convert reads standard input" cmp -s out ossl.der
pki cert convert --to der bundle.pem
check "convert of a bundle converts the first certificate" sh -c \
  'openssl x509 -in rsa-cert.pem -outform DER | cmp -s - out'
fails "garbage.bin" "convert a garbage file" cert convert --to pem garbage.bin
fails "" "convert an empty file" cert convert --to der empty

echo "# pki req: help and usage errors"
pki --help
[ $rc -eq 0 ] && grep -q '^  req ' out && grep -q '^  crl ' out
verdict "pki --help lists the req and crl groups"
pki req --help
[ $rc -eq 0 ] && grep -q 'pki req' out && grep -q new out && grep -q show out
verdict "pki req --help lists new and show"
for cmd in new show; do
  pki req $cmd --help
  [ $rc -eq 0 ] && grep -q "pki req $cmd" out
  verdict "pki req $cmd --help prints its usage"
done
pki help req new
[ $rc -eq 0 ] && grep -q -e '--subject' out && grep -q -e '--san' out && grep -q -e '--challenge' out \
  && grep -q -e '--passphrase-file' out
verdict "pki help req new lists --subject, --san, --challenge and the passphrase options"
usage "pki req" "req without a command" req
usage "pki req" "unknown req command" req frobnicate
usage "pki req new" "req new without --key" req new --subject CN=x
err_has "key" "  ... names --key"
usage "pki req new" "req new without --subject" req new --key ec.pem
err_has "subject" "  ... names --subject"
usage "pki req new" "req new with an empty --subject" req new --key ec.pem --subject ""
usage "pki req new" "req new with an argument" req new --key ec.pem --subject CN=x extra
usage "pki req new" "req new with both passphrase sources" \
  req new --key ec-enc.pem --subject CN=x --passphrase-file pw --passphrase-env PKI_TEST_PW
usage "pki req new" "req new: key and passphrase both from stdin" \
  req new --key - --subject CN=x --passphrase-file -
usage "pki req show" "req show without FILE" req show
usage "pki req show" "req show with two files" req show a b

echo "# pki req new: bad input (exit 1)"
fails "subject" "--subject with an unknown attribute" req new --key ec.pem --subject NOSUCH=x
fails "subject" "--subject CN (no value)" req new --key ec.pem --subject CN
fails "san" "bad --san" req new --key ec.pem --subject CN=x --san FOO:bar
check "  ... and writes nothing to standard output" [ ! -s out ]
fails "challenge" "an empty --challenge" req new --key ec.pem --subject CN=x --challenge ''
fails "digest" "--digest with an Ed25519 key" req new --key ed25519.pem --subject CN=x --digest sha256
fails "monkeys" "unknown --digest" req new --key ec.pem --subject CN=x --digest monkeys
fails "no-such-key" "missing --key file" req new --key no-such-key.pem --subject CN=x
fails "garbage.bin" "garbage --key file" req new --key garbage.bin --subject CN=x
fails "passphrase" "encrypted key, no passphrase" req new --key ec-enc.pem --subject CN=x
fails "passphrase" "encrypted key, wrong passphrase" \
  req new --key ec-enc.pem --subject CN=x --passphrase-file pw-wrong
fails "" "a public key as --key" req new --key o-ec-pub.pem --subject CN=x
fails "no-such-dir" "--out into a missing directory" \
  req new --key ec.pem --subject CN=x --out no-such-dir/r.csr

echo "# pki req new: requests openssl accepts"
# OpenSSL 3.0's `req -verify` exits 0 even when the signature is bad:
# look for its "verify OK".
ossl_req_verifies () { openssl req "$@" -noout -verify 2>&1 | grep -q 'verify OK'; }
for t in rsa ec ed25519 ed448; do
  pki req new --key $t.pem --subject "CN=$t.req.example,O=libpki test" --san "DNS:$t.req.example" \
    --out $t.csr
  status 0 "req new with the $t key"
  check "openssl req -verify: the $t request's self-signature verifies" ossl_req_verifies -in $t.csr
  check "  ... it holds the $t public key" \
    [ "$(openssl req -in $t.csr -noout -pubkey 2>/dev/null)" = "$(openssl pkey -in $t.pem -pubout)" ]
done
openssl req -in ec.csr -noout -text >text 2>/dev/null
check "the subject, as openssl reads it" \
  [ "$(openssl req -in ec.csr -noout -subject -nameopt RFC2253)" = "subject=CN=ec.req.example,O=libpki test" ]
check "EC default signature: ecdsa-with-SHA256" grep -q 'Signature Algorithm: ecdsa-with-SHA256' text
check "--san is a requested extension" sh -c \
  'grep -q "Requested Extensions:" text && [ "$(sed -n "/Subject Alternative Name/{n;s/^ *//;p;q;}" text)" = DNS:ec.req.example ]'
check "no challengePassword without --challenge" sh -c '[ -s text ] && ! grep -q challengePassword text'
check "Ed25519 request: signature algorithm ED25519" \
  sh -c 'openssl req -in ed25519.csr -noout -text | grep -q "Signature Algorithm: ED25519"'
pki req new --key ec.pem --subject CN=opts.req.example --digest sha384 --challenge 'open sesame' \
  --der --out opts.der
status 0 "req new with --digest, --challenge and --der"
openssl req -inform DER -in opts.der -noout -text >text 2>/dev/null
check "--der writes DER; --digest sha384" grep -q 'Signature Algorithm: ecdsa-with-SHA384' text
check "--challenge is a challengePassword attribute" grep -q 'challengePassword *:open sesame' text
check "no requested extensions without --san" sh -c '[ -s text ] && ! grep -q "Subject Alternative Name" text'
check "openssl req -verify accepts the DER request" ossl_req_verifies -inform DER -in opts.der
pki req new --key ec-enc.pem --subject CN=enc.req.example --passphrase-file pw --out enc.csr
check "req new with an encrypted key (--passphrase-file)" ossl_req_verifies -in enc.csr
pki_in ec.pem req new --key - --subject CN=stdin.req.example
status 0 "req new --key - reads the key from standard input"
check "  ... and writes PEM to standard output" \
  sh -c 'openssl req -in out -noout -subject | grep -q stdin.req.example'
pki req new --key ec.pem --subject '/C=DE/O=Slash Form/CN=slash.req.example' --out slash.csr
check "--subject in /C=../CN=.. form" \
  [ "$(openssl req -in slash.csr -noout -subject -nameopt RFC2253)" = "subject=CN=slash.req.example,O=Slash Form,C=DE" ]
openssl x509 -req -in ec.csr -CA ca.pem -CAkey rsa.pem -set_serial 0x1234 -days 1 \
  -out ossl-issued.pem 2>/dev/null
check "openssl x509 -req -CA signs pki's request; openssl verify accepts the result" \
  sh -c 'openssl verify -CAfile ca.pem ossl-issued.pem 2>&1 | grep -q "^ossl-issued.pem: OK$"'
# A request whose subject was changed after signing.
pki req new --key rsa.pem --subject CN=tamper.example --der --out tamper-ok.der
LC_ALL=C sed 's/tamper\.example/tamqer.example/' tamper-ok.der >tampered.der
openssl req -inform DER -in tampered.der -out tampered.csr 2>/dev/null
check "a tampered request parses, and openssl finds its signature bad" sh -c \
  'openssl req -in tampered.csr -noout -subject | grep -q tamqer && ! openssl req -in tampered.csr -noout -verify 2>&1 | grep -q "verify OK"'

echo "# pki req show"
pki req new --key ec.pem --subject "CN=show.req.example,O=libpki test" \
  --san DNS:show.req.example,IP:127.0.0.1 --challenge s3cret --out show.csr
pki req show show.csr
status 0 "show a request"
check "Subject and Version 1" sh -c \
  '[ "$(sed -n "s/^Subject: *//p" out)" = "CN=show.req.example,O=libpki test" ] && [ "$(sed -n "s/^Version: *//p" out)" = 1 ]'
check "Key type EC, 256 bits, curve P-256" sh -c \
  '[ "$(sed -n "s/^Key type: *//p" out)" = EC ] && [ "$(sed -n "s/^Key bits: *//p" out)" = 256 ] && [ "$(sed -n "s/^Key curve: *//p" out)" = P-256 ]'
check "Signature algorithm, and Self-signature: valid" sh -c \
  '[ "$(sed -n "s/^Signature algorithm: *//p" out)" = ecdsa-with-SHA256 ] && [ "$(sed -n "s/^Self-signature: *//p" out)" = valid ]'
check "the requested subjectAltName, as openssl prints it" sh -c \
  'grep -A 1 "^  subjectAltName:\$" out | grep -q "^      DNS:show.req.example, IP Address:127.0.0.1\$"'
check "the challengePassword attribute" grep -q '^  challengePassword: s3cret$' out
pki req show --json show.csr
cp out show-req.json
check "--json has exactly the documented members" json_check show-req.json \
  'sorted(d) == sorted(["subject", "version", "key", "signature_algorithm", "signature_valid", "extensions", "subject_alt_names", "basic_constraints", "key_usage", "extended_key_usage", "subject_key_identifier", "authority_key_identifier", "attributes"])' \
  '"signature_valid"'
check "--json values: subject, key, signature, subjectAltName, attributes" json_check show-req.json \
  'd["subject"] == "CN=show.req.example,O=libpki test" and d["version"] == 1 and d["key"] == {"type": "EC", "bits": 256, "curve": "P-256"} and d["signature_algorithm"] == "ecdsa-with-SHA256" and d["signature_valid"] is True and [e["name"] for e in d["extensions"]] == ["subjectAltName"] and d["subject_alt_names"] == [{"type": "DNS", "value": "show.req.example"}, {"type": "IP", "value": "127.0.0.1"}] and d["attributes"] == [{"name": "challengePassword", "value": "s3cret"}]' \
  '"s3cret"'
openssl req -new -key o-rsa.pem -subj '/CN=ossl.req.example' -addext 'subjectAltName=DNS:ossl.req.example' \
  -addext 'keyUsage=critical,digitalSignature' -addext 'extendedKeyUsage=clientAuth' \
  -addext 'basicConstraints=critical,CA:FALSE' -out ossl.csr 2>/dev/null
pki req show --json ossl.csr
check "--json of an openssl request: key, decoded extensions, no attributes" json_check out \
  'd["key"]["type"] == "RSA" and d["key"]["bits"] == 1024 and d["key_usage"] == ["digitalSignature"] and d["extended_key_usage"] == ["1.3.6.1.5.5.7.3.2"] and d["basic_constraints"] == {"ca": False, "path_length": None} and d["subject_alt_names"] == [{"type": "DNS", "value": "ossl.req.example"}] and d["attributes"] == [] and d["signature_valid"] is True' \
  '"1.3.6.1.5.5.7.3.2"'
pki req show ossl.csr
check "  ... in text: keyUsage (critical), Attributes none" sh -c \
  'grep -q "^  keyUsage (critical):\$" out && [ "$(sed -n "s/^Attributes: *//p" out)" = none ]'
pki req show tampered.der
[ $rc -eq 0 ] && grep -q '^Self-signature: *INVALID' out
verdict "a tampered request shows Self-signature: INVALID, with status 0"
pki req show --json tampered.csr
check "  ... --json signature_valid is false" json_check out 'd["signature_valid"] is False' \
  '"signature_valid" : false'
pki req show opts.der
check "show a DER request (detected)" [ "$(field Subject)" = CN=opts.req.example ]
pki req show --der opts.der
check "show --der" [ "$(field Subject)" = CN=opts.req.example ]
pki_in show.csr req show -
check "show - reads standard input" [ "$(field Subject)" = "CN=show.req.example,O=libpki test" ]
fails "garbage.bin" "show a garbage file" req show garbage.bin
fails "" "show an empty file" req show empty
fails "" "show a certificate as a request" req show ec-cert.pem
fails "" "show --der of a PEM request" req show --der show.csr
fails "no-such-file" "show a missing file" req show no-such-file.csr

echo "# pki cert issue: usage errors"
pki cert issue --help
[ $rc -eq 0 ] && grep -q -e '--profile' out && grep -q -e '--pathlen' out \
  && grep -q -e '--copy-extensions' out && grep -q -e '--passphrase-file' out
verdict "pki cert issue --help lists --profile, --pathlen, --copy-extensions and the passphrase options"
usage "pki cert issue" "issue without --ca" cert issue --ca-key rsa.pem --req ec.csr
usage "pki cert issue" "issue without --ca-key" cert issue --ca ca.pem --req ec.csr
usage "pki cert issue" "issue without --req" cert issue --ca ca.pem --ca-key rsa.pem
usage "pki cert issue" "--profile foo" cert issue --ca ca.pem --ca-key rsa.pem --req ec.csr --profile foo
err_has "foo" "  ... names the bad profile"
usage "pki cert issue" "--pathlen without --profile" \
  cert issue --ca ca.pem --ca-key rsa.pem --req ec.csr --pathlen 1
usage "pki cert issue" "--pathlen with --profile server" \
  cert issue --ca ca.pem --ca-key rsa.pem --req ec.csr --profile server --pathlen 1
usage "pki cert issue" "--pathlen abc" \
  cert issue --ca ca.pem --ca-key rsa.pem --req ec.csr --profile ca --pathlen abc
usage "pki cert issue" "--pathlen -1" \
  cert issue --ca ca.pem --ca-key rsa.pem --req ec.csr --profile ca --pathlen -1
usage "pki cert issue" "--days 0" cert issue --ca ca.pem --ca-key rsa.pem --req ec.csr --days 0
usage "pki cert issue" "--copy-extensions with an empty name" \
  cert issue --ca ca.pem --ca-key rsa.pem --req ec.csr --copy-extensions 'subjectAltName,,keyUsage'
usage "pki cert issue" "issue with an argument" cert issue --ca ca.pem --ca-key rsa.pem --req ec.csr extra
usage "pki cert issue" "two inputs from standard input" cert issue --ca - --ca-key rsa.pem --req -

echo "# pki cert issue: bad input (exit 1)"
pki cert selfsign --key ec-enc.pem --passphrase-file pw --subject "CN=libpki test EC root" --ca \
  --out ec-root.pem
pki cert selfsign --key ed25519.pem --subject "CN=libpki test Ed25519 root" --ca --out ed25519-root.pem
fails "signature" "a request with a tampered signature is refused" \
  cert issue --ca ca.pem --ca-key rsa.pem --req tampered.csr
check "  ... and nothing is written" [ ! -s out ]
fails "does not match" "a CA key that does not match the CA certificate" \
  cert issue --ca ca.pem --ca-key ec.pem --req ec.csr
fails "not a CA" "a --ca certificate that is not a CA (CA:FALSE)" \
  cert issue --ca ec-cert.pem --ca-key ec.pem --req rsa.csr
openssl req -x509 -new -key o-ec.pem -subj /CN=nocrl.example -days 1 \
  -addext 'basicConstraints=critical,CA:TRUE' -addext 'keyUsage=critical,cRLSign' -out crlonly-ca.pem 2>/dev/null
fails "keyCertSign" "a CA whose keyUsage lacks keyCertSign" \
  cert issue --ca crlonly-ca.pem --ca-key o-ec.pem --req rsa.csr
fails "nosuchext" "--copy-extensions with an unknown extension name" \
  cert issue --ca ca.pem --ca-key rsa.pem --req ec.csr --copy-extensions nosuchext
fails "serial" "non-hex --serial" cert issue --ca ca.pem --ca-key rsa.pem --req ec.csr --serial xyz
fails "digest" "--digest with an Ed25519 CA key" \
  cert issue --ca ed25519-root.pem --ca-key ed25519.pem --req ec.csr --digest sha256
fails "monkeys" "unknown --digest" cert issue --ca ca.pem --ca-key rsa.pem --req ec.csr --digest monkeys
fails "passphrase" "an encrypted CA key without its passphrase" \
  cert issue --ca ec-root.pem --ca-key ec-enc.pem --req ec.csr
fails "garbage.bin" "a garbage request" cert issue --ca ca.pem --ca-key rsa.pem --req garbage.bin
fails "" "a certificate as --req" cert issue --ca ca.pem --ca-key rsa.pem --req ec-cert.pem
fails "no-such.csr" "a missing request" cert issue --ca ca.pem --ca-key rsa.pem --req no-such.csr
fails "ec.pem" "a key as --ca" cert issue --ca ec.pem --ca-key rsa.pem --req ec.csr

echo "# pki cert issue: certificates openssl accepts"
pki cert issue --ca ca.pem --ca-key rsa.pem --req show.csr --profile server \
  --copy-extensions subjectAltName --days 30 --serial 0BAD --out issued.pem
status 0 "issue a server certificate"
check "openssl verify -CAfile accepts it" \
  sh -c 'openssl verify -CAfile ca.pem issued.pem 2>&1 | grep -q "^issued.pem: OK$"'
ossl_text issued.pem
check "the subject is the request's, the issuer the CA's subject" sh -c \
  '[ "$(openssl x509 -in issued.pem -noout -subject -nameopt RFC2253)" = "subject=CN=show.req.example,O=libpki test" ] && [ "$(openssl x509 -in issued.pem -noout -issuer)" = "$(openssl x509 -in ca.pem -noout -subject | sed s/^subject/issuer/)" ]'
check "it holds the request's public key" \
  [ "$(openssl x509 -in issued.pem -noout -pubkey)" = "$(openssl pkey -in ec.pem -pubout)" ]
check "--serial 0BAD" [ "$(openssl x509 -in issued.pem -noout -serial)" = serial=0BAD ]
check "--days 30" [ "$(validity_seconds issued.pem)" -eq 2592000 ]
check "server profile: CA:FALSE, digitalSignature (critical), serverAuth" sh -c \
  'grep -q "Basic Constraints: critical" text && [ "$(sed -n "/Basic Constraints/{n;s/^ *//;p;q;}" text)" = CA:FALSE ] && grep -q "X509v3 Key Usage: critical" text && [ "$(sed -n "/X509v3 Key Usage/{n;s/^ *//;p;q;}" text)" = "Digital Signature" ] && [ "$(sed -n "/Extended Key Usage/{n;s/^ *//;p;q;}" text)" = "TLS Web Server Authentication" ]'
check "--copy-extensions subjectAltName copies the requested SAN" \
  [ "$(ext_value 'Subject Alternative Name')" = "DNS:show.req.example, IP Address:127.0.0.1" ]
ca_ski=$(openssl x509 -in ca.pem -noout -text | sed -n '/Subject Key Identifier/{n;s/^ *//;p;q;}')
check "the authority key id is the CA's subject key id" \
  [ "$(ext_value 'Authority Key Identifier' | sed 's/^keyid://')" = "$ca_ski" ]
check "signed by the RSA CA with sha256WithRSAEncryption" \
  grep -q 'Signature Algorithm: sha256WithRSAEncryption' text
pki cert issue --ca ca.pem --ca-key rsa.pem --req show.csr
status 0 "issue with the defaults, to standard output"
openssl x509 -in out -noout -text >text 2>/dev/null
check "  ... no profile, nothing copied: only the key identifiers" sh -c \
  'grep -q "Subject Key Identifier" text && grep -q "Authority Key Identifier" text && ! grep -q -e "Subject Alternative Name" -e "Basic Constraints" -e "Key Usage" text'
check "  ... valid for 365 days" [ "$(validity_seconds out)" -eq 31536000 ]
pki cert issue --ca ca.pem --ca-key rsa.pem --req ossl.csr --profile client --copy-extensions all \
  --out client.pem
ossl_text client.pem
check "client profile: clientAuth; its keyUsage wins over the requested one" sh -c \
  '[ "$(sed -n "/Extended Key Usage/{n;s/^ *//;p;q;}" text)" = "TLS Web Client Authentication" ] && [ "$(sed -n "/X509v3 Key Usage/{n;s/^ *//;p;q;}" text)" = "Digital Signature, Key Encipherment" ]'
check "--copy-extensions all copies the requested SAN" \
  [ "$(ext_value 'Subject Alternative Name')" = "DNS:ossl.req.example" ]
pki cert issue --ca ca.pem --ca-key rsa.pem --req ossl.csr --copy-extensions keyUsage,extendedKeyUsage \
  --out listed.pem
ossl_text listed.pem
check "--copy-extensions LIST copies only the listed extensions" sh -c \
  'grep -q "X509v3 Key Usage: critical" text && grep -q "Extended Key Usage" text && ! grep -q -e "Subject Alternative Name" -e "Basic Constraints" text'
openssl req -new -key o-ec.pem -subj /CN=chain.example -addext subjectAltName=DNS:chain.example \
  -out chain.csr 2>/dev/null
for t in rsa ec ed25519; do
  case $t in
    rsa) ca_args="--ca ca.pem --ca-key rsa.pem"; root=ca.pem ;;
    ec) ca_args="--ca ec-root.pem --ca-key ec-enc.pem --passphrase-file pw"; root=ec-root.pem ;;
    ed25519) ca_args="--ca ed25519-root.pem --ca-key ed25519.pem"; root=ed25519-root.pem ;;
  esac
  pki cert issue $ca_args --req chain.csr --profile server --copy-extensions subjectAltName \
    --out chain-$t.pem
  status 0 "issue from an openssl request with the $t CA"
  check "openssl verify -CAfile accepts the chain of the $t CA" \
    sh -c "openssl verify -CAfile $root chain-$t.pem 2>&1 | grep -q '^chain-$t.pem: OK\$'"
done
check "the Ed25519 CA signs with ED25519" \
  sh -c 'openssl x509 -in chain-ed25519.pem -noout -text | grep -q "Signature Algorithm: ED25519"'
pki req new --key ed448.pem --subject "CN=libpki test intermediate" --out inter.csr
pki cert issue --ca ec-root.pem --ca-key ec-enc.pem --passphrase-file pw --req inter.csr \
  --profile ca --pathlen 0 --out inter.pem
status 0 "issue an intermediate CA with --profile ca --pathlen 0"
ossl_text inter.pem
check "  ... CA:TRUE, pathlen:0; keyCertSign, cRLSign" sh -c \
  '[ "$(sed -n "/Basic Constraints/{n;s/^ *//;p;q;}" text)" = "CA:TRUE, pathlen:0" ] && [ "$(sed -n "/X509v3 Key Usage/{n;s/^ *//;p;q;}" text)" = "Digital Signature, Certificate Sign, CRL Sign" ]'
pki cert issue --ca inter.pem --ca-key ed448.pem --req chain.csr --profile server --out via-inter.pem
check "openssl verify accepts root (EC) -> intermediate (Ed448) -> leaf" \
  sh -c 'openssl verify -CAfile ec-root.pem -untrusted inter.pem via-inter.pem 2>&1 | grep -q "^via-inter.pem: OK$"'
pki cert issue --ca ec-root.pem --ca-key ec-enc.pem --passphrase-file pw --req chain.csr \
  --digest sha384 --der --out chain.der
check "--der and --digest sha384" \
  sh -c 'openssl x509 -inform DER -in chain.der -noout -text | grep -q "Signature Algorithm: ecdsa-with-SHA384"'
pki_in chain.csr cert issue --ca ca.pem --ca-key rsa.pem --req -
check "--req - reads the request from standard input" \
  sh -c 'openssl x509 -in out -noout -subject | grep -q chain.example'
pki_in pw cert issue --ca ec-root.pem --ca-key ec-enc.pem --passphrase-file - --req chain.csr
check "--passphrase-file - reads the CA key's passphrase from standard input" \
  sh -c 'openssl verify -CAfile ec-root.pem out 2>&1 | grep -q ": OK$"'

echo "# pki crl: help and usage errors"
pki crl --help
[ $rc -eq 0 ] && grep -q new out && grep -q revoke out && grep -q show out && grep -q check out
verdict "pki crl --help lists new, revoke, show and check"
for cmd in new revoke show check; do
  pki crl $cmd --help
  [ $rc -eq 0 ] && grep -q "pki crl $cmd" out
  verdict "pki crl $cmd --help prints its usage"
done
usage "pki crl" "crl without a command" crl
usage "pki crl new" "crl new without --ca" crl new --ca-key rsa.pem
usage "pki crl new" "crl new without --ca-key" crl new --ca ca.pem
usage "pki crl new" "crl new --days 0" crl new --ca ca.pem --ca-key rsa.pem --days 0
usage "pki crl new" "crl new --days abc" crl new --ca ca.pem --ca-key rsa.pem --days abc
usage "pki crl new" "crl new with an argument" crl new --ca ca.pem --ca-key rsa.pem extra
usage "pki crl revoke" "revoke without --crl" crl revoke --ca ca.pem --ca-key rsa.pem --serial 01
usage "pki crl revoke" "revoke without --ca" crl revoke --crl x.crl --ca-key rsa.pem --serial 01
usage "pki crl revoke" "revoke without --ca-key" crl revoke --crl x.crl --ca ca.pem --serial 01
usage "pki crl revoke" "revoke without --serial or --cert" crl revoke --crl x.crl --ca ca.pem --ca-key rsa.pem
usage "pki crl revoke" "revoke with both --serial and --cert" \
  crl revoke --crl x.crl --ca ca.pem --ca-key rsa.pem --serial 01 --cert ec-cert.pem
usage "pki crl revoke" "revoke --days 0" crl revoke --crl x.crl --ca ca.pem --ca-key rsa.pem --serial 01 --days 0
usage "pki crl show" "crl show without FILE" crl show
usage "pki crl show" "crl show with two files" crl show a b
usage "pki crl check" "crl check without --crl" crl check ec-cert.pem
usage "pki crl check" "crl check without CERT" crl check --crl x.crl
usage "pki crl check" "crl check with two inputs from standard input" crl check --crl - -

echo "# pki crl new"
# crl_days FILE [FORMAT]: days from a CRL's lastUpdate to its nextUpdate.
crl_days () {
  last=$(openssl crl -in "$1" -inform "${2:-PEM}" -noout -lastupdate 2>/dev/null | cut -d= -f2)
  next=$(openssl crl -in "$1" -inform "${2:-PEM}" -noout -nextupdate 2>/dev/null | cut -d= -f2)
  echo $(( ($(date -u -d "$next" +%s) - $(date -u -d "$last" +%s)) / 86400 ))
}
# ossl_crl_verifies ARGS...: `openssl crl ARGS -noout` says "verify OK".
ossl_crl_verifies () { openssl crl "$@" -noout 2>&1 | grep -q 'verify OK'; }
pki crl new --ca ca.pem --ca-key rsa.pem --out rsa.crl
status 0 "crl new"
check "openssl crl -CAfile verifies it" ossl_crl_verifies -in rsa.crl -CAfile ca.pem
openssl crl -in rsa.crl -noout -text >text 2>/dev/null
check "version 2, CRL number 1, no entries" sh -c \
  'grep -q "Version 2" text && [ "$(sed -n "/CRL Number/{n;s/^ *//;p;q;}" text)" = 1 ] && grep -q "No Revoked Certificates" text'
check "the issuer is the CA's subject" \
  [ "$(openssl crl -in rsa.crl -noout -issuer | sed 's/^issuer=//')" = "$(openssl x509 -in ca.pem -noout -subject | sed 's/^subject=//')" ]
check "the authority key id is the CA's subject key id" \
  [ "$(sed -n '/Authority Key Identifier/{n;s/^ *//;s/^keyid://;p;q;}' text)" = "$ca_ski" ]
check "the next update is 7 days on" [ "$(crl_days rsa.crl)" -eq 7 ]
check "--out CRL is not secret (mode 644)" [ "$(mode_of rsa.crl)" = "-rw-r--r--" ]
cp rsa.crl rsa-empty.crl
pki crl new --ca ec-root.pem --ca-key ec-enc.pem --passphrase-file pw --days 30 --digest sha384 \
  --der --out ec.crl.der
status 0 "crl new with an encrypted CA key, --days, --digest and --der"
check "  ... openssl verifies the DER CRL" ossl_crl_verifies -inform DER -in ec.crl.der -CAfile ec-root.pem
check "  ... --days 30" [ "$(crl_days ec.crl.der DER)" -eq 30 ]
check "  ... --digest sha384" \
  sh -c 'openssl crl -inform DER -in ec.crl.der -noout -text | grep -q "Signature Algorithm: ecdsa-with-SHA384"'
pki crl new --ca ed25519-root.pem --ca-key ed25519.pem --out ed25519.crl
check "an Ed25519 CA's CRL verifies with openssl" ossl_crl_verifies -in ed25519.crl -CAfile ed25519-root.pem
pki crl new --ca ca.pem --ca-key rsa.pem
check "crl new writes PEM to standard output" grep -q 'BEGIN X509 CRL' out
fails "not a CA" "crl new with a --ca that is not a CA" crl new --ca ec-cert.pem --ca-key ec.pem
openssl req -x509 -new -key o-ec.pem -subj /CN=nocrlsign.example -days 1 \
  -addext 'basicConstraints=critical,CA:TRUE' -addext 'keyUsage=critical,keyCertSign' \
  -out certonly-ca.pem 2>/dev/null
fails "cRLSign" "crl new with a CA whose keyUsage lacks cRLSign" \
  crl new --ca certonly-ca.pem --ca-key o-ec.pem
fails "does not match" "crl new with a CA key that does not match" crl new --ca ca.pem --ca-key ec.pem
fails "digest" "crl new --digest with an Ed25519 CA" \
  crl new --ca ed25519-root.pem --ca-key ed25519.pem --digest sha256
fails "passphrase" "crl new with an encrypted CA key, no passphrase" \
  crl new --ca ec-root.pem --ca-key ec-enc.pem
fails "no-such-ca" "crl new with a missing --ca" crl new --ca no-such-ca.pem --ca-key rsa.pem

echo "# pki crl revoke"
pki crl revoke --crl rsa.crl --ca ca.pem --ca-key rsa.pem --serial 0a --reason keyCompromise
status 0 "revoke --serial 0a --reason keyCompromise"
check "  ... writes nothing to standard output" [ ! -s out ]
openssl crl -in rsa.crl -noout -text >text 2>/dev/null
check "openssl crl -text shows the revoked serial and the reason" sh -c \
  'grep -q "Serial Number: 0A" text && grep -A 4 "Serial Number: 0A" text | grep -q "Key Compromise"'
check "the CRL number went from 1 to 2" [ "$(sed -n '/CRL Number/{n;s/^ *//;p;q;}' text)" = 2 ]
check "the new CRL verifies with the CA" ossl_crl_verifies -in rsa.crl -CAfile ca.pem
check "--crl was replaced in place, no temporary file left" [ "$(ls rsa.crl* | wc -l)" -eq 1 ]
check "without --days, the previous CRL's period (7 days) is kept" [ "$(crl_days rsa.crl)" -eq 7 ]
cp rsa.crl before.crl
fails "already" "revoking serial 0A twice is refused" \
  crl revoke --crl rsa.crl --ca ca.pem --ca-key rsa.pem --serial 0A
err_has "keyCompromise" "  ... the message says when and why it was revoked"
fails "already" "  ... also written 00000a" crl revoke --crl rsa.crl --ca ca.pem --ca-key rsa.pem --serial 00000a
fails "serial" "--serial xyz" crl revoke --crl rsa.crl --ca ca.pem --ca-key rsa.pem --serial xyz
fails "serial" "--serial over 20 octets" crl revoke --crl rsa.crl --ca ca.pem --ca-key rsa.pem \
  --serial 0102030405060708090a0b0c0d0e0f101112131415
fails "reason" "--reason sleepy" crl revoke --crl rsa.crl --ca ca.pem --ca-key rsa.pem --serial 0B --reason sleepy
err_has "keyCompromise" "  ... the message lists the reasons"
fails "removeFromCRL" "--reason removeFromCRL (delta CRLs only)" \
  crl revoke --crl rsa.crl --ca ca.pem --ca-key rsa.pem --serial 0B --reason removeFromCRL
fails "date" "--date yesterday" crl revoke --crl rsa.crl --ca ca.pem --ca-key rsa.pem --serial 0B --date yesterday
fails "date" "--date 2024-01-01" crl revoke --crl rsa.crl --ca ca.pem --ca-key rsa.pem --serial 0B --date 2024-01-01
fails "future" "--date in the future" \
  crl revoke --crl rsa.crl --ca ca.pem --ca-key rsa.pem --serial 0B --date 29991231000000Z
fails "does not match" "a CA key that does not match" crl revoke --crl rsa.crl --ca ca.pem --ca-key ec.pem --serial 0B
fails "passphrase" "an encrypted CA key, no passphrase" \
  crl revoke --crl ec.crl.der --ca ec-root.pem --ca-key ec-enc.pem --serial 0B
fails "issued by" "a CRL from another CA" \
  crl revoke --crl ed25519.crl --ca ca.pem --ca-key rsa.pem --serial 0B
# Another key under the same CA name: only the signature tells.
pki cert selfsign --key ec.pem --subject "$(openssl x509 -in ca.pem -noout -subject -nameopt RFC2253 | sed 's/^subject=//')" \
  --ca --out impostor-ca.pem
pki crl new --ca impostor-ca.pem --ca-key ec.pem --out impostor.crl
fails "signature" "a CRL signed by another key in the CA's name" \
  crl revoke --crl impostor.crl --ca ca.pem --ca-key rsa.pem --serial 0B
fails "garbage.bin" "a garbage --crl" crl revoke --crl garbage.bin --ca ca.pem --ca-key rsa.pem --serial 0B
fails "no-such.crl" "a missing --crl" crl revoke --crl no-such.crl --ca ca.pem --ca-key rsa.pem --serial 0B
fails "not issued" "--cert of another CA's certificate" \
  crl revoke --crl rsa.crl --ca ca.pem --ca-key rsa.pem --cert chain-ec.pem
check "none of the refused revocations changed the CRL" cmp -s rsa.crl before.crl
pki crl revoke --crl rsa.crl --ca ca.pem --ca-key rsa.pem --serial 0B --date 20240101120000Z \
  --reason "Cessation Of Operation" --days 3 --out rsa3.crl
status 0 "revoke with --date, a reason's printed name, --days and --out"
check "  ... --out leaves --crl alone" cmp -s rsa.crl before.crl
openssl crl -in rsa3.crl -noout -text >text 2>/dev/null
check "  ... --date is the revocation date" sh -c 'grep -A 1 "Serial Number: 0B" text | grep -q "Jan  1 12:00:00 2024 GMT"'
check "  ... the reason is cessationOfOperation" \
  sh -c 'grep -A 4 "Serial Number: 0B" text | grep -q "Cessation Of Operation"'
check "  ... --days 3" [ "$(crl_days rsa3.crl)" -eq 3 ]
check "  ... both entries are there, CRL number 3" sh -c \
  'grep -q "Serial Number: 0A" text && [ "$(sed -n "/CRL Number/{n;s/^ *//;p;q;}" text)" = 3 ]'
pki crl revoke --crl rsa3.crl --ca ca.pem --ca-key rsa.pem --serial 0C
check "a revocation without --reason has no reason code" \
  sh -c 'openssl crl -in rsa3.crl -noout -text >text0C && grep -q "Serial Number: 0C" text0C && ! grep -A 2 "Serial Number: 0C" text0C | grep -q "CRL entry extensions"'
check "  ... and the period of the previous CRL (3 days) is kept" [ "$(crl_days rsa3.crl)" -eq 3 ]
check "openssl verify -crl_check accepts issued.pem before it is revoked" \
  sh -c 'openssl verify -crl_check -CAfile ca.pem -CRLfile rsa.crl issued.pem 2>&1 | grep -q "^issued.pem: OK$"'
pki crl revoke --crl rsa.crl --ca ca.pem --ca-key rsa.pem --cert issued.pem --reason superseded
status 0 "revoke --cert"
check "openssl verify -crl_check now says: certificate revoked" \
  sh -c 'openssl verify -crl_check -CAfile ca.pem -CRLfile rsa.crl issued.pem 2>&1 | grep -q "certificate revoked"'
fails "already" "revoking the same certificate twice" \
  crl revoke --crl rsa.crl --ca ca.pem --ca-key rsa.pem --cert issued.pem
pki crl revoke --crl ec.crl.der --ca ec-root.pem --ca-key ec-enc.pem --passphrase-file pw \
  --cert chain-ec.pem --reason affiliationChanged
status 0 "revoke into a DER CRL, with an encrypted CA key"
check "  ... the CRL stays DER and verifies" ossl_crl_verifies -inform DER -in ec.crl.der -CAfile ec-root.pem
openssl crl -inform DER -in ec.crl.der -out ec-crl.pem 2>/dev/null
check "  ... openssl verify -crl_check refuses chain-ec.pem" \
  sh -c 'openssl verify -crl_check -CAfile ec-root.pem -CRLfile ec-crl.pem chain-ec.pem 2>&1 | grep -q "certificate revoked"'

echo "# pki crl: CRLs made by openssl ca"
mkdir -p oca
printf '[ ca ]\ndefault_ca = x\n[ x ]\ndatabase = oca/index.txt\ncrlnumber = oca/crlnumber\ndefault_md = sha256\ndefault_crl_days = 30\n' >oca/ca.cnf
: >oca/index.txt
i=1
while [ $i -le 25 ]; do
  printf 'R\t301231000000Z\t240102030405Z,superseded\t%02X\tunknown\t/CN=o%d\n' $((i + 16)) $i >>oca/index.txt
  i=$((i + 1))
done
printf 'R\t301231000000Z\t240102030405Z,keyTime,20231201000000Z\t7F01\tunknown\t/CN=kc\n' >>oca/index.txt
printf 'R\t301231000000Z\t240103000000Z\t7F03\tunknown\t/CN=noreason\n' >>oca/index.txt
printf 'V\t301231000000Z\t\t7F02\tunknown\t/CN=valid\n' >>oca/index.txt
# ossl_gencrl NUMBER OUT [OPTIONS...]: openssl ca -gencrl with crlnumber NUMBER.
ossl_gencrl () {
  echo "$1" >oca/crlnumber; out_crl=$2; shift 2
  openssl ca -batch -config oca/ca.cnf -gencrl -cert ca.pem -keyfile rsa.pem "$@" -out "$out_crl" 2>/dev/null
}
ossl_gencrl 0FFF oca.crl
pki crl show oca.crl
status 0 "show a CRL made by openssl ca -gencrl"
check "  ... CRL number 0FFF, 27 entries" sh -c \
  '[ "$(sed -n "s/^CRL number: *//p" out)" = 0FFF ] && [ "$(sed -n "s/^Entries: *//p" out)" = 27 ]'
check "  ... the text lists 20 entries, then '... 7 more'" sh -c \
  '[ "$(grep -c "^  [0-9A-F]*  revoked " out)" -eq 20 ] && grep -q "^  \.\.\. 7 more" out'
check "  ... an entry: serial, date, reason" grep -q '^  11  revoked 2024-01-02T03:04:05Z  reason superseded$' out
pki crl show --entries oca.crl
check "show --entries lists all 27" sh -c '[ "$(grep -c "^  [0-9A-F]*  revoked " out)" -eq 27 ] && ! grep -q "more" out'
check "  ... with the invalidity date" \
  grep -q '^  7F01  revoked 2024-01-02T03:04:05Z  reason keyCompromise  invalid since 2023-12-01T00:00:00Z$' out
pki crl show --json oca.crl
check "--json without --entries: the count, entries null" json_check out \
  'd["entry_count"] == 27 and d["entries"] is None and d["crl_number"] == "0FFF"' '"entries" : null'
pki crl show --json --entries oca.crl
check "--json --entries: every entry with serial, date, reason, invalidity date" json_check out \
  'len(d["entries"]) == 27 and d["entries"][0] == {"serial": "11", "revocation_date": "2024-01-02T03:04:05Z", "reason": "superseded", "invalidity_date": None} and {"serial": "7F01", "revocation_date": "2024-01-02T03:04:05Z", "reason": "keyCompromise", "invalidity_date": "2023-12-01T00:00:00Z"} in d["entries"] and {"serial": "7F03", "revocation_date": "2024-01-03T00:00:00Z", "reason": None, "invalidity_date": None} in d["entries"]' \
  '"invalidity_date" : "2023-12-01T00:00:00Z"'
pki crl revoke --crl oca.crl --ca ca.pem --ca-key rsa.pem --serial 7F02 --reason keyCompromise --out oca-next.crl
status 0 "revoke into openssl's CRL"
check "  ... CRL number 0FFF + 1 = 1000, 28 entries, openssl's kept" sh -c \
  '"$0" crl show --json oca-next.crl >out2 && grep -q "\"crl_number\" : \"1000\"" out2 && grep -q "\"entry_count\" : 28" out2 && openssl crl -in oca-next.crl -noout -text | grep -q "Serial Number: 7F01"' "$PKI"
check "  ... and openssl verifies the result" ossl_crl_verifies -in oca-next.crl -CAfile ca.pem
ossl_gencrl FFFFFFFFFFFFFFFFFF oca-big.crl
fails "16 hex digits" "a CRL number of more than 16 hex digits is refused" \
  crl revoke --crl oca-big.crl --ca ca.pem --ca-key rsa.pem --serial 01
ossl_gencrl FFFFFFFFFFFFFFFF oca-max.crl
fails "count" "CRL number FFFFFFFFFFFFFFFF cannot be counted on in 64 bits" \
  crl revoke --crl oca-max.crl --ca ca.pem --ca-key rsa.pem --serial 01
ossl_gencrl 00FFFFFFFFFFFFFFFE oca-lead.crl
pki crl revoke --crl oca-lead.crl --ca ca.pem --ca-key rsa.pem --serial 01
check "leading zeros do not count: 00FFFFFFFFFFFFFFFE + 1 = FFFFFFFFFFFFFFFF" \
  sh -c 'openssl crl -in oca-lead.crl -noout -crlnumber | grep -q -i "=0xFFFFFFFFFFFFFFFF$"'

echo "# pki crl show"
pki crl show rsa.crl
status 0 "show a CRL pki made"
check "Issuer, Version 2, CRL number 03, Entries 2" sh -c \
  '[ "$(sed -n "s/^Issuer: *//p" out)" = CN=ca.example ] && [ "$(sed -n "s/^Version: *//p" out)" = 2 ] && [ "$(sed -n "s/^CRL number: *//p" out)" = 03 ] && [ "$(sed -n "s/^Entries: *//p" out)" = 2 ]'
check "Last and Next update are openssl's, in ISO 8601" sh -c \
  '[ "$(sed -n "s/^Last update: *//p" out)" = "$(date -u -d "$(openssl crl -in rsa.crl -noout -lastupdate | cut -d= -f2)" +%Y-%m-%dT%H:%M:%SZ)" ] && [ "$(sed -n "s/^Next update: *//p" out)" = "$(date -u -d "$(openssl crl -in rsa.crl -noout -nextupdate | cut -d= -f2)" +%Y-%m-%dT%H:%M:%SZ)" ]'
check "Authority key id, Delta CRL indicator none, Signature algorithm" sh -c \
  "[ \"\$(sed -n 's/^Authority key id: *//p' out)\" = '$ca_ski' ] && [ \"\$(sed -n 's/^Delta CRL indicator: *//p' out)\" = none ] && [ \"\$(sed -n 's/^Signature algorithm: *//p' out)\" = sha256WithRSAEncryption ]"
check "the entries with their reasons" sh -c \
  'grep -q "^  0A  revoked .*  reason keyCompromise\$" out && grep -q "^  0BAD  revoked .*  reason superseded\$" out'
pki crl show --json rsa.crl
check "--json has exactly the documented members" json_check out \
  'sorted(d) == sorted(["issuer", "version", "last_update", "next_update", "crl_number", "authority_key_identifier", "delta_crl_indicator", "signature_algorithm", "entry_count", "entries"])' \
  '"entry_count"'
check "--json values" json_check out \
  "d['issuer'] == 'CN=ca.example' and d['version'] == 2 and d['crl_number'] == '03' and d['authority_key_identifier'] == '$ca_ski' and d['delta_crl_indicator'] is None and d['entry_count'] == 2 and d['entries'] is None" \
  '"crl_number" : "03"'
pki crl show --json --entries rsa.crl
check "--json --entries: serials and reasons" json_check out \
  'sorted((e["serial"], e["reason"]) for e in d["entries"]) == [("0A", "keyCompromise"), ("0BAD", "superseded")]' '"0BAD"'
pki crl show rsa-empty.crl
check "an empty CRL: Entries 0, no entry lines" sh -c \
  '[ "$(sed -n "s/^Entries: *//p" out)" = 0 ] && ! grep -q "revoked" out'
pki crl show --json --entries rsa-empty.crl
check "  ... --json --entries: count 0, entries []" json_check out \
  'd["entry_count"] == 0 and d["entries"] == []' '"entry_count" : 0'
pki crl show ec.crl.der
check "show a DER CRL (detected)" [ "$(field 'CRL number')" = 02 ]
pki crl show --der ec.crl.der
check "show --der" [ "$(field 'Issuer')" = "CN=libpki test EC root" ]
pki_in rsa.crl crl show -
check "show - reads standard input" [ "$(field 'CRL number')" = 03 ]
fails "garbage.bin" "show a garbage file" crl show garbage.bin
fails "" "show an empty file" crl show empty
fails "" "show a certificate as a CRL" crl show ec-cert.pem
fails "" "show --der of a PEM CRL" crl show --der rsa.crl
fails "no-such.crl" "show a missing file" crl show no-such.crl

echo "# pki crl check (0 not revoked, 3 revoked, 1 error)"
pki crl check --crl rsa.crl issued.pem
status 3 "a revoked certificate: exit 3"
check "  ... says when and why" grep -q '^issued.pem (serial 0BAD): revoked on [0-9T:-]*Z, reason superseded$' out
pki crl check --crl rsa.crl --ca ca.pem issued.pem
status 3 "  ... with --ca too"
pki crl check --crl rsa-empty.crl --ca ca.pem issued.pem
status 0 "not in the CRL: exit 0"
check "  ... says not revoked" grep -q '^issued.pem (serial 0BAD): not revoked$' out
pki crl check --crl rsa.crl ossl-issued.pem
status 0 "a certificate openssl issued from the same CA, not revoked"
cat ec.crl.der >/dev/null
pki crl check --crl ec.crl.der --ca ec-root.pem chain-ec.pem
status 3 "a DER CRL, an EC CA"
check "  ... reason affiliationChanged" grep -q 'reason affiliationChanged$' out
pki cert issue --ca ca.pem --ca-key rsa.pem --req chain.csr --serial 7F03 --out noreason.pem
pki crl check --crl oca.crl --ca ca.pem noreason.pem
status 3 "revoked in openssl's CRL, without a reason"
check "  ... says no reason given" grep -q 'revoked on 2024-01-03T00:00:00Z, no reason given$' out
pki crl check --crl rsa.crl chain-ec.pem
[ $rc -eq 1 ] && grep -q "issued by" err
verdict "without --ca: a certificate from another issuer is an error (exit 1)"
fails "signature" "--ca: a CRL signed by another key in the CA's name" \
  crl check --crl impostor.crl --ca ca.pem issued.pem
fails "issued by" "--ca: a CRL from another CA" crl check --crl ed25519.crl --ca ca.pem issued.pem
fails "not issued" "--ca: a certificate from another CA" crl check --crl rsa.crl --ca ca.pem chain-ec.pem
fails "garbage.bin" "a garbage CRL" crl check --crl garbage.bin issued.pem
fails "garbage.bin" "a garbage certificate" crl check --crl rsa.crl garbage.bin
fails "no-such" "a missing certificate" crl check --crl rsa.crl no-such.pem
ossl_gencrl 01 oca-stale.crl -crl_lastupdate 20200101000000Z -crl_nextupdate 20200108000000Z
pki crl check --crl oca-stale.crl noreason.pem
[ $rc -eq 3 ] && grep -q "warning: .*2020-01-08T00:00:00Z" err && grep -q "no reason given" out
verdict "an out-of-date CRL: a warning on stderr, the verdict still given"

echo "# pki p12, p7, verify, rehash: help and usage errors"
pki --help
[ $rc -eq 0 ] && grep -q ' p12 ' out && grep -q ' p7 ' out && grep -q ' verify ' out && grep -q ' rehash ' out
verdict "pki --help lists p12, p7, verify and rehash"
pki p12 --help
[ $rc -eq 0 ] && grep -q 'show' out && grep -q 'pack' out && grep -q 'unpack' out
verdict "pki p12 --help lists show, pack and unpack"
pki p7 --help
[ $rc -eq 0 ] && grep -q 'show' out && grep -q 'pack' out
verdict "pki p7 --help lists show and pack"
for cmd in "p12 show" "p12 pack" "p12 unpack" "p7 show" "p7 pack" "verify" "rehash"; do
  pki $cmd --help
  [ $rc -eq 0 ] && grep -q "pki $cmd" out
  verdict "pki $cmd --help"
done
: >nothing.p12
usage "pki p12 show" "p12 show without FILE" p12 show --passphrase-file pw
usage "pki p12 show" "p12 show without a passphrase and no terminal" p12 show nothing.p12
err_has "--no-passphrase" "  ... the message names --no-passphrase"
usage "pki p12 show" "p12 show --no-passphrase with --passphrase-file" \
  p12 show --no-passphrase --passphrase-file pw nothing.p12
usage "pki p12 show" "p12 show with both passphrase sources" \
  p12 show --passphrase-file pw --passphrase-env PKI_TEST_PW nothing.p12
usage "pki p12 show" "p12 show: bundle and passphrase both standard input" \
  p12 show --passphrase-file - -
usage "pki p12 pack" "p12 pack without --cert" p12 pack --key ec.pem --passphrase-file pw --out x.p12
usage "pki p12 pack" "p12 pack without --key" p12 pack --cert ca.pem --passphrase-file pw --out x.p12
usage "pki p12 pack" "p12 pack without --out" p12 pack --cert ca.pem --key rsa.pem --passphrase-file pw
usage "pki p12 pack" "p12 pack without a passphrase and no terminal" \
  p12 pack --cert ca.pem --key rsa.pem --out x.p12
for bad in 0 abc -5 99999999999; do
  usage "pki p12 pack" "p12 pack --iterations $bad" \
    p12 pack --cert ca.pem --key rsa.pem --passphrase-file pw --iterations $bad --out x.p12
done
usage "pki p12 pack" "p12 pack: two inputs from standard input" \
  p12 pack --cert - --key - --passphrase-file pw --out x.p12
usage "pki p12 pack" "p12 pack with both key passphrase sources" p12 pack --cert ca.pem \
  --key rsa.pem --passphrase-file pw --key-passphrase-file pw --key-passphrase-env PKI_TEST_PW --out x.p12
usage "pki p12 unpack" "p12 unpack without FILE" p12 unpack --passphrase-file pw
usage "pki p12 unpack" "p12 unpack --key-passphrase-file without --out-key" \
  p12 unpack --passphrase-file pw --key-passphrase-file pw --out-cert c.pem nothing.p12
usage "pki p7 pack" "p7 pack with nothing to pack" p7 pack
usage "pki p7 pack" "p7 pack with an argument" p7 pack --cert ca.pem extra
usage "pki p7 show" "p7 show without FILE" p7 show
usage "pki verify" "verify without --ca or --ca-path" verify ca.pem
usage "pki verify" "verify without CERT" verify --ca ca.pem
usage "pki verify" "verify --host with --ip" verify --ca ca.pem --host a.example --ip 127.0.0.1 ca.pem
for bad in tomorrow 20301301000000Z 2030-02-30 203001010000Z; do
  usage "pki verify" "verify --at $bad" verify --ca ca.pem --at $bad ca.pem
done
usage "pki verify" "verify --purpose nosuch" verify --ca ca.pem --purpose nosuch ca.pem
err_has "sslserver" "  ... the message lists the purposes"
usage "pki verify" "verify --ip 1.2.3" verify --ca ca.pem --ip 1.2.3 ca.pem
usage "pki verify" "verify: two inputs from standard input" verify --ca - -
usage "pki rehash" "rehash without DIR" rehash
usage "pki rehash" "rehash with two DIRs" rehash a b

echo "# fixtures: a root, an intermediate and a server certificate"
pki key new --type ec --out v-root.key
pki cert selfsign --key v-root.key --subject "CN=pki test root,O=libpki tests" --ca --out v-root.pem
pki key new --type ec --out v-int.key
pki req new --key v-int.key --subject "CN=pki test intermediate,O=libpki tests" --out v-int.csr
pki cert issue --ca v-root.pem --ca-key v-root.key --req v-int.csr --profile ca --out v-int.pem
pki key new --type ec --out v-leaf.key
pki req new --key v-leaf.key --subject "CN=leaf.example,O=libpki tests" \
  --san DNS:leaf.example,IP:127.0.0.1 --out v-leaf.csr
pki cert issue --ca v-int.pem --ca-key v-int.key --req v-leaf.csr --profile server \
  --copy-extensions subjectAltName --out v-leaf.pem
status 0 "the server certificate is issued"
cat v-int.pem v-root.pem >v-cas.pem
openssl pkey -in v-leaf.key -aes256 -passout file:pw -out v-leaf-enc.key
leaf_subject=$(openssl x509 -in v-leaf.pem -noout -subject -nameopt RFC2253 | sed 's/^subject=//')
leaf_serial=$(openssl x509 -in v-leaf.pem -noout -serial | sed 's/^serial=//')
# pubkey_of OPENSSL-PKEY-ARGS...: the PEM public key of a private key, by openssl.
pubkey_of () { openssl pkey "$@" -pubout 2>/dev/null; }

echo "# pki p12 pack"
pki p12 pack --cert v-leaf.pem --key v-leaf.key --ca v-cas.pem --name "leaf key" \
  --passphrase-file pw --out b.p12
status 0 "pack a key, its certificate and two CA certificates"
check "  ... the bundle has mode 600" [ "$(mode_of b.p12)" = "-rw-------" ]
check "  ... openssl pkcs12 -info -noout accepts it" \
  openssl pkcs12 -info -noout -in b.p12 -passin file:pw
check "  ... it is AES-256 with PBKDF2 and a SHA-256 MAC, 2048 iterations" sh -c \
  'openssl pkcs12 -info -noout -in b.p12 -passin file:pw 2>&1 | grep -q "MAC: sha256, Iteration 2048" &&
   openssl pkcs12 -info -noout -in b.p12 -passin file:pw 2>&1 | grep -q "Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC"'
openssl pkcs12 -in b.p12 -passin file:pw -nocerts -nodes 2>/dev/null >b-key.pem
check "  ... openssl finds the key in it" [ "$(pubkey_of -in b-key.pem)" = "$(pubkey_of -in v-leaf.key)" ]
openssl pkcs12 -in b.p12 -passin file:pw -clcerts -nokeys 2>/dev/null >b-cert.pem
check "  ... and the certificate, with its friendly name" sh -c \
  'grep -q "friendlyName: leaf key" b-cert.pem &&
   [ "$(openssl x509 -in b-cert.pem -outform DER | od -An -tx1)" = "$(openssl x509 -in v-leaf.pem -outform DER | od -An -tx1)" ]'
check "  ... and the two CA certificates" sh -c \
  '[ "$(openssl pkcs12 -in b.p12 -passin file:pw -cacerts -nokeys 2>/dev/null | grep -c "BEGIN CERTIFICATE")" -eq 2 ]'
pki p12 pack --cert v-leaf.pem --key v-leaf.key --legacy --passphrase-env PKI_TEST_PW --out b-legacy.p12
status 0 "pack --legacy, passphrase from the environment"
check "  ... openssl pkcs12 -legacy -info -noout accepts it" \
  openssl pkcs12 -legacy -info -noout -in b-legacy.p12 -passin file:pw
check "  ... 3DES key, RC2-40 certificates, SHA-1 MAC" sh -c \
  'openssl pkcs12 -legacy -info -noout -in b-legacy.p12 -passin file:pw 2>&1 | grep -q "MAC: sha1" &&
   openssl pkcs12 -legacy -info -noout -in b-legacy.p12 -passin file:pw 2>&1 | grep -q "pbeWithSHA1And40BitRC2-CBC" &&
   openssl pkcs12 -legacy -info -noout -in b-legacy.p12 -passin file:pw 2>&1 | grep -q "pbeWithSHA1And3-KeyTripleDES-CBC"'
pki p12 pack --cert v-leaf.pem --key v-leaf.key --iterations 5000 --passphrase-file pw --out b-5000.p12
check "pack --iterations 5000: openssl sees 5000 iterations" sh -c \
  'openssl pkcs12 -info -noout -in b-5000.p12 -passin file:pw 2>&1 | grep -q "MAC: sha256, Iteration 5000"'
pki p12 pack --cert v-leaf.pem --key v-leaf-enc.key --key-passphrase-file pw --passphrase-file pw \
  --out b-enc.p12
status 0 "pack an encrypted key, --key-passphrase-file decrypts it"
pki p12 pack --cert v-leaf.pem --key v-leaf.key --passphrase-file empty --out b-empty.p12
check "pack with an empty passphrase: openssl reads it with -passin pass:" \
  openssl pkcs12 -info -noout -in b-empty.p12 -passin pass:
pki_in v-leaf.key p12 pack --cert v-leaf.pem --key - --passphrase-file pw --out b-stdin.p12
status 0 "pack a key from standard input"
fails "does not match" "pack a key that does not match the certificate" \
  p12 pack --cert v-leaf.pem --key v-int.key --passphrase-file pw --out b-bad.p12
check "  ... and writes nothing" [ ! -e b-bad.p12 ]
fails "v-leaf-enc.key" "pack an encrypted key without its passphrase" \
  p12 pack --cert v-leaf.pem --key v-leaf-enc.key --passphrase-file pw --out b-bad.p12
fails "v-leaf-enc.key" "pack an encrypted key with the wrong passphrase" \
  p12 pack --cert v-leaf.pem --key v-leaf-enc.key --key-passphrase-file pw-wrong --passphrase-file pw --out b-bad.p12
fails "garbage.bin" "pack a garbage certificate" \
  p12 pack --cert garbage.bin --key v-leaf.key --passphrase-file pw --out b-bad.p12
fails "garbage.bin" "pack a garbage key" \
  p12 pack --cert v-leaf.pem --key garbage.bin --passphrase-file pw --out b-bad.p12
fails "garbage.bin" "pack a garbage --ca" \
  p12 pack --cert v-leaf.pem --key v-leaf.key --ca garbage.bin --passphrase-file pw --out b-bad.p12
fails "no-such" "pack a missing --ca" \
  p12 pack --cert v-leaf.pem --key v-leaf.key --ca no-such.pem --passphrase-file pw --out b-bad.p12
fails "PKI_TEST_UNSET_VAR" "pack with an unset passphrase variable" \
  p12 pack --cert v-leaf.pem --key v-leaf.key --passphrase-env PKI_TEST_UNSET_VAR --out b-bad.p12

echo "# pki p12 show"
pki p12 show --passphrase-file pw b.p12
status 0 "show a bundle pki made"
[ "$(field "Key type")" = EC ] && [ "$(field "Key bits")" = 256 ] \
  && [ "$(field "Key matches cert")" = yes ] && [ "$(field "Friendly name")" = "leaf key" ]
verdict "  ... key type, match, friendly name"
[ "$(field MAC)" = "sha256, 2048 iterations" ] \
  && [ "$(field "Key encryption")" = "aes-256-cbc (PBKDF2, hmacWithSHA256), 2048 iterations" ] \
  && [ "$(field "Cert encryption")" = "aes-256-cbc (PBKDF2, hmacWithSHA256), 2048 iterations" ]
verdict "  ... MAC and encryption"
check "  ... the certificate and the CA certificates" sh -c \
  "grep -q '^  Subject: *$leaf_subject\$' out && grep -q '^CA certificate 2:' out &&
   [ \"\$(grep -c '^  Subject: *CN=pki test root' out)\" -eq 1 ]"
check "  ... a local key id" [ -n "$(field "Local key id" | grep "^[0-9A-F][0-9A-F]:")" ]
pki p12 show --json --passphrase-env PKI_TEST_PW b.p12
status 0 "show --json"
check "  ... the fields, as openssl has them" json_check out \
  "d['key'] == {'type': 'EC', 'bits': 256, 'curve': 'P-256'} and d['key_matches_certificate'] is True and d['certificate']['subject'] == '$leaf_subject' and d['certificate']['serial'] == '$leaf_serial' and len(d['ca_certificates']) == 2 and d['friendly_name'] == 'leaf key' and d['mac'] == {'digest': 'sha256', 'iterations': 2048} and d['key_encryption']['iterations'] == 2048 and d['certificate_encryption']['algorithm'].startswith('aes-256-cbc')" \
  '"key_matches_certificate" : true'
pki p12 show --passphrase-file pw b-legacy.p12
[ "$(field MAC)" = "sha1, 2048 iterations" ] \
  && [ "$(field "Key encryption")" = "pbeWithSHA1And3-KeyTripleDES-CBC, 2048 iterations" ] \
  && [ "$(field "Cert encryption")" = "pbeWithSHA1And40BitRC2-CBC, 2048 iterations" ] \
  && [ "$(field "CA certificates")" = none ] && [ "$(field "Friendly name")" = none ]
verdict "show a --legacy bundle: SHA-1 MAC, 3DES key, RC2 certificates"
pki p12 show --passphrase-file pw b-5000.p12
check "show --iterations 5000 bundle" [ "$(field MAC)" = "sha256, 5000 iterations" ]
pki p12 show --passphrase-file empty b-empty.p12
status 0 "show a bundle with an empty passphrase, from an empty passphrase file"
pki_in b.p12 p12 show --passphrase-env PKI_TEST_PW -
status 0 "show a bundle from standard input"
fails "wrong passphrase" "show with the wrong passphrase" p12 show --passphrase-file pw-wrong b.p12
fails "b.p12.*passphrase" "show --no-passphrase of a bundle that has one" p12 show --no-passphrase b.p12
fails "PKI_TEST_UNSET_VAR" "show with an unset passphrase variable" \
  p12 show --passphrase-env PKI_TEST_UNSET_VAR b.p12
fails "garbage.bin.*PKCS#12" "show a garbage file" p12 show --passphrase-file pw garbage.bin
fails "nothing.p12.*PKCS#12" "show an empty file" p12 show --passphrase-file pw nothing.p12
fails "v-leaf.pem.*PKCS#12" "show a certificate as a bundle" p12 show --passphrase-file pw v-leaf.pem
fails "no-such.p12" "show a missing file" p12 show --passphrase-file pw no-such.p12

echo "# bundles from openssl pkcs12 -export"
openssl pkcs12 -export -in v-leaf.pem -inkey v-leaf.key -certfile v-cas.pem -name "openssl made" \
  -passout file:pw -out o.p12 2>/dev/null
openssl pkcs12 -export -legacy -in v-leaf.pem -inkey v-leaf.key -certfile v-cas.pem \
  -passout file:pw -out o-legacy.p12 2>/dev/null
openssl pkcs12 -export -in v-leaf.pem -inkey v-leaf.key -passout pass: -out o-empty.p12 2>/dev/null
openssl pkcs12 -export -nokeys -in v-leaf.pem -passout file:pw -out o-nokey.p12 2>/dev/null
pki p12 show --passphrase-file pw o.p12
[ $rc -eq 0 ] && [ "$(field "Friendly name")" = "openssl made" ] && [ "$(field "Key matches cert")" = yes ] \
  && [ "$(field MAC)" = "sha256, 2048 iterations" ] && grep -q '^CA certificate 2:' out
verdict "show openssl's default bundle"
pki p12 show --passphrase-file pw o-legacy.p12
[ $rc -eq 0 ] && [ "$(field MAC)" = "sha1, 2048 iterations" ] \
  && [ "$(field "Cert encryption")" = "pbeWithSHA1And40BitRC2-CBC, 2048 iterations" ]
verdict "show openssl's -legacy bundle"
pki p12 show --passphrase-file empty o-empty.p12
status 0 "show openssl's bundle with an empty passphrase (-passout pass:)"
pki p12 show --passphrase-file pw o-nokey.p12
[ $rc -eq 0 ] && [ "$(field Key)" = none ] && grep -q "^  Subject: *$leaf_subject\$" out \
  && ! grep -q "Key matches" out
verdict "show openssl's bundle without a key (-nokeys): Key none"
for b in o o-legacy; do
  rm -f u-$b.key u-$b.pem u-$b-ca.pem
  pki p12 unpack --passphrase-file pw --out-key u-$b.key --out-cert u-$b.pem --out-ca u-$b-ca.pem $b.p12
  status 0 "unpack $b.p12"
  check "  ... the key, mode 600, is the original" sh -c \
    "[ \"\$(ls -l u-$b.key | cut -c 1-10)\" = -rw------- ] && grep -q 'BEGIN PRIVATE KEY' u-$b.key &&
     [ \"\$(openssl pkey -in u-$b.key -pubout)\" = \"\$(openssl pkey -in v-leaf.key -pubout)\" ]"
  check "  ... the certificate is the original" cmp -s u-$b.pem v-leaf.pem
  check "  ... the CA certificates are the originals" cmp -s u-$b-ca.pem v-cas.pem
done

echo "# pki p12 unpack"
pki p12 unpack --passphrase-file pw b.p12
[ $rc -eq 0 ] && [ "$(grep -c 'BEGIN CERTIFICATE' out)" -eq 3 ] && ! grep -q 'PRIVATE KEY' out \
  && grep -q -e '--out-key' err
verdict "unpack without --out-*: the certificates on standard output, not the unencrypted key"
head -n "$(grep -n 'END CERTIFICATE' out | head -n 1 | cut -d: -f1)" out >u-first.pem
check "  ... the key's certificate first" cmp -s u-first.pem v-leaf.pem
pki p12 unpack --passphrase-file pw --key-passphrase-env PKI_TEST_PW b.p12
[ $rc -eq 0 ] && grep -q 'BEGIN ENCRYPTED PRIVATE KEY' out && [ "$(grep -c 'BEGIN CERTIFICATE' out)" -eq 3 ]
verdict "unpack --key-passphrase-env: the key encrypted on standard output too"
check "  ... openssl decrypts it" sh -c \
  '[ "$(openssl pkey -in out -passin file:pw -pubout)" = "$(openssl pkey -in v-leaf.key -pubout)" ]'
pki p12 unpack --passphrase-file pw --out-key u-enc.key --key-passphrase-file pw b-legacy.p12
[ $rc -eq 0 ] && [ "$(mode_of u-enc.key)" = "-rw-------" ] && grep -q 'BEGIN ENCRYPTED PRIVATE KEY' u-enc.key \
  && openssl pkey -in u-enc.key -passin file:pw -noout
verdict "unpack --out-key --key-passphrase-file: an encrypted key openssl reads"
pki p12 unpack --passphrase-file pw --out-cert u-only.pem b.p12
[ $rc -eq 0 ] && cmp -s u-only.pem v-leaf.pem && [ ! -s out ]
verdict "unpack --out-cert alone writes only the certificate"
pki p12 unpack --passphrase-file pw --out-ca u-noca.pem b-legacy.p12
check "unpack --out-ca of a bundle without CA certificates: an empty file" sh -c \
  "[ $rc -eq 0 ] && [ -e u-noca.pem ] && [ ! -s u-noca.pem ]"
fails "wrong passphrase" "unpack with the wrong passphrase" \
  p12 unpack --passphrase-file pw-wrong --out-key u-wrong.key b.p12
check "  ... writes nothing" [ ! -e u-wrong.key ]
fails "no private key" "unpack --out-key of a bundle without a key" \
  p12 unpack --passphrase-file pw --out-key u-wrong.key o-nokey.p12
fails "empty passphrase" "unpack with an empty --key-passphrase-file" \
  p12 unpack --passphrase-file pw --out-key u-wrong.key --key-passphrase-file empty b.p12
fails "garbage.bin" "unpack a garbage file" p12 unpack --passphrase-file pw garbage.bin
fails "no-such-dir" "unpack into a missing directory" \
  p12 unpack --passphrase-file pw --out-cert no-such-dir/c.pem b.p12

echo "# pki p7"
pki p7 pack --cert v-leaf.pem --cert v-cas.pem --out chain.p7b
status 0 "pack a chain (a file with two certificates among them)"
check "  ... openssl pkcs7 -print_certs reads the three, in order" sh -c \
  '[ "$(openssl pkcs7 -in chain.p7b -print_certs -noout | sed -n "s/^subject=.*CN = //p" | tr "\n" /)" = "leaf.example/pki test intermediate/pki test root/" ]'
pki p7 pack --cert v-leaf.pem --der --out chain.p7b.der
check "pack --der: openssl reads it" sh -c \
  'openssl pkcs7 -inform DER -in chain.p7b.der -print_certs -noout | grep -q "CN = leaf.example"'
pki crl new --ca v-int.pem --ca-key v-int.key --out v-int.crl
pki crl revoke --crl v-int.crl --ca v-int.pem --ca-key v-int.key --cert v-leaf.pem --reason keyCompromise
pki crl new --ca v-root.pem --ca-key v-root.key --out v-root.crl
pki p7 pack --cert v-int.pem --crl v-int.crl --crl v-root.crl --out crls.p7b
status 0 "pack a certificate and two CRLs"
check "  ... openssl pkcs7 -print_certs shows the CRLs" sh -c \
  '[ "$(openssl pkcs7 -in crls.p7b -print_certs -noout | grep -c "Certificate Revocation List")" -eq 2 ]'
pki p7 show chain.p7b
[ $rc -eq 0 ] && [ "$(field Type)" = pkcs7-signedData ] && [ "$(field Certificates)" = 3 ] \
  && [ "$(field CRLs)" = 0 ] && grep -q "^  Subject: *$leaf_subject\$" out \
  && grep -q "^  Serial: *$leaf_serial\$" out
verdict "show: type, the certificates with subject and serial"
pki p7 show --der chain.p7b.der
check "show --der" sh -c "[ $rc -eq 0 ] && grep -q '^Certificates: *1\$' out"
openssl crl2pkcs7 -in v-int.crl -certfile v-cas.pem -out ossl.p7b 2>/dev/null
pki p7 show --json ossl.p7b
status 0 "show --json of openssl crl2pkcs7's output"
check "  ... its certificates and CRL" json_check out \
  "d['type'] == 'pkcs7-signedData' and [c['subject'] for c in d['certificates']] == ['CN=pki test intermediate,O=libpki tests', 'CN=pki test root,O=libpki tests'] and d['crls'][0]['issuer'] == 'CN=pki test intermediate,O=libpki tests' and d['crls'][0]['entry_count'] == 1" \
  '"entry_count" : 1'
pki p7 show crls.p7b
[ $rc -eq 0 ] && [ "$(field CRLs)" = 2 ] && grep -q '^  Entries: *1$' out && grep -q '^  Entries: *0$' out \
  && [ "$(grep -c '^  Issuer: *CN=pki test' out)" -eq 3 ]
verdict "show: each CRL's issuer and entry count"
fails "garbage.bin" "show a garbage file" p7 show garbage.bin
fails "v-leaf.pem" "show a certificate as PKCS#7" p7 show v-leaf.pem
fails "no-such" "show a missing file" p7 show no-such.p7b
fails "garbage.bin" "pack a garbage certificate" p7 pack --cert garbage.bin
fails "garbage.bin" "pack a garbage CRL" p7 pack --crl garbage.bin
fails "no-such" "pack a missing CRL" p7 pack --cert v-leaf.pem --crl no-such.crl

echo "# pki verify, against openssl verify"
# ossl_code ARGS...: openssl verify's error number, or OK.
ossl_code () {
  openssl verify "$@" >ov.out 2>&1 && { echo OK; return; }
  sed -n 's/^error \([0-9]*\) at .*/\1/p' ov.out | head -n 1
}
# pki_code: the error number of the last pki verify, or OK.
pki_code () {
  if [ $rc -eq 0 ] && grep -q ': OK$' out; then echo OK; return; fi
  [ $rc -eq 1 ] && sed -n 's/^pki: .*verification failed: .* (error \([0-9]*\) at depth [0-9]*.*/\1/p' err
}
# agree DESCRIPTION WANT PKI-ARGS -- OPENSSL-ARGS: pki verify and openssl
# verify both give WANT (OK or an error number).
agree () {
  desc=$1 want=$2; shift 2
  pargs=; while [ "$1" != -- ]; do pargs="$pargs $1"; shift; done; shift
  pki verify $pargs
  got=$(pki_code) ogot=$(ossl_code "$@")
  if [ "$got" = "$want" ] && [ "$ogot" = "$want" ]; then ok "$desc"
  else not_ok "$desc (pki $got, openssl $ogot, wanted $want)"; fi
}
agree "a good chain: OK" OK --ca v-root.pem --untrusted v-int.pem v-leaf.pem \
  -- -CAfile v-root.pem -untrusted v-int.pem v-leaf.pem
check "  ... the chain, leaf first, and OK" sh -c \
  '[ "$(cat out)" = "$(printf "depth 0: %s\ndepth 1: %s\ndepth 2: %s\nv-leaf.pem: OK" \
      "CN=leaf.example,O=libpki tests" "CN=pki test intermediate,O=libpki tests" "CN=pki test root,O=libpki tests")" ]'
pki verify --json --ca v-root.pem --untrusted v-int.pem v-leaf.pem
check "verify --json: verified, the chain" json_check out \
  "d['verified'] is True and d['error'] is None and [c['subject'] for c in d['chain']] == ['CN=leaf.example,O=libpki tests', 'CN=pki test intermediate,O=libpki tests', 'CN=pki test root,O=libpki tests'] and d['chain'][0]['serial'] == '$leaf_serial'" \
  '"verified" : true'
agree "the intermediate missing: 20" 20 --ca v-root.pem v-leaf.pem -- -CAfile v-root.pem v-leaf.pem
pki key new --type ec --out v-other.key
pki cert selfsign --key v-other.key --subject "CN=another root" --ca --out v-other.pem
agree "an untrusted root: 19" 19 --ca v-other.pem --untrusted v-cas.pem v-leaf.pem \
  -- -CAfile v-other.pem -untrusted v-cas.pem v-leaf.pem
check "  ... one line: message, error number, depth, subject" sh -c \
  '[ "$(wc -l <err)" -eq 1 ] && grep -q "^pki: v-leaf.pem: verification failed: self.signed certificate in certificate chain (error 19 at depth 2, CN=pki test root,O=libpki tests)$" err'
pki verify --json --ca v-other.pem --untrusted v-cas.pem v-leaf.pem
[ $rc -eq 1 ] && json_check out \
  "d['verified'] is False and d['chain'] is None and d['error']['code'] == 19 and d['error']['depth'] == 2 and d['error']['subject'] == 'CN=pki test root,O=libpki tests'" \
  '"code" : 19'
verdict "verify --json of a failure: the error, exit 1"
agree "--partial-chain trusts the intermediate: OK" OK --ca v-int.pem --partial-chain v-leaf.pem \
  -- -CAfile v-int.pem -partial_chain v-leaf.pem
agree "  ... without it: 2" 2 --ca v-int.pem v-leaf.pem -- -CAfile v-int.pem v-leaf.pem
openssl req -x509 -days 1 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=short-lived \
  -keyout v-short.key -out v-short.pem 2>/dev/null
later=$(date -u -d '+3 days' +%Y%m%d%H%M%SZ) later_iso=$(date -u -d '+3 days' +%Y-%m-%dT%H:%M:%SZ)
later_epoch=$(date -u -d '+3 days' +%s)
agree "a 1-day certificate today: OK" OK --ca v-short.pem v-short.pem -- -CAfile v-short.pem v-short.pem
agree "  ... --at in 3 days (YYYYMMDDhhmmssZ): expired, 10" 10 --ca v-short.pem --at $later v-short.pem \
  -- -CAfile v-short.pem -attime $later_epoch v-short.pem
agree "  ... --at in 3 days (ISO 8601): expired, 10" 10 --ca v-short.pem --at $later_iso v-short.pem \
  -- -CAfile v-short.pem -attime $later_epoch v-short.pem
agree "  ... --at 2000-01-01: not yet valid, 9" 9 --ca v-short.pem --at 2000-01-01 v-short.pem \
  -- -CAfile v-short.pem -attime 946684800 v-short.pem
agree "--host leaf.example: OK" OK --ca v-root.pem --untrusted v-int.pem --host leaf.example v-leaf.pem \
  -- -CAfile v-root.pem -untrusted v-int.pem -verify_hostname leaf.example v-leaf.pem
agree "a wrong --host: 62" 62 --ca v-root.pem --untrusted v-int.pem --host other.example v-leaf.pem \
  -- -CAfile v-root.pem -untrusted v-int.pem -verify_hostname other.example v-leaf.pem
agree "--ip 127.0.0.1: OK" OK --ca v-root.pem --untrusted v-int.pem --ip 127.0.0.1 v-leaf.pem \
  -- -CAfile v-root.pem -untrusted v-int.pem -verify_ip 127.0.0.1 v-leaf.pem
agree "a wrong --ip: 64" 64 --ca v-root.pem --untrusted v-int.pem --ip 10.0.0.1 v-leaf.pem \
  -- -CAfile v-root.pem -untrusted v-int.pem -verify_ip 10.0.0.1 v-leaf.pem
agree "a wrong --email: 63" 63 --ca v-root.pem --untrusted v-int.pem --email a@leaf.example v-leaf.pem \
  -- -CAfile v-root.pem -untrusted v-int.pem -verify_email a@leaf.example v-leaf.pem
agree "--purpose sslserver: OK" OK --ca v-root.pem --untrusted v-int.pem --purpose sslserver v-leaf.pem \
  -- -CAfile v-root.pem -untrusted v-int.pem -purpose sslserver v-leaf.pem
agree "--purpose sslclient of a server certificate: 26" 26 --ca v-root.pem --untrusted v-int.pem \
  --purpose sslclient v-leaf.pem -- -CAfile v-root.pem -untrusted v-int.pem -purpose sslclient v-leaf.pem
agree "the CRLs revoke the leaf: 23" 23 --ca v-root.pem --untrusted v-int.pem --crl v-int.crl \
  --crl v-root.crl v-leaf.pem -- -CAfile v-root.pem -untrusted v-int.pem -crl_check_all \
  -CRLfile v-int.crl -CRLfile v-root.crl v-leaf.pem
pki crl new --ca v-int.pem --ca-key v-int.key --out v-int-empty.crl
agree "the whole chain is checked: no CRL for the intermediate, 3" 3 --ca v-root.pem \
  --untrusted v-int.pem --crl v-int-empty.crl v-leaf.pem -- -CAfile v-root.pem -untrusted v-int.pem \
  -crl_check_all -CRLfile v-int-empty.crl v-leaf.pem
agree "  ... with both CRLs and nothing revoked: OK" OK --ca v-root.pem --untrusted v-int.pem \
  --crl v-int-empty.crl --crl v-root.crl v-leaf.pem -- -CAfile v-root.pem -untrusted v-int.pem \
  -crl_check_all -CRLfile v-int-empty.crl -CRLfile v-root.crl v-leaf.pem
agree "the intermediate is not revoked: OK" OK --ca v-root.pem --crl v-root.crl v-int.pem \
  -- -CAfile v-root.pem -crl_check_all -CRLfile v-root.crl v-int.pem
openssl x509 -in v-root.pem -outform DER -out v-root.der
pki verify --ca v-root.der --untrusted v-int.pem v-leaf.pem
status 0 "verify with a DER --ca"
pki_in v-leaf.pem verify --ca v-root.pem --untrusted v-int.pem -
status 0 "verify a certificate from standard input"
fails "garbage.bin" "verify a garbage certificate" verify --ca v-root.pem garbage.bin
fails "garbage.bin" "verify with a garbage --ca" verify --ca garbage.bin v-leaf.pem
fails "garbage.bin" "verify with a garbage --untrusted" verify --ca v-root.pem --untrusted garbage.bin v-leaf.pem
fails "garbage.bin" "verify with a garbage --crl" verify --ca v-root.pem --crl garbage.bin v-leaf.pem
fails "no-such" "verify a missing certificate" verify --ca v-root.pem no-such.pem
fails "no-such-dir" "verify with a missing --ca-path" verify --ca-path no-such-dir v-leaf.pem

echo "# pki rehash"
mkdir -p hashed
cp v-root.pem hashed/root.pem
cp v-int.pem hashed/int.crt
cp v-int.crl hashed/int.crl
cp v-root.pem hashed/x-root-copy.cer
cp v-cas.pem hashed/two.pem
cp garbage.bin hashed/junk.pem
cp v-leaf.pem hashed/leaf.txt
# Another root with the same subject: the same hash, the next number.
pki key new --type ec --out v-root2.key
pki cert selfsign --key v-root2.key --subject "CN=pki test root,O=libpki tests" --ca --out hashed/root2.pem
ln -s root.pem hashed/00000000.0
ln -s int.crl hashed/00000000.r3
echo kept >hashed/0000000a.0
pki rehash hashed
status 0 "rehash a directory"
root_hash=$(openssl x509 -hash -noout -in v-root.pem)
int_hash=$(openssl x509 -hash -noout -in v-int.pem)
crl_hash=$(openssl crl -hash -noout -in v-int.crl)
check "  ... links named as openssl x509 -hash and openssl crl -hash say" sh -c \
  "[ \"\$(readlink hashed/$int_hash.0)\" = int.crt ] && [ \"\$(readlink hashed/$crl_hash.r0)\" = int.crl ] &&
   [ \"\$(readlink hashed/$root_hash.0)\" = root.pem ] && [ \"\$(readlink hashed/$root_hash.1)\" = root2.pem ]"
check "  ... it says what it linked" sh -c \
  "grep -q '^$root_hash.0 -> root.pem\$' out && grep -q '^$crl_hash.r0 -> int.crl\$' out && [ \"\$(wc -l <out)\" -eq 4 ]"
check "  ... stale hash links removed, other files kept" sh -c \
  '[ ! -e hashed/00000000.0 ] && [ ! -L hashed/00000000.r3 ] && [ "$(cat hashed/0000000a.0)" = kept ]'
check "  ... four links in all" [ "$(find hashed -type l | wc -l)" -eq 4 ]
check "  ... warnings for the duplicate, the two-certificate file and the junk" sh -c \
  'grep -q "x-root-copy.cer.*same certificate as root.pem" err && grep -q "two.pem.*2 certificates" err && grep -q "junk.pem" err'
find hashed -type l | sort >links-1
pki rehash hashed
find hashed -type l | sort >links-2
check "rehash again: the same links" sh -c "[ $rc -eq 0 ] && cmp -s links-1 links-2"
mkdir -p ossl-hashed
cp hashed/root.pem hashed/int.crt hashed/int.crl hashed/root2.pem ossl-hashed/
openssl rehash ossl-hashed 2>/dev/null
check "  ... the links openssl rehash makes" sh -c \
  '[ "$(cd hashed && find . -type l | sort | xargs -n 1 readlink | tr "\n" " ")" = "$(cd ossl-hashed && find . -type l | sort | xargs -n 1 readlink | tr "\n" " ")" ]'
agree "openssl verify -CApath and pki verify --ca-path accept it" OK --ca-path hashed v-leaf.pem \
  -- -CApath hashed v-leaf.pem
agree "  ... and find the CRL in it: revoked, 23" 23 --ca-path hashed --crl v-int.crl v-leaf.pem \
  -- -CApath hashed -crl_check v-leaf.pem
mkdir -p empty-dir
pki rehash empty-dir
check "rehash an empty directory" sh -c "[ $rc -eq 0 ] && [ ! -s out ]"
fails "no-such-dir" "rehash a missing directory" rehash no-such-dir
fails "v-leaf.pem" "rehash a file" rehash v-leaf.pem

echo "# pki fetch: TLS servers on 127.0.0.1"
usage "pki fetch" "fetch without HOST:PORT" fetch
usage "pki fetch" "fetch with two addresses" fetch 127.0.0.1:1 127.0.0.1:2
for bad in 127.0.0.1 127.0.0.1: :443 127.0.0.1:abc 127.0.0.1:-1 127.0.0.1:0 127.0.0.1:65536 \
           127.0.0.1:99999999999 ::1:443 '[::1]' '[::1' '[]:443' '[abc]:443' '[::1]x443'; do
  usage "pki fetch" "fetch '$bad': a bad HOST:PORT" fetch "$bad"
done
pki fetch --help
[ $rc -eq 0 ] && grep -q "pki fetch" out && grep -q -e '--ca-path' out && grep -q -e '--json' out \
  && grep -q -e '--pem' out
verdict "pki fetch --help"
pki --help
check "pki --help lists fetch" grep -q ' fetch ' out

# The servers are `openssl s_server -naccept 1` on 127.0.0.1, one per
# connection.  Readiness is read from /proc/net/tcp, not probed with a
# connection, which would use up the server's one accept.
# port_hex PORT: the port as /proc/net/tcp writes it.
port_hex () { printf '%04X' "$1"; }
# port_seen PORT: some socket uses PORT, locally or remotely, in any state.
port_seen () { grep -q -i -e ":$(port_hex "$1") " /proc/net/tcp; }
# listening PORT: a socket listens on 127.0.0.1:PORT.
listening () { grep -q -i -e "^ *[0-9]*: 0100007F:$(port_hex "$1") 00000000:0000 0A " /proc/net/tcp; }
# free_port: a port in 20000-39999 that no socket uses, in $port.
free_port () {
  for try in 1 2 3 4 5 6 7 8 9 10; do
    port=$((20000 + $(od -An -N2 -tu2 /dev/urandom) % 20000))
    port_seen $port || return 0
  done
  return 1
}
# serve CERT KEY [S_SERVER-ARGS...]: starts a one-connection TLS server
# on 127.0.0.1:$port (pid in $server_pid); waits at most 5 s for it.
serve () {
  cert=$1 key=$2; shift 2
  for attempt in 1 2 3; do
    free_port || return 1
    openssl s_server -accept 127.0.0.1:$port -cert "$cert" -key "$key" -naccept 1 -quiet "$@" \
      </dev/null >server.log 2>&1 &
    server_pid=$!
    i=0
    while [ $i -lt 50 ]; do
      listening $port && return 0
      kill -0 $server_pid 2>/dev/null || break
      sleep 0.1; i=$((i + 1))
    done
    stop_server
  done
  return 1
}
# stop_server: ends the server (it has served its one connection, or not).
stop_server () {
  if [ -n "$server_pid" ]; then
    kill $server_pid 2>/dev/null
    wait $server_pid 2>/dev/null
    server_pid=
  fi
}
# fetch ARGS...: pki fetch ARGS, bounded by 30 s (exit 124 when it hangs),
# then stops the server.
fetch () { timeout 30 "$PKI" fetch "$@" </dev/null >out 2>err; rc=$?; stop_server; }
# ossl_sha256 CERT: openssl's SHA-256 fingerprint of CERT, AB:CD:...
ossl_sha256 () { openssl x509 -in "$1" -noout -fingerprint -sha256 | sed 's/^.*=//'; }
# fetch_fails CODE MESSAGE DESCRIPTION: the last fetch exited 1 with one
# line on stderr: MESSAGE and the error number CODE.
fetch_fails () {
  if [ $rc -eq 1 ] && [ "$(wc -l <err)" -eq 1 ] \
     && grep -q "^pki: 127.0.0.1:$port: verification failed: $2 (error $1)\$" err; then
    ok "$3"
  else
    not_ok "$3 (exit $rc)"
  fi
}

if [ ! -r /proc/net/tcp ]; then
  echo "# /proc/net/tcp is not readable: skipping the pki fetch checks that need a server"
else
  if free_port; then
    fetch 127.0.0.1:$port --ca v-root.pem
    if [ $rc -eq 1 ] && [ "$(wc -l <err)" -eq 1 ] \
       && grep -q -i "^pki: cannot connect to 127.0.0.1 port $port: connection refused\$" err; then
      ok "fetch from a closed port: exit 1, cannot connect"
    else
      not_ok "fetch from a closed port: exit 1, cannot connect (exit $rc)"
    fi
  fi

  leaf_sha256=$(ossl_sha256 v-leaf.pem)
  if serve v-leaf.pem v-leaf.key -cert_chain v-int.pem; then
    fetch 127.0.0.1:$port --ca v-root.pem
    [ $rc -eq 0 ] && [ ! -s err ] && [ "$(grep '^depth' out)" = "$(printf 'depth 0: %s\ndepth 1: %s' \
        'CN=leaf.example,O=libpki tests' 'CN=pki test intermediate,O=libpki tests')" ] \
      && grep -q "^  Issuer: *CN=pki test intermediate,O=libpki tests\$" out \
      && grep -q "^  Not after: *[0-9-]*T[0-9:]*Z\$" out \
      && grep -q "^  SHA-256: *$leaf_sha256\$" out \
      && [ "$(tail -n 1 out)" = "127.0.0.1:$port: OK" ]
    verdict "fetch a chain valid for 127.0.0.1: leaf and intermediate, OK, exit 0"
  else
    not_ok "start openssl s_server on 127.0.0.1"
  fi
  if serve v-leaf.pem v-leaf.key -cert_chain v-int.pem; then
    fetch 127.0.0.1:$port --json --ca v-root.pem
    [ $rc -eq 0 ] && json_check out \
      "d['host'] == '127.0.0.1' and d['port'] == $port and d['verified'] is True and d['verify_code'] == 0 and d['verify_message'] == 'OK' and len(d['chain']) == 2 and d['chain'][0]['subject'] == 'CN=leaf.example,O=libpki tests' and d['chain'][0]['sha256_fingerprint'] == '$leaf_sha256' and d['chain'][1]['issuer'] == 'CN=pki test root,O=libpki tests' and d['chain'][0]['pem'] is None" \
      '"verified" : true'
    verdict "fetch --json: verified, code 0, the chain; the fingerprint is openssl's"
  else
    not_ok "start openssl s_server on 127.0.0.1"
  fi
  if serve v-leaf.pem v-leaf.key -cert_chain v-int.pem; then
    fetch 127.0.0.1:$port --pem --ca-path hashed
    cat v-leaf.pem v-int.pem >fetch-want.pem
    [ $rc -eq 0 ] && [ "$(sed -n '/^-----BEGIN/,/^-----END/p' out)" = "$(cat fetch-want.pem)" ]
    verdict "fetch --pem --ca-path: OK, and the PEM of each certificate"
  else
    not_ok "start openssl s_server on 127.0.0.1"
  fi
  if serve v-leaf.pem v-leaf.key -cert_chain v-int.pem; then
    fetch 127.0.0.1:$port --ca v-other.pem
    fetch_fails 20 "unable to get local issuer certificate" "fetch with an untrusted CA: exit 1, error 20"
    check "  ... the chain is still printed" grep -q '^depth 1: CN=pki test intermediate' out
  else
    not_ok "start openssl s_server on 127.0.0.1"
  fi
  if serve v-leaf.pem v-leaf.key; then
    fetch 127.0.0.1:$port
    fetch_fails 20 "unable to get local issuer certificate" "fetch against the system's CAs: exit 1"
  else
    not_ok "start openssl s_server on 127.0.0.1"
  fi

  if [ -n "${PKI_TEST_SHARED:-}" ] && [ -d "$PKI_TEST_SHARED/pyopenssl-vectors" ]; then
    pv=$PKI_TEST_SHARED/pyopenssl-vectors
    if serve $pv/server_cert.pem $pv/server_key.pem; then
      fetch 127.0.0.1:$port --ca $pv/root_cert.pem
      fetch_fails 64 "IP address mismatch" \
        "fetch pyOpenSSL's server (not valid for 127.0.0.1): exit 1, IP address mismatch"
      check "  ... the chain: CN=lovely server" grep -q '^depth 0: CN=lovely server$' out
    else
      not_ok "start openssl s_server on 127.0.0.1"
    fi
    if serve $pv/server_cert.pem $pv/server_key.pem; then
      fetch 127.0.0.1:$port --json --ca $pv/root_cert.pem
      [ $rc -eq 1 ] && json_check out \
        "d['verified'] is False and d['verify_code'] == 64 and d['verify_message'] == 'IP address mismatch' and len(d['chain']) == 1 and d['chain'][0]['subject'] == 'CN=lovely server' and d['chain'][0]['sha256_fingerprint'] == '$(ossl_sha256 $pv/server_cert.pem)'" \
        '"verified" : false'
      verdict "fetch --json of pyOpenSSL's server: verified false, code 64, openssl's fingerprint"
    else
      not_ok "start openssl s_server on 127.0.0.1"
    fi
  else
    echo "# PKI_TEST_SHARED/pyopenssl-vectors is absent: skipping fetch from pyOpenSSL's server"
  fi
fi

if [ -n "${PKI_TEST_SHARED:-}" ] && [ -d "$PKI_TEST_SHARED/pyopenssl-vectors" ]; then
  echo "# pki cert: pyOpenSSL's test certificates"
  v=$PKI_TEST_SHARED/pyopenssl-vectors
  for f in root_cert.pem server_cert.pem intermediate_cert.pem ec_root_cert_p384.pem old_root_cert.pem; do
    pki cert fingerprint $v/$f
    check "fingerprint of $f is openssl's" [ "$(cat out)" = "$(openssl x509 -in $v/$f -noout -fingerprint -sha256)" ]
  done
  for f in root_cert.pem server_cert.pem old_root_cert.pem ec_root_cert_p384.pem; do
    pki cert show $v/$f
    check "Serial of $f is openssl's" \
      [ "serial=$(field Serial)" = "$(openssl x509 -in $v/$f -noout -serial)" ]
  done
  pki cert fingerprint --digest sha1 $v/root_cert.der
  check "fingerprint of root_cert.der" [ "$(cat out)" = "$(openssl x509 -inform DER -in $v/root_cert.der -noout -fingerprint -sha1)" ]
  pki cert show $v/old_root_cert.pem
  check "an expired certificate shows Expired: yes" [ "$(field Expired)" = yes ]
  pki cert show --json $v/ec_root_cert_p384.pem
  check "the P-384 root: key and signature" json_check out \
    'd["key"] == {"type": "EC", "bits": 384, "curve": "P-384"} and d["signature_algorithm"] == "ecdsa-with-SHA384"' 'P-384'
  pki cert show $v/bogus_sigalg_cert.pem
  [ $rc -eq 0 ] && grep -q '^Signature algorithm: *unknown (' out
  verdict "an unknown signature algorithm shows as unknown (...)"
  pki cert show --json $v/nulbyte_san_cert.pem
  [ $rc -eq 0 ] && json_check out \
    '[n["value"] for n in d["subject_alt_names"]][:3] == ["altnull.python.org\\0example.com", "null@python.org\\0user@example.org", "http://null.python.org\\0http://example.org"]' \
    'altnull.python.org\\\\0example.com'
  verdict "NUL bytes in subjectAltName values show as backslash-zero, not cut"
  pki cert show $v/nulbyte_san_cert.pem
  check "  ... in the text output too" grep -q 'DNS:altnull.python.org\\0example.com' out
  pki cert convert --to der $v/root_cert.pem
  check "convert root_cert.pem --to der is root_cert.der" cmp -s out $v/root_cert.der
fi

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
  # p12 pack asks twice for the bundle's passphrase (and refuses two
  # different answers); p12 show asks once.
  python3 - "$PKI" <<'EOF' >prompt-p12.out 2>&1
import os, pty, select, sys, time
def run(args, answers):
    pid, fd = pty.fork()
    if pid == 0:
        os.execv(sys.argv[1], [sys.argv[1]] + args)
    out, i, deadline = b"", 0, time.time() + 20
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
        if i < len(answers) and out.count(b"Enter passphrase for") > i:
            os.write(fd, answers[i] + b"\n")
            i += 1
    _, status = os.waitpid(pid, 0)
    sys.stdout.write(out.decode(errors="replace"))
    return os.waitstatus_to_exitcode(status), out
pack = ["p12", "pack", "--cert", "v-leaf.pem", "--key", "v-leaf.key", "--out"]
s1, o1 = run(pack + ["tty.p12"], [b"tty pass", b"tty pass"])
s2, o2 = run(pack + ["tty2.p12"], [b"tty pass", b"typo"])
s3, o3 = run(["p12", "show", "tty.p12"], [b"tty pass"])
ok = (s1 == 0 and b"tty.p12 (again):" in o1 and s2 == 1 and b"differ" in o2
      and not os.path.exists("tty2.p12") and s3 == 0 and b"Key matches cert:    yes" in o3
      and b"tty pass" not in o1 + o3)
sys.exit(0 if ok else 1)
EOF
  verdict "p12 pack asks for the passphrase twice on the terminal, p12 show once"
fi

echo "cli: $passed passed, $failed failed"
[ $failed -eq 0 ]
