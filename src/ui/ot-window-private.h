/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-window-private.h: shared by ot-window.c, ot-window-dnd.c and
 * ot-window-load.c. */
#pragma once

#include "ot-window.h"

G_BEGIN_DECLS

struct _OtWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;
  OtChart              *chart;
  OtViewKind            view;
  gboolean              countries_projection;
  gboolean              show_details;
  gboolean              dark;

  /* Chart updates (ot-window-chart.c) */
  GCancellable         *update_cancellable;   /* set while one runs */
  gboolean              update_pending;
  gboolean              update_fit;
  OtNetwork            *network;              /* the chart's, last update */
  OtAnalysis           *analysis;             /* of it, once computed */
  gboolean              analysing;            /* of @network, under way */
  guint                 pulse_source;

  /* Loading */
  GCancellable         *load_cancellable;
  guint                 n_loading;
  guint                 progress_timeout;
  GPtrArray            *last_problems;   /* of OtProblem */
  GtkDropTarget        *drop_target;

  /* Template children */
  AdwToastOverlay      *toast_overlay;
  GtkStack             *main_stack;
  AdwStatusPage        *empty_page;
  GtkWidget            *view_switcher;
  AdwSplitButton       *open_button;
  GtkPaned             *paned;
  OtCanvas             *canvas;
  OtDetailsPane        *details;
  GtkRevealer          *progress_revealer;
  GtkProgressBar       *progress_bar;
  GtkLabel             *progress_label;
  GtkWidget            *progress_cancel;
  GtkWidget            *drop_highlight;
  GMenu                *recent_menu;
};

/* ot-window-dnd.c */
void ot_window_init_dnd        (OtWindow *self);

/* ot-window-chart.c */
void ot_window_schedule_update (OtWindow *self,
                                gboolean  fit);
void ot_window_chart_dispose   (OtWindow *self);

/* ot-window-load.c */
void ot_window_init_recent     (OtWindow *self);
void ot_window_show_problems   (OtWindow *self);
void ot_window_cancel_load     (OtWindow *self);
void ot_window_load_finalize   (OtWindow *self);
void ot_window_open_recent_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *parameter);

G_END_DECLS
