/// Every publication ever made, as the joint check reads it: each published and withheld number,
/// and what each recoding rule told readers. Built from the signed bodies alone (what command
/// staff hold), so it is exactly what a reader can combine. Withdrawn publications stay in it:
/// command staff keep their copies.
struct PublicationLedger: Sendable {
    struct Entry: Sendable {
        let number: Int64
        let report: CommandStaffReport
    }

    let entries: [Entry]

    init(entries: [Entry]) {
        self.entries = entries
    }

    var numbers: [LedgerNumber] { entries.flatMap { Self.numbers(of: $0.report, publication: $0.number) } }
    var bounds: [LedgerBound] { entries.flatMap { Self.bounds(of: $0.report, publication: $0.number) } }

    /// The report's days, or nil when its dates do not parse (then it cannot be modelled).
    static func span(of report: CommandStaffReport) -> DaySpan? {
        guard let from = try? CalendarDate(parsing: report.from), let to = try? CalendarDate(parsing: report.to), !(to < from) else {
            return nil
        }
        return DaySpan(from: from, to: to)
    }

    /// Every cell and total of `report` as a number over the true counts.
    static func numbers(of report: CommandStaffReport, publication: Int64?) -> [LedgerNumber] {
        guard let whole = span(of: report) else { return [] }
        let exact = report.noise == nil
        let spans = report.periods.map { PeriodSpans.span(of: $0.label, within: whole) }
        var numbers: [LedgerNumber] = []
        func add(_ dimension: CommandStaffReport.Dimension?, _ codes: [String], _ span: DaySpan, _ value: Int?, _ label: String) {
            numbers.append(LedgerNumber(scope: NumberScope(dimension: dimension, codes: codes, span: span), value: value,
                                        threshold: report.minimumCell, publication: publication, label: label, exact: exact))
        }
        for row in report.rows {
            for (index, period) in report.periods.enumerated() where index < row.counts.count {
                guard let span = spans[index] else { continue }
                add(report.dimension, row.codes, span, row.counts[index], "\(row.code) in \(period.label)")
            }
            add(report.dimension, row.codes, whole, row.total, "\(row.code), total")
        }
        for (index, period) in report.periods.enumerated() {
            guard let span = spans[index] else { continue }
            add(nil, [], span, period.total, "all in \(period.label)")
        }
        add(nil, [], whole, report.grandTotal, "grand total")
        return numbers
    }

    /// The recoding rule as bounds: each combined code below the threshold, every other code of
    /// the dimension at or above it, over the report's span.
    static func bounds(of report: CommandStaffReport, publication: Int64?) -> [LedgerBound] {
        guard let recoding = report.recoding, let whole = span(of: report) else { return [] }
        return bounds(of: recoding, dimension: report.dimension, span: whole, publication: publication)
    }

    static func bounds(of recoding: CommandStaffReport.Recoding, dimension: CommandStaffReport.Dimension, span whole: DaySpan,
                       publication: Int64?) -> [LedgerBound] {
        let combined = Set(recoding.combined)
        return NumberScope.vocabulary(dimension).map { code in
            let scope = NumberScope(dimension: dimension, codes: [code], span: whole)
            return combined.contains(code)
                ? LedgerBound(scope: scope, lower: nil, upper: recoding.threshold - 1, publication: publication)
                : LedgerBound(scope: scope, lower: recoding.threshold, upper: nil, publication: publication)
        }
    }
}
