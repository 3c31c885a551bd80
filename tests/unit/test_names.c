// SPDX-License-Identifier: GPL-2.0-only
/* test_names.c - the shared vocabulary: lookups, suggestions, formatting. */
#include "names.h"
#include "unit.h"

static uint64_t look(enum name_space ns, const char *w)
{
	uint64_t b = 0;
	return names_lookup(ns, w, &b) ? b : UINT64_C(0xdead);
}

static const char *fmt(enum rule_kind k, uint64_t m)
{
	struct strbuf sb = { 0 };
	names_format_mask(k, m, &sb);
	return sb_finish(&sb);
}

static void run_tests(void)
{
	/* fs flags and YAML access */
	CHECK(look(NS_FS_FLAG, "read") == ACC_READ);
	CHECK(look(NS_FS_FLAG, "rm") == ACC_DELETE);
	CHECK(look(NS_FS_FLAG, "any") == ACC_ALL);
	CHECK(look(NS_FS_FLAG, "Read") == 0xdead);
	uint64_t b = 0;
	size_t bad = 99;
	CHECK(names_yaml_access("rxm", &b, &bad) && b == (ACC_READ | ACC_GETATTR | ACC_EXEC | ACC_MAP));
	b = 0;
	CHECK(!names_yaml_access("rq", &b, &bad) && bad == 1);
	b = 0;
	CHECK(names_yaml_access("readonly", &b, &bad) && b == (ACC_READ | ACC_GETATTR));
	b = 0;
	CHECK(names_yaml_access("readOnly", &b, &bad) && b == (ACC_READ | ACC_GETATTR));
	b = 0;
	CHECK(names_yaml_access("cdli", &b, &bad) &&
	      b == (ACC_SETATTR | ACC_DELETE | ACC_LINK | ACC_IOCTL));
	b = 0;
	CHECK(!names_yaml_access("", &b, &bad));

	/* net */
	CHECK(look(NS_YAML_NET, "server") ==
	      (NET_CREATE | NET_BIND | NET_LISTEN | NET_ACCEPT | NET_SHUTDOWN));
	CHECK(look(NS_YAML_NET, "client") == (NET_CREATE | NET_CONNECT | NET_SHUTDOWN));
	CHECK(look(NS_NET_FLAG, "shutdown") == NET_SHUTDOWN);
	CHECK(look(NS_FAMILY, "inet6") == UINT64_C(1) << 10);
	CHECK(look(NS_FAMILY, "unix") == UINT64_C(1) << 1);
	CHECK(look(NS_FAMILY, "local") == UINT64_C(1) << 1);
	CHECK(look(NS_FAMILY, "AF_NETLINK") == UINT64_C(1) << 16);
	CHECK(look(NS_FAMILY, "any") == FAMILY_ANY);

	/* signals: names in three spellings, classes */
	CHECK(look(NS_SIGNAL, "sigTerm") == UINT64_C(1) << 15);
	CHECK(look(NS_SIGNAL, "term") == UINT64_C(1) << 15);
	CHECK(look(NS_SIGNAL, "SIGTERM") == UINT64_C(1) << 15);
	CHECK(look(NS_SIGNAL, "check") == 1);
	CHECK(look(NS_SIGNAL, "sigcheck") == 1);
	CHECK(look(NS_SIGNAL, "superFatal") == UINT64_C(1) << 9);
	CHECK(look(NS_SIGNAL, "sigkill") == UINT64_C(1) << 9);
	CHECK(look(NS_SIGNAL, "superStop") == UINT64_C(1) << 19);
	CHECK(look(NS_SIGNAL, "sigstop") == UINT64_C(1) << 19);
	CHECK(look(NS_SIGNAL, "stop") == ((UINT64_C(1) << 20) | (UINT64_C(1) << 21) | (UINT64_C(1) << 22)));
	CHECK(look(NS_SIGNAL, "sigchld") == UINT64_C(1) << 17);
	CHECK(!(look(NS_SIGNAL, "fatal") & (UINT64_C(1) << 9)));
	CHECK(look(NS_SIGNAL, "fatal") & (UINT64_C(1) << 15));
	CHECK(look(NS_SIGNAL, "rtmin+3") == UINT64_C(1) << 35);
	CHECK(look(NS_SIGNAL, "any") == SIG_ALL);
	CHECK(look(NS_SIGNAL, "sigfoo") == 0xdead);

	/* capabilities: camelCase, snake_case, CAP_ prefix, any */
	CHECK(look(NS_CAP, "netBindService") == UINT64_C(1) << 10);
	CHECK(look(NS_CAP, "net_bind_service") == UINT64_C(1) << 10);
	CHECK(look(NS_CAP, "CAP_NET_BIND_SERVICE") == UINT64_C(1) << 10);
	CHECK(look(NS_CAP, "setUID") == UINT64_C(1) << 7);
	CHECK(look(NS_CAP, "bpf") == UINT64_C(1) << 39);
	CHECK(look(NS_CAP, "any") == CAP_ALL_MASK);
	CHECK(look(NS_CAP, "sysadmn") == 0xdead);
	CHECK_STR(names_suggest(NS_CAP, "sysadmn"), "sys_admin");
	CHECK_STR(names_suggest(NS_FS_FLAG, "raed"), "read");
	/* a swap of two letters is one edit: sigtrem is SIGTERM, not SIGTRAP */
	CHECK_STR(names_suggest(NS_SIGNAL, "sigtrem"), "SIGTERM");
	CHECK(edit_distance("trem", "term", 3) == 1);
	CHECK(edit_distance("abc", "abc", 3) == 0);
	CHECK(edit_distance("kitten", "sitting", 5) == 3);
	CHECK_STR(names_suggest(NS_FAMILY, "inet7"), "inet");
	CHECK(names_suggest(NS_FS_FLAG, "completely-different") == NULL);

	/* devices */
	enum dev_class c;
	CHECK(names_dev_class("tty", &c) && c == DEV_TERMINAL);
	CHECK(names_dev_class("sound", &c) && c == DEV_SOUND);
	CHECK(!names_dev_class("printer", &c));
	CHECK(names_dev_in_class(DEV_SOUND, 116, 0));
	CHECK(names_dev_in_class(DEV_TERMINAL, 136, 2));
	CHECK(!names_dev_in_class(DEV_NULL, 1, 8));
	CHECK(names_dev_in_class(DEV_RANDOM, 1, 8));

	/* formatting */
	CHECK_STR(fmt(RK_FS, ACC_READ | ACC_GETATTR), "read|getattr");
	CHECK_STR(fmt(RK_FS, ACC_ALL), "any");
	CHECK_STR(fmt(RK_NET, NET_CONNECT | NET_SEND), "connect|send");
	CHECK_STR(fmt(RK_SIGNAL, 1 | (UINT64_C(1) << 15)), "check|SIGTERM");
	CHECK_STR(fmt(RK_CAP, UINT64_C(1) << 21), "sys_admin");
	CHECK_STR(fmt(RK_CAP, CAP_ALL_MASK), "any");
	CHECK_STR(fmt(RK_PTRACE, PT_READ), "read");
	struct strbuf sb = { 0 };
	names_format_families((UINT64_C(1) << 2) | (UINT64_C(1) << 10), &sb);
	CHECK_STR(sb_finish(&sb), "inet|inet6");
}

UNIT_MAIN("names")
