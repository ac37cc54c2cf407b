/* test_sweep.c - sweep designs: points of grid, oat, sobol and list designs
 * (known answers), values written back as libconfig text, shards, and every
 * error of a sweep definition (FILE:LINE: setting 'sweep.x': ...), which
 * the loader reports (the group is read with the scenario). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cn_load.h"
#include "cn_sweep.h"

#define DATA "tests/data"

#define assert_near(a, b, tol)                                                        \
    do {                                                                              \
        double a_ = (a), b_ = (b);                                                    \
        if (!(fabs(a_ - b_) <= (tol)))                                                \
            fail_msg("%s = %.17g, expected %.17g", #a, a_, b_);                       \
    } while (0)

/* The sw_base.cfg scenario with text (a sweep group) on its first lines,
 * loaded as "t.cfg", and its sweep; *s (freed after the sweep) or NULL. */
static int load(const char *text, cn_scenario **s, cn_sweep **sw, cn_diag *d)
{
    const char *base = "\n@include \"sw_base.cfg\"\n";
    size_t n = strlen(text) + strlen(base) + 1;
    char *full = malloc(n);
    assert_non_null(full);
    snprintf(full, n, "%s%s", text, base);
    *sw = NULL;
    int rc = cn_load_scenario_string(full, "t.cfg", DATA, NULL, 0, s, d);
    free(full);
    if (rc == CN_OK && (rc = cn_sweep_make(*s, sw, d)) != CN_OK) {
        cn_scenario_free(*s);
        *s = NULL;
    }
    return rc;
}

static cn_scenario *scen; /* the scenario of the last load_ok */

static cn_sweep *load_ok(const char *text)
{
    cn_sweep *sw = NULL;
    cn_diag d;
    if (load(text, &scen, &sw, &d) != CN_OK) {
        char buf[2048];
        fail_msg("load failed: %s", cn_diag_format(&d, buf, sizeof buf));
    }
    return sw;
}

/* The sweep of load_ok and its scenario. */
static void free_ok(cn_sweep *sw)
{
    cn_sweep_free(sw);
    cn_scenario_free(scen);
    scen = NULL;
}

/* A scenario file and its sweep. */
static cn_sweep *load_file(const char *path, cn_scenario **s)
{
    cn_sweep *sw = NULL;
    cn_diag d;
    char buf[2048];
    if (cn_load_scenario(path, NULL, 0, s, &d) != CN_OK || cn_sweep_make(*s, &sw, &d) != CN_OK)
        fail_msg("%s: %s", path, cn_diag_format(&d, buf, sizeof buf));
    return sw;
}

/* Loads text expecting status rc and a message containing want. */
static void load_bad(const char *text, int rc_want, const char *want)
{
    cn_scenario *s = NULL;
    cn_sweep *sw = NULL;
    cn_diag d;
    int rc = load(text, &s, &sw, &d);
    char buf[2048];
    cn_diag_format(&d, buf, sizeof buf);
    if (rc != rc_want || strstr(buf, want) == NULL)
        fail_msg("status %d, message '%s'; expected %d and '%s'", rc, buf, rc_want, want);
    assert_null(sw);
    assert_null(s);
}

static void test_sweep_grid_points(void **state)
{
    (void)state;
    cn_sweep *sw = load_ok("sweep = { design = \"grid\"; factors = (\n"
                           "  { path = \"forums.F.footnotes\"; name = \"fn\"; levels = [0, 2]; },\n"
                           "  { path = \"forums.F.rule\"; levels = [\"consensus\", \"majority\", \"two_thirds\"]; }\n"
                           "); };\n");
    assert_int_equal(sw->design, CN_SWEEP_GRID);
    assert_int_equal(sw->n_factors, 2);
    assert_int_equal(sw->n_points, 7); /* baseline + 2 x 3 */
    assert_int_equal(sw->baseline, 0);
    assert_string_equal(sw->points[0].name, "baseline");
    assert_int_equal(sw->points[0].n_sets, 0);
    assert_string_equal(sw->points[0].labels[0], "");
    assert_true(isnan(sw->points[0].x[0]));
    /* first factor slowest */
    assert_string_equal(sw->points[1].sets[0], "forums.F.footnotes=0");
    assert_string_equal(sw->points[1].sets[1], "forums.F.rule=\"consensus\"");
    assert_string_equal(sw->points[3].sets[1], "forums.F.rule=\"two_thirds\"");
    assert_string_equal(sw->points[4].sets[0], "forums.F.footnotes=2");
    assert_string_equal(sw->points[6].labels[1], "two_thirds");
    assert_string_equal(sw->points[6].name, "6");
    assert_near(sw->points[6].x[0], 2.0, 0.0);
    assert_true(isnan(sw->points[6].x[1])); /* a string is not a number */
    assert_string_equal(sw->factors[0].name, "fn");
    assert_string_equal(sw->factors[1].name, "forums.F.rule"); /* default: the path */
    assert_int_equal(sw->factors[0].line, 2);
    free_ok(sw);
}

static void test_sweep_oat_points(void **state)
{
    (void)state;
    cn_sweep *sw = load_ok("sweep = { design = \"oat\"; replications = 50; factors = (\n"
                           "  { path = \"model.beta\"; name = \"beta\"; levels = [10.0, 40.5]; },\n"
                           "  { path = \"forums.F.members\"; name = \"m\"; levels = ([\"AAA\", \"BBB\"]); }\n"
                           "); };\n");
    assert_int_equal(sw->n_points, 4); /* baseline + 2 + 1 */
    assert_int_equal(sw->replications, 50);
    assert_string_equal(sw->points[1].name, "beta=10.0");
    assert_string_equal(sw->points[1].sets[0], "model.beta=10.0");
    assert_int_equal(sw->points[1].n_sets, 1);
    assert_int_equal(sw->points[1].factor, 0);
    assert_string_equal(sw->points[2].sets[0], "model.beta=40.5");
    assert_string_equal(sw->points[2].labels[1], ""); /* the other factor at the baseline */
    assert_string_equal(sw->points[3].sets[0], "forums.F.members=[\"AAA\", \"BBB\"]");
    assert_int_equal(sw->points[3].factor, 1);
    assert_int_equal(sw->points[0].factor, -1);
    free_ok(sw);
}

static void test_sweep_sobol_points(void **state)
{
    (void)state;
    cn_sweep *sw = load_ok("sweep = { design = \"sobol\"; samples = 8; factors = (\n"
                           "  { path = \"events.incident_rate\"; range = [0.0, 2.0]; },\n"
                           "  { path = \"forums.F.footnotes\"; range = [0, 4]; integer = true; }\n"
                           "); };\n");
    assert_int_equal(sw->n_points, 9);
    /* gsl_qrng_sobol in 2-D: (0.5, 0.5), (0.75, 0.25), (0.25, 0.75) */
    assert_string_equal(sw->points[1].sets[0], "events.incident_rate=1.0");
    assert_string_equal(sw->points[1].sets[1], "forums.F.footnotes=2");
    assert_string_equal(sw->points[2].sets[0], "events.incident_rate=1.5");
    assert_string_equal(sw->points[2].sets[1], "forums.F.footnotes=1");
    assert_string_equal(sw->points[3].sets[0], "events.incident_rate=0.5");
    assert_string_equal(sw->points[3].sets[1], "forums.F.footnotes=3");
    for (int p = 1; p < sw->n_points; p++) {
        assert_true(sw->points[p].x[0] >= 0.0 && sw->points[p].x[0] <= 2.0);
        assert_near(sw->points[p].x[1], floor(sw->points[p].x[1]), 0.0);
    }
    free_ok(sw);
}

static void test_sweep_list_points(void **state)
{
    (void)state;
    cn_scenario *s = NULL;
    cn_diag d;
    cn_sweep *sw = load_file(DATA "/sw_list.cfg", &s);
    assert_int_equal(sw->design, CN_SWEEP_LIST);
    assert_int_equal(sw->n_points, 3);
    assert_int_equal(sw->baseline, 1);
    assert_string_equal(sw->points[0].name, "narrow");
    assert_int_equal(sw->points[0].n_sets, 2);
    assert_string_equal(sw->points[0].sets[0], "forums.T.members=[\"AAA\", \"BBB\", \"EEE\"]");
    assert_int_equal(sw->points[1].n_sets, 0);
    assert_int_equal(sw->points[2].n_sets, 1); /* a single string */
    assert_string_equal(sw->points[2].sets[0], "forums.F.footnotes=3");
    assert_int_equal(cn_sweep_check(sw, s, &d), CN_OK);
    cn_sweep_free(sw);
    cn_scenario_free(s);
}

static void test_sweep_format_double(void **state)
{
    (void)state;
    char b[64];
    assert_string_equal(cn_sweep_format_double(0.1, b, sizeof b), "0.1");
    assert_string_equal(cn_sweep_format_double(1.0, b, sizeof b), "1.0");
    assert_string_equal(cn_sweep_format_double(-3.0, b, sizeof b), "-3.0");
    assert_string_equal(cn_sweep_format_double(2.385, b, sizeof b), "2.385");
    assert_string_equal(cn_sweep_format_double(1e-20, b, sizeof b), "1e-20");
    assert_string_equal(cn_sweep_format_double(0.1 + 0.2, b, sizeof b), "0.30000000000000004");
    assert_true(strtod(cn_sweep_format_double(1.0 / 3.0, b, sizeof b), NULL) == 1.0 / 3.0);
}

static void test_sweep_write_canonical(void **state)
{
    (void)state;
    cn_sweep *sw = load_ok("sweep = { design = \"oat\"; factors = (\n"
                           "  { path = \"model.beta\"; levels = [10]; }); };\n");
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_int_equal(cn_sweep_write(sw, f), CN_OK);
    fclose(f);
    assert_string_equal(text, "design oat\nbaseline 0\nfactors 1\nfactor 0 model.beta\tmodel.beta\n"
                              "points 2\npoint 0 baseline\npoint 1 model.beta=10\n"
                              "  set model.beta=10\n");
    free(text);
    free_ok(sw);
}

static void test_sweep_shards(void **state)
{
    (void)state;
    int i, n;
    assert_int_equal(cn_sweep_parse_shard("1/3", &i, &n), CN_OK);
    assert_int_equal(i, 1);
    assert_int_equal(n, 3);
    assert_int_equal(cn_sweep_parse_shard("0/1", &i, &n), CN_OK);
    assert_int_equal(cn_sweep_parse_shard("3/3", &i, &n), CN_EINPUT);
    assert_int_equal(cn_sweep_parse_shard("-1/3", &i, &n), CN_EINPUT);
    assert_int_equal(cn_sweep_parse_shard("1/0", &i, &n), CN_EINPUT);
    assert_int_equal(cn_sweep_parse_shard("1", &i, &n), CN_EINPUT);
    assert_int_equal(cn_sweep_parse_shard("1/3x", &i, &n), CN_EINPUT);
    assert_int_equal(cn_sweep_parse_shard(NULL, &i, &n), CN_EINPUT);
    /* every point in exactly one shard */
    for (int p = 0; p < 10; p++) {
        int owners = 0;
        for (int s = 0; s < 3; s++)
            owners += cn_sweep_shard_owns(p, s, 3);
        assert_int_equal(owners, 1);
        assert_true(cn_sweep_shard_owns(p, 0, 1));
    }
    assert_true(cn_sweep_shard_owns(4, 1, 3));
}

static void test_sweep_errors(void **state)
{
    (void)state;
    load_bad("events = { shock = 0.1; };\n", CN_EINPUT,
             "t.cfg: setting 'sweep': missing: the scenario has no sweep");
    load_bad("sweep = 3;\n", CN_EINPUT, "t.cfg:1: setting 'sweep': expected a group");
    load_bad("sweep = { factors = (); };\n", CN_EINPUT, "setting 'sweep.design': required setting is missing");
    load_bad("sweep = { design = 1; };\n", CN_EINPUT, "'sweep.design': expected a string");
    load_bad("sweep = {\n design = \"gird\"; };\n", CN_EINPUT,
             "t.cfg:2: setting 'sweep.design': unknown design 'gird' (did you mean 'grid'?)");
    load_bad("sweep = { design = \"zzzzzz\"; };\n", CN_EINPUT, "expected grid, oat, sobol, list, saltelli or morris");
    load_bad("sweep = { design = \"grid\";\n replicatons = 3; };\n", CN_EINPUT,
             "t.cfg:2: setting 'sweep.replicatons': unknown setting 'replicatons' (did you mean "
             "'replications'?)");
    load_bad("sweep = { design = \"grid\"; factors = (); };\n", CN_EINPUT, "zero points");
    load_bad("sweep = { design = \"grid\"; };\n", CN_EINPUT, "'sweep.factors': missing");
    load_bad("sweep = { design = \"grid\"; factors = 2; };\n", CN_EINPUT, "expected a list of groups");
    load_bad("sweep = { design = \"grid\"; factors = ( { levels = [1]; } ); };\n", CN_EINPUT,
             "'sweep.factors.0.path': required setting is missing");
    load_bad("sweep = { design = \"grid\"; factors = ( { path = 3; levels = [1]; } ); };\n", CN_EINPUT,
             "'sweep.factors.0.path': expected a string");
    load_bad("sweep = { design = \"grid\"; factors = ( { path = \"a=b\"; levels = [1]; } ); };\n",
             CN_EINPUT, "expected a setting path");
    load_bad("sweep = { design = \"grid\"; factors = ( { path = \"run.seed\"; levels = [1]; } ); };\n",
             CN_EINPUT, "run settings cannot be swept");
    load_bad("sweep = { design = \"grid\"; factors = ( { path = \"sweep.x\"; levels = [1]; } ); };\n",
             CN_EINPUT, "cannot sweep itself");
    load_bad("sweep = { design = \"grid\"; factors = ( { path = \"model.p\"; levels = [1]; },\n"
             "{ path = \"model.p\"; levels = [2]; } ); };\n",
             CN_EINPUT, "t.cfg:2: setting 'sweep.factors.1.path': factor 'model.p' is already defined (line 1)");
    load_bad("sweep = { design = \"grid\"; factors = ( { path = \"model.p\"; name = \"x\"; levels = [1]; },\n"
             "{ path = \"model.beta\"; name = \"x\"; levels = [2]; } ); };\n",
             CN_EINPUT, "two factors are named 'x'");
    load_bad("sweep = { design = \"grid\"; factors = ( { path = \"model.p\"; name = 1; levels = [1]; } ); };\n",
             CN_EINPUT, "'sweep.factors.0.name': expected a string");
    load_bad("sweep = { design = \"grid\"; factors = ( { path = \"model.p\"; name = \"\"; levels = [1]; } ); };\n",
             CN_EINPUT, "expected a name of 1 to");
    load_bad("sweep = { design = \"grid\"; factors = ( { path = \"model.p\"; levles = [1]; } ); };\n",
             CN_EINPUT, "unknown setting 'levles' (did you mean 'levels'?)");
    load_bad("sweep = { design = \"grid\"; factors = ( { path = \"model.p\"; } ); };\n", CN_EINPUT,
             "'sweep.factors.0.levels': missing");
    load_bad("sweep = { design = \"grid\"; factors = ( { path = \"model.p\"; levels = []; } ); };\n",
             CN_EINPUT, "zero points");
    load_bad("sweep = { design = \"grid\"; factors = ( { path = \"model.p\"; levels = 2; } ); };\n",
             CN_EINPUT, "expected an array or list of values");
    load_bad("sweep = { design = \"grid\"; factors = ( { path = \"model.p\"; levels = [1, 1]; } ); };\n",
             CN_EINPUT, "'sweep.factors.0.levels.1': level 1 is listed twice");
    load_bad("sweep = { design = \"grid\"; factors = ( { path = \"model.p\"; levels = [1]; range = [0, 1]; } ); };\n",
             CN_EINPUT, "range and integer belong to a sobol, saltelli or morris design");
    load_bad("sweep = { design = \"sobol\"; factors = ( { path = \"model.p\"; levels = [1]; } ); };\n",
             CN_EINPUT, "a sobol design takes a range");
    load_bad("sweep = { design = \"sobol\"; factors = ( { path = \"model.p\"; } ); };\n", CN_EINPUT,
             "a sobol factor needs range");
    load_bad("sweep = { design = \"sobol\"; factors = ( { path = \"model.p\"; range = (1, \"a\"); } ); };\n",
             CN_EINPUT, "expected two numbers [lo, hi]");
    load_bad("sweep = { design = \"sobol\"; factors = ( { path = \"model.p\"; range = [2.0, 1.0]; } ); };\n",
             CN_EINPUT, "expected finite lo < hi, got [2, 1]");
    load_bad("sweep = { design = \"sobol\"; factors = ( { path = \"model.p\"; range = [0.5, 2.0]; integer = true; } ); };\n",
             CN_EINPUT, "an integer factor needs integer bounds");
    load_bad("sweep = { design = \"sobol\"; factors = ( { path = \"model.p\"; range = [0, 2]; integer = 1; } ); };\n",
             CN_EINPUT, "'sweep.factors.0.integer': expected true or false");
    load_bad("sweep = { design = \"sobol\"; samples = 1; factors = ( { path = \"model.p\"; range = [0, 2]; } ); };\n",
             CN_EINPUT, "'sweep.samples': expected an integer in [2, 99999], got 1");
    load_bad("sweep = { design = \"grid\"; samples = 8; factors = ( { path = \"model.p\"; levels = [1]; } ); };\n",
             CN_EINPUT, "samples belongs to a sobol or saltelli design");
    load_bad("sweep = { design = \"grid\"; replications = 0; factors = ( { path = \"model.p\"; levels = [1]; } ); };\n",
             CN_EINPUT, "'sweep.replications': expected an integer in [1, 100000000], got 0");
    load_bad("sweep = { design = \"grid\"; replications = 1.5; factors = ( { path = \"model.p\"; levels = [1]; } ); };\n",
             CN_EINPUT, "'sweep.replications': expected an integer, got a float");
    load_bad("sweep = { design = \"grid\"; precision = 1.5; factors = ( { path = \"model.p\"; levels = [1]; } ); };\n",
             CN_EINPUT, "'sweep.precision': expected a number in (0, 1), got 1.5");
    load_bad("sweep = { design = \"grid\"; precision = \"a\"; factors = ( { path = \"model.p\"; levels = [1]; } ); };\n",
             CN_EINPUT, "'sweep.precision': expected a number");
    load_bad("sweep = { design = \"grid\"; max_replications = 10; factors = ( { path = \"model.p\"; levels = [1]; } ); };\n",
             CN_EINPUT, "max_replications caps a sweep with precision");
    load_bad("sweep = { design = \"grid\"; metrics = []; factors = ( { path = \"model.p\"; levels = [1]; } ); };\n",
             CN_EINPUT, "'sweep.metrics': expected at least one metric name");
    load_bad("sweep = { design = \"grid\"; metrics = 1; factors = ( { path = \"model.p\"; levels = [1]; } ); };\n",
             CN_EINPUT, "'sweep.metrics': expected an array of metric names");
    load_bad("sweep = { design = \"grid\"; metrics = (1); factors = ( { path = \"model.p\"; levels = [1]; } ); };\n",
             CN_EINPUT, "'sweep.metrics.0': expected a metric name");
    load_bad("sweep = { design = \"grid\"; baseline = \"x\"; factors = ( { path = \"model.p\"; levels = [1]; } ); };\n",
             CN_EINPUT, "baseline names a point of a list design");
    load_bad("sweep = { design = \"grid\"; points = (); factors = ( { path = \"model.p\"; levels = [1]; } ); };\n",
             CN_EINPUT, "points belong to a list design");
    /* list */
    load_bad("sweep = { design = \"list\"; };\n", CN_EINPUT, "'sweep.points': missing");
    load_bad("sweep = { design = \"list\"; points = (); };\n", CN_EINPUT, "zero points");
    load_bad("sweep = { design = \"list\"; points = 1; };\n", CN_EINPUT, "expected a list of groups");
    load_bad("sweep = { design = \"list\"; factors = (); points = ( { name = \"a\"; } ); };\n", CN_EINPUT,
             "a list design names its points");
    load_bad("sweep = { design = \"list\"; points = ( 1 ); };\n", CN_EINPUT,
             "'sweep.points.0': expected a group");
    load_bad("sweep = { design = \"list\"; points = ( { set = []; } ); };\n", CN_EINPUT,
             "'sweep.points.0.name': required setting is missing");
    load_bad("sweep = { design = \"list\"; points = ( { name = 2; } ); };\n", CN_EINPUT,
             "'sweep.points.0.name': expected a string");
    load_bad("sweep = { design = \"list\"; points = ( { name = \"\"; } ); };\n", CN_EINPUT,
             "expected a name of 1 to");
    load_bad("sweep = { design = \"list\"; points = ( { name = \"a\"; }, { name = \"a\"; } ); };\n",
             CN_EINPUT, "'sweep.points.1.name': point 'a' is already defined");
    load_bad("sweep = { design = \"list\"; points = ( { name = \"a\"; sets = []; } ); };\n", CN_EINPUT,
             "unknown setting 'sets' (did you mean 'set'?)");
    load_bad("sweep = { design = \"list\"; points = ( { name = \"a\"; set = 3; } ); };\n", CN_EINPUT,
             "'sweep.points.0.set': expected an array of \"path=value\" strings");
    load_bad("sweep = { design = \"list\"; points = ( { name = \"a\"; set = [\"model.beta\"]; } ); };\n",
             CN_EINPUT, "'sweep.points.0.set.0': expected \"path=value\"");
    load_bad("sweep = { design = \"list\"; points = ( { name = \"a\"; set = (1); } ); };\n", CN_EINPUT,
             "expected a \"path=value\" string");
    load_bad("sweep = { design = \"list\"; points = ( { name = \"a\"; set = [\"run.seed=3\"]; } ); };\n",
             CN_EINPUT, "run settings cannot be overridden here (every point and lever shares them)");
    load_bad("sweep = { design = \"list\"; baseline = \"b\"; points = ( { name = \"bb\"; } ); };\n",
             CN_EINPUT, "unknown point 'b' (did you mean 'bb'?)");
    load_bad("sweep = { design = \"list\"; baseline = 1; points = ( { name = \"bb\"; } ); };\n",
             CN_EINPUT, "'sweep.baseline': expected a string, got an integer (1)");
    /* limits and syntax */
    load_bad("sweep = { design = \"grid\"; factors = (\n"
             "{ path = \"a.a\"; levels = [1,2,3,4,5,6,7,8,9,10]; },\n"
             "{ path = \"a.b\"; levels = [1,2,3,4,5,6,7,8,9,10]; },\n"
             "{ path = \"a.c\"; levels = [1,2,3,4,5,6,7,8,9,10]; },\n"
             "{ path = \"a.d\"; levels = [1,2,3,4,5,6,7,8,9,10]; },\n"
             "{ path = \"a.e\"; levels = [1,2,3,4,5,6,7,8,9,10]; } ); };\n",
             CN_ELIMIT, "too many points: at most 100000, got 100001");
    /* 4^32 points: the real count, not the product up to the factor that
     * crossed the limit (262145) */
    {
        char text[4096];
        size_t k = (size_t)snprintf(text, sizeof text, "sweep = { design = \"grid\"; factors = (\n");
        for (int f = 0; f < 32; f++)
            k += (size_t)snprintf(text + k, sizeof text - k, "%s{ path = \"a.f%d\"; levels = [1,2,3,4]; }\n",
                                  f > 0 ? "," : "", f);
        snprintf(text + k, sizeof text - k, "); };\n");
        load_bad(text, CN_ELIMIT, "too many points: at most 100000, got 18446744073709551617");
    }
    load_bad("sweep = { design = ; };\n", CN_EINPUT, "t.cfg:1: syntax error");
    /* a level that cannot be written back */
    load_bad("sweep = { design = \"oat\"; factors = ( { path = \"model.p\"; levels = [1e999]; } ); };\n",
             CN_EINPUT, "'sweep.factors.0.levels.0': expected a finite value");
    /* more factors than the limit */
    char many[4096] = "sweep = { design = \"sobol\"; factors = (\n";
    for (int k = 0; k <= CN_SWEEP_MAX_FACTORS; k++) {
        char one[64];
        snprintf(one, sizeof one, "%s{ path = \"model.x%d\"; range = [0, 1]; }", k ? "," : "", k);
        strcat(many, one);
    }
    strcat(many, " ); };\n");
    load_bad(many, CN_ELIMIT, "setting 'sweep.factors': too many factors: at most 32, got 33");
    cn_sweep_free(NULL);
}

static void test_sweep_check_bad_level(void **state)
{
    (void)state;
    cn_scenario *s = NULL;
    cn_diag d;
    cn_sweep *sw = load_file(DATA "/sw_bad_level.cfg", &s);
    assert_int_equal(sw->n_points, 3);
    assert_int_equal(cn_sweep_check(sw, s, &d), CN_EINPUT);
    char buf[2048];
    cn_diag_format(&d, buf, sizeof buf);
    assert_string_equal(buf, "tests/data/sw_bad_level.cfg:7: setting 'sweep.factors.1': point "
                             "'2': forums.F.footnotes=-1: setting 'forums.F.footnotes': expected "
                             "an integer >= 0, got -1");
    cn_sweep_free(sw);
    cn_scenario_free(s);
    /* an unknown path, did-you-mean from the loader */
    sw = load_file(DATA "/sw_bad_path.cfg", &s);
    assert_int_equal(cn_sweep_check(sw, s, &d), CN_EINPUT);
    cn_diag_format(&d, buf, sizeof buf);
    assert_non_null(
        strstr(buf, "tests/data/sw_bad_path.cfg:4: setting 'sweep.factors.0': point 'model.beat=1.0'"));
    assert_non_null(strstr(buf, "did you mean 'beta'"));
    /* a scenario that no longer reads is reported as the loader reports it */
    cn_scenario moved = *s;
    snprintf(moved.path, sizeof moved.path, "%s", DATA "/no_such.cfg");
    assert_int_equal(cn_sweep_check(sw, &moved, &d), CN_EINPUT);
    assert_non_null(strstr(d.msg, "cannot read"));
    cn_sweep_free(sw);
    cn_scenario_free(s);
}

static void test_sweep_check_fixtures(void **state)
{
    (void)state;
    const char *files[] = {DATA "/sw_grid.cfg", DATA "/sw_oat.cfg", DATA "/sw_sobol.cfg"};
    const int points[] = {7, 7, 17};
    for (int i = 0; i < 3; i++) {
        cn_scenario *s = NULL;
        cn_diag d;
        cn_sweep *sw = load_file(files[i], &s);
        assert_int_equal(sw->n_points, points[i]);
        assert_int_equal(cn_sweep_check(sw, s, &d), CN_OK);
        cn_sweep_free(sw);
        cn_scenario_free(s);
    }
    assert_string_equal(cn_sweep_design_name(CN_SWEEP_SOBOL), "sobol");
    assert_string_equal(cn_sweep_design_name((cn_sweep_design)9), "?");
}

/* The plan's text and the sweep's hash: every option that changes a stored
 * number changes the hash (keep_runs was once cut off the hashed text),
 * the thread count is not in it, and nothing is cut however long. */
static void test_sweep_plan_hash_covers_every_option(void **state)
{
    (void)state;
    const char scen[] = "name = \"x\";", design[] = "design grid";
    const cn_sweep_plan base = {.seed = 11, .generator = "mt19937", .replications = 300,
                                .batch = 100, .precision = 0.0,
                                .precision_metrics = "F.adopted", .keep_runs = 0};
    char *t0 = cn_sweep_plan_text(&base);
    assert_non_null(t0);
    assert_string_equal(t0, "seed=11 generator=mt19937 replications=300 batch=100 precision=0 "
                            "max_replications=0 precision_metrics= keep_runs=0");
    unsigned long long h0 = cn_sweep_plan_hash(scen, sizeof scen - 1, design,
                                               sizeof design - 1, t0);
    /* one change at a time */
    cn_sweep_plan v[8];
    for (int i = 0; i < 8; i++)
        v[i] = base;
    v[0].seed = 12;
    v[1].generator = "taus2";
    v[2].replications = 301;
    v[3].batch = 50;
    v[4].precision = 0.02;
    v[5].keep_runs = 1;
    v[6].precision = 0.02;        /* with precision, the metrics that converge matter */
    v[7].precision = 0.02;
    v[7].precision_metrics = "T.adopted";
    unsigned long long h[8];
    for (int i = 0; i < 8; i++) {
        char *t = cn_sweep_plan_text(&v[i]);
        assert_non_null(t);
        h[i] = cn_sweep_plan_hash(scen, sizeof scen - 1, design, sizeof design - 1, t);
        if (h[i] == h0)
            fail_msg("change %d does not change the hash: %s", i, t);
        if (i == 5)
            assert_non_null(strstr(t, " keep_runs=1")); /* the last character is there */
        free(t);
    }
    assert_true(h[6] != h[7]);
    assert_true(h[4] == h[6]);
    /* without precision the convergence metrics change nothing */
    cn_sweep_plan same = base;
    same.precision_metrics = "T.adopted";
    char *t = cn_sweep_plan_text(&same);
    assert_string_equal(t, t0);
    free(t);
    /* the scenario and the design too */
    assert_true(cn_sweep_plan_hash("name = \"y\";", sizeof scen - 1, design, sizeof design - 1,
                                   t0) != h0);
    assert_true(cn_sweep_plan_hash(scen, sizeof scen - 1, "design oat", 10, t0) != h0);
    /* a long list of metrics is never cut */
    char metrics[6000];
    memset(metrics, 'm', sizeof metrics - 1);
    metrics[sizeof metrics - 1] = '\0';
    cn_sweep_plan longp = base;
    longp.precision = 0.02;
    longp.precision_metrics = metrics;
    longp.keep_runs = 1;
    t = cn_sweep_plan_text(&longp);
    assert_non_null(t);
    assert_true(strlen(t) > sizeof metrics);
    assert_string_equal(t + strlen(t) - 12, " keep_runs=1");
    free(t);
    free(t0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sweep_plan_hash_covers_every_option),
        cmocka_unit_test(test_sweep_grid_points),
        cmocka_unit_test(test_sweep_oat_points),
        cmocka_unit_test(test_sweep_sobol_points),
        cmocka_unit_test(test_sweep_list_points),
        cmocka_unit_test(test_sweep_format_double),
        cmocka_unit_test(test_sweep_write_canonical),
        cmocka_unit_test(test_sweep_shards),
        cmocka_unit_test(test_sweep_errors),
        cmocka_unit_test(test_sweep_check_bad_level),
        cmocka_unit_test(test_sweep_check_fixtures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
