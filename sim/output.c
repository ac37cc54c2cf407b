/* output.c - result files and the terminal table (cn_output.h).
 *
 * Atomic files: cn_afile_open creates "<path>.tmp.XXXXXX" (mkstemp) in the
 * destination's folder; cn_afile_commit flushes, checks the stream's error
 * flag, fsyncs, closes and renames it over <path> (never unlinking <path>
 * first), then fsyncs the folder, so a reader sees the old file or the
 * complete new one, never a part.  Any failure removes the temporary file.
 * While it exists the temporary file is known to the fatal-signal handler
 * (cn_outfile_temp_track), which removes it if the process is killed by a
 * catchable signal.  A result set of several files is committed together
 * by cn_outfile_commit_set, from the pieces cn_afile_sync and
 * cn_afile_rename.  (cn_afile_open and cn_output_mkdirs return CN_ENOMEM,
 * not CN_EIO, when they cannot allocate their few bytes of bookkeeping.)
 *
 * Writers format what they are given with fixed formats (no timestamps,
 * no thread counts), so the same results give the same bytes.  Each
 * returns CN_OK, or CN_EIO when the stream reports an error.  They run on
 * the calling thread only and keep no state.
 */
#include "cn_output.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cn_error.h"
#include "cn_outfile.h"
#include "cn_schema.h"

/* Normal quantile for two-sided 95% intervals. */
#define CN_OUTPUT_Z95 1.959964

/* ---------------------------------------------------------------- files */

struct cn_afile {
    FILE *fp;
    char *path;
    char *tmp;
    int track; /* slot in the fatal-signal handler's list, -1 none */
};

static void afile_release(cn_afile *f)
{
    cn_outfile_temp_untrack(f->track);
    free(f->path);
    free(f->tmp);
    free(f);
}

/* Returns an allocated copy of s, or NULL. */
static char *dup_string(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d != NULL)
        memcpy(d, s, n);
    return d;
}

int cn_afile_open(const char *path, cn_afile **out)
{
    *out = NULL;
    cn_afile *f = calloc(1, sizeof *f);
    if (f == NULL)
        return CN_ENOMEM;
    size_t n = strlen(path);
    f->track = -1;
    f->path = dup_string(path);
    f->tmp = malloc(n + sizeof ".tmp.XXXXXX");
    if (f->path == NULL || f->tmp == NULL) {
        afile_release(f);
        return CN_ENOMEM;
    }
    snprintf(f->tmp, n + sizeof ".tmp.XXXXXX", "%s.tmp.XXXXXX", path);
    int fd = mkstemp(f->tmp);
    if (fd < 0)
        goto fail_nofile;
    f->track = cn_outfile_temp_track(f->tmp);
    /* mkstemp makes the file 0600; results get the usual 0666 & ~umask.
     * umask can only be read by setting it, so it is set back at once;
     * callers must not create files on other threads meanwhile (the CLI
     * opens its result files from the main thread). */
    mode_t mask = umask(022);
    umask(mask);
    if (fchmod(fd, 0666 & ~mask) != 0) {
        int e = errno;
        close(fd);
        unlink(f->tmp);
        errno = e;
        goto fail_nofile;
    }
    f->fp = fdopen(fd, "w");
    if (f->fp == NULL) {
        int e = errno;
        close(fd);
        unlink(f->tmp);
        errno = e;
        goto fail_nofile;
    }
    *out = f;
    return CN_OK;
fail_nofile: {
        int e = errno;
        afile_release(f);
        errno = e;
        return CN_EIO;
    }
}

FILE *cn_afile_stream(cn_afile *f)
{
    return f->fp;
}

/* Best effort: makes the rename durable; not every file system can. */
static void sync_parent(const char *path)
{
    const char *slash = strrchr(path, '/');
    char dir[4096];
    if (slash == NULL) {
        strcpy(dir, ".");
    } else {
        size_t n = (size_t)(slash - path);
        if (n == 0)
            n = 1; /* "/file" */
        if (n >= sizeof dir)
            return;
        memcpy(dir, path, n);
        dir[n] = '\0';
    }
    int fd = open(dir, O_RDONLY);
    if (fd < 0)
        return;
    (void)fsync(fd);
    close(fd);
}

int cn_afile_commit(cn_afile *f)
{
    if (f == NULL) {
        errno = EINVAL;
        return CN_EIO;
    }
    FILE *fp = f->fp;
    f->fp = NULL;
    if (fflush(fp) != 0 || ferror(fp))
        goto fail;
    if (fsync(fileno(fp)) != 0)
        goto fail;
    if (fclose(fp) != 0) {
        fp = NULL;
        goto fail;
    }
    fp = NULL;
    if (rename(f->tmp, f->path) != 0)
        goto fail;
    sync_parent(f->path);
    afile_release(f);
    return CN_OK;
fail: {
        int e = errno;
        if (fp != NULL)
            fclose(fp);
        unlink(f->tmp);
        afile_release(f);
        errno = e;
        return CN_EIO;
    }
}

int cn_afile_sync(cn_afile *f)
{
    if (f == NULL || f->fp == NULL) {
        errno = EINVAL;
        return CN_EIO;
    }
    FILE *fp = f->fp;
    f->fp = NULL;
    int ok = fflush(fp) == 0 && !ferror(fp) && fsync(fileno(fp)) == 0;
    int e = errno;
    if (fclose(fp) != 0 && ok) {
        ok = 0;
        e = errno;
    }
    if (!ok) {
        errno = e;
        return CN_EIO;
    }
    return CN_OK;
}

const char *cn_afile_tmp_path(const cn_afile *f)
{
    return f->tmp;
}

const char *cn_afile_path(const cn_afile *f)
{
    return f->path;
}

void cn_afile_untrack(cn_afile *f)
{
    cn_outfile_temp_untrack(f->track);
    f->track = -1;
}

int cn_afile_rename(cn_afile *f)
{
    if (f == NULL || f->fp != NULL) {
        errno = EINVAL;
        return CN_EIO;
    }
    if (rename(f->tmp, f->path) != 0)
        return CN_EIO;
    afile_release(f);
    return CN_OK;
}

void cn_afile_forget(cn_afile *f)
{
    if (f == NULL)
        return;
    if (f->fp != NULL)
        fclose(f->fp);
    afile_release(f);
}

void cn_output_sync_dir(const char *path)
{
    sync_parent(path);
}

void cn_afile_abort(cn_afile *f)
{
    if (f == NULL)
        return;
    if (f->fp != NULL)
        fclose(f->fp);
    unlink(f->tmp);
    afile_release(f);
}

int cn_output_mkdirs(const char *dir)
{
    if (dir == NULL || dir[0] == '\0') {
        errno = ENOENT;
        return CN_EIO;
    }
    char *p = dup_string(dir);
    if (p == NULL)
        return CN_ENOMEM;
    for (char *s = p + 1;; s++) {
        if (*s != '/' && *s != '\0')
            continue;
        char c = *s;
        *s = '\0';
        if (mkdir(p, 0777) != 0) {
            struct stat sb;
            int e = errno;
            if (e != EEXIST || stat(p, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
                free(p);
                errno = e == EEXIST ? ENOTDIR : e;
                return CN_EIO;
            }
        }
        *s = c;
        if (c == '\0')
            break;
    }
    free(p);
    return CN_OK;
}

/* -------------------------------------------------------------- headers */

int cn_output_scenario_text(const cn_scenario *s, char **text, size_t *len)
{
    *text = NULL;
    *len = 0;
    cn_scenario rec = *s; /* shallow: shares the arrays, not freed */
    rec.run.threads = 0;
    FILE *m = open_memstream(text, len);
    if (m == NULL)
        return CN_ENOMEM;
    int rc = cn_scenario_write(&rec, m);
    if (fclose(m) != 0 && rc == CN_OK)
        rc = CN_ENOMEM;
    if (rc != CN_OK) {
        free(*text);
        *text = NULL;
    }
    return rc;
}

unsigned long long cn_output_hash_more(unsigned long long h, const void *data, size_t n)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 1099511628211ULL;
    }
    return h & 0xffffffffffffffffULL;
}

unsigned long long cn_output_hash(const void *data, size_t n)
{
    return cn_output_hash_more(CN_OUTPUT_HASH_INIT, data, n);
}

static int stream_status(FILE *f)
{
    return ferror(f) ? CN_EIO : CN_OK;
}

int cn_output_header(FILE *f, const cn_run_info *info)
{
    const cn_scenario *s = info->s;
    fprintf(f, "# cybernorms %s\n", info->version != NULL ? info->version : CN_VERSION);
    if (s->path[0] != '\0')
        fprintf(f, "# scenario: %s (%s)\n", s->name, s->path);
    else
        fprintf(f, "# scenario: %s\n", s->name);
    fprintf(f, "# seed: %lu\n", info->seed);
    fprintf(f, "# replications: %ld\n", info->replications);
    fprintf(f, "# generator: %s\n", info->generator != NULL ? info->generator : "");
    fprintf(f, "# scenario-hash: %016llx\n", info->scenario_hash);
    fprintf(f, "# resolved-scenario: scenario.cfg\n");
    return stream_status(f);
}

/* --------------------------------------------------------------- numbers */

/* Formats v with the given decimals into buf ("" for NaN); a value that
 * rounds to zero prints without a minus sign. */
static const char *fmt_num(char *buf, size_t size, double v, int decimals)
{
    if (isnan(v)) {
        buf[0] = '\0';
        return buf;
    }
    snprintf(buf, size, "%.*f", decimals, v);
    if (buf[0] == '-' && buf[1 + strspn(buf + 1, "0.")] == '\0')
        memmove(buf, buf + 1, strlen(buf));
    return buf;
}

void cn_output_csv_field(FILE *f, const char *s)
{
    if (strpbrk(s, ",\"\r\n") == NULL) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s != '\0'; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

static const char *kind_name(cn_metric_kind k)
{
    switch (k) {
    case CN_METRIC_BINARY: return "binary";
    case CN_METRIC_COUNT: return "count";
    default: return "real";
    }
}

/* ------------------------------------------------------------------ CSV */

int cn_output_runs_columns(FILE *f, const cn_metrics_layout *L)
{
    fputs("replication", f);
    for (int j = 0; j < L->n; j++) {
        fputc(',', f);
        cn_output_csv_field(f, L->m[j].name);
    }
    fputc('\n', f);
    return stream_status(f);
}

int cn_output_runs_row(FILE *f, const cn_metrics_layout *L, long rep, const double *row)
{
    char buf[64];
    fprintf(f, "%ld", rep);
    for (int j = 0; j < L->n; j++) {
        int dec = L->m[j].kind == CN_METRIC_REAL ? 6 : 0;
        fputc(',', f);
        fputs(fmt_num(buf, sizeof buf, row[j], dec), f);
    }
    fputc('\n', f);
    return stream_status(f);
}

int cn_output_summary_csv(FILE *f, const cn_run_info *info, const cn_metrics_layout *L,
                          const cn_stats *st)
{
    if (cn_output_header(f, info) != CN_OK)
        return CN_EIO;
    fputs("metric,kind,n,missing,prob,prob_lo,prob_hi,mean,sd,median,p05,p95,min,max\n", f);
    for (int j = 0; j < L->n; j++) {
        cn_summary s;
        cn_stats_summary(st, j, &s);
        const double v[] = {s.prob, s.lo, s.hi, s.mean, s.sd, s.median, s.p05, s.p95,
                            s.min, s.max};
        char buf[64];
        cn_output_csv_field(f, L->m[j].name);
        fprintf(f, ",%s,%ld,%ld", kind_name(L->m[j].kind), s.n, s.missing);
        for (size_t k = 0; k < sizeof v / sizeof v[0]; k++)
            fprintf(f, ",%s", fmt_num(buf, sizeof buf, v[k], 6));
        fputc('\n', f);
    }
    return stream_status(f);
}

/* ------------------------------------------------------------- Markdown */

/* Writes s into a Markdown table cell ('|' escaped, newlines as spaces). */
static void put_md_cell(FILE *f, const char *s)
{
    for (; *s != '\0'; s++) {
        if (*s == '|')
            fputs("\\|", f);
        else if (*s == '\n' || *s == '\r')
            fputc(' ', f);
        else
            fputc(*s, f);
    }
}

/* The part of a column name after its block prefix ("OEWG.adopted" ->
 * "adopted"). */
static const char *short_name(const char *name, const char *prefix)
{
    size_t n = strlen(prefix);
    if (strncmp(name, prefix, n) == 0 && name[n] == '.')
        return name + n + 1;
    return name;
}

static void md_row(FILE *f, const cn_metric *m, const char *prefix, const cn_summary *s)
{
    char a[64], b[64], c[64];
    int dec = m->kind == CN_METRIC_REAL ? 3 : 0;
    fputs("| `", f);
    put_md_cell(f, short_name(m->name, prefix));
    fputs("` ", f);
    put_md_cell(f, m->desc);
    if (s->missing > 0)
        fprintf(f, " (n = %ld)", s->n);
    fputs(" | ", f);
    if (s->n == 0) {
        fputs("- | | | |\n", f);
        return;
    }
    if (m->kind == CN_METRIC_BINARY) {
        fprintf(f, "%s | [%s, %s] | | |\n", fmt_num(a, sizeof a, s->prob, 3),
                fmt_num(b, sizeof b, s->lo, 3), fmt_num(c, sizeof c, s->hi, 3));
        return;
    }
    fprintf(f, "%s | ", fmt_num(a, sizeof a, s->mean, 3));
    if (!isnan(s->sd)) {
        double half = CN_OUTPUT_Z95 * s->sd / sqrt((double)s->n);
        fprintf(f, "[%s, %s]", fmt_num(a, sizeof a, s->mean - half, 3),
                fmt_num(b, sizeof b, s->mean + half, 3));
    }
    fprintf(f, " | %s | ", fmt_num(a, sizeof a, s->median, dec));
    fprintf(f, "%s .. %s |\n", fmt_num(a, sizeof a, s->p05, dec),
            fmt_num(b, sizeof b, s->p95, dec));
}

static void md_table_head(FILE *f)
{
    fputs("| metric | P or mean | 95% CI | median | 5-95% range |\n"
          "|---|---:|---|---:|---|\n", f);
}

int cn_output_summary_md(FILE *f, const cn_run_info *info, const cn_metrics_layout *L,
                         const cn_stats *st)
{
    const cn_scenario *s = info->s;
    cn_summary sm;
    fprintf(f, "# %s\n\n", s->name);
    if (s->description[0] != '\0')
        fprintf(f, "%s\n\n", s->description);
    fprintf(f, "- cybernorms %s\n", info->version != NULL ? info->version : CN_VERSION);
    if (s->path[0] != '\0')
        fprintf(f, "- scenario file: `%s`\n", s->path);
    fprintf(f, "- seed: %lu\n", info->seed);
    fprintf(f, "- replications: %ld\n", info->replications);
    fprintf(f, "- generator: %s\n", info->generator != NULL ? info->generator : "");
    fprintf(f, "- scenario hash: `%016llx`\n", info->scenario_hash);
    fputs("- resolved scenario: `scenario.cfg`\n", f);
    fputs("\nProbabilities with 95% Wilson intervals; means with normal 95% intervals; "
          "medians and 5-95% ranges over replications.\n", f);
    for (int fi = 0; fi < s->n_forums && fi < CN_MAX_FORUMS; fi++) {
        const cn_forum *fo = &s->forums[fi];
        fprintf(f, "\n## %s (%s, %s)\n\n", fo->name, cn_schema_rule_name(fo->rule),
                cn_schema_output_name(fo->output));
        md_table_head(f);
        for (int k = 0; k < L->forum_block; k++) {
            int j = L->forum_base[fi] + k;
            cn_stats_summary(st, j, &sm);
            md_row(f, &L->m[j], fo->name, &sm);
        }
    }
    fputs("\n## World\n\n", f);
    md_table_head(f);
    for (int j = L->world_base; j < L->n; j++) {
        cn_stats_summary(st, j, &sm);
        md_row(f, &L->m[j], "world", &sm);
    }
    return stream_status(f);
}

/* ------------------------------------------------------- terminal table */

enum { TC_NAME, TC_RULE, TC_PADOPT, TC_PFORCE, TC_STRENGTH, TC_FOOT, TC_SUPOBJ, TC_N };
#define TCELL 48

static const char *const table_head[TC_N] = {
    "forum", "rule/output", "P(adopted) [95% CI]", "P(force)", "strength", "footn.",
    "sup/obj"};
/* Columns in the order they are dropped when the terminal is narrow. */
static const int table_drop[] = {TC_RULE, TC_FOOT, TC_SUPOBJ, TC_STRENGTH, TC_PFORCE};
#define TABLE_GAP 2

/* "0.731 [0.703, 0.757]", or "-" when nothing was seen. */
static void fmt_prob(char *buf, size_t size, const cn_summary *s)
{
    if (s->n == 0 || isnan(s->prob))
        snprintf(buf, size, "-");
    else
        snprintf(buf, size, "%.3f [%.3f, %.3f]", s->prob, s->lo, s->hi);
}

static void fmt_or_dash(char *buf, size_t size, double v, int decimals)
{
    if (isnan(v))
        snprintf(buf, size, "-");
    else
        fmt_num(buf, size, v, decimals);
}

/* Writes text wrapped at spaces to lines of at most width columns. */
static void put_wrapped(FILE *f, const char *text, int width)
{
    int col = 0;
    while (*text != '\0') {
        int n = (int)strcspn(text, " ");
        if (col > 0 && col + 1 + n > width) {
            fputc('\n', f);
            col = 0;
        } else if (col > 0) {
            fputc(' ', f);
            col++;
        }
        fprintf(f, "%.*s", n, text);
        col += n;
        text += n;
        text += strspn(text, " ");
    }
    if (col > 0)
        fputc('\n', f);
}

/* One world metric; the median is left out below 68 columns. */
static void world_line(FILE *f, const cn_metrics_layout *L, const cn_stats *st, int off,
                       const char *label, int width)
{
    int j = L->world_base + off;
    if (j >= L->n)
        return;
    cn_summary s;
    char a[TCELL], b[TCELL], c[TCELL], d[TCELL];
    cn_stats_summary(st, j, &s);
    fprintf(f, "  %-19s ", label);
    if (s.n == 0) {
        fputs("-\n", f);
        return;
    }
    if (L->m[j].kind == CN_METRIC_BINARY) {
        fmt_prob(a, sizeof a, &s);
        fprintf(f, "%s\n", a);
        return;
    }
    int count = L->m[j].kind == CN_METRIC_COUNT;
    fmt_or_dash(a, sizeof a, s.mean, count ? 2 : 3);
    fmt_or_dash(b, sizeof b, s.median, count ? 0 : 3);
    fmt_or_dash(c, sizeof c, s.p05, count ? 0 : 3);
    fmt_or_dash(d, sizeof d, s.p95, count ? 0 : 3);
    fprintf(f, "mean %-7s  ", a);
    if (width >= 68)
        fprintf(f, "median %-6s  ", b);
    fprintf(f, "5-95%% %s .. %s\n", c, d);
}

int cn_output_table(FILE *f, const cn_run_info *info, const cn_metrics_layout *L,
                    const cn_stats *st, int width)
{
    const cn_scenario *s = info->s;
    const int nf = s->n_forums < CN_MAX_FORUMS ? s->n_forums : CN_MAX_FORUMS;
    char cell[CN_MAX_FORUMS][TC_N][TCELL];
    int w[TC_N], show[TC_N];
    if (width <= 0)
        width = 100;

    for (int k = 0; k < TC_N; k++) {
        w[k] = (int)strlen(table_head[k]);
        show[k] = 1;
    }
    for (int fi = 0; fi < nf; fi++) {
        const cn_forum *fo = &s->forums[fi];
        const int base = L->forum_base[fi];
        cn_summary ad, inf, str, foot, sup, obj;
        cn_stats_summary(st, base + CN_FM_ADOPTED, &ad);
        cn_stats_summary(st, base + CN_FM_IN_FORCE, &inf);
        cn_stats_summary(st, base + CN_FM_STRENGTH, &str);
        cn_stats_summary(st, base + CN_FM_FOOTNOTES, &foot);
        cn_stats_summary(st, base + CN_FM_SUPPORTERS, &sup);
        cn_stats_summary(st, base + CN_FM_OBJECTORS, &obj);
        char (*c)[TCELL] = cell[fi];
        snprintf(c[TC_NAME], TCELL, "%s", fo->name);
        snprintf(c[TC_RULE], TCELL, "%s/%s", cn_schema_rule_name(fo->rule),
                 cn_schema_output_name(fo->output));
        fmt_prob(c[TC_PADOPT], TCELL, &ad);
        fmt_or_dash(c[TC_PFORCE], TCELL, inf.prob, 3);
        fmt_or_dash(c[TC_STRENGTH], TCELL, str.mean, 3);
        fmt_or_dash(c[TC_FOOT], TCELL, foot.median, 0);
        if (isnan(sup.median) || isnan(obj.median))
            snprintf(c[TC_SUPOBJ], TCELL, "-");
        else
            snprintf(c[TC_SUPOBJ], TCELL, "%.0f/%.0f", sup.median, obj.median);
        for (int k = 0; k < TC_N; k++) {
            int n = (int)strlen(c[k]);
            if (n > w[k])
                w[k] = n;
        }
    }

    /* Drop the least important columns until the table fits, then
     * shorten the forum names if it still does not. */
    int total = 0;
    for (int k = 0; k < TC_N; k++)
        total += w[k] + (k > 0 ? TABLE_GAP : 0);
    for (size_t d = 0; d < sizeof table_drop / sizeof table_drop[0] && total > width; d++) {
        show[table_drop[d]] = 0;
        total -= w[table_drop[d]] + TABLE_GAP;
    }
    if (total > width) {
        int cut = w[TC_NAME] - (total - width);
        w[TC_NAME] = cut < 5 ? 5 : cut;
    }

    fprintf(f, "%s: %ld replications, seed %lu\n\n", s->name, cn_stats_count(st), info->seed);
    for (int r = -1; r < nf; r++) {
        int pad = 0;
        for (int k = 0; k < TC_N; k++) {
            if (!show[k])
                continue;
            const char *text = r < 0 ? table_head[k] : cell[r][k];
            fprintf(f, "%*s%.*s", pad, "", w[k], text);
            int n = (int)strlen(text);
            pad = (n < w[k] ? w[k] - n : 0) + TABLE_GAP;
        }
        fputc('\n', f);
    }
    if (nf > 0) {
        char legend[256] = "";
        static const char *const notes[TC_N] = {
            NULL, NULL, NULL, "P(force): report adopted or treaty in force",
            "strength: mean over adopted texts", "footn.: median footnotes",
            "sup/obj: median supporters/objectors"};
        for (int k = 0; k < TC_N; k++)
            if (show[k] && notes[k] != NULL)
                snprintf(legend + strlen(legend), sizeof legend - strlen(legend), "%s%s",
                         legend[0] != '\0' ? "; " : "", notes[k]);
        put_wrapped(f, legend, width);
    }
    fputs("\nworld\n", f);
    world_line(f, L, st, CN_WM_POLARISATION, "polarisation", width);
    world_line(f, L, st, CN_WM_FRAGMENTATION, "fragmentation", width);
    world_line(f, L, st, CN_WM_BINDING, "P(binding in force)", width);
    world_line(f, L, st, CN_WM_DGC, "P(DGC)", width);
    world_line(f, L, st, CN_WM_INCIDENTS, "incidents", width);
    world_line(f, L, st, CN_WM_ATTRIBUTIONS, "attributions", width);
    return stream_status(f);
}
