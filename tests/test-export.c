/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <cairo.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ot-error.h"
#include "ot-export.h"
#include "ot-render.h"
#include "scene-fixture.h"

typedef struct {
  char    *dir;
  OtScene *scene;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("oretrace-export-XXXXXX", &error);
  g_assert_no_error (error);
  f->scene = fixture_network_scene (ot_theme_light ());
}

static void
remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      GDir *dir;
      const char *name;

      g_chmod (path, 0700);
      dir = g_dir_open (path, 0, NULL);
      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          remove_tree (child);
        }
      if (dir != NULL)
        g_dir_close (dir);
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  remove_tree (f->dir);
  g_free (f->dir);
  ot_scene_unref (f->scene);
}

/* Names in @dir, sorted, joined by spaces ("" when empty). */
static char *
list_dir (const char *path)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_dir_close (dir);
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

static gboolean
run (const char * const *argv,
     char              **out)
{
  g_autoptr(GError) error = NULL;
  int status = -1;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, out, NULL, &status, &error))
    {
      g_test_message ("cannot run %s: %s", argv[0], error->message);
      return FALSE;
    }
  return g_spawn_check_wait_status (status, NULL);
}

/* Exports the fixture to @name in the test folder and reads it back. */
static cairo_surface_t *
export_png (Fixture    *f,
            const char *name,
            int         width,
            int         height,
            double      scale,
            gboolean    transparent)
{
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  g_autoptr(GError) error = NULL;
  OtExportOptions opts;
  cairo_surface_t *png;

  ot_export_options_init (&opts);
  opts.width = width;
  opts.height = height;
  opts.scale = scale;
  opts.transparent = transparent;
  g_assert_true (ot_export_scene (f->scene, NULL, &opts, path, &error));
  g_assert_no_error (error);
  png = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_surface_status (png), ==, CAIRO_STATUS_SUCCESS);
  return png;
}

static gboolean
have_program (const char *name)
{
  g_autofree char *path = g_find_program_in_path (name);

  return path != NULL;
}

static void
test_png_size (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "chart.PNG", NULL);
  g_autofree char *names = NULL;
  mode_t old_mask = umask (022);
  cairo_surface_t *png = export_png (f, "chart.PNG", 640, 400, 1.5, FALSE);
  GStatBuf st;

  umask (old_mask);
  g_assert_cmpint (cairo_image_surface_get_width (png), ==, 960);
  g_assert_cmpint (cairo_image_surface_get_height (png), ==, 600);
  cairo_surface_destroy (png);

  /* A new file's mode follows the umask, like any other file. */
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0644);
  names = list_dir (f->dir);
  g_assert_cmpstr (names, ==, "chart.PNG");
}

static void
test_png_transparent (Fixture       *f,
                      gconstpointer  data)
{
  cairo_surface_t *png = export_png (f, "clear.png", 300, 200, 1, TRUE);
  const guint8 *pixels = cairo_image_surface_get_data (png);

  g_assert_cmpint (cairo_image_surface_get_format (png), ==, CAIRO_FORMAT_ARGB32);
  g_assert_cmpint (pixels[3], ==, 0);   /* the top-left corner shows through */
  cairo_surface_destroy (png);
  /* ...and an opaque export does not. */
  png = export_png (f, "solid.png", 300, 200, 1, FALSE);
  pixels = cairo_image_surface_get_data (png);
  g_assert_cmpint (pixels[3], ==, 255);
  cairo_surface_destroy (png);
}

static void
test_svg (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "chart.svg", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  const char *xmllint[] = { "xmllint", "--noout", path, NULL };

  g_assert_true (ot_export_scene (f->scene, NULL, NULL, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "<?xml"));
  g_assert_nonnull (strstr (contents, "width=\"1600px\""));
  g_assert_nonnull (strstr (contents, "-title\">Controlled minerals: reported smuggling routes</title>"));
  g_assert_nonnull (strstr (contents, "Antimony"));
  g_assert_nonnull (strstr (contents, "Alleged only"));
  g_assert_nonnull (strstr (contents, "Source: synthetic test data"));
  if (!have_program ("xmllint"))
    {
      g_test_skip ("xmllint is not installed");
      return;
    }
  g_assert_true (run (xmllint, NULL));
}

static void
test_pdf (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "chart.pdf", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *info = NULL;
  g_autofree char *text = NULL;
  const char *pdfinfo[] = { "pdfinfo", path, NULL };
  const char *pdftotext[] = { "pdftotext", path, "-", NULL };
  OtExportOptions opts;

  ot_export_options_init (&opts);
  opts.width = 960;
  opts.height = 600;
  g_assert_true (ot_export_scene (f->scene, NULL, &opts, path, &error));
  g_assert_no_error (error);
  if (!have_program ("pdfinfo") || !have_program ("pdftotext"))
    {
      g_test_skip ("poppler-utils is not installed");
      return;
    }
  g_assert_true (run (pdfinfo, &info));
  g_assert_true (g_regex_match_simple ("^Pages: +1$", info, G_REGEX_MULTILINE, 0));
  g_assert_true (g_regex_match_simple ("^Title: +Controlled minerals: reported smuggling routes$",
                                       info, G_REGEX_MULTILINE, 0));
  /* The size is in points for PDF, as --help and the dialog say (issue 14). */
  g_assert_true (g_regex_match_simple ("^Page size: +960 x 600 pts", info, G_REGEX_MULTILINE, 0));
  /* Text stays text: the legend can be searched and copied. */
  g_assert_true (run (pdftotext, &text));
  g_assert_nonnull (strstr (text, "Antimony"));
  g_assert_nonnull (strstr (text, "Transshipment hub"));
}

/* Exporting what the screen shows: a zoomed viewport. */
static void
test_viewport_export (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *whole = g_build_filename (f->dir, "whole.png", NULL);
  g_autofree char *zoomed = g_build_filename (f->dir, "zoomed.png", NULL);
  g_autofree char *a = NULL, *b = NULL;
  gsize la, lb;
  OtExportOptions opts;
  OtViewport vp;

  ot_export_options_init (&opts);
  opts.width = 400;
  opts.height = 300;
  ot_render_fit (f->scene, NULL, 800, 500, &vp);
  g_assert_true (ot_export_scene (f->scene, &vp, &opts, whole, NULL));
  ot_viewport_zoom_at (&vp, 3, 300, 250);
  g_assert_true (ot_export_scene (f->scene, &vp, &opts, zoomed, NULL));
  g_assert_true (g_file_get_contents (whole, &a, &la, NULL));
  g_assert_true (g_file_get_contents (zoomed, &b, &lb, NULL));
  g_assert_false (la == lb && memcmp (a, b, la) == 0);
}

/* The current view exported at the screen's size is the screen's picture
 * (issue 16: it came out zoomed to about 75 % and shifted, the whole page
 * behind the chrome fitted into the plot area). */
static void
test_current_view_is_the_screen (Fixture       *f,
                                 gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "current.png", NULL);
  cairo_surface_t *screen = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 800, 500);
  cairo_surface_t *png;
  OtRenderOptions ropts;
  OtExportOptions opts;
  OtViewport vp;
  cairo_t *cr;
  guint n_diff = 0;

  ot_render_options_init (&ropts);
  ropts.exact = TRUE;
  ot_render_fit (f->scene, &ropts, 800, 500, &vp);
  ot_viewport_zoom_at (&vp, 1.7, 330, 260);
  ot_viewport_pan (&vp, 40, -25);
  cr = cairo_create (screen);
  ot_render_scene (cr, f->scene, &vp, &ropts);
  cairo_destroy (cr);
  cairo_surface_flush (screen);

  ot_export_options_init (&opts);
  opts.width = 800;
  opts.height = 500;
  g_assert_true (ot_export_scene (f->scene, &vp, &opts, path, NULL));
  png = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_image_surface_get_width (png), ==, 800);
  for (int y = 0; y < 500; y++)
    for (int x = 0; x < 800; x++)
      {
        const guint8 *a = cairo_image_surface_get_data (screen) + y * cairo_image_surface_get_stride (screen) + 4 * x;
        const guint8 *b = cairo_image_surface_get_data (png) + y * cairo_image_surface_get_stride (png) + 4 * x;
        int d = 0;

        for (int c = 0; c < 4; c++)
          d = MAX (d, ABS ((int) a[c] - (int) b[c]));
        n_diff += d > 16;
      }
  g_test_message ("current view: %u of 400000 pixels differ from the screen", n_diff);
  g_assert_cmpuint (n_diff, <=, 400000 / 200);
  cairo_surface_destroy (png);
  cairo_surface_destroy (screen);
}

/* Exporting to @path fails with @domain/@code and a message holding
 * @part, and the test folder then holds exactly @names. */
static void
assert_export_fails (Fixture    *f,
                     const char *path,
                     GQuark      domain,
                     int         code,
                     const char *part,
                     const char *names)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *listed = NULL;

  g_assert_false (ot_export_scene (f->scene, NULL, NULL, path, &error));
  g_assert_error (error, domain, code);
  g_assert_nonnull (strstr (error->message, part));
  listed = list_dir (f->dir);
  g_assert_cmpstr (listed, ==, names);
}

static void
test_bad_extension (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *bmp = g_build_filename (f->dir, "chart.bmp", NULL);
  g_autofree char *bare = g_build_filename (f->dir, "chart", NULL);

  assert_export_fails (f, bmp, OT_ERROR, OT_ERROR_UNSUPPORTED, "unknown extension “.bmp”", "");
  assert_export_fails (f, bmp, OT_ERROR, OT_ERROR_UNSUPPORTED, "use .png, .svg, .pdf, .gexf, .graphml, .xlsx or .ftm.json", "");
  assert_export_fails (f, bare, OT_ERROR, OT_ERROR_UNSUPPORTED, "no extension", "");
}

static void
test_target_is_folder (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "out.png", NULL);

  g_assert_cmpint (g_mkdir (path, 0755), ==, 0);
  assert_export_fails (f, path, G_FILE_ERROR, G_FILE_ERROR_ISDIR, "is a folder", "out.png");
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_DIR));
}

static void
test_parent_is_file (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *file = g_build_filename (f->dir, "notes.txt", NULL);
  g_autofree char *path = g_build_filename (file, "out.svg", NULL);

  g_assert_true (g_file_set_contents (file, "keep", -1, NULL));
  assert_export_fails (f, path, G_FILE_ERROR, G_FILE_ERROR_NOTDIR,
                       "Cannot write a file in folder", "notes.txt");
}

static void
test_missing_folder (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "nope", "out.pdf", NULL);

  assert_export_fails (f, path, G_FILE_ERROR, G_FILE_ERROR_NOENT, "nope", "");
}

/* The export into @ro must fail with "permission denied" and leave the
 * folder empty; 0 when it did. */
static int
export_into_read_only (Fixture    *f,
                       const char *ro)
{
  g_autofree char *path = g_build_filename (ro, "out.png", NULL);
  g_autofree char *names = NULL;
  g_autoptr(GError) error = NULL;

  if (ot_export_scene (f->scene, NULL, NULL, path, &error))
    return 1;
  if (!g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_ACCES)
      || strstr (error->message, "Cannot write a file in folder") == NULL)
    return 2;
  names = list_dir (ro);
  return g_strcmp0 (names, "") == 0 ? 0 : 3;
}

static void
test_read_only_folder (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *ro = g_build_filename (f->dir, "ro", NULL);
  int status = 0;
  pid_t pid;

  g_assert_cmpint (g_mkdir (ro, 0700), ==, 0);
  g_assert_cmpint (g_chmod (ro, 0555), ==, 0);
  if (access (ro, W_OK) != 0)
    {
      g_assert_cmpint (export_into_read_only (f, ro), ==, 0);
      return;
    }
  /* Root ignores folder permissions: try as "nobody" in a child. */
  if (getuid () != 0)
    {
      g_test_skip ("folder permissions are not enforced here");
      return;
    }
  g_assert_cmpint (g_chmod (f->dir, 0755), ==, 0);
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      if (setgid (65534) != 0 || setuid (65534) != 0)
        _exit (10);
      _exit (export_into_read_only (f, ro));
    }
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
}

/* A failed export leaves an existing file as it was; a good one replaces
 * it whole. */
static void
test_existing_target (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "chart.png", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *names = NULL;
  OtExportOptions opts;

  g_assert_true (g_file_set_contents (path, "old", -1, NULL));
  ot_export_options_init (&opts);
  opts.width = 30000;
  g_assert_false (ot_export_scene (f->scene, NULL, &opts, path, &error));
  g_assert_error (error, OT_ERROR, OT_ERROR_INVALID);
  g_clear_error (&error);
  opts.width = 20000;
  opts.scale = 2;
  g_assert_false (ot_export_scene (f->scene, NULL, &opts, path, &error));
  g_assert_error (error, OT_ERROR, OT_ERROR_TOO_LARGE);
  g_clear_error (&error);
  opts.width = opts.height = 12000;   /* under 32767 a side, but 144 million pixels */
  opts.scale = 1;
  g_assert_false (ot_export_scene (f->scene, NULL, &opts, path, &error));
  g_assert_error (error, OT_ERROR, OT_ERROR_TOO_LARGE);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "old");
  g_clear_pointer (&names, g_free);
  names = list_dir (f->dir);
  g_assert_cmpstr (names, ==, "chart.png");

  g_clear_pointer (&contents, g_free);
  ot_export_options_init (&opts);
  opts.width = 200;
  opts.height = 100;
  g_assert_true (ot_export_scene (f->scene, NULL, &opts, path, NULL));
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_true (memcmp (contents, "\x89PNG", 4) == 0);
  g_clear_pointer (&names, g_free);
  names = list_dir (f->dir);
  g_assert_cmpstr (names, ==, "chart.png");
}

static void
test_format_for_path (void)
{
  OtExportFormat format;

  g_assert_true (ot_export_format_for_path ("/a/b.Svg", &format, NULL));
  g_assert_cmpint (format, ==, OT_EXPORT_SVG);
  g_assert_true (ot_export_format_for_path ("x.pdf", &format, NULL));
  g_assert_cmpint (format, ==, OT_EXPORT_PDF);
  g_assert_true (ot_export_format_for_path ("x.png", &format, NULL));
  g_assert_cmpint (format, ==, OT_EXPORT_PNG);
  g_assert_false (ot_export_format_for_path ("dir.png/x", &format, NULL));
  g_assert_false (ot_export_format_for_path (".png", &format, NULL));
}

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/export/png/size", test_png_size);
  ADD ("/export/png/transparent", test_png_transparent);
  ADD ("/export/svg", test_svg);
  ADD ("/export/pdf", test_pdf);
  ADD ("/export/viewport", test_viewport_export);
  ADD ("/export/current-view-is-the-screen", test_current_view_is_the_screen);
  ADD ("/export/atomic/bad-extension", test_bad_extension);
  ADD ("/export/atomic/target-is-folder", test_target_is_folder);
  ADD ("/export/atomic/parent-is-file", test_parent_is_file);
  ADD ("/export/atomic/missing-folder", test_missing_folder);
  ADD ("/export/atomic/read-only-folder", test_read_only_folder);
  ADD ("/export/atomic/existing-target", test_existing_target);
  g_test_add_func ("/export/format-for-path", test_format_for_path);

  return g_test_run ();
}
