/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target for the host arguments (src/core/net): each line of the input is given to
 * ps_host_parse() (a host as typed or pasted), ps_fleet_add_resolve() (curl's --resolve) and
 * ps_fleet_add_host() (a line of `scan --hosts-file`, "#" comment cut off as the CLI does;
 * the file reader itself is static in src/cli/ps-cli-scan.c). A host that is taken must be a
 * plain lower-case ASCII name or an IP address that reads back the same. */
#include "config.h"

#include <string.h>

#include "ps-fleet.h"
#include "ps-fuzz.h"
#include "ps-host.h"

#define MAX_LINES 256

static void
check_invalid_host (const GError *error)
{
  PS_FUZZ_CHECK (g_error_matches (error, PS_PROBE_ERROR, PS_PROBE_ERROR_INVALID_HOST));
  PS_FUZZ_CHECK (g_utf8_validate (error->message, -1, NULL));
}

/* A parsed host is the form used for SNI and DNS: no space, slash, backslash, "@", upper
 * case (but in an IPv6 zone) or non-ASCII; an IPv6 literal is the only one with a colon. */
static void
check_host (const char *host)
{
  const char *zone;

  PS_FUZZ_CHECK (host != NULL && host[0] != '\0');
  zone = strchr (host, '%');
  for (const char *c = host; *c != '\0'; c++)
    {
      PS_FUZZ_CHECK ((guchar) *c > 0x20 && (guchar) *c < 0x7f);
      PS_FUZZ_CHECK (strchr ("/\\@[]", *c) == NULL);
      /* An IPv6 zone (an interface name) keeps its case. */
      PS_FUZZ_CHECK (!g_ascii_isupper (*c) || (zone != NULL && c > zone));
    }
  if (strchr (host, ':') != NULL)
    PS_FUZZ_CHECK (g_hostname_is_ip_address (host));
}

static void
fuzz_parse (const char *line)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) again_error = NULL;
  g_autofree char *host = NULL;
  g_autofree char *again = NULL;
  g_autofree char *joined = NULL;
  guint16 port = 0;
  guint16 again_port = 0;

  if (!ps_host_parse (line, 443, &host, &port, &error))
    {
      check_invalid_host (error);
      return;
    }
  PS_FUZZ_CHECK (error == NULL);
  check_host (host);
  PS_FUZZ_CHECK (port != 0);
  (void) ps_host_is_invalid_name (host);

  /* The result, written back as HOST:PORT, is read as the same host and port. */
  joined = strchr (host, ':') != NULL ? g_strdup_printf ("[%s]:%u", host, port)
                                      : g_strdup_printf ("%s:%u", host, port);
  if (!ps_host_parse (joined, 1, &again, &again_port, &again_error))
    {
      fprintf (stderr, "\"%s\" was read as \"%s\", which is refused: %s\n", line, joined,
               again_error->message);
      abort ();
    }
  if (g_strcmp0 (again, host) != 0 || again_port != port)
    {
      fprintf (stderr, "\"%s\" was read as \"%s\", which reads as %s port %u\n", line, joined,
               again, again_port);
      abort ();
    }
}

static void
fuzz_fleet (PsFleet    *fleet,
            const char *line)
{
  g_autoptr(GError) resolve_error = NULL;
  g_autoptr(GError) host_error = NULL;
  g_autofree char *hosts_line = g_strdup (line);
  char *comment = strchr (hosts_line, '#');
  guint before = ps_fleet_get_n_total (fleet);

  if (!ps_fleet_add_resolve (fleet, line, &resolve_error))
    check_invalid_host (resolve_error);
  else
    PS_FUZZ_CHECK (resolve_error == NULL);

  /* As `scan --hosts-file` reads a line. */
  if (comment != NULL)
    *comment = '\0';
  g_strstrip (hosts_line);
  if (hosts_line[0] == '\0')
    return;
  if (!ps_fleet_add_host (fleet, hosts_line, &host_error))
    {
      check_invalid_host (host_error);
      PS_FUZZ_CHECK (ps_fleet_get_n_total (fleet) == before);
    }
  else
    PS_FUZZ_CHECK (host_error == NULL);
  PS_FUZZ_CHECK (ps_fleet_get_n_total (fleet) <= PS_FLEET_MAX_ENDPOINTS);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(PsFleet) fleet = NULL;

  ps_fuzz_init ();
  /* Arguments and lines of a file are UTF-8 text without NUL (the CLI checks both). */
  if (memchr (data, '\0', size) != NULL || !g_utf8_validate ((const char *) data, size, NULL))
    return 0;
  text = g_strndup ((const char *) data, size);
  lines = g_strsplit (text, "\n", MAX_LINES);
  fleet = ps_fleet_new (NULL);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      fuzz_parse (lines[i]);
      fuzz_fleet (fleet, lines[i]);
    }
  return 0;
}
