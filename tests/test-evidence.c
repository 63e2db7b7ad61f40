/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Evidence quality (issue 16): the filter's reliability, credibility and
 * illustrative parts (masks, equal, copy, clear, caption, command-line
 * words), their facet counts, and illustrative records drawn apart from
 * reported ones in the three views' scenes, the legend and an SVG export.
 *
 * The records below are a test fixture written for this test, not data:
 * made-up ids and quantities, some marked reported (illustrative=false)
 * only so that both kinds meet. */
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "ot-chart.h"
#include "ot-cli.h"
#include "ot-error.h"
#include "ot-export.h"
#include "ot-facets.h"
#include "ot-filter.h"
#include "ot-scene-private.h"
#include "ot-test-filter.h"
#include "ot-test-load.h"

static const char fixture[] =
  "id,date,mineral,quantity,unit,origin,via,destination,status,confidence,reliability,credibility,illustrative\n"
  /* Reported: CN -> US gallium (seized), CN -> TH -> US antimony (alleged). */
  "R1,2024-01,gallium,1000,kg,CN,,US,seized,high,A,1,false\n"
  "R2,2024-02,gallium,2000,kg,CN,,US,seized,high,b,2,false\n"
  "R3,2024-03,antimony,3000,kg,CN,TH,US,alleged,low,,,false\n"
  /* Illustrative: KR -> JP germanium only here; CN -> US gallium beside R1, R2. */
  "X1,2024-04,germanium,4000,kg,KR,,JP,seized,medium,F,6,true\n"
  "X2,2024-05,gallium,2500,kg,CN,,US,seized,medium,C,3,true\n"
  "X3,2024-06,antimony,10,kg,KR,,JP,alleged,low,,,true\n";

static OtDataset *
load_fixture (void)
{
  OtDataset *ds = ot_test_load ("evidence.csv", fixture);

  g_assert_cmpuint (ot_dataset_get_n_incidents (ds), ==, 6);
  return ds;
}

static void
test_evidence_masks (void)
{
  g_autoptr(OtDataset) ds = load_fixture ();
  g_autoptr(OtFilter) filter = ot_filter_new ();

  /* A new filter shows illustrative records. */
  g_assert_true (ot_filter_get_show_illustrative (filter));
  g_assert_true (ot_filter_is_empty (filter));
  ot_test_assert_passing (ds, filter, "R1,R2,R3,X1,X2,X3");

  ot_filter_set_show_illustrative (filter, FALSE);
  g_assert_false (ot_filter_is_empty (filter));
  g_assert_true (ot_filter_has_part (filter, OT_FILTER_ILLUSTRATIVE));
  ot_test_assert_passing (ds, filter, "R1,R2,R3");
  ot_filter_set_show_illustrative (filter, TRUE);
  g_assert_true (ot_filter_is_empty (filter));

  /* Reliability: "b" in the file reads as B. */
  ot_filter_set_reliability (filter, 'A', TRUE);
  ot_filter_set_reliability (filter, 'B', TRUE);
  g_assert_true (ot_filter_has_part (filter, OT_FILTER_RELIABILITY));
  ot_test_assert_passing (ds, filter, "R1,R2");
  ot_filter_set_reliability (filter, 0, TRUE);           /* not given */
  ot_test_assert_passing (ds, filter, "R1,R2,R3,X3");
  ot_filter_set_reliability (filter, 'a', FALSE);        /* either case */
  ot_test_assert_passing (ds, filter, "R2,R3,X3");
  ot_filter_clear_part (filter, OT_FILTER_RELIABILITY);
  g_assert_true (ot_filter_is_empty (filter));

  /* Credibility, and the parts together (AND). */
  ot_filter_set_credibility (filter, 3, TRUE);
  ot_filter_set_credibility (filter, 6, TRUE);
  ot_test_assert_passing (ds, filter, "X1,X2");
  ot_filter_set_reliability (filter, 'F', TRUE);
  ot_test_assert_passing (ds, filter, "X1");
  ot_filter_set_show_illustrative (filter, FALSE);
  ot_test_assert_passing (ds, filter, "");
  g_assert_false (ot_filter_includes_credibility (filter, 1));
  g_assert_true (ot_filter_includes_credibility (filter, 6));
  g_assert_false (ot_filter_includes_credibility (filter, 0));
}

static void
test_evidence_equal_copy_clear (void)
{
  g_autoptr(OtFilter) a = ot_filter_new ();
  g_autoptr(OtFilter) b = ot_filter_new ();
  g_autoptr(OtFilter) copy = NULL;

  /* Each new part alone makes a filter unequal to the empty one. */
  ot_filter_set_reliability (a, 'C', TRUE);
  g_assert_false (ot_filter_equal (a, b));
  g_assert_false (ot_filter_equal (a, NULL));
  ot_filter_set_reliability (b, 'C', TRUE);
  g_assert_true (ot_filter_equal (a, b));

  ot_filter_set_credibility (a, 0, TRUE);
  g_assert_false (ot_filter_equal (a, b));
  ot_filter_set_credibility (b, 0, TRUE);
  g_assert_true (ot_filter_equal (a, b));

  ot_filter_set_show_illustrative (a, FALSE);
  g_assert_false (ot_filter_equal (a, b));
  ot_filter_set_show_illustrative (b, FALSE);
  g_assert_true (ot_filter_equal (a, b));

  copy = ot_filter_copy (a);
  g_assert_true (ot_filter_equal (copy, a));
  g_assert_false (ot_filter_get_show_illustrative (copy));
  g_assert_true (ot_filter_includes_reliability (copy, 'C'));
  g_assert_false (ot_filter_includes_reliability (copy, 'D'));

  /* Clearing every part (what a reset does) gives the empty filter. */
  for (guint part = 0; part < OT_N_FILTER_PARTS; part++)
    ot_filter_clear_part (copy, part);
  g_assert_true (ot_filter_is_empty (copy));
  g_assert_true (ot_filter_get_show_illustrative (copy));
  g_assert_true (ot_filter_equal (copy, NULL));
}

static void
test_evidence_describe (void)
{
  g_autoptr(OtFilter) filter = ot_filter_new ();
  g_autofree char *grades = NULL;
  g_autofree char *all = NULL;
  g_autofree char *only = NULL;

  ot_filter_set_reliability (filter, 'A', TRUE);
  ot_filter_set_reliability (filter, 'B', TRUE);
  ot_filter_set_reliability (filter, 'C', TRUE);
  ot_filter_set_reliability (filter, 'E', TRUE);
  ot_filter_set_credibility (filter, 1, TRUE);
  ot_filter_set_credibility (filter, 2, TRUE);
  ot_filter_set_credibility (filter, 0, TRUE);
  grades = ot_filter_describe (filter);
  g_assert_cmpstr (grades, ==, "Reliability A–C, E · Credibility 1–2, not given");

  ot_filter_set_show_illustrative (filter, FALSE);
  all = ot_filter_describe (filter);
  g_assert_cmpstr (all, ==, "Reliability A–C, E · Credibility 1–2, not given · Without illustrative records");
  only = ot_filter_describe_parts (filter, OT_FILTER_PART_BIT (OT_FILTER_ILLUSTRATIVE));
  g_assert_cmpstr (only, ==, "Without illustrative records");
}

static void
test_evidence_cli (void)
{
  g_autoptr(OtDataset) ds = load_fixture ();
  const char *reliabilities[] = { "a,B", "none", NULL };
  const char *credibilities[] = { "1", NULL };
  const char *bad_letter[] = { "G", NULL };
  const char *bad_digit[] = { "1,7", NULL };
  g_autoptr(OtFilter) filter = ot_filter_new ();
  g_autoptr(OtFilter) again = ot_filter_new ();
  g_autoptr(GError) error = NULL;
  OtCliOptions options = { 0 };
  OtFilter *built;

  g_assert_true (ot_filter_parse_evidence (filter, reliabilities, NULL, FALSE, &error));
  g_assert_no_error (error);
  ot_test_assert_passing (ds, filter, "R1,R2,R3,X3");
  g_assert_true (ot_filter_parse_evidence (filter, NULL, credibilities, TRUE, &error));
  ot_test_assert_passing (ds, filter, "R1");

  g_assert_false (ot_filter_parse_evidence (again, bad_letter, NULL, FALSE, &error));
  g_assert_error (error, OT_ERROR, OT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "--reliability"));
  g_assert_nonnull (strstr (error->message, "“G”"));
  g_clear_error (&error);
  g_assert_false (ot_filter_parse_evidence (again, NULL, bad_digit, FALSE, &error));
  g_assert_nonnull (strstr (error->message, "--credibility"));
  g_assert_nonnull (strstr (error->message, "“7”"));
  g_clear_error (&error);

  /* The options as the command line fills them. */
  {
    const GOptionEntry *entries = NULL;
    g_autofree GOptionEntry *owned = ot_cli_option_entries (&options);
    g_autoptr(GOptionContext) context = g_option_context_new (NULL);
    char *argv_in[] = { "oretrace", "--summary", "--reliability", "A,b", "--credibility", "1",
                        "--credibility", "none", "--no-illustrative", "x.csv", NULL };
    char **argv = g_strdupv (argv_in);
    g_autofree char *help = NULL;

    entries = owned;
    g_option_context_add_main_entries (context, entries, NULL);
    /* The _strv form frees the arguments it takes out. */
    g_assert_true (g_option_context_parse_strv (context, &argv, &error));
    g_assert_no_error (error);
    g_strfreev (argv);
    built = ot_cli_build_filter (&options, &error);
    g_assert_no_error (error);
    g_assert_nonnull (built);
    g_assert_false (ot_filter_get_show_illustrative (built));
    g_assert_true (ot_filter_includes_reliability (built, 'B'));
    g_assert_false (ot_filter_includes_reliability (built, 'C'));
    g_assert_true (ot_filter_includes_credibility (built, 0));
    g_assert_false (ot_filter_includes_credibility (built, 2));
    ot_test_assert_passing (ds, built, "R1");
    ot_filter_free (built);

    help = g_option_context_get_help (context, TRUE, NULL);
    g_assert_nonnull (strstr (help, "--reliability=A,B"));
    g_assert_nonnull (strstr (help, "--credibility=1,2"));
    g_assert_nonnull (strstr (help, "--no-illustrative"));
  }
  ot_cli_options_clear (&options);
}

static void
test_evidence_facets (void)
{
  g_autoptr(OtDataset) ds = load_fixture ();
  g_autoptr(OtFilter) filter = ot_filter_new ();
  g_autoptr(OtFacets) facets = ot_facets_new (ds, NULL);
  const char *rel_keys[] = { "A", "B", "C", "F", "none" };
  const char *cred_keys[] = { "1", "2", "3", "6", "none" };
  const OtFacetItem *item;

  /* Grades in order, "not given" last; reported before illustrative. */
  g_assert_cmpuint (ot_facets_get_n_items (facets, OT_FILTER_RELIABILITY), ==, G_N_ELEMENTS (rel_keys));
  for (guint i = 0; i < G_N_ELEMENTS (rel_keys); i++)
    g_assert_cmpstr (ot_facets_get_item (facets, OT_FILTER_RELIABILITY, i)->key, ==, rel_keys[i]);
  for (guint i = 0; i < G_N_ELEMENTS (cred_keys); i++)
    g_assert_cmpstr (ot_facets_get_item (facets, OT_FILTER_CREDIBILITY, i)->key, ==, cred_keys[i]);
  g_assert_cmpstr (ot_facets_find (facets, OT_FILTER_RELIABILITY, "B")->label, ==, "B · Usually reliable");
  g_assert_cmpstr (ot_facets_find (facets, OT_FILTER_CREDIBILITY, "none")->label, ==, "Not given");
  g_assert_cmpuint (ot_facets_find (facets, OT_FILTER_RELIABILITY, "none")->total, ==, 2);
  g_assert_cmpuint (ot_facets_get_n_items (facets, OT_FILTER_ILLUSTRATIVE), ==, 2);
  g_assert_cmpstr (ot_facets_get_item (facets, OT_FILTER_ILLUSTRATIVE, 0)->key, ==, "reported");
  g_assert_cmpuint (ot_facets_find (facets, OT_FILTER_ILLUSTRATIVE, "illustrative")->total, ==, 3);
  g_assert_cmpuint (ot_facets_find (facets, OT_FILTER_ILLUSTRATIVE, "reported")->total, ==, 3);

  /* Faceted: hiding illustrative records leaves the illustrative count
   * (its own part is left out) but cuts the grades' counts. */
  ot_filter_set_show_illustrative (filter, FALSE);
  ot_facets_set_filter (facets, filter);
  g_assert_cmpuint (ot_facets_get_n_matching (facets), ==, 3);
  g_assert_cmpuint (ot_facets_find (facets, OT_FILTER_ILLUSTRATIVE, "illustrative")->count, ==, 3);
  g_assert_cmpuint (ot_facets_find (facets, OT_FILTER_RELIABILITY, "F")->count, ==, 0);
  g_assert_cmpuint (ot_facets_find (facets, OT_FILTER_RELIABILITY, "none")->count, ==, 1);

  /* Ticking A keeps the other grades' counts and cuts the illustrative one. */
  ot_filter_set_show_illustrative (filter, TRUE);
  ot_filter_set_reliability (filter, 'A', TRUE);
  ot_facets_set_filter (facets, filter);
  g_assert_cmpuint (ot_facets_get_n_matching (facets), ==, 1);
  item = ot_facets_find (facets, OT_FILTER_RELIABILITY, "C");
  g_assert_cmpuint (item->count, ==, 1);
  g_assert_cmpuint (ot_facets_find (facets, OT_FILTER_ILLUSTRATIVE, "illustrative")->count, ==, 0);
  g_assert_cmpuint (ot_facets_find (facets, OT_FILTER_CREDIBILITY, "1")->count, ==, 1);
  g_assert_cmpuint (ot_facets_find (facets, OT_FILTER_CREDIBILITY, "2")->count, ==, 0);
}

static OtScene *
fixture_scene (OtDataset      *ds,
               OtViewKind      view,
               const OtFilter *filter)
{
  g_autoptr(OtChart) chart = ot_chart_new ();
  g_autoptr(GError) error = NULL;

  ot_chart_set_dataset (chart, ds);
  ot_chart_set_view (chart, view);
  ot_chart_set_theme (chart, ot_theme_light ());
  if (filter)
    ot_chart_set_filter (chart, filter);
  g_assert_true (ot_chart_update (chart, NULL, &error));
  g_assert_no_error (error);
  return ot_chart_get_scene (chart);
}

/* Edges (with parts), bands and nodes drawn as illustrative; the
 * legend rows with @label. */
typedef struct {
  guint edges, parts, reported_parts, bands, reported_bands, nodes, legend;
} Marks;

static Marks
count_marks (const OtScene *scene)
{
  Marks m = { 0 };

  for (guint i = 0; i < scene->edges->len; i++)
    {
      const OtEdgeItem *e = &g_array_index (scene->edges, OtEdgeItem, i);
      gboolean any = OT_DASH_IS_ILLUSTRATIVE (e->dash);

      for (guint k = 0; k < e->n_parts; k++)
        {
          const OtEdgePartItem *p = &g_array_index (scene->parts, OtEdgePartItem, e->first_part + k);

          if (OT_DASH_IS_ILLUSTRATIVE (p->dash))
            {
              m.parts++;
              any = TRUE;
            }
          else
            m.reported_parts++;
        }
      m.edges += any;
    }
  for (guint i = 0; i < scene->bands->len; i++)
    {
      if (g_array_index (scene->bands, OtBandItem, i).illustrative)
        m.bands++;
      else
        m.reported_bands++;
    }
  for (guint i = 0; i < scene->nodes->len; i++)
    m.nodes += g_array_index (scene->nodes, OtNodeItem, i).illustrative;
  for (guint i = 0; i < scene->legend->len; i++)
    {
      const OtLegendItem *item = &g_array_index (scene->legend, OtLegendItem, i);

      if (g_str_has_prefix (item->label, "Illustrative"))
        m.legend++;
    }
  return m;
}

static void
test_evidence_scene (void)
{
  g_autoptr(OtDataset) ds = load_fixture ();
  g_autoptr(OtFilter) reported = ot_filter_new ();

  ot_filter_set_show_illustrative (reported, FALSE);

  /* Network: KR -> JP (illustrative only: one edge, its two minerals'
   * parts dotted) and the illustrative share of CN -> US gallium, a part
   * of its own beside the reported one; KR and JP dashed. */
  {
    g_autoptr(OtScene) scene = fixture_scene (ds, OT_VIEW_NETWORK, NULL);
    Marks m = count_marks (scene);

    g_assert_cmpuint (m.edges, ==, 2);
    g_assert_cmpuint (m.parts, ==, 2);
    g_assert_cmpuint (m.nodes, ==, 2);
    g_assert_cmpuint (m.legend, ==, 1);   /* one row for flows and places */
    g_assert_true (ot_scene_has_illustrative (scene, FALSE));
  }
  /* Map: the same flows and places. */
  {
    g_autoptr(OtScene) scene = fixture_scene (ds, OT_VIEW_MAP, NULL);
    Marks m = count_marks (scene);

    g_assert_cmpuint (m.edges, ==, 2);
    g_assert_cmpuint (m.nodes, >=, 2);
    g_assert_cmpuint (m.legend, ==, 1);
  }
  /* Flow: illustrative records make bands of their own. */
  {
    g_autoptr(OtScene) scene = fixture_scene (ds, OT_VIEW_FLOW, NULL);
    Marks m = count_marks (scene);

    g_assert_cmpuint (m.bands, >=, 2);
    g_assert_cmpuint (m.reported_bands, >=, 2);
    g_assert_cmpuint (m.legend, ==, 1);
  }
  /* Reported facts only: nothing drawn as illustrative, no legend row. */
  for (OtViewKind view = OT_VIEW_NETWORK; view <= OT_VIEW_FLOW; view++)
    {
      g_autoptr(OtScene) scene = fixture_scene (ds, view, reported);
      Marks m = count_marks (scene);

      g_assert_cmpuint (m.edges + m.parts + m.bands + m.nodes + m.legend, ==, 0);
      g_assert_false (ot_scene_has_illustrative (scene, FALSE));
      g_assert_cmpuint (m.reported_parts + m.reported_bands, >, 0);
    }
}

/* An export shows the dots: round-capped strokes with a dash array that
 * starts with a zero-length dash, only when illustrative marks are drawn. */
static guint
count_dots (const char *svg)
{
  guint n = 0;

  for (const char *p = svg; (p = strstr (p, "stroke-dasharray=\"0")) != NULL; p++)
    n++;
  return n;
}

static void
test_evidence_svg (void)
{
  g_autoptr(OtDataset) ds = load_fixture ();
  g_autoptr(OtFilter) reported = ot_filter_new ();
  g_autofree char *dir = g_dir_make_tmp ("ot-evidence-XXXXXX", NULL);

  ot_filter_set_show_illustrative (reported, FALSE);
  for (OtViewKind view = OT_VIEW_NETWORK; view <= OT_VIEW_FLOW; view++)
    for (guint hide = 0; hide < 2; hide++)
      {
        g_autoptr(OtScene) scene = fixture_scene (ds, view, hide ? reported : NULL);
        g_autofree char *path = g_build_filename (dir, "chart.svg", NULL);
        g_autofree char *text = NULL;
        g_autoptr(GError) error = NULL;
        OtExportOptions opts;

        ot_export_options_init (&opts);
        opts.width = 1000;
        opts.height = 700;
        g_assert_true (ot_export_scene (scene, NULL, &opts, path, &error));
        g_assert_no_error (error);
        g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
        if (hide)
          {
            g_assert_cmpuint (count_dots (text), ==, 0);
            g_assert_null (strstr (text, "Illustrative (not a real incident)"));
          }
        else
          {
            g_assert_cmpuint (count_dots (text), >, 0);
            g_assert_nonnull (strstr (text, "Illustrative (not a real incident)"));
          }
        g_assert_cmpint (g_remove (path), ==, 0);
      }
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/evidence/masks", test_evidence_masks);
  g_test_add_func ("/evidence/equal-copy-clear", test_evidence_equal_copy_clear);
  g_test_add_func ("/evidence/describe", test_evidence_describe);
  g_test_add_func ("/evidence/cli", test_evidence_cli);
  g_test_add_func ("/evidence/facets", test_evidence_facets);
  g_test_add_func ("/evidence/scene", test_evidence_scene);
  g_test_add_func ("/evidence/svg", test_evidence_svg);

  return g_test_run ();
}
