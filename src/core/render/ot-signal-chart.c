/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-signal-chart.c: the small multiples of one trade signal.  The
 * layout puts every primitive (shades, hatches, bars, lines, dots, text)
 * in a list once; drawing replays the lists in that order on any
 * painter. */
#include "ot-signal-chart.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "ot-scene-private.h"
#include "ot-trade-describe.h"

#define PAD          12.0
#define COLUMN_GAP   24.0
#define ROW_GAP      18.0
#define PLOT_HEIGHT  104.0
#define TWO_COLUMNS  620.0    /* narrower: one panel a row */
#define TEXT_SIZE    12.0
#define SMALL_SIZE   11.0
#define TITLE_SIZE   13.0
#define CHROME_SIZE  16.0
#define MAX_MONTHS   240      /* at most 20 years across a plot */

typedef struct {
  OtRect rect;
  OtRgba color;
} Fill;

typedef struct {
  double x0, y0, x1, y1;
  OtRgba color;
  double width;
  gboolean dashed;
} Line;

typedef struct {
  double x, y, r;
  OtRgba color;
} Dot;

typedef struct {
  PangoLayout   *layout;
  double         x, y;
  OtRgba         color;
  gboolean       backdrop;   /* on a patch of the background */
  OtSignalLabel  label;
} Text;

struct _OtSignalChart {
  OtTradeSignals       *signals;
  const OtTradeSignal  *signal;
  OtSignalChartOptions  options;
  const OtTheme        *theme;
  PangoContext         *context;
  double                width;
  double                height;
  guint16               first_month;   /* the months every plot spans */
  guint                 n_months;
  GArray               *panels;        /* OtSignalPanel */
  GArray               *marks;         /* OtSignalMark */
  GArray               *shades;        /* Fill: the compared months */
  GArray               *hatches;       /* Fill: months not reported */
  GArray               *bars;          /* Fill */
  GArray               *lines;         /* Line */
  GArray               *dots;          /* Dot */
  GArray               *texts;         /* Text */
  char                 *title;
  char                 *subtitle;
  char                 *source;
};

/* What a panel is to show, before it is placed. */
typedef struct {
  OtSignalPanelKind  kind;
  const OtTradeLeg  *leg;
  gboolean           placebo;
  char              *title;
  char              *subtitle;
} Spec;

void
ot_signal_chart_options_init (OtSignalChartOptions *options)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->width = 800;
}

/* Colours ------------------------------------------------------------------- */

static OtRgba
rgba (double r, double g, double b, double a)
{
  OtRgba c = { r, g, b, a };

  return c;
}

static OtRgba
with_alpha (OtRgba c,
            double a)
{
  c.a = a;
  return c;
}

static OtRgba
bar_color (OtSignalChart *c,
           gboolean       placebo)
{
  double r, g, b;

  if (placebo)
    return with_alpha (c->theme->text_muted, 0.75);
  ot_mineral_color_for_theme (c->signal->mineral, c->theme->dark, &r, &g, &b);
  return rgba (r, g, b, 1);
}

/* The chart's own colours, in the light and the dark theme. */
typedef enum {
  COLOR_EXPORTER,   /* a mirror gap's exporter bars */
  COLOR_BEFORE,     /* the months compared before the control */
  COLOR_AFTER,      /* after it; the years and months flagged */
  COLOR_CONTROL,    /* the control date */
  N_COLORS
} ColorRole;

static const OtRgba chart_colors[N_COLORS][2] = {
  [COLOR_EXPORTER] = { { 0.30, 0.32, 0.38, 1 }, { 0.78, 0.80, 0.86, 1 } },
  [COLOR_BEFORE] = { { 0.20, 0.45, 0.90, 0.14 }, { 0.40, 0.60, 1.00, 0.22 } },
  [COLOR_AFTER] = { { 0.95, 0.55, 0.05, 0.18 }, { 1.00, 0.65, 0.20, 0.24 } },
  [COLOR_CONTROL] = { { 0.78, 0.10, 0.10, 1 }, { 1.00, 0.47, 0.42, 1 } },
};

static OtRgba
color (OtSignalChart *c,
       ColorRole      role)
{
  return chart_colors[role][c->theme->dark ? 1 : 0];
}

static OtRgba
hatch_color (OtSignalChart *c)
{
  return with_alpha (c->theme->text_muted, 0.55);
}

/* Primitives ------------------------------------------------------------------ */

static void
add_fill (GArray *array,
          double  x0,
          double  y0,
          double  x1,
          double  y1,
          OtRgba  color)
{
  Fill f = { { x0, y0, x1, y1 }, color };

  g_array_append_val (array, f);
}

static void
add_line (OtSignalChart *c,
          double         x0,
          double         y0,
          double         x1,
          double         y1,
          OtRgba         color,
          double         width,
          gboolean       dashed)
{
  Line l = { x0, y0, x1, y1, color, width, dashed };

  g_array_append_val (c->lines, l);
}

static void
add_mark (OtSignalChart    *c,
          OtSignalMarkKind  kind,
          guint16           month,
          guint8            side,
          double            x0,
          double            y0,
          double            x1,
          double            y1,
          double            amount)
{
  OtSignalMark m = { kind, c->panels->len - 1, month, side, { x0, y0, x1, y1 }, amount };

  g_array_append_val (c->marks, m);
}

/* Text ------------------------------------------------------------------------- */

/* A layout of @text: wrapped at @width (words, else anywhere, never
 * hyphenated), or on one line cut with an ellipsis when @wrap is FALSE. */
static PangoLayout *
make_layout (OtSignalChart *c,
             const char    *text,
             double         size,
             gboolean       bold,
             double         width,
             gboolean       wrap)
{
  PangoLayout *layout = pango_layout_new (c->context);
  PangoFontDescription *font = ot_scene_font (c->theme, size, bold);
  PangoAttrList *attrs = pango_attr_list_new ();

  pango_attr_list_insert (attrs, pango_attr_insert_hyphens_new (FALSE));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  pango_layout_set_text (layout, text, -1);
  if (width > 0)
    {
      pango_layout_set_width (layout, (int) (MAX (width, 1) * PANGO_SCALE));
      if (wrap)
        pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
      else
        pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
    }
  return layout;
}

static void
layout_size (PangoLayout *layout,
             double      *width,
             double      *height)
{
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  if (width)
    *width = (double) logical.width / PANGO_SCALE;
  if (height)
    *height = (double) logical.height / PANGO_SCALE;
}

/* Places @layout (taken) with its top left at (@x, @y); returns its height. */
static double
place_layout (OtSignalChart *c,
              PangoLayout   *layout,
              double         x,
              double         y,
              OtRgba         color,
              int            panel,
              gboolean       backdrop)
{
  Text t = { layout, x, y, color, backdrop, { NULL, { 0 }, panel } };
  double w, h;

  layout_size (layout, &w, &h);
  t.label.text = pango_layout_get_text (layout);
  t.label.rect = (OtRect) { x, y, x + w, y + h };
  g_array_append_val (c->texts, t);
  return h;
}

/* A text at (@x, @y), wrapped at @width; returns its height. */
static double
add_text (OtSignalChart *c,
          const char    *text,
          double         x,
          double         y,
          double         width,
          double         size,
          gboolean       bold,
          OtRgba         color,
          int            panel)
{
  return place_layout (c, make_layout (c, text, size, bold, width, TRUE), x, y, color, panel, FALSE);
}

static double
text_height (OtSignalChart *c,
             const char    *text,
             double         width,
             double         size,
             gboolean       bold)
{
  g_autoptr(PangoLayout) layout = make_layout (c, text, size, bold, width, TRUE);
  double h;

  layout_size (layout, NULL, &h);
  return h;
}

static double
text_width (OtSignalChart *c,
            const char    *text,
            double         size)
{
  g_autoptr(PangoLayout) layout = make_layout (c, text, size, FALSE, 0, FALSE);
  double w;

  layout_size (layout, &w, NULL);
  return w;
}

/* Scales ---------------------------------------------------------------------- */

/* 1, 2, 2.5 or 5 times a power of ten, at or above @v. */
static double
nice_ceiling (double v)
{
  double e, f;

  if (!(v > 0) || !isfinite (v))
    return 1;
  e = pow (10, floor (log10 (v)));
  f = v / e;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10) * e;
}

static double
month_x (OtSignalChart *c,
         const OtRect  *plot,
         double         month)
{
  return plot->x0 + (month - c->first_month) * (plot->x1 - plot->x0) / c->n_months;
}

static double
value_y (const OtRect *plot,
         double        value,
         double        top)
{
  return plot->y1 - CLAMP (value / top, 0, 1) * (plot->y1 - plot->y0);
}

/* A leg's amount in month @m: NAN outside its series. */
static double
leg_at (const double     *series,
        const OtTradeLeg *leg,
        guint             m)
{
  if (series == NULL || m < leg->first_month || m >= leg->first_month + leg->n_months)
    return NAN;
  return series[m - leg->first_month];
}

/* Axes, shades and the control ------------------------------------------------- */

static void
draw_axes (OtSignalChart *c,
           const OtRect  *plot,
           const char    *top_label,
           double         gutter)
{
  int panel = c->panels->len - 1;
  g_autoptr(PangoLayout) zero = make_layout (c, "0", SMALL_SIZE, FALSE, 0, FALSE);
  PangoLayout *top = make_layout (c, top_label, SMALL_SIZE, FALSE, gutter - 4, FALSE);
  double w, h;

  add_line (c, plot->x0, plot->y0 + 0.5, plot->x1, plot->y0 + 0.5, c->theme->panel_border, 1, FALSE);
  add_line (c, plot->x0, plot->y1 + 0.5, plot->x1, plot->y1 + 0.5, c->theme->text_muted, 1, FALSE);
  layout_size (top, &w, &h);
  place_layout (c, top, plot->x0 - 4 - w, plot->y0 - h / 2, c->theme->text_muted, panel, FALSE);
  layout_size (zero, &w, &h);
  place_layout (c, g_steal_pointer (&zero), plot->x0 - 4 - w, plot->y1 - h / 2, c->theme->text_muted, panel, FALSE);
}

/* Year labels under the plot, every year or every other one as they fit;
 * returns their height. */
static double
draw_years (OtSignalChart *c,
            const OtRect  *plot)
{
  int panel = c->panels->len - 1;
  guint y0 = OT_TRADE_MONTH_YEAR (c->first_month);
  guint y1 = OT_TRADE_MONTH_YEAR (c->first_month + c->n_months - 1);
  double per_year = 12 * (plot->x1 - plot->x0) / c->n_months;
  double needed = text_width (c, "2000", SMALL_SIZE) + 6;
  guint step = per_year >= needed ? 1 : per_year * 2 >= needed ? 2 : 5;
  double h = 0;

  for (guint year = y0; year <= y1; year++)
    {
      guint16 jan = ot_trade_month (year, 1);
      double x0 = month_x (c, plot, MAX (jan, c->first_month));
      double x1 = month_x (c, plot, MIN ((guint) jan + 12, c->first_month + c->n_months));
      g_autofree char *text = g_strdup_printf ("%u", year);
      PangoLayout *layout;
      double w, lh;

      if (jan >= c->first_month)
        add_line (c, x0 + 0.5, plot->y1, x0 + 0.5, plot->y1 + 4, c->theme->text_muted, 1, FALSE);
      if (year % step != 0 || x1 - x0 < needed / 2)
        continue;
      layout = make_layout (c, text, SMALL_SIZE, FALSE, 0, FALSE);
      layout_size (layout, &w, NULL);
      lh = place_layout (c, layout, (x0 + x1 - w) / 2, plot->y1 + 4, c->theme->text_muted, panel, FALSE);
      h = MAX (h, lh);
    }
  return h + 4;
}

static void
shade_months (OtSignalChart *c,
              const OtRect  *plot,
              const guint16 *months,
              guint          n,
              OtRgba         color)
{
  for (guint i = 0; i < n; i++)
    if (months[i] >= c->first_month && months[i] < c->first_month + c->n_months)
      add_fill (c->shades, month_x (c, plot, months[i]), plot->y0, month_x (c, plot, months[i] + 1), plot->y1,
                color);
}

/* The control date as a line across the plot, labelled with its date at
 * the top (on the side with room); its x, or NAN outside the plot. */
static double
draw_control (OtSignalChart *c,
              const OtRect  *plot)
{
  const OtControl *control = c->signal->control;
  const OtDate *date;
  GDate day;
  double x, w;
  g_autofree char *text = NULL;
  PangoLayout *layout;

  if (control == NULL)
    return NAN;
  date = &control->effective;
  g_date_clear (&day, 1);
  g_date_set_julian (&day, control->day);
  x = month_x (c, plot, ot_trade_month (g_date_get_year (&day), g_date_get_month (&day))
                        + (g_date_get_day (&day) - 1.0)
                          / g_date_get_days_in_month (g_date_get_month (&day), g_date_get_year (&day)));
  if (x < plot->x0 || x > plot->x1)
    return NAN;
  add_line (c, x, plot->y0 - 2, x, plot->y1, color (c, COLOR_CONTROL), 1.5, FALSE);
  text = ot_date_to_display (date);
  layout = make_layout (c, text, SMALL_SIZE, TRUE, 0, FALSE);
  layout_size (layout, &w, NULL);
  place_layout (c, layout, x + 3 + w <= plot->x1 ? x + 3 : x - 3 - w, plot->y0 + 2, color (c, COLOR_CONTROL),
                c->panels->len - 1, TRUE);
  return x;
}

/* A gap, a zero or a bar for month @m. */
static void
month_mark (OtSignalChart *c,
            const OtRect  *plot,
            guint16        m,
            double         amount,
            double         top,
            OtRgba         color)
{
  double x0 = month_x (c, plot, m), x1 = month_x (c, plot, m + 1);
  double inset = x1 - x0 >= 4 ? 0.5 : 0;

  if (isnan (amount))
    {
      add_fill (c->hatches, x0, plot->y0, x1, plot->y1, hatch_color (c));
      add_mark (c, OT_SIGNAL_MARK_GAP, m, 0, x0, plot->y0, x1, plot->y1, NAN);
    }
  else if (amount <= 0)
    {
      add_fill (c->bars, x0 + inset, plot->y1 - 2, x1 - inset, plot->y1, c->theme->text_muted);
      add_mark (c, OT_SIGNAL_MARK_ZERO, m, 0, x0, plot->y1 - 2, x1, plot->y1, 0);
    }
  else
    {
      double y = MIN (value_y (plot, amount, top), plot->y1 - 1);

      add_fill (c->bars, x0 + inset, y, x1 - inset, plot->y1, color);
      add_mark (c, OT_SIGNAL_MARK_BAR, m, 0, x0 + inset, y, x1 - inset, plot->y1, amount);
    }
}

/* Panels ------------------------------------------------------------------------ */

static OtSignalPanel *
begin_panel (OtSignalChart *c,
             const Spec    *spec,
             double         x,
             double         y,
             double         width)
{
  OtSignalPanel panel = { 0 };

  panel.kind = spec->kind;
  panel.leg = spec->leg;
  panel.placebo = spec->placebo;
  panel.frame = (OtRect) { x, y, x + width, y };
  panel.control_x = NAN;
  panel.first_month = c->first_month;
  panel.n_months = c->n_months;
  panel.first_mark = c->marks->len;
  panel.title = g_strdup (spec->title);
  g_array_append_val (c->panels, panel);
  return &g_array_index (c->panels, OtSignalPanel, c->panels->len - 1);
}

static double
title_block_height (OtSignalChart *c,
                    const Spec    *spec,
                    double         width)
{
  return text_height (c, spec->title, width, TITLE_SIZE, TRUE) + 2
         + text_height (c, spec->subtitle, width, SMALL_SIZE, FALSE) + 8;
}

/* The gutter for the y labels: the widest of "0" and @top. */
static double
gutter_for (OtSignalChart *c,
            const char    *top)
{
  double top_w = text_width (c, top, SMALL_SIZE), zero_w = text_width (c, "0", SMALL_SIZE);

  return MIN (MAX (top_w, zero_w) + 6, 90);
}

static char *
top_label_kg (double top)
{
  return ot_trade_kg_label (top);
}

/* Monthly tonnes of one leg. */
static double
build_leg (OtSignalChart *c,
           const Spec    *spec,
           OtSignalPanel *panel,
           double         y)
{
  const OtTradeLeg *leg = spec->leg;
  double max = 0, top;
  g_autofree char *top_label = NULL;
  OtRect plot;
  double gutter;

  for (guint m = c->first_month; m < c->first_month + c->n_months; m++)
    {
      double kg = leg_at (leg->kg, leg, m);

      if (isfinite (kg))
        max = MAX (max, kg);
    }
  top = nice_ceiling (max > 0 ? max : 1000);
  top_label = top_label_kg (top);
  gutter = gutter_for (c, top_label);
  plot = (OtRect) { panel->frame.x0 + gutter, y, panel->frame.x1, y + PLOT_HEIGHT };
  shade_months (c, &plot, leg->before, leg->n_before, color (c, COLOR_BEFORE));
  shade_months (c, &plot, leg->after, leg->n_after, color (c, COLOR_AFTER));
  for (guint m = c->first_month; m < c->first_month + c->n_months; m++)
    month_mark (c, &plot, m, leg_at (leg->kg, leg, m), top, bar_color (c, spec->placebo));
  draw_axes (c, &plot, top_label, gutter);
  panel->control_x = draw_control (c, &plot);
  panel->plot = plot;
  return plot.y1 + draw_years (c, &plot);
}

static char *
price_label (double          price,
             OtTradeCurrency currency)
{
  if (!isfinite (price))
    return g_strdup ("—");
  /* TRANSLATORS: a price per kilogram: "12.30 US$/kg" */
  return g_strdup_printf (_("%'.2f %s/kg"), price, ot_trade_currency_symbol (currency));
}

/* Unit value: the leg's value per kg a month, the line's median price as
 * a dashed line, the months found off shaded. */
static double
build_price (OtSignalChart *c,
             const Spec    *spec,
             OtSignalPanel *panel,
             double         y)
{
  const OtTradeSignal *s = c->signal;
  const OtTradeLeg *leg = spec->leg;
  double max = isfinite (s->reference_unit_value) ? s->reference_unit_value : 0, top, gutter;
  double last_x = NAN, last_y = NAN;
  g_autofree char *top_label = NULL;
  g_autofree char *reference = NULL;
  OtRect plot;

  for (guint m = c->first_month; m < c->first_month + c->n_months; m++)
    {
      double kg = leg_at (leg->kg, leg, m), value = leg_at (leg->value, leg, m);

      if (kg > 0 && isfinite (value))
        max = MAX (max, value / kg);
    }
  top = nice_ceiling (max * 1.05);
  top_label = price_label (top, leg->currency);
  gutter = gutter_for (c, top_label);
  plot = (OtRect) { panel->frame.x0 + gutter, y, panel->frame.x1, y + PLOT_HEIGHT };
  for (guint16 m = MAX (s->first_month, c->first_month); m <= s->last_month && m < c->first_month + c->n_months; m++)
    add_fill (c->shades, month_x (c, &plot, m), plot.y0, month_x (c, &plot, m + 1), plot.y1, color (c, COLOR_AFTER));
  for (guint m = c->first_month; m < c->first_month + c->n_months; m++)
    {
      double kg = leg_at (leg->kg, leg, m), value = leg_at (leg->value, leg, m);
      double x = (month_x (c, &plot, m) + month_x (c, &plot, m + 1)) / 2;

      if (isnan (kg) || (kg > 0 && !isfinite (value)))
        {
          month_mark (c, &plot, m, NAN, top, c->theme->text);
          last_x = NAN;
        }
      else if (kg <= 0)
        {
          month_mark (c, &plot, m, 0, top, c->theme->text);
          last_x = NAN;
        }
      else
        {
          double py = value_y (&plot, value / kg, top);
          Dot d = { x, py, 2.5, bar_color (c, FALSE) };

          if (isfinite (last_x))
            add_line (c, last_x, last_y, x, py, bar_color (c, FALSE), 1.5, FALSE);
          g_array_append_val (c->dots, d);
          add_mark (c, OT_SIGNAL_MARK_POINT, m, 0, x - 2.5, py - 2.5, x + 2.5, py + 2.5, value / kg);
          last_x = x;
          last_y = py;
        }
    }
  if (isfinite (s->reference_unit_value))
    {
      double ry = value_y (&plot, s->reference_unit_value, top);
      g_autofree char *price = price_label (s->reference_unit_value, leg->currency);
      PangoLayout *layout;
      double w, h;

      add_line (c, plot.x0, ry, plot.x1, ry, c->theme->text, 1.2, TRUE);
      /* TRANSLATORS: the dashed line of a unit-value chart; %s: a price per kg */
      reference = g_strdup_printf (_("median %s"), price);
      layout = make_layout (c, reference, SMALL_SIZE, FALSE, 0, FALSE);
      layout_size (layout, &w, &h);
      place_layout (c, layout, plot.x1 - w - 2, ry - h - 1 >= plot.y0 ? ry - h - 1 : ry + 1,
                    c->theme->text, c->panels->len - 1, TRUE);
    }
  draw_axes (c, &plot, top_label, gutter);
  panel->control_x = draw_control (c, &plot);
  panel->plot = plot;
  return plot.y1 + draw_years (c, &plot);
}

/* Mirror gap: per year, the importer's total (left) beside the
 * exporter's (right); a flagged year's z above it. */
static double
build_years (OtSignalChart *c,
             const Spec    *spec,
             OtSignalPanel *panel,
             double         y)
{
  const OtTradeSignal *s = c->signal;
  gboolean by_value = s->n_years > 0 && s->years[0].by_value;
  OtTradeCurrency currency = s->n_legs > 0 ? s->legs[0].currency : OT_TRADE_USD;
  double max = 0, top, gutter, group, label_h = 0;
  g_autofree char *top_label = NULL;
  OtRect plot;

  for (guint i = 0; i < s->n_years; i++)
    if (s->years[i].by_value == by_value)
      max = MAX (max, MAX (s->years[i].importer, s->years[i].exporter));
  top = nice_ceiling (max);
  top_label = by_value ? ot_trade_value_label (top, currency) : ot_trade_kg_label (top);
  gutter = gutter_for (c, top_label);
  plot = (OtRect) { panel->frame.x0 + gutter, y + 16, panel->frame.x1, y + 16 + PLOT_HEIGHT };
  group = s->n_years > 0 ? (plot.x1 - plot.x0) / s->n_years : 0;
  for (guint i = 0; i < s->n_years; i++)
    {
      const OtTradeMirrorYear *year = &s->years[i];
      double gx = plot.x0 + i * group, bw = MIN (group * 0.32, 28);
      double sides[2] = { year->importer, year->exporter };
      g_autofree char *text = g_strdup_printf ("%u", year->year);
      PangoLayout *layout;
      double w, h;

      for (guint8 side = 0; side < 2; side++)
        {
          double x0 = gx + group / 2 + (side == 0 ? -bw - 1 : 1), x1 = x0 + bw;
          double amount = year->by_value == by_value ? sides[side] : NAN;

          if (!isfinite (amount))
            {
              add_fill (c->hatches, x0, plot.y0, x1, plot.y1, hatch_color (c));
              add_mark (c, OT_SIGNAL_MARK_GAP, year->year, side, x0, plot.y0, x1, plot.y1, NAN);
            }
          else if (amount <= 0)
            {
              add_fill (c->bars, x0, plot.y1 - 2, x1, plot.y1, c->theme->text_muted);
              add_mark (c, OT_SIGNAL_MARK_ZERO, year->year, side, x0, plot.y1 - 2, x1, plot.y1, 0);
            }
          else
            {
              double by = MIN (value_y (&plot, amount, top), plot.y1 - 1);

              add_fill (c->bars, x0, by, x1, plot.y1, side == 0 ? bar_color (c, FALSE) : color (c, COLOR_EXPORTER));
              add_mark (c, OT_SIGNAL_MARK_BAR, year->year, side, x0, by, x1, plot.y1, amount);
            }
        }
      if (year->flagged)
        {
          g_autofree char *z = ot_trade_signed_label (year->z, 1);
          g_autofree char *zt = g_strdup_printf ("z = %s", z);

          add_fill (c->shades, gx + 1, plot.y0, gx + group - 1, plot.y1, color (c, COLOR_AFTER));
          /* Narrow years: the number alone, never cut. */
          layout = make_layout (c, zt, SMALL_SIZE, TRUE, 0, FALSE);
          layout_size (layout, &w, NULL);
          if (w > group - 2)
            {
              g_object_unref (layout);
              layout = make_layout (c, z, SMALL_SIZE, TRUE, group, FALSE);
              layout_size (layout, &w, NULL);
            }
          place_layout (c, layout, gx + (group - w) / 2, y, color (c, COLOR_CONTROL), c->panels->len - 1, FALSE);
        }
      layout = make_layout (c, text, SMALL_SIZE, FALSE, group, FALSE);
      layout_size (layout, &w, NULL);
      h = place_layout (c, layout, gx + (group - w) / 2, plot.y1 + 4, c->theme->text_muted, c->panels->len - 1,
                        FALSE);
      label_h = MAX (label_h, h);
    }
  draw_axes (c, &plot, top_label, gutter);
  panel->plot = plot;
  return plot.y1 + 4 + label_h;
}

/* The mirror gap's flagged years, a sentence each. */
static char *
years_numbers (OtSignalChart *c)
{
  const OtTradeSignal *s = c->signal;
  OtTradeCurrency currency = s->n_legs > 0 ? s->legs[0].currency : OT_TRADE_USD;
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < s->n_years; i++)
    {
      const OtTradeMirrorYear *year = &s->years[i];
      g_autofree char *imported = NULL;
      g_autofree char *exported = NULL;
      g_autofree char *gap = ot_trade_signed_label (year->gap, 2);
      g_autofree char *z = ot_trade_signed_label (year->z, 1);

      if (!year->flagged)
        continue;
      imported = year->by_value ? ot_trade_value_label (year->importer, currency) : ot_trade_kg_label (year->importer);
      exported = year->by_value ? ot_trade_value_label (year->exporter, currency) : ot_trade_kg_label (year->exporter);
      if (out->len > 0)
        g_string_append_c (out, '\n');
      /* TRANSLATORS: a mirror gap's year: the importer's total, the
       * exporter's, the log gap and its robust z */
      g_string_append_printf (out, _("%u: %s imported against %s exported · gap %s · z = %s"),
                              year->year, imported, exported, gap, z);
    }
  return g_string_free (out, out->len == 0);
}

static char *
panel_numbers (OtSignalChart *c,
               const Spec    *spec)
{
  const OtTradeSignal *s = c->signal;
  g_autofree char *run = NULL;
  g_autofree char *reference = NULL;
  g_autofree char *z = NULL;
  char *numbers;

  switch (spec->kind)
    {
    case OT_SIGNAL_PANEL_YEARS:
      return years_numbers (c);
    case OT_SIGNAL_PANEL_PRICE:
      run = price_label (s->unit_value, spec->leg->currency);
      reference = price_label (s->reference_unit_value, spec->leg->currency);
      z = ot_trade_signed_label (s->z, 1);
      /* TRANSLATORS: a unit-value signal: the price in the shaded months,
       * the line's median price in the same months, the robust z */
      return g_strdup_printf (_("%s in the shaded months against %s, the median of the line · z = %s"),
                              run, reference, z);
    case OT_SIGNAL_PANEL_LEG:
    default:
      numbers = ot_trade_leg_numbers (spec->leg);
      if (numbers != NULL && spec->leg->lag > 0)
        {
          g_autofree char *lag = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                               "after window %u month behind the control",
                                                               "after window %u months behind the control",
                                                               spec->leg->lag), spec->leg->lag);
          char *both = g_strconcat (numbers, " · ", lag, NULL);

          g_free (numbers);
          numbers = both;
        }
      return numbers;
    }
}

/* One panel at (@x, @y), @width wide, its title block @title_h high (the
 * row's tallest); returns its bottom. */
static double
build_panel (OtSignalChart *c,
             const Spec    *spec,
             double         x,
             double         y,
             double         width,
             double         title_h)
{
  OtSignalPanel *panel = begin_panel (c, spec, x, y, width);
  int index = c->panels->len - 1;
  double bottom;
  char *numbers = panel_numbers (c, spec);

  y += add_text (c, spec->title, x, y, width, TITLE_SIZE, TRUE, c->theme->text, index) + 2;
  add_text (c, spec->subtitle, x, y, width, SMALL_SIZE, FALSE, c->theme->text_muted, index);
  y = panel->frame.y0 + title_h;
  if (spec->kind == OT_SIGNAL_PANEL_YEARS)
    bottom = build_years (c, spec, panel, y);
  else if (spec->kind == OT_SIGNAL_PANEL_PRICE)
    bottom = build_price (c, spec, panel, y);
  else
    bottom = build_leg (c, spec, panel, y);
  if (numbers != NULL)
    bottom += 4 + add_text (c, numbers, x, bottom + 4, width, SMALL_SIZE, FALSE, c->theme->text, index);
  panel->numbers = numbers;
  panel->frame.y1 = bottom;
  panel->n_marks = c->marks->len - panel->first_mark;
  return bottom;
}

/* Specs of every panel ------------------------------------------------------------ */

static void
spec_clear (Spec *spec)
{
  g_free (spec->title);
  g_free (spec->subtitle);
}

static Spec
leg_spec (const OtTradeLeg  *leg,
          OtSignalPanelKind  kind,
          gboolean           placebo,
          gboolean           say_placebo)
{
  Spec spec = { kind, leg, placebo, NULL, NULL };
  g_autofree char *route = ot_trade_leg_route (leg);
  g_autofree char *records = ot_trade_leg_records (leg);
  g_autofree char *codes = ot_trade_products_label (leg->products, leg->n_products);
  const char *role = kind == OT_SIGNAL_PANEL_PRICE
                     /* TRANSLATORS: a unit-value chart's title */
                     ? _("Price a kg") : ot_trade_leg_role_label (leg->role);

  if (say_placebo)
    /* TRANSLATORS: a placebo panel's title: "Placebo · Direct · China → United States" */
    spec.title = g_strdup_printf (_("Placebo · %s · %s"), role, route);
  else
    spec.title = g_strdup_printf ("%s · %s", role, route);
  spec.subtitle = g_strdup_printf ("%s · %s", records, codes);
  return spec;
}

/* The panels in rows of one or two. */
static GArray *
make_specs (OtSignalChart *c,
            gboolean       two)
{
  const OtTradeSignal *s = c->signal;
  GArray *specs = g_array_new (FALSE, TRUE, sizeof (Spec));
  Spec spec;

  g_array_set_clear_func (specs, (GDestroyNotify) spec_clear);
  switch (s->kind)
    {
    case OT_TRADE_SIGNAL_UNIT_VALUE:
      if (s->n_legs > 0)
        {
          spec = leg_spec (&s->legs[0], OT_SIGNAL_PANEL_PRICE, FALSE, FALSE);
          g_array_append_val (specs, spec);
          spec = leg_spec (&s->legs[0], OT_SIGNAL_PANEL_LEG, FALSE, FALSE);
          g_free (spec.title);
          /* TRANSLATORS: a unit-value chart's second panel */
          spec.title = g_strdup_printf (_("Tonnes · %s"), ot_trade_leg_role_label (s->legs[0].role));
          g_array_append_val (specs, spec);
        }
      break;
    case OT_TRADE_SIGNAL_MIRROR_GAP:
      for (guint i = 0; i < s->n_legs; i++)
        {
          spec = leg_spec (&s->legs[i], OT_SIGNAL_PANEL_LEG, FALSE, FALSE);
          g_array_append_val (specs, spec);
        }
      if (s->n_years > 0)
        {
          Spec years = { OT_SIGNAL_PANEL_YEARS, NULL, FALSE, NULL, NULL };

          /* TRANSLATORS: a mirror gap's yearly panel */
          years.title = g_strdup (_("Both sides per year"));
          years.subtitle = g_strdup (s->years[0].by_value
                                     /* TRANSLATORS: the bars of a mirror gap's yearly panel */
                                     ? _("left: the importer’s records (CIF value); right: the exporter’s (FOB value)")
                                     : _("left: the importer’s records (kg); right: the exporter’s (kg)"));
          g_array_append_val (specs, years);
        }
      break;
    case OT_TRADE_SIGNAL_REROUTING:
    case OT_TRADE_SIGNAL_CODE_SWITCH:
    default:
      for (guint i = 0; i < s->n_legs; i++)
        {
          spec = leg_spec (&s->legs[i], OT_SIGNAL_PANEL_LEG, FALSE, FALSE);
          g_array_append_val (specs, spec);
          if (i < s->n_placebo)
            {
              spec = leg_spec (&s->placebo[i], OT_SIGNAL_PANEL_LEG, TRUE, !two);
              g_array_append_val (specs, spec);
            }
        }
      break;
    }
  return specs;
}

/* How many panels a row holds, from @index on. */
static guint
row_size (OtSignalChart *c,
          GArray        *specs,
          guint          index,
          gboolean       two)
{
  const Spec *spec = &g_array_index (specs, Spec, index);

  if (!two || index + 1 >= specs->len)
    return 1;
  if (spec->kind == OT_SIGNAL_PANEL_LEG && g_array_index (specs, Spec, index + 1).kind == OT_SIGNAL_PANEL_LEG)
    {
      /* Rerouting: a leg and its placebo; a code switch or a mirror gap:
       * its two legs side by side. */
      if (c->signal->n_placebo > 0)
        return g_array_index (specs, Spec, index + 1).placebo ? 2 : 1;
      return 2;
    }
  return 1;
}

/* Legend and chrome ------------------------------------------------------------------ */

typedef enum { SWATCH_FILL, SWATCH_HATCH, SWATCH_TICK, SWATCH_LINE, SWATCH_DASH } SwatchKind;

/* One legend item at (*x, *y), wrapping to the next line. */
static void
legend_item (OtSignalChart *c,
             SwatchKind     kind,
             OtRgba         color,
             const char    *text,
             double        *x,
             double        *y,
             double        *line_h)
{
  PangoLayout *layout = make_layout (c, text, SMALL_SIZE, FALSE, c->width - 2 * PAD - 20, FALSE);
  double w, h, sy;

  layout_size (layout, &w, &h);
  if (*x > PAD && *x + 18 + w > c->width - PAD)
    {
      *x = PAD;
      *y += *line_h + 4;
      *line_h = 0;
    }
  sy = *y + (h - 10) / 2;
  switch (kind)
    {
    case SWATCH_FILL:
      add_fill (c->bars, *x, sy, *x + 14, sy + 10, color);
      break;
    case SWATCH_HATCH:
      add_fill (c->hatches, *x, sy, *x + 14, sy + 10, color);
      break;
    case SWATCH_TICK:
      add_fill (c->bars, *x, sy + 8, *x + 14, sy + 10, color);
      break;
    case SWATCH_LINE:
      add_line (c, *x + 7, sy - 1, *x + 7, sy + 11, color, 1.5, FALSE);
      break;
    case SWATCH_DASH:
    default:
      add_line (c, *x, sy + 5, *x + 14, sy + 5, color, 1.2, TRUE);
      break;
    }
  place_layout (c, layout, *x + 18, *y, c->theme->text, -1, FALSE);
  *x += 18 + w + 14;
  *line_h = MAX (*line_h, h);
}

static double
build_legend (OtSignalChart *c,
              double         y)
{
  const OtTradeSignal *s = c->signal;
  double x = PAD, line_h = 0;
  g_autofree char *control = ot_trade_control_label (s->control);

  if (s->kind == OT_TRADE_SIGNAL_UNIT_VALUE)
    {
      legend_item (c, SWATCH_FILL, bar_color (c, FALSE), _("price a kg, and tonnes a month"), &x, &y, &line_h);
      legend_item (c, SWATCH_DASH, c->theme->text, _("median price of the line"), &x, &y, &line_h);
      legend_item (c, SWATCH_FILL, color (c, COLOR_AFTER), _("months priced off"), &x, &y, &line_h);
    }
  else
    legend_item (c, SWATCH_FILL, bar_color (c, FALSE),
                 s->kind == OT_TRADE_SIGNAL_MIRROR_GAP ? _("tonnes a month; the importer’s records a year")
                                                       : _("tonnes a month"), &x, &y, &line_h);
  if (s->n_placebo > 0)
    legend_item (c, SWATCH_FILL, bar_color (c, TRUE), _("placebo lines"), &x, &y, &line_h);
  if (s->kind == OT_TRADE_SIGNAL_MIRROR_GAP)
    {
      legend_item (c, SWATCH_FILL, color (c, COLOR_EXPORTER), _("the exporter’s records a year"), &x, &y, &line_h);
      legend_item (c, SWATCH_FILL, color (c, COLOR_AFTER), _("years flagged"), &x, &y, &line_h);
    }
  legend_item (c, SWATCH_HATCH, hatch_color (c), _("not reported"), &x, &y, &line_h);
  legend_item (c, SWATCH_TICK, c->theme->text_muted, _("reported zero"), &x, &y, &line_h);
  if (s->kind == OT_TRADE_SIGNAL_REROUTING || s->kind == OT_TRADE_SIGNAL_CODE_SWITCH)
    {
      legend_item (c, SWATCH_FILL, color (c, COLOR_BEFORE), _("months compared: before"), &x, &y, &line_h);
      legend_item (c, SWATCH_FILL, color (c, COLOR_AFTER), _("after"), &x, &y, &line_h);
    }
  if (control != NULL)
    {
      /* TRANSLATORS: the legend of the control date's line; %s: "CN-2024-46 · 2024-12-03" */
      g_autofree char *text = g_strdup_printf (_("control %s"), control);

      legend_item (c, SWATCH_LINE, color (c, COLOR_CONTROL), text, &x, &y, &line_h);
    }
  return y + line_h;
}

/* The trade files behind the chart, for its source line. */
static char *
source_line (OtSignalChart *c)
{
  OtTradeTable *table = ot_trade_signals_get_table (c->signals);
  const char * const *files = ot_trade_table_get_files (table);
  g_autoptr(GString) names = g_string_new (NULL);
  g_autofree char *generated = ot_trade_table_describe_generated (table);

  for (guint i = 0; files != NULL && files[i] != NULL; i++)
    {
      g_autofree char *base = g_path_get_basename (files[i]);

      if (i == 8)
        {
          g_string_append (names, ", …");
          break;
        }
      if (i > 0)
        g_string_append (names, ", ");
      g_string_append (names, base);
    }
  if (generated != NULL)
    {
      g_string_append (names, " · ");
      g_string_append (names, generated);
    }
  /* TRANSLATORS: the source line of an exported trade signal; %s: file names */
  return g_strdup_printf (_("Trade statistics: %s · Oretrace"), names->str);
}

/* Building ------------------------------------------------------------------------ */

static void
month_range (OtSignalChart *c)
{
  const OtTradeSignal *s = c->signal;
  guint lo = G_MAXUINT, hi = 0;

  for (guint i = 0; i < s->n_legs + s->n_placebo; i++)
    {
      const OtTradeLeg *leg = i < s->n_legs ? &s->legs[i] : &s->placebo[i - s->n_legs];

      if (leg->n_months == 0)
        continue;
      lo = MIN (lo, leg->first_month);
      hi = MAX (hi, (guint) leg->first_month + leg->n_months - 1);
    }
  if (lo > hi)
    lo = hi = s->first_month;
  if (hi - lo + 1 > MAX_MONTHS)
    lo = hi + 1 - MAX_MONTHS;
  c->first_month = lo;
  c->n_months = hi - lo + 1;
}

static void
build (OtSignalChart *c)
{
  const OtTradeSignal *s = c->signal;
  gboolean two = c->width >= TWO_COLUMNS;
  double y = PAD, inner = c->width - 2 * PAD;
  double column = two ? (inner - COLUMN_GAP) / 2 : inner;
  g_autoptr(GArray) specs = NULL;

  if (c->options.chrome)
    {
      y += add_text (c, c->title, PAD, y, inner, CHROME_SIZE, TRUE, c->theme->text, -1) + 2;
      y += add_text (c, c->subtitle, PAD, y, inner, TEXT_SIZE, FALSE, c->theme->text_muted, -1) + 10;
    }
  y = build_legend (c, y) + ROW_GAP;
  specs = make_specs (c, two);
  if (two && s->n_placebo > 0)
    {
      g_autofree char *controlled = ot_trade_products_label (s->products, s->n_products);
      g_autofree char *placebo = ot_trade_products_label (s->placebo_products, s->n_placebo_products);
      /* TRANSLATORS: the column headers of a rerouting chart; %s: customs codes */
      g_autofree char *left = g_strdup_printf (_("Controlled lines %s"), controlled);
      g_autofree char *right = g_strdup_printf (_("Placebo: uncontrolled lines %s"), placebo);
      double left_h = text_height (c, left, column, TEXT_SIZE, TRUE);
      double right_h = text_height (c, right, column, TEXT_SIZE, TRUE);
      double h = MAX (left_h, right_h);

      add_text (c, left, PAD, y, column, TEXT_SIZE, TRUE, c->theme->text_muted, -1);
      add_text (c, right, PAD + column + COLUMN_GAP, y, column, TEXT_SIZE, TRUE, c->theme->text_muted, -1);
      add_line (c, PAD, y + h + 4.5, c->width - PAD, y + h + 4.5, c->theme->panel_border, 1, FALSE);
      y += h + 12;
    }
  for (guint i = 0; i < specs->len;)
    {
      guint n = row_size (c, specs, i, two);
      double width = n == 2 ? column : inner, title_h = 0, bottom = y;

      for (guint k = 0; k < n; k++)
        {
          double h = title_block_height (c, &g_array_index (specs, Spec, i + k), width);

          title_h = MAX (title_h, h);
        }
      for (guint k = 0; k < n; k++)
        {
          double b = build_panel (c, &g_array_index (specs, Spec, i + k), PAD + k * (column + COLUMN_GAP), y,
                                  width, title_h);

          bottom = MAX (bottom, b);
        }
      y = bottom + ROW_GAP;
      i += n;
    }
  if (c->options.chrome)
    y += add_text (c, c->source, PAD, y, inner, SMALL_SIZE, FALSE, c->theme->text_muted, -1) + 4;
  c->height = ceil (y - ROW_GAP + PAD);
}

OtSignalChart *
ot_signal_chart_new (OtTradeSignals             *signals,
                     const OtTradeSignal        *signal,
                     const OtSignalChartOptions *options)
{
  OtSignalChart *c;
  g_autofree char *route = NULL;
  g_autofree char *control = NULL;
  g_autofree char *score = NULL;

  g_return_val_if_fail (signals != NULL, NULL);
  g_return_val_if_fail (signal != NULL, NULL);

  c = g_new0 (OtSignalChart, 1);
  c->signals = ot_trade_signals_ref (signals);
  c->signal = signal;
  if (options != NULL)
    c->options = *options;
  else
    ot_signal_chart_options_init (&c->options);
  c->theme = c->options.theme != NULL ? c->options.theme : ot_theme_light ();
  c->width = CLAMP (c->options.width, 200, 20000);
  c->context = pango_font_map_create_context (pango_cairo_font_map_get_default ());
  ot_scene_setup_pango_context (c->context);
  c->panels = g_array_new (FALSE, TRUE, sizeof (OtSignalPanel));
  c->marks = g_array_new (FALSE, TRUE, sizeof (OtSignalMark));
  c->shades = g_array_new (FALSE, FALSE, sizeof (Fill));
  c->hatches = g_array_new (FALSE, FALSE, sizeof (Fill));
  c->bars = g_array_new (FALSE, FALSE, sizeof (Fill));
  c->lines = g_array_new (FALSE, FALSE, sizeof (Line));
  c->dots = g_array_new (FALSE, FALSE, sizeof (Dot));
  c->texts = g_array_new (FALSE, FALSE, sizeof (Text));

  route = ot_trade_signal_route (signal);
  c->title = g_strdup_printf ("%s · %s · %s", ot_trade_signal_kind_label (signal->kind),
                              ot_mineral_label (signal->mineral), route);
  control = ot_trade_control_label (signal->control);
  score = ot_trade_signal_score_label (signal, ot_trade_signals_get_options (signals)->threshold);
  c->subtitle = control != NULL ? g_strdup_printf ("%s · %s", control, score) : g_strdup (score);
  c->source = source_line (c);
  month_range (c);
  build (c);
  return c;
}

void
ot_signal_chart_free (OtSignalChart *self)
{
  if (self == NULL)
    return;
  for (guint i = 0; i < self->texts->len; i++)
    g_object_unref (g_array_index (self->texts, Text, i).layout);
  for (guint i = 0; i < self->panels->len; i++)
    {
      g_free (g_array_index (self->panels, OtSignalPanel, i).title);
      g_free (g_array_index (self->panels, OtSignalPanel, i).numbers);
    }
  g_array_unref (self->texts);
  g_array_unref (self->dots);
  g_array_unref (self->lines);
  g_array_unref (self->bars);
  g_array_unref (self->hatches);
  g_array_unref (self->shades);
  g_array_unref (self->marks);
  g_array_unref (self->panels);
  g_object_unref (self->context);
  g_free (self->title);
  g_free (self->subtitle);
  g_free (self->source);
  ot_trade_signals_unref (self->signals);
  g_free (self);
}

/* Drawing ---------------------------------------------------------------------------- */

static void
set_color (OtPainter *p,
           OtRgba     c)
{
  ot_painter_set_source_rgba (p, c.r, c.g, c.b, c.a);
}

static void
draw_fills (OtPainter *p,
            GArray    *fills)
{
  for (guint i = 0; i < fills->len; i++)
    {
      const Fill *f = &g_array_index (fills, Fill, i);

      set_color (p, f->color);
      ot_painter_rectangle (p, f->rect.x0, f->rect.y0, f->rect.x1 - f->rect.x0, f->rect.y1 - f->rect.y0);
      ot_painter_fill (p);
    }
}

/* Not reported: thin diagonal lines across the column, clipped to it. */
static void
draw_hatches (OtPainter *p,
              GArray    *hatches)
{
  ot_painter_set_line_width (p, 1);
  for (guint i = 0; i < hatches->len; i++)
    {
      const Fill *f = &g_array_index (hatches, Fill, i);
      double h = f->rect.y1 - f->rect.y0;

      ot_painter_save (p);
      ot_painter_rectangle (p, f->rect.x0, f->rect.y0, f->rect.x1 - f->rect.x0, h);
      ot_painter_clip (p);
      set_color (p, f->color);
      /* Lines at 45° every 5 px of a grid fixed to the page, so that
       * neighbouring gaps join into one texture. */
      for (double s = floor ((f->rect.x0 + f->rect.y0) / 5) * 5; s < f->rect.x1 + f->rect.y1 + 5; s += 5)
        {
          ot_painter_move_to (p, s - f->rect.y0, f->rect.y0);
          ot_painter_line_to (p, s - f->rect.y1, f->rect.y1);
        }
      ot_painter_stroke (p);
      ot_painter_restore (p);
    }
}

static void
draw_lines (OtPainter *p,
            GArray    *lines)
{
  static const double dash[] = { 5, 3 };

  for (guint i = 0; i < lines->len; i++)
    {
      const Line *l = &g_array_index (lines, Line, i);

      set_color (p, l->color);
      ot_painter_set_line_width (p, l->width);
      ot_painter_set_dash (p, l->dashed ? dash : NULL, l->dashed ? 2 : 0, 0);
      ot_painter_move_to (p, l->x0, l->y0);
      ot_painter_line_to (p, l->x1, l->y1);
      ot_painter_stroke (p);
    }
  ot_painter_set_dash (p, NULL, 0, 0);
}

static void
draw_dots (OtPainter *p,
           GArray    *dots)
{
  for (guint i = 0; i < dots->len; i++)
    {
      const Dot *d = &g_array_index (dots, Dot, i);

      set_color (p, d->color);
      ot_painter_new_sub_path (p);
      ot_painter_arc (p, d->x, d->y, d->r, 0, 2 * G_PI);
      ot_painter_fill (p);
    }
}

static void
draw_texts (OtSignalChart *c,
            OtPainter     *p)
{
  for (guint i = 0; i < c->texts->len; i++)
    {
      const Text *t = &g_array_index (c->texts, Text, i);

      if (t->backdrop)
        {
          set_color (p, c->theme->halo);
          ot_painter_rectangle (p, t->label.rect.x0 - 2, t->label.rect.y0, t->label.rect.x1 - t->label.rect.x0 + 4,
                                t->label.rect.y1 - t->label.rect.y0);
          ot_painter_fill (p);
        }
      set_color (p, t->color);
      ot_painter_move_to (p, t->x, t->y);
      ot_painter_show_layout (p, t->layout);
    }
}

void
ot_signal_chart_draw (OtSignalChart *self,
                      OtPainter     *painter)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (painter != NULL);

  ot_painter_save (painter);
  if (!self->options.transparent)
    {
      set_color (painter, self->theme->background);
      ot_painter_rectangle (painter, 0, 0, self->width, self->height);
      ot_painter_fill (painter);
    }
  draw_fills (painter, self->shades);
  draw_hatches (painter, self->hatches);
  draw_fills (painter, self->bars);
  draw_lines (painter, self->lines);
  draw_dots (painter, self->dots);
  draw_texts (self, painter);
  ot_painter_restore (painter);
}

void
ot_signal_chart_draw_cairo (OtSignalChart *self,
                            cairo_t       *cr)
{
  OtPainter painter = OT_PAINTER_CAIRO (cr);

  g_return_if_fail (cr != NULL);

  ot_signal_chart_draw (self, &painter);
}

/* What was laid out ---------------------------------------------------------------- */

double
ot_signal_chart_get_width (OtSignalChart *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->width;
}

double
ot_signal_chart_get_height (OtSignalChart *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->height;
}

guint
ot_signal_chart_get_n_panels (OtSignalChart *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->panels->len;
}

const OtSignalPanel *
ot_signal_chart_get_panel (OtSignalChart *self,
                           guint          index)
{
  g_return_val_if_fail (self != NULL && index < self->panels->len, NULL);

  return &g_array_index (self->panels, OtSignalPanel, index);
}

const OtSignalMark *
ot_signal_chart_get_marks (OtSignalChart *self,
                           guint         *n_marks)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (n_marks)
    *n_marks = self->marks->len;
  return (const OtSignalMark *) (void *) self->marks->data;
}

guint
ot_signal_chart_get_n_labels (OtSignalChart *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->texts->len;
}

const OtSignalLabel *
ot_signal_chart_get_label (OtSignalChart *self,
                           guint          index)
{
  g_return_val_if_fail (self != NULL && index < self->texts->len, NULL);

  return &g_array_index (self->texts, Text, index).label;
}

const char *
ot_signal_chart_get_title (OtSignalChart *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->title;
}

const char *
ot_signal_chart_get_subtitle (OtSignalChart *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->subtitle;
}

const char *
ot_signal_chart_get_source (OtSignalChart *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->source;
}

char *
ot_signal_chart_describe (OtSignalChart *self)
{
  GString *out;

  g_return_val_if_fail (self != NULL, NULL);

  out = g_string_new (NULL);
  g_string_append_printf (out, "%s\n%s", self->title, self->subtitle);
  for (guint i = 0; i < self->panels->len; i++)
    {
      const OtSignalPanel *panel = &g_array_index (self->panels, OtSignalPanel, i);

      g_string_append_printf (out, "\n%s", panel->title);
      if (panel->numbers != NULL)
        g_string_append_printf (out, ": %s", panel->numbers);
    }
  return g_string_free (out, FALSE);
}
