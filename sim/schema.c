/* schema.c - the scenario file's settings, one table per group
 * (cn_schema.h).
 *
 * Each row: the setting's name, type, place, range and default.  The
 * defaults are those documented in docs/scenarios.md (the calibrated ones
 * in docs/backtest.md); test_load checks that the documentation names
 * every setting listed here.  Constant data only: nothing here changes.
 */
#include "cn_schema.h"

#include <math.h>
#include <string.h>

/* Enum settings are read and written through an int. */
_Static_assert(sizeof(cn_rule) == sizeof(int), "cn_rule is int-sized");
_Static_assert(sizeof(cn_output_kind) == sizeof(int), "cn_output_kind is int-sized");
_Static_assert(sizeof(cn_target_mode) == sizeof(int), "cn_target_mode is int-sized");
_Static_assert(sizeof(cn_sweep_design) == sizeof(int), "cn_sweep_design is int-sized");
_Static_assert(sizeof(cn_uncertainty) == sizeof(int), "cn_uncertainty is int-sized");
_Static_assert(sizeof(cn_event_kind) == sizeof(int), "cn_event_kind is int-sized");
_Static_assert(sizeof(cn_dist) == sizeof(int), "cn_dist is int-sized");

const char *const cn_schema_un_groups[5] = {"African", "APG", "EEG", "GRULAC", "WEOG"};
const char *const cn_schema_rule_names[7] = {"consensus", "unanimity", "majority", "two_thirds",
                                             "council",   "election",  "club"};
/* in cn_output_kind order */
const char *const cn_schema_output_names[5] = {"report", "treaty", "decision", "declaration",
                                               "resolution"};
const char *const cn_schema_target_names[3] = {"undecided", "region", "list"};
const char *const cn_schema_design_names[6] = {"grid", "oat", "sobol", "list", "saltelli",
                                               "morris"};
/* in cn_dist order */
const char *const cn_schema_dist_names[7] = {"uniform", "normal",   "lognormal", "beta",
                                             "triangular", "discrete", "ensemble"};
const char *const cn_schema_uncertainty_names[3] = {"none", "positions", "all"};
const char *const cn_schema_event_kinds[2] = {"incident", "attribution"};

const char *cn_schema_rule_name(cn_rule r)
{
    return (unsigned)r < CN_NELEM(cn_schema_rule_names) ? cn_schema_rule_names[r] : "unknown";
}

const char *cn_schema_output_name(cn_output_kind o)
{
    return (unsigned)o < CN_NELEM(cn_schema_output_names) ? cn_schema_output_names[o] : "unknown";
}

/* ---- row makers ---- */

#define FLT(st, m, l, h, d)                                                                    \
    {.name = #m, .type = CN_T_FLOAT, .off = offsetof(st, m), .lo = (l), .hi = (h), .def = (d)}
#define FLTO(st, m, l, h, d)                                                                   \
    {.name = #m, .type = CN_T_FLOAT, .off = offsetof(st, m), .lo = (l), .hi = (h), .def = (d), \
     .flags = CN_F_LOPEN}
#define INTF(st, m, l, h, d)                                                                   \
    {.name = #m, .type = CN_T_INT, .off = offsetof(st, m), .lo = (l), .hi = (h), .def = (d)}
#define BOOLF(st, m, d) {.name = #m, .type = CN_T_BOOL, .off = offsetof(st, m), .def = (d)}
#define STRF(st, m, fl, d)                                                                     \
    {.name = #m, .type = CN_T_STR, .off = offsetof(st, m), .size = sizeof(((st *)0)->m),        \
     .flags = (fl), .defs = (d)}
#define DIMSF(st, m, l, h, fl, fv)                                                             \
    {.name = #m, .type = CN_T_DIMS, .off = offsetof(st, m), .lo = (l), .hi = (h),               \
     .flags = (fl), .fill = (fv)}
#define ENUMF(st, m, nm, d)                                                                    \
    {.name = #m, .type = CN_T_ENUM, .off = offsetof(st, m), .names = (nm),                      \
     .n_names = CN_NELEM(nm), .def = (d)}
#define REF1(nm, st, m, kind, fl, words)                                                       \
    {.name = (nm), .type = CN_T_REF, .off = offsetof(st, m), .ref = (kind), .flags = (fl),      \
     .doc = (words)}
#define REFN(nm, st, m, cnt, kind, fl, words)                                                  \
    {.name = (nm), .type = CN_T_REF, .off = offsetof(st, m), .off2 = offsetof(st, cnt),         \
     .ref = (kind), .flags = (fl), .doc = (words)}
#define GROUPF(nm, st, m, sc, fl)                                                              \
    {.name = (nm), .type = CN_T_GROUP, .off = offsetof(st, m), .sub = (sc), .flags = (fl)}
#define LISTF(nm, st, m, cnt, et, sc, noun_, fl)                                               \
    {.name = (nm), .type = CN_T_LIST, .off = offsetof(st, m), .off2 = offsetof(st, cnt),        \
     .size = sizeof(et), .sub = (sc), .noun = (noun_), .flags = (fl)}

/* ---- when a setting is written ---- */

static int rival_has_text(const void *o)
{
    return ((const cn_rival *)o)->has_text;
}

static int state_has_region(const void *o)
{
    return ((const cn_state *)o)->region[0] != '\0';
}

static int forum_has_draft(const void *o)
{
    return ((const cn_forum *)o)->has_draft;
}

static int forum_has_sponsor(const void *o)
{
    return ((const cn_forum *)o)->sponsor >= 0;
}

static int forum_has_alternative(const void *o)
{
    return ((const cn_forum *)o)->has_alternative;
}

static int forum_is_election(const void *o)
{
    return ((const cn_forum *)o)->rule == CN_RULE_ELECTION;
}

static int script_has_victim(const void *o)
{
    return ((const cn_script_event *)o)->victim >= 0;
}

static int has_attribution(const void *o)
{
    const cn_scenario *s = o;
    return s->offense != NULL || s->attr_since != NULL;
}

static int has_markets(const void *o)
{
    return ((const cn_scenario *)o)->market != NULL;
}

static int has_levers(const void *o)
{
    return ((const cn_scenario *)o)->n_levers > 0;
}

static int has_uncertain(const void *o)
{
    return ((const cn_scenario *)o)->n_uncertain > 0;
}

static int campaign_by_region(const void *o)
{
    return ((const cn_campaign *)o)->target == CN_TARGET_REGION;
}

static int campaign_by_list(const void *o)
{
    return ((const cn_campaign *)o)->target == CN_TARGET_LIST;
}

static int poles_set(const void *o)
{
    const cn_scenario *s = o;
    return s->poles[0] >= 0 && s->poles[1] >= 0;
}

static int expected_adopted(const void *o)
{
    return ((const cn_expected *)o)->has_adopted;
}

static int expected_in_force(const void *o)
{
    return ((const cn_expected *)o)->has_in_force;
}

static int expected_parties(const void *o)
{
    return ((const cn_expected *)o)->has_parties;
}

static int expected_votes(const void *o)
{
    return ((const cn_expected *)o)->has_votes;
}

/* 1 when ex has a dated count of signatories (sig 1) or parties (sig 0). */
static int expected_counts_of(const cn_expected *ex, int sig)
{
    for (int k = 0; k < ex->n_counts; k++)
        if (ex->counts[k].signatories == sig)
            return 1;
    return 0;
}

static int expected_signatories(const void *o)
{
    return expected_counts_of(o, 1);
}

static int expected_parties_at(const void *o)
{
    return expected_counts_of(o, 0);
}

static int sweep_by_factors(const void *o)
{
    return ((const cn_sweep_spec *)o)->design != CN_SWEEP_LIST;
}

static int sweep_by_points(const void *o)
{
    return ((const cn_sweep_spec *)o)->design == CN_SWEEP_LIST;
}

static int sweep_sobol(const void *o)
{
    cn_sweep_design d = ((const cn_sweep_spec *)o)->design;
    return d == CN_SWEEP_SOBOL || d == CN_SWEEP_SALTELLI;
}

static int sweep_morris(const void *o)
{
    return ((const cn_sweep_spec *)o)->design == CN_SWEEP_MORRIS;
}

static int sweep_replications(const void *o)
{
    return ((const cn_sweep_spec *)o)->replications > 0;
}

static int sweep_batch(const void *o)
{
    return ((const cn_sweep_spec *)o)->batch > 0;
}

static int sweep_precision(const void *o)
{
    return ((const cn_sweep_spec *)o)->precision > 0;
}

static int sweep_max_replications(const void *o)
{
    return ((const cn_sweep_spec *)o)->max_replications > 0;
}

static int sweep_keep_runs(const void *o)
{
    return ((const cn_sweep_spec *)o)->keep_runs;
}

static int sweep_metrics(const void *o)
{
    return ((const cn_sweep_spec *)o)->n_metrics > 0;
}

static int factor_levels(const void *o)
{
    const cn_sweep_factor *f = o;
    return !f->has_range && f->lever == NULL;
}

static int factor_path(const void *o)
{
    return ((const cn_sweep_factor *)o)->lever == NULL;
}

static int factor_levers(const void *o)
{
    return ((const cn_sweep_factor *)o)->lever != NULL;
}

static int entry_levers(const void *o)
{
    return ((const cn_sweep_entry *)o)->n_levers > 0;
}

static int lever_described(const void *o)
{
    return ((const cn_lever *)o)->description[0] != '\0';
}

/* Which parameters an uncertain parameter's distribution takes. */
static int dist_is(const void *o, unsigned mask)
{
    return (mask >> ((const cn_uncertain *)o)->dist) & 1u;
}

#define DBIT(d) (1u << (d))
static int unc_path(const void *o)
{
    return !dist_is(o, DBIT(CN_DIST_ENSEMBLE));
}
static int unc_min_max(const void *o)
{
    return dist_is(o, DBIT(CN_DIST_UNIFORM) | DBIT(CN_DIST_BETA) | DBIT(CN_DIST_TRIANGULAR));
}
static int unc_normal(const void *o)
{
    return dist_is(o, DBIT(CN_DIST_NORMAL));
}
static int unc_lognormal(const void *o)
{
    return dist_is(o, DBIT(CN_DIST_LOGNORMAL));
}
static int unc_beta(const void *o)
{
    return dist_is(o, DBIT(CN_DIST_BETA));
}
static int unc_triangular(const void *o)
{
    return dist_is(o, DBIT(CN_DIST_TRIANGULAR));
}
static int unc_discrete(const void *o)
{
    return dist_is(o, DBIT(CN_DIST_DISCRETE));
}
static int unc_weights(const void *o)
{
    return unc_discrete(o) && ((const cn_uncertain *)o)->weights != NULL;
}
static int unc_ensemble(const void *o)
{
    return dist_is(o, DBIT(CN_DIST_ENSEMBLE));
}

static int factor_range(const void *o)
{
    return ((const cn_sweep_factor *)o)->has_range;
}

/* ---- the tables ---- */

static const cn_field dim_fields[] = {
    STRF(cn_dimension, name, CN_F_REQ, NULL),
    {.name = "low", .type = CN_T_STR, .off = offsetof(cn_dimension, low),
     .size = sizeof(((cn_dimension *)0)->low), .doc = "the built-in text for scope, form, crime and law"},
    {.name = "high", .type = CN_T_STR, .off = offsetof(cn_dimension, high),
     .size = sizeof(((cn_dimension *)0)->high), .doc = "the built-in text for scope, form, crime and law"},
};
const cn_schema cn_schema_dims = {dim_fields, CN_NELEM(dim_fields)};

static const cn_field run_fields[] = {
    {.name = "seed", .type = CN_T_ULONG, .off = offsetof(cn_run_params, seed), .lo = 0,
     .hi = INFINITY, .def = 1},
    {.name = "replications", .type = CN_T_LONG, .off = offsetof(cn_run_params, replications),
     .lo = 1, .hi = CN_MAX_REPLICATIONS, .def = 1000, .flags = CN_F_LIMIT,
     .noun = "replications"},
    {.name = "threads", .type = CN_T_INT, .off = offsetof(cn_run_params, threads), .lo = 0,
     .hi = CN_MAX_THREADS, .def = 0, .flags = CN_F_LIMIT, .noun = "threads"},
    STRF(cn_run_params, generator, 0, "mt19937"),
    ENUMF(cn_run_params, uncertainty, cn_schema_uncertainty_names, CN_UNC_POSITIONS),
    INTF(cn_run_params, input_group, 1, 1000000, 20),
};
const cn_schema cn_schema_run = {run_fields, CN_NELEM(run_fields)};

/* "calibrated": fitted to the history library, docs/backtest.md. */
static const cn_field model_fields[] = {
    FLT(cn_model_params, p, 0.5, 4, 2.0),
    FLT(cn_model_params, beta, 0, 1000, 64.1), /* calibrated */
    FLT(cn_model_params, indifference, 0, 1, 0.020), /* calibrated */
    FLT(cn_model_params, vote_deference, -1, 1, 0.141), /* calibrated */
    FLT(cn_model_params, vote_objection_cost, 0, 1, 0.026), /* calibrated */
    FLT(cn_model_params, consensus_objection_cost, 0, 1, 0.066), /* calibrated */
    FLT(cn_model_params, bloc_discipline, 0, 1, 0.142), /* calibrated */
    FLT(cn_model_params, rival_weight, 0, 1, 0.5),
    FLT(cn_model_params, sponsor_cue, 0, 1, 0.036), /* calibrated */
    FLT(cn_model_params, abstain_split, 0, 1, 0.018), /* calibrated */
    FLT(cn_model_params, abstain_hedge, 0, 1, 0.037), /* calibrated */
    FLT(cn_model_params, epsilon, 0, 3, 0.457), /* calibrated */
    FLT(cn_model_params, self_tie, 0, INFINITY, 1.0),
    FLT(cn_model_params, base_tie, 0, INFINITY, 0.05),
    FLT(cn_model_params, bloc_tie, 0, INFINITY, 1.83), /* calibrated */
    FLT(cn_model_params, campaign_decay, 0, 1, 0.1),
    /* 0.5, but 0 on a dimension named `form`: no agreement binds nobody */
    DIMSF(cn_model_params, status_quo, 0, 1, CN_F_FILL, 0.5),
    FLT(cn_model_params, lockin, -1, 1, 0.2),
    FLT(cn_model_params, report_regime_weight, 0, 1, 0.0),
    FLT(cn_model_params, treaty_regime_weight, 0, 1, 0.0),
    FLT(cn_model_params, incompatible, 0, 3, 0.3),
    /* `binding` was removed (issue #12): the loader refuses it with a pointer */
    FLT(cn_model_params, dgc_form, 0, 1, 0.0), /* 0: legal status alone (docs/model.md 12) */
    FLT(cn_model_params, dgc_scope, 0, 1, 0.35),
    FLT(cn_model_params, dgc_coverage, 0, 1, 2.0 / 3.0),
    /* signature and ratification of treaties (cn_treaty.h); fitted on the
     * dated treaty counts to 2018: docs/backtest.md, "Treaties" */
    FLT(cn_model_params, sign_threshold, -1, 1, 0.08),
    FLT(cn_model_params, sign_open, 0, 1, 0.78),
    FLT(cn_model_params, sign_rate, 0, 100, 1.1),
    /* clubs (cn_club.h, docs/model.md 15): judgements, no data to fit them
     * (the club episodes are after 2018) */
    FLT(cn_model_params, club_rate, 0, 100, 1.0),
    FLT(cn_model_params, club_threshold, -1, 1, 0.08), /* = sign_threshold */
    FLT(cn_model_params, club_market, 0, 10, 0.1),
    FLT(cn_model_params, club_size, 0, 10, 0.05),
    FLT(cn_model_params, club_campaign, 0, 10, 0.1),
};
const cn_schema cn_schema_model = {model_fields, CN_NELEM(model_fields)};

static const cn_field events_fields[] = {
    FLT(cn_events_params, incident_rate, 0, 50, 0.3),
    FLT(cn_events_params, attribution, 0, 1, 0.4),
    FLT(cn_events_params, shock, 0, 1, 0.05),
    FLT(cn_events_params, urgency, 0, 1, 0.02),
    FLT(cn_events_params, pressure_decay, 0, 1, 0.2),
    FLT(cn_events_params, shame, 0, 1, 0.2),
    FLT(cn_events_params, audience, 0, 1, 0.0),
    {.name = "script", .type = CN_T_LIST, .off = offsetof(cn_events_params, script),
     .off2 = offsetof(cn_events_params, n_script), .size = sizeof(cn_script_event),
     .sub = &cn_schema_script, .noun = "scripted event", .flags = CN_F_PTR | CN_F_INLINE},
};
const cn_schema cn_schema_events = {events_fields, CN_NELEM(events_fields)};

/* A scripted event (`events.script`); its round against the run's last,
 * the victim and the attributors are checked by load_sections.c. */
static const cn_field script_fields[] = {
    STRF(cn_script_event, name, 0, ""),
    {.name = "round", .type = CN_T_INT, .off = offsetof(cn_script_event, round), .lo = 0,
     .hi = 1000, .flags = CN_F_REQ},
    {.name = "kind", .type = CN_T_ENUM, .off = offsetof(cn_script_event, kind),
     .names = cn_schema_event_kinds, .n_names = CN_NELEM(cn_schema_event_kinds),
     .def = CN_EVENT_INCIDENT, .noun = "event kind"},
    REF1("perpetrator", cn_script_event, perpetrator, CN_REF_STATE, CN_F_REQ, NULL),
    {.name = "victim", .type = CN_T_REF, .off = offsetof(cn_script_event, victim),
     .ref = CN_REF_STATE, .when = script_has_victim, .doc = "none (required for an incident)"},
    REFN("attributors", cn_script_event, attributors, n_attributors, CN_REF_STATES, 0,
         "none (not attributed)"),
};
const cn_schema cn_schema_script = {script_fields, CN_NELEM(script_fields)};

/* The settings a forum shares with forum_defaults: in forum_defaults with
 * their defaults, in a forum inherited from forum_defaults (fl). */
#define FORUM_COMMON(st, fl)                                                                   \
    {.name = "sessions", .type = CN_T_INT, .off = offsetof(st, sessions), .lo = 1,               \
     .hi = CN_MAX_SESSIONS, .def = 6, .flags = CN_F_LIMIT | CN_F_CROSS | (fl),                   \
     .noun = "sessions"},                                                                        \
        {.name = "footnotes", .type = CN_T_INT, .off = offsetof(st, footnotes), .lo = 0,         \
         .hi = INFINITY, .def = 0, .flags = (fl)},                                              \
        {.name = "dilution", .type = CN_T_FLOAT, .off = offsetof(st, dilution), .lo = 0,         \
         .hi = 1, .def = 0.1, .flags = (fl)},                                                   \
        {.name = "chair_bias", .type = CN_T_FLOAT, .off = offsetof(st, chair_bias), .lo = 0,     \
         .hi = 1, .def = 0.109, .flags = (fl)}, /* calibrated */                                \
        {.name = "sigma", .type = CN_T_FLOAT, .off = offsetof(st, sigma), .lo = 0, .hi = 1,      \
         .def = 0.03, .flags = (fl)},                                                           \
        {.name = "concession", .type = CN_T_FLOAT, .off = offsetof(st, concession), .lo = 0,     \
         .hi = 1, .def = 0.357, .flags = (fl)}, /* calibrated */                                \
        {.name = "chair_step", .type = CN_T_FLOAT, .off = offsetof(st, chair_step), .lo = 0,     \
         .hi = 3, .def = 0.256, .flags = (fl)}, /* calibrated; docs/model.md 7 */             \
        {.name = "ratification_sessions", .type = CN_T_INT,                                      \
         .off = offsetof(st, ratification_sessions), .lo = 0, .hi = CN_MAX_SESSIONS, .def = 12,  \
         .flags = CN_F_CROSS | (fl)},                                                           \
        {.name = "council_quota", .type = CN_T_INT, .off = offsetof(st, council_quota), .lo = 1, \
         .hi = INFINITY, .def = 9, .flags = CN_F_CROSS | (fl)}

static const cn_field fdef_fields[] = {FORUM_COMMON(cn_forum_defaults, 0)};
const cn_schema cn_schema_forum_defaults = {fdef_fields, CN_NELEM(fdef_fields)};

/* What a round is; dates read by load_sections.c (an end needs a start). */
static const cn_field calendar_fields[] = {
    {.name = "start", .type = CN_T_REF, .off = offsetof(cn_calendar, start), .ref = CN_REF_DATE,
     .def = -1, .doc = "none (rounds without dates)"},
    INTF(cn_calendar, round_months, 1, 120, 4),
    {.name = "end", .type = CN_T_REF, .off = offsetof(cn_calendar, end), .ref = CN_REF_DATE,
     .def = -1, .doc = "none"},
};
const cn_schema cn_schema_calendar = {calendar_fields, CN_NELEM(calendar_fields)};

/* What states and stakeholders share: a position, its salience, capability
 * and stubbornness (default stub). */
#define ACTOR(st, stub)                                                                        \
    DIMSF(st, ideal, 0, 1, CN_F_REQ, 0), DIMSF(st, salience, 0, 100, CN_F_FILL, 1.0),            \
        FLTO(st, capability, 0, 1e6, 1.0), FLT(st, stubbornness, 0, 1, stub)

/* A state's rows; arr: flags of its per-dimension arrays (CN_F_CODE in a
 * world file's states, whose arrays the loader projects). */
#define STATE_ROWS(arr)                                                                        \
    STRF(cn_state, code, CN_F_REQ, NULL),                                                      \
        {.name = "name", .type = CN_T_STR, .off = offsetof(cn_state, name),                    \
         .size = sizeof(((cn_state *)0)->name), .doc = "the code"},                            \
        STRF(cn_state, group, 0, ""),                                                          \
        {.name = "region", .type = CN_T_STR, .off = offsetof(cn_state, region),                \
         .size = sizeof(((cn_state *)0)->region), .defs = "", .when = state_has_region},       \
        DIMSF(cn_state, ideal, 0, 1, CN_F_REQ | (arr), 0),                                     \
        DIMSF(cn_state, ideal_se, 0, 1, CN_F_FILL | (arr), 0.0),                               \
        DIMSF(cn_state, salience, 0, 100, CN_F_FILL | (arr), 1.0),                             \
        {.name = "capability", .type = CN_T_FLOAT, .off = offsetof(cn_state, capability),      \
         .lo = 0, .hi = 1e6, .def = 1.0, .flags = CN_F_LOPEN | CN_F_CROSS},                    \
        FLT(cn_state, stubbornness, 0, 1, 0.7),                                                \
        FLT(cn_state, ratify, 0, 100, 0.3), /* per year (docs/model.md 9) */                   \
        BOOLF(cn_state, veto, 0)

static const cn_field state_fields[] = {STATE_ROWS(0)};
const cn_schema cn_schema_state = {state_fields, CN_NELEM(state_fields)};

static const cn_field world_state_fields[] = {STATE_ROWS(CN_F_CODE)};
const cn_schema cn_schema_world_state = {world_state_fields, CN_NELEM(world_state_fields)};

static const cn_field holder_fields[] = {
    STRF(cn_stakeholder, name, CN_F_REQ, NULL),
    ACTOR(cn_stakeholder, 1.0),
    FLT(cn_stakeholder, reach, 0, INFINITY, 0.5),
};
const cn_schema cn_schema_stakeholder = {holder_fields, CN_NELEM(holder_fields)};

static const cn_field bloc_fields[] = {
    STRF(cn_bloc, name, CN_F_REQ, NULL),
    REFN("members", cn_bloc, members, n_members, CN_REF_STATES, CN_F_REQ, NULL),
    REF1("leader", cn_bloc, leader, CN_REF_STATE, 0, "the most capable member"),
    BOOLF(cn_bloc, camp, 0),
};
const cn_schema cn_schema_bloc = {bloc_fields, CN_NELEM(bloc_fields)};

static const cn_field tie_fields[] = {
    REF1("from", cn_tie, from, CN_REF_STATE, CN_F_REQ, NULL),
    REF1("to", cn_tie, to, CN_REF_STATE, CN_F_REQ, NULL),
    FLT(cn_tie, weight, 0, INFINITY, 1.0),
    BOOLF(cn_tie, mutual, 1),
};
const cn_schema cn_schema_tie = {tie_fields, CN_NELEM(tie_fields)};

static const cn_field rival_fields[] = {
    REF1("bloc", cn_rival, bloc, CN_REF_BLOC, CN_F_REQ, NULL),
    INTF(cn_rival, from_session, 1, CN_MAX_SESSIONS, 1),
    {.name = "text", .type = CN_T_DIMS, .off = offsetof(cn_rival, text), .lo = 0, .hi = 1,
     .doc = "the bloc's capability-weighted centre", .when = rival_has_text},
};
const cn_schema cn_schema_rival = {rival_fields, CN_NELEM(rival_fields)};

/* The rival text or track on the table in a recorded vote: `text` is read
 * into cn_forum.alternative (offset 0 of it), `sponsor` by load_forums.c. */
static const cn_field alternative_fields[] = {
    {.name = "text", .type = CN_T_DIMS, .off = 0, .lo = 0, .hi = 1, .flags = CN_F_REQ},
    {.name = "sponsor", .type = CN_T_REF, .off = CN_NOFF, .ref = CN_REF_BLOC, .doc = "none"},
};
const cn_schema cn_schema_alternative = {alternative_fields, CN_NELEM(alternative_fields)};

static const cn_field forum_fields[] = {
    STRF(cn_forum, name, CN_F_REQ, NULL),
    REFN("members", cn_forum, members, n_members, CN_REF_STATES, 0, NULL),
    {.name = "draw", .type = CN_T_INT, .off = offsetof(cn_forum, draw_size), .lo = 0,
     .hi = CN_MAX_STATES, .def = 0, .flags = CN_F_CROSS},
    REFN("pool", cn_forum, pool, n_pool, CN_REF_STATES, 0, "\"all\""),
    ENUMF(cn_forum, rule, cn_schema_rule_names, CN_RULE_CONSENSUS),
    ENUMF(cn_forum, output, cn_schema_output_names, CN_OUTPUT_REPORT),
    {.name = "start", .type = CN_T_INT, .off = offsetof(cn_forum, start), .lo = 1, .hi = 1000,
     .def = 1, .flags = CN_F_CROSS},
    {.name = "start_date", .type = CN_T_REF, .off = CN_NOFF, .ref = CN_REF_DATE,
     .flags = CN_F_NOWRITE, .doc = "none (written as `start`)"},
    {.name = "issues", .type = CN_T_REF, .off = offsetof(cn_forum, issues), .ref = CN_REF_ISSUES,
     .doc = "every dimension"},
    FORUM_COMMON(cn_forum, CN_F_INHERIT),
    {.name = "draft", .type = CN_T_DIMS, .off = offsetof(cn_forum, draft), .lo = 0, .hi = 1,
     .when = forum_has_draft, .doc = "none (the chair drafts)"},
    REF1("chair", cn_forum, chair, CN_REF_CHAIR, 0, "\"rotate\""),
    {.name = "closed", .type = CN_T_GROUP, .off = offsetof(cn_forum, fixed), .ref = CN_REF_CLOSED,
     .doc = "none (every dimension open)"},
    {.name = "threshold", .type = CN_T_INT, .off = offsetof(cn_forum, threshold), .lo = 1,
     .hi = INFINITY, .flags = CN_F_CODE, .doc = "half the members (seats), rounded up"},
    FLTO(cn_forum, ratify_scale, 0, 1000, 1.0),
    INTF(cn_forum, force_delay, 0, 1200, 0),
    {.name = "signature_opens", .type = CN_T_REF, .off = offsetof(cn_forum, signature_opens),
     .ref = CN_REF_DATE, .def = -1, .doc = "at adoption"},
    REFN("open_to", cn_forum, open_to, n_open_to, CN_REF_STATES, 0, "none"),
    FLT(cn_forum, accession_scale, 0, 1000, 1.0),
    BOOLF(cn_forum, regional, 0),
    REFN("stakeholders", cn_forum, stakeholders, n_stakeholders, CN_REF_STAKEHOLDERS, 0, NULL),
    LISTF("rivals", cn_forum, rivals, n_rivals, cn_rival, &cn_schema_rival, "rival", CN_F_INLINE),
    {.name = "sponsor", .type = CN_T_REF, .off = offsetof(cn_forum, sponsor), .ref = CN_REF_BLOC,
     .when = forum_has_sponsor, .doc = "none"},
    {.name = "alternative", .type = CN_T_GROUP, .off = offsetof(cn_forum, alternative),
     .sub = &cn_schema_alternative, .ref = CN_REF_ALTERNATIVE, .when = forum_has_alternative,
     .doc = "none"},
    {.name = "candidates", .type = CN_T_REF, .off = offsetof(cn_forum, candidates),
     .off2 = offsetof(cn_forum, n_candidates), .ref = CN_REF_STATES, .when = forum_is_election,
     .doc = "none (two state codes, required with rule = \"election\")"},
};
const cn_schema cn_schema_forum = {forum_fields, CN_NELEM(forum_fields)};

static const cn_field campaign_fields[] = {
    STRF(cn_campaign, name, CN_F_REQ, NULL),
    REF1("bloc", cn_campaign, bloc, CN_REF_BLOC, CN_F_REQ, NULL),
    FLT(cn_campaign, budget, 0, INFINITY, 1.0),
    ENUMF(cn_campaign, target, cn_schema_target_names, CN_TARGET_UNDECIDED),
    {.name = "region", .type = CN_T_STR, .off = offsetof(cn_campaign, region),
     .size = sizeof(((cn_campaign *)0)->region), .flags = CN_F_CODE, .when = campaign_by_region,
     .doc = "required with target = \"region\""},
    {.name = "targets", .type = CN_T_REF, .off = offsetof(cn_campaign, targets),
     .off2 = offsetof(cn_campaign, n_targets), .ref = CN_REF_STATES, .when = campaign_by_list,
     .doc = "required with target = \"list\""},
    {.name = "start", .type = CN_T_INT, .off = offsetof(cn_campaign, start), .lo = 1,
     .hi = 1000, .def = 1, .flags = CN_F_CROSS},
    {.name = "stop", .type = CN_T_INT, .off = offsetof(cn_campaign, stop), .lo = 0, .hi = 1000,
     .def = 0, .flags = CN_F_CROSS},
};
const cn_schema cn_schema_campaign = {campaign_fields, CN_NELEM(campaign_fields)};

static const cn_field regime_fields[] = {
    STRF(cn_regime, name, CN_F_REQ, NULL),
    DIMSF(cn_regime, text, 0, 1, CN_F_REQ, 0),
    BOOLF(cn_regime, binding, 0),
    REFN("parties", cn_regime, parties, n_parties, CN_REF_STATES, CN_F_REQ, NULL),
};
const cn_schema cn_schema_regime = {regime_fields, CN_NELEM(regime_fields)};

/* The public record of incidents (`attribution`): read by load_sections.c
 * into one number per state, written back per state. */
static const cn_field offense_fields[] = {
    REF1("code", cn_offense_row, code, CN_REF_STATE, CN_F_REQ, NULL),
    {.name = "weight", .type = CN_T_FLOAT, .off = offsetof(cn_offense_row, weight), .lo = 0,
     .hi = 1e6, .flags = CN_F_REQ},
};
const cn_schema cn_schema_offense = {offense_fields, CN_NELEM(offense_fields)};

static const cn_field attributor_fields[] = {
    STRF(cn_attributor_row, name, 0, ""),
    REFN("members", cn_attributor_row, members, n_members, CN_REF_STATES, CN_F_REQ, NULL),
    {.name = "since", .type = CN_T_FLOAT, .off = offsetof(cn_attributor_row, since), .lo = 0,
     .hi = 10000, .flags = CN_F_REQ},
};
const cn_schema cn_schema_attributor = {attributor_fields, CN_NELEM(attributor_fields)};

static const cn_field attribution_fields[] = {
    {.name = "offense", .type = CN_T_LIST, .off = CN_NOFF, .size = sizeof(cn_offense_row),
     .sub = &cn_schema_offense, .noun = "offense weight",
     .doc = "none (each state weighs its capability)"},
    {.name = "attributors", .type = CN_T_LIST, .off = CN_NOFF,
     .size = sizeof(cn_attributor_row), .sub = &cn_schema_attributor, .noun = "attributor",
     .doc = "none (every state attributes)"},
};
const cn_schema cn_schema_attribution = {attribution_fields, CN_NELEM(attribution_fields)};

/* Market sizes (`markets`): read by load_markets.c into one number per
 * state, written back per state. */
static const cn_field market_row_fields[] = {
    REF1("code", cn_market_row, code, CN_REF_STATE, CN_F_REQ, NULL),
    {.name = "value", .type = CN_T_FLOAT, .off = offsetof(cn_market_row, value), .lo = 0,
     .hi = 1e9, .flags = CN_F_REQ},
};
const cn_schema cn_schema_market_row = {market_row_fields, CN_NELEM(market_row_fields)};

static const cn_field markets_fields[] = {
    {.name = "gdp", .type = CN_T_LIST, .off = CN_NOFF, .size = sizeof(cn_market_row),
     .sub = &cn_schema_market_row, .noun = "market size", .flags = CN_F_REQ},
};
const cn_schema cn_schema_markets = {markets_fields, CN_NELEM(markets_fields)};

/* Counts of real states and votes: 0 .. CN_MAX_STATES, written when given. */
#define COUNT(m, has)                                                                          \
    {.name = #m, .type = CN_T_INT, .off = offsetof(cn_expected, m), .lo = 0,                     \
     .hi = CN_MAX_STATES, .when = (has), .doc = "none"}
#define VOTERS(nm, vote)                                                                       \
    {.name = (nm), .type = CN_T_REF, .off = offsetof(cn_expected, real_vote),                    \
     .ref = CN_REF_VOTES, .arg = (vote), .doc = "none"}

#define PREV_VOTERS(nm, vote)                                                                  \
    {.name = (nm), .type = CN_T_REF, .off = offsetof(cn_expected, prev_vote),                    \
     .ref = CN_REF_VOTES, .arg = (vote), .doc = "none"}

/* `forum` is read as a one-forum `forums` and written as that. */
static const cn_field expected_fields[] = {
    {.name = "forum", .type = CN_T_REF, .off = CN_NOFF, .doc = "(or forums)"},
    REFN("forums", cn_expected, forums, n_forums, CN_REF_FORUMS, 0, "every forum"),
    {.name = "adopted", .type = CN_T_BOOL, .off = offsetof(cn_expected, adopted),
     .when = expected_adopted, .doc = "none (adopted or in_force is required)"},
    {.name = "in_force", .type = CN_T_BOOL, .off = offsetof(cn_expected, in_force),
     .when = expected_in_force, .doc = "none"},
    COUNT(parties, expected_parties),
    COUNT(yes, expected_votes),
    COUNT(no, expected_votes),
    COUNT(abstain, expected_votes),
    VOTERS("yes_states", CN_REAL_YES),
    VOTERS("no_states", CN_REAL_NO),
    VOTERS("abstain_states", CN_REAL_ABSTAIN),
    STRF(cn_expected, previous, 0, ""),
    PREV_VOTERS("previous_yes_states", CN_REAL_YES),
    PREV_VOTERS("previous_no_states", CN_REAL_NO),
    PREV_VOTERS("previous_abstain_states", CN_REAL_ABSTAIN),
    BOOLF(cn_expected, held_out, 0),
    BOOLF(cn_expected, in_sample, 0),
    BOOLF(cn_expected, hypothetical, 0),
    STRF(cn_expected, note, 0, ""),
    STRF(cn_expected, source, 0, ""),
    {.name = "signatories_at", .type = CN_T_REF, .off = offsetof(cn_expected, counts),
     .ref = CN_REF_COUNTS, .arg = 1, .when = expected_signatories, .doc = "none"},
    {.name = "parties_at", .type = CN_T_REF, .off = offsetof(cn_expected, counts),
     .ref = CN_REF_COUNTS, .arg = 0, .when = expected_parties_at, .doc = "none"},
    {.name = "in_force_date", .type = CN_T_REF, .off = offsetof(cn_expected, force_date),
     .ref = CN_REF_DATE, .def = -1, .doc = "none"},
};
const cn_schema cn_schema_expected = {expected_fields, CN_NELEM(expected_fields)};

/* A sweep's factors and points are checked by load_sweep.c beyond these
 * rows (paths, levels, ranges, names, the number of points). */
static const cn_field factor_fields[] = {
    {.name = "path", .type = CN_T_STR, .off = offsetof(cn_sweep_factor, path),
     .size = sizeof(((cn_sweep_factor *)0)->path), .when = factor_path,
     .doc = "required, unless levers"},
    {.name = "name", .type = CN_T_STR, .off = offsetof(cn_sweep_factor, name),
     .size = sizeof(((cn_sweep_factor *)0)->name), .doc = "the path (\"levers\" for levers)"},
    {.name = "levels", .type = CN_T_REF, .off = offsetof(cn_sweep_factor, levels),
     .off2 = offsetof(cn_sweep_factor, n_levels), .ref = CN_REF_VALUES, .when = factor_levels,
     .doc = "required with grid and oat (or levers)"},
    {.name = "levers", .type = CN_T_REF, .off = offsetof(cn_sweep_factor, labels),
     .off2 = offsetof(cn_sweep_factor, n_levels), .ref = CN_REF_TEXTS, .when = factor_levers,
     .doc = "none (grid and oat: names of levers, a level each)"},
    {.name = "range", .type = CN_T_REF, .off = offsetof(cn_sweep_factor, lo),
     .off2 = offsetof(cn_sweep_factor, hi), .ref = CN_REF_RANGE, .when = factor_range,
     .doc = "required with sobol, saltelli and morris"},
    {.name = "integer", .type = CN_T_BOOL, .off = offsetof(cn_sweep_factor, integer),
     .when = factor_range, .def = 0},
};
const cn_schema cn_schema_sweep_factor = {factor_fields, CN_NELEM(factor_fields)};

static const cn_field point_fields[] = {
    STRF(cn_sweep_entry, name, CN_F_REQ, NULL),
    {.name = "levers", .type = CN_T_REF, .off = offsetof(cn_sweep_entry, levers),
     .off2 = offsetof(cn_sweep_entry, n_levers), .ref = CN_REF_LEVERS, .when = entry_levers,
     .doc = "none"},
    REFN("set", cn_sweep_entry, sets, n_sets, CN_REF_TEXTS, 0, "none (the scenario as written)"),
};
const cn_schema cn_schema_sweep_point = {point_fields, CN_NELEM(point_fields)};

/* A lever (`levers`): read by load_levers.c. */
static const cn_field lever_fields[] = {
    STRF(cn_lever, name, CN_F_REQ, NULL),
    {.name = "description", .type = CN_T_STR, .off = offsetof(cn_lever, description),
     .size = sizeof(((cn_lever *)0)->description), .defs = "", .when = lever_described},
    REFN("set", cn_lever, sets, n_sets, CN_REF_TEXTS, 0, "none (the scenario as written)"),
};
const cn_schema cn_schema_lever = {lever_fields, CN_NELEM(lever_fields)};

/* An uncertain parameter (`uncertain`): which settings a distribution
 * takes, and the path, are checked by load_levers.c. */
#define UNC(m, has)                                                                             \
    {.name = #m, .type = CN_T_FLOAT, .off = offsetof(cn_uncertain, m), .lo = -INFINITY,          \
     .hi = INFINITY, .when = (has), .doc = "none"}
static const cn_field uncertain_fields[] = {
    {.name = "name", .type = CN_T_STR, .off = offsetof(cn_uncertain, name),
     .size = sizeof(((cn_uncertain *)0)->name), .doc = "the path (an ensemble: \"ensemble\")"},
    {.name = "path", .type = CN_T_STR, .off = offsetof(cn_uncertain, path),
     .size = sizeof(((cn_uncertain *)0)->path), .when = unc_path,
     .doc = "required, unless dist = \"ensemble\""},
    {.name = "dist", .type = CN_T_ENUM, .off = offsetof(cn_uncertain, dist),
     .names = cn_schema_dist_names, .n_names = CN_NELEM(cn_schema_dist_names),
     .noun = "distribution", .flags = CN_F_REQ},
    UNC(min, unc_min_max),
    UNC(max, unc_min_max),
    UNC(mean, unc_normal),
    UNC(sd, unc_normal),
    UNC(median, unc_lognormal),
    UNC(sdlog, unc_lognormal),
    UNC(a, unc_beta),
    UNC(b, unc_beta),
    UNC(mode, unc_triangular),
    {.name = "values", .type = CN_T_REF, .off = offsetof(cn_uncertain, values),
     .off2 = offsetof(cn_uncertain, n_values), .ref = CN_REF_NUMBERS, .when = unc_discrete,
     .doc = "none"},
    {.name = "weights", .type = CN_T_REF, .off = offsetof(cn_uncertain, weights),
     .off2 = offsetof(cn_uncertain, n_values), .ref = CN_REF_NUMBERS, .when = unc_weights,
     .doc = "equal"},
    {.name = "paths", .type = CN_T_REF, .off = offsetof(cn_uncertain, paths),
     .off2 = offsetof(cn_uncertain, n_paths), .ref = CN_REF_TEXTS, .when = unc_ensemble,
     .doc = "none"},
    {.name = "rows", .type = CN_T_REF, .off = offsetof(cn_uncertain, values),
     .ref = CN_REF_ROWS, .when = unc_ensemble, .doc = "none"},
};
const cn_schema cn_schema_uncertain = {uncertain_fields, CN_NELEM(uncertain_fields)};

#define SWEEP_LONG(m, l, h, has)                                                               \
    {.name = #m, .type = CN_T_LONG, .off = offsetof(cn_sweep_spec, m), .lo = (l), .hi = (h),     \
     .when = (has), .doc = "the command's"}

static const cn_field sweep_fields[] = {
    {.name = "design", .type = CN_T_ENUM, .off = offsetof(cn_sweep_spec, design),
     .names = cn_schema_design_names, .n_names = CN_NELEM(cn_schema_design_names),
     .flags = CN_F_REQ},
    {.name = "factors", .type = CN_T_LIST, .off = offsetof(cn_sweep_spec, factors),
     .off2 = offsetof(cn_sweep_spec, n_factors), .size = sizeof(cn_sweep_factor),
     .sub = &cn_schema_sweep_factor, .noun = "factor", .flags = CN_F_PTR,
     .when = sweep_by_factors},
    {.name = "points", .type = CN_T_LIST, .off = offsetof(cn_sweep_spec, entries),
     .off2 = offsetof(cn_sweep_spec, n_entries), .size = sizeof(cn_sweep_entry),
     .sub = &cn_schema_sweep_point, .noun = "point", .flags = CN_F_PTR,
     .when = sweep_by_points},
    {.name = "samples", .type = CN_T_INT, .off = offsetof(cn_sweep_spec, samples), .lo = 2,
     .hi = CN_SWEEP_MAX_POINTS - 1, .def = CN_SWEEP_DEFAULT_SAMPLES, .when = sweep_sobol},
    {.name = "trajectories", .type = CN_T_INT, .off = offsetof(cn_sweep_spec, trajectories),
     .lo = 2, .hi = CN_SWEEP_MAX_POINTS - 1, .def = 10, .when = sweep_morris},
    {.name = "morris_levels", .type = CN_T_INT, .off = offsetof(cn_sweep_spec, morris_levels),
     .lo = 2, .hi = 100, .def = 4, .when = sweep_morris},
    SWEEP_LONG(replications, 1, CN_MAX_REPLICATIONS, sweep_replications),
    SWEEP_LONG(batch, 1, 1000000, sweep_batch),
    {.name = "precision", .type = CN_T_FLOAT, .off = offsetof(cn_sweep_spec, precision),
     .lo = 0, .hi = 1, .flags = CN_F_LOPEN | CN_F_HOPEN, .when = sweep_precision,
     .doc = "none (fixed replications)"},
    SWEEP_LONG(max_replications, 1, CN_MAX_REPLICATIONS, sweep_max_replications),
    {.name = "metrics", .type = CN_T_REF, .off = offsetof(cn_sweep_spec, metrics),
     .off2 = offsetof(cn_sweep_spec, n_metrics), .ref = CN_REF_TEXTS, .when = sweep_metrics,
     .doc = "the default columns"},
    {.name = "keep_runs", .type = CN_T_BOOL, .off = offsetof(cn_sweep_spec, keep_runs),
     .when = sweep_keep_runs, .def = 0},
    {.name = "baseline", .type = CN_T_STR, .off = offsetof(cn_sweep_spec, baseline),
     .size = sizeof(((cn_sweep_spec *)0)->baseline), .when = sweep_by_points,
     .doc = "the first point"},
};
const cn_schema cn_schema_sweep = {sweep_fields, CN_NELEM(sweep_fields)};

#define PLIST(nm, m, cnt, et, sc, noun_, fl)                                                   \
    LISTF(nm, cn_scenario, m, cnt, et, sc, noun_, CN_F_PTR | (fl))

static const cn_field root_fields[] = {
    {.name = "name", .type = CN_T_STR, .off = offsetof(cn_scenario, name),
     .size = sizeof(((cn_scenario *)0)->name), .doc = "the file name without .cfg"},
    STRF(cn_scenario, description, 0, ""),
    LISTF("dimensions", cn_scenario, dims, n_dims, cn_dimension, &cn_schema_dims, "dimension",
          CN_F_INLINE),
    GROUPF("run", cn_scenario, run, &cn_schema_run, 0),
    GROUPF("model", cn_scenario, model, &cn_schema_model, 0),
    GROUPF("events", cn_scenario, events, &cn_schema_events, 0),
    GROUPF("forum_defaults", cn_scenario, forum_defaults, &cn_schema_forum_defaults, 0),
    GROUPF("calendar", cn_scenario, calendar, &cn_schema_calendar, 0),
    /* read by load_sections.c; the states' arrays are written projected */
    {.name = "world_dimensions", .type = CN_T_LIST, .off = CN_NOFF, .size = sizeof(cn_dimension),
     .sub = &cn_schema_dims, .noun = "dimension", .flags = CN_F_NOWRITE, .doc = "none"},
    PLIST("states", states, n_states, cn_state, &cn_schema_state, "state", CN_F_REQ),
    PLIST("stakeholders", stakeholders, n_stakeholders, cn_stakeholder, &cn_schema_stakeholder,
          "stakeholder", 0),
    PLIST("blocs", blocs, n_blocs, cn_bloc, &cn_schema_bloc, "bloc", 0),
    PLIST("ties", ties, n_ties, cn_tie, &cn_schema_tie, "tie", CN_F_INLINE),
    PLIST("forums", forums, n_forums, cn_forum, &cn_schema_forum, "forum", CN_F_REQ),
    PLIST("campaigns", campaigns, n_campaigns, cn_campaign, &cn_schema_campaign, "campaign", 0),
    PLIST("regimes", regimes, n_regimes, cn_regime, &cn_schema_regime, "regime", 0),
    {.name = "poles", .type = CN_T_REF, .off = offsetof(cn_scenario, poles),
     .ref = CN_REF_POLES, .when = poles_set,
     .doc = "the two largest camp blocs, else the two largest blocs (none with fewer than 2)"},
    {.name = "attribution", .type = CN_T_GROUP, .off = offsetof(cn_scenario, offense),
     .off2 = offsetof(cn_scenario, attr_since), .sub = &cn_schema_attribution,
     .ref = CN_REF_ATTRIBUTION, .when = has_attribution, .doc = "none"},
    {.name = "markets", .type = CN_T_GROUP, .off = offsetof(cn_scenario, market),
     .sub = &cn_schema_markets, .ref = CN_REF_MARKETS, .when = has_markets,
     .doc = "none (capability stands in)"},
    /* the scenario's own overrides: applied to the file before --set (load_set.c) */
    {.name = "set", .type = CN_T_REF, .off = CN_NOFF, .ref = CN_REF_TEXTS,
     .flags = CN_F_NOWRITE, .doc = "none (applied when read; the resolved file holds the "
     "values)"},
    {.name = "levers", .type = CN_T_LIST, .off = offsetof(cn_scenario, levers),
     .off2 = offsetof(cn_scenario, n_levers), .size = sizeof(cn_lever), .sub = &cn_schema_lever,
     .noun = "lever", .flags = CN_F_PTR, .when = has_levers, .doc = "none"},
    {.name = "uncertain", .type = CN_T_LIST, .off = offsetof(cn_scenario, uncertain),
     .off2 = offsetof(cn_scenario, n_uncertain), .size = sizeof(cn_uncertain),
     .sub = &cn_schema_uncertain, .noun = "uncertain parameter", .flags = CN_F_PTR,
     .when = has_uncertain, .doc = "none"},
    GROUPF("expected", cn_scenario, expected, &cn_schema_expected, CN_F_PTR),
    GROUPF("sweep", cn_scenario, sweep, &cn_schema_sweep, CN_F_PTR),
};
const cn_schema cn_schema_root = {root_fields, CN_NELEM(root_fields)};

const cn_field *cn_schema_find(const cn_schema *sc, const char *name)
{
    if (sc == NULL || name == NULL)
        return NULL;
    for (int k = 0; k < sc->n; k++)
        if (strcmp(sc->f[k].name, name) == 0)
            return &sc->f[k];
    return NULL;
}

void cn_schema_defaults(const cn_schema *sc, void *obj)
{
    for (int k = 0; k < sc->n; k++) {
        const cn_field *f = &sc->f[k];
        if (f->off == CN_NOFF || (f->flags & (CN_F_INHERIT | CN_F_CODE)))
            continue;
        void *p = (char *)obj + f->off;
        switch (f->type) {
        case CN_T_INT:
        case CN_T_BOOL:
        case CN_T_ENUM: *(int *)p = (int)f->def; break;
        case CN_T_LONG: *(long *)p = (long)f->def; break;
        case CN_T_ULONG: *(unsigned long *)p = (unsigned long)f->def; break;
        case CN_T_FLOAT: *(double *)p = f->def; break;
        case CN_T_STR:
            if (f->defs != NULL)
                snprintf(p, f->size, "%s", f->defs);
            break;
        case CN_T_DIMS:
            for (int d = 0; d < CN_MAX_DIMS; d++)
                ((double *)p)[d] = f->fill;
            break;
        case CN_T_GROUP:
            if (f->sub != NULL && !(f->flags & CN_F_PTR) && f->ref == CN_REF_NONE)
                cn_schema_defaults(f->sub, p);
            break;
        case CN_T_REF:
            if (f->ref == CN_REF_DATE)
                *(int *)p = (int)f->def;
            break;
        default: break;
        }
    }
}

void cn_schema_inherit(const cn_schema *sc, void *obj, const cn_schema *from_sc,
                       const void *from)
{
    for (int k = 0; k < sc->n; k++) {
        const cn_field *f = &sc->f[k];
        const cn_field *g = cn_schema_find(from_sc, f->name);
        if (!(f->flags & CN_F_INHERIT) || g == NULL || g->type != f->type)
            continue;
        char *dst = (char *)obj + f->off;
        const char *src = (const char *)from + g->off;
        memcpy(dst, src, f->type == CN_T_FLOAT ? sizeof(double) : sizeof(int));
    }
}
