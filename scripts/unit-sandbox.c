/* unit-sandbox: runs a command under two of the restrictions peerlog-serve.service asks systemd
 * for, applied here by the kernel directly, so scripts/test-release can show that the real binary
 * works under them:
 *   MemoryDenyWriteExecute=yes  as PR_SET_MDWE with PR_MDWE_REFUSE_EXEC_GAIN (Linux 6.3 and later;
 *                               what systemd 253 and later use): no mapping may be writable and
 *                               executable, or become executable later;
 *   RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX
 *                               as systemd does it, a seccomp filter: socket() with any other
 *                               family fails with EAFNOSUPPORT.
 * Both are kept across execve and inherited by every thread and child.
 *
 *   unit-sandbox COMMAND [ARG...]                 both restrictions (exit 69 without PR_SET_MDWE)
 *   unit-sandbox --without-mdwe COMMAND [ARG...]  the address families only
 *   unit-sandbox --check                          exit 0 if both restrictions really refuse:
 *                                                 a writable+executable mapping, an AF_NETLINK socket
 */
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef PR_SET_MDWE
#define PR_SET_MDWE 65
#endif
#ifndef PR_MDWE_REFUSE_EXEC_GAIN
#define PR_MDWE_REFUSE_EXEC_GAIN 1
#endif
#if defined(__x86_64__)
#define THIS_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define THIS_ARCH AUDIT_ARCH_AARCH64
#else
#error "unit-sandbox: add this architecture's AUDIT_ARCH_ value"
#endif

static int restrict_families(void) {
    struct sock_filter filter[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, THIS_ARCH, 1, 0),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_socket, 0, 5),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0])),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AF_UNIX, 3, 0),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AF_INET, 2, 0),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AF_INET6, 1, 0),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (EAFNOSUPPORT & SECCOMP_RET_DATA)),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    };
    struct sock_fprog program = {.len = sizeof filter / sizeof filter[0], .filter = filter};
    if (prctl(PR_SET_NO_NEW_PRIVS, 1L, 0L, 0L, 0L) != 0) return -1;
    return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &program, 0L, 0L);
}

int main(int argc, char **argv) {
    int first = 1, mdwe = 1;
    if (argc > 1 && strcmp(argv[1], "--without-mdwe") == 0) { mdwe = 0; first = 2; }
    if (argc <= first) {
        fprintf(stderr, "usage: unit-sandbox [--without-mdwe] COMMAND [ARG...] | unit-sandbox --check\n");
        return 64;
    }
    if (mdwe && prctl(PR_SET_MDWE, PR_MDWE_REFUSE_EXEC_GAIN, 0L, 0L, 0L) != 0) {
        fprintf(stderr, "unit-sandbox: this kernel has no PR_SET_MDWE: %s\n", strerror(errno));
        return 69;
    }
    if (restrict_families() != 0) {
        fprintf(stderr, "unit-sandbox: cannot install the seccomp filter: %s\n", strerror(errno));
        return 69;
    }
    if (strcmp(argv[first], "--check") == 0) {
        void *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (page != MAP_FAILED) { fprintf(stderr, "unit-sandbox: a writable and executable mapping was allowed\n"); return 1; }
        int netlink = socket(AF_NETLINK, SOCK_RAW, 0);
        if (netlink >= 0 || errno != EAFNOSUPPORT) { fprintf(stderr, "unit-sandbox: an AF_NETLINK socket was allowed\n"); return 1; }
        int inet = socket(AF_INET, SOCK_STREAM, 0);
        if (inet < 0) { fprintf(stderr, "unit-sandbox: an AF_INET socket was refused\n"); return 1; }
        close(inet);
        return 0;
    }
    execvp(argv[first], argv + first);
    fprintf(stderr, "unit-sandbox: cannot run %s: %s\n", argv[first], strerror(errno));
    return 127;
}
