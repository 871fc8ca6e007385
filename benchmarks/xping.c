/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Measures an X application from outside: xping [--quiet S] [--timeout S] -- COMMAND [ARG...]
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

int
main (int    argc,
      char **argv)
{
  double quiet = 2.0, timeout = 120.0;
  Display *dpy;
  Window root, win = None;
  int damage_event, damage_error, argi = 1;
  Damage damage = None;
  pid_t child;
  double start, mapped = 0, last_damage = 0, responsive = -1, freeze = 0;
  double next_ping = 0, last_answer_wait = 0;
  static double sent[MAX_PINGS];
  long n_sent = 0, n_answered = 0;
  struct rusage usage;
  int status;

  for (; argi < argc && strncmp (argv[argi], "--", 2) == 0; argi++)
    {
      if (strcmp (argv[argi], "--") == 0)
        {
          argi++;
          break;
        }
      if (argi + 1 >= argc)
        break;
      if (strcmp (argv[argi], "--quiet") == 0)
        quiet = atof (argv[++argi]);
      else if (strcmp (argv[argi], "--timeout") == 0)
        timeout = atof (argv[++argi]);
    }
  if (argi >= argc)
    {
      fprintf (stderr, "usage: xping [--quiet S] [--timeout S] -- COMMAND [ARG...]\n");
      return 2;
    }

  dpy = XOpenDisplay (NULL);
  if (dpy == NULL || !XDamageQueryExtension (dpy, &damage_event, &damage_error))
    {
      fprintf (stderr, "xping: no X display with the DAMAGE extension\n");
      return 2;
    }
  root = DefaultRootWindow (dpy);
  wm_protocols = XInternAtom (dpy, "WM_PROTOCOLS", False);
  net_wm_ping = XInternAtom (dpy, "_NET_WM_PING", False);
  net_wm_pid = XInternAtom (dpy, "_NET_WM_PID", False);
  XSelectInput (dpy, root, SubstructureNotifyMask);
  XSync (dpy, False);

  start = now ();
  child = fork ();
  if (child == 0)
    {
      close (ConnectionNumber (dpy));
      execvp (argv[argi], argv + argi);
      _exit (127);
    }

  for (;;)
    {
      double t = now ();
      struct pollfd pfd = { ConnectionNumber (dpy), POLLIN, 0 };
      int wait_ms;

      if (waitpid (child, &status, WNOHANG) == child)
        {
          fprintf (stderr, "xping: %s ended early\n", argv[argi]);
          return 1;
        }
      if (t - start > timeout)
        break;
      if (win != None)
        {
          if (t >= next_ping && n_sent < MAX_PINGS)
            {
              sent[n_sent] = t;
              send_ping (dpy, win, n_sent++);
              next_ping = t + PING_INTERVAL;
            }
          /* Unanswered pings count as a freeze already. */
          if (n_answered < n_sent)
            last_answer_wait = t - sent[n_answered];
          if (last_damage > 0 && t - last_damage >= quiet && n_answered == n_sent &&
              responsive >= 0)
            break;
        }

      while (XPending (dpy) > 0)
        {
          XEvent ev;
          double at = now ();

          XNextEvent (dpy, &ev);
          if (ev.type == MapNotify && win == None && !ev.xmap.override_redirect &&
              window_pid (dpy, ev.xmap.window) == child)
            {
              win = ev.xmap.window;
              mapped = at;
              damage = XDamageCreate (dpy, win, XDamageReportNonEmpty);
              next_ping = at;
            }
          else if (ev.type == damage_event + XDamageNotify)
            {
              last_damage = at;
              XDamageSubtract (dpy, damage, None, None);
            }
          else if (ev.type == ClientMessage && ev.xclient.message_type == wm_protocols &&
                   (Atom) ev.xclient.data.l[0] == net_wm_ping)
            {
              long id = ev.xclient.data.l[1] - 1;
              double waited;

              if (id < 0 || id >= n_sent)
                continue;
              waited = at - sent[id];
              n_answered = id + 1 > n_answered ? id + 1 : n_answered;
              if (waited > freeze)
                freeze = waited;
              if (waited > SLOW_ANSWER || responsive < 0)
                responsive = at;
            }
        }

      wait_ms = win == None ? 5 : (int) ((next_ping - now ()) * 1000);
      poll (&pfd, 1, wait_ms > 0 ? wait_ms : 0);
    }

  if (last_answer_wait > freeze && n_answered < n_sent)
    freeze = last_answer_wait;
  kill (child, SIGTERM);
  wait4 (child, &status, 0, &usage);

  if (win == None)
    {
      fprintf (stderr, "xping: no window was mapped within %.0f s\n", timeout);
      return 1;
    }
  printf ("mapped=%.3f responsive=%.3f drawn=%.3f freeze=%.3f rss=%.1f pings=%ld%s\n",
          mapped - start, (responsive >= 0 ? responsive : now ()) - mapped,
          (last_damage > 0 ? last_damage : mapped) - mapped, freeze,
          usage.ru_maxrss / 1024.0, n_answered, now () - start > timeout ? " timeout=1" : "");
  return 0;
}
