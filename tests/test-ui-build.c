/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Build page: a real APK, compiled by Debian's aapt at test time, opened in the window. */
#include "config.h"

#include <glib/gstdio.h>

#include "ps-build-page.h"
#include "ps-error.h"
#include "ps-findings-list.h"
#include "ps-pinset-editor.h"
#include "ps-readiness-page.h"
#include "ps-test-tls-server.h"
#include "ps-test-util.h"
#include "test-ui-common.h"

#define FRAMEWORK_RES "/usr/share/android-framework-res/framework-res.apk"

#define PIN_A "7HIpactkIAq2Y49orFOOQKurWxmmSFZhBCoQYcRhJ3Y="
#define PIN_C "C5+lpZ7tcVwmwQIMcRtPbsQtWLABXhQzejna0wHFr8M="

/* A React Native bundle: one pin whose host the pinner call proves, one constant alone. */
#define RN_BUNDLE \
  "__d(function(g,r,i,a,m,e,d){var p=new P.Builder().add(\"rn.example.com\",\"sha256/" \
  PIN_A "\").build();var k=\"sha256/" PIN_C "\";},42);\n"

static char *work_dir;

static gboolean
have_aapt (void)
{
  g_autofree char *aapt = g_find_program_in_path ("aapt");

  if (aapt == NULL || !g_file_test (FRAMEWORK_RES, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("aapt or android-framework-res is not installed");
      return FALSE;
    }
  return TRUE;
}

/* Compiles tests/data/builds/apk (with a certificate of the corpus as res/raw/pinned_ca and
 * the bundle above) into NAME.apk; without @nsc, the manifest names no network security
 * config. */
static char *
make_apk (const char *name,
          gboolean    nsc)
{
  g_autofree char *dir = g_build_filename (work_dir, name, NULL);
  g_autofree char *assets = g_build_filename (dir, "assets", NULL);
  g_autofree char *bundle = g_build_filename (assets, "index.android.bundle", NULL);
  g_autofree char *cmd = NULL;
  g_autofree char *out = NULL;
  int status;

  cmd = g_strdup_printf ("mkdir -p '%s' && cp -r '%s/builds/apk/.' '%s/' && "
                         "mkdir -p '%s/res/raw' && "
                         "cp '%s/realworld/badssl/interception-roots/ca-edellroot.crt' "
                         "'%s/res/raw/pinned_ca.crt'",
                         dir, ps_test_testdata (), dir, dir, ps_test_testdata (), dir);
  out = ps_test_sh (cmd, &status);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (assets, 0700), ==, 0);
  g_assert_true (g_file_set_contents (bundle, RN_BUNDLE, -1, NULL));
  if (!nsc)
    {
      g_autofree char *manifest = g_build_filename (dir, "AndroidManifest.xml", NULL);
      g_autofree char *text = NULL;
      g_autofree char *rest = NULL;
      char *attribute;

      g_assert_true (g_file_get_contents (manifest, &text, NULL, NULL));
      attribute = strstr (text, "android:networkSecurityConfig=");
      g_assert_nonnull (attribute);
      rest = g_strdup (strchr (strchr (attribute, '"') + 1, '"') + 1);
      strcpy (attribute, rest);
      g_assert_true (g_file_set_contents (manifest, text, -1, NULL));
    }

  g_free (cmd);
  g_free (out);
  cmd = g_strdup_printf ("cd '%s' && aapt package -M AndroidManifest.xml -S res -I "
                         FRAMEWORK_RES " -A assets -F '%s.apk' 2>&1", dir, name);
  out = ps_test_sh (cmd, &status);
  if (status != 0)
    g_error ("aapt failed: %s", out);

  return g_strdup_printf ("%s/%s.apk", dir, name);
}

static PsBuildPage *
open_build (PsWindow   *window,
            const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  guint n = ps_test_ui_n_items (window);

  ps_window_open_file (window, file);
  PS_WAIT_UNTIL (ps_test_ui_n_items (window) == n + 1, 30);
  g_assert_true (PS_IS_BUILD_PAGE (ps_window_get_visible_item (window)));

  return PS_BUILD_PAGE (ps_window_get_visible_item (window));
}

/* Whether some AdwWindowTitle below @widget shows @title. */
static gboolean
has_window_title (GtkWidget  *widget,
                  const char *title)
{
  if (ADW_IS_WINDOW_TITLE (widget) &&
      g_strcmp0 (adw_window_title_get_title (ADW_WINDOW_TITLE (widget)), title) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (has_window_title (child, title))
      return TRUE;
  return FALSE;
}

/* The page's heading: @name as the title (large) with @id below it, or with no name, @id
 * as the title; the window's title is @title. */
static void
assert_identity (PsWindow    *window,
                 PsBuildPage *page,
                 const char  *name,
                 const char  *id,
                 const char  *title)
{
  GtkWidget *id_label = ps_test_ui_find_label (GTK_WIDGET (page), id);
  GtkWidget *name_label = name ? ps_test_ui_find_label (GTK_WIDGET (page), name) : NULL;

  g_assert_nonnull (id_label);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (id_label)), ==, id);
  if (name != NULL)
    {
      g_assert_nonnull (name_label);
      g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (name_label)), ==, name);
      g_assert_true (gtk_widget_has_css_class (name_label, "title-2"));
      g_assert_false (gtk_widget_has_css_class (id_label, "title-2"));
      /* The name comes first, the id below it. */
      g_assert_true (gtk_widget_get_next_sibling (name_label) == id_label);
    }
  else
    g_assert_true (gtk_widget_has_css_class (id_label, "title-2"));
  g_assert_cmpstr (ps_build_page_get_title (page), ==, title);
  g_assert_true (has_window_title (GTK_WIDGET (window), title));
}

static void
test_build_page (void)
{
  g_autofree char *apk = NULL;
  PsWindow *window;
  PsBuildPage *page;
  GtkWidget *row;
  GListModel *findings;

  if (!have_aapt ())
    return;
  apk = make_apk ("sample", TRUE);
  window = ps_test_ui_window_new ();
  page = open_build (window, apk);

  /* Who the build is: the app's name (android:label="@string/app_name", the default
   * configuration's string) as the title, the package name below it; the sidebar and the
   * window title use the name. */
  g_assert_cmpstr (ps_build_page_get_title (page), ==, "Pinscope sample 1.4.2");
  assert_identity (window, page, "Pinscope sample", "io.github.pinscope.sample",
                   "Pinscope sample 1.4.2");
  g_assert_nonnull (ps_test_ui_find_label (GTK_WIDGET (page), "Android app · version 1.4.2 (42)"));
  g_assert_nonnull (ps_test_ui_find_label (GTK_WIDGET (page), "AndroidManifest.xml"));

  /* A rule, where it was found, and its pins in the notation of the settings. */
  row = ps_test_ui_find_row (GTK_WIDGET (page),
                             "api.example.com and subdomains, auth.example.com");
  g_assert_nonnull (row);
  g_assert_true (ADW_IS_EXPANDER_ROW (row));
  g_assert_nonnull (strstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row)),
                            "Found in res/xml/network_security_config.xml"));
  g_assert_nonnull (strstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row)),
                            "pins expire 2027-06-30"));
  g_assert_true (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (row)));
  g_assert_nonnull (ps_test_ui_find_label (row, "sha256/" PIN_A));

  /* The bundled certificate, a trust anchor that overrides the pins. */
  g_assert_nonnull (ps_test_ui_find_label (GTK_WIDGET (page), "res/raw/pinned_ca.crt"));
  g_assert_nonnull (ps_test_ui_find_label (GTK_WIDGET (page), "Overrides pins"));

  /* Pins in code: the proven host, and the constant whose host is unknown. */
  row = ps_test_ui_find_row (GTK_WIDGET (page), "rn.example.com");
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==,
                   "sha256/" PIN_A "\nFound in assets/index.android.bundle");
  row = ps_test_ui_find_row (GTK_WIDGET (page), "Host unknown");
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==,
                   "sha256/" PIN_C "\nFound in assets/index.android.bundle");

  /* The linter has read the pinset (two pins, an expiration: there is something to say). */
  findings = ps_findings_list_get_findings (
    PS_FINDINGS_LIST (ps_build_page_get_findings_list (page)));
  g_assert_nonnull (findings);
  g_assert_cmpuint (g_list_model_get_n_items (findings), >, 0);

  /* Another notation from the settings shows the same pins as hex. */
  ps_build_page_set_notation (page, PS_PIN_NOTATION_BASE64);
  g_assert_nonnull (ps_test_ui_find_label (GTK_WIDGET (page), PIN_A));
  g_assert_null (ps_test_ui_find_label (GTK_WIDGET (page), "sha256/" PIN_A));
  ps_build_page_set_notation (page, PS_PIN_NOTATION_OKHTTP);

  /* "Open as Pinset": a copy of the pinset in an editor; the build's own is untouched. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "build.open-pinset", NULL));
  PS_WAIT_UNTIL (ps_test_ui_n_items (window) == 2, 10);
  g_assert_true (PS_IS_PINSET_EDITOR (ps_window_get_visible_item (window)));
  {
    PsPinset *copy =
      ps_pinset_editor_get_pinset (PS_PINSET_EDITOR (ps_window_get_visible_item (window)));
    PsPinset *own = ps_build_get_pinset (ps_build_page_get_build (page));

    g_assert_true (copy != own);
    g_assert_cmpuint (g_list_model_get_n_items (ps_pinset_get_rules (copy)), ==,
                      g_list_model_get_n_items (ps_pinset_get_rules (own)));
    g_assert_cmpstr (ps_pinset_get_name (copy), ==, "io.github.pinscope.sample 1.4.2");
  }

  ps_test_ui_window_finish (window);
}

/* A build with no network security config says so, and says it declares no pins. */
static void
test_build_page_no_config (void)
{
  g_autofree char *apk = NULL;
  PsWindow *window;
  PsBuildPage *page;

  if (!have_aapt ())
    return;
  apk = make_apk ("bare", FALSE);
  window = ps_test_ui_window_new ();
  page = open_build (window, apk);

  g_assert_nonnull (ps_test_ui_find_label (GTK_WIDGET (page), "names no network security"));
  g_assert_nonnull (ps_test_ui_find_label (GTK_WIDGET (page), "This build declares no pins"));
  g_assert_nonnull (ps_test_ui_find_label (GTK_WIDGET (page), "No bundled certificates"));
  /* The code is still read. */
  g_assert_nonnull (ps_test_ui_find_row (GTK_WIDGET (page), "rn.example.com"));

  ps_test_ui_window_finish (window);
}

/* Zip archives that are no build, and a truncated build, open nothing (the reason goes to a
 * toast); the next good build still opens. */
static void
test_build_page_bad (void)
{
  g_autofree char *apk = NULL;
  g_autofree char *truncated = g_build_filename (work_dir, "truncated.apk", NULL);
  g_autofree char *other = g_build_filename (work_dir, "other.zip", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(PsBuild) build = NULL;
  gsize length;
  PsWindow *window;

  if (!have_aapt ())
    return;
  apk = make_apk ("good", TRUE);
  g_assert_true (g_file_get_contents (apk, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (truncated, contents, length / 2, NULL));
  /* A zip of one text file: not an APK, not an IPA. */
  {
    g_autofree char *cmd = g_strdup_printf ("cd '%s' && echo hello > hello.txt && "
                                            "python3 -c \"import zipfile; "
                                            "zipfile.ZipFile('other.zip','w')"
                                            ".write('hello.txt')\"", work_dir);
    g_autofree char *out = NULL;
    int status;

    out = ps_test_sh (cmd, &status);
    g_assert_cmpint (status, ==, 0);
  }

  file = g_file_new_for_path (other);
  g_assert_true (ps_build_page_sniff_file (file, NULL));
  build = ps_build_page_read_file (file, NULL, &error);
  g_assert_null (build);
  g_assert_error (error, PS_ERROR, PS_ERROR_UNSUPPORTED);
  g_clear_error (&error);
  g_clear_object (&file);
  file = g_file_new_for_path (truncated);
  build = ps_build_page_read_file (file, NULL, &error);
  g_assert_null (build);
  g_assert_nonnull (error);

  window = ps_test_ui_window_new ();
  for (const char * const *p = (const char * const[]) { other, truncated, NULL }; *p; p++)
    {
      g_autoptr(GFile) bad = g_file_new_for_path (*p);

      ps_window_open_file (window, bad);
    }
  open_build (window, apk);
  ps_test_ui_spin (500);
  g_assert_cmpuint (ps_test_ui_n_items (window), ==, 1);

  ps_test_ui_window_finish (window);
}

/* An IPA (binary Info.plist with ATS and TrustKit, written by Python's plistlib) whose main
 * executable is FairPlay-encrypted: the page shows its pins and says the code could not be
 * scanned. */
#define IPA_SCRIPT \
  "import plistlib, struct, sys, zipfile\n" \
  "info = {'CFBundleIdentifier': 'io.github.pinscope.ios', 'CFBundleShortVersionString': '2.0',\n" \
  "  'CFBundleDisplayName': 'Pinscope iOS', 'CFBundleName': 'PinscopeiOS',\n" \
  "  'CFBundleVersion': '200', 'CFBundleExecutable': 'Sample',\n" \
  "  'NSAppTransportSecurity': {'NSPinnedDomains': {'api.example.com': {\n" \
  "    'NSIncludesSubdomains': True, 'NSPinnedLeafIdentities': [\n" \
  "      {'SPKI-SHA256-BASE64': '" PIN_A "'}]}}},\n" \
  "  'TSKConfiguration': {'TSKPinnedDomains': {'pay.example.net': {\n" \
  "    'TSKPublicKeyHashes': ['" PIN_C "', '" PIN_A "']}}}}\n" \
  "# A Mach-O 64 executable whose LC_ENCRYPTION_INFO_64 says cryptid 1.\n" \
  "exe = struct.pack('<8I', 0xfeedfacf, 0x0100000c, 0, 2, 1, 24, 0, 0)\n" \
  "exe += struct.pack('<6I', 0x2c, 24, 0x4000, 0x1000, 1, 0) + b'sha256/" PIN_C "\\0'\n" \
  "with zipfile.ZipFile(sys.argv[1], 'w') as z:\n" \
  "  z.writestr('Payload/Sample.app/Info.plist', plistlib.dumps(info, fmt=plistlib.FMT_BINARY))\n" \
  "  z.writestr('Payload/Sample.app/Sample', exe)\n" \
  "# With a second argument, a build that names no app.\n" \
  "if len(sys.argv) > 2:\n" \
  "  del info['CFBundleDisplayName'], info['CFBundleName']\n" \
  "  with zipfile.ZipFile(sys.argv[2], 'w') as z:\n" \
  "    z.writestr('Payload/Sample.app/Info.plist', plistlib.dumps(info))\n"

static void
test_build_page_ipa (void)
{
  g_autofree char *python = g_find_program_in_path ("python3");
  g_autofree char *ipa = g_build_filename (work_dir, "sample.ipa", NULL);
  g_autofree char *unnamed = g_build_filename (work_dir, "unnamed.ipa", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  PsWindow *window;
  PsBuildPage *page;
  GtkWidget *row;

  if (python == NULL)
    {
      g_test_skip ("python3 is not installed");
      return;
    }
  g_assert_cmpint (ps_test_run ((const char * const[]) { python, "-c", IPA_SCRIPT, ipa,
                                                         unnamed, NULL },
                                NULL, 30, &out, &err), ==, 0);

  window = ps_test_ui_window_new ();
  page = open_build (window, ipa);
  /* CFBundleDisplayName is the title. */
  assert_identity (window, page, "Pinscope iOS", "io.github.pinscope.ios", "Pinscope iOS 2.0");
  g_assert_nonnull (ps_test_ui_find_label (GTK_WIDGET (page), "iOS app · version 2.0 (200)"));
  g_assert_nonnull (ps_test_ui_find_label (GTK_WIDGET (page), "Payload/Sample.app/Info.plist"));
  /* ATS covers one more label only. */
  row = ps_test_ui_find_row (GTK_WIDGET (page), "api.example.com and one level of subdomains");
  g_assert_nonnull (row);
  g_assert_nonnull (ps_test_ui_find_label (row, "sha256/" PIN_A));
  g_assert_nonnull (ps_test_ui_find_row (GTK_WIDGET (page), "pay.example.net"));
  /* The encrypted executable cannot be scanned, and the page says so. */
  g_assert_nonnull (ps_test_ui_find_label (GTK_WIDGET (page), "FairPlay-encrypted"));
  g_assert_nonnull (ps_test_ui_find_label (GTK_WIDGET (page), "No pin found in the code"));

  /* A build that names no app: the id is the title, as the pinset's name is. */
  page = open_build (window, unnamed);
  assert_identity (window, page, NULL, "io.github.pinscope.ios", "io.github.pinscope.ios 2.0");
  g_assert_null (ps_test_ui_find_label (GTK_WIDGET (page), "Pinscope iOS"));

  ps_test_ui_window_finish (window);
}

/* The cell of the subject named @label against candidate @column, or NULL. */
static PsReadinessCell *
find_cell (PsReadiness *readiness,
           const char  *label,
           guint        column)
{
  GListModel *subjects = ps_readiness_get_subjects (readiness);

  for (guint row = 0; row < g_list_model_get_n_items (subjects); row++)
    {
      g_autoptr(PsReadinessSubject) subject = g_list_model_get_item (subjects, row);

      if (g_str_equal (ps_readiness_subject_get_label (subject), label))
        return ps_readiness_get_cell (readiness, row, column);
    }

  return NULL;
}

/* The Release Readiness page: the demo pinset accepts the demo chain, an older pinset whose
 * pin is gone rejects it; the banner says so, and follows the window's items. */
static void
test_readiness (void)
{
  g_autofree char *old_path = g_build_filename (work_dir, "old.pinset.json", NULL);
  g_autoptr(PsPinset) old = ps_pinset_new ("Old app");
  g_autoptr(PsPinsetRule) rule = ps_pinset_rule_new ();
  g_autoptr(PsPinsetDomain) domain = ps_pinset_domain_new ("demo.pinscope.example", FALSE);
  g_autoptr(PsPinsetPin) pin = ps_pinset_pin_new_from_text ("sha256/" PIN_C, "Retired key",
                                                            PS_PIN_ROLE_LEAF);
  g_autoptr(GFile) old_file = g_file_new_for_path (old_path);
  g_autofree char *json = NULL;
  g_autofree char *aapt = NULL;
  PsWindow *window = ps_test_ui_window_new ();
  PsReadinessPage *page;
  PsReadiness *readiness;
  PsReadinessCell *cell;
  GtkWidget *row;
  GtkWidget *editor;

  ps_pinset_rule_add_domain (rule, domain);
  g_assert_true (ps_pinset_rule_add_pin (rule, pin));
  ps_pinset_add_rule (old, rule);
  json = ps_pinset_to_json (old);
  g_assert_true (g_file_set_contents (old_path, json, -1, NULL));

  /* With nothing open, the page says what to open, and no banner shows. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.readiness", NULL));
  g_assert_cmpuint (ps_test_ui_n_items (window), ==, 1);
  page = PS_READINESS_PAGE (ps_window_get_visible_item (window));
  g_assert_true (PS_IS_READINESS_PAGE (page));
  g_assert_null (ps_readiness_page_get_summary (page));
  g_assert_nonnull (ps_test_ui_find_label (GTK_WIDGET (page), "No build or pinset is open"));

  ps_window_open_demo (window);
  PS_WAIT_UNTIL (ps_test_ui_n_items (window) == 3, 20);
  ps_window_open_file (window, old_file);
  PS_WAIT_UNTIL (ps_test_ui_n_items (window) == 4, 20);
  editor = ps_window_get_visible_item (window);
  g_assert_true (PS_IS_PINSET_EDITOR (editor));

  /* Asking again shows the same page, brought up to date. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.readiness", NULL));
  g_assert_true (ps_window_get_visible_item (window) == GTK_WIDGET (page));
  g_assert_cmpuint (ps_test_ui_n_items (window), ==, 4);
  PS_WAIT_UNTIL (g_list_model_get_n_items (
                   ps_readiness_get_subjects (ps_readiness_page_get_readiness (page))) == 2, 10);
  readiness = ps_readiness_page_get_readiness (page);
  g_assert_cmpuint (g_list_model_get_n_items (ps_readiness_get_candidates (readiness)), ==, 1);

  cell = find_cell (readiness, "Pinscope demo", 0);
  g_assert_nonnull (cell);
  g_assert_cmpint (ps_readiness_cell_get_verdict (cell), ==, PS_READINESS_ACCEPTED);
  cell = find_cell (readiness, "Old app", 0);
  g_assert_nonnull (cell);
  g_assert_cmpint (ps_readiness_cell_get_verdict (cell), ==, PS_READINESS_REJECTED);

  /* The rejected cell shows as such, with the deciding rule in its tooltip. */
  row = ps_test_ui_find_label (GTK_WIDGET (page), "Rejected");
  g_assert_nonnull (row);
  row = gtk_widget_get_ancestor (row, ADW_TYPE_ACTION_ROW);
  g_assert_nonnull (row);
  g_assert_cmpstr (gtk_widget_get_name (row), ==, "rejected");
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (row), "demo.pinscope.example"));
  row = ps_test_ui_find_label (GTK_WIDGET (page), "Accepted");
  g_assert_nonnull (row);
  row = gtk_widget_get_ancestor (row, ADW_TYPE_ACTION_ROW);
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (row), "Deciding pin: "));

  /* The banner sums it up with the worst cell. */
  g_assert_cmpstr (ps_readiness_page_get_summary (page), ==, "Not ready: 1 of 2 pairs would break");
  g_assert_nonnull (ps_test_ui_find_label (GTK_WIDGET (page), "Not ready: 1 of 2 pairs"));
  g_assert_nonnull (ps_test_ui_find_label (GTK_WIDGET (page), "“Old app” refuses"));

  /* The pinset that would break goes: the rotation is ready. */
  ps_window_set_visible_item (window, editor);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.close-item", NULL));
  g_assert_cmpuint (ps_test_ui_n_items (window), ==, 3);
  PS_WAIT_UNTIL (g_str_has_prefix (ps_readiness_page_get_summary (page), "Ready"), 10);

  /* A candidate of the page's own joins the columns. */
  {
    PsChainView *view = NULL;
    GListModel *items = G_LIST_MODEL (ps_window_get_items (window));

    for (guint i = 0; i < g_list_model_get_n_items (items) && view == NULL; i++)
      {
        g_autoptr(GObject) item = g_list_model_get_item (items, i);
        GtkWidget *child = gtk_stack_page_get_child (GTK_STACK_PAGE (item));

        if (PS_IS_CHAIN_VIEW (child))
          view = PS_CHAIN_VIEW (child);
      }
    g_assert_nonnull (view);
    ps_readiness_page_add_candidate (page, "again.pem", ps_chain_view_get_chain (view));
    readiness = ps_readiness_page_get_readiness (page);
    g_assert_cmpuint (g_list_model_get_n_items (ps_readiness_get_candidates (readiness)), ==, 2);
    g_assert_nonnull (ps_test_ui_find_row (GTK_WIDGET (page), "again.pem"));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "readiness.remove", "u", 0));
    PS_WAIT_UNTIL (g_list_model_get_n_items (ps_readiness_get_candidates (
                     ps_readiness_page_get_readiness (page))) == 1, 10);
  }

  /* A shipped build is a row too: its rules cover none of the demo chain's names. */
  aapt = g_find_program_in_path ("aapt");
  if (aapt != NULL && g_file_test (FRAMEWORK_RES, G_FILE_TEST_EXISTS))
    {
      g_autofree char *apk = make_apk ("matrix", TRUE);
      g_autoptr(GFile) file = g_file_new_for_path (apk);

      ps_window_open_file (window, file);
      PS_WAIT_UNTIL (g_list_model_get_n_items (ps_readiness_get_subjects (
                       ps_readiness_page_get_readiness (page))) == 2, 30);
      cell = find_cell (ps_readiness_page_get_readiness (page),
                        "Pinscope sample 1.4.2", 0);
      g_assert_nonnull (cell);
      g_assert_cmpint (ps_readiness_cell_get_verdict (cell), ==, PS_READINESS_NOT_COVERED);
      g_assert_nonnull (ps_test_ui_find_label (GTK_WIDGET (page), "Shipped Android build"));
      g_assert_nonnull (ps_test_ui_find_label (GTK_WIDGET (page), "Not pinned"));
    }

  ps_test_ui_window_finish (window);
}

/* A candidate from a host, through the probe: a loopback server whose chain no system
 * anchor trusts is an invalid chain, and the banner says the release is not ready. */
static void
test_readiness_host (void)
{
  PsTestPki *pki = ps_test_pki_new (FALSE);
  g_autofree char *bundle = ps_test_pki_bundle (pki, "readiness", pki->leaf, pki->inter, NULL);
  PsTestTlsServerOptions options = { .mode = "tls", .certs = bundle, .key = pki->leaf_key };
  PsTestTlsServer *server = ps_test_tls_server_start (&options);
  g_autofree char *address = ps_test_tls_server_dup_address (server);
  PsWindow *window = ps_test_ui_window_new ();
  PsReadinessPage *page;
  PsReadinessCell *cell;
  GtkWidget *entry;

  ps_window_new_pinset (window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.readiness", NULL));
  page = PS_READINESS_PAGE (ps_window_get_visible_item (window));
  g_assert_true (PS_IS_READINESS_PAGE (page));
  g_assert_nonnull (ps_test_ui_find_label (GTK_WIDGET (page), "No chain is open"));
  g_assert_null (ps_readiness_page_get_summary (page));

  /* Typed into the page's host row and applied, as a user would. */
  entry = ps_test_ui_find (GTK_WIDGET (page), ADW_TYPE_ENTRY_ROW);
  g_assert_nonnull (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), address);
  g_signal_emit_by_name (entry, "apply");
  PS_WAIT_UNTIL (g_list_model_get_n_items (ps_readiness_get_candidates (
                   ps_readiness_page_get_readiness (page))) == 1, 20);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
  g_assert_nonnull (ps_test_ui_find_row (GTK_WIDGET (page), address));
  /* The page's own candidate; the window's items are unchanged. */
  g_assert_cmpuint (ps_test_ui_n_items (window), ==, 2);

  cell = ps_readiness_get_cell (ps_readiness_page_get_readiness (page), 0, 0);
  g_assert_cmpint (ps_readiness_cell_get_verdict (cell), ==, PS_READINESS_CHAIN_INVALID);
  g_assert_nonnull (ps_test_ui_find_label (GTK_WIDGET (page), "Invalid chain"));
  g_assert_cmpstr (ps_readiness_page_get_summary (page), ==, "Not ready: 1 of 1 pairs would break");
  g_assert_nonnull (ps_test_ui_find_label (GTK_WIDGET (page), "” does not validate: "));

  ps_test_ui_window_finish (window);
  ps_test_tls_server_stop (server);
  ps_test_pki_free (pki);
}

int
main (int    argc,
      char **argv)
{
  int ret;

  ps_test_ui_init (&argc, &argv);
  work_dir = ps_test_mkdtemp ();

  g_test_add_func ("/ui/build/page", test_build_page);
  g_test_add_func ("/ui/build/no-config", test_build_page_no_config);
  g_test_add_func ("/ui/build/bad", test_build_page_bad);
  g_test_add_func ("/ui/build/ipa", test_build_page_ipa);
  g_test_add_func ("/ui/build/readiness", test_readiness);
  g_test_add_func ("/ui/build/readiness-host", test_readiness_host);

  ret = g_test_run ();

  ps_test_rm_rf (work_dir);
  g_free (work_dir);

  return ret;
}
