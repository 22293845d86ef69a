/* timeutil.h - ISO 8601 instants as Shopify sends them.
 *
 * Shopify writes "2008-01-10T11:00:00-05:00" (shop offset) or "...Z".
 * We keep the original text for display and compare instants as UTC
 * seconds since the epoch, so "newest updated_at wins" is exact whatever
 * offset each payload used.
 */
#ifndef SHOPERP_BASE_TIMEUTIL_H
#define SHOPERP_BASE_TIMEUTIL_H

#include <stdint.h>

#include "base/err.h"

/* Parse "YYYY-MM-DDTHH:MM:SS[.fff][Z|+HH:MM|-HH:MM]" (also ' ' for 'T'; no
 * offset means UTC) into UTC seconds (*unix) and milliseconds (*ms, may be
 * NULL). Returns 0 or ERR_PARSE with the reason. */
int time_parse_iso8601(const char *s, int64_t *unix_s, int *ms,
		       struct err *e);

/* Format UTC seconds as "YYYY-MM-DDTHH:MM:SSZ" into buf (>= 21 bytes). */
char *time_format_utc(int64_t unix_s, char *buf, unsigned long size);

/* The local date "YYYY-MM-DD" (buf >= 11 bytes) of an ISO 8601 text as
 * written (its own offset), i.e. the shop's date. Falls back to the first
 * ten characters; "" when unparseable. */
char *time_local_date(const char *iso, char *buf, unsigned long size);

#endif
