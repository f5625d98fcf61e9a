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

extension Digest {
    /// BLAKE2b-256 of `prefix || secret`, reading the secret in place.
    package static func blake2b(prefix: [UInt8], secret: SecretBytes) throws -> [UInt8] {
        try Sodium.ensureReady()
        // The state struct is over-aligned and imported opaquely: give it aligned raw memory.
        let size = crypto_generichash_statebytes()
        let raw = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 64)
        defer {
            sodium_memzero(raw, size)
            raw.deallocate()
        }
        let state = OpaquePointer(raw)
        var out = [UInt8](repeating: 0, count: 32)
        guard crypto_generichash_init(state, nil, 0, 32) == 0,
              crypto_generichash_update(state, prefix, UInt64(prefix.count)) == 0,
              secret.withUnsafeBytes({ s in
                  crypto_generichash_update(state, s.baseAddress!.assumingMemoryBound(to: UInt8.self), UInt64(s.count))
              }) == 0,
              crypto_generichash_final(state, &out, 32) == 0 else {
            throw CryptoError.operationFailed("hashing")
        }
        return out
    }
}
