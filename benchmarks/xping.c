/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Measures an X application from outside:
 *   xping [--quiet S] [--timeout S] [--trace] -- COMMAND [ARG...]
 *
 * Starts COMMAND, waits for its top-level window (the one whose _NET_WM_PID is the child's),
 * then, from the moment it is mapped:
 *   - sends it _NET_WM_PING every 20 ms (EWMH, "_NET_WM_PING": the client answers by sending
 *     the same message back to the root window) and records how long each answer takes;
 *   - records every XDamage event on the window.
 * It stops once the window has not changed for QUIET seconds (default 2) and every ping of
 * that time was answered, or after TIMEOUT seconds (default 120), ends the child (SIGTERM)
 * and prints one line of key=value, times in seconds from the mapping:
 *   mapped      from the start of COMMAND to the mapping of its window;
 *   responsive  the answer to the last ping that took over 100 ms (the end of the last
 *               freeze), or the first answer when none did;
 *   drawn       the last damage before the window stayed unchanged;
 *   freeze      the longest a ping waited for its answer;
 *   rss         the child's peak resident memory, MiB;
 *   pings       how many pings were answered.
 * With --trace, every damage event (its time and area) and every ping answer slower than 20 ms
 * is written to standard error as it comes, to see where the time goes.
 * The pointer is first moved to the screen's bottom-right corner, away from the window.
 * Run it under Xvfb with no window manager (the answers go to the root window). */
#define _GNU_SOURCE

#include <X11/Xatom.h>
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <X11/extensions/Xdamage.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PING_INTERVAL 0.020
#define SLOW_ANSWER 0.100
#define MAX_PINGS 100000

static double
now (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static Atom wm_protocols, net_wm_ping, net_wm_pid;

static int
window_pid (Display *dpy,
            Window   win)
{
  Atom type;
  int format;
  unsigned long n, after;
  unsigned char *data = NULL;
  int pid = -1;

  if (XGetWindowProperty (dpy, win, net_wm_pid, 0, 1, False, XA_CARDINAL, &type, &format, &n,
                          &after, &data) == Success && data != NULL && n == 1 && format == 32)
    pid = (int) *(unsigned long *) data;
  if (data != NULL)
    XFree (data);
  return pid;
}

static void
send_ping (Display *dpy,
           Window   win,
           long     id)
{
  XEvent ev;

  memset (&ev, 0, sizeof ev);
  ev.xclient.type = ClientMessage;
  ev.xclient.window = win;
  ev.xclient.message_type = wm_protocols;
  ev.xclient.format = 32;
  ev.xclient.data.l[0] = net_wm_ping;
  ev.xclient.data.l[1] = id + 1;  /* the "timestamp": our ping's number */
  ev.xclient.data.l[2] = win;
  XSendEvent (dpy, win, False, NoEventMask, &ev);
  XFlush (dpy);
}

typedef struct
{
  Display *dpy;
  Window win;
  Damage damage;
  int damage_event;
  pid_t child;
  double mapped, last_damage, responsive, freeze, next_ping;
  double sent[MAX_PINGS];
  long n_sent, n_answered;
  int trace;
} Run;

static void
handle_event (Run    *run,
              XEvent *ev,
              double  at)
{
  if (ev->type == MapNotify && run->win == None && !ev->xmap.override_redirect &&
      window_pid (run->dpy, ev->xmap.window) == run->child)
    {
      run->win = ev->xmap.window;
      run->mapped = at;
      run->damage = XDamageCreate (run->dpy, run->win, XDamageReportNonEmpty);
      run->next_ping = at;
    }
  else if (ev->type == run->damage_event + XDamageNotify)
    {
      XDamageNotifyEvent *damage = (XDamageNotifyEvent *) ev;

      run->last_damage = at;
      if (run->trace)
        fprintf (stderr, "xping: %.3f damage %dx%d+%d+%d\n", at - run->mapped,
                 damage->area.width, damage->area.height, damage->area.x, damage->area.y);
      XDamageSubtract (run->dpy, run->damage, None, None);
    }
  else if (ev->type == ClientMessage && ev->xclient.message_type == wm_protocols &&
           (Atom) ev->xclient.data.l[0] == net_wm_ping)
    {
      long id = ev->xclient.data.l[1] - 1;
      double waited;

      if (id < 0 || id >= run->n_sent)
        return;
      waited = at - run->sent[id];
      if (id + 1 > run->n_answered)
        run->n_answered = id + 1;
      if (waited > run->freeze)
        run->freeze = waited;
      if (run->trace && waited > 0.020)
        fprintf (stderr, "xping: %.3f ping waited %.3f\n", at - run->mapped, waited);
      if (waited > SLOW_ANSWER || run->responsive < 0)
        run->responsive = at;
    }
}

/* Pings when one is due; TRUE once the window is settled. */
static int
tick (Run    *run,
      double  t,
      double  quiet)
{
  if (run->win == None)
    return 0;
  if (t >= run->next_ping && run->n_sent < MAX_PINGS)
    {
      run->sent[run->n_sent] = t;
      send_ping (run->dpy, run->win, run->n_sent++);
      run->next_ping = t + PING_INTERVAL;
    }
  /* A ping still waiting counts as a freeze already. */
  if (run->n_answered < run->n_sent && t - run->sent[run->n_answered] > run->freeze)
    run->freeze = t - run->sent[run->n_answered];
  return run->last_damage > 0 && t - run->last_damage >= quiet &&
         run->n_answered == run->n_sent && run->responsive >= 0;
}

static int
parse_args (int      argc,
            char   **argv,
            double  *quiet,
            double  *timeout,
            int     *trace)
{
  int argi = 1;

  for (; argi < argc && strncmp (argv[argi], "--", 2) == 0; argi++)
    {
      if (strcmp (argv[argi], "--") == 0)
        return argi + 1;
      if (strcmp (argv[argi], "--trace") == 0)
        {
          *trace = 1;
          continue;
        }
      if (argi + 1 >= argc)
        break;
      if (strcmp (argv[argi], "--quiet") == 0)
        *quiet = atof (argv[++argi]);
      else if (strcmp (argv[argi], "--timeout") == 0)
        *timeout = atof (argv[++argi]);
    }
  return argi;
}

int
main (int    argc,
      char **argv)
{
  double quiet = 2.0, timeout = 120.0, start;
  static Run run;
  int damage_error, argi, status;
  struct rusage usage;

  argi = parse_args (argc, argv, &quiet, &timeout, &run.trace);
  if (argi >= argc)
    {
      fprintf (stderr, "usage: xping [--quiet S] [--timeout S] [--trace] -- COMMAND [ARG...]\n");
      return 2;
    }

  run.dpy = XOpenDisplay (NULL);
  if (run.dpy == NULL || !XDamageQueryExtension (run.dpy, &run.damage_event, &damage_error))
    {
      fprintf (stderr, "xping: no X display with the DAMAGE extension\n");
      return 2;
    }
  run.win = None;
  run.responsive = -1;
  wm_protocols = XInternAtom (run.dpy, "WM_PROTOCOLS", False);
  net_wm_ping = XInternAtom (run.dpy, "_NET_WM_PING", False);
  net_wm_pid = XInternAtom (run.dpy, "_NET_WM_PID", False);
  XSelectInput (run.dpy, DefaultRootWindow (run.dpy), SubstructureNotifyMask);
  /* The pointer rests in the screen's last corner, off the window: Xvfb starts it in the
   * middle, where it would hover a widget and its tooltip would be timed as drawing. */
  XWarpPointer (run.dpy, None, DefaultRootWindow (run.dpy), 0, 0, 0, 0,
                DisplayWidth (run.dpy, DefaultScreen (run.dpy)) - 1,
                DisplayHeight (run.dpy, DefaultScreen (run.dpy)) - 1);
  XSync (run.dpy, False);

  start = now ();
  run.child = fork ();
  if (run.child == 0)
    {
      close (ConnectionNumber (run.dpy));
      execvp (argv[argi], argv + argi);
      _exit (127);
    }

  for (;;)
    {
      struct pollfd pfd = { ConnectionNumber (run.dpy), POLLIN, 0 };
      double t = now ();
      int wait_ms;

      if (waitpid (run.child, &status, WNOHANG) == run.child)
        {
          fprintf (stderr, "xping: %s ended early\n", argv[argi]);
          return 1;
        }
      if (t - start > timeout || tick (&run, t, quiet))
        break;
      while (XPending (run.dpy) > 0)
        {
          XEvent ev;

          XNextEvent (run.dpy, &ev);
          handle_event (&run, &ev, now ());
        }
      wait_ms = run.win == None ? 5 : (int) ((run.next_ping - now ()) * 1000);
      poll (&pfd, 1, wait_ms > 0 ? wait_ms : 0);
    }

  kill (run.child, SIGTERM);
  wait4 (run.child, &status, 0, &usage);
  if (run.win == None)
    {
      fprintf (stderr, "xping: no window was mapped within %.0f s\n", timeout);
      return 1;
    }
  printf ("mapped=%.3f responsive=%.3f drawn=%.3f freeze=%.3f rss=%.1f pings=%ld%s\n",
          run.mapped - start, (run.responsive >= 0 ? run.responsive : now ()) - run.mapped,
          (run.last_damage > 0 ? run.last_damage : run.mapped) - run.mapped, run.freeze,
          usage.ru_maxrss / 1024.0, run.n_answered, now () - start > timeout ? " timeout=1" : "");
  return 0;
}
