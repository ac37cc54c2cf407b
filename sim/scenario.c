/* scenario.c - the validated scenario (cn_scenario.h): defaults, lookups,
 * freeing, and writing it back as a fully resolved libconfig file.
 *
 * A scenario is plain data, const after loading; nothing here keeps state,
 * so every function may be called from any thread on a scenario no one is
 * changing.  The defaults and the writer come from the settings tables
 * (cn_schema.h): cn_scenario_defaults sets each row's default, and
 * cn_scenario_write walks the tables, printing every setting explicitly
 * (defaults included, members as code arrays) so that cn_load.h reads the
 * output back into an equal scenario: each float is printed with the
 * fewest significant digits (15 to 17, as %.17g at worst) that read back to
 * the same double, and always carries a '.' or an exponent, so libconfig
 * reads it as a float.
 */
#include "cn_scenario.h"

#include "cn_param.h"

#include "cn_error.h"
#include "cn_schema.h"

#include <limits.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

static void set_dim(cn_dimension *d, const char *name, const char *low, const char *high)
{
    snprintf(d->name, sizeof d->name, "%s", name);
    snprintf(d->low, sizeof d->low, "%s", low);
    snprintf(d->high, sizeof d->high, "%s", high);
}

double cn_dim_default_status_quo(const char *name)
{
    static const char *const zero[] = {"form", "crime", "law"};
    for (size_t k = 0; k < sizeof zero / sizeof zero[0]; k++)
        if (name != NULL && strcmp(name, zero[k]) == 0)
            return 0.0;
    return 0.5;
}

void cn_scenario_defaults(cn_scenario *s)
{
    if (s == NULL)
        return;
    memset(s, 0, sizeof *s);
    cn_schema_defaults(&cn_schema_root, s);
    s->n_dims = 2;
    set_dim(&s->dims[0], "scope",
            "cybersecurity: security of systems and networks, multistakeholder",
            "information security: also content control, state sovereignty over information");
    /* `form` is content: how obligation-like the language is.  Whether a
     * text binds is its legal type (cn_output_kind), not this. */
    set_dim(&s->dims[1], "form", "voluntary norms: hortatory language, recommendations",
            "firm obligations: mandatory language a state would be held to");
    s->dim_scope = 0;
    s->dim_form = 1;
    s->poles[0] = s->poles[1] = -1;
    s->model.status_quo[1] = 0.0; /* `form`: no agreement binds nobody */
}

static void free_strings(char **v, int n)
{
    if (v == NULL)
        return;
    for (int i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

static void free_sweep(cn_sweep_spec *sp)
{
    if (sp == NULL)
        return;
    for (int k = 0; sp->factors != NULL && k < sp->n_factors; k++) {
        free_strings(sp->factors[k].levels, sp->factors[k].n_levels);
        free_strings(sp->factors[k].labels, sp->factors[k].n_levels);
        free(sp->factors[k].numeric);
    }
    for (int k = 0; sp->factors != NULL && k < sp->n_factors; k++)
        free(sp->factors[k].lever);
    for (int p = 0; sp->entries != NULL && p < sp->n_entries; p++) {
        free_strings(sp->entries[p].sets, sp->entries[p].n_sets);
        free(sp->entries[p].levers);
    }
    free(sp->factors);
    free(sp->entries);
    free_strings(sp->metrics, sp->n_metrics);
    free(sp);
}

void cn_scenario_free(cn_scenario *s)
{
    if (s == NULL)
        return;
    if (s->blocs != NULL)
        for (int i = 0; i < s->n_blocs; i++)
            free(s->blocs[i].members);
    if (s->forums != NULL)
        for (int i = 0; i < s->n_forums; i++) {
            free(s->forums[i].members);
            free(s->forums[i].pool);
            free(s->forums[i].stakeholders);
            free(s->forums[i].open_to);
            free(s->forums[i].candidates);
        }
    if (s->campaigns != NULL)
        for (int i = 0; i < s->n_campaigns; i++)
            free(s->campaigns[i].targets);
    if (s->regimes != NULL)
        for (int i = 0; i < s->n_regimes; i++)
            free(s->regimes[i].parties);
    if (s->events.script != NULL)
        for (int i = 0; i < s->events.n_script; i++)
            free(s->events.script[i].attributors);
    free(s->events.script);
    free(s->offense);
    free(s->attr_since);
    free(s->market);
    free(s->states);
    free(s->stakeholders);
    free(s->blocs);
    free(s->ties);
    free(s->forums);
    free(s->campaigns);
    free(s->regimes);
    if (s->expected != NULL) {
        free(s->expected->real_vote);
        free(s->expected->prev_vote);
    }
    free(s->expected);
    free_sweep(s->sweep);
    for (int i = 0; s->levers != NULL && i < s->n_levers; i++)
        free_strings(s->levers[i].sets, s->levers[i].n_sets);
    free(s->levers);
    for (int i = 0; s->uncertain != NULL && i < s->n_uncertain; i++) {
        cn_uncertain *u = &s->uncertain[i];
        free(u->values);
        free(u->weights);
        free_strings(u->paths, u->n_paths);
        for (int k = 0; u->params != NULL && k < u->n_params; k++)
            cn_param_free(&u->params[k]);
        free(u->params);
    }
    free(s->uncertain);
    free(s);
}

int cn_scenario_state(const cn_scenario *s, const char *code)
{
    if (s == NULL || code == NULL)
        return -1;
    for (int i = 0; i < s->n_states; i++)
        if (strcmp(s->states[i].code, code) == 0)
            return i;
    return -1;
}

int cn_scenario_bloc(const cn_scenario *s, const char *name)
{
    if (s == NULL || name == NULL)
        return -1;
    for (int i = 0; i < s->n_blocs; i++)
        if (strcmp(s->blocs[i].name, name) == 0)
            return i;
    return -1;
}

int cn_scenario_forum(const cn_scenario *s, const char *name)
{
    if (s == NULL || name == NULL)
        return -1;
    for (int i = 0; i < s->n_forums; i++)
        if (strcmp(s->forums[i].name, name) == 0)
            return i;
    return -1;
}

int cn_scenario_stakeholder(const cn_scenario *s, const char *name)
{
    if (s == NULL || name == NULL)
        return -1;
    for (int i = 0; i < s->n_stakeholders; i++)
        if (strcmp(s->stakeholders[i].name, name) == 0)
            return i;
    return -1;
}

int cn_scenario_dim(const cn_scenario *s, const char *name)
{
    if (s == NULL || name == NULL)
        return -1;
    for (int i = 0; i < s->n_dims; i++)
        if (strcmp(s->dims[i].name, name) == 0)
            return i;
    return -1;
}

int cn_scenario_rounds(const cn_scenario *s)
{
    if (s == NULL)
        return 0;
    int rounds = 0;
    for (int i = 0; i < s->n_forums; i++) {
        const cn_forum *f = &s->forums[i];
        int r = f->start - 1 + f->sessions;
        if (f->output == CN_OUTPUT_TREATY || f->rule == CN_RULE_CLUB)
            r += f->ratification_sessions; /* a club's members join after its founding */
        if (r > rounds)
            rounds = r;
    }
    /* a calendar end is the end: the run describes the world at that date */
    if (s->calendar.start >= 0 && s->calendar.end >= 0)
        rounds = cn_calendar_round(&s->calendar, s->calendar.end);
    return rounds;
}

int cn_calendar_round(const cn_calendar *c, int month)
{
    if (c->start < 0 || c->round_months < 1 || month <= c->start)
        return 1;
    return 1 + (month - c->start) / c->round_months;
}

int cn_calendar_month(const cn_calendar *c, int round)
{
    if (c->start < 0)
        return -1;
    return c->start + (round - 1) * c->round_months;
}

void cn_calendar_format(int month, char *buf, size_t size)
{
    if (size == 0)
        return;
    if (month < 0)
        buf[0] = '\0';
    else
        snprintf(buf, size, "%04d-%02d", month / 12, month % 12 + 1);
}

int cn_calendar_parse(const char *text)
{
    if (text == NULL || strlen(text) != 7 || text[4] != '-')
        return -1;
    for (int k = 0; k < 7; k++)
        if (k != 4 && (text[k] < '0' || text[k] > '9'))
            return -1;
    int y = (text[0] - '0') * 1000 + (text[1] - '0') * 100 + (text[2] - '0') * 10 + (text[3] - '0');
    int m = (text[5] - '0') * 10 + (text[6] - '0');
    if (y < 1000 || m < 1 || m > 12)
        return -1;
    return 12 * y + m - 1;
}

double cn_calendar_years(const cn_calendar *c)
{
    return c->round_months / 12.0;
}

int cn_output_binding(cn_output_kind o)
{
    return o == CN_OUTPUT_TREATY || o == CN_OUTPUT_DECISION;
}

const char *cn_output_phrase(cn_output_kind o)
{
    switch (o) {
    case CN_OUTPUT_REPORT: return "a nonbinding report";
    case CN_OUTPUT_TREATY:
        return "a treaty, binding on the states that ratify it once it is in force";
    case CN_OUTPUT_DECISION:
        return "a Security Council decision, binding on every state once adopted";
    case CN_OUTPUT_DECLARATION: return "a nonbinding declaration";
    case CN_OUTPUT_RESOLUTION: return "a General Assembly resolution, a nonbinding recommendation";
    }
    return "a text";
}

/* ---- writing: a walk of the settings tables (cn_schema.h) ---- */

static void put_str(FILE *f, const char *str)
{
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)str; *p != '\0'; p++) {
        switch (*p) {
        case '"': fputs("\\\"", f); break;
        case '\\': fputs("\\\\", f); break;
        case '\n': fputs("\\n", f); break;
        case '\t': fputs("\\t", f); break;
        case '\r': fputs("\\r", f); break;
        case '\f': fputs("\\f", f); break;
        default:
            if (*p < 0x20 || *p == 0x7f)
                fprintf(f, "\\x%02x", *p);
            else
                fputc(*p, f);
        }
    }
    fputc('"', f);
}

/* A float libconfig reads back bit for bit, always with '.' or 'e'. */
static void put_float(FILE *f, double v)
{
    char buf[40];
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, sizeof buf, "%.*g", prec, v);
        if (strtod(buf, NULL) == v)
            break;
    }
    if (strpbrk(buf, ".eEn") == NULL) {
        size_t len = strlen(buf); /* at most 24 of the 40 */
        memcpy(buf + len, ".0", 3);
    }
    fputs(buf, f);
}

static void put_dims(FILE *f, const double *v, int n)
{
    fputc('[', f);
    for (int d = 0; d < n; d++) {
        if (d > 0)
            fputs(", ", f);
        put_float(f, v[d]);
    }
    fputc(']', f);
}

/* An array of names: the names (the member at offset off, in elements of
 * stride bytes) of elements idx[0..n-1] of arr (0..n-1 if idx is NULL;
 * arr may be NULL when n is 0). */
static void put_names(FILE *f, const void *arr, size_t stride, size_t off, const int *idx, int n)
{
    fputc('[', f);
    for (int k = 0; k < n; k++) {
        if (k > 0)
            fputs(", ", f);
        put_str(f, (const char *)arr + (size_t)(idx != NULL ? idx[k] : k) * stride + off);
    }
    fputc(']', f);
}

#define STATE_CODES(s) (s)->states, sizeof(cn_state), offsetof(cn_state, code)
#define BLOC_NAMES(s) (s)->blocs, sizeof(cn_bloc), offsetof(cn_bloc, name)

/* A cn_calendar month as "YYYY-MM". */
static void put_date(FILE *f, int month)
{
    char date[16];
    cn_calendar_format(month, date, sizeof date);
    put_str(f, date);
}

/* The dated counts of ex of one kind (signatories 1, parties 0). */
static void put_counts(FILE *f, const cn_expected *ex, int signatories)
{
    int k = 0;
    fputc('(', f);
    for (int c = 0; c < ex->n_counts; c++) {
        const cn_expected_count *x = &ex->counts[c];
        if (x->signatories != signatories)
            continue;
        fputs(k++ > 0 ? ", { date = " : " { date = ", f);
        put_date(f, x->month);
        fprintf(f, "; %s = %d; }", signatories ? "signatories" : "parties", x->real);
    }
    fputs(" )", f);
}

/* `attribution`: each state with an offense weight, each state that
 * attributes publicly with its year (one entry per state). */
static void put_attribution(FILE *f, const cn_scenario *s)
{
    fputs("{\n", f);
    if (s->offense != NULL) {
        int first = 1;
        fputs("  offense = (", f);
        for (int i = 0; i < s->n_states; i++) {
            if (s->offense[i] == 0.0)
                continue;
            fprintf(f, "%s\n    { code = ", first ? "" : ",");
            put_str(f, s->states[i].code);
            fputs("; weight = ", f);
            put_float(f, s->offense[i]);
            fputs("; }", f);
            first = 0;
        }
        fputs(first ? ");\n" : "\n  );\n", f);
    }
    if (s->attr_since != NULL) {
        int first = 1;
        fputs("  attributors = (", f);
        for (int i = 0; i < s->n_states; i++) {
            if (!(s->attr_since[i] < INFINITY))
                continue;
            fprintf(f, "%s\n    { members = [", first ? "" : ",");
            put_str(f, s->states[i].code);
            fputs("]; since = ", f);
            put_float(f, s->attr_since[i]);
            fputs("; }", f);
            first = 0;
        }
        fputs(first ? ");\n" : "\n  );\n", f);
    }
    fputc('}', f);
}

/* `markets`: each state with a market size, one element each. */
static void put_markets(FILE *f, const cn_scenario *s)
{
    int first = 1;
    fputs("{\n  gdp = (", f);
    for (int i = 0; i < s->n_states; i++) {
        if (s->market[i] == 0.0)
            continue;
        fprintf(f, "%s\n    { code = ", first ? "" : ",");
        put_str(f, s->states[i].code);
        fputs("; value = ", f);
        put_float(f, s->market[i]);
        fputs("; }", f);
        first = 0;
    }
    fputs(first ? ");\n}" : "\n  );\n}", f);
}

/* A value that refers to other parts of the scenario (cn_ref). */
/* A sweep factor's range: [lo, hi]. */
static void put_range(FILE *f, double lo, double hi)
{
    fputc('[', f);
    put_float(f, lo);
    fputs(", ", f);
    put_float(f, hi);
    fputc(']', f);
}

/* An ensemble's rows: ( [v, ...], [v, ...] ). */
static void put_rows(FILE *f, const cn_uncertain *u)
{
    fputc('(', f);
    for (int r = 0; r < u->n_values; r++) {
        fputs(r > 0 ? ", " : " ", f);
        put_dims(f, u->values + (size_t)r * (size_t)u->n_paths, u->n_paths);
    }
    fputs(" )", f);
}

/* A list point's levers by name. */
static void put_lever_names(FILE *f, const cn_scenario *s, const int *v, int n)
{
    fputc('[', f);
    for (int k = 0; k < n; k++) {
        fputs(k > 0 ? ", " : "", f);
        put_str(f, s->levers[v[k]].name);
    }
    fputc(']', f);
}

static void put_ref(FILE *f, const cn_scenario *s, const cn_field *fd, const char *obj)
{
    const void *p = obj + fd->off;
    const void *p2 = obj + fd->off2;
    const int *count = p2; /* for the kinds with a count */
    switch (fd->ref) {
    case CN_REF_STATE: put_str(f, s->states[*(const int *)p].code); break;
    case CN_REF_STATES: put_names(f, STATE_CODES(s), *(int *const *)p, *count); break;
    case CN_REF_BLOC: put_str(f, s->blocs[*(const int *)p].name); break;
    case CN_REF_POLES: put_names(f, BLOC_NAMES(s), (const int *)p, 2); break;
    case CN_REF_STAKEHOLDERS:
        put_names(f, s->stakeholders, sizeof(cn_stakeholder), offsetof(cn_stakeholder, name),
                  *(int *const *)p, *count);
        break;
    case CN_REF_FORUMS:
        put_names(f, s->forums, sizeof(cn_forum), offsetof(cn_forum, name), (const int *)p,
                  *count);
        break;
    case CN_REF_CHAIR: {
        const cn_forum *fo = (const cn_forum *)obj;
        put_str(f, fo->chair_mode == CN_CHAIR_NAMED      ? s->states[fo->chair].code
                   : fo->chair_mode == CN_CHAIR_ROTATE ? "rotate"
                                                       : "capability");
        break;
    }
    case CN_REF_CLOSED: {
        const cn_forum *fo = (const cn_forum *)obj;
        fputc('{', f);
        for (int d = 0; d < s->n_dims; d++)
            if (!fo->open[d]) {
                fprintf(f, " %s = ", s->dims[d].name);
                put_float(f, fo->fixed[d]);
                fputc(';', f);
            }
        fputs(" }", f);
        break;
    }
    case CN_REF_VOTES: {
        const unsigned char *v = *(const unsigned char *const *)p;
        int k = 0;
        fputc('[', f);
        for (int i = 0; i < s->n_states; i++)
            if (v[i] == fd->arg) {
                fputs(k++ > 0 ? ", " : "", f);
                put_str(f, s->states[i].code);
            }
        fputc(']', f);
        break;
    }
    case CN_REF_TEXTS:
    case CN_REF_VALUES: {
        char *const *v = *(char *const *const *)p;
        fputc(fd->ref == CN_REF_TEXTS ? '[' : '(', f);
        for (int k = 0; k < *count; k++) {
            fputs(k > 0 ? ", " : "", f);
            if (fd->ref == CN_REF_TEXTS)
                put_str(f, v[k]);
            else
                fputs(v[k], f); /* as the loader kept it, 64-bit integers with their L */
        }
        fputc(fd->ref == CN_REF_TEXTS ? ']' : ')', f);
        break;
    }
    case CN_REF_RANGE: put_range(f, *(const double *)p, *(const double *)p2); break;
    case CN_REF_DATE: put_date(f, *(const int *)p); break;
    case CN_REF_ISSUES: {
        unsigned issues = *(const unsigned *)p;
        int k = 0;
        fputc('[', f);
        for (int d = 0; d < s->n_dims; d++)
            if (issues == 0 || (issues >> d & 1u)) {
                fputs(k++ > 0 ? ", " : "", f);
                put_str(f, s->dims[d].name);
            }
        fputc(']', f);
        break;
    }
    case CN_REF_COUNTS: put_counts(f, (const cn_expected *)obj, fd->arg); break;
    case CN_REF_ALTERNATIVE: {
        const cn_forum *fo = (const cn_forum *)obj;
        fputs("{ text = ", f);
        put_dims(f, fo->alternative, s->n_dims);
        fputc(';', f);
        if (fo->alternative_sponsor >= 0) {
            fputs(" sponsor = ", f);
            put_str(f, s->blocs[fo->alternative_sponsor].name);
            fputc(';', f);
        }
        fputs(" }", f);
        break;
    }
    case CN_REF_ATTRIBUTION: put_attribution(f, s); break;
    case CN_REF_MARKETS: put_markets(f, s); break;
    case CN_REF_NUMBERS: put_dims(f, *(const double *const *)p, *count); break;
    case CN_REF_ROWS: put_rows(f, (const cn_uncertain *)obj); break;
    case CN_REF_LEVERS: put_lever_names(f, s, *(int *const *)p, *count); break;
    default: break;
    }
}

/* A value stored at p as fd says (numbers, bools, strings, arrays, enums). */
static void put_scalar(FILE *f, const cn_scenario *s, const cn_field *fd, const void *p)
{
    switch (fd->type) {
    case CN_T_INT: fprintf(f, "%d", *(const int *)p); break;
    case CN_T_LONG: {
        long v = *(const long *)p;
        fprintf(f, "%ld%s", v, v > INT_MAX || v < INT_MIN ? "L" : "");
        break;
    }
    case CN_T_ULONG: {
        unsigned long v = *(const unsigned long *)p;
        fprintf(f, "%lu%s", v, v > (unsigned long)INT_MAX ? "L" : "");
        break;
    }
    case CN_T_FLOAT: put_float(f, *(const double *)p); break;
    case CN_T_BOOL: fputs(*(const int *)p ? "true" : "false", f); break;
    case CN_T_STR: put_str(f, p); break;
    case CN_T_DIMS: put_dims(f, (const double *)p, s->n_dims); break;
    case CN_T_ENUM: {
        int v = *(const int *)p;
        put_str(f, v >= 0 && v < fd->n_names ? fd->names[v] : "?");
        break;
    }
    default: break;
    }
}

static void write_group(FILE *f, const cn_scenario *s, const cn_schema *sc, const char *obj,
                        int indent);

/* The elements of a list of groups: each on its own lines at indent + 2,
 * or (CN_F_INLINE) each on one line. */
static void write_list(FILE *f, const cn_scenario *s, const cn_field *fd, const char *obj,
                       int indent)
{
    const char *base = obj + fd->off;
    if (fd->flags & CN_F_PTR)
        base = *(const char *const *)base;
    const void *count = obj + fd->off2;
    int n = *(const int *)count;
    fputc('(', f);
    for (int k = 0; k < n; k++) {
        const char *e = base + (size_t)k * fd->size;
        if (fd->flags & CN_F_INLINE) {
            fprintf(f, "%s\n%*s{", k > 0 ? "," : "", indent + 2, "");
            write_group(f, s, fd->sub, e, -1);
            fputs(" }", f);
        } else {
            fprintf(f, "%s\n%*s{\n", k > 0 ? "," : "", indent + 2, "");
            write_group(f, s, fd->sub, e, indent + 4);
            fprintf(f, "%*s}", indent + 2, "");
        }
    }
    if (n > 0)
        fprintf(f, "\n%*s", indent, "");
    fputs(");\n", f);
}

/* Every setting of a group (described by sc, stored at obj), in table
 * order: each on its own line at indent, or (indent < 0) on one line,
 * " name = value;" each.  At the top level a blank line opens each
 * setting that is not a string. */
static void write_group(FILE *f, const cn_scenario *s, const cn_schema *sc, const char *obj,
                        int indent)
{
    for (int k = 0; k < sc->n; k++) {
        const cn_field *fd = &sc->f[k];
        if (fd->off == CN_NOFF || (fd->flags & CN_F_NOWRITE)
            || (fd->when != NULL && !fd->when(obj)))
            continue;
        const char *p = obj + fd->off;
        if (fd->type == CN_T_GROUP && (fd->flags & CN_F_PTR)
            && (p = *(const char *const *)p) == NULL)
            continue;
        if (fd->type == CN_T_REF && fd->ref == CN_REF_DATE && *(const int *)p < 0)
            continue; /* no date */
        if (indent < 0)
            fprintf(f, " %s = ", fd->name);
        else
            fprintf(f, "%s%*s%s = ", indent == 0 && fd->type != CN_T_STR ? "\n" : "", indent, "",
                    fd->name);
        if (fd->type == CN_T_LIST) {
            write_list(f, s, fd, obj, indent);
            continue;
        }
        if (fd->type == CN_T_GROUP && fd->sub != NULL && fd->ref == CN_REF_NONE) {
            fputs("{\n", f);
            write_group(f, s, fd->sub, p, indent + 2);
            fprintf(f, "%*s};\n", indent, "");
            continue;
        }
        if (fd->type == CN_T_REF || fd->type == CN_T_GROUP)
            put_ref(f, s, fd, obj);
        else
            put_scalar(f, s, fd, p);
        fputs(indent < 0 ? ";" : ";\n", f);
    }
}

int cn_scenario_write(const cn_scenario *s, FILE *f)
{
    if (s == NULL || f == NULL)
        return CN_EIO;
    fputs("# cybernorms scenario, fully resolved (every default written out)\n", f);
    write_group(f, s, &cn_schema_root, (const char *)s, 0);
    return ferror(f) ? CN_EIO : CN_OK;
}
