internal import CSodium

/// BLAKE2b-256 (libsodium `crypto_generichash`), for checksums and hash chains.
public enum Digest {
    public static func blake2b(_ message: [UInt8], length: Int = 32) throws -> [UInt8] {
        try Sodium.ensureReady()
        var out = [UInt8](repeating: 0, count: length)
        guard crypto_generichash(&out, length, message, UInt64(message.count), nil, 0) == 0 else {
            throw CryptoError.operationFailed("hashing")
        }
        return out
    }
}
