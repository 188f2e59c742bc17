/* libpki: PkiX509Store and PkiX509StoreContext, certificate verification.
 * SPDX-License-Identifier: MIT
 */
#include "libpki/pki-private.h"

#include <openssl/objects.h>
#include <openssl/x509_vfy.h>
#include <string.h>

/* Our flag values are OpenSSL's. */
G_STATIC_ASSERT (PKI_X509_STORE_FLAG_CRL_CHECK == X509_V_FLAG_CRL_CHECK);
G_STATIC_ASSERT (PKI_X509_STORE_FLAG_CRL_CHECK_ALL == X509_V_FLAG_CRL_CHECK_ALL);
G_STATIC_ASSERT (PKI_X509_STORE_FLAG_IGNORE_CRITICAL == X509_V_FLAG_IGNORE_CRITICAL);
G_STATIC_ASSERT (PKI_X509_STORE_FLAG_X509_STRICT == X509_V_FLAG_X509_STRICT);
G_STATIC_ASSERT (PKI_X509_STORE_FLAG_ALLOW_PROXY_CERTS == X509_V_FLAG_ALLOW_PROXY_CERTS);
G_STATIC_ASSERT (PKI_X509_STORE_FLAG_POLICY_CHECK == X509_V_FLAG_POLICY_CHECK);
G_STATIC_ASSERT (PKI_X509_STORE_FLAG_EXPLICIT_POLICY == X509_V_FLAG_EXPLICIT_POLICY);
G_STATIC_ASSERT (PKI_X509_STORE_FLAG_INHIBIT_ANY == X509_V_FLAG_INHIBIT_ANY);
G_STATIC_ASSERT (PKI_X509_STORE_FLAG_INHIBIT_MAP == X509_V_FLAG_INHIBIT_MAP);
G_STATIC_ASSERT (PKI_X509_STORE_FLAG_USE_DELTAS == X509_V_FLAG_USE_DELTAS);
G_STATIC_ASSERT (PKI_X509_STORE_FLAG_EXTENDED_CRL_SUPPORT == X509_V_FLAG_EXTENDED_CRL_SUPPORT);
G_STATIC_ASSERT (PKI_X509_HOST_FLAG_ALWAYS_CHECK_SUBJECT == X509_CHECK_FLAG_ALWAYS_CHECK_SUBJECT);
G_STATIC_ASSERT (PKI_X509_HOST_FLAG_NO_WILDCARDS == X509_CHECK_FLAG_NO_WILDCARDS);
G_STATIC_ASSERT (PKI_X509_HOST_FLAG_NO_PARTIAL_WILDCARDS == X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
G_STATIC_ASSERT (PKI_X509_HOST_FLAG_MULTI_LABEL_WILDCARDS == X509_CHECK_FLAG_MULTI_LABEL_WILDCARDS);
G_STATIC_ASSERT (PKI_X509_HOST_FLAG_SINGLE_LABEL_SUBDOMAINS
                 == X509_CHECK_FLAG_SINGLE_LABEL_SUBDOMAINS);
G_STATIC_ASSERT (PKI_X509_HOST_FLAG_NEVER_CHECK_SUBJECT == X509_CHECK_FLAG_NEVER_CHECK_SUBJECT);
G_STATIC_ASSERT (PKI_X509_STORE_FLAG_CHECK_SS_SIGNATURE == X509_V_FLAG_CHECK_SS_SIGNATURE);
G_STATIC_ASSERT (PKI_X509_STORE_FLAG_TRUSTED_FIRST == X509_V_FLAG_TRUSTED_FIRST);
G_STATIC_ASSERT (PKI_X509_STORE_FLAG_PARTIAL_CHAIN == X509_V_FLAG_PARTIAL_CHAIN);
G_STATIC_ASSERT (PKI_X509_STORE_FLAG_NO_ALT_CHAINS == X509_V_FLAG_NO_ALT_CHAINS);
G_STATIC_ASSERT (PKI_X509_STORE_FLAG_NO_CHECK_TIME == X509_V_FLAG_NO_CHECK_TIME);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509_STORE_CTX, X509_STORE_CTX_free)

/* ====================================================================== */
/* PkiX509Store */

struct _PkiX509Store {
  X509_STORE *store;
};

static void
pki_x509_store_clear (PkiX509Store *store)
{
  X509_STORE_free (store->store);
}

/**
 * pki_x509_store_ref:
 * @store: a #PkiX509Store
 *
 * Takes a reference on @store.
 *
 * Returns: (transfer full): @store
 */
/**
 * pki_x509_store_unref:
 * @store: (nullable) (transfer full): a #PkiX509Store
 *
 * Releases a reference on @store.  %NULL is ignored.
 */
/**
 * pki_x509_store_get_type:
 *
 * The boxed #GType of #PkiX509Store (copying takes a reference).
 *
 * Returns: the #GType.
 */
PKI_DEFINE_BOXED (PkiX509Store, pki_x509_store, pki_x509_store_clear)

/**
 * pki_x509_store_flags_get_type:
 *
 * The #GType of the #PkiX509StoreFlags flags.
 *
 * Returns: the #GType.
 */
G_DEFINE_FLAGS_TYPE (PkiX509StoreFlags, pki_x509_store_flags,
  G_DEFINE_ENUM_VALUE (PKI_X509_STORE_FLAG_CRL_CHECK, "crl-check"),
  G_DEFINE_ENUM_VALUE (PKI_X509_STORE_FLAG_CRL_CHECK_ALL, "crl-check-all"),
  G_DEFINE_ENUM_VALUE (PKI_X509_STORE_FLAG_IGNORE_CRITICAL, "ignore-critical"),
  G_DEFINE_ENUM_VALUE (PKI_X509_STORE_FLAG_X509_STRICT, "x509-strict"),
  G_DEFINE_ENUM_VALUE (PKI_X509_STORE_FLAG_ALLOW_PROXY_CERTS, "allow-proxy-certs"),
  G_DEFINE_ENUM_VALUE (PKI_X509_STORE_FLAG_POLICY_CHECK, "policy-check"),
  G_DEFINE_ENUM_VALUE (PKI_X509_STORE_FLAG_EXPLICIT_POLICY, "explicit-policy"),
  G_DEFINE_ENUM_VALUE (PKI_X509_STORE_FLAG_INHIBIT_ANY, "inhibit-any"),
  G_DEFINE_ENUM_VALUE (PKI_X509_STORE_FLAG_INHIBIT_MAP, "inhibit-map"),
  G_DEFINE_ENUM_VALUE (PKI_X509_STORE_FLAG_EXTENDED_CRL_SUPPORT, "extended-crl-support"),
  G_DEFINE_ENUM_VALUE (PKI_X509_STORE_FLAG_USE_DELTAS, "use-deltas"),
  G_DEFINE_ENUM_VALUE (PKI_X509_STORE_FLAG_CHECK_SS_SIGNATURE, "check-ss-signature"),
  G_DEFINE_ENUM_VALUE (PKI_X509_STORE_FLAG_TRUSTED_FIRST, "trusted-first"),
  G_DEFINE_ENUM_VALUE (PKI_X509_STORE_FLAG_PARTIAL_CHAIN, "partial-chain"),
  G_DEFINE_ENUM_VALUE (PKI_X509_STORE_FLAG_NO_ALT_CHAINS, "no-alt-chains"),
  G_DEFINE_ENUM_VALUE (PKI_X509_STORE_FLAG_NO_CHECK_TIME, "no-check-time"))

X509_STORE *
pki_x509_store_get_ossl (PkiX509Store *store)
{
  return store->store;
}

PkiX509Store *
pki_x509_store_new_for (X509_STORE *x509_store)
{
  PkiX509Store *store = g_atomic_rc_box_new0 (PkiX509Store);
  X509_STORE_up_ref (x509_store);
  store->store = x509_store;
  return store;
}

/**
 * pki_x509_host_flags_get_type:
 *
 * The #GType of the #PkiX509HostFlags flags.
 *
 * Returns: the #GType.
 */
G_DEFINE_FLAGS_TYPE (PkiX509HostFlags, pki_x509_host_flags,
  G_DEFINE_ENUM_VALUE (PKI_X509_HOST_FLAG_ALWAYS_CHECK_SUBJECT, "always-check-subject"),
  G_DEFINE_ENUM_VALUE (PKI_X509_HOST_FLAG_NO_WILDCARDS, "no-wildcards"),
  G_DEFINE_ENUM_VALUE (PKI_X509_HOST_FLAG_NO_PARTIAL_WILDCARDS, "no-partial-wildcards"),
  G_DEFINE_ENUM_VALUE (PKI_X509_HOST_FLAG_MULTI_LABEL_WILDCARDS, "multi-label-wildcards"),
  G_DEFINE_ENUM_VALUE (PKI_X509_HOST_FLAG_SINGLE_LABEL_SUBDOMAINS, "single-label-subdomains"),
  G_DEFINE_ENUM_VALUE (PKI_X509_HOST_FLAG_NEVER_CHECK_SUBJECT, "never-check-subject"))

/**
 * pki_x509_store_new:
 *
 * Makes an empty store, pyOpenSSL's `X509Store()`: nothing is trusted
 * until certificates are added or loaded.
 *
 * Returns: (transfer full): the new store.
 */
PkiX509Store *
pki_x509_store_new (void)
{
  PkiX509Store *store = g_atomic_rc_box_new0 (PkiX509Store);
  store->store = X509_STORE_new ();
  g_assert (store->store != NULL);
  return store;
}

/**
 * pki_x509_store_add_cert:
 * @store: a #PkiX509Store
 * @cert: a certificate to trust (copied)
 * @error: return location for a #GError
 *
 * Trusts a certificate, pyOpenSSL's `add_cert()`.  Adding one twice is
 * fine.
 *
 * Returns: %TRUE on success; %FALSE with @error set.
 */
gboolean
pki_x509_store_add_cert (PkiX509Store *store, PkiX509 *cert, GError **error)
{
  g_autoptr (X509) copy = NULL;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (cert != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* A copy: the caller may change its certificate later. */
  copy = X509_dup (pki_x509_get_ossl (cert));
  if (copy == NULL || !X509_STORE_add_cert (store->store, copy))
    return pki_set_error (error, PKI_ERROR_FAILED, "adding the certificate to the store failed");
  ERR_clear_error ();
  return TRUE;
}

/**
 * pki_x509_store_add_crl:
 * @store: a #PkiX509Store
 * @crl: a CRL (copied)
 * @error: return location for a #GError
 *
 * Adds a CRL for revocation checks (turned on with
 * %PKI_X509_STORE_FLAG_CRL_CHECK), pyOpenSSL's `add_crl()`.
 *
 * Returns: %TRUE on success; %FALSE with @error set (a loaded CRL whose
 *   entries cannot be decoded is %PKI_ERROR_BAD_INPUT).
 */
gboolean
pki_x509_store_add_crl (PkiX509Store *store, PkiCrl *crl, GError **error)
{
  X509_CRL *x;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (crl != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  x = pki_crl_get_ossl (crl, error);
  if (x == NULL)
    return FALSE;
  /* X509_STORE_add_crl takes its own reference; the CRL is not changed by
   * verification. */
  if (!X509_STORE_add_crl (store->store, x))
    return pki_set_error (error, PKI_ERROR_FAILED, "adding the CRL to the store failed");
  ERR_clear_error ();
  return TRUE;
}

/**
 * pki_x509_store_load_locations:
 * @store: a #PkiX509Store
 * @cafile: (nullable) (type filename): a PEM file of trusted certificates
 * @capath: (nullable) (type filename): a directory of certificates named
 *   by subject hash ("c3705638.0", as c_rehash and `pki rehash` lay out)
 * @error: return location for a #GError
 *
 * Trusts the certificates of a file and/or a hashed directory, pyOpenSSL's
 * `load_locations()`.  The directory is searched when a verification needs
 * an issuer.
 *
 * Returns: %TRUE on success; %FALSE with @error set: %PKI_ERROR_BAD_INPUT
 *   when both are %NULL or @cafile holds no certificate, %PKI_ERROR_IO when
 *   a location cannot be read.
 */
gboolean
pki_x509_store_load_locations (PkiX509Store *store, const char *cafile, const char *capath,
                               GError **error)
{
  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (cafile == NULL && capath == NULL)
    return pki_set_error_literal (error, PKI_ERROR_BAD_INPUT,
                                  "loading locations: give a CA file, a CA directory or both");
  if (cafile != NULL) {
    g_autofree gchar *data = NULL;
    g_autoptr (GPtrArray) certs = NULL;
    gsize len;
    if (!g_file_test (cafile, G_FILE_TEST_IS_REGULAR)
        || !g_file_get_contents (cafile, &data, &len, NULL))
      return pki_set_error_literal (error, PKI_ERROR_IO, "loading locations: cannot read '%s'",
                                    cafile);
    /* OpenSSL counts CRLs as well: a CA file must hold a certificate. */
    certs = pki_x509_load_pem_bundle ((const guint8 *) data, len, NULL);
    if (certs == NULL || !X509_STORE_load_file_ex (store->store, cafile, pki_libctx (), NULL))
      return pki_set_error (error, PKI_ERROR_BAD_INPUT,
                            "loading locations: '%s' holds no PEM certificate", cafile);
  }
  if (capath != NULL) {
    if (!g_file_test (capath, G_FILE_TEST_IS_DIR))
      return pki_set_error_literal (error, PKI_ERROR_IO,
                                    "loading locations: '%s' is not a directory", capath);
    if (!X509_STORE_load_path (store->store, capath))
      return pki_set_error (error, PKI_ERROR_IO, "loading locations: cannot use '%s'", capath);
  }
  ERR_clear_error ();
  return TRUE;
}

/**
 * pki_x509_store_set_default_paths:
 * @store: a #PkiX509Store
 * @error: return location for a #GError
 *
 * Trusts the system's CA certificates (OpenSSL's default file and
 * directory, or those the SSL_CERT_FILE and SSL_CERT_DIR environment
 * variables name).
 *
 * Returns: %TRUE on success; %FALSE with @error set.
 */
gboolean
pki_x509_store_set_default_paths (PkiX509Store *store, GError **error)
{
  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!X509_STORE_set_default_paths_ex (store->store, pki_libctx (), NULL))
    return pki_set_error (error, PKI_ERROR_IO, "loading the system's CA certificates failed");
  ERR_clear_error ();
  return TRUE;
}

static X509_VERIFY_PARAM *
param (PkiX509Store *store)
{
  return X509_STORE_get0_param (store->store);
}

/**
 * pki_x509_store_set_flags:
 * @store: a #PkiX509Store
 * @flags: flags to turn on
 *
 * Turns verification flags on (those already on stay on), pyOpenSSL's
 * `set_flags()`.
 */
void
pki_x509_store_set_flags (PkiX509Store *store, PkiX509StoreFlags flags)
{
  g_return_if_fail (store != NULL);
  X509_VERIFY_PARAM_set_flags (param (store), (unsigned long) flags);
}

/**
 * pki_x509_store_clear_flags:
 * @store: a #PkiX509Store
 * @flags: flags to turn off
 *
 * Turns verification flags off.
 */
void
pki_x509_store_clear_flags (PkiX509Store *store, PkiX509StoreFlags flags)
{
  g_return_if_fail (store != NULL);
  X509_VERIFY_PARAM_clear_flags (param (store), (unsigned long) flags);
}

/**
 * pki_x509_store_set_depth:
 * @store: a #PkiX509Store
 * @depth: the most intermediate certificates a chain may have (OpenSSL's
 *   meaning: 0 allows only a leaf signed by a trusted certificate); -1
 *   for OpenSSL's default of 100
 *
 * Limits the chain length.
 */
void
pki_x509_store_set_depth (PkiX509Store *store, gint depth)
{
  g_return_if_fail (store != NULL);
  X509_VERIFY_PARAM_set_depth (param (store), depth < 0 ? 100 : depth);
}

/**
 * pki_x509_store_set_time:
 * @store: a #PkiX509Store
 * @when: (nullable): the time to check validity at, or %NULL for the time
 *   of each verification
 *
 * Verifies as of another time, pyOpenSSL's `set_time()`.
 */
void
pki_x509_store_set_time (PkiX509Store *store, GDateTime *when)
{
  g_return_if_fail (store != NULL);
  if (when != NULL)
    X509_VERIFY_PARAM_set_time (param (store), (time_t) g_date_time_to_unix (when));
  else
    X509_VERIFY_PARAM_clear_flags (param (store), X509_V_FLAG_USE_CHECK_TIME);
}

/**
 * pki_x509_store_set_purpose:
 * @store: a #PkiX509Store
 * @purpose: OpenSSL's purpose name: "sslserver", "sslclient", "smimesign",
 *   "smimeencrypt", "crlsign", "ocsphelper", "timestampsign", "any" (the
 *   names OpenSSL 3.0 knows; newer versions add some)
 * @error: return location for a #GError
 *
 * Requires the leaf to be fit for a purpose (extended key usage, key usage,
 * Netscape cert type) and the chain to be trusted for it.
 *
 * Returns: %TRUE on success; %FALSE with %PKI_ERROR_BAD_INPUT for an
 *   unknown purpose.
 */
gboolean
pki_x509_store_set_purpose (PkiX509Store *store, const char *purpose, GError **error)
{
  int idx;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (purpose != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  idx = X509_PURPOSE_get_by_sname (purpose);
  if (idx < 0 || !X509_VERIFY_PARAM_set_purpose (param (store),
                                                 X509_PURPOSE_get_id (X509_PURPOSE_get0 (idx))))
    return pki_set_error_literal (error, PKI_ERROR_BAD_INPUT, "unknown certificate purpose '%s'",
                                  purpose);
  ERR_clear_error ();
  return TRUE;
}

/**
 * pki_x509_store_set_host:
 * @store: a #PkiX509Store
 * @host: (nullable): the DNS name the leaf must match (RFC 6125: the
 *   subjectAltName, wildcards in the left-most label), or %NULL for none
 * @error: return location for a #GError
 *
 * Requires the leaf to be valid for a host name.
 *
 * Returns: %TRUE on success; %FALSE with %PKI_ERROR_BAD_INPUT for an empty
 *   name or one with a NUL.
 */
gboolean
pki_x509_store_set_host (PkiX509Store *store, const char *host, GError **error)
{
  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (host != NULL && *host == '\0')
    return pki_set_error_literal (error, PKI_ERROR_BAD_INPUT, "the host name is empty");
  if (!X509_VERIFY_PARAM_set1_host (param (store), host, 0))
    return pki_set_error (error, PKI_ERROR_BAD_INPUT, "invalid host name '%s'", host);
  ERR_clear_error ();
  return TRUE;
}

/**
 * pki_x509_store_set_host_flags:
 * @store: a #PkiX509Store
 * @flags: how host names match (see #PkiX509HostFlags); 0 for OpenSSL's
 *   default
 *
 * Sets the host name matching rules, as `X509_VERIFY_PARAM_set_hostflags`.
 */
void
pki_x509_store_set_host_flags (PkiX509Store *store, PkiX509HostFlags flags)
{
  g_return_if_fail (store != NULL);
  X509_VERIFY_PARAM_set_hostflags (param (store), (unsigned int) flags);
}

/**
 * pki_x509_store_set_auth_level:
 * @store: a #PkiX509Store
 * @level: the security level, 0 to 5 (OpenSSL's meaning: level 1 refuses
 *   keys under 80 bits of security, level 2 under 112: RSA under 2048 bits,
 *   P-192); -1 for OpenSSL's default
 * @error: return location for a #GError
 *
 * Refuses chains with keys or signatures weaker than a security level.
 *
 * Returns: %TRUE on success; %FALSE with %PKI_ERROR_BAD_INPUT for a level
 *   out of range.
 */
gboolean
pki_x509_store_set_auth_level (PkiX509Store *store, gint level, GError **error)
{
  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (level < -1 || level > 5)
    return pki_set_error_literal (error, PKI_ERROR_BAD_INPUT,
                                  "security level %d is not -1 to 5", level);
  X509_VERIFY_PARAM_set_auth_level (param (store), level);
  return TRUE;
}

/**
 * pki_x509_store_set_policies:
 * @store: a #PkiX509Store
 * @policies: (array zero-terminated=1) (nullable): the acceptable policy
 *   OIDs (the user-initial-policy-set of RFC 5280 6.1.1; "2.5.29.32.0" is
 *   anyPolicy), or %NULL for none
 * @error: return location for a #GError
 *
 * Sets the policies a chain must satisfy, and turns policy checking on
 * (%PKI_X509_STORE_FLAG_POLICY_CHECK).
 *
 * Returns: %TRUE on success; %FALSE with %PKI_ERROR_BAD_INPUT for text that
 *   is not an OID.
 */
gboolean
pki_x509_store_set_policies (PkiX509Store *store, const char *const *policies, GError **error)
{
  STACK_OF (ASN1_OBJECT) *stack;
  gboolean ok;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (policies == NULL) {
    X509_VERIFY_PARAM_set1_policies (param (store), NULL);
    return TRUE;
  }
  stack = sk_ASN1_OBJECT_new_null ();
  for (guint i = 0; policies[i] != NULL; i++) {
    ASN1_OBJECT *obj = OBJ_txt2obj (policies[i], 1);
    if (obj == NULL) {
      sk_ASN1_OBJECT_pop_free (stack, ASN1_OBJECT_free);
      return pki_set_error_literal (error, PKI_ERROR_BAD_INPUT, "'%s' is not a policy OID",
                                    policies[i]);
    }
    sk_ASN1_OBJECT_push (stack, obj);
  }
  ok = X509_VERIFY_PARAM_set1_policies (param (store), stack);
  sk_ASN1_OBJECT_pop_free (stack, ASN1_OBJECT_free);
  if (!ok)
    return pki_set_error (error, PKI_ERROR_FAILED, "setting the policies failed");
  ERR_clear_error ();
  return TRUE;
}

/**
 * pki_x509_store_set_ip:
 * @store: a #PkiX509Store
 * @ip: (nullable): the IPv4 or IPv6 address the leaf must carry in its
 *   subjectAltName, or %NULL for none
 * @error: return location for a #GError
 *
 * Requires the leaf to be valid for an IP address.
 *
 * Returns: %TRUE on success; %FALSE with %PKI_ERROR_BAD_INPUT for text
 *   that is not an address.
 */
gboolean
pki_x509_store_set_ip (PkiX509Store *store, const char *ip, GError **error)
{
  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (ip == NULL) {
    X509_VERIFY_PARAM_set1_ip (param (store), NULL, 0);
  } else if (!X509_VERIFY_PARAM_set1_ip_asc (param (store), ip)) {
    return pki_set_error_literal (error, PKI_ERROR_BAD_INPUT, "'%s' is not an IP address", ip);
  }
  ERR_clear_error ();
  return TRUE;
}

/**
 * pki_x509_store_set_email:
 * @store: a #PkiX509Store
 * @email: (nullable): the e-mail address the leaf must carry, or %NULL
 * @error: return location for a #GError
 *
 * Requires the leaf to be valid for an e-mail address.
 *
 * Returns: %TRUE on success; %FALSE with %PKI_ERROR_BAD_INPUT for an empty
 *   address.
 */
gboolean
pki_x509_store_set_email (PkiX509Store *store, const char *email, GError **error)
{
  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (email != NULL && (*email == '\0' || strchr (email, '@') == NULL))
    return pki_set_error_literal (error, PKI_ERROR_BAD_INPUT, "'%s' is not an e-mail address",
                                  email);
  if (!X509_VERIFY_PARAM_set1_email (param (store), email, email != NULL ? strlen (email) : 0))
    return pki_set_error (error, PKI_ERROR_BAD_INPUT, "invalid e-mail address '%s'", email);
  ERR_clear_error ();
  return TRUE;
}

/**
 * pki_x509_store_verify:
 * @store: the trusted certificates and settings
 * @cert: the certificate to verify
 * @chain: (array length=n_chain) (nullable): untrusted intermediates
 * @n_chain: how many
 * @error: return location for a #GError
 *
 * Verifies @cert: a short way through pki_x509_store_context_new() and
 * pki_x509_store_context_verify_certificate(), for callers that need no
 * more than the message on failure.
 *
 * Returns: (transfer full) (element-type PkiX509): the verified chain, leaf
 *   first, or %NULL with @error set (%PKI_ERROR_VERIFY when the
 *   certificate does not verify).
 */
GPtrArray *
pki_x509_store_verify (PkiX509Store *store, PkiX509 *cert, PkiX509 **chain, guint n_chain,
                       GError **error)
{
  g_autoptr (PkiX509StoreContext) ctx = NULL;

  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (cert != NULL, NULL);
  g_return_val_if_fail (chain != NULL || n_chain == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  ctx = pki_x509_store_context_new (store, cert, chain, n_chain);
  if (!pki_x509_store_context_verify_certificate (ctx, error))
    return NULL;
  return pki_x509_store_context_get_verified_chain (ctx, error);
}

/* ====================================================================== */
/* PkiX509StoreContext */

struct _PkiX509StoreContext {
  PkiX509Store *store;
  PkiX509 *cert;
  GPtrArray *chain;
  /* the last verification */
  gboolean verified;
  GPtrArray *verified_chain;
  gint error;
  gint error_depth;
  PkiX509 *error_cert;
};

static void
pki_x509_store_context_clear (PkiX509StoreContext *ctx)
{
  pki_x509_store_unref (ctx->store);
  pki_x509_unref (ctx->cert);
  g_ptr_array_unref (ctx->chain);
  g_clear_pointer (&ctx->verified_chain, g_ptr_array_unref);
  g_clear_pointer (&ctx->error_cert, pki_x509_unref);
}

/**
 * pki_x509_store_context_ref:
 * @ctx: a #PkiX509StoreContext
 *
 * Takes a reference on @ctx.
 *
 * Returns: (transfer full): @ctx
 */
/**
 * pki_x509_store_context_unref:
 * @ctx: (nullable) (transfer full): a #PkiX509StoreContext
 *
 * Releases a reference on @ctx.  %NULL is ignored.
 */
/**
 * pki_x509_store_context_get_type:
 *
 * The boxed #GType of #PkiX509StoreContext (copying takes a reference).
 *
 * Returns: the #GType.
 */
PKI_DEFINE_BOXED (PkiX509StoreContext, pki_x509_store_context, pki_x509_store_context_clear)

/**
 * pki_x509_store_context_new:
 * @store: the trusted certificates and settings (a reference is kept)
 * @cert: the certificate to verify (a reference is kept)
 * @chain: (array length=n_chain) (nullable): untrusted intermediates, in
 *   any order (references are kept)
 * @n_chain: how many
 *
 * Prepares a verification, pyOpenSSL's `X509StoreContext (store, cert,
 * chain)`.
 *
 * Returns: (transfer full): the new context.
 */
PkiX509StoreContext *
pki_x509_store_context_new (PkiX509Store *store, PkiX509 *cert, PkiX509 **chain, guint n_chain)
{
  PkiX509StoreContext *ctx;

  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (cert != NULL, NULL);
  g_return_val_if_fail (chain != NULL || n_chain == 0, NULL);
  for (guint i = 0; i < n_chain; i++)
    g_return_val_if_fail (chain[i] != NULL, NULL);

  ctx = g_atomic_rc_box_new0 (PkiX509StoreContext);
  ctx->store = pki_x509_store_ref (store);
  ctx->cert = pki_x509_ref (cert);
  ctx->error_depth = -1;
  ctx->chain = g_ptr_array_new_full (n_chain, (GDestroyNotify) pki_x509_unref);
  for (guint i = 0; i < n_chain; i++)
    g_ptr_array_add (ctx->chain, pki_x509_ref (chain[i]));
  return ctx;
}

/* The certificates of @sk, in order, kept by reference: the getters hand
 * out copies. */
static GPtrArray *
ref_certs (STACK_OF (X509) *sk)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) pki_x509_unref);
  for (int i = 0; i < sk_X509_num (sk); i++) {
    X509 *x = sk_X509_value (sk, i);
    X509_up_ref (x);
    g_ptr_array_add (out, pki_x509_new_take (x));
  }
  return out;
}

/**
 * pki_x509_store_context_verify_certificate:
 * @ctx: a #PkiX509StoreContext
 * @error: return location for a #GError
 *
 * Verifies the certificate, pyOpenSSL's `verify_certificate()`; it may be
 * called again (after the store changed, say).  On failure the details are
 * kept: pki_x509_store_context_get_error() and its kin.
 *
 * Returns: %TRUE when the certificate verifies; %FALSE with
 *   %PKI_ERROR_VERIFY (naming OpenSSL's reason, the depth and the failing
 *   certificate's subject) when it does not, or %PKI_ERROR_FAILED when the
 *   verification itself could not run.
 */
gboolean
pki_x509_store_context_verify_certificate (PkiX509StoreContext *ctx, GError **error)
{
  g_autoptr (X509_STORE_CTX) sctx = NULL;
  STACK_OF (X509) *untrusted;
  int ok;

  g_return_val_if_fail (ctx != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  sctx = X509_STORE_CTX_new_ex (pki_libctx (), NULL);
  untrusted = sk_X509_new_null ();
  ctx->verified = FALSE;
  ctx->error = X509_V_OK;
  ctx->error_depth = -1;
  g_clear_pointer (&ctx->verified_chain, g_ptr_array_unref);
  g_clear_pointer (&ctx->error_cert, pki_x509_unref);

  for (guint i = 0; untrusted != NULL && i < ctx->chain->len; i++)
    sk_X509_push (untrusted, pki_x509_get_ossl (ctx->chain->pdata[i]));
  if (sctx == NULL || untrusted == NULL
      || !X509_STORE_CTX_init (sctx, ctx->store->store, pki_x509_get_ossl (ctx->cert), untrusted)) {
    sk_X509_free (untrusted);
    return pki_set_error (error, PKI_ERROR_FAILED, "setting up the verification failed");
  }
  ok = X509_verify_cert (sctx);
  if (ok == 1) {
    STACK_OF (X509) *verified = X509_STORE_CTX_get0_chain (sctx);
    ctx->verified = TRUE;
    ctx->verified_chain = ref_certs (verified);
  } else {
    X509 *bad = X509_STORE_CTX_get_current_cert (sctx);
    ctx->error = X509_STORE_CTX_get_error (sctx);
    ctx->error_depth = X509_STORE_CTX_get_error_depth (sctx);
    if (bad != NULL) {
      X509_up_ref (bad);
      ctx->error_cert = pki_x509_new_take (bad);
    }
  }
  X509_STORE_CTX_cleanup (sctx);
  sk_X509_free (untrusted);
  if (ctx->verified) {
    ERR_clear_error ();
    return TRUE;
  }
  if (ctx->error == X509_V_OK)
    return pki_set_error (error, PKI_ERROR_FAILED, "the verification could not run");
  {
    g_autofree gchar *who = NULL;
    if (ctx->error_cert != NULL) {
      g_autoptr (PkiX509Name) subject = pki_x509_get_subject (ctx->error_cert);
      who = pki_x509_name_to_string (subject);
    }
    return pki_set_error_literal (error, PKI_ERROR_VERIFY,
                                  "certificate verification failed: %s (depth %d%s%s)",
                                  X509_verify_cert_error_string (ctx->error), ctx->error_depth,
                                  who != NULL ? ", " : "", who != NULL ? who : "");
  }
}

/**
 * pki_x509_store_context_get_verified_chain:
 * @ctx: a #PkiX509StoreContext
 * @error: return location for a #GError
 *
 * The chain the last successful verification built, leaf first and the
 * trust anchor last, pyOpenSSL's `get_verified_chain()`.
 *
 * Returns: (transfer full) (element-type PkiX509): copies of the
 *   certificates, or %NULL with @error set (%PKI_ERROR_VERIFY after a
 *   failed or no verification).
 */
GPtrArray *
pki_x509_store_context_get_verified_chain (PkiX509StoreContext *ctx, GError **error)
{
  GPtrArray *out;

  g_return_val_if_fail (ctx != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!ctx->verified) {
    pki_set_error_literal (error, PKI_ERROR_VERIFY, "the certificate has not been verified");
    return NULL;
  }
  out = g_ptr_array_new_full (ctx->verified_chain->len, (GDestroyNotify) pki_x509_unref);
  for (guint i = 0; i < ctx->verified_chain->len; i++)
    g_ptr_array_add (out, pki_x509_copy (ctx->verified_chain->pdata[i]));
  return out;
}

/**
 * pki_x509_store_context_get_error:
 * @ctx: a #PkiX509StoreContext
 *
 * OpenSSL's verification error code of the last verification
 * (`X509_V_ERR_*`: 10 certificate has expired, 18 self-signed certificate,
 * 20 unable to get local issuer certificate, 23 certificate revoked, ...).
 *
 * Returns: the code; 0 (X509_V_OK) after a success or before any
 *   verification.
 */
gint
pki_x509_store_context_get_error (PkiX509StoreContext *ctx)
{
  g_return_val_if_fail (ctx != NULL, 0);
  return ctx->error;
}

/**
 * pki_x509_store_context_get_error_depth:
 * @ctx: a #PkiX509StoreContext
 *
 * Where in the chain the last verification failed: 0 for the leaf, 1 for
 * its issuer, ...
 *
 * Returns: the depth, or -1 when nothing failed.
 */
gint
pki_x509_store_context_get_error_depth (PkiX509StoreContext *ctx)
{
  g_return_val_if_fail (ctx != NULL, -1);
  return ctx->error_depth;
}

/**
 * pki_x509_store_context_get_error_string:
 * @ctx: a #PkiX509StoreContext
 *
 * OpenSSL's message for the last error code ("certificate has expired").
 *
 * Returns: (transfer none): the message ("ok" when nothing failed).
 */
const char *
pki_x509_store_context_get_error_string (PkiX509StoreContext *ctx)
{
  g_return_val_if_fail (ctx != NULL, NULL);
  return X509_verify_cert_error_string (ctx->error);
}

/**
 * pki_x509_verify_error_string:
 * @code: an OpenSSL verification result (`X509_V_*`), as
 *   pki_x509_store_context_get_error() and
 *   pki_ssl_connection_get_verify_result() give
 *
 * OpenSSL's message for a verification result.
 *
 * Returns: (transfer none): the message ("ok" for 0).
 */
const char *
pki_x509_verify_error_string (gint code)
{
  return X509_verify_cert_error_string (code);
}

/**
 * pki_x509_store_context_get_error_certificate:
 * @ctx: a #PkiX509StoreContext
 *
 * The certificate the last verification failed on, pyOpenSSL's
 * `X509StoreContextError.certificate`.
 *
 * Returns: (transfer full) (nullable): a copy of the certificate, or %NULL
 *   when nothing failed.
 */
PkiX509 *
pki_x509_store_context_get_error_certificate (PkiX509StoreContext *ctx)
{
  g_return_val_if_fail (ctx != NULL, NULL);
  return ctx->error_cert != NULL ? pki_x509_copy (ctx->error_cert) : NULL;
}
