internal import CSodium

/// One-time libsodium initialisation. Every crypto entry point calls `Sodium.ensureReady()`.
package enum Sodium {
    private static let initialised: Bool = sodium_init() >= 0

    /// - Throws: `CryptoError.libraryUnavailable` if `sodium_init` failed.
    package static func ensureReady() throws {
        guard initialised else { throw CryptoError.libraryUnavailable }
    }

    /// Fills `count` bytes from libsodium's CSPRNG.
    package static func randomBytes(_ count: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        bytes.withUnsafeMutableBytes { buffer in
            if let base = buffer.baseAddress { randombytes_buf(base, count) }
        }
        return bytes
    }

    /// A uniform random integer in `0..<upperBound` from libsodium's CSPRNG.
    package static func randomUniform(_ upperBound: UInt32) -> UInt32 {
        randombytes_uniform(upperBound)
    }

    /// Constant-time equality for equal-length byte strings.
    package static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        if a.isEmpty { return true }
        return a.withUnsafeBytes { pa in
            b.withUnsafeBytes { pb in sodium_memcmp(pa.baseAddress!, pb.baseAddress!, a.count) == 0 }
        }
    }
}
