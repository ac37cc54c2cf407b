/* test_store.c - the SQLite results store: schema and meta, batches saved
 * and read back bit for bit, finished points, tables, refusing another
 * sweep's results, merging shards, kept runs, and files that are not
 * stores. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "cli_harness.h"
#include "cn_load.h"
#include "cn_store.h"

#define DATA "tests/data"

typedef struct {
    cn_sweep *sw;
    cn_scenario *s;
    cn_metrics_layout L;
    char dir[64];
} ctx;

static int setup(void **state)
{
    ctx *c = calloc(1, sizeof *c);
    cn_diag d;
    if (c == NULL || cn_load_scenario(DATA "/sw_grid.cfg", NULL, 0, &c->s, &d) != CN_OK
        || cn_sweep_make(c->s, &c->sw, &d) != CN_OK || cn_metrics_layout_init(c->s, &c->L) != CN_OK)
        return -1;
    snprintf(c->dir, sizeof c->dir, "/tmp/cn_test_store_XXXXXX");
    if (mkdtemp(c->dir) == NULL)
        return -1;
    *state = c;
    return 0;
}

static void rm_store(const char *path)
{
    char side[256];
    remove(path);
    snprintf(side, sizeof side, "%s-wal", path);
    remove(side);
    snprintf(side, sizeof side, "%s-shm", path);
    remove(side);
}

static int teardown(void **state)
{
    ctx *c = *state;
    const char *names[] = {"a.sqlite", "b.sqlite", "m.sqlite", "x.sqlite", "junk", "k.sqlite",
                           "k2.sqlite", "km.sqlite", "bl.sqlite"};
    /* (the last tests' files are removed with the folder) */
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char p[128];
        snprintf(p, sizeof p, "%s/%s", c->dir, names[i]);
        rm_store(p);
    }
    ch_remove_tree(c->dir); /* and whatever else the tests made there */
    cn_metrics_layout_free(&c->L);
    cn_sweep_free(c->sw); /* before the scenario it borrows from */
    cn_scenario_free(c->s);
    free(c);
    return 0;
}

static cn_store_meta meta(const char *hash, int keep)
{
    return (cn_store_meta){
        .version = "0.1.0", .scenario_name = "sw_base", .description = "d",
        .scenario_hash = "abcd", .sweep_hash = hash, .scenario_text = "name = \"x\";",
        .sweep_text = "design grid", .plan = "replications=300", .design = "grid",
        .generator = "mt19937", .seed = 11, .metrics = "F.adopted,world.binding",
        .keep_runs = keep, .shard = "",
    };
}

static cn_store *fresh_store(ctx *c, const char *name, const cn_store_meta *m)
{
    char p[128];
    snprintf(p, sizeof p, "%s/%s", c->dir, name);
    rm_store(p);
    cn_store *st = NULL;
    cn_diag d;
    int fresh = 0;
    assert_int_equal(cn_store_open(p, 1, &st, &fresh, &d), CN_OK);
    assert_int_equal(fresh, 1);
    assert_int_equal(cn_store_init(st, m, c->sw, &c->L, &d), CN_OK);
    return st;
}

/* An aggregate of reps replications with awkward doubles, different per
 * point and batch; its counts add up as a store checks they do (n +
 * missing = reps, successes and paired differences at most n). */
static void fill(cn_whatif_agg *g, int p, long b, long reps)
{
    cn_whatif_agg_reset(g);
    for (int j = 0; j < g->n; j++) {
        long missing = j % 3 < reps ? j % 3 : 0, n = reps - missing;
        g->acc[j] = (cn_whatif_acc){.n = n, .missing = missing, .successes = (7 * p + b) % (n + 1),
                                    .mean = 1.0 / (3.0 + j + p), .m2 = 3.141592653589793 * (double)(b + 1),
                                    .min = -0.1 * j - 0.05, .max = 1e300};
        g->diff[j] = (cn_whatif_diff){.n = n, .mean = -1.0 / 7.0 * p, .m2 = 2.385 * j};
    }
}

static void test_store_batches_roundtrip(void **state)
{
    ctx *c = *state;
    cn_store_meta m = meta("h1", 0);
    cn_store *st = fresh_store(c, "a.sqlite", &m);
    cn_whatif_agg g, h;
    assert_int_equal(cn_whatif_agg_init(&g, c->L.n), CN_OK);
    assert_int_equal(cn_whatif_agg_init(&h, c->L.n), CN_OK);
    long n = 0;
    int found = 1, done = 1, total = 0;
    assert_int_equal(cn_store_batch_load(st, 2, 0, &h, &n, &found), CN_OK);
    assert_int_equal(found, 0);
    fill(&g, 2, 1, 100);
    assert_int_equal(cn_store_batch_save(st, 2, 1, 100, 100, &g, NULL, NULL, 0), CN_OK);
    assert_int_equal(cn_store_batch_load(st, 2, 1, &h, &n, &found), CN_OK);
    assert_int_equal(found, 1);
    assert_int_equal(n, 100);
    assert_memory_equal(g.acc, h.acc, (size_t)g.n * sizeof *g.acc);
    assert_memory_equal(g.diff, h.diff, (size_t)g.n * sizeof *g.diff);
    assert_int_equal(cn_store_point_done(st, 2, &done), CN_OK);
    assert_int_equal(done, 0);
    /* batch 0, then the last batch finishes the point: its aggregate is
     * the merge of the three */
    cn_whatif_agg tot;
    assert_int_equal(cn_whatif_agg_init(&tot, c->L.n), CN_OK);
    for (int k = 0; k < 3; k++)
        cn_whatif_agg_merge(&tot, &g);
    assert_int_equal(cn_store_batch_save(st, 2, 0, 0, 100, &g, NULL, NULL, 0), CN_OK);
    assert_int_equal(cn_store_batch_save(st, 2, 2, 200, 100, &g, NULL, &tot, 300), CN_OK);
    assert_int_equal(cn_store_point_done(st, 2, &done), CN_OK);
    assert_int_equal(done, 1);
    assert_int_equal(cn_store_progress(st, &done, &total), CN_OK);
    assert_int_equal(done, 1);
    assert_int_equal(total, 7);
    char *v = NULL;
    assert_int_equal(cn_store_meta_get(st, "design", &v), CN_OK);
    assert_string_equal(v, "grid");
    free(v);
    assert_int_equal(cn_store_meta_get(st, "nothing", &v), CN_OK);
    assert_null(v);

    /* the table shows the finished point, with the stored aggregate */
    cn_store_table *t = NULL;
    cn_diag d;
    assert_int_equal(cn_store_read_table(st, NULL, &t, &d), CN_OK);
    const cn_whatif_table *tt = cn_store_table_get(t);
    assert_int_equal(tt->n_points, 7);
    assert_int_equal(tt->n_factors, 2);
    assert_int_equal(tt->n_cols, 2);
    assert_string_equal(tt->cols[0].name, "F.adopted");
    assert_string_equal(tt->factor_names[0], "footnotes");
    assert_string_equal(tt->point_names[2], "2");
    assert_string_equal(tt->labels[2 * 2 + 1], "0.3");

    assert_true(tt->x[2 * 2 + 1] == 0.3);
    assert_true(isnan(tt->x[0]));
    assert_int_equal(tt->done[2], 1);
    assert_int_equal(tt->done[1], 0);
    assert_int_equal(tt->replications[2], 300);
    int j = cn_metrics_find(&c->L, "world.binding");
    assert_memory_equal(&tt->acc[2 * 2 + 1], &tot.acc[j], sizeof tot.acc[j]);
    cn_whatif_agg_free(&tot);
    assert_string_equal(tt->scenario, "sw_base");
    assert_int_equal(tt->seed, 11);
    cn_store_table_free(t);
    /* other columns, and unknown ones */
    assert_int_equal(cn_store_read_table(st, "T.in_force", &t, &d), CN_OK);
    assert_int_equal(cn_store_table_get(t)->n_cols, 1);
    cn_store_table_free(t);
    assert_int_equal(cn_store_read_table(st, "T.in_forse", &t, &d), CN_EINPUT);
    assert_null(t);
    assert_non_null(strstr(d.msg, "unknown metric 'T.in_forse' (did you mean 'T.in_force'?)"));
    assert_int_equal(cn_store_read_table(st, ",", &t, &d), CN_EINPUT);
    cn_store_table_free(NULL);

    /* same sweep: accepted; another hash or version: refused */
    assert_int_equal(cn_store_check(st, &m, &d), CN_OK);
    cn_store_meta other = meta("h2", 0);
    assert_int_equal(cn_store_check(st, &other, &d), CN_EINPUT);
    assert_non_null(strstr(d.msg, "holds results of another sweep design or plan"));
    other = meta("h1", 0);
    other.version = "9.9";
    assert_int_equal(cn_store_check(st, &other, &d), CN_EINPUT);
    assert_non_null(strstr(d.msg, "another program version (0.1.0, now 9.9)"));
    cn_store_close(st);
    cn_store_close(NULL);

    /* reopened: the data is there */
    char p[128];
    snprintf(p, sizeof p, "%s/a.sqlite", c->dir);
    int fresh = 1;
    assert_int_equal(cn_store_open(p, 0, &st, &fresh, &d), CN_OK);
    assert_int_equal(fresh, 0);
    assert_int_equal(cn_store_batch_load(st, 2, 1, &h, &n, &found), CN_OK);
    assert_int_equal(found, 1);
    assert_memory_equal(g.acc, h.acc, (size_t)g.n * sizeof *g.acc);
    cn_store_close(st);
    cn_whatif_agg_free(&g);
    cn_whatif_agg_free(&h);
}

static void test_store_not_a_store(void **state)
{
    ctx *c = *state;
    char p[128];
    cn_store *st = NULL;
    cn_diag d;
    snprintf(p, sizeof p, "%s/junk", c->dir);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fputs("this is not a database, just some text that is long enough\n", f);
    fclose(f);
    assert_int_equal(cn_store_open(p, 0, &st, NULL, &d), CN_EINPUT);
    assert_null(st);
    assert_non_null(strstr(d.msg, "not a results store"));
    /* a SQLite file of something else */
    snprintf(p, sizeof p, "%s/x.sqlite", c->dir);
    rm_store(p);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(p, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "CREATE TABLE t(a)", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    assert_int_equal(cn_store_open(p, 0, &st, NULL, &d), CN_EINPUT);
    assert_non_null(strstr(d.msg, "not a results store of cybernorms"));
    /* missing without create */
    snprintf(p, sizeof p, "%s/none.sqlite", c->dir);
    assert_int_equal(cn_store_open(p, 0, &st, NULL, &d), CN_EINPUT);
    assert_non_null(strstr(d.msg, "cannot open the store"));
}

static void test_store_merge_shards(void **state)
{
    ctx *c = *state;
    cn_store_meta m = meta("h1", 1);
    cn_store *a = fresh_store(c, "k.sqlite", &m);
    cn_store *b = fresh_store(c, "k2.sqlite", &m);
    cn_whatif_agg g;
    assert_int_equal(cn_whatif_agg_init(&g, c->L.n), CN_OK);
    double *rows = calloc((size_t)c->L.n * 3, sizeof *rows);
    assert_non_null(rows);
    rows[0] = NAN;
    rows[1] = 2.385;
    /* point p in shard p mod 2 */
    for (int p = 0; p < 7; p++) {
        fill(&g, p, 0, 3);
        assert_int_equal(cn_store_batch_save(p % 2 == 0 ? a : b, p, 0, 0, 3, &g, rows, &g, 3),
                         CN_OK);
    }
    cn_store_close(a);
    cn_store_close(b);
    char pa[128], pb[128], pm[128];
    snprintf(pa, sizeof pa, "%s/k.sqlite", c->dir);
    snprintf(pb, sizeof pb, "%s/k2.sqlite", c->dir);
    snprintf(pm, sizeof pm, "%s/km.sqlite", c->dir);
    const char *in[] = {pa, pb};
    cn_diag d;
    assert_int_equal(cn_store_merge(pm, in, 2, &d), CN_OK);
    cn_store *st = NULL;
    assert_int_equal(cn_store_open(pm, 0, &st, NULL, &d), CN_OK);
    int done, total;
    assert_int_equal(cn_store_progress(st, &done, &total), CN_OK);
    assert_int_equal(done, 7);
    cn_store_table *t = NULL;
    assert_int_equal(cn_store_read_table(st, NULL, &t, &d), CN_OK);
    fill(&g, 5, 0, 3);
    assert_memory_equal(&cn_store_table_get(t)->acc[5 * 2], &g.acc[0], sizeof g.acc[0]);
    cn_store_table_free(t);
    cn_store_close(st);
    /* kept runs: 7 points x 3 replications, NaN kept as NULL */
    sqlite3 *db;
    assert_int_equal(sqlite3_open(pm, &db), SQLITE_OK);
    sqlite3_stmt *q;
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*), sum(\"F.adopted\" IS NULL), "
                                            "sum(\"F.session\") FROM runs", -1, &q, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(q, 0), 21);
    assert_int_equal(sqlite3_column_int(q, 1), 7);
    assert_true(fabs(sqlite3_column_double(q, 2) - 7 * 2.385) < 1e-12);
    sqlite3_finalize(q);
    sqlite3_close(db);

    /* errors: a shard of another sweep, the output among the inputs, none */
    cn_store_meta other = meta("h9", 1);
    cn_store *x = fresh_store(c, "x.sqlite", &other);
    cn_store_close(x);
    char px[128];
    snprintf(px, sizeof px, "%s/x.sqlite", c->dir);
    const char *bad[] = {pa, px};
    assert_int_equal(cn_store_merge(pm, bad, 2, &d), CN_EINPUT);
    assert_non_null(strstr(d.msg, "not shards of the same sweep"));
    const char *self[] = {pm};
    assert_int_equal(cn_store_merge(pm, self, 1, &d), CN_EINPUT);
    assert_int_equal(cn_store_merge(pm, self, 0, &d), CN_EINPUT);
    char nothere[160];
    snprintf(nothere, sizeof nothere, "%s/nothere.sqlite", c->dir);
    const char *missing[] = {nothere};
    assert_int_equal(cn_store_merge(pm, missing, 1, &d), CN_EINPUT);
    free(rows);
    cn_whatif_agg_free(&g);
}

/* A store whose recorded baseline is not an integer is refused, naming it. */
static void test_store_corrupt_baseline(void **state)
{
    ctx *c = *state;
    cn_store_meta m = meta("h1", 0);
    cn_store_close(fresh_store(c, "bl.sqlite", &m));
    char p[128];
    snprintf(p, sizeof p, "%s/bl.sqlite", c->dir);
    const char *bad[] = {"3x", "", "99999999999"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        sqlite3 *db;
        sqlite3_stmt *q;
        assert_int_equal(sqlite3_open(p, &db), SQLITE_OK);
        assert_int_equal(sqlite3_prepare_v2(db, "UPDATE meta SET value = ? WHERE key = 'baseline'",
                                            -1, &q, NULL), SQLITE_OK);
        sqlite3_bind_text(q, 1, bad[i], -1, SQLITE_STATIC);
        assert_int_equal(sqlite3_step(q), SQLITE_DONE);
        sqlite3_finalize(q);
        assert_int_equal(sqlite3_changes(db), 1);
        sqlite3_close(db);
        cn_store *st = NULL;
        cn_store_table *t = NULL;
        cn_diag d;
        assert_int_equal(cn_store_open(p, 0, &st, NULL, &d), CN_OK);
        assert_int_equal(cn_store_read_table(st, NULL, &t, &d), CN_EINPUT);
        assert_null(t);
        char want[64];
        snprintf(want, sizeof want, "corrupt store: baseline '%s' is not an integer", bad[i]);
        assert_non_null(strstr(d.msg, want));
        cn_store_close(st);
    }
}

/* A big-endian 32-bit number at b. */
static unsigned be32(const unsigned char *b)
{
    return (unsigned)b[0] << 24 | (unsigned)b[1] << 16 | (unsigned)b[2] << 8 | (unsigned)b[3];
}

/* A read that fails part-way through a table is an error, never the end
 * of the table.  The last page of point_values (which the checks on
 * opening do not read) is damaged: SQLite returns rows from the pages
 * before it, then SQLITE_CORRUPT; reading the what-if table must fail,
 * naming the damage, not return a table with the later labels missing. */
static void test_store_read_fails_mid_table(void **state)
{
    ctx *c = *state;
    cn_scenario *s = NULL;
    cn_sweep *sw = NULL;
    cn_metrics_layout L;
    cn_diag d;
    const char *sets[] = {"sweep.samples=600"}; /* 601 points x 2 factors: several pages */
    assert_int_equal(cn_load_scenario(DATA "/sw_sobol.cfg", sets, 1, &s, &d), CN_OK);
    assert_int_equal(cn_sweep_make(s, &sw, &d), CN_OK);
    assert_int_equal(cn_metrics_layout_init(s, &L), CN_OK);
    char p[128];
    snprintf(p, sizeof p, "%s/pv.sqlite", c->dir);
    cn_store *st = NULL;
    int fresh = 0;
    cn_store_meta m = meta("h1", 0);
    assert_int_equal(cn_store_open(p, CN_STORE_CREATE, &st, &fresh, &d), CN_OK);
    assert_int_equal(cn_store_init(st, &m, sw, &L, &d), CN_OK);
    cn_store_close(st); /* at rest: one file */

    /* the table's root is an interior page; its right-most child, the
     * last leaf, gets a page type no b-tree page has */
    sqlite3 *db;
    sqlite3_stmt *q;
    assert_int_equal(sqlite3_open_v2(p, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT rootpage FROM sqlite_master WHERE name = "
                                            "'point_values'", -1, &q, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    long root = (long)sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    sqlite3_close(db);
    size_t size = 0;
    unsigned char *file = (unsigned char *)ch_read_file(p, &size);
    assert_non_null(file);
    long page = (long)file[16] << 8 | file[17];
    assert_true(root >= 2 && (size_t)(root * page) <= size);
    const unsigned char *hdr = file + (root - 1) * page;
    assert_int_equal(hdr[0], 0x05); /* an interior table page: the table spans pages */
    long leaf = (long)be32(hdr + 8);
    assert_true(leaf >= 2 && (size_t)(leaf * page) <= size);
    file[(leaf - 1) * page] = 0x00;
    ch_write_file(p, (const char *)file, size);
    free(file);

    /* SQLite itself: rows, then the error (a read failing mid-table) */
    assert_int_equal(sqlite3_open_v2(p, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT point, factor, label, value FROM "
                                            "point_values", -1, &q, NULL), SQLITE_OK);
    int rows = 0, rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW)
        rows++;
    assert_true(rows > 0);
    assert_int_equal(rc & 0xff, SQLITE_CORRUPT);
    sqlite3_finalize(q);
    sqlite3_close(db);

    /* the store opens (its checks do not read point_values); its table
     * is refused */
    assert_int_equal(cn_store_open(p, CN_STORE_READ, &st, NULL, &d), CN_OK);
    cn_store_table *t = NULL;
    assert_int_equal(cn_store_read_table(st, NULL, &t, &d), CN_EINPUT);
    assert_null(t);
    ch_assert_contains(d.msg, "damaged store: ");
    cn_store_close(st);
    cn_metrics_layout_free(&L);
    cn_sweep_free(sw);
    cn_scenario_free(s);
}

/* Runs sql on the store at path. */
static void edit(const char *path, const char *sql)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
    char *err = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK)
        fail_msg("%s: %s", sql, err);
    sqlite3_close(db);
}

/* A consistent store of one finished point (2: three batches of 100)
 * and one unfinished (4: one batch), at path. */
static void consistent_store(ctx *c, const char *name, char *path, size_t size)
{
    cn_store_meta m = meta("h1", 0);
    m.plan = "seed=11 generator=mt19937 replications=300 batch=100 precision=0";
    cn_store *st = fresh_store(c, name, &m);
    cn_whatif_agg g, tot;
    assert_int_equal(cn_whatif_agg_init(&g, c->L.n), CN_OK);
    assert_int_equal(cn_whatif_agg_init(&tot, c->L.n), CN_OK);
    fill(&g, 2, 0, 100);
    for (int b = 0; b < 3; b++) {
        cn_whatif_agg_merge(&tot, &g);
        assert_int_equal(cn_store_batch_save(st, 2, b, 100L * b, 100, &g, NULL,
                                             b == 2 ? &tot : NULL, 300), CN_OK);
    }
    assert_int_equal(cn_store_batch_save(st, 4, 0, 0, 100, &g, NULL, NULL, 0), CN_OK);
    cn_store_close(st);
    cn_whatif_agg_free(&g);
    cn_whatif_agg_free(&tot);
    snprintf(path, size, "%s/%s", c->dir, name);
}

/* Numbers the table reads are checked: a seed that is not one, a
 * replication count stored as text, a metric of an unknown kind. */
static void test_store_numbers_checked(void **state)
{
    ctx *c = *state;
    char p[128];
    const char *edits[][2] = {
        {"UPDATE meta SET value = '12x' WHERE key = 'seed'", "corrupt store: seed '12x'"},
        {"UPDATE meta SET value = '-3' WHERE key = 'seed'", "corrupt store: seed '-3'"},
        {"UPDATE points SET replications = 'many' WHERE idx = 3",
         "a row of its points table is not a point of this sweep"},
        {"UPDATE points SET factor = 12 WHERE idx = 4",
         "a row of its points table is not a point of this sweep"},
        {"UPDATE metrics SET kind = 9 WHERE idx = 0",
         "its metrics table does not hold the metrics it counts"},
        {"UPDATE point_values SET value = 'x' WHERE point = 1 AND factor = 0",
         "a row of its point_values table is not a point's factor value"},
    };
    for (size_t i = 0; i < sizeof edits / sizeof edits[0]; i++) {
        char name[32];
        snprintf(name, sizeof name, "num%zu.sqlite", i);
        consistent_store(c, name, p, sizeof p);
        edit(p, edits[i][0]);
        cn_store *st = NULL;
        cn_store_table *t = NULL;
        cn_diag d;
        if (cn_store_open(p, CN_STORE_READ, &st, NULL, &d) != CN_OK)
            fail_msg("edit %zu: the store is refused on opening: %s", i, d.msg);
        assert_int_not_equal(cn_store_read_table(st, NULL, &t, &d), CN_OK);
        assert_null(t);
        if (strstr(d.msg, edits[i][1]) == NULL)
            fail_msg("edit %zu: '%s', expected '%s'", i, d.msg, edits[i][1]);
        cn_store_close(st);
    }
}

/* Every store is checked when opened: counts that must add up, named. */
static void test_store_consistency_check_names_what_is_wrong(void **state)
{
    ctx *c = *state;
    char p[128], q[128];
    consistent_store(c, "a.sqlite", p, sizeof p);
    cn_store *st = NULL;
    cn_diag d;
    assert_int_equal(cn_store_open(p, CN_STORE_READ, &st, NULL, &d), CN_OK);
    cn_store_close(st);
    const struct {
        const char *sql, *msg;
    } cases[] = {
        {"UPDATE point_stats SET n = -5 WHERE point = 2 AND metric = 1",
         "the statistics of finished point 2 do not add up to its replications"},
        {"DELETE FROM batches WHERE point = 2 AND batch = 1",
         "statistics of batch 1 of point 2, a batch it does not hold"},
        {"DELETE FROM batch_stats WHERE point = 2 AND batch = 1; DELETE FROM batches WHERE point "
         "= 2 AND batch = 1",
         "point 2 is recorded as finished with 300 replications, but its batches hold 200"},
        {"UPDATE batch_stats SET n = n + 1 WHERE point = 4 AND batch = 0 AND metric = 0",
         "batch 0 of point 4: its statistics do not add up to its 100 replications"},
        {"DELETE FROM batch_stats WHERE point = 4 AND metric = 3",
         "batch 0 of point 4 has statistics for"},
        {"UPDATE batches SET first_rep = 7 WHERE point = 4",
         "batch 0 of point 4 holds replications 7 to 106, not a batch of this sweep"},
        {"UPDATE batches SET n = 250 WHERE point = 4",
         "not a batch of this sweep (batches of 100)"},
        {"UPDATE point_stats SET successes = successes + 1 WHERE point = 2 AND metric = 1",
         "point 2, metric 1: the point's statistics"},
        {"DELETE FROM points WHERE idx = 3", "the points are not numbered 0 to 5"},
        {"DELETE FROM meta WHERE key = 'plan'", "its meta table has no 'plan'"},
        {"UPDATE points SET done = 7 WHERE idx = 4", "point 4 is recorded as finished"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        snprintf(q, sizeof q, "%s/x.sqlite", c->dir);
        rm_store(q);
        size_t n;
        FILE *in = fopen(p, "rb");
        assert_non_null(in);
        char buf[1 << 16];
        FILE *out = fopen(q, "wb");
        assert_non_null(out);
        while ((n = fread(buf, 1, sizeof buf, in)) > 0)
            assert_int_equal(fwrite(buf, 1, n, out), n);
        fclose(in);
        fclose(out);
        edit(q, cases[i].sql);
        const int modes[] = {CN_STORE_READ, CN_STORE_WRITE};
        for (int k = 0; k < 2; k++) {
            cn_diag_clear(&d);
            st = NULL;
            int rc = cn_store_open(q, modes[k], &st, NULL, &d);
            if (rc != CN_EINPUT || strstr(d.msg, "damaged store: ") == NULL
                || strstr(d.msg, cases[i].msg) == NULL)
                fail_msg("case %zu (%s): status %d, '%s'", i, cases[i].sql, rc, d.msg);
            assert_null(st);
        }
    }
}

/* Readers open read-only and create nothing; a file refused is left as
 * it was (no switch to WAL); a store name is a plain file name. */
static void test_store_readers_change_nothing(void **state)
{
    ctx *c = *state;
    char p[128], side[160];
    consistent_store(c, "b.sqlite", p, sizeof p);
    /* at rest: one file (the writer went back to a rollback journal) */
    snprintf(side, sizeof side, "%s-wal", p);
    assert_false(access(side, F_OK) == 0);
    cn_store *st = NULL;
    cn_diag d;
    int fresh = 5;
    for (int wal = 0; wal < 2; wal++) {
        if (wal)
            edit(p, "PRAGMA journal_mode=WAL"); /* left in WAL mode, no log */
        assert_int_equal(cn_store_open(p, CN_STORE_READ, &st, &fresh, &d), CN_OK);
        assert_int_equal(fresh, 0);
        int done = 0, total = 0;
        assert_int_equal(cn_store_progress(st, &done, &total), CN_OK);
        assert_int_equal(done, 1);
        cn_store_close(st);
        snprintf(side, sizeof side, "%s-wal", p);
        assert_false(access(side, F_OK) == 0);
        snprintf(side, sizeof side, "%s-shm", p);
        assert_false(access(side, F_OK) == 0);
    }
    /* a killed writer's store: a write-ahead log, no -shm; reading it
     * leaves nothing beside it (the -shm SQLite needs is removed, the log
     * is untouched), so its owner can still resume */
    {
        char logged[128], from[180], to[180];
        snprintf(logged, sizeof logged, "%s/logged.sqlite", c->dir);
        sqlite3 *h;
        assert_int_equal(sqlite3_open(p, &h), SQLITE_OK);
        assert_int_equal(sqlite3_exec(h, "PRAGMA wal_autocheckpoint=0; INSERT INTO meta "
                                         "VALUES('note', 'a batch in the log')", NULL, NULL, NULL),
                         SQLITE_OK);
        size_t n;
        char *bytes = ch_read_file(p, &n);
        assert_non_null(bytes);
        ch_write_file(logged, bytes, n);
        free(bytes);
        snprintf(from, sizeof from, "%s-wal", p);
        snprintf(to, sizeof to, "%s-wal", logged);
        char *log = ch_read_file(from, &n);
        assert_non_null(log);
        assert_true(n > 0);
        ch_write_file(to, log, n);
        sqlite3_close(h);
        assert_int_equal(cn_store_open(logged, CN_STORE_READ, &st, NULL, &d), CN_OK);
        char *note = NULL;
        assert_int_equal(cn_store_meta_get(st, "note", &note), CN_OK);
        assert_string_equal(note, "a batch in the log"); /* read from the log */
        free(note);
        cn_store_close(st);
        snprintf(side, sizeof side, "%s-shm", logged);
        assert_false(access(side, F_OK) == 0);
        snprintf(side, sizeof side, "%s.lock", logged);
        assert_false(access(side, F_OK) == 0);
        size_t n2;
        char *log2 = ch_read_file(to, &n2);
        assert_non_null(log2);
        assert_int_equal(n2, n);
        assert_memory_equal(log, log2, n);
        free(log);
        free(log2);
        assert_int_equal(cn_store_open(logged, CN_STORE_WRITE, &st, NULL, &d), CN_OK);
        cn_store_close(st);
    }
    /* an SQLite file of something else, opened to write: refused and
     * still in its rollback mode (byte 18 of the header: 1) */
    snprintf(p, sizeof p, "%s/k.sqlite", c->dir);
    rm_store(p);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(p, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "CREATE TABLE t(a)", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    assert_int_equal(cn_store_open(p, CN_STORE_WRITE, &st, NULL, &d), CN_EINPUT);
    ch_assert_contains(d.msg, "not a results store of cybernorms");
    unsigned char h[20];
    FILE *f = fopen(p, "rb");
    assert_non_null(f);
    assert_int_equal(fread(h, 1, 20, f), 20);
    fclose(f);
    assert_int_equal(h[18], 1);
    snprintf(side, sizeof side, "%s-wal", p);
    assert_false(access(side, F_OK) == 0);
    /* an empty file: not a store to read (and stays empty); a new store to write */
    snprintf(p, sizeof p, "%s/k2.sqlite", c->dir);
    rm_store(p);
    f = fopen(p, "wb");
    assert_non_null(f);
    fclose(f);
    assert_int_equal(cn_store_open(p, CN_STORE_READ, &st, NULL, &d), CN_EINPUT);
    ch_assert_contains(d.msg, "not a results store (an empty file)");
    struct stat sb;
    assert_int_equal(stat(p, &sb), 0);
    assert_int_equal(sb.st_size, 0);
    assert_int_equal(cn_store_open(p, CN_STORE_WRITE, &st, &fresh, &d), CN_OK);
    assert_int_equal(fresh, 1);
    cn_store_close(st);
    /* names: '?', '#' and '%' are characters of the file name; a
     * relative "file:..." or ":memory:" is a file in the working folder */
    const cn_store_meta m = meta("h1", 0);
    snprintf(p, sizeof p, "%s/x?mode=ro#y%%41.sqlite", c->dir);
    assert_int_equal(cn_store_open(p, CN_STORE_CREATE, &st, &fresh, &d), CN_OK);
    assert_int_equal(cn_store_init(st, &m, c->sw, &c->L, &d), CN_OK);
    cn_store_close(st);
    assert_int_equal(access(p, F_OK), 0);
    assert_int_equal(cn_store_open(p, CN_STORE_READ, &st, NULL, &d), CN_OK);
    cn_store_close(st);
    rm_store(p);
    char here[512];
    assert_non_null(getcwd(here, sizeof here));
    assert_int_equal(chdir(c->dir), 0);
    const char *names[] = {"file::memory:", ":memory:", "file:k.sqlite"};
    for (int i = 0; i < 3; i++) {
        assert_int_equal(cn_store_open(names[i], CN_STORE_CREATE, &st, &fresh, &d), CN_OK);
        assert_int_equal(cn_store_init(st, &m, c->sw, &c->L, &d), CN_OK);
        cn_store_close(st);
        int there = access(names[i], F_OK) == 0;
        rm_store(names[i]);
        if (!there)
            fail_msg("'%s' is not a file of that name", names[i]);
    }
    assert_int_equal(cn_store_open("", CN_STORE_CREATE, &st, &fresh, &d), CN_EINPUT);
    assert_int_equal(chdir(here), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_store_batches_roundtrip),
        cmocka_unit_test(test_store_not_a_store),
        cmocka_unit_test(test_store_merge_shards),
        cmocka_unit_test(test_store_corrupt_baseline),
        cmocka_unit_test(test_store_read_fails_mid_table),
        cmocka_unit_test(test_store_numbers_checked),
        cmocka_unit_test(test_store_consistency_check_names_what_is_wrong),
        cmocka_unit_test(test_store_readers_change_nothing),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
