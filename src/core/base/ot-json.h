/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-json.h: small JSON values kept as text (a saved view's filter and
 * viewport in a case file, docs/case-file.md), parsed safely: the size
 * and the nesting are bounded before json-glib sees the text, and the
 * top level must be an object. */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Texts longer than this are refused (OT_ERROR_TOO_LARGE). */
#define OT_JSON_MAX_BYTES (16 * 1024 * 1024)
/* Brackets opened and not yet closed, counted over the whole text (those
 * inside strings too, so the bound never misses real nesting). */
#define OT_JSON_MAX_DEPTH 32

/* Parses @text (UTF-8, NUL-terminated) as a JSON object.  NULL and
 * @error (OT_ERROR_INVALID or OT_ERROR_TOO_LARGE, a short lower-case
 * message such as "not valid JSON: …" that callers prefix with what the
 * text was) otherwise. */
JsonObject *ot_json_parse_object (const char  *text,
                                  GError     **error);

/* The builder's root as compact JSON text. */
char       *ot_json_builder_to_text (JsonBuilder *builder);

G_END_DECLS
