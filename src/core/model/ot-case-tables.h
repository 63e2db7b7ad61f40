/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-case-tables.h: the analyst's tables of a case besides its incidents
 * (docs/case-file.md): company aliases, rejected alias pairs, pinned
 * vertices, annotations and saved views, as plain rows.  The case store
 * (io/ot-case.c) reads and writes them; the document (document/) edits
 * them; the views read pins and annotations. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A company key (the name as it appears in incidents) that belongs to
 * an entity: every key with the same @entity is one company, shown as
 * @name. */
typedef struct {
  char *key;
  char *entity;
  char *name;
} OtCaseAlias;

/* A suggested pair of company keys the analyst rejected as the same
 * entity (@key_a sorts before @key_b). */
typedef struct {
  char *key_a;
  char *key_b;
} OtCaseAliasDecision;

/* A vertex pinned at (@x, @y) in the layout of @view ("network",
 * "flow", "map"...); @vertex is the vertex key of that view. */
typedef struct {
  char   *view;
  char   *vertex;
  double  x;
  double  y;
} OtCasePin;

/* A note on a place, a flow or an incident: @target_kind says which
 * ("place", "flow", "incident"), @target_key names it. */
typedef struct {
  char *target_kind;
  char *target_key;
  char *text;
} OtCaseAnnotation;

/* A named view: the filter and the viewport as text (JSON, written and
 * read by the window), the view and the map projection by name. */
typedef struct {
  char *name;
  char *filter;
  char *view;
  char *projection;
  char *viewport;
} OtCaseSavedView;

/* Everything of a case but its incidents.  Each array owns its
 * elements (freed with the array). */
typedef struct {
  GPtrArray *aliases;         /* of OtCaseAlias */
  GPtrArray *alias_decisions; /* of OtCaseAliasDecision */
  GPtrArray *pins;            /* of OtCasePin */
  GPtrArray *annotations;     /* of OtCaseAnnotation */
  GPtrArray *saved_views;     /* of OtCaseSavedView */
  /* ISO 8601 UTC times from the meta table; NULL until read.  Saving
   * keeps @created (or sets it to now when NULL) and sets @modified. */
  char      *created;
  char      *modified;
  char      *application;     /* the Oretrace that wrote the case */
} OtCaseTables;

OtCaseTables *ot_case_tables_new  (void);
void          ot_case_tables_free (OtCaseTables *tables);

/* Element constructors (copies of the strings), for the arrays above. */
void ot_case_tables_add_alias      (OtCaseTables *tables, const char *key,
                                    const char *entity, const char *name);
void ot_case_tables_add_decision   (OtCaseTables *tables, const char *key_a,
                                    const char *key_b);
void ot_case_tables_add_pin        (OtCaseTables *tables, const char *view,
                                    const char *vertex, double x, double y);
void ot_case_tables_add_annotation (OtCaseTables *tables, const char *target_kind,
                                    const char *target_key, const char *text);
void ot_case_tables_add_saved_view (OtCaseTables *tables, const char *name,
                                    const char *filter, const char *view,
                                    const char *projection, const char *viewport);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OtCaseTables, ot_case_tables_free)

G_END_DECLS
