import Foundation
import GRDB

extension PeerLogStore {
    /// Appends an audit entry inside the caller's write transaction, chained to the last one.
    /// - Parameter timed: false for form filings, which must not reveal when they happened.
    func appendAudit(_ db: Database, role: Role, action: String, outcome: String, formHash: [UInt8]? = nil,
                     timed: Bool = true, now: Date = Date()) throws {
        let last = try Row.fetchOne(db.cachedStatement(sql: "SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1"))
        let seq: Int64 = (last?["seq"] as Int64? ?? 0) + 1
        let prev = last.map { [UInt8]($0["hash"] as Data) } ?? AuditEvent.genesis
        let at = timed ? Self.auditTimestamp(now) : nil
        let hash = try AuditEvent.chainHash(prev: prev, seq: seq, at: at, role: role, action: action, outcome: outcome, formHash: formHash)
        try db.cachedStatement(sql: """
            INSERT INTO audit_event (seq, at, role, action, outcome, form_hash, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [seq, at, role.rawValue, action, outcome, formHash.map { Data($0) }, Data(prev), Data(hash)])
    }

    /// Records one audited action in its own transaction.
    public func audit(role: Role, action: String, outcome: String) throws {
        try write { db in try appendAudit(db, role: role, action: action, outcome: outcome) }
    }

    /// Records a referral: who asked (by role only) and that they were referred. Never the subject.
    public func recordReferral(role: Role, request: Request) throws {
        try audit(role: role, action: request.rawValue, outcome: "referred")
    }

    static func auditTimestamp(_ date: Date) -> String {
        let seconds = Int64(date.timeIntervalSince1970)
        let day = CalendarDate(daysSinceEpoch: Int(seconds.floorDiv(86_400)))
        let minute = Int(seconds.floorMod(86_400) / 60)
        return "\(day)T\(twoDigits(minute / 60)):\(twoDigits(minute % 60))Z"
    }

    /// The audit entries, oldest first, optionally from a UTC day on.
    public func auditEvents(from: CalendarDate? = nil) throws -> [AuditEvent] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM audit_event ORDER BY seq").compactMap { row in
                let event = AuditEvent(
                    seq: row["seq"], at: row["at"], role: Role(rawValue: row["role"]) ?? .anyone, action: row["action"],
                    outcome: row["outcome"], formHash: (row["form_hash"] as Data?).map { [UInt8]($0) },
                    prevHash: [UInt8](row["prev_hash"] as Data), hash: [UInt8](row["hash"] as Data))
                if let from, let at = event.at, at < from.description { return nil }
                return event
            }
        }
    }

    /// The hash of the newest entry: keep it somewhere else to detect a cut-off tail later.
    public func auditHead() throws -> (seq: Int64, hash: [UInt8]) {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1") else {
                return (0, AuditEvent.genesis)
            }
            return (row["seq"], [UInt8](row["hash"] as Data))
        }
    }

    /// Checks the whole chain, and that the stored forms are exactly the filed ones. Needs no key
    /// and reveals no content, so anyone may run it.
    /// - Parameter knownHead: a head recorded earlier (hex); detects a truncated or rewritten tail.
    public func verifyAudit(knownHead: String? = nil) throws -> AuditVerification {
        var findings: [AuditFinding] = []
        let (entries, formHashes) = try read { db -> ([Row], [[UInt8]]) in
            let entries = try Row.fetchAll(db, sql: "SELECT * FROM audit_event ORDER BY seq")
            let hashes = try Data.fetchAll(db, sql: "SELECT sealed FROM usage_form").map { try AuditEvent.formHash(of: [UInt8]($0)) }
            return (entries, hashes)
        }
        var expectedSeq: Int64 = 1
        var prev = AuditEvent.genesis
        var filed: [[UInt8]: Int] = [:]
        var seen: [[UInt8]: Int64] = [:]
        for row in entries {
            let seq: Int64 = row["seq"]
            let stored = [UInt8](row["hash"] as Data)
            let storedPrev = [UInt8](row["prev_hash"] as Data)
            let formHash = (row["form_hash"] as Data?).map { [UInt8]($0) }
            if findings.isEmpty {
                if seq != expectedSeq {
                    findings.append(.missingEntry(seq: expectedSeq))
                } else if !Sodium.constantTimeEqual(storedPrev, prev) {
                    findings.append(.brokenLink(seq: seq))
                } else {
                    let role = Role(rawValue: row["role"])
                    let computed = try role.map {
                        try AuditEvent.chainHash(prev: storedPrev, seq: seq, at: row["at"], role: $0, action: row["action"],
                                                 outcome: row["outcome"], formHash: formHash)
                    }
                    if computed == nil || !Sodium.constantTimeEqual(computed!, stored) {
                        findings.append(.editedEntry(seq: seq))
                    }
                }
            }
            if let formHash, row["action"] == "form-filed" { filed[formHash, default: 0] += 1 }
            if let formHash, row["action"] == "form-purged" { filed[formHash, default: 0] -= 1 }
            seen[stored] = seq
            prev = stored
            expectedSeq = seq + 1
        }
        var stored: [[UInt8]: Int] = [:]
        for hash in formHashes { stored[hash, default: 0] += 1 }
        let extra = stored.reduce(0) { $0 + max(0, $1.value - filed[$1.key, default: 0]) }
        let missing = filed.reduce(0) { $0 + max(0, $1.value - stored[$1.key, default: 0]) }
        if extra > 0 { findings.append(.formNotInTrail(count: extra)) }
        if missing > 0 { findings.append(.formMissing(count: missing)) }
        if let knownHead {
            let wanted = knownHead.lowercased()
            if let match = seen.first(where: { hexString($0.key) == wanted }) {
                let after = entries.count - Int(match.value)
                if after > 0 { findings.append(.entriesAfterHead(count: after)) }
            } else {
                findings.append(.unknownHead(knownHead))
            }
        }
        return AuditVerification(entries: entries.count, forms: formHashes.count, head: prev, findings: findings)
    }
}
