/* runs.c - per-run rows: the long-format CSV writer and a read-only
 * reader of a store's runs table (cn_runs.h).
 *
 * The reader opens its own read-only SQLite connection (the store module
 * keeps one read-write connection for the sweep); it reads the metrics
 * table for the column names and steps through "SELECT * FROM runs
 * ORDER BY point, rep" one row at a time, so memory does not grow with
 * the number of runs.
 */
#include "cn_runs.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <libconfig.h>
#include <sqlite3.h>

#include "cn_output.h"
#include "cn_spread.h"
#include "cn_store.h"

/* The shortest text that reads back to v. */
static void put_double(FILE *f, double v)
{
    char buf[40];
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(buf, sizeof buf, "%.*g", prec, v + 0.0);
        if (strtod(buf, NULL) == v)
            break;
    }
    fputs(buf, f);
}

int cn_runs_csv_header(FILE *f, const cn_runs_csv *c)
{
    fputs("point,point_name,replication", f);
    for (int k = 0; k < c->n_factors; k++) {
        fputc(',', f);
        cn_output_csv_field(f, c->factor_names[k]);
    }
    for (int j = 0; j < c->n_metrics; j++) {
        fputc(',', f);
        cn_output_csv_field(f, c->metrics[j].name);
    }
    fputc('\n', f);
    return ferror(f) ? CN_EIO : CN_OK;
}

int cn_runs_csv_row(FILE *f, const cn_runs_csv *c, int point, const char *point_name, long rep,
                    const char *const *labels, const double *values)
{
    fprintf(f, "%d,", point);
    /* a point name is always text: quote it so "1" stays a name */
    fputc('"', f);
    for (const char *s = point_name; *s != '\0'; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
    fprintf(f, ",%ld", rep);
    for (int k = 0; k < c->n_factors; k++) {
        const char *lab = labels[k];
        char *end = NULL;
        double v = strtod(lab, &end);
        fputc(',', f);
        if (lab[0] != '\0' && end != lab && *end == '\0' && isfinite(v))
            put_double(f, v);
        else if (lab[0] != '\0') {
            fputc('"', f);
            for (const char *s = lab; *s != '\0'; s++) {
                if (*s == '"')
                    fputc('"', f);
                fputc(*s, f);
            }
            fputc('"', f);
        }
    }
    for (int j = 0; j < c->n_metrics; j++) {
        double v = values[j];
        fputc(',', f);
        if (isnan(v))
            continue;
        if (c->metrics[j].kind != CN_METRIC_REAL && v == floor(v) && fabs(v) < 1e15)
            fprintf(f, "%.0f", v + 0.0);
        else
            put_double(f, v);
    }
    fputc('\n', f);
    return ferror(f) ? CN_EIO : CN_OK;
}

struct cn_runs_reader {
    sqlite3 *db;
    sqlite3_stmt *q;
    int n;
    cn_metric *m;
};

void cn_runs_close(cn_runs_reader *r)
{
    if (r == NULL)
        return;
    sqlite3_finalize(r->q);
    sqlite3_close(r->db);
    free(r->m);
    free(r);
}

int cn_runs_open(const char *path, cn_runs_reader **out, cn_diag *d)
{
    *out = NULL;
    cn_runs_reader *r = calloc(1, sizeof *r);
    if (r == NULL)
        return CN_ENOMEM;
    int rc = CN_OK;
    sqlite3_stmt *q = NULL;
    if (sqlite3_open_v2(path, &r->db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        rc = cn_diag_set(d, path, 0, NULL, "cannot open the store: %s", sqlite3_errmsg(r->db));
        goto fail;
    }
    if (sqlite3_prepare_v2(r->db, "SELECT value FROM meta WHERE key = 'keep_runs'", -1, &q, NULL)
        != SQLITE_OK) {
        rc = cn_diag_set(d, path, 0, NULL, "not a results store");
        goto fail;
    }
    int keep = sqlite3_step(q) == SQLITE_ROW && sqlite3_column_text(q, 0) != NULL
               && strcmp((const char *)sqlite3_column_text(q, 0), "1") == 0;
    sqlite3_finalize(q);
    q = NULL;
    if (!keep) {
        rc = cn_diag_set(d, path, 0, NULL, "the store keeps no per-run rows (run the sweep with "
                                           "--keep-runs for --format long)");
        goto fail;
    }
    if (sqlite3_prepare_v2(r->db, "SELECT count(*) FROM metrics", -1, &q, NULL) != SQLITE_OK
        || sqlite3_step(q) != SQLITE_ROW) {
        rc = CN_EIO;
        goto fail;
    }
    r->n = sqlite3_column_int(q, 0);
    sqlite3_finalize(q);
    q = NULL;
    r->m = calloc((size_t)(r->n > 0 ? r->n : 1), sizeof *r->m);
    if (r->m == NULL) {
        rc = CN_ENOMEM;
        goto fail;
    }
    if (sqlite3_prepare_v2(r->db, "SELECT name, kind FROM metrics ORDER BY idx", -1, &q, NULL)
        != SQLITE_OK) {
        rc = CN_EIO;
        goto fail;
    }
    int j = 0, step;
    while ((step = sqlite3_step(q)) == SQLITE_ROW && j < r->n) {
        const char *name = (const char *)sqlite3_column_text(q, 0);
        snprintf(r->m[j].name, sizeof r->m[j].name, "%s", name != NULL ? name : "");
        r->m[j].kind = (cn_metric_kind)sqlite3_column_int(q, 1);
        j++;
    }
    /* a read that failed is not the end of the table (nor is a short one) */
    if (step != SQLITE_DONE || j != r->n) {
        rc = CN_EIO;
        goto fail;
    }
    sqlite3_finalize(q);
    q = NULL;
    if (sqlite3_prepare_v2(r->db, "SELECT * FROM runs ORDER BY point, rep", -1, &r->q, NULL)
            != SQLITE_OK
        || sqlite3_column_count(r->q) != 2 + r->n) {
        rc = CN_EIO;
        goto fail;
    }
    *out = r;
    return CN_OK;
fail:
    if (rc == CN_EIO)
        cn_diag_set(d, path, 0, NULL, "cannot read the store's runs: %s", sqlite3_errmsg(r->db));
    sqlite3_finalize(q);
    cn_runs_close(r);
    return rc;
}

int cn_runs_n_metrics(const cn_runs_reader *r)
{
    return r->n;
}

const cn_metric *cn_runs_metrics(const cn_runs_reader *r)
{
    return r->m;
}

int cn_runs_next(cn_runs_reader *r, int *point, long *rep, double *values)
{
    int s = sqlite3_step(r->q);
    if (s == SQLITE_DONE)
        return 0;
    if (s != SQLITE_ROW)
        return -CN_EIO;
    *point = sqlite3_column_int(r->q, 0);
    *rep = (long)sqlite3_column_int64(r->q, 1);
    for (int j = 0; j < r->n; j++)
        values[j] = sqlite3_column_type(r->q, 2 + j) == SQLITE_NULL
                        ? NAN
                        : sqlite3_column_double(r->q, 2 + j);
    return 1;
}

/* ---- uncertain inputs against Monte Carlo noise --------------------------------------- */

void cn_runs_spread_free(cn_runs_spread *s)
{
    free(s->sd);
    free(s->share);
    free(s->mc);
}

/* The input group size of the store's scenario when it draws uncertain
 * inputs (run.uncertainty not "none"), else 0. */
static int store_input_group(cn_store *st)
{
    char *scen = NULL;
    if (cn_store_meta_get(st, "scenario_text", &scen) != CN_OK || scen == NULL)
        return 0;
    config_t cfg;
    config_init(&cfg);
    int group = 0, g = 20;
    const char *unc = "positions";
    if (config_read_string(&cfg, scen) == CONFIG_TRUE) {
        config_lookup_string(&cfg, "run.uncertainty", &unc);
        config_lookup_int(&cfg, "run.input_group", &g);
        group = strcmp(unc, "none") != 0 && g >= 1 ? g : 0;
    }
    config_destroy(&cfg);
    free(scen);
    return group;
}

typedef struct {
    cn_spread *s; /* a point's decomposition, NULL until its first run */
} point_spread;

/* Per point and column of t, the decomposition of the kept runs
 * (cn_spread.h).  CN_OK with s filled; CN_EINPUT when there is nothing to
 * decompose (no kept runs, no uncertain inputs): s left empty. */
int cn_runs_input_spread(cn_store *st, const char *db, const cn_whatif_table *t, int *group,
                             cn_runs_spread *s)
{
    memset(s, 0, sizeof *s);
    if ((*group = store_input_group(st)) == 0)
        return CN_EINPUT; /* (*group is set even when no runs are kept) */
    cn_runs_reader *r = NULL;
    if (cn_runs_open(db, &r, NULL) != CN_OK || r == NULL)
        return CN_EINPUT;
    int n = cn_runs_n_metrics(r), C = t->n_cols, P = t->n_points;
    const cn_metric *m = cn_runs_metrics(r);
    size_t cells = (size_t)P * (size_t)C;
    int *col = malloc((size_t)(C > 0 ? C : 1) * sizeof *col);
    double *row = malloc((size_t)(n > 0 ? n : 1) * sizeof *row);
    s->sd = malloc(cells * sizeof *s->sd);
    s->share = malloc(cells * sizeof *s->share);
    s->mc = malloc(cells * sizeof *s->mc);
    cn_metrics_layout L = {0};
    L.n = n;
    point_spread *sp = calloc((size_t)P, sizeof *sp);
    int rc = col != NULL && row != NULL && s->sd != NULL && s->share != NULL && s->mc != NULL
                     && sp != NULL
                 ? CN_OK
                 : CN_ENOMEM;
    for (int j = 0; j < C && rc == CN_OK; j++) {
        col[j] = -1;
        for (int k = 0; k < n; k++)
            if (strcmp(m[k].name, t->cols[j].name) == 0)
                col[j] = k;
    }
    int p, got;
    long rep;
    while (rc == CN_OK && (got = cn_runs_next(r, &p, &rep, row)) != 0) {
        if (got < 0 || p < 0 || p >= P) {
            rc = CN_EIO;
            break;
        }
        if (sp[p].s == NULL && (sp[p].s = cn_spread_alloc(&L, *group)) == NULL)
            rc = CN_ENOMEM;
        else
            cn_spread_add(sp[p].s, rep, 1, row);
    }
    for (p = 0; p < P && rc == CN_OK; p++)
        for (int j = 0; j < C; j++) {
            size_t at = (size_t)p * (size_t)C + (size_t)j;
            cn_spread_summary q = {0, 0, NAN, NAN, NAN, NAN, NAN};
            if (sp[p].s != NULL && col[j] >= 0
                && (t->done[p] || (t->partial != NULL && t->partial[p])))
                cn_spread_get(sp[p].s, col[j], &q);
            s->sd[at] = q.input_sd;
            s->share[at] = q.input_share;
            s->mc[at] = q.mc_se;
        }
    for (p = 0; sp != NULL && p < P; p++)
        cn_spread_free(sp[p].s);
    free(sp);
    free(col);
    free(row);
    cn_runs_close(r);
    if (rc != CN_OK) {
        cn_runs_spread_free(s);
        memset(s, 0, sizeof *s);
    }
    return rc;
}
