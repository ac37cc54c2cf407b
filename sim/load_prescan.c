/* load_prescan.c - the scenario text before libconfig parses it
 * (cn_load_internal.h).
 *
 * libconfig 1.5 cannot be asked before it opens an @include, and some
 * inputs defeat it: an included folder ends the process from inside its
 * scanner ("input in flex scanner failed", exit 2), a loop is reported
 * only as "nesting too deep", and a string left open at the end of the
 * text leaks its buffer.  So the text is scanned first the way libconfig's
 * scanner sees it (comments, strings, an @include at the start of a line),
 * recursively through the included files, and those cases are refused
 * with a message at the include's line, as is an included file that is
 * missing or cannot be opened (named, with the reason; libconfig would
 * only say "cannot open include file").  The scenario with its
 * included files may hold at most CN_LOAD_MAX_BYTES, checked before
 * anything is parsed, so an absurd file (10^6 states) costs no memory. */
#include "cn_load_internal.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* libconfig 1.5's parser drops the string token it stopped at on a syntax
 * error without freeing it (e.g. `"a"` where a name is expected: up to a
 * line's worth of bytes, once per failed parse, in the library's scanner).
 * The leak is not ours and cannot be reached from here, so LeakSanitizer
 * is told to ignore exactly those allocation sites (libconfig's scanner
 * and its string buffer: without frame pointers in libconfig, LSan's
 * stacks often stop at strbuf_append).  This hook is read by
 * LSan when the program is built with -fsanitize=address; it is unused
 * otherwise.  Valgrind gets the same rule from .ci/valgrind.supp. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:libconfig_yylex\nleak:strbuf_append\n";
}

int cn_load_read_text(FILE *f, long max, char **out, size_t *len)
{
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap + 1);
    *out = NULL;
    *len = 0;
    if (buf == NULL)
        return CN_ENOMEM;
    for (;;) {
        if (n == cap) {
            if ((long)cap > max) {
                free(buf);
                return CN_ELIMIT;
            }
            char *b = realloc(buf, 2 * cap + 1);
            if (b == NULL) {
                free(buf);
                return CN_ENOMEM;
            }
            buf = b;
            cap *= 2;
        }
        size_t k = fread(buf + n, 1, cap - n, f);
        n += k;
        if (k == 0)
            break;
    }
    if (ferror(f)) {
        int e = errno;
        free(buf);
        errno = e != 0 ? e : EIO;
        return CN_EIO;
    }
    if ((long)n > max) {
        free(buf);
        return CN_ELIMIT;
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return CN_OK;
}

int cn_load_too_large(cn_load_ctx *c, const char *file, int line, const char *inc)
{
    if (inc != NULL)
        cn_diag_set(c->diag, file, line, NULL,
                    "cannot include '%s': a scenario with its included files may hold at most "
                    "%d MiB",
                    inc, CN_LOAD_MAX_MIB);
    else
        cn_diag_set(c->diag, file, 0, NULL,
                    "too large: a scenario with its included files may hold at most %d MiB",
                    CN_LOAD_MAX_MIB);
    return CN_ELIMIT;
}

/* A NUL byte: libconfig would stop reading there. */
int cn_load_check_nul(cn_load_ctx *c, const char *text, size_t len, const char *file)
{
    const char *z = memchr(text, '\0', len);
    if (z == NULL)
        return CN_OK;
    int line = 1;
    for (const char *p = text; p < z; p++)
        line += *p == '\n';
    cn_diag_set(c->diag, file, line, NULL, "syntax error: a NUL byte (is this a text file?)");
    return CN_EINPUT;
}

/* Checks the file an @include names (path as written) and scans it. */
static int scan_include(cn_load_prescan *ps, const char *file, int line, const char *inc)
{
    cn_load_ctx *c = ps->c;
    char full[CN_DIAG_FILE];
    int k = c->incdir != NULL && inc[0] != '/'
                ? snprintf(full, sizeof full, "%.*s/%s", CN_DIAG_FILE / 2, c->incdir, inc)
                : snprintf(full, sizeof full, "%s", inc);
    if (k < 0 || (size_t)k >= sizeof full)
        return cn_diag_set(c->diag, file, line, NULL, "cannot include '%s': path too long", inc);
    /* What is there is looked at before it is opened, and opened without
     * waiting: a FIFO (or a device) would block fopen, or feed libconfig
     * forever.  The descriptor is checked again (fstat), in case the name
     * changed in between. */
    struct stat sb;
    const char *why = NULL;
    if (stat(full, &sb) != 0)
        return cn_diag_set(c->diag, file, line, NULL, "cannot include '%s': %s", inc,
                           strerror(errno));
    if (S_ISDIR(sb.st_mode))
        return cn_diag_set(c->diag, file, line, NULL, "cannot include '%s': %s", inc,
                           strerror(EISDIR));
    if (!S_ISREG(sb.st_mode))
        return cn_diag_set(c->diag, file, line, NULL, "cannot include '%s': not a regular file",
                           inc);
    int fd = open(full, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return cn_diag_set(c->diag, file, line, NULL, "cannot include '%s': %s", inc,
                           strerror(errno));
    int flags = fcntl(fd, F_GETFL);
    FILE *f = flags < 0 || fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) != 0 ? NULL : fdopen(fd, "r");
    if (f == NULL) {
        int e = errno;
        close(fd);
        return cn_diag_set(c->diag, file, line, NULL, "cannot include '%s': %s", inc,
                           strerror(e));
    }
    if (fstat(fileno(f), &sb) != 0)
        why = strerror(errno);
    else if (S_ISDIR(sb.st_mode))
        why = strerror(EISDIR);
    else if (!S_ISREG(sb.st_mode))
        why = "not a regular file";
    for (int j = 0; why == NULL && j < ps->depth; j++)
        if (ps->dev[j] == sb.st_dev && ps->ino[j] == sb.st_ino)
            why = "an include loop (the file is already being read)";
    if (why == NULL && ps->depth - ps->first >= CN_LOAD_INCLUDE_DEPTH)
        why = "included files nested more than 10 deep";
    if (why != NULL) {
        fclose(f);
        return cn_diag_set(c->diag, file, line, NULL, "cannot include '%s': %s", inc, why);
    }
    char *text;
    size_t len;
    int rc = cn_load_read_text(f, ps->budget, &text, &len);
    int e = errno;
    fclose(f);
    if (rc == CN_ELIMIT)
        return cn_load_too_large(c, file, line, inc);
    if (rc == CN_ENOMEM)
        return cn_load_nomem(c);
    if (rc != CN_OK)
        return cn_diag_set(c->diag, file, line, NULL, "cannot include '%s': %s", inc,
                           strerror(e));
    ps->budget -= (long)len;
    if ((rc = cn_load_check_nul(c, text, len, full)) == CN_OK) {
        ps->dev[ps->depth] = sb.st_dev;
        ps->ino[ps->depth] = sb.st_ino;
        ps->depth++;
        rc = cn_load_scan_text(ps, text, full);
        ps->depth--;
    }
    free(text);
    return rc;
}

/* A number token at *pq (libconfig's integer, integer64, hex, hex64 or
 * float), consumed.  libconfig 1.5 silently wraps integers beyond 32 bits
 * that lack the L suffix (5000000000 reads as 705032704, 4294967396 as
 * 100) and 64-bit overflows: those are refused, with why filled. */
static int number_ok(const char **pq, char *why, size_t size)
{
    const char *p = *pq, *e;
    errno = 0;
    if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X') && isxdigit((unsigned char)p[2])) {
        e = p + 2 + strspn(p + 2, "0123456789abcdefABCDEF");
        unsigned long long v = strtoull(p, NULL, 16);
        int wide = *e == 'L';
        *pq = e + (wide ? (e[1] == 'L' ? 2 : 1) : 0);
        if (errno == ERANGE || v > (unsigned long long)LLONG_MAX)
            snprintf(why, size, "integer %.*s is beyond 63 bits", (int)(e - p), p);
        else if (!wide && v > (unsigned long long)INT_MAX)
            snprintf(why, size, "integer %.*s is beyond 31 bits: write %.*sL", (int)(e - p), p,
                     (int)(e - p), p);
        else
            return 1;
        return 0;
    }
    const char *d = p + (*p == '-' || *p == '+');
    e = d + strspn(d, "0123456789");
    if (*e == '.' || ((*e == 'e' || *e == 'E')
                      && (isdigit((unsigned char)e[1])
                          || ((e[1] == '-' || e[1] == '+') && isdigit((unsigned char)e[2]))))) {
        if (*e == '.')
            e += 1 + strspn(e + 1, "0123456789");
        if ((*e == 'e' || *e == 'E')
            && (isdigit((unsigned char)e[1])
                || ((e[1] == '-' || e[1] == '+') && isdigit((unsigned char)e[2]))))
            e += 2 + strspn(e + 2, "0123456789");
        *pq = e;
        return 1; /* a float: overflow reads as inf, refused later */
    }
    if (e == d) {
        *pq = p + 1;
        return 1;
    }
    long long v = strtoll(p, NULL, 10);
    int wide = *e == 'L';
    *pq = e + (wide ? (e[1] == 'L' ? 2 : 1) : 0);
    if (errno == ERANGE)
        snprintf(why, size, "integer %.*s is beyond 64 bits", (int)(e - p), p);
    else if (!wide && (v > INT_MAX || v < INT_MIN))
        snprintf(why, size, "integer %.*s is beyond 32 bits: write %.*sL", (int)(e - p), p,
                 (int)(e - p), p);
    else
        return 1;
    return 0;
}

/* Scans text (named file in messages) as libconfig's scanner would. */
int cn_load_scan_text(cn_load_prescan *ps, const char *text, const char *file)
{
    cn_load_ctx *c = ps->c;
    int line = 1, bol = 1;
    const char *q = text;
    while (*q != '\0') {
        if (bol) {
            const char *r = q + strspn(q, " \t");
            if (strncmp(r, "@include", 8) == 0 && (r[8] == ' ' || r[8] == '\t')) {
                r += 8;
                r += strspn(r, " \t");
                if (*r == '"' && ps->is_set)
                    return cn_diag_set(c->diag, file, line, NULL,
                                       "@include cannot stand in a --set value");
                if (*r == '"') {
                    char inc[CN_DIAG_FILE];
                    size_t n = 0;
                    int at = line;
                    for (r++; *r != '"'; r++) {
                        if (*r == '\0')
                            return cn_diag_set(c->diag, file, at, NULL,
                                               "syntax error: unterminated @include path");
                        if (*r == '\\') {
                            if (r[1] != '\\' && r[1] != '"')
                                return cn_diag_set(c->diag, file, at, NULL,
                                                   "syntax error: in an @include path a '\\' "
                                                   "must be written '\\\\'");
                            r++;
                        }
                        line += *r == '\n';
                        if (n + 1 < sizeof inc)
                            inc[n++] = *r;
                    }
                    inc[n] = '\0';
                    int rc = scan_include(ps, file, at, inc);
                    if (rc != CN_OK)
                        return rc;
                    q = r + 1;
                    bol = 0;
                    continue;
                }
            }
        }
        bol = 0;
        if (*q == '\n') {
            line++;
            bol = 1;
            q++;
        } else if (*q == '"') {
            int at = line;
            for (q++; *q != '"'; q++) {
                if (*q == '\0')
                    return cn_diag_set(c->diag, file, at, NULL,
                                       "syntax error: unterminated string");
                if (*q == '\\' && q[1] != '\0')
                    q++;
                line += *q == '\n';
            }
            q++;
        } else if (isdigit((unsigned char)*q)
                   || ((*q == '-' || *q == '+' || *q == '.')
                       && (isdigit((unsigned char)q[1]) || q[1] == '.'))) {
            char why[200];
            if (!number_ok(&q, why, sizeof why))
                return cn_diag_set(c->diag, file, line, NULL, "syntax error: %s", why);
        } else if (isalpha((unsigned char)*q) || *q == '*') {
            /* a name (digits inside it are no number) */
            q += 1 + strspn(q + 1, "-*_0123456789abcdefghijklmnopqrstuvwxyz"
                                   "ABCDEFGHIJKLMNOPQRSTUVWXYZ");
        } else if (*q == '#' || (q[0] == '/' && q[1] == '/')) {
            q += strcspn(q, "\n");
        } else if (q[0] == '/' && q[1] == '*') {
            for (q += 2; *q != '\0' && !(q[0] == '*' && q[1] == '/'); q++)
                line += *q == '\n';
            if (*q != '\0')
                q += 2;
        } else {
            q++;
        }
    }
    return CN_OK;
}

