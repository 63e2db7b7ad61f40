/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-generator-private.h: the random numbers the generators share
 * (ot-generator.c, ot-generator-trade.c). */
#pragma once

#include <glib.h>
#include <math.h>

/* SplitMix64: tiny, fast, and the same on every platform and GLib. */
typedef struct { guint64 state; } Rng;

static inline guint64
rng_next (Rng *rng)
{
  guint64 z = (rng->state += G_GUINT64_CONSTANT (0x9E3779B97F4A7C15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94D049BB133111EB);
  return z ^ (z >> 31);
}

/* In [0, 1). */
static inline double
rng_double (Rng *rng)
{
  return (rng_next (rng) >> 11) * (1.0 / 9007199254740992.0);
}

static inline guint
rng_below (Rng  *rng,
           guint n)
{
  return (guint) (rng_double (rng) * n);
}

static inline double
rng_normal (Rng *rng)
{
  double u = 1.0 - rng_double (rng), v = rng_double (rng);

  return sqrt (-2.0 * log (u)) * cos (2.0 * G_PI * v);
}
