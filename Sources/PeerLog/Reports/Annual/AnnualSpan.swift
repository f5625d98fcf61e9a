/// The days an annual report compares: a calendar year and the year before it. A year that has
/// not ended is compared up to today with the same days of the year before, so that "change" means
/// like against like rather than eleven months against twelve.
public struct AnnualSpan: Sendable, Hashable {
    /// The earliest year that has a year before it PeerLog can name (dates start in 1970).
    public static let firstYear = 1971
    public static let lastYear = 9999

    public let year: Int
    /// The year's days counted: January 1 to December 31, or to `through`.
    public let current: DateRange
    /// The same days of the year before.
    public let previous: DateRange
    /// The last day counted when the year has not ended yet (year to date); nil for a whole year.
    public let through: CalendarDate?

    /// - Throws: `AnnualReportError` for a year PeerLog cannot hold or one that has not begun.
    public init(year: Int, today: CalendarDate) throws {
        guard (Self.firstYear...Self.lastYear).contains(year) else {
            throw AnnualReportError.yearOutOfRange(year: year, first: Self.firstYear, last: Self.lastYear)
        }
        let first = CalendarDate(validYear: year, month: 1, day: 1)
        guard !(today < first) else { throw AnnualReportError.yearNotStarted(year: year, today: today.description) }
        // A year has ended once today is in a later year: on December 31 forms may still come in.
        let end = today.year == year ? today : CalendarDate(validYear: year, month: 12, day: 31)
        // February 29 has no twin in the year before; its February 28 ends the comparison there.
        let previousEnd = CalendarDate(validYear: year - 1, month: end.month,
                                       day: min(end.day, CalendarDate.daysIn(month: end.month, year: year - 1)))
        self.year = year
        through = today.year == year ? today : nil
        current = try DateRange(from: first, to: end)
        previous = try DateRange(from: CalendarDate(validYear: year - 1, month: 1, day: 1), to: previousEnd)
    }

    /// What command staff may be given: a whole year only, since a year to date would change as
    /// forms come in (the publication rules refuse it too; this says why in the annual's words).
    /// - Throws: `AnnualReportError.yearNotEnded`.
    public func requireWholeYear() throws {
        if through != nil { throw AnnualReportError.yearNotEnded(year: year, lastDay: "\(year)-12-31") }
    }

    /// The months compared: all twelve, or January to the month of `through`.
    public var months: ClosedRange<Int> { 1...(through?.month ?? 12) }
}

/// Why an annual report cannot be made for the year asked.
public enum AnnualReportError: PeerLogError, Equatable {
    case yearOutOfRange(year: Int, first: Int, last: Int)
    case yearNotStarted(year: Int, today: String)
    /// Command staff receive whole years only: a year to date would change as forms come in.
    case yearNotEnded(year: Int, lastDay: String)
    /// A command-staff report that does not cover two whole calendar years cannot be shown as one.
    case notTwoYears(from: String, to: String)

    public var description: String {
        switch self {
        case let .yearOutOfRange(year, first, last):
            return "\(year) is not a year PeerLog can report on: an annual report compares a year from \(first) to \(last) with the year before"
        case let .yearNotStarted(year, today):
            return "\(year) has not begun (today is \(today)): there is nothing to report yet"
        case let .yearNotEnded(year, lastDay):
            return "\(year) has not ended: command staff receive an annual report for a whole year once its last month has ended (after \(lastDay))"
        case let .notTwoYears(from, to):
            return "the report covers \(from) to \(to), not a year and the year before it, so it cannot be shown year against year"
        }
    }

    public var hint: String? {
        switch self {
        case .yearOutOfRange: return "write the year with four digits, e.g. --year 2025"
        case .yearNotStarted: return nil
        case .yearNotEnded(let year, _): return "the coordinator's own report shows the year to date: peerlog report annual --year \(year)"
        case .notTwoYears: return "an annual publication runs from January 1 of the year before to December 31 of the year: 'peerlog report publish --year YEAR'"
        }
    }

    public var exitStatus: ExitStatus {
        switch self {
        case .yearOutOfRange, .yearNotStarted: return .usage
        case .notTwoYears, .yearNotEnded: return .invalidData
        }
    }
}
