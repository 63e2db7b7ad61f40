/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ot-search-bar.h"

#include <glib/gi18n.h>

struct _OtSearchBar
{
  GtkWidget      parent_instance;

  OtNetwork     *network;
  OtSearchIndex *index;      /* built in a thread, or on a query before that ends */
  GArray        *results;    /* of OtSearchResult */

  /* Template children */
  GtkSearchBar   *search_bar;
  GtkSearchEntry *entry;
  GtkPopover     *popover;
  GtkListBox     *results_list;
};

G_DEFINE_FINAL_TYPE (OtSearchBar, ot_search_bar, GTK_TYPE_WIDGET)

enum {
  RESULT_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
result_icon (OtSearchBar          *self,
             const OtSearchResult *result)
{
  if (result->kind == OT_SEARCH_INCIDENT)
    return "text-x-generic-symbolic";
  switch (ot_network_get_vertex (self->network, result->index)->kind)
    {
    case OT_VERTEX_COMPANY: return "system-users-symbolic";
    case OT_VERTEX_HUB: return "mark-location-symbolic";
    case OT_VERTEX_COUNTRY:
    case OT_N_VERTEX_KINDS:
    default: return "mark-location-symbolic";
    }
}

/* "Company", "Incident · declared as: solder paste"... */
static char *
result_subtitle (OtSearchBar          *self,
                 const OtSearchResult *result)
{
  const OtIncident *incident;

  if (result->kind == OT_SEARCH_VERTEX)
    {
      switch (ot_network_get_vertex (self->network, result->index)->kind)
        {
        case OT_VERTEX_COMPANY: return g_strdup (_("Company"));
        case OT_VERTEX_HUB: return g_strdup (_("Port or hub"));
        case OT_VERTEX_COUNTRY:
        case OT_N_VERTEX_KINDS:
        default: return g_strdup (_("Country"));
        }
    }
  incident = ot_dataset_get_incident (ot_network_get_dataset (self->network), result->index);
  if (g_strcmp0 (result->field, "declared_as") == 0)
    return g_strdup_printf (_("Incident · declared as “%s”"), incident->declared_as);
  if (g_strcmp0 (result->field, "source") == 0 || g_strcmp0 (result->field, "source_url") == 0)
    return g_strdup_printf (_("Incident · source: %s"), incident->source ? incident->source : incident->source_url);
  if (g_strcmp0 (result->field, "exporter") == 0 || g_strcmp0 (result->field, "consignee") == 0)
    return g_strdup_printf (_("Incident · %s"), g_strcmp0 (result->field, "exporter") == 0
                                                  ? incident->exporter : incident->consignee);
  return g_strdup (incident->mineral != OT_MINERAL_NONE
                   ? ot_mineral_label (incident->mineral) : _("Incident"));
}

static GtkWidget *
new_result_row (OtSearchBar          *self,
                const OtSearchResult *result)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (result->title);
  g_autofree char *sub = result_subtitle (self, result);
  GtkWidget *subtitle = gtk_label_new (sub);

  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name (result_icon (self, result)));
  gtk_widget_set_hexpand (text, TRUE);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_ellipsize (GTK_LABEL (subtitle), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_box_append (GTK_BOX (text), title);
  gtk_box_append (GTK_BOX (text), subtitle);
  gtk_box_append (GTK_BOX (box), text);
  gtk_widget_set_margin_top (box, 3);
  gtk_widget_set_margin_bottom (box, 3);
  return box;
}

/* The bar is held weakly: a closed bar does not wait for its index. */
typedef struct {
  GWeakRef   bar;
  OtNetwork *network;
} IndexJob;

static void
index_job_free (IndexJob *job)
{
  g_weak_ref_clear (&job->bar);
  ot_network_unref (job->network);
  g_free (job);
}

static void
index_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  IndexJob *job = task_data;

  g_task_return_pointer (task, ot_search_index_new (job->network),
                         (GDestroyNotify) ot_search_index_free);
}

static void
free_index_thread (GTask        *task,
                   gpointer      source,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  ot_search_index_free (task_data);
}

/* An index of a million incidents takes a quarter of a second to free:
 * not on the main thread either. */
static void
free_index_in_thread (OtSearchIndex *index)
{
  g_autoptr(GTask) task = NULL;

  if (index == NULL)
    return;
  task = g_task_new (NULL, NULL, NULL, NULL);
  g_task_set_source_tag (task, free_index_in_thread);
  g_task_set_task_data (task, index, NULL);
  g_task_run_in_thread (task, free_index_thread);
}

static void
on_indexed (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  IndexJob *job = g_task_get_task_data (G_TASK (result));
  OtSearchIndex *index = g_task_propagate_pointer (G_TASK (result), NULL);
  g_autoptr(OtSearchBar) self = g_weak_ref_get (&job->bar);

  /* Dropped when the bar is gone, has another network, or indexed on a
   * query meanwhile. */
  if (self == NULL || index == NULL || self->index != NULL || job->network != self->network)
    {
      free_index_in_thread (index);
      return;
    }
  self->index = index;
}

/* Folding every text of 100 000 incidents takes a fifth of a second: do it
 * in a worker when the network arrives, not on the first key press. */
static void
start_indexing (OtSearchBar *self)
{
  g_autoptr(GTask) task = g_task_new (NULL, NULL, on_indexed, NULL);
  IndexJob *job = g_new0 (IndexJob, 1);

  g_weak_ref_init (&job->bar, self);
  job->network = ot_network_ref (self->network);
  g_task_set_source_tag (task, start_indexing);
  g_task_set_task_data (task, job, (GDestroyNotify) index_job_free);
  g_task_run_in_thread (task, index_thread);
}

static void
clear_results (OtSearchBar *self)
{
  GtkWidget *child;

  g_array_set_size (self->results, 0);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->results_list))) != NULL)
    gtk_list_box_remove (self->results_list, child);
}

static void
run_query (OtSearchBar *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  g_autoptr(GArray) found = NULL;

  clear_results (self);
  /* A query before the worker's index lands: index now.  An empty one
   * finds nothing and waits for the worker (a new network at a million
   * incidents would otherwise take seconds of the main thread). */
  if (self->network && self->index == NULL && text[0] != '\0')
    self->index = ot_search_index_new (self->network);
  if (self->index)
    found = ot_search_index_query (self->index, text, OT_SEARCH_BAR_MAX_RESULTS);
  if (found)
    g_array_append_vals (self->results, found->data, found->len);

  for (guint i = 0; i < self->results->len; i++)
    gtk_list_box_append (self->results_list,
                         new_result_row (self, &g_array_index (self->results, OtSearchResult, i)));
  if (self->results->len > 0)
    gtk_list_box_select_row (self->results_list, gtk_list_box_get_row_at_index (self->results_list, 0));
  else if (text[0] != '\0')
    {
      GtkWidget *none = gtk_label_new (_("No results"));

      gtk_widget_add_css_class (none, "dim-label");
      gtk_widget_set_margin_top (none, 12);
      gtk_widget_set_margin_bottom (none, 12);
      gtk_list_box_append (self->results_list, none);
      gtk_list_box_row_set_activatable (gtk_list_box_get_row_at_index (self->results_list, 0), FALSE);
    }

  if (text[0] != '\0' && gtk_widget_get_mapped (GTK_WIDGET (self->entry)))
    gtk_popover_popup (self->popover);
  else
    gtk_popover_popdown (self->popover);
}

static void
on_search_changed (OtSearchBar    *self,
                   GtkSearchEntry *entry)
{
  run_query (self);
}

static void
on_entry_activate (OtSearchBar    *self,
                   GtkSearchEntry *entry)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->results_list);

  if (row && self->results->len > 0)
    ot_search_bar_activate_result (self, gtk_list_box_row_get_index (row));
}

static void
on_next_match (OtSearchBar    *self,
               GtkSearchEntry *entry)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->results_list);
  int next = row ? gtk_list_box_row_get_index (row) + 1 : 0;

  if ((guint) next < self->results->len)
    gtk_list_box_select_row (self->results_list, gtk_list_box_get_row_at_index (self->results_list, next));
}

static void
on_stop_search (OtSearchBar    *self,
                GtkSearchEntry *entry)
{
  gtk_popover_popdown (self->popover);
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
}

static void
on_row_activated (OtSearchBar   *self,
                  GtkListBoxRow *row)
{
  if ((guint) gtk_list_box_row_get_index (row) < self->results->len)
    ot_search_bar_activate_result (self, gtk_list_box_row_get_index (row));
}

static void
on_search_mode (OtSearchBar *self)
{
  if (!gtk_search_bar_get_search_mode (self->search_bar))
    gtk_popover_popdown (self->popover);
}

static void
start_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  ot_search_bar_set_search_mode (OT_SEARCH_BAR (widget), TRUE);
}

static void
ot_search_bar_dispose (GObject *object)
{
  OtSearchBar *self = OT_SEARCH_BAR (object);

  if (self->popover)
    gtk_widget_unparent (GTK_WIDGET (self->popover));
  self->popover = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (self), OT_TYPE_SEARCH_BAR);
  g_clear_pointer (&self->index, ot_search_index_free);
  g_clear_pointer (&self->network, ot_network_unref);

  G_OBJECT_CLASS (ot_search_bar_parent_class)->dispose (object);
}

static void
ot_search_bar_finalize (GObject *object)
{
  OtSearchBar *self = OT_SEARCH_BAR (object);

  g_clear_pointer (&self->results, g_array_unref);

  G_OBJECT_CLASS (ot_search_bar_parent_class)->finalize (object);
}

static void
ot_search_bar_class_init (OtSearchBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ot_search_bar_dispose;
  object_class->finalize = ot_search_bar_finalize;

  /**
   * OtSearchBar::result-activated:
   * @kind: an OtSearchKind
   * @index: a vertex of the network or an incident of its dataset
   */
  signals[RESULT_ACTIVATED] =
    g_signal_new ("result-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/ot-search-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, OtSearchBar, search_bar);
  gtk_widget_class_bind_template_child (widget_class, OtSearchBar, entry);
  gtk_widget_class_bind_template_child (widget_class, OtSearchBar, popover);
  gtk_widget_class_bind_template_child (widget_class, OtSearchBar, results_list);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search);
  gtk_widget_class_bind_template_callback (widget_class, on_next_match);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);

  gtk_widget_class_install_action (widget_class, "search.start", NULL, start_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "search.start", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "ot-search-bar");
}

/* GtkSearchBar 4.8's close button shows an icon and has no accessible
 * name: a screen reader would say only "button".  It sits in the bar's
 * revealer, beside (not inside) our entry. */
static void
name_close_button (OtSearchBar *self)
{
  GtkWidget *revealer = gtk_widget_get_first_child (GTK_WIDGET (self->search_bar));
  GtkWidget *box = revealer != NULL ? gtk_widget_get_first_child (revealer) : NULL;

  for (GtkWidget *child = box != NULL ? gtk_widget_get_first_child (box) : NULL;
       child != NULL; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_BUTTON (child) && gtk_button_get_icon_name (GTK_BUTTON (child)) != NULL)
      gtk_accessible_update_property (GTK_ACCESSIBLE (child),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Close Search"),
                                      -1);
}

static void
ot_search_bar_init (OtSearchBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  name_close_button (self);

  self->results = g_array_new (FALSE, FALSE, sizeof (OtSearchResult));
  gtk_widget_set_parent (GTK_WIDGET (self->popover), GTK_WIDGET (self->entry));
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->entry));
  g_signal_connect_swapped (self->search_bar, "notify::search-mode-enabled",
                            G_CALLBACK (on_search_mode), self);
}

GtkWidget *
ot_search_bar_new (void)
{
  return g_object_new (OT_TYPE_SEARCH_BAR, NULL);
}

void
ot_search_bar_set_network (OtSearchBar *self,
                           OtNetwork   *network)
{
  g_return_if_fail (OT_IS_SEARCH_BAR (self));

  if (network == self->network)
    return;
  free_index_in_thread (g_steal_pointer (&self->index));
  g_clear_pointer (&self->network, ot_network_unref);
  if (network)
    {
      self->network = ot_network_ref (network);
      start_indexing (self);
    }
  /* Indices point into the old network: search again. */
  run_query (self);
}

void
ot_search_bar_set_search_mode (OtSearchBar *self,
                               gboolean     enabled)
{
  g_return_if_fail (OT_IS_SEARCH_BAR (self));

  gtk_search_bar_set_search_mode (self->search_bar, enabled);
  if (enabled)
    gtk_widget_grab_focus (GTK_WIDGET (self->entry));
}

gboolean
ot_search_bar_get_search_mode (OtSearchBar *self)
{
  g_return_val_if_fail (OT_IS_SEARCH_BAR (self), FALSE);
  return gtk_search_bar_get_search_mode (self->search_bar);
}

void
ot_search_bar_set_key_capture_widget (OtSearchBar *self,
                                      GtkWidget   *widget)
{
  g_return_if_fail (OT_IS_SEARCH_BAR (self));
  gtk_search_bar_set_key_capture_widget (self->search_bar, widget);
}

void
ot_search_bar_set_text (OtSearchBar *self,
                        const char  *text)
{
  g_return_if_fail (OT_IS_SEARCH_BAR (self));

  g_signal_handlers_block_by_func (self->entry, on_search_changed, self);
  gtk_editable_set_text (GTK_EDITABLE (self->entry), text ? text : "");
  g_signal_handlers_unblock_by_func (self->entry, on_search_changed, self);
  run_query (self);
}

guint
ot_search_bar_get_n_results (OtSearchBar *self)
{
  g_return_val_if_fail (OT_IS_SEARCH_BAR (self), 0);
  return self->results->len;
}

const OtSearchResult *
ot_search_bar_get_result (OtSearchBar *self,
                          guint        position)
{
  g_return_val_if_fail (OT_IS_SEARCH_BAR (self), NULL);
  g_return_val_if_fail (position < self->results->len, NULL);

  return &g_array_index (self->results, OtSearchResult, position);
}

void
ot_search_bar_activate_result (OtSearchBar *self,
                               guint        position)
{
  const OtSearchResult *result;

  g_return_if_fail (OT_IS_SEARCH_BAR (self));
  g_return_if_fail (position < self->results->len);

  result = &g_array_index (self->results, OtSearchResult, position);
  gtk_popover_popdown (self->popover);
  g_signal_emit (self, signals[RESULT_ACTIVATED], 0, (guint) result->kind, result->index);
}
