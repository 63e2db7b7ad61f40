/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ot-error.h"

G_DEFINE_QUARK (ot-error-quark, ot_error)
