#include "output/sink.h"

#include <stdlib.h>
#include <time.h>

#include "load/scalar.h"

void sink_destroy(struct sink *s)
{
	if (s)
		s->ops->destroy(s);
}

/* 2000-01-01: an obviously pinned date rather than a plausible fake one */
#define FIXED_EPOCH 946684800LL

/* SOURCE_DATE_EPOCH, up to 9999-12-31 (the last date PDF can write). */
static bool read_epoch(long long *out)
{
	*out = FIXED_EPOCH;
	const char *env = getenv("SOURCE_DATE_EPOCH");
	if (!env || !*env)
		return true;
	long v;
	if (scalar_parse_int(env, 0, 253402300799L, &v))
		return false;
	*out = v;
	return true;
}

long long sink_get_epoch(void)
{
	long long epoch;
	read_epoch(&epoch);
	return epoch;
}

bool sink_get_date(char *buf, size_t n)
{
	long long epoch;
	bool ok = read_epoch(&epoch);
	time_t t = (time_t)epoch;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return ok;
}
