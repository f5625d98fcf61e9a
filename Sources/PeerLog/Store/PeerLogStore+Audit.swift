import Foundation
import GRDB

extension PeerLogStore {
    /// Appends an audit entry inside the caller's write transaction, chained to the last one.
    /// - Parameter timed: false for form filings and purges, which must not reveal when they happened.
    func appendAudit(_ db: Database, role: Role, action: String, outcome: String, formHash: [UInt8]? = nil,
                     timed: Bool = true, now: Date = Date()) throws {
        let last = try chainHead(db)
        let seq = last.seq + 1
        let at = timed ? Self.auditTimestamp(now) : nil
        let hash = try AuditEvent.chainHash(prev: last.hash, seq: seq, at: at, role: role, action: action, outcome: outcome, formHash: formHash)
        try db.cachedStatement(sql: """
            INSERT INTO audit_event (seq, at, role, action, outcome, form_hash, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [seq, at, role.rawValue, action, outcome, formHash.map { Data($0) }, Data(last.hash), Data(hash)])
    }

    /// Records what `actor` did. The coordinator's entry is signed (its own transaction, with the
    /// head signed); an advisor's or command staff's is a timed entry; a request made without any
    /// secret only adds one to the day's count in `request_tally`, so however many strangers ask,
    /// the trail grows by nothing and a day by a few rows.
    public func record(_ actor: Actor, action: String, outcome: String) throws {
        switch actor {
        case let .coordinator(keyring):
            try recordCoordinatorAction(keyring, action: action, outcome: outcome)
        case .advisor, .commandStaff:
            try write { db in try appendAudit(db, role: actor.role, action: action, outcome: outcome) }
        case .anyone:
            try write { db in
                try db.execute(sql: """
                    INSERT INTO request_tally (day, request, outcome, count) VALUES (?, ?, ?, 1)
                    ON CONFLICT (day, request, outcome) DO UPDATE SET count = count + 1
                    """, arguments: [String(Self.auditTimestamp(Date()).prefix(10)), action, outcome])
            }
        }
    }

    /// Records a referral: who asked (by role only) and that they were referred. Never the subject.
    public func recordReferral(_ actor: Actor, request: Request) throws {
        try record(actor, action: request.rawValue, outcome: "referred")
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

    /// Requests made without a secret, counted per UTC day: (day, request, outcome, count).
    public func requestTally() throws -> [(day: String, request: String, outcome: String, count: Int)] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT day, request, outcome, count FROM request_tally ORDER BY day, request, outcome").map {
                ($0["day"], $0["request"], $0["outcome"], $0["count"])
            }
        }
    }

    /// The hash of the newest entry: keep it somewhere else to detect a cut-off tail later.
    public func auditHead() throws -> (seq: Int64, hash: [UInt8]) {
        try read { db in try chainHead(db) }
    }

    /// Checks the whole chain, its signed heads, the rows the program root signed, and that the
    /// stored forms are exactly the filed ones (or filed since the last coordinator action). Needs
    /// no key and reveals no content, so anyone may run it; the root it checks against is the one
    /// pinned in the file, whose fingerprint it reports for comparison.
    /// - Parameters:
    ///   - knownHead: a head recorded earlier (hex); detects a truncated or rewritten tail.
    ///   - root: the root the caller knows to be genuine (the coordinator's), if any.
    public func verifyAudit(knownHead: String? = nil, root knownRoot: [UInt8]? = nil) throws -> AuditVerification {
        try read { db in try verifyAudit(db, knownHead: knownHead, knownRoot: knownRoot) }
    }

    private func verifyAudit(_ db: Database, knownHead: String?, knownRoot: [UInt8]?) throws -> AuditVerification {
        var findings: [AuditFinding] = []
        let entries = try Row.fetchAll(db, sql: "SELECT * FROM audit_event ORDER BY seq")
        let stored = try Data.fetchAll(db, sql: "SELECT sealed FROM usage_form").map { try AuditEvent.formHash(of: [UInt8]($0)) }
        let pending = Set(try Data.fetchAll(db, sql: "SELECT form_hash FROM pending_form").map { [UInt8]($0) })
        var expectedSeq: Int64 = 1
        var prev = AuditEvent.genesis
        var filed: [[UInt8]: Int] = [:]
        var purged: Set<[UInt8]> = []
        var seen: [[UInt8]: Int64] = [:]
        for row in entries {
            let seq: Int64 = row["seq"]
            let storedHash = [UInt8](row["hash"] as Data)
            let storedPrev = [UInt8](row["prev_hash"] as Data)
            let formHash = (row["form_hash"] as Data?).map { [UInt8]($0) }
            if findings.isEmpty {
                if seq != expectedSeq {
                    findings.append(.missingEntry(seq: expectedSeq))
                } else if !Sodium.constantTimeEqual(storedPrev, prev) {
                    findings.append(.brokenLink(seq: seq))
                } else {
                    let computed = try Role(rawValue: row["role"]).map {
                        try AuditEvent.chainHash(prev: storedPrev, seq: seq, at: row["at"], role: $0, action: row["action"],
                                                 outcome: row["outcome"], formHash: formHash)
                    }
                    if !(computed.map { Sodium.constantTimeEqual($0, storedHash) } ?? false) {
                        findings.append(.editedEntry(seq: seq))
                    }
                }
            }
            if let formHash, row["action"] == "form-filed" { filed[formHash, default: 0] += 1 }
            if let formHash, row["action"] == "form-purged" { filed[formHash, default: 0] -= 1; purged.insert(formHash) }
            seen[storedHash] = seq
            prev = storedHash
            expectedSeq = seq + 1
        }

        // A schema rewritten in the file (a trigger added, a table's typing dropped) is named here;
        // the coordinator's changes refuse to run over it (§8.6).
        do { try SchemaIntegrity.check(db) } catch let error as TamperingError { findings.append(.tampered(error)) }
        let replayed = try Int.fetchOne(db, sql: """
            SELECT count(*) FROM audit_event WHERE action = 'form-filed' AND form_hash IN (SELECT form_hash FROM pending_form)
            """) ?? 0
        if replayed > 0 { findings.append(.tampered(.pendingFormReplayed(count: replayed))) }
        // The signed heads, the signed rows, and what came after the newest head.
        let info = try Self.programInfo(db, path: path)
        let rows = try SignedRows.load(db, program: info)
        let heads = try Row.fetchAll(db, sql: "SELECT seq, state, signature FROM signed_head ORDER BY seq").map {
            SignedHead(seq: $0["seq"], state: [UInt8]($0["state"] as Data), signature: [UInt8]($0["signature"] as Data))
        }
        if let knownRoot, let pinned = rows.root, !Sodium.constantTimeEqual(knownRoot, pinned) {
            findings.append(.tampered(.rootSwapped))
        }
        let root = knownRoot ?? rows.root
        if let newest = heads.last, let root {
            for head in heads {
                do { try checkHead(db, head, rows: rows, root: root, isNewest: head.seq == newest.seq) } catch let error as TamperingError {
                    findings.append(.tampered(error))
                }
            }
            findings += rows.unsignedRows(root: root).map { .tampered($0) }
            let after = entries.filter { ($0["seq"] as Int64) > newest.seq }
            // Whoever holds the program keys signs a head with every entry they make.
            let coordinatorAfter = after.filter { [Role.coordinator.rawValue, Role.deputy.rawValue].contains($0["role"] as String) }.count
            if coordinatorAfter > 0 { findings.append(.unsignedCoordinatorEntries(count: coordinatorAfter, after: newest.seq)) }
            let formsAfter = after.filter { ["form-filed", "form-purged"].contains($0["action"] as String) }.count
            if formsAfter > 0 { findings.append(.formEntriesAfterSignedHead(count: formsAfter)) }
        } else if heads.isEmpty {
            // Set up by this version, a program always has a signed head; only an earlier one may not.
            if rows.keys.contains(where: { $0.certificate != nil }) || !pending.isEmpty {
                findings.append(.tampered(.noSignedHead))
            } else {
                findings.append(.notRooted)
            }
        } else {
            findings.append(.tampered(.noSignedHead))
        }

        // Every stored form is filed and not purged, or pending; nothing filed is missing.
        // A pending row only accounts for a form the trail does not already know: one put back
        // with a pending row of its own is still a replay.
        var storedCount: [[UInt8]: Int] = [:]
        for hash in stored { storedCount[hash, default: 0] += 1 }
        let validPending = pending.filter { filed[$0] == nil && !purged.contains($0) }
        var extra = 0, putBack = 0
        for (hash, count) in storedCount {
            let accounted = max(0, filed[hash, default: 0]) + (validPending.contains(hash) ? 1 : 0)
            guard count > accounted else { continue }
            if purged.contains(hash) { putBack += count - accounted } else { extra += count - accounted }
        }
        let missing = filed.reduce(0) { $0 + max(0, $1.value - storedCount[$1.key, default: 0]) }
        let pendingMissing = validPending.filter { storedCount[$0, default: 0] == 0 }.count
        if extra > 0 { findings.append(.formNotInTrail(count: extra)) }
        if putBack > 0 { findings.append(.purgedFormPutBack(count: putBack)) }
        if missing > 0 { findings.append(.formMissing(count: missing)) }
        if pendingMissing > 0 { findings.append(.pendingFormMissing(count: pendingMissing)) }
        // Each void is recorded by a `form-void` entry in the same transaction: a row deleted (its
        // form would count again) or added shows, even before anyone opens a void.
        let voidRows = try Int.fetchOne(db, sql: "SELECT count(*) FROM form_void") ?? 0
        let voidEntries = try Int.fetchOne(db, sql: "SELECT count(*) FROM audit_event WHERE action = ? AND outcome = 'allowed' AND role IN ('coordinator', 'deputy')",
                                           arguments: [Self.voidAction]) ?? 0
        if voidRows != voidEntries { findings.append(.tampered(.voidsDifferFromTrail(stored: voidRows, recorded: voidEntries))) }
        if let knownHead {
            let wanted = knownHead.lowercased()
            if let match = seen.first(where: { hexString($0.key) == wanted }) {
                let after = entries.count - Int(match.value)
                if after > 0 { findings.append(.entriesAfterHead(count: after)) }
            } else {
                findings.append(.unknownHead(knownHead))
            }
        }
        return AuditVerification(entries: entries.count, forms: stored.count, pending: pending.count, voids: voidRows, head: prev,
                                 signedThrough: heads.last?.seq, rootFingerprint: rows.root.map(ProgramRoot.fingerprint),
                                 findings: findings)
    }
}
