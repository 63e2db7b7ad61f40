/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-companies.h: the companies of a dataset as the analyst merges them
 * (issue 17, docs/aliases.md "In the window"): every company shown (an
 * entity's display name, or a company name no alias covers) with how many
 * incidents name it, the company key -> entity table that
 * ot_alias_suggest () takes, and the display name proposed for a merge.
 *
 * Built once per dataset version, in any thread (the dataset is not
 * changed meanwhile); immutable afterwards. */
#pragma once

#include <glib.h>

#include "ot-case-tables.h"
#include "ot-dataset.h"

G_BEGIN_DECLS

typedef struct _OtCompanies OtCompanies;

/* One walk over @dataset's exporters and consignees. */
OtCompanies  *ot_companies_new              (OtDataset          *dataset);
void          ot_companies_free             (OtCompanies        *self);

/* The companies shown, sorted by name (case and accents of Latin
 * letters ignored, then byte order; the same in every locale): entities'
 * display names and companies of their own. */
guint         ot_companies_get_n            (OtCompanies        *self);
const char   *ot_companies_get_name         (OtCompanies        *self,
                                             guint               index);
/* Incidents naming it as exporter or consignee (an incident once). */
guint         ot_companies_get_n_incidents  (OtCompanies        *self,
                                             guint               index);
/* How many company names it is (1 but for an entity). */
guint         ot_companies_get_n_keys       (OtCompanies        *self,
                                             guint               index);
/* The index of the company shown as @name, or -1. */
gint          ot_companies_find             (OtCompanies        *self,
                                             const char         *name);
/* Company key -> the name it is shown as, for every key in an entity;
 * owned by @self (for ot_alias_suggest ()'s @entities). */
GHashTable   *ot_companies_get_entities     (OtCompanies        *self);

/* The rejected pairs of @tables as ot_alias_suggest ()'s @rejected set
 * (a new table). */
GHashTable   *ot_companies_rejected_pairs   (const OtCaseTables *tables);
/* ot_alias_suggest () of the dataset with its entities (all of them). */
GArray       *ot_companies_suggest          (OtCompanies        *self,
                                             GHashTable         *rejected);
/* How many of @suggestions name each company shown: a new table of
 * name (a copy) -> count (GUINT_TO_POINTER). */
GHashTable   *ot_companies_count_suggested  (OtCompanies        *self,
                                             GArray             *suggestions);

/* The display name proposed for merging the companies shown as @names:
 * the one most incidents name; on a tie one not written in capitals
 * only, then the longer, then the first in byte order.  A name that is
 * not a company shown counts no incident.  A new string; NULL when @n
 * is 0. */
char         *ot_companies_propose_name     (OtCompanies        *self,
                                             const char *const  *names,
                                             guint               n);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OtCompanies, ot_companies_free)

G_END_DECLS
