/* BetterTLS (2020) name-constraint chains through PkiX509Store, case by case
 * against raw OpenSSL with the same settings (see conformance.h).
 *
 * Build (out of tree, after building libpki in build-conf/):
 *   cc -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Wall -Wextra -Werror -Wshadow \
 *     -Wstrict-prototypes -Wmissing-prototypes -Wno-unused-parameter -O2 -g -I. \
 *     $(pkg-config --cflags glib-2.0 gobject-2.0 json-glib-1.0 libcrypto) \
 *     -o build-conf/conformance-bettertls tests/conformance/conformance-bettertls.c \
 *     -Lbuild-conf/libpki -lpki -Wl,-rpath,$PWD/build-conf/libpki \
 *     $(pkg-config --libs glib-2.0 gobject-2.0 json-glib-1.0 libcrypto)
 * Run:
 *   PKI_TEST_SHARED=$PWD/../shared build-conf/conformance-bettertls
 *
 * Reads ../shared/corpus/bettertls-2020-libressl: certificates/root.crt is
 * trusted; certificates-crt-chain.tar.xz is extracted once (tar -xJf) into a
 * temporary directory, removed at the end, for certificates/N.crt (the leaf)
 * and certificates/N.chain (the untrusted chain); `expected` holds one line
 * "N,DNS,IP" per chain, each OK, ERROR or WEAK-OK (either way).  Each chain
 * is verified twice at 1600000000 (2020-09-13), once for the host
 * localhost.local and once for the IP 127.0.0.1, with no other setting, as in
 * the baseline.
 * SPDX-License-Identifier: MIT
 */
#include "conformance.h"

#define SUITE "bettertls"
#define HOST "localhost.local"
#define IP "127.0.0.1"
#define WHEN G_GINT64_CONSTANT (1600000000)

/* ../shared/corpus/README.md, raw OpenSSL 3.0.19: 7,290 checks, no false
 * accept or reject (WEAK-OK passes either way). */
static const ConfCounts baseline = { .pass = 7290, .false_accept = 0, .false_reject = 0 };

static gboolean
parse_expect (const char *text, ConfExpect *out)
{
  if (strcmp (text, "OK") == 0)
    *out = CONF_EXPECT_ACCEPT;
  else if (strcmp (text, "ERROR") == 0)
    *out = CONF_EXPECT_REJECT;
  else if (strcmp (text, "WEAK-OK") == 0)
    *out = CONF_EXPECT_EITHER;
  else
    return FALSE;
  return TRUE;
}

/* Extracts @tarball into a new temporary directory; NULL with a message on
 * failure. */
static gchar *
extract (const char *tarball)
{
  g_autoptr (GError) error = NULL;
  g_autofree gchar *dir = g_dir_make_tmp ("libpki-bettertls-XXXXXX", &error);
  g_autofree gchar *err = NULL;
  gint status = 0;
  const char *argv[] = { "tar", "-xJf", tarball, "-C", NULL, NULL };

  if (dir == NULL) {
    printf ("conformance-%s: cannot make a temporary directory: %s\n", SUITE, error->message);
    return NULL;
  }
  argv[4] = dir;
  if (!g_spawn_sync (NULL, (gchar **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                     NULL, NULL, NULL, &err, &status, &error)
      || !g_spawn_check_wait_status (status, &error)) {
    printf ("conformance-%s: tar -xJf %s failed: %s %s\n", SUITE, tarball, error->message,
            err != NULL ? err : "");
    conf_remove_tree (dir);
    return NULL;
  }
  return g_steal_pointer (&dir);
}

/* Verifies chain @id for the host or the IP. */
static gboolean
check_one (ConfTally *t, const char *certs, GBytes *root, const char *id, gboolean ip,
           ConfExpect expect)
{
  g_auto (ConfCase) c = { 0 };
  g_autofree gchar *leaf_name = g_strconcat (id, ".crt", NULL);
  g_autofree gchar *chain_name = g_strconcat (id, ".chain", NULL);
  g_autofree gchar *leaf_path = g_build_filename (certs, leaf_name, NULL);
  g_autofree gchar *chain_path = g_build_filename (certs, chain_name, NULL);
  g_autofree gchar *label = g_strdup_printf ("%s %s", id, ip ? "ip" : "dns");
  GBytes *chain;

  conf_case_init (&c, PKI_FILETYPE_PEM);
  c.leaf = conf_read (leaf_path);
  chain = conf_read (chain_path);
  if (c.leaf == NULL || chain == NULL) {
    g_clear_pointer (&chain, g_bytes_unref);
    return FALSE;
  }
  g_ptr_array_add (c.untrusted, chain);
  g_ptr_array_add (c.trusted, g_bytes_ref (root));
  c.has_time = TRUE;
  c.time = WHEN;
  if (ip)
    c.ip = g_strdup (IP);
  else
    c.host = g_strdup (HOST);
  conf_check (t, label, &c, expect);
  return TRUE;
}

int
main (int argc, char **argv)
{
  g_autofree gchar *dir = conf_corpus_dir ("bettertls-2020-libressl");
  g_autofree gchar *root_path = NULL, *tarball = NULL, *expected_path = NULL;
  g_autofree gchar *tmp = NULL, *certs = NULL, *expected = NULL;
  g_autoptr (GBytes) root = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) lines = NULL;
  g_auto (ConfTally) t = { 0 };
  guint unreadable = 0, chains = 0;
  int status;

  if (dir == NULL)
    return conf_skip_suite (SUITE, "bettertls-2020-libressl");
  root_path = g_build_filename (dir, "certificates", "root.crt", NULL);
  tarball = g_build_filename (dir, "certificates-crt-chain.tar.xz", NULL);
  expected_path = g_build_filename (dir, "expected", NULL);
  root = conf_read (root_path);
  if (root == NULL || !g_file_get_contents (expected_path, &expected, NULL, &error)) {
    printf ("conformance-%s: cannot read %s%s%s\n", SUITE, root == NULL ? root_path : expected_path,
            error ? ": " : "", error ? error->message : "");
    return 1;
  }

  conf_tally_init (&t, SUITE);
  tmp = extract (tarball);
  if (tmp == NULL)
    return 1;
  certs = g_build_filename (tmp, "certificates", NULL);
  printf ("%s: %s extracted in %.1f s\n", SUITE, tarball,
          (g_get_monotonic_time () - t.start) / 1e6);

  lines = g_strsplit (expected, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++) {
    g_auto (GStrv) f = NULL;
    ConfExpect dns, ip;

    g_strstrip (lines[i]);
    if (lines[i][0] == '\0')
      continue;
    f = g_strsplit (lines[i], ",", -1);
    if (g_strv_length (f) != 3 || !parse_expect (f[1], &dns) || !parse_expect (f[2], &ip)) {
      printf ("  UNREADABLE line %u of %s: %s\n", i + 1, expected_path, lines[i]);
      unreadable++;
      continue;
    }
    chains++;
    if (!check_one (&t, certs, root, f[0], FALSE, dns)
        || !check_one (&t, certs, root, f[0], TRUE, ip)) {
      printf ("  UNREADABLE chain %s\n", f[0]);
      unreadable++;
    }
  }
  conf_remove_tree (tmp);

  printf ("%s: %u chains, %u checks\n", SUITE, chains, t.run);
  status = conf_report (&t, &baseline, "raw OpenSSL 3.0.19, ../shared/corpus/README.md");
  return unreadable > 0 ? 1 : status;
}
