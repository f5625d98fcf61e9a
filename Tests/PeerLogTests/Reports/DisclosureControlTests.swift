import Testing
@testable import PeerLog
@testable import PeerLogFormat

/// Suppression is checked against an independent, brute-force computation: enumerate every
/// non-negative integer table that agrees with everything published, and take each withheld
/// item's smallest and largest value. Every withheld item must be able to vary by at least K.
@Suite("Disclosure control: no withheld count can be recovered from what is published")
struct DisclosureControlTests {
    typealias Item = FeasibleRange.Item

    /// The range of each withheld item over all consistent tables, found by enumeration, clipped
    /// to (true value ± K): that is all "at least K wide" needs, and it keeps the search small.
    /// (Moving one item by t ≤ K never needs any other item to move by more than t, so the clip
    /// does not hide a consistent table that matters.)
    static func bruteForceRanges(_ counts: [[Int]], withheld: Set<Item>, k: Int) -> [Item: ClosedRange<Int>] {
        let truth = FeasibleRange(counts: counts)
        let rows = truth.rows, columns = truth.columns
        let free = (0..<rows).flatMap { r in (0..<columns).map { (r, $0) } }.filter { withheld.contains(.cell(row: $0.0, column: $0.1)) }
        let rowFixed = (0..<rows).map { r in published(.rowTotal(r), withheld) ? truth.value(.rowTotal(r)) : nil }
        let columnFixed = (0..<columns).map { c in published(.columnTotal(c), withheld) ? truth.value(.columnTotal(c)) : nil }
        let grandFixed = published(.grandTotal, withheld) ? truth.value(.grandTotal) : nil
        // Free cells left in each row/column after position i, to know when a line is complete.
        var rowSum = (0..<rows).map { r in (0..<columns).reduce(0) { withheld.contains(.cell(row: r, column: $1)) ? $0 : $0 + counts[r][$1] } }
        var columnSum = (0..<columns).map { c in (0..<rows).reduce(0) { withheld.contains(.cell(row: $1, column: c)) ? $0 : $0 + counts[$1][c] } }
        var grand = rowSum.reduce(0, +)
        let lastInRow = Dictionary(free.enumerated().map { ($0.element.0, $0.offset) }, uniquingKeysWith: max)
        let lastInColumn = Dictionary(free.enumerated().map { ($0.element.1, $0.offset) }, uniquingKeysWith: max)
        for r in 0..<rows where lastInRow[r] == nil {
            if let fixed = rowFixed[r], fixed != rowSum[r] { return [:] }
        }
        var values = free.map { counts[$0.0][$0.1] }
        var low: [Item: Int] = [:], high: [Item: Int] = [:]

        func record() {
            var table = counts
            for (i, (r, c)) in free.enumerated() { table[r][c] = values[i] }
            let candidate = FeasibleRange(counts: table)
            for item in withheld {
                let v = candidate.value(item)
                low[item] = min(low[item] ?? v, v)
                high[item] = max(high[item] ?? v, v)
            }
        }
        func assign(_ i: Int) {
            if i == free.count {
                for c in 0..<columns { if let fixed = columnFixed[c], fixed != columnSum[c] { return } }
                if let grandFixed, grandFixed != grand { return }
                record()
                return
            }
            let (r, c) = free[i]
            let v0 = counts[r][c]
            var window = max(0, v0 - k)...(v0 + k)
            // The last free cell of a row with a published total is determined, not enumerated.
            if lastInRow[r] == i, let fixed = rowFixed[r] {
                let forced = fixed - rowSum[r]
                guard window.contains(forced) else { return }
                window = forced...forced
            }
            for v in window {
                rowSum[r] += v; columnSum[c] += v; grand += v
                defer { rowSum[r] -= v; columnSum[c] -= v; grand -= v }
                if let fixed = rowFixed[r], rowSum[r] > fixed || (lastInRow[r] == i && rowSum[r] != fixed) { continue }
                if let fixed = columnFixed[c], columnSum[c] > fixed || (lastInColumn[c] == i && columnSum[c] != fixed) { continue }
                if let grandFixed, grand > grandFixed { continue }
                values[i] = v
                assign(i + 1)
            }
            values[i] = v0
        }
        assign(0)
        return withheld.reduce(into: [:]) { result, item in
            let v = truth.value(item)
            result[item] = max(v - k, low[item] ?? v)...min(v + k, high[item] ?? v)
        }
    }

    static func published(_ item: Item, _ withheld: Set<Item>) -> Bool { !withheld.contains(item) }

    /// Runs suppression and checks it: primary cells withheld, every withheld item protected
    /// according to the brute force, and the flow computation agreeing with the brute force.
    @discardableResult
    func checkProtected(_ counts: [[Int]], k: Int = 5) throws -> Set<Item> {
        let control = try DisclosureControl(threshold: k)
        let hidden = control.withheld(counts)
        let table = FeasibleRange(counts: counts)
        for item in table.allItems {
            let v = table.value(item)
            if v > 0 && v < k { #expect(hidden.contains(item), "small \(item) = \(v) is published") }
        }
        let brute = Self.bruteForceRanges(counts, withheld: hidden, k: k)
        for item in hidden {
            let v = table.value(item)
            let range = try #require(brute[item])
            #expect(range.upperBound - range.lowerBound >= k, "\(item) = \(v) can be narrowed to \(range)")
            // The flow computation agrees with the enumeration (within the clipped window).
            let flow = table.range(of: item, withheld: hidden)
            #expect(max(flow.lowerBound, v - k) == range.lowerBound, "\(item): flow \(flow) vs brute force \(range)")
            #expect(min(flow.upperBound, v + k) == range.upperBound, "\(item): flow \(flow) vs brute force \(range)")
        }
        return hidden
    }

    @Test func singleSmallCellInARow() throws {
        let hidden = try checkProtected([[10, 12, 2], [9, 11, 14], [13, 8, 10]])
        #expect(hidden.contains(.cell(row: 0, column: 2)))
        #expect(hidden.count >= 4, "one cell alone can be recovered by subtraction")
        #expect(!hidden.contains(.grandTotal))
    }

    @Test func twoSmallCells() throws {
        let hidden = try checkProtected([[1, 12, 10], [9, 2, 14], [13, 8, 10]])
        #expect(hidden.isSuperset(of: [.cell(row: 0, column: 0), .cell(row: 1, column: 1)]))
    }

    @Test func smallCellWithItsRowAndColumnTotalsPublished() throws {
        let counts = [[20, 3, 15], [18, 25, 22]]
        let hidden = try checkProtected(counts)
        #expect(!hidden.contains(.rowTotal(0)))
        #expect(!hidden.contains(.columnTotal(1)))
        #expect(hidden.contains(.cell(row: 0, column: 1)))
    }

    @Test func cellRevealedOnlyByCombiningRows() throws {
        // Suppressing the small cells' neighbours in one direction only is not enough here: the
        // check must consider all rows and columns together.
        try checkProtected([[2, 9, 9], [9, 2, 9], [9, 9, 2]])
    }

    @Test func allSmallTable() throws {
        let hidden = try checkProtected([[1, 2], [2, 1]])
        #expect(hidden.contains(.rowTotal(0)) && hidden.contains(.columnTotal(1)))
        let tiny = try checkProtected([[1, 0], [0, 1]])
        #expect(tiny.contains(.grandTotal))
    }

    @Test("K at its limits", arguments: [3, 4, 5, 10])
    func thresholds(k: Int) throws {
        try checkProtected([[3, 7, 1], [12, 4, 9], [6, 2, 11]], k: k)
    }

    @Test func thresholdBelowThreeIsRefused() {
        #expect(throws: InputError.self) { try DisclosureControl(threshold: 2) }
        #expect(throws: InputError.self) { try DisclosureControl(threshold: 0) }
    }

    @Test func largeCountsNeedNoSuppression() throws {
        let hidden = try checkProtected([[10, 12, 20], [9, 11, 14]])
        #expect(hidden.isEmpty)
    }

    @Test("random small tables are always protected", arguments: 0..<24)
    func randomTables(seed: Int) throws {
        var g = SplitMix64(seed: UInt64(seed) &* 0x9E37_79B9 &+ 7)
        let rows = 2 + Int(g.next(below: 2)), columns = 2 + Int(g.next(below: 2))
        let counts = (0..<rows).map { _ in (0..<columns).map { _ in
            // Mostly small values, some zeros, a few large.
            let roll = g.next(below: 10)
            return roll < 2 ? 0 : roll < 7 ? Int(g.next(below: 5)) : 5 + Int(g.next(below: 8))
        } }
        try checkProtected(counts, k: 3 + Int(g.next(below: 3)))
    }
}
