/* Tests of the PKI_ERROR domain, error-queue hygiene, the boxed refcount
 * pattern and the version functions.
 * SPDX-License-Identifier: MIT
 */
#include "pki-test.h"

static const char encrypted_key_pw[] = "pw";

/* An encrypted PKCS#8 key made here, so the tests need no files. */
static GBytes *
make_encrypted_key (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PkiPKey) key = pki_pkey_generate_ec ("P-256", &error);
  GBytes *pem;

  g_assert_no_error (error);
  pem = pki_pkey_dump_private_full (key, PKI_FILETYPE_PEM, PKI_KEY_FORMAT_PKCS8, NULL,
                                    encrypted_key_pw, &error);
  g_assert_no_error (error);
  return pem;
}

static void
test_domain (void)
{
  GEnumClass *klass;
  GEnumValue *v;

  g_assert_cmpstr (g_quark_to_string (PKI_ERROR), ==, "pki-error-quark");
  klass = g_type_class_ref (PKI_TYPE_ERROR);
  v = g_enum_get_value (klass, PKI_ERROR_PASSPHRASE);
  g_assert_nonnull (v);
  g_assert_cmpstr (v->value_nick, ==, "passphrase");
  g_assert_cmpint (klass->n_values, ==, 10);
  g_type_class_unref (klass);

  klass = g_type_class_ref (PKI_TYPE_FILETYPE);
  g_assert_cmpint (g_enum_get_value_by_nick (klass, "pem")->value, ==, 1);
  g_assert_cmpint (g_enum_get_value_by_nick (klass, "asn1")->value, ==, 2);
  g_assert_cmpint (g_enum_get_value_by_nick (klass, "text")->value, ==, 65535);
  g_type_class_unref (klass);
}

/* A failing call leaves no OpenSSL error queued, its message carries
 * OpenSSL's reason, and the next call neither fails nor inherits it. */
static void
test_queue_empty_after_failure (void)
{
  g_autoptr (GBytes) pem = make_encrypted_key ();
  g_autoptr (GError) error = NULL;
  g_autoptr (PkiPKey) bad = NULL;
  g_autoptr (PkiPKey) good = NULL;
  g_autoptr (PkiPKey) garbage = NULL;

  pki_assert_queue_empty ();
  bad = pki_pkey_load_private (PKI_FILETYPE_PEM, PKI_BYTES_ARGS (pem), "wrong", &error);
  g_assert_null (bad);
  g_assert_error (error, PKI_ERROR, PKI_ERROR_PASSPHRASE);
  g_assert_nonnull (strstr (error->message, "wrong passphrase"));
  g_assert_nonnull (strstr (error->message, "bad decrypt"));
  pki_assert_queue_empty ();
  g_clear_error (&error);

  good = pki_pkey_load_private (PKI_FILETYPE_PEM, PKI_BYTES_ARGS (pem), encrypted_key_pw, &error);
  g_assert_no_error (error);
  g_assert_nonnull (good);
  g_assert_cmpstr (pki_pkey_get_curve_name (good), ==, "P-256");
  pki_assert_queue_empty ();

  /* The next failure reports its own reasons, not the earlier ones. */
  garbage = pki_pkey_load_private (PKI_FILETYPE_ASN1, (const guint8 *) "\x30\x03\x02\x01", 4, NULL,
                                   &error);
  g_assert_null (garbage);
  g_assert_error (error, PKI_ERROR, PKI_ERROR_BAD_INPUT);
  g_assert_null (strstr (error->message, "bad decrypt"));
  pki_assert_queue_empty ();
}

/* Errors an application left queued do not make libpki calls fail, and
 * libpki leaves the queue empty. */
static void
test_stale_application_error (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PkiPKey) key = NULL;
  g_autoptr (GBytes) sig = NULL;

  ERR_raise (ERR_LIB_USER, 42);
  key = pki_pkey_generate (PKI_PKEY_TYPE_ED25519, 0, &error);
  g_assert_no_error (error);
  pki_assert_queue_empty ();
  sig = pki_sign (key, (const guint8 *) "x", 1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (sig), ==, 64);
  pki_assert_queue_empty ();
}

/* Errors libpki finds itself (no OpenSSL call failed) name what was wrong. */
static void
test_messages_name_the_problem (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PkiPKey) key = pki_pkey_generate (PKI_PKEY_TYPE_RSA, 100, &error);

  g_assert_null (key);
  g_assert_error (error, PKI_ERROR, PKI_ERROR_BAD_INPUT);
  g_assert_cmpstr (error->message, ==, "RSA key size 100 is out of range (512 to 16384 bits)");
  g_clear_error (&error);

  key = pki_pkey_generate_ec ("P-999", &error);
  g_assert_error (error, PKI_ERROR, PKI_ERROR_UNSUPPORTED);
  g_assert_cmpstr (error->message, ==, "unknown elliptic curve 'P-999'");
  pki_assert_queue_empty ();
}

/* The boxed refcount pattern every object uses. */
static void
test_boxed_refcount (void)
{
  g_autoptr (GError) error = NULL;
  PkiPKey *key = pki_pkey_generate (PKI_PKEY_TYPE_ED25519, 0, &error);
  PkiPKey *copy;

  g_assert_no_error (error);
  g_assert_true (G_TYPE_IS_BOXED (PKI_TYPE_PKEY));
  g_assert_cmpstr (g_type_name (PKI_TYPE_PKEY), ==, "PkiPKey");
  copy = g_boxed_copy (PKI_TYPE_PKEY, key);
  g_assert_true (copy == key);
  g_assert_true (pki_pkey_ref (key) == key);
  pki_pkey_unref (key);
  g_boxed_free (PKI_TYPE_PKEY, copy);
  pki_pkey_unref (NULL);
  /* Still alive: the first reference is ours. */
  g_assert_cmpuint (pki_pkey_get_bits (key), ==, 256);
  pki_pkey_unref (key);
}

/* Objects may be shared across threads: references are atomic. */
static gpointer
ref_unref_many (gpointer data)
{
  for (int i = 0; i < 20000; i++)
    pki_pkey_unref (pki_pkey_ref (data));
  return NULL;
}

static void
test_refcount_threads (void)
{
  g_autoptr (GError) error = NULL;
  PkiPKey *key = pki_pkey_generate (PKI_PKEY_TYPE_ED25519, 0, &error);
  GThread *threads[4];

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("ref", ref_unref_many, key);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);
  g_assert_cmpuint (pki_pkey_get_bits (key), ==, 256);
  pki_pkey_unref (key);
}

static void
test_version (void)
{
  g_assert_cmpstr (pki_version (), ==, PKI_VERSION_STRING);
  g_assert_true (g_str_has_prefix (pki_openssl_version (), "OpenSSL 3."));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/error/domain", test_domain);
  g_test_add_func ("/error/queue-empty-after-failure", test_queue_empty_after_failure);
  g_test_add_func ("/error/stale-application-error", test_stale_application_error);
  g_test_add_func ("/error/messages", test_messages_name_the_problem);
  g_test_add_func ("/object/boxed-refcount", test_boxed_refcount);
  g_test_add_func ("/object/refcount-threads", test_refcount_threads);
  g_test_add_func ("/version", test_version);
  return g_test_run ();
}
