/* statename.c - a state named by a person: its code or its name
 * (cn_statename.h). */
#include "cn_statename.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "cn_suggest.h"

#define SN_LEN 96

/* text trimmed, lower case, without a leading "the " and inner runs of
 * blanks made one space, into buf */
static void norm(const char *text, char *buf, size_t size)
{
    size_t n = 0;
    int space = 0;
    while (*text == ' ' || *text == '\t')
        text++;
    if (strncasecmp(text, "the ", 4) == 0)
        text += 4;
    for (; *text != '\0' && n + 1 < size; text++) {
        unsigned char c = (unsigned char)*text;
        if (c == ' ' || c == '\t') {
            space = 1;
            continue;
        }
        if (space && n > 0 && n + 2 < size)
            buf[n++] = ' ';
        space = 0;
        buf[n++] = (char)tolower(c);
    }
    buf[n] = '\0';
}

/* 1 when a and b (3 letters or so) hold the same letters */
static int anagram(const char *a, const char *b)
{
    size_t n = strlen(a);
    if (n != strlen(b) || n > 15)
        return 0;
    char x[16] = "", y[16] = "";
    for (size_t i = 0; i < n; i++) {
        x[i] = (char)tolower((unsigned char)a[i]);
        y[i] = (char)tolower((unsigned char)b[i]);
    }
    for (size_t i = 0; i < n; i++) {
        char *p = memchr(y, x[i], n);
        if (p == NULL)
            return 0;
        *p = '\0';
    }
    return 1;
}

int cn_statename_find(const cn_scenario *s, const char *text, int *suggest)
{
    char want[SN_LEN] = "", name[SN_LEN] = "";
    norm(text, want, sizeof want);
    if (suggest != NULL)
        for (int k = 0; k < CN_STATENAME_SUGGEST; k++)
            suggest[k] = -1;
    if (want[0] == '\0')
        return -1;
    int prefix = -1, n_prefix = 0;
    size_t lw = strlen(want);
    for (int i = 0; i < s->n_states; i++) {
        if (strcasecmp(s->states[i].code, want) == 0)
            return i;
        norm(s->states[i].name, name, sizeof name);
        if (strcmp(name, want) == 0)
            return i;
        if (strncmp(name, want, lw) == 0) {
            prefix = i;
            n_prefix++;
        }
    }
    if (n_prefix == 1)
        return prefix;
    if (suggest == NULL)
        return -1;
    /* suggestions: (distance, not an anagram of the code, index) smallest */
    int limit = (int)(lw / 3) < 1 ? 1 : (int)(lw / 3);
    int best_key[CN_STATENAME_SUGGEST];
    int found = 0;
    for (int i = 0; i < s->n_states; i++) {
        norm(s->states[i].name, name, sizeof name);
        char code[8];
        snprintf(code, sizeof code, "%s", s->states[i].code);
        for (char *c = code; *c != '\0'; c++)
            *c = (char)tolower((unsigned char)*c);
        int dc = cn_suggest_distance(want, code);
        int dn = cn_suggest_distance(want, name);
        int d = dc < dn ? dc : dn;
        if (d > limit)
            continue;
        int key = 2 * d + (anagram(want, code) ? 0 : 1);
        /* insert keeping the list sorted by key, stable */
        int pos = found;
        while (pos > 0 && best_key[pos - 1] > key)
            pos--;
        if (pos >= CN_STATENAME_SUGGEST)
            continue;
        int last = found < CN_STATENAME_SUGGEST ? found : CN_STATENAME_SUGGEST - 1;
        for (int k = last; k > pos; k--) {
            best_key[k] = best_key[k - 1];
            suggest[k] = suggest[k - 1];
        }
        best_key[pos] = key;
        suggest[pos] = i;
        if (found < CN_STATENAME_SUGGEST)
            found++;
    }
    /* keep only the best distance band */
    for (int k = 1; k < found; k++)
        if (best_key[k] / 2 > best_key[0] / 2)
            for (int j = k; j < found; j++)
                suggest[j] = -1;
    return -1;
}

const char *cn_statename_label(const cn_scenario *s, int i, char *buf, size_t size)
{
    const cn_state *st = &s->states[i];
    if (st->name[0] != '\0')
        snprintf(buf, size, "%s (%s)", st->name, st->code);
    else
        snprintf(buf, size, "%s", st->code);
    return buf;
}

const char *cn_statename_hint(const cn_scenario *s, const int *suggest, char *buf, size_t size)
{
    char lab[SN_LEN + 16];
    int n = 0;
    while (n < CN_STATENAME_SUGGEST && suggest[n] >= 0)
        n++;
    if (size == 0)
        return buf;
    buf[0] = '\0';
    if (n == 0)
        return buf;
    size_t used = (size_t)snprintf(buf, size, "; did you mean ");
    for (int k = 0; k < n && used < size; k++) {
        const char *sep = k == 0 ? "" : k == n - 1 ? " or " : ", ";
        used += (size_t)snprintf(buf + used, size - used, "%s%s", sep,
                                 cn_statename_label(s, suggest[k], lab, sizeof lab));
    }
    if (used < size)
        snprintf(buf + used, size - used, "?");
    return buf;
}
