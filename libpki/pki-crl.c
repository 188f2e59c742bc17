/* libpki: PkiCrl and PkiRevoked, certificate revocation lists.
 *
 * Scale.  Large CAs publish CRLs with millions of entries.  OpenSSL's own
 * path (d2i_X509_CRL of every entry, then a sort of the whole list under a
 * lock on the first lookup) is what made the Python peers slow.  A CRL
 * loaded here is kept as its DER plus a header-only X509_CRL (the same CRL
 * without its entries) and a hash index from serial number bytes to each
 * entry's place in the DER, built in one walk.  Lookups decode one entry;
 * the signature is checked over the DER's TBSCertList; the full X509_CRL is
 * decoded only when something needs every entry decoded or the CRL changes
 * ("materializing").  A CRL that was built or changed in memory indexes its
 * X509_REVOKED entries instead.
 *
 * SPDX-License-Identifier: MIT
 */
#include "libpki/pki-private.h"

#include <openssl/objects.h>
#include <openssl/pem.h>
#include <string.h>

G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509_CRL, X509_CRL_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509_REVOKED, X509_REVOKED_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ASN1_ENUMERATED, ASN1_ENUMERATED_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ASN1_GENERALIZEDTIME, ASN1_GENERALIZEDTIME_free)

/* ====================================================================== */
/* PkiRevoked */

struct _PkiRevoked {
  X509_REVOKED *rev;
};

static void
pki_revoked_clear (PkiRevoked *revoked)
{
  X509_REVOKED_free (revoked->rev);
}

/**
 * pki_revoked_ref:
 * @revoked: a #PkiRevoked
 *
 * Takes a reference on @revoked.
 *
 * Returns: (transfer full): @revoked
 */
/**
 * pki_revoked_unref:
 * @revoked: (nullable) (transfer full): a #PkiRevoked
 *
 * Releases a reference on @revoked.  %NULL is ignored.
 */
/**
 * pki_revoked_get_type:
 *
 * The boxed #GType of #PkiRevoked (copying takes a reference).
 *
 * Returns: the #GType.
 */
PKI_DEFINE_BOXED (PkiRevoked, pki_revoked, pki_revoked_clear)

/**
 * pki_crl_reason_get_type:
 *
 * The #GType of the #PkiCrlReason enumeration.
 *
 * Returns: the #GType.
 */
G_DEFINE_ENUM_TYPE (PkiCrlReason, pki_crl_reason,
  G_DEFINE_ENUM_VALUE (PKI_CRL_REASON_NONE, "none"),
  G_DEFINE_ENUM_VALUE (PKI_CRL_REASON_UNSPECIFIED, "unspecified"),
  G_DEFINE_ENUM_VALUE (PKI_CRL_REASON_KEY_COMPROMISE, "key-compromise"),
  G_DEFINE_ENUM_VALUE (PKI_CRL_REASON_CA_COMPROMISE, "ca-compromise"),
  G_DEFINE_ENUM_VALUE (PKI_CRL_REASON_AFFILIATION_CHANGED, "affiliation-changed"),
  G_DEFINE_ENUM_VALUE (PKI_CRL_REASON_SUPERSEDED, "superseded"),
  G_DEFINE_ENUM_VALUE (PKI_CRL_REASON_CESSATION_OF_OPERATION, "cessation-of-operation"),
  G_DEFINE_ENUM_VALUE (PKI_CRL_REASON_CERTIFICATE_HOLD, "certificate-hold"),
  G_DEFINE_ENUM_VALUE (PKI_CRL_REASON_REMOVE_FROM_CRL, "remove-from-crl"),
  G_DEFINE_ENUM_VALUE (PKI_CRL_REASON_PRIVILEGE_WITHDRAWN, "privilege-withdrawn"),
  G_DEFINE_ENUM_VALUE (PKI_CRL_REASON_AA_COMPROMISE, "aa-compromise"))

static PkiRevoked *
revoked_new_take (X509_REVOKED *rev)
{
  PkiRevoked *revoked = g_atomic_rc_box_new0 (PkiRevoked);
  revoked->rev = rev;
  return revoked;
}

/**
 * pki_revoked_new:
 *
 * Makes an empty entry, pyOpenSSL's `Revoked()`: set its serial number and
 * revocation date before adding it to a CRL.
 *
 * Returns: (transfer full): the new entry.
 */
PkiRevoked *
pki_revoked_new (void)
{
  X509_REVOKED *rev = X509_REVOKED_new ();
  g_assert (rev != NULL);
  return revoked_new_take (rev);
}

/**
 * pki_revoked_get_serial:
 * @revoked: a #PkiRevoked
 *
 * The revoked certificate's serial number, as pki_x509_get_serial() writes
 * serial numbers (upper-case hex in whole octets: "03AB").
 *
 * Returns: (transfer full): the serial number.
 */
gchar *
pki_revoked_get_serial (PkiRevoked *revoked)
{
  g_return_val_if_fail (revoked != NULL, NULL);
  return pki_asn1_integer_to_hex (X509_REVOKED_get0_serialNumber (revoked->rev));
}

/**
 * pki_revoked_set_serial:
 * @revoked: a #PkiRevoked
 * @hex: the serial number in hex (as pki_x509_set_serial() takes it)
 * @error: return location for a #GError
 *
 * Sets the serial number, pyOpenSSL's `set_serial()`.
 *
 * Returns: %TRUE on success; %FALSE with %PKI_ERROR_BAD_INPUT.
 */
gboolean
pki_revoked_set_serial (PkiRevoked *revoked, const char *hex, GError **error)
{
  g_autoptr (ASN1_INTEGER) serial = NULL;

  g_return_val_if_fail (revoked != NULL, FALSE);
  g_return_val_if_fail (hex != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  serial = pki_asn1_integer_from_hex (hex, error);
  if (serial == NULL)
    return FALSE;
  X509_REVOKED_set_serialNumber (revoked->rev, serial);
  ERR_clear_error ();
  return TRUE;
}

static const ASN1_TIME *
revocation_time (PkiRevoked *revoked)
{
  const ASN1_TIME *t = X509_REVOKED_get0_revocationDate (revoked->rev);
  return t != NULL && ASN1_STRING_length (t) > 0 ? t : NULL;
}

/**
 * pki_revoked_get_revocation_date:
 * @revoked: a #PkiRevoked
 *
 * When the certificate was revoked.
 *
 * Returns: (transfer full) (nullable): the time in UTC, or %NULL when unset.
 */
GDateTime *
pki_revoked_get_revocation_date (PkiRevoked *revoked)
{
  g_return_val_if_fail (revoked != NULL, NULL);
  return pki_asn1_time_to_datetime (revocation_time (revoked));
}

static gboolean
set_revocation_time (PkiRevoked *revoked, ASN1_TIME *t)
{
  gboolean ok;

  if (t == NULL)
    return FALSE;
  ok = X509_REVOKED_set_revocationDate (revoked->rev, t);
  ASN1_TIME_free (t);
  g_assert (ok);
  ERR_clear_error ();
  return TRUE;
}

/**
 * pki_revoked_set_revocation_date:
 * @revoked: a #PkiRevoked
 * @when: when the certificate was revoked
 * @error: return location for a #GError
 *
 * Sets the revocation date (UTCTime through 2049, GeneralizedTime after).
 *
 * Returns: %TRUE on success; %FALSE with %PKI_ERROR_BAD_INPUT.
 */
gboolean
pki_revoked_set_revocation_date (PkiRevoked *revoked, GDateTime *when, GError **error)
{
  g_return_val_if_fail (revoked != NULL, FALSE);
  g_return_val_if_fail (when != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  return set_revocation_time (revoked, pki_asn1_time_from_datetime (when, error));
}

/**
 * pki_revoked_get_revocation_date_string:
 * @revoked: a #PkiRevoked
 *
 * The revocation date as pyOpenSSL's `get_rev_date()`: "YYYYMMDDhhmmssZ".
 *
 * Returns: (transfer full) (nullable): the date, or %NULL when unset.
 */
gchar *
pki_revoked_get_revocation_date_string (PkiRevoked *revoked)
{
  g_return_val_if_fail (revoked != NULL, NULL);
  return pki_asn1_time_to_string (revocation_time (revoked));
}

/**
 * pki_revoked_set_revocation_date_string:
 * @revoked: a #PkiRevoked
 * @when: "YYYYMMDDhhmmssZ" or with a "+hhmm"/"-hhmm" offset
 * @error: return location for a #GError
 *
 * Sets the revocation date from pyOpenSSL's time form (`set_rev_date()`).
 *
 * Returns: %TRUE on success; %FALSE with %PKI_ERROR_BAD_INPUT.
 */
gboolean
pki_revoked_set_revocation_date_string (PkiRevoked *revoked, const char *when, GError **error)
{
  g_return_val_if_fail (revoked != NULL, FALSE);
  g_return_val_if_fail (when != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  return set_revocation_time (revoked, pki_asn1_time_parse (when, error));
}

/* RFC 5280's names and the ones pyOpenSSL (and `openssl crl -text`) print. */
static const struct {
  PkiCrlReason code;
  const char *name;
  const char *display;
} reasons[] = {
  { PKI_CRL_REASON_UNSPECIFIED, "unspecified", "Unspecified" },
  { PKI_CRL_REASON_KEY_COMPROMISE, "keyCompromise", "Key Compromise" },
  { PKI_CRL_REASON_CA_COMPROMISE, "CACompromise", "CA Compromise" },
  { PKI_CRL_REASON_AFFILIATION_CHANGED, "affiliationChanged", "Affiliation Changed" },
  { PKI_CRL_REASON_SUPERSEDED, "superseded", "Superseded" },
  { PKI_CRL_REASON_CESSATION_OF_OPERATION, "cessationOfOperation", "Cessation Of Operation" },
  { PKI_CRL_REASON_CERTIFICATE_HOLD, "certificateHold", "Certificate Hold" },
  { PKI_CRL_REASON_REMOVE_FROM_CRL, "removeFromCRL", "Remove From CRL" },
  { PKI_CRL_REASON_PRIVILEGE_WITHDRAWN, "privilegeWithdrawn", "Privilege Withdrawn" },
  { PKI_CRL_REASON_AA_COMPROMISE, "AACompromise", "AA Compromise" },
};

/**
 * pki_revoked_all_reasons:
 *
 * The reason names pki_revoked_set_reason_name() takes, pyOpenSSL's
 * `Revoked.all_reasons()`: pyOpenSSL's seven ("unspecified" ...
 * "certificateHold") followed by the three RFC 5280 codes it left out
 * ("removeFromCRL", "privilegeWithdrawn", "AACompromise").
 *
 * Returns: (transfer none) (array zero-terminated=1): the names.
 */
const char *const *
pki_revoked_all_reasons (void)
{
  static const char *const names[] = {
    "unspecified", "keyCompromise", "CACompromise", "affiliationChanged", "superseded",
    "cessationOfOperation", "certificateHold", "removeFromCRL", "privilegeWithdrawn",
    "AACompromise", NULL,
  };
  return names;
}

/**
 * pki_crl_reason_to_string:
 * @reason: a #PkiCrlReason
 *
 * The RFC 5280 name of a reason ("keyCompromise").
 *
 * Returns: (transfer none) (nullable): the name, or %NULL for
 *   %PKI_CRL_REASON_NONE and codes RFC 5280 does not define.
 */
const char *
pki_crl_reason_to_string (PkiCrlReason reason)
{
  for (guint i = 0; i < G_N_ELEMENTS (reasons); i++)
    if (reasons[i].code == reason)
      return reasons[i].name;
  return NULL;
}

/* @a and @b equal when case and spaces are ignored. */
static gboolean
loose_equal (const char *a, const char *b)
{
  for (;;) {
    while (*a == ' ')
      a++;
    while (*b == ' ')
      b++;
    if (*a == '\0' || *b == '\0')
      return *a == *b;
    if (g_ascii_tolower (*a++) != g_ascii_tolower (*b++))
      return FALSE;
  }
}

/**
 * pki_crl_reason_from_string:
 * @name: a reason name: RFC 5280's ("keyCompromise") or the printed form
 *   ("Key Compromise"); case and spaces are ignored, as pyOpenSSL did
 * @reason: (out): the reason
 * @error: return location for a #GError
 *
 * Reads a reason name.
 *
 * Returns: %TRUE on success; %FALSE with %PKI_ERROR_BAD_INPUT for an
 *   unknown name.
 */
gboolean
pki_crl_reason_from_string (const char *name, PkiCrlReason *reason, GError **error)
{
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (reason != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (reasons); i++)
    if (loose_equal (name, reasons[i].name) || loose_equal (name, reasons[i].display)) {
      *reason = reasons[i].code;
      return TRUE;
    }
  return pki_set_error_literal (error, PKI_ERROR_BAD_INPUT,
                                "unknown revocation reason '%s' (see pki_revoked_all_reasons)",
                                name);
}

/**
 * pki_revoked_get_reason:
 * @revoked: a #PkiRevoked
 *
 * The reasonCode of the entry.
 *
 * Returns: the reason, %PKI_CRL_REASON_NONE when the entry has none; a
 *   code RFC 5280 does not define comes back as it is (%G_MAXINT for an
 *   overlong one; a negative one reads as none).
 */
PkiCrlReason
pki_revoked_get_reason (PkiRevoked *revoked)
{
  g_autoptr (ASN1_ENUMERATED) e = NULL;
  long code;

  g_return_val_if_fail (revoked != NULL, PKI_CRL_REASON_NONE);
  e = X509_REVOKED_get_ext_d2i (revoked->rev, NID_crl_reason, NULL, NULL);
  code = e != NULL ? ASN1_ENUMERATED_get (e) : -1;
  ERR_clear_error ();
  /* A negative code reads as none, as OpenSSL's printing has it; an
   * overlong one is no code RFC 5280 defines either. */
  if (e == NULL || code < 0)
    return PKI_CRL_REASON_NONE;
  return code <= G_MAXINT ? (PkiCrlReason) code : (PkiCrlReason) G_MAXINT;
}

/**
 * pki_revoked_get_reason_name:
 * @revoked: a #PkiRevoked
 *
 * The reason as pyOpenSSL's `get_reason()` and `openssl crl -text` print
 * it ("Key Compromise").
 *
 * Returns: (transfer none) (nullable): the name, "Unknown" for a code RFC
 *   5280 does not define, or %NULL when the entry has no reason.
 */
const char *
pki_revoked_get_reason_name (PkiRevoked *revoked)
{
  PkiCrlReason reason;

  g_return_val_if_fail (revoked != NULL, NULL);
  reason = pki_revoked_get_reason (revoked);
  if (reason == PKI_CRL_REASON_NONE)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (reasons); i++)
    if (reasons[i].code == reason)
      return reasons[i].display;
  return "Unknown";
}

/* Removes every extension with @nid from @rev. */
static void
remove_entry_extension (X509_REVOKED *rev, int nid)
{
  int idx;
  while ((idx = X509_REVOKED_get_ext_by_NID (rev, nid, -1)) >= 0)
    X509_EXTENSION_free (X509_REVOKED_delete_ext (rev, idx));
}

static gboolean
set_reason (X509_REVOKED *rev, PkiCrlReason reason, GError **error)
{
  g_autoptr (ASN1_ENUMERATED) e = NULL;

  if (reason != PKI_CRL_REASON_NONE && pki_crl_reason_to_string (reason) == NULL)
    return pki_set_error_literal (error, PKI_ERROR_BAD_INPUT, "%d is not a CRL reason code",
                                  (int) reason);
  remove_entry_extension (rev, NID_crl_reason);
  if (reason == PKI_CRL_REASON_NONE)
    return TRUE;
  e = ASN1_ENUMERATED_new ();
  if (e == NULL || !ASN1_ENUMERATED_set (e, reason)
      || !X509_REVOKED_add1_ext_i2d (rev, NID_crl_reason, e, 0, 0))
    return pki_set_error (error, PKI_ERROR_FAILED, "setting the revocation reason failed");
  ERR_clear_error ();
  return TRUE;
}

/**
 * pki_revoked_set_reason:
 * @revoked: a #PkiRevoked
 * @reason: the reason, or %PKI_CRL_REASON_NONE to remove it
 * @error: return location for a #GError
 *
 * Sets the entry's reasonCode.
 *
 * Returns: %TRUE on success; %FALSE with %PKI_ERROR_BAD_INPUT for a code
 *   RFC 5280 does not define.
 */
gboolean
pki_revoked_set_reason (PkiRevoked *revoked, PkiCrlReason reason, GError **error)
{
  g_return_val_if_fail (revoked != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  return set_reason (revoked->rev, reason, error);
}

/**
 * pki_revoked_set_reason_name:
 * @revoked: a #PkiRevoked
 * @name: (nullable): a reason name (see pki_crl_reason_from_string()), or
 *   %NULL to remove the reason
 * @error: return location for a #GError
 *
 * Sets the reason by name, pyOpenSSL's `set_reason()`: "keyCompromise",
 * "Key Compromise" and "KEYCOMPROMISE" are the same.
 *
 * Returns: %TRUE on success; %FALSE with %PKI_ERROR_BAD_INPUT for an
 *   unknown name, leaving the entry unchanged.
 */
gboolean
pki_revoked_set_reason_name (PkiRevoked *revoked, const char *name, GError **error)
{
  PkiCrlReason reason = PKI_CRL_REASON_NONE;

  g_return_val_if_fail (revoked != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (name != NULL && !pki_crl_reason_from_string (name, &reason, error))
    return FALSE;
  return set_reason (revoked->rev, reason, error);
}

/**
 * pki_revoked_get_invalidity_date:
 * @revoked: a #PkiRevoked
 *
 * The invalidityDate entry extension: when the key is known or suspected
 * to have been compromised.
 *
 * Returns: (transfer full) (nullable): the date, or %NULL when absent.
 */
GDateTime *
pki_revoked_get_invalidity_date (PkiRevoked *revoked)
{
  g_autoptr (ASN1_GENERALIZEDTIME) t = NULL;

  g_return_val_if_fail (revoked != NULL, NULL);
  t = X509_REVOKED_get_ext_d2i (revoked->rev, NID_invalidity_date, NULL, NULL);
  ERR_clear_error ();
  return pki_asn1_time_to_datetime (t);
}

/**
 * pki_revoked_set_invalidity_date:
 * @revoked: a #PkiRevoked
 * @when: (nullable): the date, or %NULL to remove it
 * @error: return location for a #GError
 *
 * Sets the invalidityDate entry extension (a GeneralizedTime, as RFC 5280
 * 5.3.2 asks).
 *
 * Returns: %TRUE on success; %FALSE with %PKI_ERROR_BAD_INPUT for a date
 *   outside the years 0 to 9999.
 */
gboolean
pki_revoked_set_invalidity_date (PkiRevoked *revoked, GDateTime *when, GError **error)
{
  g_autoptr (ASN1_GENERALIZEDTIME) t = NULL;
  gint64 seconds;

  g_return_val_if_fail (revoked != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (when == NULL) {
    remove_entry_extension (revoked->rev, NID_invalidity_date);
    return TRUE;
  }
  seconds = g_date_time_to_unix (when);
  t = ASN1_GENERALIZEDTIME_adj (NULL, (time_t) seconds, 0, 0);
  if (t == NULL || g_date_time_get_year (when) > 9999)
    return pki_set_error_literal (error, PKI_ERROR_BAD_INPUT,
                                  "invalidity date is outside the years 0 to 9999");
  if (!X509_REVOKED_add1_ext_i2d (revoked->rev, NID_invalidity_date, t, 0, X509V3_ADD_REPLACE))
    return pki_set_error (error, PKI_ERROR_FAILED, "setting the invalidity date failed");
  ERR_clear_error ();
  return TRUE;
}

/**
 * pki_revoked_get_certificate_issuer:
 * @revoked: a #PkiRevoked
 * @error: return location for a #GError
 *
 * The certificateIssuer entry extension of an indirect CRL: who issued the
 * revoked certificate, when not the CRL's issuer.
 *
 * Returns: (transfer full) (element-type PkiGeneralName): the names (empty
 *   when the entry has none), or %NULL with %PKI_ERROR_BAD_INPUT when the
 *   extension is malformed.
 */
GPtrArray *
pki_revoked_get_certificate_issuer (PkiRevoked *revoked, GError **error)
{
  g_autoptr (PkiX509Extension) ext = NULL;
  int idx;

  g_return_val_if_fail (revoked != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  idx = X509_REVOKED_get_ext_by_NID (revoked->rev, NID_certificate_issuer, -1);
  if (idx < 0) {
    ERR_clear_error ();
    return g_ptr_array_new_with_free_func ((GDestroyNotify) pki_general_name_unref);
  }
  ext = pki_x509_extension_new_take (X509_EXTENSION_dup (X509_REVOKED_get_ext (revoked->rev,
                                                                              idx)));
  return pki_x509_extension_get_general_names (ext, error);
}

/* ====================================================================== */
/* The serial index */

/* The index maps serial numbers to entries: an open-addressing table of
 * 8-byte slots, each a 32-bit hash tag and a reference to the entry (its
 * offset in the DER list plus one for a loaded CRL, its position in the
 * X509_REVOKED stack plus one for a built one; 0 marks an empty slot).
 * Keys are not stored: they are read back from the entry when tags match,
 * so a million entries cost 16 MB of index.  Keys are serial magnitudes
 * (INTEGER content without leading zero octets; negative serials, which no
 * hex lookup can name, are not indexed). */
typedef struct {
  guint32 tag;
  guint32 ref;
} Slot;

typedef struct {
  Slot *slots;
  gsize mask;                  /* slots - 1, a power of two minus one */
  gsize count;
} SerialIndex;

/* Where the entries are: a loaded CRL's DER list, or a built CRL's stack. */
typedef struct {
  const guint8 *list;
  gsize list_len;
  const STACK_OF (X509_REVOKED) *stack;
} Entries;

static void
index_clear (SerialIndex *ix)
{
  g_clear_pointer (&ix->slots, g_free);
  ix->mask = 0;
  ix->count = 0;
}

/* Drops leading zero octets (DER's sign octet and any padding). */
static void
magnitude (const guint8 **p, gsize *len)
{
  while (*len > 1 && (*p)[0] == 0) {
    (*p)++;
    (*len)--;
  }
}

static guint64
hash_bytes (const guint8 *p, gsize len)
{
  guint64 h = G_GUINT64_CONSTANT (14695981039346656037);
  while (len-- > 0) {
    h ^= *p++;
    h *= G_GUINT64_CONSTANT (1099511628211);
  }
  return h ^ (h >> 29);
}

static gboolean der_header (const guint8 **p, const guint8 *end, guint8 *tag, gsize *len);

/* The key of entry @ref (FALSE for a negative serial). */
static gboolean
entry_key (const Entries *e, guint32 ref, const guint8 **key, gsize *len)
{
  static const guint8 zero[1];

  if (e->stack != NULL) {
    const ASN1_INTEGER *serial =
        X509_REVOKED_get0_serialNumber (sk_X509_REVOKED_value (e->stack, (int) ref - 1));
    if (ASN1_STRING_type (serial) != V_ASN1_INTEGER)
      return FALSE;
    *len = (gsize) ASN1_STRING_length (serial);
    *key = *len > 0 ? ASN1_STRING_get0_data (serial) : zero;
    *len = MAX (*len, 1);
  } else {
    const guint8 *p = e->list + ref - 1, *end = e->list + e->list_len;
    guint8 tag;
    gsize l;
    /* The entry was checked when the CRL was loaded. */
    der_header (&p, end, &tag, &l);
    der_header (&p, end, &tag, len);
    if (p[0] >= 0x80)
      return FALSE;
    *key = p;
  }
  magnitude (key, len);
  return TRUE;
}

/* Sizes an empty index for @n entries, at most half full. */
static void
index_init (SerialIndex *ix, gsize n)
{
  gsize cap = 16;
  index_clear (ix);
  while (cap < n * 2)
    cap <<= 1;
  ix->slots = g_new0 (Slot, cap);
  ix->mask = cap - 1;
}

/* Finds @key: the slot holding it, or the empty slot where it belongs. */
static Slot *
index_find (const SerialIndex *ix, const Entries *e, const guint8 *key, gsize len, guint64 h)
{
  guint32 tag = (guint32) (h >> 32);
  gsize i = h & ix->mask;

  for (;; i = (i + 1) & ix->mask) {
    Slot *slot = &ix->slots[i];
    const guint8 *k;
    gsize kl;
    if (slot->ref == 0
        || (slot->tag == tag && entry_key (e, slot->ref, &k, &kl) && kl == len
            && memcmp (k, key, len) == 0))
      return slot;
  }
}

static void index_put (SerialIndex *ix, const Entries *e, guint32 ref);

static void
index_grow (SerialIndex *ix, const Entries *e)
{
  Slot *old = g_steal_pointer (&ix->slots);
  gsize old_cap = ix->mask + 1;

  index_init (ix, old != NULL ? old_cap : 8);
  if (old == NULL)
    return;
  for (gsize i = 0; i < old_cap; i++)
    if (old[i].ref != 0)
      index_put (ix, e, old[i].ref);
  g_free (old);
}

/* Indexes entry @ref; a serial listed twice keeps its first entry, as
 * X509_CRL_get0_by_serial would find. */
static void
index_put (SerialIndex *ix, const Entries *e, guint32 ref)
{
  const guint8 *key;
  gsize len;
  guint64 h;
  Slot *slot;

  if (!entry_key (e, ref, &key, &len))
    return;
  if (ix->slots == NULL || (ix->count + 1) * 2 > ix->mask + 1)
    index_grow (ix, e);
  h = hash_bytes (key, len);
  slot = index_find (ix, e, key, len, h);
  if (slot->ref == 0) {
    *slot = (Slot) { (guint32) (h >> 32), ref };
    ix->count++;
  }
}

/* The reference of the entry for @key, or 0. */
static guint32
index_get (const SerialIndex *ix, const Entries *e, const guint8 *key, gsize len)
{
  if (ix->slots == NULL)
    return 0;
  magnitude (&key, &len);
  return index_find (ix, e, key, len, hash_bytes (key, len))->ref;
}

/* ====================================================================== */
/* DER walking */

/* Reads a tag and definite length at *p (bounded by @end); leaves *p at the
 * contents.  Only the forms DER allows. */
static gboolean
der_header (const guint8 **p, const guint8 *end, guint8 *tag, gsize *len)
{
  gsize l;

  if (end - *p < 2)
    return FALSE;
  *tag = *(*p)++;
  if ((*tag & 0x1f) == 0x1f)
    return FALSE;                    /* high tag numbers do not occur in a CRL */
  l = *(*p)++;
  if (l & 0x80) {
    guint n = l & 0x7f;
    if (n == 0 || n > 4 || (gsize) (end - *p) < n)
      return FALSE;
    for (l = 0; n > 0; n--)
      l = (l << 8) | *(*p)++;
  }
  if ((gsize) (end - *p) < l)
    return FALSE;
  *len = l;
  return TRUE;
}

/* Where the parts of a CertificateList lie in its DER. */
typedef struct {
  const guint8 *tbs;            /* the TBSCertList TLV, as signed */
  gsize tbs_len;
  const guint8 *entries;        /* the revokedCertificates TLV, or NULL */
  gsize entries_len;
  const guint8 *list;           /* its contents */
  gsize list_len;
} CrlLayout;

static gboolean
crl_layout (const guint8 *der, gsize len, CrlLayout *lay)
{
  const guint8 *p = der, *end = der + len, *tend, *start;
  guint8 tag;
  gsize l;

  memset (lay, 0, sizeof *lay);
  if (!der_header (&p, end, &tag, &l) || tag != 0x30 || p + l != end)
    return FALSE;                                    /* CertificateList */
  lay->tbs = p;
  if (!der_header (&p, end, &tag, &l) || tag != 0x30)
    return FALSE;                                    /* TBSCertList */
  tend = p + l;
  lay->tbs_len = (gsize) (tend - lay->tbs);
  if (!der_header (&p, tend, &tag, &l))
    return FALSE;
  if (tag == 0x02) {                                 /* version */
    p += l;
    if (!der_header (&p, tend, &tag, &l))
      return FALSE;
  }
  if (tag != 0x30)
    return FALSE;
  p += l;                                            /* signature */
  if (!der_header (&p, tend, &tag, &l) || tag != 0x30)
    return FALSE;
  p += l;                                            /* issuer */
  if (!der_header (&p, tend, &tag, &l) || (tag != 0x17 && tag != 0x18))
    return FALSE;
  p += l;                                            /* thisUpdate */
  if (p == tend)
    return TRUE;
  start = p;
  if (!der_header (&p, tend, &tag, &l))
    return FALSE;
  if (tag == 0x17 || tag == 0x18) {                  /* nextUpdate */
    p += l;
    if (p == tend)
      return TRUE;
    start = p;
    if (!der_header (&p, tend, &tag, &l))
      return FALSE;
  }
  if (tag == 0x30) {                                 /* revokedCertificates */
    lay->entries = start;
    lay->list = p;
    lay->list_len = l;
    lay->entries_len = (gsize) (p + l - start);
  }
  return TRUE;
}

/* Checks every entry of the revokedCertificates list and indexes it; FALSE
 * when one is malformed. */
static gboolean
index_der_entries (SerialIndex *ix, const CrlLayout *lay, gsize *count)
{
  const Entries e = { lay->list, lay->list_len, NULL };
  const guint8 *p, *end = lay->list + lay->list_len;
  guint8 tag;
  gsize l, n = 0;

  if (lay->list_len >= G_MAXUINT32)
    return FALSE;
  for (p = lay->list; p < end; p += l) {
    const guint8 *q;
    gsize sl;
    if (!der_header (&p, end, &tag, &l) || tag != 0x30)
      return FALSE;
    q = p;
    if (!der_header (&q, p + l, &tag, &sl) || tag != 0x02 || sl == 0)
      return FALSE;
    n++;
  }
  index_init (ix, n);
  for (p = lay->list; p < end; p += l) {
    guint32 ref = (guint32) (p - lay->list) + 1;
    der_header (&p, end, &tag, &l);
    index_put (ix, &e, ref);
  }
  *count = n;
  return TRUE;
}

/* Appends a DER length. */
static void
put_length (GByteArray *out, gsize len)
{
  guint8 buf[5];
  guint n = 0;

  if (len < 0x80) {
    buf[0] = (guint8) len;
    g_byte_array_append (out, buf, 1);
    return;
  }
  for (gsize l = len; l > 0; l >>= 8)
    n++;
  buf[0] = (guint8) (0x80 | n);
  for (guint i = 0; i < n; i++)
    buf[1 + i] = (guint8) (len >> (8 * (n - 1 - i)));
  g_byte_array_append (out, buf, n + 1);
}

/* Decodes the CRL without its entries: the header fields, extensions and
 * signature, at the cost of the header alone. */
static X509_CRL *
decode_header (const guint8 *der, gsize len, const CrlLayout *lay)
{
  g_autoptr (GByteArray) tbs = g_byte_array_new ();
  g_autoptr (GByteArray) all = g_byte_array_new ();
  const guint8 *tbs_body, *tbs_end = lay->tbs + lay->tbs_len;
  const guint8 *p = lay->tbs, *q;
  guint8 tag;
  gsize l;
  X509_CRL *crl;

  if (lay->entries == NULL) {
    q = der;
    return d2i_X509_CRL (NULL, &q, (long) len);
  }
  der_header (&p, tbs_end, &tag, &l);
  tbs_body = p;
  /* TBSCertList without revokedCertificates */
  g_byte_array_append (tbs, tbs_body, (guint) (lay->entries - tbs_body));
  g_byte_array_append (tbs, lay->entries + lay->entries_len,
                       (guint) (tbs_end - (lay->entries + lay->entries_len)));
  g_byte_array_append (all, (const guint8 *) "\x30", 1);
  put_length (all, tbs->len);
  g_byte_array_append (all, tbs->data, tbs->len);
  /* signatureAlgorithm and signatureValue as they are */
  g_byte_array_append (all, tbs_end, (guint) (der + len - tbs_end));
  {
    g_autoptr (GByteArray) outer = g_byte_array_new ();
    g_byte_array_append (outer, (const guint8 *) "\x30", 1);
    put_length (outer, all->len);
    g_byte_array_append (outer, all->data, all->len);
    q = outer->data;
    crl = d2i_X509_CRL (NULL, &q, (long) outer->len);
  }
  return crl;
}

/* ====================================================================== */
/* PkiCrl */

/* OPENSSL_free as a GDestroyNotify. */
static void
openssl_free (gpointer data)
{
  OPENSSL_free (data);
}

struct _PkiCrl {
  GMutex lock;                  /* guards the lazily built state below */
  X509_CRL *crl;                /* the full CRL, or NULL while lazy */
  X509_CRL *header;             /* lazy: the CRL without its entries */
  GBytes *der;                  /* lazy: the DER it came from */
  CrlLayout layout;             /* lazy: where the parts lie in @der */
  gsize entry_count;            /* lazy: how many entries @der has */
  SerialIndex index;            /* lazy: always; full: built on first lookup */
  gboolean index_valid;
  gint64 time_seconds;          /* pki_crl_add_serial's last revocation time, */
  ASN1_TIME *time;              /* kept to build millions of entries quickly */
};

static void
pki_crl_clear (PkiCrl *crl)
{
  X509_CRL_free (crl->crl);
  X509_CRL_free (crl->header);
  ASN1_TIME_free (crl->time);
  g_clear_pointer (&crl->der, g_bytes_unref);
  index_clear (&crl->index);
  g_mutex_clear (&crl->lock);
}

/**
 * pki_crl_ref:
 * @crl: a #PkiCrl
 *
 * Takes a reference on @crl.
 *
 * Returns: (transfer full): @crl
 */
/**
 * pki_crl_unref:
 * @crl: (nullable) (transfer full): a #PkiCrl
 *
 * Releases a reference on @crl.  %NULL is ignored.
 */
/**
 * pki_crl_get_type:
 *
 * The boxed #GType of #PkiCrl (copying takes a reference).
 *
 * Returns: the #GType.
 */
PKI_DEFINE_BOXED (PkiCrl, pki_crl, pki_crl_clear)

static PkiCrl *
crl_alloc (void)
{
  PkiCrl *crl = g_atomic_rc_box_new0 (PkiCrl);
  g_mutex_init (&crl->lock);
  return crl;
}

/* The X509_CRL the header fields are read from. */
static X509_CRL *
head (PkiCrl *crl)
{
  return crl->crl != NULL ? crl->crl : crl->header;
}

/* Decodes every entry of a lazy CRL; the caller holds the lock.  The DER
 * was already fully walked, but d2i may still refuse an entry's contents. */
static gboolean
materialize_locked (PkiCrl *crl, GError **error)
{
  const guint8 *p;
  gsize len;
  X509_CRL *full;

  if (crl->crl != NULL)
    return TRUE;
  p = g_bytes_get_data (crl->der, &len);
  full = d2i_X509_CRL (NULL, &p, (long) len);
  if (full == NULL)
    return pki_set_error (error, PKI_ERROR_BAD_INPUT, "decoding the CRL's entries failed");
  crl->crl = full;
  g_clear_pointer (&crl->header, X509_CRL_free);
  g_clear_pointer (&crl->der, g_bytes_unref);
  memset (&crl->layout, 0, sizeof crl->layout);
  index_clear (&crl->index);
  crl->index_valid = FALSE;
  ERR_clear_error ();
  return TRUE;
}

static gboolean
materialize (PkiCrl *crl, GError **error)
{
  gboolean ok;
  g_mutex_lock (&crl->lock);
  ok = materialize_locked (crl, error);
  g_mutex_unlock (&crl->lock);
  return ok;
}

/* Marks the full CRL changed, so the encoding it was decoded from is not
 * written back: OpenSSL 3.0's CRL header setters do not, only adding
 * entries and signing do.  (pki_crl_sign uses the setters' inner halves,
 * so signing a million entries encodes them once, not twice.) */
static void
touch (PkiCrl *crl)
{
  i2d_re_X509_CRL_tbs (crl->crl, NULL);
  ERR_clear_error ();
}

PkiCrl *
pki_crl_new_take (X509_CRL *x)
{
  PkiCrl *crl = crl_alloc ();
  crl->crl = x;
  return crl;
}

X509_CRL *
pki_crl_get_ossl (PkiCrl *crl, GError **error)
{
  return materialize (crl, error) ? crl->crl : NULL;
}

/**
 * pki_crl_new:
 *
 * Makes an empty version 2 CRL to fill in and sign, pyOpenSSL's `CRL()`.
 *
 * Returns: (transfer full): the new CRL.
 */
PkiCrl *
pki_crl_new (void)
{
  PkiCrl *crl = crl_alloc ();
  crl->crl = X509_CRL_new_ex (pki_libctx (), NULL);
  g_assert (crl->crl != NULL);
  X509_CRL_set_version (crl->crl, X509_CRL_VERSION_2);
  return crl;
}

static PkiCrl *
load_der (GBytes *der, GError **error)
{
  g_autoptr (PkiCrl) crl = crl_alloc ();
  gsize len;
  const guint8 *data = g_bytes_get_data (der, &len);

  if (len <= G_MAXLONG && crl_layout (data, len, &crl->layout)
      && index_der_entries (&crl->index, &crl->layout, &crl->entry_count)
      && (crl->header = decode_header (data, len, &crl->layout)) != NULL) {
    crl->der = g_bytes_ref (der);
    crl->index_valid = TRUE;
    ERR_clear_error ();
    return g_steal_pointer (&crl);
  }
  /* Not plain DER (BER lengths, say, which OpenSSL reads too): decode it
   * all the ordinary way. */
  index_clear (&crl->index);
  memset (&crl->layout, 0, sizeof crl->layout);
  crl->entry_count = 0;
  if (len <= G_MAXLONG) {
    const guint8 *p = data;
    crl->crl = d2i_X509_CRL (NULL, &p, (long) len);
    if (crl->crl != NULL && p != data + len)
      g_clear_pointer (&crl->crl, X509_CRL_free);
  }
  if (crl->crl == NULL) {
    pki_set_error (error, PKI_ERROR_BAD_INPUT, "loading CRL: not a DER CRL");
    return NULL;
  }
  ERR_clear_error ();
  return g_steal_pointer (&crl);
}

/**
 * pki_crl_load:
 * @type: %PKI_FILETYPE_PEM or %PKI_FILETYPE_ASN1
 * @data: (array length=len): the encoded CRL
 * @len: the length of @data
 * @error: return location for a #GError
 *
 * Loads a CRL, pyOpenSSL's `load_crl`: in PEM the first `X509 CRL` block, in
 * DER exactly one CRL.  The entries are indexed, not decoded (see
 * #PkiCrl); a malformed entry is found now, a bad value inside one when the
 * entries are decoded.
 *
 * Returns: (transfer full): the CRL, or %NULL with %PKI_ERROR_BAD_INPUT.
 */
PkiCrl *
pki_crl_load (PkiFiletype type, const guint8 *data, gsize len, GError **error)
{
  g_autoptr (GBytes) der = NULL;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!pki_check_load_input (type, len, "loading CRL", error))
    return NULL;
  if (type == PKI_FILETYPE_PEM) {
    g_autoptr (BIO) bio = BIO_new_mem_buf (data, (int) len);
    unsigned char *body = NULL;
    long body_len = 0;
    char *name = NULL, *header = NULL;
    gboolean found = FALSE;

    while (!found && PEM_read_bio (bio, &name, &header, &body, &body_len)) {
      found = strcmp (name, PEM_STRING_X509_CRL) == 0;
      if (found)
        der = g_bytes_new (body, (gsize) body_len);
      OPENSSL_free (name);
      OPENSSL_free (header);
      OPENSSL_free (body);
    }
    if (!found) {
      pki_set_error_literal (error, PKI_ERROR_BAD_INPUT,
                             "loading CRL: no PEM X509 CRL block in the input");
      return NULL;
    }
  } else {
    der = g_bytes_new (data, len);
  }
  return load_der (der, error);
}

/**
 * pki_crl_dump:
 * @crl: a #PkiCrl
 * @type: %PKI_FILETYPE_PEM, %PKI_FILETYPE_ASN1 or %PKI_FILETYPE_TEXT
 * @error: return location for a #GError
 *
 * Dumps the CRL, pyOpenSSL's `dump_crl`: PEM, DER (a loaded CRL is written
 * back byte for byte) or the text `openssl crl -text -noout` prints.
 *
 * Returns: (transfer full): the encoded CRL, or %NULL with @error set.
 */
GBytes *
pki_crl_dump (PkiCrl *crl, PkiFiletype type, GError **error)
{
  g_autoptr (BIO) bio = BIO_new (BIO_s_mem ());
  int ok;

  g_return_val_if_fail (crl != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!pki_check_filetype (type, TRUE, "dumping CRL", error))
    return NULL;
  g_mutex_lock (&crl->lock);
  if (crl->der != NULL && type == PKI_FILETYPE_ASN1) {
    GBytes *out = g_bytes_ref (crl->der);
    g_mutex_unlock (&crl->lock);
    return out;
  }
  if (crl->der != NULL && type == PKI_FILETYPE_PEM) {
    gsize len;
    const guint8 *data = g_bytes_get_data (crl->der, &len);
    ok = PEM_write_bio (bio, PEM_STRING_X509_CRL, "", data, (long) len);
  } else if (!materialize_locked (crl, error)) {
    g_mutex_unlock (&crl->lock);
    return NULL;
  } else if (type == PKI_FILETYPE_PEM) {
    ok = PEM_write_bio_X509_CRL (bio, crl->crl);
  } else if (type == PKI_FILETYPE_ASN1) {
    /* Straight into one buffer: a BIO would hold a second copy of a DER
     * that may be tens of megabytes. */
    unsigned char *der = NULL;
    int len = i2d_X509_CRL (crl->crl, &der);
    g_mutex_unlock (&crl->lock);
    if (len <= 0) {
      pki_set_error (error, PKI_ERROR_FAILED, "dumping CRL failed");
      return NULL;
    }
    ERR_clear_error ();
    return g_bytes_new_with_free_func (der, (gsize) len, openssl_free, der);
  } else {
    ok = X509_CRL_print_ex (bio, crl->crl, XN_FLAG_ONELINE);
  }
  g_mutex_unlock (&crl->lock);
  return pki_bio_dump_result (bio, ok > 0, "dumping CRL", error);
}

/* ---------------------------------------------------------------------- */
/* Header fields */

/**
 * pki_crl_get_version:
 * @crl: a #PkiCrl
 *
 * The version field: 0 for v1, 1 for v2.
 *
 * Returns: the version number, or -1 for a malformed one.
 */
gint
pki_crl_get_version (PkiCrl *crl)
{
  long v;

  g_return_val_if_fail (crl != NULL, -1);
  v = X509_CRL_get_version (head (crl));
  return v >= 0 && v <= G_MAXINT ? (gint) v : -1;
}

/**
 * pki_crl_get_issuer:
 * @crl: a #PkiCrl
 *
 * The issuer's name.
 *
 * Returns: (transfer full): a copy of the issuer name.
 */
PkiX509Name *
pki_crl_get_issuer (PkiCrl *crl)
{
  X509_NAME *n;

  g_return_val_if_fail (crl != NULL, NULL);
  n = X509_NAME_dup (X509_CRL_get_issuer (head (crl)));
  g_assert (n != NULL);
  return pki_x509_name_new_take (n);
}

static gboolean
set_issuer (PkiCrl *crl, PkiX509Name *name, GError **error)
{
  if (!materialize (crl, error))
    return FALSE;
  if (!X509_CRL_set_issuer_name (crl->crl, pki_x509_name_get_ossl (name)))
    return pki_set_error (error, PKI_ERROR_FAILED, "setting the CRL issuer failed");
  ERR_clear_error ();
  return TRUE;
}

/**
 * pki_crl_set_issuer:
 * @crl: a #PkiCrl
 * @name: the issuer (copied)
 * @error: return location for a #GError
 *
 * Sets the issuer name (pki_crl_sign() sets it from the issuer certificate).
 *
 * Returns: %TRUE on success; %FALSE with @error set.
 */
gboolean
pki_crl_set_issuer (PkiCrl *crl, PkiX509Name *name, GError **error)
{
  g_return_val_if_fail (crl != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!set_issuer (crl, name, error))
    return FALSE;
  touch (crl);
  return TRUE;
}

static const ASN1_TIME *
crl_time (PkiCrl *crl, gboolean next)
{
  const ASN1_TIME *t = next ? X509_CRL_get0_nextUpdate (head (crl))
                            : X509_CRL_get0_lastUpdate (head (crl));
  return t != NULL && ASN1_STRING_length (t) > 0 ? t : NULL;
}

/**
 * pki_crl_get_last_update:
 * @crl: a #PkiCrl
 *
 * When the CRL was issued (thisUpdate).
 *
 * Returns: (transfer full) (nullable): the time in UTC, or %NULL when unset.
 */
GDateTime *
pki_crl_get_last_update (PkiCrl *crl)
{
  g_return_val_if_fail (crl != NULL, NULL);
  return pki_asn1_time_to_datetime (crl_time (crl, FALSE));
}

/**
 * pki_crl_get_next_update:
 * @crl: a #PkiCrl
 *
 * When the next CRL is due (nextUpdate).
 *
 * Returns: (transfer full) (nullable): the time in UTC, or %NULL when absent.
 */
GDateTime *
pki_crl_get_next_update (PkiCrl *crl)
{
  g_return_val_if_fail (crl != NULL, NULL);
  return pki_asn1_time_to_datetime (crl_time (crl, TRUE));
}

static gboolean
set_crl_time (PkiCrl *crl, gboolean next, GDateTime *when, GError **error)
{
  g_autoptr (ASN1_TIME) t = NULL;
  int ok;

  if (!materialize (crl, error))
    return FALSE;
  t = pki_asn1_time_from_datetime (when, error);
  if (t == NULL)
    return FALSE;
  ok = next ? X509_CRL_set1_nextUpdate (crl->crl, t) : X509_CRL_set1_lastUpdate (crl->crl, t);
  if (!ok)
    return pki_set_error (error, PKI_ERROR_FAILED, "setting the CRL time failed");
  touch (crl);
  return TRUE;
}

/**
 * pki_crl_set_last_update:
 * @crl: a #PkiCrl
 * @when: the issue time
 * @error: return location for a #GError
 *
 * Sets thisUpdate, pyOpenSSL's `set_lastUpdate()` (pki_crl_export() sets
 * it to now).
 *
 * Returns: %TRUE on success; %FALSE with @error set.
 */
gboolean
pki_crl_set_last_update (PkiCrl *crl, GDateTime *when, GError **error)
{
  g_return_val_if_fail (crl != NULL, FALSE);
  g_return_val_if_fail (when != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  return set_crl_time (crl, FALSE, when, error);
}

/**
 * pki_crl_set_next_update:
 * @crl: a #PkiCrl
 * @when: when the next CRL is due
 * @error: return location for a #GError
 *
 * Sets nextUpdate, pyOpenSSL's `set_nextUpdate()`.
 *
 * Returns: %TRUE on success; %FALSE with @error set.
 */
gboolean
pki_crl_set_next_update (PkiCrl *crl, GDateTime *when, GError **error)
{
  g_return_val_if_fail (crl != NULL, FALSE);
  g_return_val_if_fail (when != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  return set_crl_time (crl, TRUE, when, error);
}

static gchar *
integer_extension (PkiCrl *crl, int nid)
{
  g_autoptr (ASN1_INTEGER) n = X509_CRL_get_ext_d2i (head (crl), nid, NULL, NULL);
  ERR_clear_error ();
  return n != NULL ? pki_asn1_integer_to_hex (n) : NULL;
}

/**
 * pki_crl_get_crl_number:
 * @crl: a #PkiCrl
 *
 * The cRLNumber extension: the CRL's sequence number, in hex.
 *
 * Returns: (transfer full) (nullable): the number, or %NULL when absent.
 */
gchar *
pki_crl_get_crl_number (PkiCrl *crl)
{
  g_return_val_if_fail (crl != NULL, NULL);
  return integer_extension (crl, NID_crl_number);
}

static gboolean
set_number (PkiCrl *crl, ASN1_INTEGER *n, GError **error)
{
  if (!materialize (crl, error))
    return FALSE;
  if (!X509_CRL_add1_ext_i2d (crl->crl, NID_crl_number, n, 0, X509V3_ADD_REPLACE))
    return pki_set_error (error, PKI_ERROR_FAILED, "setting the CRL number failed");
  ERR_clear_error ();
  return TRUE;
}

/**
 * pki_crl_set_crl_number:
 * @crl: a #PkiCrl
 * @hex: the number in hex (at most 20 octets, RFC 5280 5.2.3)
 * @error: return location for a #GError
 *
 * Sets the cRLNumber extension.  pki_crl_sign() sets 1 when there is none.
 *
 * Returns: %TRUE on success; %FALSE with %PKI_ERROR_BAD_INPUT.
 */
gboolean
pki_crl_set_crl_number (PkiCrl *crl, const char *hex, GError **error)
{
  g_autoptr (ASN1_INTEGER) n = NULL;

  g_return_val_if_fail (crl != NULL, FALSE);
  g_return_val_if_fail (hex != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  n = pki_asn1_integer_from_hex (hex, error);
  if (n == NULL || !set_number (crl, n, error))
    return FALSE;
  touch (crl);
  return TRUE;
}

/**
 * pki_crl_get_delta_crl_indicator:
 * @crl: a #PkiCrl
 *
 * The deltaCRLIndicator extension: when present the CRL is a delta CRL and
 * this is the number of the base CRL it updates.
 *
 * Returns: (transfer full) (nullable): the base CRL number in hex, or %NULL
 *   for a complete CRL.
 */
gchar *
pki_crl_get_delta_crl_indicator (PkiCrl *crl)
{
  g_return_val_if_fail (crl != NULL, NULL);
  return integer_extension (crl, NID_delta_crl);
}

/**
 * pki_crl_get_authority_key_identifier:
 * @crl: a #PkiCrl
 *
 * The key identifier of the authorityKeyIdentifier extension: which of the
 * issuer's keys signed the CRL.
 *
 * Returns: (transfer full) (nullable): the key identifier, or %NULL when
 *   absent.
 */
GBytes *
pki_crl_get_authority_key_identifier (PkiCrl *crl)
{
  AUTHORITY_KEYID *akid;
  GBytes *out = NULL;

  g_return_val_if_fail (crl != NULL, NULL);
  akid = X509_CRL_get_ext_d2i (head (crl), NID_authority_key_identifier, NULL, NULL);
  if (akid != NULL && akid->keyid != NULL)
    out = g_bytes_new (ASN1_STRING_get0_data (akid->keyid),
                       (gsize) ASN1_STRING_length (akid->keyid));
  AUTHORITY_KEYID_free (akid);
  ERR_clear_error ();
  return out;
}

/**
 * pki_crl_get_extension_count:
 * @crl: a #PkiCrl
 *
 * The number of CRL extensions (not counting entry extensions).
 *
 * Returns: the count.
 */
guint
pki_crl_get_extension_count (PkiCrl *crl)
{
  g_return_val_if_fail (crl != NULL, 0);
  return (guint) MAX (X509_CRL_get_ext_count (head (crl)), 0);
}

/**
 * pki_crl_get_extension:
 * @crl: a #PkiCrl
 * @index: the extension's position, from 0
 * @error: return location for a #GError
 *
 * A CRL extension by position.
 *
 * Returns: (transfer full): a copy of the extension, or %NULL with
 *   %PKI_ERROR_BAD_INPUT when @index is past the last one.
 */
PkiX509Extension *
pki_crl_get_extension (PkiCrl *crl, guint index, GError **error)
{
  X509_EXTENSION *ext;

  g_return_val_if_fail (crl != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (index >= pki_crl_get_extension_count (crl)) {
    pki_set_error_literal (error, PKI_ERROR_BAD_INPUT,
                           "the CRL has %u extensions; there is no extension %u",
                           pki_crl_get_extension_count (crl), index);
    return NULL;
  }
  ext = X509_EXTENSION_dup (X509_CRL_get_ext (head (crl), (int) index));
  g_assert (ext != NULL);
  return pki_x509_extension_new_take (ext);
}

/* ---------------------------------------------------------------------- */
/* Entries */

/* Adds @rev (taken) to a full CRL, keeping a valid index up to date. */
static gboolean
add_entry_locked (PkiCrl *crl, X509_REVOKED *rev, GError **error)
{
  STACK_OF (X509_REVOKED) *list;
  Entries e = { NULL, 0, NULL };

  if (!X509_CRL_add0_revoked (crl->crl, rev)) {
    X509_REVOKED_free (rev);
    return pki_set_error (error, PKI_ERROR_FAILED, "adding the CRL entry failed");
  }
  if (crl->index_valid) {
    list = X509_CRL_get_REVOKED (crl->crl);
    e.stack = list;
    index_put (&crl->index, &e, (guint32) sk_X509_REVOKED_num (list));
  }
  return TRUE;
}

static gboolean
check_entry (X509_REVOKED *rev, GError **error)
{
  const ASN1_TIME *t = X509_REVOKED_get0_revocationDate (rev);
  if (ASN1_STRING_length (X509_REVOKED_get0_serialNumber (rev)) == 0)
    return pki_set_error_literal (error, PKI_ERROR_BAD_INPUT, "the CRL entry has no serial number");
  if (t == NULL || ASN1_STRING_length (t) == 0)
    return pki_set_error_literal (error, PKI_ERROR_BAD_INPUT,
                                  "the CRL entry has no revocation date");
  return TRUE;
}

/**
 * pki_crl_add_revoked:
 * @crl: a #PkiCrl
 * @revoked: the entry (copied)
 * @error: return location for a #GError
 *
 * Adds an entry, pyOpenSSL's `add_revoked()`: the CRL keeps a copy, so
 * changing @revoked later does not change the CRL.
 *
 * Returns: %TRUE on success; %FALSE with %PKI_ERROR_BAD_INPUT for an entry
 *   without a serial number or revocation date.
 */
gboolean
pki_crl_add_revoked (PkiCrl *crl, PkiRevoked *revoked, GError **error)
{
  gboolean ok;

  g_return_val_if_fail (crl != NULL, FALSE);
  g_return_val_if_fail (revoked != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_entry (revoked->rev, error))
    return FALSE;
  g_mutex_lock (&crl->lock);
  ok = materialize_locked (crl, error)
       && add_entry_locked (crl, X509_REVOKED_dup (revoked->rev), error);
  g_mutex_unlock (&crl->lock);
  ERR_clear_error ();
  return ok;
}

/**
 * pki_crl_add_serial:
 * @crl: a #PkiCrl
 * @hex: the revoked certificate's serial number in hex
 * @when: (nullable): the revocation date; %NULL means now
 * @reason: the reason, or %PKI_CRL_REASON_NONE
 * @error: return location for a #GError
 *
 * Adds an entry without making a #PkiRevoked first: the fast way to build
 * CRLs with millions of entries.
 *
 * Returns: %TRUE on success; %FALSE with %PKI_ERROR_BAD_INPUT for a bad
 *   serial number or reason.
 */
gboolean
pki_crl_add_serial (PkiCrl *crl, const char *hex, GDateTime *when, PkiCrlReason reason,
                    GError **error)
{
  g_autoptr (X509_REVOKED) rev = NULL;
  guint8 serial[20];
  gsize serial_len;
  gint64 seconds;
  gboolean ok;

  g_return_val_if_fail (crl != NULL, FALSE);
  g_return_val_if_fail (hex != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!pki_serial_parse (hex, serial, &serial_len, error))
    return FALSE;
  rev = X509_REVOKED_new ();
  g_assert (rev != NULL);
  /* The serial is set in place: X509_REVOKED_set_serialNumber would copy
   * an ASN1_INTEGER made only for it. */
  if (!ASN1_STRING_set ((ASN1_INTEGER *) X509_REVOKED_get0_serialNumber (rev), serial,
                        (int) serial_len))
    return pki_set_error (error, PKI_ERROR_FAILED, "making the CRL entry failed");
  if (reason != PKI_CRL_REASON_NONE && !set_reason (rev, reason, error))
    return FALSE;
  seconds = when != NULL ? g_date_time_to_unix (when) : g_get_real_time () / G_USEC_PER_SEC;

  g_mutex_lock (&crl->lock);
  ok = materialize_locked (crl, error);
  if (ok && (crl->time == NULL || crl->time_seconds != seconds)) {
    ASN1_TIME *t = pki_asn1_time_from_unix (seconds, error);
    ok = t != NULL;
    if (ok) {
      ASN1_TIME_free (crl->time);
      crl->time = t;
      crl->time_seconds = seconds;
    }
  }
  ok = ok && X509_REVOKED_set_revocationDate (rev, crl->time)
       && add_entry_locked (crl, g_steal_pointer (&rev), error);
  g_mutex_unlock (&crl->lock);
  return ok;
}

/**
 * pki_crl_get_revoked_count:
 * @crl: a #PkiCrl
 *
 * The number of entries, without decoding them.
 *
 * Returns: the entry count.
 */
guint
pki_crl_get_revoked_count (PkiCrl *crl)
{
  guint n;

  g_return_val_if_fail (crl != NULL, 0);
  g_mutex_lock (&crl->lock);
  n = crl->crl != NULL ? (guint) MAX (sk_X509_REVOKED_num (X509_CRL_get_REVOKED (crl->crl)), 0)
                       : (guint) crl->entry_count;
  g_mutex_unlock (&crl->lock);
  return n;
}

/* Decodes one entry of a lazy CRL's DER. */
static PkiRevoked *
decode_entry (const guint8 *der, gsize len, GError **error)
{
  const guint8 *p = der;
  X509_REVOKED *rev = d2i_X509_REVOKED (NULL, &p, (long) len);

  if (rev == NULL || p != der + len) {
    X509_REVOKED_free (rev);
    pki_set_error (error, PKI_ERROR_BAD_INPUT, "a CRL entry is malformed");
    return NULL;
  }
  return revoked_new_take (rev);
}

/**
 * pki_crl_get_revoked:
 * @crl: a #PkiCrl
 * @error: return location for a #GError
 *
 * Every entry in order, pyOpenSSL's `get_revoked()`, but an empty list
 * rather than %NULL when there are none.  Each is a copy.  For one serial
 * number use pki_crl_lookup(), which does not decode the whole list.
 *
 * Returns: (transfer full) (element-type PkiRevoked): the entries, or
 *   %NULL with %PKI_ERROR_BAD_INPUT when an entry of a loaded CRL is
 *   malformed.
 */
GPtrArray *
pki_crl_get_revoked (PkiCrl *crl, GError **error)
{
  g_autoptr (GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) pki_revoked_unref);

  g_return_val_if_fail (crl != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  g_mutex_lock (&crl->lock);
  if (crl->crl != NULL) {
    STACK_OF (X509_REVOKED) *list = X509_CRL_get_REVOKED (crl->crl);
    for (int i = 0; i < sk_X509_REVOKED_num (list); i++)
      g_ptr_array_add (out, revoked_new_take (X509_REVOKED_dup (sk_X509_REVOKED_value (list, i))));
  } else {
    const guint8 *p = crl->layout.list, *end = p + crl->layout.list_len;
    while (p < end) {
      const guint8 *entry = p;
      PkiRevoked *r;
      guint8 tag;
      gsize l;
      der_header (&p, end, &tag, &l);     /* walked when loaded */
      p += l;
      r = decode_entry (entry, (gsize) (p - entry), error);
      if (r == NULL) {
        g_mutex_unlock (&crl->lock);
        return NULL;
      }
      g_ptr_array_add (out, r);
    }
  }
  g_mutex_unlock (&crl->lock);
  ERR_clear_error ();
  return g_steal_pointer (&out);
}

/**
 * pki_crl_lookup:
 * @crl: a #PkiCrl
 * @hex: a serial number in hex
 * @error: return location for a #GError
 *
 * Finds the entry for a serial number in constant time on average, through
 * a hash index over the serial numbers (built when the CRL was loaded, or
 * on the first lookup of a CRL built in memory).  pyOpenSSL had no lookup;
 * OpenSSL's sorts the whole list first.
 *
 * Returns: (transfer full) (nullable): a copy of the entry; %NULL without
 *   an error when the serial number is not revoked; %NULL with
 *   %PKI_ERROR_BAD_INPUT for text that is not a serial number.
 */
PkiRevoked *
pki_crl_lookup (PkiCrl *crl, const char *hex, GError **error)
{
  guint8 key[20];
  gsize len;
  Entries e;
  guint32 ref;
  PkiRevoked *out = NULL;

  g_return_val_if_fail (crl != NULL, NULL);
  g_return_val_if_fail (hex != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!pki_serial_parse (hex, key, &len, error))
    return NULL;
  g_mutex_lock (&crl->lock);
  e.list = crl->layout.list;
  e.list_len = crl->layout.list_len;
  e.stack = crl->crl != NULL ? X509_CRL_get_REVOKED (crl->crl) : NULL;
  if (!crl->index_valid) {
    int n = sk_X509_REVOKED_num (e.stack);
    index_init (&crl->index, (gsize) MAX (n, 0));
    for (int i = 0; i < n; i++)
      index_put (&crl->index, &e, (guint32) i + 1);
    crl->index_valid = TRUE;
  }
  ref = index_get (&crl->index, &e, key, len);
  if (ref != 0 && e.stack != NULL) {
    out = revoked_new_take (X509_REVOKED_dup (sk_X509_REVOKED_value (e.stack, (int) ref - 1)));
  } else if (ref != 0) {
    const guint8 *p = e.list + ref - 1, *start = p;
    guint8 tag;
    gsize l;
    der_header (&p, e.list + e.list_len, &tag, &l);
    out = decode_entry (start, (gsize) (p + l - start), error);
  }
  g_mutex_unlock (&crl->lock);
  ERR_clear_error ();
  return out;
}

/**
 * pki_crl_lookup_certificate:
 * @crl: a #PkiCrl
 * @cert: a certificate
 * @error: return location for a #GError
 *
 * Finds the entry for @cert's serial number.  The issuer is not compared:
 * check that @crl comes from @cert's issuer first.
 *
 * Returns: (transfer full) (nullable): a copy of the entry, or %NULL when
 *   @cert is not revoked.
 */
PkiRevoked *
pki_crl_lookup_certificate (PkiCrl *crl, PkiX509 *cert, GError **error)
{
  g_autofree gchar *serial = NULL;

  g_return_val_if_fail (crl != NULL, NULL);
  g_return_val_if_fail (cert != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  serial = pki_x509_get_serial (cert);
  if (serial[0] == '-') {
    pki_set_error_literal (error, PKI_ERROR_BAD_INPUT,
                           "the certificate has a negative serial number");
    return NULL;
  }
  return pki_crl_lookup (crl, serial, error);
}

/* ---------------------------------------------------------------------- */
/* Signatures */

/**
 * pki_crl_sign:
 * @crl: a #PkiCrl
 * @issuer: the issuing CA's certificate
 * @issuer_key: the CA's private key
 * @digest: (nullable): the digest; %NULL means SHA-256 (and must be %NULL
 *   for Ed25519 and Ed448)
 * @error: return location for a #GError
 *
 * Signs the CRL as an RFC 5280 version 2 CRL: the issuer name comes from
 * @issuer, an authorityKeyIdentifier from @issuer's key, a cRLNumber of 1
 * when none was set, thisUpdate now when unset.  The entries keep the
 * order they were added in.
 *
 * Returns: %TRUE on success; %FALSE with @error set:
 *   %PKI_ERROR_BAD_INPUT when @issuer_key does not match @issuer, and the
 *   errors of pki_x509_sign().
 */
gboolean
pki_crl_sign (PkiCrl *crl, PkiX509 *issuer, PkiPKey *issuer_key, const char *digest,
              GError **error)
{
  g_autoptr (EVP_MD_CTX) mctx = NULL;
  g_autoptr (PkiPKey) issuer_pub = NULL;
  g_autoptr (PkiX509Name) issuer_name = NULL;
  g_autoptr (PkiX509Extension) akid = NULL;
  g_autoptr (GDateTime) now = NULL;
  X509_EXTENSION *ext;
  int idx;

  g_return_val_if_fail (crl != NULL, FALSE);
  g_return_val_if_fail (issuer != NULL, FALSE);
  g_return_val_if_fail (issuer_key != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  issuer_pub = pki_x509_get_pubkey (issuer, error);
  if (issuer_pub == NULL)
    return FALSE;
  if (!pki_pkey_public_equal (issuer_pub, issuer_key))
    return pki_set_error_literal (error, PKI_ERROR_BAD_INPUT,
                                  "signing CRL: the key does not match the issuer certificate");
  mctx = pki_digest_sign_new (issuer_key, digest, "signing CRL", error);
  if (mctx == NULL)
    return FALSE;
  issuer_name = pki_x509_get_subject (issuer);
  if (!set_issuer (crl, issuer_name, error))
    return FALSE;
  akid = pki_x509_authority_key_id (issuer, error);
  if (akid == NULL)
    return FALSE;

  g_mutex_lock (&crl->lock);
  X509_CRL_set_version (crl->crl, X509_CRL_VERSION_2);
  while ((idx = X509_CRL_get_ext_by_NID (crl->crl, NID_authority_key_identifier, -1)) >= 0)
    X509_EXTENSION_free (X509_CRL_delete_ext (crl->crl, idx));
  ext = pki_x509_extension_get_ossl (akid);
  X509_CRL_add_ext (crl->crl, ext, -1);
  g_mutex_unlock (&crl->lock);
  if (X509_CRL_get_ext_by_NID (crl->crl, NID_crl_number, -1) < 0) {
    g_autoptr (ASN1_INTEGER) one = ASN1_INTEGER_new ();
    if (one == NULL || !ASN1_INTEGER_set (one, 1) || !set_number (crl, one, error))
      return one == NULL ? pki_set_error (error, PKI_ERROR_FAILED, "signing CRL failed") : FALSE;
  }
  if (crl_time (crl, FALSE) == NULL) {
    g_autoptr (ASN1_TIME) t = NULL;
    now = g_date_time_new_now_utc ();
    t = pki_asn1_time_from_datetime (now, error);
    if (t == NULL || !X509_CRL_set1_lastUpdate (crl->crl, t))
      return t == NULL ? FALSE : pki_set_error (error, PKI_ERROR_FAILED, "signing CRL failed");
  }
  g_mutex_lock (&crl->lock);
  /* Entries stay in the order they were added: RFC 5280 asks for none,
   * and sorting a million entries scattered in memory costs seconds of
   * cache misses.  (X509_CRL_sign_ctx does not sort either.) */
  idx = X509_CRL_sign_ctx (crl->crl, mctx);
  index_clear (&crl->index);
  crl->index_valid = FALSE;
  g_mutex_unlock (&crl->lock);
  return pki_check_ossl (idx > 0, error, PKI_ERROR_FAILED, "signing CRL failed");
}

/**
 * pki_crl_export:
 * @crl: a #PkiCrl
 * @issuer: the issuing CA's certificate
 * @issuer_key: the CA's private key
 * @type: %PKI_FILETYPE_PEM, %PKI_FILETYPE_ASN1 or %PKI_FILETYPE_TEXT
 * @days: days until nextUpdate (at least 1)
 * @digest: (nullable): the digest; %NULL means SHA-256 (pyOpenSSL's default
 *   was MD5)
 * @error: return location for a #GError
 *
 * pyOpenSSL's `CRL.export()`: sets thisUpdate to now and nextUpdate @days
 * later, signs with pki_crl_sign() and dumps.
 *
 * Returns: (transfer full): the encoded CRL, or %NULL with @error set.
 */
GBytes *
pki_crl_export (PkiCrl *crl, PkiX509 *issuer, PkiPKey *issuer_key, PkiFiletype type, guint days,
                const char *digest, GError **error)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr (GDateTime) next = NULL;

  g_return_val_if_fail (crl != NULL, NULL);
  g_return_val_if_fail (issuer != NULL, NULL);
  g_return_val_if_fail (issuer_key != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!pki_check_filetype (type, TRUE, "exporting CRL", error))
    return NULL;
  if (days == 0 || days > 3650000) {
    pki_set_error_literal (error, PKI_ERROR_BAD_INPUT, "exporting CRL: %u days is out of range",
                           days);
    return NULL;
  }
  next = g_date_time_add_days (now, (gint) days);
  if (next == NULL) {
    pki_set_error_literal (error, PKI_ERROR_BAD_INPUT,
                           "exporting CRL: %u days from now is past the year 9999", days);
    return NULL;
  }
  if (!pki_crl_set_last_update (crl, now, error) || !pki_crl_set_next_update (crl, next, error)
      || !pki_crl_sign (crl, issuer, issuer_key, digest, error))
    return NULL;
  return pki_crl_dump (crl, type, error);
}

/* Verifies the signature of a lazy CRL over its DER's TBSCertList. */
static int
verify_lazy (PkiCrl *crl, EVP_PKEY *pkey)
{
  const X509_ALGOR *alg = NULL;
  const ASN1_BIT_STRING *sig = NULL;
  g_autoptr (EVP_MD_CTX) mctx = EVP_MD_CTX_new ();
  int md_nid = NID_undef, pk_nid = NID_undef;
  const ASN1_OBJECT *obj;
  int nid;

  X509_CRL_get0_signature (crl->header, &sig, &alg);
  /* A signature BIT STRING with unused bits is malformed, as OpenSSL's own
   * verification says. */
  if ((sig->flags & ASN1_STRING_FLAG_BITS_LEFT) && (sig->flags & 0x07))
    return 0;
  X509_ALGOR_get0 (&obj, NULL, NULL, alg);
  nid = OBJ_obj2nid (obj);
  /* PSS carries parameters: let OpenSSL's full verification handle it. */
  if (nid == NID_rsassaPss || !OBJ_find_sigid_algs (nid, &md_nid, &pk_nid) || mctx == NULL)
    return -1;
  if (EVP_DigestVerifyInit_ex (mctx, NULL, md_nid != NID_undef ? OBJ_nid2sn (md_nid) : NULL,
                               pki_libctx (), NULL, pkey, NULL) <= 0)
    return 0;
  return EVP_DigestVerify (mctx, ASN1_STRING_get0_data (sig), (gsize) ASN1_STRING_length (sig),
                           crl->layout.tbs, crl->layout.tbs_len) == 1;
}

/**
 * pki_crl_verify:
 * @crl: a #PkiCrl
 * @key: the issuer's public key
 * @error: return location for a #GError
 *
 * Checks the CRL's signature (`openssl crl -verify`).  A loaded CRL is
 * checked over its DER, without decoding its entries.
 *
 * Returns: %TRUE when @key signed it; %FALSE with %PKI_ERROR_SIGNATURE.
 */
gboolean
pki_crl_verify (PkiCrl *crl, PkiPKey *key, GError **error)
{
  int ok = -1;

  g_return_val_if_fail (crl != NULL, FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  g_mutex_lock (&crl->lock);
  if (crl->crl == NULL)
    ok = verify_lazy (crl, pki_pkey_get_evp (key));
  if (ok < 0 && materialize_locked (crl, error))
    ok = X509_CRL_verify (crl->crl, pki_pkey_get_evp (key)) == 1;
  g_mutex_unlock (&crl->lock);
  if (ok < 0)
    return FALSE;
  if (!ok)
    return pki_set_error (error, PKI_ERROR_SIGNATURE,
                          "the CRL's signature does not verify with this %s key",
                          pki_pkey_get_type_name (key));
  ERR_clear_error ();
  return TRUE;
}

/**
 * pki_crl_get_signature_algorithm:
 * @crl: a #PkiCrl
 * @error: return location for a #GError
 *
 * The signature algorithm by OpenSSL's long name
 * ("sha256WithRSAEncryption").
 *
 * Returns: (transfer full): the name, or %NULL with
 *   %PKI_ERROR_UNSUPPORTED for an algorithm OpenSSL does not know.
 */
gchar *
pki_crl_get_signature_algorithm (PkiCrl *crl, GError **error)
{
  const X509_ALGOR *alg = NULL;

  g_return_val_if_fail (crl != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  X509_CRL_get0_signature (head (crl), NULL, &alg);
  return pki_sigalg_to_name (alg, error);
}
