/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* How far below its name a domain pattern reaches. ATS NSIncludesSubdomains and OkHttp
 * "*." cover exactly one more label; Android includeSubdomains, TrustKit, HPKP and OkHttp
 * "**." any number. */
typedef enum
{
  PS_SUBDOMAINS_NONE,
  PS_SUBDOMAINS_ONE_LABEL,
  PS_SUBDOMAINS_ANY,
} PsSubdomains;

#define PS_TYPE_SUBDOMAINS (ps_subdomains_get_type ())
GType       ps_subdomains_get_type    (void) G_GNUC_CONST;
const char *ps_subdomains_to_string   (PsSubdomains  subdomains); /* "none", "one-label", "any" */
gboolean    ps_subdomains_from_string (const char   *text,
                                       PsSubdomains *subdomains);

typedef enum
{
  PS_DOMAIN_NAME_DEFAULT = 0,
  PS_DOMAIN_NAME_ALLOW_WILDCARD = 1 << 0,  /* a leading "*." (and "**.") is accepted */
} PsDomainNameFlags;

/* The one domain-name validator. Refuses an empty name, an embedded NUL (@len, when not
 * -1, is the length of @name including any NUL in it), empty labels ("a..b", ".a"),
 * labels over 63 bytes, names over 253 bytes, and characters other than letters, digits,
 * "-" and "_" (non-ASCII, IDNs in U-label form included: write them as "xn--"). A single
 * trailing dot is allowed. A "*" is allowed only as a leading "*." or "**." label and
 * only with PS_DOMAIN_NAME_ALLOW_WILDCARD. */
gboolean    ps_domain_name_validate   (const char        *name,
                                       gssize             len,
                                       PsDomainNameFlags  flags,
                                       GError           **error);

/* A domain pattern of a rule. */
#define PS_TYPE_PINSET_DOMAIN (ps_pinset_domain_get_type ())
G_DECLARE_FINAL_TYPE (PsPinsetDomain, ps_pinset_domain, PS, PINSET_DOMAIN, GObject)

/* @include_subdomains TRUE = PS_SUBDOMAINS_ANY. */
PsPinsetDomain *ps_pinset_domain_new                    (const char     *name,
                                                         gboolean        include_subdomains);
PsPinsetDomain *ps_pinset_domain_new_full               (const char     *name,
                                                         PsSubdomains    subdomains);
const char     *ps_pinset_domain_get_name               (PsPinsetDomain *self);
void            ps_pinset_domain_set_name               (PsPinsetDomain *self,
                                                         const char     *name);
PsSubdomains    ps_pinset_domain_get_subdomains         (PsPinsetDomain *self);
void            ps_pinset_domain_set_subdomains         (PsPinsetDomain *self,
                                                         PsSubdomains    subdomains);
/* subdomains != NONE. Setting TRUE sets ANY (keeps ONE_LABEL when already so), FALSE NONE. */
gboolean        ps_pinset_domain_get_include_subdomains (PsPinsetDomain *self);
void            ps_pinset_domain_set_include_subdomains (PsPinsetDomain *self,
                                                         gboolean        include);
/* Whether @hostname is covered: exactly, one label below with ONE_LABEL, any depth below
 * with ANY; OkHttp patterns "*.x" (one label) and "**.x" (x and any depth) as written. */
gboolean        ps_pinset_domain_covers                 (PsPinsetDomain *self,
                                                         const char     *hostname);

G_END_DECLS
