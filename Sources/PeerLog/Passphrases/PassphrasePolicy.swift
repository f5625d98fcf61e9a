import Foundation

/// What a new passphrase must be. Argon2id slows every guess; it cannot rescue a passphrase that
/// is among an attacker's first guesses ("Password123!", "coordinator passphrase").
///
/// Only new passphrases are checked (set up, enrolment, change, recovery); one that merely unlocks
/// is tried as given, so records made under an older, weaker rule still open.
public enum PassphrasePolicy {
    public static let minimumLength = 10
    public static let maximumLength = 1024

    /// The estimated guesses a new passphrase must need: 10^12, one bar for the coordinator and
    /// for advisors. Each passphrase guards either every form or an advisor's signing key, and a
    /// copied database can be attacked offline for as long as anyone likes (docs/DESIGN-DECISIONS.md).
    public static let minimumLog10Guesses = 12.0

    /// The words of the hint's example. Refused themselves: people copy examples.
    static let hintExampleWords = InputError.passphraseExampleWords

    /// What to do instead, for the refusal's hint.
    public static var hint: String { InputError.passphraseHint }

    /// - Parameter knownNames: the public names around the passphrase (the program's, the
    ///   coordinator's, the advisor's), which an attacker tries first.
    /// - Throws: `InputError.badPassphrase` saying why, never echoing the passphrase or any part
    ///   of it; `CryptoError` if secure memory cannot be allocated.
    public static func check(_ passphrase: SecretBytes, knownNames: [String] = []) throws {
        guard passphrase.count >= minimumLength else {
            throw InputError.badPassphrase("it must be at least \(minimumLength) characters long")
        }
        guard passphrase.count <= maximumLength else {
            throw InputError.badPassphrase("it is longer than \(maximumLength) bytes")
        }
        let hasControl = passphrase.withUnsafeBytes { bytes in bytes.contains { $0 < 0x20 || $0 == 0x7F } }
        guard !hasControl else { throw InputError.badPassphrase("it contains control characters") }
        let estimate = try strength(of: passphrase, knownNames: knownNames)
        guard estimate.log10Guesses >= minimumLog10Guesses else { throw InputError.badPassphrase(estimate.weakness) }
    }

    /// The estimate `check` holds against the bar, counting years from this year.
    /// - Throws: `CryptoError` if secure memory cannot be allocated.
    static func strength(of passphrase: SecretBytes, knownNames: [String] = []) throws -> PassphraseStrength {
        let year = Calendar(identifier: .gregorian).component(.year, from: Date())
        return try StrengthEstimator.estimate(passphrase, knownNames: knownNames, referenceYear: year)
    }
}
