/*
 * Escaping manifest-controlled text for each sink, and the small text
 * helpers the writers share.  A PR author controls every string in a
 * manifest (names, messages quoting values, file paths, waiver text, even
 * the policy's currency); these keep it inert wherever it is shown.
 *
 * What is never shown raw, in any sink (hr_char_is_unsafe()):
 *   - C0 controls U+0000-001F (ESC, CR, LF, BEL, ...) and DEL U+007F;
 *   - C1 controls U+0080-009F (a terminal may read U+009B as CSI);
 *   - bidirectional controls U+061C, U+200E, U+200F, U+202A-202E,
 *     U+2066-2069 ("Trojan Source": text shown in another order);
 *   - line and paragraph separators U+2028, U+2029;
 *   - tag characters U+E0000-E007F (invisible text).
 * Bytes that are not valid UTF-8 (overlong forms, surrogates, stray
 * continuation bytes, truncated sequences) are shown as \xNN, byte by byte.
 *
 * Ownership: the escapers borrow their input; an hr_sbuf owns its data
 * until hr_sbuf_release().
 */
#ifndef HR_ESCAPE_H
#define HR_ESCAPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/**
 * Decode one UTF-8 sequence, strictly (RFC 3629: no overlong forms, no
 * surrogates, nothing above U+10FFFF).
 *
 * @param p   a NUL-terminated string, not at its NUL
 * @param cp  receives the code point
 * @return the length of the sequence (1-4), or 0 when p does not start a
 *         valid one (then show *p alone as \xNN and move on by one byte)
 */
size_t hr_utf8_decode(const unsigned char *p, uint32_t *cp);

/** True for the code points no sink shows raw (list above). */
bool hr_char_is_unsafe(uint32_t cp);

/**
 * Terminal: write s with every unsafe code point shown as a visible
 * escape, \x1b below U+0080, \u202e up to U+FFFF, \U000e0041 above, and
 * invalid bytes as \xNN; so no string can move the cursor, recolour, open
 * a hyperlink, forge a line or reorder what follows.  Backslashes are
 * written as they are (readability wins over unambiguity here).
 *
 * @return 0, or -1 when the stream failed
 */
int hr_fputs_terminal(const char *s, FILE *out);

/** A growable, always NUL-terminated byte buffer (aborts on OOM). */
typedef struct hr_sbuf {
	char *data; /**< NULL until the first append */
	size_t len;
	size_t cap;
} hr_sbuf;

#define HR_SBUF_INIT {NULL, 0, 0}

void hr_sbuf_put(hr_sbuf *b, const char *s, size_t n);
void hr_sbuf_puts(hr_sbuf *b, const char *s);
void hr_sbuf_printf(hr_sbuf *b, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));
/** Forget the contents, keep the memory. */
void hr_sbuf_clear(hr_sbuf *b);
/** Free the contents; the buffer is empty and reusable afterwards. */
void hr_sbuf_release(hr_sbuf *b);

/** Where escaped text goes. */
typedef enum hr_escape_sink {
	/**
	 * GitHub/GitLab-flavoured Markdown inline text: a table cell or a list
	 * item, never the start of a line.  Result:
	 *   - \ ` * _ { } [ ] ( ) # + - . ! | ~ are backslash-escaped, so no
	 *     emphasis, link, image, code span, table cell or heading forms;
	 *   - & < > " ' become &amp; &lt; &gt; &quot; &#39; (no HTML), and $
	 *     becomes &#36; (no inline math);
	 *   - LF, CR and TAB become a space: a table row stays one line;
	 *     leading and trailing white space is dropped;
	 *   - a zero-width space (&#8203;) follows every @ (no mention pings,
	 *     no e-mail autolinks), every # before a letter or digit (no
	 *     issue references), the ':' of "://" and the "www" of "www."
	 *     (no autolinks);
	 *   - unsafe code points and invalid bytes show as \\x1b, \\u202e.
	 * Untrusted text is never put in a code span.
	 */
	HR_ESCAPE_MARKDOWN,
	/**
	 * Text inside raw HTML (a <summary> element, which Markdown does not
	 * parse): the same as HR_ESCAPE_MARKDOWN but with no backslash
	 * escapes (HTML would show them): \ ` * _ [ ] ( ) | ~ become numeric
	 * references (&#42;), so the text is inert even where a renderer does
	 * parse it as Markdown; a visible escape reads &#92;x1b.
	 */
	HR_ESCAPE_HTML,
	/**
	 * Plain text (a JSON string, a log line): unsafe code points, every
	 * control character (LF, CR and TAB too) and invalid bytes become
	 * visible escapes (\x0a, \u202e, \xff), as on a terminal; nothing
	 * else changes.  The result is valid UTF-8 and one line.
	 */
	HR_ESCAPE_TEXT,
	/**
	 * XML character data and attribute values: HR_ESCAPE_TEXT (so no
	 * character XML 1.0 forbids, and no raw line break to be normalised
	 * in an attribute), then & < > " ' as &amp; &lt; &gt; &quot; &apos;.
	 * The result never holds "]]>" or "<".
	 */
	HR_ESCAPE_XML,
	/**
	 * The message of a GitHub workflow command (after the second "::"):
	 * HR_ESCAPE_TEXT, then % as %25 (the runner's other data escapes,
	 * %0D and %0A, never occur: no raw CR or LF is left).
	 */
	HR_ESCAPE_GITHUB_DATA,
	/**
	 * A property value of a GitHub workflow command (file=, title=):
	 * HR_ESCAPE_GITHUB_DATA plus : as %3A and , as %2C, so a value can
	 * neither end the properties nor start another one.
	 */
	HR_ESCAPE_GITHUB_PROPERTY,
} hr_escape_sink;

/**
 * Append s escaped for sink, using at most max bytes of b: when the
 * escaped text would be longer it is cut at a character boundary and
 * ends with "…" (the whole result, "…" included, stays within max).
 * max must be at least 3.
 */
void hr_sbuf_escape(hr_sbuf *b, const char *s, hr_escape_sink sink,
                    size_t max);

/** A path as the CI tools want it: p without leading "./" (the runner,
 *  GitLab and code scanning all match repo-relative paths). */
const char *hr_report_path(const char *p);

/**
 * A money amount with two decimals and thousands separators: "1,234.56",
 * "-17.70"; with plus_sign, positive amounts get "+" ("+5.00").  A value
 * that rounds to zero has no sign; a value that is not finite is "?".
 *
 * Amounts of 1e15 and more (no real bill) are written as "1.235e+15".
 *
 * @return the length written (buf always NUL-terminated; 32 bytes suffice)
 */
size_t hr_format_amount(double v, bool plus_sign, char *buf, size_t size);

/** Evidence numbers: integral values in full ("4032"), others with six
 *  significant digits ("0.823"). */
size_t hr_format_number(double v, char *buf, size_t size);

#endif
