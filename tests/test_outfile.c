/* test_outfile.c - what outputs may replace, one writer at a time, result
 * sets committed with a manifest and a journal (and what a crash at each
 * step leaves), and fatal signals removing temporary files (cn_outfile.h).
 * Everything happens in a mkdtemp folder under /tmp; the signal tests run
 * in forked children. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli_harness.h"
#include "cn_outfile.h"
#include "cn_output.h"

typedef struct {
    char dir[64];
    int seq;
} ctx;

static int setup(void **state)
{
    ctx *c = calloc(1, sizeof *c);
    if (c == NULL || ch_tmpdir(c->dir, sizeof c->dir, "outfile") != 0) {
        free(c);
        return -1;
    }
    *state = c;
    return 0;
}

static int teardown(void **state)
{
    ctx *c = *state;
    ch_remove_tree(c->dir);
    free(c);
    return 0;
}

/* A new empty folder inside the test's folder. */
static void sub(ctx *c, char *buf, size_t size)
{
    snprintf(buf, size, "%s/s%d", c->dir, ++c->seq);
    assert_int_equal(mkdir(buf, 0700), 0);
}

static void put(const char *dir, const char *name, const char *text)
{
    char p[256];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    ch_write_file(p, text, strlen(text));
}

static char *get(const char *dir, const char *name)
{
    char p[256];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    return ch_read_file(p, NULL);
}

/* ---- cn_outfile_check ---------------------------------------------------- */

static void check_out(const char *path, int flags, const char *const *in, int n, int rc,
                         const char *msg)
{
    cn_diag d;
    cn_diag_clear(&d);
    int got = cn_outfile_check(path, flags, in, n, &d);
    if (got != rc || (msg != NULL && strstr(d.msg, msg) == NULL))
        fail_msg("%s: status %d '%s', expected %d '%s'", path, got, d.msg, rc,
                 msg != NULL ? msg : "");
}

static void test_outfile_check_what_may_be_replaced(void **state)
{
    ctx *c = *state;
    char d[128], p[256], q[256];
    sub(c, d, sizeof d);
    /* nothing there: fine */
    snprintf(p, sizeof p, "%s/new.md", d);
    check_out(p, 0, NULL, 0, CN_OK, NULL);
    /* ours: only with --force */
    put(d, "t.md", "# What-if: x\n\nmore\n");
    snprintf(p, sizeof p, "%s/t.md", d);
    check_out(p, 0, NULL, 0, CN_EINPUT, "already exists; use --force");
    check_out(p, CN_OUTFILE_FORCE, NULL, 0, CN_OK, NULL);
    /* someone else's: never, not even with --force */
    put(d, "notes.md", "my notes\n");
    snprintf(p, sizeof p, "%s/notes.md", d);
    check_out(p, CN_OUTFILE_FORCE, NULL, 0, CN_EINPUT, "was not written by cybernorms");
    /* an SQLite file only where a store is written */
    put(d, "s.sqlite", "SQLite format 3");
    snprintf(p, sizeof p, "%s/s.sqlite", d);
    {
        FILE *f = fopen(p, "ab");
        assert_non_null(f);
        fputc('\0', f); /* the magic ends with a NUL */
        fclose(f);
    }
    check_out(p, CN_OUTFILE_FORCE, NULL, 0, CN_EINPUT, "was not written by cybernorms");
    check_out(p, CN_OUTFILE_FORCE | CN_OUTFILE_STORE, NULL, 0, CN_OK, NULL);
    /* an empty file: nothing to lose */
    put(d, "empty.csv", "");
    snprintf(p, sizeof p, "%s/empty.csv", d);
    check_out(p, CN_OUTFILE_FORCE, NULL, 0, CN_OK, NULL);
    /* a symbolic link, even to a file of ours, a folder, a FIFO, a device */
    snprintf(p, sizeof p, "%s/link.md", d);
    snprintf(q, sizeof q, "%s/t.md", d);
    assert_int_equal(symlink(q, p), 0);
    check_out(p, CN_OUTFILE_FORCE, NULL, 0, CN_EINPUT, "is a symbolic link");
    check_out(d, CN_OUTFILE_FORCE, NULL, 0, CN_EINPUT, "is a folder");
    snprintf(p, sizeof p, "%s/fifo", d);
    assert_int_equal(mkfifo(p, 0600), 0);
    check_out(p, CN_OUTFILE_FORCE, NULL, 0, CN_EINPUT, "is a FIFO");
    if (ch_exists("/dev/null"))
        check_out("/dev/null", CN_OUTFILE_FORCE, NULL, 0, CN_EINPUT, "is a device");
    /* an input, by device and inode whatever the name: ./, //, a hard link */
    put(d, "runs.csv", "# cybernorms 0.1.0\n");
    snprintf(p, sizeof p, "%s/runs.csv", d);
    snprintf(q, sizeof q, "%s/./runs.csv", d);
    const char *in[] = {NULL, q};
    check_out(p, CN_OUTFILE_FORCE, in, 2, CN_EINPUT, "is also an input of this command");
    char hard[256];
    snprintf(hard, sizeof hard, "%s/hard.csv", d);
    assert_int_equal(link(p, hard), 0);
    const char *in2[] = {hard};
    check_out(p, CN_OUTFILE_FORCE, in2, 1, CN_EINPUT, "the same file as");
    assert_true(cn_outfile_same(p, hard));
    assert_false(cn_outfile_same(p, q + 1)); /* a name that does not exist */
}

static void test_outfile_recognises_its_own_files(void **state)
{
    ctx *c = *state;
    char d[128], p[256];
    sub(c, d, sizeof d);
    const char *ours[] = {
        "# cybernorms 0.1.0\n# scenario: x\n",
        "# cybernorms scenario, fully resolved (every default written out)\nname = \"x\";\n",
        "# x\n\nsome description\n\n- cybernorms 0.1.0\n- seed: 7\n",
        "# What-if: x\n",
        "point,runs,F.adopted\n",
        "% What-if tables of x, written by cybernorms 0.1.0\n",
        "<!DOCTYPE html>\n<html><head><title>x: cybernorms report</title>",
        "sw_base: what-if (list design), 200 replications per point\n\npoint ...\n",
        "",
    };
    const char *theirs[] = {"my notes\n", "# a heading\n\nnot ours\n",
                            "<!DOCTYPE html>\n<html>somebody's page</html>\n",
                            "name = \"x\";\nstates = ();\n", "point,value\n1,2\n"};
    for (size_t i = 0; i < sizeof ours / sizeof ours[0]; i++) {
        put(d, "f", ours[i]);
        snprintf(p, sizeof p, "%s/f", d);
        if (!cn_outfile_is_ours(p))
            fail_msg("not recognised as ours: '%s'", ours[i]);
    }
    for (size_t i = 0; i < sizeof theirs / sizeof theirs[0]; i++) {
        put(d, "f", theirs[i]);
        snprintf(p, sizeof p, "%s/f", d);
        if (cn_outfile_is_ours(p))
            fail_msg("taken for ours: '%s'", theirs[i]);
    }
    snprintf(p, sizeof p, "%s/none", d);
    assert_false(cn_outfile_is_ours(p));
}

/* ---- the lock ------------------------------------------------------------------ */

static void test_outfile_lock_one_writer(void **state)
{
    ctx *c = *state;
    char d[128], p[256], want[64];
    sub(c, d, sizeof d);
    snprintf(p, sizeof p, "%s/%s", d, CN_OUTFILE_LOCK);
    cn_outfile_lock *a = NULL, *b = NULL;
    cn_diag dg;
    assert_int_equal(cn_outfile_lock_take(p, "x/", &a, &dg), CN_OK);
    assert_true(ch_exists(p));
    /* a second writer (another open file: flock says no) is told who */
    assert_int_equal(cn_outfile_lock_take(p, "x/", &b, &dg), CN_EINPUT);
    assert_null(b);
    snprintf(want, sizeof want, "(pid %ld)", (long)getpid());
    ch_assert_contains(dg.msg, "x/ is being written by another cybernorms process");
    ch_assert_contains(dg.msg, want);
    ch_assert_contains(dg.msg, "wait until it has finished");
    /* released: the lock file goes, and the next writer gets it */
    cn_outfile_lock_release(a);
    assert_false(ch_exists(p));
    assert_int_equal(cn_outfile_lock_take(p, "x/", &b, &dg), CN_OK);
    cn_outfile_lock_release(b);
    cn_outfile_lock_release(NULL);
    /* a lock file left by a dead writer (no flock held) is taken over */
    put(d, CN_OUTFILE_LOCK, "99999999\n");
    assert_int_equal(cn_outfile_lock_take(p, "x/", &a, &dg), CN_OK);
    char *pid = get(d, CN_OUTFILE_LOCK);
    assert_non_null(pid);
    assert_int_equal(strtol(pid, NULL, 10), (long)getpid());
    free(pid);
    cn_outfile_lock_release(a);
    /* a folder that cannot hold it */
    snprintf(p, sizeof p, "%s/missing/%s", d, CN_OUTFILE_LOCK);
    assert_int_equal(cn_outfile_lock_take(p, "x/", &a, &dg), CN_EIO);
    ch_assert_contains(dg.msg, "cannot create the lock file");
}

/* ---- result sets ------------------------------------------------------------------ */

/* Opens name in dir as an atomic file holding text. */
static cn_afile *afile(const char *dir, const char *name, const char *text)
{
    char p[256];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    cn_afile *f = NULL;
    assert_int_equal(cn_afile_open(p, &f), CN_OK);
    fputs(text, cn_afile_stream(f));
    return f;
}

/* The set {a.csv, b.md} with texts x and y. */
static void commit_ab(const char *dir, const char *x, const char *y, int finish)
{
    cn_afile *f[2] = {afile(dir, "a.csv", x), afile(dir, "b.md", y)};
    cn_diag d;
    int failed = 5;
    int rc = finish ? cn_outfile_commit_set(dir, f, 2, &failed, &d)
                    : cn_outfile_set_prepare(dir, f, 2, &failed, &d);
    assert_int_equal(rc, CN_OK);
    assert_int_equal(failed, -1);
    assert_null(f[0]);
    assert_null(f[1]);
}

static void expect_set(const char *dir, const char *x, const char *y)
{
    char *a = get(dir, "a.csv"), *b = get(dir, "b.md");
    assert_non_null(a);
    assert_non_null(b);
    assert_string_equal(a, x);
    assert_string_equal(b, y);
    free(a);
    free(b);
    int has = 0;
    cn_diag d;
    if (cn_outfile_verify(dir, &has, &d) != CN_OK)
        fail_msg("verify: %s", d.msg);
    assert_int_equal(has, 1);
    assert_int_equal(ch_count_entries(dir, ".tmp."), 0);
    assert_int_equal(ch_count_entries(dir, CN_OUTFILE_JOURNAL), 0);
}

static void test_outfile_set_commit_is_all_or_nothing(void **state)
{
    ctx *c = *state;
    char d[128];
    sub(c, d, sizeof d);
    const char *names[] = {"a.csv", "b.md"};
    cn_diag dg;
    int has = 9;
    /* no manifest: an older folder, accepted as it is */
    assert_int_equal(cn_outfile_verify(d, &has, &dg), CN_OK);
    assert_int_equal(has, 0);
    commit_ab(d, "old a\n", "old b\n", 1);
    expect_set(d, "old a\n", "old b\n");
    char *man = get(d, CN_OUTFILE_MANIFEST);
    assert_non_null(man);
    ch_assert_contains(man, "# cybernorms results manifest");
    ch_assert_contains(man, "\na.csv 6 ");
    ch_assert_contains(man, "\nb.md 6 ");
    free(man);

    /* killed before the journal: temporary files only; the old set stays,
     * and the next writer removes the leftovers */
    cn_afile *f = afile(d, "a.csv", "half of a new a");
    assert_int_equal(cn_afile_sync(f), CN_OK);
    cn_afile_forget(f); /* as a kill -9 would leave it */
    put(d, "b.md.tmp.AbC123", "junk");
    put(d, "notes.tmp.AbC123", "not ours: stays");
    assert_int_equal(ch_count_entries(d, ".tmp."), 3);
    assert_int_equal(cn_outfile_recover(d, names, 2, &dg), CN_OK);
    assert_int_equal(ch_count_entries(d, ".tmp."), 1);
    char p[256];
    snprintf(p, sizeof p, "%s/notes.tmp.AbC123", d);
    assert_int_equal(unlink(p), 0);
    expect_set(d, "old a\n", "old b\n");

    /* killed after the journal, before any rename: the new set is
     * committed; a reader is told, the next writer moves it into place */
    commit_ab(d, "new a, longer\n", "new b\n", 0);
    assert_int_equal(ch_count_entries(d, CN_OUTFILE_JOURNAL), 1);
    assert_int_equal(cn_outfile_verify(d, &has, &dg), CN_EINPUT);
    ch_assert_contains(dg.msg, "a replacement of these results was interrupted");
    assert_int_equal(cn_outfile_recover(d, names, 2, &dg), CN_OK);
    expect_set(d, "new a, longer\n", "new b\n");

    /* killed half-way through the renames: a mix on disk, which a reader
     * sees is not one set; replaying the journal completes the new one */
    commit_ab(d, "third a\n", "third b, longer\n", 0);
    char *journal = get(d, CN_OUTFILE_JOURNAL);
    assert_non_null(journal);
    char tmp[128], dst[128], from[256], to[256];
    assert_int_equal(sscanf(journal, "%127s %127s", tmp, dst), 2);
    assert_string_equal(dst, "a.csv");
    free(journal);
    snprintf(from, sizeof from, "%s/%s", d, tmp);
    snprintf(to, sizeof to, "%s/%s", d, dst);
    assert_int_equal(rename(from, to), 0);
    snprintf(p, sizeof p, "%s/%s", d, CN_OUTFILE_JOURNAL);
    char hidden[256];
    snprintf(hidden, sizeof hidden, "%s/journal.aside", d);
    assert_int_equal(rename(p, hidden), 0); /* a reader that ignored the journal ... */
    assert_int_equal(cn_outfile_verify(d, &has, &dg), CN_EINPUT); /* ... still sees the mix */
    ch_assert_contains(dg.msg, "does not match the results manifest");
    assert_int_equal(rename(hidden, p), 0);
    assert_int_equal(cn_outfile_set_finish(d, &dg), CN_OK);
    expect_set(d, "third a\n", "third b, longer\n");

    /* a file edited afterwards is named */
    put(d, "b.md", "third b, LONGER\n");
    assert_int_equal(cn_outfile_verify(d, &has, &dg), CN_EINPUT);
    ch_assert_contains(dg.msg, "b.md does not match the results manifest (its contents differ)");
    snprintf(p, sizeof p, "%s/b.md", d);
    assert_int_equal(unlink(p), 0);
    assert_int_equal(cn_outfile_verify(d, &has, &dg), CN_EINPUT);
    ch_assert_contains(dg.msg, "(it is missing)");

    /* a journal that is not one is left alone, and said so */
    put(d, CN_OUTFILE_JOURNAL, "../../etc/passwd x\n");
    assert_int_equal(cn_outfile_recover(d, names, 2, &dg), CN_EIO);
    ch_assert_contains(dg.msg, "not a line of a commit journal");
}

/* A file of the set that cannot be written (a file size limit stands for
 * a full disk: the same failing write, EFBIG): the old set stays whole, no
 * temporary file is left, and the failure names the file.  In a child, so
 * the limit does not outlive the test. */
static void test_outfile_set_failure_keeps_old(void **state)
{
    ctx *c = *state;
    char d[128];
    sub(c, d, sizeof d);
    commit_ab(d, "old a\n", "old b\n", 1);
    fflush(stdout);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        struct rlimit rl = {4096, 4096};
        signal(SIGXFSZ, SIG_IGN);
        if (setrlimit(RLIMIT_FSIZE, &rl) != 0)
            _exit(3);
        cn_afile *f[2] = {NULL, NULL};
        char p[256];
        snprintf(p, sizeof p, "%s/a.csv", d);
        if (cn_afile_open(p, &f[0]) != CN_OK)
            _exit(3);
        fputs("new a\n", cn_afile_stream(f[0]));
        snprintf(p, sizeof p, "%s/b.md", d);
        if (cn_afile_open(p, &f[1]) != CN_OK)
            _exit(3);
        for (int i = 0; i < 1000; i++)
            fputs("too long for the limit\n", cn_afile_stream(f[1]));
        cn_diag dg;
        int failed = -1;
        int rc = cn_outfile_commit_set(d, f, 2, &failed, &dg);
        int ok = rc == CN_EIO && failed == 1 && strstr(dg.msg, "cannot write ") != NULL
                 && strstr(dg.msg, "b.md: File too large") != NULL && f[0] == NULL
                 && f[1] == NULL;
        if (!ok)
            fprintf(stderr, "child: rc %d, failed %d, %s\n", rc, failed, dg.msg);
        _exit(ok ? 0 : 4);
    }
    int st;
    assert_int_equal(waitpid(pid, &st, 0), pid);
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
        fail_msg("child: status %d", st);
    expect_set(d, "old a\n", "old b\n");
}

/* ---- signals --------------------------------------------------------------------- */

/* In a child: installs the handler, opens a tracked temporary file, then
 * raises signo (twice when graceful); the child's fate and the file's. */
static void signal_case(const char *dir, int signo, int graceful)
{
    char path[256];
    snprintf(path, sizeof path, "%s/sig%d.csv", dir, signo);
    fflush(stdout);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        cn_afile *f = NULL;
        if (cn_outfile_signals_install() != CN_OK || cn_afile_open(path, &f) != CN_OK)
            _exit(3);
        fputs("partial\n", cn_afile_stream(f));
        fflush(cn_afile_stream(f));
        if (graceful) {
            cn_outfile_graceful(1);
            raise(signo);
            if (atomic_load(cn_outfile_stop_flag()) != signo)
                _exit(4); /* the first one is only noted */
        }
        raise(signo);
        _exit(5); /* not reached: the signal ends the process */
    }
    int st;
    assert_int_equal(waitpid(pid, &st, 0), pid);
    if (!WIFSIGNALED(st) || WTERMSIG(st) != signo)
        fail_msg("signal %d: child ended with status %d", signo, st);
    if (ch_count_entries(dir, ".tmp.") != 0)
        fail_msg("signal %d left a temporary file", signo);
}

static void test_outfile_fatal_signals_leave_no_temporary_file(void **state)
{
    ctx *c = *state;
    char d[128];
    sub(c, d, sizeof d);
    const int sigs[] = {SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGPIPE, SIGXFSZ};
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
        signal_case(d, sigs[i], 0);
    /* a run or sweep: the first interruption is noted, the second is fatal */
    const int soft[] = {SIGHUP, SIGINT, SIGQUIT, SIGTERM};
    for (size_t i = 0; i < sizeof soft / sizeof soft[0]; i++)
        signal_case(d, soft[i], 1);
    /* in graceful mode PIPE and XFSZ are left to the failing write */
    fflush(stdout);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        if (cn_outfile_signals_install() != CN_OK)
            _exit(3);
        cn_outfile_graceful(1);
        raise(SIGPIPE);
        raise(SIGXFSZ);
        _exit(atomic_load(cn_outfile_stop_flag()) == 0 ? 0 : 4);
    }
    int st;
    assert_int_equal(waitpid(pid, &st, 0), pid);
    assert_true(WIFEXITED(st));
    assert_int_equal(WEXITSTATUS(st), 0);
    /* ignored when the program started (nohup): left ignored */
    pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        signal(SIGHUP, SIG_IGN);
        if (cn_outfile_signals_install() != CN_OK)
            _exit(3);
        raise(SIGHUP);
        _exit(0);
    }
    assert_int_equal(waitpid(pid, &st, 0), pid);
    assert_true(WIFEXITED(st));
    assert_int_equal(WEXITSTATUS(st), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_outfile_check_what_may_be_replaced),
        cmocka_unit_test(test_outfile_recognises_its_own_files),
        cmocka_unit_test(test_outfile_lock_one_writer),
        cmocka_unit_test(test_outfile_set_commit_is_all_or_nothing),
        cmocka_unit_test(test_outfile_set_failure_keeps_old),
        cmocka_unit_test(test_outfile_fatal_signals_leave_no_temporary_file),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
