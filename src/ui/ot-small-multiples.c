/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ot-small-multiples.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#define MIN_WIDTH      320
#define NATURAL_WIDTH  860

struct _OtSmallMultiples
{
  GtkWidget            parent_instance;

  OtTradeSignals      *signals;
  const OtTradeSignal *signal;
  OtSignalChart       *chart;    /* at chart_width in chart_dark, or NULL */
  int                  chart_width;
  gboolean             chart_dark;
};

G_DEFINE_FINAL_TYPE (OtSmallMultiples, ot_small_multiples, GTK_TYPE_WIDGET)

static gboolean
is_dark (void)
{
  return adw_style_manager_get_dark (adw_style_manager_get_default ());
}

/* The chart laid out at @width (kept until another width or theme). */
static OtSignalChart *
chart_at (OtSmallMultiples *self,
          int               width)
{
  OtSignalChartOptions options;
  gboolean dark = is_dark ();

  if (self->signal == NULL)
    return NULL;
  if (self->chart != NULL && self->chart_width == width && self->chart_dark == dark)
    return self->chart;
  g_clear_pointer (&self->chart, ot_signal_chart_free);
  ot_signal_chart_options_init (&options);
  options.width = width;
  options.theme = dark ? ot_theme_dark () : ot_theme_light ();
  /* On the window's own background. */
  options.transparent = TRUE;
  self->chart = ot_signal_chart_new (self->signals, self->signal, &options);
  self->chart_width = width;
  self->chart_dark = dark;
  return self->chart;
}

static void
describe (OtSmallMultiples *self)
{
  OtSignalChart *chart = chart_at (self, MAX (gtk_widget_get_width (GTK_WIDGET (self)), NATURAL_WIDTH));
  g_autofree char *text = chart != NULL ? ot_signal_chart_describe (chart) : NULL;

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text != NULL ? text : "",
                                  -1);
}

static GtkSizeRequestMode
ot_small_multiples_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
ot_small_multiples_measure (GtkWidget      *widget,
                            GtkOrientation  orientation,
                            int             for_size,
                            int            *minimum,
                            int            *natural,
                            int            *minimum_baseline,
                            int            *natural_baseline)
{
  OtSmallMultiples *self = OT_SMALL_MULTIPLES (widget);
  OtSignalChart *chart;

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = self->signal != NULL ? MIN_WIDTH : 0;
      *natural = self->signal != NULL ? NATURAL_WIDTH : 0;
      return;
    }
  chart = chart_at (self, for_size > 0 ? for_size : NATURAL_WIDTH);
  *minimum = *natural = chart != NULL ? (int) ceil (ot_signal_chart_get_height (chart)) : 0;
}

static void
ot_small_multiples_snapshot (GtkWidget   *widget,
                             GtkSnapshot *snapshot)
{
  OtSmallMultiples *self = OT_SMALL_MULTIPLES (widget);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  OtSignalChart *chart = chart_at (self, width);
  cairo_t *cr;

  if (chart == NULL || width <= 0 || height <= 0)
    return;
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  ot_signal_chart_draw_cairo (chart, cr);
  cairo_destroy (cr);
}

static void
on_dark (OtSmallMultiples *self)
{
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

static void
ot_small_multiples_dispose (GObject *object)
{
  OtSmallMultiples *self = OT_SMALL_MULTIPLES (object);

  g_clear_pointer (&self->chart, ot_signal_chart_free);
  g_clear_pointer (&self->signals, ot_trade_signals_unref);
  self->signal = NULL;

  G_OBJECT_CLASS (ot_small_multiples_parent_class)->dispose (object);
}

static void
ot_small_multiples_class_init (OtSmallMultiplesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ot_small_multiples_dispose;
  widget_class->get_request_mode = ot_small_multiples_get_request_mode;
  widget_class->measure = ot_small_multiples_measure;
  widget_class->snapshot = ot_small_multiples_snapshot;
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
  gtk_widget_class_set_css_name (widget_class, "smallmultiples");
}

static void
ot_small_multiples_init (OtSmallMultiples *self)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  /* TRANSLATORS: the accessible name of a trade signal's charts */
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Monthly figures of each leg"),
                                  -1);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark", G_CALLBACK (on_dark), self,
                           G_CONNECT_SWAPPED);
}

GtkWidget *
ot_small_multiples_new (void)
{
  return g_object_new (OT_TYPE_SMALL_MULTIPLES, NULL);
}

void
ot_small_multiples_set_signal (OtSmallMultiples    *self,
                               OtTradeSignals      *signals,
                               const OtTradeSignal *signal)
{
  g_return_if_fail (OT_IS_SMALL_MULTIPLES (self));
  g_return_if_fail (signal == NULL || signals != NULL);

  g_clear_pointer (&self->chart, ot_signal_chart_free);
  if (signals != NULL)
    ot_trade_signals_ref (signals);
  g_clear_pointer (&self->signals, ot_trade_signals_unref);
  self->signals = signals;
  self->signal = signal;
  describe (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

OtSignalChart *
ot_small_multiples_get_chart (OtSmallMultiples *self)
{
  g_return_val_if_fail (OT_IS_SMALL_MULTIPLES (self), NULL);

  return chart_at (self, gtk_widget_get_width (GTK_WIDGET (self)) > 0 ? gtk_widget_get_width (GTK_WIDGET (self))
                                                                     : NATURAL_WIDTH);
}
