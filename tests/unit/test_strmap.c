/*
 * The string map behind anchors, workload identities and usage lookups:
 * SipHash-2-4 against the reference vectors, and the map's operations.
 */
#include "test_util.h"

#include "util/strmap.h"

#include <stdio.h>
#include <stdlib.h>

/* vectors.h of the SipHash reference code: key 00 01 .. 0f, message
 * 00 01 .. (n-1), for n = 0, 1, 2, 7, 8, 15, 63. */
static void test_siphash_vectors(void **state)
{
	(void)state;
	static const struct {
		size_t len;
		uint64_t hash;
	} vectors[] = {
		{0, UINT64_C(0x726fdb47dd0e0e31)},
		{1, UINT64_C(0x74f839c593dc67fd)},
		{2, UINT64_C(0x0d6c8009d9a94f5a)},
		{7, UINT64_C(0xab0200f58b01d137)},
		{8, UINT64_C(0x93f5f5799a932462)},
		{15, UINT64_C(0xa129ca6149be45e5)},
		{63, UINT64_C(0x958a324ceb064572)},
	};
	const uint64_t key[2] = {UINT64_C(0x0706050403020100),
	                         UINT64_C(0x0f0e0d0c0b0a0908)};
	unsigned char msg[64];
	for (int i = 0; i < 64; i++)
		msg[i] = (unsigned char)i;
	for (size_t i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
		uint64_t h = hr_siphash(key, msg, vectors[i].len);
		if (h != vectors[i].hash)
			fail_msg("length %zu: %016llx, expected %016llx", vectors[i].len,
			         (unsigned long long)h,
			         (unsigned long long)vectors[i].hash);
	}
}

static void test_map_operations(void **state)
{
	(void)state;
	hr_strmap m = HR_STRMAP_INIT;
	assert_null(hr_strmap_get(&m, "a", 1));
	enum { N = 50000 };
	static char keys[N][16];
	for (int i = 0; i < N; i++) {
		snprintf(keys[i], sizeof(keys[i]), "key-%d", i);
		hr_strmap_put(&m, keys[i], strlen(keys[i]), keys[i]);
	}
	assert_int_equal(m.count, N);
	for (int i = 0; i < N; i++)
		assert_ptr_equal(hr_strmap_get(&m, keys[i], strlen(keys[i])), keys[i]);
	assert_null(hr_strmap_get(&m, "key-", 4));
	/* Lengths are part of the key: "key-1" is not "key-10". */
	assert_ptr_equal(hr_strmap_get(&m, "key-10", 5), keys[1]);
	/* Replacing keeps one entry. */
	hr_strmap_put(&m, keys[7], strlen(keys[7]), keys[8]);
	assert_int_equal(m.count, N);
	assert_ptr_equal(hr_strmap_get(&m, keys[7], strlen(keys[7])), keys[8]);
	/* Bytes after a NUL count. */
	hr_strmap_put(&m, "a\0b", 3, keys[0]);
	assert_null(hr_strmap_get(&m, "a\0c", 3));
	assert_ptr_equal(hr_strmap_get(&m, "a\0b", 3), keys[0]);
	hr_strmap_clear(&m);
	assert_int_equal(m.count, 0);
	assert_null(hr_strmap_get(&m, keys[3], strlen(keys[3])));
	hr_strmap_dispose(&m);
	assert_null(hr_strmap_get(&m, keys[3], strlen(keys[3])));
}

/* Two maps draw different keys, so a name's slot cannot be predicted. */
static void test_keys_differ(void **state)
{
	(void)state;
	hr_strmap a = HR_STRMAP_INIT, b = HR_STRMAP_INIT;
	hr_strmap_put(&a, "x", 1, &a);
	hr_strmap_put(&b, "x", 1, &b);
	assert_true(a.key[0] != b.key[0] || a.key[1] != b.key[1]);
	hr_strmap_dispose(&a);
	hr_strmap_dispose(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_siphash_vectors),
		cmocka_unit_test(test_map_operations),
		cmocka_unit_test(test_keys_differ),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
