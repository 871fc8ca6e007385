/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A fresh private directory; removed (recursively) by ps_test_rm_rf. */
char       *ps_test_mkdtemp            (void);
void        ps_test_rm_rf              (const char  *path);

/* tests/data of the source tree: public certificates and sample configurations (PS_TESTDATA). */
const char *ps_test_testdata    (void);
/* The built pinscope-cli (PS_CLI from meson). */
const char *ps_test_cli_path           (void);

/* Runs argv with stdin from @input (may be NULL), bounded by @timeout_seconds; the process
 * is killed past that. Returns the exit status (or -1 if it could not run or was killed);
 * stdout and stderr are returned when the pointers are non-NULL. */
int         ps_test_run                (const char * const *argv,
                                        const char         *input,
                                        guint               timeout_seconds,
                                        char              **out,
                                        char              **err);
/* sh -c @command, stdout returned (trailing newline removed), status in @status. */
char       *ps_test_sh                 (const char  *command,
                                        int         *status);
/* pinscope-cli ARGS..., NULL-terminated. */
int         ps_test_cli                (char       **out,
                                        char       **err,
                                        ...) G_GNUC_NULL_TERMINATED;

/* Independent pins (base64 SHA-256 of the SPKI) of the first certificate in a PEM/DER
 * file, computed with openssl and with certtool. */
char       *ps_test_openssl_pin        (const char  *cert_path);
char       *ps_test_certtool_pin       (const char  *cert_path);

/* Test PKI, generated with certtool in @dir. @key_type is "rsa" or "ecdsa" (@bits ignored
 * for ecdsa: P-256). Returns the path of the new PEM file. */
char       *ps_test_gen_key            (const char  *dir,
                                        const char  *name,
                                        const char  *key_type,
                                        guint        bits);
/* @template is certtool template text. Self-signed when @ca_cert is NULL. */
char       *ps_test_gen_cert           (const char  *dir,
                                        const char  *name,
                                        const char  *key,
                                        const char  *ca_cert,
                                        const char  *ca_key,
                                        const char  *template_text);
/* Template helpers. */
char       *ps_test_ca_template        (const char  *cn,
                                        int          days);
char       *ps_test_leaf_template      (const char  *cn,
                                        const char * const *dns_names,
                                        int          days);

/* Concatenates files into @out_path. */
void        ps_test_cat                (const char  *out_path,
                                        ...) G_GNUC_NULL_TERMINATED;

G_END_DECLS
