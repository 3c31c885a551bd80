/* bpfcon_net.h - stub: filled in by the issue-4 work on this kind. */
#ifndef BPFCON_NET_H
#define BPFCON_NET_H
#endif
