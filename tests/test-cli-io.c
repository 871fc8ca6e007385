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
#include "ps-test-util.h"

/* Bounded, safe input (ps-io) and the command line's use of it: devices, named pipes and
 * directories are refused at once, standard input and "<(...)" are read within the same
 * caps, and a too-large input names its cap. */

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
      const char * const cases[][10] = {
        { "import", x, NULL },
        { "export", "--format", "android", x, NULL },
        { "check", x, NULL },
        { "check", "--cafile", x, "--chain", cert, nsc, NULL },
        { "check", "--cafile", x, nsc, NULL },
        { "check", "--chain", x, nsc, NULL },
        { "diff", x, nsc, NULL },
        { "rotate", nsc, x, NULL },
        { "pins", x, NULL },
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

  status = g_test_run ();
  ps_test_rm_rf (workdir);
  g_free (workdir);
  return status;
}
