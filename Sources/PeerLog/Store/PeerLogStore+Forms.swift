import Foundation
import GRDB

extension PeerLogStore {
    /// Files a usage form as `advisor`: sign, seal to the active program key, insert, commit.
    /// The advisor cannot read it back; only the coordinator's key opens it.
    /// - Returns: the new form's id.
    /// - Throws: `AccessError.retiredAdvisor` if retired since unlocking; `StoreError` on storage failure.
    @discardableResult
    public func file(as advisor: AdvisorCredential, at time: ServiceTime, incident: IncidentType,
                     intervention: InterventionKind) throws -> Identifier {
        try file(batch: [FormEntry(time: time, incident: incident, intervention: intervention)], as: advisor)[0]
    }

    /// Files several forms by one advisor in one transaction: all of them or none, each with its
    /// own audit entry, exactly as if filed one by one. A synced commit costs far more than
    /// sealing a form, so an advisor entering a backlog (after a group debrief, say) is spared one
    /// commit per form. Forms are sealed before the write lock is taken.
    /// - Returns: the new forms' ids, in the order of `entries`.
    /// - Throws: `AccessError.retiredAdvisor` if retired since unlocking; `StoreError` on storage failure.
    @discardableResult
    public func file(batch entries: [FormEntry], as advisor: AdvisorCredential) throws -> [Identifier] {
        guard !entries.isEmpty else { return [] }
        let programKey = try read { db in try activeProgramKey(db) }
        let forms = entries.map {
            UsageForm(advisorID: advisor.advisorID, serviceTime: $0.time, incident: $0.incident, intervention: $0.intervention)
        }
        let sealed = try forms.map { try SealedForm.seal($0, signer: advisor.signingKey, programPublicKey: programKey.publicKey) }
        try write { db in
            let status = try String.fetchOne(db, sql: "SELECT status FROM advisor WHERE advisor_id = ?",
                                             arguments: [Data(advisor.advisorID.bytes)])
            guard status == "active" else { throw AccessError.retiredAdvisor(advisor.name) }
            guard try activeProgramKey(db).id == programKey.id else {
                throw StoreError.inconsistent("the program key changed while filing; file again")
            }
            for (form, blob) in zip(forms, sealed) {
                try db.cachedStatement(sql: "INSERT INTO usage_form (form_id, key_id, sealed) VALUES (?, ?, ?)")
                    .execute(arguments: [Data(form.id.bytes), programKey.id, Data(blob)])
                // No time and no advisor: only the blob's hash, so deleted or inserted rows show up.
                try appendAudit(db, role: .advisor, action: "form-filed", outcome: "allowed",
                                formHash: AuditEvent.formHash(of: blob), timed: false)
            }
        }
        return forms.map(\.id)
    }

    /// How many forms are stored. Anyone may know this much; it says nothing about any one form.
    public func formCount() throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM usage_form") ?? 0 }
    }

    /// Opens every stored form with the coordinator's keyring, in storage order, checking each
    /// against the roster. Rows are read in chunks and each chunk is opened on every core while
    /// the next is read and the previous one handed to `body`, so memory stays flat (streaming)
    /// and a report uses the whole machine. Stops at the first form, in storage order, that fails.
    /// - Throws: `SealedForm.Rejection` naming the failure and the form's storage id.
    public func forEachForm(keyring: ProgramKeyring, _ body: (UsageForm) throws -> Void) throws {
        let signers = try Dictionary(uniqueKeysWithValues: roster().map { ($0.id, $0.signingPublicKey) })
        let open: @Sendable (StoredForm) throws -> UsageForm = { stored in
            guard let keys = keyring.keys[stored.keyID] else {
                throw SealedForm.Rejection.malformed("sealed to unknown program key \(stored.keyID)")
            }
            return try SealedForm.open(stored.sealed, rowID: stored.id, keys: keys) { signers[$0] }
        }
        try read { db in
            let cursor = try Row.fetchCursor(db, sql: "SELECT form_id, key_id, sealed FROM usage_form")
            func nextChunk() throws -> [StoredForm] {
                var chunk: [StoredForm] = []
                chunk.reserveCapacity(Self.openingChunk)
                while chunk.count < Self.openingChunk, let row = try cursor.next() {
                    chunk.append(StoredForm(id: try Identifier(bytes: [UInt8](row["form_id"] as Data)),
                                            keyID: row["key_id"], sealed: [UInt8](row["sealed"] as Data)))
                }
                return chunk
            }
            var opening: BackgroundParallelMap<StoredForm, UsageForm>?
            // Never leave a chunk being opened behind, whatever stops the loop.
            defer { _ = opening?.wait() }
            var chunk = try nextChunk()
            if !chunk.isEmpty { opening = BackgroundParallelMap(chunk, open) }
            while let current = opening {
                chunk = try nextChunk()
                let opened = current.wait()
                opening = chunk.isEmpty ? nil : BackgroundParallelMap(chunk, open)
                for result in opened { try body(result.get()) }
            }
        }
    }

    /// Forms read before a chunk is opened: enough to keep every core busy, small enough that
    /// memory does not grow with the number of forms.
    static let openingChunk = 512
}

/// One row of `usage_form` as read, before opening.
struct StoredForm: Sendable {
    let id: Identifier
    let keyID: Int64
    let sealed: [UInt8]
}
