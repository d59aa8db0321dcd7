/*
 * The text report: findings grouped by file, then the workloads, then the
 * verdict.  For terminals and CI logs.
 */
#include "report/writers.h"

#include "headroom/error.h"
#include "report/escape.h"

#include <string.h>

#define RESET "\033[0m"
#define BOLD "\033[1m"
#define RED "\033[31m"
#define YELLOW "\033[33m"
#define GREEN "\033[32m"
#define DIM "\033[2m"

typedef struct painter {
	FILE *out;
	bool color;
} painter;

static void paint(const painter *p, const char *code)
{
	if (p->color)
		fputs(code, p->out);
}

static const char *severity_color(hr_severity s)
{
	return s == HR_SEVERITY_FAIL ? RED : s == HR_SEVERITY_WARN ? YELLOW : DIM;
}

static void put(const painter *p, const char *s)
{
	hr_fputs_terminal(s, p->out);
}

static void write_finding(const painter *p, const hr_finding *f)
{
	fprintf(p->out, "  %u:%u  ", f->line, f->column);
	paint(p, severity_color(f->severity));
	fprintf(p->out, "%-4s", hr_severity_name(f->severity));
	paint(p, RESET);
	fprintf(p->out, "  %s  ", f->rule);
	put(p, f->message);
	fputc('\n', p->out);
	if (f->workload) {
		fputs("      ", p->out);
		put(p, f->workload->kind_name);
		fputc(' ', p->out);
		put(p, f->workload->namespace_);
		fputc('/', p->out);
		put(p, f->workload->name);
		if (f->container) {
			fputs(", container ", p->out);
			put(p, f->container->name);
		}
		fputc('\n', p->out);
	}
	if (f->suggestion_value) {
		fputs("      suggestion: ", p->out);
		put(p, f->suggestion_field ? f->suggestion_field : "");
		fputs(": ", p->out);
		put(p, f->suggestion_value);
		fputc('\n', p->out);
	}
}

static void write_findings(const painter *p, const hr_report *r)
{
	const char *file = NULL;
	for (size_t i = 0; i < r->finding_count; i++) {
		const hr_finding *f = &r->findings[i];
		if (!file || strcmp(file, f->file) != 0) {
			file = f->file;
			fputc('\n', p->out);
			paint(p, BOLD);
			put(p, file);
			paint(p, RESET);
			fputc('\n', p->out);
		}
		write_finding(p, f);
	}
}

static void write_value(const painter *p, const hr_resource_value *v)
{
	put(p, v->set ? v->text : "-");
}

static void write_container(const painter *p, const hr_container *c)
{
	static const char *const roles[] = {"", " (init)", " (sidecar)"};
	fputs("      ", p->out);
	put(p, c->name);
	fputs(roles[c->role], p->out);
	for (int r = HR_RES_CPU; r <= HR_RES_MEMORY; r++) {
		const hr_resources *res = &c->resources;
		fprintf(p->out, "  %s ", hr_resource_name((hr_resource)r));
		write_value(p, &res->effective_requests[r]);
		fputc('/', p->out);
		write_value(p, &res->limits[r]);
	}
	fputc('\n', p->out);
}

static void write_workloads(const painter *p, const hr_report *r)
{
	const hr_model *m = r->model;
	if (!m || !m->workload_count)
		return;
	fputc('\n', p->out);
	paint(p, BOLD);
	fputs("Workloads", p->out);
	paint(p, RESET);
	fputs(" (requests/limits)\n", p->out);
	for (size_t i = 0; i < m->workload_count; i++) {
		const hr_workload *w = &m->workloads[i];
		fputs("  ", p->out);
		put(p, w->kind_name);
		fputc(' ', p->out);
		put(p, w->namespace_);
		fputc('/', p->out);
		put(p, w->name);
		if (w->per_node)
			fputs("  per node", p->out);
		else
			fprintf(p->out, "  replicas %lld", (long long)w->replicas);
		if (w->hpa)
			fprintf(p->out, " (HPA %lld-%lld)", (long long)w->hpa->min_replicas,
			        (long long)w->hpa->max_replicas);
		fprintf(p->out, "  %s  ", hr_qos_name(w->qos));
		paint(p, DIM);
		put(p, w->document->source->path);
		fprintf(p->out, ":%u", w->document->root->start.line);
		paint(p, RESET);
		fputc('\n', p->out);
		for (size_t c = 0; c < w->container_count; c++)
			write_container(p, &w->containers[c]);
	}
}

static void write_verdict(const painter *p, const hr_report *r)
{
	static const char *const colors[] = {GREEN, YELLOW, RED};
	static const char *const words[] = {"PASS", "WARN", "FAIL"};
	fputc('\n', p->out);
	paint(p, BOLD);
	paint(p, colors[r->verdict]);
	fputs(words[r->verdict], p->out);
	paint(p, RESET);
	size_t workloads = r->model ? r->model->workload_count : 0;
	size_t containers = r->model ? r->model->container_count : 0;
	fprintf(p->out, "  %zu fail, %zu warn, %zu info  (%zu file%s, %zu "
	        "workload%s, %zu container%s)\n",
	        r->counts[HR_SEVERITY_FAIL], r->counts[HR_SEVERITY_WARN],
	        r->counts[HR_SEVERITY_INFO], r->file_count,
	        r->file_count == 1 ? "" : "s", workloads,
	        workloads == 1 ? "" : "s", containers,
	        containers == 1 ? "" : "s");
}

int hr_report_write_text(const hr_report *r, const hr_report_style *style,
                         FILE *out)
{
	painter p = {out, style->color};
	fprintf(out, "headroom %s\n", style->version ? style->version : "");
	write_findings(&p, r);
	write_workloads(&p, r);
	write_verdict(&p, r);
	return ferror(out) ? HR_EIO : HR_OK;
}
