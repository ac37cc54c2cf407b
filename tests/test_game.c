/* test_game.c - the game engine (cn_game.h) on tests/data/class_small.cfg:
 * a game in which nobody moves is the model's own replication 0; moves
 * change it and the debrief's replay of the log reproduces it; the same
 * calls give the same game; moves out of turn, twice, beyond the budget
 * or on a closed dimension are refused with a sentence; news changes the
 * world as its mechanism says; a game freed in the middle ends cleanly;
 * names and codes of states (cn_statename.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cn_decision.h"
#include "cn_game.h"
#include "cn_load.h"
#include "cn_metrics.h"
#include "cn_narrate.h"
#include "cn_statename.h"

#define SMALL "tests/data/class_small.cfg"

static cn_scenario *load(void)
{
    cn_scenario *s = NULL;
    cn_diag d;
    assert_int_equal(cn_load_scenario(SMALL, NULL, 0, &s, &d), CN_OK);
    return s;
}

static cn_game *new_game(const cn_scenario *s)
{
    cn_game_opts o;
    cn_game_defaults(&o);
    cn_game *g = NULL;
    assert_int_equal(cn_game_new(s, &o, &g), CN_OK);
    return g;
}

/* Advances to the end without a move. */
static void run_out(cn_game *g)
{
    while (cn_game_phase_of(g) == CN_GAME_PAUSED)
        assert_int_equal(cn_game_advance(g), CN_OK);
    assert_int_equal(cn_game_phase_of(g), CN_GAME_OVER);
}

static void test_game_without_moves_is_the_model(void **state)
{
    (void)state;
    cn_scenario *s = load();
    cn_metrics_layout L;
    assert_int_equal(cn_metrics_layout_init(s, &L), CN_OK);
    double *row = calloc((size_t)L.n, sizeof *row);
    assert_int_equal(cn_narrate_replay(s, &L, NULL, 0, 1, NULL, row), CN_OK);
    cn_game *g = new_game(s);
    assert_int_equal(cn_game_seat(g, cn_scenario_state(s, "DDD")), CN_OK);
    assert_null(cn_game_world(g));
    assert_int_equal(cn_game_start(g), CN_OK);
    /* DDD sits in the Assembly only: one pause, the Assembly's session 1 */
    assert_int_equal(cn_game_phase_of(g), CN_GAME_PAUSED);
    assert_string_equal(s->forums[cn_game_forum(g)].name, "Assembly");
    assert_int_equal(cn_game_session(g), 1);
    assert_non_null(cn_game_text(g));
    run_out(g);
    assert_int_equal(cn_game_pauses(g), 1);
    assert_memory_equal(cn_game_row(g), row, (size_t)L.n * sizeof *row);
    int n;
    cn_game_moves(g, &n);
    assert_int_equal(n, 0);
    cn_game_events(g, &n);
    assert_true(n > 4);
    cn_game_free(g);
    free(row);
    cn_metrics_layout_free(&L);
    cn_scenario_free(s);
}

/* The same calls twice: the same game; the debrief's replay of the log in
 * replication 0 gives the game's scores. */
static double play_objecting(const cn_scenario *s, double *out_row, int n_row)
{
    cn_game *g = new_game(s);
    int ddd = cn_scenario_state(s, "DDD"), aaa = cn_scenario_state(s, "AAA");
    char msg[256];
    assert_int_equal(cn_game_seat(g, ddd), CN_OK);
    assert_int_equal(cn_game_seat(g, aaa), CN_OK);
    assert_int_equal(cn_game_start(g), CN_OK);
    while (cn_game_phase_of(g) == CN_GAME_PAUSED) {
        int f = cn_game_forum(g);
        if (strcmp(s->forums[f].name, "Assembly") == 0) {
            assert_int_equal(cn_game_vote(g, ddd, CN_VOTE_OBJECT, msg, sizeof msg), CN_OK);
            assert_int_equal(cn_game_vote(g, aaa, CN_VOTE_OBJECT, msg, sizeof msg), CN_OK);
        }
        assert_int_equal(cn_game_advance(g), CN_OK);
    }
    memcpy(out_row, cn_game_row(g), (size_t)n_row * sizeof *out_row);
    int n;
    const cn_game_move *mv = cn_game_moves(g, &n);
    int seats[8];
    int ns = cn_game_seat_list(g, seats);
    assert_int_equal(ns, 2);
    cn_game_debrief d;
    assert_int_equal(cn_game_debrief_run(s, mv, n, seats, ns, 20, &d), CN_OK);
    const cn_metrics_layout *L = cn_game_layout(g);
    double sc = cn_game_score(s, L, ddd, out_row);
    assert_true(fabs(d.score_game[0] - sc) < 1e-12);
    /* the model alone adopts the Assembly's text; with four objections
     * (two students and the South) it never passes */
    cn_summary a, b;
    int f = cn_scenario_forum(s, "Assembly");
    cn_stats_summary(d.alone, d.L->forum_base[f] + CN_FM_ADOPTED, &a);
    cn_stats_summary(d.with, d.L->forum_base[f] + CN_FM_ADOPTED, &b);
    assert_true(a.prob > 0.9);
    assert_true(b.prob < 0.1);
    assert_true(d.alone_row[L->forum_base[f] + CN_FM_ADOPTED] > 0.5);
    cn_game_debrief_free(&d);
    cn_game_free(g);
    return sc;
}

static void test_game_moves_replay_and_determinism(void **state)
{
    (void)state;
    cn_scenario *s = load();
    cn_metrics_layout L;
    assert_int_equal(cn_metrics_layout_init(s, &L), CN_OK);
    double *r1 = calloc((size_t)L.n, sizeof *r1), *r2 = calloc((size_t)L.n, sizeof *r2);
    double s1 = play_objecting(s, r1, L.n), s2 = play_objecting(s, r2, L.n);
    assert_memory_equal(r1, r2, (size_t)L.n * sizeof *r1);
    assert_true(s1 == s2);
    int f = cn_scenario_forum(s, "Assembly");
    assert_true(r1[L.forum_base[f] + CN_FM_ADOPTED] < 0.5); /* the students blocked it */
    free(r1);
    free(r2);
    cn_metrics_layout_free(&L);
    cn_scenario_free(s);
}

static void test_game_refuses_moves_with_a_reason(void **state)
{
    (void)state;
    cn_scenario *s = load();
    cn_game *g = new_game(s);
    int aaa = cn_scenario_state(s, "AAA"), ddd = cn_scenario_state(s, "DDD"),
        eee = cn_scenario_state(s, "EEE");
    char msg[256];
    assert_int_equal(cn_game_vote(g, aaa, CN_VOTE_SUPPORT, msg, sizeof msg), CN_EINPUT);
    assert_string_equal(msg, "The game has not started yet.");
    assert_int_equal(cn_game_seat(g, aaa), CN_OK);
    assert_int_equal(cn_game_seat(g, aaa), CN_EINPUT); /* twice */
    assert_int_equal(cn_game_seat(g, 99), CN_EINPUT);
    assert_int_equal(cn_game_seat(g, ddd), CN_OK);
    assert_int_equal(cn_game_start(g), CN_OK);
    assert_int_equal(cn_game_start(g), CN_EINPUT);
    /* the model's state */
    assert_int_equal(cn_game_vote(g, eee, CN_VOTE_SUPPORT, msg, sizeof msg), CN_EINPUT);
    assert_string_equal(msg, "That state is played by the model, not by a student.");
    assert_int_equal(cn_game_vote(g, aaa, 7, msg, sizeof msg), CN_EINPUT);
    /* amendments: once a session, up or down only */
    assert_int_equal(cn_game_amend(g, aaa, 0, 2, msg, sizeof msg), CN_EINPUT);
    double before = cn_game_text(g)[1];
    assert_int_equal(cn_game_amend(g, aaa, 1, 1, msg, sizeof msg), CN_OK);
    assert_true(fabs(cn_game_text(g)[1] - before - 0.1) < 1e-12);
    assert_int_equal(cn_game_amend(g, aaa, 0, -1, msg, sizeof msg), CN_EINPUT);
    assert_string_equal(msg, "You have already tabled an amendment this session.");
    assert_true(cn_game_seat_amended(g, aaa));
    /* campaigns: budget, self */
    assert_int_equal(cn_game_campaign(g, aaa, aaa, 1.0, msg, sizeof msg), CN_EINPUT);
    assert_string_equal(msg, "You cannot campaign on yourself.");
    assert_int_equal(cn_game_campaign(g, aaa, eee, 5.0, msg, sizeof msg), CN_EINPUT);
    assert_string_equal(msg, "You have only 3.0 of budget left.");
    assert_int_equal(cn_game_campaign(g, aaa, eee, -1.0, msg, sizeof msg), CN_EINPUT);
    assert_int_equal(cn_game_campaign(g, aaa, eee, NAN, msg, sizeof msg), CN_EINPUT);
    const cn_world *w = cn_game_world(g);
    double tie = w->tie[(size_t)eee * (size_t)w->na + (size_t)aaa];
    assert_int_equal(cn_game_campaign(g, aaa, eee, 2.0, msg, sizeof msg), CN_OK);
    assert_true(fabs(w->tie[(size_t)eee * (size_t)w->na + (size_t)aaa] - tie - 2.0) < 1e-12);
    assert_true(fabs(cn_game_seat_budget(g, aaa) - 1.0) < 1e-12);
    /* votes can be changed; pass gives the vote back to the model */
    assert_int_equal(cn_game_vote(g, aaa, CN_VOTE_OBJECT, msg, sizeof msg), CN_OK);
    assert_int_equal(cn_game_seat_vote(g, aaa), CN_VOTE_OBJECT);
    assert_int_equal(cn_game_vote(g, aaa, CN_VOTE_NONE, msg, sizeof msg), CN_OK);
    assert_int_equal(cn_game_seat_vote(g, aaa), CN_VOTE_NONE);
    /* the Council's session: DDD does not sit there */
    assert_int_equal(cn_game_advance(g), CN_OK);
    assert_int_equal(cn_game_phase_of(g), CN_GAME_PAUSED);
    assert_string_equal(s->forums[cn_game_forum(g)].name, "Council");
    assert_int_equal(cn_game_vote(g, ddd, CN_VOTE_SUPPORT, msg, sizeof msg), CN_EINPUT);
    assert_string_equal(msg, "Dorsalia does not sit in the Council: wait for a session of a "
                             "forum it sits in.");
    assert_int_equal(cn_game_seat_amended(g, aaa), 0); /* a new session */
    /* a student who leaves: the model plays the state; no more pauses for it */
    assert_int_equal(cn_game_unseat(g, aaa), CN_OK);
    assert_int_equal(cn_game_unseat(g, aaa), CN_EINPUT);
    assert_int_equal(cn_game_vote(g, aaa, CN_VOTE_SUPPORT, msg, sizeof msg), CN_EINPUT);
    run_out(g);
    assert_int_equal(cn_game_advance(g), CN_EINPUT);
    assert_int_equal(cn_game_vote(g, ddd, CN_VOTE_SUPPORT, msg, sizeof msg), CN_EINPUT);
    assert_string_equal(msg, "The game is over.");
    assert_int_equal(cn_game_seat(g, eee), CN_EINPUT);
    cn_game_free(g);
    cn_scenario_free(s);
}

static void test_game_news_mechanisms(void **state)
{
    (void)state;
    cn_scenario *s = load();
    cn_game *g = new_game(s);
    int aaa = cn_scenario_state(s, "AAA"), bbb = cn_scenario_state(s, "BBB"),
        eee = cn_scenario_state(s, "EEE"), fff = cn_scenario_state(s, "FFF");
    char msg[256];
    assert_int_equal(cn_game_incident(g, aaa, eee, msg, sizeof msg), CN_EINPUT);
    assert_int_equal(cn_game_seat(g, aaa), CN_OK);
    assert_int_equal(cn_game_start(g), CN_OK);
    const cn_world *w = cn_game_world(g);
    size_t na = (size_t)w->na;
    /* an incident hits AAA, attributed to EEE: the North moves toward
     * binding form by `shock`, ties North-South fall by `shame` */
    double form = w->x[bbb * w->d + 1], tie = w->tie[(size_t)bbb * na + (size_t)fff];
    int incidents = w->incidents;
    assert_int_equal(cn_game_incident(g, aaa, eee, msg, sizeof msg), CN_OK);
    assert_int_equal(w->incidents, incidents + 1);
    assert_true(fabs(w->x[bbb * w->d + 1] - (form + s->events.shock * (1.0 - form))) < 1e-12);
    assert_true(fabs(w->tie[(size_t)bbb * na + (size_t)fff] - tie * (1.0 - s->events.shame)) <
                1e-12);
    assert_int_equal(cn_game_incident(g, aaa, aaa, msg, sizeof msg), CN_EINPUT);
    assert_int_equal(cn_game_incident(g, 99, -1, msg, sizeof msg), CN_EINPUT);
    /* shaming: the same fall of ties, no incident */
    tie = w->tie[(size_t)aaa * na + (size_t)eee];
    assert_int_equal(cn_game_shame(g, bbb, fff, msg, sizeof msg), CN_OK);
    assert_int_equal(w->incidents, incidents + 1);
    assert_true(fabs(w->tie[(size_t)aaa * na + (size_t)eee] - tie * (1.0 - s->events.shame)) <
                1e-12);
    /* a leak of EEE's draft draws less support than the chair's text in the
     * North's Assembly: the text stays; the chair's own paper wins */
    double t0[2] = {cn_game_text(g)[0], cn_game_text(g)[1]};
    int taken = -1;
    assert_int_equal(cn_game_leak(g, eee, &taken, msg, sizeof msg), CN_OK);
    assert_int_equal(taken, 0);
    assert_true(cn_game_text(g)[0] == t0[0] && cn_game_text(g)[1] == t0[1]);
    /* a leak of CCC's draft (near the middle of the North) replaces it when
     * it draws more */
    int ccc = cn_scenario_state(s, "CCC");
    assert_int_equal(cn_game_leak(g, ccc, &taken, msg, sizeof msg), CN_OK);
    if (taken)
        assert_true(fabs(cn_game_text(g)[0] - w->x[ccc * w->d]) < 1e-12);
    int n;
    const cn_game_move *mv = cn_game_moves(g, &n);
    assert_int_equal(n, 4);
    assert_int_equal(mv[0].kind, CN_MOVE_INCIDENT);
    assert_int_equal(mv[2].kind, CN_MOVE_LEAK);
    /* freed in the middle: the replication runs out without hooks */
    cn_game_free(g);
    cn_scenario_free(s);
}

static void test_game_options_and_description(void **state)
{
    (void)state;
    cn_scenario *s = load();
    cn_game_opts o;
    cn_game_defaults(&o);
    cn_game *g = NULL;
    o.step = 0.0;
    assert_int_equal(cn_game_new(s, &o, &g), CN_EINPUT);
    o.step = 0.1;
    o.budget = -1.0;
    assert_int_equal(cn_game_new(s, &o, &g), CN_EINPUT);
    o.budget = 3.0;
    snprintf(s->run.generator, sizeof s->run.generator, "nonsense");
    assert_int_equal(cn_game_new(s, &o, &g), CN_EINPUT);
    assert_null(g);
    char buf[256];
    cn_game_public_description(s, buf, sizeof buf);
    assert_string_equal(buf, "Six states, an assembly and a council: a fixture for the classroom.");
    cn_game_free(NULL);
    cn_scenario_free(s);
}

static void test_statename(void **state)
{
    (void)state;
    cn_scenario *s = load();
    int sugg[CN_STATENAME_SUGGEST];
    assert_int_equal(cn_statename_find(s, "aaa", NULL), 0);
    assert_int_equal(cn_statename_find(s, "Avalon", NULL), 0);
    assert_int_equal(cn_statename_find(s, "  south   elbonia ", NULL), 4);
    assert_int_equal(cn_statename_find(s, "the Freedonia", NULL), 5);
    assert_int_equal(cn_statename_find(s, "South", NULL), 4); /* the only name starting so */
    assert_int_equal(cn_statename_find(s, "", sugg), -1);
    assert_int_equal(sugg[0], -1);
    assert_int_equal(cn_statename_find(s, "Avalom", sugg), -1);
    assert_int_equal(sugg[0], 0);
    assert_int_equal(sugg[1], -1);
    /* a code one letter off */
    assert_int_equal(cn_statename_find(s, "EFE", sugg), -1);
    assert_int_equal(sugg[0], 4);
    char hint[256], lab[64];
    assert_string_equal(cn_statename_label(s, 4, lab, sizeof lab), "South Elbonia (EEE)");
    cn_statename_hint(s, sugg, hint, sizeof hint);
    assert_non_null(strstr(hint, "; did you mean South Elbonia (EEE)"));
    assert_int_equal(cn_statename_find(s, "Zzzzzzzz", sugg), -1);
    assert_int_equal(sugg[0], -1);
    cn_statename_hint(s, sugg, hint, sizeof hint);
    assert_string_equal(hint, "");
    cn_scenario_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_game_without_moves_is_the_model),
        cmocka_unit_test(test_game_moves_replay_and_determinism),
        cmocka_unit_test(test_game_refuses_moves_with_a_reason),
        cmocka_unit_test(test_game_news_mechanisms),
        cmocka_unit_test(test_game_options_and_description),
        cmocka_unit_test(test_statename),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
