/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-geo.h: the world map under the Map view.
 *
 * OtWorld holds the Natural Earth 50m country outlines compiled into the
 * core (data/world-50m.bin, see data/README-map.md and docs/map.md): one
 * shape per ISO 3166-1 country, rings of longitude/latitude in degrees.
 * OtGeoProjection is the Natural Earth I projection around a central
 * meridian; it cuts the outlines at the map's edge (the meridian opposite
 * the central one) and caches them projected, so drawing every frame is
 * cheap.  Everything here is immutable once made and safe to use from any
 * thread.  No GTK.
 *
 * Projected coordinates: x grows east, y grows north, in the projection's
 * own unit (the equator is about 5.47 long).  ot_geo_projection_fit() gives
 * the matrix to device space (y down). */
#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  double lon;
  double lat;
} OtGeoPoint;

/* The numeric code of Antarctica, which renderers usually leave out. */
#define OT_GEO_ANTARCTICA 10

/* ---- outlines ---- */

typedef struct _OtWorld OtWorld;

/* The compiled-in world, loaded on first use; never freed. */
const OtWorld    *ot_world_get               (GError        **error);
/* A world from data in the world-50m.bin format (for tests and tools). */
OtWorld          *ot_world_new_from_bytes    (GBytes         *bytes,
                                              GError        **error);
void              ot_world_free              (OtWorld        *world);

guint             ot_world_get_n_shapes      (const OtWorld  *world);
/* Shape index for an ISO numeric code or alpha-2 code, or -1. */
int               ot_world_find_numeric      (const OtWorld  *world,
                                              int             numeric);
int               ot_world_find_alpha2       (const OtWorld  *world,
                                              const char     *alpha2);
/* ISO numeric (0 for land with no code, e.g. Somaliland), alpha-2 ("" if
 * none) and Natural Earth's English name of a shape. */
int               ot_world_shape_numeric     (const OtWorld  *world,
                                              guint           shape);
const char       *ot_world_shape_alpha2      (const OtWorld  *world,
                                              guint           shape);
const char       *ot_world_shape_name        (const OtWorld  *world,
                                              guint           shape);
guint             ot_world_shape_n_rings     (const OtWorld  *world,
                                              guint           shape);
/* Outer rings and holes alike, open (the first point is not repeated).
 * Longitudes are continuous along a ring, so a ring crossing the
 * antimeridian may hold longitudes beyond ±180. */
const OtGeoPoint *ot_world_shape_ring        (const OtWorld  *world,
                                              guint           shape,
                                              guint           ring,
                                              guint          *n_points);

/* ---- projection ---- */

typedef struct _OtGeoProjection OtGeoProjection;

/* Natural Earth I centred on @central_meridian (degrees, any value; kept
 * normalised to [-180, 180)). */
OtGeoProjection  *ot_geo_projection_new      (double          central_meridian);
OtGeoProjection  *ot_geo_projection_ref      (OtGeoProjection *projection);
void              ot_geo_projection_unref    (OtGeoProjection *projection);
double            ot_geo_projection_get_central_meridian (const OtGeoProjection *projection);

/* Longitude/latitude in degrees to projected x/y.  Longitudes are taken
 * modulo 360; a point on the edge meridian goes to the west edge. */
void              ot_geo_project             (const OtGeoProjection *projection,
                                              double          lon,
                                              double          lat,
                                              double         *x,
                                              double         *y);
/* The inverse; FALSE (and nothing set) outside the map. */
gboolean          ot_geo_unproject           (const OtGeoProjection *projection,
                                              double          x,
                                              double          y,
                                              double         *lon,
                                              double         *lat);
/* Half the width and half the height of the whole projected world
 * (it spans [-half_width, half_width] x [-half_height, half_height]). */
void              ot_geo_projection_get_extent (const OtGeoProjection *projection,
                                              double         *half_width,
                                              double         *half_height);
/* The matrix from projected to device space that fits the full width of
 * the world and the band of latitudes [@south, @north] (e.g. -60, 85 to
 * leave out Antarctica) centred into the rectangle, keeping proportions. */
void              ot_geo_projection_fit      (const OtGeoProjection *projection,
                                              double          south,
                                              double          north,
                                              double          x,
                                              double          y,
                                              double          width,
                                              double          height,
                                              cairo_matrix_t *to_device);
/* TRUE if the shorter way between the two longitudes crosses the map's
 * edge, so a flow between them drawn on this map would go the long way. */
gboolean          ot_geo_crosses_edge        (const OtGeoProjection *projection,
                                              double          lon1,
                                              double          lon2);

/* ---- central meridian ---- */

/* A flow from one place to another; a single place is a flow to itself. */
typedef struct {
  double lon1;
  double lat1;
  double lon2;
  double lat2;
} OtGeoFlow;

/* A central meridian (a multiple of 5 degrees) for these flows: that of
 * ot_geo_choose_meridian_for_places() with the flows' ends as the places
 * (the edge cuts no landmass holding one, then as few flows as possible
 * cross it).  @world may be NULL (no landmass or land rule).  See
 * docs/map.md. */
double            ot_geo_choose_central_meridian (const OtWorld   *world,
                                                  const OtGeoFlow *flows,
                                                  guint            n_flows);
/* The same for a map of @places (every drawn node and marker) and the
 * @flows between them, in this order: the edge cuts no landmass (ring of
 * land of @world) that holds a place, as few flows as possible cross it,
 * Greenwich if every place is 20 degrees from its edge, else the edge as
 * far from the places as possible (up to 20 degrees) with the least land.
 * ot_geo_choose_central_meridian() is this with the flows' ends as the
 * places.  See docs/map.md. */
double            ot_geo_choose_meridian_for_places (const OtWorld    *world,
                                                     const OtGeoPoint *places,
                                                     guint             n_places,
                                                     const OtGeoFlow  *flows,
                                                     guint             n_flows);

/* ---- drawing ---- */

/* The path functions add closed sub-paths to @cr's current path.  Points
 * are mapped by @to_device and then given to @cr, so call them with an
 * identity matrix on @cr when @to_device maps to device space (the usual
 * way: line widths stay in device units).  Points closer than 0.2 units
 * of that space are merged.  With @to_device NULL, projected units go
 * through @cr's own matrix unmerged; that matrix must scale them up, as
 * cairo keeps paths in 1/256 of a device unit.
 * Outer rings wind one way and holes the other: fill with the default
 * CAIRO_FILL_RULE_WINDING (some islands overlap their mainland, which the
 * even-odd rule would punch out as holes). */
gboolean          ot_geo_append_country_path (cairo_t                *cr,
                                              const OtWorld          *world,
                                              int                     numeric,
                                              const OtGeoProjection  *projection,
                                              const cairo_matrix_t   *to_device);
void              ot_geo_append_shape_path   (cairo_t                *cr,
                                              const OtWorld          *world,
                                              guint                   shape,
                                              const OtGeoProjection  *projection,
                                              const cairo_matrix_t   *to_device);
/* All shapes, including land with no code; Antarctica only if asked. */
void              ot_geo_append_land_path    (cairo_t                *cr,
                                              const OtWorld          *world,
                                              const OtGeoProjection  *projection,
                                              const cairo_matrix_t   *to_device,
                                              gboolean                with_antarctica);
/* The outline of the whole map (the sphere). */
void              ot_geo_append_sphere_path  (cairo_t                *cr,
                                              const OtGeoProjection  *projection,
                                              const cairo_matrix_t   *to_device);
/* Meridians and parallels every @step degrees (open sub-paths: stroke). */
void              ot_geo_append_graticule_path (cairo_t                *cr,
                                                const OtGeoProjection  *projection,
                                                const cairo_matrix_t   *to_device,
                                                double                  step);
/* The outline of a shape as cut at this projection's edge: pieces of
 * x, y pairs in projected units (floats), each a closed ring, with long
 * segments already divided so that none spans more than one degree. */
guint             ot_geo_shape_n_pieces      (const OtWorld          *world,
                                              guint                   shape,
                                              const OtGeoProjection  *projection);
const float      *ot_geo_shape_piece         (const OtWorld          *world,
                                              guint                   shape,
                                              const OtGeoProjection  *projection,
                                              guint                   piece,
                                              guint                  *n_points);
/* The shape (index) under a point in projected units, or -1 (sea or off
 * the map); Antarctica counts. */
int               ot_geo_find_shape_at       (const OtWorld          *world,
                                              const OtGeoProjection  *projection,
                                              double                  x,
                                              double                  y);
/* Projected bounding box of a shape as cut and drawn on this projection;
 * FALSE if the shape is empty. */
gboolean          ot_geo_shape_bounds        (const OtWorld          *world,
                                              guint                   shape,
                                              const OtGeoProjection  *projection,
                                              double                 *x0,
                                              double                 *y0,
                                              double                 *x1,
                                              double                 *y1);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OtGeoProjection, ot_geo_projection_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OtWorld, ot_world_free)

G_END_DECLS
