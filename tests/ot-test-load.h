/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Loading a text as if read from a file, for the loader tests. */
#pragma once

#include <string.h>

#include "ot-loader.h"

/* A new dataset holding @text (@length bytes) read as file @name. */
static inline OtDataset *
ot_test_load_len (const char *name,
                  const char *text,
                  gsize       length)
{
  OtDataset *ds = ot_dataset_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (ot_loader_load_data (ds, name, text, length, NULL, &error));
  g_assert_no_error (error);
  return ds;
}

static inline OtDataset *
ot_test_load (const char *name,
              const char *text)
{
  return ot_test_load_len (name, text, strlen (text));
}
