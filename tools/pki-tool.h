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

/* Exit statuses: success, failure (a library or I/O error), usage error,
 * and the one verdict that is neither: `pki crl check` found the
 * certificate revoked. */
#define PKI_EXIT_OK 0
#define PKI_EXIT_FAILURE 1
#define PKI_EXIT_USAGE 2
#define PKI_EXIT_REVOKED 3

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
extern const PkiToolCommand pki_req_commands[];
extern const PkiToolCommand pki_crl_commands[];
extern const PkiToolCommand pki_p12_commands[];
extern const PkiToolCommand pki_p7_commands[];

/* Top-level commands that are not groups (tools/pki-verify.c). */
int pki_tool_verify (int argc, char **argv);
int pki_tool_rehash (int argc, char **argv);
/* tools/pki-fetch.c */
int pki_tool_fetch (int argc, char **argv);

/* --- options and messages ------------------------------------------------ */

int pki_tool_parse (GOptionContext *context, int *argc, char ***argv);
int pki_tool_usage_error (const char *format, ...) G_GNUC_PRINTF (1, 2);
int pki_tool_fail (const GError *error);
int pki_tool_expect_file (int argc, char **argv, const char **file);
int pki_tool_one_stdin (const char *const *inputs, guint n_inputs);
int pki_tool_parse_days (const char *option, const char *text, guint *days);

/* --- input and output ----------------------------------------------------- */

GBytes *pki_tool_read (const char *path, GError **error);
gboolean pki_tool_write (const char *path, GBytes *data, gboolean secret, GError **error);
gboolean pki_tool_print (const char *text, GError **error);
gboolean pki_tool_print_json (JsonNode *root, GError **error);
/* Makes the text output of one object from its JSON description. */
typedef void (*PkiToolAppendText) (GString *text, JsonObject *object);
/* Prints a show command's description, as JSON or as text. */
int pki_tool_print_description (JsonBuilder *builder, gboolean json, PkiToolAppendText append_text);
PkiFiletype pki_tool_guess_filetype (GBytes *data);
gchar *pki_tool_pem_label (GBytes *data);
const guint8 *pki_tool_bytes (GBytes *data, gsize *len);
gchar *pki_tool_hex_colons (GBytes *bytes);
gchar *pki_tool_printable (const char *text, gsize len);
gchar *pki_tool_iso8601 (GDateTime *when);
const char *pki_tool_display_name (const char *file);
GPtrArray *pki_tool_read_certs (const char *file, gboolean der, gboolean all, GError **error);
/* Appends every certificate of each file to @certs. */
gboolean pki_tool_read_cert_files (GPtrArray *certs, char **files, GError **error);
/* Adds the certificates of --ca FILE and the directory of --ca-path to @store. */
gboolean pki_tool_add_trusted (PkiX509Store *store, const char *ca_file, const char *ca_path,
                               GError **error);
PkiX509 *pki_tool_read_cert (const char *file, gboolean der, GError **error);
PkiX509Req *pki_tool_read_req (const char *file, gboolean der, GError **error);
PkiCrl *pki_tool_read_crl (const char *file, gboolean der, PkiFiletype *type, GError **error);
guint pki_tool_count_pem_blocks (GBytes *data, const char *label);
gboolean pki_tool_check_key_pair (PkiX509 *cert, const char *cert_option, const char *cert_file,
                                  PkiPKey *key, const char *key_option, const char *key_file,
                                  GError **error);

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

/* Sets up and parses a command's options, its one FILE argument (or none)
 * and its passphrase source. */
int pki_tool_parse_command (GOptionContext *context, const GOptionEntry *entries,
                            PkiToolPassphraseSource *source, int *argc, char ***argv,
                            const char **file);
void pki_tool_add_passphrase_options (GOptionContext *context, PkiToolPassphraseSource *source);
int pki_tool_check_passphrase_source (const PkiToolPassphraseSource *source);
void pki_tool_add_key_passphrase_options (GOptionContext *context, PkiToolPassphraseSource *source,
                                          const char *file_help, const char *env_help);
int pki_tool_check_key_passphrase_source (const PkiToolPassphraseSource *source);
gboolean pki_tool_passphrase_given (const PkiToolPassphraseSource *source);
PkiToolSecret *pki_tool_read_passphrase (const PkiToolPassphraseSource *source, GError **error);
PkiToolSecret *pki_tool_read_new_passphrase (const PkiToolPassphraseSource *source,
                                             GError **error);
gboolean pki_tool_can_prompt (const char *file);
PkiToolSecret *pki_tool_ask_passphrase (const PkiToolPassphraseSource *source, const char *what,
                                        gboolean confirm, GError **error);
void pki_tool_passphrase_source_clear (PkiToolPassphraseSource *source);
void pki_tool_secret_free (PkiToolSecret *secret);
GBytes *pki_tool_prompt_passphrase (gboolean writing, gpointer user_data, GError **error);
PkiPKey *pki_tool_load_private (PkiFiletype type, GBytes *data, const char *file,
                                const PkiToolPassphraseSource *source, GError **error);

PkiX509Name *pki_tool_parse_subject (const char *text, GError **error);
PkiPKey *pki_tool_read_private_key (const char *file, const PkiToolPassphraseSource *source,
                                    GError **error);

/* --- signing -------------------------------------------------------------- */

gboolean pki_tool_pick_digest (PkiPKey *key, const char *given, const char **digest,
                               GError **error);
PkiX509Extension *pki_tool_make_extension (const char *type_name, gboolean critical,
                                           const char *value, const char *option, GError **error);
PkiX509Req *pki_tool_make_request (PkiPKey *key, PkiX509Name *subject, PkiX509Extension **extensions,
                                   guint n_extensions, const char *challenge, const char *digest,
                                   GError **error);
gboolean pki_tool_read_ca (const char *cert_file, const char *key_file,
                           const PkiToolPassphraseSource *source, PkiKeyUsage usage, PkiX509 **ca,
                           PkiPKey **ca_key, GError **error);

/* --- describing objects (the show commands) ------------------------------- */

/* Each show command builds one JSON object, prints it for --json and makes
 * its text output from it, so the two always say the same. */
void pki_tool_add_string_member (JsonBuilder *builder, const char *name, const char *value);
void pki_tool_add_time_member (JsonBuilder *builder, const char *name, GDateTime *when);
void pki_tool_add_name_member (JsonBuilder *builder, const char *name, PkiX509Name *value);
void pki_tool_add_key_member (JsonBuilder *builder, PkiPKey *key);
void pki_tool_add_extension_members (JsonBuilder *builder, GPtrArray *extensions);
void pki_tool_add_cert_summary_members (JsonBuilder *builder, PkiX509 *cert);
/* An array of the summaries of @certs. */
void pki_tool_add_cert_summaries (JsonBuilder *builder, GPtrArray *certs);
void pki_tool_append_field (GString *text, const char *label, const char *value);
void pki_tool_append_indented_field (GString *text, guint indent, const char *label,
                                     const char *value);
void pki_tool_append_cert_summary_text (GString *text, guint indent, JsonObject *cert);
/* "HEADING N:" and the summary of each certificate of @certs, indented. */
void pki_tool_append_cert_summaries_text (GString *text, const char *heading, JsonArray *certs);
void pki_tool_append_key_text (GString *text, JsonObject *object);
void pki_tool_append_extensions_text (GString *text, JsonObject *object);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PkiToolPassphraseSource, pki_tool_passphrase_source_clear)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PkiToolSecret, pki_tool_secret_free)

G_END_DECLS
