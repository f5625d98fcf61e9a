internal import CSodium

/// The program's X25519 keypair (libsodium `crypto_box`). Forms are sealed to the public key;
/// only the coordinator, holding the secret key, opens them.
public struct ProgramKeyPair: Sendable {
    public static let publicKeyLength = Int(crypto_box_PUBLICKEYBYTES)
    public static let secretKeyLength = Int(crypto_box_SECRETKEYBYTES)

    public let publicKey: [UInt8]
    public let secretKey: SecretBytes

    /// A fresh random keypair.
    public static func generate() throws -> ProgramKeyPair {
        try Sodium.ensureReady()
        var publicKey = [UInt8](repeating: 0, count: publicKeyLength)
        let secretKey = try SecretBytes(count: secretKeyLength)
        let status = secretKey.withUnsafeMutableBytes { sk in
            crypto_box_keypair(&publicKey, sk.baseAddress!.assumingMemoryBound(to: UInt8.self))
        }
        guard status == 0 else { throw CryptoError.operationFailed("program keypair generation") }
        return ProgramKeyPair(generatedPublicKey: publicKey, secretKey: secretKey)
    }

    /// Pairs an unwrapped secret key with its public key, checking that they belong together.
    public init(publicKey: [UInt8], secretKey: SecretBytes) throws {
        guard publicKey.count == Self.publicKeyLength else {
            throw CryptoError.wrongSize(what: "program public key", expected: Self.publicKeyLength, actual: publicKey.count)
        }
        guard secretKey.count == Self.secretKeyLength else {
            throw CryptoError.wrongSize(what: "program secret key", expected: Self.secretKeyLength, actual: secretKey.count)
        }
        var derived = [UInt8](repeating: 0, count: Self.publicKeyLength)
        let status = secretKey.withUnsafeBytes { sk in
            crypto_scalarmult_base(&derived, sk.baseAddress!.assumingMemoryBound(to: UInt8.self))
        }
        guard status == 0, Sodium.constantTimeEqual(derived, publicKey) else {
            throw CryptoError.operationFailed("program secret key does not match its public key")
        }
        self.publicKey = publicKey
        self.secretKey = secretKey
    }

    /// The keypair of a known secret key (known-answer vectors; a stored key is always opened
    /// with its public key, which the init above checks).
    init(secretKey: SecretBytes) throws {
        guard secretKey.count == Self.secretKeyLength else {
            throw CryptoError.wrongSize(what: "program secret key", expected: Self.secretKeyLength, actual: secretKey.count)
        }
        var derived = [UInt8](repeating: 0, count: Self.publicKeyLength)
        let status = secretKey.withUnsafeBytes { sk in
            crypto_scalarmult_base(&derived, sk.baseAddress!.assumingMemoryBound(to: UInt8.self))
        }
        guard status == 0 else { throw CryptoError.operationFailed("public key derivation") }
        self.init(generatedPublicKey: derived, secretKey: secretKey)
    }

    private init(generatedPublicKey publicKey: [UInt8], secretKey: SecretBytes) {
        self.publicKey = publicKey
        self.secretKey = secretKey
    }
}
