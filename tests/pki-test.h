/* Shared helpers for libpki's gtest programs.  Header-only on purpose: each
 * test is one C file plus this.
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <libpki/pki.h>
#include <openssl/err.h>
#include <glib/gstdio.h>
#include <string.h>

/* Fails the test when OpenSSL's error queue is not empty: every libpki call
 * must leave it empty, on success and on failure. */
#define pki_assert_queue_empty()                                              \
  G_STMT_START {                                                              \
    unsigned long e__ = ERR_peek_error ();                                    \
    if (e__ != 0) {                                                           \
      char buf__[256];                                                        \
      ERR_error_string_n (e__, buf__, sizeof buf__);                          \
      ERR_clear_error ();                                                     \
      g_error ("OpenSSL error left queued: %s", buf__);                       \
    }                                                                         \
  } G_STMT_END

/* The directory of ../shared/<sub> (PKI_TEST_SHARED is set by the Makefile),
 * or NULL when it is absent. */
static inline gchar *
pki_test_shared_dir (const char *sub)
{
  const char *root = g_getenv ("PKI_TEST_SHARED");
  gchar *dir = g_build_filename (root ? root : "../shared", sub, NULL);
  if (!g_file_test (dir, G_FILE_TEST_IS_DIR)) {
    g_free (dir);
    return NULL;
  }
  return dir;
}

/* Reads ../shared/pyopenssl-vectors/<name>; skips the test (returns NULL)
 * with a message when the vectors are absent. */
static inline GBytes *
pki_test_vector (const char *name)
{
  g_autofree gchar *dir = pki_test_shared_dir ("pyopenssl-vectors");
  g_autofree gchar *path = NULL;
  g_autoptr (GError) error = NULL;
  gchar *contents;
  gsize len;

  if (dir == NULL) {
    g_test_skip ("../shared/pyopenssl-vectors is absent");
    return NULL;
  }
  path = g_build_filename (dir, name, NULL);
  if (!g_file_get_contents (path, &contents, &len, &error))
    g_error ("reading vector %s: %s", name, error->message);
  return g_bytes_new_take (contents, len);
}

/* A fresh temporary directory, removed (with its files) by
 * pki_test_tmpdir_free. */
static inline gchar *
pki_test_tmpdir (void)
{
  g_autoptr (GError) error = NULL;
  gchar *dir = g_dir_make_tmp ("libpki-test-XXXXXX", &error);
  g_assert_no_error (error);
  return dir;
}

static inline void
pki_test_tmpdir_free (gchar *dir)
{
  GDir *d = g_dir_open (dir, 0, NULL);
  const char *name;
  while (d && (name = g_dir_read_name (d)) != NULL) {
    g_autofree gchar *p = g_build_filename (dir, name, NULL);
    g_remove (p);
  }
  if (d)
    g_dir_close (d);
  g_rmdir (dir);
  g_free (dir);
}

/* Writes @bytes to @dir/@name and returns the path. */
static inline gchar *
pki_test_write (const char *dir, const char *name, GBytes *bytes)
{
  g_autoptr (GError) error = NULL;
  gchar *path = g_build_filename (dir, name, NULL);
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  g_file_set_contents (path, data ? data : "", len, &error);
  g_assert_no_error (error);
  return path;
}

/* Runs the real `openssl` CLI with @argv (NULL-terminated, without
 * "openssl"); returns its stdout, or NULL (and sets *stderr_out) when it
 * exits non-zero. */
static inline GBytes *
pki_test_openssl (gchar **stderr_out, const char *const *argv)
{
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  gchar *out = NULL, *err = NULL;
  gsize out_len = 0;
  gint status = 0;

  g_ptr_array_add (args, (gpointer) "openssl");
  for (; *argv; argv++)
    g_ptr_array_add (args, (gpointer) *argv);
  g_ptr_array_add (args, NULL);

  /* g_spawn_sync gives stdout as a NUL-terminated string; measure DER output
   * through a temporary file instead when binary matters. */
  if (!g_spawn_sync (NULL, (gchar **) args->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                     &out, &err, &status, &error))
    g_error ("cannot run openssl: %s", error->message);
  if (!g_spawn_check_wait_status (status, NULL)) {
    if (stderr_out)
      *stderr_out = err;
    else
      g_free (err);
    g_free (out);
    return NULL;
  }
  g_free (err);
  if (stderr_out)
    *stderr_out = NULL;
  out_len = strlen (out);
  return g_bytes_new_take (out, out_len);
}

#define PKI_OPENSSL(...) pki_test_openssl (NULL, (const char *const[]){ __VA_ARGS__, NULL })

/* Reads a whole file the test made. */
static inline GBytes *
pki_test_read_file (const char *path)
{
  g_autoptr (GError) error = NULL;
  gchar *contents;
  gsize len;
  if (!g_file_get_contents (path, &contents, &len, &error))
    g_error ("reading %s: %s", path, error->message);
  return g_bytes_new_take (contents, len);
}

#define PKI_BYTES_ARGS(b) (const guint8 *) g_bytes_get_data ((b), NULL), g_bytes_get_size (b)

/* --- assertions on libpki calls ------------------------------------------ */

/* A libpki call succeeded: @result is not NULL, @error is unset and OpenSSL's
 * error queue is empty.  Returns @result, so a *_ok wrapper can end with
 * `return pki_test_assert_ok (x, error);`. */
static inline gpointer
pki_test_assert_ok (gpointer result, const GError *error)
{
  pki_assert_queue_empty ();
  g_assert_no_error (error);
  g_assert_nonnull (result);
  return result;
}

/* A libpki call failed as it should: @error is PKI_ERROR/@code and OpenSSL's
 * error queue is empty.  @error is left for the caller to clear. */
static inline void
pki_test_assert_error (const GError *error, gint code)
{
  pki_assert_queue_empty ();
  g_assert_error (error, PKI_ERROR, code);
}

/* The same for a call that returns a pointer: @result must be NULL too. */
static inline void
pki_test_assert_fails (gconstpointer result, const GError *error, gint code)
{
  g_assert_null (result);
  pki_test_assert_error (error, code);
}

/* --- pyOpenSSL vectors as keys ------------------------------------------- */

/* The path of ../shared/pyopenssl-vectors/<name>; skips the test (returns
 * NULL) with a message when the vectors are absent. */
static inline gchar *
pki_test_vector_path (const char *name)
{
  g_autofree gchar *dir = pki_test_shared_dir ("pyopenssl-vectors");
  if (dir == NULL) {
    g_test_skip ("../shared/pyopenssl-vectors is absent");
    return NULL;
  }
  return g_build_filename (dir, name, NULL);
}

/* Loads the private key vector @name (@type, @passphrase or NULL); NULL (test
 * skipped) when the vectors are absent.  Fails the test, naming the vector,
 * when the key does not load or leaves an OpenSSL error queued. */
static inline PkiPKey *
pki_test_vector_private (const char *name, PkiFiletype type, const char *passphrase)
{
  g_autoptr (GBytes) b = pki_test_vector (name);
  g_autoptr (GError) error = NULL;
  PkiPKey *key;

  if (b == NULL)
    return NULL;
  key = pki_pkey_load_private (type, PKI_BYTES_ARGS (b), passphrase, &error);
  pki_assert_queue_empty ();
  if (key == NULL)
    g_error ("loading private key %s: %s", name, error ? error->message : "(no error)");
  g_assert_no_error (error);
  return key;
}

/* Loads the PEM public key vector @name; NULL (test skipped) when the
 * vectors are absent. */
static inline PkiPKey *
pki_test_vector_public (const char *name)
{
  g_autoptr (GBytes) b = pki_test_vector (name);
  g_autoptr (GError) error = NULL;
  PkiPKey *key;

  if (b == NULL)
    return NULL;
  key = pki_pkey_load_public (PKI_FILETYPE_PEM, PKI_BYTES_ARGS (b), &error);
  return pki_test_assert_ok (key, error);
}

/* --- the openssl CLI, asserting success ---------------------------------- */

/* Runs the openssl CLI with @argv (NULL-terminated, without "openssl") and
 * returns its stdout; fails the test, with the command and its stderr, when
 * it exits non-zero. */
static inline GBytes *
pki_test_openssl_ok (const char *const *argv)
{
  g_autofree gchar *err = NULL;
  GBytes *out = pki_test_openssl (&err, argv);
  if (out == NULL) {
    g_autofree gchar *cmd = g_strjoinv (" ", (gchar **) argv);
    g_error ("`openssl %s` failed: %s", cmd, err ? err : "");
  }
  return out;
}

/* Like pki_test_openssl_ok, with the arguments @extra (NULL-terminated)
 * after @argv. */
static inline GBytes *
pki_test_openssl_ok_with (const char *const *argv, const char *const *extra)
{
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  for (; *argv; argv++)
    g_ptr_array_add (args, (gpointer) *argv);
  for (; *extra; extra++)
    g_ptr_array_add (args, (gpointer) *extra);
  g_ptr_array_add (args, NULL);
  return pki_test_openssl_ok ((const char *const *) args->pdata);
}

/* Runs `openssl @argv -out @dir/@name` (which must succeed) and returns the
 * file it wrote: the way to get DER, which stdout would cut at a NUL. */
static inline GBytes *
pki_test_openssl_out (const char *dir, const char *name, const char *const *argv)
{
  g_autofree gchar *path = g_build_filename (dir, name, NULL);
  g_bytes_unref (pki_test_openssl_ok_with (argv, (const char *const[]){ "-out", path, NULL }));
  return pki_test_read_file (path);
}

/* Writes @input to @dir/@name, runs `openssl @argv -in @dir/@name` (which
 * must succeed) and returns its stdout. */
static inline GBytes *
pki_test_openssl_in (const char *dir, const char *name, GBytes *input, const char *const *argv)
{
  g_autofree gchar *path = pki_test_write (dir, name, input);
  return pki_test_openssl_ok_with (argv, (const char *const[]){ "-in", path, NULL });
}

/* The openssl CLI must fail (exit non-zero) on @argv. */
static inline void
pki_test_openssl_fails (const char *const *argv)
{
  g_autofree gchar *err = NULL;
  g_autoptr (GBytes) out = pki_test_openssl (&err, argv);
  if (out != NULL) {
    g_autofree gchar *cmd = g_strjoinv (" ", (gchar **) argv);
    g_error ("`openssl %s` succeeded, expected a failure", cmd);
  }
}

/* The same with the arguments inline.  PKI_OPENSSL_RUN is PKI_OPENSSL_OK when
 * only the exit status (and the files written) matter. */
#define PKI_OPENSSL_OK(...) pki_test_openssl_ok ((const char *const[]){ __VA_ARGS__, NULL })
#define PKI_OPENSSL_RUN(...) g_bytes_unref (PKI_OPENSSL_OK (__VA_ARGS__))
#define PKI_OPENSSL_FAILS(...) pki_test_openssl_fails ((const char *const[]){ __VA_ARGS__, NULL })
#define PKI_OPENSSL_OUT(dir, name, ...)                                       \
  pki_test_openssl_out ((dir), (name), (const char *const[]){ __VA_ARGS__, NULL })
#define PKI_OPENSSL_IN(dir, name, input, ...)                                 \
  pki_test_openssl_in ((dir), (name), (input), (const char *const[]){ __VA_ARGS__, NULL })

/* A new GBytes holding @a then @b. */
static inline GBytes *
pki_test_bytes_join (GBytes *a, GBytes *b)
{
  GByteArray *arr = g_byte_array_new ();
  g_byte_array_append (arr, g_bytes_get_data (a, NULL), (guint) g_bytes_get_size (a));
  g_byte_array_append (arr, g_bytes_get_data (b, NULL), (guint) g_bytes_get_size (b));
  return g_byte_array_free_to_bytes (arr);
}

/* A string literal or C string as the (data, length) pair libpki's
 * load-from-memory functions take. */
#define STR_ARGS(s) (const guint8 *) (s), strlen (s)

/* TRUE when the text in @b contains @needle (@needle ends with a NUL; @b
 * need not). */
static inline gboolean
bytes_contains (GBytes *b, const char *needle)
{
  gsize len;
  const char *data = g_bytes_get_data (b, &len);
  return data != NULL && g_strstr_len (data, len, needle) != NULL;
}

/* TRUE when @b starts with @prefix (@b need not end with a NUL). */
static inline gboolean
bytes_has_prefix (GBytes *b, const char *prefix)
{
  gsize len;
  const char *data = g_bytes_get_data (b, &len);
  gsize plen = strlen (prefix);
  return len >= plen && memcmp (data, prefix, plen) == 0;
}

/* Fails the test, showing the output, unless @b contains @needle. */
#define assert_contains(b, needle)                                            \
  G_STMT_START {                                                              \
    if (!bytes_contains ((b), (needle)))                                      \
      g_error ("%s:%d: expected \"%s\" in output:\n%.*s", __FILE__, __LINE__, \
               (const char *) (needle), (int) g_bytes_get_size (b),           \
               (const char *) g_bytes_get_data ((b), NULL));                  \
  } G_STMT_END

/* Fails the test unless @a and @b (both non-NULL) hold the same bytes. */
#define assert_bytes_equal(a, b)                                              \
  G_STMT_START {                                                              \
    GBytes *a__ = (a), *b__ = (b);                                            \
    g_assert_nonnull (a__);                                                   \
    g_assert_nonnull (b__);                                                   \
    g_assert_cmpmem (g_bytes_get_data (a__, NULL), g_bytes_get_size (a__),    \
                     g_bytes_get_data (b__, NULL), g_bytes_get_size (b__));   \
  } G_STMT_END

/* Bytes from hex text; spaces and colons are ignored. */
static inline GBytes *
bytes_from_hex (const char *hex)
{
  GByteArray *arr = g_byte_array_new ();
  gint hi = -1;

  for (const char *p = hex; *p; p++) {
    gint v;
    if (*p == ' ' || *p == ':')
      continue;
    v = g_ascii_xdigit_value (*p);
    g_assert_cmpint (v, >=, 0);
    if (hi < 0) {
      hi = v;
    } else {
      guint8 byte = (guint8) ((hi << 4) | v);
      g_byte_array_append (arr, &byte, 1);
      hi = -1;
    }
  }
  g_assert_cmpint (hi, ==, -1);
  return g_byte_array_free_to_bytes (arr);
}

/* Fails the test unless @bytes holds exactly the bytes spelled by @hex. */
static inline void
assert_bytes_hex (GBytes *bytes, const char *hex)
{
  g_autoptr (GBytes) expected = bytes_from_hex (hex);
  g_assert_nonnull (bytes);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                   g_bytes_get_data (expected, NULL), g_bytes_get_size (expected));
}
