/* cn_cli.h - the command line: `cybernorms COMMAND ...`, and the table of
 * commands.
 *
 * The dispatcher (sim/cli.c) reads the first argument: --help, -h,
 * --version, or a command of the table below, which it hands the rest of
 * argv (argv[0] is then the command's name).  A misspelled command gets a
 * did-you-mean; `cybernorms --help` lists every command.  Each command
 * lives in its own module, sim/cmd_NAME.c, which exports its entry point
 * and the text of `cybernorms help NAME`; it parses its own arguments with
 * the shared toolkit (cn_cmdline.h) and returns the exit status: 0 ok,
 * 1 runtime failure, 2 bad input (cn_exit_code), 128 + the signal when
 * HUP, INT, QUIT or TERM interrupted it (no partial result is left).
 * No command holds model logic.
 */
#ifndef CN_CLI_H
#define CN_CLI_H

/* A command: one line of the table in sim/cli.c. */
typedef struct {
    const char *name;     /* e.g. "backtest" */
    const char *synopsis; /* e.g. "backtest [DIR|FILE]", for --help */
    const char *summary;  /* one line for --help */
    const char *help;     /* the text of `cybernorms help NAME` */
    int (*main)(int argc, char **argv);
    int listed;           /* 1: --help lists it under "more commands"; 0: the usage
                           * text itself shows it (run, check, help) */
} cn_command;

/* The entry points and help texts of the commands (sim/cmd_NAME.c). */
int cn_cmd_run(int argc, char **argv);
extern const char cn_cmd_run_help[];
int cn_cmd_check(int argc, char **argv);
extern const char cn_cmd_check_help[];
int cn_cmd_sweep(int argc, char **argv);
extern const char cn_cmd_sweep_help[];
int cn_cmd_export(int argc, char **argv);
extern const char cn_cmd_export_help[];
int cn_cmd_merge(int argc, char **argv);
extern const char cn_cmd_merge_help[];
int cn_cmd_report(int argc, char **argv);
extern const char cn_cmd_report_help[];
int cn_cmd_backtest(int argc, char **argv);
extern const char cn_cmd_backtest_help[];
int cn_cmd_play(int argc, char **argv);
extern const char cn_cmd_play_help[];
int cn_cmd_narrate(int argc, char **argv);
extern const char cn_cmd_narrate_help[];
int cn_cmd_classroom(int argc, char **argv);
extern const char cn_cmd_classroom_help[];

/* Runs the program: argv[0] is the program, argv[1] the command.  Returns
 * the exit status.  Call gsl_set_error_handler_off() and install the
 * signal handlers (cn_cmdline_signals_install) before (main does). */
int cn_cli_main(int argc, char **argv);

#endif
