/* pki verify and pki rehash: certificate chain verification, and the
 * hashed directory of trusted certificates and CRLs it can use.
 *
 *   pki verify (--ca FILE | --ca-path DIR) [--untrusted FILE ...] [--crl FILE ...] [...] CERT
 *   pki rehash DIR
 * SPDX-License-Identifier: MIT
 */
#include "tools/pki-tool.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* --- pki verify ----------------------------------------------------------- */

/* Reads --at: "YYYYMMDDhhmmssZ" (as pyOpenSSL and `openssl ca` write
 * times), or ISO 8601 ("2030-01-01T12:00:00Z", "2030-01-01"; UTC unless
 * an offset is given).  NULL when it is neither. */
static GDateTime *
parse_time (const char *text)
{
  g_autoptr (GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr (GDateTime) when = NULL;
  gsize len = strlen (text);

  if (len == 15 && text[14] == 'Z')
    {
      gint v[6] = { 0 };
      static const guint widths[6] = { 4, 2, 2, 2, 2, 2 };
      const char *p = text;

      for (guint i = 0; i < 6; i++)
        for (guint j = 0; j < widths[i]; j++, p++)
          {
            if (!g_ascii_isdigit (*p))
              return NULL;
            v[i] = v[i] * 10 + (*p - '0');
          }
      return g_date_time_new_utc (v[0], v[1], v[2], v[3], v[4], v[5]);
    }
  when = g_date_time_new_from_iso8601 (text, utc);
  if (when == NULL && len == 10)
    {
      g_autofree gchar *midnight = g_strconcat (text, "T00:00:00", NULL);
      when = g_date_time_new_from_iso8601 (midnight, utc);
    }
  return when != NULL ? g_date_time_to_utc (when) : NULL;
}

/* Sets what the leaf must be fit for: one of --host, --ip, --email, and
 * --purpose.  A value the library refuses is a usage error. */
static int
set_checks (PkiX509Store *store, const char *host, const char *ip, const char *email,
            const char *purpose)
{
  g_autoptr (GError) error = NULL;

  if ((host != NULL) + (ip != NULL) + (email != NULL) > 1)
    return pki_tool_usage_error ("--host, --ip and --email exclude each other");
  if (host != NULL && !pki_x509_store_set_host (store, host, &error))
    return pki_tool_usage_error ("--host: %s", error->message);
  if (ip != NULL && !pki_x509_store_set_ip (store, ip, &error))
    return pki_tool_usage_error ("--ip: %s", error->message);
  if (email != NULL && !pki_x509_store_set_email (store, email, &error))
    return pki_tool_usage_error ("--email: %s", error->message);
  if (purpose != NULL && !pki_x509_store_set_purpose (store, purpose, &error))
    return pki_tool_usage_error ("--purpose: %s (sslserver, sslclient, smimesign, "
                                 "smimeencrypt, crlsign, ocsphelper, timestampsign, "
                                 "codesign, any)", error->message);
  return PKI_TOOL_CONTINUE;
}

/* The verdict as the JSON object --json prints: "verified", the "chain"
 * (leaf first) or null, the "error" or null. */
static void
describe_verdict (JsonBuilder *builder, const char *file, PkiX509StoreContext *ctx,
                  GPtrArray *chain)
{
  json_builder_begin_object (builder);
  pki_tool_add_string_member (builder, "certificate", file);
  json_builder_set_member_name (builder, "verified");
  json_builder_add_boolean_value (builder, chain != NULL);
  json_builder_set_member_name (builder, "chain");
  if (chain != NULL)
    pki_tool_add_cert_summaries (builder, chain);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "error");
  if (chain == NULL)
    {
      g_autoptr (PkiX509) bad = pki_x509_store_context_get_error_certificate (ctx);
      g_autoptr (PkiX509Name) subject = bad != NULL ? pki_x509_get_subject (bad) : NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "code");
      json_builder_add_int_value (builder, pki_x509_store_context_get_error (ctx));
      pki_tool_add_string_member (builder, "message",
                                  pki_x509_store_context_get_error_string (ctx));
      json_builder_set_member_name (builder, "depth");
      json_builder_add_int_value (builder, pki_x509_store_context_get_error_depth (ctx));
      if (subject != NULL)
        pki_tool_add_name_member (builder, "subject", subject);
      else
        pki_tool_add_string_member (builder, "subject", NULL);
      json_builder_end_object (builder);
    }
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
}

int
pki_tool_verify (int argc, char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new ("CERT");
  g_autoptr (GError) error = NULL;
  g_autoptr (PkiX509Store) store = pki_x509_store_new ();
  g_autoptr (PkiX509StoreContext) ctx = NULL;
  g_autoptr (PkiX509) cert = NULL;
  g_autoptr (GPtrArray) untrusted = g_ptr_array_new_with_free_func ((GDestroyNotify) pki_x509_unref);
  g_autoptr (GPtrArray) chain = NULL;
  g_autoptr (GPtrArray) inputs = g_ptr_array_new ();
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GDateTime) at = NULL;
  g_auto (GStrv) untrusted_files = NULL;
  g_auto (GStrv) crl_files = NULL;
  g_autofree gchar *ca_file = NULL;
  g_autofree gchar *ca_path = NULL;
  g_autofree gchar *host = NULL;
  g_autofree gchar *ip = NULL;
  g_autofree gchar *email = NULL;
  g_autofree gchar *purpose = NULL;
  g_autofree gchar *at_text = NULL;
  gboolean partial = FALSE, json = FALSE;
  const GOptionEntry entries[] = {
    { "ca", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME, &ca_file,
      "Trust the certificates of FILE (every one of a PEM file)", "FILE" },
    { "ca-path", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME, &ca_path,
      "Trust the certificates (and use the CRLs) of a directory laid out by pki rehash",
      "DIR" },
    { "untrusted", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME_ARRAY, &untrusted_files,
      "Intermediate certificates to build the chain with (repeatable)", "FILE" },
    { "crl", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME_ARRAY, &crl_files,
      "A CRL; with any, every certificate of the chain is checked against CRLs (repeatable)",
      "FILE" },
    { "host", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &host,
      "The certificate must be valid for DNS name NAME", "NAME" },
    { "ip", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &ip,
      "The certificate must be valid for IP address ADDR", "ADDR" },
    { "email", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &email,
      "The certificate must be valid for e-mail address ADDR", "ADDR" },
    { "purpose", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &purpose,
      "The chain must be fit for NAME: sslserver, sslclient, smimesign, codesign, any, ...",
      "NAME" },
    { "at", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &at_text,
      "Verify as of TIME: YYYYMMDDhhmmssZ or ISO 8601 (default: now)", "TIME" },
    { "partial-chain", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, &partial,
      "Accept a chain that ends at any trusted certificate, not only a root", NULL },
    { "json", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, &json, "Print a JSON object", NULL },
    G_OPTION_ENTRY_NULL
  };
  const char *file;
  int status;

  g_option_context_set_summary (context,
                                "Verify a certificate: build its chain up to a trusted CA and\n"
                                "check signatures, validity, CA flags and path lengths, and what\n"
                                "the options ask for.  Prints the chain, leaf first, and OK; or\n"
                                "says why it failed (OpenSSL's message and error number, the depth\n"
                                "and the failing certificate) and exits with status 1.");
  status = pki_tool_parse_command (context, entries, NULL, &argc, &argv, &file);
  if (status != PKI_TOOL_CONTINUE)
    return status;
  if (ca_file == NULL && ca_path == NULL)
    return pki_tool_usage_error ("missing --ca FILE (or --ca-path DIR): what is trusted?");
  status = set_checks (store, host, ip, email, purpose);
  if (status != PKI_TOOL_CONTINUE)
    return status;
  if (at_text != NULL)
    {
      at = parse_time (at_text);
      if (at == NULL)
        return pki_tool_usage_error ("invalid --at time '%s' (YYYYMMDDhhmmssZ or ISO 8601)",
                                     at_text);
      pki_x509_store_set_time (store, at);
    }
  g_ptr_array_add (inputs, (gpointer) file);
  g_ptr_array_add (inputs, ca_file);
  for (guint i = 0; untrusted_files != NULL && untrusted_files[i] != NULL; i++)
    g_ptr_array_add (inputs, untrusted_files[i]);
  for (guint i = 0; crl_files != NULL && crl_files[i] != NULL; i++)
    g_ptr_array_add (inputs, crl_files[i]);
  status = pki_tool_one_stdin ((const char *const *) inputs->pdata, inputs->len);
  if (status != PKI_TOOL_CONTINUE)
    return status;

  if (!pki_tool_add_trusted (store, ca_file, ca_path, &error))
    return pki_tool_fail (error);
  for (guint i = 0; crl_files != NULL && crl_files[i] != NULL; i++)
    {
      g_autoptr (PkiCrl) crl = pki_tool_read_crl (crl_files[i], FALSE, NULL, &error);

      if (crl == NULL || !pki_x509_store_add_crl (store, crl, &error))
        return pki_tool_fail (error);
    }
  if (crl_files != NULL)
    pki_x509_store_set_flags (store, PKI_X509_STORE_FLAG_CRL_CHECK
                                       | PKI_X509_STORE_FLAG_CRL_CHECK_ALL);
  if (partial)
    pki_x509_store_set_flags (store, PKI_X509_STORE_FLAG_PARTIAL_CHAIN);
  if (!pki_tool_read_cert_files (untrusted, untrusted_files, &error))
    return pki_tool_fail (error);
  cert = pki_tool_read_cert (file, FALSE, &error);
  if (cert == NULL)
    return pki_tool_fail (error);

  ctx = pki_x509_store_context_new (store, cert, (PkiX509 **) untrusted->pdata, untrusted->len);
  if (pki_x509_store_context_verify_certificate (ctx, &error))
    {
      chain = pki_x509_store_context_get_verified_chain (ctx, &error);
      if (chain == NULL)
        return pki_tool_fail (error);
    }
  else if (!g_error_matches (error, PKI_ERROR, PKI_ERROR_VERIFY))
    return pki_tool_fail (error);

  describe_verdict (builder, pki_tool_display_name (file), ctx, chain);
  root = json_builder_get_root (builder);
  g_clear_error (&error);
  if (json)
    {
      if (!pki_tool_print_json (root, &error))
        return pki_tool_fail (error);
    }
  else if (chain != NULL)
    {
      JsonArray *certs = json_object_get_array_member (json_node_get_object (root), "chain");
      g_autoptr (GString) text = g_string_new (NULL);

      for (guint i = 0; i < json_array_get_length (certs); i++)
        g_string_append_printf (text, "depth %u: %s\n", i,
                                json_object_get_string_member (
                                  json_array_get_object_element (certs, i), "subject"));
      g_string_append_printf (text, "%s: OK\n", pki_tool_display_name (file));
      if (!pki_tool_print (text->str, &error))
        return pki_tool_fail (error);
    }
  if (chain == NULL)
    {
      JsonObject *why = json_object_get_object_member (json_node_get_object (root), "error");
      const char *subject = json_object_get_string_member (why, "subject");

      g_set_error (&error, PKI_ERROR, PKI_ERROR_VERIFY,
                   "%s: verification failed: %s (error %" G_GINT64_FORMAT " at depth %"
                   G_GINT64_FORMAT "%s%s)", pki_tool_display_name (file),
                   json_object_get_string_member (why, "message"),
                   json_object_get_int_member (why, "code"),
                   json_object_get_int_member (why, "depth"), subject != NULL ? ", " : "",
                   subject != NULL ? subject : "");
      return pki_tool_fail (error);
    }
  return PKI_EXIT_OK;
}

/* --- pki rehash ----------------------------------------------------------- */

/* Whether @name is a hash link's name: 8 hex digits, ".", an optional
 * "r" and a decimal number ("c3705638.0", "c3705638.r1"). */
static gboolean
is_hash_name (const char *name)
{
  const char *p = name;

  for (guint i = 0; i < 8; i++, p++)
    if (!g_ascii_isxdigit (*p))
      return FALSE;
  if (*p++ != '.')
    return FALSE;
  if (*p == 'r')
    p++;
  if (!g_ascii_isdigit (*p))
    return FALSE;
  while (g_ascii_isdigit (*p))
    p++;
  return *p == '\0';
}

/* Whether c_rehash looks into @name: *.pem, *.crt, *.cer or *.crl, in
 * any case. */
static gboolean
has_rehash_suffix (const char *name)
{
  static const char *const suffixes[] = { ".pem", ".crt", ".cer", ".crl" };
  gsize len = strlen (name);

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    if (len > 4 && g_ascii_strcasecmp (name + len - 4, suffixes[i]) == 0)
      return TRUE;
  return FALSE;
}

/* What one file holds, for its link: the name hash, whether it is a CRL,
 * and the SHA-256 of its DER (duplicates are linked once). */
typedef struct
{
  guint32 hash;
  gboolean crl;
  gchar *digest;
} RehashEntry;

static void
rehash_entry_clear (RehashEntry *entry)
{
  g_clear_pointer (&entry->digest, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RehashEntry, rehash_entry_clear)

/* Reads the one certificate or CRL of @path into @entry.  FALSE with
 * @why set when the file is to be skipped (c_rehash links only files
 * with exactly one certificate or CRL). */
static gboolean
read_rehash_entry (const char *path, RehashEntry *entry, gchar **why)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) data = pki_tool_read (path, &error);
  g_autoptr (PkiX509) cert = NULL;
  g_autoptr (PkiCrl) crl = NULL;
  PkiFiletype type;
  const guint8 *bytes;
  gsize len = 0;

  if (data == NULL)
    {
      *why = g_strdup (error->message);
      return FALSE;
    }
  type = pki_tool_guess_filetype (data);
  bytes = pki_tool_bytes (data, &len);
  if (type == PKI_FILETYPE_PEM)
    {
      guint certs = pki_tool_count_pem_blocks (data, "CERTIFICATE")
                    + pki_tool_count_pem_blocks (data, "TRUSTED CERTIFICATE");
      guint crls = pki_tool_count_pem_blocks (data, "X509 CRL");

      if (certs + crls != 1)
        {
          *why = g_strdup_printf ("it holds %u certificates and %u CRLs, not exactly one", certs,
                                  crls);
          return FALSE;
        }
      if (certs == 1)
        cert = pki_x509_load (type, bytes, len, &error);
      else
        crl = pki_crl_load (type, bytes, len, &error);
    }
  else
    {
      cert = pki_x509_load (type, bytes, len, NULL);
      if (cert == NULL)
        crl = pki_crl_load (type, bytes, len, NULL);
      if (cert == NULL && crl == NULL)
        g_set_error_literal (&error, PKI_ERROR, PKI_ERROR_BAD_INPUT,
                             "neither a certificate nor a CRL");
    }
  if (cert == NULL && crl == NULL)
    {
      *why = g_strdup (error->message);
      return FALSE;
    }
  if (cert != NULL)
    {
      entry->hash = pki_x509_subject_name_hash (cert);
      entry->crl = FALSE;
      entry->digest = pki_x509_digest (cert, "sha256", &error);
    }
  else
    {
      g_autoptr (PkiX509Name) issuer = pki_crl_get_issuer (crl);
      g_autoptr (GBytes) der = pki_crl_dump (crl, PKI_FILETYPE_ASN1, &error);

      entry->hash = pki_x509_name_hash (issuer);
      entry->crl = TRUE;
      if (der != NULL)
        entry->digest = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, der);
    }
  if (entry->digest == NULL)
    {
      *why = g_strdup (error->message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
set_io_error (GError **error, const char *what, const char *path)
{
  int errsv = errno;

  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errsv), "%s %s: %s", what, path,
               g_strerror (errsv));
  return FALSE;
}

static gint
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* The file names of @dir, sorted so that links are numbered the same way
 * every time. */
static GPtrArray *
list_dir (const char *dir, GError **error)
{
  g_autoptr (GDir) handle = g_dir_open (dir, 0, error);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (handle == NULL)
    return NULL;
  while ((name = g_dir_read_name (handle)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  return g_steal_pointer (&names);
}

/* Links @entry of file @name into @dir under the first free
 * %08x.N / %08x.rN name; TRUE with @link set, or FALSE on error. */
static gboolean
make_link (const char *dir, const char *name, const RehashEntry *entry, GHashTable *next,
           gchar **link, GError **error)
{
  g_autofree gchar *key = g_strdup_printf ("%08x.%s", entry->hash, entry->crl ? "r" : "");
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (next, key));

  for (;; n++)
    {
      g_autofree gchar *link_name = g_strdup_printf ("%s%u", key, n);
      g_autofree gchar *path = g_build_filename (dir, link_name, NULL);

      if (symlink (name, path) == 0)
        {
          g_hash_table_insert (next, g_steal_pointer (&key), GUINT_TO_POINTER (n + 1));
          *link = g_steal_pointer (&link_name);
          return TRUE;
        }
      /* A file that is not a hash link (it was kept) holds the name. */
      if (errno != EEXIST)
        return set_io_error (error, "cannot make the link", path);
    }
}

int
pki_tool_rehash (int argc, char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new ("DIR");
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) names = NULL;
  g_autoptr (GHashTable) next = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  const char *dir;
  int status;

  g_option_context_set_summary (context,
                                "Lay out a directory of trusted certificates and CRLs as c_rehash\n"
                                "and `openssl rehash` do, for `pki verify --ca-path` and\n"
                                "`openssl verify -CApath`: each *.pem, *.crt, *.cer or *.crl file\n"
                                "holding one certificate (or CRL) gets a symbolic link named\n"
                                "HASH.N (HASH.rN for a CRL) after its subject (issuer) name hash,\n"
                                "N counting up from 0 for equal hashes.  Old hash links are removed\n"
                                "first; files holding more or less than one, and duplicates, are\n"
                                "skipped with a warning.");
  status = pki_tool_parse (context, &argc, &argv);
  if (status != PKI_TOOL_CONTINUE)
    return status;
  if (argc < 2)
    return pki_tool_usage_error ("missing DIR");
  if (argc > 2)
    return pki_tool_usage_error ("unexpected argument '%s'", argv[2]);
  dir = argv[1];

  names = list_dir (dir, &error);
  if (names == NULL)
    return pki_tool_fail (error);
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autofree gchar *path = g_build_filename (dir, name, NULL);

      if (is_hash_name (name) && g_file_test (path, G_FILE_TEST_IS_SYMLINK)
          && unlink (path) != 0)
        {
          set_io_error (&error, "cannot remove the old link", path);
          return pki_tool_fail (error);
        }
    }
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autofree gchar *path = g_build_filename (dir, name, NULL);
      g_autofree gchar *why = NULL;
      g_autofree gchar *link = NULL;
      g_autofree gchar *line = NULL;
      g_auto (RehashEntry) entry = { 0, FALSE, NULL };
      const char *first;

      if (is_hash_name (name) || !has_rehash_suffix (name)
          || !g_file_test (path, G_FILE_TEST_IS_REGULAR))
        continue;
      if (!read_rehash_entry (path, &entry, &why))
        {
          fprintf (stderr, "pki: warning: skipping %s: %s\n", path, why);
          continue;
        }
      first = g_hash_table_lookup (seen, entry.digest);
      if (first != NULL)
        {
          fprintf (stderr, "pki: warning: skipping %s: the same %s as %s\n", path,
                   entry.crl ? "CRL" : "certificate", first);
          continue;
        }
      if (!make_link (dir, name, &entry, next, &link, &error))
        return pki_tool_fail (error);
      g_hash_table_insert (seen, g_steal_pointer (&entry.digest), g_strdup (name));
      line = g_strdup_printf ("%s -> %s\n", link, name);
      if (!pki_tool_print (line, &error))
        return pki_tool_fail (error);
    }
  return PKI_EXIT_OK;
}
