/// The least a passphrase must be. Argon2id slows guessing; it cannot rescue "1234".
public enum PassphrasePolicy {
    public static let minimumLength = 10
    public static let maximumLength = 1024

    /// - Throws: `InputError.badPassphrase` saying why (never echoing the passphrase).
    public static func check(_ passphrase: SecretBytes) throws {
        guard passphrase.count >= minimumLength else {
            throw InputError.badPassphrase("it must be at least \(minimumLength) characters long")
        }
        guard passphrase.count <= maximumLength else {
            throw InputError.badPassphrase("it is longer than \(maximumLength) bytes")
        }
        let hasControl = passphrase.withUnsafeBytes { bytes in bytes.contains { $0 < 0x20 || $0 == 0x7F } }
        guard !hasControl else { throw InputError.badPassphrase("it contains control characters") }
    }
}
