#include "output/sink.h"

#include <stdlib.h>
#include <time.h>

#include "load/scalar.h"

void sink_destroy(struct sink *s)
{
	if (s)
		s->ops->destroy(s);
}

bool sink_get_date(char *buf, size_t n)
{
	/* 2000-01-01: an obviously pinned date rather than a plausible fake one */
	long long epoch = 946684800;
	const char *env = getenv("SOURCE_DATE_EPOCH");
	bool ok = true;
	if (env && *env) {
		long v;
		/* up to 9999-12-31, the last date PDF can write */
		if (scalar_parse_int(env, 0, 253402300799L, &v))
			ok = false;
		else
			epoch = v;
	}
	time_t t = (time_t)epoch;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return ok;
}
