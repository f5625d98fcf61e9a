/// The linear system a reader can write down from publications: one unknown per (code, span of
/// days) at the finest grain any publication splits, per dimension, all ≥ 0; one equation per
/// published number; one per span linking the two dimensions (the same forms counted by incident
/// type and by kind of support); and the inequalities recoding rules reveal.
///
/// Only the totals per span link the dimensions: any non-negative incident counts and
/// intervention counts with equal totals per span come from some non-negative incident ×
/// intervention table (a transportation problem always has a solution), so the joint counts
/// need no unknowns of their own. docs/DISCLOSURE-CONTROL.md has the argument.
struct LedgerSystem {
    /// `lower ≤ Σ plus − Σ minus ≤ upper`; an equation when both are equal.
    struct Constraint {
        var plus: [Int]
        var minus: [Int]
        var lower: Int?
        var upper: Int?
        /// Comes from the report being checked (as opposed to earlier publications).
        var fromCandidate: Bool
        /// For a number of the report being checked: its index, so that the constraint applies only
        /// while that number is published.
        var candidateItem: Int?
    }

    let segments: [DaySpan]
    let dimensions: [CommandStaffReport.Dimension]
    private let offsets: [CommandStaffReport.Dimension: Int]
    let variableCount: Int
    /// The true value of every unknown (the forms as they are now).
    private(set) var truth: [Int]
    private(set) var constraints: [Constraint] = []
    /// For each unknown, the constraints it appears in.
    private(set) var appearances: [[Int]]

    /// - Parameter scopes: every scope the system must be able to express.
    init(scopes: [NumberScope], truth counts: TrueCounts) {
        var boundaries = Set<Int>()
        for scope in scopes { boundaries.insert(scope.span.start); boundaries.insert(scope.span.end) }
        let sorted = boundaries.sorted()
        // Which elementary intervals some scope covers (a difference array over boundary indices).
        let index = Dictionary(uniqueKeysWithValues: sorted.enumerated().map { ($1, $0) })
        var cover = [Int](repeating: 0, count: sorted.count + 1)
        for scope in scopes where !scope.span.isEmpty {
            guard let start = index[scope.span.start], let end = index[scope.span.end] else { continue }
            cover[start] += 1
            cover[end] -= 1
        }
        var segments: [DaySpan] = []
        var running = 0
        for i in 0..<max(0, sorted.count - 1) {
            running += cover[i]
            if running > 0 { segments.append(DaySpan(start: sorted[i], end: sorted[i + 1])) }
        }
        self.segments = segments
        let present = Set(scopes.compactMap(\.dimension))
        dimensions = CommandStaffReport.Dimension.allCases.filter { present.contains($0) || (present.isEmpty && $0 == .incident) }
        var offsets: [CommandStaffReport.Dimension: Int] = [:]
        var count = 0
        for dimension in dimensions {
            offsets[dimension] = count
            count += NumberScope.vocabulary(dimension).count * segments.count
        }
        self.offsets = offsets
        variableCount = count
        appearances = [[Int]](repeating: [], count: count)
        truth = [Int](repeating: 0, count: count)
        for (day, pairs) in counts.days {
            guard let s = segmentIndex(containing: day) else { continue }
            for (pair, n) in pairs {
                for dimension in dimensions {
                    let code = dimension == .incident ? pair.incident : pair.intervention
                    if let c = NumberScope.vocabulary(dimension).firstIndex(of: code) { truth[variable(dimension, c, s)] += n }
                }
            }
        }
        if dimensions.count == 2 {
            for s in segments.indices {
                let y = NumberScope.vocabulary(.incident).indices.map { variable(.incident, $0, s) }
                let z = NumberScope.vocabulary(.intervention).indices.map { variable(.intervention, $0, s) }
                add(Constraint(plus: y, minus: z, lower: 0, upper: 0, fromCandidate: false, candidateItem: nil))
            }
        }
    }

    private func variable(_ dimension: CommandStaffReport.Dimension, _ code: Int, _ segment: Int) -> Int {
        (offsets[dimension] ?? 0) + code * segments.count + segment
    }

    func segmentIndex(containing day: Int) -> Int? {
        var low = 0, high = segments.count
        while low < high {
            let mid = (low + high) / 2
            if segments[mid].end <= day { low = mid + 1 } else { high = mid }
        }
        return low < segments.count && segments[low].start <= day ? low : nil
    }

    /// The unknowns a scope adds up. Every-form scopes use the first dimension present.
    func variables(of scope: NumberScope) -> [Int] {
        let first = segmentIndex(containing: scope.span.start) ?? segments.count
        var inSpan: [Int] = []
        var s = first
        while s < segments.count, segments[s].end <= scope.span.end {
            inSpan.append(s)
            s += 1
        }
        let dimension = scope.dimension ?? dimensions[0]
        let vocabulary = NumberScope.vocabulary(dimension)
        let codes = scope.dimension == nil ? Array(vocabulary.indices) : scope.codes.compactMap { vocabulary.firstIndex(of: $0) }
        return codes.flatMap { c in inSpan.map { variable(dimension, c, $0) } }
    }

    /// The value of `scope` at a point (true counts, or a solver's point).
    func value(of scope: NumberScope, at point: [Int]) -> Int { variables(of: scope).reduce(0) { $0 + point[$1] } }

    mutating func add(_ constraint: Constraint) {
        let index = constraints.count
        constraints.append(constraint)
        for v in constraint.plus { appearances[v].append(index) }
        for v in constraint.minus { appearances[v].append(index) }
    }

    /// Adds `Σ scope = value`; `candidateItem` ties it to a number of the report being checked.
    mutating func addEquation(_ scope: NumberScope, equals value: Int, fromCandidate: Bool, candidateItem: Int? = nil) {
        add(Constraint(plus: variables(of: scope), minus: [], lower: value, upper: value, fromCandidate: fromCandidate,
                       candidateItem: candidateItem))
    }

    /// Adds `lower ≤ Σ scope ≤ upper`.
    mutating func addBound(_ scope: NumberScope, lower: Int?, upper: Int?, fromCandidate: Bool) {
        add(Constraint(plus: variables(of: scope), minus: [], lower: lower, upper: upper, fromCandidate: fromCandidate,
                       candidateItem: nil))
    }
}
