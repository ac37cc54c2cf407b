/* cmd_report.c - `cybernorms report RESULTS [--out FILE]`: a
 * self-contained HTML report of a run's folder (cn_report.h).  Argument
 * parsing and messages only. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cn_error.h"
#include "cn_report.h"
#include "cn_suggest.h"

int cn_cmd_report(int argc, char **argv);
extern const char cn_cmd_report_help[];

static int usage_error(const char *fmt, const char *arg)
{
    fputs("cybernorms: report: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\nTry 'cybernorms help report'.\n", stderr);
    return 2;
}

int cn_cmd_report(int argc, char **argv)
{
    const char *dir = NULL, *out = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(cn_cmd_report_help, stdout);
            return 0;
        }
        if (strcmp(a, "--out") == 0) {
            if (i + 1 >= argc || argv[i + 1][0] == '\0')
                return usage_error("option '%s' needs a file name", a);
            out = argv[++i];
        } else if (a[0] == '-' && a[1] != '\0') {
            const char *opts[] = {"--out", "--help"};
            const char *best = cn_suggest(a, opts, 2);
            if (best != NULL) {
                fprintf(stderr, "cybernorms: report: unknown option '%s'; did you mean '%s'?\n"
                                "Try 'cybernorms help report'.\n", a, best);
                return 2;
            }
            return usage_error("unknown option '%s'", a);
        } else if (dir != NULL) {
            return usage_error("unexpected argument '%s' (one RESULTS folder only)", a);
        } else {
            dir = a;
        }
    }
    if (dir == NULL)
        return usage_error("a RESULTS folder is needed (from 'cybernorms run')%s", "");
    struct stat sb;
    int store = stat(dir, &sb) == 0 && S_ISREG(sb.st_mode);
    cn_diag d;
    int rc = store ? cn_report_write_store(dir, out, &d) : cn_report_write(dir, out, &d);
    if (rc != CN_OK) {
        char buf[CN_DIAG_FILE + CN_DIAG_SETTING + CN_DIAG_MSG + 32];
        fprintf(stderr, "cybernorms: report: %s\n",
                d.msg[0] != '\0' ? cn_diag_format(&d, buf, sizeof buf) : cn_strerror(rc));
        return cn_exit_code(rc);
    }
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
