/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-hash.h: a fast hash of short byte strings (ids, field values),
 * eight bytes at a time, for the loader's tables. */
#pragma once

#include <glib.h>
#include <string.h>

G_BEGIN_DECLS

static inline guint64
ot_hash_bytes (const char *text,
               gsize       length)
{
  const guint64 k = G_GUINT64_CONSTANT (0x9E3779B97F4A7C15);
  guint64 h = length * k;
  gsize i = 0;

  for (; i + 8 <= length; i += 8)
    {
      guint64 w;

      memcpy (&w, text + i, 8);
      h = (h ^ w) * k;
      h ^= h >> 29;
    }
  if (i < length)
    {
      guint64 w = 0;

      memcpy (&w, text + i, length - i);
      h = (h ^ w) * k;
      h ^= h >> 29;
    }
  return h ^ (h >> 32);
}

G_END_DECLS
