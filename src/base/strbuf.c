/* strbuf.c - growable, capped, NUL-terminated byte buffer. */
#include "base/strbuf.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void strbuf_init(struct strbuf *sb, size_t cap)
{
	sb->buf = NULL;
	sb->len = 0;
	sb->alloc = 0;
	sb->cap = cap;
}

static int grow(struct strbuf *sb, size_t extra)
{
	size_t need = sb->len + extra + 1;
	size_t n;
	char *p;

	if (need < sb->len)
		return ERR_TOOBIG;
	if (sb->cap && sb->len + extra > sb->cap)
		return ERR_TOOBIG;
	if (need <= sb->alloc)
		return 0;
	n = sb->alloc ? sb->alloc : 256;
	while (n < need)
		n *= 2;
	p = realloc(sb->buf, n);
	if (!p)
		return ERR_NOMEM;
	sb->buf = p;
	sb->alloc = n;
	return 0;
}

int strbuf_add(struct strbuf *sb, const void *data, size_t len)
{
	int rc = grow(sb, len);

	if (rc)
		return rc;
	if (len)
		memcpy(sb->buf + sb->len, data, len);
	sb->len += len;
	sb->buf[sb->len] = '\0';
	return 0;
}

int strbuf_addstr(struct strbuf *sb, const char *s)
{
	return strbuf_add(sb, s, strlen(s));
}

int strbuf_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	int n, rc;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return ERR_INVALID;
	rc = grow(sb, (size_t)n);
	if (rc)
		return rc;
	va_start(ap, fmt);
	vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	sb->len += (size_t)n;
	return 0;
}

int strbuf_read_file(struct strbuf *sb, const char *path, struct err *e)
{
	FILE *f = fopen(path, "rb");
	char chunk[65536];
	size_t n;
	int rc = 0;

	if (!f)
		return err_set(e, ERR_IO, "%s: %s", path, strerror(errno));
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		rc = strbuf_add(sb, chunk, n);
		if (rc == ERR_TOOBIG) {
			err_set(e, rc, "%s: larger than %zu bytes", path, sb->cap);
			goto out;
		}
		if (rc) {
			err_set(e, rc, "%s: out of memory", path);
			goto out;
		}
	}
	if (ferror(f))
		rc = err_set(e, ERR_IO, "%s: read error", path);
	else if (!sb->buf)
		rc = strbuf_add(sb, "", 0);
out:
	fclose(f);
	return rc;
}

const char *strbuf_str(const struct strbuf *sb)
{
	return sb->buf ? sb->buf : "";
}

void strbuf_reset(struct strbuf *sb)
{
	sb->len = 0;
	if (sb->buf)
		sb->buf[0] = '\0';
}

void strbuf_release(struct strbuf *sb)
{
	free(sb->buf);
	sb->buf = NULL;
	sb->len = sb->alloc = 0;
}
