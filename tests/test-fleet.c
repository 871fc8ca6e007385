/* SPDX-License-Identifier: GPL-3.0-or-later */
/* PsFleet and "pinscope-cli scan" / "check --live" against loopback TLS servers on several
 * addresses of 127/8 (all loopback), with chains generated at test time: two PKIs, chain A
 * served on 127.0.0.1 and 127.0.0.2, chain B on 127.0.0.3, all on one port. */
#include "config.h"

#include <arpa/inet.h>
#include <json-glib/json-glib.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "ps-fleet.h"
#include "ps-test-tls-server.h"
#include "ps-test-util.h"

static PsTestPki *pki_a;
static PsTestPki *pki_b;
static char *chain_a;     /* leaf + intermediate of PKI A */
static char *chain_b;
static char *cafile;      /* both roots */
static char *workdir;
static PsTestTlsServer *servers[3];
static guint16 port;
static char *resolve;     /* localhost:PORT:127.0.0.1,127.0.0.2,127.0.0.3 */

/* A port nothing listens on (bound, then closed). */
static guint16
closed_port (void)
{
  struct sockaddr_in sin = { .sin_family = AF_INET };
  socklen_t len = sizeof sin;
  int fd = socket (AF_INET, SOCK_STREAM, 0);
  guint16 result;

  sin.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  g_assert_cmpint (bind (fd, (struct sockaddr *) &sin, sizeof sin), ==, 0);
  g_assert_cmpint (getsockname (fd, (struct sockaddr *) &sin, &len), ==, 0);
  result = ntohs (sin.sin_port);
  close (fd);
  return result;
}

static void
start_servers (void)
{
  const char *addresses[] = { "127.0.0.1", "127.0.0.2", "127.0.0.3" };

  for (guint i = 0; i < 3; i++)
    {
      PsTestTlsServerOptions options = {
        .mode = "tls",
        .certs = i < 2 ? chain_a : chain_b,
        .key = i < 2 ? pki_a->leaf_key : pki_b->leaf_key,
        .address = addresses[i],
        .port = port,
      };

      servers[i] = ps_test_tls_server_start (&options);
      port = ps_test_tls_server_get_port (servers[i]);
    }
  resolve = g_strdup_printf ("localhost:%u:127.0.0.1,127.0.0.2,127.0.0.3", port);
}

/* Open file descriptors of this process (servers included). */
static guint
count_fds (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

/* The open descriptors once every connection ended: the servers idle, and this thread's
 * main context run past the second a probe's socket may linger after its close_notify. */
static guint
settled_fds (void)
{
  gint64 until = g_get_monotonic_time () + 1200 * 1000;

  for (guint i = 0; i < 3; i++)
    g_assert_true (ps_test_tls_server_wait_idle (servers[i], 5000));
  while (g_get_monotonic_time () < until)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (20000);
    }
  return count_fds ();
}

static PsFleet *
new_fleet (guint jobs)
{
  g_autoptr(GFile) file = g_file_new_for_path (cafile);
  g_autoptr(PsTrustStore) store = ps_trust_store_new_from_file (file, NULL);
  g_autoptr(PsProbe) probe = ps_probe_new ();

  g_assert_nonnull (store);
  ps_probe_set_trust_store (probe, store);
  ps_probe_set_timeout (probe, 20);
  ps_probe_set_max_concurrent (probe, jobs);
  return ps_fleet_new (probe);
}

typedef struct
{
  GMainLoop *loop;
  gboolean ok;
  GError *error;
  guint n_signals;
  guint n_items_added;
} Run;

static void
run_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  Run *run = user_data;

  run->ok = ps_fleet_run_finish (PS_FLEET (object), result, &run->error);
  g_main_loop_quit (run->loop);
}

static void
finished_cb (PsFleet    *fleet,
             PsEndpoint *endpoint,
             Run        *run)
{
  g_assert_true (ps_endpoint_get_state (endpoint) == PS_ENDPOINT_DONE ||
                 ps_endpoint_get_state (endpoint) == PS_ENDPOINT_FAILED);
  /* The chain is still there during the signal, even when chains are dropped. */
  g_assert_true ((ps_endpoint_get_chain (endpoint) != NULL) ==
                 (ps_endpoint_get_state (endpoint) == PS_ENDPOINT_DONE));
  run->n_signals++;
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Run        *run)
{
  run->n_items_added += added;
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static void
run_fleet (PsFleet      *fleet,
           GCancellable *cancellable,
           Run          *run)
{
  gulong h1 = g_signal_connect (fleet, "endpoint-finished", G_CALLBACK (finished_cb), run);
  gulong h2 = g_signal_connect (fleet, "items-changed", G_CALLBACK (items_changed_cb), run);

  run->loop = g_main_loop_new (NULL, FALSE);
  ps_fleet_run_async (fleet, cancellable, run_cb, run);
  g_main_loop_run (run->loop);
  g_clear_pointer (&run->loop, g_main_loop_unref);
  g_signal_handler_disconnect (fleet, h1);
  g_signal_handler_disconnect (fleet, h2);
}

static PsEndpoint *
find_endpoint (PsFleet    *fleet,
               const char *address)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (fleet)); i++)
    {
      g_autoptr(PsEndpoint) endpoint = g_list_model_get_item (G_LIST_MODEL (fleet), i);

      if (g_strcmp0 (ps_endpoint_get_address (endpoint), address) == 0)
        return endpoint;
    }
  return NULL;
}

/* The core: one name, three addresses through --resolve, the model grows in place, and
 * the divergence says which address serves what. */
static void
test_fleet_divergence (void)
{
  g_autoptr(PsFleet) fleet = new_fleet (8);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) divergences = NULL;
  g_autofree char *host = g_strdup_printf ("localhost:%u", port);
  g_autofree char *pin_a = ps_test_openssl_pin (pki_a->leaf);
  g_autofree char *pin_b = ps_test_openssl_pin (pki_b->leaf);
  Run run = { 0 };
  PsFleetDivergence *divergence;
  guint fds;

  g_assert_true (ps_fleet_add_resolve (fleet, resolve, &error));
  g_assert_no_error (error);
  ps_fleet_set_keep_chains (fleet, FALSE);
  g_assert_true (ps_fleet_add_host (fleet, host, &error));
  g_assert_cmpuint (ps_fleet_get_n_total (fleet), ==, 1);
  g_assert_null (ps_endpoint_get_address (find_endpoint (fleet, NULL)));

  run_fleet (fleet, NULL, &run);
  g_assert_no_error (run.error);
  g_assert_true (run.ok);
  g_assert_cmpuint (run.n_signals, ==, 3);
  g_assert_cmpuint (run.n_items_added, ==, 2);
  g_assert_cmpuint (ps_fleet_get_n_total (fleet), ==, 3);
  g_assert_cmpuint (ps_fleet_get_n_finished (fleet), ==, 3);
  g_assert_false (ps_fleet_get_running (fleet));

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *address = g_strdup_printf ("127.0.0.%u", i + 1);
      PsEndpoint *endpoint = find_endpoint (fleet, address);

      g_assert_nonnull (endpoint);
      g_assert_cmpint (ps_endpoint_get_state (endpoint), ==, PS_ENDPOINT_DONE);
      g_assert_cmpstr (ps_endpoint_get_name (endpoint), ==, "localhost");
      g_assert_cmpuint (ps_endpoint_get_port (endpoint), ==, port);
      /* Chains dropped, facts kept. */
      g_assert_null (ps_endpoint_get_chain (endpoint));
      g_assert_true (ps_endpoint_get_trusted (endpoint));
      g_assert_cmpstr (ps_endpoint_get_leaf_pin (endpoint), ==, i < 2 ? pin_a : pin_b);
      g_assert_null (ps_endpoint_get_error (endpoint));
      g_assert_cmpfloat (ps_endpoint_get_elapsed (endpoint), >, 0);
    }
  g_assert_cmpstr (ps_endpoint_get_chain_digest (find_endpoint (fleet, "127.0.0.1")), ==,
                   ps_endpoint_get_chain_digest (find_endpoint (fleet, "127.0.0.2")));
  g_assert_cmpstr (ps_endpoint_get_chain_digest (find_endpoint (fleet, "127.0.0.1")), !=,
                   ps_endpoint_get_chain_digest (find_endpoint (fleet, "127.0.0.3")));

  divergences = ps_fleet_dup_divergences (fleet);
  g_assert_cmpuint (divergences->len, ==, 1);
  divergence = g_ptr_array_index (divergences, 0);
  g_assert_cmpstr (divergence->name, ==, "localhost");
  g_assert_cmpuint (divergence->port, ==, port);
  g_assert_cmpuint (divergence->n_chains, ==, 2);
  g_assert_cmpuint (divergence->n_keys, ==, 2);
  g_assert_cmpuint (divergence->endpoints->len, ==, 3);
  /* Grouped by chain: the two of chain A, then the one of chain B. */
  g_assert_cmpstr (ps_endpoint_get_address (divergence->endpoints->pdata[2]), ==, "127.0.0.3");

  /* A second run starts afresh, from the name, and leaves no descriptor open (the first
   * one set up what GLib and GnuTLS keep for the process). */
  fds = settled_fds ();
  memset (&run, 0, sizeof run);
  run_fleet (fleet, NULL, &run);
  g_assert_true (run.ok);
  g_assert_cmpuint (run.n_signals, ==, 3);
  g_assert_cmpuint (ps_fleet_get_n_total (fleet), ==, 3);
  g_clear_pointer (&divergences, g_ptr_array_unref);
  g_assert_cmpuint (settled_fds (), <=, fds);
  g_assert_finalize_object (g_steal_pointer (&fleet));
}

static void
test_fleet_dedup_and_bad_input (void)
{
  g_autoptr(PsFleet) fleet = new_fleet (4);
  g_autoptr(GError) error = NULL;
  g_autofree char *one = g_strdup_printf ("LocalHost.:%u", port);
  g_autofree char *two = g_strdup_printf ("https://localhost:%u/path", port);
  const char *bad_resolves[] = {
    "localhost:443", "localhost:99999:127.0.0.1", "localhost:443:not-an-ip",
    "127.0.0.1:443:127.0.0.2", ":443:127.0.0.1", "local host:443:127.0.0.1",
  };

  g_assert_true (ps_fleet_add_host (fleet, one, &error));
  g_assert_true (ps_fleet_add_host (fleet, two, &error));
  g_assert_true (ps_fleet_add_host (fleet, "127.0.0.1:443", &error));
  g_assert_true (ps_fleet_add_host (fleet, "127.0.0.1", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ps_fleet_get_n_total (fleet), ==, 2);
  /* An address is its own address from the start. */
  g_assert_nonnull (find_endpoint (fleet, "127.0.0.1"));

  g_assert_false (ps_fleet_add_host (fleet, "bad host", &error));
  g_assert_error (error, PS_PROBE_ERROR, PS_PROBE_ERROR_INVALID_HOST);
  g_clear_error (&error);
  for (guint i = 0; i < G_N_ELEMENTS (bad_resolves); i++)
    {
      g_assert_false (ps_fleet_add_resolve (fleet, bad_resolves[i], &error));
      g_assert_error (error, PS_PROBE_ERROR, PS_PROBE_ERROR_INVALID_HOST);
      g_clear_error (&error);
    }
  g_assert_true (ps_fleet_add_resolve (fleet, "example.com:443:[::1],127.0.0.1", &error));
  g_assert_no_error (error);

  /* The cap, with a clear error. */
  for (guint i = ps_fleet_get_n_total (fleet); i < PS_FLEET_MAX_ENDPOINTS; i++)
    {
      g_autofree char *name = g_strdup_printf ("h%u.example", i);

      g_assert_true (ps_fleet_add_host (fleet, name, NULL));
    }
  g_assert_false (ps_fleet_add_host (fleet, "one-more.example", &error));
  g_assert_error (error, PS_PROBE_ERROR, PS_PROBE_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "Too many endpoints"));
  g_assert_cmpuint (ps_fleet_get_n_total (fleet), ==, PS_FLEET_MAX_ENDPOINTS);
  g_assert_finalize_object (g_steal_pointer (&fleet));
}

/* Unresolvable, refused: each its own endpoint with its own error; the rest goes on. */
static void
test_fleet_failures (void)
{
  g_autoptr(PsFleet) fleet = new_fleet (4);
  g_autofree char *refused = g_strdup_printf ("127.0.0.1:%u", closed_port ());
  g_autofree char *good = g_strdup_printf ("127.0.0.2:%u", port);
  Run run = { 0 };

  g_assert_true (ps_fleet_add_host (fleet, "nothing.invalid", NULL));
  g_assert_true (ps_fleet_add_host (fleet, refused, NULL));
  g_assert_true (ps_fleet_add_host (fleet, good, NULL));
  run_fleet (fleet, NULL, &run);
  g_assert_true (run.ok);
  g_assert_cmpuint (run.n_signals, ==, 3);

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(PsEndpoint) endpoint = g_list_model_get_item (G_LIST_MODEL (fleet), i);
      const GError *error = ps_endpoint_get_error (endpoint);

      switch (i)
        {
        case 0:
          g_assert_error ((GError *) error, PS_PROBE_ERROR, PS_PROBE_ERROR_DNS);
          g_assert_null (ps_endpoint_get_address (endpoint));
          break;
        case 1:
          g_assert_error ((GError *) error, PS_PROBE_ERROR, PS_PROBE_ERROR_REFUSED);
          break;
        default:
          g_assert_null (error);
          g_assert_nonnull (ps_endpoint_get_chain (endpoint));
          /* An address as the name: no SNI, the chain is checked for the address. */
          g_assert_cmpint (ps_endpoint_get_state (endpoint), ==, PS_ENDPOINT_DONE);
        }
      if (error != NULL)
        {
          g_assert_cmpint (ps_endpoint_get_state (endpoint), ==, PS_ENDPOINT_FAILED);
          g_assert_cmpstr (ps_endpoint_get_error_message (endpoint), ==, error->message);
        }
    }
  g_assert_finalize_object (g_steal_pointer (&fleet));
}

/* A name through the system's resolver: every address it has is an endpoint of its own
 * (localhost is usually 127.0.0.1 and ::1; the servers listen on the first only). */
static void
test_fleet_resolver (void)
{
  g_autoptr(PsFleet) fleet = new_fleet (4);
  g_autofree char *host = g_strdup_printf ("localhost:%u", port);
  g_autofree char *pin_a = ps_test_openssl_pin (pki_a->leaf);
  Run run = { 0 };
  PsEndpoint *v4;

  g_assert_true (ps_fleet_add_host (fleet, host, NULL));
  run_fleet (fleet, NULL, &run);
  g_assert_true (run.ok);
  g_assert_cmpuint (run.n_signals, ==, ps_fleet_get_n_total (fleet));
  v4 = find_endpoint (fleet, "127.0.0.1");
  if (v4 == NULL)
    {
      g_test_skip ("localhost does not resolve to 127.0.0.1 here");
      return;
    }
  g_assert_cmpint (ps_endpoint_get_state (v4), ==, PS_ENDPOINT_DONE);
  g_assert_true (ps_endpoint_get_trusted (v4));
  g_assert_cmpstr (ps_endpoint_get_leaf_pin (v4), ==, pin_a);
  for (guint i = 0; i < ps_fleet_get_n_total (fleet); i++)
    {
      g_autoptr(PsEndpoint) endpoint = g_list_model_get_item (G_LIST_MODEL (fleet), i);

      g_assert_cmpstr (ps_endpoint_get_name (endpoint), ==, "localhost");
      g_assert_nonnull (ps_endpoint_get_address (endpoint));
    }
  g_assert_finalize_object (g_steal_pointer (&fleet));
}

/* Cancel with endpoints in flight (silent servers) and waiting: it ends at once, every
 * endpoint failed with the cancellation. */
static void
test_fleet_cancel (void)
{
  PsTestTlsServerOptions options = { .mode = "silent", .address = "127.0.0.4" };
  PsTestTlsServer *silent = ps_test_tls_server_start (&options);
  g_autoptr(PsFleet) fleet = new_fleet (2);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *spec = g_strdup_printf ("silent.test:%u:127.0.0.4",
                                           ps_test_tls_server_get_port (silent));
  gint64 start;
  Run run = { 0 };

  g_assert_true (ps_fleet_add_resolve (fleet, spec, NULL));
  {
    guint16 silent_port = ps_test_tls_server_get_port (silent);
    g_autofree char *by_address = g_strdup_printf ("127.0.0.4:%u", silent_port);
    g_autofree char *by_name = g_strdup_printf ("silent.test:%u", silent_port);

    g_assert_true (ps_fleet_add_host (fleet, by_address, NULL));
    g_assert_true (ps_fleet_add_host (fleet, by_name, NULL));
  }
  g_assert_true (ps_fleet_add_host (fleet, "waiting1.invalid", NULL));
  g_assert_true (ps_fleet_add_host (fleet, "waiting2.invalid", NULL));

  g_timeout_add (300, cancel_cb, cancellable);
  start = g_get_monotonic_time ();
  run_fleet (fleet, cancellable, &run);
  g_assert_false (run.ok);
  g_assert_error (run.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&run.error);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  g_assert_cmpuint (run.n_signals, ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(PsEndpoint) endpoint = g_list_model_get_item (G_LIST_MODEL (fleet), i);

      g_assert_cmpint (ps_endpoint_get_state (endpoint), ==, PS_ENDPOINT_FAILED);
      g_assert_error ((GError *) ps_endpoint_get_error (endpoint), G_IO_ERROR,
                      G_IO_ERROR_CANCELLED);
    }
  g_assert_finalize_object (g_steal_pointer (&fleet));
  g_assert_true (ps_test_tls_server_wait_idle (silent, 5000));
  ps_test_tls_server_stop (silent);
}

static GPtrArray *
parse_json_lines (const char *out)
{
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  GPtrArray *objects = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;

      if (lines[i][0] == '\0')
        continue;
      g_assert_true (json_parser_load_from_data (parser, lines[i], -1, &error));
      g_assert_no_error (error);
      g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
      g_ptr_array_add (objects, json_object_ref (json_node_get_object (
                                                   json_parser_get_root (parser))));
    }
  return objects;
}

/* Checks the JSON Lines of a run on the three servers; @mismatch is the verdict expected
 * of 127.0.0.3. */
static void
assert_three_json (const char *out,
                   const char *verdict_a,
                   const char *verdict_b)
{
  g_autoptr(GPtrArray) objects = parse_json_lines (out);
  g_autofree char *pin_a = ps_test_openssl_pin (pki_a->leaf);
  guint n_endpoints = 0;
  gboolean divergent = FALSE;
  gboolean summary = FALSE;

  for (guint i = 0; i < objects->len; i++)
    {
      JsonObject *object = g_ptr_array_index (objects, i);
      const char *type = json_object_get_string_member (object, "type");

      if (g_str_equal (type, "endpoint"))
        {
          const char *address = json_object_get_string_member (object, "address");
          gboolean is_b = g_str_equal (address, "127.0.0.3");

          g_assert_false (summary);
          g_assert_cmpstr (json_object_get_string_member (object, "name"), ==, "localhost");
          g_assert_cmpint (json_object_get_int_member (object, "port"), ==, port);
          g_assert_cmpstr (json_object_get_string_member (object, "verdict"), ==,
                           is_b ? verdict_b : verdict_a);
          if (!is_b)
            g_assert_cmpstr (json_object_get_string_member (object, "leaf_pin"), ==, pin_a);
          g_assert_true (json_object_get_null_member (object, "error"));
          n_endpoints++;
        }
      else if (g_str_equal (type, "finding"))
        {
          JsonArray *addresses = json_object_get_array_member (object, "addresses");

          g_assert_cmpstr (json_object_get_string_member (object, "id"), ==,
                           "divergent-chains");
          g_assert_cmpstr (json_object_get_string_member (object, "severity"), ==, "warning");
          g_assert_cmpuint (json_array_get_length (addresses), ==, 3);
          for (guint j = 0; j < 3; j++)
            {
              JsonObject *entry = json_array_get_object_element (addresses, j);
              const char *address = json_object_get_string_member (entry, "address");

              g_assert_cmpint (json_object_get_int_member (entry, "chain"), ==,
                               g_str_equal (address, "127.0.0.3") ? 2 : 1);
            }
          divergent = TRUE;
        }
      else
        {
          g_assert_cmpstr (type, ==, "summary");
          g_assert_cmpint (json_object_get_int_member (object, "endpoints"), ==, 3);
          g_assert_cmpint (json_object_get_int_member (object, "divergent"), ==, 1);
          summary = TRUE;
        }
    }
  g_assert_cmpuint (n_endpoints, ==, 3);
  g_assert_true (divergent);
  g_assert_true (summary);
}

static char *
make_pinset_a (void)
{
  g_autofree char *path = g_build_filename (workdir, "a.pinset", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (ps_test_cli (&out, &err, "pinset", "new", "-o", path, "--domain",
                                "localhost", "--pin-from", pki_a->leaf, "--pin-from",
                                pki_a->inter, NULL), ==, 0);
  return g_steal_pointer (&path);
}

/* The rollout caught halfway: a warning, not a failure; a pinset of chain A fails on the
 * address serving chain B. Text and JSON. */
static void
test_cli_divergence (void)
{
  g_autofree char *host = g_strdup_printf ("localhost:%u", port);
  g_autofree char *port_text = g_strdup_printf ("%u", port);
  g_autofree char *pinset = make_pinset_a ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (ps_test_cli (&out, &err, "scan", "--cafile", cafile, "--resolve", resolve,
                                host, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "divergent-chains"));
  g_assert_nonnull (strstr (out, "127.0.0.3 serves chain 2"));
  g_assert_nonnull (strstr (out, "3 endpoints: 3 ok"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (ps_test_cli (&out, &err, "scan", "--json", "--jobs", "2", "--cafile", cafile,
                                "--resolve", resolve, host, NULL), ==, 0);
  assert_three_json (out, "ok", "ok");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (ps_test_cli (&out, &err, "scan", "--pinset", pinset, "--cafile", cafile,
                                "--resolve", resolve, host, NULL), ==, 1);
  g_assert_nonnull (strstr (out, "pin-mismatch localhost"));
  g_assert_nonnull (strstr (out, "divergent-chains"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (ps_test_cli (&out, &err, "scan", "--json", "--pinset", pinset, "--cafile",
                                cafile, "--resolve", resolve, host, NULL), ==, 1);
  assert_three_json (out, "ok", "pin-mismatch");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* check --live: the pinset's own domain, on --port. */
  g_assert_cmpint (ps_test_cli (&out, &err, "check", pinset, "--live", "--json", "--port",
                                port_text, "--cafile", cafile, "--resolve", resolve, NULL),
                   ==, 1);
  assert_three_json (out, "ok", "pin-mismatch");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (ps_test_cli (&out, &err, "check", pinset, "--live", "--port", port_text,
                                "--cafile", cafile, "--resolve", resolve, NULL), ==, 1);
  g_assert_nonnull (strstr (out, "divergent-chains"));
}

static void
test_cli_hosts_file (void)
{
  g_autofree char *path = g_build_filename (workdir, "hosts.txt", NULL);
  g_autofree char *text = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GPtrArray) objects = NULL;
  guint n_endpoints = 0;

  g_autofree char *local = g_strdup_printf ("localhost:%u:127.0.0.1", port);

  text = g_strdup_printf ("# staging\n127.0.0.1:%u\n\nnot a host!\nLOCALHOST:%u  # second\n"
                          "127.0.0.1:%u\n127.0.0.2:99999\n", port, port, port);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));

  /* Bad lines reported with their numbers; the others still run, once each. */
  g_assert_cmpint (ps_test_cli (&out, &err, "scan", "--json", "--cafile", cafile,
                                "--resolve", local, "--hosts-file", path, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "hosts.txt:4:"));
  g_assert_nonnull (strstr (err, "hosts.txt:7:"));
  g_assert_null (strstr (err, "hosts.txt:6:"));
  objects = parse_json_lines (out);
  for (guint i = 0; i < objects->len; i++)
    {
      JsonObject *object = g_ptr_array_index (objects, i);

      if (!g_str_equal (json_object_get_string_member (object, "type"), "endpoint"))
        continue;
      g_assert_cmpstr (json_object_get_string_member (object, "verdict"), ==, "ok");
      n_endpoints++;
    }
  g_assert_cmpuint (n_endpoints, ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A file that cannot be read is an input error. */
  g_assert_cmpint (ps_test_cli (&out, &err, "scan", "--hosts-file", workdir, NULL), ==, 2);
}

static void
test_cli_unreachable (void)
{
  g_autofree char *refused = g_strdup_printf ("127.0.0.1:%u", closed_port ());
  g_autofree char *good = g_strdup_printf ("127.0.0.1:%u", port);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GPtrArray) objects = NULL;
  gboolean seen = FALSE;

  g_assert_cmpint (ps_test_cli (&out, &err, "scan", "--cafile", cafile, good, refused, NULL),
                   ==, 3);
  g_assert_nonnull (strstr (out, "refused the connection"));
  g_assert_nonnull (strstr (out, "1 unreachable"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (ps_test_cli (&out, &err, "scan", "--json", "--cafile", cafile, refused,
                                "nothing.invalid", NULL), ==, 3);
  objects = parse_json_lines (out);
  for (guint i = 0; i < objects->len; i++)
    {
      JsonObject *object = g_ptr_array_index (objects, i);

      if (!g_str_equal (json_object_get_string_member (object, "type"), "endpoint"))
        continue;
      g_assert_cmpstr (json_object_get_string_member (object, "verdict"), ==, "error");
      g_assert_nonnull (json_object_get_string_member (object, "error"));
      if (g_str_equal (json_object_get_string_member (object, "name"), "nothing.invalid"))
        {
          g_assert_true (json_object_get_null_member (object, "address"));
          seen = TRUE;
        }
    }
  g_assert_true (seen);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Usage errors. */
  g_assert_cmpint (ps_test_cli (&out, &err, "scan", NULL), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (ps_test_cli (&out, &err, "scan", "--resolve", "x:1", good, NULL), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (ps_test_cli (&out, &err, "scan", "--jobs", "0", good, NULL), ==, 2);
}

/* Seconds a `check --host` of @hosts takes, exit status 3 asserted. */
static double
time_check_hosts (const char *pinset,
                  const char *first,
                  const char *second)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  gint64 start = g_get_monotonic_time ();

  int status;

  if (second == NULL)
    status = ps_test_cli (&out, &err, "check", "--cafile", cafile, "--host", first, pinset,
                          NULL);
  else
    status = ps_test_cli (&out, &err, "check", "--cafile", cafile, "--host", first, "--host",
                          second, pinset, NULL);
  g_assert_cmpint (status, ==, 3);
  g_assert_nonnull (strstr (err, first));
  g_assert_true (second == NULL || strstr (err, second) != NULL);
  return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
}

/* check --host probes its hosts at the same time: two servers that never answer take about
 * as long as one, not twice as long. */
static void
test_cli_check_hosts_together (void)
{
  PsTestTlsServerOptions options = { .mode = "silent" };
  PsTestTlsServer *silent[2] = { ps_test_tls_server_start (&options),
                                 ps_test_tls_server_start (&options) };
  g_autofree char *first = ps_test_tls_server_dup_address (silent[0]);
  g_autofree char *second = ps_test_tls_server_dup_address (silent[1]);
  g_autofree char *pinset = make_pinset_a ();
  double one = time_check_hosts (pinset, first, NULL);
  double two = time_check_hosts (pinset, first, second);

  g_test_message ("one silent host: %.1f s, two: %.1f s", one, two);
  g_assert_cmpfloat (one, >=, 1.0);
  g_assert_cmpfloat (two, <, one * 1.5);
  for (guint i = 0; i < G_N_ELEMENTS (silent); i++)
    ps_test_tls_server_stop (silent[i]);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);

  workdir = ps_test_mkdtemp ();
  pki_a = ps_test_pki_new (FALSE);
  pki_b = ps_test_pki_new (FALSE);
  chain_a = ps_test_pki_bundle (pki_a, "chain-a", pki_a->leaf, pki_a->inter, NULL);
  chain_b = ps_test_pki_bundle (pki_b, "chain-b", pki_b->leaf, pki_b->inter, NULL);
  cafile = g_build_filename (workdir, "roots.pem", NULL);
  ps_test_cat (cafile, pki_a->root, pki_b->root, NULL);
  start_servers ();

  g_test_add_func ("/fleet/divergence", test_fleet_divergence);
  g_test_add_func ("/fleet/dedup-and-bad-input", test_fleet_dedup_and_bad_input);
  g_test_add_func ("/fleet/failures", test_fleet_failures);
  g_test_add_func ("/fleet/resolver", test_fleet_resolver);
  g_test_add_func ("/fleet/cancel", test_fleet_cancel);
  g_test_add_func ("/fleet/cli-divergence", test_cli_divergence);
  g_test_add_func ("/fleet/cli-hosts-file", test_cli_hosts_file);
  g_test_add_func ("/fleet/cli-unreachable", test_cli_unreachable);
  g_test_add_func ("/fleet/cli-check-hosts-together", test_cli_check_hosts_together);
  status = g_test_run ();

  for (guint i = 0; i < 3; i++)
    ps_test_tls_server_stop (servers[i]);
  ps_test_pki_free (pki_a);
  ps_test_pki_free (pki_b);
  g_free (chain_a);
  g_free (chain_b);
  g_free (cafile);
  g_free (resolve);
  ps_test_rm_rf (workdir);
  g_free (workdir);
  return status;
}
