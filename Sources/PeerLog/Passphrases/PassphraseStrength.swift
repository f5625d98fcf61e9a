/// How hard a passphrase is to guess, and what makes it easy: the estimate `PassphrasePolicy`
/// holds against its bar. It holds no character of the passphrase.
public struct PassphraseStrength: Sendable {
    /// log10 of the guesses an attacker needs: 12 means a trillion.
    public let log10Guesses: Double
    /// The kinds of piece it was read as, in order (separators included).
    let pieces: [GuessPattern]

    /// What makes it guessable, as the clause after "passphrase refused: ": plain words naming
    /// kinds of piece ("it is made of dictionary words and a year"), never any of its characters.
    public var weakness: String {
        let named = pieces.filter { $0 != .separator }
        guard !named.isEmpty else { return pieces.isEmpty ? "it is empty" : "it is only spaces and punctuation" }
        var kinds: [(pattern: GuessPattern, count: Int)] = []
        for pattern in named where pattern != .otherCharacters {
            if let index = kinds.firstIndex(where: { $0.pattern == pattern }) {
                kinds[index].count += 1
            } else {
                kinds.append((pattern, 1))
            }
        }
        let hasOthers = named.contains(.otherCharacters)
        if kinds.isEmpty { return "it is too short for a string of random characters" }
        if kinds.count == 1, kinds[0].count == 1, !hasOthers { return "it is " + Self.phrase(kinds[0].pattern, count: 1) }
        var parts = kinds.map { Self.phrase($0.pattern, count: $0.count) }
        if hasOthers { parts.append(Self.phrase(.otherCharacters, count: 1)) }
        let list = parts.count == 1 ? parts[0] : parts.dropLast().joined(separator: ", ") + " and " + parts[parts.count - 1]
        return "it is made of " + list
    }

    private static func phrase(_ pattern: GuessPattern, count: Int) -> String {
        let one = count == 1
        switch pattern {
        case .commonPassword: return one ? "a common password" : "common passwords"
        case .dictionaryWord: return one ? "a dictionary word" : "dictionary words"
        case .name: return one ? "a common name" : "common names"
        case .knownName: return one ? "a name from the program or its roster" : "names from the program or its roster"
        case .hintExample: return "the example words of PeerLog's hint"
        case .peerLogWord: return one ? "a word PeerLog itself uses" : "words PeerLog itself uses"
        case .keyboard: return one ? "a keyboard pattern" : "keyboard patterns"
        case .sequence: return one ? "a sequence" : "sequences"
        case .repeated: return one ? "a repeated pattern" : "repeated patterns"
        case .year: return one ? "a year" : "years"
        case .date: return one ? "a date" : "dates"
        case .separator: return one ? "a separator" : "separators"
        case .otherCharacters: return "a few other characters"
        }
    }
}
