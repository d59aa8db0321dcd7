/*
 * hr_json_read(): jansson decodes each value in scratch memory of the
 * tree's (util/json_input.c), so values that fit in it, values that
 * outgrow it part-way, values that fail to decode, and trees read on
 * several threads at once must all give what a plain decode gives.
 */
#include "test_util.h"

#include "headroom/error.h"
#include "util/json_input.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

/* Text of an array of count objects, each {"i": N, "name": "wN"}. */
static char *array_text(size_t count)
{
	size_t cap = 64 + count * 40, len = 0;
	char *s = malloc(cap);
	len += (size_t)snprintf(s + len, cap - len, "[");
	for (size_t i = 0; i < count; i++)
		len += (size_t)snprintf(s + len, cap - len, "%s{\"i\": %zu, \"name\": \"w%zu\"}",
		                        i ? ", " : "", i, i);
	snprintf(s + len, cap - len, "]");
	return s;
}

/* The tree holds an array of count such objects, in order. */
static void check_array(const hr_json_tree *t, size_t count)
{
	assert_int_equal(t->nodes[0].type, JSON_ARRAY);
	size_t n = 1, seen = 0;
	while (n < t->nodes[0].end) {
		const hr_json_node *obj = &t->nodes[n];
		assert_int_equal(obj->type, JSON_OBJECT);
		const hr_json_node *i = hr_json_get(t, obj, "i");
		const hr_json_node *name = hr_json_get(t, obj, "name");
		assert_non_null(i);
		assert_non_null(name);
		assert_int_equal(i->integer, (json_int_t)seen);
		char want[32];
		snprintf(want, sizeof(want), "w%zu", seen);
		assert_string_equal(hr_json_str(t, name), want);
		seen++;
		n = obj->end;
	}
	assert_int_equal(seen, count);
}

typedef struct read_case {
	const char *name;
	size_t objects; /* an array of this many objects, or 0: text below */
	const char *text;
	int rc;
	const char *message; /* part of the error message */
	unsigned line, column;
} read_case;

static const read_case read_cases[] = {
	{"small object fits the scratch", 3, NULL, HR_OK, NULL, 0, 0},
	/* About 30 bytes of text per object: 20,000 need several times the
	 * 256 KiB scratch, so most of the tree is malloc()ed. */
	{"value larger than the scratch", 20000, NULL, HR_OK, NULL, 0, 0},
	{"duplicate key", 0, "{\"a\": 1, \"a\": 2}", HR_EINVALID,
	 "duplicate key \"a\"", 1, 0},
	{"bad token deep in a value", 0, "{\"a\": [1, 2, {\"b\": tru}]}", HR_EINVALID,
	 "invalid token", 1, 0},
	{"unterminated", 0, "{\"a\": [1, 2", HR_EINVALID, NULL, 1, 0},
	{"escaped string", 0, "\"a\\u00e9\\n\"", HR_OK, NULL, 0, 0},
};

static void test_read_cases(void **state)
{
	(void)state;
	hr_json_tree tree = HR_JSON_TREE_INIT;
	/* One tree for every case, as a reader reuses it: a failed decode
	 * must leave its scratch usable for the next. */
	for (size_t k = 0; k < 2; k++) {
		for (size_t i = 0; i < sizeof(read_cases) / sizeof(read_cases[0]); i++) {
			const read_case *c = &read_cases[i];
			char *owned = c->objects ? array_text(c->objects) : NULL;
			const char *text = owned ? owned : c->text;
			hr_json_input in;
			assert_int_equal(hr_json_input_init(&in, "t.json", text, strlen(text)),
			                 HR_OK);
			int rc = hr_json_read(&in, &tree, NULL);
			if (rc != c->rc)
				fail_msg("%s: rc %d, expected %d (%s)", c->name, rc, c->rc,
				         hr_error_last()->message);
			if (c->message && !strstr(hr_error_last()->message, c->message))
				fail_msg("%s: message \"%s\"", c->name,
				         hr_error_last()->message);
			if (c->line)
				assert_int_equal(hr_error_last()->line, c->line);
			if (rc == HR_OK && c->objects)
				check_array(&tree, c->objects);
			if (rc == HR_OK && !c->objects) {
				assert_int_equal(tree.nodes[0].type, JSON_STRING);
				assert_string_equal(hr_json_str(&tree, &tree.nodes[0]),
				                    "a\xc3\xa9\n");
			}
			hr_json_input_dispose(&in);
			hr_json_tree_trim(&tree);
			free(owned);
		}
	}
	hr_json_tree_dispose(&tree);
}

/* jansson values decoded outside hr_json_read() are plain malloc()
 * memory, before and after a read that used the scratch. */
static void test_values_outside_the_scratch(void **state)
{
	(void)state;
	json_t *before = json_pack("{s:[i,i,i]}", "a", 1, 2, 3);
	hr_json_tree tree = HR_JSON_TREE_INIT;
	hr_json_input in;
	const char *text = "{\"x\": {\"y\": [1, 2, 3]}}";
	assert_int_equal(hr_json_input_init(&in, "t.json", text, strlen(text)), HR_OK);
	assert_int_equal(hr_json_read(&in, &tree, NULL), HR_OK);
	json_t *after = json_pack("{s:s}", "b", "text");
	assert_int_equal(json_array_size(json_object_get(before, "a")), 3);
	assert_string_equal(json_string_value(json_object_get(after, "b")), "text");
	json_decref(before);
	json_decref(after);
	hr_json_input_dispose(&in);
	hr_json_tree_dispose(&tree);
}

static void *read_many(void *arg)
{
	size_t objects = (size_t)(uintptr_t)arg;
	char *text = array_text(objects);
	hr_json_tree tree = HR_JSON_TREE_INIT;
	for (int round = 0; round < 20; round++) {
		hr_json_input in;
		if (hr_json_input_init(&in, "t.json", text, strlen(text)) ||
		    hr_json_read(&in, &tree, NULL))
			fail_msg("read failed: %s", hr_error_last()->message);
		check_array(&tree, objects);
		hr_json_input_dispose(&in);
	}
	hr_json_tree_dispose(&tree);
	free(text);
	return NULL;
}

/* Each thread's reads use its own tree's scratch. */
static void test_threads(void **state)
{
	(void)state;
	pthread_t threads[4];
	for (size_t i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&threads[i], NULL, read_many,
		                                (void *)(uintptr_t)(50 + 3000 * i)),
		                 0);
	for (size_t i = 0; i < 4; i++)
		pthread_join(threads[i], NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read_cases),
		cmocka_unit_test(test_values_outside_the_scratch),
		cmocka_unit_test(test_threads),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
