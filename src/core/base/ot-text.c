/* SPDX-License-Identifier: GPL-3.0-or-later */
/* User text made safe for terminals, XML, JSON, comparison and drawing. */
#include "ot-text.h"

#include <string.h>

gboolean
ot_text_is_invisible (gunichar c)
{
  switch (c)
    {
    case 0x034F:                    /* combining grapheme joiner */
    case 0x115F: case 0x1160:       /* Hangul fillers */
    case 0x17B4: case 0x17B5:       /* Khmer inherent vowels */
    case 0x3164: case 0xFFA0:       /* Hangul fillers */
      return TRUE;
    default:
      break;
    }
  if ((c >= 0xFE00 && c <= 0xFE0F) || (c >= 0xE0100 && c <= 0xE01EF))
    return TRUE;   /* variation selectors */
  /* Cf: soft hyphen, ALM, ZWSP, ZWNJ, ZWJ, LRM, RLM, LRE…RLO, word
   * joiner, LRI…PDI, BOM, tags… */
  return g_unichar_type (c) == G_UNICODE_FORMAT;
}

/* What a terminal must not receive raw. */
static gboolean
needs_terminal_escape (gunichar c)
{
  GUnicodeType type = g_unichar_type (c);

  return type == G_UNICODE_CONTROL || type == G_UNICODE_LINE_SEPARATOR ||
         type == G_UNICODE_PARAGRAPH_SEPARATOR || ot_text_is_invisible (c);
}

char *
ot_text_escape_terminal (const char *text,
                         gssize      length)
{
  const char *p, *end;
  GString *out;

  g_return_val_if_fail (text != NULL || length == 0, NULL);

  if (text == NULL)
    return g_strdup ("");
  if (length < 0)
    length = strlen (text);
  out = g_string_sized_new (length);
  for (p = text, end = text + length; p < end;)
    {
      gunichar c = g_utf8_get_char_validated (p, end - p);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          g_string_append_printf (out, "\\x%02x", (guchar) *p);
          p++;
          continue;
        }
      if (c == '\n')
        g_string_append (out, "\\n");
      else if (c == '\r')
        g_string_append (out, "\\r");
      else if (c == '\t')
        g_string_append (out, "\\t");
      else if (c < 0x20 || c == 0x7F)
        g_string_append_printf (out, "\\x%02x", c);
      else if (needs_terminal_escape (c))
        g_string_append_printf (out, c > 0xFFFF ? "\\U%08x" : "\\u%04x", c);
      else
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
      p = g_utf8_next_char (p);
    }
  return g_string_free (out, FALSE);
}

char *
ot_text_escape_xml (const char *text,
                    gssize      length)
{
  g_autofree char *valid = NULL;
  GString *out;

  g_return_val_if_fail (text != NULL || length == 0, NULL);

  valid = g_utf8_make_valid (text != NULL ? text : "", text != NULL ? length : 0);
  out = g_string_sized_new (strlen (valid));
  for (const char *p = valid; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      switch (c)
        {
        case '&': g_string_append (out, "&amp;"); break;
        case '<': g_string_append (out, "&lt;"); break;
        case '>': g_string_append (out, "&gt;"); break;
        case '"': g_string_append (out, "&quot;"); break;
        case '\'': g_string_append (out, "&apos;"); break;
        case '\t': case '\n': case '\r':
          g_string_append_c (out, (char) c);
          break;
        default:
          if (c < 0x20 || c == 0xFFFE || c == 0xFFFF)
            g_string_append_unichar (out, 0xFFFD);
          else
            g_string_append_len (out, p, g_utf8_next_char (p) - p);
          break;
        }
    }
  return g_string_free (out, FALSE);
}

char *
ot_text_escape_json (const char *json)
{
  GString *out;

  g_return_val_if_fail (json != NULL, NULL);

  out = g_string_sized_new (strlen (json));
  for (const char *p = json; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      /* Raw only inside strings: json-glib escapes nothing else there
       * (and writes no such character outside them). */
      if (c >= 0x7F && needs_terminal_escape (c))
        {
          if (c > 0xFFFF)
            g_string_append_printf (out, "\\u%04x\\u%04x", 0xD800 + ((c - 0x10000) >> 10),
                                    0xDC00 + ((c - 0x10000) & 0x3FF));
          else
            g_string_append_printf (out, "\\u%04x", c);
        }
      else
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
    }
  return g_string_free (out, FALSE);
}

char *
ot_text_clean_name (const char *text,
                    gunichar   *removed)
{
  g_autofree char *normal = NULL;
  gunichar first = 0;
  GString *out;

  g_return_val_if_fail (text != NULL, NULL);

  if (removed != NULL)
    *removed = 0;
  /* Nearly every name is ASCII without controls: nothing to do. */
  {
    const char *p = text;

    while (*p != '\0' && (guchar) *p >= 0x20 && (guchar) *p < 0x7F)
      p++;
    if (*p == '\0')
      return NULL;
  }

  out = g_string_new (NULL);
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (ot_text_is_invisible (c) ||
          (g_unichar_type (c) == G_UNICODE_CONTROL && !g_unichar_isspace (c)))
        {
          if (first == 0)
            first = c;
          /* A zero-width space separates words: "Acme<ZWSP>Ltd" is
           * read "Acme Ltd", the name it poses as; beside a space or at
           * either end it separates nothing ("Acme<ZWSP> Ltd"). */
          if (c == 0x200B && out->len > 0 && out->str[out->len - 1] != ' ')
            {
              const char *next = g_utf8_next_char (p);

              if (*next != '\0' && !g_unichar_isspace (g_utf8_get_char (next)))
                g_string_append_c (out, ' ');
            }
          continue;
        }
      g_string_append_len (out, p, g_utf8_next_char (p) - p);
    }
  normal = g_utf8_normalize (out->str, out->len, G_NORMALIZE_DEFAULT_COMPOSE);
  g_string_free (out, TRUE);
  if (normal == NULL || (first == 0 && strcmp (normal, text) == 0))
    return NULL;
  if (removed != NULL)
    *removed = first;
  return g_steal_pointer (&normal);
}

static gboolean
has_rtl (const char *text)
{
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 0x0590)
        continue;
      switch (g_unichar_get_script (c))
        {
        case G_UNICODE_SCRIPT_ARABIC:
        case G_UNICODE_SCRIPT_HEBREW:
        case G_UNICODE_SCRIPT_SYRIAC:
        case G_UNICODE_SCRIPT_THAANA:
        case G_UNICODE_SCRIPT_NKO:
        case G_UNICODE_SCRIPT_SAMARITAN:
        case G_UNICODE_SCRIPT_MANDAIC:
        case G_UNICODE_SCRIPT_ADLAM:
          return TRUE;
        default:
          break;
        }
      /* Overrides, embeddings and marks that turn text right to left. */
      if (c == 0x200F || c == 0x202B || c == 0x202E || c == 0x2067 || c == 0x061C)
        return TRUE;
    }
  return FALSE;
}

char *
ot_text_isolate (const char *text)
{
  g_return_val_if_fail (text != NULL, NULL);

  if (!has_rtl (text))
    return g_strdup (text);
  return g_strconcat (OT_TEXT_FSI, text, OT_TEXT_PDI, NULL);
}

/* The first character of @text that has no place in an address. */
static gunichar
first_hidden (const char *text)
{
  const char *end = text + strlen (text);

  for (const char *p = text; p < end; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char_validated (p, end - p);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        return 0xFFFD;
      if (g_unichar_isspace (c) || needs_terminal_escape (c))
        return c;
    }
  return 0;
}

OtUrlCheck
ot_text_check_url (const char  *url,
                   gunichar    *bad,
                   char       **host)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme, *name;
  gunichar c;

  g_return_val_if_fail (url != NULL, OT_URL_NOT_HTTP);

  if (bad != NULL)
    *bad = 0;
  if (host != NULL)
    *host = NULL;
  if (strlen (url) > OT_TEXT_MAX_URL)
    return OT_URL_TOO_LONG;
  if ((c = first_hidden (url)) != 0)
    {
      if (bad != NULL)
        *bad = c;
      return OT_URL_HIDDEN_CHARACTER;
    }

  /* A backslash is a slash to browsers but not to RFC 3986: the two
   * would not agree on the host. */
  uri = strchr (url, '\\') == NULL ? g_uri_parse (url, G_URI_FLAGS_NONE, NULL) : NULL;
  scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;
  if (scheme == NULL ||
      (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0))
    return OT_URL_NOT_HTTP;
  if (g_uri_get_userinfo (uri) != NULL)
    return OT_URL_USERINFO;
  name = g_uri_get_host (uri);
  if (name == NULL || name[0] == '\0')
    return OT_URL_NOT_HTTP;
  /* The host decoded from %-escapes: the same rules. */
  if ((c = first_hidden (name)) != 0 || strchr (name, '@') != NULL)
    {
      if (bad != NULL)
        *bad = c != 0 ? c : '@';
      return c != 0 ? OT_URL_HIDDEN_CHARACTER : OT_URL_USERINFO;
    }
  if (host != NULL)
    {
      /* Non-ASCII hosts shown as the browser reaches them (xn--…), so a
       * look-alike letter cannot pass for another. */
      *host = g_hostname_to_ascii (name);
      if (*host == NULL)
        return OT_URL_NOT_HTTP;
    }
  else if (!g_str_is_ascii (name))
    {
      g_autofree char *ascii = g_hostname_to_ascii (name);

      if (ascii == NULL)
        return OT_URL_NOT_HTTP;
    }
  return OT_URL_OK;
}
