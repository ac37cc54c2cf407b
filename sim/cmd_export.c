/* cmd_export.c - `cybernorms export DB ...`: the what-if table of a sweep's
 * results store as Markdown, CSV, LaTeX (booktabs), HTML or terminal text.
 *
 * Reads the store, read-only (cn_store_read_table; nothing is written
 * into it or beside it, so a store on a read-only folder or medium can be
 * exported), and hands the table to the writer (cn_whatif_write); never
 * runs the model.  With --out the file is written atomically (cn_afile),
 * else to standard output; an existing file is replaced only with --force
 * and only when cybernorms wrote it, never the store itself
 * (cn_outfile_check).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cn_cmdline.h"
#include "cn_error.h"
#include "cn_outfile.h"
#include "cn_output.h"
#include "cn_store.h"
#include "cn_whatif.h"

int cn_cmd_export(int argc, char **argv);
extern const char cn_cmd_export_help[];

#define PROG CN_CMDLINE_PROG

const char cn_cmd_export_help[] =
    "usage: " PROG " export DB [--format md|csv|tex|html|text] [--out FILE]\n"
    "                         [--metrics LIST] [--force]\n"
    "\n"
    "Writes the what-if table of a sweep's results store DB (see `" PROG " help\n"
    "sweep`): one row per point, per metric its estimate with a 95% interval\n"
    "and its paired difference from the baseline (* significant), then the\n"
    "sensitivity ranking (not in CSV).  tex needs \\usepackage{booktabs}.\n"
    "\n"
    "options:\n"
    "  --format F      md (default; or from --out's extension), csv, tex, html, text\n"
    "  --out FILE      write FILE (atomically) instead of standard output\n"
    "  --force         replace FILE if it exists (only a file cybernorms wrote)\n"
    "  --metrics LIST  columns, e.g. OEWG.adopted,world.binding (default: the sweep's)\n"
    "\n"
    "The store is only read: it may be on a read-only folder or medium.\n";

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

typedef struct {
    const char *db, *out, *format, *metrics;
    cn_whatif_format fmt;
    int help, force;
} export_args;

#define V "a value"
static const cn_cmdline_option options[] = {
    {"--format", V, 0}, {"--out", V, 0},     {"--metrics", V, 0},
    {"--force", NULL, 0}, {"--help", NULL, 0}, {"-h", NULL, 0},
};
#undef V

/* CN_OK (a->help set for --help), or CN_EINPUT with d filled. */
static int parse_args(int argc, char **argv, export_args *a, cn_diag *d)
{
    memset(a, 0, sizeof *a);
    cn_cmdline c;
    cn_cmdline_init(&c, "export", options, (int)(sizeof options / sizeof options[0]),
                    CN_CMDLINE_EQUALS | CN_CMDLINE_DASH, argc, argv, 1);
    cn_cmdline_arg arg;
    int rc;
    while ((rc = cn_cmdline_next(&c, &arg, d)) == CN_OK && arg.text != NULL) {
        if (cn_cmdline_help(&arg)) {
            a->help = 1;
            return CN_OK;
        } else if (arg.option == NULL) {
            if (a->db != NULL)
                return cn_cmdline_error(&c, d, "unexpected argument '%s' (one DB only)", arg.text);
            a->db = arg.text;
        } else if (cn_cmdline_is(&arg, "--format")) {
            a->format = arg.text;
        } else if (cn_cmdline_is(&arg, "--out")) {
            a->out = arg.text;
        } else if (cn_cmdline_is(&arg, "--force")) {
            a->force = 1;
        } else {
            a->metrics = arg.text;
        }
    }
    if (rc != CN_OK)
        return rc;
    if (a->db == NULL)
        return cn_cmdline_error(&c, d, "a results store DB is needed (e.g. results/NAME.sqlite)");
    a->fmt = CN_WHATIF_MD;
    if (a->format != NULL) {
        if (cn_whatif_parse_format(a->format, &a->fmt) != CN_OK)
            return cn_cmdline_error(&c, d, "--format: expected md, csv, tex, html or text, "
                                    "got '%s'", a->format);
    } else if (a->out != NULL && format_from_name(a->out, &a->fmt) != CN_OK) {
        a->fmt = CN_WHATIF_MD;
    }
    if (a->out != NULL && a->out[0] == '\0')
        return cn_cmdline_error(&c, d, "--out: expected a file name");
    return CN_OK;
}

int cn_cmd_export(int argc, char **argv)
{
    export_args a;
    cn_diag d;
    if (parse_args(argc, argv, &a, &d) != CN_OK)
        return cn_cmdline_usage("export", &d);
    if (a.help) {
        fputs(cn_cmd_export_help, stdout);
        return 0; /* main checks standard output (main.c) */
    }
    const char *db = a.db, *out = a.out;
    cn_diag_clear(&d);
    if (out != NULL) {
        /* never the store (or its log) itself, a device, a link or a file
         * cybernorms did not write; an existing one only with --force */
        char wal[CN_DIAG_FILE + 8], shm[CN_DIAG_FILE + 8];
        snprintf(wal, sizeof wal, "%s-wal", db);
        snprintf(shm, sizeof shm, "%s-shm", db);
        const char *inputs[] = {db, wal, shm};
        int rc = cn_outfile_check(out, a.force ? CN_OUTFILE_FORCE : 0, inputs, 3, &d);
        if (rc != CN_OK)
            return cn_cmdline_fail(NULL, rc, &d);
    }
    cn_store *st = NULL;
    int rc = cn_store_open(db, CN_STORE_READ, &st, NULL, &d);
    if (rc != CN_OK)
        return cn_cmdline_fail(NULL, rc, &d);
    cn_store_table *t = NULL;
    rc = cn_store_read_table(st, a.metrics, &t, &d);
    if (rc != CN_OK) {
        cn_store_close(st);
        return cn_cmdline_fail(NULL, rc, &d);
    }
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
    errno = 0;
    rc = cn_whatif_write(f, cn_store_table_get(t), a.fmt, 0);
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
        int e = errno;
        fprintf(stderr, PROG ": cannot write %s: %s\n", out != NULL ? out : "the table",
                rc == CN_EIO && e != 0 ? strerror(e) : cn_strerror(rc));
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
