/* test_scenario.c - defaults, lookups, rounds, and the writer: a
 * scenario written by cn_scenario_write loads back equal, field by field
 * (cn_scenario.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cn_load.h"
#include "cn_scenario.h"

#define FULL "tests/data/full.cfg"

static cn_scenario *load_ok(const char *path)
{
    cn_scenario *s = NULL;
    cn_diag d;
    char buf[1024];
    int rc = cn_load_scenario(path, NULL, 0, &s, &d);
    if (rc != CN_OK)
        fail_msg("%s", cn_diag_format(&d, buf, sizeof buf));
    assert_non_null(s);
    return s;
}

/* The scenario as text (cn_scenario_write into memory); caller frees. */
static char *write_text(const cn_scenario *s)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_non_null(f);
    assert_int_equal(cn_scenario_write(s, f), CN_OK);
    assert_int_equal(fclose(f), 0);
    return text;
}

static void test_scenario_defaults(void **state)
{
    (void)state;
    cn_scenario s;
    memset(&s, 0x5a, sizeof s);
    cn_scenario_defaults(&s);
    assert_int_equal(s.n_dims, 2);
    assert_string_equal(s.dims[0].name, "scope");
    assert_string_equal(s.dims[1].name, "form");
    assert_true(strlen(s.dims[0].low) > 0 && strlen(s.dims[1].high) > 0);
    assert_int_equal(s.dim_scope, 0);
    assert_int_equal(s.dim_form, 1);
    assert_int_equal(s.n_states, 0);
    assert_null(s.states);
    assert_null(s.forums);
    assert_int_equal(s.n_forums + s.n_blocs + s.n_ties + s.n_campaigns + s.n_regimes
                         + s.n_stakeholders,
                     0);
    assert_int_equal(s.poles[0], -1);
    assert_int_equal(s.poles[1], -1);
    assert_string_equal(s.name, "");
    /* docs/scenarios.md, value by value */
    assert_true(s.model.p == 2.0 && s.model.beta == 64.1 && s.model.indifference == 0.020);
    assert_true(s.model.epsilon == 0.457 && s.model.self_tie == 1.0 && s.model.base_tie == 0.05);
    assert_true(s.model.bloc_tie == 1.83 && s.model.campaign_decay == 0.1);
    assert_true(s.model.vote_deference == 0.141 && s.model.vote_objection_cost == 0.026);
    assert_true(s.model.sponsor_cue == 0.036 && s.model.abstain_split == 0.018);
    assert_true(s.model.abstain_hedge == 0.037 && s.model.rival_weight == 0.5);
    assert_true(s.model.consensus_objection_cost == 0.066 && s.model.bloc_discipline == 0.142);
    /* 0.5 everywhere but on `form` (index 1 of the default dimensions) */
    for (int d = 0; d < CN_MAX_DIMS; d++)
        assert_true(s.model.status_quo[d] == (d == 1 ? 0.0 : 0.5));
    assert_true(s.model.report_regime_weight == 0.0 && s.model.treaty_regime_weight == 0.0);
    assert_true(s.model.lockin == 0.2 && s.model.incompatible == 0.3);
    assert_true(s.model.dgc_form == 0.0 && s.model.dgc_scope == 0.35);
    assert_true(s.model.dgc_coverage == 2.0 / 3.0);
    assert_true(s.model.sign_threshold == 0.08 && s.model.sign_open == 0.78);
    assert_true(s.model.sign_rate == 1.1);
    assert_int_equal(s.calendar.start, -1);
    assert_int_equal(s.calendar.round_months, 4);
    assert_int_equal(s.calendar.end, -1);
    assert_true(s.events.incident_rate == 0.3 && s.events.attribution == 0.4);
    assert_true(s.events.shock == 0.05 && s.events.urgency == 0.02);
    assert_true(s.events.pressure_decay == 0.2 && s.events.shame == 0.2);
    assert_int_equal(s.forum_defaults.sessions, 6);
    assert_int_equal(s.forum_defaults.footnotes, 0);
    assert_int_equal(s.forum_defaults.ratification_sessions, 12);
    assert_int_equal(s.forum_defaults.council_quota, 9);
    assert_true(s.forum_defaults.dilution == 0.1 && s.forum_defaults.chair_bias == 0.109);
    assert_true(s.forum_defaults.sigma == 0.03 && s.forum_defaults.concession == 0.357);
    assert_true(s.forum_defaults.chair_step == 0.256);
    assert_int_equal(s.run.seed, 1);
    assert_int_equal(s.run.replications, 1000);
    assert_int_equal(s.run.threads, 0);
    assert_string_equal(s.run.generator, "mt19937");
    cn_scenario_defaults(NULL); /* no-op */
}

/* The no-agreement point of a dimension by its name: nothing binds, no
 * crime law is made and no application of law spelled out without an
 * agreement; any other dimension sits at the centre. */
static void test_scenario_default_status_quo(void **state)
{
    (void)state;
    assert_true(cn_dim_default_status_quo("form") == 0.0);
    assert_true(cn_dim_default_status_quo("crime") == 0.0);
    assert_true(cn_dim_default_status_quo("law") == 0.0);
    assert_true(cn_dim_default_status_quo("scope") == 0.5);
    assert_true(cn_dim_default_status_quo("lawful") == 0.5);
    assert_true(cn_dim_default_status_quo(NULL) == 0.5);
}

static void test_scenario_free_null_and_empty(void **state)
{
    (void)state;
    cn_scenario_free(NULL);
    cn_scenario *s = calloc(1, sizeof *s);
    assert_non_null(s);
    cn_scenario_defaults(s);
    cn_scenario_free(s); /* no arrays: only the struct */
}

static void test_scenario_lookups(void **state)
{
    (void)state;
    cn_scenario *s = load_ok(FULL);
    assert_int_equal(cn_scenario_state(s, "USA"), 0);
    assert_int_equal(cn_scenario_state(s, "ZAF"), 8);
    assert_int_equal(cn_scenario_state(s, "usa"), -1);
    assert_int_equal(cn_scenario_state(s, "XXX"), -1);
    assert_int_equal(cn_scenario_bloc(s, "EU"), 0);
    assert_int_equal(cn_scenario_bloc(s, "BRICS"), 3);
    assert_int_equal(cn_scenario_bloc(s, "G7"), -1);
    assert_int_equal(cn_scenario_forum(s, "GGE"), 1);
    assert_int_equal(cn_scenario_forum(s, "UNSC"), 3);
    assert_int_equal(cn_scenario_forum(s, "AHC"), -1);
    assert_int_equal(cn_scenario_stakeholder(s, "ICRC"), 1);
    assert_int_equal(cn_scenario_stakeholder(s, "Google"), -1);
    assert_int_equal(cn_scenario_dim(s, "accountability"), 2);
    assert_int_equal(cn_scenario_dim(s, "governance"), -1);
    assert_int_equal(cn_scenario_state(NULL, "USA"), -1);
    assert_int_equal(cn_scenario_state(s, NULL), -1);
    assert_int_equal(cn_scenario_bloc(NULL, "EU"), -1);
    assert_int_equal(cn_scenario_forum(s, NULL), -1);
    assert_int_equal(cn_scenario_stakeholder(NULL, "ICRC"), -1);
    assert_int_equal(cn_scenario_dim(NULL, "scope"), -1);
    cn_scenario_free(s);
}

static void test_scenario_rounds(void **state)
{
    (void)state;
    cn_scenario *s = load_ok(FULL);
    /* the calendar's end 2024-06 in 6-month rounds from 2019-09: round 10,
     * whatever the forums */
    assert_int_equal(cn_scenario_rounds(s), 10);
    /* without an end: OEWG 8, GGE 8, G20deal (treaty) 3-1+4+10 = 16, UNSC
     * (a decision: no ratification) 8 */
    s->calendar.end = -1;
    assert_int_equal(cn_scenario_rounds(s), 16);
    s->forums[2].output = CN_OUTPUT_REPORT; /* 3-1+4 = 6: OEWG's 8 */
    assert_int_equal(cn_scenario_rounds(s), 8);
    s->forums[3].output = CN_OUTPUT_TREATY; /* UNSC 8+5 = 13 */
    assert_int_equal(cn_scenario_rounds(s), 13);
    cn_scenario_free(s);

    cn_scenario empty;
    cn_scenario_defaults(&empty);
    assert_int_equal(cn_scenario_rounds(&empty), 0);
    assert_int_equal(cn_scenario_rounds(NULL), 0);
}

/* The calendar: months since year 0, rounds of round_months from start. */
static void test_scenario_calendar(void **state)
{
    (void)state;
    cn_calendar c = {.start = 12 * 2019 + 8, .round_months = 4, .end = -1};
    assert_int_equal(cn_calendar_parse("2019-09"), 12 * 2019 + 8);
    assert_int_equal(cn_calendar_parse("2019-9"), -1);
    assert_int_equal(cn_calendar_parse("2019-13"), -1);
    assert_int_equal(cn_calendar_parse("0999-01"), -1);
    assert_int_equal(cn_calendar_parse("20x9-01"), -1);
    assert_int_equal(cn_calendar_parse(NULL), -1);
    assert_int_equal(cn_calendar_round(&c, 12 * 2019 + 8), 1);
    assert_int_equal(cn_calendar_round(&c, 12 * 2019 + 11), 1); /* 2019-12 */
    assert_int_equal(cn_calendar_round(&c, 12 * 2020 + 0), 2);  /* 2020-01 */
    assert_int_equal(cn_calendar_round(&c, 12 * 2018), 1);      /* before the start */
    assert_int_equal(cn_calendar_month(&c, 3), 12 * 2020 + 4);  /* 2020-05 */
    char b[16];
    cn_calendar_format(cn_calendar_month(&c, 3), b, sizeof b);
    assert_string_equal(b, "2020-05");
    cn_calendar_format(-1, b, sizeof b);
    assert_string_equal(b, "");
    assert_true(cn_calendar_years(&c) == 4.0 / 12.0);
    c.start = -1;
    assert_int_equal(cn_calendar_month(&c, 3), -1);
    assert_int_equal(cn_calendar_round(&c, 12 * 2030), 1);
}

#define EQ_INT(f) assert_int_equal(a->f, b->f)
#define EQ_DBL(f) assert_true(a->f == b->f)
#define EQ_STR(f) assert_string_equal(a->f, b->f)

static void eq_idx(const int *x, const int *y, int n)
{
    for (int k = 0; k < n; k++)
        assert_int_equal(x[k], y[k]);
}

static void eq_dims(const double *x, const double *y, int n)
{
    for (int d = 0; d < n; d++)
        assert_true(x[d] == y[d]);
}

static void assert_same_expected(const cn_expected *a, const cn_expected *b, int n_states)
{
    if (a == NULL || b == NULL) {
        assert_true(a == b);
        return;
    }
    EQ_INT(n_forums);
    eq_idx(a->forums, b->forums, a->n_forums);
    EQ_INT(has_adopted);
    EQ_INT(adopted);
    EQ_INT(has_in_force);
    EQ_INT(in_force);
    EQ_INT(has_parties);
    EQ_INT(parties);
    EQ_INT(has_votes);
    EQ_INT(yes);
    EQ_INT(no);
    EQ_INT(abstain);
    assert_memory_equal(a->real_vote, b->real_vote, (size_t)n_states);
    EQ_STR(previous);
    assert_memory_equal(a->prev_vote, b->prev_vote, (size_t)n_states);
    EQ_INT(held_out);
    EQ_INT(in_sample);
    EQ_INT(hypothetical);
    EQ_STR(note);
    EQ_STR(source);
    EQ_INT(n_counts);
    assert_memory_equal(a->counts, b->counts, (size_t)a->n_counts * sizeof a->counts[0]);
    EQ_INT(has_force_date);
    EQ_INT(force_date);
}

static void eq_strings(char *const *x, char *const *y, int n)
{
    for (int k = 0; k < n; k++)
        assert_string_equal(x[k], y[k]);
}

static void assert_same_sweep(const cn_sweep_spec *a, const cn_sweep_spec *b)
{
    if (a == NULL || b == NULL) {
        assert_true(a == b);
        return;
    }
    EQ_INT(design);
    EQ_INT(n_factors);
    for (int k = 0; k < a->n_factors; k++) {
        const cn_sweep_factor *x = &a->factors[k], *y = &b->factors[k];
        assert_string_equal(x->path, y->path);
        assert_string_equal(x->name, y->name);
        assert_int_equal(x->n_levels, y->n_levels);
        eq_strings(x->levels, y->levels, x->n_levels);
        eq_strings(x->labels, y->labels, x->n_levels);
        for (int i = 0; i < x->n_levels; i++)
            assert_memory_equal(&x->numeric[i], &y->numeric[i], sizeof(double)); /* NaN too */
        assert_int_equal(x->has_range, y->has_range);
        assert_true(x->lo == y->lo && x->hi == y->hi);
        assert_int_equal(x->integer, y->integer);
    }
    EQ_INT(n_entries);
    for (int p = 0; p < a->n_entries; p++) {
        EQ_STR(entries[p].name);
        EQ_INT(entries[p].n_sets);
        eq_strings(a->entries[p].sets, b->entries[p].sets, a->entries[p].n_sets);
    }
    EQ_STR(baseline);
    EQ_INT(baseline_index);
    EQ_INT(samples);
    EQ_INT(replications);
    EQ_INT(batch);
    EQ_DBL(precision);
    EQ_INT(max_replications);
    EQ_INT(n_metrics);
    eq_strings(a->metrics, b->metrics, a->n_metrics);
}

static void assert_same_scenario(const cn_scenario *a, const cn_scenario *b)
{
    EQ_STR(name);
    EQ_STR(description);
    EQ_INT(n_dims);
    for (int d = 0; d < a->n_dims; d++) {
        EQ_STR(dims[d].name);
        EQ_STR(dims[d].low);
        EQ_STR(dims[d].high);
    }
    EQ_INT(dim_scope);
    EQ_INT(dim_form);
    int D = a->n_dims;
    EQ_INT(n_states);
    for (int i = 0; i < a->n_states; i++) {
        EQ_STR(states[i].code);
        EQ_STR(states[i].name);
        EQ_STR(states[i].group);
        EQ_STR(states[i].region);
        eq_dims(a->states[i].ideal, b->states[i].ideal, D);
        eq_dims(a->states[i].ideal_se, b->states[i].ideal_se, D);
        eq_dims(a->states[i].salience, b->states[i].salience, D);
        EQ_DBL(states[i].capability);
        EQ_DBL(states[i].stubbornness);
        EQ_DBL(states[i].ratify);
        EQ_INT(states[i].veto);
    }
    EQ_INT(n_stakeholders);
    for (int i = 0; i < a->n_stakeholders; i++) {
        EQ_STR(stakeholders[i].name);
        eq_dims(a->stakeholders[i].ideal, b->stakeholders[i].ideal, D);
        eq_dims(a->stakeholders[i].salience, b->stakeholders[i].salience, D);
        EQ_DBL(stakeholders[i].capability);
        EQ_DBL(stakeholders[i].stubbornness);
        EQ_DBL(stakeholders[i].reach);
    }
    EQ_INT(n_blocs);
    for (int i = 0; i < a->n_blocs; i++) {
        EQ_STR(blocs[i].name);
        EQ_INT(blocs[i].leader);
        EQ_INT(blocs[i].camp);
        EQ_INT(blocs[i].n_members);
        eq_idx(a->blocs[i].members, b->blocs[i].members, a->blocs[i].n_members);
    }
    EQ_INT(n_ties);
    for (int i = 0; i < a->n_ties; i++) {
        EQ_INT(ties[i].from);
        EQ_INT(ties[i].to);
        EQ_DBL(ties[i].weight);
        EQ_INT(ties[i].mutual);
    }
    EQ_INT(n_forums);
    for (int i = 0; i < a->n_forums; i++) {
        const cn_forum *x = &a->forums[i], *y = &b->forums[i];
        assert_string_equal(x->name, y->name);
        assert_int_equal(x->rule, y->rule);
        assert_int_equal(x->output, y->output);
        assert_int_equal(x->n_members, y->n_members);
        eq_idx(x->members, y->members, x->n_members);
        assert_int_equal(x->draw_size, y->draw_size);
        assert_int_equal(x->n_pool, y->n_pool);
        eq_idx(x->pool, y->pool, x->n_pool);
        assert_int_equal(x->start, y->start);
        assert_int_equal(x->sessions, y->sessions);
        assert_int_equal(x->footnotes, y->footnotes);
        assert_true(x->dilution == y->dilution);
        assert_int_equal(x->chair_mode, y->chair_mode);
        assert_int_equal(x->chair, y->chair);
        assert_true(x->chair_bias == y->chair_bias);
        assert_true(x->sigma == y->sigma);
        assert_true(x->concession == y->concession);
        assert_true(x->chair_step == y->chair_step);
        assert_int_equal(x->has_draft, y->has_draft);
        if (x->has_draft)
            eq_dims(x->draft, y->draft, D);
        for (int d = 0; d < CN_MAX_DIMS; d++) {
            assert_int_equal(x->open[d], y->open[d]);
            assert_true(x->fixed[d] == y->fixed[d]);
        }
        assert_int_equal(x->threshold, y->threshold);
        assert_int_equal(x->ratification_sessions, y->ratification_sessions);
        assert_int_equal(x->council_quota, y->council_quota);
        assert_int_equal(x->regional, y->regional);
        assert_true(x->ratify_scale == y->ratify_scale);
        assert_true(x->issues == y->issues);
        assert_int_equal(x->signature_opens, y->signature_opens);
        assert_int_equal(x->force_delay, y->force_delay);
        assert_int_equal(x->n_open_to, y->n_open_to);
        eq_idx(x->open_to, y->open_to, x->n_open_to);
        assert_true(x->accession_scale == y->accession_scale);
        assert_int_equal(x->sponsor, y->sponsor);
        assert_int_equal(x->has_alternative, y->has_alternative);
        if (x->has_alternative)
            eq_dims(x->alternative, y->alternative, D);
        assert_int_equal(x->alternative_sponsor, y->alternative_sponsor);
        assert_int_equal(x->n_stakeholders, y->n_stakeholders);
        eq_idx(x->stakeholders, y->stakeholders, x->n_stakeholders);
        assert_int_equal(x->n_rivals, y->n_rivals);
        for (int r = 0; r < x->n_rivals; r++) {
            assert_int_equal(x->rivals[r].bloc, y->rivals[r].bloc);
            assert_int_equal(x->rivals[r].from_session, y->rivals[r].from_session);
            assert_int_equal(x->rivals[r].has_text, y->rivals[r].has_text);
            eq_dims(x->rivals[r].text, y->rivals[r].text, D);
        }
    }
    EQ_INT(n_campaigns);
    for (int i = 0; i < a->n_campaigns; i++) {
        EQ_STR(campaigns[i].name);
        EQ_INT(campaigns[i].bloc);
        EQ_DBL(campaigns[i].budget);
        EQ_INT(campaigns[i].target);
        EQ_STR(campaigns[i].region);
        EQ_INT(campaigns[i].n_targets);
        eq_idx(a->campaigns[i].targets, b->campaigns[i].targets, a->campaigns[i].n_targets);
        EQ_INT(campaigns[i].start);
        EQ_INT(campaigns[i].stop);
    }
    EQ_INT(n_regimes);
    for (int i = 0; i < a->n_regimes; i++) {
        EQ_STR(regimes[i].name);
        eq_dims(a->regimes[i].text, b->regimes[i].text, D);
        EQ_INT(regimes[i].binding);
        EQ_INT(regimes[i].n_parties);
        eq_idx(a->regimes[i].parties, b->regimes[i].parties, a->regimes[i].n_parties);
    }
    EQ_INT(poles[0]);
    EQ_INT(poles[1]);
    /* the parameter groups hold doubles and ints only (no padding): equal
     * bit for bit, whatever parameters they gain; the scripted events
     * (events.script, a pointer) compared one by one */
    cn_events_params ea = a->events, eb = b->events;
    ea.script = eb.script = NULL;
    assert_memory_equal(&ea, &eb, sizeof ea);
    assert_memory_equal(&a->model, &b->model, sizeof a->model);
    assert_memory_equal(&a->forum_defaults, &b->forum_defaults, sizeof a->forum_defaults);
    assert_memory_equal(&a->calendar, &b->calendar, sizeof a->calendar);
    EQ_INT(events.n_script);
    for (int k = 0; k < a->events.n_script; k++) {
        EQ_STR(events.script[k].name);
        EQ_INT(events.script[k].round);
        EQ_INT(events.script[k].kind);
        EQ_INT(events.script[k].perpetrator);
        EQ_INT(events.script[k].victim);
        EQ_INT(events.script[k].n_attributors);
        eq_idx(a->events.script[k].attributors, b->events.script[k].attributors,
               a->events.script[k].n_attributors);
    }
    assert_int_equal(a->offense != NULL, b->offense != NULL);
    assert_int_equal(a->attr_since != NULL, b->attr_since != NULL);
    for (int i = 0; i < a->n_states; i++) {
        if (a->offense != NULL)
            assert_true(a->offense[i] == b->offense[i]);
        if (a->attr_since != NULL)
            assert_true(a->attr_since[i] == b->attr_since[i]);
    }
    EQ_INT(run.uncertainty);
    EQ_INT(run.input_group);
    assert_true(a->run.seed == b->run.seed);
    EQ_INT(run.replications);
    EQ_INT(run.threads);
    EQ_STR(run.generator);
    assert_same_expected(a->expected, b->expected, a->n_states);
    assert_same_sweep(a->sweep, b->sweep);
}

static void round_trip(cn_scenario *a)
{
    char *text = write_text(a);
    cn_scenario *b = NULL;
    cn_diag d;
    char buf[1024];
    int rc = cn_load_scenario_string(text, "written.cfg", NULL, NULL, 0, &b, &d);
    if (rc != CN_OK)
        fail_msg("%s\n%s", cn_diag_format(&d, buf, sizeof buf), text);
    assert_same_scenario(a, b);
    /* deterministic: the copy writes the same text */
    char *again = write_text(b);
    assert_string_equal(text, again);
    free(again);
    free(text);
    cn_scenario_free(b);
}

static void test_scenario_write_round_trip(void **state)
{
    (void)state;
    cn_scenario *a = load_ok(FULL);
    round_trip(a);
    cn_scenario_free(a);
}

/* Values that do not print short: 17 digits, tiny, huge, a big seed. */
static void test_scenario_write_round_trip_awkward(void **state)
{
    (void)state;
    cn_scenario *a = load_ok("tests/data/minimal.cfg");
    a->states[0].ideal[0] = 1.0 / 3.0;
    a->states[1].ideal[1] = 0.1 + 0.2;
    a->states[0].capability = 1e-300;
    a->states[1].capability = 987654.321;
    a->model.self_tie = 1e22;
    a->model.lockin = -0.0;
    a->run.seed = 4000000000UL;
    round_trip(a);
    char *text = write_text(a);
    assert_non_null(strstr(text, "seed = 4000000000L;"));
    assert_non_null(strstr(text, "self_tie = 1e+22;"));
    assert_non_null(strstr(text, "lockin = -0.0;"));
    assert_non_null(strstr(text, " p = 2.0;")); /* integral floats keep a '.' */
    /* shortest text that reads back: 16 digits for 1/3, 17 for 0.1 + 0.2 */
    assert_non_null(strstr(text, "ideal = [0.3333333333333333, 0.3];"));
    assert_non_null(strstr(text, "ideal = [0.7, 0.30000000000000004];"));
    assert_non_null(strstr(text, "capability = 1e-300;"));
    free(text);
    cn_scenario_free(a);
}

/* A history scenario: its real outcome (`expected`) is written too. */
static void test_scenario_write_round_trip_history(void **state)
{
    (void)state;
    const char *files[] = {"scenarios/history/ga-73-27.cfg", "scenarios/history/oewg-2021.cfg",
                           "scenarios/history/dgc-hypothetical.cfg"};
    for (int k = 0; k < 3; k++) {
        cn_scenario *a = load_ok(files[k]);
        assert_non_null(a->expected);
        round_trip(a);
        cn_scenario_free(a);
    }
}

/* The settings the tables write by code (dates, issues, the alternative,
 * the public record, dated counts) and a world file's states on their
 * own dimensions: the resolved text holds the projected arrays and no
 * world_dimensions, and loads back to the same scenario. */
static void test_scenario_write_round_trip_world(void **state)
{
    (void)state;
    static const char *const text =
        "world_dimensions = ( { name = \"scope\"; }, { name = \"form\"; }, "
        "{ name = \"crime\"; } );\n"
        "dimensions = ( { name = \"crime\"; }, { name = \"scope\"; } );\n"
        "run = { uncertainty = \"none\"; input_group = 7; };\n"
        "calendar = { start = \"2001-01\"; round_months = 12; end = \"2006-12\"; };\n"
        "states = ( { code = \"AAA\"; region = \"Northern Europe\"; ideal = [0.1, 0.2, 0.9];\n"
        "             ideal_se = [0.01, 0.02, 0.03]; salience = [1.0, 2.0, 3.0]; },\n"
        "           { code = \"BBB\"; ideal = [0.8, 0.7, 0.4]; ratify = 2.2; },\n"
        "           { code = \"CCC\"; ideal = [0.5, 0.5, 0.5]; } );\n"
        "blocs = ( { name = \"West\"; members = [\"AAA\"]; camp = true; },\n"
        "          { name = \"East\"; members = [\"BBB\", \"CCC\"]; camp = true; } );\n"
        "events = { audience = 0.5; script = ( { name = \"Hit\"; round = 2; perpetrator = "
        "\"BBB\"; victim = \"AAA\"; attributors = [\"West\"]; } ); };\n"
        "attribution = { offense = ( { code = \"BBB\"; weight = 2.5; } );\n"
        "                attributors = ( { name = \"w\"; members = [\"West\", \"CCC\"]; "
        "since = 2003.5; } ); };\n"
        "forums = ( { name = \"T\"; members = \"all\"; output = \"treaty\"; issues = "
        "[\"crime\"]; start_date = \"2002-03\"; signature_opens = \"2003-01\"; "
        "force_delay = 3; open_to = [\"CCC\"]; accession_scale = 2.0; draft = [0.4, 0.6]; "
        "chair_step = 0.1; },\n"
        "           { name = \"GA\"; members = \"all\"; rule = \"majority\"; output = "
        "\"resolution\"; sponsor = \"East\"; alternative = { text = [0.2, 0.3]; sponsor = "
        "\"West\"; }; } );\n"
        "expected = { forum = \"T\"; adopted = true; signatories_at = { date = \"2002-06\"; "
        "signatories = 2; }; parties_at = ( { date = \"2004-12\"; parties = 1; }, { date = "
        "\"2019-01\"; parties = 3; } ); in_force_date = \"2005-01\"; };\n";
    cn_scenario *a = NULL;
    cn_diag d;
    char buf[1024];
    if (cn_load_scenario_string(text, "w.cfg", NULL, NULL, 0, &a, &d) != CN_OK)
        fail_msg("%s", cn_diag_format(&d, buf, sizeof buf));
    assert_true(a->states[0].ideal[0] == 0.9 && a->states[0].ideal[1] == 0.1);
    assert_true(a->states[0].ideal_se[0] == 0.03 && a->states[0].salience[0] == 3.0);
    assert_int_equal(a->forums[0].start, 2);
    assert_int_equal(a->forums[0].issues, 1u);
    assert_int_equal(a->forums[0].open[1], 0); /* scope is not at issue: closed */
    assert_int_equal(a->expected->n_counts, 3);
    assert_int_equal(a->expected->counts[2].held_out, 1);
    assert_int_equal(a->poles_from, CN_POLES_CAMPS);
    round_trip(a);
    char *out = write_text(a);
    assert_null(strstr(out, "world_dimensions"));
    assert_null(strstr(out, "start_date"));
    assert_non_null(strstr(out, "ideal = [0.9, 0.1];"));
    assert_non_null(strstr(out, "ideal_se = [0.03, 0.01];"));
    assert_non_null(strstr(out, "region = \"Northern Europe\";"));
    assert_non_null(strstr(out, "start = \"2001-01\";"));
    assert_non_null(strstr(out, "signature_opens = \"2003-01\";"));
    assert_non_null(strstr(out, "issues = [\"crime\"];"));
    assert_non_null(strstr(out, "alternative = { text = [0.2, 0.3]; sponsor = \"West\"; };"));
    assert_non_null(strstr(out, "in_force_date = \"2005-01\";"));
    assert_non_null(strstr(out, "parties_at = ( { date = \"2004-12\"; parties = 1; }, "
                                "{ date = \"2019-01\"; parties = 3; } );"));
    assert_non_null(strstr(out, "{ members = [\"CCC\"]; since = 2003.5; }"));
    free(out);
    cn_scenario_free(a);

    /* no dates, no record, no script: none written, and back the same */
    a = load_ok("tests/data/minimal.cfg");
    out = write_text(a);
    assert_null(strstr(out, "\nattribution = {"));
    assert_non_null(strstr(out, "calendar = {\n  round_months = 4;\n};"));
    assert_non_null(strstr(out, "script = ();"));
    free(out);
    round_trip(a);
    cn_scenario_free(a);
}

/* Sweep designs of every kind: the group is written too. */
static void test_scenario_write_round_trip_sweeps(void **state)
{
    (void)state;
    const char *files[] = {"tests/data/sw_grid.cfg", "tests/data/sw_oat.cfg",
                           "tests/data/sw_sobol.cfg", "tests/data/sw_list.cfg",
                           "scenarios/whatif/campaign.cfg", "scenarios/whatif/council-vs-assembly.cfg"};
    for (int k = 0; k < 6; k++) {
        cn_scenario *a = load_ok(files[k]);
        assert_non_null(a->sweep);
        round_trip(a);
        cn_scenario_free(a);
    }
    /* levels of every type, 64-bit integers with their L */
    cn_scenario *a = NULL;
    cn_diag d;
    assert_int_equal(
        cn_load_scenario_string("sweep = { design = \"oat\"; precision = 0.05; max_replications = "
                                "900; metrics = [\"F.adopted\"]; factors = (\n"
                                "{ path = \"run.x\"; levels = [1]; } ); };\n"
                                "@include \"sw_base.cfg\"\n",
                                "t.cfg", "tests/data", NULL, 0, &a, &d),
        CN_EINPUT); /* run settings cannot be swept */
    assert_int_equal(
        cn_load_scenario_string("sweep = { design = \"oat\"; precision = 0.05; max_replications = "
                                "900; batch = 50; metrics = [\"F.adopted\"]; factors = (\n"
                                "{ path = \"model.beta\"; levels = (1, 2.5, 5000000000L); },\n"
                                "{ path = \"forums.F.members\"; levels = ([\"AAA\"], \"all\"); },\n"
                                "{ path = \"model\"; levels = ({ beta = 3.0; p = 2; }); },\n"
                                "{ path = \"forums.F.regional\"; levels = [true, false]; } ); };\n"
                                "@include \"sw_base.cfg\"\n",
                                "t.cfg", "tests/data", NULL, 0, &a, &d),
        CN_OK);
    assert_string_equal(a->sweep->factors[0].levels[2], "5000000000L");
    assert_string_equal(a->sweep->factors[0].labels[2], "5000000000");
    assert_string_equal(a->sweep->factors[1].levels[1], "\"all\"");
    assert_string_equal(a->sweep->factors[2].levels[0], "{ beta = 3.0; p = 2; }");
    round_trip(a);
    cn_scenario_free(a);
}

static void test_scenario_write_resolves_everything(void **state)
{
    (void)state;
    cn_scenario *a = load_ok(FULL);
    char *text = write_text(a);
    /* bloc names expanded to codes, defaults explicit, closed groups written */
    assert_non_null(strstr(text, "members = [\"USA\", \"GBR\", \"FRA\", \"DEU\"];"));
    assert_non_null(strstr(text, "closed = { scope = 0.1; form = 0.0; };"));
    assert_non_null(strstr(text, "closed = { };"));
    assert_non_null(strstr(text, "leader = \"USA\";"));
    assert_non_null(strstr(text, "{ bloc = \"SCO\"; from_session = 2; text = [0.9, 0.9, 0.1]; }"));
    assert_non_null(strstr(text, "{ bloc = \"NATO\"; from_session = 1; }"));
    assert_non_null(strstr(text, "description = \"Every kind of setting: \\\"quotes\\\", "
                                 "backslash \\\\ and a tab\\there.\";"));
    assert_non_null(strstr(text, "poles = [\"NATO\", \"SCO\"];"));
    free(text);
    cn_scenario_free(a);
}

static void test_scenario_write_errors(void **state)
{
    (void)state;
    cn_scenario *a = load_ok("tests/data/minimal.cfg");
    FILE *ro = fopen("/dev/null", "r"); /* writes fail */
    assert_non_null(ro);
    assert_int_equal(cn_scenario_write(a, ro), CN_EIO);
    fclose(ro);
    assert_int_equal(cn_scenario_write(NULL, stdout), CN_EIO);
    assert_int_equal(cn_scenario_write(a, NULL), CN_EIO);
    cn_scenario_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scenario_defaults),
        cmocka_unit_test(test_scenario_default_status_quo),
        cmocka_unit_test(test_scenario_free_null_and_empty),
        cmocka_unit_test(test_scenario_lookups),
        cmocka_unit_test(test_scenario_rounds),
        cmocka_unit_test(test_scenario_calendar),
        cmocka_unit_test(test_scenario_write_round_trip),
        cmocka_unit_test(test_scenario_write_round_trip_awkward),
        cmocka_unit_test(test_scenario_write_round_trip_history),
        cmocka_unit_test(test_scenario_write_round_trip_world),
        cmocka_unit_test(test_scenario_write_round_trip_sweeps),
        cmocka_unit_test(test_scenario_write_resolves_everything),
        cmocka_unit_test(test_scenario_write_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
