/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ms-types.h"

G_BEGIN_DECLS

guint    ms_ports_default_port      (MsProtocol protocol, MsSecurity security);
gboolean ms_ports_security_for_port (MsProtocol protocol, guint port, MsSecurity *security);
gboolean ms_ports_is_well_known     (MsProtocol protocol, guint port);
gboolean ms_ports_parse             (const char *text, guint *port);

G_END_DECLS
