#include "process_hardening.h"
#include <sys/prctl.h>
#include <sys/resource.h>

int peerlog_disable_core_dumps(void) {
    struct rlimit none = {0, 0};
    int status = setrlimit(RLIMIT_CORE, &none);
    /* prctl is variadic, so Swift cannot call it directly. */
    if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0) status = -1;
    return status;
}
