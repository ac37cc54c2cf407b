/* test_club.c - a club that sets a standard and grows (cn_club.h): the
 * founding, the pull J by hand on a tiny case (position, market,
 * size, campaign), joining and leaving with their hazards by frequency,
 * certain joins and departures with their ties and regime, founders who
 * never leave, a camp's club closed to the rival camp, the metrics, and
 * the shipped what-if (scenarios/whatif/standards-club.cfg). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "cn_club.h"
#include "cn_error.h"
#include "cn_load.h"
#include "cn_metrics.h"
#include "cn_replication.h"
#include "mechanism_fixture.h"

static double logistic(double z)
{
    return 1.0 / (1.0 + exp(-z));
}

/* Four states on one dimension (status quo 0.5): S0 at 0.2 founds a club
 * whose standard is 0.3 (its real first text: no draw); S1 at 0.3, S2 at
 * 0.8, S3 at 0.5; markets 10, 5, 3, 2 (world 20); beta 20, threshold
 * 0.05, club_market 0.2, club_size 0.1, club_campaign 0.5, club_rate 3
 * per year in rounds of 4 months (dt 1/3: a join's chance is
 * 1 - exp(-willing)). */
static double markets[4] = {10.0, 5.0, 3.0, 2.0};

static fx_scenario *tiny_club(void)
{
    fx_scenario *f = fx_new(4, 1);
    const double x[4] = {0.2, 0.3, 0.8, 0.5};
    for (int i = 0; i < 4; i++)
        fx_state(f, i, &x[i], 1.0, 1.0);
    const int founders[1] = {0};
    int g = fx_forum(f, "Club", founders, 1);
    f->forums[g].rule = CN_RULE_CLUB;
    f->forums[g].output = CN_OUTPUT_DECLARATION;
    f->forums[g].has_draft = 1;
    f->forums[g].draft[0] = 0.3;
    f->forums[g].sessions = 1;
    f->s.market = markets;
    f->s.model.beta = 20.0;
    f->s.model.club_threshold = 0.05;
    f->s.model.club_market = 0.2;
    f->s.model.club_size = 0.1;
    f->s.model.club_campaign = 0.5;
    f->s.model.club_rate = 3.0;
    return f;
}

static cn_world *found(fx_scenario *f, gsl_rng *r)
{
    cn_world *w = fx_world(f);
    assert_non_null(w);
    cn_world_reset(w, r);
    w->round = 1;
    cn_club_found(w, r, 0);
    return w;
}

/* The founding: the standard is the real first text, the founder its
 * only member and party, a nonbinding regime in force. */
static void test_club_founding(void **state)
{
    (void)state;
    fx_scenario *f = tiny_club();
    gsl_rng *r = fx_rng(1);
    cn_world *w = found(f, r);
    const cn_forum_state *fs = &w->fs[0];
    assert_int_equal(fs->adopted, 1);
    assert_int_equal(fs->done, 1);
    FX_NEAR(fs->text[0], 0.3, 0.0);
    assert_int_equal(fs->n_members, 1);
    assert_int_equal(fs->club[0], 2);
    assert_int_equal(fs->supporters, 1);
    int g = w->forum_regime[0];
    assert_true(g >= 0);
    assert_int_equal(w->regime_in_force[g], 1);
    assert_int_equal(w->regime_binding[g], 0);
    assert_int_equal(w->regime_party[g * 4 + 0], 1);
    assert_int_equal(w->regime_party[g * 4 + 1], 0);
    FX_NEAR(cn_club_market_share(w, 0), 0.5, 1e-15);
    gsl_rng_free(r);
    cn_world_free(w);
    fx_free(f);
}

/* J by hand (the founder's market and size are the others'):
 *   S1: gain -(0.3-0.3)^2 + (0.3-0.5)^2 = 0.04; M = 10/20; N = 1
 *       J = 0.04 + 0.2 * 0.5 + 0.1 * 1/4 = 0.165, willing logistic(2.3)
 *   S2: gain -0.25 + 0.09 = -0.16; J = -0.035, willing logistic(-1.7)
 *   S3: gain -0.04; J = 0.085, willing logistic(0.7)
 *   S0: gain -0.01 + 0.09 = 0.08; no other member: J = 0.08
 * and with the sponsor's campaign on S3 (weight 1, leader S0): S3's
 * social weights are self 1, base 0.05 to each other state, and the
 * campaign 1 toward S0 (capabilities 1): K = 1 / 2.15, J += 0.5 K. */
static void test_club_pull_by_hand(void **state)
{
    (void)state;
    fx_scenario *f = tiny_club();
    gsl_rng *r = fx_rng(1);
    cn_world *w = found(f, r);
    FX_NEAR(cn_club_pull(w, 0, 1), 0.165, 1e-12);
    FX_NEAR(cn_club_pull(w, 0, 2), -0.035, 1e-12);
    FX_NEAR(cn_club_pull(w, 0, 3), 0.085, 1e-12);
    FX_NEAR(cn_club_pull(w, 0, 0), 0.08, 1e-12);
    FX_NEAR(cn_club_willing(w, 0, 1), logistic(2.3), 1e-12);
    FX_NEAR(cn_club_willing(w, 0, 2), logistic(-1.7), 1e-12);
    FX_NEAR(cn_club_willing(w, 0, 3), logistic(0.7), 1e-12);
    cn_world_free(w);
    fx_free(f);

    f = tiny_club();
    const int spons[1] = {0}, targets[1] = {3};
    int b = fx_bloc(f, "Standard", spons, 1, 0, 0);
    f->forums[0].sponsor = b;
    fx_campaign(f, "pitch", b, 1.0, CN_TARGET_LIST, NULL, targets, 1);
    w = found(f, r);
    w->campaign[3 * 1 + 0] = 1.0;
    FX_NEAR(cn_club_pull(w, 0, 3), 0.085 + 0.5 / 2.15, 1e-12);
    FX_NEAR(cn_club_pull(w, 0, 1), 0.165, 1e-12); /* no campaign on S1 */
    /* without markets, capability stands in: all 1, M = 1/4 */
    f->s.market = NULL;
    FX_NEAR(cn_club_pull(w, 0, 1), 0.04 + 0.2 * 0.25 + 0.1 * 0.25, 1e-12);
    gsl_rng_free(r);
    cn_world_free(w);
    fx_free(f);
}

/* Joining by frequency: in the first round after the founding, S1, S2
 * and S3 each join with 1 - exp(-3 willing_i / 3) (all weigh the
 * founder-only club); 20000 founding rounds, within 4 s.e. */
static void test_club_join_frequencies(void **state)
{
    (void)state;
    enum { REPS = 20000 };
    fx_scenario *f = tiny_club();
    cn_world *w = fx_world(f);
    gsl_rng *r = fx_rng(23);
    long joined[4] = {0, 0, 0, 0};
    for (int k = 0; k < REPS; k++) {
        cn_world_reset(w, r);
        w->round = 1;
        cn_club_found(w, r, 0);
        cn_club_round(w, 0, r);
        for (int i = 1; i < 4; i++)
            joined[i] += w->fs[0].club[i] == 1;
        assert_int_equal(w->fs[0].n_joined, (w->fs[0].club[1] == 1) + (w->fs[0].club[2] == 1) +
                                                (w->fs[0].club[3] == 1));
    }
    const double z[4] = {0.0, 2.3, -1.7, 0.7};
    for (int i = 1; i < 4; i++) {
        double p = 1.0 - exp(-logistic(z[i]));
        FX_NEAR((double)joined[i] / REPS, p, 4.0 * sqrt(p * (1.0 - p) / REPS));
    }
    gsl_rng_free(r);
    cn_world_free(w);
    fx_free(f);
}

/* Certain moves (beta 1000: willing 0 or 1; rate 1000 per year): S1 and
 * S3 (J 0.165, 0.085 above 0.05) join in the first round, S2 does not;
 * every pair of members then listens to each other with bloc_tie (1)
 * more, the standard's regime counts them as parties.  Moved to 0.9, S1
 * finds J = -(0.6)^2 + (0.4)^2 + 0.2 * 12/20 + 0.1 * 2/4 = -0.03: it
 * leaves, its ties back to the base 0.05.  The founder, moved as far,
 * stays; S2 joins (the bandwagon, below). */
static void test_club_join_and_leave(void **state)
{
    (void)state;
    fx_scenario *f = tiny_club();
    f->s.model.beta = 1000.0;
    f->s.model.club_rate = 1000.0;
    gsl_rng *r = fx_rng(2);
    cn_world *w = found(f, r);
    const cn_forum_state *fs = &w->fs[0];
    cn_club_round(w, 0, r);
    const int in1[4] = {2, 1, 0, 1};
    for (int i = 0; i < 4; i++)
        assert_int_equal(fs->club[i], in1[i]);
    assert_int_equal(fs->n_members, 3);
    assert_int_equal(fs->members[0], 0);
    assert_int_equal(fs->members[1], 1);
    assert_int_equal(fs->members[2], 3);
    assert_int_equal(fs->n_joined, 2);
    assert_int_equal(fs->n_left, 0);
    const int na = w->na;
    FX_NEAR(w->tie[1 * na + 0], 1.05, 1e-12);
    FX_NEAR(w->tie[0 * na + 1], 1.05, 1e-12);
    FX_NEAR(w->tie[3 * na + 1], 1.05, 1e-12);
    FX_NEAR(w->tie[1 * na + 3], 1.05, 1e-12);
    FX_NEAR(w->tie[2 * na + 0], 0.05, 0.0);
    assert_int_equal(w->ties_dirty, 1);
    int g = w->forum_regime[0];
    for (int i = 0; i < 4; i++)
        assert_int_equal(w->regime_party[g * 4 + i], in1[i] != 0);
    FX_NEAR(cn_club_market_share(w, 0), 17.0 / 20.0, 1e-15);
    assert_int_equal(cn_club_undecided(w, 0), 3); /* no camps: all undecided */

    w->round = 2;
    w->x[1] = 0.9;
    w->x[0] = 0.9;
    FX_NEAR(cn_club_pull(w, 0, 1), -0.03, 1e-12);
    /* the bandwagon: S2, unwilling alone (J -0.035), now weighs a club
     * of 17/20 of the market and 3 of 4 states: J = -0.16 + 0.2 * 0.85
     * + 0.1 * 3/4 = 0.085: it joins in the round S1 leaves */
    FX_NEAR(cn_club_pull(w, 0, 2), 0.085, 1e-12);
    cn_club_round(w, 0, r);
    const int in2[4] = {2, 0, 1, 1};
    for (int i = 0; i < 4; i++)
        assert_int_equal(fs->club[i], in2[i]);
    assert_int_equal(fs->n_left, 1);
    assert_int_equal(fs->n_joined, 3);
    assert_int_equal(fs->n_members, 3);
    FX_NEAR(w->tie[1 * na + 0], 0.05, 1e-12);
    FX_NEAR(w->tie[1 * na + 3], 0.05, 1e-12);
    FX_NEAR(w->tie[3 * na + 0], 1.05, 1e-12);
    FX_NEAR(w->tie[2 * na + 3], 1.05, 1e-12);
    FX_NEAR(w->tie[2 * na + 1], 0.05, 0.0); /* S1 had left before S2 joined */
    assert_int_equal(w->regime_party[g * 4 + 1], 0);
    gsl_rng_free(r);
    cn_world_free(w);
    fx_free(f);
}

/* A club sponsored by a camp admits nobody from the rival camp: S2 in
 * camp "East" never joins, however strong the pull; the undecided S1 and
 * S3 do; S0's camp "West" sponsors.  One uniform per state that is not a
 * founder, each round: 3. */
static void test_club_closed_to_rival_camp(void **state)
{
    (void)state;
    fx_scenario *f = tiny_club();
    const int west[1] = {0}, east[1] = {2};
    int bw = fx_bloc(f, "West", west, 1, 0, 1);
    fx_bloc(f, "East", east, 1, 2, 1);
    f->forums[0].sponsor = bw;
    f->s.model.beta = 1000.0;
    f->s.model.club_rate = 1000.0;
    f->s.model.club_market = 10.0;
    gsl_rng *r = fx_rng(4), *q = fx_rng(4);
    cn_world *w = found(f, r);
    assert_int_equal(cn_club_admits(w, 0, 2), 0);
    assert_int_equal(cn_club_admits(w, 0, 1), 1);
    assert_true(cn_club_pull(w, 0, 2) > 1.0);
    /* q replays r: the founding drew nothing, each round three uniforms */
    for (int round = 1; round <= 4; round++) {
        w->round = round;
        cn_club_round(w, 0, r);
        for (int k = 0; k < 3; k++)
            (void)gsl_rng_uniform(q);
        assert_true(gsl_rng_get(r) == gsl_rng_get(q));
        assert_int_equal(w->fs[0].club[2], 0);
    }
    assert_int_equal(w->fs[0].club[1], 1);
    assert_int_equal(w->fs[0].club[3], 1);
    assert_int_equal(cn_club_undecided(w, 0), 2); /* S1, S3; S0 is in a camp */
    gsl_rng_free(r);
    gsl_rng_free(q);
    cn_world_free(w);
    fx_free(f);
}

/* The shipped what-if, one replication of its "club + market" point:
 * the route columns are in the layout (and only there: the default
 * scenario's are not), the InfoSec camp never joins, the undecided
 * members counted in Club.undecided are members in no camp, the row's
 * members' share of world GDP matches the club's. */
static void test_club_whatif_replication(void **state)
{
    (void)state;
    cn_scenario *s = NULL;
    cn_diag d;
    int rc = cn_load_scenario("scenarios/whatif/standards-club.cfg", NULL, 0, &s, &d);
    if (rc != CN_OK)
        fail_msg("%s", d.msg);
    cn_metrics_layout L;
    assert_int_equal(cn_metrics_layout_init(s, &L), CN_OK);
    int cu = cn_metrics_find(&L, "Club.undecided"), cm = cn_metrics_find(&L, "Club.market");
    assert_true(cu >= 0 && cm >= 0);
    assert_true(cn_metrics_find(&L, "UN.undecided") >= 0);
    assert_true(cn_metrics_find(&L, "Club.joined") >= 0);
    assert_int_equal(cn_metrics_find(&L, "UN.joined"), -1);
    cn_world *w = cn_world_alloc(s);
    gsl_rng *r = fx_rng(1);
    double *row = calloc((size_t)L.n, sizeof *row);
    assert_non_null(row);
    cn_replication_run_at(w, r, s->run.seed, 0, 0, &L, row);
    int f = cn_scenario_forum(s, "Club"), infosec = cn_scenario_bloc(s, "InfoSec");
    for (int k = 0; k < s->blocs[infosec].n_members; k++)
        assert_int_equal(w->fs[f].club[s->blocs[infosec].members[k]], 0);
    assert_true(row[cu] > 0.0);
    FX_NEAR(row[cu], cn_club_undecided(w, f), 0.0);
    FX_NEAR(row[cm], cn_club_market_share(w, f), 0.0);
    FX_NEAR(row[L.forum_base[f] + CN_FM_PARTIES], w->fs[f].n_members, 0.0);
    free(row);
    gsl_rng_free(r);
    cn_world_free(w);
    cn_metrics_layout_free(&L);
    cn_scenario_free(s);

    assert_int_equal(cn_load_scenario("scenarios/default.cfg", NULL, 0, &s, &d), CN_OK);
    assert_int_equal(cn_metrics_layout_init(s, &L), CN_OK);
    assert_int_equal(L.n, L.world_base + CN_WM_COUNT);
    cn_metrics_layout_free(&L);
    cn_scenario_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_club_founding),
        cmocka_unit_test(test_club_pull_by_hand),
        cmocka_unit_test(test_club_join_frequencies),
        cmocka_unit_test(test_club_join_and_leave),
        cmocka_unit_test(test_club_closed_to_rival_camp),
        cmocka_unit_test(test_club_whatif_replication),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
