/// The process exit statuses PeerLog uses, shared by every front end.
///
/// The numbers follow BSD `sysexits.h` where one fits, so scripts can tell a usage mistake from
/// a refusal or a storage failure. A referral has its own status because it is an answer, not an
/// error.
public enum ExitStatus: Int32, Sendable {
    case success = 0
    case internalError = 1
    case referred = 3
    case usage = 64
    case invalidData = 65
    case ioError = 74
    case notPermitted = 77
}

/// An error PeerLog reports to a person: a plain message, an optional hint, an exit status.
///
/// - Warning: conforming types must never put a secret, a passphrase or form content into their
///   descriptions; the CLI prints them verbatim.
public protocol PeerLogError: Error, CustomStringConvertible, Sendable {
    /// What went wrong, in plain lowercase words.
    var description: String { get }
    /// What to do about it, if there is something useful to say.
    var hint: String? { get }
    var exitStatus: ExitStatus { get }
}

extension PeerLogError {
    public var hint: String? { nil }
}
