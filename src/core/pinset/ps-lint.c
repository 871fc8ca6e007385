/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ps-compare.h"
#include "ps-error.h"
#include "ps-lint.h"

static const GEnumValue severity_values[] = {
  { PS_SEVERITY_INFO, "PS_SEVERITY_INFO", "info" },
  { PS_SEVERITY_WARNING, "PS_SEVERITY_WARNING", "warning" },
  { PS_SEVERITY_ERROR, "PS_SEVERITY_ERROR", "error" },
  { 0, NULL, NULL },
};

GType
ps_severity_get_type (void)
{
  static gsize type = 0;

  if (g_once_init_enter (&type))
    g_once_init_leave (&type, g_enum_register_static ("PsSeverity", severity_values));
  return type;
}

const char *
ps_severity_to_string (PsSeverity severity)
{
  g_return_val_if_fail (severity <= PS_SEVERITY_ERROR, NULL);
  return severity_values[severity].value_nick;
}

const char *
ps_severity_to_label (PsSeverity severity)
{
  switch (severity)
    {
    case PS_SEVERITY_INFO:
      return _("Information");
    case PS_SEVERITY_WARNING:
      return _("Warning");
    case PS_SEVERITY_ERROR:
      return _("Error");
    default:
      g_return_val_if_reached (NULL);
    }
}

/* PsFinding */

struct _PsFinding
{
  GObject parent_instance;

  char *id;
  PsSeverity severity;
  char *message;
  char *fix;
  PsPinsetRule *rule;
  int rule_index;
  GListStore *pins;
  char *hostname;
};

G_DEFINE_FINAL_TYPE (PsFinding, ps_finding, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_SEVERITY,
  PROP_MESSAGE,
  PROP_FIX,
  PROP_RULE,
  PROP_RULE_INDEX,
  PROP_PINS,
  PROP_HOSTNAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ps_finding_dispose (GObject *object)
{
  PsFinding *self = PS_FINDING (object);

  g_clear_object (&self->rule);
  g_clear_object (&self->pins);

  G_OBJECT_CLASS (ps_finding_parent_class)->dispose (object);
}

static void
ps_finding_finalize (GObject *object)
{
  PsFinding *self = PS_FINDING (object);

  g_free (self->id);
  g_free (self->message);
  g_free (self->fix);
  g_free (self->hostname);

  G_OBJECT_CLASS (ps_finding_parent_class)->finalize (object);
}

static void
ps_finding_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  PsFinding *self = PS_FINDING (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_SEVERITY:
      g_value_set_enum (value, self->severity);
      break;
    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;
    case PROP_FIX:
      g_value_set_string (value, self->fix);
      break;
    case PROP_RULE:
      g_value_set_object (value, self->rule);
      break;
    case PROP_RULE_INDEX:
      g_value_set_int (value, self->rule_index);
      break;
    case PROP_PINS:
      g_value_set_object (value, self->pins);
      break;
    case PROP_HOSTNAME:
      g_value_set_string (value, self->hostname);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ps_finding_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  PsFinding *self = PS_FINDING (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_dup_string (value);
      break;
    case PROP_SEVERITY:
      self->severity = g_value_get_enum (value);
      break;
    case PROP_MESSAGE:
      self->message = g_value_dup_string (value);
      break;
    case PROP_FIX:
      self->fix = g_value_dup_string (value);
      break;
    case PROP_RULE:
      self->rule = g_value_dup_object (value);
      break;
    case PROP_RULE_INDEX:
      self->rule_index = g_value_get_int (value);
      break;
    case PROP_HOSTNAME:
      ps_finding_set_hostname (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ps_finding_class_init (PsFindingClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = ps_finding_dispose;
  object_class->finalize = ps_finding_finalize;
  object_class->get_property = ps_finding_get_property;
  object_class->set_property = ps_finding_set_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, construct);
  properties[PROP_SEVERITY] =
    g_param_spec_enum ("severity", NULL, NULL, PS_TYPE_SEVERITY, PS_SEVERITY_INFO, construct);
  properties[PROP_MESSAGE] = g_param_spec_string ("message", NULL, NULL, NULL, construct);
  properties[PROP_FIX] = g_param_spec_string ("fix", NULL, NULL, NULL, construct);
  properties[PROP_RULE] =
    g_param_spec_object ("rule", NULL, NULL, PS_TYPE_PINSET_RULE, construct);
  properties[PROP_RULE_INDEX] =
    g_param_spec_int ("rule-index", NULL, NULL, -1, G_MAXINT, -1, construct);
  properties[PROP_PINS] =
    g_param_spec_object ("pins", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_HOSTNAME] =
    g_param_spec_string ("hostname", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ps_finding_init (PsFinding *self)
{
  self->rule_index = -1;
  self->pins = g_list_store_new (PS_TYPE_PINSET_PIN);
}

PsFinding *
ps_finding_new (const char   *id,
                PsSeverity    severity,
                const char   *message,
                const char   *fix,
                PsPinsetRule *rule,
                int           rule_index)
{
  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (message != NULL, NULL);

  return g_object_new (PS_TYPE_FINDING,
                       "id", id,
                       "severity", severity,
                       "message", message,
                       "fix", fix,
                       "rule", rule,
                       "rule-index", rule_index,
                       NULL);
}

const char *
ps_finding_get_id (PsFinding *self)
{
  g_return_val_if_fail (PS_IS_FINDING (self), NULL);
  return self->id;
}

PsSeverity
ps_finding_get_severity (PsFinding *self)
{
  g_return_val_if_fail (PS_IS_FINDING (self), PS_SEVERITY_INFO);
  return self->severity;
}

const char *
ps_finding_get_message (PsFinding *self)
{
  g_return_val_if_fail (PS_IS_FINDING (self), NULL);
  return self->message;
}

const char *
ps_finding_get_fix (PsFinding *self)
{
  g_return_val_if_fail (PS_IS_FINDING (self), NULL);
  return self->fix;
}

PsPinsetRule *
ps_finding_get_rule (PsFinding *self)
{
  g_return_val_if_fail (PS_IS_FINDING (self), NULL);
  return self->rule;
}

int
ps_finding_get_rule_index (PsFinding *self)
{
  g_return_val_if_fail (PS_IS_FINDING (self), -1);
  return self->rule_index;
}

GListModel *
ps_finding_get_pins (PsFinding *self)
{
  g_return_val_if_fail (PS_IS_FINDING (self), NULL);
  return G_LIST_MODEL (self->pins);
}

void
ps_finding_add_pin (PsFinding   *self,
                    PsPinsetPin *pin)
{
  g_return_if_fail (PS_IS_FINDING (self));
  g_return_if_fail (PS_IS_PINSET_PIN (pin));

  if (!g_list_store_find (self->pins, pin, NULL))
    g_list_store_append (self->pins, pin);
}

const char *
ps_finding_get_hostname (PsFinding *self)
{
  g_return_val_if_fail (PS_IS_FINDING (self), NULL);
  return self->hostname;
}

void
ps_finding_set_hostname (PsFinding  *self,
                         const char *hostname)
{
  g_return_if_fail (PS_IS_FINDING (self));

  if (g_strcmp0 (self->hostname, hostname) == 0)
    return;
  g_free (self->hostname);
  self->hostname = g_strdup (hostname);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HOSTNAME]);
}

/* The linter */

typedef struct
{
  GPtrArray *findings;
  PsPinsetRule *rule;
  int rule_index;
  char *label;
  GHashTable *domains;  /* domain name -> index + 1 of the first rule naming it */
} Lint;

G_GNUC_PRINTF (4, 0)
static PsFinding *
vadd (Lint       *lint,
      const char *id,
      PsSeverity  severity,
      const char *message_format,
      va_list     args,
      const char *fix)
{
  g_autofree char *message = g_strdup_vprintf (message_format, args);
  PsFinding *finding = ps_finding_new (id, severity, message, fix, lint->rule, lint->rule_index);

  g_ptr_array_add (lint->findings, finding);
  return finding;
}

/* Adds a finding; @fix is a complete sentence, @message_format a printf format. */
G_GNUC_PRINTF (5, 6)
static PsFinding *
add (Lint       *lint,
     const char *id,
     PsSeverity  severity,
     const char *fix,
     const char *message_format,
     ...)
{
  PsFinding *finding;
  va_list args;

  va_start (args, message_format);
  finding = vadd (lint, id, severity, message_format, args, fix);
  va_end (args);
  return finding;
}

/* Values from documentation that people copy into real configurations. */
static const char * const documentation_pins[] = {
  /* Android's Network Security Configuration guide. */
  "7HIpactkIAq2Y49orFOOQKurWxmmSFZhBCoQYcRhJ3Y=",
  "fwza0LRMXouZHRC8Ei+4PyuldPDcf3UKgO/04cDM1oE=",
};

static gboolean
pin_is_placeholder (PsPinsetPin *pin)
{
  const PsPin *value = ps_pinset_pin_get_pin (pin);
  g_autofree char *b64 = NULL;
  const guint8 *digest;
  gsize len = 0;
  gboolean same = TRUE;
  gboolean counting = TRUE;

  if (value == NULL)
    return ps_pinset_pin_get_problem_code (pin) == PS_ERROR_PLACEHOLDER_PIN;

  digest = ps_pin_get_digest (value, &len);
  for (gsize i = 1; i < len; i++)
    {
      if (digest[i] != digest[0])
        same = FALSE;
      if (digest[i] != (guint8) (digest[i - 1] + 1))
        counting = FALSE;
    }
  if (same || counting)
    return TRUE;

  b64 = ps_pin_to_base64 (value);
  for (guint i = 0; i < G_N_ELEMENTS (documentation_pins); i++)
    if (g_str_equal (b64, documentation_pins[i]))
      return TRUE;
  return FALSE;
}

static gboolean
pin_is_invalid (PsPinsetPin *pin)
{
  const PsPin *value = ps_pinset_pin_get_pin (pin);

  if (value == NULL)
    return ps_pinset_pin_get_problem_code (pin) != PS_ERROR_PLACEHOLDER_PIN;
  return ps_pin_get_algorithm (value) != PS_PIN_SHA256;
}

/* A pin a client can compare: SHA-256, well formed, not a placeholder. */
static gboolean
pin_is_usable (PsPinsetPin *pin)
{
  return !pin_is_invalid (pin) && !pin_is_placeholder (pin);
}

static char *
pin_name (PsPinsetPin *pin)
{
  g_autofree char *display = ps_pinset_pin_dup_display (pin);
  const char *label = ps_pinset_pin_get_label (pin);

  if (label != NULL)
    return g_strdup_printf ("%s (%s)", display, label);
  return g_steal_pointer (&display);
}

static gboolean
certificate_key_is_weak (PsCertificate *cert)
{
  const char *algorithm = ps_certificate_get_key_algorithm (cert);

  return algorithm != NULL && g_str_has_prefix (algorithm, "RSA") &&
         ps_certificate_get_key_bits (cert) > 0 && ps_certificate_get_key_bits (cert) < 2048;
}

static void
lint_pins (Lint         *lint,
           GListModel   *pins)
{
  guint n = g_list_model_get_n_items (pins);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) reported = g_hash_table_new (NULL, NULL);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PsPinsetPin) pin = g_list_model_get_item (pins, i);
      g_autofree char *name = pin_name (pin);
      PsFinding *finding = NULL;

      if (pin_is_invalid (pin))
        {
          const char *problem = ps_pinset_pin_get_problem (pin);

          if (problem == NULL)
            problem = _("it is a SHA-1 hash, and clients compare SHA-256 hashes");
          finding = add (lint, "invalid-pin", PS_SEVERITY_ERROR,
                         _("Replace it with the SHA-256 hash of the public key, in base64."),
                         _("Pin %s of the rule for %s cannot match any key: %s."),
                         name, lint->label, problem);
        }
      else if (pin_is_placeholder (pin))
        finding = add (lint, "placeholder-pin", PS_SEVERITY_ERROR,
                       _("Replace it with the pin of a real key, taken from the server’s chain "
                         "or from a backup key."),
                       _("Pin %s of the rule for %s is a placeholder or documentation example, "
                         "so it matches no real key."), name, lint->label);
      if (finding != NULL)
        ps_finding_add_pin (finding, pin);

      /* The first pin with the same value, if any: one finding per repeated value. */
      {
        g_autofree char *display = ps_pinset_pin_dup_display (pin);
        PsPinsetPin *first = g_hash_table_lookup (seen, display);

        if (first == NULL)
          g_hash_table_insert (seen, g_steal_pointer (&display), pin);
        else if (!g_hash_table_contains (reported, first))
          {
            finding = add (lint, "duplicate-pin", PS_SEVERITY_INFO,
                           _("Remove the duplicate; if a second pin was meant, add the pin of "
                             "another key."),
                           _("Pin %s appears more than once in the rule for %s, so the rule "
                             "has fewer distinct pins than it seems."), display, lint->label);
            ps_finding_add_pin (finding, first);
            ps_finding_add_pin (finding, pin);
            g_hash_table_insert (reported, first, finding);
          }
        else
          ps_finding_add_pin (g_hash_table_lookup (reported, first), pin);
      }
    }
}

static guint
count_distinct (GPtrArray *pins)
{
  g_autoptr(GHashTable) values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < pins->len; i++)
    g_hash_table_add (values, ps_pinset_pin_dup_display (g_ptr_array_index (pins, i)));
  return g_hash_table_size (values);
}

static void
lint_rule (Lint      *lint,
           GPtrArray *chains,
           GDateTime *now)
{
  PsPinsetRule *rule = lint->rule;
  GListModel *pins = ps_pinset_rule_get_pins (rule);
  GListModel *domains = ps_pinset_rule_get_domains (rule);
  GDateTime *expiration = ps_pinset_rule_get_expiration (rule);
  guint n_pins = g_list_model_get_n_items (pins);
  g_autoptr(GPtrArray) covering = g_ptr_array_new ();
  g_autoptr(GPtrArray) usable = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) matched = g_hash_table_new (NULL, NULL);  /* PsPinsetPin -> role+1 */
  g_autoptr(GPtrArray) pinned_certs = g_ptr_array_new ();
  g_autoptr(GDateTime) latest_not_after = NULL;
  PsFinding *finding;
  guint n_non_backup = 0;
  guint n_root = 0;
  guint n_intermediate = 0;
  guint n_leaf = 0;
  gboolean has_reserve = FALSE;

  if (g_list_model_get_n_items (domains) == 0)
    add (lint, "no-domains", PS_SEVERITY_ERROR,
         _("Add the domain names the rule is meant for."),
         _("Rule %d has no domain, so it pins nothing."), lint->rule_index + 1);

  for (guint i = 0; i < g_list_model_get_n_items (domains); i++)
    {
      g_autoptr(PsPinsetDomain) domain = g_list_model_get_item (domains, i);
      const char *name = ps_pinset_domain_get_name (domain);

      gpointer first = g_hash_table_lookup (lint->domains, name);

      if (first == NULL)
        g_hash_table_insert (lint->domains, (gpointer) name,
                             GINT_TO_POINTER (lint->rule_index + 1));
      else if (GPOINTER_TO_INT (first) - 1 != lint->rule_index)
        add (lint, "duplicate-domain", PS_SEVERITY_WARNING,
             _("Keep each domain in one rule, with the pins of both rules if both are meant."),
             _("Domain %s is in rules %d and %d: Android refuses such a configuration, and "
               "TrustKit and App Transport Security keep only one of the rules."),
             name, GPOINTER_TO_INT (first), lint->rule_index + 1);

      if (strchr (name, '*') != NULL)
        add (lint, "wildcard-domain", PS_SEVERITY_WARNING,
             _("Write the base domain and turn on “include subdomains” instead of a pattern."),
             _("Domain %s is a pattern: Android and TrustKit do not accept wildcards, OkHttp’s "
               "“*.” covers exactly one label and Apple’s subdomain flag one extra label, so "
               "clients will pin different hosts."), name);
    }

  if (n_pins == 0)
    {
      add (lint, "no-pins", PS_SEVERITY_ERROR,
           _("Add the pin of a key of the server’s chain and the pin of a backup key."),
           _("The rule for %s has no pin, so clients either reject every connection or ignore "
             "the rule."), lint->label);
      return;
    }

  lint_pins (lint, pins);

  if (expiration == NULL)
    add (lint, "no-expiration", PS_SEVERITY_WARNING,
         _("Set an expiration a few months past the next planned app release, and renew it "
           "with each release."),
         _("The rule for %s never expires, so clients that are never updated will keep "
           "enforcing it after every pinned key is gone."), lint->label);
  else if (g_date_time_compare (expiration, now) <= 0)
    {
      g_autofree char *date = g_date_time_format (expiration, "%Y-%m-%d");

      add (lint, "expired", PS_SEVERITY_ERROR,
           _("Set a new expiration date in the future and ship it with the next release."),
           _("The rule for %s expired on %s, so Android stops enforcing its pins and the "
             "pinning protects nothing."), lint->label, date);
    }

  for (guint i = 0; chains != NULL && i < chains->len; i++)
    {
      PsChain *chain = g_ptr_array_index (chains, i);

      if (ps_pinset_rule_covers_chain (rule, chain))
        g_ptr_array_add (covering, chain);
    }

  for (guint i = 0; i < n_pins; i++)
    {
      PsPinsetPin *pin = g_list_model_get_item (pins, i);

      if (pin_is_usable (pin))
        g_ptr_array_add (usable, pin);
      else
        g_object_unref (pin);
    }

  /* The same value twice, or one pin beside invalid ones, is still a single pin that a
   * client can match. */
  if (usable->len > 0 && count_distinct (usable) == 1)
    {
      finding = add (lint, "single-pin", PS_SEVERITY_ERROR,
                     _("Add a backup pin: the hash of a spare key kept offline, or of another "
                       "CA you could move to."),
                     _("The rule for %s has a single pin, so when that key changes or is "
                       "compromised clients cannot connect until they are updated."),
                     lint->label);
      for (guint i = 0; i < usable->len; i++)
        ps_finding_add_pin (finding, g_ptr_array_index (usable, i));
    }

  /* Match every usable pin against the covering chains. */
  for (guint c = 0; c < covering->len; c++)
    {
      PsChain *chain = g_ptr_array_index (covering, c);
      const char *host = ps_chain_get_hostname (chain);
      g_autofree char *where = NULL;
      const guint *path;
      guint n_path = 0;
      gboolean any = FALSE;

      if (host == NULL && ps_chain_get_n_certificates (chain) > 0)
        host = ps_certificate_get_display_name (ps_chain_get_certificate (chain, 0));
      where = g_strdup (host != NULL ? host : _("the given chain"));

      for (guint p = 0; p < usable->len; p++)
        {
          PsPinsetPin *pin = g_ptr_array_index (usable, p);
          PsCertificate *cert = NULL;
          int depth = ps_chain_find_pin (chain, ps_pinset_pin_get_pin (pin), &cert);

          if (depth < 0)
            continue;
          any = TRUE;
          if (!g_hash_table_contains (matched, pin))
            g_hash_table_insert (matched, pin,
                                 GINT_TO_POINTER (ps_chain_role_at (chain, depth) + 1));
          if (!g_ptr_array_find (pinned_certs, cert, NULL))
            g_ptr_array_add (pinned_certs, cert);

          if (ps_certificate_get_not_after (cert) != NULL)
            {
              GTimeSpan left = g_date_time_difference (ps_certificate_get_not_after (cert), now);

              if (left < (GTimeSpan) PS_LINT_EXPIRING_SOON_DAYS * G_TIME_SPAN_DAY)
                {
                  g_autofree char *date =
                    g_date_time_format (ps_certificate_get_not_after (cert), "%Y-%m-%d");

                  if (left < 0)
                    finding = add (lint, "expiring-soon", PS_SEVERITY_WARNING,
                                   _("Replace the certificate now with one whose key is pinned."),
                                   _("The pinned certificate “%s” of %s expired on %s, so "
                                     "clients already refuse it and its replacement must have a "
                                     "pinned key."),
                                   ps_certificate_get_display_name (cert), where, date);
                  else
                    finding = add (lint, "expiring-soon", PS_SEVERITY_WARNING,
                                   _("Make sure the replacement certificate keeps a pinned key, "
                                     "or add the pin of its new key before it is deployed."),
                                   _("The pinned certificate “%s” of %s expires on %s; if its "
                                     "replacement has a key that is not pinned, clients will "
                                     "fail."),
                                   ps_certificate_get_display_name (cert), where, date);
                  ps_finding_set_hostname (finding, host);
                  ps_finding_add_pin (finding, pin);
                }
            }
        }

      if (!any && usable->len > 0)
        {
          finding = add (lint, "no-match", PS_SEVERITY_ERROR,
                         _("Add the pin of a key in the current chain, or deploy a certificate "
                           "whose key is pinned."),
                         _("No pin of the rule for %s matches the validated chain of %s, so "
                           "clients fail to connect now."), lint->label, where);
          ps_finding_set_hostname (finding, host);
        }

      path = ps_chain_get_path (chain, &n_path);
      for (guint d = 0; d < n_path; d++)
        {
          PsCertificate *cert = ps_chain_get_certificate (chain, path[d]);
          gboolean anchor = d == n_path - 1 && d > 0 && ps_certificate_get_is_self_signed (cert);

          if (certificate_key_is_weak (cert))
            {
              finding = add (lint, "weak-key", PS_SEVERITY_WARNING,
                             _("Replace the certificate with one on a key of 2048 bits or more "
                               "(or an EC key), and pin that key."),
                             _("Certificate “%s” in the chain of %s has a %u-bit RSA key, which "
                               "clients such as TrustKit refuse and attackers may factor."),
                             ps_certificate_get_display_name (cert), where,
                             ps_certificate_get_key_bits (cert));
              ps_finding_set_hostname (finding, host);
            }
          /* A trust anchor's own signature is never checked, so it cannot be weak. */
          else if (!anchor && ps_certificate_get_signature_is_weak (cert))
            {
              finding = add (lint, "weak-key", PS_SEVERITY_WARNING,
                             _("Have the certificate reissued with a SHA-256 signature."),
                             _("Certificate “%s” in the chain of %s is signed with %s, which "
                               "clients reject as forgeable."),
                             ps_certificate_get_display_name (cert), where,
                             ps_certificate_get_signature_algorithm (cert));
              ps_finding_set_hostname (finding, host);
            }
        }
    }

  if (chains == NULL || chains->len == 0)
    {
      /* Reported once for the whole document by ps_lint_pinset(). */
    }
  else if (covering->len == 0)
    add (lint, "no-chain", PS_SEVERITY_INFO,
         _("Check a host or a chain file that this rule covers."),
         _("None of the given chains is for %s, so whether its pins match the servers was not "
           "checked."), lint->label);

  /* What the non-backup pins pin: where a chain shows it, the level they matched. */
  for (guint p = 0; p < usable->len; p++)
    {
      PsPinsetPin *pin = g_ptr_array_index (usable, p);
      PsPinRole role = ps_pinset_pin_get_role (pin);
      gpointer found = g_hash_table_lookup (matched, pin);

      if (found == NULL && covering->len > 0)
        has_reserve = TRUE;
      if (role == PS_PIN_ROLE_BACKUP)
        {
          has_reserve = TRUE;
          continue;
        }
      if (found != NULL)
        role = GPOINTER_TO_INT (found) - 1;

      n_non_backup++;
      if (role == PS_PIN_ROLE_ROOT)
        n_root++;
      else if (role == PS_PIN_ROLE_INTERMEDIATE)
        n_intermediate++;
      else if (role == PS_PIN_ROLE_LEAF)
        n_leaf++;
    }

  if (n_non_backup > 0 && n_root == n_non_backup)
    add (lint, "root-only", PS_SEVERITY_WARNING,
         _("Pin an intermediate or your own key as well, or accept that the pin only limits "
           "you to this CA."),
         _("Every pin of the rule for %s that is not a backup is a root CA key, so any "
           "certificate that CA issues, to anyone, for these names is accepted."), lint->label);
  else if (n_non_backup > 0 && n_intermediate == n_non_backup)
    add (lint, "intermediate-only", PS_SEVERITY_WARNING,
         _("Also pin the root or the CA’s other intermediates, so that a change of "
           "intermediate does not break clients."),
         _("Every pin of the rule for %s that is not a backup is an intermediate CA key, and "
           "CAs rotate intermediates (Let’s Encrypt R3 to R10/R11, E5/E6), which breaks "
           "clients."), lint->label);
  else if (n_non_backup > 0 && n_leaf == n_non_backup && !has_reserve)
    add (lint, "leaf-only-no-backup", PS_SEVERITY_WARNING,
         _("Generate a backup key now, pin it, and use it for the next certificate."),
         _("Only leaf keys are pinned for %s and there is no backup key, so the next key "
           "rotation (ACME renewals often make new keys) breaks clients."), lint->label);

  if (covering->len > 0 && usable->len > 0 && g_hash_table_size (matched) == usable->len)
    add (lint, "no-backup", PS_SEVERITY_WARNING,
         _("Add the pin of a backup key that is not in use, kept offline."),
         _("Every pin of the rule for %s is in the current chain, so nothing is held in "
           "reserve if one of those keys must be replaced."), lint->label);

  /* The expiration against the certificates pinned. */
  for (guint p = 0; p < usable->len; p++)
    {
      PsPinsetPin *pin = g_ptr_array_index (usable, p);
      GDateTime *not_after = ps_pinset_pin_get_not_after (pin);

      if (not_after != NULL &&
          (latest_not_after == NULL || g_date_time_compare (not_after, latest_not_after) > 0))
        {
          g_clear_pointer (&latest_not_after, g_date_time_unref);
          latest_not_after = g_date_time_ref (not_after);
        }
    }
  for (guint i = 0; i < pinned_certs->len; i++)
    {
      GDateTime *not_after = ps_certificate_get_not_after (g_ptr_array_index (pinned_certs, i));

      if (not_after != NULL &&
          (latest_not_after == NULL || g_date_time_compare (not_after, latest_not_after) > 0))
        {
          g_clear_pointer (&latest_not_after, g_date_time_unref);
          latest_not_after = g_date_time_ref (not_after);
        }
    }
  if (expiration != NULL && latest_not_after != NULL &&
      g_date_time_compare (expiration, now) > 0 &&
      g_date_time_compare (expiration, latest_not_after) > 0)
    {
      g_autofree char *exp = g_date_time_format (expiration, "%Y-%m-%d");
      g_autofree char *last = g_date_time_format (latest_not_after, "%Y-%m-%d");

      add (lint, "outlives-certificates", PS_SEVERITY_WARNING,
           _("Set the expiration on or before the last certificate’s expiry, or pin the keys "
             "that will replace them."),
           _("The rule for %s expires on %s, after every pinned certificate (the last expires "
             "on %s), so clients may enforce pins no server can present anymore."),
           lint->label, exp, last);
    }
}

static void
lint_certificate_hashes (Lint      *lint,
                         GPtrArray *chains)
{
  GListModel *pins = ps_pinset_rule_get_pins (lint->rule);

  for (guint p = 0; p < g_list_model_get_n_items (pins); p++)
    {
      g_autoptr(PsPinsetPin) pin = g_list_model_get_item (pins, p);
      const PsPin *value = ps_pinset_pin_get_pin (pin);
      gboolean found = FALSE;

      if (value == NULL)
        continue;

      for (guint c = 0; !found && chains != NULL && c < chains->len; c++)
        {
          PsChain *chain = g_ptr_array_index (chains, c);

          for (guint i = 0; !found && i < ps_chain_get_n_certificates (chain); i++)
            {
              PsCertificate *cert = ps_chain_get_certificate (chain, i);

              if (ps_pin_equal (ps_certificate_get_fingerprint_sha256 (cert), value))
                {
                  g_autofree char *name = pin_name (pin);
                  PsFinding *finding;

                  finding = add (lint, "certificate-hash", PS_SEVERITY_ERROR,
                                 _("Pin the SHA-256 hash of the certificate’s public key "
                                   "(SubjectPublicKeyInfo) instead."),
                                 _("Pin %s of the rule for %s is the fingerprint of the whole "
                                   "certificate “%s”, not of its key, so no client will ever "
                                   "match it."), name, lint->label,
                                 ps_certificate_get_display_name (cert));
                  ps_finding_add_pin (finding, pin);
                  found = TRUE;
                }
            }
        }
    }
}

static int
compare_severity (gconstpointer a,
                  gconstpointer b)
{
  PsFinding *fa = *(PsFinding * const *) a;
  PsFinding *fb = *(PsFinding * const *) b;

  return (int) fb->severity - (int) fa->severity;
}

GListModel *
ps_lint_pinset (PsPinset  *pinset,
                GPtrArray *chains,
                GDateTime *now)
{
  g_autoptr(GPtrArray) findings = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GDateTime) current = NULL;
  /* Borrows the names from the domains, which the pinset keeps alive meanwhile. */
  g_autoptr(GHashTable) domains = NULL;
  GListStore *store;
  GListModel *rules;
  Lint lint = { 0 };

  g_return_val_if_fail (PS_IS_PINSET (pinset), NULL);

  current = now != NULL ? g_date_time_ref (now) : g_date_time_new_now_utc ();
  rules = ps_pinset_get_rules (pinset);
  domains = g_hash_table_new (g_str_hash, g_str_equal);
  lint.findings = findings;
  lint.rule_index = -1;
  lint.domains = domains;

  if (g_list_model_get_n_items (rules) == 0)
    add (&lint, "no-rules", PS_SEVERITY_ERROR,
         _("Add a rule with the domains to pin and their pins."),
         _("The pinset has no rule, so it pins nothing."));

  if (chains == NULL || chains->len == 0)
    add (&lint, "no-chain", PS_SEVERITY_INFO,
         _("Check against a live host or the chain files the servers use."),
         _("No chain was given, so no-match, no-backup, expiring-soon, weak-key and "
           "certificate-hash were not checked."));

  for (guint r = 0; r < g_list_model_get_n_items (rules); r++)
    {
      g_autoptr(PsPinsetRule) rule = g_list_model_get_item (rules, r);
      g_autofree char *label = ps_pinset_rule_dup_label (rule);

      lint.rule = rule;
      lint.rule_index = r;
      lint.label = label;
      lint_rule (&lint, chains, current);
      lint_certificate_hashes (&lint, chains);
    }

  /* Errors first; the sort is stable, so the rule order stays within a severity. */
  g_ptr_array_sort (findings, compare_severity);

  store = g_list_store_new (PS_TYPE_FINDING);
  for (guint i = 0; i < findings->len; i++)
    g_list_store_append (store, g_ptr_array_index (findings, i));
  return G_LIST_MODEL (store);
}

int
ps_lint_max_severity (GListModel *findings)
{
  int max = -1;

  g_return_val_if_fail (G_IS_LIST_MODEL (findings), -1);

  for (guint i = 0; i < g_list_model_get_n_items (findings); i++)
    {
      g_autoptr(PsFinding) finding = g_list_model_get_item (findings, i);

      max = MAX (max, (int) finding->severity);
    }
  return max;
}
