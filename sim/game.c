/* game.c - one class game as a steppable engine (cn_game.h).
 *
 * Ownership: the game struct and everything it points to (world,
 * generator, log, events) belong to whichever thread holds the baton.
 * The driver holds it except inside cn_game_start, cn_game_advance and
 * cn_game_free, which hand it to the replication thread and wait until it
 * comes back (the replication paused at a session, or ended).  g->m and
 * g->cv guard only the baton itself; the hand-over through them orders
 * every write of one side before every read of the other.
 */
#include "cn_game.h"

#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <gsl/gsl_rng.h>

#include "cn_decision.h"
#include "cn_error.h"
#include "cn_events.h"
#include "cn_proposal.h"
#include "cn_replication.h"
#include "cn_rng.h"

enum { BATON_DRIVER = 0, BATON_ENGINE };

struct cn_game {
    const cn_scenario *s;
    cn_game_opts o;
    cn_metrics_layout L;
    cn_world *w;
    gsl_rng *r;
    double *row;
    cn_hooks hooks;

    pthread_t thread;
    int thread_started;
    pthread_mutex_t m;
    pthread_cond_t cv;
    int baton;
    int abandon;          /* cn_game_free: the hooks do nothing from now on */

    cn_game_phase phase;
    int started;
    int forum, session;   /* the open session */
    double *text;         /* the open session's text (the world's) */
    int pauses;

    /* per state (n): seat index + 1, 0 if never seated */
    int *seat_of;
    int *active;          /* 1: a student holds it now */
    int *vote;            /* this session's choice */
    int *amended;
    double *budget;
    int *sat;
    int n_seats;
    int *seat_state;      /* seat order */

    cn_game_move *moves;
    int n_moves, cap_moves;
    cn_game_event *events;
    int n_events, cap_events;
    int status;           /* CN_ENOMEM once an append failed on the engine side */
};

void cn_game_defaults(cn_game_opts *o)
{
    memset(o, 0, sizeof *o);
    o->step = 0.1;
    o->budget = 3.0;
}

static void say(char *msg, size_t size, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static void say(char *msg, size_t size, const char *fmt, ...)
{
    if (msg == NULL || size == 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, size, fmt, ap);
    va_end(ap);
}

static const char *sname(const cn_scenario *s, int i)
{
    return s->states[i].name[0] != '\0' ? s->states[i].name : s->states[i].code;
}

static int add_move(cn_game *g, cn_game_move mv)
{
    if (g->n_moves == g->cap_moves) {
        int cap = g->cap_moves == 0 ? 64 : 2 * g->cap_moves;
        cn_game_move *p = realloc(g->moves, (size_t)cap * sizeof *p);
        if (p == NULL)
            return CN_ENOMEM;
        g->moves = p;
        g->cap_moves = cap;
    }
    mv.forum = g->forum;
    mv.session = g->session;
    g->moves[g->n_moves++] = mv;
    return CN_OK;
}

static int is_member(const cn_world *w, int f, int i)
{
    const cn_forum_state *fs = &w->fs[f];
    for (int t = 0; t < fs->n_members; t++)
        if (fs->members[t] == i)
            return 1;
    return 0;
}

static double clamp01(double v)
{
    return v < 0.0 ? 0.0 : v > 1.0 ? 1.0 : v;
}

/* ---- the mechanisms of news (shared by the game and the replay) --------- */

/* Marks state i and every state sharing a bloc with it in side[]. */
static void mark_side(const cn_world *w, int i, unsigned char *side)
{
    for (int j = 0; j < w->n; j++)
        side[j] = (unsigned char)(j == i || cn_world_share_bloc(w, i, j));
}

static void apply_shame(cn_world *w, int accuser, int accused)
{
    unsigned char *a = w->side_a, *b = w->side_b;
    mark_side(w, accuser, a);
    mark_side(w, accused, b);
    for (int j = 0; j < w->n; j++)
        if (a[j])
            b[j] = 0;
    double keep = 1.0 - w->s->events.shame;
    size_t na = (size_t)w->na;
    for (int i = 0; i < w->n; i++) {
        if (!a[i])
            continue;
        for (int j = 0; j < w->n; j++) {
            if (!b[j])
                continue;
            w->tie[(size_t)i * na + (size_t)j] *= keep;
            w->tie[(size_t)j * na + (size_t)i] *= keep;
        }
    }
    w->ties_dirty = 1;
}

/* The leaked draft of state i: text with open dimensions at i's position. */
static void leaked_text(const cn_world *w, int f, int i, const double *text, double *y)
{
    const cn_forum *fo = &w->s->forums[f];
    for (int k = 0; k < w->d; k++)
        y[k] = fo->open[k] ? w->x[i * w->d + k] : text[k];
}

/* Applies move mv to the session of forum f being decided in w (text:
 * its text); returns 1 if a leak was put to the vote. */
static int apply_move(cn_world *w, int f, double *text, const cn_game_move *mv)
{
    switch (mv->kind) {
    case CN_MOVE_VOTE:
        return 0;
    case CN_MOVE_AMEND:
        if (w->s->forums[f].open[mv->dim])
            text[mv->dim] = clamp01(text[mv->dim] + mv->value);
        return 0;
    case CN_MOVE_CAMPAIGN:
        w->tie[(size_t)mv->target * (size_t)w->na + (size_t)mv->state] += mv->value;
        w->ties_dirty = 1;
        return 0;
    case CN_MOVE_INCIDENT:
        cn_events_incident(w, mv->state, mv->target);
        cn_decision_prepare(w, f); /* the pressure changed */
        cn_world_trace(w, CN_TRACE_INCIDENT, -1, 0, mv->state, mv->target, NULL);
        return 0;
    case CN_MOVE_LEAK: {
        double y[CN_MAX_DIMS];
        leaked_text(w, f, mv->state, text, y);
        if (cn_proposal_expected_support(w, f, y) > cn_proposal_expected_support(w, f, text)) {
            memcpy(text, y, (size_t)w->d * sizeof *y);
            return 1;
        }
        return 0;
    }
    case CN_MOVE_SHAME:
        apply_shame(w, mv->state, mv->target);
        return 0;
    }
    return 0;
}

/* ---- hooks on the replication's thread ---------------------------------- */

static void pass_baton(cn_game *g, int to)
{
    pthread_mutex_lock(&g->m);
    g->baton = to;
    pthread_cond_broadcast(&g->cv);
    while (g->baton == to)
        pthread_cond_wait(&g->cv, &g->m);
    pthread_mutex_unlock(&g->m);
}

static void game_trace(void *ctx, const cn_world *w, const cn_trace_event *ev)
{
    cn_game *g = ctx;
    if (g->abandon)
        return;
    if (g->n_events == g->cap_events) {
        int cap = g->cap_events == 0 ? 128 : 2 * g->cap_events;
        cn_game_event *p = realloc(g->events, (size_t)cap * sizeof *p);
        if (p == NULL) {
            g->status = CN_ENOMEM;
            return;
        }
        g->events = p;
        g->cap_events = cap;
    }
    cn_game_event *e = &g->events[g->n_events++];
    memset(e, 0, sizeof *e);
    e->kind = ev->kind;
    e->round = ev->round;
    e->forum = ev->forum;
    e->session = ev->session;
    e->a = ev->a;
    e->b = ev->b;
    if (ev->text != NULL)
        memcpy(e->text, ev->text, (size_t)w->d * sizeof(double));
    if (ev->kind == CN_TRACE_VOTES) {
        const cn_forum_state *fs = &w->fs[ev->forum];
        e->yes = fs->supporters;
        e->no = fs->objectors;
        e->abstain = fs->abstainers;
    }
    if (g->o.trace != NULL)
        g->o.trace(g->o.trace_ctx, w, ev);
}

static void game_session(void *ctx, cn_world *w, int f, int session, double *text)
{
    cn_game *g = ctx;
    if (g->abandon)
        return;
    int any = 0;
    for (int t = 0; t < w->fs[f].n_members; t++) {
        int i = w->fs[f].members[t];
        g->vote[i] = CN_VOTE_NONE;
        g->amended[i] = 0;
        if (g->active[i]) {
            any = 1;
            g->sat[i]++;
        }
    }
    if (!any)
        return;
    g->forum = f;
    g->session = session;
    g->text = text;
    g->pauses++;
    g->phase = CN_GAME_PAUSED;
    pass_baton(g, BATON_DRIVER);
    /* back from the driver: the session goes on to the votes */
    g->text = NULL;
}

static int game_vote(void *ctx, const cn_world *w, int f, int state, const double *text,
                     int model_vote)
{
    cn_game *g = ctx;
    (void)w;
    (void)text;
    (void)model_vote;
    if (g->abandon || f != g->forum)
        return CN_VOTE_NONE;
    return g->vote[state];
}

static void *engine_main(void *arg)
{
    cn_game *g = arg;
    cn_rng_seed(g->r, (uint64_t)g->s->run.seed, 0, 0);
    cn_replication_run(g->w, g->r, &g->L, g->row);
    pthread_mutex_lock(&g->m);
    g->phase = CN_GAME_OVER;
    g->forum = -1;
    g->session = -1;
    g->baton = BATON_DRIVER;
    pthread_cond_broadcast(&g->cv);
    pthread_mutex_unlock(&g->m);
    return NULL;
}

/* ---- life ---------------------------------------------------------------- */

int cn_game_new(const cn_scenario *s, const cn_game_opts *o, cn_game **out)
{
    *out = NULL;
    if (!(o->step > 0.0) || !(o->step <= 1.0) || !(o->budget >= 0.0) || !isfinite(o->budget))
        return CN_EINPUT;
    const gsl_rng_type *T = cn_rng_type(s->run.generator);
    if (T == NULL)
        return CN_EINPUT;
    cn_game *g = calloc(1, sizeof *g);
    if (g == NULL)
        return CN_ENOMEM;
    g->s = s;
    g->o = *o;
    g->forum = -1;
    g->session = -1;
    if (cn_metrics_layout_init(s, &g->L) != CN_OK) {
        free(g);
        return CN_ENOMEM;
    }
    size_t n = (size_t)s->n_states + 1;
    g->w = cn_world_alloc(s);
    g->r = gsl_rng_alloc(T);
    g->row = calloc((size_t)g->L.n, sizeof *g->row);
    g->seat_of = calloc(n, sizeof(int));
    g->active = calloc(n, sizeof(int));
    g->vote = calloc(n, sizeof(int));
    g->amended = calloc(n, sizeof(int));
    g->budget = calloc(n, sizeof(double));
    g->sat = calloc(n, sizeof(int));
    g->seat_state = calloc(n, sizeof(int));
    if (pthread_mutex_init(&g->m, NULL) != 0) {
        cn_metrics_layout_free(&g->L);
        free(g);
        return CN_ETHREAD;
    }
    if (pthread_cond_init(&g->cv, NULL) != 0) {
        pthread_mutex_destroy(&g->m);
        cn_metrics_layout_free(&g->L);
        free(g);
        return CN_ETHREAD;
    }
    if (g->w == NULL || g->r == NULL || g->row == NULL || g->seat_of == NULL ||
        g->active == NULL || g->vote == NULL || g->amended == NULL || g->budget == NULL ||
        g->sat == NULL || g->seat_state == NULL) {
        cn_game_free(g);
        return CN_ENOMEM;
    }
    g->hooks = (cn_hooks){.ctx = g, .trace = game_trace, .session = game_session,
                          .vote = game_vote};
    g->w->hooks = &g->hooks;
    *out = g;
    return CN_OK;
}

void cn_game_free(cn_game *g)
{
    if (g == NULL)
        return;
    if (g->thread_started) {
        if (g->phase != CN_GAME_OVER) {
            g->abandon = 1;
            pass_baton(g, BATON_ENGINE);
        }
        pthread_join(g->thread, NULL);
    }
    pthread_cond_destroy(&g->cv);
    pthread_mutex_destroy(&g->m);
    cn_world_free(g->w);
    if (g->r != NULL)
        gsl_rng_free(g->r);
    free(g->row);
    free(g->seat_of);
    free(g->active);
    free(g->vote);
    free(g->amended);
    free(g->budget);
    free(g->sat);
    free(g->seat_state);
    free(g->moves);
    free(g->events);
    cn_metrics_layout_free(&g->L);
    free(g);
}

/* ---- seats --------------------------------------------------------------- */

int cn_game_seat(cn_game *g, int state)
{
    if (state < 0 || state >= g->s->n_states || g->active[state] || g->phase == CN_GAME_OVER)
        return CN_EINPUT;
    g->active[state] = 1;
    if (g->seat_of[state] == 0) {
        g->seat_state[g->n_seats] = state;
        g->seat_of[state] = ++g->n_seats;
        g->budget[state] = g->o.budget;
    }
    return CN_OK;
}

int cn_game_unseat(cn_game *g, int state)
{
    if (state < 0 || state >= g->s->n_states || !g->active[state])
        return CN_EINPUT;
    g->active[state] = 0;
    return CN_OK;
}

int cn_game_seated(const cn_game *g, int state)
{
    return state >= 0 && state < g->s->n_states && g->active[state];
}

int cn_game_seat_list(const cn_game *g, int *out)
{
    memcpy(out, g->seat_state, (size_t)g->n_seats * sizeof(int));
    return g->n_seats;
}

/* ---- the flow ------------------------------------------------------------ */

int cn_game_start(cn_game *g)
{
    if (g->started)
        return CN_EINPUT;
    g->started = 1;
    g->baton = BATON_ENGINE;
    if (pthread_create(&g->thread, NULL, engine_main, g) != 0) {
        g->phase = CN_GAME_OVER;
        g->baton = BATON_DRIVER;
        return CN_ETHREAD;
    }
    g->thread_started = 1;
    pthread_mutex_lock(&g->m);
    while (g->baton == BATON_ENGINE)
        pthread_cond_wait(&g->cv, &g->m);
    pthread_mutex_unlock(&g->m);
    return g->status;
}

int cn_game_advance(cn_game *g)
{
    if (g->phase != CN_GAME_PAUSED)
        return CN_EINPUT;
    pass_baton(g, BATON_ENGINE);
    return g->status;
}

cn_game_phase cn_game_phase_of(const cn_game *g)
{
    return g->phase;
}

int cn_game_forum(const cn_game *g)
{
    return g->phase == CN_GAME_PAUSED ? g->forum : -1;
}

int cn_game_session(const cn_game *g)
{
    return g->phase == CN_GAME_PAUSED ? g->session : -1;
}

const double *cn_game_text(const cn_game *g)
{
    return g->phase == CN_GAME_PAUSED ? g->text : NULL;
}

int cn_game_pauses(const cn_game *g)
{
    return g->pauses;
}

const cn_world *cn_game_world(const cn_game *g)
{
    return g->started && g->phase != CN_GAME_SETUP ? g->w : NULL;
}

int cn_game_member(const cn_game *g, int f, int state)
{
    if (!g->started || g->phase == CN_GAME_SETUP || f < 0 || f >= g->s->n_forums)
        return 0;
    return is_member(g->w, f, state);
}

/* ---- moves --------------------------------------------------------------- */

/* A seated state sitting in the open session, else CN_EINPUT said. */
static int check_turn(const cn_game *g, int state, char *msg, size_t size)
{
    if (g->phase != CN_GAME_PAUSED) {
        say(msg, size, g->phase == CN_GAME_OVER ? "The game is over."
                                                : "The game has not started yet.");
        return CN_EINPUT;
    }
    if (state < 0 || state >= g->s->n_states || !g->active[state]) {
        say(msg, size, "That state is played by the model, not by a student.");
        return CN_EINPUT;
    }
    if (!is_member(g->w, g->forum, state)) {
        say(msg, size, "%s does not sit in the %s: wait for a session of a forum it sits in.",
            sname(g->s, state), g->s->forums[g->forum].name);
        return CN_EINPUT;
    }
    return CN_OK;
}

int cn_game_vote(cn_game *g, int state, int vote, char *msg, size_t size)
{
    int rc = check_turn(g, state, msg, size);
    if (rc != CN_OK)
        return rc;
    if (vote != CN_VOTE_NONE && vote != CN_VOTE_SUPPORT && vote != CN_VOTE_OBJECT &&
        vote != CN_VOTE_ABSTAIN) {
        say(msg, size, "A vote is support, object or abstain (or pass).");
        return CN_EINPUT;
    }
    cn_game_move mv = {.kind = CN_MOVE_VOTE, .state = state, .vote = vote, .target = -1};
    if (add_move(g, mv) != CN_OK)
        return CN_ENOMEM;
    g->vote[state] = vote;
    return CN_OK;
}

int cn_game_amend(cn_game *g, int state, int dim, int dir, char *msg, size_t size)
{
    int rc = check_turn(g, state, msg, size);
    if (rc != CN_OK)
        return rc;
    const cn_scenario *s = g->s;
    if (s->forums[g->forum].rule == CN_RULE_ELECTION) {
        say(msg, size, "An election has no text to amend: cast your ballot (support votes for "
                       "the first candidate, object for the second, abstain is blank).");
        return CN_EINPUT;
    }
    if (dim < 0 || dim >= s->n_dims || (dir != 1 && dir != -1)) {
        say(msg, size, "An amendment moves one dimension up or down.");
        return CN_EINPUT;
    }
    if (!s->forums[g->forum].open[dim]) {
        say(msg, size, "The agenda is closed on %s: the text stays at %.2f.", s->dims[dim].name,
            g->text[dim]);
        return CN_EINPUT;
    }
    if (g->amended[state]) {
        say(msg, size, "You have already tabled an amendment this session.");
        return CN_EINPUT;
    }
    double old = g->text[dim];
    double v = clamp01(old + dir * g->o.step);
    cn_game_move mv = {.kind = CN_MOVE_AMEND, .state = state, .dim = dim,
                       .value = dir * g->o.step, .target = -1};
    if (add_move(g, mv) != CN_OK)
        return CN_ENOMEM;
    g->text[dim] = v;
    g->amended[state] = 1;
    return CN_OK;
}

int cn_game_campaign(cn_game *g, int state, int target, double amount, char *msg, size_t size)
{
    int rc = check_turn(g, state, msg, size);
    if (rc != CN_OK)
        return rc;
    if (target < 0 || target >= g->s->n_states) {
        say(msg, size, "No such state.");
        return CN_EINPUT;
    }
    if (target == state) {
        say(msg, size, "You cannot campaign on yourself.");
        return CN_EINPUT;
    }
    if (!(amount > 0.0) || !isfinite(amount)) {
        say(msg, size, "The amount must be a positive number.");
        return CN_EINPUT;
    }
    if (amount > g->budget[state] + 1e-9) {
        say(msg, size, "You have only %.1f of budget left.", g->budget[state]);
        return CN_EINPUT;
    }
    cn_game_move mv = {.kind = CN_MOVE_CAMPAIGN, .state = state, .target = target,
                       .value = amount};
    if (add_move(g, mv) != CN_OK)
        return CN_ENOMEM;
    g->budget[state] -= amount;
    if (g->budget[state] < 0.0)
        g->budget[state] = 0.0;
    apply_move(g->w, g->forum, g->text, &mv);
    return CN_OK;
}

int cn_game_seat_vote(const cn_game *g, int state)
{
    return g->phase == CN_GAME_PAUSED ? g->vote[state] : CN_VOTE_NONE;
}

int cn_game_seat_amended(const cn_game *g, int state)
{
    return g->phase == CN_GAME_PAUSED && g->amended[state];
}

double cn_game_seat_budget(const cn_game *g, int state)
{
    return g->seat_of[state] != 0 ? g->budget[state] : 0.0;
}

int cn_game_seat_sessions(const cn_game *g, int state)
{
    return g->sat[state];
}

/* ---- news ---------------------------------------------------------------- */

static int check_news(const cn_game *g, int a, int b, int b_optional, char *msg, size_t size)
{
    if (g->phase != CN_GAME_PAUSED) {
        say(msg, size, "News can be injected only while a session is open.");
        return CN_EINPUT;
    }
    int n = g->s->n_states;
    if (a < 0 || a >= n || (b_optional ? (b < -1 || b >= n) : (b < 0 || b >= n))) {
        say(msg, size, "No such state.");
        return CN_EINPUT;
    }
    if (a == b) {
        say(msg, size, "Name two different states.");
        return CN_EINPUT;
    }
    return CN_OK;
}

int cn_game_incident(cn_game *g, int victim, int perpetrator, char *msg, size_t size)
{
    int rc = check_news(g, victim, perpetrator, 1, msg, size);
    if (rc != CN_OK)
        return rc;
    cn_game_move mv = {.kind = CN_MOVE_INCIDENT, .state = victim, .target = perpetrator};
    if (add_move(g, mv) != CN_OK)
        return CN_ENOMEM;
    apply_move(g->w, g->forum, g->text, &mv);
    return g->status;
}

int cn_game_leak(cn_game *g, int state, int *taken, char *msg, size_t size)
{
    int rc = check_news(g, state, -1, 1, msg, size);
    if (rc != CN_OK)
        return rc;
    cn_game_move mv = {.kind = CN_MOVE_LEAK, .state = state, .target = -1};
    if (add_move(g, mv) != CN_OK)
        return CN_ENOMEM;
    int t = apply_move(g->w, g->forum, g->text, &mv);
    g->moves[g->n_moves - 1].value = t;
    if (taken != NULL)
        *taken = t;
    return CN_OK;
}

int cn_game_shame(cn_game *g, int accuser, int accused, char *msg, size_t size)
{
    int rc = check_news(g, accuser, accused, 0, msg, size);
    if (rc != CN_OK)
        return rc;
    cn_game_move mv = {.kind = CN_MOVE_SHAME, .state = accuser, .target = accused};
    if (add_move(g, mv) != CN_OK)
        return CN_ENOMEM;
    apply_move(g->w, g->forum, g->text, &mv);
    return CN_OK;
}

/* ---- the record ---------------------------------------------------------- */

const cn_game_move *cn_game_moves(const cn_game *g, int *n)
{
    *n = g->n_moves;
    return g->moves;
}

const cn_game_event *cn_game_events(const cn_game *g, int *n)
{
    *n = g->n_events;
    return g->events;
}

const double *cn_game_row(const cn_game *g)
{
    return g->phase == CN_GAME_OVER && !g->abandon ? g->row : NULL;
}

const cn_metrics_layout *cn_game_layout(const cn_game *g)
{
    return &g->L;
}

void cn_game_public_description(const cn_scenario *s, char *buf, size_t size)
{
    if (size == 0)
        return;
    snprintf(buf, size, "%s", s->description);
    for (char *p = buf; *p != '\0'; p++)
        if (strncasecmp(p, "real outcome", 12) == 0) {
            while (p > buf && p[-1] == ' ')
                p--;
            *p = '\0';
            break;
        }
}

/* ---- the debrief --------------------------------------------------------- */

double cn_game_score(const cn_scenario *s, const cn_metrics_layout *L, int state,
                     const double *row)
{
    const cn_state *st = &s->states[state];
    double sq = cn_decision_utility(st->ideal, st->salience, s->model.status_quo, s->n_dims,
                                    s->model.p);
    double score = 0.0;
    for (int f = 0; f < s->n_forums; f++) {
        const double *o = row + L->forum_base[f];
        if (!(o[CN_FM_ADOPTED] > 0.5))
            continue;
        score += cn_decision_utility(st->ideal, st->salience, o + CN_FM_TEXT, s->n_dims,
                                     s->model.p) - sq;
    }
    return score;
}

/* The replay of a log in another replication: moves at (forum, session)
 * apply when the acting state sits there (news always). */
typedef struct {
    const cn_game_move *moves;
    int n;
} replay;

static void replay_session(void *ctx, cn_world *w, int f, int session, double *text)
{
    const replay *rp = ctx;
    for (int t = 0; t < rp->n; t++) {
        const cn_game_move *mv = &rp->moves[t];
        if (mv->forum != f || mv->session != session || mv->kind == CN_MOVE_VOTE)
            continue;
        int news = mv->kind == CN_MOVE_INCIDENT || mv->kind == CN_MOVE_LEAK ||
                   mv->kind == CN_MOVE_SHAME;
        if (news || is_member(w, f, mv->state))
            apply_move(w, f, text, mv);
    }
}

static int replay_vote(void *ctx, const cn_world *w, int f, int state, const double *text,
                       int model_vote)
{
    const replay *rp = ctx;
    (void)text;
    (void)model_vote;
    int session = w->fs[f].sessions_held, v = CN_VOTE_NONE;
    for (int t = 0; t < rp->n; t++) {
        const cn_game_move *mv = &rp->moves[t];
        if (mv->kind == CN_MOVE_VOTE && mv->forum == f && mv->session == session &&
            mv->state == state)
            v = mv->vote;
    }
    return v;
}

void cn_game_debrief_free(cn_game_debrief *d)
{
    if (d == NULL)
        return;
    cn_stats_free(d->alone);
    cn_stats_free(d->with);
    if (d->L != NULL)
        cn_metrics_layout_free(d->L);
    free(d->L);
    free(d->alone_row);
    free(d->state);
    free(d->score_game);
    free(d->score_same);
    free(d->score_alone);
    free(d->score_with);
    memset(d, 0, sizeof *d);
}

int cn_game_debrief_run(const cn_scenario *s, const cn_game_move *moves, int n_moves,
                        const int *states, int n_states, long replications,
                        cn_game_debrief *out)
{
    memset(out, 0, sizeof *out);
    if (replications < 1 || n_states < 0 || n_moves < 0)
        return CN_EINPUT;
    const gsl_rng_type *T = cn_rng_type(s->run.generator);
    if (T == NULL)
        return CN_EINPUT;
    cn_metrics_layout *Lp = calloc(1, sizeof *Lp);
    if (Lp == NULL)
        return CN_ENOMEM;
    if (cn_metrics_layout_init(s, Lp) != CN_OK) {
        free(Lp);
        return CN_ENOMEM;
    }
    out->L = Lp;
    const cn_metrics_layout L = *Lp;
    int rc = CN_ENOMEM;
    size_t ns = (size_t)n_states + 1;
    cn_world *w = cn_world_alloc(s);
    gsl_rng *r = gsl_rng_alloc(T);
    double *row = calloc((size_t)L.n, sizeof *row);
    out->replications = replications;
    out->n_seats = n_states;
    out->alone_row = calloc((size_t)L.n, sizeof(double));
    out->state = calloc(ns, sizeof(int));
    out->score_game = calloc(ns, sizeof(double));
    out->score_same = calloc(ns, sizeof(double));
    out->score_alone = calloc(ns, sizeof(double));
    out->score_with = calloc(ns, sizeof(double));
    out->alone = cn_stats_alloc(Lp);
    out->with = cn_stats_alloc(Lp);
    if (w == NULL || r == NULL || row == NULL || out->alone_row == NULL || out->state == NULL ||
        out->score_game == NULL || out->score_same == NULL || out->score_alone == NULL ||
        out->score_with == NULL || out->alone == NULL || out->with == NULL)
        goto done;
    memcpy(out->state, states, (size_t)n_states * sizeof(int));
    replay rp = {.moves = moves, .n = n_moves};
    cn_hooks h = {.ctx = &rp, .session = replay_session, .vote = replay_vote};
    for (long rep = 0; rep < replications; rep++) {
        /* the model alone */
        w->hooks = NULL;
        cn_rng_seed(r, (uint64_t)s->run.seed, 0, (uint64_t)rep);
        cn_replication_run(w, r, &L, row);
        cn_stats_add(out->alone, row);
        if (rep == 0)
            memcpy(out->alone_row, row, (size_t)L.n * sizeof *row);
        for (int t = 0; t < n_states; t++)
            out->score_alone[t] += cn_game_score(s, &L, states[t], row);
        /* the students' choices replayed */
        w->hooks = &h;
        cn_rng_seed(r, (uint64_t)s->run.seed, 0, (uint64_t)rep);
        cn_replication_run(w, r, &L, row);
        cn_stats_add(out->with, row);
        for (int t = 0; t < n_states; t++) {
            double sc = cn_game_score(s, &L, states[t], row);
            out->score_with[t] += sc;
            if (rep == 0)
                out->score_game[t] = sc;
        }
    }
    w->hooks = NULL;
    for (int t = 0; t < n_states; t++) {
        out->score_same[t] = cn_game_score(s, &L, states[t], out->alone_row);
        out->score_alone[t] /= (double)replications;
        out->score_with[t] /= (double)replications;
    }
    rc = CN_OK;
done:
    free(row);
    if (r != NULL)
        gsl_rng_free(r);
    cn_world_free(w);
    if (rc != CN_OK)
        cn_game_debrief_free(out);
    return rc;
}
