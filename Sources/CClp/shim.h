#ifndef PEERLOG_CCLP_SHIM_H
#define PEERLOG_CCLP_SHIM_H
/* COIN-OR CLP's C interface (Debian: coinor-libclp-dev, EPL-2.0). Only
   Sources/PeerLog/Reports/Solver imports it. */
#include <coin/Clp_C_Interface.h>
#endif
