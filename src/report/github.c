/*
 * GitHub Actions workflow commands, for a headroom step in a workflow:
 *
 *   ::group::headroom report
 *   ::stop-commands::<token>
 *   (the text report: every finding, evidence and suggestion)
 *   ::<token>::
 *   ::endgroup::
 *   ::error file=deploy/cart.yaml,line=41,col=21,title=headroom fail%3A memory-limit-below-peak::memory limit ...%0ADeployment shop/cart, container server
 *   ::warning ...   ::notice ...
 *   ::notice title=headroom::12 findings not annotated ...
 *
 * The log between ::stop-commands:: and the token is never read as
 * commands, and the token is 128 random bits per run, so nothing a
 * manifest says can end the block.  In the commands, every property is
 * HR_ESCAPE_GITHUB_PROPERTY and every message HR_ESCAPE_GITHUB_DATA: no
 * raw CR or LF (no second line, so no second command), and no ':' or ','
 * in a property.
 *
 * The runner turns at most 10 errors, 10 warnings and 10 notices of a
 * step into annotations (the rest only reach the log): fail findings
 * become errors, warn warnings, info notices, each in file order, at most
 * 10 of each; when some are left out, one notice (kept free for it) says
 * how many.  Waived findings are only in the log.
 */
#include "report/writers.h"

#include "headroom/error.h"
#include "report/escape.h"
#include "report/report_util.h"
#include "util/error_internal.h"

#include <fcntl.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#define TOKEN_BYTES 16 /* 128 bits */
#define MAX_NAME 512
#define MAX_PATH 1024
#define MAX_TEXT 2048

/* 32 random hex digits into token[33]. */
static int random_token(char *token)
{
	unsigned char raw[TOKEN_BYTES];
	size_t got = 0;
	while (got < sizeof(raw)) {
		ssize_t n = getrandom(raw + got, sizeof(raw) - got, 0);
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	if (got < sizeof(raw)) {
		int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
		got = fd >= 0 && read(fd, raw, sizeof(raw)) == (ssize_t)sizeof(raw)
		              ? sizeof(raw)
		              : 0;
		if (fd >= 0)
			close(fd);
	}
	if (got < sizeof(raw))
		return hr_fail(HR_EIO, "no random bytes for the stop-commands "
		               "token: the log cannot be shown safely");
	for (size_t i = 0; i < sizeof(raw); i++)
		snprintf(token + 2 * i, 3, "%02x", raw[i]);
	return HR_OK;
}

/* A token given for tests: 16-128 letters, digits, '-' or '_' (so never
 * empty, "pause-logging" or a command name). */
static bool token_ok(const char *t)
{
	size_t n = strspn(t, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	                     "0123456789-_");
	return t[n] == '\0' && n >= 16 && n <= 128;
}

static const char *command(hr_severity s)
{
	return s == HR_SEVERITY_FAIL   ? "error"
	       : s == HR_SEVERITY_WARN ? "warning"
	                               : "notice";
}

static void annotation(hr_sbuf *b, const hr_finding *f)
{
	hr_sbuf_printf(b, "::%s file=", command(f->severity));
	hr_sbuf_escape(b, hr_report_path(f->file), HR_ESCAPE_GITHUB_PROPERTY,
	               MAX_PATH);
	if (f->line) {
		hr_sbuf_printf(b, ",line=%u", f->line);
		if (f->column)
			hr_sbuf_printf(b, ",col=%u", f->column);
	}
	hr_sbuf_printf(b, ",title=headroom %s%%3A ",
	               hr_severity_name(f->severity));
	hr_sbuf_escape(b, f->rule ? f->rule : "", HR_ESCAPE_GITHUB_PROPERTY,
	               MAX_NAME);
	hr_sbuf_puts(b, "::");
	hr_sbuf_escape(b, f->message ? f->message : "", HR_ESCAPE_GITHUB_DATA,
	               MAX_TEXT);
	if (f->workload || f->container) {
		hr_sbuf_puts(b, "%0A");
		hr_sbuf_finding_subject(b, f, HR_ESCAPE_GITHUB_DATA);
	}
	if (f->suggestion_value) {
		hr_sbuf_puts(b, "%0Asuggest: ");
		if (f->suggestion_field) {
			hr_sbuf_escape(b, f->suggestion_field, HR_ESCAPE_GITHUB_DATA,
			               MAX_NAME);
			hr_sbuf_puts(b, ": ");
		}
		hr_sbuf_escape(b, f->suggestion_value, HR_ESCAPE_GITHUB_DATA,
		               MAX_NAME);
	}
	hr_sbuf_puts(b, "\n");
}

int hr_report_write_github(const hr_report *r, const hr_report_style *style,
                           FILE *out)
{
	char token[2 * TOKEN_BYTES + 1];
	const char *stop = style->stop_token;
	if (stop && !token_ok(stop))
		return hr_fail(HR_EINVALID, "the stop-commands token must be 16 to "
		               "128 letters, digits, '-' or '_'");
	if (!stop) {
		int rc = random_token(token);
		if (rc)
			return rc;
		stop = token;
	}
	fprintf(out, "::group::headroom report\n::stop-commands::%s\n", stop);
	hr_report_style plain = *style;
	plain.color = false;
	int rc = hr_report_write_text(r, &plain, out);
	if (rc)
		return rc;
	fprintf(out, "::%s::\n::endgroup::\n", stop);

	/* per type: how many there are, how many fit */
	size_t total[HR_SEVERITY_COUNT] = {0};
	for (size_t i = 0; i < r->finding_count; i++)
		if (!r->findings[i].waived &&
		    (unsigned)r->findings[i].severity < HR_SEVERITY_COUNT)
			total[r->findings[i].severity]++;
	size_t room[HR_SEVERITY_COUNT] = {0};
	bool over = false;
	for (int s = HR_SEVERITY_INFO; s <= HR_SEVERITY_FAIL; s++)
		over |= total[s] > HR_GITHUB_ANNOTATIONS_PER_TYPE;
	for (int s = HR_SEVERITY_INFO; s <= HR_SEVERITY_FAIL; s++)
		room[s] = HR_GITHUB_ANNOTATIONS_PER_TYPE;
	if (over)
		room[HR_SEVERITY_INFO]--; /* for the note about the rest */

	hr_sbuf line = HR_SBUF_INIT;
	size_t left_out[HR_SEVERITY_COUNT] = {0};
	for (int s = HR_SEVERITY_FAIL; s >= HR_SEVERITY_INFO; s--) {
		size_t shown = 0;
		for (size_t i = 0; i < r->finding_count; i++) {
			const hr_finding *f = &r->findings[i];
			if (f->waived || f->severity != (hr_severity)s)
				continue;
			if (shown == room[s]) {
				left_out[s]++;
				continue;
			}
			hr_sbuf_clear(&line);
			annotation(&line, f);
			fwrite(line.data, 1, line.len, out);
			shown++;
		}
	}
	hr_sbuf_release(&line);
	if (over)
		fprintf(out, "::notice title=headroom::%zu fail, %zu warn and %zu "
		        "info findings are not annotated (GitHub annotates at most "
		        "%d of each kind per step); the log above lists every "
		        "finding\n",
		        left_out[HR_SEVERITY_FAIL], left_out[HR_SEVERITY_WARN],
		        left_out[HR_SEVERITY_INFO], HR_GITHUB_ANNOTATIONS_PER_TYPE);
	return ferror(out) ? HR_EIO : HR_OK;
}
