/* narrate.c - one replication told in plain English or Markdown
 * (cn_narrate.h).
 *
 * The narrator is a trace hook: it reads the world at each event and
 * writes paragraphs; it never draws random numbers and never changes the
 * world.  It allocates its buffers once (cn_narrator_alloc); a write
 * failure is remembered (cn_narrator_status) since hooks return nothing.
 * A narrator belongs to the thread running its replication.
 */
#include "cn_narrate.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_rng.h>

#include "cn_club.h"
#include "cn_decision.h"
#include "cn_load.h"
#include "cn_metrics.h"
#include "cn_proposal.h"
#include "cn_replication.h"
#include "cn_rng.h"
#include "cn_schema.h"

#define NR_PARA 16384   /* one paragraph */
#define NR_WIDTH 78     /* text format: wrap at this column */
#define NR_LIST 10      /* names listed before "and N others" */
#define NR_DETAIL 6     /* objectors explained one by one */
#define NR_MOVERS 3     /* states named in "how positions moved" */
#define NR_MOVED 0.01
#define NR_NAMES 8
#define NR_NAME_LEN 80   /* a move below this on a dimension is not told */

struct cn_narrator {
    const cn_scenario *s;
    FILE *out;
    cn_narrate_format fmt;
    int forum;          /* -1: all */
    int status;
    int round_told;     /* last round whose heading was written */
    int started;        /* positions at the start recorded */
    double *x_start;    /* na*d */
    int *order;         /* n scratch: states by capability */
    char *para;         /* NR_PARA */
    char names[NR_NAMES][NR_NAME_LEN]; /* rotating buffers of name_of */
    int next_name;
};

/* ---- words ------------------------------------------------------------- */

void cn_narrate_cat(char *buf, size_t size, const char *fmt, ...)
{
    size_t n = strlen(buf);
    if (n + 1 >= size)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf + n, size - n, fmt, ap);
    va_end(ap);
}

void cn_narrate_label(const cn_dimension *dim, int high, char *buf, size_t size)
{
    const char *t = high ? dim->high : dim->low;
    if (size == 0)
        return;
    buf[0] = '\0';
    size_t n = strcspn(t, ":");
    while (n > 0 && t[n - 1] == ' ')
        n--;
    if (n == 0) {
        cn_narrate_cat(buf, size, "%s %s", high ? "high" : "low", dim->name);
        return;
    }
    if (n >= size)
        n = size - 1;
    memcpy(buf, t, n);
    buf[n] = '\0';
}

void cn_narrate_words(const cn_dimension *dim, double v, char *buf, size_t size)
{
    char lo[CN_TEXT_LEN], hi[CN_TEXT_LEN];
    cn_narrate_label(dim, 0, lo, sizeof lo);
    cn_narrate_label(dim, 1, hi, sizeof hi);
    if (size == 0)
        return;
    buf[0] = '\0';
    if (v < 0.15)
        cn_narrate_cat(buf, size, "%s", lo);
    else if (v < 0.35)
        cn_narrate_cat(buf, size, "mostly %s, with light language on %s", lo, hi);
    else if (v <= 0.65)
        cn_narrate_cat(buf, size, "balanced between %s and %s", lo, hi);
    else if (v <= 0.85)
        cn_narrate_cat(buf, size, "mostly %s, with light language on %s", hi, lo);
    else
        cn_narrate_cat(buf, size, "%s", hi);
}

void cn_narrate_text(const cn_scenario *s, const double *y, char *buf, size_t size)
{
    char w[2 * CN_TEXT_LEN + 64];
    if (size == 0)
        return;
    buf[0] = '\0';
    for (int k = 0; k < s->n_dims; k++) {
        cn_narrate_words(&s->dims[k], y[k], w, sizeof w);
        cn_narrate_cat(buf, size, "%s%s %.2f (%s)", k == 0 ? "" : "; ", s->dims[k].name, y[k], w);
    }
}

/* The text of forum f in words, its issues only; the others are named as
 * not at issue (a text about cybercrime says nothing on form). */
static void forum_text(const cn_scenario *s, int f, const double *y, char *buf, size_t size)
{
    const unsigned issues = s->forums[f].issues;
    char w[2 * CN_TEXT_LEN + 64];
    if (size == 0)
        return;
    if (issues == 0u) {
        cn_narrate_text(s, y, buf, size);
        return;
    }
    buf[0] = '\0';
    for (int k = 0, first = 1; k < s->n_dims; k++) {
        if (!(issues >> k & 1u))
            continue;
        cn_narrate_words(&s->dims[k], y[k], w, sizeof w);
        cn_narrate_cat(buf, size, "%s%s %.2f (%s)", first ? "" : "; ", s->dims[k].name, y[k], w);
        first = 0;
    }
    for (int k = 0, first = 1; k < s->n_dims; k++) {
        if (issues >> k & 1u)
            continue;
        cn_narrate_cat(buf, size, "%s%s", first ? "; not at issue here: " : ", ", s->dims[k].name);
        first = 0;
    }
}

int cn_narrate_sticking_point(const cn_world *w, int i, const double *y)
{
    const int d = w->d;
    const double p = w->s->model.p;
    int best = 0;
    double worst = -1.0;
    for (int k = 0; k < d; k++) {
        /* only the issues of the text being decided count (cn_world_decide) */
        double loss = w->issue_w[k] * w->sal[i * d + k] * pow(fabs(w->x[i * d + k] - y[k]), p);
        if (loss > worst) {
            worst = loss;
            best = k;
        }
    }
    return best;
}

/* ---- output ------------------------------------------------------------ */

static void out_raw(cn_narrator *nr, const char *text)
{
    if (nr->status != CN_OK)
        return;
    if (fputs(text, nr->out) == EOF)
        nr->status = CN_EIO;
}

/* Writes nr->para as a paragraph: wrapped and indented in text, a bullet
 * in Markdown. */
static void flush_para(cn_narrator *nr)
{
    const char *p = nr->para;
    if (p[0] == '\0')
        return;
    if (nr->fmt == CN_NARRATE_MD) {
        out_raw(nr, "- ");
        out_raw(nr, p);
        out_raw(nr, "\n");
        nr->para[0] = '\0';
        return;
    }
    const char *indent = "  ";
    int col = 0;
    char word[NR_PARA];
    while (*p != '\0') {
        while (*p == ' ')
            p++;
        size_t n = strcspn(p, " ");
        if (n == 0)
            break;
        memcpy(word, p, n);
        word[n] = '\0';
        p += n;
        if (col > 0 && col + 1 + (int)n > NR_WIDTH) {
            out_raw(nr, "\n");
            col = 0;
        }
        if (col == 0) {
            out_raw(nr, indent);
            col = (int)strlen(indent);
        } else {
            out_raw(nr, " ");
            col++;
        }
        out_raw(nr, word);
        col += (int)n;
    }
    out_raw(nr, "\n");
    nr->para[0] = '\0';
}

static void say(cn_narrator *nr, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Appends to the current paragraph. */
static void say(cn_narrator *nr, const char *fmt, ...)
{
    size_t n = strlen(nr->para);
    if (n + 1 >= NR_PARA)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(nr->para + n, NR_PARA - n, fmt, ap);
    va_end(ap);
}

static void heading(cn_narrator *nr, int level, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static void heading(cn_narrator *nr, int level, const char *fmt, ...)
{
    char h[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(h, sizeof h, fmt, ap);
    va_end(ap);
    flush_para(nr);
    if (nr->fmt == CN_NARRATE_MD) {
        out_raw(nr, "\n");
        for (int i = 0; i < level; i++)
            out_raw(nr, "#");
        out_raw(nr, " ");
        out_raw(nr, h);
        out_raw(nr, "\n\n");
    } else if (level <= 2) {
        out_raw(nr, level == 1 ? "" : "\n");
        out_raw(nr, level == 1 ? "" : "== ");
        out_raw(nr, h);
        out_raw(nr, level == 1 ? "\n" : " ==\n");
    } else {
        out_raw(nr, "\n");
        out_raw(nr, h);
        out_raw(nr, "\n");
    }
}

/* State i's name, with "the" where English wants it ("the United
 * States", "the Netherlands"); Cap: at the start of a sentence.  The
 * result lives in one of the narrator's rotating name buffers. */
static const char *name_of(cn_narrator *nr, int i, int cap)
{
    const cn_state *st = &nr->s->states[i];
    const char *n = st->name[0] != '\0' ? st->name : st->code;
    static const char *const with_the[] = {"United ", "Netherlands", "Philippines", "Bahamas",
                                           "Gambia", "Republic", "Federation", "Kingdom",
                                           "Emirates", "Islands"};
    int the = 0;
    for (size_t k = 0; k < sizeof with_the / sizeof with_the[0]; k++)
        if (strstr(n, with_the[k]) != NULL)
            the = 1;
    char *buf = nr->names[nr->next_name];
    nr->next_name = (nr->next_name + 1) % NR_NAMES;
    snprintf(buf, NR_NAME_LEN, "%s%.70s", the ? (cap ? "The " : "the ") : "", n);
    return buf;
}

/* ---- the narrator ------------------------------------------------------ */

cn_narrator *cn_narrator_alloc(const cn_scenario *s, FILE *out, cn_narrate_format fmt, int forum)
{
    cn_narrator *nr = calloc(1, sizeof *nr);
    if (nr == NULL)
        return NULL;
    nr->s = s;
    nr->out = out;
    nr->fmt = fmt;
    nr->forum = forum;
    size_t na = (size_t)s->n_states + (size_t)s->n_stakeholders;
    nr->x_start = calloc(na * (size_t)s->n_dims + 1, sizeof(double));
    nr->order = calloc((size_t)s->n_states + 1, sizeof(int));
    nr->para = calloc(NR_PARA, 1);
    if (nr->x_start == NULL || nr->order == NULL || nr->para == NULL)
        goto fail;
    return nr;
fail:
    cn_narrator_free(nr);
    return NULL;
}

void cn_narrator_free(cn_narrator *nr)
{
    if (nr == NULL)
        return;
    free(nr->x_start);
    free(nr->order);
    free(nr->para);
    free(nr);
}

int cn_narrator_status(const cn_narrator *nr)
{
    return nr->status;
}

/* Insertion sort: n is at most the states of one vote. */
void cn_narrate_by_capability(const cn_world *w, int *idx, int n)
{
    for (int a = 1; a < n; a++) {
        int v = idx[a], b = a;
        while (b > 0 && w->cap[idx[b - 1]] < w->cap[v]) {
            idx[b] = idx[b - 1];
            b--;
        }
        idx[b] = v;
    }
}

/* Members of forum f whose last vote was `vote`, by capability, into
 * nr->order; returns how many. */
static int voters(cn_narrator *nr, const cn_world *w, int f, int vote)
{
    const cn_forum_state *fs = &w->fs[f];
    int n = 0;
    for (int t = 0; t < fs->n_members; t++) {
        int i = fs->members[t];
        if (fs->vote[i] == vote)
            nr->order[n++] = i;
    }
    cn_narrate_by_capability(w, nr->order, n);
    return n;
}

/* "A, B and C" (at most NR_LIST names, then "and N others"). */
static void say_names(cn_narrator *nr, const int *idx, int n)
{
    int shown = n > NR_LIST ? NR_LIST : n;
    for (int t = 0; t < shown; t++) {
        const char *sep = t == 0 ? "" : (t == shown - 1 && shown == n) ? " and " : ", ";
        say(nr, "%s%s", sep, name_of(nr, idx[t], 0));
    }
    if (n > shown)
        say(nr, " and %d other%s", n - shown, n - shown == 1 ? "" : "s");
}

static int forum_told(const cn_narrator *nr, int f)
{
    return nr->forum < 0 || nr->forum == f;
}

/* " (2019-09)": the first month of round `round` on the scenario's
 * calendar, or "" without one. */
static const char *round_date(const cn_narrator *nr, int round, char *buf, size_t size)
{
    char ym[16];
    cn_calendar_format(cn_calendar_month(&nr->s->calendar, round), ym, sizeof ym);
    if (ym[0] == '\0')
        buf[0] = '\0';
    else
        snprintf(buf, size, " (%s)", ym);
    return buf;
}

/* " (2025-10)": the date a treaty of forum f opens for signature in round
 * `round`: its own signature_opens when that falls in the round, else the
 * round's first month ("" without a calendar). */
static const char *opening_date(const cn_narrator *nr, int f, int round, char *buf, size_t size)
{
    const cn_scenario *s = nr->s;
    int m = s->forums[f].signature_opens;
    if (m < 0 || s->calendar.start < 0 || cn_calendar_round(&s->calendar, m) != round)
        return round_date(nr, round, buf, size);
    char ym[16];
    cn_calendar_format(m, ym, sizeof ym);
    snprintf(buf, size, " (%s)", ym);
    return buf;
}

static void round_heading(cn_narrator *nr, int round)
{
    char date[24];
    if (nr->round_told == round)
        return;
    nr->round_told = round;
    heading(nr, 2, "Round %d%s", round, round_date(nr, round, date, sizeof date));
}

static const char *rule_phrase(cn_rule r)
{
    switch (r) {
    case CN_RULE_CONSENSUS: return "consensus";
    case CN_RULE_UNANIMITY: return "unanimity";
    case CN_RULE_MAJORITY: return "a simple majority";
    case CN_RULE_TWO_THIRDS: return "a two-thirds majority";
    case CN_RULE_COUNCIL: return "the Security Council rule (a quota of yes votes, no veto)";
    case CN_RULE_ELECTION: return "a secret ballot between two candidates";
    case CN_RULE_CLUB: return "no vote: a club";
    }
    return "its rule";
}

/* "the United States' candidate": candidate k of election f. */
static const char *candidate(cn_narrator *nr, int f, int k, int cap)
{
    const char *n = name_of(nr, nr->s->forums[f].candidates[k], cap);
    char *buf = nr->names[nr->next_name];
    nr->next_name = (nr->next_name + 1) % NR_NAMES;
    size_t len = strlen(n);
    snprintf(buf, NR_NAME_LEN, "%.60s%s candidate", n, len > 0 && n[len - 1] == 's' ? "'" : "'s");
    return buf;
}

/* The opening line of a forum that is not negotiated: an election, a club. */
static int tell_start_route(cn_narrator *nr, const cn_world *w, int f)
{
    const cn_forum *fo = &nr->s->forums[f];
    const cn_forum_state *fs = &w->fs[f];
    if (fo->rule == CN_RULE_ELECTION) {
        say(nr, "The %s elects its head by secret ballot among %d member%s from round %d: %s "
                "against %s. Each member votes for the candidate whose state's position it "
                "prefers%s; blank ballots do not count, a tie means another ballot (at most %d).",
            fo->name, fs->n_members, fs->n_members == 1 ? "" : "s", fo->start,
            candidate(nr, f, 0, 0), candidate(nr, f, 1, 0),
            fo->issues != 0u ? " on the issues of this body" : "", fo->sessions);
        return 1;
    }
    if (fo->rule == CN_RULE_CLUB) {
        say(nr, "The %s is a club: from round %d its %d founder%s (", fo->name, fo->start,
            fs->n_members, fs->n_members == 1 ? "" : "s");
        say_names(nr, fs->members, fs->n_members);
        say(nr, ") publish a standard without a vote. Any other state may join when belonging "
                "is worth it to it (its position against the standard, the market access the "
                "members offer, the club's size%s) and may leave again.",
            fo->sponsor >= 0 ? ", the campaigns of its sponsor" : "");
        return 1;
    }
    return 0;
}

static void tell_start(cn_narrator *nr, const cn_world *w)
{
    const cn_scenario *s = nr->s;
    memcpy(nr->x_start, w->x, (size_t)w->na * (size_t)w->d * sizeof(double));
    nr->started = 1;
    heading(nr, 1, "%s: one negotiation, told", s->name);
    if (s->description[0] != '\0') {
        say(nr, "%s", s->description);
        flush_para(nr);
    }
    say(nr, "This is replication 0 of seed %lu: the first of the replications `cybernorms run` "
            "counts with this seed.", s->run.seed);
    if (s->calendar.start >= 0) {
        char ym[16];
        cn_calendar_format(s->calendar.start, ym, sizeof ym);
        say(nr, " A round is %d month%s; round 1 starts in %s.", s->calendar.round_months,
            s->calendar.round_months == 1 ? "" : "s", ym);
    }
    flush_para(nr);
    for (int f = 0; f < s->n_forums; f++) {
        if (!forum_told(nr, f))
            continue;
        const cn_forum *fo = &s->forums[f];
        if (tell_start_route(nr, w, f)) {
            flush_para(nr);
            continue;
        }
        say(nr, "The %s sits with %d member%s from round %d for up to %d session%s and decides "
                "by %s", fo->name, w->fs[f].n_members, w->fs[f].n_members == 1 ? "" : "s",
            fo->start, fo->sessions, fo->sessions == 1 ? "" : "s", rule_phrase(fo->rule));
        if (fo->rule == CN_RULE_CONSENSUS && fo->footnotes > 0)
            say(nr, ", though up to %d objection%s can be put in footnotes", fo->footnotes,
                fo->footnotes == 1 ? "" : "s");
        say(nr, "; it is negotiating %s.", cn_output_phrase(fo->output));
        flush_para(nr);
    }
}

/* The first camp bloc of state i, or -1. */
static int camp_of(const cn_scenario *s, int i)
{
    for (int b = 0; b < s->n_blocs; b++)
        if (s->blocs[b].camp)
            for (int k = 0; k < s->blocs[b].n_members; k++)
                if (s->blocs[b].members[k] == i)
                    return b;
    return -1;
}

static void tell_incident(cn_narrator *nr, const cn_world *w, const cn_trace_event *ev)
{
    const cn_scenario *s = nr->s;
    round_heading(nr, ev->round);
    if (ev->a >= 0)
        say(nr, "%s major cyber incident hits %s.", ev->session == 1 ? "As scripted, a" : "A",
            name_of(nr, ev->a, 0));
    if (ev->b >= 0) {
        int n = 0;
        for (int i = 0; i < w->n; i++)
            if (w->accusers[i])
                nr->order[n++] = i;
        cn_narrate_by_capability(w, nr->order, n);
        say(nr, " ");
        if (n > 0) {
            say(nr, "%s", name_of(nr, nr->order[0], 1));
            if (n > 1) {
                say(nr, n == 2 ? " and " : ", ");
                say_names(nr, nr->order + 1, n - 1);
            }
        }
        if (ev->a >= 0)
            say(nr, " publicly attribute%s it to %s", n == 1 ? "s" : "", name_of(nr, ev->b, 0));
        else
            say(nr, " publicly attribute%s an earlier operation to %s%s", n == 1 ? "s" : "",
                name_of(nr, ev->b, 0), ev->session == 2 ? " (a scripted statement)" : "");
        int camp = camp_of(s, ev->b);
        if (camp >= 0)
            say(nr, ". Naming and shaming between the camps: ties between the accusers and %s's "
                    "camp (%s) weaken by %.0f%% both ways",
                name_of(nr, ev->b, 0), s->blocs[camp].name, 100.0 * s->events.shame);
        else
            say(nr, ". Ties between the accusers and %s weaken by %.0f%% both ways",
                name_of(nr, ev->b, 0), 100.0 * s->events.shame);
        if (s->events.audience > 0.0)
            say(nr, ", and states in neither camp listen %.0f%% less to the accused",
                100.0 * s->events.audience * s->events.shame);
        say(nr, "; the accusers want an agreement more urgently.");
    } else if (ev->a >= 0) {
        say(nr, " Nobody attributes it publicly.");
    }
    if (ev->a >= 0) {
        int alone = camp_of(s, ev->a) < 0;
        if (s->dim_form >= 0)
            say(nr, " %s%s lean%s toward binding rules and want%s an agreement more urgently.",
                name_of(nr, ev->a, 1), alone ? "" : " and its camp partners", alone ? "s" : "",
                alone ? "s" : "");
        else
            say(nr, " %s%s want%s an agreement more urgently.", name_of(nr, ev->a, 1),
                alone ? "" : " and its camp partners", alone ? "s" : "");
    }
    flush_para(nr);
}

static void tell_session(cn_narrator *nr, const cn_world *w, const cn_trace_event *ev)
{
    const cn_scenario *s = nr->s;
    const cn_forum *fo = &s->forums[ev->forum];
    const cn_forum_state *fs = &w->fs[ev->forum];
    char words[4 * CN_MAX_DIMS * CN_TEXT_LEN];
    round_heading(nr, ev->round);
    if (fo->rule == CN_RULE_ELECTION) {
        const int d = w->d;
        heading(nr, 3, "%s, ballot %d of at most %d", fo->name, ev->session, fo->sessions);
        say(nr, "The candidates stand for their states' positions: %s for ",
            candidate(nr, ev->forum, 0, 0));
        forum_text(s, ev->forum, w->x + fo->candidates[0] * d, words, sizeof words);
        say(nr, "%s; %s for ", words, candidate(nr, ev->forum, 1, 0));
        forum_text(s, ev->forum, w->x + fo->candidates[1] * d, words, sizeof words);
        say(nr, "%s.", words);
        flush_para(nr);
        return;
    }
    heading(nr, 3, "%s, session %d of %d", fo->name, ev->session, fo->sessions);
    say(nr, "%s chairs. ", name_of(nr, ev->a, 1));
    cn_narrate_text(s, ev->text, words, sizeof words);
    if (ev->b >= 0) {
        const cn_rival *rv = &fo->rivals[ev->b];
        say(nr, "The %s bloc's rival draft draws more expected support than the chair's text, "
                "so it is the one put to the vote: %s.",
            s->blocs[rv->bloc].name, words);
    } else if (ev->session > 1 && fs->failed_last) {
        say(nr, "After the last failure the chair moves its draft %.2f toward the objectors%s: "
                "%s.",
            fs->draft_move, fs->draft_move >= fo->chair_step - 1e-9 ? " (a full step: the "
                                                                     "most a chair moves in a "
                                                                     "session)"
                                                                   : "",
            words);
    } else if (fo->has_draft) {
        say(nr, "The chair tables the forum's first text as it really stood: %s.", words);
    } else {
        say(nr, "The chair tables a draft: %s.", words);
    }
    double e = cn_proposal_expected_support(w, ev->forum, ev->text);
    say(nr, " Expected support: %.1f of %d members.", e, fs->n_members);
    /* rivals on the table that lost to the chair's text */
    for (int k = 0; k < fo->n_rivals; k++) {
        if (k == ev->b || fo->rivals[k].from_session > ev->session)
            continue;
        double y[CN_MAX_DIMS];
        cn_proposal_rival(w, ev->forum, k, y);
        double er = cn_proposal_expected_support(w, ev->forum, y);
        cn_narrate_text(s, y, words, sizeof words);
        say(nr, " The %s bloc also offers a rival draft (%s), but it would draw only %.1f "
                "supporters, so the %s text goes to the vote.",
            s->blocs[fo->rivals[k].bloc].name, words, er, ev->b >= 0 ? "other rival" : "chair's");
    }
    flush_para(nr);
}

/* One objector's reason; p: its probability of supporting y under the
 * forum's vote (cn_decision_p_vote). */
/* The leader of the camp bloc state i belongs to, -1 if none. */
static int camp_leader(const cn_scenario *s, const cn_world *w, int i)
{
    for (int b = 0; b < s->n_blocs; b++)
        if (s->blocs[b].camp && w->in_bloc[b * w->n + i])
            return s->blocs[b].leader;
    return -1;
}

/* One objector and its reason (fs->reason, docs/model.md section 8). */
static void tell_objector(cn_narrator *nr, const cn_world *w, int f, int i, const double *y)
{
    const cn_scenario *s = nr->s;
    const cn_forum *fo = &s->forums[f];
    int consensus = fo->rule == CN_RULE_CONSENSUS || fo->rule == CN_RULE_UNANIMITY;
    int k = cn_narrate_sticking_point(w, i, y);
    char want[2 * CN_TEXT_LEN], offer[2 * CN_TEXT_LEN];
    cn_narrate_words(&s->dims[k], w->x[i * w->d + k], want, sizeof want);
    cn_narrate_words(&s->dims[k], y[k], offer, sizeof offer);
    double p, p_object;
    cn_decision_p_member(w, f, i, y, &p, &p_object);
    say(nr, "%s %s, mainly on %s: it stands at %.2f (%s), the text at %.2f (%s).",
        name_of(nr, i, 1), consensus ? "breaks consensus" : "votes no", s->dims[k].name,
        w->x[i * w->d + k], want, y[k], offer);
    switch (w->fs[f].reason[i]) {
    case CN_REASON_WORSE:
        say(nr, " For it the text is worse than %s (its probability of supporting it %.2f).",
            fo->has_alternative ? "the rival text and no agreement" : "no agreement", p);
        break;
    case CN_REASON_CAMP:
        say(nr, " It gains a little from the text, but follows its camp's line against a text "
                "sponsored by %s.",
            fo->sponsor >= 0 ? s->blocs[fo->sponsor].name : "the other camp");
        break;
    case CN_REASON_BLOC: {
        int l = camp_leader(s, w, i);
        say(nr, " It would have gone along, but holds the bloc line: %s, its camp's leader, "
                "objected.",
            l >= 0 ? name_of(nr, l, 0) : "its camp's leader");
        break;
    }
    case CN_REASON_PLAYER:
        say(nr, " (A player's choice.)");
        break;
    default:
        say(nr, " A surprise: the text is better for it than no agreement, and it supports such "
                "a text with probability %.2f (a misjudgement or late instructions: the "
                "model's noise).",
            p);
        break;
    }
    flush_para(nr);
}

static void tell_votes(cn_narrator *nr, const cn_world *w, const cn_trace_event *ev)
{
    const cn_forum *fo = &nr->s->forums[ev->forum];
    const cn_forum_state *fs = &w->fs[ev->forum];
    if (nr->s->forums[ev->forum].rule == CN_RULE_ELECTION) {
        /* a secret ballot: the totals, never a state's vote */
        say(nr, "The count (a secret ballot: totals only): %d for %s, %d for %s, %d blank.",
            fs->supporters, candidate(nr, ev->forum, 0, 0), fs->objectors,
            candidate(nr, ev->forum, 1, 0), fs->abstainers);
        flush_para(nr);
        return;
    }
    int consensus = fo->rule == CN_RULE_CONSENSUS || fo->rule == CN_RULE_UNANIMITY;
    if (!consensus)
        say(nr, "The vote: %d yes, %d no, %d abstentions.", fs->supporters, fs->objectors,
            fs->abstainers);
    else if (fs->objectors == 0)
        say(nr, "The chair asks whether any delegation objects: none does.");
    else
        say(nr, "The chair seeks consensus: %d delegation%s object%s.", fs->objectors,
            fs->objectors == 1 ? "" : "s", fs->objectors == 1 ? "s" : "");
    flush_para(nr);
    int n = voters(nr, w, ev->forum, CN_VOTE_OBJECT);
    int detail = n > NR_DETAIL ? NR_DETAIL : n;
    int objectors[CN_MAX_STATES];
    memcpy(objectors, nr->order, (size_t)n * sizeof(int));
    for (int t = 0; t < detail; t++)
        tell_objector(nr, w, ev->forum, objectors[t], ev->text);
    if (n > detail) {
        say(nr, consensus ? "Also objecting: " : "Also voting no: ");
        say_names(nr, objectors + detail, n - detail);
        say(nr, ".");
        flush_para(nr);
    }
    n = voters(nr, w, ev->forum, CN_VOTE_ABSTAIN);
    if (n > 0) {
        say(nr, consensus ? "Keeping their distance without blocking (the text is worth about "
                            "as much to them as no agreement): "
                          : "Abstaining, because the text is worth about as much to them as "
                            "no agreement: ");
        say_names(nr, nr->order, n);
        say(nr, ".");
        flush_para(nr);
    }
    n = voters(nr, w, ev->forum, CN_VOTE_SUPPORT);
    if (n > 0) {
        say(nr, consensus ? "Joining the consensus: " : "Voting yes: ");
        say_names(nr, nr->order, n);
        say(nr, ".");
        flush_para(nr);
    }
}

static void tell_adopted(cn_narrator *nr, const cn_world *w, const cn_trace_event *ev)
{
    const cn_scenario *s = nr->s;
    const cn_forum *fo = &s->forums[ev->forum];
    const cn_forum_state *fs = &w->fs[ev->forum];
    if (fo->rule == CN_RULE_ELECTION) {
        int k = fs->elected, win = k == 0 ? fs->supporters : fs->objectors;
        int lose = k == 0 ? fs->objectors : fs->supporters;
        say(nr, "The election: %d to %d. %s is ELECTED (ballot %d; %d blank).", win, lose,
            candidate(nr, ev->forum, k, 1), ev->session, fs->abstainers);
        flush_para(nr);
        return;
    }
    if (fo->rule == CN_RULE_CLUB) {
        char words[4 * CN_MAX_DIMS * CN_TEXT_LEN];
        forum_text(s, ev->forum, fs->text, words, sizeof words);
        say(nr, "The %s is founded: its %d founder%s publish their standard (%s). It binds "
                "nobody; from now on other states may join.",
            fo->name, fs->n_members, fs->n_members == 1 ? "" : "s", words);
        flush_para(nr);
        return;
    }
    if (fo->rule == CN_RULE_CONSENSUS) {
        if (fs->footnotes > 0) {
            int n = voters(nr, w, ev->forum, CN_VOTE_OBJECT);
            say(nr, "ADOPTED by consensus in session %d, with %d footnote%s: ", ev->session,
                fs->footnotes, fs->footnotes == 1 ? "" : "s");
            say_names(nr, nr->order, n);
            say(nr, " put %s objections on record instead of blocking, which dilutes the text to "
                    "strength %.2f.", n == 1 ? "its" : "their", fs->strength);
        } else {
            say(nr, "ADOPTED by consensus in session %d: a clean text, nobody objects.",
                ev->session);
        }
    } else {
        say(nr, "ADOPTED in session %d by %s: %d for, %d against, %d abstaining.", ev->session,
            rule_phrase(fo->rule), fs->supporters, fs->objectors, fs->abstainers);
    }
    flush_para(nr);
    /* legal status from the type, content from the text (issue #12) */
    char words[4 * CN_MAX_DIMS * CN_TEXT_LEN], date[24];
    forum_text(s, ev->forum, fs->text, words, sizeof words);
    say(nr, "Legal status: %s. Content: %s.", cn_output_phrase(fo->output), words);
    flush_para(nr);
    if (fo->output == CN_OUTPUT_DECISION) {
        say(nr, "The decision binds every state from today, whatever its language.");
    } else if (fo->output == CN_OUTPUT_TREATY) {
        say(nr, "It will bind the states that ratify it, whatever its language, once %d "
                "ratification%s are in", fo->threshold, fo->threshold == 1 ? "" : "s");
        if (fo->force_delay > 0)
            say(nr, " and %d month%s have passed", fo->force_delay, fo->force_delay == 1 ? "" : "s");
        say(nr, ". Signature opens in round %d%s.", fs->opens_round,
            opening_date(nr, ev->forum, fs->opens_round, date, sizeof date));
    } else {
        say(nr, "The %s binds nobody, but %d state%s now stand behind it (supporters and "
                "abstainers).", cn_schema_output_name(fo->output), fs->supporters + fs->abstainers,
            fs->supporters + fs->abstainers == 1 ? "" : "s");
    }
    flush_para(nr);
}

/* The opening for signature: who signed at once. */
static void tell_opened(cn_narrator *nr, const cn_world *w, const cn_trace_event *ev)
{
    const cn_forum_state *fs = &w->fs[ev->forum];
    char date[24];
    int n = 0;
    for (int i = 0; i < w->n; i++)
        if (fs->signed_[i] == ev->round)
            nr->order[n++] = i;
    cn_narrate_by_capability(w, nr->order, n);
    round_heading(nr, ev->round);
    say(nr, "The %s treaty opens for signature%s. %d of its %d members sign at once",
        nr->s->forums[ev->forum].name, opening_date(nr, ev->forum, ev->round, date, sizeof date),
        n, fs->n_members);
    if (n > 0) {
        say(nr, ": ");
        say_names(nr, nr->order, n);
    }
    say(nr, ". A state signs when the text is worth enough to it (its gain over no agreement "
            "above the signature threshold), not because it voted for it.");
    flush_para(nr);
}

static void tell_failed(cn_narrator *nr, const cn_world *w, const cn_trace_event *ev)
{
    const cn_scenario *s = nr->s;
    const cn_forum *fo = &s->forums[ev->forum];
    const cn_forum_state *fs = &w->fs[ev->forum];
    switch (fo->rule) {
    case CN_RULE_ELECTION:
        say(nr, "No candidate elected: a tie, %d to %d.", fs->supporters, fs->objectors);
        break;
    case CN_RULE_CONSENSUS:
        if (fs->supporters == 0)
            say(nr, "FAILED: nobody supports the text.");
        else if (fo->footnotes > 0)
            say(nr, "FAILED: no consensus. %d objection%s, more than the %d footnote%s the chair "
                    "can absorb.", fs->objectors, fs->objectors == 1 ? "" : "s", fo->footnotes,
                fo->footnotes == 1 ? "" : "s");
        else
            say(nr, "FAILED: no consensus (%d objection%s).", fs->objectors,
                fs->objectors == 1 ? "" : "s");
        break;
    case CN_RULE_UNANIMITY:
        say(nr, "FAILED: unanimity needs every member's support; %d did not give it.",
            fs->objectors + fs->abstainers);
        break;
    case CN_RULE_COUNCIL: {
        int vetoes = 0;
        for (int t = 0; t < fs->n_members; t++) {
            int i = fs->members[t];
            if (fs->vote[i] == CN_VOTE_OBJECT && s->states[i].veto)
                nr->order[vetoes++] = i;
        }
        if (vetoes > 0) {
            say(nr, "FAILED: vetoed by ");
            say_names(nr, nr->order, vetoes);
            say(nr, ".");
        } else {
            say(nr, "FAILED: %d yes vote%s, %d needed.", fs->supporters,
                fs->supporters == 1 ? "" : "s", fo->council_quota);
        }
        break;
    }
    default:
        say(nr, "FAILED: %d for, %d against; %s is not reached.", fs->supporters, fs->objectors,
            rule_phrase(fo->rule));
        break;
    }
    if (ev->a)
        say(nr, " That was the last session: the %s ends without a text.", fo->name);
    flush_para(nr);
}

/* The actor whose pull best explains i's move: largest influence weight
 * (ties and campaigns times capability) times the cosine between the
 * move and the direction from i's start to that actor; -1 if none. */
static int pulled_by(const cn_narrator *nr, const cn_world *w, int i, const double *move,
                     double len)
{
    const int d = w->d;
    int best = -1;
    double best_score = 0.0;
    for (int j = 0; j < w->na; j++) {
        if (j == i)
            continue;
        double dot = 0.0, dj = 0.0;
        for (int k = 0; k < d; k++) {
            double v = w->x[j * d + k] - nr->x_start[i * d + k];
            dot += v * move[k];
            dj += v * v;
        }
        if (dj <= 0.0 || dot <= 0.0)
            continue;
        double score = w->base[i * w->na + j] * dot / (sqrt(dj) * len);
        if (score > best_score) {
            best_score = score;
            best = j;
        }
    }
    return best;
}

static const char *actor_name(cn_narrator *nr, int a)
{
    if (a < nr->s->n_states)
        return name_of(nr, a, 0);
    return nr->s->stakeholders[a - nr->s->n_states].name;
}

static void tell_outcomes(cn_narrator *nr, const cn_world *w)
{
    const cn_scenario *s = nr->s;
    heading(nr, 2, "How it ended");
    for (int f = 0; f < s->n_forums; f++) {
        if (!forum_told(nr, f))
            continue;
        const cn_forum *fo = &s->forums[f];
        const cn_forum_state *fs = &w->fs[f];
        char words[4 * CN_MAX_DIMS * CN_TEXT_LEN];
        if (fo->rule == CN_RULE_ELECTION && fs->elected >= 0) {
            int k = fs->elected;
            say(nr, "%s: %s elected in ballot %d, %d to %d.", fo->name,
                candidate(nr, f, k, 0), fs->adopted_session,
                k == 0 ? fs->supporters : fs->objectors, k == 0 ? fs->objectors : fs->supporters);
        } else if (fo->rule == CN_RULE_CLUB && fs->adopted) {
            say(nr, "%s: a club of %d member%s at the end (%d founder%s; %d joined, %d left "
                    "over the run), %d of them undecided states; the members hold %.0f%% of "
                    "the world economy.",
                fo->name, fs->n_members, fs->n_members == 1 ? "" : "s", fs->supporters,
                fs->supporters == 1 ? "" : "s", fs->n_joined, fs->n_left,
                cn_club_undecided(w, f), 100.0 * cn_club_market_share(w, f));
        } else if (fs->adopted) {
            forum_text(s, f, fs->text, words, sizeof words);
            say(nr, "%s: adopted in session %d (strength %.2f): %s.", fo->name,
                fs->adopted_session, fs->strength, words);
            say(nr, " Legal status: %s.", cn_output_phrase(fo->output));
            if (fo->output == CN_OUTPUT_DECISION)
                say(nr, " It binds all %d states.", fs->n_ratified);
            if (fo->output == CN_OUTPUT_TREATY) {
                char date[24];
                say(nr, " %d state%s signed.", fs->n_signed, fs->n_signed == 1 ? "" : "s");
                if (fs->in_force)
                    say(nr, " In force since round %d%s, binding on %d parties.",
                        fs->in_force_round, round_date(nr, fs->in_force_round, date, sizeof date),
                        fs->n_ratified);
                else
                    say(nr, " Not in force (%d ratification%s of the %d needed): it binds "
                            "nobody.", fs->n_ratified, fs->n_ratified == 1 ? "" : "s",
                        fo->threshold);
            }
        } else if (fs->sessions_held > 0) {
            say(nr, "%s: no text after %d session%s.", fo->name, fs->sessions_held,
                fs->sessions_held == 1 ? "" : "s");
        } else {
            say(nr, "%s: never sat.", fo->name);
        }
        flush_para(nr);
    }
    if (w->incidents > 0) {
        say(nr, "Incidents: %d, of which %d publicly attributed.", w->incidents, w->attributions);
        flush_para(nr);
    }

}

/* How positions moved: the average shift and the states that moved most,
 * with who pulled them. */
static void tell_moves(cn_narrator *nr, const cn_world *w)
{
    const cn_scenario *s = nr->s;
    const int d = w->d;
    double shift[CN_MAX_STATES];
    double total = 0.0;
    for (int i = 0; i < w->n; i++) {
        double t = 0.0;
        for (int k = 0; k < d; k++) {
            double v = w->x[i * d + k] - nr->x_start[i * d + k];
            t += v * v;
        }
        shift[i] = sqrt(t);
        total += shift[i];
        nr->order[i] = i;
    }
    for (int a = 1; a < w->n; a++) {
        int v = nr->order[a], b = a;
        while (b > 0 && shift[nr->order[b - 1]] < shift[v]) {
            nr->order[b] = nr->order[b - 1];
            b--;
        }
        nr->order[b] = v;
    }
    say(nr, "How positions moved: on average a state moved %.3f in the policy space.",
        w->n > 0 ? total / w->n : 0.0);
    flush_para(nr);
    int movers = w->n < NR_MOVERS ? w->n : NR_MOVERS;
    for (int t = 0; t < movers; t++) {
        int i = nr->order[t];
        if (shift[i] < NR_MOVED)
            break;
        double move[CN_MAX_DIMS];
        for (int k = 0; k < d; k++)
            move[k] = w->x[i * d + k] - nr->x_start[i * d + k];
        say(nr, "%s %s (%.3f):", name_of(nr, i, 1), t == 0 ? "moved most" : "moved", shift[i]);
        int told = 0;
        for (int k = 0; k < d; k++) {
            if (fabs(move[k]) < NR_MOVED)
                continue;
            char lab[CN_TEXT_LEN];
            cn_narrate_label(&s->dims[k], move[k] > 0.0, lab, sizeof lab);
            say(nr, "%s toward %s (%s %.2f to %.2f)", told ? " and" : "", lab, s->dims[k].name,
                nr->x_start[i * d + k], w->x[i * d + k]);
            told = 1;
        }
        int j = pulled_by(nr, w, i, move, shift[i]);
        if (j >= 0)
            say(nr, ", pulled mainly by %s.", actor_name(nr, j));
        else
            say(nr, ".");
        flush_para(nr);
    }
}

static void tell_end(cn_narrator *nr, const cn_world *w)
{
    tell_outcomes(nr, w);
    tell_moves(nr, w);
}

void cn_narrator_trace(void *ctx, const cn_world *w, const cn_trace_event *ev)
{
    cn_narrator *nr = ctx;
    if (!nr->started && ev->kind == CN_TRACE_ROUND)
        tell_start(nr, w);
    switch (ev->kind) {
    case CN_TRACE_ROUND:
        break;
    case CN_TRACE_INCIDENT:
        tell_incident(nr, w, ev);
        break;
    case CN_TRACE_SESSION:
        if (forum_told(nr, ev->forum))
            tell_session(nr, w, ev);
        break;
    case CN_TRACE_VOTES:
        if (forum_told(nr, ev->forum))
            tell_votes(nr, w, ev);
        break;
    case CN_TRACE_ADOPTED:
        if (forum_told(nr, ev->forum))
            tell_adopted(nr, w, ev);
        break;
    case CN_TRACE_FAILED:
        if (forum_told(nr, ev->forum))
            tell_failed(nr, w, ev);
        break;
    case CN_TRACE_RATIFIED:
        if (forum_told(nr, ev->forum)) {
            round_heading(nr, ev->round);
            say(nr, "%s %s the %s treaty (parties: %d; needed for entry into force: %d).",
                name_of(nr, ev->a, 1), ev->b ? "accedes to" : "ratifies",
                nr->s->forums[ev->forum].name, w->fs[ev->forum].n_ratified,
                nr->s->forums[ev->forum].threshold);
            flush_para(nr);
        }
        break;
    case CN_TRACE_IN_FORCE:
        if (forum_told(nr, ev->forum)) {
            round_heading(nr, ev->round);
            say(nr, "The %s treaty ENTERS INTO FORCE with %d parties: from now on it binds them.",
                nr->s->forums[ev->forum].name, w->fs[ev->forum].n_ratified);
            flush_para(nr);
        }
        break;
    case CN_TRACE_OPENED:
        if (forum_told(nr, ev->forum))
            tell_opened(nr, w, ev);
        break;
    case CN_TRACE_SIGNED:
        if (forum_told(nr, ev->forum)) {
            round_heading(nr, ev->round);
            say(nr, "%s signs the %s treaty (signatories: %d).", name_of(nr, ev->a, 1),
                nr->s->forums[ev->forum].name, w->fs[ev->forum].n_signed);
            flush_para(nr);
        }
        break;
    case CN_TRACE_JOINED:
        if (forum_told(nr, ev->forum)) {
            round_heading(nr, ev->round);
            say(nr, "%s %s the %s (members: %d).", name_of(nr, ev->a, 1),
                ev->b ? "joins" : "leaves", nr->s->forums[ev->forum].name,
                w->fs[ev->forum].n_members);
            flush_para(nr);
        }
        break;
    case CN_TRACE_END:
        if (nr->started)
            tell_end(nr, w);
        break;
    }
    flush_para(nr);
}

/* ---- running ----------------------------------------------------------- */

int cn_narrate_replay(const cn_scenario *s, const cn_metrics_layout *L, const cn_hooks *hooks,
                      long first, long n, cn_stats *st, double *row)
{
    const gsl_rng_type *T = cn_rng_type(s->run.generator);
    if (T == NULL)
        return CN_EINPUT;
    int rc = CN_ENOMEM;
    double *r_row = calloc((size_t)L->n, sizeof *r_row);
    cn_world *w = cn_world_alloc(s);
    gsl_rng *r = gsl_rng_alloc(T);
    if (r_row == NULL || w == NULL || r == NULL)
        goto done;
    w->hooks = hooks;
    for (long rep = first; rep < first + n; rep++) {
        cn_replication_run_at(w, r, (uint64_t)s->run.seed, 0, (uint64_t)rep, L, r_row);
        if (st != NULL)
            cn_stats_add(st, r_row);
    }
    w->hooks = NULL;
    if (row != NULL)
        memcpy(row, r_row, (size_t)L->n * sizeof *row);
    rc = CN_OK;
done:
    gsl_rng_free(r);
    cn_world_free(w);
    free(r_row);
    return rc;
}

int cn_narrate_run(const cn_scenario *s, long rep, cn_narrate_format fmt, int forum, FILE *out)
{
    cn_metrics_layout L;
    if (cn_metrics_layout_init(s, &L) != CN_OK)
        return CN_ENOMEM;
    cn_narrator *nr = cn_narrator_alloc(s, out, fmt, forum);
    cn_hooks hooks = {.ctx = nr, .trace = cn_narrator_trace};
    int rc = nr == NULL ? CN_ENOMEM : cn_narrate_replay(s, &L, &hooks, rep, 1, NULL, NULL);
    if (rc == CN_OK)
        rc = cn_narrator_status(nr);
    if (rc == CN_OK && fflush(out) != 0)
        rc = CN_EIO;
    cn_narrator_free(nr);
    cn_metrics_layout_free(&L);
    return rc;
}

int cn_narrate_load(const char *path, const char *const *sets, int n_sets, cn_scenario **out,
                    FILE *err)
{
    cn_diag d;
    cn_diag_clear(&d);
    *out = NULL;
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        fprintf(err, "cybernorms: %s: cannot read the scenario\n", path);
        return CN_EINPUT;
    }
    fclose(f);
    int rc = cn_load_scenario(path, sets, n_sets, out, &d);
    if (rc != CN_OK) {
        char buf[CN_DIAG_FILE + CN_DIAG_SETTING + CN_DIAG_MSG + 32];
        fprintf(err, "cybernorms: %s\n",
                d.msg[0] != '\0' ? cn_diag_format(&d, buf, sizeof buf) : cn_strerror(rc));
        *out = NULL;
    }
    return rc;
}
