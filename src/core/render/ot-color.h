/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-color.h: colour science for the palette: sRGB to CIELAB (D65), the
 * CIEDE2000 colour difference (Sharma, Wu & Dalal 2005) and a simulation
 * of deuteranopia (Machado, Oliveira & Fernandes 2009, severity 1).
 * Components are 0..1 sRGB unless said otherwise. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  double l, a, b;
} OtLab;

void    ot_color_srgb_to_lab          (double       r,
                                       double       g,
                                       double       b,
                                       OtLab       *out);
/* CIEDE2000 with kL = kC = kH = 1. */
double  ot_color_delta_e2000          (const OtLab *lab1,
                                       const OtLab *lab2);
/* The same for two sRGB colours given as 0xRRGGBB. */
double  ot_color_delta_e2000_rgb      (guint32      rgb1,
                                       guint32      rgb2);
/* What a deuteranope sees of an sRGB colour (0xRRGGBB in and out). */
guint32 ot_color_simulate_deuteranopia (guint32     rgb);

G_END_DECLS
