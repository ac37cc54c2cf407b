/* cmd_report.c - `cybernorms report RESULTS [--out FILE]`: a
 * self-contained HTML report of a run's folder (cn_report.h).  Argument
 * parsing and messages only. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cn_cmdline.h"
#include "cn_error.h"
#include "cn_report.h"

int cn_cmd_report(int argc, char **argv);
extern const char cn_cmd_report_help[];

static const cn_cmdline_option options[] = {
    {"--out", "a file name", 0}, {"--help", NULL, 0}, {"-h", NULL, 1},
};

/* CN_OK (*help set for --help), or CN_EINPUT with d filled. */
static int parse_args(int argc, char **argv, const char **dir, const char **out, int *help,
                      cn_diag *d)
{
    cn_cmdline c;
    cn_cmdline_init(&c, "report", options, (int)(sizeof options / sizeof options[0]),
                    CN_CMDLINE_DASH, argc, argv, 1);
    cn_cmdline_arg arg;
    int rc;
    while ((rc = cn_cmdline_next(&c, &arg, d)) == CN_OK && arg.text != NULL) {
        if (cn_cmdline_help(&arg)) {
            *help = 1;
            return CN_OK;
        } else if (arg.option != NULL) {
            if (arg.text[0] == '\0')
                return cn_cmdline_error(&c, d, "option '--out' needs a file name");
            *out = arg.text;
        } else if (*dir != NULL) {
            return cn_cmdline_error(&c, d, "unexpected argument '%s' (one RESULTS folder only)",
                                    arg.text);
        } else {
            *dir = arg.text;
        }
    }
    if (rc != CN_OK)
        return rc;
    if (*dir == NULL)
        return cn_cmdline_error(&c, d, "a RESULTS folder is needed (from 'cybernorms run')");
    return CN_OK;
}

int cn_cmd_report(int argc, char **argv)
{
    const char *dir = NULL, *out = NULL;
    int help = 0;
    cn_diag d;
    cn_diag_clear(&d);
    int rc = parse_args(argc, argv, &dir, &out, &help, &d);
    if (rc == CN_OK && help) {
        fputs(cn_cmd_report_help, stdout);
        return 0;
    }
    if (rc != CN_OK || dir == NULL) /* dir is set when rc is CN_OK: for the analyser */
        return cn_cmdline_usage("report", &d);
    struct stat sb;
    int store = stat(dir, &sb) == 0 && S_ISREG(sb.st_mode);
    cn_diag_clear(&d);
    rc = store ? cn_report_write_store(dir, out, &d) : cn_report_write(dir, out, &d);
    if (rc != CN_OK)
        return cn_cmdline_fail("report", rc, &d);
    if (out != NULL)
        fprintf(stderr, "report: %s\n", out);
    else if (store)
        fprintf(stderr, "report: %.*s-report.html\n",
                (int)(strrchr(dir, '.') != NULL && strrchr(dir, '.') > strrchr(dir, '/')
                          ? strrchr(dir, '.') - dir
                          : (long)strlen(dir)),
                dir);
    else
        fprintf(stderr, "report: %s/report.html\n", dir);
    return 0;
}

const char cn_cmd_report_help[] =
    "usage: cybernorms report RESULTS [--out FILE]\n"
    "\n"
    "Writes a self-contained HTML report (no network, no scripts; charts drawn\n"
    "as inline SVG).  RESULTS is a run's folder written by `cybernorms run`\n"
    "or a sweep's store (`cybernorms sweep`, e.g. results/NAME.sqlite: the\n"
    "what-if table and every outcome per point with its 95% interval as an\n"
    "error bar; written to results/NAME-report.html).  For a run's folder\n"
    "(runs.csv and scenario.cfg): the states on the scope x form plane at the\n"
    "start and end of replication 0, support per session, the probability of\n"
    "each outcome with its 95% interval, the distribution of the others, and\n"
    "the narration of replication 0.  Large fonts, for a projector.\n"
    "\n"
    "options:\n"
    "  --out FILE   where to write (default RESULTS/report.html, or for a\n"
    "               store the store's name with -report.html)\n";
