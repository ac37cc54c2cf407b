/* test_classroom.c - the classroom server (cn_class.h, cn_classroom.h)
 * spoken to over HTTP on loopback, as a browser would and as a student
 * trying to cheat would: a seat's token acts only for its own state, only
 * in its turn, never as the teacher; forged and closed tokens are refused;
 * path traversal, oversized bodies, malformed JSON and wrong types get 4xx
 * with a message; the rate limit answers 429; the class file replays to the
 * same class; and the CLI's server killed with SIGKILL restarts with the
 * class intact (tests/data/class_small.cfg). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cn_class.h"
#include "cn_classroom.h"
#include "http_client.h"

#define SMALL "tests/data/class_small.cfg"

typedef struct {
    char dir[64];
    char db[128];
    cn_class *c;
    cn_classroom *r;
    int port;
    char code[16], teacher[CN_CLASS_TOKEN], viewer[CN_CLASS_TOKEN];
} fixture;

static void open_class(fixture *f, double rate, double burst)
{
    cn_class_opts o;
    cn_class_defaults(&o);
    o.replications = 20;
    if (rate > 0) {
        o.rate = rate;
        o.burst = burst;
    }
    cn_diag d;
    cn_diag_clear(&d);
    int rc = cn_class_open(f->db, SMALL, NULL, 0, &o, &f->c, NULL, &d);
    if (rc != CN_OK)
        fail_msg("cn_class_open: %s", d.msg);
    char msg[256];
    assert_int_equal(cn_classroom_start(f->c, "127.0.0.1", 0, &f->r, msg, sizeof msg), CN_OK);
    f->port = cn_classroom_port(f->r);
    cn_class_code(f->c, f->code, sizeof f->code);
    cn_class_teacher_token(f->c, f->teacher);
    cn_class_viewer_token(f->c, f->viewer);
}

static void close_class(fixture *f)
{
    cn_classroom_stop(f->r);
    cn_class_free(f->c);
    f->r = NULL;
    f->c = NULL;
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    snprintf(f->dir, sizeof f->dir, "/tmp/cn-classroom-XXXXXX");
    if (mkdtemp(f->dir) == NULL)
        return -1;
    snprintf(f->db, sizeof f->db, "%s/class.sqlite", f->dir);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    if (f->c != NULL)
        close_class(f);
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
    if (system(cmd) != 0)
        return -1;
    free(f);
    return 0;
}

/* A request; asserts the status; returns the body (to free). */
static char *req(const fixture *f, int want, const char *method, const char *path,
                 const char *token, const char *body)
{
    hc_reply r = hc_request(f->port, method, path, token, body);
    if (r.status != want)
        fail_msg("%s %s: status %d, expected %d: %s", method, path, r.status, want,
                 r.body != NULL ? r.body : "");
    return r.body;
}

static void expect(const fixture *f, int want, const char *method, const char *path,
                   const char *token, const char *body, const char *says)
{
    char *b = req(f, want, method, path, token, body);
    if (says != NULL && (b == NULL || strstr(b, says) == NULL))
        fail_msg("%s %s: expected '%s' in: %s", method, path, says, b != NULL ? b : "");
    free(b);
}

/* Joins as name, chooses state; returns the token in tok. */
static void join(const fixture *f, const char *name, const char *state, char *tok)
{
    char body[256];
    snprintf(body, sizeof body, "{\"code\":\"%s\",\"name\":\"%s\"}", f->code, name);
    char *b = req(f, 200, "POST", "/api/join", NULL, body);
    assert_true(hc_json_str(b, "token", tok, 40));
    assert_int_equal((int)strlen(tok), 32);
    free(b);
    if (state != NULL) {
        snprintf(body, sizeof body, "{\"state\":\"%s\"}", state);
        expect(f, 200, "POST", "/api/choose", tok, body, NULL);
    }
}

static void test_classroom_turns_and_roles(void **state)
{
    fixture *f = *state;
    open_class(f, 0, 0);
    char ana[40], ben[40];
    expect(f, 403, "POST", "/api/join", NULL, "{\"code\":\"WRONG1\",\"name\":\"Eve\"}",
           "not the class code");
    join(f, "Ana", "Dorsalia", ana);
    join(f, "Ben", "AAA", ben);
    /* a state taken is refused; a second choice before the start is fine */
    expect(f, 409, "POST", "/api/choose", ben, "{\"state\":\"DDD\"}", "already played by Ana");
    expect(f, 400, "POST", "/api/choose", ben, "{\"state\":\"Avalom\"}", "did you mean Avalon");
    /* out of turn: before the start */
    expect(f, 409, "POST", "/api/vote", ana, "{\"vote\":\"support\"}", "not started");
    /* a student is not the teacher */
    expect(f, 403, "POST", "/api/start", ana, "{}", "Only the teacher");
    expect(f, 403, "GET", "/api/teacher", ana, NULL, "Only the teacher");
    expect(f, 403, "POST", "/api/news", ana, "{\"kind\":\"incident\",\"state\":\"EEE\"}", NULL);
    expect(f, 403, "POST", "/api/kick", ana, "{\"seat\":1}", NULL);
    expect(f, 403, "GET", "/api/projector", ana, NULL, NULL);
    /* nor the other student: their brief, their state */
    expect(f, 200, "GET", "/api/brief/DDD", ana, NULL, "\"red_lines\"");
    expect(f, 403, "GET", "/api/brief/AAA", ana, NULL, "own state");
    /* the projector reads, acts on nothing */
    expect(f, 200, "GET", "/api/projector", f->viewer, NULL, "\"points\"");
    expect(f, 403, "POST", "/api/start", f->viewer, "{}", NULL);
    expect(f, 403, "POST", "/api/vote", f->viewer, "{\"vote\":\"support\"}", NULL);
    expect(f, 200, "POST", "/api/start", f->teacher, "{}", NULL);
    expect(f, 409, "POST", "/api/start", f->teacher, "{}", "already started");
    /* Assembly session 1: both sit; a vote names no state: it is the seat's */
    expect(f, 200, "POST", "/api/vote", ana, "{\"vote\":\"object\",\"state\":\"AAA\"}", NULL);
    char *me = req(f, 200, "GET", "/api/me", ben, NULL);
    assert_non_null(strstr(me, "\"vote\":null"));
    free(me);
    me = req(f, 200, "GET", "/api/me", ana, NULL);
    assert_non_null(strstr(me, "\"vote\":\"object\""));
    assert_non_null(strstr(me, "\"member\":true"));
    free(me);
    /* paused: nobody acts */
    expect(f, 200, "POST", "/api/pause", f->teacher, "{}", NULL);
    expect(f, 409, "POST", "/api/vote", ben, "{\"vote\":\"support\"}", "paused");
    expect(f, 200, "POST", "/api/resume", f->teacher, "{}", NULL);
    expect(f, 200, "POST", "/api/amend", ben, "{\"dim\":\"form\",\"dir\":\"up\"}", NULL);
    expect(f, 409, "POST", "/api/amend", ben, "{\"dim\":\"form\",\"dir\":\"up\"}",
           "already tabled");
    /* messages: to a state by name, to one's own bloc only */
    expect(f, 200, "POST", "/api/message", ana, "{\"to\":\"Avalon\",\"text\":\"Object with me?\"}",
           NULL);
    expect(f, 200, "POST", "/api/message", ana, "{\"to\":\"bloc:North\",\"text\":\"Hold firm\"}",
           NULL);
    expect(f, 403, "POST", "/api/message", ana, "{\"to\":\"bloc:South\",\"text\":\"hi\"}",
           "your state belongs to");
    me = req(f, 200, "GET", "/api/me", ben, NULL);
    assert_non_null(strstr(me, "Object with me?"));
    free(me);
    /* the teacher sees who has acted */
    char *t = req(f, 200, "GET", "/api/teacher", f->teacher, NULL);
    assert_int_equal(hc_json_int(t, "n_acted", -1), 2);
    assert_int_equal(hc_json_int(t, "n_sitting", -1), 2);
    free(t);
    expect(f, 200, "POST", "/api/news", f->teacher,
           "{\"kind\":\"incident\",\"state\":\"Avalon\",\"target\":\"Freedonia\"}", NULL);
    expect(f, 400, "POST", "/api/news", f->teacher, "{\"kind\":\"flood\",\"state\":\"AAA\"}",
           "incident, leak or shame");
    expect(f, 200, "POST", "/api/advance", f->teacher, "{}", NULL);
    /* the Council: Ana's Dorsalia does not sit there */
    expect(f, 409, "POST", "/api/vote", ana, "{\"vote\":\"support\"}", "does not sit in the Council");
    expect(f, 200, "POST", "/api/vote", ben, "{\"vote\":\"support\"}", NULL);
    /* a closed seat's token is refused from then on */
    expect(f, 200, "POST", "/api/kick", f->teacher, "{\"seat\":0}", NULL);
    expect(f, 401, "GET", "/api/me", ana, NULL, "closed by the teacher");
    expect(f, 401, "POST", "/api/vote", ana, "{\"vote\":\"support\"}", "closed");
    /* to the end and the debrief */
    expect(f, 409, "GET", "/api/debrief", ben, NULL, "when the game is over");
    for (int k = 0; k < 10; k++) {
        char *p = req(f, 200, "GET", "/api/teacher", f->teacher, NULL);
        int in_session = strstr(p, "\"phase\":\"session\"") != NULL;
        free(p);
        if (!in_session)
            break;
        expect(f, 200, "POST", "/api/advance", f->teacher, "{}", NULL);
    }
    for (int k = 0; k < 200 && !cn_class_debrief_ready(f->c); k++)
        nanosleep(&(struct timespec){0, 50000000L}, NULL);
    char *d = req(f, 200, "GET", "/api/debrief", ben, NULL);
    assert_non_null(strstr(d, "\"ready\":true"));
    assert_non_null(strstr(d, "Dorsalia (Ana): object in the Assembly, session 1."));
    assert_non_null(strstr(d, "Hold firm"));
    assert_non_null(strstr(d, "NEWS: a major cyber incident hits Avalon"));
    assert_non_null(strstr(d, "Real outcome: a fixture"));
    assert_non_null(strstr(d, "\"scores\""));
    free(d);
}

static void test_classroom_bad_requests(void **state)
{
    fixture *f = *state;
    open_class(f, 0, 0);
    char tok[40];
    join(f, "Ana", NULL, tok);
    /* forged tokens */
    expect(f, 401, "GET", "/api/me", "0123456789abcdef0123456789abcdef", NULL, "Unknown token");
    expect(f, 401, "GET", "/api/me", "x", NULL, NULL);
    expect(f, 401, "GET", "/api/me", NULL, NULL, "no token");
    char forged[40];
    snprintf(forged, sizeof forged, "%s", f->teacher);
    forged[31] = forged[31] == '0' ? '1' : '0';
    expect(f, 401, "POST", "/api/start", forged, "{}", NULL);
    /* path traversal and files outside the app */
    const char *paths[] = {"/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2fetc/passwd",
                           "/web/index.html", "/index.html/../../../etc/passwd",
                           "/api/../teacher.html", "/sim/class.c", "//etc/passwd"};
    for (size_t k = 0; k < sizeof paths / sizeof paths[0]; k++) {
        hc_reply r = hc_request(f->port, "GET", paths[k], NULL, NULL);
        if (r.status < 400 || r.status >= 500)
            fail_msg("GET %s: %d", paths[k], r.status);
        assert_null(strstr(r.body != NULL ? r.body : "", "root:"));
        hc_free(&r);
    }
    expect(f, 200, "GET", "/app.css", NULL, NULL, NULL);
    expect(f, 200, "GET", "/", NULL, NULL, "<!doctype html>");
    expect(f, 405, "POST", "/index.html", NULL, "{}", NULL);
    expect(f, 404, "GET", "/api/nothing", tok, NULL, NULL);
    expect(f, 405, "DELETE", "/api/me", tok, NULL, NULL);
    /* an oversized body */
    size_t big = CN_CLASSROOM_MAX_BODY + 100;
    char *body = malloc(big + 1);
    memset(body, 'a', big);
    body[0] = '{';
    body[big] = '\0';
    expect(f, 413, "POST", "/api/message", tok, body, "too large");
    free(body);
    /* a body announced as 1 GB is refused before it is read */
    const char *huge = "POST /api/join HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000000\r\n\r\n{\"a\"";
    hc_reply h = hc_raw(f->port, huge, strlen(huge));
    assert_int_equal(h.status, 413);
    hc_free(&h);
    /* malformed JSON, wrong shapes and types */
    expect(f, 400, "POST", "/api/join", NULL, "{\"code\":", "JSON");
    expect(f, 400, "POST", "/api/join", NULL, "[1,2]", "JSON object");
    expect(f, 400, "POST", "/api/join", NULL, "{\"code\":1,\"name\":2}", NULL);
    expect(f, 400, "POST", "/api/join", NULL, "{\"code\":\"a\",\"code\":\"b\",\"name\":\"x\"}",
           NULL);
    expect(f, 400, "POST", "/api/join", NULL, "", NULL);
    char jb[128];
    snprintf(jb, sizeof jb, "{\"code\":\"%s\",\"name\":\"\"}", f->code);
    expect(f, 400, "POST", "/api/join", NULL, jb, "Your name");
    snprintf(jb, sizeof jb, "{\"code\":\"%s\",\"name\":\"a\\u0007b\"}", f->code);
    expect(f, 400, "POST", "/api/join", NULL, jb, "control");
    snprintf(jb, sizeof jb, "{\"code\":\"%s\",\"name\":\"\\xff\\xfe\"}", f->code);
    expect(f, 400, "POST", "/api/join", NULL, jb, NULL);
    expect(f, 400, "POST", "/api/choose", tok, "{\"state\":42}", NULL);
    expect(f, 400, "POST", "/api/vote", tok, "{\"vote\":\"maybe\"}", "support, object");
    expect(f, 400, "POST", "/api/amend", tok, "{\"dim\":\"depth\",\"dir\":\"up\"}", NULL);
    expect(f, 400, "POST", "/api/campaign", tok, "{\"state\":\"AAA\",\"amount\":\"lots\"}", NULL);
    expect(f, 400, "POST", "/api/setup", f->teacher, "{\"seed\":-1}", "seed");
    expect(f, 400, "POST", "/api/setup", f->teacher, "{\"seed\":\"x\"}", NULL);
    expect(f, 400, "POST", "/api/setup", f->teacher, "{\"minutes\":1e9}", "minutes");
    expect(f, 400, "POST", "/api/setup", f->teacher, "{\"mode\":\"chaos\"}", "mode");
    expect(f, 400, "POST", "/api/assign", f->teacher, "{\"mode\":\"bloc\",\"bloc\":\"Nowhere\"}",
           NULL);
    expect(f, 400, "POST", "/api/kick", f->teacher, "{\"seat\":99}", NULL);
    expect(f, 400, "POST", "/api/timer", f->teacher, "{}", NULL);
    /* a message too long, a message before having a state */
    expect(f, 409, "POST", "/api/message", tok, "{\"to\":\"AAA\",\"text\":\"hi\"}", NULL);
    /* the server survived all this */
    expect(f, 200, "GET", "/api/me", tok, NULL, "\"phase\":\"setup\"");
    /* raw garbage on the socket */
    const char *garbage = "\x01\x02 NOT HTTP\r\n\r\n";
    hc_reply g = hc_raw(f->port, garbage, strlen(garbage));
    assert_true(g.status == -1 || (g.status >= 400 && g.status < 500));
    hc_free(&g);
    expect(f, 200, "GET", "/api/me", tok, NULL, NULL);
}

static void test_classroom_rate_limit(void **state)
{
    fixture *f = *state;
    open_class(f, 1.0, 5.0);
    int limited = 0;
    for (int k = 0; k < 20; k++) {
        hc_reply r = hc_request(f->port, "GET", "/api/me", "0123456789abcdef0123456789abcdef",
                                NULL);
        assert_true(r.status == 401 || r.status == 429);
        limited += r.status == 429;
        hc_free(&r);
    }
    assert_true(limited >= 10);
    /* the teacher is not limited by others' abuse */
    expect(f, 200, "GET", "/api/teacher", f->teacher, NULL, NULL);
}

/* The class file: a class reopened replays to the same class. */
static void test_classroom_reopens_the_same_class(void **state)
{
    fixture *f = *state;
    open_class(f, 0, 0);
    char ana[40];
    join(f, "Ana", "DDD", ana);
    expect(f, 200, "POST", "/api/start", f->teacher, "{}", NULL);
    expect(f, 200, "POST", "/api/vote", ana, "{\"vote\":\"object\"}", NULL);
    expect(f, 200, "POST", "/api/message", ana, "{\"to\":\"EEE\",\"text\":\"kept\"}", NULL);
    char *before = req(f, 200, "GET", "/api/me", ana, NULL);
    char code[16];
    snprintf(code, sizeof code, "%s", f->code);
    close_class(f);
    open_class(f, 0, 0);
    assert_string_equal(f->code, code);
    char *after = req(f, 200, "GET", "/api/me", ana, NULL);
    /* the same view (the version counts the same changes) */
    assert_string_equal(before, after);
    free(before);
    free(after);
}

/* The CLI's server, killed with SIGKILL mid-session, restarts with the
 * class intact: seats, tokens, votes, messages, the session it was in. */
static void test_classroom_survives_kill9(void **state)
{
    fixture *f = *state;
    const char *bin = getenv("CN_BIN") != NULL ? getenv("CN_BIN") : "build/cybernorms";
    const char *args[] = {SMALL, "--port", "0", "--class", f->db, "--replications", "20", NULL};
    hc_server s;
    assert_int_equal(hc_server_start(bin, args, &s), 0);
    f->port = s.port;
    snprintf(f->code, sizeof f->code, "%s", s.code);
    char ana[40], ben[40];
    join(f, "Ana", "DDD", ana);
    join(f, "Ben", "AAA", ben);
    expect(f, 200, "POST", "/api/start", s.teacher, "{}", NULL);
    expect(f, 200, "POST", "/api/vote", ana, "{\"vote\":\"object\"}", NULL);
    expect(f, 200, "POST", "/api/advance", s.teacher, "{}", NULL);
    expect(f, 200, "POST", "/api/amend", ben, "{\"dim\":\"scope\",\"dir\":\"down\"}", NULL);
    expect(f, 200, "POST", "/api/message", ben, "{\"to\":\"Dorsalia\",\"text\":\"after the kill\"}",
           NULL);
    char *before = req(f, 200, "GET", "/api/me", ben, NULL);
    int st = hc_server_stop(&s, SIGKILL);
    assert_true(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
    const char *again[] = {"--port", "0", "--class", f->db, NULL};
    hc_server s2;
    assert_int_equal(hc_server_start(bin, again, &s2), 0);
    f->port = s2.port;
    assert_string_equal(s2.code, s.code);
    assert_string_equal(s2.teacher, s.teacher);
    char *after = req(f, 200, "GET", "/api/me", ben, NULL);
    assert_string_equal(before, after);
    assert_non_null(strstr(after, "\"forum\":\"Council\""));
    assert_non_null(strstr(after, "\"amended\":true"));
    free(before);
    free(after);
    char *t = req(f, 200, "GET", "/api/teacher", s2.teacher, NULL);
    assert_non_null(strstr(t, "\"name\":\"Ana\""));
    assert_non_null(strstr(t, "Dorsalia (Ana): object in the Assembly, session 1."));
    free(t);
    /* the game goes on */
    expect(f, 200, "POST", "/api/vote", ben, "{\"vote\":\"support\"}", NULL);
    st = hc_server_stop(&s2, SIGTERM);
    assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_classroom_turns_and_roles, setup, teardown),
        cmocka_unit_test_setup_teardown(test_classroom_bad_requests, setup, teardown),
        cmocka_unit_test_setup_teardown(test_classroom_rate_limit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_classroom_reopens_the_same_class, setup, teardown),
        cmocka_unit_test_setup_teardown(test_classroom_survives_kill9, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
