/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-suggestion-item.h: one alias suggestion (ot-alias-suggest.h) as a
 * list item of the Company Suggestions window: the pair, its counts, its
 * score and the line explaining it. */
#pragma once

#include <glib-object.h>

#include "ot-alias-suggest.h"

G_BEGIN_DECLS

#define OT_TYPE_SUGGESTION_ITEM (ot_suggestion_item_get_type ())
G_DECLARE_FINAL_TYPE (OtSuggestionItem, ot_suggestion_item, OT, SUGGESTION_ITEM, GObject)

/* @suggestion's keys are @dataset's strings: the item keeps it alive. */
OtSuggestionItem        *ot_suggestion_item_new            (OtDataset               *dataset,
                                                             const OtAliasSuggestion *suggestion);
const OtAliasSuggestion *ot_suggestion_item_get_suggestion (OtSuggestionItem        *self);
/* Whether @self shows what an item of @suggestion in @dataset would:
 * the same keys, counts and score, and the keys in the same entities. */
gboolean                 ot_suggestion_item_equals         (OtSuggestionItem        *self,
                                                             OtDataset               *dataset,
                                                             const OtAliasSuggestion *suggestion);
/* ot_alias_explain ()'s line, made once. */
const char              *ot_suggestion_item_get_reason     (OtSuggestionItem        *self);

G_END_DECLS
