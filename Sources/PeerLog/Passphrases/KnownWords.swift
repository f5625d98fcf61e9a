/// Words an attacker has without any word list: the words of the program's, the coordinator's
/// and the advisor's names (the roster is public by design), the example in PeerLog's own hint
/// (people copy examples) and the words PeerLog shows while asking ("coordinator passphrase").
/// Each gets a tiny rank, as if at the top of its own list.
struct KnownWords: Sendable {
    /// Words on PeerLog's own prompts, pages and guides, which come to mind while choosing.
    static let peerLogWords = ["passphrase", "password", "peerlog", "peer", "support", "program", "coordinator",
                               "advisor", "police", "department", "usage", "form"]

    struct Word: Sendable {
        /// Lowercase ASCII letters and digits.
        let letters: [UInt8]
        let rank: Int
        let pattern: GuessPattern
    }

    let words: [Word]

    /// - Parameter names: public names around the passphrase; split into words, lowercased;
    ///   words of fewer than two letters and anything not ASCII are left out.
    init(names: [String]) {
        var words: [Word] = []
        var seen: Set<[UInt8]> = []
        func add(_ letters: [UInt8], _ pattern: GuessPattern) {
            guard letters.count >= 2, seen.insert(letters).inserted else { return }
            words.append(Word(letters: letters, rank: words.filter { $0.pattern == pattern }.count + 1, pattern: pattern))
        }
        for name in names {
            for token in name.utf8.split(whereSeparator: { !Self.isWordByte($0) }) {
                add(token.map { (0x41...0x5A).contains($0) ? $0 + 0x20 : $0 }, .knownName)
            }
        }
        for example in PassphrasePolicy.hintExampleWords { add(Array(example.utf8), .hintExample) }
        for word in Self.peerLogWords { add(Array(word.utf8), .peerLogWord) }
        self.words = words
    }

    private static func isWordByte(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }
}
