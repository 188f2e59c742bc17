/* PkiX509 over the external certificate corpus (../shared/corpus): CPython's
 * test certificates, OpenSSL's and BoringSSL's test data, the frankencert
 * seeds and the BetterTLS chains.  Every certificate file is loaded (PEM or
 * DER by sniffing, and PEM files also as a bundle); loading never crashes,
 * and whatever loads dumps to the DER OpenSSL itself re-encodes the same input
 * to (computed with the CLI in one batch per group).  Every getter is then
 * exercised on each certificate: any failure must be a clean PKI_ERROR with
 * OpenSSL's error queue empty.
 *
 * PKI_TEST_CORPUS_LIMIT=N caps every group at N files (0: no cap); without it
 * the frankencert seeds are capped at 300 and the BetterTLS files at 200, the
 * rest are taken whole; under valgrind (detected by its preload library in
 * LD_PRELOAD) every group is capped at 50 unless PKI_TEST_CORPUS_LIMIT says.
 * SPDX-License-Identifier: MIT
 */
#include "pki-test.h"

typedef gchar CorpusTmpdir;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CorpusTmpdir, pki_test_tmpdir_free)

#define PROBLEMS_SHOWN 60

/* One input file. */
typedef struct {
  gchar *label;  /* path below the corpus, for messages */
  gchar *path;   /* the file */
  gboolean pem;  /* holds "-----BEGIN" */
  GBytes *data;
} Item;

static void
item_free (gpointer p)
{
  Item *item = p;
  if (item == NULL)
    return;
  g_free (item->label);
  g_free (item->path);
  g_bytes_unref (item->data);
  g_free (item);
}

/* What one group's run found. */
typedef struct {
  const char *group;
  guint files, loaded, rejected;
  guint bundles, bundle_certs, bundles_rejected;
  guint clean_errors;  /* getters that failed cleanly */
  GHashTable *by_kind; /* "what: code" -> count of clean errors */
  guint der_compared;
  GPtrArray *problems; /* failures */
  GPtrArray *notes;    /* differences that are not failures, listed */
} Run;

static void G_GNUC_PRINTF (3, 4)
problem (Run *run, const char *label, const char *fmt, ...)
{
  va_list ap;
  g_autofree gchar *msg = NULL;

  va_start (ap, fmt);
  msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  g_ptr_array_add (run->problems, g_strdup_printf ("%s: %s", label, msg));
}

/* OpenSSL's error queue must be empty after every libpki call. */
static void
check_queue (Run *run, const char *label, const char *what)
{
  unsigned long e = ERR_peek_error ();
  if (e != 0) {
    char buf[256];
    ERR_error_string_n (e, buf, sizeof buf);
    ERR_clear_error ();
    problem (run, label, "%s left an OpenSSL error queued: %s", what, buf);
  }
}

/* A failed call must give a PKI_ERROR with a message (any code unless
 * @code >= 0).  Consumes @error. */
static void
check_error (Run *run, const char *label, const char *what, GError *error, gint code)
{
  check_queue (run, label, what);
  if (error == NULL)
    return;
  if (error->domain == PKI_ERROR && (code < 0 || error->code == code) && error->message != NULL &&
      error->message[0] != '\0') {
    static const char *const codes[] = { "FAILED",    "BAD_INPUT",   "PASSPHRASE",
                                         "UNSUPPORTED", "SIGNATURE", "IO",
                                         "INVALID_KEY", "KEY_TYPE" };
    gchar *kind = g_strdup_printf ("%s %s", what,
                                   (guint) error->code < G_N_ELEMENTS (codes) ? codes[error->code]
                                                                              : "?");
    guint n = GPOINTER_TO_UINT (g_hash_table_lookup (run->by_kind, kind));
    g_hash_table_replace (run->by_kind, kind, GUINT_TO_POINTER (n + 1));
    run->clean_errors++;
  } else if (error->domain != PKI_ERROR)
    problem (run, label, "%s: error outside PKI_ERROR: %s", what, error->message);
  else if (code >= 0 && error->code != code)
    problem (run, label, "%s: error code %d, expected %d: %s", what, error->code, code,
             error->message);
  else if (error->message == NULL || error->message[0] == '\0')
    problem (run, label, "%s: error without a message", what);
  g_error_free (error);
}

static gboolean
has_cert_block (GBytes *b)
{
  return bytes_contains (b, "-----BEGIN CERTIFICATE-----") ||
         bytes_contains (b, "-----BEGIN TRUSTED CERTIFICATE-----") ||
         bytes_contains (b, "-----BEGIN X509 CERTIFICATE-----");
}

/* --- collecting files ------------------------------------------------------- */

static gint
compare_paths (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* Every regular file below @dir, sorted. */
static void
walk (const char *dir, GPtrArray *paths)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL) {
    gchar *path = g_build_filename (dir, name, NULL);
    if (g_file_test (path, G_FILE_TEST_IS_DIR)) {
      walk (path, paths);
      g_free (path);
    } else if (g_file_test (path, G_FILE_TEST_IS_REGULAR)) {
      g_ptr_array_add (paths, path);
    } else {
      g_free (path);
    }
  }
}

static gboolean
is_der_name (const char *path)
{
  return g_str_has_suffix (path, ".der") || g_str_has_suffix (path, ".crt") ||
         g_str_has_suffix (path, ".cer");
}

/* Adds the certificate files below @dir (labelled relative to @base): PEM
 * files with a certificate block, and binary files named *.der/.crt/.cer.
 * At most @limit (0: all), spread evenly over the sorted list so a capped
 * run still sees every corner of the tree. */
static void
collect (GPtrArray *items, const char *base, const char *dir, guint limit)
{
  g_autoptr (GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) found = g_ptr_array_new_with_free_func (item_free);
  guint n;

  walk (dir, paths);
  g_ptr_array_sort (paths, compare_paths);
  for (guint i = 0; i < paths->len; i++) {
    const char *path = g_ptr_array_index (paths, i);
    g_autoptr (GBytes) data = pki_test_read_file (path);
    gboolean pem = bytes_contains (data, "-----BEGIN");
    Item *item;

    if (pem ? !has_cert_block (data) : !is_der_name (path))
      continue;
    item = g_new0 (Item, 1);
    item->path = g_strdup (path);
    item->label = g_strdup (g_str_has_prefix (path, base) ? path + strlen (base) + 1 : path);
    item->pem = pem;
    item->data = g_steal_pointer (&data);
    g_ptr_array_add (found, item);
  }
  n = found->len;
  if (limit == 0 || limit > n)
    limit = n;
  for (guint k = 0; k < limit; k++) {
    guint i = (guint) ((guint64) k * n / limit);
    g_ptr_array_add (items, found->pdata[i]);
    found->pdata[i] = NULL; /* taken; item_free skips it */
  }
}

/* Under valgrind (its preload library is in LD_PRELOAD), unless told
 * otherwise: 50 files a group keeps the run near 15 s instead of 2 min. */
#define VALGRIND_LIMIT 50

static guint
group_limit (guint dflt)
{
  const char *env = g_getenv ("PKI_TEST_CORPUS_LIMIT");
  const char *preload = g_getenv ("LD_PRELOAD");
  if (env != NULL && *env != '\0')
    return (guint) g_ascii_strtoull (env, NULL, 10);
  if (preload != NULL && strstr (preload, "vgpreload") != NULL) {
    g_test_message ("under valgrind: at most %u files a group (PKI_TEST_CORPUS_LIMIT=0 for all)",
                    VALGRIND_LIMIT);
    return dflt == 0 ? VALGRIND_LIMIT : MIN (dflt, VALGRIND_LIMIT);
  }
  return dflt;
}

static void
run_command (const char *const *argv)
{
  g_autoptr (GError) error = NULL;
  g_autofree gchar *err = NULL;
  gint status = 0;

  if (!g_spawn_sync (NULL, (gchar **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                     NULL, NULL, NULL, &err, &status, &error))
    g_error ("cannot run %s: %s", argv[0], error->message);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("%s failed: %s\n%s", argv[0], error->message, err ? err : "");
}

/* --- OpenSSL's own re-encoding ------------------------------------------------ */

/* The DER of every certificate block in PEM text, in order. */
static GPtrArray *
pem_blocks (GBytes *pem)
{
  static const char begin[] = "-----BEGIN CERTIFICATE-----";
  static const char end[] = "-----END CERTIFICATE-----";
  GPtrArray *ders = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autofree gchar *text = g_strndup (g_bytes_get_data (pem, NULL), g_bytes_get_size (pem));
  const char *p = text;

  while ((p = strstr (p, begin)) != NULL) {
    const char *body = p + strlen (begin);
    const char *stop = strstr (body, end);
    g_autofree gchar *b64 = NULL;
    guchar *der;
    gsize len;

    g_assert_nonnull (stop);
    b64 = g_strndup (body, stop - body);
    der = g_base64_decode (b64, &len);
    g_ptr_array_add (ders, g_bytes_new_take (der, len));
    p = stop + strlen (end);
  }
  return ders;
}

/* A DER input wrapped as PEM, so the CLI batch can read every input alike. */
static gchar *
der_as_pem (GBytes *der)
{
  g_autofree gchar *b64 = g_base64_encode (g_bytes_get_data (der, NULL), g_bytes_get_size (der));
  GString *s = g_string_new ("-----BEGIN CERTIFICATE-----\n");
  gsize n = strlen (b64);

  for (gsize i = 0; i < n; i += 64) {
    g_string_append_len (s, b64 + i, MIN (64, n - i));
    g_string_append_c (s, '\n');
  }
  g_string_append (s, "-----END CERTIFICATE-----\n");
  return g_string_free (s, FALSE);
}

/* OpenSSL's verdicts on every item, computed in one shell run:
 * `openssl crl2pkcs7 -nocrl -certfile F | openssl pkcs7 -print_certs` gives
 * every certificate OpenSSL reads from F, re-encoded by i2d (DIR/N.b.pem);
 * when that fails (a damaged block anywhere), `openssl x509` gives the first
 * one alone (DIR/N.x.der). */
static void
reference_batch (GPtrArray *items, const char *dir)
{
  static const char script[] =
    "out=$1\n"
    "while IFS='\t' read -r i f; do\n"
    "  if openssl crl2pkcs7 -nocrl -certfile \"$f\" 2>/dev/null |\n"
    "     openssl pkcs7 -print_certs -out \"$out/$i.b.pem\" 2>/dev/null; then :; else\n"
    "    rm -f \"$out/$i.b.pem\"\n"
    "    openssl x509 -inform PEM -in \"$f\" -outform DER -out \"$out/$i.x.der\" 2>/dev/null ||\n"
    "      rm -f \"$out/$i.x.der\"\n"
    "  fi\n"
    "done < \"$out/list\"\n";
  g_autoptr (GString) list = g_string_new (NULL);
  g_autofree gchar *list_path = g_build_filename (dir, "list", NULL);
  g_autofree gchar *script_path = g_build_filename (dir, "ref.sh", NULL);
  g_autoptr (GError) error = NULL;

  for (guint i = 0; i < items->len; i++) {
    Item *item = g_ptr_array_index (items, i);
    if (item->pem) {
      g_string_append_printf (list, "%u\t%s\n", i, item->path);
    } else {
      g_autofree gchar *pem = der_as_pem (item->data);
      g_autofree gchar *name = g_strdup_printf ("%u.in.pem", i);
      g_autofree gchar *path = g_build_filename (dir, name, NULL);
      g_file_set_contents (path, pem, -1, &error);
      g_assert_no_error (error);
      g_string_append_printf (list, "%u\t%s\n", i, path);
    }
  }
  g_file_set_contents (list_path, list->str, list->len, &error);
  g_assert_no_error (error);
  g_file_set_contents (script_path, script, -1, &error);
  g_assert_no_error (error);
  run_command ((const char *const[]){ "sh", script_path, dir, NULL });
}

/* The reference for item @i: every certificate (NULL when OpenSSL rejected
 * the file as a whole) and the first one (NULL when rejected).  *@lenient
 * tells that only `openssl x509` read it: its OSSL_STORE loader skips damaged
 * blocks before the certificate, which PEM_read_bio_X509 (and so pyOpenSSL)
 * does not. */
static void
reference_for (const char *dir, guint i, GPtrArray **all, GBytes **first, gboolean *lenient)
{
  g_autofree gchar *b = g_strdup_printf ("%s/%u.b.pem", dir, i);
  g_autofree gchar *x = g_strdup_printf ("%s/%u.x.der", dir, i);

  *all = NULL;
  *first = NULL;
  *lenient = FALSE;
  if (g_file_test (b, G_FILE_TEST_EXISTS)) {
    g_autoptr (GBytes) pem = pki_test_read_file (b);
    *all = pem_blocks (pem);
    if ((*all)->len > 0)
      *first = g_bytes_ref (g_ptr_array_index (*all, 0));
  } else if (g_file_test (x, G_FILE_TEST_EXISTS)) {
    *first = pki_test_read_file (x);
    *lenient = TRUE;
  }
}

/* --- the getters ---------------------------------------------------------------- */

/* "AB:CD:..." of a SHA-256 over @der, computed without libpki. */
static gchar *
sha256_colon (GBytes *der)
{
  g_autoptr (GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  const gchar *hex;
  GString *s = g_string_new (NULL);

  g_checksum_update (sum, g_bytes_get_data (der, NULL), g_bytes_get_size (der));
  hex = g_checksum_get_string (sum);
  for (gsize i = 0; hex[i] != '\0'; i += 2) {
    if (i)
      g_string_append_c (s, ':');
    g_string_append_c (s, g_ascii_toupper (hex[i]));
    g_string_append_c (s, g_ascii_toupper (hex[i + 1]));
  }
  return g_string_free (s, FALSE);
}

static void
exercise_name (Run *run, const char *label, PkiX509Name *name, const char *which)
{
  g_autofree gchar *rfc = pki_x509_name_to_string (name);
  g_autofree gchar *oneline = pki_x509_name_to_oneline (name);
  guint n = pki_x509_name_get_entry_count (name);
  GError *error = NULL;

  check_queue (run, label, which);
  if (rfc == NULL || oneline == NULL)
    problem (run, label, "%s: to_string/to_oneline gave NULL", which);
  for (guint i = 0; i < n; i++) {
    g_autofree gchar *field = pki_x509_name_get_entry_field (name, i);
    g_autofree gchar *oid = pki_x509_name_get_entry_oid (name, i);
    g_autofree gchar *value = NULL;
    gsize len = 0;

    if (field == NULL || oid == NULL)
      problem (run, label, "%s entry %u: no field or OID", which, i);
    value = pki_x509_name_get_entry_value (name, i, &len, &error);
    if (value == NULL && error == NULL)
      problem (run, label, "%s entry %u: NULL value without an error", which, i);
    check_error (run, label, "get_entry_value", g_steal_pointer (&error), -1);
  }
  {
    g_autofree gchar *field = pki_x509_name_get_entry_field (name, n);
    if (field != NULL)
      problem (run, label, "%s: an entry field past the end", which);
  }
  {
    g_autoptr (GPtrArray) comps = pki_x509_name_get_components (name, &error);
    if (comps == NULL && error == NULL)
      problem (run, label, "%s: get_components NULL without an error", which);
    else if (comps != NULL && comps->len != n)
      problem (run, label, "%s: %u components for %u entries", which, comps->len, n);
    check_error (run, label, "get_components", g_steal_pointer (&error), PKI_ERROR_BAD_INPUT);
  }
  {
    g_autoptr (GBytes) der = pki_x509_name_get_der (name, &error);
    if (der == NULL && error == NULL)
      problem (run, label, "%s: get_der NULL without an error", which);
    check_error (run, label, "name get_der", g_steal_pointer (&error), -1);
  }
  (void) pki_x509_name_hash (name);
  (void) pki_x509_name_hash_old (name);
  check_queue (run, label, "name hash");
}

/* The string getter agrees with the GDateTime getter. */
static void
exercise_time (Run *run, const char *label, GDateTime *dt, const char *str, const char *which)
{
  check_queue (run, label, which);
  if ((dt == NULL) != (str == NULL)) {
    problem (run, label, "%s: GDateTime %s but string %s", which, dt ? "set" : "NULL",
             str ? str : "NULL");
    return;
  }
  if (dt == NULL)
    return;
  if (g_date_time_get_utc_offset (dt) != 0)
    problem (run, label, "%s: GDateTime not in UTC", which);
  if (g_date_time_get_year (dt) >= 1000) {
    g_autofree gchar *f = g_date_time_format (dt, "%Y%m%d%H%M%SZ");
    if (g_strcmp0 (f, str) != 0)
      problem (run, label, "%s: string %s, GDateTime %s", which, str, f);
  }
}

static void
exercise_extension (Run *run, const char *label, PkiX509 *cert, PkiX509Extension *ext)
{
  g_autofree gchar *sn = pki_x509_extension_get_short_name (ext);
  g_autofree gchar *oid = pki_x509_extension_get_oid (ext);
  g_autoptr (GBytes) data = pki_x509_extension_get_data (ext);
  g_autofree gchar *text = NULL;
  gsize len = 0;
  GError *error = NULL;

  (void) pki_x509_extension_get_critical (ext);
  check_queue (run, label, "extension getters");
  if (sn == NULL || oid == NULL || data == NULL) {
    problem (run, label, "extension without short name, OID or data");
    return;
  }
  text = pki_x509_extension_to_string (ext, &len);
  check_queue (run, label, "extension to_string");
  if (text == NULL)
    problem (run, label, "extension %s: to_string gave NULL", sn);

  /* The first extension of its type is found by its name. */
  {
    g_autoptr (PkiX509Extension) found = pki_x509_get_extension_by_oid (cert, oid, &error);
    if (found == NULL)
      problem (run, label, "extension %s not found by its OID %s", sn, oid);
    check_error (run, label, "get_extension_by_oid", g_steal_pointer (&error), -1);
  }

  /* The typed getters: a value or a clean BAD_INPUT. */
  if (strcmp (sn, "subjectAltName") == 0 || strcmp (sn, "issuerAltName") == 0) {
    g_autoptr (GPtrArray) names = pki_x509_extension_get_general_names (ext, &error);
    for (guint i = 0; names != NULL && i < names->len; i++) {
      PkiGeneralName *gn = g_ptr_array_index (names, i);
      gsize vlen = 0;
      (void) pki_general_name_get_kind (gn);
      if (pki_general_name_get_value (gn, &vlen) == NULL)
        problem (run, label, "general name %u without a value", i);
    }
    check_error (run, label, "get_general_names", g_steal_pointer (&error), PKI_ERROR_BAD_INPUT);
  } else if (strcmp (sn, "basicConstraints") == 0) {
    gboolean ca = FALSE;
    gint path_length = 0;
    pki_x509_extension_get_basic_constraints (ext, &ca, &path_length, &error);
    check_error (run, label, "get_basic_constraints", g_steal_pointer (&error),
                 PKI_ERROR_BAD_INPUT);
  } else if (strcmp (sn, "keyUsage") == 0) {
    PkiKeyUsage usage = 0;
    pki_x509_extension_get_key_usage (ext, &usage, &error);
    check_error (run, label, "get_key_usage", g_steal_pointer (&error), PKI_ERROR_BAD_INPUT);
  } else if (strcmp (sn, "extendedKeyUsage") == 0) {
    g_auto (GStrv) eku = pki_x509_extension_get_extended_key_usage (ext, &error);
    if (eku == NULL && error == NULL)
      problem (run, label, "get_extended_key_usage NULL without an error");
    check_error (run, label, "get_extended_key_usage", g_steal_pointer (&error),
                 PKI_ERROR_BAD_INPUT);
  } else if (strcmp (sn, "subjectKeyIdentifier") == 0 ||
             strcmp (sn, "authorityKeyIdentifier") == 0) {
    g_autoptr (GBytes) id = pki_x509_extension_get_key_identifier (ext, &error);
    if (id == NULL && error == NULL)
      problem (run, label, "get_key_identifier NULL without an error");
    check_error (run, label, "get_key_identifier", g_steal_pointer (&error), PKI_ERROR_BAD_INPUT);
  }
}

/* Every getter on a loaded certificate whose DER is @der. */
static void
exercise (Run *run, const char *label, PkiX509 *cert, GBytes *der)
{
  GError *error = NULL;

  (void) pki_x509_get_version (cert);
  {
    g_autofree gchar *serial = pki_x509_get_serial (cert);
    check_queue (run, label, "get_serial");
    if (serial == NULL || serial[0] == '\0')
      problem (run, label, "no serial");
    else
      for (const char *p = serial + (serial[0] == '-'); *p; p++)
        if (!g_ascii_isdigit (*p) && !(*p >= 'A' && *p <= 'F')) {
          problem (run, label, "serial \"%s\" is not upper-case hex", serial);
          break;
        }
  }
  {
    g_autoptr (PkiX509Name) subject = pki_x509_get_subject (cert);
    g_autoptr (PkiX509Name) issuer = pki_x509_get_issuer (cert);
    exercise_name (run, label, subject, "subject");
    exercise_name (run, label, issuer, "issuer");
  }
  {
    g_autoptr (GDateTime) nb = pki_x509_get_not_before (cert);
    g_autoptr (GDateTime) na = pki_x509_get_not_after (cert);
    g_autofree gchar *snb = pki_x509_get_not_before_string (cert);
    g_autofree gchar *sna = pki_x509_get_not_after_string (cert);
    exercise_time (run, label, nb, snb, "notBefore");
    exercise_time (run, label, na, sna, "notAfter");
    (void) pki_x509_has_expired (cert, &error);
    check_error (run, label, "has_expired", g_steal_pointer (&error), PKI_ERROR_BAD_INPUT);
  }
  {
    guint n = pki_x509_get_extension_count (cert);
    for (guint i = 0; i < n; i++) {
      g_autoptr (PkiX509Extension) ext = pki_x509_get_extension (cert, i, &error);
      if (ext == NULL)
        problem (run, label, "extension %u of %u does not read: %s", i, n,
                 error ? error->message : "(no error)");
      check_error (run, label, "get_extension", g_steal_pointer (&error), -1);
      if (ext != NULL)
        exercise_extension (run, label, cert, ext);
    }
    {
      g_autoptr (PkiX509Extension) past = pki_x509_get_extension (cert, n, &error);
      if (past != NULL || error == NULL)
        problem (run, label, "get_extension past the end did not fail");
      check_error (run, label, "get_extension past the end", g_steal_pointer (&error),
                   PKI_ERROR_BAD_INPUT);
    }
  }
  {
    g_autofree gchar *alg = pki_x509_get_signature_algorithm (cert, &error);
    if (alg == NULL && error == NULL)
      problem (run, label, "no signature algorithm and no error");
    check_error (run, label, "get_signature_algorithm", g_steal_pointer (&error),
                 PKI_ERROR_UNSUPPORTED);
  }
  {
    g_autofree gchar *digest = pki_x509_digest (cert, "sha256", &error);
    g_autofree gchar *expected = sha256_colon (der);
    if (g_strcmp0 (digest, expected) != 0)
      problem (run, label, "digest %s, SHA-256 of the DER is %s", digest ? digest : "(failed)",
               expected);
    check_error (run, label, "digest", g_steal_pointer (&error), -1);
  }
  (void) pki_x509_subject_name_hash (cert);
  check_queue (run, label, "subject_name_hash");
  {
    g_autoptr (PkiPKey) pub = pki_x509_get_pubkey (cert, &error);
    check_error (run, label, "get_pubkey", g_steal_pointer (&error), -1);
    if (pub != NULL) {
      if (pki_pkey_has_private (pub))
        problem (run, label, "get_pubkey gave a private key");
      pki_x509_verify_signature (cert, pub, &error);
      check_error (run, label, "verify_signature", g_steal_pointer (&error), -1);
    }
  }
  {
    g_autoptr (GBytes) pem = pki_x509_dump (cert, PKI_FILETYPE_PEM, &error);
    check_error (run, label, "dump PEM", g_steal_pointer (&error), -1);
    if (pem == NULL) {
      problem (run, label, "no PEM dump");
    } else {
      g_autofree gchar *text = g_strndup (g_bytes_get_data (pem, NULL), g_bytes_get_size (pem));
      g_autoptr (GBytes) back = pki_x509_pem_to_der (text, &error);
      check_error (run, label, "pem_to_der", g_steal_pointer (&error), -1);
      if (back == NULL || !g_bytes_equal (back, der))
        problem (run, label, "PEM dump does not convert back to the DER");
    }
  }
  {
    g_autoptr (GBytes) text = pki_x509_dump (cert, PKI_FILETYPE_TEXT, &error);
    if (text == NULL && error == NULL)
      problem (run, label, "TEXT dump NULL without an error");
    check_error (run, label, "dump TEXT", g_steal_pointer (&error), -1);
  }
  {
    g_autoptr (PkiX509) copy = pki_x509_copy (cert);
    g_autoptr (GBytes) copy_der = pki_x509_dump (copy, PKI_FILETYPE_ASN1, &error);
    check_error (run, label, "dump copy", g_steal_pointer (&error), -1);
    if (copy_der == NULL || !g_bytes_equal (copy_der, der))
      problem (run, label, "the copy dumps differently");
  }
  {
    g_autoptr (PkiX509) again = pki_x509_load (PKI_FILETYPE_ASN1, PKI_BYTES_ARGS (der), &error);
    check_error (run, label, "reloading the dump", g_steal_pointer (&error), -1);
    if (again == NULL) {
      problem (run, label, "the DER dump does not load back");
    } else {
      g_autoptr (GBytes) der2 = pki_x509_dump (again, PKI_FILETYPE_ASN1, &error);
      check_error (run, label, "dump of the reload", g_steal_pointer (&error), -1);
      if (der2 == NULL || !g_bytes_equal (der2, der))
        problem (run, label, "the reloaded DER dumps differently");
    }
  }
}

/* --- one item ------------------------------------------------------------------------ */

static gchar *
bytes_hex_head (GBytes *b)
{
  gsize len;
  const guint8 *p = g_bytes_get_data (b, &len);
  GString *s = g_string_new (NULL);
  for (gsize i = 0; i < MIN (len, 12); i++)
    g_string_append_printf (s, "%02x", p[i]);
  return g_string_free (s, FALSE);
}

static void
run_item (Run *run, Item *item, const char *refdir, guint index)
{
  g_autoptr (GPtrArray) ref_all = NULL;
  g_autoptr (GBytes) ref_first = NULL;
  g_autoptr (PkiX509) cert = NULL;
  GError *error = NULL;
  const char *label = item->label;
  gboolean lenient;

  reference_for (refdir, index, &ref_all, &ref_first, &lenient);
  run->files++;

  cert = pki_x509_load (item->pem ? PKI_FILETYPE_PEM : PKI_FILETYPE_ASN1,
                        PKI_BYTES_ARGS (item->data), &error);
  if (cert == NULL) {
    run->rejected++;
    if (error == NULL)
      problem (run, label, "load failed without an error");
    else if (ref_first != NULL && lenient)
      g_ptr_array_add (run->notes, g_strdup_printf ("%s: libpki rejects (%s) as "
                                                    "PEM_read_bio_X509 does; `openssl x509` "
                                                    "reads it", label, error->message));
    else if (ref_first != NULL)
      problem (run, label, "libpki rejects (%s), OpenSSL reads it", error->message);
    check_error (run, label, "load", g_steal_pointer (&error), PKI_ERROR_BAD_INPUT);
  } else {
    g_autoptr (GBytes) der = pki_x509_dump (cert, PKI_FILETYPE_ASN1, &error);
    run->loaded++;
    check_error (run, label, "load", g_steal_pointer (&error), -1);
    check_error (run, label, "dump ASN1", g_steal_pointer (&error), -1);
    if (der == NULL) {
      problem (run, label, "loaded but does not dump");
    } else {
      if (ref_first == NULL) {
        problem (run, label, "libpki loads it, OpenSSL rejects it");
      } else if (!g_bytes_equal (der, ref_first)) {
        g_autofree gchar *a = bytes_hex_head (der), *b = bytes_hex_head (ref_first);
        problem (run, label, "DER dump (%" G_GSIZE_FORMAT " bytes, %s...) differs from "
                 "OpenSSL's (%" G_GSIZE_FORMAT " bytes, %s...)", g_bytes_get_size (der), a,
                 g_bytes_get_size (ref_first), b);
      } else {
        run->der_compared++;
      }
      exercise (run, label, cert, der);
    }
  }

  /* PEM files as bundles too: the same certificates as OpenSSL reads. */
  if (item->pem) {
    g_autoptr (GPtrArray) certs = pki_x509_load_pem_bundle (PKI_BYTES_ARGS (item->data), &error);
    run->bundles++;
    if (certs == NULL) {
      run->bundles_rejected++;
      if (ref_all != NULL && ref_all->len > 0)
        problem (run, label, "bundle: libpki rejects (%s), OpenSSL reads %u certificates",
                 error ? error->message : "(no error)", ref_all->len);
      check_error (run, label, "load_pem_bundle", g_steal_pointer (&error), PKI_ERROR_BAD_INPUT);
    } else {
      check_error (run, label, "load_pem_bundle", g_steal_pointer (&error), -1);
      run->bundle_certs += certs->len;
      if (ref_all == NULL) {
        problem (run, label, "bundle: libpki reads %u certificates, OpenSSL rejects the file",
                 certs->len);
      } else if (ref_all->len != certs->len) {
        problem (run, label, "bundle: libpki reads %u certificates, OpenSSL %u", certs->len,
                 ref_all->len);
      } else {
        for (guint i = 0; i < certs->len; i++) {
          g_autoptr (GBytes) der = pki_x509_dump (g_ptr_array_index (certs, i),
                                                  PKI_FILETYPE_ASN1, &error);
          check_error (run, label, "dump bundle member", g_steal_pointer (&error), -1);
          if (der == NULL || !g_bytes_equal (der, g_ptr_array_index (ref_all, i)))
            problem (run, label, "bundle member %u differs from OpenSSL's", i);
        }
      }
    }
  }
}

/* Loads and checks @items (their CLI reference computed in one batch) and
 * reports; fails the test on any problem. */
static void
run_items (const char *group, GPtrArray *items)
{
  g_autoptr (CorpusTmpdir) refdir = pki_test_tmpdir ();
  Run run = { .group = group };
  gint64 start = g_get_monotonic_time ();

  run.problems = g_ptr_array_new_with_free_func (g_free);
  run.notes = g_ptr_array_new_with_free_func (g_free);
  run.by_kind = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  reference_batch (items, refdir);
  for (guint i = 0; i < items->len; i++)
    run_item (&run, g_ptr_array_index (items, i), refdir, i);

  g_test_message ("%s: %u files, %u loaded, %u rejected cleanly; %u DER dumps equal to "
                  "OpenSSL's; %u PEM bundles: %u certificates, %u rejected cleanly; "
                  "%u clean errors from getters; %.1f s",
                  group, run.files, run.loaded, run.rejected, run.der_compared, run.bundles,
                  run.bundle_certs, run.bundles_rejected, run.clean_errors,
                  (g_get_monotonic_time () - start) / 1e6);
  {
    g_autoptr (GList) kinds = g_hash_table_get_keys (run.by_kind);
    GString *s = g_string_new (NULL);
    kinds = g_list_sort (kinds, (GCompareFunc) strcmp);
    for (GList *l = kinds; l != NULL; l = l->next)
      g_string_append_printf (s, "%s%s x%u", s->len ? ", " : "", (const char *) l->data,
                              GPOINTER_TO_UINT (g_hash_table_lookup (run.by_kind, l->data)));
    g_test_message ("%s: clean errors: %s", group, s->len ? s->str : "none");
    g_string_free (s, TRUE);
  }
  for (guint i = 0; i < run.notes->len && i < PROBLEMS_SHOWN; i++)
    g_test_message ("note: %s", (const char *) g_ptr_array_index (run.notes, i));
  for (guint i = 0; i < run.problems->len && i < PROBLEMS_SHOWN; i++)
    g_test_message ("problem: %s", (const char *) g_ptr_array_index (run.problems, i));
  if (run.problems->len > 0)
    g_test_fail_printf ("%s: %u problems (first %u listed above)", group, run.problems->len,
                        MIN (run.problems->len, PROBLEMS_SHOWN));
  g_ptr_array_unref (run.problems);
  g_ptr_array_unref (run.notes);
  g_hash_table_unref (run.by_kind);
}

/* --- the groups --------------------------------------------------------------------------- */

/* The corpus subdirectory @sub, or NULL (test skipped) when absent. */
static gchar *
corpus_dir (const char *sub, gchar **base)
{
  g_autofree gchar *root = pki_test_shared_dir ("corpus");
  gchar *dir;

  *base = NULL;
  if (root == NULL) {
    g_test_skip ("../shared/corpus is absent");
    return NULL;
  }
  dir = g_build_filename (root, sub, NULL);
  if (!g_file_test (dir, G_FILE_TEST_EXISTS)) {
    g_test_skip_printf ("%s is absent", dir);
    g_free (dir);
    return NULL;
  }
  *base = g_steal_pointer (&root);
  return dir;
}

/* A group made of a directory tree, taken as it is. */
static void
test_tree (gconstpointer data)
{
  const char *sub = data;
  g_autofree gchar *base = NULL;
  g_autofree gchar *dir = corpus_dir (sub, &base);
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func (item_free);

  if (dir == NULL)
    return;
  collect (items, base, dir, group_limit (0));
  g_assert_cmpuint (items->len, >, 0);
  run_items (sub, items);
}

/* The frankencert seeds, extracted from their tarball at run time. */
static void
test_frankencert (void)
{
  g_autofree gchar *base = NULL;
  g_autofree gchar *dir = corpus_dir ("frankencert", &base);
  g_autoptr (CorpusTmpdir) tmp = NULL;
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func (item_free);
  g_autofree gchar *tarball = NULL, *certs = NULL;
  guint limit = group_limit (300);

  if (dir == NULL)
    return;
  tarball = g_build_filename (dir, "sample_seed_certs.tar.gz", NULL);
  tmp = pki_test_tmpdir ();
  run_command ((const char *const[]){ "tar", "-xzf", tarball, "-C", tmp, NULL });
  certs = g_build_filename (tmp, "test_certs", NULL);
  collect (items, tmp, certs, limit);
  /* The CA of the frankencert configuration, too. */
  collect (items, base, dir, 0);
  g_assert_cmpuint (items->len, >, 0);
  run_items ("frankencert", items);
  /* The extracted tree has a subdirectory: empty it before the tmpdir goes. */
  {
    g_autoptr (GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
    walk (certs, paths);
    for (guint i = 0; i < paths->len; i++)
      g_remove (g_ptr_array_index (paths, i));
    g_rmdir (certs);
  }
}

/* The first BetterTLS certificates and chains (N.crt, N.chain for N = 1, 2,
 * ...), extracted from the tarball at run time, and the root. */
static void
test_bettertls (void)
{
  g_autofree gchar *base = NULL;
  g_autofree gchar *dir = corpus_dir ("bettertls-2020-libressl", &base);
  g_autoptr (CorpusTmpdir) tmp = NULL;
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func (item_free);
  g_autoptr (GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree gchar *tarball = NULL, *certs = NULL, *root = NULL;
  guint limit = group_limit (200);

  if (dir == NULL)
    return;
  tarball = g_build_filename (dir, "certificates-crt-chain.tar.xz", NULL);
  tmp = pki_test_tmpdir ();
  g_ptr_array_add (argv, g_strdup ("tar"));
  g_ptr_array_add (argv, g_strdup ("-xJf"));
  g_ptr_array_add (argv, g_strdup (tarball));
  g_ptr_array_add (argv, g_strdup ("-C"));
  g_ptr_array_add (argv, g_strdup (tmp));
  if (limit > 0) {
    for (guint n = 1; n <= (limit + 1) / 2; n++) {
      g_ptr_array_add (argv, g_strdup_printf ("certificates/%u.crt", n));
      g_ptr_array_add (argv, g_strdup_printf ("certificates/%u.chain", n));
    }
  }
  g_ptr_array_add (argv, NULL);
  run_command ((const char *const *) argv->pdata);

  certs = g_build_filename (tmp, "certificates", NULL);
  collect (items, tmp, certs, limit);
  root = g_build_filename (dir, "certificates", NULL);
  collect (items, base, root, 0);
  g_assert_cmpuint (items->len, >, 0);
  run_items ("bettertls", items);
  {
    g_autoptr (GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
    walk (certs, paths);
    for (guint i = 0; i < paths->len; i++)
      g_remove (g_ptr_array_index (paths, i));
    g_rmdir (certs);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_data_func ("/x509-corpus/cpython", "cpython-certdata", test_tree);
  g_test_add_data_func ("/x509-corpus/openssl-testdata", "openssl-3.0.15-testdata", test_tree);
  g_test_add_data_func ("/x509-corpus/boringssl", "boringssl", test_tree);
  g_test_add_func ("/x509-corpus/frankencert", test_frankencert);
  g_test_add_func ("/x509-corpus/bettertls", test_bettertls);

  return g_test_run ();
}
