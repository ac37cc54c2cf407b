/* cn_load_internal.h - what the loader's files share (private to sim/load*.c).
 *
 * The loader (cn_load.h) is split by job:
 *   load.c           the entry points: read the file, pre-scan, parse,
 *                    apply the overrides, validate;
 *   load_prescan.c   before libconfig: size, includes, strings, numbers;
 *   load_set.c       --set: graft each override into the parsed tree;
 *   load_read.c      diagnostics and the readers of one setting (checked
 *                    against its row of the schema, cn_schema.h);
 *   load_sections.c  the sections of a scenario, in order (cn_load_validate);
 *   load_forums.c    the forums section;
 *   load_events.c    incidents: `events.script` and the public record
 *                    (`attribution`);
 *   load_expected.c  `expected`, the real outcome of a history scenario;
 *   load_sweep.c     `sweep`, a sweep design.
 * Every reader returns CN_OK or a status with c->diag filled (FILE:LINE,
 * the setting's dotted path, what was expected).  Nothing here keeps
 * state between calls.
 */
#ifndef CN_LOAD_INTERNAL_H
#define CN_LOAD_INTERNAL_H

#include <libconfig.h>
#include <stdio.h>
#include <sys/types.h>

#include "cn_error.h"
#include "cn_scenario.h"
#include "cn_schema.h"

#define CN_LOAD_MAX_BYTES (8L * 1024 * 1024) /* a scenario with its includes */
#define CN_LOAD_MAX_MIB 8
#define CN_LOAD_INCLUDE_DEPTH 10

typedef struct {
    cn_diag *diag;
    const char *name;   /* the scenario's name in messages (path or string name) */
    const char *incdir; /* folder includes resolve against, or NULL */
    cn_scenario *s;
    const config_setting_t *raw_blocs; /* the blocs list, for "defined later" hints */
    int n_world;                       /* world_dimensions given: their number, else 0 */
    char world_names[CN_MAX_DIMS][CN_NAME_LEN];
    int world_map[CN_MAX_DIMS];        /* scenario dimension d is world dimension world_map[d] */
    char file[CN_DIAG_FILE];
} cn_load_ctx;

/* ---- diagnostics (load_read.c) ---- */

/* File and line a setting came from ("--set" and the override's position
 * for grafted settings). */
void cn_load_origin(cn_load_ctx *c, const config_setting_t *st, const char **file, int *line);

/* Fills c->diag at setting `at` (path may be NULL or "") and returns status. */
#if defined(__GNUC__)
__attribute__((format(printf, 5, 6)))
#endif
int cn_load_fail(cn_load_ctx *c, int status, const config_setting_t *at, const char *path,
                 const char *fmt, ...);

int cn_load_nomem(cn_load_ctx *c);

/* " (did you mean 'x'?)" or "" into buf. */
const char *cn_load_hint(char *buf, size_t size, const char *word, const char *const *cands,
                         size_t n);

/* buf = "parent.seg" (or "seg"), cut to size. */
void cn_load_join(char *buf, size_t size, const char *parent, const char *seg);

/* "a float (2.5)", "a string (\"x\")", "a group"... */
const char *cn_load_got(char *buf, size_t size, const config_setting_t *st);

int cn_load_unknown_setting(cn_load_ctx *c, const config_setting_t *at, const char *path,
                            const char *name, const cn_schema *sc);
int cn_load_missing(cn_load_ctx *c, const config_setting_t *group, const char *path,
                    const char *name);

/* A string member of a group, or NULL when absent or not a string. */
const char *cn_load_str_member(const config_setting_t *g, const char *name);

/* "line N" or "--set N": where st is, for "first at" notes. */
void cn_load_line_note(cn_load_ctx *c, const config_setting_t *st, char *buf, size_t size);

/* ---- one setting (load_read.c) ---- */

/* Reads st (a scalar, per-dimension array or enum) into dst as f says. */
int cn_load_read_field(cn_load_ctx *c, const config_setting_t *st, const char *path,
                       const cn_field *f, void *dst);

/* A state's per-dimension array over the world's dimensions (exactly
 * c->n_world numbers in f's range), projected onto the scenario's
 * dimensions (c->world_map) into out. */
int cn_load_read_world_array(cn_load_ctx *c, const config_setting_t *st, const char *path,
                             const cn_field *f, double *out);

/* Checks group g against sc: unknown settings, the scalars (read into
 * target at their offsets), required settings present.  Groups, lists,
 * references and CN_F_CODE settings are left to the caller. */
int cn_load_read_group(cn_load_ctx *c, const config_setting_t *g, const char *path,
                       const cn_schema *sc, void *target);

/* A list of groups with min..max elements; *n its length. */
int cn_load_check_list(cn_load_ctx *c, const config_setting_t *st, const char *path,
                       const char *one, const char *many, int min, int max, int *n);

/* Path of a list element: list.KEY when its `key` is usable, else list.INDEX. */
void cn_load_elem_path(char *buf, size_t size, const char *list, const config_setting_t *e,
                       const char *key, int index);

/* A name: non-empty, no '.', not a number. */
int cn_load_check_name(cn_load_ctx *c, const config_setting_t *st, const char *path,
                       const char *v);

/* Letters, digits and '_', not starting with a digit. */
int cn_load_is_ident(const char *v);

/* A "YYYY-MM" date (year 1000..9999): its cn_calendar month in *month. */
int cn_load_read_date(cn_load_ctx *c, const config_setting_t *st, const char *path, int *month);

/* "unknown dimension 'x'" with a did-you-mean among the scenario's. */
int cn_load_unknown_dim(cn_load_ctx *c, const config_setting_t *at, const char *path,
                        const char *name);

/* Matches a string setting against names[0..n-1]; *out its index. */
int cn_load_read_enum(cn_load_ctx *c, const config_setting_t *st, const char *path,
                      const char *noun, const char *const *names, int n, int *out);

/* An array of strings (a point's `set`, `metrics`, a lever's `set`) or,
 * when one_ok, a single string: copies into *out (n *n).  many,
 * one_elem: what is expected of the whole and of an element, for
 * messages. */
int cn_load_read_texts(cn_load_ctx *c, const config_setting_t *st, const char *path, int one_ok,
                       const char *many, const char *one_elem, char ***out, int *n);

/* ---- lists of groups (load_read.c) ---- */

/* How the elements of a top-level list (a LIST row of cn_schema_root) are
 * read: min..max of them; each starts from its table's defaults, then
 * init (may be NULL), is read by its table (or by `read` when not NULL:
 * a table of the same struct), has its `key` (NULL: none,
 * the element is named by its index) checked by key_ok and unique
 * ("duplicate NOUN 'x' (first at line N)"), then check (may be NULL). */
typedef struct {
    const char *name; /* the list: "states", "forums", ... */
    int min, max;
    const char *key;  /* "code", "name" or NULL */
    const char *dup;  /* what a duplicate key is: "state code", "forum name" */
    int (*key_ok)(cn_load_ctx *c, const config_setting_t *at, const char *path, const char *v);
    void (*init)(cn_load_ctx *c, void *elem);
    int (*check)(cn_load_ctx *c, const config_setting_t *e, const char *path, int i, void *elem);
    const cn_schema *read;
} cn_load_list_kind;

/* Reads the list k->name of root into c->s (its array and count, per the
 * root row), element by element as k says.  Absent: nothing. */
int cn_load_list(cn_load_ctx *c, const config_setting_t *root, const cn_load_list_kind *k);

/* "unknown WHAT 'word' (did you mean 'x'?)": the candidates are the names
 * (the member at offset off, of elements of stride bytes) of elements
 * idx[0..n-1] of array arr (0..n-1 when idx is NULL; arr may be NULL when
 * n is 0); what is the noun ("stakeholder", "forum"). */
int cn_load_unknown(cn_load_ctx *c, const config_setting_t *at, const char *path,
                    const char *what, const char *word, const void *arr, size_t stride,
                    size_t off, const int *idx, int n);

/* ---- references (load_read.c) ---- */

int cn_load_unknown_state(cn_load_ctx *c, const config_setting_t *at, const char *path,
                          const char *word, int with_blocs, int n_blocs, const char *what);
int cn_load_unknown_bloc(cn_load_ctx *c, const config_setting_t *at, const char *path,
                         const char *word);
int cn_load_state_ref(cn_load_ctx *c, const config_setting_t *st, const char *path, int *out);
int cn_load_bloc_ref(cn_load_ctx *c, const config_setting_t *st, const char *path, int *out);

/* Membership: "all" (when allowed) or state codes and names of the first
 * n_blocs blocs, expanded, duplicates dropped; *out NULL when empty. */
int cn_load_members(cn_load_ctx *c, const config_setting_t *st, const char *path, int allow_all,
                    int n_blocs, int **out, int *n_out);

/* ---- sections ---- */

/* The whole tree into c->s (load_sections.c). */
int cn_load_validate(cn_load_ctx *c, const config_setting_t *root);

/* The forums (load_forums.c). */
int cn_load_forums(cn_load_ctx *c, const config_setting_t *root);

/* `events.script` and `attribution`, after the forums (load_events.c):
 * a scripted event's round is checked against the run's last. */
int cn_load_script(cn_load_ctx *c, const config_setting_t *root);
int cn_load_attribution(cn_load_ctx *c, const config_setting_t *root);

/* `markets`, the size of each state's economy, into c->s->market
 * (load_markets.c); nothing when the group is absent. */
int cn_load_markets(cn_load_ctx *c, const config_setting_t *root);

/* `expected`, the real outcome of a history scenario, into c->s->expected
 * (load_expected.c); nothing when the group is absent. */
int cn_load_expected(cn_load_ctx *c, const config_setting_t *root);

/* `levers` and `uncertain` (load_levers.c): the levers' names and the
 * form of their overrides; each uncertain parameter's distribution and
 * its path, resolved to a plain setting (cn_param.h).  After every other
 * section but the sweep. */
int cn_load_levers(cn_load_ctx *c, const config_setting_t *root);
int cn_load_uncertain(cn_load_ctx *c, const config_setting_t *root);

/* Checks an override's form ("path=value", not a run, sweep, set, levers
 * or uncertain setting) at setting st (path p); what: "point", "lever". */
int cn_load_check_override(cn_load_ctx *c, const config_setting_t *st, const char *p,
                           const char *text);

/* `sweep`, a sweep design, into c->s->sweep (load_sweep.c); nothing when
 * the group is absent. */
int cn_load_sweep(cn_load_ctx *c, const config_setting_t *root);

/* ---- before libconfig (load_prescan.c) ---- */

typedef struct {
    cn_load_ctx *c;
    long budget; /* bytes the scenario's files may still hold */
    int depth;   /* files in the chain below */
    int is_set;  /* scanning a --set value: no @include */
    int first;   /* 1: dev[0], ino[0] are the scenario file's, not an include's */
    dev_t dev[CN_LOAD_INCLUDE_DEPTH + 1];
    ino_t ino[CN_LOAD_INCLUDE_DEPTH + 1];
} cn_load_prescan;

/* Reads f whole into a NUL-terminated buffer of at most max bytes.
 * CN_OK, CN_ELIMIT (larger), CN_EIO (errno kept) or CN_ENOMEM. */
int cn_load_read_text(FILE *f, long max, char **out, size_t *len);

int cn_load_too_large(cn_load_ctx *c, const char *file, int line, const char *inc);

/* A NUL byte in text: CN_EINPUT with its line. */
int cn_load_check_nul(cn_load_ctx *c, const char *text, size_t len, const char *file);

/* Scans text (named file in messages) as libconfig's scanner would. */
int cn_load_scan_text(cn_load_prescan *ps, const char *text, const char *file);

/* ---- --set (load_set.c) ---- */

/* Where a grafted setting came from: an override's position among the
 * --set overrides (file NULL), or the file and line of an element of the
 * scenario's own `set` list.  A grafted setting's libconfig hook points
 * at one (cn_load_origin reads it). */
typedef struct {
    int pos;                  /* 1-based position among the overrides */
    int line;                 /* the file's `set`: the element's line */
    const char *file;         /* the file's `set`: file (into file_buf); NULL: --set */
    char file_buf[CN_DIAG_FILE];
} cn_load_hook;

/* Applies override `set` ("path=value", position pos among the overrides)
 * to the parsed tree; grafted settings point at hook.  A path
 * "blocs.NAME.rest" whose `rest` is not a bloc's setting sets
 * "states.CODE.rest" for every member of the bloc (members given by
 * earlier blocs expanded); "LIST.*.rest" sets rest in every element of a
 * top-level list. */
int cn_load_apply_set(cn_load_ctx *c, config_t *cfg, const char *set, int pos,
                      const cn_load_hook *hook);

/* Applies the scenario file's own `set` list (strings "path=value"), in
 * order, before the --set overrides; hooks: one per element, kept by the
 * caller until validation ends (*hooks, *n; free). */
int cn_load_apply_file_sets(cn_load_ctx *c, config_t *cfg, cn_load_hook **hooks, int *n);

#endif
