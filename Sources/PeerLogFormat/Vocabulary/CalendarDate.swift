/// A proleptic Gregorian calendar day, `YYYY-MM-DD`, used for `--from`/`--to` (inclusive),
/// training dates and report periods. Invalid days (Feb 30) cannot be constructed.
public struct CalendarDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    public init(year: Int, month: Int, day: Int) throws {
        guard (1970...9999).contains(year), (1...12).contains(month),
              (1...Self.daysIn(month: month, year: year)).contains(day) else {
            throw InputError.impossibleDate("\(year)-\(twoDigits(month))-\(twoDigits(day))")
        }
        self.year = year
        self.month = month
        self.day = day
    }

    /// A day already known to be valid (the first of a month of a valid date, say), without the
    /// checks that could only fail on input.
    package init(validYear year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses exactly `YYYY-MM-DD`.
    /// - Throws: `InputError.malformedDate` or `.impossibleDate`.
    public init(parsing text: String, original: String? = nil) throws {
        let shown = original ?? text
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.unicodeScalars.allSatisfy { $0.isASCII && $0.properties.numericType == .decimal } }),
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else {
            throw InputError.malformedDate(shown)
        }
        do { try self.init(year: y, month: m, day: d) } catch { throw InputError.impossibleDate(shown) }
    }

    /// The day `days` after 1970-01-01 (Howard Hinnant's civil-from-days algorithm).
    package init(daysSinceEpoch days: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        year = yoe + era * 400 + (m <= 2 ? 1 : 0)
        month = m
        day = d
    }

    /// Days since 1970-01-01.
    public var daysSinceEpoch: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public var quarter: Int { (month - 1) / 3 + 1 }

    /// The previous calendar day.
    public func dayBefore() throws -> CalendarDate {
        let previous = CalendarDate(daysSinceEpoch: daysSinceEpoch - 1)
        return try CalendarDate(year: previous.year, month: previous.month, day: previous.day)
    }

    package static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    public var description: String {
        let y = String(year)
        return String(repeating: "0", count: max(0, 4 - y.count)) + y + "-" + twoDigits(month) + "-" + twoDigits(day)
    }

    public static func < (a: CalendarDate, b: CalendarDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }
}
