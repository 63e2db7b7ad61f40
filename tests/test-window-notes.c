/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Pins and notes in the window (issue 17): dragging China pins it in the
 * case as one command, Ctrl+Z (win.undo) puts it back where the layout
 * had it, Re-layout forgets the pins as one command that Undo reverts; a
 * note added through the window's action shows in the details pane and
 * as a callout on the chart (Show Notes hides it), and the note dialog
 * edits it; an incident added to the case moves no place drawn. */
#include "ot-details-pane.h"
#include "ot-render.h"
#include "window-fixture.h"

#define CHINA "country:CN"

static void
load_samples (OtWindow *window)
{
  window_load_file (window, "data/samples/incidents.csv");
  g_assert_true (wait_until (canvas_ready, ot_window_get_canvas (window)));
}

/* China's node id and a page point on it, by hit-testing the canvas. */
static gboolean
find_china (OtWindow *window,
            guint    *id_out,
            double   *px,
            double   *py)
{
  OtCanvas *canvas = ot_window_get_canvas (window);
  const OtViewport *vp = ot_canvas_get_viewport (canvas);
  g_autoptr(OtNetwork) network = ot_chart_get_network (ot_window_get_chart (window));
  gint china = ot_network_find_vertex (network, CHINA);

  for (double y = 0; y < vp->height; y += 2)
    for (double x = 0; x < vp->width; x += 2)
      {
        guint id;

        if (ot_render_hit_test (ot_canvas_get_scene (canvas), vp, ot_canvas_get_render_options (canvas),
                                x, y, &id) == OT_HIT_NODE && (gint) id == china)
          {
            *id_out = id;
            *px = x;
            *py = y;
            return TRUE;
          }
      }
  return FALSE;
}

/* Where the chart draws node @id now (world units). */
static OtPoint
drawn_at (OtWindow *window,
          guint     id)
{
  OtPoint p = { NAN, NAN };

  g_assert_true (wait_until (window_is_idle, window));
  g_assert_true (ot_chart_get_node_position (ot_window_get_chart (window), id, &p.x, &p.y));
  return p;
}

static guint
n_pins (OtApplication *app)
{
  g_autoptr(GHashTable) pins = ot_document_dup_pins (ot_application_get_document (app), "network");

  return g_hash_table_size (pins);
}

static void
check_drag_undo (OtApplication *app,
                 OtWindow      *window)
{
  OtDocument *doc;
  guint id;
  double px, py;
  OtPoint computed, dragged, p;
  const double *pin;

  load_samples (window);
  doc = ot_application_get_document (app);
  g_assert_true (find_china (window, &id, &px, &py));
  computed = drawn_at (window, id);
  g_assert_cmpuint (n_pins (app), ==, 0);

  /* A drag is one command, and China is pinned where it was let go. */
  ot_canvas_drag (ot_window_get_canvas (window), px, py, px - 90, py + 60);
  dragged = drawn_at (window, id);
  g_assert_cmpfloat (hypot (dragged.x - computed.x, dragged.y - computed.y), >, 1);
  g_assert_cmpuint (ot_document_get_n_commands (doc), ==, 1);
  /* The menu names the place as the chart does. */
  g_assert_cmpstr (ot_document_get_undo_label (doc), ==, "Move of China");
  {
    g_autoptr(GHashTable) pins = ot_document_dup_pins (doc, "network");

    pin = g_hash_table_lookup (pins, CHINA);
    g_assert_nonnull (pin);
    g_assert_cmpfloat (pin[0], ==, dragged.x);
    g_assert_cmpfloat (pin[1], ==, dragged.y);
  }

  /* Ctrl+Z: back where the layout put it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  p = drawn_at (window, id);
  g_assert_cmpfloat (p.x, ==, computed.x);
  g_assert_cmpfloat (p.y, ==, computed.y);
  g_assert_cmpuint (n_pins (app), ==, 0);

  /* Redo, then Re-layout: the pins go (one command), the layout is new. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.redo", NULL));
  p = drawn_at (window, id);
  g_assert_cmpfloat (p.x, ==, dragged.x);
  g_assert_cmpfloat (p.y, ==, dragged.y);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.relayout", NULL));
  p = drawn_at (window, id);
  g_assert_cmpuint (n_pins (app), ==, 0);
  g_assert_cmpstr (ot_document_get_undo_label (doc), ==, "Re-layout");
  g_assert_false (p.x == dragged.x && p.y == dragged.y);
  /* Undo Re-layout: the pin is back, and China with it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  p = drawn_at (window, id);
  g_assert_cmpuint (n_pins (app), ==, 1);
  g_assert_cmpfloat (p.x, ==, dragged.x);
  g_assert_cmpfloat (p.y, ==, dragged.y);
}

static void
test_drag_undo (void)
{
  run_app (check_drag_undo);
}

/* An incident added to the case (a new dataset version, shown by the
 * window with its filter and view kept) moves no place already drawn. */
static void
check_edit_keeps_layout (OtApplication *app,
                         OtWindow      *window)
{
  OtDocument *doc;
  g_autoptr(GHashTable) before = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  OtIncident incident;
  guint n_checked = 0;

  load_samples (window);
  doc = ot_application_get_document (app);
  {
    g_autoptr(OtNetwork) network = ot_chart_get_network (ot_window_get_chart (window));

    for (guint v = 0; v < ot_network_get_n_vertices (network); v++)
      {
        OtPoint *p = g_new (OtPoint, 1);

        *p = drawn_at (window, v);
        g_hash_table_insert (before, g_strdup (ot_network_get_vertex (network, v)->key), p);
      }
  }
  incident = *ot_dataset_get_incident (ot_document_get_dataset (doc), 1);
  incident.id = "TEST-WINDOW-NOTES-1";
  incident.origin = (OtCountry) { "CN" };
  incident.destination = (OtCountry) { "VN" };
  incident.exporter = "Test Exporter Made Up Ltd";
  g_assert_true (ot_document_add_incident (doc, &incident, NULL));
  g_assert_true (wait_until (window_is_idle, window));
  g_assert_true (ot_chart_get_dataset (ot_window_get_chart (window)) == ot_document_get_dataset (doc));
  {
    g_autoptr(OtNetwork) network = ot_chart_get_network (ot_window_get_chart (window));

    for (guint v = 0; v < ot_network_get_n_vertices (network); v++)
      {
        const OtPoint *q = g_hash_table_lookup (before, ot_network_get_vertex (network, v)->key);
        OtPoint p;

        if (q == NULL)
          continue;
        p = drawn_at (window, v);
        g_assert_cmpfloat (p.x, ==, q->x);
        g_assert_cmpfloat (p.y, ==, q->y);
        n_checked++;
      }
  }
  g_assert_cmpuint (n_checked, ==, g_hash_table_size (before));
}

static void
test_edit_keeps_layout (void)
{
  run_app (check_edit_keeps_layout);
}

static guint
n_callouts (OtWindow *window)
{
  g_assert_true (wait_until (window_is_idle, window));
  return ot_scene_get_n_callouts (ot_canvas_get_scene (ot_window_get_canvas (window)));
}

/* The details pane's button that adds or edits the note on the selected
 * place (win.edit-note with ("place", key)). */
static GtkButton *
note_button (OtWindow *window)
{
  g_autoptr(GPtrArray) buttons = find_widgets (GTK_WIDGET (ot_window_get_details_pane (window)), GTK_TYPE_BUTTON);

  for (guint i = 0; i < buttons->len; i++)
    {
      GVariant *target = gtk_actionable_get_action_target_value (buttons->pdata[i]);
      const char *kind = NULL;

      if (target == NULL || !g_variant_is_of_type (target, G_VARIANT_TYPE ("(ss)")))
        continue;
      g_variant_get (target, "(&s&s)", &kind, NULL);
      if (g_str_equal (kind, "place") && gtk_widget_get_visible (buttons->pdata[i]))
        return buttons->pdata[i];
    }
  return NULL;
}

static void
check_note (OtApplication *app,
            OtWindow      *window)
{
  OtDetailsPane *details = ot_window_get_details_pane (window);
  ToplevelSearch search = { ADW_TYPE_MESSAGE_DIALOG, NULL };
  GtkButton *button;
  guint id;
  double px, py;

  load_samples (window);
  g_assert_true (find_china (window, &id, &px, &py));
  ot_workspace_select_mark (ot_window_get_workspace (window), OT_HIT_NODE, id);
  g_assert_true (wait_until (window_is_idle, window));
  g_assert_nonnull (ot_details_pane_get_heading (details));
  g_assert_null (ot_details_pane_get_note (details));
  button = note_button (window);
  g_assert_nonnull (button);
  g_assert_cmpstr (gtk_button_get_label (button), ==, "Add Note…");
  g_assert_cmpuint (n_callouts (window), ==, 0);

  /* Through the window's action: one command, in the pane, on the chart. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.set-note", "(sss)",
                                             "place", CHINA, "Checked against the customs data"));
  g_assert_cmpstr (ot_details_pane_get_note (details), ==, "Checked against the customs data");
  g_assert_cmpstr (gtk_button_get_label (note_button (window)), ==, "Edit Note…");
  g_assert_cmpuint (n_callouts (window), ==, 1);
  g_assert_cmpstr (ot_scene_get_callout (ot_canvas_get_scene (ot_window_get_canvas (window)), 0, NULL, NULL, NULL),
                   ==, "Checked against the customs data");

  /* Show Notes off: gone from the chart, still in the pane. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "show-notes", NULL);
  g_assert_cmpuint (n_callouts (window), ==, 0);
  g_assert_nonnull (ot_details_pane_get_note (details));
  g_action_group_activate_action (G_ACTION_GROUP (window), "show-notes", NULL);
  g_assert_cmpuint (n_callouts (window), ==, 1);

  /* The dialog (the pane's button): edited text saved as a command. */
  gtk_widget_activate (GTK_WIDGET (note_button (window)));
  g_assert_true (wait_until (find_mapped_toplevel, &search));
  {
    g_autoptr(GPtrArray) views = find_widgets (GTK_WIDGET (search.found), GTK_TYPE_TEXT_VIEW);

    g_assert_cmpuint (views->len, ==, 1);
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (views->pdata[0]), "Second look: a re-export route", -1);
    adw_message_dialog_response (ADW_MESSAGE_DIALOG (search.found), "save");
  }
  g_assert_cmpstr (ot_details_pane_get_note (details), ==, "Second look: a re-export route");
  g_assert_cmpuint (ot_document_get_n_commands (ot_application_get_document (app)), ==, 2);

  /* Undone twice: no note. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  g_assert_cmpstr (ot_details_pane_get_note (details), ==, "Checked against the customs data");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  g_assert_null (ot_details_pane_get_note (details));
  g_assert_cmpuint (n_callouts (window), ==, 0);
}

static void
test_note (void)
{
  run_app (check_note);
}

int
main (int   argc,
      char *argv[])
{
  if (!window_test_init (&argc, &argv))
    return 0;
  g_test_add_func ("/window/notes/drag-undo", test_drag_undo);
  g_test_add_func ("/window/notes/note", test_note);
  g_test_add_func ("/window/notes/edit-keeps-layout", test_edit_keeps_layout);
  return g_test_run ();
}
