#include "report/escape.h"

int hr_fputs_terminal(const char *s, FILE *out)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		int rc = (*p < 0x20 || *p == 0x7f) ? fprintf(out, "\\x%02x", *p)
		                                   : fputc(*p, out);
		if (rc < 0)
			return -1;
	}
	return 0;
}
