/* cn_cli.h - the command line: `cybernorms run|check|help ...`.
 *
 * The CLI holds no model logic: it parses arguments, loads the scenario
 * (cn_load.h), runs it (cn_runner.h) and hands the results to the writers
 * (cn_output.h).  Exit status: 0 ok, 1 runtime failure, 2 bad input
 * (cn_exit_code), 128 + signal number when SIGINT or SIGTERM interrupted
 * a run (no results are written then).
 */
#ifndef CN_CLI_H
#define CN_CLI_H

#include "cn_error.h"

typedef enum {
    CN_CLI_USAGE = 0, /* no command: usage on stderr, exit 2 */
    CN_CLI_HELP,      /* --help, -h, help [COMMAND], COMMAND --help */
    CN_CLI_VERSION,   /* --version */
    CN_CLI_RUN,
    CN_CLI_CHECK
} cn_cli_command;

/* Parsed arguments. */
typedef struct {
    cn_cli_command command;
    const char *topic;   /* help: the command asked about, NULL: general (points into argv) */
    const char *file;    /* run, check: the scenario (points into argv) */
    const char *out;     /* run: --out, NULL: results/<scenario name> (points into argv) */
    int quiet;           /* run: --quiet */
    int no_progress;     /* run: --no-progress */
    int force;           /* run: --force (replace the results already in the folder) */
    int n_sets;
    char **sets;         /* owned: --set values and --seed/--replications/--threads as
                          * "run.seed=N" etc., in command-line order */
} cn_cli_args;

/* Parses argv (argv[0] is the program).  On CN_EINPUT, d->msg says what is
 * wrong (with a did-you-mean for misspelled commands and options) and
 * a->command names the command when one was recognised, so the caller can
 * point to its help.  CN_ENOMEM on out of memory.  Free a with
 * cn_cli_args_free in every case. */
int cn_cli_parse(int argc, char *const *argv, cn_cli_args *a, cn_diag *d);
void cn_cli_args_free(cn_cli_args *a);

/* Strict integer: optional sign and decimal digits only, whole string,
 * no overflow, within [lo, hi].  CN_OK or CN_EINPUT (*out untouched). */
int cn_cli_parse_long(const char *text, long lo, long hi, long *out);

/* Runs the program; returns the exit status.  Call
 * gsl_set_error_handler_off() before (main does). */
int cn_cli_main(int argc, char **argv);

#endif
