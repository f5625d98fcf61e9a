/// Exact ranges of withheld cells in a two-way table of counts, given what is published.
///
/// The table, its row totals, column totals and grand total are modelled as edges of a graph with
/// one node per row, one per column, and two margin nodes (rows' and columns' side). Any other
/// non-negative integer table agreeing with everything published differs from the true one by an
/// integer circulation that is zero on published edges and never takes a withheld count below
/// zero. So the largest increase of a withheld item is a maximum flow back around its edge, and
/// the largest decrease a maximum flow the other way, capped by its value. The constraint matrix
/// is totally unimodular, so these flow bounds are exactly the integer bounds.
struct FeasibleRange {
    /// Stands for "no upper bound".
    static let unbounded = Int.max / 4

    /// One item of the table: an interior cell or a total.
    enum Item: Hashable, Comparable {
        case cell(row: Int, column: Int)
        case rowTotal(Int)
        case columnTotal(Int)
        case grandTotal
    }

    let rows: Int
    let columns: Int
    let counts: [[Int]]

    init(counts: [[Int]]) {
        self.counts = counts
        rows = counts.count
        columns = counts.first?.count ?? 0
    }

    func value(_ item: Item) -> Int {
        switch item {
        case let .cell(r, c): return counts[r][c]
        case let .rowTotal(r): return counts[r].reduce(0, +)
        case let .columnTotal(c): return counts.reduce(0) { $0 + $1[c] }
        case .grandTotal: return counts.reduce(0) { $0 + $1.reduce(0, +) }
        }
    }

    /// Every item of the table, interior cells first.
    var allItems: [Item] {
        var items: [Item] = []
        for r in 0..<rows { for c in 0..<columns { items.append(.cell(row: r, column: c)) } }
        items += (0..<rows).map { .rowTotal($0) }
        items += (0..<columns).map { .columnTotal($0) }
        items.append(.grandTotal)
        return items
    }

    // Nodes: rows 0..<R, columns R..<R+C, the rows' margin node, the columns' margin node.
    private var rowsMargin: Int { rows + columns }
    private var columnsMargin: Int { rows + columns + 1 }
    private var nodeCount: Int { rows + columns + 2 }

    /// The edge of `item`, oriented so that flow along it increases the item.
    private func edge(_ item: Item) -> (from: Int, to: Int) {
        switch item {
        case let .cell(r, c): return (r, rows + c)
        case let .rowTotal(r): return (rowsMargin, r)
        case let .columnTotal(c): return (rows + c, columnsMargin)
        case .grandTotal: return (columnsMargin, rowsMargin)
        }
    }

    /// The values `item` may take, given that exactly `withheld` items are hidden.
    func range(of item: Item, withheld: Set<Item>) -> ClosedRange<Int> {
        let x = value(item)
        guard withheld.contains(item) else { return x...x }
        var capacity = [[Int]](repeating: [Int](repeating: 0, count: nodeCount), count: nodeCount)
        for other in withheld where other != item {
            let (u, v) = edge(other)
            capacity[u][v] = Self.unbounded                      // it may grow without limit
            capacity[v][u] = min(Self.unbounded, capacity[v][u] + value(other))  // and shrink to zero
        }
        let (u, v) = edge(item)
        let up = Self.maxFlow(capacity, from: v, to: u)
        let down = min(x, Self.maxFlow(capacity, from: u, to: v))
        let high = up >= Self.unbounded ? Self.unbounded : x + up
        return (x - down)...high
    }

    /// Edmonds–Karp on a small dense graph; stops early once the flow is unbounded.
    static func maxFlow(_ capacity: [[Int]], from source: Int, to sink: Int) -> Int {
        guard source != sink else { return unbounded }
        var residual = capacity
        let n = residual.count
        var total = 0
        while total < unbounded {
            var parent = [Int](repeating: -1, count: n)
            parent[source] = source
            var queue = [source]
            var head = 0
            while head < queue.count, parent[sink] == -1 {
                let u = queue[head]
                head += 1
                for v in 0..<n where parent[v] == -1 && residual[u][v] > 0 {
                    parent[v] = u
                    queue.append(v)
                }
            }
            guard parent[sink] != -1 else { break }
            var bottleneck = unbounded
            var v = sink
            while v != source { bottleneck = min(bottleneck, residual[parent[v]][v]); v = parent[v] }
            v = sink
            while v != source {
                let u = parent[v]
                if residual[u][v] < unbounded { residual[u][v] -= bottleneck }
                residual[v][u] = min(unbounded, residual[v][u] + bottleneck)
                v = u
            }
            total = min(unbounded, total + bottleneck)
        }
        return total
    }
}
