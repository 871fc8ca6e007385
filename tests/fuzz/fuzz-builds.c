/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer targets for the readers of shipped builds (src/core/builds), one per reader,
 * chosen at build time by PS_FUZZ_BUILDS: "axml" (Android binary XML, then its XML text and
 * manifest facts), "arsc" (the resource table, then every id it names resolved), "dex" (the
 * DEX string table, then the pin scanner over it), "scan" (the pin scanner over raw bytes,
 * as for libapp.so or a React Native bundle) and "macho" (the FairPlay check). Any bytes:
 * an error or a result, never a crash, a hang or a leak. */
#include "config.h"

#include <string.h>

#include "ps-arsc.h"
#include "ps-axml.h"
#include "ps-dex-strings.h"
#include "ps-error.h"
#include "ps-fuzz.h"
#include "ps-macho.h"

#ifndef PS_FUZZ_BUILDS
#error "PS_FUZZ_BUILDS names the reader"
#endif

static void
fuzz_axml (const guint8 *data,
           gsize         len)
{
  g_autoptr(GError) error = NULL;
  PsAxmlDocument *doc = ps_axml_parse (data, len, &error);
  g_auto(PsAxmlManifest) manifest = { 0 };
  g_autoptr(GError) manifest_error = NULL;
  g_autofree char *xml = NULL;

  PS_FUZZ_CHECK ((doc == NULL) == (error != NULL));
  if (doc == NULL)
    return;
  xml = ps_axml_document_to_xml (doc);
  PS_FUZZ_CHECK (xml != NULL && g_utf8_validate (xml, -1, NULL));
  if (!ps_axml_get_manifest (doc, &manifest, &manifest_error))
    PS_FUZZ_CHECK (manifest_error != NULL);
  ps_axml_document_free (doc);
}

static void
fuzz_arsc (const guint8 *data,
           gsize         len)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PsArsc) arsc = ps_arsc_parse (data, len, &error);

  PS_FUZZ_CHECK ((arsc == NULL) == (error != NULL));
  if (arsc == NULL)
    return;
  /* Ids of the application package and of the framework, in the ranges that matter. */
  for (guint32 type = 1; type <= 8; type++)
    for (guint32 entry = 0; entry < 8; entry++)
      {
        guint32 ids[] = { 0x7f000000 | type << 16 | entry, 0x01000000 | type << 16 | entry };

        for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
          {
            g_autoptr(GError) resolve_error = NULL;
            g_autoptr(GError) name_error = NULL;
            g_autofree char *value = ps_arsc_resolve_string (arsc, ids[i], &resolve_error);
            g_autofree char *name = ps_arsc_get_name (arsc, ids[i], &name_error);

            PS_FUZZ_CHECK ((value == NULL) == (resolve_error != NULL));
            PS_FUZZ_CHECK ((name == NULL) == (name_error != NULL));
          }
      }
  (void) ps_arsc_find (arsc, "raw", "pinned_ca");
}

static void
fuzz_dex (const guint8 *data,
          gsize         len)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) strings = ps_dex_read_strings (data, len, NULL, &error);
  g_autoptr(GPtrArray) literals = NULL;

  PS_FUZZ_CHECK ((strings == NULL) == (error != NULL));
  if (strings == NULL)
    return;
  for (guint i = 0; i < strings->len; i++)
    PS_FUZZ_CHECK (g_utf8_validate (g_ptr_array_index (strings, i), -1, NULL));
  literals = ps_pin_scan_strings (strings);
  for (guint i = 0; i < literals->len; i++)
    {
      PsPinLiteral *literal = g_ptr_array_index (literals, i);

      /* A DEX table never proves a host. */
      PS_FUZZ_CHECK (literal->pin != NULL && literal->host == NULL);
    }
}

static void
fuzz_scan (const guint8 *data,
           gsize         len)
{
  g_autoptr(GPtrArray) literals = ps_pin_scan_bytes (data, len);

  for (guint i = 0; i < literals->len; i++)
    {
      PsPinLiteral *literal = g_ptr_array_index (literals, i);

      PS_FUZZ_CHECK (literal->pin != NULL && literal->text != NULL);
      PS_FUZZ_CHECK (literal->offset < len);
    }
}

static void
fuzz_macho (const guint8 *data,
            gsize         len)
{
  g_autoptr(GError) error = NULL;
  PsMachoKind kind = ps_macho_check (data, len, &error);

  PS_FUZZ_CHECK (error == NULL || kind == PS_MACHO_NONE);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  ps_fuzz_init ();
  if (strcmp (PS_FUZZ_BUILDS, "axml") == 0)
    fuzz_axml (data, size);
  else if (strcmp (PS_FUZZ_BUILDS, "arsc") == 0)
    fuzz_arsc (data, size);
  else if (strcmp (PS_FUZZ_BUILDS, "dex") == 0)
    fuzz_dex (data, size);
  else if (strcmp (PS_FUZZ_BUILDS, "scan") == 0)
    fuzz_scan (data, size);
  else
    fuzz_macho (data, size);
  return 0;
}
