internal import CSodium

/// An advisor's Ed25519 signing key (libsodium `crypto_sign`). Each form is signed by its advisor
/// before sealing, so a form forged by anyone holding only the public program key is detected.
public struct SigningKey: Sendable {
    public static let seedLength = Int(crypto_sign_SEEDBYTES)
    public static let publicKeyLength = Int(crypto_sign_PUBLICKEYBYTES)
    public static let signatureLength = Int(crypto_sign_BYTES)

    /// The 32-byte seed: what gets wrapped under the advisor's passphrase.
    public let seed: SecretBytes
    public let publicKey: [UInt8]
    private let secretKey: SecretBytes

    /// A fresh random signing key.
    public static func generate() throws -> SigningKey {
        try SigningKey(seed: SecretBytes.random(count: seedLength))
    }

    /// Re-creates the key from its seed.
    public init(seed: SecretBytes) throws {
        try Sodium.ensureReady()
        guard seed.count == Self.seedLength else {
            throw CryptoError.wrongSize(what: "signing seed", expected: Self.seedLength, actual: seed.count)
        }
        var publicKey = [UInt8](repeating: 0, count: Self.publicKeyLength)
        let secretKey = try SecretBytes(count: Int(crypto_sign_SECRETKEYBYTES))
        let status = secretKey.withUnsafeMutableBytes { sk in
            seed.withUnsafeBytes { s in
                crypto_sign_seed_keypair(&publicKey, sk.baseAddress!.assumingMemoryBound(to: UInt8.self),
                                         s.baseAddress!.assumingMemoryBound(to: UInt8.self))
            }
        }
        guard status == 0 else { throw CryptoError.operationFailed("signing key derivation") }
        self.seed = seed
        self.publicKey = publicKey
        self.secretKey = secretKey
    }

    /// A detached Ed25519 signature over `message`.
    public func sign(_ message: [UInt8]) throws -> [UInt8] {
        var signature = [UInt8](repeating: 0, count: Self.signatureLength)
        let status = secretKey.withUnsafeBytes { sk in
            crypto_sign_detached(&signature, nil, message, UInt64(message.count),
                                 sk.baseAddress!.assumingMemoryBound(to: UInt8.self))
        }
        guard status == 0 else { throw CryptoError.operationFailed("signing") }
        return signature
    }

    /// Whether `signature` is a valid signature of `message` by `publicKey`.
    public static func verify(_ signature: [UInt8], of message: [UInt8], publicKey: [UInt8]) -> Bool {
        guard signature.count == signatureLength, publicKey.count == publicKeyLength,
              (try? Sodium.ensureReady()) != nil else { return false }
        return crypto_sign_verify_detached(signature, message, UInt64(message.count), publicKey) == 0
    }
}
