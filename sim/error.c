/* error.c - status codes and user-facing diagnostics (cn_error.h). */
#include "cn_error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *cn_strerror(int status)
{
    switch (status) {
    case CN_OK: return "ok";
    case CN_EINPUT: return "bad input";
    case CN_ENOMEM: return "out of memory";
    case CN_EIO: return "input/output error";
    case CN_ETHREAD: return "thread failure";
    case CN_ELIMIT: return "size limit exceeded";
    case CN_EINTERNAL: return "internal error";
    default: return "unknown error";
    }
}

int cn_exit_code(int status)
{
    switch (status) {
    case CN_OK: return 0;
    case CN_EINPUT:
    case CN_ELIMIT: return 2;
    default: return 1;
    }
}

void cn_diag_clear(cn_diag *d)
{
    if (d == NULL)
        return;
    d->file[0] = '\0';
    d->line = 0;
    d->setting[0] = '\0';
    d->msg[0] = '\0';
}

int cn_diag_set(cn_diag *d, const char *file, int line, const char *setting,
                const char *fmt, ...)
{
    if (d == NULL)
        return CN_EINPUT;
    cn_diag_clear(d);
    if (file != NULL)
        snprintf(d->file, sizeof d->file, "%s", file);
    d->line = line;
    if (setting != NULL)
        snprintf(d->setting, sizeof d->setting, "%s", setting);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(d->msg, sizeof d->msg, fmt, ap);
    va_end(ap);
    return CN_EINPUT;
}

char *cn_diag_format(const cn_diag *d, char *buf, size_t size)
{
    if (buf == NULL || size == 0)
        return buf;
    buf[0] = '\0';
    if (d == NULL)
        return buf;
    size_t used = 0;
    int k;
    if (d->file[0] != '\0') {
        if (d->line > 0)
            k = snprintf(buf, size, "%s:%d: ", d->file, d->line);
        else
            k = snprintf(buf, size, "%s: ", d->file);
        used = k > 0 ? (size_t)k : 0;
    }
    if (used < size && d->setting[0] != '\0') {
        k = snprintf(buf + used, size - used, "setting '%s': ", d->setting);
        used += k > 0 ? (size_t)k : 0;
    }
    if (used < size)
        snprintf(buf + used, size - used, "%s", d->msg);
    return buf;
}
