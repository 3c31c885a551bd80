// SPDX-License-Identifier: GPL-2.0-only
/* test_json.c - the JSON writer: string escaping (quotes, backslash,
 * control characters, bytes that are not UTF-8), the UTF-8 check at its
 * edges, commas and line breaks of nested containers; and the shared
 * name table's formatted names. */
#include <stdlib.h>

#include "json.h"
#include "nametab.h"
#include "util.h"
#include "unit.h"

/* S (N bytes) as json_write_string writes it. */
static char *esc(const char *s, size_t n)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	json_write_string(f, s, n);
	fclose(f);
	char *r = arena_strndup(buf, len);
	free(buf);
	return r;
}

static size_t u8(const char *s)
{
	return json_utf8_len((const unsigned char *)s, strlen(s));
}

typedef void (*writer)(struct json *);

static char *write_with(writer fn, int wrap, bool spaced)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct json j;
	json_init(&j, f, wrap, spaced);
	fn(&j);
	fclose(f);
	char *r = arena_strndup(buf, len);
	free(buf);
	return r;
}

static void doc(struct json *j)
{
	json_object(j);
	json_kv_str(j, "a", "x");
	json_key(j, "b");
	json_array(j);
	json_int(j, -1);
	json_uint(j, 18446744073709551615ull);
	json_bool(j, true);
	json_null(j);
	json_str(j, NULL);
	json_end(j);
	json_key(j, "c");
	json_object(j);
	json_end(j);
	json_key(j, "d");
	json_rawf(j, "\"0x%02x\"", 10);
	json_end(j);
}

static void run_tests(void)
{
	CHECK_STR(esc("plain", 5), "\"plain\"");
	CHECK_STR(esc("a\"b\\c", 5), "\"a\\\"b\\\\c\"");
	CHECK_STR(esc("\b\f\n\r\t", 5), "\"\\b\\f\\n\\r\\t\"");
	CHECK_STR(esc("\x01\x1f\x7f", 3), "\"\\u0001\\u001f\\u007f\"");
	/* valid UTF-8 is kept: é, €, U+10FFFF */
	CHECK_STR(esc("\xc3\xa9\xe2\x82\xac\xf4\x8f\xbf\xbf", 9), "\"\xc3\xa9\xe2\x82\xac\xf4\x8f\xbf\xbf\"");
	/* not UTF-8: stray continuation, lone lead, overlong, surrogate, too
	 * large, truncated at the end */
	CHECK_STR(esc("\x80", 1), "\"\\u0080\"");
	CHECK_STR(esc("\xc3x", 2), "\"\\u00c3x\"");
	CHECK_STR(esc("\xc0\xaf", 2), "\"\\u00c0\\u00af\"");
	CHECK_STR(esc("\xed\xa0\x80", 3), "\"\\u00ed\\u00a0\\u0080\"");
	CHECK_STR(esc("\xf4\x90\x80\x80", 4), "\"\\u00f4\\u0090\\u0080\\u0080\"");
	CHECK_STR(esc("a\xe2\x82", 3), "\"a\\u00e2\\u0082\"");
	CHECK_STR(esc("\xff", 1), "\"\\u00ff\"");
	/* at most MAX bytes, up to a NUL; a sequence cut by MAX is not UTF-8 */
	CHECK_STR(esc("abc", 2), "\"ab\"");
	CHECK_STR(esc("a\0b", 3), "\"a\"");
	CHECK_STR(esc("\xc3\xa9", 1), "\"\\u00c3\"");

	CHECK(u8("a") == 1);
	CHECK(u8("\xc2\x80") == 2);
	CHECK(u8("\xc1\xbf") == 0);
	CHECK(u8("\xe0\xa0\x80") == 3);
	CHECK(u8("\xe0\x9f\xbf") == 0);
	CHECK(u8("\xed\x9f\xbf") == 3);
	CHECK(u8("\xed\xa0\x80") == 0);
	CHECK(u8("\xf0\x90\x80\x80") == 4);
	CHECK(u8("\xf0\x8f\xbf\xbf") == 0);
	CHECK(u8("\xf4\x8f\xbf\xbf") == 4);
	CHECK(u8("\xf5\x80\x80\x80") == 0);
	CHECK(u8("\xe2\x82") == 0);

	CHECK_STR(write_with(doc, 0, false),
		  "{\"a\":\"x\",\"b\":[-1,18446744073709551615,true,null,null],\"c\":{},\"d\":\"0x0a\"}");
	CHECK_STR(write_with(doc, 0, true),
		  "{\"a\": \"x\", \"b\": [-1, 18446744073709551615, true, null, null], \"c\": {}, \"d\": \"0x0a\"}");
	CHECK_STR(write_with(doc, 1, true),
		  "{\n  \"a\": \"x\",\n  \"b\": [-1, 18446744073709551615, true, null, null],\n"
		  "  \"c\": {},\n  \"d\": \"0x0a\"\n}\n");
	CHECK_STR(write_with(doc, 2, false),
		  "{\n  \"a\":\"x\",\n  \"b\":[\n    -1,\n    18446744073709551615,\n    true,\n"
		  "    null,\n    null\n  ],\n  \"c\":{},\n  \"d\":\"0x0a\"\n}\n");

	/* the shared names */
	char buf[NAMETAB_BUF];
	CHECK_STR(nametab_signal(0, buf), "check");
	CHECK_STR(nametab_signal(15, buf), "SIGTERM");
	CHECK_STR(nametab_signal(32, buf), "SIGRTMIN");
	CHECK_STR(nametab_signal(34, buf), "SIGRTMIN+2");
	CHECK_STR(nametab_signal(64, buf), "SIGRTMIN+32");
	CHECK_STR(nametab_signal(4000000000u, buf), "signal4000000000");
	CHECK_STR(nametab_cap(40, buf), "checkpoint_restore");
	CHECK_STR(nametab_cap(41, buf), "cap41");
	CHECK_STR(nametab_family(10, buf), "inet6");
	CHECK_STR(nametab_family(46, buf), "af46");
	CHECK_STR(nametab_kind(3), "dev");
	CHECK_STR(nametab_kind(10), "unknown");
	/* every slot of the designated tables is filled */
	for (unsigned i = 0; i < NAMETAB_SIGNALS; i++)
		CHECK(nametab_signals[i] != NULL);
	for (unsigned i = 0; i < NAMETAB_CAPS; i++)
		CHECK(nametab_caps[i] != NULL);
	for (unsigned i = 0; i < NAMETAB_FAMILIES; i++)
		CHECK(nametab_families[i] != NULL);
	for (unsigned i = 0; i < NAMETAB_KINDS; i++)
		CHECK(nametab_kinds[i] != NULL);
}

UNIT_MAIN("json")
