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

    /// Files several forms by one advisor in one transaction: all of them or none. A synced commit
    /// costs far more than sealing a form, so an advisor entering a backlog (after a group
    /// debrief, say) is spared one commit per form.
    ///
    /// Inside the transaction, before sealing, the program key is checked against the program
    /// root the advisor's own key is bound to (`sealingTarget`), so a key swapped into the file is
    /// refused, not used, and no coordinator action can come between the check and the write.
    /// The transaction starts from the file, not from cached pages (`freshWrite`), and needs no
    /// read transaction of its own before it (PERFORMANCE.md). Each form goes into `pending_form`
    /// by its hash only, with no time and no sequence: the next coordinator action folds it into
    /// the audit trail, in hash order.
    /// - Returns: the new forms' ids, in the order of `entries`.
    /// - Throws: `TamperingError` when the program's key, root or records are not as the root
    ///   signed them; `AccessError.retiredAdvisor`; `StoreError.needsUpgrade`; storage failures.
    @discardableResult
    public func file(batch entries: [FormEntry], as advisor: AdvisorCredential) throws -> [Identifier] {
        guard !entries.isEmpty else { return [] }
        for entry in entries { _ = try entry.time.checkedPlausible() }
        let forms = entries.map {
            UsageForm(advisorID: advisor.advisorID, serviceTime: $0.time, incident: $0.incident, intervention: $0.intervention)
        }
        return try freshWrite { db in
            let recipient = try sealingTarget(db, for: advisor)
            let sealed = try forms.map { try SealedForm.seal($0, signer: advisor.signingKey, recipient: recipient) }
            try insertSealed(db, zip(forms.map(\.id), sealed).map { ($0, $1) }, keyID: recipient.keyID)
            return forms.map(\.id)
        }
    }

    /// Inserts sealed forms, each with its pending row (and, for paper forms, the role that
    /// entered it), inside the caller's write transaction, which checked the target first.
    func insertSealed(_ db: Database, _ forms: [(id: Identifier, sealed: [UInt8])], keyID: Int64, enteredBy role: Role? = nil) throws {
        for (id, blob) in forms {
            let hash = Data(try AuditEvent.formHash(of: blob))
            try db.cachedStatement(sql: "INSERT INTO usage_form (form_id, key_id, sealed) VALUES (?, ?, ?)")
                .execute(arguments: [Data(id.bytes), keyID, Data(blob)])
            try db.cachedStatement(sql: "INSERT INTO pending_form (form_hash) VALUES (?)").execute(arguments: [hash])
            if let role {
                try db.cachedStatement(sql: "INSERT INTO pending_paper_form (form_hash, role) VALUES (?, ?)")
                    .execute(arguments: [hash, role.rawValue])
            }
        }
    }

    /// How many forms are stored. Anyone may know this much; it says nothing about any one form.
    public func formCount() throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM usage_form") ?? 0 }
    }

    /// Opens every stored form with the coordinator's keyring, in storage order, checking each
    /// against the roster, and stops at the first that fails. Voided forms are opened and checked
    /// too but not handed to `body`: every count (the coordinator's report, usage answers,
    /// workload, the anonymised reports and the truth their disclosure check compares earlier
    /// publications with) is made here, so a void leaves all of them, and any report added later.
    /// - Parameter includingVoided: true only where the records themselves are meant (a purge
    ///   removes voided forms as well).
    /// - Throws: `SealedForm.Rejection` naming the failure; `FormVoid.Rejection` or
    ///   `TamperingError` when the voids are not as the root signed them.
    public func forEachForm(keyring: ProgramKeyring, includingVoided: Bool = false, _ body: (UsageForm) throws -> Void) throws {
        let voided = includingVoided ? [:] : try voidedForms(keyring: keyring)
        try forEachOpenedForm(keyring: keyring) { stored, opened in
            let form = try opened.get().form
            if voided[stored.id] == nil { try body(form) }
        }
    }

    /// Opens every stored form with the coordinator's keyring, in storage order, and hands each
    /// row with its outcome to `body`: the form, or why it was rejected. Rows are read in chunks
    /// and each chunk is opened on every core while the next is read and the previous one handed
    /// to `body`, so memory stays flat (streaming) and a report uses the whole machine. Reports,
    /// `verify` and `purge` all open forms through here, so every form is checked alike.
    func forEachOpenedForm(keyring: ProgramKeyring, _ body: (StoredForm, Result<OpenedForm, any Error>) throws -> Void) throws {
        let signers = try read { db in
            try SignedRows.load(db, program: Self.programInfo(db, path: path))
                .signers(root: try newestSignedHead(db) == nil ? nil : keyring.root.publicKey)
        }
        let open: @Sendable (StoredForm) throws -> OpenedForm = { try Self.open($0, keyring: keyring, signers: signers) }
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
            var opening: (chunk: [StoredForm], work: BackgroundParallelMap<StoredForm, OpenedForm>)?
            // Never leave a chunk being opened behind, whatever stops the loop.
            defer { _ = opening?.work.wait() }
            var chunk = try nextChunk()
            if !chunk.isEmpty { opening = (chunk, BackgroundParallelMap(chunk, open)) }
            while let current = opening {
                chunk = try nextChunk()
                let opened = current.work.wait()
                opening = chunk.isEmpty ? nil : (chunk, BackgroundParallelMap(chunk, open))
                for (stored, result) in zip(current.chunk, opened) { try body(stored, result) }
            }
        }
    }

    /// Forms read before a chunk is opened: enough to keep every core busy, small enough that
    /// memory does not grow with the number of forms.
    static let openingChunk = 512
}

extension PeerLogStore {
    /// Opens one stored form with the keyring: the one place forms are opened, so every reader
    /// checks them alike.
    static func open(_ stored: StoredForm, keyring: ProgramKeyring, signers: [Identifier: [UInt8]?]) throws -> OpenedForm {
        guard let keys = keyring.keys[stored.keyID] else {
            throw SealedForm.Rejection.malformed("sealed to unknown program key \(stored.keyID)")
        }
        let recipient = FormRecipient(programID: keyring.programID, keyID: stored.keyID, publicKey: keys.publicKey)
        let opened = try SealedForm.openVersioned(stored.sealed, rowID: stored.id, recipient: recipient, keys: keys,
                                                 root: keyring.root.publicKey) { advisor in
            guard let entry = signers[advisor] else { return nil }
            guard let key = entry else { throw SealedForm.Rejection.unsignedRosterEntry }
            return key
        }
        return OpenedForm(form: opened.form, version: opened.version)
    }
}

/// A form as opened, with the format version it was written in.
struct OpenedForm: Sendable {
    let form: UsageForm
    let version: UInt8
}

/// One row of `usage_form` as read, before opening.
struct StoredForm: Sendable {
    let id: Identifier
    let keyID: Int64
    let sealed: [UInt8]
}
