internal import CSodium

/// Argon2id cost parameters, stored beside every wrapped key so they can be raised later.
///
/// Parameters read from a database are attacker-controlled: `validated()` caps them before any
/// hashing, so a doctored file cannot make PeerLog allocate gigabytes or spin for hours.
public struct KDFParameters: Sendable, Hashable {
    /// libsodium algorithm identifier; only Argon2id 1.3 is accepted.
    public let algorithm: Int
    public let opsLimit: Int
    public let memLimit: Int

    /// The largest memory cost accepted from storage (1 GiB).
    public static let maximumMemory = 1 << 30
    /// The largest operations cost accepted from storage.
    public static let maximumOps = 16

    public init(algorithm: Int, opsLimit: Int, memLimit: Int) {
        self.algorithm = algorithm
        self.opsLimit = opsLimit
        self.memLimit = memLimit
    }

    /// Argon2id 1.3 with the given costs.
    public init(opsLimit: Int, memLimit: Int) {
        self.init(algorithm: Int(crypto_pwhash_ALG_ARGON2ID13), opsLimit: opsLimit, memLimit: memLimit)
    }

    /// libsodium's INTERACTIVE limits: 64 MiB, about 0.06 s here. Used for advisor keys, which are
    /// unlocked on every filing.
    public static let interactive = KDFParameters(
        opsLimit: Int(crypto_pwhash_OPSLIMIT_INTERACTIVE), memLimit: Int(crypto_pwhash_MEMLIMIT_INTERACTIVE))
    /// libsodium's MODERATE limits: 256 MiB, about 0.4 s here. The default for the coordinator.
    public static let moderate = KDFParameters(
        opsLimit: Int(crypto_pwhash_OPSLIMIT_MODERATE), memLimit: Int(crypto_pwhash_MEMLIMIT_MODERATE))
    /// libsodium's SENSITIVE limits: 1 GiB, about 4 s here.
    public static let sensitive = KDFParameters(
        opsLimit: Int(crypto_pwhash_OPSLIMIT_SENSITIVE), memLimit: Int(crypto_pwhash_MEMLIMIT_SENSITIVE))
    /// The smallest limits libsodium allows. Only for tests and throw-away demos.
    public static let minimum = KDFParameters(
        opsLimit: Int(crypto_pwhash_OPSLIMIT_MIN), memLimit: Int(crypto_pwhash_MEMLIMIT_MIN))

    /// - Throws: `CryptoError.unacceptableKDFParameters` when outside the accepted range.
    public func validated() throws -> KDFParameters {
        guard algorithm == Int(crypto_pwhash_ALG_ARGON2ID13) else {
            throw CryptoError.unacceptableKDFParameters("unknown algorithm \(algorithm)")
        }
        guard opsLimit >= Int(crypto_pwhash_OPSLIMIT_MIN), opsLimit <= Self.maximumOps else {
            throw CryptoError.unacceptableKDFParameters("operations limit \(opsLimit) out of range")
        }
        guard memLimit >= Int(crypto_pwhash_MEMLIMIT_MIN), memLimit <= Self.maximumMemory else {
            throw CryptoError.unacceptableKDFParameters("memory limit \(memLimit) out of range")
        }
        return self
    }
}

/// Names a person can give for KDF strength on the command line.
public enum KDFStrength: String, CaseIterable, Sendable {
    case interactive, moderate, sensitive

    public var parameters: KDFParameters {
        switch self {
        case .interactive: return .interactive
        case .moderate: return .moderate
        case .sensitive: return .sensitive
        }
    }
}
