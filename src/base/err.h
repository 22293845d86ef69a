/* err.h - the one error type of shoperp.
 *
 * Every fallible function takes a caller-provided `struct err *` (may be
 * NULL when the caller does not care) and returns 0 on success or a
 * negative ERR_* code. The message says what went wrong in words a
 * merchant or operator can act on. Foreign errors (sqlite, jansson, curl)
 * are translated into these codes at the adapter boundary.
 */
#ifndef SHOPERP_BASE_ERR_H
#define SHOPERP_BASE_ERR_H

#include <stddef.h>

/* X(name, value, short description) */
#define ERR_CODES(X)                                                     \
	X(ERR_OK, 0, "ok")                                               \
	X(ERR_NOMEM, -1, "out of memory")                                \
	X(ERR_IO, -2, "input/output error")                              \
	X(ERR_PARSE, -3, "malformed input")                              \
	X(ERR_INVALID, -4, "invalid value")                              \
	X(ERR_OVERFLOW, -5, "number out of range")                       \
	X(ERR_NOTFOUND, -6, "not found")                                 \
	X(ERR_CONFLICT, -7, "conflict")                                  \
	X(ERR_DB, -8, "database error")                                  \
	X(ERR_USAGE, -9, "usage error")                                  \
	X(ERR_UNSUPPORTED, -10, "unsupported")                           \
	X(ERR_TOOBIG, -11, "too large")

enum err_code {
#define ERR_ENUM_(name, value, text) name = value,
	ERR_CODES(ERR_ENUM_)
#undef ERR_ENUM_
};

#define ERR_MSG_MAX 512

struct err {
	enum err_code code;
	char msg[ERR_MSG_MAX];
};

/* Set code and a printf-style message; returns `code` so callers can write
 * `return err_set(e, ERR_PARSE, "...")`. `e` may be NULL. */
int err_set(struct err *e, enum err_code code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Prefix the existing message with more context ("file.json: " ...). */
void err_prefix(struct err *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

void err_clear(struct err *e);

/* Static name of a code ("ERR_PARSE"); never NULL. */
const char *err_code_name(enum err_code code);

#endif
