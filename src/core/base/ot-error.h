/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-error.h: the core's error domain. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define OT_ERROR (ot_error_quark ())

typedef enum {
  OT_ERROR_FAILED,
  OT_ERROR_INVALID,       /* a value or file that is not what was expected */
  OT_ERROR_TOO_LARGE,     /* a documented limit was hit */
  OT_ERROR_UNSUPPORTED,   /* format or extension not handled */
  OT_ERROR_GRAPH,         /* igraph reported an error */
  OT_ERROR_CANCELLED,
} OtError;

GQuark ot_error_quark (void);

G_END_DECLS
