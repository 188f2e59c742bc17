/* Tests of pki_rand_*, pyOpenSSL's rand module.
 * SPDX-License-Identifier: MIT
 */
#include "pki-test.h"

#include <sys/stat.h>

static void
test_bytes (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) none = pki_rand_bytes (0, &error);
  g_autoptr (GBytes) a = pki_rand_bytes (32, &error);
  g_autoptr (GBytes) b = pki_rand_bytes (32, &error);
  g_autoptr (GBytes) big = pki_rand_bytes (1 << 20, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (none), ==, 0);
  g_assert_cmpuint (g_bytes_get_size (a), ==, 32);
  g_assert_cmpuint (g_bytes_get_size (big), ==, 1 << 20);
  /* Two draws of 256 bits are equal with probability 2^-256. */
  g_assert_false (g_bytes_equal (a, b));
  pki_assert_queue_empty ();
}

static void
test_add_seed_status (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) after = NULL;
  const guint8 junk[64] = { 1, 2, 3 };

  g_assert_true (pki_rand_status ());
  pki_rand_add (junk, sizeof junk, 8.0);
  pki_rand_add (NULL, 0, 0.0);
  pki_rand_seed (junk, sizeof junk);
  g_assert_true (pki_rand_status ());
  after = pki_rand_bytes (16, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (after), ==, 16);
  pki_assert_queue_empty ();
}

static void
test_write_and_load_file (void)
{
  g_autoptr (GError) error = NULL;
  gchar *dir = pki_test_tmpdir ();
  g_autofree gchar *path = g_build_filename (dir, "seed", NULL);
  struct stat st;

  g_assert_cmpint (pki_rand_write_file (path, &error), ==, 1024);
  g_assert_no_error (error);
  g_assert_cmpint (stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_size, ==, 1024);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  g_assert_cmpint (pki_rand_load_file (path, -1, &error), ==, 1024);
  g_assert_no_error (error);
  g_assert_cmpint (pki_rand_load_file (path, 100, &error), ==, 100);
  g_assert_cmpint (pki_rand_load_file (path, 0, &error), ==, 0);
  g_assert_cmpint (pki_rand_load_file (path, 5000, &error), ==, 1024);
  g_assert_no_error (error);
  pki_assert_queue_empty ();
  pki_test_tmpdir_free (dir);
}

static void
test_bad_files (void)
{
  g_autoptr (GError) error = NULL;
  gchar *dir = pki_test_tmpdir ();
  g_autofree gchar *missing = g_build_filename (dir, "no-such-file", NULL);
  g_autofree gchar *nodir = g_build_filename (dir, "no-such-dir", "seed", NULL);

  g_assert_cmpint (pki_rand_load_file (missing, -1, &error), ==, -1);
  g_assert_error (error, PKI_ERROR, PKI_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "no-such-file"));
  g_clear_error (&error);

  g_assert_cmpint (pki_rand_load_file (dir, -1, &error), ==, -1);
  g_assert_error (error, PKI_ERROR, PKI_ERROR_IO);
  g_clear_error (&error);

  g_assert_cmpint (pki_rand_load_file (missing, -2, &error), ==, -1);
  g_assert_error (error, PKI_ERROR, PKI_ERROR_BAD_INPUT);
  g_clear_error (&error);

  g_assert_cmpint (pki_rand_write_file (nodir, &error), ==, -1);
  g_assert_error (error, PKI_ERROR, PKI_ERROR_IO);
  g_assert_false (g_file_test (nodir, G_FILE_TEST_EXISTS));
  pki_assert_queue_empty ();
  pki_test_tmpdir_free (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/rand/bytes", test_bytes);
  g_test_add_func ("/rand/add-seed-status", test_add_seed_status);
  g_test_add_func ("/rand/write-and-load-file", test_write_and_load_file);
  g_test_add_func ("/rand/bad-files", test_bad_files);
  return g_test_run ();
}
