/* bench/classroom_load.c - the classroom under load on loopback: N
 * simulated students (60 by default) play a whole game of the default
 * scenario against `cybernorms classroom`, each on its own thread like a
 * browser: it polls its view every 500 ms and, in each session of a forum
 * its state sits in, votes, writes a message (to another student's state,
 * or to its bloc), amends the text (one in three) and campaigns (once).
 * A teacher thread advances a session as soon as everyone sitting has
 * acted.  Every request's time is measured from connect to the last byte;
 * at the end the debrief's transcript must hold every move the students
 * made (no move lost).  Results (p50/p95/p99/max, errors, throughput) go
 * to a Markdown file.  Run by `make bench-classroom`; not part of `make
 * test` (a benchmark, not a test).
 *   classroom_load --bin BIN [--students N] [--scenario FILE] [--out FILE] */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>

#include "http_client.h"

#define MAX_STUDENTS 400
#define MAX_SAMPLES 200000

typedef struct {
    double *t;
    int n, cap;
} samples;

static hc_server srv;
static int n_students = 60;
static atomic_int over_flag;
static atomic_long errors;
static atomic_long moves_ok; /* votes, amendments, campaigns, messages answered 200 */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static samples all_req, move_req;
static char codes[MAX_STUDENTS][8];

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void add(samples *s, double v)
{
    if (s->n == s->cap) {
        int cap = s->cap == 0 ? 4096 : 2 * s->cap;
        double *t = realloc(s->t, (size_t)cap * sizeof *t);
        if (t == NULL)
            return;
        s->t = t;
        s->cap = cap;
    }
    s->t[s->n++] = v;
}

/* A timed request; an unexpected status counts as an error. */
static hc_reply timed(const char *method, const char *path, const char *token, const char *body,
                      int move)
{
    double t0 = now();
    hc_reply r = hc_request(srv.port, method, path, token, body);
    double ms = 1000.0 * (now() - t0);
    pthread_mutex_lock(&lock);
    add(&all_req, ms);
    if (move)
        add(&move_req, ms);
    pthread_mutex_unlock(&lock);
    if (r.status != 200) {
        atomic_fetch_add(&errors, 1);
        fprintf(stderr, "classroom_load: %s %s: %d %s\n", method, path, r.status,
                r.body != NULL ? r.body : "");
    } else if (move) {
        atomic_fetch_add(&moves_ok, 1);
    }
    return r;
}

static void nap(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

typedef struct {
    int k;
    char token[40];
    pthread_barrier_t *joined;
} student;

static void *student_main(void *arg)
{
    student *st = arg;
    char body[512];
    snprintf(body, sizeof body, "{\"code\":\"%s\",\"name\":\"Student %d\"}", srv.code, st->k);
    hc_reply r = timed("POST", "/api/join", NULL, body, 0);
    hc_json_str(r.body, "token", st->token, sizeof st->token);
    hc_free(&r);
    pthread_barrier_wait(st->joined); /* the teacher assigns the states */
    pthread_barrier_wait(st->joined); /* and starts */
    char last[128] = "", code[8] = "";
    int campaigned = 0;
    /* a person's rhythm: polls every 500 ms from a random phase, and reads
     * the new draft for 0.2 to 2 s before acting (rand_r: own seed) */
    unsigned int seed = 7919u * (unsigned int)(st->k + 1);
    nap(rand_r(&seed) % 500);
    while (!atomic_load(&over_flag)) {
        r = timed("GET", "/api/me", st->token, NULL, 0);
        if (code[0] == '\0' && r.body != NULL && hc_json_str(r.body, "code", code, sizeof code)) {
            pthread_mutex_lock(&lock);
            snprintf(codes[st->k], sizeof codes[st->k], "%s", code);
            pthread_mutex_unlock(&lock);
        }
        char forum[64] = "", key[128];
        const char *sess = r.body != NULL ? strstr(r.body, "\"session\":{") : NULL;
        long session = sess != NULL ? hc_json_int(sess + 11, "session", -1) : -1;
        int member = r.body != NULL && strstr(r.body, "\"member\":true") != NULL;
        int paused = r.body != NULL && strstr(r.body, "\"paused\":true") != NULL;
        if (r.body != NULL && strstr(r.body, "\"phase\":\"over\"") != NULL) {
            hc_free(&r);
            break;
        }
        if (sess != NULL)
            hc_json_str(sess, "forum", forum, sizeof forum);
        hc_free(&r);
        snprintf(key, sizeof key, "%s/%ld", forum, session);
        if (member && !paused && session > 0 && strcmp(key, last) != 0) {
            nap(200 + rand_r(&seed) % 1800);
            static const char *const votes[] = {"support", "support", "abstain", "object"};
            snprintf(body, sizeof body, "{\"vote\":\"%s\"}", votes[st->k % 4]);
            r = timed("POST", "/api/vote", st->token, body, 1);
            hc_free(&r);
            char to[16];
            pthread_mutex_lock(&lock);
            snprintf(to, sizeof to, "%s", codes[(st->k + 1) % n_students]);
            pthread_mutex_unlock(&lock);
            if (st->k % 5 == 0 || to[0] == '\0')
                snprintf(body, sizeof body,
                         "{\"to\":\"bloc:G20\",\"text\":\"Student %d to the G20, session %s\"}",
                         st->k, key);
            else
                snprintf(body, sizeof body,
                         "{\"to\":\"%s\",\"text\":\"Student %d: shall we keep it nonbinding? (%s)\"}",
                         to, st->k, key);
            r = timed("POST", "/api/message", st->token, body, 1);
            /* a bloc the state is not in: the server says so (403); not an error of the server */
            if (r.status == 403) {
                atomic_fetch_sub(&errors, 1);
                snprintf(body, sizeof body, "{\"to\":\"%s\",\"text\":\"Student %d (%s)\"}",
                         to[0] != '\0' ? to : "USA", st->k, key);
                hc_free(&r);
                r = timed("POST", "/api/message", st->token, body, 1);
            }
            hc_free(&r);
            if (st->k % 3 == 0) {
                snprintf(body, sizeof body, "{\"dim\":\"%s\",\"dir\":\"%s\"}",
                         st->k % 2 ? "scope" : "form", st->k % 4 ? "down" : "up");
                r = timed("POST", "/api/amend", st->token, body, 1);
                hc_free(&r);
            }
            if (!campaigned) {
                r = timed("POST", "/api/campaign", st->token, "{\"state\":\"Kenya\",\"amount\":1}", 1);
                if (r.status == 409) /* its own state is Kenya */
                    atomic_fetch_sub(&errors, 1);
                hc_free(&r);
                campaigned = 1;
            }
            snprintf(last, sizeof last, "%s", key);
        }
        nap(500);
    }
    return NULL;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double pct(samples *s, double p)
{
    if (s->n == 0)
        return 0.0;
    int i = (int)(p * (s->n - 1) + 0.5);
    return s->t[i];
}

int main(int argc, char **argv)
{
    const char *bin = "build/cybernorms", *out = NULL, *scenario = "scenarios/default.cfg";
    for (int a = 1; a < argc; a++) {
        if (strcmp(argv[a], "--bin") == 0 && a + 1 < argc)
            bin = argv[++a];
        else if (strcmp(argv[a], "--students") == 0 && a + 1 < argc)
            n_students = atoi(argv[++a]);
        else if (strcmp(argv[a], "--out") == 0 && a + 1 < argc)
            out = argv[++a];
        else if (strcmp(argv[a], "--scenario") == 0 && a + 1 < argc)
            scenario = argv[++a];
        else {
            fprintf(stderr, "usage: classroom_load --bin BIN [--students N] [--scenario FILE] "
                            "[--out FILE]\n");
            return 2;
        }
    }
    if (n_students < 1 || n_students > MAX_STUDENTS) {
        fprintf(stderr, "classroom_load: --students from 1 to %d\n", MAX_STUDENTS);
        return 2;
    }
    char dir[] = "/tmp/cn-load-XXXXXX";
    if (mkdtemp(dir) == NULL)
        return 1;
    char db[128];
    snprintf(db, sizeof db, "%s/class.sqlite", dir);
    const char *args[] = {scenario, "--port", "0", "--class", db, "--replications", "200", NULL};
    if (hc_server_start(bin, args, &srv) != 0) {
        fprintf(stderr, "classroom_load: the server did not start\n");
        return 1;
    }
    double t_start = now();
    pthread_barrier_t joined;
    pthread_barrier_init(&joined, NULL, (unsigned)n_students + 1);
    student *st = calloc((size_t)n_students, sizeof *st);
    pthread_t *th = calloc((size_t)n_students, sizeof *th);
    for (int k = 0; k < n_students; k++) {
        st[k].k = k;
        st[k].joined = &joined;
        pthread_create(&th[k], NULL, student_main, &st[k]);
    }
    pthread_barrier_wait(&joined);
    hc_reply r = timed("POST", "/api/setup", srv.teacher, "{\"minutes\":0}", 0);
    hc_free(&r);
    r = timed("POST", "/api/assign", srv.teacher, "{\"mode\":\"random\"}", 0);
    long assigned = hc_json_int(r.body, "assigned", -1);
    hc_free(&r);
    r = timed("POST", "/api/start", srv.teacher, "{}", 0);
    hc_free(&r);
    pthread_barrier_wait(&joined);
    int sessions = 0;
    double since = now();
    for (;;) {
        r = timed("GET", "/api/teacher", srv.teacher, NULL, 0);
        int over = r.body == NULL || strstr(r.body, "\"phase\":\"over\"") != NULL;
        long acted = hc_json_int(r.body, "n_acted", 0), sitting = hc_json_int(r.body, "n_sitting", 0);
        hc_free(&r);
        if (over)
            break;
        if ((sitting > 0 && acted >= sitting) || now() - since > 20.0) {
            nap(400); /* the amendments and campaigns after the vote */
            r = timed("POST", "/api/advance", srv.teacher, "{}", 0);
            hc_free(&r);
            sessions++;
            since = now();
        }
        nap(200);
    }
    atomic_store(&over_flag, 1);
    for (int k = 0; k < n_students; k++)
        pthread_join(th[k], NULL);
    double t_game = now() - t_start;
    /* the debrief, and the transcript complete */
    char *deb = NULL;
    for (int k = 0; k < 600; k++) {
        r = hc_request(srv.port, "GET", "/api/debrief", srv.teacher, NULL);
        if (r.status == 200 && strstr(r.body, "\"ready\":true") != NULL) {
            deb = r.body;
            break;
        }
        hc_free(&r);
        nap(100);
    }
    int logged = 0;
    if (deb != NULL) {
        logged = hc_count(deb, "\"kind\":\"vote\"") + hc_count(deb, "\"kind\":\"amend\"") +
                 hc_count(deb, "\"kind\":\"campaign\"") + hc_count(deb, "\"kind\":\"message\"");
    }
    free(deb);
    int stop = hc_server_stop(&srv, SIGTERM);
    char cmd[160];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "classroom_load: could not remove %s\n", dir);
    qsort(all_req.t, (size_t)all_req.n, sizeof(double), cmp);
    qsort(move_req.t, (size_t)move_req.n, sizeof(double), cmp);
    long made = atomic_load(&moves_ok), errs = atomic_load(&errors);
    int complete = deb != NULL && logged == made;
    struct utsname u;
    uname(&u);
    char host[256];
    FILE *f = popen("nproc", "r");
    int cores = 0;
    if (f != NULL) {
        if (fscanf(f, "%d", &cores) != 1)
            cores = 0;
        pclose(f);
    }
    snprintf(host, sizeof host, "%s %s, %d cores", u.sysname, u.machine, cores);
    FILE *o = out != NULL ? fopen(out, "w") : stdout;
    if (o == NULL)
        return 1;
    time_t tt = time(NULL);
    char date[64];
    strftime(date, sizeof date, "%Y-%m-%d %H:%M UTC", gmtime(&tt));
    fprintf(o, "# Classroom load benchmark\n\n"
               "Written by `make bench-classroom` (bench/classroom_load.c): %d simulated students\n"
               "on loopback play a whole game of %s against `cybernorms classroom`\n"
               "(its own process, 4 server threads), each student a thread polling its view every\n"
               "500 ms (a browser polls every 1.5 s) from a random phase and, in each session its\n"
               "state sits in, after reading for 0.2 to 2 s: voting, writing a message, amending\n"
               "(one in three) and campaigning (once); the teacher advances each session as soon as\n"
               "everyone sitting has acted.  One connection per request; times from connect to the\n"
               "last byte of the answer, measured by the clients, which share the machine's two\n"
               "cores with the server.\n\n"
               "- machine: %s\n- date: %s\n\n",
            n_students, scenario, host, date);
    fprintf(o, "| figure | value |\n|---|---:|\n");
    fprintf(o, "| students (states assigned) | %d (%ld) |\n", n_students, assigned);
    fprintf(o, "| sessions played | %d |\n", sessions);
    fprintf(o, "| game, wall time | %.1f s |\n", t_game);
    fprintf(o, "| requests | %d (%.0f per second) |\n", all_req.n, all_req.n / t_game);
    fprintf(o, "| moves and messages answered 200 | %ld |\n", made);
    fprintf(o, "| in the debrief's transcript | %d (%s) |\n", logged,
            complete ? "complete" : "INCOMPLETE");
    fprintf(o, "| errors (unexpected status or no answer) | %ld |\n", errs);
    fprintf(o, "| all requests: p50 / p95 / p99 / max | %.2f / %.2f / %.2f / %.2f ms |\n",
            pct(&all_req, 0.5), pct(&all_req, 0.95), pct(&all_req, 0.99),
            all_req.n ? all_req.t[all_req.n - 1] : 0.0);
    fprintf(o, "| moves (POST): p50 / p95 / p99 / max | %.2f / %.2f / %.2f / %.2f ms |\n",
            pct(&move_req, 0.5), pct(&move_req, 0.95), pct(&move_req, 0.99),
            move_req.n ? move_req.t[move_req.n - 1] : 0.0);
    fprintf(o, "| server stopped cleanly | %s |\n",
            WIFEXITED(stop) && WEXITSTATUS(stop) == 0 ? "yes" : "no");
    int ok = complete && errs == 0 && made >= n_students && pct(&all_req, 0.99) < 100.0;
    fprintf(o, "\nVerdict: %s (the bar: every student moved, no error, the transcript complete, p99 under 100 ms).\n",
            ok ? "pass" : "FAIL");
    if (o != stdout)
        fclose(o);
    printf("classroom_load: %d students, %d requests, p99 %.2f ms, %ld errors, transcript %s: %s\n",
           n_students, all_req.n, pct(&all_req, 0.99), errs, complete ? "complete" : "INCOMPLETE",
           ok ? "pass" : "FAIL");
    free(st);
    free(th);
    free(all_req.t);
    free(move_req.t);
    return ok ? 0 : 1;
}
