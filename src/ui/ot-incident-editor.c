/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ot-incident-editor.h"
#include "ot-filter.h"
#include "ot-incident-fields.h"
#include "ot-writer.h"

#include <glib/gi18n.h>

typedef enum {
  GROUP_WHAT,
  GROUP_ROUTE,
  GROUP_EVENT,
  GROUP_EVIDENCE,
  GROUP_SOURCE,
  N_GROUPS
} Group;

typedef enum {
  KIND_TEXT,       /* an AdwEntryRow */
  KIND_MINERAL,    /* an entry completing mineral names */
  KIND_COUNTRY,    /* an entry completing country names */
  KIND_CHOICE,     /* an AdwComboRow */
  KIND_SWITCH,     /* a GtkSwitch */
} Kind;

/* The form: every column of the incident format, in its groups.  Titles
 * are the incident table's column titles. */
static const struct {
  OtColumn    column;
  Group       group;
  Kind        kind;
  const char *title;
  const char *hint;    /* shown under the field while it has no message */
} field_table[] = {
  { OT_COLUMN_ID, GROUP_WHAT, KIND_TEXT, N_("ID"), NULL },
  { OT_COLUMN_DATE, GROUP_WHAT, KIND_TEXT, N_("Date"), N_("YYYY, YYYY-MM or YYYY-MM-DD") },
  { OT_COLUMN_MINERAL, GROUP_WHAT, KIND_MINERAL, N_("Mineral"), NULL },
  { OT_COLUMN_FORM, GROUP_WHAT, KIND_CHOICE, N_("Form"), NULL },
  { OT_COLUMN_HS_CODE, GROUP_WHAT, KIND_TEXT, N_("HS Code"), N_("4 to 12 digits, dots allowed") },
  { OT_COLUMN_QUANTITY, GROUP_WHAT, KIND_TEXT, N_("Quantity"), NULL },
  { OT_COLUMN_UNIT, GROUP_WHAT, KIND_CHOICE, N_("Unit"), NULL },
  { OT_COLUMN_VALUE, GROUP_WHAT, KIND_TEXT, N_("Value"), NULL },
  { OT_COLUMN_CURRENCY, GROUP_WHAT, KIND_TEXT, N_("Currency"), N_("An ISO 4217 code such as USD") },
  { OT_COLUMN_DECLARED_AS, GROUP_WHAT, KIND_TEXT, N_("Declared As"), NULL },
  { OT_COLUMN_CONCEALMENT, GROUP_WHAT, KIND_TEXT, N_("Concealment"),
    N_("Methods separated by “;”") },
  { OT_COLUMN_ORIGIN, GROUP_ROUTE, KIND_COUNTRY, N_("Origin"), NULL },
  { OT_COLUMN_EXPORTER, GROUP_ROUTE, KIND_TEXT, N_("Exporter"), NULL },
  { OT_COLUMN_VIA, GROUP_ROUTE, KIND_TEXT, N_("Via"),
    N_("Stops in order, separated by “;”, each a country or country:port (TH:Laem Chabang; MX)") },
  { OT_COLUMN_DESTINATION, GROUP_ROUTE, KIND_COUNTRY, N_("Destination"), NULL },
  { OT_COLUMN_CONSIGNEE, GROUP_ROUTE, KIND_TEXT, N_("Consignee"), NULL },
  { OT_COLUMN_STATUS, GROUP_EVENT, KIND_CHOICE, N_("Status"), NULL },
  { OT_COLUMN_EVENT_COUNTRY, GROUP_EVENT, KIND_COUNTRY, N_("Event Country"), NULL },
  { OT_COLUMN_EVENT_PLACE, GROUP_EVENT, KIND_TEXT, N_("Event Place"), NULL },
  { OT_COLUMN_AUTHORITY, GROUP_EVENT, KIND_TEXT, N_("Authority"), NULL },
  { OT_COLUMN_CASE_REF, GROUP_EVENT, KIND_TEXT, N_("Case Reference"), NULL },
  { OT_COLUMN_CONFIDENCE, GROUP_EVIDENCE, KIND_CHOICE, N_("Confidence"), NULL },
  { OT_COLUMN_RELIABILITY, GROUP_EVIDENCE, KIND_CHOICE, N_("Reliability"), NULL },
  { OT_COLUMN_CREDIBILITY, GROUP_EVIDENCE, KIND_CHOICE, N_("Credibility"), NULL },
  { OT_COLUMN_ILLUSTRATIVE, GROUP_EVIDENCE, KIND_SWITCH, N_("Illustrative"),
    N_("A made-up example, not a reported fact") },
  { OT_COLUMN_SOURCE, GROUP_SOURCE, KIND_TEXT, N_("Source"),
    N_("Who reported it, where and when") },
  { OT_COLUMN_SOURCE_URL, GROUP_SOURCE, KIND_TEXT, N_("Source URL"), N_("An http or https address") },
  { OT_COLUMN_NOTES, GROUP_SOURCE, KIND_TEXT, N_("Notes"), NULL },
};

static const char *const units[] = { "kg", "t", "g", "lb" };

typedef struct {
  Kind          kind;
  const char   *hint;
  GtkWidget    *row;        /* AdwEntryRow, AdwActionRow or AdwComboRow */
  GtkEditable  *editable;   /* text kinds */
  GtkSwitch    *toggle;     /* KIND_SWITCH */
  GPtrArray    *values;     /* KIND_CHOICE: the word of each item (NULL: none) */
  GtkWidget    *message;    /* the row under it: the hint or the problem */
  GtkLabel     *message_label;
  char         *shown;      /* the text shown under it, or NULL */
  gboolean      problem;    /* ... a problem, not the hint */
  gboolean      touched;    /* typed in or picked: its error shows in red */
} Field;

struct _OtIncidentEditor
{
  AdwWindow            parent_instance;

  OtDataset           *dataset;     /* the incidents the record joins */
  gint                 index;       /* edited, or -1 */
  Field                fields[OT_N_COLUMNS];
  GtkWidget           *place_message;   /* "no place given" */
  GtkLabel            *place_label;
  char                *place_shown;
  OtDataset           *checked;     /* the last check: its incident, if any, and problems */
  GHashTable          *names;       /* folded display name → the word the loader reads */
  gboolean             filling;     /* setting fields: no check per field */

  /* Template children */
  AdwPreferencesGroup *what_group;
  AdwPreferencesGroup *route_group;
  AdwPreferencesGroup *event_group;
  AdwPreferencesGroup *evidence_group;
  AdwPreferencesGroup *source_group;
};

G_DEFINE_FINAL_TYPE (OtIncidentEditor, ot_incident_editor, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Names ------------------------------------------------------------------ */

static char *
fold (const char *text)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text));
  g_autofree char *normal = g_utf8_normalize (trimmed, -1, G_NORMALIZE_ALL);

  return g_utf8_casefold (normal ? normal : trimmed, -1);
}

/* The countries' and minerals' names in the user's language, which the
 * pickers offer and the loader's rules do not read: each maps to the
 * code or English name they do read.  Anything else is checked as typed. */
static void
build_names (OtIncidentEditor *self)
{
  self->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < ot_country_count (); i++)
    {
      const char *code = ot_country_nth (i);

      g_hash_table_insert (self->names, fold (ot_country_display_name (code)), (gpointer) code);
    }
  for (guint m = 0; m < ot_mineral_count (); m++)
    g_hash_table_insert (self->names, fold (ot_mineral_label (m)), (gpointer) ot_mineral_name (m));
}

/* The text the loader's rules are given for a field's text. */
static const char *
loader_word (OtIncidentEditor *self,
             Kind              kind,
             const char       *text)
{
  g_autofree char *key = NULL;
  const char *word;

  if (kind != KIND_MINERAL && kind != KIND_COUNTRY)
    return text;
  key = fold (text);
  word = g_hash_table_lookup (self->names, key);
  return word != NULL ? word : text;
}

/* A loader's word as the picker shows it: the localised name. */
static const char *
display_word (Kind        kind,
              const char *word)
{
  OtCountry country;
  OtMineral mineral;

  if (kind == KIND_COUNTRY && ot_country_parse (word, &country))
    return ot_country_display_name (country.code);
  if (kind == KIND_MINERAL && ot_mineral_parse (word, &mineral))
    return ot_mineral_label (mineral);
  return word;
}

/* Completion: the names containing what is typed, in any case. */
static gboolean
completion_match (GtkEntryCompletion *completion,
                  const char         *key,
                  GtkTreeIter        *iter,
                  gpointer            user_data)
{
  GtkTreeModel *model = gtk_entry_completion_get_model (completion);
  g_autofree char *name = NULL;
  g_autofree char *folded = NULL;
  g_autofree char *folded_key = fold (key);

  gtk_tree_model_get (model, iter, 0, &name, -1);
  folded = fold (name);
  return strstr (folded, folded_key) != NULL;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_utf8_collate (*(const char **) a, *(const char **) b);
}

/* GTK 4.8 leaves the completion's popup open when the keyboard leaves
 * its entry (Tab to the next field): it would float over the form and
 * follow a row scrolled out of sight.  Close it then. */
static void
on_entry_focus_leave (GtkEventControllerFocus *controller,
                      gpointer                 user_data)
{
  GtkWidget *entry = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));

  for (GtkWidget *child = gtk_widget_get_first_child (entry); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_POPOVER (child))
      gtk_popover_popdown (GTK_POPOVER (child));
}

static GtkEntryCompletion *
new_completion (Kind kind)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  GtkListStore *store = gtk_list_store_new (1, G_TYPE_STRING);
  GtkEntryCompletion *completion = gtk_entry_completion_new ();

  if (kind == KIND_COUNTRY)
    for (guint i = 0; i < ot_country_count (); i++)
      g_ptr_array_add (names, (gpointer) ot_country_display_name (ot_country_nth (i)));
  else
    for (guint m = 0; m < ot_mineral_count (); m++)
      g_ptr_array_add (names, (gpointer) ot_mineral_label (m));
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    gtk_list_store_insert_with_values (store, NULL, -1, 0, names->pdata[i], -1);

  gtk_entry_completion_set_model (completion, GTK_TREE_MODEL (store));
  g_object_unref (store);
  gtk_entry_completion_set_text_column (completion, 0);
  gtk_entry_completion_set_match_func (completion, completion_match, NULL, NULL);
  gtk_entry_completion_set_minimum_key_length (completion, 1);
  return completion;
}

/* Rows ------------------------------------------------------------------- */

/* A combo row's items: labels shown, words for the loader (NULL: not
 * given). */
static void
fill_choices (Field    *field,
              OtColumn  column)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);

  field->values = g_ptr_array_new_with_free_func (g_free);
#define ADD(label, value) \
  G_STMT_START { gtk_string_list_append (labels, label); \
                 g_ptr_array_add (field->values, g_strdup (value)); } G_STMT_END
  switch (column)
    {
    case OT_COLUMN_FORM:
      for (guint f = 0; f < OT_N_FORMS; f++)
        ADD (ot_form_label (f), f == OT_FORM_UNKNOWN ? NULL : ot_form_name (f));
      break;
    case OT_COLUMN_UNIT:
      for (guint i = 0; i < G_N_ELEMENTS (units); i++)
        ADD (units[i], units[i]);
      break;
    case OT_COLUMN_STATUS:
      for (guint s = 0; s < OT_N_STATUS; s++)
        ADD (ot_status_label (s), ot_status_name (s));
      break;
    case OT_COLUMN_CONFIDENCE:
      for (guint c = 0; c < OT_N_CONFIDENCE; c++)
        ADD (ot_filter_confidence_label (c), ot_confidence_name (c));
      break;
    case OT_COLUMN_RELIABILITY:
      for (char grade = 0; grade <= 'F'; grade = grade ? grade + 1 : 'A')
        {
          g_autofree char *label = ot_filter_reliability_label (grade);
          char word[2] = { grade, 0 };

          ADD (label, grade ? word : NULL);
        }
      break;
    case OT_COLUMN_CREDIBILITY:
      for (guint grade = 0; grade <= 6; grade++)
        {
          g_autofree char *label = ot_filter_credibility_label (grade);
          char word[2] = { '0' + grade, 0 };

          ADD (label, grade ? word : NULL);
        }
      break;
    default:
      g_assert_not_reached ();
    }
#undef ADD
  adw_combo_row_set_model (ADW_COMBO_ROW (field->row), G_LIST_MODEL (labels));
}

/* The row under a field: its hint or problem, in small type, joined to
 * the field (style.css: .ot-field-message). */
static GtkWidget *
new_message_row (GtkLabel **label)
{
  GtkWidget *row = adw_preferences_row_new ();

  *label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (*label, TRUE);
  gtk_label_set_wrap_mode (*label, PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (*label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (*label), "caption");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), GTK_WIDGET (*label));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_focusable (row, FALSE);
  gtk_widget_add_css_class (row, "ot-field-message");
  gtk_widget_set_visible (row, FALSE);
  return row;
}

static void check               (OtIncidentEditor *self);
static void on_widget_changed   (GObject          *widget,
                                 GParamSpec       *pspec,
                                 OtIncidentEditor *self);
static void on_editable_changed (GtkEditable      *editable,
                                 OtIncidentEditor *self);

static void
make_row (OtIncidentEditor *self,
          guint             i)
{
  Field *field = &self->fields[field_table[i].column];
  const char *title = _(field_table[i].title);
  GtkEventController *focus;
  GtkWidget *entry;

  field->kind = field_table[i].kind;
  field->hint = field_table[i].hint ? _(field_table[i].hint) : NULL;
  switch (field->kind)
    {
    case KIND_TEXT:
      field->row = adw_entry_row_new ();
      field->editable = GTK_EDITABLE (field->row);
      break;
    case KIND_MINERAL:
    case KIND_COUNTRY:
      field->row = adw_action_row_new ();
      entry = gtk_entry_new ();
      gtk_widget_set_valign (entry, GTK_ALIGN_CENTER);
      gtk_widget_set_hexpand (entry, TRUE);
      gtk_editable_set_width_chars (GTK_EDITABLE (entry), 24);
      gtk_entry_set_completion (GTK_ENTRY (entry), new_completion (field->kind));
      g_object_unref (gtk_entry_get_completion (GTK_ENTRY (entry)));
      focus = gtk_event_controller_focus_new ();
      g_signal_connect (focus, "leave", G_CALLBACK (on_entry_focus_leave), NULL);
      gtk_widget_add_controller (entry, focus);
      gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (field->row), entry);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (field->row), entry);
      field->editable = GTK_EDITABLE (entry);
      break;
    case KIND_CHOICE:
      field->row = adw_combo_row_new ();
      fill_choices (field, field_table[i].column);
      g_signal_connect (field->row, "notify::selected", G_CALLBACK (on_widget_changed), self);
      break;
    case KIND_SWITCH:
      field->row = adw_action_row_new ();
      field->toggle = GTK_SWITCH (gtk_switch_new ());
      gtk_widget_set_valign (GTK_WIDGET (field->toggle), GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (field->row), GTK_WIDGET (field->toggle));
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (field->row), GTK_WIDGET (field->toggle));
      g_signal_connect (field->toggle, "notify::active", G_CALLBACK (on_widget_changed), self);
      break;
    default:
      g_assert_not_reached ();
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (field->row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (field->row), FALSE);
  if (field->editable != NULL)
    g_signal_connect (field->editable, "changed", G_CALLBACK (on_editable_changed), self);

  field->message = new_message_row (&field->message_label);
}

static AdwPreferencesGroup *
group_widget (OtIncidentEditor *self,
              Group             group)
{
  switch (group)
    {
    case GROUP_WHAT: return self->what_group;
    case GROUP_ROUTE: return self->route_group;
    case GROUP_EVENT: return self->event_group;
    case GROUP_EVIDENCE: return self->evidence_group;
    case GROUP_SOURCE: return self->source_group;
    case N_GROUPS:
    default:
      g_return_val_if_reached (NULL);
    }
}

static void
build_rows (OtIncidentEditor *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (field_table); i++)
    {
      AdwPreferencesGroup *group = group_widget (self, field_table[i].group);
      Field *field = &self->fields[field_table[i].column];

      make_row (self, i);
      adw_preferences_group_add (group, field->row);
      adw_preferences_group_add (group, field->message);
      if (field_table[i].column == OT_COLUMN_CONSIGNEE)
        {
          self->place_message = new_message_row (&self->place_label);
          adw_preferences_group_add (group, self->place_message);
        }
    }
}

/* Reading and writing fields --------------------------------------------- */

char *
ot_incident_editor_dup_field (OtIncidentEditor *self,
                              OtColumn          column)
{
  Field *field;
  guint selected;

  g_return_val_if_fail (OT_IS_INCIDENT_EDITOR (self), NULL);
  g_return_val_if_fail (column < OT_N_COLUMNS, NULL);

  field = &self->fields[column];
  switch (field->kind)
    {
    case KIND_CHOICE:
      selected = adw_combo_row_get_selected (ADW_COMBO_ROW (field->row));
      return selected < field->values->len ? g_strdup (field->values->pdata[selected]) : NULL;
    case KIND_SWITCH:
      return g_strdup (gtk_switch_get_active (field->toggle) ? "true" : "false");
    case KIND_TEXT:
    case KIND_MINERAL:
    case KIND_COUNTRY:
    default:
      return g_strdup (gtk_editable_get_text (field->editable));
    }
}

/* Sets a field without checking or touching it. */
static void
fill_field (OtIncidentEditor *self,
            OtColumn          column,
            const char       *text)
{
  Field *field = &self->fields[column];

  switch (field->kind)
    {
    case KIND_CHOICE:
      for (guint i = 0; i < field->values->len; i++)
        if (g_strcmp0 (field->values->pdata[i], text) == 0 ||
            (text != NULL && field->values->pdata[i] != NULL &&
             g_ascii_strcasecmp (field->values->pdata[i], text) == 0))
          adw_combo_row_set_selected (ADW_COMBO_ROW (field->row), i);
      break;
    case KIND_SWITCH:
      gtk_switch_set_active (field->toggle, text != NULL && (g_ascii_strcasecmp (text, "true") == 0 ||
                                                             g_ascii_strcasecmp (text, "yes") == 0 ||
                                                             g_strcmp0 (text, "1") == 0));
      break;
    case KIND_TEXT:
    case KIND_MINERAL:
    case KIND_COUNTRY:
    default:
      gtk_editable_set_text (field->editable, text ? display_word (field->kind, text) : "");
      break;
    }
}

void
ot_incident_editor_set_field (OtIncidentEditor *self,
                              OtColumn          column,
                              const char       *text)
{
  g_return_if_fail (OT_IS_INCIDENT_EDITOR (self));
  g_return_if_fail (column < OT_N_COLUMNS);

  /* A text is set as typed (a country or mineral name as the picker's). */
  if (self->fields[column].editable != NULL)
    gtk_editable_set_text (self->fields[column].editable, text ? text : "");
  else
    fill_field (self, column, text);
  self->fields[column].touched = TRUE;
  check (self);
}

/* Checking --------------------------------------------------------------- */

static void
show_message (GtkWidget   *row,
              GtkLabel    *label,
              GtkWidget   *field_row,
              char       **shown,
              const char  *message,
              const char  *style)
{
  static const char *const styles[] = { "error", "warning", "dim-label" };

  g_free (*shown);
  *shown = g_strdup (message);
  for (guint i = 0; i < G_N_ELEMENTS (styles); i++)
    if (g_strcmp0 (styles[i], style) == 0)
      gtk_widget_add_css_class (GTK_WIDGET (label), styles[i]);
    else
      gtk_widget_remove_css_class (GTK_WIDGET (label), styles[i]);
  gtk_label_set_text (label, message ? message : "");
  gtk_widget_set_visible (row, message != NULL);
  if (field_row == NULL)
    return;
  if (message != NULL)
    gtk_widget_add_css_class (field_row, "ot-with-message");
  else
    gtk_widget_remove_css_class (field_row, "ot-with-message");
}

/* Each field's first problem (errors before warnings), under it: red once
 * the field was touched (or when editing an incident), dim before, so
 * an empty new form lists what it needs without shouting. */
static void
show_problems (OtIncidentEditor *self)
{
  GPtrArray *problems = ot_dataset_get_problems (self->checked);
  const OtProblem *first[OT_N_COLUMNS + 1] = { NULL };
  gboolean route_touched = self->index >= 0;

  for (guint i = 0; i < problems->len; i++)
    {
      const OtProblem *p = problems->pdata[i];
      OtColumn column = p->column ? ot_column_from_name (p->column) : OT_N_COLUMNS;

      if (first[column] == NULL || (first[column]->severity == OT_SEVERITY_WARNING &&
                                    p->severity == OT_SEVERITY_ERROR))
        first[column] = p;
    }

  for (guint c = 0; c < OT_N_COLUMNS; c++)
    {
      Field *field = &self->fields[c];
      const OtProblem *p = first[c];
      gboolean loud = field->touched || self->index >= 0;
      const char *style = NULL;

      if (p != NULL)
        style = !loud ? "dim-label" : p->severity == OT_SEVERITY_ERROR ? "error" : "warning";
      field->problem = p != NULL;
      show_message (field->message, field->message_label, field->row, &field->shown,
                    p ? p->message : field->hint, p ? style : "dim-label");
      if (p != NULL && p->severity == OT_SEVERITY_ERROR && loud)
        gtk_widget_add_css_class (field->row, "error");
      else
        gtk_widget_remove_css_class (field->row, "error");
      if (field->editable != NULL && field->kind != KIND_TEXT)
        {
          if (p != NULL && p->severity == OT_SEVERITY_ERROR && loud)
            gtk_widget_add_css_class (GTK_WIDGET (field->editable), "error");
          else
            gtk_widget_remove_css_class (GTK_WIDGET (field->editable), "error");
        }
      if (field->touched && (c == OT_COLUMN_ORIGIN || c == OT_COLUMN_VIA ||
                             c == OT_COLUMN_DESTINATION || c == OT_COLUMN_EVENT_COUNTRY))
        route_touched = TRUE;
    }
  show_message (self->place_message, self->place_label, NULL, &self->place_shown,
                first[OT_N_COLUMNS] ? first[OT_N_COLUMNS]->message : NULL,
                route_touched ? "error" : "dim-label");
}

/* The fields as the loader's rules read them. */
static void
check (OtIncidentEditor *self)
{
  OtFieldRules rules = { self->dataset, self->index, self->index < 0 };
  char *texts[OT_N_COLUMNS];
  const char *values[OT_N_COLUMNS];
  gboolean ok;

  for (guint c = 0; c < OT_N_COLUMNS; c++)
    {
      texts[c] = ot_incident_editor_dup_field (self, c);
      values[c] = texts[c] ? loader_word (self, self->fields[c].kind, texts[c]) : NULL;
    }
  /* The unit always shows one; it goes with a quantity only. */
  if (texts[OT_COLUMN_QUANTITY] == NULL || g_strstrip (texts[OT_COLUMN_QUANTITY])[0] == '\0')
    values[OT_COLUMN_UNIT] = NULL;
  g_clear_object (&self->checked);
  self->checked = ot_incident_fields_check (values, "", &rules);
  for (guint c = 0; c < OT_N_COLUMNS; c++)
    g_free (texts[c]);

  show_problems (self);
  ok = ot_dataset_get_n_incidents (self->checked) == 1;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.save", ok);
}

/* Typing or picking in a field touches it: its error shows in red. */
static void
on_widget_changed (GObject          *widget,
                   GParamSpec       *pspec,
                   OtIncidentEditor *self)
{
  if (self->filling)
    return;
  for (guint c = 0; c < OT_N_COLUMNS; c++)
    {
      Field *field = &self->fields[c];

      if (widget == (GObject *) field->row || widget == (GObject *) field->editable ||
          widget == (GObject *) field->toggle)
        field->touched = TRUE;
    }
  check (self);
}

static void
on_editable_changed (GtkEditable      *editable,
                     OtIncidentEditor *self)
{
  on_widget_changed (G_OBJECT (editable), NULL, self);
}

const char *
ot_incident_editor_get_message (OtIncidentEditor *self,
                                OtColumn          column)
{
  g_return_val_if_fail (OT_IS_INCIDENT_EDITOR (self), NULL);
  g_return_val_if_fail (column <= OT_N_COLUMNS, NULL);

  if (column == OT_N_COLUMNS)
    return self->place_shown;
  /* A hint is not a message. */
  if (!self->fields[column].problem)
    return NULL;
  return self->fields[column].shown;
}

GtkWidget *
ot_incident_editor_get_row (OtIncidentEditor *self,
                            OtColumn          column)
{
  g_return_val_if_fail (OT_IS_INCIDENT_EDITOR (self), NULL);
  g_return_val_if_fail (column < OT_N_COLUMNS, NULL);

  return self->fields[column].row;
}

gboolean
ot_incident_editor_can_save (OtIncidentEditor *self)
{
  g_return_val_if_fail (OT_IS_INCIDENT_EDITOR (self), FALSE);

  return self->checked != NULL && ot_dataset_get_n_incidents (self->checked) == 1;
}

OtDataset *
ot_incident_editor_get_dataset (OtIncidentEditor *self)
{
  g_return_val_if_fail (OT_IS_INCIDENT_EDITOR (self), NULL);

  return self->dataset;
}

gint
ot_incident_editor_get_index (OtIncidentEditor *self)
{
  g_return_val_if_fail (OT_IS_INCIDENT_EDITOR (self), -1);

  return self->index;
}

gboolean
ot_incident_editor_save (OtIncidentEditor *self)
{
  OtIncident incident;

  g_return_val_if_fail (OT_IS_INCIDENT_EDITOR (self), FALSE);

  if (!ot_incident_editor_can_save (self))
    return FALSE;
  incident = *ot_dataset_get_incident (self->checked, 0);
  if (self->index >= 0)
    {
      /* An edited record keeps where it came from and its extra columns. */
      const OtIncident *old = ot_dataset_get_incident (self->dataset, self->index);

      incident.file = old->file;
      incident.sheet = old->sheet;
      incident.line = old->line;
      incident.extras = old->extras;
      incident.n_extras = old->n_extras;
    }
  else
    {
      incident.file = NULL;
      incident.line = 0;
    }
  g_signal_emit (self, signals[SAVED], 0, &incident, self->index);
  gtk_window_close (GTK_WINDOW (self));
  return TRUE;
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ot_incident_editor_save (OT_INCIDENT_EDITOR (widget));
}

/* Prefilling --------------------------------------------------------------- */

static void
fill (OtIncidentEditor *self)
{
  self->filling = TRUE;
  if (self->index >= 0)
    {
      const OtIncident *incident = ot_dataset_get_incident (self->dataset, self->index);

      for (guint c = 0; c < OT_N_COLUMNS; c++)
        {
          g_autofree char *text = ot_writer_column_text (incident, c);

          fill_field (self, c, text);
        }
    }
  else
    {
      g_autofree char *id = ot_incident_fields_propose_id (self->dataset);

      fill_field (self, OT_COLUMN_ID, id);
      fill_field (self, OT_COLUMN_STATUS, ot_status_name (OT_STATUS_ALLEGED));
      fill_field (self, OT_COLUMN_CONFIDENCE, ot_confidence_name (OT_CONFIDENCE_MEDIUM));
    }
  self->filling = FALSE;
  check (self);
}

/* Keys -------------------------------------------------------------------- */

/* What takes the keyboard in field @i of field_table. */
static GtkWidget *
focus_target (OtIncidentEditor *self,
              guint             i)
{
  Field *field = &self->fields[field_table[i].column];

  if (field->editable != NULL)
    return GTK_WIDGET (field->editable);
  if (field->toggle != NULL)
    return GTK_WIDGET (field->toggle);
  return field->row;
}

/* Tab and Shift+Tab go from field to field, across the groups; a list
 * box alone would leave each group at the first Tab. */
static gboolean
on_key_pressed (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                OtIncidentEditor      *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  gboolean back = keyval == GDK_KEY_ISO_Left_Tab || (state & GDK_SHIFT_MASK) != 0;

  if ((keyval != GDK_KEY_Tab && keyval != GDK_KEY_ISO_Left_Tab && keyval != GDK_KEY_KP_Tab) ||
      (state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0 || focus == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (field_table); i++)
    {
      GtkWidget *row = self->fields[field_table[i].column].row;

      if (focus != row && !gtk_widget_is_ancestor (focus, row))
        continue;
      if ((back && i == 0) || (!back && i + 1 == G_N_ELEMENTS (field_table)))
        return FALSE;
      return gtk_widget_grab_focus (focus_target (self, back ? i - 1 : i + 1));
    }
  return FALSE;
}

/* Object ------------------------------------------------------------------ */

/* Typing starts at the date of a new incident (its id is proposed), at
 * the id of an edited one. */
static void
ot_incident_editor_map (GtkWidget *widget)
{
  OtIncidentEditor *self = OT_INCIDENT_EDITOR (widget);
  OtColumn first = self->index < 0 ? OT_COLUMN_DATE : OT_COLUMN_ID;

  GTK_WIDGET_CLASS (ot_incident_editor_parent_class)->map (widget);
  gtk_widget_grab_focus (GTK_WIDGET (self->fields[first].editable));
}

static void
ot_incident_editor_dispose (GObject *object)
{
  OtIncidentEditor *self = OT_INCIDENT_EDITOR (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), OT_TYPE_INCIDENT_EDITOR);
  for (guint c = 0; c < OT_N_COLUMNS; c++)
    {
      g_clear_pointer (&self->fields[c].values, g_ptr_array_unref);
      g_clear_pointer (&self->fields[c].shown, g_free);
    }
  g_clear_pointer (&self->place_shown, g_free);
  g_clear_pointer (&self->names, g_hash_table_unref);
  g_clear_object (&self->checked);
  g_clear_object (&self->dataset);

  G_OBJECT_CLASS (ot_incident_editor_parent_class)->dispose (object);
}

static void
ot_incident_editor_class_init (OtIncidentEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ot_incident_editor_dispose;
  widget_class->map = ot_incident_editor_map;

  /**
   * OtIncidentEditor::saved:
   * @incident: (type gpointer): the checked incident (a const OtIncident *,
   *   valid during the emission; its strings belong to the editor)
   * @index: the edited incident's index, or -1 for a new one
   */
  signals[SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_POINTER, G_TYPE_INT);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/ot-incident-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, OtIncidentEditor, what_group);
  gtk_widget_class_bind_template_child (widget_class, OtIncidentEditor, route_group);
  gtk_widget_class_bind_template_child (widget_class, OtIncidentEditor, event_group);
  gtk_widget_class_bind_template_child (widget_class, OtIncidentEditor, evidence_group);
  gtk_widget_class_bind_template_child (widget_class, OtIncidentEditor, source_group);

  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "editor.save", NULL);
}

static void
ot_incident_editor_init (OtIncidentEditor *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->index = -1;
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
  build_names (self);
  build_rows (self);
}

OtIncidentEditor *
ot_incident_editor_new (GtkWindow *parent,
                        OtDataset *dataset,
                        gint       index)
{
  OtIncidentEditor *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (OT_IS_DATASET (dataset), NULL);
  g_return_val_if_fail (index < (gint) ot_dataset_get_n_incidents (dataset), NULL);

  self = g_object_new (OT_TYPE_INCIDENT_EDITOR,
                       "transient-for", parent,
                       "title", index >= 0 ? _("Edit Incident") : _("New Incident"),
                       NULL);
  self->dataset = g_object_ref (dataset);
  self->index = index < 0 ? -1 : index;
  fill (self);
  return self;
}
