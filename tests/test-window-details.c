/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-window-details.c: provenance in one click (issue 16).  China
 * selected on the demo file, one of its incidents picked in the details
 * pane's list shows its whole record: id, date, route with every stop and
 * port, companies, declared-as, concealment, the source whole and its link,
 * empty fields left out, an illustrative record said to be one; every label
 * wraps, none is cut or hyphenated.  The pane opens beside the chart, which
 * keeps at least 60 % of the room, and its width, once dragged, is kept.
 * The German Export dialog shows its whole title. */
#include <glib/gi18n.h>
#include <locale.h>

#include "ot-details-pane.h"
#include "ot-export-dialog.h"
#include "ot-incident-row.h"
#include "window-fixture.h"

static void
load_samples (OtWindow *window)
{
  window_load_file (window, "data/samples/incidents.csv");
}

/* Selects the vertex named @name on the canvas, as a click does. */
static void
select_vertex (OtWindow   *window,
               const char *name)
{
  OtCanvas *canvas = ot_window_get_canvas (window);
  OtChart *chart = ot_window_get_chart (window);
  guint n = ot_scene_get_n_nodes (ot_canvas_get_scene (canvas));

  for (guint id = 0; id < n; id++)
    {
      g_autofree char *what = ot_chart_describe (chart, OT_HIT_NODE, id);

      if (what != NULL && g_str_has_prefix (what, name))
        {
          ot_canvas_select (canvas, OT_HIT_NODE, id);
          g_assert_true (wait_until (window_is_idle, window));
          return;
        }
    }
  g_assert_not_reached ();
}

/* The mapped label under @root showing exactly @text, or NULL. */
static GtkLabel *
label_with_text (GtkWidget  *root,
                 const char *text)
{
  g_autoptr(GPtrArray) labels = find_widgets (root, GTK_TYPE_LABEL);

  for (guint i = 0; i < labels->len; i++)
    if (gtk_widget_get_mapped (labels->pdata[i]) &&
        g_strcmp0 (gtk_label_get_text (labels->pdata[i]), text) == 0)
      return labels->pdata[i];
  return NULL;
}

typedef struct {
  GtkWidget  *root;
  const char *text;
} LabelWait;

static gboolean
label_shown (gpointer data)
{
  LabelWait *wait = data;

  return label_with_text (wait->root, wait->text) != NULL;
}

/* Wraps, is never ellipsized, never inserts hyphens, and shows its whole
 * text in the width it was given. */
static void
assert_whole (GtkLabel *label)
{
  PangoAttrList *attrs = gtk_label_get_attributes (label);
  gboolean no_hyphens = FALSE;

  g_assert_true (gtk_label_get_wrap (label));
  g_assert_cmpint (gtk_label_get_ellipsize (label), ==, PANGO_ELLIPSIZE_NONE);
  g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (label)));
  g_assert_nonnull (attrs);
  {
    g_autoptr(GSList) list = pango_attr_list_get_attributes (attrs);

    for (GSList *l = list; l != NULL; l = l->next)
      {
        PangoAttribute *attr = l->data;

        if (attr->klass->type == PANGO_ATTR_INSERT_HYPHENS &&
            !((PangoAttrInt *) attr)->value)
          no_hyphens = TRUE;
      }
    g_slist_free_full (g_steal_pointer (&list), (GDestroyNotify) pango_attribute_destroy);
  }
  g_assert_true (no_hyphens);
  /* Not pushed over the pane's edge either. */
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (label)), <=,
                   gtk_widget_get_width (gtk_widget_get_ancestor (GTK_WIDGET (label), OT_TYPE_DETAILS_PANE)));
}

/* The label naming @key in the record card (above its value, where a
 * fact of the selection has it beside), or NULL. */
static GtkLabel *
record_key (GtkWidget  *pane,
            const char *key)
{
  g_autoptr(GPtrArray) labels = find_widgets (pane, GTK_TYPE_LABEL);

  for (guint i = 0; i < labels->len; i++)
    {
      GtkWidget *parent = gtk_widget_get_parent (labels->pdata[i]);

      if (gtk_widget_get_mapped (labels->pdata[i]) &&
          g_strcmp0 (gtk_label_get_text (labels->pdata[i]), key) == 0 &&
          GTK_IS_BOX (parent) && gtk_orientable_get_orientation (GTK_ORIENTABLE (parent)) == GTK_ORIENTATION_VERTICAL &&
          gtk_widget_get_first_child (parent) == labels->pdata[i])
        return labels->pdata[i];
    }
  return NULL;
}

/* The value shown under @key in the record card, asserted whole. */
static const char *
record_value (GtkWidget  *pane,
              const char *key)
{
  GtkLabel *key_label = record_key (pane, key);
  GtkWidget *value;

  g_assert_nonnull (key_label);
  value = gtk_widget_get_next_sibling (GTK_WIDGET (key_label));
  g_assert_true (GTK_IS_LABEL (value));
  assert_whole (key_label);
  assert_whole (GTK_LABEL (value));
  return gtk_label_get_text (GTK_LABEL (value));
}

/* Picks @id in the pane's list, as a click does. */
static void
pick_incident (OtDetailsPane *details,
               const char    *id)
{
  GListModel *incidents = ot_details_pane_get_incidents (details);

  for (guint i = 0; i < g_list_model_get_n_items (incidents); i++)
    {
      g_autoptr(OtIncidentRow) row = g_list_model_get_item (incidents, i);

      if (g_str_equal (ot_incident_row_get_incident (row)->id, id))
        {
          ot_details_pane_select_incident (details, i);
          return;
        }
    }
  g_assert_not_reached ();
}

static void
check_record (OtApplication *app,
              OtWindow      *window)
{
  OtDetailsPane *details = ot_window_get_details_pane (window);
  GtkWidget *pane = GTK_WIDGET (details);
  const char *source = "Associated Press (via Star Tribune), \"China pledges to crack down on illicit "
                       "exports of rare earths\" (2025-07-18) - pattern only";
  const char *url = "https://www.startribune.com/china-pledges-to-crack-down-on-illicit-exports-of-"
                    "rare-earths-urges-us-to-lift-more-trade-controls/601434360";
  LabelWait shown = { pane, "ILL-0006" };
  g_autoptr(GPtrArray) links = NULL;
  g_autoptr(GPtrArray) labels = NULL;
  GtkLabel *source_label;
  guint n_links = 0;

  /* The demo file: its made-up records have every field, routes with
   * ports among them. */
  g_object_set (window, "projection", "countries", NULL);
  window_load_file (window, "data/samples/illustrative-demo.csv");
  g_assert_true (wait_until (canvas_ready, ot_window_get_canvas (window)));
  select_vertex (window, "China");
  g_assert_true (gtk_widget_get_visible (pane));

  /* ILL-0006: CN → HK (Hong Kong) → NL (Rotterdam) → DE, made up. */
  pick_incident (details, "ILL-0006");
  g_assert_true (wait_until (label_shown, &shown));
  g_assert_cmpstr (record_value (pane, "ID"), ==, "ILL-0006");
  g_assert_cmpstr (record_value (pane, "Date"), ==, "2025-05 (month only)");
  g_assert_cmpstr (record_value (pane, "Mineral"), ==, "Terbium · Oxide");
  g_assert_cmpstr (record_value (pane, "Quantity"), ==, "65 kg");
  g_assert_cmpstr (record_value (pane, "Status"), ==, "Seized");
  g_assert_cmpstr (record_value (pane, "Route"), ==,
                   "China → Hong Kong (Hong Kong) → Netherlands (Rotterdam) → Germany");
  g_assert_cmpstr (record_value (pane, "Exporter"), ==, "Pearl Delta Display Co. (fictional)");
  g_assert_cmpstr (record_value (pane, "Consignee"), ==, "Rheinmag Komponenten GmbH (fictional)");
  g_assert_cmpstr (record_value (pane, "Declared As"), ==, "plastic display figures");
  g_assert_cmpstr (record_value (pane, "Concealment"), ==, "hidden in plastic mannequins");
  g_assert_cmpstr (record_value (pane, "Notes"), ==,
                   "ILLUSTRATIVE: made-up details on a reported pattern. Oxide packed inside hollow mannequins.");
  g_assert_cmpstr (record_value (pane, "Illustrative"), ==, "A made-up example, not a reported fact");
  /* No authority, no case: left out, not shown blank. */
  g_assert_null (record_key (pane, "Authority"));
  g_assert_null (record_key (pane, "Case Reference"));

  /* The source whole, wrapped over lines, and its link by host. */
  source_label = label_with_text (pane, source);
  g_assert_nonnull (source_label);
  assert_whole (source_label);
  g_assert_cmpint (pango_layout_get_line_count (gtk_label_get_layout (source_label)), >, 1);
  links = find_widgets (pane, GTK_TYPE_LINK_BUTTON);
  for (guint i = 0; i < links->len; i++)
    if (gtk_widget_get_mapped (links->pdata[i]))
      {
        n_links++;
        g_assert_cmpstr (gtk_link_button_get_uri (links->pdata[i]), ==, url);
        g_assert_cmpstr (gtk_button_get_label (links->pdata[i]), ==, "www.startribune.com");
      }
  g_assert_cmpuint (n_links, ==, 1);

  /* Every label of the pane showing text is whole: facts, list, record. */
  labels = find_widgets (pane, GTK_TYPE_LABEL);
  for (guint i = 0; i < labels->len; i++)
    {
      GtkLabel *label = labels->pdata[i];

      if (gtk_widget_get_mapped (GTK_WIDGET (label)) && *gtk_label_get_text (label) != '\0' &&
          gtk_widget_get_ancestor (GTK_WIDGET (label), ADW_TYPE_STATUS_PAGE) == NULL)
        assert_whole (label);
    }
}

static void
test_record (void)
{
  run_app (check_record);
}

/* Mapped and given room. */
static gboolean
widget_allocated (gpointer data)
{
  return gtk_widget_get_mapped (data) && gtk_widget_get_width (data) > 0;
}

/* The chart's share of the room beside the filters with the pane open. */
static double
chart_share (OtWindow *window)
{
  GtkWidget *canvas = GTK_WIDGET (ot_window_get_canvas (window));
  GtkWidget *paned = gtk_widget_get_parent (GTK_WIDGET (ot_window_get_details_pane (window)));

  g_assert_true (GTK_IS_PANED (paned));
  g_assert_true (wait_until (widget_allocated, ot_window_get_details_pane (window)));
  g_assert_true (wait_until (canvas_ready, canvas));
  g_test_message ("window %d, beside the filters %d, chart %d",
                  gtk_widget_get_width (GTK_WIDGET (window)), gtk_widget_get_width (paned),
                  gtk_widget_get_width (canvas));
  return (double) gtk_widget_get_width (canvas) / gtk_widget_get_width (paned);
}

static void
check_width (OtApplication *app,
             OtWindow      *window)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  OtDetailsPane *details = ot_window_get_details_pane (window);
  GtkPaned *paned = GTK_PANED (gtk_widget_get_parent (GTK_WIDGET (details)));
  AdwFlap *flap = find_one_widget (window, ADW_TYPE_FLAP);
  int width = gtk_widget_get_width (GTK_WIDGET (window));
  int pane;

  load_samples (window);
  select_vertex (window, "China");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (details)));
  g_assert_true (adw_flap_get_reveal_flap (flap));
  /* The filters open: the chart keeps 60 % of the room beside them. */
  g_assert_cmpfloat (chart_share (window), >=, 0.6);
  /* The filters hidden: 60 % of the window. */
  adw_flap_set_reveal_flap (flap, FALSE);
  g_assert_true (wait_until (window_is_idle, window));
  g_assert_true (wait_until (canvas_ready, ot_window_get_canvas (window)));
  g_assert_cmpfloat ((double) gtk_widget_get_width (GTK_WIDGET (ot_window_get_canvas (window))) / width,
                     >=, 0.6);

  /* Dragged wider, the width is kept, and the pane opens at it again. */
  pane = gtk_widget_get_width (GTK_WIDGET (paned)) - gtk_paned_get_position (paned);
  gtk_paned_set_position (paned, gtk_paned_get_position (paned) - 60);
  g_assert_cmpint (g_settings_get_int (settings, "details-width"), ==, pane + 60);
  g_object_set (window, "show-details", FALSE, NULL);
  g_assert_true (wait_until (window_is_idle, window));
  g_object_set (window, "show-details", TRUE, NULL);
  /* (Up to 40 % of the room, the most a pane opens at.) */
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (paned)) - gtk_paned_get_position (paned), ==,
                   MIN (pane + 60, (int) (gtk_widget_get_width (GTK_WIDGET (paned)) * 0.4)));
  g_settings_reset (settings, "details-width");
}

/* At 1280 × 800 and at 1024 × 768 (where the pane took all but a few
 * hundred pixels). */
static void
test_width (gconstpointer data)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  const int *size = data;

  g_settings_set_int (settings, "window-width", size[0]);
  g_settings_set_int (settings, "window-height", size[1]);
  run_app (check_width);
  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
}

/* glibc caches translations per locale: setting the locale drops them. */
static void
set_language (const char *language)
{
  if (language != NULL)
    g_setenv ("LANGUAGE", language, TRUE);
  else
    g_unsetenv ("LANGUAGE");
  setlocale (LC_ALL, "");
}

/* Allocated, and its whole text fits the width it was given. */
static gboolean
label_whole (gpointer data)
{
  int text_width;

  pango_layout_get_pixel_size (gtk_label_get_layout (data), &text_width, NULL);
  return gtk_widget_get_width (data) > 0 && text_width <= gtk_widget_get_width (data) &&
         !pango_layout_is_ellipsized (gtk_label_get_layout (data));
}

static void
check_export_title (OtApplication *app,
                    OtWindow      *window)
{
  ToplevelSearch search = { OT_TYPE_EXPORT_DIALOG, NULL };
  const char *title;
  GtkLabel *label;

  load_samples (window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export", NULL));
  g_assert_true (wait_until (find_mapped_toplevel, &search));
  title = gtk_window_get_title (search.found);
  g_assert_cmpstr (title, ==, "Diagramm exportieren");
  label = label_with_text (GTK_WIDGET (search.found), title);
  g_assert_nonnull (label);
  g_assert_true (wait_until (label_whole, label));
  gtk_window_destroy (search.found);
}

/* "Diagramm expor…" no more. */
static void
test_export_title_de (void)
{
  const char *localedir = g_getenv ("OT_LOCALEDIR");

  g_assert_nonnull (localedir);
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  set_language ("de");
  run_app (check_export_title);
  set_language (NULL);
}

int
main (int   argc,
      char *argv[])
{
  static const int large[] = { 1280, 800 };
  static const int small[] = { 1024, 768 };

  if (!window_test_init (&argc, &argv))
    return 0;
  g_test_add_func ("/window-details/record", test_record);
  g_test_add_data_func ("/window-details/width-1280", large, test_width);
  g_test_add_data_func ("/window-details/width-1024", small, test_width);
  g_test_add_func ("/window-details/export-title-de", test_export_title_de);
  return g_test_run ();
}
