/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ot-case-tables.h"

static void
alias_free (gpointer data)
{
  OtCaseAlias *a = data;

  g_free (a->key);
  g_free (a->entity);
  g_free (a->name);
  g_free (a);
}

static void
decision_free (gpointer data)
{
  OtCaseAliasDecision *d = data;

  g_free (d->key_a);
  g_free (d->key_b);
  g_free (d);
}

static void
pin_free (gpointer data)
{
  OtCasePin *p = data;

  g_free (p->view);
  g_free (p->vertex);
  g_free (p);
}

static void
annotation_free (gpointer data)
{
  OtCaseAnnotation *a = data;

  g_free (a->target_kind);
  g_free (a->target_key);
  g_free (a->text);
  g_free (a);
}

static void
saved_view_free (gpointer data)
{
  OtCaseSavedView *v = data;

  g_free (v->name);
  g_free (v->filter);
  g_free (v->view);
  g_free (v->projection);
  g_free (v->viewport);
  g_free (v);
}

OtCaseTables *
ot_case_tables_new (void)
{
  OtCaseTables *tables = g_new0 (OtCaseTables, 1);

  tables->aliases = g_ptr_array_new_with_free_func (alias_free);
  tables->alias_decisions = g_ptr_array_new_with_free_func (decision_free);
  tables->pins = g_ptr_array_new_with_free_func (pin_free);
  tables->annotations = g_ptr_array_new_with_free_func (annotation_free);
  tables->saved_views = g_ptr_array_new_with_free_func (saved_view_free);
  return tables;
}

void
ot_case_tables_free (OtCaseTables *tables)
{
  if (tables == NULL)
    return;
  g_ptr_array_unref (tables->aliases);
  g_ptr_array_unref (tables->alias_decisions);
  g_ptr_array_unref (tables->pins);
  g_ptr_array_unref (tables->annotations);
  g_ptr_array_unref (tables->saved_views);
  g_free (tables->created);
  g_free (tables->modified);
  g_free (tables->application);
  g_free (tables);
}

void
ot_case_tables_add_alias (OtCaseTables *tables,
                          const char   *key,
                          const char   *entity,
                          const char   *name)
{
  OtCaseAlias *a = g_new (OtCaseAlias, 1);

  a->key = g_strdup (key);
  a->entity = g_strdup (entity);
  a->name = g_strdup (name);
  g_ptr_array_add (tables->aliases, a);
}

void
ot_case_tables_add_decision (OtCaseTables *tables,
                             const char   *key_a,
                             const char   *key_b)
{
  OtCaseAliasDecision *d = g_new (OtCaseAliasDecision, 1);

  d->key_a = g_strdup (key_a);
  d->key_b = g_strdup (key_b);
  g_ptr_array_add (tables->alias_decisions, d);
}

void
ot_case_tables_add_pin (OtCaseTables *tables,
                        const char   *view,
                        const char   *vertex,
                        double        x,
                        double        y)
{
  OtCasePin *p = g_new (OtCasePin, 1);

  p->view = g_strdup (view);
  p->vertex = g_strdup (vertex);
  p->x = x;
  p->y = y;
  g_ptr_array_add (tables->pins, p);
}

void
ot_case_tables_add_annotation (OtCaseTables *tables,
                               const char   *target_kind,
                               const char   *target_key,
                               const char   *text)
{
  OtCaseAnnotation *a = g_new (OtCaseAnnotation, 1);

  a->target_kind = g_strdup (target_kind);
  a->target_key = g_strdup (target_key);
  a->text = g_strdup (text);
  g_ptr_array_add (tables->annotations, a);
}

void
ot_case_tables_add_saved_view (OtCaseTables *tables,
                               const char   *name,
                               const char   *filter,
                               const char   *view,
                               const char   *projection,
                               const char   *viewport)
{
  OtCaseSavedView *v = g_new (OtCaseSavedView, 1);

  v->name = g_strdup (name);
  v->filter = g_strdup (filter);
  v->view = g_strdup (view);
  v->projection = g_strdup (projection);
  v->viewport = g_strdup (viewport);
  g_ptr_array_add (tables->saved_views, v);
}
