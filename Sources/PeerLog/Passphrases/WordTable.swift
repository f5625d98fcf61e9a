internal import CWordlists

/// The bundled frequency lists (`Sources/CWordlists/Wordlists/`, compiled in by the `CWordlists` target) in
/// one open-addressing hash table, built once on first use.
///
/// Lookups take a hash that the caller extends one letter at a time, so checking every substring
/// of a passphrase never builds a `String` or an array holding a piece of it.
final class WordTable: @unchecked Sendable {
    // @unchecked: every stored property is written once in `init` and only read afterwards; the
    // word bytes are the program's read-only data.

    /// The lists, in the order `wordlist.h` numbers them, and how a match in each is described.
    static let sources: [(list: Int32, pattern: GuessPattern)] = [
        (PEERLOG_WORDLIST_PASSWORDS, .commonPassword),
        (PEERLOG_WORDLIST_ENGLISH, .dictionaryWord),
        (PEERLOG_WORDLIST_FEMALE_NAMES, .name),
        (PEERLOG_WORDLIST_MALE_NAMES, .name),
        (PEERLOG_WORDLIST_SURNAMES, .name),
        (PEERLOG_WORDLIST_TV_AND_FILM, .dictionaryWord),
    ]

    static let shared = WordTable()

    struct Entry {
        /// Where the word starts in its list's bytes.
        var offset: UInt32 = 0
        /// Its line in the list: 1 for the most common word.
        var rank: UInt32 = 0
        /// High bits of the word's hash, to skip most other words without comparing bytes.
        var check: UInt32 = 0
        /// 0 marks an empty slot.
        var length: UInt8 = 0
        var source: UInt8 = 0
    }

    private let lists: [UnsafeRawBufferPointer]
    private let slots: [Entry]
    private let mask: Int
    /// The longest word in any list, so callers stop extending a substring beyond it.
    let longestWord: Int
    let wordCount: Int

    private init() {
        lists = Self.sources.map { source in
            var length = 0
            let bytes = peerlog_wordlist(source.list, &length)
            return UnsafeRawBufferPointer(start: bytes.map(UnsafeRawPointer.init), count: bytes == nil ? 0 : length)
        }
        var words: [(offset: Int, length: Int, rank: Int, source: Int)] = []
        for (source, bytes) in lists.enumerated() {
            var start = 0, rank = 0
            for (index, byte) in bytes.enumerated() where byte == 0x0A {
                let length = index - start
                if length > 0, length <= Int(UInt8.max) {
                    rank += 1
                    words.append((start, length, rank, source))
                }
                start = index + 1
            }
        }
        var capacity = 1
        while capacity < words.count * 2 { capacity *= 2 }
        var slots = [Entry](repeating: Entry(), count: capacity)
        mask = capacity - 1
        var longest = 0
        for word in words {
            let bytes = UnsafeRawBufferPointer(rebasing: lists[word.source][word.offset..<word.offset + word.length])
            let hash = bytes.reduce(Self.emptyHash) { Self.extend($0, with: UInt32($1)) }
            var slot = Self.slot(for: hash, mask: mask)
            var duplicate = false
            while slots[slot].length != 0 {
                if slots[slot].check == Self.check(hash), Int(slots[slot].length) == word.length,
                   Self.bytes(of: slots[slot], in: lists).elementsEqual(bytes) {
                    duplicate = true // the lists are meant to hold each word once; keep its first rank
                    break
                }
                slot = (slot + 1) & mask
            }
            if duplicate { continue }
            slots[slot] = Entry(offset: UInt32(word.offset), rank: UInt32(word.rank), check: Self.check(hash),
                                length: UInt8(word.length), source: UInt8(word.source))
            longest = max(longest, word.length)
        }
        self.slots = slots
        longestWord = longest
        wordCount = words.count
    }

    // MARK: - Hashing (FNV-1a, 64 bits)

    static let emptyHash: UInt64 = 0xCBF2_9CE4_8422_2325

    /// The hash of a word one letter longer. Only ASCII reaches the table; callers stop earlier.
    static func extend(_ hash: UInt64, with unit: UInt32) -> UInt64 {
        (hash ^ UInt64(unit & 0xFF)) &* 0x0000_0100_0000_01B3
    }

    private static func slot(for hash: UInt64, mask: Int) -> Int {
        Int(truncatingIfNeeded: hash ^ (hash >> 29)) & mask
    }

    private static func check(_ hash: UInt64) -> UInt32 { UInt32(truncatingIfNeeded: hash >> 32) }

    private static func bytes(of entry: Entry, in lists: [UnsafeRawBufferPointer]) -> UnsafeRawBufferPointer {
        let start = Int(entry.offset)
        return UnsafeRawBufferPointer(rebasing: lists[Int(entry.source)][start..<start + Int(entry.length)])
    }

    // MARK: - Lookup

    /// Calls `body` with each word of `length` letters whose hash is `hash` (almost always the
    /// one word, if any, spelled that way; the caller compares the letters to be sure).
    func forEachWord(hash: UInt64, length: Int, _ body: (_ word: UnsafeRawBufferPointer, _ rank: Int, _ pattern: GuessPattern) -> Void) {
        let check = Self.check(hash)
        var slot = Self.slot(for: hash, mask: mask)
        while slots[slot].length != 0 {
            let entry = slots[slot]
            if entry.check == check, Int(entry.length) == length {
                body(Self.bytes(of: entry, in: lists), Int(entry.rank), Self.sources[Int(entry.source)].pattern)
            }
            slot = (slot + 1) & mask
        }
    }
}
