/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ot-filter-sidebar.h"
#include "ot-facets.h"
#include "ot-workspace.h"

#include <glib/gi18n.h>
#include <string.h>

/* One row of the sidebar: a value of one part of the filter. */
typedef struct {
  OtFilterPart      part;
  char             *key;
  guint             value;
  GtkWidget        *row;
  GtkLabel         *count;
  GtkCheckButton   *check;      /* minerals ... declared-as, grades */
  GtkSwitch        *toggle;     /* illustrative records shown */
  GtkToggleButton  *include;    /* countries, companies */
  GtkToggleButton  *exclude;
  gboolean          folded;     /* past the first rows: hidden until expanded */
} Entry;

struct _OtFilterSidebar
{
  GtkWidget        parent_instance;

  OtWorkspace     *workspace;   /* owns the filter and the period */
  OtDataset       *dataset;     /* the workspace's, as last shown */
  OtFilter        *filter;      /* the workspace's effective filter (the
                                 * period in it), as last shown: a copy to
                                 * draw from, never changed here */
  OtFacets        *facets;      /* of the dataset, recounted per filter */
  GCancellable    *facets_cancellable;   /* set while they are built */
  GtkWidget       *expand_rows[OT_N_FILTER_PARTS];   /* "Show N more" */
  gboolean         expanded[OT_N_FILTER_PARTS];
  GPtrArray       *entries;     /* of Entry */
  gboolean         syncing;     /* TRUE while widgets follow the filter */
  gboolean         frames;      /* counts come with frames (a window's) */
  OtFrame         *frame;       /* the last one, whose facets are shown */
  /* Rows are added a few per main-loop iteration (rebuild ()): where the
   * next one comes from, and the idle source adding them. */
  guint            rebuild_part;
  guint            rebuild_item;
  guint            rebuild_source;

  /* Template children */
  GtkWidget       *scroller;
  GtkLabel        *summary_label;
  GtkLabel        *caption_label;
  GtkListBox      *minerals_list;
  GtkListBox      *status_list;
  GtkListBox      *confidence_list;
  GtkWidget       *confidence_group;
  GtkListBox      *methods_list;
  GtkListBox      *declared_list;
  GtkListBox      *countries_list;
  GtkListBox      *companies_list;
  GtkListBox      *illustrative_list;
  GtkListBox      *reliability_list;
  GtkListBox      *credibility_list;
  GtkWidget       *methods_group;
  GtkWidget       *declared_group;
  GtkWidget       *countries_group;
  GtkWidget       *companies_group;
  GtkWidget       *illustrative_group;
  GtkWidget       *reliability_group;
  GtkWidget       *credibility_group;
  GtkAdjustment   *min_kg_adjustment;
};

G_DEFINE_FINAL_TYPE (OtFilterSidebar, ot_filter_sidebar, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_DATASET,
  N_PROPS
};

enum {
  FILTER_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
entry_free (gpointer data)
{
  Entry *entry = data;

  g_free (entry->key);
  g_free (entry);
}

static GtkListBox *
list_for_part (OtFilterSidebar *self,
               OtFilterPart     part)
{
  switch (part)
    {
    case OT_FILTER_MINERALS: return self->minerals_list;
    case OT_FILTER_STATUSES: return self->status_list;
    case OT_FILTER_CONFIDENCE: return self->confidence_list;
    case OT_FILTER_METHODS: return self->methods_list;
    case OT_FILTER_DECLARED_AS: return self->declared_list;
    case OT_FILTER_COUNTRIES: return self->countries_list;
    case OT_FILTER_COMPANIES: return self->companies_list;
    case OT_FILTER_ILLUSTRATIVE: return self->illustrative_list;
    case OT_FILTER_RELIABILITY: return self->reliability_list;
    case OT_FILTER_CREDIBILITY: return self->credibility_list;
    case OT_FILTER_PERIOD:
    case OT_FILTER_MIN_KG:
    case OT_N_FILTER_PARTS:
    default:
      g_return_val_if_reached (NULL);
    }
}

static gboolean
entry_is_active (OtFilterSidebar *self,
                 const Entry     *entry)
{
  switch (entry->part)
    {
    case OT_FILTER_MINERALS:
      return ot_filter_has_minerals (self->filter) &&
             ot_filter_includes_mineral (self->filter, entry->value);
    case OT_FILTER_STATUSES:
      return ot_filter_has_part (self->filter, OT_FILTER_STATUSES) &&
             ot_filter_includes_status (self->filter, entry->value);
    case OT_FILTER_CONFIDENCE:
      return ot_filter_has_part (self->filter, OT_FILTER_CONFIDENCE) &&
             ot_filter_includes_confidence (self->filter, entry->value);
    case OT_FILTER_METHODS:
      return ot_filter_has_part (self->filter, OT_FILTER_METHODS) &&
             ot_filter_includes_method (self->filter, entry->key);
    case OT_FILTER_DECLARED_AS:
      return ot_filter_has_part (self->filter, OT_FILTER_DECLARED_AS) &&
             ot_filter_includes_declared_as (self->filter, entry->key);
    case OT_FILTER_RELIABILITY:
      return ot_filter_has_part (self->filter, OT_FILTER_RELIABILITY) &&
             ot_filter_includes_reliability (self->filter, (char) entry->value);
    case OT_FILTER_CREDIBILITY:
      return ot_filter_has_part (self->filter, OT_FILTER_CREDIBILITY) &&
             ot_filter_includes_credibility (self->filter, entry->value);
    case OT_FILTER_ILLUSTRATIVE:
      return ot_filter_has_part (self->filter, OT_FILTER_ILLUSTRATIVE);
    case OT_FILTER_COUNTRIES:
    case OT_FILTER_COMPANIES:
    case OT_FILTER_PERIOD:
    case OT_FILTER_MIN_KG:
    case OT_N_FILTER_PARTS:
    default:
      return FALSE;
    }
}

/* Drops the facets shown: our own, or the frame's. */
static void
clear_facets (OtFilterSidebar *self)
{
  if (self->frame != NULL)
    self->facets = NULL;
  g_clear_pointer (&self->frame, ot_frame_unref);
  g_clear_pointer (&self->facets, ot_facets_free);
}

/* Counts, check boxes and the summary follow the filter. */
static void
sync_widgets (OtFilterSidebar *self)
{
  OtFacets *facets = self->facets;
  g_autofree char *caption = NULL;
  g_autofree char *summary = NULL;
  guint n_total, n_matching = 0;

  self->syncing = TRUE;
  n_total = self->dataset ? ot_dataset_get_n_incidents (self->dataset) +
                            ot_dataset_get_n_summarised (self->dataset, NULL) : 0;
  /* With frames, the counts are the frame's (made off the main thread);
   * the ticks follow the filter at once, the counts when it lands. */
  if (facets && !self->frames)
    ot_facets_set_filter (facets, self->filter);

  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (self->entries, i);
      const OtFacetItem *item = facets ? ot_facets_find (facets, entry->part, entry->key) : NULL;
      guint count = item ? item->count : 0;
      g_autofree char *text = g_strdup_printf ("%'u", count);

      gtk_label_set_label (entry->count, text);
      if (entry->check)
        gtk_check_button_set_active (entry->check, entry_is_active (self, entry));
      else if (entry->toggle)
        gtk_switch_set_active (entry->toggle, ot_filter_get_show_illustrative (self->filter));
      else if (entry->part == OT_FILTER_COUNTRIES || entry->part == OT_FILTER_COMPANIES)
        {
          OtFilterMode mode = entry->part == OT_FILTER_COUNTRIES
            ? ot_filter_get_country (self->filter, entry->key)
            : ot_filter_get_company (self->filter, entry->key);

          gtk_toggle_button_set_active (entry->include, mode == OT_FILTER_INCLUDE);
          gtk_toggle_button_set_active (entry->exclude, mode == OT_FILTER_EXCLUDE);
        }
      /* Folded rows show when expanded, or when they take part. */
      gtk_widget_set_visible (entry->row, !entry->folded || self->expanded[entry->part] ||
                                          entry_is_active (self, entry) ||
                                          (entry->include && (gtk_toggle_button_get_active (entry->include) ||
                                                              gtk_toggle_button_get_active (entry->exclude))));
      /* A value nothing else lets through reads as dimmed. */
      if (count == 0 && !entry_is_active (self, entry))
        gtk_widget_add_css_class (entry->row, "dim-label");
      else
        gtk_widget_remove_css_class (entry->row, "dim-label");
    }
  gtk_adjustment_set_value (self->min_kg_adjustment, ot_filter_get_min_kg (self->filter));

  if (facets != NULL)
    n_matching = ot_facets_get_n_matching (facets);
  else if (self->dataset != NULL && !self->frames)   /* the facets are being built */
    g_free (ot_filter_apply (self->filter, self->dataset, &n_matching));
  if (facets != NULL || !self->frames)
    {
      summary = g_strdup_printf (ngettext ("%'u of %'u incident", "%'u of %'u incidents", n_total),
                                 n_matching, n_total);
      gtk_label_set_label (self->summary_label, summary);
    }
  caption = ot_filter_describe (self->filter);
  gtk_label_set_label (self->caption_label, caption ? caption : "");
  gtk_widget_set_visible (GTK_WIDGET (self->caption_label), caption != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sidebar.reset",
                                 !ot_filter_is_empty (self->filter));
  self->syncing = FALSE;
}

/* A copy of the workspace's filter (without the period) to change and
 * give back with ot_workspace_set_filter (): the sidebar only asks, and
 * follows the workspace's notifications like every other view of it. */
static OtFilter *
begin_edit (OtFilterSidebar *self)
{
  return ot_filter_copy (ot_workspace_get_filter (self->workspace));
}

static void
on_check_toggled (GtkCheckButton *check,
                  Entry          *entry)
{
  OtFilterSidebar *self = OT_FILTER_SIDEBAR (gtk_widget_get_ancestor (GTK_WIDGET (check),
                                                                      OT_TYPE_FILTER_SIDEBAR));
  gboolean active = gtk_check_button_get_active (check);
  g_autoptr(OtFilter) filter = NULL;

  if (self == NULL || self->syncing)
    return;

  filter = begin_edit (self);
  switch (entry->part)
    {
    case OT_FILTER_MINERALS:
      ot_filter_set_mineral (filter, entry->value, active);
      break;
    case OT_FILTER_STATUSES:
      ot_filter_set_status (filter, entry->value, active);
      break;
    case OT_FILTER_CONFIDENCE:
      ot_filter_set_confidence (filter, entry->value, active);
      break;
    case OT_FILTER_METHODS:
      ot_filter_set_method (filter, entry->key, active);
      break;
    case OT_FILTER_DECLARED_AS:
      ot_filter_set_declared_as (filter, entry->key, active);
      break;
    case OT_FILTER_RELIABILITY:
      ot_filter_set_reliability (filter, (char) entry->value, active);
      break;
    case OT_FILTER_CREDIBILITY:
      ot_filter_set_credibility (filter, entry->value, active);
      break;
    case OT_FILTER_ILLUSTRATIVE:
    case OT_FILTER_COUNTRIES:
    case OT_FILTER_COMPANIES:
    case OT_FILTER_PERIOD:
    case OT_FILTER_MIN_KG:
    case OT_N_FILTER_PARTS:
    default:
      g_return_if_reached ();
    }
  ot_workspace_set_filter (self->workspace, filter);
}

static void
on_mode_toggled (GtkToggleButton *button,
                 Entry           *entry)
{
  OtFilterSidebar *self = OT_FILTER_SIDEBAR (gtk_widget_get_ancestor (GTK_WIDGET (button),
                                                                      OT_TYPE_FILTER_SIDEBAR));
  OtFilterMode mode = OT_FILTER_ANY;
  g_autoptr(OtFilter) filter = NULL;

  if (self == NULL || self->syncing)
    return;

  if (gtk_toggle_button_get_active (button))
    mode = button == entry->include ? OT_FILTER_INCLUDE : OT_FILTER_EXCLUDE;
  filter = begin_edit (self);
  if (entry->part == OT_FILTER_COUNTRIES)
    ot_filter_set_country (filter, entry->key, mode);
  else
    ot_filter_set_company (filter, entry->key, mode);
  ot_workspace_set_filter (self->workspace, filter);
}

static void
on_illustrative_switched (GtkSwitch  *toggle,
                          GParamSpec *pspec,
                          Entry      *entry)
{
  OtFilterSidebar *self = OT_FILTER_SIDEBAR (gtk_widget_get_ancestor (GTK_WIDGET (toggle),
                                                                      OT_TYPE_FILTER_SIDEBAR));

  g_autoptr(OtFilter) filter = NULL;

  if (self == NULL || self->syncing)
    return;
  filter = begin_edit (self);
  ot_filter_set_show_illustrative (filter, gtk_switch_get_active (toggle));
  ot_workspace_set_filter (self->workspace, filter);
}

static void
draw_swatch (GtkDrawingArea *area,
             cairo_t        *cr,
             int             width,
             int             height,
             gpointer        data)
{
  double r, g, b;
  double radius = MIN (width, height) / 2.0;

  ot_mineral_color_for_theme (GPOINTER_TO_UINT (data),
                              adw_style_manager_get_dark (adw_style_manager_get_default ()),
                              &r, &g, &b);
  cairo_arc (cr, width / 2.0, height / 2.0, radius - 0.5, 0, 2 * G_PI);
  cairo_set_source_rgb (cr, r, g, b);
  cairo_fill_preserve (cr);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.25);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);
}

static GtkWidget *
new_swatch (OtMineral mineral)
{
  GtkWidget *area = gtk_drawing_area_new ();

  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (area), 14);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (area), 14);
  gtk_widget_set_valign (area, GTK_ALIGN_CENTER);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (area), draw_swatch,
                                  GUINT_TO_POINTER (mineral), NULL);
  return area;
}

/* An icon-only toggle; @label names its row's value for a screen reader
 * (the tooltip is the same for every row). */
static GtkToggleButton *
new_mode_button (const char *icon,
                 const char *tooltip,
                 const char *label)
{
  GtkWidget *button = gtk_toggle_button_new ();

  gtk_button_set_icon_name (GTK_BUTTON (button), icon);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "circular");
  return GTK_TOGGLE_BUTTON (button);
}

static void
add_entry (OtFilterSidebar   *self,
           OtFilterPart       part,
           const OtFacetItem *item)
{
  Entry *entry = g_new0 (Entry, 1);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *count = gtk_label_new (NULL);

  entry->part = part;
  entry->key = g_strdup (item->key);
  entry->value = item->value;
  entry->row = row;
  entry->count = GTK_LABEL (count);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), item->label);
  if (part == OT_FILTER_ILLUSTRATIVE)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Show illustrative records"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Made-up examples, not reported facts"));
    }
  gtk_widget_add_css_class (count, "dim-label");
  gtk_widget_add_css_class (count, "numeric");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), count);
  if (part == OT_FILTER_MINERALS)
    adw_action_row_add_prefix (ADW_ACTION_ROW (row), new_swatch (item->value));

  if (part == OT_FILTER_COUNTRIES || part == OT_FILTER_COMPANIES)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
      /* TRANSLATORS: a screen reader's name of a filter button; %s: a country or company. */
      g_autofree char *only = g_strdup_printf (_("Only incidents involving %s"), item->label);
      /* TRANSLATORS: a screen reader's name of a filter button; %s: a country or company. */
      g_autofree char *hide = g_strdup_printf (_("Hide incidents involving %s"), item->label);

      entry->include = new_mode_button ("object-select-symbolic", _("Only incidents involving it"), only);
      entry->exclude = new_mode_button ("list-remove-symbolic", _("Hide incidents involving it"), hide);
      gtk_box_append (GTK_BOX (box), GTK_WIDGET (entry->include));
      gtk_box_append (GTK_BOX (box), GTK_WIDGET (entry->exclude));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), box);
      g_signal_connect (entry->include, "toggled", G_CALLBACK (on_mode_toggled), entry);
      g_signal_connect (entry->exclude, "toggled", G_CALLBACK (on_mode_toggled), entry);
    }
  else if (part == OT_FILTER_ILLUSTRATIVE)
    {
      GtkWidget *toggle = gtk_switch_new ();

      entry->toggle = GTK_SWITCH (toggle);
      gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (toggle),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Show illustrative records"),
                                      -1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
      g_signal_connect (toggle, "notify::active", G_CALLBACK (on_illustrative_switched), entry);
    }
  else
    {
      GtkWidget *check = gtk_check_button_new ();

      entry->check = GTK_CHECK_BUTTON (check);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      g_signal_connect (check, "toggled", G_CALLBACK (on_check_toggled), entry);
    }

  gtk_list_box_append (list_for_part (self, part), row);
  g_ptr_array_add (self->entries, entry);
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
update_expand_row (OtFilterSidebar *self,
                   OtFilterPart     part,
                   guint            n_folded)
{
  GtkWidget *row = self->expand_rows[part];
  g_autofree char *text = NULL;

  if (self->expanded[part])
    text = g_strdup (_("Show fewer"));
  else
    text = g_strdup_printf (ngettext ("Show %'u more", "Show %'u more", n_folded), n_folded);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text);
}

static void
on_expand_activated (AdwActionRow    *row,
                     OtFilterSidebar *self)
{
  OtFilterPart part = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "ot-part"));

  self->expanded[part] = !self->expanded[part];
  update_expand_row (self, part, GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "ot-folded")));
  sync_widgets (self);
}

/* The last row of a long list: shows or hides the rows past the first. */
static void
add_expand_row (OtFilterSidebar *self,
                OtFilterPart     part,
                guint            n_folded)
{
  GtkWidget *row = adw_action_row_new ();

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data (G_OBJECT (row), "ot-part", GUINT_TO_POINTER (part));
  g_object_set_data (G_OBJECT (row), "ot-folded", GUINT_TO_POINTER (n_folded));
  g_signal_connect (row, "activated", G_CALLBACK (on_expand_activated), self);
  gtk_widget_add_css_class (row, "ot-expand-row");
  self->expand_rows[part] = row;
  self->expanded[part] = FALSE;
  update_expand_row (self, part, n_folded);
  gtk_list_box_append (list_for_part (self, part), row);
}

static void
add_more_row (GtkListBox *list,
              guint       n_more)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *text = g_strdup_printf (ngettext ("%'u more not listed", "%'u more not listed",
                                                     n_more), n_more);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text);
  gtk_widget_add_css_class (row, "dim-label");
  gtk_list_box_append (list, row);
}

static gboolean
has_grades (OtFacets     *facets,
            OtFilterPart  part)
{
  for (guint i = 0; facets && i < ot_facets_get_n_items (facets, part); i++)
    if (ot_facets_get_item (facets, part, i)->value != 0)
      return TRUE;
  return FALSE;
}

/* The lists, in the order rebuild () fills them. */
static const OtFilterPart rebuild_parts[] = {
  OT_FILTER_MINERALS, OT_FILTER_STATUSES, OT_FILTER_CONFIDENCE, OT_FILTER_METHODS,
  OT_FILTER_DECLARED_AS, OT_FILTER_COUNTRIES, OT_FILTER_COMPANIES,
  OT_FILTER_ILLUSTRATIVE, OT_FILTER_RELIABILITY, OT_FILTER_CREDIBILITY,
};

/* Rows a main-loop iteration adds: about 0.5 ms each (an AdwActionRow
 * with its check box and count), so a dataset with every list full (some
 * 200 rows at 1M generated incidents) never holds the main thread for
 * more than a frame's worth at once (docs/performance.md, issue 16). */
#define REBUILD_ROWS_PER_ITERATION 24

static gboolean
part_is_limited (OtFilterPart part)
{
  return part == OT_FILTER_METHODS || part == OT_FILTER_DECLARED_AS ||
         part == OT_FILTER_COUNTRIES || part == OT_FILTER_COMPANIES;
}

/* Adds up to @budget rows from where the last call stopped; TRUE when
 * every list is full, the groups shown and the widgets synced. */
static gboolean
rebuild_some (OtFilterSidebar *self,
              guint            budget)
{
  OtFacets *facets = self->facets;

  while (facets != NULL && self->rebuild_part < G_N_ELEMENTS (rebuild_parts))
    {
      OtFilterPart part = rebuild_parts[self->rebuild_part];
      guint n = ot_facets_get_n_items (facets, part);
      gboolean limited = part_is_limited (part);
      guint shown = limited ? MIN (n, OT_FILTER_SIDEBAR_MAX_ROWS) : n;

      for (; self->rebuild_item < shown; self->rebuild_item++)
        {
          guint i = self->rebuild_item;

          if (budget == 0)
            return FALSE;
          /* One switch for illustrative records, none for reported ones. */
          if (part == OT_FILTER_ILLUSTRATIVE &&
              ot_facets_get_item (facets, part, i)->value == 0)
            continue;
          add_entry (self, part, ot_facets_get_item (facets, part, i));
          ((Entry *) g_ptr_array_index (self->entries, self->entries->len - 1))->folded =
            limited && i >= OT_FILTER_SIDEBAR_FOLDED_ROWS && shown > OT_FILTER_SIDEBAR_FOLDED_ROWS + 1;
          budget--;
        }
      if (shown < n)
        add_more_row (list_for_part (self, part), n - shown);
      if (limited && shown > OT_FILTER_SIDEBAR_FOLDED_ROWS + 1)
        add_expand_row (self, part, shown - OT_FILTER_SIDEBAR_FOLDED_ROWS);
      self->rebuild_part++;
      self->rebuild_item = 0;
    }

  /* (A summary of a team store has no confidence levels.) */
  gtk_widget_set_visible (self->confidence_group, gtk_widget_get_first_child (GTK_WIDGET (self->confidence_list)) != NULL);
  gtk_widget_set_visible (self->methods_group, gtk_widget_get_first_child (GTK_WIDGET (self->methods_list)) != NULL);
  gtk_widget_set_visible (self->declared_group, gtk_widget_get_first_child (GTK_WIDGET (self->declared_list)) != NULL);
  gtk_widget_set_visible (self->countries_group, gtk_widget_get_first_child (GTK_WIDGET (self->countries_list)) != NULL);
  gtk_widget_set_visible (self->companies_group, gtk_widget_get_first_child (GTK_WIDGET (self->companies_list)) != NULL);
  gtk_widget_set_visible (self->illustrative_group, gtk_widget_get_first_child (GTK_WIDGET (self->illustrative_list)) != NULL);
  /* A file without grades has only "Not given": nothing to choose. */
  gtk_widget_set_visible (self->reliability_group, has_grades (facets, OT_FILTER_RELIABILITY));
  gtk_widget_set_visible (self->credibility_group, has_grades (facets, OT_FILTER_CREDIBILITY));
  sync_widgets (self);
  return TRUE;
}

static gboolean
rebuild_idle (gpointer user_data)
{
  OtFilterSidebar *self = user_data;

  if (!rebuild_some (self, REBUILD_ROWS_PER_ITERATION))
    {
      sync_widgets (self);
      return G_SOURCE_CONTINUE;
    }
  self->rebuild_source = 0;
  return G_SOURCE_REMOVE;
}

/* New values (a new dataset's facets): the rows start again, the first
 * ones at once and the rest over the next main-loop iterations, between
 * frames, so that a million incidents' lists never stall the window. */
static void
rebuild (OtFilterSidebar *self)
{
  g_clear_handle_id (&self->rebuild_source, g_source_remove);
  for (guint p = 0; p < G_N_ELEMENTS (rebuild_parts); p++)
    clear_list (list_for_part (self, rebuild_parts[p]));
  g_ptr_array_set_size (self->entries, 0);
  memset (self->expand_rows, 0, sizeof self->expand_rows);
  self->rebuild_part = 0;
  self->rebuild_item = 0;
  if (!rebuild_some (self, REBUILD_ROWS_PER_ITERATION))
    {
      sync_widgets (self);
      self->rebuild_source = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, rebuild_idle, self, NULL);
    }
}

/* Facets in a worker ---------------------------------------------------------
 * Finding every value of a dataset takes about 0.1 s at 100 000
 * incidents; the dataset is immutable, so a worker builds them and the
 * rows appear when they land, if the dataset is still the sidebar's.
 * Meanwhile the lists are empty, the filter works as usual and the
 * summary counts with ot_filter_apply(). */

typedef struct {
  GWeakRef   sidebar;
  OtDataset *dataset;
  gint64     started;   /* monotonic µs, for the debug log */
} FacetsData;

static void
facets_data_free (FacetsData *data)
{
  g_weak_ref_clear (&data->sidebar);
  g_clear_object (&data->dataset);
  g_free (data);
}

static void
facets_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  FacetsData *data = task_data;

  g_task_return_pointer (task, ot_facets_new (data->dataset, NULL), (GDestroyNotify) ot_facets_free);
}

static void
on_facets_built (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  FacetsData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(OtFilterSidebar) self = g_weak_ref_get (&data->sidebar);
  g_autoptr(OtFacets) facets = g_task_propagate_pointer (G_TASK (result), NULL);

  /* Cancelled (another dataset came, or the sidebar went), or stale. */
  if (self == NULL || facets == NULL || data->dataset != self->dataset || self->frames)
    return;
  g_debug ("Facets of %u incidents: %.0f ms", ot_dataset_get_n_incidents (data->dataset),
           (g_get_monotonic_time () - data->started) / 1000.0);
  g_clear_object (&self->facets_cancellable);
  clear_facets (self);
  self->facets = g_steal_pointer (&facets);
  rebuild (self);
}

static void
build_facets (OtFilterSidebar *self)
{
  g_autoptr(GTask) task = NULL;
  FacetsData *data;

  if (self->facets_cancellable != NULL)
    g_cancellable_cancel (self->facets_cancellable);
  g_clear_object (&self->facets_cancellable);
  clear_facets (self);
  if (self->dataset == NULL)
    return;

  self->facets_cancellable = g_cancellable_new ();
  data = g_new0 (FacetsData, 1);
  g_weak_ref_init (&data->sidebar, self);
  data->dataset = g_object_ref (self->dataset);
  data->started = g_get_monotonic_time ();
  task = g_task_new (NULL, self->facets_cancellable, on_facets_built, NULL);
  g_task_set_source_tag (task, build_facets);
  g_task_set_task_data (task, data, (GDestroyNotify) facets_data_free);
  g_task_run_in_thread (task, facets_thread);
}

static void
on_min_kg_changed (OtFilterSidebar *self,
                   GtkSpinButton   *spin)
{
  g_autoptr(OtFilter) filter = NULL;

  if (self->syncing)
    return;
  filter = begin_edit (self);
  ot_filter_set_min_kg (filter, gtk_spin_button_get_value (spin));
  ot_workspace_set_filter (self->workspace, filter);
}

static void
set_all_minerals (OtFilterSidebar *self,
                  gboolean         ticked)
{
  g_autoptr(OtFilter) filter = begin_edit (self);

  ot_filter_clear_part (filter, OT_FILTER_MINERALS);
  for (guint i = 0; ticked && i < self->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (self->entries, i);

      if (entry->part == OT_FILTER_MINERALS)
        ot_filter_set_mineral (filter, entry->value, TRUE);
    }
  ot_workspace_set_filter (self->workspace, filter);
}

static void
all_minerals_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  /* No mineral ticked already means all of them: clearing is "All". */
  set_all_minerals (OT_FILTER_SIDEBAR (widget), FALSE);
}

static void
reset_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  ot_filter_sidebar_reset (OT_FILTER_SIDEBAR (widget));
}

static void
ot_filter_sidebar_dispose (GObject *object)
{
  OtFilterSidebar *self = OT_FILTER_SIDEBAR (object);

  g_clear_handle_id (&self->rebuild_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), OT_TYPE_FILTER_SIDEBAR);
  if (self->facets_cancellable != NULL)
    g_cancellable_cancel (self->facets_cancellable);
  g_clear_object (&self->facets_cancellable);
  if (self->workspace != NULL)
    g_signal_handlers_disconnect_by_data (self->workspace, self);
  g_clear_object (&self->workspace);
  g_clear_object (&self->dataset);

  G_OBJECT_CLASS (ot_filter_sidebar_parent_class)->dispose (object);
}

static void
ot_filter_sidebar_finalize (GObject *object)
{
  OtFilterSidebar *self = OT_FILTER_SIDEBAR (object);

  g_clear_pointer (&self->entries, g_ptr_array_unref);
  g_clear_pointer (&self->filter, ot_filter_free);
  clear_facets (self);

  G_OBJECT_CLASS (ot_filter_sidebar_parent_class)->finalize (object);
}

static void
ot_filter_sidebar_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  OtFilterSidebar *self = OT_FILTER_SIDEBAR (object);

  switch (prop_id)
    {
    case PROP_DATASET:
      g_value_set_object (value, self->dataset);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ot_filter_sidebar_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  OtFilterSidebar *self = OT_FILTER_SIDEBAR (object);

  switch (prop_id)
    {
    case PROP_DATASET:
      ot_filter_sidebar_set_dataset (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ot_filter_sidebar_class_init (OtFilterSidebarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ot_filter_sidebar_dispose;
  object_class->finalize = ot_filter_sidebar_finalize;
  object_class->get_property = ot_filter_sidebar_get_property;
  object_class->set_property = ot_filter_sidebar_set_property;

  properties[PROP_DATASET] =
    g_param_spec_object ("dataset", NULL, NULL, OT_TYPE_DATASET,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * OtFilterSidebar::filter-changed:
   *
   * The filter changed; read it with ot_filter_sidebar_get_filter().
   */
  signals[FILTER_CHANGED] =
    g_signal_new ("filter-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/ot-filter-sidebar.ui");
  gtk_widget_class_bind_template_child (widget_class, OtFilterSidebar, scroller);
  gtk_widget_class_bind_template_child (widget_class, OtFilterSidebar, summary_label);
  gtk_widget_class_bind_template_child (widget_class, OtFilterSidebar, caption_label);
  gtk_widget_class_bind_template_child (widget_class, OtFilterSidebar, minerals_list);
  gtk_widget_class_bind_template_child (widget_class, OtFilterSidebar, status_list);
  gtk_widget_class_bind_template_child (widget_class, OtFilterSidebar, confidence_list);
  gtk_widget_class_bind_template_child (widget_class, OtFilterSidebar, confidence_group);
  gtk_widget_class_bind_template_child (widget_class, OtFilterSidebar, methods_list);
  gtk_widget_class_bind_template_child (widget_class, OtFilterSidebar, declared_list);
  gtk_widget_class_bind_template_child (widget_class, OtFilterSidebar, countries_list);
  gtk_widget_class_bind_template_child (widget_class, OtFilterSidebar, companies_list);
  gtk_widget_class_bind_template_child (widget_class, OtFilterSidebar, methods_group);
  gtk_widget_class_bind_template_child (widget_class, OtFilterSidebar, declared_group);
  gtk_widget_class_bind_template_child (widget_class, OtFilterSidebar, countries_group);
  gtk_widget_class_bind_template_child (widget_class, OtFilterSidebar, companies_group);
  gtk_widget_class_bind_template_child (widget_class, OtFilterSidebar, illustrative_list);
  gtk_widget_class_bind_template_child (widget_class, OtFilterSidebar, reliability_list);
  gtk_widget_class_bind_template_child (widget_class, OtFilterSidebar, credibility_list);
  gtk_widget_class_bind_template_child (widget_class, OtFilterSidebar, illustrative_group);
  gtk_widget_class_bind_template_child (widget_class, OtFilterSidebar, reliability_group);
  gtk_widget_class_bind_template_child (widget_class, OtFilterSidebar, credibility_group);
  gtk_widget_class_bind_template_child (widget_class, OtFilterSidebar, min_kg_adjustment);
  gtk_widget_class_bind_template_callback (widget_class, on_min_kg_changed);

  gtk_widget_class_install_action (widget_class, "sidebar.all-minerals", NULL, all_minerals_action);
  gtk_widget_class_install_action (widget_class, "sidebar.reset", NULL, reset_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "ot-filter-sidebar");
}

static void
ot_filter_sidebar_init (OtFilterSidebar *self)
{
  self->filter = ot_filter_new ();
  self->entries = g_ptr_array_new_with_free_func (entry_free);
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Its own workspace until the window gives it the window's. */
  ot_filter_sidebar_set_workspace (self, NULL);
}

GtkWidget *
ot_filter_sidebar_new (void)
{
  return g_object_new (OT_TYPE_FILTER_SIDEBAR, NULL);
}

/* The workspace's dataset, filter or period changed: counts, ticks and
 * the summary follow, and "filter-changed" says so. */
static void
on_workspace_notify (OtWorkspace     *workspace,
                     GParamSpec      *pspec,
                     OtFilterSidebar *self)
{
  OtDataset *dataset = ot_workspace_get_dataset (workspace);

  g_clear_pointer (&self->filter, ot_filter_free);
  self->filter = ot_workspace_dup_effective_filter (workspace);
  if (g_set_object (&self->dataset, dataset))
    {
      if (self->frames)
        clear_facets (self);   /* the next frame's */
      else
        build_facets (self);
      rebuild (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATASET]);
    }
  else
    sync_widgets (self);
  g_signal_emit (self, signals[FILTER_CHANGED], 0);
}

void
ot_filter_sidebar_set_workspace (OtFilterSidebar *self,
                                 OtWorkspace     *workspace)
{
  g_autoptr(OtWorkspace) own = NULL;

  g_return_if_fail (OT_IS_FILTER_SIDEBAR (self));
  g_return_if_fail (workspace == NULL || OT_IS_WORKSPACE (workspace));

  if (workspace == NULL)
    workspace = own = ot_workspace_new ();
  if (self->workspace == workspace)
    return;
  if (self->workspace != NULL)
    g_signal_handlers_disconnect_by_data (self->workspace, self);
  g_set_object (&self->workspace, workspace);
  g_signal_connect (workspace, "notify::dataset", G_CALLBACK (on_workspace_notify), self);
  g_signal_connect (workspace, "notify::filter", G_CALLBACK (on_workspace_notify), self);
  g_signal_connect (workspace, "notify::period", G_CALLBACK (on_workspace_notify), self);
  g_clear_pointer (&self->filter, ot_filter_free);
  self->filter = ot_workspace_dup_effective_filter (workspace);
  if (g_set_object (&self->dataset, ot_workspace_get_dataset (workspace)))
    build_facets (self);
  rebuild (self);
}

OtWorkspace *
ot_filter_sidebar_get_workspace (OtFilterSidebar *self)
{
  g_return_val_if_fail (OT_IS_FILTER_SIDEBAR (self), NULL);
  return self->workspace;
}

void
ot_filter_sidebar_set_dataset (OtFilterSidebar *self,
                               OtDataset       *dataset)
{
  g_return_if_fail (OT_IS_FILTER_SIDEBAR (self));
  g_return_if_fail (dataset == NULL || OT_IS_DATASET (dataset));

  if (dataset == ot_workspace_get_dataset (self->workspace))
    return;
  /* A new dataset starts unfiltered: its values may not exist here.  One
   * batch of notifications: the sidebar follows them. */
  g_object_freeze_notify (G_OBJECT (self->workspace));
  ot_workspace_set_dataset (self->workspace, dataset);
  ot_workspace_reset (self->workspace);
  g_object_thaw_notify (G_OBJECT (self->workspace));
}

gboolean
ot_filter_sidebar_is_counting (OtFilterSidebar *self)
{
  g_return_val_if_fail (OT_IS_FILTER_SIDEBAR (self), FALSE);
  return self->facets_cancellable != NULL || self->rebuild_source != 0;
}

void
ot_filter_sidebar_follow_frames (OtFilterSidebar *self)
{
  g_return_if_fail (OT_IS_FILTER_SIDEBAR (self));

  self->frames = TRUE;
  if (self->facets_cancellable != NULL)
    g_cancellable_cancel (self->facets_cancellable);
  g_clear_object (&self->facets_cancellable);
}

void
ot_filter_sidebar_show_frame (OtFilterSidebar *self,
                              OtFrame         *frame)
{
  OtFacets *facets;
  gboolean new_values;

  g_return_if_fail (OT_IS_FILTER_SIDEBAR (self));
  g_return_if_fail (frame != NULL);

  facets = ot_frame_get_facets (frame);
  if (!self->frames || ot_facets_get_dataset (facets) != self->dataset)
    return;
  /* The values (the rows) change only with the dataset.  The frame's
   * facets are read, never recounted here (sync_widgets () with frames). */
  new_values = self->facets == NULL;
  clear_facets (self);
  self->frame = ot_frame_ref (frame);
  self->facets = facets;
  if (new_values)
    rebuild (self);
  else
    sync_widgets (self);
}

OtDataset *
ot_filter_sidebar_get_dataset (OtFilterSidebar *self)
{
  g_return_val_if_fail (OT_IS_FILTER_SIDEBAR (self), NULL);
  return self->dataset;
}

const OtFilter *
ot_filter_sidebar_get_filter (OtFilterSidebar *self)
{
  g_return_val_if_fail (OT_IS_FILTER_SIDEBAR (self), NULL);
  return self->filter;
}

void
ot_filter_sidebar_set_period (OtFilterSidebar *self,
                              guint32          from_day,
                              guint32          to_day)
{
  g_return_if_fail (OT_IS_FILTER_SIDEBAR (self));

  ot_workspace_set_period (self->workspace, from_day, to_day);
}

void
ot_filter_sidebar_reset (OtFilterSidebar *self)
{
  g_return_if_fail (OT_IS_FILTER_SIDEBAR (self));

  ot_workspace_reset (self->workspace);
}

void
ot_filter_sidebar_set_mineral (OtFilterSidebar *self,
                               OtMineral        mineral,
                               gboolean         active)
{
  g_autoptr(OtFilter) filter = NULL;

  g_return_if_fail (OT_IS_FILTER_SIDEBAR (self));

  if (ot_filter_has_minerals (self->filter) &&
      ot_filter_includes_mineral (self->filter, mineral) == active)
    return;
  filter = begin_edit (self);
  ot_filter_set_mineral (filter, mineral, active);
  ot_workspace_set_filter (self->workspace, filter);
}
