/// What `audit verify` found wrong, each naming the first entry (or form) at fault.
public enum AuditFinding: Sendable, Hashable, CustomStringConvertible {
    case missingEntry(seq: Int64)
    case editedEntry(seq: Int64)
    case brokenLink(seq: Int64)
    case unknownHead(String)
    case entriesAfterHead(count: Int)
    case formNotInTrail(count: Int)
    case formMissing(count: Int)

    public var description: String {
        switch self {
        case let .missingEntry(seq): return "audit entry \(seq) is missing (deleted)"
        case let .editedEntry(seq): return "audit entry \(seq) was altered after it was written"
        case let .brokenLink(seq): return "audit entry \(seq) does not follow the entry before it (inserted, reordered or replaced)"
        case let .unknownHead(head): return "the trail does not contain the known head \(head): it was truncated or rewritten"
        case let .entriesAfterHead(count): return "\(count) entries were added after the known head (expected when PeerLog was used since)"
        case let .formNotInTrail(count): return "\(count) stored form(s) were never filed through PeerLog (inserted or replayed rows)"
        case let .formMissing(count): return "\(count) filed form(s) are missing from the database (deleted rows)"
        }
    }

    /// Entries after a known head are normal use; everything else is a problem.
    public var isProblem: Bool {
        if case .entriesAfterHead = self { return false }
        return true
    }
}

/// The result of verifying the audit trail.
public struct AuditVerification: Sendable {
    public let entries: Int
    public let forms: Int
    public let head: [UInt8]
    public let findings: [AuditFinding]
    public var isIntact: Bool { !findings.contains { $0.isProblem } }
}
