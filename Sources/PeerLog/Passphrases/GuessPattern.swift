/// The kinds of predictable piece a passphrase can be made of, as the refusal names them.
enum GuessPattern: String, Sendable, Hashable {
    /// A word from the list of passwords people actually chose.
    case commonPassword
    /// A word from the list of common English words.
    case dictionaryWord
    /// A common first name or surname.
    case name
    /// A word of the program's, the coordinator's or the advisor's name (public: the roster is).
    case knownName
    /// A word of the example that PeerLog's own hint shows.
    case hintExample
    /// A word PeerLog itself puts in front of the person choosing: "passphrase", "coordinator".
    case peerLogWord
    /// Keys next to each other on a QWERTY keyboard: "qwerty", "1qaz", "zxcvbn".
    case keyboard
    /// Evenly spaced characters: "abcd", "1234", "9876", "aceg".
    case sequence
    /// A piece repeated: "aaaa", "abcabc".
    case repeated
    /// A year such as 1987 or 2024.
    case year
    /// A date such as 12/05/1990 or 19900512.
    case date
    /// A space or punctuation mark between other pieces.
    case separator
    /// Characters that fit no pattern, counted as if chosen at random.
    case otherCharacters

    /// Whether a piece of this kind counts towards the number of pieces (separators do not: a
    /// space between words adds almost nothing an attacker would not try anyway).
    var countsAsPiece: Bool { self != .separator }

    /// Patterns that describe a piece's shape rather than a word list.
    var isStructural: Bool { [.keyboard, .sequence, .repeated, .year, .date].contains(self) }
}

/// One way to read `start...end` of a passphrase (unit positions), with the number of guesses an
/// attacker who tries that kind of piece needs to reach it.
struct PatternMatch: Sendable {
    let start: Int
    let end: Int
    let pattern: GuessPattern
    let log10Guesses: Double

    var length: Int { end - start + 1 }
}
