/* Tests for pki-netscape-spki.h: PkiNetscapeSpki (pyOpenSSL's
 * NetscapeSPKI, the SPKAC of HTML's old <keygen>), with the pyOpenSSL fact
 * of ../shared/pyopenssl-vectors (README section 11) and interop with
 * `openssl spkac` both ways.
 * SPDX-License-Identifier: MIT
 */
#include "pki-test.h"

/* A temporary directory removed with its files at scope exit. */
typedef gchar SpkiTmpdir;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpkiTmpdir, pki_test_tmpdir_free)

/* --- helpers ---------------------------------------------------------------- */

typedef enum {
  KEY_EC,       /* a fresh P-256 key */
  KEY_EC_P384,  /* a fresh P-384 key */
  KEY_ED25519,  /* a fresh Ed25519 key */
} KeyKind;

static PkiPKey *
key_new (KeyKind kind)
{
  g_autoptr (GError) error = NULL;
  PkiPKey *key;

  switch (kind) {
  case KEY_EC:
    key = pki_pkey_generate_ec ("P-256", &error);
    break;
  case KEY_EC_P384:
    key = pki_pkey_generate_ec ("P-384", &error);
    break;
  case KEY_ED25519:
  default:
    key = pki_pkey_generate (PKI_PKEY_TYPE_ED25519, 0, &error);
    break;
  }
  return pki_test_assert_ok (key, error);
}

static void
set_pubkey_ok (PkiNetscapeSpki *spki, PkiPKey *key)
{
  g_autoptr (GError) error = NULL;
  gboolean ok = pki_netscape_spki_set_pubkey (spki, key, &error);
  pki_assert_queue_empty ();
  g_assert_no_error (error);
  g_assert_true (ok);
}

static void
set_challenge_ok (PkiNetscapeSpki *spki, const char *challenge)
{
  g_autoptr (GError) error = NULL;
  gboolean ok = pki_netscape_spki_set_challenge (spki, challenge, &error);
  pki_assert_queue_empty ();
  g_assert_no_error (error);
  g_assert_true (ok);
}

static void
sign_ok (PkiNetscapeSpki *spki, PkiPKey *key, const char *digest)
{
  g_autoptr (GError) error = NULL;
  gboolean ok = pki_netscape_spki_sign (spki, key, digest, &error);
  pki_assert_queue_empty ();
  g_assert_no_error (error);
  g_assert_true (ok);
}

static void
sign_fails (PkiNetscapeSpki *spki, PkiPKey *key, const char *digest, gint code)
{
  g_autoptr (GError) error = NULL;
  gboolean ok = pki_netscape_spki_sign (spki, key, digest, &error);
  pki_test_assert_error (error, code);
  g_assert_false (ok);
}

static void
verify_ok (PkiNetscapeSpki *spki, PkiPKey *key)
{
  g_autoptr (GError) error = NULL;
  gboolean ok = pki_netscape_spki_verify (spki, key, &error);
  pki_assert_queue_empty ();
  g_assert_no_error (error);
  g_assert_true (ok);
}

static void
verify_fails (PkiNetscapeSpki *spki, PkiPKey *key, gint code)
{
  g_autoptr (GError) error = NULL;
  gboolean ok = pki_netscape_spki_verify (spki, key, &error);
  pki_test_assert_error (error, code);
  g_assert_false (ok);
}

static void
assert_challenge (PkiNetscapeSpki *spki, const char *expected)
{
  g_autofree gchar *challenge = pki_netscape_spki_get_challenge (spki);
  g_assert_cmpstr (challenge, ==, expected);
}

/* The key inside: public only, equal to @expected. */
static void
assert_pubkey (PkiNetscapeSpki *spki, PkiPKey *expected)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PkiPKey) key = pki_netscape_spki_get_pubkey (spki, &error);

  pki_test_assert_ok (key, error);
  g_assert_true (pki_pkey_public_equal (key, expected));
  g_assert_cmpint (pki_pkey_get_key_type (key), ==, pki_pkey_get_key_type (expected));
  g_assert_false (pki_pkey_has_private (key));
}

/* Base64 on one line: no whitespace at all. */
static gchar *
b64_ok (PkiNetscapeSpki *spki)
{
  g_autoptr (GError) error = NULL;
  gchar *b64 = pki_netscape_spki_b64_encode (spki, &error);

  pki_test_assert_ok (b64, error);
  g_assert_cmpuint (strlen (b64), >, 0);
  for (const char *p = b64; *p != '\0'; p++)
    g_assert_true (g_ascii_isalnum (*p) || *p == '+' || *p == '/' || *p == '=');
  return b64;
}

static PkiNetscapeSpki *
load_ok (const char *b64)
{
  g_autoptr (GError) error = NULL;
  PkiNetscapeSpki *spki = pki_netscape_spki_new_from_base64 (b64, &error);
  return pki_test_assert_ok (spki, error);
}

static void
load_fails (const char *b64, gint code)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PkiNetscapeSpki) spki = pki_netscape_spki_new_from_base64 (b64, &error);
  pki_test_assert_fails (spki, error, code);
}

/* An SPKI with @key's public key and @challenge, signed by @key. */
static PkiNetscapeSpki *
spki_make (PkiPKey *key, const char *challenge, const char *digest)
{
  PkiNetscapeSpki *spki = pki_netscape_spki_new ();
  set_pubkey_ok (spki, key);
  set_challenge_ok (spki, challenge);
  sign_ok (spki, key, digest);
  return spki;
}

/* @b64 decoded, byte @index (from the end when negative) XORed with 1, and
 * encoded again. */
static gchar *
b64_flip (const char *b64, gssize index)
{
  gsize len;
  g_autofree guchar *der = g_base64_decode (b64, &len);
  gsize at = index < 0 ? len - (gsize) -index : (gsize) index;

  g_assert_cmpuint (at, <, len);
  der[at] ^= 0x01;
  return g_base64_encode (der, len);
}

/* `openssl spkac -verify` on "SPKAC=@b64": its stdout (the decoded SPKAC)
 * when the signature verifies, NULL when it does not. */
static GBytes *
cli_spkac_verify (const char *dir, const char *b64)
{
  g_autofree gchar *text = g_strdup_printf ("SPKAC=%s\n", b64);
  g_autoptr (GBytes) content = g_bytes_new (text, strlen (text));
  g_autofree gchar *path = pki_test_write (dir, "spkac.txt", content);
  return PKI_OPENSSL ("spkac", "-in", path, "-verify");
}

static const char *
bytes_str (GBytes *b)
{
  return g_bytes_get_data (b, NULL);
}

/* --- tests ------------------------------------------------------------------ */

static void
test_boxed (void)
{
  g_autoptr (PkiNetscapeSpki) spki = pki_netscape_spki_new ();
  gpointer copy;

  g_assert_true (G_TYPE_IS_BOXED (PKI_TYPE_NETSCAPE_SPKI));
  g_assert_cmpstr (g_type_name (PKI_TYPE_NETSCAPE_SPKI), ==, "PkiNetscapeSpki");
  copy = g_boxed_copy (PKI_TYPE_NETSCAPE_SPKI, spki);
  g_assert_true (copy == spki);
  g_boxed_free (PKI_TYPE_NETSCAPE_SPKI, copy);
  g_assert_true (pki_netscape_spki_ref (spki) == spki);
  pki_netscape_spki_unref (spki);
  pki_netscape_spki_unref (NULL);
}

/* A new SPKI: empty challenge, no key (so nothing to verify or encode). */
static void
test_new (void)
{
  g_autoptr (PkiNetscapeSpki) spki = pki_netscape_spki_new ();
  g_autoptr (GError) error = NULL;

  assert_challenge (spki, "");
  {
    g_autoptr (PkiPKey) key = pki_netscape_spki_get_pubkey (spki, &error);
    pki_test_assert_fails (key, error, PKI_ERROR_BAD_INPUT);
    g_clear_error (&error);
  }
  verify_fails (spki, NULL, PKI_ERROR_BAD_INPUT);
  {
    g_autofree gchar *b64 = pki_netscape_spki_b64_encode (spki, &error);
    g_assert_null (b64);
    pki_assert_queue_empty ();
    g_assert_nonnull (error);
    g_assert_true (error->domain == PKI_ERROR);
    g_clear_error (&error);
  }

  set_challenge_ok (spki, "a challenge ~!@#$%^&*()");
  assert_challenge (spki, "a challenge ~!@#$%^&*()");
  set_challenge_ok (spki, "");
  assert_challenge (spki, "");
}

/* new + set_pubkey + set_challenge + sign + b64_encode, read back with
 * new_from_base64, for several keys and digests. */
static void
test_round_trip (void)
{
  static const struct {
    KeyKind kind;
    const char *digest;
    const char *challenge;
  } cases[] = {
    { KEY_EC, NULL, "hello" },
    { KEY_EC, "sha384", "a longer challenge, with punctuation: 1+1=2" },
    { KEY_EC_P384, "SHA512", "" },
    { KEY_ED25519, NULL, "ed25519 challenge" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autoptr (PkiPKey) key = key_new (cases[i].kind);
    g_autoptr (PkiPKey) pub = pki_pkey_get_public (key);
    g_autoptr (PkiNetscapeSpki) spki = spki_make (key, cases[i].challenge, cases[i].digest);
    g_autoptr (PkiNetscapeSpki) loaded = NULL, spaced_spki = NULL;
    g_autofree gchar *b64 = b64_ok (spki);
    g_autofree gchar *again = NULL, *spaced_again = NULL;
    g_autoptr (GString) spaced = g_string_new (NULL);

    verify_ok (spki, NULL);
    verify_ok (spki, key);
    assert_challenge (spki, cases[i].challenge);
    assert_pubkey (spki, key);

    loaded = load_ok (b64);
    assert_challenge (loaded, cases[i].challenge);
    assert_pubkey (loaded, key);
    verify_ok (loaded, NULL);
    verify_ok (loaded, key);
    verify_ok (loaded, pub);
    again = b64_ok (loaded);
    g_assert_cmpstr (again, ==, b64);

    /* Whitespace is ignored: 64-column lines, spaces, tabs, CRLF. */
    g_string_append (spaced, "  ");
    for (const char *p = b64; *p != '\0'; p++) {
      g_string_append_c (spaced, *p);
      if ((p - b64) % 64 == 63)
        g_string_append (spaced, "\r\n");
      else if ((p - b64) % 16 == 15)
        g_string_append (spaced, " \t");
    }
    g_string_append (spaced, "\n");
    spaced_spki = load_ok (spaced->str);
    spaced_again = b64_ok (spaced_spki);
    g_assert_cmpstr (spaced_again, ==, b64);
    verify_ok (spaced_spki, NULL);
  }
}

/* pyOpenSSL: set_pubkey(root_key); sign(root_key, "SHA256"); b64_encode()
 * gives bytes; verify(root_key) is True. */
static void
test_pyopenssl (void)
{
  g_autoptr (PkiPKey) root_key = pki_test_vector_private ("root_key.pem", PKI_FILETYPE_PEM, NULL);
  g_autoptr (PkiNetscapeSpki) spki = NULL, loaded = NULL;
  g_autoptr (SpkiTmpdir) dir = NULL;
  g_autoptr (GBytes) text = NULL;
  g_autofree gchar *b64 = NULL;

  if (root_key == NULL)
    return;
  spki = pki_netscape_spki_new ();
  set_pubkey_ok (spki, root_key);
  sign_ok (spki, root_key, "SHA256");
  b64 = b64_ok (spki);
  verify_ok (spki, root_key);
  verify_ok (spki, NULL);

  loaded = load_ok (b64);
  assert_pubkey (loaded, root_key);
  verify_ok (loaded, root_key);
  assert_challenge (loaded, "");

  dir = pki_test_tmpdir ();
  text = cli_spkac_verify (dir, b64);
  g_assert_nonnull (text);
  g_assert_nonnull (strstr (bytes_str (text), "Public Key Algorithm: rsaEncryption\n"));
  g_assert_nonnull (strstr (bytes_str (text), "Public-Key: (3072 bit)\n"));
  /* An empty challenge is not printed at all. */
  g_assert_null (strstr (bytes_str (text), "Challenge String"));
  g_assert_nonnull (strstr (bytes_str (text), "Signature Algorithm: sha256WithRSAEncryption\n"));

  /* Never set: the empty challenge, as after loading. */
  assert_challenge (spki, "");
}

/* Ed25519 signs with a NULL digest; a digest is refused. */
static void
test_ed25519 (void)
{
  g_autoptr (PkiPKey) key = key_new (KEY_ED25519);
  g_autoptr (PkiNetscapeSpki) spki = pki_netscape_spki_new ();
  g_autoptr (SpkiTmpdir) dir = pki_test_tmpdir ();
  g_autoptr (GBytes) text = NULL;
  g_autofree gchar *b64 = NULL;

  set_pubkey_ok (spki, key);
  set_challenge_ok (spki, "edwards");
  sign_fails (spki, key, "sha256", PKI_ERROR_UNSUPPORTED);
  sign_fails (spki, key, "sha512", PKI_ERROR_UNSUPPORTED);
  sign_ok (spki, key, NULL);
  verify_ok (spki, NULL);
  verify_ok (spki, key);
  b64 = b64_ok (spki);

  text = cli_spkac_verify (dir, b64);
  g_assert_nonnull (text);
  g_assert_nonnull (strstr (bytes_str (text), "Public Key Algorithm: ED25519\n"));
  g_assert_nonnull (strstr (bytes_str (text), "Challenge String: edwards\n"));
  g_assert_nonnull (strstr (bytes_str (text), "Signature Algorithm: ED25519\n"));
}

/* `openssl spkac -verify` accepts what libpki writes, and refuses it with
 * a flipped signature bit. */
static void
test_cli_verifies_libpki (void)
{
  static const struct {
    KeyKind kind;
    const char *digest;
    const char *sigalg;
  } cases[] = {
    { KEY_EC, NULL, "ecdsa-with-SHA256" },
    { KEY_EC_P384, "sha384", "ecdsa-with-SHA384" },
    { KEY_ED25519, NULL, "ED25519" },
  };
  g_autoptr (SpkiTmpdir) dir = pki_test_tmpdir ();

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autoptr (PkiPKey) key = key_new (cases[i].kind);
    g_autoptr (PkiNetscapeSpki) spki = spki_make (key, "hello", cases[i].digest);
    g_autofree gchar *b64 = b64_ok (spki);
    g_autofree gchar *tampered = b64_flip (b64, -1);
    g_autofree gchar *sigalg = g_strdup_printf ("Signature Algorithm: %s\n", cases[i].sigalg);
    g_autoptr (GBytes) text = cli_spkac_verify (dir, b64);
    g_autoptr (GBytes) bad = NULL;

    g_assert_nonnull (text);
    g_assert_true (g_str_has_prefix (bytes_str (text), "Netscape SPKI:\n"));
    g_assert_nonnull (strstr (bytes_str (text), "Challenge String: hello\n"));
    g_assert_nonnull (strstr (bytes_str (text), sigalg));
    bad = cli_spkac_verify (dir, tampered);
    g_assert_null (bad);
  }
}

/* `openssl spkac -key @key_path -challenge hello [-digest @digest]` loads
 * and verifies with @key; it encodes back to the same base64. */
static void
check_cli_spkac (const char *key_path, PkiPKey *key, const char *digest)
{
  g_autoptr (GBytes) out = NULL;
  g_autoptr (PkiNetscapeSpki) spki = NULL;
  g_autoptr (PkiPKey) other = key_new (KEY_EC);
  g_autofree gchar *line = NULL, *again = NULL;
  const char *text;

  if (digest != NULL)
    out = PKI_OPENSSL_OK ("spkac", "-key", key_path, "-challenge", "hello", "-digest", digest);
  else
    out = PKI_OPENSSL_OK ("spkac", "-key", key_path, "-challenge", "hello");
  text = bytes_str (out);
  g_assert_true (g_str_has_prefix (text, "SPKAC="));
  g_assert_true (g_str_has_suffix (text, "\n"));
  line = g_strndup (text + strlen ("SPKAC="), strlen (text) - strlen ("SPKAC=") - 1);

  spki = load_ok (line);
  assert_challenge (spki, "hello");
  assert_pubkey (spki, key);
  verify_ok (spki, NULL);
  verify_ok (spki, key);
  verify_fails (spki, other, PKI_ERROR_SIGNATURE);
  again = b64_ok (spki);
  g_assert_cmpstr (again, ==, line);
}

/* What `openssl spkac` writes loads and verifies: an EC key (with -digest
 * sha256; the CLI's default, MD5, cannot go with ECDSA) and the pyOpenSSL
 * RSA root key with the default digest. */
static void
test_cli_to_libpki (void)
{
  g_autoptr (SpkiTmpdir) dir = pki_test_tmpdir ();
  g_autoptr (PkiPKey) ec = key_new (KEY_EC);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) pem = pki_pkey_dump_private (ec, PKI_FILETYPE_PEM, &error);
  g_autoptr (PkiPKey) root_key = NULL;
  g_autofree gchar *ec_path = NULL, *root_path = NULL;

  pki_test_assert_ok (pem, error);
  ec_path = pki_test_write (dir, "k.pem", pem);
  check_cli_spkac (ec_path, ec, "sha256");
  check_cli_spkac (ec_path, ec, "sha512");

  root_key = pki_test_vector_private ("root_key.pem", PKI_FILETYPE_PEM, NULL);
  if (root_key == NULL)
    return;
  root_path = pki_test_vector_path ("root_key.pem");
  check_cli_spkac (root_path, root_key, NULL);
}

/* Bad base64 and SPKACs that do not verify. */
static void
test_bad_input (void)
{
  g_autoptr (PkiPKey) key = key_new (KEY_EC);
  g_autoptr (PkiPKey) ed = key_new (KEY_ED25519);
  g_autoptr (PkiPKey) other = key_new (KEY_EC);
  g_autoptr (PkiNetscapeSpki) spki = spki_make (key, "hello", NULL);
  g_autofree gchar *b64 = b64_ok (spki);
  gsize len = strlen (b64);
  g_autofree gchar *half = g_strndup (b64, (len / 2) & ~(gsize) 3);
  g_autofree gchar *short_by_one = g_strndup (b64, len - 1);
  g_autofree gchar *short_by_four = g_strndup (b64, len - 4);
  g_autofree gchar *not_spkac = g_base64_encode ((const guchar *) "hello, world", 12);
  g_autofree gchar *tampered = b64_flip (b64, -1);
  const char *const bad[] = {
    "", " ", "\n\t \r\n", "!!!not base64!!!", "====", "MIIB", not_spkac, half, short_by_one,
    short_by_four,
  };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++) {
    g_test_message ("bad base64 \"%s\"", bad[i]);
    load_fails (bad[i], PKI_ERROR_BAD_INPUT);
  }

  /* Another key does not verify it, of the same or another type. */
  verify_fails (spki, other, PKI_ERROR_SIGNATURE);
  verify_fails (spki, ed, PKI_ERROR_SIGNATURE);
  verify_ok (spki, key);

  /* A flipped bit in the signature loads, and does not verify. */
  {
    g_autoptr (PkiNetscapeSpki) loaded = load_ok (tampered);
    assert_challenge (loaded, "hello");
    verify_fails (loaded, NULL, PKI_ERROR_SIGNATURE);
    verify_fails (loaded, key, PKI_ERROR_SIGNATURE);
  }

  /* Non-ASCII challenges are refused and change nothing. */
  {
    g_autoptr (GError) error = NULL;
    g_assert_false (pki_netscape_spki_set_challenge (spki, "caf\xc3\xa9", &error));
    pki_test_assert_error (error, PKI_ERROR_BAD_INPUT);
    g_clear_error (&error);
    g_assert_false (pki_netscape_spki_set_challenge (spki, "\xff", &error));
    pki_test_assert_error (error, PKI_ERROR_BAD_INPUT);
    assert_challenge (spki, "hello");
    verify_ok (spki, NULL);
  }

  /* A changed challenge breaks the signature until it is signed again. */
  set_challenge_ok (spki, "goodbye");
  verify_fails (spki, NULL, PKI_ERROR_SIGNATURE);
  sign_ok (spki, key, NULL);
  verify_ok (spki, NULL);
  assert_challenge (spki, "goodbye");

  /* Signed with a key that is not the one inside: no proof of possession. */
  {
    g_autoptr (PkiNetscapeSpki) wrong = pki_netscape_spki_new ();
    set_pubkey_ok (wrong, key);
    sign_ok (wrong, other, NULL);
    verify_fails (wrong, NULL, PKI_ERROR_SIGNATURE);
    verify_ok (wrong, other);
  }
}

/* Signing errors are those of pki_x509_sign(). */
static void
test_sign_errors (void)
{
  g_autoptr (PkiPKey) key = key_new (KEY_EC);
  g_autoptr (PkiPKey) pub = pki_pkey_get_public (key);
  g_autoptr (PkiNetscapeSpki) spki = spki_make (key, "hello", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (PkiPKey) x25519 = pki_pkey_generate (PKI_PKEY_TYPE_X25519, 0, &error);

  pki_test_assert_ok (x25519, error);
  sign_fails (spki, pub, NULL, PKI_ERROR_KEY_TYPE);
  sign_fails (spki, key, "no-such-digest", PKI_ERROR_UNSUPPORTED);
  sign_fails (spki, key, "", PKI_ERROR_UNSUPPORTED);
  sign_fails (spki, x25519, NULL, PKI_ERROR_KEY_TYPE);
  /* Still the first signature. */
  verify_ok (spki, NULL);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/netscape-spki/boxed", test_boxed);
  g_test_add_func ("/netscape-spki/new", test_new);
  g_test_add_func ("/netscape-spki/round-trip", test_round_trip);
  g_test_add_func ("/netscape-spki/pyopenssl", test_pyopenssl);
  g_test_add_func ("/netscape-spki/ed25519", test_ed25519);
  g_test_add_func ("/netscape-spki/bad-input", test_bad_input);
  g_test_add_func ("/netscape-spki/sign-errors", test_sign_errors);
  g_test_add_func ("/netscape-spki/cli/verifies-libpki", test_cli_verifies_libpki);
  g_test_add_func ("/netscape-spki/cli/to-libpki", test_cli_to_libpki);

  return g_test_run ();
}
