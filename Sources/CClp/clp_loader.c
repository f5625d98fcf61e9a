#include "clp_loader.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stddef.h>

/* The SONAME Debian's coinor-libclp1 installs; the release's Depends names that package. */
#define PEERLOG_CLP_LIBRARY "libClp.so.1"

/* One pointer per function, typed from CLP's own declarations so a changed signature fails to
   compile here rather than misbehave at run time. */
static struct {
    __typeof__(&Clp_newModel) newModel;
    __typeof__(&Clp_deleteModel) deleteModel;
    __typeof__(&Clp_setLogLevel) setLogLevel;
    __typeof__(&Clp_loadProblem) loadProblem;
    __typeof__(&Clp_chgObjCoefficients) chgObjCoefficients;
    __typeof__(&Clp_setOptimizationDirection) setOptimizationDirection;
    __typeof__(&Clp_initialSolve) initialSolve;
    __typeof__(&Clp_primal) primal;
    __typeof__(&Clp_status) status;
    __typeof__(&Clp_primalColumnSolution) primalColumnSolution;
} clp;

static pthread_once_t clp_once = PTHREAD_ONCE_INIT;
static int clp_ready = 0;

static void *symbol(void *library, const char *name, int *missing) {
    void *found = dlsym(library, name);
    if (found == NULL) *missing = 1;
    return found;
}

static void load_once(void) {
    /* RTLD_LOCAL: CLP's symbols serve only the pointers below. Never unloaded. */
    void *library = dlopen(PEERLOG_CLP_LIBRARY, RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) return;
    int missing = 0;
    clp.newModel = (__typeof__(clp.newModel))symbol(library, "Clp_newModel", &missing);
    clp.deleteModel = (__typeof__(clp.deleteModel))symbol(library, "Clp_deleteModel", &missing);
    clp.setLogLevel = (__typeof__(clp.setLogLevel))symbol(library, "Clp_setLogLevel", &missing);
    clp.loadProblem = (__typeof__(clp.loadProblem))symbol(library, "Clp_loadProblem", &missing);
    clp.chgObjCoefficients = (__typeof__(clp.chgObjCoefficients))symbol(library, "Clp_chgObjCoefficients", &missing);
    clp.setOptimizationDirection = (__typeof__(clp.setOptimizationDirection))symbol(library, "Clp_setOptimizationDirection", &missing);
    clp.initialSolve = (__typeof__(clp.initialSolve))symbol(library, "Clp_initialSolve", &missing);
    clp.primal = (__typeof__(clp.primal))symbol(library, "Clp_primal", &missing);
    clp.status = (__typeof__(clp.status))symbol(library, "Clp_status", &missing);
    clp.primalColumnSolution = (__typeof__(clp.primalColumnSolution))symbol(library, "Clp_primalColumnSolution", &missing);
    clp_ready = !missing;
}

int peerlog_clp_load(void) {
    pthread_once(&clp_once, load_once);
    return clp_ready;
}

Clp_Simplex *peerlog_clp_newModel(void) { return clp.newModel(); }
void peerlog_clp_deleteModel(Clp_Simplex *model) { clp.deleteModel(model); }
void peerlog_clp_setLogLevel(Clp_Simplex *model, int value) { clp.setLogLevel(model, value); }
void peerlog_clp_loadProblem(Clp_Simplex *model, int numcols, int numrows, const CoinBigIndex *start,
                             const int *index, const double *value, const double *collb, const double *colub,
                             const double *obj, const double *rowlb, const double *rowub) {
    clp.loadProblem(model, numcols, numrows, start, index, value, collb, colub, obj, rowlb, rowub);
}
void peerlog_clp_chgObjCoefficients(Clp_Simplex *model, const double *objIn) { clp.chgObjCoefficients(model, objIn); }
void peerlog_clp_setOptimizationDirection(Clp_Simplex *model, double value) { clp.setOptimizationDirection(model, value); }
int peerlog_clp_initialSolve(Clp_Simplex *model) { return clp.initialSolve(model); }
int peerlog_clp_primal(Clp_Simplex *model, int ifValuesPass) { return clp.primal(model, ifValuesPass); }
int peerlog_clp_status(Clp_Simplex *model) { return clp.status(model); }
double *peerlog_clp_primalColumnSolution(Clp_Simplex *model) { return clp.primalColumnSolution(model); }
