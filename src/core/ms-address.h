/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MS_ADDRESS_ERROR (ms_address_error_quark ())

typedef enum {
  MS_ADDRESS_ERROR_EMPTY,
  MS_ADDRESS_ERROR_TOO_LONG,
  MS_ADDRESS_ERROR_SPACE,
  MS_ADDRESS_ERROR_CONTROL,
  MS_ADDRESS_ERROR_NO_AT,
  MS_ADDRESS_ERROR_MANY_AT,
  MS_ADDRESS_ERROR_LOCAL_EMPTY,
  MS_ADDRESS_ERROR_LOCAL_TOO_LONG,
  MS_ADDRESS_ERROR_LOCAL_CHAR,
  MS_ADDRESS_ERROR_LOCAL_DOTS,
  MS_ADDRESS_ERROR_DOMAIN_EMPTY,
  MS_ADDRESS_ERROR_DOMAIN_NO_DOT,
  MS_ADDRESS_ERROR_DOMAIN_LITERAL,
  MS_ADDRESS_ERROR_HOST_INVALID,
  MS_ADDRESS_ERROR_HOST_TOO_LONG,
  MS_ADDRESS_ERROR_LABEL_EMPTY,
  MS_ADDRESS_ERROR_LABEL_TOO_LONG,
  MS_ADDRESS_ERROR_LABEL_CHAR,
  MS_ADDRESS_ERROR_LABEL_HYPHEN,
  MS_ADDRESS_ERROR_NUMERIC_TLD,
} MsAddressError;

GQuark    ms_address_error_quark (void);

gboolean  ms_address_validate     (const char *address, GError **error);
gboolean  ms_address_split        (const char *address, char **local_part, char **domain);
char     *ms_address_to_ascii     (const char *address);
gboolean  ms_hostname_validate    (const char *hostname, gboolean require_dot, char **ascii, GError **error);

G_END_DECLS
