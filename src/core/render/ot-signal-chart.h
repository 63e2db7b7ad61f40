/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-signal-chart.h: the small multiples of one trade signal (issue 18,
 * docs/trade-signals.md "In the window"): a panel per leg of monthly bars
 * of tonnes (the placebo's legs beside the controlled ones), months not
 * reported drawn as hatched gaps (unknown, never zero), a reported zero as
 * a tick on the baseline, the months compared before and after shaded, the
 * control date as a line with its label and, under each panel, the numbers
 * (before → after, change, t).  A mirror gap adds both sides per year; a
 * unit value the price a month against the line's median.
 *
 * One function draws it on any OtPainter: the Signals panel (Cairo, via
 * gtk_snapshot_append_cairo ()) and the export (PNG, PDF, SVG) draw the
 * same thing.  The layout is made once for a width (text wraps to it) and
 * reported (panels, marks, labels) for tests and screen readers.  A chart
 * is used by one thread at a time (it holds Pango layouts). */
#pragma once

#include "ot-painter.h"
#include "ot-scene.h"
#include "ot-trade-signals.h"

G_BEGIN_DECLS

typedef enum {
  OT_SIGNAL_PANEL_LEG,     /* monthly tonnes of one leg */
  OT_SIGNAL_PANEL_PRICE,   /* unit value: value per kg a month, against the reference */
  OT_SIGNAL_PANEL_YEARS,   /* mirror gap: the importer's and the exporter's totals per year */
} OtSignalPanelKind;

typedef enum {
  OT_SIGNAL_MARK_BAR,      /* a month's (or a year's side's) amount */
  OT_SIGNAL_MARK_ZERO,     /* reported, and nothing: a tick on the baseline */
  OT_SIGNAL_MARK_GAP,      /* not reported or withheld: a hatched column */
  OT_SIGNAL_MARK_POINT,    /* a month's price */
} OtSignalMarkKind;

typedef struct {
  OtSignalMarkKind kind;
  guint            panel;
  guint16          month;    /* ot_trade_month (); a years panel: the year */
  guint8           side;     /* years panel: 0 the importer's, 1 the exporter's */
  OtRect           rect;     /* page px */
  double           amount;   /* kg, value or value per kg; NAN for a gap */
} OtSignalMark;

typedef struct {
  OtSignalPanelKind  kind;
  const OtTradeLeg  *leg;         /* LEG and PRICE; NULL for YEARS */
  gboolean           placebo;     /* a leg of the placebo lines */
  OtRect             frame;       /* title to numbers */
  OtRect             plot;        /* the bars' box */
  double             control_x;   /* the control date's line; NAN when none */
  guint16            first_month; /* the months across the plot */
  guint              n_months;
  guint              first_mark;  /* its marks in ot_signal_chart_get_marks () */
  guint              n_marks;
  char              *title;       /* "Direct · China → United States" */
  char              *numbers;     /* the line under it, or NULL */
} OtSignalPanel;

typedef struct {
  const char *text;
  OtRect      rect;
  int         panel;              /* -1: the title, legend or source */
} OtSignalLabel;

typedef struct {
  const OtTheme *theme;           /* NULL: ot_theme_light () */
  double         width;           /* page px */
  gboolean       chrome;          /* a title, the score and the source line
                                   * (an export on its own); the panel's
                                   * window shows its own heading */
  gboolean       transparent;     /* no background */
} OtSignalChartOptions;

void ot_signal_chart_options_init (OtSignalChartOptions *options);

typedef struct _OtSignalChart OtSignalChart;

/* Lays out @signal (one of @signals') at @options' width. */
OtSignalChart       *ot_signal_chart_new          (OtTradeSignals              *signals,
                                                   const OtTradeSignal         *signal,
                                                   const OtSignalChartOptions  *options);
void                 ot_signal_chart_free         (OtSignalChart               *self);

double               ot_signal_chart_get_width    (OtSignalChart               *self);
/* What the layout needs at its width. */
double               ot_signal_chart_get_height   (OtSignalChart               *self);
/* Draws the chart with its top left corner at (0, 0). */
void                 ot_signal_chart_draw         (OtSignalChart               *self,
                                                   OtPainter                   *painter);
void                 ot_signal_chart_draw_cairo   (OtSignalChart               *self,
                                                   cairo_t                     *cr);

guint                ot_signal_chart_get_n_panels (OtSignalChart               *self);
const OtSignalPanel *ot_signal_chart_get_panel    (OtSignalChart               *self,
                                                   guint                        index);
const OtSignalMark  *ot_signal_chart_get_marks    (OtSignalChart               *self,
                                                   guint                       *n_marks);
guint                ot_signal_chart_get_n_labels (OtSignalChart               *self);
const OtSignalLabel *ot_signal_chart_get_label    (OtSignalChart               *self,
                                                   guint                        index);
/* "Rerouting · Antimony · China → Thailand → United States". */
const char          *ot_signal_chart_get_title    (OtSignalChart               *self);
/* The control and the score: "CN-2024-46 · 2024-12-03 · Score 7.0 · flagged". */
const char          *ot_signal_chart_get_subtitle (OtSignalChart               *self);
/* "Trade statistics: comtrade.tsv" */
const char          *ot_signal_chart_get_source   (OtSignalChart               *self);
/* Every panel's title and numbers, a line each: for screen readers and
 * an SVG's <desc>. */
char                *ot_signal_chart_describe     (OtSignalChart               *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OtSignalChart, ot_signal_chart_free)

G_END_DECLS
