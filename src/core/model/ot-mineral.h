/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-mineral.h: the controlled minerals, their names, symbols, HS codes and colours. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A mineral is an index into a fixed table (stable order, documented in
 * docs/incident-format.md).  OT_MINERAL_NONE marks "not given". */
typedef guint8 OtMineral;
#define OT_MINERAL_NONE ((OtMineral) 0xff)

guint        ot_mineral_count      (void);
const char  *ot_mineral_name       (OtMineral    mineral);   /* canonical English name, e.g. "antimony" */
const char  *ot_mineral_label      (OtMineral    mineral);   /* translated, capitalised display name */
const char  *ot_mineral_symbol     (OtMineral    mineral);   /* "Sb", "REE" for mixed rare earths */
gboolean     ot_mineral_is_rare_earth (OtMineral mineral);
/* Single rare earths draw in the colour of their family (docs/views.md,
 * "Colour"); everything else has a colour of its own. */
typedef enum {
  OT_MINERAL_FAMILY_OWN,
  OT_MINERAL_FAMILY_LIGHT_RARE_EARTHS,   /* La-Eu */
  OT_MINERAL_FAMILY_HEAVY_RARE_EARTHS,   /* Gd-Lu, Sc, Y */
} OtMineralFamily;

OtMineralFamily ot_mineral_family  (OtMineral    mineral);
/* Translated, e.g. "Heavy rare earths"; NULL for OT_MINERAL_FAMILY_OWN. */
const char  *ot_mineral_family_label (OtMineralFamily family);
/* Colour from the palette of the light (@dark FALSE) or dark theme, as
 * 0xRRGGBB or components 0..1; OT_MINERAL_NONE ("not given") is grey. */
guint32      ot_mineral_rgb        (OtMineral    mineral,
                                    gboolean     dark);
void         ot_mineral_color_for_theme (OtMineral mineral,
                                    gboolean     dark,
                                    double      *r,
                                    double      *g,
                                    double      *b);
/* The light theme's colour. */
void         ot_mineral_color      (OtMineral    mineral,
                                    double      *r,
                                    double      *g,
                                    double      *b);
/* Accepts canonical names, element symbols and HS codes (digits, dots
 * allowed), case-insensitive, surrounding blanks ignored. */
gboolean     ot_mineral_parse      (const char  *text,
                                    OtMineral   *out);
/* Which mineral a declared HS code points to, if any. */
gboolean     ot_mineral_from_hs_code (const char *hs_code,
                                      OtMineral  *out);

G_END_DECLS
