/* backtest.c - runs history scenarios and scores them against the real
 * outcome written in their `expected` group (cn_backtest.h).
 *
 * The loader reads and checks `expected` with the rest of the scenario
 * (sim/load_expected.c) into cn_scenario.expected; nothing here reads a
 * file but through cn_load_scenario.  Replications run on the runner's
 * threads (cn_runner.h), which hands each finished replication's world to
 * bt_work on the thread that ran it; each thread keeps its own integer
 * counters, summed at the end, so the result does not depend on the
 * number of threads or on which thread ran which replication.
 */
#include "cn_backtest.h"

#include <dirent.h>
#include <sys/stat.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cn_load.h"
#include "cn_metrics.h"
#include "cn_rng.h"
#include "cn_runner.h"
#include "cn_stats.h"
#include "cn_world.h"

#define Z95 1.959963984540054

/* The loader stores a real vote as CN_REAL_*, the world a vote as CN_VOTE_*. */
_Static_assert((int)CN_REAL_NONE == (int)CN_VOTE_NONE && (int)CN_REAL_YES == (int)CN_VOTE_SUPPORT
                   && (int)CN_REAL_NO == (int)CN_VOTE_OBJECT
                   && (int)CN_REAL_ABSTAIN == (int)CN_VOTE_ABSTAIN,
               "real votes and votes share their values");

/* ---- running ----------------------------------------------------------- */

typedef struct {
    const cn_scenario *s;
    const cn_expected *ex;
    const cn_metrics_layout *L;
    /* integer counters */
    long hits, adopted_all, in_force_all;
    long sum_yes, sum_no, sum_abstain, sum_parties;
    long *votes;               /* n * 3: support, object, abstain */
    long failed;               /* replications in which the first scored forum adopted nothing */
    long *blocked;             /* n: ... in which the state objected in the last session */
    long *group_hits;          /* per input group (rep / run.input_group): hits of this thread */
    int group;                 /* run.input_group, or 0 without uncertain inputs */
    long count_reps;           /* replications in which the first scored forum adopted */
    long count_sum[CN_EXPECTED_MAX_COUNTS], count_within[CN_EXPECTED_MAX_COUNTS];
    long force_by, force_n, force_round_sum;
} bt_worker;

/* Signatories (or parties) of forum state fs by the end of round `round`. */
static int count_by(const cn_forum_state *fs, int n, int signatories, int round)
{
    const int *when = signatories ? fs->signed_ : fs->ratified;
    int c = 0;
    for (int i = 0; i < n; i++)
        c += when[i] > 0 && when[i] <= round;
    return c;
}

/* One replication into the counters of the thread that ran it (the
 * runner's on_replication). */
static void bt_work(void *ctx, int thread, long rep, const cn_world *w, const double *row)
{
    bt_worker *k = (bt_worker *)ctx + thread;
    const cn_scenario *s = k->s;
    const cn_expected *ex = k->ex;
    const int f0 = ex->forums[0];
    int all_adopted = 1, all_in_force = 1, hit = 1;
    for (int t = 0; t < ex->n_forums; t++) {
        const double *o = row + k->L->forum_base[ex->forums[t]];
        int ad = o[CN_FM_ADOPTED] > 0.5, inf = o[CN_FM_IN_FORCE] > 0.5;
        all_adopted &= ad;
        all_in_force &= inf;
        if (ex->has_adopted && ad != ex->adopted)
            hit = 0;
        if (ex->has_in_force && inf != ex->in_force)
            hit = 0;
    }
    k->hits += hit;
    if (k->group > 0)
        k->group_hits[rep / k->group] += hit;
    k->adopted_all += all_adopted;
    k->in_force_all += all_in_force;
    const double *o = row + k->L->forum_base[f0];
    k->sum_yes += (long)o[CN_FM_SUPPORTERS];
    k->sum_no += (long)o[CN_FM_OBJECTORS];
    k->sum_abstain += (long)o[CN_FM_ABSTAINERS];
    k->sum_parties += (long)o[CN_FM_PARTIES];
    const cn_forum_state *fs = &w->fs[f0];
    int failed = o[CN_FM_ADOPTED] < 0.5;
    k->failed += failed;
    for (int t = 0; t < fs->n_members; t++) {
        int i = fs->members[t];
        int v = fs->vote[i];
        if (v >= CN_VOTE_SUPPORT && v <= CN_VOTE_ABSTAIN)
            k->votes[3 * i + (v - CN_VOTE_SUPPORT)]++;
        if (failed && v == CN_VOTE_OBJECT)
            k->blocked[i]++;
    }
    k->count_reps += !failed;
    for (int c = 0; c < ex->n_counts && !failed; c++) {
        const cn_expected_count *bc = &ex->counts[c];
        int got = count_by(fs, s->n_states, bc->signatories,
                           cn_calendar_round(&s->calendar, bc->month));
        k->count_sum[c] += got;
        k->count_within[c] += fabs((double)(got - bc->real)) <= CN_BT_TOLERANCE * bc->real;
    }
    if (fs->in_force) {
        k->force_n++;
        k->force_round_sum += fs->in_force_round;
        if (ex->has_force_date &&
            fs->in_force_round <= cn_calendar_round(&s->calendar, ex->force_date))
            k->force_by++;
    }
}

/* The design effect of P: replications in an input group share one draw
 * of the uncertain inputs, so they are not independent.  With G groups of
 * g replications (the last may be shorter) and group hit rates r_j,
 * deff = max(1, g var(r_j) / (p (1 - p))): 1 without uncertain inputs, with
 * fewer than two groups or at p = 0 or 1.  Summed from the threads' integer
 * counts, so it does not depend on the thread count. */
static double design_effect(const bt_worker *wk, int threads, long reps, double p)
{
    const int g = wk[0].group;
    if (g <= 0 || p <= 0.0 || p >= 1.0)
        return 1.0;
    long groups = (reps + g - 1) / g;
    if (groups < 2)
        return 1.0;
    double sum = 0.0, sum2 = 0.0;
    for (long j = 0; j < groups; j++) {
        long h = 0;
        for (int t = 0; t < threads; t++)
            h += wk[t].group_hits[j];
        long n = j < groups - 1 ? g : reps - (groups - 1) * (long)g;
        double r = (double)h / (double)n;
        sum += r;
        sum2 += r * r;
    }
    double mean = sum / (double)groups;
    double var = (sum2 - (double)groups * mean * mean) / (double)(groups - 1);
    double d = (double)g * var / (p * (1.0 - p));
    return d > 1.0 ? d : 1.0;
}

/* The 95% Wilson interval of a proportion p over an effective number of
 * independent replications n (not necessarily whole). */
static void wilson_eff(double p, double n, double *lo, double *hi)
{
    const double z2 = Z95 * Z95;
    double den = 1.0 + z2 / n;
    double centre = (p + z2 / (2.0 * n)) / den;
    double half = Z95 * sqrt(p * (1.0 - p) / n + z2 / (4.0 * n * n)) / den;
    *lo = centre - half > 0.0 ? centre - half : 0.0;
    *hi = centre + half < 1.0 ? centre + half : 1.0;
}

/* P(real outcome) and the means, from the workers' integer sums. */
static void score_outcome(const bt_worker *wk, int threads, const cn_expected *ex, long reps,
                          cn_bt_result *out)
{
    long hits = 0, ad = 0, inf = 0, sy = 0, sn = 0, sa = 0, sp = 0;
    for (int t = 0; t < threads; t++) {
        hits += wk[t].hits;
        ad += wk[t].adopted_all;
        inf += wk[t].in_force_all;
        sy += wk[t].sum_yes;
        sn += wk[t].sum_no;
        sa += wk[t].sum_abstain;
        sp += wk[t].sum_parties;
    }
    out->reps = reps;
    out->hits = hits;
    out->deff = 1.0;
    if (ex->hypothetical) {
        out->p = out->lo = out->hi = NAN;
    } else {
        out->p = (double)hits / (double)reps;
        out->deff = design_effect(wk, threads, reps, out->p);
        wilson_eff(out->p, (double)reps / out->deff, &out->lo, &out->hi);
    }
    out->p_adopted = (double)ad / (double)reps;
    out->p_in_force = (double)inf / (double)reps;
    out->mean_yes = (double)sy / (double)reps;
    out->mean_no = (double)sn / (double)reps;
    out->mean_abstain = (double)sa / (double)reps;
    out->mean_parties = (double)sp / (double)reps;
}

/* Each listed state's real vote against the model's: the vote rows, the
 * matches and the mean log-likelihood.  CN_OK or CN_ENOMEM. */
static int score_votes(const bt_worker *wk, int threads, const cn_scenario *s,
                       const cn_expected *ex, long reps, cn_bt_result *out)
{
    const int n = s->n_states;
    out->n_voters = out->n_match = 0;
    out->vote_rows = NULL;
    double ll = 0.0;
    int listed = 0;
    for (int i = 0; i < n; i++)
        listed += ex->real_vote[i] != CN_VOTE_NONE;
    if (listed > 0 && (out->vote_rows = calloc((size_t)listed, sizeof *out->vote_rows)) == NULL)
        return CN_ENOMEM;
    for (int i = 0; i < n; i++) {
        if (ex->real_vote[i] == CN_VOTE_NONE)
            continue;
        long c[3] = {0, 0, 0};
        for (int t = 0; t < threads; t++)
            for (int v = 0; v < 3; v++)
                c[v] += wk[t].votes[3 * i + v];
        /* modal vote; ties: support, then object, then abstain */
        int best = 0;
        for (int v = 1; v < 3; v++)
            if (c[v] > c[best])
                best = v;
        cn_bt_vote_row *row = &out->vote_rows[out->n_voters];
        snprintf(row->code, sizeof row->code, "%s", s->states[i].code);
        row->real = ex->real_vote[i];
        row->modal = (unsigned char)(CN_VOTE_SUPPORT + best);
        memcpy(row->count, c, sizeof c);
        out->n_voters++;
        if (c[best] > 0 && CN_VOTE_SUPPORT + best == ex->real_vote[i])
            out->n_match++;
        /* the real vote's share, smoothed so that a vote never seen in the
         * replications costs ln(1 / (2 reps + 3)), not minus infinity */
        ll += log(((double)c[ex->real_vote[i] - CN_VOTE_SUPPORT] + 0.5) / ((double)reps + 1.5));
    }
    out->match = out->n_voters > 0 ? (double)out->n_match / out->n_voters : NAN;
    out->vote_loglik = out->n_voters > 0 ? ll / out->n_voters : NAN;
    out->base_match = out->base_loglik = NAN;
    if (ex->previous[0] != '\0')
        cn_backtest_baseline(ex->prev_vote, ex->real_vote, n, &out->base_match,
                             &out->base_loglik);
    return CN_OK;
}

int cn_backtest_baseline(const unsigned char *prev, const unsigned char *real, int n,
                         double *match, double *loglik)
{
    /* the previous vote's counts: the forecast of a state absent then */
    long cnt[3] = {0, 0, 0}, total = 0;
    for (int i = 0; i < n; i++)
        if (prev[i] >= CN_VOTE_SUPPORT && prev[i] <= CN_VOTE_ABSTAIN) {
            cnt[prev[i] - CN_VOTE_SUPPORT]++;
            total++;
        }
    int shares_modal = 0; /* ties: support, then object, then abstain */
    for (int v = 1; v < 3; v++)
        if (cnt[v] > cnt[shares_modal])
            shares_modal = v;
    int scored = 0, hits = 0;
    double ll = 0.0;
    for (int i = 0; i < n; i++) {
        if (real[i] < CN_VOTE_SUPPORT || real[i] > CN_VOTE_ABSTAIN)
            continue;
        int r = real[i] - CN_VOTE_SUPPORT;
        scored++;
        if (prev[i] >= CN_VOTE_SUPPORT && prev[i] <= CN_VOTE_ABSTAIN) {
            int same = prev[i] - CN_VOTE_SUPPORT == r;
            hits += same;
            ll += log(same ? CN_BT_BASELINE_P : (1.0 - CN_BT_BASELINE_P) / 2.0);
        } else {
            hits += shares_modal == r;
            ll += log(((double)cnt[r] + 0.5) / ((double)total + 1.5));
        }
    }
    int ok = scored > 0 && total > 0;
    *match = ok ? (double)hits / scored : NAN;
    *loglik = ok ? ll / scored : NAN;
    return ok ? scored : 0;
}

/* Who blocks: the most frequent last objectors of the failed replications. */
static void find_blockers(const bt_worker *wk, int threads, const cn_scenario *s,
                          const cn_expected *ex, cn_bt_result *out)
{
    const int n = s->n_states;
    cn_rule rule = s->forums[ex->forums[0]].rule;
    out->consensus = rule == CN_RULE_CONSENSUS || rule == CN_RULE_UNANIMITY;
    out->failed = 0;
    out->n_blockers = 0;
    for (int t = 0; t < threads; t++)
        out->failed += wk[t].failed;
    for (int i = 0; i < n; i++) {
        long cnt = 0;
        for (int t = 0; t < threads; t++)
            cnt += wk[t].blocked[i];
        if (cnt == 0)
            continue;
        /* insertion into the top list, most frequent first, earlier state on ties */
        int at = out->n_blockers;
        while (at > 0 && out->blockers[at - 1].count < cnt)
            at--;
        if (at >= CN_BT_BLOCKERS)
            continue;
        int last = out->n_blockers < CN_BT_BLOCKERS ? out->n_blockers : CN_BT_BLOCKERS - 1;
        memmove(&out->blockers[at + 1], &out->blockers[at],
                (size_t)(last - at) * sizeof out->blockers[0]);
        snprintf(out->blockers[at].code, sizeof out->blockers[at].code, "%s",
                 s->states[i].code);
        out->blockers[at].count = cnt;
        if (out->n_blockers < CN_BT_BLOCKERS)
            out->n_blockers++;
    }
}

/* The dated counts (mean over the replications in which the first scored
 * forum adopted, and the share within the tolerance) and the entry into
 * force (by the real date; its mean date where in force). */
static void score_counts(const bt_worker *wk, int threads, const cn_scenario *s,
                         const cn_expected *ex, long reps, cn_bt_result *out)
{
    long force_by = 0, force_n = 0, force_sum = 0, adopted = 0;
    for (int t = 0; t < threads; t++)
        adopted += wk[t].count_reps;
    for (int c = 0; c < CN_EXPECTED_MAX_COUNTS; c++) {
        long sum = 0, within = 0;
        for (int t = 0; t < threads; t++) {
            sum += wk[t].count_sum[c];
            within += wk[t].count_within[c];
        }
        int have = c < ex->n_counts && adopted > 0;
        out->count_mean[c] = have ? (double)sum / (double)adopted : NAN;
        out->count_within[c] = have ? (double)within / (double)adopted : NAN;
    }
    for (int t = 0; t < threads; t++) {
        force_by += wk[t].force_by;
        force_n += wk[t].force_n;
        force_sum += wk[t].force_round_sum;
    }
    out->p_force_by = ex->has_force_date ? (double)force_by / (double)reps : NAN;
    out->mean_force_month = force_n > 0 && s->calendar.start >= 0
                                ? s->calendar.start
                                      + ((double)force_sum / (double)force_n - 1.0)
                                            * s->calendar.round_months
                                : NAN;
}

int cn_backtest_episode(const cn_scenario *s, const cn_expected *ex, long reps, int threads,
                        cn_bt_result *out)
{
    const gsl_rng_type *type = cn_rng_type(s->run.generator);
    if (type == NULL || reps < 1 || threads < 1 || ex->n_forums < 1)
        return CN_EINPUT;
    if (threads > CN_MAX_THREADS)
        threads = CN_MAX_THREADS;
    if (reps < threads)
        threads = (int)reps;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    cn_metrics_layout L;
    int rc = cn_metrics_layout_init(s, &L);
    if (rc != CN_OK)
        return rc;
    const int n = s->n_states;
    bt_worker *wk = calloc((size_t)threads, sizeof *wk);
    if (wk == NULL) {
        rc = CN_ENOMEM;
        goto fail;
    }
    for (int t = 0; t < threads; t++) {
        wk[t] = (bt_worker){.s = s, .ex = ex, .L = &L};
        wk[t].votes = calloc((size_t)n * 3, sizeof(long));
        wk[t].blocked = calloc((size_t)n, sizeof(long));
        if (s->run.uncertainty != CN_UNC_NONE && s->run.input_group > 0) {
            wk[t].group = s->run.input_group;
            wk[t].group_hits = calloc((size_t)((reps + wk[t].group - 1) / wk[t].group),
                                      sizeof(long));
        }
        if (wk[t].votes == NULL || wk[t].blocked == NULL
            || (wk[t].group > 0 && wk[t].group_hits == NULL)) {
            rc = CN_ENOMEM;
            goto fail;
        }
    }
    cn_runner_opts o = {.replications = reps, .threads = threads, .seed = s->run.seed,
                        .generator = s->run.generator, .on_replication = bt_work, .ctx = wk};
    if ((rc = cn_runner_run(s, &L, &o, NULL)) != CN_OK)
        goto fail;
    score_outcome(wk, threads, ex, reps, out);
    if ((rc = score_votes(wk, threads, s, ex, reps, out)) != CN_OK)
        goto fail;
    find_blockers(wk, threads, s, ex, out);
    score_counts(wk, threads, s, ex, reps, out);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    out->seconds = (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
fail:
    if (wk != NULL)
        for (int t = 0; t < threads; t++) {
            free(wk[t].votes);
            free(wk[t].blocked);
            free(wk[t].group_hits);
        }
    free(wk);
    cn_metrics_layout_free(&L);
    return rc;
}

/* A copy of ex for a result that outlives its scenario (n states). */
static int copy_expected(cn_expected *dst, const cn_expected *src, int n)
{
    *dst = *src;
    dst->real_vote = malloc(n > 0 ? (size_t)n : 1);
    dst->prev_vote = malloc(n > 0 ? (size_t)n : 1);
    if (dst->real_vote == NULL || dst->prev_vote == NULL) {
        free(dst->real_vote);
        free(dst->prev_vote);
        dst->real_vote = dst->prev_vote = NULL;
        return CN_ENOMEM;
    }
    memcpy(dst->real_vote, src->real_vote, (size_t)n);
    memcpy(dst->prev_vote, src->prev_vote, (size_t)n);
    return CN_OK;
}

/* Mean Brier score of one episode's events (NaN: none). */
static double episode_brier(const cn_bt_result *r)
{
    cn_score_event ev[CN_BT_EVENT_KINDS];
    int k = cn_backtest_events(r, 1, ev, CN_BT_EVENT_KINDS);
    double b = 0.0;
    for (int i = 0; i < k; i++)
        b += (ev[i].p - ev[i].o) * (ev[i].p - ev[i].o);
    return k > 0 ? b / k : NAN;
}

int cn_backtest_file(const char *path, const char *const *sets, int n_sets, long reps,
                     int threads, cn_bt_result *out, cn_diag *diag)
{
    memset(out, 0, sizeof *out);
    cn_scenario *s = NULL;
    int rc = cn_load_scenario(path, sets, n_sets, &s, diag);
    if (rc != CN_OK)
        return rc;
    snprintf(out->name, sizeof out->name, "%s", s->name);
    snprintf(out->path, sizeof out->path, "%s", path);
    if (s->expected == NULL)
        rc = cn_diag_set(diag, path, 0, "expected",
                         "a history scenario needs an expected = { ... } group");
    else
        rc = copy_expected(&out->ex, s->expected, s->n_states);
    if (rc == CN_OK) {
        /* the time split: dated episodes fall on either side of the cut-off */
        out->year = s->calendar.start >= 0 ? s->calendar.start / 12 : -1;
        if (out->year >= 0)
            out->ex.held_out = out->year >= CN_BT_CUTOFF_YEAR;
        rc = cn_backtest_episode(s, &out->ex, reps > 0 ? reps : s->run.replications, threads, out);
        if (rc != CN_OK)
            cn_backtest_result_free(out);
        else
            out->brier = episode_brier(out);
    }
    cn_scenario_free(s);
    return rc;
}

int cn_backtest_events(const cn_bt_result *r, int n, cn_score_event *ev, int cap)
{
    int k = 0;
    for (int i = 0; i < n; i++) {
        const cn_expected *ex = &r[i].ex;
        if (ex->hypothetical)
            continue;
        if (ex->has_adopted) {
            if (k < cap)
                ev[k] = (cn_score_event){r[i].p_adopted, ex->adopted != 0, CN_BT_EVENT_ADOPTED,
                                         !ex->held_out};
            k++;
        }
        if (ex->has_in_force) {
            if (k < cap)
                ev[k] = (cn_score_event){r[i].p_in_force, ex->in_force != 0,
                                         CN_BT_EVENT_IN_FORCE, !ex->held_out};
            k++;
        }
    }
    return k;
}

void cn_backtest_result_free(cn_bt_result *r)
{
    if (r != NULL) {
        free(r->ex.real_vote);
        r->ex.real_vote = NULL;
        free(r->ex.prev_vote);
        r->ex.prev_vote = NULL;
        free(r->vote_rows);
        r->vote_rows = NULL;
    }
}

/* ---- listing ----------------------------------------------------------- */

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void cn_backtest_list_free(char **list)
{
    if (list == NULL)
        return;
    for (char **p = list; *p != NULL; p++)
        free(*p);
    free(list);
}

/* A single scenario file given instead of a folder: a list of one. */
static int list_one(const char *path, char ***out, int *n, cn_diag *diag)
{
    size_t len = strlen(path);
    if (len < 5 || strcmp(path + len - 4, ".cfg") != 0) {
        cn_diag_set(diag, path, 0, NULL, "expected a folder of scenarios or a scenario (.cfg) file");
        return CN_EINPUT;
    }
    char **list = calloc(2, sizeof *list);
    if (list == NULL || (list[0] = strdup(path)) == NULL) {
        free(list);
        return CN_ENOMEM;
    }
    *out = list;
    *n = 1;
    return CN_OK;
}

int cn_backtest_list(const char *dir, char ***out, int *n, cn_diag *diag)
{
    *out = NULL;
    *n = 0;
    struct stat st;
    if (stat(dir, &st) == 0 && S_ISREG(st.st_mode))
        return list_one(dir, out, n, diag);
    DIR *d = opendir(dir);
    if (d == NULL) {
        cn_diag_set(diag, dir, 0, NULL, "cannot read the folder");
        return CN_EIO;
    }
    int cap = 0, cnt = 0, rc = CN_OK;
    char **list = NULL;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len < 5 || strcmp(e->d_name + len - 4, ".cfg") != 0 || e->d_name[0] == '.')
            continue;
        if (cnt + 2 > cap) {
            cap = cap ? 2 * cap : 32;
            char **nl = realloc(list, (size_t)cap * sizeof *nl);
            if (nl == NULL) {
                rc = CN_ENOMEM;
                break;
            }
            list = nl;
        }
        size_t sz = strlen(dir) + len + 2;
        list[cnt] = malloc(sz);
        if (list[cnt] == NULL) {
            rc = CN_ENOMEM;
            break;
        }
        snprintf(list[cnt], sz, "%s/%s", dir, e->d_name);
        list[++cnt] = NULL;
    }
    closedir(d);
    if (rc == CN_OK && cnt == 0) {
        cn_diag_set(diag, dir, 0, NULL, "no scenario (.cfg) in the folder");
        rc = CN_EINPUT;
    }
    if (rc != CN_OK) {
        if (list != NULL) {
            list[cnt] = NULL;
            cn_backtest_list_free(list);
        }
        return rc;
    }
    qsort(list, (size_t)cnt, sizeof *list, cmp_str);
    *out = list;
    *n = cnt;
    return CN_OK;
}

/* ---- writers ----------------------------------------------------------- */

/* An election's real outcome: "USA elected 139 to 25 (8 blank)". */
static void election_outcome(const cn_expected *ex, char *buf, size_t size)
{
    int first = !ex->has_adopted || ex->adopted;
    int k = snprintf(buf, size, "%s elected", ex->candidates[first ? 0 : 1]);
    if (ex->has_votes && k > 0 && (size_t)k < size)
        snprintf(buf + k, size - (size_t)k, " %d to %d (%d blank)", first ? ex->yes : ex->no,
                 first ? ex->no : ex->yes, ex->abstain);
}

void cn_backtest_real_outcome(const cn_expected *ex, char *buf, size_t size)
{
    if (ex->hypothetical) {
        snprintf(buf, size, "hypothetical");
        return;
    }
    if (ex->election) {
        election_outcome(ex, buf, size);
        return;
    }
    size_t k = 0;
    buf[0] = '\0';
    if (ex->has_adopted)
        k += (size_t)snprintf(buf + k, size - k, "%s", ex->adopted ? "adopted" : "not adopted");
    if (ex->has_in_force && k < size)
        k += (size_t)snprintf(buf + k, size - k, "%s%s", k ? ", " : "",
                              ex->in_force ? "in force" : "not in force");
    if (ex->has_votes && k < size)
        snprintf(buf + k, size - k, " %d-%d-%d", ex->yes, ex->no, ex->abstain);
}

int cn_backtest_real_text(const cn_scenario *s, char *buf, size_t size)
{
    if (size == 0)
        return 0;
    buf[0] = '\0';
    const cn_expected *ex = s->expected;
    if (ex == NULL || ex->hypothetical)
        return 0;
    char what[192];
    cn_backtest_real_outcome(ex, what, sizeof what);
    if (ex->note[0] != '\0')
        snprintf(buf, size, "%s (%.*s)", what, (int)(sizeof ex->note), ex->note);
    else
        snprintf(buf, size, "%s", what);
    return 1;
}

static const char *set_name(const cn_expected *ex)
{
    return ex->hypothetical ? "none" : (ex->held_out ? "held out" : "fit");
}

/* NaN prints as `none` ("-" in tables, "" in CSV). */
static void fmt_num_or(char *buf, size_t size, const char *fmt, double v, const char *none)
{
    if (isnan(v))
        snprintf(buf, size, "%s", none);
    else
        snprintf(buf, size, fmt, v);
}

static void fmt_num(char *buf, size_t size, const char *fmt, double v)
{
    if (isnan(v))
        snprintf(buf, size, "-");
    else
        snprintf(buf, size, fmt, v);
}

static const char *vote_word(int v);

/* For each recorded-vote episode, the states whose modal model vote is not
 * their real vote, grouped by (real, model). */
static void write_md_mismatches(FILE *f, const cn_bt_result *r, int n)
{
    int any = 0;
    for (int k = 0; k < n; k++) {
        const cn_bt_result *e = &r[k];
        if (e->n_voters == 0 || e->vote_rows == NULL)
            continue;
        if (!any)
            fprintf(f, "\n## Votes state by state\n\nStates whose most likely vote in the "
                       "model is not their real vote (every state's shares: "
                       "backtest-votes.csv).\n");
        any = 1;
        fprintf(f, "\n**%s**: %d of %d match; mean log-likelihood of the real votes %.3f per "
                   "state (a uniform guess: %.3f).\n",
                e->name, e->n_match, e->n_voters, e->vote_loglik, log(1.0 / 3.0));
        for (int real = CN_VOTE_SUPPORT; real <= CN_VOTE_ABSTAIN; real++)
            for (int model = CN_VOTE_SUPPORT; model <= CN_VOTE_ABSTAIN; model++) {
                if (real == model)
                    continue;
                int cnt = 0;
                for (int t = 0; t < e->n_voters; t++) {
                    const cn_bt_vote_row *v = &e->vote_rows[t];
                    if (v->real != real || v->modal != model)
                        continue;
                    if (cnt == 0)
                        fprintf(f, "- real %s, model %s: %s", vote_word(real), vote_word(model),
                                v->code);
                    else
                        fprintf(f, ", %s", v->code);
                    cnt++;
                }
                if (cnt > 0)
                    fprintf(f, " (%d)\n", cnt);
            }
    }
}

/* The recorded votes against the baseline "vote as last time"
 * (cn_backtest_baseline): per episode the model's and the baseline's match
 * and mean log-likelihood per state. */
static void write_md_baseline(FILE *f, const cn_bt_result *r, int n)
{
    int any = 0;
    for (int k = 0; k < n; k++) {
        const cn_bt_result *e = &r[k];
        if (e->n_voters == 0)
            continue;
        if (!any)
            fprintf(f, "\n## Recorded votes: model vs vote as last time\n\nThe baseline "
                       "forecaster says that each state votes as it did on the previous "
                       "recorded vote (`expected.previous`) with probability %.2f, and each "
                       "other vote with %.3f; a state absent then gets that vote's shares "
                       "(counts + 1/2 over voters + 3/2).  match: share of states whose most "
                       "likely vote is their real vote; log-lik: mean log-probability of the "
                       "real vote per state (a uniform guess: %.3f).\n\n"
                       "| episode | set | previous | votes (model vs real) | match | match "
                       "(last time) | log-lik | log-lik (last time) |\n"
                       "|---|---|---|---|---:|---:|---:|---:|\n",
                    CN_BT_BASELINE_P, (1.0 - CN_BT_BASELINE_P) / 2.0, log(1.0 / 3.0));
        any = 1;
        char votes[96], bm[32], ll[32], bl[32];
        if (e->ex.has_votes)
            snprintf(votes, sizeof votes, "%.1f/%.1f/%.1f vs %d/%d/%d", e->mean_yes, e->mean_no,
                     e->mean_abstain, e->ex.yes, e->ex.no, e->ex.abstain);
        else
            snprintf(votes, sizeof votes, "-");
        fmt_num(bm, sizeof bm, "%.3f", e->base_match);
        fmt_num(ll, sizeof ll, "%.3f", e->vote_loglik);
        fmt_num(bl, sizeof bl, "%.3f", e->base_loglik);
        fprintf(f, "| %s | %s | %s | %s | %.3f | %s | %s | %s |\n", e->name, set_name(&e->ex),
                e->ex.previous[0] != '\0' ? e->ex.previous : "-", votes, e->match, bm, ll, bl);
    }
}

/* For each consensus episode that failed in some replications, the states
 * that objected at the end of those replications. */
static void write_md_blockers(FILE *f, const cn_bt_result *r, int n)
{
    int any = 0;
    for (int k = 0; k < n; k++) {
        const cn_bt_result *e = &r[k];
        if (!e->consensus || e->failed == 0 || e->n_blockers == 0)
            continue;
        if (!any)
            fprintf(f, "\n## Who blocks when consensus fails\n\nIn the replications in which "
                       "a consensus forum adopted nothing, the states that objected in its last "
                       "session, with the share of those replications.\n\n");
        any = 1;
        fprintf(f, "- **%s** (nothing adopted in %ld of %ld): ", e->name, e->failed, e->reps);
        for (int b = 0; b < e->n_blockers; b++)
            fprintf(f, "%s%s %.2f", b ? ", " : "", e->blockers[b].code,
                    (double)e->blockers[b].count / (double)e->failed);
        fprintf(f, "\n");
    }
}

/* The dated treaty counts and the entries into force (issue #12). */
static void write_md_treaties(FILE *f, const cn_bt_result *r, int n)
{
    int any = 0;
    for (int k = 0; k < n; k++)
        any |= r[k].ex.n_counts > 0 || r[k].ex.has_force_date;
    if (!any)
        return;
    fprintf(f, "\n## Treaties: signatories and parties at the real dates\n\nThe model's "
               "signatories (or parties: ratifications and accessions) of the treaty by the end "
               "of the round holding the real date, mean over the replications in which it was "
               "adopted (as it really was: P(adopted) is in the table above), against the "
               "real number; met when within %.0f%% of it.  A count after 2018 is held out "
               "(the signature and ratification parameters were fitted on earlier ones: "
               "docs/backtest.md).\n\n",
            100.0 * CN_BT_TOLERANCE);
    fprintf(f, "| episode | set | date | count | model (mean) | real | model vs real | within "
               "%.0f%% | runs within %.0f%% |\n|---|---|---|---|---:|---:|---:|---|---:|\n",
            100.0 * CN_BT_TOLERANCE, 100.0 * CN_BT_TOLERANCE);
    for (int k = 0; k < n; k++) {
        const cn_bt_result *e = &r[k];
        for (int c = 0; c < e->ex.n_counts; c++) {
            const cn_expected_count *bc = &e->ex.counts[c];
            char date[16];
            cn_calendar_format(bc->month, date, sizeof date);
            double rel = bc->real > 0 ? e->count_mean[c] / bc->real - 1.0 : NAN;
            fprintf(f, "| %s | %s | %s | %s | %.1f | %d | %+.0f%% | %s | %.2f |\n", e->name,
                    bc->held_out ? "held out" : "fit", date,
                    bc->signatories ? "signatories" : "parties", e->count_mean[c], bc->real,
                    100.0 * rel, fabs(rel) <= CN_BT_TOLERANCE ? "yes" : "**no**",
                    e->count_within[c]);
        }
    }
    fprintf(f, "\n| episode | real entry into force | P(in force by then) | model's mean date "
               "(runs in force) | P(in force by the end of the run) |\n|---|---|---:|---|---:|\n");
    for (int k = 0; k < n; k++) {
        const cn_bt_result *e = &r[k];
        if (!e->ex.has_force_date && e->ex.n_counts == 0)
            continue;
        char real[16] = "-", mean[16] = "never", p[16] = "-";
        if (e->ex.has_force_date) {
            cn_calendar_format(e->ex.force_date, real, sizeof real);
            snprintf(p, sizeof p, "%.3f", e->p_force_by);
        } else if (e->ex.has_in_force && !e->ex.in_force)
            snprintf(real, sizeof real, "not yet");
        if (!isnan(e->mean_force_month))
            cn_calendar_format((int)lround(e->mean_force_month), mean, sizeof mean);
        fprintf(f, "| %s | %s | %s | %s | %.3f |\n", e->name, real, p, mean, e->p_in_force);
    }
}

/* The proper scores of the library: per set, the Brier and log scores of
 * the model and of the base-rate forecaster (each event kind's share of
 * yes in the fit set), the Brier skill; then the calibration table. */
static void write_md_scores(FILE *f, const cn_bt_result *r, int n)
{
    int ne = cn_backtest_events(r, n, NULL, 0);
    cn_score_event *ev = calloc(ne > 0 ? (size_t)ne : 1, sizeof *ev);
    if (ev == NULL)
        return;
    cn_backtest_events(r, n, ev, ne);
    fprintf(f, "\n## Proper scores\n\nEach scored episode asks \"adopted?\" and, where the "
               "record says, \"in force?\"; the model's probability is scored against what "
               "happened.  The base-rate forecaster says, for every event of a kind, the share "
               "of yes among that kind's events in the fit set (adopted: %.3f; in force: "
               "%.3f).  Brier skill = 1 - Brier / Brier of the base rate (above 0: better "
               "than the base rate).  Sets: episodes starting before %d are fit, from %d on "
               "held out (a time split).\n\n",
            cn_score_base_rate(ev, ne, CN_BT_EVENT_ADOPTED),
            cn_score_base_rate(ev, ne, CN_BT_EVENT_IN_FORCE), CN_BT_CUTOFF_YEAR,
            CN_BT_CUTOFF_YEAR);
    fprintf(f, "| set | events | Brier | Brier (base rate) | Brier skill | log score | log score "
               "(base rate) |\n|---|---:|---:|---:|---:|---:|---:|\n");
    static const char *const names[3] = {"all", "fit", "held out"};
    for (int set = 0; set < 3; set++) {
        cn_score_summary sm;
        cn_score_summarise(ev, ne, set, &sm);
        char b[32], bb[32], sk[32], l[32], lb[32];
        fmt_num(b, sizeof b, "%.3f", sm.brier);
        fmt_num(bb, sizeof bb, "%.3f", sm.brier_base);
        fmt_num(sk, sizeof sk, "%+.3f", sm.skill);
        fmt_num(l, sizeof l, "%.3f", sm.log_score);
        fmt_num(lb, sizeof lb, "%.3f", sm.log_base);
        fprintf(f, "| %s | %d | %s | %s | %s | %s | %s |\n", names[set], sm.n, b, bb, sk, l, lb);
    }
    cn_score_calibration cal;
    cn_score_calibrate(ev, ne, 0, 5, &cal);
    fprintf(f, "\nCalibration (all events): predicted against observed, by bin of the model's "
               "probability.\n\n| bin | events | mean predicted | observed |\n"
               "|---|---:|---:|---:|\n");
    for (int b = 0; b < cal.bins; b++) {
        char mp[32], ob[32];
        fmt_num(mp, sizeof mp, "%.3f", cal.mean_p[b]);
        fmt_num(ob, sizeof ob, "%.3f", cal.observed[b]);
        fprintf(f, "| %.1f-%.1f | %d | %s | %s |\n", (double)b / cal.bins,
                (double)(b + 1) / cal.bins, cal.count[b], mp, ob);
    }
    free(ev);
}

int cn_backtest_write_md(FILE *f, const cn_bt_result *r, int n, long reps_note)
{
    fprintf(f, "# Backtest: the history library against what happened\n\n");
    if (reps_note > 0)
        fprintf(f, "%ld replications per episode.  ", reps_note);
    fprintf(f, "P: the model's probability of the real outcome, with its 95%% Wilson "
               "interval (over the replications divided by the design effect: consecutive "
               "replications of an input group share one draw of the states' positions, "
               "so they are not independent; backtest.csv, deff).  Votes: mean yes/no/abstain against the real counts; match: share "
               "of states whose most likely vote is their real vote.  set: fit (used in "
               "calibration), held out (not), none (hypothetical).  in-sample: the world data "
               "were derived from this episode (circular).\n\n");
    fprintf(f, "| episode | set | real outcome | P [95%% CI] | P(adopted) | P(in force) | Brier | "
               "votes (model vs real) | match | parties (model vs real) |\n");
    fprintf(f, "|---|---|---|---|---:|---:|---:|---|---:|---|\n");
    for (int k = 0; k < n; k++) {
        const cn_bt_result *e = &r[k];
        char real[128], p[64], votes[96], match[32], parties[64];
        cn_backtest_real_outcome(&e->ex, real, sizeof real);
        if (isnan(e->p))
            snprintf(p, sizeof p, "-");
        else
            snprintf(p, sizeof p, "%.3f [%.3f, %.3f]", e->p, e->lo, e->hi);
        if (e->ex.has_votes)
            snprintf(votes, sizeof votes, "%.1f/%.1f/%.1f vs %d/%d/%d", e->mean_yes, e->mean_no,
                     e->mean_abstain, e->ex.yes, e->ex.no, e->ex.abstain);
        else
            snprintf(votes, sizeof votes, "-");
        if (e->n_voters > 0)
            snprintf(match, sizeof match, "%.3f (%d/%d)", e->match, e->n_match, e->n_voters);
        else
            snprintf(match, sizeof match, "-");
        if (e->ex.has_parties)
            snprintf(parties, sizeof parties, "%.1f vs %d", e->mean_parties, e->ex.parties);
        else
            snprintf(parties, sizeof parties, "%.1f", e->mean_parties);
        char brier[32];
        fmt_num(brier, sizeof brier, "%.3f", e->brier);
        fprintf(f, "| %s%s | %s | %s | %s | %.3f | %.3f | %s | %s | %s | %s |\n", e->name,
                e->ex.in_sample ? " (in-sample)" : "", set_name(&e->ex), real, p, e->p_adopted,
                e->p_in_force, brier, votes, match, parties);
    }
    /* summary per set */
    fprintf(f, "\n| set | episodes | mean P | min P | episodes with P >= 0.6 |\n");
    fprintf(f, "|---|---:|---:|---:|---:|\n");
    for (int set = 0; set < 2; set++) {
        int cnt = 0, ok = 0;
        double sum = 0.0, mn = 1.0;
        for (int k = 0; k < n; k++) {
            if (r[k].ex.hypothetical || r[k].ex.held_out != set)
                continue;
            cnt++;
            sum += r[k].p;
            if (r[k].p < mn)
                mn = r[k].p;
            ok += r[k].p >= 0.6;
        }
        char mean[32], mins[32];
        fmt_num(mean, sizeof mean, "%.3f", cnt ? sum / cnt : NAN);
        fmt_num(mins, sizeof mins, "%.3f", cnt ? mn : NAN);
        fprintf(f, "| %s | %d | %s | %s | %d |\n", set ? "held out" : "fit", cnt, mean, mins, ok);
    }
    for (int k = 0; k < n; k++)
        if (r[k].ex.note[0] != '\0')
            fprintf(f, "\n- %s: %s", r[k].name, r[k].ex.note);
    fprintf(f, "\n");
    write_md_scores(f, r, n);
    write_md_treaties(f, r, n);
    write_md_baseline(f, r, n);
    write_md_mismatches(f, r, n);
    write_md_blockers(f, r, n);
    return ferror(f) ? CN_EIO : CN_OK;
}

int cn_backtest_write_csv(FILE *f, const cn_bt_result *r, int n)
{
    fprintf(f, "episode,file,set,in_sample,hypothetical,real,reps,p,p_lo,p_hi,p_adopted,"
               "p_in_force,mean_yes,mean_no,mean_abstain,real_yes,real_no,real_abstain,"
               "match,n_match,n_voters,mean_parties,real_parties,vote_loglik,real_force_date,"
               "p_force_by,mean_force_date,year,brier,real_adopted,real_in_force,previous,"
               "base_match,base_loglik,deff\n");
    for (int k = 0; k < n; k++) {
        const cn_bt_result *e = &r[k];
        char real[128], p[3][32], vy[3][32], rv[3][16], match[32], rp[16], ll[32];
        char fdate[16] = "", pf[32], mdate[16] = "";
        if (e->ex.has_force_date)
            cn_calendar_format(e->ex.force_date, fdate, sizeof fdate);
        fmt_num_or(pf, sizeof pf, "%.4f", e->p_force_by, "");
        if (!isnan(e->mean_force_month))
            cn_calendar_format((int)lround(e->mean_force_month), mdate, sizeof mdate);
        cn_backtest_real_outcome(&e->ex, real, sizeof real);
        fmt_num_or(p[0], sizeof p[0], "%.4f", e->p, "");
        fmt_num_or(p[1], sizeof p[1], "%.4f", e->lo, "");
        fmt_num_or(p[2], sizeof p[2], "%.4f", e->hi, "");
        double mv[3] = {e->mean_yes, e->mean_no, e->mean_abstain};
        int rvv[3] = {e->ex.yes, e->ex.no, e->ex.abstain};
        for (int j = 0; j < 3; j++) {
            fmt_num_or(vy[j], sizeof vy[j], "%.2f", e->ex.has_votes ? mv[j] : NAN, "");
            if (e->ex.has_votes)
                snprintf(rv[j], sizeof rv[j], "%d", rvv[j]);
            else
                rv[j][0] = '\0';
        }
        fmt_num_or(match, sizeof match, "%.4f", e->match, "");
        fmt_num_or(ll, sizeof ll, "%.4f", e->vote_loglik, "");
        if (e->ex.has_parties)
            snprintf(rp, sizeof rp, "%d", e->ex.parties);
        else
            rp[0] = '\0';
        char br[32], ra[4] = "", rf[4] = "";
        fmt_num_or(br, sizeof br, "%.4f", e->brier, "");
        if (e->ex.has_adopted)
            snprintf(ra, sizeof ra, "%d", e->ex.adopted != 0);
        if (e->ex.has_in_force)
            snprintf(rf, sizeof rf, "%d", e->ex.in_force != 0);
        char bm[32], bl[32];
        fmt_num_or(bm, sizeof bm, "%.4f", e->base_match, "");
        fmt_num_or(bl, sizeof bl, "%.4f", e->base_loglik, "");
        fprintf(f, "%s,%s,%s,%d,%d,\"%s\",%ld,%s,%s,%s,%.4f,%.4f,%s,%s,%s,%s,%s,%s,%s,%d,%d,%.2f,%s,%s,"
                   "%s,%s,%s,%d,%s,%s,%s,\"%s\",%s,%s,%.3f\n",
                e->name, e->path, set_name(&e->ex), e->ex.in_sample, e->ex.hypothetical, real,
                e->reps, p[0], p[1], p[2], e->p_adopted, e->p_in_force, vy[0], vy[1], vy[2],
                rv[0], rv[1], rv[2], match, e->n_match, e->n_voters, e->mean_parties, rp, ll,
                fdate, pf, mdate, e->year, br, ra, rf, e->ex.previous, bm, bl, e->deff);
    }
    return ferror(f) ? CN_EIO : CN_OK;
}

static const char *vote_word(int v)
{
    return v == CN_VOTE_SUPPORT ? "yes" : (v == CN_VOTE_OBJECT ? "no" : "abstain");
}

int cn_backtest_write_votes_csv(FILE *f, const cn_bt_result *r, int n)
{
    fprintf(f, "episode,state,real,p_yes,p_no,p_abstain,modal,match\n");
    for (int k = 0; k < n; k++) {
        const cn_bt_result *e = &r[k];
        for (int t = 0; t < e->n_voters && e->vote_rows != NULL; t++) {
            const cn_bt_vote_row *v = &e->vote_rows[t];
            double reps = e->reps > 0 ? (double)e->reps : 1.0;
            fprintf(f, "%s,%s,%s,%.4f,%.4f,%.4f,%s,%d\n", e->name, v->code, vote_word(v->real),
                    (double)v->count[0] / reps, (double)v->count[1] / reps,
                    (double)v->count[2] / reps, vote_word(v->modal), v->modal == v->real);
        }
    }
    return ferror(f) ? CN_EIO : CN_OK;
}

int cn_backtest_write_treaties_csv(FILE *f, const cn_bt_result *r, int n)
{
    fprintf(f, "episode,set,date,count,real,model_mean,relative_error,within,runs_within\n");
    for (int k = 0; k < n; k++) {
        const cn_bt_result *e = &r[k];
        for (int c = 0; c < e->ex.n_counts; c++) {
            const cn_expected_count *bc = &e->ex.counts[c];
            char date[16];
            cn_calendar_format(bc->month, date, sizeof date);
            double rel = bc->real > 0 ? e->count_mean[c] / bc->real - 1.0 : NAN;
            fprintf(f, "%s,%s,%s,%s,%d,%.2f,%.4f,%d,%.4f\n", e->name,
                    bc->held_out ? "held out" : "fit", date,
                    bc->signatories ? "signatories" : "parties", bc->real, e->count_mean[c], rel,
                    fabs(rel) <= CN_BT_TOLERANCE, e->count_within[c]);
        }
    }
    return ferror(f) ? CN_EIO : CN_OK;
}
