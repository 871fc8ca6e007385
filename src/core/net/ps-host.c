/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <string.h>

#include "ps-host.h"

static gboolean
parse_port (const char *text,
            guint16    *port)
{
  guint64 value;

  if (!g_ascii_string_to_unsigned (text, 10, 1, 65535, &value, NULL))
    return FALSE;
  *port = value;
  return TRUE;
}

/* Splits @copy (modified) into the name and the port's text; FALSE if malformed. */
static gboolean
split_host_port (char        *copy,
                 char       **name,
                 const char **port_text)
{
  char *p;

  /* Accept a URL as people paste it: scheme, then host and port, then a path. */
  p = strstr (copy, "://");
  if (p != NULL)
    memmove (copy, p + 3, strlen (p + 3) + 1);
  p = strchr (copy, '/');
  if (p != NULL)
    *p = '\0';

  *port_text = NULL;
  if (copy[0] == '[')
    {
      p = strchr (copy, ']');
      if (p == NULL)
        return FALSE;
      *name = g_strndup (copy + 1, p - copy - 1);
      if (p[1] == ':')
        *port_text = p + 2;
      else if (p[1] != '\0')
        return FALSE;
      return g_hostname_is_ip_address (*name) && strchr (*name, ':') != NULL;
    }

  if ((p = strchr (copy, ':')) != NULL && strchr (p + 1, ':') == NULL)
    {
      *name = g_strndup (copy, p - copy);
      *port_text = p + 1;
      return TRUE;
    }

  /* No port, or a bare IPv6 literal (two colons or more). */
  *name = g_strdup (copy);
  return strchr (*name, ':') == NULL || g_hostname_is_ip_address (*name);
}

/* The name in the form used for SNI and DNS, or NULL if it is not a host name. */
static char *
normalize_name (char *name)
{
  gsize len = strlen (name);
  char *ascii;

  if (g_hostname_is_ip_address (name))
    {
      const char *zone = strchr (name, '%');
      char *address;

      /* GLib takes any bytes as an IPv6 zone ("fe80::1%eth0"): only an interface name or
       * number (RFC 6874 2) is one. */
      if (zone != NULL &&
          (zone[1] == '\0' || strspn (zone + 1, "abcdefghijklmnopqrstuvwxyz"
                                                "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._~-") !=
                                 strlen (zone + 1)))
        return NULL;
      /* The address in lower case, so that the same address is the same endpoint; an
       * interface name keeps its case. */
      address = g_strdup (name);
      for (char *c = address; *c != '\0' && *c != '%'; c++)
        *c = g_ascii_tolower (*c);
      return address;
    }

  /* A trailing dot names the same host; SNI must not carry it. */
  if (len > 1 && name[len - 1] == '.')
    name[len - 1] = '\0';
  ascii = g_hostname_to_ascii (name);
  /* No empty label: "a..", ".a" and "a..b" name no host. */
  if (ascii == NULL || ascii[0] == '\0' || ascii[0] == '.' || strstr (ascii, "..") != NULL ||
      g_str_has_suffix (ascii, "."))
    {
      g_free (ascii);
      return NULL;
    }
  /* g_hostname_to_ascii() lets control characters and punctuation through: a host name
   * is letters, digits, hyphens and dots (RFC 1123 2.1, the HostName of SNI in RFC 6066 3),
   * and underscores, which some real names carry. */
  for (char *c = ascii; *c != '\0'; c++)
    {
      if (!g_ascii_isalnum (*c) && strchr ("-._", *c) == NULL)
        {
          g_free (ascii);
          return NULL;
        }
      *c = g_ascii_tolower (*c);
    }

  return ascii;
}

gboolean
ps_host_parse (const char  *text,
               guint16      default_port,
               char       **host,
               guint16     *port,
               GError     **error)
{
  g_autofree char *copy = NULL;
  g_autofree char *name = NULL;
  g_autofree char *ascii = NULL;
  const char *port_text = NULL;
  guint16 value = default_port;

  g_return_val_if_fail (text != NULL, FALSE);

  copy = g_strstrip (g_strdup (text));

  if (!split_host_port (copy, &name, &port_text))
    goto invalid;

  if (port_text != NULL && !parse_port (port_text, &value))
    {
      g_set_error (error, PS_PROBE_ERROR, PS_PROBE_ERROR_INVALID_HOST,
                   _("“%s” is not a valid port number"), port_text);
      return FALSE;
    }

  if (name[0] == '\0' || (ascii = normalize_name (name)) == NULL)
    goto invalid;

  if (host != NULL)
    *host = g_steal_pointer (&ascii);
  if (port != NULL)
    *port = value;
  return TRUE;

invalid:
  g_set_error (error, PS_PROBE_ERROR, PS_PROBE_ERROR_INVALID_HOST,
               _("“%s” is not a valid host name or address"), text);
  return FALSE;
}

gboolean
ps_host_is_invalid_name (const char *host)
{
  g_return_val_if_fail (host != NULL, FALSE);

  return g_str_equal (host, "invalid") || g_str_has_suffix (host, ".invalid");
}
