/// Chooses what one report layout withholds: primary suppression, then complements until every
/// withheld number is protected both within the report (range at least K wide, exact by network
/// flow) and together with every earlier publication (`JointCheck`).
///
/// The choices are random, and every step gives every admissible choice a positive probability:
/// with probability 1/32 a step withholds one more published number chosen uniformly instead of
/// the best move, and once everything is protected the search goes on (the same way) with
/// probability 1/32. So any set of withheld numbers that contains the primary ones and passes both
/// checks can come out, whatever the true table behind it: a reader who reruns the algorithm on a
/// candidate table consistent with what was published can never rule that table out. That is the
/// argument docs/DISCLOSURE-CONTROL.md makes in full.
struct ComplementSearch {
    typealias Item = FeasibleRange.Item

    /// 1/32: how often a step is a uniform random choice, and how often the search continues after
    /// everything is protected.
    static let detour: (UInt64, UInt64) = (1, 32)

    let control: DisclosureControl
    let layout: ReportLayout
    /// Nil when the joint check is switched off (only tests do that, to show it matters).
    let joint: JointCheck?
    /// Numbers earlier publications already determine: withholding them would hide nothing.
    let known: Set<Item>
    /// Numbers an earlier publication withheld: withheld again, or their value would come out.
    let withheldBefore: Set<Item>
    /// The earlier publications whose withheld numbers this layout withholds again although its
    /// own rule would have shown them: they already make the report withhold more.
    let inherited: Set<Int64>

    struct Outcome {
        let withheld: Set<Item>
        /// Earlier publications whose withheld numbers made the search withhold more.
        let conflicts: Set<Int64>
        /// Withheld numbers no choice could protect (the layout is then refused).
        let unresolved: [JointCheck.Finding]
        /// Withheld numbers the report itself cannot protect once every number readers do not
        /// already know is withheld (the layout is then refused).
        var unprotected: [Item] = []
    }

    init(control: DisclosureControl, layout: ReportLayout, joint: JointCheck?) throws {
        self.control = control
        self.layout = layout
        self.joint = joint
        var known = Set<Item>(), before = Set<Item>(), inherited = Set<Int64>()
        if let joint {
            var earlierWithheld: [NumberScope: [Int64]] = [:]
            for item in joint.earlierItems { earlierWithheld[item.scope, default: []] += item.places.compactMap(\.publication) }
            let fixed = try joint.fixedByEarlier()
            let primary = control.primary(layout.table)
            for (i, item) in layout.items.enumerated() {
                if let publications = earlierWithheld[layout.scopes[i]] {
                    before.insert(item)
                    if !fixed.contains(i), !primary.contains(item) { inherited.formUnion(publications) }
                }
                if fixed.contains(i) { known.insert(item) }
            }
        }
        self.known = known
        withheldBefore = before
        self.inherited = inherited
    }

    private func indices(_ hidden: Set<Item>) -> Set<Int> {
        Set(layout.items.indices.filter { hidden.contains(layout.items[$0]) })
    }

    /// Published numbers a random step may withhold.
    private func open(_ hidden: Set<Item>) -> [Item] {
        layout.items.filter { !hidden.contains($0) && !known.contains($0) }
    }

    func run<R: RandomSource>(_ random: inout R) throws -> Outcome {
        let table = layout.table
        var hidden = layout.withTwins(control.primary(table).union(withheldBefore.subtracting(known)))
        var conflicts = inherited
        // Each round withholds at least one more number, so this ends.
        while true {
            if random.bernoulli(Self.detour.0, over: Self.detour.1), let extra = random.element(of: open(hidden)) {
                hidden.formUnion(layout.withTwins([extra]))
                continue
            }
            let weak = control.unprotected(table, hidden)
            if let target = random.element(of: weak) {
                let move = random.element(of: control.bestMoves(for: target, table, hidden, excluding: known)) ?? open(hidden)
                guard !move.isEmpty else { return Outcome(withheld: hidden, conflicts: conflicts, unresolved: [], unprotected: weak) }
                hidden.formUnion(layout.withTwins(move))
                continue
            }
            if let joint {
                let findings = try joint.findings(withheld: indices(hidden)).filter { !$0.preexisting }
                if let finding = random.element(of: findings) {
                    for place in finding.item.places { if let p = place.publication { conflicts.insert(p) } }
                    if let move = random.element(of: try jointMoves(for: finding, joint, hidden, &random)) {
                        hidden.formUnion(move)
                        continue
                    }
                    // Nothing near it widens it one move at a time: withhold everything over its
                    // days, then everything.
                    let near = try nearby(finding, joint, hidden)
                    let rest = near.isEmpty ? open(hidden) : near
                    guard !rest.isEmpty else {
                        return Outcome(withheld: hidden, conflicts: conflicts, unresolved: findings)
                    }
                    hidden.formUnion(layout.withTwins(rest))
                    continue
                }
            }
            if random.bernoulli(Self.detour.0, over: Self.detour.1), let extra = random.element(of: open(hidden)) {
                hidden.formUnion(layout.withTwins([extra]))
                continue
            }
            return Outcome(withheld: hidden, conflicts: conflicts, unresolved: [])
        }
    }

    /// At most this many pairs, and this many rectangles, are tried for one finding (random samples).
    static let sample = 48

    /// Published numbers (not already known) that bear on `finding` (`JointCheck.relevant`).
    private func nearby(_ finding: JointCheck.Finding, _ joint: JointCheck, _ hidden: Set<Item>) throws -> [Item] {
        let relevant = try joint.relevant(to: finding.item, withheld: indices(hidden))
        return layout.items.indices.filter { relevant.contains($0) && !known.contains(layout.items[$0]) }.map { layout.items[$0] }
    }

    /// The cheapest published numbers to withhold so that `finding` is protected again: one
    /// number (with its twins), else two, or the corners of a rectangle through a cell over the
    /// same days (random samples); if none is enough, those that widen its range most. All equally
    /// good moves; empty when nothing near it widens it.
    private func jointMoves<R: RandomSource>(for finding: JointCheck.Finding, _ joint: JointCheck, _ hidden: Set<Item>,
                                             _ random: inout R) throws -> [[Item]] {
        let near = try nearby(finding, joint, hidden)
        var groups: [Set<Item>] = []
        for item in near where !groups.contains(where: { $0.contains(item) }) { groups.append(layout.withTwins([item])) }
        let singles = groups.map { Array($0) }
        var pairs: [[Item]] = []
        for i in groups.indices { for j in groups.indices where j > i { pairs.append(Array(groups[i].union(groups[j]))) } }
        for case let .cell(r, c) in near {
            for r2 in 0..<layout.table.rows where r2 != r {
                for c2 in 0..<layout.table.columns where c2 != c {
                    let corners = [Item.cell(row: r, column: c), .cell(row: r, column: c2), .cell(row: r2, column: c), .cell(row: r2, column: c2)]
                        .filter { !hidden.contains($0) && !known.contains($0) }
                    pairs.append(Array(layout.withTwins(corners)))
                }
            }
        }
        var sample: [[Item]] = []
        while sample.count < 2 * Self.sample, !pairs.isEmpty {
            sample.append(pairs.remove(at: Int(random.uniform(below: UInt64(pairs.count)))))
        }
        func score(_ f: JointCheck.Finding) -> (Int, Double, Double) {
            let k = Double(f.item.threshold)
            return (f.belowThreshold || f.pinned ? 0 : 1, min(f.high, k), min(f.high - f.low, 1))
        }
        let now = score(finding)
        var best: [(move: [Item], key: (Int, Double, Double, Int, Int))] = []
        // Singles first: larger moves are tried only when no single one is enough.
        for (round, candidates) in [singles, sample].enumerated() {
            if round == 1, best.first?.key.0 == 1 { break }
            for move in candidates where !move.isEmpty {
                let after = try joint.range(of: finding.item, withheld: indices(hidden.union(move)))
                let s = score(after)
                guard s > now else { continue }
                let cost = move.reduce(0) { $0 + layout.table.value($1) }
                let key = (s.0, s.1, s.2, -cost, -move.count)
                if let current = best.first?.key {
                    if key > current { best = [(move, key)] } else if key == current { best.append((move, key)) }
                } else {
                    best = [(move, key)]
                }
            }
        }
        return best.map(\.move)
    }
}
