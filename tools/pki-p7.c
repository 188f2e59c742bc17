/* pki p7: PKCS#7 certificate bundles (.p7b, .p7c).
 *
 *   pki p7 show [--json] [--der] FILE
 *   pki p7 pack [--cert FILE ...] [--crl FILE ...] [--der] [--out FILE]
 * SPDX-License-Identifier: MIT
 */
#include "tools/pki-tool.h"

/* --- pki p7 show ---------------------------------------------------------- */

/* Everything `pki p7 show` says about @p7, as the JSON object --json
 * prints; the text output is made from it. */
static gboolean
describe_p7 (JsonBuilder *builder, PkiPkcs7 *p7, GError **error)
{
  g_autoptr (GPtrArray) certs = pki_pkcs7_get_certificates (p7);
  g_autoptr (GPtrArray) crls = pki_pkcs7_get_crls (p7, error);

  if (crls == NULL)
    return FALSE;
  json_builder_begin_object (builder);
  pki_tool_add_string_member (builder, "type", pki_pkcs7_get_type_name (p7));
  json_builder_set_member_name (builder, "certificates");
  pki_tool_add_cert_summaries (builder, certs);
  json_builder_set_member_name (builder, "crls");
  json_builder_begin_array (builder);
  for (guint i = 0; i < crls->len; i++)
    {
      PkiCrl *crl = g_ptr_array_index (crls, i);
      g_autoptr (PkiX509Name) issuer = pki_crl_get_issuer (crl);
      g_autoptr (GDateTime) last = pki_crl_get_last_update (crl);
      g_autoptr (GDateTime) next = pki_crl_get_next_update (crl);

      json_builder_begin_object (builder);
      pki_tool_add_name_member (builder, "issuer", issuer);
      pki_tool_add_time_member (builder, "last_update", last);
      pki_tool_add_time_member (builder, "next_update", next);
      json_builder_set_member_name (builder, "entry_count");
      json_builder_add_int_value (builder, pki_crl_get_revoked_count (crl));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return TRUE;
}

static void
append_text (GString *text, JsonObject *p7)
{
  JsonArray *certs = json_object_get_array_member (p7, "certificates");
  JsonArray *crls = json_object_get_array_member (p7, "crls");
  g_autofree gchar *n_certs = g_strdup_printf ("%u", json_array_get_length (certs));
  g_autofree gchar *n_crls = g_strdup_printf ("%u", json_array_get_length (crls));

  pki_tool_append_field (text, "Type", json_object_get_string_member (p7, "type"));
  pki_tool_append_field (text, "Certificates", n_certs);
  pki_tool_append_cert_summaries_text (text, "Certificate", certs);
  pki_tool_append_field (text, "CRLs", n_crls);
  for (guint i = 0; i < json_array_get_length (crls); i++)
    {
      JsonObject *crl = json_array_get_object_element (crls, i);
      g_autofree gchar *entries = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                   json_object_get_int_member (crl,
                                                                               "entry_count"));

      g_string_append_printf (text, "CRL %u:\n", i + 1);
      pki_tool_append_indented_field (text, 2, "Issuer",
                                      json_object_get_string_member (crl, "issuer"));
      pki_tool_append_indented_field (text, 2, "Last update",
                                      json_object_get_string_member (crl, "last_update"));
      pki_tool_append_indented_field (text, 2, "Next update",
                                      json_object_get_string_member (crl, "next_update"));
      pki_tool_append_indented_field (text, 2, "Entries", entries);
    }
}

static int
p7_show (int argc, char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new ("FILE");
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) data = NULL;
  g_autoptr (PkiPkcs7) p7 = NULL;
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  gboolean json = FALSE, der = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, &json, "Print a JSON object", NULL },
    { "der", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, &der,
      "FILE is DER (found from its contents otherwise)", NULL },
    G_OPTION_ENTRY_NULL
  };
  const guint8 *bytes;
  const char *file;
  gsize len = 0;
  int status;

  g_option_context_set_summary (context,
                                "Show a PKCS#7 structure: its type, the certificates it carries\n"
                                "(subject, issuer, serial, validity) and its CRLs (issuer, update\n"
                                "times, number of entries).  Signatures are not checked.  FILE '-'\n"
                                "is standard input.");
  status = pki_tool_parse_command (context, entries, NULL, &argc, &argv, &file);
  if (status != PKI_TOOL_CONTINUE)
    return status;

  data = pki_tool_read (file, &error);
  if (data == NULL)
    return pki_tool_fail (error);
  bytes = pki_tool_bytes (data, &len);
  p7 = pki_pkcs7_load (der ? PKI_FILETYPE_ASN1 : pki_tool_guess_filetype (data), bytes, len,
                       &error);
  if (p7 == NULL || !describe_p7 (builder, p7, &error))
    {
      g_prefix_error (&error, "%s: ", pki_tool_display_name (file));
      return pki_tool_fail (error);
    }
  return pki_tool_print_description (builder, json, append_text);
}

/* --- pki p7 pack ---------------------------------------------------------- */

static int
p7_pack (int argc, char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new (NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) certs = g_ptr_array_new_with_free_func ((GDestroyNotify) pki_x509_unref);
  g_autoptr (GPtrArray) crls = g_ptr_array_new_with_free_func ((GDestroyNotify) pki_crl_unref);
  g_autoptr (GPtrArray) inputs = g_ptr_array_new ();
  g_autoptr (PkiPkcs7) p7 = NULL;
  g_autoptr (GBytes) output = NULL;
  g_auto (GStrv) cert_files = NULL;
  g_auto (GStrv) crl_files = NULL;
  g_autofree gchar *out = NULL;
  gboolean der = FALSE;
  const GOptionEntry entries[] = {
    { "cert", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME_ARRAY, &cert_files,
      "Certificates to carry: every one of a PEM file, or a DER file (repeatable)", "FILE" },
    { "crl", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME_ARRAY, &crl_files,
      "A CRL to carry, PEM or DER (repeatable)", "FILE" },
    { "out", 'o', G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME, &out,
      "Write the bundle to FILE (default: standard output)", "FILE" },
    { "der", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, &der, "Write DER instead of PEM", NULL },
    G_OPTION_ENTRY_NULL
  };
  int status;

  g_option_context_set_summary (context,
                                "Pack certificates and CRLs into a \"certs-only\" PKCS#7 SignedData\n"
                                "(a .p7b bundle, as `openssl crl2pkcs7` makes), in the order\n"
                                "given.");
  status = pki_tool_parse_command (context, entries, NULL, &argc, &argv, NULL);
  if (status != PKI_TOOL_CONTINUE)
    return status;
  if (cert_files == NULL && crl_files == NULL)
    return pki_tool_usage_error ("nothing to pack: give --cert FILE or --crl FILE");
  for (guint i = 0; cert_files != NULL && cert_files[i] != NULL; i++)
    g_ptr_array_add (inputs, cert_files[i]);
  for (guint i = 0; crl_files != NULL && crl_files[i] != NULL; i++)
    g_ptr_array_add (inputs, crl_files[i]);
  status = pki_tool_one_stdin ((const char *const *) inputs->pdata, inputs->len);
  if (status != PKI_TOOL_CONTINUE)
    return status;

  if (!pki_tool_read_cert_files (certs, cert_files, &error))
    return pki_tool_fail (error);
  for (guint i = 0; crl_files != NULL && crl_files[i] != NULL; i++)
    {
      PkiCrl *crl = pki_tool_read_crl (crl_files[i], FALSE, NULL, &error);

      if (crl == NULL)
        return pki_tool_fail (error);
      g_ptr_array_add (crls, crl);
    }
  p7 = pki_pkcs7_new_certs_only ((PkiX509 **) certs->pdata, certs->len,
                                 (PkiCrl **) crls->pdata, crls->len, &error);
  if (p7 == NULL)
    return pki_tool_fail (error);
  output = pki_pkcs7_dump (p7, der ? PKI_FILETYPE_ASN1 : PKI_FILETYPE_PEM, &error);
  if (output == NULL || !pki_tool_write (out, output, FALSE, &error))
    return pki_tool_fail (error);
  return PKI_EXIT_OK;
}

/* --- the group ------------------------------------------------------------ */

/* The `pki p7` commands, registered in pki.c. */
const PkiToolCommand pki_p7_commands[] = {
  { "show", "Show the certificates and CRLs of a PKCS#7 bundle", p7_show, NULL },
  { "pack", "Pack certificates and CRLs into a PKCS#7 bundle (.p7b)", p7_pack, NULL },
  { NULL, NULL, NULL, NULL }
};
