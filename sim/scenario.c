/* scenario.c - the validated scenario (cn_scenario.h): defaults, lookups,
 * freeing, and writing it back as a fully resolved libconfig file.
 *
 * A scenario is plain data, const after loading; nothing here keeps state,
 * so every function may be called from any thread on a scenario no one is
 * changing.  cn_scenario_write prints every setting explicitly (defaults
 * included, members as code arrays) so that cn_load.h reads the output back
 * into an equal scenario: each float is printed with the fewest significant
 * digits (15 to 17, as %.17g at worst) that read back to the same double,
 * and always carries a '.' or an exponent, so libconfig reads it as a float.
 */
#include "cn_scenario.h"

#include "cn_error.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static void set_dim(cn_dimension *d, const char *name, const char *low, const char *high)
{
    snprintf(d->name, sizeof d->name, "%s", name);
    snprintf(d->low, sizeof d->low, "%s", low);
    snprintf(d->high, sizeof d->high, "%s", high);
}

void cn_scenario_defaults(cn_scenario *s)
{
    if (s == NULL)
        return;
    memset(s, 0, sizeof *s);
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

    s->events.incident_rate = 0.3;
    s->events.attribution = 0.4;
    s->events.shock = 0.05;
    s->events.urgency = 0.02;
    s->events.pressure_decay = 0.2;
    s->events.shame = 0.2;
    s->events.audience = 0.0;

    s->model.p = 2.0;
    s->model.beta = 24.4;          /* calibrated: docs/backtest.md */
    s->model.indifference = 0.019; /* calibrated */
    s->model.vote_deference = 0.038;     /* calibrated: docs/backtest.md */
    s->model.vote_objection_cost = 0.010; /* calibrated */
    s->model.consensus_objection_cost = 0.0;
    s->model.bloc_discipline = 0.0;
    s->model.rival_weight = 0.5;
    s->model.sponsor_cue = 0.0;
    s->model.abstain_split = 0.0;
    s->model.abstain_hedge = 0.0;
    s->model.epsilon = 0.93;       /* calibrated */
    s->model.self_tie = 1.0;
    s->model.base_tie = 0.05;
    s->model.bloc_tie = 0.243;     /* calibrated */
    s->model.campaign_decay = 0.1;
    for (int d = 0; d < CN_MAX_DIMS; d++)
        s->model.status_quo[d] = 0.5;
    s->model.status_quo[1] = 0.0; /* `form`: no agreement binds nobody */
    s->model.lockin = 0.2;
    s->model.report_regime_weight = 0.0;
    s->model.treaty_regime_weight = 0.0;
    s->model.incompatible = 0.3;
    s->model.dgc_form = 0.0; /* legal status alone: docs/model.md section 12 */
    s->model.dgc_scope = 0.35;
    s->model.dgc_coverage = 2.0 / 3.0;
    s->model.sign_threshold = 0.08; /* fitted: docs/backtest.md, "Treaties" */
    s->model.sign_open = 0.78;      /* fitted */
    s->model.sign_rate = 1.1;       /* fitted */

    s->calendar.start = -1;
    s->calendar.round_months = 4;
    s->calendar.end = -1;

    s->forum_defaults.sessions = 6;
    s->forum_defaults.footnotes = 0;
    s->forum_defaults.ratification_sessions = 12;
    s->forum_defaults.council_quota = 9;
    s->forum_defaults.dilution = 0.1;
    s->forum_defaults.chair_bias = 0.074; /* calibrated */
    s->forum_defaults.sigma = 0.03;
    s->forum_defaults.concession = 0.55; /* calibrated */
    s->forum_defaults.chair_step = 0.15; /* chairs move a draft a little at a time (docs/model.md 7) */

    s->run.seed = 1;
    s->run.replications = 1000;
    s->run.threads = 0;
    s->run.uncertainty = CN_UNC_POSITIONS;
    s->run.input_group = 20;
    snprintf(s->run.generator, sizeof s->run.generator, "%s", "mt19937");
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
        }
    if (s->campaigns != NULL)
        for (int i = 0; i < s->n_campaigns; i++)
            free(s->campaigns[i].targets);
    if (s->regimes != NULL)
        for (int i = 0; i < s->n_regimes; i++)
            free(s->regimes[i].parties);
    if (s->script != NULL)
        for (int i = 0; i < s->n_script; i++)
            free(s->script[i].attributors);
    free(s->script);
    free(s->offense);
    free(s->attr_since);
    free(s->states);
    free(s->stakeholders);
    free(s->blocs);
    free(s->ties);
    free(s->forums);
    free(s->campaigns);
    free(s->regimes);
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
        if (f->output == CN_OUTPUT_TREATY)
            r += f->ratification_sessions;
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

const char *cn_rule_name(cn_rule r)
{
    switch (r) {
    case CN_RULE_CONSENSUS: return "consensus";
    case CN_RULE_UNANIMITY: return "unanimity";
    case CN_RULE_MAJORITY: return "majority";
    case CN_RULE_TWO_THIRDS: return "two_thirds";
    case CN_RULE_COUNCIL: return "council";
    }
    return "unknown";
}

const char *cn_output_name(cn_output_kind o)
{
    switch (o) {
    case CN_OUTPUT_REPORT: return "report";
    case CN_OUTPUT_TREATY: return "treaty";
    case CN_OUTPUT_DECISION: return "decision";
    case CN_OUTPUT_DECLARATION: return "declaration";
    case CN_OUTPUT_RESOLUTION: return "resolution";
    }
    return "unknown";
}

int cn_output_binding(cn_output_kind o)
{
    return o == CN_OUTPUT_TREATY || o == CN_OUTPUT_DECISION;
}

const char *cn_output_phrase(cn_output_kind o)
{
    switch (o) {
    case CN_OUTPUT_REPORT: return "a nonbinding report";
    case CN_OUTPUT_TREATY: return "a treaty, binding on the states that ratify it once it is in force";
    case CN_OUTPUT_DECISION: return "a Security Council decision, binding on every state once adopted";
    case CN_OUTPUT_DECLARATION: return "a nonbinding declaration";
    case CN_OUTPUT_RESOLUTION: return "a General Assembly resolution, a nonbinding recommendation";
    }
    return "a text";
}

/* ---- writing ---- */

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

static void put_codes(FILE *f, const cn_scenario *s, const int *idx, int n)
{
    fputc('[', f);
    for (int k = 0; k < n; k++) {
        if (k > 0)
            fputs(", ", f);
        put_str(f, s->states[idx[k]].code);
    }
    fputc(']', f);
}

static void kv_float(FILE *f, const char *ind, const char *key, double v)
{
    fprintf(f, "%s%s = ", ind, key);
    put_float(f, v);
    fputs(";\n", f);
}

static void kv_int(FILE *f, const char *ind, const char *key, long v)
{
    fprintf(f, "%s%s = %ld;\n", ind, key, v);
}

static void kv_bool(FILE *f, const char *ind, const char *key, int v)
{
    fprintf(f, "%s%s = %s;\n", ind, key, v ? "true" : "false");
}

static void kv_str(FILE *f, const char *ind, const char *key, const char *v)
{
    fprintf(f, "%s%s = ", ind, key);
    put_str(f, v);
    fputs(";\n", f);
}

/* key = "YYYY-MM"; for a month >= 0 only (cn_calendar). */
static void kv_date(FILE *f, const char *ind, const char *key, int month)
{
    char date[16];
    if (month < 0)
        return;
    cn_calendar_format(month, date, sizeof date);
    kv_str(f, ind, key, date);
}

static void write_forum(FILE *f, const cn_scenario *s, const cn_forum *fo)
{
    const char *in = "    ";
    kv_str(f, in, "name", fo->name);
    fprintf(f, "%smembers = ", in);
    put_codes(f, s, fo->members, fo->n_members);
    fputs(";\n", f);
    kv_int(f, in, "draw", fo->draw_size);
    fprintf(f, "%spool = ", in);
    put_codes(f, s, fo->pool, fo->n_pool);
    fputs(";\n", f);
    kv_str(f, in, "rule", cn_rule_name(fo->rule));
    kv_str(f, in, "output", cn_output_name(fo->output));
    kv_int(f, in, "start", fo->start);
    kv_int(f, in, "sessions", fo->sessions);
    kv_int(f, in, "footnotes", fo->footnotes);
    kv_float(f, in, "dilution", fo->dilution);
    kv_float(f, in, "chair_bias", fo->chair_bias);
    kv_float(f, in, "sigma", fo->sigma);
    kv_float(f, in, "concession", fo->concession);
    kv_float(f, in, "chair_step", fo->chair_step);
    if (fo->has_draft) {
        fprintf(f, "%sdraft = ", in);
        put_dims(f, fo->draft, s->n_dims);
        fputs(";\n", f);
    }
    kv_int(f, in, "ratification_sessions", fo->ratification_sessions);
    kv_int(f, in, "council_quota", fo->council_quota);
    if (fo->chair_mode == CN_CHAIR_NAMED)
        kv_str(f, in, "chair", s->states[fo->chair].code);
    else
        kv_str(f, in, "chair", fo->chair_mode == CN_CHAIR_ROTATE ? "rotate" : "capability");
    fprintf(f, "%sclosed = {", in);
    for (int d = 0; d < s->n_dims; d++)
        if (!fo->open[d]) {
            fprintf(f, " %s = ", s->dims[d].name);
            put_float(f, fo->fixed[d]);
            fputc(';', f);
        }
    fputs(" };\n", f);
    kv_int(f, in, "threshold", fo->threshold);
    kv_float(f, in, "ratify_scale", fo->ratify_scale);
    fprintf(f, "%sissues = [", in);
    for (int d = 0, first = 1; d < s->n_dims; d++)
        if (fo->issues == 0 || (fo->issues >> d & 1u)) {
            fputs(first ? "" : ", ", f);
            put_str(f, s->dims[d].name);
            first = 0;
        }
    fputs("];\n", f);
    kv_date(f, in, "signature_opens", fo->signature_opens);
    kv_int(f, in, "force_delay", fo->force_delay);
    fprintf(f, "%sopen_to = ", in);
    put_codes(f, s, fo->open_to, fo->n_open_to);
    fputs(";\n", f);
    kv_float(f, in, "accession_scale", fo->accession_scale);
    kv_bool(f, in, "regional", fo->regional);
    fprintf(f, "%sstakeholders = [", in);
    for (int k = 0; k < fo->n_stakeholders; k++) {
        if (k > 0)
            fputs(", ", f);
        put_str(f, s->stakeholders[fo->stakeholders[k]].name);
    }
    fputs("];\n", f);
    fprintf(f, "%srivals = (", in);
    for (int k = 0; k < fo->n_rivals; k++) {
        const cn_rival *r = &fo->rivals[k];
        fprintf(f, "%s\n      { bloc = ", k > 0 ? "," : "");
        put_str(f, s->blocs[r->bloc].name);
        fprintf(f, "; from_session = %d;", r->from_session);
        if (r->has_text) {
            fputs(" text = ", f);
            put_dims(f, r->text, s->n_dims);
            fputc(';', f);
        }
        fputs(" }", f);
    }
    fputs(fo->n_rivals > 0 ? "\n    );\n" : ");\n", f);
    if (fo->sponsor >= 0) {
        fprintf(f, "%ssponsor = ", in);
        put_str(f, s->blocs[fo->sponsor].name);
        fputs(";\n", f);
    }
    if (fo->has_alternative) {
        fprintf(f, "%salternative = { text = ", in);
        put_dims(f, fo->alternative, s->n_dims);
        fputc(';', f);
        if (fo->alternative_sponsor >= 0) {
            fputs(" sponsor = ", f);
            put_str(f, s->blocs[fo->alternative_sponsor].name);
            fputc(';', f);
        }
        fputs(" };\n", f);
    }
}

int cn_scenario_write(const cn_scenario *s, FILE *f)
{
    if (s == NULL || f == NULL)
        return CN_EIO;
    const char *g = "  ", *e = "    ";
    fputs("# cybernorms scenario, fully resolved (every default written out)\n", f);
    kv_str(f, "", "name", s->name);
    kv_str(f, "", "description", s->description);

    fputs("\ndimensions = (\n", f);
    for (int d = 0; d < s->n_dims; d++) {
        fputs("  { ", f);
        fputs("name = ", f);
        put_str(f, s->dims[d].name);
        fputs("; low = ", f);
        put_str(f, s->dims[d].low);
        fputs("; high = ", f);
        put_str(f, s->dims[d].high);
        fprintf(f, "; }%s\n", d + 1 < s->n_dims ? "," : "");
    }
    fputs(");\n", f);

    fputs("\nrun = {\n", f);
    if (s->run.seed > 2147483647UL)
        fprintf(f, "%sseed = %luL;\n", g, s->run.seed);
    else
        fprintf(f, "%sseed = %lu;\n", g, s->run.seed);
    kv_int(f, g, "replications", s->run.replications);
    kv_int(f, g, "threads", s->run.threads);
    kv_str(f, g, "generator", s->run.generator);
    {
        static const char *const un[] = {"none", "positions", "all"};
        kv_str(f, g, "uncertainty", un[s->run.uncertainty]);
    }
    kv_int(f, g, "input_group", s->run.input_group);
    fputs("};\n", f);

    const cn_model_params *m = &s->model;
    fputs("\nmodel = {\n", f);
    kv_float(f, g, "p", m->p);
    kv_float(f, g, "beta", m->beta);
    kv_float(f, g, "indifference", m->indifference);
    kv_float(f, g, "vote_deference", m->vote_deference);
    kv_float(f, g, "vote_objection_cost", m->vote_objection_cost);
    kv_float(f, g, "consensus_objection_cost", m->consensus_objection_cost);
    kv_float(f, g, "bloc_discipline", m->bloc_discipline);
    kv_float(f, g, "rival_weight", m->rival_weight);
    kv_float(f, g, "sponsor_cue", m->sponsor_cue);
    kv_float(f, g, "abstain_split", m->abstain_split);
    kv_float(f, g, "abstain_hedge", m->abstain_hedge);
    kv_float(f, g, "epsilon", m->epsilon);
    kv_float(f, g, "self_tie", m->self_tie);
    kv_float(f, g, "base_tie", m->base_tie);
    kv_float(f, g, "bloc_tie", m->bloc_tie);
    kv_float(f, g, "campaign_decay", m->campaign_decay);
    fprintf(f, "%sstatus_quo = ", g);
    put_dims(f, m->status_quo, s->n_dims);
    fputs(";\n", f);
    kv_float(f, g, "lockin", m->lockin);
    kv_float(f, g, "report_regime_weight", m->report_regime_weight);
    kv_float(f, g, "treaty_regime_weight", m->treaty_regime_weight);
    kv_float(f, g, "incompatible", m->incompatible);
    kv_float(f, g, "dgc_form", m->dgc_form);
    kv_float(f, g, "dgc_scope", m->dgc_scope);
    kv_float(f, g, "dgc_coverage", m->dgc_coverage);
    kv_float(f, g, "sign_threshold", m->sign_threshold);
    kv_float(f, g, "sign_open", m->sign_open);
    kv_float(f, g, "sign_rate", m->sign_rate);
    fputs("};\n", f);

    const cn_calendar *cal = &s->calendar;
    fputs("\ncalendar = {\n", f);
    kv_date(f, g, "start", cal->start);
    kv_int(f, g, "round_months", cal->round_months);
    kv_date(f, g, "end", cal->end);
    fputs("};\n", f);

    const cn_events_params *ev = &s->events;
    fputs("\nevents = {\n", f);
    kv_float(f, g, "incident_rate", ev->incident_rate);
    kv_float(f, g, "attribution", ev->attribution);
    kv_float(f, g, "shock", ev->shock);
    kv_float(f, g, "urgency", ev->urgency);
    kv_float(f, g, "pressure_decay", ev->pressure_decay);
    kv_float(f, g, "shame", ev->shame);
    kv_float(f, g, "audience", ev->audience);
    fprintf(f, "%sscript = (", g);
    for (int k = 0; k < s->n_script; k++) {
        const cn_script_event *x = &s->script[k];
        fprintf(f, "%s\n    { ", k > 0 ? "," : "");
        if (x->name[0] != '\0') {
            fputs("name = ", f);
            put_str(f, x->name);
            fputs("; ", f);
        }
        fprintf(f, "round = %d; kind = \"%s\"; perpetrator = ", x->round,
                x->kind == CN_EVENT_ATTRIBUTION ? "attribution" : "incident");
        put_str(f, s->states[x->perpetrator].code);
        if (x->victim >= 0) {
            fputs("; victim = ", f);
            put_str(f, s->states[x->victim].code);
        }
        fputs("; attributors = ", f);
        put_codes(f, s, x->attributors, x->n_attributors);
        fputs("; }", f);
    }
    fputs(s->n_script > 0 ? "\n  );\n" : ");\n", f);
    fputs("};\n", f);

    if (s->offense != NULL || s->attr_since != NULL) {
        fputs("\nattribution = {\n", f);
        if (s->offense != NULL) {
            fputs("  offense = (", f);
            int first = 1;
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
            fputs("  attributors = (", f);
            int first = 1;
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
        fputs("};\n", f);
    }

    const cn_forum_defaults *fd = &s->forum_defaults;
    fputs("\nforum_defaults = {\n", f);
    kv_int(f, g, "sessions", fd->sessions);
    kv_int(f, g, "footnotes", fd->footnotes);
    kv_float(f, g, "dilution", fd->dilution);
    kv_float(f, g, "chair_bias", fd->chair_bias);
    kv_float(f, g, "sigma", fd->sigma);
    kv_float(f, g, "concession", fd->concession);
    kv_float(f, g, "chair_step", fd->chair_step);
    kv_int(f, g, "ratification_sessions", fd->ratification_sessions);
    kv_int(f, g, "council_quota", fd->council_quota);
    fputs("};\n", f);

    fputs("\nstates = (", f);
    for (int i = 0; i < s->n_states; i++) {
        const cn_state *st = &s->states[i];
        fprintf(f, "%s\n  {\n", i > 0 ? "," : "");
        kv_str(f, e, "code", st->code);
        kv_str(f, e, "name", st->name);
        kv_str(f, e, "group", st->group);
        if (st->region[0] != '\0')
            kv_str(f, e, "region", st->region);
        fprintf(f, "%sideal = ", e);
        put_dims(f, st->ideal, s->n_dims);
        fprintf(f, ";\n%sideal_se = ", e);
        put_dims(f, st->ideal_se, s->n_dims);
        fprintf(f, ";\n%ssalience = ", e);
        put_dims(f, st->salience, s->n_dims);
        fputs(";\n", f);
        kv_float(f, e, "capability", st->capability);
        kv_float(f, e, "stubbornness", st->stubbornness);
        kv_float(f, e, "ratify", st->ratify);
        kv_bool(f, e, "veto", st->veto);
        fputs("  }", f);
    }
    fputs(s->n_states > 0 ? "\n);\n" : ");\n", f);

    fputs("\nstakeholders = (", f);
    for (int i = 0; i < s->n_stakeholders; i++) {
        const cn_stakeholder *k = &s->stakeholders[i];
        fprintf(f, "%s\n  {\n", i > 0 ? "," : "");
        kv_str(f, e, "name", k->name);
        fprintf(f, "%sideal = ", e);
        put_dims(f, k->ideal, s->n_dims);
        fprintf(f, ";\n%ssalience = ", e);
        put_dims(f, k->salience, s->n_dims);
        fputs(";\n", f);
        kv_float(f, e, "capability", k->capability);
        kv_float(f, e, "stubbornness", k->stubbornness);
        kv_float(f, e, "reach", k->reach);
        fputs("  }", f);
    }
    fputs(s->n_stakeholders > 0 ? "\n);\n" : ");\n", f);

    fputs("\nblocs = (", f);
    for (int i = 0; i < s->n_blocs; i++) {
        const cn_bloc *b = &s->blocs[i];
        fprintf(f, "%s\n  {\n", i > 0 ? "," : "");
        kv_str(f, e, "name", b->name);
        fprintf(f, "%smembers = ", e);
        put_codes(f, s, b->members, b->n_members);
        fputs(";\n", f);
        kv_str(f, e, "leader", s->states[b->leader].code);
        kv_bool(f, e, "camp", b->camp);
        fputs("  }", f);
    }
    fputs(s->n_blocs > 0 ? "\n);\n" : ");\n", f);

    fputs("\nties = (", f);
    for (int i = 0; i < s->n_ties; i++) {
        const cn_tie *t = &s->ties[i];
        fprintf(f, "%s\n  { from = ", i > 0 ? "," : "");
        put_str(f, s->states[t->from].code);
        fputs("; to = ", f);
        put_str(f, s->states[t->to].code);
        fputs("; weight = ", f);
        put_float(f, t->weight);
        fprintf(f, "; mutual = %s; }", t->mutual ? "true" : "false");
    }
    fputs(s->n_ties > 0 ? "\n);\n" : ");\n", f);

    fputs("\nforums = (", f);
    for (int i = 0; i < s->n_forums; i++) {
        fprintf(f, "%s\n  {\n", i > 0 ? "," : "");
        write_forum(f, s, &s->forums[i]);
        fputs("  }", f);
    }
    fputs(s->n_forums > 0 ? "\n);\n" : ");\n", f);

    fputs("\ncampaigns = (", f);
    for (int i = 0; i < s->n_campaigns; i++) {
        const cn_campaign *c = &s->campaigns[i];
        static const char *const targets[] = {"undecided", "region", "list"};
        fprintf(f, "%s\n  {\n", i > 0 ? "," : "");
        kv_str(f, e, "name", c->name);
        kv_str(f, e, "bloc", s->blocs[c->bloc].name);
        kv_float(f, e, "budget", c->budget);
        kv_str(f, e, "target", targets[c->target]);
        if (c->target == CN_TARGET_REGION)
            kv_str(f, e, "region", c->region);
        if (c->target == CN_TARGET_LIST) {
            fprintf(f, "%stargets = ", e);
            put_codes(f, s, c->targets, c->n_targets);
            fputs(";\n", f);
        }
        kv_int(f, e, "start", c->start);
        kv_int(f, e, "stop", c->stop);
        fputs("  }", f);
    }
    fputs(s->n_campaigns > 0 ? "\n);\n" : ");\n", f);

    fputs("\nregimes = (", f);
    for (int i = 0; i < s->n_regimes; i++) {
        const cn_regime *r = &s->regimes[i];
        fprintf(f, "%s\n  {\n", i > 0 ? "," : "");
        kv_str(f, e, "name", r->name);
        fprintf(f, "%stext = ", e);
        put_dims(f, r->text, s->n_dims);
        fputs(";\n", f);
        kv_bool(f, e, "binding", r->binding);
        fprintf(f, "%sparties = ", e);
        put_codes(f, s, r->parties, r->n_parties);
        fputs(";\n  }", f);
    }
    fputs(s->n_regimes > 0 ? "\n);\n" : ");\n", f);

    if (s->poles[0] >= 0 && s->poles[1] >= 0) {
        fputs("\npoles = [", f);
        put_str(f, s->blocs[s->poles[0]].name);
        fputs(", ", f);
        put_str(f, s->blocs[s->poles[1]].name);
        fputs("];\n", f);
    }
    return ferror(f) ? CN_EIO : CN_OK;
}
