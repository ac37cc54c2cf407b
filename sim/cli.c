/* cli.c - the dispatcher (cn_cli.h): the table of commands, usage,
 * `help`, --help and --version.
 *
 * Everything a command does lives in its module (sim/cmd_NAME.c); here
 * the first argument is matched against the table and the rest of argv is
 * handed on.  A new command is one line of the table (and its module).
 */
#include "cn_cli.h"

#include <stdio.h>
#include <string.h>

#include "cn_cmdline.h"
#include "cn_error.h"
#include "cn_output.h"
#include "cn_suggest.h"

#define PROG CN_CMDLINE_PROG

static int cmd_help(int argc, char **argv);

static const char usage_text[] =
    "usage: " PROG " run FILE [--seed N] [--replications N] [--threads N]\n"
    "                  [--out DIR] [--set KEY=VALUE]... [--quiet] [--no-progress]\n"
    "                  [--force]\n"
    "       " PROG " check FILE [--set KEY=VALUE]...\n"
    "       " PROG " help [COMMAND]\n"
    "       " PROG " --help | -h | --version\n";

static const char help_text[] =
    PROG " - simulates international negotiations over cyber norms.\n"
    "\n"
    "%s"
    "\n"
    "commands:\n"
    "  run FILE     run the scenario's replications; write results/<name>/\n"
    "               runs.csv, summary.csv, summary.md and scenario.cfg\n"
    "  check FILE   validate the scenario and print it fully resolved\n"
    "  help [CMD]   this text, or the options of a command\n"
    "\n"
    "Scenario files are described in docs/scenarios.md.\n"
    "Exit status: 0 ok, 1 runtime failure, 2 bad input, 130 interrupted.\n";

static const char help_help_text[] =
    "usage: " PROG " help [COMMAND]\n"
    "\n"
    "Prints the general help, or the help of COMMAND (run, check, help).\n";

/* Every command, in the order of --help (and of the did-you-mean). */
static const cn_command commands[] = {
    /* name, synopsis, summary, help, main, listed under "more commands" */
    {"run", "run FILE", "run the scenario's replications", cn_cmd_run_help, cn_cmd_run, 0},
    {"check", "check FILE", "validate the scenario, print it resolved", cn_cmd_check_help,
     cn_cmd_check, 0},
    {"help", "help [COMMAND]", "the help of a command", help_help_text, cmd_help, 0},
    {"sweep", "sweep FILE [--replications N]", "run a sweep design; what-if table, results store",
     cn_cmd_sweep_help, cn_cmd_sweep, 1},
    {"export", "export DB [--format F]", "a sweep store's what-if table as md/csv/tex/html",
     cn_cmd_export_help, cn_cmd_export, 1},
    {"merge", "merge OUT A.sqlite B.sqlite", "combine the stores of a sharded sweep",
     cn_cmd_merge_help, cn_cmd_merge, 1},
    {"report", "report RESULTS [--out FILE]", "a self-contained HTML report of a run or a sweep",
     cn_cmd_report_help, cn_cmd_report, 1},
    {"backtest", "backtest [DIR|FILE]", "run the history library against what happened",
     cn_cmd_backtest_help, cn_cmd_backtest, 1},
    {"play", "play FILE --as STATE,...", "role-play states against the model", cn_cmd_play_help,
     cn_cmd_play, 1},
    {"narrate", "narrate FILE [--seed N]", "tell one replication in plain English",
     cn_cmd_narrate_help, cn_cmd_narrate, 1},
    {"classroom", "classroom FILE [--port N]",
     "a class plays in the browser, one student per device", cn_cmd_classroom_help,
     cn_cmd_classroom, 1},
};
#define N_COMMANDS (sizeof commands / sizeof commands[0])

static const cn_command *find_command(const char *name)
{
    for (size_t i = 0; i < N_COMMANDS; i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

/* "unknown command 'X'" (after "help: " when in_help), with a did-you-mean. */
static int unknown_command(const char *word, int in_help)
{
    const char *names[N_COMMANDS];
    for (size_t i = 0; i < N_COMMANDS; i++)
        names[i] = commands[i].name;
    const char *best = cn_suggest(word, names, N_COMMANDS);
    const char *pre = in_help ? "help: " : "";
    if (best != NULL)
        return cn_cmdline_usage_error(NULL, "%sunknown command '%s'; did you mean '%s'?", pre,
                                      word, best);
    return cn_cmdline_usage_error(NULL, "%sunknown command '%s'", pre, word);
}

static void print_general_help(void)
{
    printf(help_text, usage_text);
    printf("\nmore commands:\n");
    for (size_t i = 0; i < N_COMMANDS; i++) {
        const cn_command *c = &commands[i];
        if (!c->listed)
            continue;
        if (strlen(c->synopsis) <= 28)
            printf("  %-28s %s\n", c->synopsis, c->summary);
        else
            printf("  %s\n  %-28s %s\n", c->synopsis, "", c->summary);
    }
}

/* `help [COMMAND]` (argv[0] is "help"). */
static int cmd_help(int argc, char **argv)
{
    if (argc > 2)
        return cn_cmdline_usage_error(NULL, "help: unexpected argument '%s'", argv[2]);
    if (argc < 2) {
        print_general_help();
        return 0; /* main checks standard output (main.c) */
    }
    const cn_command *c = find_command(argv[1]);
    if (c == NULL)
        return unknown_command(argv[1], 1);
    fputs(c->help, stdout);
    return 0;
}

/* --help, -h, --version: the program's own options. */
static int global_option(int argc, char **argv)
{
    static const cn_cmdline_option options[] = {
        {"--help", NULL, 0}, {"-h", NULL, 0}, {"--version", NULL, 0},
    };
    cn_cmdline c;
    cn_cmdline_arg arg;
    cn_diag d;
    cn_cmdline_init(&c, NULL, options, (int)(sizeof options / sizeof options[0]), 0, argc, argv,
                    1);
    if (cn_cmdline_next(&c, &arg, &d) != CN_OK)
        return cn_cmdline_usage(NULL, &d);
    if (argc > 2)
        return cn_cmdline_usage_error(NULL, "unexpected argument '%s' after '%s'", argv[2],
                                      argv[1]);
    if (cn_cmdline_is(&arg, "--version"))
        printf(PROG " %s\n", CN_VERSION);
    else
        print_general_help();
    return 0; /* main checks standard output (main.c) */
}

int cn_cli_main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage_text, stderr);
        return cn_exit_code(CN_EINPUT);
    }
    if (argv[1][0] == '-')
        return global_option(argc, argv);
    const cn_command *c = find_command(argv[1]);
    if (c == NULL)
        return unknown_command(argv[1], 0);
    return c->main(argc - 1, argv + 1);
}
