/// The days a report's period label covers (`2026-03`, `2026-Q1`, `2026`), clipped to the
/// report's own first and last day.
enum PeriodSpans {
    /// - Returns: nil for a label that is none of the three forms.
    static func span(of label: String, within report: DaySpan) -> DaySpan? {
        let parts = label.split(separator: "-")
        guard let year = parts.first.flatMap({ Int($0) }), parts[0].count == 4 else { return nil }
        let firstMonth: Int, months: Int
        switch parts.count {
        case 1: (firstMonth, months) = (1, 12)
        case 2 where parts[1].hasPrefix("Q"):
            guard let q = Int(parts[1].dropFirst()), (1...4).contains(q) else { return nil }
            (firstMonth, months) = ((q - 1) * 3 + 1, 3)
        case 2:
            guard let m = Int(parts[1]), (1...12).contains(m) else { return nil }
            (firstMonth, months) = (m, 1)
        default: return nil
        }
        guard let start = try? CalendarDate(year: year, month: firstMonth, day: 1) else { return nil }
        let endMonth = year * 12 + firstMonth - 1 + months
        guard let end = try? CalendarDate(year: endMonth / 12, month: endMonth % 12 + 1, day: 1) else { return nil }
        let clipped = DaySpan(start: start.daysSinceEpoch, end: end.daysSinceEpoch).clipped(to: report)
        return clipped.isEmpty ? nil : clipped
    }
}
