/* cmd_report.c - `cybernorms report RESULTS [--out FILE] [--force]`: a
 * self-contained HTML report of a run's folder or a sweep's store
 * (cn_report.h).  Argument parsing, the checks before writing, and
 * messages only.
 *
 * Before writing: the report never replaces one of its inputs, a device, a
 * link or a file cybernorms did not write, and a file named with --out
 * only with --force (cn_outfile_check); its default file (RESULTS/
 * report.html, NAME-report.html beside a store) is its own and is
 * rewritten.  A run's folder is locked while its report is written there,
 * and a commit a dead run left is finished first, so the report reads one
 * complete set of results.  Stores are only read. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cn_cli.h"
#include "cn_cmdline.h"
#include "cn_error.h"
#include "cn_outfile.h"
#include "cn_report.h"

#define REPORT_PATH 4096

static const cn_cmdline_option options[] = {
    {"--out", "a file name", 0}, {"--force", NULL, 0}, {"--help", NULL, 0}, {"-h", NULL, 1},
};

typedef struct {
    const char *dir, *out;
    int help, force;
} report_args;

/* CN_OK (a->help set for --help), or CN_EINPUT with d filled. */
static int parse_args(int argc, char **argv, report_args *a, cn_diag *d)
{
    cn_cmdline c;
    cn_cmdline_init(&c, "report", options, (int)(sizeof options / sizeof options[0]),
                    CN_CMDLINE_DASH, argc, argv, 1);
    cn_cmdline_arg arg;
    int rc;
    while ((rc = cn_cmdline_next(&c, &arg, d)) == CN_OK && arg.text != NULL) {
        if (cn_cmdline_help(&arg)) {
            a->help = 1;
            return CN_OK;
        } else if (arg.option != NULL && cn_cmdline_is(&arg, "--force")) {
            a->force = 1;
        } else if (arg.option != NULL) {
            if (arg.text[0] == '\0')
                return cn_cmdline_error(&c, d, "option '--out' needs a file name");
            a->out = arg.text;
        } else if (a->dir != NULL) {
            return cn_cmdline_error(&c, d, "unexpected argument '%s' (one RESULTS folder only)",
                                    arg.text);
        } else {
            a->dir = arg.text;
        }
    }
    if (rc != CN_OK)
        return rc;
    if (a->dir == NULL)
        return cn_cmdline_error(&c, d, "a RESULTS folder is needed (from 'cybernorms run')");
    return CN_OK;
}

/* Where the report goes: --out, else the default beside the results. */
static int destination(const report_args *a, int store, char *dest, size_t size)
{
    int k;
    if (a->out != NULL) {
        k = snprintf(dest, size, "%s", a->out);
    } else if (store) {
        const char *dot = strrchr(a->dir, '.'), *slash = strrchr(a->dir, '/');
        int n = dot != NULL && (slash == NULL || dot > slash) ? (int)(dot - a->dir)
                                                              : (int)strlen(a->dir);
        k = snprintf(dest, size, "%.*s-report.html", n, a->dir);
    } else {
        k = snprintf(dest, size, "%s/report.html", a->dir);
    }
    return k < 0 || (size_t)k >= size ? CN_EINPUT : CN_OK;
}

/* The files a report reads: never its output. */
static int check_output(const report_args *a, int store, const char *dest, cn_diag *d)
{
    static const char *const run_files[] = {"runs.csv", "scenario.cfg", "summary.csv",
                                            "summary.md", CN_OUTFILE_MANIFEST};
    static const char *const store_sides[] = {"", "-wal", "-shm"};
    char paths[5][REPORT_PATH];
    const char *inputs[5];
    int n = 0;
    for (int i = 0; i < (store ? 3 : 5); i++) {
        if (store)
            snprintf(paths[n], sizeof paths[n], "%s%s", a->dir, store_sides[i]);
        else
            snprintf(paths[n], sizeof paths[n], "%s/%s", a->dir, run_files[i]);
        inputs[n] = paths[n];
        n++;
    }
    /* the default file is the report's own: rewritten without --force */
    int flags = a->force || a->out == NULL ? CN_OUTFILE_FORCE : 0;
    return cn_outfile_check(dest, flags, inputs, n, d);
}

/* For a run's folder: takes its lock (none on a folder that cannot be
 * written: nobody writes there) and finishes what a dead run left. */
static int lock_folder(const char *dir, cn_outfile_lock **lock, cn_diag *d)
{
    char path[REPORT_PATH], what[REPORT_PATH];
    snprintf(path, sizeof path, "%s/%s", dir, CN_OUTFILE_LOCK);
    snprintf(what, sizeof what, "%s/", dir);
    int rc = cn_outfile_lock_take(path, what, lock, d);
    if (rc == CN_EIO && (errno == EROFS || errno == EACCES || errno == EPERM
                         || errno == ENOENT || errno == ENOTDIR)) {
        cn_diag_clear(d);
        return CN_OK; /* read-only: nothing to finish, nobody to wait for; or no
                       * folder at all: reading it says so */
    }
    if (rc != CN_OK)
        return rc;
    return cn_outfile_recover(dir, NULL, 0, d);
}

int cn_cmd_report(int argc, char **argv)
{
    report_args a = {0};
    cn_diag d;
    cn_diag_clear(&d);
    int rc = parse_args(argc, argv, &a, &d);
    if (rc == CN_OK && a.help) {
        fputs(cn_cmd_report_help, stdout);
        return 0;
    }
    if (rc != CN_OK || a.dir == NULL) /* dir is set when rc is CN_OK: for the analyser */
        return cn_cmdline_usage("report", &d);
    struct stat sb;
    int store = stat(a.dir, &sb) == 0 && S_ISREG(sb.st_mode);
    char dest[REPORT_PATH];
    cn_diag_clear(&d);
    if (destination(&a, store, dest, sizeof dest) != CN_OK)
        return cn_cmdline_usage_error("report", "file name too long");
    if ((rc = check_output(&a, store, dest, &d)) != CN_OK)
        return cn_cmdline_fail("report", rc, &d);
    cn_outfile_lock *lock = NULL;
    int done = 0, total = 0;
    if (!store && (rc = lock_folder(a.dir, &lock, &d)) != CN_OK) {
        cn_outfile_lock_release(lock);
        return cn_cmdline_fail("report", rc, &d);
    }
    rc = store ? cn_report_write_store(a.dir, dest, &done, &total, &d)
               : cn_report_write(a.dir, dest, &d);
    cn_outfile_lock_release(lock);
    if (rc != CN_OK)
        return cn_cmdline_fail("report", rc, &d);
    fprintf(stderr, "report: %s\n", dest);
    if (store && done < total)
        fprintf(stderr, "cybernorms: %s: incomplete sweep: %d of %d points finished (resume it "
                        "with `cybernorms sweep FILE --resume`, or merge the other shards)\n",
                a.dir, done, total);
    return 0;
}

const char cn_cmd_report_help[] =
    "usage: cybernorms report RESULTS [--out FILE] [--force]\n"
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
    "               store the store's name with -report.html)\n"
    "  --force      replace FILE if it exists (only a file cybernorms wrote)\n";
