internal import CSodium

/// A secret key encrypted under a passphrase: Argon2id for the wrapping key, then
/// XChaCha20-Poly1305 with caller-chosen associated data (the matching public key), so a wrapped
/// key cannot be moved onto another public key without detection.
public struct WrappedSecret: Sendable, Hashable {
    public let kdf: KDFParameters
    public let salt: [UInt8]
    public let nonce: [UInt8]
    public let ciphertext: [UInt8]

    static let nonceLength = Int(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES)
    static let tagLength = Int(crypto_aead_xchacha20poly1305_ietf_ABYTES)

    public init(kdf: KDFParameters, salt: [UInt8], nonce: [UInt8], ciphertext: [UInt8]) {
        self.kdf = kdf
        self.salt = salt
        self.nonce = nonce
        self.ciphertext = ciphertext
    }

    /// Encrypts `secret` under `passphrase`.
    public static func wrap(_ secret: SecretBytes, passphrase: SecretBytes, kdf: KDFParameters,
                            associatedData: [UInt8]) throws -> WrappedSecret {
        try wrap(secret, passphrase: passphrase, kdf: kdf, associatedData: associatedData,
                 salt: Sodium.randomBytes(PassphraseKDF.saltLength), nonce: Sodium.randomBytes(nonceLength))
    }

    /// Encrypts `secret` with a given salt and nonce: for known-answer vectors only. A real wrap
    /// MUST use fresh random ones (the function above), or one passphrase's wraps could be linked.
    static func wrap(_ secret: SecretBytes, passphrase: SecretBytes, kdf: KDFParameters, associatedData: [UInt8],
                     salt: [UInt8], nonce: [UInt8]) throws -> WrappedSecret {
        guard nonce.count == nonceLength else { throw CryptoError.wrongSize(what: "wrapped-key nonce", expected: nonceLength, actual: nonce.count) }
        let key = try PassphraseKDF.deriveKey(from: passphrase, salt: salt, parameters: kdf)
        var ciphertext = [UInt8](repeating: 0, count: secret.count + tagLength)
        let status = secret.withUnsafeBytes { message in
            key.withUnsafeBytes { k in
                crypto_aead_xchacha20poly1305_ietf_encrypt(
                    &ciphertext, nil,
                    message.baseAddress!.assumingMemoryBound(to: UInt8.self), UInt64(message.count),
                    associatedData, UInt64(associatedData.count), nil,
                    nonce, k.baseAddress!.assumingMemoryBound(to: UInt8.self))
            }
        }
        guard status == 0 else { throw CryptoError.operationFailed("key wrapping") }
        return WrappedSecret(kdf: kdf, salt: salt, nonce: nonce, ciphertext: ciphertext)
    }

    /// Decrypts the secret.
    /// - Throws: `CryptoError.unwrapFailed` for a wrong passphrase or any alteration;
    ///   `CryptoError.unacceptableKDFParameters` before any hashing if the stored costs are absurd.
    public func unwrap(passphrase: SecretBytes, associatedData: [UInt8]) throws -> SecretBytes {
        try unwrap(passphrase: passphrase, candidates: [associatedData]).secret
    }

    /// Decrypts the secret under whichever of `candidates` it was wrapped with, deriving the key
    /// once: a wrap made before a format change is still opened, and the caller learns which.
    /// - Returns: the secret and the index of the associated data that authenticated it.
    /// - Throws: as `unwrap(passphrase:associatedData:)`.
    package func unwrap(passphrase: SecretBytes, candidates: [[UInt8]]) throws -> (secret: SecretBytes, index: Int) {
        _ = try kdf.validated()
        guard nonce.count == Self.nonceLength else {
            throw CryptoError.wrongSize(what: "wrapped-key nonce", expected: Self.nonceLength, actual: nonce.count)
        }
        guard ciphertext.count > Self.tagLength else { throw CryptoError.unwrapFailed }
        let key = try PassphraseKDF.deriveKey(from: passphrase, salt: salt, parameters: kdf)
        for (index, associatedData) in candidates.enumerated() {
            let secret = try SecretBytes(count: ciphertext.count - Self.tagLength)
            let status = secret.withUnsafeMutableBytes { out in
                key.withUnsafeBytes { k in
                    crypto_aead_xchacha20poly1305_ietf_decrypt(
                        out.baseAddress!.assumingMemoryBound(to: UInt8.self), nil, nil,
                        ciphertext, UInt64(ciphertext.count),
                        associatedData, UInt64(associatedData.count),
                        nonce, k.baseAddress!.assumingMemoryBound(to: UInt8.self))
                }
            }
            if status == 0 { return (secret, index) }
        }
        throw CryptoError.unwrapFailed
    }
}
