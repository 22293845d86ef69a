/* strbuf.h - one growable byte buffer with a size cap.
 *
 * Always NUL-terminated after any successful operation. `cap` (0 = no cap)
 * bounds `len`: an append that would pass it fails with ERR_TOOBIG and
 * leaves the buffer unchanged. Used for everything read from files and
 * the network, and for building output text.
 */
#ifndef SHOPERP_BASE_STRBUF_H
#define SHOPERP_BASE_STRBUF_H

#include <stdio.h>
#include <stddef.h>

#include "base/err.h"

struct strbuf {
	char *buf; /* owned; NULL until the first append */
	size_t len;
	size_t alloc;
	size_t cap;
};

#define STRBUF_INIT {NULL, 0, 0, 0}

void strbuf_init(struct strbuf *sb, size_t cap);
int strbuf_add(struct strbuf *sb, const void *data, size_t len);
int strbuf_addstr(struct strbuf *sb, const char *s);
int strbuf_addf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Read a whole stream / file (up to sb->cap). Error text names the path. */
int strbuf_read_file(struct strbuf *sb, const char *path, struct err *e);
/* Never NULL: "" when nothing was added. Borrowed. */
const char *strbuf_str(const struct strbuf *sb);
void strbuf_reset(struct strbuf *sb);
void strbuf_release(struct strbuf *sb);

#endif
