/* libpki: PkiX509Name, distinguished names (pyOpenSSL's X509Name).
 * SPDX-License-Identifier: MIT
 */
#include "libpki/pki-private.h"

#include <openssl/objects.h>
#include <string.h>

struct _PkiX509Name {
  X509_NAME *owned;            /* a standalone name, or NULL for a view */
  gpointer owner;              /* a view's owner (a reference is held) */
  const PkiNameOwner *funcs;
};

static void
pki_x509_name_clear (PkiX509Name *name)
{
  X509_NAME_free (name->owned);
  if (name->owner != NULL)
    name->funcs->unref (name->owner);
}

/**
 * pki_x509_name_ref:
 * @name: a #PkiX509Name
 *
 * Takes a reference on @name.
 *
 * Returns: (transfer full): @name
 */
/**
 * pki_x509_name_unref:
 * @name: (nullable) (transfer full): a #PkiX509Name
 *
 * Releases a reference on @name (and, for the last reference to a view, the
 * view's reference on its certificate).  %NULL is ignored.
 */
/**
 * pki_x509_name_get_type:
 *
 * The boxed #GType of #PkiX509Name (copying takes a reference).
 *
 * Returns: the #GType.
 */
PKI_DEFINE_BOXED (PkiX509Name, pki_x509_name, pki_x509_name_clear)

PkiX509Name *
pki_x509_name_new_take (X509_NAME *x509_name)
{
  PkiX509Name *name = g_atomic_rc_box_new0 (PkiX509Name);
  name->owned = x509_name;
  return name;
}

PkiX509Name *
pki_x509_name_new_view (gpointer owner, const PkiNameOwner *funcs)
{
  PkiX509Name *name = g_atomic_rc_box_new0 (PkiX509Name);
  name->owner = funcs->ref (owner);
  name->funcs = funcs;
  return name;
}

X509_NAME *
pki_x509_name_get_ossl (PkiX509Name *name)
{
  return name->owned != NULL ? name->owned : name->funcs->get (name->owner);
}

/* After a change in place: a view's owner must re-encode. */
static void
changed (PkiX509Name *name)
{
  if (name->owner != NULL)
    name->funcs->changed (name->owner);
}

/**
 * pki_x509_name_new:
 *
 * Makes an empty name.
 *
 * Returns: (transfer full): the new name.
 */
PkiX509Name *
pki_x509_name_new (void)
{
  X509_NAME *n = X509_NAME_new ();
  g_assert (n != NULL);
  return pki_x509_name_new_take (n);
}

/**
 * pki_x509_name_copy:
 * @name: a #PkiX509Name
 *
 * Copies a name.  The copy is standalone even when @name is a view of a
 * certificate: changing one never changes the other.
 *
 * Returns: (transfer full): the copy.
 */
PkiX509Name *
pki_x509_name_copy (PkiX509Name *name)
{
  X509_NAME *n;

  g_return_val_if_fail (name != NULL, NULL);
  n = X509_NAME_dup (pki_x509_name_get_ossl (name));
  g_assert (n != NULL);
  ERR_clear_error ();
  return pki_x509_name_new_take (n);
}

/**
 * pki_x509_name_load_der:
 * @data: (array length=len): a DER-encoded Name
 * @len: the length of @data
 * @error: return location for a #GError
 *
 * Reads a DER-encoded X.501 Name, the inverse of pki_x509_name_get_der().
 *
 * Returns: (transfer full): the name, or %NULL with %PKI_ERROR_BAD_INPUT
 *   for anything but exactly one DER Name.
 */
PkiX509Name *
pki_x509_name_load_der (const guint8 *data, gsize len, GError **error)
{
  const unsigned char *p = data;
  X509_NAME *n;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  n = len > 0 && len <= G_MAXLONG ? d2i_X509_NAME (NULL, &p, (long) len) : NULL;
  if (n == NULL || p != data + len) {
    X509_NAME_free (n);
    pki_set_error (error, PKI_ERROR_BAD_INPUT, "loading name: not a DER-encoded Name");
    return NULL;
  }
  ERR_clear_error ();
  return pki_x509_name_new_take (n);
}

/* ---------------------------------------------------------------------- */
/* Entries */

/* Whether @len bytes are UTF-8, NUL bytes allowed (g_utf8_validate stops
 * at a NUL). */
static gboolean
utf8_with_nuls (const char *s, gsize len)
{
  const char *end = s + len;
  while (s < end) {
    const char *nul = memchr (s, '\0', (gsize) (end - s));
    const char *stop = nul != NULL ? nul : end;
    if (!g_utf8_validate_len (s, (gsize) (stop - s), NULL))
      return FALSE;
    s = nul != NULL ? nul + 1 : end;
  }
  return TRUE;
}

/* Makes an entry of type @obj from UTF-8 @value: the type's string rules
 * (PrintableString for C, lengths) apply. */
static X509_NAME_ENTRY *
make_entry (const ASN1_OBJECT *obj, const char *field, const char *value, gssize length,
            GError **error)
{
  gsize len = length < 0 ? strlen (value) : (gsize) length;
  X509_NAME_ENTRY *ne;

  if (!utf8_with_nuls (value, len)) {
    pki_set_error_literal (error, PKI_ERROR_BAD_INPUT, "name entry %s: the value is not UTF-8",
                           field);
    return NULL;
  }
  if (len > G_MAXINT) {
    pki_set_error_literal (error, PKI_ERROR_BAD_INPUT, "name entry %s: the value is too long",
                           field);
    return NULL;
  }
  /* The length is always passed: with -1 OpenSSL would stop at a NUL. */
  ne = X509_NAME_ENTRY_create_by_OBJ (NULL, obj, MBSTRING_UTF8, (const unsigned char *) value,
                                      (int) len);
  if (ne == NULL)
    pki_set_error (error, PKI_ERROR_BAD_INPUT, "name entry %s: invalid value", field);
  return ne;
}

/* The UTF-8 value of @ne; %NULL with an error for a NUL byte when @length
 * is %NULL, or for a value that is not text. */
static gchar *
entry_value (const X509_NAME_ENTRY *ne, gsize *length, GError **error)
{
  unsigned char *utf8 = NULL;
  int n = ASN1_STRING_to_UTF8 (&utf8, X509_NAME_ENTRY_get_data (ne));
  gchar *out;

  if (n < 0) {
    g_autofree gchar *field = pki_obj_to_name (X509_NAME_ENTRY_get_object (ne));
    pki_set_error (error, PKI_ERROR_BAD_INPUT, "name entry %s cannot be read as text", field);
    return NULL;
  }
  if (length == NULL && memchr (utf8, '\0', (gsize) n) != NULL) {
    g_autofree gchar *field = pki_obj_to_name (X509_NAME_ENTRY_get_object (ne));
    OPENSSL_free (utf8);
    pki_set_error_literal (error, PKI_ERROR_BAD_INPUT,
                           "name entry %s contains a NUL byte; pass length to read it", field);
    return NULL;
  }
  out = g_malloc ((gsize) n + 1);
  memcpy (out, utf8, (gsize) n);
  out[n] = '\0';
  OPENSSL_free (utf8);
  if (length != NULL)
    *length = (gsize) n;
  ERR_clear_error ();
  return out;
}

/**
 * pki_x509_name_get_entry:
 * @name: a #PkiX509Name
 * @field: the attribute type: short name ("CN"), long name ("commonName")
 *   or dotted OID ("2.5.4.3")
 * @length: (out) (optional): the length of the value in bytes
 * @error: return location for a #GError
 *
 * The value of the first entry of type @field, as pyOpenSSL's `name.CN`.
 * Values are returned as UTF-8 whatever their ASN.1 string type.  A value
 * with a NUL byte is only returned when @length is given, so it is never
 * cut short without the caller knowing.
 *
 * Returns: (transfer full) (nullable): the value, or %NULL when there is no
 *   such entry (without an error) or with @error set: %PKI_ERROR_BAD_INPUT
 *   for an unknown attribute type, or a value with a NUL byte and no
 *   @length.
 */
gchar *
pki_x509_name_get_entry (PkiX509Name *name, const char *field, gsize *length, GError **error)
{
  g_autoptr (ASN1_OBJECT) obj = NULL;
  X509_NAME *n;
  int idx;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (field != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  obj = pki_obj_from_text (field, "name attribute", error);
  if (obj == NULL)
    return NULL;
  n = pki_x509_name_get_ossl (name);
  idx = X509_NAME_get_index_by_OBJ (n, obj, -1);
  ERR_clear_error ();
  if (idx < 0)
    return NULL;
  return entry_value (X509_NAME_get_entry (n, idx), length, error);
}

/* Deletes every entry of type @obj; returns how many. */
static guint
remove_all (X509_NAME *n, const ASN1_OBJECT *obj)
{
  guint removed = 0;
  int idx;

  while ((idx = X509_NAME_get_index_by_OBJ (n, obj, -1)) >= 0) {
    X509_NAME_ENTRY_free (X509_NAME_delete_entry (n, idx));
    removed++;
  }
  return removed;
}

static gboolean
add_entry (PkiX509Name *name, const char *field, const char *value, gssize length,
           gboolean replace, GError **error)
{
  g_autoptr (ASN1_OBJECT) obj = NULL;
  X509_NAME_ENTRY *ne;
  X509_NAME *n;
  gboolean ok;

  obj = pki_obj_from_text (field, "name attribute", error);
  if (obj == NULL)
    return FALSE;
  /* Make the entry first: a value that fails leaves the name unchanged. */
  ne = make_entry (obj, field, value, length, error);
  if (ne == NULL)
    return FALSE;
  n = pki_x509_name_get_ossl (name);
  if (replace)
    remove_all (n, obj);
  ok = X509_NAME_add_entry (n, ne, -1, 0);
  X509_NAME_ENTRY_free (ne);
  changed (name);
  if (!ok)
    return pki_set_error (error, PKI_ERROR_FAILED, "name entry %s: adding failed", field);
  ERR_clear_error ();
  return TRUE;
}

/**
 * pki_x509_name_set_entry:
 * @name: a #PkiX509Name
 * @field: the attribute type (short name, long name or dotted OID)
 * @value: (array length=length): the value, UTF-8
 * @length: the length of @value in bytes, or -1 when it ends with a NUL
 * @error: return location for a #GError
 *
 * Sets the entry of type @field, as pyOpenSSL's `name.CN = value`: every
 * existing entry of that type is removed and one new entry is appended.
 * Values are encoded as OpenSSL's string rules for the type say (C as a
 * two-letter PrintableString, most others as UTF8String).  A @length that
 * covers NUL bytes keeps them.  On a view, the certificate changes.
 *
 * Returns: %TRUE on success; %FALSE with @error set and @name unchanged:
 *   %PKI_ERROR_BAD_INPUT for an unknown type, a value that is not UTF-8, or
 *   too long or short for its type ("string too long").
 */
gboolean
pki_x509_name_set_entry (PkiX509Name *name, const char *field, const char *value,
                         gssize length, GError **error)
{
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (field != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  return add_entry (name, field, value, length, TRUE, error);
}

/**
 * pki_x509_name_add_entry:
 * @name: a #PkiX509Name
 * @field: the attribute type (short name, long name or dotted OID)
 * @value: (array length=length): the value, UTF-8
 * @length: the length of @value in bytes, or -1 when it ends with a NUL
 * @error: return location for a #GError
 *
 * Appends an entry, keeping any others of the same type (names may hold
 * several OU or DC entries).
 *
 * Returns: %TRUE on success; %FALSE with @error set and @name unchanged
 *   (as for pki_x509_name_set_entry()).
 */
gboolean
pki_x509_name_add_entry (PkiX509Name *name, const char *field, const char *value,
                         gssize length, GError **error)
{
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (field != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  return add_entry (name, field, value, length, FALSE, error);
}

/**
 * pki_x509_name_remove_entries:
 * @name: a #PkiX509Name
 * @field: the attribute type (short name, long name or dotted OID)
 * @error: return location for a #GError
 *
 * Removes every entry of type @field.
 *
 * Returns: how many entries were removed (0 with @error set for an unknown
 *   attribute type).
 */
guint
pki_x509_name_remove_entries (PkiX509Name *name, const char *field, GError **error)
{
  g_autoptr (ASN1_OBJECT) obj = NULL;
  guint removed;

  g_return_val_if_fail (name != NULL, 0);
  g_return_val_if_fail (field != NULL, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  obj = pki_obj_from_text (field, "name attribute", error);
  if (obj == NULL)
    return 0;
  removed = remove_all (pki_x509_name_get_ossl (name), obj);
  if (removed > 0)
    changed (name);
  ERR_clear_error ();
  return removed;
}

/**
 * pki_x509_name_get_entry_count:
 * @name: a #PkiX509Name
 *
 * The number of entries (attribute type and value pairs) in the name.
 *
 * Returns: the entry count.
 */
guint
pki_x509_name_get_entry_count (PkiX509Name *name)
{
  g_return_val_if_fail (name != NULL, 0);
  return (guint) MAX (X509_NAME_entry_count (pki_x509_name_get_ossl (name)), 0);
}

static const X509_NAME_ENTRY *
entry_at (PkiX509Name *name, guint index)
{
  X509_NAME *n = pki_x509_name_get_ossl (name);
  return index < (guint) X509_NAME_entry_count (n) ? X509_NAME_get_entry (n, (int) index) : NULL;
}

/**
 * pki_x509_name_get_entry_field:
 * @name: a #PkiX509Name
 * @index: the entry's position, from 0, in encoded order
 *
 * The attribute type of an entry: OpenSSL's short name ("CN"), or the
 * dotted OID for a type OpenSSL has no name for.
 *
 * Returns: (transfer full) (nullable): the type, or %NULL when @index is
 *   past the last entry.
 */
gchar *
pki_x509_name_get_entry_field (PkiX509Name *name, guint index)
{
  const X509_NAME_ENTRY *ne;

  g_return_val_if_fail (name != NULL, NULL);
  ne = entry_at (name, index);
  return ne != NULL ? pki_obj_to_name (X509_NAME_ENTRY_get_object (ne)) : NULL;
}

/**
 * pki_x509_name_get_entry_oid:
 * @name: a #PkiX509Name
 * @index: the entry's position, from 0, in encoded order
 *
 * The attribute type of an entry as a dotted OID ("2.5.4.3").
 *
 * Returns: (transfer full) (nullable): the OID, or %NULL when @index is past
 *   the last entry.
 */
gchar *
pki_x509_name_get_entry_oid (PkiX509Name *name, guint index)
{
  const X509_NAME_ENTRY *ne;

  g_return_val_if_fail (name != NULL, NULL);
  ne = entry_at (name, index);
  return ne != NULL ? pki_obj_to_oid (X509_NAME_ENTRY_get_object (ne)) : NULL;
}

/**
 * pki_x509_name_get_entry_value:
 * @name: a #PkiX509Name
 * @index: the entry's position, from 0, in encoded order
 * @length: (out) (optional): the length of the value in bytes
 * @error: return location for a #GError
 *
 * The value of an entry as UTF-8, with the NUL rule of
 * pki_x509_name_get_entry().
 *
 * Returns: (transfer full) (nullable): the value, or %NULL with @error set
 *   (%PKI_ERROR_BAD_INPUT for an index past the last entry).
 */
gchar *
pki_x509_name_get_entry_value (PkiX509Name *name, guint index, gsize *length, GError **error)
{
  const X509_NAME_ENTRY *ne;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  ne = entry_at (name, index);
  if (ne == NULL) {
    pki_set_error_literal (error, PKI_ERROR_BAD_INPUT, "name has %u entries; there is no entry %u",
                           pki_x509_name_get_entry_count (name), index);
    return NULL;
  }
  return entry_value (ne, length, error);
}

/**
 * pki_x509_name_get_components:
 * @name: a #PkiX509Name
 * @error: return location for a #GError
 *
 * Every entry as a (type, value) pair in encoded order, pyOpenSSL's
 * `get_components()`.  Each element is a %NULL-terminated string array
 * `{ type, value, NULL }`.
 *
 * Returns: (transfer full) (element-type GStrv): the pairs (empty for an
 *   empty name), or %NULL with %PKI_ERROR_BAD_INPUT when a value holds a NUL
 *   byte (read those with pki_x509_name_get_entry_value()).
 */
GPtrArray *
pki_x509_name_get_components (PkiX509Name *name, GError **error)
{
  g_autoptr (GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  guint n;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  n = pki_x509_name_get_entry_count (name);
  for (guint i = 0; i < n; i++) {
    gchar **pair = g_new0 (gchar *, 3);
    g_ptr_array_add (out, pair);
    pair[0] = pki_x509_name_get_entry_field (name, i);
    pair[1] = pki_x509_name_get_entry_value (name, i, NULL, error);
    if (pair[1] == NULL)
      return NULL;
  }
  return g_steal_pointer (&out);
}

/* ---------------------------------------------------------------------- */
/* Encodings and comparison */

/**
 * pki_x509_name_get_der:
 * @name: a #PkiX509Name
 * @error: return location for a #GError
 *
 * The DER encoding of the name, pyOpenSSL's `der()`.
 *
 * Returns: (transfer full): the DER, or %NULL with @error set when the name
 *   cannot be encoded.
 */
GBytes *
pki_x509_name_get_der (PkiX509Name *name, GError **error)
{
  unsigned char *der = NULL;
  GBytes *out;
  int len;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  len = i2d_X509_NAME (pki_x509_name_get_ossl (name), &der);
  if (len < 0) {
    pki_set_error (error, PKI_ERROR_FAILED, "encoding name failed");
    return NULL;
  }
  out = g_bytes_new (der, (gsize) len);
  OPENSSL_free (der);
  ERR_clear_error ();
  return out;
}

static gchar *
print_name (PkiX509Name *name, unsigned long flags)
{
  g_autoptr (BIO) bio = BIO_new (BIO_s_mem ());
  char *data = NULL;
  long len;

  if (bio == NULL || X509_NAME_print_ex (bio, pki_x509_name_get_ossl (name), 0, flags) < 0) {
    ERR_clear_error ();
    return g_strdup ("");
  }
  len = BIO_get_mem_data (bio, &data);
  ERR_clear_error ();
  return len > 0 ? g_strndup (data, (gsize) len) : g_strdup ("");
}

/**
 * pki_x509_name_to_string:
 * @name: a #PkiX509Name
 *
 * The name as an RFC 4514 string ("CN=example.com,O=Example,C=US"): the
 * last-encoded entry first, special characters escaped, control characters
 * (NUL among them) as "\XX", other UTF-8 kept.  pki_x509_name_parse() reads
 * it back.
 *
 * Returns: (transfer full): the string ("" for an empty name).
 */
gchar *
pki_x509_name_to_string (PkiX509Name *name)
{
  g_return_val_if_fail (name != NULL, NULL);
  return print_name (name, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
}

/**
 * pki_x509_name_to_oneline:
 * @name: a #PkiX509Name
 *
 * The name in OpenSSL's one-line form ("/C=US/O=Example/CN=example.com"),
 * in encoded order, as pyOpenSSL's `repr()` shows it.
 *
 * Returns: (transfer full): the string ("" for an empty name).
 */
gchar *
pki_x509_name_to_oneline (PkiX509Name *name)
{
  char *s;
  gchar *out;

  g_return_val_if_fail (name != NULL, NULL);
  s = X509_NAME_oneline (pki_x509_name_get_ossl (name), NULL, 0);
  out = g_strdup (s != NULL && strcmp (s, "NO X509_NAME") != 0 ? s : "");
  OPENSSL_free (s);
  ERR_clear_error ();
  return out;
}

/**
 * pki_x509_name_hash:
 * @name: a #PkiX509Name
 *
 * OpenSSL's hash of the name (`X509_NAME_hash`, SHA-1 based): the value
 * `openssl x509 -subject_hash` prints and c_rehash names files by.
 *
 * Returns: the hash (0 when the name cannot be encoded).
 */
guint32
pki_x509_name_hash (PkiX509Name *name)
{
  int ok = 0;
  unsigned long h;

  g_return_val_if_fail (name != NULL, 0);
  h = X509_NAME_hash_ex (pki_x509_name_get_ossl (name), pki_libctx (), NULL, &ok);
  ERR_clear_error ();
  return ok ? (guint32) h : 0;
}

/**
 * pki_x509_name_hash_old:
 * @name: a #PkiX509Name
 *
 * The MD5-based hash OpenSSL before 1.0 used (`openssl x509
 * -subject_hash_old`), for old hashed certificate directories.
 *
 * Returns: the hash.
 */
guint32
pki_x509_name_hash_old (PkiX509Name *name)
{
  unsigned long h;

  g_return_val_if_fail (name != NULL, 0);
  h = X509_NAME_hash_old (pki_x509_name_get_ossl (name));
  ERR_clear_error ();
  return (guint32) h;
}

/**
 * pki_x509_name_compare:
 * @a: a #PkiX509Name
 * @b: another #PkiX509Name
 *
 * Orders names as OpenSSL does (`X509_NAME_cmp`: by canonical encoding).
 *
 * Returns: negative, 0 or positive as @a sorts before, with or after @b.
 */
gint
pki_x509_name_compare (PkiX509Name *a, PkiX509Name *b)
{
  int c;

  g_return_val_if_fail (a != NULL, 0);
  g_return_val_if_fail (b != NULL, 0);
  c = X509_NAME_cmp (pki_x509_name_get_ossl (a), pki_x509_name_get_ossl (b));
  ERR_clear_error ();
  return c < 0 ? -1 : c > 0 ? 1 : 0;
}

/**
 * pki_x509_name_equal:
 * @a: a #PkiX509Name
 * @b: another #PkiX509Name
 *
 * Whether two names are equal as OpenSSL compares them (case and spacing of
 * string values are normalized, as RFC 5280 name matching asks).
 *
 * Returns: %TRUE when the names are equal.
 */
gboolean
pki_x509_name_equal (PkiX509Name *a, PkiX509Name *b)
{
  g_return_val_if_fail (a != NULL, FALSE);
  g_return_val_if_fail (b != NULL, FALSE);
  return pki_x509_name_compare (a, b) == 0;
}

/* ---------------------------------------------------------------------- */
/* Parsing */

typedef struct {
  gchar *field;
  GString *value;
  gboolean der;                /* RFC 4514 "#hex": value holds BER */
  gboolean multi;              /* joined to the previous entry with '+' */
} ParsedEntry;

static void
parsed_entry_free (ParsedEntry *e)
{
  g_free (e->field);
  g_string_free (e->value, TRUE);
  g_free (e);
}

static int
hexval (char c)
{
  return g_ascii_isxdigit (c) ? g_ascii_xdigit_value (c) : -1;
}

/* Reads "type=" at *p up to '='; stops at @stop characters too. */
static gchar *
parse_type (const char **p, GError **error)
{
  const char *s = *p, *eq;
  g_autofree gchar *type = NULL;

  while (*s == ' ')
    s++;
  eq = s;
  while (*eq != '\0' && *eq != '=' && *eq != ',' && *eq != '+' && *eq != '/')
    eq++;
  if (*eq != '=') {
    pki_set_error_literal (error, PKI_ERROR_BAD_INPUT,
                           "parsing name: expected TYPE=VALUE at '%s'", *p);
    return NULL;
  }
  type = g_strstrip (g_strndup (s, (gsize) (eq - s)));
  if (*type == '\0') {
    pki_set_error_literal (error, PKI_ERROR_BAD_INPUT, "parsing name: empty attribute type at '%s'",
                           *p);
    return NULL;
  }
  *p = eq + 1;
  return g_steal_pointer (&type);
}

/* Parses an RFC 4514 string into @entries (in string order). */
static gboolean
parse_rfc4514 (const char *text, GPtrArray *entries, GError **error)
{
  const char *p = text;
  gboolean multi = FALSE;

  while (*p != '\0') {
    ParsedEntry *e = g_new0 (ParsedEntry, 1);
    gsize keep;                   /* value length that trailing-space trimming keeps */

    e->value = g_string_new (NULL);
    e->multi = multi;
    g_ptr_array_add (entries, e);
    e->field = parse_type (&p, error);
    if (e->field == NULL)
      return FALSE;
    while (*p == ' ')
      p++;
    if (*p == '#') {
      e->der = TRUE;
      for (p++; hexval (p[0]) >= 0 && hexval (p[1]) >= 0; p += 2)
        g_string_append_c (e->value, (char) (hexval (p[0]) * 16 + hexval (p[1])));
      if (e->value->len == 0 || (*p != '\0' && *p != ',' && *p != '+' && *p != ' ')) {
        pki_set_error_literal (error, PKI_ERROR_BAD_INPUT,
                               "parsing name: bad hex value for %s", e->field);
        return FALSE;
      }
      while (*p == ' ')
        p++;
      keep = e->value->len;
    } else {
      keep = 0;
      while (*p != '\0' && *p != ',' && *p != '+') {
        if (*p == '\\') {
          if (hexval (p[1]) >= 0 && hexval (p[2]) >= 0) {
            g_string_append_c (e->value, (char) (hexval (p[1]) * 16 + hexval (p[2])));
            p += 3;
          } else if (p[1] != '\0' && strchr (" \"#+,;<=>\\", p[1]) != NULL) {
            g_string_append_c (e->value, p[1]);
            p += 2;
          } else {
            pki_set_error_literal (error, PKI_ERROR_BAD_INPUT,
                                   "parsing name: bad escape in the value of %s", e->field);
            return FALSE;
          }
          keep = e->value->len;
        } else {
          if (*p == '"' || *p == ';' || *p == '<' || *p == '>') {
            pki_set_error_literal (error, PKI_ERROR_BAD_INPUT,
                                   "parsing name: '%c' must be escaped in the value of %s", *p,
                                   e->field);
            return FALSE;
          }
          g_string_append_c (e->value, *p);
          if (*p != ' ')
            keep = e->value->len;
          p++;
        }
      }
      g_string_truncate (e->value, keep);
    }
    if (*p == ',' || *p == '+') {
      multi = *p == '+';
      p++;
      if (*p == '\0') {
        pki_set_error_literal (error, PKI_ERROR_BAD_INPUT, "parsing name: it ends with '%c'",
                               p[-1]);
        return FALSE;
      }
    }
  }
  return TRUE;
}

/* Parses OpenSSL's "/C=US/O=Org/CN=x" form into @entries. */
static gboolean
parse_oneline (const char *text, GPtrArray *entries, GError **error)
{
  const char *p = text + 1;
  gboolean multi = FALSE;

  while (*p != '\0') {
    ParsedEntry *e = g_new0 (ParsedEntry, 1);

    e->value = g_string_new (NULL);
    e->multi = multi;
    g_ptr_array_add (entries, e);
    e->field = parse_type (&p, error);
    if (e->field == NULL)
      return FALSE;
    while (*p != '\0' && *p != '/' && *p != '+') {
      if (*p == '\\') {
        if (p[1] == '\0') {
          pki_set_error_literal (error, PKI_ERROR_BAD_INPUT,
                                 "parsing name: it ends with an escape");
          return FALSE;
        }
        p++;
      }
      g_string_append_c (e->value, *p++);
    }
    multi = *p == '+';
    if (*p != '\0' && *++p == '\0') {
      pki_set_error_literal (error, PKI_ERROR_BAD_INPUT, "parsing name: it ends with '%c'", p[-1]);
      return FALSE;
    }
  }
  return TRUE;
}

/* Adds one parsed entry at the end of @n (joining the last RDN when @multi). */
static gboolean
add_parsed (X509_NAME *n, const ParsedEntry *e, gboolean multi, GError **error)
{
  g_autoptr (ASN1_OBJECT) obj = pki_obj_from_text (e->field, "name attribute", error);
  X509_NAME_ENTRY *ne = NULL;
  gboolean ok;

  if (obj == NULL)
    return FALSE;
  if (e->der) {
    const unsigned char *p = (const unsigned char *) e->value->str;
    ASN1_TYPE *at = d2i_ASN1_TYPE (NULL, &p, (long) e->value->len);
    ok = at != NULL && p == (const unsigned char *) e->value->str + e->value->len
         && at->type != V_ASN1_SEQUENCE && at->type != V_ASN1_SET;
    if (ok)
      ne = X509_NAME_ENTRY_create_by_OBJ (NULL, obj, at->type,
                                          ASN1_STRING_get0_data (at->value.asn1_string),
                                          ASN1_STRING_length (at->value.asn1_string));
    ASN1_TYPE_free (at);
    if (ne == NULL) {
      pki_set_error (error, PKI_ERROR_BAD_INPUT, "parsing name: bad encoded value for %s",
                     e->field);
      return FALSE;
    }
  } else {
    ne = make_entry (obj, e->field, e->value->str, (gssize) e->value->len, error);
    if (ne == NULL)
      return FALSE;
  }
  ok = X509_NAME_add_entry (n, ne, -1, multi ? -1 : 0);
  X509_NAME_ENTRY_free (ne);
  if (!ok)
    return pki_set_error (error, PKI_ERROR_FAILED, "parsing name: adding %s failed", e->field);
  return TRUE;
}

/**
 * pki_x509_name_parse:
 * @text: a distinguished name as text
 * @error: return location for a #GError
 *
 * Reads a name written either as RFC 4514 ("CN=example.com,O=Example,C=US",
 * the last-encoded entry first, with "\," style and "\XX" escapes, "+" for
 * multi-valued RDNs and "#hex" encoded values) or in OpenSSL's one-line form
 * ("/C=US/O=Example/CN=example.com", in encoded order, "\/" escaping a
 * slash), told apart by a leading "/".  Spaces around "," and "=" are
 * ignored.  Values are UTF-8 and follow the rules of
 * pki_x509_name_add_entry().
 *
 * Returns: (transfer full): the name (empty for ""), or %NULL with
 *   %PKI_ERROR_BAD_INPUT naming what is wrong.
 */
PkiX509Name *
pki_x509_name_parse (const char *text, GError **error)
{
  g_autoptr (GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) parsed_entry_free);
  g_autoptr (X509_NAME) n = NULL;
  gboolean oneline;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  oneline = text[0] == '/';
  if (!(oneline ? parse_oneline (text, entries, error) : parse_rfc4514 (text, entries, error)))
    return NULL;

  n = X509_NAME_new ();
  g_assert (n != NULL);
  if (oneline) {
    for (guint i = 0; i < entries->len; i++) {
      const ParsedEntry *e = entries->pdata[i];
      if (!add_parsed (n, e, e->multi, error))
        return NULL;
    }
  } else {
    /* RFC 4514 writes the RDNs in reverse; each RDN's entries keep their order. */
    guint end = entries->len;
    while (end > 0) {
      guint start = end - 1;
      while (start > 0 && ((ParsedEntry *) entries->pdata[start])->multi)
        start--;
      for (guint i = start; i < end; i++)
        if (!add_parsed (n, entries->pdata[i], i > start, error))
          return NULL;
      end = start;
    }
  }
  ERR_clear_error ();
  return pki_x509_name_new_take (g_steal_pointer (&n));
}
