/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-big.c: large blocks, kept during a load for the next ones. */
#include <string.h>

#include "ot-big.h"

#define SIZE ((gsize) 6 << 20)   /* mapped (>= OT_BIG_MAP_MIN) */

static gboolean
all_zero (const guint8 *block,
          gsize         size)
{
  for (gsize i = 0; i < size; i++)
    if (block[i] != 0)
      return FALSE;
  return TRUE;
}

/* A block freed between ot_big_keep_freed () and ot_big_trim () is given
 * again to ot_big_alloc () of its size, never to the zeroed ones. */
static void
test_big_kept (void)
{
  guint8 *a, *b, *c, *d;

  G_STATIC_ASSERT (SIZE >= OT_BIG_MAP_MIN);
  ot_big_keep_freed ();
  a = ot_big_alloc (SIZE);
  memset (a, 0xa5, SIZE);
  ot_big_free (a);

  b = ot_big_alloc0_present (SIZE);
  g_assert_true (all_zero (b, SIZE));
  c = ot_big_alloc0 (SIZE);
  g_assert_true (all_zero (c, SIZE));
  d = ot_big_alloc (SIZE);
  g_assert_true (d == a);   /* the kept one, as it was */
  g_assert_cmpuint (d[SIZE - 1], ==, 0xa5);

  ot_big_free (b);
  ot_big_free (c);
  ot_big_free (d);
  ot_big_trim ();

  /* Not kept outside a load: a zeroed block again of any kind. */
  a = ot_big_alloc0 (SIZE);
  g_assert_true (all_zero (a, SIZE));
  ot_big_free (a);
}

/* Growing keeps the contents, from a small block to a mapped one and on. */
static void
test_big_realloc (void)
{
  guint8 *block = ot_big_alloc (1000);

  for (guint i = 0; i < 1000; i++)
    block[i] = (guint8) i;
  block = ot_big_realloc (block, SIZE);
  block[SIZE - 1] = 7;
  block = ot_big_realloc (block, 3 * SIZE);
  for (guint i = 0; i < 1000; i++)
    g_assert_cmpuint (block[i], ==, (guint8) i);
  g_assert_cmpuint (block[SIZE - 1], ==, 7);
  ot_big_free (block);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/big/kept", test_big_kept);
  g_test_add_func ("/big/realloc", test_big_realloc);
  return g_test_run ();
}
