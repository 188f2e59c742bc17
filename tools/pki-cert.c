/* pki cert: make, inspect and convert X.509 certificates.
 *
 *   pki cert selfsign --key FILE --subject NAME [...]
 *   pki cert show [--json] [--all] FILE
 *   pki cert fingerprint [--digest NAME] FILE
 *   pki cert convert --to der|pem FILE
 * SPDX-License-Identifier: MIT
 */
#include "tools/pki-tool.h"

#include <string.h>

#define DEFAULT_DAYS 365
#define DEFAULT_DIGEST "sha256"

/* --- reading certificates ------------------------------------------------- */

/* Reads the certificates of @file ("-": standard input), PEM or DER (told
 * apart by the contents unless @der): the first one, or with @all every
 * CERTIFICATE block of a PEM file.  Errors name the file. */
static GPtrArray *
read_certs (const char *file, gboolean der, gboolean all, GError **error)
{
  g_autoptr (GBytes) data = NULL;
  g_autoptr (GPtrArray) certs = NULL;
  PkiFiletype type;
  PkiX509 *cert;
  const guint8 *bytes;
  gsize len = 0;

  data = pki_tool_read (file, error);
  if (data == NULL)
    return NULL;
  type = der ? PKI_FILETYPE_ASN1 : pki_tool_guess_filetype (data);
  bytes = pki_tool_bytes (data, &len);
  if (all && type == PKI_FILETYPE_PEM)
    certs = pki_x509_load_pem_bundle (bytes, len, error);
  else if ((cert = pki_x509_load (type, bytes, len, error)) != NULL)
    {
      certs = g_ptr_array_new_with_free_func ((GDestroyNotify) pki_x509_unref);
      g_ptr_array_add (certs, cert);
    }
  if (certs == NULL)
    g_prefix_error (error, "%s: ", g_str_equal (file, "-") ? "standard input" : file);
  return g_steal_pointer (&certs);
}

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

/* Makes one extension of @cert, with @cert as its own subject and issuer
 * (what "hash" and "keyid:always" need), and adds it.  @option names the
 * command-line option the value came from, for the error message. */
static gboolean
add_extension (PkiX509 *cert, const char *type_name, gboolean critical, const char *value,
               const char *option, GError **error)
{
  g_autoptr (PkiX509Extension) ext = NULL;

  ext = pki_x509_extension_new (type_name, critical, value, cert, cert, error);
  if (ext == NULL)
    {
      if (option != NULL)
        g_prefix_error (error, "%s: ", option);
      return FALSE;
    }
  return pki_x509_add_extensions (cert, &ext, 1, error);
}

/* The keyUsage of a self-signed certificate: a CA signs certificates and
 * CRLs; a leaf signs, and an RSA leaf also takes key transport (RSA key
 * exchange in TLS 1.2). */
static const char *
key_usage_for (PkiPKey *key, gboolean ca)
{
  if (ca)
    return "keyCertSign,cRLSign,digitalSignature";
  if (pki_pkey_get_key_type (key) == PKI_PKEY_TYPE_RSA)
    return "digitalSignature,keyEncipherment";
  return "digitalSignature";
}

static PkiX509 *
make_selfsigned (PkiPKey *key, PkiX509Name *subject, const SelfsignSpec *spec, GError **error)
{
  g_autoptr (PkiX509) cert = pki_x509_new ();
  gboolean ok;

  if (spec->serial != NULL)
    {
      if (!pki_x509_set_serial (cert, spec->serial, error))
        {
          g_prefix_error (error, "--serial: ");
          return NULL;
        }
    }
  else if (!pki_x509_set_random_serial (cert, error))
    return NULL;

  ok = pki_x509_set_subject (cert, subject, error)
       && pki_x509_set_issuer (cert, subject, error)
       && pki_x509_set_not_before (cert, spec->not_before, error)
       && pki_x509_set_not_after (cert, spec->not_after, error)
       && pki_x509_set_pubkey (cert, key, error)
       && add_extension (cert, "basicConstraints", TRUE, spec->ca ? "CA:TRUE" : "CA:FALSE",
                         NULL, error)
       && add_extension (cert, "keyUsage", TRUE, key_usage_for (key, spec->ca), NULL, error)
       && (spec->eku == NULL
           || add_extension (cert, "extendedKeyUsage", FALSE, spec->eku, "--eku", error))
       && (spec->san == NULL
           || add_extension (cert, "subjectAltName", FALSE, spec->san, "--san", error))
       /* The authority key id copies the subject key id: that one first. */
       && add_extension (cert, "subjectKeyIdentifier", FALSE, "hash", NULL, error)
       && add_extension (cert, "authorityKeyIdentifier", FALSE, "keyid:always", NULL, error)
       && pki_x509_sign (cert, key, spec->digest, error);
  return ok ? g_steal_pointer (&cert) : NULL;
}

static gboolean
signs_without_digest (PkiPKey *key)
{
  PkiPKeyType type = pki_pkey_get_key_type (key);

  return type == PKI_PKEY_TYPE_ED25519 || type == PKI_PKEY_TYPE_ED448;
}

static int
cert_selfsign (int argc, char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new (NULL);
  g_auto (PkiToolPassphraseSource) source = { NULL, NULL };
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) key_data = NULL;
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
  guint64 days = DEFAULT_DAYS;
  int status;

  g_option_context_set_summary (context,
                                "Make a self-signed certificate for a key: issuer = subject, a\n"
                                "random serial, valid from now, with basicConstraints and keyUsage\n"
                                "(critical), subject and authority key identifiers, and the\n"
                                "subjectAltName and extendedKeyUsage asked for.  A passphrase\n"
                                "source decrypts the key.");
  g_option_context_add_main_entries (context, entries, NULL);
  pki_tool_add_passphrase_options (context, &source);
  status = pki_tool_parse (context, &argc, &argv);
  if (status != PKI_TOOL_CONTINUE)
    return status;
  if (argc > 1)
    return pki_tool_usage_error ("unexpected argument '%s'", argv[1]);
  status = pki_tool_check_passphrase_source (&source);
  if (status != PKI_TOOL_CONTINUE)
    return status;
  if (key_file == NULL)
    return pki_tool_usage_error ("missing --key FILE");
  if (subject_text == NULL)
    return pki_tool_usage_error ("missing --subject NAME");
  if (*subject_text == '\0')
    return pki_tool_usage_error ("--subject is empty; a self-signed certificate needs a name");
  if (days_text != NULL
      && !g_ascii_string_to_unsigned (days_text, 10, 1, G_MAXINT, &days, NULL))
    return pki_tool_usage_error ("invalid --days value '%s'", days_text);
  now = g_date_time_new_now_utc ();
  not_after = g_date_time_add_days (now, (gint) days);
  if (not_after == NULL)
    return pki_tool_usage_error ("--days %s reaches past the year 9999", days_text);
  if (source.file != NULL && g_str_equal (source.file, "-") && g_str_equal (key_file, "-"))
    return pki_tool_usage_error ("the key and the passphrase cannot both be standard input");

  key_data = pki_tool_read (key_file, &error);
  if (key_data == NULL)
    return pki_tool_fail (error);
  key = pki_tool_load_private (pki_tool_guess_filetype (key_data), key_data, key_file, &source,
                               &error);
  if (key == NULL)
    {
      g_prefix_error (&error, "%s: ", g_str_equal (key_file, "-") ? "standard input" : key_file);
      return pki_tool_fail (error);
    }
  subject = pki_x509_name_parse (subject_text, &error);
  if (subject == NULL)
    {
      g_prefix_error (&error, "--subject: ");
      return pki_tool_fail (error);
    }

  /* Known only once the key is read, so a failure (status 1), not a usage
   * error; said in the command's words rather than the library's. */
  if (digest != NULL && signs_without_digest (key))
    {
      g_set_error (&error, PKI_ERROR, PKI_ERROR_UNSUPPORTED,
                   "--digest: %s keys sign without a digest; leave --digest out",
                   pki_pkey_get_type_name (key));
      return pki_tool_fail (error);
    }

  spec.ca = ca;
  spec.san = san;
  spec.eku = eku;
  spec.serial = serial;
  spec.digest = digest != NULL ? digest : signs_without_digest (key) ? NULL : DEFAULT_DIGEST;
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

/* --- pki cert show -------------------------------------------------------- */

/* The keyUsage bits in order, by the names OpenSSL's configuration uses. */
static const struct
{
  PkiKeyUsage flag;
  const char *name;
} key_usages[] = {
  { PKI_KEY_USAGE_DIGITAL_SIGNATURE, "digitalSignature" },
  { PKI_KEY_USAGE_NON_REPUDIATION, "nonRepudiation" },
  { PKI_KEY_USAGE_KEY_ENCIPHERMENT, "keyEncipherment" },
  { PKI_KEY_USAGE_DATA_ENCIPHERMENT, "dataEncipherment" },
  { PKI_KEY_USAGE_KEY_AGREEMENT, "keyAgreement" },
  { PKI_KEY_USAGE_KEY_CERT_SIGN, "keyCertSign" },
  { PKI_KEY_USAGE_CRL_SIGN, "cRLSign" },
  { PKI_KEY_USAGE_ENCIPHER_ONLY, "encipherOnly" },
  { PKI_KEY_USAGE_DECIPHER_ONLY, "decipherOnly" },
};

/* A GeneralName's kind by the prefix OpenSSL's configuration (and --san)
 * uses for it, so a shown name can be given back. */
static const char *
general_name_type (PkiGeneralNameKind kind)
{
  switch (kind)
    {
    case PKI_GENERAL_NAME_OTHER: return "otherName";
    case PKI_GENERAL_NAME_EMAIL: return "email";
    case PKI_GENERAL_NAME_DNS: return "DNS";
    case PKI_GENERAL_NAME_X400: return "x400Address";
    case PKI_GENERAL_NAME_DIRNAME: return "dirName";
    case PKI_GENERAL_NAME_EDIPARTY: return "ediPartyName";
    case PKI_GENERAL_NAME_URI: return "URI";
    case PKI_GENERAL_NAME_IP: return "IP";
    case PKI_GENERAL_NAME_RID: return "RID";
    default: return "unknown";
    }
}

/* Adds member @name: the string @value, or null when @value is NULL. */
static void
add_string_member (JsonBuilder *builder, const char *name, const char *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

/* Adds member @name: the time @when as ISO 8601, or null. */
static void
add_time_member (JsonBuilder *builder, const char *name, GDateTime *when)
{
  g_autofree gchar *text = when != NULL ? pki_tool_iso8601 (when) : NULL;

  add_string_member (builder, name, text);
}

static void
add_key (JsonBuilder *builder, PkiX509 *cert)
{
  g_autoptr (PkiPKey) key = pki_x509_get_pubkey (cert, NULL);

  json_builder_set_member_name (builder, "key");
  if (key == NULL)
    {
      /* A key algorithm OpenSSL cannot read: still show the rest. */
      json_builder_add_null_value (builder);
      return;
    }
  json_builder_begin_object (builder);
  add_string_member (builder, "type", pki_pkey_get_type_name (key));
  json_builder_set_member_name (builder, "bits");
  json_builder_add_int_value (builder, pki_pkey_get_bits (key));
  add_string_member (builder, "curve", pki_pkey_get_key_type (key) == PKI_PKEY_TYPE_EC
                                         ? pki_pkey_get_curve_name (key) : NULL);
  json_builder_end_object (builder);
}

/* Adds "extensions": every extension with its type, critical flag and the
 * text `openssl x509 -text` prints for it. */
static gboolean
add_extension_list (JsonBuilder *builder, PkiX509 *cert, GError **error)
{
  guint count = pki_x509_get_extension_count (cert);

  json_builder_set_member_name (builder, "extensions");
  json_builder_begin_array (builder);
  for (guint i = 0; i < count; i++)
    {
      g_autoptr (PkiX509Extension) ext = pki_x509_get_extension (cert, i, error);
      g_autofree gchar *name = NULL;
      g_autofree gchar *oid = NULL;
      g_autofree gchar *raw = NULL;
      g_autofree gchar *value = NULL;
      gsize len = 0;

      if (ext == NULL)
        return FALSE;
      name = pki_x509_extension_get_short_name (ext);
      oid = pki_x509_extension_get_oid (ext);
      raw = pki_x509_extension_to_string (ext, &len);
      value = pki_tool_printable (raw, len);
      json_builder_begin_object (builder);
      add_string_member (builder, "name", name);
      add_string_member (builder, "oid", oid);
      json_builder_set_member_name (builder, "critical");
      json_builder_add_boolean_value (builder, pki_x509_extension_get_critical (ext));
      add_string_member (builder, "value", value);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  return TRUE;
}

static void
add_subject_alt_names (JsonBuilder *builder, PkiX509Extension *ext)
{
  g_autoptr (GPtrArray) names = ext != NULL ? pki_x509_extension_get_general_names (ext, NULL)
                                            : NULL;

  json_builder_set_member_name (builder, "subject_alt_names");
  if (names == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }
  json_builder_begin_array (builder);
  for (guint i = 0; i < names->len; i++)
    {
      PkiGeneralName *gn = g_ptr_array_index (names, i);
      gsize len = 0;
      const char *raw = pki_general_name_get_value (gn, &len);
      g_autofree gchar *value = pki_tool_printable (raw, len);

      json_builder_begin_object (builder);
      add_string_member (builder, "type", general_name_type (pki_general_name_get_kind (gn)));
      add_string_member (builder, "value", value);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
add_basic_constraints (JsonBuilder *builder, PkiX509Extension *ext)
{
  gboolean ca = FALSE;
  gint path_length = -1;

  json_builder_set_member_name (builder, "basic_constraints");
  if (ext == NULL || !pki_x509_extension_get_basic_constraints (ext, &ca, &path_length, NULL))
    {
      json_builder_add_null_value (builder);
      return;
    }
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "ca");
  json_builder_add_boolean_value (builder, ca);
  json_builder_set_member_name (builder, "path_length");
  if (path_length >= 0)
    json_builder_add_int_value (builder, path_length);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
}

static void
add_key_usage (JsonBuilder *builder, PkiX509Extension *ext)
{
  PkiKeyUsage usage = 0;

  json_builder_set_member_name (builder, "key_usage");
  if (ext == NULL || !pki_x509_extension_get_key_usage (ext, &usage, NULL))
    {
      json_builder_add_null_value (builder);
      return;
    }
  json_builder_begin_array (builder);
  for (guint i = 0; i < G_N_ELEMENTS (key_usages); i++)
    if (usage & key_usages[i].flag)
      json_builder_add_string_value (builder, key_usages[i].name);
  json_builder_end_array (builder);
}

static void
add_extended_key_usage (JsonBuilder *builder, PkiX509Extension *ext)
{
  g_auto (GStrv) oids = ext != NULL ? pki_x509_extension_get_extended_key_usage (ext, NULL)
                                    : NULL;

  json_builder_set_member_name (builder, "extended_key_usage");
  if (oids == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }
  json_builder_begin_array (builder);
  for (guint i = 0; oids[i] != NULL; i++)
    json_builder_add_string_value (builder, oids[i]);
  json_builder_end_array (builder);
}

/* Adds member @name: the key identifier of @ext (SKI, or an AKI's keyid) in
 * colon hex, or null. */
static void
add_key_identifier (JsonBuilder *builder, const char *name, PkiX509Extension *ext)
{
  g_autoptr (GBytes) id = ext != NULL ? pki_x509_extension_get_key_identifier (ext, NULL)
                                      : NULL;
  g_autofree gchar *hex = id != NULL ? pki_tool_hex_colons (id) : NULL;

  add_string_member (builder, name, hex);
}

/* Adds the decoded values of the extensions the library has typed getters
 * for; each is null when the certificate has no such extension or its value
 * does not decode (the "extensions" list still shows it). */
static void
add_typed_extensions (JsonBuilder *builder, PkiX509 *cert)
{
  g_autoptr (PkiX509Extension) san = pki_x509_get_extension_by_oid (cert, "subjectAltName", NULL);
  g_autoptr (PkiX509Extension) bc = pki_x509_get_extension_by_oid (cert, "basicConstraints", NULL);
  g_autoptr (PkiX509Extension) ku = pki_x509_get_extension_by_oid (cert, "keyUsage", NULL);
  g_autoptr (PkiX509Extension) eku = pki_x509_get_extension_by_oid (cert, "extendedKeyUsage",
                                                                    NULL);
  g_autoptr (PkiX509Extension) ski = pki_x509_get_extension_by_oid (cert, "subjectKeyIdentifier",
                                                                    NULL);
  g_autoptr (PkiX509Extension) aki = pki_x509_get_extension_by_oid (cert,
                                                                    "authorityKeyIdentifier",
                                                                    NULL);

  add_subject_alt_names (builder, san);
  add_basic_constraints (builder, bc);
  add_key_usage (builder, ku);
  add_extended_key_usage (builder, eku);
  add_key_identifier (builder, "subject_key_identifier", ski);
  add_key_identifier (builder, "authority_key_identifier", aki);
}

/* Adds member @member: the RFC 4514 text of @name. */
static void
add_name (JsonBuilder *builder, const char *member, PkiX509Name *name)
{
  g_autofree gchar *raw = pki_x509_name_to_string (name);
  g_autofree gchar *text = pki_tool_printable (raw, strlen (raw));

  add_string_member (builder, member, text);
}

/* Everything `pki cert show` says about @cert, as the JSON object --json
 * prints; the text output is made from it too. */
static gboolean
describe_cert (JsonBuilder *builder, PkiX509 *cert, GError **error)
{
  g_autoptr (PkiX509Name) subject = pki_x509_get_subject (cert);
  g_autoptr (PkiX509Name) issuer = pki_x509_get_issuer (cert);
  g_autoptr (GDateTime) not_before = pki_x509_get_not_before (cert);
  g_autoptr (GDateTime) not_after = pki_x509_get_not_after (cert);
  g_autoptr (GError) expiry_error = NULL;
  g_autoptr (GError) sigalg_error = NULL;
  g_autofree gchar *serial = pki_x509_get_serial (cert);
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

  json_builder_begin_object (builder);
  add_name (builder, "subject", subject);
  add_name (builder, "issuer", issuer);
  add_string_member (builder, "serial", serial);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, pki_x509_get_version (cert) + 1);
  add_time_member (builder, "not_before", not_before);
  add_time_member (builder, "not_after", not_after);
  json_builder_set_member_name (builder, "expired");
  if (expiry_error == NULL)
    json_builder_add_boolean_value (builder, expired);
  else
    json_builder_add_null_value (builder);
  add_key (builder, cert);
  add_string_member (builder, "signature_algorithm", sigalg);
  json_builder_set_member_name (builder, "fingerprints");
  json_builder_begin_object (builder);
  add_string_member (builder, "sha256", sha256);
  add_string_member (builder, "sha1", sha1);
  json_builder_end_object (builder);
  if (!add_extension_list (builder, cert, error))
    return FALSE;
  add_typed_extensions (builder, cert);
  json_builder_end_object (builder);
  return TRUE;
}

/* One "Label:  value" line of the text output, values aligned. */
static void
append_field (GString *text, const char *label, const char *value)
{
  g_autofree gchar *colon = g_strconcat (label, ":", NULL);

  g_string_append_printf (text, "%-21s%s\n", colon, value != NULL ? value : "none");
}

/* The text output of one certificate, from its JSON description. */
static void
append_text (GString *text, JsonObject *cert)
{
  JsonObject *key = json_object_get_null_member (cert, "key")
                      ? NULL : json_object_get_object_member (cert, "key");
  JsonObject *fingerprints = json_object_get_object_member (cert, "fingerprints");
  JsonArray *extensions = json_object_get_array_member (cert, "extensions");
  g_autofree gchar *version = g_strdup_printf ("%" G_GINT64_FORMAT,
                                               json_object_get_int_member (cert, "version"));
  const char *expired = json_object_get_null_member (cert, "expired")
                          ? "unknown (no notAfter)"
                          : json_object_get_boolean_member (cert, "expired") ? "yes" : "no";

  append_field (text, "Subject", json_object_get_string_member (cert, "subject"));
  append_field (text, "Issuer", json_object_get_string_member (cert, "issuer"));
  append_field (text, "Serial", json_object_get_string_member (cert, "serial"));
  append_field (text, "Version", version);
  append_field (text, "Not before", json_object_get_string_member (cert, "not_before"));
  append_field (text, "Not after", json_object_get_string_member (cert, "not_after"));
  append_field (text, "Expired", expired);
  if (key != NULL)
    {
      g_autofree gchar *bits = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                json_object_get_int_member (key, "bits"));

      append_field (text, "Key type", json_object_get_string_member (key, "type"));
      append_field (text, "Key bits", bits);
      if (!json_object_get_null_member (key, "curve"))
        append_field (text, "Key curve", json_object_get_string_member (key, "curve"));
    }
  else
    append_field (text, "Key type", "unknown (OpenSSL cannot read the key)");
  append_field (text, "Signature algorithm",
                json_object_get_string_member (cert, "signature_algorithm"));
  append_field (text, "SHA-256 fingerprint", json_object_get_string_member (fingerprints, "sha256"));
  append_field (text, "SHA-1 fingerprint", json_object_get_string_member (fingerprints, "sha1"));
  if (json_array_get_length (extensions) == 0)
    append_field (text, "Extensions", "none");
  else
    g_string_append (text, "Extensions:\n");
  for (guint i = 0; i < json_array_get_length (extensions); i++)
    {
      JsonObject *ext = json_array_get_object_element (extensions, i);
      g_auto (GStrv) lines = g_strsplit (json_object_get_string_member (ext, "value"), "\n", -1);

      g_string_append_printf (text, "  %s%s:\n", json_object_get_string_member (ext, "name"),
                              json_object_get_boolean_member (ext, "critical") ? " (critical)" : "");
      for (guint j = 0; lines[j] != NULL; j++)
        if (lines[j][0] != '\0')
          g_string_append_printf (text, "      %s\n", lines[j]);
    }
}

static int
cert_show (int argc, char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new ("FILE");
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) certs = NULL;
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
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
  g_option_context_add_main_entries (context, entries, NULL);
  status = pki_tool_parse (context, &argc, &argv);
  if (status != PKI_TOOL_CONTINUE)
    return status;
  status = pki_tool_expect_file (argc, argv, &file);
  if (status != PKI_TOOL_CONTINUE)
    return status;

  certs = read_certs (file, der, all, &error);
  if (certs == NULL)
    return pki_tool_fail (error);

  if (all)
    json_builder_begin_array (builder);
  for (guint i = 0; i < certs->len; i++)
    if (!describe_cert (builder, g_ptr_array_index (certs, i), &error))
      return pki_tool_fail (error);
  if (all)
    json_builder_end_array (builder);
  root = json_builder_get_root (builder);

  if (json)
    {
      if (!pki_tool_print_json (root, &error))
        return pki_tool_fail (error);
    }
  else
    {
      g_autoptr (GString) text = g_string_new (NULL);
      JsonArray *array = all ? json_node_get_array (root) : NULL;

      if (array == NULL)
        append_text (text, json_node_get_object (root));
      for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
        {
          if (i > 0)
            g_string_append_c (text, '\n');
          append_text (text, json_array_get_object_element (array, i));
        }
      if (!pki_tool_print (text->str, &error))
        return pki_tool_fail (error);
    }
  return PKI_EXIT_OK;
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
  g_option_context_add_main_entries (context, entries, NULL);
  status = pki_tool_parse (context, &argc, &argv);
  if (status != PKI_TOOL_CONTINUE)
    return status;
  status = pki_tool_expect_file (argc, argv, &file);
  if (status != PKI_TOOL_CONTINUE)
    return status;
  if (digest == NULL)
    digest = g_strdup (DEFAULT_DIGEST);

  certs = read_certs (file, der, FALSE, &error);
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
  g_option_context_add_main_entries (context, entries, NULL);
  status = pki_tool_parse (context, &argc, &argv);
  if (status != PKI_TOOL_CONTINUE)
    return status;
  status = pki_tool_expect_file (argc, argv, &file);
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

  certs = read_certs (file, FALSE, FALSE, &error);
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
  { "show", "Show a certificate's fields, fingerprints and extensions", cert_show, NULL },
  { "fingerprint", "Print a certificate's fingerprint as openssl does", cert_fingerprint, NULL },
  { "convert", "Convert a certificate between PEM and DER", cert_convert, NULL },
  { NULL, NULL, NULL, NULL }
};
