#include "output/sink.h"

#include <errno.h>
#include <stdlib.h>
#include <time.h>

#include <cairo-pdf.h>

#include "output/atomic.h"

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
	/* digits only: strtoll alone would take blanks, a sign and "0x" */
	for (const char *p = env; *p; p++)
		if (*p < '0' || *p > '9')
			return false;
	errno = 0;
	long long v = strtoll(env, NULL, 10);
	if (errno != 0 || v > 253402300799LL)
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

void sink_pdf_prepare_process(void)
{
	setenv("CAIRO_DEBUG_PDF", "1", 1);
}

cairo_surface_t *sink_pdf_surface_create(cairo_write_func_t write_func, void *closure, double w,
                                         double h, const struct pdf_meta *meta)
{
	cairo_surface_t *s = cairo_pdf_surface_create_for_stream(write_func, closure, w, h);
	cairo_pdf_surface_restrict_to_version(s, CAIRO_PDF_VERSION_1_5);
	const struct {
		cairo_pdf_metadata_t key;
		const char *value;
	} md[] = {
	        {CAIRO_PDF_METADATA_TITLE, meta->title},
	        {CAIRO_PDF_METADATA_AUTHOR, meta->author},
	        {CAIRO_PDF_METADATA_SUBJECT, meta->subject},
	        {CAIRO_PDF_METADATA_KEYWORDS, meta->keywords},
	        {CAIRO_PDF_METADATA_CREATOR, "deckpress " DECKPRESS_VERSION},
	        {CAIRO_PDF_METADATA_CREATE_DATE, meta->date},
	        {CAIRO_PDF_METADATA_MOD_DATE, meta->date},
	};
	for (size_t i = 0; i < sizeof(md) / sizeof(md[0]); i++)
		if (md[i].value && md[i].value[0])
			cairo_pdf_surface_set_metadata(s, md[i].key, md[i].value);
	return s;
}

bool sink_pdf_surface_finish(cairo_surface_t *s, struct atomic_file *f, bool ok, struct diag *d)
{
	cairo_surface_finish(s);
	cairo_status_t st = cairo_surface_status(s);
	cairo_surface_destroy(s);
	if (!ok) {
		atomic_abort(f);
		return false;
	}
	if (st != CAIRO_STATUS_SUCCESS && !f->failed) {
		diag_error(d, (struct mark){.file = f->path}, "cannot write PDF: %s",
		           cairo_status_to_string(st));
		atomic_abort(f);
		return false;
	}
	return atomic_commit(f, d);
}

void sink_pdf_surface_discard(cairo_surface_t *s)
{
	if (!s)
		return;
	cairo_surface_finish(s);
	cairo_surface_destroy(s);
}

cairo_status_t sink_end_recording(cairo_t *cr, cairo_surface_t *rec)
{
	cairo_status_t st = cairo_status(cr);
	cairo_destroy(cr);
	if (st == CAIRO_STATUS_SUCCESS)
		st = cairo_surface_status(rec);
	if (st != CAIRO_STATUS_SUCCESS)
		cairo_surface_destroy(rec);
	return st;
}

bool sink_pdf_show_page(cairo_t *cr, const char *path, int page, struct diag *d)
{
	cairo_show_page(cr);
	cairo_status_t st = cairo_status(cr);
	cairo_destroy(cr);
	if (st != CAIRO_STATUS_SUCCESS) {
		diag_error(d, (struct mark){.file = path}, "cannot draw page %d: %s", page,
		           cairo_status_to_string(st));
		return false;
	}
	return true;
}
