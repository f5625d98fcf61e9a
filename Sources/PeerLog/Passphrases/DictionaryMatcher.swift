import Foundation
internal import CSodium

/// Finds words of the bundled lists and the known words in a passphrase: as typed, in capitals,
/// backwards, and with look-alike symbols ("p@ssw0rd"). A word costs its rank (an attacker tries
/// common words first), times the ways of capitalising it and of swapping in symbols, times two if
/// reversed.
enum DictionaryMatcher {
    /// Most spellings of one substring followed at once; beyond this, rarer ones are skipped
    /// (only ambiguous symbols such as "1" for i or l multiply them).
    static let maximumSpellings = 32

    /// The letters a look-alike symbol may stand for, 0 for none (a pair, not an array, so no
    /// piece of the passphrase lands in heap memory that is not wiped).
    static func lookAlikes(of unit: UInt32) -> (UInt32, UInt32) {
        switch unit {
        case 0x34, 0x40: return (0x61, 0) // 4 @ → a
        case 0x38: return (0x62, 0) // 8 → b
        case 0x28, 0x3C, 0x5B, 0x7B: return (0x63, 0) // ( < [ { → c
        case 0x33: return (0x65, 0) // 3 → e
        case 0x36, 0x39: return (0x67, 0) // 6 9 → g
        case 0x31, 0x7C: return (0x69, 0x6C) // 1 | → i l
        case 0x21: return (0x69, 0) // ! → i
        case 0x30: return (0x6F, 0) // 0 → o
        case 0x24, 0x35: return (0x73, 0) // $ 5 → s
        case 0x37, 0x2B: return (0x74, 0) // 7 + → t
        case 0x25: return (0x78, 0) // % → x
        case 0x32: return (0x7A, 0) // 2 → z
        default: return (0, 0)
        }
    }

    /// Whether `unit` (already folded to small letters) spells `letter`, as itself or a look-alike.
    static func spells(_ unit: UInt32, _ letter: UInt32) -> Bool {
        if unit == letter { return true }
        let (first, second) = lookAlikes(of: unit)
        return letter != 0 && (letter == first || letter == second)
    }

    static func matches(in passphrase: PassphraseUnits, known: KnownWords, table: WordTable = .shared) throws -> [PatternMatch] {
        var found: [PatternMatch] = []
        let count = passphrase.count
        passphrase.withUnits { units in scan(units, known: known, table: table, into: &found) }
        let backwards = try passphrase.reversed()
        backwards.withUnits { units in
            var reversedMatches: [PatternMatch] = []
            scan(units, known: known, table: table, into: &reversedMatches)
            for match in reversedMatches where !isPalindrome(units, match.start, match.end) {
                found.append(PatternMatch(start: count - 1 - match.end, end: count - 1 - match.start,
                                          pattern: match.pattern, log10Guesses: match.log10Guesses + log10(2)))
            }
        }
        return found
    }

    private static func scan(_ units: UnsafeBufferPointer<UInt32>, known: KnownWords, table: WordTable,
                             into found: inout [PatternMatch]) {
        // The hashes of the spellings being followed, in memory wiped afterwards: they are
        // derived from the passphrase.
        let current = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: maximumSpellings)
        let next = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: maximumSpellings)
        defer {
            for buffer in [current, next] {
                sodium_memzero(buffer.baseAddress!, buffer.count * MemoryLayout<UInt64>.stride)
                buffer.deallocate()
            }
        }
        var states = current, upcoming = next
        for start in units.indices {
            states[0] = WordTable.emptyHash
            var stateCount = 1
            for end in start..<min(units.count, start + table.longestWord) {
                let unit = PassphraseUnits.folded(units[end])
                guard unit < 0x80 else { break }
                var nextCount = 0
                let (first, second) = lookAlikes(of: unit)
                for state in 0..<stateCount {
                    for choice in 0..<3 {
                        let letter = choice == 0 ? unit : choice == 1 ? first : second
                        guard choice == 0 || letter != 0, nextCount < maximumSpellings else { continue }
                        upcoming[nextCount] = WordTable.extend(states[state], with: letter)
                        nextCount += 1
                    }
                }
                swap(&states, &upcoming)
                stateCount = nextCount
                for state in 0..<stateCount {
                    table.forEachWord(hash: states[state], length: end - start + 1) { word, rank, pattern in
                        if let variations = log10Variations(units, start, end, word: word) {
                            found.append(PatternMatch(start: start, end: end, pattern: pattern,
                                                      log10Guesses: log10(Double(rank)) + variations))
                        }
                    }
                }
            }
        }
        for word in known.words where word.letters.count <= units.count {
            for start in 0...(units.count - word.letters.count) {
                let end = start + word.letters.count - 1
                word.letters.withUnsafeBytes { letters in
                    if let variations = log10Variations(units, start, end, word: letters) {
                        found.append(PatternMatch(start: start, end: end, pattern: word.pattern,
                                                  log10Guesses: log10(Double(word.rank)) + variations))
                    }
                }
            }
        }
    }

    /// Whether `units[start...end]` spells `word` (capitals and look-alikes allowed, but at least
    /// one character as itself: "!" alone is not the word "i"), and if so log10 of the ways of
    /// capitalising it and of swapping in look-alikes.
    static func log10Variations(_ units: UnsafeBufferPointer<UInt32>, _ start: Int, _ end: Int,
                                word: UnsafeRawBufferPointer) -> Double? {
        guard word.count == end - start + 1 else { return nil }
        var capitals = 0, smalls = 0, asItself = 0
        for offset in 0..<word.count {
            let unit = units[start + offset], letter = UInt32(word[offset])
            let folded = PassphraseUnits.folded(unit)
            guard spells(folded, letter) else { return nil }
            if folded == letter { asItself += 1 }
            if PassphraseUnits.isASCIIUppercase(unit) { capitals += 1 }
            if PassphraseUnits.isASCIILowercase(unit) { smalls += 1 }
        }
        guard asItself > 0 else { return nil }
        let firstOrLast = PassphraseUnits.isASCIIUppercase(units[start]) || PassphraseUnits.isASCIIUppercase(units[end])
        var variations = GuessCounting.log10MarkingVariations(marked: capitals, plain: smalls, onlyFirstOrLast: firstOrLast)
        // Look-alikes, letter by letter: "p@ssw0rd" swaps a and o, each in every place it occurs.
        for letter in UInt32(0x61)...UInt32(0x7A) {
            var swapped = 0, plain = 0
            for offset in 0..<word.count where UInt32(word[offset]) == letter {
                if PassphraseUnits.folded(units[start + offset]) == letter { plain += 1 } else { swapped += 1 }
            }
            variations += GuessCounting.log10MarkingVariations(marked: swapped, plain: plain)
        }
        return variations
    }

    private static func isPalindrome(_ units: UnsafeBufferPointer<UInt32>, _ start: Int, _ end: Int) -> Bool {
        var low = start, high = end
        while low < high {
            if PassphraseUnits.folded(units[low]) != PassphraseUnits.folded(units[high]) { return false }
            low += 1
            high -= 1
        }
        return true
    }
}
