/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ot-toast.h"
#include "ot-text.h"

AdwToast *
ot_toast_new_text (const char *text)
{
  g_autofree char *markup = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  /* Not g_markup_escape_text (): it writes a control character as a
   * character reference, which the markup parser refuses all the same. */
  markup = ot_text_escape_xml (text, -1);
  return adw_toast_new (markup);
}

char *
ot_toast_file_name (GFile *file)
{
  g_autofree char *path = NULL;
  g_autofree char *parse_name = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  path = g_file_get_path (file);
  if (path != NULL)
    return g_filename_display_basename (path);
  parse_name = g_file_get_parse_name (file);
  return g_path_get_basename (parse_name);
}
