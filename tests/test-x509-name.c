/* Tests for pki-x509-name.h: PkiX509Name (pyOpenSSL's X509Name), with the
 * pyOpenSSL facts of ../shared/pyopenssl-vectors (README sections 2 and 3),
 * both text forms (RFC 4514 and OpenSSL's "/C=US/CN=x"), DER, hashes,
 * comparison, NUL bytes in values, UTF-8, the live subject/issuer views of
 * a PkiX509 and agreement with the openssl CLI.
 * SPDX-License-Identifier: MIT
 */
#include "pki-test.h"

/* A temporary directory removed with its files at scope exit. */
typedef gchar NameTmpdir;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (NameTmpdir, pki_test_tmpdir_free)

/* --- helpers ------------------------------------------------------------- */

static GBytes *
name_der (PkiX509Name *name)
{
  g_autoptr (GError) error = NULL;
  GBytes *der = pki_x509_name_get_der (name, &error);
  g_assert_no_error (error);
  g_assert_nonnull (der);
  pki_assert_queue_empty ();
  return der;
}

static void
assert_name_der (PkiX509Name *name, const char *hex)
{
  g_autoptr (GBytes) der = name_der (name);
  assert_bytes_hex (der, hex);
}

static void
assert_same_der (PkiX509Name *a, PkiX509Name *b)
{
  g_autoptr (GBytes) da = name_der (a);
  g_autoptr (GBytes) db = name_der (b);
  g_assert_true (g_bytes_equal (da, db));
}

static PkiX509Name *
parse_ok (const char *text)
{
  g_autoptr (GError) error = NULL;
  PkiX509Name *name = pki_x509_name_parse (text, &error);
  g_assert_no_error (error);
  g_assert_nonnull (name);
  pki_assert_queue_empty ();
  return name;
}

static void
parse_fails (const char *text)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PkiX509Name) name = pki_x509_name_parse (text, &error);
  g_assert_error (error, PKI_ERROR, PKI_ERROR_BAD_INPUT);
  g_assert_null (name);
  g_assert_cmpstr (error->message, !=, "");
  pki_assert_queue_empty ();
}

static void
set_ok (PkiX509Name *name, const char *field, const char *value, gssize len)
{
  g_autoptr (GError) error = NULL;
  gboolean ok = pki_x509_name_set_entry (name, field, value, len, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  pki_assert_queue_empty ();
}

static void
add_ok (PkiX509Name *name, const char *field, const char *value, gssize len)
{
  g_autoptr (GError) error = NULL;
  gboolean ok = pki_x509_name_add_entry (name, field, value, len, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  pki_assert_queue_empty ();
}

/* The first entry of @field (NULL when absent), asserting no error. */
static gchar *
entry_ok (PkiX509Name *name, const char *field)
{
  g_autoptr (GError) error = NULL;
  gsize len = 12345;
  gchar *value = pki_x509_name_get_entry (name, field, &len, &error);
  g_assert_no_error (error);
  if (value != NULL)
    g_assert_cmpuint (len, ==, strlen (value));
  pki_assert_queue_empty ();
  return value;
}

static void
assert_entry (PkiX509Name *name, const char *field, const char *expected)
{
  g_autofree gchar *value = entry_ok (name, field);
  g_assert_cmpstr (value, ==, expected);
}

static gchar *
name_string (PkiX509Name *name)
{
  gchar *s = pki_x509_name_to_string (name);
  g_assert_nonnull (s);
  pki_assert_queue_empty ();
  return s;
}

static void
assert_name_string (PkiX509Name *name, const char *expected)
{
  g_autofree gchar *s = name_string (name);
  g_assert_cmpstr (s, ==, expected);
}

static void
assert_oneline (PkiX509Name *name, const char *expected)
{
  g_autofree gchar *s = pki_x509_name_to_oneline (name);
  g_assert_cmpstr (s, ==, expected);
  pki_assert_queue_empty ();
}

/* Asserts the components are exactly @pairs: field, value, field, value, ...,
 * NULL, in encoded order. */
static void
assert_components (PkiX509Name *name, const char *const *pairs)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) comps = pki_x509_name_get_components (name, &error);
  guint n = 0;

  g_assert_no_error (error);
  g_assert_nonnull (comps);
  pki_assert_queue_empty ();
  while (pairs[2 * n] != NULL)
    n++;
  g_assert_cmpuint (comps->len, ==, n);
  g_assert_cmpuint (pki_x509_name_get_entry_count (name), ==, n);
  for (guint i = 0; i < n; i++) {
    GStrv pair = g_ptr_array_index (comps, i);
    g_assert_cmpstr (pair[0], ==, pairs[2 * i]);
    g_assert_cmpstr (pair[1], ==, pairs[2 * i + 1]);
    g_assert_null (pair[2]);
  }
}

#define ASSERT_COMPONENTS(name, ...) \
  assert_components ((name), (const char *const[]){ __VA_ARGS__, NULL })

/* The path of a pyOpenSSL vector, or NULL (test skipped) when absent. */
static gchar *
vector_path (const char *file)
{
  g_autofree gchar *dir = pki_test_shared_dir ("pyopenssl-vectors");
  if (dir == NULL) {
    g_test_skip ("../shared/pyopenssl-vectors is absent");
    return NULL;
  }
  return g_build_filename (dir, file, NULL);
}

static PkiX509 *
vector_cert (const char *file)
{
  g_autoptr (GBytes) pem = pki_test_vector (file);
  g_autoptr (GError) error = NULL;
  PkiX509 *cert;

  if (pem == NULL)
    return NULL;
  cert = pki_x509_load (PKI_FILETYPE_PEM, PKI_BYTES_ARGS (pem), &error);
  g_assert_no_error (error);
  g_assert_nonnull (cert);
  pki_assert_queue_empty ();
  return cert;
}

/* Runs `openssl argv...`, asserts it succeeds and returns its stdout. */
static gchar *
cli_run (const char *const *argv)
{
  g_autofree gchar *err = NULL;
  g_autoptr (GBytes) out = pki_test_openssl (&err, argv);
  if (out == NULL)
    g_error ("openssl %s failed: %s", argv[0], err);
  return g_strndup (g_bytes_get_data (out, NULL), g_bytes_get_size (out));
}

#define CLI_RUN(...) cli_run ((const char *const[]){ __VA_ARGS__, NULL })

/* Writes @cert as PEM into @dir and returns the path. */
static gchar *
write_cert (const char *dir, PkiX509 *cert)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) pem = pki_x509_dump (cert, PKI_FILETYPE_PEM, &error);
  g_assert_no_error (error);
  g_assert_nonnull (pem);
  pki_assert_queue_empty ();
  return pki_test_write (dir, "cert.pem", pem);
}

/* A self-signed (issuer = @subject) one-hour certificate for @key. */
static PkiX509 *
make_cert (PkiX509Name *subject, PkiPKey *key)
{
  g_autoptr (GError) error = NULL;
  PkiX509 *cert = pki_x509_new ();

  g_assert_true (pki_x509_set_subject (cert, subject, &error));
  g_assert_no_error (error);
  g_assert_true (pki_x509_set_issuer (cert, subject, &error));
  g_assert_no_error (error);
  g_assert_true (pki_x509_set_pubkey (cert, key, &error));
  g_assert_no_error (error);
  g_assert_true (pki_x509_gmtime_adj_not_before (cert, 0, &error));
  g_assert_no_error (error);
  g_assert_true (pki_x509_gmtime_adj_not_after (cert, 3600, &error));
  g_assert_no_error (error);
  g_assert_true (pki_x509_sign (cert, key, NULL, &error));
  g_assert_no_error (error);
  pki_assert_queue_empty ();
  return cert;
}

static PkiPKey *
make_key (void)
{
  g_autoptr (GError) error = NULL;
  PkiPKey *key = pki_pkey_generate_ec ("P-256", &error);
  g_assert_no_error (error);
  g_assert_nonnull (key);
  pki_assert_queue_empty ();
  return key;
}

static void
sign_ok (PkiX509 *cert, PkiPKey *key)
{
  g_autoptr (GError) error = NULL;
  g_assert_true (pki_x509_sign (cert, key, NULL, &error));
  g_assert_no_error (error);
  pki_assert_queue_empty ();
}

/* "subject=" + @name's RFC 4514 string + "\n", as `openssl x509 -subject
 * -nameopt RFC2253,-esc_msb` prints it. */
static gchar *
cli_name_line (const char *label, PkiX509Name *name)
{
  g_autofree gchar *s = name_string (name);
  return g_strdup_printf ("%s=%s\n", label, s);
}

static gchar *
hash_line (guint32 hash)
{
  return g_strdup_printf ("%08x\n", hash);
}

/* --- basics ---------------------------------------------------------------- */

static void
test_new_empty (void)
{
  g_autoptr (PkiX509Name) name = pki_x509_name_new ();
  g_autoptr (PkiX509Name) parsed = parse_ok ("");
  g_autoptr (PkiX509Name) loaded = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) comps = NULL;
  g_autofree gchar *value = NULL;
  gsize len = 99;

  g_assert_nonnull (name);
  g_assert_cmpuint (pki_x509_name_get_entry_count (name), ==, 0);
  assert_name_der (name, "30 00");
  assert_name_string (name, "");
  assert_oneline (name, "");

  comps = pki_x509_name_get_components (name, &error);
  g_assert_no_error (error);
  g_assert_nonnull (comps);
  g_assert_cmpuint (comps->len, ==, 0);

  /* Absent entry: NULL without an error. */
  value = pki_x509_name_get_entry (name, "CN", &len, &error);
  g_assert_no_error (error);
  g_assert_null (value);
  pki_assert_queue_empty ();

  /* The empty string parses to the same empty name. */
  g_assert_cmpuint (pki_x509_name_get_entry_count (parsed), ==, 0);
  g_assert_true (pki_x509_name_equal (name, parsed));
  g_assert_cmpint (pki_x509_name_compare (name, parsed), ==, 0);
  g_assert_cmpuint (pki_x509_name_hash (name), ==, pki_x509_name_hash (parsed));

  loaded = pki_x509_name_load_der ((const guint8 *) "\x30\x00", 2, &error);
  g_assert_no_error (error);
  g_assert_true (pki_x509_name_equal (name, loaded));
  pki_assert_queue_empty ();
}

static void
test_ref_boxed (void)
{
  g_autoptr (PkiX509Name) name = parse_ok ("CN=boxed");
  PkiX509Name *ref = pki_x509_name_ref (name);
  PkiX509Name *boxed;

  g_assert_true (ref == name);
  pki_x509_name_unref (ref);
  pki_x509_name_unref (NULL); /* NULL-safe */

  g_assert_true (G_TYPE_IS_BOXED (PKI_TYPE_X509_NAME));
  g_assert_cmpstr (g_type_name (PKI_TYPE_X509_NAME), ==, "PkiX509Name");
  boxed = g_boxed_copy (PKI_TYPE_X509_NAME, name);
  g_assert_nonnull (boxed);
  g_assert_true (pki_x509_name_equal (boxed, name));
  g_boxed_free (PKI_TYPE_X509_NAME, boxed);
  assert_entry (name, "CN", "boxed");
}

/* copy() is standalone: changing either side leaves the other alone. */
static void
test_copy (void)
{
  g_autoptr (PkiX509Name) name = parse_ok ("CN=x,O=Org,C=US");
  g_autoptr (PkiX509Name) copy = pki_x509_name_copy (name);

  g_assert_true (copy != name);
  g_assert_true (pki_x509_name_equal (copy, name));
  assert_same_der (copy, name);

  set_ok (copy, "CN", "changed", -1);
  assert_entry (name, "CN", "x");
  assert_entry (copy, "CN", "changed");
  g_assert_false (pki_x509_name_equal (copy, name));

  set_ok (name, "O", "Other", -1);
  assert_entry (copy, "O", "Org");
}

/* --- pyOpenSSL facts (README section 3) ---------------------------------- */

/* x509_name(CN="foo", C="US") sets the attributes sorted by value (C first):
 * C is a PrintableString, CN a UTF8String. */
static void
test_pyopenssl_der (void)
{
  static const char der[] = "30 1b 31 0b 30 09 06 03 55 04 06 13 02 55 53 31 0c 30 0a 06 03 55 "
                            "04 03 0c 03 66 6f 6f";
  g_autoptr (PkiX509Name) name = pki_x509_name_new ();
  g_autoptr (PkiX509Name) loaded = NULL;
  g_autoptr (GBytes) bytes = bytes_from_hex (der);
  g_autoptr (GError) error = NULL;

  set_ok (name, "C", "US", -1);
  set_ok (name, "CN", "foo", -1);
  assert_name_der (name, der);
  ASSERT_COMPONENTS (name, "C", "US", "CN", "foo");
  assert_name_string (name, "CN=foo,C=US");
  assert_oneline (name, "/C=US/CN=foo");

  loaded = pki_x509_name_load_der (PKI_BYTES_ARGS (bytes), &error);
  g_assert_no_error (error);
  pki_assert_queue_empty ();
  g_assert_true (pki_x509_name_equal (loaded, name));
  assert_name_der (loaded, der);
}

/* Setting a type already present removes it and appends the new value. */
static void
test_pyopenssl_set_order (void)
{
  g_autoptr (PkiX509Name) name = pki_x509_name_new ();

  ASSERT_COMPONENTS (name, NULL, NULL);
  set_ok (name, "CN", "foo", -1);
  ASSERT_COMPONENTS (name, "CN", "foo");
  set_ok (name, "OU", "bar", -1);
  ASSERT_COMPONENTS (name, "CN", "foo", "OU", "bar");
  set_ok (name, "CN", "baz", -1);
  ASSERT_COMPONENTS (name, "OU", "bar", "CN", "baz");
  /* set_entry removes every entry of the type, not just the first. */
  add_ok (name, "OU", "second", -1);
  ASSERT_COMPONENTS (name, "OU", "bar", "CN", "baz", "OU", "second");
  set_ok (name, "organizationalUnitName", "only", -1);
  ASSERT_COMPONENTS (name, "CN", "baz", "OU", "only");
}

/* Short name, long name and dotted OID name the same attribute; unset -> NULL
 * without error; unknown name -> BAD_INPUT everywhere a field is named. */
static void
test_pyopenssl_aliases (void)
{
  static const struct {
    const char *sn, *ln, *oid, *value;
  } cases[] = {
    { "CN", "commonName", "2.5.4.3", "common" },
    { "C", "countryName", "2.5.4.6", "US" },
    { "ST", "stateOrProvinceName", "2.5.4.8", "IL" },
    { "L", "localityName", "2.5.4.7", "Chicago" },
    { "O", "organizationName", "2.5.4.10", "Org" },
    { "OU", "organizationalUnitName", "2.5.4.11", "Unit" },
    { "emailAddress", "emailAddress", "1.2.840.113549.1.9.1", "a@example.org" },
    { "serialNumber", "serialNumber", "2.5.4.5", "1234" },
    { "DC", "domainComponent", "0.9.2342.19200300.100.1.25", "org" },
  };
  static const char *const bad_fields[] = { "NOSUCH", "thisIsMadeUp", "", "1.2.x", "CN " };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
    const char *names[] = { cases[i].sn, cases[i].ln, cases[i].oid };
    g_test_message ("field %s", cases[i].sn);
    for (gsize set_by = 0; set_by < G_N_ELEMENTS (names); set_by++) {
      g_autoptr (PkiX509Name) name = pki_x509_name_new ();
      g_autofree gchar *field = NULL, *oid = NULL;

      assert_entry (name, names[set_by], NULL);
      set_ok (name, names[set_by], cases[i].value, -1);
      for (gsize get_by = 0; get_by < G_N_ELEMENTS (names); get_by++)
        assert_entry (name, names[get_by], cases[i].value);
      field = pki_x509_name_get_entry_field (name, 0);
      oid = pki_x509_name_get_entry_oid (name, 0);
      g_assert_cmpstr (field, ==, cases[i].sn);
      g_assert_cmpstr (oid, ==, cases[i].oid);
      pki_assert_queue_empty ();
    }
  }

  for (gsize i = 0; i < G_N_ELEMENTS (bad_fields); i++) {
    g_autoptr (PkiX509Name) name = parse_ok ("CN=keep");
    g_autoptr (GBytes) before = name_der (name);
    g_autoptr (GBytes) after = NULL;
    g_autoptr (GError) error = NULL;
    g_autofree gchar *value = NULL;
    gsize len = 0;
    guint removed;

    g_test_message ("bad field '%s'", bad_fields[i]);
    value = pki_x509_name_get_entry (name, bad_fields[i], &len, &error);
    g_assert_error (error, PKI_ERROR, PKI_ERROR_BAD_INPUT);
    g_assert_null (value);
    pki_assert_queue_empty ();
    g_clear_error (&error);

    g_assert_false (pki_x509_name_set_entry (name, bad_fields[i], "x", -1, &error));
    g_assert_error (error, PKI_ERROR, PKI_ERROR_BAD_INPUT);
    pki_assert_queue_empty ();
    g_clear_error (&error);

    g_assert_false (pki_x509_name_add_entry (name, bad_fields[i], "x", -1, &error));
    g_assert_error (error, PKI_ERROR, PKI_ERROR_BAD_INPUT);
    pki_assert_queue_empty ();
    g_clear_error (&error);

    removed = pki_x509_name_remove_entries (name, bad_fields[i], &error);
    g_assert_error (error, PKI_ERROR, PKI_ERROR_BAD_INPUT);
    g_assert_cmpuint (removed, ==, 0);
    pki_assert_queue_empty ();

    after = name_der (name);
    g_assert_true (g_bytes_equal (before, after));
  }
}

/* Values OpenSSL refuses for the attribute's string type: BAD_INPUT with
 * OpenSSL's reason, and the name is unchanged after the failure. */
static void
test_pyopenssl_bad_values (void)
{
  static const struct {
    const char *field;
    const char *value; /* NULL: @repeat x's */
    gsize repeat;
    const char *reason; /* NULL: any message */
  } cases[] = {
    { "O", NULL, 512, "string too long" }, /* pyOpenSSL's fact */
    { "CN", NULL, 65, "string too long" },
    { "OU", NULL, 65, "string too long" },
    { "C", "USA", 0, "string too long" },
    { "C", "U", 0, "string too short" },
    { "C", "U_", 0, "illegal characters" },     /* not a PrintableString */
    { "C", "\xc3\x9c" "A", 0, NULL },           /* "ÜA" */
    { "emailAddress", "\xc3\xbc@x", 0, NULL },  /* not an IA5String */
    { "CN", "x\xff", 0, NULL },                 /* invalid UTF-8 */
    { "CN", "\xc3", 0, NULL },                  /* truncated UTF-8 */
    { "O", "\xed\xa0\x80", 0, NULL },           /* UTF-8 encoded surrogate */
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autofree gchar *long_value = cases[i].value ? NULL : g_strnfill (cases[i].repeat, 'x');
    const char *value = cases[i].value ? cases[i].value : long_value;

    g_test_message ("%s with %zu bytes", cases[i].field, strlen (value));
    for (int add = 0; add < 2; add++) {
      g_autoptr (PkiX509Name) name = parse_ok ("CN=keep,O=Org,C=US");
      g_autoptr (GBytes) before = name_der (name);
      g_autoptr (GBytes) after = NULL;
      g_autoptr (GError) error = NULL;
      gboolean ok;

      if (add)
        ok = pki_x509_name_add_entry (name, cases[i].field, value, -1, &error);
      else
        ok = pki_x509_name_set_entry (name, cases[i].field, value, -1, &error);
      g_assert_false (ok);
      g_assert_error (error, PKI_ERROR, PKI_ERROR_BAD_INPUT);
      if (cases[i].reason)
        g_assert_nonnull (strstr (error->message, cases[i].reason));
      pki_assert_queue_empty ();
      after = name_der (name);
      g_assert_true (g_bytes_equal (before, after));
    }
  }

  /* The limits themselves are fine. */
  {
    g_autoptr (PkiX509Name) name = pki_x509_name_new ();
    g_autofree gchar *x64 = g_strnfill (64, 'x');
    set_ok (name, "CN", x64, -1);
    set_ok (name, "O", x64, -1);
    set_ok (name, "C", "US", -1);
    assert_entry (name, "CN", x64);
    assert_entry (name, "O", x64);
  }
}

/* Ordering and equality are X509_NAME_cmp's. */
static void
test_pyopenssl_compare (void)
{
  g_autoptr (PkiX509Name) abc = parse_ok ("CN=abc");
  g_autoptr (PkiX509Name) def = parse_ok ("CN=def");
  g_autoptr (PkiX509Name) abc2 = pki_x509_name_new ();
  g_autoptr (PkiX509Name) cn_foo = parse_ok ("CN=foo");
  g_autoptr (PkiX509Name) ou_foo = parse_ok ("OU=foo");

  set_ok (abc2, "commonName", "abc", -1);
  g_assert_true (pki_x509_name_equal (abc, abc2));
  g_assert_true (pki_x509_name_equal (abc, abc));
  g_assert_cmpint (pki_x509_name_compare (abc, abc2), ==, 0);
  g_assert_cmpuint (pki_x509_name_hash (abc), ==, pki_x509_name_hash (abc2));
  g_assert_cmpuint (pki_x509_name_hash_old (abc), ==, pki_x509_name_hash_old (abc2));

  g_assert_false (pki_x509_name_equal (abc, def));
  g_assert_cmpint (pki_x509_name_compare (abc, def), <, 0);
  g_assert_cmpint (pki_x509_name_compare (def, abc), >, 0);

  g_assert_false (pki_x509_name_equal (cn_foo, ou_foo));
  g_assert_cmpint (pki_x509_name_compare (cn_foo, ou_foo), !=, 0);
  g_assert_cmpint (pki_x509_name_compare (cn_foo, ou_foo), ==,
                   -pki_x509_name_compare (ou_foo, cn_foo));
  g_assert_cmpuint (pki_x509_name_hash (cn_foo), !=, pki_x509_name_hash (ou_foo));

  /* Comparison is on the canonical form: case and extra spaces in a
   * UTF8String do not matter (X509_NAME_cmp). */
  {
    g_autoptr (PkiX509Name) upper = parse_ok ("CN=ABC");
    g_autoptr (PkiX509Name) spaced = pki_x509_name_new ();
    set_ok (spaced, "CN", "  abc  ", -1);
    g_assert_true (pki_x509_name_equal (abc, upper));
    g_assert_true (pki_x509_name_equal (abc, spaced));
    g_assert_cmpuint (pki_x509_name_hash (abc), ==, pki_x509_name_hash (upper));
  }
  pki_assert_queue_empty ();
}

/* name.hash() == subject_name_hash(); the MD5 one is -subject_hash_old. */
static void
test_pyopenssl_hash (void)
{
  g_autoptr (PkiX509) root = vector_cert ("root_cert.pem");
  g_autoptr (PkiX509Name) subject = NULL, issuer = NULL;

  if (root == NULL)
    return;
  subject = pki_x509_get_subject (root);
  issuer = pki_x509_get_issuer (root);
  g_assert_cmphex (pki_x509_name_hash (subject), ==, 0xc3705638);
  g_assert_cmpuint (pki_x509_name_hash (subject), ==, 3278919224u);
  g_assert_cmphex (pki_x509_name_hash_old (subject), ==, 0xc7adac82);
  g_assert_cmphex (pki_x509_subject_name_hash (root), ==, pki_x509_name_hash (subject));
  g_assert_true (pki_x509_name_equal (subject, issuer));
  g_assert_cmphex (pki_x509_name_hash (issuer), ==, 0xc3705638);

  /* A name made from scratch with the same entries hashes the same. */
  {
    g_autoptr (PkiX509Name) made = pki_x509_name_new ();
    set_ok (made, "C", "US", -1);
    set_ok (made, "ST", "IL", -1);
    set_ok (made, "L", "Chicago", -1);
    set_ok (made, "O", "Testing", -1);
    set_ok (made, "CN", "Testing Root CA", -1);
    g_assert_true (pki_x509_name_equal (made, subject));
    g_assert_cmphex (pki_x509_name_hash (made), ==, 0xc3705638);
    /* hash_old is MD5 over the DER as encoded, not the canonical form: the
     * root's entries are PrintableStrings, ours UTF8Strings. */
    g_assert_cmphex (pki_x509_name_hash_old (made), !=, 0xc7adac82);
  }
  pki_assert_queue_empty ();
}

/* The README section 2 component facts of the vector certificates. */
static void
test_pyopenssl_components (void)
{
  g_autoptr (PkiX509) root = vector_cert ("root_cert.pem");
  g_autoptr (PkiX509) inter = NULL, ec_root = NULL;
  g_autoptr (PkiX509Name) subject = NULL, issuer = NULL, inter_subject = NULL, ec_subject = NULL;

  if (root == NULL)
    return;
  subject = pki_x509_get_subject (root);
  issuer = pki_x509_get_issuer (root);
  ASSERT_COMPONENTS (subject, "C", "US", "ST", "IL", "L", "Chicago", "O", "Testing", "CN",
                     "Testing Root CA");
  ASSERT_COMPONENTS (issuer, "C", "US", "ST", "IL", "L", "Chicago", "O", "Testing", "CN",
                     "Testing Root CA");
  assert_entry (subject, "commonName", "Testing Root CA");
  assert_entry (subject, "OU", NULL);
  assert_oneline (subject, "/C=US/ST=IL/L=Chicago/O=Testing/CN=Testing Root CA");
  assert_name_string (subject, "CN=Testing Root CA,O=Testing,L=Chicago,ST=IL,C=US");

  inter = vector_cert ("intermediate_cert.pem");
  inter_subject = pki_x509_get_subject (inter);
  ASSERT_COMPONENTS (inter_subject, "CN", "intermediate", "O", "org", "OU", "org-unit", "C", "US",
                     "ST", "CA", "L", "San Diego");

  ec_root = vector_cert ("ec_root_cert_p384.pem");
  ec_subject = pki_x509_get_subject (ec_root);
  ASSERT_COMPONENTS (ec_subject, "CN", "Testing Root CA", "O", "Testing", "L", "Chicago", "ST",
                     "IL", "C", "US");
  /* Same entries in another order: a different name. */
  g_assert_false (pki_x509_name_equal (ec_subject, subject));
}

/* set_subject from a name of C=AU, OU=Unit Tests (README section 2). */
static void
test_pyopenssl_set_subject (void)
{
  g_autoptr (PkiX509) cert = pki_x509_new ();
  g_autoptr (PkiX509Name) name = pki_x509_name_new ();
  g_autoptr (PkiX509Name) subject = NULL;
  g_autoptr (GError) error = NULL;

  set_ok (name, "C", "AU", -1);
  set_ok (name, "OU", "Unit Tests", -1);
  g_assert_true (pki_x509_set_subject (cert, name, &error));
  g_assert_no_error (error);
  subject = pki_x509_get_subject (cert);
  ASSERT_COMPONENTS (subject, "C", "AU", "OU", "Unit Tests");
}

/* A NUL in a value is kept; getters without a length refuse to cut it. */
static void
test_pyopenssl_nul_value (void)
{
  g_autoptr (PkiX509Name) name = pki_x509_name_new ();
  g_autoptr (PkiX509Name) reparsed = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) comps = NULL;
  g_autofree gchar *value = NULL, *by_index = NULL, *no_len = NULL, *no_len_index = NULL;
  g_autofree gchar *s = NULL;
  gsize len = 0;

  set_ok (name, "CN", "a\0b", 3);
  assert_name_der (name, "30 0e 31 0c 30 0a 06 03 55 04 03 0c 03 61 00 62");

  value = pki_x509_name_get_entry (name, "CN", &len, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (value, len, "a\0b", 3);
  g_assert_cmpint (value[len], ==, '\0');
  pki_assert_queue_empty ();

  by_index = pki_x509_name_get_entry_value (name, 0, &len, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (by_index, len, "a\0b", 3);
  pki_assert_queue_empty ();

  no_len = pki_x509_name_get_entry (name, "CN", NULL, &error);
  g_assert_error (error, PKI_ERROR, PKI_ERROR_BAD_INPUT);
  g_assert_nonnull (strstr (error->message, "NUL"));
  g_assert_null (no_len);
  pki_assert_queue_empty ();
  g_clear_error (&error);

  no_len_index = pki_x509_name_get_entry_value (name, 0, NULL, &error);
  g_assert_error (error, PKI_ERROR, PKI_ERROR_BAD_INPUT);
  g_assert_null (no_len_index);
  pki_assert_queue_empty ();
  g_clear_error (&error);

  comps = pki_x509_name_get_components (name, &error);
  g_assert_error (error, PKI_ERROR, PKI_ERROR_BAD_INPUT);
  g_assert_null (comps);
  pki_assert_queue_empty ();
  g_clear_error (&error);

  /* The string forms escape it, and the RFC 4514 form parses back. */
  s = name_string (name);
  g_assert_cmpstr (s, ==, "CN=a\\00b");
  reparsed = parse_ok (s);
  g_assert_true (pki_x509_name_equal (reparsed, name));
  assert_same_der (reparsed, name);

  /* An explicit length shorter than the string takes that many bytes. */
  set_ok (name, "CN", "abcdef", 3);
  assert_entry (name, "CN", "abc");
  add_ok (name, "O", "x\0y\0", 4);
  {
    g_autofree gchar *o = pki_x509_name_get_entry (name, "O", &len, &error);
    g_assert_no_error (error);
    g_assert_cmpmem (o, len, "x\0y\0", 4);
  }
}

/* CPython's NUL-byte certificate: the CN keeps its NUL. */
static void
test_pyopenssl_nulbyte_cert (void)
{
  static const char cn[] = "null.python.org\0example.org";
  g_autoptr (PkiX509) cert = vector_cert ("nulbyte_san_cert.pem");
  g_autoptr (PkiX509Name) subject = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) comps = NULL;
  g_autofree gchar *value = NULL, *cut = NULL, *field = NULL;
  gsize len = 0;
  guint cn_index = G_MAXUINT;

  if (cert == NULL)
    return;
  subject = pki_x509_get_subject (cert);
  value = pki_x509_name_get_entry (subject, "CN", &len, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (value, len, cn, sizeof cn - 1);

  cut = pki_x509_name_get_entry (subject, "commonName", NULL, &error);
  g_assert_error (error, PKI_ERROR, PKI_ERROR_BAD_INPUT);
  g_assert_null (cut);
  pki_assert_queue_empty ();
  g_clear_error (&error);

  comps = pki_x509_name_get_components (subject, &error);
  g_assert_error (error, PKI_ERROR, PKI_ERROR_BAD_INPUT);
  g_assert_null (comps);
  pki_assert_queue_empty ();
  g_clear_error (&error);

  /* The other entries read normally. */
  assert_entry (subject, "O", "Python Software Foundation");
  assert_entry (subject, "emailAddress", "python-dev@python.org");
  for (guint i = 0; i < pki_x509_name_get_entry_count (subject); i++) {
    g_autofree gchar *f = pki_x509_name_get_entry_field (subject, i);
    if (g_strcmp0 (f, "CN") == 0)
      cn_index = i;
  }
  g_assert_cmpuint (cn_index, ==, 5);
  field = pki_x509_name_get_entry_value (subject, cn_index, &len, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (field, len, cn, sizeof cn - 1);
}

/* X509_NAME_oneline: "/emailAddress=bar/CN=foo" for the repr fact. */
static void
test_pyopenssl_oneline (void)
{
  g_autoptr (PkiX509Name) name = pki_x509_name_new ();
  g_autoptr (PkiX509Name) slash = pki_x509_name_new ();

  /* x509_name(commonName="foo", emailAddress="bar"): sorted by value. */
  set_ok (name, "emailAddress", "bar", -1);
  set_ok (name, "commonName", "foo", -1);
  assert_oneline (name, "/emailAddress=bar/CN=foo");
  assert_name_der (name, "30 22 31 12 30 10 06 09 2a 86 48 86 f7 0d 01 09 01 16 03 62 61 72 31 "
                         "0c 30 0a 06 03 55 04 03 0c 03 66 6f 6f");

  /* A slash in a value is escaped, and parses back. */
  set_ok (slash, "CN", "a/b", -1);
  set_ok (slash, "OU", "x=y", -1);
  assert_oneline (slash, "/CN=a\\/b/OU=x=y");
  {
    g_autoptr (PkiX509Name) back = parse_ok ("/CN=a\\/b/OU=x=y");
    g_assert_true (pki_x509_name_equal (back, slash));
  }
}

/* --- entries --------------------------------------------------------------- */

/* The ASN.1 string type each attribute gets (OpenSSL's UTF-8 mask). */
static void
test_string_types (void)
{
  static const struct {
    const char *field, *value, *der;
  } cases[] = {
    { "C", "US", "300d310b3009060355040613025553" },                    /* PrintableString */
    { "CN", "foo", "300e310c300a06035504030c03666f6f" },                /* UTF8String */
    { "emailAddress", "bar", "30143112301006092a864886f70d0109011603626172" }, /* IA5String */
    { "serialNumber", "123", "300e310c300a06035504051303313233" },      /* PrintableString */
    { "DC", "com", "301531133011060a0992268993f22c6401191603636f6d" },  /* IA5String */
    { "UID", "u", "30133111300f060a0992268993f22c6401010c0175" },       /* UTF8String */
    { "O", "Z\xc3\xbcrich", "30123110300e060355040a0c075ac3bc72696368" },
    { "ST", "IL", "300d310b300906035504080c02494c" },
    { "L", "Chicago", "30123110300e06035504070c074368696361676f" },
    { "OU", "unit", "300f310d300b060355040b0c04756e6974" },
    { "title", "T", "300c310a3008060355040c0c0154" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autoptr (PkiX509Name) name = pki_x509_name_new ();
    g_autoptr (PkiX509Name) loaded = NULL;
    g_autoptr (GBytes) der = bytes_from_hex (cases[i].der);
    g_autoptr (GError) error = NULL;

    g_test_message ("%s=%s", cases[i].field, cases[i].value);
    set_ok (name, cases[i].field, cases[i].value, -1);
    assert_name_der (name, cases[i].der);
    loaded = pki_x509_name_load_der (PKI_BYTES_ARGS (der), &error);
    g_assert_no_error (error);
    assert_entry (loaded, cases[i].field, cases[i].value);
    g_assert_true (pki_x509_name_equal (loaded, name));
  }
}

/* add/remove, and the by-index getters including out-of-range indexes. */
static void
test_entries (void)
{
  static const struct {
    const char *field, *oid, *value;
  } expected[] = {
    { "C", "2.5.4.6", "US" },
    { "OU", "2.5.4.11", "one" },
    { "CN", "2.5.4.3", "x" },
    { "OU", "2.5.4.11", "two" },
    { "emailAddress", "1.2.840.113549.1.9.1", "x@example.org" },
  };
  g_autoptr (PkiX509Name) name = pki_x509_name_new ();
  g_autoptr (GError) error = NULL;
  guint n;

  for (gsize i = 0; i < G_N_ELEMENTS (expected); i++)
    add_ok (name, expected[i].field, expected[i].value, -1);
  g_assert_cmpuint (pki_x509_name_get_entry_count (name), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++) {
    g_autofree gchar *field = pki_x509_name_get_entry_field (name, i);
    g_autofree gchar *oid = pki_x509_name_get_entry_oid (name, i);
    g_autofree gchar *value = NULL;
    gsize len = 0;

    value = pki_x509_name_get_entry_value (name, i, &len, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (field, ==, expected[i].field);
    g_assert_cmpstr (oid, ==, expected[i].oid);
    g_assert_cmpstr (value, ==, expected[i].value);
    g_assert_cmpuint (len, ==, strlen (expected[i].value));
    pki_assert_queue_empty ();
  }
  /* NULL length is fine when there is no NUL. */
  {
    g_autofree gchar *value = pki_x509_name_get_entry_value (name, 2, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (value, ==, "x");
  }

  /* The first entry of a type. */
  assert_entry (name, "OU", "one");

  /* Out of range: field and oid NULL without error, value BAD_INPUT. */
  for (guint index = G_N_ELEMENTS (expected); index < G_N_ELEMENTS (expected) + 2; index++) {
    g_autofree gchar *field = pki_x509_name_get_entry_field (name, index);
    g_autofree gchar *oid = pki_x509_name_get_entry_oid (name, index);
    g_autofree gchar *value = NULL;
    gsize len = 7;

    g_assert_null (field);
    g_assert_null (oid);
    value = pki_x509_name_get_entry_value (name, index, &len, &error);
    g_assert_error (error, PKI_ERROR, PKI_ERROR_BAD_INPUT);
    g_assert_null (value);
    pki_assert_queue_empty ();
    g_clear_error (&error);
  }
  {
    g_autofree gchar *value = pki_x509_name_get_entry_value (name, G_MAXUINT, NULL, &error);
    g_assert_error (error, PKI_ERROR, PKI_ERROR_BAD_INPUT);
    g_assert_null (value);
    g_clear_error (&error);
  }

  /* remove_entries counts; an absent type removes nothing, no error. */
  n = pki_x509_name_remove_entries (name, "organizationalUnitName", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 2);
  ASSERT_COMPONENTS (name, "C", "US", "CN", "x", "emailAddress", "x@example.org");
  n = pki_x509_name_remove_entries (name, "OU", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 0);
  n = pki_x509_name_remove_entries (name, "2.5.4.3", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 1);
  assert_entry (name, "CN", NULL);
  ASSERT_COMPONENTS (name, "C", "US", "emailAddress", "x@example.org");
  pki_assert_queue_empty ();
}

/* An attribute type OpenSSL has no name for: its dotted OID everywhere. */
static void
test_unknown_attribute (void)
{
  static const char der_hex[] = "30 0e 31 0c 30 0a 06 03 2a 03 04 0c 03 66 6f 6f";
  g_autoptr (GBytes) der = bytes_from_hex (der_hex);
  g_autoptr (GError) error = NULL;
  g_autoptr (PkiX509Name) name = pki_x509_name_load_der (PKI_BYTES_ARGS (der), &error);
  g_autoptr (PkiX509Name) made = pki_x509_name_new ();
  g_autofree gchar *field = NULL, *oid = NULL, *s = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (name);
  field = pki_x509_name_get_entry_field (name, 0);
  oid = pki_x509_name_get_entry_oid (name, 0);
  g_assert_cmpstr (field, ==, "1.2.3.4");
  g_assert_cmpstr (oid, ==, "1.2.3.4");
  assert_entry (name, "1.2.3.4", "foo");
  ASSERT_COMPONENTS (name, "1.2.3.4", "foo");
  assert_oneline (name, "/1.2.3.4=foo");

  /* RFC 4514 writes unknown types' values as '#' + BER hex, which parses back. */
  s = name_string (name);
  g_assert_cmpstr (s, ==, "1.2.3.4=#0C03666F6F");
  {
    g_autoptr (PkiX509Name) back = parse_ok (s);
    assert_name_der (back, der_hex);
  }

  /* A dotted OID names a new type for set_entry too: UTF8String. */
  set_ok (made, "1.2.3.4", "foo", -1);
  assert_name_der (made, der_hex);
  g_assert_true (pki_x509_name_equal (made, name));
}

/* --- parsing ----------------------------------------------------------------- */

typedef struct {
  const char *text;
  const char *pairs[12]; /* field, value, ... in encoded order, NULL-terminated */
} ParseCase;

static void
test_parse (void)
{
  static const ParseCase cases[] = {
    /* RFC 4514: most significant last. */
    { "CN=x,O=Org,C=US", { "C", "US", "O", "Org", "CN", "x" } },
    { "CN=foo", { "CN", "foo" } },
    { "commonName=x,organizationName=Org,2.5.4.6=US", { "C", "US", "O", "Org", "CN", "x" } },
    { "CN=a\\,b", { "CN", "a,b" } },
    { "CN=a\\+b\\\"c\\\\d\\<e\\>f\\;g\\=h", { "CN", "a+b\"c\\d<e>f;g=h" } },
    { "CN=\\#x", { "CN", "#x" } },
    { "CN=\\ #lead,O=trail\\ ", { "O", "trail ", "CN", " #lead" } },
    { "OU=x=y,CN=a/b", { "CN", "a/b", "OU", "x=y" } },
    { "CN=Z\\C3\\BCrich", { "CN", "Z\xc3\xbcrich" } },
    { "CN=z\\c3\\bcrich", { "CN", "z\xc3\xbcrich" } },
    { "CN=Z\xc3\xbcrich,O=\xe6\x9d\xb1\xe4\xba\xac", { "O", "\xe6\x9d\xb1\xe4\xba\xac", "CN",
                                                      "Z\xc3\xbcrich" } },
    { "CN=#0C03666F6F", { "CN", "foo" } },
    { "C=#13025553,CN=#0c03666f6f", { "CN", "foo", "C", "US" } },
    { "emailAddress=bar,CN=foo", { "CN", "foo", "emailAddress", "bar" } },
    /* OpenSSL's one-line form: most significant first. */
    { "/C=US/O=Org/CN=x", { "C", "US", "O", "Org", "CN", "x" } },
    { "/CN=a\\/b", { "CN", "a/b" } },
    { "/CN=a,b/OU=x=y", { "CN", "a,b", "OU", "x=y" } },
    { "/emailAddress=bar/CN=foo", { "emailAddress", "bar", "CN", "foo" } },
    { "/commonName=x/2.5.4.10=Org", { "CN", "x", "O", "Org" } },
    { "/CN=Z\xc3\xbcrich", { "CN", "Z\xc3\xbcrich" } },
    { "", { NULL } },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autoptr (PkiX509Name) name = NULL;

    g_test_message ("parse '%s'", cases[i].text);
    name = parse_ok (cases[i].text);
    assert_components (name, cases[i].pairs);
  }

  /* The two forms of one name are equal, byte for byte. */
  {
    g_autoptr (PkiX509Name) rfc = parse_ok ("CN=x,O=Org,C=US");
    g_autoptr (PkiX509Name) slash = parse_ok ("/C=US/O=Org/CN=x");
    g_assert_true (pki_x509_name_equal (rfc, slash));
    assert_same_der (rfc, slash);
    assert_name_der (rfc, "3027310b3009060355040613025553310c300a060355040a0c034f7267310a3008"
                          "06035504030c0178");
  }
}

/* Multi-valued RDNs in both forms: one SET holding CN and UID. */
static void
test_parse_multi_valued (void)
{
  /* The SET OF is DER-sorted: CN (06 03 ...) before UID (06 0a ...). */
  static const char der[] = "302b310c300a060355040a0c034f7267311b300806035504030c0178300f060a0992"
                            "268993f22c6401010c0179";
  static const char *const texts[] = { "CN=x+UID=y,O=Org", "UID=y+CN=x,O=Org",
                                       "/O=Org/CN=x+UID=y", "/O=Org/UID=y+CN=x" };
  g_autoptr (PkiX509Name) first = parse_ok (texts[0]);
  g_autoptr (PkiX509Name) separate = parse_ok ("/O=Org/CN=x/UID=y");

  for (gsize i = 0; i < G_N_ELEMENTS (texts); i++) {
    g_autoptr (PkiX509Name) name = parse_ok (texts[i]);
    g_autoptr (PkiX509Name) back = NULL;
    g_autofree gchar *s = NULL;
    g_autofree gchar *field0 = NULL;

    g_test_message ("parse '%s'", texts[i]);
    g_assert_cmpuint (pki_x509_name_get_entry_count (name), ==, 3);
    field0 = pki_x509_name_get_entry_field (name, 0);
    g_assert_cmpstr (field0, ==, "O");
    assert_entry (name, "O", "Org");
    assert_entry (name, "CN", "x");
    assert_entry (name, "UID", "y");
    assert_name_der (name, der);
    g_assert_true (pki_x509_name_equal (name, first));

    s = name_string (name);
    g_assert_nonnull (strchr (s, '+'));
    g_assert_true (g_str_has_suffix (s, ",O=Org"));
    back = parse_ok (s);
    g_assert_true (pki_x509_name_equal (back, name));
    assert_name_der (back, der);
  }

  /* Three RDNs are not one RDN with two values. */
  g_assert_cmpuint (pki_x509_name_get_entry_count (separate), ==, 3);
  g_assert_false (pki_x509_name_equal (separate, first));
}

static void
test_parse_bad (void)
{
  static const char *const bad[] = {
    "CN",          "=x",          "NOSUCH=x",     "CN=x,,",      "CN=x\\",
    "CN=x,",       ",CN=x",       "CN=\\zz",      "CN=#zz",      "CN=#0c",
    "CN=\xff",     "C=USA",       "C=U",          "CN=x,NOSUCH=y",
    "/CN",         "/NOSUCH=x",   "/=x",          "/CN=x/O",     "/C=USA",
    "/CN=x\\",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++) {
    g_autofree gchar *escaped = g_strescape (bad[i], NULL);
    g_test_message ("parse '%s'", escaped);
    parse_fails (bad[i]);
  }
}

/* name -> to_string -> parse -> equal (and the same DER); the one-line form
 * too where it is reversible. */
static void
test_round_trip (void)
{
  static const struct {
    const char *entries[10]; /* field, value, ..., NULL */
    const char *string;     /* expected RFC 4514 text */
    gboolean oneline;       /* to_oneline parses back too */
  } cases[] = {
    { { "C", "US", "O", "Org", "CN", "x" }, "CN=x,O=Org,C=US", TRUE },
    { { "CN", "a,b+c\"d\\e<f>g;h=i" }, "CN=a\\,b\\+c\\\"d\\\\e\\<f\\>g\\;h=i", FALSE },
    { { "CN", " #lead", "O", "trail " }, "O=trail\\ ,CN=\\ #lead", FALSE },
    { { "CN", "#x" }, "CN=\\#x", TRUE },
    { { "CN", "a/b", "OU", "x=y" }, "OU=x=y,CN=a/b", TRUE },
    { { "emailAddress", "bar", "CN", "foo" }, "CN=foo,emailAddress=bar", TRUE },
    { { "L", "Z\xc3\xbcrich", "O", "\xe6\x9d\xb1\xe4\xba\xac", "CN", "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e" },
      "CN=\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e,O=\xe6\x9d\xb1\xe4\xba\xac,L=Z\xc3\xbcrich", FALSE },
    { { "C", "US", "emailAddress", "bar", "serialNumber", "123", "DC", "com" },
      "DC=com,serialNumber=123,emailAddress=bar,C=US", TRUE },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autoptr (PkiX509Name) name = pki_x509_name_new ();
    g_autoptr (PkiX509Name) back = NULL;
    g_autofree gchar *s = NULL;

    for (gsize j = 0; cases[i].entries[j] != NULL; j += 2)
      add_ok (name, cases[i].entries[j], cases[i].entries[j + 1], -1);
    s = name_string (name);
    g_test_message ("round trip '%s'", s);
    g_assert_cmpstr (s, ==, cases[i].string);
    back = parse_ok (s);
    g_assert_true (pki_x509_name_equal (back, name));
    assert_same_der (back, name);

    if (cases[i].oneline) {
      g_autofree gchar *line = pki_x509_name_to_oneline (name);
      g_autoptr (PkiX509Name) from_line = parse_ok (line);
      g_assert_true (pki_x509_name_equal (from_line, name));
      assert_same_der (from_line, name);
    }
  }
}

/* --- DER --------------------------------------------------------------------- */

static void
test_load_der (void)
{
  static const char good[] = "300d310b3009060355040613025553";
  static const struct {
    const char *what, *hex;
  } bad[] = {
    { "garbage", "68656c6c6f" },
    { "truncated", "300d310b30090603550406130255" },
    { "trailing byte", "300d310b3009060355040613025553ff" },
    { "trailing zero", "300d310b300906035504061302555300" },
    { "empty", "" },
    { "not a Name", "3003020101" },
    { "length past the end", "307f310b3009060355040613025553" },
    { "a lone tag", "30" },
  };
  g_autoptr (GBytes) good_bytes = bytes_from_hex (good);
  g_autoptr (GError) error = NULL;
  g_autoptr (PkiX509Name) name =
    pki_x509_name_load_der (PKI_BYTES_ARGS (good_bytes), &error);

  g_assert_no_error (error);
  ASSERT_COMPONENTS (name, "C", "US");
  assert_name_der (name, good);
  pki_assert_queue_empty ();

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++) {
    g_autoptr (GBytes) bytes = bytes_from_hex (bad[i].hex);
    g_autoptr (PkiX509Name) loaded = NULL;

    g_test_message ("load_der: %s", bad[i].what);
    loaded = pki_x509_name_load_der (PKI_BYTES_ARGS (bytes), &error);
    g_assert_error (error, PKI_ERROR, PKI_ERROR_BAD_INPUT);
    g_assert_null (loaded);
    pki_assert_queue_empty ();
    g_clear_error (&error);
  }

  /* A certificate's subject DER loads back to an equal name. */
  {
    g_autoptr (PkiX509) root = vector_cert ("root_cert.pem");
    g_autoptr (PkiX509Name) subject = NULL, copy = NULL;
    g_autoptr (GBytes) der = NULL;

    if (root == NULL)
      return;
    subject = pki_x509_get_subject (root);
    der = name_der (subject);
    copy = pki_x509_name_load_der (PKI_BYTES_ARGS (der), &error);
    g_assert_no_error (error);
    g_assert_true (pki_x509_name_equal (copy, subject));
    assert_same_der (copy, subject);
  }
}

/* --- the openssl CLI --------------------------------------------------------- */

/* Subject and issuer strings and hashes agree with `openssl x509` for every
 * vector certificate. */
static void
test_cli_vectors (void)
{
  static const char *const files[] = {
    "root_cert.pem",        "old_root_cert.pem",    "intermediate_cert.pem",
    "intermediate_server_cert.pem", "server_cert.pem", "client_cert.pem",
    "ec_root_cert_p384.pem", "nulbyte_san_cert.pem", "bogus_sigalg_cert.pem",
  };
  static const struct {
    const char *file;
    guint32 hash;
  } hashes[] = {
    { "root_cert.pem", 0xc3705638 },         { "intermediate_cert.pem", 0x61b63dd0 },
    { "server_cert.pem", 0xae84b5fd },       { "intermediate_server_cert.pem", 0x83ee4856 },
    { "client_cert.pem", 0xdc22465b },       { "ec_root_cert_p384.pem", 0xee419138 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (files); i++) {
    g_autofree gchar *path = vector_path (files[i]);
    g_autoptr (PkiX509) cert = NULL;
    g_autoptr (PkiX509Name) subject = NULL, issuer = NULL;
    g_autofree gchar *cli = NULL, *expected = NULL;
    g_autofree gchar *want_subject = NULL, *want_issuer = NULL;
    g_autofree gchar *h1 = NULL, *h2 = NULL, *h3 = NULL, *h4 = NULL;

    if (path == NULL)
      return;
    g_test_message ("%s", files[i]);
    cert = vector_cert (files[i]);
    subject = pki_x509_get_subject (cert);
    issuer = pki_x509_get_issuer (cert);

    cli = CLI_RUN ("x509", "-in", path, "-noout", "-nameopt", "RFC2253,-esc_msb", "-subject",
                   "-issuer", "-subject_hash", "-issuer_hash", "-subject_hash_old",
                   "-issuer_hash_old");
    want_subject = cli_name_line ("subject", subject);
    want_issuer = cli_name_line ("issuer", issuer);
    h1 = hash_line (pki_x509_name_hash (subject));
    h2 = hash_line (pki_x509_name_hash (issuer));
    h3 = hash_line (pki_x509_name_hash_old (subject));
    h4 = hash_line (pki_x509_name_hash_old (issuer));
    expected = g_strconcat (want_subject, want_issuer, h1, h2, h3, h4, NULL);
    g_assert_cmpstr (cli, ==, expected);
  }

  for (gsize i = 0; i < G_N_ELEMENTS (hashes); i++) {
    g_autoptr (PkiX509) cert = vector_cert (hashes[i].file);
    g_autoptr (PkiX509Name) subject = pki_x509_get_subject (cert);
    g_assert_cmphex (pki_x509_name_hash (subject), ==, hashes[i].hash);
    g_assert_cmphex (pki_x509_subject_name_hash (cert), ==, hashes[i].hash);
  }
}

/* UTF-8 names: UTF8String in the DER, kept as UTF-8 in the string forms, and
 * the CLI reads a certificate carrying one as we do. */
static void
test_utf8 (void)
{
  static const char der[] = "30373110300e06035504070c075ac3bc72696368310f300d060355040a0c06e69db1"
                            "e4baac3112301006035504030c09e697a5e69cace8aa9e";
  static const char rfc[] =
    "CN=\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e,O=\xe6\x9d\xb1\xe4\xba\xac,L=Z\xc3\xbcrich";
  g_autoptr (PkiX509Name) name = pki_x509_name_new ();
  g_autoptr (PkiX509Name) parsed = parse_ok (rfc);
  g_autoptr (PkiX509Name) escaped = parse_ok ("CN=\\E6\\97\\A5\\E6\\9C\\AC\\E8\\AA\\9E,"
                                              "O=\\E6\\9D\\B1\\E4\\BA\\AC,L=Z\\C3\\BCrich");
  g_autoptr (PkiPKey) key = make_key ();
  g_autoptr (PkiX509) cert = NULL, reloaded = NULL;
  g_autoptr (PkiX509Name) reloaded_subject = NULL;
  g_autoptr (NameTmpdir) dir = pki_test_tmpdir ();
  g_autoptr (GError) error = NULL;
  g_autofree gchar *path = NULL, *cli = NULL, *expected = NULL, *asn1 = NULL;
  g_autoptr (GBytes) pem = NULL;
  const char *p;
  guint utf8_count = 0;

  set_ok (name, "L", "Z\xc3\xbcrich", -1);
  set_ok (name, "O", "\xe6\x9d\xb1\xe4\xba\xac", -1);
  set_ok (name, "CN", "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", -1);
  assert_name_der (name, der);
  assert_entry (name, "L", "Z\xc3\xbcrich");
  assert_entry (name, "CN", "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e");
  assert_name_string (name, rfc);
  g_assert_true (pki_x509_name_equal (parsed, name));
  assert_name_der (parsed, der);
  g_assert_true (pki_x509_name_equal (escaped, name));
  assert_name_der (escaped, der);

  cert = make_cert (name, key);
  path = write_cert (dir, cert);
  cli = CLI_RUN ("x509", "-in", path, "-noout", "-nameopt", "RFC2253,-esc_msb", "-subject",
                 "-subject_hash");
  expected = g_strdup_printf ("subject=%s\n%08x\n", rfc, pki_x509_name_hash (name));
  g_assert_cmpstr (cli, ==, expected);

  /* The CLI sees three UTF8STRINGs. */
  asn1 = CLI_RUN ("asn1parse", "-in", path);
  for (p = asn1; (p = strstr (p, "UTF8STRING")) != NULL; p++)
    utf8_count++;
  g_assert_cmpuint (utf8_count, ==, 6); /* subject and issuer */

  pem = pki_test_read_file (path);
  reloaded = pki_x509_load (PKI_FILETYPE_PEM, PKI_BYTES_ARGS (pem), &error);
  g_assert_no_error (error);
  reloaded_subject = pki_x509_get_subject (reloaded);
  g_assert_true (pki_x509_name_equal (reloaded_subject, name));
  assert_name_der (reloaded_subject, der);
  assert_name_string (reloaded_subject, rfc);
}

/* Names made here (specials, NUL, multi-valued) read the same through the
 * CLI once they are in a certificate. */
static void
test_cli_made_names (void)
{
  static const char *const texts[] = {
    "CN=a\\,b\\+c\\\"d\\\\e\\<f\\>g\\;h=i",
    "O=trail\\ ,CN=\\ #lead",
    "CN=a\\00b,O=Org",
    "CN=x+UID=y,O=Org",
    "DC=com,serialNumber=123,emailAddress=bar,C=US",
  };
  g_autoptr (PkiPKey) key = make_key ();

  for (gsize i = 0; i < G_N_ELEMENTS (texts); i++) {
    g_autoptr (PkiX509Name) name = parse_ok (texts[i]);
    g_autoptr (PkiX509) cert = make_cert (name, key);
    g_autoptr (PkiX509Name) subject = pki_x509_get_subject (cert);
    g_autoptr (NameTmpdir) dir = pki_test_tmpdir ();
    g_autofree gchar *path = write_cert (dir, cert);
    g_autofree gchar *cli = NULL, *expected = NULL, *s = NULL;

    g_test_message ("%s", texts[i]);
    s = name_string (subject);
    cli = CLI_RUN ("x509", "-in", path, "-noout", "-nameopt", "RFC2253", "-subject",
                   "-subject_hash", "-subject_hash_old");
    expected = g_strdup_printf ("subject=%s\n%08x\n%08x\n", s, pki_x509_name_hash (name),
                                pki_x509_name_hash_old (name));
    g_assert_cmpstr (cli, ==, expected);
  }
}

/* --- live views ------------------------------------------------------------- */

static void
test_view (void)
{
  g_autoptr (PkiPKey) key = make_key ();
  PkiX509 *cert = pki_x509_new ();
  g_autoptr (PkiX509Name) subject = pki_x509_get_subject (cert);
  g_autoptr (PkiX509Name) issuer = pki_x509_get_issuer (cert);
  g_autoptr (PkiX509Name) again = NULL, copy = NULL, other = NULL, after_set = NULL;
  g_autoptr (NameTmpdir) dir = pki_test_tmpdir ();
  g_autoptr (GError) error = NULL;

  g_assert_cmpuint (pki_x509_name_get_entry_count (subject), ==, 0);

  /* set_entry through the view changes the certificate. */
  set_ok (subject, "CN", "first", -1);
  set_ok (issuer, "CN", "issuer", -1);
  again = pki_x509_get_subject (cert);
  assert_entry (again, "CN", "first");
  assert_same_der (again, subject);
  g_assert_cmphex (pki_x509_subject_name_hash (cert), ==, pki_x509_name_hash (subject));

  /* ... and shows in the signed, dumped certificate. */
  g_assert_true (pki_x509_set_pubkey (cert, key, &error));
  g_assert_no_error (error);
  g_assert_true (pki_x509_gmtime_adj_not_before (cert, 0, &error));
  g_assert_true (pki_x509_gmtime_adj_not_after (cert, 60, &error));
  g_assert_no_error (error);
  sign_ok (cert, key);
  {
    g_autofree gchar *path = write_cert (dir, cert);
    g_autofree gchar *cli = CLI_RUN ("x509", "-in", path, "-noout", "-nameopt", "RFC2253",
                                     "-subject", "-issuer");
    g_assert_cmpstr (cli, ==, "subject=CN=first\nissuer=CN=issuer\n");
  }
  /* A change after signing shows after signing again. */
  add_ok (subject, "O", "Org", -1);
  g_assert_cmphex (pki_x509_subject_name_hash (cert), ==, pki_x509_name_hash (subject));
  sign_ok (cert, key);
  g_assert_true (pki_x509_verify_signature (cert, key, &error));
  g_assert_no_error (error);
  {
    g_autofree gchar *path = write_cert (dir, cert);
    g_autofree gchar *cli = CLI_RUN ("x509", "-in", path, "-noout", "-nameopt", "RFC2253",
                                     "-subject", "-subject_hash");
    g_autofree gchar *expected =
      g_strdup_printf ("subject=O=Org,CN=first\n%08x\n", pki_x509_name_hash (subject));
    g_assert_cmpstr (cli, ==, expected);
  }
  assert_entry (again, "O", "Org");

  /* A copy of a view is standalone. */
  copy = pki_x509_name_copy (subject);
  set_ok (copy, "CN", "copy", -1);
  assert_entry (subject, "CN", "first");
  set_ok (subject, "CN", "second", -1);
  assert_entry (copy, "CN", "copy");
  assert_entry (again, "CN", "second");

  /* set_subject copies the given name; old views show the new subject. */
  other = parse_ok ("CN=other");
  g_assert_true (pki_x509_set_subject (cert, other, &error));
  g_assert_no_error (error);
  assert_name_string (subject, "CN=other");
  assert_name_string (again, "CN=other");
  set_ok (other, "CN", "not the cert", -1);
  assert_name_string (subject, "CN=other");
  after_set = pki_x509_get_subject (cert);
  assert_name_string (after_set, "CN=other");
  g_assert_cmphex (pki_x509_subject_name_hash (cert), ==, pki_x509_name_hash (subject));
  /* The issuer view was not touched. */
  assert_name_string (issuer, "CN=issuer");

  /* The views keep the certificate alive. */
  pki_x509_unref (cert);
  cert = NULL;
  assert_name_string (subject, "CN=other");
  set_ok (subject, "CN", "changed", -1);
  assert_name_string (again, "CN=changed");
  assert_name_string (after_set, "CN=changed");
  assert_name_string (issuer, "CN=issuer");
  pki_assert_queue_empty ();
}

/* Views of a loaded certificate; a failing set through a view leaves the
 * certificate unchanged. */
static void
test_view_loaded (void)
{
  g_autoptr (PkiX509) root = vector_cert ("root_cert.pem");
  g_autoptr (PkiX509Name) subject = NULL, again = NULL, standalone = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree gchar *big = g_strnfill (512, 'x');

  if (root == NULL)
    return;
  subject = pki_x509_get_subject (root);
  standalone = pki_x509_name_copy (subject);

  g_assert_false (pki_x509_name_set_entry (subject, "O", big, -1, &error));
  g_assert_error (error, PKI_ERROR, PKI_ERROR_BAD_INPUT);
  pki_assert_queue_empty ();
  g_clear_error (&error);
  again = pki_x509_get_subject (root);
  g_assert_true (pki_x509_name_equal (again, standalone));
  g_assert_cmphex (pki_x509_subject_name_hash (root), ==, 0xc3705638);

  set_ok (subject, "CN", "Changed Root", -1);
  assert_entry (again, "CN", "Changed Root");
  ASSERT_COMPONENTS (again, "C", "US", "ST", "IL", "L", "Chicago", "O", "Testing", "CN",
                     "Changed Root");
  g_assert_cmphex (pki_x509_subject_name_hash (root), !=, 0xc3705638);
  g_assert_cmphex (pki_x509_subject_name_hash (root), ==, pki_x509_name_hash (again));
  /* The issuer is a separate name. */
  {
    g_autoptr (PkiX509Name) issuer = pki_x509_get_issuer (root);
    g_assert_true (pki_x509_name_equal (issuer, standalone));
  }
}

/* --- programmer errors --------------------------------------------------------- */

static guint criticals;

static gboolean
count_criticals (G_GNUC_UNUSED const gchar *domain, GLogLevelFlags level, const gchar *message,
                 G_GNUC_UNUSED gpointer data)
{
  if ((level & G_LOG_LEVEL_CRITICAL) && strstr (message, "assertion") != NULL) {
    criticals++;
    return FALSE; /* not fatal */
  }
  return TRUE;
}

/* NULL objects are g_return_val_if_fail criticals, not GErrors or crashes. */
static void
test_null_objects (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PkiX509Name) name = pki_x509_name_new ();

  criticals = 0;
  g_test_log_set_fatal_handler (count_criticals, NULL);
  g_assert_null (pki_x509_name_get_entry (NULL, "CN", NULL, &error));
  g_assert_false (pki_x509_name_set_entry (NULL, "CN", "x", -1, &error));
  g_assert_false (pki_x509_name_add_entry (NULL, "CN", "x", -1, &error));
  g_assert_cmpuint (pki_x509_name_get_entry_count (NULL), ==, 0);
  g_assert_null (pki_x509_name_to_string (NULL));
  g_assert_null (pki_x509_name_copy (NULL));
  g_assert_null (pki_x509_name_get_der (NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (criticals, ==, 7);
  g_test_log_set_fatal_handler (NULL, NULL);
  g_assert_cmpuint (pki_x509_name_get_entry_count (name), ==, 0);
  pki_assert_queue_empty ();
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/x509-name/new-empty", test_new_empty);
  g_test_add_func ("/x509-name/ref-boxed", test_ref_boxed);
  g_test_add_func ("/x509-name/copy", test_copy);
  g_test_add_func ("/x509-name/pyopenssl/der", test_pyopenssl_der);
  g_test_add_func ("/x509-name/pyopenssl/set-order", test_pyopenssl_set_order);
  g_test_add_func ("/x509-name/pyopenssl/aliases", test_pyopenssl_aliases);
  g_test_add_func ("/x509-name/pyopenssl/bad-values", test_pyopenssl_bad_values);
  g_test_add_func ("/x509-name/pyopenssl/compare", test_pyopenssl_compare);
  g_test_add_func ("/x509-name/pyopenssl/hash", test_pyopenssl_hash);
  g_test_add_func ("/x509-name/pyopenssl/components", test_pyopenssl_components);
  g_test_add_func ("/x509-name/pyopenssl/set-subject", test_pyopenssl_set_subject);
  g_test_add_func ("/x509-name/pyopenssl/nul-value", test_pyopenssl_nul_value);
  g_test_add_func ("/x509-name/pyopenssl/nulbyte-cert", test_pyopenssl_nulbyte_cert);
  g_test_add_func ("/x509-name/pyopenssl/oneline", test_pyopenssl_oneline);
  g_test_add_func ("/x509-name/string-types", test_string_types);
  g_test_add_func ("/x509-name/entries", test_entries);
  g_test_add_func ("/x509-name/unknown-attribute", test_unknown_attribute);
  g_test_add_func ("/x509-name/parse", test_parse);
  g_test_add_func ("/x509-name/parse/multi-valued", test_parse_multi_valued);
  g_test_add_func ("/x509-name/parse/bad", test_parse_bad);
  g_test_add_func ("/x509-name/round-trip", test_round_trip);
  g_test_add_func ("/x509-name/load-der", test_load_der);
  g_test_add_func ("/x509-name/cli/vectors", test_cli_vectors);
  g_test_add_func ("/x509-name/cli/made-names", test_cli_made_names);
  g_test_add_func ("/x509-name/utf8", test_utf8);
  g_test_add_func ("/x509-name/view", test_view);
  g_test_add_func ("/x509-name/view/loaded", test_view_loaded);
  g_test_add_func ("/x509-name/null-objects", test_null_objects);

  return g_test_run ();
}
