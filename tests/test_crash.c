/* test_crash.c - kill -9 at random moments of `cybernorms run --force`
 * over an existing result set: each kill leaves the old complete set or
 * the new complete set, never less (docs/robustness.md, section 3).
 *
 * Two complete reference sets A (seed 1) and B (seed 2) of the default
 * scenario are made first.  The target folder starts as A; each round
 * starts `run --force` with the other seed and sends SIGKILL: in odd
 * rounds after a random delay (uniform over 30% .. 110% of the time an
 * uninterrupted run takes), in even rounds a random 0 .. 3 ms after the
 * commit has begun (the manifest's temporary file appears), so that kills
 * land inside the commit too, not only in the long computation before
 * it.  Then the folder is
 * classified: every file equal to A's (old), or to B's (new), or a commit
 * journal left (committed: the next writer must complete it).  Then a
 * plain `run` into the folder (refused for want of --force, after it has
 * finished what the dead run left) must leave exactly one complete set:
 * the new one after a journal, else the one seen before.
 *
 * CN_CRASH_KILLS sets the number of kills (default 3, so `make test` stays
 * quick; .ci/steps/25-crash.sh runs 20), CN_CRASH_SEED the random seed
 * (default: the time; printed).  With CN_CRASH_SHIM naming the shared
 * library tests/crash/kill_at_rename.c builds, the kill also lands
 * exactly at each rename of the commit in turn (LD_PRELOAD). */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli_harness.h"

#define SCEN "scenarios/default.cfg"
#define REPS "2000"
#define N_FILES 5

static const char *const files[N_FILES] = {"runs.csv", "summary.csv", "summary.md",
                                           "scenario.cfg", "manifest.txt"};

typedef struct {
    char tmp[64];
    char ref[2][128]; /* the complete sets of seed 1 and seed 2 */
    char *bytes[2][N_FILES];
    size_t len[2][N_FILES];
    double run_s;     /* an uninterrupted run, seconds */
} ctx;

static const char *seed_of(int set)
{
    return set == 0 ? "1" : "2";
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int setup(void **state)
{
    ctx *c = calloc(1, sizeof *c);
    if (c == NULL || ch_bin_usable("test_crash") != 0
        || ch_tmpdir(c->tmp, sizeof c->tmp, "crash") != 0) {
        free(c);
        return -1;
    }
    *state = c;
    for (int s = 0; s < 2; s++) {
        snprintf(c->ref[s], sizeof c->ref[s], "%s/ref%d", c->tmp, s);
        double t0 = now_s();
        ch_result r = CH_RUN("run", SCEN, "--replications", REPS, "--seed", seed_of(s), "--out",
                             c->ref[s], "--quiet");
        c->run_s = now_s() - t0;
        int ok = r.status == 0;
        ch_result_free(&r);
        if (!ok)
            return -1;
        for (int i = 0; i < N_FILES; i++) {
            char p[256];
            snprintf(p, sizeof p, "%s/%s", c->ref[s], files[i]);
            c->bytes[s][i] = ch_read_file(p, &c->len[s][i]);
            if (c->bytes[s][i] == NULL)
                return -1;
        }
    }
    return 0;
}

static int teardown(void **state)
{
    ctx *c = *state;
    for (int s = 0; s < 2; s++)
        for (int i = 0; i < N_FILES; i++)
            free(c->bytes[s][i]);
    ch_remove_tree(c->tmp);
    free(c);
    return 0;
}

/* Which reference set dir holds, file for file: 0, 1, or -1 (neither:
 * something is missing or mixed). */
static int which_set(const ctx *c, const char *dir)
{
    for (int s = 0; s < 2; s++) {
        int same = 1;
        for (int i = 0; i < N_FILES && same; i++) {
            char p[256];
            size_t n;
            snprintf(p, sizeof p, "%s/%s", dir, files[i]);
            char *b = ch_read_file(p, &n);
            same = b != NULL && n == c->len[s][i] && memcmp(b, c->bytes[s][i], n) == 0;
            free(b);
        }
        if (same)
            return s;
    }
    return -1;
}

static int journal_left(const char *dir)
{
    char p[256];
    snprintf(p, sizeof p, "%s/.cybernorms-commit", dir);
    return ch_exists(p);
}

typedef struct {
    int old, fresh, pending, finished;
} tally;

/* The folder after a kill of a run from set `from` to set 1 - from: one
 * whole set, or a journal; then the next writer (a plain run, refused)
 * leaves one whole set and nothing else.  Returns the set it holds. */
static int check_after_kill(const ctx *c, const char *dir, int from, int exited, tally *t,
                            const char *what)
{
    int to = 1 - from;
    int pending = journal_left(dir);
    int seen = which_set(c, dir);
    if (exited) {
        if (seen != to)
            fail_msg("%s: the run finished, but the folder does not hold its results", what);
        t->finished++;
    } else if (pending) {
        t->pending++;
    } else if (seen == from) {
        t->old++;
    } else if (seen == to) {
        t->fresh++;
    } else {
        fail_msg("%s: the folder holds neither the old nor the new complete set", what);
    }
    /* the next writer into the folder finishes or cleans up, then refuses */
    ch_result r = CH_RUN("run", SCEN, "--replications", REPS, "--seed", seed_of(to), "--out", dir,
                         "--quiet");
    ch_assert_exit(&r, 2, "already holds results");
    ch_result_free(&r);
    int after = which_set(c, dir);
    int want = pending ? to : (exited ? to : seen);
    if (after != want)
        fail_msg("%s: after the next writer the folder holds set %d, expected %d%s", what, after,
                 want, pending ? " (a commit journal was left: the new set)" : "");
    if (ch_count_entries(dir, ".tmp.") != 0 || ch_count_entries(dir, ".cybernorms-commit") != 0)
        fail_msg("%s: temporary files or a journal left after the next writer", what);
    return after;
}

static void test_crash_kill9_at_random_moments(void **state)
{
    ctx *c = *state;
    const char *k_env = getenv("CN_CRASH_KILLS"), *s_env = getenv("CN_CRASH_SEED");
    int kills = k_env != NULL ? atoi(k_env) : 3;
    unsigned seed = s_env != NULL ? (unsigned)strtoul(s_env, NULL, 10) : (unsigned)time(NULL);
    srand(seed);
    char dir[128];
    snprintf(dir, sizeof dir, "%s/target", c->tmp);
    ch_result r = CH_RUN("run", SCEN, "--replications", REPS, "--seed", seed_of(0), "--out", dir,
                         "--quiet");
    ch_assert_exit(&r, 0, NULL);
    ch_result_free(&r);
    int cur = which_set(c, dir);
    assert_int_equal(cur, 0);
    tally t = {0};
    for (int k = 0; k < kills; k++) {
        int in_commit = k % 2 == 1;
        double delay = in_commit ? 0.003 * (double)rand() / RAND_MAX
                                 : c->run_s * (0.3 + 0.8 * (double)rand() / RAND_MAX);
        ch_child child;
        double t0 = now_s();
        ch_spawn(NULL, (const char *const[]){"run", SCEN, "--replications", REPS, "--seed",
                                             seed_of(1 - cur), "--threads", "2", "--out", dir,
                                             "--force", "--quiet", NULL},
                 &child);
        /* the commit begins when the manifest is written (a few ms before
         * the journal); give up waiting after 20 run times */
        while (in_commit && ch_count_entries(dir, "manifest.txt.tmp.") == 0
               && !journal_left(dir) && now_s() - t0 < 20 * c->run_s + 5)
            ;
        struct timespec ts = {(time_t)delay, (long)((delay - (double)(time_t)delay) * 1e9)};
        nanosleep(&ts, NULL);
        kill(child.pid, SIGKILL);
        r = ch_wait(&child);
        int exited = r.sig == 0 && r.status == 0;
        if (r.sig == 0 && r.status != 0)
            fail_msg("kill %d: the run failed by itself (exit %d): %s", k, r.status, r.err);
        ch_result_free(&r);
        char what[96];
        snprintf(what, sizeof what, "kill %d %.4f s after %s", k + 1, delay,
                 in_commit ? "the commit began" : "the start");
        cur = check_after_kill(c, dir, cur, exited, &t, what);
    }
    print_message("test_crash: %d kill -9 (seed %u; an uninterrupted run takes %.3f s): old set "
                  "%d, new set %d, commit journal finished by the next writer %d, run finished "
                  "first %d; never less than a complete set\n",
                  kills, seed, c->run_s, t.old, t.fresh, t.pending, t.finished);
}

/* With the shim, the kill lands exactly at the n-th rename: the journal's
 * (the commit), then each file's, the manifest last. */
static void test_crash_kill_at_each_rename(void **state)
{
    ctx *c = *state;
    const char *shim = getenv("CN_CRASH_SHIM");
    if (shim == NULL || shim[0] == '\0' || !ch_exists(shim)) {
        print_message("test_crash_kill_at_each_rename: no CN_CRASH_SHIM (.ci/steps/25-crash.sh "
                      "builds it); skipped\n");
        return;
    }
    char dir[128], pre[300];
    snprintf(dir, sizeof dir, "%s/exact", c->tmp);
    snprintf(pre, sizeof pre, "LD_PRELOAD=%s", shim);
    ch_result r = CH_RUN("run", SCEN, "--replications", REPS, "--seed", seed_of(0), "--out", dir,
                         "--quiet");
    ch_assert_exit(&r, 0, NULL);
    ch_result_free(&r);
    int cur = 0;
    tally t = {0};
    for (int n = 1; n <= 7; n++) {
        char at[32];
        snprintf(at, sizeof at, "CN_KILL_AT_RENAME=%d", n);
        ch_opts o = {.env = {pre, at}};
        r = ch_run(&o, (const char *const[]){"run", SCEN, "--replications", REPS, "--seed",
                                             seed_of(1 - cur), "--out", dir, "--force", "--quiet",
                                             NULL});
        int exited = r.sig == 0 && r.status == 0;
        if (!exited && r.sig != SIGKILL)
            fail_msg("rename %d: exit %d, signal %d: %s", n, r.status, r.sig, r.err);
        ch_result_free(&r);
        int pending = journal_left(dir);
        char what[64];
        snprintf(what, sizeof what, "kill at rename %d", n);
        /* before the journal's rename: the old set; after it: committed */
        if (!exited && (n == 1 ? pending : !pending))
            fail_msg("%s: journal %s", what, pending ? "left too early" : "missing");
        cur = check_after_kill(c, dir, cur, exited, &t, what);
    }
    print_message("test_crash_kill_at_each_rename: old set %d, journal finished %d, run finished "
                  "%d\n", t.old, t.pending, t.finished);
    assert_int_equal(t.old, 1);
    assert_int_equal(t.pending, 5);
    assert_int_equal(t.finished, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_crash_kill9_at_random_moments),
        cmocka_unit_test(test_crash_kill_at_each_rename),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
