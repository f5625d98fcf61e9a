import Foundation
import GRDB

/// A void as the coordinator made it: the form's reference and the reason, and the earlier
/// publications whose period holds the form's day (their numbers change, as after a late form).
public struct VoidedForm: Sendable, Equatable {
    public let reference: String
    public let reason: VoidReason
    public var publishedIn: [Int64] = []
}

extension PeerLogStore {
    /// The audit action of a void (the gate's request name, `void-form`, is another: refusals).
    static let voidAction = "form-void"

    /// Voids a form: appends a void record (docs/FORMAT.md §5.5) naming it and `reason`, sealed to
    /// the active program key and signed by the program root, in one coordinator transaction with
    /// its `form-void` audit entry (the acting role, no content) and a signed head whose state
    /// covers the new row. Nothing is edited or deleted; from then on the form is left out of every
    /// count (`forEachForm`).
    /// - Parameter reference: the form's REF, or any longer prefix of its id (any case).
    /// - Throws: `VoidError` (unknown, ambiguous or already voided reference), `FormVoid.Rejection`
    ///   or `TamperingError` when the voids already stored are not as the root signed them.
    @discardableResult
    public func voidForm(reference: String, reason: VoidReason, keyring: ProgramKeyring, now: Date = Date()) throws -> VoidedForm {
        let at = Self.auditTimestamp(now)
        return try rootedWrite(keyring, action: Self.voidAction, now: now) { db in
            let ids = try Data.fetchAll(db, sql: "SELECT form_id FROM usage_form").map { try Identifier(bytes: [UInt8]($0)) }
            let formID = try FormReference.resolve(reference, among: ids)
            let ref = FormReference.references(for: ids)[formID] ?? FormReference.shortHex(formID)
            guard try voidedForms(db, keyring: keyring)[formID] == nil else { throw VoidError.alreadyVoided(ref) }
            // Only a genuine form is voided (one that does not open is tampering, named as such),
            // and the coordinator is told which publications already counted it.
            let day = try formDay(db, formID, keyring: keyring)
            let published = try publicationLedger(db).ledger.entries.filter { $0.report.from <= day.description && day.description <= $0.report.to }
            guard let key = keyring.keys[keyring.activeKeyID] else { throw StoreError.inconsistent("the active program key is not in the keyring") }
            let void = FormVoid(voidID: .random(), formID: formID, reason: reason, voidedAt: at)
            let sealed = try void.seal(programID: keyring.programID, keyID: keyring.activeKeyID, publicKey: key.publicKey)
            let signature = try keyring.root.sign(RootSigned.formVoid(programID: keyring.programID, voidID: void.voidID,
                                                                      keyID: keyring.activeKeyID, sealed: sealed))
            try db.execute(sql: "INSERT INTO form_void (void_id, key_id, sealed, signature) VALUES (?, ?, ?, ?)",
                           arguments: [Data(void.voidID.bytes), keyring.activeKeyID, Data(sealed), Data(signature)])
            return VoidedForm(reference: ref, reason: reason, publishedIn: published.map(\.number))
        }
    }

    /// The local day of service of stored form `id`, opened and checked as every reader does.
    /// - Throws: `SealedForm.Rejection`.
    private func formDay(_ db: Database, _ id: Identifier, keyring: ProgramKeyring) throws -> CalendarDate {
        guard let row = try Row.fetchOne(db, sql: "SELECT key_id, sealed FROM usage_form WHERE form_id = ?", arguments: [Data(id.bytes)]) else {
            throw VoidError.unknownReference(FormReference.shortHex(id))
        }
        let signers = try SignedRows.load(db, program: Self.programInfo(db, path: path)).signers(root: keyring.root.publicKey)
        let stored = StoredForm(id: id, keyID: row["key_id"], sealed: [UInt8](row["sealed"] as Data))
        return try Self.open(stored, keyring: keyring, signers: signers).form.serviceTime.localDate
    }

    /// Every void, opened and checked, by the form it voids. A void that does not check stops the
    /// reader (a count is never silently wrong), and so does a difference between the void rows and
    /// the trail's `form-void` entries: a void deleted behind the coordinator's back would
    /// otherwise make its form count again without a word.
    /// - Throws: `FormVoid.Rejection`, `TamperingError.voidsDifferFromTrail`.
    func voidedForms(_ db: Database, keyring: ProgramKeyring) throws -> [Identifier: FormVoid] {
        let rows = try SignedRows.loadVoids(db)
        // Only the coordinator or a deputy voids; an entry of any other role proves nothing.
        let recorded = try Int.fetchOne(db, sql: "SELECT count(*) FROM audit_event WHERE action = ? AND outcome = 'allowed' AND role IN ('coordinator', 'deputy')",
                                        arguments: [Self.voidAction]) ?? 0
        guard rows.count == recorded else { throw TamperingError.voidsDifferFromTrail(stored: rows.count, recorded: recorded) }
        var voided: [Identifier: FormVoid] = [:]
        for row in rows {
            let void = try FormVoid.open(row.sealed, signature: row.signature, voidID: row.id, keyID: row.keyID,
                                         programID: keyring.programID, root: keyring.root.publicKey, keys: keyring.keys[row.keyID])
            voided[void.formID] = void
        }
        return voided
    }

    /// `voidedForms` in its own read.
    func voidedForms(keyring: ProgramKeyring) throws -> [Identifier: FormVoid] {
        try read { db in try voidedForms(db, keyring: keyring) }
    }
}
