/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-atomic-file-private.h: fault injection for tests only.  Not thread
 * safe; set it, run one writer, reset it. */
#pragma once

#include "ot-atomic-file.h"

G_BEGIN_DECLS

typedef struct {
  guint  fail_write;       /* the Nth write(2) (1-based) writes half its bytes, then the
                            * next call fails with @fail_errno; 0: never */
  int    fail_errno;       /* e.g. ENOSPC */
  guint  n_writes;         /* write(2) calls made since the last reset */
  gboolean no_tmpfile;     /* use the named temporary file, as without O_TMPFILE */
  gboolean no_link;        /* name an O_TMPFILE by copying, as without /proc */
} OtAtomicFileFaults;

extern OtAtomicFileFaults ot_atomic_file_faults;

static inline void
ot_atomic_file_faults_reset (void)
{
  ot_atomic_file_faults = (OtAtomicFileFaults) { 0, 0, 0, FALSE, FALSE };
}

G_END_DECLS
