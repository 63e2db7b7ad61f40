/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Replays the fuzz corpora kept in git through the same entry points the
 * libFuzzer harnesses use (fuzz/ot-fuzz-targets.c): every input that once
 * crashed (fuzz/regressions/<target>/) and the hand-written seeds
 * (fuzz/seeds/<target>/).  Built with the normal compiler, so the ASan
 * and valgrind runs of build-aux/test replay them too. */
#include <string.h>

#include "ot-fuzz-targets.h"

/* Feeds every file in @folder to @target; returns how many. */
static guint
replay_folder (const OtFuzzTarget *target,
               const char         *folder)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fuzz", folder, target->name, NULL);
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  dir = g_dir_open (path, 0, NULL);
  if (dir == NULL)
    return 0;
  while ((name = g_dir_read_name (dir)) != NULL)
    if (name[0] != '.')
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *file = g_build_filename (path, names->pdata[i], NULL);
      g_autofree char *contents = NULL;
      g_autoptr(GError) error = NULL;
      gsize length;

      g_file_get_contents (file, &contents, &length, &error);
      g_assert_no_error (error);
      g_test_message ("%s/%s/%s (%" G_GSIZE_FORMAT " bytes)", folder, target->name,
                      (const char *) names->pdata[i], length);
      target->run ((const guint8 *) contents, length);
    }
  return names->len;
}

static void
test_replay (gconstpointer data)
{
  const OtFuzzTarget *target = data;
  guint n = replay_folder (target, "regressions") + replay_folder (target, "seeds");

  /* Every target has seeds in git; an empty run means a wrong path. */
  g_assert_cmpuint (n, >, 0);
}

/* A harness must also survive the degenerate inputs. */
static void
test_edges (void)
{
  static const char *const inputs[] = { "", "\n", "\xEF\xBB\xBF", "\"", "[", "{", ",", ";", ":" };

  for (const OtFuzzTarget *t = ot_fuzz_targets; t->name != NULL; t++)
    for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
      t->run ((const guint8 *) inputs[i], strlen (inputs[i]));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  ot_fuzz_init ();

  for (const OtFuzzTarget *t = ot_fuzz_targets; t->name != NULL; t++)
    {
      g_autofree char *path = g_strdup_printf ("/fuzz-regressions/%s", t->name);
      g_test_add_data_func (path, t, test_replay);
    }
  g_test_add_func ("/fuzz-regressions/edges", test_edges);
  return g_test_run ();
}
