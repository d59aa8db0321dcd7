/*
 * What several report writers share beyond escaping: the order in which
 * findings are offered limited space, and safe strings for the JSON
 * formats.
 */
#ifndef HR_REPORT_UTIL_H
#define HR_REPORT_UTIL_H

#include "headroom/check.h"
#include "report/escape.h"
#include "report/json_writer.h"

#include <stddef.h>

/**
 * Indices of r's findings in the order they are offered space: not
 * waived before waived, then fail, warn, info; the file order within
 * each.  The caller frees the array (never NULL).
 */
size_t *hr_report_priority_order(const hr_report *r);

/** s (NULL: "") as a JSON string, escaped as HR_ESCAPE_TEXT and cut to
 *  max bytes: always valid UTF-8, so never null. */
void hr_jw_text(hr_json_writer *w, const char *s, size_t max);

/** "Deployment shop/cart, container server" (trusted layout, escaped
 *  names) appended to b with sink; nothing when f has neither. */
void hr_sbuf_finding_subject(hr_sbuf *b, const hr_finding *f,
                             hr_escape_sink sink);

/** An evidence value as text: numbers as digits, strings escaped for
 *  sink within max bytes. */
void hr_sbuf_evidence_value(hr_sbuf *b, const hr_evidence *e,
                            hr_escape_sink sink, size_t max);

/** f's evidence as a JSON object; with plain, keys and strings are
 *  HR_ESCAPE_TEXT (else written as they are, encoded by jansson). */
void hr_jw_evidence(hr_json_writer *w, const hr_finding *f, bool plain);

/** f's message and its subject, "message (Deployment shop/cart,
 *  container server)", escaped for sink. */
void hr_sbuf_finding_text(hr_sbuf *b, const hr_finding *f,
                          hr_escape_sink sink);

#endif
