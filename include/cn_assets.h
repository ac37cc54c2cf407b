/* cn_assets.h - the classroom's web app (web/), embedded at build time
 * (tools/embed.c): the only files the server ever sends. */
#ifndef CN_ASSETS_H
#define CN_ASSETS_H

#include <stddef.h>

typedef struct {
    const char *path;          /* "/student.js"; NULL ends the table */
    const char *type;          /* Content-Type */
    const unsigned char *data;
    size_t size;
} cn_asset;

extern const cn_asset cn_assets[];

#endif
