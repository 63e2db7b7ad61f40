/* SPDX-License-Identifier: GPL-3.0-or-later */
#define _GNU_SOURCE   /* O_TMPFILE */
#include "ot-atomic-file.h"
#include "ot-atomic-file-private.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ot-error.h"

#define MAX_LINKS    40      /* as the kernel's ELOOP limit */
#define COPY_CHUNK   (64 * 1024)
/* Written bytes handed to the disk this often while writing (see
 * ot_atomic_file_write ()). */
#define WRITEBACK_EVERY ((gsize) 16 << 20)

OtAtomicFileFaults ot_atomic_file_faults;

struct _OtAtomicFile
{
  char        *path;         /* as given */
  char        *display;      /* for messages */
  char        *target;       /* @path with its symbolic links followed */
  char        *dir;          /* the target's folder */
  char        *tmp;          /* the named temporary file; NULL while unnamed */
  int          fd;
  gboolean     existed;      /* the target was there: keep it on failure */
  int          saved_errno;  /* first write error */
  guint64      written;      /* bytes written */
  guint64      handed;       /* of them, handed to the disk (sync_file_range) */
  gboolean     done;         /* committed or failed: nothing to remove */
};

static void
set_errno_error (GError     **error,
                 int          saved_errno,
                 const char  *what)
{
  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
               "%s: %s", what, g_strerror (saved_errno));
}

/* @path with the links of its last part followed; the kernel follows
 * the folders' links itself.  A link to a missing file gives that file. */
static char *
resolve_links (const char  *path,
               const char  *display,
               GError     **error)
{
  g_autofree char *current = g_strdup (path);

  for (guint depth = 0; depth <= MAX_LINKS; depth++)
    {
      g_autofree char *link = NULL;
      g_autofree char *dir = NULL;
      struct stat st;

      if (lstat (current, &st) != 0 || !S_ISLNK (st.st_mode))
        return g_steal_pointer (&current);
      link = g_file_read_link (current, NULL);
      if (link == NULL)
        break;
      if (g_path_is_absolute (link))
        {
          g_free (current);
          current = g_steal_pointer (&link);
          continue;
        }
      dir = g_path_get_dirname (current);
      g_free (current);
      current = g_build_filename (dir, link, NULL);
    }
  g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_LOOP,
               _("Cannot write “%s”: too many levels of symbolic links"), display);
  return NULL;
}

/* Checks what is at the target now; fills @st when it exists. */
static gboolean
check_target (OtAtomicFile  *self,
              struct stat   *st,
              GError       **error)
{
  if (stat (self->target, st) != 0)
    {
      self->existed = FALSE;
      return TRUE;
    }
  self->existed = TRUE;
  if (S_ISDIR (st->st_mode))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_ISDIR,
                   _("Cannot write “%s”: it is a folder"), self->display);
      return FALSE;
    }
  if (!S_ISREG (st->st_mode))
    {
      g_set_error (error, OT_ERROR, OT_ERROR_INVALID,
                   _("Cannot write “%s”: it is not a regular file (a device, a pipe or a socket)"),
                   self->display);
      return FALSE;
    }
  return TRUE;
}

static gboolean
open_temporary (OtAtomicFile  *self,
                GError       **error)
{
  g_autofree char *dir_display = g_filename_display_name (self->dir);
  g_autofree char *what = NULL;
  int saved_errno;

#ifdef O_TMPFILE
  if (!ot_atomic_file_faults.no_tmpfile)
    {
      /* open() applies the umask to 0666, as for any new file. */
      self->fd = open (self->dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0666);
      if (self->fd >= 0)
        return TRUE;
      if (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL)
        goto failed;
    }
#endif
  self->tmp = g_build_filename (self->dir, ".oretrace-XXXXXX", NULL);
  self->fd = g_mkstemp_full (self->tmp, O_WRONLY | O_CLOEXEC, 0666);
  if (self->fd >= 0)
    return TRUE;
  g_clear_pointer (&self->tmp, g_free);

failed:
  saved_errno = errno;
  what = g_strdup_printf (_("Cannot write a file in folder “%s”"), dir_display);
  set_errno_error (error, saved_errno, what);
  return FALSE;
}

/* Gives @fd the mode of @st, and its owner where we may set it. */
static void
keep_mode (int                fd,
           const struct stat *st)
{
  if (st->st_uid != geteuid () || st->st_gid != getegid ())
    {
      /* Only root may give a file away; anyone may try a group they are
       * in.  Failing that, the file is ours, as for any new file. */
      if (fchown (fd, st->st_uid, st->st_gid) != 0)
        (void) !fchown (fd, (uid_t) -1, st->st_gid);
    }
  /* After fchown(), which clears set-user-ID bits. */
  (void) !fchmod (fd, st->st_mode & 0777);
}

OtAtomicFile *
ot_atomic_file_new (const char  *path,
                    GError     **error)
{
  g_autoptr(OtAtomicFile) self = NULL;
  struct stat st;

  g_return_val_if_fail (path != NULL && *path != '\0', NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_new0 (OtAtomicFile, 1);
  self->fd = -1;
  self->done = TRUE;
  self->path = g_strdup (path);
  self->display = g_filename_display_name (path);
  self->target = resolve_links (path, self->display, error);
  if (self->target == NULL || !check_target (self, &st, error))
    return NULL;
  self->dir = g_path_get_dirname (self->target);
  if (!open_temporary (self, error))
    return NULL;
  self->done = FALSE;
  if (self->existed)
    keep_mode (self->fd, &st);
  return g_steal_pointer (&self);
}

const char *
ot_atomic_file_get_path (OtAtomicFile *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->path;
}

/* write(2), or the fault the tests asked for. */
static gssize
do_write (int         fd,
          const void *data,
          gsize       length)
{
  OtAtomicFileFaults *faults = &ot_atomic_file_faults;

  faults->n_writes++;
  if (faults->fail_write == 0 || faults->n_writes < faults->fail_write)
    return write (fd, data, length);
  if (faults->n_writes == faults->fail_write && length > 1)
    return write (fd, data, length / 2);
  errno = faults->fail_errno != 0 ? faults->fail_errno : EIO;
  return -1;
}

static void
set_write_error (OtAtomicFile  *self,
                 GError       **error)
{
  g_autofree char *what = NULL;

  if (self->existed)
    what = g_strdup_printf (_("Cannot write “%s” (the old file is kept)"), self->display);
  else
    what = g_strdup_printf (_("Cannot write “%s”"), self->display);
  set_errno_error (error, self->saved_errno, what);
}

gboolean
ot_atomic_file_write (OtAtomicFile  *self,
                      const void    *data,
                      gsize          length,
                      GError       **error)
{
  const guint8 *p = data;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);

  while (self->saved_errno == 0 && !self->done && length > 0)
    {
      gssize n = do_write (self->fd, p, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          self->saved_errno = n < 0 ? errno : EIO;
          break;
        }
      p += n;
      length -= (gsize) n;
      self->written += (guint64) n;
    }
#ifdef SYNC_FILE_RANGE_WRITE
  /* A large file's pages start for the disk as they are written, rather
   * than all at the fsync () of the commit (the GEXF of 1M incidents, 732
   * MB: 0.8 s of waiting at the commit; docs/performance.md).  Only
   * started here: the commit's fsync () still waits for every page. */
  if (self->saved_errno == 0 && self->written - self->handed >= WRITEBACK_EVERY)
    {
      (void) sync_file_range (self->fd, (off64_t) self->handed, (off64_t) (self->written - self->handed),
                              SYNC_FILE_RANGE_WRITE);
      self->handed = self->written;
    }
#endif
  if (self->saved_errno != 0)
    {
      set_write_error (self, error);
      return FALSE;
    }
  return TRUE;
}

gboolean
ot_atomic_file_failed (OtAtomicFile *self)
{
  g_return_val_if_fail (self != NULL, TRUE);

  return self->saved_errno != 0;
}

/* Names the unnamed temporary file, so that rename() can put it in place.
 * Through /proc (no privilege needed); without /proc, by copying it into
 * a named one. */
static gboolean
name_temporary (OtAtomicFile *self)
{
  g_autofree char *proc = g_strdup_printf ("/proc/self/fd/%d", self->fd);
  g_autofree char *name = g_build_filename (self->dir, ".oretrace-XXXXXX", NULL);
  guint8 *buf;
  int fd;

  for (guint attempt = 0; attempt < 100 && !ot_atomic_file_faults.no_link; attempt++)
    {
      g_autofree char *candidate = g_strdup_printf ("%s/.oretrace-%08x", self->dir, g_random_int ());

      if (linkat (AT_FDCWD, proc, AT_FDCWD, candidate, AT_SYMLINK_FOLLOW) == 0)
        {
          self->tmp = g_steal_pointer (&candidate);
          return TRUE;
        }
      if (errno != EEXIST)
        break;
    }

  fd = g_mkstemp_full (name, O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      self->saved_errno = errno;
      return FALSE;
    }
  self->tmp = g_steal_pointer (&name);
  buf = g_malloc (COPY_CHUNK);
  for (off_t offset = 0; self->saved_errno == 0;)
    {
      gssize n = pread (self->fd, buf, COPY_CHUNK, offset);
      int old = self->fd;

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        self->saved_errno = errno;
      if (n <= 0)
        break;
      self->fd = fd;
      ot_atomic_file_write (self, buf, (gsize) n, NULL);
      self->fd = old;
      offset += n;
    }
  g_free (buf);
  if (self->saved_errno == 0)
    {
      struct stat st;

      if (fstat (self->fd, &st) == 0)
        keep_mode (fd, &st);
      if (fsync (fd) != 0 && errno != EINVAL)
        self->saved_errno = errno;
    }
  if (close (self->fd) != 0 && self->saved_errno == 0)
    self->saved_errno = errno;
  self->fd = fd;
  return self->saved_errno == 0;
}

/* Best effort: the rename itself reaches the disk. */
static void
sync_folder (const char *dir)
{
  int fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  if (fd >= 0)
    {
      (void) !fsync (fd);
      close (fd);
    }
}

/* Removes what we made; the target is untouched. */
static void
discard (OtAtomicFile *self)
{
  if (self->fd >= 0)
    close (self->fd);
  self->fd = -1;
  if (self->tmp != NULL)
    g_unlink (self->tmp);
  g_clear_pointer (&self->tmp, g_free);
  self->done = TRUE;
}

gboolean
ot_atomic_file_commit (OtAtomicFile  *self,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autofree char *what = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (!self->done, FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      discard (self);
      return FALSE;
    }
  if (self->saved_errno == 0 && fsync (self->fd) != 0 && errno != EINVAL)
    self->saved_errno = errno;
  if (self->saved_errno == 0 && self->tmp == NULL)
    name_temporary (self);
  if (self->saved_errno == 0 && close (self->fd) != 0)
    self->saved_errno = errno;
  else if (self->saved_errno != 0)
    close (self->fd);
  self->fd = -1;
  if (self->saved_errno != 0)
    {
      set_write_error (self, error);
      discard (self);
      return FALSE;
    }
  if (g_rename (self->tmp, self->target) != 0)
    {
      int saved_errno = errno;

      discard (self);
      what = g_strdup_printf (_("Cannot replace “%s”"), self->display);
      set_errno_error (error, saved_errno, what);
      return FALSE;
    }
  g_clear_pointer (&self->tmp, g_free);
  self->done = TRUE;
  sync_folder (self->dir);
  return TRUE;
}

void
ot_atomic_file_free (OtAtomicFile *self)
{
  if (self == NULL)
    return;
  if (!self->done || self->fd >= 0)
    discard (self);
  g_free (self->path);
  g_free (self->display);
  g_free (self->target);
  g_free (self->dir);
  g_free (self->tmp);
  g_free (self);
}

gboolean
ot_atomic_file_set_contents (const char    *path,
                             const void    *data,
                             gsize          length,
                             GCancellable  *cancellable,
                             GError       **error)
{
  g_autoptr(OtAtomicFile) file = NULL;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);

  file = ot_atomic_file_new (path, error);
  if (file == NULL)
    return FALSE;
  ot_atomic_file_write (file, data, length, NULL);
  return ot_atomic_file_commit (file, cancellable, error);
}
