import Foundation
import GRDB
import Testing
@testable import PeerLog
@testable import PeerLogFormat

/// The insider against voids: someone who can write the database file but holds no passphrase.
/// They hold the file (sqlite3, `FileWriter`), the public keys in it and keys of their own. A form
/// must not count again because a void vanished, a void must not be forged, and a void must not be
/// moved to another form; each test fails if the attack succeeds unseen.
@Suite("Insiders against voids: none deleted, forged or moved unseen")
struct VoidAttackTests {
    static let voidGuards = FileWriter.guards + ["form_void_no_update", "form_void_no_delete"]

    /// Two forms by Ana, the first voided by the coordinator.
    func program() throws -> (TestProgram, [Identifier]) {
        let program = try TestProgram()
        let ana = try program.enrol("Sgt. Ana Ortiz")
        let ids = try program.store.file(batch: [
            FormEntry(time: try time("2026-01-02 10:00"), incident: .deadlyForce, intervention: .oneOnOne),
            FormEntry(time: try time("2026-01-03 10:00"), incident: .other, intervention: .referral),
        ], as: ana)
        try program.store.voidForm(reference: ids[0].hex, reason: .wrongType, keyring: program.keyring)
        return (program, ids)
    }

    /// What `verify` finds with no key at all: what anyone holding the file learns.
    func keylessProblems(_ program: TestProgram) throws -> [String] {
        try PeerLogStore(openingExisting: program.path).verify(keyring: nil).problems
    }

    func voidRows(_ program: TestProgram) throws -> [Row] {
        try FileWriter(path: program.path).read { db in try Row.fetchAll(db, sql: "SELECT * FROM form_void ORDER BY void_id") }
    }

    @Test func deletingAVoidIsReportedAndTheFormDoesNotSilentlyCountAgain() throws {
        let (program, _) = try program()
        #expect(try program.store.coordinatorReport(keyring: program.keyring).total == 1)
        try FileWriter(path: program.path).execute("DELETE FROM form_void", dropping: Self.voidGuards)
        let problems = try keylessProblems(program)
        #expect(problems.contains(TamperingError.voidsDifferFromTrail(stored: 0, recorded: 1).description), "\(problems)")
        #expect(problems.contains { $0.contains("differ from what the root signed") }, "\(problems)")
        // The coordinator's report refuses rather than count the form again.
        #expect(throws: TamperingError.voidsDifferFromTrail(stored: 0, recorded: 1)) {
            _ = try program.store.coordinatorReport(keyring: program.keyring)
        }
    }

    @Test func aForgedVoidIsRefusedEvenWithItsOwnAuditEntry() throws {
        let (program, ids) = try program()
        // The attacker seals a void of the second form to the program's public key (anyone can),
        // signs it with a key of their own, and appends a well-chained `form-void` entry.
        let attacker = try SigningKey.generate()
        let keyID: Int64 = 1
        let publicKey = try FileWriter(path: program.path).read { db in
            [UInt8](try #require(try Data.fetchOne(db, sql: "SELECT public_key FROM program_key WHERE key_id = 1")))
        }
        let programID = try FileWriter(path: program.path).read { db in
            try Identifier(bytes: [UInt8](try #require(try Data.fetchOne(db, sql: "SELECT program_id FROM program"))))
        }
        let forged = FormVoid(voidID: .random(), formID: ids[1], reason: .mistake, voidedAt: "2026-01-05T10:00Z")
        let sealed = try forged.seal(programID: programID, keyID: keyID, publicKey: publicKey)
        let signature = try attacker.sign(RootSigned.formVoid(programID: programID, voidID: forged.voidID, keyID: keyID, sealed: sealed))
        try FileWriter(path: program.path).execute("INSERT INTO form_void VALUES (?, ?, ?, ?)",
                                                   [Data(forged.voidID.bytes), keyID, Data(sealed), Data(signature)], dropping: Self.voidGuards)
        try FileWriter(path: program.path).execute("""
            INSERT INTO audit_event (seq, at, role, action, outcome, form_hash, prev_hash, hash) VALUES (?, ?, 'coordinator', 'form-void', 'allowed', NULL, ?, ?)
            """, try Self.nextEntry(program), dropping: Self.voidGuards)
        let problems = try keylessProblems(program)
        #expect(problems.contains(TamperingError.voidNotSigned(ref: String(forged.voidID.hex.prefix(8))).description), "\(problems)")
        #expect(throws: FormVoid.Rejection.badSignature) { _ = try program.store.coordinatorReport(keyring: program.keyring) }
    }

    @Test func swappingSealedVoidsBetweenRowsIsRefused() throws {
        let (program, ids) = try program()
        let keyring = try program.store.unlockProgram(passphrase: program.coordinatorPassphrase)
        // A second form and its void, so there are two rows to swap between.
        let ana = try program.store.unlockAdvisor(named: "Sgt. Ana Ortiz", passphrase: secret(TestProgram.passphrase(of: "Sgt. Ana Ortiz")))
        try program.store.file(as: ana, at: try time("2026-01-04 10:00"), incident: .other, intervention: .oneOnOne)
        _ = ids
        let third = try #require(try program.store.formListing(keyring: keyring).entries.first { $0.time.epochSeconds == (try time("2026-01-04 10:00")).epochSeconds })
        try program.store.voidForm(reference: third.reference, reason: .duplicate, keyring: keyring)
        let rows = try voidRows(program)
        #expect(rows.count == 2)
        let (a, b) = (rows[0], rows[1])
        // The sealed bytes exchanged, each row keeping its id and signature.
        try FileWriter(path: program.path).execute("UPDATE form_void SET sealed = ? WHERE void_id = ?", [b["sealed"] as Data, a["void_id"] as Data],
                                                   dropping: Self.voidGuards)
        try FileWriter(path: program.path).execute("UPDATE form_void SET sealed = ? WHERE void_id = ?", [a["sealed"] as Data, b["void_id"] as Data],
                                                   dropping: Self.voidGuards)
        #expect(try keylessProblems(program).contains { $0.contains("void record") && $0.contains("not signed by the program root") })
        #expect(throws: FormVoid.Rejection.badSignature) { _ = try program.store.coordinatorReport(keyring: keyring) }
    }

    @Test func givingAVoidAnotherIdIsRefused() throws {
        let (program, _) = try program()
        let row = try #require(try voidRows(program).first)
        // The same sealed bytes and signature under a new id (a replay, or one half of an id swap).
        try FileWriter(path: program.path).execute("UPDATE form_void SET void_id = ? WHERE void_id = ?",
                                                   [Data(Identifier.random().bytes), row["void_id"] as Data], dropping: Self.voidGuards)
        #expect(try keylessProblems(program).contains { $0.contains("void record") && $0.contains("not signed by the program root") })
        #expect(throws: FormVoid.Rejection.badSignature) { _ = try program.store.coordinatorReport(keyring: program.keyring) }
    }

    @Test func movingAVoidToAnotherFormBySwappingFormIdsIsRefused() throws {
        let (program, ids) = try program()
        // The void names the first form's id; give that id to the second form's row and the
        // second id to the first, so the void would fall on the other form.
        let temporary = Identifier.random()
        for (from, to) in [(ids[0], temporary), (ids[1], ids[0]), (temporary, ids[1])] {
            try FileWriter(path: program.path).execute("UPDATE usage_form SET form_id = ? WHERE form_id = ?", [Data(to.bytes), Data(from.bytes)],
                                                       dropping: Self.voidGuards)
        }
        #expect(throws: SealedForm.Rejection.idMismatch) { _ = try program.store.coordinatorReport(keyring: program.keyring) }
        let problems = try program.store.verify(keyring: program.keyring).problems
        #expect(problems.contains { $0.contains("stored under another form's id") }, "\(problems)")
    }

    /// The arguments of a well-chained audit entry appended as the attacker would (the chain needs no secret).
    static func nextEntry(_ program: TestProgram) throws -> StatementArguments {
        try FileWriter(path: program.path).read { db in
            let row = try #require(try Row.fetchOne(db, sql: "SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1"))
            let seq = (row["seq"] as Int64) + 1
            let prev = [UInt8](row["hash"] as Data)
            let at = "2026-01-05T10:00Z"
            let hash = try AuditEvent.chainHash(prev: prev, seq: seq, at: at, role: .coordinator, action: "form-void", outcome: "allowed",
                                                formHash: nil)
            return [seq, at, Data(prev), Data(hash)]
        }
    }
}
