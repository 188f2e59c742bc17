#!/bin/sh
# A short tour of the pki command, run by `make demo`: it works in a fresh
# empty directory (removed at the end), prints each command before running
# it, and checks with the real `openssl` that what pki writes is readable.
#
#   PKI=/abs/path/to/pki sh tools/demo.sh
set -eu

PKI=${PKI:-./tools/pki}
case $PKI in /*) ;; *) PKI=$(pwd)/$PKI ;; esac
if [ ! -x "$PKI" ]; then
  echo "demo: no pki at $PKI; build it first with make" >&2
  exit 1
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/pki-demo.XXXXXX")
trap 'cd / && rm -rf "$work"' EXIT
trap 'exit 1' INT TERM HUP
cd "$work"

heading () { printf '\n== %s\n' "$*"; }
# pki ARGS...: prints the command (arguments with spaces quoted, so it can
# be pasted back), then runs it.
pki () {
  line='$ pki'
  for arg in "$@"; do
    case $arg in
      *[[:space:]]* | '') line="$line '$arg'" ;;
      *) line="$line $arg" ;;
    esac
  done
  echo "$line"
  "$PKI" "$@"
}
# ossl ARGS...: prints an openssl command (its arguments have no spaces),
# then runs it.
ossl () {
  echo "\$ openssl $*"
  openssl "$@"
}
# openssl_reads ARGS...: shows that `openssl pkey` reads a key pki wrote.
openssl_reads () {
  echo "\$ openssl pkey $* -noout"
  openssl pkey "$@" -noout
  echo "(openssl read it)"
}

echo "pki demo, in $work"

heading "pki and the OpenSSL it runs on"
pki version

heading "generating an RSA key (2048 bits)"
pki key new --type rsa --bits 2048 --out rsa.pem
echo "rsa.pem: $(head -n 1 rsa.pem), mode $(ls -l rsa.pem | cut -c 1-10)"
pki key show rsa.pem
openssl_reads -in rsa.pem

heading "generating an EC P-256 key"
pki key new --type ec --curve P-256 --out ec.pem
pki key show --json ec.pem
openssl_reads -in ec.pem

heading "generating an Ed25519 key, in DER"
pki key new --type ed25519 --der --out ed25519.der
pki key show ed25519.der
openssl_reads -inform DER -in ed25519.der

heading "generating an AES-256 encrypted key, passphrase from a file"
printf 'a demo passphrase\n' >passphrase.txt
chmod 600 passphrase.txt
pki key new --type ec --passphrase-file passphrase.txt --out secret.pem
echo "secret.pem: $(head -n 1 secret.pem)"
pki key show --passphrase-file passphrase.txt secret.pem
openssl_reads -in secret.pem -passin file:passphrase.txt
echo "without the passphrase (and no terminal to ask on), pki refuses:"
if pki key show secret.pem </dev/null; then
  echo "demo: pki showed an encrypted key without its passphrase" >&2
  exit 1
fi

heading "the public half of a key"
echo "\$ openssl pkey -in ec.pem -pubout -out ec.pub"
openssl pkey -in ec.pem -pubout -out ec.pub
pki key show ec.pub

heading "a self-signed certificate"
pki key new --type ec --out cert-key.pem
pki cert selfsign --key cert-key.pem --subject "CN=demo.example,O=libpki demo" \
  --san DNS:demo.example,IP:127.0.0.1 --out cert.pem
pki cert show cert.pem
pki cert show --json cert.pem
echo "\$ openssl verify -CAfile cert.pem cert.pem"
openssl verify -CAfile cert.pem cert.pem
echo "\$ openssl x509 -in cert.pem -noout -text"
openssl x509 -in cert.pem -noout -text
pki cert fingerprint cert.pem
echo "\$ openssl x509 -in cert.pem -noout -fingerprint -sha256"
openssl x509 -in cert.pem -noout -fingerprint -sha256
if [ "$("$PKI" cert fingerprint cert.pem)" != "$(openssl x509 -in cert.pem -noout -fingerprint -sha256)" ]; then
  echo "demo: pki and openssl disagree on the fingerprint" >&2
  exit 1
fi
echo "(the two fingerprint lines are the same)"
pki cert convert --to der --out cert.der cert.pem
echo "\$ openssl x509 -inform DER -in cert.der -noout -subject"
openssl x509 -inform DER -in cert.der -noout -subject

heading "a root CA: a P-384 key and a self-signed CA certificate"
pki key new --type ec --curve P-384 --out root.key
pki cert selfsign --key root.key --subject "CN=libpki demo root CA,O=libpki demo" --ca \
  --days 3650 --out root.pem

heading "a server key and a certificate signing request with a subjectAltName"
pki key new --type ec --out server.key
pki req new --key server.key --subject "CN=server.demo.example,O=libpki demo" \
  --san DNS:server.demo.example,DNS:www.demo.example,IP:127.0.0.1 --out server.csr
pki req show server.csr
ossl req -in server.csr -noout -verify

heading "the root CA issues the server certificate from the request"
pki cert issue --ca root.pem --ca-key root.key --req server.csr --profile server \
  --copy-extensions subjectAltName --days 90 --out server.pem
pki cert show server.pem
ossl verify -CAfile root.pem server.pem

heading "a CRL: an empty one, then the server certificate revoked"
pki crl new --ca root.pem --ca-key root.key --out crl.pem
pki crl revoke --crl crl.pem --ca root.pem --ca-key root.key --cert server.pem \
  --reason keyCompromise
pki crl show crl.pem
status=0
pki crl check --crl crl.pem --ca root.pem server.pem || status=$?
echo "(exit status $status: 3 means revoked)"
if [ $status -ne 3 ]; then
  echo "demo: pki crl check did not find the server certificate revoked" >&2
  exit 1
fi
ossl crl -noout -CAfile root.pem -in crl.pem
echo "\$ openssl verify -crl_check -CAfile root.pem -CRLfile crl.pem server.pem"
if openssl verify -crl_check -CAfile root.pem -CRLfile crl.pem server.pem >verify.out 2>&1; then
  cat verify.out
  echo "demo: openssl accepted a revoked certificate" >&2
  exit 1
fi
cat verify.out
if ! grep -q "certificate revoked" verify.out; then
  echo "demo: openssl refused the certificate, but not as revoked" >&2
  exit 1
fi
echo "(openssl refuses it: certificate revoked)"

heading "a PKCS#12 bundle: the server's key, certificate and CA under one passphrase"
pki p12 pack --cert server.pem --key server.key --ca root.pem --name server.demo.example \
  --passphrase-file passphrase.txt --out server.p12
echo "server.p12: $(wc -c <server.p12) bytes, mode $(ls -l server.p12 | cut -c 1-10)"
pki p12 show --passphrase-file passphrase.txt server.p12
ossl pkcs12 -info -noout -in server.p12 -passin file:passphrase.txt
pki p12 unpack --passphrase-file passphrase.txt --out-key unpacked.key --out-cert unpacked.pem \
  server.p12
if ! cmp -s unpacked.pem server.pem; then
  echo "demo: the certificate unpacked is not the one packed" >&2
  exit 1
fi
echo "(unpacked.pem is server.pem; unpacked.key, mode $(ls -l unpacked.key | cut -c 1-10), is its key)"

heading "a PKCS#7 bundle (.p7b) of the chain"
pki p7 pack --cert server.pem --cert root.pem --out chain.p7b
pki p7 show chain.p7b
ossl pkcs7 -in chain.p7b -print_certs -noout

heading "verifying the server certificate up to the root"
pki verify --ca root.pem --host server.demo.example --purpose sslserver server.pem
echo "and with the CRL, which revokes it:"
status=0
pki verify --ca root.pem --crl crl.pem server.pem || status=$?
echo "(exit status $status: 1 means it did not verify)"
if [ $status -ne 1 ]; then
  echo "demo: pki verify accepted a revoked certificate" >&2
  exit 1
fi

heading "a hashed directory of trusted certificates, as c_rehash makes"
mkdir trusted
cp root.pem trusted/root.pem
pki rehash trusted
pki verify --ca-path trusted server.pem
ossl verify -CApath trusted server.pem

heading "done: every step worked"
