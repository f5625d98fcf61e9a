/// The command staff's annual report: an ordinary anonymised report over the year before and the
/// year (January 1 of the one to December 31 of the other, by month unless preparation chose a
/// coarser layout), shown year against year. It is prepared, checked and published exactly as any
/// other (`ReportPreparation`, the joint check, the ledger), and this view adds only sums and
/// differences of numbers the report shows: a year's figure is shown only when the shown numbers
/// determine it (every period of that year shown, or the two-year total and every period of the
/// other year), so it tells a reader nothing the publication does not already tell, and the joint
/// check has seen every number it rests on (docs/DISCLOSURE-CONTROL.md, "The annual report").
public struct CommandStaffAnnual: Sendable, Hashable {
    public let report: CommandStaffReport
    public let year: Int
    /// One line per period of the year (January, Q1, or the year), each year's figure side by side.
    public let byPeriod: [YearComparison]
    /// One line per row of the report (a type, a kind of support, or rare types combined).
    public let byRow: [YearComparison]
    public let total: YearComparison

    /// - Throws: `AnnualReportError.notTwoYears` unless `report` runs from January 1 of one year to
    ///   December 31 of the next.
    public init(_ report: CommandStaffReport) throws {
        guard let to = try? CalendarDate(parsing: report.to), let from = try? CalendarDate(parsing: report.from),
              to.month == 12, to.day == 31, from.year == to.year - 1, from.month == 1, from.day == 1 else {
            throw AnnualReportError.notTwoYears(from: report.from, to: report.to)
        }
        self.report = report
        year = to.year
        let previousYear = String(year - 1), thisYear = String(year)
        let years = report.periods.map { String($0.label.prefix(4)) }
        // A period of the year before and its twin of the year: "2025-03" and "2026-03".
        let suffixes = report.periods.map { String($0.label.dropFirst(4)) }
        var pairs: [(suffix: String, previous: Int?, current: Int?)] = []
        for (index, suffix) in suffixes.enumerated() where years[index] == previousYear {
            let twin = suffixes.indices.first { years[$0] == thisYear && suffixes[$0] == suffix }
            pairs.append((suffix, report.periods[index].total, twin.flatMap { report.periods[$0].total }))
        }
        byPeriod = pairs.map { pair in
            YearComparison(code: pair.suffix.isEmpty ? "year" : String(pair.suffix.dropFirst()),
                           label: Self.periodLabel(pair.suffix), previous: pair.previous, current: pair.current)
        }
        func yearFigures(_ cells: [Int?], total: Int?) -> (Int?, Int?) {
            func sum(_ year: String) -> Int? {
                let own = cells.indices.filter { years[$0] == year }.map { cells[$0] }
                return own.contains(nil) ? nil : own.reduce(0) { $0 + ($1 ?? 0) }
            }
            var previous = sum(previousYear), current = sum(thisYear)
            if let total {
                if previous == nil, let current { previous = total - current }
                if current == nil, let previous { current = total - previous }
            }
            return (previous, current)
        }
        byRow = report.rows.map { row in
            let (previous, current) = yearFigures(row.counts, total: row.total)
            return YearComparison(code: row.code, label: row.label, previous: previous, current: current)
        }
        let (previous, current) = yearFigures(report.periods.map(\.total), total: report.grandTotal)
        total = YearComparison(code: "all", label: "All contacts", previous: previous, current: current)
    }

    /// "January" for "-01", "Q1" for "-Q1", "Whole year" for a period that is the year.
    static func periodLabel(_ suffix: String) -> String {
        let part = suffix.dropFirst()
        if let month = Int(part), (1...12).contains(month) { return AnnualReport.monthNames[month - 1] }
        return part.isEmpty ? "Whole year" : String(part)
    }
}
