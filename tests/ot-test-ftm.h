/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The FtM model's own check of an export (issue 19): tests/ftm/validate.js
 * with the npm package @alephdata/followthemoney (pinned in
 * tests/ftm/package-lock.json, installed by build-aux/test). */
#pragma once

#include <glib.h>
#include <glib/gstdio.h>

/* Runs validate.js on @bytes, each "Schema=N" of @expect (space
 * separated, may be "") a count it must find; fails the test when the
 * model refuses the file.  FALSE, running nothing, when Node.js or the
 * package is not there. */
static inline gboolean
ot_test_ftm_validate (GBytes     *bytes,
                      const char *expect)
{
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "ftm", "validate.js", NULL);
  g_autofree char *modules = g_test_build_filename (G_TEST_DIST, "ftm", "node_modules", "@alephdata",
                                                    "followthemoney", NULL);
  g_autofree char *node = g_find_program_in_path ("node");
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) expects = g_strsplit (expect, " ", -1);
  int status;

  if (node == NULL || !g_file_test (modules, G_FILE_TEST_IS_DIR))
    return FALSE;
  dir = g_dir_make_tmp ("oretrace-ftm-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "case.ftm.json", NULL);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL));
  g_ptr_array_add (argv, node);
  g_ptr_array_add (argv, script);
  g_ptr_array_add (argv, path);
  for (guint i = 0; expects[i] != NULL; i++)
    if (*expects[i])
      {
        g_ptr_array_add (argv, (char *) "--expect");
        g_ptr_array_add (argv, expects[i]);
      }
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_test_message ("%s", out);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_unlink (path);
  g_rmdir (dir);
  return TRUE;
}
