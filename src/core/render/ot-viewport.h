/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-viewport.h: the pan and zoom that map a scene's world coordinates to
 * the page (logical pixels of the widget or export). */
#pragma once

#include <glib-object.h>

#include "ot-scene.h"

G_BEGIN_DECLS

typedef struct {
  double width, height;   /* page size, logical px */
  double scale;           /* page px per world unit */
  double tx, ty;          /* page = world * scale + t */
  double fit_scale;       /* the scale at which marks have their nominal size */
} OtViewport;

/* Identity transform for a page of this size. */
void     ot_viewport_init         (OtViewport       *vp,
                                   double            width,
                                   double            height);
/* Fits @bounds (world) into the page less @margin px on every side,
 * centred; also makes this scale the nominal one (fit_scale). */
void     ot_viewport_fit          (OtViewport       *vp,
                                   const OtRect     *bounds,
                                   double            width,
                                   double            height,
                                   double            margin);
/* Fits @bounds into @area (page px) of a @width x @height page. */
void     ot_viewport_fit_area     (OtViewport       *vp,
                                   const OtRect     *bounds,
                                   double            width,
                                   double            height,
                                   const OtRect     *area);
/* Multiplies the zoom by @factor keeping the world point under page point
 * (@px, @py) in place; the zoom stays within 1/20 .. 400 times the fit. */
void     ot_viewport_zoom_at      (OtViewport       *vp,
                                   double            factor,
                                   double            px,
                                   double            py);
void     ot_viewport_pan          (OtViewport       *vp,
                                   double            dx,
                                   double            dy);
void     ot_viewport_to_page      (const OtViewport *vp,
                                   double            wx,
                                   double            wy,
                                   double           *px,
                                   double           *py);
void     ot_viewport_to_world     (const OtViewport *vp,
                                   double            px,
                                   double            py,
                                   double           *wx,
                                   double           *wy);
/* The part of the world on the page. */
void     ot_viewport_visible_world (const OtViewport *vp,
                                    OtRect           *world);
/* Zoom relative to the fitted one (1 at fit). */
double   ot_viewport_zoom         (const OtViewport *vp);
/* How much mark sizes (widths, radii) grow with zoom: the square root of
 * the relative zoom, kept within 0.4 .. 3. */
double   ot_viewport_size_factor  (const OtViewport *vp);

/* The viewport as a small JSON object, for a case's saved views
 * (docs/case-file.md, "saved_views"):
 * {"width":…,"height":…,"scale":…,"tx":…,"ty":…,"fit_scale":…}, numbers
 * written so that they read back exactly. */
char    *ot_viewport_to_json      (const OtViewport *vp);
/* Back from that text into @vp (left as it was on failure): every field
 * is needed, finite, and not negative but for tx and ty; other keys are
 * skipped.  FALSE and @error (OT_ERROR_INVALID, OT_ERROR_TOO_LARGE)
 * otherwise. */
gboolean ot_viewport_from_json    (const char       *json,
                                   OtViewport       *vp,
                                   GError          **error);

/* A boxed type, for properties: a plain copy. */
#define OT_TYPE_VIEWPORT   (ot_viewport_get_type ())
GType ot_viewport_get_type   (void) G_GNUC_CONST;

G_END_DECLS
