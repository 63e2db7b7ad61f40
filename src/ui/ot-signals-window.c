/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ot-signals-window.h"

#include <glib/gi18n.h>
#include <math.h>

#include "ot-export-signal.h"
#include "ot-incident-row.h"
#include "ot-toast.h"
#include "ot-trade-describe.h"
#include "ot-trade-incidents.h"

#define EXPORT_WIDTH 1200

struct _OtSignalsWindow
{
  AdwWindow           parent_instance;

  OtDataset          *dataset;      /* followed: its incidents are listed */
  OtTradeTable       *table;        /* scored, or being scored */
  OtTradeSignals     *signals;      /* its results, or NULL */
  GCancellable       *scoring;      /* the scoring under way, or NULL */
  guint               n_exporting;
  GListStore         *store;        /* of OtSignalItem, best first; the filter model's */
  GtkFilterListModel *filtered;
  GtkCustomFilter    *filter;
  GtkSingleSelection *selection;
  GtkStringList      *kinds;        /* the kind drop-down's rows */
  GtkStringList      *minerals;     /* the mineral drop-down's rows */
  GArray             *mineral_of;   /* OtMineral of each of those rows */
  OtSignalItem       *shown;        /* whose detail shows, or NULL */
  GListStore         *incidents;    /* of OtIncidentRow */
  gboolean            picking;      /* the selection changes by program */

  /* Template children */
  AdwToastOverlay    *toast_overlay;
  AdwLeaflet         *leaflet;
  GtkWidget          *list_page;
  GtkWidget          *detail_page;
  GtkSpinner         *spinner;
  GtkDropDown        *kind_dropdown;
  GtkDropDown        *mineral_dropdown;
  GtkLabel           *summary;
  GtkStack           *list_stack;
  GtkListView        *list_view;
  AdwStatusPage      *message_page;
  GtkStack           *detail_stack;
  AdwWindowTitle     *list_title;
  AdwWindowTitle     *detail_title;
  GtkLabel           *detail_summary;
  OtSmallMultiples   *multiples;
  GtkLabel           *incidents_note;
  GtkListBox         *incidents_list;
  GtkLabel           *evidence;
};

enum {
  INCIDENT_ACTIVATED,
  SCORED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (OtSignalsWindow, ot_signals_window, ADW_TYPE_WINDOW)

static void show_item (OtSignalsWindow *self, OtSignalItem *item);

/* Scoring ----------------------------------------------------------------------- */

static void
show_message (OtSignalsWindow *self,
              const char      *title,
              const char      *description)
{
  adw_status_page_set_title (self->message_page, title);
  adw_status_page_set_description (self->message_page, description);
  gtk_stack_set_visible_child_name (self->list_stack, "message");
}

/* Statistics a generator made up say so in the window's title and the
 * list's subtitle, as generated incidents do on the chart. */
static void
show_generated (OtSignalsWindow *self)
{
  g_autofree char *generated = self->table ? ot_trade_table_describe_generated (self->table) : NULL;
  g_autofree char *first = NULL;
  g_autofree char *subtitle = NULL;

  if (generated == NULL)
    {
      gtk_window_set_title (GTK_WINDOW (self), _("Trade Signals"));
      adw_window_title_set_subtitle (self->list_title, "");
      return;
    }
  /* TRANSLATORS: the Trade Signals window's title with generated
   * statistics */
  gtk_window_set_title (GTK_WINDOW (self), _("Trade Signals — Generated Statistics"));
  /* "Generated, not real statistics": the sentence, capitalised. */
  first = g_utf8_strup (generated, g_utf8_next_char (generated) - generated);
  subtitle = g_strconcat (first, g_utf8_next_char (generated), NULL);
  adw_window_title_set_subtitle (self->list_title, subtitle);
}

static void
update_summary (OtSignalsWindow *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
  guint flagged = 0;
  g_autofree char *text = NULL;

  if (self->signals == NULL)
    {
      gtk_label_set_text (self->summary, "");
      gtk_widget_set_visible (GTK_WIDGET (self->summary), FALSE);
      return;
    }
  for (guint k = 0; k < OT_TRADE_N_SIGNAL_KINDS; k++)
    flagged += ot_trade_signals_get_n_flagged (self->signals, k);
  if (n == shown)
    /* TRANSLATORS: the Trade Signals window; %.1f: the threshold score */
    text = g_strdup_printf (ngettext ("%'u signal, %'u flagged (score %.1f and above), the strongest first.",
                                      "%'u signals, %'u flagged (score %.1f and above), the strongest first.", n),
                            n, flagged, ot_trade_signals_get_options (self->signals)->threshold);
  else
    /* TRANSLATORS: the Trade Signals window, filtered by kind or mineral */
    text = g_strdup_printf (ngettext ("%'u of %'u signal shown", "%'u of %'u signals shown", n), shown, n);
  gtk_label_set_text (self->summary, text);
  gtk_widget_set_visible (GTK_WIDGET (self->summary), TRUE);
  if (n == 0)
    {
      guint used = ot_trade_signals_get_n_used (self->signals);
      guint skipped = ot_trade_signals_get_n_skipped (self->signals);
      g_autofree char *rows = g_strdup_printf (ngettext ("Of %'u row of statistics, %'u is a total over several "
                                                         "months or of an unknown line, which the tests leave out.",
                                                         "Of %'u rows of statistics, %'u are totals over several "
                                                         "months or of unknown lines, which the tests leave out.",
                                                         used + skipped), used + skipped, skipped);
      g_autofree char *why = g_strconcat (rows, " ",
                                          _("A route is tested with monthly figures on both sides of a control "
                                            "date; a mirror pair with both sides of a flow."), NULL);

      gtk_widget_set_visible (GTK_WIDGET (self->summary), FALSE);
      show_message (self, _("Nothing to Rank"), why);
    }
  else if (shown == 0)
    show_message (self, _("No Signal of This Kind"), _("Another kind or mineral shows the others."));
  else
    gtk_stack_set_visible_child_name (self->list_stack, "list");
}

/* The minerals of the results, for their drop-down. */
static void
fill_minerals (OtSignalsWindow *self)
{
  gboolean seen[256] = { FALSE };
  OtMineral all = OT_MINERAL_NONE;
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  g_array_set_size (self->mineral_of, 0);
  g_array_append_val (self->mineral_of, all);
  /* TRANSLATORS: the Trade Signals window's mineral drop-down */
  g_ptr_array_add (labels, (gpointer) _("All minerals"));
  for (guint m = 0; m < ot_mineral_count (); m++)
    for (guint k = 0; self->signals != NULL && k < OT_TRADE_N_SIGNAL_KINDS && !seen[m]; k++)
      for (guint i = 0; i < ot_trade_signals_get_n (self->signals, k) && !seen[m]; i++)
        if (ot_trade_signals_get (self->signals, k, i)->mineral == m)
          {
            OtMineral mineral = (OtMineral) m;

            seen[m] = TRUE;
            g_array_append_val (self->mineral_of, mineral);
            g_ptr_array_add (labels, (gpointer) ot_mineral_label (mineral));
          }
  g_ptr_array_add (labels, NULL);
  gtk_string_list_splice (self->minerals, 0, g_list_model_get_n_items (G_LIST_MODEL (self->minerals)),
                          (const char * const *) labels->pdata);
  gtk_drop_down_set_selected (self->mineral_dropdown, 0);
}

/* Lists @signals (NULL: nothing), best first. */
static void
show_signals (OtSignalsWindow *self,
              OtTradeSignals  *results)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  if (results != NULL)
    ot_trade_signals_ref (results);
  g_clear_pointer (&self->signals, ot_trade_signals_unref);
  self->signals = results;
  for (guint k = 0; results != NULL && k < OT_TRADE_N_SIGNAL_KINDS; k++)
    for (guint i = 0; i < ot_trade_signals_get_n (results, k); i++)
      g_ptr_array_add (items, ot_signal_item_new (results, k, i));
  g_ptr_array_sort (items, ot_signal_item_compare);
  self->picking = TRUE;
  g_list_store_splice (self->store, 0, g_list_model_get_n_items (G_LIST_MODEL (self->store)),
                       items->pdata, items->len);
  fill_minerals (self);
  self->picking = FALSE;
  show_item (self, gtk_single_selection_get_selected_item (self->selection));
  update_summary (self);
}

typedef struct {
  GWeakRef      window;
  GCancellable *cancellable;
} ScoreCall;

static void
score_call_free (ScoreCall *call)
{
  g_weak_ref_clear (&call->window);
  g_object_unref (call->cancellable);
  g_free (call);
}

static void
on_scored (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  ScoreCall *call = data;
  g_autoptr(OtSignalsWindow) self = g_weak_ref_get (&call->window);
  g_autoptr(GError) error = NULL;
  g_autoptr(OtTradeSignals) results = ot_trade_signals_compute_finish (result, &error);

  /* Gone, or superseded by another table: dropped unseen. */
  if (self == NULL || self->scoring != call->cancellable)
    {
      score_call_free (call);
      return;
    }
  score_call_free (call);
  g_clear_object (&self->scoring);
  gtk_spinner_stop (self->spinner);
  if (results == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      show_signals (self, NULL);
      gtk_stack_set_visible_child_name (self->list_stack, "cancelled");
      return;
    }
  if (results == NULL)
    {
      show_signals (self, NULL);
      show_message (self, _("Could Not Score the Statistics"), error->message);
      return;
    }
  g_debug ("Trade signals: %u rows used, %u skipped", ot_trade_signals_get_n_used (results),
           ot_trade_signals_get_n_skipped (results));
  show_signals (self, results);
  g_signal_emit (self, signals[SCORED], 0);
}

/* Scores self->table in a worker (NULL: there is nothing to score). */
static void
score (OtSignalsWindow *self)
{
  ScoreCall *call;

  ot_signals_window_cancel (self);
  g_clear_object (&self->scoring);
  show_signals (self, NULL);
  if (self->table == NULL)
    {
      show_message (self, _("No Trade Statistics"),
                    _("Open customs statistics beside the incidents (UN Comtrade, US Census or Eurostat "
                      "Comext files) to rank the routes that may carry rerouted goods."));
      return;
    }
  self->scoring = g_cancellable_new ();
  gtk_spinner_start (self->spinner);
  gtk_stack_set_visible_child_name (self->list_stack, "computing");
  call = g_new0 (ScoreCall, 1);
  g_weak_ref_init (&call->window, self);
  call->cancellable = g_object_ref (self->scoring);
  ot_trade_signals_compute_async (self->table, NULL, NULL, self->scoring, on_scored, call);
}

static void
on_cancel_clicked (OtSignalsWindow *self)
{
  ot_signals_window_cancel (self);
}

static void
on_score_clicked (OtSignalsWindow *self)
{
  score (self);
}

/* The list --------------------------------------------------------------------- */

static gboolean
filter_item (gpointer item,
             gpointer data)
{
  OtSignalsWindow *self = data;
  const OtTradeSignal *s = ot_signal_item_get_signal (item);
  guint kind = gtk_drop_down_get_selected (self->kind_dropdown);
  guint mineral = gtk_drop_down_get_selected (self->mineral_dropdown);

  if (kind != GTK_INVALID_LIST_POSITION && kind > 0 && s->kind != kind - 1)
    return FALSE;
  if (mineral != GTK_INVALID_LIST_POSITION && mineral > 0 && mineral < self->mineral_of->len
      && s->mineral != g_array_index (self->mineral_of, OtMineral, mineral))
    return FALSE;
  return TRUE;
}

static void
on_filter_changed (OtSignalsWindow *self)
{
  if (self->filter == NULL)
    return;
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_summary (self);
}

/* A row: mineral and route; kind, lines and control; score and status on the right. */
static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  data)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *side = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *labels[4];

  for (guint i = 0; i < 4; i++)
    {
      labels[i] = gtk_label_new (NULL);
      gtk_label_set_xalign (GTK_LABEL (labels[i]), i < 2 ? 0 : 1);
    }
  gtk_label_set_wrap (GTK_LABEL (labels[0]), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (labels[0]), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_ellipsize (GTK_LABEL (labels[1]), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (labels[0], "heading");
  gtk_widget_add_css_class (labels[1], "dim-label");
  gtk_widget_add_css_class (labels[1], "caption");
  gtk_widget_add_css_class (labels[2], "title-4");
  gtk_widget_add_css_class (labels[2], "numeric");
  gtk_widget_add_css_class (labels[3], "caption");
  gtk_widget_set_hexpand (text, TRUE);
  gtk_widget_set_valign (side, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_top (row, 6);
  gtk_widget_set_margin_bottom (row, 6);
  gtk_box_append (GTK_BOX (text), labels[0]);
  gtk_box_append (GTK_BOX (text), labels[1]);
  gtk_box_append (GTK_BOX (side), labels[2]);
  gtk_box_append (GTK_BOX (side), labels[3]);
  gtk_box_append (GTK_BOX (row), text);
  gtk_box_append (GTK_BOX (row), side);
  gtk_list_item_set_child (item, row);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          gpointer                  data)
{
  OtSignalItem *signal_item = gtk_list_item_get_item (item);
  GtkWidget *row = gtk_list_item_get_child (item);
  GtkWidget *text = gtk_widget_get_first_child (row), *side = gtk_widget_get_last_child (row);
  GtkWidget *status = gtk_widget_get_last_child (side);
  gboolean flagged = ot_signal_item_get_signal (signal_item)->flagged;
  g_autofree char *accessible = NULL;

  gtk_label_set_text (GTK_LABEL (gtk_widget_get_first_child (text)), ot_signal_item_get_title (signal_item));
  gtk_label_set_text (GTK_LABEL (gtk_widget_get_last_child (text)), ot_signal_item_get_subtitle (signal_item));
  gtk_label_set_text (GTK_LABEL (gtk_widget_get_first_child (side)), ot_signal_item_get_score (signal_item));
  gtk_label_set_text (GTK_LABEL (status), ot_signal_item_get_status (signal_item));
  if (flagged)
    {
      gtk_widget_add_css_class (status, "warning");
      gtk_widget_remove_css_class (status, "dim-label");
    }
  else
    {
      gtk_widget_add_css_class (status, "dim-label");
      gtk_widget_remove_css_class (status, "warning");
    }
  /* TRANSLATORS: a row of the Trade Signals list read aloud: title, details, "Score 7.0", status */
  accessible = g_strdup_printf (_("%s. %s. Score %s, %s"), ot_signal_item_get_title (signal_item),
                                ot_signal_item_get_subtitle (signal_item), ot_signal_item_get_score (signal_item),
                                ot_signal_item_get_status (signal_item));
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
}

static void
on_selected (OtSignalsWindow *self)
{
  show_item (self, gtk_single_selection_get_selected_item (self->selection));
  /* Folded, a row the user picks opens its detail. */
  if (!self->picking && adw_leaflet_get_folded (self->leaflet) && self->shown != NULL)
    adw_leaflet_set_visible_child (self->leaflet, self->detail_page);
}

static void
on_list_activate (OtSignalsWindow *self,
                  guint            position)
{
  if (self->shown != NULL)
    adw_leaflet_set_visible_child (self->leaflet, self->detail_page);
}

static void
on_back_clicked (OtSignalsWindow *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
on_folded (OtSignalsWindow *self)
{
  /* Unfolded there is no going back; folded with nothing picked, the list. */
  if (adw_leaflet_get_folded (self->leaflet) && self->shown == NULL)
    adw_leaflet_set_visible_child (self->leaflet, self->list_page);
}

/* The detail ------------------------------------------------------------------------ */

/* "Score 7.0 · flagged (threshold 3.0). Against the placebo lines …". */
static char *
detail_summary (OtSignalsWindow     *self,
                const OtTradeSignal *s)
{
  GString *out = g_string_new (NULL);
  double threshold = ot_trade_signals_get_options (self->signals)->threshold;
  g_autofree char *score = ot_trade_signal_score_label (s, threshold);
  g_autofree char *control = ot_trade_control_label (s->control);

  if (control != NULL)
    /* TRANSLATORS: the summary's first sentence: the score, then the
     * control whose date splits the compared months */
    g_string_append_printf (out, _("%s · control %s."), score, control);
  else
    /* TRANSLATORS: the summary's first sentence: the score */
    g_string_append_printf (out, _("%s."), score);
  g_string_append_c (out, ' ');
  if (s->kind == OT_TRADE_SIGNAL_REROUTING || s->kind == OT_TRADE_SIGNAL_CODE_SWITCH)
    {
      g_autofree char *kg = ot_trade_kg_label (s->kg_per_month);
      g_autofree char *raw = ot_trade_signed_label (s->t_raw, 1);

      /* TRANSLATORS: the weakest leg's t; then the quantity a month that moved and its share of the fall */
      g_string_append_printf (out, _("Weakest leg t = %s; %s a month moved, %.0f %% of the direct flow’s fall."),
                              raw, kg, 100 * s->share);
      if (isfinite (s->t_placebo))
        {
          g_autofree char *placebo = ot_trade_signed_label (s->t_placebo, 1);

          g_string_append_c (out, ' ');
          /* TRANSLATORS: the score after the placebo lines' own change is taken off */
          g_string_append_printf (out, _("Against the placebo lines: t = %s."), placebo);
        }
    }
  if (s->n_also > 0)
    {
      g_autoptr(GString) ids = g_string_new (NULL);

      for (guint i = 0; i < s->n_also; i++)
        g_string_append_printf (ids, "%s%s", i > 0 ? ", " : "", s->also[i]->id);
      g_string_append_c (out, ' ');
      /* TRANSLATORS: other controls of the mineral where the same route was flagged: "CN-2024-33, CN-2025-18" */
      g_string_append_printf (out, _("Also flagged around %s."), ids->str);
    }
  return g_string_free (out, FALSE);
}

/* The hub the incidents were looked for at, or both ends. */
static char *
incidents_note (const OtTradeSignal *s,
                guint                n)
{
  const char *mineral = ot_mineral_label (s->mineral);
  g_autofree char *where = NULL;

  if (s->hub != OT_TRADE_PLACE_OTHER_ID)
    /* TRANSLATORS: where the incidents listed pass; %s: a country */
    where = g_strdup_printf (_("through %s"), ot_trade_place_label (s->hub));
  else
    /* TRANSLATORS: where the incidents listed run; %s: two countries */
    where = g_strdup_printf (_("between %s and %s"), ot_trade_place_label (s->origin),
                             ot_trade_place_label (s->destination));
  if (n == 0)
    /* TRANSLATORS: "Antimony: no incident through Thailand." */
    return g_strdup_printf (_("%s: no incident %s."), mineral, where);
  /* TRANSLATORS: "Antimony: 2 incidents through Thailand. …" */
  return g_strdup_printf (ngettext ("%s: %'u incident %s. Activate it to pick it in the main window.",
                                    "%s: %'u incidents %s. Activate one to pick it in the main window.", n),
                          mineral, n, where);
}

static GtkWidget *
make_incident_row (gpointer item,
                   gpointer data)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *title = ot_incident_row_dup_title (item);
  g_autofree char *subtitle = ot_incident_row_dup_subtitle (item);

  /* Ids and names are text, never markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  return row;
}

static void
list_incidents (OtSignalsWindow *self)
{
  const OtTradeSignal *s = self->shown != NULL ? ot_signal_item_get_signal (self->shown) : NULL;
  g_autoptr(GArray) found = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *note = NULL;

  if (s != NULL && self->dataset != NULL)
    {
      found = ot_trade_signal_incidents (s, self->dataset);
      for (guint i = 0; i < found->len; i++)
        g_ptr_array_add (rows, ot_incident_row_new (self->dataset, g_array_index (found, guint, i)));
    }
  g_list_store_splice (self->incidents, 0, g_list_model_get_n_items (G_LIST_MODEL (self->incidents)),
                       rows->pdata, rows->len);
  gtk_widget_set_visible (GTK_WIDGET (self->incidents_list), rows->len > 0);
  if (s != NULL)
    note = incidents_note (s, rows->len);
  gtk_label_set_text (self->incidents_note, note != NULL ? note : "");
}

/* Every leg of the shown signal, the placebo's too. */
static guint
n_legs (const OtTradeSignal *s)
{
  return s->n_legs + s->n_placebo;
}

static const OtTradeLeg *
nth_leg (const OtTradeSignal *s,
         guint                i)
{
  return i < s->n_legs ? &s->legs[i] : &s->placebo[i - s->n_legs];
}

/* "Direct · China → United States (exports reported by China; placebo lines)". */
static char *
leg_heading (const OtTradeSignal *s,
             guint                i)
{
  const OtTradeLeg *leg = nth_leg (s, i);
  g_autofree char *route = ot_trade_leg_route (leg);
  g_autofree char *records = ot_trade_leg_records (leg);

  if (i >= s->n_legs)
    /* TRANSLATORS: a placebo leg's source rows: role, route, whose records */
    return g_strdup_printf (_("Placebo · %s · %s (%s)"), ot_trade_leg_role_label (leg->role), route, records);
  return g_strdup_printf ("%s · %s (%s)", ot_trade_leg_role_label (leg->role), route, records);
}

/* The rows of each leg, their lines grouped by file: "comtrade.tsv: 12, 40, 97"
 * (Pango markup: each leg's heading bold). */
static char *
evidence_text (OtSignalsWindow     *self,
               const OtTradeSignal *s)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < n_legs (s); i++)
    {
      const OtTradeLeg *leg = nth_leg (s, i);
      g_autofree char *heading = leg_heading (s, i);
      const char *last_file = NULL;

      g_autofree char *escaped = g_markup_escape_text (heading, -1);
      g_autofree char *title = NULL;

      if (out->len > 0)
        g_string_append (out, "\n");
      if (leg->n_rows == 0)
        /* TRANSLATORS: a leg without any row behind it in the compared months */
        title = g_strdup_printf (_("%s: no rows"), escaped);
      else
        title = g_strdup_printf (ngettext ("%s, %'u row:", "%s, %'u rows:", leg->n_rows), escaped, leg->n_rows);
      g_string_append_printf (out, "<b>%s</b>", title);
      if (leg->n_rows == 0)
        continue;
      for (guint r = 0; r < leg->n_rows; r++)
        {
          const char *file;
          guint line;
          g_autofree char *base = NULL;

          ot_trade_signals_row_source (self->signals, leg->rows[r], &file, &line);
          if (file != last_file)
            {
              g_autofree char *name = NULL;

              base = g_path_get_basename (file);
              name = g_markup_escape_text (base, -1);
              g_string_append_printf (out, "\n%s: %u", name, line);
              last_file = file;
            }
          else
            g_string_append_printf (out, ", %u", line);
        }
    }
  return g_string_free (out, FALSE);
}

static void
show_item (OtSignalsWindow *self,
           OtSignalItem    *item)
{
  const OtTradeSignal *s;
  g_autofree char *summary = NULL;
  g_autofree char *evidence = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *route = NULL;

  g_set_object (&self->shown, item);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "signals.export", item != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "signals.copy-evidence", item != NULL);
  if (item == NULL)
    {
      ot_small_multiples_set_signal (self->multiples, NULL, NULL);
      list_incidents (self);
      adw_window_title_set_title (self->detail_title, "");
      adw_window_title_set_subtitle (self->detail_title, "");
      gtk_stack_set_visible_child_name (self->detail_stack, "none");
      return;
    }
  s = ot_signal_item_get_signal (item);
  route = ot_trade_signal_route (s);
  subtitle = g_strdup_printf ("%s · %s", ot_trade_signal_kind_label (s->kind), ot_mineral_label (s->mineral));
  adw_window_title_set_title (self->detail_title, route);
  adw_window_title_set_subtitle (self->detail_title, subtitle);
  summary = detail_summary (self, s);
  gtk_label_set_text (self->detail_summary, summary);
  ot_small_multiples_set_signal (self->multiples, ot_signal_item_get_signals (item), s);
  list_incidents (self);
  evidence = evidence_text (self, s);
  gtk_label_set_markup (self->evidence, evidence);
  gtk_stack_set_visible_child_name (self->detail_stack, "detail");
}

static void
on_incident_row_activated (OtSignalsWindow *self,
                           GtkListBoxRow   *row)
{
  ot_signals_window_activate_incident (self, (guint) gtk_list_box_row_get_index (row));
}

/* Copy and export -------------------------------------------------------------------- */

static void
copy_evidence_action (GtkWidget  *widget,
                      const char *name,
                      GVariant   *param)
{
  OtSignalsWindow *self = OT_SIGNALS_WINDOW (widget);
  g_autofree char *text = ot_signals_window_dup_evidence (self);

  if (text == NULL)
    return;
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);
  adw_toast_overlay_add_toast (self->toast_overlay, ot_toast_new_text (_("Source rows copied")));
}

typedef struct {
  OtTradeSignals      *signals;
  const OtTradeSignal *signal;
  char                *path;
} ExportCall;

static void
export_call_free (ExportCall *call)
{
  ot_trade_signals_unref (call->signals);
  g_free (call->path);
  g_free (call);
}

static void
export_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportCall *call = task_data;
  OtExportOptions opts;
  GError *error = NULL;

  ot_export_options_init (&opts);
  opts.width = EXPORT_WIDTH;
  if (ot_export_signal_chart (call->signals, call->signal, NULL, &opts, call->path, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
on_exported (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  OtSignalsWindow *self = OT_SIGNALS_WINDOW (source);
  ExportCall *call = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_filename_display_basename (call->path);
  g_autofree char *text = NULL;

  self->n_exporting--;
  if (g_task_propagate_boolean (G_TASK (result), &error))
    /* TRANSLATORS: %s: a file name */
    text = g_strdup_printf (_("Exported “%s”"), name);
  else
    text = g_strdup_printf (_("Could not export “%s”: %s"), name, error->message);
  adw_toast_overlay_add_toast (self->toast_overlay, ot_toast_new_text (text));
}

static void
on_export_response (GtkNativeDialog *chooser,
                    int              response,
                    OtSignalsWindow *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;
      OtExportFormat format;

      if (path != NULL && !ot_export_format_for_path (path, &format, NULL))
        {
          char *png = g_strconcat (path, ".png", NULL);

          g_free (path);
          path = png;
        }
      if (path != NULL)
        ot_signals_window_export_to (self, path);
      else
        adw_toast_overlay_add_toast (self->toast_overlay, ot_toast_new_text (_("Only local files can be written")));
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
add_filter (GtkFileChooser *chooser,
            const char     *name,
            const char     *mime_type,
            const char     *suffix)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  gtk_file_filter_add_mime_type (filter, mime_type);
  gtk_file_filter_add_suffix (filter, suffix);
  gtk_file_chooser_add_filter (chooser, filter);
}

/* "signal-antimony-thailand.png" */
static char *
suggested_name (const OtTradeSignal *s)
{
  const char *where = ot_trade_place_country (s->hub != OT_TRADE_PLACE_OTHER_ID ? s->hub : s->destination);
  g_autofree char *name = g_strdup_printf ("%s-%s-%s", ot_trade_signal_kind_name (s->kind),
                                           ot_mineral_name (s->mineral), where != NULL ? where : "");
  g_autofree char *lower = g_ascii_strdown (name, -1);

  g_strdelimit (lower, " ()", '-');
  return g_strconcat (lower, ".png", NULL);
}

static void
export_action (GtkWidget  *widget,
               const char *name,
               GVariant   *param)
{
  OtSignalsWindow *self = OT_SIGNALS_WINDOW (widget);
  g_autofree char *current = NULL;
  GtkFileChooserNative *chooser;

  if (self->shown == NULL)
    return;
  current = suggested_name (ot_signal_item_get_signal (self->shown));
  chooser = gtk_file_chooser_native_new (_("Export Trade Signal"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  add_filter (GTK_FILE_CHOOSER (chooser), _("PNG image"), "image/png", "png");
  add_filter (GTK_FILE_CHOOSER (chooser), _("SVG image"), "image/svg+xml", "svg");
  add_filter (GTK_FILE_CHOOSER (chooser), _("PDF document"), "application/pdf", "pdf");
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), current);
  g_signal_connect (chooser, "response", G_CALLBACK (on_export_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Object --------------------------------------------------------------------------- */

static void
ot_signals_window_dispose (GObject *object)
{
  OtSignalsWindow *self = OT_SIGNALS_WINDOW (object);

  if (self->scoring != NULL)
    g_cancellable_cancel (self->scoring);
  g_clear_object (&self->scoring);
  gtk_widget_dispose_template (GTK_WIDGET (self), OT_TYPE_SIGNALS_WINDOW);
  g_clear_object (&self->shown);
  g_clear_object (&self->selection);
  g_clear_object (&self->filtered);
  self->store = NULL;   /* the filter model's */
  g_clear_object (&self->filter);
  g_clear_object (&self->incidents);
  g_clear_object (&self->kinds);
  g_clear_object (&self->minerals);
  g_clear_pointer (&self->mineral_of, g_array_unref);
  g_clear_pointer (&self->signals, ot_trade_signals_unref);
  g_clear_pointer (&self->table, ot_trade_table_unref);
  g_clear_object (&self->dataset);

  G_OBJECT_CLASS (ot_signals_window_parent_class)->dispose (object);
}

static void
ot_signals_window_class_init (OtSignalsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ot_signals_window_dispose;

  /**
   * OtSignalsWindow::incident-activated:
   * @dataset: the dataset of the incident
   * @index: the incident's index in it
   */
  signals[INCIDENT_ACTIVATED] =
    g_signal_new ("incident-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, OT_TYPE_DATASET, G_TYPE_UINT);
  /* New results are listed. */
  signals[SCORED] =
    g_signal_new ("scored", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (OT_TYPE_SMALL_MULTIPLES);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/oretrace/Oretrace/ui/ot-signals-window.ui");
  gtk_widget_class_bind_template_child (widget_class, OtSignalsWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, OtSignalsWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, OtSignalsWindow, list_page);
  gtk_widget_class_bind_template_child (widget_class, OtSignalsWindow, detail_page);
  gtk_widget_class_bind_template_child (widget_class, OtSignalsWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, OtSignalsWindow, kind_dropdown);
  gtk_widget_class_bind_template_child (widget_class, OtSignalsWindow, mineral_dropdown);
  gtk_widget_class_bind_template_child (widget_class, OtSignalsWindow, summary);
  gtk_widget_class_bind_template_child (widget_class, OtSignalsWindow, list_stack);
  gtk_widget_class_bind_template_child (widget_class, OtSignalsWindow, list_view);
  gtk_widget_class_bind_template_child (widget_class, OtSignalsWindow, message_page);
  gtk_widget_class_bind_template_child (widget_class, OtSignalsWindow, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, OtSignalsWindow, list_title);
  gtk_widget_class_bind_template_child (widget_class, OtSignalsWindow, detail_title);
  gtk_widget_class_bind_template_child (widget_class, OtSignalsWindow, detail_summary);
  gtk_widget_class_bind_template_child (widget_class, OtSignalsWindow, multiples);
  gtk_widget_class_bind_template_child (widget_class, OtSignalsWindow, incidents_note);
  gtk_widget_class_bind_template_child (widget_class, OtSignalsWindow, incidents_list);
  gtk_widget_class_bind_template_child (widget_class, OtSignalsWindow, evidence);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_list_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_score_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_back_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_folded);
  gtk_widget_class_bind_template_callback (widget_class, on_incident_row_activated);

  gtk_widget_class_install_action (widget_class, "signals.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "signals.copy-evidence", NULL, copy_evidence_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ot_signals_window_init (OtSignalsWindow *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  const char *kinds[OT_TRADE_N_SIGNAL_KINDS + 2] = { NULL };

  gtk_widget_init_template (GTK_WIDGET (self));

  /* TRANSLATORS: the Trade Signals window's kind drop-down */
  kinds[0] = _("All kinds");
  for (guint k = 0; k < OT_TRADE_N_SIGNAL_KINDS; k++)
    kinds[k + 1] = ot_trade_signal_kind_label (k);
  self->kinds = gtk_string_list_new (kinds);
  gtk_drop_down_set_model (self->kind_dropdown, G_LIST_MODEL (self->kinds));
  self->minerals = gtk_string_list_new (NULL);
  self->mineral_of = g_array_new (FALSE, FALSE, sizeof (OtMineral));
  gtk_drop_down_set_model (self->mineral_dropdown, G_LIST_MODEL (self->minerals));

  self->store = g_list_store_new (OT_TYPE_SIGNAL_ITEM);
  self->filter = gtk_custom_filter_new (filter_item, self, NULL);
  self->filtered = gtk_filter_list_model_new (G_LIST_MODEL (self->store), GTK_FILTER (g_object_ref (self->filter)));
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->filtered)));
  g_signal_connect_swapped (self->selection, "notify::selected-item", G_CALLBACK (on_selected), self);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), self);
  gtk_list_view_set_factory (self->list_view, factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  self->incidents = g_list_store_new (OT_TYPE_INCIDENT_ROW);
  gtk_list_box_bind_model (self->incidents_list, G_LIST_MODEL (self->incidents), make_incident_row, self, NULL);
  fill_minerals (self);
  show_item (self, NULL);
  score (self);
}

OtSignalsWindow *
ot_signals_window_new (GtkWindow *parent)
{
  return g_object_new (OT_TYPE_SIGNALS_WINDOW, "transient-for", parent, NULL);
}

void
ot_signals_window_set_dataset (OtSignalsWindow *self,
                               OtDataset       *dataset)
{
  OtTradeTable *table;

  g_return_if_fail (OT_IS_SIGNALS_WINDOW (self));
  g_return_if_fail (dataset == NULL || OT_IS_DATASET (dataset));

  g_set_object (&self->dataset, dataset);
  table = dataset != NULL ? ot_dataset_get_trade (dataset) : NULL;
  if (table == self->table)
    {
      /* The same statistics: only the incidents may differ. */
      list_incidents (self);
      return;
    }
  if (table != NULL)
    ot_trade_table_ref (table);
  g_clear_pointer (&self->table, ot_trade_table_unref);
  self->table = table;
  show_generated (self);
  score (self);
}

gboolean
ot_signals_window_is_busy (OtSignalsWindow *self)
{
  g_return_val_if_fail (OT_IS_SIGNALS_WINDOW (self), FALSE);

  return self->scoring != NULL || self->n_exporting > 0;
}

void
ot_signals_window_cancel (OtSignalsWindow *self)
{
  g_return_if_fail (OT_IS_SIGNALS_WINDOW (self));

  if (self->scoring != NULL)
    g_cancellable_cancel (self->scoring);
}

OtTradeSignals *
ot_signals_window_get_signals (OtSignalsWindow *self)
{
  g_return_val_if_fail (OT_IS_SIGNALS_WINDOW (self), NULL);

  return self->signals;
}

void
ot_signals_window_set_filter (OtSignalsWindow *self,
                              int              kind,
                              OtMineral        mineral)
{
  guint row = 0;

  g_return_if_fail (OT_IS_SIGNALS_WINDOW (self));
  g_return_if_fail (kind >= -1 && kind < OT_TRADE_N_SIGNAL_KINDS);

  for (guint i = 1; i < self->mineral_of->len && mineral != OT_MINERAL_NONE; i++)
    if (g_array_index (self->mineral_of, OtMineral, i) == mineral)
      row = i;
  gtk_drop_down_set_selected (self->kind_dropdown, (guint) (kind + 1));
  gtk_drop_down_set_selected (self->mineral_dropdown, row);
}

GListModel *
ot_signals_window_get_items (OtSignalsWindow *self)
{
  g_return_val_if_fail (OT_IS_SIGNALS_WINDOW (self), NULL);

  return G_LIST_MODEL (self->filtered);
}

void
ot_signals_window_select (OtSignalsWindow *self,
                          guint            position)
{
  g_return_if_fail (OT_IS_SIGNALS_WINDOW (self));

  gtk_single_selection_set_selected (self->selection, position);
}

OtSignalItem *
ot_signals_window_get_shown (OtSignalsWindow *self)
{
  g_return_val_if_fail (OT_IS_SIGNALS_WINDOW (self), NULL);

  return self->shown;
}

OtSmallMultiples *
ot_signals_window_get_multiples (OtSignalsWindow *self)
{
  g_return_val_if_fail (OT_IS_SIGNALS_WINDOW (self), NULL);

  return self->multiples;
}

GListModel *
ot_signals_window_get_incidents (OtSignalsWindow *self)
{
  g_return_val_if_fail (OT_IS_SIGNALS_WINDOW (self), NULL);

  return G_LIST_MODEL (self->incidents);
}

void
ot_signals_window_activate_incident (OtSignalsWindow *self,
                                     guint            position)
{
  g_autoptr(OtIncidentRow) row = NULL;

  g_return_if_fail (OT_IS_SIGNALS_WINDOW (self));

  row = g_list_model_get_item (G_LIST_MODEL (self->incidents), position);
  if (row != NULL && self->dataset != NULL)
    g_signal_emit (self, signals[INCIDENT_ACTIVATED], 0, self->dataset, ot_incident_row_get_index (row));
}

char *
ot_signals_window_dup_evidence (OtSignalsWindow *self)
{
  const OtTradeSignal *s;
  GString *out;

  g_return_val_if_fail (OT_IS_SIGNALS_WINDOW (self), NULL);

  if (self->shown == NULL)
    return NULL;
  s = ot_signal_item_get_signal (self->shown);
  out = g_string_new (NULL);
  for (guint i = 0; i < n_legs (s); i++)
    {
      const OtTradeLeg *leg = nth_leg (s, i);
      g_autofree char *heading = leg_heading (s, i);

      g_string_append_printf (out, "# %s\n", heading);
      for (guint r = 0; r < leg->n_rows; r++)
        {
          const char *file;
          guint line;

          ot_trade_signals_row_source (self->signals, leg->rows[r], &file, &line);
          g_string_append_printf (out, "%s:%u\n", file, line);
        }
    }
  return g_string_free (out, FALSE);
}

void
ot_signals_window_export_to (OtSignalsWindow *self,
                             const char      *path)
{
  g_autoptr(GTask) task = NULL;
  ExportCall *call;

  g_return_if_fail (OT_IS_SIGNALS_WINDOW (self));
  g_return_if_fail (path != NULL);

  if (self->shown == NULL)
    return;
  call = g_new0 (ExportCall, 1);
  call->signals = ot_trade_signals_ref (ot_signal_item_get_signals (self->shown));
  call->signal = ot_signal_item_get_signal (self->shown);
  call->path = g_strdup (path);
  self->n_exporting++;
  task = g_task_new (self, NULL, on_exported, NULL);
  g_task_set_task_data (task, call, (GDestroyNotify) export_call_free);
  g_task_run_in_thread (task, export_thread);
}
