/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-atomic-file.h: the one way Oretrace writes a file.  The data goes to
 * a temporary file in the target's folder, which replaces the target only
 * once every write, the fsync and the close succeeded; on any failure, or
 * when cancelled, the target is left byte for byte as it was and the
 * temporary file is removed.  See docs/robustness.md ("Inputs are
 * read-only; saving is atomic").
 *
 * - The new file keeps the mode (permission bits) of the file it replaces,
 *   and its owner and group when the process may set them (root); a new
 *   file gets 0666 minus the umask.
 * - A target that is a symbolic link stays a link: the file it points to
 *   (followed to the end, as open() does) is the one replaced.
 * - A folder, a device, a pipe or a socket is refused.
 * - The temporary file is unnamed (Linux O_TMPFILE) until the data is
 *   complete, so a killed process leaves nothing behind; where O_TMPFILE
 *   is not available it is a hidden ".oretrace-XXXXXX" next to the target. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _OtAtomicFile OtAtomicFile;

/* Starts writing @path (a local file name).  NULL and @error when the
 * temporary file cannot be made or the target cannot be replaced. */
OtAtomicFile *ot_atomic_file_new          (const char     *path,
                                           GError        **error);
/* Appends @length bytes.  The first failure sticks: later writes do
 * nothing and ot_atomic_file_commit() reports it.  FALSE (with @error
 * when not NULL) once a write failed. */
gboolean      ot_atomic_file_write        (OtAtomicFile   *self,
                                           const void     *data,
                                           gsize           length,
                                           GError        **error);
/* Whether a write failed already (writers can stop early). */
gboolean      ot_atomic_file_failed       (OtAtomicFile   *self);
/* Flushes the data to disk and puts it in place of the target.  FALSE
 * and @error on any failure or when @cancellable is cancelled; the
 * target is then unchanged.  Either way @self is done: free it. */
gboolean      ot_atomic_file_commit       (OtAtomicFile   *self,
                                           GCancellable   *cancellable,
                                           GError        **error);
/* Frees @self; an uncommitted file is discarded (the target unchanged,
 * the temporary file removed). */
void          ot_atomic_file_free         (OtAtomicFile   *self);

/* The path as the user gave it, for messages (in the file name
 * encoding). */
const char   *ot_atomic_file_get_path     (OtAtomicFile   *self);

/* new + write + commit. */
gboolean      ot_atomic_file_set_contents (const char     *path,
                                           const void     *data,
                                           gsize           length,
                                           GCancellable   *cancellable,
                                           GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OtAtomicFile, ot_atomic_file_free)

G_END_DECLS
