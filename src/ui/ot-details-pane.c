/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ot-details-pane.h"
#include "ot-document.h"
#include "ot-incident-row.h"
#include "ot-filter.h"
#include "ot-text.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

struct _OtDetailsPane
{
  GtkWidget      parent_instance;

  GListStore    *incidents;   /* of OtIncidentRow */
  GtkSortListModel *sorted;
  char          *heading_text;
  GVariant      *details;    /* (sa(ss)) shown, or NULL */
  GtkSingleSelection *selection;
  OtDocument    *document;    /* whose notes show, or NULL */
  char          *note_kind;   /* the selection's annotation target, or NULL */
  char          *note_key;

  GtkWidget     *note_box;
  GtkLabel      *note_label;
  GtkButton     *note_button;
  GtkLabel      *incident_note_label;
  GtkButton     *incident_note_button;
  GtkButton     *history_button;   /* a team store's incident: its audit log */
  GtkButton     *part_button;      /* a summary's mark: its incidents from the store */
  gboolean       history_for;      /* an incident's record is shown */

  /* Template children */
  GtkStack      *stack;
  GtkLabel      *heading;
  GtkListBox    *facts;
  GtkWidget     *entity_box;
  GtkLabel      *aliases_label;
  GtkWidget     *split_button;
  GtkListBox    *aliases;
  char          *entity;      /* the merged companies' name shown, or NULL */
  GtkWidget     *company_box;
  GtkWidget     *same_button;
  char          *company;     /* the company shown, or NULL */
  GHashTable    *suggested;   /* company -> suggestions naming it */
  GtkLabel      *incidents_label;
  GtkListView   *list_view;
  GtkScrolledWindow *list_scroller;
  GtkLabel      *record_label;
  GtkListBox    *record;
};

G_DEFINE_FINAL_TYPE (OtDetailsPane, ot_details_pane, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_PICKED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Cells ------------------------------------------------------------------ */

/* Long words are never hyphenated ("Decla-red As"): Pango inserts a
 * hyphen where it breaks inside a word unless told not to. */
static void
no_hyphens (GtkLabel *label)
{
  PangoAttrList *attrs = pango_attr_list_new ();

  pango_attr_list_insert (attrs, pango_attr_insert_hyphens_new (FALSE));
  gtk_label_set_attributes (label, attrs);
  pango_attr_list_unref (attrs);
}

/* A label that wraps, at words where it can, and is never cut. */
static GtkWidget *
wrapped_label (const char *text,
               float       xalign)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), xalign);
  /* Bounds the natural width, not the text: the pane's width decides. */
  gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
  no_hyphens (GTK_LABEL (label));
  return label;
}

/* A row of the compact list: the id and the date, then the mineral,
 * quantity and status; the whole record shows below the list. */
static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = wrapped_label ("", 0.0);
  GtkWidget *subtitle = wrapped_label ("", 0.0);

  gtk_widget_set_margin_top (box, 4);
  gtk_widget_set_margin_bottom (box, 4);
  gtk_widget_add_css_class (title, "heading");
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), subtitle);
  gtk_list_item_set_child (item, box);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          gpointer                  data)
{
  OtIncidentRow *row = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  g_autofree char *title = ot_incident_row_dup_title (row);
  g_autofree char *subtitle = ot_incident_row_dup_subtitle (row);

  gtk_label_set_text (GTK_LABEL (gtk_widget_get_first_child (box)), title);
  gtk_label_set_text (GTK_LABEL (gtk_widget_get_last_child (box)), subtitle);
}

/* Opening a source: the link shows its host, and a click asks first,
 * naming the host and the whole address (a source's name can say
 * anything; the host is where the browser goes). */
static void
on_open_link_response (AdwMessageDialog *dialog,
                       const char       *response,
                       gpointer          data)
{
  const char *url = g_object_get_data (G_OBJECT (dialog), "ot-url");
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (dialog));

  /* Checked again where it is opened: only http and https, through
   * GIO's default handler (the OpenURI portal in a sandbox). */
  if (g_strcmp0 (response, "open") == 0 && url != NULL &&
      ot_text_check_url (url, NULL, NULL) == OT_URL_OK)
    gtk_show_uri (parent, url, GDK_CURRENT_TIME);
}

static gboolean
on_activate_link (GtkLinkButton *link,
                  gpointer       data)
{
  const char *url = gtk_link_button_get_uri (link);
  const char *host = g_object_get_data (G_OBJECT (link), "ot-host");
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (link));
  GtkWidget *dialog;

  if (host == NULL)
    return TRUE;   /* not a link we checked: never opened */
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Open Source in Browser?"), NULL);
  /* TRANSLATORS: %s: the host (example.org), then the whole address. */
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("This opens a page on %s:\n%s"), host, url);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "open", _("_Open"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "open",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "ot-url", g_strdup (url), g_free);
  g_signal_connect (dialog, "response", G_CALLBACK (on_open_link_response), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;   /* handled: GtkLinkButton does not open it itself */
}

/* A source whose address is no link (not http or https, or deceptive):
 * its name and, as plain text, an address that hides no character
 * (@with_url set then). */
static char *
plain_source (const OtIncident *inc,
              gboolean         *with_url)
{
  OtUrlCheck check = inc->source_url != NULL ? ot_text_check_url (inc->source_url, NULL, NULL)
                                             : OT_URL_TOO_LONG;
  g_autofree char *url = NULL;

  *with_url = check == OT_URL_NOT_HTTP || check == OT_URL_USERINFO;
  if (!*with_url)
    return g_strdup (inc->source != NULL ? inc->source : "—");
  url = ot_text_isolate (inc->source_url);
  if (inc->source == NULL)
    return g_steal_pointer (&url);
  return g_strdup_printf ("%s · %s", inc->source, url);
}

/* The record card ------------------------------------------------------- */

/* A row of a boxed list headed by @key; returns the box to fill. */
static GtkWidget *
new_record_row (GtkListBox *list,
                const char *key)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *key_label = wrapped_label (key, 0.0);

  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_add_css_class (key_label, "caption-heading");
  gtk_widget_add_css_class (key_label, "dim-label");
  gtk_box_append (GTK_BOX (box), key_label);
  gtk_list_box_append (list, box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (gtk_widget_get_parent (box)), FALSE);
  return box;
}

/* @key above @value, both wrapped, the value selectable; NULL or ""
 * values are left out.  Returns the value's label. */
static GtkWidget *
add_record_row (GtkListBox *list,
                const char *key,
                const char *value)
{
  GtkWidget *box, *value_label;

  if (value == NULL || *value == '\0')
    return NULL;
  box = new_record_row (list, key);
  value_label = wrapped_label (value, 0.0);
  gtk_label_set_selectable (GTK_LABEL (value_label), TRUE);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (value_label),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, gtk_widget_get_first_child (box), NULL,
                                  -1);
  gtk_box_append (GTK_BOX (box), value_label);
  return value_label;
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

/* "China (Tianjin)": a place of a route, localised; "?" when not given. */
static void
append_place (GString    *out,
              OtCountry   country,
              const char *port)
{
  if (OT_COUNTRY_IS_SET (country))
    {
      const char *name = ot_country_display_name (country.code);

      g_string_append (out, name != NULL ? name : country.code);
    }
  else
    /* TRANSLATORS: a route's origin or destination the record does not give */
    g_string_append (out, _("not given"));
  if (port != NULL)
    g_string_append_printf (out, " (%s)", port);
}

/* Origin → every stop, ports named → destination. */
static char *
route_text (const OtIncident *inc)
{
  GString *out = g_string_new (NULL);

  if (!OT_COUNTRY_IS_SET (inc->origin) && inc->n_via == 0 && !OT_COUNTRY_IS_SET (inc->destination))
    return g_string_free (out, TRUE);
  append_place (out, inc->origin, NULL);
  for (guint i = 0; i < inc->n_via; i++)
    {
      g_string_append (out, " → ");
      append_place (out, inc->via[i].country, inc->via[i].port);
    }
  g_string_append (out, " → ");
  append_place (out, inc->destination, NULL);
  return g_string_free (out, FALSE);
}

/* The date at the precision it was given in. */
static char *
date_text (const OtIncident *inc)
{
  g_autofree char *date = NULL;

  if (inc->date.precision == OT_DATE_NONE)
    return NULL;
  date = ot_date_to_display (&inc->date);
  switch (inc->date.precision)
    {
    case OT_DATE_YEAR:
      /* TRANSLATORS: a date given as a year only, e.g. "2024 (year only)" */
      return g_strdup_printf (_("%s (year only)"), date);
    case OT_DATE_MONTH:
      /* TRANSLATORS: a date given as a month only, e.g. "July 2024 (month only)" */
      return g_strdup_printf (_("%s (month only)"), date);
    default:
      return g_steal_pointer (&date);
    }
}

/* The quantity in kilograms as given, and in tonnes from a tonne up. */
static char *
quantity_text (const OtIncident *inc)
{
  if (!ot_incident_has_quantity (inc))
    return NULL;
  if (inc->quantity_kg >= 1000)
    /* TRANSLATORS: kilograms, then the same in tonnes */
    return g_strdup_printf (_("%'.15g kg (%'.1f t)"), inc->quantity_kg, inc->quantity_kg / 1000);
  return g_strdup_printf (_("%'.15g kg"), inc->quantity_kg);
}

static char *
mineral_text (const OtIncident *inc)
{
  if (inc->mineral == OT_MINERAL_NONE)
    return NULL;
  if (inc->form == OT_FORM_UNKNOWN)
    return g_strdup (ot_mineral_label (inc->mineral));
  /* TRANSLATORS: a mineral and its form, e.g. "Gallium · Metal" */
  return g_strdup_printf (_("%s · %s"), ot_mineral_label (inc->mineral), ot_form_label (inc->form));
}

/* The source: its name, then the link showing the host its address goes
 * to (the name can say anything; the host is never cut), or an address
 * that is no link as plain text. */
static void
add_source_rows (OtDetailsPane    *self,
                 const OtIncident *inc)
{
  g_autofree char *host = NULL;

  /* The loader checked the address; a data set made otherwise is checked
   * here, and a bad address is no link. */
  if (inc->source_url != NULL &&
      ot_text_check_url (inc->source_url, NULL, &host) == OT_URL_OK)
    {
      g_autofree char *tooltip = g_strdup_printf (_("Opens %s"), inc->source_url);
      GtkWidget *box = new_record_row (self->record, _("Source"));
      GtkWidget *link = gtk_link_button_new_with_label (inc->source_url, host);
      GtkWidget *label = gtk_button_get_child (GTK_BUTTON (link));

      if (inc->source != NULL)
        {
          GtkWidget *name = wrapped_label (inc->source, 0.0);

          gtk_label_set_selectable (GTK_LABEL (name), TRUE);
          gtk_box_append (GTK_BOX (box), name);
        }
      if (GTK_IS_LABEL (label))
        {
          gtk_label_set_wrap (GTK_LABEL (label), TRUE);
          gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
          no_hyphens (GTK_LABEL (label));
        }
      gtk_widget_set_halign (link, GTK_ALIGN_START);
      gtk_widget_set_tooltip_text (link, tooltip);
      g_object_set_data_full (G_OBJECT (link), "ot-host", g_steal_pointer (&host), g_free);
      g_signal_connect (link, "activate-link", G_CALLBACK (on_activate_link), NULL);
      gtk_box_append (GTK_BOX (box), link);
    }
  else
    {
      gboolean with_url;
      g_autofree char *text = plain_source (inc, &with_url);
      GtkWidget *label = add_record_row (self->record, _("Source"), text);

      if (with_url && label != NULL)
        gtk_widget_set_tooltip_text (label, _("Not an http or https address: never opened"));
    }
}

/* The analyst's note on a target (issue 17) in @label, and @button to
 * add or edit it (win.edit-note with the target); both hidden without a
 * document or a target. */
static void
show_note (GtkLabel   *label,
           GtkButton  *button,
           OtDocument *document,
           const char *kind,
           const char *key)
{
  const char *text = document && kind ? ot_document_get_annotation (document, kind, key) : NULL;

  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL);
  gtk_label_set_text (label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (button), document != NULL && kind != NULL);
  if (document == NULL || kind == NULL)
    return;
  gtk_button_set_label (button, text ? _("Edit Note…") : _("Add Note…"));
  if (GTK_IS_LABEL (gtk_button_get_child (button)))
    {
      /* Like every label of the pane: wraps, never hyphenated. */
      gtk_label_set_wrap (GTK_LABEL (gtk_button_get_child (button)), TRUE);
      no_hyphens (GTK_LABEL (gtk_button_get_child (button)));
    }
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new ("(ss)", kind, key));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.edit-note");
}

static void
on_history_sensitive (OtDetailsPane *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->history_button),
                          self->history_for && gtk_widget_get_sensitive (GTK_WIDGET (self->history_button)));
}

/* Open These Incidents shows while its action is enabled: a summary's
 * flow or place selected (docs/team-store.md, "Summary mode"). */
static void
on_part_sensitive (OtDetailsPane *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->part_button), gtk_widget_get_sensitive (GTK_WIDGET (self->part_button)));
}

static void
show_record (OtDetailsPane    *self,
             const OtIncident *inc)
{
  g_autofree char *heading = NULL;
  g_autofree char *date = NULL;
  g_autofree char *mineral = NULL;
  g_autofree char *quantity = NULL;
  g_autofree char *value = NULL;
  g_autofree char *route = NULL;
  g_autofree char *event = NULL;
  g_autofree char *grading = NULL;
  g_autofree char *file = NULL;

  clear_list (self->record);
  /* History… shows while its action is enabled (a team store's case,
   * issue 21), for the incident shown. */
  self->history_for = inc != NULL && inc->id != NULL;
  if (self->history_for)
    gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->history_button), g_variant_new_string (inc->id));
  gtk_widget_set_visible (GTK_WIDGET (self->history_button),
                          self->history_for && gtk_widget_get_sensitive (GTK_WIDGET (self->history_button)));
  gtk_widget_set_visible (GTK_WIDGET (self->record_label), inc != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->record), inc != NULL);
  show_note (self->incident_note_label, self->incident_note_button, self->document,
             inc != NULL && inc->id != NULL ? "incident" : NULL, inc ? inc->id : NULL);
  if (inc == NULL)
    return;

  /* TRANSLATORS: the heading of one incident's record, %s its id */
  heading = g_strdup_printf (_("Incident %s"), inc->id != NULL ? inc->id : "");
  gtk_label_set_text (self->record_label, heading);
  if (inc->illustrative)
    {
      GtkWidget *label = add_record_row (self->record, _("Illustrative"),
                                         _("A made-up example, not a reported fact"));

      gtk_widget_add_css_class (label, "warning");
    }
  date = date_text (inc);
  mineral = mineral_text (inc);
  quantity = quantity_text (inc);
  if (!isnan (inc->value))
    value = g_strdup_printf ("%'.15g %s", inc->value, inc->currency != NULL ? inc->currency : "");
  route = route_text (inc);
  if (OT_COUNTRY_IS_SET (inc->event_country) || inc->event_place != NULL)
    {
      GString *out = g_string_new (NULL);

      if (OT_COUNTRY_IS_SET (inc->event_country))
        append_place (out, inc->event_country, inc->event_place);
      else
        g_string_append (out, inc->event_place);
      event = g_string_free (out, FALSE);
    }
  if (inc->reliability != 0 || inc->credibility != 0)
    grading = g_strdup_printf ("%c%c", inc->reliability != 0 ? inc->reliability : '-',
                               inc->credibility != 0 ? '0' + inc->credibility : '-');
  if (inc->file != NULL)
    {
      g_autofree char *base = g_path_get_basename (inc->file);

      if (inc->sheet != NULL && inc->line > 0)
        /* TRANSLATORS: where a record was read: a workbook's file name, the
         * sheet's name and the row's number */
        file = g_strdup_printf (_("%s, sheet %s, row %u"), base, inc->sheet, inc->line);
      else
        /* TRANSLATORS: where a record was read: a file name and a line number */
        file = inc->line > 0 ? g_strdup_printf (_("%s, line %u"), base, inc->line) : g_steal_pointer (&base);
    }

  add_record_row (self->record, _("ID"), inc->id);
  add_record_row (self->record, _("Date"), date);
  add_record_row (self->record, _("Mineral"), mineral);
  add_record_row (self->record, _("HS Code"), inc->hs_code);
  add_record_row (self->record, _("Quantity"), quantity);
  add_record_row (self->record, _("Value"), value);
  add_record_row (self->record, _("Status"), ot_status_label (inc->status));
  add_record_row (self->record, _("Confidence"), ot_filter_confidence_label (inc->confidence));
  add_record_row (self->record, _("Route"), route);
  add_record_row (self->record, _("Exporter"), inc->exporter);
  add_record_row (self->record, _("Consignee"), inc->consignee);
  add_record_row (self->record, _("Declared As"), inc->declared_as);
  add_record_row (self->record, _("Concealment"), inc->concealment);
  add_record_row (self->record, _("Where It Happened"), event);
  add_record_row (self->record, _("Authority"), inc->authority);
  add_record_row (self->record, _("Case Reference"), inc->case_ref);
  add_record_row (self->record, _("Notes"), inc->notes);
  add_source_rows (self, inc);
  /* TRANSLATORS: the source's grading, e.g. "B2" (reliability A–F, credibility 1–6) */
  add_record_row (self->record, _("Source Grading"), grading);
  add_record_row (self->record, _("Read From"), file);
}

static void
on_selected_changed (OtDetailsPane *self)
{
  OtIncidentRow *row = gtk_single_selection_get_selected_item (self->selection);

  show_record (self, row != NULL ? ot_incident_row_get_incident (row) : NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PICKED]);
}

/* Sorting: by date, then id ---------------------------------------------- */

static int
compare_rows (gconstpointer a,
              gconstpointer b,
              gpointer      data)
{
  const OtIncident *x = ot_incident_row_get_incident ((OtIncidentRow *) a);
  const OtIncident *y = ot_incident_row_get_incident ((OtIncidentRow *) b);
  guint32 dx = ot_date_first_day (&x->date);
  guint32 dy = ot_date_first_day (&y->date);

  if (dx != dy)
    return dx < dy ? -1 : 1;
  return g_strcmp0 (x->id, y->id);
}

/* Showing a selection ---------------------------------------------------- */

/* A fact: its name at the start, its value at the end; both wrap (a
 * narrow pane or a long German word never pushes one over the edge). */
static GtkWidget *
add_fact (OtDetailsPane *self,
          const char    *label,
          const char    *value)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *key_label = wrapped_label (label, 0.0);
  GtkWidget *value_label = wrapped_label (value, 1.0);

  gtk_widget_set_margin_top (box, 7);
  gtk_widget_set_margin_bottom (box, 7);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  /* Both break between words only ("beschlagnah-mt" no more): the value
   * is as wide as its longest word at least. */
  gtk_label_set_wrap_mode (GTK_LABEL (key_label), PANGO_WRAP_WORD);
  gtk_label_set_wrap_mode (GTK_LABEL (value_label), PANGO_WRAP_WORD);
  gtk_widget_set_hexpand (key_label, TRUE);
  gtk_label_set_selectable (GTK_LABEL (value_label), TRUE);
  gtk_label_set_justify (GTK_LABEL (value_label), GTK_JUSTIFY_RIGHT);
  gtk_widget_add_css_class (value_label, "dim-label");
  gtk_accessible_update_relation (GTK_ACCESSIBLE (value_label),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, key_label, NULL, -1);
  gtk_box_append (GTK_BOX (box), key_label);
  gtk_box_append (GTK_BOX (box), value_label);
  gtk_list_box_append (self->facts, box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (gtk_widget_get_parent (box)), FALSE);
  return box;
}

/* An estimated betweenness (a large network, docs/network.md) shows "≈"
 * before its score and says how it was estimated when pointed at. */
static void
explain_estimate (GtkWidget  *fact,
                  OtAnalysis *analysis)
{
  guint sources = ot_analysis_get_betweenness_sources (analysis);
  guint n = ot_network_get_n_vertices (ot_analysis_get_network (analysis));
  g_autofree char *tip = NULL;

  if (sources == 0)
    return;
  /* Translators: the tooltip of an estimated betweenness ("≈0.412"); the
   * numbers are sampled places and all places (more than 256) */
  tip = g_strdup_printf (_("Estimated from the shortest routes leaving %u of the %u places, "
                           "picked at random, and scaled up to all of them: the exact count "
                           "takes too long on a network this large."),
                         sources, n);
  gtk_widget_set_tooltip_text (fact, tip);
}

/* Merged companies (issue 17): every company name the entity is made of,
 * with the incidents of the list that give it, and Split
 * (win.split-entity, the entity's name). */
static void
show_entity (OtDetailsPane *self,
             GVariant      *entity)
{
  g_autoptr(GVariantIter) iter = NULL;
  const char *alias;
  guint n;

  clear_list (self->aliases);
  g_clear_pointer (&self->entity, g_free);
  gtk_widget_set_visible (self->entity_box, entity != NULL);
  if (entity == NULL)
    return;
  g_variant_get (entity, "(sa(su))", &self->entity, &iter);
  /* The name is set with its target: a button of win.split-entity
   * without one would be a parameter type mismatch. */
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->split_button), "s", self->entity);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->split_button), "win.split-entity");
  while (g_variant_iter_next (iter, "(&su)", &alias, &n))
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      GtkWidget *name = wrapped_label (alias, 0.0);
      g_autofree char *text = g_strdup_printf (ngettext ("%'u incident", "%'u incidents", n), n);
      GtkWidget *count = gtk_label_new (text);   /* short: never wrapped */

      gtk_widget_set_margin_top (box, 7);
      gtk_widget_set_margin_bottom (box, 7);
      gtk_widget_set_margin_start (box, 12);
      gtk_widget_set_margin_end (box, 12);
      gtk_label_set_xalign (GTK_LABEL (count), 1.0);
      gtk_widget_set_hexpand (name, TRUE);
      gtk_label_set_selectable (GTK_LABEL (name), TRUE);
      gtk_widget_add_css_class (count, "dim-label");
      gtk_box_append (GTK_BOX (box), name);
      gtk_box_append (GTK_BOX (box), count);
      gtk_list_box_append (self->aliases, box);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (gtk_widget_get_parent (box)), FALSE);
    }
}

/* Same Companies… with how many suggestions name the company, shown
 * only when some do. */
static void
show_suggested (OtDetailsPane *self)
{
  guint n = self->company != NULL && self->suggested != NULL
            ? GPOINTER_TO_UINT (g_hash_table_lookup (self->suggested, self->company)) : 0;
  g_autofree char *label = NULL;

  /* TRANSLATORS: a button in a company's details; %u: how many suggested pairs name it */
  label = g_strdup_printf (_("_Same Companies (%u)…"), n);
  gtk_label_set_text_with_mnemonic (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (self->same_button))), label);
  gtk_widget_set_visible (self->same_button, n > 0);
}

/* A company of the network or map: Merge With… (the window ticks the
 * selected company) and Same Companies… (the suggestions naming it). */
static void
show_company_actions (OtDetailsPane *self,
                      OtChart       *chart,
                      OtHitKind      kind,
                      guint          id)
{
  g_autoptr(OtNetwork) network = NULL;
  const OtVertex *vertex = NULL;

  if (chart != NULL && kind == OT_HIT_NODE &&
      (ot_view_kind_get_capabilities (ot_chart_get_view (chart)) & OT_VIEW_CAP_NETWORK_MARKS) &&
      (network = ot_chart_get_network (chart)) != NULL && id < ot_network_get_n_vertices (network))
    vertex = ot_network_get_vertex (network, id);
  g_clear_pointer (&self->company, g_free);
  if (vertex == NULL || vertex->kind != OT_VERTEX_COMPANY)
    {
      gtk_widget_set_visible (self->company_box, FALSE);
      return;
    }
  self->company = g_strdup (vertex->label);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->same_button), "s", vertex->label);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->same_button), "win.find-same-companies");
  show_suggested (self);
  gtk_widget_set_visible (self->company_box, TRUE);
}

void
ot_details_pane_set_suggested (OtDetailsPane *self,
                               GHashTable    *counts)
{
  g_return_if_fail (OT_IS_DETAILS_PANE (self));

  if (counts != NULL)
    g_hash_table_ref (counts);
  g_clear_pointer (&self->suggested, g_hash_table_unref);
  self->suggested = counts;
  show_suggested (self);
}

void
ot_details_pane_show (OtDetailsPane *self,
                      OtChart       *chart,
                      OtAnalysis    *analysis,
                      OtHitKind      kind,
                      guint          id)
{
  GVariant *details = NULL;
  g_autoptr(GVariant) entity = NULL;
  g_autoptr(GArray) indices = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GVariantIter) iter = NULL;
  g_autofree char *count = NULL;
  const char *label, *value;
  OtDataset *dataset;

  g_return_if_fail (OT_IS_DETAILS_PANE (self));
  g_return_if_fail (chart == NULL || OT_IS_CHART (chart));

  g_list_store_remove_all (self->incidents);
  clear_list (self->facts);
  show_company_actions (self, chart, kind, id);
  g_clear_pointer (&self->heading_text, g_free);
  g_clear_pointer (&self->details, g_variant_unref);
  g_clear_pointer (&self->note_kind, g_free);
  g_clear_pointer (&self->note_key, g_free);

  if (chart == NULL || kind == OT_HIT_NONE ||
      (details = ot_chart_get_details (chart, analysis, kind, id)) == NULL)
    {
      show_entity (self, NULL);
      gtk_stack_set_visible_child_name (self->stack, "none");
      return;
    }

  self->details = details;
  g_variant_get (details, "(sa(ss))", &self->heading_text, &iter);
  gtk_label_set_text (self->heading, self->heading_text);
  while (g_variant_iter_next (iter, "(&s&s)", &label, &value))
    {
      GtkWidget *fact = add_fact (self, label, value);

      if (analysis != NULL && g_str_equal (label, _("Betweenness")))
        explain_estimate (fact, analysis);
    }
  entity = ot_chart_get_entity (chart, kind, id);
  show_entity (self, entity);
  /* A place or a flow can have the analyst's note (issue 17). */
  if (ot_view_kind_get_capabilities (ot_chart_get_view (chart)) & OT_VIEW_CAP_NETWORK_MARKS)
    {
      g_autoptr(OtNetwork) network = ot_chart_get_network (chart);
      const char *note_kind = NULL;

      if (network != NULL)
        self->note_key = ot_chart_note_target (network, kind, id, &note_kind);
      if (self->note_key != NULL)
        self->note_kind = g_strdup (note_kind);
    }
  show_note (self->note_label, self->note_button, self->document, self->note_kind, self->note_key);

  dataset = ot_chart_get_dataset (chart);
  indices = ot_chart_get_incidents_for (chart, kind, id);
  rows = g_ptr_array_new_full (indices->len, g_object_unref);
  for (guint i = 0; i < indices->len; i++)
    g_ptr_array_add (rows, ot_incident_row_new (dataset, g_array_index (indices, guint, i)));
  g_list_store_splice (self->incidents, 0, 0, rows->pdata, rows->len);

  count = g_strdup_printf (ngettext ("%'u Incident", "%'u Incidents", indices->len), indices->len);
  gtk_label_set_text (self->incidents_label, count);
  /* Room for up to four rows; more scroll. */
  gtk_scrolled_window_set_min_content_height (self->list_scroller, 52 * MIN (indices->len, 4));
  /* The first incident's record shows at once (autoselect). */
  on_selected_changed (self);
  gtk_stack_set_visible_child_name (self->stack, "details");
}

GListModel *
ot_details_pane_get_incidents (OtDetailsPane *self)
{
  g_return_val_if_fail (OT_IS_DETAILS_PANE (self), NULL);

  return G_LIST_MODEL (self->sorted);
}

void
ot_details_pane_select_incident (OtDetailsPane *self,
                                 guint          position)
{
  g_return_if_fail (OT_IS_DETAILS_PANE (self));
  g_return_if_fail (position < g_list_model_get_n_items (G_LIST_MODEL (self->sorted)));

  gtk_single_selection_set_selected (self->selection, position);
}

const char *
ot_details_pane_get_fact (OtDetailsPane *self,
                          const char    *label)
{
  g_autoptr(GVariantIter) iter = NULL;
  const char *l, *value;

  g_return_val_if_fail (OT_IS_DETAILS_PANE (self), NULL);
  g_return_val_if_fail (label != NULL, NULL);

  if (self->details == NULL)
    return NULL;
  g_variant_get (self->details, "(&sa(ss))", NULL, &iter);
  while (g_variant_iter_next (iter, "(&s&s)", &l, &value))
    if (g_str_equal (l, label))
      return value;
  return NULL;
}

const char *
ot_details_pane_get_fact_tooltip (OtDetailsPane *self,
                                  const char    *label)
{
  g_return_val_if_fail (OT_IS_DETAILS_PANE (self), NULL);
  g_return_val_if_fail (label != NULL, NULL);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->facts)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *box = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row));
      GtkWidget *key = box != NULL ? gtk_widget_get_first_child (box) : NULL;

      if (GTK_IS_LABEL (key) && g_str_equal (gtk_label_get_text (GTK_LABEL (key)), label))
        return gtk_widget_get_tooltip_text (box);
    }
  return NULL;
}

const char *
ot_details_pane_get_entity (OtDetailsPane *self)
{
  g_return_val_if_fail (OT_IS_DETAILS_PANE (self), NULL);

  return self->entity;
}

const char *
ot_details_pane_get_heading (OtDetailsPane *self)
{
  g_return_val_if_fail (OT_IS_DETAILS_PANE (self), NULL);

  return self->heading_text;
}

/* Notes (issue 17) ----------------------------------------------------------- */

static void
on_document_changed (OtDetailsPane    *self,
                     OtDocumentChange  changes,
                     OtDocument       *document)
{
  OtIncidentRow *row;

  if (!(changes & OT_DOCUMENT_ANNOTATIONS))
    return;
  show_note (self->note_label, self->note_button, self->document, self->note_kind, self->note_key);
  row = gtk_single_selection_get_selected_item (self->selection);
  if (row != NULL)
    {
      const OtIncident *inc = ot_incident_row_get_incident (row);

      show_note (self->incident_note_label, self->incident_note_button, self->document,
                 inc->id ? "incident" : NULL, inc->id);
    }
}

void
ot_details_pane_set_document (OtDetailsPane *self,
                              OtDocument    *document)
{
  OtIncidentRow *row;

  g_return_if_fail (OT_IS_DETAILS_PANE (self));
  g_return_if_fail (document == NULL || OT_IS_DOCUMENT (document));

  if (self->document == document)
    return;
  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (self->document, self);
  g_set_object (&self->document, document);
  if (document != NULL)
    g_signal_connect_object (document, "changed", G_CALLBACK (on_document_changed), self, G_CONNECT_SWAPPED);
  show_note (self->note_label, self->note_button, self->document, self->note_kind, self->note_key);
  row = gtk_single_selection_get_selected_item (self->selection);
  show_record (self, row != NULL ? ot_incident_row_get_incident (row) : NULL);
}

const char *
ot_details_pane_get_note (OtDetailsPane *self)
{
  g_return_val_if_fail (OT_IS_DETAILS_PANE (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (self->note_label))
         ? gtk_label_get_text (self->note_label) : NULL;
}

gint
ot_details_pane_get_picked (OtDetailsPane *self)
{
  OtIncidentRow *row;

  g_return_val_if_fail (OT_IS_DETAILS_PANE (self), -1);

  row = gtk_single_selection_get_selected_item (self->selection);
  return row != NULL ? (gint) ot_incident_row_get_index (row) : -1;
}

/* Object ----------------------------------------------------------------- */

static void
ot_details_pane_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  OtDetailsPane *self = OT_DETAILS_PANE (object);

  switch (prop_id)
    {
    case PROP_PICKED:
      g_value_set_int (value, ot_details_pane_get_picked (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ot_details_pane_dispose (GObject *object)
{
  OtDetailsPane *self = OT_DETAILS_PANE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), OT_TYPE_DETAILS_PANE);
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  g_clear_object (&self->selection);
  g_clear_object (&self->sorted);
  g_clear_object (&self->incidents);
  g_clear_pointer (&self->heading_text, g_free);
  g_clear_pointer (&self->details, g_variant_unref);
  g_clear_pointer (&self->entity, g_free);
  g_clear_pointer (&self->company, g_free);
  g_clear_pointer (&self->suggested, g_hash_table_unref);
  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (self->document, self);
  g_clear_object (&self->document);
  g_clear_pointer (&self->note_kind, g_free);
  g_clear_pointer (&self->note_key, g_free);

  G_OBJECT_CLASS (ot_details_pane_parent_class)->dispose (object);
}

static void
ot_details_pane_class_init (OtDetailsPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ot_details_pane_dispose;
  object_class->get_property = ot_details_pane_get_property;

  /* The dataset index of the incident whose record shows, or -1. */
  properties[PROP_PICKED] =
    g_param_spec_int ("picked", NULL, NULL, -1, G_MAXINT, -1,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/ot-details-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, OtDetailsPane, stack);
  gtk_widget_class_bind_template_child (widget_class, OtDetailsPane, heading);
  gtk_widget_class_bind_template_child (widget_class, OtDetailsPane, facts);
  gtk_widget_class_bind_template_child (widget_class, OtDetailsPane, entity_box);
  gtk_widget_class_bind_template_child (widget_class, OtDetailsPane, aliases_label);
  gtk_widget_class_bind_template_child (widget_class, OtDetailsPane, split_button);
  gtk_widget_class_bind_template_child (widget_class, OtDetailsPane, aliases);
  gtk_widget_class_bind_template_child (widget_class, OtDetailsPane, company_box);
  gtk_widget_class_bind_template_child (widget_class, OtDetailsPane, same_button);
  gtk_widget_class_bind_template_child (widget_class, OtDetailsPane, incidents_label);
  gtk_widget_class_bind_template_child (widget_class, OtDetailsPane, list_view);
  gtk_widget_class_bind_template_child (widget_class, OtDetailsPane, list_scroller);
  gtk_widget_class_bind_template_child (widget_class, OtDetailsPane, record_label);
  gtk_widget_class_bind_template_child (widget_class, OtDetailsPane, record);
  gtk_widget_class_bind_template_child (widget_class, OtDetailsPane, note_box);
  gtk_widget_class_bind_template_child (widget_class, OtDetailsPane, note_label);
  gtk_widget_class_bind_template_child (widget_class, OtDetailsPane, note_button);
  gtk_widget_class_bind_template_child (widget_class, OtDetailsPane, incident_note_label);
  gtk_widget_class_bind_template_child (widget_class, OtDetailsPane, incident_note_button);
  gtk_widget_class_bind_template_child (widget_class, OtDetailsPane, history_button);
  gtk_widget_class_bind_template_child (widget_class, OtDetailsPane, part_button);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "otdetailspane");
}

static void
ot_details_pane_init (OtDetailsPane *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  /* (The target first: the action takes a string.) */
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->history_button), g_variant_new_string (""));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->history_button), "win.incident-history");
  g_signal_connect_swapped (self->history_button, "notify::sensitive", G_CALLBACK (on_history_sensitive), self);
  g_signal_connect_swapped (self->part_button, "notify::sensitive", G_CALLBACK (on_part_sensitive), self);
  no_hyphens (self->heading);
  no_hyphens (self->record_label);
  no_hyphens (self->incidents_label);
  no_hyphens (self->aliases_label);
  no_hyphens (self->note_label);
  no_hyphens (self->incident_note_label);

  self->incidents = g_list_store_new (OT_TYPE_INCIDENT_ROW);
  self->sorted = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (self->incidents)),
                                          GTK_SORTER (gtk_custom_sorter_new (compare_rows, NULL, NULL)));
  /* One incident selected (the first, until another is picked by click
   * or arrow keys): its whole record shows below the list. */
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->sorted)));
  gtk_single_selection_set_autoselect (self->selection, TRUE);
  gtk_single_selection_set_can_unselect (self->selection, FALSE);
  g_signal_connect_swapped (self->selection, "notify::selected-item", G_CALLBACK (on_selected_changed), self);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), NULL);
  gtk_list_view_set_factory (self->list_view, factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  show_record (self, NULL);
}
