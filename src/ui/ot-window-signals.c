/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-window-signals.c: the Trade Signals window of a main window (issue
 * 18, docs/trade-signals.md "In the window").  Trade Signals…
 * (win.show-signals, main menu) is enabled when the dataset carries a
 * trade table; the signals window follows the workspace's dataset and
 * scores each new table in a worker, also before it is shown, so that a
 * toast can offer it when the statistics flag something.  An incident
 * activated there is selected here as search selects one: its row in the
 * table, its flow kept on the chart (the filters reset first when they
 * hide it). */
#include "ot-window-private.h"
#include "ot-signals-window.h"
#include "ot-toast.h"

#include <glib/gi18n.h>

static void
on_incident_activated (OtWindow        *self,
                       OtDataset       *dataset,
                       guint            index,
                       OtSignalsWindow *signals_window)
{
  g_autoptr(GArray) selected = NULL;

  if (dataset != ot_workspace_get_dataset (self->workspace))
    return;   /* of a version no longer on screen */
  gtk_widget_set_visible (GTK_WIDGET (self->table), TRUE);
  ot_incident_table_select (self->table, &index, 1);
  selected = ot_incident_table_get_selected (self->table);
  if (selected->len == 0)
    {
      const OtIncident *incident = ot_dataset_get_incident (dataset, index);
      /* TRANSLATORS: %s: an incident's id, hidden by the filters until now */
      g_autofree char *text = g_strdup_printf (_("Filters reset to show “%s”"), incident->id);

      /* Hidden by the filters: all shown again, then picked once the
       * table has the rows of the next frame. */
      self->signals_pending = (gint) index;
      ot_workspace_reset (self->workspace);
      adw_toast_overlay_add_toast (self->toast_overlay, ot_toast_new_text (text));
    }
  gtk_window_present (GTK_WINDOW (self));
}

static void
on_update_ended (OtWindow      *self,
                 OtFrame       *frame,
                 gboolean       fit,
                 const GError  *error,
                 OtFrameSource *frames)
{
  guint index;

  if (self->signals_pending < 0 || frame == NULL)
    return;
  index = (guint) self->signals_pending;
  self->signals_pending = -1;
  ot_incident_table_select (self->table, &index, 1);
}

/* Statistics that flag something: a toast offers the window, once per
 * table, unless it is open already. */
static void
on_scored (OtWindow        *self,
           OtSignalsWindow *signals_window)
{
  OtTradeSignals *signals = ot_signals_window_get_signals (signals_window);
  OtTradeTable *table = signals != NULL ? ot_trade_signals_get_table (signals) : NULL;
  g_autofree char *text = NULL;
  AdwToast *toast;
  guint flagged = 0;

  if (table == NULL || table == self->signals_offered || gtk_widget_get_visible (GTK_WIDGET (signals_window)))
    return;
  g_clear_pointer (&self->signals_offered, ot_trade_table_unref);
  self->signals_offered = ot_trade_table_ref (table);
  for (guint k = 0; k < OT_TRADE_N_SIGNAL_KINDS; k++)
    flagged += ot_trade_signals_get_n_flagged (signals, k);
  if (flagged == 0)
    return;
  /* TRANSLATORS: a toast after trade statistics were scored */
  text = g_strdup_printf (ngettext ("The trade statistics flag %'u signal",
                                    "The trade statistics flag %'u signals", flagged), flagged);
  toast = ot_toast_new_text (text);
  adw_toast_set_button_label (toast, _("_Show Signals"));
  adw_toast_set_action_name (toast, "win.show-signals");
  adw_toast_set_timeout (toast, 10);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static OtSignalsWindow *
ensure_signals_window (OtWindow *self)
{
  if (self->signals_window == NULL)
    {
      self->signals_window = GTK_WINDOW (ot_signals_window_new (GTK_WINDOW (self)));
      g_object_add_weak_pointer (G_OBJECT (self->signals_window), (gpointer *) &self->signals_window);
      g_signal_connect_object (self->signals_window, "incident-activated", G_CALLBACK (on_incident_activated),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->signals_window, "scored", G_CALLBACK (on_scored), self, G_CONNECT_SWAPPED);
      ot_signals_window_set_dataset (OT_SIGNALS_WINDOW (self->signals_window),
                                     ot_workspace_get_dataset (self->workspace));
    }
  return OT_SIGNALS_WINDOW (self->signals_window);
}

static void
show_signals_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  OtWindow *self = (OtWindow *) widget;

  gtk_window_present (GTK_WINDOW (ensure_signals_window (self)));
}

/* A dataset with statistics enables the window and has them scored. */
static void
on_dataset (OtWindow    *self,
            GParamSpec  *pspec,
            OtWorkspace *workspace)
{
  OtDataset *dataset = ot_workspace_get_dataset (workspace);
  gboolean trade = dataset != NULL && ot_dataset_get_trade (dataset) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-signals", trade);
  if (self->signals_window != NULL)
    ot_signals_window_set_dataset (OT_SIGNALS_WINDOW (self->signals_window), dataset);
  else if (trade)
    ensure_signals_window (self);
}

void
ot_window_signals_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.show-signals", NULL, show_signals_action);
}

void
ot_window_signals_init (OtWindow *self)
{
  self->signals_pending = -1;
  g_signal_connect_swapped (self->workspace, "notify::dataset", G_CALLBACK (on_dataset), self);
  /* After ot-window-chart.c's: the table has the frame's rows by then. */
  g_signal_connect_object (self->frames, "update-ended", G_CALLBACK (on_update_ended), self, G_CONNECT_SWAPPED);
  on_dataset (self, NULL, self->workspace);
}

void
ot_window_signals_dispose (OtWindow *self)
{
  if (self->signals_window != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->signals_window), (gpointer *) &self->signals_window);
      gtk_window_destroy (self->signals_window);
      self->signals_window = NULL;
    }
  g_clear_pointer (&self->signals_offered, ot_trade_table_unref);
}
