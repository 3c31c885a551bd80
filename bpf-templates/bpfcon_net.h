/* SPDX-License-Identifier: GPL-2.0-only */
/* bpfcon_net.h - network and ipc mediation (docs/policy-language.md
 * "What each operation asks").
 *
 * NEED_NET: every socket operation of a task of this policy is a net
 * request (kind BPFCON_KIND_NET, the socket's family, one BPFCON_NET_* bit)
 * decided by check_obj.
 *
 * NEED_IPC: unix socket connects and datagram sends, and SysV IPC, between
 * tasks of two different policies A and B need A's ipc(B) and B's ipc(A).
 * Which policy owns a socket (the policy of its creator) is kept in the
 * SK_STORAGE map bpfcon_socks, which owns a SysV object (its creator's) in
 * the hash bpfcon_sysv; both are pinned by name and shared by every loaded
 * policy, so each policy's programs see what the others recorded.  Each
 * policy decides its own side: the acting task's policy decides ipc(owner)
 * (check_obj, kind IPC); the owner's policy decides ipc(actor)
 * (check_ipc_incoming).  A task or object in no policy is no ipc peer. */
#ifndef BPFCON_NET_H
#define BPFCON_NET_H

#if NEED_NET || NEED_IPC

/* The kernel types read here.  The ___bpfcon flavour keeps these apart
 * from any declaration of the same structs elsewhere; libbpf matches them
 * to the kernel's struct socket, sock and sock_common all the same. */
struct sockaddr;
struct msghdr;

struct sock_common___bpfcon {
	unsigned short skc_family;
} __attribute__((preserve_access_index));

struct sock___bpfcon {
	struct sock_common___bpfcon __sk_common;
} __attribute__((preserve_access_index));

/* socket_sk(): bpfcon_shared.h. */

#endif

/* --- net: socket operations of this policy's tasks -------------------- */

#if NEED_NET

/* The AF_* of a socket (0 when it has no kernel socket). */
static __always_inline u32 socket_family(struct socket *sock)
{
	struct sock *sk = socket_sk(sock);
	if (!sk)
		return 0;
	return ((struct sock___bpfcon *)sk)->__sk_common.skc_family;
}

/* One net request (operation op on a socket of family) of the current
 * task, if it is in this policy. */
static __always_inline int net_request(u32 hook, u32 family, u32 op)
{
	struct bpfcon_task *st = my_task();
	if (!st)
		return 0;
	struct obj_req req;
	obj_req_init(&req, BPFCON_KIND_NET);
	req.access = op;
	req.family = family;
	return check_obj(st, hook, &req, -1, 0);
}

static __always_inline int net_on_socket(u32 hook, struct socket *sock, u32 op)
{
	return net_request(hook, socket_family(sock), op);
}

/* socket(2), socketpair(2): the family is the argument.  Sockets the
 * kernel makes for itself (kern) are nobody's request. */
SEC("lsm/socket_create")
int BPF_PROG(bpfcon_socket_create, int family, int type, int protocol, int kern, int ret)
{
	if (ret)
		return ret;
	if (kern)
		return 0;
	return net_request(BPFCON_HOOK_SOCKET_CREATE, (u32)family, BPFCON_NET_CREATE);
}

SEC("lsm/socket_connect")
int BPF_PROG(bpfcon_socket_connect, struct socket *sock, struct sockaddr *address, int addrlen,
	     int ret)
{
	return ret ? ret : net_on_socket(BPFCON_HOOK_CONNECT, sock, BPFCON_NET_CONNECT);
}

SEC("lsm/socket_bind")
int BPF_PROG(bpfcon_socket_bind, struct socket *sock, struct sockaddr *address, int addrlen,
	     int ret)
{
	return ret ? ret : net_on_socket(BPFCON_HOOK_BIND, sock, BPFCON_NET_BIND);
}

SEC("lsm/socket_listen")
int BPF_PROG(bpfcon_socket_listen, struct socket *sock, int backlog, int ret)
{
	return ret ? ret : net_on_socket(BPFCON_HOOK_LISTEN, sock, BPFCON_NET_LISTEN);
}

/* Asked on the listening socket, before accept(2) waits. */
SEC("lsm/socket_accept")
int BPF_PROG(bpfcon_socket_accept, struct socket *sock, struct socket *newsock, int ret)
{
	return ret ? ret : net_on_socket(BPFCON_HOOK_ACCEPT, sock, BPFCON_NET_ACCEPT);
}

/* send, sendto, sendmsg, sendmmsg, write(2) on a socket. */
SEC("lsm/socket_sendmsg")
int BPF_PROG(bpfcon_socket_sendmsg, struct socket *sock, struct msghdr *msg, int size, int ret)
{
	return ret ? ret : net_on_socket(BPFCON_HOOK_SENDMSG, sock, BPFCON_NET_SEND);
}

/* recv, recvfrom, recvmsg, recvmmsg, read(2) on a socket. */
SEC("lsm/socket_recvmsg")
int BPF_PROG(bpfcon_socket_recvmsg, struct socket *sock, struct msghdr *msg, int size, int flags,
	     int ret)
{
	return ret ? ret : net_on_socket(BPFCON_HOOK_RECVMSG, sock, BPFCON_NET_RECV);
}

SEC("lsm/socket_shutdown")
int BPF_PROG(bpfcon_socket_shutdown, struct socket *sock, int how, int ret)
{
	return ret ? ret : net_on_socket(BPFCON_HOOK_SHUTDOWN, sock, BPFCON_NET_SHUTDOWN);
}

#endif	/* NEED_NET */

/* --- ipc: between the tasks and objects of two policies --------------- */

#if NEED_IPC

/* The owners of sockets (bpfcon_socks) and SysV objects (bpfcon_sysv),
 * sock_owner and sysv_owner are in bpfcon_shared.h. */

/* The policy of the current task (0: in none). */
static __always_inline u64 current_policy(void)
{
	return task_policy(bpf_get_current_task_btf());
}

/* The current task, of policy mine, touches an object (socket, SysV
 * object) of policy owner.  Between two different policies, this policy
 * decides its side: ipc(owner) when the task is ours, ipc(the task's
 * policy) when the object is ours.  0 or -EPERM. */
static __always_inline int ipc_side(u32 hook, u64 mine, u64 owner)
{
	if (!owner || !mine || owner == mine)
		return 0;
	if (mine == bpfcon_config.policy_id) {
		struct bpfcon_task *st = my_task();
		if (!st)
			return 0;
		struct obj_req req;
		obj_req_init(&req, BPFCON_KIND_IPC);
		req.access = 1;
		req.policy = owner;
		return check_obj(st, hook, &req, -1, 0);
	}
	if (owner == bpfcon_config.policy_id)
		return check_ipc_incoming(hook, mine);
	return 0;
}

/* The body of an ipc hook's program: this policy's side; then, when the
 * acting task is ours and the object another policy's, that policy's side
 * (its program on the same hook, slot table jt: a tail call, which ends
 * this program).  The dispatcher calls the acting task's policy first. */
#define IPC_DECIDE(ctx, jt, hook, owner_expr)                                   \
	do {                                                                    \
		u64 owner_ = (owner_expr), mine_ = current_policy();            \
		int err_ = ipc_side((hook), mine_, owner_);                     \
		if (err_)                                                       \
			return err_;                                            \
		if (mine_ == bpfcon_config.policy_id && owner_ && owner_ != mine_) \
			chain_to_policy((ctx), (jt), owner_);                   \
		return 0;                                                       \
	} while (0)

/* A socket made by a confined task belongs to the task's policy.  If that
 * cannot be recorded the socket is refused: an unrecorded socket would be
 * nobody's, and escape the ipc rules. */
SEC("lsm/socket_post_create")
int BPF_PROG(bpfcon_socket_post_create, struct socket *sock, int family, int type, int protocol,
	     int kern, int ret)
{
	if (ret)
		return ret;
	u64 mine = current_policy();
	if (kern || !mine)
		return 0;
	struct sock *sk = socket_sk(sock);
	if (!sk)
		return 0;
	u64 *owner = bpf_sk_storage_get(&bpfcon_socks, sk, 0, BPF_SK_STORAGE_GET_F_CREATE);
	if (!owner)
		return -EPERM_K;
	*owner = mine;
	return 0;
}

/* connect(2) of a unix stream socket to the listening socket other. */
SEC("lsm/unix_stream_connect")
int BPF_PROG(bpfcon_unix_stream_connect, struct sock *sock, struct sock *other, struct sock *newsk,
	     int ret)
{
	if (ret)
		return ret;
	IPC_DECIDE(ctx, &bpfcon_jt_unix_stream_connect, BPFCON_HOOK_UNIX_CONNECT, sock_owner(other));
}

/* A unix datagram sent (or a datagram socket connected) to other. */
SEC("lsm/unix_may_send")
int BPF_PROG(bpfcon_unix_may_send, struct socket *sock, struct socket *other, int ret)
{
	if (ret)
		return ret;
	IPC_DECIDE(ctx, &bpfcon_jt_unix_may_send, BPFCON_HOOK_UNIX_SEND, sock_owner(socket_sk(other)));
}

/* SysV objects: the creator's policy owns them. */
static __always_inline int sysv_created(struct kern_ipc_perm *perm)
{
	u64 mine = current_policy();
	if (!mine)
		return 0;
	u64 key = (u64)perm;
	/* Full map: refuse the object rather than leave it unowned. */
	return bpf_map_update_elem(&bpfcon_sysv, &key, &mine, BPF_ANY) ? -EPERM_K : 0;
}

SEC("lsm/msg_queue_alloc_security")
int BPF_PROG(bpfcon_msg_queue_alloc, struct kern_ipc_perm *perm, int ret)
{
	return ret ? ret : sysv_created(perm);
}

SEC("lsm/shm_alloc_security")
int BPF_PROG(bpfcon_shm_alloc, struct kern_ipc_perm *perm, int ret)
{
	return ret ? ret : sysv_created(perm);
}

SEC("lsm/sem_alloc_security")
int BPF_PROG(bpfcon_sem_alloc, struct kern_ipc_perm *perm, int ret)
{
	return ret ? ret : sysv_created(perm);
}

/* The dispatcher removes a freed SysV object's owner (the *_free_security
 * hooks). */

/* Every use of an existing SysV object that checks its permission bits
 * (msgget/shmget/semget of an existing key, msgsnd, msgrcv, shmat, semop,
 * IPC_STAT ...) comes here; the kernel turns a denial into EACCES. */
SEC("lsm/ipc_permission")
int BPF_PROG(bpfcon_ipc_permission, struct kern_ipc_perm *ipcp, short flag, int ret)
{
	if (ret)
		return ret;
	IPC_DECIDE(ctx, &bpfcon_jt_ipc_permission, BPFCON_HOOK_SYSV, sysv_owner(ipcp));
}

/* The *ctl commands that skip the permission bits (IPC_RMID, IPC_SET are
 * for the owner): the same two-sided check.  perm is NULL for the
 * namespace-wide commands (IPC_INFO ...): key 0, which has no owner. */
SEC("lsm/msg_queue_msgctl")
int BPF_PROG(bpfcon_msg_queue_msgctl, struct kern_ipc_perm *perm, int cmd, int ret)
{
	if (ret)
		return ret;
	IPC_DECIDE(ctx, &bpfcon_jt_msg_queue_msgctl, BPFCON_HOOK_SYSV, sysv_owner(perm));
}

SEC("lsm/shm_shmctl")
int BPF_PROG(bpfcon_shm_shmctl, struct kern_ipc_perm *perm, int cmd, int ret)
{
	if (ret)
		return ret;
	IPC_DECIDE(ctx, &bpfcon_jt_shm_shmctl, BPFCON_HOOK_SYSV, sysv_owner(perm));
}

SEC("lsm/sem_semctl")
int BPF_PROG(bpfcon_sem_semctl, struct kern_ipc_perm *perm, int cmd, int ret)
{
	if (ret)
		return ret;
	IPC_DECIDE(ctx, &bpfcon_jt_sem_semctl, BPFCON_HOOK_SYSV, sysv_owner(perm));
}

#endif	/* NEED_IPC */

#endif
