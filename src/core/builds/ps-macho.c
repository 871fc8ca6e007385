/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ps-error.h"
#include "ps-macho.h"

/* Mach-O headers per Apple's <mach-o/loader.h> and <mach-o/fat.h>: mach_header(_64),
 * load_command, encryption_info_command(_64) { cmd, cmdsize, cryptoff, cryptsize,
 * cryptid }. An App Store executable is FairPlay-encrypted: cryptid 1 means the text
 * segment holds ciphertext, so no string can be read from it. */

#define MH_MAGIC              0xfeedfaceu
#define MH_MAGIC_64           0xfeedfacfu
#define FAT_MAGIC             0xcafebabeu
#define FAT_MAGIC_64          0xcafebabfu
#define LC_ENCRYPTION_INFO    0x21u
#define LC_ENCRYPTION_INFO_64 0x2cu
#define MAX_FAT_ARCHS         32

static guint32
le32 (const guint8 *p)
{
  return (guint32) p[0] | ((guint32) p[1] << 8) | ((guint32) p[2] << 16) |
         ((guint32) p[3] << 24);
}

static guint32
be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

static guint64
be64 (const guint8 *p)
{
  return ((guint64) be32 (p) << 32) | be32 (p + 4);
}

static void
truncated (GError **error)
{
  g_set_error_literal (error, PS_ERROR, PS_ERROR_INVALID_DATA,
                       _("The Mach-O load commands are truncated or inconsistent"));
}

static PsMachoKind
check_thin (const guint8  *data,
            gsize          len,
            GError       **error)
{
  guint32 magic, ncmds, sizeofcmds;
  gsize header, offset;

  if (len < 28)
    return PS_MACHO_NONE;
  magic = le32 (data);
  if (magic != MH_MAGIC && magic != MH_MAGIC_64)
    return PS_MACHO_NONE;
  header = magic == MH_MAGIC_64 ? 32 : 28;
  ncmds = le32 (data + 16);
  sizeofcmds = le32 (data + 20);
  if (len < header || sizeofcmds > len - header)
    {
      truncated (error);
      return PS_MACHO_NONE;
    }
  offset = header;
  for (guint32 i = 0; i < ncmds; i++)
    {
      guint32 cmd, cmdsize;

      if (header + sizeofcmds - offset < 8)
        {
          truncated (error);
          return PS_MACHO_NONE;
        }
      cmd = le32 (data + offset);
      cmdsize = le32 (data + offset + 4);
      if (cmdsize < 8 || cmdsize > header + sizeofcmds - offset)
        {
          truncated (error);
          return PS_MACHO_NONE;
        }
      if ((cmd == LC_ENCRYPTION_INFO || cmd == LC_ENCRYPTION_INFO_64) && cmdsize >= 20 &&
          le32 (data + offset + 16) != 0)
        return PS_MACHO_ENCRYPTED;
      offset += cmdsize;
    }
  return PS_MACHO_PLAIN;
}

PsMachoKind
ps_macho_check (const guint8  *data,
                gsize          len,
                GError       **error)
{
  guint32 magic, n_archs;
  gsize entry_size;
  PsMachoKind result = PS_MACHO_PLAIN;

  if (len < 8)
    return PS_MACHO_NONE;
  magic = be32 (data);
  if (magic != FAT_MAGIC && magic != FAT_MAGIC_64)
    return check_thin (data, len, error);

  /* 0xcafebabe is also a Java class file; those have a version there, not a small count. */
  n_archs = be32 (data + 4);
  if (n_archs == 0 || n_archs > MAX_FAT_ARCHS)
    return PS_MACHO_NONE;
  entry_size = magic == FAT_MAGIC_64 ? 32 : 20;
  if ((len - 8) / entry_size < n_archs)
    {
      truncated (error);
      return PS_MACHO_NONE;
    }
  for (guint32 i = 0; i < n_archs; i++)
    {
      const guint8 *arch = data + 8 + i * entry_size;
      guint64 offset = magic == FAT_MAGIC_64 ? be64 (arch + 8) : be32 (arch + 8);
      guint64 size = magic == FAT_MAGIC_64 ? be64 (arch + 16) : be32 (arch + 12);
      PsMachoKind kind;

      if (offset > len || size > len - offset)
        {
          truncated (error);
          return PS_MACHO_NONE;
        }
      kind = check_thin (data + offset, size, error);
      if (kind == PS_MACHO_NONE)
        {
          if (error != NULL && *error == NULL)
            truncated (error);
          return PS_MACHO_NONE;
        }
      if (kind == PS_MACHO_ENCRYPTED)
        result = PS_MACHO_ENCRYPTED;
    }
  return result;
}
