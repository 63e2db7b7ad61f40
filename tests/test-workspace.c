/* SPDX-License-Identifier: GPL-3.0-or-later */
/* OtWorkspace: one notification per real change and none without one;
 * Reset and Escape as single batches; what a new dataset, filter, period,
 * view or projection does to the selection and the highlight; the
 * properties round-trip through g_object_set/get; bad input is refused
 * without a change. */
#include <math.h>

#include "ot-workspace.h"

/* Notifications seen since the last notes_clear (), by property name. */
typedef struct {
  GHashTable *counts;   /* name → count */
  guint       total;
} Notes;

static void
on_notify (GObject    *object,
           GParamSpec *pspec,
           Notes      *notes)
{
  const char *name = g_param_spec_get_name (pspec);
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (notes->counts, name));

  g_hash_table_insert (notes->counts, (gpointer) name, GUINT_TO_POINTER (n + 1));
  notes->total++;
}

static void
notes_watch (Notes       *notes,
             OtWorkspace *ws)
{
  notes->counts = g_hash_table_new (g_str_hash, g_str_equal);
  notes->total = 0;
  g_signal_connect (ws, "notify", G_CALLBACK (on_notify), notes);
}

static guint
notes_count (Notes      *notes,
             const char *name)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (notes->counts, name));
}

static void
notes_clear (Notes *notes)
{
  g_hash_table_remove_all (notes->counts);
  notes->total = 0;
}

static void
notes_free (Notes *notes)
{
  g_clear_pointer (&notes->counts, g_hash_table_unref);
}

/* Incident i: antimony when even, gallium when odd; dated 2024-01 + i
 * months. */
static OtDataset *
make_dataset (guint n)
{
  OtDataset *ds = ot_dataset_new ();

  for (guint i = 0; i < n; i++)
    {
      OtIncident incident = { 0 };
      g_autofree char *id = g_strdup_printf ("W%u", i);
      g_autofree char *date = g_strdup_printf ("%d-%02u", 2024 + (int) (i / 12), i % 12 + 1);

      incident.id = ot_dataset_store (ds, id);
      incident.quantity_kg = 10 + i;
      incident.value = NAN;
      g_assert_true (ot_mineral_parse (i % 2 ? "gallium" : "antimony",
                                       &incident.mineral));
      g_assert_true (ot_date_parse (date, &incident.date, NULL));
      g_assert_true (ot_dataset_add (ds, &incident));
    }

  return ds;
}

static OtFilter *
make_mineral_filter (const char *name)
{
  const char *minerals[] = { name, NULL };
  g_autoptr(GError) error = NULL;
  OtFilter *filter = ot_filter_new_from_strings (minerals, NULL, NULL, NULL,
                                                 &error);

  g_assert_no_error (error);
  return filter;
}

/* Sets the period from dates as the command line takes them ("2024-02":
 * its first day for @from, its last for @to; NULL: open), and returns
 * the days in @from_day and @to_day when not NULL. */
static void
set_period_of (OtWorkspace *ws,
               const char  *from,
               const char  *to,
               guint32     *from_day,
               guint32     *to_day)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OtFilter) filter = ot_filter_new_from_strings (NULL, NULL, from,
                                                           to, &error);
  guint32 a, b;

  g_assert_no_error (error);
  ot_filter_get_period (filter, &a, &b);
  ot_workspace_set_period (ws, a, b);
  if (from_day != NULL)
    *from_day = a;
  if (to_day != NULL)
    *to_day = b;
}

static void
test_defaults (void)
{
  g_autoptr(OtWorkspace) ws = ot_workspace_new ();
  guint32 from = 1, to = 1;

  g_assert_null (ot_workspace_get_dataset (ws));
  g_assert_true (ot_filter_is_empty (ot_workspace_get_filter (ws)));
  ot_workspace_get_period (ws, &from, &to);
  g_assert_cmpuint (from, ==, 0);
  g_assert_cmpuint (to, ==, 0);
  g_assert_cmpint (ot_workspace_get_view (ws), ==, OT_VIEW_NETWORK);
  /* The window's first picture, and --summary's and --export's. */
  g_assert_cmpint (ot_workspace_get_projection (ws), ==, OT_PROJECTION_COUNTRIES);
  g_assert_cmpint (ot_workspace_get_projection (ws), ==, OT_PROJECTION_DEFAULT);
  g_assert_true (ot_selection_is_empty (ot_workspace_get_selection (ws)));
  g_assert_true (ot_selection_is_empty (ot_workspace_get_highlight (ws)));
  g_assert_false (ot_workspace_has_viewport (ws));
}

/* Each setter: one notify of its own property on a change, none when the
 * value is the same (a new but equal value included). */
static void
test_notify_once (void)
{
  g_autoptr(OtWorkspace) ws = ot_workspace_new ();
  g_autoptr(OtDataset) ds = make_dataset (10);
  g_autoptr(OtFilter) f1 = make_mineral_filter ("antimony");
  g_autoptr(OtFilter) f2 = make_mineral_filter ("antimony");
  const guint picked[] = { 3, 1 };
  OtViewport vp;
  Notes notes;

  notes_watch (&notes, ws);

  ot_workspace_set_dataset (ws, ds);
  g_assert_cmpuint (notes_count (&notes, "dataset"), ==, 1);
  g_assert_cmpuint (notes.total, ==, 1);
  ot_workspace_set_dataset (ws, ds);
  g_assert_cmpuint (notes.total, ==, 1);

  notes_clear (&notes);
  ot_workspace_set_filter (ws, f1);
  g_assert_cmpuint (notes_count (&notes, "filter"), ==, 1);
  g_assert_cmpuint (notes.total, ==, 1);
  ot_workspace_set_filter (ws, f2);    /* another copy, equal */
  g_assert_cmpuint (notes.total, ==, 1);
  g_assert_true (ot_filter_equal (ot_workspace_get_filter (ws), f1));
  g_assert_true (ot_workspace_get_filter (ws) != f1);   /* a copy */

  notes_clear (&notes);
  set_period_of (ws, "2024-02", "2024-05", NULL, NULL);
  g_assert_cmpuint (notes_count (&notes, "period"), ==, 1);
  g_assert_cmpuint (notes.total, ==, 1);
  set_period_of (ws, "2024-02", "2024-05", NULL, NULL);
  g_assert_cmpuint (notes.total, ==, 1);

  notes_clear (&notes);
  ot_workspace_set_view (ws, OT_VIEW_MAP);
  ot_workspace_set_view (ws, OT_VIEW_MAP);
  g_assert_cmpuint (notes_count (&notes, "view"), ==, 1);
  ot_workspace_set_projection (ws, OT_PROJECTION_ENTITIES);
  ot_workspace_set_projection (ws, OT_PROJECTION_ENTITIES);
  g_assert_cmpuint (notes_count (&notes, "projection"), ==, 1);
  g_assert_cmpuint (notes.total, ==, 2);

  notes_clear (&notes);
  ot_workspace_select_incidents (ws, picked, G_N_ELEMENTS (picked));
  ot_workspace_select_incidents (ws, picked + 1, 1);
  ot_workspace_select_incidents (ws, picked + 1, 1);
  g_assert_cmpuint (notes_count (&notes, "selection"), ==, 2);
  ot_workspace_select_mark (ws, OT_HIT_EDGE, 4);
  ot_workspace_select_mark (ws, OT_HIT_EDGE, 4);
  g_assert_cmpuint (notes_count (&notes, "selection"), ==, 3);
  g_assert_cmpuint (notes.total, ==, 3);

  notes_clear (&notes);
  ot_viewport_init (&vp, 800, 600);
  ot_workspace_set_viewport (ws, &vp);
  ot_workspace_set_viewport (ws, &vp);
  g_assert_cmpuint (notes_count (&notes, "viewport"), ==, 1);
  ot_viewport_pan (&vp, 10, 0);
  ot_workspace_set_viewport (ws, &vp);
  g_assert_cmpuint (notes_count (&notes, "viewport"), ==, 2);
  g_assert_cmpuint (notes.total, ==, 2);

  notes_free (&notes);
}

/* Reset: the filter and the period (and the selection and highlight) in
 * one batch — a handler sees both already reset, whichever notify comes
 * first; the view, projection and viewport stay. */
typedef struct {
  guint    seen;
  gboolean filter_empty;
  gboolean period_all;
} ResetSeen;

static void
on_reset_notify (OtWorkspace *ws,
                 GParamSpec  *pspec,
                 ResetSeen   *seen)
{
  guint32 from, to;

  seen->seen++;
  ot_workspace_get_period (ws, &from, &to);
  seen->filter_empty &= ot_filter_is_empty (ot_workspace_get_filter (ws));
  seen->period_all &= from == 0 && to == 0;
}

static void
test_reset (void)
{
  g_autoptr(OtWorkspace) ws = ot_workspace_new ();
  g_autoptr(OtDataset) ds = make_dataset (10);
  g_autoptr(OtFilter) filter = make_mineral_filter ("gallium");
  g_autoptr(OtSelection) hl = NULL;
  const guint picked[] = { 1, 3 };
  ResetSeen seen = { 0, TRUE, TRUE };
  OtViewport vp;
  Notes notes;
  guint32 from, to;

  ot_workspace_set_dataset (ws, ds);
  ot_workspace_set_filter (ws, filter);
  set_period_of (ws, "2024", NULL, NULL, NULL);
  ot_workspace_set_view (ws, OT_VIEW_FLOW);
  ot_workspace_select_incidents (ws, picked, 2);
  hl = ot_selection_new (OT_HIT_NONE, 0, picked, 1);
  ot_workspace_set_highlight (ws, hl);
  ot_viewport_init (&vp, 640, 480);
  ot_workspace_set_viewport (ws, &vp);
  g_assert_false (ot_selection_is_empty (ot_workspace_get_selection (ws)));

  notes_watch (&notes, ws);
  g_signal_connect (ws, "notify", G_CALLBACK (on_reset_notify), &seen);
  ot_workspace_reset (ws);

  g_assert_cmpuint (notes_count (&notes, "filter"), ==, 1);
  g_assert_cmpuint (notes_count (&notes, "period"), ==, 1);
  g_assert_cmpuint (notes_count (&notes, "selection"), ==, 1);
  g_assert_cmpuint (notes_count (&notes, "highlight"), ==, 1);
  g_assert_cmpuint (notes.total, ==, 4);
  g_assert_cmpuint (seen.seen, ==, 4);
  g_assert_true (seen.filter_empty);
  g_assert_true (seen.period_all);

  ot_workspace_get_period (ws, &from, &to);
  g_assert_cmpuint (from, ==, 0);
  g_assert_cmpuint (to, ==, 0);
  g_assert_true (ot_filter_is_empty (ot_workspace_get_filter (ws)));
  g_assert_true (ot_selection_is_empty (ot_workspace_get_selection (ws)));
  g_assert_true (ot_selection_is_empty (ot_workspace_get_highlight (ws)));
  g_assert_cmpint (ot_workspace_get_view (ws), ==, OT_VIEW_FLOW);
  g_assert_true (ot_workspace_get_dataset (ws) == ds);
  g_assert_true (ot_workspace_has_viewport (ws));

  /* A reset of the start changes nothing. */
  notes_clear (&notes);
  ot_workspace_reset (ws);
  g_assert_cmpuint (notes.total, ==, 0);

  /* Only the period set: Reset still clears it (the timeline bug). */
  set_period_of (ws, NULL, "2024-06", NULL, NULL);
  notes_clear (&notes);
  ot_workspace_reset (ws);
  g_assert_cmpuint (notes_count (&notes, "period"), ==, 1);
  g_assert_cmpuint (notes.total, ==, 1);

  /* Only an evidence part set (issue 16): setting it notifies (the
   * filters differ), Reset clears it and notifies again. */
  {
    g_autoptr(OtFilter) evidence = ot_filter_new ();

    ot_filter_set_show_illustrative (evidence, FALSE);
    ot_filter_set_credibility (evidence, 2, TRUE);
    notes_clear (&notes);
    ot_workspace_set_filter (ws, evidence);
    g_assert_cmpuint (notes_count (&notes, "filter"), ==, 1);
    ot_filter_set_credibility (evidence, 2, FALSE);
    ot_workspace_set_filter (ws, evidence);
    g_assert_cmpuint (notes_count (&notes, "filter"), ==, 2);
    g_assert_false (ot_filter_get_show_illustrative (ot_workspace_get_filter (ws)));
    notes_clear (&notes);
    ot_workspace_reset (ws);
    g_assert_cmpuint (notes_count (&notes, "filter"), ==, 1);
    g_assert_true (ot_filter_get_show_illustrative (ot_workspace_get_filter (ws)));
    g_assert_true (ot_filter_is_empty (ot_workspace_get_filter (ws)));
  }

  notes_free (&notes);
}

/* Escape: the selection and the highlight go together. */
static void
test_clear_selection (void)
{
  g_autoptr(OtWorkspace) ws = ot_workspace_new ();
  g_autoptr(OtDataset) ds = make_dataset (6);
  g_autoptr(OtSelection) hl = NULL;
  const guint found[] = { 5, 2 };
  Notes notes;

  ot_workspace_set_dataset (ws, ds);
  hl = ot_selection_new (OT_HIT_NONE, 0, found, 2);
  ot_workspace_set_highlight (ws, hl);
  g_assert_true (ot_selection_equal (ot_workspace_get_highlight (ws), hl));

  /* A highlight alone (search, no selection) is cleared by Escape. */
  notes_watch (&notes, ws);
  ot_workspace_clear_selection (ws);
  g_assert_cmpuint (notes_count (&notes, "highlight"), ==, 1);
  g_assert_cmpuint (notes.total, ==, 1);
  g_assert_true (ot_selection_is_empty (ot_workspace_get_highlight (ws)));

  ot_workspace_set_highlight (ws, hl);
  ot_workspace_select_mark (ws, OT_HIT_NODE, 7);
  notes_clear (&notes);
  ot_workspace_clear_selection (ws);
  g_assert_cmpuint (notes_count (&notes, "selection"), ==, 1);
  g_assert_cmpuint (notes_count (&notes, "highlight"), ==, 1);
  g_assert_cmpuint (notes.total, ==, 2);
  g_assert_true (ot_selection_is_empty (ot_workspace_get_selection (ws)));
  g_assert_true (ot_selection_is_empty (ot_workspace_get_highlight (ws)));

  notes_clear (&notes);
  ot_workspace_clear_selection (ws);
  g_assert_cmpuint (notes.total, ==, 0);

  notes_free (&notes);
}

/* A new dataset clears the selection and the highlight and keeps the
 * view, projection, filter and period. */
static void
test_set_dataset (void)
{
  g_autoptr(OtWorkspace) ws = ot_workspace_new ();
  g_autoptr(OtDataset) a = make_dataset (8);
  g_autoptr(OtDataset) b = make_dataset (8);
  g_autoptr(OtFilter) filter = make_mineral_filter ("antimony");
  const guint picked[] = { 0, 2 };
  g_autoptr(OtSelection) hl = ot_selection_new (OT_HIT_NONE, 0, picked, 1);
  Notes notes;
  guint32 from, to, set_from = 0;

  ot_workspace_set_dataset (ws, a);
  ot_workspace_set_view (ws, OT_VIEW_MAP);
  ot_workspace_set_projection (ws, OT_PROJECTION_ENTITIES);
  ot_workspace_set_filter (ws, filter);
  set_period_of (ws, "2024-01", NULL, &set_from, NULL);
  ot_workspace_select_incidents (ws, picked, 2);
  ot_workspace_set_highlight (ws, hl);

  notes_watch (&notes, ws);
  ot_workspace_set_dataset (ws, b);
  g_assert_cmpuint (notes_count (&notes, "dataset"), ==, 1);
  g_assert_cmpuint (notes_count (&notes, "selection"), ==, 1);
  g_assert_cmpuint (notes_count (&notes, "highlight"), ==, 1);
  g_assert_cmpuint (notes.total, ==, 3);
  g_assert_true (ot_selection_is_empty (ot_workspace_get_selection (ws)));
  g_assert_true (ot_selection_is_empty (ot_workspace_get_highlight (ws)));
  g_assert_cmpint (ot_workspace_get_view (ws), ==, OT_VIEW_MAP);
  g_assert_cmpint (ot_workspace_get_projection (ws), ==, OT_PROJECTION_ENTITIES);
  g_assert_true (ot_filter_equal (ot_workspace_get_filter (ws), filter));
  ot_workspace_get_period (ws, &from, &to);
  g_assert_cmpuint (set_from, !=, 0);
  g_assert_cmpuint (from, ==, set_from);

  /* A mark is cleared too; none to clear: only the dataset notifies. */
  ot_workspace_select_mark (ws, OT_HIT_NODE, 1);
  ot_workspace_set_dataset (ws, NULL);
  g_assert_true (ot_selection_is_empty (ot_workspace_get_selection (ws)));
  notes_clear (&notes);
  ot_workspace_set_dataset (ws, a);
  g_assert_cmpuint (notes.total, ==, 1);

  notes_free (&notes);
}

/* A filter or period change: a mark goes (its id named the old network);
 * picked incidents keep those still included; view and projection changes
 * keep incidents and drop marks. */
static void
test_filter_prunes_selection (void)
{
  g_autoptr(OtWorkspace) ws = ot_workspace_new ();
  g_autoptr(OtDataset) ds = make_dataset (12);
  g_autoptr(OtFilter) antimony = make_mineral_filter ("antimony");
  g_autoptr(OtFilter) gallium = make_mineral_filter ("gallium");
  const guint picked[] = { 0, 1, 2, 3, 8 };
  const guint *kept;
  guint n_kept;
  Notes notes;

  ot_workspace_set_dataset (ws, ds);
  ot_workspace_select_incidents (ws, picked, G_N_ELEMENTS (picked));
  ot_workspace_select_mark (ws, OT_HIT_NONE, 0);
  g_assert_true (ot_selection_is_empty (ot_workspace_get_selection (ws)));
  ot_workspace_select_incidents (ws, picked, G_N_ELEMENTS (picked));
  notes_watch (&notes, ws);

  /* Antimony only: the even incidents stay. */
  ot_workspace_set_filter (ws, antimony);
  g_assert_cmpuint (notes_count (&notes, "selection"), ==, 1);
  kept = ot_selection_get_incidents (ot_workspace_get_selection (ws), &n_kept);
  g_assert_cmpuint (n_kept, ==, 3);
  g_assert_cmpuint (kept[0], ==, 0);
  g_assert_cmpuint (kept[1], ==, 2);
  g_assert_cmpuint (kept[2], ==, 8);

  /* A period that still includes them all: no selection notify. */
  notes_clear (&notes);
  set_period_of (ws, "2024-01", "2024-12", NULL, NULL);
  g_assert_cmpuint (notes_count (&notes, "selection"), ==, 0);
  /* One that leaves 2024-03 (incident 2) only. */
  set_period_of (ws, "2024-02", "2024-04", NULL, NULL);
  g_assert_cmpuint (notes_count (&notes, "selection"), ==, 1);
  kept = ot_selection_get_incidents (ot_workspace_get_selection (ws), &n_kept);
  g_assert_cmpuint (n_kept, ==, 1);
  g_assert_cmpuint (kept[0], ==, 2);
  g_assert_true (ot_selection_has_incident (ot_workspace_get_selection (ws), 2));
  g_assert_false (ot_selection_has_incident (ot_workspace_get_selection (ws), 0));

  /* The view and the projection keep incidents. */
  notes_clear (&notes);
  ot_workspace_set_view (ws, OT_VIEW_MAP);
  ot_workspace_set_projection (ws, OT_PROJECTION_ENTITIES);
  g_assert_cmpuint (notes_count (&notes, "selection"), ==, 0);

  /* Gallium: nothing left, the selection is empty. */
  ot_workspace_set_filter (ws, gallium);
  g_assert_true (ot_selection_is_empty (ot_workspace_get_selection (ws)));

  /* A mark is dropped by a filter, a view or a projection change. */
  ot_workspace_select_mark (ws, OT_HIT_EDGE, 0);
  ot_workspace_set_view (ws, OT_VIEW_FLOW);
  g_assert_true (ot_selection_is_empty (ot_workspace_get_selection (ws)));
  ot_workspace_select_mark (ws, OT_HIT_BAND, 2);
  ot_workspace_set_projection (ws, OT_PROJECTION_COUNTRIES);
  g_assert_true (ot_selection_is_empty (ot_workspace_get_selection (ws)));
  ot_workspace_select_mark (ws, OT_HIT_NODE, 2);
  ot_workspace_set_filter (ws, NULL);
  g_assert_true (ot_selection_is_empty (ot_workspace_get_selection (ws)));

  notes_free (&notes);
}

/* The filter never holds the period; the effective filter joins them. */
static void
test_period_apart (void)
{
  g_autoptr(OtWorkspace) ws = ot_workspace_new ();
  g_autoptr(OtFilter) filter = make_mineral_filter ("gallium");
  g_autoptr(OtFilter) effective = NULL;
  guint32 from, to;

  ot_filter_set_period (filter, 100, 200);
  ot_workspace_set_filter (ws, filter);
  ot_filter_get_period (ot_workspace_get_filter (ws), &from, &to);
  g_assert_cmpuint (from, ==, 0);
  g_assert_cmpuint (to, ==, 0);
  g_assert_true (ot_filter_has_minerals (ot_workspace_get_filter (ws)));

  /* The wrong way round is put right. */
  ot_workspace_set_period (ws, 300, 250);
  ot_workspace_get_period (ws, &from, &to);
  g_assert_cmpuint (from, ==, 250);
  g_assert_cmpuint (to, ==, 300);

  effective = ot_workspace_dup_effective_filter (ws);
  ot_filter_get_period (effective, &from, &to);
  g_assert_cmpuint (from, ==, 250);
  g_assert_cmpuint (to, ==, 300);
  g_assert_true (ot_filter_has_minerals (effective));
}

/* Every property through g_object_set/get, as a binding would. */
static void
test_properties_round_trip (void)
{
  g_autoptr(OtWorkspace) ws = ot_workspace_new ();
  g_autoptr(OtDataset) ds = make_dataset (5);
  g_autoptr(OtDataset) ds_out = NULL;
  g_autoptr(OtFilter) filter = make_mineral_filter ("antimony");
  g_autoptr(OtFilter) filter_out = NULL;
  g_autoptr(OtSelection) sel = NULL;
  g_autoptr(OtSelection) sel_out = NULL;
  g_autoptr(OtSelection) hl = NULL;
  g_autoptr(OtSelection) hl_out = NULL;
  g_autoptr(OtPeriod) period_out = NULL;
  g_autofree OtViewport *vp_out = NULL;
  const guint picked[] = { 4, 0, 4, 9 };   /* 9 is outside the dataset */
  const guint expect[] = { 0, 4 };
  OtPeriod period = { 1000, 2000 };
  OtViewKind view;
  OtProjection projection;
  OtViewport vp;
  const guint *incidents;
  guint n;

  ot_viewport_init (&vp, 1024, 768);
  ot_viewport_zoom_at (&vp, 2, 100, 100);
  sel = ot_selection_new (OT_HIT_NONE, 0, picked, G_N_ELEMENTS (picked));
  hl = ot_selection_new (OT_HIT_EDGE, 3, NULL, 0);

  g_object_set (ws, "dataset", ds, "filter", filter, "period", &period,
                "view", OT_VIEW_FLOW, "projection", OT_PROJECTION_ENTITIES,
                "selection", sel, "highlight", hl, "viewport", &vp, NULL);
  g_object_get (ws, "dataset", &ds_out, "filter", &filter_out,
                "period", &period_out, "view", &view,
                "projection", &projection, "selection", &sel_out,
                "highlight", &hl_out, "viewport", &vp_out, NULL);

  g_assert_true (ds_out == ds);
  g_assert_true (ot_filter_equal (filter_out, filter));
  g_assert_cmpuint (period_out->from_day, ==, 1000);
  g_assert_cmpuint (period_out->to_day, ==, 2000);
  g_assert_cmpint (view, ==, OT_VIEW_FLOW);
  g_assert_cmpint (projection, ==, OT_PROJECTION_ENTITIES);
  incidents = ot_selection_get_incidents (sel_out, &n);
  g_assert_cmpmem (incidents, n * sizeof (guint), expect, sizeof expect);
  g_assert_true (ot_selection_equal (hl_out, hl));
  g_assert_cmpmem (vp_out, sizeof *vp_out, &vp, sizeof vp);
  g_assert_true (ot_workspace_has_viewport (ws));

  /* NULL boxed values mean "none". */
  g_object_set (ws, "filter", NULL, "period", NULL, "selection", NULL,
                "highlight", NULL, "viewport", NULL, "dataset", NULL, NULL);
  g_assert_true (ot_filter_is_empty (ot_workspace_get_filter (ws)));
  g_assert_true (ot_selection_is_empty (ot_workspace_get_selection (ws)));
  g_assert_true (ot_selection_is_empty (ot_workspace_get_highlight (ws)));
  g_assert_false (ot_workspace_has_viewport (ws));
  g_assert_null (ot_workspace_get_dataset (ws));

  /* The enum types have the names the command line uses. */
  g_assert_cmpstr (g_enum_get_value (g_type_class_peek (OT_TYPE_VIEW_KIND),
                                     OT_VIEW_MAP)->value_nick, ==,
                   ot_view_kind_name (OT_VIEW_MAP));
}

/* Bad input: refused with a critical, nothing changes, no notify. */
static void
test_bad_input (void)
{
  g_autoptr(OtWorkspace) ws = ot_workspace_new ();
  OtViewport vp;
  Notes notes;

  notes_watch (&notes, ws);
  ot_viewport_init (&vp, 100, 100);
  vp.scale = NAN;
  g_test_expect_message ("Oretrace", G_LOG_LEVEL_CRITICAL, "*viewport_is_valid*");
  ot_workspace_set_viewport (ws, &vp);
  g_test_assert_expected_messages ();
  g_test_expect_message ("Oretrace", G_LOG_LEVEL_CRITICAL, "*OT_N_VIEWS*");
  ot_workspace_set_view (ws, (OtViewKind) 17);
  g_test_assert_expected_messages ();
  g_test_expect_message ("Oretrace", G_LOG_LEVEL_CRITICAL, "*projection*");
  ot_workspace_set_projection (ws, (OtProjection) 5);
  g_test_assert_expected_messages ();
  g_test_expect_message ("Oretrace", G_LOG_LEVEL_CRITICAL, "*OT_HIT_AREA*");
  ot_workspace_select_mark (ws, (OtHitKind) 99, 1);
  g_test_assert_expected_messages ();
  g_assert_cmpuint (notes.total, ==, 0);
  g_assert_true (ot_selection_is_empty (ot_workspace_get_selection (ws)));
  g_assert_false (ot_workspace_has_viewport (ws));
  g_assert_cmpint (ot_workspace_get_view (ws), ==, OT_VIEW_NETWORK);

  /* Incidents without a dataset are dropped: nothing is selected. */
  ot_workspace_select_incidents (ws, (const guint[]) { 1, 2 }, 2);
  g_assert_true (ot_selection_is_empty (ot_workspace_get_selection (ws)));
  g_assert_cmpuint (notes.total, ==, 0);

  notes_free (&notes);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/workspace/defaults", test_defaults);
  g_test_add_func ("/workspace/notify-once", test_notify_once);
  g_test_add_func ("/workspace/reset", test_reset);
  g_test_add_func ("/workspace/clear-selection", test_clear_selection);
  g_test_add_func ("/workspace/set-dataset", test_set_dataset);
  g_test_add_func ("/workspace/filter-prunes-selection", test_filter_prunes_selection);
  g_test_add_func ("/workspace/period-apart", test_period_apart);
  g_test_add_func ("/workspace/properties-round-trip", test_properties_round_trip);
  g_test_add_func ("/workspace/bad-input", test_bad_input);

  return g_test_run ();
}
