/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <string.h>

#include "ot-generator.h"
#include "ot-loader.h"

static OtDataset *
load_generated (guint64  seed,
                guint    count,
                OtFormat format)
{
  g_autoptr(GBytes) bytes = ot_generator_to_bytes (seed, count, format);
  OtDataset *ds = ot_dataset_new ();
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);

  g_assert_true (ot_loader_load_data (ds, format == OT_FORMAT_CSV ? "gen.csv" : "gen.json",
                                      data, size, NULL, NULL));
  return ds;
}

static void
test_generator_deterministic (void)
{
  for (OtFormat f = OT_FORMAT_CSV; f <= OT_FORMAT_JSONL; f++)
    {
      g_autoptr(GBytes) a = ot_generator_to_bytes (42, 500, f);
      g_autoptr(GBytes) b = ot_generator_to_bytes (42, 500, f);
      g_autoptr(GBytes) c = ot_generator_to_bytes (43, 500, f);

      g_assert_true (g_bytes_equal (a, b));
      g_assert_false (g_bytes_equal (a, c));
    }
}

static void
test_generator_loads_clean (void)
{
  for (OtFormat f = OT_FORMAT_CSV; f <= OT_FORMAT_JSONL; f++)
    {
      g_autoptr(OtDataset) ds = load_generated (5, 3000, f);
      GPtrArray *problems = ot_dataset_get_problems (ds);

      for (guint i = 0; i < problems->len && i < 5; i++)
        {
          g_autofree char *s = ot_problem_to_string (problems->pdata[i]);
          g_test_message ("%s", s);
        }
      g_assert_cmpuint (problems->len, ==, 0);
      g_assert_cmpuint (ot_dataset_get_n_incidents (ds), ==, 3000);
      g_assert_true (ot_dataset_get_incident (ds, 0)->illustrative);
    }
  {
    g_autoptr(OtDataset) empty = load_generated (5, 0, OT_FORMAT_JSON);
    g_assert_cmpuint (ot_dataset_get_n_incidents (empty), ==, 0);
    g_assert_cmpuint (ot_dataset_get_problems (empty)->len, ==, 0);
  }
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static void
test_generator_shape (void)
{
  g_autoptr(OtDataset) ds = load_generated (11, 20000, OT_FORMAT_CSV);
  g_autoptr(GHashTable) hub_counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GArray) quantities = g_array_new (FALSE, FALSE, sizeof (double));
  guint n_hops = 0, top = 0;
  double sum = 0, median;
  GHashTableIter iter;
  gpointer value;

  for (guint i = 0; i < ot_dataset_get_n_incidents (ds); i++)
    {
      const OtIncident *inc = ot_dataset_get_incident (ds, i);

      for (guint j = 0; j < inc->n_via; j++)
        {
          g_autofree char *key = g_strdup_printf ("%s:%s", inc->via[j].country.code,
                                                  inc->via[j].port ? inc->via[j].port : "");
          guint n = GPOINTER_TO_UINT (g_hash_table_lookup (hub_counts, key)) + 1;
          g_hash_table_replace (hub_counts, g_steal_pointer (&key), GUINT_TO_POINTER (n));
          n_hops++;
        }
      if (ot_incident_has_quantity (inc))
        {
          g_array_append_val (quantities, inc->quantity_kg);
          sum += inc->quantity_kg;
        }
    }

  g_hash_table_iter_init (&iter, hub_counts);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    top = MAX (top, GPOINTER_TO_UINT (value));

  /* Few hubs carry much: the busiest takes over a fifth of all hops,
   * among twenty or more hubs. */
  g_assert_cmpuint (g_hash_table_size (hub_counts), >=, 20);
  g_assert_cmpfloat ((double) top / n_hops, >, 0.2);

  /* Many small flows, a heavy tail: the mean is far above the median,
   * and the range spans grams to hundreds of tonnes. */
  g_array_sort (quantities, compare_doubles);
  median = g_array_index (quantities, double, quantities->len / 2);
  g_assert_cmpfloat (sum / quantities->len, >, 10 * median);
  g_assert_cmpfloat (g_array_index (quantities, double, 0), <, 0.1);
  g_assert_cmpfloat (g_array_index (quantities, double, quantities->len - 1), >, 100000.0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/generator/deterministic", test_generator_deterministic);
  g_test_add_func ("/generator/loads-clean", test_generator_loads_clean);
  g_test_add_func ("/generator/shape", test_generator_shape);

  return g_test_run ();
}
