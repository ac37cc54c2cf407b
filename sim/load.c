/* load.c - reads a scenario file (libconfig) into a validated cn_scenario
 * (cn_load.h): the entry points.
 *
 * Three steps.  (1) libconfig parses the file (includes resolve against the
 * scenario's folder).  (2) Each --set override is parsed by libconfig as
 * "v = VALUE;" and grafted into the parsed tree at its path; grafted
 * settings carry a hook pointing at their position among the overrides, so
 * later messages name "--set" and that position instead of a file line.
 * (3) The tree is checked against the schema tables (cn_schema.h: every
 * allowed setting of every group with its type, range and default) and
 * copied into the plain structs of cn_scenario.h; references between sections (state
 * codes, bloc names, stakeholders, dimensions) are resolved to indices.
 * The first problem found stops the load: the diagnostic names the file
 * and line the setting came from, its dotted path and what was expected.
 * Nothing here keeps state between calls; loading is meant for the main
 * thread (gsl_rng_types_setup is read to check generator names).  The
 * steps live in files of one job each: cn_load_internal.h lists them.
 */
#include "cn_load.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cn_load_internal.h"

static void default_name(char *out, size_t size, const char *path)
{
    const char *base = strrchr(path, '/');
    base = base != NULL ? base + 1 : path;
    size_t len = strlen(base);
    if (len > 4 && strcmp(base + len - 4, ".cfg") == 0)
        len -= 4;
    if (len >= size)
        len = size - 1;
    memcpy(out, base, len);
    out[len] = '\0';
}

/* After parsing: overrides, validation, the scenario. */
static int finish(cn_load_ctx *c, config_t *cfg, const char *const *sets, int n_sets,
                  cn_scenario **out)
{
    cn_load_hook *pos = NULL, *file_hooks = NULL;
    int n_file = 0;
    cn_scenario *s = NULL;
    int rc = CN_OK;
    if (n_sets < 0 || (n_sets > 0 && sets == NULL)) {
        rc = cn_diag_set(c->diag, "--set", 0, NULL, "bad override list");
        goto fail;
    }
    if (n_sets > 0) {
        pos = calloc((size_t)n_sets, sizeof *pos);
        if (pos == NULL) {
            rc = cn_load_nomem(c);
            goto fail;
        }
    }
    rc = cn_load_apply_file_sets(c, cfg, &file_hooks, &n_file);
    for (int i = 0; i < n_sets && rc == CN_OK; i++) {
        pos[i].pos = i + 1;
        rc = cn_load_apply_set(c, cfg, sets[i], i + 1, &pos[i]);
    }
    if (rc != CN_OK)
        goto fail;
    s = calloc(1, sizeof *s);
    if (s == NULL) {
        rc = cn_load_nomem(c);
        goto fail;
    }
    cn_scenario_defaults(s);
    snprintf(s->path, sizeof s->path, "%s", c->name);
    default_name(s->name, sizeof s->name, c->name);
    c->s = s;
    rc = cn_load_validate(c, config_root_setting(cfg));
    c->s = NULL;
    if (rc != CN_OK)
        goto fail;
    config_destroy(cfg);
    free(pos);
    free(file_hooks);
    *out = s;
    return CN_OK;
fail:
    config_destroy(cfg);
    free(pos);
    free(file_hooks);
    cn_scenario_free(s);
    return rc;
}

static void parse_error(cn_load_ctx *c, config_t *cfg)
{
    const char *file;
    int line = config_error_line(cfg);
    config_setting_t fake;
    memset(&fake, 0, sizeof fake);
    fake.file = config_error_file(cfg);
    fake.line = (unsigned)(line > 0 ? line : 0);
    cn_load_origin(c, &fake, &file, &line);
    const char *text = config_error_text(cfg);
    if (text == NULL || strcmp(text, "syntax error") == 0)
        cn_diag_set(c->diag, file, line, NULL, "syntax error");
    else
        cn_diag_set(c->diag, file, line, NULL, "syntax error: %s", text);
}

int cn_load_scenario(const char *path, const char *const *sets, int n_sets, cn_scenario **out,
                     cn_diag *diag)
{
    cn_diag local;
    if (diag == NULL)
        diag = &local;
    cn_diag_clear(diag);
    if (out == NULL)
        return cn_diag_set(diag, path, 0, NULL, "no place for the scenario (out is NULL)");
    *out = NULL;
    if (path == NULL)
        return cn_diag_set(diag, NULL, 0, NULL, "no scenario file given");
    char dir[CN_DIAG_FILE];
    const char *slash = strrchr(path, '/');
    const char *incdir = NULL;
    if (slash != NULL) {
        size_t len = slash == path ? 1 : (size_t)(slash - path);
        if (len >= sizeof dir)
            return cn_diag_set(diag, path, 0, NULL, "cannot read: path too long");
        memcpy(dir, path, len);
        dir[len] = '\0';
        incdir = dir;
    }
    cn_load_ctx c = {.diag = diag, .name = path, .incdir = incdir};
    /* read here, once (a pipe can be read only once), then parsed from
     * memory: the size is checked and the includes scanned first */
    struct stat sb;
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return cn_diag_set(diag, path, 0, NULL, "cannot read: %s", strerror(errno));
    if (fstat(fileno(f), &sb) != 0 || S_ISDIR(sb.st_mode)) {
        int e = S_ISDIR(sb.st_mode) ? EISDIR : errno;
        fclose(f);
        return cn_diag_set(diag, path, 0, NULL, "cannot read: %s", strerror(e));
    }
    char *text;
    size_t len;
    int rc = cn_load_read_text(f, CN_LOAD_MAX_BYTES, &text, &len);
    int e = errno;
    fclose(f);
    if (rc == CN_ELIMIT)
        return cn_load_too_large(&c, path, 0, NULL);
    if (rc == CN_ENOMEM)
        return cn_load_nomem(&c);
    if (rc != CN_OK)
        return cn_diag_set(diag, path, 0, NULL, "cannot read: %s", strerror(e));
    cn_load_prescan ps = {&c, CN_LOAD_MAX_BYTES - (long)len, 1, 0, 1, {sb.st_dev}, {sb.st_ino}};
    if ((rc = cn_load_check_nul(&c, text, len, path)) != CN_OK
        || (rc = cn_load_scan_text(&ps, text, path)) != CN_OK) {
        free(text);
        return rc;
    }
    config_t cfg;
    config_init(&cfg);
    if (incdir != NULL)
        config_set_include_dir(&cfg, incdir);
    int ok = config_read_string(&cfg, text);
    free(text);
    if (!ok) {
        parse_error(&c, &cfg);
        config_destroy(&cfg);
        return CN_EINPUT;
    }
    rc = finish(&c, &cfg, sets, n_sets, out);
    const cn_scenario *s = *out;
    /* no silent fallback for the poles (docs/scenarios.md, `poles`) */
    if (rc == CN_OK && s != NULL && s->poles_from == CN_POLES_LARGEST)
        fprintf(stderr,
                "cybernorms: warning: %s: no 'poles' and fewer than two camp blocs (camp = "
                "true): world.polarisation is measured between the two largest blocs, '%s' "
                "and '%s'\n",
                path, s->blocs[s->poles[0]].name, s->blocs[s->poles[1]].name);
    return rc;
}

int cn_load_scenario_string(const char *text, const char *name, const char *include_dir,
                            const char *const *sets, int n_sets, cn_scenario **out, cn_diag *diag)
{
    cn_diag local;
    if (diag == NULL)
        diag = &local;
    cn_diag_clear(diag);
    if (name == NULL)
        name = "<string>";
    if (out == NULL)
        return cn_diag_set(diag, name, 0, NULL, "no place for the scenario (out is NULL)");
    *out = NULL;
    if (text == NULL)
        return cn_diag_set(diag, name, 0, NULL, "no scenario text given");
    cn_load_ctx c = {.diag = diag, .name = name, .incdir = include_dir};
    size_t len = strlen(text);
    if (len > (size_t)CN_LOAD_MAX_BYTES)
        return cn_load_too_large(&c, name, 0, NULL);
    cn_load_prescan ps = {&c, CN_LOAD_MAX_BYTES - (long)len, 0, 0, 0, {0}, {0}};
    int rc = cn_load_scan_text(&ps, text, name);
    if (rc != CN_OK)
        return rc;
    config_t cfg;
    config_init(&cfg);
    if (include_dir != NULL)
        config_set_include_dir(&cfg, include_dir);
    if (!config_read_string(&cfg, text)) {
        parse_error(&c, &cfg);
        config_destroy(&cfg);
        return CN_EINPUT;
    }
    return finish(&c, &cfg, sets, n_sets, out);
}
