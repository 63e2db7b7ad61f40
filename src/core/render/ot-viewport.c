/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ot-viewport.h"
#include "ot-error.h"
#include "ot-json.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#define MIN_ZOOM (1.0 / 20)
#define MAX_ZOOM 400.0

void
ot_viewport_init (OtViewport *vp,
                  double      width,
                  double      height)
{
  g_return_if_fail (vp != NULL);

  vp->width = MAX (width, 1);
  vp->height = MAX (height, 1);
  vp->scale = vp->fit_scale = 1;
  vp->tx = vp->ty = 0;
}

void
ot_viewport_fit_area (OtViewport   *vp,
                      const OtRect *bounds,
                      double        width,
                      double        height,
                      const OtRect *area)
{
  double bw, bh, aw, ah;

  g_return_if_fail (vp != NULL);
  g_return_if_fail (bounds != NULL);
  g_return_if_fail (area != NULL);

  ot_viewport_init (vp, width, height);
  if (ot_rect_is_empty (bounds) || ot_rect_is_empty (area))
    return;

  bw = bounds->x1 - bounds->x0;
  bh = bounds->y1 - bounds->y0;
  aw = MAX (area->x1 - area->x0, 1);
  ah = MAX (area->y1 - area->y0, 1);
  if (bw <= 0 && bh <= 0)
    vp->scale = 1;
  else if (bw <= 0)
    vp->scale = ah / bh;
  else if (bh <= 0)
    vp->scale = aw / bw;
  else
    vp->scale = MIN (aw / bw, ah / bh);
  vp->fit_scale = vp->scale;
  vp->tx = (area->x0 + area->x1) / 2 - (bounds->x0 + bounds->x1) / 2 * vp->scale;
  vp->ty = (area->y0 + area->y1) / 2 - (bounds->y0 + bounds->y1) / 2 * vp->scale;
}

void
ot_viewport_fit (OtViewport   *vp,
                 const OtRect *bounds,
                 double        width,
                 double        height,
                 double        margin)
{
  OtRect area = { margin, margin, width - margin, height - margin };

  if (area.x1 <= area.x0 || area.y1 <= area.y0)
    area = (OtRect) { 0, 0, width, height };
  ot_viewport_fit_area (vp, bounds, width, height, &area);
}

void
ot_viewport_zoom_at (OtViewport *vp,
                     double      factor,
                     double      px,
                     double      py)
{
  double wx, wy, scale;

  g_return_if_fail (vp != NULL);

  if (!(factor > 0) || !isfinite (factor))
    return;
  scale = CLAMP (vp->scale * factor, vp->fit_scale * MIN_ZOOM, vp->fit_scale * MAX_ZOOM);
  ot_viewport_to_world (vp, px, py, &wx, &wy);
  vp->scale = scale;
  vp->tx = px - wx * scale;
  vp->ty = py - wy * scale;
}

void
ot_viewport_pan (OtViewport *vp,
                 double      dx,
                 double      dy)
{
  g_return_if_fail (vp != NULL);

  if (isfinite (dx) && isfinite (dy))
    {
      vp->tx += dx;
      vp->ty += dy;
    }
}

void
ot_viewport_to_page (const OtViewport *vp,
                     double            wx,
                     double            wy,
                     double           *px,
                     double           *py)
{
  g_return_if_fail (vp != NULL);

  *px = wx * vp->scale + vp->tx;
  *py = wy * vp->scale + vp->ty;
}

void
ot_viewport_to_world (const OtViewport *vp,
                      double            px,
                      double            py,
                      double           *wx,
                      double           *wy)
{
  g_return_if_fail (vp != NULL);

  *wx = (px - vp->tx) / vp->scale;
  *wy = (py - vp->ty) / vp->scale;
}

void
ot_viewport_visible_world (const OtViewport *vp,
                           OtRect           *world)
{
  g_return_if_fail (vp != NULL);
  g_return_if_fail (world != NULL);

  ot_viewport_to_world (vp, 0, 0, &world->x0, &world->y0);
  ot_viewport_to_world (vp, vp->width, vp->height, &world->x1, &world->y1);
}

double
ot_viewport_zoom (const OtViewport *vp)
{
  g_return_val_if_fail (vp != NULL, 1);

  return vp->fit_scale > 0 ? vp->scale / vp->fit_scale : 1;
}

double
ot_viewport_size_factor (const OtViewport *vp)
{
  g_return_val_if_fail (vp != NULL, 1);

  return CLAMP (sqrt (ot_viewport_zoom (vp)), 0.4, 3.0);
}

static OtViewport *
viewport_copy (const OtViewport *viewport)
{
  return g_memdup2 (viewport, sizeof *viewport);
}

G_DEFINE_BOXED_TYPE (OtViewport, ot_viewport, viewport_copy, g_free)

/* The fields in the JSON object, in this order. */
#define N_VIEWPORT_FIELDS 6
static const char *const viewport_keys[N_VIEWPORT_FIELDS] = {
  "width", "height", "scale", "tx", "ty", "fit_scale"
};

static void
viewport_fields (OtViewport *vp,
                 double     *fields[N_VIEWPORT_FIELDS])
{
  fields[0] = &vp->width;
  fields[1] = &vp->height;
  fields[2] = &vp->scale;
  fields[3] = &vp->tx;
  fields[4] = &vp->ty;
  fields[5] = &vp->fit_scale;
}

char *
ot_viewport_to_json (const OtViewport *vp)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  OtViewport copy;
  double *fields[N_VIEWPORT_FIELDS];

  g_return_val_if_fail (vp != NULL, NULL);

  copy = *vp;
  viewport_fields (&copy, fields);
  json_builder_begin_object (builder);
  for (guint i = 0; i < N_VIEWPORT_FIELDS; i++)
    {
      json_builder_set_member_name (builder, viewport_keys[i]);
      /* JSON has no NaN or infinity. */
      json_builder_add_double_value (builder, isfinite (*fields[i]) ? *fields[i] : 0);
    }
  json_builder_end_object (builder);
  return ot_json_builder_to_text (builder);
}

gboolean
ot_viewport_from_json (const char  *json,
                       OtViewport  *vp,
                       GError     **error)
{
  g_autoptr(JsonObject) object = NULL;
  OtViewport read = { 0 };
  double *fields[N_VIEWPORT_FIELDS];

  g_return_val_if_fail (vp != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  object = ot_json_parse_object (json, error);
  if (object == NULL)
    {
      g_prefix_error (error, _("The saved viewport cannot be read: "));
      return FALSE;
    }
  viewport_fields (&read, fields);
  for (guint i = 0; i < N_VIEWPORT_FIELDS; i++)
    {
      JsonNode *node = json_object_get_member (object, viewport_keys[i]);
      GType type = node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node)
                                                                : G_TYPE_INVALID;
      gboolean signed_ok = i == 3 || i == 4;   /* tx, ty */

      if (type == G_TYPE_INT64 || type == G_TYPE_DOUBLE)
        *fields[i] = json_node_get_double (node);
      if ((type != G_TYPE_INT64 && type != G_TYPE_DOUBLE) || !isfinite (*fields[i]) ||
          (!signed_ok && *fields[i] < 0))
        {
          g_set_error (error, OT_ERROR, OT_ERROR_INVALID,
                       /* Translators: "… “scale”: a number expected" */
                       _("The saved viewport cannot be read: “%s”: a number expected"),
                       viewport_keys[i]);
          return FALSE;
        }
    }
  *vp = read;
  return TRUE;
}
