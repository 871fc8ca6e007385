/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Shared by every libFuzzer target in this folder, and by tests/test-fuzz-replay.c which
 * links the same target sources without libFuzzer. */

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

/* An invariant of the code under test: a broken one is a finding, like a crash. abort()
 * makes libFuzzer save the input and the replay test fail. */
#define PS_FUZZ_CHECK(cond) \
  G_STMT_START { \
    if (G_UNLIKELY (!(cond))) \
      { \
        fprintf (stderr, "%s:%d: invariant broken: %s\n", __FILE__, __LINE__, #cond); \
        abort (); \
      } \
  } G_STMT_END

/* A critical or a warning from the library on hostile input is a bug too (GTest makes them
 * fatal in the replay test; this does the same under libFuzzer). */
static inline void
ps_fuzz_init (void)
{
  static gboolean done = FALSE;

  if (!done)
    {
      g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
      done = TRUE;
    }
}
