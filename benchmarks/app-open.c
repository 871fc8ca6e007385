/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Opens a certificate file in a Pinscope window and prints, as one line of key=value:
 *   settled  seconds from the window being mapped (the file is opened then) to the last frame
 *            before the window stays unchanged for 1 s with the file's chain view drawn;
 *   gap      the longest time the main loop went without running a 5 ms timeout (wall);
 *   work     the longest time the main thread worked between two such beats (its CPU time,
 *            which a busy machine does not stretch);
 *   rss      the process's peak resident memory, MiB.
 * Run it under Xvfb with the build's schemas; benchmarks/app.sh does, three times per size. */
#include "config.h"

#include <sys/resource.h>
#include <time.h>

#include <adwaita.h>

#include "ps-chain-view.h"
#include "ps-window.h"

typedef struct
{
  gint64 mapped;
  gint64 last_frame;
  gint64 last_beat_wall;
  gint64 last_beat_cpu;
  gint64 longest_gap;
  gint64 longest_work;
} Bench;

static gint64
thread_cpu_time (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static gboolean
beat_cb (gpointer user_data)
{
  Bench *bench = user_data;
  gint64 wall = g_get_monotonic_time ();
  gint64 cpu = thread_cpu_time ();

  bench->longest_gap = MAX (bench->longest_gap, wall - bench->last_beat_wall);
  bench->longest_work = MAX (bench->longest_work, cpu - bench->last_beat_cpu);
  bench->last_beat_wall = wall;
  bench->last_beat_cpu = cpu;

  return G_SOURCE_CONTINUE;
}

static void
after_paint_cb (GdkFrameClock *clock,
                Bench         *bench)
{
  bench->last_frame = g_get_monotonic_time ();
}

static gboolean
chain_shown (PsWindow *window)
{
  GtkWidget *item = ps_window_get_visible_item (window);

  return PS_IS_CHAIN_VIEW (item) &&
         (ps_chain_view_get_n_cards (PS_CHAIN_VIEW (item)) == 0 ||
          ps_chain_view_get_card (PS_CHAIN_VIEW (item), 0) != NULL);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GSettings) settings = NULL;
  Bench bench = { 0 };
  PsWindow *window;
  struct rusage usage;
  gint64 deadline;

  if (argc != 2)
    {
      g_printerr ("usage: %s FILE\n", argv[0]);
      return 2;
    }

  gtk_init ();
  adw_init ();
  settings = g_settings_new (APP_ID);
  file = g_file_new_for_commandline_arg (argv[1]);

  window = g_object_new (PS_TYPE_WINDOW, "settings", settings, NULL);
  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (GTK_WIDGET (window)))
    g_main_context_iteration (NULL, TRUE);
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "after-paint",
                    G_CALLBACK (after_paint_cb), &bench);

  bench.mapped = bench.last_frame = g_get_monotonic_time ();
  bench.last_beat_wall = bench.mapped;
  bench.last_beat_cpu = thread_cpu_time ();
  g_timeout_add (5, beat_cb, &bench);
  ps_window_open_file (window, file);

  deadline = g_get_monotonic_time () + 300 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
      if (chain_shown (window) &&
          g_get_monotonic_time () - bench.last_frame > G_USEC_PER_SEC)
        break;
    }
  if (!chain_shown (window))
    {
      g_printerr ("the chain view did not show up\n");
      return 1;
    }

  getrusage (RUSAGE_SELF, &usage);
  g_print ("settled=%.3f gap=%.3f work=%.3f rss=%.1f\n",
           (bench.last_frame - bench.mapped) / (double) G_USEC_PER_SEC,
           bench.longest_gap / (double) G_USEC_PER_SEC,
           bench.longest_work / (double) G_USEC_PER_SEC,
           usage.ru_maxrss / 1024.0);

  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
