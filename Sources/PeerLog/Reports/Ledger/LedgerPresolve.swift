/// Unknowns whose value the published numbers force, found without a solver: an equation with one
/// unknown left fixes it; an equation of non-negative unknowns adding up to 0 fixes them all to 0.
/// What is left splits into independent blocks (unknowns that share no constraint cannot
/// constrain each other), each a small linear programme.
struct LedgerPresolve {
    /// A forced value per unknown, nil while free.
    private(set) var fixed: [Int?]
    /// Constraints that became impossible (only if the publications contradict each other).
    private(set) var contradictions: [Int] = []

    /// Propagates the constraints for which `active` is true.
    init(_ system: LedgerSystem, active: (LedgerSystem.Constraint) -> Bool) {
        fixed = [Int?](repeating: nil, count: system.variableCount)
        propagate(system, queue: system.constraints.indices.filter { active(system.constraints[$0]) }, active: active)
    }

    /// Continues from `base` with the constraints `active` admits beyond it.
    init(continuing base: LedgerPresolve, _ system: LedgerSystem, newlyActive: (LedgerSystem.Constraint) -> Bool,
         active: (LedgerSystem.Constraint) -> Bool) {
        fixed = base.fixed
        propagate(system, queue: system.constraints.indices.filter { newlyActive(system.constraints[$0]) }, active: active)
    }

    private mutating func propagate(_ system: LedgerSystem, queue initial: [Int], active: (LedgerSystem.Constraint) -> Bool) {
        var queue = initial
        var queued = Set(initial)
        while let index = queue.popLast() {
            queued.remove(index)
            let c = system.constraints[index]
            guard c.lower != nil, c.lower == c.upper, let rhs = c.lower else {
                // An inequality fixes nothing here; with no unknown left it must hold.
                if c.plus.allSatisfy({ fixed[$0] != nil }), c.minus.allSatisfy({ fixed[$0] != nil }) {
                    let v = c.plus.reduce(0) { $0 + (fixed[$1] ?? 0) } - c.minus.reduce(0) { $0 + (fixed[$1] ?? 0) }
                    if let lower = c.lower, v < lower { contradictions.append(index) }
                    if let upper = c.upper, v > upper { contradictions.append(index) }
                }
                continue
            }
            var rest = rhs
            var freePlus: [Int] = [], freeMinus: [Int] = []
            for v in c.plus { if let f = fixed[v] { rest -= f } else { freePlus.append(v) } }
            for v in c.minus { if let f = fixed[v] { rest += f } else { freeMinus.append(v) } }
            var newly: [(Int, Int)] = []
            switch (freePlus.count, freeMinus.count) {
            case (0, 0):
                if rest != 0 { contradictions.append(index) }
            case (1, 0):
                newly = [(freePlus[0], rest)]
            case (0, 1):
                newly = [(freeMinus[0], -rest)]
            case (_, 0) where rest == 0:
                newly = freePlus.map { ($0, 0) }
            case (0, _) where rest == 0:
                newly = freeMinus.map { ($0, 0) }
            default:
                break
            }
            for (v, value) in newly {
                if value < 0 { contradictions.append(index); continue }
                fixed[v] = value
                for other in system.appearances[v] where !queued.contains(other) && active(system.constraints[other]) {
                    queue.append(other)
                    queued.insert(other)
                }
            }
        }
    }

    /// Blocks of free unknowns linked by the active constraints: a root per free unknown.
    func blocks(_ system: LedgerSystem, active: (LedgerSystem.Constraint) -> Bool) -> [Int: Int] {
        var parent = [Int](0..<system.variableCount)
        func find(_ v: Int) -> Int {
            var v = v
            while parent[v] != v { parent[v] = parent[parent[v]]; v = parent[v] }
            return v
        }
        for c in system.constraints where active(c) {
            var first: Int?
            for v in c.plus + c.minus where fixed[v] == nil {
                if let f = first { let (a, b) = (find(f), find(v)); if a != b { parent[a] = b } } else { first = v }
            }
        }
        var roots: [Int: Int] = [:]
        for v in 0..<system.variableCount where fixed[v] == nil { roots[v] = find(v) }
        return roots
    }
}
