/* cn_schema.h - the scenario file's settings: one table per group.
 *
 * Every setting a scenario file may hold is one row of a table here: its
 * name, type, range, default and the place in the plain structs of
 * cn_scenario.h where it lives.  The tables keep the file format in one
 * place, and four things read them:
 *   - the loader (cn_load.h, sim/load*.c) checks a file against them and
 *     copies each value to its place;
 *   - cn_scenario_defaults and the loader's list readers set defaults
 *     from them (cn_schema_defaults);
 *   - cn_scenario_write walks them to print a fully resolved scenario;
 *   - cn_schema_list prints them, and test_load checks that
 *     docs/scenarios.md names every setting of the list.
 * Adding a model parameter is a member of cn_model_params, one row in the
 * `model` table of sim/schema.c (name, range, default), and the model code
 * that reads it.
 *
 * A setting whose value refers to another part of the scenario (a state
 * code, bloc names, the chair, a closed agenda, ...) is a CN_T_REF: the
 * loader reads it by code (it needs the parts read before it), the writer
 * prints it by its `ref` kind.  `when` (may be NULL: always) says whether
 * a setting is written for a given struct, e.g. a campaign's `region`
 * only with target = "region".  The tables are constant data: safe from
 * any thread.
 */
#ifndef CN_SCHEMA_H
#define CN_SCHEMA_H

#include <stddef.h>
#include <stdio.h>

#include "cn_scenario.h"

typedef enum {
    CN_T_INT,   /* int */
    CN_T_LONG,  /* long */
    CN_T_ULONG, /* unsigned long */
    CN_T_FLOAT, /* double */
    CN_T_BOOL,  /* int 0/1, written true/false */
    CN_T_STR,   /* char[size] */
    CN_T_DIMS,  /* double[CN_MAX_DIMS], one number per dimension in the file */
    CN_T_ENUM,  /* an enum (int-sized), written as names[value] */
    CN_T_GROUP, /* a group { ... } described by sub (sub NULL: free names, see CN_REF_CLOSED) */
    CN_T_LIST,  /* a list ( { ... }, ... ) of groups described by sub */
    CN_T_REF    /* refers to other parts: read by the loader's code, written by `ref` */
} cn_type;

typedef enum {
    CN_REF_NONE = 0,
    CN_REF_STATE,        /* int: a state index, written as its code */
    CN_REF_STATES,       /* int *, count at off2: state indices, as an array of codes */
    CN_REF_BLOC,         /* int: a bloc index, written as its name */
    CN_REF_POLES,        /* int[2]: two bloc indices */
    CN_REF_STAKEHOLDERS, /* int *, count at off2: stakeholder indices, as names */
    CN_REF_FORUMS,       /* int[], count at off2: forum indices, as names */
    CN_REF_CHAIR,        /* the cn_forum's chair_mode and chair */
    CN_REF_CLOSED,       /* the cn_forum's open and fixed: { dimension = value; ... } */
    CN_REF_VOTES,        /* unsigned char[n_states]: the codes of the states whose value is arg */
    CN_REF_TEXTS,        /* char **, count at off2: an array of strings */
    CN_REF_VALUES,       /* char **, count at off2: libconfig values kept as text, as a list */
    CN_REF_RANGE,        /* double at off and at off2: [lo, hi] */
    CN_REF_DATE,         /* int: a cn_calendar month, written "YYYY-MM"; default `def`
                          * (-1: none, not written) */
    CN_REF_ISSUES,       /* unsigned: a forum's issues, a bitmask of dimensions (0: all),
                          * written as an array of dimension names */
    CN_REF_COUNTS,       /* the cn_expected's dated counts of signatories (arg 1) or
                          * parties (arg 0): ( { date = "YYYY-MM"; signatories = N; }, ... ) */
    CN_REF_ALTERNATIVE,  /* the cn_forum's alternative: { text = [...]; sponsor = "BLOC"; } */
    CN_REF_ATTRIBUTION,  /* the cn_scenario's offense and attr_since arrays, as the group
                          * { offense = (...); attributors = (...); } */
    CN_REF_MARKETS,      /* the cn_scenario's market array, as the group
                          * { gdp = ( { code = "USA"; value = 20500; }, ... ); } */
    CN_REF_NUMBERS,      /* double *, count at off2: an array of numbers */
    CN_REF_ROWS,         /* the cn_uncertain's ensemble: n_values rows of n_paths numbers,
                          * as ( [..], [..] ) */
    CN_REF_LEVERS        /* int *, count at off2: lever indices, as an array of names */
} cn_ref;

#define CN_F_REQ 1u       /* required */
#define CN_F_LOPEN 2u     /* the lower bound is excluded */
#define CN_F_LIMIT 4u     /* above hi is a program limit: CN_ELIMIT */
#define CN_F_FILL 8u      /* CN_T_DIMS: default `fill`; --set may create the array with it */
#define CN_F_HOPEN 16u    /* the upper bound is excluded */
#define CN_F_CODE 32u     /* a scalar the loader's code reads (its default depends on others) */
#define CN_F_INHERIT 64u  /* default: the forum_defaults setting of the same name */
#define CN_F_PTR 128u     /* group: at a pointer (NULL when absent); list: elements at a pointer */
#define CN_F_NOWRITE 256u /* read, never written (an alias of another setting) */
#define CN_F_INLINE 512u  /* list: each element written on one line */
#define CN_F_CROSS 1024u  /* a number the loader's code also checks against other settings, or
                           * other settings' defaults follow (a forum's sessions and seats, a
                           * state's capability: its bloc's default leader): never changed
                           * without reading the whole file again (cn_param.h) */

#define CN_NOFF ((size_t)-1) /* no place in a struct */
#define CN_NELEM(a) ((int)(sizeof(a) / sizeof((a)[0])))

typedef struct cn_schema cn_schema;

typedef struct {
    const char *name;
    cn_type type;
    size_t off;               /* offset in the group's struct, or CN_NOFF */
    size_t off2;              /* lists and array refs: offset of the int count; ranges: of hi */
    double lo, hi;            /* numbers and per-dimension arrays: the range */
    double def;               /* default of a number, bool or enum */
    const char *defs;         /* default of a string (NULL: none, "" when the struct is zeroed) */
    const char *doc;          /* the default in words when code sets it (docs, listings) */
    unsigned flags;           /* CN_F_* */
    size_t size;              /* CN_T_STR: buffer size; CN_T_LIST: element size */
    const cn_schema *sub;     /* CN_T_GROUP, CN_T_LIST: the group's / each element's table */
    const char *noun;         /* CN_T_LIST: one element; CN_F_LIMIT: what is counted;
                               * CN_T_ENUM: what a value is in messages (NULL: the name) */
    double fill;              /* CN_F_FILL */
    const char *const *names; /* CN_T_ENUM: the names, indexed by value */
    int n_names;
    cn_ref ref;               /* CN_T_REF and free-name groups: how it is written */
    int arg;                  /* CN_REF_VOTES: the vote listed */
    int (*when)(const void *obj); /* written only when this says so (NULL: always) */
} cn_field;

struct cn_schema {
    const cn_field *f;
    int n;
};

/* The tables, one per group of the file (sim/schema.c). */
extern const cn_schema cn_schema_root;
extern const cn_schema cn_schema_dims, cn_schema_run, cn_schema_model, cn_schema_events,
    cn_schema_script, cn_schema_forum_defaults, cn_schema_calendar, cn_schema_state,
    cn_schema_stakeholder, cn_schema_bloc, cn_schema_tie, cn_schema_rival,
    cn_schema_alternative, cn_schema_forum, cn_schema_campaign, cn_schema_regime,
    cn_schema_attribution, cn_schema_offense, cn_schema_attributor, cn_schema_markets,
    cn_schema_market_row, cn_schema_expected,
    cn_schema_sweep, cn_schema_sweep_factor, cn_schema_sweep_point, cn_schema_lever,
    cn_schema_uncertain;

/* A state of a world file that declares `world_dimensions`: the rows of
 * cn_schema_state, but its per-dimension arrays (ideal, ideal_se,
 * salience) are read by the loader's code, over the world's dimensions,
 * and projected onto the scenario's by name. */
extern const cn_schema cn_schema_world_state;

/* The elements of the `attribution` lists as the loader reads them (the
 * scenario keeps one number per state: cn_scenario.offense, attr_since). */
typedef struct {
    int code;                 /* state index */
    double weight;
} cn_offense_row;
typedef struct {
    char name[CN_NAME_LEN];
    int n_members;
    int *members;             /* state indices, owned by the reader */
    double since;             /* decimal year */
} cn_attributor_row;

/* The elements of `markets.gdp` as the loader reads them (the scenario
 * keeps one number per state: cn_scenario.market). */
typedef struct {
    int code;                 /* state index */
    double value;
} cn_market_row;

/* Names the file uses for enum values, indexed by value. */
extern const char *const cn_schema_un_groups[5];
extern const char *const cn_schema_rule_names[7];
extern const char *const cn_schema_output_names[5];
extern const char *const cn_schema_target_names[3];
extern const char *const cn_schema_design_names[6];
extern const char *const cn_schema_dist_names[7];
extern const char *const cn_schema_uncertainty_names[3];
extern const char *const cn_schema_event_kinds[2];

/* The word the scenario file uses for a decision rule, a forum's output
 * ("consensus", "treaty", ...); "unknown" for a value out of range. */
const char *cn_schema_rule_name(cn_rule r);
const char *cn_schema_output_name(cn_output_kind o);

/* The row of sc named name, or NULL (also when sc or name is NULL). */
const cn_field *cn_schema_find(const cn_schema *sc, const char *name);

/* Sets every setting of obj (a struct sc describes) that has a fixed
 * default: numbers, bools, enums, strings with a default, per-dimension
 * arrays (all CN_MAX_DIMS entries: `fill`), dates (CN_REF_DATE: `def`),
 * and inline groups, recursively.  Lists, other references, CN_F_INHERIT
 * and CN_F_CODE settings are left alone. */
void cn_schema_defaults(const cn_schema *sc, void *obj);

/* Copies into obj (described by sc) each CN_F_INHERIT setting from the
 * setting of the same name of from (described by from_sc). */
void cn_schema_inherit(const cn_schema *sc, void *obj, const cn_schema *from_sc,
                       const void *from);

#endif
