/// One way to lay out an anonymised report: its rows (one code each, or rare codes combined), its
/// periods, the true counts, and each number as a scope of the ledger, in `FeasibleRange` item
/// order (cells row by row, row totals, period totals, grand total).
struct ReportLayout {
    struct Row {
        let code: String
        let label: String
        /// The codes a combined row counts; nil for a row of one code.
        let members: [String]?
        var codes: [String] { members ?? [code] }
    }

    /// The code and label of the row that combines rare codes.
    static let combinedCode = "combined"
    static let combinedLabel = "Other types, combined"

    let dimension: CommandStaffReport.Dimension
    let grouping: PeriodGrouping
    let from: CalendarDate
    let to: CalendarDate
    let rows: [Row]
    let periods: [(label: String, span: DaySpan)]
    let recoding: CommandStaffReport.Recoding?
    let table: FeasibleRange
    let items: [FeasibleRange.Item]
    let scopes: [NumberScope]
    /// For each item, every item that counts exactly the same forms (in a report of one period a
    /// row's cell and its total): they are withheld together, or the shown one gives the other away.
    let twins: [FeasibleRange.Item: Set<FeasibleRange.Item>]

    /// - Parameter combining: codes to count together in one row (at least two), with the rule's
    ///   threshold.
    init(dimension: CommandStaffReport.Dimension, grouping: PeriodGrouping, from: CalendarDate, to: CalendarDate,
         truth: TrueCounts, combining: CommandStaffReport.Recoding? = nil) {
        self.dimension = dimension
        self.grouping = grouping
        self.from = from
        self.to = to
        let whole = DaySpan(from: from, to: to)
        let vocabulary: [(code: String, label: String)] = dimension == .incident
            ? IncidentType.allCases.map { ($0.code, $0.shortLabel) }
            : InterventionKind.allCases.map { ($0.code, $0.shortLabel) }
        let combined = Set(combining?.combined ?? [])
        var rows = vocabulary.filter { !combined.contains($0.code) }.map { Row(code: $0.code, label: $0.label, members: nil) }
        if combined.count >= 2 {
            rows.append(Row(code: Self.combinedCode, label: Self.combinedLabel,
                            members: vocabulary.map(\.code).filter(combined.contains)))
            recoding = combining
        } else {
            recoding = nil
        }
        self.rows = rows
        periods = grouping.labels(from: from, to: to).compactMap { label in
            PeriodSpans.span(of: label, within: whole).map { (label, $0) }
        }
        var counts = [[Int]](repeating: [Int](repeating: 0, count: periods.count), count: rows.count)
        var scopes: [NumberScope] = []
        for (r, row) in rows.enumerated() {
            for (c, period) in periods.enumerated() {
                let scope = NumberScope(dimension: dimension, codes: row.codes, span: period.span)
                counts[r][c] = truth.value(of: scope)
            }
        }
        table = FeasibleRange(counts: counts)
        items = table.allItems
        for item in items {
            switch item {
            case let .cell(r, c): scopes.append(NumberScope(dimension: dimension, codes: rows[r].codes, span: periods[c].span))
            case let .rowTotal(r): scopes.append(NumberScope(dimension: dimension, codes: rows[r].codes, span: whole))
            case let .columnTotal(c): scopes.append(NumberScope(dimension: nil, codes: [], span: periods[c].span))
            case .grandTotal: scopes.append(NumberScope(dimension: nil, codes: [], span: whole))
            }
        }
        self.scopes = scopes
        var byScope: [NumberScope: Set<FeasibleRange.Item>] = [:]
        for (i, item) in items.enumerated() { byScope[scopes[i], default: []].insert(item) }
        var twins: [FeasibleRange.Item: Set<FeasibleRange.Item>] = [:]
        for (i, item) in items.enumerated() { twins[item] = byScope[scopes[i]] ?? [item] }
        self.twins = twins
    }

    /// `items` with every item that counts the same forms as one of them.
    func withTwins<S: Sequence>(_ items: S) -> Set<FeasibleRange.Item> where S.Element == FeasibleRange.Item {
        var all = Set<FeasibleRange.Item>()
        for item in items { all.formUnion(twins[item] ?? [item]) }
        return all
    }

    /// Where an item sits, for messages: a code and a period, never a count.
    func label(of item: FeasibleRange.Item) -> String {
        switch item {
        case let .cell(r, c): return "\(rows[r].code) in \(periods[c].label)"
        case let .rowTotal(r): return "\(rows[r].code), total"
        case let .columnTotal(c): return "all in \(periods[c].label)"
        case .grandTotal: return "grand total"
        }
    }

    /// Every number of the layout for the ledger, index-aligned with `items`.
    func numbers(threshold: Int) -> [LedgerNumber] {
        items.enumerated().map { i, item in
            LedgerNumber(scope: scopes[i], value: table.value(item), threshold: threshold, publication: nil, label: label(of: item),
                         exact: true)
        }
    }

    /// What the layout's recoding rule tells a reader.
    var bounds: [LedgerBound] {
        guard let recoding else { return [] }
        return PublicationLedger.bounds(of: recoding, dimension: dimension, span: DaySpan(from: from, to: to), publication: nil)
    }

    /// The codes whose count over the whole span is below `threshold`, if at least two are.
    static func rareCodes(dimension: CommandStaffReport.Dimension, from: CalendarDate, to: CalendarDate, truth: TrueCounts,
                          threshold: Int) -> [String]? {
        let whole = DaySpan(from: from, to: to)
        let rare = NumberScope.vocabulary(dimension).filter {
            truth.value(of: NumberScope(dimension: dimension, codes: [$0], span: whole)) < threshold
        }
        return rare.count >= 2 ? rare : nil
    }
}
