/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ot-incident.h"
#include "ot-error.h"

#include <glib/gi18n-lib.h>
#include <locale.h>
#include <math.h>
#include <string.h>

static const char * const status_names[OT_N_STATUS] = {
  "reported", "alleged", "investigated", "detained", "seized",
  "charged", "convicted", "acquitted", "dismissed",
};

static const char * const confidence_names[OT_N_CONFIDENCE] = {
  "low", "medium", "high",
};

static const char * const form_names[OT_N_FORMS] = {
  "unknown", "ore", "concentrate", "oxide", "metal", "alloy",
  "magnet", "compound", "scrap", "technology",
};

static gboolean
parse_name (const char         *text,
            const char * const *names,
            guint               n_names,
            guint              *out)
{
  g_autofree char *folded = NULL;

  if (text == NULL)
    return FALSE;

  folded = g_ascii_strdown (text, -1);
  g_strstrip (folded);

  for (guint i = 0; i < n_names; i++)
    {
      if (strcmp (folded, names[i]) == 0)
        {
          *out = i;
          return TRUE;
        }
    }
  return FALSE;
}

const char *
ot_status_name (OtStatus status)
{
  g_return_val_if_fail (status < OT_N_STATUS, NULL);

  return status_names[status];
}

const char *
ot_status_label (OtStatus status)
{
  switch (status)
    {
    case OT_STATUS_REPORTED: return _("Reported");
    case OT_STATUS_ALLEGED: return _("Alleged");
    case OT_STATUS_INVESTIGATED: return _("Investigated");
    case OT_STATUS_DETAINED: return _("Detained");
    case OT_STATUS_SEIZED: return _("Seized");
    case OT_STATUS_CHARGED: return _("Charged");
    case OT_STATUS_CONVICTED: return _("Convicted");
    case OT_STATUS_ACQUITTED: return _("Acquitted");
    case OT_STATUS_DISMISSED: return _("Dismissed");
    case OT_N_STATUS:
    default:
      g_return_val_if_reached (NULL);
    }
}

gboolean
ot_status_parse (const char *text,
                 OtStatus   *out)
{
  guint value;

  g_return_val_if_fail (out != NULL, FALSE);

  if (!parse_name (text, status_names, OT_N_STATUS, &value))
    return FALSE;
  *out = value;
  return TRUE;
}

gboolean
ot_status_is_confirmed (OtStatus status)
{
  return status == OT_STATUS_DETAINED || status == OT_STATUS_SEIZED ||
         status == OT_STATUS_CHARGED || status == OT_STATUS_CONVICTED;
}

const char *
ot_confidence_name (OtConfidence confidence)
{
  g_return_val_if_fail (confidence < OT_N_CONFIDENCE, NULL);

  return confidence_names[confidence];
}

gboolean
ot_confidence_parse (const char   *text,
                     OtConfidence *out)
{
  guint value;

  g_return_val_if_fail (out != NULL, FALSE);

  if (!parse_name (text, confidence_names, OT_N_CONFIDENCE, &value))
    return FALSE;
  *out = value;
  return TRUE;
}

const char *
ot_form_name (OtForm form)
{
  g_return_val_if_fail (form < OT_N_FORMS, NULL);

  return form_names[form];
}

const char *
ot_form_label (OtForm form)
{
  switch (form)
    {
    /* TRANSLATORS: the form of a mineral in a record */
    case OT_FORM_UNKNOWN: return C_("form", "Unknown");
    case OT_FORM_ORE: return C_("form", "Ore");
    case OT_FORM_CONCENTRATE: return C_("form", "Concentrate");
    case OT_FORM_OXIDE: return C_("form", "Oxide");
    case OT_FORM_METAL: return C_("form", "Metal");
    case OT_FORM_ALLOY: return C_("form", "Alloy");
    case OT_FORM_MAGNET: return C_("form", "Magnet");
    case OT_FORM_COMPOUND: return C_("form", "Compound");
    case OT_FORM_SCRAP: return C_("form", "Scrap");
    case OT_FORM_TECHNOLOGY: return C_("form", "Technology");
    case OT_N_FORMS:
    default:
      g_return_val_if_reached (NULL);
    }
}

gboolean
ot_form_parse (const char *text,
               OtForm     *out)
{
  guint value;

  g_return_val_if_fail (out != NULL, FALSE);

  if (!parse_name (text, form_names, OT_N_FORMS, &value))
    return FALSE;
  *out = value;
  return TRUE;
}

gboolean
ot_incident_has_quantity (const OtIncident *incident)
{
  g_return_val_if_fail (incident != NULL, FALSE);

  return !isnan (incident->quantity_kg);
}

/* GDate's Julian day number (1 January of year 1 is day 1), worked out
 * directly: every network, histogram and filter asks for it once an
 * incident, where a GDate set and read cost about 40 ns (days_from_civil,
 * the proleptic Gregorian calendar counted in eras of 400 years).  0 for
 * a date that does not exist. */
static guint32
julian (int year,
        int month,
        int day)
{
  int y, era, year_of_era, day_of_year, day_of_era;

  if (year < 1 || year > G_MAXUINT16 || month < 1 || month > 12 || day < 1 ||
      day > g_date_get_days_in_month (month, year))
    return 0;
  y = year - (month <= 2 ? 1 : 0);
  era = y / 400;
  year_of_era = y - era * 400;
  day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  /* Day 0 of this count is 1 March of year 0, GDate's day -305. */
  return (guint32) (era * 146097 + day_of_era - 305);
}

guint32
ot_date_first_day (const OtDate *date)
{
  g_return_val_if_fail (date != NULL, 0);

  switch (date->precision)
    {
    case OT_DATE_YEAR:
      return julian (date->year, 1, 1);
    case OT_DATE_MONTH:
      return julian (date->year, date->month, 1);
    case OT_DATE_DAY:
      return julian (date->year, date->month, date->day);
    default:
      return 0;
    }
}

guint32
ot_date_last_day (const OtDate *date)
{
  g_return_val_if_fail (date != NULL, 0);

  switch (date->precision)
    {
    case OT_DATE_YEAR:
      return julian (date->year, 12, 31);
    case OT_DATE_MONTH:
      return julian (date->year, date->month,
                     g_date_get_days_in_month (date->month, date->year));
    case OT_DATE_DAY:
      return julian (date->year, date->month, date->day);
    default:
      return 0;
    }
}

char *
ot_date_to_string (const OtDate *date)
{
  g_return_val_if_fail (date != NULL, NULL);

  switch (date->precision)
    {
    case OT_DATE_YEAR:
      return g_strdup_printf ("%04d", date->year);
    case OT_DATE_MONTH:
      return g_strdup_printf ("%04d-%02d", date->year, date->month);
    case OT_DATE_DAY:
      return g_strdup_printf ("%04d-%02d-%02d", date->year, date->month, date->day);
    default:
      return g_strdup ("");
    }
}

char *
ot_date_to_display (const OtDate *date)
{
  const char *lc_time = setlocale (LC_TIME, NULL);
  g_autoptr(GDateTime) dt = NULL;

  g_return_val_if_fail (date != NULL, NULL);

  if (date->precision != OT_DATE_MONTH && date->precision != OT_DATE_DAY)
    return ot_date_to_string (date);
  if (lc_time == NULL || g_str_equal (lc_time, "C") || g_str_equal (lc_time, "POSIX")
      || g_str_has_prefix (lc_time, "C."))
    return ot_date_to_string (date);
  dt = g_date_time_new_utc (date->year, date->month,
                            date->precision == OT_DATE_DAY ? date->day : 1, 0, 0, 0);
  if (dt == NULL)
    return ot_date_to_string (date);
  if (date->precision == OT_DATE_DAY)
    return g_date_time_format (dt, "%x");
  /* Translators: a month and its year, a g_date_time_format() pattern
   * ("May 2025"); %B is the month's name in the user's locale. */
  return g_date_time_format (dt, _("%B %Y"));
}

static gboolean
parse_digits (const char *text,
              guint       n,
              int        *out)
{
  int value = 0;

  for (guint i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit (text[i]))
        return FALSE;
      value = value * 10 + (text[i] - '0');
    }
  *out = value;
  return TRUE;
}

gboolean
ot_date_parse (const char  *text,
               OtDate      *out,
               GError     **error)
{
  g_autofree char *copy = NULL;
  int year = 0, month = 0, day = 0;
  gsize len;

  g_return_val_if_fail (out != NULL, FALSE);

  copy = g_strstrip (g_strdup (text ? text : ""));
  len = strlen (copy);

  if (len == 4 && parse_digits (copy, 4, &year))
    *out = (OtDate) { year, 0, 0, OT_DATE_YEAR };
  else if (len == 7 && copy[4] == '-' && parse_digits (copy, 4, &year) &&
           parse_digits (copy + 5, 2, &month))
    *out = (OtDate) { year, month, 0, OT_DATE_MONTH };
  else if (len == 10 && copy[4] == '-' && copy[7] == '-' && parse_digits (copy, 4, &year) &&
           parse_digits (copy + 5, 2, &month) && parse_digits (copy + 8, 2, &day))
    *out = (OtDate) { year, month, day, OT_DATE_DAY };
  else
    {
      g_set_error (error, OT_ERROR, OT_ERROR_INVALID,
                   _("invalid date \"%s\" (expected YYYY, YYYY-MM or YYYY-MM-DD)"), copy);
      return FALSE;
    }

  /* Month and day 0 are impossible too when given ("2024-00", "2024-07-00"). */
  if (year < 1 || (out->precision >= OT_DATE_MONTH && (month < 1 || month > 12)) ||
      (out->precision == OT_DATE_DAY && !g_date_valid_dmy (day, month, year)))
    {
      g_set_error (error, OT_ERROR, OT_ERROR_INVALID,
                   _("impossible date \"%s\""), copy);
      return FALSE;
    }

  return TRUE;
}
