/* cmd_export.c - `cybernorms export DB ...`: the what-if table of a sweep's
 * results store as Markdown, CSV, LaTeX (booktabs), HTML or terminal text.
 *
 * Reads the store (cn_store_read_table) and hands the table to the writer
 * (cn_whatif_write); never runs the model.  With --out the file is
 * written atomically (cn_afile), else to standard output.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cn_error.h"
#include "cn_output.h"
#include "cn_store.h"
#include "cn_suggest.h"
#include "cn_whatif.h"

int cn_cmd_export(int argc, char **argv);
extern const char cn_cmd_export_help[];

#define PROG "cybernorms"

const char cn_cmd_export_help[] =
    "usage: " PROG " export DB [--format md|csv|tex|html|text] [--out FILE]\n"
    "                         [--metrics LIST]\n"
    "\n"
    "Writes the what-if table of a sweep's results store DB (see `" PROG " help\n"
    "sweep`): one row per point, per metric its estimate with a 95% interval\n"
    "and its paired difference from the baseline (* significant), then the\n"
    "sensitivity ranking (not in CSV).  tex needs \\usepackage{booktabs}.\n"
    "\n"
    "options:\n"
    "  --format F      md (default; or from --out's extension), csv, tex, html, text\n"
    "  --out FILE      write FILE (atomically) instead of standard output\n"
    "  --metrics LIST  columns, e.g. OEWG.adopted,world.binding (default: the sweep's)\n";

static int fail_usage(const char *fmt, const char *a, const char *b)
{
    fprintf(stderr, PROG ": export: ");
    fprintf(stderr, fmt, a, b);
    fprintf(stderr, "\nTry '" PROG " help export'.\n");
    return 2;
}

static int format_from_name(const char *out, cn_whatif_format *f)
{
    const char *dot = out != NULL ? strrchr(out, '.') : NULL;
    if (dot == NULL)
        return CN_EINPUT;
    if (strcmp(dot, ".txt") == 0) {
        *f = CN_WHATIF_TEXT;
        return CN_OK;
    }
    if (strcmp(dot, ".htm") == 0) {
        *f = CN_WHATIF_HTML;
        return CN_OK;
    }
    return cn_whatif_parse_format(dot + 1, f);
}

int cn_cmd_export(int argc, char **argv)
{
    static const char *const options[] = {"--format", "--out", "--metrics", "--help", "-h"};
    const char *db = NULL, *out = NULL, *format = NULL, *metrics = NULL;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (arg[0] != '-' || arg[1] == '\0') {
            if (db != NULL)
                return fail_usage("unexpected argument '%s' (one DB only)%s", arg, "");
            db = arg;
            continue;
        }
        char name[32];
        const char *eq = strchr(arg, '=');
        size_t len = eq != NULL ? (size_t)(eq - arg) : strlen(arg);
        if (len >= sizeof name)
            len = sizeof name - 1;
        memcpy(name, arg, len);
        name[len] = '\0';
        if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0) {
            fputs(cn_cmd_export_help, stdout);
            return fflush(stdout) == 0 ? 0 : 1;
        }
        const char **slot = strcmp(name, "--format") == 0    ? &format
                            : strcmp(name, "--out") == 0     ? &out
                            : strcmp(name, "--metrics") == 0 ? &metrics
                                                             : NULL;
        if (slot == NULL) {
            const char *best = cn_suggest(name, options, sizeof options / sizeof options[0]);
            if (best != NULL)
                return fail_usage("unknown option '%s'; did you mean '%s'?", name, best);
            return fail_usage("unknown option '%s'%s", name, "");
        }
        if (eq != NULL)
            *slot = eq + 1;
        else if (i + 1 < argc)
            *slot = argv[++i];
        else
            return fail_usage("option '%s' needs a value%s", name, "");
    }
    if (db == NULL)
        return fail_usage("a results store DB is needed (e.g. results/NAME.sqlite)%s%s", "", "");
    cn_whatif_format fmt = CN_WHATIF_MD;
    if (format != NULL) {
        if (cn_whatif_parse_format(format, &fmt) != CN_OK)
            return fail_usage("--format: expected md, csv, tex, html or text, got '%s'%s", format,
                              "");
    } else if (out != NULL && format_from_name(out, &fmt) != CN_OK) {
        fmt = CN_WHATIF_MD;
    }
    if (out != NULL && out[0] == '\0')
        return fail_usage("--out: expected a file name%s%s", "", "");

    cn_diag d;
    cn_diag_clear(&d);
    char buf[CN_DIAG_FILE + CN_DIAG_SETTING + CN_DIAG_MSG + 32];
    cn_store *st = NULL;
    int rc = cn_store_open(db, 0, &st, NULL, &d);
    int fresh = 0;
    if (rc != CN_OK) {
        fprintf(stderr, PROG ": %s\n", cn_diag_format(&d, buf, sizeof buf));
        return cn_exit_code(rc);
    }
    cn_store_table *t = NULL;
    rc = cn_store_read_table(st, metrics, &t, &d);
    if (rc != CN_OK) {
        fprintf(stderr, PROG ": %s\n",
                d.msg[0] != '\0' ? cn_diag_format(&d, buf, sizeof buf) : cn_strerror(rc));
        cn_store_close(st);
        return cn_exit_code(rc);
    }
    (void)fresh;
    cn_afile *af = NULL;
    FILE *f = stdout;
    if (out != NULL) {
        errno = 0;
        if (cn_afile_open(out, &af) != CN_OK) {
            fprintf(stderr, PROG ": cannot create %s: %s\n", out, strerror(errno));
            cn_store_table_free(t);
            cn_store_close(st);
            return 1;
        }
        f = cn_afile_stream(af);
    }
    rc = cn_whatif_write(f, cn_store_table_get(t), fmt, 0);
    int ex = 0;
    if (out != NULL) {
        if (rc == CN_OK)
            rc = cn_afile_commit(af);
        else
            cn_afile_abort(af);
    } else if (rc == CN_OK && fflush(stdout) != 0) {
        rc = CN_EIO;
    }
    if (rc != CN_OK) {
        fprintf(stderr, PROG ": cannot write %s: %s\n", out != NULL ? out : "the table",
                cn_strerror(rc));
        ex = 1;
    }
    const cn_whatif_table *tt = cn_store_table_get(t);
    int done = 0;
    for (int p = 0; p < tt->n_points; p++)
        done += tt->done[p];
    if (ex == 0 && done < tt->n_points)
        fprintf(stderr, PROG ": %s: incomplete sweep: %d of %d points finished (resume it with "
                        "`" PROG " sweep FILE --resume`, or merge the other shards)\n",
                db, done, tt->n_points);
    cn_store_table_free(t);
    cn_store_close(st);
    return ex;
}
