#ifndef PEERLOG_PROCESS_HARDENING_H
#define PEERLOG_PROCESS_HARDENING_H

/// Stops this process from writing core dumps and from being ptrace-attached by same-user
/// processes, so secrets in memory do not end up on disk. Returns 0 on success.
int peerlog_disable_core_dumps(void);

#endif
