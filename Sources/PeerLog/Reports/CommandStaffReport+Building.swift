import Foundation

extension CommandStaffReport {
    /// The report of `layout` with `withheld` hidden. With `noisy` (one value per cell, already
    /// noisy), every shown count is noisy and every total is the sum of the noisy cells, so the
    /// table adds up.
    static func assemble(layout: ReportLayout, withheld: Set<FeasibleRange.Item>, program: ProgramInfo, minimumCell: Int,
                         noisy: [[Int]]? = nil, noise: Noise? = nil) -> CommandStaffReport {
        let table = noisy.map { FeasibleRange(counts: $0) } ?? layout.table
        func shown(_ item: FeasibleRange.Item) -> Int? { withheld.contains(item) ? nil : table.value(item) }
        return CommandStaffReport(
            format: currentFormat, program: program.name, coordinator: program.coordinatorName,
            from: layout.from.description, to: layout.to.description, by: layout.grouping, dimension: layout.dimension,
            minimumCell: minimumCell,
            periods: layout.periods.enumerated().map { Period(label: $1.label, total: shown(.columnTotal($0))) },
            rows: layout.rows.enumerated().map { r, row in
                Row(code: row.code, label: row.label, counts: layout.periods.indices.map { shown(.cell(row: r, column: $0)) },
                    total: shown(.rowTotal(r)), members: row.members)
            },
            grandTotal: shown(.grandTotal), withheldCount: withheld.count, recoding: layout.recoding, noise: noise)
    }

    /// The report on its own terms only: per-report suppression, no earlier publications, no
    /// random choices. For tests and golden files; publishing goes through `ReportPreparation`.
    static func build(truth: TrueCounts, program: ProgramInfo, from: CalendarDate, to: CalendarDate, by: PeriodGrouping,
                      dimension: Dimension, control: DisclosureControl) -> CommandStaffReport {
        let layout = ReportLayout(dimension: dimension, grouping: by, from: from, to: to, truth: truth)
        return assemble(layout: layout, withheld: control.withheld(layout.table.counts), program: program, minimumCell: control.threshold)
    }
}
