#include "process_hardening.h"
#include <sys/resource.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

int peerlog_disable_core_dumps(void) {
    struct rlimit none = {0, 0};
    int status = setrlimit(RLIMIT_CORE, &none);
#ifdef __linux__
    /* prctl is variadic, so Swift cannot call it directly. */
    if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0) status = -1;
#endif
    return status;
}
