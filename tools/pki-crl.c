/* pki crl: make CRLs, revoke certificates into them, show and check them.
 *
 *   pki crl new --ca CERT --ca-key KEY [--days N] [...]
 *   pki crl revoke --crl FILE --ca CERT --ca-key KEY (--serial HEX | --cert FILE) [...]
 *   pki crl show [--json] [--entries] FILE
 *   pki crl check --crl FILE [--ca CERT] CERT
 *
 * The CRL file is the whole state: `revoke` reads the previous CRL, checks
 * that the CA made it, adds one entry, counts the CRL number on and signs
 * anew.  There is no database.
 * SPDX-License-Identifier: MIT
 */
#include "tools/pki-tool.h"

#include <stdio.h>
#include <string.h>

#define DEFAULT_CRL_DAYS 7
/* How many entries the text of `pki crl show` lists without --entries. */
#define SHOWN_ENTRIES 20

/* --- shared by the crl commands ------------------------------------------- */

/* Checks that @ca issued @crl: its issuer name is the CA's subject and the
 * CA's key verifies its signature. */
static gboolean
check_crl_from (PkiCrl *crl, const char *crl_file, PkiX509 *ca, const char *ca_file,
                GError **error)
{
  g_autoptr (PkiX509Name) issuer = pki_crl_get_issuer (crl);
  g_autoptr (PkiX509Name) subject = pki_x509_get_subject (ca);
  g_autoptr (PkiPKey) key = NULL;
  g_autoptr (GError) local = NULL;

  if (!pki_x509_name_equal (issuer, subject))
    {
      g_autofree gchar *issuer_text = pki_x509_name_to_string (issuer);
      g_autofree gchar *subject_text = pki_x509_name_to_string (subject);

      g_set_error (error, PKI_ERROR, PKI_ERROR_BAD_INPUT,
                   "%s: the CRL was issued by '%s', not by the CA '%s' of %s",
                   pki_tool_display_name (crl_file), issuer_text, subject_text,
                   pki_tool_display_name (ca_file));
      return FALSE;
    }
  key = pki_x509_get_pubkey (ca, error);
  if (key == NULL)
    {
      g_prefix_error (error, "%s: ", pki_tool_display_name (ca_file));
      return FALSE;
    }
  if (!pki_crl_verify (crl, key, &local))
    {
      g_set_error (error, PKI_ERROR, PKI_ERROR_SIGNATURE,
                   "%s: the CRL's signature does not verify with the key of %s (%s)",
                   pki_tool_display_name (crl_file), pki_tool_display_name (ca_file),
                   local->message);
      return FALSE;
    }
  return TRUE;
}

/* Checks that @ca issued @cert: the names match and the CA's key verifies
 * the certificate's signature. */
static gboolean
check_cert_from (PkiX509 *cert, const char *cert_file, PkiX509 *ca, const char *ca_file,
                 GError **error)
{
  g_autoptr (PkiX509Name) issuer = pki_x509_get_issuer (cert);
  g_autoptr (PkiX509Name) subject = pki_x509_get_subject (ca);
  g_autoptr (PkiPKey) key = NULL;

  key = pki_x509_get_pubkey (ca, error);
  if (key == NULL)
    {
      g_prefix_error (error, "%s: ", pki_tool_display_name (ca_file));
      return FALSE;
    }
  if (!pki_x509_name_equal (issuer, subject) || !pki_x509_verify_signature (cert, key, NULL))
    {
      g_set_error (error, PKI_ERROR, PKI_ERROR_BAD_INPUT,
                   "%s: the certificate was not issued by the CA of %s",
                   pki_tool_display_name (cert_file), pki_tool_display_name (ca_file));
      return FALSE;
    }
  return TRUE;
}

/* The reason of @revoked by its RFC 5280 name, "unknown (N)" for a code RFC
 * 5280 does not define, or NULL when the entry has no reason. */
static gchar *
reason_text (PkiRevoked *revoked)
{
  PkiCrlReason reason = pki_revoked_get_reason (revoked);
  const char *name = pki_crl_reason_to_string (reason);

  if (reason == PKI_CRL_REASON_NONE)
    return NULL;
  return name != NULL ? g_strdup (name) : g_strdup_printf ("unknown (%d)", (int) reason);
}

/* "revoked on DATE, reason NAME" for the verdicts and messages. */
static gchar *
describe_revocation (PkiRevoked *revoked)
{
  g_autoptr (GDateTime) date = pki_revoked_get_revocation_date (revoked);
  g_autofree gchar *when = date != NULL ? pki_tool_iso8601 (date) : g_strdup ("an unknown date");
  g_autofree gchar *reason = reason_text (revoked);

  if (reason == NULL)
    return g_strdup_printf ("revoked on %s, no reason given", when);
  return g_strdup_printf ("revoked on %s, reason %s", when, reason);
}

/* --- pki crl new ---------------------------------------------------------- */

static int
crl_new (int argc, char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new (NULL);
  g_auto (PkiToolPassphraseSource) source = { NULL, NULL };
  g_autoptr (GError) error = NULL;
  g_autoptr (PkiX509) ca = NULL;
  g_autoptr (PkiPKey) ca_key = NULL;
  g_autoptr (PkiCrl) crl = NULL;
  g_autoptr (GBytes) output = NULL;
  g_autofree gchar *ca_file = NULL;
  g_autofree gchar *ca_key_file = NULL;
  g_autofree gchar *days_text = NULL;
  g_autofree gchar *digest = NULL;
  g_autofree gchar *out = NULL;
  gboolean der = FALSE;
  const GOptionEntry entries[] = {
    { "ca", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME, &ca_file,
      "The CA's certificate (required)", "CERT" },
    { "ca-key", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME, &ca_key_file,
      "The CA's private key (required)", "KEY" },
    { "days", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &days_text,
      "The next CRL is due in N days (default 7)", "N" },
    { "digest", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &digest,
      "Sign with digest NAME (default sha256; none for ed25519 and ed448 CA keys)", "NAME" },
    { "out", 'o', G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME, &out,
      "Write the CRL to FILE (default: standard output)", "FILE" },
    { "der", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, &der, "Write DER instead of PEM", NULL },
    G_OPTION_ENTRY_NULL
  };
  const char *sign_digest = NULL;
  guint days = DEFAULT_CRL_DAYS;
  int status;

  g_option_context_set_summary (context,
                                "Make an empty CRL signed by a CA: version 2, CRL number 01,\n"
                                "issued now, the next one due in --days days, with the CA's\n"
                                "authority key identifier.  The passphrase options decrypt the\n"
                                "CA's key.");
  status = pki_tool_parse_command (context, entries, &source, &argc, &argv, NULL);
  if (status != PKI_TOOL_CONTINUE)
    return status;
  if (ca_file == NULL)
    return pki_tool_usage_error ("missing --ca CERT");
  if (ca_key_file == NULL)
    return pki_tool_usage_error ("missing --ca-key KEY");
  status = pki_tool_parse_days ("--days", days_text, &days);
  if (status != PKI_TOOL_CONTINUE)
    return status;
  status = pki_tool_one_stdin ((const char *const[]) { ca_file, ca_key_file, source.file }, 3);
  if (status != PKI_TOOL_CONTINUE)
    return status;

  if (!pki_tool_read_ca (ca_file, ca_key_file, &source, PKI_KEY_USAGE_CRL_SIGN, &ca, &ca_key,
                         &error)
      || !pki_tool_pick_digest (ca_key, digest, &sign_digest, &error))
    return pki_tool_fail (error);
  crl = pki_crl_new ();
  if (!pki_crl_set_crl_number (crl, "01", &error))
    return pki_tool_fail (error);
  output = pki_crl_export (crl, ca, ca_key, der ? PKI_FILETYPE_ASN1 : PKI_FILETYPE_PEM, days,
                           sign_digest, &error);
  if (output == NULL || !pki_tool_write (out, output, FALSE, &error))
    return pki_tool_fail (error);
  return PKI_EXIT_OK;
}

/* --- pki crl revoke ------------------------------------------------------- */

/* The CRL number after @previous (hex, NULL when the CRL has none: the
 * next is then 01), counted in 64 bits: a number of more than 16 hex
 * digits is refused rather than wrapped. */
static gchar *
next_crl_number (const char *previous, GError **error)
{
  const char *digits = previous;
  gchar *end = NULL;
  guint64 value;
  gchar *text;

  if (previous == NULL)
    return g_strdup ("01");
  if (*digits == '-')
    {
      g_set_error (error, PKI_ERROR, PKI_ERROR_BAD_INPUT,
                   "the CRL number %s is negative; cannot count on from it", previous);
      return NULL;
    }
  while (digits[0] == '0' && digits[1] != '\0')
    digits++;
  if (strlen (digits) > 16)
    {
      g_set_error (error, PKI_ERROR, PKI_ERROR_UNSUPPORTED,
                   "the CRL number %s has more than 16 hex digits; pki counts CRL numbers "
                   "up to FFFFFFFFFFFFFFFF", previous);
      return NULL;
    }
  value = g_ascii_strtoull (digits, &end, 16);
  if (end == digits || *end != '\0' || value == G_MAXUINT64)
    {
      g_set_error (error, PKI_ERROR, PKI_ERROR_UNSUPPORTED,
                   "cannot count on from the CRL number %s", previous);
      return NULL;
    }
  text = g_strdup_printf ("%" G_GINT64_MODIFIER "X", value + 1);
  if (strlen (text) % 2 != 0)
    {
      gchar *padded = g_strconcat ("0", text, NULL);
      g_free (text);
      text = padded;
    }
  return text;
}

/* Days from the previous CRL's lastUpdate to its nextUpdate, rounded up;
 * the default when it has no nextUpdate. */
static guint
previous_period (PkiCrl *crl)
{
  g_autoptr (GDateTime) last = pki_crl_get_last_update (crl);
  g_autoptr (GDateTime) next = pki_crl_get_next_update (crl);
  GTimeSpan span;
  gint64 days;

  if (last == NULL || next == NULL)
    return DEFAULT_CRL_DAYS;
  span = g_date_time_difference (next, last);
  days = (span + G_TIME_SPAN_DAY - 1) / G_TIME_SPAN_DAY;
  return days >= 1 && days <= 3650000 ? (guint) days : DEFAULT_CRL_DAYS;
}

/* The entry `revoke` adds, before its serial number is known when it comes
 * from --cert: the date (now unless given, never in the future) and the
 * reason. */
static PkiRevoked *
make_entry (const char *date, const char *reason_name, GError **error)
{
  g_autoptr (PkiRevoked) revoked = pki_revoked_new ();
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr (GDateTime) when = NULL;
  PkiCrlReason reason = PKI_CRL_REASON_NONE;

  if (reason_name != NULL)
    {
      if (!pki_crl_reason_from_string (reason_name, &reason, NULL))
        {
          g_autofree gchar *names = g_strjoinv (", ", (GStrv) pki_revoked_all_reasons ());

          g_set_error (error, PKI_ERROR, PKI_ERROR_BAD_INPUT,
                       "--reason: unknown reason '%s' (one of %s)", reason_name, names);
          return NULL;
        }
      /* RFC 5280 5.3.1: removeFromCRL is for delta CRLs only. */
      if (reason == PKI_CRL_REASON_REMOVE_FROM_CRL)
        {
          g_set_error (error, PKI_ERROR, PKI_ERROR_BAD_INPUT,
                       "--reason: removeFromCRL belongs in delta CRLs, not in a full CRL");
          return NULL;
        }
      if (!pki_revoked_set_reason (revoked, reason, error))
        return NULL;
    }
  if (date == NULL)
    {
      if (!pki_revoked_set_revocation_date (revoked, now, error))
        return NULL;
      return g_steal_pointer (&revoked);
    }
  if (!pki_revoked_set_revocation_date_string (revoked, date, error))
    {
      g_prefix_error (error, "--date: ");
      return NULL;
    }
  when = pki_revoked_get_revocation_date (revoked);
  if (when == NULL || g_date_time_compare (when, now) > 0)
    {
      g_set_error (error, PKI_ERROR, PKI_ERROR_BAD_INPUT,
                   "--date: %s is in the future", date);
      return NULL;
    }
  return g_steal_pointer (&revoked);
}

static int
crl_revoke (int argc, char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new (NULL);
  g_auto (PkiToolPassphraseSource) source = { NULL, NULL };
  g_autoptr (GError) error = NULL;
  g_autoptr (PkiX509) ca = NULL;
  g_autoptr (PkiPKey) ca_key = NULL;
  g_autoptr (PkiCrl) crl = NULL;
  g_autoptr (PkiRevoked) entry = NULL;
  g_autoptr (PkiRevoked) already = NULL;
  g_autoptr (GBytes) output = NULL;
  g_autofree gchar *crl_file = NULL;
  g_autofree gchar *ca_file = NULL;
  g_autofree gchar *ca_key_file = NULL;
  g_autofree gchar *serial = NULL;
  g_autofree gchar *cert_file = NULL;
  g_autofree gchar *reason = NULL;
  g_autofree gchar *date = NULL;
  g_autofree gchar *days_text = NULL;
  g_autofree gchar *digest = NULL;
  g_autofree gchar *out = NULL;
  g_autofree gchar *revoked_serial = NULL;
  g_autofree gchar *previous = NULL;
  g_autofree gchar *number = NULL;
  g_autofree gchar *delta = NULL;
  const GOptionEntry entries[] = {
    { "crl", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME, &crl_file,
      "The CA's current CRL, PEM or DER (required)", "FILE" },
    { "ca", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME, &ca_file,
      "The CA's certificate (required)", "CERT" },
    { "ca-key", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME, &ca_key_file,
      "The CA's private key (required)", "KEY" },
    { "serial", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &serial,
      "Revoke the certificate with this serial number (hex)", "HEX" },
    { "cert", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME, &cert_file,
      "Revoke this certificate, which the CA must have issued", "FILE" },
    { "reason", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &reason,
      "Reason: keyCompromise, CACompromise, affiliationChanged, superseded, "
      "cessationOfOperation, certificateHold, privilegeWithdrawn, AACompromise, "
      "unspecified (default: no reason)", "NAME" },
    { "date", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &date,
      "Revocation date YYYYMMDDhhmmssZ (default: now)", "WHEN" },
    { "days", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &days_text,
      "The next CRL is due in N days (default: the previous CRL's period)", "N" },
    { "digest", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &digest,
      "Sign with digest NAME (default sha256; none for ed25519 and ed448 CA keys)", "NAME" },
    { "out", 'o', G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME, &out,
      "Write the new CRL to FILE (default: replace the --crl file)", "FILE" },
    G_OPTION_ENTRY_NULL
  };
  const char *sign_digest = NULL;
  PkiFiletype type = PKI_FILETYPE_PEM;
  guint days = 0;
  int status;

  g_option_context_set_summary (context,
                                "Revoke a certificate: read the CA's current CRL, check that the CA\n"
                                "signed it, add an entry for the serial number (refusing one that\n"
                                "is already there), count the CRL number on by one and sign the CRL\n"
                                "anew, issued now.  The new CRL replaces the old file atomically,\n"
                                "in the same encoding.  The passphrase options decrypt the CA's key.");
  status = pki_tool_parse_command (context, entries, &source, &argc, &argv, NULL);
  if (status != PKI_TOOL_CONTINUE)
    return status;
  if (crl_file == NULL)
    return pki_tool_usage_error ("missing --crl FILE");
  if (ca_file == NULL)
    return pki_tool_usage_error ("missing --ca CERT");
  if (ca_key_file == NULL)
    return pki_tool_usage_error ("missing --ca-key KEY");
  if ((serial == NULL) == (cert_file == NULL))
    return pki_tool_usage_error ("give one of --serial HEX and --cert FILE");
  status = pki_tool_parse_days ("--days", days_text, &days);
  if (status != PKI_TOOL_CONTINUE)
    return status;
  status = pki_tool_one_stdin ((const char *const[]) { crl_file, ca_file, ca_key_file, cert_file,
                                                       source.file }, 5);
  if (status != PKI_TOOL_CONTINUE)
    return status;

  entry = make_entry (date, reason, &error);
  if (entry == NULL)
    return pki_tool_fail (error);
  if (serial != NULL && !pki_revoked_set_serial (entry, serial, &error))
    {
      g_prefix_error (&error, "--serial: ");
      return pki_tool_fail (error);
    }
  if (!pki_tool_read_ca (ca_file, ca_key_file, &source, PKI_KEY_USAGE_CRL_SIGN, &ca, &ca_key,
                         &error)
      || !pki_tool_pick_digest (ca_key, digest, &sign_digest, &error))
    return pki_tool_fail (error);
  crl = pki_tool_read_crl (crl_file, FALSE, &type, &error);
  if (crl == NULL || !check_crl_from (crl, crl_file, ca, ca_file, &error))
    return pki_tool_fail (error);
  delta = pki_crl_get_delta_crl_indicator (crl);
  if (delta != NULL)
    {
      g_set_error (&error, PKI_ERROR, PKI_ERROR_UNSUPPORTED,
                   "%s: a delta CRL (of base CRL %s); pki crl revoke keeps full CRLs",
                   pki_tool_display_name (crl_file), delta);
      return pki_tool_fail (error);
    }
  if (cert_file != NULL)
    {
      g_autoptr (PkiX509) cert = pki_tool_read_cert (cert_file, FALSE, &error);

      if (cert == NULL || !check_cert_from (cert, cert_file, ca, ca_file, &error))
        return pki_tool_fail (error);
      revoked_serial = pki_x509_get_serial (cert);
      if (!pki_revoked_set_serial (entry, revoked_serial, &error))
        {
          g_prefix_error (&error, "%s: ", pki_tool_display_name (cert_file));
          return pki_tool_fail (error);
        }
    }
  g_free (revoked_serial);
  revoked_serial = pki_revoked_get_serial (entry);

  already = pki_crl_lookup (crl, revoked_serial, &error);
  if (error != NULL)
    return pki_tool_fail (error);
  if (already != NULL)
    {
      g_autofree gchar *how = describe_revocation (already);

      g_set_error (&error, PKI_ERROR, PKI_ERROR_BAD_INPUT,
                   "serial %s is already in %s: %s", revoked_serial,
                   pki_tool_display_name (crl_file), how);
      return pki_tool_fail (error);
    }

  previous = pki_crl_get_crl_number (crl);
  number = next_crl_number (previous, &error);
  if (number == NULL)
    {
      g_prefix_error (&error, "%s: ", pki_tool_display_name (crl_file));
      return pki_tool_fail (error);
    }
  if (days == 0)
    days = previous_period (crl);
  if (!pki_crl_add_revoked (crl, entry, &error) || !pki_crl_set_crl_number (crl, number, &error))
    return pki_tool_fail (error);
  output = pki_crl_export (crl, ca, ca_key, type, days, sign_digest, &error);
  if (output == NULL || !pki_tool_write (out != NULL ? out : crl_file, output, FALSE, &error))
    return pki_tool_fail (error);
  return PKI_EXIT_OK;
}

/* --- pki crl show --------------------------------------------------------- */

static void
add_entry (JsonBuilder *builder, PkiRevoked *revoked)
{
  g_autofree gchar *serial = pki_revoked_get_serial (revoked);
  g_autoptr (GDateTime) date = pki_revoked_get_revocation_date (revoked);
  g_autoptr (GDateTime) invalidity = pki_revoked_get_invalidity_date (revoked);
  g_autofree gchar *reason = reason_text (revoked);

  json_builder_begin_object (builder);
  pki_tool_add_string_member (builder, "serial", serial);
  pki_tool_add_time_member (builder, "revocation_date", date);
  pki_tool_add_string_member (builder, "reason", reason);
  pki_tool_add_time_member (builder, "invalidity_date", invalidity);
  json_builder_end_object (builder);
}

/* Everything `pki crl show` says about @crl, as the JSON object --json
 * prints; the text output is made from it.  The entries, which may be
 * millions, are decoded only when @limit asks for some: "entries" holds
 * the first @limit of them (G_MAXUINT: all), or is null when @limit is 0. */
static gboolean
describe_crl (JsonBuilder *builder, PkiCrl *crl, guint limit, GError **error)
{
  g_autoptr (PkiX509Name) issuer = pki_crl_get_issuer (crl);
  g_autoptr (GDateTime) last = pki_crl_get_last_update (crl);
  g_autoptr (GDateTime) next = pki_crl_get_next_update (crl);
  g_autoptr (GBytes) aki = pki_crl_get_authority_key_identifier (crl);
  g_autoptr (GError) sigalg_error = NULL;
  g_autoptr (GPtrArray) revoked = NULL;
  g_autofree gchar *number = pki_crl_get_crl_number (crl);
  g_autofree gchar *delta = pki_crl_get_delta_crl_indicator (crl);
  g_autofree gchar *aki_text = aki != NULL ? pki_tool_hex_colons (aki) : NULL;
  g_autofree gchar *sigalg = NULL;
  guint count = pki_crl_get_revoked_count (crl);

  sigalg = pki_crl_get_signature_algorithm (crl, &sigalg_error);
  if (sigalg == NULL)
    sigalg = g_strdup_printf ("unknown (%s)", sigalg_error->message);
  if (limit > 0 && count > 0)
    {
      revoked = pki_crl_get_revoked (crl, error);
      if (revoked == NULL)
        return FALSE;
    }

  json_builder_begin_object (builder);
  pki_tool_add_name_member (builder, "issuer", issuer);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, pki_crl_get_version (crl) + 1);
  pki_tool_add_time_member (builder, "last_update", last);
  pki_tool_add_time_member (builder, "next_update", next);
  pki_tool_add_string_member (builder, "crl_number", number);
  pki_tool_add_string_member (builder, "authority_key_identifier", aki_text);
  pki_tool_add_string_member (builder, "delta_crl_indicator", delta);
  pki_tool_add_string_member (builder, "signature_algorithm", sigalg);
  json_builder_set_member_name (builder, "entry_count");
  json_builder_add_int_value (builder, count);
  json_builder_set_member_name (builder, "entries");
  if (limit == 0)
    json_builder_add_null_value (builder);
  else
    {
      json_builder_begin_array (builder);
      for (guint i = 0; revoked != NULL && i < revoked->len && i < limit; i++)
        add_entry (builder, g_ptr_array_index (revoked, i));
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);
  return TRUE;
}

static void
append_text (GString *text, JsonObject *crl)
{
  JsonArray *entries = json_object_get_array_member (crl, "entries");
  gint64 count = json_object_get_int_member (crl, "entry_count");
  g_autofree gchar *version = g_strdup_printf ("%" G_GINT64_FORMAT,
                                               json_object_get_int_member (crl, "version"));
  g_autofree gchar *count_text = g_strdup_printf ("%" G_GINT64_FORMAT, count);
  guint shown = json_array_get_length (entries);

  pki_tool_append_field (text, "Issuer", json_object_get_string_member (crl, "issuer"));
  pki_tool_append_field (text, "Version", version);
  pki_tool_append_field (text, "Last update", json_object_get_string_member (crl, "last_update"));
  pki_tool_append_field (text, "Next update", json_object_get_string_member (crl, "next_update"));
  pki_tool_append_field (text, "CRL number", json_object_get_string_member (crl, "crl_number"));
  pki_tool_append_field (text, "Authority key id",
                         json_object_get_string_member (crl, "authority_key_identifier"));
  pki_tool_append_field (text, "Delta CRL indicator",
                         json_object_get_string_member (crl, "delta_crl_indicator"));
  pki_tool_append_field (text, "Signature algorithm",
                         json_object_get_string_member (crl, "signature_algorithm"));
  pki_tool_append_field (text, "Entries", count_text);
  for (guint i = 0; i < shown; i++)
    {
      JsonObject *entry = json_array_get_object_element (entries, i);

      g_string_append_printf (text, "  %s  revoked %s", json_object_get_string_member (entry, "serial"),
                              json_object_get_string_member (entry, "revocation_date"));
      if (!json_object_get_null_member (entry, "reason"))
        g_string_append_printf (text, "  reason %s", json_object_get_string_member (entry, "reason"));
      if (!json_object_get_null_member (entry, "invalidity_date"))
        g_string_append_printf (text, "  invalid since %s",
                                json_object_get_string_member (entry, "invalidity_date"));
      g_string_append_c (text, '\n');
    }
  if (count > shown)
    g_string_append_printf (text, "  ... %" G_GINT64_FORMAT " more (--entries lists them all)\n",
                            count - shown);
}

static int
crl_show (int argc, char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new ("FILE");
  g_autoptr (GError) error = NULL;
  g_autoptr (PkiCrl) crl = NULL;
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  gboolean json = FALSE, der = FALSE, all = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, &json, "Print a JSON object", NULL },
    { "der", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, &der,
      "FILE is DER (found from its contents otherwise)", NULL },
    { "entries", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, &all,
      "List every entry (text: the first 20 otherwise; JSON: none otherwise)", NULL },
    G_OPTION_ENTRY_NULL
  };
  const char *file;
  guint limit;
  int status;

  g_option_context_set_summary (context,
                                "Show a CRL: issuer, version, last and next update, CRL number,\n"
                                "authority key identifier, delta CRL indicator, signature\n"
                                "algorithm, the number of entries and the entries (serial number,\n"
                                "revocation date, reason, invalidity date).  FILE '-' is standard\n"
                                "input.");
  status = pki_tool_parse_command (context, entries, NULL, &argc, &argv, &file);
  if (status != PKI_TOOL_CONTINUE)
    return status;

  crl = pki_tool_read_crl (file, der, NULL, &error);
  if (crl == NULL)
    return pki_tool_fail (error);
  limit = all ? G_MAXUINT : json ? 0 : SHOWN_ENTRIES;
  if (!describe_crl (builder, crl, limit, &error))
    return pki_tool_fail (error);
  return pki_tool_print_description (builder, json, append_text);
}

/* --- pki crl check -------------------------------------------------------- */

static int
crl_check (int argc, char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new ("CERT");
  g_autoptr (GError) error = NULL;
  g_autoptr (PkiCrl) crl = NULL;
  g_autoptr (PkiX509) cert = NULL;
  g_autoptr (PkiX509) ca = NULL;
  g_autoptr (PkiRevoked) revoked = NULL;
  g_autoptr (GDateTime) next = NULL;
  g_autoptr (GDateTime) now = NULL;
  g_autofree gchar *crl_file = NULL;
  g_autofree gchar *ca_file = NULL;
  g_autofree gchar *serial = NULL;
  g_autofree gchar *verdict = NULL;
  const GOptionEntry entries[] = {
    { "crl", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME, &crl_file,
      "The CRL, PEM or DER (required)", "FILE" },
    { "ca", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME, &ca_file,
      "Check first that this CA issued the CRL and the certificate", "CERT" },
    G_OPTION_ENTRY_NULL
  };
  const char *file;
  int status;

  g_option_context_set_summary (context,
                                "Say whether a CRL revokes a certificate, and when and why.  The\n"
                                "CRL must come from the certificate's issuer (by name; with --ca,\n"
                                "also by signature).  Exit status 0: not revoked; 3: revoked;\n"
                                "1: the check could not be made.");
  status = pki_tool_parse_command (context, entries, NULL, &argc, &argv, &file);
  if (status != PKI_TOOL_CONTINUE)
    return status;
  if (crl_file == NULL)
    return pki_tool_usage_error ("missing --crl FILE");
  status = pki_tool_one_stdin ((const char *const[]) { crl_file, ca_file, file }, 3);
  if (status != PKI_TOOL_CONTINUE)
    return status;

  crl = pki_tool_read_crl (crl_file, FALSE, NULL, &error);
  if (crl == NULL)
    return pki_tool_fail (error);
  cert = pki_tool_read_cert (file, FALSE, &error);
  if (cert == NULL)
    return pki_tool_fail (error);
  if (ca_file != NULL)
    {
      ca = pki_tool_read_cert (ca_file, FALSE, &error);
      if (ca == NULL || !check_crl_from (crl, crl_file, ca, ca_file, &error)
          || !check_cert_from (cert, file, ca, ca_file, &error))
        return pki_tool_fail (error);
    }
  else
    {
      g_autoptr (PkiX509Name) crl_issuer = pki_crl_get_issuer (crl);
      g_autoptr (PkiX509Name) cert_issuer = pki_x509_get_issuer (cert);

      if (!pki_x509_name_equal (crl_issuer, cert_issuer))
        {
          g_autofree gchar *crl_text = pki_x509_name_to_string (crl_issuer);
          g_autofree gchar *cert_text = pki_x509_name_to_string (cert_issuer);

          g_set_error (&error, PKI_ERROR, PKI_ERROR_BAD_INPUT,
                       "%s was issued by '%s' but the CRL by '%s': the CRL cannot tell",
                       pki_tool_display_name (file), cert_text, crl_text);
          return pki_tool_fail (error);
        }
    }

  revoked = pki_crl_lookup_certificate (crl, cert, &error);
  if (error != NULL)
    {
      g_prefix_error (&error, "%s: ", pki_tool_display_name (file));
      return pki_tool_fail (error);
    }
  next = pki_crl_get_next_update (crl);
  now = g_date_time_new_now_utc ();
  if (next != NULL && g_date_time_compare (next, now) < 0)
    {
      g_autofree gchar *when = pki_tool_iso8601 (next);

      fprintf (stderr, "pki: warning: %s was due to be replaced on %s; a newer CRL may say more\n",
               pki_tool_display_name (crl_file), when);
    }
  serial = pki_x509_get_serial (cert);
  if (revoked != NULL)
    {
      g_autofree gchar *how = describe_revocation (revoked);
      verdict = g_strdup_printf ("%s (serial %s): %s\n", pki_tool_display_name (file), serial, how);
    }
  else
    verdict = g_strdup_printf ("%s (serial %s): not revoked\n", pki_tool_display_name (file), serial);
  if (!pki_tool_print (verdict, &error))
    return pki_tool_fail (error);
  return revoked != NULL ? PKI_EXIT_REVOKED : PKI_EXIT_OK;
}

/* --- the group ------------------------------------------------------------ */

/* The `pki crl` commands, registered in pki.c. */
const PkiToolCommand pki_crl_commands[] = {
  { "new", "Make an empty CRL signed by a CA", crl_new, NULL },
  { "revoke", "Add a certificate to a CA's CRL and sign it anew", crl_revoke, NULL },
  { "show", "Show a CRL's fields and entries", crl_show, NULL },
  { "check", "Say whether a CRL revokes a certificate", crl_check, NULL },
  { NULL, NULL, NULL, NULL }
};
