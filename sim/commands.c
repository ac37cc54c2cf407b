/* commands.c - the table of commands beyond run, check and help
 * (cn_commands.h).  Add one line per command, before the NULL entry. */
#include "cn_commands.h"

#include <stddef.h>
#include <string.h>

/* Each command's module exports its entry point. */
/* COMMAND DECLARATIONS */

const cn_command cn_commands[] = {
    /* COMMAND TABLE */
    {NULL, NULL, NULL, NULL, NULL},
};

const cn_command *cn_commands_find(const char *name)
{
    if (name == NULL)
        return NULL;
    for (const cn_command *c = cn_commands; c->name != NULL; c++)
        if (strcmp(c->name, name) == 0)
            return c;
    return NULL;
}
