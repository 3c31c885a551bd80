// SPDX-License-Identifier: GPL-2.0-only
/* bench/osbench-nop.c - the program osbench's "exec" operation executes:
 * no libc, no dynamic loader, one exit(0) system call, so that the time
 * measured is the kernel's exec (and its LSM hooks), not a libc's start-up.
 * Built with -nostdlib -static (x86-64 only). */

__attribute__((noreturn)) void _start(void);

void _start(void)
{
	__asm__ volatile("mov $60, %%eax\n\t" /* SYS_exit */
			 "xor %%edi, %%edi\n\t"
			 "syscall"
			 :
			 :
			 : "rax", "rdi", "memory");
	__builtin_unreachable();
}
