import Foundation

/// The range of numbers over one block of free unknowns, found with the solver and shared
/// points: every point a solve returns is a consistent table, so it widens the known range of
/// every number of the block at once, and most numbers never need a solve of their own.
final class BlockRanges {
    /// A number to bound: its free unknowns in this block, and where its range stands.
    struct Target {
        let variables: [Int]
        /// What its fixed unknowns add.
        let offset: Double
        var low: Double
        var high: Double
    }

    private let columns: [Int: Int]
    private let solver: ClpSolver

    /// - Parameters:
    ///   - variables: the block's free unknowns.
    ///   - constraints: the active constraints touching them, with every fixed unknown moved to
    ///     the bounds.
    init(variables: [Int], constraints: [LedgerSystem.Constraint], fixed: [Int?]) throws {
        columns = Dictionary(uniqueKeysWithValues: variables.enumerated().map { ($1, $0) })
        var program = LinearProgram(columnCount: variables.count)
        for c in constraints {
            var offset = 0
            var terms: [(column: Int, coefficient: Double)] = []
            for v in c.plus { if let f = fixed[v] { offset += f } else if let column = columns[v] { terms.append((column, 1)) } }
            for v in c.minus { if let f = fixed[v] { offset -= f } else if let column = columns[v] { terms.append((column, -1)) } }
            guard !terms.isEmpty else { continue }
            program.rows.append(LinearProgram.Row(terms: terms, lower: c.lower.map { Double($0 - offset) },
                                                  upper: c.upper.map { Double($0 - offset) }))
        }
        solver = try ClpSolver(program)
    }

    /// The largest (or smallest) value of the sum of `variables`, with the point reaching it.
    func optimise(_ variables: [Int], maximise: Bool) throws -> (value: Double, point: [Int: Double]?) {
        let objective = variables.compactMap { columns[$0] }.map { (column: $0, coefficient: 1.0) }
        switch try solver.optimise(objective, maximise: maximise) {
        case let .optimal(value, point):
            var byVariable: [Int: Double] = [:]
            for (v, column) in columns { byVariable[v] = point[column] }
            return (value, byVariable)
        case .unbounded:
            return (maximise ? .infinity : -.infinity, nil)
        case .infeasible:
            // The true counts satisfy every constraint, so this is a solver or model fault.
            throw SolverFailure(status: 1)
        }
    }

    /// Settles each target in turn: solves only for those the points found so far do not
    /// already show to satisfy `enough`, and widens every target with every point found.
    /// - Returns: the targets with their ranges (exact for any that do not satisfy `enough`).
    func settle(_ targets: [Target], enough: (Int, Target) -> Bool) throws -> [Target] {
        var targets = targets
        func spread(_ point: [Int: Double]) {
            for i in targets.indices {
                let value = targets[i].variables.reduce(targets[i].offset) { $0 + (point[$1] ?? 0) }
                targets[i].low = min(targets[i].low, value)
                targets[i].high = max(targets[i].high, value)
            }
        }
        for i in targets.indices where !enough(i, targets[i]) {
            let up = try optimise(targets[i].variables, maximise: true)
            if let point = up.point { spread(point) }
            targets[i].high = max(targets[i].high, targets[i].offset + up.value)
            guard !enough(i, targets[i]) else { continue }
            let down = try optimise(targets[i].variables, maximise: false)
            if let point = down.point { spread(point) }
            targets[i].low = min(targets[i].low, targets[i].offset + down.value)
        }
        return targets
    }
}
