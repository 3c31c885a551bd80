// SPDX-License-Identifier: GPL-2.0-only
/* probe.c - the e2e suite's test program (tests/vm/e2e/suite.sh): does one
 * or more kernel operations and prints, for each, "ok" or the errno's name
 * (EPERM, ENOENT, ...), one per line.  Built static on the host by
 * tests/vm/e2e/run and put in the VM's /usr/local/bin.
 *
 *   probe OP [ARG...] [+ OP [ARG...]]...      exit 0 if every OP succeeded
 *
 * OPs (PATHs as given, nothing resolved here):
 *   nop                      prints ok
 *   read PATH                open O_RDONLY and read
 *   open PATH MODE           MODE r, w, a (O_WRONLY|O_APPEND), rw, c (O_CREAT|O_WRONLY)
 *   mmapx PATH               open O_RDONLY, mmap PROT_READ|PROT_EXEC
 *   mprotect PATH            open O_RDONLY, mmap PROT_READ, mprotect PROT_READ|PROT_EXEC
 *   ioctl PATH               open O_RDONLY, ioctl FIONREAD
 *   stat PATH                stat
 *   chmod PATH OCTAL         chmod
 *   truncate PATH            truncate to 0
 *   mkdir PATH | rmdir PATH | unlink PATH
 *   symlink TARGET NEW | link OLD NEW | rename OLD NEW
 *   opath PATH               open O_PATH (never file_open), then open
 *                            /proc/self/fd/N O_RDONLY: prints that result
 *   bpf PATH                 bpf(BPF_OBJ_GET, PATH)
 *   tiocsti                  in a child in a new session, opens a new pty
 *                            as its controlling terminal and pushes one
 *                            byte into its input (ioctl TIOCSTI); waits
 *   utimes PATH              utimensat, NULL times (now)
 *   utimes-set PATH          utimensat, times given (the epoch)
 *   futimes PATH             open O_RDONLY, futimens NULL times
 *   acl PATH                 setxattr system.posix_acl_access: the ACL of
 *                            mode 644 (user rw, group r, other r)
 *   rmacl PATH               removexattr system.posix_acl_access
 *   getacl PATH              getxattr system.posix_acl_access
 *   listxattr PATH           listxattr
 *   readlink PATH            readlink
 *   readfd N | writefd N     read from / write a line to descriptor N
 *   readat N NAME            openat(N, NAME, O_RDONLY) and read
 *   truncfd N                ftruncate descriptor N to 0
 *   watch PATH               inotify_add_watch (modify, create, delete)
 *   clonetree PATH CMD [ARG...]
 *                            a detached copy of the mount tree at PATH
 *                            (open_tree OPEN_TREE_CLONE) as descriptor 3
 *                            (kept across exec), then executes CMD: ends
 *                            the chain
 *   mmapfd N                 mmap PROT_READ, MAP_PRIVATE of descriptor N
 *   sendfile N               sendfile from descriptor N into a pipe
 *   uselib PATH              uselib(2) through the 32-bit entry (int $0x80,
 *                            number 86): ENOEXEC for a file that opens but
 *                            is no library; ENOSYS where the kernel has none
 *   mkelf PATH [INTERP]      writes an x86-64 ELF executable (mode 755) whose
 *                            code prints "ok" and exits; with INTERP, it
 *                            names INTERP as its program interpreter
 *                            (PT_INTERP), which the kernel runs instead
 *   sendfd SOCK FILE         opens FILE, listens on unix socket SOCK, sends
 *                            the descriptor to the first client, exits
 *                            (after 20 s without a client: killed by SIGALRM)
 *   recvfd SOCK              connects to SOCK, receives a descriptor; prints
 *                            the result of reading it, then of opening
 *                            /proc/self/fd/N O_RDONLY again
 *   exec PATH [ARG...]       execv(PATH, PATH ARG...): the rest is its
 *   fork OP...               the rest runs in a child; waits for it
 *   daemon OP...             double fork + setsid: the rest runs in a
 *                            grandchild in a new session whose parent has
 *                            exited; prints "detached" first (or "attached")
 *                            and does not wait for it
 * Output is unbuffered, so lines of forked and exec'd probes keep order. */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/xattr.h>
#include <sys/wait.h>
#include <unistd.h>

#include "probe_out.h"

/* open_tree(2) (Linux 5.2): a detached copy of a mount tree. */
#define OPEN_TREE_CLONE_K 1

/* The POSIX ACL xattr of mode 644 (the kernel's posix_acl_xattr layout):
 * a version, then (tag, perm, id) entries. */
static void set_acl644(const char *path)
{
	struct {
		uint32_t version;
		struct {
			uint16_t tag, perm;
			uint32_t id;
		} e[3];
	} acl = { 2, { { 0x01, 6, ~0u }, { 0x04, 4, ~0u }, { 0x20, 4, ~0u } } };
	res(setxattr(path, "system.posix_acl_access", &acl, sizeof(acl), 0));
}

/* uselib(2) of the 32-bit system call table (IA32 emulation), where the
 * kernel has it (CONFIG_USELIB: up to 6.14).  The path is copied below
 * 4 GiB: this static program is not position independent. */
static void uselib32(const char *path)
{
	static char low[4096];
	snprintf(low, sizeof(low), "%s", path);
	long r;
	asm volatile("int $0x80"
		     : "=a"(r)
		     : "a"(86L), "b"((unsigned long)low)
		     : "memory", "r8", "r9", "r10", "r11");
	if (r < 0) {
		errno = (int)-r;
		r = -1;
	}
	res(r);
}

/* A minimal static ELF executable: one PT_LOAD of the whole file at
 * `base` (read, exec), an optional PT_INTERP, and code that writes "ok\n"
 * and exits 0.  Two of them, one the other's interpreter, load at two
 * bases. */
static void mkelf(const char *path, const char *interp)
{
	static const unsigned char code[] = {
		0xb8, 0x01, 0x00, 0x00, 0x00,		/* mov eax, 1 (write) */
		0xbf, 0x01, 0x00, 0x00, 0x00,		/* mov edi, 1 */
		0x48, 0x8d, 0x35, 0x10, 0x00, 0x00, 0x00, /* lea rsi, [rip + 16]: "ok\n" */
		0xba, 0x03, 0x00, 0x00, 0x00,		/* mov edx, 3 */
		0x0f, 0x05,				/* syscall */
		0xb8, 0x3c, 0x00, 0x00, 0x00,		/* mov eax, 60 (exit) */
		0x31, 0xff,				/* xor edi, edi */
		0x0f, 0x05,				/* syscall */
		'o', 'k', '\n',
	};
	unsigned char img[1024] = { 0 };
	unsigned long base = interp ? 0x20000000ul : 0x10000000ul;
	size_t ilen = interp ? strlen(interp) + 1 : 0;
	unsigned nph = interp ? 2 : 1;
	size_t ioff = 64 + 56 * nph, coff = (ioff + ilen + 15) & ~(size_t)15;
	size_t size = coff + sizeof(code);
	if (size > sizeof(img)) {
		errno = ENAMETOOLONG;
		res(-1);
		return;
	}
	Elf64_Ehdr *eh = (Elf64_Ehdr *)img;
	memcpy(eh->e_ident, ELFMAG, SELFMAG);
	eh->e_ident[EI_CLASS] = ELFCLASS64;
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_ident[EI_VERSION] = EV_CURRENT;
	eh->e_type = ET_EXEC;
	eh->e_machine = EM_X86_64;
	eh->e_version = EV_CURRENT;
	eh->e_entry = base + coff;
	eh->e_phoff = 64;
	eh->e_ehsize = 64;
	eh->e_phentsize = 56;
	eh->e_phnum = (Elf64_Half)nph;
	Elf64_Phdr *ph = (Elf64_Phdr *)(img + 64);
	if (interp) {
		ph->p_type = PT_INTERP;
		ph->p_flags = PF_R;
		ph->p_offset = ioff;
		ph->p_vaddr = ph->p_paddr = base + ioff;
		ph->p_filesz = ph->p_memsz = ilen;
		ph->p_align = 1;
		memcpy(img + ioff, interp, ilen);
		ph++;
	}
	ph->p_type = PT_LOAD;
	ph->p_flags = PF_R | PF_W | PF_X;	/* 6.1 zeroes the rest of an interpreter's last page */
	ph->p_offset = 0;
	ph->p_vaddr = ph->p_paddr = base;
	ph->p_filesz = ph->p_memsz = size;
	ph->p_align = 0x1000;
	memcpy(img + coff, code, sizeof(code));
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0755);
	if (fd < 0) {
		res(-1);
		return;
	}
	ssize_t w = write(fd, img, size);
	close(fd);
	res(w == (ssize_t)size ? 0 : -1);
}

/* Like res, but only reports a failure, with PREFIX (a step before the
 * one the op is about). */
static int step(long r, const char *prefix)
{
	if (r >= 0)
		return 0;
	const char *n = strerrorname_np(errno);
	char buf[64];
	snprintf(buf, sizeof(buf), "%s-%s", prefix, n ? n : "E?");
	say(buf);
	failed = 1;
	return -1;
}

static int open_mode(const char *m)
{
	if (!strcmp(m, "r"))
		return O_RDONLY;
	if (!strcmp(m, "w"))
		return O_WRONLY;
	if (!strcmp(m, "a"))
		return O_WRONLY | O_APPEND;
	if (!strcmp(m, "rw"))
		return O_RDWR;
	if (!strcmp(m, "c"))
		return O_WRONLY | O_CREAT;
	fprintf(stderr, "probe: bad open mode %s\n", m);
	exit(2);
}

static void reopen_fd(int fd)
{
	char p[64];
	snprintf(p, sizeof(p), "/proc/self/fd/%d", fd);
	int r = open(p, O_RDONLY);
	res(r);
	if (r >= 0)
		close(r);
}

static int unix_socket(const char *path, struct sockaddr_un *a)
{
	memset(a, 0, sizeof(*a));
	a->sun_family = AF_UNIX;
	snprintf(a->sun_path, sizeof(a->sun_path), "%s", path);
	return socket(AF_UNIX, SOCK_STREAM, 0);
}

static void sendfd(const char *sock, const char *file)
{
	struct sockaddr_un a;
	alarm(20);	/* never wait for a client forever */
	int fd = open(file, O_RDONLY);
	if (step(fd, "open"))
		return;
	int s = unix_socket(sock, &a);
	unlink(sock);
	if (step(s, "socket") || step(bind(s, (struct sockaddr *)&a, sizeof(a)), "bind") ||
	    step(listen(s, 1), "listen"))
		return;
	int c = accept(s, NULL, NULL);
	if (step(c, "accept"))
		return;
	char byte = 'F';
	struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int))];
	} u;
	memset(&u, 0, sizeof(u));
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf,
			      .msg_controllen = sizeof(u.buf) };
	struct cmsghdr *cm = CMSG_FIRSTHDR(&msg);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &fd, sizeof(int));
	res(sendmsg(c, &msg, 0));
	close(c);
	close(s);
	unlink(sock);
}

static void recvfd(const char *sock)
{
	struct sockaddr_un a;
	int s = unix_socket(sock, &a);
	if (step(s, "socket"))
		return;
	int r = -1;
	for (int i = 0; i < 200; i++) {	/* up to 10 s for the server */
		r = connect(s, (struct sockaddr *)&a, sizeof(a));
		if (r == 0)
			break;
		usleep(50000);
	}
	if (step(r, "connect"))
		return;
	char byte;
	struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int))];
	} u;
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf,
			      .msg_controllen = sizeof(u.buf) };
	if (step(recvmsg(s, &msg, 0), "recvmsg"))
		return;
	struct cmsghdr *cm = CMSG_FIRSTHDR(&msg);
	if (!cm || cm->cmsg_type != SCM_RIGHTS) {
		say("no-fd");
		failed = 1;
		return;
	}
	int fd;
	memcpy(&fd, CMSG_DATA(cm), sizeof(int));
	char buf[16];
	res(read(fd, buf, sizeof(buf)));
	reopen_fd(fd);
}

static void need(int argc, int n, const char *op)
{
	if (argc < n) {
		fprintf(stderr, "probe: %s: missing arguments\n", op);
		exit(2);
	}
}

/* Runs the ops in argv[0..argc); returns nothing: exec and fork end it. */
static void run(int argc, char **argv)
{
	while (argc > 0) {
		int n = 1;	/* words this op used */
		while (n < argc && strcmp(argv[n], "+"))
			n++;
		const char *op = argv[0];
		const char *p = n > 1 ? argv[1] : NULL;
		int fd;

		if (!strcmp(op, "clonetree")) {
			need(argc, 3, op);
			fd = (int)syscall(SYS_open_tree, AT_FDCWD, p, OPEN_TREE_CLONE_K);
			if (fd < 0 || (fd != 3 && (dup2(fd, 3) < 0 || close(fd) < 0))) {
				res(-1);
				exit(1);
			}
			execvp(argv[2], argv + 2);
			res(-1);
			exit(1);
		} else if (!strcmp(op, "exec")) {
			need(argc, 2, op);
			argv[0] = argv[1];
			execv(argv[1], argv + 1);
			res(-1);
			exit(1);
		} else if (!strcmp(op, "fork")) {
			pid_t c = fork();
			if (c < 0) {
				res(-1);
				exit(1);
			}
			if (c == 0) {
				run(argc - 1, argv + 1);
				exit(failed);
			}
			int st;
			waitpid(c, &st, 0);
			exit(WIFEXITED(st) ? WEXITSTATUS(st) : 1);
		} else if (!strcmp(op, "daemon")) {
			pid_t c = fork();
			if (c < 0) {
				res(-1);
				exit(1);
			}
			if (c > 0)
				exit(failed);
			if (setsid() < 0) {
				res(-1);
				exit(1);
			}
			pid_t mid = getpid();
			c = fork();
			if (c != 0)
				exit(c < 0);
			/* Wait until the middle process is gone. */
			for (int i = 0; i < 200 && getppid() == mid; i++)
				usleep(20000);
			say(getppid() != mid && getsid(0) == mid ? "detached" : "attached");
			run(argc - 1, argv + 1);
			exit(failed);
		} else if (!strcmp(op, "nop")) {
			say("ok");
		} else if (!strcmp(op, "read")) {
			need(n, 2, op);
			fd = open(p, O_RDONLY);
			if (res(fd) >= 0) {
				char buf[16];
				(void)!read(fd, buf, sizeof(buf));
				close(fd);
			}
		} else if (!strcmp(op, "open")) {
			need(n, 3, op);
			fd = open(p, open_mode(argv[2]), 0644);
			if (res(fd) >= 0)
				close(fd);
		} else if (!strcmp(op, "mmapx") || !strcmp(op, "mprotect")) {
			need(n, 2, op);
			fd = open(p, O_RDONLY);
			if (!step(fd, "open")) {
				if (!strcmp(op, "mmapx")) {
					void *m = mmap(NULL, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE, fd, 0);
					res(m == MAP_FAILED ? -1 : 0);
				} else {
					void *m = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 0);
					if (!step(m == MAP_FAILED ? -1 : 0, "mmap"))
						res(mprotect(m, 4096, PROT_READ | PROT_EXEC));
				}
				close(fd);
			}
		} else if (!strcmp(op, "ioctl")) {
			need(n, 2, op);
			fd = open(p, O_RDONLY);
			if (!step(fd, "open")) {
				int avail;
				res(ioctl(fd, FIONREAD, &avail));
				close(fd);
			}
		} else if (!strcmp(op, "utimes")) {
			need(n, 2, op);
			res(utimensat(AT_FDCWD, p, NULL, 0));
		} else if (!strcmp(op, "utimes-set")) {
			need(n, 2, op);
			struct timespec ts[2] = { { 0, 0 }, { 0, 0 } };
			res(utimensat(AT_FDCWD, p, ts, 0));
		} else if (!strcmp(op, "futimes")) {
			need(n, 2, op);
			if (!step(fd = open(p, O_RDONLY | O_CLOEXEC), "open")) {
				res(futimens(fd, NULL));
				close(fd);
			}
		} else if (!strcmp(op, "acl")) {
			need(n, 2, op);
			set_acl644(p);
		} else if (!strcmp(op, "rmacl")) {
			need(n, 2, op);
			res(removexattr(p, "system.posix_acl_access"));
		} else if (!strcmp(op, "getacl")) {
			need(n, 2, op);
			char v[256];
			res(getxattr(p, "system.posix_acl_access", v, sizeof(v)));
		} else if (!strcmp(op, "listxattr")) {
			need(n, 2, op);
			char v[1024];
			res(listxattr(p, v, sizeof(v)));
		} else if (!strcmp(op, "readlink")) {
			need(n, 2, op);
			char target[256];
			res(readlink(p, target, sizeof(target)));
		} else if (!strcmp(op, "watch")) {
			need(n, 2, op);
			fd = inotify_init1(IN_CLOEXEC);
			if (!step(fd, "inotify")) {
				res(inotify_add_watch(fd, p, IN_MODIFY | IN_CREATE | IN_DELETE));
				close(fd);
			}
		} else if (!strcmp(op, "truncfd")) {
			need(n, 2, op);
			res(ftruncate(atoi(p), 0));
		} else if (!strcmp(op, "readat")) {
			need(n, 3, op);
			fd = openat(atoi(p), argv[2], O_RDONLY);
			if (!step(fd, "openat")) {
				char buf[64];
				res(read(fd, buf, sizeof(buf)));
				close(fd);
			}
		} else if (!strcmp(op, "readfd") || !strcmp(op, "writefd") || !strcmp(op, "mmapfd") ||
			   !strcmp(op, "sendfile")) {
			need(n, 2, op);
			int d = atoi(p);
			char buf[64];
			if (!strcmp(op, "readfd")) {
				res(read(d, buf, sizeof(buf)));
			} else if (!strcmp(op, "writefd")) {
				res(write(d, "x\n", 2));
			} else if (!strcmp(op, "mmapfd")) {
				void *m = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, d, 0);
				res(m == MAP_FAILED ? -1 : 0);
				if (m != MAP_FAILED)
					munmap(m, 4096);
			} else {
				int pp[2];
				if (!step(pipe(pp), "pipe")) {
					res(sendfile(pp[1], d, NULL, 64));
					close(pp[0]);
					close(pp[1]);
				}
			}
		} else if (!strcmp(op, "uselib")) {
			need(n, 2, op);
			uselib32(p);
		} else if (!strcmp(op, "mkelf")) {
			need(n, 2, op);
			mkelf(p, n > 2 ? argv[2] : NULL);
		} else if (!strcmp(op, "tiocsti")) {
			pid_t c = fork();
			if (c == 0) {
				int m = -1, s = -1;
				if (step(setsid(), "setsid") || step(m = posix_openpt(O_RDWR | O_NOCTTY), "openpt") ||
				    step(grantpt(m), "grantpt") || step(unlockpt(m), "unlockpt") ||
				    step(s = open(ptsname(m), O_RDWR), "open"))
					exit(1);
				char ch = 'x';
				res(ioctl(s, TIOCSTI, &ch));
				exit(failed);
			}
			int st = 0;
			if (c < 0 || waitpid(c, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st))
				failed = 1;
		} else if (!strcmp(op, "stat")) {
			struct stat st;
			need(n, 2, op);
			res(stat(p, &st));
		} else if (!strcmp(op, "chmod")) {
			need(n, 3, op);
			res(chmod(p, (mode_t)strtol(argv[2], NULL, 8)));
		} else if (!strcmp(op, "truncate")) {
			need(n, 2, op);
			res(truncate(p, 0));
		} else if (!strcmp(op, "mkdir")) {
			need(n, 2, op);
			res(mkdir(p, 0755));
		} else if (!strcmp(op, "rmdir")) {
			need(n, 2, op);
			res(rmdir(p));
		} else if (!strcmp(op, "unlink")) {
			need(n, 2, op);
			res(unlink(p));
		} else if (!strcmp(op, "symlink")) {
			need(n, 3, op);
			res(symlink(p, argv[2]));
		} else if (!strcmp(op, "link")) {
			need(n, 3, op);
			res(link(p, argv[2]));
		} else if (!strcmp(op, "rename")) {
			need(n, 3, op);
			res(rename(p, argv[2]));
		} else if (!strcmp(op, "opath")) {
			need(n, 2, op);
			fd = open(p, O_PATH);
			if (!step(fd, "opath")) {
				reopen_fd(fd);
				close(fd);
			}
		} else if (!strcmp(op, "bpf")) {
			need(n, 2, op);
			union bpf_attr attr;
			memset(&attr, 0, sizeof(attr));
			attr.pathname = (__u64)(unsigned long)p;
			fd = (int)syscall(SYS_bpf, BPF_OBJ_GET, &attr, sizeof(attr));
			if (res(fd) >= 0)
				close(fd);
		} else if (!strcmp(op, "sendfd")) {
			need(n, 3, op);
			sendfd(p, argv[2]);
		} else if (!strcmp(op, "recvfd")) {
			need(n, 2, op);
			recvfd(p);
		} else {
			fprintf(stderr, "probe: unknown op %s\n", op);
			exit(2);
		}
		if (n < argc)
			n++;	/* the "+" */
		argc -= n;
		argv += n;
	}
}

int main(int argc, char **argv)
{
	signal(SIGPIPE, SIG_IGN);
	if (argc < 2) {
		fprintf(stderr, "usage: probe OP [ARG...] [+ OP [ARG...]]...\n");
		return 2;
	}
	run(argc - 1, argv + 1);
	return failed;
}
