/* cn_cmdline.h - the toolkit every command (cn_cli.h) shares between argv
 * and the model: reading options (with a did-you-mean for misspelled
 * ones), strict numbers, --set overrides, loading the scenario, saying
 * what went wrong, the signals that interrupt a command, and a clock.
 *
 * Messages go to stderr as "cybernorms: MESSAGE"; a usage error adds
 * "Try 'cybernorms help COMMAND'." and exits 2.  Parsing functions never
 * print: they fill a cn_diag whose message starts "COMMAND: " (nothing for
 * the program's own options), so every command prints the same way.
 * Parsing keeps no state outside the structs passed in and allocates
 * nothing; the signal functions wrap the process's one handler
 * (cn_outfile.h), for the main thread.
 */
#ifndef CN_CMDLINE_H
#define CN_CMDLINE_H

#include <signal.h>
#include <stdatomic.h>
#include <stddef.h>

#include "cn_error.h"
#include "cn_scenario.h"

#define CN_CMDLINE_PROG "cybernorms"
#define CN_CMDLINE_MAX_OPTIONS 32 /* options in one table */
#define CN_CMDLINE_MAX_SETS 256   /* --set overrides of one command (cn_cmdline_sets) */

/* An option of a command. */
typedef struct {
    const char *name;  /* "--seed" */
    const char *value; /* what it takes, for "option '--out' needs a file name":
                        * "a value", "a file name"; NULL: takes no value */
    int unlisted;      /* 1: recognised but never offered as "did you mean" */
} cn_cmdline_option;

/* How arguments are read (cn_cmdline.flags). */
enum {
    CN_CMDLINE_EQUALS = 1,   /* "--name=value" is "--name value" */
    CN_CMDLINE_DASHDASH = 2, /* "--" ends the options: the rest are operands */
    CN_CMDLINE_DASH = 4      /* a lone "-" is an operand, not an option */
};

/* A command's options and the arguments being read.  Fill with
 * cn_cmdline_init; the strings point into the caller's tables and argv. */
typedef struct {
    const char *command; /* "sweep": messages start "sweep: "; NULL: none */
    const cn_cmdline_option *options;
    int n_options;
    int flags;
    int argc;
    char *const *argv;
    int next;          /* index of the next argument */
    int operands_only; /* after "--" */
} cn_cmdline;

/* One argument read: an option (option != NULL; text: its value, "" for
 * one that takes none), an operand (option NULL, text the argument), or
 * the end (both NULL). */
typedef struct {
    const cn_cmdline_option *option;
    const char *text;
} cn_cmdline_arg;

/* Starts reading argv[first ..] against opts (n of them, at most
 * CN_CMDLINE_MAX_OPTIONS). */
void cn_cmdline_init(cn_cmdline *c, const char *command, const cn_cmdline_option *opts, int n,
                     int flags, int argc, char *const *argv, int first);

/* Reads the next argument into a; an option's value may be the argument
 * after it.  CN_OK, or CN_EINPUT with d->msg "unknown option 'X'" (plus
 * "; did you mean 'Y'?" when a listed option is close), "option 'X' needs
 * VALUE" or "option 'X' takes no value". */
int cn_cmdline_next(cn_cmdline *c, cn_cmdline_arg *a, cn_diag *d);

/* cn_cmdline_next for a command of one FILE: an operand is the FILE
 * (*file; a second one is "unexpected argument 'X' (one FILE only)"),
 * --help or -h sets *help and ends the arguments.  CN_OK with a->option
 * the next option of the command's own, or a->text NULL at the end (or
 * after --help); CN_EINPUT with d. */
int cn_cmdline_next_option(cn_cmdline *c, cn_cmdline_arg *a, const char **file, int *help,
                           cn_diag *d);

/* 1 when a is the option called name, else 0. */
int cn_cmdline_is(const cn_cmdline_arg *a, const char *name);

/* 1 when a is --help or -h, else 0. */
int cn_cmdline_help(const cn_cmdline_arg *a);

/* Fills d with "COMMAND: " and the printf-style message; returns
 * CN_EINPUT. */
int cn_cmdline_error(const cn_cmdline *c, cn_diag *d, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Strict integer: optional sign and decimal digits only, the whole string,
 * no overflow, within [lo, hi].  CN_OK or CN_EINPUT (*out untouched). */
int cn_cmdline_long(const char *text, long lo, long hi, long *out);

/* cn_cmdline_long for option opt; on failure d says "OPT: expected an
 * integer from LO to HI, got 'TEXT'". */
int cn_cmdline_long_option(const cn_cmdline *c, const char *opt, const char *text, long lo,
                           long hi, long *out, cn_diag *d);

/* The --set overrides of a command (and --seed as "run.seed=N"), in
 * command-line order; v points into argv and into seed. */
typedef struct {
    const char *v[CN_CMDLINE_MAX_SETS + 1];
    int n;
    char seed[64];
} cn_cmdline_sets;

/* CN_OK, or CN_EINPUT when value is not KEY=VALUE (d says so). */
int cn_cmdline_set_check(const cn_cmdline *c, const char *value, cn_diag *d);

/* Adds a --set value (checked as above); CN_EINPUT beyond
 * CN_CMDLINE_MAX_SETS. */
int cn_cmdline_sets_add(const cn_cmdline *c, cn_cmdline_sets *s, const char *value, cn_diag *d);

/* Adds --seed N (N >= 0) as "run.seed=N"; a later --seed replaces an
 * earlier one.  With the list full it is not added. */
int cn_cmdline_sets_seed(const cn_cmdline *c, cn_cmdline_sets *s, const char *text, cn_diag *d);

/* The terminal's width: $COLUMNS when it is a number from 40 to 1000,
 * else fallback. */
int cn_cmdline_columns(int fallback);

/* Prints "cybernorms: " and the printf-style message on stderr. */
void cn_cmdline_say(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/* Prints "cybernorms: [COMMAND: ]" and d (or, when d is NULL or empty, the
 * name of status); returns the exit status of status (cn_exit_code). */
int cn_cmdline_fail(const char *command, int status, const cn_diag *d);

/* A usage error: prints "cybernorms: " and d->msg, then "Try 'cybernorms
 * help COMMAND'." (command NULL: "Try 'cybernorms --help'."); returns 2. */
int cn_cmdline_usage(const char *command, const cn_diag *d);

/* A usage error said in place: "cybernorms: COMMAND: " and the printf-style
 * message, then the hint of cn_cmdline_usage; returns 2. */
int cn_cmdline_usage_error(const char *command, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Loads scenario file with the overrides (cn_load_scenario).  0 and *out
 * the scenario (free with cn_scenario_free), or the exit status after
 * printing the loader's diagnostic ("cybernorms: [COMMAND: ]FILE:LINE:
 * setting 'x': ...") with *out NULL. */
int cn_cmdline_load(const char *command, const char *file, const char *const *sets, int n_sets,
                    cn_scenario **out);

/* The end of a run of scenario file: CN_OK prints nothing; CN_EINPUT is
 * the unknown GSL generator (names file and its setting 'run.generator');
 * anything else as cn_cmdline_fail(command, status, NULL).  Returns the
 * exit status. */
int cn_cmdline_fail_run(const char *command, int status, const char *file,
                        const char *generator);

/* ---- signals -------------------------------------------------------------- */

/* Once, in main, before any thread: HUP, INT, QUIT, TERM, PIPE and XFSZ
 * remove every temporary result file before the process ends the way the
 * signal would end it (cn_outfile_signals_install); a signal ignored when
 * the program started (nohup) stays ignored.  CN_OK or CN_EIO (errno). */
int cn_cmdline_signals_install(void);

/* A command that cleans up after itself: from cn_cmdline_catch_stop on,
 * the first HUP, INT, QUIT or TERM only sets the stop flag (a second one
 * ends the process, its temporary files removed) and PIPE and XFSZ are
 * left to the write that fails; cn_cmdline_release_stop goes back to
 * ending the process at once.  The flag is what the runner polls. */
void cn_cmdline_catch_stop(void);
void cn_cmdline_release_stop(void);
atomic_int *cn_cmdline_stop_flag(void);

/* The signal that asked to stop (0: none yet). */
int cn_cmdline_stopped(void);

/* The exit status of a command that stopped: 128 + the signal. */
int cn_cmdline_stop_status(void);

/* A server that waits to be stopped: blocks INT and TERM in the calling
 * thread (before any thread starts: threads inherit it), ignores PIPE (a
 * closed client or terminal must not end it) and fills set for
 * cn_cmdline_stop_wait, which returns the signal once one arrives. */
void cn_cmdline_stop_block(sigset_t *set);
int cn_cmdline_stop_wait(const sigset_t *set);

/* ---- a clock --------------------------------------------------------------- */

/* Seconds on the monotonic clock (for elapsed times and rates). */
double cn_cmdline_now(void);

#endif
