/// A linear programme over non-negative variables: sparse rows `lower ≤ Σ coefficient·x ≤ upper`
/// (nil = no bound on that side). Built by the joint disclosure check, solved by `ClpSolver`.
struct LinearProgram: Sendable {
    struct Row: Sendable {
        var terms: [(column: Int, coefficient: Double)]
        var lower: Double?
        var upper: Double?
    }

    var columnCount: Int
    var rows: [Row] = []

    init(columnCount: Int) {
        self.columnCount = columnCount
    }
}

/// What optimising one objective over a `LinearProgram` found.
enum LinearOptimum: Sendable {
    /// The optimal value, and a point reaching it (one value per column).
    case optimal(value: Double, point: [Double])
    /// The objective grows without bound in the direction asked.
    case unbounded
    /// No point satisfies the rows.
    case infeasible
}

/// The solver failed to decide (it stopped, or reported a numerical error). Not a data problem:
/// a bug or a resource limit, so exit status 1.
/// COIN-OR CLP, loaded on first use, is not installed (or not the version this was built for).
struct SolverUnavailable: PeerLogError {
    var description: String { "the disclosure check needs COIN-OR CLP (libClp.so.1), which cannot be loaded on this machine" }
    var hint: String? { "install the Debian package coinor-libclp1 (the peerlog package depends on it); nothing was published" }
    var exitStatus: ExitStatus { .internalError }
}

struct SolverFailure: PeerLogError {
    let status: Int
    var description: String { "the linear-programme solver (COIN-OR CLP) stopped without an answer (status \(status))" }
    var hint: String? { "this is a bug in PeerLog's disclosure check; please report it with the command that failed" }
    var exitStatus: ExitStatus { .internalError }
}
