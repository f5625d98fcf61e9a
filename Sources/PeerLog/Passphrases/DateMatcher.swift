import Foundation

/// Finds years (1900–2099) and dates, with or without separators: "1987", "2024", "12/05/1990",
/// "1990-05-12", "120590". A year costs its distance from the current year (at least 20: recent
/// years are tried first); a date, that times the days of a year, times four for the separator.
enum DateMatcher {
    static let years = 1900...2099
    static let minimumYearSpace = 20
    static let separators: [UInt32] = [0x2F, 0x2D, 0x2E, 0x5F, 0x20, 0x5C] // / - . _ space \

    /// A run of digits, as its value and its number of digits.
    private struct Part {
        let value: Int
        let digits: Int
    }

    static func matches(in units: UnsafeBufferPointer<UInt32>, referenceYear: Int) -> [PatternMatch] {
        var found: [PatternMatch] = []
        func yearSpace(_ year: Int) -> Double { Double(max(abs(year - referenceYear), minimumYearSpace)) }
        for start in units.indices {
            if let year = number(units, start, 4), years.contains(year.value) {
                found.append(PatternMatch(start: start, end: start + 3, pattern: .year, log10Guesses: log10(yearSpace(year.value))))
            }
            // Digits only: d-m-y, m-d-y or y-m-d run together.
            for length in 4...8 {
                guard number(units, start, length) != nil else { break }
                var best: Int?
                for first in 1...4 {
                    for second in 1...2 where length - first - second >= 1 {
                        let third = length - first - second
                        guard let a = number(units, start, first), let b = number(units, start + first, second),
                              let c = number(units, start + first + second, third),
                              let year = likeliestYear(a, b, c, referenceYear: referenceYear) else { continue }
                        if best.map({ abs($0 - referenceYear) > abs(year - referenceYear) }) ?? true { best = year }
                    }
                }
                if let year = best {
                    found.append(PatternMatch(start: start, end: start + length - 1, pattern: .date,
                                              log10Guesses: log10(yearSpace(year) * 365)))
                }
            }
            // With the same separator twice: 12/05/1990, 1990-05-12, 5.12.90.
            for first in 1...4 {
                guard let a = number(units, start, first) else { break }
                let separatorAt = start + first
                guard separatorAt < units.count, separators.contains(units[separatorAt]) else { continue }
                for second in 1...2 {
                    let secondSeparator = separatorAt + 1 + second
                    guard let b = number(units, separatorAt + 1, second), secondSeparator < units.count,
                          units[secondSeparator] == units[separatorAt] else { continue }
                    for third in [1, 2, 4] {
                        guard let c = number(units, secondSeparator + 1, third),
                              let year = likeliestYear(a, b, c, referenceYear: referenceYear) else { continue }
                        found.append(PatternMatch(start: start, end: secondSeparator + third, pattern: .date,
                                                  log10Guesses: log10(yearSpace(year) * 365 * 4)))
                    }
                }
            }
        }
        return found
    }

    /// The value of `length` digits at `start`, or nil if they are not all digits.
    private static func number(_ units: UnsafeBufferPointer<UInt32>, _ start: Int, _ length: Int) -> Part? {
        guard length > 0, start >= 0, start + length <= units.count else { return nil }
        var value = 0
        for unit in units[start..<start + length] {
            guard PassphraseUnits.isDigit(unit) else { return nil }
            value = value * 10 + Int(unit - 0x30)
        }
        return Part(value: value, digits: length)
    }

    /// The year of the reading of `a b c` as y-m-d, d-m-y or m-d-y that is a real date and
    /// closest to `referenceYear`, or nil if none is.
    private static func likeliestYear(_ a: Part, _ b: Part, _ c: Part, referenceYear: Int) -> Int? {
        var best: Int?
        for order in 0..<3 {
            // No array of readings: the parts are digits of the passphrase.
            let (yearPart, month, day) = order == 0 ? (a, b, c) : order == 1 ? (c, b, a) : (c, a, b)
            guard month.digits <= 2, day.digits <= 2, (1...12).contains(month.value), (1...31).contains(day.value),
                  let year = fullYear(yearPart, referenceYear: referenceYear)
            else { continue }
            if best.map({ abs($0 - referenceYear) > abs(year - referenceYear) }) ?? true { best = year }
        }
        return best
    }

    /// A year written with four digits (in range) or two (the nearest century that is not more
    /// than ten years ahead).
    private static func fullYear(_ part: Part, referenceYear: Int) -> Int? {
        switch part.digits {
        case 4: return years.contains(part.value) ? part.value : nil
        case 2:
            let century = referenceYear / 100 * 100
            return century + part.value <= referenceYear + 10 ? century + part.value : century - 100 + part.value
        default: return nil
        }
    }
}
