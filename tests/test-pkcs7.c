/* Tests for PkiPkcs7: pyOpenSSL's PKCS#7 vector (PEM and DER), certs-only
 * bundles made from the vector certificates and CRLs, dumping compared with
 * `openssl crl2pkcs7` and `openssl pkcs7`, signatures made by `openssl smime`
 * and `openssl cms`, other content types, the BoringSSL and OpenSSL PKCS#7
 * corpus, the SignedData-without-content regression and bad input.
 * SPDX-License-Identifier: MIT
 */
#include "pki-test.h"

/* --- small helpers ------------------------------------------------------ */

/* A temporary directory that removes itself (with its files) at scope end. */
typedef gchar TestDir;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestDir, pki_test_tmpdir_free)

#define PEM_ PKI_FILETYPE_PEM
#define DER_ PKI_FILETYPE_ASN1
#define TEXT_ PKI_FILETYPE_TEXT

/* @b as a string (libpki's dumps do not end with a NUL). */
static gchar *
bytes_to_str (GBytes *b)
{
  return g_strndup (g_bytes_get_data (b, NULL), g_bytes_get_size (b));
}

/* The first @len bytes of @b. */
static GBytes *
bytes_head (GBytes *b, gsize len)
{
  return g_bytes_new_from_bytes (b, 0, len);
}

/* A copy of @b with the byte at @offset replaced by @value. */
static GBytes *
bytes_patch (GBytes *b, gsize offset, guint8 value)
{
  gsize len;
  guint8 *copy = g_memdup2 (g_bytes_get_data (b, &len), g_bytes_get_size (b));
  g_assert_cmpuint (offset, <, len);
  copy[offset] = value;
  return g_bytes_new_take (copy, len);
}

/* The offset of the @nth (from 0) @needle in @b, or -1. */
static gssize
bytes_find_nth (GBytes *b, const void *needle, gsize nlen, guint nth)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (b, &len);
  for (gsize i = 0; i + nlen <= len; i++)
    if (memcmp (data + i, needle, nlen) == 0 && nth-- == 0)
      return (gssize) i;
  return -1;
}

/* The path of a file of the shared corpus, or NULL (test skipped). */
static gchar *
corpus_path (const char *sub, const char *name)
{
  g_autofree gchar *dir = pki_test_shared_dir (sub);
  if (dir == NULL) {
    g_test_skip_printf ("../shared/%s is absent", sub);
    return NULL;
  }
  return g_build_filename (dir, name, NULL);
}

/* --- libpki calls that must succeed -------------------------------------- */

static PkiPkcs7 *
load_ok (PkiFiletype type, GBytes *data)
{
  g_autoptr (GError) error = NULL;
  PkiPkcs7 *p7 = pki_pkcs7_load (type, PKI_BYTES_ARGS (data), &error);
  return pki_test_assert_ok (p7, error);
}

static GBytes *
dump_ok (PkiPkcs7 *p7, PkiFiletype type)
{
  g_autoptr (GError) error = NULL;
  GBytes *b = pki_pkcs7_dump (p7, type, &error);
  return pki_test_assert_ok (b, error);
}

static PkiPkcs7 *
certs_only_ok (PkiX509 **certs, guint n_certs, PkiCrl **crls, guint n_crls)
{
  g_autoptr (GError) error = NULL;
  PkiPkcs7 *p7 = pki_pkcs7_new_certs_only (certs, n_certs, crls, n_crls, &error);
  return pki_test_assert_ok (p7, error);
}

static GPtrArray *
crls_ok (PkiPkcs7 *p7)
{
  g_autoptr (GError) error = NULL;
  GPtrArray *crls = pki_pkcs7_get_crls (p7, &error);
  return pki_test_assert_ok (crls, error);
}

static PkiX509 *
cert_vector (const char *name)
{
  g_autoptr (GBytes) pem = pki_test_vector (name);
  g_autoptr (GError) error = NULL;
  PkiX509 *cert;

  if (pem == NULL)
    return NULL;
  cert = pki_x509_load (PEM_, PKI_BYTES_ARGS (pem), &error);
  return pki_test_assert_ok (cert, error);
}

static PkiCrl *
crl_vector (const char *name)
{
  g_autoptr (GBytes) pem = pki_test_vector (name);
  g_autoptr (GError) error = NULL;
  PkiCrl *crl;

  if (pem == NULL)
    return NULL;
  crl = pki_crl_load (PEM_, PKI_BYTES_ARGS (pem), &error);
  return pki_test_assert_ok (crl, error);
}

static GBytes *
cert_der (PkiX509 *cert)
{
  g_autoptr (GError) error = NULL;
  GBytes *der = pki_x509_dump (cert, DER_, &error);
  return pki_test_assert_ok (der, error);
}

static GBytes *
crl_der (PkiCrl *crl)
{
  g_autoptr (GError) error = NULL;
  GBytes *der = pki_crl_dump (crl, DER_, &error);
  return pki_test_assert_ok (der, error);
}

/* The subject of @cert in RFC 4514 form. */
static gchar *
cert_subject (PkiX509 *cert)
{
  g_autoptr (PkiX509Name) subject = pki_x509_get_subject (cert);
  return pki_x509_name_to_string (subject);
}

/* The certificates of @p7 are @want (same DER), in order. */
static void
assert_certs (PkiPkcs7 *p7, PkiX509 **want, guint n)
{
  g_autoptr (GPtrArray) got = pki_pkcs7_get_certificates (p7);

  pki_assert_queue_empty ();
  g_assert_nonnull (got);
  g_assert_cmpuint (got->len, ==, n);
  for (guint i = 0; i < n; i++) {
    g_autoptr (GBytes) a = cert_der (got->pdata[i]);
    g_autoptr (GBytes) b = cert_der (want[i]);
    assert_bytes_equal (a, b);
  }
}

/* The CRLs of @p7 are @want (same DER), in order. */
static void
assert_crls (PkiPkcs7 *p7, PkiCrl **want, guint n)
{
  g_autoptr (GPtrArray) got = crls_ok (p7);

  g_assert_cmpuint (got->len, ==, n);
  for (guint i = 0; i < n; i++) {
    g_autoptr (GBytes) a = crl_der (got->pdata[i]);
    g_autoptr (GBytes) b = crl_der (want[i]);
    assert_bytes_equal (a, b);
  }
}

/* The four type predicates of @p7 and its type name. */
static void
assert_type (PkiPkcs7 *p7, gboolean is_signed, gboolean enveloped, gboolean both,
             gboolean data, const char *name)
{
  g_assert_cmpint (pki_pkcs7_type_is_signed (p7), ==, is_signed);
  g_assert_cmpint (pki_pkcs7_type_is_enveloped (p7), ==, enveloped);
  g_assert_cmpint (pki_pkcs7_type_is_signed_and_enveloped (p7), ==, both);
  g_assert_cmpint (pki_pkcs7_type_is_data (p7), ==, data);
  g_assert_cmpstr (pki_pkcs7_get_type_name (p7), ==, name);
  pki_assert_queue_empty ();
}

#define assert_signed(p7) assert_type ((p7), TRUE, FALSE, FALSE, FALSE, "pkcs7-signedData")

/* --- libpki calls that must fail ----------------------------------------- */

static void
assert_load_fails (PkiFiletype type, const guint8 *data, gsize len, PkiError code)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PkiPkcs7) p7 = pki_pkcs7_load (type, data, len, &error);
  pki_test_assert_fails (p7, error, code);
  g_assert_nonnull (error->message);
  g_assert_cmpstr (error->message, !=, "");
}

static void
assert_certs_only_fails (PkiX509 **certs, guint n_certs, PkiCrl **crls, guint n_crls,
                         PkiError code)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PkiPkcs7) p7 = pki_pkcs7_new_certs_only (certs, n_certs, crls, n_crls, &error);
  pki_test_assert_fails (p7, error, code);
}

/* --- boxed type ---------------------------------------------------------- */

static void
test_boxed (void)
{
  g_autoptr (GBytes) pem = pki_test_vector ("pkcs7_signed_certs.pem");
  g_autoptr (PkiPkcs7) p7 = NULL;
  PkiPkcs7 *ref, *copy;

  g_assert_true (G_TYPE_IS_BOXED (PKI_TYPE_PKCS7));
  g_assert_cmpstr (g_type_name (PKI_TYPE_PKCS7), ==, "PkiPkcs7");
  pki_pkcs7_unref (NULL);
  if (pem == NULL)
    return;
  p7 = load_ok (PEM_, pem);
  ref = pki_pkcs7_ref (p7);
  g_assert_true (ref == p7);
  pki_pkcs7_unref (ref);
  copy = g_boxed_copy (PKI_TYPE_PKCS7, p7);
  g_assert_true (copy == p7);
  g_boxed_free (PKI_TYPE_PKCS7, copy);
  assert_signed (p7);
}

/* --- pyOpenSSL's vector -------------------------------------------------- */

/* pkcs7_signed_certs.pem and .der: a degenerate SignedData with one
 * certificate (README section 9). */
static void
test_vector (void)
{
  static const struct {
    const char *file;
    PkiFiletype type;
  } files[] = {
    { "pkcs7_signed_certs.pem", PEM_ },
    { "pkcs7_signed_certs.der", DER_ },
  };
  g_autoptr (GBytes) pem = pki_test_vector ("pkcs7_signed_certs.pem");
  g_autoptr (GBytes) der = pki_test_vector ("pkcs7_signed_certs.der");

  if (pem == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (files); i++) {
    g_autoptr (GBytes) data = pki_test_vector (files[i].file);
    g_autoptr (PkiPkcs7) p7 = load_ok (files[i].type, data);
    g_autoptr (GPtrArray) certs = pki_pkcs7_get_certificates (p7);
    g_autoptr (GPtrArray) crls = crls_ok (p7);
    g_autoptr (GBytes) pem_out = dump_ok (p7, PEM_);
    g_autoptr (GBytes) der_out = dump_ok (p7, DER_);

    g_test_message ("%s", files[i].file);
    assert_signed (p7);
    g_assert_cmpuint (certs->len, ==, 1);
    g_assert_cmpuint (crls->len, ==, 0);
    {
      PkiX509 *cert = certs->pdata[0];
      g_autoptr (PkiX509Name) subject = pki_x509_get_subject (cert);
      g_autoptr (PkiX509Name) issuer = pki_x509_get_issuer (cert);
      g_autofree gchar *s = pki_x509_name_to_oneline (subject);
      g_autofree gchar *is = pki_x509_name_to_oneline (issuer);
      g_autoptr (GError) error = NULL;
      g_autoptr (PkiPKey) pub = pki_x509_get_pubkey (cert, &error);
      g_autofree gchar *alg = NULL;

      g_assert_cmpstr (s, ==, "/C=SG/O=M2Crypto/CN=localhost/emailAddress=ngps@post1.com");
      g_assert_nonnull (strstr (is, "/OU=M2Crypto CA/CN=M2Crypto Certificate Master"));
      pki_test_assert_ok (pub, error);
      g_assert_cmpuint (pki_pkey_get_bits (pub), ==, 512);
      alg = pki_x509_get_signature_algorithm (cert, &error);
      pki_test_assert_ok (alg, error);
      g_assert_cmpstr (alg, ==, "md5WithRSAEncryption");
    }
    /* dumps are the vectors, byte for byte */
    assert_bytes_equal (pem_out, pem);
    assert_bytes_equal (der_out, der);
  }
}

/* --- certs-only bundles --------------------------------------------------- */

/* The vectors a certs-only test uses. */
typedef struct {
  PkiX509 *client, *server, *root, *inter;
  PkiCrl *crl, *crl_root, *crl_inter;
} Parts;

static gboolean
parts_load (Parts *p)
{
  memset (p, 0, sizeof *p);
  p->client = cert_vector ("client_cert.pem");
  if (p->client == NULL)
    return FALSE;
  p->server = cert_vector ("server_cert.pem");
  p->root = cert_vector ("root_cert.pem");
  p->inter = cert_vector ("intermediate_cert.pem");
  p->crl = crl_vector ("crl.pem");
  p->crl_root = crl_vector ("crl_root_revokes_intermediate.pem");
  p->crl_inter = crl_vector ("crl_intermediate_empty.pem");
  return TRUE;
}

static void
parts_clear (Parts *p)
{
  g_clear_pointer (&p->client, pki_x509_unref);
  g_clear_pointer (&p->server, pki_x509_unref);
  g_clear_pointer (&p->root, pki_x509_unref);
  g_clear_pointer (&p->inter, pki_x509_unref);
  g_clear_pointer (&p->crl, pki_crl_unref);
  g_clear_pointer (&p->crl_root, pki_crl_unref);
  g_clear_pointer (&p->crl_inter, pki_crl_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Parts, parts_clear)

/* Certificates and CRLs go in and come out in order, before and after a
 * PEM and a DER round trip. */
static void
test_certs_only_roundtrip (void)
{
  g_auto (Parts) p = { 0 };

  if (!parts_load (&p))
    return;
  {
    PkiX509 *sets[][4] = {
      { p.client },
      { p.client, p.root },
      { p.root, p.client },
      { p.server, p.inter, p.root, p.client },
    };
    const guint n_certs[] = { 1, 2, 2, 4 };
    PkiCrl *crl_sets[][2] = { { NULL }, { p.crl }, { p.crl_inter }, { p.crl } };
    const guint n_crls[] = { 0, 1, 1, 1 };

    for (guint i = 0; i < G_N_ELEMENTS (sets); i++) {
      g_autoptr (PkiPkcs7) p7 = certs_only_ok (sets[i], n_certs[i], crl_sets[i], n_crls[i]);
      g_autoptr (GBytes) pem = dump_ok (p7, PEM_);
      g_autoptr (GBytes) der = dump_ok (p7, DER_);
      g_autoptr (PkiPkcs7) from_pem = load_ok (PEM_, pem);
      g_autoptr (PkiPkcs7) from_der = load_ok (DER_, der);
      g_autoptr (GBytes) der_again = dump_ok (from_pem, DER_);

      g_test_message ("case %u", i);
      g_assert_true (bytes_has_prefix (pem, "-----BEGIN PKCS7-----\n"));
      assert_signed (p7);
      assert_signed (from_pem);
      assert_signed (from_der);
      assert_certs (p7, sets[i], n_certs[i]);
      assert_certs (from_pem, sets[i], n_certs[i]);
      assert_certs (from_der, sets[i], n_certs[i]);
      assert_crls (p7, crl_sets[i], n_crls[i]);
      assert_crls (from_pem, crl_sets[i], n_crls[i]);
      assert_crls (from_der, crl_sets[i], n_crls[i]);
      assert_bytes_equal (der_again, der);
    }
  }
}

/* CRLs only, and several CRLs: those made come back in the order given.  In
 * DER a SET OF is sorted, so after a round trip they come back in the order
 * of their encodings, as `openssl crl2pkcs7` writes them too. */
static void
test_certs_only_crls (void)
{
  g_auto (Parts) p = { 0 };

  if (!parts_load (&p))
    return;
  {
    PkiCrl *crls[] = { p.crl_root, p.crl, p.crl_inter };
    g_autoptr (PkiPkcs7) p7 = certs_only_ok (NULL, 0, crls, 3);
    g_autoptr (PkiPkcs7) one = certs_only_ok (NULL, 0, crls, 1);
    g_autoptr (GBytes) der = dump_ok (p7, DER_);
    g_autoptr (PkiPkcs7) back = load_ok (DER_, der);
    g_autoptr (GPtrArray) got = crls_ok (back);

    assert_signed (p7);
    assert_certs (p7, NULL, 0);
    assert_certs (one, NULL, 0);
    assert_crls (one, crls, 1);
    assert_crls (p7, crls, 3);
    g_assert_cmpuint (got->len, ==, 3);
    /* the same three, each once */
    for (guint i = 0; i < 3; i++) {
      g_autoptr (GBytes) want = crl_der (crls[i]);
      guint found = 0;
      for (guint j = 0; j < got->len; j++) {
        g_autoptr (GBytes) have = crl_der (got->pdata[j]);
        found += g_bytes_equal (have, want);
      }
      g_assert_cmpuint (found, ==, 1);
    }
  }
}

/* The returned arrays are copies, and the structure is read-only once made:
 * changing a certificate given, or one handed out, leaves it unchanged. */
static void
test_certs_only_independent (void)
{
  g_auto (Parts) p = { 0 };
  g_autoptr (GString) wrong = g_string_new (NULL);

  if (!parts_load (&p))
    return;
  {
    g_autoptr (PkiX509) mine = pki_x509_copy (p.client);
    g_autoptr (PkiPkcs7) p7 = NULL;
    g_autoptr (GBytes) before = NULL;
    g_autoptr (GBytes) after = NULL;
    g_autoptr (GError) error = NULL;

    p7 = certs_only_ok (&mine, 1, &p.crl, 1);
    before = dump_ok (p7, DER_);
    /* changing what was handed out */
    {
      g_autoptr (GPtrArray) certs = pki_pkcs7_get_certificates (p7);
      g_assert_true (pki_x509_set_serial (certs->pdata[0], "0BADC0DE", &error));
      g_assert_no_error (error);
      g_ptr_array_set_size (certs, 0);
    }
    after = dump_ok (p7, DER_);
    assert_bytes_equal (after, before);
    assert_certs (p7, &p.client, 1);
    /* changing the certificate given */
    g_assert_true (pki_x509_set_serial (mine, "0BADC0DE", &error));
    g_assert_no_error (error);
    g_clear_pointer (&after, g_bytes_unref);
    after = dump_ok (p7, DER_);
    if (!g_bytes_equal (after, before))
      g_string_append_printf (wrong, "; changing a certificate after "
                              "pki_pkcs7_new_certs_only() changed the PKCS#7 (%" G_GSIZE_FORMAT
                              " bytes, was %" G_GSIZE_FORMAT ")", g_bytes_get_size (after),
                              g_bytes_get_size (before));
  }
  /* the same for a CRL given */
  {
    g_autoptr (PkiCrl) mine = NULL;
    g_autoptr (PkiPkcs7) p7 = NULL;
    g_autoptr (GBytes) before = NULL;
    g_autoptr (GBytes) after = NULL;
    g_autoptr (GBytes) der = crl_der (p.crl);
    g_autoptr (GError) error = NULL;
    g_autoptr (GDateTime) when = g_date_time_new_utc (2031, 1, 2, 3, 4, 5);

    mine = pki_crl_load (DER_, PKI_BYTES_ARGS (der), &error);
    pki_test_assert_ok (mine, error);
    p7 = certs_only_ok (NULL, 0, &mine, 1);
    before = dump_ok (p7, DER_);
    g_assert_true (pki_crl_set_next_update (mine, when, &error));
    g_assert_no_error (error);
    {
      g_autoptr (GBytes) changed = crl_der (mine);
      g_assert_false (g_bytes_equal (changed, der));
    }
    after = dump_ok (p7, DER_);
    if (!g_bytes_equal (after, before))
      g_string_append (wrong, "; changing a CRL after pki_pkcs7_new_certs_only() changed the "
                              "PKCS#7");
  }
  if (wrong->len > 0)
    g_test_fail_printf ("not read-only once made%s", wrong->str);
}

/* Nothing to carry is bad input. */
static void
test_certs_only_empty (void)
{
  g_auto (Parts) p = { 0 };

  assert_certs_only_fails (NULL, 0, NULL, 0, PKI_ERROR_BAD_INPUT);
  if (!parts_load (&p))
    return;
  assert_certs_only_fails (&p.client, 0, &p.crl, 0, PKI_ERROR_BAD_INPUT);
}

/* A CRL whose entries do not decode (it loads lazily) is bad input. */
static void
test_certs_only_bad_crl (void)
{
  g_autoptr (GBytes) der = pki_test_vector ("crl.der");
  g_autoptr (GBytes) bad = NULL;
  g_autoptr (PkiCrl) crl = NULL;
  g_autoptr (PkiX509) client = cert_vector ("client_cert.pem");
  g_autoptr (GError) error = NULL;
  gssize at;

  if (der == NULL)
    return;
  /* the first GeneralizedTime is the first entry's revocation date */
  at = bytes_find_nth (der, "\x18\x0f" "2009", 6, 0);
  g_assert_cmpint (at, >, 0);
  bad = bytes_patch (der, (gsize) at, 0x04);
  crl = pki_crl_load (DER_, PKI_BYTES_ARGS (bad), &error);
  if (crl == NULL) {
    g_test_message ("the CRL is refused when loading: %s", error->message);
    pki_test_assert_error (error, PKI_ERROR_BAD_INPUT);
    return;
  }
  pki_test_assert_ok (crl, error);
  assert_certs_only_fails (NULL, 0, &crl, 1, PKI_ERROR_BAD_INPUT);
  assert_certs_only_fails (&client, 1, &crl, 1, PKI_ERROR_BAD_INPUT);
}

/* --- the openssl CLI ------------------------------------------------------ */

/* libpki's certs-only bundles are `openssl crl2pkcs7`'s, byte for byte, in
 * PEM and in DER (through `openssl pkcs7 -outform DER`). */
static void
test_interop_crl2pkcs7 (void)
{
  g_autoptr (GString) wrong = g_string_new (NULL);
  g_autoptr (TestDir) dir = pki_test_tmpdir ();
  g_auto (Parts) p = { 0 };
  g_autofree gchar *client = pki_test_vector_path ("client_cert.pem");
  g_autofree gchar *root = pki_test_vector_path ("root_cert.pem");
  g_autofree gchar *server = pki_test_vector_path ("server_cert.pem");
  g_autofree gchar *crl = pki_test_vector_path ("crl.pem");

  if (!parts_load (&p))
    return;
  {
    /* client; client, root; root, client; server, root, client */
    static const gint which[][4] = { { 0, -1 }, { 0, 1, -1 }, { 1, 0, -1 }, { 2, 1, 0, -1 } };
    const char *paths[] = { client, root, server };
    PkiX509 *certs[] = { p.client, p.root, p.server };

    for (guint i = 0; i < G_N_ELEMENTS (which); i++) {
      for (guint with_crl = 0; with_crl < 2; with_crl++) {
        PkiX509 *mine[3];
        const char *argv[16];
        guint n = 0, k = 0;
        g_autoptr (GBytes) cli_pem = NULL;
        g_autoptr (GBytes) cli_der = NULL;
        g_autoptr (PkiPkcs7) p7 = NULL;
        g_autoptr (GBytes) pem = NULL;
        g_autoptr (GBytes) der = NULL;
        g_autofree gchar *pem_path = g_build_filename (dir, "cli.p7b", NULL);

        argv[n++] = "crl2pkcs7";
        if (with_crl) {
          argv[n++] = "-in";
          argv[n++] = crl;
        } else {
          argv[n++] = "-nocrl";
        }
        for (guint j = 0; which[i][j] >= 0; j++) {
          mine[k++] = certs[which[i][j]];
          argv[n++] = "-certfile";
          argv[n++] = paths[which[i][j]];
        }
        argv[n++] = "-out";
        argv[n++] = pem_path;
        argv[n] = NULL;
        g_bytes_unref (pki_test_openssl_ok (argv));
        cli_pem = pki_test_read_file (pem_path);
        cli_der = PKI_OPENSSL_OUT (dir, "cli.der", "pkcs7", "-in", pem_path, "-outform", "DER");

        g_test_message ("case %u%s: %u certificates", i, with_crl ? " with CRL" : "", k);
        p7 = certs_only_ok (mine, k, &p.crl, with_crl);
        pem = dump_ok (p7, PEM_);
        der = dump_ok (p7, DER_);
        /* Go on after a difference, to see them all. */
        if (!g_bytes_equal (der, cli_der) || !g_bytes_equal (pem, cli_pem))
          g_string_append_printf (wrong, "\n  case %u%s: libpki's DER is %" G_GSIZE_FORMAT
                                  " bytes, crl2pkcs7's %" G_GSIZE_FORMAT, i,
                                  with_crl ? " with CRL" : "", g_bytes_get_size (der),
                                  g_bytes_get_size (cli_der));
        /* and crl2pkcs7's load to the same parts */
        {
          g_autoptr (PkiPkcs7) theirs = load_ok (PEM_, cli_pem);
          assert_certs (theirs, mine, k);
          assert_crls (theirs, &p.crl, with_crl);
        }
        /* and libpki's DER is read by `openssl pkcs7` */
        {
          g_autoptr (GBytes) printed = PKI_OPENSSL_IN (dir, "libpki.der", der, "pkcs7",
                                                       "-inform", "DER", "-print_certs");
          g_autoptr (GBytes) cli_printed = PKI_OPENSSL_OK ("pkcs7", "-in", pem_path,
                                                           "-print_certs");
          assert_bytes_equal (printed, cli_printed);
        }
      }
    }
  }
  if (wrong->len > 0)
    g_test_fail_printf ("libpki's certs-only bundles differ from crl2pkcs7's:%s", wrong->str);
}

/* `openssl pkcs7 -print_certs` reads libpki's bundles, PEM and DER, and
 * lists their certificates (and `-print` their CRLs). */
static void
test_interop_print_certs (void)
{
  g_autoptr (TestDir) dir = pki_test_tmpdir ();
  g_auto (Parts) p = { 0 };

  if (!parts_load (&p))
    return;
  {
    PkiX509 *certs[] = { p.server, p.inter, p.root };
    PkiCrl *crls[] = { p.crl, p.crl_inter };
    g_autoptr (PkiPkcs7) p7 = certs_only_ok (certs, 3, crls, 2);
    g_autoptr (GBytes) pem = dump_ok (p7, PEM_);
    g_autoptr (GBytes) der = dump_ok (p7, DER_);
    g_autoptr (GBytes) from_pem = PKI_OPENSSL_IN (dir, "p.p7b", pem, "pkcs7", "-print_certs");
    g_autoptr (GBytes) from_der = PKI_OPENSSL_IN (dir, "p.der", der, "pkcs7", "-inform", "DER",
                                                  "-print_certs");
    g_autoptr (GBytes) printed = PKI_OPENSSL_IN (dir, "p2.p7b", pem, "pkcs7", "-print");

    assert_bytes_equal (from_pem, from_der);
    for (guint i = 0; i < G_N_ELEMENTS (certs); i++) {
      g_autoptr (GError) error = NULL;
      g_autoptr (GBytes) cert_pem = pki_x509_dump (certs[i], PEM_, &error);
      g_autofree gchar *text = NULL;
      pki_test_assert_ok (cert_pem, error);
      text = bytes_to_str (cert_pem);
      assert_contains (from_pem, text);
    }
    assert_contains (from_pem, "subject=CN = lovely server");
    assert_contains (from_pem, "subject=CN = intermediate, O = org, OU = org-unit");
    assert_contains (from_pem, "subject=C = US, ST = IL, L = Chicago, O = Testing, "
                               "CN = Testing Root CA");
    assert_contains (printed, "crl:");
    assert_contains (printed, "CN=intermediate");
  }
}

/* A SignedData signature made by the openssl CLI: smime (opaque and
 * detached) and cms, PEM and DER.  It is a signedData; its certificates
 * are the signer's and the ones added with -certfile. */
static void
test_interop_signatures (void)
{
  static const struct {
    const char *tag;
    const char *argv[12];
    PkiFiletype type;
    gboolean with_root;
  } cases[] = {
    { "smime opaque PEM", { "smime", "-sign", "-nodetach", "-outform", "PEM", NULL }, PEM_,
      FALSE },
    { "smime detached PEM", { "smime", "-sign", "-outform", "PEM", NULL }, PEM_, FALSE },
    { "smime DER, with root", { "smime", "-sign", "-nodetach", "-outform", "DER", "-certfile",
                                "@root", NULL }, DER_, TRUE },
    { "smime no certs", { "smime", "-sign", "-nocerts", "-outform", "PEM", NULL }, PEM_,
      FALSE },
    { "cms PEM", { "cms", "-sign", "-outform", "PEM", NULL }, PEM_, FALSE },
    { "cms DER sha512, with root", { "cms", "-sign", "-md", "sha512", "-outform", "DER",
                                     "-certfile", "@root", NULL }, DER_, TRUE },
  };
  g_autoptr (TestDir) dir = pki_test_tmpdir ();
  g_autofree gchar *key = pki_test_vector_path ("server_key.pem");
  g_autofree gchar *cert = pki_test_vector_path ("server_cert.pem");
  g_autofree gchar *root = pki_test_vector_path ("root_cert.pem");
  g_autofree gchar *content = pki_test_vector_path ("orwell_content.txt");
  g_autoptr (PkiX509) signer = cert_vector ("server_cert.pem");
  g_autoptr (PkiX509) root_cert = cert_vector ("root_cert.pem");

  if (key == NULL || signer == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    const char *argv[24];
    guint n = 0;
    g_autoptr (GBytes) out = NULL;
    g_autoptr (PkiPkcs7) p7 = NULL;
    gboolean no_certs = g_str_equal (cases[i].tag, "smime no certs");

    g_test_message ("%s", cases[i].tag);
    for (guint j = 0; cases[i].argv[j] != NULL; j++)
      argv[n++] = g_str_equal (cases[i].argv[j], "@root") ? root : cases[i].argv[j];
    argv[n++] = "-signer";
    argv[n++] = cert;
    argv[n++] = "-inkey";
    argv[n++] = key;
    argv[n++] = "-in";
    argv[n++] = content;
    argv[n] = NULL;
    out = pki_test_openssl_out (dir, "sig.p7s", argv);
    if (bytes_has_prefix (out, "-----BEGIN CMS-----")) {
      /* `openssl cms -outform PEM` labels its PEM "CMS": not a PKCS7 block,
       * which is all pki_pkcs7_load() reads (`openssl pkcs7` neither);
       * labelled PKCS7, the same bytes load. */
      g_autofree gchar *text = bytes_to_str (out);
      g_auto (GStrv) parts = g_strsplit (text, " CMS-----", -1);
      g_autofree gchar *relabelled = g_strjoinv (" PKCS7-----", parts);

      assert_load_fails (PEM_, PKI_BYTES_ARGS (out), PKI_ERROR_BAD_INPUT);
      g_clear_pointer (&out, g_bytes_unref);
      out = g_bytes_new (relabelled, strlen (relabelled));
    }
    p7 = load_ok (cases[i].type, out);
    assert_signed (p7);
    {
      PkiX509 *want[2] = { signer, root_cert };
      g_autoptr (GPtrArray) certs = pki_pkcs7_get_certificates (p7);
      g_autoptr (GPtrArray) crls = crls_ok (p7);
      guint n_want = no_certs ? 0 : cases[i].with_root ? 2 : 1;

      g_assert_cmpuint (crls->len, ==, 0);
      g_assert_cmpuint (certs->len, ==, n_want);
      /* the signer's certificate is there, whatever the order */
      for (guint j = 0; j < n_want; j++) {
        g_autoptr (GBytes) w = cert_der (want[j]);
        guint found = 0;
        for (guint k = 0; k < certs->len; k++) {
          g_autoptr (GBytes) h = cert_der (certs->pdata[k]);
          found += g_bytes_equal (h, w);
        }
        g_assert_cmpuint (found, ==, 1);
      }
    }
    /* it dumps back to what openssl wrote (DER) and verifies after that */
    if (cases[i].type == DER_) {
      g_autoptr (GBytes) der = dump_ok (p7, DER_);
      assert_bytes_equal (der, out);
    }
    {
      g_autoptr (GBytes) pem = dump_ok (p7, PEM_);
      g_autofree gchar *path = pki_test_write (dir, "again.p7s", pem);
      if (!no_certs && g_str_has_prefix (cases[i].tag, "smime opaque"))
        PKI_OPENSSL_RUN ("smime", "-verify", "-purpose", "any", "-inform", "PEM", "-in", path,
                         "-CAfile", root,
                         "-out", "/dev/null");
    }
  }
}

/* Other content types: an EnvelopedData (`openssl smime -encrypt`) and a
 * plain Data.  Neither carries certificates. */
static void
test_other_types (void)
{
  g_autofree gchar *cert = pki_test_vector_path ("server_cert.pem");
  g_autofree gchar *content = pki_test_vector_path ("orwell_content.txt");
  /* ContentInfo { data, [0] OCTET STRING "test" } */
  static const guint8 data_der[] = { 0x30, 0x13, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7,
                                     0x0d, 0x01, 0x07, 0x01, 0xa0, 0x06, 0x04, 0x04, 't',
                                     'e', 's', 't' };

  if (cert == NULL)
    return;
  {
    /* PEM is text: stdout keeps it whole (the recipient comes last) */
    g_autoptr (GBytes) env = PKI_OPENSSL_OK ("smime", "-encrypt", "-aes256", "-outform", "PEM",
                                             "-in", content, cert);
    g_autoptr (PkiPkcs7) p7 = load_ok (PEM_, env);
    g_autoptr (GPtrArray) certs = pki_pkcs7_get_certificates (p7);
    g_autoptr (GPtrArray) crls = crls_ok (p7);
    g_autoptr (GBytes) pem = dump_ok (p7, PEM_);

    assert_type (p7, FALSE, TRUE, FALSE, FALSE, "pkcs7-envelopedData");
    g_assert_cmpuint (certs->len, ==, 0);
    g_assert_cmpuint (crls->len, ==, 0);
    assert_bytes_equal (pem, env);
  }
  {
    g_autoptr (GBytes) der = g_bytes_new_static (data_der, sizeof data_der);
    g_autoptr (PkiPkcs7) p7 = load_ok (DER_, der);
    g_autoptr (GPtrArray) certs = pki_pkcs7_get_certificates (p7);
    g_autoptr (GPtrArray) crls = crls_ok (p7);
    g_autoptr (GBytes) out = dump_ok (p7, DER_);

    assert_type (p7, FALSE, FALSE, FALSE, TRUE, "pkcs7-data");
    g_assert_cmpuint (certs->len, ==, 0);
    g_assert_cmpuint (crls->len, ==, 0);
    assert_bytes_equal (out, der);
  }
  /* digestedData without content, and a content type OpenSSL does not know
   * (1.2.3.4): the name is its short name, or "unknown" */
  {
    static const guint8 digested[] = { 0x30, 0x0b, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7,
                                       0x0d, 0x01, 0x07, 0x05 };
    static const guint8 unknown[] = { 0x30, 0x0b, 0x06, 0x03, 0x2a, 0x03, 0x04, 0xa0, 0x04,
                                      0x04, 0x02, 'h', 'i' };
    g_autoptr (GBytes) d1 = g_bytes_new_static (digested, sizeof digested);
    g_autoptr (GBytes) d2 = g_bytes_new_static (unknown, sizeof unknown);
    g_autoptr (PkiPkcs7) p1 = load_ok (DER_, d1);
    g_autoptr (PkiPkcs7) p2 = load_ok (DER_, d2);
    g_autoptr (GPtrArray) certs = pki_pkcs7_get_certificates (p2);
    g_autoptr (GBytes) out = dump_ok (p2, DER_);

    assert_type (p1, FALSE, FALSE, FALSE, FALSE, "pkcs7-digestData");
    g_assert_cmpuint (certs->len, ==, 0);
    assert_bytes_equal (out, d2);
    g_assert_false (pki_pkcs7_type_is_signed (p2));
    g_assert_false (pki_pkcs7_type_is_data (p2));
    if (g_strcmp0 (pki_pkcs7_get_type_name (p2), "unknown") != 0)
      g_test_fail_printf ("an unknown content type is named \"%s\", the documentation says "
                          "\"unknown\"", pki_pkcs7_get_type_name (p2));
  }
}

/* A PEM input is read to its first PKCS7 block; text around it is skipped,
 * a block of another kind is not one. */
static void
test_pem_blocks (void)
{
  g_autoptr (GBytes) vec = pki_test_vector ("pkcs7_signed_certs.pem");
  g_auto (Parts) p = { 0 };

  if (vec == NULL || !parts_load (&p))
    return;
  {
    g_autoptr (PkiPkcs7) other = certs_only_ok (&p.root, 1, NULL, 0);
    g_autoptr (GBytes) other_pem = dump_ok (other, PEM_);
    g_autoptr (GBytes) both = pki_test_bytes_join (vec, other_pem);
    g_autoptr (GBytes) text = g_bytes_new_static ("some text first\n", 16);
    g_autoptr (GBytes) with_text = pki_test_bytes_join (text, other_pem);
    g_autoptr (GBytes) cert_pem = pki_test_vector ("root_cert.pem");
    g_autoptr (GBytes) cert_then = pki_test_bytes_join (cert_pem, other_pem);
    g_autoptr (PkiPkcs7) first = load_ok (PEM_, both);
    g_autoptr (PkiPkcs7) after_text = load_ok (PEM_, with_text);
    g_autoptr (GPtrArray) certs = pki_pkcs7_get_certificates (first);

    g_assert_cmpuint (certs->len, ==, 1);
    {
      g_autofree gchar *s = cert_subject (certs->pdata[0]);
      g_assert_nonnull (strstr (s, "CN=localhost"));
    }
    assert_certs (after_text, &p.root, 1);
    assert_load_fails (PEM_, PKI_BYTES_ARGS (cert_pem), PKI_ERROR_BAD_INPUT);

    /* A CERTIFICATE block is not a PKCS7 block: the one after it is the
     * first PKCS7 block.  (OpenSSL's PEM_read_bio_PKCS7 takes CERTIFICATE
     * blocks too, for Netscape certificate sequences.) */
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (PkiPkcs7) after_cert = pki_pkcs7_load (PEM_, PKI_BYTES_ARGS (cert_then),
                                                        &error);
      pki_assert_queue_empty ();
      if (after_cert == NULL)
        g_test_fail_printf ("a CERTIFICATE block then a PKCS7 block: the PKCS7 block is not "
                            "read: %s", error->message);
      else
        assert_certs (after_cert, &p.root, 1);
    }
  }
}

/* --- corpus -------------------------------------------------------------- */

/* BoringSSL's PKCS#7 files (DER) each load or fail cleanly; those that load
 * answer every accessor.  What raw OpenSSL says decides which (the counts
 * are `openssl pkcs7 -inform DER -print_certs`'s). */
static void
test_corpus_boringssl (void)
{
  static const struct {
    const char *file;
    gboolean loads;
    guint n_certs;
    guint n_crls;
  } files[] = {
    { "nss.p7c", TRUE, 3, 0 },
    { "windows.p7c", TRUE, 1, 0 },
    { "openssl_crl.p7c", TRUE, 0, 1 },
    /* signatures that carry no certificates */
    { "sign_sha1.p7s", TRUE, 0, 0 },
    { "sign_sha256.p7s", TRUE, 0, 0 },
    { "sign_sha256_cert2.p7s", TRUE, 0, 0 },
    /* SignerInfos with a subjectKeyIdentifier (CMS version 3) are not
     * PKCS#7: OpenSSL's PKCS#7 decoder refuses them */
    { "sign_sha1_key_id.p7s", FALSE, 0, 0 },
    { "sign_sha256_key_id.p7s", FALSE, 0, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++) {
    g_autofree gchar *path = corpus_path ("corpus/boringssl/pkcs7/test", files[i].file);
    g_autoptr (GBytes) data = NULL;
    g_autoptr (GError) error = NULL;
    g_autoptr (PkiPkcs7) p7 = NULL;

    if (path == NULL)
      return;
    g_test_message ("%s", files[i].file);
    data = pki_test_read_file (path);
    p7 = pki_pkcs7_load (DER_, PKI_BYTES_ARGS (data), &error);
    if (!files[i].loads) {
      pki_test_assert_fails (p7, error, PKI_ERROR_BAD_INPUT);
      continue;
    }
    pki_test_assert_ok (p7, error);
    assert_signed (p7);
    {
      g_autoptr (GPtrArray) certs = pki_pkcs7_get_certificates (p7);
      g_autoptr (GPtrArray) crls = crls_ok (p7);
      g_autoptr (GBytes) pem = dump_ok (p7, PEM_);
      g_autoptr (PkiPkcs7) again = load_ok (PEM_, pem);

      g_assert_cmpuint (certs->len, ==, files[i].n_certs);
      g_assert_cmpuint (crls->len, ==, files[i].n_crls);
      assert_signed (again);
    }
    /* and as PEM they are not */
    assert_load_fails (PEM_, PKI_BYTES_ARGS (data), PKI_ERROR_BAD_INPUT);
  }
}

/* A SignedData whose content is absent (d.sign NULL; OpenSSL's
 * malformed.pkcs7 and the pyca/cryptography GHSA-jfhm-5ghh-2f97 proof of
 * concept): no crash, the queue empty, either refused as bad input or
 * loaded with nothing in it. */
static void
test_corpus_signed_without_content (void)
{
  static const struct {
    const char *sub, *file;
    PkiFiletype type;
  } files[] = {
    { "corpus/openssl-3.0.15-testdata/recipes/25-test_pkcs7_data", "malformed.pkcs7", PEM_ },
    { "corpus/regressions", "pkcs7-signeddata-no-content.pem", PEM_ },
    { "corpus/regressions", "pkcs7-signeddata-no-content.der", DER_ },
  };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++) {
    g_autofree gchar *path = corpus_path (files[i].sub, files[i].file);
    g_autoptr (GBytes) data = NULL;
    g_autoptr (GError) error = NULL;
    g_autoptr (PkiPkcs7) p7 = NULL;

    if (path == NULL)
      return;
    data = pki_test_read_file (path);
    p7 = pki_pkcs7_load (files[i].type, PKI_BYTES_ARGS (data), &error);
    pki_assert_queue_empty ();
    if (p7 == NULL) {
      g_test_message ("%s: refused: %s", files[i].file, error->message);
      pki_test_assert_error (error, PKI_ERROR_BAD_INPUT);
      continue;
    }
    g_test_message ("%s: loads, with nothing in it", files[i].file);
    g_assert_no_error (error);
    assert_signed (p7);
    {
      g_autoptr (GPtrArray) certs = pki_pkcs7_get_certificates (p7);
      g_autoptr (GPtrArray) crls = crls_ok (p7);
      g_autoptr (GBytes) out = dump_ok (p7, files[i].type);
      g_assert_cmpuint (certs->len, ==, 0);
      g_assert_cmpuint (crls->len, ==, 0);
      assert_bytes_equal (out, data);
    }
  }
}

/* OpenSSL's other PKCS#7 test files load or fail cleanly.  pkcs7.pem is
 * base64 without PEM lines, of a BER (indefinite-length) SignedData with
 * two certificates: decoded, it loads as DER. */
static void
test_corpus_openssl (void)
{
  {
    g_autofree gchar *path = corpus_path ("corpus/openssl-3.0.15-testdata", "pkcs7.pem");
    g_autoptr (GBytes) text = NULL;
    g_autoptr (GBytes) ber = NULL;
    g_autoptr (PkiPkcs7) p7 = NULL;
    g_autoptr (GPtrArray) certs = NULL;
    guchar *raw;
    gsize len;

    if (path == NULL)
      return;
    text = pki_test_read_file (path);
    raw = g_base64_decode (g_bytes_get_data (text, NULL), &len);
    ber = g_bytes_new_take (raw, len);
    p7 = load_ok (DER_, ber);
    assert_signed (p7);
    certs = pki_pkcs7_get_certificates (p7);
    g_assert_cmpuint (certs->len, ==, 2);
    /* dumped, it is DER, which loads again to the same */
    {
      g_autoptr (GBytes) der = dump_ok (p7, DER_);
      g_autoptr (PkiPkcs7) again = load_ok (DER_, der);
      g_autoptr (GBytes) der2 = dump_ok (again, DER_);
      g_assert_false (g_bytes_equal (der, ber));
      assert_bytes_equal (der2, der);
      assert_certs (again, (PkiX509 **) certs->pdata, certs->len);
    }
  }

  static const char *const files[] = { "pkcs7.pem", "pkcs7-1.pem" };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++) {
    g_autofree gchar *path = corpus_path ("corpus/openssl-3.0.15-testdata", files[i]);
    g_autoptr (GBytes) data = NULL;
    g_autoptr (GError) error = NULL;
    g_autoptr (PkiPkcs7) p7 = NULL;

    if (path == NULL)
      return;
    data = pki_test_read_file (path);
    p7 = pki_pkcs7_load (PEM_, PKI_BYTES_ARGS (data), &error);
    pki_assert_queue_empty ();
    if (p7 == NULL) {
      g_test_message ("%s: %s", files[i], error->message);
      pki_test_assert_error (error, PKI_ERROR_BAD_INPUT);
      continue;
    }
    {
      g_autoptr (GPtrArray) certs = pki_pkcs7_get_certificates (p7);
      g_autoptr (GPtrArray) crls = crls_ok (p7);
      g_autoptr (GBytes) der = dump_ok (p7, DER_);
      g_test_message ("%s: %s, %u certificates, %u CRLs, %" G_GSIZE_FORMAT " bytes of DER",
                      files[i], pki_pkcs7_get_type_name (p7), certs->len, crls->len,
                      g_bytes_get_size (der));
    }
  }
}

/* --- bad input ----------------------------------------------------------- */

static void
test_bad_input (void)
{
  static const char *const garbage[] = {
    "foo", "fruit loops", "\x30", "\x30\x00", "\x30\x03\x02\x01\x03",
    "-----BEGIN PKCS7-----\n-----END PKCS7-----\n",
    "-----BEGIN PKCS7-----\nAAAA\n-----END PKCS7-----\n",
    "-----BEGIN PKCS7-----\nMAsGCSqGSIb3DQEHAg\n",
  };
  g_autoptr (GBytes) pem = pki_test_vector ("pkcs7_signed_certs.pem");
  g_autoptr (GBytes) der = pki_test_vector ("pkcs7_signed_certs.der");

  for (guint i = 0; i < G_N_ELEMENTS (garbage); i++) {
    assert_load_fails (PEM_, STR_ARGS (garbage[i]), PKI_ERROR_BAD_INPUT);
    assert_load_fails (DER_, STR_ARGS (garbage[i]), PKI_ERROR_BAD_INPUT);
  }
  assert_load_fails (PEM_, (const guint8 *) "", 0, PKI_ERROR_BAD_INPUT);
  assert_load_fails (DER_, (const guint8 *) "", 0, PKI_ERROR_BAD_INPUT);
  assert_load_fails (DER_, NULL, 0, PKI_ERROR_BAD_INPUT);
  if (pem == NULL)
    return;
  /* the wrong filetype for the data */
  assert_load_fails (DER_, PKI_BYTES_ARGS (pem), PKI_ERROR_BAD_INPUT);
  assert_load_fails (PEM_, PKI_BYTES_ARGS (der), PKI_ERROR_BAD_INPUT);
  /* TEXT is an output format only, and not one for PKCS#7; unknown types */
  assert_load_fails (TEXT_, PKI_BYTES_ARGS (pem), PKI_ERROR_BAD_INPUT);
  assert_load_fails ((PkiFiletype) 0, PKI_BYTES_ARGS (der), PKI_ERROR_BAD_INPUT);
  assert_load_fails ((PkiFiletype) 3, PKI_BYTES_ARGS (der), PKI_ERROR_BAD_INPUT);
  {
    g_autoptr (PkiPkcs7) p7 = load_ok (PEM_, pem);
    static const PkiFiletype bad_types[] = { TEXT_, (PkiFiletype) 0, (PkiFiletype) 3 };
    for (guint i = 0; i < G_N_ELEMENTS (bad_types); i++) {
      g_autoptr (GError) error = NULL;
      g_autoptr (GBytes) out = pki_pkcs7_dump (p7, bad_types[i], &error);
      pki_test_assert_fails (out, error, PKI_ERROR_BAD_INPUT);
    }
  }
  /* DER followed by anything is not one structure */
  {
    g_autoptr (GBytes) zero = g_bytes_new_static ("\0", 1);
    g_autoptr (GBytes) longer = pki_test_bytes_join (der, zero);
    g_autoptr (GBytes) twice = pki_test_bytes_join (der, der);
    assert_load_fails (DER_, PKI_BYTES_ARGS (longer), PKI_ERROR_BAD_INPUT);
    assert_load_fails (DER_, PKI_BYTES_ARGS (twice), PKI_ERROR_BAD_INPUT);
  }
  /* a certificate is not a PKCS#7 */
  {
    g_autoptr (GBytes) cert = pki_test_vector ("root_cert.der");
    assert_load_fails (DER_, PKI_BYTES_ARGS (cert), PKI_ERROR_BAD_INPUT);
  }
}

/* Every 31st prefix of the vector and of a bundle with CRLs, in DER and PEM. */
static void
test_bad_input_truncated (void)
{
  g_auto (Parts) p = { 0 };

  if (!parts_load (&p))
    return;
  {
    PkiX509 *certs[] = { p.server, p.root };
    g_autoptr (PkiPkcs7) p7 = certs_only_ok (certs, 2, &p.crl, 1);
    g_autoptr (GBytes) der = dump_ok (p7, DER_);
    g_autoptr (GBytes) pem = dump_ok (p7, PEM_);
    g_autoptr (GBytes) vec = pki_test_vector ("pkcs7_signed_certs.der");
    GBytes *ders[] = { der, vec };

    for (guint k = 0; k < G_N_ELEMENTS (ders); k++) {
      gsize len = g_bytes_get_size (ders[k]);
      for (gsize n = 0; n < len; n += 31) {
        g_autoptr (GBytes) head = bytes_head (ders[k], n);
        assert_load_fails (DER_, PKI_BYTES_ARGS (head), PKI_ERROR_BAD_INPUT);
      }
      {
        g_autoptr (GBytes) head = bytes_head (ders[k], len - 1);
        assert_load_fails (DER_, PKI_BYTES_ARGS (head), PKI_ERROR_BAD_INPUT);
      }
    }
    /* PEM cut anywhere before its end line */
    {
      gsize len = g_bytes_get_size (pem);
      for (gsize n = 0; n + 20 < len; n += 53) {
        g_autoptr (GBytes) head = bytes_head (pem, n);
        assert_load_fails (PEM_, PKI_BYTES_ARGS (head), PKI_ERROR_BAD_INPUT);
      }
    }
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pkcs7/boxed", test_boxed);
  g_test_add_func ("/pkcs7/vector", test_vector);
  g_test_add_func ("/pkcs7/certs-only/roundtrip", test_certs_only_roundtrip);
  g_test_add_func ("/pkcs7/certs-only/crls", test_certs_only_crls);
  g_test_add_func ("/pkcs7/certs-only/independent", test_certs_only_independent);
  g_test_add_func ("/pkcs7/certs-only/empty", test_certs_only_empty);
  g_test_add_func ("/pkcs7/certs-only/bad-crl", test_certs_only_bad_crl);
  g_test_add_func ("/pkcs7/interop/crl2pkcs7", test_interop_crl2pkcs7);
  g_test_add_func ("/pkcs7/interop/print-certs", test_interop_print_certs);
  g_test_add_func ("/pkcs7/interop/signatures", test_interop_signatures);
  g_test_add_func ("/pkcs7/other-types", test_other_types);
  g_test_add_func ("/pkcs7/pem-blocks", test_pem_blocks);
  g_test_add_func ("/pkcs7/corpus/boringssl", test_corpus_boringssl);
  g_test_add_func ("/pkcs7/corpus/signed-without-content", test_corpus_signed_without_content);
  g_test_add_func ("/pkcs7/corpus/openssl", test_corpus_openssl);
  g_test_add_func ("/pkcs7/bad-input/garbage", test_bad_input);
  g_test_add_func ("/pkcs7/bad-input/truncated", test_bad_input_truncated);

  return g_test_run ();
}
