import Foundation
import GRDB

/// One row of `signed_head`.
struct SignedHead: Sendable {
    let seq: Int64
    let state: [UInt8]
    let signature: [UInt8]
}

extension PeerLogStore {
    // MARK: The coordinator's signed writes

    /// Runs `body` in one write transaction on the coordinator's authority and ends it with the
    /// action's audit entry and a head signed by the program root. Forms filed since the last
    /// coordinator action are folded into the trail first, sorted by hash, so the trail never
    /// orders a filing relative to anything but the coordinator actions around it.
    /// - Parameter establishing: true only when setting up or upgrading a program, which pins the
    ///   root; otherwise the program must already carry a signed head.
    /// - Throws: `StoreError.needsUpgrade` for a database written before the program root existed,
    ///   `TamperingError.rootSwapped` when the pinned root is not the keyring's.
    func rootedWrite<T>(_ keyring: ProgramKeyring, action: String, outcome: String = "allowed", establishing: Bool = false,
                        now: Date = Date(), _ body: (Database) throws -> T) throws -> T {
        try write { db in
            try SchemaIntegrity.check(db)
            if establishing {
                try pinRoot(db, keyring)
            } else {
                try checkRoot(db, keyring)
                guard let head = try newestSignedHead(db) else { throw StoreError.needsUpgrade(path: path) }
                // Never sign over someone else's change: what is there must be what was signed.
                let rows = try SignedRows.load(db, program: Self.programInfo(db, path: path))
                try checkSignedState(db, head, rows: rows, root: keyring.root.publicKey)
                try checkEntriesSince(db, head)
            }
            try foldPendingForms(db)
            let result = try body(db)
            try appendAudit(db, role: keyring.role, action: action, outcome: outcome, now: now)
            try signHead(db, keyring)
            return result
        }
    }

    /// The entries after the newest signed head are the only ones the next head will vouch for
    /// without having seen them made: advisors' and command staff's timed entries. Each must link
    /// to the one before, hash as written, and be of a role and action that needs no signature
    /// (not a filing, purge or void, which only a signing writer records);
    /// otherwise the coordinator would sign over someone else's entry (verify names the same).
    func checkEntriesSince(_ db: Database, _ head: SignedHead) throws {
        guard let headHash = try Data.fetchOne(db, sql: "SELECT hash FROM audit_event WHERE seq = ?", arguments: [head.seq]) else {
            throw TamperingError.headNotInTrail(seq: head.seq)
        }
        var prev = [UInt8](headHash)
        var expected = head.seq + 1
        let signedOnly: Set<String> = [Role.coordinator.rawValue, Role.deputy.rawValue]
        for row in try Row.fetchAll(db, sql: "SELECT * FROM audit_event WHERE seq > ? ORDER BY seq", arguments: [head.seq]) {
            let seq: Int64 = row["seq"]
            let role: String = row["role"]
            let action: String = row["action"]
            let formHash = (row["form_hash"] as Data?).map { [UInt8]($0) }
            let hash = [UInt8](row["hash"] as Data)
            let computed = try Role(rawValue: role).map {
                try AuditEvent.chainHash(prev: prev, seq: seq, at: row["at"], role: $0, action: action, outcome: row["outcome"], formHash: formHash)
            }
            guard seq == expected, Sodium.constantTimeEqual([UInt8](row["prev_hash"] as Data), prev),
                  let computed, Sodium.constantTimeEqual(computed, hash),
                  !signedOnly.contains(role), !["form-filed", "form-purged", Self.voidAction].contains(action) else {
                throw TamperingError.entryAfterHeadForged(seq: seq)
            }
            prev = hash
            expected = seq + 1
        }
    }

    /// The pinned root must be the keyring's own.
    func checkRoot(_ db: Database, _ keyring: ProgramKeyring) throws {
        if let pinned = try Data.fetchOne(db, sql: "SELECT public_key FROM publishing_key WHERE id = 1") {
            guard Sodium.constantTimeEqual([UInt8](pinned), keyring.root.publicKey) else { throw TamperingError.rootSwapped }
        }
    }

    private func pinRoot(_ db: Database, _ keyring: ProgramKeyring) throws {
        if try Data.fetchOne(db, sql: "SELECT public_key FROM publishing_key WHERE id = 1") != nil {
            try checkRoot(db, keyring)
        } else {
            try db.execute(sql: "INSERT INTO publishing_key (id, public_key) VALUES (1, ?)", arguments: [Data(keyring.root.publicKey)])
        }
    }

    /// Appends a `form-filed` entry for every pending form, in hash order, and empties the set.
    /// The entry's role is who entered the form: the advisor, or for a paper form the coordinator
    /// or deputy who entered it (`pending_paper_form`).
    func foldPendingForms(_ db: Database) throws {
        // Nothing filed since the last coordinator action (the usual case): nothing to scan.
        guard try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM pending_form)") == true else { return }
        // A hash the trail already records as filed, put back among the pending ones (from an
        // older copy of the file), would be recorded twice and then look like a deleted form.
        let replayed = try Int.fetchOne(db, sql: """
            SELECT count(*) FROM audit_event WHERE action = 'form-filed' AND form_hash IN (SELECT form_hash FROM pending_form)
            """) ?? 0
        if replayed > 0 { throw TamperingError.pendingFormReplayed(count: replayed) }
        // Streamed, not fetched whole: a coordinator back after a long absence may find a hundred
        // thousand filings here, and the memory this process keeps should not grow with them.
        let pending = try Row.fetchCursor(db, sql: """
            SELECT p.form_hash, pp.role FROM pending_form p LEFT JOIN pending_paper_form pp ON pp.form_hash = p.form_hash
            ORDER BY p.form_hash
            """)
        while let row = try pending.next() {
            let role = (row["role"] as String?).flatMap(Role.init(rawValue:)) ?? .advisor
            try appendAudit(db, role: role, action: "form-filed", outcome: "allowed", formHash: [UInt8](row["form_hash"] as Data),
                            timed: false)
        }
        try db.execute(sql: "DELETE FROM pending_paper_form")
        // In slices: `pending_form` is the parent of `pending_paper_form`, so SQLite deletes all of
        // it by first listing every row in memory (13 MB at 300,000 filings); a slice lists 4096.
        repeat {
            try db.execute(sql: "DELETE FROM pending_form WHERE form_hash IN (SELECT form_hash FROM pending_form LIMIT 4096)")
        } while db.changesCount > 0
    }

    /// Signs the current head together with the digest of the signed state.
    private func signHead(_ db: Database, _ keyring: ProgramKeyring) throws {
        let info = try Self.programInfo(db, path: path)
        let state = try SignedRows.load(db, program: info).state.digest()
        let head = try chainHead(db)
        let signature = try keyring.root.sign(RootSigned.signedHead(programID: info.programID, seq: head.seq, hash: head.hash, state: state))
        try db.execute(sql: "INSERT INTO signed_head (seq, state, signature) VALUES (?, ?, ?)",
                       arguments: [head.seq, Data(state), Data(signature)])
    }

    // MARK: Reading heads

    /// The newest audit entry's sequence number and hash (0 and the genesis hash when empty).
    func chainHead(_ db: Database) throws -> (seq: Int64, hash: [UInt8]) {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1")) else {
            return (0, AuditEvent.genesis)
        }
        return (row["seq"], [UInt8](row["hash"] as Data))
    }

    func newestSignedHead(_ db: Database) throws -> SignedHead? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT seq, state, signature FROM signed_head ORDER BY seq DESC LIMIT 1")).map {
            SignedHead(seq: $0["seq"], state: [UInt8]($0["state"] as Data), signature: [UInt8]($0["signature"] as Data))
        }
    }

    /// Whether the program carries a signed head: set up by this version, or upgraded.
    public func isRooted() throws -> Bool { try read { db in try newestSignedHead(db) != nil } }

    /// Checks one signed head: its entry is in the trail with the hash that was signed, the
    /// signature verifies under `root`, and (for the newest head) the signed state is the state now.
    func checkHead(_ db: Database, _ head: SignedHead, rows: SignedRows, root: [UInt8], isNewest: Bool) throws {
        guard let hash = try Data.fetchOne(db.cachedStatement(sql: "SELECT hash FROM audit_event WHERE seq = ?"), arguments: [head.seq]) else {
            throw TamperingError.headNotInTrail(seq: head.seq)
        }
        let signed = RootSigned.signedHead(programID: rows.program.programID, seq: head.seq, hash: [UInt8](hash), state: head.state)
        guard verifiedHeads.verify(head.signature, of: signed, publicKey: root) else {
            throw TamperingError.headNotSigned(seq: head.seq)
        }
        if isNewest, !Sodium.constantTimeEqual(try rows.state.digest(), head.state) {
            throw TamperingError.stateDiffers(seq: head.seq)
        }
    }

    /// Checks that the rows are exactly what the newest head signed. Every row was verified (or
    /// made) by the coordinator transaction that signed a head, so a matching state means every
    /// row signature holds, and this costs one signature check however many rows there are. When
    /// it does not match, the row at fault is named if one is, else the state as a whole.
    func checkSignedState(_ db: Database, _ head: SignedHead, rows: SignedRows, root: [UInt8]) throws {
        do {
            try checkHead(db, head, rows: rows, root: root, isNewest: true)
        } catch let failure as TamperingError {
            if let row = rows.unsignedRows(root: root).first { throw row }
            throw failure
        }
    }

    // MARK: What an advisor seals to

    /// The program key an advisor's form is sealed to, after checking, with nothing but the
    /// advisor's own secret as the anchor: the pinned root is the one the advisor's key is bound
    /// to, the newest signed head verifies and still describes the program, the advisor's own
    /// roster entry is signed and active, and the key is the newest the root certified. Run inside
    /// the filing's write transaction; a check that passed is reused while nothing it read can
    /// have changed (`SealingTargetMemo`).
    /// - Throws: `StoreError.needsUpgrade`, `TamperingError`, `AccessError.retiredAdvisor`.
    func sealingTarget(_ db: Database, for advisor: AdvisorCredential) throws -> FormRecipient {
        guard let head = try newestSignedHead(db), let bound = advisor.boundRoot else { throw StoreError.needsUpgrade(path: path) }
        let key = SealingTargetMemo.Key(dataVersion: try Int64.fetchOne(db.cachedStatement(sql: "PRAGMA data_version")) ?? -1,
                                        headSeq: head.seq, headSignature: head.signature,
                                        advisorID: advisor.advisorID, boundRoot: bound)
        if let known = sealingTargets.recipient(for: key) { return known }
        let info = try Self.programInfo(db, path: path)
        let rows = try SignedRows.load(db, program: info)
        guard let root = rows.root else { throw StoreError.needsUpgrade(path: path) }
        guard Sodium.constantTimeEqual(root, bound) else { throw TamperingError.rootNotBound(who: "advisor '\(advisor.name)'") }
        try checkSignedState(db, head, rows: rows, root: root)
        guard let entry = rows.advisors.first(where: { $0.id == advisor.advisorID }) else {
            throw TamperingError.rosterEntryNotSigned(name: advisor.name)
        }
        guard entry.status == Advisor.Status.active.rawValue else { throw AccessError.retiredAdvisor(advisor.name) }
        guard let newest = rows.keys.max(by: { $0.id < $1.id }) else { throw StoreError.inconsistent("no program key") }
        let recipient = FormRecipient(programID: info.programID, keyID: newest.id, publicKey: newest.publicKey)
        sealingTargets.remember(recipient, for: key)
        return recipient
    }
}
