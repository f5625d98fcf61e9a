/// A void that cannot be made as asked. Exit status 65. Messages name the reference typed, never
/// what the form says.
public enum VoidError: PeerLogError, Equatable {
    case malformedReference(String)
    case unknownReference(String)
    case ambiguousReference(String, count: Int)
    case alreadyVoided(String)

    public var description: String {
        switch self {
        case let .malformedReference(text):
            return "'\(text)' is not a form reference: write the REF 'peerlog forms' shows (\(FormReference.minimumLength) or more hex digits)"
        case let .unknownReference(ref): return "no form has the reference \(ref)"
        case let .ambiguousReference(ref, count): return "\(count) forms begin with \(ref): the reference is ambiguous, nothing was voided"
        case let .alreadyVoided(ref): return "form \(ref) is already voided; nothing was changed"
        }
    }

    public var hint: String? {
        switch self {
        case .malformedReference, .unknownReference: return "'peerlog forms' lists every form with its REF"
        case .ambiguousReference: return "give more of the reference; 'peerlog forms' shows each form's REF in full"
        case .alreadyVoided: return "'peerlog forms' shows which forms are voided and why"
        }
    }

    public var exitStatus: ExitStatus { .invalidData }
}
