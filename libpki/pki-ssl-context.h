/* libpki: the thin TLS module's PkiSslContext (with PkiSslConnection
 * in pki-ssl-connection.h): pyOpenSSL's SSL.Context and SSL.Connection,
 * shaped like LibreSSL's libtls: one configuration shared by many
 * connections.
 * SPDX-License-Identifier: MIT
 */
#pragma once

#if !defined(PKI_INSIDE) && !defined(PKI_COMPILATION)
#error "Only <libpki/pki.h> can be included directly."
#endif

#include <libpki/pki-types.h>
#include <libpki/pki-pkey.h>
#include <libpki/pki-x509.h>
#include <libpki/pki-x509-store.h>

G_BEGIN_DECLS

/**
 * PkiSslContext:
 *
 * TLS settings shared by connections: role, protocol versions,
 * certificate and key, trust and verification, ciphers, ALPN, SNI.
 * Opaque and reference counted.  A context is frozen once a connection
 * uses it: later changes fail with %PKI_ERROR_BAD_INPUT.
 */
typedef struct _PkiSslContext PkiSslContext;

/**
 * PkiSslConnection:
 *
 * One TLS connection over a socket or over memory buffers.  Opaque and
 * reference counted; not for use from two threads at once.
 */
typedef struct _PkiSslConnection PkiSslConnection;

/**
 * PkiSslRole:
 * @PKI_SSL_CLIENT: the connecting side
 * @PKI_SSL_SERVER: the accepting side
 *
 * Which side of connections a context is for.
 */
typedef enum {
  PKI_SSL_CLIENT,
  PKI_SSL_SERVER,
} PkiSslRole;

/**
 * PkiSslVersion:
 * @PKI_SSL_VERSION_TLS1: TLS 1.0 (only when asked for by name)
 * @PKI_SSL_VERSION_TLS1_1: TLS 1.1 (only when asked for by name)
 * @PKI_SSL_VERSION_TLS1_2: TLS 1.2
 * @PKI_SSL_VERSION_TLS1_3: TLS 1.3
 *
 * Protocol versions (the values are the wire numbers).
 */
typedef enum {
  PKI_SSL_VERSION_TLS1 = 0x0301,
  PKI_SSL_VERSION_TLS1_1 = 0x0302,
  PKI_SSL_VERSION_TLS1_2 = 0x0303,
  PKI_SSL_VERSION_TLS1_3 = 0x0304,
} PkiSslVersion;

/**
 * PkiSslVerifyMode:
 * @PKI_SSL_VERIFY_NONE: do not verify the peer
 * @PKI_SSL_VERIFY_PEER: verify the peer's certificate (a server asks the
 *   client for one)
 * @PKI_SSL_VERIFY_FAIL_IF_NO_PEER_CERT: a server fails when the client
 *   sends no certificate (with %PKI_SSL_VERIFY_PEER)
 * @PKI_SSL_VERIFY_CLIENT_ONCE: a server asks for the client certificate
 *   only in the first handshake
 *
 * Verification modes; the values are OpenSSL's `SSL_VERIFY_*`, as
 * pyOpenSSL's `VERIFY_*` are.
 */
typedef enum {
  PKI_SSL_VERIFY_NONE = 0,
  PKI_SSL_VERIFY_PEER = 1,
  PKI_SSL_VERIFY_FAIL_IF_NO_PEER_CERT = 2,
  PKI_SSL_VERIFY_CLIENT_ONCE = 4,
} PkiSslVerifyMode;

/**
 * PKI_SSL_WANT_READ:
 *
 * Returned by the I/O functions of a non-blocking connection: call again
 * when the socket is readable (or, over memory buffers, after feeding
 * pki_ssl_connection_bio_write()).  Not an error.
 */
#define PKI_SSL_WANT_READ (-2)

/**
 * PKI_SSL_WANT_WRITE:
 *
 * Returned by the I/O functions of a non-blocking connection: call again
 * when the socket is writable (or after draining
 * pki_ssl_connection_bio_read()).  Not an error.
 */
#define PKI_SSL_WANT_WRITE (-3)

/**
 * PKI_SSL_SENT_SHUTDOWN:
 *
 * pki_ssl_connection_get_shutdown(): this side sent close_notify.
 */
#define PKI_SSL_SENT_SHUTDOWN 1

/**
 * PKI_SSL_RECEIVED_SHUTDOWN:
 *
 * pki_ssl_connection_get_shutdown(): the peer's close_notify arrived.
 */
#define PKI_SSL_RECEIVED_SHUTDOWN 2

/**
 * PkiSslVerifyFunc:
 * @cert: the certificate being checked (a copy the callback may keep)
 * @depth: its depth: 0 for the peer's own certificate
 * @error: OpenSSL's verification error code for it (0 when it passed)
 * @ok: whether OpenSSL accepted it
 * @user_data: the data given with the callback
 *
 * Called for each certificate of the peer's chain, root first, as
 * pyOpenSSL's verify callback is.
 *
 * Returns: %TRUE to accept the certificate, %FALSE to fail the handshake.
 */
typedef gboolean (*PkiSslVerifyFunc) (PkiX509 *cert, gint depth, gint error, gboolean ok,
                                      gpointer user_data);

/**
 * PkiSslSniFunc:
 * @conn: the server connection
 * @server_name: (nullable): the name the client asked for, or %NULL
 * @user_data: the data given with the callback
 *
 * Called on a server when a client says which host it wants (SNI), before
 * the certificate is chosen; it may switch the connection to another
 * context with pki_ssl_connection_set_context().
 *
 * Returns: %TRUE to go on, %FALSE to end the handshake.
 */
typedef gboolean (*PkiSslSniFunc) (PkiSslConnection *conn, const char *server_name,
                                   gpointer user_data);

PKI_API GType pki_ssl_context_get_type (void) G_GNUC_CONST;
#define PKI_TYPE_SSL_CONTEXT (pki_ssl_context_get_type ())

/* PkiSslContext */
PKI_API PkiSslContext *pki_ssl_context_ref (PkiSslContext *ctx);
PKI_API void pki_ssl_context_unref (PkiSslContext *ctx);
PKI_API PkiSslContext *pki_ssl_context_new (PkiSslRole role, GError **error);
PKI_API PkiSslRole pki_ssl_context_get_role (PkiSslContext *ctx);
PKI_API gboolean pki_ssl_context_set_min_version (PkiSslContext *ctx, PkiSslVersion version,
                                                  GError **error);
PKI_API gboolean pki_ssl_context_set_max_version (PkiSslContext *ctx, PkiSslVersion version,
                                                  GError **error);
PKI_API gboolean pki_ssl_context_use_certificate (PkiSslContext *ctx, PkiX509 *cert,
                                                  GError **error);
PKI_API gboolean pki_ssl_context_use_privatekey (PkiSslContext *ctx, PkiPKey *key,
                                                 GError **error);
PKI_API gboolean pki_ssl_context_add_chain_certificate (PkiSslContext *ctx, PkiX509 *cert,
                                                        GError **error);
PKI_API gboolean pki_ssl_context_use_certificate_chain_file (PkiSslContext *ctx,
                                                             const char *path, GError **error);
PKI_API gboolean pki_ssl_context_use_privatekey_file (PkiSslContext *ctx, const char *path,
                                                      PkiPassphraseFunc func, gpointer user_data,
                                                      GError **error);
PKI_API gboolean pki_ssl_context_check_privatekey (PkiSslContext *ctx, GError **error);
PKI_API gboolean pki_ssl_context_set_verify (PkiSslContext *ctx, PkiSslVerifyMode mode,
                                             PkiSslVerifyFunc func, gpointer user_data,
                                             GDestroyNotify destroy, GError **error);
PKI_API PkiSslVerifyMode pki_ssl_context_get_verify_mode (PkiSslContext *ctx);
PKI_API gboolean pki_ssl_context_set_verify_depth (PkiSslContext *ctx, gint depth,
                                                   GError **error);
PKI_API gint pki_ssl_context_get_verify_depth (PkiSslContext *ctx);
PKI_API gboolean pki_ssl_context_set_store (PkiSslContext *ctx, PkiX509Store *store,
                                            GError **error);
PKI_API gboolean pki_ssl_context_load_verify_locations (PkiSslContext *ctx, const char *cafile,
                                                        const char *capath, GError **error);
PKI_API gboolean pki_ssl_context_set_default_verify_paths (PkiSslContext *ctx, GError **error);
PKI_API gboolean pki_ssl_context_set_cipher_list (PkiSslContext *ctx, const char *ciphers,
                                                  GError **error);
PKI_API gboolean pki_ssl_context_set_ciphersuites (PkiSslContext *ctx, const char *suites,
                                                   GError **error);
PKI_API gboolean pki_ssl_context_set_options (PkiSslContext *ctx, guint64 options,
                                              GError **error);
PKI_API guint64 pki_ssl_context_get_options (PkiSslContext *ctx);
PKI_API gboolean pki_ssl_context_set_alpn_protos (PkiSslContext *ctx,
                                                  const char *const *protocols, GError **error);
PKI_API gboolean pki_ssl_context_set_sni_callback (PkiSslContext *ctx, PkiSslSniFunc func,
                                                   gpointer user_data, GDestroyNotify destroy,
                                                   GError **error);
PKI_API gboolean pki_ssl_context_set_session_id_context (PkiSslContext *ctx, const guint8 *id,
                                                         gsize len, GError **error);
PKI_API gboolean pki_ssl_context_set_timeout (PkiSslContext *ctx, glong seconds, GError **error);
PKI_API glong pki_ssl_context_get_timeout (PkiSslContext *ctx);
PKI_API gboolean pki_ssl_context_add_client_ca (PkiSslContext *ctx, PkiX509 *cert,
                                                GError **error);
PKI_API gboolean pki_ssl_context_set_client_ca_list (PkiSslContext *ctx, PkiX509Name **names,
                                                     guint n_names, GError **error);
PKI_API GPtrArray *pki_ssl_context_get_client_ca_list (PkiSslContext *ctx);
PKI_API void pki_ssl_context_set_app_data (PkiSslContext *ctx, gpointer data,
                                           GDestroyNotify destroy);
PKI_API gpointer pki_ssl_context_get_app_data (PkiSslContext *ctx);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PkiSslContext, pki_ssl_context_unref)

G_END_DECLS
