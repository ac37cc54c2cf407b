/* cmd_check.c - `cybernorms check FILE [--set KEY=VALUE]...`: validates a
 * scenario and prints it fully resolved (cn_cli.h).  The loader does the
 * checking (cn_load.h), the scenario writer the printing (cn_scenario.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cn_cli.h"
#include "cn_cmdline.h"
#include "cn_error.h"
#include "cn_scenario.h"

#define PROG CN_CMDLINE_PROG

static const cn_cmdline_option options[] = {
    {"--set", "a value", 0}, {"--help", NULL, 0}, {"-h", NULL, 0},
};

typedef struct {
    const char *file;
    cn_cmdline_sets sets;
    int help;
} check_args;

/* CN_OK (a->help set for --help), or CN_EINPUT with d filled. */
static int parse_args(int argc, char **argv, check_args *a, cn_diag *d)
{
    memset(a, 0, sizeof *a);
    cn_cmdline c;
    cn_cmdline_init(&c, "check", options, (int)(sizeof options / sizeof options[0]),
                    CN_CMDLINE_EQUALS | CN_CMDLINE_DASHDASH | CN_CMDLINE_DASH, argc, argv, 1);
    cn_cmdline_arg arg;
    int rc;
    while ((rc = cn_cmdline_next_option(&c, &arg, &a->file, &a->help, d)) == CN_OK
           && arg.text != NULL)
        if ((rc = cn_cmdline_sets_add(&c, &a->sets, arg.text, d)) != CN_OK)
            return rc;
    if (rc == CN_OK && !a->help && a->file == NULL)
        return cn_cmdline_error(&c, d, "a scenario FILE is needed");
    return rc;
}

int cn_cmd_check(int argc, char **argv)
{
    check_args a;
    cn_diag d;
    if (parse_args(argc, argv, &a, &d) != CN_OK)
        return cn_cmdline_usage("check", &d);
    if (a.help) {
        fputs(cn_cmd_check_help, stdout);
        return 0; /* main checks standard output (main.c) */
    }
    cn_scenario *s;
    int ex = cn_cmdline_load(NULL, a.file, a.sets.v, a.sets.n, &s);
    if (ex != 0)
        return ex;
    int rc = cn_scenario_write(s, stdout);
    cn_scenario_free(s);
    if (rc != CN_OK || fflush(stdout) != 0 || ferror(stdout)) {
        cn_cmdline_say("cannot write the resolved scenario: %s", strerror(errno));
        return cn_exit_code(CN_EIO);
    }
    return 0;
}

const char cn_cmd_check_help[] =
    "usage: " PROG " check FILE [--set KEY=VALUE]...\n"
    "\n"
    "Validates scenario FILE (with the overrides applied) and prints the\n"
    "resolved scenario, every default written out, on standard output.\n"
    "Errors name the file, the line and the setting.\n"
    "\n"
    "options:\n"
    "  --set KEY=VALUE    override a setting (repeatable)\n";
