internal import CSodium

/// Secret material (keys, passphrases) in guarded memory that is wiped when released.
///
/// The bytes live in `sodium_malloc` memory (guard pages, locked where the limit allows) and are
/// zeroed by `sodium_free`. They are reachable only through `withUnsafeBytes`, never printed, never
/// `Codable`, never converted to `String` or `Data`.
/// - Warning: copying the bytes out of the closure defeats all of this; do not.
public final class SecretBytes: @unchecked Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    private let pointer: UnsafeMutableRawPointer
    public let count: Int

    /// Allocates `count` zeroed secret bytes.
    public init(count: Int) throws {
        try Sodium.ensureReady()
        guard let memory = sodium_malloc(max(count, 1)) else {
            throw CryptoError.operationFailed("secure memory allocation")
        }
        sodium_memzero(memory, max(count, 1))
        pointer = memory
        self.count = count
    }

    /// Copies `bytes` into secret memory and wipes the caller's buffer.
    public convenience init(consuming bytes: inout [UInt8]) throws {
        try self.init(count: bytes.count)
        bytes.withUnsafeMutableBytes { source in
            if let base = source.baseAddress {
                pointer.copyMemory(from: base, byteCount: source.count)
                sodium_memzero(base, source.count)
            }
        }
    }

    /// Fresh random secret bytes from libsodium's CSPRNG.
    public static func random(count: Int) throws -> SecretBytes {
        let secret = try SecretBytes(count: count)
        secret.withUnsafeMutableBytes { buffer in randombytes_buf(buffer.baseAddress!, count) }
        return secret
    }

    deinit { sodium_free(pointer) }

    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(start: pointer, count: count))
    }

    package func withUnsafeMutableBytes<R>(_ body: (UnsafeMutableRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeMutableRawBufferPointer(start: pointer, count: count))
    }

    /// Constant-time comparison with another secret.
    public func constantTimeEquals(_ other: SecretBytes) -> Bool {
        guard count == other.count else { return false }
        return withUnsafeBytes { a in other.withUnsafeBytes { b in sodium_memcmp(a.baseAddress!, b.baseAddress!, count) == 0 } }
    }

    /// A secret made of this one's bytes without trailing line ends (passphrase files).
    package func trimmingTrailingNewlines() throws -> SecretBytes {
        var end = count
        withUnsafeBytes { bytes in
            while end > 0, bytes[end - 1] == 0x0A || bytes[end - 1] == 0x0D { end -= 1 }
        }
        let trimmed = try SecretBytes(count: end)
        if end > 0 {
            trimmed.withUnsafeMutableBytes { target in
                target.baseAddress!.copyMemory(from: pointer, byteCount: end)
            }
        }
        return trimmed
    }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }
}

/// Constant-time comparison for tokens and hashes outside the crypto folder.
public enum ConstantTime {
    public static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool { Sodium.constantTimeEqual(a, b) }
}
