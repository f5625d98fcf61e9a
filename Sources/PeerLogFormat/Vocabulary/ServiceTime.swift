import Foundation

/// The date and time of service (SOG 2-13 IV.D.2), to the minute, with the UTC offset in force
/// where it was given, so reports group a form by the local calendar day it happened on no matter
/// where they are run.
public struct ServiceTime: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Seconds since 1970-01-01T00:00Z, always a whole minute.
    public let epochSeconds: Int64
    /// Minutes east of UTC at the place and moment of service.
    public let utcOffsetMinutes: Int16

    /// The largest offset any time zone uses is ±14 h.
    static let offsetRange: ClosedRange<Int16> = -14 * 60 ... 14 * 60

    public init(epochSeconds: Int64, utcOffsetMinutes: Int16) throws {
        guard Self.offsetRange.contains(utcOffsetMinutes) else {
            throw InputError.impossibleDate("UTC offset \(utcOffsetMinutes) minutes")
        }
        guard epochSeconds % 60 == 0, epochSeconds >= 0, epochSeconds < 32_503_680_000 else {
            throw InputError.impossibleDate("\(epochSeconds) seconds")
        }
        self.epochSeconds = epochSeconds
        self.utcOffsetMinutes = utcOffsetMinutes
    }

    private init(checkedEpochSeconds: Int64, utcOffsetMinutes: Int16) {
        epochSeconds = checkedEpochSeconds
        self.utcOffsetMinutes = utcOffsetMinutes
    }

    /// The current minute in `timeZone`.
    public static func now(in timeZone: TimeZone = .current, clock: Date = Date()) -> ServiceTime {
        let seconds = Int64(clock.timeIntervalSince1970.rounded(.down))
        let offset = Int16(timeZone.secondsFromGMT(for: clock) / 60)
        // The clock and the zone database, not input: a value outside the range is clamped.
        let clamped = min(max(seconds - seconds % 60, 0), 32_503_680_000 - 60)
        return ServiceTime(checkedEpochSeconds: clamped, utcOffsetMinutes: min(max(offset, offsetRange.lowerBound), offsetRange.upperBound))
    }

    /// Parses `YYYY-MM-DD HH:MM` in `timeZone`, or ISO 8601 `YYYY-MM-DDTHH:MM[:SS][Z|±HH:MM]`.
    /// - Throws: `InputError.malformedDate` / `.impossibleDate` (Feb 30, 25:00, a skipped DST hour).
    public init(parsing text: String, in timeZone: TimeZone = .current) throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let scalars = Array(trimmed.unicodeScalars)
        guard scalars.count >= 16, scalars[10] == " " || scalars[10] == "T" else {
            throw InputError.malformedDate(text)
        }
        let date = try CalendarDate(parsing: String(String.UnicodeScalarView(scalars[0..<10])), original: text)
        var rest = Array(scalars[11...])
        func number(_ digits: ArraySlice<Unicode.Scalar>) throws -> Int {
            guard !digits.isEmpty, digits.allSatisfy({ $0.properties.numericType == .decimal && $0.isASCII }),
                  let value = Int(String(String.UnicodeScalarView(digits))) else { throw InputError.malformedDate(text) }
            return value
        }
        guard rest.count >= 5, rest[2] == ":" else { throw InputError.malformedDate(text) }
        let hour = try number(rest[0..<2]), minute = try number(rest[3..<5])
        rest.removeFirst(5)
        var second = 0
        if rest.count >= 3, rest[0] == ":" {
            second = try number(rest[1..<3])
            rest.removeFirst(3)
        }
        var explicitOffset: Int?
        if !rest.isEmpty {
            guard scalars[10] == "T" else { throw InputError.malformedDate(text) }
            if rest == ["Z"] {
                explicitOffset = 0
            } else {
                guard rest[0] == "+" || rest[0] == "-" else { throw InputError.malformedDate(text) }
                let sign = rest[0] == "-" ? -1 : 1
                var body = Array(rest.dropFirst())
                if body.count == 5, body[2] == ":" { body.remove(at: 2) }
                guard body.count == 4 else { throw InputError.malformedDate(text) }
                let h = try number(body.prefix(2)), m = try number(body.suffix(2))
                guard h <= 14, m < 60 else { throw InputError.impossibleDate(text) }
                explicitOffset = sign * (h * 60 + m)
            }
        }
        guard hour < 24, minute < 60, second < 60 else { throw InputError.impossibleDate(text) }

        let zone = explicitOffset.flatMap { TimeZone(secondsFromGMT: $0 * 60) } ?? timeZone
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let components = DateComponents(year: date.year, month: date.month, day: date.day, hour: hour, minute: minute)
        guard let instant = calendar.date(from: components) else { throw InputError.impossibleDate(text) }
        // A wall-clock time skipped by a daylight-saving change does not round-trip.
        let back = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: instant)
        guard back.year == date.year, back.month == date.month, back.day == date.day,
              back.hour == hour, back.minute == minute else { throw InputError.impossibleDate(text) }
        let seconds = Int64(instant.timeIntervalSince1970.rounded(.down))
        try self.init(epochSeconds: seconds - seconds % 60,
                      utcOffsetMinutes: Int16(zone.secondsFromGMT(for: instant) / 60))
    }

    /// Refuses times more than a day after `now` (a typo, not a form for the future).
    public func checkedNotFuture(now: Date = Date(), original: String) throws -> ServiceTime {
        guard Double(epochSeconds) <= now.timeIntervalSince1970 + 86_400 else {
            throw InputError.futureDate(original)
        }
        return self
    }

    /// How far back a time of service may lie. Not the program's start: departments enter paper
    /// backlogs from before the database existed. But a form dated decades ago is a typo (1970 is
    /// what an empty date becomes), and it would stretch every default report period back to it.
    public static let maximumAgeInYears = 10

    /// Refuses a time of service more than a day after `now` or more than
    /// `maximumAgeInYears` before it, without repeating it (it is a form field).
    /// - Throws: `InputError.badServiceTime`.
    public func checkedPlausible(now: Date = Date()) throws -> ServiceTime {
        let nowSeconds = now.timeIntervalSince1970
        guard Double(epochSeconds) <= nowSeconds + 86_400 else {
            throw InputError.badServiceTime(why: "is more than a day in the future")
        }
        guard Double(epochSeconds) >= nowSeconds - Double(Self.maximumAgeInYears) * 365.25 * 86_400 else {
            throw InputError.badServiceTime(why: "is more than \(Self.maximumAgeInYears) years ago")
        }
        return self
    }

    /// The local calendar date of service (in the offset recorded with it).
    public var localDate: CalendarDate {
        let local = epochSeconds + Int64(utcOffsetMinutes) * 60
        return CalendarDate(daysSinceEpoch: Int(local.floorDiv(86_400)))
    }

    /// `YYYY-MM-DD HH:MM±HH:MM`, the local wall-clock time with its offset.
    public var description: String {
        let local = epochSeconds + Int64(utcOffsetMinutes) * 60
        let minuteOfDay = Int(local.floorMod(86_400) / 60)
        let sign = utcOffsetMinutes < 0 ? "-" : "+"
        let off = abs(Int(utcOffsetMinutes))
        return "\(localDate) \(twoDigits(minuteOfDay / 60)):\(twoDigits(minuteOfDay % 60))\(sign)\(twoDigits(off / 60)):\(twoDigits(off % 60))"
    }

    public static func < (a: ServiceTime, b: ServiceTime) -> Bool { a.epochSeconds < b.epochSeconds }
}

package func twoDigits(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

extension Int64 {
    package func floorDiv(_ d: Int64) -> Int64 { let q = self / d; return (self % d != 0 && (self < 0) != (d < 0)) ? q - 1 : q }
    package func floorMod(_ d: Int64) -> Int64 { self - floorDiv(d) * d }
}
