import Foundation
import GRDB

extension CommandStaffReport {
    /// Builds the report from forms with disclosure control applied.
    static func build(tally: [DayAndCode: Int], categories: [(code: String, label: String)], program: ProgramInfo,
                      from: CalendarDate, to: CalendarDate, by: PeriodGrouping, dimension: Dimension,
                      control: DisclosureControl) -> CommandStaffReport {
        let labels = by.labels(from: from, to: to)
        let column = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
        let row = Dictionary(uniqueKeysWithValues: categories.enumerated().map { ($1.code, $0) })
        var counts = [[Int]](repeating: [Int](repeating: 0, count: labels.count), count: categories.count)
        for (key, n) in tally where key.day >= from && key.day <= to {
            if let r = row[key.code], let c = column[by.label(for: key.day)] { counts[r][c] += n }
        }
        let table = FeasibleRange(counts: counts)
        let hidden = control.withheld(counts)
        func shown(_ item: FeasibleRange.Item) -> Int? { hidden.contains(item) ? nil : table.value(item) }
        return CommandStaffReport(
            format: currentFormat, program: program.name, coordinator: program.coordinatorName,
            from: from.description, to: to.description, by: by, dimension: dimension, minimumCell: control.threshold,
            periods: labels.enumerated().map { Period(label: $1, total: shown(.columnTotal($0))) },
            rows: categories.enumerated().map { r, category in
                Row(code: category.code, label: category.label,
                    counts: labels.indices.map { shown(.cell(row: r, column: $0)) }, total: shown(.rowTotal(r)))
            },
            grandTotal: shown(.grandTotal), withheldCount: hidden.count)
    }

}

extension PeerLogStore {
    /// Builds the anonymised report. Coordinator only: it opens every form.
    /// Without `from`/`to`, the span of the forms (whole periods) is used.
    public func commandStaffReport(keyring: ProgramKeyring, from: CalendarDate?, to: CalendarDate?,
                                   by: PeriodGrouping = .quarter, dimension: CommandStaffReport.Dimension = .incident,
                                   control: DisclosureControl) throws -> CommandStaffReport {
        // Streamed into per-day counts, so memory does not grow with the number of forms.
        var tally: [DayAndCode: Int] = [:]
        try forEachForm(keyring: keyring) { form in
            let code = dimension == .incident ? form.incident.code : form.intervention.code
            tally[DayAndCode(day: form.serviceTime.localDate, code: code), default: 0] += 1
        }
        let dates = tally.keys.map(\.day)
        let today = ServiceTime.now().localDate
        let start = from ?? dates.min().map { by.start(of: $0) } ?? by.start(of: today)
        // Without an end: the end of the period holding the last form, but never past today.
        let end = to ?? dates.max().map { last in min(by.end(of: last), max(today, last)) } ?? today
        _ = try DateRange(from: start, to: end)
        guard by.labels(from: start, to: end).count <= CommandStaffReport.maximumPeriods else {
            throw InputError.tooManyPeriods(limit: CommandStaffReport.maximumPeriods)
        }
        let categories: [(code: String, label: String)] = dimension == .incident
            ? IncidentType.allCases.map { ($0.code, $0.shortLabel) }
            : InterventionKind.allCases.map { ($0.code, $0.shortLabel) }
        try recordCoordinatorAction(keyring, action: "command-staff-report")
        return CommandStaffReport.build(tally: tally, categories: categories, program: try programInfo(),
                                        from: start, to: end, by: by, dimension: dimension, control: control)
    }
}

/// A day and a category code: the unit forms are counted in before grouping into periods.
struct DayAndCode: Hashable {
    let day: CalendarDate
    let code: String
}

