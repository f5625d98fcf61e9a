/// Small-cell suppression for reports that leave the coordinator's hands.
///
/// 1. Primary: every non-zero count below K — cell or total — is withheld.
/// 2. Complementary: while some withheld item's feasible range (every value consistent with what
///    is published, integer and non-negative) is narrower than K, withhold more: the cheapest
///    "move" that makes it wide enough, where a move is one more item, or the three other corners
///    of a rectangle through the weak cell (a cell can only vary along a cycle of withheld items),
///    or the same through the totals for a weak total. Cheapest means the smallest sum of newly
///    withheld counts ("smallest first"); ties break by position, so the result is deterministic.
///    If no move suffices, the one that widens most is taken; if none widens, everything is
///    withheld.
/// The method and its proof obligation are in docs/DISCLOSURE-CONTROL.md.
public struct DisclosureControl: Sendable {
    /// The default threshold, and the lowest the program accepts.
    public static let defaultThreshold = 5
    public static let minimumThreshold = 3

    public let threshold: Int

    /// - Throws: `InputError.thresholdTooLow` for K below 3.
    public init(threshold: Int = DisclosureControl.defaultThreshold) throws {
        guard threshold >= Self.minimumThreshold else { throw InputError.thresholdTooLow(threshold, minimum: Self.minimumThreshold) }
        guard threshold <= 1000 else { throw InputError.thresholdTooHigh(threshold) }
        self.threshold = threshold
    }

    typealias Item = FeasibleRange.Item

    /// The items to withhold from `counts` (rows × columns) and its totals.
    func withheld(_ counts: [[Int]]) -> Set<Item> {
        let table = FeasibleRange(counts: counts)
        var hidden = Set(table.allItems.filter { item in
            let v = table.value(item)
            return v > 0 && v < threshold
        })
        while let weak = firstUnprotected(table, hidden) {
            let width = self.width(of: weak, table, hidden)
            var best: (move: [Item], width: Int, cost: Int)?
            for move in moves(for: weak, table, hidden) {
                let widened = self.width(of: weak, table, hidden.union(move))
                guard widened > width else { continue }
                let cost = move.reduce(0) { $0 + table.value($1) }
                let candidate = (move, min(widened, threshold), cost)
                if let current = best {
                    // Prefer reaching K, then the cheapest, then the fewest items; else keep the first.
                    if (candidate.1, -candidate.2, -candidate.0.count) > (current.width, -current.cost, -current.move.count) {
                        best = candidate
                    }
                } else {
                    best = candidate
                }
            }
            guard let best else {
                hidden.formUnion(table.allItems)
                break
            }
            hidden.formUnion(best.move)
        }
        return hidden
    }

    private func width(of item: Item, _ table: FeasibleRange, _ hidden: Set<Item>) -> Int {
        let range = table.range(of: item, withheld: hidden)
        return range.upperBound - range.lowerBound
    }

    /// The first withheld item (in table order) whose range is narrower than K.
    private func firstUnprotected(_ table: FeasibleRange, _ hidden: Set<Item>) -> Item? {
        hidden.sorted().first { width(of: $0, table, hidden) < threshold }
    }

    /// Candidate sets of published items to withhold so that `weak` can vary, in table order.
    private func moves(for weak: Item, _ table: FeasibleRange, _ hidden: Set<Item>) -> [[Item]] {
        var moves: [[Item]] = []
        let rows = 0..<table.rows, columns = 0..<table.columns
        switch weak {
        case let .cell(r, c):
            for r2 in rows where r2 != r {
                for c2 in columns where c2 != c {
                    moves.append([.cell(row: r, column: c2), .cell(row: r2, column: c), .cell(row: r2, column: c2)])
                }
            }
            for c2 in columns where c2 != c { moves.append([.cell(row: r, column: c2), .columnTotal(c), .columnTotal(c2)]) }
            for r2 in rows where r2 != r { moves.append([.cell(row: r2, column: c), .rowTotal(r), .rowTotal(r2)]) }
        case let .rowTotal(r):
            for r2 in rows where r2 != r {
                for c in columns { moves.append([.rowTotal(r2), .cell(row: r, column: c), .cell(row: r2, column: c)]) }
            }
        case let .columnTotal(c):
            for c2 in columns where c2 != c {
                for r in rows { moves.append([.columnTotal(c2), .cell(row: r, column: c), .cell(row: r, column: c2)]) }
            }
        case .grandTotal:
            break
        }
        moves += table.allItems.map { [$0] }
        return moves.map { $0.filter { !hidden.contains($0) } }.filter { !$0.isEmpty }
    }
}
