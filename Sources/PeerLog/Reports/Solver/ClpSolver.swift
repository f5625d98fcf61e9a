internal import CClp
import Foundation

/// One `LinearProgram` loaded into COIN-OR CLP, optimised for one objective after another (each
/// solve starts from the previous basis, which stays feasible when only the objective changes).
///
/// CLP is a maintained, widely used simplex solver (EPL-2.0). Calls go through one process-wide
/// lock: CLP keeps no shared state that we rely on, but a lock costs nothing here and rules out
/// surprises when tests run in parallel. The library is opened on first use (`CClp`); where it
/// cannot be, making a model throws `SolverUnavailable`.
final class ClpSolver {
    private static let lock = NSLock()
    private let model: UnsafeMutableRawPointer
    private let columnCount: Int
    private var solvedOnce = false

    /// - Throws: `SolverFailure` if CLP cannot make a model.
    init(_ program: LinearProgram) throws {
        columnCount = program.columnCount
        // Column-major (compressed sparse column) copy of the rows.
        var perColumn = [[(row: Int32, value: Double)]](repeating: [], count: program.columnCount)
        for (r, row) in program.rows.enumerated() {
            for term in row.terms { perColumn[term.column].append((Int32(r), term.coefficient)) }
        }
        var starts: [CoinBigIndex] = [0]
        var indices: [Int32] = []
        var values: [Double] = []
        for column in perColumn {
            for entry in column { indices.append(entry.row); values.append(entry.value) }
            starts.append(CoinBigIndex(indices.count))
        }
        let infinity = Double.greatestFiniteMagnitude
        let columnLower = [Double](repeating: 0, count: program.columnCount)
        let columnUpper = [Double](repeating: infinity, count: program.columnCount)
        let objective = [Double](repeating: 0, count: program.columnCount)
        let rowLower = program.rows.map { $0.lower ?? -infinity }
        let rowUpper = program.rows.map { $0.upper ?? infinity }
        guard peerlog_clp_load() == 1 else { throw SolverUnavailable() }
        Self.lock.lock()
        defer { Self.lock.unlock() }
        guard let made = peerlog_clp_newModel() else { throw SolverFailure(status: -3) }
        model = made
        peerlog_clp_setLogLevel(model, 0)
        peerlog_clp_loadProblem(model, Int32(program.columnCount), Int32(program.rows.count), starts, indices, values,
                                columnLower, columnUpper, objective, rowLower, rowUpper)
    }

    deinit {
        Self.lock.lock()
        peerlog_clp_deleteModel(model)
        Self.lock.unlock()
    }

    /// Maximises (or minimises) `Σ coefficient·x` over the programme.
    /// - Throws: `SolverFailure` when CLP stops without deciding.
    func optimise(_ objective: [(column: Int, coefficient: Double)], maximise: Bool) throws -> LinearOptimum {
        var dense = [Double](repeating: 0, count: columnCount)
        for term in objective { dense[term.column] += term.coefficient }
        Self.lock.lock()
        defer { Self.lock.unlock() }
        peerlog_clp_chgObjCoefficients(model, dense)
        peerlog_clp_setOptimizationDirection(model, maximise ? -1 : 1)
        // A warm start from the last basis; if that does not settle it, solve from scratch.
        var status: Int32
        if solvedOnce {
            _ = peerlog_clp_primal(model, 0)
            status = peerlog_clp_status(model)
            if status > 2 { _ = peerlog_clp_initialSolve(model); status = peerlog_clp_status(model) }
        } else {
            _ = peerlog_clp_initialSolve(model)
            status = peerlog_clp_status(model)
        }
        solvedOnce = true
        switch status {
        case 0:
            let point = Array(UnsafeBufferPointer(start: peerlog_clp_primalColumnSolution(model), count: columnCount))
            let value = zip(dense, point).reduce(0) { $0 + $1.0 * $1.1 }
            return .optimal(value: value, point: point)
        case 1: return .infeasible
        case 2: return .unbounded
        default: throw SolverFailure(status: Int(status))
        }
    }
}
