/// Small-cell suppression for reports that leave the coordinator's hands.
///
/// 1. Primary: every non-zero count below K — cell or total — is withheld.
/// 2. Complementary: while some withheld item's feasible range (every value consistent with what
///    is published, integer and non-negative) is narrower than K, withhold more: the cheapest
///    "move" that makes it wide enough, where a move is one more item, or the three other corners
///    of a rectangle through the weak cell (a cell can only vary along a cycle of withheld items),
///    or the same through the totals for a weak total. Cheapest means the smallest sum of newly
///    withheld counts ("smallest first"); ties break by position here, at random when publishing.
///    If no move suffices, the one that widens most is taken; if none widens, everything is
///    withheld.
/// This is the per-report half. `ComplementSearch` adds the joint check over every earlier
/// publication and the random choices; docs/DISCLOSURE-CONTROL.md has the method and its proof.
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

    /// The items to withhold from `counts` (rows × columns) and its totals, for this report on its
    /// own, deterministically (ties go to table order). Publishing adds the joint check and random
    /// choices on top (`ComplementSearch`).
    func withheld(_ counts: [[Int]]) -> Set<Item> {
        let table = FeasibleRange(counts: counts)
        var hidden = primary(table)
        while let weak = firstUnprotected(table, hidden) {
            hidden.formUnion(bestMoves(for: weak, table, hidden).first ?? table.allItems)
        }
        return hidden
    }

    /// Every non-zero count below K, cell or total.
    func primary(_ table: FeasibleRange) -> Set<Item> {
        Set(table.allItems.filter { item in
            let v = table.value(item)
            return v > 0 && v < threshold
        })
    }

    /// The cheapest moves that protect `weak` on its own table (range at least K wide): among
    /// those that reach K, the smallest sum of newly withheld counts, then the fewest items; if
    /// none reaches K, those that widen most. All equally good moves, in table order; empty when
    /// no move widens it. Items in `excluded` (numbers readers know anyway) are never used.
    func bestMoves(for weak: Item, _ table: FeasibleRange, _ hidden: Set<Item>, excluding excluded: Set<Item> = []) -> [[Item]] {
        let width = self.width(of: weak, table, hidden)
        var best: [(move: [Item], score: (Int, Int, Int))] = []
        var seen = Set<[Item]>()
        let candidates = moves(for: weak, table, hidden).map { $0.filter { !excluded.contains($0) } }
            .filter { !$0.isEmpty && seen.insert($0).inserted }
        for move in candidates {
            let widened = self.width(of: weak, table, hidden.union(move))
            guard widened > width else { continue }
            let cost = move.reduce(0) { $0 + table.value($1) }
            // Prefer reaching K, then the cheapest, then the fewest items.
            let score = (min(widened, threshold), -cost, -move.count)
            if let current = best.first?.score {
                if score > current { best = [(move, score)] } else if score == current { best.append((move, score)) }
            } else {
                best = [(move, score)]
            }
        }
        return best.map(\.move)
    }

    func width(of item: Item, _ table: FeasibleRange, _ hidden: Set<Item>) -> Int {
        let range = table.range(of: item, withheld: hidden)
        return range.upperBound - range.lowerBound
    }

    /// Withheld items (in table order) whose range is narrower than K.
    func unprotected(_ table: FeasibleRange, _ hidden: Set<Item>) -> [Item] {
        hidden.sorted().filter { width(of: $0, table, hidden) < threshold }
    }

    /// The first withheld item (in table order) whose range is narrower than K.
    private func firstUnprotected(_ table: FeasibleRange, _ hidden: Set<Item>) -> Item? {
        hidden.sorted().first { width(of: $0, table, hidden) < threshold }
    }

    /// Candidate sets of published items to withhold so that `weak` can vary, in table order.
    func moves(for weak: Item, _ table: FeasibleRange, _ hidden: Set<Item>) -> [[Item]] {
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
