/* pki key: generate and inspect private and public keys.
 *
 *   pki key new --type rsa|dsa|ec|ed25519|ed448 [...]
 *   pki key show [--json] FILE
 * SPDX-License-Identifier: MIT
 */
#include "tools/pki-tool.h"

#include <string.h>

/* The key types `pki key new` makes.  default_bits is 0 for the types whose
 * size follows from the algorithm or the curve (no --bits). */
static const struct
{
  const char *name;
  PkiPKeyType type;
  guint default_bits;
} key_types[] = {
  { "rsa", PKI_PKEY_TYPE_RSA, 3072 },
  { "dsa", PKI_PKEY_TYPE_DSA, 2048 },
  { "ec", PKI_PKEY_TYPE_EC, 0 },
  { "ed25519", PKI_PKEY_TYPE_ED25519, 0 },
  { "ed448", PKI_PKEY_TYPE_ED448, 0 },
};

#define DEFAULT_CURVE "P-256"

static int
find_key_type (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (key_types); i++)
    if (g_ascii_strcasecmp (key_types[i].name, name) == 0)
      return (int) i;
  return -1;
}

/* --- pki key new ---------------------------------------------------------- */

static int
key_new (int argc, char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new (NULL);
  g_auto (PkiToolPassphraseSource) source = { NULL, NULL };
  g_autoptr (PkiToolSecret) passphrase = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (PkiPKey) key = NULL;
  g_autoptr (GBytes) output = NULL;
  g_autofree gchar *type_name = NULL;
  g_autofree gchar *bits_text = NULL;
  g_autofree gchar *curve = NULL;
  g_autofree gchar *out = NULL;
  g_autofree gchar *format_name = NULL;
  g_autofree gchar *cipher = NULL;
  gboolean der = FALSE;
  const GOptionEntry entries[] = {
    { "type", 't', G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &type_name,
      "Key type: rsa, dsa, ec, ed25519 or ed448 (required)", "TYPE" },
    { "bits", 'b', G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &bits_text,
      "Key size of an rsa (default 3072) or dsa (default 2048) key", "N" },
    { "curve", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &curve,
      "Curve of an ec key (default " DEFAULT_CURVE ")", "NAME" },
    { "out", 'o', G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME, &out,
      "Write the key to FILE, mode 0600 (default: standard output)", "FILE" },
    { "format", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &format_name,
      "pkcs8 (default) or traditional (PKCS#1, SEC1; unencrypted only)", "FORMAT" },
    { "der", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, &der, "Write DER instead of PEM", NULL },
    { "cipher", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &cipher,
      "Encrypt with cipher NAME (default with a passphrase: aes-256-cbc)", "NAME" },
    G_OPTION_ENTRY_NULL
  };
  PkiKeyFormat format = PKI_KEY_FORMAT_PKCS8;
  PkiFiletype filetype;
  guint64 bits = 0;
  int status, t;

  g_option_context_set_summary (context,
                                "Generate a private key and write it, PEM PKCS#8 unencrypted unless\n"
                                "told otherwise.  A passphrase source encrypts it.");
  status = pki_tool_parse_command (context, entries, &source, &argc, &argv, NULL);
  if (status != PKI_TOOL_CONTINUE)
    return status;

  if (type_name == NULL)
    return pki_tool_usage_error ("missing --type (rsa, dsa, ec, ed25519 or ed448)");
  t = find_key_type (type_name);
  if (t < 0)
    return pki_tool_usage_error ("unknown key type '%s' (rsa, dsa, ec, ed25519 or ed448)",
                                 type_name);
  if (bits_text != NULL)
    {
      if (key_types[t].default_bits == 0)
        return pki_tool_usage_error ("--bits is for rsa and dsa keys, not %s",
                                     key_types[t].name);
      if (!g_ascii_string_to_unsigned (bits_text, 10, 1, G_MAXUINT, &bits, NULL))
        return pki_tool_usage_error ("invalid --bits value '%s'", bits_text);
    }
  else
    bits = key_types[t].default_bits;
  if (curve != NULL && key_types[t].type != PKI_PKEY_TYPE_EC)
    return pki_tool_usage_error ("--curve is for ec keys, not %s", key_types[t].name);
  if (format_name == NULL || g_ascii_strcasecmp (format_name, "pkcs8") == 0)
    format = PKI_KEY_FORMAT_PKCS8;
  else if (g_ascii_strcasecmp (format_name, "traditional") == 0)
    format = PKI_KEY_FORMAT_TRADITIONAL;
  else
    return pki_tool_usage_error ("unknown --format '%s' (pkcs8 or traditional)", format_name);
  if (cipher != NULL && !pki_tool_passphrase_given (&source))
    return pki_tool_usage_error ("--cipher needs --passphrase-file or --passphrase-env");
  if (format == PKI_KEY_FORMAT_TRADITIONAL && pki_tool_passphrase_given (&source))
    return pki_tool_usage_error ("--format traditional keys are unencrypted; use pkcs8");

  /* Read the passphrase first: a bad source fails before a slow keygen. */
  if (pki_tool_passphrase_given (&source))
    {
      passphrase = pki_tool_read_new_passphrase (&source, &error);
      if (passphrase == NULL)
        return pki_tool_fail (error);
    }

  if (key_types[t].type == PKI_PKEY_TYPE_EC)
    key = pki_pkey_generate_ec (curve != NULL ? curve : DEFAULT_CURVE, &error);
  else
    key = pki_pkey_generate (key_types[t].type, (guint) bits, &error);
  if (key == NULL)
    return pki_tool_fail (error);

  filetype = der ? PKI_FILETYPE_ASN1 : PKI_FILETYPE_PEM;
  output = pki_pkey_dump_private_full (key, filetype, format, cipher, passphrase, &error);
  if (output == NULL || !pki_tool_write (out, output, TRUE, &error))
    return pki_tool_fail (error);
  return PKI_EXIT_OK;
}

/* --- pki key show --------------------------------------------------------- */

/* Loads the key in @data: as a public key when @pubin or the PEM label says
 * so, else as a private key; DER that is no private key is tried as a
 * public key before giving up. */
static PkiPKey *
load_key (GBytes *data, const char *file, gboolean der, gboolean pubin,
          const PkiToolPassphraseSource *source, GError **error)
{
  PkiFiletype type = der ? PKI_FILETYPE_ASN1 : pki_tool_guess_filetype (data);
  g_autofree gchar *label = type == PKI_FILETYPE_PEM ? pki_tool_pem_label (data) : NULL;
  g_autoptr (GError) private_error = NULL;
  gsize len = 0;
  const guint8 *bytes = pki_tool_bytes (data, &len);
  PkiPKey *key;

  if (pubin || (label != NULL && g_str_has_suffix (label, "PUBLIC KEY")))
    return pki_pkey_load_public (type, bytes, len, error);

  key = pki_tool_load_private (type, data, file, source, &private_error);
  if (key == NULL && type == PKI_FILETYPE_ASN1
      && !g_error_matches (private_error, PKI_ERROR, PKI_ERROR_PASSPHRASE))
    key = pki_pkey_load_public (type, bytes, len, NULL);
  if (key == NULL)
    g_propagate_error (error, g_steal_pointer (&private_error));
  return key;
}

static int
key_show (int argc, char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new ("FILE");
  g_auto (PkiToolPassphraseSource) source = { NULL, NULL };
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) data = NULL;
  g_autoptr (PkiPKey) key = NULL;
  g_autoptr (GBytes) digest = NULL;
  g_autoptr (GBytes) pem = NULL;
  g_autofree gchar *fingerprint = NULL;
  g_autofree gchar *pem_text = NULL;
  gboolean json = FALSE, pubin = FALSE, der = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, &json, "Print a JSON object", NULL },
    { "pubin", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, &pubin,
      "FILE holds a public key (found from a PEM label otherwise)", NULL },
    { "der", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, &der,
      "FILE is DER (found from its contents otherwise)", NULL },
    G_OPTION_ENTRY_NULL
  };
  const char *file, *curve;
  int status;

  g_option_context_set_summary (context,
                                "Show a private or public key: its type, size, curve, whether the\n"
                                "private half is there, its SHA-256 fingerprint (of the DER\n"
                                "SubjectPublicKeyInfo) and the public key.  FILE '-' is standard input.");
  status = pki_tool_parse_command (context, entries, &source, &argc, &argv, &file);
  if (status != PKI_TOOL_CONTINUE)
    return status;
  if (source.file != NULL && g_str_equal (source.file, "-") && g_str_equal (file, "-"))
    return pki_tool_usage_error ("the key and the passphrase cannot both be standard input");

  data = pki_tool_read (file, &error);
  if (data == NULL)
    return pki_tool_fail (error);
  key = load_key (data, file, der, pubin, &source, &error);
  if (key == NULL)
    return pki_tool_fail (error);
  digest = pki_pkey_get_fingerprint (key, "sha256", &error);
  if (digest == NULL)
    return pki_tool_fail (error);
  pem = pki_pkey_dump_public (key, PKI_FILETYPE_PEM, &error);
  if (pem == NULL)
    return pki_tool_fail (error);

  fingerprint = pki_tool_hex_colons (digest);
  pem_text = g_strndup (g_bytes_get_data (pem, NULL), g_bytes_get_size (pem));
  curve = pki_pkey_get_key_type (key) == PKI_PKEY_TYPE_EC ? pki_pkey_get_curve_name (key) : NULL;

  if (json)
    {
      g_autoptr (JsonBuilder) builder = json_builder_new ();
      g_autoptr (JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, pki_pkey_get_type_name (key));
      json_builder_set_member_name (builder, "type_id");
      json_builder_add_int_value (builder, pki_pkey_get_key_type (key));
      json_builder_set_member_name (builder, "bits");
      json_builder_add_int_value (builder, pki_pkey_get_bits (key));
      json_builder_set_member_name (builder, "curve");
      if (curve != NULL)
        json_builder_add_string_value (builder, curve);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "private");
      json_builder_add_boolean_value (builder, pki_pkey_has_private (key));
      json_builder_set_member_name (builder, "fingerprint_sha256");
      json_builder_add_string_value (builder, fingerprint);
      json_builder_set_member_name (builder, "public_key_pem");
      json_builder_add_string_value (builder, pem_text);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      if (!pki_tool_print_json (root, &error))
        return pki_tool_fail (error);
    }
  else
    {
      g_autoptr (GString) text = g_string_new (NULL);

      g_string_append_printf (text, "Type:                %s\n", pki_pkey_get_type_name (key));
      g_string_append_printf (text, "Bits:                %u\n", pki_pkey_get_bits (key));
      if (curve != NULL)
        g_string_append_printf (text, "Curve:               %s\n", curve);
      g_string_append_printf (text, "Private key:         %s\n",
                              pki_pkey_has_private (key) ? "yes" : "no");
      g_string_append_printf (text, "SHA-256 fingerprint: %s\n", fingerprint);
      g_string_append (text, pem_text);
      if (!pki_tool_print (text->str, &error))
        return pki_tool_fail (error);
    }
  return PKI_EXIT_OK;
}

/* --- the group ------------------------------------------------------------ */

/* The `pki key` commands, registered in pki.c. */
const PkiToolCommand pki_key_commands[] = {
  { "new", "Generate a private key", key_new, NULL },
  { "show", "Show a private or public key's type, size and fingerprint", key_show, NULL },
  { NULL, NULL, NULL, NULL }
};
