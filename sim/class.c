/* class.c - a class of students playing one game from their own devices
 * (cn_class.h).
 *
 * Who owns what: everything in struct cn_class is guarded by c->lock,
 * taken by every public function (cn_class_handle, cn_class_tick, ...);
 * the game (cn_game.h) runs its replication thread only inside calls made
 * under that lock.  The scenario is read-only once the game has started,
 * so the debrief thread reads it without the lock; it works on its own
 * copies of the moves and seats, and takes the lock only to store its
 * result.  c->debrief_thread is joined by cn_class_free.
 *
 * Every change goes through apply(): a normalised record (JSON) applied
 * to the class, then, when live (not replaying the file), queued for the
 * log table.  Before its reply is sent the request makes its change
 * durable (flush_until): the first request to take c->db_lock writes every
 * queued row in one transaction, so the rows reach the file in order, and
 * changes that arrive together share one sync of the disk (group commit).
 * Lock order: c->db_lock, then c->lock; never the other way.  The debrief
 * thread and every writer use the one SQLite connection under c->db_lock
 * (reads at open and at the end of the game under c->lock only: SQLite's
 * serialized mode keeps each call whole).  Opening a class file replays
 * the log through apply() again.
 */
#include "cn_class.h"

#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <time.h>

#include <sqlite3.h>

#include "cn_backtest.h"
#include "cn_decision.h"
#include "cn_game.h"
#include "cn_load.h"
#include "cn_metrics.h"
#include "cn_narrate.h"
#include "cn_proposal.h"
#include "cn_scenario.h"
#include "cn_stats.h"
#include "cn_statename.h"
#include "cn_unvotes.h"

#define CL_CODE_LEN 6
#define CL_CLIENTS 256       /* clients remembered for the rate limit */
#define CL_LIST 8            /* names listed in a sentence */
#define CL_MSG_VIEW 60       /* messages in a student's view */
#define CL_TAIL 40           /* transcript entries in the teacher's view */
#define CL_WORDS 1024
#define CL_MAX_SECONDS 7200  /* the longest countdown */
#define CL_LABELS 24         /* states labelled on the room's chart */

typedef struct {
    char token[CN_CLASS_TOKEN];
    char name[CN_CLASS_NAME_LEN + 1];
    int state;               /* -1: none yet */
    int closed;              /* the teacher closed it */
    int acted_pause;         /* the pause in which it last acted (0: none) */
    int moves;
    double bucket, bucket_t; /* rate limit */
} seat;

typedef struct {
    char addr[64];
    double bucket, bucket_t;
} client;

struct row {
    long seq;
    double t;
    char kind[16];
    char *body, *words;
};

typedef struct {
    long seq;
    double t;                /* wall clock, seconds */
    char kind[16];
    char *words;
    int seat;                /* -1: the teacher or the timer */
    int from, to_state, to_bloc; /* messages (-1: none) */
} entry;

struct cn_class {
    pthread_mutex_t lock;
    cn_class_opts o;
    sqlite3 *db;
    cn_scenario *s;
    char real[512];
    char code[CL_CODE_LEN + 1];
    char teacher[CN_CLASS_TOKEN], viewer[CN_CLASS_TOKEN];
    int replaying;
    long version;

    /* setup */
    unsigned long seed;
    int session_seconds;     /* countdown of each session, 0: none */
    int choose;              /* 1: students choose their state */
    double budget;

    /* the game */
    cn_game *game;
    int started;
    int paused;
    double deadline;         /* monotonic seconds, 0: no countdown running */
    double remaining;        /* while paused */
    int last_pause;          /* the pause the countdown belongs to */

    seat *seats;
    int n_seats;
    int *holder;             /* per state: seat index, -1 */

    entry *log;
    int n_log, cap_log;
    long next_seq;

    client clients[CL_CLIENTS];
    int next_client;

    /* rows applied but not yet on disk, in seq order (group commit) */
    struct row *pending;
    int n_pending, cap_pending;
    pthread_mutex_t db_lock; /* the writer: taken before c->lock, never after */
    long durable;            /* last seq on disk (under db_lock) */
    int db_failed;           /* a write failed (under db_lock) */
    long wait_seq;           /* the last seq of the request being handled */

    /* the session's common view, rebuilt when the version changes */
    json_t *cache;
    long cache_version;

    json_t *debrief;         /* computed debrief (NULL until ready) */
    int debrief_running;
    pthread_t debrief_thread;
    int debrief_joinable;
};

/* ---- small things -------------------------------------------------------- */

void cn_class_defaults(cn_class_opts *o)
{
    o->replications = 1000;
    o->rate = 20.0;
    o->burst = 60.0;
}

static double now_mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static double now_wall(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* n random bytes from the kernel; CN_EIO if it has none to give. */
static int random_bytes(unsigned char *buf, size_t n)
{
    size_t got = 0;
    while (got < n) {
        ssize_t k = getrandom(buf + got, n - got, 0);
        if (k <= 0) {
            FILE *f = fopen("/dev/urandom", "rb");
            if (f == NULL)
                return CN_EIO;
            size_t r = fread(buf + got, 1, n - got, f);
            fclose(f);
            if (r != n - got)
                return CN_EIO;
            return CN_OK;
        }
        got += (size_t)k;
    }
    return CN_OK;
}

static int new_token(char *out)
{
    unsigned char b[16];
    if (random_bytes(b, sizeof b) != CN_OK)
        return CN_EIO;
    for (int i = 0; i < 16; i++)
        snprintf(out + 2 * i, 3, "%02x", b[i]);
    return CN_OK;
}

static int new_code(char *out)
{
    static const char alphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"; /* no 0/O, 1/I */
    unsigned char b[CL_CODE_LEN];
    if (random_bytes(b, sizeof b) != CN_OK)
        return CN_EIO;
    for (int i = 0; i < CL_CODE_LEN; i++)
        out[i] = alphabet[b[i] % 32];
    out[CL_CODE_LEN] = '\0';
    return CN_OK;
}

/* Constant-time comparison of two tokens (32 hex digits). */
static int token_eq(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    unsigned char d = (unsigned char)(la != lb || la != CN_CLASS_TOKEN - 1);
    size_t n = la < lb ? la : lb;
    for (size_t i = 0; i < n; i++)
        d |= (unsigned char)(a[i] ^ b[i]);
    return d == 0;
}

static const char *sname(const cn_scenario *s, int i)
{
    return s->states[i].name[0] != '\0' ? s->states[i].name : s->states[i].code;
}

static json_t *error_reply(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

static json_t *error_reply(const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return json_pack("{s:s}", "error", msg);
}

/* Rounds to 3 decimals (views carry no more than a person reads). */
static json_t *num(double v)
{
    if (!isfinite(v))
        return json_null();
    return json_real(round(v * 1000.0) / 1000.0);
}

static int is_member(const cn_game *g, int f, int i)
{
    return cn_game_member(g, f, i);
}

/* 1 if the text is valid UTF-8 without control characters (newlines
 * allowed when lines is set). */
static int clean_text(const char *t, int lines)
{
    const unsigned char *p = (const unsigned char *)t;
    while (*p != '\0') {
        if (*p < 0x20 && !(lines && *p == '\n'))
            return 0;
        if (*p == 0x7f)
            return 0;
        p++;
    }
    return 1; /* jansson has checked the UTF-8 */
}

/* ---- the class file ------------------------------------------------------ */

static int db_exec(cn_class *c, const char *sql)
{
    char *err = NULL;
    if (sqlite3_exec(c->db, sql, NULL, NULL, &err) != SQLITE_OK) {
        sqlite3_free(err);
        return CN_EIO;
    }
    return CN_OK;
}

static int meta_set(cn_class *c, const char *key, const char *value)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(c->db, "INSERT OR REPLACE INTO meta(key, value) VALUES(?, ?)", -1,
                           &st, NULL) != SQLITE_OK)
        return CN_EIO;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, value, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st) == SQLITE_DONE ? CN_OK : CN_EIO;
    sqlite3_finalize(st);
    return rc;
}

/* The value of key (malloc'd) or NULL. */
static char *meta_get(cn_class *c, const char *key)
{
    sqlite3_stmt *st;
    char *v = NULL;
    if (sqlite3_prepare_v2(c->db, "SELECT value FROM meta WHERE key = ?", -1, &st, NULL) !=
        SQLITE_OK)
        return NULL;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(st) == SQLITE_ROW) {
        const unsigned char *t = sqlite3_column_text(st, 0);
        if (t != NULL)
            v = strdup((const char *)t);
    }
    sqlite3_finalize(st);
    return v;
}

/* Queues a row for the class file (under c->lock). */
static int queue_row(cn_class *c, long seq, double t, const char *kind, const json_t *rec,
                     const char *words)
{
    if (c->n_pending == c->cap_pending) {
        int cap = c->cap_pending == 0 ? 64 : 2 * c->cap_pending;
        struct row *p = realloc(c->pending, (size_t)cap * sizeof *p);
        if (p == NULL)
            return CN_ENOMEM;
        c->pending = p;
        c->cap_pending = cap;
    }
    struct row *w = &c->pending[c->n_pending];
    w->seq = seq;
    w->t = t;
    snprintf(w->kind, sizeof w->kind, "%s", kind);
    w->body = json_dumps(rec, JSON_COMPACT | JSON_SORT_KEYS);
    w->words = strdup(words);
    if (w->body == NULL || w->words == NULL) {
        free(w->body);
        free(w->words);
        return CN_ENOMEM;
    }
    c->n_pending++;
    return CN_OK;
}

/* Writes rows[0..n) in one transaction.  CN_OK or CN_EIO. */
static int write_rows(cn_class *c, const struct row *rows, int n)
{
    sqlite3_stmt *st;
    if (db_exec(c, "BEGIN") != CN_OK)
        return CN_EIO;
    if (sqlite3_prepare_v2(c->db,
                           "INSERT INTO log(seq, t, kind, body, words) VALUES(?, ?, ?, ?, ?)",
                           -1, &st, NULL) != SQLITE_OK) {
        db_exec(c, "ROLLBACK");
        return CN_EIO;
    }
    int rc = CN_OK;
    for (int k = 0; k < n && rc == CN_OK; k++) {
        sqlite3_bind_int64(st, 1, rows[k].seq);
        sqlite3_bind_double(st, 2, rows[k].t);
        sqlite3_bind_text(st, 3, rows[k].kind, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 4, rows[k].body, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 5, rows[k].words, -1, SQLITE_STATIC);
        if (sqlite3_step(st) != SQLITE_DONE)
            rc = CN_EIO;
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    if (rc != CN_OK || db_exec(c, "COMMIT") != CN_OK) {
        db_exec(c, "ROLLBACK");
        return CN_EIO;
    }
    return CN_OK;
}

/* Makes every change up to seq durable; called without c->lock.  Whoever
 * gets the writer's lock first writes all the rows queued so far in one
 * transaction (group commit), so changes that arrive together share one
 * sync of the disk, and rows reach the file in seq order with no gap.
 * CN_OK when seq is on disk. */
static int flush_until(cn_class *c, long seq)
{
    pthread_mutex_lock(&c->db_lock);
    if (c->durable < seq && !c->db_failed) {
        pthread_mutex_lock(&c->lock);
        struct row *rows = c->pending;
        int n = c->n_pending;
        c->pending = NULL;
        c->n_pending = c->cap_pending = 0;
        pthread_mutex_unlock(&c->lock);
        if (n > 0) {
            if (write_rows(c, rows, n) == CN_OK)
                c->durable = rows[n - 1].seq;
            else
                c->db_failed = 1;
        }
        for (int k = 0; k < n; k++) {
            free(rows[k].body);
            free(rows[k].words);
        }
        free(rows);
    }
    int ok = c->durable >= seq ? CN_OK : CN_EIO;
    pthread_mutex_unlock(&c->db_lock);
    return ok;
}

/* ---- the transcript in memory -------------------------------------------- */

static entry *add_entry(cn_class *c, double t, const char *kind, const char *words, int seat_i)
{
    if (c->n_log == c->cap_log) {
        int cap = c->cap_log == 0 ? 256 : 2 * c->cap_log;
        entry *p = realloc(c->log, (size_t)cap * sizeof *p);
        if (p == NULL)
            return NULL;
        c->log = p;
        c->cap_log = cap;
    }
    char *w = strdup(words);
    if (w == NULL)
        return NULL;
    entry *e = &c->log[c->n_log++];
    memset(e, 0, sizeof *e);
    e->seq = c->next_seq;
    e->t = t;
    snprintf(e->kind, sizeof e->kind, "%s", kind);
    e->words = w;
    e->seat = seat_i;
    e->from = e->to_state = e->to_bloc = -1;
    return e;
}

/* ---- state of the class -------------------------------------------------- */

static const char *phase_name(const cn_class *c)
{
    if (!c->started)
        return "setup";
    switch (cn_game_phase_of(c->game)) {
    case CN_GAME_PAUSED: return "session";
    case CN_GAME_OVER: return "over";
    case CN_GAME_SETUP: break;
    }
    return "setup";
}

static int in_session(const cn_class *c)
{
    return c->started && cn_game_phase_of(c->game) == CN_GAME_PAUSED;
}

static int over(const cn_class *c)
{
    return c->started && cn_game_phase_of(c->game) == CN_GAME_OVER;
}

static double countdown(const cn_class *c)
{
    if (!in_session(c))
        return -1.0;
    if (c->paused)
        return c->remaining > 0.0 ? c->remaining : -1.0;
    if (c->deadline <= 0.0)
        return -1.0;
    double left = c->deadline - now_mono();
    return left < 0.0 ? 0.0 : left;
}

/* A new session opened: its countdown starts. */
static void session_opened(cn_class *c)
{
    c->last_pause = cn_game_pauses(c->game);
    c->remaining = c->session_seconds;
    c->deadline = c->session_seconds > 0 && !c->paused ? now_mono() + c->session_seconds : 0.0;
}

/* ---- the debrief --------------------------------------------------------- */

typedef struct {
    cn_class *c;
    cn_game_move *moves;
    int n_moves;
    int *states;
    int n_states;
} debrief_job;

static json_t *outcome_json(const cn_scenario *s, const cn_metrics_layout *L, const double *row,
                            int f)
{
    const double *o = row + L->forum_base[f];
    json_t *j = json_object();
    json_object_set_new(j, "adopted", json_boolean(o[CN_FM_ADOPTED] > 0.5));
    if (o[CN_FM_ADOPTED] > 0.5) {
        json_object_set_new(j, "session", json_integer((json_int_t)o[CN_FM_SESSION]));
        json_object_set_new(j, "strength", num(o[CN_FM_STRENGTH]));
        json_object_set_new(j, "footnotes", json_integer((json_int_t)o[CN_FM_FOOTNOTES]));
        char words[CL_WORDS * 2];
        cn_narrate_text(s, o + CN_FM_TEXT, words, sizeof words);
        json_object_set_new(j, "text", json_string(words));
    }
    if (s->forums[f].output == CN_OUTPUT_TREATY)
        json_object_set_new(j, "in_force", json_boolean(o[CN_FM_IN_FORCE] > 0.5));
    json_object_set_new(j, "for", json_integer((json_int_t)o[CN_FM_SUPPORTERS]));
    json_object_set_new(j, "against", json_integer((json_int_t)o[CN_FM_OBJECTORS]));
    return j;
}

static json_t *prob_json(const cn_stats *st, int col)
{
    cn_summary m;
    cn_stats_summary(st, col, &m);
    return json_pack("{s:o,s:o,s:o}", "p", num(m.prob), "lo", num(m.lo), "hi", num(m.hi));
}

static json_t *debrief_json(const cn_scenario *s, const cn_game_debrief *d, const double *played)
{
    const cn_metrics_layout *L = d->L;
    json_t *j = json_object();
    json_object_set_new(j, "replications", json_integer(d->replications));
    json_t *forums = json_array();
    for (int f = 0; f < s->n_forums; f++) {
        json_t *fj = json_object();
        json_object_set_new(fj, "name", json_string(s->forums[f].name));
        json_object_set_new(fj, "game", outcome_json(s, L, played, f));
        json_object_set_new(fj, "same", outcome_json(s, L, d->alone_row, f));
        json_object_set_new(fj, "alone", prob_json(d->alone, L->forum_base[f] + CN_FM_ADOPTED));
        json_object_set_new(fj, "with", prob_json(d->with, L->forum_base[f] + CN_FM_ADOPTED));
        json_array_append_new(forums, fj);
    }
    json_object_set_new(j, "forums", forums);
    json_object_set_new(j, "binding_alone", prob_json(d->alone, L->world_base + CN_WM_BINDING));
    json_object_set_new(j, "binding_with", prob_json(d->with, L->world_base + CN_WM_BINDING));
    json_t *scores = json_array();
    for (int t = 0; t < d->n_seats; t++)
        json_array_append_new(
            scores, json_pack("{s:s,s:s,s:o,s:o,s:o,s:o}", "code", s->states[d->state[t]].code,
                              "state", sname(s, d->state[t]), "game", num(d->score_game[t]),
                              "same", num(d->score_same[t]), "alone", num(d->score_alone[t]),
                              "with", num(d->score_with[t])));
    json_object_set_new(j, "scores", scores);
    return j;
}

static void *debrief_main(void *arg)
{
    debrief_job *job = arg;
    cn_class *c = job->c;
    cn_game_debrief d;
    json_t *j = NULL;
    /* the scenario is read-only from the start of the game on */
    int rc = cn_game_debrief_run(c->s, job->moves, job->n_moves, job->states, job->n_states,
                                 c->o.replications, &d);
    if (rc == CN_OK) {
        /* the game's own row (the game is over: it changes no more) */
        double *played = malloc((size_t)d.L->n * sizeof *played);
        if (played != NULL) {
            pthread_mutex_lock(&c->lock);
            const double *row = cn_game_row(c->game);
            if (row != NULL)
                memcpy(played, row, (size_t)d.L->n * sizeof *played);
            pthread_mutex_unlock(&c->lock);
            if (row != NULL)
                j = debrief_json(c->s, &d, played);
            free(played);
        }
        cn_game_debrief_free(&d);
    }
    if (j == NULL)
        j = json_pack("{s:s}", "error", "the debrief could not be computed (out of memory)");
    char *text = json_dumps(j, JSON_COMPACT);
    pthread_mutex_lock(&c->db_lock); /* the file's writer, before the class (lock order) */
    if (text != NULL)
        meta_set(c, "debrief", text);
    pthread_mutex_unlock(&c->db_lock);
    pthread_mutex_lock(&c->lock);
    c->debrief = j;
    c->debrief_running = 0;
    c->version++;
    pthread_mutex_unlock(&c->lock);
    free(text);
    free(job->moves);
    free(job->states);
    free(job);
    return NULL;
}

/* The game is over: compute the debrief (from the file if it has it). */
static void start_debrief(cn_class *c)
{
    if (c->debrief != NULL || c->debrief_running || c->debrief_joinable)
        return;
    char *saved = meta_get(c, "debrief");
    if (saved != NULL) {
        c->debrief = json_loads(saved, 0, NULL);
        free(saved);
        if (c->debrief != NULL)
            return;
    }
    debrief_job *job = calloc(1, sizeof *job);
    if (job == NULL)
        return;
    int n;
    const cn_game_move *mv = cn_game_moves(c->game, &n);
    job->c = c;
    job->moves = malloc((size_t)(n + 1) * sizeof *job->moves);
    job->states = malloc((size_t)(c->s->n_states + 1) * sizeof(int));
    if (job->moves == NULL || job->states == NULL) {
        free(job->moves);
        free(job->states);
        free(job);
        return;
    }
    if (n > 0)
        memcpy(job->moves, mv, (size_t)n * sizeof *mv);
    job->n_moves = n;
    job->n_states = cn_game_seat_list(c->game, job->states);
    c->debrief_running = 1;
    if (pthread_create(&c->debrief_thread, NULL, debrief_main, job) != 0) {
        c->debrief_running = 0;
        free(job->moves);
        free(job->states);
        free(job);
        return;
    }
    c->debrief_joinable = 1;
}

/* ---- applying changes ---------------------------------------------------- */

typedef struct {
    int status;              /* 0: applied; else the HTTP status */
    char err[256];
    char words[CL_WORDS];
    int seat;                /* the acting seat or -1 */
    int from, to_state, to_bloc;
} result;

static int fail(result *r, int status, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static int fail(result *r, int status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->err, sizeof r->err, fmt, ap);
    va_end(ap);
    r->status = status;
    return status;
}

static int rec_int(const json_t *rec, const char *key, int dflt)
{
    json_t *v = json_object_get(rec, key);
    return json_is_integer(v) ? (int)json_integer_value(v) : dflt;
}

static const char *rec_str(const json_t *rec, const char *key)
{
    json_t *v = json_object_get(rec, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

static double rec_num(const json_t *rec, const char *key, double dflt)
{
    json_t *v = json_object_get(rec, key);
    return json_is_number(v) ? json_number_value(v) : dflt;
}

static const char *vote_name(int v)
{
    switch (v) {
    case CN_VOTE_SUPPORT: return "support";
    case CN_VOTE_OBJECT: return "object";
    case CN_VOTE_ABSTAIN: return "abstain";
    default: return "pass";
    }
}

static int game_status(result *r, int rc, const char *msg)
{
    if (rc == CN_OK)
        return 0;
    if (rc == CN_EINPUT)
        return fail(r, 409, "%s", msg[0] != '\0' ? msg : "Not now.");
    return fail(r, 500, "The game failed: %s.", cn_strerror(rc));
}

/* Where the game stands after a start or an advance. */
static void after_step(cn_class *c)
{
    if (in_session(c))
        session_opened(c);
    else if (over(c)) {
        c->deadline = 0.0;
        start_debrief(c);
    }
}

static int seat_ok(const cn_class *c, int i, result *r)
{
    if (i < 0 || i >= c->n_seats)
        return fail(r, 400, "No seat %d.", i);
    return 0;
}

/* A student joins: a new seat. */
static int apply_join(cn_class *c, const char *kind, const json_t *rec, result *r)
{
    (void)kind;
    const char *tok = rec_str(rec, "token"), *name = rec_str(rec, "name");
    if (tok == NULL || name == NULL || strlen(tok) != CN_CLASS_TOKEN - 1)
        return fail(r, 400, "bad join record");
    if (c->n_seats >= CN_CLASS_MAX_SEATS)
        return fail(r, 409, "The class is full (%d seats).", CN_CLASS_MAX_SEATS);
    seat *st = &c->seats[c->n_seats];
    memset(st, 0, sizeof *st);
    snprintf(st->token, sizeof st->token, "%s", tok);
    snprintf(st->name, sizeof st->name, "%s", name);
    st->state = -1;
    st->bucket = c->o.burst;
    st->bucket_t = now_mono();
    r->seat = c->n_seats++;
    snprintf(r->words, sizeof r->words, "%s joins the class.", st->name);
    return 0;
}

/* A seat's state: chosen by the student or assigned by the teacher (kind). */
static int apply_seat(cn_class *c, const char *kind, const json_t *rec, result *r)
{
    const cn_scenario *s = c->s;
    int i = rec_int(rec, "seat", -1), state = rec_int(rec, "state", -1);
    if (seat_ok(c, i, r))
        return r->status;
    seat *st = &c->seats[i];
    if (st->closed)
        return fail(r, 409, "That seat is closed.");
    if (state < -1 || state >= s->n_states)
        return fail(r, 400, "No such state.");
    if (state >= 0 && c->holder[state] >= 0 && c->holder[state] != i)
        return fail(r, 409, "%s is already played by %s.", sname(s, state),
                    c->seats[c->holder[state]].name);
    if (strcmp(kind, "choose") == 0 && st->state >= 0 && c->started)
        return fail(r, 409, "You play %s; the teacher can change that.", sname(s, st->state));
    if (over(c))
        return fail(r, 409, "The game is over.");
    if (st->state == state)
        return fail(r, 409, "That is already the seat's state.");
    if (st->state >= 0) {
        c->holder[st->state] = -1;
        if (c->started)
            cn_game_unseat(c->game, st->state);
    }
    st->state = state;
    if (state >= 0) {
        c->holder[state] = i;
        if (c->started && cn_game_seat(c->game, state) != CN_OK)
            return fail(r, 500, "The game refused the seat.");
    }
    r->seat = i;
    if (state >= 0)
        snprintf(r->words, sizeof r->words, "%s %s %s.", st->name,
                 strcmp(kind, "choose") == 0 ? "chooses to play" : "is assigned",
                 sname(s, state));
    else
        snprintf(r->words, sizeof r->words, "%s has no state now.", st->name);
    return 0;
}

/* The teacher closes a seat. */
static int apply_kick(cn_class *c, const char *kind, const json_t *rec, result *r)
{
    (void)kind;
    int i = rec_int(rec, "seat", -1);
    if (seat_ok(c, i, r))
        return r->status;
    seat *st = &c->seats[i];
    if (st->closed)
        return fail(r, 409, "That seat is already closed.");
    if (st->state >= 0) {
        c->holder[st->state] = -1;
        if (c->started)
            cn_game_unseat(c->game, st->state);
    }
    st->closed = 1;
    st->state = -1;
    snprintf(r->words, sizeof r->words, "The teacher closes %s's seat.", st->name);
    return 0;
}

/* The teacher's settings, before the start. */
static int apply_setup(cn_class *c, const char *kind, const json_t *rec, result *r)
{
    (void)kind;
    if (c->started)
        return fail(r, 409, "The game has started: set up before the start.");
    double seed = rec_num(rec, "seed", (double)c->seed);
    double minutes = rec_num(rec, "minutes", c->session_seconds / 60.0);
    double budget = rec_num(rec, "budget", c->budget);
    const char *mode = rec_str(rec, "mode");
    if (!(seed >= 0.0 && seed <= 2147483647.0) || seed != floor(seed))
        return fail(r, 400, "seed: a whole number from 0 to 2147483647.");
    if (!(minutes >= 0.0 && minutes * 60.0 <= CL_MAX_SECONDS))
        return fail(r, 400, "minutes: from 0 (no countdown) to %d.", CL_MAX_SECONDS / 60);
    if (!(budget >= 0.0 && budget <= 100.0))
        return fail(r, 400, "budget: from 0 to 100.");
    if (mode != NULL && strcmp(mode, "choose") != 0 && strcmp(mode, "assign") != 0)
        return fail(r, 400, "mode: 'choose' (students choose) or 'assign' (you assign).");
    c->seed = (unsigned long)seed;
    c->s->run.seed = c->seed;
    c->session_seconds = (int)lround(minutes * 60.0);
    c->budget = budget;
    if (mode != NULL)
        c->choose = strcmp(mode, "choose") == 0;
    snprintf(r->words, sizeof r->words,
             "Set up: seed %lu, %s, campaign budget %.1f per student, %s.", c->seed,
             c->session_seconds > 0 ? "a countdown per session" : "no countdown", c->budget,
             c->choose ? "students choose their states" : "the teacher assigns the states");
    return 0;
}

/* The game starts. */
static int apply_start(cn_class *c, const char *kind, const json_t *rec, result *r)
{
    const cn_scenario *s = c->s;
    (void)kind;
    (void)rec;
    if (c->started)
        return fail(r, 409, "The game has already started.");
    cn_game_opts go;
    cn_game_defaults(&go);
    go.budget = c->budget;
    int rc = cn_game_new(s, &go, &c->game);
    if (rc != CN_OK)
        return fail(r, 500, "The game could not be made: %s.", cn_strerror(rc));
    for (int i = 0; i < c->n_seats; i++)
        if (!c->seats[i].closed && c->seats[i].state >= 0)
            cn_game_seat(c->game, c->seats[i].state);
    c->started = 1;
    rc = cn_game_start(c->game);
    if (rc != CN_OK)
        return fail(r, 500, "The game could not start: %s.", cn_strerror(rc));
    after_step(c);
    snprintf(r->words, sizeof r->words, "The game starts.");
    return 0;
}

/* The teacher pauses or resumes the session (kind). */
static int apply_pause(cn_class *c, const char *kind, const json_t *rec, result *r)
{
    (void)rec;
    int pause = strcmp(kind, "pause") == 0;
    if (!in_session(c))
        return fail(r, 409, "No session is open.");
    if (pause == c->paused)
        return fail(r, 409, pause ? "Already paused." : "Not paused.");
    if (pause) {
        c->remaining = c->deadline > 0.0 ? c->deadline - now_mono() : 0.0;
        if (c->remaining < 0.0)
            c->remaining = 0.0;
        c->deadline = 0.0;
    } else {
        c->deadline = c->remaining > 0.0 ? now_mono() + c->remaining : 0.0;
    }
    c->paused = pause;
    snprintf(r->words, sizeof r->words, pause ? "The teacher pauses the session."
                                              : "The session resumes.");
    return 0;
}

/* The teacher sets the countdown. */
static int apply_timer(cn_class *c, const char *kind, const json_t *rec, result *r)
{
    (void)kind;
    double sec = rec_num(rec, "seconds", -1.0);
    if (!in_session(c))
        return fail(r, 409, "No session is open.");
    if (!(sec >= 0.0 && sec <= CL_MAX_SECONDS))
        return fail(r, 400, "minutes: from 0 (no countdown) to %d.", CL_MAX_SECONDS / 60);
    if (c->paused)
        c->remaining = sec;
    else
        c->deadline = sec > 0.0 ? now_mono() + sec : 0.0;
    snprintf(r->words, sizeof r->words, "The countdown is set to %.0f:%02.0f.",
             floor(sec / 60.0), fmod(sec, 60.0));
    return 0;
}

/* The session closes (the teacher, or the timer). */
static int apply_advance(cn_class *c, const char *kind, const json_t *rec, result *r)
{
    const cn_scenario *s = c->s;
    (void)kind;
    if (!in_session(c))
        return fail(r, 409, "No session is open.");
    int f = cn_game_forum(c->game), session = cn_game_session(c->game);
    const char *by = rec_str(rec, "by");
    snprintf(r->words, sizeof r->words, "%s session %d closes (%s).", s->forums[f].name,
             session, by != NULL && strcmp(by, "timer") == 0 ? "time is up" : "the teacher");
    c->paused = 0;
    int rc = cn_game_advance(c->game);
    if (rc != CN_OK)
        return fail(r, 500, "The game failed: %s.", cn_strerror(rc));
    after_step(c);
    return 0;
}

/* A student's move (kind): a vote, an amendment or a campaign. */
static int apply_move(cn_class *c, const char *kind, const json_t *rec, result *r)
{
    const cn_scenario *s = c->s;
    char msg[256] = "";
    int i = rec_int(rec, "seat", -1);
    if (seat_ok(c, i, r))
        return r->status;
    seat *st = &c->seats[i];
    r->seat = i;
    if (st->state < 0)
        return fail(r, 409, "You have no state yet.");
    if (!c->started)
        return fail(r, 409, "The game has not started yet.");
    if (c->paused)
        return fail(r, 409, "The session is paused: wait for the teacher.");
    int me = st->state, rc;
    int f = in_session(c) ? cn_game_forum(c->game) : -1;
    if (strcmp(kind, "vote") == 0) {
        int v = rec_int(rec, "vote", -1);
        rc = cn_game_vote(c->game, me, v, msg, sizeof msg);
        if (game_status(r, rc, msg))
            return r->status;
        snprintf(r->words, sizeof r->words, "%s (%s): %s in the %s, session %d.",
                 sname(s, me), st->name,
                 v == CN_VOTE_NONE ? "leaves the vote to the model" : vote_name(v),
                 s->forums[f].name, cn_game_session(c->game));
    } else if (strcmp(kind, "amend") == 0) {
        int dim = rec_int(rec, "dim", -1), dir = rec_int(rec, "dir", 0);
        double old = in_session(c) && dim >= 0 && dim < s->n_dims ? cn_game_text(c->game)[dim]
                                                                  : 0.0;
        rc = cn_game_amend(c->game, me, dim, dir, msg, sizeof msg);
        if (game_status(r, rc, msg))
            return r->status;
        snprintf(r->words, sizeof r->words, "%s (%s) amends the %s text: %s %.2f -> %.2f.",
                 sname(s, me), st->name, s->forums[f].name, s->dims[dim].name, old,
                 cn_game_text(c->game)[dim]);
    } else {
        int t = rec_int(rec, "target", -1);
        double amount = rec_num(rec, "amount", 1.0);
        rc = cn_game_campaign(c->game, me, t, amount, msg, sizeof msg);
        if (game_status(r, rc, msg))
            return r->status;
        snprintf(r->words, sizeof r->words, "%s (%s) campaigns on %s (%.1f).", sname(s, me),
                 st->name, sname(s, t), amount);
    }
    st->acted_pause = cn_game_pauses(c->game);
    st->moves++;
    return 0;
}

/* A message from a student to a state or a bloc. */
static int apply_message(cn_class *c, const char *kind, const json_t *rec, result *r)
{
    const cn_scenario *s = c->s;
    (void)kind;
    int i = rec_int(rec, "seat", -1);
    if (seat_ok(c, i, r))
        return r->status;
    seat *st = &c->seats[i];
    const char *text = rec_str(rec, "text");
    int to_state = rec_int(rec, "to_state", -1), to_bloc = rec_int(rec, "to_bloc", -1);
    if (st->state < 0)
        return fail(r, 409, "Choose your state first.");
    if (text == NULL || text[0] == '\0')
        return fail(r, 400, "An empty message.");
    if (to_state >= s->n_states || to_bloc >= s->n_blocs || (to_state < 0) == (to_bloc < 0))
        return fail(r, 400, "A message goes to one state or one bloc.");
    r->seat = i;
    r->from = st->state;
    r->to_state = to_state;
    r->to_bloc = to_bloc;
    snprintf(r->words, sizeof r->words, "%s (%s) to %s%s: %s", sname(s, st->state), st->name,
             to_bloc >= 0 ? "the bloc " : "", to_bloc >= 0 ? s->blocs[to_bloc].name
                                                           : sname(s, to_state), text);
    return 0;
}

/* The teacher injects news: an incident, a leak or a shaming. */
static int apply_news(cn_class *c, const char *kind, const json_t *rec, result *r)
{
    const cn_scenario *s = c->s;
    char msg[256] = "";
    (void)kind;
    const char *nk = rec_str(rec, "kind");
    int a = rec_int(rec, "a", -1), b = rec_int(rec, "b", -1), rc;
    if (nk == NULL)
        return fail(r, 400, "kind: incident, leak or shame.");
    if (c->started && !in_session(c))
        return fail(r, 409, "News can be injected only while a session is open.");
    if (!c->started)
        return fail(r, 409, "Start the game first: news comes during a session.");
    if (strcmp(nk, "incident") == 0) {
        rc = cn_game_incident(c->game, a, b, msg, sizeof msg);
        if (game_status(r, rc, msg))
            return r->status;
        if (b >= 0)
            snprintf(r->words, sizeof r->words,
                     "NEWS: a major cyber incident hits %s; it is publicly attributed to %s.",
                     sname(s, a), sname(s, b));
        else
            snprintf(r->words, sizeof r->words,
                     "NEWS: a major cyber incident hits %s; nobody is blamed.", sname(s, a));
    } else if (strcmp(nk, "leak") == 0) {
        int taken = 0;
        rc = cn_game_leak(c->game, a, &taken, msg, sizeof msg);
        if (game_status(r, rc, msg))
            return r->status;
        snprintf(r->words, sizeof r->words,
                 "NEWS: a draft by %s leaks. %s", sname(s, a),
                 taken ? "It draws more support than the chair's text: the chair puts it "
                         "to the vote."
                       : "It draws less support than the chair's text, which stays.");
    } else if (strcmp(nk, "shame") == 0) {
        rc = cn_game_shame(c->game, a, b, msg, sizeof msg);
        if (game_status(r, rc, msg))
            return r->status;
        snprintf(r->words, sizeof r->words,
                 "NEWS: %s publicly names and shames %s; trust between their sides falls.",
                 sname(s, a), sname(s, b));
    } else {
        return fail(r, 400, "kind: incident, leak or shame, not '%s'.", nk);
    }
    return 0;
}

/* The records, by kind: each applies one change to the class. */
typedef int (*applier)(cn_class *c, const char *kind, const json_t *rec, result *r);
static const struct {
    const char *kind;
    applier apply;
} appliers[] = {
    {"join", apply_join},
    {"choose", apply_seat},
    {"assign", apply_seat},
    {"kick", apply_kick},
    {"setup", apply_setup},
    {"start", apply_start},
    {"pause", apply_pause},
    {"resume", apply_pause},
    {"timer", apply_timer},
    {"advance", apply_advance},
    {"vote", apply_move},
    {"amend", apply_move},
    {"campaign", apply_move},
    {"message", apply_message},
    {"news", apply_news},
};

/* Applies one record of kind; r says how it went and what to log. */
static int apply(cn_class *c, const char *kind, const json_t *rec, result *r)
{
    memset(r, 0, sizeof *r);
    r->seat = r->from = r->to_state = r->to_bloc = -1;
    for (size_t i = 0; i < sizeof appliers / sizeof appliers[0]; i++)
        if (strcmp(kind, appliers[i].kind) == 0)
            return appliers[i].apply(c, kind, rec, r);
    return fail(r, 400, "unknown record '%s'", kind);
}

/* Applies a change and, when live, logs it (in its own transaction). */
static int commit(cn_class *c, const char *kind, json_t *rec, result *r, double t)
{
    if (apply(c, kind, rec, r) != 0)
        return r->status;
    c->version++;
    entry *e = add_entry(c, t, kind, r->words, r->seat);
    if (e == NULL)
        return fail(r, 500, "Out of memory.");
    e->from = r->from;
    e->to_state = r->to_state;
    e->to_bloc = r->to_bloc;
    if (!c->replaying) {
        if (queue_row(c, c->next_seq, t, kind, rec, r->words) != CN_OK)
            return fail(r, 500, "Out of memory: the change is not saved.");
        c->wait_seq = c->next_seq;
    } else {
        c->durable = c->next_seq;
    }
    c->next_seq++;
    return 0;
}

/* ---- opening a class ----------------------------------------------------- */

static int replay_log(cn_class *c, cn_diag *d)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(c->db, "SELECT seq, t, kind, body FROM log ORDER BY seq", -1, &st,
                           NULL) != SQLITE_OK)
        return cn_diag_set(d, NULL, 0, NULL, "the class file has no readable log");
    int rc = CN_OK, step;
    c->replaying = 1;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        long seq = (long)sqlite3_column_int64(st, 0);
        double t = sqlite3_column_double(st, 1);
        const char *kind = (const char *)sqlite3_column_text(st, 2);
        const char *body = (const char *)sqlite3_column_text(st, 3);
        json_t *rec = body != NULL ? json_loads(body, 0, NULL) : NULL;
        result r;
        c->next_seq = seq;
        if (kind == NULL || rec == NULL || commit(c, kind, rec, &r, t) != 0) {
            rc = cn_diag_set(d, NULL, 0, NULL, "the class file's log does not replay at entry "
                             "%ld (%s): %s", seq, kind != NULL ? kind : "?",
                             rec == NULL ? "unreadable" : r.err);
            json_decref(rec);
            break;
        }
        json_decref(rec);
    }
    if (rc == CN_OK && step != SQLITE_DONE)
        rc = cn_diag_set(d, NULL, 0, NULL, "the class file's log cannot be read");
    sqlite3_finalize(st);
    c->replaying = 0;
    return rc;
}

static int write_scenario(const cn_scenario *s, char **text)
{
    size_t len = 0;
    *text = NULL;
    FILE *m = open_memstream(text, &len);
    if (m == NULL)
        return CN_ENOMEM;
    int rc = cn_scenario_write(s, m);
    if (fclose(m) != 0 && rc == CN_OK)
        rc = CN_EIO;
    if (rc != CN_OK) {
        free(*text);
        *text = NULL;
    }
    return rc;
}

/* A class the file holds: its code, tokens and what really happened from
 * meta, its scenario from the text scen. */
static int resume_class(cn_class *c, const char *db_path, const char *scen, cn_diag *d)
{
    char *code = meta_get(c, "code"), *teacher = meta_get(c, "teacher"),
         *viewer = meta_get(c, "viewer"), *real = meta_get(c, "real");
    int rc;
    if (code == NULL || teacher == NULL || viewer == NULL) {
        rc = cn_diag_set(d, db_path, 0, NULL, "the class file is incomplete");
    } else {
        snprintf(c->code, sizeof c->code, "%s", code);
        snprintf(c->teacher, sizeof c->teacher, "%s", teacher);
        snprintf(c->viewer, sizeof c->viewer, "%s", viewer);
        snprintf(c->real, sizeof c->real, "%s", real != NULL ? real : "");
        rc = cn_load_scenario_string(scen, db_path, NULL, NULL, 0, &c->s, d);
    }
    free(code);
    free(teacher);
    free(viewer);
    free(real);
    return rc;
}

/* A new class of scenario_path (with the overrides): new code and tokens,
 * the scenario as the class will replay it, all written to meta. */
static int new_class(cn_class *c, const char *db_path, const char *scenario_path,
                     const char *const *sets, int n_sets, cn_diag *d)
{
    if (scenario_path == NULL)
        return cn_diag_set(d, db_path, 0, NULL, "the class file holds no class");
    int rc = cn_load_scenario(scenario_path, sets, n_sets, &c->s, d);
    if (rc != CN_OK)
        return rc;
    cn_backtest_real_text(c->s, c->real, sizeof c->real);
    char *text;
    if (new_code(c->code) != CN_OK || new_token(c->teacher) != CN_OK ||
        new_token(c->viewer) != CN_OK)
        return cn_diag_set(d, NULL, 0, NULL, "no random numbers from the kernel");
    if ((rc = write_scenario(c->s, &text)) != CN_OK)
        return rc;
    /* the scenario as the class will replay it */
    cn_scenario *again = NULL;
    rc = cn_load_scenario_string(text, scenario_path, NULL, NULL, 0, &again, d);
    if (rc == CN_OK) {
        cn_scenario_free(c->s);
        c->s = again;
    }
    if (rc == CN_OK &&
        (db_exec(c, "BEGIN") != CN_OK || meta_set(c, "scenario", text) != CN_OK ||
         meta_set(c, "code", c->code) != CN_OK || meta_set(c, "teacher", c->teacher) != CN_OK ||
         meta_set(c, "viewer", c->viewer) != CN_OK || meta_set(c, "real", c->real) != CN_OK ||
         db_exec(c, "COMMIT") != CN_OK))
        rc = cn_diag_set(d, db_path, 0, NULL, "cannot write the class file: %s",
                         sqlite3_errmsg(c->db));
    free(text);
    return rc;
}

int cn_class_open(const char *db_path, const char *scenario_path, const char *const *sets,
                  int n_sets, const cn_class_opts *o, cn_class **out, int *resumed, cn_diag *d)
{
    *out = NULL;
    if (resumed != NULL)
        *resumed = 0;
    cn_class *c = calloc(1, sizeof *c);
    if (c == NULL)
        return CN_ENOMEM;
    c->o = *o;
    c->choose = 1;
    c->budget = 3.0;
    c->next_seq = 1;
    if (pthread_mutex_init(&c->lock, NULL) != 0) {
        free(c);
        return CN_ETHREAD;
    }
    if (pthread_mutex_init(&c->db_lock, NULL) != 0) {
        pthread_mutex_destroy(&c->lock);
        free(c);
        return CN_ETHREAD;
    }
    int rc;
    if (sqlite3_open_v2(db_path, &c->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
        SQLITE_OK) {
        rc = cn_diag_set(d, db_path, 0, NULL, "cannot open the class file");
        goto fail;
    }
    sqlite3_busy_timeout(c->db, 5000);
    /* WAL with synchronous FULL: each change is on disk when its reply goes */
    if (db_exec(c, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
                   "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
                   "CREATE TABLE IF NOT EXISTS log(seq INTEGER PRIMARY KEY, t REAL NOT NULL, "
                   "kind TEXT NOT NULL, body TEXT NOT NULL, words TEXT NOT NULL);") != CN_OK) {
        rc = cn_diag_set(d, db_path, 0, NULL, "not a class file (or not writable): %s",
                         sqlite3_errmsg(c->db));
        goto fail;
    }
    char *scen = meta_get(c, "scenario");
    if (scen != NULL) {
        rc = resume_class(c, db_path, scen, d);
        free(scen);
        if (rc != CN_OK)
            goto fail;
        if (resumed != NULL)
            *resumed = 1;
    } else if ((rc = new_class(c, db_path, scenario_path, sets, n_sets, d)) != CN_OK) {
        goto fail;
    }
    c->seed = c->s->run.seed;
    c->seats = calloc(CN_CLASS_MAX_SEATS, sizeof *c->seats);
    c->holder = malloc(((size_t)c->s->n_states + 1) * sizeof *c->holder);
    if (c->seats == NULL || c->holder == NULL) {
        rc = CN_ENOMEM;
        goto fail;
    }
    for (int i = 0; i < c->s->n_states; i++)
        c->holder[i] = -1;
    if ((rc = replay_log(c, d)) != CN_OK)
        goto fail;
    *out = c;
    return CN_OK;
fail:
    cn_class_free(c);
    return rc;
}

void cn_class_free(cn_class *c)
{
    if (c == NULL)
        return;
    if (c->debrief_joinable)
        pthread_join(c->debrief_thread, NULL);
    cn_game_free(c->game);
    json_decref(c->debrief);
    if (c->db != NULL)
        sqlite3_close(c->db);
    cn_scenario_free(c->s);
    for (int i = 0; i < c->n_log; i++)
        free(c->log[i].words);
    free(c->log);
    free(c->seats);
    free(c->holder);
    for (int k = 0; k < c->n_pending; k++) {
        free(c->pending[k].body);
        free(c->pending[k].words);
    }
    free(c->pending);
    json_decref(c->cache);
    pthread_mutex_destroy(&c->db_lock);
    pthread_mutex_destroy(&c->lock);
    free(c);
}

void cn_class_code(cn_class *c, char *buf, size_t size)
{
    pthread_mutex_lock(&c->lock);
    snprintf(buf, size, "%s", c->code);
    pthread_mutex_unlock(&c->lock);
}

void cn_class_teacher_token(cn_class *c, char *buf)
{
    pthread_mutex_lock(&c->lock);
    memcpy(buf, c->teacher, CN_CLASS_TOKEN);
    pthread_mutex_unlock(&c->lock);
}

void cn_class_viewer_token(cn_class *c, char *buf)
{
    pthread_mutex_lock(&c->lock);
    memcpy(buf, c->viewer, CN_CLASS_TOKEN);
    pthread_mutex_unlock(&c->lock);
}

int cn_class_debrief_ready(cn_class *c)
{
    pthread_mutex_lock(&c->lock);
    int ready = c->debrief != NULL;
    pthread_mutex_unlock(&c->lock);
    return ready;
}

void cn_class_tick(cn_class *c)
{
    pthread_mutex_lock(&c->lock);
    c->wait_seq = 0;
    if (in_session(c) && !c->paused && c->deadline > 0.0 && now_mono() >= c->deadline) {
        json_t *rec = json_pack("{s:s}", "by", "timer");
        result r;
        if (rec != NULL)
            commit(c, "advance", rec, &r, now_wall());
        json_decref(rec);
    }
    long seq = c->wait_seq;
    pthread_mutex_unlock(&c->lock);
    if (seq > 0)
        flush_until(c, seq);
}

/* ---- views --------------------------------------------------------------- */

static json_t *dims_json(const cn_scenario *s, int f)
{
    json_t *a = json_array();
    for (int k = 0; k < s->n_dims; k++) {
        char lo[CN_TEXT_LEN], hi[CN_TEXT_LEN];
        cn_narrate_label(&s->dims[k], 0, lo, sizeof lo);
        cn_narrate_label(&s->dims[k], 1, hi, sizeof hi);
        json_array_append_new(a, json_pack("{s:s,s:s,s:s,s:b}", "name", s->dims[k].name, "low",
                                           lo, "high", hi, "open",
                                           f >= 0 ? s->forums[f].open[k] : 1));
    }
    return a;
}

static json_t *vec(const double *v, int d)
{
    json_t *a = json_array();
    for (int k = 0; k < d; k++)
        json_array_append_new(a, num(v[k]));
    return a;
}

static json_t *words_of(const cn_scenario *s, const double *y)
{
    char words[CL_WORDS * 2];
    cn_narrate_text(s, y, words, sizeof words);
    return json_string(words);
}

static const char *rule_words(const cn_forum *fo, char *buf, size_t size)
{
    switch (fo->rule) {
    case CN_RULE_CONSENSUS:
        if (fo->footnotes == 0)
            snprintf(buf, size, "consensus: a single objection blocks");
        else
            snprintf(buf, size, "consensus: up to %d objection%s can go into footnotes",
                     fo->footnotes, fo->footnotes == 1 ? "" : "s");
        break;
    case CN_RULE_UNANIMITY: snprintf(buf, size, "unanimity: every member must support"); break;
    case CN_RULE_MAJORITY: snprintf(buf, size, "a majority: more yes than no"); break;
    case CN_RULE_TWO_THIRDS: snprintf(buf, size, "two thirds of the yes and no votes"); break;
    case CN_RULE_COUNCIL:
        snprintf(buf, size, "the council rule: %d yes votes and no veto", fo->council_quota);
        break;
    case CN_RULE_ELECTION:
        snprintf(buf, size, "an election by secret ballot: support votes for the first "
                            "candidate, object for the second; more votes elect");
        break;
    case CN_RULE_CLUB:
        snprintf(buf, size, "a club: no vote; the founders set a standard and other states "
                            "join when it is worth it to them");
        break;
    }
    return buf;
}

/* The likely vote of a member with P(support) ps and P(object) po under
 * the forum's vote model (cn_decision_probs): 's', 'a' or 'o'. */
static char likely(const double *ps, const double *po)
{
    double pa = 1.0 - *ps - *po;
    if (*ps >= *po && *ps >= pa)
        return 's';
    return *po >= pa ? 'o' : 'a';
}

/* "A, B, C and 4 more" of idx[0..n) into buf. */
static void list_names(const cn_scenario *s, const int *idx, int n, char *buf, size_t size)
{
    buf[0] = '\0';
    int shown = n > CL_LIST ? CL_LIST : n;
    for (int t = 0; t < shown; t++)
        cn_narrate_cat(buf, size, "%s%s", t == 0 ? "" : (t == shown - 1 && shown == n) ? " and " : ", ",
            sname(s, idx[t]));
    if (n > shown)
        cn_narrate_cat(buf, size, " and %d more", n - shown);
}

/* The open session as everyone sees it: the text, the coalition, every
 * member on the plane (me < 0), or with a member's own part (me >= 0). */
static json_t *session_build(const cn_class *c, int with_points)
{
    const cn_scenario *s = c->s;
    const cn_world *w = cn_game_world(c->game);
    int f = cn_game_forum(c->game);
    const double *text = cn_game_text(c->game);
    const cn_forum *fo = &s->forums[f];
    const cn_forum_state *fs = &w->fs[f];
    char buf[CL_WORDS];
    json_t *j = json_object();
    json_object_set_new(j, "forum", json_string(fo->name));
    json_object_set_new(j, "session", json_integer(cn_game_session(c->game)));
    json_object_set_new(j, "sessions", json_integer(fo->sessions));
    json_object_set_new(j, "round", json_integer(w->round));
    json_object_set_new(j, "rule", json_string(rule_words(fo, buf, sizeof buf)));
    json_object_set_new(j, "output",
                        json_string(fo->output == CN_OUTPUT_TREATY ? "a treaty"
                                    : fo->output == CN_OUTPUT_RESOLUTION
                                        ? "a resolution binding on all states"
                                        : "a nonbinding report"));
    json_object_set_new(j, "chair", json_string(sname(s, fs->chair)));
    json_object_set_new(j, "dims", dims_json(s, f));
    json_object_set_new(j, "text", vec(text, w->d));
    json_object_set_new(j, "text_words", words_of(s, text));
    double e = cn_proposal_expected_support(w, f, text);
    json_object_set_new(j, "expected", num(e));
    json_object_set_new(j, "members", json_integer(fs->n_members));
    cn_vote_params vp;
    cn_decision_vote_params(s, fo->rule, &vp);
    /* the forum's vote model for every member at once (heap: this runs on
     * the server's worker threads) */
    double *pr = malloc(3 * ((size_t)fs->n_members + 1) * sizeof *pr);
    double *vps = pr, *vpo = pr != NULL ? pr + fs->n_members + 1 : NULL;
    if (pr != NULL)
        cn_decision_probs(w, f, text, &vp, pr + 2 * (fs->n_members + 1), vps, vpo);
    int *sup = malloc(((size_t)fs->n_members + 1) * sizeof *sup);
    int *obj = malloc(((size_t)fs->n_members + 1) * sizeof *obj);
    int ns = 0, no = 0, na = 0;
    json_t *pts = with_points ? json_array() : NULL;
    for (int t = 0; t < fs->n_members; t++) {
        int i = fs->members[t];
        char v = pr != NULL ? likely(&vps[t], &vpo[t]) : 'a';
        if (v == 's' && sup != NULL)
            sup[ns++] = i;
        else if (v == 'o' && obj != NULL)
            obj[no++] = i;
        else if (v == 'a')
            na++;
        if (pts != NULL) {
            char vs[2] = {v, '\0'};
            json_array_append_new(
                pts, json_pack("{s:s,s:s,s:o,s:o,s:s,s:o,s:b}", "c", s->states[i].code, "n",
                               sname(s, i), "x", num(w->x[i * w->d]), "y",
                               num(w->d > 1 ? w->x[i * w->d + 1] : 0.5), "v", vs, "cap",
                               num(w->cap[i]), "seated", cn_game_seated(c->game, i)));
        }
    }
    if (sup != NULL && obj != NULL) {
        cn_narrate_by_capability(w, sup, ns);
        cn_narrate_by_capability(w, obj, no);
        char ls[CL_WORDS], lo[CL_WORDS];
        list_names(s, sup, ns, ls, sizeof ls);
        list_names(s, obj, no, lo, sizeof lo);
        json_object_set_new(j, "likely_support", json_string(ls));
        json_object_set_new(j, "likely_object", json_string(lo));
        json_object_set_new(j, "n_support", json_integer(ns));
        json_object_set_new(j, "n_object", json_integer(no));
        json_object_set_new(j, "n_abstain", json_integer(na));
        snprintf(buf, sizeof buf, "%.1f of %d members are expected to support the text.", e,
                 fs->n_members);
        json_object_set_new(j, "coalition", json_string(buf));
    }
    free(sup);
    free(obj);
    free(pr);
    if (pts != NULL)
        json_object_set_new(j, "points", pts);
    return j;
}

/* A member's own part of the open session (me >= 0). */
static json_t *member_part(const cn_class *c, int me)
{
    const cn_scenario *s = c->s;
    const cn_world *w = cn_game_world(c->game);
    int f = cn_game_forum(c->game);
    const double *text = cn_game_text(c->game);
    const cn_forum *fo = &s->forums[f];
    char buf[CL_WORDS];
    json_t *j = json_object();
    cn_vote_params vp;
    cn_decision_vote_params(s, fo->rule, &vp);
    {
        int member = is_member(c->game, f, me);
        json_object_set_new(j, "member", json_boolean(member));
        json_object_set_new(j, "position", vec(w->x + (size_t)me * (size_t)w->d, w->d));
        json_object_set_new(j, "position_words", words_of(s, w->x + (size_t)me * (size_t)w->d));
        if (member) {
            double gain = cn_decision_gain(w, me, text), ps, po;
            cn_decision_p_member(w, f, me, text, &ps, &po);
            snprintf(buf, sizeof buf,
                     "For you the text is %s no agreement. Left alone, the model would have "
                     "your state support it with probability %.2f, abstain %.2f, object %.2f.",
                     fabs(gain) < s->model.indifference ? "worth about as much as"
                     : gain > 0                          ? "better than"
                                                         : "worse than",
                     ps, 1.0 - ps - po, po);
            json_object_set_new(j, "verdict", json_string(buf));
            json_object_set_new(j, "gain", num(gain));
            json_object_set_new(j, "p", json_pack("{s:o,s:o,s:o}", "support", num(ps), "abstain",
                                                  num(1.0 - ps - po), "object", num(po)));
            int v = cn_game_seat_vote(c->game, me);
            json_object_set_new(j, "vote", v == CN_VOTE_NONE ? json_null()
                                                             : json_string(vote_name(v)));
            json_object_set_new(j, "amended", json_boolean(cn_game_seat_amended(c->game, me)));
        }
    }
    return j;
}

/* The common part is built once per version of the class and copied
 * (deep: a reply is freed on another thread, outside the lock, so no JSON
 * value is ever shared between replies) into every view of that version;
 * the part of a state is added per request. */
static json_t *session_json(cn_class *c, int me, int with_points)
{
    if (c->cache == NULL || c->cache_version != c->version) {
        json_decref(c->cache);
        c->cache = session_build(c, 1);
        c->cache_version = c->version;
    }
    json_t *j = json_object();
    const char *key;
    json_t *v;
    json_object_foreach(c->cache, key, v) {
        if (with_points || strcmp(key, "points") != 0)
            json_object_set_new(j, key, json_deep_copy(v));
    }
    if (me >= 0) {
        json_t *mine = member_part(c, me);
        json_object_update(j, mine);
        json_decref(mine);
    }
    return j;
}

static json_t *blocs_of(const cn_scenario *s, int i)
{
    json_t *a = json_array();
    for (int b = 0; b < s->n_blocs; b++)
        for (int m = 0; m < s->blocs[b].n_members; m++)
            if (s->blocs[b].members[m] == i)
                json_array_append_new(a, json_string(s->blocs[b].name));
    return a;
}

static int in_bloc(const cn_scenario *s, int b, int i)
{
    for (int m = 0; m < s->blocs[b].n_members; m++)
        if (s->blocs[b].members[m] == i)
            return 1;
    return 0;
}

/* The results of the sessions so far (the game's trace). */
static json_t *results_json(const cn_class *c)
{
    json_t *a = json_array();
    if (!c->started)
        return a;
    int n;
    const cn_game_event *ev = cn_game_events(c->game, &n);
    for (int t = 0; t < n; t++) {
        if (ev[t].kind != CN_TRACE_VOTES)
            continue;
        const char *res = "failed";
        if (c->s->forums[ev[t].forum].rule == CN_RULE_ELECTION)
            res = ev[t].yes > ev[t].no   ? "first candidate elected"
                  : ev[t].no > ev[t].yes ? "second candidate elected"
                                         : "tie: another ballot";
        else if (t + 1 < n && ev[t + 1].kind == CN_TRACE_ADOPTED)
            res = "adopted";
        json_array_append_new(
            a, json_pack("{s:s,s:i,s:i,s:i,s:i,s:i,s:s}", "forum",
                         c->s->forums[ev[t].forum].name, "session", ev[t].session, "round",
                         ev[t].round, "yes", ev[t].yes, "no", ev[t].no, "abstain", ev[t].abstain,
                         "result", res));
    }
    return a;
}

static json_t *entry_json(const cn_class *c, const entry *e)
{
    (void)c;
    return json_pack("{s:I,s:f,s:s,s:s}", "seq", (json_int_t)e->seq, "t", e->t, "kind", e->kind,
                     "words", e->words);
}

/* News and messages a seat may read (its state, its blocs; news for all). */
static json_t *feed_json(const cn_class *c, int me)
{
    json_t *a = json_array();
    int shown = 0;
    for (int t = c->n_log - 1; t >= 0 && shown < CL_MSG_VIEW; t--) {
        const entry *e = &c->log[t];
        int keep = 0;
        if (strcmp(e->kind, "news") == 0 || strcmp(e->kind, "start") == 0 ||
            strcmp(e->kind, "advance") == 0 || strcmp(e->kind, "pause") == 0 ||
            strcmp(e->kind, "resume") == 0)
            keep = 1;
        else if (strcmp(e->kind, "message") == 0 && me >= 0)
            keep = e->from == me || e->to_state == me ||
                   (e->to_bloc >= 0 && in_bloc(c->s, e->to_bloc, me));
        if (!keep)
            continue;
        json_array_insert_new(a, 0, entry_json(c, e));
        shown++;
    }
    return a;
}

static void common(const cn_class *c, json_t *j)
{
    char desc[sizeof c->s->description];
    cn_game_public_description(c->s, desc, sizeof desc);
    json_object_set_new(j, "phase", json_string(phase_name(c)));
    json_object_set_new(j, "paused", json_boolean(c->paused));
    json_object_set_new(j, "version", json_integer(c->version));
    json_object_set_new(j, "scenario", json_pack("{s:s,s:s}", "name", c->s->name,
                                                 "description", desc));
    double left = countdown(c);
    json_object_set_new(j, "countdown", left >= 0.0 ? json_integer((json_int_t)ceil(left))
                                                    : json_null());
    json_object_set_new(j, "debrief_ready", json_boolean(c->debrief != NULL));
}

static json_t *view_me(cn_class *c, int i)
{
    const cn_scenario *s = c->s;
    const seat *st = &c->seats[i];
    json_t *j = json_object();
    common(c, j);
    json_object_set_new(j, "choose", json_boolean(c->choose));
    json_t *me = json_pack("{s:i,s:s}", "seat", i, "name", st->name);
    if (st->state >= 0) {
        json_object_set_new(me, "code", json_string(s->states[st->state].code));
        json_object_set_new(me, "state", json_string(sname(s, st->state)));
        json_object_set_new(me, "blocs", blocs_of(s, st->state));
        json_object_set_new(me, "budget",
                            num(c->started ? cn_game_seat_budget(c->game, st->state) : c->budget));
        json_t *forums = json_array();
        for (int f = 0; f < s->n_forums; f++)
            if (c->started && is_member(c->game, f, st->state))
                json_array_append_new(forums, json_string(s->forums[f].name));
        json_object_set_new(me, "forums", forums);
    }
    json_object_set_new(j, "me", me);
    if (in_session(c))
        json_object_set_new(j, "session", session_json(c, st->state, st->state >= 0));
    json_object_set_new(j, "feed", feed_json(c, st->state));
    json_object_set_new(j, "results", results_json(c));
    return j;
}

static json_t *view_states(const cn_class *c)
{
    const cn_scenario *s = c->s;
    json_t *a = json_array();
    for (int i = 0; i < s->n_states; i++) {
        json_t *b = blocs_of(s, i);
        json_array_append_new(a, json_pack("{s:s,s:s,s:s,s:o,s:b,s:o}", "code", s->states[i].code,
                                           "name", sname(s, i), "group", s->states[i].group,
                                           "blocs", b, "taken", c->holder[i] >= 0, "cap",
                                           num(s->states[i].capability)));
    }
    json_t *blocs = json_array();
    for (int b = 0; b < s->n_blocs; b++)
        json_array_append_new(blocs, json_pack("{s:s,s:i}", "name", s->blocs[b].name, "members",
                                               s->blocs[b].n_members));
    return json_pack("{s:o,s:o}", "states", a, "blocs", blocs);
}

static json_t *view_teacher(cn_class *c)
{
    const cn_scenario *s = c->s;
    json_t *j = json_object();
    common(c, j);
    json_object_set_new(j, "code", json_string(c->code));
    json_object_set_new(j, "setup", json_pack("{s:I,s:f,s:s,s:f}", "seed", (json_int_t)c->seed,
                                              "minutes", c->session_seconds / 60.0, "mode",
                                              c->choose ? "choose" : "assign", "budget",
                                              c->budget));
    int pause = c->started ? cn_game_pauses(c->game) : 0;
    int f = in_session(c) ? cn_game_forum(c->game) : -1;
    json_t *seats = json_array();
    int acted = 0, sitting = 0;
    for (int i = 0; i < c->n_seats; i++) {
        const seat *st = &c->seats[i];
        json_t *o = json_pack("{s:i,s:s,s:b,s:i}", "seat", i, "name", st->name, "closed",
                              st->closed, "moves", st->moves);
        if (st->state >= 0) {
            json_object_set_new(o, "code", json_string(s->states[st->state].code));
            json_object_set_new(o, "state", json_string(sname(s, st->state)));
        }
        if (f >= 0 && st->state >= 0 && is_member(c->game, f, st->state)) {
            int v = cn_game_seat_vote(c->game, st->state);
            int a = st->acted_pause == pause;
            json_object_set_new(o, "sits", json_true());
            json_object_set_new(o, "acted", json_boolean(a));
            json_object_set_new(o, "vote", v == CN_VOTE_NONE ? json_null()
                                                             : json_string(vote_name(v)));
            sitting++;
            acted += a;
        }
        json_array_append_new(seats, o);
    }
    json_object_set_new(j, "seats", seats);
    json_object_set_new(j, "n_sitting", json_integer(sitting));
    json_object_set_new(j, "n_acted", json_integer(acted));
    if (in_session(c))
        json_object_set_new(j, "session", session_json(c, -1, 0));
    json_t *tail = json_array();
    for (int t = c->n_log > CL_TAIL ? c->n_log - CL_TAIL : 0; t < c->n_log; t++)
        json_array_append_new(tail, entry_json(c, &c->log[t]));
    json_object_set_new(j, "log", tail);
    json_object_set_new(j, "results", results_json(c));
    return j;
}

/* States a class knows first, in the order their labels are placed: the
 * veto holders, the G7 and BRICS and a few others a class meets, the
 * students' states, then the most capable, up to CL_LABELS. */
static json_t *labels_json(const cn_class *c)
{
    const cn_scenario *s = c->s;
    static const char *const known[] = {"USA", "CHN", "RUS", "GBR", "FRA", "DEU", "JPN",
                                        "IND", "BRA", "ZAF", "ITA", "CAN", "KEN", "EGY"};
    unsigned char *on = calloc((size_t)s->n_states + 1, 1);
    int *order = malloc(((size_t)s->n_states + 1) * sizeof *order);
    json_t *a = json_array();
    if (on == NULL || order == NULL) {
        free(on);
        free(order);
        return a;
    }
    int n = 0;
#define CL_LABEL(i)                                                                        \
    do {                                                                                   \
        if ((i) >= 0 && !on[(i)] && n < CL_LABELS) {                                       \
            on[(i)] = 1;                                                                   \
            n++;                                                                           \
            json_array_append_new(a, json_string(s->states[(i)].code));                    \
        }                                                                                  \
    } while (0)
    for (int i = 0; i < s->n_states; i++)
        if (s->states[i].veto)
            CL_LABEL(i);
    for (size_t k = 0; k < sizeof known / sizeof known[0]; k++)
        CL_LABEL(cn_scenario_state(s, known[k]));
    for (int i = 0; i < s->n_states; i++)
        if (c->holder[i] >= 0)
            CL_LABEL(i);
    for (int i = 0; i < s->n_states; i++)
        order[i] = i;
    /* by capability, largest first (insertion sort: a few hundred states) */
    for (int a1 = 1; a1 < s->n_states; a1++) {
        int v = order[a1], b = a1;
        while (b > 0 && s->states[order[b - 1]].capability < s->states[v].capability) {
            order[b] = order[b - 1];
            b--;
        }
        order[b] = v;
    }
    for (int t = 0; t < s->n_states; t++)
        CL_LABEL(order[t]);
#undef CL_LABEL
    free(on);
    free(order);
    return a;
}

static json_t *view_projector(cn_class *c)
{
    const cn_scenario *s = c->s;
    json_t *j = json_object();
    common(c, j);
    json_object_set_new(j, "code", json_string(c->code));
    json_object_set_new(j, "dims", dims_json(s, in_session(c) ? cn_game_forum(c->game) : -1));
    json_object_set_new(j, "labels", labels_json(c));
    int seated = 0;
    for (int i = 0; i < c->n_seats; i++)
        seated += !c->seats[i].closed;
    json_object_set_new(j, "students", json_integer(seated));
    if (in_session(c)) {
        json_object_set_new(j, "session", session_json(c, -1, 1));
    } else {
        /* every state where it stands: the anchors before the start, the end after */
        const cn_world *w = c->started ? cn_game_world(c->game) : NULL;
        json_t *pts = json_array();
        for (int i = 0; i < s->n_states; i++) {
            const double *x = w != NULL ? w->x + (size_t)i * (size_t)w->d : s->states[i].ideal;
            json_array_append_new(
                pts, json_pack("{s:s,s:s,s:o,s:o,s:s,s:o,s:b}", "c", s->states[i].code, "n",
                               sname(s, i), "x", num(x[0]), "y", num(s->n_dims > 1 ? x[1] : 0.5),
                               "v", "", "cap", num(s->states[i].capability), "seated",
                               c->holder[i] >= 0));
        }
        json_object_set_new(j, "points", pts);
    }
    json_object_set_new(j, "results", results_json(c));
    json_t *news = json_array();
    for (int t = 0; t < c->n_log; t++)
        if (strcmp(c->log[t].kind, "news") == 0)
            json_array_append_new(news, entry_json(c, &c->log[t]));
    json_object_set_new(j, "news", news);
    return j;
}

static const cn_unvote *unvote_of(const char *code)
{
    for (int k = 0; k < cn_n_unvotes; k++)
        if (strcmp(cn_unvotes[k].code, code) == 0)
            return &cn_unvotes[k];
    return NULL;
}

/* The role brief of state i (the scenario's anchors: what the state wants
 * before any negotiation). */
/* A brief's allies (states sharing a bloc, nearest first), near states
 * and, the other side, the most capable states far from state i. */
static void brief_neighbours(const cn_scenario *s, int i, json_t *j)
{
    const cn_state *st = &s->states[i];
    const int d = s->n_dims;
    int *idx = malloc(((size_t)s->n_states + 1) * sizeof *idx);
    double *dist = malloc(((size_t)s->n_states + 1) * sizeof *dist);
    if (idx != NULL && dist != NULL) {
        int n = 0;
        for (int k = 0; k < s->n_states; k++) {
            if (k == i)
                continue;
            double t = 0.0;
            for (int m = 0; m < d; m++)
                t += (s->states[k].ideal[m] - st->ideal[m]) * (s->states[k].ideal[m] - st->ideal[m]);
            dist[k] = sqrt(t);
            idx[n++] = k;
        }
        for (int a1 = 1; a1 < n; a1++) {
            int v = idx[a1], b = a1;
            while (b > 0 && (dist[idx[b - 1]] > dist[v] ||
                             (dist[idx[b - 1]] == dist[v] &&
                              s->states[idx[b - 1]].capability < s->states[v].capability))) {
                idx[b] = idx[b - 1];
                b--;
            }
            idx[b] = v;
        }
        json_t *allies = json_array(), *near = json_array(), *far = json_array();
        for (int t = 0; t < n; t++) {
            int k = idx[t];
            int shares = 0;
            for (int b = 0; b < s->n_blocs && !shares; b++)
                shares = in_bloc(s, b, i) && in_bloc(s, b, k);
            if (shares && json_array_size(allies) < 8)
                json_array_append_new(allies, json_string(sname(s, k)));
            if (json_array_size(near) < 6 && dist[k] < s->model.epsilon)
                json_array_append_new(near, json_string(sname(s, k)));
        }
        /* the most capable states far from it: the other side */
        int *bycap = malloc(((size_t)n + 1) * sizeof *bycap);
        if (bycap != NULL) {
            memcpy(bycap, idx, (size_t)n * sizeof *bycap);
            for (int a1 = 1; a1 < n; a1++) {
                int v = bycap[a1], b = a1;
                while (b > 0 && s->states[bycap[b - 1]].capability < s->states[v].capability) {
                    bycap[b] = bycap[b - 1];
                    b--;
                }
                bycap[b] = v;
            }
            for (int t = 0; t < n && json_array_size(far) < 4; t++)
                if (dist[bycap[t]] > 0.3)
                    json_array_append_new(far, json_string(sname(s, bycap[t])));
            free(bycap);
        }
        json_object_set_new(j, "allies", allies);
        json_object_set_new(j, "near", near);
        json_object_set_new(j, "far", far);
    }
    free(idx);
    free(dist);
}

/* A brief's red lines: on each dimension, with the others at its
 * position, the values at which a text is worse for the state than no
 * agreement (buf: scratch). */
static json_t *brief_red_lines(const cn_scenario *s, const cn_state *st, char *buf, size_t size)
{
    const int d = s->n_dims;
    double sq = cn_decision_utility(st->ideal, st->salience, s->model.status_quo, d, s->model.p);
    json_t *red = json_array();
    for (int k = 0; k < d; k++) {
        if (!(st->salience[k] > 0.0) || !(sq < 0.0))
            continue;
        double r = pow(-sq / st->salience[k], 1.0 / s->model.p);
        double lo = st->ideal[k] - r, hi = st->ideal[k] + r;
        char lab_lo[CN_TEXT_LEN], lab_hi[CN_TEXT_LEN];
        cn_narrate_label(&s->dims[k], 0, lab_lo, sizeof lab_lo);
        cn_narrate_label(&s->dims[k], 1, lab_hi, sizeof lab_hi);
        buf[0] = '\0';
        if (lo > 0.0)
            cn_narrate_cat(buf, size, "%s below %.2f (too far toward %s)", s->dims[k].name, lo, lab_lo);
        if (hi < 1.0)
            cn_narrate_cat(buf, size, "%s%s above %.2f (too far toward %s)", buf[0] ? "; " : "",
                s->dims[k].name, hi, lab_hi);
        if (buf[0] != '\0')
            json_array_append_new(red, json_string(buf));
    }
    return red;
}

/* A brief's forums: each one's rule, whether state i sits, its sessions. */
static json_t *brief_forums(const cn_scenario *s, int i)
{
    json_t *forums = json_array();
    for (int f = 0; f < s->n_forums; f++) {
        const cn_forum *fo = &s->forums[f];
        int member = fo->draw_size > 0 ? -1 : 0;
        for (int m = 0; m < fo->n_members; m++)
            if (fo->members[m] == i)
                member = 1;
        char rw[256];
        json_array_append_new(
            forums, json_pack("{s:s,s:s,s:s,s:i}", "name", fo->name, "rule",
                              rule_words(fo, rw, sizeof rw), "sits",
                              member == 1 ? "yes" : member == 0 ? "no" : "if drawn",
                              "sessions", fo->sessions));
    }
    return forums;
}

static json_t *view_brief(const cn_class *c, int i)
{
    const cn_scenario *s = c->s;
    const cn_state *st = &s->states[i];
    const int d = s->n_dims;
    char buf[CL_WORDS * 2];
    json_t *j = json_object();
    json_object_set_new(j, "code", json_string(st->code));
    json_object_set_new(j, "name", json_string(sname(s, i)));
    json_object_set_new(j, "group", json_string(st->group));
    json_object_set_new(j, "scenario", json_string(s->name));
    json_object_set_new(j, "position", vec(st->ideal, d));
    json_object_set_new(j, "position_words", words_of(s, st->ideal));
    json_object_set_new(j, "dims", dims_json(s, -1));
    json_object_set_new(j, "blocs", blocs_of(s, i));
    /* capability rank */
    int rank = 1;
    for (int k = 0; k < s->n_states; k++)
        rank += s->states[k].capability > st->capability;
    snprintf(buf, sizeof buf, "%s ranks %d of %d states in capability (%.2f)%s.", sname(s, i),
             rank, s->n_states, st->capability,
             st->veto ? " and holds a veto in the Security Council" : "");
    json_object_set_new(j, "weight", json_string(buf));
    brief_neighbours(s, i, j);
    /* real votes */
    const cn_unvote *uv = unvote_of(st->code);
    if (uv != NULL)
        json_object_set_new(j, "votes", json_pack("{s:s,s:s}", "A/RES/73/27", uv->v27,
                                                  "A/RES/73/266", uv->v266));
    json_t *red = brief_red_lines(s, st, buf, sizeof buf);
    json_object_set_new(j, "red_lines", red);
    snprintf(buf, sizeof buf,
             "Bring home a text as close as you can to your position (%s). Every adopted text "
             "scores for you its gain over no agreement; a text beyond your red lines scores "
             "below zero, and then no agreement is better. Your score at the end is compared "
             "with the model playing your state alone.",
             json_string_value(json_object_get(j, "position_words")));
    json_object_set_new(j, "goals", json_string(buf));
    json_t *forums = brief_forums(s, i);
    json_object_set_new(j, "forums", forums);
    return j;
}

static json_t *view_debrief(const cn_class *c)
{
    json_t *j = json_object();
    common(c, j);
    if (c->debrief == NULL) {
        json_object_set_new(j, "ready", json_false());
        return j;
    }
    json_object_set_new(j, "ready", json_true());
    json_object_set_new(j, "result", json_deep_copy(c->debrief));
    json_t *tr = json_array();
    for (int t = 0; t < c->n_log; t++)
        json_array_append_new(tr, entry_json(c, &c->log[t]));
    json_object_set_new(j, "transcript", tr);
    json_object_set_new(j, "results", results_json(c));
    json_object_set_new(j, "real", json_string(c->real));
    json_object_set_new(j, "description", json_string(c->s->description));
    json_t *seats = json_array();
    for (int i = 0; i < c->n_seats; i++)
        json_array_append_new(seats, json_pack("{s:s,s:s?,s:i}", "name", c->seats[i].name, "code",
                                               c->seats[i].state >= 0
                                                   ? c->s->states[c->seats[i].state].code
                                                   : NULL,
                                               "moves", c->seats[i].moves));
    json_object_set_new(j, "seats", seats);
    return j;
}

/* ---- requests ------------------------------------------------------------ */

enum { ROLE_NONE = 0, ROLE_SEAT, ROLE_TEACHER, ROLE_VIEWER };

/* Token bucket: 1 if a request may pass now. */
static int bucket_take(const cn_class *c, double *bucket, double *t)
{
    double now = now_mono();
    *bucket += (now - *t) * c->o.rate;
    if (*bucket > c->o.burst)
        *bucket = c->o.burst;
    *t = now;
    if (*bucket < 1.0)
        return 0;
    *bucket -= 1.0;
    return 1;
}

static int client_take(cn_class *c, const char *addr)
{
    for (int k = 0; k < CL_CLIENTS; k++)
        if (c->clients[k].addr[0] != '\0' && strcmp(c->clients[k].addr, addr) == 0)
            return bucket_take(c, &c->clients[k].bucket, &c->clients[k].bucket_t);
    client *cl = &c->clients[c->next_client];
    c->next_client = (c->next_client + 1) % CL_CLIENTS;
    snprintf(cl->addr, sizeof cl->addr, "%s", addr);
    cl->bucket = c->o.burst;
    cl->bucket_t = now_mono();
    return bucket_take(c, &cl->bucket, &cl->bucket_t);
}

/* A state named in the request: by index, code or name. */
static int state_arg(const cn_class *c, const json_t *body, const char *key, int *out,
                     json_t **reply)
{
    json_t *v = json_object_get(body, key);
    if (v == NULL || json_is_null(v)) {
        *out = -1;
        return 0;
    }
    if (!json_is_string(v)) {
        *reply = error_reply("%s: a state's name or code, as text.", key);
        return 400;
    }
    int sugg[CN_STATENAME_SUGGEST];
    int i = cn_statename_find(c->s, json_string_value(v), sugg);
    if (i < 0) {
        char hint[512];
        cn_statename_hint(c->s, sugg, hint, sizeof hint);
        *reply = error_reply("No state '%.80s'%s", json_string_value(v),
                             hint[0] != '\0' ? hint : ".");
        return 400;
    }
    *out = i;
    return 0;
}

static int reply_result(const result *r, json_t **reply, json_t *ok)
{
    if (r->status != 0) {
        json_decref(ok);
        *reply = json_pack("{s:s}", "error", r->err);
        return r->status;
    }
    *reply = ok != NULL ? ok : json_pack("{s:b}", "ok", 1);
    return 200;
}

static int do_commit(cn_class *c, const char *kind, json_t *rec, json_t **reply, json_t *ok)
{
    result r;
    if (rec == NULL) {
        json_decref(ok);
        *reply = error_reply("Out of memory.");
        return 500;
    }
    commit(c, kind, rec, &r, now_wall());
    json_decref(rec);
    return reply_result(&r, reply, ok);
}

static int handle_join(cn_class *c, const json_t *body, json_t **reply)
{
    const char *code = rec_str(body, "code"), *name = rec_str(body, "name");
    if (code == NULL || name == NULL) {
        *reply = error_reply("Send the class code and your name.");
        return 400;
    }
    if (strcasecmp(code, c->code) != 0) {
        *reply = error_reply("That is not the class code: check it with your teacher.");
        return 403;
    }
    while (*name == ' ')
        name++;
    size_t n = strlen(name);
    while (n > 0 && name[n - 1] == ' ')
        n--;
    if (n == 0 || n > CN_CLASS_NAME_LEN || !clean_text(name, 0)) {
        *reply = error_reply("Your name: 1 to %d characters, no control characters.",
                             CN_CLASS_NAME_LEN);
        return 400;
    }
    char token[CN_CLASS_TOKEN], nm[CN_CLASS_NAME_LEN + 1];
    snprintf(nm, sizeof nm, "%.*s", (int)n, name);
    if (new_token(token) != CN_OK) {
        *reply = error_reply("No random numbers from the kernel.");
        return 500;
    }
    int seat_i = c->n_seats;
    json_t *rec = json_pack("{s:s,s:s}", "token", token, "name", nm);
    return do_commit(c, "join", rec, reply,
                     json_pack("{s:s,s:i,s:s}", "token", token, "seat", seat_i, "name", nm));
}

static int vote_of(const char *w)
{
    if (w == NULL)
        return -1;
    if (strcmp(w, "support") == 0 || strcmp(w, "yes") == 0)
        return CN_VOTE_SUPPORT;
    if (strcmp(w, "object") == 0 || strcmp(w, "no") == 0)
        return CN_VOTE_OBJECT;
    if (strcmp(w, "abstain") == 0)
        return CN_VOTE_ABSTAIN;
    if (strcmp(w, "pass") == 0)
        return CN_VOTE_NONE;
    return -1;
}

static int handle_seat(cn_class *c, int i, const char *method, const char *what,
                       const json_t *body, json_t **reply)
{
    const cn_scenario *s = c->s;
    int post = strcmp(method, "POST") == 0, rc;
    if (!post && strcmp(what, "me") == 0) {
        *reply = view_me(c, i);
        return 200;
    }
    if (!post)
        goto unknown;
    if (strcmp(what, "choose") == 0) {
        int st;
        if ((rc = state_arg(c, body, "state", &st, reply)) != 0)
            return rc;
        if (st < 0) {
            *reply = error_reply("state: which state will you play?");
            return 400;
        }
        if (!c->choose) {
            *reply = error_reply("Your teacher assigns the states in this class.");
            return 403;
        }
        return do_commit(c, "choose", json_pack("{s:i,s:i}", "seat", i, "state", st), reply,
                         NULL);
    }
    if (strcmp(what, "vote") == 0) {
        int v = vote_of(rec_str(body, "vote"));
        if (v < 0) {
            *reply = error_reply("vote: support, object, abstain or pass.");
            return 400;
        }
        return do_commit(c, "vote", json_pack("{s:i,s:i}", "seat", i, "vote", v), reply, NULL);
    }
    if (strcmp(what, "amend") == 0) {
        const char *dim = rec_str(body, "dim"), *dir = rec_str(body, "dir");
        int k = dim != NULL ? cn_scenario_dim(s, dim) : -1;
        int dd = dir == NULL ? 0 : strcmp(dir, "up") == 0 ? 1 : strcmp(dir, "down") == 0 ? -1 : 0;
        if (k < 0 || dd == 0) {
            *reply = error_reply("amend: {dim: a dimension's name, dir: up or down}.");
            return 400;
        }
        return do_commit(c, "amend", json_pack("{s:i,s:i,s:i}", "seat", i, "dim", k, "dir", dd),
                         reply, NULL);
    }
    if (strcmp(what, "campaign") == 0) {
        int t;
        if ((rc = state_arg(c, body, "state", &t, reply)) != 0)
            return rc;
        double amount = rec_num(body, "amount", 1.0);
        json_t *a = json_object_get(body, "amount");
        if (t < 0 || (a != NULL && !json_is_number(a))) {
            *reply = error_reply("campaign: {state, amount (a number, default 1)}.");
            return 400;
        }
        return do_commit(c, "campaign",
                         json_pack("{s:i,s:i,s:f}", "seat", i, "target", t, "amount", amount),
                         reply, NULL);
    }
    if (strcmp(what, "message") == 0) {
        const char *to = rec_str(body, "to"), *text = rec_str(body, "text");
        if (to == NULL || text == NULL) {
            *reply = error_reply("message: {to: a state or 'bloc:NAME', text}.");
            return 400;
        }
        size_t n = strlen(text);
        if (n == 0 || n > CN_CLASS_MESSAGE_LEN || !clean_text(text, 1)) {
            *reply = error_reply("A message: 1 to %d characters, no control characters.",
                                 CN_CLASS_MESSAGE_LEN);
            return 400;
        }
        int me = c->seats[i].state, to_state = -1, to_bloc = -1;
        if (me < 0) {
            *reply = error_reply("Choose your state first.");
            return 409;
        }
        if (strncmp(to, "bloc:", 5) == 0) {
            to_bloc = cn_scenario_bloc(s, to + 5);
            if (to_bloc < 0 || !in_bloc(s, to_bloc, me)) {
                *reply = error_reply("You can write to the blocs your state belongs to only.");
                return 403;
            }
        } else {
            json_t *tmp = json_pack("{s:s}", "to", to);
            rc = state_arg(c, tmp, "to", &to_state, reply);
            json_decref(tmp);
            if (rc != 0)
                return rc;
            if (to_state == me) {
                *reply = error_reply("Write to another delegation.");
                return 400;
            }
        }
        return do_commit(c, "message",
                         json_pack("{s:i,s:i,s:i,s:s}", "seat", i, "to_state", to_state,
                                   "to_bloc", to_bloc, "text", text),
                         reply, NULL);
    }
unknown:
    *reply = error_reply("No such request for a student: %s %s.", method, what);
    return 404;
}

/* POST /api/setup: the seed, the minutes per session, the budget, the mode. */
static int teacher_setup(cn_class *c, const json_t *body, json_t **reply)
{
    json_t *rec = json_object();
    static const char *const keys[] = {"seed", "minutes", "budget"};
    for (size_t k = 0; k < 3; k++) {
        json_t *v = json_object_get(body, keys[k]);
        if (v == NULL)
            continue;
        if (!json_is_number(v)) {
            json_decref(rec);
            *reply = error_reply("%s: a number.", keys[k]);
            return 400;
        }
        json_object_set(rec, keys[k], v);
    }
    json_t *mode = json_object_get(body, "mode");
    if (mode != NULL)
        json_object_set(rec, "mode", mode);
    return do_commit(c, "setup", rec, reply, NULL);
}

/* Every seat without a state gets one, drawn among the most capable free
 * states (of bloc, when >= 0): a class knows them. */
static int assign_free_seats(cn_class *c, int bloc, json_t **reply)
{
    const cn_scenario *s = c->s;
    int *pool = malloc(((size_t)s->n_states + 1) * sizeof *pool);
    if (pool == NULL) {
        *reply = error_reply("Out of memory.");
        return 500;
    }
    int n = 0;
    for (int i = 0; i < s->n_states; i++)
        if (c->holder[i] < 0 && (bloc < 0 || in_bloc(s, bloc, i)))
            pool[n++] = i;
    /* the most capable first: a class knows them */
    for (int a1 = 1; a1 < n; a1++) {
        int v = pool[a1], b = a1;
        while (b > 0 && s->states[pool[b - 1]].capability < s->states[v].capability) {
            pool[b] = pool[b - 1];
            b--;
        }
        pool[b] = v;
    }
    int need = 0;
    for (int i = 0; i < c->n_seats; i++)
        need += !c->seats[i].closed && c->seats[i].state < 0;
    int from = n < 2 * need + 10 ? n : 2 * need + 10; /* draw among the top ones */
    int done = 0;
    for (int i = 0; i < c->n_seats && from > 0; i++) {
        if (c->seats[i].closed || c->seats[i].state >= 0)
            continue;
        unsigned char rb[4];
        if (random_bytes(rb, sizeof rb) != CN_OK)
            break;
        unsigned long u = ((unsigned long)rb[0] << 24) | ((unsigned long)rb[1] << 16) |
                          ((unsigned long)rb[2] << 8) | rb[3];
        int k = (int)(u % (unsigned long)from);
        int st = pool[k];
        pool[k] = pool[--from];
        json_t *ign = NULL;
        int rc = do_commit(c, "assign", json_pack("{s:i,s:i}", "seat", i, "state", st), &ign,
                           NULL);
        json_decref(ign);
        if (rc == 200)
            done++;
    }
    free(pool);
    *reply = json_pack("{s:b,s:i}", "ok", 1, "assigned", done);
    return 200;
}

/* POST /api/assign: {seat, state}, or {mode: random} / {mode: bloc, bloc}. */
static int teacher_assign(cn_class *c, const json_t *body, json_t **reply)
{
    int rc;
    const char *mode = rec_str(body, "mode");
    if (mode == NULL) {
        json_t *sv = json_object_get(body, "seat");
        int st;
        if (!json_is_integer(sv)) {
            *reply = error_reply("assign: {seat, state} or {mode: random|bloc}.");
            return 400;
        }
        if ((rc = state_arg(c, body, "state", &st, reply)) != 0)
            return rc;
        return do_commit(c, "assign",
                         json_pack("{s:i,s:i}", "seat", (int)json_integer_value(sv), "state",
                                   st),
                         reply, NULL);
    }
    /* random or by bloc: every seat without a state gets one */
    int bloc = -1;
    if (strcmp(mode, "bloc") == 0) {
        const char *b = rec_str(body, "bloc");
        bloc = b != NULL ? cn_scenario_bloc(c->s, b) : -1;
        if (bloc < 0) {
            *reply = error_reply("bloc: the name of one of the scenario's blocs.");
            return 400;
        }
    } else if (strcmp(mode, "random") != 0) {
        *reply = error_reply("mode: random or bloc.");
        return 400;
    }
    return assign_free_seats(c, bloc, reply);
}

/* POST /api/news: {kind: incident|leak|shame, state, target}. */
static int teacher_news(cn_class *c, const json_t *body, json_t **reply)
{
    int rc;
    const char *kind = rec_str(body, "kind");
    int a, b;
    if (kind == NULL) {
        *reply = error_reply("news: {kind: incident|leak|shame, state, target}.");
        return 400;
    }
    if ((rc = state_arg(c, body, "state", &a, reply)) != 0 ||
        (rc = state_arg(c, body, "target", &b, reply)) != 0)
        return rc;
    if (a < 0) {
        *reply = error_reply("state: the victim (incident), the author (leak) or the "
                             "accuser (shame).");
        return 400;
    }
    return do_commit(c, "news", json_pack("{s:s,s:i,s:i}", "kind", kind, "a", a, "b", b),
                     reply, NULL);
}

static int handle_teacher(cn_class *c, const char *method, const char *what,
                          const json_t *body, json_t **reply)
{
    int post = strcmp(method, "POST") == 0;
    if (!post && strcmp(what, "teacher") == 0) {
        *reply = view_teacher(c);
        return 200;
    }
    if (!post)
        goto unknown;
    if (strcmp(what, "setup") == 0)
        return teacher_setup(c, body, reply);
    if (strcmp(what, "assign") == 0)
        return teacher_assign(c, body, reply);
    if (strcmp(what, "kick") == 0) {
        json_t *sv = json_object_get(body, "seat");
        if (!json_is_integer(sv)) {
            *reply = error_reply("kick: {seat}.");
            return 400;
        }
        return do_commit(c, "kick", json_pack("{s:i}", "seat", (int)json_integer_value(sv)),
                         reply, NULL);
    }
    if (strcmp(what, "start") == 0 || strcmp(what, "pause") == 0 ||
        strcmp(what, "resume") == 0)
        return do_commit(c, what, json_object(), reply, NULL);
    if (strcmp(what, "advance") == 0)
        return do_commit(c, "advance", json_pack("{s:s}", "by", "teacher"), reply, NULL);
    if (strcmp(what, "timer") == 0) {
        json_t *m = json_object_get(body, "minutes");
        if (!json_is_number(m)) {
            *reply = error_reply("timer: {minutes}.");
            return 400;
        }
        return do_commit(c, "timer",
                         json_pack("{s:f}", "seconds", 60.0 * json_number_value(m)), reply, NULL);
    }
    if (strcmp(what, "news") == 0)
        return teacher_news(c, body, reply);
unknown:
    *reply = error_reply("No such request: %s /api/%s.", method, what);
    return 404;
}

/* The role of token: the teacher, the projector (viewer), a seat (*seat)
 * or none. */
static int who_asks(const cn_class *c, const char *token, int *seat)
{
    *seat = -1;
    if (token == NULL || token[0] == '\0')
        return ROLE_NONE;
    if (token_eq(token, c->teacher))
        return ROLE_TEACHER;
    if (token_eq(token, c->viewer))
        return ROLE_VIEWER;
    for (int i = 0; i < c->n_seats; i++)
        if (token_eq(token, c->seats[i].token)) {
            *seat = i;
            return ROLE_SEAT;
        }
    return ROLE_NONE;
}

/* GET of a view every role reads (states, debrief, a brief, projector):
 * the status, or 0 when what is none of them. */
static int handle_view(cn_class *c, int role, int seat_i, const char *what, json_t **reply)
{
    if (strcmp(what, "states") == 0) {
        *reply = view_states(c);
        return 200;
    }
    if (strcmp(what, "debrief") == 0) {
        if (!over(c)) {
            *reply = error_reply("The debrief comes when the game is over.");
            return 409;
        }
        *reply = view_debrief(c);
        return 200;
    }
    if (strncmp(what, "brief/", 6) == 0) {
        int sugg[CN_STATENAME_SUGGEST];
        int st = cn_statename_find(c->s, what + 6, sugg);
        if (st < 0) {
            *reply = error_reply("No such state.");
            return 404;
        }
        if (role == ROLE_SEAT && c->seats[seat_i].state != st) {
            *reply = error_reply("A student reads their own state's brief only.");
            return 403;
        }
        *reply = view_brief(c, st);
        return 200;
    }
    if (strcmp(what, "projector") == 0) {
        if (role == ROLE_SEAT) {
            *reply = error_reply("The projector's view is the teacher's.");
            return 403;
        }
        *reply = view_projector(c);
        return 200;
    }
    return 0;
}

/* A request, under the class's lock: the rate limits, joining, then who
 * may do what. */
static int route(cn_class *c, const char *method, const char *what, const char *token,
                 const char *client, const json_t *in, json_t **reply)
{
    int post = strcmp(method, "POST") == 0, seat_i, status;
    int role = who_asks(c, token, &seat_i);
    /* rate limits: per seat, else per client address */
    int allowed = role == ROLE_SEAT
                      ? bucket_take(c, &c->seats[seat_i].bucket, &c->seats[seat_i].bucket_t)
                  : role == ROLE_NONE ? client_take(c, client != NULL ? client : "?")
                                      : 1;
    if (!allowed) {
        *reply = error_reply("Too many requests: slow down.");
        return 429;
    }
    if (strcmp(what, "join") == 0) {
        if (post)
            return handle_join(c, in, reply);
        *reply = error_reply("POST /api/join {code, name}.");
        return 405;
    }
    if (role == ROLE_NONE) {
        *reply = error_reply(token != NULL && token[0] != '\0'
                                 ? "Unknown token: join the class again with its code."
                                 : "Join the class first (no token).");
        return 401;
    }
    if (role == ROLE_SEAT && c->seats[seat_i].closed) {
        *reply = error_reply("This seat was closed by the teacher: join again with the code.");
        return 401;
    }
    if (!post && (status = handle_view(c, role, seat_i, what, reply)) != 0)
        return status;
    static const char *const teacher_only[] = {"teacher", "setup", "assign", "kick", "start",
                                               "pause", "resume", "advance", "timer", "news"};
    int for_teacher = 0;
    for (size_t k = 0; k < sizeof teacher_only / sizeof teacher_only[0]; k++)
        for_teacher |= strcmp(what, teacher_only[k]) == 0;
    if (for_teacher && role != ROLE_TEACHER) {
        *reply = error_reply("Only the teacher can do that.");
        return 403;
    }
    if (role == ROLE_SEAT)
        return handle_seat(c, seat_i, method, what, in, reply);
    if (role == ROLE_TEACHER)
        return handle_teacher(c, method, what, in, reply);
    *reply = error_reply("The projector's link reads; it cannot act.");
    return 403;
}

int cn_class_handle(cn_class *c, const char *method, const char *path, const char *token,
                    const char *body, size_t len, const char *client, json_t **reply)
{
    *reply = NULL;
    if (strncmp(path, "/api/", 5) != 0) {
        *reply = error_reply("Not found.");
        return 404;
    }
    const char *what = path + 5;
    int post = strcmp(method, "POST") == 0;
    if (!post && strcmp(method, "GET") != 0) {
        *reply = error_reply("Only GET and POST.");
        return 405;
    }
    json_t *in = NULL;
    if (post) {
        json_error_t err;
        in = json_loadb(body != NULL ? body : "", len, JSON_REJECT_DUPLICATES, &err);
        if (!json_is_object(in)) {
            json_decref(in);
            *reply = error_reply("The body must be a JSON object (%s).",
                                 in == NULL ? err.text : "not an object");
            return 400;
        }
    }
    pthread_mutex_lock(&c->lock);
    c->wait_seq = 0;
    int status = route(c, method, what, token, client, in, reply);
    long seq = c->wait_seq;
    pthread_mutex_unlock(&c->lock);
    json_decref(in);
    /* the reply goes once the change is on disk */
    if (seq > 0 && flush_until(c, seq) != CN_OK) {
        json_decref(*reply);
        *reply = error_reply("The class file could not be written: the change is not saved.");
        status = 500;
    }
    if (*reply == NULL) {
        *reply = error_reply("Out of memory.");
        status = 500;
    }
    return status;
}
