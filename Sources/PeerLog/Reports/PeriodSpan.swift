extension PeriodGrouping {
    /// The first day of the period holding `date`.
    func start(of date: CalendarDate) -> CalendarDate {
        switch self {
        case .month: return try! CalendarDate(year: date.year, month: date.month, day: 1)
        case .quarter: return try! CalendarDate(year: date.year, month: (date.quarter - 1) * 3 + 1, day: 1)
        case .year: return try! CalendarDate(year: date.year, month: 1, day: 1)
        }
    }

    /// The first day of the next period.
    func next(after start: CalendarDate) -> CalendarDate {
        let step = self == .month ? 1 : self == .quarter ? 3 : 12
        let months = start.year * 12 + (start.month - 1) + step
        return try! CalendarDate(year: months / 12, month: months % 12 + 1, day: 1)
    }

    /// Every period label from the one holding `from` to the one holding `to`, in order.
    func labels(from: CalendarDate, to: CalendarDate) -> [String] {
        var labels: [String] = []
        var cursor = start(of: from)
        while cursor <= to, labels.count < 10_000 {
            labels.append(label(for: cursor))
            cursor = next(after: cursor)
        }
        return labels
    }
}
