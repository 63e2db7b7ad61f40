/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-window-autosave.c: recovery copies (issue 17).  While a window has
 * unsaved work — incidents loaded that are not its saved case, or any
 * change the document reports through ot_window_mark_dirty () — it writes
 * a recovery copy every "autosave-interval" seconds (GSettings; 0: never)
 * into a folder of its own in g_get_user_state_dir ()/oretrace/recovery/:
 * NAME.oretrace (the case's name, so a recovered case names it), a case
 * written by ot_case_save () in a worker (atomic), and recovery.info, a key
 * file saying which case it is a copy of and when it was written.  The
 * window holds an flock () on recovery.info as long as it lives, so a copy
 * whose .info nobody holds is one a crash left (ot-window-recover.c).
 * A clean close and a successful save delete both files
 * (docs/case-file.md, "Recovery copies"). */
#include "ot-window-private.h"
#include "ot-case.h"
#include "ot-toast.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sys/file.h>
#include <unistd.h>

#define INFO_GROUP "Recovery"

char *
ot_window_recovery_dir (void)
{
  return g_build_filename (g_get_user_state_dir (), "oretrace", "recovery", NULL);
}

/* The case's name for the title and the recovery dialog: its file's, the
 * recovered case's, or "Untitled case". */
char *
ot_window_dup_case_name (OtWindow *self)
{
  if (self->case_path != NULL)
    return g_filename_display_basename (self->case_path);
  if (self->recovered_name != NULL)
    return g_strdup (self->recovered_name);
  return g_strdup (_("Untitled case"));
}

/* recovery.info beside NAME.oretrace. */
char *
ot_window_recovery_info_path (const char *case_path)
{
  g_autofree char *dir = g_path_get_dirname (case_path);

  return g_build_filename (dir, "recovery.info", NULL);
}

void
ot_window_delete_recovery_copy (const char *case_path)
{
  g_autofree char *info = ot_window_recovery_info_path (case_path);
  g_autofree char *dir = g_path_get_dirname (case_path);

  if (g_unlink (case_path) != 0 && errno != ENOENT)
    g_debug ("Could not delete %s: %s", case_path, g_strerror (errno));
  if (g_unlink (info) != 0 && errno != ENOENT)
    g_debug ("Could not delete %s: %s", info, g_strerror (errno));
  if (g_rmdir (dir) != 0 && errno != ENOENT)
    g_debug ("Could not delete %s: %s", dir, g_strerror (errno));
}

/* Deletes the window's recovery copy and lets go of its lock. */
static void
delete_recovery (OtWindow *self)
{
  if (self->recovery_path != NULL)
    ot_window_delete_recovery_copy (self->recovery_path);
  if (self->recovery_fd >= 0)
    close (self->recovery_fd);   /* the lock goes with it */
  self->recovery_fd = -1;
  g_clear_pointer (&self->recovery_path, g_free);
}

/* The window's recovery files, made (and locked) on its first autosave. */
static gboolean
ensure_recovery_files (OtWindow  *self,
                       GError   **error)
{
  g_autofree char *top = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *name = NULL;
  g_autofree char *file = NULL;
  g_autofree char *info = NULL;
  GtkApplicationWindow *window = GTK_APPLICATION_WINDOW (self);
  int fd;

  if (self->recovery_path != NULL)
    return TRUE;
  top = ot_window_recovery_dir ();
  dir = g_strdup_printf ("%s/%d-%u-%" G_GINT64_FORMAT, top, (int) getpid (),
                         gtk_application_window_get_id (window), g_get_real_time ());
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", dir, g_strerror (saved));
      return FALSE;
    }
  /* The file is named as the case, which a recovered case shows. */
  name = self->case_path != NULL ? g_path_get_basename (self->case_path) : NULL;
  if (name == NULL || !g_str_has_suffix (name, ".oretrace"))
    {
      g_free (name);
      name = g_strconcat (_("Untitled case"), ".oretrace", NULL);
    }
  file = g_build_filename (dir, name, NULL);
  info = ot_window_recovery_info_path (file);
  fd = g_open (info, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0 || flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      int saved = errno;

      if (fd >= 0)
        close (fd);
      g_rmdir (dir);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", info, g_strerror (saved));
      return FALSE;
    }
  self->recovery_fd = fd;
  self->recovery_path = g_steal_pointer (&file);
  return TRUE;
}

/* What a recovery copy is a copy of, written through the locked file
 * descriptor (the file is not replaced: the lock stays on it). */
static void
write_info (OtWindow *self,
            guint     n_incidents)
{
  g_autoptr(GKeyFile) keys = g_key_file_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  g_autofree char *text = NULL;
  g_autofree char *name = ot_window_dup_case_name (self);
  gsize length = 0;

  g_key_file_set_string (keys, INFO_GROUP, "case", self->case_path != NULL ? self->case_path : "");
  g_key_file_set_string (keys, INFO_GROUP, "name", name);
  g_key_file_set_string (keys, INFO_GROUP, "saved", stamp);
  g_key_file_set_uint64 (keys, INFO_GROUP, "incidents", n_incidents);
  text = g_key_file_to_data (keys, &length, NULL);
  if (ftruncate (self->recovery_fd, 0) != 0 || pwrite (self->recovery_fd, text, length, 0) != (ssize_t) length)
    g_debug ("Could not write %s's info: %s", self->recovery_path, g_strerror (errno));
}

typedef struct {
  OtDataset    *dataset;
  OtCaseTables *tables;     /* the document's, and the screen as "Last view" */
  char         *path;
  guint         changes;
} AutosaveCall;

static void
autosave_call_free (AutosaveCall *call)
{
  g_object_unref (call->dataset);
  ot_case_tables_free (call->tables);
  g_free (call->path);
  g_free (call);
}

static void
autosave_thread (GTask        *task,
                 gpointer      source,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  AutosaveCall *call = task_data;
  GError *error = NULL;

  if (ot_case_save (call->dataset, call->tables, call->path, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
on_autosaved (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  OtWindow *self = (OtWindow *) source;   /* no call up into ot-window.c */
  AutosaveCall *call = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  self->n_autosaving--;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_autofree char *text = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->toast_overlay == NULL)
        return;
      g_debug ("Autosave to %s failed: %s", call->path, error->message);
      text = g_strdup_printf (_("Could not write a recovery copy: %s"), error->message);
      adw_toast_overlay_add_toast (self->toast_overlay, ot_toast_new_text (text));
      return;
    }
  /* Saved or closed meanwhile: the copy is not wanted. */
  if (g_strcmp0 (call->path, self->recovery_path) != 0)
    {
      ot_window_delete_recovery_copy (call->path);
      return;
    }
  if (!self->dirty)
    {
      delete_recovery (self);
      return;
    }
  self->autosaved_changes = call->changes;
  write_info (self, ot_dataset_get_n_incidents (call->dataset));
  g_debug ("Recovery copy written: %s", call->path);
}

/* Writes the recovery copy now, in a worker (nothing when there is
 * nothing new or a copy is being written). */
void
ot_window_autosave_now (OtWindow *self)
{
  OtDataset *dataset = ot_workspace_get_dataset (self->workspace);
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  AutosaveCall *call;

  if (!self->dirty || self->n_autosaving > 0 || self->changes == self->autosaved_changes ||
      dataset == NULL || ot_dataset_get_n_incidents (dataset) == 0)
    return;
  if (!ensure_recovery_files (self, &error))
    {
      g_debug ("No recovery copy: %s", error->message);
      return;
    }
  call = g_new0 (AutosaveCall, 1);
  call->dataset = g_object_ref (dataset);
  call->tables = ot_window_views_for_save (self);
  call->path = g_strdup (self->recovery_path);
  call->changes = self->changes;
  task = g_task_new (self, self->autosave_cancellable, on_autosaved, NULL);
  g_task_set_source_tag (task, ot_window_autosave_now);
  g_task_set_task_data (task, call, (GDestroyNotify) autosave_call_free);
  self->n_autosaving++;
  g_task_run_in_thread (task, autosave_thread);
}

static gboolean
autosave_tick (gpointer data)
{
  ot_window_autosave_now (data);
  return G_SOURCE_CONTINUE;
}

/* The timer runs while the window has unsaved work and autosave is on. */
static void
update_timer (OtWindow *self)
{
  guint interval = self->settings != NULL ? g_settings_get_uint (self->settings, "autosave-interval") : 0;

  if (self->autosave_source != 0 && (!self->dirty || interval != self->autosave_interval))
    g_clear_handle_id (&self->autosave_source, g_source_remove);
  if (self->dirty && interval > 0 && self->autosave_source == 0)
    {
      self->autosave_source = g_timeout_add_seconds (interval, autosave_tick, self);
      self->autosave_interval = interval;
    }
}

void
ot_window_mark_dirty (OtWindow *self)
{
  self->dirty = TRUE;
  self->changes++;
  update_timer (self);
}

void
ot_window_autosave_clean (OtWindow *self)
{
  self->dirty = FALSE;
  self->autosaved_changes = self->changes;
  update_timer (self);
  delete_recovery (self);
}

void
ot_window_autosave_adopt (OtWindow   *self,
                          const char *path,
                          int         fd)
{
  delete_recovery (self);
  self->recovery_path = g_strdup (path);
  self->recovery_fd = fd;
}

void
ot_window_autosave_init (OtWindow *self)
{
  self->recovery_fd = -1;
  self->autosave_cancellable = g_cancellable_new ();
  g_signal_connect_object (self->settings, "changed::autosave-interval", G_CALLBACK (update_timer), self,
                           G_CONNECT_SWAPPED);
}

/* A clean close: no recovery copy is left behind. */
void
ot_window_autosave_finalize (OtWindow *self)
{
  g_clear_handle_id (&self->autosave_source, g_source_remove);
  if (self->autosave_cancellable != NULL)
    g_cancellable_cancel (self->autosave_cancellable);
  g_clear_object (&self->autosave_cancellable);
  delete_recovery (self);
}
