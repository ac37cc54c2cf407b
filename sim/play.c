/* play.c - role-play in the terminal (cn_play.h): a driver over the game
 * engine (cn_game.h).
 *
 * At each pause of the game (a session of a forum a student's state sits
 * in) every student in it takes a turn at the keyboard: the screen,
 * commands read one per line, moves made through the engine; then the
 * session is advanced.  The story between turns is told by the narrator
 * (cn_narrate.h), which observes the game's trace.  Everything the
 * students read goes through one writer that wraps text to the terminal's
 * width (cn_play_opts.width).  The debrief is the engine's
 * (cn_game_debrief_run).  Everything here lives on the calling thread;
 * the narrator runs on the game's replication thread while this one
 * waits in cn_game_start / cn_game_advance (cn_game.h).
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
#include "cn_election.h"
#include "cn_error.h"
#include "cn_game.h"
#include "cn_metrics.h"
#include "cn_narrate.h"
#include "cn_proposal.h"
#include "cn_stats.h"
#include "cn_statename.h"
#include "cn_suggest.h"
#include "cn_world.h"

#define PLAY_LIKELY 8        /* likely objectors shown */
#define PLAY_WORDS (4 * CN_MAX_DIMS * CN_TEXT_LEN)
#define PLAY_LINE 16384      /* one line of output before wrapping */

typedef struct {
    const cn_scenario *s;
    const cn_play_opts *o;
    cn_game *game;
    FILE *in, *out;
    int echo;
    int eof;
    int status;
    cn_narrator *nr;
    FILE *story;                      /* the narrator writes here; copied out wrapped */
    char *story_buf;
    size_t story_len;
    int gone[CN_PLAY_MAX_STUDENTS];   /* quit */
    int sat[CN_PLAY_MAX_STUDENTS];    /* sessions of forums it sits in */
    char *line;                       /* input */
    size_t line_cap;
    char pending[PLAY_LINE];          /* output not yet ended by a newline */
    size_t n_pending;
} game;

void cn_play_defaults(cn_play_opts *o)
{
    memset(o, 0, sizeof *o);
    o->step = 0.1;
    o->budget = 3.0;
    o->replications = 1000;
    o->threads = 1;
}

/* ---- output: wrapped to the width --------------------------------------- */

static void emit(game *g, const char *p, size_t n)
{
    if (n > 0 && fwrite(p, 1, n, g->out) != n)
        g->status = CN_EIO;
}

/* Writes one line (no newline in it) wrapped at o->width (0: as is);
 * continuation lines keep the line's indentation. */
static void emit_line(game *g, const char *p, size_t n)
{
    int width = g->o->width;
    if (width <= 0 || n <= (size_t)width) {
        emit(g, p, n);
        return;
    }
    size_t indent = 0;
    while (indent < n && p[indent] == ' ')
        indent++;
    if (indent > (size_t)width / 2)
        indent = 0;
    size_t col = 0, i = 0;
    int first = 1;
    while (i < n) {
        size_t start = i;
        while (i < n && p[i] == ' ')
            i++;
        size_t ws = i;
        while (i < n && p[i] != ' ')
            i++;
        size_t wl = i - ws;
        if (wl == 0)
            break;
        size_t gap = first ? ws - start : 1;
        if (!first && col + gap + wl > (size_t)width) {
            emit(g, "\n", 1);
            for (size_t k = 0; k < indent; k++)
                emit(g, " ", 1);
            col = indent;
            gap = 0;
        }
        for (size_t k = 0; k < gap; k++)
            emit(g, " ", 1);
        emit(g, p + ws, wl);
        col += gap + wl;
        first = 0;
    }
}

/* Adds text to the output; complete lines are written wrapped. */
static void out_text(game *g, const char *text)
{
    for (const char *p = text; *p != '\0'; p++) {
        if (*p == '\n') {
            emit_line(g, g->pending, g->n_pending);
            emit(g, "\n", 1);
            g->n_pending = 0;
        } else if (g->n_pending + 1 < sizeof g->pending) {
            g->pending[g->n_pending++] = *p;
        }
    }
}

/* Writes what is pending without a newline (a prompt). */
static void out_flush(game *g)
{
    emit(g, g->pending, g->n_pending);
    g->n_pending = 0;
    if (fflush(g->out) != 0)
        g->status = CN_EIO;
}

static void put(game *g, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static void put(game *g, const char *fmt, ...)
{
    char buf[PLAY_LINE];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    out_text(g, buf);
}

/* Copies what the narrator wrote since the last call to the output. */
static void story_out(game *g)
{
    if (fflush(g->story) != 0) {
        g->status = CN_EIO;
        return;
    }
    if (g->story_len > 0 && g->story_buf != NULL) {
        char *copy = malloc(g->story_len + 1);
        if (copy == NULL) {
            g->status = CN_ENOMEM;
            return;
        }
        memcpy(copy, g->story_buf, g->story_len);
        copy[g->story_len] = '\0';
        out_text(g, copy);
        free(copy);
    }
    if (fseeko(g->story, 0, SEEK_SET) != 0)
        g->status = CN_EIO;
    if (fflush(g->story) != 0)
        g->status = CN_EIO;
}

static const char *name(const cn_scenario *s, int i)
{
    return s->states[i].name[0] != '\0' ? s->states[i].name : s->states[i].code;
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
    case CN_RULE_ELECTION:
        snprintf(buf, size, "election by secret ballot (more votes elect; blank ballots do not "
                            "count)");
        break;
    case CN_RULE_CLUB:
        snprintf(buf, size, "club (no vote: states join the founders' standard)");
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

/* "United States'", "Russia's": the possessive of state i's name (in a
 * static rotating buffer: four at a time; the game is single-threaded). */
static const char *whose(const cn_scenario *s, int i)
{
    static char buf[4][96];
    static int next;
    const char *n = name(s, i);
    size_t len = strlen(n);
    char *b = buf[next];
    next = (next + 1) % 4;
    snprintf(b, sizeof buf[0], "%.80s%s", n, len > 0 && n[len - 1] == 's' ? "'" : "'s");
    return b;
}

/* An election's screen: the two candidates, the player's preference and
 * its model vote; support / object / abstain cast a ballot for the
 * first / the second candidate / a blank one. */
static void show_ballot(game *g, int me)
{
    const cn_scenario *s = g->s;
    const cn_world *w = cn_game_world(g->game);
    int f = cn_game_forum(g->game);
    const cn_forum *fo = &s->forums[f];
    const int a = fo->candidates[0], b = fo->candidates[1];
    put(g, "A secret ballot: 'support' votes for %s candidate, 'object' for %s, "
           "'abstain' is a blank ballot.  Nobody will see your ballot, only the totals.\n",
        whose(s, a), whose(s, b));
    char label[96];
    snprintf(label, sizeof label, "%.60s candidate:", whose(s, a));
    show_text(g, label, w->x + (size_t)a * (size_t)w->d);
    snprintf(label, sizeof label, "%.60s candidate:", whose(s, b));
    show_text(g, label, w->x + (size_t)b * (size_t)w->d);
    show_text(g, "Your position:", w->x + (size_t)me * (size_t)w->d);
    double gain = cn_election_gain(w, f, me), pa, pb;
    cn_election_probs(s, gain, &pa, &pb);
    put(g, "You prefer %s candidate (gain %+.3f): left alone, your state votes for %s "
           "with probability %.2f, blank %.2f, for %s %.2f.\n",
        whose(s, gain >= 0.0 ? a : b), gain, whose(s, a), pa, 1.0 - pa - pb, whose(s, b), pb);
    double ea = 0.0, eb = 0.0;
    const cn_forum_state *fs = &w->fs[f];
    for (int t = 0; t < fs->n_members; t++) {
        cn_election_probs(s, cn_election_gain(w, f, fs->members[t]), &pa, &pb);
        ea += pa;
        eb += pb;
    }
    put(g, "Expected count: %.1f for %s candidate, %.1f for %s, of %d voters.\n", ea,
        whose(s, a), eb, whose(s, b), fs->n_members);
    put(g, "Campaign budget left: %.1f.  Type 'help' for the commands.\n",
        cn_game_seat_budget(g->game, me));
}

static void show_screen(game *g, int st)
{
    const cn_scenario *s = g->s;
    const cn_world *w = cn_game_world(g->game);
    int f = cn_game_forum(g->game), session = cn_game_session(g->game);
    const double *text = cn_game_text(g->game);
    const cn_forum *fo = &s->forums[f];
    const cn_forum_state *fs = &w->fs[f];
    int me = g->o->students[st];
    char buf[128];
    put(g, "\n=== Round %d, %s %s %d of %d: %s's turn", w->round, fo->name,
        fo->rule == CN_RULE_ELECTION ? "ballot" : "session", session,
        fo->sessions, name(s, me));
    if (g->o->n_students > 1)
        put(g, " (student %d of %d: pass the keyboard)", st + 1, g->o->n_students);
    put(g, " ===\n");
    if (fo->rule == CN_RULE_ELECTION) {
        put(g, "Rule: %s.\n", rule_text(fo, buf, sizeof buf));
        show_ballot(g, me);
        return;
    }
    put(g, "Chair: %s.  Rule: %s.  Output: %s.\n", name(s, fs->chair), rule_text(fo, buf, sizeof buf),
        cn_output_phrase(fo->output));
    show_text(g, "The draft:    ", text);
    show_text(g, "Your position:", w->x + (size_t)me * (size_t)w->d);
    double gain = cn_decision_gain(w, me, text);
    double ps = 0.0, po = 0.0;
    cn_vote_params vp;
    cn_decision_vote_params(s, fo->rule, &vp);
    /* the forum's vote model for every member at once */
    double g_[CN_MAX_STATES], vps[CN_MAX_STATES], vpo[CN_MAX_STATES];
    cn_decision_probs(w, f, text, &vp, g_, vps, vpo);
    for (int t = 0; t < fs->n_members; t++)
        if (fs->members[t] == me) {
            ps = vps[t];
            po = vpo[t];
        }
    put(g, "For you the text is %s no agreement (gain %+.3f): left alone, your state "
           "supports it with probability %.2f, abstains %.2f, objects %.2f.\n",
        fabs(gain) < s->model.indifference ? "worth about as much as"
                                           : (gain > 0 ? "better than" : "worse than"),
        gain, ps, 1.0 - ps - po, po);
    double e = cn_proposal_expected_support(w, f, text);
    put(g, "Likely coalition: %.1f of %d members expected to support.", e, fs->n_members);
    int shown = 0;
    int idx[CN_MAX_STATES];
    int n = 0;
    /* likely objectors (objecting is their most likely vote), by capability */
    double pobj[CN_MAX_STATES];
    for (int t = 0; t < fs->n_members; t++) {
        int i = fs->members[t];
        double pi_s = vps[t], pi_o = vpo[t];
        pobj[i] = pi_o;
        if (i != me && pi_o > pi_s && pi_o > 1.0 - pi_s - pi_o)
            idx[n++] = i;
    }
    cn_narrate_by_capability(w, idx, n);
    if (n > 0) {
        put(g, " Likely objectors (%d):", n);
        for (int t = 0; t < n && shown < PLAY_LIKELY; t++, shown++) {
            put(g, "%s %s (objects %.2f)", t == 0 ? "" : ",", name(s, idx[t]), pobj[idx[t]]);
        }
        if (n > shown)
            put(g, " and %d more", n - shown);
        put(g, ".");
    }
    put(g, "\nCampaign budget left: %.1f.  Type 'help' for the commands.\n",
        cn_game_seat_budget(g->game, me));
}

static void show_help(game *g)
{
    put(g, "Commands (one per line):\n"
           "  support | object | abstain   cast your vote (ends your turn);\n"
           "                               'vote yes|no|abstain' works too\n"
           "  pass                         let the model vote for you\n"
           "  amend DIM up|down            move the text by %.2f on dimension DIM\n"
           "                               (once per session), e.g. 'amend form down'\n"
           "  campaign STATE [AMOUNT]      spend budget: STATE listens to you more\n"
           "                               (default 1), e.g. 'campaign Kenya 1.5'\n"
           "  who                          every member's chance of supporting\n"
           "  show                         the screen again\n"
           "  quit                         leave; the model plays your state\n",
        g->o->step);
}

static void show_who(game *g)
{
    const cn_scenario *s = g->s;
    const cn_world *w = cn_game_world(g->game);
    int f = cn_game_forum(g->game);
    const double *text = cn_game_text(g->game);
    const cn_forum_state *fs = &w->fs[f];
    cn_vote_params vp;
    cn_decision_vote_params(s, s->forums[f].rule, &vp);
    const int election = s->forums[f].rule == CN_RULE_ELECTION;
    if (election)
        put(g, "Chance each member votes for %s candidate / blank / for %s (model):\n",
            whose(s, s->forums[f].candidates[0]), whose(s, s->forums[f].candidates[1]));
    else
        put(g, "Chance each member supports / abstains / objects (model):\n");
    int cols = g->o->width > 0 ? g->o->width / 38 : 2;
    if (cols < 1)
        cols = 1;
    int col = 0;
    double g_[CN_MAX_STATES], vps[CN_MAX_STATES], vpo[CN_MAX_STATES];
    cn_decision_probs(w, f, text, &vp, g_, vps, vpo);
    for (int t = 0; t < fs->n_members; t++) {
        int i = fs->members[t];
        double ps = vps[t], po = vpo[t];
        if (election)
            cn_election_probs(s, cn_election_gain(w, f, i), &ps, &po);
        put(g, "  %-20.20s %4.2f/%4.2f/%4.2f", name(s, i), ps, 1.0 - ps - po, po);
        if (++col == cols) {
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
    out_flush(g);
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

/* Splits line into at most 8 words (lowercase first word). */
static int split(char *line, char **wd)
{
    int n = 0;
    char *save = NULL;
    for (char *t = strtok_r(line, " \t", &save); t != NULL && n < 8;
         t = strtok_r(NULL, " \t", &save))
        wd[n++] = t;
    if (n > 0)
        for (char *c = wd[0]; *c != '\0'; c++)
            *c = (char)tolower((unsigned char)*c);
    return n;
}

static int find_dim(const cn_scenario *s, const char *word)
{
    for (int k = 0; k < s->n_dims; k++)
        if (strcasecmp(s->dims[k].name, word) == 0)
            return k;
    return -1;
}

static void cmd_amend(game *g, int st, char **wd, int n)
{
    const cn_scenario *s = g->s;
    const cn_world *w = cn_game_world(g->game);
    int f = cn_game_forum(g->game);
    if (n != 3) {
        put(g, "Usage: amend DIM up|down, e.g. 'amend %s down'.\n", s->dims[0].name);
        return;
    }
    int k = find_dim(s, wd[1]);
    if (k < 0) {
        put(g, "No dimension '%s'; the dimensions are:", wd[1]);
        for (int j = 0; j < s->n_dims; j++)
            put(g, " %s", s->dims[j].name);
        put(g, ".\n");
        return;
    }
    int dir;
    if (strcasecmp(wd[2], "up") == 0 || strcmp(wd[2], "+") == 0)
        dir = 1;
    else if (strcasecmp(wd[2], "down") == 0 || strcmp(wd[2], "-") == 0)
        dir = -1;
    else {
        put(g, "Say 'up' or 'down', not '%s'.\n", wd[2]);
        return;
    }
    const double *text = cn_game_text(g->game);
    double e0 = cn_proposal_expected_support(w, f, text);
    double old = text[k];
    char msg[256];
    int rc = cn_game_amend(g->game, g->o->students[st], k, dir, msg, sizeof msg);
    if (rc == CN_ENOMEM) {
        g->status = rc;
        return;
    }
    if (rc != CN_OK) {
        put(g, "%s\n", msg);
        return;
    }
    text = cn_game_text(g->game);
    put(g, "Amendment accepted: %s %.2f -> %.2f.  Expected support %.1f -> %.1f.\n",
        s->dims[k].name, old, text[k], e0, cn_proposal_expected_support(w, f, text));
    show_text(g, "The draft now:", text);
}

/* campaign STATE NAME... [AMOUNT] */
static void cmd_campaign(game *g, int st, char **wd, int n)
{
    const cn_scenario *s = g->s;
    int me = g->o->students[st];
    if (n < 2) {
        put(g, "Usage: campaign STATE [AMOUNT], e.g. 'campaign %s 1'.\n",
            name(s, me == 0 && s->n_states > 1 ? 1 : 0));
        return;
    }
    double amount = 1.0;
    int last = n;
    char *end;
    double a = strtod(wd[n - 1], &end);
    int numeric = *end == '\0' && end != wd[n - 1];
    if (n > 2 && numeric) {
        amount = a;
        last = n - 1;
    } else if (n > 2 && (wd[n - 1][0] == '-' || isdigit((unsigned char)wd[n - 1][0]))) {
        put(g, "AMOUNT must be a positive number, not '%s'.\n", wd[n - 1]);
        return;
    }
    char who[256] = "";
    for (int k = 1; k < last; k++) {
        size_t u = strlen(who);
        snprintf(who + u, sizeof who - u, "%s%s", k == 1 ? "" : " ", wd[k]);
    }
    int sugg[CN_STATENAME_SUGGEST];
    int t = cn_statename_find(s, who, sugg);
    if (t < 0) {
        if (n > 2 && !numeric) {
            /* maybe "campaign BBB lots": a state, then a bad amount */
            char head[256] = "";
            for (int k = 1; k < n - 1; k++) {
                size_t u = strlen(head);
                snprintf(head + u, sizeof head - u, "%s%s", k == 1 ? "" : " ", wd[k]);
            }
            if (cn_statename_find(s, head, NULL) >= 0) {
                put(g, "AMOUNT must be a positive number, not '%s'.\n", wd[n - 1]);
                return;
            }
        }
        char hint[512];
        cn_statename_hint(s, sugg, hint, sizeof hint);
        put(g, "No state '%s'%s\n", who, hint[0] != '\0' ? hint : ".");
        return;
    }
    if (!(amount > 0.0) || !isfinite(amount)) {
        put(g, "AMOUNT must be a positive number, not '%s'.\n", wd[n - 1]);
        return;
    }
    char msg[256];
    int rc = cn_game_campaign(g->game, me, t, amount, msg, sizeof msg);
    if (rc == CN_ENOMEM) {
        g->status = rc;
        return;
    }
    if (rc != CN_OK) {
        put(g, "%s\n", msg);
        return;
    }
    const cn_world *w = cn_game_world(g->game);
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
    put(g, "Budget left: %.1f.\n", cn_game_seat_budget(g->game, me));
}

/* The vote a word names (yes/support/for, no/object/against, abstain), or
 * CN_VOTE_NONE. */
static int vote_word(const char *w)
{
    if (strcasecmp(w, "support") == 0 || strcasecmp(w, "s") == 0 || strcasecmp(w, "yes") == 0 ||
        strcasecmp(w, "y") == 0 || strcasecmp(w, "for") == 0)
        return CN_VOTE_SUPPORT;
    if (strcasecmp(w, "object") == 0 || strcasecmp(w, "o") == 0 || strcasecmp(w, "no") == 0 ||
        strcasecmp(w, "n") == 0 || strcasecmp(w, "against") == 0)
        return CN_VOTE_OBJECT;
    if (strcasecmp(w, "abstain") == 0 || strcasecmp(w, "a") == 0)
        return CN_VOTE_ABSTAIN;
    return CN_VOTE_NONE;
}

/* One student's turn; returns when a vote (or pass/quit) is chosen or input ends. */
static void turn(game *g, int st)
{
    int me = g->o->students[st];
    show_screen(g, st);
    const char *prompt = g->s->states[me].code;
    while (g->status == CN_OK && read_line(g, prompt)) {
        char *wd[8];
        int n = split(g->line, wd);
        if (n == 0)
            continue;
        int v = vote_word(wd[0]);
        if (strcmp(wd[0], "vote") == 0) {
            v = n == 2 ? vote_word(wd[1]) : CN_VOTE_NONE;
            if (v == CN_VOTE_NONE) {
                put(g, "Vote with 'support', 'object' or 'abstain' (or 'vote yes', 'vote no', "
                       "'vote abstain').\n");
                continue;
            }
        } else if (v != CN_VOTE_NONE && n > 1) {
            put(g, "'%s' takes nothing after it.\n", wd[0]);
            continue;
        }
        if (v != CN_VOTE_NONE) {
            char msg[256];
            int rc = cn_game_vote(g->game, me, v, msg, sizeof msg);
            if (rc != CN_OK) {
                if (rc == CN_ENOMEM)
                    g->status = rc;
                else
                    put(g, "%s\n", msg);
                continue;
            }
            const cn_forum *fo = &g->s->forums[cn_game_forum(g->game)];
            if (fo->rule == CN_RULE_ELECTION && v != CN_VOTE_ABSTAIN)
                put(g, "%s will vote for %s candidate (a secret ballot).\n", name(g->s, me),
                    whose(g->s, fo->candidates[v == CN_VOTE_SUPPORT ? 0 : 1]));
            else if (fo->rule == CN_RULE_ELECTION)
                put(g, "%s will cast a blank ballot.\n", name(g->s, me));
            else
                put(g, "%s will %s.\n", name(g->s, me),
                    v == CN_VOTE_SUPPORT ? "support" : v == CN_VOTE_OBJECT ? "object" : "abstain");
            return;
        }
        if (strcmp(wd[0], "pass") == 0) {
            put(g, "The model votes for %s this session.\n", name(g->s, me));
            return;
        }
        if (strcmp(wd[0], "quit") == 0) {
            g->gone[st] = 1;
            cn_game_unseat(g->game, me);
            put(g, "%s leaves the game; the model plays it from now on.\n", name(g->s, me));
            return;
        }
        if (strcmp(wd[0], "amend") == 0)
            cmd_amend(g, st, wd, n);
        else if (strcmp(wd[0], "campaign") == 0)
            cmd_campaign(g, st, wd, n);
        else if (strcmp(wd[0], "who") == 0)
            show_who(g);
        else if (strcmp(wd[0], "show") == 0)
            show_screen(g, st);
        else if (strcmp(wd[0], "help") == 0 || strcmp(wd[0], "?") == 0)
            show_help(g);
        else {
            const char *cmds[] = {"support", "object", "abstain", "pass", "amend",
                                  "campaign", "who", "show", "help", "quit", "vote"};
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

/* ---- the story ---------------------------------------------------------- */

static int is_member(const cn_world *w, int f, int i)
{
    const cn_forum_state *fs = &w->fs[f];
    for (int t = 0; t < fs->n_members; t++)
        if (fs->members[t] == i)
            return 1;
    return 0;
}

/* The game's trace observer (on the replication's thread, while the
 * driver waits): the narrator, and who plays what at the start. */
static void play_trace(void *ctx, const cn_world *w, const cn_trace_event *ev)
{
    game *g = ctx;
    cn_narrator_trace(g->nr, w, ev);
    story_out(g);
    if (ev->kind == CN_TRACE_SESSION)
        for (int st = 0; st < g->o->n_students; st++)
            if (is_member(w, ev->forum, g->o->students[st]))
                g->sat[st]++;
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

/* ---- the debrief ------------------------------------------------------- */

static void outcome(game *g, const cn_metrics_layout *L, const double *row, int f)
{
    const double *o = row + L->forum_base[f];
    const cn_forum *fo = &g->s->forums[f];
    if (fo->rule == CN_RULE_ELECTION) {
        int first = o[CN_FM_SUPPORTERS] > o[CN_FM_OBJECTORS];
        if (o[CN_FM_SUPPORTERS] == o[CN_FM_OBJECTORS])
            put(g, "nobody elected");
        else
            put(g, "%s candidate elected", whose(g->s, fo->candidates[first ? 0 : 1]));
        put(g, "; %.0f for %s, %.0f for %s, %.0f blank\n", o[CN_FM_SUPPORTERS],
            whose(g->s, fo->candidates[0]), o[CN_FM_OBJECTORS], whose(g->s, fo->candidates[1]),
            o[CN_FM_ABSTAINERS]);
        return;
    }
    if (fo->rule == CN_RULE_CLUB) {
        if (o[CN_FM_ADOPTED] > 0.5)
            put(g, "a club of %.0f members at the end (%.0f founders)\n", o[CN_FM_PARTIES],
                o[CN_FM_SUPPORTERS]);
        else
            put(g, "never founded\n");
        return;
    }
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

static int debrief(game *g)
{
    const cn_scenario *s = g->s;
    const cn_play_opts *o = g->o;
    const cn_metrics_layout *L = cn_game_layout(g->game);
    const double *played = cn_game_row(g->game);
    int n_moves;
    const cn_game_move *moves = cn_game_moves(g->game, &n_moves);
    put(g, "\n=== Debrief ===\n");
    int played_any = 0;
    for (int st = 0; st < o->n_students; st++) {
        put(g, "%s sat in %d session%s.\n", name(s, o->students[st]), g->sat[st],
            g->sat[st] == 1 ? "" : "s");
        played_any += g->sat[st];
    }
    put(g, "Your choices: %d (votes, amendments, campaigns).\n", n_moves);
    cn_game_debrief d;
    int rc = cn_game_debrief_run(s, moves, n_moves, o->students, o->n_students, o->replications,
                                 &d);
    if (rc != CN_OK)
        return rc;
    for (int f = 0; f < s->n_forums; f++) {
        put(g, "\n%s\n  your game:                  ", s->forums[f].name);
        outcome(g, L, played, f);
        put(g, "  same luck, without students: ");
        outcome(g, L, d.alone_row, f);
        cn_summary a, b;
        cn_stats_summary(d.alone, L->forum_base[f] + CN_FM_ADOPTED, &a);
        cn_stats_summary(d.with, L->forum_base[f] + CN_FM_ADOPTED, &b);
        put(g, "  over %ld replications (same seeds):\n", o->replications);
        char what[160];
        if (s->forums[f].rule == CN_RULE_ELECTION)
            snprintf(what, sizeof what, "%s candidate elected",
                     whose(s, s->forums[f].candidates[0]));
        else
            snprintf(what, sizeof what, "%s",
                     s->forums[f].rule == CN_RULE_CLUB ? "the club founded" : "adopted");
        compare(g, what, &a, &b);
        if (s->forums[f].output == CN_OUTPUT_TREATY) {
            cn_stats_summary(d.alone, L->forum_base[f] + CN_FM_IN_FORCE, &a);
            cn_stats_summary(d.with, L->forum_base[f] + CN_FM_IN_FORCE, &b);
            compare(g, "in force", &a, &b);
        }
    }
    {
        cn_summary a, b;
        cn_stats_summary(d.alone, L->world_base + CN_WM_BINDING, &a);
        cn_stats_summary(d.with, L->world_base + CN_WM_BINDING, &b);
        put(g, "\nWorld\n");
        compare(g, "a binding instrument in force", &a, &b);
    }
    put(g, "\nScores (how close the adopted texts came to each state's interests: its "
           "utility gain over no agreement, summed over the forums; higher is better):\n");
    for (int st = 0; st < o->n_students; st++)
        put(g, "  %s: your game %+.3f; same luck without students %+.3f; mean over %ld "
               "replications: model alone %+.3f, with your choices %+.3f\n",
            name(s, o->students[st]), d.score_game[st], d.score_same[st], o->replications,
            d.score_alone[st], d.score_with[st]);
    cn_game_debrief_free(&d);
    if (played_any == 0)
        put(g, "\nNo student sat in a forum this time: the game is the model's own.\n");
    if (o->real[0] != '\0') {
        put(g, "\nWhat really happened: %s.\n", o->real);
        if (s->description[0] != '\0')
            put(g, "  %s\n", s->description);
    }
    put(g, "\nQuestions: which of your choices mattered most?  Where did the model's states "
           "refuse to follow, and why?\n");
    return g->status;
}

/* ---- the game ---------------------------------------------------------- */

int cn_play_run(const cn_scenario *s, const cn_play_opts *o, FILE *in, FILE *out, int echo)
{
    if (o->n_students < 1 || o->n_students > CN_PLAY_MAX_STUDENTS || o->replications < 1 ||
        o->threads < 1 || !(o->step > 0.0) || !(o->budget >= 0.0) || o->width < 0)
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
    int rc = CN_ENOMEM;
    /* the story is told without what really happened (kept for the debrief) */
    cn_scenario told = *s;
    cn_game_public_description(s, told.description, sizeof told.description);
    g.story = open_memstream(&g.story_buf, &g.story_len);
    if (g.story == NULL)
        goto done;
    g.nr = cn_narrator_alloc(&told, g.story, CN_NARRATE_TEXT, -1);
    if (g.nr == NULL)
        goto done;
    cn_game_opts go;
    cn_game_defaults(&go);
    go.step = o->step;
    go.budget = o->budget;
    go.trace = play_trace;
    go.trace_ctx = &g;
    if ((rc = cn_game_new(s, &go, &g.game)) != CN_OK)
        goto done;
    for (int st = 0; st < o->n_students; st++)
        if ((rc = cn_game_seat(g.game, o->students[st])) != CN_OK)
            goto done;
    if ((rc = cn_game_start(g.game)) != CN_OK)
        goto done;
    while (cn_game_phase_of(g.game) == CN_GAME_PAUSED && g.status == CN_OK) {
        const cn_world *w = cn_game_world(g.game);
        int f = cn_game_forum(g.game);
        for (int st = 0; st < o->n_students && g.status == CN_OK; st++) {
            if (!is_member(w, f, o->students[st]) || g.gone[st])
                continue;
            if (g.eof) {
                cn_game_unseat(g.game, o->students[st]);
                continue;
            }
            turn(&g, st);
            if (g.eof)
                for (int k = 0; k < o->n_students; k++)
                    cn_game_unseat(g.game, o->students[k]);
        }
        if ((rc = cn_game_advance(g.game)) != CN_OK)
            goto done;
    }
    if (g.status != CN_OK) {
        rc = g.status;
        goto done;
    }
    if ((rc = cn_narrator_status(g.nr)) != CN_OK)
        goto done;
    rc = debrief(&g);
    out_flush(&g);
    if (rc == CN_OK)
        rc = g.status;
done:
    cn_game_free(g.game);
    cn_narrator_free(g.nr);
    if (g.story != NULL)
        fclose(g.story);
    free(g.story_buf);
    free(g.line);
    return rc;
}
