/* pki: the command line face of libpki.
 *
 *   pki <group> <command> [options]     for example: pki key new --type ec
 *
 * This file holds main(), the one table of command groups, the top-level
 * commands (version, help) and the helpers every group shares (see
 * pki-tool.h).  Each group lives in tools/pki-<group>.c and owns the table of
 * its subcommands; adding a group means adding a file and a line to
 * `commands` below.
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
  { "cert", "Make, inspect and convert X.509 certificates", NULL, pki_cert_commands },
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
  if (!g_str_equal (file, "-") && isatty (STDIN_FILENO))
    return pki_pkey_load_private_with_callback (type, bytes, len, pki_tool_prompt_passphrase,
                                                (gpointer) file, error);
  return pki_pkey_load_private (type, bytes, len, NULL, error);
}

/* --- main ----------------------------------------------------------------- */

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  return run_group ("pki", commands, argc, argv);
}
