/* pki: what the command's source files share.
 *
 * tools/pki.c holds main(), the table of command groups and the helpers
 * below; each group lives in its own tools/pki-<group>.c and exports one
 * table of subcommands, registered in pki.c.
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <libpki/pki.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Exit statuses: success, failure (a library or I/O error), usage error. */
#define PKI_EXIT_OK 0
#define PKI_EXIT_FAILURE 1
#define PKI_EXIT_USAGE 2

/* What pki_tool_parse() returns when the command should go on. */
#define PKI_TOOL_CONTINUE (-1)

typedef struct _PkiToolCommand PkiToolCommand;

/*
 * PkiToolCommand: one word of the command line.
 * @name: the word ("key", "new"); a %NULL name ends a table.
 * @summary: one line for the command list in --help.
 * @run: runs a command; argv[0] is its name and options follow.  It
 *   returns the exit status.
 * @commands: for a group, the table of its subcommands (and @run is %NULL).
 */
struct _PkiToolCommand
{
  const char *name;
  const char *summary;
  int (*run) (int argc, char **argv);
  const PkiToolCommand *commands;
};

/* The groups, one source file each; pki.c lists them in its table. */
extern const PkiToolCommand pki_key_commands[];
extern const PkiToolCommand pki_cert_commands[];

/* --- options and messages ------------------------------------------------ */

int pki_tool_parse (GOptionContext *context, int *argc, char ***argv);
int pki_tool_usage_error (const char *format, ...) G_GNUC_PRINTF (1, 2);
int pki_tool_fail (const GError *error);
int pki_tool_expect_file (int argc, char **argv, const char **file);

/* --- input and output ----------------------------------------------------- */

GBytes *pki_tool_read (const char *path, GError **error);
gboolean pki_tool_write (const char *path, GBytes *data, gboolean secret, GError **error);
gboolean pki_tool_print (const char *text, GError **error);
gboolean pki_tool_print_json (JsonNode *root, GError **error);
PkiFiletype pki_tool_guess_filetype (GBytes *data);
gchar *pki_tool_pem_label (GBytes *data);
const guint8 *pki_tool_bytes (GBytes *data, gsize *len);
gchar *pki_tool_hex_colons (GBytes *bytes);
gchar *pki_tool_printable (const char *text, gsize len);
gchar *pki_tool_iso8601 (GDateTime *when);

/* --- passphrases ---------------------------------------------------------- */

/* Where a passphrase comes from: --passphrase-file or --passphrase-env.
 * Never from argv. */
typedef struct
{
  gchar *file;
  gchar *env;
} PkiToolPassphraseSource;

/* A passphrase in memory; freed with pki_tool_secret_free(), which wipes it. */
typedef gchar PkiToolSecret;

void pki_tool_add_passphrase_options (GOptionContext *context, PkiToolPassphraseSource *source);
int pki_tool_check_passphrase_source (const PkiToolPassphraseSource *source);
gboolean pki_tool_passphrase_given (const PkiToolPassphraseSource *source);
PkiToolSecret *pki_tool_read_passphrase (const PkiToolPassphraseSource *source, GError **error);
void pki_tool_passphrase_source_clear (PkiToolPassphraseSource *source);
void pki_tool_secret_free (PkiToolSecret *secret);
GBytes *pki_tool_prompt_passphrase (gboolean writing, gpointer user_data, GError **error);
PkiPKey *pki_tool_load_private (PkiFiletype type, GBytes *data, const char *file,
                                const PkiToolPassphraseSource *source, GError **error);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PkiToolPassphraseSource, pki_tool_passphrase_source_clear)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PkiToolSecret, pki_tool_secret_free)

G_END_DECLS
