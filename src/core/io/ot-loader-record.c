/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The column rules of docs/incident-format.md, shared by every format. */
#include "ot-loader-private.h"
#include "ot-hash.h"
#include "ot-text.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

static const char * const column_names[OT_N_COLUMNS] = {
  "id", "date", "mineral", "form", "hs_code", "quantity", "unit", "value",
  "currency", "declared_as", "concealment", "origin", "exporter", "via",
  "destination", "consignee", "status", "confidence", "reliability",
  "credibility", "event_country", "event_place", "authority", "case_ref",
  "illustrative", "source", "source_url", "notes",
};

static const struct { const char *name; double kg; } units[] = {
  { "kg", 1.0 }, { "kgs", 1.0 }, { "kilogram", 1.0 }, { "kilograms", 1.0 },
  { "g", 0.001 }, { "gram", 0.001 }, { "grams", 0.001 },
  { "t", 1000.0 }, { "tonne", 1000.0 }, { "tonnes", 1000.0 }, { "mt", 1000.0 },
  { "lb", 0.45359237 }, { "lbs", 0.45359237 }, { "pound", 0.45359237 },
  { "pounds", 0.45359237 },
};

const char *
ot_column_name (OtColumn column)
{
  g_return_val_if_fail (column < OT_N_COLUMNS, NULL);

  return column_names[column];
}

OtColumn
ot_column_from_name (const char *name)
{
  char key[32];
  gsize n = 0;

  g_return_val_if_fail (name != NULL, OT_N_COLUMNS);

  while (g_ascii_isspace (*name))
    name++;
  for (; *name && n < sizeof key - 1; name++)
    key[n++] = (*name == ' ' || *name == '-') ? '_' : g_ascii_tolower (*name);
  while (n > 0 && key[n - 1] == '_')
    n--;
  key[n] = '\0';
  if (*name != '\0' && !g_ascii_isspace (*name))
    return OT_N_COLUMNS;

  for (guint i = 0; i < OT_N_COLUMNS; i++)
    if (strcmp (key, column_names[i]) == 0)
      return i;
  return OT_N_COLUMNS;
}

void
ot_loader_report (OtDataset  *dataset,
                  const char *file,
                  guint       line,
                  OtSeverity  severity,
                  const char *format,
                  ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  ot_dataset_add_problem (dataset, ot_problem_new (file, line, NULL, severity, "%s", message));
}

OtLoaderLimits ot_loader_limits = {
  OT_LOADER_MAX_INCIDENTS,
  OT_LOADER_MAX_PROBLEMS,
  OT_LOADER_MAX_JSON_DOCUMENT,
  OT_LOADER_PARALLEL_MIN_BYTES,
  OT_LOADER_PIECE_BYTES,
  0,
  OT_LOADER_RELEASE_EVERY,
  OT_LOADER_MAX_HOPS,
  FALSE,
};

OtLoaderStats ot_loader_stats;

static void
record_problem (OtRecord   *record,
                const char *column,
                OtSeverity  severity,
                const char *format,
                va_list     args)
{
  g_autofree char *message = NULL;
  OtProblem *problem;

  /* A million bad rows must not make millions of problems. */
  if (record->n_problems >= ot_loader_limits.max_problems)
    {
      record->n_unlisted++;
      return;
    }
  record->n_problems++;
  message = g_strdup_vprintf (format, args);

  problem = ot_problem_new (record->file, record->line, column, severity, "%s", message);
  ot_problem_set_sheet (problem, record->sheet);
  ot_dataset_add_problem (record->dataset, problem);
}

void
ot_record_report (OtRecord   *record,
                  guint       line,
                  OtSeverity  severity,
                  const char *format,
                  ...)
{
  g_autofree char *message = NULL;
  OtProblem *problem;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  problem = ot_problem_new (record->file, line, NULL, severity, "%s", message);
  ot_problem_set_sheet (problem, record->sheet);
  ot_dataset_add_problem (record->dataset, problem);
}

gboolean
ot_record_join_part (OtRecord  *record,
                     OtDataset *part,
                     gboolean   stop,
                     guint      n_duplicates,
                     guint      n_unlisted,
                     guint      line)
{
  g_autofree gpointer *problems = NULL;
  gsize n_problems = 0;

  gboolean moves = ot_dataset_part_fits (record->dataset, part);

  if (stop || n_duplicates > 0 ||
      ot_dataset_get_n_incidents (record->dataset) + ot_dataset_get_n_incidents (part) >
      ot_loader_limits.max_incidents ||
      !ot_dataset_absorb (record->dataset, part, line - 1))
    return FALSE;
  if (moves)
    g_atomic_int_inc (&ot_loader_stats.n_moved);

  /* Its problems are all about its rows. */
  problems = g_ptr_array_steal (ot_dataset_get_problems (part), &n_problems);
  for (gsize i = 0; i < n_problems; i++)
    {
      OtProblem *problem = problems[i];

      if (record->n_problems < ot_loader_limits.max_problems)
        {
          problem->line += line - 1;
          ot_dataset_add_problem (record->dataset, problem);
          record->n_problems++;
        }
      else
        {
          ot_problem_free (problem);
          record->n_unlisted++;
        }
    }
  record->n_unlisted += n_unlisted;
  ot_dataset_add_rejected (record->dataset, ot_dataset_get_n_rejected (part));
  return TRUE;
}

void
ot_record_error (OtRecord   *record,
                 const char *column,
                 const char *format,
                 ...)
{
  va_list args;

  va_start (args, format);
  record_problem (record, column, OT_SEVERITY_ERROR, format, args);
  va_end (args);
  record->n_errors++;
}

void
ot_record_warning (OtRecord   *record,
                   const char *column,
                   const char *format,
                   ...)
{
  va_list args;

  va_start (args, format);
  record_problem (record, column, OT_SEVERITY_WARNING, format, args);
  va_end (args);
}

void
ot_record_init (OtRecord   *record,
                OtDataset  *dataset,
                const char *file)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  GDate today;

  memset (record, 0, sizeof *record);
  record->dataset = dataset;
  record->file = ot_dataset_intern (dataset, file);
  record->via = g_array_new (FALSE, FALSE, sizeof (OtHop));
  record->via_pool = g_array_new (FALSE, FALSE, sizeof (OtHop));
  record->extras = g_array_new (FALSE, FALSE, sizeof (OtExtra));
  record->scratch = g_string_new (NULL);

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, g_date_time_get_day_of_month (now),
                  g_date_time_get_month (now), g_date_time_get_year (now));
  record->today = g_date_get_julian (&today);
  record->today_year = g_date_get_year (&today);
}

typedef struct {
  guint64  hash;        /* 0: empty slot */
  guint64  value;       /* a copy of the OtIncident member */
  gsize    length;
  char    *text;
} CacheSlot;

typedef struct _OtValueCache {
  CacheSlot *slots;
  guint      mask;      /* number of slots - 1 */
  guint      n;
} OtValueCache;

static void value_cache_free (OtValueCache *cache);

void
ot_record_clear (OtRecord *record)
{
  if (record->n_unlisted > 0)
    ot_record_report (record, 0, OT_SEVERITY_WARNING,
                      _("%u more problems in this file are not listed (at most %u are)"),
                      record->n_unlisted, ot_loader_limits.max_problems);
  record->n_unlisted = 0;
  for (guint i = 0; i < OT_N_COLUMNS; i++)
    g_clear_pointer (&record->cache[i], value_cache_free);
  g_clear_pointer (&record->via, g_array_unref);
  g_clear_pointer (&record->via_pool, g_array_unref);
  g_clear_pointer (&record->extras, g_array_unref);
  if (record->scratch)
    g_string_free (g_steal_pointer (&record->scratch), TRUE);
}

void
ot_record_begin (OtRecord *record,
                 guint     line)
{
  OtIncident *incident = &record->incident;

  memset (incident, 0, sizeof *incident);
  incident->mineral = OT_MINERAL_NONE;
  incident->form = OT_FORM_UNKNOWN;
  incident->status = OT_STATUS_ALLEGED;
  incident->confidence = OT_CONFIDENCE_MEDIUM;
  incident->quantity_kg = NAN;
  incident->value = NAN;
  incident->file = record->file;
  incident->sheet = record->sheet;
  incident->line = line;

  record->line = line;
  record->n_errors = 0;
  record->bad_place = FALSE;
  record->quantity = NAN;
  record->unit_kg = 0;
  memset (record->given, 0, sizeof record->given);
  g_array_set_size (record->via, 0);
  g_array_set_size (record->extras, 0);
}

/* @value (@length bytes, NUL-terminated) without the blanks around it,
 * NUL-terminated (maybe in scratch); its new length in @length. */
static const char *
trim_known (OtRecord   *record,
            const char *value,
            gsize      *length)
{
  const char *end = value + *length;

  if (G_LIKELY (end == value || (!g_ascii_isspace (value[0]) && !g_ascii_isspace (end[-1]))))
    return value;
  while (g_ascii_isspace (*value))
    value++;
  *length = end - value;
  if (end == value || !g_ascii_isspace (end[-1]))
    return value;
  while (end > value && g_ascii_isspace (end[-1]))
    end--;
  *length = end - value;
  g_string_truncate (record->scratch, 0);
  g_string_append_len (record->scratch, value, end - value);
  return record->scratch->str;
}

static const char *
trim_len (OtRecord   *record,
          const char *value,
          gsize      *length)
{
  *length = strlen (value);
  return trim_known (record, value, length);
}

static const char *
trim (OtRecord   *record,
      const char *value)
{
  gsize length;

  return trim_len (record, value, &length);
}

/* A non-negative decimal number: digits, one '.', an exponent. */
static gboolean
parse_number (const char *text,
              double     *out)
{
  const char *p = text;
  gboolean digits = FALSE;
  char *end = NULL;

  while (g_ascii_isdigit (*p))
    p++, digits = TRUE;
  if (*p == '.')
    for (p++; g_ascii_isdigit (*p); p++)
      digits = TRUE;
  if (!digits)
    return FALSE;
  if (*p == 'e' || *p == 'E')
    {
      p++;
      if (*p == '+' || *p == '-')
        p++;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      while (g_ascii_isdigit (*p))
        p++;
    }
  if (*p != '\0')
    return FALSE;

  /* Up to 15 digits and no exponent: the digits as an integer and a
   * power of ten are both exact doubles, so one division is correctly
   * rounded, the same double strtod() gives, without its cost. */
  {
    static const double powers[] = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8,
                                     1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15 };
    guint64 mantissa = 0;
    guint n_digits = 0, n_fraction = 0;
    gboolean fraction = FALSE, simple = TRUE;

    for (const char *q = text; *q != '\0' && simple; q++)
      {
        if (*q == '.')
          fraction = TRUE;
        else if (g_ascii_isdigit (*q) && n_digits < 15)
          {
            mantissa = mantissa * 10 + (guint64) (*q - '0');
            n_digits++;
            n_fraction += fraction;
          }
        else
          simple = FALSE;
      }
    if (simple)
      {
        *out = (double) mantissa / powers[n_fraction];
        return TRUE;
      }
  }

  *out = g_ascii_strtod (text, &end);
  return end == p && isfinite (*out);
}

static gboolean
parse_country (OtRecord   *record,
               OtColumn    column,
               const char *text,
               OtCountry  *out)
{
  /* ZZ is ISO's "unknown"; so is the word. */
  if (g_ascii_strcasecmp (text, "ZZ") == 0 || g_ascii_strcasecmp (text, "unknown") == 0)
    return TRUE;
  if (ot_country_parse (text, out))
    return TRUE;

  ot_record_error (record, column_names[column],
                   _("unknown country \"%s\" in column %s"), text, column_names[column]);
  record->bad_place = TRUE;
  return FALSE;
}

static gboolean
valid_hs_code (const char *text)
{
  guint digits = 0;

  for (const char *p = text; *p; p++)
    {
      if (g_ascii_isdigit (*p))
        digits++;
      else if (*p != '.' && *p != ' ')
        return FALSE;
    }
  return digits >= 4 && digits <= 12;
}

/* A link the details pane opens: a bad one is dropped with a warning
 * and the record kept (it is still a reported incident). */
static void
set_source_url (OtRecord   *record,
                const char *value)
{
  g_autofree char *shown = NULL;
  gunichar bad = 0;
  OtUrlCheck check = ot_text_check_url (value, &bad, NULL);

  switch (check)
    {
    case OT_URL_OK:
      record->incident.source_url = ot_dataset_intern (record->dataset, value);
      return;
    case OT_URL_TOO_LONG:
      ot_record_warning (record, "source_url", _("URL in column source_url is too long (%zu bytes; "
                                                 "the limit is %u); URL dropped"),
                         strlen (value), (guint) OT_TEXT_MAX_URL);
      return;
    default:
      break;
    }

  /* Quoted as a terminal shows it: no control or bidi character of the
   * URL reaches the problems list raw. */
  shown = ot_text_escape_terminal (value, -1);
  switch (check)
    {
    case OT_URL_HIDDEN_CHARACTER:
      ot_record_warning (record, "source_url", _("URL \"%s\" in column source_url holds U+%04X "
                                                 "(white space, a control, invisible or "
                                                 "direction-changing character); URL dropped"),
                         shown, bad);
      break;
    case OT_URL_USERINFO:
      ot_record_warning (record, "source_url", _("URL \"%s\" in column source_url has a user name "
                                                 "before its host (user@host), which can disguise "
                                                 "the host; URL dropped"), shown);
      break;
    case OT_URL_OK:
    case OT_URL_TOO_LONG:
    case OT_URL_NOT_HTTP:
    default:
      ot_record_warning (record, "source_url", _("invalid URL \"%s\" in column source_url "
                                                 "(expected an http or https address); URL dropped"),
                         shown);
      break;
    }
}

static gboolean
parse_boolean (const char *text,
               gboolean   *out)
{
  static const char * const yes[] = { "true", "yes", "y", "1" };
  static const char * const no[] = { "false", "no", "n", "0" };

  for (guint i = 0; i < G_N_ELEMENTS (yes); i++)
    {
      if (g_ascii_strcasecmp (text, yes[i]) == 0)
        return (*out = TRUE, TRUE);
      if (g_ascii_strcasecmp (text, no[i]) == 0)
        return (*out = FALSE, TRUE);
    }
  return FALSE;
}

/* A name (company, port, place, label) interned as people read it: NFC,
 * without the invisible and bidi characters that would make two names
 * that look the same two vertices, or draw "gnp.exe" as "exe.png".  A
 * removed character is a warning; each distinct value is checked once
 * per file (the value cache), so it is named on its first line. */
static const char *
intern_name (OtRecord   *record,
             const char *column,
             const char *value)
{
  gunichar removed = 0;
  g_autofree char *clean = ot_text_clean_name (value, &removed);

  if (clean == NULL)
    return ot_dataset_intern (record->dataset, value);
  if (removed != 0)
    ot_record_warning (record, column, _("invisible or direction-changing character U+%04X "
                                         "in column %s; read as \"%s\""),
                       removed, column, clean);
  if (clean[0] == '\0')
    return NULL;
  return ot_dataset_intern (record->dataset, clean);
}

void
ot_record_add_hop (OtRecord   *record,
                   const char *country,
                   const char *port,
                   guint       index)
{
  OtHop hop = { 0 };
  g_autofree char *country_text = NULL;
  g_autofree char *port_text = NULL;

  /* One error for the whole column; the hops past the limit are not read. */
  if (index > ot_loader_limits.max_hops)
    {
      if (index == ot_loader_limits.max_hops + 1)
        ot_record_error (record, "via", _("column via has more than %u hops (a shipment has "
                                          "a handful; is this column something else?)"),
                         ot_loader_limits.max_hops);
      return;
    }
  country_text = g_strstrip (g_strdup (country ? country : ""));
  port_text = g_strstrip (g_strdup (port ? port : ""));
  if (country_text[0] == '\0')
    {
      ot_record_error (record, "via", _("hop %u in column via has no country"), index);
      record->bad_place = TRUE;
      return;
    }
  if (!ot_country_parse (country_text, &hop.country))
    {
      ot_record_error (record, "via", _("unknown country \"%s\" in hop %u of column via"),
                       country_text, index);
      record->bad_place = TRUE;
      return;
    }
  /* ";" separates hops in the CSV form of via, so a port holding one
   * (only JSON can give it) would come back from a CSV save as two hops. */
  if (strchr (port_text, ';') != NULL)
    {
      g_strdelimit (port_text, ";", ',');
      ot_record_warning (record, "via", _("port in hop %u of column via holds \";\", which "
                                          "separates hops; read as \"%s\""),
                         index, port_text);
    }
  if (port_text[0] != '\0')
    hop.port = intern_name (record, "via", port_text);
  g_array_append_val (record->via, hop);
  record->given[OT_COLUMN_VIA] = TRUE;
}

/* "TH:Laem Chabang; MX" -> two hops. */
static void
set_via (OtRecord   *record,
         const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, ";", -1);
  guint index = 0;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *colon;

      if (g_strstrip (parts[i])[0] == '\0')
        continue;
      index++;
      colon = strchr (parts[i], ':');
      if (colon)
        *colon = '\0';
      ot_record_add_hop (record, parts[i], colon ? colon + 1 : NULL, index);
    }
}

void
ot_record_add_extra (OtRecord   *record,
                     const char *key,
                     const char *value)
{
  OtExtra extra;

  value = trim (record, value);
  if (value[0] == '\0')
    return;
  extra.key = ot_dataset_intern (record->dataset, key);
  extra.value = ot_dataset_store (record->dataset, value);
  g_array_append_val (record->extras, extra);
}

static void
set_enum (OtRecord   *record,
          OtColumn    column,
          const char *value)
{
  OtIncident *incident = &record->incident;
  const char *name = column_names[column];
  OtStatus status;
  OtConfidence confidence;
  OtForm form;

  switch (column)
    {
    case OT_COLUMN_FORM:
      if (ot_form_parse (value, &form))
        incident->form = form;
      else
        ot_record_error (record, name, _("unknown form \"%s\" in column form (expected ore, "
                                         "concentrate, oxide, metal, alloy, magnet, compound, "
                                         "scrap, technology or unknown)"), value);
      break;
    case OT_COLUMN_STATUS:
      if (ot_status_parse (value, &status))
        incident->status = status;
      else
        ot_record_error (record, name, _("unknown status \"%s\" in column status (expected "
                                         "reported, alleged, investigated, detained, seized, "
                                         "charged, convicted, acquitted or dismissed)"), value);
      break;
    case OT_COLUMN_CONFIDENCE:
      if (ot_confidence_parse (value, &confidence))
        incident->confidence = confidence;
      else
        ot_record_error (record, name, _("unknown confidence \"%s\" in column confidence "
                                         "(expected low, medium or high)"), value);
      break;
    case OT_COLUMN_RELIABILITY:
      if (value[1] == '\0' && g_ascii_toupper (value[0]) >= 'A' && g_ascii_toupper (value[0]) <= 'F')
        incident->reliability = g_ascii_toupper (value[0]);
      else
        ot_record_error (record, name, _("invalid reliability \"%s\" in column reliability "
                                         "(expected a letter from A to F)"), value);
      break;
    case OT_COLUMN_CREDIBILITY:
      if (value[1] == '\0' && value[0] >= '1' && value[0] <= '6')
        incident->credibility = value[0] - '0';
      else
        ot_record_error (record, name, _("invalid credibility \"%s\" in column credibility "
                                         "(expected a digit from 1 to 6)"), value);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
set_number (OtRecord   *record,
            OtColumn    column,
            const char *value)
{
  OtIncident *incident = &record->incident;
  double number;

  /* "-0" is zero (a spreadsheet's rounding of a tiny negative). */
  if (value[0] == '-' && parse_number (value + 1, &number) && number == 0)
    number = 0;
  else if (!parse_number (value, &number))
    {
      ot_record_error (record, column_names[column],
                       value[0] == '-'
                       ? _("negative number \"%s\" in column %s (expected zero or more)")
                       : _("invalid number \"%s\" in column %s (expected a non-negative "
                           "number such as 1250.5)"),
                       value, column_names[column]);
      return;
    }
  if (column == OT_COLUMN_QUANTITY)
    record->quantity = number;
  else
    incident->value = number;
}

static void
set_unit (OtRecord   *record,
          const char *value)
{
  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    {
      if (g_ascii_strcasecmp (value, units[i].name) == 0)
        {
          record->unit_kg = units[i].kg;
          return;
        }
    }
  ot_record_error (record, "unit", _("unknown unit \"%s\" in column unit (expected g, kg, t or lb)"),
                   value);
}

static void
set_text (OtRecord   *record,
          OtColumn    column,
          const char *value)
{
  OtIncident *incident = &record->incident;
  OtDataset *ds = record->dataset;

  switch (column)
    {
    case OT_COLUMN_ID: incident->id = ot_dataset_store (ds, value); break;
    case OT_COLUMN_DECLARED_AS: incident->declared_as = intern_name (record, "declared_as", value); break;
    case OT_COLUMN_CONCEALMENT: incident->concealment = intern_name (record, "concealment", value); break;
    case OT_COLUMN_EXPORTER: incident->exporter = intern_name (record, "exporter", value); break;
    case OT_COLUMN_CONSIGNEE: incident->consignee = intern_name (record, "consignee", value); break;
    case OT_COLUMN_EVENT_PLACE: incident->event_place = intern_name (record, "event_place", value); break;
    case OT_COLUMN_AUTHORITY: incident->authority = intern_name (record, "authority", value); break;
    case OT_COLUMN_CASE_REF: incident->case_ref = ot_dataset_store (ds, value); break;
    case OT_COLUMN_SOURCE: incident->source = ot_dataset_intern (ds, value); break;
    case OT_COLUMN_NOTES: incident->notes = ot_dataset_store (ds, value); break;
    default: g_assert_not_reached ();
    }
}

static void
set_value (OtRecord   *record,
           OtColumn    column,
           const char *value)
{
  OtIncident *incident = &record->incident;
  const char *name = column_names[column];
  g_autoptr(GError) error = NULL;
  OtMineral mineral;
  gboolean flag;

  switch (column)
    {
    case OT_COLUMN_DATE:
      if (!ot_date_parse (value, &incident->date, &error))
        ot_record_error (record, name, _("%s in column date"), error->message);
      break;
    case OT_COLUMN_MINERAL:
      if (ot_mineral_parse (value, &mineral))
        incident->mineral = mineral;
      else
        ot_record_error (record, name, _("unknown mineral \"%s\" in column mineral (expected a "
                                         "name such as antimony, a symbol such as Sb, or an "
                                         "HS code)"), value);
      break;
    case OT_COLUMN_FORM:
    case OT_COLUMN_STATUS:
    case OT_COLUMN_CONFIDENCE:
    case OT_COLUMN_RELIABILITY:
    case OT_COLUMN_CREDIBILITY:
      set_enum (record, column, value);
      break;
    case OT_COLUMN_HS_CODE:
      if (valid_hs_code (value))
        incident->hs_code = ot_dataset_intern (record->dataset, value);
      else
        ot_record_error (record, name, _("invalid HS code \"%s\" in column hs_code (expected "
                                         "4 to 12 digits, dots allowed)"), value);
      break;
    case OT_COLUMN_QUANTITY:
    case OT_COLUMN_VALUE:
      set_number (record, column, value);
      break;
    case OT_COLUMN_UNIT:
      set_unit (record, value);
      break;
    case OT_COLUMN_CURRENCY:
      if (strlen (value) == 3 && g_ascii_isalpha (value[0]) && g_ascii_isalpha (value[1]) &&
          g_ascii_isalpha (value[2]))
        {
          char code[4] = { g_ascii_toupper (value[0]), g_ascii_toupper (value[1]),
                           g_ascii_toupper (value[2]), 0 };
          incident->currency = ot_dataset_intern (record->dataset, code);
        }
      else
        ot_record_error (record, name, _("invalid currency \"%s\" in column currency (expected "
                                         "an ISO 4217 code such as USD)"), value);
      break;
    case OT_COLUMN_ORIGIN:
      parse_country (record, column, value, &incident->origin);
      break;
    case OT_COLUMN_DESTINATION:
      parse_country (record, column, value, &incident->destination);
      break;
    case OT_COLUMN_EVENT_COUNTRY:
      parse_country (record, column, value, &incident->event_country);
      break;
    case OT_COLUMN_VIA:
      {
        g_autofree char *copy = g_strdup (value);
        set_via (record, copy);
      }
      break;
    case OT_COLUMN_ILLUSTRATIVE:
      if (parse_boolean (value, &flag))
        incident->illustrative = flag;
      else
        ot_record_error (record, name, _("invalid value \"%s\" in column illustrative "
                                         "(expected true or false)"), value);
      break;
    case OT_COLUMN_SOURCE_URL:
      set_source_url (record, value);
      break;
    case OT_COLUMN_ID:
    case OT_COLUMN_DECLARED_AS:
    case OT_COLUMN_CONCEALMENT:
    case OT_COLUMN_EXPORTER:
    case OT_COLUMN_CONSIGNEE:
    case OT_COLUMN_EVENT_PLACE:
    case OT_COLUMN_AUTHORITY:
    case OT_COLUMN_CASE_REF:
    case OT_COLUMN_SOURCE:
    case OT_COLUMN_NOTES:
      set_text (record, column, value);
      break;
    case OT_N_COLUMNS:
    default:
      g_assert_not_reached ();
    }
}

/* Where each column's parsed value lands in OtIncident, for the columns
 * whose values repeat across rows (dates, codes, names, interned
 * strings): each distinct text is parsed once per file, then looked up.
 * Every member here fits in 8 bytes.  Via is cached too, as a slice of
 * the record's via_pool (see ot_record_set_len()). */
static const struct { guint16 offset; guint16 size; } cached_fields[OT_N_COLUMNS] = {
#define FIELD(column, member) \
  [column] = { G_STRUCT_OFFSET (OtIncident, member), sizeof (((OtIncident *) 0)->member) }
  FIELD (OT_COLUMN_DATE, date),
  FIELD (OT_COLUMN_MINERAL, mineral),
  FIELD (OT_COLUMN_FORM, form),
  FIELD (OT_COLUMN_HS_CODE, hs_code),
  FIELD (OT_COLUMN_CURRENCY, currency),
  FIELD (OT_COLUMN_DECLARED_AS, declared_as),
  FIELD (OT_COLUMN_CONCEALMENT, concealment),
  FIELD (OT_COLUMN_ORIGIN, origin),
  FIELD (OT_COLUMN_EXPORTER, exporter),
  FIELD (OT_COLUMN_DESTINATION, destination),
  FIELD (OT_COLUMN_CONSIGNEE, consignee),
  FIELD (OT_COLUMN_STATUS, status),
  FIELD (OT_COLUMN_CONFIDENCE, confidence),
  FIELD (OT_COLUMN_RELIABILITY, reliability),
  FIELD (OT_COLUMN_CREDIBILITY, credibility),
  FIELD (OT_COLUMN_EVENT_COUNTRY, event_country),
  FIELD (OT_COLUMN_EVENT_PLACE, event_place),
  FIELD (OT_COLUMN_AUTHORITY, authority),
  FIELD (OT_COLUMN_ILLUSTRATIVE, illustrative),
  FIELD (OT_COLUMN_SOURCE, source),
  FIELD (OT_COLUMN_SOURCE_URL, source_url),
#undef FIELD
};

#define CACHE_MAX 65536   /* distinct values kept per column and file */

/* The cache of one column: open addressing over a power-of-two table,
 * keyed by the text's bytes with a word-at-a-time hash.  It is looked up
 * for most fields of every row, so it avoids GHashTable's byte-wise
 * g_str_hash and the strcmp through a function pointer
 * (docs/performance.md). */
static void
value_cache_free (OtValueCache *cache)
{
  for (guint i = 0; i <= cache->mask; i++)
    g_free (cache->slots[i].text);
  g_free (cache->slots);
  g_free (cache);
}

/* memcmp (a, b, length) == 0, inline: the texts are short. */
static inline gboolean
same_bytes (const char *a,
            const char *b,
            gsize       length)
{
  gsize i = 0;

  for (; i + 8 <= length; i += 8)
    {
      guint64 x, y;

      memcpy (&x, a + i, 8);
      memcpy (&y, b + i, 8);
      if (x != y)
        return FALSE;
    }
  for (; i < length; i++)
    if (a[i] != b[i])
      return FALSE;
  return TRUE;
}

static inline CacheSlot *
value_cache_find (OtValueCache *cache,
                  const char   *text,
                  gsize         length,
                  guint64       hash)
{
  /* The low bit of @hash is always set: index by the bits above it. */
  for (guint i = (guint) (hash >> 1) & cache->mask; ; i = (i + 1) & cache->mask)
    {
      CacheSlot *slot = &cache->slots[i];

      if (slot->hash == 0 ||
          (slot->hash == hash && slot->length == length && same_bytes (slot->text, text, length)))
        return slot;
    }
}

static void
value_cache_grow (OtValueCache *cache)
{
  CacheSlot *old = cache->slots;
  guint n_old = cache->mask + 1;

  cache->mask = n_old * 2 - 1;
  cache->slots = g_new0 (CacheSlot, cache->mask + 1);
  for (guint i = 0; i < n_old; i++)
    if (old[i].hash != 0)
      *value_cache_find (cache, old[i].text, old[i].length, old[i].hash) = old[i];
  g_free (old);
}

void
ot_record_set (OtRecord   *record,
               OtColumn    column,
               const char *value)
{
  ot_record_set_len (record, column, value, strlen (value));
}

void
ot_record_set_len (OtRecord   *record,
                   OtColumn    column,
                   const char *value,
                   gsize       length)
{
  OtValueCache *cache;
  CacheSlot *slot;
  gsize size;
  guint64 hash;
  guint n_errors, n_hops;
  char *field;

  g_assert (column < OT_N_COLUMNS);

  value = trim_known (record, value, &length);
  if (value[0] == '\0')
    return;
  record->given[column] = TRUE;

  size = cached_fields[column].size;
  if (size == 0 && column != OT_COLUMN_VIA)
    {
      set_value (record, column, value);
      return;
    }

  G_STATIC_ASSERT (sizeof (OtDate) <= sizeof (guint64));
  if (record->cache[column] == NULL)
    {
      record->cache[column] = g_new0 (OtValueCache, 1);
      record->cache[column]->mask = 63;
      record->cache[column]->slots = g_new0 (CacheSlot, 64);
    }
  cache = record->cache[column];

  hash = ot_hash_bytes (value, length) | 1;   /* 0 marks an empty slot */
  slot = value_cache_find (cache, value, length, hash);
  field = (char *) &record->incident + cached_fields[column].offset;
  if (slot->hash != 0)
    {
      /* Via: (first hop << 32) | number of hops in via_pool; a via of
       * only separators (";") has none, and the pool may have no storage
       * yet (indexing it would be NULL + 0). */
      if (column == OT_COLUMN_VIA && (guint) slot->value > 0)
        g_array_append_vals (record->via,
                             &g_array_index (record->via_pool, OtHop, slot->value >> 32),
                             (guint) slot->value);
      else if (column != OT_COLUMN_VIA)
        memcpy (field, &slot->value, size);
      return;
    }

  n_errors = record->n_errors;
  n_hops = record->via->len;
  set_value (record, column, value);
  if (record->n_errors != n_errors || cache->n >= CACHE_MAX)
    return;   /* errors are reported on every row */

  /* set_value() never touches the cache: @slot is still the free one. */
  slot->hash = hash;
  slot->length = length;
  slot->text = g_strndup (value, length);
  slot->value = 0;
  if (column == OT_COLUMN_VIA)
    {
      slot->value = ((guint64) record->via_pool->len << 32) | (record->via->len - n_hops);
      if (record->via->len > n_hops)
        g_array_append_vals (record->via_pool, &g_array_index (record->via, OtHop, n_hops),
                             record->via->len - n_hops);
    }
  else
    memcpy (&slot->value, field, size);
  if (++cache->n * 2 > cache->mask + 1)
    value_cache_grow (cache);
}

static void
check_required (OtRecord *record)
{
  static const OtColumn required[] = { OT_COLUMN_ID, OT_COLUMN_DATE, OT_COLUMN_MINERAL };
  const OtIncident *incident = &record->incident;

  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    if (!record->given[required[i]])
      ot_record_error (record, column_names[required[i]], _("missing %s (required)"),
                       column_names[required[i]]);

  /* A place that was given but not understood is already an error. */
  if (!OT_COUNTRY_IS_SET (incident->origin) && record->via->len == 0 &&
      !OT_COUNTRY_IS_SET (incident->destination) &&
      !OT_COUNTRY_IS_SET (incident->event_country) && !record->bad_place)
    ot_record_error (record, NULL, _("no place given (need at least one of origin, via, "
                                     "destination or event_country)"));
}

/* Doubtful but usable values: the row stays, with a warning. */
static void
check_doubtful (OtRecord *record)
{
  OtIncident *incident = &record->incident;
  OtMineral hs_mineral;

  if (!isnan (record->quantity))
    {
      if (record->unit_kg == 0)
        {
          ot_record_warning (record, "unit", _("quantity without a unit; read as kg"));
          record->unit_kg = 1.0;
        }
      incident->quantity_kg = record->quantity * record->unit_kg;
      /* 350 g × 0.001 is 0.35000000000000003 and 4.35 t × 1000 is
       * 4349.999999999999: a converted quantity is rounded to the 15
       * significant digits a decimal keeps through a double, so that it
       * is the kilograms the file meant (0.35, 4350). */
      if (record->unit_kg != 1.0 && isfinite (incident->quantity_kg))
        {
          char buf[G_ASCII_DTOSTR_BUF_SIZE];

          incident->quantity_kg = g_ascii_strtod (g_ascii_formatd (buf, sizeof buf, "%.15g",
                                                                   incident->quantity_kg), NULL);
        }
      /* 1e308 t is a finite number of tonnes but no number of kg. */
      if (!isfinite (incident->quantity_kg))
        {
          ot_record_error (record, "quantity", _("quantity %.15g is too large (no number of kg; a "
                                                 "record holds at most %g kg, 1,000,000 t)"),
                           record->quantity, OT_LOADER_MAX_QUANTITY_KG);
          incident->quantity_kg = NAN;
        }
      else if (incident->quantity_kg > OT_LOADER_MAX_QUANTITY_KG)
        {
          ot_record_error (record, "quantity", _("quantity %.15g is too large (%.15g kg; a record "
                                                 "holds at most %g kg, 1,000,000 t)"),
                           record->quantity, incident->quantity_kg, OT_LOADER_MAX_QUANTITY_KG);
          incident->quantity_kg = NAN;
        }
    }
  else if (record->unit_kg != 0)
    ot_record_warning (record, "unit", _("unit given without a quantity; ignored"));

  if (!isnan (incident->value) && incident->currency == NULL)
    ot_record_warning (record, "currency", _("value without a currency"));

  if (incident->date.precision != OT_DATE_NONE && incident->date.year >= record->today_year &&
      ot_date_first_day (&incident->date) > record->today)
    {
      g_autofree char *date = ot_date_to_string (&incident->date);
      ot_record_warning (record, "date", _("date %s is in the future"), date);
    }

  if (incident->hs_code && incident->mineral != OT_MINERAL_NONE &&
      ot_mineral_from_hs_code (incident->hs_code, &hs_mineral) &&
      hs_mineral != incident->mineral &&
      !(ot_mineral_is_rare_earth (hs_mineral) && ot_mineral_is_rare_earth (incident->mineral)))
    ot_record_warning (record, "hs_code", _("HS code %s is for %s, but the mineral is %s"),
                       incident->hs_code, ot_mineral_name (hs_mineral),
                       ot_mineral_name (incident->mineral));
}

gboolean
ot_record_finish (OtRecord *record)
{
  OtIncident *incident = &record->incident;
  gint existing;

  check_required (record);
  if (record->n_errors > 0)
    {
      ot_dataset_add_rejected (record->dataset, 1);
      return FALSE;
    }
  check_doubtful (record);
  if (record->n_errors > 0)
    {
      ot_dataset_add_rejected (record->dataset, 1);
      return FALSE;
    }

  if (ot_dataset_get_n_incidents (record->dataset) >= ot_loader_limits.max_incidents)
    {
      ot_record_report (record, record->line, OT_SEVERITY_ERROR,
                        _("too many incidents: a data set holds at most %u; this row and "
                          "the rest of the file are not loaded"),
                        ot_loader_limits.max_incidents);
      record->stop = TRUE;
      return FALSE;
    }

  incident->via = (const OtHop *) record->via->data;
  incident->n_via = record->via->len;
  incident->extras = (const OtExtra *) record->extras->data;
  incident->n_extras = record->extras->len;

  if (ot_dataset_add (record->dataset, incident))
    {
      record->n_added++;
      return TRUE;
    }

  existing = ot_dataset_find (record->dataset, incident->id);
  g_assert (existing >= 0);
  {
    const OtIncident *first = ot_dataset_get_incident (record->dataset, existing);

    if (first->file == record->file && first->sheet == record->sheet)
      {
        ot_record_error (record, "id", _("duplicate id \"%s\" (first on line %u); record skipped"),
                         incident->id, first->line);
        record->n_duplicates++;
      }
    else if (first->sheet != NULL)
      ot_record_warning (record, "id", _("duplicate id \"%s\" (first seen in %s:%s:%u); record skipped"),
                         incident->id, first->file ? first->file : "-", first->sheet, first->line);
    else
      ot_record_warning (record, "id", _("duplicate id \"%s\" (first seen in %s:%u); record skipped"),
                         incident->id, first->file ? first->file : "-", first->line);
  }
  ot_dataset_add_rejected (record->dataset, 1);
  return FALSE;
}
