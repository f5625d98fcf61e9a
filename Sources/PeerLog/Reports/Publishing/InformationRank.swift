/// How much a report tells: the number of linearly independent non-zero numbers it publishes.
///
/// In the graph of `FeasibleRange` (a node per row, per column and per margin; an edge per cell and
/// total), the tables that all published numbers leave at zero are the circulations on the edges
/// that are not published, so the rank of the published set S is |S| + 1 − (components of the
/// graph without S): a union-find, no elimination. A total over one period that repeats a cell is
/// not counted twice, and zeros, which say little, are not counted at all.
enum InformationRank {
    static func rank(of table: FeasibleRange, published: Set<FeasibleRange.Item>) -> Int {
        let rows = table.rows, columns = table.columns
        let nodes = rows + columns + 2
        var parent = [Int](0..<nodes)
        func find(_ v: Int) -> Int {
            var v = v
            while parent[v] != v { parent[v] = parent[parent[v]]; v = parent[v] }
            return v
        }
        func edge(_ item: FeasibleRange.Item) -> (Int, Int) {
            switch item {
            case let .cell(r, c): return (r, rows + c)
            case let .rowTotal(r): return (rows + columns, r)
            case let .columnTotal(c): return (rows + c, rows + columns + 1)
            case .grandTotal: return (rows + columns + 1, rows + columns)
            }
        }
        var counted = 0
        for item in table.allItems {
            if published.contains(item), table.value(item) != 0 {
                counted += 1
            } else {
                let (a, b) = edge(item)
                let (ra, rb) = (find(a), find(b))
                if ra != rb { parent[ra] = rb }
            }
        }
        let components = Set((0..<nodes).map(find)).count
        return counted + 1 - components
    }
}
