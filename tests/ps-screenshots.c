/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Renders the main states of the app to PNG files: pinscope-screenshots OUTDIR.
 * Run it through tests/screenshots.sh, which provides the X server and environment. */
#include "config.h"

#include <adwaita.h>

#include "ps-application.h"
#include "ps-build-page.h"
#include "ps-readiness-page.h"
#include "ps-certificate-details.h"
#include "ps-preferences-window.h"
#include "ps-chain-view.h"
#include "ps-compare-view.h"
#include "ps-endpoints-page.h"
#include "ps-export-view.h"
#include "ps-host-bar.h"
#include "ps-pinset-editor.h"
#include "ps-window.h"
#include "ps-test-tls-server.h"
#include "ps-test-util.h"

static const char *outdir;

static void
spin (guint milliseconds)
{
  gint64 end = g_get_monotonic_time () + milliseconds * 1000;

  while (g_get_monotonic_time () < end)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (2000);
}

static GdkTexture *
render (GtkWidget *window)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (window);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  int width = gtk_widget_get_width (window);
  int height = gtk_widget_get_height (window);

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  /* Nothing drawn yet. */
  if (node == NULL)
    return NULL;
  return gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                      &GRAPHENE_RECT_INIT (0, 0, width, height));
}

static GBytes *
texture_bytes (GdkTexture *texture)
{
  gsize stride = gdk_texture_get_width (texture) * 4;
  gsize size = stride * gdk_texture_get_height (texture);
  guchar *data = g_malloc (size);

  gdk_texture_download (texture, data, stride);
  return g_bytes_new_take (data, size);
}

/* Saves @window once it is drawn and settled: two renders 300 ms apart are the same, so
 * that transitions, and the frames a busy machine draws late, are over. A spinner never
 * settles: after 3 s, the last render is taken. */
static void
save (GtkWidget  *window,
      const char *name)
{
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GBytes) last = NULL;
  g_autofree char *path = g_build_filename (outdir, name, NULL);

  spin (800);
  for (guint attempt = 0; attempt < 10; attempt++)
    {
      g_autoptr(GBytes) bytes = NULL;

      g_clear_object (&texture);
      texture = render (window);
      bytes = texture != NULL ? texture_bytes (texture) : NULL;
      if (bytes != NULL && last != NULL && g_bytes_equal (bytes, last))
        break;
      g_clear_pointer (&last, g_bytes_unref);
      last = g_steal_pointer (&bytes);
      spin (300);
    }
  if (texture == NULL || !gdk_texture_save_to_png (texture, path))
    g_error ("could not write %s", path);
  g_print ("%s\n", path);
}

static GtkWidget *
find_item (PsWindow *window,
           GType     type)
{
  GListModel *items = G_LIST_MODEL (ps_window_get_items (window));

  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(GObject) page = g_list_model_get_item (items, i);
      GtkWidget *child = gtk_stack_page_get_child (GTK_STACK_PAGE (page));

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        return child;
    }

  return NULL;
}

static PsWindow *
demo_window (GSettings *settings,
             int        width,
             int        height)
{
  PsWindow *window = g_object_new (PS_TYPE_WINDOW, "settings", settings, NULL);
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  ps_window_open_demo (window);
  while (g_list_model_get_n_items (G_LIST_MODEL (ps_window_get_items (window))) < 2)
    {
      if (g_get_monotonic_time () > end)
        g_error ("the demo did not open; is PINSCOPE_DATADIR set?");
      g_main_context_iteration (NULL, TRUE);
    }

  return window;
}

/* A real APK for the Build page, compiled by Debian's aapt from tests/data/builds/apk
 * (PS_TESTDATA) with a bundled certificate and a React Native bundle holding pins; NULL
 * when aapt or the framework resources are missing. */
#define FRAMEWORK_RES "/usr/share/android-framework-res/framework-res.apk"

static char *
make_sample_apk (const char *dir)
{
  const char *testdata = g_getenv ("PS_TESTDATA");
  g_autofree char *aapt = g_find_program_in_path ("aapt");
  g_autofree char *script = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  if (aapt == NULL || testdata == NULL || !g_file_test (FRAMEWORK_RES, G_FILE_TEST_EXISTS))
    {
      g_printerr ("aapt, android-framework-res or PS_TESTDATA missing: no Build page shots\n");
      return NULL;
    }
  script = g_strdup_printf (
    "set -e; cd '%s'; cp -r '%s/builds/apk/.' .; mkdir -p res/raw assets; "
    "cp '%s/realworld/badssl/interception-roots/ca-edellroot.crt' res/raw/pinned_ca.crt; "
    "printf '%%s' '__d(function(g,r,i,a,m,e,d){var p=new P.Builder()"
    ".add(\"api.example.com\",\"sha256/7HIpactkIAq2Y49orFOOQKurWxmmSFZhBCoQYcRhJ3Y=\")"
    ".build();var k=\"sha256/C5+lpZ7tcVwmwQIMcRtPbsQtWLABXhQzejna0wHFr8M=\";},42);'"
    " > assets/index.android.bundle; "
    "aapt package -M AndroidManifest.xml -S res -I " FRAMEWORK_RES " -A assets -F sample.apk",
    dir, testdata, testdata);
  if (!g_spawn_sync (NULL, (char *[]) { "/bin/sh", "-c", script, NULL }, NULL,
                     G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, &err, &status, NULL) ||
      !g_spawn_check_wait_status (status, NULL))
    g_error ("aapt failed: %s", err != NULL ? err : "");

  return g_build_filename (dir, "sample.apk", NULL);
}

/* Opens @path in @window and waits until it is an item. */
static void
open_and_wait (PsWindow   *window,
               const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (ps_window_get_items (window)));
  gint64 end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  ps_window_open_file (window, file);
  while (g_list_model_get_n_items (G_LIST_MODEL (ps_window_get_items (window))) == n)
    {
      if (g_get_monotonic_time () > end)
        g_error ("%s did not open", path);
      g_main_context_iteration (NULL, TRUE);
    }
}

/* The Build page of the sample APK, and the Release Readiness page with it, the demo pinset
 * and a pinset that still pins a retired key, against the demo chain. */
static void
save_builds (GSettings  *settings,
             int         width,
             int         height,
             const char *prefix)
{
  g_autofree char *dir = g_dir_make_tmp ("pinscope-shots-XXXXXX", NULL);
  g_autofree char *apk = make_sample_apk (dir);
  g_autofree char *old_path = g_build_filename (dir, "old.pinset.json", NULL);
  g_autofree char *build_name = g_strconcat (prefix, "build.png", NULL);
  g_autofree char *readiness_name = g_strconcat (prefix, "readiness.png", NULL);
  g_autofree char *cleanup = g_strdup_printf ("rm -rf '%s'", dir);
  g_autoptr(PsPinset) old = NULL;
  g_autofree char *json = NULL;
  PsWindow *window;

  if (apk == NULL)
    return;

  old = ps_pinset_new_from_json ("{\"format\":\"pinscope-pinset\",\"version\":2,"
                                 "\"name\":\"Example app 1.2\",\"rules\":[{\"domains\":"
                                 "[{\"name\":\"demo.pinscope.example\"}],\"pins\":[{"
                                 "\"algorithm\":\"sha256\",\"hash\":"
                                 "\"C5+lpZ7tcVwmwQIMcRtPbsQtWLABXhQzejna0wHFr8M=\","
                                 "\"label\":\"Retired issuing CA\",\"role\":\"intermediate\""
                                 "}]}]}", -1, NULL);
  g_assert (old != NULL);
  json = ps_pinset_to_json (old);
  if (!g_file_set_contents (old_path, json, -1, NULL))
    g_error ("could not write %s", old_path);

  window = demo_window (settings, width, height);
  open_and_wait (window, apk);
  save (GTK_WIDGET (window), build_name);
  open_and_wait (window, old_path);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.readiness", NULL);
  save (GTK_WIDGET (window), readiness_name);
  gtk_window_destroy (GTK_WINDOW (window));

  g_spawn_command_line_sync (cleanup, NULL, NULL, NULL, NULL);
}

/* The Endpoints page after a check of loopback servers that names point at: three
 * addresses of one name, the third serving another key (the divergence banner), a name
 * whose server hangs up, one that does not resolve; the pinset pins the first key. */
static void
endpoints_window (GSettings  *settings,
                  PsTestPki  *pki,
                  int         width,
                  int         height,
                  const char *name)
{
  g_autofree char *bundle = ps_test_pki_bundle (pki, "shot-a", pki->leaf, pki->inter, NULL);
  g_autofree char *other_key = NULL;
  g_autofree char *other_root = NULL;
  g_autofree char *other = ps_test_pki_make_long_chain (pki, "shot-b", 2, FALSE, &other_key,
                                                        &other_root);
  g_autofree char *openssl_pin = ps_test_openssl_pin (pki->leaf);
  g_autofree char *pin_text = g_strconcat ("sha256/", openssl_pin, NULL);
  PsTestTlsServerOptions options = { .mode = "tls", .certs = bundle, .key = pki->leaf_key };
  PsTestTlsServerOptions closing = { .mode = "close", .address = "127.0.0.4" };
  PsTestTlsServer *servers[4];
  PsWindow *window = g_object_new (PS_TYPE_WINDOW, "settings", settings, NULL);
  g_autoptr(PsPinsetRule) rule = ps_pinset_rule_new ();
  g_autoptr(PsPinsetDomain) domain = ps_pinset_domain_new ("pinscope.example", TRUE);
  g_autoptr(PsPinsetPin) pin = ps_pinset_pin_new_from_text (pin_text, NULL, PS_PIN_ROLE_LEAF);
  g_autofree char *hosts = NULL;
  PsEndpointsPage *page;
  PsPinset *pinset;
  guint16 port;

  servers[0] = ps_test_tls_server_start (&options);
  port = ps_test_tls_server_get_port (servers[0]);
  options.port = closing.port = port;
  options.address = "127.0.0.2";
  servers[1] = ps_test_tls_server_start (&options);
  options.address = "127.0.0.3";
  options.certs = other;
  options.key = other_key;
  servers[2] = ps_test_tls_server_start (&options);
  servers[3] = ps_test_tls_server_start (&closing);

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  pinset = ps_pinset_editor_get_pinset (PS_PINSET_EDITOR (ps_window_new_pinset (window)));
  ps_pinset_set_name (pinset, "Example app");
  ps_pinset_rule_add_domain (rule, domain);
  ps_pinset_rule_add_pin (rule, pin);
  ps_pinset_add_rule (pinset, rule);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.endpoints", NULL);
  page = PS_ENDPOINTS_PAGE (ps_window_get_visible_item (window));
  for (guint i = 0; i < 3; i++)
    {
      const char *names[] = { "api", "www", "cdn" };
      const char *addresses[] = { "127.0.0.1,127.0.0.2,127.0.0.3", "127.0.0.1", "127.0.0.4" };
      g_autofree char *resolve = g_strdup_printf ("%s.pinscope.example:%u:%s", names[i], port,
                                                  addresses[i]);

      ps_endpoints_page_add_resolve (page, resolve, NULL);
    }
  hosts = g_strdup_printf ("api.pinscope.example:%u\nwww.pinscope.example:%u\n"
                           "cdn.pinscope.example:%u\nold.pinscope.invalid\n", port, port, port);
  ps_endpoints_page_add_hosts (page, hosts);
  while (ps_endpoints_page_get_running (page))
    g_main_context_iteration (NULL, TRUE);
  save (GTK_WIDGET (window), name);

  gtk_window_destroy (GTK_WINDOW (window));
  for (guint i = 0; i < G_N_ELEMENTS (servers); i++)
    ps_test_tls_server_stop (servers[i]);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GtkCssProvider) css = NULL;
  AdwStyleManager *style;
  PsWindow *window;
  GtkWidget *editor;

  if (argc != 2)
    {
      g_printerr ("usage: %s OUTDIR\n", argv[0]);
      return 2;
    }
  outdir = argv[1];
  g_mkdir_with_parents (outdir, 0755);

  gtk_init ();
  adw_init ();

  /* AdwApplication loads the app's style sheet; without one, load it here. */
  css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (css, "/io/github/pinscope/Pinscope/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  ps_application_add_icon_path (gdk_display_get_default ());
  settings = g_settings_new (APP_ID);
  style = adw_style_manager_get_default ();
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);

  /* Empty state. */
  window = g_object_new (PS_TYPE_WINDOW, "settings", settings, NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  gtk_window_present (GTK_WINDOW (window));
  save (GTK_WIDGET (window), "empty.png");

  /* Connecting: a loopback listener that never answers keeps the handshake waiting. */
  {
    g_autoptr(GSocketListener) listener = g_socket_listener_new ();
    g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
    g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
    g_autoptr(GSocketAddress) bound = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *host = NULL;
    PsHostBar *bar = PS_HOST_BAR (ps_window_get_host_bar (window));

    if (!g_socket_listener_add_address (listener, address, G_SOCKET_TYPE_STREAM,
                                        G_SOCKET_PROTOCOL_TCP, NULL, &bound, &error))
      g_error ("no loopback listener: %s", error->message);
    host = g_strdup_printf ("127.0.0.1:%u",
                            g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
    ps_host_bar_inspect (bar, host);
    save (GTK_WIDGET (window), "connecting.png");
    ps_host_bar_cancel (bar);
    g_socket_listener_close (listener);

    /* An error in place, with Retry. */
    ps_host_bar_inspect (bar, "example.com:99999");
    save (GTK_WIDGET (window), "error.png");
  }
  gtk_window_destroy (GTK_WINDOW (window));

  /* A chain, a pinset with findings, its export. */
  window = demo_window (settings, 1000, 760);
  ps_window_set_visible_item (window, find_item (window, PS_TYPE_CHAIN_VIEW));
  save (GTK_WIDGET (window), "chain.png");
  editor = find_item (window, PS_TYPE_PINSET_EDITOR);
  ps_window_set_visible_item (window, editor);
  save (GTK_WIDGET (window), "pinset.png");
  ps_pinset_editor_show_page (PS_PINSET_EDITOR (editor), "compare");
  save (GTK_WIDGET (window), "compare.png");
  /* The export view with a format that has something to warn about. */
  {
    PsExportView *export =
      PS_EXPORT_VIEW (ps_pinset_editor_get_export_view (PS_PINSET_EDITOR (editor)));

    ps_pinset_editor_show_page (PS_PINSET_EDITOR (editor), "export");
    ps_export_view_set_format_id (export, "okhttp-kotlin");
    save (GTK_WIDGET (window), "export.png");
    ps_export_view_set_format_id (export, "android");
  }

  /* Rotation readiness for a candidate chain: here the demo chain itself. */
  {
    PsChainView *view = PS_CHAIN_VIEW (find_item (window, PS_TYPE_CHAIN_VIEW));
    PsCompareView *compare =
      PS_COMPARE_VIEW (ps_pinset_editor_get_compare_list (PS_PINSET_EDITOR (editor)));

    ps_compare_view_check_candidate (compare, ps_chain_view_get_chain (view));
    ps_pinset_editor_show_page (PS_PINSET_EDITOR (editor), "compare");
    save (GTK_WIDGET (window), "rotation.png");
  }

  /* Every detail of a level, and the preferences. */
  {
    PsChainView *view = PS_CHAIN_VIEW (find_item (window, PS_TYPE_CHAIN_VIEW));
    PsCertificateDetails *details =
      ps_certificate_details_new (ps_chain_get_certificate (ps_chain_view_get_chain (view), 0),
                                  PS_PIN_NOTATION_OKHTTP);
    PsPreferencesWindow *prefs = ps_preferences_window_new (settings);
    GtkWidget *about;

    gtk_window_set_transient_for (GTK_WINDOW (details), GTK_WINDOW (window));
    gtk_window_present (GTK_WINDOW (details));
    save (GTK_WIDGET (details), "details.png");
    gtk_window_destroy (GTK_WINDOW (details));

    gtk_window_set_transient_for (GTK_WINDOW (prefs), GTK_WINDOW (window));
    gtk_window_present (GTK_WINDOW (prefs));
    save (GTK_WIDGET (prefs), "preferences.png");
    gtk_window_destroy (GTK_WINDOW (prefs));

    /* The About window shows the app's own icon, from the source tree's data/icons. */
    about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                          "transient-for", window,
                          "application-name", "Pinscope",
                          "application-icon", APP_ID,
                          "version", PACKAGE_VERSION,
                          NULL);
    gtk_window_present (GTK_WINDOW (about));
    save (about, "about.png");
    gtk_window_destroy (GTK_WINDOW (about));

    /* The keyboard shortcuts (Ctrl+?). */
    {
      g_autoptr(GtkBuilder) builder =
        gtk_builder_new_from_resource ("/io/github/pinscope/Pinscope/gtk/help-overlay.ui");
      GtkWindow *shortcuts = GTK_WINDOW (gtk_builder_get_object (builder, "help_overlay"));

      gtk_window_set_transient_for (shortcuts, GTK_WINDOW (window));
      gtk_window_present (shortcuts);
      save (GTK_WIDGET (shortcuts), "shortcuts.png");
      gtk_window_destroy (shortcuts);
    }
  }

  /* A new pinset with only the leaf's pin: what the linter says about it. */
  {
    PsChainView *view = PS_CHAIN_VIEW (find_item (window, PS_TYPE_CHAIN_VIEW));
    GtkWidget *fresh = ps_window_new_pinset (window);
    PsChain *chain = ps_chain_view_get_chain (view);

    ps_pinset_set_name (ps_pinset_editor_get_pinset (PS_PINSET_EDITOR (fresh)), "Example app");
    ps_pinset_editor_add_certificate (PS_PINSET_EDITOR (fresh),
                                      ps_chain_get_certificate (chain, 0),
                                      PS_PIN_ORIGIN_FILE, "demo-chain.pem", 0,
                                      "demo.pinscope.example");
    save (GTK_WIDGET (window), "findings.png");
  }

  /* A public key file: no chain, a key to add as a backup pin. */
  {
    g_autoptr(GFile) key = ps_application_dup_demo_file ("demo-backup-key.pub.pem");
    guint n = g_list_model_get_n_items (G_LIST_MODEL (ps_window_get_items (window)));
    gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

    ps_window_open_file (window, key);
    while (g_list_model_get_n_items (G_LIST_MODEL (ps_window_get_items (window))) == n)
      {
        if (g_get_monotonic_time () > end)
          g_error ("the demo key did not open");
        g_main_context_iteration (NULL, TRUE);
      }
    save (GTK_WIDGET (window), "key.png");
  }

  /* Dark style. */
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  ps_window_set_visible_item (window, find_item (window, PS_TYPE_CHAIN_VIEW));
  save (GTK_WIDGET (window), "dark.png");
  gtk_window_destroy (GTK_WINDOW (window));
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);

  /* A shipped build and the release-readiness matrix. */
  save_builds (settings, 1000, 760, "");

  /* Narrow: a phone-sized window folds the sidebar away. */
  window = g_object_new (PS_TYPE_WINDOW, "settings", settings, NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 720);
  gtk_window_present (GTK_WINDOW (window));
  save (GTK_WIDGET (window), "narrow-empty.png");
  gtk_window_destroy (GTK_WINDOW (window));

  window = demo_window (settings, 360, 720);
  ps_window_set_visible_item (window, find_item (window, PS_TYPE_CHAIN_VIEW));
  save (GTK_WIDGET (window), "narrow.png");
  ps_window_set_visible_item (window, find_item (window, PS_TYPE_PINSET_EDITOR));
  save (GTK_WIDGET (window), "narrow-pinset.png");
  ps_pinset_editor_show_page (PS_PINSET_EDITOR (find_item (window, PS_TYPE_PINSET_EDITOR)),
                              "compare");
  save (GTK_WIDGET (window), "narrow-compare.png");
  gtk_window_destroy (GTK_WINDOW (window));
  save_builds (settings, 360, 720, "narrow-");

  /* Endpoints, wide and narrow. */
  {
    PsTestPki *pki = ps_test_pki_new (FALSE);

    endpoints_window (settings, pki, 1000, 700, "endpoints.png");
    endpoints_window (settings, pki, 360, 720, "narrow-endpoints.png");
    ps_test_pki_free (pki);
  }

  return 0;
}
