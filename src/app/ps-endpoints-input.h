/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* At most this many hosts (names with a port) on the Endpoints page; each may have many
 * addresses. */
#define PS_ENDPOINTS_MAX_HOSTS 1000

/* Reads a list of hosts: one "host[:port]" a line (port 443 by default), blank lines and
 * "#" comments skipped, also after a host. Appends each new host to @hosts as "host:port"
 * ("[v6]:port"), skipping those already in @seen (a set of such strings, updated), and
 * appends to @errors ("Line N: …") every line that is not a host. Returns the number of
 * hosts appended. */
guint      ps_endpoints_parse_hosts         (const char      *text,
                                             GPtrArray       *hosts,
                                             GHashTable      *seen,
                                             GPtrArray       *errors);

/* What the error banner says about @errors (of ps_endpoints_parse_hosts(): the first few,
 * and how many more) and @n_over hosts left out over the cap; NULL when there is nothing
 * to say. The rest of the input is checked all the same. */
char      *ps_endpoints_describe_input_errors (GPtrArray    *errors,
                                               guint         n_over);

G_END_DECLS
