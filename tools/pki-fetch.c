/* pki fetch: connect to a TLS server, show the chain it sends and whether
 * that chain verifies for the server's name.
 *
 *   pki fetch [--ca FILE] [--ca-path DIR] [--json] [--pem] HOST:PORT
 * SPDX-License-Identifier: MIT
 */
#include "tools/pki-tool.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>

/* Splits "HOST:PORT" or "[IPV6]:PORT".  The host comes back without the
 * brackets. */
static int
parse_address (const char *text, gchar **host, guint16 *port)
{
  g_autofree gchar *name = NULL;
  g_autoptr (GError) error = NULL;
  const char *port_text;
  guint64 value = 0;

  if (text[0] == '[')
    {
      const char *end = strchr (text, ']');

      if (end == NULL)
        return pki_tool_usage_error ("invalid address '%s': no ']' after the IPv6 address",
                                     text);
      name = g_strndup (text + 1, (gsize) (end - text - 1));
      if (strchr (name, ':') == NULL || !g_hostname_is_ip_address (name))
        return pki_tool_usage_error ("invalid address '%s': brackets hold an IPv6 address",
                                     text);
      if (end[1] != ':')
        return pki_tool_usage_error ("invalid address '%s': missing ':PORT' (HOST:PORT, "
                                     "[IPV6]:PORT)", text);
      port_text = end + 2;
    }
  else
    {
      const char *colon = strrchr (text, ':');

      if (colon == NULL)
        return pki_tool_usage_error ("invalid address '%s': missing ':PORT' (HOST:PORT, "
                                     "[IPV6]:PORT)", text);
      name = g_strndup (text, (gsize) (colon - text));
      if (strchr (name, ':') != NULL)
        return pki_tool_usage_error ("invalid address '%s': write an IPv6 address in "
                                     "brackets, [::1]:443", text);
      port_text = colon + 1;
    }
  if (name[0] == '\0')
    return pki_tool_usage_error ("invalid address '%s': missing HOST", text);
  if (!g_ascii_string_to_unsigned (port_text, 10, 1, G_MAXUINT16, &value, &error))
    {
      if (g_error_matches (error, G_NUMBER_PARSER_ERROR, G_NUMBER_PARSER_ERROR_OUT_OF_BOUNDS))
        return pki_tool_usage_error ("invalid address '%s': port %s is out of range (1-65535)",
                                     text, port_text);
      return pki_tool_usage_error ("invalid address '%s': invalid port '%s'", text, port_text);
    }
  *host = g_steal_pointer (&name);
  *port = (guint16) value;
  return PKI_TOOL_CONTINUE;
}

/* The trust store for --ca and --ca-path; NULL (the system's CA
 * certificates) when neither is given. */
static gboolean
make_store (const char *ca_file, const char *ca_path, PkiX509Store **store, GError **error)
{
  g_autoptr (PkiX509Store) made = NULL;

  *store = NULL;
  if (ca_file == NULL && ca_path == NULL)
    return TRUE;
  made = pki_x509_store_new ();
  if (!pki_tool_add_trusted (made, ca_file, ca_path, error))
    return FALSE;
  *store = g_steal_pointer (&made);
  return TRUE;
}

/* Adds one certificate of the chain: its summary, its SHA-256
 * fingerprint and, with @pem, its PEM (else null). */
static gboolean
add_cert (JsonBuilder *builder, PkiX509 *cert, gboolean pem, GError **error)
{
  g_autofree gchar *sha256 = pki_x509_digest (cert, "sha256", error);
  g_autoptr (GBytes) encoded = NULL;
  g_autofree gchar *text = NULL;

  if (sha256 == NULL)
    return FALSE;
  if (pem)
    {
      gsize len = 0;
      const char *data;

      encoded = pki_x509_dump (cert, PKI_FILETYPE_PEM, error);
      if (encoded == NULL)
        return FALSE;
      data = g_bytes_get_data (encoded, &len);
      text = g_strndup (data, len);
    }
  json_builder_begin_object (builder);
  pki_tool_add_cert_summary_members (builder, cert);
  pki_tool_add_string_member (builder, "sha256_fingerprint", sha256);
  pki_tool_add_string_member (builder, "pem", text);
  json_builder_end_object (builder);
  return TRUE;
}

/* The JSON object --json prints; the text output is made from it. */
static JsonNode *
describe (const char *host, guint16 port, GPtrArray *chain, gint code, gboolean pem,
          GError **error)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  pki_tool_add_string_member (builder, "host", host);
  json_builder_set_member_name (builder, "port");
  json_builder_add_int_value (builder, port);
  json_builder_set_member_name (builder, "verified");
  json_builder_add_boolean_value (builder, code == 0);
  json_builder_set_member_name (builder, "verify_code");
  json_builder_add_int_value (builder, code);
  pki_tool_add_string_member (builder, "verify_message",
                              code == 0 ? "OK" : pki_x509_verify_error_string (code));
  json_builder_set_member_name (builder, "chain");
  json_builder_begin_array (builder);
  for (guint i = 0; i < chain->len; i++)
    if (!add_cert (builder, g_ptr_array_index (chain, i), pem, error))
      return NULL;
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static gchar *
make_text (JsonObject *object, const char *address)
{
  JsonArray *chain = json_object_get_array_member (object, "chain");
  g_autoptr (GString) text = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (chain); i++)
    {
      JsonObject *cert = json_array_get_object_element (chain, i);

      g_string_append_printf (text, "depth %u: %s\n", i,
                              json_object_get_string_member (cert, "subject"));
      pki_tool_append_cert_summary_text (text, 2, cert);
      pki_tool_append_indented_field (text, 2, "SHA-256",
                                      json_object_get_string_member (cert, "sha256_fingerprint"));
      if (!json_object_get_null_member (cert, "pem"))
        g_string_append (text, json_object_get_string_member (cert, "pem"));
    }
  /* A failure goes to standard error, as pki verify's does. */
  if (json_object_get_int_member (object, "verify_code") == 0)
    g_string_append_printf (text, "%s: OK\n", address);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

int
pki_tool_fetch (int argc, char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new ("HOST:PORT");
  g_autoptr (GError) error = NULL;
  g_autoptr (PkiX509Store) store = NULL;
  g_autoptr (GPtrArray) chain = NULL;
  g_autoptr (JsonNode) root = NULL;
  g_autofree gchar *ca_file = NULL;
  g_autofree gchar *ca_path = NULL;
  g_autofree gchar *host = NULL;
  g_autofree gchar *address = NULL;
  gboolean json = FALSE, pem = FALSE;
  const GOptionEntry entries[] = {
    { "ca", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME, &ca_file,
      "Trust the certificates of FILE (every one of a PEM file)", "FILE" },
    { "ca-path", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME, &ca_path,
      "Trust the certificates (and use the CRLs) of a directory laid out by pki rehash",
      "DIR" },
    { "pem", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, &pem,
      "Also print each certificate in PEM", NULL },
    { "json", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, &json, "Print a JSON object", NULL },
    G_OPTION_ENTRY_NULL
  };
  void (*old_sigpipe) (int);
  gint code = -1;
  guint16 port = 0;
  int status;

  g_option_context_set_summary (context,
                                "Connect to a TLS server, print the certificate chain it sends\n"
                                "(its own certificate first: subject, issuer, validity, SHA-256\n"
                                "fingerprint) and whether that chain verifies for HOST against the\n"
                                "CA certificates of --ca and --ca-path (the system's when neither\n"
                                "is given).  Exits with status 1 when it does not or when no\n"
                                "handshake happens.  An IPv6 address goes in brackets: [::1]:443.");
  g_option_context_add_main_entries (context, entries, NULL);
  status = pki_tool_parse (context, &argc, &argv);
  if (status != PKI_TOOL_CONTINUE)
    return status;
  if (argc < 2)
    return pki_tool_usage_error ("missing HOST:PORT");
  if (argc > 2)
    return pki_tool_usage_error ("unexpected argument '%s'", argv[2]);
  status = parse_address (argv[1], &host, &port);
  if (status != PKI_TOOL_CONTINUE)
    return status;
  address = strchr (host, ':') != NULL ? g_strdup_printf ("[%s]:%u", host, port)
                                       : g_strdup_printf ("%s:%u", host, port);

  if (!make_store (ca_file, ca_path, &store, &error))
    return pki_tool_fail (error);
  /* A server that hangs up mid-handshake must give an error, not kill us. */
  old_sigpipe = signal (SIGPIPE, SIG_IGN);
  chain = pki_ssl_get_server_certificate (host, port, store, &code, &error);
  signal (SIGPIPE, old_sigpipe);
  if (chain == NULL)
    {
      /* Connection errors name the host and port already. */
      if (!g_error_matches (error, PKI_ERROR, PKI_ERROR_IO))
        g_prefix_error (&error, "%s: ", address);
      return pki_tool_fail (error);
    }
  if (chain->len == 0)
    {
      g_set_error (&error, PKI_ERROR, PKI_ERROR_TLS, "%s: the server sent no certificate",
                   address);
      return pki_tool_fail (error);
    }

  root = describe (host, port, chain, code, pem, &error);
  if (root == NULL)
    return pki_tool_fail (error);
  if (json)
    {
      if (!pki_tool_print_json (root, &error))
        return pki_tool_fail (error);
    }
  else
    {
      g_autofree gchar *text = make_text (json_node_get_object (root), address);

      if (!pki_tool_print (text, &error))
        return pki_tool_fail (error);
    }
  if (code != 0)
    {
      g_set_error (&error, PKI_ERROR, PKI_ERROR_VERIFY,
                   "%s: verification failed: %s (error %d)", address,
                   pki_x509_verify_error_string (code), code);
      return pki_tool_fail (error);
    }
  return PKI_EXIT_OK;
}
