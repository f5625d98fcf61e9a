import Foundation

/// The joint disclosure check (docs/DISCLOSURE-CONTROL.md): a report is audited together with every
/// earlier publication. Every published number is an equation over the true counts at the finest
/// grain any publication splits; every withheld number, in every publication, earlier or new,
/// must still be able to reach its publication's K (its linear-programme maximum is at least K)
/// and must never be pinned to one value (its maximum and minimum differ by at least 1).
///
/// Built once per report layout (which numbers exist); `findings(withheld:)` then tells, for one
/// choice of withheld numbers, which withheld numbers are exposed.
final class JointCheck {
    /// A withheld number to protect. Several publications may withhold the same scope: it is
    /// checked once, against the largest K among them.
    struct Item: Sendable {
        let scope: NumberScope
        let threshold: Int
        /// The publication (nil: the report being checked) and place of each copy.
        let places: [(publication: Int64?, label: String)]
        /// Its index among the report's numbers, when it is one of them.
        let candidate: Int?
    }

    /// A withheld number the publications together narrow too far.
    struct Finding: Sendable {
        let item: Item
        let low: Double
        let high: Double
        /// Earlier publications already narrowed it this far without the new report.
        var preexisting = false

        var belowThreshold: Bool { high < Double(item.threshold) - JointCheck.tolerance }
        var pinned: Bool { high - low < 1 - JointCheck.tolerance }
    }

    /// An earlier publication shows a number the forms no longer give: forms were filed late for
    /// its period, or purged. A new report over the same days would let readers subtract.
    struct Inconsistency: Sendable, Equatable {
        let publication: Int64
        let label: String
        let scope: NumberScope
        /// A recoding rule that no longer holds, rather than a published number.
        let isBound: Bool
        var span: DaySpan { scope.span }
    }

    static let tolerance = 1e-6

    let system: LedgerSystem
    private let base: LedgerPresolve
    let candidate: [LedgerNumber]
    let earlierItems: [Item]

    /// - Parameters:
    ///   - earlier: every number of every earlier publication, and what their recoding rules
    ///     revealed (`PublicationLedger.numbers`, `.bounds`).
    ///   - candidate: every number of the report being checked (published or not); their values are
    ///     taken from `truth`.
    ///   - candidateBounds: what the report's recoding rule reveals.
    init(earlier: [LedgerNumber], bounds: [LedgerBound], candidate: [LedgerNumber], candidateBounds: [LedgerBound],
         truth: TrueCounts) {
        var system = LedgerSystem(scopes: earlier.map(\.scope) + bounds.map(\.scope) + candidate.map(\.scope) + candidateBounds.map(\.scope),
                                  truth: truth)
        // Earlier publications: each published scope once (they agree: `inconsistencies` ran first).
        var published = Set<NumberScope>()
        var withheld: [NumberScope: (threshold: Int, places: [(Int64?, String)])] = [:]
        for number in earlier {
            if number.value != nil {
                guard published.insert(number.scope).inserted else { continue }
                let value = number.exact ? number.value ?? 0 : system.value(of: number.scope, at: system.truth)
                system.addEquation(number.scope, equals: value, fromCandidate: false)
            } else {
                var entry = withheld[number.scope] ?? (number.threshold, [])
                entry.threshold = max(entry.threshold, number.threshold)
                entry.places.append((number.publication, number.label))
                withheld[number.scope] = entry
            }
        }
        for bound in bounds { system.addBound(bound.scope, lower: bound.lower, upper: bound.upper, fromCandidate: false) }
        for (index, number) in candidate.enumerated() {
            system.addEquation(number.scope, equals: system.value(of: number.scope, at: system.truth), fromCandidate: true,
                               candidateItem: index)
        }
        for bound in candidateBounds { system.addBound(bound.scope, lower: bound.lower, upper: bound.upper, fromCandidate: true) }
        self.system = system
        self.candidate = candidate
        earlierItems = withheld.map { Item(scope: $0.key, threshold: $0.value.threshold, places: $0.value.places, candidate: nil) }
            .sorted { ($0.places.first?.publication ?? 0, $0.places.first?.label ?? "") < ($1.places.first?.publication ?? 0, $1.places.first?.label ?? "") }
        base = LedgerPresolve(system) { !$0.fromCandidate }
    }

    /// Earlier exactly published numbers (and recoding rules) that the forms no longer give.
    static func inconsistencies(_ ledger: PublicationLedger, truth: TrueCounts) -> [Inconsistency] {
        var found: [Inconsistency] = []
        for number in ledger.numbers where number.exact {
            if let value = number.value, value != truth.value(of: number.scope), let publication = number.publication {
                found.append(Inconsistency(publication: publication, label: number.label, scope: number.scope, isBound: false))
            }
        }
        for bound in ledger.bounds {
            let value = truth.value(of: bound.scope)
            if let publication = bound.publication,
               (bound.lower.map { value < $0 } ?? false) || (bound.upper.map { value > $0 } ?? false) {
                found.append(Inconsistency(publication: publication, label: "\(bound.scope.codes.joined(separator: ", ")), total",
                                           scope: bound.scope, isBound: true))
            }
        }
        return found
    }

    /// The report's numbers that earlier publications already determine (their range given the
    /// earlier publications alone is one value): withholding one would hide nothing, and it could
    /// never be protected, so they are published as they are already known.
    func fixedByEarlier() throws -> Set<Int> {
        let baseActive: (LedgerSystem.Constraint) -> Bool = { !$0.fromCandidate }
        let items = candidate.indices.map(candidateItem)
        let found = try ranges(of: items, presolve: base, roots: base.blocks(system, active: baseActive), active: baseActive,
                               enough: { _, target in target.high - target.low >= 1 - Self.tolerance })
        return Set(found.compactMap { $0.pinned ? $0.item.candidate : nil })
    }

    private func active(_ withheld: Set<Int>) -> (LedgerSystem.Constraint) -> Bool {
        { c in c.candidateItem.map { !withheld.contains($0) } ?? true }
    }

    private func presolve(_ withheld: Set<Int>) throws -> LedgerPresolve {
        let active = self.active(withheld)
        let full = LedgerPresolve(continuing: base, system, newlyActive: { $0.fromCandidate && active($0) }, active: active)
        guard full.contradictions.isEmpty else { throw SolverFailure(status: -1) }
        return full
    }

    func candidateItem(_ index: Int) -> Item {
        Item(scope: candidate[index].scope, threshold: candidate[index].threshold, places: [(nil, candidate[index].label)],
             candidate: index)
    }

    /// Every withheld number, earlier or in the report, that the report (with `withheld` hidden)
    /// and the earlier publications together narrow below the rule. Earlier numbers the report
    /// cannot affect are not solved again.
    func findings(withheld: Set<Int>) throws -> [Finding] {
        let active = self.active(withheld)
        let full = try presolve(withheld)
        let roots = full.blocks(system, active: active)
        var touched = Set<Int>()
        var changed = Set<Int>()
        for v in 0..<system.variableCount where full.fixed[v] != nil && base.fixed[v] == nil { changed.insert(v) }
        for c in system.constraints where active(c) && (c.fromCandidate || (c.plus + c.minus).contains(where: changed.contains)) {
            for v in c.plus + c.minus { if let root = roots[v] { touched.insert(root) } }
        }
        var items = withheld.sorted().map(candidateItem)
        for item in earlierItems {
            let variables = system.variables(of: item.scope)
            if variables.contains(where: { changed.contains($0) || roots[$0].map(touched.contains) == true }) { items.append(item) }
        }
        var findings = try ranges(of: items, presolve: full, roots: roots, active: active)
            .filter { $0.belowThreshold || $0.pinned }
        // A number already this narrow without the report is not the report's doing.
        if !findings.isEmpty {
            let baseActive: (LedgerSystem.Constraint) -> Bool = { !$0.fromCandidate }
            let baseRoots = base.blocks(system, active: baseActive)
            for i in findings.indices {
                if let before = try ranges(of: [findings[i].item], presolve: base, roots: baseRoots, active: baseActive).first,
                   before.belowThreshold || before.pinned {
                    findings[i].preexisting = true
                }
            }
        }
        return findings
    }

    /// The report's published numbers that bear on `item` with `withheld` hidden: those over an
    /// unknown of its block (the unknowns it is linked to), of its own scope, or that the report's
    /// numbers force. Withholding anything else cannot widen its range.
    func relevant(to item: Item, withheld: Set<Int>) throws -> Set<Int> {
        let active = self.active(withheld)
        let full = try presolve(withheld)
        let roots = full.blocks(system, active: active)
        let own = system.variables(of: item.scope)
        let itemRoots = Set(own.compactMap { roots[$0] })
        var near = Set(own)
        for v in 0..<system.variableCount {
            if let root = roots[v], itemRoots.contains(root) { near.insert(v) }
            if full.fixed[v] != nil, base.fixed[v] == nil { near.insert(v) }
        }
        return Set(candidate.indices.filter { i in !withheld.contains(i) && system.variables(of: candidate[i].scope).contains(where: near.contains) })
    }

    /// The range of one item with `withheld` hidden.
    func range(of item: Item, withheld: Set<Int>) throws -> Finding {
        let active = self.active(withheld)
        let full = try presolve(withheld)
        let roots = full.blocks(system, active: active)
        guard let found = try ranges(of: [item], presolve: full, roots: roots, active: active, exact: true).first else {
            throw SolverFailure(status: -2)
        }
        return found
    }

    /// Ranges of `items`: exact for those that break the rule (or for all, with `exact`), and
    /// at least wide enough to show compliance for the others (or `enough`, when given).
    private func ranges(of items: [Item], presolve: LedgerPresolve, roots: [Int: Int], active: (LedgerSystem.Constraint) -> Bool,
                        exact: Bool = false, enough: ((Int, BlockRanges.Target) -> Bool)? = nil) throws -> [Finding] {
        // The blocks each item needs, and its constant part.
        struct Plan { var offset = 0; var byRoot: [Int: [Int]] = [:] }
        var plans: [Plan] = []
        var neededRoots = Set<Int>()
        for item in items {
            var plan = Plan()
            for v in system.variables(of: item.scope) {
                if let f = presolve.fixed[v] { plan.offset += f } else if let root = roots[v] { plan.byRoot[root, default: []].append(v) }
            }
            neededRoots.formUnion(plan.byRoot.keys)
            plans.append(plan)
        }
        var blockVariables: [Int: [Int]] = [:]
        for (v, root) in roots where neededRoots.contains(root) { blockVariables[root, default: []].append(v) }
        var blockConstraints: [Int: [LedgerSystem.Constraint]] = [:]
        for c in system.constraints where active(c) {
            guard let free = (c.plus + c.minus).first(where: { presolve.fixed[$0] == nil }), let root = roots[free],
                  neededRoots.contains(root) else { continue }
            blockConstraints[root, default: []].append(c)
        }
        var solvers: [Int: BlockRanges] = [:]
        func solver(_ root: Int) throws -> BlockRanges {
            if let made = solvers[root] { return made }
            let made = try BlockRanges(variables: blockVariables[root]?.sorted() ?? [], constraints: blockConstraints[root] ?? [],
                                   fixed: presolve.fixed)
            solvers[root] = made
            return made
        }
        let truth = system.truth.map(Double.init)
        var results = [Finding?](repeating: nil, count: items.count)
        // Items within one block share points; items over several blocks are solved per block.
        var singleBlock: [Int: [Int]] = [:]
        for (i, plan) in plans.enumerated() {
            let value = Double(plan.offset) + plan.byRoot.values.joined().reduce(0.0) { $0 + truth[$1] }
            switch plan.byRoot.count {
            case 0:
                results[i] = Finding(item: items[i], low: value, high: value)
            case 1:
                singleBlock[plan.byRoot.keys.first ?? 0, default: []].append(i)
            default:
                var low = Double(plan.offset), high = Double(plan.offset)
                for (root, variables) in plan.byRoot {
                    low += try solver(root).optimise(variables, maximise: false).value
                    high += try solver(root).optimise(variables, maximise: true).value
                }
                results[i] = Finding(item: items[i], low: low, high: high)
            }
        }
        for (root, members) in singleBlock {
            let targets = members.map { i -> BlockRanges.Target in
                let variables = plans[i].byRoot[root] ?? []
                let value = Double(plans[i].offset) + variables.reduce(0.0) { $0 + truth[$1] }
                return BlockRanges.Target(variables: variables, offset: Double(plans[i].offset), low: value, high: value)
            }
            let settled = try solver(root).settle(targets) { k, target in
                if let enough { return enough(members[k], target) }
                return !exact && target.high >= Double(items[members[k]].threshold) - Self.tolerance && target.high - target.low >= 1 - Self.tolerance
            }
            for (k, i) in members.enumerated() { results[i] = Finding(item: items[i], low: settled[k].low, high: settled[k].high) }
        }
        return results.compactMap { $0 }
    }
}
