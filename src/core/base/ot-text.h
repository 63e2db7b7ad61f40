/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-text.h: user text made safe for where it goes: terminals, XML, JSON,
 * names that must compare equal, labels drawn beside other text.  The
 * rules are in docs/robustness.md ("Hostile text"). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE. */
#define OT_TEXT_FSI "\xe2\x81\xa8"
#define OT_TEXT_PDI "\xe2\x81\xa9"

/* The longest source_url accepted, in bytes. */
#define OT_TEXT_MAX_URL 2048

/* TRUE for characters that draw nothing or change the direction of the
 * text around them: format characters (zero-width space and joiners,
 * soft hyphen, word joiner, byte-order mark, bidi embeddings, overrides
 * and isolates, tags), the Hangul fillers, the combining grapheme joiner
 * and the variation selectors. */
gboolean    ot_text_is_invisible     (gunichar     c);

/* @text for a terminal, on one line: control characters (C0, DEL, C1),
 * invisible and bidi characters (ot_text_is_invisible ()), line and
 * paragraph separators and bytes that are not UTF-8 are written visibly,
 * as \n \r \t, \xNN (C0, DEL and bad bytes) or \uNNNN / \UNNNNNNNN.
 * Anything else, the backslash included, is copied as it is. */
char       *ot_text_escape_terminal  (const char  *text,
                                      gssize       length);

/* @text as XML 1.0 character data or attribute value: valid UTF-8, & < > "
 * and ' escaped, and the characters XML 1.0 forbids (C0 controls but tab,
 * line feed and carriage return; U+FFFE, U+FFFF) replaced by U+FFFD. */
char       *ot_text_escape_xml       (const char  *text,
                                      gssize       length);

/* JSON text (as json-glib writes it) with every control, invisible or
 * separator character left raw inside its strings written as a \u escape:
 * the same JSON value, safe to show on a terminal. */
char       *ot_text_escape_json      (const char  *json);

/* A name cleaned to compare as people read it: NFC, without invisible or
 * bidi characters (ot_text_is_invisible ()) and control characters other
 * than white space; a zero-width space becomes a space (it separates
 * words).  Returns NULL when @text is already clean; else the
 * cleaned text and, in @removed, the first character removed (0 when
 * only the normalization changed). @text must be valid UTF-8. */
char       *ot_text_clean_name       (const char  *text,
                                      gunichar    *removed);

/* @text between FSI and PDI when it holds a right-to-left character, so
 * that it cannot reorder the text around it; else a copy. */
char       *ot_text_isolate          (const char  *text);

typedef enum {
  OT_URL_OK,
  OT_URL_TOO_LONG,
  OT_URL_HIDDEN_CHARACTER,   /* white space, control, invisible or bidi */
  OT_URL_NOT_HTTP,           /* not an http or https address with a host */
  OT_URL_USERINFO,           /* user@host: the host is not what it seems */
} OtUrlCheck;

/* Checks a source URL: at most OT_TEXT_MAX_URL bytes, no white space,
 * control, invisible or bidi character (the first in @bad), http or
 * https, no user information, a host.  On OT_URL_OK, @host (if not NULL)
 * is the host as the browser will reach it. */
OtUrlCheck  ot_text_check_url        (const char  *url,
                                      gunichar    *bad,
                                      char       **host);

G_END_DECLS
