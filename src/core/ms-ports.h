/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ms-types.h"

G_BEGIN_DECLS

/* The standard doors of a mail server, the one table every part uses:
 * IMAP 993 SSL, 143 STARTTLS; POP3 995 SSL, 110 STARTTLS; SMTP 465 SSL,
 * 587 STARTTLS, 25 STARTTLS.  For each protocol the first is the one the
 * provider's guide recommends. */
typedef struct {
  MsProtocol protocol;
  guint port;
  MsSecurity security;
  gboolean implies_security;   /* the port alone says the security (not 25) */
} MsDoor;

const MsDoor *ms_ports_doors             (guint *n_doors);

guint    ms_ports_default_port      (MsProtocol protocol, MsSecurity security);
gboolean ms_ports_security_for_port (MsProtocol protocol, guint port, MsSecurity *security);
gboolean ms_ports_is_well_known     (MsProtocol protocol, guint port);
gboolean ms_ports_parse             (const char *text, guint *port);

G_END_DECLS
