/* Wycheproof signature vectors through pki-sign.h: ECDSA P-256/P-384 (DER and
 * P1363), RSA PKCS#1 v1.5, RSA-PSS, Ed25519 and Ed448, from
 * ../shared/corpus/wycheproof/testvectors_v1.  Every "valid" vector must be
 * accepted, every "invalid" one rejected (with PKI_ERROR_SIGNATURE, or
 * PKI_ERROR_BAD_INPUT when a P1363 signature does not convert); "acceptable"
 * ones may go either way and are counted.
 * SPDX-License-Identifier: MIT
 */
#include "pki-test.h"
#include <json-glib/json-glib.h>

typedef enum {
  KIND_ECDSA,       /* DER ECDSA-Sig-Value, pki_verify */
  KIND_ECDSA_P1363, /* raw r||s: pki_signature_from_p1363, then pki_verify */
  KIND_RSA_PKCS1,   /* pki_verify */
  KIND_RSA_PKCS1_GEN, /* as KIND_RSA_PKCS1, and re-signing with the group's private key */
  KIND_RSA_PSS,     /* pki_verify_pss with the group's sha, mgfSha and sLen */
  KIND_EDDSA,       /* pki_verify, NULL digest */
} Kind;

typedef struct {
  const char *name; /* file name without ".json" */
  const char *schema;
  Kind kind;
} WycheproofFile;

static const WycheproofFile files[] = {
  { "ecdsa_secp256r1_sha256_test", "ecdsa_verify_schema_v1.json", KIND_ECDSA },
  { "ecdsa_secp256r1_sha256_p1363_test", "ecdsa_p1363_verify_schema_v1.json", KIND_ECDSA_P1363 },
  { "ecdsa_secp384r1_sha384_test", "ecdsa_verify_schema_v1.json", KIND_ECDSA },
  { "ecdsa_secp384r1_sha384_p1363_test", "ecdsa_p1363_verify_schema_v1.json", KIND_ECDSA_P1363 },
  { "rsa_signature_2048_sha256_test", "rsassa_pkcs1_verify_schema_v1.json", KIND_RSA_PKCS1 },
  { "rsa_signature_3072_sha256_test", "rsassa_pkcs1_verify_schema_v1.json", KIND_RSA_PKCS1 },
  { "rsa_pkcs1_2048_sig_gen_test", "rsassa_pkcs1_generate_schema_v1.json", KIND_RSA_PKCS1_GEN },
  { "rsa_pss_2048_sha256_mgf1_0_test", "rsassa_pss_verify_schema_v1.json", KIND_RSA_PSS },
  { "rsa_pss_2048_sha256_mgf1_32_test", "rsassa_pss_verify_schema_v1.json", KIND_RSA_PSS },
  { "rsa_pss_2048_sha256_mgf1_32_params_test", "rsassa_pss_with_parameters_verify_schema.json",
    KIND_RSA_PSS },
  { "rsa_pss_misc_test", "rsassa_pss_verify_schema_v1.json", KIND_RSA_PSS },
  { "ed25519_test", "eddsa_verify_schema_v1.json", KIND_EDDSA },
  { "ed448_test", "eddsa_verify_schema_v1.json", KIND_EDDSA },
};

typedef struct {
  guint total;
  guint valid, valid_accepted;
  guint invalid, invalid_rejected;
  guint acceptable, acceptable_accepted;
  guint key_rejects;     /* invalid vectors rejected because their key did not load */
  guint p1363_rejects;   /* rejected because the P1363 signature did not convert */
  guint wrong;           /* wrong verdicts */
  guint wrong_code;      /* rejections with an unexpected error */
  guint resigned;        /* generation file: signatures re-made byte for byte */
  guint resign_mismatch; /* generation file: re-made signature differs */
} Counts;

/* Shown in the log at most this many times per file and kind of failure. */
#define MAX_REPORTS 20

/* g_bytes_get_data may give NULL for an empty GBytes; libpki wants a pointer. */
static const guint8 *
bytes_ptr (GBytes *b)
{
  const guint8 *p = g_bytes_get_data (b, NULL);
  return p ? p : (const guint8 *) "";
}

#define BYTES_ARGS(b) bytes_ptr (b), g_bytes_get_size (b)

/* Wycheproof's "SHA-256" is OpenSSL's "sha256". */
static gchar *
digest_name (JsonObject *group, const char *member)
{
  const char *name;
  GString *s;

  if (!json_object_has_member (group, member))
    return NULL;
  name = json_object_get_string_member (group, member);
  g_assert_nonnull (name);
  s = g_string_new (NULL);
  for (const char *p = name; *p; p++)
    if (*p != '-')
      g_string_append_c (s, g_ascii_tolower (*p));
  return g_string_free (s, FALSE);
}

/* The group's SubjectPublicKeyInfo: "publicKeyDer" in verification files,
 * "keyDer" in the generation file. */
static const char *
group_key_hex (JsonObject *group)
{
  if (json_object_has_member (group, "publicKeyDer"))
    return json_object_get_string_member (group, "publicKeyDer");
  if (json_object_has_member (group, "keyDer"))
    return json_object_get_string_member (group, "keyDer");
  g_error ("a test group has neither publicKeyDer nor keyDer");
  return NULL;
}

/* Verifies one vector the way the file's kind says; FALSE with @error set when
 * libpki rejects it. */
static gboolean
verify_vector (const WycheproofFile *f, PkiPKey *key, GBytes *sig, GBytes *msg,
               const char *digest, const char *mgf1, gint salt, gboolean *conversion_failed,
               GError **error)
{
  *conversion_failed = FALSE;
  switch (f->kind) {
  case KIND_ECDSA:
  case KIND_RSA_PKCS1:
  case KIND_RSA_PKCS1_GEN:
  case KIND_EDDSA:
    return pki_verify (key, BYTES_ARGS (sig), BYTES_ARGS (msg), digest, error);
  case KIND_ECDSA_P1363: {
    g_autoptr (GBytes) der = pki_signature_from_p1363 (key, BYTES_ARGS (sig), error);
    pki_assert_queue_empty ();
    if (der == NULL) {
      *conversion_failed = TRUE;
      return FALSE;
    }
    return pki_verify (key, BYTES_ARGS (der), BYTES_ARGS (msg), digest, error);
  }
  case KIND_RSA_PSS:
    return pki_verify_pss (key, BYTES_ARGS (sig), BYTES_ARGS (msg), digest, mgf1, salt, error);
  default:
    g_assert_not_reached ();
  }
}

static void
tally (Counts *c, gint64 tc_id, const char *result, gboolean accepted, const char *why)
{
  c->total++;
  if (g_str_equal (result, "valid")) {
    c->valid++;
    if (accepted) {
      c->valid_accepted++;
      return;
    }
  } else if (g_str_equal (result, "invalid")) {
    c->invalid++;
    if (!accepted) {
      c->invalid_rejected++;
      return;
    }
  } else if (g_str_equal (result, "acceptable")) {
    c->acceptable++;
    if (accepted)
      c->acceptable_accepted++;
    return;
  } else {
    g_error ("tcId %" G_GINT64_FORMAT ": unknown result \"%s\"", tc_id, result);
  }
  if (c->wrong++ < MAX_REPORTS)
    g_test_message ("WRONG tcId %" G_GINT64_FORMAT ": %s vector %s%s%s", tc_id, result,
                    accepted ? "accepted" : "rejected", why ? ": " : "", why ? why : "");
}

/* The generation file carries the private key: PKCS#1 v1.5 is deterministic,
 * so signing the message again must give the vector's signature exactly. */
static void
check_resign (Counts *c, PkiPKey *priv, gint64 tc_id, GBytes *sig, GBytes *msg,
              const char *digest)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) mine = pki_sign (priv, BYTES_ARGS (msg), digest, &error);

  pki_assert_queue_empty ();
  if (mine != NULL && g_bytes_equal (mine, sig)) {
    c->resigned++;
    return;
  }
  if (c->resign_mismatch++ < MAX_REPORTS)
    g_test_message ("WRONG tcId %" G_GINT64_FORMAT ": re-signing %s", tc_id,
                    error ? error->message : "gives other bytes");
}

static void
run_group (const WycheproofFile *f, JsonObject *group, Counts *c)
{
  JsonArray *tests = json_object_get_array_member (group, "tests");
  guint n = json_array_get_length (tests);
  g_autoptr (GBytes) key_der = bytes_from_hex (group_key_hex (group));
  g_autoptr (GError) key_error = NULL;
  g_autoptr (PkiPKey) key = NULL, priv = NULL;
  g_autofree gchar *digest = NULL, *mgf1 = NULL;
  gint salt = 0;

  key = pki_pkey_load_public (PKI_FILETYPE_ASN1, BYTES_ARGS (key_der), &key_error);
  pki_assert_queue_empty ();
  if (key == NULL) {
    gboolean all_invalid = TRUE;

    g_assert_nonnull (key_error);
    for (guint i = 0; i < n; i++) {
      JsonObject *t = json_array_get_object_element (tests, i);
      if (!g_str_equal (json_object_get_string_member (t, "result"), "invalid"))
        all_invalid = FALSE;
    }
    for (guint i = 0; i < n; i++) {
      JsonObject *t = json_array_get_object_element (tests, i);
      gint64 tc_id = json_object_get_int_member (t, "tcId");
      const char *result = json_object_get_string_member (t, "result");
      if (all_invalid)
        c->key_rejects++;
      tally (c, tc_id, result, FALSE, key_error->message);
    }
    if (!all_invalid)
      g_test_message ("WRONG: a key with valid vectors did not load: %s", key_error->message);
    return;
  }
  g_assert_false (pki_pkey_has_private (key));

  if (f->kind != KIND_EDDSA)
    digest = digest_name (group, "sha");
  if (f->kind == KIND_RSA_PSS) {
    g_assert_cmpstr (json_object_get_string_member (group, "mgf"), ==, "MGF1");
    mgf1 = digest_name (group, "mgfSha");
    salt = (gint) json_object_get_int_member (group, "sLen");
    g_assert_cmpint (salt, >=, 0);
  }
  if (f->kind == KIND_RSA_PKCS1_GEN) {
    g_autoptr (GBytes) pkcs8 = bytes_from_hex (json_object_get_string_member (group, "privateKeyPkcs8"));
    g_autoptr (GError) error = NULL;
    priv = pki_pkey_load_private (PKI_FILETYPE_ASN1, BYTES_ARGS (pkcs8), NULL, &error);
    g_assert_no_error (error);
    pki_assert_queue_empty ();
    g_assert_true (pki_pkey_public_equal (priv, key));
  }

  for (guint i = 0; i < n; i++) {
    JsonObject *t = json_array_get_object_element (tests, i);
    gint64 tc_id = json_object_get_int_member (t, "tcId");
    const char *result = json_object_get_string_member (t, "result");
    g_autoptr (GBytes) msg = bytes_from_hex (json_object_get_string_member (t, "msg"));
    g_autoptr (GBytes) sig = bytes_from_hex (json_object_get_string_member (t, "sig"));
    g_autoptr (GError) error = NULL;
    gboolean conversion_failed = FALSE;
    gboolean accepted;

    accepted = verify_vector (f, key, sig, msg, digest, mgf1, salt, &conversion_failed, &error);
    pki_assert_queue_empty ();

    if (accepted) {
      g_assert_no_error (error);
    } else {
      gint expected_code = conversion_failed ? PKI_ERROR_BAD_INPUT : PKI_ERROR_SIGNATURE;
      g_assert_nonnull (error);
      if (conversion_failed)
        c->p1363_rejects++;
      if (!g_error_matches (error, PKI_ERROR, expected_code) && c->wrong_code++ < MAX_REPORTS)
        g_test_message ("WRONG CODE tcId %" G_GINT64_FORMAT ": %s %d: %s", tc_id,
                        g_quark_to_string (error->domain), error->code, error->message);
    }
    tally (c, tc_id, result, accepted, error ? error->message : NULL);

    if (priv != NULL && accepted)
      check_resign (c, priv, tc_id, sig, msg, digest);
  }
}

static void
test_file (gconstpointer data)
{
  const WycheproofFile *f = data;
  g_autofree gchar *dir = pki_test_shared_dir ("corpus/wycheproof/testvectors_v1");
  g_autofree gchar *file = NULL, *path = NULL;
  g_autoptr (JsonParser) parser = NULL;
  g_autoptr (GError) error = NULL;
  JsonObject *root;
  JsonArray *groups;
  Counts c = { 0 };
  gint64 declared;

  if (dir == NULL) {
    g_test_skip ("../shared/corpus/wycheproof is absent");
    return;
  }
  file = g_strconcat (f->name, ".json", NULL);
  path = g_build_filename (dir, file, NULL);
  g_test_timer_start ();

  parser = json_parser_new ();
  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_nonnull (root);
  g_assert_cmpstr (json_object_get_string_member (root, "schema"), ==, f->schema);
  declared = json_object_get_int_member (root, "numberOfTests");
  groups = json_object_get_array_member (root, "testGroups");
  g_assert_nonnull (groups);

  for (guint i = 0; i < json_array_get_length (groups); i++)
    run_group (f, json_array_get_object_element (groups, i), &c);

  g_test_message ("%s: %u vectors in %.2f s: %u valid accepted (of %u), %u invalid rejected "
                  "(of %u; %u by the key loader, %u by P1363 conversion), %u acceptable "
                  "(%u accepted)",
                  f->name, c.total, g_test_timer_elapsed (), c.valid_accepted, c.valid,
                  c.invalid_rejected, c.invalid, c.key_rejects, c.p1363_rejects, c.acceptable,
                  c.acceptable_accepted);
  if (f->kind == KIND_RSA_PKCS1_GEN)
    g_test_message ("%s: %u signatures re-made byte for byte, %u differ", f->name, c.resigned,
                    c.resign_mismatch);

  g_assert_cmpuint (c.total, >, 0);
  g_assert_cmpint (c.total, ==, declared);
  g_assert_cmpuint (c.valid + c.invalid + c.acceptable, ==, c.total);
  g_assert_cmpuint (c.wrong, ==, 0);
  g_assert_cmpuint (c.valid_accepted, ==, c.valid);
  g_assert_cmpuint (c.invalid_rejected, ==, c.invalid);
  g_assert_cmpuint (c.wrong_code, ==, 0);
  g_assert_cmpuint (c.resign_mismatch, ==, 0);
  if (f->kind == KIND_RSA_PKCS1_GEN)
    g_assert_cmpuint (c.resigned, >=, c.valid);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (files); i++) {
    g_autofree gchar *test_path = g_strconcat ("/wycheproof/", files[i].name, NULL);
    g_test_add_data_func (test_path, &files[i], test_file);
  }
  return g_test_run ();
}
