/// One entry of the audit trail, as stored.
public struct AuditEvent: Sendable, Hashable {
    public let seq: Int64
    /// UTC minute, `YYYY-MM-DDTHH:MMZ`; nil for form filings, which carry no time at all.
    public let at: String?
    public let role: Role
    public let action: String
    public let outcome: String
    /// For `form-filed`: BLAKE2b-256 of the sealed blob.
    public let formHash: [UInt8]?
    public let prevHash: [UInt8]
    public let hash: [UInt8]

    package init(seq: Int64, at: String?, role: Role, action: String, outcome: String, formHash: [UInt8]?, prevHash: [UInt8], hash: [UInt8]) {
        (self.seq, self.at, self.role, self.action, self.outcome) = (seq, at, role, action, outcome)
        (self.formHash, self.prevHash, self.hash) = (formHash, prevHash, hash)
    }

    package static let genesis = [UInt8](repeating: 0, count: 32)
    package static let context = Domain.auditEntry

    /// The bytes that are hashed: context, seq, then each field length-prefixed.
    package static func canonical(seq: Int64, at: String?, role: Role, action: String, outcome: String, formHash: [UInt8]?) -> [UInt8] {
        var out = context + bigEndian64(seq)
        for field in [at.map { Array($0.utf8) }, Array(role.rawValue.utf8), Array(action.utf8), Array(outcome.utf8), formHash] {
            if let field {
                out.append(1)
                out.append(UInt8(field.count))
                out += field
            } else {
                out.append(0)
            }
        }
        return out
    }

    package static func chainHash(prev: [UInt8], seq: Int64, at: String?, role: Role, action: String, outcome: String,
                          formHash: [UInt8]?) throws -> [UInt8] {
        try Digest.blake2b(prev + canonical(seq: seq, at: at, role: role, action: action, outcome: outcome, formHash: formHash))
    }

    /// The hash a sealed form is recorded under.
    package static func formHash(of sealed: [UInt8]) throws -> [UInt8] {
        try Digest.blake2b(Domain.formHash + sealed)
    }
}
