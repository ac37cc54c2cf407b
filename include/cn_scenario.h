/* cn_scenario.h - the validated scenario: plain structs, const after loading.
 *
 * A scenario is everything a run needs: the policy dimensions, the actors
 * (states and non-state stakeholders), blocs and ties, forums, campaigns,
 * pre-existing regimes, the model's parameters and the run settings.
 * cn_load.h fills it from a libconfig file; the model only reads it.
 * Indices (state, bloc, stakeholder) refer to positions in the arrays here.
 * Every parameter has a default, set by cn_scenario_defaults(); the names in
 * the comments are the scenario-file settings (docs/scenarios.md).
 */
#ifndef CN_SCENARIO_H
#define CN_SCENARIO_H

#include <stdio.h>

#define CN_MAX_DIMS 8      /* dimensions: 1..8 */
#define CN_MAX_STATES 1000 /* states in one scenario */
#define CN_MAX_STAKEHOLDERS 32
#define CN_MAX_BLOCS 64
#define CN_MAX_FORUMS 16
#define CN_MAX_CAMPAIGNS 16
#define CN_MAX_REGIMES 32
#define CN_MAX_TIES 10000
#define CN_MAX_RIVALS 4
#define CN_MAX_SCRIPT 64          /* scripted events */
#define CN_MAX_UNCERTAIN 64       /* uncertain parameters */
#define CN_MAX_SESSIONS 200         /* sessions of one forum */
#define CN_MAX_REPLICATIONS 100000000L
#define CN_MAX_THREADS 256
#define CN_NAME_LEN 32
#define CN_TEXT_LEN 256

typedef enum {
    CN_RULE_CONSENSUS = 0, /* nobody objects, or objections fit the footnote budget */
    CN_RULE_UNANIMITY,     /* every member supports (abstention blocks) */
    CN_RULE_MAJORITY,      /* yes > no among members present and voting */
    CN_RULE_TWO_THIRDS,    /* yes >= 2/3 of yes + no */
    CN_RULE_COUNCIL,       /* yes >= council_quota and no veto holder says no */
    CN_RULE_ELECTION,      /* a secret ballot between two candidates' states (`candidates`):
                            * yes = votes for the first, no = for the second; the first is
                            * elected (adopted) when yes > no (cn_election.h) */
    CN_RULE_CLUB           /* no vote: the founders (`members`) set the standard (the text);
                            * other states join and leave it round by round (cn_club.h) */
} cn_rule;

/* The legal type of a forum's output (`output`), apart from its content
 * (the text's position on every dimension, `form` included: how
 * obligation-like the language is).  Only a treaty in force and a Council
 * decision bind; the three others are nonbinding, done at adoption. */
typedef enum {
    CN_OUTPUT_REPORT = 0,  /* a report (GGE, OEWG): nonbinding */
    CN_OUTPUT_TREATY,      /* a convention: binding on the states for which it is in force
                            * (signature, ratification, entry into force: cn_treaty.h) */
    CN_OUTPUT_DECISION,    /* a Security Council decision under Chapter VII: binding on every
                            * state at adoption (UN Charter art. 25; seed 003) */
    CN_OUTPUT_DECLARATION, /* a declaration (summit, ministers, bilateral pledge): nonbinding */
    CN_OUTPUT_RESOLUTION   /* a General Assembly resolution: a recommendation, nonbinding */
} cn_output_kind;
typedef enum { CN_CHAIR_ROTATE = 0, CN_CHAIR_CAPABILITY, CN_CHAIR_NAMED } cn_chair_mode;
typedef enum { CN_TARGET_UNDECIDED = 0, CN_TARGET_REGION, CN_TARGET_LIST } cn_target_mode;
/* Where the poles of polarisation come from: none (fewer than two blocs),
 * the scenario's `poles`, its two largest camp blocs (`camp = true`), or,
 * with fewer than two camps, its two largest blocs (the loader warns). */
typedef enum { CN_POLES_NONE = 0, CN_POLES_SET, CN_POLES_CAMPS, CN_POLES_LARGEST } cn_poles_from;

typedef struct {
    char name[CN_NAME_LEN];  /* e.g. "scope" */
    char low[CN_TEXT_LEN];   /* what 0 means */
    char high[CN_TEXT_LEN];  /* what 1 means */
} cn_dimension;

typedef struct {
    char code[8];              /* ISO 3166 alpha-3, e.g. "USA" */
    char name[64];
    char group[16];            /* UN regional group: African, APG, EEG, GRULAC, WEOG */
    char region[32];           /* UN M49 sub-region, e.g. "Northern Africa" ("" if not given) */
    double ideal[CN_MAX_DIMS]; /* x_i^0 in [0,1] */
    double ideal_se[CN_MAX_DIMS]; /* standard error of ideal (the world estimate's), default 0 */
    double salience[CN_MAX_DIMS]; /* s_id >= 0 */
    double capability;         /* c_i > 0 */
    double stubbornness;       /* r_i in [0,1] */
    double ratify;             /* ratification propensity: per-year hazard of ratifying a signed
                                * treaty it is willing to join (cn_treaty.h) */
    int veto;                  /* 1: may veto under the council rule */
} cn_state;

typedef struct {
    char name[CN_NAME_LEN];
    double ideal[CN_MAX_DIMS];
    double salience[CN_MAX_DIMS];
    double capability;
    double stubbornness;       /* default 1: holds its position */
    double reach;              /* tie weight from every state to it */
} cn_stakeholder;

typedef struct {
    char name[CN_NAME_LEN];
    int leader;                /* state index; default: most capable member */
    int camp;                  /* 1: one of the camps; states in no camp are "undecided" */
    int n_members;
    int *members;              /* state indices, owned */
} cn_bloc;

typedef struct {
    int from, to;              /* state indices: `from` listens to `to` */
    double weight;             /* added tie weight */
    int mutual;                /* 1: also to -> from (default) */
} cn_tie;

typedef struct {
    int bloc;                  /* bloc index tabling the draft */
    int from_session;          /* first session (1-based) it is tabled */
    int has_text;              /* 0: the bloc's capability-weighted centre */
    double text[CN_MAX_DIMS];
} cn_rival;

typedef struct {
    char name[CN_NAME_LEN];
    cn_rule rule;
    cn_output_kind output;
    int n_members;
    int *members;              /* state indices, owned (the fixed members, or the always-in seats when drawing) */
    int draw_size;             /* 0: fixed membership; >0: seats drawn per replication (veto holders + regional balance) */
    int n_pool;
    int *pool;                 /* state indices to draw from, owned (default all) */
    int start;                 /* first round it sits (1-based), default 1 */
    int sessions;              /* negotiating sessions */
    int footnotes;             /* objections footnote diplomacy absorbs (consensus) */
    double dilution;           /* strength lost per footnote */
    cn_chair_mode chair_mode;
    int chair;                 /* state index when chair_mode == NAMED */
    double chair_bias;         /* pull of the draft toward the chair's ideal */
    double sigma;              /* s.d. of drafting noise */
    double concession;         /* share of the way toward the objectors after a failure */
    double chair_step;         /* largest move of the chair's draft in one session (Euclidean) */
    int has_draft;             /* 1: the first draft is `draft` (the real first text) */
    double draft[CN_MAX_DIMS]; /* the first text tabled, when has_draft */
    int open[CN_MAX_DIMS];     /* 1: dimension open for negotiation */
    double fixed[CN_MAX_DIMS]; /* value of a closed dimension */
    int threshold;             /* treaty: ratifications for entry into force */
    int ratification_sessions; /* treaty: rounds the run lasts after its last session, at least */
    double ratify_scale;       /* treaty: multiplies each state's ratification hazard (the treaty's pace), default 1 */
    /* issues (docs/model.md section 1): bit k set: dimension k is an issue of this
     * forum's texts and counts in its members' utility; 0: every dimension.  A
     * dimension that is not an issue is not negotiated (closed at its `closed`
     * value, else the status quo). */
    unsigned issues;
    /* treaty: signature, accession, entry into force (cn_treaty.h) */
    int signature_opens;       /* month (cn_calendar) signature opens, if adopted by then; -1: at adoption */
    int force_delay;           /* months from the threshold-th ratification to entry into force */
    int n_open_to;
    int *open_to;              /* states that may accede once it is in force (members excluded), owned */
    double accession_scale;    /* a non-member's accession hazard relative to its ratification hazard */
    int council_quota;         /* council: yes votes needed */
    int regional;              /* 1: lock-in applies to its parties */
    int n_stakeholders;
    int *stakeholders;         /* stakeholder indices that speak here, owned */
    int n_rivals;
    cn_rival rivals[CN_MAX_RIVALS];
    /* Recorded votes and camps (docs/model.md 8): the bloc sponsoring the
     * text (-1: none) and the rival text or track on the table, which a
     * state weighs the text against (has_alternative 0: none). */
    int sponsor;
    int has_alternative;
    double alternative[CN_MAX_DIMS];
    int alternative_sponsor;   /* bloc index, -1: none */
    /* election (cn_election.h): the two states whose candidates stand, in
     * the file's order (the first is the one `adopted` and `yes` count) */
    int n_candidates;
    int *candidates;           /* state indices, owned */
} cn_forum;

typedef struct {
    char name[CN_NAME_LEN];
    int bloc;                  /* who spends */
    double budget;             /* tie weight added per session, split over targets */
    cn_target_mode target;
    char region[16];           /* CN_TARGET_REGION: UN regional group */
    int n_targets;
    int *targets;              /* CN_TARGET_LIST: state indices, owned */
    int start, stop;           /* rounds (1-based, inclusive); stop 0 = to the end */
} cn_campaign;

typedef struct {
    char name[CN_NAME_LEN];
    double text[CN_MAX_DIMS];
    int binding;               /* 1: a treaty in force */
    int n_parties;
    int *parties;              /* state indices, owned */
} cn_regime;

/* A scripted event (`events.script`): in its round, before the random
 * incidents.  An incident hits the victim (and, if attributors are given,
 * they attribute it publicly to the perpetrator); an attribution is a
 * public statement naming the perpetrator, with no new incident. */
typedef enum { CN_EVENT_INCIDENT = 0, CN_EVENT_ATTRIBUTION } cn_event_kind;
typedef struct {
    char name[CN_NAME_LEN];    /* optional label (for --set paths) */
    int round;                 /* 1-based; 0: off (what-ifs switch it off this way) */
    cn_event_kind kind;
    int perpetrator;           /* state index */
    int victim;                /* state index; -1 none (attribution statements only) */
    int n_attributors;
    int *attributors;          /* state indices, owned; none: not attributed */
} cn_script_event;

/* Incidents and attribution (docs/model.md, section 4). */
typedef struct {
    double incident_rate;      /* Poisson mean of major incidents per round */
    double attribution;        /* probability an incident is publicly attributed (when some
                                * state that attributes publicly can lead) */
    double shock;              /* victim side moves toward binding form by this share */
    double urgency;            /* victim side's and accusers' pressure for an agreement rise by this */
    double pressure_decay;     /* share of pressure lost per round */
    double shame;              /* tie weights between accuser and accused sides drop by this share */
    double audience;           /* undecided states' ties to the accused drop by audience * shame */
    cn_script_event *script;   /* scripted events (`events.script`), owned */
    int n_script;
} cn_events_params;

/* Model parameters (docs/model.md, sections 2-12). */
typedef struct {
    double p;                  /* utility exponent */
    double beta;               /* quantal-response rationality */
    double indifference;       /* |dU| below this: abstain */
    double vote_deference;     /* recorded votes: gain of going along with the text */
    double vote_objection_cost; /* recorded votes: a "no" needs gain below -(indifference + this) */
    double consensus_objection_cost; /* consensus/unanimity: breaking consensus needs gain below -(indifference + this) */
    double bloc_discipline;    /* consensus/unanimity: a camp member objects with its leader with this probability */
    double rival_weight;       /* weight of the rival text (against no agreement) in a state's gain */
    double sponsor_cue;        /* gain added for the sponsor's camp, taken from the rival camp */
    double abstain_split;      /* abstention band widened by this times the split of a state's blocs */
    double abstain_hedge;      /* ... by this times its hedge between the two camps' leaders */
    double epsilon;            /* bounded-confidence radius (Euclidean) */
    double self_tie;           /* weight of a state on itself in diplomacy */
    double base_tie;           /* tie weight between any two states */
    double bloc_tie;           /* tie weight per shared bloc */
    double campaign_decay;     /* share of campaign tie weight lost per round */
    double status_quo[CN_MAX_DIMS]; /* the no-agreement point */
    double lockin;             /* anchor move of regional parties toward their text (<0: toward the world) */
    double report_regime_weight; /* weight of a party's regimes in its no-agreement value when a report is decided */
    double treaty_regime_weight; /* ... when a treaty is decided */
    double incompatible;       /* regime texts further apart than this are incompatible */
    double dgc_form;           /* Digital Geneva Convention: a binding instrument in force whose
                                * content has form >= this (0: legal status alone) */
    double dgc_scope;          /* ... scope <= this */
    double dgc_coverage;       /* ... bound states >= this share of states */
    /* signature and ratification of treaties (cn_treaty.h) */
    double sign_threshold;     /* theta: gain a state needs to be willing to sign */
    double sign_open;          /* share of willing members that sign when signature opens */
    double sign_rate;          /* per-year hazard of signing later, for a willing member */
    /* clubs: joining and leaving a standard (cn_club.h, docs/model.md 15) */
    double club_rate;          /* per-year hazard scale of joining (willing) and leaving (unwilling) */
    double club_threshold;     /* the pull J a state needs to be willing to belong */
    double club_market;        /* weight of the members' share of the world economy in J */
    double club_size;          /* weight of the members' share of the states in J */
    double club_campaign;      /* weight of the campaign weight the club's sponsor spends on a state */
} cn_model_params;

/* What each replication may draw from what we do not know (docs/model.md
 * 13): nothing; every state's position from its estimate (ideal,
 * ideal_se); positions and uncertain parameters. */
typedef enum { CN_UNC_NONE = 0, CN_UNC_POSITIONS, CN_UNC_ALL } cn_uncertainty;

/* What a round is on the calendar (docs/scenarios.md, `calendar`).  Months
 * are counted from year 0: month = 12 year + (month of year - 1). */
typedef struct {
    int start;                 /* first month of round 1; -1: no dates (rounds only) */
    int round_months;          /* months one round lasts (4) */
    int end;                   /* the run ends with the round holding this month; -1: none */
} cn_calendar;

typedef struct {
    unsigned long seed;
    long replications;
    cn_uncertainty uncertainty; /* default CN_UNC_POSITIONS */
    int input_group;            /* consecutive replications sharing one draw of the inputs (20) */
    int threads;               /* 0: all cores */
    char generator[CN_NAME_LEN]; /* GSL generator name, default "mt19937" */
} cn_run_params;

/* The real outcome of a history scenario: the `expected` group
 * (docs/backtest.md), scored by cn_backtest.h.  A real vote is one of
 * CN_REAL_* (the values of cn_world.h's CN_VOTE_*). */
enum { CN_REAL_NONE = 0, CN_REAL_YES, CN_REAL_NO, CN_REAL_ABSTAIN };

#define CN_EXPECTED_MAX_COUNTS 8                 /* dated counts per episode */
#define CN_EXPECTED_EVIDENCE_END (12 * 2018 + 11) /* 2018-12: later counts are held out */

/* A real count of a treaty's signatories or parties at a real date. */
typedef struct {
    int month;                 /* cn_calendar month of the date */
    int signatories;           /* 1: signatories; 0: parties */
    int real;                  /* the real number */
    int held_out;              /* dated after CN_EXPECTED_EVIDENCE_END */
} cn_expected_count;

typedef struct {
    int n_forums;              /* scored forums (default: every forum) */
    int forums[CN_MAX_FORUMS]; /* forum indices */
    int has_adopted, adopted;  /* has_*: given in the file */
    int has_in_force, in_force;
    int has_parties, parties;  /* reported, not scored */
    int has_votes, yes, no, abstain; /* a recorded vote of the first scored forum */
    unsigned char *real_vote;  /* n_states: CN_REAL_* (CN_REAL_NONE: not listed), owned */
    /* the baseline "vote as last time" (cn_backtest_baseline): the name of
     * an earlier recorded vote (`previous`, e.g. the same series' last
     * resolution; "" none) and each state's vote on it (n_states: CN_REAL_*,
     * CN_REAL_NONE: absent then), owned */
    char previous[64];
    unsigned char *prev_vote;
    int held_out;              /* kept out of the calibration fit */
    int in_sample;             /* the world data were derived from it */
    int hypothetical;          /* never happened: nothing is scored */
    char note[256];            /* one line for the tables */
    char source[256];          /* where the real outcome comes from */
    /* treaties: real counts at real dates (`signatories_at`, `parties_at`)
     * and the real entry into force (`in_force_date`), on the calendar */
    int n_counts;
    cn_expected_count counts[CN_EXPECTED_MAX_COUNTS];
    int has_force_date, force_date; /* cn_calendar month of the real entry into force (-1: none) */
    /* computed, not a setting: the first scored forum is an election
     * (adopted: its first candidate elected; yes/no: each candidate's
     * votes); the candidates' state codes, for the tables */
    int election;
    char candidates[2][8];
} cn_expected;

/* A sweep design: the `sweep` group (docs/sweeps.md), as written; the
 * points are made from it by cn_sweep.h. */
#define CN_SWEEP_MAX_FACTORS 32
#define CN_SWEEP_MAX_LEVELS 1000
#define CN_SWEEP_MAX_POINTS 100000
#define CN_SWEEP_MAX_SOBOL 40        /* dimensions of gsl_qrng_sobol */
#define CN_SWEEP_MAX_METRICS 64
#define CN_SWEEP_NAME 96
#define CN_SWEEP_DEFAULT_SAMPLES 64

typedef enum {
    CN_SWEEP_GRID = 0,
    CN_SWEEP_OAT,
    CN_SWEEP_SOBOL,
    CN_SWEEP_LIST,
    CN_SWEEP_SALTELLI, /* Sobol indices: a Saltelli design over the factors' ranges (cn_gsa.h) */
    CN_SWEEP_MORRIS    /* Morris screening: trajectories over the factors' ranges (cn_gsa.h) */
} cn_sweep_design;

typedef struct {
    char path[256];            /* e.g. "forums.OEWG.footnotes" */
    char name[CN_SWEEP_NAME];  /* label in tables (`name`, default the path) */
    int n_levels;              /* grid, oat: levels; sobol: 0 */
    char **levels;             /* libconfig text of each level, owned */
    char **labels;             /* each level as shown in tables (strings unquoted), owned */
    double *numeric;           /* each level as a number (bool 0/1), NaN when not a number */
    int has_range;             /* sobol, saltelli, morris: lo, hi and integer are used */
    double lo, hi;             /* sobol, saltelli, morris: range */
    int integer;               /* sobol, saltelli, morris: values rounded to integers */
    int *lever;                /* a factor of levers (`levers`, path ""): n_levels lever
                                * indices, owned; NULL for a factor of a path */
    int line;                  /* where it is defined */
} cn_sweep_factor;

typedef struct {
    char name[CN_SWEEP_NAME];  /* a list design's point */
    int n_sets;
    char **sets;               /* "path=value", owned */
    int n_levers;
    int *levers;               /* lever indices applied before sets, owned */
    int line;                  /* where it is defined */
} cn_sweep_entry;

typedef struct {
    cn_sweep_design design;
    char file[512];            /* file of the sweep group (for messages) */
    int line;                  /* line of the sweep group */
    int n_factors;             /* grid, oat, sobol */
    cn_sweep_factor *factors;  /* owned */
    int n_entries;             /* list */
    cn_sweep_entry *entries;   /* owned */
    char baseline[CN_SWEEP_NAME]; /* list: the baseline point's name (default the first) */
    int baseline_index;        /* list: its index in entries; others 0 */
    int samples;               /* sobol: points besides the baseline; saltelli: the base
                                * sample size N ((k + 2) N points besides the baseline) */
    int trajectories;          /* morris: r trajectories (r (k + 1) points besides the baseline) */
    int morris_levels;         /* morris: p, the levels of the grid (even) */
    long replications;         /* per point; 0: the scenario's run.replications */
    long batch;                /* replications per batch; 0: the command's default */
    double precision;          /* > 0: add batches until every 95% interval is narrower */
    long max_replications;     /* cap with precision; 0: the command's default */
    int n_metrics;
    char **metrics;            /* table columns, owned; none: the default columns */
    int keep_runs;             /* 1: keep every run (as --keep-runs) */
} cn_sweep_spec;

/* A plain numeric setting of a scenario, resolved to its places
 * (cn_param.h): `model.beta` has one, `blocs.EU.ideal.form` one per
 * member state, `states.*.ideal_se.form` one per state.  A place is an
 * element of one of the scenario's arrays (or the scenario itself) and a
 * byte offset in it, so the same param finds its places in any copy. */
typedef enum {
    CN_REGION_ROOT = 0,        /* the cn_scenario itself (model, events) */
    CN_REGION_STATES,
    CN_REGION_STAKEHOLDERS,
    CN_REGION_FORUMS,
    CN_REGION_CAMPAIGNS,
    CN_REGION_REGIMES,
    CN_REGION_COUNT
} cn_region;

typedef struct {
    int region;                /* cn_region */
    int elem;                  /* index in the region's array (0 for the root) */
    size_t off;                /* byte offset in the element */
} cn_param_target;

typedef struct {
    char path[256];            /* as written, e.g. "blocs.EU.ideal.form" */
    int type;                  /* cn_schema.h's cn_type: CN_T_FLOAT, CN_T_INT or CN_T_BOOL
                                * (a per-dimension array's element is a CN_T_FLOAT) */
    double lo, hi;             /* the setting's range */
    unsigned flags;            /* the row's CN_F_LOPEN / CN_F_HOPEN */
    int n;
    cn_param_target *t;        /* n places, owned */
} cn_param;

/* A lever (`levers`): what a policy maker chooses, a named set of
 * overrides applied together (docs/sweeps.md, "Levers"). */
typedef struct {
    char name[96];
    char description[CN_TEXT_LEN];
    int n_sets;
    char **sets;               /* "path=value", owned */
    int line;
} cn_lever;

/* An uncertain parameter (`uncertain`): what nobody chooses, drawn once
 * per input group from the input stream when run.uncertainty = "all"
 * (cn_world_draw_inputs; docs/model.md 13). */
typedef enum {
    CN_DIST_UNIFORM = 0,       /* min, max */
    CN_DIST_NORMAL,            /* mean, sd */
    CN_DIST_LOGNORMAL,         /* median, sdlog: exp(N(log median, sdlog)) */
    CN_DIST_BETA,              /* a, b, scaled to [min, max] (default [0, 1]) */
    CN_DIST_TRIANGULAR,        /* min, mode, max */
    CN_DIST_DISCRETE,          /* values, weights (default equal) */
    CN_DIST_ENSEMBLE           /* paths, rows: one row of values drawn uniformly */
} cn_dist;

typedef struct {
    char name[96];             /* label in tables and columns (default the path) */
    char path[256];            /* the setting ("" for an ensemble: paths) */
    cn_dist dist;
    double min, max, mean, sd, median, sdlog, a, b, mode;
    int n_values;              /* discrete: values; ensemble: rows */
    double *values;            /* discrete: n_values; ensemble: n_values x n_paths, owned */
    double *weights;           /* discrete: n_values (NULL: equal), owned */
    int n_paths;               /* ensemble */
    char **paths;              /* ensemble: the settings each row sets, owned */
    int n_params;              /* 1, or n_paths */
    cn_param *params;          /* resolved, owned */
    int line;
} cn_uncertain;

/* Forum defaults (a forum's unset settings take these). */
typedef struct {
    int sessions, footnotes, ratification_sessions, council_quota;
    double dilution, chair_bias, sigma, concession, chair_step;
} cn_forum_defaults;

typedef struct cn_scenario {
    char name[64];
    char description[1024];
    char path[512];            /* file it was loaded from */

    int n_dims;
    cn_dimension dims[CN_MAX_DIMS];
    int dim_scope, dim_form;   /* index of "scope"/"form", -1 if absent */

    int n_states;
    cn_state *states;
    int n_stakeholders;
    cn_stakeholder *stakeholders;
    int n_blocs;
    cn_bloc *blocs;
    int n_ties;
    cn_tie *ties;
    int n_forums;
    cn_forum *forums;
    int n_campaigns;
    cn_campaign *campaigns;
    int n_regimes;
    cn_regime *regimes;

    int poles[2];              /* bloc indices for polarisation; -1: none */
    cn_poles_from poles_from;  /* where the poles came from (a scenario without `poles`) */

    cn_events_params events;
    /* The public record of incidents (`attribution`, scenarios/world/attribution.cfg):
     * offense[i] weights state i as a perpetrator (NULL: no list, capability
     * stands in); attr_since[i] is the decimal year from which i attributes
     * incidents publicly, INFINITY never (NULL: no list, every state does). */
    double *offense;
    double *attr_since;
    /* Market sizes (`markets`, scenarios/world/markets.cfg): market[i] the
     * size of state i's economy (GDP, any unit; 0 not listed).  NULL: no
     * list, capability stands in (cn_club.h). */
    double *market;
    cn_model_params model;
    cn_forum_defaults forum_defaults;
    cn_run_params run;
    cn_calendar calendar;

    int n_levers;
    cn_lever *levers;          /* `levers`, owned */
    int n_uncertain;
    cn_uncertain *uncertain;   /* `uncertain`, owned (drawn only with run.uncertainty all) */

    cn_expected *expected;     /* the `expected` group, owned; NULL when absent */
    cn_sweep_spec *sweep;      /* the `sweep` group, owned; NULL when absent */
} cn_scenario;

/* Sets every parameter of s to its documented default and empties the
 * actor lists (no allocation). */
void cn_scenario_defaults(cn_scenario *s);

/* Frees a scenario and everything it owns.  NULL is a no-op. */
void cn_scenario_free(cn_scenario *s);

/* The default no-agreement point of a dimension named `name`: 0 on
 * `form`, `crime` and `law` (without an agreement nothing binds, no crime
 * law is made and no application of international law is spelled out),
 * 0.5 on any other (docs/scenarios.md, model.status_quo). */
double cn_dim_default_status_quo(const char *name);

/* Index lookups; -1 when absent. */
int cn_scenario_state(const cn_scenario *s, const char *code);
int cn_scenario_bloc(const cn_scenario *s, const char *name);
int cn_scenario_forum(const cn_scenario *s, const char *name);
int cn_scenario_stakeholder(const cn_scenario *s, const char *name);
int cn_scenario_dim(const cn_scenario *s, const char *name);

/* Rounds the run lasts: the round holding calendar.end when the calendar
 * has one (the run describes the world at that date: later sessions are
 * not held); else the max over forums of start - 1 + sessions (+
 * ratification_sessions for treaties). */
int cn_scenario_rounds(const cn_scenario *s);

/* The calendar.  A month is 12 year + (month of year - 1).  Round r covers
 * the months start + (r - 1) round_months .. start + r round_months - 1. */
/* Round (1-based) holding month m; months before the start map to round 1.
 * Needs a calendar start (else returns 1). */
int cn_calendar_round(const cn_calendar *c, int month);
/* First month of round r; -1 without a calendar start. */
int cn_calendar_month(const cn_calendar *c, int round);
/* "2019-09" into buf (size >= 8); "" for a negative month. */
void cn_calendar_format(int month, char *buf, size_t size);
/* Parses "YYYY-MM" (year 1000..9999, month 01..12): the month, or -1. */
int cn_calendar_parse(const char *text);
/* Years one round lasts: round_months / 12. */
double cn_calendar_years(const cn_calendar *c);

/* Writes the resolved scenario as a libconfig file that loads back to the
 * same scenario: every setting of the settings tables (cn_schema.h), in
 * their order.  Returns CN_OK or CN_EIO. */
int cn_scenario_write(const cn_scenario *s, FILE *f);

/* 1 for the binding types: treaty (where in force) and Council decision. */
int cn_output_binding(cn_output_kind o);
/* The legal type in words: "a treaty", "a nonbinding report", ... */
const char *cn_output_phrase(cn_output_kind o);

#endif
