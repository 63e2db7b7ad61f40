/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-search.h: finds vertices of a network and incidents of its dataset
 * by name, id, declared-as label or source text.  A company vertex that
 * is merged companies (issue 17) is found by its entity's name and by
 * each of its aliases (field "alias").
 *
 * The query is split on blanks; every word must occur (case-folded, as a
 * substring) in the text of a result.  Results rank by how well the best
 * field matches: the whole field (an id or a name) first, then a field
 * starting with the query, then a word starting with it, then anywhere;
 * ties go to vertices before incidents, then to the order of the data. */
#pragma once

#include "ot-network.h"

G_BEGIN_DECLS

typedef enum {
  OT_SEARCH_VERTEX,     /* index: a vertex of the network */
  OT_SEARCH_INCIDENT,   /* index: an incident of the dataset */
} OtSearchKind;

typedef struct {
  OtSearchKind  kind;
  guint         index;
  guint         score;     /* higher is better */
  const char   *title;     /* vertex label or incident id; owned by the data */
  const char   *field;     /* untranslated name of the best field: "label", "id", "declared_as"... */
} OtSearchResult;

typedef struct _OtSearchIndex OtSearchIndex;

/* Folds every searchable text once; holds a reference to @network. */
OtSearchIndex *ot_search_index_new   (OtNetwork     *network);
void           ot_search_index_free  (OtSearchIndex *index);
OtNetwork     *ot_search_index_get_network (OtSearchIndex *index);
/* At most @max_results (0: all), best first; an array of OtSearchResult.
 * An empty or blank query finds nothing. */
GArray        *ot_search_index_query (OtSearchIndex *index,
                                      const char    *query,
                                      guint          max_results);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OtSearchIndex, ot_search_index_free)

G_END_DECLS
