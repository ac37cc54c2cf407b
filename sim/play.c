/* play.c - role-play in the terminal (cn_play.h).
 *
 * The game is one replication run on the calling thread with three hooks:
 * trace (the narrator tells the story), session (each student's turn:
 * screen, commands, amendments and campaign ties), and vote (the
 * students' votes replace the model's).  Every choice is logged; the
 * debrief replays the log in many replications with the same seeds.
 * Hooks never draw from the generator, so a student who only passes
 * leaves the replication exactly as the model alone would play it.
 * Everything here lives on one thread.
 */
#include "cn_play.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/types.h>

#include "cn_decision.h"
#include "cn_error.h"
#include "cn_metrics.h"
#include "cn_narrate.h"
#include "cn_proposal.h"
#include "cn_runner.h"
#include "cn_stats.h"
#include "cn_suggest.h"
#include "cn_world.h"

#define PLAY_LIKELY 8        /* likely objectors shown */
#define PLAY_WORDS (4 * CN_MAX_DIMS * CN_TEXT_LEN)

typedef enum { ACT_VOTE = 0, ACT_AMEND, ACT_CAMPAIGN } act_kind;

/* One recorded choice, replayed in the debrief. */
typedef struct {
    act_kind kind;
    int forum, session, student; /* student: index into opts.students */
    int vote;                    /* ACT_VOTE: CN_VOTE_* */
    int dim;                     /* ACT_AMEND */
    double value;                /* ACT_AMEND: delta; ACT_CAMPAIGN: amount */
    int target;                  /* ACT_CAMPAIGN: state index */
} act;

typedef struct {
    const cn_scenario *s;
    const cn_play_opts *o;
    FILE *in, *out;
    int echo;
    int eof;
    int status;
    cn_narrator *nr;
    /* per student */
    int vote[CN_PLAY_MAX_STUDENTS];    /* choice at this session, CN_VOTE_NONE: the model's */
    int gone[CN_PLAY_MAX_STUDENTS];    /* quit */
    int sat[CN_PLAY_MAX_STUDENTS];     /* sessions played */
    double budget[CN_PLAY_MAX_STUDENTS];
    int vote_forum;                    /* forum of the current choices */
    /* the log */
    act *log;
    int n_log, cap_log;
    char *line;
    size_t line_cap;
} game;

/* Replays a log in a replication. */
typedef struct {
    const cn_play_opts *o;
    const act *log;
    int n_log;
} replay;

void cn_play_defaults(cn_play_opts *o)
{
    memset(o, 0, sizeof *o);
    o->step = 0.1;
    o->budget = 3.0;
    o->replications = 1000;
    o->threads = 1;
}

/* ---- output ------------------------------------------------------------ */

static void put(game *g, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static void put(game *g, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (vfprintf(g->out, fmt, ap) < 0)
        g->status = CN_EIO;
    va_end(ap);
}

static const char *name(const cn_scenario *s, int i)
{
    return s->states[i].name[0] != '\0' ? s->states[i].name : s->states[i].code;
}

static int log_add(game *g, act a)
{
    if (g->n_log == g->cap_log) {
        int cap = g->cap_log == 0 ? 64 : 2 * g->cap_log;
        act *l = realloc(g->log, (size_t)cap * sizeof *l);
        if (l == NULL) {
            g->status = CN_ENOMEM;
            return CN_ENOMEM;
        }
        g->log = l;
        g->cap_log = cap;
    }
    g->log[g->n_log++] = a;
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

/* ---- the student's screen ---------------------------------------------- */

static const char *rule_text(const cn_forum *fo, char *buf, size_t size)
{
    switch (fo->rule) {
    case CN_RULE_CONSENSUS:
        if (fo->footnotes == 0)
            snprintf(buf, size, "consensus (a single objection blocks)");
        else
            snprintf(buf, size, "consensus (up to %d objection%s absorbed as footnotes)",
                     fo->footnotes, fo->footnotes == 1 ? "" : "s");
        break;
    case CN_RULE_UNANIMITY: snprintf(buf, size, "unanimity (every member must support)"); break;
    case CN_RULE_MAJORITY: snprintf(buf, size, "majority (more yes than no)"); break;
    case CN_RULE_TWO_THIRDS: snprintf(buf, size, "two thirds of those voting yes or no"); break;
    case CN_RULE_COUNCIL:
        snprintf(buf, size, "council (%d yes votes, no veto)", fo->council_quota);
        break;
    }
    return buf;
}

static void show_text(game *g, const char *label, const double *y)
{
    char words[PLAY_WORDS];
    cn_narrate_text(g->s, y, words, sizeof words);
    put(g, "%s %s\n", label, words);
}

static void show_screen(game *g, cn_world *w, int f, int session, const double *text, int st)
{
    const cn_scenario *s = g->s;
    const cn_forum *fo = &s->forums[f];
    const cn_forum_state *fs = &w->fs[f];
    int me = g->o->students[st];
    char buf[128];
    put(g, "\n=== Round %d, %s session %d of %d: %s's turn", w->round, fo->name, session,
        fo->sessions, name(s, me));
    if (g->o->n_students > 1)
        put(g, " (student %d of %d: pass the keyboard)", st + 1, g->o->n_students);
    put(g, " ===\n");
    put(g, "Chair: %s.  Rule: %s.  Output: %s.\n", name(s, fs->chair), rule_text(fo, buf, sizeof buf),
        cn_output_phrase(fo->output));
    show_text(g, "The draft:    ", text);
    show_text(g, "Your position:", w->x + (size_t)me * (size_t)w->d);
    double gain = cn_decision_gain(w, me, text);
    double ps, po;
    cn_vote_params vp;
    cn_decision_vote_params(s, fo->rule, &vp);
    cn_decision_p_vote(&vp, gain, &ps, &po);
    put(g, "For you the text is %s no agreement (gain %+.3f): left alone, your state "
           "supports it with probability %.2f, abstains %.2f, objects %.2f.\n",
        fabs(gain) < s->model.indifference ? "worth about as much as"
                                           : (gain > 0 ? "better than" : "worse than"),
        gain, ps, 1.0 - ps - po, po);
    double e = cn_proposal_expected_support(w, f, text);
    put(g, "Likely coalition: %.1f of %d members expected to support.", e, fs->n_members);
    int shown = 0;
    int *idx = w->si;
    int n = 0;
    /* likely objectors (objecting is their most likely vote), by capability */
    for (int t = 0; t < fs->n_members; t++) {
        int i = fs->members[t];
        double pi_s, pi_o;
        cn_decision_p_vote(&vp, cn_decision_gain(w, i, text),
                           &pi_s, &pi_o);
        if (i != me && pi_o > pi_s && pi_o > 1.0 - pi_s - pi_o)
            idx[n++] = i;
    }
    cn_narrate_by_capability(w, idx, n);
    if (n > 0) {
        put(g, " Likely objectors (%d):", n);
        for (int t = 0; t < n && shown < PLAY_LIKELY; t++, shown++) {
            double pi_s, pi_o;
            cn_decision_p_vote(&vp, cn_decision_gain(w, idx[t], text), &pi_s, &pi_o);
            put(g, "%s %s (objects %.2f)", t == 0 ? "" : ",", s->states[idx[t]].code, pi_o);
        }
        if (n > shown)
            put(g, " and %d more", n - shown);
        put(g, ".");
    }
    put(g, "\nCampaign budget left: %.1f.  Type 'help' for the commands.\n", g->budget[st]);
}

static void show_help(game *g)
{
    put(g, "Commands (one per line):\n"
           "  support | object | abstain   cast your vote (ends your turn)\n"
           "  pass                         let the model vote for you\n"
           "  amend DIM up|down            move the text by %.2f on dimension DIM\n"
           "                               (once per session), e.g. 'amend form down'\n"
           "  campaign STATE [AMOUNT]      spend budget: STATE listens to you more\n"
           "                               (default 1), e.g. 'campaign KEN 1.5'\n"
           "  who                          every member's chance of supporting\n"
           "  show                         the screen again\n"
           "  quit                         leave; the model plays your state\n",
        g->o->step);
}

static void show_who(game *g, cn_world *w, int f, const double *text)
{
    const cn_scenario *s = g->s;
    const cn_forum_state *fs = &w->fs[f];
    cn_vote_params vp;
    cn_decision_vote_params(s, s->forums[f].rule, &vp);
    put(g, "Chance each member supports / abstains / objects (model):\n");
    int col = 0;
    for (int t = 0; t < fs->n_members; t++) {
        int i = fs->members[t];
        double ps, po;
        cn_decision_p_vote(&vp, cn_decision_gain(w, i, text),
                           &ps, &po);
        put(g, "  %-7s %4.2f/%4.2f/%4.2f", s->states[i].code, ps, 1.0 - ps - po, po);
        if (++col == 4) {
            put(g, "\n");
            col = 0;
        }
    }
    if (col != 0)
        put(g, "\n");
}

/* ---- commands ---------------------------------------------------------- */

/* Reads one line into g->line (trimmed); 0 at end of input. */
static int read_line(game *g, const char *prompt)
{
    put(g, "%s> ", prompt);
    if (fflush(g->out) != 0)
        g->status = CN_EIO;
    ssize_t k = getline(&g->line, &g->line_cap, g->in);
    if (k < 0) {
        g->eof = 1;
        put(g, "\n(end of input: the model decides for every student from here on)\n");
        return 0;
    }
    char *p = g->line;
    while (*p != '\0' && isspace((unsigned char)*p))
        p++;
    size_t n = strlen(p);
    while (n > 0 && isspace((unsigned char)p[n - 1]))
        p[--n] = '\0';
    memmove(g->line, p, n + 1);
    if (g->echo)
        put(g, "%s\n", g->line);
    return 1;
}

/* Splits line into at most 3 words (lowercase first word). */
static int split(char *line, char **wd)
{
    int n = 0;
    char *save = NULL;
    for (char *t = strtok_r(line, " \t", &save); t != NULL && n < 4;
         t = strtok_r(NULL, " \t", &save))
        wd[n++] = t;
    if (n > 0)
        for (char *c = wd[0]; *c != '\0'; c++)
            *c = (char)tolower((unsigned char)*c);
    return n;
}

/* The state named by code (case-insensitive), -1 if none. */
static int find_state(const cn_scenario *s, const char *code)
{
    for (int i = 0; i < s->n_states; i++)
        if (strcasecmp(s->states[i].code, code) == 0)
            return i;
    return -1;
}

static int find_dim(const cn_scenario *s, const char *word)
{
    for (int k = 0; k < s->n_dims; k++)
        if (strcasecmp(s->dims[k].name, word) == 0)
            return k;
    return -1;
}

static int cmd_amend(game *g, cn_world *w, int f, int session, double *text, int st, char **wd,
                     int n, int *amended)
{
    const cn_scenario *s = g->s;
    const cn_forum *fo = &s->forums[f];
    if (n != 3) {
        put(g, "Usage: amend DIM up|down, e.g. 'amend %s down'.\n", s->dims[0].name);
        return 0;
    }
    int k = find_dim(s, wd[1]);
    if (k < 0) {
        put(g, "No dimension '%s'; the dimensions are:", wd[1]);
        for (int j = 0; j < s->n_dims; j++)
            put(g, " %s", s->dims[j].name);
        put(g, ".\n");
        return 0;
    }
    double dir;
    if (strcasecmp(wd[2], "up") == 0 || strcmp(wd[2], "+") == 0)
        dir = 1.0;
    else if (strcasecmp(wd[2], "down") == 0 || strcmp(wd[2], "-") == 0)
        dir = -1.0;
    else {
        put(g, "Say 'up' or 'down', not '%s'.\n", wd[2]);
        return 0;
    }
    if (!fo->open[k]) {
        put(g, "The agenda is closed on %s: the text stays at %.2f.\n", s->dims[k].name, text[k]);
        return 0;
    }
    if (*amended) {
        put(g, "You have already tabled an amendment this session.\n");
        return 0;
    }
    double e0 = cn_proposal_expected_support(w, f, text);
    double old = text[k];
    double v = old + dir * g->o->step;
    text[k] = v < 0.0 ? 0.0 : v > 1.0 ? 1.0 : v;
    *amended = 1;
    act a = {.kind = ACT_AMEND, .forum = f, .session = session, .student = st, .dim = k,
             .value = dir * g->o->step};
    log_add(g, a);
    put(g, "Amendment accepted: %s %.2f -> %.2f.  Expected support %.1f -> %.1f.\n",
        s->dims[k].name, old, text[k], e0, cn_proposal_expected_support(w, f, text));
    show_text(g, "The draft now:", text);
    return 0;
}

static int cmd_campaign(game *g, cn_world *w, int f, int session, int st, char **wd, int n)
{
    const cn_scenario *s = g->s;
    int me = g->o->students[st];
    if (n < 2 || n > 3) {
        put(g, "Usage: campaign STATE [AMOUNT], e.g. 'campaign %s 1'.\n",
            s->states[me == 0 && s->n_states > 1 ? 1 : 0].code);
        return 0;
    }
    int t = find_state(s, wd[1]);
    if (t < 0) {
        const char *cands[CN_MAX_STATES];
        for (int i = 0; i < s->n_states; i++)
            cands[i] = s->states[i].code;
        const char *best = cn_suggest(wd[1], cands, (size_t)s->n_states);
        put(g, "No state '%s'%s%s%s.\n", wd[1], best ? "; did you mean '" : "", best ? best : "",
            best ? "'?" : "");
        return 0;
    }
    if (t == me) {
        put(g, "You cannot campaign on yourself.\n");
        return 0;
    }
    double amount = 1.0;
    if (n == 3) {
        char *end;
        amount = strtod(wd[2], &end);
        if (*end != '\0' || !(amount > 0.0) || !isfinite(amount)) {
            put(g, "AMOUNT must be a positive number, not '%s'.\n", wd[2]);
            return 0;
        }
    }
    if (amount > g->budget[st] + 1e-9) {
        put(g, "You have only %.1f of budget left.\n", g->budget[st]);
        return 0;
    }
    g->budget[st] -= amount;
    w->tie[(size_t)t * (size_t)w->na + (size_t)me] += amount;
    w->ties_dirty = 1;
    act a = {.kind = ACT_CAMPAIGN, .forum = f, .session = session, .student = st, .target = t,
             .value = amount};
    log_add(g, a);
    double d2 = 0.0;
    for (int k = 0; k < w->d; k++) {
        double v = w->x[t * w->d + k] - w->x[me * w->d + k];
        d2 += v * v;
    }
    double dist = sqrt(d2), eps = s->model.epsilon;
    put(g, "%s now listens to you with %.1f more tie weight (from the next round on). ",
        name(s, t), amount);
    if (dist < eps)
        put(g, "It is %.2f from you, within the confidence radius %.2f: it will move your way.\n",
            dist, eps);
    else
        put(g, "But it is %.2f from you, beyond the confidence radius %.2f: it will not listen "
               "until positions come closer.\n", dist, eps);
    put(g, "Budget left: %.1f.\n", g->budget[st]);
    return 0;
}

/* One student's turn; returns when a vote (or pass/quit) is chosen or input ends. */
static void turn(game *g, cn_world *w, int f, int session, double *text, int st)
{
    int amended = 0;
    show_screen(g, w, f, session, text, st);
    const char *prompt = g->s->states[g->o->students[st]].code;
    while (g->status == CN_OK && read_line(g, prompt)) {
        char *wd[4];
        int n = split(g->line, wd);
        if (n == 0)
            continue;
        int v = CN_VOTE_NONE;
        if (strcmp(wd[0], "support") == 0 || strcmp(wd[0], "s") == 0)
            v = CN_VOTE_SUPPORT;
        else if (strcmp(wd[0], "object") == 0 || strcmp(wd[0], "o") == 0)
            v = CN_VOTE_OBJECT;
        else if (strcmp(wd[0], "abstain") == 0 || strcmp(wd[0], "a") == 0)
            v = CN_VOTE_ABSTAIN;
        if (v != CN_VOTE_NONE) {
            if (n > 1) {
                put(g, "'%s' takes nothing after it.\n", wd[0]);
                continue;
            }
            g->vote[st] = v;
            act a = {.kind = ACT_VOTE, .forum = f, .session = session, .student = st, .vote = v};
            log_add(g, a);
            put(g, "%s will %s.\n", name(g->s, g->o->students[st]),
                v == CN_VOTE_SUPPORT ? "support" : v == CN_VOTE_OBJECT ? "object" : "abstain");
            return;
        }
        if (strcmp(wd[0], "pass") == 0) {
            put(g, "The model votes for %s this session.\n", name(g->s, g->o->students[st]));
            return;
        }
        if (strcmp(wd[0], "quit") == 0) {
            g->gone[st] = 1;
            put(g, "%s leaves the game; the model plays it from now on.\n",
                name(g->s, g->o->students[st]));
            return;
        }
        if (strcmp(wd[0], "amend") == 0)
            cmd_amend(g, w, f, session, text, st, wd, n, &amended);
        else if (strcmp(wd[0], "campaign") == 0)
            cmd_campaign(g, w, f, session, st, wd, n);
        else if (strcmp(wd[0], "who") == 0)
            show_who(g, w, f, text);
        else if (strcmp(wd[0], "show") == 0)
            show_screen(g, w, f, session, text, st);
        else if (strcmp(wd[0], "help") == 0 || strcmp(wd[0], "?") == 0)
            show_help(g);
        else {
            const char *cmds[] = {"support", "object", "abstain", "pass", "amend",
                                  "campaign", "who", "show", "help", "quit"};
            const char *best = cn_suggest(wd[0], cmds, sizeof cmds / sizeof cmds[0]);
            put(g, "Unknown command '%s'", wd[0]);
            if (best != NULL)
                put(g, "; did you mean '%s'?", best);
            else
                put(g, ".");
            put(g, " Type 'help' for the commands.\n");
        }
    }
}

/* ---- hooks ------------------------------------------------------------- */

static void game_trace(void *ctx, const cn_world *w, const cn_trace_event *ev)
{
    game *g = ctx;
    if (fflush(g->out) != 0)
        g->status = CN_EIO;
    cn_narrator_trace(g->nr, w, ev);
    if (ev->kind == CN_TRACE_ROUND && ev->round == 1) {
        for (int st = 0; st < g->o->n_students; st++) {
            int me = g->o->students[st], k = 0;
            put(g, "You play %s: ", name(g->s, me));
            for (int f = 0; f < g->s->n_forums; f++)
                if (is_member(w, f, me))
                    put(g, "%s%s", k++ == 0 ? "it sits in the " : ", the ", g->s->forums[f].name);
            put(g, "%s.\n", k == 0 ? "it sits in no forum this time, so you can only watch" : "");
        }
    }
}

static void game_session(void *ctx, cn_world *w, int f, int session, double *text)
{
    game *g = ctx;
    g->vote_forum = f;
    for (int st = 0; st < g->o->n_students; st++) {
        g->vote[st] = CN_VOTE_NONE;
        int me = g->o->students[st];
        if (!is_member(w, f, me))
            continue;
        g->sat[st]++;
        if (g->eof || g->gone[st] || g->status != CN_OK)
            continue;
        turn(g, w, f, session, text, st);
    }
}

static int game_vote(void *ctx, const cn_world *w, int f, int state, const double *text,
                     int model_vote)
{
    game *g = ctx;
    (void)w;
    (void)text;
    (void)model_vote;
    if (f != g->vote_forum)
        return CN_VOTE_NONE;
    for (int st = 0; st < g->o->n_students; st++)
        if (g->o->students[st] == state)
            return g->vote[st];
    return CN_VOTE_NONE;
}

static void replay_session(void *ctx, cn_world *w, int f, int session, double *text)
{
    replay *rp = ctx;
    const cn_scenario *s = w->s;
    for (int t = 0; t < rp->n_log; t++) {
        const act *a = &rp->log[t];
        if (a->forum != f || a->session != session || !is_member(w, f, rp->o->students[a->student]))
            continue;
        if (a->kind == ACT_AMEND && s->forums[f].open[a->dim]) {
            double v = text[a->dim] + a->value;
            text[a->dim] = v < 0.0 ? 0.0 : v > 1.0 ? 1.0 : v;
        } else if (a->kind == ACT_CAMPAIGN) {
            w->tie[(size_t)a->target * (size_t)w->na + (size_t)rp->o->students[a->student]] +=
                a->value;
            w->ties_dirty = 1;
        }
    }
}

static int replay_vote(void *ctx, const cn_world *w, int f, int state, const double *text,
                       int model_vote)
{
    replay *rp = ctx;
    (void)text;
    (void)model_vote;
    int session = w->fs[f].sessions_held;
    for (int t = 0; t < rp->n_log; t++) {
        const act *a = &rp->log[t];
        if (a->kind == ACT_VOTE && a->forum == f && a->session == session &&
            rp->o->students[a->student] == state)
            return a->vote;
    }
    return CN_VOTE_NONE;
}

/* ---- the debrief ------------------------------------------------------- */

static void outcome(game *g, const cn_metrics_layout *L, const double *row, int f)
{
    const double *o = row + L->forum_base[f];
    const cn_forum *fo = &g->s->forums[f];
    if (o[CN_FM_ADOPTED] > 0.5) {
        put(g, "adopted in session %.0f (strength %.2f, %.0f footnote%s)", o[CN_FM_SESSION],
            o[CN_FM_STRENGTH], o[CN_FM_FOOTNOTES], o[CN_FM_FOOTNOTES] == 1.0 ? "" : "s");
        if (fo->output == CN_OUTPUT_TREATY)
            put(g, o[CN_FM_IN_FORCE] > 0.5 ? ", in force" : ", not in force");
    } else {
        put(g, "no text");
    }
    put(g, "; %.0f for, %.0f against\n", o[CN_FM_SUPPORTERS], o[CN_FM_OBJECTORS]);
}

static void compare(game *g, const char *what, const cn_summary *a, const cn_summary *b)
{
    put(g, "  P(%s): model alone %.3f [%.3f, %.3f]; with your choices %.3f [%.3f, %.3f]\n", what,
        a->prob, a->lo, a->hi, b->prob, b->lo, b->hi);
    double diff = 100.0 * (b->prob - a->prob);
    if (b->lo > a->hi || b->hi < a->lo)
        put(g, "  -> your diplomacy %s the odds by %.1f points (the 95%% intervals do not "
               "overlap).\n", diff > 0 ? "raised" : "lowered", fabs(diff));
    else
        put(g, "  -> no clear change (%+.1f points; the 95%% intervals overlap).\n", diff);
}

static int debrief(game *g, const cn_metrics_layout *L, const double *played)
{
    const cn_scenario *s = g->s;
    const cn_play_opts *o = g->o;
    int rc;
    double *alone = calloc((size_t)L->n, sizeof *alone);
    cn_stats *base = cn_stats_alloc(L), *with = cn_stats_alloc(L);
    if (alone == NULL || base == NULL || with == NULL) {
        rc = CN_ENOMEM;
        goto done;
    }
    put(g, "\n=== Debrief ===\n");
    int played_any = 0;
    for (int st = 0; st < o->n_students; st++) {
        put(g, "%s sat in %d session%s.\n", name(s, o->students[st]), g->sat[st],
            g->sat[st] == 1 ? "" : "s");
        played_any += g->sat[st];
    }
    put(g, "Your choices: %d (votes, amendments, campaigns).\n", g->n_log);
    /* the same replication without the students */
    if ((rc = cn_narrate_replay(s, L, NULL, 0, 1, NULL, alone)) != CN_OK)
        goto done;
    /* the odds without the students: the ordinary runner */
    long done_reps = 0;
    cn_runner_opts ro = {
        .replications = o->replications, .first = 0, .threads = o->threads, .chunk = 0,
        .seed = s->run.seed, .point = 0, .generator = s->run.generator, .done = &done_reps,
    };
    if ((rc = cn_runner_run(s, L, &ro, base)) != CN_OK)
        goto done;
    /* the odds with the students' choices replayed */
    replay rp = {.o = o, .log = g->log, .n_log = g->n_log};
    cn_hooks h = {.ctx = &rp, .session = replay_session, .vote = replay_vote};
    if ((rc = cn_narrate_replay(s, L, rp.n_log > 0 ? &h : NULL, 0, o->replications, with, NULL))
        != CN_OK)
        goto done;
    for (int f = 0; f < s->n_forums; f++) {
        put(g, "\n%s\n  your game:                  ", s->forums[f].name);
        outcome(g, L, played, f);
        put(g, "  same luck, without students: ");
        outcome(g, L, alone, f);
        cn_summary a, b;
        cn_stats_summary(base, L->forum_base[f] + CN_FM_ADOPTED, &a);
        cn_stats_summary(with, L->forum_base[f] + CN_FM_ADOPTED, &b);
        put(g, "  over %ld replications (same seeds):\n", o->replications);
        compare(g, "adopted", &a, &b);
        if (s->forums[f].output == CN_OUTPUT_TREATY) {
            cn_stats_summary(base, L->forum_base[f] + CN_FM_IN_FORCE, &a);
            cn_stats_summary(with, L->forum_base[f] + CN_FM_IN_FORCE, &b);
            compare(g, "in force", &a, &b);
        }
    }
    {
        cn_summary a, b;
        cn_stats_summary(base, L->world_base + CN_WM_BINDING, &a);
        cn_stats_summary(with, L->world_base + CN_WM_BINDING, &b);
        put(g, "\nWorld\n");
        compare(g, "a binding treaty in force", &a, &b);
    }
    if (played_any == 0)
        put(g, "\nNo student sat in a forum this time: the game is the model's own.\n");
    if (o->real[0] != '\0') {
        put(g, "\nWhat really happened: %s.\n", o->real);
        if (s->description[0] != '\0')
            put(g, "  %s\n", s->description);
    }
    put(g, "\nQuestions: which of your choices mattered most?  Where did the model's states "
           "refuse to follow, and why?\n");
    rc = g->status;
done:
    cn_stats_free(with);
    cn_stats_free(base);
    free(alone);
    return rc;
}

/* ---- the game ---------------------------------------------------------- */

int cn_play_run(const cn_scenario *s, const cn_play_opts *o, FILE *in, FILE *out, int echo)
{
    if (o->n_students < 1 || o->n_students > CN_PLAY_MAX_STUDENTS || o->replications < 1 ||
        o->threads < 1 || !(o->step > 0.0) || !(o->budget >= 0.0))
        return CN_EINPUT;
    for (int a = 0; a < o->n_students; a++) {
        if (o->students[a] < 0 || o->students[a] >= s->n_states)
            return CN_EINPUT;
        for (int b = 0; b < a; b++)
            if (o->students[a] == o->students[b])
                return CN_EINPUT;
    }
    game g;
    memset(&g, 0, sizeof g);
    g.s = s;
    g.o = o;
    g.in = in;
    g.out = out;
    g.echo = echo;
    g.vote_forum = -1;
    for (int st = 0; st < o->n_students; st++)
        g.budget[st] = o->budget;
    int rc = CN_ENOMEM;
    cn_metrics_layout L;
    int have_layout = 0;
    double *row = NULL;
    if (cn_metrics_layout_init(s, &L) != CN_OK)
        goto done;
    have_layout = 1;
    row = calloc((size_t)L.n, sizeof *row);
    g.nr = cn_narrator_alloc(s, out, CN_NARRATE_TEXT, -1);
    if (row == NULL || g.nr == NULL)
        goto done;
    cn_hooks h = {.ctx = &g, .trace = game_trace, .session = game_session, .vote = game_vote};
    if ((rc = cn_narrate_replay(s, &L, &h, 0, 1, NULL, row)) != CN_OK)
        goto done;
    if (g.status != CN_OK) {
        rc = g.status;
        goto done;
    }
    if ((rc = cn_narrator_status(g.nr)) != CN_OK)
        goto done;
    rc = debrief(&g, &L, row);
    if (rc == CN_OK && fflush(out) != 0)
        rc = CN_EIO;
done:
    cn_narrator_free(g.nr);
    free(g.log);
    free(g.line);
    free(row);
    if (have_layout)
        cn_metrics_layout_free(&L);
    return rc;
}
