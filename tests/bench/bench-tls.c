/* TLS benchmark: PkiSslConnection against raw OpenSSL 3 on the same work,
 * in the same run.
 *
 *   bench-tls [HANDSHAKES [MIB]]        (default 2000 256)
 *
 * Both sides run TLS 1.3 with an ECDSA P-256 server certificate, session
 * tickets off (every handshake is full), no client verification, over a
 * non-blocking socketpair driven from one thread (the client and server
 * calls alternate until both are done), so the transport and the crypto
 * are the same and only the wrapper differs.  Bulk: MIB MiB in 16 KiB
 * writes, client to server.  Each measurement runs three times per side,
 * the sides taking turns to go first; the median is reported.
 * Goal (issue 8): at least 0.95x raw OpenSSL for both.
 *
 * SPDX-License-Identifier: MIT
 */
#include <libpki/pki.h>
#include <fcntl.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define CHUNK 16384
#define REPS 3

typedef struct {
  long handshakes, mib;
  PkiPKey *key;
  PkiX509 *cert;
  SSL_CTX *raw_server, *raw_client;
  PkiSslContext *pki_server, *pki_client;
} Bench;

static void
socket_pair (int fd[2])
{
  if (socketpair (AF_UNIX, SOCK_STREAM, 0, fd) != 0)
    g_error ("socketpair failed");
  for (int i = 0; i < 2; i++)
    fcntl (fd[i], F_SETFL, fcntl (fd[i], F_GETFL) | O_NONBLOCK);
}

/* ---------------------------------------------------------------------- */
/* Raw OpenSSL */

static gboolean
raw_step (SSL *ssl, int ret)
{
  int err = SSL_get_error (ssl, ret);
  if (err != SSL_ERROR_WANT_READ && err != SSL_ERROR_WANT_WRITE)
    g_error ("raw TLS failed: %d", err);
  return FALSE;
}

static void
raw_pair (Bench *b, int fd[2], SSL **c, SSL **s)
{
  gboolean cdone = FALSE, sdone = FALSE;

  socket_pair (fd);
  *c = SSL_new (b->raw_client);
  *s = SSL_new (b->raw_server);
  SSL_set_fd (*c, fd[0]);
  SSL_set_fd (*s, fd[1]);
  SSL_set_connect_state (*c);
  SSL_set_accept_state (*s);
  while (!cdone || !sdone) {
    int r;
    if (!cdone)
      cdone = (r = SSL_do_handshake (*c)) == 1 || raw_step (*c, r);
    if (!sdone)
      sdone = (r = SSL_do_handshake (*s)) == 1 || raw_step (*s, r);
  }
}

static double
raw_handshakes (Bench *b)
{
  gint64 t0 = g_get_monotonic_time ();
  for (long i = 0; i < b->handshakes; i++) {
    int fd[2];
    SSL *c, *s;
    raw_pair (b, fd, &c, &s);
    SSL_free (c);
    SSL_free (s);
    close (fd[0]);
    close (fd[1]);
  }
  return (g_get_monotonic_time () - t0) / 1e6;
}

static double
raw_bulk (Bench *b)
{
  static guint8 out[CHUNK], in[CHUNK];
  long total = b->mib * 1024 * 1024, sent = 0, got = 0;
  int fd[2];
  SSL *c, *s;
  gint64 t0;

  raw_pair (b, fd, &c, &s);
  t0 = g_get_monotonic_time ();
  while (got < total) {
    size_t n;
    if (sent < total) {
      int r = SSL_write_ex (c, out, MIN (CHUNK, total - sent), &n);
      if (r == 1)
        sent += (long) n;
      else
        raw_step (c, r);
    }
    while (got < total) {
      int r = SSL_read_ex (s, in, sizeof in, &n);
      if (r != 1) {
        raw_step (s, r);
        break;
      }
      got += (long) n;
    }
  }
  t0 = g_get_monotonic_time () - t0;
  SSL_free (c);
  SSL_free (s);
  close (fd[0]);
  close (fd[1]);
  return t0 / 1e6;
}

/* ---------------------------------------------------------------------- */
/* libpki */

static gboolean
pki_done (gint r)
{
  if (r == 0)
    return TRUE;
  if (r != PKI_SSL_WANT_READ && r != PKI_SSL_WANT_WRITE)
    g_error ("libpki TLS failed");
  return FALSE;
}

static void
pki_pair (Bench *b, int fd[2], PkiSslConnection **c, PkiSslConnection **s)
{
  gboolean cdone = FALSE, sdone = FALSE;

  socket_pair (fd);
  *c = pki_ssl_connection_new (b->pki_client, fd[0], NULL);
  *s = pki_ssl_connection_new (b->pki_server, fd[1], NULL);
  while (!cdone || !sdone) {
    if (!cdone)
      cdone = pki_done (pki_ssl_connection_do_handshake (*c, NULL));
    if (!sdone)
      sdone = pki_done (pki_ssl_connection_do_handshake (*s, NULL));
  }
}

static double
pki_handshakes (Bench *b)
{
  gint64 t0 = g_get_monotonic_time ();
  for (long i = 0; i < b->handshakes; i++) {
    int fd[2];
    PkiSslConnection *c, *s;
    pki_pair (b, fd, &c, &s);
    pki_ssl_connection_unref (c);
    pki_ssl_connection_unref (s);
    close (fd[0]);
    close (fd[1]);
  }
  return (g_get_monotonic_time () - t0) / 1e6;
}

static double
pki_bulk (Bench *b)
{
  static guint8 out[CHUNK], in[CHUNK];
  long total = b->mib * 1024 * 1024, sent = 0, got = 0;
  int fd[2];
  PkiSslConnection *c, *s;
  gint64 t0;

  pki_pair (b, fd, &c, &s);
  t0 = g_get_monotonic_time ();
  while (got < total) {
    if (sent < total) {
      gssize n = pki_ssl_connection_write (c, out, MIN (CHUNK, total - sent), NULL);
      if (n > 0)
        sent += n;
      else
        pki_done ((gint) n);
    }
    while (got < total) {
      gssize n = pki_ssl_connection_read (s, in, sizeof in, NULL);
      if (n <= 0) {
        pki_done ((gint) n);
        break;
      }
      got += n;
    }
  }
  t0 = g_get_monotonic_time () - t0;
  pki_ssl_connection_unref (c);
  pki_ssl_connection_unref (s);
  close (fd[0]);
  close (fd[1]);
  return t0 / 1e6;
}

/* ---------------------------------------------------------------------- */

static void
setup (Bench *b)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PkiX509Name) name = pki_x509_name_parse ("CN=localhost", &error);
  g_autoptr (GBytes) key_pem = NULL;
  g_autoptr (GBytes) cert_pem = NULL;
  BIO *bio;
  EVP_PKEY *k;
  X509 *x;

  b->key = pki_pkey_generate_ec ("P-256", &error);
  b->cert = pki_x509_new ();
  if (b->key == NULL || !pki_x509_set_subject (b->cert, name, &error)
      || !pki_x509_set_issuer (b->cert, name, &error)
      || !pki_x509_set_pubkey (b->cert, b->key, &error)
      || !pki_x509_gmtime_adj_not_before (b->cert, 0, &error)
      || !pki_x509_gmtime_adj_not_after (b->cert, 86400, &error)
      || !pki_x509_sign (b->cert, b->key, NULL, &error))
    g_error ("making the certificate failed: %s", error->message);
  key_pem = pki_pkey_dump_private (b->key, PKI_FILETYPE_PEM, NULL);
  cert_pem = pki_x509_dump (b->cert, PKI_FILETYPE_PEM, NULL);

  /* raw OpenSSL: the same settings libpki's contexts get below */
  bio = BIO_new_mem_buf (g_bytes_get_data (key_pem, NULL), (int) g_bytes_get_size (key_pem));
  k = PEM_read_bio_PrivateKey (bio, NULL, NULL, NULL);
  BIO_free (bio);
  bio = BIO_new_mem_buf (g_bytes_get_data (cert_pem, NULL), (int) g_bytes_get_size (cert_pem));
  x = PEM_read_bio_X509 (bio, NULL, NULL, NULL);
  BIO_free (bio);
  b->raw_server = SSL_CTX_new (TLS_server_method ());
  b->raw_client = SSL_CTX_new (TLS_client_method ());
  SSL_CTX_use_certificate (b->raw_server, x);
  SSL_CTX_use_PrivateKey (b->raw_server, k);
  for (int i = 0; i < 2; i++) {
    SSL_CTX *ctx = i == 0 ? b->raw_server : b->raw_client;
    SSL_CTX_set_min_proto_version (ctx, TLS1_3_VERSION);
    SSL_CTX_set_options (ctx, SSL_OP_NO_TICKET);
  }
  /* libpki clients start with the system's CA certificates; OpenSSL still
   * builds (and judges) the server's chain with verification off. */
  SSL_CTX_set_verify (b->raw_client, SSL_VERIFY_NONE, NULL);
  SSL_CTX_set_default_verify_paths (b->raw_client);
  X509_free (x);
  EVP_PKEY_free (k);

  b->pki_server = pki_ssl_context_new (PKI_SSL_SERVER, &error);
  b->pki_client = pki_ssl_context_new (PKI_SSL_CLIENT, &error);
  if (b->pki_server == NULL || b->pki_client == NULL
      || !pki_ssl_context_use_certificate (b->pki_server, b->cert, &error)
      || !pki_ssl_context_use_privatekey (b->pki_server, b->key, &error)
      || !pki_ssl_context_set_verify (b->pki_client, PKI_SSL_VERIFY_NONE, NULL, NULL, NULL, &error))
    g_error ("setting up libpki failed: %s", error->message);
  for (int i = 0; i < 2; i++) {
    PkiSslContext *ctx = i == 0 ? b->pki_server : b->pki_client;
    if (!pki_ssl_context_set_min_version (ctx, PKI_SSL_VERSION_TLS1_3, &error)
        || !pki_ssl_context_set_options (ctx, SSL_OP_NO_TICKET, &error))
      g_error ("setting up libpki failed: %s", error->message);
  }
}

static int
by_value (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

/* The medians of REPS runs of each, taking turns to go first. */
static void
median (Bench *b, double (*raw) (Bench *), double (*pki) (Bench *), double *raw_s, double *pki_s)
{
  double r[REPS], p[REPS];
  for (int i = 0; i < REPS; i++) {
    if (i % 2 == 0) {
      p[i] = pki (b);
      r[i] = raw (b);
    } else {
      r[i] = raw (b);
      p[i] = pki (b);
    }
  }
  qsort (r, REPS, sizeof r[0], by_value);
  qsort (p, REPS, sizeof p[0], by_value);
  *raw_s = r[REPS / 2];
  *pki_s = p[REPS / 2];
}

int
main (int argc, char **argv)
{
  Bench b = { .handshakes = argc > 1 ? atol (argv[1]) : 2000,
              .mib = argc > 2 ? atol (argv[2]) : 256 };
  double rh, ph, rb, pb, hs_ratio, bulk_ratio;

  if (b.handshakes <= 0 || b.mib <= 0) {
    fprintf (stderr, "usage: bench-tls [HANDSHAKES [MIB]]\n");
    return 2;
  }
  setup (&b);
  printf ("TLS benchmark: TLS 1.3, ECDSA P-256, tickets off, socketpair, %s\n",
          pki_openssl_version ());
  median (&b, raw_handshakes, pki_handshakes, &rh, &ph);
  median (&b, raw_bulk, pki_bulk, &rb, &pb);
  hs_ratio = (b.handshakes / ph) / (b.handshakes / rh);
  bulk_ratio = (b.mib / pb) / (b.mib / rb);
  printf ("handshakes       OpenSSL %8.0f /s   libpki %8.0f /s   ratio %.2f (goal >= 0.95)\n",
          b.handshakes / rh, b.handshakes / ph, hs_ratio);
  printf ("bulk (16 KiB)    OpenSSL %8.0f MiB/s libpki %8.0f MiB/s ratio %.2f (goal >= 0.95)\n",
          b.mib / rb, b.mib / pb, bulk_ratio);
  printf ("tls goals: %s\n", hs_ratio >= 0.95 && bulk_ratio >= 0.95 ? "met" : "NOT met");
  SSL_CTX_free (b.raw_server);
  SSL_CTX_free (b.raw_client);
  pki_ssl_context_unref (b.pki_server);
  pki_ssl_context_unref (b.pki_client);
  pki_pkey_unref (b.key);
  pki_x509_unref (b.cert);
  return 0;
}
