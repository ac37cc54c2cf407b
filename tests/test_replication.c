/* test_replication.c - one replication end to end (cn_replication.h):
 * deterministic cases whose outcome follows by hand (beta huge, sigma 0,
 * no incidents), footnote diplomacy and concessions session by session,
 * interleaved forums, treaties to entry into force and the Digital Geneva
 * Convention flag, the metrics row, and reproducibility of a stochastic
 * case under a fixed seed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "cn_error.h"
#include "cn_metrics.h"
#include "cn_replication.h"
#include "cn_rng.h"
#include "mechanism_fixture.h"

/* n states on (scope, form), all at `ideal` (stubbornness 1), one forum of
 * all states: consensus, report, sigma 0, 3 sessions; beta 1000; no
 * incidents.  Gain of the own ideal against the status quo (0.5, 0.5) is
 * |x - 0.5|^2 summed, so with beta 1000 every vote is certain. */
static fx_scenario *identical(int n, double scope, double form)
{
    fx_scenario *f = fx_new(n, 2);
    const double x[2] = {scope, form};
    for (int i = 0; i < n; i++)
        fx_state(f, i, x, 1.0, 1.0);
    f->s.model.beta = 1000.0;
    f->s.events.incident_rate = 0.0;
    int g = fx_forum(f, "F", NULL, 0);
    f->forums[g].sigma = 0.0;
    f->forums[g].sessions = 3;
    return f;
}

typedef struct {
    cn_metrics_layout L;
    double *row;
} run_out;

/* Runs one replication of f with the stream of (seed, 0, rep); fills o
 * (free with run_out_free).  Returns the world (caller frees). */
static cn_world *run(fx_scenario *f, uint64_t seed, uint64_t rep, run_out *o)
{
    assert_int_equal(cn_metrics_layout_init(&f->s, &o->L), CN_OK);
    o->row = calloc((size_t)o->L.n, sizeof *o->row);
    assert_non_null(o->row);
    cn_world *w = cn_world_alloc(&f->s);
    assert_non_null(w);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    assert_non_null(r);
    cn_rng_seed(r, seed, 0, rep);
    cn_replication_run(w, r, &o->L, o->row);
    gsl_rng_free(r);
    return w;
}

static void run_out_free(run_out *o)
{
    free(o->row);
    cn_metrics_layout_free(&o->L);
}

static double col(const run_out *o, const char *name)
{
    int j = cn_metrics_find(&o->L, name);
    if (j < 0)
        fail_msg("no column %s", name);
    return o->row[j];
}

/* All states identical at (0.2, 0.8): the draft is their ideal, everybody
 * gains 0.18 over the status quo and supports: adopted in session 1,
 * strength 1, no footnotes, 3 parties, one regime in force. */
static void test_replication_identical_states_adopt_at_once(void **state)
{
    (void)state;
    fx_scenario *f = identical(3, 0.2, 0.8);
    run_out o;
    cn_world *w = run(f, 1, 0, &o);
    FX_NEAR(col(&o, "F.adopted"), 1.0, 0.0);
    FX_NEAR(col(&o, "F.session"), 1.0, 0.0);
    FX_NEAR(col(&o, "F.strength"), 1.0, 0.0);
    FX_NEAR(col(&o, "F.footnotes"), 0.0, 0.0);
    FX_NEAR(col(&o, "F.supporters"), 3.0, 0.0);
    FX_NEAR(col(&o, "F.objectors"), 0.0, 0.0);
    FX_NEAR(col(&o, "F.abstainers"), 0.0, 0.0);
    FX_NEAR(col(&o, "F.parties"), 3.0, 0.0);
    FX_NEAR(col(&o, "F.in_force"), 1.0, 0.0);
    FX_NEAR(col(&o, "F.text.scope"), 0.2, FX_TOL);
    FX_NEAR(col(&o, "F.text.form"), 0.8, FX_TOL);
    assert_true(isnan(col(&o, "world.polarisation"))); /* no poles set */
    FX_NEAR(col(&o, "world.fragmentation"), 1.0, 0.0);
    FX_NEAR(col(&o, "world.binding"), 0.0, 0.0);
    FX_NEAR(col(&o, "world.dgc"), 0.0, 0.0);
    FX_NEAR(col(&o, "world.incidents"), 0.0, 0.0);
    FX_NEAR(col(&o, "world.attributions"), 0.0, 0.0);
    assert_int_equal(w->fs[0].adopted_round, 1);
    assert_int_equal(w->fs[0].sessions_held, 1);
    cn_world_free(w);
    run_out_free(&o);
    fx_free(f);
}

/* Two states at (0.2, 0.8), one at (0.9, 0.1) (out of every confidence
 * radius).  Median draft (0.2, 0.8); the third state: U = -0.98 against
 * U(sq) = -0.32, objects.  A footnote budget of 1 absorbs it: adopted in
 * session 1 with strength 1 - 0.15 = 0.85; parties: the 2 supporters. */
static fx_scenario *two_against_one(void)
{
    fx_scenario *f = identical(3, 0.2, 0.8);
    const double far[2] = {0.9, 0.1};
    fx_state(f, 2, far, 1.0, 1.0);
    f->forums[0].dilution = 0.15;
    return f;
}

static void test_replication_footnote_diplomacy(void **state)
{
    (void)state;
    fx_scenario *f = two_against_one();
    f->forums[0].footnotes = 1;
    run_out o;
    cn_world *w = run(f, 1, 0, &o);
    FX_NEAR(col(&o, "F.adopted"), 1.0, 0.0);
    FX_NEAR(col(&o, "F.session"), 1.0, 0.0);
    FX_NEAR(col(&o, "F.strength"), 0.85, FX_TOL);
    FX_NEAR(col(&o, "F.footnotes"), 1.0, 0.0);
    FX_NEAR(col(&o, "F.supporters"), 2.0, 0.0);
    FX_NEAR(col(&o, "F.objectors"), 1.0, 0.0);
    FX_NEAR(col(&o, "F.parties"), 2.0, 0.0);
    assert_int_equal(w->regime_party[0 * 3 + 2], 0);
    cn_world_free(w);
    run_out_free(&o);
    fx_free(f);
}

/* No footnotes and no concession: the same text fails 3 times.  The row
 * reports NaN for session, strength and footnotes, the counts of the last
 * session, the last draft, no parties. */
static void test_replication_never_adopted_metrics(void **state)
{
    (void)state;
    fx_scenario *f = two_against_one();
    f->forums[0].concession = 0.0;
    run_out o;
    cn_world *w = run(f, 1, 0, &o);
    FX_NEAR(col(&o, "F.adopted"), 0.0, 0.0);
    assert_true(isnan(col(&o, "F.session")));
    assert_true(isnan(col(&o, "F.strength")));
    assert_true(isnan(col(&o, "F.footnotes")));
    FX_NEAR(col(&o, "F.supporters"), 2.0, 0.0);
    FX_NEAR(col(&o, "F.objectors"), 1.0, 0.0);
    FX_NEAR(col(&o, "F.parties"), 0.0, 0.0);
    FX_NEAR(col(&o, "F.in_force"), 0.0, 0.0);
    FX_NEAR(col(&o, "F.text.scope"), 0.2, FX_TOL);
    FX_NEAR(col(&o, "world.fragmentation"), 0.0, 0.0);
    assert_int_equal(w->fs[0].sessions_held, 3);
    assert_int_equal(w->fs[0].done, 1);
    cn_world_free(w);
    run_out_free(&o);
    fx_free(f);
}

/* Session by session with concession 0.5 (cn_replication_session):
 *  1: draft (0.2, 0.8); state 2 objects; fails.
 *  2: halfway to the objector (0.9, 0.1): (0.55, 0.45).  States 0, 1:
 *     U = -2 * 0.35^2 = -0.245 < -0.18: object; state 2: -0.245 > -0.32:
 *     supports.  Fails.
 *  3: halfway back to the objectors' centre (0.2, 0.8): (0.375, 0.625);
 *     0, 1 support (-0.06125), 2 objects (-0.55125).  Fails. */
static void test_replication_concession_sessions(void **state)
{
    (void)state;
    fx_scenario *f = two_against_one();
    f->forums[0].concession = 0.5;
    cn_world *w = fx_world(f);
    gsl_rng *r = fx_rng(1);
    cn_forum_state *fs = &w->fs[0];
    const double want[3][2] = {{0.2, 0.8}, {0.55, 0.45}, {0.375, 0.625}};
    const int yes[3] = {2, 1, 2};
    for (int s = 0; s < 3; s++) {
        w->round = s + 1;
        cn_replication_session(w, r, 0);
        FX_NEAR(fs->text[0], want[s][0], FX_TOL);
        FX_NEAR(fs->text[1], want[s][1], FX_TOL);
        assert_int_equal(fs->supporters, yes[s]);
        assert_int_equal(fs->objectors, 3 - yes[s]);
        assert_int_equal(fs->adopted, 0);
        assert_int_equal(fs->failed_last, 1);
        assert_int_equal(fs->chair, s); /* rotation: members 0, 1, 2 */
    }
    assert_int_equal(fs->done, 1);
    gsl_rng_free(r);
    cn_world_free(w);
    fx_free(f);
}

/* A rival text with more expected support replaces the chair's draft.
 * Status quo (0.9, 0.1); states 0, 1 at (0.2, 0.8), state 2 at (0.6, 0.4)
 * with U_2(sq) = -0.18.  The chair's draft (0.2, 0.8) (the median): state
 * 2 has U = -0.32 and objects; 2 expected supporters.  The rival (0.4,
 * 0.6), tabled from session 2: U_2 = -0.08 > -0.18 and U_0 = -0.08 >
 * -0.98: 3 expected supporters; it is tabled and adopted unanimously. */
static void test_replication_rival_draft_wins(void **state)
{
    (void)state;
    fx_scenario *f = identical(3, 0.2, 0.8);
    const double x2[2] = {0.6, 0.4};
    fx_state(f, 2, x2, 1.0, 1.0);
    f->s.model.status_quo[0] = 0.9;
    f->s.model.status_quo[1] = 0.1;
    const int bloc[1] = {2};
    int b = fx_bloc(f, "R", bloc, 1, 2, 0);
    cn_forum *fo = &f->forums[0];
    fo->n_rivals = 1;
    fo->rivals[0].bloc = b;
    fo->rivals[0].from_session = 2;
    fo->rivals[0].has_text = 1;
    fo->rivals[0].text[0] = 0.4;
    fo->rivals[0].text[1] = 0.6;
    fo->concession = 0.0;
    cn_world *w = fx_world(f);
    gsl_rng *r = fx_rng(1);
    cn_forum_state *fs = &w->fs[0];
    /* session 1: the rival is not tabled yet; state 2 objects: fails */
    w->round = 1;
    cn_replication_session(w, r, 0);
    FX_NEAR(fs->text[0], 0.2, FX_TOL);
    FX_NEAR(fs->text[1], 0.8, FX_TOL);
    assert_int_equal(fs->objectors, 1);
    assert_int_equal(fs->adopted, 0);
    /* session 2: the rival (3 expected supporters) beats the draft (2) */
    w->round = 2;
    cn_replication_session(w, r, 0);
    FX_NEAR(fs->text[0], 0.4, 0.0);
    FX_NEAR(fs->text[1], 0.6, 0.0);
    assert_int_equal(fs->supporters, 3);
    assert_int_equal(fs->adopted, 1);
    assert_int_equal(fs->adopted_session, 2);
    FX_NEAR(fs->strength, 1.0, 0.0);
    gsl_rng_free(r);
    cn_world_free(w);
    fx_free(f);
}

/* Votes forced by a hook: session 1, state 2 objects and the others
 * support; later sessions, everybody objects. */
static int forced_vote(void *ctx, const cn_world *w, int forum, int state, const double *text,
                       int model_vote)
{
    (void)ctx;
    (void)text;
    (void)model_vote;
    if (w->fs[forum].sessions_held == 1)
        return state == 2 ? CN_VOTE_OBJECT : CN_VOTE_SUPPORT;
    return CN_VOTE_OBJECT;
}

/* The chair's draft is kept apart from a rival text put to the vote.
 * One dimension, members at 0.2, 0.2, 0.8, status quo 0.5, beta 20,
 * a = 0.005, concession 0.3, chair_step 0.05, no noise, chair state 0
 * (bias 0.2): the first draft is 0.2.  Session 1 fails (state 2 objects)
 * and the draft moves 0.05 toward 0.8: 0.25.  Session 2: the rival text
 * 0.2 draws 1.69514 expected supporters against the draft's 1.69052, so it
 * is put to the vote, and fails.  Session 3: the draft moves from 0.25
 * (not from the rival's 0.2) by the step toward the members expected to
 * object to it: 0.30. */
static void test_replication_rival_keeps_chair_draft(void **state)
{
    (void)state;
    fx_scenario *f = fx_new(3, 1);
    const double x[3] = {0.2, 0.2, 0.8};
    for (int i = 0; i < 3; i++)
        fx_state(f, i, &x[i], 1.0, 1.0);
    f->s.model.beta = 20.0;
    int g = fx_forum(f, "F", NULL, 0);
    cn_forum *fo = &f->forums[g];
    fo->sigma = 0.0;
    fo->sessions = 3;
    fo->chair_step = 0.05;
    const int bloc[1] = {0};
    fo->n_rivals = 1;
    fo->rivals[0].bloc = fx_bloc(f, "R", bloc, 1, 0, 0);
    fo->rivals[0].from_session = 2;
    fo->rivals[0].has_text = 1;
    fo->rivals[0].text[0] = 0.2;
    cn_world *w = fx_world(f);
    cn_hooks h = {.vote = forced_vote};
    w->hooks = &h;
    gsl_rng *r = fx_rng(1);
    cn_forum_state *fs = &w->fs[0];
    w->round = 1;
    cn_replication_session(w, r, 0);
    FX_NEAR(fs->draft[0], 0.2, FX_TOL);
    assert_int_equal(fs->tabled, -1);
    w->round = 2;
    cn_replication_session(w, r, 0);
    FX_NEAR(fs->draft[0], 0.25, FX_TOL);
    FX_NEAR(fs->draft_move, 0.05, FX_TOL);
    assert_int_equal(fs->tabled, 0);
    FX_NEAR(fs->text[0], 0.2, 0.0);
    assert_int_equal(fs->adopted, 0);
    w->round = 3;
    cn_replication_session(w, r, 0);
    FX_NEAR(fs->draft[0], 0.30, FX_TOL);
    FX_NEAR(fs->draft_move, 0.05, FX_TOL);
    w->hooks = NULL;
    gsl_rng_free(r);
    cn_world_free(w);
    fx_free(f);
}

/* Forums interleave within a round in scenario order: F adopts (0.2, 0.8)
 * in round 1; G (same members, same draft), sitting later in the same
 * round, offers nothing over the report now in force: every gain is 0,
 * everybody abstains, consensus fails (nobody in favour) in every session.
 * Starting F one round later reverses the outcome. */
static void test_replication_forums_interleave(void **state)
{
    (void)state;
    fx_scenario *f = identical(3, 0.2, 0.8);
    /* reports weigh as regimes here, so the first adopted text becomes
     * everyone's no-agreement point and the second forum's identical text
     * gains nothing */
    f->s.model.report_regime_weight = 1.0;
    int g = fx_forum(f, "G", NULL, 0);
    f->forums[g].sigma = 0.0;
    f->forums[g].sessions = 3;
    run_out o;
    cn_world *w = run(f, 1, 0, &o);
    FX_NEAR(col(&o, "F.adopted"), 1.0, 0.0);
    FX_NEAR(col(&o, "G.adopted"), 0.0, 0.0);
    FX_NEAR(col(&o, "G.abstainers"), 3.0, 0.0);
    FX_NEAR(col(&o, "G.supporters"), 0.0, 0.0);
    cn_world_free(w);
    run_out_free(&o);

    f->forums[0].start = 2;
    w = run(f, 1, 0, &o);
    FX_NEAR(col(&o, "F.adopted"), 0.0, 0.0);
    FX_NEAR(col(&o, "G.adopted"), 1.0, 0.0);
    FX_NEAR(col(&o, "G.session"), 1.0, 0.0);
    FX_NEAR(col(&o, "F.abstainers"), 3.0, 0.0);
    cn_world_free(w);
    run_out_free(&o);
    fx_free(f);
}

/* Treaty at (scope, form) by unanimous support in round 1; every member
 * willing (beta 1000, gains 0.17 or more against theta 0.05) signs at the
 * opening (sign_open 1); ratification from round 2 with the given per-year
 * propensities (1000: certain within a round; 0: never).  dgc_form: the
 * DGC's content condition (0: legal status alone). */
static void treaty_case(double scope, double form, const double *ratify, int threshold,
                        double coverage, double dgc_form, double want_parties,
                        double want_in_force, double want_binding, double want_dgc)
{
    fx_scenario *f = identical(3, scope, form);
    f->forums[0].output = CN_OUTPUT_TREATY;
    f->forums[0].threshold = threshold;
    f->forums[0].ratification_sessions = 2;
    f->s.model.dgc_coverage = coverage;
    f->s.model.dgc_form = dgc_form;
    f->s.model.sign_open = 1.0;
    for (int i = 0; i < 3; i++)
        f->states[i].ratify = ratify[i];
    run_out o;
    cn_world *w = run(f, 1, 0, &o);
    FX_NEAR(col(&o, "F.adopted"), 1.0, 0.0);
    FX_NEAR(col(&o, "F.signatories"), 3.0, 0.0);
    FX_NEAR(col(&o, "F.parties"), want_parties, 0.0);
    FX_NEAR(col(&o, "F.in_force"), want_in_force, 0.0);
    FX_NEAR(col(&o, "F.bound"), want_in_force ? want_parties : 0.0, 0.0);
    FX_NEAR(col(&o, "world.binding"), want_binding, 0.0);
    FX_NEAR(col(&o, "world.dgc"), want_dgc, 0.0);
    FX_NEAR(col(&o, "F.text.form"), form, FX_TOL);
    assert_int_equal(w->fs[0].adopted_round, 1);
    assert_int_equal(w->fs[0].n_signed, 3);
    if (want_in_force == 1.0)
        assert_int_equal(w->fs[0].in_force_round, 2); /* the round after adoption */
    cn_world_free(w);
    run_out_free(&o);
    fx_free(f);
}

/* Binding is legal status, not content: a treaty in force binds its
 * parties whatever its form; the DGC needs a binding instrument in force
 * for two thirds of the states with cybersecurity scope (and, only if
 * dgc_form is set, obligation-like content). */
static void test_replication_treaty_and_dgc(void **state)
{
    (void)state;
    const double all[3] = {1000, 1000, 1000}, two[3] = {1000, 1000, 0}, one[3] = {1000, 0, 0};
    /* cybersecurity (0.1 <= 0.35), 3 of 3 parties */
    treaty_case(0.1, 0.9, all, 2, 2.0 / 3.0, 0.0, 3, 1, 1, 1);
    /* 2 of 3 parties: exactly two thirds counts */
    treaty_case(0.1, 0.9, two, 2, 2.0 / 3.0, 0.0, 2, 1, 1, 1);
    /* 1 of 3 (threshold 1, in force): binding but no DGC */
    treaty_case(0.1, 0.9, one, 1, 2.0 / 3.0, 0.0, 1, 1, 1, 0);
    /* threshold 2 not reached: not in force, binds nobody */
    treaty_case(0.1, 0.9, one, 2, 2.0 / 3.0, 0.0, 1, 0, 0, 0);
    /* information-security scope (0.5 > 0.35): binding, no DGC */
    treaty_case(0.5, 0.9, all, 2, 2.0 / 3.0, 0.0, 3, 1, 1, 0);
    /* low-form content (0.2: mostly voluntary language) in a treaty in
     * force: still binding, and a DGC by legal status */
    treaty_case(0.1, 0.2, all, 2, 2.0 / 3.0, 0.0, 3, 1, 1, 1);
    /* ... unless the analyst asks for obligation-like content: dgc_form
     * 0.75 keeps it binding but no DGC */
    treaty_case(0.1, 0.2, all, 2, 2.0 / 3.0, 0.75, 3, 1, 1, 0);
    treaty_case(0.1, 0.9, all, 2, 2.0 / 3.0, 0.75, 3, 1, 1, 1);
}

/* A report at a DGC-like text (form 0.9: firm obligations) is no treaty:
 * it binds nobody, no DGC; the same holds for a declaration and a General
 * Assembly resolution. */
static void test_replication_report_is_not_dgc(void **state)
{
    (void)state;
    const cn_output_kind kinds[3] = {CN_OUTPUT_REPORT, CN_OUTPUT_DECLARATION,
                                     CN_OUTPUT_RESOLUTION};
    for (int k = 0; k < 3; k++) {
        fx_scenario *f = identical(3, 0.1, 0.9);
        f->forums[0].output = kinds[k];
        run_out o;
        cn_world *w = run(f, 1, 0, &o);
        FX_NEAR(col(&o, "F.adopted"), 1.0, 0.0);
        FX_NEAR(col(&o, "F.in_force"), 1.0, 0.0);
        FX_NEAR(col(&o, "F.parties"), 3.0, 0.0);
        FX_NEAR(col(&o, "F.bound"), 0.0, 0.0);
        assert_true(isnan(col(&o, "F.signatories")));
        FX_NEAR(col(&o, "world.binding"), 0.0, 0.0);
        FX_NEAR(col(&o, "world.dgc"), 0.0, 0.0);
        cn_world_free(w);
        run_out_free(&o);
        fx_free(f);
    }
}

/* A Council decision with voluntary-language content (form 0.2) binds
 * every state from the round of adoption: bound = all, world.binding. */
static void test_replication_decision_binds_whatever_content(void **state)
{
    (void)state;
    fx_scenario *f = identical(3, 0.1, 0.2);
    f->forums[0].output = CN_OUTPUT_DECISION;
    f->forums[0].rule = CN_RULE_MAJORITY;
    run_out o;
    cn_world *w = run(f, 1, 0, &o);
    FX_NEAR(col(&o, "F.adopted"), 1.0, 0.0);
    FX_NEAR(col(&o, "F.in_force"), 1.0, 0.0);
    FX_NEAR(col(&o, "F.bound"), 3.0, 0.0);
    FX_NEAR(col(&o, "F.text.form"), 0.2, FX_TOL);
    FX_NEAR(col(&o, "world.binding"), 1.0, 0.0);
    FX_NEAR(col(&o, "world.dgc"), 1.0, 0.0);
    cn_world_free(w);
    run_out_free(&o);
    fx_free(f);
}

/* docs/model.md, section 12: ratifications >= dgc_coverage (2/3) n.  With
 * the shipped default dgc_coverage, a treaty whose parties are exactly two
 * thirds of the states counts as a Digital Geneva Convention (a default of
 * 0.6667 would miss 2 of 3). */
static void test_replication_dgc_default_coverage_two_thirds(void **state)
{
    (void)state;
    cn_scenario d;
    cn_scenario_defaults(&d);
    assert_true(d.model.dgc_coverage * 3.0 <= 2.0);
    const double two[3] = {1000, 1000, 0};
    treaty_case(0.1, 0.9, two, 2, d.model.dgc_coverage, d.model.dgc_form, 2, 1, 1, 1);
}

/* A stochastic scenario: incidents, attribution, noise, capability chairs,
 * a campaign, a drawn forum and a treaty forum. */
static fx_scenario *noisy(void)
{
    fx_scenario *f = fx_new(6, 2);
    const double xs[6][2] = {{0.1, 0.2}, {0.2, 0.3}, {0.8, 0.9}, {0.9, 0.8},
                             {0.5, 0.5}, {0.4, 0.6}};
    const char *groups[6] = {"WEOG", "WEOG", "EEG", "APG", "African", "GRULAC"};
    for (int i = 0; i < 6; i++) {
        fx_state(f, i, xs[i], 1.0 + i, 0.5);
        fx_group(f, i, groups[i]);
        f->states[i].ratify = 0.3;
    }
    f->states[0].veto = f->states[2].veto = 1;
    const int W[2] = {0, 1}, E[2] = {2, 3};
    int bw = fx_bloc(f, "W", W, 2, 1, 1);
    fx_bloc(f, "E", E, 2, 3, 1);
    f->s.poles[0] = 0;
    f->s.poles[1] = 1;
    fx_campaign(f, "C", bw, 1.0, CN_TARGET_UNDECIDED, NULL, NULL, 0);
    f->s.model.beta = 5.0;
    f->s.events.incident_rate = 1.0;
    f->s.events.attribution = 0.5;
    int g = fx_forum(f, "GGE", NULL, 0);
    f->forums[g].n_members = 0;
    f->forums[g].draw_size = 4;
    f->forums[g].chair_mode = CN_CHAIR_CAPABILITY;
    g = fx_forum(f, "AHC", NULL, 0);
    f->forums[g].output = CN_OUTPUT_TREATY;
    f->forums[g].rule = CN_RULE_MAJORITY;
    f->forums[g].start = 2;
    f->forums[g].ratification_sessions = 4;
    return f;
}

/* Same (seed, point, replication): bit-identical rows, on a fresh world or
 * a reused one (reset restores everything); another replication differs. */
static void test_replication_same_seed_same_row(void **state)
{
    (void)state;
    fx_scenario *f = noisy();
    run_out a, b;
    cn_world *wa = run(f, 42, 7, &a);
    cn_world *wb = run(f, 42, 7, &b);
    assert_memory_equal(a.row, b.row, (size_t)a.L.n * sizeof(double));
    /* reuse wa for replication 8, then 7 again */
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    double *row8 = calloc((size_t)a.L.n, sizeof *row8);
    double *again = calloc((size_t)a.L.n, sizeof *again);
    cn_rng_seed(r, 42, 0, 8);
    cn_replication_run(wa, r, &a.L, row8);
    cn_rng_seed(r, 42, 0, 7);
    cn_replication_run(wa, r, &a.L, again);
    assert_memory_equal(a.row, again, (size_t)a.L.n * sizeof(double));
    assert_memory_not_equal(a.row, row8, (size_t)a.L.n * sizeof(double));
    /* something happened: incidents at rate 1 over the run */
    assert_true(col(&a, "world.incidents") > 0.0);
    assert_false(isnan(col(&a, "world.polarisation")));
    free(row8);
    free(again);
    gsl_rng_free(r);
    cn_world_free(wa);
    cn_world_free(wb);
    run_out_free(&a);
    run_out_free(&b);
    fx_free(f);
}

/* A stop asked for during a replication (cn_world.stop): it ends at the
 * next session, says so (stopped), and the world runs the next
 * replication in full, bit-identical to a fresh one: a stop changes no
 * result that is kept. */
typedef struct {
    atomic_int *flag;
    int at_round; /* set the flag when this round starts */
    int rounds, sessions;
} stop_probe;

static void stop_trace(void *ctx, const cn_world *w, const cn_trace_event *ev)
{
    stop_probe *p = ctx;
    (void)w;
    if (ev->kind == CN_TRACE_ROUND) {
        p->rounds++;
        if (ev->round == p->at_round)
            atomic_store(p->flag, 1);
    } else if (ev->kind == CN_TRACE_SESSION) {
        p->sessions++;
    }
}

static void test_replication_stops_between_sessions(void **state)
{
    (void)state;
    fx_scenario *f = noisy();
    run_out full;
    cn_world *ref = run(f, 42, 7, &full);
    cn_world *w = cn_world_alloc(&f->s);
    assert_non_null(w);
    atomic_int flag = 0;
    stop_probe probe = {&flag, 2, 0, 0};
    cn_hooks hooks = {.ctx = &probe, .trace = stop_trace};
    w->hooks = &hooks;
    w->stop = &flag;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    double *row = calloc((size_t)full.L.n, sizeof *row);
    assert_non_null(row);
    cn_rng_seed(r, 42, 0, 7);
    cn_replication_run(w, r, &full.L, row);
    assert_int_equal(w->stopped, 1);
    assert_int_equal(probe.rounds, 2);    /* stopped as round 2 began */
    assert_int_equal(probe.sessions, 1);  /* after round 1's one session */
    assert_true(cn_scenario_rounds(&f->s) > 2);
    /* the flag down: the same world runs the whole replication again */
    atomic_store(&flag, 0);
    probe.at_round = -1;
    cn_rng_seed(r, 42, 0, 7);
    cn_replication_run(w, r, &full.L, row);
    assert_int_equal(w->stopped, 0);
    assert_memory_equal(row, full.row, (size_t)full.L.n * sizeof(double));
    free(row);
    gsl_rng_free(r);
    cn_world_free(w);
    cn_world_free(ref);
    run_out_free(&full);
    fx_free(f);
}

/* The world metrics by hand on a prepared world (cn_replication_metrics):
 * polarisation between poles W = {0 (0.1, 0.2), c 1; 1 (0.3, 0.2), c 3}
 * with centre (0.25, 0.2) and E = {2 (0.9, 0.8)}: sqrt(0.65^2 + 0.6^2);
 * fragmentation of regimes (0.1, 0.1), (0.15, 0.1), (0.9, 0.9) with
 * incompatible 0.3: two clusters. */
static void test_replication_world_metrics_by_hand(void **state)
{
    (void)state;
    fx_scenario *f = fx_new(3, 2);
    const double x0[2] = {0.1, 0.2}, x1[2] = {0.3, 0.2}, x2[2] = {0.9, 0.8};
    fx_state(f, 0, x0, 1.0, 1.0);
    fx_state(f, 1, x1, 3.0, 1.0);
    fx_state(f, 2, x2, 1.0, 1.0);
    const int W[2] = {0, 1}, E[1] = {2};
    f->s.poles[0] = fx_bloc(f, "W", W, 2, 1, 1);
    f->s.poles[1] = fx_bloc(f, "E", E, 1, 2, 1);
    const double r0[2] = {0.1, 0.1}, r1[2] = {0.15, 0.1}, r2[2] = {0.9, 0.9};
    const int p[1] = {0};
    fx_regime(f, "R0", r0, 0, p, 1);
    fx_regime(f, "R1", r1, 0, p, 1);
    fx_regime(f, "R2", r2, 1, p, 1);
    fx_forum(f, "F", NULL, 0);
    cn_metrics_layout L;
    assert_int_equal(cn_metrics_layout_init(&f->s, &L), CN_OK);
    double *row = calloc((size_t)L.n, sizeof *row);
    cn_world *w = fx_world(f);
    cn_replication_metrics(w, &L, row);
    FX_NEAR(row[L.world_base + CN_WM_POLARISATION], sqrt(0.65 * 0.65 + 0.6 * 0.6), FX_TOL);
    FX_NEAR(row[L.world_base + CN_WM_FRAGMENTATION], 2.0, 0.0);
    /* pre-existing binding regimes are not "negotiated here" */
    FX_NEAR(row[L.world_base + CN_WM_BINDING], 0.0, 0.0);
    /* a regime not in force does not count */
    w->regime_in_force[2] = 0;
    cn_replication_metrics(w, &L, row);
    FX_NEAR(row[L.world_base + CN_WM_FRAGMENTATION], 1.0, 0.0);
    /* greedy clustering by founders: 0.1, (0.35, 0.1) within 0.25 of the
     * founder joins; with R2 at (0.6, 0.1), 0.5 from the founder but 0.25
     * from R1, it founds a second cluster */
    w->regime_text[1 * 2] = 0.35;
    w->regime_text[2 * 2] = 0.6;
    w->regime_text[2 * 2 + 1] = 0.1;
    w->regime_in_force[2] = 1;
    cn_replication_metrics(w, &L, row);
    FX_NEAR(row[L.world_base + CN_WM_FRAGMENTATION], 2.0, 0.0);
    /* the forum's text before any session: the status quo */
    FX_NEAR(row[L.forum_base[0] + CN_FM_TEXT], 0.5, 0.0);
    assert_true(isnan(row[L.forum_base[0] + CN_FM_SESSION]));
    cn_world_free(w);
    free(row);
    cn_metrics_layout_free(&L);
    fx_free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_replication_identical_states_adopt_at_once),
        cmocka_unit_test(test_replication_footnote_diplomacy),
        cmocka_unit_test(test_replication_never_adopted_metrics),
        cmocka_unit_test(test_replication_concession_sessions),
        cmocka_unit_test(test_replication_rival_draft_wins),
        cmocka_unit_test(test_replication_rival_keeps_chair_draft),
        cmocka_unit_test(test_replication_forums_interleave),
        cmocka_unit_test(test_replication_treaty_and_dgc),
        cmocka_unit_test(test_replication_report_is_not_dgc),
        cmocka_unit_test(test_replication_decision_binds_whatever_content),
        cmocka_unit_test(test_replication_dgc_default_coverage_two_thirds),
        cmocka_unit_test(test_replication_same_seed_same_row),
        cmocka_unit_test(test_replication_world_metrics_by_hand),
        cmocka_unit_test(test_replication_stops_between_sessions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
