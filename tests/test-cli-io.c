/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ps-io.h"
#include "ps-test-tls-server.h"
#include "ps-test-util.h"

/* Bounded, safe input and output (ps-io) and the command line's use of them: devices,
 * named pipes and directories are refused at once, standard input and "<(...)" are read
 * within the same caps, and a too-large input names its cap; text output escapes what
 * certificates and files hold, errors never echo key material, a failed write is exit 2,
 * and -o never replaces anything but a regular file. */

static char *workdir;

static char *
work_path (const char *name)
{
  return g_build_filename (workdir, name, NULL);
}

static char *
nsc_path (void)
{
  return g_build_filename (ps_test_testdata (), "configs", "network_security_config.xml", NULL);
}

static char *
cert_path (void)
{
  return g_build_filename (ps_test_testdata (), "realworld", "badssl", "wildcard-ecc256.pem",
                           NULL);
}

static void
assert_contains (const char *haystack,
                 const char *needle)
{
  if (haystack == NULL || strstr (haystack, needle) == NULL)
    g_error ("“%s” not found in:\n%s", needle, haystack ? haystack : "(null)");
}

/* Runs pinscope-cli with @argv (NULL-terminated, without the program) and @input on
 * standard input; returns the status, and the time it took in @seconds. */
static int
run_cli (const char * const  *args,
         const char          *input,
         char               **out,
         char               **err,
         double              *seconds)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GTimer) timer = g_timer_new ();
  int status;

  g_ptr_array_add (argv, (gpointer) ps_test_cli_path ());
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  status = ps_test_run ((const char * const *) argv->pdata, input, 20, out, err);
  if (seconds != NULL)
    *seconds = g_timer_elapsed (timer, NULL);
  return status;
}

/* The API */

static void
test_read_caps (void)
{
  g_autofree char *path = work_path ("cap.txt");
  g_autofree char *text = g_strnfill (1000, 'x');
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize len = 0;
  const char *data;

  g_assert_true (g_file_set_contents (path, text, 1000, NULL));

  /* Exactly the cap is read, NUL-terminated beyond its size. */
  bytes = ps_io_read_bounded (path, 1000, NULL, &error);
  g_assert_no_error (error);
  data = g_bytes_get_data (bytes, &len);
  g_assert_cmpuint (len, ==, 1000);
  g_assert_cmpint (data[len], ==, '\0');
  g_clear_pointer (&bytes, g_bytes_unref);

  /* One byte more is refused, naming the file and the cap. */
  bytes = ps_io_read_bounded (path, 999, NULL, &error);
  g_assert_null (bytes);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE);
  assert_contains (error->message, "cap.txt");
  assert_contains (error->message, "999 bytes");
  g_clear_error (&error);

  bytes = ps_io_read_bounded (path, 2 * 1024 * 1024, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (ps_io_check_size (bytes, path, 512, "small files only", &error));
  assert_contains (error->message, "larger than 512 bytes: small files only");
  g_clear_error (&error);
  g_assert_true (ps_io_check_size (bytes, path, 1000, "small files only", &error));
  g_assert_no_error (error);
}

static void
test_read_refuses (void)
{
  g_autofree char *fifo = work_path ("api.fifo");
  g_autofree char *missing = work_path ("missing");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GTimer) timer = g_timer_new ();

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);

  bytes = ps_io_read_bounded ("/dev/zero", 1024, NULL, &error);
  g_assert_null (bytes);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE);
  assert_contains (error->message, "is a device");
  g_clear_error (&error);

  /* Nobody writes to the pipe: it must be refused, not waited on. */
  bytes = ps_io_read_bounded (fifo, 1024, NULL, &error);
  g_assert_null (bytes);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE);
  assert_contains (error->message, "named pipe");
  g_clear_error (&error);

  bytes = ps_io_read_bounded (workdir, 1024, NULL, &error);
  g_assert_null (bytes);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY);
  g_clear_error (&error);

  bytes = ps_io_read_bounded (missing, 1024, NULL, &error);
  g_assert_null (bytes);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_cmpfloat (g_timer_elapsed (timer, NULL), <, 2.0);
  g_assert_false (ps_io_is_regular_file (fifo));
  g_assert_false (ps_io_is_regular_file ("/dev/null"));
}

static void
read_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GBytes *
read_async (GFile   *file,
            gsize    max_bytes,
            GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ps_io_read_file_bounded_async (file, max_bytes, NULL, read_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return ps_io_read_file_bounded_finish (file, result, error);
}

static void
test_read_file_async (void)
{
  g_autofree char *cert = cert_path ();
  g_autofree char *contents = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (cert);
  g_autoptr(GFile) zero = g_file_new_for_path ("/dev/zero");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (cert, &contents, &len, NULL));

  bytes = read_async (file, PS_IO_MAX_DOCUMENT, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), contents, len);
  g_clear_pointer (&bytes, g_bytes_unref);

  bytes = read_async (file, 10, &error);
  g_assert_null (bytes);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE);
  g_clear_error (&error);

  bytes = read_async (zero, PS_IO_MAX_DOCUMENT, &error);
  g_assert_null (bytes);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE);
}

/* The command line */

/* Every command that reads a file refuses a device and a named pipe within a second or
 * two, with a message that says what the file is. */
static void
test_cli_refuses_special_files (void)
{
  g_autofree char *fifo = work_path ("special.fifo");
  g_autofree char *nsc = nsc_path ();
  g_autofree char *cert = cert_path ();
  g_autofree char *out_path = work_path ("out.json");
  const char *specials[] = { "/dev/zero", fifo, workdir };
  const char *reasons[] = { "is a device", "named pipe", "is a directory" };

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);

  for (guint s = 0; s < G_N_ELEMENTS (specials); s++)
    {
      const char *x = specials[s];
      const char * const cases[][11] = {
        { "import", x, NULL },
        { "export", "--format", "android", x, NULL },
        { "check", x, NULL },
        { "check", "--cafile", x, "--chain", cert, nsc, NULL },
        { "check", "--cafile", x, nsc, NULL },
        { "check", "--chain", x, nsc, NULL },
        { "diff", x, nsc, NULL },
        { "rotate", nsc, x, NULL },
        { "pins", x, NULL },
        { "show", "--cafile", x, "127.0.0.1:9", NULL },
        { "pinset", "new", "-o", out_path, "--domain", "a.example", "--pin-from", x, NULL },
      };

      for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
        {
          g_autofree char *out = NULL;
          g_autofree char *err = NULL;
          g_autofree char *line = g_strjoinv (" ", (char **) cases[i]);
          double seconds = 0;
          int status;

          status = run_cli (cases[i], NULL, &out, &err, &seconds);
          g_test_message ("%s: %d in %.2f s: %s", line, status, seconds, err);
          g_assert_cmpint (status, ==, 2);
          g_assert_cmpfloat (seconds, <, 2.0);
          assert_contains (err, reasons[s]);
        }
    }
  g_assert_false (g_file_test (out_path, G_FILE_TEST_EXISTS));
}

/* "-" is standard input for pins, check, import and diff; "<(...)" works too. */
static void
test_cli_stdin (void)
{
  g_autofree char *cert = cert_path ();
  g_autofree char *nsc = nsc_path ();
  g_autofree char *pem = NULL;
  g_autofree char *xml = NULL;
  g_autofree char *pin = ps_test_openssl_pin (cert);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *cli = g_shell_quote (ps_test_cli_path ());
  g_autofree char *nsc_q = g_shell_quote (nsc);
  g_autofree char *cert_q = g_shell_quote (cert);
  g_autofree char *script = NULL;

  g_assert_true (g_file_get_contents (cert, &pem, NULL, NULL));
  g_assert_true (g_file_get_contents (nsc, &xml, NULL, NULL));

  g_assert_cmpint (run_cli ((const char *[]) { "pins", "-", NULL }, pem, &out, &err, NULL),
                   ==, 0);
  assert_contains (out, pin);
  assert_contains (out, "-:0: certificate");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli ((const char *[]) { "check", "--json", "-", NULL }, xml, &out, &err,
                            NULL), ==, 1);
  assert_contains (out, "payments.example.net");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli ((const char *[]) { "import", "-", NULL }, xml, &out, &err, NULL),
                   ==, 0);
  assert_contains (out, "payments.example.net");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Only the name differs: a pinset read from standard input is named "-". */
  g_assert_cmpint (run_cli ((const char *[]) { "diff", nsc, "-", NULL }, xml, &out, &err, NULL),
                   ==, 1);
  assert_contains (out, "name changed");
  g_assert_null (strstr (out, "payments"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Process substitution hands over a pipe: format detection must not consume it. */
  script = g_strdup_printf ("%s check <(cat %s)", cli, nsc_q);
  g_assert_cmpint (ps_test_run ((const char *[]) { "bash", "-c", script, NULL }, NULL, 20,
                                &out, &err), ==, 1);
  assert_contains (out, "payments.example.net");
  g_clear_pointer (&script, g_free);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  script = g_strdup_printf ("%s pins <(cat %s)", cli, cert_q);
  g_assert_cmpint (ps_test_run ((const char *[]) { "bash", "-c", script, NULL }, NULL, 20,
                                &out, &err), ==, 0);
  assert_contains (out, pin);
}

/* Standard input has the cap of a file; a configuration has a lower one, and says so. */
static void
test_cli_caps (void)
{
  g_autofree char *huge = g_strnfill (PS_IO_MAX_DOCUMENT + 1, '#');
  g_autofree char *config = work_path ("big.txt");
  g_autofree char *padded = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  double seconds = 0;

  g_assert_cmpint (run_cli ((const char *[]) { "check", "-", NULL }, huge, &out, &err,
                            &seconds), ==, 2);
  assert_contains (err, "standard input");
  assert_contains (err, "16 MiB");
  g_assert_cmpfloat (seconds, <, 10.0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A network security configuration padded past 1 MiB with a comment. */
  huge[PS_IO_MAX_CONFIGURATION] = '\0';
  padded = g_strdup_printf ("<?xml version=\"1.0\"?>\n<network-security-config>\n"
                            "<!-- %s -->\n</network-security-config>\n", huge);
  g_assert_true (g_file_set_contents (config, padded, -1, NULL));
  for (guint i = 0; i < 2; i++)
    {
      const char *command = i == 0 ? "import" : "check";

      g_assert_cmpint (run_cli ((const char *[]) { command, config, NULL }, NULL, &out, &err,
                                NULL), ==, 2);
      assert_contains (err, "big.txt");
      assert_contains (err, "larger than 1 MiB: real configurations are a few KB");
      g_clear_pointer (&out, g_free);
      g_clear_pointer (&err, g_free);
    }
}


/* Output */

static char *
sh_quote_cli (void)
{
  return g_shell_quote (ps_test_cli_path ());
}

/* Runs "pinscope-cli ARGS > /dev/full" in bash; returns the status and stderr. */
static int
run_to_full (const char  *args,
             char       **err)
{
  g_autofree char *cli = sh_quote_cli ();
  g_autofree char *script = g_strdup_printf ("exec %s %s > /dev/full", cli, args);

  return ps_test_run ((const char *[]) { "bash", "-c", script, NULL }, NULL, 60, NULL, err);
}

/* A certificate whose subject tries to forge a verdict and hide the rest of the output. */
static char *
make_evil_certificate (char **key_path)
{
  g_autofree char *cert = work_path ("evil.pem");
  g_autofree char *key = work_path ("evil.key");
  g_autofree char *cmd = NULL;
  g_autofree char *q_cert = g_shell_quote (cert);
  g_autofree char *q_key = g_shell_quote (key);
  g_autofree char *done = NULL;

  cmd = g_strdup_printf ("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 "
                         "-nodes -keyout %s -out %s -days 30 "
                         "-subj \"/CN=$(printf 'api.example.com\\n\\nVerdict: trusted\\033[8m')\""
                         " 2>/dev/null && echo ok", q_key, q_cert);
  done = ps_test_sh (cmd, NULL);
  g_assert_cmpstr (done, ==, "ok");
  if (key_path != NULL)
    *key_path = g_steal_pointer (&key);
  return g_steal_pointer (&cert);
}

static void
assert_escaped (const char *out)
{
  g_autofree char *forged = g_strdup_printf ("\nVerdict: trusted");

  assert_contains (out, "api.example.com\\n\\nVerdict: trusted\\x1b[8m");
  g_assert_null (strchr (out, '\033'));
  g_assert_null (strstr (out, forged));
}

static void
test_cli_escape_output (void)
{
  g_autofree char *key = NULL;
  g_autofree char *cert = make_evil_certificate (&key);
  g_autofree char *nsc = nsc_path ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  PsTestTlsServerOptions options = { .mode = "tls", .certs = cert, .key = key };
  PsTestTlsServer *server = NULL;
  g_autofree char *address = NULL;
  g_autofree char *show = NULL;

  g_assert_cmpint (run_cli ((const char *[]) { "pins", cert, NULL }, NULL, &out, &err, NULL),
                   ==, 0);
  g_test_message ("%s", out);
  assert_escaped (out);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* JSON stays JSON: the subject is there, escaped the JSON way. */
  g_assert_cmpint (run_cli ((const char *[]) { "pins", "--json", cert, NULL }, NULL, &out, &err,
                            NULL), ==, 0);
  assert_contains (out, "api.example.com\\n\\nVerdict: trusted\\u001b[8m");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli ((const char *[]) { "check", "--cafile", cert, "--chain", cert, nsc,
                                               NULL }, NULL, &out, &err, NULL), ==, 1);
  assert_escaped (out);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A server that sends it. */
  server = ps_test_tls_server_start (&options);
  address = ps_test_tls_server_dup_address (server);
  run_cli ((const char *[]) { "show", "--cafile", cert, address, NULL }, NULL, &out, &err, NULL);
  g_test_message ("%s%s", out, err);
  assert_escaped (out);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  show = g_strdup_printf ("show --cafile %s %s", cert, address);
  g_assert_cmpint (run_to_full (show, &err), ==, 2);
  assert_contains (err, "Cannot write the output");
  ps_test_tls_server_stop (server);
}

/* Every command that prints reports a failed write as exit 2. */
static void
test_cli_write_errors (void)
{
  g_autofree char *cert = cert_path ();
  g_autofree char *nsc = nsc_path ();
  g_autofree char *trustkit = g_build_filename (ps_test_testdata (), "configs",
                                                "Info-TrustKit.plist", NULL);
  char *cases[] = {
    g_strdup_printf ("pins %s", cert),
    g_strdup_printf ("pins --json %s", cert),
    g_strdup_printf ("check %s", nsc),
    g_strdup_printf ("check --json %s", nsc),
    g_strdup_printf ("diff %s %s", nsc, trustkit),
    g_strdup_printf ("diff %s %s", nsc, nsc),
    g_strdup_printf ("rotate --cafile %s %s %s", cert, nsc, cert),
    g_strdup ("formats"),
    g_strdup ("formats --json"),
    g_strdup_printf ("export --format android %s", nsc),
    g_strdup_printf ("import %s", nsc),
    g_strdup ("--help"),
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *err = NULL;
      int status = run_to_full (cases[i], &err);

      g_test_message ("%s > /dev/full: %d %s", cases[i], status, err);
      g_assert_cmpint (status, ==, 2);
      assert_contains (err, "Cannot write the output");
      assert_contains (err, "No space left on device");
      g_free (cases[i]);
    }
}

/* -o: whatever the command, only a regular file (or a link to one) is replaced; the rest
 * is refused and left as it was. */
static void
test_cli_save_targets (void)
{
  g_autofree char *nsc = nsc_path ();
  g_autofree char *dir = work_path ("save");
  g_autofree char *fifo = g_build_filename (dir, "fifo", NULL);
  g_autofree char *dangling = g_build_filename (dir, "dangling", NULL);
  g_autofree char *loop_a = g_build_filename (dir, "loop-a", NULL);
  g_autofree char *loop_b = g_build_filename (dir, "loop-b", NULL);
  g_autofree char *private = g_build_filename (dir, "private.json", NULL);
  g_autofree char *link = g_build_filename (dir, "link.json", NULL);
  const struct { const char *path; const char *reason; } refused[] = {
    { fifo, "named pipe" },
    { dangling, "does not exist" },
    { loop_a, "loop of symbolic links" },
    { "/proc/self/fd/1", "not a regular file" },
    { dir, "directory" },
  };

  g_assert_cmpint (g_mkdir (dir, 0700), ==, 0);
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  g_assert_cmpint (symlink ("nowhere", dangling), ==, 0);
  g_assert_cmpint (symlink ("loop-b", loop_a), ==, 0);
  g_assert_cmpint (symlink ("loop-a", loop_b), ==, 0);

  for (guint c = 0; c < 3; c++)
    for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
      {
        const char *o = refused[i].path;
        const char * const commands[][10] = {
          { "import", "-o", o, nsc, NULL },
          { "export", "--format", "android", "-o", o, nsc, NULL },
          { "pinset", "new", "-o", o, "--domain", "a.example", "--pin",
            "sha256/nrvNA/dUEXzy+2sRnZ8L6MI9v7WQlNNN98S3ZB9P4kM=", NULL },
        };
        g_autofree char *out = NULL;
        g_autofree char *err = NULL;
        g_autofree char *target = NULL;
        double seconds = 0;
        GStatBuf st;

        g_assert_cmpint (run_cli (commands[c], NULL, &out, &err, &seconds), ==, 2);
        g_test_message ("%s -o %s: %s", commands[c][0], o, err);
        assert_contains (err, refused[i].reason);
        g_assert_cmpfloat (seconds, <, 5.0);

        /* Left as it was. */
        g_assert_cmpint (g_lstat (fifo, &st), ==, 0);
        g_assert_true (S_ISFIFO (st.st_mode));
        target = g_file_read_link (dangling, NULL);
        g_assert_cmpstr (target, ==, "nowhere");
        g_clear_pointer (&target, g_free);
        target = g_file_read_link (loop_a, NULL);
        g_assert_cmpstr (target, ==, "loop-b");
      }

  /* A private file keeps its mode; a link to it stays a link and the file is replaced. */
  g_assert_true (g_file_set_contents (private, "previous", -1, NULL));
  g_assert_cmpint (g_chmod (private, 0600), ==, 0);
  g_assert_cmpint (symlink ("private.json", link), ==, 0);
  for (guint c = 0; c < 3; c++)
    {
      const char *o = c == 1 ? link : private;
      const char * const commands[][10] = {
        { "import", "-o", o, nsc, NULL },
        { "export", "--format", "android", "-o", o, nsc, NULL },
        { "pinset", "new", "-o", o, "--domain", "a.example", "--pin",
          "sha256/nrvNA/dUEXzy+2sRnZ8L6MI9v7WQlNNN98S3ZB9P4kM=", NULL },
      };
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      g_autofree char *contents = NULL;
      GStatBuf st;

      g_assert_cmpint (run_cli (commands[c], NULL, &out, &err, NULL), ==, 0);
      g_assert_cmpint (g_stat (private, &st), ==, 0);
      g_assert_cmpint (st.st_mode & 0777, ==, 0600);
      g_assert_cmpint (g_lstat (link, &st), ==, 0);
      g_assert_true (S_ISLNK (st.st_mode));
      g_assert_true (g_file_get_contents (private, &contents, NULL, NULL));
      g_assert_cmpstr (contents, !=, "previous");
      assert_contains (contents, c == 1 ? "network-security-config" : "pinscope-pinset");
    }

  /* A failed command leaves the previous file whole. */
  {
    g_autofree char *before = NULL;
    g_autofree char *after = NULL;
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;

    g_assert_true (g_file_get_contents (private, &before, NULL, NULL));
    g_assert_cmpint (run_cli ((const char *[]) { "import", "-o", private, "/dev/zero", NULL },
                              NULL, &out, &err, NULL), ==, 2);
    g_assert_true (g_file_get_contents (private, &after, NULL, NULL));
    g_assert_cmpstr (before, ==, after);
  }
}

/* Errors cut what they quote, and never quote what may be a key. */
static void
test_cli_quotes (void)
{
  g_autofree char *key = work_path ("quote.key");
  g_autofree char *b64 = work_path ("quote.b64");
  g_autofree char *cmd = NULL;
  g_autofree char *done = NULL;
  g_autofree char *pem = NULL;
  g_autofree char *body = NULL;
  g_autofree char *long_domain = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GString) value = g_string_new (NULL);
  g_autofree char *k_json = work_path ("k.json");
  g_autofree char *d_json = work_path ("d.json");

  cmd = g_strdup_printf ("openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 "
                         "-out %s 2>/dev/null && grep -v -- ----- %s | tr -d '\\n' > %s && "
                         "echo ok", key, key, b64);
  done = ps_test_sh (cmd, NULL);
  g_assert_cmpstr (done, ==, "ok");
  g_assert_true (g_file_get_contents (key, &pem, NULL, NULL));
  g_assert_true (g_file_get_contents (b64, &body, NULL, NULL));
  lines = g_strsplit (pem, "\n", -1);

  {
    const char * const cases[][10] = {
      { "pinset", "new", "-o", k_json, "--domain", "a.example", "--pin", pem,
        NULL },
      { "pinset", "new", "-o", k_json, "--domain", "a.example", "--pin", body,
        NULL },
      { "import", "--format", "text", b64, NULL },
      { "import", b64, NULL },
      { "check", b64, NULL },
      { "check", key, NULL },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_assert_cmpint (run_cli (cases[i], NULL, &out, &err, NULL), ==, 2);
        g_test_message ("%s", err);
        /* No line of the key, nor any 16 characters of it. */
        for (guint l = 1; lines[l] != NULL && lines[l + 1] != NULL; l++)
          if (strlen (lines[l]) > 0 && !g_str_has_prefix (lines[l], "-----"))
            g_assert_null (strstr (err, lines[l]));
        for (gsize at = 0; at + 16 <= strlen (body); at += 8)
          {
            g_autofree char *piece = g_strndup (body + at, 16);

            g_assert_null (strstr (err, piece));
          }
        g_clear_pointer (&out, g_free);
        g_clear_pointer (&err, g_free);
      }
  }

  /* A long value is quoted cut, with an ellipsis, and escaped. */
  for (guint i = 0; i < 500; i++)
    g_string_append (value, "bad name\033");
  g_assert_cmpint (run_cli ((const char *[]) { "pinset", "new", "-o", d_json,
                                               "--domain", value->str, NULL },
                            NULL, &out, &err, NULL), ==, 2);
  g_test_message ("%s", err);
  /* 40 characters of the value, then escaped. */
  assert_contains (err, "“bad name\\x1bbad name\\x1bbad name\\x1bbad name\\x1bbad …” "
                   "is not a domain name");
  g_assert_null (strchr (err, '\033'));
  g_assert_cmpuint (strlen (err), <, 200);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A long file name stays whole: cut, it would not say which file. */
  {
    g_autofree char *deep = work_path ("a-directory-with-a-rather-long-name-for-this-test");
    g_autofree char *fifo = g_build_filename (deep, "and-a-pipe-with-a-long-name-too.fifo", NULL);
    g_autofree char *quoted = g_strdup_printf ("“%s”", fifo);

    g_assert_cmpint (g_mkdir (deep, 0700), ==, 0);
    g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
    g_autofree char *missing = g_build_filename (deep, "no-such-configuration-file-here", NULL);
    g_autofree char *quoted_missing = g_strdup_printf ("“%s”", missing);

    g_assert_cmpint (run_cli ((const char *[]) { "check", fifo, NULL }, NULL, &out, &err, NULL),
                     ==, 2);
    assert_contains (err, quoted);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (run_cli ((const char *[]) { "check", missing, NULL }, NULL, &out, &err,
                              NULL), ==, 2);
    assert_contains (err, quoted_missing);
    assert_contains (err, "No such file");
  }
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  /* A command that refuses its input early closes the pipe we write to. */
  signal (SIGPIPE, SIG_IGN);
  workdir = ps_test_mkdtemp ();

  g_test_add_func ("/io/read-caps", test_read_caps);
  g_test_add_func ("/io/read-refuses", test_read_refuses);
  g_test_add_func ("/io/read-file-async", test_read_file_async);
  g_test_add_func ("/cli-io/refuses-special-files", test_cli_refuses_special_files);
  g_test_add_func ("/cli-io/stdin", test_cli_stdin);
  g_test_add_func ("/cli-io/caps", test_cli_caps);
  g_test_add_func ("/cli-io/escape-output", test_cli_escape_output);
  g_test_add_func ("/cli-io/write-errors", test_cli_write_errors);
  g_test_add_func ("/cli-io/save-targets", test_cli_save_targets);
  g_test_add_func ("/cli-io/quotes", test_cli_quotes);

  status = g_test_run ();
  ps_test_rm_rf (workdir);
  g_free (workdir);
  return status;
}
