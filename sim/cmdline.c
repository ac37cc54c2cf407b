/* cmdline.c - what every command shares between argv and the model
 * (cn_cmdline.h): options with a did-you-mean, strict numbers, --set
 * overrides, loading the scenario, the messages of a failed command, the
 * signals that stop a command, and a clock.  Parsing fills a cn_diag and
 * never prints; the printing functions write to stderr only.
 */
#include "cn_cmdline.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cn_load.h"
#include "cn_outfile.h"
#include "cn_suggest.h"

void cn_cmdline_init(cn_cmdline *c, const char *command, const cn_cmdline_option *opts, int n,
                     int flags, int argc, char *const *argv, int first)
{
    c->command = command;
    c->options = opts;
    c->n_options = n < CN_CMDLINE_MAX_OPTIONS ? n : CN_CMDLINE_MAX_OPTIONS;
    c->flags = flags;
    c->argc = argc;
    c->argv = argv;
    c->next = first;
    c->operands_only = 0;
}

static int vdiag(const char *command, cn_diag *d, const char *fmt, va_list ap)
{
    char msg[CN_DIAG_MSG];
    vsnprintf(msg, sizeof msg, fmt, ap);
    if (command != NULL)
        return cn_diag_set(d, NULL, 0, NULL, "%s: %s", command, msg);
    return cn_diag_set(d, NULL, 0, NULL, "%s", msg);
}

int cn_cmdline_error(const cn_cmdline *c, cn_diag *d, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = vdiag(c->command, d, fmt, ap);
    va_end(ap);
    return rc;
}

/* "unknown option": the name is the first len characters of arg. */
static int unknown_option(const cn_cmdline *c, cn_diag *d, const char *arg, size_t len)
{
    char name[CN_DIAG_MSG];
    snprintf(name, sizeof name, "%.*s", (int)(len < sizeof name ? len : sizeof name - 1), arg);
    const char *cands[CN_CMDLINE_MAX_OPTIONS];
    for (int k = 0; k < c->n_options; k++)
        cands[k] = c->options[k].unlisted ? NULL : c->options[k].name;
    const char *best = cn_suggest(name, cands, (size_t)c->n_options);
    if (best != NULL)
        return cn_cmdline_error(c, d, "unknown option '%s'; did you mean '%s'?", name, best);
    return cn_cmdline_error(c, d, "unknown option '%s'", name);
}

int cn_cmdline_next(cn_cmdline *c, cn_cmdline_arg *a, cn_diag *d)
{
    a->option = NULL;
    a->text = NULL;
    if (c->next >= c->argc)
        return CN_OK;
    const char *arg = c->argv[c->next++];
    if (c->operands_only || arg[0] != '-' || (arg[1] == '\0' && (c->flags & CN_CMDLINE_DASH))) {
        a->text = arg;
        return CN_OK;
    }
    if (strcmp(arg, "--") == 0 && (c->flags & CN_CMDLINE_DASHDASH)) {
        c->operands_only = 1;
        return cn_cmdline_next(c, a, d);
    }
    const char *eq = (c->flags & CN_CMDLINE_EQUALS) ? strchr(arg, '=') : NULL;
    size_t len = eq != NULL ? (size_t)(eq - arg) : strlen(arg);
    const cn_cmdline_option *o = NULL;
    for (int k = 0; k < c->n_options && o == NULL; k++)
        if (strncmp(c->options[k].name, arg, len) == 0 && c->options[k].name[len] == '\0')
            o = &c->options[k];
    if (o == NULL)
        return unknown_option(c, d, arg, len);
    const char *value = "";
    if (o->value != NULL) {
        if (eq != NULL)
            value = eq + 1;
        else if (c->next < c->argc)
            value = c->argv[c->next++];
        else
            return cn_cmdline_error(c, d, "option '%s' needs %s", o->name, o->value);
    } else if (eq != NULL) {
        return cn_cmdline_error(c, d, "option '%s' takes no value", o->name);
    }
    a->option = o;
    a->text = value;
    return CN_OK;
}

int cn_cmdline_next_option(cn_cmdline *c, cn_cmdline_arg *a, const char **file, int *help,
                           cn_diag *d)
{
    int rc;
    while ((rc = cn_cmdline_next(c, a, d)) == CN_OK && a->text != NULL) {
        if (a->option != NULL && !cn_cmdline_help(a))
            return CN_OK;
        if (a->option != NULL) {
            *help = 1;
            a->option = NULL;
            a->text = NULL;
            return CN_OK;
        }
        if (*file != NULL)
            return cn_cmdline_error(c, d, "unexpected argument '%s' (one FILE only)", a->text);
        *file = a->text;
    }
    return rc;
}

int cn_cmdline_is(const cn_cmdline_arg *a, const char *name)
{
    return a->option != NULL && strcmp(a->option->name, name) == 0;
}

int cn_cmdline_help(const cn_cmdline_arg *a)
{
    return cn_cmdline_is(a, "--help") || cn_cmdline_is(a, "-h");
}

int cn_cmdline_long(const char *text, long lo, long hi, long *out)
{
    if (text == NULL || text[0] == '\0')
        return CN_EINPUT;
    for (const char *p = text; *p != '\0'; p++)
        if (!((*p >= '0' && *p <= '9') || (p == text && (*p == '-' || *p == '+'))))
            return CN_EINPUT;
    errno = 0;
    char *end;
    long v = strtol(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || v < lo || v > hi)
        return CN_EINPUT;
    *out = v;
    return CN_OK;
}

int cn_cmdline_long_option(const cn_cmdline *c, const char *opt, const char *text, long lo,
                           long hi, long *out, cn_diag *d)
{
    if (cn_cmdline_long(text, lo, hi, out) != CN_OK)
        return cn_cmdline_error(c, d, "%s: expected an integer from %ld to %ld, got '%s'", opt,
                                lo, hi, text);
    return CN_OK;
}

int cn_cmdline_set_check(const cn_cmdline *c, const char *value, cn_diag *d)
{
    if (strchr(value, '=') == NULL || value[0] == '=')
        return cn_cmdline_error(c, d, "--set: expected KEY=VALUE (e.g. model.beta=12), got '%s'",
                                value);
    return CN_OK;
}

int cn_cmdline_sets_add(const cn_cmdline *c, cn_cmdline_sets *s, const char *value, cn_diag *d)
{
    int rc = cn_cmdline_set_check(c, value, d);
    if (rc != CN_OK)
        return rc;
    if (s->n >= CN_CMDLINE_MAX_SETS)
        return cn_cmdline_error(c, d, "too many --set options (at most %d)", CN_CMDLINE_MAX_SETS);
    s->v[s->n++] = value;
    return CN_OK;
}

int cn_cmdline_sets_seed(const cn_cmdline *c, cn_cmdline_sets *s, const char *text, cn_diag *d)
{
    long seed;
    if (cn_cmdline_long(text, 0, LONG_MAX, &seed) != CN_OK)
        return cn_cmdline_error(c, d, "--seed: expected an integer >= 0, got '%s'", text);
    snprintf(s->seed, sizeof s->seed, "run.seed=%ld", seed);
    if (s->n < CN_CMDLINE_MAX_SETS)
        s->v[s->n++] = s->seed;
    return CN_OK;
}

int cn_cmdline_columns(int fallback)
{
    const char *c = getenv("COLUMNS");
    long w;
    if (c != NULL && cn_cmdline_long(c, 40, 1000, &w) == CN_OK)
        return (int)w;
    return fallback;
}

void cn_cmdline_say(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs(CN_CMDLINE_PROG ": ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

int cn_cmdline_fail(const char *command, int status, const cn_diag *d)
{
    char buf[CN_DIAG_FILE + CN_DIAG_SETTING + CN_DIAG_MSG + 32];
    const char *what = d != NULL && d->msg[0] != '\0' ? cn_diag_format(d, buf, sizeof buf)
                                                      : cn_strerror(status);
    if (command != NULL)
        cn_cmdline_say("%s: %s", command, what);
    else
        cn_cmdline_say("%s", what);
    return cn_exit_code(status);
}

int cn_cmdline_usage(const char *command, const cn_diag *d)
{
    int ex = cn_cmdline_fail(NULL, CN_EINPUT, d);
    if (command != NULL)
        fprintf(stderr, "Try '" CN_CMDLINE_PROG " help %s'.\n", command);
    else
        fputs("Try '" CN_CMDLINE_PROG " --help'.\n", stderr);
    return ex;
}

int cn_cmdline_usage_error(const char *command, const char *fmt, ...)
{
    cn_diag d;
    va_list ap;
    va_start(ap, fmt);
    vdiag(command, &d, fmt, ap);
    va_end(ap);
    return cn_cmdline_usage(command, &d);
}

int cn_cmdline_fail_run(const char *command, int status, const char *file, const char *generator)
{
    if (status == CN_OK)
        return 0;
    if (status != CN_EINPUT)
        return cn_cmdline_fail(command, status, NULL);
    cn_cmdline_say("%s: setting 'run.generator': unknown GSL generator '%s'", file, generator);
    return cn_exit_code(status);
}

int cn_cmdline_load(const char *command, const char *file, const char *const *sets, int n_sets,
                    cn_scenario **out)
{
    cn_diag d;
    cn_diag_clear(&d);
    int rc = cn_load_scenario(file, sets, n_sets, out, &d);
    if (rc == CN_OK)
        return 0;
    *out = NULL;
    return cn_cmdline_fail(command, rc, &d);
}

/* ---- signals -------------------------------------------------------------- */

int cn_cmdline_signals_install(void)
{
    return cn_outfile_signals_install();
}

void cn_cmdline_catch_stop(void)
{
    cn_outfile_graceful(1);
}

void cn_cmdline_release_stop(void)
{
    cn_outfile_graceful(0);
}

atomic_int *cn_cmdline_stop_flag(void)
{
    return cn_outfile_stop_flag();
}

int cn_cmdline_stopped(void)
{
    return atomic_load(cn_outfile_stop_flag());
}

int cn_cmdline_stop_status(void)
{
    return 128 + cn_cmdline_stopped();
}

void cn_cmdline_stop_block(sigset_t *set)
{
    sigemptyset(set);
    sigaddset(set, SIGINT);
    sigaddset(set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, set, NULL);
    signal(SIGPIPE, SIG_IGN);
}

int cn_cmdline_stop_wait(const sigset_t *set)
{
    int sig = 0;
    sigwait(set, &sig);
    return sig;
}

/* ---- a clock --------------------------------------------------------------- */

double cn_cmdline_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}
