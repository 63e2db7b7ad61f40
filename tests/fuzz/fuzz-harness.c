/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A libFuzzer harness; OT_FUZZ_TARGET names the entry point in
 * ot-fuzz-targets.c (one executable per target, see meson.build). */
#include <stddef.h>
#include <stdint.h>

#include "ot-fuzz-targets.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  ot_fuzz_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  OT_FUZZ_TARGET (data, size);
  return 0;
}
