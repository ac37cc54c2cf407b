/* commands.c - the table of commands beyond run, check and help
 * (cn_commands.h).  Add one line per command, before the NULL entry. */
#include "cn_commands.h"

#include <stddef.h>
#include <string.h>

/* Each command's module exports its entry point. */
/* COMMAND DECLARATIONS */
int cn_cmd_sweep(int argc, char **argv); extern const char cn_cmd_sweep_help[];
int cn_cmd_export(int argc, char **argv); extern const char cn_cmd_export_help[];
int cn_cmd_merge(int argc, char **argv); extern const char cn_cmd_merge_help[];
int cn_cmd_report(int argc, char **argv); extern const char cn_cmd_report_help[];
int cn_cmd_backtest(int argc, char **argv); extern const char cn_cmd_backtest_help[];
int cn_cmd_play(int argc, char **argv); extern const char cn_cmd_play_help[];
int cn_cmd_narrate(int argc, char **argv); extern const char cn_cmd_narrate_help[];
int cn_cmd_classroom(int argc, char **argv); extern const char cn_cmd_classroom_help[];

const cn_command cn_commands[] = {
    /* COMMAND TABLE */
    {"sweep", "sweep FILE [--replications N]", "run a sweep design; what-if table, results store", cn_cmd_sweep_help, cn_cmd_sweep},
    {"export", "export DB [--format F]", "a sweep store's what-if table as md/csv/tex/html", cn_cmd_export_help, cn_cmd_export},
    {"merge", "merge OUT A.sqlite B.sqlite", "combine the stores of a sharded sweep", cn_cmd_merge_help, cn_cmd_merge},
    {"report", "report RESULTS [--out FILE]", "a self-contained HTML report of a run or a sweep", cn_cmd_report_help, cn_cmd_report},
    {"backtest", "backtest [DIR|FILE]", "run the history library against what happened", cn_cmd_backtest_help, cn_cmd_backtest},
    {"play", "play FILE --as STATE,...", "role-play states against the model", cn_cmd_play_help, cn_cmd_play},
    {"narrate", "narrate FILE [--seed N]", "tell one replication in plain English", cn_cmd_narrate_help, cn_cmd_narrate},
    {"classroom", "classroom FILE [--port N]", "a class plays in the browser, one student per device", cn_cmd_classroom_help, cn_cmd_classroom},
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
