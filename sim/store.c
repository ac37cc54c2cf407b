/* store.c - the SQLite results store of a sweep (cn_store.h).
 *
 * One connection, used by one thread (the sweep's main thread: the runner's
 * workers never touch the store).  Statements used per batch are prepared
 * once.  Every write of results happens inside one transaction per batch,
 * so the file always holds whole batches.  Doubles go to REAL columns
 * (8-byte IEEE, exact); aggregates never hold NaN (empty ones are zeros).
 *
 * Opening.  Every name is handed to SQLite as a URI this file builds
 * (store_uri), so a store is always the plain file of that name: "file:"
 * prefixes and ":memory:" mean nothing.  The file's first 100 bytes are
 * read before SQLite sees it: an empty file, a file that is not SQLite
 * and one that SQLite finds damaged get different messages.  Readers
 * (CN_STORE_READ) open read-only; a store in WAL mode without a write-ahead
 * log is opened immutable, so that nothing (-wal, -shm) is created beside
 * it and a read-only folder or medium can be read.  Writers switch to WAL
 * only after the file is known to be a store, and back to a rollback
 * journal when they close, so a store at rest is one file that any reader
 * can open without writing.  Every existing store is checked on opening
 * (check_store): counts, ranges and sums that must hold, each failure
 * named.
 */
#include "cn_store.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "cn_outfile.h"
#include "cn_suggest.h"

#define STORE_URI 4200 /* a URI for a path of up to 1024 bytes, escaped */

struct cn_store {
    sqlite3 *db;
    char path[1024];
    int writer; /* opened to write: back to a rollback journal on close */
    /* a reader of a store with a write-ahead log but no -shm (its writer
     * was killed): the store's lock, held while SQLite needs a -shm, which
     * is removed on closing so that nothing of the reader's is left */
    cn_outfile_lock *shm_guard;
    char err[256]; /* what SQLite said when the last batch failed */
    int n_metrics;
    int keep_runs;
    sqlite3_stmt *ins_batch, *ins_bstat, *ins_pstat, *upd_point, *sel_batch, *sel_bstat,
        *ins_run;
};

struct cn_store_table {
    cn_whatif_table t;
    char *scenario, *description, *design, *version, *hash, *generator;
    char **factor_names;
    char **point_names;
    char **labels;
    double *x;
    int *point_factor, *done, *partial;
    long *replications;
    cn_metric *cols;
    cn_whatif_acc *acc;
    cn_whatif_diff *diff;
};

static const char schema_sql[] =
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "CREATE TABLE factors(idx INTEGER PRIMARY KEY, name TEXT NOT NULL, path TEXT NOT NULL);"
    "CREATE TABLE metrics(idx INTEGER PRIMARY KEY, name TEXT NOT NULL, kind INTEGER NOT NULL,"
    " description TEXT NOT NULL);"
    "CREATE TABLE points(idx INTEGER PRIMARY KEY, name TEXT NOT NULL, sets TEXT NOT NULL,"
    " factor INTEGER NOT NULL, done INTEGER NOT NULL DEFAULT 0,"
    " replications INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE point_values(point INTEGER, factor INTEGER, label TEXT NOT NULL, value REAL,"
    " PRIMARY KEY(point, factor));"
    "CREATE TABLE batches(point INTEGER, batch INTEGER, first_rep INTEGER NOT NULL,"
    " n INTEGER NOT NULL, PRIMARY KEY(point, batch));"
    "CREATE TABLE batch_stats(point INTEGER, batch INTEGER, metric INTEGER, n INTEGER,"
    " missing INTEGER, successes INTEGER, mean REAL, m2 REAL, min REAL, max REAL,"
    " d_n INTEGER, d_mean REAL, d_m2 REAL, PRIMARY KEY(point, batch, metric));"
    "CREATE TABLE point_stats(point INTEGER, metric INTEGER, n INTEGER,"
    " missing INTEGER, successes INTEGER, mean REAL, m2 REAL, min REAL, max REAL,"
    " d_n INTEGER, d_mean REAL, d_m2 REAL, PRIMARY KEY(point, metric));";

static int db_fail(cn_store *st, cn_diag *d, const char *what)
{
    if (d != NULL)
        cn_diag_set(d, st->path, 0, NULL, "%s: %s", what, sqlite3_errmsg(st->db));
    return CN_EIO;
}

static int exec(cn_store *st, const char *sql)
{
    return sqlite3_exec(st->db, sql, NULL, NULL, NULL) == SQLITE_OK ? CN_OK : CN_EIO;
}

static void finalize_all(cn_store *st)
{
    sqlite3_stmt **s[] = {&st->ins_batch, &st->ins_bstat, &st->ins_pstat, &st->upd_point,
                          &st->sel_batch, &st->sel_bstat, &st->ins_run};
    for (size_t i = 0; i < sizeof s / sizeof s[0]; i++) {
        sqlite3_finalize(*s[i]);
        *s[i] = NULL;
    }
}

void cn_store_close(cn_store *st)
{
    if (st == NULL)
        return;
    finalize_all(st);
    if (st->writer && st->db != NULL) {
        /* at rest a store is one file: no -wal or -shm for a reader to need
         * (best effort: while a reader has it open it stays in WAL mode) */
        sqlite3_busy_timeout(st->db, 0);
        exec(st, "PRAGMA journal_mode=DELETE");
    }
    sqlite3_close(st->db);
    if (st->shm_guard != NULL) {
        char side[1100];
        snprintf(side, sizeof side, "%s-shm", st->path);
        (void)unlink(side); /* ours: no writer could start while the lock is held */
        cn_outfile_lock_release(st->shm_guard);
    }
    free(st);
}

static int count_rows(cn_store *st, const char *sql, long *out)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(st->db, sql, -1, &q, NULL) != SQLITE_OK)
        return CN_EIO;
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW)
        *out = (long)sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    return rc == SQLITE_ROW ? CN_OK : CN_EIO;
}

/* Prepares the per-batch statements once the schema exists. */
/* Appends s at buf[*k] (buf holds cap bytes), keeping buf terminated.  The
 * callers size buf for all they append; were it short, s would be cut. */
static void put(char *buf, size_t cap, size_t *k, const char *s)
{
    if (*k >= cap)
        return;
    size_t len = strlen(s);
    if (len > cap - 1 - *k)
        len = cap - 1 - *k;
    memcpy(buf + *k, s, len);
    *k += len;
    buf[*k] = '\0';
}

static int prepare(cn_store *st)
{
    long n;
    if (count_rows(st, "SELECT count(*) FROM metrics", &n) != CN_OK)
        return CN_EIO;
    st->n_metrics = (int)n;
    char *kr = NULL;
    if (cn_store_meta_get(st, "keep_runs", &kr) != CN_OK)
        return CN_EIO;
    st->keep_runs = kr != NULL && strcmp(kr, "1") == 0;
    free(kr);
    struct {
        sqlite3_stmt **s;
        const char *sql;
    } list[] = {
        {&st->ins_batch, "INSERT OR REPLACE INTO batches VALUES(?,?,?,?)"},
        {&st->ins_bstat, "INSERT OR REPLACE INTO batch_stats VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?)"},
        {&st->ins_pstat, "INSERT OR REPLACE INTO point_stats VALUES(?,?,?,?,?,?,?,?,?,?,?,?)"},
        {&st->upd_point, "UPDATE points SET done = 1, replications = ? WHERE idx = ?"},
        {&st->sel_batch, "SELECT n FROM batches WHERE point = ? AND batch = ?"},
        {&st->sel_bstat, "SELECT metric, n, missing, successes, mean, m2, min, max, d_n, d_mean,"
                         " d_m2 FROM batch_stats WHERE point = ? AND batch = ? ORDER BY metric"},
    };
    for (size_t i = 0; i < sizeof list / sizeof list[0]; i++)
        if (sqlite3_prepare_v2(st->db, list[i].sql, -1, list[i].s, NULL) != SQLITE_OK)
            return CN_EIO;
    if (st->keep_runs) {
        size_t cap = 64 + 2 * (size_t)st->n_metrics, k = 0;
        char *sql = malloc(cap);
        if (sql == NULL)
            return CN_ENOMEM;
        put(sql, cap, &k, "INSERT OR REPLACE INTO runs VALUES(?,?");
        for (int j = 0; j < st->n_metrics; j++)
            put(sql, cap, &k, ",?");
        put(sql, cap, &k, ")");
        int rc = sqlite3_prepare_v2(st->db, sql, -1, &st->ins_run, NULL);
        free(sql);
        if (rc != SQLITE_OK)
            return CN_EIO;
    }
    return CN_OK;
}

/* A URI naming the plain file at path, whatever its characters: "file:"
 * then the path ("./" before a relative one, so that ":memory:" is a file
 * too) with '%', '?' and '#' escaped, then "?" and query when given.
 * CN_OK, or CN_EINPUT when it does not fit. */
static int store_uri(const char *path, const char *query, char *buf, size_t size)
{
    size_t k = 0;
    const char *lead = path[0] == '/' ? "file://" : "file:./";
    for (const char *p = lead; *p != '\0' && k + 1 < size; p++)
        buf[k++] = *p;
    for (const char *p = path; *p != '\0'; p++) {
        if (k + 4 >= size)
            return CN_EINPUT;
        if (*p == '%' || *p == '?' || *p == '#') {
            snprintf(buf + k, 4, "%%%02x", (unsigned char)*p);
            k += 3;
        } else {
            buf[k++] = *p;
        }
    }
    buf[k] = '\0';
    if (query != NULL && query[0] != '\0') {
        int n = snprintf(buf + k, size - k, "?%s", query);
        if (n < 0 || (size_t)n >= size - k)
            return CN_EINPUT;
    }
    return CN_OK;
}

/* What the first bytes of an existing file say, before SQLite sees it. */
enum { HEAD_EMPTY, HEAD_SQLITE, HEAD_FOREIGN, HEAD_UNREADABLE };

/* Classifies path; *wal is 1 for an SQLite file in WAL mode.  Never
 * blocks (O_NONBLOCK: a FIFO is refused, not waited on). */
static int read_store_head(const char *path, int *wal, const char **why)
{
    *wal = 0;
    *why = NULL;
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        *why = strerror(errno);
        return HEAD_UNREADABLE;
    }
    struct stat sb;
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        *why = S_ISDIR(sb.st_mode) ? "a folder" : "not a regular file";
        close(fd);
        return HEAD_FOREIGN;
    }
    unsigned char h[100];
    ssize_t n = read(fd, h, sizeof h);
    int e = errno;
    close(fd);
    if (n < 0) {
        *why = strerror(e);
        return HEAD_UNREADABLE;
    }
    if (n == 0)
        return HEAD_EMPTY;
    if (n < 100 || memcmp(h, "SQLite format 3", 16) != 0) {
        *why = "not an SQLite database";
        return HEAD_FOREIGN;
    }
    *wal = h[18] == 2 && h[19] == 2;
    return HEAD_SQLITE;
}

/* The URI a reader opens path with: read-only, and immutable when the
 * store is in WAL mode with no write-ahead log (then the file alone holds
 * everything and nothing need be created beside it). */
static int has_log(const char *path);

static int reader_uri(const char *path, int wal, char *buf, size_t size)
{
    return store_uri(path, wal && !has_log(path) ? "mode=ro&immutable=1" : "mode=ro", buf,
                     size);
}

/* The first line the query returns, its columns as integers into v (up to
 * nv); 1 when a row came, 0 when none, -1 on an error. */
static int first_row(cn_store *st, const char *sql, long long *v, int nv)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(st->db, sql, -1, &q, NULL) != SQLITE_OK)
        return -1;
    int rc = sqlite3_step(q), got = 0;
    if (rc == SQLITE_ROW) {
        for (int i = 0; i < nv && i < sqlite3_column_count(q); i++)
            v[i] = sqlite3_column_int64(q, i);
        got = 1;
    } else if (rc != SQLITE_DONE) {
        got = -1;
    }
    sqlite3_finalize(q);
    return got;
}

static int damaged(cn_store *st, cn_diag *d, const char *what)
{
    cn_diag_set(d, st->path, 0, NULL, "damaged store: %s; its results cannot be trusted: run "
                                      "the sweep again into a new store", what);
    return CN_EINPUT;
}

/* ---- numbers read with checking ------------------------------------------------ */

/* Text that is a whole decimal integer in [lo, hi] (no sign, no spaces):
 * CN_OK and *v, else CN_EINPUT. */
static int parse_count(const char *text, long long lo, long long hi, long long *v)
{
    if (text == NULL || text[0] < '0' || text[0] > '9')
        return CN_EINPUT;
    errno = 0;
    char *end;
    long long x = strtoll(text, &end, 10);
    if (errno != 0 || *end != '\0' || x < lo || x > hi)
        return CN_EINPUT;
    *v = x;
    return CN_OK;
}

/* Column c of the row: an integer in [lo, hi] (CN_OK), else CN_EINPUT. */
static int col_int(sqlite3_stmt *q, int c, long long lo, long long hi, long long *v)
{
    if (sqlite3_column_type(q, c) != SQLITE_INTEGER)
        return CN_EINPUT;
    long long x = sqlite3_column_int64(q, c);
    if (x < lo || x > hi)
        return CN_EINPUT;
    *v = x;
    return CN_OK;
}

/* Column c of the row: a number (REAL, or an INTEGER SQLite stored
 * compactly), else CN_EINPUT. */
static int col_real(sqlite3_stmt *q, int c, double *v)
{
    int type = sqlite3_column_type(q, c);
    if (type != SQLITE_FLOAT && type != SQLITE_INTEGER)
        return CN_EINPUT;
    *v = sqlite3_column_double(q, c);
    return CN_OK;
}

/* Column c of the row as text ("" for NULL), valid until the next step. */
static const char *col_str(sqlite3_stmt *q, int c)
{
    const char *v = (const char *)sqlite3_column_text(q, c);
    return v != NULL ? v : "";
}

/* An aggregate's column from the row's columns at .. at + 9 (n, missing,
 * successes, mean, m2, min, max, d_n, d_mean, d_m2), as batch_stats and
 * point_stats hold them; CN_EINPUT when one is not a number or a count
 * is negative. */
static int read_acc(sqlite3_stmt *q, int at, cn_whatif_acc *a, cn_whatif_diff *df)
{
    long long n, missing, successes, d_n;
    if (col_int(q, at, 0, LONG_MAX, &n) != CN_OK || col_int(q, at + 1, 0, LONG_MAX, &missing) != CN_OK
        || col_int(q, at + 2, 0, LONG_MAX, &successes) != CN_OK
        || col_real(q, at + 3, &a->mean) != CN_OK || col_real(q, at + 4, &a->m2) != CN_OK
        || col_real(q, at + 5, &a->min) != CN_OK || col_real(q, at + 6, &a->max) != CN_OK
        || col_int(q, at + 7, 0, LONG_MAX, &d_n) != CN_OK
        || col_real(q, at + 8, &df->mean) != CN_OK || col_real(q, at + 9, &df->m2) != CN_OK)
        return CN_EINPUT;
    a->n = (long)n;
    a->missing = (long)missing;
    a->successes = (long)successes;
    df->n = (long)d_n;
    return CN_OK;
}

/* The meta keys every store has, and the plan's batch size into *B (0
 * when the plan names none).  CN_OK, CN_EINPUT (damaged) or CN_EIO. */
static int check_meta(cn_store *st, long long *B, cn_diag *d)
{
    static const char *const keys[] = {"version", "scenario_hash", "sweep_hash", "plan",
                                       "keep_runs", "seed", "baseline"};
    char buf[1024];
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        char *x = NULL;
        if (cn_store_meta_get(st, keys[i], &x) != CN_OK)
            return CN_EIO;
        int missing = x == NULL;
        free(x);
        if (missing) {
            snprintf(buf, sizeof buf, "its meta table has no '%s'", keys[i]);
            return damaged(st, d, buf);
        }
    }
    *B = 0;
    char *plan = NULL;
    if (cn_store_meta_get(st, "plan", &plan) != CN_OK)
        return CN_EIO;
    const char *bp = plan != NULL ? strstr(plan, " batch=") : NULL;
    int rc = CN_OK;
    if (bp != NULL) {
        char num[24];
        size_t len = strcspn(bp + 7, " ");
        snprintf(num, sizeof num, "%.*s", (int)(len < sizeof num ? len : sizeof num - 1), bp + 7);
        if (len >= sizeof num || parse_count(num, 1, LONG_MAX, B) != CN_OK)
            rc = damaged(st, d, "its plan's batch is not a whole number >= 1");
    }
    free(plan);
    return rc;
}

/* The points, metrics and factors numbered 0 .. n - 1; *P and *M their
 * numbers. */
static int check_indices(cn_store *st, long long *P, long long *M, cn_diag *d)
{
    static const char *const tables[] = {"points", "metrics", "factors"};
    char buf[1024];
    long long v[3] = {0, 0, 0};
    for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
        snprintf(buf, sizeof buf, "SELECT count(*), coalesce(min(idx), 0), coalesce(max(idx), -1) "
                                  "FROM %s", tables[i]);
        if (first_row(st, buf, v, 3) != 1)
            return CN_EIO;
        if (v[1] != 0 || v[2] != v[0] - 1) {
            snprintf(buf, sizeof buf, "the %s are not numbered 0 to %lld", tables[i], v[0] - 1);
            return damaged(st, d, buf);
        }
        if (i == 0)
            *P = v[0];
        if (i == 1)
            *M = v[0];
    }
    return CN_OK;
}

/* Every batch a range of the plan's batch size (B; 0: not checked) of a
 * point that exists. */
static int check_batch_ranges(cn_store *st, long long B, long long P, cn_diag *d)
{
    char buf[1024];
    snprintf(buf, sizeof buf,
             "SELECT point, batch, first_rep, n FROM batches WHERE point < 0 OR point >= %lld "
             "OR batch < 0 OR n < 1 OR first_rep < 0%s LIMIT 1", P,
             B > 0 ? " OR n > ?1 OR first_rep != batch * ?1" : "");
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(st->db, buf, -1, &q, NULL) != SQLITE_OK)
        return CN_EIO;
    if (B > 0)
        sqlite3_bind_int64(q, 1, B);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        snprintf(buf, sizeof buf, "batch %lld of point %lld holds replications %lld to %lld, "
                                  "not a batch of this sweep (batches of %lld)",
                 (long long)sqlite3_column_int64(q, 1), (long long)sqlite3_column_int64(q, 0),
                 (long long)sqlite3_column_int64(q, 2),
                 (long long)sqlite3_column_int64(q, 2) + sqlite3_column_int64(q, 3) - 1, B);
        sqlite3_finalize(q);
        return damaged(st, d, buf);
    }
    sqlite3_finalize(q);
    return rc == SQLITE_DONE ? CN_OK : CN_EIO;
}

/* Per batch: M statistics rows, each adding up to the batch's
 * replications; no statistics of a batch that is not there. */
static int check_batch_stats(cn_store *st, long long M, cn_diag *d)
{
    char buf[1024];
    long long v[5] = {0, 0, 0, 0, 0};
    snprintf(buf, sizeof buf,
             "SELECT point, batch, n, rows, bad FROM (SELECT b.point AS point, b.batch AS batch, "
             "b.n AS n, count(s.metric) AS rows, coalesce(sum(s.n < 0 OR s.missing < 0 OR s.n + "
             "s.missing != b.n OR s.successes < 0 OR s.successes > s.n OR s.d_n < 0 OR s.d_n > "
             "s.n OR s.m2 < 0 OR s.metric < 0 OR s.metric >= %lld), 0) AS bad FROM batches b "
             "LEFT JOIN batch_stats s ON s.point = b.point AND s.batch = b.batch GROUP BY "
             "b.point, b.batch) WHERE rows != %lld OR bad > 0 LIMIT 1", M, M);
    int got = first_row(st, buf, v, 5);
    if (got < 0)
        return CN_EIO;
    if (got == 1) {
        if (v[3] != M)
            snprintf(buf, sizeof buf, "batch %lld of point %lld has statistics for %lld of its "
                                      "%lld metrics", v[1], v[0], v[3], M);
        else
            snprintf(buf, sizeof buf, "batch %lld of point %lld: its statistics do not add up "
                                      "to its %lld replications (counts negative or too large)",
                     v[1], v[0], v[2]);
        return damaged(st, d, buf);
    }
    got = first_row(st, "SELECT point, batch FROM batch_stats EXCEPT SELECT point, batch FROM "
                        "batches LIMIT 1", v, 2);
    if (got < 0)
        return CN_EIO;
    if (got == 1) {
        snprintf(buf, sizeof buf, "statistics of batch %lld of point %lld, a batch it does not "
                                  "hold (deleted?)", v[1], v[0]);
        return damaged(st, d, buf);
    }
    return CN_OK;
}

/* Finished points: their replications the sum of their batches', their
 * statistics (M rows) adding up to them and the sums of their batches'. */
static int check_finished_points(cn_store *st, long long M, cn_diag *d)
{
    char buf[1024];
    long long v[4] = {0, 0, 0, 0};
    int got = first_row(st, "SELECT idx, reps, held FROM (SELECT p.idx AS idx, p.done AS done, "
                            "p.replications AS reps, (SELECT coalesce(sum(b.n), 0) FROM batches b "
                            "WHERE b.point = p.idx) AS held FROM points p) WHERE done NOT IN (0, 1) "
                            "OR reps < 0 OR (done = 1 AND (reps < 1 OR held != reps)) LIMIT 1",
                        v, 3);
    if (got < 0)
        return CN_EIO;
    if (got == 1) {
        snprintf(buf, sizeof buf, "point %lld is recorded as finished with %lld replications, "
                                  "but its batches hold %lld (batch rows deleted or edited?)",
                 v[0], v[1], v[2]);
        return damaged(st, d, buf);
    }
    snprintf(buf, sizeof buf,
             "SELECT idx, rows, bad FROM (SELECT p.idx AS idx, count(s.metric) AS rows, "
             "coalesce(sum(s.n < 0 OR s.missing < 0 OR s.n + s.missing != p.replications OR "
             "s.successes < 0 OR s.successes > s.n), 0) AS bad FROM points p LEFT JOIN "
             "point_stats s ON s.point = p.idx WHERE p.done = 1 GROUP BY p.idx) WHERE rows != "
             "%lld OR bad > 0 LIMIT 1", M);
    if ((got = first_row(st, buf, v, 3)) < 0)
        return CN_EIO;
    if (got == 1) {
        snprintf(buf, sizeof buf, "the statistics of finished point %lld do not add up to its "
                                  "replications (%lld metric rows, %lld with impossible counts)",
                 v[0], v[1], v[2]);
        return damaged(st, d, buf);
    }
    got = first_row(st, "SELECT s.point, s.metric, s.n, sum(b.n) FROM point_stats s JOIN "
                        "batch_stats b ON b.point = s.point AND b.metric = s.metric GROUP BY "
                        "s.point, s.metric HAVING s.n != sum(b.n) OR s.missing != sum(b.missing) "
                        "OR s.successes != sum(b.successes) OR s.d_n != sum(b.d_n) LIMIT 1",
                    v, 4);
    if (got < 0)
        return CN_EIO;
    if (got == 1) {
        snprintf(buf, sizeof buf, "point %lld, metric %lld: the point's statistics (n = %lld) "
                                  "are not the sum of its batches' (n = %lld)",
                 v[0], v[1], v[2], v[3]);
        return damaged(st, d, buf);
    }
    return CN_OK;
}

/* Checks what must hold in any store this program wrote: the meta keys,
 * indices 0 .. n - 1, every batch a range of the plan's batch size with
 * one statistics row per metric adding up to its replications, every
 * finished point the sum of its batches.  CN_OK, or CN_EINPUT naming the
 * first thing that does not hold (an edited or damaged file), or CN_EIO. */
static int check_store(cn_store *st, cn_diag *d)
{
    long long B = 0, P = 0, M = 0;
    int rc;
    if ((rc = check_meta(st, &B, d)) != CN_OK || (rc = check_indices(st, &P, &M, d)) != CN_OK
        || (rc = check_batch_ranges(st, B, P, d)) != CN_OK
        || (rc = check_batch_stats(st, M, d)) != CN_OK)
        return rc;
    return check_finished_points(st, M, d);
}

/* 1 when path has a write-ahead log with something in it. */
static int has_log(const char *path)
{
    char side[1100];
    struct stat sb;
    snprintf(side, sizeof side, "%s-wal", path);
    return stat(side, &sb) == 0 && sb.st_size > 0;
}

/* An open, or a query, that failed: damaged (SQLite says so), not a
 * database, busy, or unreadable (a reader that cannot use the store's
 * log); CN_EINPUT or CN_EIO with d. */
static int read_failed(cn_store *st, cn_diag *d)
{
    int code = sqlite3_errcode(st->db) & 0xff;
    if (code == SQLITE_CANTOPEN && !st->writer && has_log(st->path)) {
        cn_diag_set(d, st->path, 0, NULL, "cannot read the store here: it has a write-ahead log "
                                          "(-wal: a sweep was killed, or is running), which can "
                                          "be read only with a -shm file beside it, and none "
                                          "can be made in this folder; resume or finish the "
                                          "sweep where it can write, or copy the store with its "
                                          "-wal to a folder you can write");
        return CN_EINPUT;
    }
    if (code == SQLITE_CORRUPT)
        return damaged(st, d, sqlite3_errmsg(st->db));
    if (code == SQLITE_NOTADB) {
        cn_diag_set(d, st->path, 0, NULL, "not a results store (%s)", sqlite3_errmsg(st->db));
        return CN_EINPUT;
    }
    if (code == SQLITE_BUSY || code == SQLITE_LOCKED) {
        cn_diag_set(d, st->path, 0, NULL, "cannot read the store: another process holds it "
                                          "locked (%s); try again when it has finished",
                    sqlite3_errmsg(st->db));
        return CN_EINPUT;
    }
    cn_diag_set(d, st->path, 0, NULL, "cannot read the store: %s", sqlite3_errmsg(st->db));
    return CN_EIO;
}

/* A store refused or failed while opening: closed, the file left
 * exactly as it was (no switch back to a rollback journal); rc. */
static int refuse(cn_store *st, int rc)
{
    st->writer = 0;
    cn_store_close(st);
    return rc;
}

/* What is at path before SQLite sees it: nothing (when it may be created)
 * or an SQLite file (*head, *wal); anything else is refused (CN_EINPUT). */
static int check_file(const char *path, int create, int reader, int *head, int *wal,
                      cn_diag *d)
{
    const char *why = NULL;
    struct stat sb;
    *head = HEAD_EMPTY;
    *wal = 0;
    if (stat(path, &sb) != 0) {
        if (!create || errno != ENOENT)
            return cn_diag_set(d, path, 0, NULL, "cannot open the store: %s", strerror(errno));
        return CN_OK;
    }
    *head = read_store_head(path, wal, &why);
    if (*head == HEAD_UNREADABLE)
        return cn_diag_set(d, path, 0, NULL, "cannot open the store: %s", why);
    if (*head == HEAD_FOREIGN || (*head == HEAD_EMPTY && reader))
        return cn_diag_set(d, path, 0, NULL, "not a results store (%s)",
                           *head == HEAD_EMPTY ? "an empty file" : why);
    return CN_OK;
}

/* A reader of a killed writer's log: SQLite reads it only through a -shm
 * it makes beside the store; with no writer (its lock free) that file is
 * ours, and goes when we close, so that another user's reading leaves
 * nothing that would stop the owner's --resume. */
static void guard_log(cn_store *st)
{
    char side[1100];
    struct stat ss;
    snprintf(side, sizeof side, "%s-shm", st->path);
    if (stat(side, &ss) == 0)
        return;
    char lock[1100];
    cn_diag ignore;
    snprintf(lock, sizeof lock, "%s.lock", st->path);
    if (cn_outfile_lock_take(lock, st->path, &st->shm_guard, &ignore) != CN_OK)
        st->shm_guard = NULL; /* a writer is starting, or the folder is read-only */
}

/* An empty database (a new store: *fresh), or refused: another program's
 * database, or an empty one for a reader. */
static int check_empty(cn_store *st, int reader, int *fresh, cn_diag *d)
{
    long tables;
    if (count_rows(st, "SELECT count(*) FROM sqlite_master", &tables) != CN_OK)
        return read_failed(st, d);
    if (tables > 0 || reader)
        return cn_diag_set(d, st->path, 0, NULL, "%s", tables > 0
                               ? "not a results store of cybernorms (an SQLite database of "
                                 "something else)"
                               : "not a results store (an empty SQLite database: no sweep was "
                                 "written into it)");
    if (fresh != NULL)
        *fresh = 1;
    return CN_OK;
}

/* A store of this program's format, whose counts add up (check_store). */
static int check_ours(cn_store *st, cn_diag *d)
{
    char *fmt = NULL;
    if (cn_store_meta_get(st, "format", &fmt) != CN_OK || fmt == NULL
        || strcmp(fmt, CN_STORE_FORMAT) != 0) {
        cn_diag_set(d, st->path, 0, NULL, "not a results store of this program (format %s, "
                                          "expected %s)", fmt != NULL ? fmt : "none",
                    CN_STORE_FORMAT);
        free(fmt);
        return CN_EINPUT;
    }
    free(fmt);
    int rc = check_store(st, d);
    return rc == CN_EIO ? read_failed(st, d) : rc;
}

/* Opens the database of st (its file checked: head, wal) and checks what
 * it holds; *has_meta 1 for an existing store, 0 for a new one. */
static int open_db(cn_store *st, int mode, int head, int wal, int *fresh, long *has_meta,
                   cn_diag *d)
{
    const int create = mode == CN_STORE_CREATE, reader = mode == CN_STORE_READ;
    char uri[STORE_URI];
    int urc = reader ? reader_uri(st->path, wal, uri, sizeof uri)
                     : store_uri(st->path, NULL, uri, sizeof uri);
    if (urc != CN_OK)
        return cn_diag_set(d, st->path, 0, NULL, "cannot open the store: file name too long");
    int flags = SQLITE_OPEN_URI
                | (reader ? SQLITE_OPEN_READONLY
                          : SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0));
    if (sqlite3_open_v2(uri, &st->db, flags, NULL) != SQLITE_OK)
        return read_failed(st, d);
    sqlite3_busy_timeout(st->db, 5000);
    if (count_rows(st, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta'",
                   has_meta) != CN_OK) {
        int rc = read_failed(st, d);
        return rc == CN_EIO && head == HEAD_SQLITE ? CN_EINPUT : rc;
    }
    return *has_meta == 0 ? check_empty(st, reader, fresh, d) : check_ours(st, d);
}

int cn_store_open(const char *path, int mode, cn_store **out, int *fresh, cn_diag *d)
{
    *out = NULL;
    if (fresh != NULL)
        *fresh = 0;
    if (path == NULL || path[0] == '\0') {
        cn_diag_set(d, NULL, 0, NULL, "a store needs a file name");
        return CN_EINPUT;
    }
    const int reader = mode == CN_STORE_READ;
    int head, wal;
    int rc = check_file(path, mode == CN_STORE_CREATE, reader, &head, &wal, d);
    if (rc != CN_OK)
        return rc;
    cn_store *st = calloc(1, sizeof *st);
    if (st == NULL)
        return CN_ENOMEM;
    snprintf(st->path, sizeof st->path, "%s", path);
    st->writer = !reader;
    if (reader && has_log(path))
        guard_log(st);
    long n = 0;
    if ((rc = open_db(st, mode, head, wal, fresh, &n, d)) != CN_OK)
        return refuse(st, rc);
    if (!reader && exec(st, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;") != CN_OK)
        return refuse(st, db_fail(st, d, "cannot set up the store"));
    if (n > 0 && (rc = prepare(st)) != CN_OK) {
        db_fail(st, d, "cannot read the store");
        cn_store_close(st);
        return rc;
    }
    *out = st;
    return CN_OK;
}

const char *cn_store_path(const cn_store *st)
{
    return st->path;
}

const char *cn_store_error(const cn_store *st)
{
    if (st == NULL || st->db == NULL)
        return "no store";
    return st->err[0] != '\0' ? st->err : sqlite3_errmsg(st->db);
}

int cn_store_meta_get(cn_store *st, const char *key, char **value)
{
    *value = NULL;
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(st->db, "SELECT value FROM meta WHERE key = ?", -1, &q, NULL)
        != SQLITE_OK)
        return CN_EIO;
    sqlite3_bind_text(q, 1, key, -1, SQLITE_STATIC);
    int rc = sqlite3_step(q), ret = CN_OK;
    if (rc == SQLITE_ROW) {
        const char *v = (const char *)sqlite3_column_text(q, 0);
        size_t n = v != NULL ? strlen(v) + 1 : 1;
        *value = malloc(n);
        if (*value == NULL)
            ret = CN_ENOMEM;
        else
            memcpy(*value, v != NULL ? v : "", n);
    } else if (rc != SQLITE_DONE) {
        ret = CN_EIO;
    }
    sqlite3_finalize(q);
    return ret;
}

static int put_meta(cn_store *st, sqlite3_stmt *q, const char *key, const char *value)
{
    sqlite3_reset(q);
    sqlite3_bind_text(q, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, value != NULL ? value : "", -1, SQLITE_STATIC);
    (void)st;
    return sqlite3_step(q) == SQLITE_DONE ? CN_OK : CN_EIO;
}

/* The runs table of a store that keeps them: a REAL column per metric. */
static int create_runs_table(cn_store *st, const cn_metrics_layout *L)
{
    size_t cap = 128;
    for (int j = 0; j < L->n; j++)
        cap += strlen(L->m[j].name) * 2 + 16;
    char *sql = malloc(cap);
    if (sql == NULL)
        return CN_ENOMEM;
    /* per column: ", \"" + the name, its quotes doubled + "\" REAL" */
    size_t k = 0;
    put(sql, cap, &k, "CREATE TABLE runs(point INTEGER, rep INTEGER");
    for (int j = 0; j < L->n; j++) {
        put(sql, cap, &k, ", \"");
        for (const char *s = L->m[j].name; *s != '\0'; s++) {
            if (*s == '"')
                sql[k++] = '"';
            sql[k++] = *s;
        }
        sql[k] = '\0';
        put(sql, cap, &k, "\" REAL");
    }
    put(sql, cap, &k, ", PRIMARY KEY(point, rep))");
    int rc = exec(st, sql);
    free(sql);
    return rc;
}

static int write_meta(cn_store *st, const cn_store_meta *m, const cn_sweep *sw)
{
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(st->db, "INSERT INTO meta VALUES(?, ?)", -1, &q, NULL) != SQLITE_OK)
        return CN_EIO;
    char seed[32];
    snprintf(seed, sizeof seed, "%lu", m->seed);
    char base[16];
    snprintf(base, sizeof base, "%d", sw->baseline);
    const char *kv[][2] = {
        {"format", CN_STORE_FORMAT},     {"version", m->version},
        {"scenario_name", m->scenario_name}, {"description", m->description},
        {"scenario_hash", m->scenario_hash}, {"sweep_hash", m->sweep_hash},
        {"scenario_text", m->scenario_text}, {"sweep_text", m->sweep_text},
        {"plan", m->plan},               {"design", m->design},
        {"generator", m->generator},     {"seed", seed},
        {"baseline", base},              {"metrics", m->metrics},
        {"keep_runs", m->keep_runs ? "1" : "0"}, {"shard", m->shard},
        {"sweep_file", m->sweep_file != NULL ? m->sweep_file : ""},
    };
    int rc = CN_OK;
    for (size_t i = 0; rc == CN_OK && i < sizeof kv / sizeof kv[0]; i++)
        rc = put_meta(st, q, kv[i][0], kv[i][1]);
    sqlite3_finalize(q);
    return rc;
}

/* The factors and the metrics tables. */
static int write_columns(cn_store *st, const cn_sweep *sw, const cn_metrics_layout *L)
{
    sqlite3_stmt *q = NULL;
    int rc = CN_OK;
    if (sqlite3_prepare_v2(st->db, "INSERT INTO factors VALUES(?, ?, ?)", -1, &q, NULL)
        != SQLITE_OK)
        rc = CN_EIO;
    for (int k = 0; rc == CN_OK && k < sw->n_factors; k++) {
        sqlite3_reset(q);
        sqlite3_bind_int(q, 1, k);
        sqlite3_bind_text(q, 2, sw->factors[k].name, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 3, sw->factors[k].path, -1, SQLITE_STATIC);
        if (sqlite3_step(q) != SQLITE_DONE)
            rc = CN_EIO;
    }
    sqlite3_finalize(q);
    q = NULL;
    if (rc == CN_OK && sqlite3_prepare_v2(st->db, "INSERT INTO metrics VALUES(?, ?, ?, ?)", -1,
                                          &q, NULL) != SQLITE_OK)
        rc = CN_EIO;
    for (int j = 0; rc == CN_OK && j < L->n; j++) {
        sqlite3_reset(q);
        sqlite3_bind_int(q, 1, j);
        sqlite3_bind_text(q, 2, L->m[j].name, -1, SQLITE_STATIC);
        sqlite3_bind_int(q, 3, (int)L->m[j].kind);
        sqlite3_bind_text(q, 4, L->m[j].desc, -1, SQLITE_STATIC);
        if (sqlite3_step(q) != SQLITE_DONE)
            rc = CN_EIO;
    }
    sqlite3_finalize(q);
    return rc;
}

/* Point p: its row in points (its overrides one a line) and its factor
 * values in point_values. */
static int write_point(sqlite3_stmt *q, sqlite3_stmt *v, const cn_sweep *sw, int p)
{
    const cn_sweep_point *pt = &sw->points[p];
    size_t len = 1;
    for (int j = 0; j < pt->n_sets; j++)
        len += strlen(pt->sets[j]) + 1;
    char *sets = calloc(1, len);
    if (sets == NULL)
        return CN_ENOMEM;
    size_t k = 0;
    for (int j = 0; j < pt->n_sets; j++) {
        if (j > 0)
            put(sets, len, &k, "\n");
        put(sets, len, &k, pt->sets[j]);
    }
    sqlite3_reset(q);
    sqlite3_bind_int(q, 1, p);
    sqlite3_bind_text(q, 2, pt->name, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 3, sets, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(q, 4, pt->factor);
    int rc = sqlite3_step(q) == SQLITE_DONE ? CN_OK : CN_EIO;
    free(sets);
    for (int f = 0; rc == CN_OK && f < sw->n_factors; f++) {
        sqlite3_reset(v);
        sqlite3_bind_int(v, 1, p);
        sqlite3_bind_int(v, 2, f);
        sqlite3_bind_text(v, 3, pt->labels[f], -1, SQLITE_STATIC);
        if (isnan(pt->x[f]))
            sqlite3_bind_null(v, 4);
        else
            sqlite3_bind_double(v, 4, pt->x[f]);
        if (sqlite3_step(v) != SQLITE_DONE)
            rc = CN_EIO;
    }
    return rc;
}

static int write_points(cn_store *st, const cn_sweep *sw)
{
    sqlite3_stmt *q = NULL, *v = NULL;
    int rc = CN_OK;
    if (sqlite3_prepare_v2(st->db, "INSERT INTO points(idx, name, sets, factor) VALUES(?, ?, ?, ?)",
                           -1, &q, NULL) != SQLITE_OK
        || sqlite3_prepare_v2(st->db, "INSERT INTO point_values VALUES(?, ?, ?, ?)", -1, &v, NULL)
               != SQLITE_OK)
        rc = CN_EIO;
    for (int p = 0; rc == CN_OK && p < sw->n_points; p++)
        rc = write_point(q, v, sw, p);
    sqlite3_finalize(q);
    sqlite3_finalize(v);
    return rc;
}

int cn_store_init(cn_store *st, const cn_store_meta *m, const cn_sweep *sw,
                  const cn_metrics_layout *L, cn_diag *d)
{
    if (exec(st, "BEGIN IMMEDIATE") != CN_OK)
        return db_fail(st, d, "cannot write the store");
    int rc = exec(st, schema_sql);
    if (rc == CN_OK && m->keep_runs)
        rc = create_runs_table(st, L);
    if (rc == CN_OK && (rc = write_meta(st, m, sw)) == CN_OK
        && (rc = write_columns(st, sw, L)) == CN_OK)
        rc = write_points(st, sw);
    if (rc == CN_OK && exec(st, "COMMIT") != CN_OK)
        rc = CN_EIO;
    if (rc != CN_OK) {
        if (rc == CN_EIO)
            db_fail(st, d, "cannot write the store");
        exec(st, "ROLLBACK");
        return rc;
    }
    rc = prepare(st);
    if (rc == CN_EIO)
        db_fail(st, d, "cannot prepare the store");
    return rc;
}

int cn_store_check(cn_store *st, const cn_store_meta *m, cn_diag *d)
{
    struct {
        const char *key, *want, *what;
    } keys[] = {
        {"version", m->version, "program version"},
        {"scenario_hash", m->scenario_hash, "scenario (resolved-scenario hash)"},
        {"sweep_hash", m->sweep_hash, "sweep design or plan (replications, batch, precision, "
                                      "metrics, --keep-runs)"},
        {"shard", m->shard != NULL ? m->shard : "", "shard (--shard)"},
    };
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        char *have = NULL;
        int rc = cn_store_meta_get(st, keys[i].key, &have);
        if (rc != CN_OK)
            return db_fail(st, d, "cannot read the store");
        int same = have != NULL && strcmp(have, keys[i].want) == 0;
        if (!same) {
            cn_diag_set(d, st->path, 0, NULL,
                        "holds results of another %s (%s, now %s); results are never mixed: "
                        "use another --db, or remove the store to start over",
                        keys[i].what, have != NULL && have[0] != '\0' ? have : "none",
                        keys[i].want[0] != '\0' ? keys[i].want : "none");
            free(have);
            return CN_EINPUT;
        }
        free(have);
    }
    return CN_OK;
}

int cn_store_progress(cn_store *st, int *done, int *total)
{
    long a, b;
    if (count_rows(st, "SELECT count(*) FROM points WHERE done = 1", &a) != CN_OK
        || count_rows(st, "SELECT count(*) FROM points", &b) != CN_OK)
        return CN_EIO;
    *done = (int)a;
    *total = (int)b;
    return CN_OK;
}

int cn_store_point_done(cn_store *st, int p, int *done)
{
    char sql[96];
    long n;
    snprintf(sql, sizeof sql, "SELECT count(*) FROM points WHERE idx = %d AND done = 1", p);
    if (count_rows(st, sql, &n) != CN_OK)
        return CN_EIO;
    *done = n > 0;
    return CN_OK;
}

int cn_store_batch_load(cn_store *st, int p, long batch, cn_whatif_agg *part, long *n,
                        int *found)
{
    *found = 0;
    cn_whatif_agg_reset(part);
    sqlite3_reset(st->sel_batch);
    sqlite3_bind_int(st->sel_batch, 1, p);
    sqlite3_bind_int64(st->sel_batch, 2, batch);
    int rc = sqlite3_step(st->sel_batch);
    long long v = 0;
    if (rc == SQLITE_ROW && col_int(st->sel_batch, 0, 1, LONG_MAX, &v) != CN_OK)
        rc = SQLITE_CORRUPT; /* check_store refuses such a store on opening */
    sqlite3_reset(st->sel_batch);
    if (rc == SQLITE_DONE)
        return CN_OK;
    if (rc != SQLITE_ROW)
        return CN_EIO;
    *n = (long)v;
    sqlite3_stmt *q = st->sel_bstat;
    sqlite3_reset(q);
    sqlite3_bind_int(q, 1, p);
    sqlite3_bind_int64(q, 2, batch);
    int ok = 1;
    while (ok && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        long long j;
        ok = col_int(q, 0, 0, part->n - 1, &j) == CN_OK
             && read_acc(q, 1, &part->acc[j], &part->diff[j]) == CN_OK;
    }
    sqlite3_reset(q);
    if (!ok || rc != SQLITE_DONE)
        return CN_EIO;
    *found = 1;
    return CN_OK;
}

/* Binds an aggregate's column j from parameter `at` on. */
static void bind_acc(sqlite3_stmt *q, int at, const cn_whatif_agg *g, int j)
{
    const cn_whatif_acc *a = &g->acc[j];
    const cn_whatif_diff *df = &g->diff[j];
    sqlite3_bind_int(q, at, j);
    sqlite3_bind_int64(q, at + 1, a->n);
    sqlite3_bind_int64(q, at + 2, a->missing);
    sqlite3_bind_int64(q, at + 3, a->successes);
    sqlite3_bind_double(q, at + 4, a->mean);
    sqlite3_bind_double(q, at + 5, a->m2);
    sqlite3_bind_double(q, at + 6, a->min);
    sqlite3_bind_double(q, at + 7, a->max);
    sqlite3_bind_int64(q, at + 8, df->n);
    sqlite3_bind_double(q, at + 9, df->mean);
    sqlite3_bind_double(q, at + 10, df->m2);
}

/* A write of a batch failed: what SQLite says ("database or disk is
 * full", "disk I/O error") and, for a full disk or file size limit, the
 * system's reason, kept (the first one) before ROLLBACK replaces them.
 * CN_EIO. */
static int step_failed(cn_store *st)
{
    int e = errno;
    if (st->err[0] == '\0') {
        int full = e == ENOSPC || e == EFBIG || e == EDQUOT;
        snprintf(st->err, sizeof st->err, "%s%s%s%s", sqlite3_errmsg(st->db), full ? " (" : "",
                 full ? strerror(e) : "", full ? ")" : "");
    }
    return CN_EIO;
}

int cn_store_batch_save(cn_store *st, int p, long batch, long first, long n,
                        const cn_whatif_agg *part, const double *rows,
                        const cn_whatif_agg *final, long total)
{
    if (part->n != st->n_metrics)
        return CN_EINTERNAL;
    st->err[0] = '\0';
    if (exec(st, "BEGIN IMMEDIATE") != CN_OK)
        return step_failed(st);
    int rc = CN_OK;
    sqlite3_stmt *q = st->ins_batch;
    sqlite3_reset(q);
    sqlite3_bind_int(q, 1, p);
    sqlite3_bind_int64(q, 2, batch);
    sqlite3_bind_int64(q, 3, first);
    sqlite3_bind_int64(q, 4, n);
    if (sqlite3_step(q) != SQLITE_DONE)
        rc = step_failed(st);
    for (int j = 0; rc == CN_OK && j < part->n; j++) {
        q = st->ins_bstat;
        sqlite3_reset(q);
        sqlite3_bind_int(q, 1, p);
        sqlite3_bind_int64(q, 2, batch);
        bind_acc(q, 3, part, j);
        if (sqlite3_step(q) != SQLITE_DONE)
            rc = step_failed(st);
    }
    if (st->keep_runs && rows != NULL)
        for (long i = 0; rc == CN_OK && i < n; i++) {
            q = st->ins_run;
            sqlite3_reset(q);
            sqlite3_bind_int(q, 1, p);
            sqlite3_bind_int64(q, 2, first + i);
            for (int j = 0; j < part->n; j++) {
                double x = rows[(size_t)i * (size_t)part->n + (size_t)j];
                if (isnan(x))
                    sqlite3_bind_null(q, 3 + j);
                else
                    sqlite3_bind_double(q, 3 + j, x);
            }
            if (sqlite3_step(q) != SQLITE_DONE)
                rc = step_failed(st);
        }
    if (final != NULL) {
        for (int j = 0; rc == CN_OK && j < final->n; j++) {
            q = st->ins_pstat;
            sqlite3_reset(q);
            sqlite3_bind_int(q, 1, p);
            bind_acc(q, 2, final, j);
            if (sqlite3_step(q) != SQLITE_DONE)
                rc = step_failed(st);
        }
        if (rc == CN_OK) {
            q = st->upd_point;
            sqlite3_reset(q);
            sqlite3_bind_int64(q, 1, total);
            sqlite3_bind_int(q, 2, p);
            if (sqlite3_step(q) != SQLITE_DONE)
                rc = step_failed(st);
        }
    }
    if (rc == CN_OK && exec(st, "COMMIT") != CN_OK)
        rc = step_failed(st);
    if (rc != CN_OK)
        exec(st, "ROLLBACK");
    return rc;
}

/* ---- reading a table ------------------------------------------------------------ */

/* The end of a loop over q's rows: step is what the last sqlite3_step
 * said, rc the loop's status.  Anything but SQLITE_DONE is a failed read
 * (BUSY, IOERR, CORRUPT, ...), never the end of the table; a table that
 * ended early (!complete) is damaged (what).  Finalizes q. */
static int end_of_rows(cn_store *st, sqlite3_stmt *q, int rc, int step, int complete, cn_diag *d,
                       const char *what)
{
    if (rc == CN_OK && step != SQLITE_DONE)
        rc = read_failed(st, d); /* said before q goes, which would clear it */
    else if (rc == CN_OK && !complete)
        rc = damaged(st, d, what);
    sqlite3_finalize(q);
    return rc;
}

void cn_store_table_free(cn_store_table *t)
{
    if (t == NULL)
        return;
    int K = t->t.n_factors, P = t->t.n_points;
    free(t->scenario);
    free(t->description);
    free(t->design);
    free(t->version);
    free(t->hash);
    free(t->generator);
    if (t->factor_names != NULL)
        for (int k = 0; k < K; k++)
            free(t->factor_names[k]);
    free(t->factor_names);
    if (t->point_names != NULL)
        for (int p = 0; p < P; p++)
            free(t->point_names[p]);
    free(t->point_names);
    if (t->labels != NULL)
        for (long i = 0; i < (long)P * K; i++)
            free(t->labels[i]);
    free(t->labels);
    free(t->x);
    free(t->point_factor);
    free(t->done);
    free(t->partial);
    free(t->replications);
    free(t->cols);
    free(t->acc);
    free(t->diff);
    free(t);
}

const cn_whatif_table *cn_store_table_get(const cn_store_table *t)
{
    return t != NULL ? &t->t : NULL;
}

static char *col_text(sqlite3_stmt *q, int c)
{
    const char *v = (const char *)sqlite3_column_text(q, c);
    size_t n = v != NULL ? strlen(v) + 1 : 1;
    char *s = malloc(n);
    if (s != NULL)
        memcpy(s, v != NULL ? v : "", n);
    return s;
}

/* Column indices for the comma-separated names. */
static int pick_metrics(const char *list, const cn_metric *all, int n_all, int **idx, int *n,
                        cn_diag *d)
{
    *idx = NULL;
    *n = 0;
    size_t len = strlen(list);
    char *copy = malloc(len + 1);
    int *out = malloc((len / 2 + 2) * sizeof *out);
    const char **names = malloc((size_t)(n_all > 0 ? n_all : 1) * sizeof *names);
    if (copy == NULL || out == NULL || names == NULL) {
        free(copy);
        free(out);
        free(names);
        return CN_ENOMEM;
    }
    memcpy(copy, list, len + 1);
    for (int j = 0; j < n_all; j++)
        names[j] = all[j].name;
    int k = 0, rc = CN_OK;
    char *save = NULL;
    for (char *tok = strtok_r(copy, ", ", &save); tok != NULL; tok = strtok_r(NULL, ", ", &save)) {
        int j;
        for (j = 0; j < n_all; j++)
            if (strcmp(all[j].name, tok) == 0)
                break;
        if (j == n_all) {
            const char *best = cn_suggest(tok, names, (size_t)n_all);
            if (best != NULL)
                cn_diag_set(d, NULL, 0, NULL, "--metrics: unknown metric '%s' (did you mean '%s'?)",
                            tok, best);
            else
                cn_diag_set(d, NULL, 0, NULL, "--metrics: unknown metric '%s' (the store has %s, "
                                              "...)", tok, n_all > 0 ? all[0].name : "none");
            rc = CN_EINPUT;
            break;
        }
        out[k++] = j;
    }
    if (rc == CN_OK && k == 0)
        rc = cn_diag_set(d, NULL, 0, NULL, "--metrics: expected metric names, e.g. "
                                           "OEWG.adopted,world.binding");
    free(copy);
    free(names);
    if (rc != CN_OK) {
        free(out);
        return rc;
    }
    *idx = out;
    *n = k;
    return CN_OK;
}

/* The table's strings and numbers from meta: the seed and the baseline
 * parsed with checking; *defm the default metrics. */
static int read_table_meta(cn_store *st, cn_store_table *t, char **defm, cn_diag *d)
{
    static const char *const keys[] = {"scenario_name", "description", "design", "version",
                                       "sweep_hash", "generator"};
    char **dst[] = {&t->scenario, &t->description, &t->design, &t->version, &t->hash,
                    &t->generator};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (cn_store_meta_get(st, keys[i], dst[i]) != CN_OK)
            return read_failed(st, d);
    char *seed = NULL, *base = NULL;
    int rc = CN_OK;
    long long v;
    if (cn_store_meta_get(st, "seed", &seed) != CN_OK
        || cn_store_meta_get(st, "baseline", &base) != CN_OK
        || cn_store_meta_get(st, "metrics", defm) != CN_OK)
        rc = read_failed(st, d);
    else if (t->scenario == NULL || t->design == NULL || seed == NULL || base == NULL)
        rc = cn_diag_set(d, st->path, 0, NULL, "incomplete store: no sweep recorded");
    else if (parse_count(seed, 0, (long long)(ULONG_MAX >> 1), &v) != CN_OK)
        rc = cn_diag_set(d, st->path, 0, NULL, "corrupt store: seed '%s' is not an integer >= 0",
                         seed);
    else {
        t->t.seed = (unsigned long)v;
        if (parse_count(base, 0, INT_MAX, &v) != CN_OK)
            rc = cn_diag_set(d, st->path, 0, NULL,
                             "corrupt store: baseline '%s' is not an integer", base);
        else
            t->t.baseline = (int)v;
    }
    free(seed);
    free(base);
    return rc;
}

/* The metrics table: all M columns, in index order. */
static int read_metrics(cn_store *st, cn_metric *all, long M, cn_diag *d)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(st->db, "SELECT idx, name, kind, description FROM metrics ORDER BY idx",
                           -1, &q, NULL) != SQLITE_OK)
        return read_failed(st, d);
    long j = 0;
    int rc = CN_OK, step = SQLITE_ERROR;
    while (rc == CN_OK && (step = sqlite3_step(q)) == SQLITE_ROW) {
        long long kind;
        if (j >= M || sqlite3_column_int64(q, 0) != j
            || col_int(q, 2, CN_METRIC_BINARY, CN_METRIC_REAL, &kind) != CN_OK) {
            rc = damaged(st, d, "its metrics table does not hold the metrics it counts");
            break;
        }
        snprintf(all[j].name, sizeof all[j].name, "%s", col_str(q, 1));
        all[j].kind = (cn_metric_kind)kind;
        snprintf(all[j].desc, sizeof all[j].desc, "%s", col_str(q, 3));
        j++;
    }
    return end_of_rows(st, q, rc, step, j == M, d,
                       "its metrics table does not hold the metrics it counts");
}

/* The factors table: the K names, in index order. */
static int read_factors(cn_store *st, cn_store_table *t, long K, cn_diag *d)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(st->db, "SELECT idx, name FROM factors ORDER BY idx", -1, &q, NULL)
        != SQLITE_OK)
        return read_failed(st, d);
    long k = 0;
    int rc = CN_OK, step = SQLITE_ERROR;
    while (rc == CN_OK && (step = sqlite3_step(q)) == SQLITE_ROW) {
        if (k >= K || sqlite3_column_int64(q, 0) != k)
            rc = damaged(st, d, "its factors table does not hold the factors it counts");
        else if ((t->factor_names[k++] = col_text(q, 1)) == NULL)
            rc = CN_ENOMEM;
    }
    return end_of_rows(st, q, rc, step, k == K, d,
                       "its factors table does not hold the factors it counts");
}

/* The points table: names, the factor varied, done, replications. */
static int read_points(cn_store *st, cn_store_table *t, long P, long K, cn_diag *d)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(st->db, "SELECT idx, name, factor, done, replications FROM points "
                                   "ORDER BY idx", -1, &q, NULL) != SQLITE_OK)
        return read_failed(st, d);
    long p = 0;
    int rc = CN_OK, step = SQLITE_ERROR;
    while (rc == CN_OK && (step = sqlite3_step(q)) == SQLITE_ROW) {
        long long factor, done, reps;
        if (p >= P || sqlite3_column_int64(q, 0) != p || col_int(q, 2, -1, K - 1, &factor) != CN_OK
            || col_int(q, 3, 0, 1, &done) != CN_OK
            || col_int(q, 4, 0, CN_MAX_REPLICATIONS, &reps) != CN_OK) {
            rc = damaged(st, d, "a row of its points table is not a point of this sweep");
            break;
        }
        t->point_factor[p] = (int)factor;
        t->done[p] = (int)done;
        t->replications[p] = (long)reps;
        if ((t->point_names[p++] = col_text(q, 1)) == NULL)
            rc = CN_ENOMEM;
    }
    return end_of_rows(st, q, rc, step, p == P, d,
                       "its points table does not hold the points it counts");
}

/* The point_values table: each point's label and number per factor
 * (NaN and "" where none is stored). */
static int read_point_values(cn_store *st, cn_store_table *t, long P, long K, cn_diag *d)
{
    for (long i = 0; i < P * K; i++)
        t->x[i] = NAN;
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(st->db, "SELECT point, factor, label, value FROM point_values", -1, &q,
                           NULL) != SQLITE_OK)
        return read_failed(st, d);
    int rc = CN_OK, step = SQLITE_ERROR;
    while (rc == CN_OK && (step = sqlite3_step(q)) == SQLITE_ROW) {
        long long p, k;
        double x = NAN;
        if (col_int(q, 0, 0, P - 1, &p) != CN_OK || col_int(q, 1, 0, K - 1, &k) != CN_OK
            || (sqlite3_column_type(q, 3) != SQLITE_NULL && col_real(q, 3, &x) != CN_OK)) {
            rc = damaged(st, d, "a row of its point_values table is not a point's factor value");
            break;
        }
        free(t->labels[p * K + k]);
        if ((t->labels[p * K + k] = col_text(q, 2)) == NULL)
            rc = CN_ENOMEM;
        t->x[p * K + k] = x;
    }
    rc = end_of_rows(st, q, rc, step, 1, d, NULL);
    for (long i = 0; rc == CN_OK && i < P * K; i++)
        if (t->labels[i] == NULL && (t->labels[i] = calloc(1, 1)) == NULL)
            rc = CN_ENOMEM;
    return rc;
}

/* Rows of statistics (point, metric, n, missing, successes, mean, m2,
 * min, max, d_n, d_mean, d_m2) from query `sql` into the table's cells of
 * the chosen metrics: stored as they are (a finished point's point_stats)
 * or merged in the query's order (merge: an unfinished point's committed
 * batches).  `what` names the row in the message for a damaged one. */
static int read_stats_rows(cn_store *st, cn_store_table *t, long P, long M, const int *idx,
                           int n_idx, const char *sql, int merge, const char *what, cn_diag *d)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(st->db, sql, -1, &q, NULL) != SQLITE_OK)
        return read_failed(st, d);
    int rc = CN_OK, step = SQLITE_ERROR;
    while (rc == CN_OK && (step = sqlite3_step(q)) == SQLITE_ROW) {
        long long p, j;
        cn_whatif_acc a;
        cn_whatif_diff df;
        if (col_int(q, 0, 0, P - 1, &p) != CN_OK || col_int(q, 1, 0, M - 1, &j) != CN_OK
            || read_acc(q, 2, &a, &df) != CN_OK) {
            rc = damaged(st, d, what);
            break;
        }
        for (int c = 0; c < n_idx; c++) {
            if (idx[c] != j)
                continue;
            if (merge) {
                cn_whatif_acc_merge(&t->acc[p * n_idx + c], &a);
                cn_whatif_diff_merge(&t->diff[p * n_idx + c], &df);
            } else {
                t->acc[p * n_idx + c] = a;
                t->diff[p * n_idx + c] = df;
            }
        }
    }
    return end_of_rows(st, q, rc, step, 1, d, NULL);
}

/* The point_stats table: the finished points' aggregates of the chosen
 * columns (idx[c] is column c's metric). */
static int read_point_stats(cn_store *st, cn_store_table *t, long P, long M, const int *idx,
                            int n_idx, cn_diag *d)
{
    return read_stats_rows(st, t, P, M, idx, n_idx,
                           "SELECT point, metric, n, missing, successes, mean, m2, min, max, "
                           "d_n, d_mean, d_m2 FROM point_stats",
                           0, "a row of its point_stats table is not a point's statistics", d);
}

/* The unfinished points' committed batches (batch_stats), merged in
 * batch order: what a stopped sweep has of them; their replications
 * so far, and partial[p] where there are any. */
static int read_partial_stats(cn_store *st, cn_store_table *t, long P, long M, const int *idx,
                              int n_idx, cn_diag *d)
{
    int rc = read_stats_rows(st, t, P, M, idx, n_idx,
                             "SELECT s.point, s.metric, s.n, s.missing, s.successes, s.mean, "
                             "s.m2, s.min, s.max, s.d_n, s.d_mean, s.d_m2 "
                             "FROM batch_stats s JOIN points p ON p.idx = s.point "
                             "WHERE p.done = 0 ORDER BY s.point, s.batch, s.metric",
                             1, "a row of its batch_stats table is not a batch's statistics", d);
    if (rc != CN_OK)
        return rc;
    sqlite3_stmt *q;
    int step = SQLITE_ERROR;
    if (sqlite3_prepare_v2(st->db, "SELECT b.point, sum(b.n) FROM batches b JOIN points p "
                                   "ON p.idx = b.point WHERE p.done = 0 GROUP BY b.point",
                           -1, &q, NULL) != SQLITE_OK)
        return read_failed(st, d);
    while (rc == CN_OK && (step = sqlite3_step(q)) == SQLITE_ROW) {
        long long p, n;
        if (col_int(q, 0, 0, P - 1, &p) != CN_OK
            || col_int(q, 1, 0, CN_MAX_REPLICATIONS, &n) != CN_OK) {
            rc = damaged(st, d, "a row of its batches table is not a batch of this sweep");
            break;
        }
        t->replications[p] = (long)n;
        t->partial[p] = n > 0;
    }
    return end_of_rows(st, q, rc, step, 1, d, NULL);
}

/* The table's arrays for P points, K factors and n_idx columns. */
static int table_alloc(cn_store_table *t, long P, long K, int n_idx)
{
    size_t k1 = (size_t)(K > 0 ? K : 1);
    t->factor_names = calloc(k1, sizeof *t->factor_names);
    t->point_names = calloc((size_t)P, sizeof *t->point_names);
    t->labels = calloc((size_t)P * k1, sizeof *t->labels);
    t->x = calloc((size_t)P * k1, sizeof *t->x);
    t->point_factor = calloc((size_t)P, sizeof *t->point_factor);
    t->done = calloc((size_t)P, sizeof *t->done);
    t->partial = calloc((size_t)P, sizeof *t->partial);
    t->replications = calloc((size_t)P, sizeof *t->replications);
    t->cols = calloc((size_t)n_idx, sizeof *t->cols);
    t->acc = calloc((size_t)P * (size_t)n_idx, sizeof *t->acc);
    t->diff = calloc((size_t)P * (size_t)n_idx, sizeof *t->diff);
    if (t->factor_names == NULL || t->point_names == NULL || t->labels == NULL || t->x == NULL
        || t->point_factor == NULL || t->done == NULL || t->partial == NULL
        || t->replications == NULL
        || t->cols == NULL || t->acc == NULL || t->diff == NULL)
        return CN_ENOMEM;
    return CN_OK;
}

/* Points the table's view (t->t) at what was read. */
static void table_view(cn_store_table *t)
{
    t->t.scenario = t->scenario;
    t->t.description = t->description;
    t->t.design = t->design;
    t->t.version = t->version != NULL ? t->version : "?";
    t->t.hash = t->hash != NULL ? t->hash : "?";
    t->t.generator = t->generator != NULL ? t->generator : "?";
    t->t.factor_names = (const char *const *)t->factor_names;
    t->t.point_names = (const char *const *)t->point_names;
    t->t.labels = (const char *const *)t->labels;
    t->t.x = t->x;
    t->t.point_factor = t->point_factor;
    t->t.done = t->done;
    t->t.partial = t->partial;
    t->t.replications = t->replications;
    t->t.cols = t->cols;
    t->t.acc = t->acc;
    t->t.diff = t->diff;
    if (t->t.baseline < 0 || t->t.baseline >= t->t.n_points)
        t->t.baseline = 0;
}

/* Every table of the store into t, for the columns named in metrics
 * (NULL or "": the store's default). */
static int read_table(cn_store *st, cn_store_table *t, const char *metrics, cn_diag *d)
{
    char *defm = NULL;
    cn_metric *all = NULL;
    int *idx = NULL, n_idx = 0;
    long K = 0, P = 0, M = 0;
    int rc = read_table_meta(st, t, &defm, d);
    if (rc == CN_OK && (count_rows(st, "SELECT count(*) FROM factors", &K) != CN_OK
                        || count_rows(st, "SELECT count(*) FROM points", &P) != CN_OK
                        || count_rows(st, "SELECT count(*) FROM metrics", &M) != CN_OK))
        rc = read_failed(st, d);
    if (rc == CN_OK && P == 0)
        rc = cn_diag_set(d, st->path, 0, NULL, "incomplete store: no sweep recorded");
    if (rc == CN_OK) {
        t->t.n_factors = (int)K;
        t->t.n_points = (int)P;
        if ((all = calloc((size_t)(M > 0 ? M : 1), sizeof *all)) == NULL)
            rc = CN_ENOMEM;
    }
    if (rc == CN_OK && (rc = read_metrics(st, all, M, d)) == CN_OK)
        rc = pick_metrics(metrics != NULL && metrics[0] != '\0' ? metrics
                          : defm != NULL                        ? defm
                                                                : "",
                          all, (int)M, &idx, &n_idx, d);
    if (rc == CN_OK) {
        t->t.n_cols = n_idx;
        rc = table_alloc(t, P, K, n_idx);
    }
    for (int c = 0; rc == CN_OK && c < n_idx; c++)
        t->cols[c] = all[idx[c]];
    if (rc == CN_OK && (rc = read_factors(st, t, K, d)) == CN_OK
        && (rc = read_points(st, t, P, K, d)) == CN_OK
        && (rc = read_point_values(st, t, P, K, d)) == CN_OK
        && (rc = read_point_stats(st, t, P, M, idx, n_idx, d)) == CN_OK)
        rc = read_partial_stats(st, t, P, M, idx, n_idx, d);
    free(defm);
    free(all);
    free(idx);
    return rc;
}

int cn_store_read_table(cn_store *st, const char *metrics, cn_store_table **out, cn_diag *d)
{
    *out = NULL;
    cn_store_table *t = calloc(1, sizeof *t);
    if (t == NULL)
        return CN_ENOMEM;
    int rc = read_table(st, t, metrics, d);
    if (rc != CN_OK) {
        cn_store_table_free(t);
        return rc;
    }
    table_view(t);
    *out = t;
    return CN_OK;
}

/* ---- merging shards ------------------------------------------------------------------ */

static int same_meta(cn_store *a, const char *a_path, cn_store *b, const char *b_path,
                     cn_diag *d)
{
    static const char *const keys[] = {"version", "scenario_hash", "sweep_hash", "keep_runs"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        char *x = NULL, *y = NULL;
        if (cn_store_meta_get(a, keys[i], &x) != CN_OK || cn_store_meta_get(b, keys[i], &y) != CN_OK) {
            free(x);
            free(y);
            return CN_EIO;
        }
        int same = x != NULL && y != NULL && strcmp(x, y) == 0;
        if (!same)
            cn_diag_set(d, b_path, 0, NULL, "%s differs from %s's (%s vs %s): not shards of "
                                            "the same sweep", keys[i], a_path,
                        y != NULL ? y : "none", x != NULL ? x : "none");
        free(x);
        free(y);
        if (!same)
            return CN_EINPUT;
    }
    return CN_OK;
}

/* Makes the file at path durable (its data on disk). */
static int sync_file(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return CN_EIO;
    int ok = fsync(fd) == 0;
    int e = errno;
    close(fd);
    errno = e;
    return ok ? CN_OK : CN_EIO;
}

/* Removes path's -wal and -shm (a merge's temporary store, once closed). */
static void remove_sides(const char *path)
{
    char side[1200];
    snprintf(side, sizeof side, "%s-wal", path);
    remove(side);
    snprintf(side, sizeof side, "%s-shm", path);
    remove(side);
}

/* OUT is none of the inputs; the first input opened (*first), and every
 * other a shard of the same sweep. */
static int merge_inputs(const char *out, const char *const *in, int n_in, cn_store **first,
                        cn_diag *d)
{
    *first = NULL;
    if (n_in < 1)
        return cn_diag_set(d, NULL, 0, NULL, "merge: no input stores");
    for (int i = 0; i < n_in; i++)
        if (strcmp(in[i], out) == 0 || cn_outfile_same(in[i], out))
            return cn_diag_set(d, out, 0, NULL, "merge: the output is also an input (the same "
                                                "file as '%s'): name a new file as OUT, first",
                               in[i]);
    int rc = cn_store_open(in[0], CN_STORE_READ, first, NULL, d);
    if (rc != CN_OK || *first == NULL) /* first is set when rc is CN_OK: for the analyser */
        return rc != CN_OK ? rc : CN_EINTERNAL;
    for (int i = 1; i < n_in && rc == CN_OK; i++) {
        cn_store *other = NULL;
        rc = cn_store_open(in[i], CN_STORE_READ, &other, NULL, d);
        if (rc == CN_OK)
            rc = same_meta(*first, in[0], other, in[i], d);
        cn_store_close(other);
    }
    if (rc != CN_OK) {
        cn_store_close(*first);
        *first = NULL;
    }
    return rc;
}

/* The new store's file beside OUT ("OUT.tmp.XXXXXX": *made, tracked for
 * the signal handler: *slot), with a store's permissions; its URI. */
static int merge_temp(const char *out, char *tmp, size_t size, int *made, int *slot, char *uri,
                      size_t uri_size, cn_diag *d)
{
    int k = snprintf(tmp, size, "%s.tmp.XXXXXX", out);
    int fd = k > 0 && (size_t)k < size ? mkstemp(tmp) : -1;
    *made = fd >= 0;
    if (fd < 0) {
        cn_diag_set(d, out, 0, NULL, "merge: cannot create %s: %s", tmp,
                    k > 0 && (size_t)k < size ? strerror(errno) : "name too long");
        return CN_EIO;
    }
    /* mkstemp makes it 0600: a store gets 0666 & ~umask, as SQLite
     * would create it (umask is read by setting it back at once) */
    mode_t mask = umask(022);
    umask(mask);
    (void)fchmod(fd, 0666 & ~mask);
    close(fd);
    *slot = cn_outfile_temp_track(tmp);
    if (store_uri(tmp, NULL, uri, uri_size) != CN_OK)
        return cn_diag_set(d, out, 0, NULL, "merge: file name too long");
    return CN_OK;
}

/* A consistent copy of the first shard into the file at uri (read-only:
 * VACUUM INTO writes only the new file). */
static int merge_copy(cn_store *first, const char *uri, cn_diag *d)
{
    sqlite3_stmt *q = NULL;
    int rc = CN_OK;
    if (sqlite3_prepare_v2(first->db, "VACUUM INTO ?", -1, &q, NULL) != SQLITE_OK
        || (sqlite3_bind_text(q, 1, uri, -1, SQLITE_STATIC), sqlite3_step(q)) != SQLITE_DONE)
        rc = db_fail(first, d, "merge: cannot copy");
    sqlite3_finalize(q);
    return rc;
}

/* Shard `path` into the new store o: its batches, finished points and
 * (runs) kept runs, in one transaction. */
static int merge_shard(cn_store *o, const char *path, int runs, cn_diag *d)
{
    int wal = 0, rc = CN_OK;
    const char *why;
    char uri[STORE_URI];
    sqlite3_stmt *q = NULL;
    if (read_store_head(path, &wal, &why) != HEAD_SQLITE
        || reader_uri(path, wal, uri, sizeof uri) != CN_OK
        || sqlite3_prepare_v2(o->db, "ATTACH DATABASE ? AS src", -1, &q, NULL) != SQLITE_OK
        || (sqlite3_bind_text(q, 1, uri, -1, SQLITE_STATIC), sqlite3_step(q)) != SQLITE_DONE)
        rc = CN_EIO;
    sqlite3_finalize(q);
    if (rc != CN_OK)
        return db_fail(o, d, "merge: cannot attach a shard");
    if (exec(o, "BEGIN IMMEDIATE") != CN_OK)
        rc = db_fail(o, d, "merge");
    else if (exec(o, "INSERT OR IGNORE INTO batches SELECT * FROM src.batches;"
                     "INSERT OR IGNORE INTO batch_stats SELECT * FROM src.batch_stats;"
                     "INSERT OR IGNORE INTO point_stats SELECT * FROM src.point_stats"
                     " WHERE point IN (SELECT idx FROM src.points WHERE done = 1)"
                     " AND point NOT IN (SELECT idx FROM main.points WHERE done = 1);"
                     "UPDATE main.points SET done = 1, replications ="
                     " (SELECT s.replications FROM src.points s WHERE s.idx = main.points.idx)"
                     " WHERE done = 0 AND idx IN (SELECT idx FROM src.points WHERE done = 1);")
                 != CN_OK
             || (runs && exec(o, "INSERT OR IGNORE INTO runs SELECT * FROM src.runs") != CN_OK)
             || exec(o, "COMMIT") != CN_OK) {
        rc = db_fail(o, d, "merge");
        exec(o, "ROLLBACK");
    }
    if (exec(o, "DETACH DATABASE src") != CN_OK && rc == CN_OK)
        rc = db_fail(o, d, "merge");
    return rc;
}

/* Every other shard into the new store at tmp, which is then one file
 * (no shard named, the log checkpointed). */
static int merge_shards(const char *tmp, const char *const *in, int n_in, cn_diag *d)
{
    cn_store *o = NULL;
    int rc = cn_store_open(tmp, CN_STORE_WRITE, &o, NULL, d);
    if (rc == CN_OK && o == NULL) /* o is set when rc is CN_OK: for the analyser */
        rc = CN_EINTERNAL;
    if (rc != CN_OK)
        return rc;
    char *keep = NULL;
    if (cn_store_meta_get(o, "keep_runs", &keep) != CN_OK)
        rc = CN_EIO;
    int runs = keep != NULL && strcmp(keep, "1") == 0;
    free(keep);
    for (int i = 1; i < n_in && rc == CN_OK; i++)
        rc = merge_shard(o, in[i], runs, d);
    if (rc == CN_OK && exec(o, "UPDATE meta SET value = '' WHERE key = 'shard'") != CN_OK)
        rc = db_fail(o, d, "merge");
    if (rc == CN_OK && exec(o, "PRAGMA wal_checkpoint(TRUNCATE)") != CN_OK)
        rc = db_fail(o, d, "merge");
    cn_store_close(o); /* back to one file */
    return rc;
}

/* The merged store at tmp, made durable and checked (never put in place
 * when it does not add up), renamed over OUT. */
static int merge_finish(const char *tmp, const char *out, cn_diag *d)
{
    errno = 0;
    cn_store *check = NULL;
    if (sync_file(tmp) != CN_OK) {
        cn_diag_set(d, out, 0, NULL, "merge: cannot write %s: %s", tmp, strerror(errno));
        return CN_EIO;
    }
    if (cn_store_open(tmp, CN_STORE_READ, &check, NULL, d) != CN_OK)
        return CN_EIO;
    cn_store_close(check);
    /* OUT's own write-ahead log would be read into the new file: let the
     * old store take it in first, else (it is being replaced) drop it */
    char side[1200];
    struct stat sb;
    snprintf(side, sizeof side, "%s-wal", out);
    if (stat(side, &sb) == 0) {
        cn_store *old = NULL;
        cn_diag ignore;
        if (cn_store_open(out, CN_STORE_WRITE, &old, NULL, &ignore) == CN_OK)
            cn_store_close(old);
        remove(side);
    }
    if (rename(tmp, out) != 0) {
        cn_diag_set(d, out, 0, NULL, "merge: cannot write: %s", strerror(errno));
        return CN_EIO;
    }
    cn_output_sync_dir(out);
    snprintf(side, sizeof side, "%s-shm", out);
    remove(side);
    return CN_OK;
}

int cn_store_merge(const char *out, const char *const *in, int n_in, cn_diag *d)
{
    cn_store *first = NULL;
    int rc = merge_inputs(out, in, n_in, &first, d);
    if (rc != CN_OK || first == NULL) /* first is set when rc is CN_OK: for the analyser */
        return rc != CN_OK ? rc : CN_EINTERNAL;
    /* the new store is built beside OUT and renamed over it at the end */
    char tmp[1100], uri[STORE_URI];
    int made = 0, slot = -1;
    rc = merge_temp(out, tmp, sizeof tmp, &made, &slot, uri, sizeof uri, d);
    if (rc == CN_OK)
        rc = merge_copy(first, uri, d);
    cn_store_close(first);
    if (rc == CN_OK)
        rc = merge_shards(tmp, in, n_in, d);
    if (rc == CN_OK)
        rc = merge_finish(tmp, out, d);
    if (rc != CN_OK && made)
        remove(tmp);
    if (made)
        remove_sides(tmp);
    cn_outfile_temp_untrack(slot);
    return rc;
}
