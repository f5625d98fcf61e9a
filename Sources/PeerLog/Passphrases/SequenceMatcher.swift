import Foundation

/// Finds runs of evenly spaced characters, three or more: "abcd", "1234", "9876", "aceg", and
/// "1234567890" (digits wrap round, as on the keyboard's top row). A run costs its starting
/// character (few for the usual a, z, 0, 1, 9), times its length, times its step, times two
/// when it runs backwards.
enum SequenceMatcher {
    static let largestStep = 5

    static func matches(in units: UnsafeBufferPointer<UInt32>) -> [PatternMatch] {
        var found: [PatternMatch] = []
        var start = 0
        while start + 2 < units.count {
            guard let step = step(from: units[start], to: units[start + 1]) else {
                start += 1
                continue
            }
            var end = start + 1
            while end + 1 < units.count, self.step(from: units[end], to: units[end + 1]) == step { end += 1 }
            let length = end - start + 1
            if length >= 3 {
                found.append(PatternMatch(start: start, end: end, pattern: .sequence,
                                          log10Guesses: log10Guesses(first: units[start], length: length, step: step)))
            }
            start = end
        }
        return found
    }

    /// The step from `a` to `b` when both are the same kind of character and 1 to 5 apart.
    static func step(from a: UInt32, to b: UInt32) -> Int? {
        guard kind(a) == kind(b) else { return nil }
        var step = Int(b) - Int(a)
        if kind(a) == 2 {
            step = (step + 10) % 10 // 9 → 0 continues 7, 8, 9
            if step > 5 { step -= 10 }
        }
        guard step != 0, abs(step) <= largestStep else { return nil }
        return step
    }

    /// 0 small letters, 1 capitals, 2 digits, 3 anything else.
    private static func kind(_ unit: UInt32) -> Int {
        if PassphraseUnits.isASCIILowercase(unit) { return 0 }
        if PassphraseUnits.isASCIIUppercase(unit) { return 1 }
        if PassphraseUnits.isDigit(unit) { return 2 }
        return 3
    }

    static func log10Guesses(first: UInt32, length: Int, step: Int) -> Double {
        let obviousStarts: [UInt32] = [0x61, 0x7A, 0x30, 0x31, 0x39] // a z 0 1 9
        let starts: Double = obviousStarts.contains(PassphraseUnits.folded(first)) ? 4
            : PassphraseUnits.isDigit(first) ? 10 : 26
        return log10(starts * Double(length) * Double(abs(step)) * (step < 0 ? 2 : 1))
    }
}
