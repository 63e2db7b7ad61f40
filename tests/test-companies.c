/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The companies of a dataset as the merge window lists them
 * (src/core/document/ot-companies.c): each shown once, sorted with case
 * and accents ignored, an incident counted once per company, entities
 * under their display name with their names counted, the key -> entity
 * table, and the name proposed for a merge. */
#include "ot-alias-suggest.h"
#include "ot-companies.h"
#include "ot-test-load.h"

static const char csv[] =
  "id,date,mineral,origin,exporter,destination,consignee\n"
  "A1,2024-01-01,gallium,CN,Acme Trading,TH,Bolt Metals\n"
  "A2,2024-01-02,gallium,CN,ACME TRADING,TH,Acme Trading\n"   /* Acme once in A2 */
  "A3,2024-01-03,gallium,CN,Émile Export,TH,Bolt Metals\n"
  "A4,2024-01-04,gallium,CN,Acme Trading,US,\n"
  "A5,2024-01-05,gallium,CN,zeta Corp,US,Bolt Metals Ltd\n";

static void
test_companies_list (void)
{
  g_autoptr(OtDataset) ds = ot_test_load ("companies.csv", csv);
  g_autoptr(OtCompanies) companies = ot_companies_new (ds);
  /* Equal but for case: byte order. */
  const char *order[] = { "ACME TRADING", "Acme Trading", "Bolt Metals", "Bolt Metals Ltd", "Émile Export",
                          "zeta Corp" };
  const guint counts[] = { 1, 3, 2, 1, 1, 1 };

  g_assert_cmpuint (ot_companies_get_n (companies), ==, G_N_ELEMENTS (order));
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      g_assert_cmpstr (ot_companies_get_name (companies, i), ==, order[i]);
      g_assert_cmpuint (ot_companies_get_n_incidents (companies, i), ==, counts[i]);
      g_assert_cmpuint (ot_companies_get_n_keys (companies, i), ==, 1);
      g_assert_cmpint (ot_companies_find (companies, order[i]), ==, i);
    }
  g_assert_cmpint (ot_companies_find (companies, "acme trading"), ==, -1);
  g_assert_cmpuint (g_hash_table_size (ot_companies_get_entities (companies)), ==, 0);
}

static void
test_companies_entities (void)
{
  g_autoptr(OtDataset) ds = ot_test_load ("companies.csv", csv);
  const char *keys[] = { "Acme Trading", "ACME TRADING", "Bolt Metals Ltd" };
  const char *names[] = { "Acme", "Acme", "Bolt Metals Ltd" };
  g_autoptr(OtCompanies) companies = NULL;
  GHashTable *entities;
  gint acme;

  ot_dataset_set_aliases (ds, keys, names, G_N_ELEMENTS (keys));
  companies = ot_companies_new (ds);
  /* Acme (two names), Bolt Metals, Bolt Metals Ltd, Émile, zeta. */
  g_assert_cmpuint (ot_companies_get_n (companies), ==, 5);
  acme = ot_companies_find (companies, "Acme");
  g_assert_cmpint (acme, ==, 0);
  g_assert_cmpuint (ot_companies_get_n_incidents (companies, acme), ==, 3);   /* A1, A2, A4 */
  g_assert_cmpuint (ot_companies_get_n_keys (companies, acme), ==, 2);
  g_assert_cmpint (ot_companies_find (companies, "ACME TRADING"), ==, -1);
  entities = ot_companies_get_entities (companies);
  g_assert_cmpuint (g_hash_table_size (entities), ==, 2);
  g_assert_cmpstr (g_hash_table_lookup (entities, "Acme Trading"), ==, "Acme");
  g_assert_cmpstr (g_hash_table_lookup (entities, "ACME TRADING"), ==, "Acme");
  /* An alias to its own name is no entity of several. */
  g_assert_null (g_hash_table_lookup (entities, "Bolt Metals Ltd"));
}

static void
test_companies_propose (void)
{
  g_autoptr(OtDataset) ds = ot_test_load ("companies.csv", csv);
  g_autoptr(OtCompanies) companies = ot_companies_new (ds);
  const char *most[] = { "ACME TRADING", "Acme Trading" };
  const char *capitals[] = { "BOLT METALS LTD", "Émile Export" };   /* 0 and 1 incident */
  const char *tie_case[] = { "ACME TRADING", "zeta Corp" };         /* 1 each */
  const char *tie_length[] = { "zeta Corp", "Bolt Metals Ltd" };    /* 1 each */
  const char *tie_order[] = { "Ab", "Aa" };                         /* none */
  g_autofree char *a = ot_companies_propose_name (companies, most, 2);
  g_autofree char *b = ot_companies_propose_name (companies, capitals, 2);
  g_autofree char *c = ot_companies_propose_name (companies, tie_case, 2);
  g_autofree char *d = ot_companies_propose_name (companies, tie_length, 2);
  g_autofree char *e = ot_companies_propose_name (companies, tie_order, 2);

  g_assert_cmpstr (a, ==, "Acme Trading");
  g_assert_cmpstr (b, ==, "Émile Export");
  g_assert_cmpstr (c, ==, "zeta Corp");
  g_assert_cmpstr (d, ==, "Bolt Metals Ltd");
  g_assert_cmpstr (e, ==, "Aa");
  g_assert_null (ot_companies_propose_name (companies, NULL, 0));
}

/* The suggestions of a dataset with its entities and rejected pairs,
 * counted per company shown. */
static void
test_companies_suggested (void)
{
  g_autoptr(OtDataset) ds = ot_test_load ("companies.csv", csv);
  g_autoptr(OtCompanies) companies = ot_companies_new (ds);
  g_autoptr(OtCaseTables) tables = ot_case_tables_new ();
  g_autoptr(GHashTable) none = NULL;
  g_autoptr(GHashTable) rejected = NULL;
  g_autoptr(GArray) all = NULL;
  g_autoptr(GArray) left = NULL;
  g_autoptr(GHashTable) counts = NULL;

  none = ot_companies_rejected_pairs (tables);
  all = ot_companies_suggest (companies, none);
  /* Acme Trading ~ ACME TRADING, Bolt Metals ~ Bolt Metals Ltd */
  g_assert_cmpuint (all->len, ==, 2);
  counts = ot_companies_count_suggested (companies, all);
  g_assert_cmpuint (g_hash_table_size (counts), ==, 4);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (counts, "Acme Trading")), ==, 1);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (counts, "Bolt Metals Ltd")), ==, 1);
  g_assert_null (g_hash_table_lookup (counts, "zeta Corp"));

  ot_case_tables_add_decision (tables, "Bolt Metals", "Bolt Metals Ltd");
  rejected = ot_companies_rejected_pairs (tables);
  g_assert_cmpuint (g_hash_table_size (rejected), ==, 1);
  left = ot_companies_suggest (companies, rejected);
  g_assert_cmpuint (left->len, ==, 1);
  g_assert_cmpstr (g_array_index (left, OtAliasSuggestion, 0).key_a, ==, "ACME TRADING");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/companies/list", test_companies_list);
  g_test_add_func ("/companies/entities", test_companies_entities);
  g_test_add_func ("/companies/propose", test_companies_propose);
  g_test_add_func ("/companies/suggested", test_companies_suggested);

  return g_test_run ();
}
