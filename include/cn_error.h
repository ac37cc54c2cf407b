/* cn_error.h - status codes and user-facing diagnostics.
 *
 * Every function that can fail returns an int status: CN_OK (0) or one of
 * the codes below.  Mistakes in user input (scenario files, --set values,
 * command-line arguments) also fill a cn_diag with the file, the line, the
 * setting's path and what was expected, so the CLI can print
 *   FILE:LINE: setting 'x': what was expected
 */
#ifndef CN_ERROR_H
#define CN_ERROR_H

#include <stddef.h>

enum cn_status {
    CN_OK = 0,
    CN_EINPUT,   /* bad user input: scenario, --set, arguments (exit 2) */
    CN_ENOMEM,   /* out of memory (exit 1) */
    CN_EIO,      /* file or stream I/O failure (exit 1) */
    CN_ETHREAD,  /* pthread failure (exit 1) */
    CN_ELIMIT,   /* a size limit of the program was exceeded (exit 2) */
    CN_EINTERNAL /* a bug: an invariant did not hold (exit 1) */
};

/* Name of a status code, never NULL. */
const char *cn_strerror(int status);

/* Exit status for a status code: 0 ok, 2 bad input, 1 runtime failure. */
int cn_exit_code(int status);

#define CN_DIAG_FILE 512
#define CN_DIAG_SETTING 256
#define CN_DIAG_MSG 768

/* Context of a user-input error.  line = 0 when no line applies. */
typedef struct cn_diag {
    char file[CN_DIAG_FILE];
    int line;
    char setting[CN_DIAG_SETTING];
    char msg[CN_DIAG_MSG];
} cn_diag;

/* Empties a diagnostic.  NULL is a no-op. */
void cn_diag_clear(cn_diag *d);

/* Fills a diagnostic (printf-style message); returns CN_EINPUT so callers
 * can write `return cn_diag_set(...)`.  file or setting may be NULL. */
int cn_diag_set(cn_diag *d, const char *file, int line, const char *setting,
                const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

/* Formats "FILE:LINE: setting 'x': msg" (parts left out when empty) into
 * buf; returns buf. */
char *cn_diag_format(const cn_diag *d, char *buf, size_t size);

#endif
