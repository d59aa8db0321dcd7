/*
 * The Markdown report, for a PR/MR comment or a job summary:
 *
 *   <!-- headroom:report -->            (marker: find the sticky comment)
 *   ### ❌ headroom: fail
 *   counts · workloads · money
 *   | Severity | Rule | Where | Workload | Finding | Suggestion |   (by severity)
 *   <details> waived findings, in their own table </details>
 *   <details> evidence, one section per finding </details>
 *   … N more findings not shown                (only when the cap was hit)
 *   ---  headroom VERSION · policy · usage
 *
 * Every manifest-controlled string goes through hr_sbuf_escape(): Markdown
 * inline escaping in table cells, list items and the footer; HTML escaping
 * inside <summary> (raw HTML, which Markdown leaves alone); each field
 * length-capped.  Untrusted text never starts a line and never sits in a
 * code span.
 *
 * The report is assembled in memory (it is capped at HR_MARKDOWN_MAX_BYTES)
 * so that findings can be added while they fit and the rest counted.
 */
#include "report/writers.h"

#include "headroom/error.h"
#include "report/escape.h"
#include "report/report_util.h"
#include "util/alloc.h"

#include <stdlib.h>
#include <string.h>

/* Escaped-length caps per field (bytes of output). */
#define MAX_NAME 256     /* kinds, namespaces, names, profiles, rules */
#define MAX_PATH 300
#define MAX_TEXT 600     /* messages, evidence values, waiver reasons */
#define MAX_SHORT 48     /* currency, version, window */

#define MARKER "<!-- headroom:report -->\n"
#define TABLE_HEAD                                                         \
	"\n| Severity | Rule | Where | Workload | Finding | Suggestion |\n"  \
	"| --- | --- | --- | --- | --- | --- |\n"
#define WAIVED_HEAD                                                        \
	"\n<details><summary>%zu waived finding%s</summary>\n\n"             \
	"| Severity | Rule | Where | Workload | Finding | Waiver |\n"        \
	"| --- | --- | --- | --- | --- | --- |\n"
#define WAIVED_TAIL "\n</details>\n"
#define EVIDENCE_HEAD "\n#### Evidence\n"
#define NO_FINDINGS "\nNo findings.\n"
#define NOTE                                                               \
	"\n\xe2\x80\xa6 %zu more finding%s not shown (the full report is in "   \
	"the job log and the JSON report).\n"
/* Room for the numbers printf puts into the formats above. */
#define NUMBER_ROOM 48

typedef struct md {
	const hr_report *r;
	const char *currency;
} md;

static void esc(hr_sbuf *b, const char *s, size_t max)
{
	hr_sbuf_escape(b, s ? s : "", HR_ESCAPE_MARKDOWN, max);
}

static void esc_html(hr_sbuf *b, const char *s, size_t max)
{
	hr_sbuf_escape(b, s ? s : "", HR_ESCAPE_HTML, max);
}

/* "&#36;1,234.56" for USD ($ as an entity: two dollar signs on a line
 * would open inline math), "1,234.56 EUR" otherwise. */
static void money(const md *m, hr_sbuf *b, double v, bool plus_sign)
{
	char amount[48];
	hr_format_amount(v, plus_sign, amount, sizeof(amount));
	if (strcmp(m->currency, "USD") == 0) {
		bool sign = amount[0] == '-' || amount[0] == '+';
		hr_sbuf_printf(b, "%.*s&#36;%s", sign ? 1 : 0, amount, amount + sign);
	} else {
		hr_sbuf_printf(b, "%s ", amount);
		esc(b, m->currency, MAX_SHORT);
	}
}

static const char *plural(size_t n)
{
	return n == 1 ? "" : "s";
}

static const char *severity_icon(hr_severity s)
{
	return s == HR_SEVERITY_FAIL   ? "\xe2\x9d\x8c"             /* ❌ */
	       : s == HR_SEVERITY_WARN ? "\xe2\x9a\xa0\xef\xb8\x8f" /* ⚠️ */
	                               : "\xe2\x84\xb9\xef\xb8\x8f"; /* ℹ️ */
}

/* One line under the headline: the base and the workloads touched. */
static void write_base(hr_sbuf *b, const hr_change_summary *c)
{
	static const hr_change_status order[] = {
		HR_CHANGE_CHANGED, HR_CHANGE_MOVED, HR_CHANGE_NEW,
		HR_CHANGE_DELETED, HR_CHANGE_UNCHANGED,
	};
	hr_sbuf_puts(b, "\nCompared with ");
	esc(b, c->rev, MAX_SHORT);
	hr_sbuf_printf(b, " (merge base %.12s", c->commit);
	if (c->source) {
		hr_sbuf_puts(b, ", from ");
		esc(b, c->source, MAX_SHORT);
	}
	hr_sbuf_puts(b, "):");
	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		hr_sbuf_printf(b, "%s %zu %s", i ? "," : "", c->counts[order[i]],
		               hr_change_status_name(order[i]));
	if (c->changed_only)
		hr_sbuf_printf(b, " \xc2\xb7 changed workloads only (%zu "
		               "finding%s not shown)", c->hidden_count,
		               plural(c->hidden_count));
	hr_sbuf_puts(b, "\n");
}

static void write_head(const md *m, hr_sbuf *b)
{
	static const char *const icons[] = {
		"\xe2\x9c\x85",             /* ✅ */
		"\xe2\x9a\xa0\xef\xb8\x8f", /* ⚠️ */
		"\xe2\x9d\x8c",             /* ❌ */
	};
	const hr_report *r = m->r;
	size_t workloads = r->model ? r->model->workload_count : 0;
	size_t containers = r->model ? r->model->container_count : 0;
	hr_sbuf_puts(b, MARKER);
	hr_sbuf_printf(b, "### %s headroom: %s\n\n", icons[r->verdict],
	               hr_verdict_name(r->verdict));
	hr_sbuf_printf(b, "%zu fail, %zu warn, %zu info",
	               r->counts[HR_SEVERITY_FAIL], r->counts[HR_SEVERITY_WARN],
	               r->counts[HR_SEVERITY_INFO]);
	if (r->waived_count)
		hr_sbuf_printf(b, ", %zu waived", r->waived_count);
	hr_sbuf_printf(b, " \xc2\xb7 %zu workload%s, %zu container%s, %zu file%s",
	               workloads, plural(workloads), containers,
	               plural(containers), r->file_count, plural(r->file_count));
	if (workloads) {
		const hr_cost_summary *c = &r->cost;
		hr_sbuf_puts(b, " \xc2\xb7 **");
		money(m, b, c->monthly, false);
		hr_sbuf_puts(b, "/month** reserved (requests \xc3\x97 replicas)");
		if (c->has_recommended) {
			double saves = c->monthly - c->recommended_monthly;
			hr_sbuf_puts(b, " \xc2\xb7 recommended ");
			money(m, b, c->recommended_monthly, false);
			hr_sbuf_printf(b, "/month (%s ", saves >= 0 ? "saves" : "costs");
			money(m, b, saves >= 0 ? saves : -saves, false);
			hr_sbuf_puts(b, ")");
		}
		if (c->waste_monthly > 0) {
			hr_sbuf_puts(b, " \xc2\xb7 waste ");
			money(m, b, c->waste_monthly, false);
			hr_sbuf_puts(b, "/month");
		}
		if (c->has_base) {
			hr_sbuf_puts(b, " \xc2\xb7 change ");
			money(m, b, c->delta_monthly, true);
			hr_sbuf_puts(b, "/month vs base");
		}
	}
	hr_sbuf_puts(b, "\n");
	if (r->change)
		write_base(b, r->change);
	if (r->usage_source_count == 0)
		hr_sbuf_puts(b, "\n> No usage data: only shape rules ran (add "
		                "`-r recommendations.json`).\n");
	for (size_t i = 0; i < r->note_count; i++) {
		hr_sbuf_puts(b, i ? "> " : "\n> ");
		esc(b, r->notes[i], MAX_TEXT);
		hr_sbuf_puts(b, "\n");
	}
}

static void write_foot(const md *m, const hr_report_style *style,
                       hr_sbuf *b)
{
	const hr_report *r = m->r;
	hr_sbuf_puts(b, "\n---\n<sub>headroom ");
	esc(b, style->version ? style->version : "", MAX_SHORT);
	hr_sbuf_puts(b, " \xc2\xb7 policy: ");
	if (r->policy_source)
		esc(b, r->policy_source, MAX_PATH);
	else
		hr_sbuf_puts(b, "built\\-in");
	if (r->usage_source_count)
		hr_sbuf_printf(b, " \xc2\xb7 usage: %zu file%s", r->usage_source_count,
		               plural(r->usage_source_count));
	else
		hr_sbuf_puts(b, " \xc2\xb7 usage: none");
	if (r->usage_window) {
		hr_sbuf_puts(b, ", window ");
		esc(b, r->usage_window, MAX_SHORT);
	}
	hr_sbuf_puts(b, "</sub>\n");
}

/* The cells every row shares: Rule | Where | Workload | Finding. */
static void common_cells(const md *m, hr_sbuf *b, const hr_finding *f)
{
	hr_sbuf_puts(b, " | ");
	esc(b, f->rule, MAX_NAME);
	hr_sbuf_puts(b, " | ");
	esc(b, f->file, MAX_PATH);
	hr_sbuf_printf(b, ":%u%s | ", f->line, f->changed ? " (changed)" : "");
	if (f->workload) {
		esc(b, f->workload->kind_name, MAX_NAME);
		hr_sbuf_puts(b, " ");
		esc(b, f->workload->namespace_, MAX_NAME);
		hr_sbuf_puts(b, "/");
		esc(b, f->workload->name, MAX_NAME);
	}
	if (f->container) {
		hr_sbuf_puts(b, f->workload ? ", container " : "container ");
		esc(b, f->container->name, MAX_NAME);
	}
	hr_sbuf_puts(b, " | ");
	esc(b, f->message, MAX_TEXT);
	if (f->monthly_cost > 0) {
		hr_sbuf_puts(b, " (waste ");
		money(m, b, f->monthly_cost, false);
		hr_sbuf_puts(b, "/month)");
	}
	hr_sbuf_puts(b, " | ");
}

static void write_row(const md *m, hr_sbuf *b, const hr_finding *f)
{
	hr_sbuf_printf(b, "| %s %s", severity_icon(f->severity),
	               hr_severity_name(f->severity));
	common_cells(m, b, f);
	if (f->suggestion_value) {
		if (f->suggestion_field) {
			esc(b, f->suggestion_field, MAX_NAME);
			hr_sbuf_puts(b, ": ");
		}
		esc(b, f->suggestion_value, MAX_NAME);
	}
	hr_sbuf_puts(b, " |\n");
}

static void write_waived_row(const md *m, hr_sbuf *b, const hr_finding *f)
{
	hr_sbuf_printf(b, "| %s", hr_severity_name(f->severity));
	common_cells(m, b, f);
	hr_sbuf_puts(b, "waived");
	if (f->waiver_expires) {
		hr_sbuf_puts(b, " until ");
		esc(b, f->waiver_expires, MAX_SHORT);
	}
	if (f->waiver_owner) {
		hr_sbuf_puts(b, " by ");
		esc(b, f->waiver_owner, MAX_NAME);
	}
	if (f->waiver_reason) {
		hr_sbuf_puts(b, ": ");
		esc(b, f->waiver_reason, MAX_TEXT);
	}
	hr_sbuf_puts(b, " |\n");
}

static void write_evidence(hr_sbuf *b, const hr_finding *f)
{
	if (!f->evidence_count && !f->profile)
		return;
	hr_sbuf_printf(b, "\n<details><summary>%s ", severity_icon(f->severity));
	esc_html(b, f->rule, MAX_NAME);
	hr_sbuf_puts(b, " \xc2\xb7 ");
	esc_html(b, f->file, MAX_PATH);
	hr_sbuf_printf(b, ":%u%s</summary>\n\n", f->line,
	               f->waived ? " (waived)" : "");
	if (f->profile) {
		hr_sbuf_puts(b, "- profile: ");
		esc(b, f->profile, MAX_NAME);
		hr_sbuf_puts(b, "\n");
	}
	for (size_t i = 0; i < f->evidence_count; i++) {
		const hr_evidence *e = &f->evidence[i];
		hr_sbuf_puts(b, "- ");
		esc(b, e->key, MAX_NAME);
		hr_sbuf_puts(b, ": ");
		hr_sbuf_evidence_value(b, e, HR_ESCAPE_MARKDOWN, MAX_TEXT);
		hr_sbuf_puts(b, "\n");
	}
	hr_sbuf_puts(b, "\n</details>\n");
}

typedef struct parts {
	hr_sbuf head, rows, waived, evidence, foot;
	size_t waived_count;
} parts;

/* The assembled length, with the "more not shown" note when more. */
static size_t total(const parts *p, bool any_finding, bool more)
{
	size_t n = p->head.len + p->foot.len;
	if (!any_finding)
		n += strlen(NO_FINDINGS);
	if (p->rows.len)
		n += strlen(TABLE_HEAD) + p->rows.len;
	if (p->waived.len)
		n += strlen(WAIVED_HEAD) + NUMBER_ROOM + p->waived.len +
		     strlen(WAIVED_TAIL);
	if (p->evidence.len)
		n += strlen(EVIDENCE_HEAD) + p->evidence.len;
	if (more)
		n += strlen(NOTE) + NUMBER_ROOM;
	return n;
}

int hr_report_write_markdown_capped(const hr_report *r,
                                    const hr_report_style *style, FILE *out,
                                    size_t cap)
{
	if (cap < HR_MARKDOWN_MIN_CAP)
		cap = HR_MARKDOWN_MIN_CAP;
	md m = {r, r->cost.currency ? r->cost.currency : "USD"};
	parts p = {HR_SBUF_INIT, HR_SBUF_INIT, HR_SBUF_INIT, HR_SBUF_INIT,
	           HR_SBUF_INIT, 0};
	write_head(&m, &p.head);
	write_foot(&m, style, &p.foot);

	size_t *order = hr_report_priority_order(r);
	size_t shown = 0;
	hr_sbuf row = HR_SBUF_INIT, ev = HR_SBUF_INIT;
	for (; shown < r->finding_count; shown++) {
		const hr_finding *f = &r->findings[order[shown]];
		hr_sbuf_clear(&row);
		hr_sbuf_clear(&ev);
		if (f->waived)
			write_waived_row(&m, &row, f);
		else
			write_row(&m, &row, f);
		write_evidence(&ev, f);
		/* Would the report, with this finding, still fit? */
		hr_sbuf *table = f->waived ? &p.waived : &p.rows;
		hr_sbuf_put(table, row.data, row.len);
		hr_sbuf_put(&p.evidence, ev.data ? ev.data : "", ev.len);
		if (total(&p, true, shown + 1 < r->finding_count) > cap) {
			table->len -= row.len;
			table->data[table->len] = '\0';
			p.evidence.len -= ev.len;
			if (p.evidence.data)
				p.evidence.data[p.evidence.len] = '\0';
			break;
		}
		p.waived_count += f->waived;
	}
	hr_sbuf_release(&row);
	hr_sbuf_release(&ev);
	free(order);

	fwrite(p.head.data, 1, p.head.len, out);
	if (!r->finding_count)
		fputs(NO_FINDINGS, out);
	if (p.rows.len) {
		fputs(TABLE_HEAD, out);
		fwrite(p.rows.data, 1, p.rows.len, out);
	}
	if (p.waived.len) {
		fprintf(out, WAIVED_HEAD, p.waived_count, plural(p.waived_count));
		fwrite(p.waived.data, 1, p.waived.len, out);
		fputs(WAIVED_TAIL, out);
	}
	if (p.evidence.len) {
		fputs(EVIDENCE_HEAD, out);
		fwrite(p.evidence.data, 1, p.evidence.len, out);
	}
	size_t more = r->finding_count - shown;
	if (more)
		fprintf(out, NOTE, more, plural(more));
	fwrite(p.foot.data, 1, p.foot.len, out);

	hr_sbuf_release(&p.head);
	hr_sbuf_release(&p.rows);
	hr_sbuf_release(&p.waived);
	hr_sbuf_release(&p.evidence);
	hr_sbuf_release(&p.foot);
	return ferror(out) ? HR_EIO : HR_OK;
}

int hr_report_write_markdown(const hr_report *r, const hr_report_style *style,
                             FILE *out)
{
	return hr_report_write_markdown_capped(r, style, out,
	                                       HR_MARKDOWN_MAX_BYTES);
}
