/* Tests for pki-sign.h: pki_sign/pki_verify (pyOpenSSL's crypto.sign and
 * crypto.verify), RSA-PSS, and the P1363 <-> DER conversion of ECDSA
 * signatures, with the pyOpenSSL facts of ../shared/pyopenssl-vectors
 * (README section 6) and interop with the openssl CLI both ways.
 * SPDX-License-Identifier: MIT
 */
#include "pki-test.h"

/* A temporary directory removed with its files at scope exit. */
typedef gchar SignTmpdir;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SignTmpdir, pki_test_tmpdir_free)

#define EMPTY_ARGS (const guint8 *) "", 0

/* --- helpers ------------------------------------------------------------- */

/* A copy of @b with @len bytes of @extra appended. */
static GBytes *
bytes_append (GBytes *b, const void *extra, gsize len)
{
  GByteArray *arr = g_byte_array_new ();
  g_byte_array_append (arr, g_bytes_get_data (b, NULL), (guint) g_bytes_get_size (b));
  g_byte_array_append (arr, extra, (guint) len);
  return g_byte_array_free_to_bytes (arr);
}

/* A copy of @b with the string @extra appended. */
static GBytes *
bytes_concat (GBytes *b, const char *extra)
{
  return bytes_append (b, extra, strlen (extra));
}

/* A copy of @b with byte @index XORed with @mask. */
static GBytes *
bytes_flip (GBytes *b, gsize index, guint8 mask)
{
  gsize len;
  guint8 *copy = g_memdup2 (g_bytes_get_data (b, &len), g_bytes_get_size (b));
  g_assert_cmpuint (index, <, len);
  copy[index] ^= mask;
  return g_bytes_new_take (copy, len);
}

static PkiPKey *
vector_private (const char *name)
{
  g_autoptr (GBytes) pem = pki_test_vector (name);
  g_autoptr (GError) error = NULL;
  PkiPKey *key;

  if (pem == NULL)
    return NULL;
  key = pki_pkey_load_private (PKI_FILETYPE_PEM, PKI_BYTES_ARGS (pem), NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (key);
  pki_assert_queue_empty ();
  return key;
}

static PkiPKey *
vector_public (const char *name)
{
  g_autoptr (GBytes) pem = pki_test_vector (name);
  g_autoptr (GError) error = NULL;
  PkiPKey *key;

  if (pem == NULL)
    return NULL;
  key = pki_pkey_load_public (PKI_FILETYPE_PEM, PKI_BYTES_ARGS (pem), &error);
  g_assert_no_error (error);
  g_assert_nonnull (key);
  g_assert_false (pki_pkey_has_private (key));
  pki_assert_queue_empty ();
  return key;
}

/* The path of a pyOpenSSL vector, or NULL (test skipped) when absent. */
static gchar *
vector_path (const char *name)
{
  g_autofree gchar *dir = pki_test_shared_dir ("pyopenssl-vectors");
  if (dir == NULL) {
    g_test_skip ("../shared/pyopenssl-vectors is absent");
    return NULL;
  }
  return g_build_filename (dir, name, NULL);
}

/* The public key of a certificate vector.  There is no certificate object
 * yet: `openssl x509 -pubkey` gives the SubjectPublicKeyInfo PEM. */
static PkiPKey *
cert_public (const char *name)
{
  g_autofree gchar *path = vector_path (name);
  g_autoptr (GBytes) pem = NULL;
  g_autoptr (GError) error = NULL;
  PkiPKey *key;

  if (path == NULL)
    return NULL;
  pem = PKI_OPENSSL ("x509", "-in", path, "-pubkey", "-noout");
  g_assert_nonnull (pem);
  key = pki_pkey_load_public (PKI_FILETYPE_PEM, PKI_BYTES_ARGS (pem), &error);
  g_assert_no_error (error);
  g_assert_nonnull (key);
  g_assert_false (pki_pkey_has_private (key));
  pki_assert_queue_empty ();
  return key;
}

static GBytes *
sign_ok (PkiPKey *key, const guint8 *data, gsize len, const char *digest)
{
  g_autoptr (GError) error = NULL;
  GBytes *sig = pki_sign (key, data, len, digest, &error);
  g_assert_no_error (error);
  g_assert_nonnull (sig);
  g_assert_cmpuint (g_bytes_get_size (sig), >, 0);
  pki_assert_queue_empty ();
  return sig;
}

static void
sign_fails (PkiPKey *key, const guint8 *data, gsize len, const char *digest, gint code)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) sig = pki_sign (key, data, len, digest, &error);
  g_assert_error (error, PKI_ERROR, code);
  g_assert_null (sig);
  g_assert_nonnull (error->message);
  pki_assert_queue_empty ();
}

static void
verify_ok (PkiPKey *key, GBytes *sig, const guint8 *data, gsize len, const char *digest)
{
  g_autoptr (GError) error = NULL;
  gboolean ok = pki_verify (key, PKI_BYTES_ARGS (sig), data, len, digest, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  pki_assert_queue_empty ();
}

static void
verify_fails (PkiPKey *key, const guint8 *sig, gsize sig_len, const guint8 *data, gsize len,
              const char *digest, gint code)
{
  g_autoptr (GError) error = NULL;
  gboolean ok = pki_verify (key, sig, sig_len, data, len, digest, &error);
  g_assert_error (error, PKI_ERROR, code);
  g_assert_false (ok);
  pki_assert_queue_empty ();
}

static GBytes *
pss_sign_ok (PkiPKey *key, GBytes *data, const char *digest, const char *mgf1, gint salt)
{
  g_autoptr (GError) error = NULL;
  GBytes *sig = pki_sign_pss (key, PKI_BYTES_ARGS (data), digest, mgf1, salt, &error);
  g_assert_no_error (error);
  g_assert_nonnull (sig);
  pki_assert_queue_empty ();
  return sig;
}

static void
pss_sign_fails (PkiPKey *key, GBytes *data, const char *digest, const char *mgf1, gint salt,
                gint code)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) sig = pki_sign_pss (key, PKI_BYTES_ARGS (data), digest, mgf1, salt, &error);
  g_assert_error (error, PKI_ERROR, code);
  g_assert_null (sig);
  pki_assert_queue_empty ();
}

static void
pss_verify_ok (PkiPKey *key, GBytes *sig, GBytes *data, const char *digest, const char *mgf1,
               gint salt)
{
  g_autoptr (GError) error = NULL;
  gboolean ok = pki_verify_pss (key, PKI_BYTES_ARGS (sig), PKI_BYTES_ARGS (data), digest, mgf1,
                                salt, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  pki_assert_queue_empty ();
}

static void
pss_verify_fails (PkiPKey *key, const guint8 *sig, gsize sig_len, GBytes *data,
                  const char *digest, const char *mgf1, gint salt, gint code)
{
  g_autoptr (GError) error = NULL;
  gboolean ok = pki_verify_pss (key, sig, sig_len, PKI_BYTES_ARGS (data), digest, mgf1, salt,
                                &error);
  g_assert_error (error, PKI_ERROR, code);
  g_assert_false (ok);
  pki_assert_queue_empty ();
}

static GBytes *
to_p1363_ok (PkiPKey *key, GBytes *der)
{
  g_autoptr (GError) error = NULL;
  GBytes *raw = pki_signature_to_p1363 (key, PKI_BYTES_ARGS (der), &error);
  g_assert_no_error (error);
  g_assert_nonnull (raw);
  pki_assert_queue_empty ();
  return raw;
}

static GBytes *
from_p1363_ok (PkiPKey *key, GBytes *raw)
{
  g_autoptr (GError) error = NULL;
  GBytes *der = pki_signature_from_p1363 (key, PKI_BYTES_ARGS (raw), &error);
  g_assert_no_error (error);
  g_assert_nonnull (der);
  pki_assert_queue_empty ();
  return der;
}

static void
to_p1363_fails (PkiPKey *key, const guint8 *der, gsize len, gint code)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) raw = pki_signature_to_p1363 (key, der, len, &error);
  g_assert_error (error, PKI_ERROR, code);
  g_assert_null (raw);
  pki_assert_queue_empty ();
}

static void
from_p1363_fails (PkiPKey *key, const guint8 *raw, gsize len, gint code)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) der = pki_signature_from_p1363 (key, raw, len, &error);
  g_assert_error (error, PKI_ERROR, code);
  g_assert_null (der);
  pki_assert_queue_empty ();
}

/* Checks a DER ECDSA-Sig-Value header: SEQUENCE with a short-form length
 * covering the rest (every curve up to P-384 fits). */
static void
assert_short_der_sequence (GBytes *sig, gsize max_len)
{
  gsize len;
  const guint8 *p = g_bytes_get_data (sig, &len);
  g_assert_cmpuint (len, >=, 8);
  g_assert_cmpuint (len, <=, max_len);
  g_assert_cmphex (p[0], ==, 0x30);
  g_assert_cmpuint (p[1], ==, len - 2);
  g_assert_cmphex (p[2], ==, 0x02);
}

static GBytes *
dump_private_pem (PkiPKey *key)
{
  g_autoptr (GError) error = NULL;
  GBytes *pem = pki_pkey_dump_private (key, PKI_FILETYPE_PEM, &error);
  g_assert_no_error (error);
  g_assert_nonnull (pem);
  pki_assert_queue_empty ();
  return pem;
}

static GBytes *
dump_public_pem (PkiPKey *key)
{
  g_autoptr (GError) error = NULL;
  GBytes *pem = pki_pkey_dump_public (key, PKI_FILETYPE_PEM, &error);
  g_assert_no_error (error);
  g_assert_nonnull (pem);
  pki_assert_queue_empty ();
  return pem;
}

/* Runs `openssl argv...` and asserts it succeeds printing exactly @expected. */
static void
cli_expect (const char *expected, const char *const *argv)
{
  g_autofree gchar *err = NULL;
  g_autoptr (GBytes) out = pki_test_openssl (&err, argv);
  if (out == NULL)
    g_printerr ("openssl %s failed: %s\n", argv[0], err);
  g_assert_nonnull (out);
  g_assert_cmpmem (g_bytes_get_data (out, NULL), g_bytes_get_size (out), expected,
                   strlen (expected));
}

/* Runs `openssl argv...` and asserts it fails. */
static void
cli_fails (const char *const *argv)
{
  g_autofree gchar *err = NULL;
  g_autoptr (GBytes) out = pki_test_openssl (&err, argv);
  g_assert_null (out);
  g_assert_nonnull (err);
}

#define CLI_EXPECT(expected, ...) cli_expect ((expected), (const char *const[]){ __VA_ARGS__, NULL })
#define CLI_FAILS(...) cli_fails ((const char *const[]){ __VA_ARGS__, NULL })
#define CLI_OK(...) CLI_EXPECT ("", __VA_ARGS__)

/* --- pyOpenSSL facts (README section 6) ---------------------------------- */

/* sign(root_key, orwell, "sha256") is the 384-byte vector, whatever spelling
 * of SHA-256 is used, and NULL means SHA-256. */
static void
test_pyopenssl_sign_vector (void)
{
  g_autoptr (PkiPKey) key = vector_private ("root_key.pem");
  g_autoptr (GBytes) orwell = NULL, expected = NULL, sig = NULL, upper = NULL, dflt = NULL;

  if (key == NULL)
    return;
  orwell = pki_test_vector ("orwell_content.txt");
  expected = pki_test_vector ("sig_root_key_orwell_sha256.bin");
  g_assert_cmpuint (g_bytes_get_size (orwell), ==, 310);
  g_assert_cmpuint (g_bytes_get_size (expected), ==, 384);

  sig = sign_ok (key, PKI_BYTES_ARGS (orwell), "sha256");
  assert_bytes_equal (sig, expected);
  upper = sign_ok (key, PKI_BYTES_ARGS (orwell), "SHA256");
  assert_bytes_equal (upper, expected);
  dflt = sign_ok (key, PKI_BYTES_ARGS (orwell), NULL);
  assert_bytes_equal (dflt, expected);

  /* And the vector verifies with the root certificate's key. */
  {
    g_autoptr (PkiPKey) root_pub = cert_public ("root_cert.pem");
    verify_ok (root_pub, expected, PKI_BYTES_ARGS (orwell), "sha256");
  }
}

/* verify(root_cert, sig, data, d) succeeds for md5/sha1/sha256, fails with
 * server_cert and with data+"tainted". */
static void
test_pyopenssl_verify (void)
{
  static const char *const digests[] = { "md5", "sha1", "sha256" };
  g_autoptr (PkiPKey) root_key = vector_private ("root_key.pem");
  g_autoptr (PkiPKey) root_pub = NULL, server_pub = NULL;
  g_autoptr (GBytes) orwell = NULL, tainted = NULL;

  if (root_key == NULL)
    return;
  root_pub = cert_public ("root_cert.pem");
  server_pub = cert_public ("server_cert.pem");
  g_assert_true (pki_pkey_public_equal (root_pub, root_key));
  g_assert_false (pki_pkey_public_equal (server_pub, root_key));
  orwell = pki_test_vector ("orwell_content.txt");
  tainted = bytes_concat (orwell, "tainted");

  for (gsize i = 0; i < G_N_ELEMENTS (digests); i++) {
    const char *d = digests[i];
    g_autoptr (GBytes) sig = sign_ok (root_key, PKI_BYTES_ARGS (orwell), d);

    g_test_message ("digest %s", d);
    g_assert_cmpuint (g_bytes_get_size (sig), ==, 384);
    verify_ok (root_pub, sig, PKI_BYTES_ARGS (orwell), d);
    /* A private key verifies with its public half. */
    verify_ok (root_key, sig, PKI_BYTES_ARGS (orwell), d);
    verify_fails (server_pub, PKI_BYTES_ARGS (sig), PKI_BYTES_ARGS (orwell), d,
                  PKI_ERROR_SIGNATURE);
    verify_fails (root_pub, PKI_BYTES_ARGS (sig), PKI_BYTES_ARGS (tainted), d,
                  PKI_ERROR_SIGNATURE);
    /* The failures left nothing behind. */
    verify_ok (root_pub, sig, PKI_BYTES_ARGS (orwell), d);
  }

  /* A signature checked against another digest does not match. */
  {
    g_autoptr (GBytes) sig1 = sign_ok (root_key, PKI_BYTES_ARGS (orwell), "sha1");
    verify_fails (root_pub, PKI_BYTES_ARGS (sig1), PKI_BYTES_ARGS (orwell), "sha256",
                  PKI_ERROR_SIGNATURE);
    verify_fails (root_pub, PKI_BYTES_ARGS (sig1), PKI_BYTES_ARGS (orwell), NULL,
                  PKI_ERROR_SIGNATURE);
  }
}

/* sign/verify with "strange-digest" are errors (pyOpenSSL: ValueError). */
static void
test_pyopenssl_bad_digest (void)
{
  g_autoptr (PkiPKey) key = vector_private ("root_key.pem");
  g_autoptr (GBytes) orwell = NULL, expected = NULL, again = NULL;

  if (key == NULL)
    return;
  orwell = pki_test_vector ("orwell_content.txt");
  expected = pki_test_vector ("sig_root_key_orwell_sha256.bin");

  sign_fails (key, PKI_BYTES_ARGS (orwell), "strange-digest", PKI_ERROR_UNSUPPORTED);
  verify_fails (key, PKI_BYTES_ARGS (expected), PKI_BYTES_ARGS (orwell), "strange-digest",
                PKI_ERROR_UNSUPPORTED);
  sign_fails (key, PKI_BYTES_ARGS (orwell), "", PKI_ERROR_UNSUPPORTED);
  /* A known name that is not a digest. */
  sign_fails (key, PKI_BYTES_ARGS (orwell), "aes-128-cbc", PKI_ERROR_UNSUPPORTED);

  /* The next call is unaffected. */
  again = sign_ok (key, PKI_BYTES_ARGS (orwell), "sha256");
  assert_bytes_equal (again, expected);
  verify_ok (key, expected, PKI_BYTES_ARGS (orwell), "sha256");
}

/* sign(ec_root_key, orwell, "sha256") verifies with ec_root_cert's key; the
 * signature is a variable-length DER ECDSA-Sig-Value. */
static void
test_pyopenssl_ecdsa (void)
{
  g_autoptr (PkiPKey) key = vector_private ("ec_root_key_p384.pem");
  g_autoptr (PkiPKey) pub = NULL, rsa_pub = NULL;
  g_autoptr (GBytes) orwell = NULL, tainted = NULL, sig1 = NULL, sig2 = NULL, raw = NULL,
                     der = NULL;

  if (key == NULL)
    return;
  g_assert_cmpint (pki_pkey_get_key_type (key), ==, PKI_PKEY_TYPE_EC);
  pub = cert_public ("ec_root_cert_p384.pem");
  rsa_pub = cert_public ("root_cert.pem");
  orwell = pki_test_vector ("orwell_content.txt");
  tainted = bytes_concat (orwell, "tainted");

  sig1 = sign_ok (key, PKI_BYTES_ARGS (orwell), "sha256");
  sig2 = sign_ok (key, PKI_BYTES_ARGS (orwell), "sha256");
  /* P-384: at most 2 + 2 * (2 + 49) bytes. */
  assert_short_der_sequence (sig1, 104);
  assert_short_der_sequence (sig2, 104);
  /* ECDSA with a random nonce: two signatures differ, both verify. */
  g_assert_false (g_bytes_equal (sig1, sig2));
  verify_ok (pub, sig1, PKI_BYTES_ARGS (orwell), "sha256");
  verify_ok (pub, sig2, PKI_BYTES_ARGS (orwell), "sha256");
  verify_ok (key, sig1, PKI_BYTES_ARGS (orwell), "sha256");

  verify_fails (pub, PKI_BYTES_ARGS (sig1), PKI_BYTES_ARGS (tainted), "sha256",
                PKI_ERROR_SIGNATURE);
  verify_fails (pub, PKI_BYTES_ARGS (sig1), PKI_BYTES_ARGS (orwell), "sha384",
                PKI_ERROR_SIGNATURE);
  /* Another key, of another algorithm: the signature does not match. */
  verify_fails (rsa_pub, PKI_BYTES_ARGS (sig1), PKI_BYTES_ARGS (orwell), "sha256",
                PKI_ERROR_SIGNATURE);

  raw = to_p1363_ok (pub, sig1);
  g_assert_cmpuint (g_bytes_get_size (raw), ==, 96);
  der = from_p1363_ok (key, raw);
  assert_bytes_equal (der, sig1);
}

/* Content with a NUL byte is signed whole. */
static void
test_pyopenssl_nul_content (void)
{
  static const char content[] = "Watch out!  \0  Did you see it?";
  const gsize len = sizeof content - 1;
  g_autoptr (PkiPKey) key = vector_private ("root_key.pem");
  g_autoptr (PkiPKey) pub = NULL;
  g_autoptr (SignTmpdir) dir = NULL;
  g_autoptr (GBytes) sig = NULL, content_bytes = NULL, cli_sig = NULL;
  g_autofree gchar *key_path = NULL, *data_path = NULL, *sig_path = NULL;

  if (key == NULL)
    return;
  g_assert_cmpuint (len, ==, 30);
  pub = cert_public ("root_cert.pem");

  sig = sign_ok (key, (const guint8 *) content, len, "sha256");
  verify_ok (pub, sig, (const guint8 *) content, len, "sha256");
  /* Only the part before the NUL is another message. */
  verify_fails (pub, PKI_BYTES_ARGS (sig), STR_ARGS (content), "sha256", PKI_ERROR_SIGNATURE);
  g_assert_cmpuint (strlen (content), ==, 12);

  /* Byte for byte what the openssl CLI makes of the whole 30 bytes. */
  dir = pki_test_tmpdir ();
  key_path = vector_path ("root_key.pem");
  content_bytes = g_bytes_new_static (content, len);
  data_path = pki_test_write (dir, "nul.bin", content_bytes);
  sig_path = g_build_filename (dir, "nul.sig", NULL);
  CLI_OK ("dgst", "-sha256", "-sign", key_path, "-out", sig_path, data_path);
  cli_sig = pki_test_read_file (sig_path);
  assert_bytes_equal (sig, cli_sig);
}

/* A 4200-bit key makes 525-byte signatures (a segfault before pyOpenSSL 16). */
static void
test_pyopenssl_large_key (void)
{
  g_autoptr (PkiPKey) key = vector_private ("large_rsa_key_4200bit.pem");
  g_autoptr (PkiPKey) pub = NULL;
  g_autoptr (GBytes) orwell = NULL, sig = NULL, pss = NULL;

  if (key == NULL)
    return;
  g_assert_cmpuint (pki_pkey_get_bits (key), ==, 4200);
  orwell = pki_test_vector ("orwell_content.txt");
  pub = pki_pkey_get_public (key);
  g_assert_nonnull (pub);

  sig = sign_ok (key, PKI_BYTES_ARGS (orwell), "sha256");
  g_assert_cmpuint (g_bytes_get_size (sig), ==, 525);
  verify_ok (pub, sig, PKI_BYTES_ARGS (orwell), "sha256");

  pss = pss_sign_ok (key, orwell, "sha256", NULL, PKI_PSS_SALT_MAX);
  g_assert_cmpuint (g_bytes_get_size (pss), ==, 525);
  pss_verify_ok (pub, pss, orwell, "sha256", NULL, PKI_PSS_SALT_AUTO);
}

/* --- EdDSA, DSA, defaults -------------------------------------------------- */

/* Ed25519/Ed448 sign with a NULL digest, deterministically; a digest is an
 * error; RFC 8032's first test vectors come out. */
static void
check_eddsa (const char *priv_name, const char *pub_name, gsize sig_len,
             const char *kat_pkcs8_hex, const char *kat_spki_hex, const char *kat_sig_hex)
{
  g_autoptr (PkiPKey) key = vector_private (priv_name);
  g_autoptr (PkiPKey) pub = NULL, kat_key = NULL, kat_pub = NULL;
  g_autoptr (GBytes) orwell = NULL, tainted = NULL, a = NULL, b = NULL, flipped = NULL;
  g_autoptr (GBytes) kat_der = NULL, kat_spki = NULL, kat_sig = NULL, sig = NULL;
  g_autoptr (GError) error = NULL;

  if (key == NULL)
    return;
  pub = vector_public (pub_name);
  g_assert_true (pki_pkey_public_equal (key, pub));
  orwell = pki_test_vector ("orwell_content.txt");
  tainted = bytes_concat (orwell, "tainted");

  a = sign_ok (key, PKI_BYTES_ARGS (orwell), NULL);
  b = sign_ok (key, PKI_BYTES_ARGS (orwell), NULL);
  g_assert_cmpuint (g_bytes_get_size (a), ==, sig_len);
  assert_bytes_equal (a, b);
  verify_ok (pub, a, PKI_BYTES_ARGS (orwell), NULL);
  verify_ok (key, a, PKI_BYTES_ARGS (orwell), NULL);
  verify_fails (pub, PKI_BYTES_ARGS (a), PKI_BYTES_ARGS (tainted), NULL, PKI_ERROR_SIGNATURE);
  flipped = bytes_flip (a, sig_len / 2, 0x01);
  verify_fails (pub, PKI_BYTES_ARGS (flipped), PKI_BYTES_ARGS (orwell), NULL,
                PKI_ERROR_SIGNATURE);

  /* A digest is an error for EdDSA, in signing and verifying. */
  sign_fails (key, PKI_BYTES_ARGS (orwell), "sha256", PKI_ERROR_UNSUPPORTED);
  sign_fails (key, PKI_BYTES_ARGS (orwell), "sha512", PKI_ERROR_UNSUPPORTED);
  verify_fails (pub, PKI_BYTES_ARGS (a), PKI_BYTES_ARGS (orwell), "sha256",
                PKI_ERROR_UNSUPPORTED);
  verify_ok (pub, a, PKI_BYTES_ARGS (orwell), NULL);

  /* RFC 8032 section 7, the empty message. */
  kat_der = bytes_from_hex (kat_pkcs8_hex);
  kat_key = pki_pkey_load_private (PKI_FILETYPE_ASN1, PKI_BYTES_ARGS (kat_der), NULL, &error);
  g_assert_no_error (error);
  pki_assert_queue_empty ();
  kat_spki = bytes_from_hex (kat_spki_hex);
  kat_pub = pki_pkey_load_public (PKI_FILETYPE_ASN1, PKI_BYTES_ARGS (kat_spki), &error);
  g_assert_no_error (error);
  pki_assert_queue_empty ();
  g_assert_true (pki_pkey_public_equal (kat_key, kat_pub));
  kat_sig = bytes_from_hex (kat_sig_hex);
  sig = sign_ok (kat_key, EMPTY_ARGS, NULL);
  assert_bytes_equal (sig, kat_sig);
  verify_ok (kat_pub, kat_sig, EMPTY_ARGS, NULL);
  verify_fails (kat_pub, PKI_BYTES_ARGS (kat_sig), STR_ARGS ("x"), NULL, PKI_ERROR_SIGNATURE);
  /* Another key's signature. */
  verify_fails (pub, PKI_BYTES_ARGS (kat_sig), EMPTY_ARGS, NULL, PKI_ERROR_SIGNATURE);
}

static void
test_ed25519 (void)
{
  check_eddsa ("ed25519_private_key.pem", "ed25519_public_key.pem", 64,
               "302e020100300506032b657004220420"
               "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
               "302a300506032b6570032100"
               "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
               "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
               "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
}

static void
test_ed448 (void)
{
  check_eddsa ("ed448_private_key.pem", "ed448_public_key.pem", 114,
               "3047020100300506032b6571043b0439"
               "6c82a562cb808d10d632be89c8513ebf6c929f34ddfa8c9f63c9960ef6e348a3"
               "528c8a3fcc2f044e39a3fc5b94492f8f032e7549a20098f95b",
               "3043300506032b6571033a00"
               "5fd7449b59b461fd2ce787ec616ad46a1da1342485a70e1f8a0ea75d80e96778"
               "edf124769b46c7061bd6783df1e50f6cd1fa1abeafe8256180",
               "533a37f6bbe457251f023c0d88f976ae2dfb504a843e34d2074fd823d41a591f"
               "2b233f034f628281f2fd7a22ddd47d7828c59bd0a21bfd3980ff0d2028d4b18a"
               "9df63e006c5d1c2d345b925d8dc00b4104852db99ac5c7cdda8530a113a0f4db"
               "b61149f05a7363268c71d95808ff2e652600");
}

static void
test_dsa (void)
{
  g_autoptr (PkiPKey) key = vector_private ("dsa_private_key.pem");
  g_autoptr (PkiPKey) pub = NULL;
  g_autoptr (GBytes) orwell = NULL, tainted = NULL, sig = NULL, dflt = NULL, sig1 = NULL;

  if (key == NULL)
    return;
  g_assert_cmpint (pki_pkey_get_key_type (key), ==, PKI_PKEY_TYPE_DSA);
  pub = vector_public ("dsa_public_key.pem");
  g_assert_true (pki_pkey_public_equal (key, pub));
  orwell = pki_test_vector ("orwell_content.txt");
  tainted = bytes_concat (orwell, "tainted");

  sig = sign_ok (key, PKI_BYTES_ARGS (orwell), "sha256");
  /* DSA-2048 with a 256-bit q: DER SEQUENCE of two INTEGERs <= 33 bytes. */
  assert_short_der_sequence (sig, 72);
  verify_ok (pub, sig, PKI_BYTES_ARGS (orwell), "sha256");
  verify_ok (pub, sig, PKI_BYTES_ARGS (orwell), NULL);
  verify_ok (key, sig, PKI_BYTES_ARGS (orwell), "sha256");
  verify_fails (pub, PKI_BYTES_ARGS (sig), PKI_BYTES_ARGS (tainted), "sha256",
                PKI_ERROR_SIGNATURE);
  verify_fails (pub, PKI_BYTES_ARGS (sig), PKI_BYTES_ARGS (orwell), "sha384",
                PKI_ERROR_SIGNATURE);

  dflt = sign_ok (key, PKI_BYTES_ARGS (orwell), NULL);
  verify_ok (pub, dflt, PKI_BYTES_ARGS (orwell), "sha256");

  sig1 = sign_ok (key, PKI_BYTES_ARGS (orwell), "sha1");
  verify_ok (pub, sig1, PKI_BYTES_ARGS (orwell), "sha1");
  verify_fails (pub, PKI_BYTES_ARGS (sig1), PKI_BYTES_ARGS (orwell), "sha256",
                PKI_ERROR_SIGNATURE);
}

/* NULL digest means SHA-256 for RSA, DSA (above) and ECDSA. */
static void
test_default_digest (void)
{
  g_autoptr (PkiPKey) key = vector_private ("ec_p256_private_key.pem");
  g_autoptr (PkiPKey) pub = NULL;
  g_autoptr (GBytes) orwell = NULL, dflt = NULL, sha256 = NULL;

  if (key == NULL)
    return;
  pub = vector_public ("ec_p256_public_key.pem");
  g_assert_cmpstr (pki_pkey_get_curve_name (key), ==, "P-256");
  orwell = pki_test_vector ("orwell_content.txt");

  dflt = sign_ok (key, PKI_BYTES_ARGS (orwell), NULL);
  assert_short_der_sequence (dflt, 72);
  verify_ok (pub, dflt, PKI_BYTES_ARGS (orwell), "sha256");
  verify_ok (pub, dflt, PKI_BYTES_ARGS (orwell), "SHA256");
  verify_ok (pub, dflt, PKI_BYTES_ARGS (orwell), NULL);
  verify_fails (pub, PKI_BYTES_ARGS (dflt), PKI_BYTES_ARGS (orwell), "sha384",
                PKI_ERROR_SIGNATURE);
  verify_fails (pub, PKI_BYTES_ARGS (dflt), PKI_BYTES_ARGS (orwell), "sha1",
                PKI_ERROR_SIGNATURE);

  sha256 = sign_ok (key, PKI_BYTES_ARGS (orwell), "sha256");
  verify_ok (pub, sha256, PKI_BYTES_ARGS (orwell), NULL);
}

/* Keys fresh from pki_pkey_generate sign; their public halves, directly or
 * through a PEM round trip, verify. */
static void
check_generated (PkiPKey *key, const char *digest)
{
  g_autoptr (PkiPKey) pub = pki_pkey_get_public (key);
  g_autoptr (PkiPKey) loaded = NULL;
  g_autoptr (GBytes) pem = NULL, sig = NULL;
  g_autoptr (GError) error = NULL;
  static const char msg[] = "generated key message";

  g_assert_true (pki_pkey_has_private (key));
  g_assert_false (pki_pkey_has_private (pub));
  pem = dump_public_pem (key);
  loaded = pki_pkey_load_public (PKI_FILETYPE_PEM, PKI_BYTES_ARGS (pem), &error);
  g_assert_no_error (error);
  pki_assert_queue_empty ();

  sig = sign_ok (key, STR_ARGS (msg), digest);
  verify_ok (pub, sig, STR_ARGS (msg), digest);
  verify_ok (loaded, sig, STR_ARGS (msg), digest);
  verify_fails (loaded, PKI_BYTES_ARGS (sig), STR_ARGS ("generated key messagE"), digest,
                PKI_ERROR_SIGNATURE);
  sign_fails (pub, STR_ARGS (msg), digest, PKI_ERROR_KEY_TYPE);
}

static void
test_generated (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PkiPKey) rsa = pki_pkey_generate (PKI_PKEY_TYPE_RSA, 2048, &error);
  g_autoptr (PkiPKey) ec = NULL, ec521 = NULL, ed = NULL, ed448 = NULL;
  g_autoptr (GBytes) sig = NULL;

  g_assert_no_error (error);
  pki_assert_queue_empty ();
  ec = pki_pkey_generate_ec ("P-256", &error);
  g_assert_no_error (error);
  ec521 = pki_pkey_generate_ec ("P-521", &error);
  g_assert_no_error (error);
  ed = pki_pkey_generate (PKI_PKEY_TYPE_ED25519, 0, &error);
  g_assert_no_error (error);
  ed448 = pki_pkey_generate (PKI_PKEY_TYPE_ED448, 0, &error);
  g_assert_no_error (error);
  pki_assert_queue_empty ();

  check_generated (rsa, "sha256");
  check_generated (rsa, "sha512");
  check_generated (ec, "sha256");
  check_generated (ec521, "sha512");
  check_generated (ed, NULL);
  check_generated (ed448, NULL);

  sig = sign_ok (rsa, STR_ARGS ("x"), NULL);
  g_assert_cmpuint (g_bytes_get_size (sig), ==, 256);
}

/* --- RSA-PSS --------------------------------------------------------------- */

static void
test_pss_salt_modes (void)
{
  g_autoptr (PkiPKey) key = vector_private ("rsa_private_key.pem");
  g_autoptr (PkiPKey) pub = NULL;
  g_autoptr (GBytes) orwell = NULL, tainted = NULL;

  if (key == NULL)
    return;
  pub = vector_public ("rsa_public_key.pem");
  g_assert_true (pki_pkey_public_equal (key, pub));
  g_assert_cmpuint (pki_pkey_get_bits (key), ==, 2048);
  orwell = pki_test_vector ("orwell_content.txt");
  tainted = bytes_concat (orwell, "tainted");

  /* PKI_PSS_SALT_DIGEST: a 32-byte salt with SHA-256, random. */
  {
    g_autoptr (GBytes) s1 = pss_sign_ok (key, orwell, "sha256", NULL, PKI_PSS_SALT_DIGEST);
    g_autoptr (GBytes) s2 = pss_sign_ok (key, orwell, "sha256", NULL, PKI_PSS_SALT_DIGEST);
    g_assert_cmpuint (g_bytes_get_size (s1), ==, 256);
    g_assert_false (g_bytes_equal (s1, s2));
    pss_verify_ok (pub, s1, orwell, "sha256", NULL, PKI_PSS_SALT_DIGEST);
    pss_verify_ok (pub, s1, orwell, "sha256", "sha256", 32);
    pss_verify_ok (pub, s1, orwell, "sha256", NULL, PKI_PSS_SALT_AUTO);
    pss_verify_ok (pub, s2, orwell, "sha256", NULL, 32);
    pss_verify_ok (key, s1, orwell, "sha256", NULL, 32);
    pss_verify_fails (pub, PKI_BYTES_ARGS (s1), orwell, "sha256", NULL, 20, PKI_ERROR_SIGNATURE);
    pss_verify_fails (pub, PKI_BYTES_ARGS (s1), orwell, "sha256", NULL, 0, PKI_ERROR_SIGNATURE);
    pss_verify_fails (pub, PKI_BYTES_ARGS (s1), tainted, "sha256", NULL, PKI_PSS_SALT_AUTO,
                      PKI_ERROR_SIGNATURE);
    pss_verify_fails (pub, PKI_BYTES_ARGS (s1), orwell, "sha384", NULL, PKI_PSS_SALT_AUTO,
                      PKI_ERROR_SIGNATURE);
    pss_verify_fails (pub, PKI_BYTES_ARGS (s1), orwell, "sha256", "sha1", PKI_PSS_SALT_AUTO,
                      PKI_ERROR_SIGNATURE);
    /* Not a PKCS#1 v1.5 signature. */
    verify_fails (pub, PKI_BYTES_ARGS (s1), PKI_BYTES_ARGS (orwell), "sha256",
                  PKI_ERROR_SIGNATURE);
    pss_verify_ok (pub, s1, orwell, "sha256", NULL, 32);
  }

  /* Salt 0: deterministic. */
  {
    g_autoptr (GBytes) z1 = pss_sign_ok (key, orwell, "sha256", NULL, 0);
    g_autoptr (GBytes) z2 = pss_sign_ok (key, orwell, "sha256", "sha256", 0);
    assert_bytes_equal (z1, z2);
    pss_verify_ok (pub, z1, orwell, "sha256", NULL, 0);
    pss_verify_ok (pub, z1, orwell, "sha256", NULL, PKI_PSS_SALT_AUTO);
    pss_verify_fails (pub, PKI_BYTES_ARGS (z1), orwell, "sha256", NULL, PKI_PSS_SALT_DIGEST,
                      PKI_ERROR_SIGNATURE);
  }

  /* An exact salt length. */
  {
    g_autoptr (GBytes) s10 = pss_sign_ok (key, orwell, "sha256", NULL, 10);
    pss_verify_ok (pub, s10, orwell, "sha256", NULL, 10);
    pss_verify_ok (pub, s10, orwell, "sha256", NULL, PKI_PSS_SALT_AUTO);
    pss_verify_fails (pub, PKI_BYTES_ARGS (s10), orwell, "sha256", NULL, 11,
                      PKI_ERROR_SIGNATURE);
    pss_verify_fails (pub, PKI_BYTES_ARGS (s10), orwell, "sha256", NULL, 9, PKI_ERROR_SIGNATURE);
  }

  /* PKI_PSS_SALT_MAX: 256 - 32 - 2 = 222 bytes with SHA-256, 190 with SHA-512. */
  {
    g_autoptr (GBytes) m = pss_sign_ok (key, orwell, "sha256", NULL, PKI_PSS_SALT_MAX);
    g_autoptr (GBytes) m512 = pss_sign_ok (key, orwell, "sha512", NULL, PKI_PSS_SALT_MAX);
    g_autoptr (GBytes) exact = pss_sign_ok (key, orwell, "sha256", NULL, 222);
    pss_verify_ok (pub, m, orwell, "sha256", NULL, 222);
    pss_verify_ok (pub, m, orwell, "sha256", NULL, PKI_PSS_SALT_AUTO);
    pss_verify_fails (pub, PKI_BYTES_ARGS (m), orwell, "sha256", NULL, PKI_PSS_SALT_DIGEST,
                      PKI_ERROR_SIGNATURE);
    pss_verify_ok (pub, m512, orwell, "sha512", NULL, 190);
    pss_verify_ok (pub, exact, orwell, "sha256", NULL, PKI_PSS_SALT_AUTO);
  }

  /* Another MGF1 digest; SHA-384's own salt length is 48. */
  {
    g_autoptr (GBytes) s = pss_sign_ok (key, orwell, "sha384", "sha1", PKI_PSS_SALT_DIGEST);
    pss_verify_ok (pub, s, orwell, "sha384", "sha1", 48);
    pss_verify_ok (pub, s, orwell, "sha384", "SHA1", PKI_PSS_SALT_AUTO);
    pss_verify_fails (pub, PKI_BYTES_ARGS (s), orwell, "sha384", NULL, 48, PKI_ERROR_SIGNATURE);
    pss_verify_fails (pub, PKI_BYTES_ARGS (s), orwell, "sha384", "sha1", 32,
                      PKI_ERROR_SIGNATURE);
  }

  /* NULL digest is SHA-256, as for pki_sign. */
  {
    g_autoptr (GBytes) s = pss_sign_ok (key, orwell, NULL, NULL, PKI_PSS_SALT_DIGEST);
    pss_verify_ok (pub, s, orwell, "sha256", "sha256", 32);
    pss_verify_ok (pub, s, orwell, NULL, NULL, PKI_PSS_SALT_DIGEST);
  }

  /* A PKCS#1 v1.5 signature is not a PSS one. */
  {
    g_autoptr (GBytes) v15 = sign_ok (key, PKI_BYTES_ARGS (orwell), "sha256");
    pss_verify_fails (pub, PKI_BYTES_ARGS (v15), orwell, "sha256", NULL, PKI_PSS_SALT_AUTO,
                      PKI_ERROR_SIGNATURE);
  }
}

static void
test_pss_bad_input (void)
{
  g_autoptr (PkiPKey) key = vector_private ("rsa_private_key.pem");
  g_autoptr (PkiPKey) pub = NULL, ec = NULL, ed = NULL, dsa = NULL;
  g_autoptr (GBytes) orwell = NULL, sig = NULL, truncated = NULL, garbage = NULL, last = NULL;

  if (key == NULL)
    return;
  pub = vector_public ("rsa_public_key.pem");
  ec = vector_private ("ec_p256_private_key.pem");
  ed = vector_private ("ed25519_private_key.pem");
  dsa = vector_private ("dsa_private_key.pem");
  orwell = pki_test_vector ("orwell_content.txt");
  sig = pss_sign_ok (key, orwell, "sha256", NULL, PKI_PSS_SALT_DIGEST);

  /* Salt modes on the wrong side, and out-of-range salts. */
  pss_sign_fails (key, orwell, "sha256", NULL, PKI_PSS_SALT_AUTO, PKI_ERROR_BAD_INPUT);
  pss_verify_fails (pub, PKI_BYTES_ARGS (sig), orwell, "sha256", NULL, PKI_PSS_SALT_MAX,
                    PKI_ERROR_BAD_INPUT);
  pss_sign_fails (key, orwell, "sha256", NULL, -4, PKI_ERROR_BAD_INPUT);
  pss_sign_fails (key, orwell, "sha256", NULL, G_MININT, PKI_ERROR_BAD_INPUT);
  pss_verify_fails (pub, PKI_BYTES_ARGS (sig), orwell, "sha256", NULL, -4, PKI_ERROR_BAD_INPUT);
  /* One byte more than the 2048-bit key holds with SHA-256. */
  pss_sign_fails (key, orwell, "sha256", NULL, 223, PKI_ERROR_BAD_INPUT);

  /* Unknown digests. */
  pss_sign_fails (key, orwell, "strange-digest", NULL, PKI_PSS_SALT_DIGEST,
                  PKI_ERROR_UNSUPPORTED);
  pss_sign_fails (key, orwell, "sha256", "strange-digest", PKI_PSS_SALT_DIGEST,
                  PKI_ERROR_UNSUPPORTED);
  pss_verify_fails (pub, PKI_BYTES_ARGS (sig), orwell, "strange-digest", NULL,
                    PKI_PSS_SALT_AUTO, PKI_ERROR_UNSUPPORTED);
  pss_verify_fails (pub, PKI_BYTES_ARGS (sig), orwell, "sha256", "strange-digest",
                    PKI_PSS_SALT_AUTO, PKI_ERROR_UNSUPPORTED);

  /* Keys that are not RSA, and a public-only key asked to sign. */
  pss_sign_fails (ec, orwell, "sha256", NULL, PKI_PSS_SALT_DIGEST, PKI_ERROR_KEY_TYPE);
  pss_sign_fails (ed, orwell, "sha256", NULL, PKI_PSS_SALT_DIGEST, PKI_ERROR_KEY_TYPE);
  pss_sign_fails (dsa, orwell, "sha256", NULL, PKI_PSS_SALT_DIGEST, PKI_ERROR_KEY_TYPE);
  pss_sign_fails (pub, orwell, "sha256", NULL, PKI_PSS_SALT_DIGEST, PKI_ERROR_KEY_TYPE);
  pss_verify_fails (ec, PKI_BYTES_ARGS (sig), orwell, "sha256", NULL, PKI_PSS_SALT_AUTO,
                    PKI_ERROR_KEY_TYPE);
  pss_verify_fails (ed, PKI_BYTES_ARGS (sig), orwell, "sha256", NULL, PKI_PSS_SALT_AUTO,
                    PKI_ERROR_KEY_TYPE);

  /* Signatures that are not signatures. */
  pss_verify_fails (pub, EMPTY_ARGS, orwell, "sha256", NULL, PKI_PSS_SALT_AUTO,
                    PKI_ERROR_SIGNATURE);
  truncated = g_bytes_new_from_bytes (sig, 0, 255);
  pss_verify_fails (pub, PKI_BYTES_ARGS (truncated), orwell, "sha256", NULL, PKI_PSS_SALT_AUTO,
                    PKI_ERROR_SIGNATURE);
  garbage = g_bytes_new_take (g_malloc0 (256), 256);
  pss_verify_fails (pub, PKI_BYTES_ARGS (garbage), orwell, "sha256", NULL, PKI_PSS_SALT_AUTO,
                    PKI_ERROR_SIGNATURE);
  last = bytes_flip (sig, 255, 0x80);
  pss_verify_fails (pub, PKI_BYTES_ARGS (last), orwell, "sha256", NULL, 32,
                    PKI_ERROR_SIGNATURE);

  /* None of it left anything behind. */
  pss_verify_ok (pub, sig, orwell, "sha256", NULL, 32);
}

/* A key restricted to PSS (made by the CLI) signs and verifies PSS. */
static void
test_pss_rsa_pss_key (void)
{
  g_autoptr (SignTmpdir) dir = pki_test_tmpdir ();
  g_autofree gchar *key_path = g_build_filename (dir, "pss.pem", NULL);
  g_autofree gchar *pub_path = NULL, *data_path = NULL, *sig_path = NULL;
  g_autoptr (GBytes) pem = NULL, pub_pem = NULL, sig = NULL, data = NULL;
  g_autoptr (PkiPKey) key = NULL, pub = NULL;
  g_autoptr (GError) error = NULL;

  CLI_OK ("genpkey", "-algorithm", "RSA-PSS", "-pkeyopt", "rsa_keygen_bits:2048", "-out",
          key_path);
  pem = pki_test_read_file (key_path);
  key = pki_pkey_load_private (PKI_FILETYPE_PEM, PKI_BYTES_ARGS (pem), NULL, &error);
  g_assert_no_error (error);
  pki_assert_queue_empty ();
  g_assert_cmpint (pki_pkey_get_key_type (key), ==, PKI_PKEY_TYPE_RSA_PSS);
  pub = pki_pkey_get_public (key);

  data = g_bytes_new_static ("pss key data", 12);
  sig = pss_sign_ok (key, data, "sha256", NULL, PKI_PSS_SALT_DIGEST);
  g_assert_cmpuint (g_bytes_get_size (sig), ==, 256);
  pss_verify_ok (pub, sig, data, "sha256", NULL, 32);
  pss_verify_ok (pub, sig, data, "sha256", NULL, PKI_PSS_SALT_AUTO);
  /* pki_sign with an RSA-PSS key makes PSS signatures. */
  {
    g_autoptr (GBytes) plain = sign_ok (key, PKI_BYTES_ARGS (data), "sha256");
    g_assert_cmpuint (g_bytes_get_size (plain), ==, 256);
    verify_ok (pub, plain, PKI_BYTES_ARGS (data), "sha256");
    pss_verify_ok (pub, plain, data, "sha256", NULL, PKI_PSS_SALT_AUTO);
  }
  /* Still not a key for ECDSA conversions. */
  from_p1363_fails (key, (const guint8 *) "0123456789abcdef0123456789abcdef0123456789abcdef"
                    "0123456789abcdef", 64, PKI_ERROR_KEY_TYPE);

  pub_pem = dump_public_pem (key);
  pub_path = pki_test_write (dir, "pub.pem", pub_pem);
  data_path = pki_test_write (dir, "data", data);
  sig_path = pki_test_write (dir, "sig", sig);
  CLI_EXPECT ("Verified OK\n", "dgst", "-sha256", "-sigopt", "rsa_padding_mode:pss", "-sigopt",
              "rsa_pss_saltlen:32", "-verify", pub_path, "-signature", sig_path, data_path);
}

/* --- P1363 ----------------------------------------------------------------- */

static void
test_p1363_round_trip (void)
{
  g_autoptr (PkiPKey) key = vector_private ("ec_p256_private_key.pem");
  g_autoptr (PkiPKey) pub = NULL, p384 = NULL;
  g_autoptr (GBytes) orwell = NULL;
  g_autoptr (GError) error = NULL;

  if (key == NULL)
    return;
  pub = vector_public ("ec_p256_public_key.pem");
  p384 = vector_private ("ec_root_key_p384.pem");
  orwell = pki_test_vector ("orwell_content.txt");

  /* Enough signatures that some have r or s with a high bit or a leading zero. */
  for (int i = 0; i < 16; i++) {
    g_autoptr (GBytes) sig = sign_ok (key, PKI_BYTES_ARGS (orwell), "sha256");
    g_autoptr (GBytes) raw = to_p1363_ok (pub, sig);
    g_autoptr (GBytes) der = from_p1363_ok (pub, raw);
    g_autoptr (GBytes) raw2 = to_p1363_ok (key, der);
    g_autoptr (GBytes) bad_raw = bytes_flip (raw, 63, 0x01);
    g_autoptr (GBytes) bad_der = from_p1363_ok (pub, bad_raw);

    g_assert_cmpuint (g_bytes_get_size (raw), ==, 64);
    assert_bytes_equal (der, sig);
    assert_bytes_equal (raw2, raw);
    verify_ok (pub, der, PKI_BYTES_ARGS (orwell), "sha256");
    verify_fails (pub, PKI_BYTES_ARGS (bad_der), PKI_BYTES_ARGS (orwell), "sha256",
                  PKI_ERROR_SIGNATURE);
  }

  /* Small values: r = 1, s = 2 are minimal INTEGERs. */
  {
    g_autoptr (GBytes) raw = bytes_from_hex ("0000000000000000000000000000000000000000000000000000000000000001"
                                        "0000000000000000000000000000000000000000000000000000000000000002");
    g_autoptr (GBytes) expected = bytes_from_hex ("3006020101020102");
    g_autoptr (GBytes) der = from_p1363_ok (pub, raw);
    g_autoptr (GBytes) back = to_p1363_ok (pub, der);
    assert_bytes_equal (der, expected);
    assert_bytes_equal (back, raw);
  }
  /* High bits set: each INTEGER gets a leading zero byte. */
  {
    g_autoptr (GBytes) raw = bytes_from_hex ("8000000000000000000000000000000000000000000000000000000000000000"
                                        "ff000000000000000000000000000000000000000000000000000000000000ff");
    g_autoptr (GBytes) expected = bytes_from_hex (
        "3046"
        "0221008000000000000000000000000000000000000000000000000000000000000000"
        "022100ff000000000000000000000000000000000000000000000000000000000000ff");
    g_autoptr (GBytes) der = from_p1363_ok (pub, raw);
    g_autoptr (GBytes) back = to_p1363_ok (pub, der);
    assert_bytes_equal (der, expected);
    assert_bytes_equal (back, raw);
  }

  /* P-384: 96 bytes. */
  {
    g_autoptr (GBytes) sig = sign_ok (p384, PKI_BYTES_ARGS (orwell), "sha384");
    g_autoptr (GBytes) raw = to_p1363_ok (p384, sig);
    g_autoptr (GBytes) der = from_p1363_ok (p384, raw);
    g_assert_cmpuint (g_bytes_get_size (raw), ==, 96);
    assert_bytes_equal (der, sig);
  }

  /* P-521: the order is 521 bits, so 2 * 66 bytes. */
  {
    g_autoptr (PkiPKey) p521 = pki_pkey_generate_ec ("P-521", &error);
    g_autoptr (GBytes) sig = NULL, raw = NULL, der = NULL;
    g_assert_no_error (error);
    sig = sign_ok (p521, PKI_BYTES_ARGS (orwell), "sha512");
    raw = to_p1363_ok (p521, sig);
    g_assert_cmpuint (g_bytes_get_size (raw), ==, 132);
    der = from_p1363_ok (p521, raw);
    assert_bytes_equal (der, sig);
    verify_ok (p521, der, PKI_BYTES_ARGS (orwell), "sha512");
  }
}

static void
test_p1363_bad_input (void)
{
  g_autoptr (PkiPKey) key = vector_private ("ec_p256_private_key.pem");
  g_autoptr (PkiPKey) p384 = NULL, rsa = NULL, ed = NULL, x25519 = NULL;
  g_autoptr (GBytes) orwell = NULL, sig = NULL, raw = NULL, truncated = NULL, der = NULL;
  guint8 zeros[200] = { 0 };

  if (key == NULL)
    return;
  p384 = vector_private ("ec_root_key_p384.pem");
  rsa = vector_private ("root_key.pem");
  ed = vector_private ("ed25519_private_key.pem");
  x25519 = vector_private ("x25519_private_key.pem");
  orwell = pki_test_vector ("orwell_content.txt");
  sig = sign_ok (key, PKI_BYTES_ARGS (orwell), "sha256");
  raw = to_p1363_ok (key, sig);

  /* Lengths other than 2 * 32 for P-256, 2 * 48 for P-384. */
  from_p1363_fails (key, zeros, 0, PKI_ERROR_BAD_INPUT);
  from_p1363_fails (key, zeros, 1, PKI_ERROR_BAD_INPUT);
  from_p1363_fails (key, zeros, 32, PKI_ERROR_BAD_INPUT);
  from_p1363_fails (key, g_bytes_get_data (raw, NULL), 63, PKI_ERROR_BAD_INPUT);
  from_p1363_fails (key, zeros, 65, PKI_ERROR_BAD_INPUT);
  from_p1363_fails (key, zeros, 96, PKI_ERROR_BAD_INPUT);
  from_p1363_fails (key, zeros, 128, PKI_ERROR_BAD_INPUT);
  from_p1363_fails (p384, PKI_BYTES_ARGS (raw), PKI_ERROR_BAD_INPUT);
  from_p1363_fails (p384, zeros, 95, PKI_ERROR_BAD_INPUT);

  /* Keys that are not EC. */
  from_p1363_fails (rsa, PKI_BYTES_ARGS (raw), PKI_ERROR_KEY_TYPE);
  from_p1363_fails (ed, PKI_BYTES_ARGS (raw), PKI_ERROR_KEY_TYPE);
  from_p1363_fails (x25519, PKI_BYTES_ARGS (raw), PKI_ERROR_KEY_TYPE);
  to_p1363_fails (rsa, PKI_BYTES_ARGS (sig), PKI_ERROR_KEY_TYPE);
  to_p1363_fails (ed, PKI_BYTES_ARGS (sig), PKI_ERROR_KEY_TYPE);

  /* DER that is not an ECDSA-Sig-Value for the curve. */
  to_p1363_fails (key, EMPTY_ARGS, PKI_ERROR_BAD_INPUT);
  to_p1363_fails (key, STR_ARGS ("\x01\x02\x03"), PKI_ERROR_BAD_INPUT);
  to_p1363_fails (key, zeros, 64, PKI_ERROR_BAD_INPUT);
  truncated = g_bytes_new_from_bytes (sig, 0, g_bytes_get_size (sig) - 1);
  to_p1363_fails (key, PKI_BYTES_ARGS (truncated), PKI_ERROR_BAD_INPUT);
  to_p1363_fails (key, PKI_BYTES_ARGS (raw), PKI_ERROR_BAD_INPUT);
  /* r has 33 significant bytes: it cannot fit in 32. */
  der = bytes_from_hex ("3026"
                   "022101000000000000000000000000000000000000000000000000000000000000000000"
                   "020101");
  to_p1363_fails (key, PKI_BYTES_ARGS (der), PKI_ERROR_BAD_INPUT);
  /* Not strict DER: a trailing byte, a padded INTEGER, a negative r, a
   * long-form length where the short form fits. */
  {
    g_autoptr (GBytes) trailing = bytes_append (sig, "\0", 1);
    g_autoptr (GBytes) padded = bytes_from_hex ("30070202000102" "0102");
    g_autoptr (GBytes) negative = bytes_from_hex ("3006" "0201ff" "020102");
    g_autoptr (GBytes) long_form = bytes_from_hex ("308106" "020101" "020102");
    g_autoptr (GBytes) minimal = bytes_from_hex ("3006" "020101" "020102");
    g_autoptr (GBytes) minimal_raw = to_p1363_ok (key, minimal);
    to_p1363_fails (key, PKI_BYTES_ARGS (trailing), PKI_ERROR_BAD_INPUT);
    to_p1363_fails (key, PKI_BYTES_ARGS (padded), PKI_ERROR_BAD_INPUT);
    to_p1363_fails (key, PKI_BYTES_ARGS (negative), PKI_ERROR_BAD_INPUT);
    to_p1363_fails (key, PKI_BYTES_ARGS (long_form), PKI_ERROR_BAD_INPUT);
    g_assert_cmpuint (g_bytes_get_size (minimal_raw), ==, 64);
  }

  /* Nothing left behind: the round trip still works. */
  {
    g_autoptr (GBytes) back = from_p1363_ok (key, raw);
    assert_bytes_equal (back, sig);
  }
}

/* --- bad input to sign and verify ----------------------------------------- */

static void
test_bad_signatures (void)
{
  g_autoptr (PkiPKey) rsa = vector_private ("root_key.pem");
  g_autoptr (PkiPKey) ec = NULL, ed = NULL, dsa = NULL;
  g_autoptr (GBytes) orwell = NULL, rsa_sig = NULL, ec_sig = NULL, ed_sig = NULL, dsa_sig = NULL;
  guint8 junk[600];

  if (rsa == NULL)
    return;
  ec = vector_private ("ec_p256_private_key.pem");
  ed = vector_private ("ed25519_private_key.pem");
  dsa = vector_private ("dsa_private_key.pem");
  orwell = pki_test_vector ("orwell_content.txt");
  rsa_sig = pki_test_vector ("sig_root_key_orwell_sha256.bin");
  ec_sig = sign_ok (ec, PKI_BYTES_ARGS (orwell), "sha256");
  ed_sig = sign_ok (ed, PKI_BYTES_ARGS (orwell), NULL);
  dsa_sig = sign_ok (dsa, PKI_BYTES_ARGS (orwell), "sha256");
  for (gsize i = 0; i < sizeof junk; i++)
    junk[i] = (guint8) (i * 151 + 7);

  /* RSA: empty, one byte short, one byte long, garbage, all-ones (above the
   * modulus), another message's signature. */
  verify_fails (rsa, EMPTY_ARGS, PKI_BYTES_ARGS (orwell), "sha256", PKI_ERROR_SIGNATURE);
  verify_fails (rsa, g_bytes_get_data (rsa_sig, NULL), 383, PKI_BYTES_ARGS (orwell), "sha256",
                PKI_ERROR_SIGNATURE);
  {
    g_autoptr (GBytes) longer = bytes_concat (rsa_sig, "\x01");
    verify_fails (rsa, PKI_BYTES_ARGS (longer), PKI_BYTES_ARGS (orwell), "sha256",
                  PKI_ERROR_SIGNATURE);
  }
  verify_fails (rsa, junk, 384, PKI_BYTES_ARGS (orwell), "sha256", PKI_ERROR_SIGNATURE);
  verify_fails (rsa, junk, sizeof junk, PKI_BYTES_ARGS (orwell), "sha256", PKI_ERROR_SIGNATURE);
  {
    guint8 ones[384];
    memset (ones, 0xff, sizeof ones);
    verify_fails (rsa, ones, sizeof ones, PKI_BYTES_ARGS (orwell), "sha256",
                  PKI_ERROR_SIGNATURE);
  }
  verify_fails (rsa, PKI_BYTES_ARGS (rsa_sig), EMPTY_ARGS, "sha256", PKI_ERROR_SIGNATURE);
  verify_ok (rsa, rsa_sig, PKI_BYTES_ARGS (orwell), "sha256");

  /* ECDSA: empty, truncated DER, trailing byte, garbage, raw r||s. */
  verify_fails (ec, EMPTY_ARGS, PKI_BYTES_ARGS (orwell), "sha256", PKI_ERROR_SIGNATURE);
  verify_fails (ec, g_bytes_get_data (ec_sig, NULL), g_bytes_get_size (ec_sig) - 1,
                PKI_BYTES_ARGS (orwell), "sha256", PKI_ERROR_SIGNATURE);
  verify_fails (ec, g_bytes_get_data (ec_sig, NULL), 2, PKI_BYTES_ARGS (orwell), "sha256",
                PKI_ERROR_SIGNATURE);
  {
    g_autoptr (GBytes) trailing = bytes_append (ec_sig, "\0", 1);
    g_autoptr (GBytes) raw = to_p1363_ok (ec, ec_sig);
    verify_fails (ec, PKI_BYTES_ARGS (trailing), PKI_BYTES_ARGS (orwell), "sha256",
                  PKI_ERROR_SIGNATURE);
    verify_fails (ec, PKI_BYTES_ARGS (raw), PKI_BYTES_ARGS (orwell), "sha256",
                  PKI_ERROR_SIGNATURE);
  }
  /* The same r and s under a BER long-form SEQUENCE length: not DER. */
  {
    gsize len;
    const guint8 *p = g_bytes_get_data (ec_sig, &len);
    GByteArray *arr = g_byte_array_new ();
    g_autoptr (GBytes) long_form = NULL;
    g_assert_cmpuint (p[1], <, 0x80);
    g_byte_array_append (arr, (const guint8 *) "\x30\x81", 2);
    g_byte_array_append (arr, p + 1, (guint) (len - 1));
    long_form = g_byte_array_free_to_bytes (arr);
    verify_fails (ec, PKI_BYTES_ARGS (long_form), PKI_BYTES_ARGS (orwell), "sha256",
                  PKI_ERROR_SIGNATURE);
  }
  verify_fails (ec, junk, 72, PKI_BYTES_ARGS (orwell), "sha256", PKI_ERROR_SIGNATURE);
  verify_fails (ec, PKI_BYTES_ARGS (rsa_sig), PKI_BYTES_ARGS (orwell), "sha256",
                PKI_ERROR_SIGNATURE);
  verify_ok (ec, ec_sig, PKI_BYTES_ARGS (orwell), "sha256");

  /* Ed25519: empty, 63, 65, zeros, another algorithm's signature. */
  verify_fails (ed, EMPTY_ARGS, PKI_BYTES_ARGS (orwell), NULL, PKI_ERROR_SIGNATURE);
  verify_fails (ed, g_bytes_get_data (ed_sig, NULL), 63, PKI_BYTES_ARGS (orwell), NULL,
                PKI_ERROR_SIGNATURE);
  {
    g_autoptr (GBytes) longer = bytes_concat (ed_sig, "x");
    guint8 z[64] = { 0 };
    verify_fails (ed, PKI_BYTES_ARGS (longer), PKI_BYTES_ARGS (orwell), NULL,
                  PKI_ERROR_SIGNATURE);
    verify_fails (ed, z, sizeof z, PKI_BYTES_ARGS (orwell), NULL, PKI_ERROR_SIGNATURE);
  }
  verify_fails (ed, PKI_BYTES_ARGS (rsa_sig), PKI_BYTES_ARGS (orwell), NULL,
                PKI_ERROR_SIGNATURE);
  verify_ok (ed, ed_sig, PKI_BYTES_ARGS (orwell), NULL);

  /* DSA: empty, garbage, truncated. */
  verify_fails (dsa, EMPTY_ARGS, PKI_BYTES_ARGS (orwell), "sha256", PKI_ERROR_SIGNATURE);
  verify_fails (dsa, junk, 64, PKI_BYTES_ARGS (orwell), "sha256", PKI_ERROR_SIGNATURE);
  verify_fails (dsa, g_bytes_get_data (dsa_sig, NULL), g_bytes_get_size (dsa_sig) - 1,
                PKI_BYTES_ARGS (orwell), "sha256", PKI_ERROR_SIGNATURE);
  verify_ok (dsa, dsa_sig, PKI_BYTES_ARGS (orwell), "sha256");
}

static void
test_bad_keys (void)
{
  g_autoptr (PkiPKey) x25519 = vector_private ("x25519_private_key.pem");
  g_autoptr (PkiPKey) rsa = NULL, rsa_pub = NULL, rsa_half = NULL, ec_pub = NULL, ed_pub = NULL,
                      ed448_pub = NULL, dsa_pub = NULL;
  g_autoptr (GBytes) orwell = NULL, expected = NULL, again = NULL;

  if (x25519 == NULL)
    return;
  g_assert_cmpint (pki_pkey_get_key_type (x25519), ==, PKI_PKEY_TYPE_X25519);
  rsa = vector_private ("root_key.pem");
  rsa_pub = vector_public ("rsa_public_key.pem");
  rsa_half = pki_pkey_get_public (rsa);
  ec_pub = vector_public ("ec_p256_public_key.pem");
  ed_pub = vector_public ("ed25519_public_key.pem");
  ed448_pub = vector_public ("ed448_public_key.pem");
  dsa_pub = vector_public ("dsa_public_key.pem");
  orwell = pki_test_vector ("orwell_content.txt");
  expected = pki_test_vector ("sig_root_key_orwell_sha256.bin");

  /* X25519 agrees keys; it cannot sign or verify. */
  sign_fails (x25519, PKI_BYTES_ARGS (orwell), NULL, PKI_ERROR_KEY_TYPE);
  verify_fails (x25519, PKI_BYTES_ARGS (expected), PKI_BYTES_ARGS (orwell), NULL,
                PKI_ERROR_KEY_TYPE);
  pss_sign_fails (x25519, orwell, "sha256", NULL, PKI_PSS_SALT_DIGEST, PKI_ERROR_KEY_TYPE);

  /* Public-only keys cannot sign. */
  sign_fails (rsa_pub, PKI_BYTES_ARGS (orwell), "sha256", PKI_ERROR_KEY_TYPE);
  sign_fails (rsa_half, PKI_BYTES_ARGS (orwell), "sha256", PKI_ERROR_KEY_TYPE);
  sign_fails (rsa_half, PKI_BYTES_ARGS (orwell), NULL, PKI_ERROR_KEY_TYPE);
  sign_fails (ec_pub, PKI_BYTES_ARGS (orwell), "sha256", PKI_ERROR_KEY_TYPE);
  sign_fails (ed_pub, PKI_BYTES_ARGS (orwell), NULL, PKI_ERROR_KEY_TYPE);
  sign_fails (ed448_pub, PKI_BYTES_ARGS (orwell), NULL, PKI_ERROR_KEY_TYPE);
  sign_fails (dsa_pub, PKI_BYTES_ARGS (orwell), "sha256", PKI_ERROR_KEY_TYPE);

  /* The half still verifies, and the private key still signs. */
  verify_ok (rsa_half, expected, PKI_BYTES_ARGS (orwell), "sha256");
  again = sign_ok (rsa, PKI_BYTES_ARGS (orwell), "sha256");
  assert_bytes_equal (again, expected);
}

/* --- interop with the openssl CLI ------------------------------------------ */

/* Signatures made by libpki verify with the CLI. */
static void
test_interop_libpki_to_cli (void)
{
  g_autoptr (PkiPKey) rsa = vector_private ("rsa_private_key.pem");
  g_autoptr (PkiPKey) ec = NULL, dsa = NULL, ed = NULL, ed448 = NULL;
  g_autoptr (SignTmpdir) dir = NULL;
  g_autoptr (GBytes) orwell = NULL, tainted = NULL;
  g_autofree gchar *data_path = NULL, *tainted_path = NULL, *empty_path = NULL;
  g_autoptr (GError) error = NULL;
  /* Which key (index into keys[]) signs with which digest. */
  static const struct {
    gsize key;
    const char *digest_opt, *digest;
  } dgst_cases[] = {
    { 0, "-sha256", "sha256" },
    { 0, "-sha1", "sha1" },
    { 1, "-sha384", "sha384" },
    { 2, "-sha256", NULL },
  };
  PkiPKey *keys[3];

  if (rsa == NULL)
    return;
  ec = vector_private ("ec_root_key_p384.pem");
  dsa = vector_private ("dsa_private_key.pem");
  ed = pki_pkey_generate (PKI_PKEY_TYPE_ED25519, 0, &error);
  g_assert_no_error (error);
  ed448 = vector_private ("ed448_private_key.pem");
  orwell = pki_test_vector ("orwell_content.txt");
  tainted = bytes_concat (orwell, "tainted");
  dir = pki_test_tmpdir ();
  data_path = pki_test_write (dir, "data", orwell);
  tainted_path = pki_test_write (dir, "tainted", tainted);

  keys[0] = rsa;
  keys[1] = ec;
  keys[2] = dsa;

  for (gsize i = 0; i < G_N_ELEMENTS (dgst_cases); i++) {
    PkiPKey *key = keys[dgst_cases[i].key];
    g_autoptr (GBytes) sig = sign_ok (key, PKI_BYTES_ARGS (orwell), dgst_cases[i].digest);
    g_autoptr (GBytes) pub = dump_public_pem (key);
    g_autofree gchar *pub_path = pki_test_write (dir, "pub.pem", pub);
    g_autofree gchar *sig_path = pki_test_write (dir, "sig.bin", sig);

    g_test_message ("openssl dgst %s -verify, %s", dgst_cases[i].digest_opt,
                    pki_pkey_get_type_name (key));
    CLI_EXPECT ("Verified OK\n", "dgst", dgst_cases[i].digest_opt, "-verify", pub_path,
                "-signature", sig_path, data_path);
    CLI_FAILS ("dgst", dgst_cases[i].digest_opt, "-verify", pub_path, "-signature", sig_path,
               tainted_path);
  }

  /* Empty data (RSA, deterministic). */
  {
    g_autoptr (GBytes) sig = sign_ok (rsa, EMPTY_ARGS, "sha256");
    g_autoptr (GBytes) pub = dump_public_pem (rsa);
    g_autoptr (GBytes) empty = g_bytes_new_static ("", 0);
    g_autofree gchar *pub_path = pki_test_write (dir, "pub.pem", pub);
    g_autofree gchar *sig_path = pki_test_write (dir, "sig.bin", sig);
    empty_path = pki_test_write (dir, "empty", empty);
    CLI_EXPECT ("Verified OK\n", "dgst", "-sha256", "-verify", pub_path, "-signature", sig_path,
                empty_path);
    /* NULL data of length 0 is the empty message too. */
    {
      g_autoptr (GBytes) null_sig = sign_ok (rsa, NULL, 0, "sha256");
      assert_bytes_equal (null_sig, sig);
      verify_ok (rsa, sig, NULL, 0, "sha256");
    }
  }

  /* RSA-PSS with a digest-sized salt, and with the maximal salt. */
  {
    g_autoptr (GBytes) sig = pss_sign_ok (rsa, orwell, "sha256", NULL, PKI_PSS_SALT_DIGEST);
    g_autoptr (GBytes) max = pss_sign_ok (rsa, orwell, "sha256", NULL, PKI_PSS_SALT_MAX);
    g_autoptr (GBytes) pub = dump_public_pem (rsa);
    g_autofree gchar *pub_path = pki_test_write (dir, "pub.pem", pub);
    g_autofree gchar *sig_path = pki_test_write (dir, "pss.bin", sig);
    g_autofree gchar *max_path = pki_test_write (dir, "max.bin", max);
    CLI_EXPECT ("Verified OK\n", "dgst", "-sha256", "-sigopt", "rsa_padding_mode:pss", "-sigopt",
                "rsa_pss_saltlen:32", "-verify", pub_path, "-signature", sig_path, data_path);
    CLI_FAILS ("dgst", "-sha256", "-sigopt", "rsa_padding_mode:pss", "-sigopt",
               "rsa_pss_saltlen:20", "-verify", pub_path, "-signature", sig_path, data_path);
    CLI_EXPECT ("Verified OK\n", "dgst", "-sha256", "-sigopt", "rsa_padding_mode:pss", "-sigopt",
                "rsa_pss_saltlen:222", "-verify", pub_path, "-signature", max_path, data_path);
  }

  /* EdDSA through pkeyutl -rawin. */
  {
    PkiPKey *ed_keys[] = { ed, ed448 };
    for (gsize i = 0; i < G_N_ELEMENTS (ed_keys); i++) {
      g_autoptr (GBytes) sig = sign_ok (ed_keys[i], PKI_BYTES_ARGS (orwell), NULL);
      g_autoptr (GBytes) pub = dump_public_pem (ed_keys[i]);
      g_autofree gchar *pub_path = pki_test_write (dir, "pub.pem", pub);
      g_autofree gchar *sig_path = pki_test_write (dir, "sig.bin", sig);
      CLI_EXPECT ("Signature Verified Successfully\n", "pkeyutl", "-verify", "-pubin", "-inkey",
                  pub_path, "-rawin", "-in", data_path, "-sigfile", sig_path);
      CLI_FAILS ("pkeyutl", "-verify", "-pubin", "-inkey", pub_path, "-rawin", "-in",
                 tainted_path, "-sigfile", sig_path);
    }
  }
}

/* Signatures made by the CLI verify in libpki; deterministic ones are equal. */
static void
test_interop_cli_to_libpki (void)
{
  g_autoptr (PkiPKey) rsa = vector_private ("rsa_private_key.pem");
  g_autoptr (PkiPKey) ec = NULL, ed = NULL, dsa = NULL;
  g_autoptr (SignTmpdir) dir = NULL;
  g_autoptr (GBytes) orwell = NULL, tainted = NULL;
  g_autofree gchar *data_path = NULL, *sig_path = NULL;
  g_autoptr (GError) error = NULL;

  if (rsa == NULL)
    return;
  ec = pki_pkey_generate_ec ("P-256", &error);
  g_assert_no_error (error);
  ed = pki_pkey_generate (PKI_PKEY_TYPE_ED25519, 0, &error);
  g_assert_no_error (error);
  dsa = vector_private ("dsa_private_key.pem");
  orwell = pki_test_vector ("orwell_content.txt");
  tainted = bytes_concat (orwell, "tainted");
  dir = pki_test_tmpdir ();
  data_path = pki_test_write (dir, "data", orwell);
  sig_path = g_build_filename (dir, "sig.bin", NULL);

  /* RSA PKCS#1 v1.5: verifies, and is byte-equal to libpki's. */
  {
    g_autoptr (GBytes) pem = dump_private_pem (rsa);
    g_autofree gchar *key_path = pki_test_write (dir, "rsa.pem", pem);
    g_autoptr (GBytes) cli = NULL, mine = NULL;
    g_autoptr (PkiPKey) pub = pki_pkey_get_public (rsa);
    CLI_OK ("dgst", "-sha256", "-sign", key_path, "-out", sig_path, data_path);
    cli = pki_test_read_file (sig_path);
    verify_ok (pub, cli, PKI_BYTES_ARGS (orwell), "sha256");
    verify_fails (pub, PKI_BYTES_ARGS (cli), PKI_BYTES_ARGS (tainted), "sha256",
                  PKI_ERROR_SIGNATURE);
    mine = sign_ok (rsa, PKI_BYTES_ARGS (orwell), "sha256");
    assert_bytes_equal (mine, cli);
  }

  /* RSA-PSS, salt 32. */
  {
    g_autoptr (GBytes) pem = dump_private_pem (rsa);
    g_autofree gchar *key_path = pki_test_write (dir, "rsa.pem", pem);
    g_autoptr (GBytes) cli = NULL;
    g_autoptr (PkiPKey) pub = pki_pkey_get_public (rsa);
    CLI_OK ("dgst", "-sha256", "-sigopt", "rsa_padding_mode:pss", "-sigopt", "rsa_pss_saltlen:32",
            "-sign", key_path, "-out", sig_path, data_path);
    cli = pki_test_read_file (sig_path);
    g_assert_cmpuint (g_bytes_get_size (cli), ==, 256);
    pss_verify_ok (pub, cli, orwell, "sha256", NULL, 32);
    pss_verify_ok (pub, cli, orwell, "sha256", "sha256", PKI_PSS_SALT_DIGEST);
    pss_verify_ok (pub, cli, orwell, "sha256", NULL, PKI_PSS_SALT_AUTO);
    pss_verify_fails (pub, PKI_BYTES_ARGS (cli), orwell, "sha256", NULL, 0, PKI_ERROR_SIGNATURE);
    pss_verify_fails (pub, PKI_BYTES_ARGS (cli), tainted, "sha256", NULL, 32,
                      PKI_ERROR_SIGNATURE);
    verify_fails (pub, PKI_BYTES_ARGS (cli), PKI_BYTES_ARGS (orwell), "sha256",
                  PKI_ERROR_SIGNATURE);
  }

  /* ECDSA P-256 (a generated key written with pki_pkey_dump_private). */
  {
    g_autoptr (GBytes) pem = dump_private_pem (ec);
    g_autoptr (GBytes) pub_pem = dump_public_pem (ec);
    g_autofree gchar *key_path = pki_test_write (dir, "ec.pem", pem);
    g_autoptr (GBytes) cli = NULL, raw = NULL, der = NULL;
    g_autoptr (PkiPKey) pub = pki_pkey_load_public (PKI_FILETYPE_PEM, PKI_BYTES_ARGS (pub_pem),
                                                    &error);
    g_assert_no_error (error);
    CLI_OK ("dgst", "-sha256", "-sign", key_path, "-out", sig_path, data_path);
    cli = pki_test_read_file (sig_path);
    assert_short_der_sequence (cli, 72);
    verify_ok (pub, cli, PKI_BYTES_ARGS (orwell), "sha256");
    verify_fails (pub, PKI_BYTES_ARGS (cli), PKI_BYTES_ARGS (tainted), "sha256",
                  PKI_ERROR_SIGNATURE);
    raw = to_p1363_ok (pub, cli);
    g_assert_cmpuint (g_bytes_get_size (raw), ==, 64);
    der = from_p1363_ok (pub, raw);
    assert_bytes_equal (der, cli);
  }

  /* DSA. */
  {
    g_autoptr (GBytes) pem = dump_private_pem (dsa);
    g_autofree gchar *key_path = pki_test_write (dir, "dsa.pem", pem);
    g_autoptr (GBytes) cli = NULL;
    CLI_OK ("dgst", "-sha256", "-sign", key_path, "-out", sig_path, data_path);
    cli = pki_test_read_file (sig_path);
    verify_ok (dsa, cli, PKI_BYTES_ARGS (orwell), "sha256");
    verify_fails (dsa, PKI_BYTES_ARGS (cli), PKI_BYTES_ARGS (tainted), "sha256",
                  PKI_ERROR_SIGNATURE);
  }

  /* Ed25519 through pkeyutl -rawin: deterministic, so byte-equal too. */
  {
    g_autoptr (GBytes) pem = dump_private_pem (ed);
    g_autofree gchar *key_path = pki_test_write (dir, "ed.pem", pem);
    g_autoptr (GBytes) cli = NULL, mine = NULL;
    g_autoptr (PkiPKey) pub = pki_pkey_get_public (ed);
    CLI_OK ("pkeyutl", "-sign", "-rawin", "-inkey", key_path, "-in", data_path, "-out",
            sig_path);
    cli = pki_test_read_file (sig_path);
    g_assert_cmpuint (g_bytes_get_size (cli), ==, 64);
    verify_ok (pub, cli, PKI_BYTES_ARGS (orwell), NULL);
    verify_fails (pub, PKI_BYTES_ARGS (cli), PKI_BYTES_ARGS (tainted), NULL,
                  PKI_ERROR_SIGNATURE);
    mine = sign_ok (ed, PKI_BYTES_ARGS (orwell), NULL);
    assert_bytes_equal (mine, cli);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sign/pyopenssl/sign-vector", test_pyopenssl_sign_vector);
  g_test_add_func ("/sign/pyopenssl/verify", test_pyopenssl_verify);
  g_test_add_func ("/sign/pyopenssl/bad-digest", test_pyopenssl_bad_digest);
  g_test_add_func ("/sign/pyopenssl/ecdsa", test_pyopenssl_ecdsa);
  g_test_add_func ("/sign/pyopenssl/nul-content", test_pyopenssl_nul_content);
  g_test_add_func ("/sign/pyopenssl/large-key", test_pyopenssl_large_key);
  g_test_add_func ("/sign/ed25519", test_ed25519);
  g_test_add_func ("/sign/ed448", test_ed448);
  g_test_add_func ("/sign/dsa", test_dsa);
  g_test_add_func ("/sign/default-digest", test_default_digest);
  g_test_add_func ("/sign/generated", test_generated);
  g_test_add_func ("/sign/pss/salt-modes", test_pss_salt_modes);
  g_test_add_func ("/sign/pss/bad-input", test_pss_bad_input);
  g_test_add_func ("/sign/pss/rsa-pss-key", test_pss_rsa_pss_key);
  g_test_add_func ("/sign/p1363/round-trip", test_p1363_round_trip);
  g_test_add_func ("/sign/p1363/bad-input", test_p1363_bad_input);
  g_test_add_func ("/sign/bad-signatures", test_bad_signatures);
  g_test_add_func ("/sign/bad-keys", test_bad_keys);
  g_test_add_func ("/sign/interop/libpki-to-cli", test_interop_libpki_to_cli);
  g_test_add_func ("/sign/interop/cli-to-libpki", test_interop_cli_to_libpki);

  return g_test_run ();
}
