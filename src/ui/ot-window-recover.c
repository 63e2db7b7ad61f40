/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-window-recover.c: after a crash (issue 17).  The first window of a
 * run looks in the recovery folder (ot-window-autosave.c) for copies no
 * running window holds — their recovery.info can be locked — and offers the
 * newest: Recover opens it in the window as an unsaved case (the title
 * says "Recovered", the window takes the copy over as its own recovery
 * copy, Save asks where), Discard deletes it, closing the dialog leaves it
 * for the next start.  The others are offered at later starts. */
#include "ot-window-private.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sys/file.h>
#include <unistd.h>

typedef struct {
  OtWindow *window;    /* the dialog's parent: outlives it */
  char     *path;      /* NAME.oretrace */
  char     *name;      /* the case it is a copy of, as shown */
  char     *saved;     /* when it was written, ISO 8601 UTC */
  guint64   incidents;
  int       fd;        /* recovery.info, locked */
} Orphan;

static void
orphan_free (Orphan *orphan)
{
  g_free (orphan->path);
  g_free (orphan->name);
  g_free (orphan->saved);
  if (orphan->fd >= 0)
    close (orphan->fd);
  g_free (orphan);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Orphan, orphan_free)

/* The copy's NAME.oretrace in @dir, or NULL. */
static char *
find_copy (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *entry;

  while (listing != NULL && (entry = g_dir_read_name (listing)) != NULL)
    if (g_str_has_suffix (entry, ".oretrace"))
      return g_build_filename (dir, entry, NULL);
  return NULL;
}

/* The copy in @dir as an orphan, when nobody holds its recovery.info and
 * the copy exists; NULL otherwise (a folder without a copy is deleted). */
static Orphan *
orphan_open (const char *dir)
{
  g_autoptr(GKeyFile) keys = g_key_file_new ();
  g_autofree char *info_path = g_build_filename (dir, "recovery.info", NULL);
  g_autofree char *text = NULL;
  gsize length = 0;
  Orphan *orphan;
  int fd;

  fd = g_open (info_path, O_RDWR | O_CLOEXEC, 0);
  if (fd < 0)
    return NULL;
  if (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      close (fd);   /* a running window's */
      return NULL;
    }
  orphan = g_new0 (Orphan, 1);
  orphan->fd = fd;
  orphan->path = find_copy (dir);
  if (orphan->path == NULL || !g_file_test (orphan->path, G_FILE_TEST_IS_REGULAR))
    {
      /* The crash came before the first copy. */
      g_unlink (info_path);
      g_rmdir (dir);
      orphan_free (orphan);
      return NULL;
    }
  /* What it is a copy of; a torn .info only loses these words. */
  if (g_file_get_contents (info_path, &text, &length, NULL))
    g_key_file_load_from_data (keys, text, length, G_KEY_FILE_NONE, NULL);
  orphan->name = g_key_file_get_string (keys, "Recovery", "name", NULL);
  orphan->saved = g_key_file_get_string (keys, "Recovery", "saved", NULL);
  orphan->incidents = g_key_file_get_uint64 (keys, "Recovery", "incidents", NULL);
  if (orphan->name == NULL || *orphan->name == '\0')
    {
      g_free (orphan->name);
      orphan->name = g_strdup (_("Untitled case"));
    }
  if (orphan->saved == NULL)
    {
      GStatBuf st;

      if (g_stat (orphan->path, &st) == 0)
        {
          g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (st.st_mtime);

          orphan->saved = g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ");
        }
    }
  return orphan;
}

/* The newest copy nobody holds, or NULL. */
static Orphan *
find_orphan (void)
{
  g_autofree char *dir_path = ot_window_recovery_dir ();
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  Orphan *newest = NULL;
  const char *entry;

  while (dir != NULL && (entry = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      Orphan *orphan;

      path = g_build_filename (dir_path, entry, NULL);
      if (!g_file_test (path, G_FILE_TEST_IS_DIR))
        continue;
      orphan = orphan_open (path);
      if (orphan == NULL)
        continue;
      if (newest == NULL || g_strcmp0 (orphan->saved, newest->saved) > 0)
        {
          if (newest != NULL)
            orphan_free (newest);
          newest = orphan;
        }
      else
        orphan_free (orphan);
    }
  return newest;
}

/* The saved time in the user's time zone and words. */
static char *
format_saved (const char *saved)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) time = saved != NULL ? g_date_time_new_from_iso8601 (saved, utc) : NULL;
  g_autoptr(GDateTime) local = time != NULL ? g_date_time_to_local (time) : NULL;

  if (local == NULL)
    return g_strdup (_("an unknown time"));
  /* Translators: when a recovery copy was written, g_date_time_format () */
  return g_date_time_format (local, _("%Y-%m-%d %H:%M"));
}

static void
on_response (AdwMessageDialog *dialog,
             const char       *response,
             Orphan           *orphan)
{
  OtWindow *self = orphan->window;

  if (g_str_equal (response, "recover") && self->toast_overlay != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_path (orphan->path);

      /* The window takes the copy (and its lock) over as its own. */
      ot_window_autosave_adopt (self, orphan->path, orphan->fd);
      orphan->fd = -1;
      g_free (self->recovered_name);
      self->recovered_name = g_strdup (orphan->name);
      self->recovering = TRUE;
      ot_window_load_files (self, &file, 1);
    }
  else if (g_str_equal (response, "discard"))
    ot_window_delete_recovery_copy (orphan->path);
  /* Once: the copy is the window's, deleted, or left for later (the
   * orphan, its lock with it, goes with the dialog). */
  g_signal_handlers_disconnect_by_func (dialog, on_response, orphan);
}

void
ot_window_offer_recovery (OtWindow *self)
{
  Orphan *orphan = find_orphan ();
  g_autofree char *when = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (orphan == NULL)
    return;
  orphan->window = self;
  when = format_saved (orphan->saved);
  body = g_strdup_printf (ngettext ("Oretrace closed without saving “%s”. A recovery copy from %s "
                                    "holds its %'u incident.",
                                    "Oretrace closed without saving “%s”. A recovery copy from %s "
                                    "holds its %'u incidents.",
                                    (gulong) MIN (orphan->incidents, G_MAXUINT)),
                          orphan->name, when, (guint) MIN (orphan->incidents, G_MAXUINT));
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Recover unsaved work?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "discard", _("_Discard"),
                                    "recover", _("_Recover"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "recover",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "recover");
  /* Escape decides nothing: the copy stays for the next start. */
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "later");
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  g_object_set_data_full (G_OBJECT (dialog), "ot-orphan", orphan, (GDestroyNotify) orphan_free);
  g_signal_connect (dialog, "response", G_CALLBACK (on_response), orphan);
  gtk_window_present (GTK_WINDOW (dialog));
}
