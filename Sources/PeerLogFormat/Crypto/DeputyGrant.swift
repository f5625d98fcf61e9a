internal import CSodium

/// A program secret key given to a deputy coordinator: sealed (libsodium `crypto_box_seal`) to the
/// deputy's own X25519 public key, so that the coordinator can give every deputy a new program key
/// without knowing their passphrases (docs/FORMAT.md §3.4). 32 bytes of key, 48 of overhead.
package enum DeputyGrant {
    package static var length: Int { ProgramKeyPair.secretKeyLength + Int(crypto_box_sealbytes()) }

    package static func seal(_ programKey: ProgramKeyPair, to deputyPublicKey: [UInt8]) throws -> [UInt8] {
        try Sodium.ensureReady()
        guard deputyPublicKey.count == ProgramKeyPair.publicKeyLength else {
            throw CryptoError.wrongSize(what: "deputy public key", expected: ProgramKeyPair.publicKeyLength, actual: deputyPublicKey.count)
        }
        var sealed = [UInt8](repeating: 0, count: length)
        let status = programKey.secretKey.withUnsafeBytes { sk in
            crypto_box_seal(&sealed, sk.baseAddress!.assumingMemoryBound(to: UInt8.self), UInt64(ProgramKeyPair.secretKeyLength), deputyPublicKey)
        }
        guard status == 0 else { throw CryptoError.operationFailed("sealing a program key to a deputy") }
        return sealed
    }

    /// Opens a grant with the deputy's keypair and checks the key inside is the program key with
    /// `programPublicKey`, so a grant moved to another key's row is refused.
    /// - Throws: `CryptoError.sealedBoxRejected` for an altered grant or one sealed to someone else;
    ///   `CryptoError.operationFailed` when the key inside is not that program key.
    package static func open(_ sealed: [UInt8], deputy: ProgramKeyPair, programPublicKey: [UInt8]) throws -> ProgramKeyPair {
        try Sodium.ensureReady()
        guard sealed.count == length else { throw CryptoError.sealedBoxRejected }
        let secret = try SecretBytes(count: ProgramKeyPair.secretKeyLength)
        let status = secret.withUnsafeMutableBytes { out in
            deputy.secretKey.withUnsafeBytes { sk in
                crypto_box_seal_open(out.baseAddress!.assumingMemoryBound(to: UInt8.self), sealed, UInt64(sealed.count),
                                     deputy.publicKey, sk.baseAddress!.assumingMemoryBound(to: UInt8.self))
            }
        }
        guard status == 0 else { throw CryptoError.sealedBoxRejected }
        return try ProgramKeyPair(publicKey: programPublicKey, secretKey: secret)
    }
}
