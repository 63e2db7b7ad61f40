/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define OT_TYPE_APPLICATION (ot_application_get_type ())
G_DECLARE_FINAL_TYPE (OtApplication, ot_application, OT, APPLICATION, AdwApplication)

OtApplication *ot_application_new (void);

G_END_DECLS
