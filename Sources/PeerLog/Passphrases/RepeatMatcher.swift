/// Finds a piece written twice or more in a row: "aaaa", "abcabc", "passwordpassword", and a
/// copy cut short at the end ("abcabcab"). A repeat costs what its piece costs (estimated like a
/// passphrase of its own) times the number of copies, a cut-short one counting as one more.
enum RepeatMatcher {
    struct Repeat {
        let start: Int
        /// The length of the repeated piece.
        let period: Int
        /// How many units the copies cover, the last one perhaps cut short.
        let length: Int
        var end: Int { start + length - 1 }
        /// Whole copies, and one more for a copy cut short.
        var copies: Int { (length + period - 1) / period }
    }

    /// Every maximal run of copies, for each length of piece that is not itself a repeat.
    static func repeats(in units: UnsafeBufferPointer<UInt32>) -> [Repeat] {
        var found: [Repeat] = []
        guard units.count >= 2 else { return found }
        for period in 1...(units.count / 2) {
            var position = 0
            while position + period < units.count {
                guard units[position] == units[position + period] else {
                    position += 1
                    continue
                }
                let runStart = position
                while position + period < units.count, units[position] == units[position + period] { position += 1 }
                let length = position + period - runStart
                if length >= 2 * period, isPrimitive(units, start: runStart, period: period) {
                    found.append(Repeat(start: runStart, period: period, length: length))
                }
            }
        }
        return found
    }

    /// Whether the piece of `period` units at `start` is not itself a shorter piece repeated
    /// ("abab" is "ab" twice, and is found with period 2).
    private static func isPrimitive(_ units: UnsafeBufferPointer<UInt32>, start: Int, period: Int) -> Bool {
        for shorter in 1..<max(1, period) where period % shorter == 0 {
            var repeats = true
            for offset in 0..<(period - shorter) where units[start + offset] != units[start + offset + shorter] {
                repeats = false
                break
            }
            if repeats { return false }
        }
        return true
    }
}
