internal import CSodium

/// The program root: the Ed25519 key that vouches for everything the coordinator decides — each
/// program key, each roster entry, each command-staff credential, each setting, each publication,
/// and the audit head after every coordinator action. Whoever can write the database file but
/// cannot unlock the program cannot make these signatures, so a swapped key, a forged advisor or a
/// recomputed audit trail no longer passes as genuine.
///
/// It is derived (libsodium `crypto_kdf_derive_from_key`) from program key 1, the key every holder
/// of the program keyring unwraps (coordinator passphrase, recovery code), so no further secret is
/// stored and succession keeps working. Before it was called the root, the same key signed
/// published reports as the "publishing key", so every report ever published verifies under it.
package enum ProgramRoot {
    /// - Parameter secretKey: program key 1's X25519 secret key.
    package static func derive(fromFirstProgramKey secretKey: SecretBytes) throws -> SigningKey {
        guard secretKey.count == Int(crypto_kdf_KEYBYTES) else {
            throw CryptoError.wrongSize(what: "program secret key", expected: Int(crypto_kdf_KEYBYTES), actual: secretKey.count)
        }
        let seed = try SecretBytes(count: SigningKey.seedLength)
        let status = seed.withUnsafeMutableBytes { out in
            secretKey.withUnsafeBytes { master in
                Domain.rootKDFContext.withCString { ctx in
                    crypto_kdf_derive_from_key(out.baseAddress!.assumingMemoryBound(to: UInt8.self), SigningKey.seedLength,
                                               Domain.rootKDFSubkey, ctx, master.baseAddress!.assumingMemoryBound(to: UInt8.self))
                }
            }
        }
        guard status == 0 else { throw CryptoError.operationFailed("program root derivation") }
        return try SigningKey(seed: seed)
    }

    /// How people compare a root out of band: the first 8 bytes of its public key in lower-case
    /// hex, as `report latest` has always printed the publishing key.
    package static func fingerprint(_ publicKey: [UInt8]) -> String { hexString(Array(publicKey.prefix(8))) }
}
