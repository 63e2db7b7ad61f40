/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A saved view's text (issue 17, docs/case-file.md "saved_views"): every
 * part of a filter and every field of a viewport survives JSON and back
 * (ot_filter_equal, exact doubles), the documented example reads as
 * documented, unknown keys are skipped, and hostile text gives an
 * OT_ERROR, never a crash or a filter made up of part of it. */
#include "ot-error.h"
#include "ot-filter.h"
#include "ot-viewport.h"

#include <math.h>
#include <string.h>

static OtFilter *
round_trip (const OtFilter *filter)
{
  g_autofree char *json = ot_filter_to_json (filter);
  g_autoptr(GError) error = NULL;
  OtFilter *back;

  g_assert_nonnull (json);
  back = ot_filter_from_json (json, &error);
  g_assert_no_error (error);
  g_assert_nonnull (back);
  if (!ot_filter_equal (filter, back))
    g_error ("not equal after %s", json);
  return back;
}

/* One filter per part, then all parts at once: each equal after the
 * trip, and each differs from the empty filter (so the part really is in
 * the text, not lost on both sides). */
static void
test_filter_every_part (void)
{
  g_autoptr(OtFilter) all = ot_filter_new ();
  g_autoptr(OtFilter) empty = ot_filter_new ();
  OtFilter *parts[OT_N_FILTER_PARTS];

  for (guint p = 0; p < OT_N_FILTER_PARTS; p++)
    parts[p] = ot_filter_new ();

  ot_filter_set_mineral (parts[OT_FILTER_MINERALS], 0, TRUE);
  ot_filter_set_mineral (parts[OT_FILTER_MINERALS], ot_mineral_count () - 1, TRUE);
  ot_filter_set_mineral (parts[OT_FILTER_MINERALS], OT_MINERAL_NONE, TRUE);
  ot_filter_set_mineral (parts[OT_FILTER_MINERALS], OT_FILTER_MINERAL_NOTHING, TRUE);
  ot_filter_set_status (parts[OT_FILTER_STATUSES], OT_STATUS_SEIZED, TRUE);
  ot_filter_set_status (parts[OT_FILTER_STATUSES], OT_N_STATUS - 1, TRUE);
  ot_filter_set_confidence (parts[OT_FILTER_CONFIDENCE], OT_N_CONFIDENCE - 1, TRUE);
  ot_filter_set_method (parts[OT_FILTER_METHODS], "Hidden in  Scrap", TRUE);
  ot_filter_set_method (parts[OT_FILTER_METHODS], "misdeclared \"quoted\" \\ 有限公司", TRUE);
  ot_filter_set_declared_as (parts[OT_FILTER_DECLARED_AS], "Zinc Oxide", TRUE);
  ot_filter_set_country (parts[OT_FILTER_COUNTRIES], "CN", OT_FILTER_INCLUDE);
  ot_filter_set_country (parts[OT_FILTER_COUNTRIES], "ZZ", OT_FILTER_INCLUDE);
  ot_filter_set_country (parts[OT_FILTER_COUNTRIES], "AA", OT_FILTER_EXCLUDE);
  ot_filter_set_country (parts[OT_FILTER_COUNTRIES], "RU", OT_FILTER_EXCLUDE);
  ot_filter_set_company (parts[OT_FILTER_COMPANIES], "Gulfline Metals Inc.", OT_FILTER_INCLUDE);
  ot_filter_set_company (parts[OT_FILTER_COMPANIES], "深圳有限公司", OT_FILTER_EXCLUDE);
  ot_filter_set_period (parts[OT_FILTER_PERIOD], 738886, 739251);
  ot_filter_set_min_kg (parts[OT_FILTER_MIN_KG], 0.1 + 0.2);   /* not a short decimal */
  ot_filter_set_reliability (parts[OT_FILTER_RELIABILITY], 'A', TRUE);
  ot_filter_set_reliability (parts[OT_FILTER_RELIABILITY], 'F', TRUE);
  ot_filter_set_reliability (parts[OT_FILTER_RELIABILITY], 0, TRUE);
  ot_filter_set_credibility (parts[OT_FILTER_CREDIBILITY], 1, TRUE);
  ot_filter_set_credibility (parts[OT_FILTER_CREDIBILITY], 6, TRUE);
  ot_filter_set_credibility (parts[OT_FILTER_CREDIBILITY], 0, TRUE);
  ot_filter_set_show_illustrative (parts[OT_FILTER_ILLUSTRATIVE], FALSE);

  for (guint p = 0; p < OT_N_FILTER_PARTS; p++)
    {
      g_autoptr(OtFilter) back = NULL;

      g_test_message ("part %u", p);
      g_assert_true (ot_filter_has_part (parts[p], p));
      back = round_trip (parts[p]);
      g_assert_true (ot_filter_has_part (back, p));
      g_assert_false (ot_filter_equal (back, empty));
    }

  /* All at once, the way the sidebar builds them. */
  ot_filter_set_mineral (all, 2, TRUE);
  ot_filter_set_status (all, OT_STATUS_CONVICTED, TRUE);
  ot_filter_set_confidence (all, 0, TRUE);
  ot_filter_set_method (all, "false bottom", TRUE);
  ot_filter_set_declared_as (all, "solder paste", TRUE);
  ot_filter_set_country (all, "HK", OT_FILTER_INCLUDE);
  ot_filter_set_country (all, "AE", OT_FILTER_EXCLUDE);
  ot_filter_set_company (all, "A", OT_FILTER_INCLUDE);
  ot_filter_set_company (all, "B", OT_FILTER_EXCLUDE);
  ot_filter_set_period (all, 0, 739251);   /* one end open */
  ot_filter_set_min_kg (all, 1e12);
  ot_filter_set_reliability (all, 'C', TRUE);
  ot_filter_set_credibility (all, 3, TRUE);
  ot_filter_set_show_illustrative (all, FALSE);
  {
    g_autoptr(OtFilter) back = round_trip (all);

    for (guint p = 0; p < OT_N_FILTER_PARTS; p++)
      g_assert_true (ot_filter_has_part (back, p));
  }
  /* The empty filter is "{}" and back. */
  {
    g_autofree char *json = ot_filter_to_json (empty);
    g_autoptr(OtFilter) back = round_trip (empty);

    g_assert_cmpstr (json, ==, "{}");
    g_assert_true (ot_filter_is_empty (back));
  }
  for (guint p = 0; p < OT_N_FILTER_PARTS; p++)
    ot_filter_free (parts[p]);
}

/* Random filters: equal after the trip, the same text written twice. */
static void
test_filter_random (void)
{
  static const char *const words[] = { "scrap", "Zinc  oxide", "A & B Ltd", "x\ny", "ÄÖÜ" };
  GRand *rand = g_rand_new_with_seed (17);

  for (guint round = 0; round < 500; round++)
    {
      g_autoptr(OtFilter) filter = ot_filter_new ();
      g_autoptr(OtFilter) back = NULL;
      g_autofree char *first = NULL;
      g_autofree char *again = NULL;

      for (guint k = g_rand_int_range (rand, 0, 12); k > 0; k--)
        {
          char code[3] = { 'A' + g_rand_int_range (rand, 0, 26), 'A' + g_rand_int_range (rand, 0, 26), 0 };

          switch (g_rand_int_range (rand, 0, 12))
            {
            case 0: ot_filter_set_mineral (filter, g_rand_int_range (rand, 0, ot_mineral_count ()), TRUE); break;
            case 1: ot_filter_set_status (filter, g_rand_int_range (rand, 0, OT_N_STATUS), TRUE); break;
            case 2: ot_filter_set_confidence (filter, g_rand_int_range (rand, 0, OT_N_CONFIDENCE), TRUE); break;
            case 3: ot_filter_set_method (filter, words[g_rand_int_range (rand, 0, 5)], TRUE); break;
            case 4: ot_filter_set_declared_as (filter, words[g_rand_int_range (rand, 0, 5)], TRUE); break;
            case 5: ot_filter_set_country (filter, code, g_rand_int_range (rand, 1, 3)); break;
            case 6: ot_filter_set_company (filter, words[g_rand_int_range (rand, 0, 5)], g_rand_int_range (rand, 1, 3)); break;
            case 7: ot_filter_set_period (filter, g_rand_int_range (rand, 0, 3000000), g_rand_int_range (rand, 0, 3000000)); break;
            case 8: ot_filter_set_min_kg (filter, g_rand_double_range (rand, 0, 1e9)); break;
            case 9: ot_filter_set_reliability (filter, "\0ABCDEF"[g_rand_int_range (rand, 0, 7)], TRUE); break;
            case 10: ot_filter_set_credibility (filter, g_rand_int_range (rand, 0, 7), TRUE); break;
            default: ot_filter_set_show_illustrative (filter, g_rand_boolean (rand)); break;
            }
        }
      back = round_trip (filter);
      first = ot_filter_to_json (filter);
      again = ot_filter_to_json (back);
      g_assert_cmpstr (first, ==, again);
    }
  g_rand_free (rand);
}

/* The example of docs/case-file.md, as written there. */
static void
test_filter_documented (void)
{
  const char *json =
    "{\"minerals\":[\"gallium\",\"germanium\"],\"statuses\":[\"seized\",\"convicted\"],"
    "\"confidence\":[\"high\"],\"methods\":[\"false bottom\"],\"declared_as\":[\"zinc oxide\"],"
    "\"countries\":{\"include\":[\"CN\"],\"exclude\":[\"RU\"]},"
    "\"companies\":{\"include\":[],\"exclude\":[\"gulfline metals inc.\"]},"
    "\"period\":{\"from\":\"2024-01-01\",\"to\":null},\"min_kg\":100,"
    "\"reliability\":[\"A\",\"B\",\"none\"],\"credibility\":[1,2],\"illustrative\":false,"
    "\"a_later_key\":{\"ignored\":[1,2,3]}}";
  g_autoptr(GError) error = NULL;
  g_autoptr(OtFilter) filter = ot_filter_from_json (json, &error);
  OtMineral gallium, germanium;
  guint32 from, to;
  GDate date;

  g_assert_no_error (error);
  g_assert_true (ot_mineral_parse ("gallium", &gallium));
  g_assert_true (ot_mineral_parse ("germanium", &germanium));
  g_assert_true (ot_filter_includes_mineral (filter, gallium));
  g_assert_true (ot_filter_includes_mineral (filter, germanium));
  g_assert_false (ot_filter_includes_mineral (filter, OT_MINERAL_NONE));
  g_assert_true (ot_filter_includes_status (filter, OT_STATUS_SEIZED));
  g_assert_false (ot_filter_includes_status (filter, OT_STATUS_REPORTED));
  g_assert_true (ot_filter_includes_confidence (filter, OT_CONFIDENCE_HIGH));
  g_assert_false (ot_filter_includes_confidence (filter, OT_CONFIDENCE_LOW));
  g_assert_true (ot_filter_includes_method (filter, "False Bottom"));
  g_assert_false (ot_filter_includes_method (filter, "scrap"));
  g_assert_true (ot_filter_includes_declared_as (filter, "Zinc oxide"));
  g_assert_cmpint (ot_filter_get_country (filter, "CN"), ==, OT_FILTER_INCLUDE);
  g_assert_cmpint (ot_filter_get_country (filter, "RU"), ==, OT_FILTER_EXCLUDE);
  g_assert_cmpint (ot_filter_get_company (filter, "Gulfline Metals Inc."), ==, OT_FILTER_EXCLUDE);
  ot_filter_get_period (filter, &from, &to);
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 1, 1, 2024);
  g_assert_cmpuint (from, ==, g_date_get_julian (&date));
  g_assert_cmpuint (to, ==, 0);
  g_assert_cmpfloat (ot_filter_get_min_kg (filter), ==, 100);
  g_assert_true (ot_filter_includes_reliability (filter, 'B'));
  g_assert_true (ot_filter_includes_reliability (filter, 0));
  g_assert_false (ot_filter_includes_reliability (filter, 'C'));
  g_assert_true (ot_filter_includes_credibility (filter, 2));
  g_assert_false (ot_filter_includes_credibility (filter, 0));
  g_assert_false (ot_filter_get_show_illustrative (filter));
}

/* Each hostile text: an OT_ERROR with a message, no filter. */
static void
test_filter_hostile (void)
{
  static const char *const bad[] = {
    "", "null", "[]", "42", "\"text\"", "{", "{\"minerals\":",
    "{\"minerals\":\"gallium\"}", "{\"minerals\":[1]}", "{\"minerals\":[\"unobtainium\"]}",
    "{\"minerals\":[null]}", "{\"statuses\":[\"arrested\"]}", "{\"confidence\":[\"certain\"]}",
    "{\"methods\":[{}]}", "{\"declared_as\":{}}", "{\"countries\":[\"CN\"]}",
    "{\"countries\":{\"include\":[\"CHN\"]}}", "{\"countries\":{\"include\":[\"C1\"]}}",
    "{\"countries\":{\"exclude\":\"RU\"}}", "{\"companies\":{\"include\":[3]}}",
    "{\"period\":\"2024\"}", "{\"period\":{\"from\":\"2024-02-30\"}}",
    "{\"period\":{\"from\":\"2024-1-01\"}}", "{\"period\":{\"from\":\"+024-01-01\"}}",
    "{\"period\":{\"to\":-5}}", "{\"period\":{\"to\":99999999999}}", "{\"period\":{\"to\":1.5}}",
    "{\"min_kg\":-1}", "{\"min_kg\":\"100\"}", "{\"min_kg\":1e999}", "{\"min_kg\":true}",
    "{\"reliability\":[\"G\"]}", "{\"reliability\":[\"AB\"]}", "{\"reliability\":[1]}",
    "{\"credibility\":[7]}", "{\"credibility\":[0]}", "{\"credibility\":[\"1\"]}",
    "{\"illustrative\":\"no\"}", "{\"illustrative\":0}",
    "{\"minerals\":[\"gallium\"],\"statuses\":[\"nope\"]}",
    "\xff\xfe{}", "{\"methods\":[\"\xc3\x28\"]}",
  };
  g_autoptr(GString) deep = g_string_new ("{\"a\":");

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      OtFilter *filter = ot_filter_from_json (bad[i], &error);

      g_test_message ("%s", bad[i]);
      g_assert_null (filter);
      g_assert_error (error, OT_ERROR, OT_ERROR_INVALID);
      g_assert_true (g_str_has_prefix (error->message, "The saved filter cannot be read: "));
    }
  {
    g_autoptr(GError) error = NULL;

    g_assert_null (ot_filter_from_json (NULL, &error));
    g_assert_error (error, OT_ERROR, OT_ERROR_INVALID);
  }
  /* A hundred thousand levels deep: refused before json-glib recurses. */
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  {
    g_autoptr(GError) error = NULL;

    g_assert_null (ot_filter_from_json (deep->str, &error));
    g_assert_error (error, OT_ERROR, OT_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "nested"));
  }
}

static void
assert_viewport_equal (const OtViewport *a,
                       const OtViewport *b)
{
  g_assert_true (a->width == b->width && a->height == b->height && a->scale == b->scale &&
                 a->tx == b->tx && a->ty == b->ty && a->fit_scale == b->fit_scale);
}

static void
test_viewport (void)
{
  OtViewport vp, back;
  OtRect bounds = { -180.25, -90.5, 179.75, 83.625 };
  static const char *const bad[] = {
    "", "[]", "{}", "{\"width\":800,\"height\":600,\"scale\":2,\"tx\":1,\"ty\":2}",
    "{\"width\":-1,\"height\":600,\"scale\":2,\"tx\":1,\"ty\":2,\"fit_scale\":1}",
    "{\"width\":800,\"height\":600,\"scale\":\"2\",\"tx\":1,\"ty\":2,\"fit_scale\":1}",
    "{\"width\":800,\"height\":600,\"scale\":2,\"tx\":1e999,\"ty\":2,\"fit_scale\":1}",
    "{\"width\":800,\"height\":600,\"scale\":2,\"tx\":null,\"ty\":2,\"fit_scale\":1}",
  };

  ot_viewport_fit (&vp, &bounds, 1013, 677, 24);
  ot_viewport_zoom_at (&vp, 1.25, 301.3, 17.9);
  ot_viewport_pan (&vp, -33.3, 12.7);
  {
    g_autofree char *json = ot_viewport_to_json (&vp);
    g_autoptr(GError) error = NULL;

    memset (&back, 0, sizeof back);
    g_assert_true (ot_viewport_from_json (json, &back, &error));
    g_assert_no_error (error);
    assert_viewport_equal (&vp, &back);
  }
  /* Unknown keys skipped; integers read as numbers; negative pan kept. */
  {
    g_autoptr(GError) error = NULL;

    g_assert_true (ot_viewport_from_json ("{\"width\":800,\"height\":600,\"scale\":2,\"tx\":-10,"
                                          "\"ty\":-20.5,\"fit_scale\":1.5,\"rotation\":90}",
                                          &back, &error));
    g_assert_no_error (error);
    g_assert_cmpfloat (back.width, ==, 800);
    g_assert_cmpfloat (back.tx, ==, -10);
    g_assert_cmpfloat (back.ty, ==, -20.5);
    g_assert_cmpfloat (back.fit_scale, ==, 1.5);
  }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      OtViewport before = back;

      g_test_message ("%s", bad[i]);
      g_assert_false (ot_viewport_from_json (bad[i], &back, &error));
      g_assert_error (error, OT_ERROR, OT_ERROR_INVALID);
      assert_viewport_equal (&before, &back);   /* untouched */
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/saved-view/filter/every-part", test_filter_every_part);
  g_test_add_func ("/saved-view/filter/random", test_filter_random);
  g_test_add_func ("/saved-view/filter/documented", test_filter_documented);
  g_test_add_func ("/saved-view/filter/hostile", test_filter_hostile);
  g_test_add_func ("/saved-view/viewport", test_viewport);

  return g_test_run ();
}
