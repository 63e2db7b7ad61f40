/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Loading a text as if read from a file, for the loader tests. */
#pragma once

#include <string.h>

#include "ot-loader.h"

/* A new dataset holding @text (@length bytes) read as file @name. */
static inline OtDataset *
ot_test_load_len (const char *name,
                  const char *text,
                  gsize       length)
{
  OtDataset *ds = ot_dataset_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (ot_loader_load_data (ds, name, text, length, NULL, &error));
  g_assert_no_error (error);
  return ds;
}

static inline OtDataset *
ot_test_load (const char *name,
              const char *text)
{
  return ot_test_load_len (name, text, strlen (text));
}

/* A new dataset of the files at @paths (NULL-terminated), loaded as the
 * window loads them. */
static inline OtDataset *
ot_test_load_paths (const char * const *paths)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  OtDataset *ds;

  for (guint i = 0; paths[i] != NULL; i++)
    g_ptr_array_add (files, g_file_new_for_path (paths[i]));
  ds = ot_loader_load_files ((GFile **) files->pdata, files->len, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  return ds;
}

/* A sample file of data/samples/ holding @n incidents. */
static inline OtDataset *
ot_test_load_sample_file (const char *name,
                          guint       n)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "samples",
                                                 name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  OtDataset *ds = ot_loader_load_files (&file, 1, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (ot_dataset_get_n_incidents (ds), ==, n);
  return ds;
}

/* The 60 researched sample incidents, data/samples/incidents.csv. */
static inline OtDataset *
ot_test_load_samples (void)
{
  return ot_test_load_sample_file ("incidents.csv", 60);
}

/* The 25 made-up incidents of data/samples/illustrative-demo.csv: fictional
 * companies, routes through named ports, the reported concealments.  For
 * tests that need what the researched records lack. */
static inline OtDataset *
ot_test_load_demo (void)
{
  return ot_test_load_sample_file ("illustrative-demo.csv", 25);
}

/* Any severity, for ot_test_find_problem (). */
#define OT_TEST_ANY_SEVERITY ((OtSeverity) -1)

/* The problem of @ds on @line, of @severity (or OT_TEST_ANY_SEVERITY),
 * whose message contains @needle; NULL when there is none, after listing
 * the problems there are in the test's log. */
static inline const OtProblem *
ot_test_find_problem (OtDataset  *ds,
                      guint       line,
                      OtSeverity  severity,
                      const char *needle)
{
  GPtrArray *problems = ot_dataset_get_problems (ds);

  for (guint i = 0; i < problems->len; i++)
    {
      const OtProblem *p = problems->pdata[i];

      if (p->line == line && (severity == OT_TEST_ANY_SEVERITY || p->severity == severity) &&
          strstr (p->message, needle) != NULL)
        return p;
    }
  for (guint i = 0; i < problems->len; i++)
    {
      g_autofree char *text = ot_problem_to_string (problems->pdata[i]);

      g_test_message ("problem: %s", text);
    }
  return NULL;
}
