/* pki req: make and inspect certificate signing requests (PKCS#10).
 *
 *   pki req new --key FILE --subject NAME [--san LIST] [--challenge TEXT] [...]
 *   pki req show [--json] [--der] FILE
 * SPDX-License-Identifier: MIT
 */
#include "tools/pki-tool.h"

#include <string.h>

/* --- pki req new ---------------------------------------------------------- */

static int
req_new (int argc, char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new (NULL);
  g_auto (PkiToolPassphraseSource) source = { NULL, NULL };
  g_autoptr (GError) error = NULL;
  g_autoptr (PkiPKey) key = NULL;
  g_autoptr (PkiX509Name) subject = NULL;
  g_autoptr (PkiX509Extension) san_ext = NULL;
  g_autoptr (PkiX509Req) req = NULL;
  g_autoptr (GBytes) output = NULL;
  g_autofree gchar *key_file = NULL;
  g_autofree gchar *subject_text = NULL;
  g_autofree gchar *san = NULL;
  g_autofree gchar *digest = NULL;
  g_autofree gchar *challenge = NULL;
  g_autofree gchar *out = NULL;
  gboolean der = FALSE;
  const GOptionEntry entries[] = {
    { "key", 'k', G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME, &key_file,
      "The private key the request is for, which signs it ('-': standard input; required)",
      "FILE" },
    { "subject", 's', G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &subject_text,
      "Subject: \"CN=example.com,O=Example\" (RFC 4514) or \"/O=Example/CN=example.com\" "
      "(required)", "NAME" },
    { "san", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &san,
      "Ask for a subjectAltName: \"DNS:example.com,IP:127.0.0.1,email:a@example.com\"", "LIST" },
    { "digest", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &digest,
      "Sign with digest NAME (default sha256; none for ed25519 and ed448 keys)", "NAME" },
    { "challenge", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &challenge,
      "Add a challengePassword attribute (stored in the clear in the request)", "TEXT" },
    { "out", 'o', G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME, &out,
      "Write the request to FILE (default: standard output)", "FILE" },
    { "der", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, &der, "Write DER instead of PEM", NULL },
    G_OPTION_ENTRY_NULL
  };
  const char *sign_digest = NULL;
  int status;

  g_option_context_set_summary (context,
                                "Make a certificate signing request (PKCS#10) for a key, signed\n"
                                "with it: the subject, the public key and, with --san, a\n"
                                "subjectAltName in the extensionRequest attribute.  A passphrase\n"
                                "source decrypts the key.");
  status = pki_tool_parse_command (context, entries, &source, &argc, &argv, NULL);
  if (status != PKI_TOOL_CONTINUE)
    return status;
  if (key_file == NULL)
    return pki_tool_usage_error ("missing --key FILE");
  if (subject_text == NULL)
    return pki_tool_usage_error ("missing --subject NAME");
  if (*subject_text == '\0')
    return pki_tool_usage_error ("--subject is empty; a request needs a name");
  status = pki_tool_one_stdin ((const char *const[]) { key_file, source.file }, 2);
  if (status != PKI_TOOL_CONTINUE)
    return status;

  key = pki_tool_read_private_key (key_file, &source, &error);
  if (key == NULL)
    return pki_tool_fail (error);
  subject = pki_tool_parse_subject (subject_text, &error);
  if (subject == NULL || !pki_tool_pick_digest (key, digest, &sign_digest, &error))
    return pki_tool_fail (error);
  if (san != NULL)
    {
      san_ext = pki_tool_make_extension ("subjectAltName", FALSE, san, "--san", &error);
      if (san_ext == NULL)
        return pki_tool_fail (error);
    }

  req = pki_tool_make_request (key, subject, &san_ext, san_ext != NULL ? 1 : 0, challenge,
                               sign_digest, &error);
  if (req == NULL)
    return pki_tool_fail (error);
  output = pki_x509_req_dump (req, der ? PKI_FILETYPE_ASN1 : PKI_FILETYPE_PEM, &error);
  if (output == NULL || !pki_tool_write (out, output, FALSE, &error))
    return pki_tool_fail (error);
  return PKI_EXIT_OK;
}

/* --- pki req show --------------------------------------------------------- */

/* Adds "attributes": each attribute but extensionRequest (shown as
 * "extensions"), by name, with its text value, or null for a value that
 * is not text. */
static void
add_attributes (JsonBuilder *builder, PkiX509Req *req)
{
  g_auto (GStrv) names = pki_x509_req_get_attribute_names (req);

  json_builder_set_member_name (builder, "attributes");
  json_builder_begin_array (builder);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree gchar *raw = NULL;
      g_autofree gchar *value = NULL;

      if (g_str_equal (names[i], "extReq") || g_str_equal (names[i], "msExtReq"))
        continue;
      raw = pki_x509_req_get_attribute (req, names[i], NULL);
      value = raw != NULL ? pki_tool_printable (raw, strlen (raw)) : NULL;
      json_builder_begin_object (builder);
      pki_tool_add_string_member (builder, "name", names[i]);
      pki_tool_add_string_member (builder, "value", value);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

/* Everything `pki req show` says about @req, as the JSON object --json
 * prints; the text output is made from it. */
static gboolean
describe_req (JsonBuilder *builder, PkiX509Req *req, GError **error)
{
  g_autoptr (PkiX509Name) subject = pki_x509_req_get_subject (req);
  g_autoptr (PkiPKey) key = pki_x509_req_get_pubkey (req, NULL);
  g_autoptr (GPtrArray) extensions = NULL;
  g_autoptr (GError) sigalg_error = NULL;
  g_autoptr (GError) verify_error = NULL;
  g_autofree gchar *sigalg = NULL;
  gboolean verified;

  sigalg = pki_x509_req_get_signature_algorithm (req, &sigalg_error);
  if (sigalg == NULL)
    sigalg = g_strdup_printf ("unknown (%s)", sigalg_error->message);
  verified = key != NULL && pki_x509_req_verify (req, key, &verify_error);
  extensions = pki_x509_req_get_extensions (req, error);
  if (extensions == NULL)
    return FALSE;

  json_builder_begin_object (builder);
  pki_tool_add_name_member (builder, "subject", subject);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, pki_x509_req_get_version (req) + 1);
  pki_tool_add_key_member (builder, key);
  pki_tool_add_string_member (builder, "signature_algorithm", sigalg);
  json_builder_set_member_name (builder, "signature_valid");
  json_builder_add_boolean_value (builder, verified);
  pki_tool_add_extension_members (builder, extensions);
  add_attributes (builder, req);
  json_builder_end_object (builder);
  return TRUE;
}

static void
append_text (GString *text, JsonObject *req)
{
  JsonArray *attributes = json_object_get_array_member (req, "attributes");
  g_autofree gchar *version = g_strdup_printf ("%" G_GINT64_FORMAT,
                                               json_object_get_int_member (req, "version"));

  pki_tool_append_field (text, "Subject", json_object_get_string_member (req, "subject"));
  pki_tool_append_field (text, "Version", version);
  pki_tool_append_key_text (text, req);
  pki_tool_append_field (text, "Signature algorithm",
                         json_object_get_string_member (req, "signature_algorithm"));
  pki_tool_append_field (text, "Self-signature",
                         json_object_get_boolean_member (req, "signature_valid")
                           ? "valid" : "INVALID (does not verify with the request's key)");
  pki_tool_append_extensions_text (text, req);
  if (json_array_get_length (attributes) == 0)
    pki_tool_append_field (text, "Attributes", "none");
  else
    g_string_append (text, "Attributes:\n");
  for (guint i = 0; i < json_array_get_length (attributes); i++)
    {
      JsonObject *attr = json_array_get_object_element (attributes, i);
      const char *value = json_object_get_null_member (attr, "value")
                            ? "(not text)" : json_object_get_string_member (attr, "value");

      g_string_append_printf (text, "  %s: %s\n", json_object_get_string_member (attr, "name"),
                              value);
    }
}

static int
req_show (int argc, char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new ("FILE");
  g_autoptr (GError) error = NULL;
  g_autoptr (PkiX509Req) req = NULL;
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  gboolean json = FALSE, der = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, &json, "Print a JSON object", NULL },
    { "der", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, &der,
      "FILE is DER (found from its contents otherwise)", NULL },
    G_OPTION_ENTRY_NULL
  };
  const char *file;
  int status;

  g_option_context_set_summary (context,
                                "Show a certificate signing request: subject, key, signature\n"
                                "algorithm, whether its self-signature verifies, the extensions\n"
                                "it asks for and its other attributes.  FILE '-' is standard\n"
                                "input.  A request whose signature does not verify is shown (and\n"
                                "said to be invalid) with status 0.");
  status = pki_tool_parse_command (context, entries, NULL, &argc, &argv, &file);
  if (status != PKI_TOOL_CONTINUE)
    return status;

  req = pki_tool_read_req (file, der, &error);
  if (req == NULL || !describe_req (builder, req, &error))
    return pki_tool_fail (error);
  return pki_tool_print_description (builder, json, append_text);
}

/* --- the group ------------------------------------------------------------ */

/* The `pki req` commands, registered in pki.c. */
const PkiToolCommand pki_req_commands[] = {
  { "new", "Make a certificate signing request for a key", req_new, NULL },
  { "show", "Show a request's subject, key, signature and extensions", req_show, NULL },
  { NULL, NULL, NULL, NULL }
};
