/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-controls.h: export-control measures, the events the timeline marks,
 * read from data/controls.csv (compiled into the core GResource) or any
 * file in its format (data/README.md). */
#pragma once

#include <glib.h>
#include "ot-incident.h"
#include "ot-problem.h"

G_BEGIN_DECLS

#define OT_CONTROL_MAX_MINERALS 32

typedef struct {
  char      *id;            /* "CN-2024-33" */
  OtDate     effective;     /* when it took effect */
  guint32    day;           /* its first Julian day */
  OtMineral  minerals[OT_CONTROL_MAX_MINERALS];
  guint      n_minerals;
  char      *instrument;    /* "MOFCOM/GAC Announcement No. 33 [2024]" */
  char      *summary;
  char      *status;        /* "in force", "suspended ..." */
  char      *source;        /* URL */
} OtControl;

void        ot_control_free   (OtControl       *control);
/* Element symbols of its minerals: "Ga, Ge"; "REE" for mixed rare earths. */
char       *ot_control_label  (const OtControl *control);
gboolean    ot_control_covers (const OtControl *control,
                               OtMineral        mineral);

/* Parses the CSV text of a controls file (@name is for messages).  Rows
 * with a problem are skipped and reported in @problems (of OtProblem,
 * may be NULL); the good rows survive.  Returns the controls (of
 * OtControl, owned) sorted by day, or NULL with @error when the header
 * lacks a required column. */
GPtrArray  *ot_controls_parse (const char      *data,
                               gsize            length,
                               const char      *name,
                               GPtrArray       *problems,
                               GError         **error);
/* The file compiled into the core. */
GPtrArray  *ot_controls_load_default (GError  **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OtControl, ot_control_free)

G_END_DECLS
