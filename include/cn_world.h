/* cn_world.h - the state of one replication, laid out for the hot loop.
 *
 * A cn_world is a per-thread workspace: allocated once for a scenario
 * (cn_world_alloc), reset at the start of every replication
 * (cn_world_reset), and never reallocated in between, so nothing is
 * allocated inside a replication.  Arrays are structure-of-arrays, row
 * major: x[a * d + k] is actor a's position on dimension k.  Actors
 * 0..n-1 are states, n..na-1 non-state stakeholders.
 * A world is owned by one thread; the scenario it points to is shared and
 * read-only.
 */
#ifndef CN_WORLD_H
#define CN_WORLD_H

#include <stdatomic.h>
#include <stdint.h>

#include <gsl/gsl_rng.h>

#include "cn_scenario.h"

enum { CN_VOTE_NONE = 0, CN_VOTE_SUPPORT, CN_VOTE_OBJECT, CN_VOTE_ABSTAIN };

struct cn_world;

/* What a replication reports to an observer (narration, role-play). */
typedef enum {
    CN_TRACE_ROUND = 0, /* a round starts */
    CN_TRACE_INCIDENT,  /* a: victim (-1: an attribution statement only), b: publicly
                         * attributed perpetrator or -1 (the accusers in w->accusers);
                         * session: 0 a random incident, 1 a scripted incident, 2 a
                         * scripted attribution statement */
    CN_TRACE_SESSION,   /* forum, session, a: chair, b: rival draft tabled (-1: the chair's
                         * text), text: the text put to the vote (after any amendment) */
    CN_TRACE_VOTES,     /* forum, session: votes are in fs[forum].vote, counts in fs[forum] */
    CN_TRACE_ADOPTED,   /* forum, session: fs[forum].text, strength, footnotes */
    CN_TRACE_FAILED,    /* forum, session: the session failed; a: 1 if it was the last */
    CN_TRACE_RATIFIED,  /* forum, a: the state that ratified (b: 1 if it acceded, a non-member) */
    CN_TRACE_IN_FORCE,  /* forum: the treaty entered into force */
    CN_TRACE_OPENED,    /* forum: the treaty opened for signature; the states that signed at
                         * once have fs[forum].signed_ == this round */
    CN_TRACE_SIGNED,    /* forum, a: the state that signed (after the opening round) */
    CN_TRACE_JOINED,    /* forum (a club), a: the state that joined (b 1) or left (b 0) */
    CN_TRACE_END        /* the replication is over (before the metrics) */
} cn_trace_kind;

typedef struct {
    cn_trace_kind kind;
    int round, forum, session, a, b;
    const double *text;
} cn_trace_event;

/* Observation and intervention points of a replication (narration and
 * role-play); NULL in ordinary runs.  They are called on the
 * replication's thread and must not draw from its generator, so a run
 * with hooks that intervene in nothing gives the same results as one
 * without.  Any member may be NULL. */
typedef struct cn_hooks {
    void *ctx;
    void (*trace)(void *ctx, const struct cn_world *w, const cn_trace_event *ev);
    /* After the text is chosen, before the votes: may amend text (d values)
     * and may add tie weight (w->tie, then set w->ties_dirty).  When the
     * chair's draft was tabled, the text the hook leaves becomes the
     * chair's draft (a student chair writes it; amendments carry over);
     * an amended rival text leaves the chair's draft as it was. */
    void (*session)(void *ctx, struct cn_world *w, int forum, int session, double *text);
    /* Each member's vote: return CN_VOTE_SUPPORT/OBJECT/ABSTAIN to override
     * the model's vote (model_vote), or CN_VOTE_NONE to keep it. */
    int (*vote)(void *ctx, const struct cn_world *w, int forum, int state, const double *text,
                int model_vote);
} cn_hooks;

/* Runtime state of one forum in one replication. */
typedef struct {
    int n_members;
    int *members;              /* state indices (capacity n), this replication's membership */
    int n_speakers;            /* stakeholders speaking here */
    int active;                /* negotiating this round */
    int sessions_held;
    int done;                  /* negotiation over (adopted, or out of sessions) */
    int adopted;
    int adopted_round;
    int adopted_session;       /* 1-based */
    int failed_last;           /* the previous session failed */
    double text[CN_MAX_DIMS];  /* current or adopted text (the one put to the vote) */
    double draft[CN_MAX_DIMS]; /* the chair's own draft, kept apart from rival texts */
    double draft_move;         /* how far the chair's draft moved this session (0 in session 1) */
    int tabled;                /* text put to the vote at the last session: -1 the chair's
                                * draft, else the rival's index */
    double strength;
    int footnotes;
    int supporters, objectors, abstainers;
    unsigned char *vote;       /* per state (capacity n): CN_VOTE_* at the last decision */
    unsigned char *reason;     /* per state (capacity n): CN_REASON_* of an objection (cn_decision.h) */
    double *objector_weight;   /* scratch (capacity n) */
    /* treaty (cn_treaty.h) */
    int *signed_;              /* per state: round it signed, 0 if not */
    int *ratified;             /* per state: round it ratified or acceded, 0 if not */
    unsigned char *accede;     /* per state: may accede (in the forum's open_to, not a member) */
    double *resolve;           /* per state: u_i, drawn at the opening for members and states
                                * that may accede; willing while u_i < willing_i (cn_treaty.h) */
    int n_signed, n_ratified;
    int opens_round;           /* round signature opens (0: not adopted yet) */
    int force_round;           /* round entry into force is due (0: threshold not reached) */
    int in_force, in_force_round;
    int last_round;            /* last round it negotiates */
    int chair;                 /* chair of the last session (-1: none) */
    /* election (cn_election.h): -1 nobody elected yet, 0 the first
     * candidate, 1 the second */
    int elected;
    /* club (cn_club.h): per state 0 out, 1 member, 2 founder (capacity n;
     * NULL for a forum that is not a club); joins and departures so far */
    unsigned char *club;
    int n_joined, n_left;
} cn_forum_state;

typedef struct cn_world {
    const cn_scenario *s;
    int n;                     /* states */
    int na;                    /* actors: states + stakeholders */
    int d;                     /* dimensions */
    int round;                 /* current round, 1-based */

    double *x;                 /* na*d current ideals */
    double *x0;                /* na*d anchors */
    double *sal;               /* na*d salience */
    double *cap;               /* na capability */
    double *stub;              /* na stubbornness */
    double *pressure;          /* n: extra cost of no agreement (incidents) */

    double *tie;               /* na*na: tie[i*na+j], weight with which i listens to j */
    double *tie0;              /* na*na: ties at the start of a replication (blocs, explicit ties) */
    double *campaign;          /* n*n_campaigns: tie weight from state t to campaign c's leader */
    double *base;              /* na*na: (tie + campaign) * cap_j, cached */
    int ties_dirty;            /* the tie part of base must be recomputed (reset leaves it
                                * computed; campaign columns are refreshed on every refresh) */
    double *xnew;              /* na*d scratch */

    unsigned char *in_bloc;    /* n_blocs*n: in_bloc[b*n+i] */
    unsigned char *side_a;     /* n scratch (incident sides) */
    unsigned char *side_b;     /* n scratch */
    unsigned char *accusers;   /* n: the states that attributed the last attributed incident */

    /* Regimes: the scenario's pre-existing ones, then one slot per forum
     * (filled when its text is adopted).  A state's no-agreement value is
     * its utility of the best regime it is party to, else the status quo. */
    int regime_cap;            /* n_regimes + n_forums */
    int n_regimes;             /* slots in use */
    double *regime_text;       /* regime_cap*d */
    unsigned char *regime_binding;  /* regime_cap */
    unsigned char *regime_in_force; /* regime_cap */
    unsigned char *regime_party;    /* regime_cap*n */
    int *forum_regime;         /* n_forums: regime slot of the forum's text, -1 none */
    double *na_value;          /* n: each member's no-agreement value for the session being
                                * decided (cn_decision_prepare), valid where na_ok[i] */
    unsigned char *na_ok;      /* n */
    int vote_forum;            /* forum prepared by cn_decision_prepare, -1: none */
    double *alt_value;         /* n: U_i of the prepared forum's alternative text */
    double *vcue;              /* n: sponsor cue of each state in the prepared forum */
    double *vhedge;            /* n: hedge e_i between the prepared forum's two camps */
    int *group_of;             /* n: UN regional group index (0..4; 5: none) */
    double regime_weight;      /* weight of regimes in the no-agreement value of the text
                                * being decided (cn_decision.h); 1 after reset */
    /* the issues of the text being decided (cn_world_decide): a member's utility
     * counts dimension k with weight issue_w[k] (1 or 0); issues_all: every one */
    double issue_w[CN_MAX_DIMS];
    int issues_all;

    cn_forum_state *fs;        /* n_forums */

    double *sp;                /* scratch (value, weight) pairs (capacity 4*na doubles) */
    double *sw;                /* scratch weights (capacity na) */
    int *si;                   /* scratch indices (capacity max(na, regime_cap)) */
    unsigned char *sflag;      /* scratch flags (capacity na) */

    int incidents, attributions;

    /* Uncertain inputs (cn_world_draw_inputs): standard normal draws z
     * (n*d) shared by the replications of one input group; a state's anchor
     * at reset is clamp(ideal + ideal_se z) when inputs_on. */
    double *z_input;
    int inputs_on;
    long input_gid;            /* group drawn into z_input, -1: none */
    gsl_rng *ri;               /* the input stream's generator */
    /* Uncertain parameters (run.uncertainty all, `uncertain`): s points
     * at own->s, a private copy of the scenario's arrays the parameters
     * set (cn_param.h), where each input group's draws are written;
     * draw[k] is the k-th drawn value (the uncertain parameters' params
     * in order), reported as the input.* metric columns.  own NULL:
     * none (s is the scenario given to cn_world_alloc). */
    struct cn_param_copy_s *own;
    double *draw;
    int n_draw;
    int reties;                /* a draw changes the initial ties: recompute them */

    const cn_hooks *hooks;     /* NULL: none (set by the caller, kept across resets) */
    /* NULL, or a flag polled between sessions (set by the caller, kept
     * across resets): once non-zero, cn_replication_run stops at the next
     * session and sets stopped; the row is then not a result (cn_runner
     * drops it).  A lock-free atomic, so a signal handler may set it. */
    atomic_int *stop;
    int stopped;               /* 1: the last replication was cut short by *stop */
} cn_world;

/* Allocates a workspace for scenario s (which must outlive it).  NULL on
 * out of memory. */
cn_world *cn_world_alloc(const cn_scenario *s);
void cn_world_free(cn_world *w);

/* Starts a replication: positions from the scenario, ties from blocs and
 * explicit ties, forum memberships (drawn with r where a forum draws its
 * seats), regimes from the scenario.  Allocates nothing. */
void cn_world_reset(cn_world *w, gsl_rng *r);

/* Draws the uncertain inputs of input group `group` under `seed` into
 * w (from a stream keyed by (seed, CN_RNG_INPUT_POINT, group) alone, so
 * every sweep point and every replication of the group share them) and
 * switches them on; a no-op when the group is already drawn.  With
 * run.uncertainty none, switches them off. */
void cn_world_draw_inputs(cn_world *w, uint64_t seed, long group);

/* Recomputes tie x capability in base[] if ties_dirty, and the campaign
 * leaders' columns on every call. */
void cn_world_refresh_ties(cn_world *w);

/* Reports ev to the hooks' trace, if any. */
void cn_world_trace(const cn_world *w, cn_trace_kind kind, int forum, int session, int a, int b,
                    const double *text);

/* Sets the context of a text of forum f being weighed (cn_decision.h): the
 * weight of regimes in the no-agreement value (model.treaty_regime_weight
 * for a binding type, model.report_regime_weight otherwise) and the forum's
 * issues.  Cheap; call before gains are computed for f's text. */
void cn_world_decide(cn_world *w, int f);

/* 1 if states i and j share a bloc. */
int cn_world_share_bloc(const cn_world *w, int i, int j);

#endif
