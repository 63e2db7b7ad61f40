/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-signal-chart: the small multiples of a trade signal (issue 18,
 * src/core/render/ot-signal-chart.c) on generated statistics with planted
 * rerouting: a panel per leg and per placebo leg, each with the control
 * date's line and label and its numbers; a month a reporter did not report
 * drawn as a hatched gap, a reported zero as a tick, both unlike a bar, in
 * the layout and in the pixels; every kind of signal laid out; labels
 * inside their panels and clear of each other at several widths, in
 * English, German and Chinese; the export as SVG (parsed), PNG and PDF,
 * and nothing written into a missing folder.  Also the route's words and
 * the incidents a signal touches in the researched samples.
 * OT_SIGNAL_CHART_OUT=DIR writes each chart as a PNG there, to look at. */
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "ot-export-signal.h"
#include "ot-generator.h"
#include "ot-loader.h"
#include "ot-trade-describe.h"
#include "ot-trade-incidents.h"
#include "ot-test-svg.h"

/* The planted rerouting of antimony (docs/trade-signals.md), scored. */
static OtTradeTable *
planted_table (void)
{
  OtTradeGeneratorOptions o;

  ot_trade_generator_options_init (&o);
  o.seed = 11;
  o.n_countries = 24;
  o.n_reporters = 20;
  o.partners = 5;
  o.plants = OT_TRADE_PLANT_REROUTING | OT_TRADE_PLANT_MIRROR_GAP | OT_TRADE_PLANT_UNIT_VALUE
             | OT_TRADE_PLANT_CODE_SWITCH;
  return ot_trade_generator_new (&o, "generated-trade.tsv");
}

static OtTradeSignals *
score (OtTradeTable *table)
{
  g_autoptr(GError) error = NULL;
  OtTradeSignals *signals = ot_trade_signals_compute (table, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (signals);
  return signals;
}

/* The planted table's signals, scored once for every case of the process. */
static OtTradeSignals *shared_signals;

static OtTradeSignals *
planted_signals (void)
{
  if (shared_signals == NULL)
    {
      g_autoptr(OtTradeTable) table = planted_table ();

      shared_signals = score (table);
    }
  return shared_signals;
}

static gboolean
is_country (OtTradePlace place,
            const char  *alpha2)
{
  return g_strcmp0 (ot_trade_place_country (place), alpha2) == 0;
}

/* The flagged rerouting signal through @hub. */
static const OtTradeSignal *
rerouting_via (OtTradeSignals *signals,
               const char     *hub)
{
  for (guint i = 0; i < ot_trade_signals_get_n_flagged (signals, OT_TRADE_SIGNAL_REROUTING); i++)
    {
      const OtTradeSignal *s = ot_trade_signals_get (signals, OT_TRADE_SIGNAL_REROUTING, i);

      if (is_country (s->hub, hub))
        return s;
    }
  g_assert_not_reached ();
}

static OtSignalChart *
chart_at (OtTradeSignals      *signals,
          const OtTradeSignal *signal,
          double               width,
          const OtTheme       *theme)
{
  OtSignalChartOptions options;

  ot_signal_chart_options_init (&options);
  options.width = width;
  options.theme = theme;
  return ot_signal_chart_new (signals, signal, &options);
}

static guint
count_labels (OtSignalChart *chart,
              const char    *text,
              int            panel)
{
  guint n = 0;

  for (guint i = 0; i < ot_signal_chart_get_n_labels (chart); i++)
    {
      const OtSignalLabel *label = ot_signal_chart_get_label (chart, i);

      if ((panel < -1 || label->panel == panel) && strstr (label->text, text) != NULL)
        n++;
      /* "^z = ": only at the start. */
      else if (text[0] == '^' && (panel < -1 || label->panel == panel) && g_str_has_prefix (label->text, text + 1))
        n++;
    }
  return n;
}

/* OT_SIGNAL_CHART_OUT=DIR: the chart as a PNG, to look at. */
static void
maybe_write (OtSignalChart *chart,
             const char    *name)
{
  const char *dir = g_getenv ("OT_SIGNAL_CHART_OUT");
  g_autofree char *path = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;

  if (dir == NULL)
    return;
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) ot_signal_chart_get_width (chart),
                                        (int) ot_signal_chart_get_height (chart));
  cr = cairo_create (surface);
  ot_signal_chart_draw_cairo (chart, cr);
  cairo_destroy (cr);
  path = g_build_filename (dir, name, NULL);
  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
}

/* Labels stay inside the chart and their panel's columns, and never
 * overlap one another (a label on a backdrop inside a plot excepted: the
 * control date and the median sit over the bars on purpose). */
static void
check_labels (OtSignalChart *chart)
{
  double width = ot_signal_chart_get_width (chart), height = ot_signal_chart_get_height (chart);
  guint n = ot_signal_chart_get_n_labels (chart);

  for (guint i = 0; i < n; i++)
    {
      const OtSignalLabel *a = ot_signal_chart_get_label (chart, i);

      g_assert_cmpfloat (a->rect.x0, >=, -0.5);
      g_assert_cmpfloat (a->rect.x1, <=, width + 0.5);
      g_assert_cmpfloat (a->rect.y1, <=, height + 0.5);
      if (a->panel >= 0)
        {
          const OtSignalPanel *panel = ot_signal_chart_get_panel (chart, a->panel);

          g_assert_cmpfloat (a->rect.x0, >=, panel->frame.x0 - 100);
          g_assert_cmpfloat (a->rect.x1, <=, panel->frame.x1 + 0.5);
          g_assert_cmpfloat (a->rect.y0, >=, panel->frame.y0 - 0.5);
          g_assert_cmpfloat (a->rect.y1, <=, panel->frame.y1 + 0.5);
        }
      for (guint j = i + 1; j < n; j++)
        {
          const OtSignalLabel *b = ot_signal_chart_get_label (chart, j);
          gboolean apart = a->rect.x1 <= b->rect.x0 + 0.5 || b->rect.x1 <= a->rect.x0 + 0.5
                           || a->rect.y1 <= b->rect.y0 + 0.5 || b->rect.y1 <= a->rect.y0 + 0.5;
          const OtSignalPanel *pa = a->panel >= 0 ? ot_signal_chart_get_panel (chart, a->panel) : NULL;
          gboolean in_plot = pa != NULL && a->rect.y0 >= pa->plot.y0 && a->rect.y1 <= pa->plot.y1 + 1
                             && a->rect.x0 >= pa->plot.x0 - 0.5;

          if (!apart && !in_plot)
            g_error ("“%s” overlaps “%s”", a->text, b->text);
        }
    }
}

static void
test_rerouting_panels (void)
{
  OtTradeSignals *signals = planted_signals ();
  const OtTradeSignal *s = rerouting_via (signals, "TH");
  g_autoptr(OtSignalChart) chart = chart_at (signals, s, 900, NULL);
  g_autofree char *route = ot_trade_signal_route (s);
  g_autofree char *described = ot_signal_chart_describe (chart);
  OtTradeLegRole roles[] = { OT_TRADE_LEG_DIRECT, OT_TRADE_LEG_TO_HUB, OT_TRADE_LEG_FROM_HUB };
  guint n_controlled = 0, n_placebo = 0;

  g_assert_cmpstr (route, ==, "China → Thailand → United States");
  g_assert_cmpstr (ot_signal_chart_get_title (chart), ==, "Rerouting · Antimony · China → Thailand → United States");
  g_assert_nonnull (strstr (ot_signal_chart_get_subtitle (chart), "CN-2024-46 · 2024-12-03"));

  /* A panel per leg, the placebo's beside: direct, to hub, from hub. */
  g_assert_cmpuint (ot_signal_chart_get_n_panels (chart), ==, 6);
  for (guint i = 0; i < 6; i++)
    {
      const OtSignalPanel *panel = ot_signal_chart_get_panel (chart, i);
      g_autofree char *numbers = ot_trade_leg_numbers (panel->leg);

      g_assert_cmpint (panel->kind, ==, OT_SIGNAL_PANEL_LEG);
      g_assert_cmpint (panel->placebo, ==, i % 2 == 1);
      g_assert_cmpint (panel->leg->role, ==, roles[i / 2]);
      n_controlled += !panel->placebo;
      n_placebo += panel->placebo;
      /* Side by side at 900 px: the placebo's panel right of its leg's. */
      if (panel->placebo)
        g_assert_cmpfloat (panel->frame.x0, >, ot_signal_chart_get_panel (chart, i - 1)->frame.x1);
      /* The control date: a line in the plot (December 2024 lies in it)
       * and its label; the numbers under the panel. */
      g_assert_true (isfinite (panel->control_x));
      g_assert_cmpfloat (panel->control_x, >, panel->plot.x0);
      g_assert_cmpfloat (panel->control_x, <, panel->plot.x1);
      g_assert_cmpuint (count_labels (chart, "2024-12-03", i), ==, 1);
      g_assert_nonnull (numbers);
      g_assert_cmpuint (count_labels (chart, numbers, i), ==, 1);
      g_assert_nonnull (strstr (described, numbers));
      g_assert_nonnull (strstr (panel->numbers, "t = "));
    }
  g_assert_cmpuint (n_controlled, ==, 3);
  g_assert_cmpuint (n_placebo, ==, 3);
  /* The direct leg fell: after the control its bars are lower. */
  g_assert_cmpfloat (s->legs[0].kg_after, <, s->legs[0].kg_before);
  g_assert_cmpuint (count_labels (chart, "Direct · China → United States", 0), ==, 1);
  g_assert_cmpuint (count_labels (chart, "To the hub · China → Thailand", 2), ==, 1);
  g_assert_cmpuint (count_labels (chart, "From the hub · Thailand → United States", 4), ==, 1);
  g_assert_cmpuint (count_labels (chart, "not reported", -1), ==, 1);
  g_assert_cmpuint (count_labels (chart, "control CN-2024-46", -1), ==, 1);
  check_labels (chart);
  maybe_write (chart, "rerouting-900.png");
}

/* The planted table with the reporter @reporter silent in @gap (all its
 * rows gone: not reported) and its rows of @partner and @products gone in
 * @zero (it reported that month, not this flow: zero). */
static OtTradeTable *
with_holes (OtTradeTable      *table,
            const OtTradeLeg  *leg,
            guint16            gap,
            guint16            zero)
{
  OtTradeTable *out = ot_trade_table_new ();
  const char * const *files = ot_trade_table_get_files (table);

  for (guint i = 0; files[i] != NULL; i++)
    ot_trade_table_add_file (out, files[i]);
  for (guint i = 0; i < ot_trade_table_get_n_rows (table); i++)
    {
      OtTradeRow row;
      gboolean product = FALSE;

      ot_trade_table_get_row (table, i, &row);
      for (guint p = 0; p < leg->n_products; p++)
        product = product || row.product == leg->products[p];
      if (row.reporter == leg->reporter && row.month == gap)
        continue;
      if (row.reporter == leg->reporter && row.partner == leg->partner && product && row.month == zero)
        continue;
      ot_trade_table_append (out, &row);
    }
  return out;
}

static const OtSignalMark *
mark_of (OtSignalChart *chart,
         guint          panel,
         guint16        month)
{
  guint n;
  const OtSignalMark *marks = ot_signal_chart_get_marks (chart, &n);

  for (guint i = 0; i < n; i++)
    if (marks[i].panel == panel && marks[i].month == month)
      return &marks[i];
  g_assert_not_reached ();
}

/* The share of a mark's pixels unlike the background, and whether any
 * is the bar's colour. */
static double
inked (cairo_surface_t    *image,
       const OtSignalMark *mark,
       guint32             background,
       guint32             bar,
       gboolean           *has_bar)
{
  const guchar *data = cairo_image_surface_get_data (image);
  int stride = cairo_image_surface_get_stride (image);
  guint inked_px = 0, n = 0;

  *has_bar = FALSE;
  for (int y = (int) ceil (mark->rect.y0) + 1; y < (int) floor (mark->rect.y1) - 1; y++)
    for (int x = (int) ceil (mark->rect.x0); x < (int) floor (mark->rect.x1); x++)
      {
        guint32 px = ((const guint32 *) (const void *) (data + y * stride))[x] & 0xffffff;

        n++;
        inked_px += px != background;
        *has_bar = *has_bar || px == bar;
      }
  return n > 0 ? (double) inked_px / n : 0;
}

static void
test_gap_and_zero (void)
{
  g_autoptr(OtTradeTable) table = planted_table ();
  OtTradeSignals *signals = planted_signals ();
  const OtTradeLeg *from_hub = &rerouting_via (signals, "TH")->legs[2];
  guint16 gap = ot_trade_month (2022, 6), zero = ot_trade_month (2022, 9), full = ot_trade_month (2025, 3);
  g_autoptr(OtTradeTable) holed = with_holes (table, from_hub, gap, zero);
  g_autoptr(OtTradeSignals) again = score (holed);
  const OtTradeSignal *s = rerouting_via (again, "TH");
  g_autoptr(OtSignalChart) chart = chart_at (again, s, 900, NULL);
  const OtSignalMark *gap_mark, *zero_mark, *bar_mark;
  cairo_surface_t *image;
  cairo_t *cr;
  double r, g, b;
  guint32 bar;
  gboolean has_bar;

  g_assert_cmpint (s->legs[2].role, ==, OT_TRADE_LEG_FROM_HUB);
  g_assert_true (isnan (s->legs[2].kg[gap - s->legs[2].first_month]));
  g_assert_cmpfloat (s->legs[2].kg[zero - s->legs[2].first_month], ==, 0);

  /* Panel 4 is the from-hub leg: a gap, a zero and, after the control, a bar. */
  gap_mark = mark_of (chart, 4, gap);
  zero_mark = mark_of (chart, 4, zero);
  bar_mark = mark_of (chart, 4, full);
  g_assert_cmpint (gap_mark->kind, ==, OT_SIGNAL_MARK_GAP);
  g_assert_true (isnan (gap_mark->amount));
  g_assert_cmpint (zero_mark->kind, ==, OT_SIGNAL_MARK_ZERO);
  g_assert_cmpint (bar_mark->kind, ==, OT_SIGNAL_MARK_BAR);
  /* The gap spans the plot's height; the zero is a tick on the baseline. */
  g_assert_cmpfloat (gap_mark->rect.y0, ==, ot_signal_chart_get_panel (chart, 4)->plot.y0);
  g_assert_cmpfloat (gap_mark->rect.y1 - gap_mark->rect.y0, >, 50);
  g_assert_cmpfloat (zero_mark->rect.y1 - zero_mark->rect.y0, <=, 2);

  /* In the pixels: the gap is hatched (partly inked, never the bar's
   * colour); the bar is inked in its colour. */
  image = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 900, (int) ceil (ot_signal_chart_get_height (chart)));
  cr = cairo_create (image);
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_NONE);
  ot_signal_chart_draw_cairo (chart, cr);
  cairo_destroy (cr);
  cairo_surface_flush (image);
  ot_mineral_color_for_theme (s->mineral, FALSE, &r, &g, &b);
  bar = ((guint32) lround (r * 255) << 16) | ((guint32) lround (g * 255) << 8) | (guint32) lround (b * 255);
  {
    const OtRgba *bg = &ot_theme_light ()->background;
    guint32 background = ((guint32) lround (bg->r * 255) << 16) | ((guint32) lround (bg->g * 255) << 8)
                         | (guint32) lround (bg->b * 255);
    double share = inked (image, gap_mark, background, bar, &has_bar);

    g_assert_cmpfloat (share, >, 0.1);
    g_assert_cmpfloat (share, <, 0.7);
    g_assert_false (has_bar);
    share = inked (image, bar_mark, background, bar, &has_bar);
    g_assert_true (has_bar);
    g_assert_cmpfloat (share, >, 0.9);
  }
  cairo_surface_destroy (image);
  maybe_write (chart, "rerouting-gaps.png");
}

/* Every kind, narrow and wide, light and dark: panels, labels in place. */
static void
test_every_kind (void)
{
  OtTradeSignals *signals = planted_signals ();
  const double widths[] = { 360, 640, 1200 };

  for (guint k = 0; k < OT_TRADE_N_SIGNAL_KINDS; k++)
    {
      const OtTradeSignal *s;
      guint expected;

      g_assert_cmpuint (ot_trade_signals_get_n_flagged (signals, k), >=, 1);
      s = ot_trade_signals_get (signals, k, 0);
      expected = k == OT_TRADE_SIGNAL_REROUTING ? 6 : k == OT_TRADE_SIGNAL_MIRROR_GAP ? 3 : 2;
      for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
        for (int dark = 0; dark < 2; dark++)
          {
            g_autoptr(OtSignalChart) chart = chart_at (signals, s, widths[w],
                                                       dark ? ot_theme_dark () : ot_theme_light ());
            g_autofree char *name = g_strdup_printf ("%s-%.0f%s.png", ot_trade_signal_kind_name (k), widths[w],
                                                     dark ? "-dark" : "");

            g_assert_cmpuint (ot_signal_chart_get_n_panels (chart), ==, expected);
            check_labels (chart);
            maybe_write (chart, name);
          }
    }
  /* The mirror gap: both sides of each year, the flagged ones with z. */
  {
    const OtTradeSignal *s = ot_trade_signals_get (signals, OT_TRADE_SIGNAL_MIRROR_GAP, 0);
    g_autoptr(OtSignalChart) chart = chart_at (signals, s, 900, NULL);
    const OtSignalPanel *years = ot_signal_chart_get_panel (chart, 2);
    guint n_flagged = 0;

    g_assert_cmpint (years->kind, ==, OT_SIGNAL_PANEL_YEARS);
    g_assert_cmpuint (years->n_marks, ==, 2 * s->n_years);
    for (guint i = 0; i < s->n_years; i++)
      n_flagged += s->years[i].flagged;
    g_assert_cmpuint (n_flagged, >=, 1);
    g_assert_cmpuint (count_labels (chart, "^z = ", 2), ==, n_flagged);
    g_assert_cmpuint (count_labels (chart, "imported against", 2), ==, 1);
  }
  /* The unit value: the price a month against the median of the line. */
  {
    const OtTradeSignal *s = ot_trade_signals_get (signals, OT_TRADE_SIGNAL_UNIT_VALUE, 0);
    g_autoptr(OtSignalChart) chart = chart_at (signals, s, 900, NULL);
    const OtSignalPanel *price = ot_signal_chart_get_panel (chart, 0);
    const OtSignalMark *marks = ot_signal_chart_get_marks (chart, NULL);
    guint n_points = 0;

    g_assert_cmpint (price->kind, ==, OT_SIGNAL_PANEL_PRICE);
    for (guint i = price->first_mark; i < price->first_mark + price->n_marks; i++)
      n_points += marks[i].kind == OT_SIGNAL_MARK_POINT;
    g_assert_cmpuint (n_points, >, 12);
    g_assert_cmpuint (count_labels (chart, "^median ", 0), ==, 1);
  }
}

typedef struct {
  gboolean in_title;
  gboolean in_desc;
  guint    n_text;
  GString *text;
  GString *title;
} SvgSeen;

static void
svg_start (GMarkupParseContext *context,
           const char          *element,
           const char         **names,
           const char         **values,
           gpointer             data,
           GError             **error)
{
  SvgSeen *seen = data;

  seen->in_title = g_str_equal (element, "title");
  seen->n_text += g_str_equal (element, "text");
}

static void
svg_text (GMarkupParseContext *context,
          const char          *text,
          gsize                length,
          gpointer             data,
          GError             **error)
{
  SvgSeen *seen = data;

  if (seen->in_title)
    g_string_append_len (seen->title, text, length);
  g_string_append_len (seen->text, text, length);
}

static void
svg_end (GMarkupParseContext *context,
         const char          *element,
         gpointer             data,
         GError             **error)
{
  ((SvgSeen *) data)->in_title = FALSE;
}

static void
test_export (void)
{
  OtTradeSignals *signals = planted_signals ();
  const OtTradeSignal *s = rerouting_via (signals, "MX");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ot-signal-chart-XXXXXX", &error);
  g_autofree char *svg = g_build_filename (dir, "signal.svg", NULL);
  g_autofree char *png = g_build_filename (dir, "signal.png", NULL);
  g_autofree char *pdf = g_build_filename (dir, "signal.pdf", NULL);
  g_autofree char *missing = g_build_filename (dir, "no-such-folder", "signal.svg", NULL);
  GMarkupParser parser = { svg_start, svg_end, svg_text, NULL, NULL };
  SvgSeen seen = { FALSE, FALSE, 0, g_string_new (NULL), g_string_new (NULL) };
  OtExportOptions opts;
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_no_error (error);
  ot_export_options_init (&opts);
  opts.width = 1000;
  g_assert_true (ot_export_signal_chart (signals, s, NULL, &opts, svg, &error));
  g_assert_no_error (error);
  ot_test_parse_svg (svg, &parser, &seen);
  g_assert_cmpstr (seen.title->str, ==, "Rerouting · Antimony · China → Mexico → United States");
  /* The drawn text is text: the panels' titles, the control date, the source. */
  g_assert_cmpuint (seen.n_text, >, 30);
  g_assert_nonnull (strstr (seen.text->str, "From the hub · Mexico → United States"));
  g_assert_nonnull (strstr (seen.text->str, "2024-12-03"));
  g_assert_nonnull (strstr (seen.text->str, "Trade statistics: generated-trade.tsv"));
  g_string_free (seen.text, TRUE);
  g_string_free (seen.title, TRUE);

  g_assert_true (ot_export_signal_chart (signals, s, ot_theme_dark (), &opts, png, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (png, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 8);
  g_assert_cmpint (memcmp (contents, "\x89PNG", 4), ==, 0);
  g_clear_pointer (&contents, g_free);
  g_assert_true (ot_export_signal_chart (signals, s, NULL, &opts, pdf, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (pdf, &contents, &length, NULL));
  g_assert_cmpint (memcmp (contents, "%PDF", 4), ==, 0);

  /* A folder that does not exist: an error, nothing written. */
  g_assert_false (ot_export_signal_chart (signals, s, NULL, &opts, missing, &error));
  g_assert_nonnull (error);
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));

  g_unlink (svg);
  g_unlink (png);
  g_unlink (pdf);
  g_rmdir (dir);
}

/* The researched samples: the Reuters reports of antimony through
 * Thailand and Mexico are what the two planted hubs' signals touch. */
static void
test_incidents (void)
{
  OtTradeSignals *signals = planted_signals ();
  g_autofree char *path = g_build_filename (g_getenv ("OT_SOURCE_ROOT"), "data", "samples", "incidents.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(OtDataset) dataset = ot_loader_load_files (&file, 1, NULL, NULL, NULL, &error);
  const char *hubs[] = { "TH", "MX" };
  const char *ids[] = { "CMI-2025-0006", "CMI-2025-0007" };

  g_assert_no_error (error);
  for (guint h = 0; h < 2; h++)
    {
      const OtTradeSignal *s = rerouting_via (signals, hubs[h]);
      g_autoptr(GArray) found = ot_trade_signal_incidents (s, dataset);
      gboolean seen = FALSE;

      g_assert_cmpuint (found->len, >=, 1);
      for (guint i = 0; i < found->len; i++)
        {
          const OtIncident *inc = ot_dataset_get_incident (dataset, g_array_index (found, guint, i));

          g_assert_true (ot_trade_signal_touches (s, inc));
          g_assert_cmpstr (ot_mineral_name (inc->mineral), ==, "antimony");
          seen = seen || g_strcmp0 (inc->id, ids[h]) == 0;
          if (i > 0)
            g_assert_cmpuint (ot_date_first_day (&ot_dataset_get_incident (dataset, g_array_index (found, guint, i - 1))->date),
                              <=, ot_date_first_day (&inc->date));
        }
      g_assert_true (seen);
    }
  /* Not every antimony incident: those elsewhere are left out. */
  {
    const OtTradeSignal *s = rerouting_via (signals, "TH");
    guint antimony = 0;
    g_autoptr(GArray) found = ot_trade_signal_incidents (s, dataset);

    for (guint i = 0; i < ot_dataset_get_n_incidents (dataset); i++)
      antimony += g_str_equal (ot_mineral_name (ot_dataset_get_incident (dataset, i)->mineral), "antimony");
    g_assert_cmpuint (found->len, <, antimony);
  }
}

/* German and Chinese: the words translated, every label in its place. */
static void
check_language (const char *language,
                const char *legend_word)
{
  OtTradeSignals *signals = planted_signals ();

  for (guint k = 0; k < OT_TRADE_N_SIGNAL_KINDS; k++)
    for (guint w = 0; w < 2; w++)
      {
        g_autoptr(OtSignalChart) chart = chart_at (signals, ot_trade_signals_get (signals, k, 0), w ? 1100 : 420,
                                                   NULL);
        g_autofree char *name = g_strdup_printf ("%s-%s-%u.png", language, ot_trade_signal_kind_name (k),
                                                 w ? 1100 : 420);

        const char *english[] = { "after window", "reported by", " a month", "Direct", "not reported" };

        check_labels (chart);
        g_assert_cmpuint (count_labels (chart, legend_word, -1), ==, 1);
        /* No English left in the chart's words. */
        for (guint e = 0; e < G_N_ELEMENTS (english); e++)
          g_assert_cmpuint (count_labels (chart, english[e], -2), ==, 0);
        maybe_write (chart, name);
      }
}

static void
run_in_language (const char *language,
                 const char *legend_word)
{
  if (g_test_subprocess ())
    {
      g_setenv ("LANGUAGE", language, TRUE);
      check_language (language, legend_word);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static void
test_german (void)
{
  run_in_language ("de", "nicht gemeldet");
}

static void
test_chinese (void)
{
  run_in_language ("zh_CN", "未报告");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("OT_LOCALEDIR"));
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/signal-chart/rerouting", test_rerouting_panels);
  g_test_add_func ("/signal-chart/gap-and-zero", test_gap_and_zero);
  g_test_add_func ("/signal-chart/every-kind", test_every_kind);
  g_test_add_func ("/signal-chart/export", test_export);
  g_test_add_func ("/signal-chart/incidents", test_incidents);
  g_test_add_func ("/signal-chart/german", test_german);
  g_test_add_func ("/signal-chart/chinese", test_chinese);
  status = g_test_run ();
  g_clear_pointer (&shared_signals, ot_trade_signals_unref);
  return status;
}
