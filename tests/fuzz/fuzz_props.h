/* fuzz_props.h - what the fuzz harnesses check on one input, shared by the
 * libFuzzer entry points (tests/fuzz/fuzz_load.c, fuzz_set.c) and by the
 * regression test that replays every saved input (tests/test_badinputs.c).
 *
 * For any bytes: the loader returns (never crashes, never exits, never
 * hangs), returns CN_OK with a scenario or an error with a non-empty
 * message and no scenario; a scenario it accepts is printed by
 * cn_scenario_write, and the printed text loads back and prints to the
 * same bytes (the resolved form is a fixed point); a small accepted
 * scenario runs one replication whose metrics are finite or NaN (never
 * infinite).  A broken property calls abort(), which libFuzzer and
 * cmocka both report.
 *
 * Includes resolve against scenarios/ (so seeds that include world files
 * load); paths are relative to the repository root, where `make fuzz` and
 * the tests run.  Static functions only: each including file gets its own
 * copy.
 */
#ifndef CN_FUZZ_PROPS_H
#define CN_FUZZ_PROPS_H

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_rng.h>

#include "cn_load.h"
#include "cn_metrics.h"
#include "cn_replication.h"
#include "cn_rng.h"
#include "cn_scenario.h"
#include "cn_world.h"

#define CN_FUZZ_INCLUDE_DIR "scenarios"
#define CN_FUZZ_MAX_SETS 8
/* One replication is run for scenarios at most this large. */
#define CN_FUZZ_RUN_STATES 60
#define CN_FUZZ_RUN_ROUNDS 60

/* The base scenario the --set harness overrides: one of each section, so
 * most paths an override can walk exist. */
static const char cn_fuzz_base[] =
    "name = \"base\";\n"
    "dimensions = ( { name = \"scope\"; }, { name = \"form\"; }, { name = \"acc\"; } );\n"
    "run = { seed = 3; replications = 10; threads = 1; };\n"
    "model = { beta = 12.0; };\n"
    "events = { incident_rate = 0.5; };\n"
    "forum_defaults = { sessions = 3; };\n"
    "states = (\n"
    "  { code = \"USA\"; name = \"United States\"; group = \"WEOG\"; ideal = [0.1, 0.2, 0.8];\n"
    "    capability = 30.0; veto = true; },\n"
    "  { code = \"RUS\"; group = \"EEG\"; ideal = [0.9, 0.9, 0.1]; veto = true; },\n"
    "  { code = \"CHN\"; group = \"APG\"; ideal = [0.8, 0.7, 0.2]; capability = 20.0; },\n"
    "  { code = \"BRA\"; group = \"GRULAC\"; ideal = [0.4, 0.5, 0.5]; },\n"
    "  { code = \"ZAF\"; group = \"African\"; ideal = [0.5, 0.4, 0.6]; }\n"
    ");\n"
    "stakeholders = ( { name = \"Microsoft\"; ideal = [0.0, 0.8, 0.9]; } );\n"
    "blocs = ( { name = \"West\"; members = [\"USA\"]; camp = true; },\n"
    "          { name = \"East\"; members = [\"RUS\", \"CHN\"]; camp = true; } );\n"
    "ties = ( { from = \"USA\"; to = \"BRA\"; weight = 2.0; } );\n"
    "forums = (\n"
    "  { name = \"OEWG\"; members = \"all\"; footnotes = 2; stakeholders = [\"Microsoft\"];\n"
    "    rivals = ( { bloc = \"East\"; from_session = 2; } ); },\n"
    "  { name = \"GGE\"; draw = 4; members = [\"USA\"]; chair = \"USA\"; output = \"treaty\";\n"
    "    closed = { acc = 0.5; }; },\n"
    "  { name = \"UNSC\"; members = [\"USA\", \"RUS\", \"CHN\"]; rule = \"council\";\n"
    "    council_quota = 2; }\n"
    ");\n"
    "campaigns = ( { name = \"aid\"; bloc = \"West\"; target = \"list\"; targets = [\"BRA\"]; } );\n"
    "regimes = ( { name = \"Budapest\"; text = [0.1, 0.8, 0.7]; parties = [\"West\", \"BRA\"]; } );\n"
    "poles = [\"West\", \"East\"];\n";

static inline void cn_fuzz_fail(const char *what, const char *detail)
{
    fprintf(stderr, "fuzz property broken: %s\n%s\n", what, detail != NULL ? detail : "");
    abort();
}

/* The resolved text of s (malloc'd). */
static inline char *cn_fuzz_write(const cn_scenario *s, size_t *len)
{
    char *text = NULL;
    *len = 0;
    FILE *m = open_memstream(&text, len);
    if (m == NULL)
        cn_fuzz_fail("open_memstream", NULL);
    int rc = cn_scenario_write(s, m);
    if (fclose(m) != 0 || rc != CN_OK)
        cn_fuzz_fail("cn_scenario_write failed on an accepted scenario", NULL);
    return text;
}

/* The properties of an accepted scenario. */
static inline void cn_fuzz_accepted(const cn_scenario *s)
{
    size_t len1, len2;
    char *t1 = cn_fuzz_write(s, &len1);
    cn_scenario *again = NULL;
    cn_diag d;
    char buf[CN_DIAG_FILE + CN_DIAG_SETTING + CN_DIAG_MSG + 8];
    if (cn_load_scenario_string(t1, "resolved.cfg", CN_FUZZ_INCLUDE_DIR, NULL, 0, &again, &d)
        != CN_OK) {
        fprintf(stderr, "%s\n", t1);
        cn_fuzz_fail("the resolved scenario does not load back", cn_diag_format(&d, buf, sizeof buf));
    }
    char *t2 = cn_fuzz_write(again, &len2);
    if (len1 != len2 || memcmp(t1, t2, len1) != 0) {
        fprintf(stderr, "first:\n%s\nsecond:\n%s\n", t1, t2);
        cn_fuzz_fail("the resolved scenario is not a fixed point", NULL);
    }
    free(t1);
    free(t2);
    cn_scenario_free(again);

    if (s->n_states > CN_FUZZ_RUN_STATES || cn_scenario_rounds(s) > CN_FUZZ_RUN_ROUNDS)
        return;
    cn_metrics_layout L;
    if (cn_metrics_layout_init(s, &L) != CN_OK)
        cn_fuzz_fail("cn_metrics_layout_init", NULL);
    cn_world *w = cn_world_alloc(s);
    const gsl_rng_type *type = cn_rng_type(s->run.generator);
    gsl_rng *r = type != NULL ? gsl_rng_alloc(type) : NULL;
    double *row = malloc((size_t)L.n * sizeof *row);
    if (w == NULL || r == NULL || row == NULL)
        cn_fuzz_fail("allocating a world, generator or row", s->run.generator);
    cn_rng_seed(r, s->run.seed, 0, 0);
    cn_replication_run(w, r, &L, row);
    for (int k = 0; k < L.n; k++)
        if (isinf(row[k]))
            cn_fuzz_fail("an infinite metric", L.m[k].name);
    free(row);
    gsl_rng_free(r);
    cn_world_free(w);
    cn_metrics_layout_free(&L);
}

/* The loader's answer: a scenario xor a message. */
static inline void cn_fuzz_check_result(int rc, cn_scenario *s, const cn_diag *d)
{
    if (rc == CN_OK) {
        if (s == NULL)
            cn_fuzz_fail("CN_OK without a scenario", NULL);
        cn_fuzz_accepted(s);
        cn_scenario_free(s);
        return;
    }
    if (s != NULL)
        cn_fuzz_fail("an error with a scenario", NULL);
    if (rc != CN_EINPUT && rc != CN_ELIMIT)
        cn_fuzz_fail("a status other than CN_EINPUT or CN_ELIMIT", cn_strerror(rc));
    if (d->msg[0] == '\0')
        cn_fuzz_fail("an error without a message", cn_strerror(rc));
}

/* A scenario file's bytes (cut at the first NUL, as a C string). */
static inline void cn_fuzz_load_one(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (text == NULL)
        return;
    memcpy(text, data, size);
    text[size] = '\0';
    cn_scenario *s = NULL;
    cn_diag d;
    int rc = cn_load_scenario_string(text, "fuzz.cfg", CN_FUZZ_INCLUDE_DIR, NULL, 0, &s, &d);
    free(text);
    cn_fuzz_check_result(rc, s, &d);
}

/* --set values: the bytes split at newlines into at most CN_FUZZ_MAX_SETS
 * overrides of the base scenario. */
static inline void cn_fuzz_set_one(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (text == NULL)
        return;
    memcpy(text, data, size);
    text[size] = '\0';
    const char *sets[CN_FUZZ_MAX_SETS];
    int n = 0;
    char *p = text;
    while (n < CN_FUZZ_MAX_SETS && p != NULL && (size_t)(p - text) <= size) {
        sets[n++] = p;
        p = strchr(p, '\n');
        if (p != NULL)
            *p++ = '\0';
    }
    cn_scenario *s = NULL;
    cn_diag d;
    int rc = cn_load_scenario_string(cn_fuzz_base, "base.cfg", CN_FUZZ_INCLUDE_DIR, sets, n, &s,
                                     &d);
    free(text);
    cn_fuzz_check_result(rc, s, &d);
}

#endif
