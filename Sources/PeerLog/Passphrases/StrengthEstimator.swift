import Foundation

/// Estimates how many guesses an attacker needs to find a passphrase, in the manner of zxcvbn
/// (Wheeler, "zxcvbn: Low-Budget Password Strength Estimation", USENIX Security 2016): find every
/// predictable piece (words, keyboard walks, repeats, sequences, years and dates), give each the
/// guesses an attacker trying that kind of piece needs, and take the cheapest reading of the whole.
///
/// It models an attacker who knows how people choose passphrases; it cannot see a passphrase
/// that is weak for a reason it does not model (a line of a song, a word in another language).
enum StrengthEstimator {
    /// Repeats inside repeated pieces are followed this deep, no deeper.
    static let deepestRepeat = 2
    /// Spaces and punctuation that join words.
    static let separators: [UInt32] = [0x20, 0x2D, 0x5F, 0x2E, 0x2C, 0x2F] // space - _ . , /

    /// - Parameters:
    ///   - knownNames: public names around the passphrase (program, coordinator, advisor).
    ///   - referenceYear: the current year, from which years are counted.
    /// - Throws: `CryptoError` only if secure memory cannot be allocated.
    static func estimate(_ passphrase: SecretBytes, knownNames: [String] = [], referenceYear: Int) throws -> PassphraseStrength {
        let units = try passphrase.withUnsafeBytes { try PassphraseUnits(decoding: $0) }
        let words = try DictionaryMatcher.matches(in: units, known: KnownWords(names: knownNames))
        return units.withUnits { units in
            let (log10Guesses, pieces, matches) = cheapestReading(units, words: words, referenceYear: referenceYear, depth: 0)
            return PassphraseStrength(log10Guesses: log10Guesses, pieces: describe(pieces, matches: matches))
        }
    }

    /// The cheapest reading of `units`, given the word matches found in them.
    private static func cheapestReading(_ units: UnsafeBufferPointer<UInt32>, words: [PatternMatch], referenceYear: Int,
                                        depth: Int) -> (Double, [MinimumGuessSearch.Piece], [PatternMatch]) {
        var matches = words
        matches += KeyboardMatcher.matches(in: units)
        matches += SequenceMatcher.matches(in: units)
        matches += DateMatcher.matches(in: units, referenceYear: referenceYear)
        for (index, unit) in units.enumerated() where separators.contains(unit) {
            matches.append(PatternMatch(start: index, end: index, pattern: .separator, log10Guesses: log10(2)))
        }
        if depth < deepestRepeat {
            for found in RepeatMatcher.repeats(in: units) {
                let pieceEnd = found.start + found.period - 1
                let pieceWords = words.filter { $0.start >= found.start && $0.end <= pieceEnd }.map {
                    PatternMatch(start: $0.start - found.start, end: $0.end - found.start, pattern: $0.pattern,
                                 log10Guesses: $0.log10Guesses)
                }
                let piece = UnsafeBufferPointer(rebasing: units[found.start...pieceEnd])
                let (pieceGuesses, _, _) = cheapestReading(piece, words: pieceWords, referenceYear: referenceYear, depth: depth + 1)
                matches.append(PatternMatch(start: found.start, end: found.end, pattern: .repeated,
                                            log10Guesses: pieceGuesses + log10(Double(found.copies))))
            }
        }
        let (log10Guesses, pieces) = MinimumGuessSearch.cheapestReading(length: units.count, matches: matches)
        return (log10Guesses, pieces, matches)
    }

    /// The patterns of the cheapest reading, as a person would name them: a "common password"
    /// that is also a shape ("qwertyuiop", "1qaz2wsx", "12345") is named by its shape, and several
    /// words together are dictionary words, whichever list each came from.
    private static func describe(_ pieces: [MinimumGuessSearch.Piece], matches: [PatternMatch]) -> [GuessPattern] {
        var patterns = pieces.map { piece -> GuessPattern in
            guard piece.pattern == .commonPassword else { return piece.pattern }
            return shape(ofStart: piece.start, end: piece.end, matches: matches) ?? piece.pattern
        }
        if patterns.filter({ $0 == .commonPassword || $0 == .dictionaryWord }).count > 1 {
            patterns = patterns.map { $0 == .commonPassword ? .dictionaryWord : $0 }
        }
        return patterns
    }

    /// The shape of `start...end`: a structural match of exactly that span (the cheapest), or else
    /// keyboard walks, sequences or repeats that together cover every character of it (parts of a
    /// walk are walks too), named by the kind that covers most of it.
    private static func shape(ofStart start: Int, end: Int, matches: [PatternMatch]) -> GuessPattern? {
        let cheapestFirst: (PatternMatch, PatternMatch) -> Bool = { $0.log10Guesses < $1.log10Guesses }
        if let exact = matches.filter({ $0.start == start && $0.end == end && $0.pattern.isStructural }).min(by: cheapestFirst) {
            return exact.pattern
        }
        let covering = matches.filter {
            [.keyboard, .sequence, .repeated].contains($0.pattern) && $0.start <= end && $0.end >= start
        }
        let coversAll = (start...end).allSatisfy { position in covering.contains { $0.start <= position && position <= $0.end } }
        guard coversAll else { return nil }
        var named: (pattern: GuessPattern, covered: Int)?
        for pattern in [GuessPattern.keyboard, .sequence, .repeated] {
            let covered = coverage(of: pattern, covering, start, end)
            if covered > (named?.covered ?? 0) { named = (pattern, covered) }
        }
        return named?.pattern
    }

    /// How many characters of `start...end` matches of `pattern` cover.
    private static func coverage(of pattern: GuessPattern, _ matches: [PatternMatch], _ start: Int, _ end: Int) -> Int {
        (start...end).filter { position in
            matches.contains { $0.pattern == pattern && $0.start <= position && position <= $0.end }
        }.count
    }
}
