/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

G_BEGIN_DECLS

/* The libFuzzer entry points each target defines; ms-fuzz-main.c calls
 * them on every file of a corpus when the target is built without
 * libFuzzer (the regression run of `meson test`). */
int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* An oracle broke: abort, so that libFuzzer saves the input and the
 * regression run fails. */
#define MS_FUZZ_CHECK(cond) G_STMT_START { if (!(cond)) ms_fuzz_fail (#cond, __FILE__, __LINE__); } G_STMT_END

G_NORETURN void ms_fuzz_fail (const char *what, const char *file, int line);

G_END_DECLS
