/// What `audit verify` found wrong, each naming the first entry (or row, or form) at fault.
public enum AuditFinding: Sendable, Hashable, CustomStringConvertible {
    case missingEntry(seq: Int64)
    case editedEntry(seq: Int64)
    case brokenLink(seq: Int64)
    case unknownHead(String)
    case entriesAfterHead(count: Int)
    case formNotInTrail(count: Int)
    case formMissing(count: Int)
    /// A row or a signed head that the program root did not sign as it stands.
    case tampered(TamperingError)
    /// Coordinator entries after the newest signed head: every coordinator action signs its head.
    case unsignedCoordinatorEntries(count: Int, after: Int64)
    /// Filing or purge entries after the newest signed head: only a coordinator action folds them in.
    case formEntriesAfterSignedHead(count: Int)
    /// Stored forms that the trail records as purged: put back from an older copy.
    case purgedFormPutBack(count: Int)
    /// Forms waiting to be folded into the trail whose sealed row is gone.
    case pendingFormMissing(count: Int)
    /// A program written before the root existed, not upgraded yet: its trail is not signed.
    case notRooted

    public var description: String {
        switch self {
        case let .missingEntry(seq): return "audit entry \(seq) is missing (deleted)"
        case let .editedEntry(seq): return "audit entry \(seq) was altered after it was written"
        case let .brokenLink(seq): return "audit entry \(seq) does not follow the entry before it (inserted, reordered or replaced)"
        case let .unknownHead(head): return "the trail does not contain the known head \(head): it was truncated or rewritten"
        case let .entriesAfterHead(count): return "\(count) entries were added after the known head (expected when PeerLog was used since)"
        case let .formNotInTrail(count): return "\(count) stored form(s) were never filed through PeerLog (inserted or replayed rows)"
        case let .formMissing(count): return "\(count) filed form(s) are missing from the database (deleted rows)"
        case let .tampered(error): return error.description
        case let .unsignedCoordinatorEntries(count, after):
            return "\(count) coordinator entr\(count == 1 ? "y" : "ies") after entry \(after), the newest the program root signed, carry no signature: they were added by someone else"
        case let .formEntriesAfterSignedHead(count):
            return "\(count) filing or purge entr\(count == 1 ? "y was" : "ies were") added after the newest signed head, which only a coordinator action does: they were added by someone else"
        case let .purgedFormPutBack(count):
            return "\(count) stored form(s) were purged earlier and put back (from an older copy)"
        case let .pendingFormMissing(count):
            return "\(count) form(s) filed since the last coordinator action are missing from the database (deleted rows)"
        case .notRooted:
            return "this program's records were written by an earlier PeerLog and are not signed yet (the coordinator runs 'peerlog upgrade')"
        }
    }

    /// Entries after a known head are normal use, and an un-upgraded program is reported, not
    /// failed; everything else is a problem.
    public var isProblem: Bool {
        switch self {
        case .entriesAfterHead, .notRooted: return false
        default: return true
        }
    }
}

/// The result of verifying the audit trail.
public struct AuditVerification: Sendable {
    public let entries: Int
    public let forms: Int
    /// Forms filed since the last coordinator action, not yet folded into the trail.
    public let pending: Int
    /// Void records stored: anyone may know that voids exist, not which forms they void.
    public let voids: Int
    public let head: [UInt8]
    /// The newest entry the program root signed, if any.
    public let signedThrough: Int64?
    /// The fingerprint of the root pinned in the file (compare it with the coordinator's).
    public let rootFingerprint: String?
    public let findings: [AuditFinding]
    public var isIntact: Bool { !findings.contains { $0.isProblem } }
}
