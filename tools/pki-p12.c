/* pki p12: PKCS#12 bundles (.p12, .pfx): a key, its certificate and CA
 * certificates under one passphrase.
 *
 *   pki p12 show [--passphrase-file F | --passphrase-env V | --no-passphrase] [--json] FILE
 *   pki p12 pack --cert FILE --key FILE [--ca FILE ...] [--name NAME] [...] --out FILE
 *   pki p12 unpack [--passphrase...] [--out-key F] [--out-cert F] [--out-ca F] FILE
 * SPDX-License-Identifier: MIT
 */
#include "tools/pki-tool.h"

#include <stdio.h>
#include <string.h>

/* --- shared by the p12 commands ------------------------------------------- */

/* Checks the options that give the passphrase of a bundle being read: one
 * source, or --no-passphrase, or a terminal to ask on. */
static int
check_read_passphrase (const PkiToolPassphraseSource *source, gboolean no_passphrase,
                       const char *file)
{
  int status = pki_tool_check_passphrase_source (source);

  if (status != PKI_TOOL_CONTINUE)
    return status;
  if (no_passphrase && pki_tool_passphrase_given (source))
    return pki_tool_usage_error ("--no-passphrase and --passphrase-%s exclude each other",
                                 source->file != NULL ? "file" : "env");
  if (!no_passphrase && !pki_tool_passphrase_given (source) && !pki_tool_can_prompt (file))
    return pki_tool_usage_error ("missing --passphrase-file or --passphrase-env (or "
                                 "--no-passphrase for a bundle that has none)");
  if (source->file != NULL && g_str_equal (source->file, "-") && g_str_equal (file, "-"))
    return pki_tool_usage_error ("the bundle and the passphrase cannot both be standard input");
  return PKI_TOOL_CONTINUE;
}

/* Reads the bundle in @file: with the passphrase of @source (or typed on
 * the terminal), or with none (NULL, not "") when @no_passphrase.  Errors
 * name the file. */
static PkiPkcs12 *
read_bundle (const char *file, const PkiToolPassphraseSource *source, gboolean no_passphrase,
             GError **error)
{
  g_autoptr (GBytes) data = pki_tool_read (file, error);
  g_autoptr (PkiToolSecret) passphrase = NULL;
  PkiPkcs12 *p12;
  const guint8 *bytes;
  gsize len = 0;

  if (data == NULL)
    return NULL;
  if (!no_passphrase)
    {
      passphrase = pki_tool_ask_passphrase (source, pki_tool_display_name (file), FALSE, error);
      if (passphrase == NULL)
        return NULL;
    }
  bytes = pki_tool_bytes (data, &len);
  p12 = pki_pkcs12_load (bytes, len, passphrase, error);
  if (p12 == NULL)
    g_prefix_error (error, "%s: ", pki_tool_display_name (file));
  return p12;
}

/* --- pki p12 show --------------------------------------------------------- */

/* Adds member @name: {"algorithm", "iterations"} of an encryption or MAC,
 * null when @algorithm is NULL (not encrypted); iterations null when not
 * known. */
static void
add_protection (JsonBuilder *builder, const char *name, const char *algorithm_member,
                const char *algorithm, gint iterations)
{
  json_builder_set_member_name (builder, name);
  if (algorithm == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }
  json_builder_begin_object (builder);
  pki_tool_add_string_member (builder, algorithm_member, algorithm);
  json_builder_set_member_name (builder, "iterations");
  if (iterations >= 0)
    json_builder_add_int_value (builder, iterations);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
}

/* Everything `pki p12 show` says about @p12, as the JSON object --json
 * prints; the text output is made from it. */
static void
describe_bundle (JsonBuilder *builder, PkiPkcs12 *p12)
{
  g_autoptr (PkiPKey) key = pki_pkcs12_get_privatekey (p12);
  g_autoptr (PkiX509) cert = pki_pkcs12_get_certificate (p12);
  g_autoptr (GPtrArray) cas = pki_pkcs12_get_ca_certificates (p12);
  g_autoptr (GBytes) key_id = pki_pkcs12_get_local_key_id (p12);
  g_autoptr (PkiPKey) cert_key = cert != NULL ? pki_x509_get_pubkey (cert, NULL) : NULL;
  g_autofree gchar *key_id_text = key_id != NULL ? pki_tool_hex_colons (key_id) : NULL;
  const char *raw_name = pki_pkcs12_get_friendlyname (p12);
  g_autofree gchar *name = raw_name != NULL ? pki_tool_printable (raw_name, strlen (raw_name))
                                            : NULL;

  json_builder_begin_object (builder);
  pki_tool_add_key_member (builder, key);
  json_builder_set_member_name (builder, "key_matches_certificate");
  if (key != NULL && cert != NULL)
    json_builder_add_boolean_value (builder,
                                    cert_key != NULL && pki_pkey_public_equal (cert_key, key));
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "certificate");
  if (cert != NULL)
    {
      json_builder_begin_object (builder);
      pki_tool_add_cert_summary_members (builder, cert);
      json_builder_end_object (builder);
    }
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "ca_certificates");
  pki_tool_add_cert_summaries (builder, cas);
  pki_tool_add_string_member (builder, "friendly_name", name);
  pki_tool_add_string_member (builder, "local_key_id", key_id_text);
  add_protection (builder, "mac", "digest", pki_pkcs12_get_mac_digest (p12),
                  pki_pkcs12_get_mac_iterations (p12));
  add_protection (builder, "key_encryption", "algorithm", pki_pkcs12_get_key_encryption (p12),
                  pki_pkcs12_get_key_iterations (p12));
  add_protection (builder, "certificate_encryption", "algorithm",
                  pki_pkcs12_get_cert_encryption (p12), pki_pkcs12_get_cert_iterations (p12));
  json_builder_end_object (builder);
}

/* "ALGORITHM, N iterations", or "none" for a null member. */
static gchar *
protection_text (JsonObject *object, const char *name, const char *algorithm_member)
{
  JsonObject *p;

  if (json_object_get_null_member (object, name))
    return g_strdup ("none");
  p = json_object_get_object_member (object, name);
  if (json_object_get_null_member (p, "iterations"))
    return g_strdup (json_object_get_string_member (p, algorithm_member));
  return g_strdup_printf ("%s, %" G_GINT64_FORMAT " iterations",
                          json_object_get_string_member (p, algorithm_member),
                          json_object_get_int_member (p, "iterations"));
}

static void
append_text (GString *text, JsonObject *bundle)
{
  JsonArray *cas = json_object_get_array_member (bundle, "ca_certificates");
  g_autofree gchar *mac = protection_text (bundle, "mac", "digest");
  g_autofree gchar *key_enc = protection_text (bundle, "key_encryption", "algorithm");
  g_autofree gchar *cert_enc = protection_text (bundle, "certificate_encryption", "algorithm");

  if (json_object_get_null_member (bundle, "key"))
    pki_tool_append_field (text, "Key", "none");
  else
    pki_tool_append_key_text (text, bundle);
  if (!json_object_get_null_member (bundle, "key_matches_certificate"))
    pki_tool_append_field (text, "Key matches cert",
                           json_object_get_boolean_member (bundle, "key_matches_certificate")
                             ? "yes" : "no");
  pki_tool_append_field (text, "Friendly name",
                         json_object_get_string_member (bundle, "friendly_name"));
  pki_tool_append_field (text, "Local key id",
                         json_object_get_string_member (bundle, "local_key_id"));
  pki_tool_append_field (text, "MAC", mac);
  pki_tool_append_field (text, "Key encryption", key_enc);
  pki_tool_append_field (text, "Cert encryption", cert_enc);
  if (json_object_get_null_member (bundle, "certificate"))
    pki_tool_append_field (text, "Certificate", "none");
  else
    {
      g_string_append (text, "Certificate:\n");
      pki_tool_append_cert_summary_text (text, 2,
                                         json_object_get_object_member (bundle, "certificate"));
    }
  if (json_array_get_length (cas) == 0)
    pki_tool_append_field (text, "CA certificates", "none");
  pki_tool_append_cert_summaries_text (text, "CA certificate", cas);
}

static int
p12_show (int argc, char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new ("FILE");
  g_auto (PkiToolPassphraseSource) source = { NULL, NULL };
  g_autoptr (GError) error = NULL;
  g_autoptr (PkiPkcs12) p12 = NULL;
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  gboolean json = FALSE, no_passphrase = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, &json, "Print a JSON object", NULL },
    { "no-passphrase", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, &no_passphrase,
      "The bundle has no passphrase at all (not even an empty one)", NULL },
    G_OPTION_ENTRY_NULL
  };
  const char *file;
  int status;

  g_option_context_set_summary (context,
                                "Show what a PKCS#12 bundle holds: the key's type and size and\n"
                                "whether it matches the certificate, the certificate and each CA\n"
                                "certificate (subject, issuer, serial, validity), the friendly\n"
                                "name, the local key id, and how the bundle is protected (MAC\n"
                                "digest, key and certificate encryption, iterations).  The MAC is\n"
                                "checked with the passphrase first.  FILE '-' is standard input.");
  status = pki_tool_parse_command (context, entries, &source, &argc, &argv, &file);
  if (status != PKI_TOOL_CONTINUE)
    return status;
  status = check_read_passphrase (&source, no_passphrase, file);
  if (status != PKI_TOOL_CONTINUE)
    return status;

  p12 = read_bundle (file, &source, no_passphrase, &error);
  if (p12 == NULL)
    return pki_tool_fail (error);
  describe_bundle (builder, p12);
  return pki_tool_print_description (builder, json, append_text);
}

/* --- pki p12 pack --------------------------------------------------------- */

/* The certificates of every --ca file, in order. */
static GPtrArray *
read_ca_files (char **files, GError **error)
{
  g_autoptr (GPtrArray) all = g_ptr_array_new_with_free_func ((GDestroyNotify) pki_x509_unref);

  if (!pki_tool_read_cert_files (all, files, error))
    return NULL;
  return g_steal_pointer (&all);
}

static int
p12_pack (int argc, char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new (NULL);
  g_auto (PkiToolPassphraseSource) source = { NULL, NULL };
  g_auto (PkiToolPassphraseSource) key_source = { NULL, NULL };
  g_autoptr (PkiToolSecret) passphrase = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (PkiX509) cert = NULL;
  g_autoptr (PkiPKey) key = NULL;
  g_autoptr (GPtrArray) cas = NULL;
  g_autoptr (GPtrArray) inputs = g_ptr_array_new ();
  g_autoptr (PkiPkcs12) p12 = NULL;
  g_autoptr (GBytes) output = NULL;
  g_auto (GStrv) ca_files = NULL;
  g_autofree gchar *cert_file = NULL;
  g_autofree gchar *key_file = NULL;
  g_autofree gchar *name = NULL;
  g_autofree gchar *iterations_text = NULL;
  g_autofree gchar *out = NULL;
  gboolean legacy = FALSE, stdin_used = FALSE;
  const GOptionEntry entries[] = {
    { "cert", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME, &cert_file,
      "The key's certificate, PEM or DER (the first of a bundle; required)", "FILE" },
    { "key", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME, &key_file,
      "The private key, PEM or DER (required)", "FILE" },
    { "ca", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME_ARRAY, &ca_files,
      "CA certificates to add, every one of a PEM file (repeatable)", "FILE" },
    { "name", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &name,
      "The friendly name importers show for the key and certificate", "NAME" },
    { "legacy", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, &legacy,
      "3DES key, RC2-40 certificates, SHA-1 MAC: for old importers (default: AES-256, "
      "PBKDF2, SHA-256 MAC)", NULL },
    { "iterations", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &iterations_text,
      "Key derivation and MAC iterations (default 2048)", "N" },
    { "out", 'o', G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME, &out,
      "Write the bundle (DER) to FILE, mode 0600 (required)", "FILE" },
    G_OPTION_ENTRY_NULL
  };
  guint64 iterations = 0;
  int status;

  g_option_context_set_summary (context,
                                "Pack a private key, its certificate and CA certificates into a\n"
                                "PKCS#12 bundle protected by a passphrase (asked twice on the\n"
                                "terminal when no source is given).  A key that does not match\n"
                                "the certificate is refused.  The --key-passphrase options\n"
                                "decrypt the key.");
  g_option_context_add_main_entries (context, entries, NULL);
  pki_tool_add_passphrase_options (context, &source);
  pki_tool_add_key_passphrase_options (context, &key_source,
                                       "Decrypt --key with the first line of FILE",
                                       "Decrypt --key with the value of variable VAR");
  status = pki_tool_parse (context, &argc, &argv);
  if (status != PKI_TOOL_CONTINUE)
    return status;
  if (argc > 1)
    return pki_tool_usage_error ("unexpected argument '%s'", argv[1]);
  status = pki_tool_check_passphrase_source (&source);
  if (status == PKI_TOOL_CONTINUE)
    status = pki_tool_check_key_passphrase_source (&key_source);
  if (status != PKI_TOOL_CONTINUE)
    return status;
  if (cert_file == NULL)
    return pki_tool_usage_error ("missing --cert FILE");
  if (key_file == NULL)
    return pki_tool_usage_error ("missing --key FILE");
  if (out == NULL)
    return pki_tool_usage_error ("missing --out FILE");
  if (iterations_text != NULL
      && !g_ascii_string_to_unsigned (iterations_text, 10, 1, 10000000, &iterations, NULL))
    return pki_tool_usage_error ("invalid --iterations value '%s' (1 to 10000000)",
                                 iterations_text);
  g_ptr_array_add (inputs, cert_file);
  g_ptr_array_add (inputs, key_file);
  g_ptr_array_add (inputs, source.file);
  g_ptr_array_add (inputs, key_source.file);
  for (guint i = 0; ca_files != NULL && ca_files[i] != NULL; i++)
    g_ptr_array_add (inputs, ca_files[i]);
  status = pki_tool_one_stdin ((const char *const *) inputs->pdata, inputs->len);
  if (status != PKI_TOOL_CONTINUE)
    return status;
  for (guint i = 0; i < inputs->len; i++)
    if (g_strcmp0 (g_ptr_array_index (inputs, i), "-") == 0)
      stdin_used = TRUE;
  if (!pki_tool_passphrase_given (&source) && !pki_tool_can_prompt (stdin_used ? "-" : out))
    return pki_tool_usage_error ("missing --passphrase-file or --passphrase-env");

  cert = pki_tool_read_cert (cert_file, FALSE, &error);
  if (cert == NULL)
    return pki_tool_fail (error);
  key = pki_tool_read_private_key (key_file, &key_source, &error);
  if (key == NULL
      || !pki_tool_check_key_pair (cert, "--cert", cert_file, key, "--key", key_file, &error))
    return pki_tool_fail (error);
  cas = read_ca_files (ca_files, &error);
  if (cas == NULL)
    return pki_tool_fail (error);
  passphrase = pki_tool_ask_passphrase (&source, pki_tool_display_name (out), TRUE, &error);
  if (passphrase == NULL)
    return pki_tool_fail (error);

  p12 = pki_pkcs12_new ();
  pki_pkcs12_set_certificate (p12, cert);
  pki_pkcs12_set_privatekey (p12, key);
  pki_pkcs12_set_ca_certificates (p12, (PkiX509 **) cas->pdata, cas->len);
  pki_pkcs12_set_friendlyname (p12, name);
  output = pki_pkcs12_export (p12, passphrase, (gint) iterations, 0,
                              legacy ? PKI_PKCS12_PROFILE_LEGACY : PKI_PKCS12_PROFILE_MODERN,
                              &error);
  if (output == NULL || !pki_tool_write (out, output, TRUE, &error))
    return pki_tool_fail (error);
  return PKI_EXIT_OK;
}

/* --- pki p12 unpack ------------------------------------------------------- */

/* The PEM of every certificate of @certs, one after the other. */
static GBytes *
certs_pem (GPtrArray *certs, GError **error)
{
  g_autoptr (GByteArray) all = g_byte_array_new ();

  for (guint i = 0; i < certs->len; i++)
    {
      g_autoptr (GBytes) pem = pki_x509_dump (g_ptr_array_index (certs, i), PKI_FILETYPE_PEM,
                                              error);
      gsize len = 0;
      const guint8 *data;

      if (pem == NULL)
        return NULL;
      data = g_bytes_get_data (pem, &len);
      g_byte_array_append (all, data, (guint) len);
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&all));
}

static int
p12_unpack (int argc, char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new ("FILE");
  g_auto (PkiToolPassphraseSource) source = { NULL, NULL };
  g_auto (PkiToolPassphraseSource) key_source = { NULL, NULL };
  g_autoptr (PkiToolSecret) key_passphrase = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (PkiPkcs12) p12 = NULL;
  g_autoptr (PkiPKey) key = NULL;
  g_autoptr (PkiX509) cert = NULL;
  g_autoptr (GPtrArray) cas = NULL;
  g_autoptr (GPtrArray) leaf = g_ptr_array_new ();
  g_autoptr (GBytes) key_pem = NULL;
  g_autoptr (GBytes) cert_pem = NULL;
  g_autoptr (GBytes) ca_pem = NULL;
  g_autofree gchar *out_key = NULL;
  g_autofree gchar *out_cert = NULL;
  g_autofree gchar *out_ca = NULL;
  gboolean no_passphrase = FALSE, any_out, encrypt_key;
  const GOptionEntry entries[] = {
    { "no-passphrase", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, &no_passphrase,
      "The bundle has no passphrase at all (not even an empty one)", NULL },
    { "out-key", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME, &out_key,
      "Write the private key (PEM PKCS#8) to FILE, mode 0600", "FILE" },
    { "out-cert", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME, &out_cert,
      "Write the key's certificate (PEM) to FILE", "FILE" },
    { "out-ca", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME, &out_ca,
      "Write the CA certificates (PEM, zero or more) to FILE", "FILE" },
    G_OPTION_ENTRY_NULL
  };
  const char *file;
  int status;

  g_option_context_set_summary (context,
                                "Take a PKCS#12 bundle apart.  With --out-key, --out-cert and\n"
                                "--out-ca, the parts asked for are written to files; without\n"
                                "them, the certificates are printed as PEM, and the key only when\n"
                                "a --key-passphrase option encrypts it.  FILE '-' is standard\n"
                                "input.");
  g_option_context_add_main_entries (context, entries, NULL);
  pki_tool_add_passphrase_options (context, &source);
  pki_tool_add_key_passphrase_options (context, &key_source,
                                       "Encrypt the written key with the first line of FILE "
                                       "(AES-256)",
                                       "Encrypt the written key with the value of variable VAR");
  status = pki_tool_parse (context, &argc, &argv);
  if (status != PKI_TOOL_CONTINUE)
    return status;
  status = pki_tool_expect_file (argc, argv, &file);
  if (status != PKI_TOOL_CONTINUE)
    return status;
  status = pki_tool_check_key_passphrase_source (&key_source);
  if (status != PKI_TOOL_CONTINUE)
    return status;
  status = check_read_passphrase (&source, no_passphrase, file);
  if (status != PKI_TOOL_CONTINUE)
    return status;
  any_out = out_key != NULL || out_cert != NULL || out_ca != NULL;
  encrypt_key = pki_tool_passphrase_given (&key_source);
  if (encrypt_key && any_out && out_key == NULL)
    return pki_tool_usage_error ("--key-passphrase-%s goes with --out-key",
                                 key_source.file != NULL ? "file" : "env");
  status = pki_tool_one_stdin ((const char *const[]) { file, source.file, key_source.file }, 3);
  if (status != PKI_TOOL_CONTINUE)
    return status;

  if (encrypt_key)
    {
      key_passphrase = pki_tool_read_new_passphrase (&key_source, &error);
      if (key_passphrase == NULL)
        return pki_tool_fail (error);
    }
  p12 = read_bundle (file, &source, no_passphrase, &error);
  if (p12 == NULL)
    return pki_tool_fail (error);
  key = pki_pkcs12_get_privatekey (p12);
  cert = pki_pkcs12_get_certificate (p12);
  cas = pki_pkcs12_get_ca_certificates (p12);
  if (out_key != NULL && key == NULL)
    {
      g_set_error (&error, PKI_ERROR, PKI_ERROR_BAD_INPUT, "%s holds no private key",
                   pki_tool_display_name (file));
      return pki_tool_fail (error);
    }
  if (out_cert != NULL && cert == NULL)
    {
      g_set_error (&error, PKI_ERROR, PKI_ERROR_BAD_INPUT, "%s holds no certificate for a key",
                   pki_tool_display_name (file));
      return pki_tool_fail (error);
    }

  /* Everything is encoded before anything is written. */
  if (key != NULL && (out_key != NULL || (!any_out && encrypt_key)))
    {
      key_pem = pki_pkey_dump_private_full (key, PKI_FILETYPE_PEM, PKI_KEY_FORMAT_PKCS8, NULL,
                                            key_passphrase, &error);
      if (key_pem == NULL)
        return pki_tool_fail (error);
    }
  if (cert != NULL)
    g_ptr_array_add (leaf, cert);
  cert_pem = certs_pem (leaf, &error);
  if (cert_pem == NULL)
    return pki_tool_fail (error);
  ca_pem = certs_pem (cas, &error);
  if (ca_pem == NULL)
    return pki_tool_fail (error);

  if (!any_out)
    {
      if ((key_pem != NULL && !pki_tool_write (NULL, key_pem, FALSE, &error))
          || !pki_tool_write (NULL, cert_pem, FALSE, &error)
          || !pki_tool_write (NULL, ca_pem, FALSE, &error))
        return pki_tool_fail (error);
      if (key != NULL && !encrypt_key)
        fprintf (stderr, "pki: the private key was not printed: unencrypted keys go only to "
                         "--out-key FILE (mode 0600), or add --key-passphrase-file\n");
      return PKI_EXIT_OK;
    }
  if ((out_key != NULL && !pki_tool_write (out_key, key_pem, TRUE, &error))
      || (out_cert != NULL && !pki_tool_write (out_cert, cert_pem, FALSE, &error))
      || (out_ca != NULL && !pki_tool_write (out_ca, ca_pem, FALSE, &error)))
    return pki_tool_fail (error);
  return PKI_EXIT_OK;
}

/* --- the group ------------------------------------------------------------ */

/* The `pki p12` commands, registered in pki.c. */
const PkiToolCommand pki_p12_commands[] = {
  { "show", "Show what a PKCS#12 bundle holds and how it is protected", p12_show, NULL },
  { "pack", "Pack a key, its certificate and CA certificates into a bundle", p12_pack, NULL },
  { "unpack", "Write a bundle's key and certificates out as PEM", p12_unpack, NULL },
  { NULL, NULL, NULL, NULL }
};
