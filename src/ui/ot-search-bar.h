/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-search-bar.h: a search bar (Ctrl+F) finding vertices of the network and
 * incidents by name, id, declared-as label or source text (the matching
 * is ot-search in the core).  Choosing a result emits "result-activated"
 * with its kind (OtSearchKind) and index (a vertex of the network set
 * here, or an incident of its dataset), for the window to select and
 * centre it. */
#pragma once

#include <adwaita.h>

#include "ot-search.h"

G_BEGIN_DECLS

#define OT_TYPE_SEARCH_BAR (ot_search_bar_get_type ())
G_DECLARE_FINAL_TYPE (OtSearchBar, ot_search_bar, OT, SEARCH_BAR, GtkWidget)

/* Results listed at most. */
#define OT_SEARCH_BAR_MAX_RESULTS 50

GtkWidget  *ot_search_bar_new                (void);
/* The network searched (a reference is kept); NULL clears. */
void        ot_search_bar_set_network        (OtSearchBar *self,
                                          OtNetwork  *network);
void        ot_search_bar_set_search_mode    (OtSearchBar *self,
                                          gboolean    enabled);
gboolean    ot_search_bar_get_search_mode    (OtSearchBar *self);
/* Typing in @widget starts a search (gtk_search_bar_set_key_capture_widget). */
void        ot_search_bar_set_key_capture_widget (OtSearchBar *self,
                                              GtkWidget *widget);
/* Puts @text in the entry and searches at once. */
void        ot_search_bar_set_text           (OtSearchBar *self,
                                          const char *text);
guint       ot_search_bar_get_n_results      (OtSearchBar *self);
const OtSearchResult *ot_search_bar_get_result (OtSearchBar *self,
                                            guint     position);
/* As if the user chose result @position. */
void        ot_search_bar_activate_result    (OtSearchBar *self,
                                          guint       position);

G_END_DECLS
