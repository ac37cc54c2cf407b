/* test_load.c - the scenario loader (cn_load.h): a good fixture with every
 * kind of setting, include resolution, computed defaults, every form of
 * --set, and every error path, including the golden bad inputs
 * tests/bad/NAME.cfg beside the exact message in tests/bad/NAME.txt (the
 * directory is globbed at run time: adding a pair adds a case). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <glob.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_harness.h"
#include "cn_load.h"

#define FULL "tests/data/full.cfg"
#define MINIMAL "tests/data/minimal.cfg"
#define EPS 1e-12
/* cmocka 1.1's assert_float_equal compares floats, not doubles */
#define assert_near(a, b, tol) assert_true(fabs((double)(a) - (double)(b)) <= (tol))

static cn_scenario *load_ok(const char *path, const char *const *sets, int n)
{
    cn_scenario *s = NULL;
    cn_diag d;
    char buf[1024];
    int rc = cn_load_scenario(path, sets, n, &s, &d);
    if (rc != CN_OK)
        fail_msg("%s", cn_diag_format(&d, buf, sizeof buf));
    assert_non_null(s);
    return s;
}

static cn_scenario *load_string_ok(const char *text, const char *const *sets, int n)
{
    cn_scenario *s = NULL;
    cn_diag d;
    char buf[1024];
    int rc = cn_load_scenario_string(text, "t.cfg", NULL, sets, n, &s, &d);
    if (rc != CN_OK)
        fail_msg("%s", cn_diag_format(&d, buf, sizeof buf));
    assert_non_null(s);
    return s;
}

/* Loads and expects failure with status and exact message; *out stays NULL. */
static void expect_file_error(const char *path, const char *const *sets, int n, int status,
                              const char *msg)
{
    cn_scenario *s = (cn_scenario *)&s; /* not NULL: the loader must reset it */
    cn_diag d;
    char buf[1024];
    int rc = cn_load_scenario(path, sets, n, &s, &d);
    assert_null(s);
    cn_diag_format(&d, buf, sizeof buf);
    if (strcmp(buf, msg) != 0)
        fail_msg("expected: %s\n     got: %s", msg, buf);
    assert_int_equal(rc, status);
}

static void expect_string_error(const char *text, const char *const *sets, int n, int status,
                                const char *msg)
{
    cn_scenario *s = (cn_scenario *)&s;
    cn_diag d;
    char buf[1024];
    int rc = cn_load_scenario_string(text, "t.cfg", NULL, sets, n, &s, &d);
    assert_null(s);
    cn_diag_format(&d, buf, sizeof buf);
    if (strcmp(buf, msg) != 0)
        fail_msg("expected: %s\n     got: %s", msg, buf);
    assert_int_equal(rc, status);
}

/* The whole file (malloc'd); a file that cannot be read fails the test. */
static char *read_all(const char *path)
{
    char *buf = ch_read_file(path, NULL);
    if (buf == NULL)
        fail_msg("cannot read %s", path);
    return buf;
}

/* ---- good inputs ---- */

static void test_load_full_fixture(void **state)
{
    (void)state;
    cn_scenario *s = load_ok(FULL, NULL, 0);
    assert_string_equal(s->name, "full");
    assert_string_equal(s->path, FULL);
    assert_string_equal(s->description,
                        "Every kind of setting: \"quotes\", backslash \\ and a tab\there.");
    assert_int_equal(s->n_dims, 3);
    assert_string_equal(s->dims[2].name, "accountability");
    assert_string_equal(s->dims[1].low, "declaration");
    assert_string_equal(s->dims[2].high, "independent attribution body");
    assert_true(strncmp(s->dims[0].low, "cybersecurity", 13) == 0); /* default text */
    assert_int_equal(s->dim_scope, 0);
    assert_int_equal(s->dim_form, 1);

    assert_int_equal(s->run.seed, 42);
    assert_int_equal(s->run.replications, 250);
    assert_int_equal(s->run.threads, 2);
    assert_string_equal(s->run.generator, "ranlxd2");
    assert_near(s->model.p, 1.5, EPS);
    assert_near(s->model.beta, 12.0, EPS); /* an int where a float is expected */
    assert_near(s->model.status_quo[2], 0.2, EPS);
    assert_near(s->model.lockin, -0.25, EPS);
    assert_near(s->model.dgc_coverage, 0.5, EPS);
    assert_near(s->events.incident_rate, 1.2, EPS);
    assert_near(s->events.shame, 0.15, EPS);
    assert_near(s->events.audience, 0.25, EPS);
    /* scripted events: blocs expanded, the switched-off one kept */
    assert_int_equal(s->events.n_script, 3);
    assert_string_equal(s->events.script[0].name, "Hit");
    assert_int_equal(s->events.script[0].kind, CN_EVENT_INCIDENT);
    assert_int_equal(s->events.script[0].perpetrator, 4);
    assert_int_equal(s->events.script[0].victim, 1);
    assert_int_equal(s->events.script[0].n_attributors, 5); /* USA GBR FRA DEU (NATO), IND */
    assert_int_equal(s->events.script[1].kind, CN_EVENT_ATTRIBUTION);
    assert_int_equal(s->events.script[1].victim, -1);
    assert_int_equal(s->events.script[2].round, 0);
    assert_int_equal(s->events.script[2].n_attributors, 0);
    assert_null(s->events.script[2].attributors);
    /* the record: offense weights, the earliest `since` of a state listed twice */
    assert_non_null(s->offense);
    assert_near(s->offense[4], 0.48, EPS);
    assert_near(s->offense[1], 0.0, EPS);
    assert_near(s->attr_since[0], 2014.96, EPS); /* USA: alone, earlier than NATO */
    assert_near(s->attr_since[1], 2017.96, EPS);
    assert_near(s->attr_since[5], 2022.68, EPS);
    assert_true(isinf(s->attr_since[6]));
    assert_int_equal(s->forum_defaults.sessions, 8);
    assert_int_equal(s->forum_defaults.council_quota, 4);
    assert_near(s->model.sign_threshold, 0.02, EPS);
    assert_near(s->model.sign_open, 0.5, EPS);
    assert_near(s->model.sign_rate, 0.2, EPS);
    assert_int_equal(s->calendar.start, 12 * 2019 + 8);
    assert_int_equal(s->calendar.round_months, 6);
    assert_int_equal(s->calendar.end, 12 * 2024 + 5);

    /* states from the included file */
    assert_int_equal(s->n_states, 9);
    const cn_state *usa = &s->states[0], *zaf = &s->states[8];
    assert_string_equal(usa->code, "USA");
    assert_string_equal(usa->name, "United States");
    assert_string_equal(usa->group, "WEOG");
    assert_near(usa->ideal[2], 0.8, EPS);
    assert_near(usa->salience[1], 1.5, EPS);
    assert_near(usa->capability, 30.5, EPS);
    assert_near(usa->stubbornness, 0.8, EPS);
    assert_near(usa->ratify, 0.05, EPS);
    assert_int_equal(usa->veto, 1);
    assert_string_equal(zaf->name, "ZAF"); /* name defaults to the code */
    assert_near(zaf->salience[0], 1.0, EPS);
    assert_near(zaf->capability, 1.0, EPS);
    assert_near(zaf->stubbornness, 0.7, EPS);
    assert_near(zaf->ratify, 0.3, EPS); /* per year: the default */
    assert_int_equal(zaf->veto, 0);

    assert_int_equal(s->n_stakeholders, 2);
    assert_near(s->stakeholders[0].reach, 0.25, EPS);
    assert_near(s->stakeholders[0].stubbornness, 1.0, EPS);
    assert_near(s->stakeholders[1].salience[1], 2.0, EPS);
    assert_near(s->stakeholders[1].reach, 0.5, EPS);
    assert_near(s->stakeholders[1].capability, 1.0, EPS);

    /* blocs: NATO = USA, GBR + EU expanded; BRICS drops the second RUS */
    assert_int_equal(s->n_blocs, 4);
    const cn_bloc *nato = &s->blocs[1], *sco = &s->blocs[2], *brics = &s->blocs[3];
    assert_int_equal(nato->n_members, 4);
    int nato_m[] = {0, 1, 2, 3};
    assert_memory_equal(nato->members, nato_m, sizeof nato_m);
    assert_int_equal(nato->leader, 0); /* most capable */
    assert_int_equal(nato->camp, 1);
    assert_int_equal(s->blocs[0].leader, 2); /* FRA and DEU tie at 8: the first */
    assert_int_equal(sco->leader, 4);        /* named */
    assert_int_equal(brics->n_members, 5);
    int brics_m[] = {7, 4, 6, 5, 8};
    assert_memory_equal(brics->members, brics_m, sizeof brics_m);
    assert_int_equal(brics->leader, 5); /* CHN, capability 25 */
    assert_int_equal(brics->camp, 0);

    assert_int_equal(s->n_ties, 2);
    assert_int_equal(s->ties[0].from, 0);
    assert_int_equal(s->ties[0].to, 1);
    assert_near(s->ties[0].weight, 2.5, EPS);
    assert_int_equal(s->ties[0].mutual, 1);
    assert_near(s->ties[1].weight, 1.0, EPS);
    assert_int_equal(s->ties[1].mutual, 0);

    assert_int_equal(s->n_forums, 6);
    const cn_forum *oewg = &s->forums[0], *gge = &s->forums[1], *g20 = &s->forums[2],
                   *unsc = &s->forums[3];
    assert_int_equal(oewg->n_members, 9);
    assert_int_equal(oewg->rule, CN_RULE_CONSENSUS);
    assert_int_equal(oewg->output, CN_OUTPUT_REPORT);
    assert_int_equal(oewg->footnotes, 3);
    assert_int_equal(oewg->sessions, 8); /* from forum_defaults */
    assert_near(oewg->dilution, 0.05, EPS);
    assert_near(oewg->concession, 0.4, EPS);
    assert_near(oewg->chair_step, 0.2, EPS); /* from forum_defaults */
    assert_int_equal(oewg->has_draft, 0);
    assert_int_equal(oewg->chair_mode, CN_CHAIR_CAPABILITY);
    assert_int_equal(oewg->chair, -1);
    assert_int_equal(oewg->threshold, 5); /* ceil(9 / 2) */
    assert_int_equal(oewg->n_stakeholders, 2);
    assert_int_equal(oewg->stakeholders[1], 1);
    assert_int_equal(oewg->n_rivals, 2);
    assert_int_equal(oewg->rivals[0].bloc, 2);
    assert_int_equal(oewg->rivals[0].from_session, 2);
    assert_int_equal(oewg->rivals[0].has_text, 1);
    assert_near(oewg->rivals[0].text[0], 0.9, EPS);
    assert_int_equal(oewg->rivals[1].bloc, 1);
    assert_int_equal(oewg->rivals[1].from_session, 1);
    assert_int_equal(oewg->rivals[1].has_text, 0);
    for (int d = 0; d < 3; d++)
        assert_int_equal(oewg->open[d], 1);
    assert_int_equal(oewg->n_pool, 9);

    assert_int_equal(gge->draw_size, 6);
    assert_near(gge->chair_step, 0.12, EPS);
    assert_int_equal(gge->has_draft, 1);
    assert_near(gge->draft[0], 0.3, EPS);
    assert_near(gge->draft[1], 0.2, EPS);
    assert_int_equal(gge->n_members, 3); /* seats always held */
    assert_int_equal(gge->n_pool, 9);
    assert_int_equal(gge->rule, CN_RULE_MAJORITY);
    assert_int_equal(gge->chair_mode, CN_CHAIR_NAMED);
    assert_int_equal(gge->chair, 0);
    assert_int_equal(gge->threshold, 3); /* ceil(6 / 2): of the drawn seats */
    assert_int_equal(gge->open[0], 1);
    assert_int_equal(gge->open[1], 1);
    assert_int_equal(gge->open[2], 0);
    assert_near(gge->fixed[2], 0.0, EPS);
    assert_int_equal(gge->n_stakeholders, 0);
    assert_null(gge->stakeholders);

    assert_int_equal(g20->n_members, 5);
    assert_int_equal(g20->members[4], 7);
    assert_int_equal(g20->output, CN_OUTPUT_TREATY);
    assert_int_equal(g20->rule, CN_RULE_TWO_THIRDS);
    assert_int_equal(g20->threshold, 3);
    assert_int_equal(g20->open[0], 0);
    assert_int_equal(g20->open[1], 0);
    assert_int_equal(g20->open[2], 1);
    assert_near(g20->fixed[0], 0.1, EPS);
    assert_near(g20->fixed[1], 0.0, EPS);
    assert_int_equal(g20->regional, 1);
    assert_int_equal(g20->start, 3); /* start_date 2020-09: round 3 of 6-month rounds from 2019-09 */
    assert_int_equal(g20->sessions, 4);
    assert_int_equal(g20->ratification_sessions, 10);
    assert_true(g20->issues == 0u); /* every dimension listed: the default, 0 */
    assert_int_equal(g20->signature_opens, 12 * 2021 + 3);
    assert_int_equal(g20->force_delay, 3);
    assert_int_equal(g20->n_open_to, 5); /* BRICS (5, ZAF among them) and ZAF again */
    assert_near(g20->accession_scale, 0.5, EPS);
    assert_int_equal(oewg->signature_opens, -1);
    assert_near(oewg->accession_scale, 1.0, EPS);
    assert_int_equal(oewg->n_open_to, 0);

    assert_int_equal(unsc->rule, CN_RULE_COUNCIL);
    assert_int_equal(unsc->output, CN_OUTPUT_DECISION);
    /* a declaration about two of three dimensions: form (not an issue) is
     * closed at the status quo, 0.1 */
    const cn_forum *summit = &s->forums[4], *ga = &s->forums[5];
    assert_int_equal(summit->output, CN_OUTPUT_DECLARATION);
    assert_true(summit->issues == 5u);
    assert_int_equal(summit->open[0], 1);
    assert_int_equal(summit->open[1], 0);
    assert_near(summit->fixed[1], 0.1, EPS);
    assert_int_equal(summit->open[2], 1);
    assert_int_equal(ga->output, CN_OUTPUT_RESOLUTION);
    assert_int_equal(unsc->council_quota, 5);
    assert_int_equal(unsc->ratification_sessions, 5);
    assert_int_equal(unsc->n_pool, 5);
    assert_int_equal(unsc->threshold, 9); /* above its 7 members: only a treaty counts them */
    assert_int_equal(unsc->chair_mode, CN_CHAIR_ROTATE);

    assert_int_equal(s->n_campaigns, 3);
    const cn_campaign *aid = &s->campaigns[0], *trade = &s->campaigns[1],
                      *out = &s->campaigns[2];
    assert_int_equal(aid->bloc, 2);
    assert_near(aid->budget, 2.5, EPS);
    assert_int_equal(aid->target, CN_TARGET_REGION);
    assert_string_equal(aid->region, "African");
    assert_int_equal(aid->start, 2);
    assert_int_equal(aid->stop, 6);
    assert_int_equal(trade->target, CN_TARGET_LIST);
    assert_int_equal(trade->n_targets, 5); /* BRICS + ZAF (already in) */
    assert_int_equal(out->target, CN_TARGET_UNDECIDED);
    assert_near(out->budget, 1.0, EPS);
    assert_int_equal(out->start, 1);
    assert_int_equal(out->stop, 0);
    assert_int_equal(out->n_targets, 0);

    assert_int_equal(s->n_regimes, 2);
    assert_int_equal(s->regimes[0].binding, 1);
    assert_int_equal(s->regimes[0].n_parties, 4);
    assert_near(s->regimes[0].text[1], 0.8, EPS);
    assert_int_equal(s->regimes[1].binding, 0);
    assert_int_equal(s->regimes[1].n_parties, 3);

    assert_int_equal(s->poles[0], 1);
    assert_int_equal(s->poles[1], 2);
    cn_scenario_free(s);
}

static void test_load_minimal_defaults(void **state)
{
    (void)state;
    cn_scenario *s = load_ok(MINIMAL, NULL, 0);
    assert_string_equal(s->name, "minimal"); /* from the file name */
    assert_string_equal(s->description, "");
    assert_int_equal(s->n_dims, 2);
    assert_int_equal(s->run.replications, 1000);
    assert_near(s->model.beta, 64.1, EPS); /* the calibrated default (docs/backtest.md) */
    const cn_forum *f = &s->forums[0];
    assert_int_equal(f->n_members, 2);
    assert_int_equal(f->sessions, 6);
    assert_int_equal(f->footnotes, 0);
    assert_int_equal(f->council_quota, 9);
    assert_int_equal(f->ratification_sessions, 12);
    assert_near(f->sigma, 0.03, EPS);
    assert_int_equal(f->threshold, 1);
    assert_int_equal(f->start, 1);
    assert_int_equal(f->n_pool, 2);
    assert_int_equal(f->draw_size, 0);
    assert_int_equal(f->n_rivals, 0);
    assert_int_equal(s->n_blocs, 0);
    assert_null(s->blocs);
    assert_int_equal(s->poles[0], -1);
    assert_int_equal(s->poles[1], -1);
    cn_scenario_free(s);
}

static void test_load_include_resolution(void **state)
{
    (void)state;
    char *text = read_all(FULL);
    cn_scenario *s = NULL;
    cn_diag d;
    char buf[1024];
    /* from a string: includes resolve against include_dir */
    int rc = cn_load_scenario_string(text, "mem.cfg", "tests/data", NULL, 0, &s, &d);
    if (rc != CN_OK)
        fail_msg("%s", cn_diag_format(&d, buf, sizeof buf));
    assert_int_equal(s->n_states, 9);
    assert_string_equal(s->name, "full");
    assert_string_equal(s->path, "mem.cfg");
    cn_scenario_free(s);
    /* without it they resolve against the working directory: not found */
    s = (cn_scenario *)&s;
    rc = cn_load_scenario_string(text, "mem.cfg", NULL, NULL, 0, &s, &d);
    assert_int_equal(rc, CN_EINPUT);
    assert_null(s);
    /* the missing file is named, with the reason */
    assert_string_equal(cn_diag_format(&d, buf, sizeof buf),
                        "mem.cfg:30: cannot include 'world/states.cfg': No such file or directory");
    free(text);
}

/* An @include of a FIFO is refused before it is opened: opening it would
 * wait for a writer forever (an alarm fails the test instead of hanging). */
static void test_load_include_fifo_refused(void **state)
{
    (void)state;
    char dir[64], fifo[96], cfg[96];
    assert_int_equal(ch_tmpdir(dir, sizeof dir, "load_fifo"), 0);
    snprintf(fifo, sizeof fifo, "%s/pipe.cfg", dir);
    snprintf(cfg, sizeof cfg, "%s/main.cfg", dir);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    static const char text[] = "# includes a FIFO\n@include \"pipe.cfg\"\n";
    ch_write_file(cfg, text, sizeof text - 1);
    cn_scenario *s = NULL;
    cn_diag d;
    char buf[1024], want[256];
    alarm(10);
    int rc = cn_load_scenario(cfg, NULL, 0, &s, &d);
    alarm(0);
    assert_int_equal(rc, CN_EINPUT);
    assert_null(s);
    snprintf(want, sizeof want, "%s:2: cannot include 'pipe.cfg': not a regular file", cfg);
    assert_string_equal(cn_diag_format(&d, buf, sizeof buf), want);
    ch_remove_tree(dir);
}

static const char *const base3 =
    "states = ( { code = \"AAA\"; ideal = [0.1, 0.2]; capability = 2.0; },\n"
    "           { code = \"BBB\"; name = \"Bravo\"; ideal = [0.3, 0.2]; capability = 5.0; },\n"
    "           { code = \"CCC\"; ideal = [0.5, 0.2]; capability = 5.0; },\n"
    "           { code = \"DDD\"; ideal = [0.9, 0.2]; } );\n";

#define FORUM0 "forums = ( { name = \"F0\"; members = \"all\"; } );\n"

/* base3 + tail (+ a forum after it when the tail has none). */
static char *with_base(const char *tail)
{
    size_t n = strlen(base3) + strlen(tail) + strlen(FORUM0) + 1;
    char *t = malloc(n);
    assert_non_null(t);
    snprintf(t, n, "%s%s%s", base3, tail, strstr(tail, "forums =") != NULL ? "" : FORUM0);
    return t;
}

static void test_load_computed_defaults(void **state)
{
    (void)state;
    char *t = with_base(
        "blocs = ( { name = \"X\"; members = [\"AAA\", \"BBB\", \"CCC\"]; },\n"
        "          { name = \"Y\"; members = [\"AAA\", \"DDD\"]; },\n"
        "          { name = \"Z\"; members = [\"CCC\", \"DDD\"]; } );\n"
        "forums = ( { name = \"F\"; members = [\"Y\", \"AAA\", \"X\"]; },\n"
        "           { name = \"G\"; draw = 3; },\n"
        "           { name = \"H\"; draw = 2; members = [\"BBB\"]; pool = [\"Z\"]; "
        "chair = \"BBB\"; } );\n");
    cn_scenario *s = load_string_ok(t, NULL, 0);
    /* leader: most capable, BBB and CCC tie at 5: the first */
    assert_int_equal(s->blocs[0].leader, 1);
    assert_int_equal(s->blocs[1].leader, 0);
    /* poles: no camps, so the largest (X, 3 members), then Y and Z tie at
     * 2: the first; marked so that cn_load_scenario warns */
    assert_int_equal(s->poles[0], 0);
    assert_int_equal(s->poles[1], 1);
    assert_int_equal(s->poles_from, CN_POLES_LARGEST);
    /* members expanded in order of first appearance, duplicates dropped */
    const cn_forum *f = &s->forums[0];
    int want[] = {0, 3, 1, 2};
    assert_int_equal(f->n_members, 4);
    assert_memory_equal(f->members, want, sizeof want);
    assert_int_equal(f->threshold, 2);
    /* a drawn forum: no fixed seats, pool all, threshold of the drawn seats */
    const cn_forum *g = &s->forums[1];
    assert_int_equal(g->n_members, 0);
    assert_null(g->members);
    assert_int_equal(g->n_pool, 4);
    assert_int_equal(g->threshold, 2);
    const cn_forum *h = &s->forums[2];
    assert_int_equal(h->n_pool, 2);
    assert_int_equal(h->chair_mode, CN_CHAIR_NAMED);
    assert_int_equal(h->chair, 1);
    assert_int_equal(h->threshold, 1);
    cn_scenario_free(s);
    free(t);

    /* with two camps, the poles are the camps, however small */
    t = with_base("blocs = ( { name = \"X\"; members = [\"AAA\", \"BBB\", \"CCC\"]; },\n"
                  "          { name = \"Y\"; members = [\"AAA\"]; camp = true; },\n"
                  "          { name = \"Z\"; members = [\"CCC\", \"DDD\"]; camp = true; } );\n");
    s = load_string_ok(t, NULL, 0);
    assert_int_equal(s->poles[0], 2);
    assert_int_equal(s->poles[1], 1);
    assert_int_equal(s->poles_from, CN_POLES_CAMPS);
    cn_scenario_free(s);
    free(t);
    /* one camp is not enough: the two largest blocs */
    t = with_base("blocs = ( { name = \"X\"; members = [\"AAA\", \"BBB\", \"CCC\"]; },\n"
                  "          { name = \"Y\"; members = [\"AAA\"]; camp = true; } );\n");
    s = load_string_ok(t, NULL, 0);
    assert_int_equal(s->poles[0], 0);
    assert_int_equal(s->poles[1], 1);
    assert_int_equal(s->poles_from, CN_POLES_LARGEST);
    cn_scenario_free(s);
    free(t);

    /* dimensions without scope and form */
    t = "dimensions = ( { name = \"accountability\"; } );\n"
        "states = ( { code = \"AAA\"; ideal = [0.1]; }, { code = \"BBB\"; ideal = [0.2]; } );\n"
        "forums = ( { name = \"F\"; members = \"all\"; } );\n";
    s = load_string_ok(t, NULL, 0);
    assert_int_equal(s->n_dims, 1);
    assert_int_equal(s->dim_scope, -1);
    assert_int_equal(s->dim_form, -1);
    assert_string_equal(s->dims[0].low, "");
    assert_string_equal(s->name, "t");
    assert_near(s->model.status_quo[0], 0.5, EPS);
    cn_scenario_free(s);
}

/* ---- --set ---- */

static void test_load_set_forms(void **state)
{
    (void)state;
    const char *sets[] = {
        "model.beta=3",                  /* creates model; int where float expected */
        "model.beta = 4.5",              /* later wins; spaces allowed */
        "run.threads=4",                 /* creates run and threads */
        "run.seed=5000000000",           /* beyond 32 bits */
        "states.BBB.capability=2.5",     /* element by code */
        "states.0.stubbornness=0.25",    /* element by index */
        "states.AAA.ideal.form=0.9",     /* per-dimension by name */
        "states.BBB.ideal.0=0.1",        /* per-dimension by index */
        "states.AAA.salience.scope=3",   /* creates salience: 1.0 each, then sets */
        "model.status_quo.form=0.2",     /* creates status_quo: 0.5 each */
        "forums.F.rule=majority",        /* bare word taken as a string */
        "forums.F.closed.form=0",        /* creates closed */
        "forums.F.members=[\"AAA\"]",    /* whole array */
        "states.AAA.veto=true",
        "name=\"renamed\"",
        "forum_defaults.footnotes=2",
    };
    int n = (int)(sizeof sets / sizeof sets[0]);
    cn_scenario *s = load_ok(MINIMAL, sets, n);
    assert_near(s->model.beta, 4.5, EPS);
    assert_int_equal(s->run.threads, 4);
    assert_true(s->run.seed == 5000000000UL);
    assert_near(s->states[1].capability, 2.5, EPS);
    assert_near(s->states[0].stubbornness, 0.25, EPS);
    assert_near(s->states[0].ideal[0], 0.2, EPS);
    assert_near(s->states[0].ideal[1], 0.9, EPS);
    assert_near(s->states[1].ideal[0], 0.1, EPS);
    assert_near(s->states[1].ideal[1], 0.6, EPS);
    assert_near(s->states[0].salience[0], 3.0, EPS);
    assert_near(s->states[0].salience[1], 1.0, EPS);
    assert_near(s->model.status_quo[0], 0.5, EPS);
    assert_near(s->model.status_quo[1], 0.2, EPS);
    assert_int_equal(s->forums[0].rule, CN_RULE_MAJORITY);
    assert_int_equal(s->forums[0].open[0], 1);
    assert_int_equal(s->forums[0].open[1], 0);
    assert_int_equal(s->forums[0].n_members, 1);
    assert_int_equal(s->forums[0].footnotes, 2);
    assert_int_equal(s->states[0].veto, 1);
    assert_string_equal(s->name, "renamed");
    cn_scenario_free(s);

    const char *named[] = {
        "states.France.capability=11",           /* by name */
        "forums.OEWG.rivals.SCO.from_session=3", /* rivals by bloc */
        "blocs.EU.members=[\"FRA\"]",
        "dimensions.accountability.low=\"none\"",
        "forums.GGE.closed.accountability=0.25",
        "forums.G20deal.closed.scope=0.2",
    };
    s = load_ok(FULL, named, 6);
    assert_near(s->states[2].capability, 11.0, EPS);
    assert_int_equal(s->forums[0].rivals[0].from_session, 3);
    assert_int_equal(s->blocs[0].n_members, 1);
    assert_int_equal(s->blocs[1].n_members, 3); /* NATO expands the new EU */
    assert_string_equal(s->dims[2].low, "none");
    assert_near(s->forums[1].fixed[2], 0.25, EPS);
    assert_near(s->forums[2].fixed[0], 0.2, EPS);
    assert_near(s->forums[2].fixed[1], 0.0, EPS);
    cn_scenario_free(s);
}

typedef struct {
    const char *file;
    const char *set[2];
    int status;
    const char *msg;
} set_case;

static void test_load_set_errors(void **state)
{
    (void)state;
    static const set_case cases[] = {
        {MINIMAL, {"model.beta"}, CN_EINPUT, "--set:1: expected path=value, got 'model.beta'"},
        {MINIMAL, {"=3"}, CN_EINPUT, "--set:1: expected path=value, got '=3'"},
        {MINIMAL, {"model.beta="}, CN_EINPUT,
         "--set:1: setting 'model.beta': expected path=value, got no value"},
        {MINIMAL, {"model.beta=1.2.3"}, CN_EINPUT,
         "--set:1: setting 'model.beta': bad value '1.2.3': syntax error"},
        {MINIMAL, {"model.beta=1;x=2"}, CN_EINPUT,
         "--set:1: setting 'model.beta': bad value '1;x=2': more than one value"},
        {MINIMAL, {"a..b=1"}, CN_EINPUT,
         "--set:1: setting 'a..b': expected a dotted path like model.beta, got 'a..b'"},
        {FULL, {"states.BRX.ideal.form=0.4"}, CN_EINPUT,
         "--set:1: setting 'states.BRX.ideal.form': unknown state 'BRX' (did you mean 'BRA'?)"},
        {FULL, {"modle.beta=3"}, CN_EINPUT,
         "--set:1: setting 'modle.beta': unknown setting 'modle' (did you mean 'model'?)"},
        {FULL, {"model.beta=3", "model.beat=3"}, CN_EINPUT,
         "--set:2: setting 'model.beat': unknown setting 'beat' (did you mean 'beta'?)"},
        {MINIMAL, {"run.seed=1", "model.beat=3"}, CN_EINPUT,
         "--set:2: setting 'model.beat': unknown setting 'beat' (did you mean 'beta'?)"},
        {FULL, {"model.beta=2000"}, CN_EINPUT,
         "--set:1: setting 'model.beta': expected a number in [0, 1000], got 2000"},
        {FULL, {"forums.OEWG.footnotes=1.5"}, CN_EINPUT,
         "--set:1: setting 'forums.OEWG.footnotes': expected an integer, got a float (1.5)"},
        {FULL, {"run.replications=200000000"}, CN_ELIMIT,
         "--set:1: setting 'run.replications': too many replications: at most 100000000, got "
         "200000000"},
        {FULL, {"states.USA.ideal.formm=1"}, CN_EINPUT,
         "--set:1: setting 'states.USA.ideal.formm': unknown dimension 'formm' (did you mean "
         "'form'?)"},
        {FULL, {"states.USA.ideal.5=1"}, CN_EINPUT,
         "--set:1: setting 'states.USA.ideal.5': index 5 is out of range: 'states.USA.ideal' "
         "has 3 elements"},
        {FULL, {"states.USA.ideal.form=[1.0]"}, CN_EINPUT,
         "--set:1: setting 'states.USA.ideal.form': expected a single value for an array "
         "element"},
        {FULL, {"states.USA=1"}, CN_EINPUT,
         "--set:1: setting 'states.USA': cannot replace a whole state; set its settings one "
         "at a time"},
        {FULL, {"model.beta.x=1"}, CN_EINPUT,
         "--set:1: setting 'model.beta.x': 'model.beta' is a single value; nothing is below "
         "it"},
        {FULL, {"states.9.veto=true"}, CN_EINPUT,
         "--set:1: setting 'states.9.veto': no state number 9 (there are 9, counted from 0)"},
        {MINIMAL, {"campaigns.x.budget=1"}, CN_EINPUT,
         "--set:1: setting 'campaigns.x.budget': unknown campaign 'x' (there are no "
         "campaigns)"},
        {MINIMAL, {"states.AAA.ideal.form=2"}, CN_EINPUT,
         "--set:1: setting 'states.AAA.ideal.form': expected a number in [0, 1], got 2"},
        {MINIMAL, {"model.9x=1"}, CN_EINPUT,
         "--set:1: setting 'model.9x': '9x' is not a valid setting name"},
        {MINIMAL, {"states.AAA.members.0=1"}, CN_EINPUT,
         "--set:1: setting 'states.AAA.members.0': unknown setting 'members'"},
        {MINIMAL, {"states.AAA.ideal.x.y=1"}, CN_EINPUT,
         "--set:1: setting 'states.AAA.ideal.x.y': unknown dimension 'x'"},
        {MINIMAL, {"forums.F.members.0.x=1"}, CN_EINPUT,
         "--set:1: setting 'forums.F.members.0.x': 'forums.F.members' is a single value; "
         "nothing is below it"},
        {MINIMAL, {"states.AAA.capability=\"big\""}, CN_EINPUT,
         "--set:1: setting 'states.AAA.capability': expected a number, got a string "
         "(\"big\")"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        const set_case *c = &cases[k];
        int n = c->set[1] != NULL ? 2 : 1;
        expect_file_error(c->file, c->set, n, c->status, c->msg);
    }
    /* a NULL entry, and a NULL list with a count */
    const char *holes[] = {"run.seed=3", NULL};
    expect_file_error(MINIMAL, holes, 2, CN_EINPUT, "--set:2: expected path=value, got nothing");
    expect_file_error(MINIMAL, NULL, 1, CN_EINPUT, "--set: bad override list");
}

/* ---- bad inputs ---- */

static void test_load_golden_bad(void **state)
{
    (void)state;
    glob_t g;
    assert_int_equal(glob("tests/bad/*.cfg", 0, NULL, &g), 0);
    assert_true(g.gl_pathc >= 25);
    for (size_t k = 0; k < g.gl_pathc; k++) {
        const char *cfg = g.gl_pathv[k];
        char txt[512];
        snprintf(txt, sizeof txt, "%.*s.txt", (int)(strlen(cfg) - 4), cfg);
        char *want = read_all(txt);
        size_t len = strlen(want);
        while (len > 0 && (want[len - 1] == '\n' || want[len - 1] == '\r'))
            want[--len] = '\0';
        const char *base = strrchr(cfg, '/') + 1;
        int status = strncmp(base, "too_many", 8) == 0 ? CN_ELIMIT : CN_EINPUT;
        cn_scenario *s = (cn_scenario *)&s;
        cn_diag d;
        char buf[1024];
        int rc = cn_load_scenario(cfg, NULL, 0, &s, &d);
        cn_diag_format(&d, buf, sizeof buf);
        if (rc == CN_OK || s != NULL || strcmp(buf, want) != 0 || rc != status) {
            print_error("%s: status %d (want %d)\n  expected: %s\n       got: %s\n", cfg, rc,
                        status, want, buf);
            free(want);
            cn_scenario_free(rc == CN_OK ? s : NULL);
            globfree(&g);
            fail();
        }
        free(want);
    }
    globfree(&g);
}

static void test_load_error_paths(void **state)
{
    (void)state;
    expect_file_error("tests/data/no_such_file.cfg", NULL, 0, CN_EINPUT,
                      "tests/data/no_such_file.cfg: cannot read: No such file or directory");
    expect_file_error("tests/data", NULL, 0, CN_EINPUT, "tests/data: cannot read: Is a directory");
    expect_file_error(NULL, NULL, 0, CN_EINPUT, "no scenario file given");
    cn_diag d;
    assert_int_equal(cn_load_scenario(MINIMAL, NULL, 0, NULL, &d), CN_EINPUT);
    assert_int_equal(cn_load_scenario_string("x = 1;", "n", NULL, NULL, 0, NULL, &d), CN_EINPUT);
    cn_scenario *s = (cn_scenario *)&s;
    assert_int_equal(cn_load_scenario_string(NULL, NULL, NULL, NULL, 0, &s, &d), CN_EINPUT);
    assert_null(s);
    char buf[256];
    assert_string_equal(cn_diag_format(&d, buf, sizeof buf), "<string>: no scenario text given");
    /* diag may be NULL */
    s = (cn_scenario *)&s;
    assert_int_equal(cn_load_scenario("tests/bad/unknown_setting.cfg", NULL, 0, &s, NULL),
                     CN_EINPUT);
    assert_null(s);
    /* syntax error in a string */
    expect_string_error("a = 1;\nb = ;\n", NULL, 0, CN_EINPUT, "t.cfg:2: syntax error");
    expect_string_error("a = [1, 2.0];\n", NULL, 0, CN_EINPUT,
                        "t.cfg:1: syntax error: mismatched element type in array");
}

static char *many(const char *head, const char *item, int n, const char *tail)
{
    size_t cap = strlen(head) + (size_t)n * (strlen(item) + 16) + strlen(tail) + 1;
    char *t = malloc(cap);
    assert_non_null(t);
    size_t used = (size_t)snprintf(t, cap, "%s", head);
    for (int i = 0; i < n; i++)
        used += (size_t)snprintf(t + used, cap - used, item, i, i);
    snprintf(t + used, cap - used, "%s", tail);
    return t;
}

static void test_load_size_limits(void **state)
{
    (void)state;
    char *t = many("states = (\n", "{ code = \"S%d\"; ideal = [0.5, 0.5]; },\n", 1001,
                   "{ code = \"LAST\"; ideal = [0.5, 0.5]; } );\n"
                   "forums = ( { name = \"F\"; members = \"all\"; } );\n");
    expect_string_error(t, NULL, 0, CN_ELIMIT,
                        "t.cfg:1: setting 'states': too many states: at most 1000, got 1002");
    free(t);
    t = many("states = ( { code = \"AAA\"; ideal = [0.1, 0.2]; }, "
             "{ code = \"BBB\"; ideal = [0.3, 0.2]; } );\nforums = (\n",
             "{ name = \"F%d\"; members = \"all\"; },\n", 16,
             "{ name = \"LAST\"; members = \"all\"; } );\n");
    expect_string_error(t, NULL, 0, CN_ELIMIT,
                        "t.cfg:2: setting 'forums': too many forums: at most 16, got 17");
    free(t);
    t = many("states = ( { code = \"AAA\"; ideal = [0.1, 0.2]; }, "
             "{ code = \"BBB\"; ideal = [0.3, 0.2]; } );\n"
             "blocs = ( { name = \"B\"; members = [\"AAA\"]; } );\n"
             "forums = ( { name = \"F\"; members = \"all\"; rivals = (\n",
             "{ bloc = \"B\"; },\n", 4, "{ bloc = \"B\"; } ); } );\n");
    expect_string_error(t, NULL, 0, CN_ELIMIT,
                        "t.cfg:3: setting 'forums.F.rivals': too many rivals: at most 4, got 5");
    free(t);
    expect_file_error(MINIMAL, (const char *[]){"run.threads=257"}, 1, CN_ELIMIT,
                      "--set:1: setting 'run.threads': too many threads: at most 256, got 257");
}

typedef struct {
    const char *tail;
    const char *msg;
} str_case;

/* Errors not covered by the golden files, on the base3 states (lines 1-4). */
static void test_load_more_errors(void **state)
{
    (void)state;
    static const str_case cases[] = {
        {"forums = ( { name = \"F\"; members = \"all\"; } );\nties = ( { from = \"AAA\"; "
         "to = \"AAA\"; } );\n",
         "t.cfg:6: setting 'ties.0.to': a tie needs two different states, got 'AAA' twice"},
        {"blocs = ( { name = \"AAA\"; members = [\"BBB\"]; } );\n",
         "t.cfg:5: setting 'blocs.AAA.name': 'AAA' is a state code; choose another bloc name"},
        {"blocs = ( { name = \"all\"; members = [\"BBB\"]; } );\n",
         "t.cfg:5: setting 'blocs.all.name': 'all' is reserved; choose another bloc name"},
        {"blocs = ( { name = \"B\"; members = [\"BBB\"]; leader = \"AAA\"; } );\n",
         "t.cfg:5: setting 'blocs.B.leader': leader 'AAA' is not a member of bloc 'B'"},
        {"blocs = ( { name = \"B\"; members = []; } );\n",
         "t.cfg:5: setting 'blocs.B.members': expected at least one member"},
        {"blocs = ( { name = \"B\"; members = \"all\"; } );\n",
         "t.cfg:5: setting 'blocs.B.members': expected an array of state codes and bloc names, "
         "got a string (\"all\")"},
        {"blocs = ( { name = \"B\"; members = [1, 2]; } );\n",
         "t.cfg:5: setting 'blocs.B.members': expected an array of state codes and bloc names, "
         "got an integer (1)"},
        {"blocs = ( { name = \"B\"; members = [\"BBB\"]; }, { name = \"B\"; members = "
         "[\"AAA\"]; } );\n",
         "t.cfg:5: setting 'blocs.B.name': duplicate bloc name 'B' (first at line 5)"},
        {"forums = ( { name = \"F\"; draw = 1; members = [\"AAA\", \"BBB\"]; } );\n",
         "t.cfg:5: setting 'forums.F.draw': draw 1 is smaller than the 2 seats always held "
         "(members)"},
        {"forums = ( { name = \"F\"; members = \"all\"; chair = \"AAB\"; } );\n",
         "t.cfg:5: setting 'forums.F.chair': unknown chair 'AAB': expected \"rotate\", "
         "\"capability\" or a member's code (did you mean 'AAA'?)"},
        {"forums = ( { name = \"F\"; members = \"all\"; chair = \"rotat\"; } );\n",
         "t.cfg:5: setting 'forums.F.chair': unknown chair 'rotat': expected \"rotate\", "
         "\"capability\" or a member's code (did you mean 'rotate'?)"},
        {"forums = ( { name = \"F\"; members = \"all\"; output = \"law\"; } );\n",
         "t.cfg:5: setting 'forums.F.output': unknown output 'law' (expected report, treaty, "
         "decision, declaration or resolution)"},
        /* issue #12: renamed and removed settings, issues, the calendar */
        {"forums = ( { name = \"F\"; members = \"all\"; rule = \"council\"; council_quota = 2;\n"
         "  output = \"resolution\"; } );\n",
         "t.cfg:6: setting 'forums.F.output': 'resolution' is a General Assembly resolution (a "
         "nonbinding recommendation) since issue #12; a binding Security Council decision under "
         "Chapter VII is output = \"decision\" (a nonbinding Council text: \"declaration\")"},
        {"model = { binding = 0.5; };\nforums = ( { name = \"F\"; members = \"all\"; } );\n",
         "t.cfg:5: setting 'model.binding': removed (issue #12): a text binds by its legal type "
         "(forum `output`: a treaty in force, or a Security Council \"decision\"), not by a "
         "threshold on its form, and world.binding follows that; the form is content, reported "
         "as FORUM.text.form (docs/model.md, section 12)"},
        {"forums = ( { name = \"F\"; members = \"all\"; issues = [\"scop\"]; } );\n",
         "t.cfg:5: setting 'forums.F.issues': unknown dimension 'scop' (did you mean 'scope'?)"},
        {"forums = ( { name = \"F\"; members = \"all\"; issues = [\"form\", \"form\"]; } );\n",
         "t.cfg:5: setting 'forums.F.issues': dimension 'form' is listed twice"},
        {"forums = ( { name = \"F\"; members = \"all\"; issues = []; } );\n",
         "t.cfg:5: setting 'forums.F.issues': expected at least one dimension name, got none"},
        {"forums = ( { name = \"F\"; members = \"all\"; start_date = \"2019-09\"; } );\n",
         "t.cfg:5: setting 'forums.F.start_date': a date needs a calendar: calendar = { start = "
         "\"YYYY-MM\"; }"},
        {"calendar = { start = \"2019-9\"; };\nforums = ( { name = \"F\"; members = \"all\"; } );\n",
         "t.cfg:5: setting 'calendar.start': expected a date \"YYYY-MM\" (year 1000..9999, month "
         "01..12), got '2019-9'"},
        {"calendar = { start = \"2019-09\"; end = \"2019-01\"; };\nforums = ( { name = \"F\"; "
         "members = \"all\"; } );\n",
         "t.cfg:5: setting 'calendar.end': end 2019-01 is before the start 2019-09"},
        {"calendar = { end = \"2019-01\"; };\nforums = ( { name = \"F\"; members = \"all\"; } );\n",
         "t.cfg:5: setting 'calendar.end': an end date needs a start date (calendar.start)"},
        {"calendar = { start = \"2019-01\"; };\nforums = ( { name = \"F\"; members = \"all\"; "
         "start = 2; start_date = \"2019-05\"; } );\n",
         "t.cfg:6: setting 'forums.F.start_date': give either start (a round) or start_date, not "
         "both"},
        {"forums = ( { name = \"F\"; members = \"all\"; output = \"treaty\"; signature_opens = "
         "\"2025-10\"; } );\n",
         "t.cfg:5: setting 'forums.F.signature_opens': a date needs a calendar: calendar = { "
         "start = \"YYYY-MM\"; }"},
        {"forums = ( { name = \"F\"; members = \"everyone\"; } );\n",
         "t.cfg:5: setting 'forums.F.members': expected \"all\" or an array of state codes and "
         "bloc names, got a string (\"everyone\")"},
        {"forums = ( { name = \"F\"; } );\n",
         "t.cfg:5: setting 'forums.F.members': required setting is missing"},
        {"forums = ( { name = \"F\"; members = \"all\"; closed = 0.5; } );\n",
         "t.cfg:5: setting 'forums.F.closed': expected a group of dimension = value, e.g. { form "
         "= 0.0; }, got a float (0.5)"},
        {"forums = ( { name = \"F\"; members = \"all\"; closed = { form = 1.5; }; } );\n",
         "t.cfg:5: setting 'forums.F.closed.form': expected a number in [0, 1], got 1.5"},
        {"forums = ( { name = \"F\"; members = \"all\"; threshold = 0; } );\n",
         "t.cfg:5: setting 'forums.F.threshold': expected an integer >= 1, got 0"},
        {"blocs = ( { name = \"B\"; members = [\"AAA\"]; } );\nforums = ( { name = \"F\"; "
         "members = \"all\"; rivals = ( { bloc = \"C\"; } ); } );\n",
         "t.cfg:6: setting 'forums.F.rivals.C.bloc': unknown bloc 'C' (did you mean 'B'?)"},
        {"blocs = ( { name = \"B\"; members = [\"AAA\"]; } );\nforums = ( { name = \"F\"; "
         "members = \"all\"; rivals = ( { bloc = \"B\"; from_session = 7; } ); } );\n",
         "t.cfg:6: setting 'forums.F.rivals.B.from_session': from_session 7 is after the "
         "forum's last session (6)"},
        {"stakeholders = ( { name = \"M\"; ideal = [0.1, 0.1]; } );\nforums = ( { name = \"F\"; "
         "members = \"all\"; stakeholders = [\"M\", \"M\"]; } );\n",
         "t.cfg:6: setting 'forums.F.stakeholders': stakeholder 'M' is listed twice"},
        {"stakeholders = ( { name = \"M\"; ideal = [0.1, 0.1]; }, { name = \"M\"; ideal = [0.1, "
         "0.1]; } );\n",
         "t.cfg:5: setting 'stakeholders.M.name': duplicate stakeholder name 'M' (first at line "
         "5)"},
        {"stakeholders = ( { name = \"M\"; ideal = [0.1, 0.1]; capability = 0; } );\n",
         "t.cfg:5: setting 'stakeholders.M.capability': expected a number in (0, 1000000], got 0"},
        {"blocs = ( { name = \"B\"; members = [\"AAA\"]; }, { name = \"C\"; members = [\"BBB\"]; "
         "} );\nforums = ( { name = \"F\"; members = \"all\"; } );\npoles = [\"B\", \"B\"];\n",
         "t.cfg:7: setting 'poles': expected two different blocs, got 'B' twice"},
        {"forums = ( { name = \"F\"; members = \"all\"; } );\npoles = [\"B\"];\n",
         "t.cfg:6: setting 'poles': expected an array of 2 bloc names, got 1"},
        {"blocs = ( { name = \"B\"; members = [\"AAA\"]; } );\n"
         "forums = ( { name = \"F\"; members = \"all\"; } );\n"
         "campaigns = ( { name = \"c\"; bloc = \"B\"; target = \"region\"; } );\n",
         "t.cfg:7: setting 'campaigns.c.region': required setting is missing"},
        {"blocs = ( { name = \"B\"; members = [\"AAA\"]; } );\n"
         "forums = ( { name = \"F\"; members = \"all\"; } );\n"
         "campaigns = ( { name = \"c\"; bloc = \"B\"; region = \"EEG\"; } );\n",
         "t.cfg:7: setting 'campaigns.c.region': region is only used with target = \"region\""},
        {"blocs = ( { name = \"B\"; members = [\"AAA\"]; } );\n"
         "forums = ( { name = \"F\"; members = \"all\"; } );\n"
         "campaigns = ( { name = \"c\"; bloc = \"B\"; target = \"list\"; } );\n",
         "t.cfg:7: setting 'campaigns.c.targets': required setting is missing"},
        {"blocs = ( { name = \"B\"; members = [\"AAA\"]; } );\n"
         "forums = ( { name = \"F\"; members = \"all\"; } );\n"
         "campaigns = ( { name = \"c\"; bloc = \"B\"; targets = [\"BBB\"]; } );\n",
         "t.cfg:7: setting 'campaigns.c.targets': targets is only used with target = \"list\""},
        {"blocs = ( { name = \"B\"; members = [\"AAA\"]; } );\n"
         "forums = ( { name = \"F\"; members = \"all\"; } );\n"
         "campaigns = ( { name = \"c\"; bloc = \"B\"; target = \"undecide\"; } );\n",
         "t.cfg:7: setting 'campaigns.c.target': unknown target 'undecide' (did you mean "
         "'undecided'?)"},
        {"blocs = ( { name = \"B\"; members = [\"AAA\"]; } );\n"
         "forums = ( { name = \"F\"; members = \"all\"; } );\n"
         "campaigns = ( { name = \"c\"; bloc = \"B\"; start = 4; stop = 3; } );\n",
         "t.cfg:7: setting 'campaigns.c.stop': expected 0 (to the end) or a round >= start (4), "
         "got 3"},
        {"blocs = ( { name = \"B\"; members = [\"AAA\"]; } );\n"
         "forums = ( { name = \"F\"; members = \"all\"; } );\n"
         "campaigns = ( { name = \"c\"; bloc = \"B\"; }, { name = \"c\"; bloc = \"B\"; } );\n",
         "t.cfg:7: setting 'campaigns.c.name': duplicate campaign name 'c' (first at line 7)"},
        {"forums = ( { name = \"F\"; members = \"all\"; } );\n"
         "regimes = ( { name = \"R\"; text = [0.1, 0.1]; parties = []; } );\n",
         "t.cfg:6: setting 'regimes.R.parties': expected at least one party"},
        {"forums = ( { name = \"F\"; members = \"all\"; } );\n"
         "regimes = ( { name = \"R\"; text = [0.1, 0.1]; parties = [\"AAA\"]; },\n"
         "            { name = \"R\"; text = [0.1, 0.1]; parties = [\"AAA\"]; } );\n",
         "t.cfg:7: setting 'regimes.R.name': duplicate regime name 'R' (first at line 6)"},
        {"forums = ( { name = \"F.1\"; members = \"all\"; } );\n",
         "t.cfg:5: setting 'forums.0.name': expected a non-empty name without '.', got 'F.1'"},
        {"forums = ( { name = \"42\"; members = \"all\"; } );\n",
         "t.cfg:5: setting 'forums.42.name': expected a name that is not a number, got '42'"},
        {"forums = { name = \"F\"; };\n",
         "t.cfg:5: setting 'forums': expected a list of groups ( { ... }, ... ), got a group"},
        {"forums = ( 1 );\n",
         "t.cfg:5: setting 'forums.0': expected a group { ... }, got an integer (1)"},
        {"forums = ( { name = \"F\"; members = \"all\"; } );\nmodel = 3;\n",
         "t.cfg:6: setting 'model': expected a group { ... }, got an integer (3)"},
        {"forums = ( { name = \"F\"; members = \"all\"; } );\nmodel = { lockin = -1.5; };\n",
         "t.cfg:6: setting 'model.lockin': expected a number in [-1, 1], got -1.5"},
        {"forums = ( { name = \"F\"; members = \"all\"; } );\nmodel = { status_quo = 0.5; };\n",
         "t.cfg:6: setting 'model.status_quo': expected an array of 2 numbers (one per "
         "dimension: scope, form), got a float (0.5)"},
        {"forums = ( { name = \"F\"; members = \"all\"; } );\nname = \"\";\n",
         "t.cfg:6: setting 'name': expected a non-empty name without '.', got ''"},
        /* incidents (issue 12): scripted events and the public record */
        {"forums = ( { name = \"F\"; members = \"all\"; } );\nevents = { script = ( { name = "
         "\"X\"; round = 7; perpetrator = \"AAA\"; victim = \"BBB\"; } ); };\n",
         "t.cfg:6: setting 'events.script.X.round': round 7 is after the run's last round (6); 0 "
         "switches the event off"},
        {"forums = ( { name = \"F\"; members = \"all\"; } );\nevents = { script = ( { round = "
         "2; perpetrator = \"AAA\"; } ); };\n",
         "t.cfg:6: setting 'events.script.0.victim': required setting is missing"},
        {"forums = ( { name = \"F\"; members = \"all\"; } );\nevents = { script = ( { round = "
         "2; perpetrator = \"AAA\"; victim = \"AAA\"; } ); };\n",
         "t.cfg:6: setting 'events.script.0.victim': the victim is the perpetrator ('AAA')"},
        {"forums = ( { name = \"F\"; members = \"all\"; } );\nevents = { script = ( { round = "
         "2; perpetrator = \"AAA\"; victim = \"BBB\"; attributors = [\"CCC\", \"AAA\"]; } ); "
         "};\n",
         "t.cfg:6: setting 'events.script.0.attributors': the perpetrator 'AAA' cannot attribute "
         "its own incident"},
        {"forums = ( { name = \"F\"; members = \"all\"; } );\nevents = { script = ( { round = "
         "2; kind = \"attribution\"; perpetrator = \"AAA\"; } ); };\n",
         "t.cfg:6: setting 'events.script.0': an attribution needs attributors (the states that "
         "name the perpetrator)"},
        {"forums = ( { name = \"F\"; members = \"all\"; } );\nevents = { script = ( { round = "
         "2; kind = \"hack\"; perpetrator = \"AAA\"; victim = \"BBB\"; } ); };\n",
         "t.cfg:6: setting 'events.script.0.kind': unknown event kind 'hack' (expected incident "
         "or attribution)"},
        {"forums = ( { name = \"F\"; members = \"all\"; } );\nattribution = { offense = ( { code "
         "= \"AAX\"; weight = 1.0; } ); };\n",
         "t.cfg:6: setting 'attribution.offense.AAX.code': unknown state 'AAX' (did you mean "
         "'AAA'?)"},
        {"forums = ( { name = \"F\"; members = \"all\"; } );\nattribution = { offense = ( { code "
         "= \"AAA\"; } ); };\n",
         "t.cfg:6: setting 'attribution.offense.AAA.weight': required setting is missing"},
        {"forums = ( { name = \"F\"; members = \"all\"; } );\nattribution = { attributors = ( { "
         "members = []; since = 2014.9; } ); };\n",
         "t.cfg:6: setting 'attribution.attributors.0.members': expected at least one state or "
         "bloc"},
        {"forums = ( { name = \"F\"; members = \"all\"; } );\nattribution = { who = 1; };\n",
         "t.cfg:6: setting 'attribution.who': unknown setting 'who'"},
        {"forums = ( { name = \"F\"; members = \"all\"; } );\nrun = { threads = -1; };\n",
         "t.cfg:6: setting 'run.threads': expected an integer in [0, 256], got -1"},
        {"forums = ( { name = \"F\"; members = \"all\"; } );\nforum_defaults = { footnotes = "
         "-2; };\n",
         "t.cfg:6: setting 'forum_defaults.footnotes': expected an integer >= 0, got -2"},
        {"forums = ( { name = \"F\"; members = \"all\"; } );\n"
         "description = \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
         "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
         "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
         "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
         "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
         "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
         "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
         "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
         "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
         "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
         "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
         "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
         "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\";\n",
         "t.cfg:6: setting 'description': expected at most 1023 characters, got 1026"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char *t = with_base(cases[k].tail);
        expect_string_error(t, NULL, 0, CN_EINPUT, cases[k].msg);
        free(t);
    }
    /* a calendar spanning more rounds than the program allows */
    char text[1024];
    snprintf(text, sizeof text, "%scalendar = { start = \"2000-01\"; round_months = 1; end = "
             "\"2100-01\"; };\nforums = ( { name = \"F\"; members = \"all\"; } );\n", base3);
    expect_string_error(text, NULL, 0, CN_ELIMIT,
                        "t.cfg:5: setting 'calendar.end': too many rounds: 2000-01 to 2100-01 in "
                        "rounds of 1 months is 1201 rounds, at most 1000");
}

/* Errors in the states themselves and in dimensions (no base). */
static void test_load_state_and_dimension_errors(void **state)
{
    (void)state;
    static const str_case cases[] = {
        {"states = ( { code = \"A\"; ideal = [0.1, 0.1]; }, { code = \"BB\"; ideal = [0.1, "
         "0.1]; } );\nforums = ( { name = \"F\"; members = \"all\"; } );\n",
         "t.cfg:1: setting 'states.A.code': expected a state code of 2 to 7 letters, digits or "
         "'_' starting with a letter, got 'A'"},
        {"states = ( { code = \"A-B\"; ideal = [0.1, 0.1]; }, { code = \"BB\"; ideal = [0.1, "
         "0.1]; } );\nforums = ( { name = \"F\"; members = \"all\"; } );\n",
         "t.cfg:1: setting 'states.A-B.code': expected a state code of 2 to 7 letters, digits "
         "or '_' starting with a letter, got 'A-B'"},
        {"states = ( { code = \"LONGCODE\"; ideal = [0.1, 0.1]; }, { code = \"BB\"; ideal = "
         "[0.1, 0.1]; } );\n" FORUM0,
         "t.cfg:1: setting 'states.LONGCODE.code': expected at most 7 characters, got 8"},
        {"states = ( { code = \"AA\"; name = \"X\"; ideal = [0.1, 0.1]; },\n"
         "           { code = \"BB\"; name = \"X\"; ideal = [0.1, 0.1]; } );\n" FORUM0,
         "t.cfg:2: setting 'states.BB.name': duplicate state name 'X' (also the name of 'AA')"},
        {"states = ( { ideal = [0.1, 0.1]; }, { code = \"BB\"; ideal = [0.1, 0.1]; } );\n" FORUM0,
         "t.cfg:1: setting 'states.0.code': required setting is missing"},
        {"states = ( { code = \"AA\"; ideal = (0.1, \"x\"); }, { code = \"BB\"; ideal = [0.1, 0.1]; } );\n" FORUM0,
         "t.cfg:1: setting 'states.AA.ideal.form': expected a number, got a string (\"x\")"},
        {"states = ( { code = \"AA\"; ideal = (0.1, 0.2, 0.3); }, { code = \"BB\"; ideal = [0.1, 0.1]; } );\n" FORUM0,
         "t.cfg:1: setting 'states.AA.ideal': expected an array of 2 numbers (one per "
         "dimension: scope, form), got 3"},
        {"dimensions = ( { name = \"scope\"; }, { name = \"scope\"; } );\n" "states = ();\n" FORUM0,
         "t.cfg:1: setting 'dimensions.scope.name': duplicate dimension name 'scope'"},
        {"dimensions = ( { name = \"1st\"; } );\n" "states = ();\n" FORUM0,
         "t.cfg:1: setting 'dimensions.1st.name': expected a name of letters, digits and '_', "
         "not starting with a digit, got '1st'"},
        {"dimensions = ();\n" "states = ();\n" FORUM0,
         "t.cfg:1: setting 'dimensions': expected at least 1 dimension, got 0"},
        {"dimensions = ( { name = \"scope\"; lo = \"x\"; } );\n" "states = ();\n" FORUM0,
         "t.cfg:1: setting 'dimensions.scope.lo': unknown setting 'lo' (did you mean 'low'?)"},
        {"states = ( { code = \"AA\"; ideal = [0.1, 0.1]; }, { code = \"BB\"; ideal = [0.1, "
         "0.1]; } );\n",
         "t.cfg: setting 'forums': required setting is missing"},
        {"states = ( { code = \"AA\"; ideal = [0.1, 0.1]; }, { code = \"BB\"; ideal = [0.1, "
         "0.1]; } );\nforums = ();\n",
         "t.cfg:2: setting 'forums': expected at least 1 forum, got 0"},
        {"states = ( { code = \"AA\"; ideal = [0.1, 0.1]; }, { code = \"BB\"; ideal = [0.1, "
         "0.1]; } );\nforums = ( { name = \"F\"; members = \"all\"; } );\nstates2 = 1;\n",
         "t.cfg:3: setting 'states2': unknown setting 'states2' (did you mean 'states'?)"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++)
        expect_string_error(cases[k].tail, NULL, 0, CN_EINPUT, cases[k].msg);
}

/* A world file gives states on its own dimensions (world_dimensions); the
 * scenario picks some of them by name, in its own order, and --set
 * addresses a state's array by the world's names. */
static const char *const world3 =
    "world_dimensions = ( { name = \"scope\"; }, { name = \"form\"; }, { name = \"crime\"; } );\n"
    "states = ( { code = \"AAA\"; region = \"Northern Europe\"; ideal = [0.1, 0.2, 0.9];\n"
    "             ideal_se = [0.01, 0.02, 0.03]; salience = [1.0, 2.0, 3.0]; },\n"
    "           { code = \"BBB\"; ideal = [0.8, 0.7, 0.4]; } );\n"
    "forums = ( { name = \"F\"; members = \"all\"; } );\n";

static void test_load_world_dimensions(void **state)
{
    (void)state;
    char text[2048], buf[1024];
    cn_scenario *s = NULL;
    cn_diag d;
    snprintf(text, sizeof text,
             "dimensions = ( { name = \"crime\"; }, { name = \"scope\"; } );\n%s", world3);
    const char *sets[1] = {"states.BBB.ideal.crime=0.45"};
    int rc = cn_load_scenario_string(text, "w.cfg", NULL, sets, 1, &s, &d);
    if (rc != CN_OK)
        fail_msg("%s", cn_diag_format(&d, buf, sizeof buf));
    assert_int_equal(s->n_dims, 2);
    assert_true(s->states[0].ideal[0] == 0.9 && s->states[0].ideal[1] == 0.1);
    assert_true(s->states[0].ideal_se[0] == 0.03 && s->states[0].ideal_se[1] == 0.01);
    assert_true(s->states[0].salience[0] == 3.0 && s->states[0].salience[1] == 1.0);
    assert_string_equal(s->states[0].region, "Northern Europe");
    assert_true(s->states[1].ideal[0] == 0.45 && s->states[1].ideal[1] == 0.8);
    assert_true(s->states[1].ideal_se[0] == 0.0 && s->states[1].salience[1] == 1.0);
    /* crime has built-in texts and, like form, no agreement at 0 */
    assert_true(strncmp(s->dims[0].low, "no new cybercrime law:", 22) == 0);
    assert_true(strncmp(s->dims[0].high, "binding cybercrime law:", 23) == 0);
    assert_true(s->model.status_quo[0] == 0.0 && s->model.status_quo[1] == 0.5);
    cn_scenario_free(s);

    /* the default dimensions (scope, form) come from the world too */
    s = NULL;
    rc = cn_load_scenario_string(world3, "w.cfg", NULL, NULL, 0, &s, &d);
    assert_int_equal(rc, CN_OK);
    assert_true(s->states[1].ideal[0] == 0.8 && s->states[1].ideal[1] == 0.7);
    cn_scenario_free(s);

    /* a scenario dimension the world does not have */
    s = NULL;
    snprintf(text, sizeof text, "dimensions = ( { name = \"law\"; } );\n%s", world3);
    rc = cn_load_scenario_string(text, "w.cfg", NULL, NULL, 0, &s, &d);
    assert_int_equal(rc, CN_EINPUT);
    assert_string_equal(cn_diag_format(&d, buf, sizeof buf),
                        "w.cfg:1: setting 'dimensions': dimension 'law' is not among the "
                        "world's dimensions (scope, form, crime)");
    /* an array over the scenario's dimensions instead of the world's */
    s = NULL;
    snprintf(text, sizeof text,
             "world_dimensions = ( { name = \"scope\"; }, { name = \"form\"; }, "
             "{ name = \"crime\"; } );\n"
             "states = ( { code = \"AAA\"; ideal = [0.1, 0.2]; }, { code = \"BBB\"; "
             "ideal = [0.1, 0.2, 0.3]; } );\nforums = ( { name = \"F\"; } );\n");
    rc = cn_load_scenario_string(text, "w.cfg", NULL, NULL, 0, &s, &d);
    assert_int_equal(rc, CN_EINPUT);
    assert_string_equal(cn_diag_format(&d, buf, sizeof buf),
                        "w.cfg:2: setting 'states.AAA.ideal': expected an array of 3 numbers "
                        "(one per world dimension: scope, form, crime), got 2");
    /* out of range, named by the world's dimension */
    s = NULL;
    snprintf(text, sizeof text,
             "world_dimensions = ( { name = \"scope\"; }, { name = \"form\"; } );\n"
             "states = ( { code = \"AAA\"; ideal = [0.1, 1.2]; }, { code = \"BBB\"; "
             "ideal = [0.1, 0.2]; } );\nforums = ( { name = \"F\"; } );\n");
    rc = cn_load_scenario_string(text, "w.cfg", NULL, NULL, 0, &s, &d);
    assert_int_equal(rc, CN_EINPUT);
    cn_diag_format(&d, buf, sizeof buf);
    assert_non_null(strstr(buf, "states.AAA.ideal.form"));
}

/* No `poles` and no camps: the fallback is named on stderr (issue 12: no
 * silent fallback); with camps, nothing is said. */
static void test_load_poles_warning(void **state)
{
    (void)state;
    if (ch_bin_usable("test_load_poles_warning") != 0)
        skip();
    ch_result r = CH_RUN("check", "tests/data/poles_largest.cfg");
    ch_assert_exit(&r, 0, "warning: tests/data/poles_largest.cfg: no 'poles' and fewer than "
                          "two camp blocs (camp = true): world.polarisation is measured between "
                          "the two largest blocs, 'North' and 'South'");
    ch_result_free(&r);
    r = CH_RUN("check", "tests/data/play_small.cfg");
    ch_assert_exit(&r, 0, NULL);
    assert_null(strstr(r.err, "warning"));
    ch_result_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_load_world_dimensions),
        cmocka_unit_test(test_load_full_fixture),
        cmocka_unit_test(test_load_minimal_defaults),
        cmocka_unit_test(test_load_include_resolution),
        cmocka_unit_test(test_load_include_fifo_refused),
        cmocka_unit_test(test_load_computed_defaults),
        cmocka_unit_test(test_load_poles_warning),
        cmocka_unit_test(test_load_set_forms),
        cmocka_unit_test(test_load_set_errors),
        cmocka_unit_test(test_load_golden_bad),
        cmocka_unit_test(test_load_error_paths),
        cmocka_unit_test(test_load_size_limits),
        cmocka_unit_test(test_load_more_errors),
        cmocka_unit_test(test_load_state_and_dimension_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
