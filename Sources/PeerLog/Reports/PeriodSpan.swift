extension PeriodGrouping {
    /// The first day of the period holding `date`.
    func start(of date: CalendarDate) -> CalendarDate {
        switch self {
        case .month: return CalendarDate(validYear: date.year, month: date.month, day: 1)
        case .quarter: return CalendarDate(validYear: date.year, month: (date.quarter - 1) * 3 + 1, day: 1)
        case .year: return CalendarDate(validYear: date.year, month: 1, day: 1)
        }
    }

    /// The first day of the next period, or nil after the last period PeerLog can name (9999).
    func next(after start: CalendarDate) -> CalendarDate? {
        let step = self == .month ? 1 : self == .quarter ? 3 : 12
        let months = start.year * 12 + (start.month - 1) + step
        return try? CalendarDate(year: months / 12, month: months % 12 + 1, day: 1)
    }

    /// The last day of the period holding `date` (9999-12-31 at the very end).
    func end(of date: CalendarDate) -> CalendarDate {
        guard let following = next(after: start(of: date)) else { return CalendarDate(validYear: 9999, month: 12, day: 31) }
        return CalendarDate(daysSinceEpoch: following.daysSinceEpoch - 1)
    }

    /// Every period label from the one holding `from` to the one holding `to`, in order.
    func labels(from: CalendarDate, to: CalendarDate) -> [String] {
        var labels: [String] = []
        var cursor: CalendarDate? = start(of: from)
        while let current = cursor, current <= to, labels.count < 10_000 {
            labels.append(label(for: current))
            cursor = next(after: current)
        }
        return labels
    }
}
