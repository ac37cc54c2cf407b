/* cli_harness.h - what the end-to-end tests share: running the CLI binary
 * (named by $CN_BIN, default build/cybernorms) with an argument list and
 * optional standard input, its stdout and stderr captured into malloc'd
 * strings; reading and writing whole files; temporary folders under /tmp
 * (mkdtemp) removed recursively; counting a folder's entries; comparing
 * files; and a few checks on captured text.
 *
 * Header-only: every function is static inline, prefix ch_.  Functions
 * that fail the test themselves (ch_run, ch_write_file, ch_assert_*) use
 * cmocka's macros and are for the test thread only; the others report
 * failure by their return value and leave the verdict to the caller.
 * Nothing here is reachable from worker threads and nothing is global.
 */
#ifndef CN_CLI_HARNESS_H
#define CN_CLI_HARNESS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define CH_MAX_ARGS 40
#define CH_MAX_ENV 8

/* How to start the binary; a NULL ch_opts * means all defaults (zeros). */
typedef struct {
    const char *input;       /* the text on its stdin; NULL: /dev/null */
    const char *env[CH_MAX_ENV + 1]; /* "NAME=VALUE" set in the child, up to a NULL */
    const char *stdout_path; /* NULL: stdout captured; else written to this file
                                (e.g. /dev/full) and the capture is empty */
    long fsize;              /* > 0: the child's RLIMIT_FSIZE in bytes, with
                                SIGXFSZ ignored (writes past it fail: EFBIG) */
    const char *cwd;         /* NULL: the test's; else the child's working folder
                                (the binary is found whatever it is) */
    long uid;                /* > 0: the child runs as this user (and group uid):
                                for a root test that needs an ordinary user */
} ch_opts;

/* A finished run.  out and err are NUL-terminated (also when the output
 * holds NUL bytes: the lengths count everything); free with ch_result_free. */
typedef struct {
    int status;              /* the exit status 0..255, or -1 if killed */
    int sig;                 /* the signal that killed it, else 0 */
    char *out, *err;
    size_t out_len, err_len;
} ch_result;

/* A child still running: its captures are open temporary files. */
typedef struct {
    pid_t pid;
    FILE *out, *err;
} ch_child;

/* ---- files and folders -------------------------------------------------- */

/* The bytes of an open stream from its start, NUL-terminated, malloc'd
 * (NULL when out of memory or on a read error); *len, if not NULL, gets
 * the length without the NUL. */
static inline char *ch_read_stream(FILE *f, size_t *len)
{
    size_t cap = 4096, n = 0, k;
    char *buf = malloc(cap + 1);
    while (buf != NULL && (k = fread(buf + n, 1, cap - n, f)) > 0) {
        n += k;
        if (n == cap) {
            char *b = realloc(buf, 2 * cap + 1);
            if (b == NULL)
                free(buf);
            buf = b;
            cap *= 2;
        }
    }
    if (buf == NULL || ferror(f)) {
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    if (len != NULL)
        *len = n;
    return buf;
}

/* A whole file as ch_read_stream gives it; NULL (and *len 0) if it cannot
 * be opened. */
static inline char *ch_read_file(const char *path, size_t *len)
{
    if (len != NULL)
        *len = 0;
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    char *buf = ch_read_stream(f, len);
    fclose(f);
    return buf;
}

/* Writes len bytes of data to path (created or truncated); a failure
 * fails the test. */
static inline void ch_write_file(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (f == NULL)
        fail_msg("cannot create %s: %s", path, strerror(errno));
    int ok = fwrite(data, 1, len, f) == len;
    if (fclose(f) != 0 || !ok)
        fail_msg("cannot write %s", path);
}

static inline int ch_exists(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0;
}

/* 1 if both files can be read and hold the same bytes, else 0. */
static inline int ch_files_equal(const char *a, const char *b)
{
    size_t na, nb;
    char *x = ch_read_file(a, &na), *y = ch_read_file(b, &nb);
    int same = x != NULL && y != NULL && na == nb && memcmp(x, y, na) == 0;
    free(x);
    free(y);
    return same;
}

/* Entries of dir other than . and .. whose names contain `containing`
 * (every entry when NULL); -1 if dir cannot be read. */
static inline int ch_count_entries(const char *dir, const char *containing)
{
    DIR *d = opendir(dir);
    if (d == NULL)
        return -1;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (containing == NULL || strstr(e->d_name, containing) != NULL)
            n++;
    }
    closedir(d);
    return n;
}

/* Makes a new empty folder /tmp/cn_test_TAG_XXXXXX (mkdtemp) and writes
 * its name to buf; 0, or -1 if it cannot (buf too small, mkdtemp failed). */
static inline int ch_tmpdir(char *buf, size_t size, const char *tag)
{
    int n = snprintf(buf, size, "/tmp/cn_test_%s_XXXXXX", tag);
    if (n < 0 || (size_t)n >= size)
        return -1;
    return mkdtemp(buf) != NULL ? 0 : -1;
}

/* Removes path and, for a folder, everything below it (symbolic links
 * are removed, not followed).  Errors are ignored: this is cleanup. */
static inline void ch_remove_tree(const char *path)
{
    struct stat sb;
    if (lstat(path, &sb) != 0)
        return;
    if (S_ISDIR(sb.st_mode)) {
        DIR *d = opendir(path);
        if (d != NULL) {
            struct dirent *e;
            while ((e = readdir(d)) != NULL) {
                if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                    continue;
                char sub[1024];
                int n = snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
                if (n > 0 && (size_t)n < sizeof sub)
                    ch_remove_tree(sub);
            }
            closedir(d);
        }
        rmdir(path);
    } else {
        unlink(path);
    }
}

/* ---- text --------------------------------------------------------------- */

/* How many times needle occurs in hay (overlapping ones too). */
static inline int ch_count(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = strstr(hay, needle); p != NULL; p = strstr(p + 1, needle))
        n++;
    return n;
}

/* Text with line breaks turned into blanks and runs of blanks folded to
 * one, so sentences can be searched whatever the wrapping; malloc'd. */
static inline char *ch_fold(const char *t)
{
    char *o = malloc(strlen(t) + 1);
    assert_non_null(o);
    size_t n = 0;
    for (const char *p = t; *p != '\0'; p++) {
        char c = *p == '\n' ? ' ' : *p;
        if (c == ' ' && n > 0 && o[n - 1] == ' ')
            continue;
        o[n++] = c;
    }
    o[n] = '\0';
    return o;
}

/* Fails unless needle occurs in hay; says what was missing, and the start
 * of hay. */
static inline void ch_assert_contains(const char *hay, const char *needle)
{
    if (strstr(hay, needle) == NULL)
        fail_msg("expected to find:\n  %s\nin:\n%.4000s", needle, hay);
}

/* ---- running the binary ------------------------------------------------- */

/* $CN_BIN, or build/cybernorms when it is unset or empty. */
static inline const char *ch_bin(void)
{
    const char *bin = getenv("CN_BIN");
    return bin != NULL && bin[0] != '\0' ? bin : "build/cybernorms";
}

/* For a group setup: 0 if the binary can be executed, else -1 with a note
 * on stderr naming `who`. */
static inline int ch_bin_usable(const char *who)
{
    if (access(ch_bin(), X_OK) == 0)
        return 0;
    fprintf(stderr, "%s: no executable %s (set CN_BIN)\n", who, ch_bin());
    return -1;
}

/* In the child: points descriptor fd at an open stream (stdin/out/err). */
static inline int ch_child_dup(FILE *f, int fd)
{
    return dup2(fileno(f), fd) == fd ? 0 : -1;
}

/* Starts the binary with args (the words after argv[0], up to a NULL;
 * at most CH_MAX_ARGS) as the options say, without waiting.  A child
 * that cannot be set up or exec'd is reported through a close-on-exec
 * pipe and fails the test here.  Finish with ch_wait. */
static inline void ch_spawn(const ch_opts *o, const char *const *args, ch_child *c)
{
    static const ch_opts none;
    if (o == NULL)
        o = &none;
    const char *bin = ch_bin();
    char abs_bin[4096];
    if (bin[0] != '/') { /* a cwd of the child's own must not lose it */
        char here[2048];
        if (getcwd(here, sizeof here) == NULL)
            fail_msg("getcwd: %s", strerror(errno));
        snprintf(abs_bin, sizeof abs_bin, "%s/%s", here, bin);
        bin = abs_bin;
    }
    char *argv[CH_MAX_ARGS + 2];
    int n = 0;
    argv[n++] = (char *)bin;
    for (; args[n - 1] != NULL; n++) {
        if (n > CH_MAX_ARGS)
            fail_msg("more than %d arguments", CH_MAX_ARGS);
        argv[n] = (char *)args[n - 1];
    }
    argv[n] = NULL;

    FILE *in = o->input != NULL ? tmpfile() : fopen("/dev/null", "rb");
    c->out = tmpfile();
    c->err = tmpfile();
    assert_non_null(in);
    assert_non_null(c->out);
    assert_non_null(c->err);
    if (o->input != NULL) {
        fputs(o->input, in);
        assert_int_equal(fflush(in), 0);
        rewind(in);
    }
    int report[2];
    assert_int_equal(pipe(report), 0);
    assert_int_not_equal(fcntl(report[1], F_SETFD, FD_CLOEXEC), -1);
    fflush(stdout);
    fflush(stderr);
    c->pid = fork();
    assert_true(c->pid >= 0);
    if (c->pid == 0) {
        close(report[0]);
        int ok = 1;
        if (o->fsize > 0) {
            struct rlimit rl = {(rlim_t)o->fsize, (rlim_t)o->fsize};
            signal(SIGXFSZ, SIG_IGN);
            ok = setrlimit(RLIMIT_FSIZE, &rl) == 0;
        }
        for (int i = 0; ok && o->env[i] != NULL; i++) {
            char name[128];
            size_t k = strcspn(o->env[i], "=");
            ok = k < sizeof name && o->env[i][k] == '=';
            if (ok) {
                memcpy(name, o->env[i], k);
                name[k] = '\0';
                ok = setenv(name, o->env[i] + k + 1, 1) == 0;
            }
        }
        if (ok && o->cwd != NULL)
            ok = chdir(o->cwd) == 0;
        if (ok && o->uid > 0)
            ok = setgid((gid_t)o->uid) == 0 && setuid((uid_t)o->uid) == 0;
        int fo = o->stdout_path != NULL ? open(o->stdout_path, O_WRONLY) : dup(fileno(c->out));
        if (ok && fo >= 0 && dup2(fo, 1) == 1 && ch_child_dup(c->err, 2) == 0
            && ch_child_dup(in, 0) == 0)
            execv(bin, argv);
        int e = errno != 0 ? errno : EINVAL;
        ssize_t w = write(report[1], &e, sizeof e);
        (void)w;
        _exit(127);
    }
    close(report[1]);
    int e = 0;
    ssize_t got;
    while ((got = read(report[0], &e, sizeof e)) < 0 && errno == EINTR)
        ;
    close(report[0]);
    fclose(in);
    if (got > 0) {
        waitpid(c->pid, NULL, 0);
        fail_msg("cannot start %s: %s", bin, strerror(e));
    }
}

/* Waits for the child and collects its captures (closed here). */
static inline ch_result ch_wait(ch_child *c)
{
    ch_result r = {0};
    int st;
    pid_t w;
    while ((w = waitpid(c->pid, &st, 0)) < 0 && errno == EINTR)
        ;
    assert_int_equal(w, c->pid);
    if (WIFEXITED(st)) {
        r.status = WEXITSTATUS(st);
    } else {
        r.status = -1;
        r.sig = WIFSIGNALED(st) ? WTERMSIG(st) : 0;
    }
    rewind(c->out);
    rewind(c->err);
    r.out = ch_read_stream(c->out, &r.out_len);
    r.err = ch_read_stream(c->err, &r.err_len);
    fclose(c->out);
    fclose(c->err);
    assert_non_null(r.out);
    assert_non_null(r.err);
    return r;
}

/* Runs the binary to completion (o may be NULL: no input, all captured). */
static inline ch_result ch_run(const ch_opts *o, const char *const *args)
{
    ch_child c;
    ch_spawn(o, args, &c);
    return ch_wait(&c);
}

/* ch_run with defaults and the arguments written out: CH_RUN("check", f). */
#define CH_RUN(...) ch_run(NULL, (const char *const[]){__VA_ARGS__, NULL})

/* free(NULL)-safe; leaves r empty. */
static inline void ch_result_free(ch_result *r)
{
    free(r->out);
    free(r->err);
    r->out = r->err = NULL;
    r->out_len = r->err_len = 0;
}

/* Fails unless r exited with status and, when in_err is not NULL, its
 * stderr contains in_err. */
static inline void ch_assert_exit(const ch_result *r, int status, const char *in_err)
{
    if (r->status != status || (in_err != NULL && strstr(r->err, in_err) == NULL))
        fail_msg("exit %d (signal %d), expected %d; stderr:\n%s\nexpected in it: %s", r->status,
                 r->sig, status, r->err, in_err != NULL ? in_err : "-");
}

/* Runs args with defaults and checks as ch_assert_exit; for the cases
 * where nothing else is looked at. */
static inline void ch_assert_run(int status, const char *in_err, const char *const *args)
{
    ch_result r = ch_run(NULL, args);
    ch_assert_exit(&r, status, in_err);
    ch_result_free(&r);
}

#define CH_ASSERT_RUN(status, in_err, ...)                                                   \
    ch_assert_run((status), (in_err), (const char *const[]){__VA_ARGS__, NULL})

#endif /* CN_CLI_HARNESS_H */
