/* libpki: PkiSslContext, the settings TLS connections share.
 * SPDX-License-Identifier: MIT
 */
#include "libpki/pki-private.h"

#include <openssl/ssl.h>
#include <string.h>

G_STATIC_ASSERT (PKI_SSL_VERIFY_PEER == SSL_VERIFY_PEER);
G_STATIC_ASSERT (PKI_SSL_VERIFY_FAIL_IF_NO_PEER_CERT == SSL_VERIFY_FAIL_IF_NO_PEER_CERT);
G_STATIC_ASSERT (PKI_SSL_VERIFY_CLIENT_ONCE == SSL_VERIFY_CLIENT_ONCE);
G_STATIC_ASSERT (PKI_SSL_VERSION_TLS1_3 == TLS1_3_VERSION);

struct _PkiSslContext {
  SSL_CTX *ctx;
  PkiSslRole role;
  gint frozen;                  /* atomic: set once a connection uses it */
  PkiSslVerifyFunc verify_func;
  gpointer verify_data;
  GDestroyNotify verify_destroy;
  PkiSslSniFunc sni_func;
  gpointer sni_data;
  GDestroyNotify sni_destroy;
  guint8 *alpn;                 /* the ALPN list in wire form */
  gsize alpn_len;
  gpointer app_data;
  GDestroyNotify app_destroy;
};

static int ctx_index = -1;

static void
pki_ssl_context_clear (PkiSslContext *ctx)
{
  if (ctx->verify_destroy != NULL)
    ctx->verify_destroy (ctx->verify_data);
  if (ctx->sni_destroy != NULL)
    ctx->sni_destroy (ctx->sni_data);
  if (ctx->app_destroy != NULL)
    ctx->app_destroy (ctx->app_data);
  g_free (ctx->alpn);
  SSL_CTX_free (ctx->ctx);
}

/**
 * pki_ssl_context_ref:
 * @ctx: a #PkiSslContext
 *
 * Takes a reference on @ctx.
 *
 * Returns: (transfer full): @ctx
 */
/**
 * pki_ssl_context_unref:
 * @ctx: (nullable) (transfer full): a #PkiSslContext
 *
 * Releases a reference on @ctx; connections hold their own.  %NULL is
 * ignored.
 */
/**
 * pki_ssl_context_get_type:
 *
 * The boxed #GType of #PkiSslContext (copying takes a reference).
 *
 * Returns: the #GType.
 */
PKI_DEFINE_BOXED (PkiSslContext, pki_ssl_context, pki_ssl_context_clear)

SSL_CTX *
pki_ssl_context_get_ossl (PkiSslContext *ctx)
{
  return ctx->ctx;
}

void
pki_ssl_context_freeze (PkiSslContext *ctx)
{
  g_atomic_int_set (&ctx->frozen, 1);
}

PkiSslContext *
pki_ssl_context_from_ossl (SSL_CTX *ssl_ctx)
{
  return SSL_CTX_get_ex_data (ssl_ctx, ctx_index);
}

/* Setters fail once a connection has used the context. */
static gboolean
check_mutable (PkiSslContext *ctx, GError **error)
{
  if (g_atomic_int_get (&ctx->frozen))
    return pki_set_error_literal (error, PKI_ERROR_BAD_INPUT,
                                  "the TLS context has been used by a connection; it cannot be "
                                  "changed any more");
  return TRUE;
}

/* OpenSSL's verification callback: hands each certificate to the caller's. */
static int
verify_cb (int preverify_ok, X509_STORE_CTX *store_ctx)
{
  SSL *ssl = X509_STORE_CTX_get_ex_data (store_ctx, SSL_get_ex_data_X509_STORE_CTX_idx ());
  PkiSslContext *ctx = ssl != NULL ? pki_ssl_context_from_ossl (SSL_get_SSL_CTX (ssl)) : NULL;
  X509 *current = X509_STORE_CTX_get_current_cert (store_ctx);
  g_autoptr (PkiX509) cert = NULL;
  gboolean ok;

  if (ctx == NULL || ctx->verify_func == NULL || current == NULL)
    return preverify_ok;
  cert = pki_x509_new_take (X509_dup (current));
  ok = ctx->verify_func (cert, X509_STORE_CTX_get_error_depth (store_ctx),
                         X509_STORE_CTX_get_error (store_ctx), preverify_ok == 1,
                         ctx->verify_data);
  if (ok && preverify_ok != 1)
    X509_STORE_CTX_set_error (store_ctx, X509_V_OK);
  if (!ok && X509_STORE_CTX_get_error (store_ctx) == X509_V_OK)
    X509_STORE_CTX_set_error (store_ctx, X509_V_ERR_APPLICATION_VERIFICATION);
  return ok ? 1 : 0;
}

/**
 * pki_ssl_context_new:
 * @role: client or server
 * @error: return location for a #GError
 *
 * Makes a context with safe defaults: TLS 1.2 and 1.3 only; a client
 * verifies the server's certificate against the system's CA certificates
 * (and its name, once pki_ssl_connection_set_host_name() is called); a
 * server does not ask for client certificates.
 *
 * Returns: (transfer full): the new context, or %NULL with @error set.
 */
PkiSslContext *
pki_ssl_context_new (PkiSslRole role, GError **error)
{
  static gsize once = 0;
  PkiSslContext *ctx;

  g_return_val_if_fail (role == PKI_SSL_CLIENT || role == PKI_SSL_SERVER, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_once_init_enter (&once)) {
    ctx_index = SSL_CTX_get_ex_new_index (0, NULL, NULL, NULL, NULL);
    g_once_init_leave (&once, 1);
  }
  ctx = g_atomic_rc_box_new0 (PkiSslContext);
  ctx->role = role;
  ctx->ctx = SSL_CTX_new_ex (pki_libctx (), NULL,
                             role == PKI_SSL_CLIENT ? TLS_client_method () : TLS_server_method ());
  if (ctx->ctx == NULL || !SSL_CTX_set_min_proto_version (ctx->ctx, TLS1_2_VERSION)) {
    pki_ssl_context_unref (ctx);
    pki_set_error (error, PKI_ERROR_FAILED, "making a TLS context failed");
    return NULL;
  }
  SSL_CTX_set_ex_data (ctx->ctx, ctx_index, ctx);
  if (role == PKI_SSL_CLIENT) {
    SSL_CTX_set_verify (ctx->ctx, SSL_VERIFY_PEER, verify_cb);
    SSL_CTX_set_default_verify_paths (ctx->ctx);
  } else {
    SSL_CTX_set_verify (ctx->ctx, SSL_VERIFY_NONE, verify_cb);
  }
  ERR_clear_error ();
  return ctx;
}

/**
 * pki_ssl_context_get_role:
 * @ctx: a #PkiSslContext
 *
 * Which side of connections the context is for.
 *
 * Returns: the role.
 */
PkiSslRole
pki_ssl_context_get_role (PkiSslContext *ctx)
{
  g_return_val_if_fail (ctx != NULL, PKI_SSL_CLIENT);
  return ctx->role;
}

static gboolean
set_version (PkiSslContext *ctx, PkiSslVersion version, gboolean max, GError **error)
{
  if (!check_mutable (ctx, error))
    return FALSE;
  if (version != PKI_SSL_VERSION_TLS1 && version != PKI_SSL_VERSION_TLS1_1
      && version != PKI_SSL_VERSION_TLS1_2 && version != PKI_SSL_VERSION_TLS1_3)
    return pki_set_error_literal (error, PKI_ERROR_BAD_INPUT, "unknown TLS version 0x%04x",
                                  (unsigned) version);
  if (!(max ? SSL_CTX_set_max_proto_version (ctx->ctx, (int) version)
            : SSL_CTX_set_min_proto_version (ctx->ctx, (int) version)))
    return pki_set_error (error, PKI_ERROR_UNSUPPORTED, "TLS version 0x%04x is not available",
                          (unsigned) version);
  ERR_clear_error ();
  return TRUE;
}

/**
 * pki_ssl_context_set_min_version:
 * @ctx: a #PkiSslContext
 * @version: the oldest version to speak; TLS 1.0 and 1.1 only when named
 *   here (and when OpenSSL's security level allows them)
 * @error: return location for a #GError
 *
 * Sets the oldest protocol version (TLS 1.2 by default).
 *
 * Returns: %TRUE on success; %FALSE with @error set.
 */
gboolean
pki_ssl_context_set_min_version (PkiSslContext *ctx, PkiSslVersion version, GError **error)
{
  g_return_val_if_fail (ctx != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  return set_version (ctx, version, FALSE, error);
}

/**
 * pki_ssl_context_set_max_version:
 * @ctx: a #PkiSslContext
 * @version: the newest version to speak
 * @error: return location for a #GError
 *
 * Sets the newest protocol version (TLS 1.3 by default).
 *
 * Returns: %TRUE on success; %FALSE with @error set.
 */
gboolean
pki_ssl_context_set_max_version (PkiSslContext *ctx, PkiSslVersion version, GError **error)
{
  g_return_val_if_fail (ctx != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  return set_version (ctx, version, TRUE, error);
}

/**
 * pki_ssl_context_use_certificate:
 * @ctx: a #PkiSslContext
 * @cert: the certificate this side presents
 * @error: return location for a #GError
 *
 * Sets the certificate, pyOpenSSL's `use_certificate()`.
 *
 * Returns: %TRUE on success; %FALSE with @error set.
 */
gboolean
pki_ssl_context_use_certificate (PkiSslContext *ctx, PkiX509 *cert, GError **error)
{
  g_return_val_if_fail (ctx != NULL, FALSE);
  g_return_val_if_fail (cert != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_mutable (ctx, error))
    return FALSE;
  return pki_check_ossl (SSL_CTX_use_certificate (ctx->ctx, pki_x509_get_ossl (cert)),
                         error, PKI_ERROR_BAD_INPUT, "the certificate cannot be used");
}

/**
 * pki_ssl_context_use_privatekey:
 * @ctx: a #PkiSslContext
 * @key: the private key of the certificate
 * @error: return location for a #GError
 *
 * Sets the private key, pyOpenSSL's `use_privatekey()`.
 *
 * Returns: %TRUE on success; %FALSE with @error set (%PKI_ERROR_BAD_INPUT
 *   when it does not match a certificate already set, %PKI_ERROR_KEY_TYPE
 *   for a public-only key).
 */
gboolean
pki_ssl_context_use_privatekey (PkiSslContext *ctx, PkiPKey *key, GError **error)
{
  g_return_val_if_fail (ctx != NULL, FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_mutable (ctx, error))
    return FALSE;
  if (!pki_pkey_has_private (key))
    return pki_set_error_literal (error, PKI_ERROR_KEY_TYPE,
                                  "a TLS context needs the private key, not the public one");
  return pki_check_ossl (SSL_CTX_use_PrivateKey (ctx->ctx, pki_pkey_get_evp (key)),
                         error, PKI_ERROR_BAD_INPUT, "the private key cannot be used");
}

/**
 * pki_ssl_context_add_chain_certificate:
 * @ctx: a #PkiSslContext
 * @cert: an intermediate certificate to send after this side's own
 * @error: return location for a #GError
 *
 * Adds a certificate to the chain this side sends, pyOpenSSL's
 * `add_extra_chain_cert()`.
 *
 * Returns: %TRUE on success; %FALSE with @error set.
 */
gboolean
pki_ssl_context_add_chain_certificate (PkiSslContext *ctx, PkiX509 *cert, GError **error)
{
  g_return_val_if_fail (ctx != NULL, FALSE);
  g_return_val_if_fail (cert != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_mutable (ctx, error))
    return FALSE;
  return pki_check_ossl (SSL_CTX_add1_chain_cert (ctx->ctx, pki_x509_get_ossl (cert)),
                         error, PKI_ERROR_FAILED, "adding the chain certificate failed");
}

/**
 * pki_ssl_context_use_certificate_chain_file:
 * @ctx: a #PkiSslContext
 * @path: (type filename): a PEM file: this side's certificate, then its
 *   intermediates
 * @error: return location for a #GError
 *
 * Sets the certificate and chain from a file, pyOpenSSL's
 * `use_certificate_chain_file()`.
 *
 * Returns: %TRUE on success; %FALSE with @error set (%PKI_ERROR_IO when
 *   the file cannot be read, %PKI_ERROR_BAD_INPUT when it holds no
 *   certificate).
 */
gboolean
pki_ssl_context_use_certificate_chain_file (PkiSslContext *ctx, const char *path, GError **error)
{
  g_autofree gchar *data = NULL;
  g_autoptr (GError) local = NULL;
  g_autoptr (GPtrArray) certs = NULL;
  gsize len;

  g_return_val_if_fail (ctx != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_mutable (ctx, error))
    return FALSE;
  if (!g_file_get_contents (path, &data, &len, &local))
    return pki_set_error_literal (error, PKI_ERROR_IO, "%s", local->message);
  certs = pki_x509_load_pem_bundle ((const guint8 *) data, len, error);
  if (certs == NULL)
    return FALSE;
  if (!pki_ssl_context_use_certificate (ctx, certs->pdata[0], error))
    return FALSE;
  SSL_CTX_clear_chain_certs (ctx->ctx);
  for (guint i = 1; i < certs->len; i++)
    if (!pki_ssl_context_add_chain_certificate (ctx, certs->pdata[i], error))
      return FALSE;
  return TRUE;
}

/**
 * pki_ssl_context_use_privatekey_file:
 * @ctx: a #PkiSslContext
 * @path: (type filename): a private key file, PEM or DER
 * @func: (scope call) (nullable): asked for the passphrase of an encrypted
 *   key (pyOpenSSL's `set_passwd_cb`)
 * @user_data: (closure func): data for @func
 * @error: return location for a #GError
 *
 * Sets the private key from a file, pyOpenSSL's `use_privatekey_file()`.
 *
 * Returns: %TRUE on success; %FALSE with @error set as
 *   pki_pkey_load_private_with_callback() and
 *   pki_ssl_context_use_privatekey() do, or %PKI_ERROR_IO.
 */
gboolean
pki_ssl_context_use_privatekey_file (PkiSslContext *ctx, const char *path,
                                     PkiPassphraseFunc func, gpointer user_data, GError **error)
{
  g_autofree gchar *data = NULL;
  g_autoptr (GError) local = NULL;
  g_autoptr (PkiPKey) key = NULL;
  gsize len;

  g_return_val_if_fail (ctx != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_mutable (ctx, error))
    return FALSE;
  if (!g_file_get_contents (path, &data, &len, &local))
    return pki_set_error_literal (error, PKI_ERROR_IO, "%s", local->message);
  key = pki_pkey_load_private_with_callback (strstr (data, "-----BEGIN") != NULL
                                             ? PKI_FILETYPE_PEM : PKI_FILETYPE_ASN1,
                                             (const guint8 *) data, len, func, user_data, error);
  return key != NULL && pki_ssl_context_use_privatekey (ctx, key, error);
}

/**
 * pki_ssl_context_check_privatekey:
 * @ctx: a #PkiSslContext
 * @error: return location for a #GError
 *
 * Checks that the private key matches the certificate, pyOpenSSL's
 * `check_privatekey()`.
 *
 * Returns: %TRUE when they match; %FALSE with %PKI_ERROR_BAD_INPUT.
 */
gboolean
pki_ssl_context_check_privatekey (PkiSslContext *ctx, GError **error)
{
  g_return_val_if_fail (ctx != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return pki_check_ossl (SSL_CTX_check_private_key (ctx->ctx) == 1, error, PKI_ERROR_BAD_INPUT,
                         "the private key does not match the certificate");
}

/**
 * pki_ssl_context_set_verify:
 * @ctx: a #PkiSslContext
 * @mode: how to verify the peer
 * @func: (scope notified) (nullable): called for each certificate of the
 *   peer's chain; it may accept what OpenSSL refused or the reverse
 * @user_data: (closure func): data for @func
 * @destroy: (nullable): frees @user_data when the context goes
 * @error: return location for a #GError
 *
 * Sets peer verification, pyOpenSSL's `set_verify()`.  Clients verify by
 * default; %PKI_SSL_VERIFY_NONE turns that off.
 *
 * Returns: %TRUE on success; %FALSE with @error set.
 */
gboolean
pki_ssl_context_set_verify (PkiSslContext *ctx, PkiSslVerifyMode mode, PkiSslVerifyFunc func,
                            gpointer user_data, GDestroyNotify destroy, GError **error)
{
  g_return_val_if_fail (ctx != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_mutable (ctx, error))
    return FALSE;
  if ((mode & ~(PKI_SSL_VERIFY_PEER | PKI_SSL_VERIFY_FAIL_IF_NO_PEER_CERT
                | PKI_SSL_VERIFY_CLIENT_ONCE)) != 0)
    return pki_set_error_literal (error, PKI_ERROR_BAD_INPUT, "unknown verify mode 0x%x",
                                  (unsigned) mode);
  if (ctx->verify_destroy != NULL)
    ctx->verify_destroy (ctx->verify_data);
  ctx->verify_func = func;
  ctx->verify_data = user_data;
  ctx->verify_destroy = destroy;
  SSL_CTX_set_verify (ctx->ctx, (int) mode, verify_cb);
  return TRUE;
}

/**
 * pki_ssl_context_get_verify_mode:
 * @ctx: a #PkiSslContext
 *
 * The verification mode.
 *
 * Returns: the mode.
 */
PkiSslVerifyMode
pki_ssl_context_get_verify_mode (PkiSslContext *ctx)
{
  g_return_val_if_fail (ctx != NULL, PKI_SSL_VERIFY_NONE);
  return (PkiSslVerifyMode) SSL_CTX_get_verify_mode (ctx->ctx);
}

/**
 * pki_ssl_context_set_verify_depth:
 * @ctx: a #PkiSslContext
 * @depth: the most intermediates a peer chain may have
 * @error: return location for a #GError
 *
 * Limits the peer's chain, pyOpenSSL's `set_verify_depth()`.
 *
 * Returns: %TRUE on success; %FALSE with @error set.
 */
gboolean
pki_ssl_context_set_verify_depth (PkiSslContext *ctx, gint depth, GError **error)
{
  g_return_val_if_fail (ctx != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_mutable (ctx, error))
    return FALSE;
  if (depth < 0)
    return pki_set_error_literal (error, PKI_ERROR_BAD_INPUT, "verify depth %d is negative", depth);
  SSL_CTX_set_verify_depth (ctx->ctx, depth);
  return TRUE;
}

/**
 * pki_ssl_context_get_verify_depth:
 * @ctx: a #PkiSslContext
 *
 * The chain depth limit.
 *
 * Returns: the depth.
 */
gint
pki_ssl_context_get_verify_depth (PkiSslContext *ctx)
{
  g_return_val_if_fail (ctx != NULL, -1);
  return SSL_CTX_get_verify_depth (ctx->ctx);
}

/**
 * pki_ssl_context_set_store:
 * @ctx: a #PkiSslContext
 * @store: the trusted certificates and CRLs to verify peers with (shared:
 *   a reference is kept and the store must not change afterwards)
 * @error: return location for a #GError
 *
 * Replaces the trust store, pyOpenSSL's `set_cert_store()`.  Its flags,
 * purpose and time apply to peer verification.
 *
 * Returns: %TRUE on success; %FALSE with @error set.
 */
gboolean
pki_ssl_context_set_store (PkiSslContext *ctx, PkiX509Store *store, GError **error)
{
  g_return_val_if_fail (ctx != NULL, FALSE);
  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_mutable (ctx, error))
    return FALSE;
  SSL_CTX_set1_cert_store (ctx->ctx, pki_x509_store_get_ossl (store));
  return TRUE;
}

/**
 * pki_ssl_context_load_verify_locations:
 * @ctx: a #PkiSslContext
 * @cafile: (nullable) (type filename): a PEM file of trusted certificates
 * @capath: (nullable) (type filename): a hashed directory of them
 * @error: return location for a #GError
 *
 * Adds trusted certificates, pyOpenSSL's `load_verify_locations()`.
 *
 * Returns: %TRUE on success; %FALSE with @error set as
 *   pki_x509_store_load_locations() does.
 */
gboolean
pki_ssl_context_load_verify_locations (PkiSslContext *ctx, const char *cafile,
                                       const char *capath, GError **error)
{
  g_autoptr (PkiX509Store) view = NULL;

  g_return_val_if_fail (ctx != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_mutable (ctx, error))
    return FALSE;
  view = pki_x509_store_new_for (SSL_CTX_get_cert_store (ctx->ctx));
  return pki_x509_store_load_locations (view, cafile, capath, error);
}

/**
 * pki_ssl_context_set_default_verify_paths:
 * @ctx: a #PkiSslContext
 * @error: return location for a #GError
 *
 * Trusts the system's CA certificates (clients do from the start).
 *
 * Returns: %TRUE on success; %FALSE with @error set.
 */
gboolean
pki_ssl_context_set_default_verify_paths (PkiSslContext *ctx, GError **error)
{
  g_return_val_if_fail (ctx != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_mutable (ctx, error))
    return FALSE;
  return pki_check_ossl (SSL_CTX_set_default_verify_paths (ctx->ctx),
                         error, PKI_ERROR_IO, "loading the system's CA certificates failed");
}

/**
 * pki_ssl_context_set_cipher_list:
 * @ctx: a #PkiSslContext
 * @ciphers: an OpenSSL cipher list for TLS 1.2 ("ECDHE+AESGCM:!aNULL")
 * @error: return location for a #GError
 *
 * Chooses the TLS 1.2 cipher suites, pyOpenSSL's `set_cipher_list()`.
 *
 * Returns: %TRUE on success; %FALSE with %PKI_ERROR_BAD_INPUT when the list
 *   names no cipher OpenSSL has.
 */
gboolean
pki_ssl_context_set_cipher_list (PkiSslContext *ctx, const char *ciphers, GError **error)
{
  g_return_val_if_fail (ctx != NULL, FALSE);
  g_return_val_if_fail (ciphers != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_mutable (ctx, error))
    return FALSE;
  return pki_check_ossl (SSL_CTX_set_cipher_list (ctx->ctx, ciphers),
                         error, PKI_ERROR_BAD_INPUT, "no cipher matches '%s'", ciphers);
}

/**
 * pki_ssl_context_set_ciphersuites:
 * @ctx: a #PkiSslContext
 * @suites: TLS 1.3 suites, colon-separated ("TLS_AES_256_GCM_SHA384")
 * @error: return location for a #GError
 *
 * Chooses the TLS 1.3 cipher suites.
 *
 * Returns: %TRUE on success; %FALSE with %PKI_ERROR_BAD_INPUT for unknown
 *   suites.
 */
gboolean
pki_ssl_context_set_ciphersuites (PkiSslContext *ctx, const char *suites, GError **error)
{
  g_return_val_if_fail (ctx != NULL, FALSE);
  g_return_val_if_fail (suites != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_mutable (ctx, error))
    return FALSE;
  return pki_check_ossl (SSL_CTX_set_ciphersuites (ctx->ctx, suites),
                         error, PKI_ERROR_BAD_INPUT, "invalid TLS 1.3 suites '%s'", suites);
}

/**
 * pki_ssl_context_set_options:
 * @ctx: a #PkiSslContext
 * @options: OpenSSL's `SSL_OP_*` bits to turn on (pyOpenSSL's `OP_*`:
 *   OP_NO_TICKET 0x4000, OP_NO_COMPRESSION 0x20000, ...)
 * @error: return location for a #GError
 *
 * Turns options on, pyOpenSSL's `set_options()`.
 *
 * Returns: %TRUE on success; %FALSE with @error set.
 */
gboolean
pki_ssl_context_set_options (PkiSslContext *ctx, guint64 options, GError **error)
{
  g_return_val_if_fail (ctx != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_mutable (ctx, error))
    return FALSE;
  SSL_CTX_set_options (ctx->ctx, options);
  return TRUE;
}

/**
 * pki_ssl_context_get_options:
 * @ctx: a #PkiSslContext
 *
 * The options that are on.
 *
 * Returns: the `SSL_OP_*` bits.
 */
guint64
pki_ssl_context_get_options (PkiSslContext *ctx)
{
  g_return_val_if_fail (ctx != NULL, 0);
  return SSL_CTX_get_options (ctx->ctx);
}

/* Server side of ALPN: the first of our protocols the client offers. */
static int
alpn_select_cb (SSL *ssl, const unsigned char **out, unsigned char *outlen,
                const unsigned char *in, unsigned int inlen, void *arg)
{
  PkiSslContext *ctx = arg;
  unsigned char *chosen = NULL;

  if (SSL_select_next_proto (&chosen, outlen, ctx->alpn, (unsigned int) ctx->alpn_len, in,
                             inlen) != OPENSSL_NPN_NEGOTIATED)
    return SSL_TLSEXT_ERR_NOACK;
  *out = chosen;
  return SSL_TLSEXT_ERR_OK;
}

/**
 * pki_ssl_context_set_alpn_protos:
 * @ctx: a #PkiSslContext
 * @protocols: (array zero-terminated=1): protocol names in order of
 *   preference ("h2", "http/1.1"), each 1 to 255 bytes
 * @error: return location for a #GError
 *
 * Sets ALPN: a client offers these, a server picks the first it knows that
 * the client offers, pyOpenSSL's `set_alpn_protos()`.
 *
 * Returns: %TRUE on success; %FALSE with %PKI_ERROR_BAD_INPUT for an empty
 *   list or a name of the wrong length.
 */
gboolean
pki_ssl_context_set_alpn_protos (PkiSslContext *ctx, const char *const *protocols,
                                 GError **error)
{
  g_autoptr (GByteArray) wire = g_byte_array_new ();

  g_return_val_if_fail (ctx != NULL, FALSE);
  g_return_val_if_fail (protocols != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_mutable (ctx, error))
    return FALSE;
  for (guint i = 0; protocols[i] != NULL; i++) {
    gsize n = strlen (protocols[i]);
    guint8 len = (guint8) n;
    if (n == 0 || n > 255)
      return pki_set_error_literal (error, PKI_ERROR_BAD_INPUT,
                                    "ALPN protocol names are 1 to 255 bytes");
    g_byte_array_append (wire, &len, 1);
    g_byte_array_append (wire, (const guint8 *) protocols[i], (guint) n);
  }
  if (wire->len == 0)
    return pki_set_error_literal (error, PKI_ERROR_BAD_INPUT, "the ALPN list is empty");
  g_free (ctx->alpn);
  ctx->alpn_len = wire->len;
  ctx->alpn = g_byte_array_free (g_steal_pointer (&wire), FALSE);
  if (ctx->role == PKI_SSL_CLIENT) {
    if (SSL_CTX_set_alpn_protos (ctx->ctx, ctx->alpn, (unsigned int) ctx->alpn_len) != 0)
      return pki_set_error (error, PKI_ERROR_FAILED, "setting ALPN failed");
  } else {
    SSL_CTX_set_alpn_select_cb (ctx->ctx, alpn_select_cb, ctx);
  }
  return TRUE;
}

static int
sni_cb (SSL *ssl, int *alert, void *arg)
{
  PkiSslContext *ctx = arg;
  PkiSslConnection *conn = pki_ssl_connection_from_ossl (ssl);

  if (ctx->sni_func == NULL || conn == NULL)
    return SSL_TLSEXT_ERR_OK;
  if (ctx->sni_func (conn, SSL_get_servername (ssl, TLSEXT_NAMETYPE_host_name), ctx->sni_data))
    return SSL_TLSEXT_ERR_OK;
  *alert = SSL_AD_UNRECOGNIZED_NAME;
  return SSL_TLSEXT_ERR_ALERT_FATAL;
}

/**
 * pki_ssl_context_set_sni_callback:
 * @ctx: a server #PkiSslContext
 * @func: (scope notified): called with the host name a client asks for
 * @user_data: (closure func): data for @func
 * @destroy: (nullable): frees @user_data when the context goes
 * @error: return location for a #GError
 *
 * Lets a server choose a certificate by host name, pyOpenSSL's
 * `set_tlsext_servername_callback()`.
 *
 * Returns: %TRUE on success; %FALSE with %PKI_ERROR_BAD_INPUT on a client
 *   context.
 */
gboolean
pki_ssl_context_set_sni_callback (PkiSslContext *ctx, PkiSslSniFunc func, gpointer user_data,
                                  GDestroyNotify destroy, GError **error)
{
  g_return_val_if_fail (ctx != NULL, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_mutable (ctx, error))
    return FALSE;
  if (ctx->role != PKI_SSL_SERVER)
    return pki_set_error_literal (error, PKI_ERROR_BAD_INPUT,
                                  "an SNI callback is for server contexts");
  if (ctx->sni_destroy != NULL)
    ctx->sni_destroy (ctx->sni_data);
  ctx->sni_func = func;
  ctx->sni_data = user_data;
  ctx->sni_destroy = destroy;
  SSL_CTX_set_tlsext_servername_callback (ctx->ctx, sni_cb);
  SSL_CTX_set_tlsext_servername_arg (ctx->ctx, ctx);
  return TRUE;
}

/**
 * pki_ssl_context_set_session_id_context:
 * @ctx: a server #PkiSslContext
 * @id: (array length=len): an id for the sessions this context resumes
 * @len: its length, 1 to 32 bytes
 * @error: return location for a #GError
 *
 * Sets the session id context, pyOpenSSL's `set_session_id()`.
 *
 * Returns: %TRUE on success; %FALSE with %PKI_ERROR_BAD_INPUT for a length
 *   out of range.
 */
gboolean
pki_ssl_context_set_session_id_context (PkiSslContext *ctx, const guint8 *id, gsize len,
                                        GError **error)
{
  g_return_val_if_fail (ctx != NULL, FALSE);
  g_return_val_if_fail (id != NULL || len == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_mutable (ctx, error))
    return FALSE;
  if (len == 0 || len > SSL_MAX_SID_CTX_LENGTH
      || !SSL_CTX_set_session_id_context (ctx->ctx, id, (unsigned int) len))
    return pki_set_error_literal (error, PKI_ERROR_BAD_INPUT,
                                  "a session id context is 1 to %d bytes", SSL_MAX_SID_CTX_LENGTH);
  ERR_clear_error ();
  return TRUE;
}

/**
 * pki_ssl_context_set_timeout:
 * @ctx: a #PkiSslContext
 * @seconds: how long sessions stay resumable
 * @error: return location for a #GError
 *
 * Sets the session timeout, pyOpenSSL's `set_timeout()`.
 *
 * Returns: %TRUE on success; %FALSE with @error set.
 */
gboolean
pki_ssl_context_set_timeout (PkiSslContext *ctx, glong seconds, GError **error)
{
  g_return_val_if_fail (ctx != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_mutable (ctx, error))
    return FALSE;
  if (seconds < 0)
    return pki_set_error_literal (error, PKI_ERROR_BAD_INPUT, "the timeout is negative");
  SSL_CTX_set_timeout (ctx->ctx, seconds);
  return TRUE;
}

/**
 * pki_ssl_context_get_timeout:
 * @ctx: a #PkiSslContext
 *
 * The session timeout.
 *
 * Returns: the timeout in seconds.
 */
glong
pki_ssl_context_get_timeout (PkiSslContext *ctx)
{
  g_return_val_if_fail (ctx != NULL, 0);
  return SSL_CTX_get_timeout (ctx->ctx);
}

/**
 * pki_ssl_context_add_client_ca:
 * @ctx: a server #PkiSslContext
 * @cert: a CA certificate whose subject the server names when asking for
 *   a client certificate
 * @error: return location for a #GError
 *
 * Adds to the CA names sent to clients, pyOpenSSL's `add_client_ca()`.
 *
 * Returns: %TRUE on success; %FALSE with @error set.
 */
gboolean
pki_ssl_context_add_client_ca (PkiSslContext *ctx, PkiX509 *cert, GError **error)
{
  g_return_val_if_fail (ctx != NULL, FALSE);
  g_return_val_if_fail (cert != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_mutable (ctx, error))
    return FALSE;
  return pki_check_ossl (SSL_CTX_add_client_CA (ctx->ctx, pki_x509_get_ossl (cert)),
                         error, PKI_ERROR_FAILED, "adding the client CA failed");
}

/**
 * pki_ssl_context_set_client_ca_list:
 * @ctx: a server #PkiSslContext
 * @names: (array length=n_names) (nullable): the CA names to send (copied)
 * @n_names: how many; 0 sends none
 * @error: return location for a #GError
 *
 * Replaces the CA names a server sends when asking for a client
 * certificate, pyOpenSSL's `set_client_ca_list()`.
 *
 * Returns: %TRUE on success; %FALSE with @error set.
 */
gboolean
pki_ssl_context_set_client_ca_list (PkiSslContext *ctx, PkiX509Name **names, guint n_names,
                                    GError **error)
{
  STACK_OF (X509_NAME) *stack;

  g_return_val_if_fail (ctx != NULL, FALSE);
  g_return_val_if_fail (names != NULL || n_names == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  for (guint i = 0; i < n_names; i++)
    g_return_val_if_fail (names[i] != NULL, FALSE);

  if (!check_mutable (ctx, error))
    return FALSE;
  stack = sk_X509_NAME_new_null ();
  for (guint i = 0; stack != NULL && i < n_names; i++) {
    X509_NAME *copy = X509_NAME_dup (pki_x509_name_get_ossl (names[i]));
    if (copy == NULL || !sk_X509_NAME_push (stack, copy)) {
      X509_NAME_free (copy);
      sk_X509_NAME_pop_free (stack, X509_NAME_free);
      stack = NULL;
    }
  }
  if (stack == NULL)
    return pki_set_error (error, PKI_ERROR_FAILED, "setting the client CA list failed");
  SSL_CTX_set_client_CA_list (ctx->ctx, stack);
  ERR_clear_error ();
  return TRUE;
}

/**
 * pki_ssl_context_get_client_ca_list:
 * @ctx: a #PkiSslContext
 *
 * The CA names a server sends to clients.
 *
 * Returns: (transfer full) (element-type PkiX509Name): copies of the names.
 */
GPtrArray *
pki_ssl_context_get_client_ca_list (PkiSslContext *ctx)
{
  STACK_OF (X509_NAME) *names;
  GPtrArray *out;

  g_return_val_if_fail (ctx != NULL, NULL);
  out = g_ptr_array_new_with_free_func ((GDestroyNotify) pki_x509_name_unref);
  names = SSL_CTX_get_client_CA_list (ctx->ctx);
  for (int i = 0; i < sk_X509_NAME_num (names); i++)
    g_ptr_array_add (out, pki_x509_name_new_take (X509_NAME_dup (sk_X509_NAME_value (names, i))));
  return out;
}

/**
 * pki_ssl_context_set_app_data:
 * @ctx: a #PkiSslContext
 * @data: (nullable): anything
 * @destroy: (nullable): frees @data when replaced or when the context goes
 *
 * Attaches the caller's data, pyOpenSSL's `set_app_data()`.
 */
void
pki_ssl_context_set_app_data (PkiSslContext *ctx, gpointer data, GDestroyNotify destroy)
{
  g_return_if_fail (ctx != NULL);
  if (ctx->app_destroy != NULL)
    ctx->app_destroy (ctx->app_data);
  ctx->app_data = data;
  ctx->app_destroy = destroy;
}

/**
 * pki_ssl_context_get_app_data:
 * @ctx: a #PkiSslContext
 *
 * The data attached with pki_ssl_context_set_app_data().
 *
 * Returns: (transfer none) (nullable): the data.
 */
gpointer
pki_ssl_context_get_app_data (PkiSslContext *ctx)
{
  g_return_val_if_fail (ctx != NULL, NULL);
  return ctx->app_data;
}
