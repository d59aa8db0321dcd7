#include "report/report_util.h"

#include "report/escape.h"
#include "util/alloc.h"

/* Escaped names are capped: a name is at most 253 bytes in Kubernetes,
 * and its escaped form at most a few times that. */
#define MAX_NAME 1024

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
