/* pki: the command line face of libpki.
 *
 *   pki <group> <command> [options]     for example: pki key new --type ec
 *
 * This file holds main(), the one table of command groups, the top-level
 * commands version and help and the helpers every group shares (see
 * pki-tool.h).  Each group lives in tools/pki-<group>.c and owns the table of
 * its subcommands; adding a group means adding a file and a line to
 * `commands` below.  The top-level commands verify and rehash live in
 * tools/pki-verify.c, fetch in tools/pki-fetch.c.
 * SPDX-License-Identifier: MIT
 */
#include "tools/pki-tool.h"

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

static int run_version (int argc, char **argv);
static int run_help (int argc, char **argv);

/* The first word after "pki".  A group points at its file's table. */
static const PkiToolCommand commands[] = {
  { "key", "Generate and inspect private and public keys", NULL, pki_key_commands },
  { "cert", "Make, issue, inspect and convert X.509 certificates", NULL, pki_cert_commands },
  { "req", "Make and inspect certificate signing requests (PKCS#10)", NULL, pki_req_commands },
  { "crl", "Make, revoke into, inspect and check CRLs", NULL, pki_crl_commands },
  { "p12", "Pack, inspect and unpack PKCS#12 bundles (.p12, .pfx)", NULL, pki_p12_commands },
  { "p7", "Pack and inspect PKCS#7 certificate bundles (.p7b)", NULL, pki_p7_commands },
  { "verify", "Verify a certificate's chain up to a trusted CA", pki_tool_verify, NULL },
  { "rehash", "Link a directory's certificates and CRLs by name hash", pki_tool_rehash, NULL },
  { "fetch", "Show and verify the certificate chain a TLS server sends", pki_tool_fetch, NULL },
  { "version", "Print the versions of pki and OpenSSL", run_version, NULL },
  { "help", "Show the help of a command", run_help, NULL },
  { NULL, NULL, NULL, NULL }
};

/* --- options and messages ------------------------------------------------ */

/**
 * pki_tool_parse:
 * @context: the command's option context, with its entries added.
 * @argc: (inout): the argument count; parsed options are removed.
 * @argv: (inout): the arguments, argv[0] being the command's name.
 *
 * Parses a command's options.  Adds -h/--help (GLib's own help exits from
 * inside the parser; this one returns, so nothing leaks), prints the help
 * when asked, and reports a bad option as a usage error.
 *
 * Returns: %PKI_TOOL_CONTINUE when the command should go on, otherwise the
 *   exit status to return: 0 after --help, 2 after a usage error.
 */
int
pki_tool_parse (GOptionContext *context, int *argc, char ***argv)
{
  g_autoptr (GError) error = NULL;
  gboolean help = FALSE;
  const GOptionEntry help_entries[] = {
    { "help", 'h', G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, &help, "Show this help and exit", NULL },
    G_OPTION_ENTRY_NULL
  };

  g_option_context_set_help_enabled (context, FALSE);
  g_option_context_add_main_entries (context, help_entries, NULL);
  if (!g_option_context_parse (context, argc, argv, &error))
    return pki_tool_usage_error ("%s", error->message);
  if (help)
    {
      g_autofree gchar *text = g_option_context_get_help (context, TRUE, NULL);
      return pki_tool_print (text, &error) ? PKI_EXIT_OK : pki_tool_fail (error);
    }
  return PKI_TOOL_CONTINUE;
}

/**
 * pki_tool_usage_error:
 * @format: printf-style format of the reason.
 * @...: its arguments.
 *
 * Prints "pki: <reason>" and a pointer to the running command's --help on
 * stderr.
 *
 * Returns: %PKI_EXIT_USAGE.
 */
int
pki_tool_usage_error (const char *format, ...)
{
  g_autofree gchar *reason = NULL;
  va_list ap;

  va_start (ap, format);
  reason = g_strdup_vprintf (format, ap);
  va_end (ap);
  fprintf (stderr, "pki: %s\nTry '%s --help'\n", reason, g_get_prgname ());
  return PKI_EXIT_USAGE;
}

/**
 * pki_tool_fail:
 * @error: what went wrong.
 *
 * Prints "pki: <message>" on stderr.
 *
 * Returns: %PKI_EXIT_FAILURE.
 */
int
pki_tool_fail (const GError *error)
{
  fprintf (stderr, "pki: %s\n", error->message);
  return PKI_EXIT_FAILURE;
}

/**
 * pki_tool_expect_file:
 * @argc: the argument count left after pki_tool_parse().
 * @argv: the arguments left, argv[0] being the command's name.
 * @file: (out): where the one file argument is stored.
 *
 * Checks that a command that reads one FILE was given exactly one.
 *
 * Returns: %PKI_TOOL_CONTINUE with @file set, or %PKI_EXIT_USAGE after
 *   printing why.
 */
int
pki_tool_expect_file (int argc, char **argv, const char **file)
{
  if (argc < 2)
    return pki_tool_usage_error ("missing FILE");
  if (argc > 2)
    return pki_tool_usage_error ("unexpected argument '%s'", argv[2]);
  *file = argv[1];
  return PKI_TOOL_CONTINUE;
}

/**
 * pki_tool_parse_command:
 * @context: the command's option context, with its summary (made with
 *   "FILE" for a command that reads one file, %NULL for one that takes no
 *   argument).
 * @entries: the command's own options.
 * @source: (nullable): where --passphrase-file and --passphrase-env go,
 *   for a command that takes them; %NULL for one that does not.
 * @argc: (inout): the argument count, argv[0] being the command's name.
 * @argv: (inout): the arguments.
 * @file: (out) (nullable): where the one FILE argument is stored; %NULL
 *   for a command that takes no argument.
 *
 * The start every command shares: adds @entries (then the passphrase
 * options), parses the command line with pki_tool_parse(),
 * checks the arguments left (pki_tool_expect_file(), or none at all), and
 * then that at most one passphrase source was given.
 *
 * Returns: %PKI_TOOL_CONTINUE when the command should go on, otherwise the
 *   exit status to return.
 */
int
pki_tool_parse_command (GOptionContext *context, const GOptionEntry *entries,
                        PkiToolPassphraseSource *source, int *argc, char ***argv,
                        const char **file)
{
  int status;

  g_option_context_add_main_entries (context, entries, NULL);
  if (source != NULL)
    pki_tool_add_passphrase_options (context, source);
  status = pki_tool_parse (context, argc, argv);
  if (status != PKI_TOOL_CONTINUE)
    return status;
  if (file != NULL)
    status = pki_tool_expect_file (*argc, *argv, file);
  else if (*argc > 1)
    status = pki_tool_usage_error ("unexpected argument '%s'", (*argv)[1]);
  if (status != PKI_TOOL_CONTINUE || source == NULL)
    return status;
  return pki_tool_check_passphrase_source (source);
}

/**
 * pki_tool_one_stdin:
 * @inputs: (array length=n_inputs): the file names a command reads (%NULL
 *   for an option not given), passphrase files included.
 * @n_inputs: how many.
 *
 * Checks that at most one of a command's inputs is standard input ("-").
 *
 * Returns: %PKI_TOOL_CONTINUE, or %PKI_EXIT_USAGE after printing why.
 */
int
pki_tool_one_stdin (const char *const *inputs, guint n_inputs)
{
  guint n = 0;

  for (guint i = 0; i < n_inputs; i++)
    if (inputs[i] != NULL && g_str_equal (inputs[i], "-"))
      n++;
  if (n > 1)
    return pki_tool_usage_error ("only one input can be standard input ('-')");
  return PKI_TOOL_CONTINUE;
}

/**
 * pki_tool_parse_days:
 * @option: the option's name, "--days", for the message.
 * @text: (nullable): its value; %NULL leaves @days unchanged.
 * @days: (inout): the default in, the number of days out.
 *
 * Reads a number of days from now: a positive whole number that does not
 * reach past the year 9999.
 *
 * Returns: %PKI_TOOL_CONTINUE, or %PKI_EXIT_USAGE after printing why.
 */
int
pki_tool_parse_days (const char *option, const char *text, guint *days)
{
  g_autoptr (GDateTime) now = NULL;
  g_autoptr (GDateTime) end = NULL;
  guint64 value = 0;

  if (text == NULL)
    return PKI_TOOL_CONTINUE;
  if (!g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT, &value, NULL))
    return pki_tool_usage_error ("invalid %s value '%s'", option, text);
  now = g_date_time_new_now_utc ();
  end = g_date_time_add_days (now, (gint) value);
  if (end == NULL)
    return pki_tool_usage_error ("%s %s reaches past the year 9999", option, text);
  *days = (guint) value;
  return PKI_TOOL_CONTINUE;
}

/* --- dispatch ------------------------------------------------------------- */

static const PkiToolCommand *
find_command (const PkiToolCommand *table, const char *name)
{
  for (; table->name != NULL; table++)
    if (g_str_equal (table->name, name))
      return table;
  return NULL;
}

/* Runs `<path> COMMAND ...`: @table lists the commands, argv[0] is the last
 * word of @path.  Groups recurse, so `pki` and `pki key` work alike. */
static int
run_group (const char *path, const PkiToolCommand *table, int argc, char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new ("COMMAND [ARG…]");
  g_autoptr (GString) description = g_string_new ("Commands:\n");
  g_autofree gchar *subpath = NULL;
  const PkiToolCommand *command;
  int status;

  g_set_prgname (path);
  for (const PkiToolCommand *c = table; c->name != NULL; c++)
    g_string_append_printf (description, "  %-12s %s\n", c->name, c->summary);
  g_string_append_printf (description, "\nRun '%s COMMAND --help' for a command's options.\n",
                          path);
  g_option_context_set_description (context, description->str);
  /* Stop at the first word: the rest belongs to the command. */
  g_option_context_set_strict_posix (context, TRUE);
  status = pki_tool_parse (context, &argc, &argv);
  if (status != PKI_TOOL_CONTINUE)
    return status;
  if (argc < 2)
    return pki_tool_usage_error ("missing command");
  command = find_command (table, argv[1]);
  if (command == NULL)
    return pki_tool_usage_error ("unknown command '%s'", argv[1]);

  subpath = g_strdup_printf ("%s %s", path, command->name);
  if (command->commands != NULL)
    return run_group (subpath, command->commands, argc - 1, argv + 1);
  g_set_prgname (subpath);
  return command->run (argc - 1, argv + 1);
}

/* pki help [COMMAND...]: the same as pki [COMMAND...] --help. */
static int
run_help (int argc, char **argv)
{
  g_autoptr (GPtrArray) args = g_ptr_array_new ();

  g_ptr_array_add (args, (gpointer) "pki");
  for (int i = 1; i < argc; i++)
    g_ptr_array_add (args, argv[i]);
  g_ptr_array_add (args, (gpointer) "--help");
  g_ptr_array_add (args, NULL);
  return run_group ("pki", commands, (int) args->len - 1, (char **) args->pdata);
}

static int
run_version (int argc, char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new (NULL);
  g_autoptr (GError) error = NULL;
  const char *openssl = pki_openssl_version ();
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, &json, "Print a JSON object", NULL },
    G_OPTION_ENTRY_NULL
  };
  int status;

  g_option_context_set_summary (context, "Print the versions of pki and of the OpenSSL it uses.");
  g_option_context_add_main_entries (context, entries, NULL);
  status = pki_tool_parse (context, &argc, &argv);
  if (status != PKI_TOOL_CONTINUE)
    return status;
  if (argc > 1)
    return pki_tool_usage_error ("unexpected argument '%s'", argv[1]);

  if (json)
    {
      g_autoptr (JsonBuilder) builder = json_builder_new ();
      g_autoptr (JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "pki");
      json_builder_add_string_value (builder, pki_version ());
      json_builder_set_member_name (builder, "openssl");
      json_builder_add_string_value (builder, openssl);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      if (!pki_tool_print_json (root, &error))
        return pki_tool_fail (error);
    }
  else
    {
      /* OpenSSL's own version text already starts with its name. */
      g_autofree gchar *text = g_strdup_printf ("pki %s\n%s%s\n", pki_version (),
                                                g_str_has_prefix (openssl, "OpenSSL ")
                                                  ? "" : "OpenSSL ",
                                                openssl);
      if (!pki_tool_print (text, &error))
        return pki_tool_fail (error);
    }
  return PKI_EXIT_OK;
}

/* --- input and output ----------------------------------------------------- */

static gboolean
set_errno_error (GError **error, int errsv, const char *what)
{
  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errsv), "%s: %s", what,
               g_strerror (errsv));
  return FALSE;
}

/* Reads all of standard input.  The read buffer is wiped: it may have held
 * a passphrase. */
static GBytes *
read_stdin (GError **error)
{
  g_autoptr (GByteArray) buffer = g_byte_array_new ();
  guint8 chunk[8192];

  for (;;)
    {
      ssize_t n = read (STDIN_FILENO, chunk, sizeof chunk);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          set_errno_error (error, errno, "cannot read standard input");
          explicit_bzero (chunk, sizeof chunk);
          return NULL;
        }
      if (n == 0)
        break;
      g_byte_array_append (buffer, chunk, (guint) n);
    }
  explicit_bzero (chunk, sizeof chunk);
  return g_byte_array_free_to_bytes (g_steal_pointer (&buffer));
}

/**
 * pki_tool_read:
 * @path: a file name, or "-" for standard input.
 * @error: return location for an I/O error.
 *
 * Reads a whole file.
 *
 * Returns: (transfer full) (nullable): its contents, or %NULL on error.
 */
GBytes *
pki_tool_read (const char *path, GError **error)
{
  gchar *contents = NULL;
  gsize len = 0;

  if (g_str_equal (path, "-"))
    return read_stdin (error);
  if (!g_file_get_contents (path, &contents, &len, error))
    return NULL;
  return g_bytes_new_take (contents, len);
}

static gboolean
write_stdout (const void *data, gsize len, GError **error)
{
  if ((len > 0 && fwrite (data, 1, len, stdout) != len) || fflush (stdout) != 0)
    return set_errno_error (error, errno, "cannot write to standard output");
  return TRUE;
}

/**
 * pki_tool_write:
 * @path: (nullable): a file name; %NULL or "-" is standard output.
 * @data: what to write.
 * @secret: %TRUE for private keys: the file is created with mode 0600.
 * @error: return location for an I/O error.
 *
 * Writes @data.  A file is replaced atomically: the data goes to a new
 * temporary file in the same directory (created with its final mode, 0600
 * or 0666 less the umask) that is then renamed over @path, so a reader never
 * sees half a file and a key is never readable by others, even briefly.
 *
 * Returns: %TRUE on success.
 */
gboolean
pki_tool_write (const char *path, GBytes *data, gboolean secret, GError **error)
{
  gsize len = 0;
  const char *bytes = g_bytes_get_data (data, &len);

  if (path == NULL || g_str_equal (path, "-"))
    return write_stdout (bytes, len, error);
  return g_file_set_contents_full (path, bytes != NULL ? bytes : "", (gssize) len,
                                   G_FILE_SET_CONTENTS_CONSISTENT, secret ? 0600 : 0666,
                                   error);
}

/**
 * pki_tool_print:
 * @text: a NUL-terminated string.
 * @error: return location for an I/O error.
 *
 * Writes @text to standard output and flushes it, reporting failure.
 *
 * Returns: %TRUE on success.
 */
gboolean
pki_tool_print (const char *text, GError **error)
{
  return write_stdout (text, strlen (text), error);
}

/**
 * pki_tool_print_json:
 * @root: the JSON value to print.
 * @error: return location for an I/O error.
 *
 * Prints @root as pretty JSON (two-space indent) and a newline on standard
 * output.
 *
 * Returns: %TRUE on success.
 */
gboolean
pki_tool_print_json (JsonNode *root, GError **error)
{
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autofree gchar *text = NULL;
  g_autofree gchar *line = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  line = g_strconcat (text, "\n", NULL);
  return pki_tool_print (line, error);
}

/**
 * pki_tool_print_description:
 * @builder: a builder that holds the description of one object, or an
 *   array of them.
 * @json: %TRUE to print the description as JSON.
 * @append_text: makes the text output of one object from its description.
 *
 * Ends a show command: prints the description as JSON (with @json), or as
 * the text that @append_text makes of it; the texts of the objects of an
 * array are separated by a blank line.
 *
 * Returns: %PKI_EXIT_OK, or %PKI_EXIT_FAILURE after printing why.
 */
int
pki_tool_print_description (JsonBuilder *builder, gboolean json, PkiToolAppendText append_text)
{
  g_autoptr (JsonNode) root = json_builder_get_root (builder);
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) text = NULL;

  if (json)
    return pki_tool_print_json (root, &error) ? PKI_EXIT_OK : pki_tool_fail (error);
  text = g_string_new (NULL);
  if (JSON_NODE_HOLDS_ARRAY (root))
    {
      JsonArray *array = json_node_get_array (root);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          if (i > 0)
            g_string_append_c (text, '\n');
          append_text (text, json_array_get_object_element (array, i));
        }
    }
  else
    append_text (text, json_node_get_object (root));
  return pki_tool_print (text->str, &error) ? PKI_EXIT_OK : pki_tool_fail (error);
}

/* memmem() without _GNU_SOURCE: the first @needle in @haystack, or NULL. */
static const char *
find_bytes (const char *haystack, gsize len, const char *needle)
{
  gsize n = strlen (needle);

  for (gsize i = 0; haystack != NULL && n <= len && i <= len - n; i++)
    if (memcmp (haystack + i, needle, n) == 0)
      return haystack + i;
  return NULL;
}

/**
 * pki_tool_guess_filetype:
 * @data: the contents of a file.
 *
 * Tells PEM from DER: data holding a "-----BEGIN" line is PEM.
 *
 * Returns: %PKI_FILETYPE_PEM or %PKI_FILETYPE_ASN1.
 */
PkiFiletype
pki_tool_guess_filetype (GBytes *data)
{
  gsize len = 0;
  const char *bytes = g_bytes_get_data (data, &len);

  if (find_bytes (bytes, len, "-----BEGIN") != NULL)
    return PKI_FILETYPE_PEM;
  return PKI_FILETYPE_ASN1;
}

/**
 * pki_tool_pem_label:
 * @data: the contents of a file.
 *
 * The label of the first PEM block, "PUBLIC KEY" for
 * "-----BEGIN PUBLIC KEY-----".
 *
 * Returns: (transfer full) (nullable): the label, or %NULL when @data holds
 *   no PEM block.
 */
gchar *
pki_tool_pem_label (GBytes *data)
{
  static const char begin[] = "-----BEGIN ";
  gsize len = 0;
  const char *bytes = g_bytes_get_data (data, &len);
  const char *start, *end;

  start = find_bytes (bytes, len, begin);
  if (start == NULL)
    return NULL;
  start += strlen (begin);
  end = find_bytes (start, len - (gsize) (start - bytes), "-----");
  if (end == NULL || memchr (start, '\n', (gsize) (end - start)) != NULL)
    return NULL;
  return g_strndup (start, (gsize) (end - start));
}

/**
 * pki_tool_bytes:
 * @data: bytes read with pki_tool_read().
 * @len: (out): their length.
 *
 * The data of @data as the library's loaders take it: never %NULL, even
 * for an empty file (GLib may give %NULL for no bytes).
 *
 * Returns: (transfer none): the data.
 */
const guint8 *
pki_tool_bytes (GBytes *data, gsize *len)
{
  const guint8 *bytes = g_bytes_get_data (data, len);

  return bytes != NULL ? bytes : (const guint8 *) "";
}

/**
 * pki_tool_hex_colons:
 * @bytes: binary data, a digest for instance.
 *
 * Formats @bytes as upper-case hex pairs joined by colons ("AB:CD:01"), as
 * `openssl x509 -fingerprint` does.
 *
 * Returns: (transfer full): the text.
 */
gchar *
pki_tool_hex_colons (GBytes *bytes)
{
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  GString *text = g_string_sized_new (len * 3 + 1);

  for (gsize i = 0; i < len; i++)
    g_string_append_printf (text, i == 0 ? "%02X" : ":%02X", data[i]);
  return g_string_free (text, FALSE);
}

/**
 * pki_tool_printable:
 * @text: text that came from a certificate, a name or an extension.
 * @len: its length in bytes (NUL bytes included).
 *
 * Makes text from the outside world safe to print and to put in JSON: a
 * NUL byte becomes the two characters backslash and zero (so a DNS name
 * "evil.com<NUL>.good.com" shows as "evil.com\0.good.com" instead of being
 * cut at the NUL), other control characters but tab and newline become
 * "\xHH" (so a certificate cannot send escape sequences to a terminal), and
 * bytes that are not UTF-8 become U+FFFD.
 *
 * Returns: (transfer full): valid UTF-8 without NUL bytes.
 */
gchar *
pki_tool_printable (const char *text, gsize len)
{
  g_autoptr (GString) escaped = g_string_sized_new (len + 1);

  for (gsize i = 0; i < len; i++)
    {
      guchar c = (guchar) text[i];

      if (c == '\0')
        g_string_append (escaped, "\\0");
      else if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f)
        g_string_append_printf (escaped, "\\x%02X", c);
      else
        g_string_append_c (escaped, (gchar) c);
    }
  return g_utf8_make_valid (escaped->str, (gssize) escaped->len);
}

/**
 * pki_tool_iso8601:
 * @when: a time.
 *
 * Formats @when in UTC as ISO 8601 to the second: "2026-11-25T13:00:00Z".
 *
 * Returns: (transfer full): the text.
 */
gchar *
pki_tool_iso8601 (GDateTime *when)
{
  g_autoptr (GDateTime) utc = g_date_time_to_utc (when);

  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

/**
 * pki_tool_display_name:
 * @file: a file name from the command line.
 *
 * How messages name @file: "standard input" for "-".
 *
 * Returns: (transfer none): the name.
 */
const char *
pki_tool_display_name (const char *file)
{
  return g_str_equal (file, "-") ? "standard input" : file;
}

/**
 * pki_tool_read_certs:
 * @file: a file name, "-" for standard input.
 * @der: %TRUE when the file is DER (found from the contents otherwise).
 * @all: %TRUE for every CERTIFICATE block of a PEM file.
 * @error: return location for an error, which names the file.
 *
 * Reads the first certificate of @file, or with @all each one of a PEM
 * bundle (other PEM blocks are skipped).
 *
 * Returns: (transfer full) (element-type PkiX509) (nullable): at least one
 *   certificate, or %NULL on error.
 */
GPtrArray *
pki_tool_read_certs (const char *file, gboolean der, gboolean all, GError **error)
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
    g_prefix_error (error, "%s: ", pki_tool_display_name (file));
  return g_steal_pointer (&certs);
}

/**
 * pki_tool_read_cert_files:
 * @certs: (element-type PkiX509): where the certificates are appended.
 * @files: (array zero-terminated=1) (nullable): file names, "-" for
 *   standard input.
 * @error: return location for an error, which names the file.
 *
 * Appends every certificate of each file of @files (every one of a PEM
 * file), in order, to @certs.
 *
 * Returns: %TRUE on success.
 */
gboolean
pki_tool_read_cert_files (GPtrArray *certs, char **files, GError **error)
{
  for (guint i = 0; files != NULL && files[i] != NULL; i++)
    {
      g_autoptr (GPtrArray) some = pki_tool_read_certs (files[i], FALSE, TRUE, error);

      if (some == NULL)
        return FALSE;
      for (guint j = 0; j < some->len; j++)
        g_ptr_array_add (certs, pki_x509_ref (g_ptr_array_index (some, j)));
    }
  return TRUE;
}

/**
 * pki_tool_add_trusted:
 * @store: the trust store.
 * @ca_file: (nullable): --ca: every certificate of this file is trusted.
 * @ca_path: (nullable): --ca-path: a directory laid out by pki rehash.
 * @error: return location for an error.
 *
 * Adds what --ca and --ca-path trust to @store.
 *
 * Returns: %TRUE on success.
 */
gboolean
pki_tool_add_trusted (PkiX509Store *store, const char *ca_file, const char *ca_path,
                      GError **error)
{
  if (ca_file != NULL)
    {
      g_autoptr (GPtrArray) certs = pki_tool_read_certs (ca_file, FALSE, TRUE, error);

      if (certs == NULL)
        return FALSE;
      for (guint i = 0; i < certs->len; i++)
        if (!pki_x509_store_add_cert (store, g_ptr_array_index (certs, i), error))
          return FALSE;
    }
  return ca_path == NULL || pki_x509_store_load_locations (store, NULL, ca_path, error);
}

/**
 * pki_tool_read_cert:
 * @file: a file name, "-" for standard input.
 * @der: %TRUE when the file is DER (found from the contents otherwise).
 * @error: return location for an error, which names the file.
 *
 * Reads the first certificate of @file.
 *
 * Returns: (transfer full) (nullable): the certificate, or %NULL on error.
 */
PkiX509 *
pki_tool_read_cert (const char *file, gboolean der, GError **error)
{
  g_autoptr (GPtrArray) certs = pki_tool_read_certs (file, der, FALSE, error);

  return certs != NULL ? pki_x509_ref (g_ptr_array_index (certs, 0)) : NULL;
}

/**
 * pki_tool_read_req:
 * @file: a file name, "-" for standard input.
 * @der: %TRUE when the file is DER (found from the contents otherwise).
 * @error: return location for an error, which names the file.
 *
 * Reads a certificate signing request.
 *
 * Returns: (transfer full) (nullable): the request, or %NULL on error.
 */
PkiX509Req *
pki_tool_read_req (const char *file, gboolean der, GError **error)
{
  g_autoptr (GBytes) data = pki_tool_read (file, error);
  PkiX509Req *req;
  gsize len = 0;
  const guint8 *bytes;

  if (data == NULL)
    return NULL;
  bytes = pki_tool_bytes (data, &len);
  req = pki_x509_req_load (der ? PKI_FILETYPE_ASN1 : pki_tool_guess_filetype (data), bytes, len,
                           error);
  if (req == NULL)
    g_prefix_error (error, "%s: ", pki_tool_display_name (file));
  return req;
}

/**
 * pki_tool_read_crl:
 * @file: a file name, "-" for standard input.
 * @der: %TRUE when the file is DER (found from the contents otherwise).
 * @type: (out) (optional): which encoding it was.
 * @error: return location for an error, which names the file.
 *
 * Reads a CRL, PEM or DER.
 *
 * Returns: (transfer full) (nullable): the CRL, or %NULL on error.
 */
PkiCrl *
pki_tool_read_crl (const char *file, gboolean der, PkiFiletype *type, GError **error)
{
  g_autoptr (GBytes) data = pki_tool_read (file, error);
  PkiFiletype found;
  PkiCrl *crl;
  gsize len = 0;
  const guint8 *bytes;

  if (data == NULL)
    return NULL;
  found = der ? PKI_FILETYPE_ASN1 : pki_tool_guess_filetype (data);
  bytes = pki_tool_bytes (data, &len);
  crl = pki_crl_load (found, bytes, len, error);
  if (crl == NULL)
    g_prefix_error (error, "%s: ", pki_tool_display_name (file));
  if (type != NULL)
    *type = found;
  return crl;
}

/**
 * pki_tool_count_pem_blocks:
 * @data: the contents of a file.
 * @label: a PEM label, "CERTIFICATE".
 *
 * Counts the "-----BEGIN @label-----" lines of @data.
 *
 * Returns: how many there are.
 */
guint
pki_tool_count_pem_blocks (GBytes *data, const char *label)
{
  g_autofree gchar *begin = g_strconcat ("-----BEGIN ", label, "-----", NULL);
  gsize len = 0;
  const char *bytes = g_bytes_get_data (data, &len);
  const char *end = bytes + len;
  const char *at;
  guint n = 0;

  while (bytes != NULL && (at = find_bytes (bytes, (gsize) (end - bytes), begin)) != NULL)
    {
      n++;
      bytes = at + strlen (begin);
    }
  return n;
}

/**
 * pki_tool_check_key_pair:
 * @cert: a certificate.
 * @cert_option: the option it came from ("--cert"), for the message.
 * @cert_file: the file it came from.
 * @key: a private key.
 * @key_option: the option it came from ("--key").
 * @key_file: the file it came from.
 * @error: return location for an error.
 *
 * Checks that @key is the private half of the key in @cert.
 *
 * Returns: %TRUE when it is, else %FALSE with a %PKI_ERROR_BAD_INPUT error
 *   naming both files.
 */
gboolean
pki_tool_check_key_pair (PkiX509 *cert, const char *cert_option, const char *cert_file,
                         PkiPKey *key, const char *key_option, const char *key_file,
                         GError **error)
{
  g_autoptr (PkiPKey) pub = pki_x509_get_pubkey (cert, error);

  if (pub == NULL)
    {
      g_prefix_error (error, "%s: ", pki_tool_display_name (cert_file));
      return FALSE;
    }
  if (!pki_pkey_public_equal (pub, key))
    {
      g_set_error (error, PKI_ERROR, PKI_ERROR_BAD_INPUT,
                   "%s %s does not match the certificate in %s %s", key_option,
                   pki_tool_display_name (key_file), cert_option,
                   pki_tool_display_name (cert_file));
      return FALSE;
    }
  return TRUE;
}

/* --- passphrases ---------------------------------------------------------- */

/**
 * pki_tool_add_passphrase_options:
 * @context: a command's option context.
 * @source: where the parsed options are stored; clear it with
 *   pki_tool_passphrase_source_clear().
 *
 * Adds --passphrase-file and --passphrase-env to a command.
 */
void
pki_tool_add_passphrase_options (GOptionContext *context, PkiToolPassphraseSource *source)
{
  const GOptionEntry entries[] = {
    { "passphrase-file", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME, &source->file,
      "Read the passphrase from the first line of FILE ('-': standard input)", "FILE" },
    { "passphrase-env", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &source->env,
      "Take the passphrase from environment variable VAR", "VAR" },
    G_OPTION_ENTRY_NULL
  };

  g_option_context_add_main_entries (context, entries, NULL);
}

/**
 * pki_tool_check_passphrase_source:
 * @source: the parsed passphrase options.
 *
 * Checks that at most one passphrase source was given.
 *
 * Returns: %PKI_TOOL_CONTINUE, or %PKI_EXIT_USAGE after printing why.
 */
int
pki_tool_check_passphrase_source (const PkiToolPassphraseSource *source)
{
  if (source->file != NULL && source->env != NULL)
    return pki_tool_usage_error ("--passphrase-file and --passphrase-env exclude each other");
  return PKI_TOOL_CONTINUE;
}

/**
 * pki_tool_add_key_passphrase_options:
 * @context: a command's option context.
 * @source: where the parsed options are stored; clear it with
 *   pki_tool_passphrase_source_clear().
 * @file_help: the help of --key-passphrase-file.
 * @env_help: the help of --key-passphrase-env.
 *
 * Adds --key-passphrase-file and --key-passphrase-env, for a command that
 * has a second passphrase besides --passphrase-file and --passphrase-env:
 * the one of a key it reads or writes.
 */
void
pki_tool_add_key_passphrase_options (GOptionContext *context, PkiToolPassphraseSource *source,
                                     const char *file_help, const char *env_help)
{
  const GOptionEntry entries[] = {
    { "key-passphrase-file", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME, &source->file,
      file_help, "FILE" },
    { "key-passphrase-env", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &source->env,
      env_help, "VAR" },
    G_OPTION_ENTRY_NULL
  };

  g_option_context_add_main_entries (context, entries, NULL);
}

/**
 * pki_tool_check_key_passphrase_source:
 * @source: the parsed --key-passphrase-* options.
 *
 * Checks that at most one of them was given.
 *
 * Returns: %PKI_TOOL_CONTINUE, or %PKI_EXIT_USAGE after printing why.
 */
int
pki_tool_check_key_passphrase_source (const PkiToolPassphraseSource *source)
{
  if (source->file != NULL && source->env != NULL)
    return pki_tool_usage_error ("--key-passphrase-file and --key-passphrase-env exclude "
                                 "each other");
  return PKI_TOOL_CONTINUE;
}

/**
 * pki_tool_passphrase_given:
 * @source: the parsed passphrase options.
 *
 * Returns: %TRUE when a passphrase source was given.
 */
gboolean
pki_tool_passphrase_given (const PkiToolPassphraseSource *source)
{
  return source->file != NULL || source->env != NULL;
}

/**
 * pki_tool_read_passphrase:
 * @source: the parsed passphrase options.
 * @error: return location for an error.
 *
 * Reads the passphrase from its source: the first line of the file without
 * its line end, or the value of the environment variable.  Unlike
 * `openssl -passin file:`, which strips only "\n", a "\r\n" line end is
 * stripped whole: a passphrase file edited on Windows gives the passphrase
 * its author meant.
 *
 * Returns: (transfer full) (nullable): the passphrase, free it with
 *   pki_tool_secret_free(); %NULL with @error set on failure, or %NULL with
 *   @error unset when no source was given.
 */
PkiToolSecret *
pki_tool_read_passphrase (const PkiToolPassphraseSource *source, GError **error)
{
  g_autoptr (GBytes) bytes = NULL;
  guint8 *data;
  gsize len = 0, line = 0;
  PkiToolSecret *secret;

  if (source->env != NULL)
    {
      const char *value = g_getenv (source->env);
      if (value == NULL)
        {
          g_set_error (error, PKI_ERROR, PKI_ERROR_PASSPHRASE,
                       "environment variable %s is not set", source->env);
          return NULL;
        }
      return g_strdup (value);
    }
  if (source->file == NULL)
    return NULL;

  bytes = pki_tool_read (source->file, error);
  if (bytes == NULL)
    return NULL;
  data = g_bytes_unref_to_data (g_steal_pointer (&bytes), &len);
  while (line < len && data[line] != '\n')
    line++;
  if (line > 0 && data[line - 1] == '\r')
    line--;
  secret = g_strndup ((const char *) data, line);
  explicit_bzero (data, len);
  g_free (data);
  return secret;
}

/**
 * pki_tool_read_new_passphrase:
 * @source: the parsed passphrase options; one must have been given.
 * @error: return location for an error.
 *
 * Reads a passphrase that will encrypt a key: as
 * pki_tool_read_passphrase(), but an empty one is refused.
 *
 * Returns: (transfer full) (nullable): the passphrase, or %NULL with
 *   @error set.
 */
PkiToolSecret *
pki_tool_read_new_passphrase (const PkiToolPassphraseSource *source, GError **error)
{
  g_autoptr (PkiToolSecret) passphrase = pki_tool_read_passphrase (source, error);

  if (passphrase == NULL)
    return NULL;
  if (*passphrase == '\0')
    {
      g_set_error (error, PKI_ERROR, PKI_ERROR_PASSPHRASE,
                   "refusing to encrypt with an empty passphrase");
      return NULL;
    }
  return g_steal_pointer (&passphrase);
}

/**
 * pki_tool_passphrase_source_clear:
 * @source: parsed passphrase options.
 *
 * Frees what the option parser stored in @source.
 */
void
pki_tool_passphrase_source_clear (PkiToolPassphraseSource *source)
{
  g_clear_pointer (&source->file, g_free);
  g_clear_pointer (&source->env, g_free);
}

/**
 * pki_tool_secret_free:
 * @secret: (nullable): a passphrase.
 *
 * Wipes and frees a passphrase.
 */
void
pki_tool_secret_free (PkiToolSecret *secret)
{
  if (secret == NULL)
    return;
  explicit_bzero (secret, strlen (secret));
  g_free (secret);
}

static gboolean
write_all (int fd, const char *text)
{
  gsize len = strlen (text);

  while (len > 0)
    {
      ssize_t n = write (fd, text, len);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return FALSE;
      text += n;
      len -= (gsize) n;
    }
  return TRUE;
}

/**
 * pki_tool_prompt_passphrase:
 * @writing: whether the passphrase will encrypt (unused: the prompt is the same).
 * @user_data: the name of the file the passphrase is for (a string).
 * @error: return location for an error.
 *
 * A #PkiPassphraseFunc asking on the terminal (/dev/tty) with echo off:
 * "Enter passphrase for FILE:".
 *
 * Returns: (transfer full) (nullable): the passphrase typed, or %NULL with
 *   a %PKI_ERROR_PASSPHRASE error when there is no terminal or no line.
 */
GBytes *
pki_tool_prompt_passphrase (gboolean writing, gpointer user_data, GError **error)
{
  const char *what = user_data;
  g_autofree gchar *prompt = g_strdup_printf ("Enter passphrase for %s: ", what);
  g_autoptr (GByteArray) line = g_byte_array_new ();
  struct termios saved, quiet;
  gboolean restore = FALSE, got_newline = FALSE;
  int fd;

  fd = open ("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (fd < 0)
    {
      int errsv = errno;
      g_set_error (error, PKI_ERROR, PKI_ERROR_PASSPHRASE,
                   "cannot ask for the passphrase of %s: /dev/tty: %s", what,
                   g_strerror (errsv));
      return NULL;
    }
  if (tcgetattr (fd, &saved) == 0)
    {
      quiet = saved;
      quiet.c_lflag &= ~(tcflag_t) ECHO;
      restore = tcsetattr (fd, TCSAFLUSH, &quiet) == 0;
    }
  write_all (fd, prompt);
  for (;;)
    {
      guint8 c;
      ssize_t n = read (fd, &c, 1);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      if (c == '\n')
        {
          got_newline = TRUE;
          break;
        }
      g_byte_array_append (line, &c, 1);
    }
  if (restore)
    tcsetattr (fd, TCSAFLUSH, &saved);
  write_all (fd, "\n");
  close (fd);

  if (!got_newline && line->len == 0)
    {
      g_set_error (error, PKI_ERROR, PKI_ERROR_PASSPHRASE, "no passphrase given for %s", what);
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&line));
}

/**
 * pki_tool_can_prompt:
 * @file: the file a passphrase is for, "-" for standard input.
 *
 * Whether a passphrase may be asked for on the terminal: standard input is
 * a terminal, and @file does not come from it.
 *
 * Returns: %TRUE when pki_tool_prompt_passphrase() may be used.
 */
gboolean
pki_tool_can_prompt (const char *file)
{
  return !g_str_equal (file, "-") && isatty (STDIN_FILENO);
}

/* One answer to the prompt, as a secret. */
static PkiToolSecret *
prompt_secret (const char *what, GError **error)
{
  g_autoptr (GBytes) answer = pki_tool_prompt_passphrase (FALSE, (gpointer) what, error);
  PkiToolSecret *secret;
  guint8 *data;
  gsize len = 0;

  if (answer == NULL)
    return NULL;
  data = g_bytes_unref_to_data (g_steal_pointer (&answer), &len);
  secret = g_strndup ((const char *) data, len);
  explicit_bzero (data, len);
  g_free (data);
  return secret;
}

/**
 * pki_tool_ask_passphrase:
 * @source: the parsed passphrase options.
 * @what: what the passphrase is for (a file name), named in the prompt.
 * @confirm: %TRUE to ask twice on the terminal (a passphrase that will
 *   protect something) and refuse two different answers.
 * @error: return location for an error.
 *
 * The passphrase from @source or, when none was given, from the terminal
 * (see pki_tool_can_prompt(), which the caller checks first).
 *
 * Returns: (transfer full) (nullable): the passphrase, or %NULL with
 *   @error set.
 */
PkiToolSecret *
pki_tool_ask_passphrase (const PkiToolPassphraseSource *source, const char *what,
                         gboolean confirm, GError **error)
{
  g_autoptr (PkiToolSecret) first = NULL;
  g_autoptr (PkiToolSecret) again = NULL;
  g_autofree gchar *again_what = NULL;

  if (pki_tool_passphrase_given (source))
    return pki_tool_read_passphrase (source, error);
  first = prompt_secret (what, error);
  if (first == NULL || !confirm)
    return g_steal_pointer (&first);
  again_what = g_strdup_printf ("%s (again)", what);
  again = prompt_secret (again_what, error);
  if (again == NULL)
    return NULL;
  if (!g_str_equal (first, again))
    {
      g_set_error (error, PKI_ERROR, PKI_ERROR_PASSPHRASE,
                   "the two passphrases typed for %s differ", what);
      return NULL;
    }
  return g_steal_pointer (&first);
}

/**
 * pki_tool_load_private:
 * @type: %PKI_FILETYPE_PEM or %PKI_FILETYPE_ASN1.
 * @data: the contents of the key file.
 * @file: the file's name, "-" for standard input; named in the prompt.
 * @source: the parsed passphrase options.
 * @error: return location for an error.
 *
 * Loads a private key: with the passphrase from @source, else by asking on
 * the terminal when there is one (and the key does not come from standard
 * input), else without a passphrase, which fails on an encrypted key.
 *
 * Returns: (transfer full) (nullable): the key, or %NULL on error.
 */
PkiPKey *
pki_tool_load_private (PkiFiletype type, GBytes *data, const char *file,
                       const PkiToolPassphraseSource *source, GError **error)
{
  g_autoptr (PkiToolSecret) passphrase = NULL;
  gsize len = 0;
  const guint8 *bytes = pki_tool_bytes (data, &len);

  if (pki_tool_passphrase_given (source))
    {
      passphrase = pki_tool_read_passphrase (source, error);
      if (passphrase == NULL)
        return NULL;
      return pki_pkey_load_private (type, bytes, len, passphrase, error);
    }
  if (pki_tool_can_prompt (file))
    return pki_pkey_load_private_with_callback (type, bytes, len, pki_tool_prompt_passphrase,
                                                (gpointer) file, error);
  return pki_pkey_load_private (type, bytes, len, NULL, error);
}

/**
 * pki_tool_read_private_key:
 * @file: the key file, PEM or DER, "-" for standard input.
 * @source: the parsed passphrase options.
 * @error: return location for an error, which names the file.
 *
 * Reads a private key as pki_tool_load_private() does.
 *
 * Returns: (transfer full) (nullable): the key, or %NULL on error.
 */
PkiPKey *
pki_tool_read_private_key (const char *file, const PkiToolPassphraseSource *source,
                           GError **error)
{
  g_autoptr (GBytes) data = pki_tool_read (file, error);
  PkiPKey *key;

  if (data == NULL)
    return NULL;
  key = pki_tool_load_private (pki_tool_guess_filetype (data), data, file, source, error);
  if (key == NULL)
    g_prefix_error (error, "%s: ", pki_tool_display_name (file));
  return key;
}

/**
 * pki_tool_parse_subject:
 * @text: the value of --subject, not empty.
 * @error: return location for an error, which names --subject.
 *
 * Parses a subject name: RFC 4514 text or OpenSSL's "/C=../CN=.." form.
 *
 * Returns: (transfer full) (nullable): the name, or %NULL on error.
 */
PkiX509Name *
pki_tool_parse_subject (const char *text, GError **error)
{
  PkiX509Name *name = pki_x509_name_parse (text, error);

  if (name == NULL)
    g_prefix_error (error, "--subject: ");
  return name;
}

/* --- signing -------------------------------------------------------------- */

#define DEFAULT_DIGEST "sha256"

/**
 * pki_tool_pick_digest:
 * @key: the key that will sign.
 * @given: (nullable): the value of --digest.
 * @digest: (out) (transfer none): the digest to sign with: @given, else
 *   SHA-256, and %NULL for Ed25519 and Ed448 keys, which sign without one.
 * @error: return location for an error.
 *
 * Chooses the digest a key signs with.  A --digest given for an Ed25519 or
 * Ed448 key is refused in the command's words rather than the library's:
 * known only once the key is read, it is a failure, not a usage error.
 *
 * Returns: %TRUE with @digest set, or %FALSE with @error set.
 */
gboolean
pki_tool_pick_digest (PkiPKey *key, const char *given, const char **digest, GError **error)
{
  PkiPKeyType type = pki_pkey_get_key_type (key);
  gboolean none = type == PKI_PKEY_TYPE_ED25519 || type == PKI_PKEY_TYPE_ED448;

  if (given != NULL && none)
    {
      g_set_error (error, PKI_ERROR, PKI_ERROR_UNSUPPORTED,
                   "--digest: %s keys sign without a digest; leave --digest out",
                   pki_pkey_get_type_name (key));
      return FALSE;
    }
  *digest = given != NULL ? given : none ? NULL : DEFAULT_DIGEST;
  return TRUE;
}

/**
 * pki_tool_make_extension:
 * @type_name: the extension type ("subjectAltName").
 * @critical: whether it is critical.
 * @value: its value in OpenSSL's configuration syntax.
 * @option: (nullable): the option the value came from ("--san"), named in
 *   the error.
 * @error: return location for an error.
 *
 * Makes an extension that needs no subject or issuer certificate.
 *
 * Returns: (transfer full) (nullable): the extension, or %NULL on error.
 */
PkiX509Extension *
pki_tool_make_extension (const char *type_name, gboolean critical, const char *value,
                         const char *option, GError **error)
{
  PkiX509Extension *ext = pki_x509_extension_new (type_name, critical, value, NULL, NULL, error);

  if (ext == NULL && option != NULL)
    g_prefix_error (error, "%s: ", option);
  return ext;
}

/**
 * pki_tool_make_request:
 * @key: the private key the request is for, which signs it.
 * @subject: the subject.
 * @extensions: (array length=n_extensions) (nullable): extensions to
 *   request (the extensionRequest attribute).
 * @n_extensions: how many.
 * @challenge: (nullable): a challengePassword attribute.
 * @digest: (nullable): the digest, %NULL for Ed25519 and Ed448 keys.
 * @error: return location for an error.
 *
 * Makes and signs a PKCS#10 request.
 *
 * Returns: (transfer full) (nullable): the request, or %NULL on error.
 */
PkiX509Req *
pki_tool_make_request (PkiPKey *key, PkiX509Name *subject, PkiX509Extension **extensions,
                       guint n_extensions, const char *challenge, const char *digest,
                       GError **error)
{
  g_autoptr (PkiX509Req) req = pki_x509_req_new ();

  if (!pki_x509_req_set_subject (req, subject, error) || !pki_x509_req_set_pubkey (req, key, error))
    return NULL;
  if (n_extensions > 0 && !pki_x509_req_add_extensions (req, extensions, n_extensions, error))
    return NULL;
  if (challenge != NULL && !pki_x509_req_add_attribute (req, "challengePassword", challenge, error))
    {
      g_prefix_error (error, "--challenge: ");
      return NULL;
    }
  if (!pki_x509_req_sign (req, key, digest, error))
    return NULL;
  return g_steal_pointer (&req);
}

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

static const char *
key_usage_name (PkiKeyUsage flag)
{
  for (guint i = 0; i < G_N_ELEMENTS (key_usages); i++)
    if (key_usages[i].flag == flag)
      return key_usages[i].name;
  return "?";
}

/* Checks that @ca may act as a CA for @usage (keyCertSign, cRLSign): a
 * basicConstraints that says CA:FALSE, or a keyUsage without @usage, rules
 * it out.  A certificate without those extensions (an X.509 v1 root) is
 * let through, as OpenSSL's verification lets it through. */
static gboolean
check_ca (PkiX509 *ca, const char *file, PkiKeyUsage usage, GError **error)
{
  g_autoptr (PkiX509Extension) bc = pki_x509_get_extension_by_oid (ca, "basicConstraints", NULL);
  g_autoptr (PkiX509Extension) ku = pki_x509_get_extension_by_oid (ca, "keyUsage", NULL);
  gboolean is_ca = TRUE;
  gint path_length = -1;
  PkiKeyUsage usages = 0;

  if (bc != NULL && pki_x509_extension_get_basic_constraints (bc, &is_ca, &path_length, NULL)
      && !is_ca)
    {
      g_set_error (error, PKI_ERROR, PKI_ERROR_BAD_INPUT,
                   "%s: not a CA certificate (basicConstraints CA:FALSE)",
                   pki_tool_display_name (file));
      return FALSE;
    }
  if (ku != NULL && pki_x509_extension_get_key_usage (ku, &usages, NULL) && !(usages & usage))
    {
      g_set_error (error, PKI_ERROR, PKI_ERROR_BAD_INPUT,
                   "%s: the CA certificate's keyUsage does not allow %s",
                   pki_tool_display_name (file), key_usage_name (usage));
      return FALSE;
    }
  return TRUE;
}

/**
 * pki_tool_read_ca:
 * @cert_file: the CA certificate (--ca), PEM or DER.
 * @key_file: the CA's private key (--ca-key).
 * @source: the parsed passphrase options, for the key.
 * @usage: what the CA is about to do: %PKI_KEY_USAGE_KEY_CERT_SIGN or
 *   %PKI_KEY_USAGE_CRL_SIGN.
 * @ca: (out) (transfer full): the certificate.
 * @ca_key: (out) (transfer full): the key.
 * @error: return location for an error.
 *
 * Reads a CA: its certificate, which must be allowed @usage, and its
 * private key, which must match the certificate.
 *
 * Returns: %TRUE with @ca and @ca_key set, or %FALSE with @error set.
 */
gboolean
pki_tool_read_ca (const char *cert_file, const char *key_file,
                  const PkiToolPassphraseSource *source, PkiKeyUsage usage, PkiX509 **ca,
                  PkiPKey **ca_key, GError **error)
{
  g_autoptr (PkiX509) cert = NULL;
  g_autoptr (PkiPKey) key = NULL;

  cert = pki_tool_read_cert (cert_file, FALSE, error);
  if (cert == NULL || !check_ca (cert, cert_file, usage, error))
    return FALSE;
  key = pki_tool_read_private_key (key_file, source, error);
  if (key == NULL
      || !pki_tool_check_key_pair (cert, "--ca", cert_file, key, "--ca-key", key_file, error))
    return FALSE;
  *ca = g_steal_pointer (&cert);
  *ca_key = g_steal_pointer (&key);
  return TRUE;
}

/* --- describing objects --------------------------------------------------- */

/**
 * pki_tool_add_string_member:
 * @builder: a builder inside an object.
 * @name: the member's name.
 * @value: (nullable): its value; %NULL gives null.
 *
 * Adds a string member.
 */
void
pki_tool_add_string_member (JsonBuilder *builder, const char *name, const char *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

/**
 * pki_tool_add_time_member:
 * @builder: a builder inside an object.
 * @name: the member's name.
 * @when: (nullable): a time; %NULL gives null.
 *
 * Adds a time as ISO 8601 UTC text (see pki_tool_iso8601()).
 */
void
pki_tool_add_time_member (JsonBuilder *builder, const char *name, GDateTime *when)
{
  g_autofree gchar *text = when != NULL ? pki_tool_iso8601 (when) : NULL;

  pki_tool_add_string_member (builder, name, text);
}

/**
 * pki_tool_add_name_member:
 * @builder: a builder inside an object.
 * @name: the member's name.
 * @value: a distinguished name.
 *
 * Adds the RFC 4514 text of a name, made safe to print.
 */
void
pki_tool_add_name_member (JsonBuilder *builder, const char *name, PkiX509Name *value)
{
  g_autofree gchar *raw = pki_x509_name_to_string (value);
  g_autofree gchar *text = pki_tool_printable (raw, strlen (raw));

  pki_tool_add_string_member (builder, name, text);
}

/**
 * pki_tool_add_key_member:
 * @builder: a builder inside an object.
 * @key: (nullable): a public key; %NULL (a key OpenSSL cannot read) gives
 *   null.
 *
 * Adds "key": {"type", "bits", "curve"}, curve null but for EC keys.
 */
void
pki_tool_add_key_member (JsonBuilder *builder, PkiPKey *key)
{
  json_builder_set_member_name (builder, "key");
  if (key == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }
  json_builder_begin_object (builder);
  pki_tool_add_string_member (builder, "type", pki_pkey_get_type_name (key));
  json_builder_set_member_name (builder, "bits");
  json_builder_add_int_value (builder, pki_pkey_get_bits (key));
  pki_tool_add_string_member (builder, "curve", pki_pkey_get_key_type (key) == PKI_PKEY_TYPE_EC
                                                  ? pki_pkey_get_curve_name (key) : NULL);
  json_builder_end_object (builder);
}

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
      pki_tool_add_string_member (builder, "type",
                                  general_name_type (pki_general_name_get_kind (gn)));
      pki_tool_add_string_member (builder, "value", value);
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

  pki_tool_add_string_member (builder, name, hex);
}

/* The first extension of @extensions whose short name is @name. */
static PkiX509Extension *
find_extension (GPtrArray *extensions, const char *name)
{
  for (guint i = 0; i < extensions->len; i++)
    {
      PkiX509Extension *ext = g_ptr_array_index (extensions, i);
      g_autofree gchar *short_name = pki_x509_extension_get_short_name (ext);

      if (g_strcmp0 (short_name, name) == 0)
        return ext;
    }
  return NULL;
}

/**
 * pki_tool_add_extension_members:
 * @builder: a builder inside an object.
 * @extensions: (element-type PkiX509Extension): a certificate's or a
 *   request's extensions.
 *
 * Adds "extensions", each with its name, OID, critical flag and the text
 * `openssl x509 -text` prints for it, then the decoded values of the
 * extensions the library has typed getters for: "subject_alt_names",
 * "basic_constraints", "key_usage", "extended_key_usage",
 * "subject_key_identifier" and "authority_key_identifier", each null when
 * there is no such extension or its value does not decode (the
 * "extensions" list still shows it).
 */
void
pki_tool_add_extension_members (JsonBuilder *builder, GPtrArray *extensions)
{
  json_builder_set_member_name (builder, "extensions");
  json_builder_begin_array (builder);
  for (guint i = 0; i < extensions->len; i++)
    {
      PkiX509Extension *ext = g_ptr_array_index (extensions, i);
      g_autofree gchar *name = pki_x509_extension_get_short_name (ext);
      g_autofree gchar *oid = pki_x509_extension_get_oid (ext);
      g_autofree gchar *raw = NULL;
      g_autofree gchar *value = NULL;
      gsize len = 0;

      raw = pki_x509_extension_to_string (ext, &len);
      value = pki_tool_printable (raw, len);
      json_builder_begin_object (builder);
      pki_tool_add_string_member (builder, "name", name);
      pki_tool_add_string_member (builder, "oid", oid);
      json_builder_set_member_name (builder, "critical");
      json_builder_add_boolean_value (builder, pki_x509_extension_get_critical (ext));
      pki_tool_add_string_member (builder, "value", value);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  add_subject_alt_names (builder, find_extension (extensions, "subjectAltName"));
  add_basic_constraints (builder, find_extension (extensions, "basicConstraints"));
  add_key_usage (builder, find_extension (extensions, "keyUsage"));
  add_extended_key_usage (builder, find_extension (extensions, "extendedKeyUsage"));
  add_key_identifier (builder, "subject_key_identifier",
                      find_extension (extensions, "subjectKeyIdentifier"));
  add_key_identifier (builder, "authority_key_identifier",
                      find_extension (extensions, "authorityKeyIdentifier"));
}

/**
 * pki_tool_append_field:
 * @text: the text output being made.
 * @label: the field's label.
 * @value: (nullable): its value; %NULL shows as "none".
 *
 * Appends one "Label:  value" line, values aligned in one column.
 */
void
pki_tool_append_field (GString *text, const char *label, const char *value)
{
  pki_tool_append_indented_field (text, 0, label, value);
}

/**
 * pki_tool_append_indented_field:
 * @text: the text output being made.
 * @indent: how many spaces go before the label (less than 20).
 * @label: the field's label.
 * @value: (nullable): its value; %NULL shows as "none".
 *
 * Appends one "  Label:  value" line of a part of an object (a bundle's
 * certificate), the value in the column of pki_tool_append_field().
 */
void
pki_tool_append_indented_field (GString *text, guint indent, const char *label,
                                const char *value)
{
  g_autofree gchar *colon = g_strconcat (label, ":", NULL);

  indent = MIN (indent, 20);
  g_string_append_printf (text, "%*s%-*s%s\n", (int) indent, "", (int) (21 - indent), colon,
                          value != NULL ? value : "none");
}

/**
 * pki_tool_add_cert_summary_members:
 * @builder: a builder inside an object.
 * @cert: a certificate.
 *
 * Adds what names a certificate: "subject", "issuer", "serial",
 * "not_before" and "not_after" (see pki_tool_add_time_member()).
 */
void
pki_tool_add_cert_summary_members (JsonBuilder *builder, PkiX509 *cert)
{
  g_autoptr (PkiX509Name) subject = pki_x509_get_subject (cert);
  g_autoptr (PkiX509Name) issuer = pki_x509_get_issuer (cert);
  g_autoptr (GDateTime) not_before = pki_x509_get_not_before (cert);
  g_autoptr (GDateTime) not_after = pki_x509_get_not_after (cert);
  g_autofree gchar *serial = pki_x509_get_serial (cert);

  pki_tool_add_name_member (builder, "subject", subject);
  pki_tool_add_name_member (builder, "issuer", issuer);
  pki_tool_add_string_member (builder, "serial", serial);
  pki_tool_add_time_member (builder, "not_before", not_before);
  pki_tool_add_time_member (builder, "not_after", not_after);
}

/**
 * pki_tool_add_cert_summaries:
 * @builder: a builder where a value goes (after a member name, or in an
 *   array).
 * @certs: (element-type PkiX509): certificates.
 *
 * Adds an array with one object for each of @certs, holding the members of
 * pki_tool_add_cert_summary_members().
 */
void
pki_tool_add_cert_summaries (JsonBuilder *builder, GPtrArray *certs)
{
  json_builder_begin_array (builder);
  for (guint i = 0; i < certs->len; i++)
    {
      json_builder_begin_object (builder);
      pki_tool_add_cert_summary_members (builder, g_ptr_array_index (certs, i));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

/**
 * pki_tool_append_cert_summary_text:
 * @text: the text output being made.
 * @indent: spaces before each label.
 * @cert: a description with the members of
 *   pki_tool_add_cert_summary_members().
 *
 * Appends the "Subject", "Issuer", "Serial", "Not before" and "Not after"
 * lines.
 */
void
pki_tool_append_cert_summary_text (GString *text, guint indent, JsonObject *cert)
{
  static const struct
  {
    const char *label;
    const char *member;
  } fields[] = {
    { "Subject", "subject" },
    { "Issuer", "issuer" },
    { "Serial", "serial" },
    { "Not before", "not_before" },
    { "Not after", "not_after" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    pki_tool_append_indented_field (text, indent, fields[i].label,
                                    json_object_get_string_member (cert, fields[i].member));
}

/**
 * pki_tool_append_cert_summaries_text:
 * @text: the text output being made.
 * @heading: what each certificate is called: "Certificate".
 * @certs: an array made by pki_tool_add_cert_summaries().
 *
 * Appends, for each certificate, a line "HEADING N:" (counting from 1)
 * and its summary lines indented by two spaces.
 */
void
pki_tool_append_cert_summaries_text (GString *text, const char *heading, JsonArray *certs)
{
  for (guint i = 0; i < json_array_get_length (certs); i++)
    {
      g_string_append_printf (text, "%s %u:\n", heading, i + 1);
      pki_tool_append_cert_summary_text (text, 2, json_array_get_object_element (certs, i));
    }
}

/**
 * pki_tool_append_key_text:
 * @text: the text output being made.
 * @object: a description with a "key" member (pki_tool_add_key_member()).
 *
 * Appends the "Key type", "Key bits" and (EC keys) "Key curve" lines.
 */
void
pki_tool_append_key_text (GString *text, JsonObject *object)
{
  JsonObject *key = json_object_get_null_member (object, "key")
                      ? NULL : json_object_get_object_member (object, "key");
  g_autofree gchar *bits = NULL;

  if (key == NULL)
    {
      pki_tool_append_field (text, "Key type", "unknown (OpenSSL cannot read the key)");
      return;
    }
  bits = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (key, "bits"));
  pki_tool_append_field (text, "Key type", json_object_get_string_member (key, "type"));
  pki_tool_append_field (text, "Key bits", bits);
  if (!json_object_get_null_member (key, "curve"))
    pki_tool_append_field (text, "Key curve", json_object_get_string_member (key, "curve"));
}

/**
 * pki_tool_append_extensions_text:
 * @text: the text output being made.
 * @object: a description with an "extensions" member
 *   (pki_tool_add_extension_members()).
 *
 * Appends "Extensions: none", or "Extensions:" and each extension's name,
 * critical flag and value lines, indented.
 */
void
pki_tool_append_extensions_text (GString *text, JsonObject *object)
{
  JsonArray *extensions = json_object_get_array_member (object, "extensions");

  if (json_array_get_length (extensions) == 0)
    pki_tool_append_field (text, "Extensions", "none");
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

/* --- main ----------------------------------------------------------------- */

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  return run_group ("pki", commands, argc, argv);
}
