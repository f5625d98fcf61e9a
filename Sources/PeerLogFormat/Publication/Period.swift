/// How report rows are grouped in time.
public enum PeriodGrouping: String, CaseIterable, Sendable, Codable {
    case month, quarter, year

    /// The label of the period holding `date`: `2026-03`, `2026-Q1` or `2026`.
    public func label(for date: CalendarDate) -> String {
        switch self {
        case .month: return "\(date.year)-\(twoDigits(date.month))"
        case .quarter: return "\(date.year)-Q\(date.quarter)"
        case .year: return "\(date.year)"
        }
    }
}

/// An inclusive range of calendar days; either end may be open.
public struct DateRange: Sendable, Hashable {
    public let from: CalendarDate?
    public let to: CalendarDate?

    /// - Throws: `InputError.dateRange` when `from` is after `to`.
    public init(from: CalendarDate?, to: CalendarDate?) throws {
        if let from, let to, to < from { throw InputError.dateRange(from: from.description, to: to.description) }
        self.from = from
        self.to = to
    }

    public static let all = DateRange(unbounded: ())

    private init(unbounded: Void) {
        from = nil
        to = nil
    }

    public func contains(_ date: CalendarDate) -> Bool {
        if let from, date < from { return false }
        if let to, to < date { return false }
        return true
    }
}
