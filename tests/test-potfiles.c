/* SPDX-License-Identifier: GPL-3.0-or-later */
/* po/POTFILES.in is complete and true: every source, template and data file
 * with strings marked for translation is listed (or its strings never reach
 * a catalogue), every listed file exists, and the list is sorted. */
#include <glib.h>
#include <string.h>

/* Marks that put a string into the catalogue. */
static gboolean
has_marked_strings (const char *path,
                    const char *contents)
{
  static GRegex *c_mark = NULL;

  if (c_mark == NULL)
    c_mark = g_regex_new ("\\b(N?_|C_|NC_|g_dngettext|ngettext)\\s*\\(", G_REGEX_OPTIMIZE, 0, NULL);

  if (g_str_has_suffix (path, ".c"))
    return g_regex_match (c_mark, contents, 0, NULL);
  if (g_str_has_suffix (path, ".ui"))
    return strstr (contents, "translatable=\"yes\"") != NULL;
  return FALSE;
}

static void
collect (const char *root,
         const char *relative,
         GPtrArray  *found)
{
  g_autofree char *dir_path = g_build_filename (root, relative, NULL);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *rel = g_build_filename (relative, name, NULL);
      g_autofree char *path = g_build_filename (root, rel, NULL);
      g_autofree char *contents = NULL;

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        collect (root, rel, found);
      else if (g_file_get_contents (path, &contents, NULL, NULL) &&
               has_marked_strings (path, contents))
        g_ptr_array_add (found, g_steal_pointer (&rel));
    }
}

static GPtrArray *
read_potfiles (const char *root)
{
  g_autofree char *path = g_build_filename (root, "po", "POTFILES.in", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  GPtrArray *listed = g_ptr_array_new_with_free_func (g_free);

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = g_strstrip (lines[i]);

      if (*line != '\0' && *line != '#')
        g_ptr_array_add (listed, g_strdup (line));
    }
  return listed;
}

static void
test_potfiles_complete (void)
{
  const char *root = g_getenv ("OT_SOURCE_ROOT");
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);

  g_assert_nonnull (root);
  listed = read_potfiles (root);
  collect (root, "src", found);
  collect (root, "resources", found);
  g_assert_cmpuint (found->len, >, 0);

  for (guint i = 0; i < found->len; i++)
    {
      const char *file = g_ptr_array_index (found, i);

      if (!g_ptr_array_find_with_equal_func (listed, file, g_str_equal, NULL))
        g_error ("%s has strings marked for translation but is not in po/POTFILES.in", file);
    }
}

static void
test_potfiles_exist_sorted (void)
{
  const char *root = g_getenv ("OT_SOURCE_ROOT");
  g_autoptr(GPtrArray) listed = NULL;

  g_assert_nonnull (root);
  listed = read_potfiles (root);
  for (guint i = 0; i < listed->len; i++)
    {
      const char *file = g_ptr_array_index (listed, i);
      g_autofree char *path = g_build_filename (root, file, NULL);

      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        g_error ("po/POTFILES.in lists %s, which does not exist", file);
      if (i > 0 && strcmp (g_ptr_array_index (listed, i - 1), file) >= 0)
        g_error ("po/POTFILES.in is not sorted (LC_ALL=C) at %s", file);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/potfiles/complete", test_potfiles_complete);
  g_test_add_func ("/potfiles/exist-sorted", test_potfiles_exist_sorted);

  return g_test_run ();
}
