/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "ms-fuzz.h"

void
ms_fuzz_fail (const char *what, const char *file, int line)
{
  fprintf (stderr, "%s:%d: oracle failed: %s\n", file, line, what);
  abort ();
}
