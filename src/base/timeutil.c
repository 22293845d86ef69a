/* timeutil.c - ISO 8601 parsing to UTC seconds without locale or TZ. */
#include "base/timeutil.h"

#include <stdio.h>
#include <string.h>

static int digits(const char *s, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

/* days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
 * well-known civil-from-days inverse, written out from the algorithm). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

int time_parse_iso8601(const char *s, int64_t *unix_s, int *ms,
		       struct err *e)
{
	int Y, M, D, h, mi, sec, frac = 0, oh = 0, om = 0, sign = 0;
	size_t len;
	const char *p;
	static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (!s)
		return err_set(e, ERR_PARSE, "missing timestamp");
	len = strlen(s);
	if (len < 19 || digits(s, 4, &Y) || s[4] != '-' || digits(s + 5, 2, &M) ||
	    s[7] != '-' || digits(s + 8, 2, &D) || (s[10] != 'T' && s[10] != ' ') ||
	    digits(s + 11, 2, &h) || s[13] != ':' || digits(s + 14, 2, &mi) ||
	    s[16] != ':' || digits(s + 17, 2, &sec))
		return err_set(e, ERR_PARSE, "timestamp \"%.40s\" is not ISO 8601", s);
	if (M < 1 || M > 12 || D < 1 || D > mdays[M - 1] || h > 23 || mi > 59 ||
	    sec > 60)
		return err_set(e, ERR_PARSE, "timestamp \"%.40s\" is out of range", s);
	p = s + 19;
	if (*p == '.') {
		int n = 0;
		p++;
		while (*p >= '0' && *p <= '9') {
			if (n < 3) {
				frac = frac * 10 + (*p - '0');
				n++;
			}
			p++;
		}
		while (n < 3) {
			frac *= 10;
			n++;
		}
	}
	if (*p == 'Z' || *p == 'z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		sign = *p == '-' ? -1 : 1;
		if (digits(p + 1, 2, &oh))
			return err_set(e, ERR_PARSE, "timestamp \"%.40s\" has a bad offset", s);
		p += 3;
		if (*p == ':')
			p++;
		if (digits(p, 2, &om))
			return err_set(e, ERR_PARSE, "timestamp \"%.40s\" has a bad offset", s);
		p += 2;
	}
	if (*p != '\0')
		return err_set(e, ERR_PARSE, "timestamp \"%.40s\" has trailing text", s);
	*unix_s = days_from_civil(Y, M, D) * 86400 + h * 3600 + mi * 60 + sec -
		  sign * (oh * 3600 + om * 60);
	if (ms)
		*ms = frac;
	return 0;
}

char *time_format_utc(int64_t t, char *buf, unsigned long size)
{
	int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
	int64_t rem = t - days * 86400;
	int y, m, d;

	civil_from_days(days, &y, &m, &d);
	snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d,
		 (int)(rem / 3600), (int)(rem / 60 % 60), (int)(rem % 60));
	return buf;
}

char *time_local_date(const char *iso, char *buf, unsigned long size)
{
	int64_t t;

	if (size == 0)
		return buf;
	buf[0] = '\0';
	if (!iso || time_parse_iso8601(iso, &t, NULL, NULL) != 0)
		return buf;
	snprintf(buf, size, "%.10s", iso);
	return buf;
}
