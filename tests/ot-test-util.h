/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Small datasets written as one call per incident, for the network tests,
 * and datasets loaded from text. */
#pragma once

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "ot-dataset.h"
#include "ot-loader.h"
#include "ot-test-load.h"

/* @via: "TH:Laem Chabang,MX" (country, optional port; comma separated);
 * @date: "2024-07-15", "2024" or NULL; @kg: NAN for none; NULL or ""
 * leaves a field out. */
static inline void
ot_test_add (OtDataset  *ds,
             const char *id,
             const char *mineral,
             const char *status,
             double      kg,
             const char *date,
             const char *origin,
             const char *exporter,
             const char *via,
             const char *consignee,
             const char *destination)
{
  OtIncident incident = { 0 };
  g_auto(GStrv) hops = via && *via ? g_strsplit (via, ",", -1) : NULL;
  OtHop hop_array[16];
  OtStatus st = OT_STATUS_REPORTED;

  incident.id = ot_dataset_store (ds, id);
  incident.quantity_kg = kg;
  incident.value = NAN;
  incident.mineral = OT_MINERAL_NONE;
  if (mineral)
    g_assert_true (ot_mineral_parse (mineral, &incident.mineral));
  if (status)
    g_assert_true (ot_status_parse (status, &st));
  incident.status = st;
  if (date)
    g_assert_true (ot_date_parse (date, &incident.date, NULL));
  if (origin)
    g_strlcpy (incident.origin.code, origin, sizeof incident.origin.code);
  if (destination)
    g_strlcpy (incident.destination.code, destination, sizeof incident.destination.code);
  if (exporter && *exporter)
    incident.exporter = ot_dataset_intern (ds, exporter);
  if (consignee && *consignee)
    incident.consignee = ot_dataset_intern (ds, consignee);
  for (guint h = 0; hops && hops[h]; h++)
    {
      const char *colon = strchr (hops[h], ':');

      g_assert_cmpuint (h, <, G_N_ELEMENTS (hop_array));
      memset (&hop_array[h], 0, sizeof hop_array[h]);
      g_strlcpy (hop_array[h].country.code, hops[h],
                 MIN (sizeof hop_array[h].country.code, (gsize) (colon ? colon - hops[h] + 1 : 3)));
      hop_array[h].port = colon ? ot_dataset_intern (ds, colon + 1) : NULL;
      incident.n_via = h + 1;
    }
  incident.via = hop_array;
  g_assert_true (ot_dataset_add (ds, &incident));
}

/* Deletes the folder @path and everything in it (links are not followed). */
static inline void
ot_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        ot_test_remove_tree (child);
      else
        g_remove (child);
    }
  g_rmdir (path);
}
