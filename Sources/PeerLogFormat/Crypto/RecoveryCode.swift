/// The one-time recovery code printed at set-up. It unwraps the program key like the coordinator
/// passphrase does, so a successor coordinator can take over if the passphrase is lost.
/// Format: see `HumanCode` and docs/FORMAT.md.
public struct RecoveryCode: Sendable {
    static let domain = Domain.recoveryCodeChecksum

    /// The canonical form (32 characters, no separators) as secret bytes: the KDF input.
    public let secret: SecretBytes

    /// A fresh random code, and the grouped form to print.
    public static func generate() throws -> (code: RecoveryCode, printable: String) {
        let (canonical, printable) = try HumanCode.generate(domain: domain)
        return (RecoveryCode(secret: canonical), printable)
    }

    /// - Throws: `InputError.malformedCode` when mistyped (wrong length, characters or checksum).
    public init(typed: SecretBytes) throws {
        secret = try HumanCode.parse(typed, domain: Self.domain, what: "recovery code")
    }

    private init(secret: SecretBytes) { self.secret = secret }
}
