/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdarg.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ps-test-util.h"
#include <string.h>

char *
ps_test_mkdtemp (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("pinscope-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

void
ps_test_rm_rf (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (path == NULL)
    return;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR) || g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_unlink (path);
      return;
    }

  dir = g_dir_open (path, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      ps_test_rm_rf (child);
    }
  g_rmdir (path);
}

const char *
ps_test_testdata (void)
{
  const char *dir = g_getenv ("PS_TESTDATA");

  g_assert_nonnull (dir);
  return dir;
}

const char *
ps_test_cli_path (void)
{
  const char *cli = g_getenv ("PS_CLI");

  g_assert_nonnull (cli);
  return cli;
}

typedef struct
{
  GMainLoop *loop;
  GPid pid;
  int status;
  gboolean exited;
  gboolean timed_out;
} RunState;

static void
child_watch_cb (GPid     pid,
                int      status,
                gpointer user_data)
{
  RunState *state = user_data;

  state->status = status;
  state->exited = TRUE;
  g_main_loop_quit (state->loop);
}

static gboolean
timeout_cb (gpointer user_data)
{
  RunState *state = user_data;

  state->timed_out = TRUE;
  kill (state->pid, SIGKILL);
  return G_SOURCE_REMOVE;
}

static char *
read_all_fd (int fd)
{
  GString *s = g_string_new (NULL);
  char buf[65536];
  ssize_t n;

  for (;;)
    {
      n = read (fd, buf, sizeof buf);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      g_string_append_len (s, buf, n);
    }
  close (fd);
  return g_string_free (s, FALSE);
}

typedef struct
{
  int fd;
  char *data;
} Reader;

static gpointer
reader_thread (gpointer user_data)
{
  Reader *r = user_data;

  r->data = read_all_fd (r->fd);
  return NULL;
}

typedef struct
{
  int fd;
  const char *data;
} Writer;

static gpointer
writer_thread (gpointer user_data)
{
  Writer *w = user_data;
  gsize len = strlen (w->data);
  gsize done = 0;

  while (done < len)
    {
      ssize_t n = write (w->fd, w->data + done, len - done);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      done += n;
    }
  close (w->fd);
  return NULL;
}

int
ps_test_run (const char * const *argv,
             const char         *input,
             guint               timeout_seconds,
             char              **out,
             char              **err)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GSource) watch = NULL;
  g_autoptr(GSource) timeout = NULL;
  RunState state = { 0 };
  Reader out_reader = { -1, NULL };
  Reader err_reader = { -1, NULL };
  Writer writer = { -1, input };
  GThread *threads[3] = { NULL, };
  int in_fd = -1;

  g_main_context_push_thread_default (context);
  loop = g_main_loop_new (context, FALSE);
  state.loop = loop;

  if (!g_spawn_async_with_pipes (NULL, (char **) argv, NULL,
                                 G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_SEARCH_PATH,
                                 NULL, NULL, &state.pid,
                                 input != NULL ? &in_fd : NULL,
                                 &out_reader.fd, &err_reader.fd, &error))
    {
      g_test_message ("cannot run %s: %s", argv[0], error->message);
      g_main_context_pop_thread_default (context);
      return -1;
    }

  if (input != NULL)
    {
      writer.fd = in_fd;
      threads[0] = g_thread_new ("writer", writer_thread, &writer);
    }
  threads[1] = g_thread_new ("stdout", reader_thread, &out_reader);
  threads[2] = g_thread_new ("stderr", reader_thread, &err_reader);

  watch = g_child_watch_source_new (state.pid);
  g_source_set_callback (watch, (GSourceFunc) (GCallback) child_watch_cb, &state, NULL);
  g_source_attach (watch, context);
  timeout = g_timeout_source_new_seconds (timeout_seconds);
  g_source_set_callback (timeout, timeout_cb, &state, NULL);
  g_source_attach (timeout, context);

  g_main_loop_run (loop);
  g_source_destroy (timeout);
  g_source_destroy (watch);
  g_spawn_close_pid (state.pid);

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    if (threads[i] != NULL)
      g_thread_join (threads[i]);

  g_main_context_pop_thread_default (context);

  if (out != NULL)
    *out = g_steal_pointer (&out_reader.data);
  if (err != NULL)
    *err = g_steal_pointer (&err_reader.data);
  g_free (out_reader.data);
  g_free (err_reader.data);

  if (state.timed_out)
    {
      g_test_message ("%s timed out after %u s", argv[0], timeout_seconds);
      return -1;
    }

  if (WIFEXITED (state.status))
    return WEXITSTATUS (state.status);
  return -1;
}

char *
ps_test_sh (const char *command,
            int        *status)
{
  const char *argv[] = { "sh", "-c", command, NULL };
  char *out = NULL;
  g_autofree char *err = NULL;
  int st = ps_test_run (argv, NULL, 120, &out, &err);

  if (status != NULL)
    *status = st;
  else if (st != 0)
    g_error ("command failed (%d): %s\n%s", st, command, err);

  g_strchomp (out);
  return out;
}

int
ps_test_cli (char **out,
             char **err,
             ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  va_list args;
  const char *arg;

  g_ptr_array_add (argv, (gpointer) ps_test_cli_path ());
  va_start (args, err);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  return ps_test_run ((const char * const *) argv->pdata, NULL, 120, out, err);
}

char *
ps_test_openssl_pin (const char *cert_path)
{
  g_autofree char *quoted = g_shell_quote (cert_path);
  g_autofree char *cmd = g_strdup_printf (
    "(openssl x509 -in %s -pubkey -noout 2>/dev/null || openssl x509 -inform der -in %s -pubkey -noout) "
    "| openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | base64",
    quoted, quoted);

  return ps_test_sh (cmd, NULL);
}

char *
ps_test_certtool_pin (const char *cert_path)
{
  g_autofree char *quoted = g_shell_quote (cert_path);
  g_autofree char *cmd = g_strdup_printf (
    "(certtool --certificate-info --infile %s --outder 2>/dev/null || cat %s) "
    "| certtool --pubkey-info --inder --load-certificate /dev/stdin 2>/dev/null "
    "| sed -n 's/^.*sha256:\\([0-9a-f]*\\).*$/\\1/p' | head -n 1",
    quoted, quoted);
  g_autofree char *hex = ps_test_sh (cmd, NULL);
  g_autofree guint8 *raw = NULL;
  gsize len = strlen (hex) / 2;

  g_assert_cmpuint (strlen (hex), ==, 64);
  raw = g_malloc (len);
  for (gsize i = 0; i < len; i++)
    raw[i] = (g_ascii_xdigit_value (hex[2 * i]) << 4) | g_ascii_xdigit_value (hex[2 * i + 1]);
  return g_base64_encode (raw, len);
}

char *
ps_test_gen_key (const char *dir,
                 const char *name,
                 const char *key_type,
                 guint       bits)
{
  g_autofree char *file = g_strconcat (name, ".key", NULL);
  char *path = g_build_filename (dir, file, NULL);
  g_autofree char *bits_s = g_strdup_printf ("%u", bits);
  const char *argv_rsa[] = { "certtool", "--generate-privkey", "--key-type", "rsa", "--bits",
                             bits_s, "--outfile", path, NULL };
  const char *argv_ec[] = { "certtool", "--generate-privkey", "--key-type", "ecdsa",
                            "--curve", "secp256r1", "--outfile", path, NULL };
  g_autofree char *err = NULL;
  int status;

  status = ps_test_run (g_str_equal (key_type, "rsa") ? argv_rsa : argv_ec, NULL, 120,
                        NULL, &err);
  if (status != 0)
    g_error ("certtool --generate-privkey failed: %s", err);
  return path;
}

char *
ps_test_gen_cert (const char *dir,
                  const char *name,
                  const char *key,
                  const char *ca_cert,
                  const char *ca_key,
                  const char *template_text)
{
  g_autofree char *tmpl_file = g_strconcat (name, ".cfg", NULL);
  g_autofree char *tmpl = g_build_filename (dir, tmpl_file, NULL);
  g_autofree char *file = g_strconcat (name, ".pem", NULL);
  char *path = g_build_filename (dir, file, NULL);
  g_autofree char *err = NULL;
  int status;

  g_assert_true (g_file_set_contents (tmpl, template_text, -1, NULL));

  if (ca_cert == NULL)
    {
      const char *argv[] = { "certtool", "--generate-self-signed", "--load-privkey", key,
                             "--template", tmpl, "--outfile", path, NULL };
      status = ps_test_run (argv, NULL, 120, NULL, &err);
    }
  else
    {
      const char *argv[] = { "certtool", "--generate-certificate", "--load-privkey", key,
                             "--load-ca-certificate", ca_cert, "--load-ca-privkey", ca_key,
                             "--template", tmpl, "--outfile", path, NULL };
      status = ps_test_run (argv, NULL, 120, NULL, &err);
    }

  if (status != 0)
    g_error ("certtool failed for %s: %s", name, err);
  return path;
}

char *
ps_test_ca_template (const char *cn,
                     int         days)
{
  return g_strdup_printf ("cn = \"%s\"\norganization = \"Pinscope Test\"\n"
                          "serial = %u\nca\ncert_signing_key\ncrl_signing_key\n"
                          "expiration_days = %d\n",
                          cn, g_random_int_range (1, G_MAXINT), days);
}

char *
ps_test_leaf_template (const char         *cn,
                       const char * const *dns_names,
                       int                 days)
{
  GString *s = g_string_new (NULL);

  g_string_append_printf (s, "cn = \"%s\"\nserial = %u\ntls_www_server\nsigning_key\n"
                          "encryption_key\nexpiration_days = %d\n",
                          cn, g_random_int_range (1, G_MAXINT), days);
  for (guint i = 0; dns_names != NULL && dns_names[i] != NULL; i++)
    {
      if (g_hostname_is_ip_address (dns_names[i]))
        g_string_append_printf (s, "ip_address = \"%s\"\n", dns_names[i]);
      else
        g_string_append_printf (s, "dns_name = \"%s\"\n", dns_names[i]);
    }
  return g_string_free (s, FALSE);
}

void
ps_test_cat (const char *out_path,
             ...)
{
  g_autoptr(GString) all = g_string_new (NULL);
  va_list args;
  const char *path;

  va_start (args, out_path);
  while ((path = va_arg (args, const char *)) != NULL)
    {
      g_autofree char *contents = NULL;
      gsize len;

      g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
      g_string_append_len (all, contents, len);
    }
  va_end (args);

  g_assert_true (g_file_set_contents (out_path, all->str, all->len, NULL));
}
