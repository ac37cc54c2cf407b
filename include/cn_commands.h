/* cn_commands.h - the commands beyond run, check and help.
 *
 * Each command lives in its own module (sim/cmd_<name>.c) and is listed
 * once in the table of sim/commands.c; the CLI dispatches to it, lists it
 * in --help and suggests it for misspelled commands.  A command parses
 * its own arguments (argv[0] is the command's name) and returns the exit
 * status: 0 ok, 1 runtime failure, 2 bad input (cn_exit_code).
 */
#ifndef CN_COMMANDS_H
#define CN_COMMANDS_H

typedef struct {
    const char *name;     /* e.g. "backtest" */
    const char *synopsis; /* e.g. "backtest [DIR]" */
    const char *summary;  /* one line for --help */
    const char *help;     /* the text of `cybernorms help NAME` */
    int (*main)(int argc, char **argv);
} cn_command;

/* The table, ending with an entry whose name is NULL. */
extern const cn_command cn_commands[];

/* The command called name, NULL if none. */
const cn_command *cn_commands_find(const char *name);

#endif
