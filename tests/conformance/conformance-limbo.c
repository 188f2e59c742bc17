/* x509-limbo path validation through PkiX509Store, case by case against raw
 * OpenSSL with the same settings (see conformance.h).
 *
 * Build (out of tree, after building libpki in build-conf/):
 *   cc -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Wall -Wextra -Werror -Wshadow \
 *     -Wstrict-prototypes -Wmissing-prototypes -Wno-unused-parameter -O2 -g -I. \
 *     $(pkg-config --cflags glib-2.0 gobject-2.0 json-glib-1.0 libcrypto) \
 *     -o build-conf/conformance-limbo tests/conformance/conformance-limbo.c \
 *     -Lbuild-conf/libpki -lpki -Wl,-rpath,$PWD/build-conf/libpki \
 *     $(pkg-config --libs glib-2.0 gobject-2.0 json-glib-1.0 libcrypto)
 * Run:
 *   PKI_TEST_SHARED=$PWD/../shared build-conf/conformance-limbo
 *
 * Reads ../shared/corpus/x509-limbo/limbo.json.  Each case: the trusted
 * certificates into a store, its CRLs added with CRL checking of the whole
 * chain on (CRL_CHECK | CRL_CHECK_ALL) when there are any, the intermediates
 * as the untrusted chain, validation_time as the verification time (none: no
 * time check, NO_CHECK_TIME), expected_peer_name as the host, IP or e-mail,
 * max_chain_depth as the depth and an extended_key_usage as the purpose
 * (serverAuth: "sslserver"); the verdict is compared with expected_result.
 * Like x509-limbo's own OpenSSL harness, which the baseline's counts match,
 * every case also has X509_STRICT and PARTIAL_CHAIN (a trusted intermediate
 * is a trust anchor), authentication level 2 (keys of at least 112 bits of
 * security; pki_x509_store_set_auth_level) and, with a host name, the host
 * flag NO_PARTIAL_WILDCARDS (pki_x509_store_set_host_flags).
 * Skipped (never counted as passed): CLIENT validation (checking a client's
 * certificate against a list of expected peer names, which the store does
 * not do), as in the baseline, and any case that would constrain signature
 * algorithms, list expected peer names or ask for an extended key usage with
 * no OpenSSL purpose (none does today).  Every case, the denial-of-service
 * ones included, must finish in under 5 s.
 * SPDX-License-Identifier: MIT
 */
#include "conformance.h"

#define SUITE "limbo"

/* ../shared/corpus/README.md, raw OpenSSL 3.0.19 */
static const ConfCounts baseline = { .pass = 145, .false_accept = 47, .false_reject = 6 };
#define BASELINE_SKIPPED 10

/* The string members of array @name of @o, as GBytes, appended to @out. */
static void
add_pems (JsonObject *o, const char *name, GPtrArray *out)
{
  JsonArray *a = json_object_get_array_member (o, name);
  for (guint i = 0; a != NULL && i < json_array_get_length (a); i++) {
    const char *pem = json_array_get_string_element (a, i);
    g_ptr_array_add (out, g_bytes_new (pem, strlen (pem)));
  }
}

static guint
array_length (JsonObject *o, const char *name)
{
  JsonArray *a = json_object_has_member (o, name) ? json_object_get_array_member (o, name) : NULL;
  return a != NULL ? json_array_get_length (a) : 0;
}

/* The member @name of @o when it is set and not null. */
static JsonNode *
member (JsonObject *o, const char *name)
{
  JsonNode *n = json_object_get_member (o, name);
  return n != NULL && !JSON_NODE_HOLDS_NULL (n) ? n : NULL;
}

/* Why the case is not run, or NULL; sets the purpose its extended key usage
 * maps to. */
static const char *
why_skip (JsonObject *tc, ConfCase *c)
{
  JsonArray *eku = json_object_get_array_member (tc, "extended_key_usage");

  if (g_strcmp0 (json_object_get_string_member (tc, "validation_kind"), "SERVER") != 0)
    return "CLIENT validation";
  if (array_length (tc, "signature_algorithms") > 0)
    return "signature_algorithms constraint";
  if (array_length (tc, "expected_peer_names") > 0)
    return "expected_peer_names list";
  if (eku != NULL && json_array_get_length (eku) > 1)
    return "several extended key usages";
  if (eku != NULL && json_array_get_length (eku) == 1) {
    const char *name = json_array_get_string_element (eku, 0);
    if (g_strcmp0 (name, "serverAuth") == 0)
      c->purpose = g_strdup ("sslserver");
    else if (g_strcmp0 (name, "clientAuth") == 0)
      c->purpose = g_strdup ("sslclient");
    else if (g_strcmp0 (name, "anyExtendedKeyUsage") == 0)
      c->purpose = g_strdup ("any");
    else
      return "extended key usage without an OpenSSL purpose";
  }
  return NULL;
}

/* Fills @c from test case @tc; FALSE with a message when the case cannot be
 * read. */
static gboolean
read_case (JsonObject *tc, ConfCase *c, gchar **why)
{
  JsonNode *when = member (tc, "validation_time");
  JsonNode *peer = member (tc, "expected_peer_name");
  JsonNode *depth = member (tc, "max_chain_depth");
  const char *leaf = json_object_get_string_member (tc, "peer_certificate");

  if (leaf == NULL)
    return (*why = g_strdup ("no peer_certificate")), FALSE;
  add_pems (tc, "trusted_certs", c->trusted);
  add_pems (tc, "untrusted_intermediates", c->untrusted);
  if (json_object_has_member (tc, "crls"))
    add_pems (tc, "crls", c->crls);
  c->leaf = g_bytes_new (leaf, strlen (leaf));
  c->flags = PKI_X509_STORE_FLAG_X509_STRICT | PKI_X509_STORE_FLAG_PARTIAL_CHAIN;
  c->auth_level = 2;
  if (c->crls->len > 0)
    c->flags |= PKI_X509_STORE_FLAG_CRL_CHECK | PKI_X509_STORE_FLAG_CRL_CHECK_ALL;
  if (when != NULL) {
    g_autoptr (GDateTime) t = g_date_time_new_from_iso8601 (json_node_get_string (when), NULL);
    if (t == NULL)
      return (*why = g_strdup_printf ("bad validation_time '%s'", json_node_get_string (when))),
             FALSE;
    c->has_time = TRUE;
    c->time = g_date_time_to_unix (t);
  } else {
    c->flags |= PKI_X509_STORE_FLAG_NO_CHECK_TIME;
  }
  if (depth != NULL)
    c->depth = (gint) json_node_get_int (depth);
  if (peer != NULL) {
    JsonObject *p = json_node_get_object (peer);
    const char *kind = json_object_get_string_member (p, "kind");
    const char *value = json_object_get_string_member (p, "value");
    if (g_strcmp0 (kind, "DNS") == 0) {
      c->host = g_strdup (value);
      c->host_flags = X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS;
    }
    else if (g_strcmp0 (kind, "IP") == 0)
      c->ip = g_strdup (value);
    else if (g_strcmp0 (kind, "RFC822") == 0)
      c->email = g_strdup (value);
    else
      return (*why = g_strdup_printf ("unknown peer name kind '%s'", kind)), FALSE;
  }
  return TRUE;
}

int
main (int argc, char **argv)
{
  g_autofree gchar *dir = conf_corpus_dir ("x509-limbo");
  g_autofree gchar *path = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GHashTable) skips = g_hash_table_new (g_str_hash, g_str_equal);
  g_auto (ConfTally) t = { 0 };
  JsonArray *cases;
  guint unreadable = 0;
  int status;

  if (dir == NULL)
    return conf_skip_suite (SUITE, "x509-limbo");
  path = g_build_filename (dir, "limbo.json", NULL);
  if (!json_parser_load_from_mapped_file (parser, path, &error)) {
    printf ("conformance-%s: cannot read %s: %s\n", SUITE, path, error->message);
    return 1;
  }
  cases = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                        "testcases");
  if (cases == NULL) {
    printf ("conformance-%s: %s has no testcases\n", SUITE, path);
    return 1;
  }

  conf_tally_init (&t, SUITE);
  printf ("%s: %u cases in %s\n", SUITE, json_array_get_length (cases), path);
  for (guint i = 0; i < json_array_get_length (cases); i++) {
    JsonObject *tc = json_array_get_object_element (cases, i);
    const char *id = json_object_get_string_member (tc, "id");
    const char *expected = json_object_get_string_member (tc, "expected_result");
    g_auto (ConfCase) c = { 0 };
    g_autofree gchar *why = NULL;
    const char *skip;

    conf_case_init (&c, PKI_FILETYPE_PEM);
    skip = why_skip (tc, &c);
    if (skip != NULL) {
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (skips, skip));
      t.skipped++;
      g_hash_table_insert (skips, (gpointer) skip, GUINT_TO_POINTER (n + 1));
      if (t.verbose)
        printf ("  skipped %s: %s\n", id, skip);
      continue;
    }
    if (!read_case (tc, &c, &why)) {
      printf ("  UNREADABLE %s: %s\n", id, why);
      unreadable++;
      continue;
    }
    conf_check (&t, id, &c,
                g_strcmp0 (expected, "SUCCESS") == 0 ? CONF_EXPECT_ACCEPT : CONF_EXPECT_REJECT);
  }

  {
    GHashTableIter it;
    gpointer key, value;
    g_hash_table_iter_init (&it, skips);
    while (g_hash_table_iter_next (&it, &key, &value))
      printf ("%s: skipped %u: %s\n", SUITE, GPOINTER_TO_UINT (value), (const char *) key);
  }
  status = conf_report (&t, &baseline, "raw OpenSSL 3.0.19, ../shared/corpus/README.md");
  if (t.skipped != BASELINE_SKIPPED) {
    printf ("%s: FAIL: %u skipped, the baseline skipped %d\n", SUITE, t.skipped, BASELINE_SKIPPED);
    status = 1;
  }
  if (unreadable > 0)
    status = 1;
  return status;
}
