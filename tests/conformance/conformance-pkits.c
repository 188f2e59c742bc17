/* NIST PKITS through PkiX509Store, case by case against raw OpenSSL with the
 * same settings (see conformance.h).
 *
 * Build (out of tree, after building libpki in build-conf/):
 *   cc -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Wall -Wextra -Werror -Wshadow \
 *     -Wstrict-prototypes -Wmissing-prototypes -Wno-unused-parameter -O2 -g -I. \
 *     $(pkg-config --cflags glib-2.0 gobject-2.0 json-glib-1.0 libcrypto) \
 *     -o build-conf/conformance-pkits tests/conformance/conformance-pkits.c \
 *     -Lbuild-conf/libpki -lpki -Wl,-rpath,$PWD/build-conf/libpki \
 *     $(pkg-config --libs glib-2.0 gobject-2.0 json-glib-1.0 libcrypto)
 * Run:
 *   PKI_TEST_SHARED=$PWD/../shared build-conf/conformance-pkits
 *
 * Reads ../shared/corpus/boringssl/pki-testdata/nist-pkits/pkits_cases.json.
 * Each case names its certificates (certs/NAME.crt, DER): the first is the
 * trust anchor, the last the certificate to verify, those in between the
 * untrusted chain (CRL signers included); and its CRLs (crls/NAME.crl, DER),
 * all added to the store.  Settings, as in the baseline, whose counts they
 * reproduce: CRL_CHECK | CRL_CHECK_ALL | USE_DELTAS | POLICY_CHECK, plus
 * EXPLICIT_POLICY, INHIBIT_ANY and INHIBIT_MAP for initial_explicit_policy,
 * initial_inhibit_any_policy and initial_policy_mapping_inhibit, at a fixed
 * time (PKITS_TIME); the verdict is compared with should_validate.  Two more
 * settings:
 *  - PKI_X509_STORE_FLAG_EXTENDED_CRL_SUPPORT (indirect CRLs, CRLs signed
 *    with a separate key);
 *  - the initial policy set (pki_x509_store_set_policies): the case's
 *    initial_policy_set (NIST-test-policy-N is 2.16.840.1.101.3.2.1.48.N),
 *    or anyPolicy when it names none.  OpenSSL needs {anyPolicy} set
 *    explicitly: with no set at all, any path that requires an explicit
 *    policy fails with "no explicit policy".
 * SPDX-License-Identifier: MIT
 */
#include "conformance.h"

#define SUITE "pkits"

/* 2020-01-01T00:00:00Z: PKITS's certificates and CRLs are valid from 2010
 * to 2030 (the expired ones in 2011 and the not-yet-valid ones from 2047);
 * the verdicts are the same at any time in between. */
#define PKITS_TIME G_GINT64_CONSTANT (1577836800)

/* ../shared/corpus/README.md, raw OpenSSL 3.0.19 */
static const ConfCounts baseline = { .pass = 242, .false_accept = 0, .false_reject = 7 };

/* The OIDs of PKITS's policy names ("NIST-test-policy-1,anyPolicy"), or
 * NULL for an unknown name. */
static gchar *
policy_oids (const char *names)
{
  g_auto (GStrv) parts = g_strsplit (names, ",", -1);
  g_autoptr (GPtrArray) oids = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; parts[i] != NULL; i++) {
    const char *name = g_strstrip (parts[i]);
    if (g_str_has_prefix (name, "NIST-test-policy-"))
      g_ptr_array_add (oids, g_strconcat ("2.16.840.1.101.3.2.1.48.",
                                          name + strlen ("NIST-test-policy-"), NULL));
    else if (strcmp (name, "anyPolicy") == 0)
      g_ptr_array_add (oids, g_strdup ("2.5.29.32.0"));
    else
      return NULL;
  }
  g_ptr_array_add (oids, NULL);
  return g_strjoinv (",", (gchar **) oids->pdata);
}

static gboolean
bool_member (JsonObject *o, const char *name)
{
  return json_object_has_member (o, name) && json_object_get_boolean_member (o, name);
}

/* Fills @c from case @tc; FALSE with a message when it cannot be read. */
static gboolean
read_case (const char *dir, JsonObject *tc, ConfCase *c, gchar **why)
{
  JsonArray *certs = json_object_get_array_member (tc, "certs");
  JsonArray *crls = json_object_get_array_member (tc, "crls");
  guint n = certs != NULL ? json_array_get_length (certs) : 0;
  const char *names;

  if (n < 2)
    return (*why = g_strdup ("fewer than two certificates")), FALSE;
  for (guint i = 0; i < n; i++) {
    g_autofree gchar *file = g_strconcat (json_array_get_string_element (certs, i), ".crt", NULL);
    g_autofree gchar *path = g_build_filename (dir, "certs", file, NULL);
    GBytes *der = conf_read (path);
    if (der == NULL)
      return (*why = g_strdup_printf ("cannot read %s", path)), FALSE;
    if (i == 0)
      g_ptr_array_add (c->trusted, der);
    else if (i == n - 1)
      c->leaf = der;
    else
      g_ptr_array_add (c->untrusted, der);
  }
  for (guint i = 0; crls != NULL && i < json_array_get_length (crls); i++) {
    g_autofree gchar *file = g_strconcat (json_array_get_string_element (crls, i), ".crl", NULL);
    g_autofree gchar *path = g_build_filename (dir, "crls", file, NULL);
    GBytes *der = conf_read (path);
    if (der == NULL)
      return (*why = g_strdup_printf ("cannot read %s", path)), FALSE;
    g_ptr_array_add (c->crls, der);
  }

  c->flags = PKI_X509_STORE_FLAG_CRL_CHECK | PKI_X509_STORE_FLAG_CRL_CHECK_ALL
             | PKI_X509_STORE_FLAG_USE_DELTAS | PKI_X509_STORE_FLAG_POLICY_CHECK;
  c->raw_flags = X509_V_FLAG_EXTENDED_CRL_SUPPORT;
  if (bool_member (tc, "initial_explicit_policy"))
    c->flags |= PKI_X509_STORE_FLAG_EXPLICIT_POLICY;
  if (bool_member (tc, "initial_inhibit_any_policy"))
    c->flags |= PKI_X509_STORE_FLAG_INHIBIT_ANY;
  if (bool_member (tc, "initial_policy_mapping_inhibit"))
    c->flags |= PKI_X509_STORE_FLAG_INHIBIT_MAP;
  names = json_object_has_member (tc, "initial_policy_set")
            ? json_object_get_string_member (tc, "initial_policy_set") : "anyPolicy";
  c->policies = policy_oids (names);
  if (c->policies == NULL)
    return (*why = g_strdup_printf ("unknown policy in '%s'", names)), FALSE;
  c->has_time = TRUE;
  c->time = PKITS_TIME;
  return TRUE;
}

int
main (int argc, char **argv)
{
  g_autofree gchar *dir = conf_corpus_dir ("boringssl/pki-testdata/nist-pkits");
  g_autofree gchar *path = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  g_auto (ConfTally) t = { 0 };
  JsonArray *cases;
  guint unreadable = 0;
  int status;

  if (dir == NULL)
    return conf_skip_suite (SUITE, "boringssl/pki-testdata/nist-pkits");
  path = g_build_filename (dir, "pkits_cases.json", NULL);
  if (!json_parser_load_from_mapped_file (parser, path, &error)) {
    printf ("conformance-%s: cannot read %s: %s\n", SUITE, path, error->message);
    return 1;
  }
  cases = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                        "cases");
  if (cases == NULL) {
    printf ("conformance-%s: %s has no cases\n", SUITE, path);
    return 1;
  }

  conf_tally_init (&t, SUITE);
  printf ("%s: %u cases in %s\n", SUITE, json_array_get_length (cases), path);
  for (guint i = 0; i < json_array_get_length (cases); i++) {
    JsonObject *tc = json_array_get_object_element (cases, i);
    const char *title = json_object_get_string_member (tc, "title");
    g_auto (ConfCase) c = { 0 };
    g_autofree gchar *why = NULL;

    conf_case_init (&c, PKI_FILETYPE_ASN1);
    if (!read_case (dir, tc, &c, &why)) {
      printf ("  UNREADABLE %s: %s\n", title, why);
      unreadable++;
      continue;
    }
    conf_check (&t, title, &c,
                json_object_get_boolean_member (tc, "should_validate") ? CONF_EXPECT_ACCEPT
                                                                      : CONF_EXPECT_REJECT);
  }
  status = conf_report (&t, &baseline, "raw OpenSSL 3.0.19, ../shared/corpus/README.md");
  return unreadable > 0 ? 1 : status;
}
