/* CRL benchmark: libpki against raw OpenSSL 3 on the same work, in the same
 * run.  Each phase runs in a child process of its own, so peak memory is
 * measured per phase (VmHWM less the resident size at the phase's start).
 *
 *   bench-crl [ENTRIES [LOOKUPS]]       (default 1000000 100000)
 *
 * Each phase runs three times per side, the sides taking turns to go first,
 * and the median is reported.
 *
 * Phases, each side given its input in its natural form (raw OpenSSL binary
 * serials, libpki hex strings; made before timing):
 *   build: an empty CRL, ENTRIES entries, ECDSA P-256 signature, DER out;
 *   parse: the DER in, signature verified, LOOKUPS lookups (half present).
 * Goals (issue 5): build at most 1.2x raw time and memory; parse with
 * lookups at most 0.3x raw time.
 *
 * SPDX-License-Identifier: MIT
 */
#include <libpki/pki.h>
#include <glib/gstdio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define SERIAL_LEN 16

typedef struct {
  long entries, lookups;
  guint8 (*serials)[SERIAL_LEN];       /* the CRL's serial numbers */
  gchar **hex;                         /* the same as hex */
  guint8 (*queries)[SERIAL_LEN];       /* half present, half absent */
  gchar **query_hex;
  PkiPKey *key;
  PkiX509 *ca;
  GBytes *key_pem, *ca_pem;
  gchar *der_path;                     /* where the build phase leaves the CRL */
} Bench;

typedef struct {
  double seconds;
  double peak_mb;
  long hits;
} Result;

static long
status_kb (const char *field)
{
  g_autofree gchar *status = NULL;
  const char *p;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL)
      || (p = strstr (status, field)) == NULL)
    return 0;
  return strtol (p + strlen (field), NULL, 10);
}

static void
random_serial (guint8 *s)
{
  if (RAND_bytes (s, SERIAL_LEN) != 1)
    g_error ("RAND_bytes failed");
  s[0] = (s[0] & 0x7f) | 0x40;         /* positive, exactly 16 octets */
}

static gchar *
to_hex (const guint8 *s)
{
  gchar *hex = g_malloc (2 * SERIAL_LEN + 1);
  for (int i = 0; i < SERIAL_LEN; i++)
    g_snprintf (hex + 2 * i, 3, "%02X", s[i]);
  return hex;
}

/* ---------------------------------------------------------------------- */
/* Raw OpenSSL */

static EVP_PKEY *
raw_key (Bench *b)
{
  BIO *bio = BIO_new_mem_buf (g_bytes_get_data (b->key_pem, NULL), (int) g_bytes_get_size (b->key_pem));
  EVP_PKEY *k = PEM_read_bio_PrivateKey (bio, NULL, NULL, NULL);
  BIO_free (bio);
  return k;
}

static X509 *
raw_cert (Bench *b)
{
  BIO *bio = BIO_new_mem_buf (g_bytes_get_data (b->ca_pem, NULL), (int) g_bytes_get_size (b->ca_pem));
  X509 *x = PEM_read_bio_X509 (bio, NULL, NULL, NULL);
  BIO_free (bio);
  return x;
}

static void
raw_build (Bench *b, Result *r)
{
  EVP_PKEY *k = raw_key (b);
  X509 *ca = raw_cert (b);
  gint64 t0 = g_get_monotonic_time ();
  X509_CRL *crl = X509_CRL_new ();
  ASN1_TIME *now = ASN1_TIME_new (), *next = ASN1_TIME_new ();
  ASN1_INTEGER *serial = ASN1_INTEGER_new ();
  unsigned char *der = NULL;
  int len;

  X509_CRL_set_version (crl, X509_CRL_VERSION_2);
  X509_CRL_set_issuer_name (crl, X509_get_subject_name (ca));
  X509_gmtime_adj (now, 0);
  X509_gmtime_adj (next, 7 * 86400);
  X509_CRL_set1_lastUpdate (crl, now);
  X509_CRL_set1_nextUpdate (crl, next);
  for (long i = 0; i < b->entries; i++) {
    X509_REVOKED *rev = X509_REVOKED_new ();
    ASN1_STRING_set (serial, b->serials[i], SERIAL_LEN);
    X509_REVOKED_set_serialNumber (rev, serial);
    X509_REVOKED_set_revocationDate (rev, now);
    X509_CRL_add0_revoked (crl, rev);
  }
  if (!X509_CRL_sign (crl, k, EVP_sha256 ()) || (len = i2d_X509_CRL (crl, &der)) <= 0)
    g_error ("raw CRL build failed");
  r->seconds = (g_get_monotonic_time () - t0) / 1e6;
  OPENSSL_free (der);
  X509_CRL_free (crl);
  ASN1_TIME_free (now);
  ASN1_TIME_free (next);
  ASN1_INTEGER_free (serial);
  X509_free (ca);
  EVP_PKEY_free (k);
}

static void
raw_parse (Bench *b, Result *r)
{
  gchar *data;
  gsize len;
  X509 *ca = raw_cert (b);
  ASN1_INTEGER **q = g_new (ASN1_INTEGER *, b->lookups);
  const unsigned char *p;
  X509_CRL *crl;
  gint64 t0;

  if (!g_file_get_contents (b->der_path, &data, &len, NULL))
    g_error ("no CRL to parse");
  for (long i = 0; i < b->lookups; i++) {
    q[i] = ASN1_INTEGER_new ();
    ASN1_STRING_set (q[i], b->queries[i], SERIAL_LEN);
  }
  t0 = g_get_monotonic_time ();
  p = (const unsigned char *) data;
  crl = d2i_X509_CRL (NULL, &p, (long) len);
  if (crl == NULL || X509_CRL_verify (crl, X509_get0_pubkey (ca)) != 1)
    g_error ("raw CRL parse or verify failed");
  for (long i = 0; i < b->lookups; i++) {
    X509_REVOKED *rev = NULL;
    r->hits += X509_CRL_get0_by_serial (crl, &rev, q[i]) == 1;
  }
  r->seconds = (g_get_monotonic_time () - t0) / 1e6;
  X509_CRL_free (crl);
  for (long i = 0; i < b->lookups; i++)
    ASN1_INTEGER_free (q[i]);
  g_free (q);
  g_free (data);
  X509_free (ca);
}

/* ---------------------------------------------------------------------- */
/* libpki */

static void
pki_build (Bench *b, Result *r)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr (GDateTime) next = g_date_time_add_days (now, 7);
  gint64 t0 = g_get_monotonic_time ();
  g_autoptr (PkiCrl) crl = pki_crl_new ();
  g_autoptr (GBytes) der = NULL;

  pki_crl_set_last_update (crl, now, &error);
  pki_crl_set_next_update (crl, next, &error);
  for (long i = 0; i < b->entries && error == NULL; i++)
    pki_crl_add_serial (crl, b->hex[i], now, PKI_CRL_REASON_NONE, &error);
  if (error == NULL && pki_crl_sign (crl, b->ca, b->key, NULL, &error))
    der = pki_crl_dump (crl, PKI_FILETYPE_ASN1, &error);
  if (der == NULL)
    g_error ("libpki CRL build failed: %s", error->message);
  r->seconds = (g_get_monotonic_time () - t0) / 1e6;
  if (!g_file_set_contents (b->der_path, g_bytes_get_data (der, NULL),
                            (gssize) g_bytes_get_size (der), &error))
    g_error ("%s", error->message);
}

static void
pki_parse (Bench *b, Result *r)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PkiPKey) pub = pki_x509_get_pubkey (b->ca, NULL);
  g_autoptr (PkiCrl) crl = NULL;
  gchar *data;
  gsize len;
  gint64 t0;

  if (!g_file_get_contents (b->der_path, &data, &len, NULL))
    g_error ("no CRL to parse");
  t0 = g_get_monotonic_time ();
  crl = pki_crl_load (PKI_FILETYPE_ASN1, (const guint8 *) data, len, &error);
  if (crl == NULL || !pki_crl_verify (crl, pub, &error))
    g_error ("libpki CRL parse or verify failed: %s", error->message);
  for (long i = 0; i < b->lookups; i++) {
    PkiRevoked *rev = pki_crl_lookup (crl, b->query_hex[i], NULL);
    r->hits += rev != NULL;
    pki_revoked_unref (rev);
  }
  r->seconds = (g_get_monotonic_time () - t0) / 1e6;
  g_free (data);
}

/* ---------------------------------------------------------------------- */

typedef void (*Phase) (Bench *b, Result *r);

/* Runs @phase in a child process; returns its time, peak memory growth and
 * hits. */
static Result
run (Bench *b, Phase phase)
{
  Result r = { 0 };
  int fd[2];
  pid_t pid;
  int status;

  if (pipe (fd) != 0 || (pid = fork ()) < 0)
    g_error ("fork failed");
  if (pid == 0) {
    long base = status_kb ("VmRSS:");
    close (fd[0]);
    phase (b, &r);
    r.peak_mb = (status_kb ("VmHWM:") - base) / 1024.0;
    if (write (fd[1], &r, sizeof r) != sizeof r)
      _exit (1);
    _exit (0);
  }
  close (fd[1]);
  if (read (fd[0], &r, sizeof r) != sizeof r || waitpid (pid, &status, 0) != pid
      || !WIFEXITED (status) || WEXITSTATUS (status) != 0)
    g_error ("a benchmark phase failed");
  close (fd[0]);
  return r;
}

#define REPS 3

static int
by_seconds (const void *a, const void *b)
{
  double x = ((const Result *) a)->seconds, y = ((const Result *) b)->seconds;
  return x < y ? -1 : x > y;
}

/* Runs @raw and @pki REPS times each, alternating which goes first; returns
 * the raw side's median and stores the libpki side's in @pki_out. */
static Result
median (Bench *b, Phase raw, Phase pki, Result *pki_out)
{
  Result r[REPS], p[REPS];

  for (int i = 0; i < REPS; i++) {
    if (i % 2 == 0) {
      p[i] = run (b, pki);
      r[i] = run (b, raw);
    } else {
      r[i] = run (b, raw);
      p[i] = run (b, pki);
    }
  }
  qsort (r, REPS, sizeof r[0], by_seconds);
  qsort (p, REPS, sizeof p[0], by_seconds);
  *pki_out = p[REPS / 2];
  return r[REPS / 2];
}

static void
setup (Bench *b)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PkiX509Name) name = pki_x509_name_parse ("CN=Bench CA", &error);

  b->serials = g_malloc ((gsize) b->entries * SERIAL_LEN);
  b->hex = g_new (gchar *, b->entries);
  for (long i = 0; i < b->entries; i++) {
    random_serial (b->serials[i]);
    b->hex[i] = to_hex (b->serials[i]);
  }
  b->queries = g_malloc ((gsize) b->lookups * SERIAL_LEN);
  b->query_hex = g_new (gchar *, b->lookups);
  for (long i = 0; i < b->lookups; i++) {
    if (i % 2 == 0)
      memcpy (b->queries[i], b->serials[g_random_int_range (0, (gint32) b->entries)], SERIAL_LEN);
    else
      random_serial (b->queries[i]);
    b->query_hex[i] = to_hex (b->queries[i]);
  }

  b->key = pki_pkey_generate_ec ("P-256", &error);
  b->ca = pki_x509_new ();
  if (b->key == NULL || !pki_x509_set_subject (b->ca, name, &error)
      || !pki_x509_set_issuer (b->ca, name, &error) || !pki_x509_set_pubkey (b->ca, b->key, &error)
      || !pki_x509_gmtime_adj_not_before (b->ca, 0, &error)
      || !pki_x509_gmtime_adj_not_after (b->ca, 86400, &error)
      || !pki_x509_sign (b->ca, b->key, NULL, &error))
    g_error ("making the CA failed: %s", error->message);
  b->key_pem = pki_pkey_dump_private (b->key, PKI_FILETYPE_PEM, &error);
  b->ca_pem = pki_x509_dump (b->ca, PKI_FILETYPE_PEM, &error);
  b->der_path = g_build_filename (g_get_tmp_dir (), "libpki-bench-crl.der", NULL);
}

static void
teardown (Bench *b)
{
  for (long i = 0; i < b->entries; i++)
    g_free (b->hex[i]);
  for (long i = 0; i < b->lookups; i++)
    g_free (b->query_hex[i]);
  g_free (b->hex);
  g_free (b->query_hex);
  g_free (b->serials);
  g_free (b->queries);
  pki_pkey_unref (b->key);
  pki_x509_unref (b->ca);
  g_bytes_unref (b->key_pem);
  g_bytes_unref (b->ca_pem);
  g_remove (b->der_path);
  g_free (b->der_path);
}

int
main (int argc, char **argv)
{
  Bench b = { .entries = argc > 1 ? atol (argv[1]) : 1000000,
              .lookups = argc > 2 ? atol (argv[2]) : 100000 };
  Result raw_b, pki_b, raw_p, pki_p;
  double build_t, build_m, parse_t;
  gboolean ok;

  if (b.entries <= 0 || b.lookups <= 0) {
    fprintf (stderr, "usage: bench-crl [ENTRIES [LOOKUPS]]\n");
    return 2;
  }
  setup (&b);
  printf ("CRL benchmark: %ld entries, %ld lookups (half present), ECDSA P-256, %s\n",
          b.entries, b.lookups, pki_openssl_version ());

  /* Each phase REPS times, the two sides taking turns to go first; the
   * median counts.  pki_build also writes the CRL the parse phases read. */
  raw_b = median (&b, raw_build, pki_build, &pki_b);
  raw_p = median (&b, raw_parse, pki_parse, &pki_p);
  if (raw_p.hits != pki_p.hits)
    g_error ("lookups disagree: OpenSSL found %ld, libpki %ld", raw_p.hits, pki_p.hits);

  build_t = pki_b.seconds / raw_b.seconds;
  build_m = pki_b.peak_mb / raw_b.peak_mb;
  parse_t = pki_p.seconds / raw_p.seconds;
  printf ("build+sign+DER   OpenSSL %7.3f s %7.1f MB   libpki %7.3f s %7.1f MB   "
          "ratio %.2f time, %.2f memory (goal <= 1.20)\n",
          raw_b.seconds, raw_b.peak_mb, pki_b.seconds, pki_b.peak_mb, build_t, build_m);
  printf ("parse+verify+%ld lookups   OpenSSL %7.3f s   libpki %7.3f s   ratio %.2f (goal <= 0.30), "
          "%ld hits each\n", b.lookups, raw_p.seconds, pki_p.seconds, parse_t, pki_p.hits);
  ok = build_t <= 1.2 && build_m <= 1.2 && parse_t <= 0.3;
  printf ("crl goals: %s\n", ok ? "met" : "NOT met");
  teardown (&b);
  return 0;
}
