import Foundation
import Testing
@testable import PeerLog

@Suite("Passphrase strength: weak ones refused for the right reason, strong ones accepted, odd input measured")
struct PassphraseStrengthTests {
    /// A passphrase an attacker reaches early, and words its refusal must use.
    struct Weak: CustomTestStringConvertible, Sendable {
        let passphrase: String
        let reason: String
        var knownNames: [String] = []
        var testDescription: String {
            let shown = passphrase.count > 40 ? String(passphrase.prefix(40)) + "…" : passphrase
            return "\(shown.debugDescription) → \(reason)"
        }
    }

    static let weak: [Weak] = [
        // Common passwords, and the ways people dress them up.
        Weak(passphrase: "Password123!", reason: "a common password"),
        Weak(passphrase: "P@ssw0rd2024", reason: "a common password and a year"),
        Weak(passphrase: "letmein12345", reason: "a common password and a sequence"),
        Weak(passphrase: "PASSWORD2024", reason: "a common password and a year"),
        Weak(passphrase: "drowssap1234", reason: "a common password"),
        Weak(passphrase: "Summer2024!!", reason: "a common password, a year"),
        Weak(passphrase: "iloveyou1987!", reason: "a common password, a year"),
        // Keyboard walks.
        Weak(passphrase: "qwertyuiop[]", reason: "it is a keyboard pattern"),
        Weak(passphrase: "1qaz2wsx3edc", reason: "a keyboard pattern"),
        Weak(passphrase: "zxcvbnm,./asdfgh", reason: "keyboard pattern"),
        Weak(passphrase: "poiuytrewq", reason: "it is a keyboard pattern"),
        // Repeats.
        Weak(passphrase: "aaaaaaaaaaaa", reason: "it is a repeated pattern"),
        Weak(passphrase: "abcabcabcabc", reason: "it is a repeated pattern"),
        Weak(passphrase: "ZQXJ!ZQXJ!ZQXJ!", reason: "it is a repeated pattern"),
        Weak(passphrase: "            ", reason: "it is a repeated pattern"),
        Weak(passphrase: String(String(repeating: "kettle orbit ", count: 80).prefix(1000)), reason: "it is a repeated pattern"),
        // Sequences.
        Weak(passphrase: "1234567890ab", reason: "a sequence"),
        Weak(passphrase: "abcdefghijklm", reason: "it is a sequence"),
        Weak(passphrase: "9876543210", reason: "it is a sequence"),
        // Dictionary words, names, years and dates.
        Weak(passphrase: "summer vacation 2024", reason: "it is made of dictionary words and a year"),
        Weak(passphrase: "coordinator passphrase", reason: "it is made of words PeerLog itself uses"),
        Weak(passphrase: "correct horse battery", reason: "it is made of dictionary words"),
        Weak(passphrase: "jennifer smith 12/05/1990", reason: "a date"),
        Weak(passphrase: "michaeljohnson", reason: "it is made of common names"),
        // What an attacker knows without any list: the names on the roster, and PeerLog's hint.
        Weak(passphrase: "passphrase of Sgt. Ana Ortiz", reason: "names",
             knownNames: ["Joplin PD Peer Support", "Capt. Dana Reyes", "Sgt. Ana Ortiz"]),
        Weak(passphrase: "Joplin peer support 2026", reason: "names", knownNames: ["Joplin PD Peer Support"]),
        Weak(passphrase: PassphrasePolicy.hintExampleWords.joined(separator: " "), reason: "the example words of PeerLog's hint"),
        // Long enough, but random for only ten characters.
        Weak(passphrase: "x7#kQ9!vpZ", reason: "it is too short for a string of random characters"),
    ]

    static let strong = [
        "kettle orbit tulip gravel",
        "Kettle-Orbit-Tulip-Gravel",
        "mosaic fjord lagoon quarry plinth",
        "heron bramble cobalt sundial",
        "q8$Vn2!xLr#7pWz0@mTk",
        "Ztr9vKq2wYp4XsLm8JcB",
        "correct horse battery staple kayak",
    ]

    @Test("a weak passphrase is refused, naming its weakness", arguments: weak)
    func weakPassphraseIsRefused(_ example: Weak) throws {
        do {
            try PassphrasePolicy.check(secret(example.passphrase), knownNames: example.knownNames)
            Issue.record("accepted; estimated 10^\(try estimate(example.passphrase, example.knownNames))")
        } catch let error as InputError {
            guard case let .badPassphrase(why) = error else { throw error }
            #expect(why.contains(example.reason), "refused with \"\(why)\"")
            #expect(error.hint == PassphrasePolicy.hint)
        }
    }

    @Test("a strong passphrase is accepted", arguments: strong)
    func strongPassphraseIsAccepted(_ passphrase: String) throws {
        try PassphrasePolicy.check(secret(passphrase), knownNames: ["Joplin PD Peer Support", "Capt. Dana Reyes"])
    }

    /// Twenty characters drawn at random from the printable ASCII characters: random strings of
    /// that length pass, whatever words or patterns turn up in them by chance.
    @Test func randomTwentyCharacterStringsAreAccepted() throws {
        var rng = SplitMix64(seed: 0x5354_5245_4E47_5448)
        for _ in 0..<40 {
            let text = String(decoding: (0..<20).map { _ in UInt8(rng.int(0x21...0x7E)) }, as: UTF8.self)
            let guesses = try estimate(text)
            #expect(guesses >= PassphrasePolicy.minimumLog10Guesses, "\(text.debugDescription): 10^\(guesses)")
        }
    }

    /// Four words drawn at random from beyond the 2,000 most common English words pass; three of
    /// the 2,000 most common do not.
    @Test func fourRandomWordsPassThreeCommonOnesDoNot() throws {
        let words = try String(contentsOf: Self.wordlist("english.txt"), encoding: .utf8).split(separator: "\n")
        let common = Array(words.prefix(2000)), rarer = Array(words.dropFirst(2000).prefix(8000))
        var rng = SplitMix64(seed: 0x574F_5244_53)
        for _ in 0..<20 {
            let four = (0..<4).map { _ in String(rng.pick(rarer)) }.joined(separator: " ")
            #expect(try estimate(four) >= PassphrasePolicy.minimumLog10Guesses, "\(four)")
            let three = (0..<3).map { _ in String(rng.pick(common)) }.joined(separator: " ")
            #expect(try estimate(three) < PassphrasePolicy.minimumLog10Guesses, "\(three)")
        }
    }

    /// Neither the message nor the hint holds the passphrase or any piece of it: the hint is the
    /// same for every refusal, every word of both comes from a fixed vocabulary, and the
    /// distinctive token in some cases never shows.
    @Test("a refusal never echoes the passphrase", arguments: weak + [
        Weak(passphrase: "ZQXJ password", reason: ""), Weak(passphrase: "qwertyZQXJ", reason: ""),
        Weak(passphrase: "ZQXJ 1990-05-12", reason: ""), Weak(passphrase: "short", reason: ""),
        Weak(passphrase: "ZQXJ\tpassphrase", reason: ""), Weak(passphrase: "ZQXJ ana ortiz", reason: "", knownNames: ["Ana Ortiz"]),
    ])
    func refusalNeverEchoesThePassphrase(_ example: Weak) throws {
        let error = try #require(throws: InputError.self) {
            try PassphrasePolicy.check(secret(example.passphrase), knownNames: example.knownNames)
        }
        #expect(!error.description.lowercased().contains(example.passphrase.lowercased()))
        #expect(error.hint == PassphrasePolicy.hint)
        let output = error.description + "\n" + (error.hint ?? "")
        #expect(!output.lowercased().contains("zqxj"))
        let vocabulary = Set(Self.vocabulary.split(separator: " ").map(String.init))
        let words = output.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
        #expect(words.filter { !vocabulary.contains($0) } == [], "\(output)")
    }

    /// Every word a refusal may use (messages of the length, control and strength checks, and
    /// the hint). A word of the passphrase could only reach the output by being one of these.
    static let vocabulary = """
        passphrase refused it is a an the of and made must be at least 10 characters long longer than 1024 bytes \
        contains control common password passwords dictionary word words name names from program its roster s \
        example peerlog hint itself uses keyboard pattern patterns sequence sequences repeated year years date dates \
        few other too short for string random only spaces punctuation empty use four or more unrelated like choose \
        your own walnut glacier anchor velvet
        """

    @Test func capitalsAndLookAlikesAddLittle() throws {
        let plain = try estimate("password")
        #expect(plain < 1)
        #expect(try estimate("Password") - plain <= log10(2) + 1e-9)
        #expect(try estimate("PASSWORD") - plain <= log10(2) + 1e-9)
        #expect(try estimate("P@ssw0rd") - plain <= log10(16) + 1e-9)
        #expect(try estimate("drowssap") - plain <= log10(2) + 1e-9)
        let capitalised = try estimate("Password"), mixed = try estimate("pAsSwOrD")
        #expect(mixed > capitalised, "a mix of capitals costs more than the first one")
    }

    @Test func yearsAndDatesAreCheap() throws {
        #expect(try estimate("2024", year: 2026) == log10(20))
        #expect(try estimate("1987", year: 2026) == log10(39))
        #expect(try estimate("12/05/1990", year: 2026) < log10(36 * 365 * 4) + 1e-9)
        #expect(try estimate("19900512", year: 2026) < log10(36 * 365) + 1e-9)
    }

    /// Empty, longest, invalid UTF-8, only spaces, emoji, NULs and seeded random bytes: the
    /// estimator measures them all, and the policy either accepts or refuses with an input error.
    @Test func oddInputIsMeasuredNeverTrappedOn() throws {
        var inputs: [[UInt8]] = [
            [], Array(repeating: 0x61, count: 1024), Array(repeating: 0x20, count: 12), [0xFF, 0xFE, 0xC0, 0x80, 0xED, 0xA0, 0x80],
            Array("🙂🙂🙂🙂🙂🙂🙂🙂".utf8), Array("👩‍👩‍👧 kettle 🇺🇸 orbit".utf8), [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
            Array(repeating: 0xF0, count: 1024), Array("ab".utf8) + Array(repeating: 0x80, count: 1022),
            Array(String(repeating: "1qaz2wsx", count: 128).utf8), Array(String(repeating: "P@ssw0rd 1990-05-12 ", count: 51).utf8),
        ]
        var rng = SplitMix64(seed: 0x4F44_4420_494E_5055)
        for _ in 0..<48 { inputs.append(rng.bytes(rng.int(0...1024))) }
        for _ in 0..<16 { inputs.append(Array(String((0..<rng.int(0...300)).map { _ in rng.pick(Array("aA1!@4$0 -./qwe")) }).utf8)) }
        for bytes in inputs {
            var copy = bytes
            let passphrase = try SecretBytes(consuming: &copy)
            let strength = try PassphrasePolicy.strength(of: passphrase, knownNames: ["Sgt. Ana Ortiz"])
            #expect(strength.log10Guesses.isFinite && strength.log10Guesses >= 0, "\(bytes.prefix(16))…")
            #expect(!strength.weakness.isEmpty)
            do {
                try PassphrasePolicy.check(passphrase)
            } catch let error as InputError {
                guard case .badPassphrase = error else { throw error }
            }
        }
    }

    /// The names around a passphrase are tried first: the roster is public.
    @Test func theNamesAroundAPassphraseAreTriedFirst() throws {
        let names = ["Joplin PD Peer Support", "Capt. Dana Reyes", "Sgt. Ana Ortiz"]
        let passphrase = "Ortiz Joplin Reyes Dana"
        #expect(try estimate(passphrase) >= PassphrasePolicy.minimumLog10Guesses, "strong for a stranger")
        #expect(try estimate(passphrase, names) < PassphrasePolicy.minimumLog10Guesses - 4)
        #expect(throws: InputError.badPassphrase("it is made of names from the program or its roster")) {
            try PassphrasePolicy.check(secret(passphrase), knownNames: names)
        }
    }

    /// Only new passphrases are held to the bar: one chosen before it (the frozen version-1
    /// database's coordinator passphrase is below it) still opens what it protects.
    @Test func passphrasesChosenBeforeTheBarStillUnlock() throws {
        let frozen = try FrozenDatabaseTests.Frozen("v1")
        #expect(throws: InputError.self) { try PassphrasePolicy.check(frozen.secretFile("coordinator.passphrase")) }
        #expect(try frozen.coordinatorKeyring().keys.count >= 1)
    }

    /// The bundled lists are in the program and in rank order.
    @Test func wordListsAreBundled() throws {
        #expect(WordTable.shared.wordCount > 70_000)
        #expect(WordTable.shared.longestWord >= 20)
        #expect(try estimate("password") == log10(2), "the second most common password")
        #expect(try estimate("smith") == 0, "the most common surname")
    }

    // MARK: - Helpers

    private func estimate(_ text: String, _ knownNames: [String] = [], year: Int = 2026) throws -> Double {
        try StrengthEstimator.estimate(secret(text), knownNames: knownNames, referenceYear: year).log10Guesses
    }

    static func wordlist(_ name: String) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/CWordlists/Wordlists/\(name)")
    }
}
