internal import CSodium

/// The key published reports are signed with: an Ed25519 key derived (libsodium
/// `crypto_kdf_derive_from_key`) from the program's first secret key, so only someone who can
/// unlock the program can sign, and the same key results every time without storing another secret.
enum PublishingKey {
    static let context = "PLpublsh"

    static func derive(from keyring: ProgramKeyring) throws -> SigningKey {
        guard let first = keyring.keys.keys.min(), let keys = keyring.keys[first] else {
            throw StoreError.inconsistent("no program key to derive the publishing key from")
        }
        let seed = try SecretBytes(count: SigningKey.seedLength)
        let status = seed.withUnsafeMutableBytes { out in
            keys.secretKey.withUnsafeBytes { master in
                context.withCString { ctx in
                    crypto_kdf_derive_from_key(out.baseAddress!.assumingMemoryBound(to: UInt8.self), SigningKey.seedLength, 1,
                                               ctx, master.baseAddress!.assumingMemoryBound(to: UInt8.self))
                }
            }
        }
        guard status == 0 else { throw CryptoError.operationFailed("publishing key derivation") }
        return try SigningKey(seed: seed)
    }
}
