#ifndef PEERLOG_CLP_LOADER_H
#define PEERLOG_CLP_LOADER_H
/* COIN-OR CLP's C interface (Debian: coinor-libclp1 at run time, coinor-libclp-dev to build;
   EPL-2.0), loaded with dlopen the first time the disclosure check needs it rather than linked:
   CLP brings ten shared libraries (CoinUtils, LAPACK, BLAS, gfortran, libstdc++, ...) whose
   loading cost every peerlog command about 4 ms, and only `report` and its publication use them.
   Only Sources/PeerLog/Reports/Solver imports this. */
#include <coin/Clp_C_Interface.h>

/* Loads libClp.so.1 and every function below, once per process (thread-safe).
   Returns 1 when they are ready, 0 when the library or one of its functions is missing. */
int peerlog_clp_load(void);

/* The CLP functions of the same names (Clp_C_Interface.h); call only after peerlog_clp_load()
   returned 1. */
Clp_Simplex *peerlog_clp_newModel(void);
void peerlog_clp_deleteModel(Clp_Simplex *model);
void peerlog_clp_setLogLevel(Clp_Simplex *model, int value);
void peerlog_clp_loadProblem(Clp_Simplex *model, int numcols, int numrows, const CoinBigIndex *start,
                             const int *index, const double *value, const double *collb, const double *colub,
                             const double *obj, const double *rowlb, const double *rowub);
void peerlog_clp_chgObjCoefficients(Clp_Simplex *model, const double *objIn);
void peerlog_clp_setOptimizationDirection(Clp_Simplex *model, double value);
int peerlog_clp_initialSolve(Clp_Simplex *model);
int peerlog_clp_primal(Clp_Simplex *model, int ifValuesPass);
int peerlog_clp_status(Clp_Simplex *model);
double *peerlog_clp_primalColumnSolution(Clp_Simplex *model);

#endif
