/* pki cert: make, inspect and convert X.509 certificates.
 *
 *   pki cert selfsign --key FILE --subject NAME [...]
 *   pki cert issue --ca CERT --ca-key KEY --req CSR [...]
 *   pki cert show [--json] [--all] FILE
 *   pki cert fingerprint [--digest NAME] FILE
 *   pki cert convert --to der|pem FILE
 * SPDX-License-Identifier: MIT
 */
#include "tools/pki-tool.h"

#include <string.h>

#define DEFAULT_DAYS 365
#define DEFAULT_DIGEST "sha256"

/* --- pki cert selfsign ---------------------------------------------------- */

/* What goes into a self-signed certificate besides its key and subject. */
typedef struct
{
  gboolean ca;
  const char *san;    /* subjectAltName value, or NULL for none */
  const char *eku;    /* extendedKeyUsage value, or NULL for none */
  const char *serial; /* hex, or NULL for a random one */
  const char *digest; /* NULL for keys that sign without one */
  GDateTime *not_before;
  GDateTime *not_after;
} SelfsignSpec;

/* Adds an extension made from an option's value to @options. */
static gboolean
add_option_extension (PkiIssueOptions *options, const char *type_name, gboolean critical,
                      const char *value, const char *option, GError **error)
{
  g_autoptr (PkiX509Extension) ext = NULL;

  ext = pki_tool_make_extension (type_name, critical, value, option, error);
  if (ext == NULL)
    return FALSE;
  pki_issue_options_add_extension (options, ext);
  return TRUE;
}

/* A self-signed certificate is issued by the library from a request signed
 * with the key itself and a NULL issuer, so serial, validity, key
 * identifiers and the CA profile are made where `pki cert issue` makes
 * them.  The library's leaf profiles (server, client) add an
 * extendedKeyUsage that `selfsign` adds only when --eku asks, so a leaf
 * gets its basicConstraints and keyUsage here: CA:FALSE, digitalSignature,
 * and keyEncipherment for RSA keys (key transport in TLS 1.2), as the
 * library's leaf profiles have them. */
static PkiX509 *
make_selfsigned (PkiPKey *key, PkiX509Name *subject, const SelfsignSpec *spec, GError **error)
{
  g_autoptr (PkiIssueOptions) options = pki_issue_options_new ();
  g_autoptr (PkiX509Req) req = NULL;
  gboolean rsa = pki_pkey_get_key_type (key) == PKI_PKEY_TYPE_RSA;

  if (spec->serial != NULL && !pki_issue_options_set_serial (options, spec->serial, error))
    {
      g_prefix_error (error, "--serial: ");
      return NULL;
    }
  pki_issue_options_set_validity (options, spec->not_before, spec->not_after);
  pki_issue_options_set_digest (options, spec->digest);
  if (spec->ca)
    pki_issue_options_set_profile (options, PKI_PROFILE_CA, -1);
  else if (!add_option_extension (options, "basicConstraints", TRUE, "CA:FALSE", NULL, error)
           || !add_option_extension (options, "keyUsage", TRUE,
                                     rsa ? "digitalSignature,keyEncipherment"
                                         : "digitalSignature", NULL, error))
    return NULL;
  if ((spec->eku != NULL
       && !add_option_extension (options, "extendedKeyUsage", FALSE, spec->eku, "--eku", error))
      || (spec->san != NULL
          && !add_option_extension (options, "subjectAltName", FALSE, spec->san, "--san", error)))
    return NULL;

  req = pki_tool_make_request (key, subject, NULL, 0, NULL, NULL, error);
  if (req == NULL)
    return NULL;
  return pki_x509_req_issue (req, NULL, key, options, error);
}

static int
cert_selfsign (int argc, char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new (NULL);
  g_auto (PkiToolPassphraseSource) source = { NULL, NULL };
  g_autoptr (GError) error = NULL;
  g_autoptr (PkiPKey) key = NULL;
  g_autoptr (PkiX509Name) subject = NULL;
  g_autoptr (PkiX509) cert = NULL;
  g_autoptr (GBytes) output = NULL;
  g_autoptr (GDateTime) now = NULL;
  g_autoptr (GDateTime) not_after = NULL;
  g_autofree gchar *key_file = NULL;
  g_autofree gchar *subject_text = NULL;
  g_autofree gchar *san = NULL;
  g_autofree gchar *eku = NULL;
  g_autofree gchar *days_text = NULL;
  g_autofree gchar *digest = NULL;
  g_autofree gchar *serial = NULL;
  g_autofree gchar *out = NULL;
  gboolean ca = FALSE, der = FALSE;
  const GOptionEntry entries[] = {
    { "key", 'k', G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME, &key_file,
      "The private key that signs, PEM or DER ('-': standard input; required)", "FILE" },
    { "subject", 's', G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &subject_text,
      "Subject and issuer: \"CN=example.com,O=Example\" (RFC 4514) or "
      "\"/O=Example/CN=example.com\" (required)", "NAME" },
    { "san", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &san,
      "subjectAltName: \"DNS:example.com,IP:127.0.0.1,email:a@example.com,URI:https://x\"",
      "LIST" },
    { "eku", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &eku,
      "extendedKeyUsage: \"serverAuth,clientAuth\" (names or dotted OIDs)", "LIST" },
    { "days", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &days_text,
      "Valid from now for N days (default 365)", "N" },
    { "ca", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, &ca,
      "Make a CA certificate (CA:TRUE, keyCertSign and cRLSign)", NULL },
    { "digest", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &digest,
      "Sign with digest NAME (default sha256; none for ed25519 and ed448 keys)", "NAME" },
    { "serial", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &serial,
      "Serial number in hex, at most 20 octets (default: random)", "HEX" },
    { "out", 'o', G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME, &out,
      "Write the certificate to FILE (default: standard output)", "FILE" },
    { "der", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, &der, "Write DER instead of PEM", NULL },
    G_OPTION_ENTRY_NULL
  };
  SelfsignSpec spec = { 0 };
  guint days = DEFAULT_DAYS;
  int status;

  g_option_context_set_summary (context,
                                "Make a self-signed certificate for a key: issuer = subject, a\n"
                                "random serial, valid from now, with basicConstraints and keyUsage\n"
                                "(critical), subject and authority key identifiers, and the\n"
                                "subjectAltName and extendedKeyUsage asked for.  A passphrase\n"
                                "source decrypts the key.");
  status = pki_tool_parse_command (context, entries, &source, &argc, &argv, NULL);
  if (status != PKI_TOOL_CONTINUE)
    return status;
  if (key_file == NULL)
    return pki_tool_usage_error ("missing --key FILE");
  if (subject_text == NULL)
    return pki_tool_usage_error ("missing --subject NAME");
  if (*subject_text == '\0')
    return pki_tool_usage_error ("--subject is empty; a self-signed certificate needs a name");
  status = pki_tool_parse_days ("--days", days_text, &days);
  if (status != PKI_TOOL_CONTINUE)
    return status;
  if (source.file != NULL && g_str_equal (source.file, "-") && g_str_equal (key_file, "-"))
    return pki_tool_usage_error ("the key and the passphrase cannot both be standard input");

  key = pki_tool_read_private_key (key_file, &source, &error);
  if (key == NULL)
    return pki_tool_fail (error);
  subject = pki_tool_parse_subject (subject_text, &error);
  if (subject == NULL || !pki_tool_pick_digest (key, digest, &spec.digest, &error))
    return pki_tool_fail (error);

  now = g_date_time_new_now_utc ();
  not_after = g_date_time_add_days (now, (gint) days);
  spec.ca = ca;
  spec.san = san;
  spec.eku = eku;
  spec.serial = serial;
  spec.not_before = now;
  spec.not_after = not_after;
  cert = make_selfsigned (key, subject, &spec, &error);
  if (cert == NULL)
    return pki_tool_fail (error);

  output = pki_x509_dump (cert, der ? PKI_FILETYPE_ASN1 : PKI_FILETYPE_PEM, &error);
  if (output == NULL || !pki_tool_write (out, output, FALSE, &error))
    return pki_tool_fail (error);
  return PKI_EXIT_OK;
}

/* --- pki cert issue ------------------------------------------------------- */

static const struct
{
  const char *name;
  PkiProfile profile;
} profiles[] = {
  { "none", PKI_PROFILE_NONE },
  { "server", PKI_PROFILE_SERVER },
  { "client", PKI_PROFILE_CLIENT },
  { "ca", PKI_PROFILE_CA },
};

/* Reads --copy-extensions: "none", "all", or a comma list of extension
 * types (kept in @types).  Returns a usage status or PKI_TOOL_CONTINUE. */
static int
parse_copy_extensions (const char *text, PkiCopyExtensions *mode, GStrv *types)
{
  g_auto (GStrv) items = NULL;

  *mode = PKI_COPY_EXTENSIONS_NONE;
  if (text == NULL || g_ascii_strcasecmp (text, "none") == 0)
    return PKI_TOOL_CONTINUE;
  if (g_ascii_strcasecmp (text, "all") == 0)
    {
      *mode = PKI_COPY_EXTENSIONS_ALL;
      return PKI_TOOL_CONTINUE;
    }
  items = g_strsplit (text, ",", -1);
  for (guint i = 0; items[i] != NULL; i++)
    {
      g_strstrip (items[i]);
      if (items[i][0] == '\0')
        return pki_tool_usage_error ("--copy-extensions '%s' has an empty extension name", text);
    }
  *mode = PKI_COPY_EXTENSIONS_LISTED;
  *types = g_steal_pointer (&items);
  return PKI_TOOL_CONTINUE;
}

static int
cert_issue (int argc, char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new (NULL);
  g_auto (PkiToolPassphraseSource) source = { NULL, NULL };
  g_autoptr (GError) error = NULL;
  g_autoptr (PkiX509) ca = NULL;
  g_autoptr (PkiPKey) ca_key = NULL;
  g_autoptr (PkiX509Req) req = NULL;
  g_autoptr (PkiIssueOptions) options = NULL;
  g_autoptr (PkiX509) cert = NULL;
  g_autoptr (GBytes) output = NULL;
  g_auto (GStrv) copy_types = NULL;
  g_autofree gchar *ca_file = NULL;
  g_autofree gchar *ca_key_file = NULL;
  g_autofree gchar *req_file = NULL;
  g_autofree gchar *days_text = NULL;
  g_autofree gchar *profile_name = NULL;
  g_autofree gchar *pathlen_text = NULL;
  g_autofree gchar *copy_text = NULL;
  g_autofree gchar *digest = NULL;
  g_autofree gchar *serial = NULL;
  g_autofree gchar *out = NULL;
  gboolean der = FALSE;
  const GOptionEntry entries[] = {
    { "ca", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME, &ca_file,
      "The issuing CA's certificate (required)", "CERT" },
    { "ca-key", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME, &ca_key_file,
      "The CA's private key (required)", "KEY" },
    { "req", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME, &req_file,
      "The certificate signing request, PEM or DER ('-': standard input; required)", "CSR" },
    { "days", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &days_text,
      "Valid from now for N days (default 365)", "N" },
    { "profile", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &profile_name,
      "Extensions for a server, client or ca certificate (default none)", "NAME" },
    { "pathlen", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &pathlen_text,
      "With --profile ca: at most N intermediate CAs below it (default: no limit)", "N" },
    { "copy-extensions", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &copy_text,
      "Requested extensions to copy: none (default), all, or a list such as "
      "\"subjectAltName\"", "WHICH" },
    { "digest", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &digest,
      "Sign with digest NAME (default sha256; none for ed25519 and ed448 CA keys)", "NAME" },
    { "serial", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &serial,
      "Serial number in hex, at most 20 octets (default: random)", "HEX" },
    { "out", 'o', G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME, &out,
      "Write the certificate to FILE (default: standard output)", "FILE" },
    { "der", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, &der, "Write DER instead of PEM", NULL },
    G_OPTION_ENTRY_NULL
  };
  PkiProfile profile = PKI_PROFILE_NONE;
  PkiCopyExtensions copy = PKI_COPY_EXTENSIONS_NONE;
  const char *sign_digest = NULL;
  guint days = DEFAULT_DAYS;
  guint64 pathlen = 0;
  gboolean known = FALSE;
  int status;

  g_option_context_set_summary (context,
                                "Issue a certificate from a signing request, as a CA: the\n"
                                "request's subject and key, a random serial, valid from now, the\n"
                                "profile's extensions, the requested extensions asked for, subject\n"
                                "and authority key identifiers, signed by the CA's key.  A request\n"
                                "whose signature does not verify is refused.  The passphrase\n"
                                "options decrypt the CA's key.");
  status = pki_tool_parse_command (context, entries, &source, &argc, &argv, NULL);
  if (status != PKI_TOOL_CONTINUE)
    return status;
  if (ca_file == NULL)
    return pki_tool_usage_error ("missing --ca CERT");
  if (ca_key_file == NULL)
    return pki_tool_usage_error ("missing --ca-key KEY");
  if (req_file == NULL)
    return pki_tool_usage_error ("missing --req CSR");
  for (guint i = 0; profile_name != NULL && i < G_N_ELEMENTS (profiles); i++)
    if (g_ascii_strcasecmp (profile_name, profiles[i].name) == 0)
      {
        profile = profiles[i].profile;
        known = TRUE;
      }
  if (profile_name != NULL && !known)
    return pki_tool_usage_error ("unknown --profile '%s' (server, client, ca or none)",
                                 profile_name);
  if (pathlen_text != NULL && profile != PKI_PROFILE_CA)
    return pki_tool_usage_error ("--pathlen goes with --profile ca");
  if (pathlen_text != NULL
      && !g_ascii_string_to_unsigned (pathlen_text, 10, 0, G_MAXINT, &pathlen, NULL))
    return pki_tool_usage_error ("invalid --pathlen value '%s'", pathlen_text);
  status = parse_copy_extensions (copy_text, &copy, &copy_types);
  if (status != PKI_TOOL_CONTINUE)
    return status;
  status = pki_tool_parse_days ("--days", days_text, &days);
  if (status != PKI_TOOL_CONTINUE)
    return status;
  status = pki_tool_one_stdin ((const char *const[]) { ca_file, ca_key_file, req_file,
                                                       source.file }, 4);
  if (status != PKI_TOOL_CONTINUE)
    return status;

  options = pki_issue_options_new ();
  if (serial != NULL && !pki_issue_options_set_serial (options, serial, &error))
    {
      g_prefix_error (&error, "--serial: ");
      return pki_tool_fail (error);
    }
  if (!pki_tool_read_ca (ca_file, ca_key_file, &source, PKI_KEY_USAGE_KEY_CERT_SIGN, &ca, &ca_key,
                         &error)
      || !pki_tool_pick_digest (ca_key, digest, &sign_digest, &error))
    return pki_tool_fail (error);
  /* An unknown extension name would only be found when the request has
   * extensions to compare: look each one up now, on the CA certificate. */
  for (guint i = 0; copy_types != NULL && copy_types[i] != NULL; i++)
    {
      /* Only the name check matters here, not the extension. */
      pki_x509_extension_unref (pki_x509_get_extension_by_oid (ca, copy_types[i], &error));
      if (error != NULL)
        {
          g_prefix_error (&error, "--copy-extensions: ");
          return pki_tool_fail (error);
        }
    }
  req = pki_tool_read_req (req_file, FALSE, &error);
  if (req == NULL)
    return pki_tool_fail (error);

  pki_issue_options_set_profile (options, profile, pathlen_text != NULL ? (gint) pathlen : -1);
  pki_issue_options_set_days (options, days);
  pki_issue_options_set_digest (options, sign_digest);
  pki_issue_options_set_copy_extensions (options, copy, (const char *const *) copy_types);
  cert = pki_x509_req_issue (req, ca, ca_key, options, &error);
  if (cert == NULL)
    {
      g_prefix_error (&error, "%s: ", pki_tool_display_name (req_file));
      return pki_tool_fail (error);
    }
  output = pki_x509_dump (cert, der ? PKI_FILETYPE_ASN1 : PKI_FILETYPE_PEM, &error);
  if (output == NULL || !pki_tool_write (out, output, FALSE, &error))
    return pki_tool_fail (error);
  return PKI_EXIT_OK;
}

/* --- pki cert show -------------------------------------------------------- */

/* The extensions of @cert, in order. */
static GPtrArray *
cert_extensions (PkiX509 *cert, GError **error)
{
  g_autoptr (GPtrArray) extensions = NULL;
  guint count = pki_x509_get_extension_count (cert);

  extensions = g_ptr_array_new_with_free_func ((GDestroyNotify) pki_x509_extension_unref);
  for (guint i = 0; i < count; i++)
    {
      PkiX509Extension *ext = pki_x509_get_extension (cert, i, error);

      if (ext == NULL)
        return NULL;
      g_ptr_array_add (extensions, ext);
    }
  return g_steal_pointer (&extensions);
}

/* Everything `pki cert show` says about @cert, as the JSON object --json
 * prints; the text output is made from it too. */
static gboolean
describe_cert (JsonBuilder *builder, PkiX509 *cert, GError **error)
{
  g_autoptr (PkiPKey) key = pki_x509_get_pubkey (cert, NULL);
  g_autoptr (GPtrArray) extensions = NULL;
  g_autoptr (GError) expiry_error = NULL;
  g_autoptr (GError) sigalg_error = NULL;
  g_autofree gchar *sigalg = NULL;
  g_autofree gchar *sha256 = NULL;
  g_autofree gchar *sha1 = NULL;
  gboolean expired;

  expired = pki_x509_has_expired (cert, &expiry_error);
  sigalg = pki_x509_get_signature_algorithm (cert, &sigalg_error);
  if (sigalg == NULL)
    sigalg = g_strdup_printf ("unknown (%s)", sigalg_error->message);
  sha256 = pki_x509_digest (cert, "sha256", error);
  if (sha256 == NULL)
    return FALSE;
  sha1 = pki_x509_digest (cert, "sha1", error);
  if (sha1 == NULL)
    return FALSE;
  extensions = cert_extensions (cert, error);
  if (extensions == NULL)
    return FALSE;

  json_builder_begin_object (builder);
  pki_tool_add_cert_summary_members (builder, cert);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, pki_x509_get_version (cert) + 1);
  json_builder_set_member_name (builder, "expired");
  if (expiry_error == NULL)
    json_builder_add_boolean_value (builder, expired);
  else
    json_builder_add_null_value (builder);
  /* A key algorithm OpenSSL cannot read shows as null: still show the rest. */
  pki_tool_add_key_member (builder, key);
  pki_tool_add_string_member (builder, "signature_algorithm", sigalg);
  json_builder_set_member_name (builder, "fingerprints");
  json_builder_begin_object (builder);
  pki_tool_add_string_member (builder, "sha256", sha256);
  pki_tool_add_string_member (builder, "sha1", sha1);
  json_builder_end_object (builder);
  pki_tool_add_extension_members (builder, extensions);
  json_builder_end_object (builder);
  return TRUE;
}

/* The text output of one certificate, from its JSON description. */
static void
append_text (GString *text, JsonObject *cert)
{
  JsonObject *fingerprints = json_object_get_object_member (cert, "fingerprints");
  g_autofree gchar *version = g_strdup_printf ("%" G_GINT64_FORMAT,
                                               json_object_get_int_member (cert, "version"));
  const char *expired = json_object_get_null_member (cert, "expired")
                          ? "unknown (no notAfter)"
                          : json_object_get_boolean_member (cert, "expired") ? "yes" : "no";

  pki_tool_append_cert_summary_text (text, 0, cert);
  pki_tool_append_field (text, "Version", version);
  pki_tool_append_field (text, "Expired", expired);
  pki_tool_append_key_text (text, cert);
  pki_tool_append_field (text, "Signature algorithm",
                         json_object_get_string_member (cert, "signature_algorithm"));
  pki_tool_append_field (text, "SHA-256 fingerprint",
                         json_object_get_string_member (fingerprints, "sha256"));
  pki_tool_append_field (text, "SHA-1 fingerprint",
                         json_object_get_string_member (fingerprints, "sha1"));
  pki_tool_append_extensions_text (text, cert);
}

static int
cert_show (int argc, char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new ("FILE");
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) certs = NULL;
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  gboolean json = FALSE, der = FALSE, all = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, &json,
      "Print a JSON object (with --all, an array of them)", NULL },
    { "der", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, &der,
      "FILE is DER (found from its contents otherwise)", NULL },
    { "all", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, &all,
      "Show every certificate of a PEM bundle, not only the first", NULL },
    G_OPTION_ENTRY_NULL
  };
  const char *file;
  int status;

  g_option_context_set_summary (context,
                                "Show a certificate: subject, issuer, serial, validity, key,\n"
                                "signature algorithm, SHA-256 and SHA-1 fingerprints and each\n"
                                "extension.  FILE '-' is standard input.");
  status = pki_tool_parse_command (context, entries, NULL, &argc, &argv, &file);
  if (status != PKI_TOOL_CONTINUE)
    return status;

  certs = pki_tool_read_certs (file, der, all, &error);
  if (certs == NULL)
    return pki_tool_fail (error);

  if (all)
    json_builder_begin_array (builder);
  for (guint i = 0; i < certs->len; i++)
    if (!describe_cert (builder, g_ptr_array_index (certs, i), &error))
      return pki_tool_fail (error);
  if (all)
    json_builder_end_array (builder);
  return pki_tool_print_description (builder, json, append_text);
}

/* --- pki cert fingerprint ------------------------------------------------- */

static int
cert_fingerprint (int argc, char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new ("FILE");
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) certs = NULL;
  g_autofree gchar *digest = NULL;
  g_autofree gchar *hex = NULL;
  g_autofree gchar *line = NULL;
  gboolean der = FALSE;
  const GOptionEntry entries[] = {
    { "digest", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &digest,
      "Digest NAME (default " DEFAULT_DIGEST ")", "NAME" },
    { "der", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, &der,
      "FILE is DER (found from its contents otherwise)", NULL },
    G_OPTION_ENTRY_NULL
  };
  const char *file;
  int status;

  g_option_context_set_summary (context,
                                "Print the fingerprint (digest of the DER) of a certificate as\n"
                                "`openssl x509 -noout -fingerprint -DIGEST` does:\n"
                                "\"sha256 Fingerprint=AB:CD:...\".  FILE '-' is standard input.");
  status = pki_tool_parse_command (context, entries, NULL, &argc, &argv, &file);
  if (status != PKI_TOOL_CONTINUE)
    return status;
  if (digest == NULL)
    digest = g_strdup (DEFAULT_DIGEST);

  certs = pki_tool_read_certs (file, der, FALSE, &error);
  if (certs == NULL)
    return pki_tool_fail (error);
  hex = pki_x509_digest (g_ptr_array_index (certs, 0), digest, &error);
  if (hex == NULL)
    return pki_tool_fail (error);
  /* openssl names the digest as it was given ("-sha256", "-SHA256"). */
  line = g_strdup_printf ("%s Fingerprint=%s\n", digest, hex);
  if (!pki_tool_print (line, &error))
    return pki_tool_fail (error);
  return PKI_EXIT_OK;
}

/* --- pki cert convert ----------------------------------------------------- */

static int
cert_convert (int argc, char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new ("FILE");
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) certs = NULL;
  g_autoptr (GBytes) output = NULL;
  g_autofree gchar *to = NULL;
  g_autofree gchar *out = NULL;
  const GOptionEntry entries[] = {
    { "to", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &to,
      "Output encoding: der or pem (required)", "FORMAT" },
    { "out", 'o', G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME, &out,
      "Write the certificate to FILE (default: standard output)", "FILE" },
    G_OPTION_ENTRY_NULL
  };
  PkiFiletype type;
  const char *file;
  int status;

  g_option_context_set_summary (context,
                                "Convert a certificate between PEM and DER.  The input encoding is\n"
                                "found from the contents; of a PEM bundle, the first certificate\n"
                                "is converted.  FILE '-' is standard input.");
  status = pki_tool_parse_command (context, entries, NULL, &argc, &argv, &file);
  if (status != PKI_TOOL_CONTINUE)
    return status;
  if (to == NULL)
    return pki_tool_usage_error ("missing --to (der or pem)");
  if (g_ascii_strcasecmp (to, "der") == 0)
    type = PKI_FILETYPE_ASN1;
  else if (g_ascii_strcasecmp (to, "pem") == 0)
    type = PKI_FILETYPE_PEM;
  else
    return pki_tool_usage_error ("unknown --to '%s' (der or pem)", to);

  certs = pki_tool_read_certs (file, FALSE, FALSE, &error);
  if (certs == NULL)
    return pki_tool_fail (error);
  output = pki_x509_dump (g_ptr_array_index (certs, 0), type, &error);
  if (output == NULL || !pki_tool_write (out, output, FALSE, &error))
    return pki_tool_fail (error);
  return PKI_EXIT_OK;
}

/* --- the group ------------------------------------------------------------ */

/* The `pki cert` commands, registered in pki.c. */
const PkiToolCommand pki_cert_commands[] = {
  { "selfsign", "Make a self-signed certificate for a key", cert_selfsign, NULL },
  { "issue", "Issue a certificate from a signing request, as a CA", cert_issue, NULL },
  { "show", "Show a certificate's fields, fingerprints and extensions", cert_show, NULL },
  { "fingerprint", "Print a certificate's fingerprint as openssl does", cert_fingerprint, NULL },
  { "convert", "Convert a certificate between PEM and DER", cert_convert, NULL },
  { NULL, NULL, NULL, NULL }
};
