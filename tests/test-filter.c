/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The filter, part by part and combined, on small hand-made datasets and
 * on the sample data; the period rule with year-, month- and day-precision
 * dates; facet counts; the caption. */
#include <locale.h>
#include <math.h>
#include <string.h>

#include "ot-facets.h"
#include "ot-filter.h"
#include "ot-loader.h"
#include "ot-test-filter.h"

typedef struct {
  const char *id;
  const char *date;
  const char *mineral;
  const char *status;
  const char *confidence;
  double      kg;
  const char *declared_as;
  const char *concealment;
  const char *origin;
  const char *via;          /* one hop country or NULL */
  const char *destination;
  const char *event_country;
  const char *exporter;
  const char *consignee;
} Row;

static const Row rows[] = {
  { "A", "2024-07-15", "antimony", "seized", "high", 600, "Solder paste", "false declaration; hidden in other goods",
    "CN", "TH", "US", NULL, "Acme Metals", "Blue Ltd" },
  { "B", "2024", "gallium", "alleged", "low", NAN, NULL, "Passenger baggage",
    "CN", NULL, NULL, "CN", NULL, NULL },
  { "C", "2024-08", "germanium", "convicted", "medium", 20, "  solder   PASTE ", "False declaration",
    "CN", "MX", "US", NULL, "acme metals", NULL },
  { "D", "2025-02-03", "antimony", "seized", "high", 25000, NULL, NULL,
    NULL, NULL, NULL, "HK", NULL, NULL },
  { "E", NULL, "tungsten", "investigated", "medium", 5, "ceramics", "mislabelled",
    "CN", "VN", "KR", NULL, NULL, "Red Co" },
};

static void
add_row (OtDataset *ds,
         const Row *row)
{
  OtIncident incident = { 0 };
  OtHop hop = { 0 };
  OtStatus status;
  OtConfidence confidence;

  incident.id = ot_dataset_store (ds, row->id);
  incident.quantity_kg = row->kg;
  incident.value = NAN;
  g_assert_true (ot_mineral_parse (row->mineral, &incident.mineral));
  g_assert_true (ot_status_parse (row->status, &status));
  g_assert_true (ot_confidence_parse (row->confidence, &confidence));
  incident.status = status;
  incident.confidence = confidence;
  if (row->date)
    g_assert_true (ot_date_parse (row->date, &incident.date, NULL));
  if (row->declared_as)
    incident.declared_as = ot_dataset_intern (ds, row->declared_as);
  if (row->concealment)
    incident.concealment = ot_dataset_intern (ds, row->concealment);
  if (row->origin)
    g_strlcpy (incident.origin.code, row->origin, 3);
  if (row->destination)
    g_strlcpy (incident.destination.code, row->destination, 3);
  if (row->event_country)
    g_strlcpy (incident.event_country.code, row->event_country, 3);
  if (row->via)
    {
      g_strlcpy (hop.country.code, row->via, 3);
      incident.via = &hop;
      incident.n_via = 1;
    }
  if (row->exporter)
    incident.exporter = ot_dataset_intern (ds, row->exporter);
  if (row->consignee)
    incident.consignee = ot_dataset_intern (ds, row->consignee);
  g_assert_true (ot_dataset_add (ds, &incident));
}

static OtDataset *
make_dataset (void)
{
  OtDataset *ds = ot_dataset_new ();

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    add_row (ds, &rows[i]);
  return ds;
}

static guint32
day (const char *text,
     gboolean    last)
{
  OtDate date;

  g_assert_true (ot_date_parse (text, &date, NULL));
  return last ? ot_date_last_day (&date) : ot_date_first_day (&date);
}

static void
test_filter_empty (void)
{
  g_autoptr(OtDataset) ds = make_dataset ();
  g_autoptr(OtFilter) filter = ot_filter_new ();

  g_assert_true (ot_filter_is_empty (filter));
  ot_test_assert_passing (ds, filter, "A,B,C,D,E");
  ot_test_assert_passing (ds, NULL, "A,B,C,D,E");
  g_assert_null (ot_filter_describe (filter));
}

static void
test_filter_minerals_status_confidence (void)
{
  g_autoptr(OtDataset) ds = make_dataset ();
  g_autoptr(OtFilter) filter = ot_filter_new ();
  OtMineral sb, ga;

  g_assert_true (ot_mineral_parse ("antimony", &sb));
  g_assert_true (ot_mineral_parse ("gallium", &ga));
  ot_filter_set_mineral (filter, sb, TRUE);
  ot_test_assert_passing (ds, filter, "A,D");
  ot_filter_set_mineral (filter, ga, TRUE);
  ot_test_assert_passing (ds, filter, "A,B,D");
  ot_filter_set_mineral (filter, sb, FALSE);
  ot_filter_set_mineral (filter, ga, FALSE);
  g_assert_true (ot_filter_is_empty (filter));

  ot_filter_set_status (filter, OT_STATUS_SEIZED, TRUE);
  ot_filter_set_status (filter, OT_STATUS_CONVICTED, TRUE);
  ot_test_assert_passing (ds, filter, "A,C,D");
  ot_filter_clear_part (filter, OT_FILTER_STATUSES);

  ot_filter_set_confidence (filter, OT_CONFIDENCE_MEDIUM, TRUE);
  ot_test_assert_passing (ds, filter, "C,E");
  g_assert_true (ot_filter_has_part (filter, OT_FILTER_CONFIDENCE));
  g_assert_false (ot_filter_includes_confidence (filter, OT_CONFIDENCE_HIGH));
  ot_filter_set_confidence (filter, OT_CONFIDENCE_LOW, TRUE);
  ot_test_assert_passing (ds, filter, "B,C,E");
}

static void
test_filter_methods_declared (void)
{
  g_autoptr(OtDataset) ds = make_dataset ();
  g_autoptr(OtFilter) filter = ot_filter_new ();
  g_auto(GStrv) parts = ot_filter_split_methods (" false declaration ;; hidden in other goods;");
  g_autofree char *key = ot_filter_label_key ("  Solder\t  PASTE ");

  g_assert_cmpuint (g_strv_length (parts), ==, 2);
  g_assert_cmpstr (parts[0], ==, "false declaration");
  g_assert_cmpstr (parts[1], ==, "hidden in other goods");
  g_assert_cmpstr (key, ==, "solder paste");

  /* Case and blanks do not matter; one method of several is enough. */
  ot_filter_set_method (filter, "FALSE DECLARATION", TRUE);
  ot_test_assert_passing (ds, filter, "A,C");
  ot_filter_set_method (filter, "hidden in other goods", TRUE);
  ot_filter_set_method (filter, "false declaration", FALSE);
  ot_test_assert_passing (ds, filter, "A");
  ot_filter_clear_part (filter, OT_FILTER_METHODS);

  ot_filter_set_declared_as (filter, "solder paste", TRUE);
  ot_test_assert_passing (ds, filter, "A,C");
  ot_filter_set_declared_as (filter, "Ceramics", TRUE);
  ot_test_assert_passing (ds, filter, "A,C,E");
  g_assert_true (ot_filter_includes_declared_as (filter, "CERAMICS"));
  g_assert_false (ot_filter_includes_declared_as (filter, NULL));
}

static void
test_filter_countries_companies (void)
{
  g_autoptr(OtDataset) ds = make_dataset ();
  g_autoptr(OtFilter) filter = ot_filter_new ();

  /* Origin, via, destination and event country all count. */
  ot_filter_set_country (filter, "TH", OT_FILTER_INCLUDE);
  ot_test_assert_passing (ds, filter, "A");
  ot_filter_set_country (filter, "hk", OT_FILTER_INCLUDE);
  ot_test_assert_passing (ds, filter, "A,D");
  g_assert_cmpint (ot_filter_get_country (filter, "HK"), ==, OT_FILTER_INCLUDE);
  ot_filter_clear_part (filter, OT_FILTER_COUNTRIES);

  ot_filter_set_country (filter, "US", OT_FILTER_EXCLUDE);
  ot_test_assert_passing (ds, filter, "B,D,E");
  /* Excluding wins over including for a record naming both. */
  ot_filter_set_country (filter, "CN", OT_FILTER_INCLUDE);
  ot_test_assert_passing (ds, filter, "B,E");
  /* Setting a country again replaces its mode. */
  ot_filter_set_country (filter, "US", OT_FILTER_INCLUDE);
  ot_test_assert_passing (ds, filter, "A,B,C,E");
  ot_filter_set_country (filter, "US", OT_FILTER_ANY);
  ot_filter_set_country (filter, "CN", OT_FILTER_ANY);
  g_assert_true (ot_filter_is_empty (filter));

  /* Exporter and consignee, by key. */
  ot_filter_set_company (filter, "ACME METALS", OT_FILTER_INCLUDE);
  ot_test_assert_passing (ds, filter, "A,C");
  ot_filter_set_company (filter, "Red Co", OT_FILTER_INCLUDE);
  ot_test_assert_passing (ds, filter, "A,C,E");
  ot_filter_clear_part (filter, OT_FILTER_COMPANIES);
  ot_filter_set_company (filter, "blue ltd", OT_FILTER_EXCLUDE);
  ot_test_assert_passing (ds, filter, "B,C,D,E");
  g_assert_cmpint (ot_filter_get_company (filter, "Blue  Ltd"), ==, OT_FILTER_EXCLUDE);
  g_assert_cmpint (ot_filter_get_company (filter, "Acme Metals"), ==, OT_FILTER_ANY);
}

/* The period rule: included when the span of days the date can mean
 * overlaps the period, ends inclusive; undated records fall out. */
static void
test_filter_period_boundaries (void)
{
  g_autoptr(OtDataset) ds = make_dataset ();
  g_autoptr(OtFilter) filter = ot_filter_new ();

  /* B is "2024" (the whole year), C "2024-08", A "2024-07-15". */
  ot_filter_set_period (filter, day ("2024-07-15", FALSE), day ("2024-07-15", TRUE));
  ot_test_assert_passing (ds, filter, "A,B");
  ot_filter_set_period (filter, day ("2024-07-16", FALSE), day ("2024-07-31", TRUE));
  ot_test_assert_passing (ds, filter, "B");
  /* Last day of C's month / first day of it. */
  ot_filter_set_period (filter, day ("2024-08-31", FALSE), 0);
  ot_test_assert_passing (ds, filter, "B,C,D");
  ot_filter_set_period (filter, 0, day ("2024-08-01", TRUE));
  ot_test_assert_passing (ds, filter, "A,B,C");
  ot_filter_set_period (filter, day ("2024-09-01", FALSE), day ("2024-12-31", TRUE));
  ot_test_assert_passing (ds, filter, "B");
  /* A year-precision record stays in until the period leaves its year. */
  ot_filter_set_period (filter, day ("2024-12-31", FALSE), day ("2025-01-31", TRUE));
  ot_test_assert_passing (ds, filter, "B");
  ot_filter_set_period (filter, day ("2025-01", FALSE), day ("2025-02", TRUE));
  ot_test_assert_passing (ds, filter, "D");
  ot_filter_set_period (filter, day ("2023", FALSE), day ("2023", TRUE));
  ot_test_assert_passing (ds, filter, "");
  /* E has no date: any period leaves it out. */
  ot_filter_set_period (filter, day ("1900", FALSE), 0);
  ot_test_assert_passing (ds, filter, "A,B,C,D");
}

static void
test_filter_combined (void)
{
  g_autoptr(OtDataset) ds = make_dataset ();
  g_autoptr(OtFilter) filter = ot_filter_new ();
  g_autoptr(OtFilter) copy = NULL;
  OtMineral sb;

  g_assert_true (ot_mineral_parse ("antimony", &sb));
  ot_filter_set_mineral (filter, sb, TRUE);
  ot_filter_set_min_kg (filter, 1000);
  ot_test_assert_passing (ds, filter, "D");
  ot_filter_set_min_kg (filter, 0);
  ot_filter_set_method (filter, "false declaration", TRUE);
  ot_test_assert_passing (ds, filter, "A");
  ot_filter_set_country (filter, "TH", OT_FILTER_EXCLUDE);
  ot_test_assert_passing (ds, filter, "");

  copy = ot_filter_copy (filter);
  g_assert_true (ot_filter_equal (filter, copy));
  ot_filter_set_company (copy, "x", OT_FILTER_INCLUDE);
  g_assert_false (ot_filter_equal (filter, copy));
  ot_filter_set_company (copy, "x", OT_FILTER_ANY);
  g_assert_true (ot_filter_equal (filter, copy));
  ot_filter_set_method (copy, "False  Declaration", FALSE);
  g_assert_false (ot_filter_equal (filter, copy));
  g_assert_true (ot_filter_has_part (filter, OT_FILTER_METHODS));
  g_assert_false (ot_filter_has_part (copy, OT_FILTER_METHODS));
}

static void
test_filter_facets (void)
{
  g_autoptr(OtDataset) ds = make_dataset ();
  g_autoptr(OtFilter) filter = ot_filter_new ();
  g_autoptr(OtFacets) all = ot_facets_new (ds, NULL);
  g_autoptr(OtFacets) some = NULL;
  const OtFacetItem *item;
  OtMineral sb;

  g_assert_cmpuint (ot_facets_get_n_matching (all), ==, 5);
  g_assert_cmpuint (ot_facets_get_n_items (all, OT_FILTER_MINERALS), ==, 4);
  item = ot_facets_get_item (all, OT_FILTER_MINERALS, 0);
  g_assert_cmpstr (item->key, ==, "antimony");
  g_assert_cmpuint (item->total, ==, 2);
  g_assert_cmpuint (item->count, ==, 2);
  /* "Solder paste" and "  solder   PASTE " are one label. */
  item = ot_facets_find (all, OT_FILTER_DECLARED_AS, "solder paste");
  g_assert_nonnull (item);
  g_assert_cmpuint (item->total, ==, 2);
  g_assert_cmpstr (ot_facets_get_item (all, OT_FILTER_DECLARED_AS, 0)->key, ==, "solder paste");
  item = ot_facets_find (all, OT_FILTER_METHODS, "false declaration");
  g_assert_cmpuint (item->total, ==, 2);
  /* CN: origin of A, B, C, E and B's event country, counted once each. */
  item = ot_facets_find (all, OT_FILTER_COUNTRIES, "CN");
  g_assert_cmpuint (item->total, ==, 4);
  item = ot_facets_find (all, OT_FILTER_COMPANIES, "acme metals");
  g_assert_cmpuint (item->total, ==, 2);

  /* With antimony ticked, the other minerals keep their counts while the
   * other facets count only antimony. */
  g_assert_true (ot_mineral_parse ("antimony", &sb));
  ot_filter_set_mineral (filter, sb, TRUE);
  some = ot_facets_new (ds, filter);
  g_assert_cmpuint (ot_facets_get_n_matching (some), ==, 2);
  g_assert_cmpuint (ot_facets_find (some, OT_FILTER_MINERALS, "gallium")->count, ==, 1);
  g_assert_cmpuint (ot_facets_find (some, OT_FILTER_COUNTRIES, "CN")->count, ==, 1);
  g_assert_cmpuint (ot_facets_find (some, OT_FILTER_COUNTRIES, "CN")->total, ==, 4);
  g_assert_cmpuint (ot_facets_find (some, OT_FILTER_STATUSES, "seized")->count, ==, 2);
  g_assert_cmpuint (ot_facets_find (some, OT_FILTER_STATUSES, "alleged")->count, ==, 0);

  /* Recounting the first facets under the filter gives the same. */
  ot_facets_set_filter (all, filter);
  g_assert_cmpuint (ot_facets_get_n_matching (all), ==, 2);
  for (guint part = 0; part < OT_N_FILTER_PARTS; part++)
    for (guint i = 0; i < ot_facets_get_n_items (all, part); i++)
      {
        const OtFacetItem *a = ot_facets_get_item (all, part, i);
        const OtFacetItem *b = ot_facets_find (some, part, a->key);

        g_assert_nonnull (b);
        g_assert_cmpuint (a->count, ==, b->count);
        g_assert_cmpuint (a->total, ==, b->total);
      }
}

/* A copy recounts on its own (a frame's counts, issue 16): the same
 * values, its counts under its filter, the original's untouched; the
 * original freed first leaves the copy whole. */
static void
test_filter_facets_copy (void)
{
  g_autoptr(OtDataset) ds = make_dataset ();
  g_autoptr(OtFilter) filter = ot_filter_new ();
  OtFacets *all = ot_facets_new (ds, NULL);
  g_autoptr(OtFacets) copy = ot_facets_copy (all);
  OtMineral sb;

  g_assert_true (ot_mineral_parse ("antimony", &sb));
  ot_filter_set_mineral (filter, sb, TRUE);
  ot_facets_set_filter (copy, filter);
  g_assert_cmpuint (ot_facets_get_n_matching (copy), ==, 2);
  g_assert_cmpuint (ot_facets_get_n_matching (all), ==, 5);
  for (guint part = 0; part < OT_N_FILTER_PARTS; part++)
    g_assert_cmpuint (ot_facets_get_n_items (copy, part), ==, ot_facets_get_n_items (all, part));
  g_assert_cmpuint (ot_facets_find (all, OT_FILTER_COUNTRIES, "CN")->count, ==, 4);
  g_assert_cmpuint (ot_facets_find (copy, OT_FILTER_COUNTRIES, "CN")->count, <, 4);
  g_assert_cmpuint (ot_facets_find (copy, OT_FILTER_COUNTRIES, "CN")->total, ==, 4);
  ot_facets_free (all);
  g_assert_cmpstr (ot_facets_get_item (copy, OT_FILTER_MINERALS, 0)->key, ==, "antimony");
  ot_facets_set_filter (copy, NULL);
  g_assert_cmpuint (ot_facets_get_n_matching (copy), ==, 5);
}

static void
test_filter_describe (void)
{
  g_autoptr(OtFilter) filter = ot_filter_new ();
  g_autofree char *text = NULL;
  g_autofree char *months = NULL;
  g_autofree char *open_end = NULL;
  OtMineral sb, ga;

  g_assert_true (ot_mineral_parse ("antimony", &sb));
  g_assert_true (ot_mineral_parse ("gallium", &ga));
  ot_filter_set_mineral (filter, ga, TRUE);
  ot_filter_set_mineral (filter, sb, TRUE);
  ot_filter_set_status (filter, OT_STATUS_SEIZED, TRUE);
  ot_filter_set_confidence (filter, OT_CONFIDENCE_HIGH, TRUE);
  ot_filter_set_method (filter, "Hidden in other goods", TRUE);
  ot_filter_set_declared_as (filter, "Solder paste", TRUE);
  ot_filter_set_country (filter, "TH", OT_FILTER_INCLUDE);
  ot_filter_set_country (filter, "MX", OT_FILTER_EXCLUDE);
  ot_filter_set_company (filter, "Acme", OT_FILTER_EXCLUDE);
  ot_filter_set_min_kg (filter, 100);
  text = ot_filter_describe (filter);
  g_assert_cmpstr (text, ==,
                   "Antimony, Gallium · Seized · High confidence · Concealed: hidden in other goods · "
                   "Declared as: solder paste · Involving Thailand · Not involving Mexico · "
                   "Excluding companies: acme · ≥ 100 kg");
  {
    g_autofree char *countries = ot_filter_describe_parts (filter, OT_FILTER_PART_BIT (OT_FILTER_COUNTRIES));
    g_autofree char *period = ot_filter_describe_parts (filter, OT_FILTER_PART_BIT (OT_FILTER_PERIOD));

    g_assert_cmpstr (countries, ==, "Involving Thailand · Not involving Mexico");
    g_assert_null (period);   /* no period set */
  }

  ot_filter_free (g_steal_pointer (&filter));
  filter = ot_filter_new ();
  ot_filter_set_period (filter, day ("2024-01", FALSE), day ("2024-06", TRUE));
  months = ot_filter_describe (filter);
  g_assert_cmpstr (months, ==, "2024-01 – 2024-06");   /* as ot_date_to_display() writes months */
  ot_filter_set_period (filter, day ("2024-03-05", FALSE), 0);
  open_end = ot_filter_describe (filter);
  g_assert_cmpstr (open_end, ==, "From 2024-03-05");
}

/* The sample data: every single-part filter keeps a strict subset, and
 * combined parts keep the intersection. */
static void
test_filter_samples (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("OT_SOURCE_ROOT"), "data", "samples",
                                            "incidents.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(OtDataset) ds = ot_loader_load_files (&file, 1, NULL, NULL, NULL, &error);
  g_autoptr(OtFilter) a = ot_filter_new ();
  g_autoptr(OtFilter) b = ot_filter_new ();
  g_autoptr(OtFilter) both = NULL;
  g_autofree guint8 *ma = NULL, *mb = NULL, *mboth = NULL;
  guint na, nb, nboth, n;

  g_assert_no_error (error);
  n = ot_dataset_get_n_incidents (ds);
  g_assert_cmpuint (n, >, 20);

  ot_filter_set_method (a, "false declaration", TRUE);
  ot_filter_set_country (b, "CN", OT_FILTER_INCLUDE);
  both = ot_filter_copy (a);
  ot_filter_set_country (both, "CN", OT_FILTER_INCLUDE);
  ma = ot_filter_apply (a, ds, &na);
  mb = ot_filter_apply (b, ds, &nb);
  mboth = ot_filter_apply (both, ds, &nboth);
  g_assert_cmpuint (na, >, 0);
  g_assert_cmpuint (na, <, n);
  g_assert_cmpuint (nb, >, 0);
  g_assert_cmpuint (nb, <, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpuint (mboth[i], ==, ma[i] && mb[i]);
  g_assert_cmpuint (nboth, >, 0);

  /* The mask (which caches string tests per interned string) agrees
   * with matching one record at a time. */
  ot_filter_set_company (both, "Northern Carbon Trading (fictional)", OT_FILTER_EXCLUDE);
  ot_filter_set_declared_as (both, "solder paste", TRUE);
  ot_filter_set_declared_as (both, "tile adhesive", TRUE);
  g_clear_pointer (&mboth, g_free);
  mboth = ot_filter_apply (both, ds, &nboth);
  g_assert_cmpuint (nboth, >, 0);
  for (guint i = 0; i < n; i++)
    g_assert_cmpuint (mboth[i], ==, ot_filter_matches (both, ot_dataset_get_incident (ds, i)));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/filter/empty", test_filter_empty);
  g_test_add_func ("/filter/minerals-status-confidence", test_filter_minerals_status_confidence);
  g_test_add_func ("/filter/methods-declared", test_filter_methods_declared);
  g_test_add_func ("/filter/countries-companies", test_filter_countries_companies);
  g_test_add_func ("/filter/period-boundaries", test_filter_period_boundaries);
  g_test_add_func ("/filter/combined", test_filter_combined);
  g_test_add_func ("/filter/facets", test_filter_facets);
  g_test_add_func ("/filter/facets-copy", test_filter_facets_copy);
  g_test_add_func ("/filter/describe", test_filter_describe);
  g_test_add_func ("/filter/samples", test_filter_samples);

  return g_test_run ();
}
