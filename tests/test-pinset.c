/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <sys/stat.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ps-error.h"
#include "ps-material.h"
#include "ps-pinset.h"
#include "ps-test-util.h"

static PsPin *
pin_of_byte (guint8 seed)
{
  guint8 digest[32];

  /* Distinct, not placeholders (bytes not all equal). */
  for (guint i = 0; i < sizeof digest; i++)
    digest[i] = (guint8) (seed * 31 + i * 7 + (i * i));
  return ps_pin_new_from_digest (PS_PIN_SHA256, digest, sizeof digest);
}

static PsPinset *
make_pinset (guint n_rules,
             guint n_pins)
{
  PsPinset *pinset = ps_pinset_new ("Example “apps”");

  for (guint r = 0; r < n_rules; r++)
    {
      g_autoptr(PsPinsetRule) rule = ps_pinset_rule_new ();
      g_autofree char *name = g_strdup_printf ("api%u.example.com", r);
      g_autoptr(PsPinsetDomain) domain = ps_pinset_domain_new (name, r % 2 == 0);
      g_autoptr(PsPinsetDomain) domain2 = ps_pinset_domain_new ("Example.ORG.", FALSE);
      g_autoptr(GDateTime) expiration = g_date_time_new_utc (2027, 6, 1 + r % 20, 0, 0, 0);

      ps_pinset_rule_add_domain (rule, domain);
      if (r == 0)
        ps_pinset_rule_add_domain (rule, domain2);
      if (r % 3 != 2)
        ps_pinset_rule_set_expiration (rule, expiration);
      if (r == 0)
        ps_pinset_rule_set_notes (rule, "Rotate with the\nrelease of June ✓");

      for (guint p = 0; p < n_pins; p++)
        {
          g_autoptr(PsPin) pin = pin_of_byte ((guint8) (r * 7 + p));
          g_autofree char *label = g_strdup_printf ("pin %u/%u", r, p);
          g_autoptr(PsPinsetPin) item = ps_pinset_pin_new (pin, p % 2 ? label : NULL,
                                                           (PsPinRole) (p % 4));

          if (p % 5 == 1)
            ps_pinset_pin_set_origin (item, PS_PIN_ORIGIN_HOST, "api.example.com:443", p % 3);
          else if (p % 5 == 2)
            ps_pinset_pin_set_origin (item, PS_PIN_ORIGIN_FILE, "chain.pem", 1);
          else if (p % 5 == 3)
            ps_pinset_pin_set_origin (item, PS_PIN_ORIGIN_KEY, "backup.key", -1);
          else if (p % 5 == 4)
            ps_pinset_pin_set_origin (item, PS_PIN_ORIGIN_CSR, "next.csr", -1);
          if (p == 0)
            {
              g_autoptr(GDateTime) not_after = g_date_time_new_utc (2027, 1, 2, 3, 4, 5.75);
              ps_pinset_pin_set_not_after (item, not_after);
            }
          g_assert_true (ps_pinset_rule_add_pin (rule, item));
        }
      ps_pinset_add_rule (pinset, rule);
    }
  return pinset;
}

static void
count_cb (GObject *object,
          guint   *count)
{
  (*count)++;
}

static void
notify_count_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

static void
test_model_changed (void)
{
  g_autoptr(PsPinset) pinset = make_pinset (2, 3);
  g_autoptr(PsPinsetRule) rule = g_list_model_get_item (ps_pinset_get_rules (pinset), 1);
  g_autoptr(PsPinsetPin) pin = g_list_model_get_item (ps_pinset_rule_get_pins (rule), 0);
  g_autoptr(PsPinsetDomain) domain = g_list_model_get_item (ps_pinset_rule_get_domains (rule), 0);
  g_autoptr(PsPin) extra = pin_of_byte (200);
  g_autoptr(PsPinsetPin) extra_pin = ps_pinset_pin_new (extra, NULL, PS_PIN_ROLE_BACKUP);
  g_autoptr(PsPinsetPin) same_hash = ps_pinset_pin_new (extra, "again", PS_PIN_ROLE_LEAF);
  g_autoptr(PsPinsetRule) new_rule = ps_pinset_rule_new ();
  g_autoptr(GDateTime) date = g_date_time_new_utc (2030, 2, 3, 15, 0, 0);
  guint changes = 0;
  guint expected = 0;

  g_signal_connect (pinset, "changed", G_CALLBACK (count_cb), &changes);

  ps_pinset_pin_set_label (pin, "renamed");
  g_assert_cmpuint (changes, ==, ++expected);
  ps_pinset_pin_set_label (pin, "renamed");  /* no change, no signal */
  g_assert_cmpuint (changes, ==, expected);
  ps_pinset_pin_set_role (pin, PS_PIN_ROLE_ROOT);
  g_assert_cmpuint (changes, ==, ++expected);
  ps_pinset_domain_set_include_subdomains (domain, !ps_pinset_domain_get_include_subdomains (domain));
  g_assert_cmpuint (changes, ==, ++expected);
  ps_pinset_domain_set_name (domain, "other.example.com");
  g_assert_cmpuint (changes, ==, ++expected);
  g_assert_true (ps_pinset_rule_add_pin (rule, extra_pin));
  g_assert_cmpuint (changes, ==, ++expected);
  g_assert_false (ps_pinset_rule_add_pin (rule, same_hash));
  g_assert_cmpuint (changes, ==, expected);
  ps_pinset_pin_set_label (extra_pin, "new");
  g_assert_cmpuint (changes, ==, ++expected);
  ps_pinset_rule_set_expiration (rule, date);
  g_assert_cmpuint (changes, ==, ++expected);
  /* Expirations are dates. */
  g_assert_cmpint (g_date_time_get_hour (ps_pinset_rule_get_expiration (rule)), ==, 0);
  ps_pinset_rule_set_notes (rule, "note");
  g_assert_cmpuint (changes, ==, ++expected);
  ps_pinset_add_rule (pinset, new_rule);
  g_assert_cmpuint (changes, ==, ++expected);
  ps_pinset_rule_set_notes (new_rule, "on the new rule");
  g_assert_cmpuint (changes, ==, ++expected);
  ps_pinset_set_name (pinset, "renamed set");
  g_assert_cmpuint (changes, ==, ++expected);

  /* Removed children no longer count. */
  ps_pinset_rule_remove_pin (rule, extra_pin);
  g_assert_cmpuint (changes, ==, ++expected);
  ps_pinset_pin_set_label (extra_pin, "detached");
  g_assert_cmpuint (changes, ==, expected);
  ps_pinset_remove_rule (pinset, new_rule);
  g_assert_cmpuint (changes, ==, ++expected);
  ps_pinset_rule_set_notes (new_rule, "detached");
  g_assert_cmpuint (changes, ==, expected);

  g_assert_nonnull (ps_pinset_get_modified (pinset));
  g_assert_cmpint (g_date_time_compare (ps_pinset_get_modified (pinset),
                                        ps_pinset_get_created (pinset)), >=, 0);

  /* "modified" is notified when it changes, not for every edit: 50 quick edits span one
   * or two seconds, and each still emits "changed". */
  {
    guint modified_notifies = 0;
    guint before = changes;

    g_signal_connect (pinset, "notify::modified", G_CALLBACK (notify_count_cb),
                      &modified_notifies);
    for (guint i = 0; i < 50; i++)
      ps_pinset_set_name (pinset, i % 2 ? "odd" : "even");
    g_assert_cmpuint (changes, ==, before + 50);
    g_assert_cmpuint (modified_notifies, <=, 3);
    g_signal_handlers_disconnect_by_data (pinset, &modified_notifies);
  }

  /* Objects do not outlive their owners. */
  g_object_add_weak_pointer (G_OBJECT (new_rule), (gpointer *) &new_rule);
  g_clear_object (&new_rule);
  g_assert_null (new_rule);
}

static void
test_model_properties (void)
{
  g_autoptr(PsPin) value = pin_of_byte (3);
  g_autoptr(PsPinsetPin) pin = ps_pinset_pin_new (value, "label", PS_PIN_ROLE_INTERMEDIATE);
  g_autoptr(PsPinsetPin) bad = ps_pinset_pin_new_from_text ("sha256/not-base64!", NULL,
                                                           PS_PIN_ROLE_BACKUP);
  g_autoptr(PsPinsetPin) placeholder =
    ps_pinset_pin_new_from_text ("sha256/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", NULL,
                                 PS_PIN_ROLE_BACKUP);
  g_autofree char *label = NULL;
  PsPinRole role;
  int depth;

  g_object_get (pin, "label", &label, "role", &role, "depth", &depth, NULL);
  g_assert_cmpstr (label, ==, "label");
  g_assert_cmpint (role, ==, PS_PIN_ROLE_INTERMEDIATE);
  g_assert_cmpint (depth, ==, -1);
  g_assert_null (ps_pinset_pin_get_problem (pin));
  g_assert_cmpint (ps_pinset_pin_get_problem_code (pin), ==, -1);

  g_assert_null (ps_pinset_pin_get_pin (bad));
  g_assert_cmpstr (ps_pinset_pin_get_text (bad), ==, "sha256/not-base64!");
  g_assert_nonnull (ps_pinset_pin_get_problem (bad));
  g_assert_cmpint (ps_pinset_pin_get_problem_code (bad), ==, PS_ERROR_INVALID_PIN);
  g_assert_cmpint (ps_pinset_pin_get_problem_code (placeholder), ==, PS_ERROR_PLACEHOLDER_PIN);

  for (PsPinRole r = PS_PIN_ROLE_LEAF; r <= PS_PIN_ROLE_BACKUP; r++)
    {
      PsPinRole back;

      g_assert_true (ps_pin_role_from_string (ps_pin_role_to_string (r), &back));
      g_assert_cmpint (back, ==, r);
      g_assert_nonnull (ps_pin_role_to_label (r));
    }
  g_assert_false (ps_pin_role_from_string ("server", NULL));
  for (PsPinOrigin o = PS_PIN_ORIGIN_TYPED; o <= PS_PIN_ORIGIN_CSR; o++)
    {
      PsPinOrigin back;

      g_assert_true (ps_pin_origin_from_string (ps_pin_origin_to_string (o), &back));
      g_assert_cmpint (back, ==, o);
    }
}

static void
test_domain_covers (void)
{
  g_autoptr(PsPinsetDomain) exact = ps_pinset_domain_new ("Example.COM.", FALSE);
  g_autoptr(PsPinsetDomain) subs = ps_pinset_domain_new ("example.com", TRUE);
  g_autoptr(PsPinsetDomain) one = ps_pinset_domain_new ("*.example.com", FALSE);
  g_autoptr(PsPinsetDomain) any = ps_pinset_domain_new ("**.example.com", FALSE);

  g_assert_cmpstr (ps_pinset_domain_get_name (exact), ==, "example.com");
  g_assert_true (ps_pinset_domain_covers (exact, "EXAMPLE.com"));
  g_assert_true (ps_pinset_domain_covers (exact, "example.com."));
  g_assert_false (ps_pinset_domain_covers (exact, "www.example.com"));
  g_assert_false (ps_pinset_domain_covers (exact, "badexample.com"));

  g_assert_true (ps_pinset_domain_covers (subs, "example.com"));
  g_assert_true (ps_pinset_domain_covers (subs, "a.b.example.com"));
  g_assert_false (ps_pinset_domain_covers (subs, "badexample.com"));
  g_assert_false (ps_pinset_domain_covers (subs, "example.com.evil.net"));

  g_assert_true (ps_pinset_domain_covers (one, "www.example.com"));
  g_assert_false (ps_pinset_domain_covers (one, "a.b.example.com"));
  g_assert_false (ps_pinset_domain_covers (one, "example.com"));
  g_assert_true (ps_pinset_domain_covers (any, "a.b.example.com"));
  /* OkHttp's "**." matches an empty prefix too. */
  g_assert_true (ps_pinset_domain_covers (any, "example.com"));
  g_assert_false (ps_pinset_domain_covers (any, "badexample.com"));
}

static void
test_json_round_trip (void)
{
  g_autoptr(PsPinset) pinset = make_pinset (5, 6);
  g_autoptr(PsPinset) back = NULL;
  g_autoptr(PsPinset) again = NULL;
  g_autoptr(PsPinsetRule) rule = NULL;
  g_autoptr(PsPinsetPin) bad = ps_pinset_pin_new_from_text ("pin-sha256=\"nope\"", "typo",
                                                           PS_PIN_ROLE_BACKUP);
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autofree char *json2 = NULL;

  rule = g_list_model_get_item (ps_pinset_get_rules (pinset), 0);
  ps_pinset_rule_add_pin (rule, bad);

  json = ps_pinset_to_json (pinset);
  g_assert_nonnull (strstr (json, "\"format\" : \"pinscope-pinset\""));
  g_assert_nonnull (strstr (json, "\"version\" : 2"));

  back = ps_pinset_new_from_json (json, -1, &error);
  g_assert_no_error (error);
  g_assert_true (ps_pinset_equal (pinset, back));
  g_assert_true (g_date_time_equal (ps_pinset_get_created (pinset),
                                    ps_pinset_get_created (back)));
  g_assert_true (g_date_time_equal (ps_pinset_get_modified (pinset),
                                    ps_pinset_get_modified (back)));

  /* The unparsed pin survives as it was written. */
  {
    g_autoptr(PsPinsetRule) r = g_list_model_get_item (ps_pinset_get_rules (back), 0);
    GListModel *pins = ps_pinset_rule_get_pins (r);
    g_autoptr(PsPinsetPin) last = g_list_model_get_item (pins, g_list_model_get_n_items (pins) - 1);

    g_assert_null (ps_pinset_pin_get_pin (last));
    g_assert_cmpstr (ps_pinset_pin_get_text (last), ==, "pin-sha256=\"nope\"");
  }

  /* Writing again gives the same text. */
  json2 = ps_pinset_to_json (back);
  g_assert_cmpstr (json, ==, json2);

  /* A change makes them differ. */
  ps_pinset_set_name (back, "other");
  g_assert_false (ps_pinset_equal (pinset, back));

  /* An empty pinset round-trips too. */
  {
    g_autoptr(PsPinset) empty = ps_pinset_new (NULL);
    g_autofree char *text = ps_pinset_to_json (empty);

    again = ps_pinset_new_from_json (text, -1, &error);
    g_assert_no_error (error);
    g_assert_true (ps_pinset_equal (empty, again));
  }
}

static void
test_file_round_trip (void)
{
  g_autofree char *dir = ps_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "set.pinset", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(PsPinset) pinset = make_pinset (3, 4);
  g_autoptr(PsPinset) back = NULL;
  g_autoptr(PsPinset) second = make_pinset (1, 2);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) listing = NULL;
  const char *name;

  g_assert_true (ps_pinset_save (pinset, file, NULL, &error));
  g_assert_no_error (error);
  back = ps_pinset_load (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (ps_pinset_equal (pinset, back));
  g_clear_object (&back);

  /* Replacing keeps the mode and leaves no temporary file behind. */
  g_assert_cmpint (g_chmod (path, 0640), ==, 0);
  g_assert_true (ps_pinset_save (second, file, NULL, &error));
  g_assert_no_error (error);
  back = ps_pinset_load (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (ps_pinset_equal (second, back));
  {
    GStatBuf st;

    g_assert_cmpint (g_stat (path, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0640);
  }
  listing = g_dir_open (dir, 0, NULL);
  while ((name = g_dir_read_name (listing)) != NULL)
    g_assert_cmpstr (name, ==, "set.pinset");

  /* Saving through a symbolic link replaces the file it points to and keeps the link. */
  {
    g_autofree char *link = g_build_filename (dir, "link.pinset", NULL);
    g_autoptr(GFile) link_file = g_file_new_for_path (link);
    g_autoptr(PsPinset) through = NULL;

    g_assert_cmpint (symlink ("set.pinset", link), ==, 0);
    g_assert_true (ps_pinset_save (pinset, link_file, NULL, &error));
    g_assert_no_error (error);
    g_assert_true (g_file_test (link, G_FILE_TEST_IS_SYMLINK));
    through = ps_pinset_load (file, NULL, &error);
    g_assert_no_error (error);
    g_assert_true (ps_pinset_equal (pinset, through));
    g_unlink (link);
  }

  /* A missing file is an error, not a crash. */
  {
    g_autoptr(GFile) missing = g_file_new_build_filename (dir, "missing.pinset", NULL);
    g_autoptr(PsPinset) none = ps_pinset_load (missing, NULL, &error);

    g_assert_null (none);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }

  ps_test_rm_rf (dir);
}

typedef struct
{
  GMainLoop *loop;
  GAsyncResult *result;
} AsyncWait;

static void
async_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  AsyncWait *wait = user_data;

  wait->result = g_object_ref (result);
  g_main_loop_quit (wait->loop);
}

static void
test_async (void)
{
  g_autofree char *dir = ps_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "async.pinset", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(PsPinset) pinset = make_pinset (2, 3);
  g_autoptr(PsPinset) back = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  AsyncWait wait = { loop, NULL };

  ps_pinset_save_async (pinset, file, NULL, async_cb, &wait);
  g_main_loop_run (loop);
  g_assert_true (ps_pinset_save_finish (pinset, wait.result, &error));
  g_assert_no_error (error);
  g_clear_object (&wait.result);

  ps_pinset_load_async (file, NULL, async_cb, &wait);
  g_main_loop_run (loop);
  back = ps_pinset_load_finish (wait.result, &error);
  g_assert_no_error (error);
  g_assert_true (ps_pinset_equal (pinset, back));
  g_clear_object (&wait.result);

  /* Cancelled before it starts: an error, and the file is untouched. */
  g_cancellable_cancel (cancellable);
  ps_pinset_set_name (back, "should not be written");
  ps_pinset_save_async (back, file, cancellable, async_cb, &wait);
  g_main_loop_run (loop);
  g_assert_false (ps_pinset_save_finish (back, wait.result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_clear_object (&wait.result);
  g_clear_object (&back);
  back = ps_pinset_load (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (ps_pinset_equal (pinset, back));

  /* Loading a missing file fails through the callback. */
  {
    g_autoptr(GFile) missing = g_file_new_build_filename (dir, "nope.pinset", NULL);
    g_autoptr(PsPinset) none = NULL;

    ps_pinset_load_async (missing, NULL, async_cb, &wait);
    g_main_loop_run (loop);
    none = ps_pinset_load_finish (wait.result, &error);
    g_assert_null (none);
    g_assert_nonnull (error);
    g_clear_error (&error);
    g_clear_object (&wait.result);
  }

  ps_test_rm_rf (dir);
}

static void
assert_refused (const char *json,
                int         code,
                const char *message_start)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PsPinset) pinset = ps_pinset_new_from_json (json, -1, &error);

  g_assert_null (pinset);
  g_assert_error (error, PS_ERROR, code);
  if (message_start != NULL && !g_str_has_prefix (error->message, message_start))
    g_error ("expected “%s…”, got “%s”", message_start, error->message);
}

#define HEAD "{\"format\": \"pinscope-pinset\", \"version\": 1, "
#define GOOD_PIN "{\"hash\": \"IXO6zH7CcNJPq7vgkV+IuSLw3GN8iLiL35Ok58WCc4I=\", \"role\": \"leaf\"}"
#define GOOD_RULE "{\"domains\": [{\"name\": \"example.com\"}], \"pins\": [" GOOD_PIN "]}"

static void
test_corrupt (void)
{
  g_autoptr(PsPinset) pinset = make_pinset (2, 3);
  g_autofree char *json = ps_pinset_to_json (pinset);
  gsize len = strlen (json);

  /* A minimal valid document, for reference. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(PsPinset) ok = ps_pinset_new_from_json (HEAD "\"rules\": [" GOOD_RULE "]}", -1,
                                                      &error);
    g_assert_no_error (error);
    g_assert_nonnull (ok);
  }

  /* Truncated anywhere: refused with an error, never a crash. */
  for (gsize cut = 0; cut < len - 2; cut += 7)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PsPinset) back = ps_pinset_new_from_json (json, cut, &error);

      g_assert_null (back);
      g_assert_error (error, PS_ERROR, PS_ERROR_INVALID_PINSET);
    }

  assert_refused ("", PS_ERROR_INVALID_PINSET, NULL);
  assert_refused ("not json", PS_ERROR_INVALID_PINSET,
                  "Line 1, column 3: not a valid JSON document: ");
  /* The line of a syntax error (json-glib places it after the token, here the missing
   * comma at the end of line 3), said as the other readers say it. */
  assert_refused ("{\n  \"format\": \"pinscope-pinset\",\n  \"version\": 1\n  \"rules\": []\n}",
                  PS_ERROR_INVALID_PINSET, "Line 3, column ");
  assert_refused ("[1, 2]", PS_ERROR_INVALID_PINSET, NULL);
  assert_refused ("{\"format\": \"other\", \"version\": 1, \"rules\": []}",
                  PS_ERROR_INVALID_PINSET, "format:");
  assert_refused ("{\"version\": 1, \"rules\": []}", PS_ERROR_INVALID_PINSET, "format: missing");
  assert_refused ("{\"format\": \"pinscope-pinset\", \"rules\": []}",
                  PS_ERROR_INVALID_PINSET, "version: missing");
  assert_refused ("{\"format\": \"pinscope-pinset\", \"version\": \"1\", \"rules\": []}",
                  PS_ERROR_INVALID_PINSET, "version: expected an integer, found a string");
  assert_refused ("{\"format\": \"pinscope-pinset\", \"version\": 0, \"rules\": []}",
                  PS_ERROR_INVALID_PINSET, "version:");
  assert_refused (HEAD "\"rules\": {}}", PS_ERROR_INVALID_PINSET,
                  "rules: expected an array, found an object");
  assert_refused (HEAD "\"name\": 3, \"rules\": []}", PS_ERROR_INVALID_PINSET,
                  "name: expected a string, found a number");
  assert_refused (HEAD "\"rules\": [" GOOD_RULE ", 5]}", PS_ERROR_INVALID_PINSET,
                  "rules[1]: expected an object, found a number");
  assert_refused (HEAD "\"rules\": [{\"pins\": []}]}", PS_ERROR_INVALID_PINSET,
                  "rules[0].domains: missing");
  assert_refused (HEAD "\"rules\": [{\"domains\": [{\"name\": true}], \"pins\": []}]}",
                  PS_ERROR_INVALID_PINSET, "rules[0].domains[0].name: expected a string");
  assert_refused (HEAD "\"rules\": [{\"domains\": [{\"name\": \"a.com\", "
                  "\"include_subdomains\": \"yes\"}], \"pins\": []}]}",
                  PS_ERROR_INVALID_PINSET, "rules[0].domains[0].include_subdomains: expected a "
                  "boolean");
  assert_refused (HEAD "\"rules\": [" GOOD_RULE ", {\"domains\": [], \"pins\": [{\"hash\": "
                  "\"not base64!\", \"role\": \"leaf\"}]}]}",
                  PS_ERROR_INVALID_PINSET, "rules[1].pins[0].hash: invalid base64");
  assert_refused (HEAD "\"rules\": [{\"domains\": [], \"pins\": [{\"hash\": \"AAAA\", "
                  "\"role\": \"leaf\"}]}]}",
                  PS_ERROR_INVALID_PINSET, "rules[0].pins[0].hash: 3 bytes");
  assert_refused (HEAD "\"rules\": [{\"domains\": [], \"pins\": [{\"role\": \"leaf\"}]}]}",
                  PS_ERROR_INVALID_PINSET, "rules[0].pins[0].hash: missing");
  assert_refused (HEAD "\"rules\": [{\"domains\": [], \"pins\": [{\"hash\": "
                  "\"IXO6zH7CcNJPq7vgkV+IuSLw3GN8iLiL35Ok58WCc4I=\", \"role\": \"server\"}]}]}",
                  PS_ERROR_INVALID_PINSET, "rules[0].pins[0].role: unknown role");
  assert_refused (HEAD "\"rules\": [{\"domains\": [], \"pins\": [" GOOD_PIN "], "
                  "\"expiration\": \"2027-02-30\"}]}",
                  PS_ERROR_INVALID_PINSET, "rules[0].expiration:");
  assert_refused (HEAD "\"rules\": [{\"domains\": [], \"pins\": [{\"hash\": "
                  "\"IXO6zH7CcNJPq7vgkV+IuSLw3GN8iLiL35Ok58WCc4I=\", \"role\": \"leaf\", "
                  "\"origin\": {\"type\": \"host\", \"depth\": -4}}]}]}",
                  PS_ERROR_INVALID_PINSET, "rules[0].pins[0].origin.depth:");
  assert_refused ("{\"format\": \"pinscope-pinset\", \"version\": 1, \"rules\": [\xff]}",
                  PS_ERROR_INVALID_PINSET, NULL);

  /* Deep nesting is refused before the parser could exhaust the stack. */
  {
    g_autoptr(GString) deep = g_string_new (HEAD "\"rules\": ");
    g_autoptr(GError) error = NULL;
    g_autoptr(PsPinset) back = NULL;

    for (guint i = 0; i < 4 * 1000 * 1000; i++)
      g_string_append_c (deep, '[');
    back = ps_pinset_new_from_json (deep->str, deep->len, &error);
    g_assert_null (back);
    g_assert_error (error, PS_ERROR, PS_ERROR_INVALID_PINSET);
    g_assert_nonnull (strstr (error->message, "nested"));
  }
  /* Brackets inside strings do not count. */
  {
    g_autoptr(GString) brackets = g_string_new (HEAD "\"name\": \"");
    g_autoptr(GError) error = NULL;
    g_autoptr(PsPinset) back = NULL;

    for (guint i = 0; i < 200; i++)
      g_string_append (brackets, "[{\\\"");
    g_string_append (brackets, "\", \"rules\": []}");
    back = ps_pinset_new_from_json (brackets->str, brackets->len, &error);
    g_assert_no_error (error);
    g_assert_nonnull (back);
    g_assert_true (g_str_has_prefix (ps_pinset_get_name (back), "[{\"[{"));
  }

  /* A newer version is refused with a clear message, not read as version 1. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(PsPinset) newer = ps_pinset_new_from_json (
      "{\"format\": \"pinscope-pinset\", \"version\": 3, \"rules\": [], \"future\": 1}", -1,
      &error);

    g_assert_null (newer);
    g_assert_error (error, PS_ERROR, PS_ERROR_NEWER_VERSION);
    g_assert_nonnull (strstr (error->message, "version 3"));
    g_assert_nonnull (strstr (error->message, "newer"));
  }
}

static void
test_huge_file (void)
{
  g_autofree char *dir = ps_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "huge.pinset", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(PsPinset) pinset = NULL;
  const char *start = HEAD "\"name\": \"";
  gint64 before;
  int fd;

  /* 100 MB: a valid start, then a very long name (sparse, so the test stays cheap). */
  fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (write (fd, start, strlen (start)), ==, (gssize) strlen (start));
  g_assert_cmpint (ftruncate (fd, 100 * 1000 * 1000), ==, 0);
  close (fd);

  before = g_get_monotonic_time ();
  pinset = ps_pinset_load (file, NULL, &error);
  g_assert_null (pinset);
  g_assert_error (error, PS_ERROR, PS_ERROR_INVALID_PINSET);
  g_assert_nonnull (strstr (error->message, "MiB"));
  g_assert_cmpint (g_get_monotonic_time () - before, <, 2 * G_USEC_PER_SEC);
  g_clear_error (&error);

  /* The same bound holds for documents given in memory. */
  {
    gsize size = PS_PINSET_MAX_FILE_SIZE + 1;
    g_autofree char *big = g_malloc (size + 1);

    memset (big, ' ', size);
    big[size] = '\0';
    pinset = ps_pinset_new_from_json (big, size, &error);
    g_assert_null (pinset);
    g_assert_error (error, PS_ERROR, PS_ERROR_INVALID_PINSET);
    g_clear_error (&error);
  }

  ps_test_rm_rf (dir);
}

static gboolean
has_temporary_file (const char *dir,
                    goffset    *size)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (listing)) != NULL)
    {
      if (g_str_has_prefix (name, ".set.pinset."))
        {
          g_autofree char *path = g_build_filename (dir, name, NULL);
          GStatBuf st;

          if (g_stat (path, &st) == 0)
            {
              *size = st.st_size;
              return TRUE;
            }
        }
    }
  return FALSE;
}

/* A process killed in the middle of a save leaves the previous file whole. The child
 * saves a large pinset; as soon as its temporary file has data, it is killed. If a run is
 * too quick to catch, it is tried again. */
static void
test_killed_during_save (void)
{
  g_autofree char *dir = ps_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "set.pinset", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(PsPinset) original = make_pinset (2, 3);
  g_autoptr(PsPinset) huge = make_pinset (150, 200);
  g_autoptr(GError) error = NULL;
  gboolean caught = FALSE;

  g_assert_true (ps_pinset_save (original, file, NULL, &error));
  g_assert_no_error (error);

  for (guint attempt = 0; attempt < 5 && !caught; attempt++)
    {
      g_autoptr(PsPinset) back = NULL;
      gint64 deadline;
      goffset size = 0;
      int status = 0;
      pid_t pid;

      pid = fork ();
      g_assert_cmpint (pid, >=, 0);
      if (pid == 0)
        {
          ps_pinset_save (huge, file, NULL, NULL);
          _exit (0);
        }

      deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
      while (g_get_monotonic_time () < deadline)
        {
          if (has_temporary_file (dir, &size) && size > 0)
            break;
          if (waitpid (pid, &status, WNOHANG) == pid)
            {
              pid = 0;
              break;
            }
          g_usleep (200);
        }

      if (pid != 0)
        {
          kill (pid, SIGKILL);
          g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
        }

      /* Whatever happened, the file is a whole pinset: the old one, or the new one when
       * the child won the race. */
      back = ps_pinset_load (file, NULL, &error);
      g_assert_no_error (error);
      if (WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL && size > 0)
        {
          g_assert_true (ps_pinset_equal (original, back));
          caught = TRUE;
        }
      else
        {
          g_test_message ("attempt %u: the save finished before the kill", attempt);
          g_assert_true (ps_pinset_equal (huge, back) || ps_pinset_equal (original, back));
          g_assert_true (ps_pinset_save (original, file, NULL, &error));
        }
    }

  if (!caught)
    g_test_incomplete ("the child always finished its save before it could be killed");

  ps_test_rm_rf (dir);
}

/* A write that fails (here: the file size limit, as a full disk would) leaves the previous
 * file whole and no temporary file behind, and reports the error. */
static void
test_failed_write (void)
{
  g_autofree char *dir = ps_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "set.pinset", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(PsPinset) original = make_pinset (2, 3);
  g_autoptr(PsPinset) big = make_pinset (50, 40);
  g_autoptr(PsPinset) back = NULL;
  g_autoptr(GError) error = NULL;
  goffset size = 0;
  int status = 0;
  pid_t pid;

  g_assert_true (ps_pinset_save (original, file, NULL, &error));
  g_assert_no_error (error);

  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      struct rlimit limit = { 4096, 4096 };
      GError *child_error = NULL;

      signal (SIGXFSZ, SIG_IGN);
      setrlimit (RLIMIT_FSIZE, &limit);
      if (ps_pinset_save (big, file, NULL, &child_error))
        _exit (10);
      if (child_error == NULL || child_error->domain != G_IO_ERROR)
        _exit (11);
      _exit (0);
    }
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);

  back = ps_pinset_load (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (ps_pinset_equal (original, back));
  g_assert_false (has_temporary_file (dir, &size));

  ps_test_rm_rf (dir);
}

static void
test_save_errors (void)
{
  g_autoptr(PsPinset) pinset = make_pinset (1, 2);
  g_autoptr(GFile) file = g_file_new_for_path ("/nonexistent-dir-for-pinscope/x.pinset");
  g_autoptr(GError) error = NULL;

  g_assert_false (ps_pinset_save (pinset, file, NULL, &error));
  g_assert_nonnull (error);
}

static gboolean
count_material_cb (PsMaterial *material,
                   guint       index,
                   gpointer    user_data)
{
  return TRUE;
}

/* A named pipe nobody writes to would block a reader forever: the pinset loader and the
 * key-material reader the app uses refuse it at once, as they do a directory. */
static void
test_special_files (void)
{
  g_autofree char *dir = ps_test_mkdtemp ();
  g_autofree char *fifo = g_build_filename (dir, "pipe", NULL);
  g_autoptr(GFile) pipe = g_file_new_for_path (fifo);
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  g_autoptr(GTimer) timer = g_timer_new ();
  GFile *targets[] = { pipe, folder };

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GError) material_error = NULL;
      g_autoptr(PsPinset) pinset = ps_pinset_load (targets[i], NULL, &error);

      g_assert_null (pinset);
      g_assert_nonnull (error);
      g_assert_cmpuint (ps_material_parse_file (targets[i], count_material_cb, NULL, NULL,
                                                &material_error), ==, 0);
      g_assert_nonnull (material_error);
    }
  g_assert_cmpfloat (g_timer_elapsed (timer, NULL), <, 5.0);
  ps_test_rm_rf (dir);
}

/* Two top-level values are refused before json-glib, which would leak the first one, sees
 * them; one value with spaces, brackets or braces inside strings is not. */
static void
test_two_values (void)
{
  static const struct { const char *json; guint line; } cases[] = {
    { "{}{}", 1 },
    { "{\"version\": 2}\n\n[1]", 3 },
    { "3{\"a\": 1}", 1 },
    { "\"x\" \"y\"", 1 },
    { "true\nfalse", 2 },
    { "{\"s\": \"}{\\\"\"} {}", 1 },
    { "[[]] 1", 1 },
    { "{}", 0 },
    { "\xef\xbb\xbf{}", 0 },
    { " {\"a\": \"} {\"}\n ", 0 },
    { "{\"a\": [1, {\"b\": \"]\"}]}", 0 },
    { "42", 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PsPinset) pinset = ps_pinset_new_from_json (cases[i].json, -1, &error);

      g_assert_null (pinset);
      g_assert_nonnull (error);
      if (cases[i].line > 0)
        {
          g_autofree char *expected = g_strdup_printf ("Line %u: a second JSON value",
                                                       cases[i].line);

          g_assert_true (g_str_has_prefix (error->message, expected));
        }
      else
        g_assert_null (strstr (error->message, "second JSON value"));
    }

  /* Linear: a megabyte of values is refused at once, and a megabyte string is read. */
  {
    GString *big = g_string_new ("{\"version\": 2, \"comment\": \"");
    g_autoptr(GError) error = NULL;
    g_autoptr(PsPinset) pinset = NULL;
    gint64 start = g_get_monotonic_time ();

    for (guint i = 0; i < 100000; i++)
      g_string_append (big, "}{[]\\\"x");
    g_string_append (big, "\"} 1");
    pinset = ps_pinset_new_from_json (big->str, big->len, &error);
    g_assert_null (pinset);
    g_assert_nonnull (strstr (error->message, "second JSON value"));
    g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
    g_string_free (big, TRUE);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pinset/model/changed", test_model_changed);
  g_test_add_func ("/pinset/model/properties", test_model_properties);
  g_test_add_func ("/pinset/model/domain-covers", test_domain_covers);
  g_test_add_func ("/pinset/json/round-trip", test_json_round_trip);
  g_test_add_func ("/pinset/json/corrupt", test_corrupt);
  g_test_add_func ("/pinset/file/round-trip", test_file_round_trip);
  g_test_add_func ("/pinset/file/async", test_async);
  g_test_add_func ("/pinset/file/huge", test_huge_file);
  g_test_add_func ("/pinset/json/two-values", test_two_values);
  g_test_add_func ("/pinset/file/special-files", test_special_files);
  g_test_add_func ("/pinset/file/killed-during-save", test_killed_during_save);
  g_test_add_func ("/pinset/file/failed-write", test_failed_write);
  g_test_add_func ("/pinset/file/save-errors", test_save_errors);

  return g_test_run ();
}
