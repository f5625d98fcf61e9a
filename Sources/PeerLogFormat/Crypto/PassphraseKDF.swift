internal import CSodium

/// Turns a passphrase into a 32-byte wrapping key with Argon2id (libsodium `crypto_pwhash`).
enum PassphraseKDF {
    static let saltLength = Int(crypto_pwhash_SALTBYTES)
    static let keyLength = 32

    /// - Throws: `CryptoError.unacceptableKDFParameters` for out-of-range parameters (checked
    ///   before any work), `CryptoError.keyDerivationFailed` if libsodium fails.
    static func deriveKey(from passphrase: SecretBytes, salt: [UInt8], parameters: KDFParameters) throws -> SecretBytes {
        try Sodium.ensureReady()
        let parameters = try parameters.validated()
        guard salt.count == saltLength else {
            throw CryptoError.wrongSize(what: "KDF salt", expected: saltLength, actual: salt.count)
        }
        let key = try SecretBytes(count: keyLength)
        let status = key.withUnsafeMutableBytes { out in
            passphrase.withUnsafeBytes { pass in
                crypto_pwhash(
                    out.baseAddress!.assumingMemoryBound(to: UInt8.self), UInt64(keyLength),
                    pass.baseAddress!.assumingMemoryBound(to: CChar.self), UInt64(pass.count),
                    salt, UInt64(parameters.opsLimit), Int(parameters.memLimit), Int32(parameters.algorithm))
            }
        }
        guard status == 0 else { throw CryptoError.keyDerivationFailed }
        return key
    }
}
