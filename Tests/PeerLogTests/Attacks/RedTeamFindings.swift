import Foundation
import GRDB
import Testing
@testable import PeerLog
@testable import PeerLogFormat

/// Attacks a red-team review of voids and paper forms (at 0474359) found to succeed, each now a
/// test that fails if the attack succeeds again. The attacker is the insider of
/// docs/threat-model.md: write access to the file, no passphrase, only sqlite3 (`FileWriter`).
///
///  F1-F2  the role the fold takes from `pending_paper_form` is unsigned: `verify` with the key now
///         compares every filing's recorded role with the form's signed entry byte.
///  F4     an advisor-role `form-void` entry after the head: the coordinator no longer signs over it,
///         and only coordinator or deputy entries count as voids.
///  F5-F6  a column retyped by rewriting the schema: an error, never a trap, and the coordinator's
///         changes refuse to run over a schema that is not PeerLog's own.
///  F7     paper forms followed the unsigned `advisor.name_key`: advisors are now found by their
///         signed name.
///  F8     a replayed pending hash: refused at the fold, named by `verify`.
///  F10    purge re-ran trigger SQL read from the file: it now takes it from schema.sql.
/// Not fixed, documented in docs/threat-model.md: which of coordinator and deputy entered a paper
/// form can be swapped before the fold (F3), and the trail shows which forms came from paper (F9).
@Suite("Red-team findings on voids and paper forms: each attack fails")
struct RedTeamFindings {
    /// A program with Ana and a keyring.
    func program() throws -> (TestProgram, AdvisorCredential) {
        let program = try TestProgram()
        let ana = try program.enrol("Sgt. Ana Ortiz")
        return (program, ana)
    }

    func problems(_ program: TestProgram) throws -> [String] {
        try program.store.verify(keyring: program.store.unlockKeyring(secret: program.coordinatorPassphrase, unlocker: .passphrase)).problems
    }

    func hash(_ program: TestProgram, _ id: Identifier) throws -> Data {
        try FileWriter(path: program.path).read { db in
            let sealed = try #require(try Data.fetchOne(db, sql: "SELECT sealed FROM usage_form WHERE form_id = ?", arguments: [Data(id.bytes)]))
            return Data(try AuditEvent.formHash(of: [UInt8](sealed)))
        }
    }

    /// The role the trail gives the `form-filed` entry of `hash`, nil if there is none.
    func filedRole(_ program: TestProgram, _ hash: Data) throws -> String? {
        try FileWriter(path: program.path).read { db in
            try String.fetchOne(db, sql: "SELECT role FROM audit_event WHERE action = 'form-filed' AND form_hash = ?", arguments: [hash])
        }
    }

    /// Any coordinator action: it folds pending forms into the trail and signs a head over them.
    /// - Returns: whether a new head was signed (a refused action records and signs nothing).
    func coordinatorActs(_ program: TestProgram) -> Bool {
        let newest = { try? FileWriter(path: program.path).read { db in try Int64.fetchOne(db, sql: "SELECT max(seq) FROM signed_head") } }
        let before = newest()
        _ = try? program.store.record(.coordinator(program.keyring), action: "verify", outcome: "allowed")
        return newest() != before
    }

    // MARK: F1-F2: `pending_paper_form` is trusted by the fold; verify now checks it against the forms

    /// F1 (integrity, medium). Ana files her own form. Before the coordinator's next action, the
    /// file writer adds a `pending_paper_form` row for its hash saying the coordinator entered it.
    /// `foldPendingForms` takes the row at its word, so the trail records `form-filed` by
    /// `coordinator` for Ana's own form, and the coordinator's root signs the head over it. Neither
    /// `verify` (with the key, which can open the form and see entry byte 0x00) nor anything else
    /// compares the trail's role with the form's signed entry byte.
    @Test func F1_anAdvisorsOwnFormIsNotRecordedAsEnteredByTheCoordinator() throws {
        let (program, ana) = try program()
        let own = try program.store.file(as: ana, at: try time("2026-01-02 10:00"), incident: .other, intervention: .oneOnOne)
        let formHash = try hash(program, own)
        try FileWriter(path: program.path).execute("INSERT INTO pending_paper_form (form_hash, role) VALUES (?, 'coordinator')", [formHash])
        guard coordinatorActs(program) else { return }  // refusing to sign over it would be a fix
        let role = try filedRole(program, formHash)
        let found = try problems(program)
        #expect(role == Role.advisor.rawValue || !found.isEmpty,
                "the trail says '\(role ?? "-")' entered an advisor's own form, the coordinator signed it, and verify finds nothing: \(found)")
    }

    /// F2 (integrity, medium). The reverse: the coordinator enters a paper form for Ana; the file
    /// writer deletes its `pending_paper_form` row (no trigger guards the table). The fold then
    /// records it as filed by `advisor`, signed over by the root, and verify is clean.
    @Test func F2_aPaperFormIsNotRecordedAsTheAdvisorsOwn() throws {
        let (program, _) = try program()
        let paper = try program.store.fileOnPaper([PaperForm(advisorName: "Sgt. Ana Ortiz", entry: FormEntry(
            time: try time("2026-01-03 10:00"), incident: .criticalIncident, intervention: .groupSupport))], keyring: program.keyring)[0]
        let formHash = try hash(program, paper)
        try FileWriter(path: program.path).execute("DELETE FROM pending_paper_form WHERE form_hash = ?", [formHash])
        guard coordinatorActs(program) else { return }
        let role = try filedRole(program, formHash)
        let found = try problems(program)
        #expect(role == Role.coordinator.rawValue || !found.isEmpty,
                "the trail says '\(role ?? "-")' filed a paper form the coordinator entered, signed by the root, and verify finds nothing: \(found)")
    }

    // MARK: F4: a `form-void` entry from a role that needs no signature is signed over

    /// F4 (availability + "coordinator signs over the attacker's change", medium). `checkEntriesSince`
    /// lets the coordinator sign over any well-chained entry after the newest head unless its role is
    /// coordinator/deputy or its action is form-filed/form-purged. `form-void` is not on that list,
    /// and the void count (`voidedForms`, `verifyAudit`) counts `form-void`/`allowed` entries of ANY
    /// role. So the file writer appends a chained entry (role `advisor`, action `form-void`,
    /// outcome `allowed`; the chain needs no secret); the coordinator's next action signs a head
    /// over it; from then on the void rows and the trail never agree again, and every report,
    /// listing, usage answer and `void` refuses with `voidsDifferFromTrail`, with no way back
    /// short of a restore. Expected: the coordinator refuses to sign over it (entryAfterHeadForged),
    /// as for a forged `form-filed`.
    @Test func F4_anUnsignedFormVoidEntryIsNotSignedOver() throws {
        let (program, ana) = try program()
        try program.store.file(as: ana, at: try time("2026-01-02 10:00"), incident: .other, intervention: .oneOnOne)
        _ = coordinatorActs(program)
        let arguments: StatementArguments = try FileWriter(path: program.path).read { db in
            let row = try #require(try Row.fetchOne(db, sql: "SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1"))
            let seq = (row["seq"] as Int64) + 1
            let prev = [UInt8](row["hash"] as Data)
            let hash = try AuditEvent.chainHash(prev: prev, seq: seq, at: "2026-01-05T10:00Z", role: .advisor, action: "form-void",
                                                outcome: "allowed", formHash: nil)
            return [seq, "2026-01-05T10:00Z", Data(prev), Data(hash)]
        }
        try FileWriter(path: program.path).execute("""
            INSERT INTO audit_event (seq, at, role, action, outcome, form_hash, prev_hash, hash) VALUES (?, ?, 'advisor', 'form-void', 'allowed', NULL, ?, ?)
            """, arguments)
        let signedOver = coordinatorActs(program)
        #expect(!signedOver, "the coordinator signed a head over an advisor-role 'form-void' entry")
        if signedOver {
            // The damage, now under the root's signature: every count refuses for good.
            #expect(throws: Never.self, "reports are permanently refused") { _ = try program.store.coordinatorReport(keyring: program.keyring) }
        }
    }

    // MARK: F5-F6: a retyped column is an error, not a trap (GRDB's `row[...] as T` traps on a
    // value it cannot convert; such reads of the new tables no longer force the type)

    /// Rewrites a table's declaration as the `sqlite3` shell can (`PRAGMA writable_schema`): the
    /// same columns, no STRICT typing and no CHECK, so any value fits.
    func loosen(_ program: TestProgram, table: String, to declaration: String) throws {
        try FileWriter(path: program.path).execute("""
            PRAGMA writable_schema = ON;
            UPDATE sqlite_master SET sql = '\(declaration)' WHERE type = 'table' AND name = '\(table)';
            PRAGMA writable_schema = OFF;
            """, dropping: [])
    }

    /// F5 (availability, low: needs only write access). `SignedRows.loadVoids` reads
    /// `row["sealed"] as Data`; an integer there traps (exit 132, SIGILL) in every command that
    /// loads the signed rows: `verify` and `audit verify` (keyless), `backup`, an advisor's `file`,
    /// `forms`, `report`. Expected: a TamperingError/StoreError and exit 65/74, as `usage_form`
    /// already gives for the same edit.
    @Test
    func F5_aRetypedVoidColumnIsAnErrorNotATrap() throws {
        let (program, ana) = try program()
        let id = try program.store.file(as: ana, at: try time("2026-01-02 10:00"), incident: .other, intervention: .oneOnOne)
        try program.store.voidForm(reference: id.hex, reason: .mistake, keyring: program.keyring)
        try loosen(program, table: "form_void", to: "CREATE TABLE form_void (void_id BLOB PRIMARY KEY, key_id, sealed, signature) WITHOUT ROWID")
        try FileWriter(path: program.path).execute("UPDATE form_void SET sealed = 12345", dropping: ["form_void_no_update"])
        #expect(throws: (any Error).self) { _ = try PeerLogStore(openingExisting: program.path).verify(keyring: nil) }
    }

    /// F6 (availability, low). `foldPendingForms` reads `row["role"] as String?`; an integer role in
    /// `pending_paper_form` traps every coordinator action (each folds first), and `forms`/`report`.
    @Test
    func F6_aRetypedPaperRoleIsAnErrorNotATrap() throws {
        let (program, ana) = try program()
        try program.store.file(as: ana, at: try time("2026-01-02 10:00"), incident: .other, intervention: .oneOnOne)
        try loosen(program, table: "pending_paper_form", to: "CREATE TABLE pending_paper_form (form_hash BLOB PRIMARY KEY, role) WITHOUT ROWID")
        try FileWriter(path: program.path).execute("INSERT INTO pending_paper_form SELECT form_hash, 42 FROM pending_form", dropping: [])
        #expect(!coordinatorActs(program), "the coordinator signed over a schema rewritten in the file")
    }

    // MARK: F7: a paper form lands on whichever roster row carries the typed name's key

    /// F7 (integrity, HIGH for paper forms). The roster entry the root signs covers the advisor's
    /// `name`, not `advisor.name_key`, and `paperTarget` finds the advisor by `name_key` alone,
    /// never checking that the signed name is the one typed. The file writer swaps the two
    /// advisors' `name_key` values (no signature or head changes). The coordinator then enters
    /// Bob's paper form (`file --on-behalf-of "Ofc. Bob Lee"`, or a batch line naming him): it
    /// is sealed under ANA's id, signed by the root, and every report counts it for Ana. The
    /// confirmation message names nobody, and `verify` finds nothing.
    @Test func F7_aPaperFormForBobIsNotFiledForAnaAfterANameKeySwap() throws {
        let (program, ana) = try program()
        let bob = try program.enrol("Ofc. Bob Lee")
        let writer = FileWriter(path: program.path)
        try writer.execute("UPDATE advisor SET name_key = 'tmp' WHERE name_key = 'ofc. bob lee'")
        try writer.execute("UPDATE advisor SET name_key = 'ofc. bob lee' WHERE name_key = 'sgt. ana ortiz'")
        try writer.execute("UPDATE advisor SET name_key = 'sgt. ana ortiz' WHERE name_key = 'tmp'")
        let filed = try? program.store.fileOnPaper([PaperForm(advisorName: "Ofc. Bob Lee", entry: FormEntry(
            time: try time("2026-01-03 10:00"), incident: .traumaticEvent, intervention: .oneOnOne))], keyring: program.keyring)
        guard let id = filed?.first else { return }  // refusing is a fix
        var advisorOfForm: Identifier?
        try program.store.forEachForm(keyring: program.keyring) { form in if form.id == id { advisorOfForm = form.advisorID } }
        #expect(advisorOfForm == bob.advisorID, "Bob's paper form was sealed and root-signed for \(advisorOfForm == ana.advisorID ? "Ana" : "someone else")")
        let found = try problems(program)
        #expect(advisorOfForm == bob.advisorID || !found.isEmpty, "and verify finds nothing: \(found)")
    }

    // MARK: F8: a replayed pending hash is folded and signed over

    /// F8 (trail integrity/availability, low; not specific to paper forms, but the fold they
    /// extended). The file writer puts the hash of an already folded paper form back into
    /// `pending_form` (with its `pending_paper_form` row). Keyless verify before the fold says
    /// nothing; the coordinator's next action folds a second `form-filed` entry for it and signs
    /// the head; from then on verify reports a deleted form that was never deleted, under the
    /// root's signature. Expected: the fold refuses a hash the trail already holds (or one no
    /// stored form has), or verify names it before the coordinator signs.
    @Test func F8_aReplayedPendingHashIsNotSignedOver() throws {
        let (program, _) = try program()
        let paper = try program.store.fileOnPaper([PaperForm(advisorName: "Sgt. Ana Ortiz", entry: FormEntry(
            time: try time("2026-01-03 10:00"), incident: .other, intervention: .oneOnOne))], keyring: program.keyring)[0]
        _ = coordinatorActs(program)
        let formHash = try hash(program, paper)
        try FileWriter(path: program.path).execute("INSERT INTO pending_form VALUES (?)", [formHash])
        try FileWriter(path: program.path).execute("INSERT INTO pending_paper_form VALUES (?, 'coordinator')", [formHash])
        let before = try PeerLogStore(openingExisting: program.path).verify(keyring: nil).problems
        let signedOver = coordinatorActs(program)
        #expect(!signedOver || !before.isEmpty, "the coordinator folded and signed a replayed filing that verify did not name beforehand")
    }

    // MARK: F10: purge runs SQL text taken from the file, inside the coordinator's signed transaction

    /// Appends `tail` to the stored text of the `usage_form_no_delete` trigger (`PRAGMA
    /// writable_schema`): SQLite compiles only the first statement when it loads the schema, so
    /// the database stays sound and the trigger works; `purge` reads that text back from
    /// `sqlite_master` and runs ALL of it (`db.execute(sql: guardSQL)`).
    func plantInPurgeGuard(_ program: TestProgram, _ tail: String) throws {
        try FileWriter(path: program.path).execute("""
            PRAGMA writable_schema = ON;
            UPDATE sqlite_master SET sql = sql || ? WHERE type = 'trigger' AND name = 'usage_form_no_delete';
            PRAGMA writable_schema = OFF;
            """, [tail], dropping: [])
    }

    /// A program with Ana's two forms, the first voided, and one planted SQL tail.
    func purgeProgram(planting tail: String) throws -> TestProgram {
        let (program, ana) = try program()
        let ids = try program.store.file(batch: [
            FormEntry(time: try time("2026-01-02 10:00"), incident: .other, intervention: .oneOnOne),
            FormEntry(time: try time("2026-01-04 10:00"), incident: .other, intervention: .referral),
        ], as: ana)
        try program.store.voidForm(reference: ids[1].hex, reason: .duplicate, keyring: program.keyring)
        try plantInPurgeGuard(program, tail)
        // The coordinator purges what was served before 3 January: the first form.
        _ = try? program.store.purge(before: try CalendarDate(year: 2026, month: 1, day: 3), keyring: program.keyring)
        return program
    }

    /// F10a (integrity, HIGH: a file writer's SQL runs with the coordinator's authority). The planted
    /// SQL deletes the void; the coordinator's purge runs it and signs a head whose state has no
    /// void. (Here the trail's form-void count still gives it away; see F10b for a change the
    /// signed head then vouches for with nothing to show.) Escalation: with the usage_form guard
    /// lifted and every check already passed, the planted SQL can rewrite anything the next head
    /// then signs: delete other forms, drop guards, replace the audit tail with a precomputed
    /// one that leaves a void out (the chain needs no secret) and delete the heads after it.
    @Test func F10a_purgeDoesNotRunSQLPlantedInTheFile() throws {
        let program = try purgeProgram(planting: "; DROP TRIGGER form_void_no_delete; DELETE FROM form_void")
        let voids = try FileWriter(path: program.path).read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM form_void") }
        #expect(voids == 1, "the coordinator's purge ran the file's SQL and deleted the void under a signed head")
    }

    /// F10b (availability, medium; silent). The planted SQL deletes the recovery-code wrap of the
    /// program key. Wraps are covered only by the signed state, which the coordinator's purge
    /// re-signs, so `verify` (with or without the key) finds nothing, and the recovery code no
    /// longer opens the program: found out only the day it is needed.
    @Test func F10b_purgeDoesNotSilentlyDropTheRecoveryWrap() throws {
        let program = try purgeProgram(planting: "; DELETE FROM program_key_wrap WHERE unlocker = 'recovery-code'")
        let wraps = try FileWriter(path: program.path).read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM program_key_wrap WHERE unlocker = 'recovery-code'")
        }
        let found = try problems(program)
        #expect(wraps == 1 || !found.isEmpty, "the recovery-code wrap is gone under the coordinator's signature and verify finds nothing: \(found)")
    }
}
