/* test_param.c - plain settings by path and private copies (cn_param.h),
 * and the uncertain parameters' draws (cn_world_draw_inputs):
 *   - an override written into a copy gives the scenario the loader
 *     gives for the same --set (resolved text compared byte for byte),
 *     for a model setting, a bloc's members, every state, a forum's and
 *     an event setting;
 *   - what is not plain is refused with a reason (a forum's sessions,
 *     run, forum_defaults, a string);
 *   - a bloc path has a place per member; overlap and clamping;
 *   - draws: inside their support, the same for the same seed and input
 *     group in two worlds, another group another draw, written into the
 *     world's own copy while the scenario is left as it was. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cn_load.h"
#include "cn_output.h"
#include "cn_param.h"
#include "cn_scenario.h"
#include "cn_world.h"

#define BASE "tests/data/sw_base.cfg"
#define LEVERS "tests/data/sw_levers.cfg"

static char *text_of(const cn_scenario *s)
{
    char *t = NULL;
    size_t n = 0;
    assert_int_equal(cn_output_scenario_text(s, &t, &n), CN_OK);
    return t;
}

/* set through the loader, and through a copy of the scenario as read */
static void same_as_loader(const cn_scenario *base, const char *set)
{
    cn_scenario *want = NULL;
    cn_diag d;
    const char *sets[] = {set};
    if (cn_load_scenario(BASE, sets, 1, &want, &d) != CN_OK)
        fail_msg("%s: %s", set, d.msg);
    char path[256], value[64];
    assert_true(cn_param_split(set, path, sizeof path, value, sizeof value));
    cn_param p;
    char why[256];
    if (cn_param_resolve(base, path, &p, why, sizeof why) != CN_OK)
        fail_msg("%s: not plain: %s", path, why);
    double v;
    assert_true(cn_param_parse(&p, value, &v));
    cn_param_copy c;
    assert_int_equal(cn_param_copy_init(&c, base, cn_param_regions(&p)), CN_OK);
    cn_param_write(&c.s, &p, v);
    assert_true(cn_param_read(&c.s, &p) == v);
    char *a = text_of(want), *b = text_of(&c.s), *orig = text_of(base);
    if (strcmp(a, b) != 0)
        fail_msg("%s: the copy differs from the loader's scenario", set);
    assert_true(strcmp(a, orig) != 0); /* the override changed something */
    free(a);
    free(b);
    free(orig);
    cn_param_copy_free(&c);
    cn_param_free(&p);
    cn_scenario_free(want);
}

static void test_param_copy_equals_loader(void **state)
{
    (void)state;
    cn_scenario *s = NULL;
    assert_int_equal(cn_load_scenario(BASE, NULL, 0, &s, NULL), CN_OK);
    char *before = text_of(s);
    same_as_loader(s, "model.beta=12.5");
    same_as_loader(s, "blocs.West.ideal.form=0.9");
    same_as_loader(s, "states.*.stubbornness=0.2");
    same_as_loader(s, "states.EEE.ideal.scope=0.35");
    same_as_loader(s, "forums.F.footnotes=4");
    same_as_loader(s, "forums.T.dilution=0.3");
    same_as_loader(s, "events.incident_rate=0.7");
    same_as_loader(s, "campaigns.west.budget=3.0");
    char *after = text_of(s);
    assert_string_equal(before, after); /* copies never write into the base */
    free(before);
    free(after);
    cn_scenario_free(s);
}

static void test_param_not_plain(void **state)
{
    (void)state;
    cn_scenario *s = NULL;
    assert_int_equal(cn_load_scenario(BASE, NULL, 0, &s, NULL), CN_OK);
    const char *bad[] = {"forums.F.sessions", "run.seed", "forum_defaults.footnotes",
                         "forums.F.rule", "states.ZZZ.ideal.form", "model.nope",
                         "states.AAA.capability"};
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        cn_param p;
        char why[256] = "";
        if (cn_param_resolve(s, bad[k], &p, why, sizeof why) != CN_EINPUT)
            fail_msg("%s resolved as plain", bad[k]);
        if (why[0] == '\0')
            fail_msg("%s: no reason given", bad[k]);
    }
    /* a bloc: one place per member; a value out of range is not parsed */
    cn_param west, aaa;
    assert_int_equal(cn_param_resolve(s, "blocs.West.ideal.form", &west, NULL, 0), CN_OK);
    assert_int_equal(west.n, 2);
    assert_int_equal(cn_param_resolve(s, "states.AAA.ideal.form", &aaa, NULL, 0), CN_OK);
    assert_int_equal(aaa.n, 1);
    assert_true(cn_param_overlap(&west, &aaa));
    double v;
    assert_false(cn_param_parse(&aaa, "1.5", &v));
    assert_true(cn_param_parse(&aaa, "1", &v) && v == 1.0);
    assert_true(cn_param_clamp(&aaa, 1.7) == 1.0);
    assert_true(cn_param_clamp(&aaa, -0.2) == 0.0);
    cn_param dup;
    assert_int_equal(cn_param_dup(&dup, &west), CN_OK);
    assert_true(cn_param_overlap(&dup, &aaa));
    cn_param east;
    assert_int_equal(cn_param_resolve(s, "blocs.East.ideal.form", &east, NULL, 0), CN_OK);
    assert_false(cn_param_overlap(&east, &west));
    cn_param_free(&dup);
    cn_param_free(&east);
    cn_param_free(&west);
    cn_param_free(&aaa);
    cn_scenario_free(s);
}

/* the draws of input groups 0..n-1 in a world of s */
static void draws(const cn_scenario *s, uint64_t seed, int groups, double *out)
{
    cn_world *w = cn_world_alloc(s);
    assert_non_null(w);
    assert_int_equal(w->n_draw, 2);
    for (int g = 0; g < groups; g++) {
        cn_world_draw_inputs(w, seed, g);
        out[2 * g] = w->draw[0];
        out[2 * g + 1] = w->draw[1];
        /* written into the world's copy: model.beta and the East's scope */
        assert_true(w->s != s);
        assert_true(w->s->model.beta == w->draw[0]);
        int ccc = cn_scenario_state(w->s, "CCC"), ddd = cn_scenario_state(w->s, "DDD");
        assert_true(w->s->states[ccc].ideal[0] == w->draw[1]);
        assert_true(w->s->states[ddd].ideal[0] == w->draw[1]);
    }
    cn_world_free(w);
}

static void test_param_uncertain_draws(void **state)
{
    (void)state;
    cn_scenario *s = NULL;
    assert_int_equal(cn_load_scenario(LEVERS, NULL, 0, &s, NULL), CN_OK);
    assert_int_equal(s->n_uncertain, 2);
    double beta = s->model.beta;
    enum { G = 400 };
    double *a = malloc(2 * G * sizeof *a), *b = malloc(2 * G * sizeof *b);
    assert_non_null(a);
    assert_non_null(b);
    draws(s, 11, G, a);
    draws(s, 11, G, b);
    assert_memory_equal(a, b, 2 * G * sizeof *a); /* the same in any world */
    double sum = 0.0, sum2 = 0.0, lo = 1e9, hi = -1e9;
    int differ = 0;
    for (int g = 0; g < G; g++) {
        double x = a[2 * g];
        assert_true(x >= 4.0 && x <= 16.0);
        lo = fmin(lo, x);
        hi = fmax(hi, x);
        sum += a[2 * g + 1];
        sum2 += a[2 * g + 1] * a[2 * g + 1];
        differ += g > 0 && a[2 * g] != a[2 * g - 2];
    }
    assert_int_equal(differ, G - 1);
    /* triangular(4, 8, 16): mean 28/3; normal(0.8, 0.05) */
    double m = 0.0;
    for (int g = 0; g < G; g++)
        m += a[2 * g] / G;
    assert_true(fabs(m - 28.0 / 3.0) < 0.35); /* sd 2.49 / sqrt(400) = 0.12 */
    assert_true(lo < 6.0 && hi > 13.0);
    double mean = sum / G, sd = sqrt(sum2 / G - mean * mean);
    assert_true(fabs(mean - 0.8) < 0.01 && fabs(sd - 0.05) < 0.01);
    draws(s, 12, G, b);
    assert_true(memcmp(a, b, 2 * G * sizeof *a) != 0); /* another seed, other draws */
    assert_true(s->model.beta == beta);                /* the scenario is untouched */
    free(a);
    free(b);
    cn_scenario_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_param_copy_equals_loader),
        cmocka_unit_test(test_param_not_plain),
        cmocka_unit_test(test_param_uncertain_draws),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
