/* err.c - the error type: setting, prefixing and naming error codes. */
#include "base/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int err_set(struct err *e, enum err_code code, const char *fmt, ...)
{
	if (e) {
		va_list ap;
		e->code = code;
		va_start(ap, fmt);
		vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
		va_end(ap);
	}
	return code;
}

void err_prefix(struct err *e, const char *fmt, ...)
{
	char prefix[ERR_MSG_MAX];
	char old[ERR_MSG_MAX];
	va_list ap;

	if (!e)
		return;
	va_start(ap, fmt);
	vsnprintf(prefix, sizeof(prefix), fmt, ap);
	va_end(ap);
	memcpy(old, e->msg, sizeof(old));
	{
		size_t pl = strlen(prefix);
		size_t ol = strnlen(old, sizeof(old) - 1);
		if (pl > sizeof(e->msg) - 1)
			pl = sizeof(e->msg) - 1;
		if (ol > sizeof(e->msg) - 1 - pl)
			ol = sizeof(e->msg) - 1 - pl;
		memcpy(e->msg, prefix, pl);
		memcpy(e->msg + pl, old, ol);
		e->msg[pl + ol] = '\0';
	}
}

void err_clear(struct err *e)
{
	if (e) {
		e->code = ERR_OK;
		e->msg[0] = '\0';
	}
}

const char *err_code_name(enum err_code code)
{
	switch (code) {
#define ERR_NAME_(name, value, text) \
	case name:                   \
		return #name;
		ERR_CODES(ERR_NAME_)
#undef ERR_NAME_
	}
	return "ERR_UNKNOWN";
}
