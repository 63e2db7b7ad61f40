/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "ot-data.h"
#include "ot-error.h"
#include "ot-geo.h"

#define WORLD_FILE "world-50m.bin"
#define WORLD_MAGIC "OTWORLD1"
#define WORLD_UNIT 10000.0        /* quanta per degree in the file */
#define MAX_NUMERIC 1000
#define DENSIFY_STEP 1.0          /* degrees between points on long segments */
#define MERGE_TOLERANCE 0.2       /* target-space units, see ot-geo.h */
#define EDGE_EPSILON 1e-9
#define CANDIDATE_STEP 5          /* degrees between candidate meridians */
#define CLEAR_MARGIN 20.0         /* degrees between a flow and the edge */
#define MAX_LANDMASS_SPAN 300.0   /* wider rings (Antarctica) never count as cut */

typedef struct {
  int    numeric;
  char   alpha2[3];
  char  *name;
  guint  first_ring;
  guint  n_rings;
} Shape;

struct _OtWorld {
  guint       serial;
  Shape      *shapes;
  guint       n_shapes;
  OtGeoPoint *points;
  guint      *ring_start;         /* n_rings + 1 offsets into points */
  guint       n_rings;
  int         by_numeric[MAX_NUMERIC];
  int         by_alpha2[26 * 26];
  gsize       land_ready;
  float       land[360];          /* land crossed along each meridian, degrees */
  gsize       ring_bounds_ready;
  float      *ring_bounds;        /* lon0, lat0, lon1, lat1 per ring */
};

/* One world's outlines cut at the edge and projected. */
typedef struct {
  guint   world_serial;
  float  *xy;                     /* x, y pairs */
  guint  *piece_start;            /* n_pieces + 1 offsets into points */
  guint  *shape_piece;            /* n_shapes + 1 offsets into pieces */
  float  *bounds;                 /* x0, y0, x1, y1 per shape */
} Projected;

struct _OtGeoProjection {
  double     central_meridian;
  GMutex     lock;
  GPtrArray *cache;               /* of Projected */
};

static int next_world_serial = 1;

/* ---- spherical helpers ---- */

static double
wrap180 (double degrees)
{
  double d = fmod (degrees + 180.0, 360.0);

  if (d < 0)
    d += 360.0;
  return d - 180.0;
}

/* Natural Earth I (Šavrič, Patterson, Jenny et al., 2011), radians in. */
static double
ne1_x_factor (double phi)
{
  double p2 = phi * phi;
  double p4 = p2 * p2;

  return 0.870700 - 0.131979 * p2 - 0.013791 * p4
         + p4 * p4 * p2 * (0.003971 - 0.001529 * p2);
}

static double
ne1_y (double phi)
{
  double p2 = phi * phi;
  double p6 = p2 * p2 * p2;

  return phi * (1.007226 + 0.015085 * p2
                + p6 * (-0.044475 + 0.028874 * p2 - 0.005916 * p2 * p2));
}

static double
ne1_y_derivative (double phi)
{
  double p2 = phi * phi;
  double p6 = p2 * p2 * p2;

  return 1.007226 + 3 * 0.015085 * p2
         + p6 * (-7 * 0.044475 + 9 * 0.028874 * p2 - 11 * 0.005916 * p2 * p2);
}

/* @u is a longitude relative to the central meridian, in [-180, 180]. */
static void
project_local (double  u,
               double  lat,
               double *x,
               double *y)
{
  double phi = CLAMP (lat, -90.0, 90.0) * G_PI / 180.0;

  *x = u * G_PI / 180.0 * ne1_x_factor (phi);
  *y = ne1_y (phi);
}

/* ---- loading ---- */

typedef struct {
  const guint8 *data;
  gsize         len;
  gsize         pos;
  GError      **error;
} Reader;

static gboolean
reader_fail (Reader     *r,
             const char *what)
{
  g_set_error (r->error, OT_ERROR, OT_ERROR_INVALID,
               /* TRANSLATORS: file name, byte offset, what is wrong */
               _("%s: byte %lu: %s"), WORLD_FILE, (gulong) r->pos, what);
  return FALSE;
}

static gboolean
read_bytes (Reader        *r,
            gsize          n,
            const guint8 **out)
{
  if (r->len - r->pos < n)
    return reader_fail (r, _("the file ends too early"));
  *out = r->data + r->pos;
  r->pos += n;
  return TRUE;
}

static gboolean
read_u32 (Reader *r,
          guint  *out)
{
  const guint8 *b;

  if (!read_bytes (r, 4, &b))
    return FALSE;
  *out = b[0] | (b[1] << 8) | (b[2] << 16) | ((guint) b[3] << 24);
  return TRUE;
}

/* A zig-zag encoded signed varint. */
static gboolean
read_varint (Reader *r,
             gint64 *out)
{
  guint64 v = 0;

  for (guint shift = 0; shift < 64; shift += 7)
    {
      const guint8 *b;

      if (!read_bytes (r, 1, &b))
        return FALSE;
      v |= (guint64) (*b & 0x7f) << shift;
      if ((*b & 0x80) == 0)
        {
          *out = (gint64) (v >> 1) ^ -(gint64) (v & 1);
          return TRUE;
        }
    }
  return reader_fail (r, _("a number is too long"));
}

static gboolean
read_ring (Reader *r,
           GArray *points)
{
  gint64 qx = 0, qy = 0;
  guint n;

  if (!read_u32 (r, &n))
    return FALSE;
  /* Every point takes at least two bytes. */
  if (n < 3 || n > (r->len - r->pos) / 2)
    return reader_fail (r, _("a ring has an impossible number of points"));
  for (guint i = 0; i < n; i++)
    {
      gint64 dx, dy;
      OtGeoPoint p;

      if (!read_varint (r, &dx) || !read_varint (r, &dy))
        return FALSE;
      qx += dx;
      qy += dy;
      p.lon = qx / WORLD_UNIT;
      p.lat = qy / WORLD_UNIT;
      if (fabs (p.lon) > 540.0 || fabs (p.lat) > 90.0)
        return reader_fail (r, _("a point lies outside the world"));
      g_array_append_val (points, p);
    }
  return TRUE;
}

static gboolean
read_shape (Reader *r,
            Shape  *shape,
            GArray *points,
            GArray *ring_start)
{
  const guint8 *b, *name;
  guint n_rings;

  if (!read_bytes (r, 5, &b))
    return FALSE;
  shape->numeric = b[0] | (b[1] << 8);
  if (shape->numeric >= MAX_NUMERIC)
    return reader_fail (r, _("a numeric country code is above 999"));
  if (b[2] != 0 && !(g_ascii_isupper (b[2]) && g_ascii_isupper (b[3])))
    return reader_fail (r, _("an alpha-2 code is not two capital letters"));
  shape->alpha2[0] = b[2];
  shape->alpha2[1] = b[2] ? b[3] : 0;
  shape->alpha2[2] = 0;
  if (!read_bytes (r, b[4], &name))
    return FALSE;
  if (!g_utf8_validate ((const char *) name, b[4], NULL))
    return reader_fail (r, _("a name is not UTF-8"));
  shape->name = g_strndup ((const char *) name, b[4]);
  if (!read_u32 (r, &n_rings))
    return FALSE;
  if (n_rings > (r->len - r->pos) / 10)
    return reader_fail (r, _("a shape has an impossible number of rings"));
  shape->first_ring = ring_start->len;
  shape->n_rings = n_rings;
  for (guint i = 0; i < n_rings; i++)
    {
      guint start = points->len;

      g_array_append_val (ring_start, start);
      if (!read_ring (r, points))
        return FALSE;
    }
  return TRUE;
}

static void
world_index (OtWorld *world)
{
  for (guint i = 0; i < MAX_NUMERIC; i++)
    world->by_numeric[i] = -1;
  for (guint i = 0; i < G_N_ELEMENTS (world->by_alpha2); i++)
    world->by_alpha2[i] = -1;
  for (guint i = 0; i < world->n_shapes; i++)
    {
      const Shape *s = &world->shapes[i];

      /* The builder merges duplicates; keep the first if one slips by. */
      if (s->numeric > 0 && world->by_numeric[s->numeric] < 0)
        world->by_numeric[s->numeric] = i;
      if (s->alpha2[0] != 0)
        {
          int k = (s->alpha2[0] - 'A') * 26 + (s->alpha2[1] - 'A');

          if (world->by_alpha2[k] < 0)
            world->by_alpha2[k] = i;
        }
    }
}

OtWorld *
ot_world_new_from_bytes (GBytes  *bytes,
                         GError **error)
{
  g_autoptr(GArray) shapes = g_array_new (FALSE, TRUE, sizeof (Shape));
  g_autoptr(GArray) points = g_array_new (FALSE, FALSE, sizeof (OtGeoPoint));
  g_autoptr(GArray) ring_start = g_array_new (FALSE, FALSE, sizeof (guint));
  Reader r = { 0 };
  const guint8 *magic;
  guint n_shapes;
  OtWorld *world;
  gboolean ok;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  r.data = g_bytes_get_data (bytes, &r.len);
  r.error = error;
  if (!read_bytes (&r, 8, &magic) || memcmp (magic, WORLD_MAGIC, 8) != 0)
    {
      g_clear_error (error);
      r.pos = 0;
      reader_fail (&r, _("not a world outline file"));
      return NULL;
    }
  ok = read_u32 (&r, &n_shapes);
  if (ok && n_shapes > (r.len - r.pos) / 9)
    ok = reader_fail (&r, _("impossible number of shapes"));
  for (guint i = 0; ok && i < n_shapes; i++)
    {
      g_array_set_size (shapes, i + 1);
      ok = read_shape (&r, &g_array_index (shapes, Shape, i), points, ring_start);
    }
  if (ok && r.pos != r.len)
    ok = reader_fail (&r, _("unexpected data after the last shape"));
  if (!ok)
    {
      for (guint i = 0; i < shapes->len; i++)
        g_free (g_array_index (shapes, Shape, i).name);
      return NULL;
    }

  world = g_new0 (OtWorld, 1);
  world->serial = (guint) g_atomic_int_add (&next_world_serial, 1);
  world->n_shapes = shapes->len;
  world->shapes = (Shape *) g_array_free (g_steal_pointer (&shapes), FALSE);
  world->n_rings = ring_start->len;
  g_array_append_val (ring_start, points->len);
  world->ring_start = (guint *) g_array_free (g_steal_pointer (&ring_start), FALSE);
  world->points = (OtGeoPoint *) g_array_free (g_steal_pointer (&points), FALSE);
  world_index (world);
  return world;
}

void
ot_world_free (OtWorld *world)
{
  if (world == NULL)
    return;
  for (guint i = 0; i < world->n_shapes; i++)
    g_free (world->shapes[i].name);
  g_free (world->shapes);
  g_free (world->points);
  g_free (world->ring_start);
  g_free (world->ring_bounds);
  g_free (world);
}

const OtWorld *
ot_world_get (GError **error)
{
  static OtWorld *the_world;
  static GMutex lock;
  OtWorld *world;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  world = g_atomic_pointer_get (&the_world);
  if (world != NULL)
    return world;

  g_mutex_lock (&lock);
  if (the_world == NULL)
    {
      g_autoptr(GBytes) bytes = ot_data_lookup (WORLD_FILE, error);

      if (bytes != NULL)
        g_atomic_pointer_set (&the_world, ot_world_new_from_bytes (bytes, error));
    }
  world = the_world;
  g_mutex_unlock (&lock);
  return world;
}

guint
ot_world_get_n_shapes (const OtWorld *world)
{
  g_return_val_if_fail (world != NULL, 0);
  return world->n_shapes;
}

int
ot_world_find_numeric (const OtWorld *world,
                       int            numeric)
{
  g_return_val_if_fail (world != NULL, -1);
  if (numeric <= 0 || numeric >= MAX_NUMERIC)
    return -1;
  return world->by_numeric[numeric];
}

int
ot_world_find_alpha2 (const OtWorld *world,
                      const char    *alpha2)
{
  char a, b;

  g_return_val_if_fail (world != NULL, -1);
  g_return_val_if_fail (alpha2 != NULL, -1);
  a = g_ascii_toupper (alpha2[0]);
  b = a ? g_ascii_toupper (alpha2[1]) : 0;
  if (a < 'A' || a > 'Z' || b < 'A' || b > 'Z' || alpha2[2] != 0)
    return -1;
  return world->by_alpha2[(a - 'A') * 26 + (b - 'A')];
}

#define CHECK_SHAPE(world, shape, val) \
  G_STMT_START { \
    g_return_val_if_fail ((world) != NULL, val); \
    g_return_val_if_fail ((shape) < (world)->n_shapes, val); \
  } G_STMT_END

int
ot_world_shape_numeric (const OtWorld *world,
                        guint          shape)
{
  CHECK_SHAPE (world, shape, 0);
  return world->shapes[shape].numeric;
}

const char *
ot_world_shape_alpha2 (const OtWorld *world,
                       guint          shape)
{
  CHECK_SHAPE (world, shape, "");
  return world->shapes[shape].alpha2;
}

const char *
ot_world_shape_name (const OtWorld *world,
                     guint          shape)
{
  CHECK_SHAPE (world, shape, "");
  return world->shapes[shape].name;
}

guint
ot_world_shape_n_rings (const OtWorld *world,
                        guint          shape)
{
  CHECK_SHAPE (world, shape, 0);
  return world->shapes[shape].n_rings;
}

const OtGeoPoint *
ot_world_shape_ring (const OtWorld *world,
                     guint          shape,
                     guint          ring,
                     guint         *n_points)
{
  guint r;

  CHECK_SHAPE (world, shape, NULL);
  g_return_val_if_fail (ring < world->shapes[shape].n_rings, NULL);
  g_return_val_if_fail (n_points != NULL, NULL);

  r = world->shapes[shape].first_ring + ring;
  *n_points = world->ring_start[r + 1] - world->ring_start[r];
  return world->points + world->ring_start[r];
}

/* ---- cutting at the edge ---- */

/* Sutherland-Hodgman against one vertical line: keeps lon >= edge when
 * @side is 1, lon <= edge when it is -1. */
static void
clip_side (const OtGeoPoint *in,
           guint             n,
           double            edge,
           int               side,
           GArray           *out)
{
  g_array_set_size (out, 0);
  for (guint i = 0; i < n; i++)
    {
      const OtGeoPoint *prev = &in[(i + n - 1) % n];
      const OtGeoPoint *cur = &in[i];
      gboolean prev_in = side * (prev->lon - edge) >= 0;
      gboolean cur_in = side * (cur->lon - edge) >= 0;

      if (cur_in != prev_in)
        {
          double t = (edge - prev->lon) / (cur->lon - prev->lon);
          OtGeoPoint cut = { edge, prev->lat + t * (cur->lat - prev->lat) };

          g_array_append_val (out, cut);
        }
      if (cur_in)
        g_array_append_val (out, *cur);
    }
}

static double
ring_area (const OtGeoPoint *p,
           guint             n)
{
  double sum = 0;

  for (guint i = 0; i < n; i++)
    {
      const OtGeoPoint *q = &p[(i + 1) % n];

      sum += p[i].lon * q->lat - q->lon * p[i].lat;
    }
  return sum / 2;
}

typedef struct {
  GArray *xy;                     /* float pairs */
  GArray *piece_start;
  float   bounds[4];
} Builder;

static void
builder_point (Builder *b,
               double   u,
               double   lat)
{
  double x, y;
  float f[2];

  project_local (CLAMP (u, -180.0, 180.0), lat, &x, &y);
  f[0] = x;
  f[1] = y;
  g_array_append_vals (b->xy, f, 2);
  b->bounds[0] = MIN (b->bounds[0], f[0]);
  b->bounds[1] = MIN (b->bounds[1], f[1]);
  b->bounds[2] = MAX (b->bounds[2], f[0]);
  b->bounds[3] = MAX (b->bounds[3], f[1]);
}

/* Adds a piece already inside the window centred on @shift; long segments
 * (the cut edge, the pole) get intermediate points so they follow the
 * projection's curves. */
static void
builder_piece (Builder          *b,
               const OtGeoPoint *p,
               guint             n,
               double            shift)
{
  guint start;

  if (n < 3 || fabs (ring_area (p, n)) < 1e-10)
    return;
  start = b->xy->len / 2;
  g_array_append_val (b->piece_start, start);
  for (guint i = 0; i < n; i++)
    {
      const OtGeoPoint *q = &p[(i + 1) % n];
      double dlon = q->lon - p[i].lon;
      double dlat = q->lat - p[i].lat;
      guint steps = (guint) ceil (MAX (fabs (dlon), fabs (dlat)) / DENSIFY_STEP);

      for (guint s = 0; s < MAX (steps, 1); s++)
        {
          double t = steps ? (double) s / steps : 0;

          builder_point (b, p[i].lon + t * dlon - shift, p[i].lat + t * dlat);
        }
    }
}

/* Cuts one ring (unwrapped longitudes) for central meridian @lambda0 into
 * the windows of longitudes it overlaps, each 360 degrees wide. */
static void
builder_ring (Builder          *b,
              const OtGeoPoint *ring,
              guint             n,
              double            lambda0,
              GArray           *local,
              GArray           *tmp,
              GArray           *out)
{
  double umin = G_MAXDOUBLE, umax = -G_MAXDOUBLE;
  OtGeoPoint *u;

  g_array_set_size (local, n);
  u = (OtGeoPoint *) local->data;
  for (guint i = 0; i < n; i++)
    {
      u[i].lon = ring[i].lon - lambda0;
      u[i].lat = ring[i].lat;
      umin = MIN (umin, u[i].lon);
      umax = MAX (umax, u[i].lon);
    }

  for (int k = -3; k <= 3; k++)
    {
      double lo = 360.0 * k - 180.0, hi = 360.0 * k + 180.0;

      if (umax <= lo + EDGE_EPSILON || umin >= hi - EDGE_EPSILON)
        continue;
      if (umin >= lo - EDGE_EPSILON && umax <= hi + EDGE_EPSILON)
        {
          builder_piece (b, u, n, 360.0 * k);
          continue;
        }
      clip_side (u, n, lo, 1, tmp);
      clip_side ((OtGeoPoint *) tmp->data, tmp->len, hi, -1, out);
      builder_piece (b, (OtGeoPoint *) out->data, out->len, 360.0 * k);
    }
}

static Projected *
projected_new (const OtWorld *world,
               double         lambda0)
{
  g_autoptr(GArray) local = g_array_new (FALSE, FALSE, sizeof (OtGeoPoint));
  g_autoptr(GArray) tmp = g_array_new (FALSE, FALSE, sizeof (OtGeoPoint));
  g_autoptr(GArray) out = g_array_new (FALSE, FALSE, sizeof (OtGeoPoint));
  Projected *p = g_new0 (Projected, 1);
  Builder b;
  guint n_points;

  b.xy = g_array_sized_new (FALSE, FALSE, sizeof (float), 2 * world->ring_start[world->n_rings] + 4096);
  b.piece_start = g_array_new (FALSE, FALSE, sizeof (guint));
  p->world_serial = world->serial;
  p->shape_piece = g_new (guint, world->n_shapes + 1);
  p->bounds = g_new (float, 4 * world->n_shapes);

  for (guint s = 0; s < world->n_shapes; s++)
    {
      const Shape *shape = &world->shapes[s];

      b.bounds[0] = b.bounds[1] = G_MAXFLOAT;
      b.bounds[2] = b.bounds[3] = -G_MAXFLOAT;
      p->shape_piece[s] = b.piece_start->len;
      for (guint r = shape->first_ring; r < shape->first_ring + shape->n_rings; r++)
        builder_ring (&b, world->points + world->ring_start[r],
                      world->ring_start[r + 1] - world->ring_start[r],
                      lambda0, local, tmp, out);
      memcpy (p->bounds + 4 * s, b.bounds, sizeof b.bounds);
    }
  p->shape_piece[world->n_shapes] = b.piece_start->len;
  n_points = b.xy->len / 2;
  g_array_append_val (b.piece_start, n_points);
  p->piece_start = (guint *) g_array_free (b.piece_start, FALSE);
  p->xy = (float *) g_array_free (b.xy, FALSE);
  return p;
}

static void
projected_free (gpointer data)
{
  Projected *p = data;

  g_free (p->xy);
  g_free (p->piece_start);
  g_free (p->shape_piece);
  g_free (p->bounds);
  g_free (p);
}

/* The cut and projected outlines of @world, made on first use. */
static const Projected *
projection_get_projected (const OtGeoProjection *const_projection,
                          const OtWorld         *world)
{
  /* The cache is the only thing that changes, under the lock. */
  OtGeoProjection *projection = (OtGeoProjection *) const_projection;
  Projected *found = NULL;

  g_mutex_lock (&projection->lock);
  for (guint i = 0; i < projection->cache->len && found == NULL; i++)
    {
      Projected *p = g_ptr_array_index (projection->cache, i);

      if (p->world_serial == world->serial)
        found = p;
    }
  if (found == NULL)
    {
      found = projected_new (world, projection->central_meridian);
      g_ptr_array_add (projection->cache, found);
    }
  g_mutex_unlock (&projection->lock);
  return found;
}

/* ---- projection ---- */

OtGeoProjection *
ot_geo_projection_new (double central_meridian)
{
  OtGeoProjection *projection;

  g_return_val_if_fail (isfinite (central_meridian), NULL);

  projection = g_atomic_rc_box_new0 (OtGeoProjection);
  projection->central_meridian = wrap180 (central_meridian);
  g_mutex_init (&projection->lock);
  projection->cache = g_ptr_array_new_with_free_func (projected_free);
  return projection;
}

OtGeoProjection *
ot_geo_projection_ref (OtGeoProjection *projection)
{
  g_return_val_if_fail (projection != NULL, NULL);
  return g_atomic_rc_box_acquire (projection);
}

static void
projection_clear (gpointer data)
{
  OtGeoProjection *projection = data;

  g_mutex_clear (&projection->lock);
  g_ptr_array_unref (projection->cache);
}

void
ot_geo_projection_unref (OtGeoProjection *projection)
{
  g_return_if_fail (projection != NULL);
  g_atomic_rc_box_release_full (projection, projection_clear);
}

double
ot_geo_projection_get_central_meridian (const OtGeoProjection *projection)
{
  g_return_val_if_fail (projection != NULL, 0);
  return projection->central_meridian;
}

void
ot_geo_project (const OtGeoProjection *projection,
                double                 lon,
                double                 lat,
                double                *x,
                double                *y)
{
  g_return_if_fail (projection != NULL);
  g_return_if_fail (x != NULL && y != NULL);

  project_local (wrap180 (lon - projection->central_meridian), lat, x, y);
}

gboolean
ot_geo_unproject (const OtGeoProjection *projection,
                  double                 x,
                  double                 y,
                  double                *lon,
                  double                *lat)
{
  double phi, lambda, factor;

  g_return_val_if_fail (projection != NULL, FALSE);
  g_return_val_if_fail (lon != NULL && lat != NULL, FALSE);

  /* The tolerance covers points of the map's outline stored as floats. */
  if (!isfinite (x) || !isfinite (y) || fabs (y) > ne1_y (G_PI_2) + 1e-6)
    return FALSE;
  phi = y;
  for (guint i = 0; i < 30; i++)
    {
      double delta = (ne1_y (phi) - y) / ne1_y_derivative (phi);

      phi = CLAMP (phi - delta, -G_PI_2, G_PI_2);
      if (fabs (delta) < 1e-13)
        break;
    }
  factor = ne1_x_factor (phi);
  lambda = x / factor;
  if (fabs (lambda) > G_PI + 1e-6)
    return FALSE;
  lambda = CLAMP (lambda, -G_PI, G_PI);
  *lat = phi * 180.0 / G_PI;
  *lon = wrap180 (lambda * 180.0 / G_PI + projection->central_meridian);
  return TRUE;
}

void
ot_geo_projection_get_extent (const OtGeoProjection *projection,
                              double                *half_width,
                              double                *half_height)
{
  g_return_if_fail (projection != NULL);

  if (half_width != NULL)
    *half_width = G_PI * ne1_x_factor (0);
  if (half_height != NULL)
    *half_height = ne1_y (G_PI_2);
}

void
ot_geo_projection_fit (const OtGeoProjection *projection,
                       double                 south,
                       double                 north,
                       double                 x,
                       double                 y,
                       double                 width,
                       double                 height,
                       cairo_matrix_t        *to_device)
{
  double half_width, y_south, y_north, scale;

  g_return_if_fail (projection != NULL);
  g_return_if_fail (to_device != NULL);
  g_return_if_fail (south < north);
  g_return_if_fail (width > 0 && height > 0);

  ot_geo_projection_get_extent (projection, &half_width, NULL);
  y_south = ne1_y (CLAMP (south, -90.0, 90.0) * G_PI / 180.0);
  y_north = ne1_y (CLAMP (north, -90.0, 90.0) * G_PI / 180.0);
  scale = MIN (width / (2 * half_width), height / (y_north - y_south));
  cairo_matrix_init (to_device, scale, 0, 0, -scale,
                     x + width / 2,
                     y + height / 2 + scale * (y_north + y_south) / 2);
}

/* Whether the flow from @a to @b, taken the shorter way, leaves the map
 * centred on @lambda0 (so it would be drawn the long way round), and how
 * far (degrees) the map's edge is from the flow otherwise. */
static gboolean
flow_crosses (double  a,
              double  b,
              double  lambda0,
              double *clearance)
{
  double d = wrap180 (b - a);
  double ua = wrap180 (a - lambda0);
  gboolean crossed = ua + d < -180.0 || ua + d >= 180.0;

  if (clearance != NULL)
    {
      double cut = lambda0 + 180.0;
      double t = wrap180 (cut - a);
      gboolean inside = d > 0 ? (t > 0 && t < d) : (t < 0 && t > d);

      *clearance = crossed || inside ? 0 : MIN (fabs (t), fabs (wrap180 (cut - b)));
    }
  return crossed;
}

gboolean
ot_geo_crosses_edge (const OtGeoProjection *projection,
                     double                 lon1,
                     double                 lon2)
{
  g_return_val_if_fail (projection != NULL, FALSE);
  return flow_crosses (lon1, lon2, projection->central_meridian, NULL);
}

/* ---- central meridian ---- */

typedef struct {
  guint shape;
  float lat;
} Crossing;

static int
crossing_compare (gconstpointer a,
                  gconstpointer b)
{
  const Crossing *x = a, *y = b;

  if (x->shape != y->shape)
    return x->shape < y->shape ? -1 : 1;
  return (x->lat > y->lat) - (x->lat < y->lat);
}

/* Collects where each ring crosses each whole meridian. */
static void
land_crossings (const OtWorld *world,
                GArray       **by_meridian)
{
  for (guint s = 0; s < world->n_shapes; s++)
    {
      const Shape *shape = &world->shapes[s];

      if (shape->numeric == OT_GEO_ANTARCTICA)
        continue;
      for (guint r = shape->first_ring; r < shape->first_ring + shape->n_rings; r++)
        {
          const OtGeoPoint *p = world->points + world->ring_start[r];
          guint n = world->ring_start[r + 1] - world->ring_start[r];

          for (guint i = 0; i < n; i++)
            {
              const OtGeoPoint *a = &p[i], *b = &p[(i + 1) % n];
              double lo = MIN (a->lon, b->lon), hi = MAX (a->lon, b->lon);

              /* Meridians m with lo < m <= hi: each crossed once. */
              for (double m = floor (lo) + 1; m <= hi; m++)
                {
                  Crossing c;
                  int slot = (int) wrap180 (m) + 180;

                  c.shape = s;
                  c.lat = a->lat + (m - a->lon) / (b->lon - a->lon) * (b->lat - a->lat);
                  g_array_append_val (by_meridian[CLAMP (slot, 0, 359)], c);
                }
            }
        }
    }
}

/* Degrees of latitude of land (without Antarctica) along each whole
 * meridian, counted inside-outside per shape. */
static const float *
world_land_profile (const OtWorld *world)
{
  OtWorld *w = (OtWorld *) world;

  if (g_once_init_enter (&w->land_ready))
    {
      GArray *by_meridian[360];

      for (guint m = 0; m < 360; m++)
        by_meridian[m] = g_array_new (FALSE, FALSE, sizeof (Crossing));
      land_crossings (world, by_meridian);
      for (guint m = 0; m < 360; m++)
        {
          GArray *c = by_meridian[m];
          double sum = 0;

          g_array_sort (c, crossing_compare);
          for (guint i = 0; i + 1 < c->len; i++)
            {
              const Crossing *x = &g_array_index (c, Crossing, i);
              const Crossing *y = &g_array_index (c, Crossing, i + 1);

              if (x->shape == y->shape)
                {
                  sum += y->lat - x->lat;
                  i++;
                }
            }
          w->land[m] = sum;
          g_array_unref (c);
        }
      g_once_init_leave (&w->land_ready, 1);
    }
  return world->land;
}

/* Longitude and latitude bounds of every ring (longitudes continuous, so
 * lon1 may exceed 180 for a ring across the antimeridian). */
static const float *
world_ring_bounds (const OtWorld *world)
{
  OtWorld *w = (OtWorld *) world;

  if (g_once_init_enter (&w->ring_bounds_ready))
    {
      float *b = g_new (float, 4 * (gsize) MAX (world->n_rings, 1));

      for (guint r = 0; r < world->n_rings; r++)
        {
          const OtGeoPoint *p = world->points + world->ring_start[r];
          guint n = world->ring_start[r + 1] - world->ring_start[r];
          double lon0 = G_MAXDOUBLE, lat0 = G_MAXDOUBLE, lon1 = -G_MAXDOUBLE, lat1 = -G_MAXDOUBLE;

          for (guint i = 0; i < n; i++)
            {
              lon0 = MIN (lon0, p[i].lon);
              lon1 = MAX (lon1, p[i].lon);
              lat0 = MIN (lat0, p[i].lat);
              lat1 = MAX (lat1, p[i].lat);
            }
          b[4 * r] = lon0;
          b[4 * r + 1] = lat0;
          b[4 * r + 2] = lon1;
          b[4 * r + 3] = lat1;
        }
      w->ring_bounds = b;
      g_once_init_leave (&w->ring_bounds_ready, 1);
    }
  return world->ring_bounds;
}

/* Even-odd test of one ring in longitude/latitude. */
static gboolean
ring_contains (const OtGeoPoint *p,
               guint             n,
               double            lon,
               double            lat)
{
  gboolean inside = FALSE;

  for (guint i = 0, j = n - 1; i < n; j = i++)
    if ((p[i].lat > lat) != (p[j].lat > lat) &&
        lon < p[j].lon + (lat - p[j].lat) / (p[i].lat - p[j].lat) * (p[i].lon - p[j].lon))
      inside = !inside;
  return inside;
}

/* The longitudes [*lon0, *lon1] of the landmass (the ring of land, any
 * country's) holding a place; FALSE at sea, in Antarctica or on a ring
 * that circles the pole. */
static gboolean
landmass_span (const OtWorld *world,
               double         lon,
               double         lat,
               double        *lon0,
               double        *lon1)
{
  const float *b = world_ring_bounds (world);

  lon = wrap180 (lon);
  for (guint s = 0; s < world->n_shapes; s++)
    {
      const Shape *shape = &world->shapes[s];

      if (shape->numeric == OT_GEO_ANTARCTICA)
        continue;
      for (guint r = shape->first_ring; r < shape->first_ring + shape->n_rings; r++)
        {
          const float *rb = b + 4 * r;

          if (lat < rb[1] || lat > rb[3] || rb[2] - rb[0] > MAX_LANDMASS_SPAN)
            continue;
          /* Rings across the antimeridian hold longitudes beyond ±180. */
          for (int k = -1; k <= 1; k++)
            {
              double l = lon + 360.0 * k;

              if (l >= rb[0] && l <= rb[2] &&
                  ring_contains (world->points + world->ring_start[r],
                                 world->ring_start[r + 1] - world->ring_start[r], l, lat))
                {
                  *lon0 = rb[0];
                  *lon1 = rb[2];
                  return TRUE;
                }
            }
        }
    }
  return FALSE;
}

typedef struct {
  double lambda0;
  guint  cut;                     /* places whose landmass the edge cuts */
  guint  crossed;                 /* flows crossing the edge */
  double clear;                   /* degrees from the edge to the nearest place */
  double land;                    /* whole degrees of land along the edge */
} Candidate;

/* A place and the landmass under it (lon0 > lon1: at sea). */
typedef struct {
  double lon;
  double lon0, lon1;
} Place;

static void
candidate_score (Candidate       *c,
                 const float     *land,
                 const Place     *places,
                 guint            n_places,
                 const OtGeoFlow *flows,
                 guint            n_flows)
{
  double edge = c->lambda0 + 180.0;

  c->cut = 0;
  c->crossed = 0;
  c->clear = G_MAXDOUBLE;
  for (guint f = 0; f < n_flows; f++)
    {
      double clear;

      if (flow_crosses (flows[f].lon1, flows[f].lon2, c->lambda0, &clear))
        c->crossed++;
      c->clear = MIN (c->clear, clear);
    }
  for (guint i = 0; i < n_places; i++)
    {
      const Place *p = &places[i];

      c->clear = MIN (c->clear, fabs (wrap180 (edge - p->lon)));
      if (p->lon0 <= p->lon1 && fmod (fmod (edge - p->lon0, 360.0) + 360.0, 360.0) <= p->lon1 - p->lon0)
        c->cut++;
    }
  c->land = land ? round (land[(int) wrap180 (edge) + 180]) : 0;
}

/* Less land under the edge, then farther from the places, then nearer
 * Greenwich. */
static gboolean
candidate_better (const Candidate *a,
                  const Candidate *b)
{
  if (a->land != b->land)
    return a->land < b->land;
  if (a->clear != b->clear)
    return a->clear > b->clear;
  return fabs (a->lambda0) < fabs (b->lambda0);
}

double
ot_geo_choose_meridian_for_places (const OtWorld    *world,
                                   const OtGeoPoint *places,
                                   guint             n_places,
                                   const OtGeoFlow  *flows,
                                   guint             n_flows)
{
  enum { N = 360 / CANDIDATE_STEP };
  const float *land = world != NULL ? world_land_profile (world) : NULL;
  g_autofree Place *where = g_new (Place, MAX (n_places, 1));
  Candidate c[N];
  const Candidate *greenwich = &c[N / 2], *best = NULL;
  guint fewest_cut = G_MAXUINT, fewest = G_MAXUINT;
  double clearest = 0, need;

  g_return_val_if_fail (places != NULL || n_places == 0, 0);
  g_return_val_if_fail (flows != NULL || n_flows == 0, 0);

  for (guint i = 0; i < n_places; i++)
    {
      where[i].lon = isfinite (places[i].lon) ? places[i].lon : 0;
      where[i].lon0 = 1;
      where[i].lon1 = 0;
      if (world != NULL && isfinite (places[i].lon) && isfinite (places[i].lat))
        landmass_span (world, places[i].lon, places[i].lat, &where[i].lon0, &where[i].lon1);
    }
  for (int i = 0; i < N; i++)
    {
      c[i].lambda0 = -180.0 + i * CANDIDATE_STEP;
      candidate_score (&c[i], land, where, n_places, flows, n_flows);
      fewest_cut = MIN (fewest_cut, c[i].cut);
    }
  /* 1. cut no landmass holding a place; 2. as few flows across the edge
   * as possible. */
  for (int i = 0; i < N; i++)
    if (c[i].cut == fewest_cut)
      fewest = MIN (fewest, c[i].crossed);

  /* Keep the usual Greenwich-centred map when it does the job. */
  if (greenwich->cut == fewest_cut && greenwich->crossed == fewest &&
      greenwich->clear >= CLEAR_MARGIN)
    return 0;

  for (int i = 0; i < N; i++)
    if (c[i].cut == fewest_cut && c[i].crossed == fewest)
      clearest = MAX (clearest, c[i].clear);
  need = MIN (CLEAR_MARGIN, clearest);

  for (int i = 0; i < N; i++)
    if (c[i].cut == fewest_cut && c[i].crossed == fewest && c[i].clear >= need
        && (best == NULL || candidate_better (&c[i], best)))
      best = &c[i];
  return best != NULL ? best->lambda0 : 0;
}

double
ot_geo_choose_central_meridian (const OtWorld   *world,
                                const OtGeoFlow *flows,
                                guint            n_flows)
{
  g_autofree OtGeoPoint *ends = g_new (OtGeoPoint, 2 * (gsize) MAX (n_flows, 1));

  g_return_val_if_fail (flows != NULL || n_flows == 0, 0);

  for (guint f = 0; f < n_flows; f++)
    {
      ends[2 * f] = (OtGeoPoint) { flows[f].lon1, flows[f].lat1 };
      ends[2 * f + 1] = (OtGeoPoint) { flows[f].lon2, flows[f].lat2 };
    }
  return ot_geo_choose_meridian_for_places (world, ends, 2 * n_flows, flows, n_flows);
}

/* ---- drawing ---- */

static void
append_pieces (cairo_t              *cr,
               const Projected      *p,
               guint                 first,
               guint                 last,
               const cairo_matrix_t *m)
{
  cairo_matrix_t identity;
  double tolerance = m != NULL ? MERGE_TOLERANCE : 0;

  if (m == NULL)
    {
      cairo_matrix_init_identity (&identity);
      m = &identity;
    }
  for (guint k = first; k < last; k++)
    {
      const float *xy = p->xy + 2 * p->piece_start[k];
      guint n = p->piece_start[k + 1] - p->piece_start[k];
      double lx = 0, ly = 0;
      guint emitted = 0;

      for (guint i = 0; i < n; i++)
        {
          double x = m->xx * xy[2 * i] + m->xy * xy[2 * i + 1] + m->x0;
          double y = m->yx * xy[2 * i] + m->yy * xy[2 * i + 1] + m->y0;

          if (emitted > 0 && i + 1 < n
              && fabs (x - lx) < tolerance && fabs (y - ly) < tolerance)
            continue;
          if (emitted == 0)
            cairo_move_to (cr, x, y);
          else
            cairo_line_to (cr, x, y);
          emitted++;
          lx = x;
          ly = y;
        }
      cairo_close_path (cr);
    }
}

void
ot_geo_append_shape_path (cairo_t               *cr,
                          const OtWorld         *world,
                          guint                  shape,
                          const OtGeoProjection *projection,
                          const cairo_matrix_t  *to_device)
{
  const Projected *p;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (world != NULL);
  g_return_if_fail (shape < world->n_shapes);
  g_return_if_fail (projection != NULL);

  p = projection_get_projected (projection, world);
  append_pieces (cr, p, p->shape_piece[shape], p->shape_piece[shape + 1], to_device);
}

gboolean
ot_geo_append_country_path (cairo_t               *cr,
                            const OtWorld         *world,
                            int                    numeric,
                            const OtGeoProjection *projection,
                            const cairo_matrix_t  *to_device)
{
  int shape;

  g_return_val_if_fail (cr != NULL, FALSE);
  g_return_val_if_fail (world != NULL, FALSE);
  g_return_val_if_fail (projection != NULL, FALSE);

  shape = ot_world_find_numeric (world, numeric);
  if (shape < 0)
    return FALSE;
  ot_geo_append_shape_path (cr, world, shape, projection, to_device);
  return TRUE;
}

void
ot_geo_append_land_path (cairo_t               *cr,
                         const OtWorld         *world,
                         const OtGeoProjection *projection,
                         const cairo_matrix_t  *to_device,
                         gboolean               with_antarctica)
{
  const Projected *p;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (world != NULL);
  g_return_if_fail (projection != NULL);

  p = projection_get_projected (projection, world);
  for (guint s = 0; s < world->n_shapes; s++)
    if (with_antarctica || world->shapes[s].numeric != OT_GEO_ANTARCTICA)
      append_pieces (cr, p, p->shape_piece[s], p->shape_piece[s + 1], to_device);
}

static void
path_point (cairo_t              *cr,
            const cairo_matrix_t *m,
            double                u,
            double                lat,
            gboolean              move)
{
  double x, y;

  project_local (u, lat, &x, &y);
  if (m != NULL)
    cairo_matrix_transform_point (m, &x, &y);
  if (move)
    cairo_move_to (cr, x, y);
  else
    cairo_line_to (cr, x, y);
}

void
ot_geo_append_sphere_path (cairo_t               *cr,
                           const OtGeoProjection *projection,
                           const cairo_matrix_t  *to_device)
{
  g_return_if_fail (cr != NULL);
  g_return_if_fail (projection != NULL);

  for (int lat = -90; lat <= 90; lat++)
    path_point (cr, to_device, -180.0, lat, lat == -90);
  for (int lat = 90; lat >= -90; lat--)
    path_point (cr, to_device, 180.0, lat, FALSE);
  cairo_close_path (cr);
}

void
ot_geo_append_graticule_path (cairo_t               *cr,
                              const OtGeoProjection *projection,
                              const cairo_matrix_t  *to_device,
                              double                 step)
{
  g_return_if_fail (cr != NULL);
  g_return_if_fail (projection != NULL);
  g_return_if_fail (step >= 1 && step <= 90);

  /* Meridians at whole multiples of @step in real longitudes. */
  for (double lon = -180.0; lon < 180.0 - EDGE_EPSILON; lon += step)
    {
      double u = wrap180 (lon - projection->central_meridian);

      if (fabs (fabs (u) - 180.0) < EDGE_EPSILON)
        continue;
      for (int lat = -90; lat <= 90; lat++)
        path_point (cr, to_device, u, lat, lat == -90);
    }
  /* Parallels are straight lines in Natural Earth I. */
  for (double lat = -90.0 + step; lat < 90.0 - EDGE_EPSILON; lat += step)
    {
      path_point (cr, to_device, -180.0, lat, TRUE);
      path_point (cr, to_device, 180.0, lat, FALSE);
    }
}

gboolean
ot_geo_shape_bounds (const OtWorld         *world,
                     guint                  shape,
                     const OtGeoProjection *projection,
                     double                *x0,
                     double                *y0,
                     double                *x1,
                     double                *y1)
{
  const Projected *p;
  const float *b;

  g_return_val_if_fail (world != NULL, FALSE);
  g_return_val_if_fail (shape < world->n_shapes, FALSE);
  g_return_val_if_fail (projection != NULL, FALSE);

  p = projection_get_projected (projection, world);
  if (p->shape_piece[shape] == p->shape_piece[shape + 1])
    return FALSE;
  b = p->bounds + 4 * shape;
  if (x0 != NULL)
    *x0 = b[0];
  if (y0 != NULL)
    *y0 = b[1];
  if (x1 != NULL)
    *x1 = b[2];
  if (y1 != NULL)
    *y1 = b[3];
  return TRUE;
}

guint
ot_geo_shape_n_pieces (const OtWorld         *world,
                       guint                  shape,
                       const OtGeoProjection *projection)
{
  const Projected *p;

  g_return_val_if_fail (world != NULL, 0);
  g_return_val_if_fail (shape < world->n_shapes, 0);
  g_return_val_if_fail (projection != NULL, 0);

  p = projection_get_projected (projection, world);
  return p->shape_piece[shape + 1] - p->shape_piece[shape];
}

const float *
ot_geo_shape_piece (const OtWorld         *world,
                    guint                  shape,
                    const OtGeoProjection *projection,
                    guint                  piece,
                    guint                 *n_points)
{
  const Projected *p;
  guint k;

  g_return_val_if_fail (world != NULL, NULL);
  g_return_val_if_fail (shape < world->n_shapes, NULL);
  g_return_val_if_fail (projection != NULL, NULL);
  g_return_val_if_fail (n_points != NULL, NULL);

  p = projection_get_projected (projection, world);
  g_return_val_if_fail (piece < p->shape_piece[shape + 1] - p->shape_piece[shape], NULL);
  k = p->shape_piece[shape] + piece;
  *n_points = p->piece_start[k + 1] - p->piece_start[k];
  return p->xy + 2 * p->piece_start[k];
}

/* Winding number of the pieces of one shape around (x, y). */
static int
shape_winding (const Projected *p,
               guint            shape,
               double           x,
               double           y)
{
  int winding = 0;

  for (guint k = p->shape_piece[shape]; k < p->shape_piece[shape + 1]; k++)
    {
      const float *xy = p->xy + 2 * p->piece_start[k];
      guint n = p->piece_start[k + 1] - p->piece_start[k];

      for (guint i = 0, j = n - 1; i < n; j = i++)
        {
          double xi = xy[2 * i], yi = xy[2 * i + 1];
          double xj = xy[2 * j], yj = xy[2 * j + 1];
          double side = (xi - xj) * (y - yj) - (x - xj) * (yi - yj);

          if (yj <= y && yi > y && side > 0)
            winding++;
          else if (yj > y && yi <= y && side < 0)
            winding--;
        }
    }
  return winding;
}

int
ot_geo_find_shape_at (const OtWorld         *world,
                      const OtGeoProjection *projection,
                      double                 x,
                      double                 y)
{
  const Projected *p;

  g_return_val_if_fail (world != NULL, -1);
  g_return_val_if_fail (projection != NULL, -1);

  p = projection_get_projected (projection, world);
  for (guint s = 0; s < world->n_shapes; s++)
    {
      const float *b = p->bounds + 4 * s;

      if (x < b[0] || x > b[2] || y < b[1] || y > b[3])
        continue;
      if (shape_winding (p, s, x, y) != 0)
        return s;
    }
  return -1;
}
