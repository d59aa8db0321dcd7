#include "load/yaml_tree.h"

#include "load/stream_split.h"
#include "load/tagged_node.h"
#include "util/parallel.h"

#include "util/alloc.h"
#include "util/error_internal.h"
#include "util/strmap.h"

#include <stdlib.h>
#include <string.h>
#include <yaml.h>

/*
 * libyaml's marks count characters, not bytes.  Events arrive in source
 * order, so a cursor that walks the UTF-8 text from its last position
 * converts each mark in time proportional to the distance moved.
 */
typedef struct byte_cursor {
	const unsigned char *text;
	size_t len;
	size_t chars;
	size_t bytes;
	bool ascii; /* then characters and bytes coincide */
} byte_cursor;

static bool all_ascii(const unsigned char *p, size_t len)
{
	unsigned char any = 0;
	for (size_t i = 0; i < len; i++)
		any |= p[i];
	return any < 0x80;
}

static size_t utf8_width(unsigned char lead)
{
	if (lead < 0x80)
		return 1;
	if ((lead & 0xE0) == 0xC0)
		return 2;
	if ((lead & 0xF0) == 0xE0)
		return 3;
	if ((lead & 0xF8) == 0xF0)
		return 4;
	return 1; /* libyaml rejects invalid UTF-8 before we get here */
}

static uint32_t byte_offset(byte_cursor *c, size_t char_index)
{
	if (c->ascii)
		return (uint32_t)(char_index < c->len ? char_index : c->len);
	while (c->chars < char_index && c->bytes < c->len) {
		c->bytes += utf8_width(c->text[c->bytes]);
		c->chars++;
	}
	while (c->chars > char_index && c->bytes > 0) {
		do
			c->bytes--;
		while (c->bytes > 0 && (c->text[c->bytes] & 0xC0) == 0x80);
		c->chars--;
	}
	if (c->bytes > c->len)
		c->bytes = c->len;
	return (uint32_t)c->bytes;
}

/* An open collection while its children are being read. */
typedef struct frame {
	hr_node *node;
	size_t first_child; /* index into the shared child stack */
	size_t expanded;    /* nodes reachable, counting alias targets */
	const char *anchor; /* registered when the node is complete */
	size_t anchor_len;
} frame;

typedef struct anchor_entry {
	const hr_node *node;
	size_t expanded;
} anchor_entry;

typedef struct builder {
	hr_arena *arena;
	const hr_source *src;
	const hr_load_limits *limits;
	byte_cursor cursor;
	size_t line_base;   /* lines before this piece of the source */
	size_t offset_base; /* bytes before the cursor's text */

	frame *frames;
	size_t frame_count, frame_cap;
	const hr_node **children;
	size_t child_count, child_cap;

	hr_strmap anchors;
	const hr_node **roots;
	size_t root_count, root_cap;
	hr_duplicate_key *dups;
	size_t dup_count, dup_cap;

	const hr_node *doc_root;
	size_t doc_expanded;
} builder;

static hr_mark to_mark(builder *b, yaml_mark_t m)
{
	hr_mark mark;
	size_t line = m.line + 1 + b->line_base;
	mark.line = line > UINT32_MAX ? UINT32_MAX : (uint32_t)line;
	mark.column = m.column + 1 > UINT32_MAX ? UINT32_MAX
	                                        : (uint32_t)(m.column + 1);
	mark.offset = (uint32_t)(byte_offset(&b->cursor, m.index) + b->offset_base);
	return mark;
}

static const char *explicit_tag(builder *b, const yaml_char_t *tag,
                                int implicit)
{
	if (!tag || implicit)
		return NULL;
	return hr_arena_strdup(b->arena, (const char *)tag);
}

static hr_node *new_node(builder *b, hr_node_kind kind, const yaml_event_t *e,
                         const char *tag)
{
	hr_node *n;
	if (tag) {
		hr_tagged_node *t = hr_arena_alloc(b->arena, sizeof(*t));
		t->tag = tag;
		n = &t->node;
		n->flags = HR_NODE_TAGGED;
	} else {
		n = hr_arena_alloc(b->arena, sizeof(*n));
	}
	n->kind = (uint8_t)kind;
	n->start = to_mark(b, e->start_mark);
	n->end_offset = to_mark(b, e->end_mark).offset;
	return n;
}

/* A finished child joins its parent; aliases count their whole target
 * towards the expansion bound, which is what stops billion-laughs. */
static int attach(builder *b, const hr_node *child, size_t expanded,
                  yaml_mark_t where)
{
	if (b->frame_count == 0) {
		b->doc_root = child;
		b->doc_expanded = expanded;
		return HR_OK;
	}
	frame *parent = &b->frames[b->frame_count - 1];
	parent->expanded += expanded;
	if (parent->expanded > b->limits->max_expanded_nodes)
		return hr_fail_at(HR_ELIMIT, b->src->path, (unsigned)where.line + 1,
		                  (unsigned)where.column + 1,
		                  "aliases expand this document beyond %zu nodes "
		                  "(an alias bomb?)",
		                  b->limits->max_expanded_nodes);
	b->children = hr_xgrow(b->children, &b->child_cap, b->child_count + 1,
	                       sizeof(*b->children));
	b->children[b->child_count++] = child;
	return HR_OK;
}

static int register_anchor(builder *b, const char *name, size_t len,
                           const hr_node *node, size_t expanded)
{
	anchor_entry *a = hr_arena_alloc(b->arena, sizeof(*a));
	a->node = node;
	a->expanded = expanded;
	/* A redefined anchor replaces the earlier one from here on (YAML). */
	hr_strmap_put(&b->anchors, name, len, a);
	return HR_OK;
}

static const char *copy_anchor(builder *b, const yaml_char_t *anchor,
                               size_t *len)
{
	if (!anchor)
		return NULL;
	*len = strlen((const char *)anchor);
	return hr_arena_strndup(b->arena, (const char *)anchor, *len);
}

static int on_scalar(builder *b, const yaml_event_t *e)
{
	hr_scalar_style style = e->data.scalar.style == YAML_PLAIN_SCALAR_STYLE
	                                ? HR_SCALAR_PLAIN
	                                : HR_SCALAR_QUOTED;
	/* A tag libyaml reports as implicit for this style resolves normally;
	 * only a tag written in the source (`!!str 5`) is kept. */
	int implicit = style == HR_SCALAR_PLAIN ? e->data.scalar.plain_implicit
	                                        : e->data.scalar.quoted_implicit;
	hr_node *n = new_node(b, HR_NODE_SCALAR, e,
	                      explicit_tag(b, e->data.scalar.tag, implicit));
	n->style = (uint8_t)style;
	n->len = (uint32_t)e->data.scalar.length;
	n->text = hr_arena_strndup(
	        b->arena, (const char *)e->data.scalar.value, e->data.scalar.length);
	if (e->data.scalar.anchor) {
		size_t len = 0;
		const char *name = copy_anchor(b, e->data.scalar.anchor, &len);
		register_anchor(b, name, len, n, 1);
	}
	return attach(b, n, 1, e->start_mark);
}

static int on_alias(builder *b, const yaml_event_t *e)
{
	const char *name = (const char *)e->data.alias.anchor;
	anchor_entry *a = hr_strmap_get(&b->anchors, name, strlen(name));
	if (!a)
		return hr_fail_at(HR_EINVALID, b->src->path,
		                  (unsigned)e->start_mark.line + 1,
		                  (unsigned)e->start_mark.column + 1,
		                  "alias *%.64s refers to no anchor defined before "
		                  "it (or to the node that contains it)",
		                  name);
	return attach(b, a->node, a->expanded, e->start_mark);
}

static bool looks_like_template(builder *b, const hr_node *n)
{
	size_t at = n->start.offset;
	return at + 1 < b->src->len && b->src->data[at] == '{' &&
	       b->src->data[at + 1] == '{';
}

static int template_error(const char *path, unsigned line, unsigned column)
{
	return hr_fail_at(HR_ETEMPLATE, path, line, column,
	                  "this looks like an unrendered Helm template "
	                  "('{{ ... }}'); render it first and pipe the output: "
	                  "helm template RELEASE CHART | headroom check -");
}

static int open_collection(builder *b, hr_node_kind kind,
                           const yaml_event_t *e)
{
	if (b->frame_count >= b->limits->max_depth)
		return hr_fail_at(HR_ELIMIT, b->src->path,
		                  (unsigned)e->start_mark.line + 1,
		                  (unsigned)e->start_mark.column + 1,
		                  "nesting deeper than %u levels",
		                  b->limits->max_depth);
	const yaml_char_t *anchor;
	const char *tag;
	bool flow;
	if (kind == HR_NODE_MAPPING) {
		flow = e->data.mapping_start.style == YAML_FLOW_MAPPING_STYLE;
		tag = explicit_tag(b, e->data.mapping_start.tag,
		                   e->data.mapping_start.implicit);
		anchor = e->data.mapping_start.anchor;
	} else {
		flow = e->data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE;
		tag = explicit_tag(b, e->data.sequence_start.tag,
		                   e->data.sequence_start.implicit);
		anchor = e->data.sequence_start.anchor;
	}
	hr_node *n = new_node(b, kind, e, tag);
	n->flow = flow;
	if (kind == HR_NODE_MAPPING && flow && looks_like_template(b, n))
		return template_error(b->src->path, n->start.line, n->start.column);
	b->frames = hr_xgrow(b->frames, &b->frame_cap, b->frame_count + 1,
	                     sizeof(*b->frames));
	frame *f = &b->frames[b->frame_count++];
	f->node = n;
	f->first_child = b->child_count;
	f->expanded = 1;
	f->anchor = copy_anchor(b, anchor, &f->anchor_len);
	return HR_OK;
}

static bool is_merge_key(const hr_node *k)
{
	return k->kind == HR_NODE_SCALAR && k->style == HR_SCALAR_PLAIN &&
	       !(k->flags & HR_NODE_TAGGED) && k->len == 2 && memcmp(k->text, "<<", 2) == 0;
}

static bool same_key(const hr_node *a, const hr_node *b)
{
	return a->kind == HR_NODE_SCALAR && b->kind == HR_NODE_SCALAR &&
	       a->len == b->len &&
	       memcmp(a->text, b->text, a->len) == 0;
}

static void record_duplicate(builder *b, hr_pair *earlier, const hr_pair *later)
{
	/* Mark a private copy of the key: the node itself may be an alias
	 * target that is a key elsewhere too.  Duplicates are rare. */
	size_t size = earlier->key->flags & HR_NODE_TAGGED ? sizeof(hr_tagged_node)
	                                                    : sizeof(hr_node);
	hr_node *copy = hr_arena_memdup(b->arena, earlier->key, size);
	copy->flags |= HR_NODE_SHADOWED;
	earlier->key = copy;
	b->dups = hr_xgrow(b->dups, &b->dup_cap, b->dup_count + 1, sizeof(*b->dups));
	b->dups[b->dup_count++] = (hr_duplicate_key){b->src, earlier->key, later->key, 0};
}

/* Sorting by key, then by position, puts duplicates side by side with the
 * earlier occurrence first; small maps are checked pairwise instead. */
static int cmp_pair_ptr(const void *pa, const void *pb)
{
	const hr_pair *a = *(const hr_pair *const *)pa;
	const hr_pair *b = *(const hr_pair *const *)pb;
	bool sa = a->key->kind == HR_NODE_SCALAR, sb = b->key->kind == HR_NODE_SCALAR;
	if (sa != sb)
		return sa ? -1 : 1;
	if (sa) {
		size_t la = a->key->len, lb = b->key->len;
		int c = memcmp(a->key->text, b->key->text,
		               la < lb ? la : lb);
		if (c)
			return c;
		if (la != lb)
			return la < lb ? -1 : 1;
	}
	return (a > b) - (a < b);
}

static void find_duplicates(builder *b, hr_pair *pairs, size_t count)
{
	if (count <= 16) {
		for (size_t i = 0; i < count; i++) {
			if (is_merge_key(pairs[i].key))
				continue;
			for (size_t j = i + 1; j < count; j++)
				if (same_key(pairs[i].key, pairs[j].key)) {
					record_duplicate(b, &pairs[i], &pairs[j]);
					break;
				}
		}
		return;
	}
	hr_pair **sorted = hr_xmalloc(count * sizeof(*sorted));
	for (size_t i = 0; i < count; i++)
		sorted[i] = &pairs[i];
	qsort(sorted, count, sizeof(*sorted), cmp_pair_ptr);
	for (size_t i = 0; i + 1 < count; i++)
		if (!is_merge_key(sorted[i]->key) &&
		    same_key(sorted[i]->key, sorted[i + 1]->key))
			record_duplicate(b, sorted[i], sorted[i + 1]);
	free(sorted);
}

/* Resolving merge keys, as go-yaml v2 applies them: pairs in order, each
 * assignment overriding an earlier one, a merged list applied from its
 * last map to its first (so the first wins).  Sources are complete (and
 * so already resolved) before they can be aliased, which keeps this
 * linear in the effective size instead of exponential in nesting. */
typedef struct merger {
	builder *b;
	hr_pair *pairs;
	size_t count, cap;
	hr_strmap slots; /* key text -> index + 1 */
} merger;

static void merge_assign(merger *m, const hr_pair *p)
{
	const hr_node *k = p->key;
	size_t slot = 0;
	if (k->kind == HR_NODE_SCALAR)
		slot = (size_t)(uintptr_t)hr_strmap_get(&m->slots, k->text,
		                                        k->len);
	if (slot) {
		m->pairs[slot - 1] = (hr_pair){k, p->value};
		return;
	}
	m->pairs = hr_xgrow(m->pairs, &m->cap, m->count + 1, sizeof(*m->pairs));
	m->pairs[m->count++] = (hr_pair){k, p->value};
	if (k->kind == HR_NODE_SCALAR)
		hr_strmap_put(&m->slots, k->text, k->len,
		              (void *)(uintptr_t)m->count);
}

static void merge_source(merger *m, const hr_node *src)
{
	for (size_t i = 0; i < src->count; i++)
		if (!hr_pair_shadowed(&src->pairs[i]))
			merge_assign(m, &src->pairs[i]);
}

static int check_merge_value(builder *b, const hr_node *v)
{
	bool ok = v->kind == HR_NODE_MAPPING;
	if (v->kind == HR_NODE_SEQUENCE) {
		ok = true;
		for (size_t i = 0; i < v->count; i++)
			ok = ok && v->items[i]->kind == HR_NODE_MAPPING;
	}
	if (!ok)
		return hr_fail_at(HR_EINVALID, b->src->path, v->start.line,
		                  v->start.column,
		                  "a merge key (<<) needs a mapping or a list of "
		                  "mappings as its value");
	return HR_OK;
}

static int resolve_merges(builder *b, hr_node *n, hr_pair *pairs, size_t count)
{
	merger m = {b, NULL, 0, 0, HR_STRMAP_INIT};
	int rc = HR_OK;
	for (size_t i = 0; i < count && rc == HR_OK; i++) {
		const hr_pair *p = &pairs[i];
		if (!is_merge_key(p->key)) {
			merge_assign(&m, p);
			continue;
		}
		rc = check_merge_value(b, p->value);
		if (rc)
			break;
		if (p->value->kind == HR_NODE_MAPPING)
			merge_source(&m, p->value);
		else
			for (size_t j = p->value->count; j-- > 0;)
				merge_source(&m, p->value->items[j]);
	}
	if (rc == HR_OK) {
		n->pairs = hr_arena_memdup(b->arena, m.pairs,
		                                  m.count * sizeof(*m.pairs));
		n->count = (uint32_t)m.count;
		n->flags |= HR_NODE_HAS_MERGE;
	}
	free(m.pairs);
	hr_strmap_dispose(&m.slots);
	return rc;
}

static int close_collection(builder *b, const yaml_event_t *e)
{
	frame f = b->frames[--b->frame_count];
	hr_node *n = f.node;
	size_t count = b->child_count - f.first_child;
	/* children is NULL until the first child: no arithmetic on it then. */
	const hr_node **kids = count ? b->children + f.first_child : NULL;
	n->end_offset = to_mark(b, e->end_mark).offset;

	if (n->kind == HR_NODE_SEQUENCE) {
		n->count = (uint32_t)count;
		n->items = hr_arena_memdup(b->arena, kids, count * sizeof(*kids));
	} else {
		size_t npairs = count / 2;
		hr_pair *pairs = hr_arena_alloc(b->arena, npairs * sizeof(*pairs));
		bool merges = false;
		for (size_t i = 0; i < npairs; i++) {
			pairs[i].key = kids[2 * i];
			pairs[i].value = kids[2 * i + 1];
			merges = merges || is_merge_key(pairs[i].key);
		}
		find_duplicates(b, pairs, npairs);
		n->pairs = pairs;
		n->count = (uint32_t)npairs;
		if (merges) {
			int rc = resolve_merges(b, n, pairs, npairs);
			if (rc)
				return rc;
		}
	}
	b->child_count = f.first_child;
	if (f.anchor)
		register_anchor(b, f.anchor, f.anchor_len, n, f.expanded);
	return attach(b, n, f.expanded, e->start_mark);
}

static void end_document(builder *b)
{
	if (b->doc_root) {
		b->roots = hr_xgrow(b->roots, &b->root_cap, b->root_count + 1,
		                    sizeof(*b->roots));
		b->roots[b->root_count++] = b->doc_root;
	}
	b->doc_root = NULL;
	b->doc_expanded = 0;
	/* Anchors are scoped to their document. */
	hr_strmap_clear(&b->anchors);
}

static bool source_has_template_braces(const hr_source *src)
{
	const char *p = src->data, *end = src->data + src->len;
	while ((p = memchr(p, '{', (size_t)(end - p))) && p + 1 < end) {
		if (p[1] == '{')
			return true;
		p++;
	}
	return false;
}

static int syntax_error(builder *b, const yaml_parser_t *parser)
{
	if (parser->error == YAML_MEMORY_ERROR)
		abort(); /* the out-of-memory policy: see util/alloc.h */
	if (source_has_template_braces(b->src))
		return template_error(b->src->path,
		                      (unsigned)parser->problem_mark.line + 1,
		                      (unsigned)parser->problem_mark.column + 1);
	const char *problem = parser->problem ? parser->problem : "unreadable input";
	/* Reader errors (bad encoding) carry a byte offset, not a mark. */
	if (parser->error == YAML_READER_ERROR) {
		unsigned line = 1, column = 1;
		size_t end = parser->problem_offset < b->src->len ? parser->problem_offset
		                                                  : b->src->len;
		for (size_t i = 0; i < end; i++) {
			unsigned char c = (unsigned char)b->src->data[i];
			if (c == '\n') {
				line++;
				column = 1;
			} else if ((c & 0xC0) != 0x80) {
				column++;
			}
		}
		return hr_fail_at(HR_EINVALID, b->src->path, line, column,
		                  "%s at byte %zu (headroom reads UTF-8 only)", problem,
		                  parser->problem_offset);
	}
	if (parser->context)
		return hr_fail_at(HR_EINVALID, b->src->path,
		                  (unsigned)parser->problem_mark.line + 1,
		                  (unsigned)parser->problem_mark.column + 1,
		                  "YAML syntax error: %s (%s started at line %zu)",
		                  problem, parser->context,
		                  parser->context_mark.line + 1);
	return hr_fail_at(HR_EINVALID, b->src->path,
	                  (unsigned)parser->problem_mark.line + 1,
	                  (unsigned)parser->problem_mark.column + 1,
	                  "YAML syntax error: %s", problem);
}

static int handle_event(builder *b, const yaml_event_t *e)
{
	switch (e->type) {
	case YAML_SCALAR_EVENT:
		return on_scalar(b, e);
	case YAML_ALIAS_EVENT:
		return on_alias(b, e);
	case YAML_SEQUENCE_START_EVENT:
		return open_collection(b, HR_NODE_SEQUENCE, e);
	case YAML_MAPPING_START_EVENT:
		return open_collection(b, HR_NODE_MAPPING, e);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		return close_collection(b, e);
	case YAML_DOCUMENT_END_EVENT:
		end_document(b);
		return HR_OK;
	default:
		return HR_OK;
	}
}

static size_t skip_bom(const hr_source *src)
{
	const unsigned char *d = (const unsigned char *)src->data;
	if (src->len >= 3 && d[0] == 0xEF && d[1] == 0xBB && d[2] == 0xBF)
		return 3;
	return 0;
}

static int refuse_non_utf8(const hr_source *src)
{
	const unsigned char *d = (const unsigned char *)src->data;
	if (src->len >= 2 && ((d[0] == 0xFF && d[1] == 0xFE) ||
	                      (d[0] == 0xFE && d[1] == 0xFF)))
		return hr_fail_at(HR_EINVALID, src->path, 1, 1,
		                  "UTF-16 input is not supported; convert the file "
		                  "to UTF-8 (iconv -f UTF-16 -t UTF-8)");
	return HR_OK;
}

static void builder_dispose(builder *b)
{
	free(b->frames);
	free(b->children);
	free(b->roots);
	free(b->dups);
	hr_strmap_dispose(&b->anchors);
}

/* One piece of a source (the whole of it, unless it was split). */
static int parse_piece(hr_arena *arena, const hr_source *src,
                       const hr_load_limits *limits,
                       const hr_stream_piece *piece, hr_yaml_stream *out)
{
	builder b = {0};
	b.arena = arena;
	b.src = src;
	b.limits = limits;
	size_t bom = piece->start == 0 ? skip_bom(src) : 0;
	b.line_base = piece->line_base;
	b.offset_base = piece->start + bom;
	b.cursor.text = (const unsigned char *)src->data + b.offset_base;
	b.cursor.len = piece->end - b.offset_base;
	b.cursor.ascii = all_ascii(b.cursor.text, b.cursor.len);

	yaml_parser_t parser;
	if (!yaml_parser_initialize(&parser))
		abort(); /* libyaml only fails here when malloc does */
	yaml_parser_set_input_string(&parser,
	                             (const unsigned char *)src->data + piece->start,
	                             piece->end - piece->start);
	int rc;
	for (;;) {
		yaml_event_t e;
		if (!yaml_parser_parse(&parser, &e)) {
			rc = syntax_error(&b, &parser);
			break;
		}
		rc = handle_event(&b, &e);
		bool done = e.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&e);
		if (rc || done)
			break;
	}
	yaml_parser_delete(&parser);

	if (rc == HR_OK) {
		out->roots = hr_arena_memdup(arena, b.roots, b.root_count * sizeof(*b.roots));
		out->root_count = b.root_count;
		out->duplicates = hr_arena_memdup(arena, b.dups, b.dup_count * sizeof(*b.dups));
		out->duplicate_count = b.dup_count;
	}
	builder_dispose(&b);
	return rc;
}

typedef struct piece_work {
	const hr_source *src;
	const hr_load_limits *limits;
	const hr_stream_piece *pieces;
	hr_arena arenas[HR_PARALLEL_MAX];
	hr_yaml_stream streams[HR_PARALLEL_MAX];
	int rcs[HR_PARALLEL_MAX];
} piece_work;

static void parse_piece_task(void *ctx, size_t i)
{
	piece_work *w = ctx;
	w->rcs[i] = parse_piece(&w->arenas[i], w->src, w->limits, &w->pieces[i],
	                        &w->streams[i]);
}

/* The pieces' documents and duplicates, one piece after the other, as the
 * whole stream would have given them. */
static void join_pieces(hr_arena *arena, piece_work *w, size_t count,
                        hr_yaml_stream *out)
{
	size_t roots = 0, dups = 0;
	for (size_t i = 0; i < count; i++) {
		roots += w->streams[i].root_count;
		dups += w->streams[i].duplicate_count;
	}
	const hr_node **all_roots = hr_arena_alloc(arena, roots * sizeof(*all_roots));
	hr_duplicate_key *all_dups = hr_arena_alloc(arena, dups * sizeof(*all_dups));
	size_t r = 0, d = 0;
	for (size_t i = 0; i < count; i++) {
		const hr_yaml_stream *s = &w->streams[i];
		for (size_t k = 0; k < s->root_count; k++)
			all_roots[r++] = s->roots[k];
		for (size_t k = 0; k < s->duplicate_count; k++)
			all_dups[d++] = s->duplicates[k];
		hr_arena_adopt(arena, &w->arenas[i]);
	}
	*out = (hr_yaml_stream){all_roots, roots, all_dups, dups};
}

int hr_yaml_parse(hr_arena *arena, const hr_source *src,
                  const hr_load_limits *limits, hr_yaml_stream *out)
{
	int rc = refuse_non_utf8(src);
	if (rc)
		return rc;
	hr_stream_piece pieces[HR_PARALLEL_MAX];
	size_t count = hr_stream_split(src->data, src->len,
	                               hr_parallel_jobs(limits->jobs),
	                               limits->split_bytes, pieces);
	if (count == 1)
		return parse_piece(arena, src, limits, &pieces[0], out);

	piece_work *w = hr_xcalloc(1, sizeof(*w));
	w->src = src;
	w->limits = limits;
	w->pieces = pieces;
	hr_parallel_run(count, parse_piece_task, w);
	bool failed = false;
	for (size_t i = 0; i < count; i++)
		failed = failed || w->rcs[i] != HR_OK;
	if (failed) {
		/* The error is reported as a whole-stream parse reports it; the
		 * pieces' errors stayed on their threads. */
		for (size_t i = 0; i < count; i++)
			hr_arena_free(&w->arenas[i]);
		free(w);
		hr_stream_piece whole = {0, src->len, 0};
		return parse_piece(arena, src, limits, &whole, out);
	}
	join_pieces(arena, w, count, out);
	free(w);
	return HR_OK;
}
