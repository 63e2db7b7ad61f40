/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ot-suggestion-item.h"

#include <string.h>

struct _OtSuggestionItem
{
  GObject            parent_instance;

  OtDataset         *dataset;   /* keeps the keys alive */
  OtAliasSuggestion  suggestion;
  char              *reason;
  char              *text;      /* both names, what the search looks at */
};

enum {
  PROP_0,
  PROP_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (OtSuggestionItem, ot_suggestion_item, G_TYPE_OBJECT)

static void
ot_suggestion_item_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  OtSuggestionItem *self = OT_SUGGESTION_ITEM (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ot_suggestion_item_finalize (GObject *object)
{
  OtSuggestionItem *self = OT_SUGGESTION_ITEM (object);

  g_clear_object (&self->dataset);
  g_free (self->reason);
  g_free (self->text);

  G_OBJECT_CLASS (ot_suggestion_item_parent_class)->finalize (object);
}

static void
ot_suggestion_item_class_init (OtSuggestionItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ot_suggestion_item_finalize;
  object_class->get_property = ot_suggestion_item_get_property;

  /* Both names and the entities they are in, for the search. */
  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ot_suggestion_item_init (OtSuggestionItem *self)
{
}

static char *
search_text (OtDataset               *dataset,
             const OtAliasSuggestion *suggestion)
{
  return g_strjoin ("\n", suggestion->key_a, suggestion->key_b,
                    ot_dataset_resolve_company (dataset, suggestion->key_a),
                    ot_dataset_resolve_company (dataset, suggestion->key_b), NULL);
}

OtSuggestionItem *
ot_suggestion_item_new (OtDataset               *dataset,
                        const OtAliasSuggestion *suggestion)
{
  OtSuggestionItem *self;

  g_return_val_if_fail (OT_IS_DATASET (dataset), NULL);
  g_return_val_if_fail (suggestion != NULL, NULL);

  self = g_object_new (OT_TYPE_SUGGESTION_ITEM, NULL);
  self->dataset = g_object_ref (dataset);
  self->suggestion = *suggestion;
  self->reason = ot_alias_explain (suggestion);
  self->text = search_text (dataset, suggestion);
  return self;
}

gboolean
ot_suggestion_item_equals (OtSuggestionItem        *self,
                           OtDataset               *dataset,
                           const OtAliasSuggestion *suggestion)
{
  const OtAliasSuggestion *s;
  g_autofree char *text = NULL;

  g_return_val_if_fail (OT_IS_SUGGESTION_ITEM (self), FALSE);
  g_return_val_if_fail (suggestion != NULL, FALSE);

  s = &self->suggestion;
  if (strcmp (s->key_a, suggestion->key_a) != 0 || strcmp (s->key_b, suggestion->key_b) != 0 ||
      s->score != suggestion->score || s->reasons != suggestion->reasons ||
      s->n_a != suggestion->n_a || s->n_b != suggestion->n_b)
    return FALSE;
  text = search_text (dataset, suggestion);
  return g_str_equal (text, self->text);
}

const OtAliasSuggestion *
ot_suggestion_item_get_suggestion (OtSuggestionItem *self)
{
  g_return_val_if_fail (OT_IS_SUGGESTION_ITEM (self), NULL);

  return &self->suggestion;
}

const char *
ot_suggestion_item_get_reason (OtSuggestionItem *self)
{
  g_return_val_if_fail (OT_IS_SUGGESTION_ITEM (self), NULL);

  return self->reason;
}
