/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ot-writer.h"
#include "ot-csv.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void
ot_writer_append_number (GString *out,
                         double   number)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_if_fail (out != NULL);

  /* g_ascii_formatd() takes a literal format: try the usual widths. */
  static const char * const formats[] = { "%.6g", "%.10g", "%.15g", "%.17g" };

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_ascii_formatd (buf, sizeof buf, formats[i], number);
      if (g_ascii_strtod (buf, NULL) == number)
        break;
    }
  g_string_append (out, buf);
}

/* The text of each standard column; NULL when not given.  Numbers and
 * dates are formatted into @scratch. */
static const char *
column_text (const OtIncident *incident,
             OtColumn          column,
             GString          *scratch)
{
  g_string_truncate (scratch, 0);

  switch (column)
    {
    case OT_COLUMN_ID: return incident->id;
    case OT_COLUMN_DATE:
      {
        g_autofree char *date = ot_date_to_string (&incident->date);
        g_string_append (scratch, date);
        return scratch->len ? scratch->str : NULL;
      }
    case OT_COLUMN_MINERAL:
      return incident->mineral != OT_MINERAL_NONE ? ot_mineral_name (incident->mineral) : NULL;
    case OT_COLUMN_FORM:
      return incident->form != OT_FORM_UNKNOWN ? ot_form_name (incident->form) : NULL;
    case OT_COLUMN_HS_CODE: return incident->hs_code;
    case OT_COLUMN_QUANTITY:
      if (isnan (incident->quantity_kg))
        return NULL;
      ot_writer_append_number (scratch, incident->quantity_kg);
      return scratch->str;
    case OT_COLUMN_UNIT: return isnan (incident->quantity_kg) ? NULL : "kg";
    case OT_COLUMN_VALUE:
      if (isnan (incident->value))
        return NULL;
      ot_writer_append_number (scratch, incident->value);
      return scratch->str;
    case OT_COLUMN_CURRENCY: return incident->currency;
    case OT_COLUMN_DECLARED_AS: return incident->declared_as;
    case OT_COLUMN_CONCEALMENT: return incident->concealment;
    case OT_COLUMN_ORIGIN: return OT_COUNTRY_IS_SET (incident->origin) ? incident->origin.code : NULL;
    case OT_COLUMN_EXPORTER: return incident->exporter;
    case OT_COLUMN_VIA:
      for (guint i = 0; i < incident->n_via; i++)
        {
          if (i > 0)
            g_string_append (scratch, "; ");
          g_string_append (scratch, incident->via[i].country.code);
          if (incident->via[i].port)
            g_string_append_printf (scratch, ":%s", incident->via[i].port);
        }
      return scratch->len ? scratch->str : NULL;
    case OT_COLUMN_DESTINATION:
      return OT_COUNTRY_IS_SET (incident->destination) ? incident->destination.code : NULL;
    case OT_COLUMN_CONSIGNEE: return incident->consignee;
    case OT_COLUMN_STATUS: return ot_status_name (incident->status);
    case OT_COLUMN_CONFIDENCE: return ot_confidence_name (incident->confidence);
    case OT_COLUMN_RELIABILITY:
      if (!incident->reliability)
        return NULL;
      g_string_append_c (scratch, incident->reliability);
      return scratch->str;
    case OT_COLUMN_CREDIBILITY:
      if (!incident->credibility)
        return NULL;
      g_string_append_printf (scratch, "%u", incident->credibility);
      return scratch->str;
    case OT_COLUMN_EVENT_COUNTRY:
      return OT_COUNTRY_IS_SET (incident->event_country) ? incident->event_country.code : NULL;
    case OT_COLUMN_EVENT_PLACE: return incident->event_place;
    case OT_COLUMN_AUTHORITY: return incident->authority;
    case OT_COLUMN_CASE_REF: return incident->case_ref;
    case OT_COLUMN_ILLUSTRATIVE: return incident->illustrative ? "true" : "false";
    case OT_COLUMN_SOURCE: return incident->source;
    case OT_COLUMN_SOURCE_URL: return incident->source_url;
    case OT_COLUMN_NOTES: return incident->notes;
    case OT_N_COLUMNS:
    default:
      g_return_val_if_reached (NULL);
    }
}

char *
ot_writer_column_text (const OtIncident *incident,
                       OtColumn          column)
{
  g_autoptr(GString) scratch = g_string_new (NULL);

  g_return_val_if_fail (incident != NULL, NULL);
  g_return_val_if_fail (column < OT_N_COLUMNS, NULL);

  return g_strdup (column_text (incident, column, scratch));
}

static const char *
extra_value (const OtIncident *incident,
             const char       *key)
{
  for (guint i = 0; i < incident->n_extras; i++)
    if (strcmp (incident->extras[i].key, key) == 0)
      return incident->extras[i].value;
  return NULL;
}

void
ot_writer_csv_header (GString            *out,
                      const char * const *extra_keys)
{
  g_return_if_fail (out != NULL);

  for (guint c = 0; c < OT_N_COLUMNS; c++)
    {
      if (c > 0)
        g_string_append_c (out, ',');
      g_string_append (out, ot_column_name (c));
    }
  for (guint i = 0; extra_keys && extra_keys[i]; i++)
    {
      g_string_append_c (out, ',');
      ot_csv_append_field (out, extra_keys[i]);
    }
  g_string_append_c (out, '\n');
}

typedef void (*FieldWriter) (GString    *out,
                             const char *text);

static void
append_csv_record (GString            *out,
                   const OtIncident   *incident,
                   const char * const *extra_keys,
                   FieldWriter         write_field)
{
  g_autoptr(GString) scratch = g_string_new (NULL);

  for (guint c = 0; c < OT_N_COLUMNS; c++)
    {
      if (c > 0)
        g_string_append_c (out, ',');
      write_field (out, column_text (incident, c, scratch));
    }
  for (guint i = 0; extra_keys && extra_keys[i]; i++)
    {
      g_string_append_c (out, ',');
      write_field (out, extra_value (incident, extra_keys[i]));
    }
  g_string_append_c (out, '\n');
}

void
ot_writer_csv_record (GString            *out,
                      const OtIncident   *incident,
                      const char * const *extra_keys)
{
  g_return_if_fail (out != NULL);
  g_return_if_fail (incident != NULL);

  append_csv_record (out, incident, extra_keys, ot_csv_append_field);
}

/* A number as the writer prints them ("-12.5", "1e+06"): safe to leave. */
static gboolean
is_plain_number (const char *text)
{
  char *end = NULL;
  double value = g_ascii_strtod (text, &end);

  return end != text && *end == '\0' && isfinite (value);
}

void
ot_writer_csv_safe_field (GString    *out,
                          const char *text)
{
  g_return_if_fail (out != NULL);

  if (text == NULL)
    return;
  if (strchr ("=+-@\t\r", text[0]) != NULL && text[0] != '\0' && !is_plain_number (text))
    {
      g_string_append (out, "\"'");
      for (const char *p = text; *p; p++)
        {
          if (*p == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
      return;
    }
  ot_csv_append_field (out, text);
}

static void
append_json_string (GString    *out,
                    const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p; p++)
    {
      switch (*p)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:
          if ((guchar) *p < 0x20)
            g_string_append_printf (out, "\\u%04x", (guchar) *p);
          else
            g_string_append_c (out, *p);
        }
    }
  g_string_append_c (out, '"');
}

static void
begin_member (GString    *out,
              gboolean   *first,
              gboolean    pretty,
              const char *key)
{
  g_string_append (out, *first ? "" : ",");
  g_string_append (out, pretty ? "\n    " : *first ? "" : " ");
  *first = FALSE;
  append_json_string (out, key);
  g_string_append (out, ": ");
}

void
ot_writer_json_record (GString          *out,
                       const OtIncident *incident,
                       gboolean          pretty)
{
  g_autoptr(GString) scratch = g_string_new (NULL);
  gboolean first = TRUE;

  g_return_if_fail (out != NULL);
  g_return_if_fail (incident != NULL);

  g_string_append_c (out, '{');
  for (guint c = 0; c < OT_N_COLUMNS; c++)
    {
      const char *text;

      if (c == OT_COLUMN_UNIT)
        continue;   /* written with the quantity, below */
      text = column_text (incident, c, scratch);
      if (text == NULL)
        continue;

      begin_member (out, &first, pretty, ot_column_name (c));
      if (c == OT_COLUMN_QUANTITY || c == OT_COLUMN_VALUE || c == OT_COLUMN_CREDIBILITY)
        g_string_append (out, text);
      else if (c == OT_COLUMN_ILLUSTRATIVE)
        g_string_append (out, incident->illustrative ? "true" : "false");
      else if (c == OT_COLUMN_VIA)
        {
          g_string_append_c (out, '[');
          for (guint i = 0; i < incident->n_via; i++)
            {
              g_autofree char *hop = incident->via[i].port
                ? g_strdup_printf ("%s:%s", incident->via[i].country.code, incident->via[i].port)
                : g_strdup (incident->via[i].country.code);
              if (i > 0)
                g_string_append (out, ", ");
              append_json_string (out, hop);
            }
          g_string_append_c (out, ']');
        }
      else
        append_json_string (out, text);

      if (c == OT_COLUMN_QUANTITY)
        {
          begin_member (out, &first, pretty, "unit");
          append_json_string (out, "kg");
        }
    }
  for (guint i = 0; i < incident->n_extras; i++)
    {
      begin_member (out, &first, pretty, incident->extras[i].key);
      append_json_string (out, incident->extras[i].value);
    }
  g_string_append (out, pretty ? "\n  }" : "}");
}

/* Every extra key in the dataset, in order of first use. */
static GStrv
collect_extra_keys (OtDataset *dataset)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GStrvBuilder) keys = g_strv_builder_new ();

  for (guint i = 0; i < ot_dataset_get_n_incidents (dataset); i++)
    {
      const OtIncident *incident = ot_dataset_get_incident (dataset, i);
      for (guint j = 0; j < incident->n_extras; j++)
        if (g_hash_table_add (seen, (gpointer) incident->extras[j].key))
          g_strv_builder_add (keys, incident->extras[j].key);
    }
  return g_strv_builder_end (keys);
}

GBytes *
ot_writer_to_bytes (OtDataset *dataset,
                    OtFormat   format)
{
  GString *out = g_string_new (NULL);
  guint n;

  g_return_val_if_fail (OT_IS_DATASET (dataset), NULL);

  n = ot_dataset_get_n_incidents (dataset);
  switch (format)
    {
    case OT_FORMAT_JSON:
      g_string_append (out, "{\"incidents\": [");
      for (guint i = 0; i < n; i++)
        {
          g_string_append (out, i ? ",\n  " : "\n  ");
          ot_writer_json_record (out, ot_dataset_get_incident (dataset, i), TRUE);
        }
      g_string_append (out, "\n]}\n");
      break;
    case OT_FORMAT_JSONL:
      for (guint i = 0; i < n; i++)
        {
          ot_writer_json_record (out, ot_dataset_get_incident (dataset, i), FALSE);
          g_string_append_c (out, '\n');
        }
      break;
    case OT_FORMAT_CSV:
    case OT_FORMAT_UNKNOWN:
    default:
      {
        g_auto(GStrv) extra_keys = collect_extra_keys (dataset);
        ot_writer_csv_header (out, (const char * const *) extra_keys);
        for (guint i = 0; i < n; i++)
          ot_writer_csv_record (out, ot_dataset_get_incident (dataset, i),
                                (const char * const *) extra_keys);
      }
      break;
    }
  return g_string_free_to_bytes (out);
}

/* Atomic: GIO writes a temporary file and renames it over @file. */
static gboolean
replace_contents (GFile         *file,
                  GBytes        *bytes,
                  GCancellable  *cancellable,
                  GError       **error)
{
  return g_file_replace_contents (file, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                  NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, NULL,
                                  cancellable, error);
}

gboolean
ot_writer_save (OtDataset     *dataset,
                OtFormat       format,
                GFile         *file,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (OT_IS_DATASET (dataset), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  bytes = ot_writer_to_bytes (dataset, format);
  return replace_contents (file, bytes, cancellable, error);
}

GBytes *
ot_writer_csv_filtered (OtDataset    *dataset,
                        const guint8 *mask)
{
  GString *out = g_string_new (NULL);
  g_auto(GStrv) extra_keys = NULL;

  g_return_val_if_fail (OT_IS_DATASET (dataset), NULL);

  extra_keys = collect_extra_keys (dataset);
  ot_writer_csv_header (out, (const char * const *) extra_keys);
  for (guint i = 0; i < ot_dataset_get_n_incidents (dataset); i++)
    if (mask == NULL || mask[i])
      append_csv_record (out, ot_dataset_get_incident (dataset, i),
                         (const char * const *) extra_keys, ot_writer_csv_safe_field);
  return g_string_free_to_bytes (out);
}

gboolean
ot_writer_write_csv_filtered (OtDataset     *dataset,
                              const guint8  *mask,
                              GFile         *file,
                              GCancellable  *cancellable,
                              GError       **error)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (OT_IS_DATASET (dataset), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  bytes = ot_writer_csv_filtered (dataset, mask);
  return replace_contents (file, bytes, cancellable, error);
}
