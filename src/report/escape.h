/*
 * Escaping manifest-controlled text for each sink.  A PR author controls
 * every string in a manifest; these keep it inert.
 */
#ifndef HR_ESCAPE_H
#define HR_ESCAPE_H

#include <stdio.h>

/* Terminal: control bytes (ESC, CR, LF, BEL ...) and DEL become \xNN so
 * that no string can move the cursor, recolour, or forge a line. */
int hr_fputs_terminal(const char *s, FILE *out);

#endif
