/* libpki: ASN.1 helpers the object sources share: object names, times,
 * serial numbers, hex, PEM blocks.  Nothing here is public.
 * SPDX-License-Identifier: MIT
 */
#define _GNU_SOURCE /* memmem */
#include "libpki/pki-private.h"

#include <openssl/objects.h>
#include <openssl/rand.h>
#include <string.h>

/* ---------------------------------------------------------------------- */
/* Object identifiers */

gchar *
pki_obj_to_oid (const ASN1_OBJECT *obj)
{
  char buf[128];
  int n = OBJ_obj2txt (buf, sizeof buf, obj, 1);
  gchar *out;

  if (n < 0)
    return g_strdup ("");
  if ((gsize) n < sizeof buf)
    return g_strdup (buf);
  out = g_malloc ((gsize) n + 1);
  OBJ_obj2txt (out, n + 1, obj, 1);
  return out;
}

gchar *
pki_obj_to_name (const ASN1_OBJECT *obj)
{
  int nid = OBJ_obj2nid (obj);
  const char *sn = nid != NID_undef ? OBJ_nid2sn (nid) : NULL;
  return sn != NULL ? g_strdup (sn) : pki_obj_to_oid (obj);
}

ASN1_OBJECT *
pki_obj_from_text (const char *text, const char *what, GError **error)
{
  ASN1_OBJECT *obj = text != NULL && *text != '\0' ? OBJ_txt2obj (text, 0) : NULL;

  if (obj == NULL)
    pki_set_error_literal (error, PKI_ERROR_BAD_INPUT, "unknown %s '%s'", what,
                           text != NULL ? text : "(null)");
  return obj;
}

gchar *
pki_sigalg_to_name (const X509_ALGOR *alg, GError **error)
{
  const ASN1_OBJECT *obj = NULL;
  int nid;

  if (alg != NULL)
    X509_ALGOR_get0 (&obj, NULL, NULL, alg);
  nid = obj != NULL ? OBJ_obj2nid (obj) : NID_undef;
  if (nid == NID_undef) {
    g_autofree gchar *oid = obj != NULL ? pki_obj_to_oid (obj) : g_strdup ("none");
    pki_set_error_literal (error, PKI_ERROR_UNSUPPORTED, "unknown signature algorithm %s", oid);
    return NULL;
  }
  return g_strdup (OBJ_nid2ln (nid));
}

/* ---------------------------------------------------------------------- */
/* Times */

GDateTime *
pki_asn1_time_to_datetime (const ASN1_TIME *t)
{
  struct tm tm;

  if (t == NULL || !ASN1_TIME_to_tm (t, &tm)) {
    ERR_clear_error ();
    return NULL;
  }
  return g_date_time_new_utc (tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                              tm.tm_min, tm.tm_sec);
}

gchar *
pki_asn1_time_to_string (const ASN1_TIME *t)
{
  g_autoptr (GDateTime) dt = pki_asn1_time_to_datetime (t);
  return dt != NULL ? g_date_time_format (dt, "%Y%m%d%H%M%SZ") : NULL;
}

ASN1_TIME *
pki_asn1_time_from_unix (gint64 seconds, GError **error)
{
  /* ASN1_TIME_adj picks UTCTime for 1950-2049 and GeneralizedTime otherwise,
   * as RFC 5280 4.1.2.5 asks. */
  ASN1_TIME *t = ASN1_TIME_adj (NULL, (time_t) seconds, 0, 0);

  if (t == NULL || seconds < G_GINT64_CONSTANT (-62135596800)
      || seconds > G_GINT64_CONSTANT (253402300799)) {
    ASN1_TIME_free (t);
    pki_set_error_literal (error, PKI_ERROR_BAD_INPUT,
                           "time %" G_GINT64_FORMAT " is outside the years 0000 to 9999", seconds);
    return NULL;
  }
  return t;
}

ASN1_TIME *
pki_asn1_time_from_datetime (GDateTime *when, GError **error)
{
  return pki_asn1_time_from_unix (g_date_time_to_unix (when), error);
}

/* Reads @n decimal digits at @p. */
static gboolean
digits (const char *p, int n, int *out)
{
  int v = 0;
  for (int i = 0; i < n; i++) {
    if (!g_ascii_isdigit (p[i]))
      return FALSE;
    v = v * 10 + (p[i] - '0');
  }
  *out = v;
  return TRUE;
}

ASN1_TIME *
pki_asn1_time_parse (const char *text, GError **error)
{
  int year, mon, day, hour, min, sec, oh = 0, om = 0, sign = 0;
  g_autoptr (GDateTime) dt = NULL;
  gsize len = text != NULL ? strlen (text) : 0;

  if (len >= 15 && digits (text, 4, &year) && digits (text + 4, 2, &mon)
      && digits (text + 6, 2, &day) && digits (text + 8, 2, &hour) && digits (text + 10, 2, &min)
      && digits (text + 12, 2, &sec)) {
    if (len == 15 && text[14] == 'Z')
      sign = 1;
    else if (len == 19 && (text[14] == '+' || text[14] == '-') && digits (text + 15, 2, &oh)
             && digits (text + 17, 2, &om) && oh < 24 && om < 60)
      sign = text[14] == '+' ? 1 : -1;
    if (sign != 0 && mon >= 1 && mon <= 12 && day >= 1 && hour < 24 && min < 60 && sec < 60)
      dt = g_date_time_new_utc (year, mon, day, hour, min, sec);
  }
  if (dt == NULL) {
    pki_set_error_literal (error, PKI_ERROR_BAD_INPUT,
                           "'%s' is not a time of the form YYYYMMDDhhmmssZ or "
                           "YYYYMMDDhhmmss+hhmm", text != NULL ? text : "(null)");
    return NULL;
  }
  /* Local time minus its offset is UTC. */
  return pki_asn1_time_from_unix (g_date_time_to_unix (dt) - sign * (oh * 3600 + om * 60), error);
}

/* ---------------------------------------------------------------------- */
/* Serial numbers */

gchar *
pki_asn1_integer_to_hex (const ASN1_INTEGER *i)
{
  g_autoptr (BIGNUM) bn = ASN1_INTEGER_to_BN (i, NULL);
  char *hex = bn != NULL ? BN_bn2hex (bn) : NULL;
  gchar *out;

  /* BN_bn2hex writes whole octets ("03AB"), as `openssl x509 -serial` and
   * pyOpenSSL's Revoked.get_serial() do; only zero comes out as "0". */
  if (hex == NULL || strcmp (hex, "0") == 0) {
    OPENSSL_free (hex);
    ERR_clear_error ();
    return g_strdup ("00");
  }
  out = g_strdup (hex);
  OPENSSL_free (hex);
  return out;
}

/* The value of a hex digit, or -1. */
static int
hex_digit (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

gboolean
pki_serial_parse (const char *hex, guint8 out[20], gsize *len, GError **error)
{
  const char *p = hex, *q;
  gsize digits, n = 0;

  if (p != NULL && p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
    p += 2;
  for (q = p; q != NULL && hex_digit (*q) >= 0; q++)
    ;
  if (p == NULL || q == p || *q != '\0')
    return pki_set_error_literal (error, PKI_ERROR_BAD_INPUT,
                                  "serial number '%s' is not hexadecimal",
                                  hex != NULL ? hex : "(null)");
  while (p[0] == '0' && p[1] != '\0')
    p++;
  digits = (gsize) (q - p);
  if (digits > 40)
    return pki_set_error_literal (error, PKI_ERROR_BAD_INPUT,
                                  "serial number '%s' is longer than 20 octets (RFC 5280 4.1.2.2)",
                                  hex);
  if (digits % 2 == 1)
    out[n++] = (guint8) hex_digit (*p++);
  for (; p < q; p += 2)
    out[n++] = (guint8) (hex_digit (p[0]) << 4 | hex_digit (p[1]));
  *len = n;
  return TRUE;
}

ASN1_INTEGER *
pki_asn1_integer_from_hex (const char *hex, GError **error)
{
  guint8 bytes[20];
  gsize len;
  ASN1_INTEGER *i;

  if (!pki_serial_parse (hex, bytes, &len, error))
    return NULL;
  i = ASN1_INTEGER_new ();
  if (i == NULL || !ASN1_STRING_set (i, bytes, (int) len)) {
    ASN1_INTEGER_free (i);
    pki_set_error (error, PKI_ERROR_FAILED, "encoding serial number failed");
    return NULL;
  }
  return i;
}

ASN1_INTEGER *
pki_asn1_integer_random_serial (GError **error)
{
  guint8 buf[20];
  g_autoptr (BIGNUM) bn = NULL;
  ASN1_INTEGER *i;

  /* 159 random bits: the top bit is cleared so the DER INTEGER needs no
   * leading zero and stays within 20 octets; the next bit is set so the
   * serial never shrinks below 64 random bits. */
  if (RAND_bytes_ex (pki_libctx (), buf, sizeof buf, 0) != 1) {
    pki_set_error (error, PKI_ERROR_FAILED, "generating a random serial number failed");
    return NULL;
  }
  buf[0] = (buf[0] & 0x7f) | 0x40;
  bn = BN_bin2bn (buf, sizeof buf, NULL);
  i = bn != NULL ? BN_to_ASN1_INTEGER (bn, NULL) : NULL;
  if (i == NULL)
    pki_set_error (error, PKI_ERROR_FAILED, "encoding serial number failed");
  return i;
}

/* ---------------------------------------------------------------------- */
/* Text */

gchar *
pki_hex_colon (const guint8 *data, gsize len)
{
  GString *s = g_string_sized_new (len * 3);
  for (gsize i = 0; i < len; i++)
    g_string_append_printf (s, i == 0 ? "%02X" : ":%02X", data[i]);
  return g_string_free (s, FALSE);
}

gboolean
pki_pem_find_block (const guint8 *data, gsize len, const char *label_suffix, gsize *start,
                    gsize *block_len)
{
  static const char begin[] = "-----BEGIN ";
  const char *text = (const char *) data;
  const char *end = text + len;
  const char *p = text;

  while ((p = memmem (p, (gsize) (end - p), begin, strlen (begin))) != NULL) {
    const char *label = p + strlen (begin);
    const char *dashes = memmem (label, (gsize) (end - label), "-----", 5);
    g_autofree gchar *label_str = NULL;
    g_autofree gchar *end_line = NULL;
    const char *stop;

    if (dashes == NULL)
      break;
    label_str = g_strndup (label, (gsize) (dashes - label));
    if (strchr (label_str, '\n') == NULL && g_str_has_suffix (label_str, label_suffix)) {
      end_line = g_strdup_printf ("-----END %s-----", label_str);
      stop = memmem (dashes, (gsize) (end - dashes), end_line, strlen (end_line));
      if (stop != NULL) {
        stop += strlen (end_line);
        if (stop < end && *stop == '\r')
          stop++;
        if (stop < end && *stop == '\n')
          stop++;
        *start = (gsize) (p - text);
        *block_len = (gsize) (stop - p);
        return TRUE;
      }
    }
    p = label;
  }
  return FALSE;
}
