/* scenario_value.c - values at --set paths in a resolved scenario text
 * (cn_scenario_value.h).  libconfig parses the text once; a lookup walks
 * the tree as the loader's overrides do, without validating anything. */
#include "cn_scenario_value.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libconfig.h>

#include "cn_error.h"
#include "cn_sweep.h"

struct cn_scenario_value {
    config_t cfg;
};

int cn_scenario_value_open(const char *text, cn_scenario_value **out)
{
    *out = NULL;
    cn_scenario_value *v = malloc(sizeof *v);
    if (v == NULL)
        return CN_ENOMEM;
    config_init(&v->cfg);
    if (config_read_string(&v->cfg, text) != CONFIG_TRUE) {
        config_destroy(&v->cfg);
        free(v);
        return CN_EINPUT;
    }
    *out = v;
    return CN_OK;
}

void cn_scenario_value_close(cn_scenario_value *v)
{
    if (v == NULL)
        return;
    config_destroy(&v->cfg);
    free(v);
}

static int is_index(const char *seg)
{
    if (seg[0] == '\0' || strlen(seg) > 8)
        return 0;
    for (const char *p = seg; *p != '\0'; p++)
        if (*p < '0' || *p > '9')
            return 0;
    return 1;
}

/* The element of a list of groups named seg (code, name or bloc) or at index seg. */
static const config_setting_t *find_elem(const config_setting_t *list, const char *seg)
{
    static const char *const keys[] = {"code", "name", "bloc"};
    int n = config_setting_length(list);
    for (int i = 0; i < n; i++) {
        const config_setting_t *e = config_setting_get_elem(list, (unsigned)i);
        if (!config_setting_is_group(e))
            continue;
        for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
            const char *s = NULL;
            if (config_setting_lookup_string(e, keys[k], &s) == CONFIG_TRUE && strcmp(s, seg) == 0)
                return e;
        }
    }
    long i = is_index(seg) ? strtol(seg, NULL, 10) : -1;
    if (i >= 0 && i < n)
        return config_setting_get_elem(list, (unsigned)i);
    return NULL;
}

/* Element of a per-dimension array by dimension name or index. */
static const config_setting_t *find_dim(const config_t *cfg, const config_setting_t *arr,
                                        const char *seg)
{
    const config_setting_t *dims = config_lookup(cfg, "dimensions");
    int n = dims != NULL ? config_setting_length(dims) : 0;
    for (int i = 0; i < n; i++) {
        const char *s = NULL;
        if (config_setting_lookup_string(config_setting_get_elem(dims, (unsigned)i), "name", &s)
                == CONFIG_TRUE
            && strcmp(s, seg) == 0)
            return config_setting_get_elem(arr, (unsigned)i);
    }
    if (dims == NULL && (strcmp(seg, "scope") == 0 || strcmp(seg, "form") == 0))
        return config_setting_get_elem(arr, strcmp(seg, "scope") == 0 ? 0U : 1U);
    if (is_index(seg))
        return config_setting_get_elem(arr, (unsigned)strtol(seg, NULL, 10));
    return NULL;
}

static void scalar_text(const config_setting_t *s, char *buf, size_t size)
{
    switch (config_setting_type(s)) {
    case CONFIG_TYPE_INT: snprintf(buf, size, "%d", config_setting_get_int(s)); break;
    case CONFIG_TYPE_INT64: snprintf(buf, size, "%lld", config_setting_get_int64(s)); break;
    case CONFIG_TYPE_FLOAT: {
        char tmp[64];
        cn_sweep_format_double(config_setting_get_float(s), tmp, sizeof tmp);
        size_t n = strlen(tmp);
        if (n > 2 && strcmp(tmp + n - 2, ".0") == 0)
            tmp[n - 2] = '\0';
        snprintf(buf, size, "%s", tmp);
        break;
    }
    case CONFIG_TYPE_BOOL: snprintf(buf, size, "%s", config_setting_get_bool(s) ? "true" : "false"); break;
    case CONFIG_TYPE_STRING: snprintf(buf, size, "%s", config_setting_get_string(s)); break;
    default: snprintf(buf, size, "{...}"); break;
    }
}

int cn_scenario_value_get(const cn_scenario_value *v, const char *path, char *buf, size_t size)
{
    if (size > 0)
        buf[0] = '\0';
    char copy[512];
    if (path[0] == '\0' || snprintf(copy, sizeof copy, "%s", path) >= (int)sizeof copy)
        return CN_EINPUT;
    const config_setting_t *cur = config_root_setting(&v->cfg);
    char *save = NULL;
    for (char *seg = strtok_r(copy, ".", &save); seg != NULL && cur != NULL;
         seg = strtok_r(NULL, ".", &save)) {
        if (config_setting_is_group(cur))
            cur = config_setting_get_member(cur, seg);
        else if (config_setting_is_list(cur) && config_setting_length(cur) > 0
                 && config_setting_is_group(config_setting_get_elem(cur, 0)))
            cur = find_elem(cur, seg);
        else if (config_setting_is_aggregate(cur))
            cur = find_dim(&v->cfg, cur, seg);
        else
            cur = NULL;
    }
    if (cur == NULL)
        return CN_EINPUT;
    if (!config_setting_is_aggregate(cur) || config_setting_is_group(cur)) {
        scalar_text(cur, buf, size);
        return CN_OK;
    }
    int n = config_setting_length(cur);
    size_t k = 0;
    char item[128];
    k += (size_t)snprintf(buf + k, size > k ? size - k : 0, "[");
    for (int i = 0; i < n && k < size; i++) {
        scalar_text(config_setting_get_elem(cur, (unsigned)i), item, sizeof item);
        k += (size_t)snprintf(buf + k, size - k, "%s%s", i > 0 ? ", " : "", item);
    }
    if (k < size)
        k += (size_t)snprintf(buf + k, size - k, "]");
    if (k > 60 || k >= size)
        snprintf(buf, size, "(%d entries)", n);
    return CN_OK;
}

int cn_scenario_value_labels(const char *scenario_text, const char *design_text, int n_factors,
                             char ***out)
{
    *out = NULL;
    cn_scenario_value *sv = NULL;
    if (n_factors <= 0 || scenario_text == NULL || design_text == NULL
        || cn_scenario_value_open(scenario_text, &sv) != CN_OK)
        return CN_OK;
    char **labels = calloc((size_t)n_factors, sizeof *labels);
    if (labels == NULL) {
        cn_scenario_value_close(sv);
        return CN_ENOMEM;
    }
    int rc = CN_OK;
    for (const char *line = design_text; rc == CN_OK && line != NULL && *line != '\0';) {
        const char *nl = strchr(line, '\n');
        size_t len = nl != NULL ? (size_t)(nl - line) : strlen(line);
        char buf[1024];
        if (len < sizeof buf && strncmp(line, "factor ", 7) == 0) {
            memcpy(buf, line, len);
            buf[len] = '\0';
            char *end = NULL;
            long k = strtol(buf + 7, &end, 10);
            const char *tab = strrchr(buf, '\t');
            char v[512];
            if (end != buf + 7 && *end == ' ' && k >= 0 && k < n_factors && tab != NULL
                && labels[k] == NULL && cn_scenario_value_get(sv, tab + 1, v, sizeof v) == CN_OK) {
                size_t n = strlen(v) + 1;
                labels[k] = malloc(n);
                if (labels[k] == NULL)
                    rc = CN_ENOMEM;
                else
                    memcpy(labels[k], v, n);
            }
        }
        line = nl != NULL ? nl + 1 : NULL;
    }
    cn_scenario_value_close(sv);
    if (rc != CN_OK) {
        cn_scenario_value_labels_free(labels, n_factors);
        return rc;
    }
    *out = labels;
    return CN_OK;
}

void cn_scenario_value_labels_free(char **labels, int n_factors)
{
    if (labels == NULL)
        return;
    for (int k = 0; k < n_factors; k++)
        free(labels[k]);
    free(labels);
}
