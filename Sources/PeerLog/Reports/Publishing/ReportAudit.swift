/// Checks a report made outside `ReportPreparation` before it is published, by the same rules:
/// whole months that have ended, every shown count equal to the forms, every small count
/// withheld, every withheld number protected in the report and together with every earlier
/// publication.
struct ReportAudit {
    let report: CommandStaffReport
    let truth: TrueCounts
    let ledger: PublicationLedger
    let today: CalendarDate

    /// - Throws: `UnverifiableReport` naming the first rule broken, `PublicationRefusal`.
    func check() throws {
        guard report.noise == nil else { throw UnverifiableReport.noisy }
        guard let from = try? CalendarDate(parsing: report.from), let to = try? CalendarDate(parsing: report.to) else {
            throw UnverifiableReport.layout
        }
        try PublicationRules.check(from: from, to: to, today: today)
        let span = DaySpan(from: from, to: to)
        let stale = JointCheck.inconsistencies(ledger, truth: truth)
        if let clash = stale.first(where: { $0.span.overlaps(span) }) {
            throw PublicationRefusal.formsChanged(publication: clash.publication,
                                                  firstDay: CalendarDate(daysSinceEpoch: clash.span.start).description,
                                                  lastDay: CalendarDate(daysSinceEpoch: clash.span.end - 1).description)
        }
        let layout = ReportLayout(dimension: report.dimension, grouping: report.by, from: from, to: to, truth: truth, combining: report.recoding)
        guard layout.rows.map(\.codes) == report.rows.map(\.codes), layout.periods.map(\.label) == report.periods.map(\.label),
              report.rows.allSatisfy({ $0.counts.count == layout.periods.count }) else { throw UnverifiableReport.layout }
        if let recoding = report.recoding,
           ReportLayout.rareCodes(dimension: report.dimension, from: from, to: to, truth: truth, threshold: recoding.threshold) != recoding.combined {
            throw UnverifiableReport.recodingRule
        }
        func shown(_ item: FeasibleRange.Item) -> Int? {
            switch item {
            case let .cell(r, c): return report.rows[r].counts[c]
            case let .rowTotal(r): return report.rows[r].total
            case let .columnTotal(c): return report.periods[c].total
            case .grandTotal: return report.grandTotal
            }
        }
        var withheld = Set<FeasibleRange.Item>()
        for item in layout.items {
            if let value = shown(item) {
                guard value == layout.table.value(item) else { throw UnverifiableReport.countsDiffer(layout.label(of: item)) }
            } else {
                withheld.insert(item)
            }
        }
        let control = try DisclosureControl(threshold: report.minimumCell)
        if let small = layout.items.first(where: { control.primary(layout.table).contains($0) && !withheld.contains($0) }) {
            throw UnverifiableReport.smallCountShown(layout.label(of: small))
        }
        if let weak = control.unprotected(layout.table, withheld).first { throw UnverifiableReport.notProtected(layout.label(of: weak)) }
        let joint = JointCheck(earlier: ledger.numbers, bounds: ledger.bounds, candidate: layout.numbers(threshold: report.minimumCell),
                               candidateBounds: layout.bounds, truth: truth)
        let indices = Set(layout.items.indices.filter { withheld.contains(layout.items[$0]) })
        if let finding = try joint.findings(withheld: indices).first(where: { !$0.preexisting }) {
            let earlier = finding.item.places.compactMap(\.publication)
            throw UnverifiableReport.exposes(finding.item.places.first?.label ?? "a withheld number", publications: earlier)
        }
    }
}

/// A report made elsewhere that PeerLog will not publish, and which rule it breaks.
public enum UnverifiableReport: PeerLogError, Equatable {
    case noisy
    case layout
    case recodingRule
    case countsDiffer(String)
    case smallCountShown(String)
    case notProtected(String)
    case exposes(String, publications: [Int64])

    public var description: String {
        switch self {
        case .noisy: return "a report with noise is published only as PeerLog prepared it"
        case .layout: return "the report's rows or periods are not those of its dimension, grouping and dates"
        case .recodingRule: return "the report's combined rows are not exactly the rare types of its span"
        case let .countsDiffer(at): return "the report's count for \(at) is not what the forms give"
        case let .smallCountShown(at): return "the report shows a count below its minimum cell size (\(at))"
        case let .notProtected(at): return "a withheld number of the report (\(at)) can be narrowed from the report itself"
        case let .exposes(at, publications):
            return publications.isEmpty
                ? "a withheld number of the report (\(at)) can be narrowed together with earlier publications"
                : "the report would narrow a number withheld in publication \(publications.map(String.init).joined(separator: ", ")) (\(at))"
        }
    }

    public var hint: String? { "prepare it with 'peerlog report --audience command-staff', then publish with the same options" }
    public var exitStatus: ExitStatus { .invalidData }
}
