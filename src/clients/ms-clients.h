/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ms-client.h"

G_BEGIN_DECLS

/* Every mail program Mail Setup can write, in the order it offers them. */
GPtrArray *ms_clients_new_all (void);
/* The one with this id ("thunderbird", "evolution"), or NULL. */
MsClient  *ms_clients_find    (GPtrArray *clients, const char *id);

G_END_DECLS
