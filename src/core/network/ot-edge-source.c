/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-edge-source.c: see ot-edge-source.h. */
#include "ot-edge-source.h"

G_DEFINE_INTERFACE (OtEdgeSource, ot_edge_source, G_TYPE_OBJECT)

static void
ot_edge_source_default_init (OtEdgeSourceInterface *iface)
{
}

GArray *
ot_edge_source_query_edges (OtEdgeSource   *self,
                            const OtFilter *filter,
                            guint          *n_incidents,
                            GCancellable   *cancellable,
                            GError        **error)
{
  OtEdgeSourceInterface *iface;

  g_return_val_if_fail (OT_IS_EDGE_SOURCE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  iface = OT_EDGE_SOURCE_GET_IFACE (self);
  g_return_val_if_fail (iface->query_edges != NULL, NULL);
  return iface->query_edges (self, filter, n_incidents, cancellable, error);
}

guint
ot_edge_source_get_generation (OtEdgeSource *self)
{
  OtEdgeSourceInterface *iface;

  g_return_val_if_fail (OT_IS_EDGE_SOURCE (self), 0);

  iface = OT_EDGE_SOURCE_GET_IFACE (self);
  return iface->get_generation != NULL ? iface->get_generation (self) : 0;
}

GArray *
ot_edge_source_query_places (OtEdgeSource   *self,
                             const OtFilter *filter,
                             GCancellable   *cancellable,
                             GError        **error)
{
  OtEdgeSourceInterface *iface;

  g_return_val_if_fail (OT_IS_EDGE_SOURCE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  iface = OT_EDGE_SOURCE_GET_IFACE (self);
  if (iface->query_places == NULL)
    return g_array_new (FALSE, FALSE, sizeof (OtPlaceCount));
  return iface->query_places (self, filter, cancellable, error);
}

GArray *
ot_edge_source_query_cells (OtEdgeSource   *self,
                            const OtFilter *filter,
                            GCancellable   *cancellable,
                            GError        **error)
{
  OtEdgeSourceInterface *iface;

  g_return_val_if_fail (OT_IS_EDGE_SOURCE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  iface = OT_EDGE_SOURCE_GET_IFACE (self);
  if (iface->query_cells == NULL)
    return g_array_new (FALSE, FALSE, sizeof (OtSummaryCell));
  return iface->query_cells (self, filter, cancellable, error);
}
