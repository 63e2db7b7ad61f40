/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-export-signal.c: a trade signal's small multiples written to a file. */
#include "ot-export-signal.h"

#include <math.h>

static void
draw_chart (OtPainter *painter,
            gpointer   data)
{
  ot_signal_chart_draw (data, painter);
}

gboolean
ot_export_signal_chart (OtTradeSignals        *signals,
                        const OtTradeSignal   *signal,
                        const OtTheme         *theme,
                        const OtExportOptions *opts,
                        const char            *path,
                        GError               **error)
{
  OtExportOptions page;
  OtSignalChartOptions options;
  OtExportInfo info = { 0 };
  g_autoptr(OtSignalChart) chart = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (signals != NULL && signal != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (opts != NULL)
    page = *opts;
  else
    ot_export_options_init (&page);
  ot_signal_chart_options_init (&options);
  options.theme = theme;
  options.width = page.width;
  options.chrome = TRUE;
  options.transparent = page.transparent;
  chart = ot_signal_chart_new (signals, signal, &options);
  page.width = (int) ceil (ot_signal_chart_get_width (chart));
  page.height = (int) ceil (ot_signal_chart_get_height (chart));
  text = ot_signal_chart_describe (chart);
  info.title = ot_signal_chart_get_title (chart);
  info.description = ot_signal_chart_get_subtitle (chart);
  info.source = ot_signal_chart_get_source (chart);
  info.text = text;
  return ot_export_drawing (draw_chart, chart, &info, &page, path, error);
}
