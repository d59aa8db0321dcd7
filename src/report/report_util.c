#include "report/report_util.h"

#include "report/escape.h"
#include "util/alloc.h"

/* Escaped names are capped: a name is at most 253 bytes in Kubernetes,
 * and its escaped form at most a few times that. */
#define MAX_NAME 1024
#define MAX_TEXT 2048

static unsigned priority(const hr_finding *f)
{
	unsigned s = f->severity <= HR_SEVERITY_FAIL ? (unsigned)f->severity : 0;
	return (f->waived ? 4u : 0u) + (unsigned)HR_SEVERITY_FAIL - s;
}

size_t *hr_report_priority_order(const hr_report *r)
{
	size_t *order = hr_xmalloc((r->finding_count ? r->finding_count : 1) *
	                           sizeof(*order));
	size_t n = 0;
	for (unsigned rank = 0; rank < 8; rank++)
		for (size_t i = 0; i < r->finding_count; i++)
			if (priority(&r->findings[i]) == rank)
				order[n++] = i;
	return order;
}

void hr_jw_text(hr_json_writer *w, const char *s, size_t max)
{
	hr_sbuf b = HR_SBUF_INIT;
	hr_sbuf_escape(&b, s ? s : "", HR_ESCAPE_TEXT, max);
	hr_jw_string(w, b.data ? b.data : "");
	hr_sbuf_release(&b);
}

void hr_sbuf_finding_subject(hr_sbuf *b, const hr_finding *f,
                             hr_escape_sink sink)
{
	const hr_workload *w = f->workload;
	if (w) {
		hr_sbuf_escape(b, w->kind_name ? w->kind_name : "", sink, MAX_NAME);
		hr_sbuf_puts(b, " ");
		hr_sbuf_escape(b, w->namespace_ ? w->namespace_ : "", sink,
		               MAX_NAME);
		hr_sbuf_puts(b, "/");
		hr_sbuf_escape(b, w->name ? w->name : "", sink, MAX_NAME);
	}
	if (f->container) {
		hr_sbuf_puts(b, w ? ", container " : "container ");
		hr_sbuf_escape(b, f->container->name ? f->container->name : "",
		               sink, MAX_NAME);
	}
}

void hr_sbuf_evidence_value(hr_sbuf *b, const hr_evidence *e,
                            hr_escape_sink sink, size_t max)
{
	char num[64];
	switch (e->type) {
	case HR_EVIDENCE_INT:
		hr_sbuf_printf(b, "%lld", (long long)e->as.i);
		break;
	case HR_EVIDENCE_NUMBER:
		hr_format_number(e->as.d, num, sizeof(num));
		hr_sbuf_puts(b, num); /* digits, sign, '.', 'e' only */
		break;
	case HR_EVIDENCE_BOOL:
		hr_sbuf_puts(b, e->as.b ? "true" : "false");
		break;
	default:
		hr_sbuf_escape(b, e->as.s ? e->as.s : "", sink, max);
		break;
	}
}

void hr_jw_evidence(hr_json_writer *w, const hr_finding *f, bool plain)
{
	hr_jw_begin_object(w);
	hr_sbuf key = HR_SBUF_INIT;
	for (size_t i = 0; i < f->evidence_count; i++) {
		const hr_evidence *e = &f->evidence[i];
		if (plain) {
			hr_sbuf_clear(&key);
			hr_sbuf_escape(&key, e->key ? e->key : "", HR_ESCAPE_TEXT,
			               MAX_NAME);
		}
		hr_jw_key_string(w, plain ? (key.data ? key.data : "") : e->key);
		switch (e->type) {
		case HR_EVIDENCE_INT:
			hr_jw_int(w, e->as.i);
			break;
		case HR_EVIDENCE_NUMBER:
			hr_jw_real(w, e->as.d);
			break;
		case HR_EVIDENCE_BOOL:
			hr_jw_bool(w, e->as.b);
			break;
		default:
			if (plain)
				hr_jw_text(w, e->as.s, MAX_TEXT);
			else
				hr_jw_string(w, e->as.s);
			break;
		}
	}
	hr_sbuf_release(&key);
	hr_jw_end_object(w);
}

void hr_sbuf_finding_text(hr_sbuf *b, const hr_finding *f,
                          hr_escape_sink sink)
{
	hr_sbuf_escape(b, f->message ? f->message : "", sink, MAX_TEXT);
	if (f->workload || f->container) {
		hr_sbuf_puts(b, " (");
		hr_sbuf_finding_subject(b, f, sink);
		hr_sbuf_puts(b, ")");
	}
}
