/// Failures of the cryptographic layer. Messages never include key material.
public enum CryptoError: PeerLogError, Equatable {
    /// libsodium could not be initialised (no entropy source, for instance).
    case libraryUnavailable
    /// A key or buffer had the wrong size for its algorithm.
    case wrongSize(what: String, expected: Int, actual: Int)
    /// A passphrase or recovery code did not open the wrapped key.
    case unwrapFailed
    /// Key derivation parameters stored beside a wrapped key are outside what PeerLog accepts.
    case unacceptableKDFParameters(String)
    /// The key derivation itself failed (usually: not enough memory).
    case keyDerivationFailed
    /// A sealed box did not open: flipped bytes, truncated, or sealed to another key.
    case sealedBoxRejected
    /// Padding inside an opened box was malformed.
    case badPadding
    /// A libsodium call reported an unexpected failure.
    case operationFailed(String)

    public var description: String {
        switch self {
        case .libraryUnavailable: return "the cryptography library (libsodium) could not be initialised"
        case let .wrongSize(what, expected, actual): return "\(what) must be \(expected) bytes, got \(actual)"
        case .unwrapFailed: return "the passphrase or code is not correct"
        case let .unacceptableKDFParameters(why): return "stored key-derivation parameters are refused: \(why)"
        case .keyDerivationFailed: return "key derivation failed (not enough memory?)"
        case .sealedBoxRejected: return "a sealed form failed authentication (altered, truncated, or sealed for another program)"
        case .badPadding: return "a sealed form has malformed padding"
        case let .operationFailed(what): return "cryptographic operation failed: \(what)"
        }
    }

    public var exitStatus: ExitStatus {
        switch self {
        case .unwrapFailed: return .notPermitted
        case .libraryUnavailable, .keyDerivationFailed, .operationFailed: return .internalError
        case .wrongSize, .unacceptableKDFParameters, .sealedBoxRejected, .badPadding: return .invalidData
        }
    }
}
