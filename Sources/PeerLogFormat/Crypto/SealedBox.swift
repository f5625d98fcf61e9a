internal import CSodium

/// Anonymous public-key encryption (libsodium `crypto_box_seal`): anyone with the program public
/// key can seal; only the secret key opens. Authentication is built in, so a flipped byte fails.
enum SealedBox {
    static var overhead: Int { Int(crypto_box_sealbytes()) }

    static func seal(_ message: [UInt8], to publicKey: [UInt8]) throws -> [UInt8] {
        try Sodium.ensureReady()
        guard publicKey.count == ProgramKeyPair.publicKeyLength else {
            throw CryptoError.wrongSize(what: "program public key", expected: ProgramKeyPair.publicKeyLength, actual: publicKey.count)
        }
        var sealed = [UInt8](repeating: 0, count: message.count + overhead)
        guard crypto_box_seal(&sealed, message, UInt64(message.count), publicKey) == 0 else {
            throw CryptoError.operationFailed("sealing")
        }
        return sealed
    }

    /// - Throws: `CryptoError.sealedBoxRejected` for any alteration or a box sealed to another key.
    static func open(_ sealed: [UInt8], with keys: ProgramKeyPair) throws -> [UInt8] {
        try Sodium.ensureReady()
        guard sealed.count > overhead else { throw CryptoError.sealedBoxRejected }
        var message = [UInt8](repeating: 0, count: sealed.count - overhead)
        let status = keys.secretKey.withUnsafeBytes { sk in
            crypto_box_seal_open(&message, sealed, UInt64(sealed.count), keys.publicKey,
                                 sk.baseAddress!.assumingMemoryBound(to: UInt8.self))
        }
        guard status == 0 else { throw CryptoError.sealedBoxRejected }
        return message
    }
}
