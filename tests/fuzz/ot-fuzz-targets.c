/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The fuzz entry points: feed bytes to a loader or parser, then check
 * what came out against the rules of docs/incident-format.md. */
#include "ot-fuzz-targets.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>

#include "ot-chart.h"
#include "ot-csv.h"
#include "ot-export.h"
#include "ot-loader.h"
#include "ot-loader-private.h"
#include "ot-render.h"
#include "ot-writer.h"
#include "../ot-dataset-dump.h"
#include "../ot-finite-check.h"

/* GLib ends a fatal message with a breakpoint trap, which libFuzzer
 * does not catch; abort() it does (and writes the input out). */
static GLogWriterOutput
abort_on_fatal (GLogLevelFlags   level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  GLogWriterOutput out = g_log_writer_default (level, fields, n_fields, user_data);

  if (level & (G_LOG_FLAG_FATAL | G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    abort ();
  return out;
}

void
ot_fuzz_init (void)
{
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  g_log_set_writer_func (abort_on_fatal, NULL, NULL);
}

static void
check_number (double number)
{
  g_assert_true (isnan (number) || (isfinite (number) && number >= 0));
}

static void
check_country (OtCountry country)
{
  if (OT_COUNTRY_IS_SET (country))
    g_assert_true (ot_country_is_known (country.code));
}

static void
check_date (const OtDate *date)
{
  g_autofree char *text = ot_date_to_string (date);
  OtDate again;

  g_assert_cmpint (date->precision, >=, OT_DATE_YEAR);
  g_assert_cmpint (date->precision, <=, OT_DATE_DAY);
  g_assert_cmpint (date->year, >=, 1);
  g_assert_true (ot_date_parse (text, &again, NULL));
  g_assert_cmpint (again.year, ==, date->year);
  g_assert_cmpint (again.month, ==, date->month);
  g_assert_cmpint (again.day, ==, date->day);
  g_assert_cmpint (again.precision, ==, date->precision);
  g_assert_cmpuint (ot_date_first_day (date), >, 0);
  g_assert_cmpuint (ot_date_first_day (date), <=, ot_date_last_day (date));
}

/* What every loaded incident and every problem must satisfy. */
static void
check_dataset (OtDataset  *ds,
               const char *name)
{
  GPtrArray *problems = ot_dataset_get_problems (ds);
  guint n = ot_dataset_get_n_incidents (ds);

  for (guint i = 0; i < n; i++)
    {
      const OtIncident *incident = ot_dataset_get_incident (ds, i);

      g_assert_nonnull (incident->id);
      g_assert_cmpstr (incident->id, !=, "");
      g_assert_true (g_utf8_validate (incident->id, -1, NULL));
      g_assert_cmpint (ot_dataset_find (ds, incident->id), ==, (gint) i);
      g_assert_true (incident->mineral != OT_MINERAL_NONE);
      check_date (&incident->date);
      check_number (incident->quantity_kg);
      check_number (incident->value);
      check_country (incident->origin);
      check_country (incident->destination);
      check_country (incident->event_country);
      for (guint h = 0; h < incident->n_via; h++)
        {
          g_assert_true (ot_country_is_known (incident->via[h].country.code));
          g_assert_true (incident->via[h].port == NULL || incident->via[h].port[0] != '\0');
        }
      for (guint e = 0; e < incident->n_extras; e++)
        g_assert_true (g_utf8_validate (incident->extras[e].value, -1, NULL));
      g_assert_cmpstr (incident->file, ==, name);
      g_assert_cmpuint (incident->line, >=, 1);
    }

  for (guint i = 0; i < problems->len; i++)
    {
      const OtProblem *problem = problems->pdata[i];
      g_autofree char *text = ot_problem_to_string (problem);

      g_assert_cmpstr (problem->file, ==, name);
      g_assert_nonnull (problem->message);
      g_assert_true (g_utf8_validate (text, -1, NULL));
    }
}

static void
load (const char   *name,
      const guint8 *data,
      gsize         size)
{
  g_autoptr(OtDataset) ds = ot_dataset_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (ot_loader_load_data (ds, name, (const char *) data, size, NULL, &error));
  g_assert_no_error (error);
  check_dataset (ds, name);
}

/* CSV: also read in two threads, split wherever the input's first byte
 * says; that must give exactly what one thread gives. */
void
ot_fuzz_csv (const guint8 *data,
             gsize         size)
{
  g_autoptr(OtDataset) one = ot_dataset_new ();
  g_autoptr(OtDataset) two = ot_dataset_new ();
  g_autofree char *one_text = NULL, *two_text = NULL;

  load ("fuzz.csv", data, size);

  ot_loader_limits.parallel_min_bytes = G_MAXSIZE;
  g_assert_true (ot_loader_load_data (one, "fuzz.csv", (const char *) data, size, NULL, NULL));
  /* The first byte: where the second of two pieces starts, or (when
   * odd) the size of up to 8 pieces. */
  ot_loader_limits.parallel_min_bytes = 0;
  if (size > 0 && data[0] % 2 == 1)
    ot_loader_limits.piece_bytes = 1 + data[0] * size / 4096;
  else
    ot_loader_limits.split_hint = size > 0 ? 1 + data[0] * size / 256 : 0;
  g_assert_true (ot_loader_load_data (two, "fuzz.csv", (const char *) data, size, NULL, NULL));
  ot_loader_limits.parallel_min_bytes = OT_LOADER_PARALLEL_MIN_BYTES;
  ot_loader_limits.piece_bytes = OT_LOADER_PIECE_BYTES;
  ot_loader_limits.split_hint = 0;

  one_text = ot_test_describe_dataset (one);
  two_text = ot_test_describe_dataset (two);
  g_assert_cmpstr (two_text, ==, one_text);
}

void
ot_fuzz_json (const guint8 *data,
              gsize         size)
{
  load ("fuzz.json", data, size);
}

void
ot_fuzz_jsonl (const guint8 *data,
               gsize         size)
{
  load ("fuzz.jsonl", data, size);
}

/* The input as a C string, as the loader hands values to the column
 * rules: valid UTF-8, no NUL (NULL otherwise). */
static char *
as_text (const guint8 *data,
         gsize         size)
{
  char *text;

  if (memchr (data, '\0', size) != NULL)
    return NULL;
  text = g_strndup ((const char *) data, size);
  if (!g_utf8_validate (text, -1, NULL))
    g_clear_pointer (&text, g_free);
  return text;
}

/* One row with a valid id, date and mineral, an origin unless @column
 * is via, plus @column = @value (and @column2 = @value2 when not NULL).  Returns the dataset; the row was
 * added or an error explains why not. */
static OtDataset *
load_row (OtColumn    column,
          const char *value,
          OtColumn    column2,
          const char *value2)
{
  OtDataset *ds = ot_dataset_new ();
  OtRecord record;
  gboolean added;

  ot_record_init (&record, ds, "fuzz.csv");
  ot_record_begin (&record, 2);
  ot_record_set (&record, OT_COLUMN_ID, "F-1");
  ot_record_set (&record, OT_COLUMN_DATE, "2024-07-15");
  ot_record_set (&record, OT_COLUMN_MINERAL, "antimony");
  if (column != OT_COLUMN_VIA)
    ot_record_set (&record, OT_COLUMN_ORIGIN, "CN");
  ot_record_set (&record, column, value);
  if (value2 != NULL)
    ot_record_set (&record, column2, value2);
  added = ot_record_finish (&record);
  ot_record_clear (&record);

  g_assert_cmpuint (ot_dataset_get_n_incidents (ds), ==, added ? 1 : 0);
  if (!added)
    g_assert_cmpuint (ot_dataset_count_problems (ds, OT_SEVERITY_ERROR), >, 0);
  check_dataset (ds, "fuzz.csv");
  return ds;
}

void
ot_fuzz_via (const guint8 *data,
             gsize         size)
{
  g_autofree char *text = as_text (data, size);
  g_autoptr(OtDataset) ds = NULL;

  if (text == NULL)
    return;
  ds = load_row (OT_COLUMN_VIA, text, OT_N_COLUMNS, NULL);
  if (ot_dataset_get_n_incidents (ds) == 1)
    {
      const OtIncident *incident = ot_dataset_get_incident (ds, 0);

      /* No other place was given: the row needs at least one hop. */
      g_assert_cmpuint (incident->n_via, >=, 1);
      for (guint h = 0; h < incident->n_via; h++)
        {
          const char *port = incident->via[h].port;

          g_assert_true (port == NULL ||
                         (strchr (port, ';') == NULL && !g_ascii_isspace (port[0]) &&
                          !g_ascii_isspace (port[strlen (port) - 1])));
        }
    }
}

void
ot_fuzz_quantity (const guint8 *data,
                  gsize         size)
{
  g_autofree char *text = as_text (data, size);
  g_autoptr(OtDataset) ds = NULL;
  char *unit;

  if (text == NULL)
    return;
  unit = strchr (text, '\n');
  if (unit != NULL)
    *unit++ = '\0';
  /* check_dataset() checks quantity_kg: NAN, or finite and >= 0. */
  ds = load_row (OT_COLUMN_QUANTITY, text, OT_COLUMN_UNIT, unit);
}

void
ot_fuzz_date (const guint8 *data,
              gsize         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(GError) error = NULL;
  OtDate date;

  if (ot_date_parse (text, &date, &error))
    {
      g_assert_no_error (error);
      check_date (&date);
    }
  else
    {
      g_assert_nonnull (error);
      g_assert_nonnull (error->message);
    }
}

void
ot_fuzz_country (const guint8 *data,
                 gsize         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  OtCountry country = { { 0 } };
  OtCountry again = { { 0 } };

  if (!ot_country_parse (text, &country))
    return;

  g_assert_cmpuint (strlen (country.code), ==, 2);
  g_assert_true (ot_country_is_known (country.code));
  g_assert_nonnull (ot_country_name (country.code));
  g_assert_nonnull (ot_country_alpha3 (country.code));
  g_assert_nonnull (ot_country_display_name (country.code));
  g_assert_true (ot_country_parse (country.code, &again));
  g_assert_cmpstr (again.code, ==, country.code);
  g_assert_true (ot_country_parse (ot_country_name (country.code), &again));
  g_assert_cmpstr (again.code, ==, country.code);
}

/* The chart target: where exports go, made once per process. */
static char *chart_dir;

static void
remove_chart_dir (void)
{
  g_rmdir (chart_dir);
  g_clear_pointer (&chart_dir, g_free);
}

/* Writes @scene in @format (0 PNG, 1 SVG, 2 PDF) at 200 x 150 and removes it. */
static void
chart_export (const OtScene *scene,
              guint          format)
{
  static const char *const names[] = { "chart.png", "chart.svg", "chart.pdf" };
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  OtExportOptions opts;

  if (chart_dir == NULL)
    {
      chart_dir = g_dir_make_tmp ("ot-fuzz-chart-XXXXXX", NULL);
      g_assert_nonnull (chart_dir);
      atexit (remove_chart_dir);
    }
  path = g_build_filename (chart_dir, names[format], NULL);
  ot_export_options_init (&opts);
  opts.width = 200;
  opts.height = 150;
  g_assert_true (ot_export_scene (scene, NULL, &opts, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_unlink (path);
}

/* Draws @scene as the canvas does (level of detail) on 200 x 150 and
 * asks what is under its middle. */
static void
chart_draw (const OtScene *scene)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 200, 150);
  cairo_t *cr = cairo_create (surface);
  OtViewport vp;
  guint id;

  ot_render_fit (scene, NULL, 200, 150, &vp);
  g_assert_true (isfinite (vp.scale) && vp.scale > 0 && isfinite (vp.tx) && isfinite (vp.ty));
  ot_render_scene (cr, scene, &vp, NULL);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  ot_render_hit_test (scene, &vp, NULL, 100, 75, &id);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

/* The view for the first byte: bit 0 network or flow.  The map is drawn
 * only where the normal build replays the corpus (OT_FUZZ_CHART_MAP: the
 * fuzz-regressions test), not in the libFuzzer loop: a map scene
 * projects the whole world for its central meridian and costs twenty
 * times the others, and the fuzzer, finding new coverage there, kept
 * choosing it (150 runs/s instead of 300).  The tests draw and export
 * maps of hostile data (tests/test-hostile-numeric.c). */
static OtViewKind
chart_view (guint8 options)
{
#ifdef OT_FUZZ_CHART_MAP
  if ((options & 0xb9) == 0xb9)
    return OT_VIEW_MAP;
#endif
  return (options & 1) ? OT_VIEW_FLOW : OT_VIEW_NETWORK;
}

/* A small CSV data set all the way to pictures.  The first byte picks
 * the view (chart_view ()), the projection (bit 1), the export (bits
 * 2-4: PNG, SVG or PDF for 0, 1 and 2, none otherwise: an export writes
 * and syncs a file) and whether quantities are multiplied by 1e300 after
 * loading (bit 6), as code building a data set could; the rest is the
 * CSV.  Checks that every number in the networks (both projections),
 * their analyses and the scene is finite, and that drawing returns. */
void
ot_fuzz_chart (const guint8 *data,
               gsize         size)
{
  g_autoptr(OtDataset) ds = ot_dataset_new ();
  g_autoptr(OtChart) chart = NULL;
  g_autoptr(OtScene) scene = NULL;
  g_autoptr(GError) error = NULL;
  guint8 options;

  /* A few KB is a small data set; more only costs time. */
  if (size < 1 || size > 4096)
    return;
  options = data[0];
  g_assert_true (ot_loader_load_data (ds, "fuzz.csv", (const char *) data + 1, size - 1,
                                      NULL, &error));
  g_assert_no_error (error);
  if (ot_dataset_get_n_incidents (ds) == 0)
    return;
  if (options & 0x40)
    for (guint i = 0; i < ot_dataset_get_n_incidents (ds); i++)
      ((OtIncident *) ot_dataset_get_incident (ds, i))->quantity_kg *= 1e300;

  for (guint p = 0; p < 2; p++)
    {
      g_autoptr(OtNetwork) network = ot_network_new (ds, NULL, p ? OT_PROJECTION_COUNTRIES
                                                                 : OT_PROJECTION_ENTITIES);
      g_autoptr(OtAnalysis) analysis = NULL;

      ot_check_network_finite (network);
      analysis = ot_analysis_new (network, NULL, &error);
      g_assert_no_error (error);
      ot_check_analysis_finite (analysis);
    }

  chart = ot_chart_new ();
  ot_chart_set_dataset (chart, ds);
  ot_chart_set_view (chart, chart_view (options));
  ot_chart_set_countries_projection (chart, (options & 2) != 0);
  g_assert_true (ot_chart_update (chart, NULL, &error));
  g_assert_no_error (error);
  scene = ot_chart_get_scene (chart);
  ot_check_scene_finite (scene);
  /* An export draws the same marks: one drawing per input. */
  if (((options >> 2) & 7) < 3)
    chart_export (scene, (options >> 2) & 7);
  else
    chart_draw (scene);
}

/* Writers ------------------------------------------------------------------ */

static const char formula_triggers[] = "=+-@\t\r";

/* A spreadsheet-safe CSV: every field (header included) is valid UTF-8
 * and never starts with a formula trigger unless it is a plain number;
 * one row per incident in @mask, in order. */
static void
check_safe_csv (OtDataset    *ds,
                const guint8 *mask,
                GBytes       *csv)
{
  g_autoptr(OtCsvReader) reader = NULL;
  OtCsvRow row;
  guint n_rows = 0, next = 0;
  guint n = ot_dataset_get_n_incidents (ds);

  g_assert_true (g_utf8_validate (g_bytes_get_data (csv, NULL), g_bytes_get_size (csv), NULL));
  reader = ot_csv_reader_new (g_bytes_get_data (csv, NULL), g_bytes_get_size (csv), OT_CSV_FLAGS_NONE);
  ot_csv_reader_set_max_field (reader, G_MAXSIZE);
  while (ot_csv_reader_next (reader, &row))
    {
      g_assert_null (row.error);
      for (guint f = 0; f < row.n_fields; f++)
        {
          const char *field = row.fields[f];
          char *end = NULL;

          if (field[0] == '\0' || strchr (formula_triggers, field[0]) == NULL)
            continue;
          g_ascii_strtod (field, &end);
          g_assert_true (end != field && *end == '\0');
        }
      if (n_rows++ == 0)
        continue;   /* the header */
      while (next < n && !mask[next])
        next++;
      g_assert_cmpuint (next, <, n);
      {
        const char *id = ot_dataset_get_incident (ds, next)->id;

        /* The id as written, or with the quote that guards it. */
        g_assert_true (strcmp (row.fields[0], id) == 0
                       || (row.fields[0][0] == '\'' && strcmp (row.fields[0] + 1, id) == 0
                           && strchr (formula_triggers, id[0]) != NULL));
      }
      next++;
    }
  while (next < n && !mask[next])
    next++;
  g_assert_cmpuint (next, ==, n);
  g_assert_cmpuint (n_rows, >=, 1);
}

static int
compare_extras (gconstpointer a,
                gconstpointer b)
{
  const OtExtra *x = a, *y = b;
  int c = strcmp (x->key, y->key);

  return c != 0 ? c : strcmp (x->value, y->value);
}

/* An incident as text, its extras in key order: the JSON loader does not
 * keep the order of an object's keys (json-glib), and that order means
 * nothing. */
static void
describe_incident (GString          *out,
                   const OtIncident *incident)
{
  OtIncident copy = *incident;
  g_autofree OtExtra *extras = g_memdup2 (incident->extras, incident->n_extras * sizeof (OtExtra));

  copy.n_extras = 0;
  ot_writer_json_record (out, &copy, FALSE);
  if (incident->n_extras > 0)
    qsort (extras, incident->n_extras, sizeof (OtExtra), compare_extras);
  for (guint i = 0; i < incident->n_extras; i++)
    g_string_append_printf (out, "\n%s=%s", extras[i].key, extras[i].value);
}

/* Writing @ds as @format and loading that back gives the same incidents
 * without an error, and writing them again gives the same bytes (but for
 * JSON, whose extras may come back in another order). */
static void
check_round_trip (OtDataset  *ds,
                  OtFormat    format,
                  const char *name)
{
  g_autoptr(GBytes) bytes = ot_writer_to_bytes (ds, format);
  g_autoptr(OtDataset) back = ot_dataset_new ();
  g_autoptr(GBytes) again = NULL;
  g_autoptr(GString) a = g_string_new (NULL);
  g_autoptr(GString) b = g_string_new (NULL);

  g_assert_true (g_utf8_validate (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL));
  if (ot_dataset_get_n_incidents (ds) == 0)
    return;   /* an empty JSON Lines file is refused as empty, rightly */
  g_assert_true (ot_loader_load_data (back, name, g_bytes_get_data (bytes, NULL),
                                      g_bytes_get_size (bytes), NULL, NULL));
  g_assert_cmpuint (ot_dataset_count_problems (back, OT_SEVERITY_ERROR), ==, 0);
  g_assert_cmpuint (ot_dataset_get_n_incidents (back), ==, ot_dataset_get_n_incidents (ds));
  for (guint i = 0; i < ot_dataset_get_n_incidents (ds); i++)
    {
      g_string_truncate (a, 0);
      g_string_truncate (b, 0);
      describe_incident (a, ot_dataset_get_incident (ds, i));
      describe_incident (b, ot_dataset_get_incident (back, i));
      g_assert_cmpstr (b->str, ==, a->str);
    }
  if (format != OT_FORMAT_CSV)
    return;
  again = ot_writer_to_bytes (back, format);
  g_assert_true (g_bytes_equal (bytes, again));
}

/* The first byte picks the input's format (bits 0-1) and which
 * incidents the spreadsheet-safe CSV keeps (bits 2-7: a pattern). */
void
ot_fuzz_writers (const guint8 *data,
                 gsize         size)
{
  static const char * const names[] = { "fuzz.csv", "fuzz.json", "fuzz.jsonl", "fuzz.csv" };
  g_autoptr(OtDataset) ds = ot_dataset_new ();
  g_autoptr(GBytes) safe = NULL;
  g_autofree guint8 *mask = NULL;
  guint8 selector;
  guint n;

  if (size == 0)
    return;
  selector = data[0];
  g_assert_true (ot_loader_load_data (ds, names[selector & 3], (const char *) data + 1, size - 1,
                                      NULL, NULL));
  check_round_trip (ds, OT_FORMAT_CSV, "back.csv");
  check_round_trip (ds, OT_FORMAT_JSON, "back.json");
  check_round_trip (ds, OT_FORMAT_JSONL, "back.jsonl");

  n = ot_dataset_get_n_incidents (ds);
  mask = g_malloc0 (MAX (n, 1));
  for (guint i = 0; i < n; i++)
    mask[i] = (selector >> (2 + i % 6)) & 1;
  safe = ot_writer_csv_filtered (ds, mask);
  check_safe_csv (ds, mask, safe);
  g_clear_pointer (&safe, g_bytes_unref);
  memset (mask, 1, MAX (n, 1));
  safe = ot_writer_csv_filtered (ds, NULL);
  check_safe_csv (ds, mask, safe);
}

const OtFuzzTarget ot_fuzz_targets[] = {
  { "csv", ot_fuzz_csv },
  { "json", ot_fuzz_json },
  { "jsonl", ot_fuzz_jsonl },
  { "via", ot_fuzz_via },
  { "date", ot_fuzz_date },
  { "country", ot_fuzz_country },
  { "quantity", ot_fuzz_quantity },
  { "chart", ot_fuzz_chart },
  { "writers", ot_fuzz_writers },
  { NULL, NULL },
};
