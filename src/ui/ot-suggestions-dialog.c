/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ot-suggestions-dialog.h"
#include "ot-alias-suggest.h"
#include "ot-companies.h"
#include "ot-suggestion-item.h"
#include "ot-toast.h"

#include <glib/gi18n.h>

struct _OtSuggestionsDialog
{
  AdwWindow           parent_instance;

  OtDocument         *document;
  OtDataset          *dataset;     /* the version listed */
  OtCompanies        *companies;   /* of it: counts, entities, names */
  GListStore         *store;       /* of OtSuggestionItem */
  GtkFilterListModel *filtered;
  GtkStringFilter    *filter;
  GCancellable       *cancellable; /* the listing under way */

  /* Template children */
  AdwToastOverlay    *toast_overlay;
  GtkSearchEntry     *search_entry;
  GtkLabel           *summary;
  GtkStack           *stack;
  GtkScrolledWindow  *scroller;
  GtkListView        *list_view;
  GtkSpinner         *spinner;
  GtkWidget          *undo_button;
};

G_DEFINE_FINAL_TYPE (OtSuggestionsDialog, ot_suggestions_dialog, ADW_TYPE_WINDOW)

/* Listing: in a worker ---------------------------------------------------- */

typedef struct {
  OtDataset   *dataset;
  GHashTable  *rejected;   /* ot_alias_pair_key () strings */
  OtCompanies *companies;  /* results */
  GArray      *suggestions;
  gint64       usec;
} ListCall;

static void
list_call_free (ListCall *call)
{
  g_object_unref (call->dataset);
  g_hash_table_unref (call->rejected);
  g_clear_pointer (&call->companies, ot_companies_free);
  g_clear_pointer (&call->suggestions, g_array_unref);
  g_free (call);
}

static void
list_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  ListCall *call = task_data;
  gint64 start = g_get_monotonic_time ();

  call->companies = ot_companies_new (call->dataset);
  if (!g_cancellable_is_cancelled (cancellable))
    call->suggestions = ot_companies_suggest (call->companies, call->rejected);
  call->usec = g_get_monotonic_time () - start;
  g_task_return_boolean (task, TRUE);
}

static void
update_summary (OtSuggestionsDialog *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
  g_autofree char *text = NULL;

  if (n == shown)
    /* TRANSLATORS: the Same Companies window; pairs of company names */
    text = g_strdup_printf (ngettext ("%'u suggestion, the surest first: merge the pairs that are one company, "
                                      "reject the others.",
                                      "%'u suggestions, the surest first: merge the pairs that are one "
                                      "company, reject the others.", n), n);
  else
    /* TRANSLATORS: the Same Companies window, while searching */
    text = g_strdup_printf (ngettext ("%'u of %'u suggestion", "%'u of %'u suggestions", n), shown, n);
  gtk_label_set_text (self->summary, text);
  /* Nothing to search nor to count when nothing is suggested. */
  gtk_widget_set_visible (GTK_WIDGET (self->summary), n > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->search_entry), n > 0);
  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "list" : "empty");
}

static gboolean
item_equals (GListModel *old,
             guint       position,
             ListCall   *call,
             guint       index)
{
  g_autoptr(OtSuggestionItem) item = g_list_model_get_item (old, position);

  return ot_suggestion_item_equals (item, call->dataset,
                                    &g_array_index (call->suggestions, OtAliasSuggestion, index));
}

static void
on_listed (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  OtSuggestionsDialog *self = OT_SUGGESTIONS_DIALOG (source);
  ListCall *call = g_task_get_task_data (G_TASK (result));
  GCancellable *cancellable = g_task_get_cancellable (G_TASK (result));
  g_autoptr(GPtrArray) items = NULL;
  GListModel *old = G_LIST_MODEL (self->store);
  guint n_old = g_list_model_get_n_items (old), n_new, first = 0, last = 0;

  if (g_cancellable_is_cancelled (cancellable) || call->suggestions == NULL)
    return;   /* another listing follows */
  g_clear_object (&self->cancellable);
  gtk_spinner_stop (self->spinner);
  gtk_widget_set_sensitive (GTK_WIDGET (self->list_view), TRUE);
  g_debug ("Same companies: %u suggestions in %.1f ms", call->suggestions->len, call->usec / 1000.0);

  g_set_object (&self->dataset, call->dataset);
  g_clear_pointer (&self->companies, ot_companies_free);
  self->companies = g_steal_pointer (&call->companies);
  /* Only the rows that changed are replaced (a merge or a rejection
   * takes one out): the others stay, and the list where it was. */
  n_new = call->suggestions->len;
  while (first < MIN (n_old, n_new) && item_equals (old, first, call, first))
    first++;
  while (last < MIN (n_old, n_new) - first && item_equals (old, n_old - 1 - last, call, n_new - 1 - last))
    last++;
  items = g_ptr_array_new_full (n_new - first - last, g_object_unref);
  for (guint i = first; i < n_new - last; i++)
    g_ptr_array_add (items, ot_suggestion_item_new (call->dataset,
                                                    &g_array_index (call->suggestions, OtAliasSuggestion, i)));
  g_list_store_splice (self->store, first, n_old - first - last, items->pdata, items->len);
  update_summary (self);
}

/* Lists the suggestions of the document as it is now, in a worker. */
static void
refresh (OtSuggestionsDialog *self)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(OtCaseTables) tables = ot_document_dup_tables (self->document);
  ListCall *call = g_new0 (ListCall, 1);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_set_object (&self->cancellable, g_cancellable_new ());
  call->dataset = g_object_ref (ot_document_get_dataset (self->document));
  call->rejected = ot_companies_rejected_pairs (tables);
  gtk_spinner_start (self->spinner);
  /* A row clicked now would act on the list before the change. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->list_view), FALSE);
  task = g_task_new (self, self->cancellable, on_listed, NULL);
  g_task_set_source_tag (task, refresh);
  g_task_set_task_data (task, call, (GDestroyNotify) list_call_free);
  g_task_run_in_thread (task, list_thread);
}

static void
update_undo (OtSuggestionsDialog *self)
{
  const char *label = ot_document_get_undo_label (self->document);
  g_autofree char *tooltip = label ? g_strdup_printf (_("Undo %s"), label) : NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "suggestions.undo", label != NULL);
  gtk_widget_set_tooltip_text (self->undo_button, tooltip ? tooltip : _("Undo"));
}

static void
on_document_changed (OtSuggestionsDialog *self,
                     OtDocumentChange     changes,
                     OtDocument          *document)
{
  if (changes & (OT_DOCUMENT_INCIDENTS | OT_DOCUMENT_ALIASES | OT_DOCUMENT_DECISIONS))
    refresh (self);
  update_undo (self);
}

/* Rows ----------------------------------------------------------------------- */

/* "Gulfline Metals Inc. · 3 incidents", "GULFLINE METALS · 1 incident ·
 * in Gulfline Metals" when the name is in an entity. */
static char *
company_line (OtSuggestionsDialog *self,
              const char          *key,
              guint                n)
{
  const char *entity = ot_dataset_resolve_company (self->dataset, key);

  if (entity != key && g_strcmp0 (entity, key) != 0)
    /* TRANSLATORS: a company name, its incidents, and the merged company it is part of */
    return g_strdup_printf (ngettext ("%s · %'u incident · part of “%s”", "%s · %'u incidents · part of “%s”", n),
                            key, n, entity);
  /* TRANSLATORS: a company name and how many incidents name it */
  return g_strdup_printf (ngettext ("%s · %'u incident", "%s · %'u incidents", n), key, n);
}

static GtkWidget *
line_label (const char *css)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  if (css != NULL)
    gtk_widget_add_css_class (label, css);
  return label;
}

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  data)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *score = gtk_label_new (NULL);
  GtkWidget *merge = gtk_button_new_with_mnemonic (_("_Merge"));
  GtkWidget *reject = gtk_button_new_with_mnemonic (_("_Reject"));

  gtk_widget_set_margin_top (row, 10);
  gtk_widget_set_margin_bottom (row, 10);
  gtk_widget_set_margin_start (row, 12);
  gtk_widget_set_margin_end (row, 12);
  gtk_widget_set_hexpand (text, TRUE);
  gtk_box_append (GTK_BOX (text), line_label ("heading"));
  gtk_box_append (GTK_BOX (text), line_label ("heading"));
  gtk_box_append (GTK_BOX (text), line_label ("dim-label"));
  gtk_widget_add_css_class (score, "numeric");
  gtk_widget_set_valign (score, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (merge, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (reject, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (merge, "suggested-action");
  gtk_box_append (GTK_BOX (row), text);
  gtk_box_append (GTK_BOX (row), score);
  gtk_box_append (GTK_BOX (row), merge);
  gtk_box_append (GTK_BOX (row), reject);
  gtk_list_item_set_child (item, row);
  gtk_list_item_set_activatable (item, FALSE);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          OtSuggestionsDialog      *self)
{
  OtSuggestionItem *suggestion_item = gtk_list_item_get_item (item);
  const OtAliasSuggestion *s = ot_suggestion_item_get_suggestion (suggestion_item);
  GtkWidget *row = gtk_list_item_get_child (item);
  GtkWidget *text = gtk_widget_get_first_child (row);
  GtkWidget *a = gtk_widget_get_first_child (text);
  GtkWidget *b = gtk_widget_get_next_sibling (a);
  GtkWidget *reason = gtk_widget_get_next_sibling (b);
  GtkWidget *score = gtk_widget_get_next_sibling (text);
  GtkWidget *merge = gtk_widget_get_next_sibling (score);
  GtkWidget *reject = gtk_widget_get_next_sibling (merge);
  g_autofree char *line_a = company_line (self, s->key_a, s->n_a);
  g_autofree char *line_b = company_line (self, s->key_b, s->n_b);
  g_autofree char *score_text = g_strdup_printf ("%.2f", s->score);
  /* TRANSLATORS: the score of a suggestion (0.70 to 1), for screen readers and tooltips */
  g_autofree char *score_tip = g_strdup_printf (_("Similarity %.2f of 1"), s->score);
  g_autoptr(GVariant) target = g_variant_ref_sink (g_variant_new ("(ss)", s->key_a, s->key_b));

  gtk_label_set_text (GTK_LABEL (a), line_a);
  gtk_label_set_text (GTK_LABEL (b), line_b);
  gtk_label_set_text (GTK_LABEL (reason), ot_suggestion_item_get_reason (suggestion_item));
  gtk_label_set_text (GTK_LABEL (score), score_text);
  gtk_widget_set_tooltip_text (score, score_tip);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (merge), target);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (reject), target);
  /* Named once the target is set: the actions take the pair. */
  gtk_actionable_set_action_name (GTK_ACTIONABLE (merge), "suggestions.merge");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (reject), "suggestions.reject");
  gtk_widget_set_tooltip_text (merge, _("These are one company: merge them"));
  gtk_widget_set_tooltip_text (reject, _("These are two companies: do not suggest them again"));
}

/* Actions ------------------------------------------------------------------- */

static void
show_error (OtSuggestionsDialog *self,
            const GError        *error)
{
  adw_toast_overlay_add_toast (self->toast_overlay, ot_toast_new_text (error->message));
}

/* Merge: the two companies (or the entities they are in) become one,
 * shown under the proposed name. */
static void
merge_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  OtSuggestionsDialog *self = OT_SUGGESTIONS_DIALOG (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *text = NULL;
  const char *key_a, *key_b;
  const char *names[2];

  if (self->dataset == NULL)
    return;
  g_variant_get (parameter, "(&s&s)", &key_a, &key_b);
  names[0] = ot_dataset_resolve_company (self->dataset, key_a);
  names[1] = ot_dataset_resolve_company (self->dataset, key_b);
  name = ot_companies_propose_name (self->companies, names, 2);
  if (!ot_document_merge_companies (self->document, names, 2, name, &error))
    {
      show_error (self, error);
      return;
    }
  /* TRANSLATORS: a toast after a suggestion was accepted; %s the merged company's name */
  text = g_strdup_printf (_("Merged as “%s”"), name);
  adw_toast_overlay_add_toast (self->toast_overlay, ot_toast_new_text (text));
}

static void
reject_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  OtSuggestionsDialog *self = OT_SUGGESTIONS_DIALOG (widget);
  g_autoptr(GError) error = NULL;
  const char *key_a, *key_b;

  g_variant_get (parameter, "(&s&s)", &key_a, &key_b);
  if (!ot_document_reject_alias_pair (self->document, key_a, key_b, &error))
    show_error (self, error);
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ot_document_undo (OT_SUGGESTIONS_DIALOG (widget)->document);
}

static void
on_search_changed (OtSuggestionsDialog *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  gtk_string_filter_set_search (self->filter, *text != '\0' ? text : NULL);
  update_summary (self);
}

/* Object ------------------------------------------------------------------- */

static void
ot_suggestions_dialog_dispose (GObject *object)
{
  OtSuggestionsDialog *self = OT_SUGGESTIONS_DIALOG (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (self->document, self);
  g_clear_object (&self->document);
  gtk_widget_dispose_template (GTK_WIDGET (self), OT_TYPE_SUGGESTIONS_DIALOG);
  g_clear_object (&self->filtered);
  g_clear_object (&self->store);
  g_clear_pointer (&self->companies, ot_companies_free);
  g_clear_object (&self->dataset);

  G_OBJECT_CLASS (ot_suggestions_dialog_parent_class)->dispose (object);
}

static void
ot_suggestions_dialog_class_init (OtSuggestionsDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ot_suggestions_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/ot-suggestions-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, OtSuggestionsDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, OtSuggestionsDialog, search_entry);
  gtk_widget_class_bind_template_child (widget_class, OtSuggestionsDialog, summary);
  gtk_widget_class_bind_template_child (widget_class, OtSuggestionsDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, OtSuggestionsDialog, scroller);
  gtk_widget_class_bind_template_child (widget_class, OtSuggestionsDialog, list_view);
  gtk_widget_class_bind_template_child (widget_class, OtSuggestionsDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, OtSuggestionsDialog, undo_button);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);

  gtk_widget_class_install_action (widget_class, "suggestions.merge", "(ss)", merge_action);
  gtk_widget_class_install_action (widget_class, "suggestions.reject", "(ss)", reject_action);
  gtk_widget_class_install_action (widget_class, "suggestions.undo", NULL, undo_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ot_suggestions_dialog_init (OtSuggestionsDialog *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkExpression *expression;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->store = g_list_store_new (OT_TYPE_SUGGESTION_ITEM);
  expression = gtk_property_expression_new (OT_TYPE_SUGGESTION_ITEM, NULL, "text");
  self->filter = gtk_string_filter_new (expression);
  gtk_string_filter_set_ignore_case (self->filter, TRUE);
  gtk_string_filter_set_match_mode (self->filter, GTK_STRING_FILTER_MATCH_MODE_SUBSTRING);
  self->filtered = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->store)),
                                              GTK_FILTER (self->filter));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), self);
  gtk_list_view_set_factory (self->list_view, factory);
  gtk_list_view_set_model (self->list_view,
                           GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->filtered)))));
}

OtSuggestionsDialog *
ot_suggestions_dialog_new (GtkWindow  *parent,
                           OtDocument *document)
{
  OtSuggestionsDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (OT_IS_DOCUMENT (document), NULL);

  self = g_object_new (OT_TYPE_SUGGESTIONS_DIALOG, "transient-for", parent, NULL);
  self->document = g_object_ref (document);
  g_signal_connect_object (document, "changed", G_CALLBACK (on_document_changed), self, G_CONNECT_SWAPPED);
  update_undo (self);
  refresh (self);
  return self;
}

void
ot_suggestions_dialog_set_search (OtSuggestionsDialog *self,
                                  const char          *text)
{
  g_return_if_fail (OT_IS_SUGGESTIONS_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text ? text : "");
  on_search_changed (self);   /* now, not after the entry's delay */
}

GListModel *
ot_suggestions_dialog_get_items (OtSuggestionsDialog *self)
{
  g_return_val_if_fail (OT_IS_SUGGESTIONS_DIALOG (self), NULL);

  return G_LIST_MODEL (self->filtered);
}

gboolean
ot_suggestions_dialog_is_busy (OtSuggestionsDialog *self)
{
  g_return_val_if_fail (OT_IS_SUGGESTIONS_DIALOG (self), FALSE);

  return self->cancellable != NULL;
}
