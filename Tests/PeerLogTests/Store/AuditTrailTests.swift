import Foundation
import GRDB
import Testing
@testable import PeerLog
@testable import PeerLogFormat

@Suite("Audit trail: hash-chained, subject-free, tamper-evident")
struct AuditTrailTests {
    /// Edits the audit table behind PeerLog's back (dropping the guards, as an attacker could).
    func tamper(_ path: String, _ sql: String, _ arguments: StatementArguments = []) throws {
        try FileWriter(path: path).execute(sql, arguments)
    }

    /// A program with a few audited actions and two forms, folded into the trail by the
    /// coordinator's report.
    func busyProgram() throws -> TestProgram {
        let program = try TestProgram()
        let ana = try program.enrol("Sgt. Ana Ortiz")
        let chief = try program.commandStaff()
        try program.store.file(as: ana, at: try time("2026-01-02 10:00"), incident: .other, intervention: .oneOnOne)
        try program.store.file(as: ana, at: try time("2026-01-03 10:00"), incident: .other, intervention: .referral)
        try program.store.recordReferral(.commandStaff(chief), request: .queryUsage)
        _ = try program.store.coordinatorReport(keyring: program.keyring)
        try program.store.checkpoint()
        return program
    }

    @Test func intactTrailVerifies() throws {
        let program = try busyProgram()
        let result = try program.store.verifyAudit()
        #expect(result.isIntact)
        #expect(result.forms == 2)
        #expect(result.entries >= 7)
        #expect(try program.store.auditEvents().map(\.action).contains("form-filed"))
    }

    @Test func editedEntryIsNamed() throws {
        let program = try busyProgram()
        try tamper(program.path, "UPDATE audit_event SET outcome = 'allowed' WHERE action = 'query-usage'")
        let seq = try #require(try program.store.auditEvents().first { $0.action == "query-usage" }?.seq)
        #expect(try program.store.verifyAudit().findings.first == .editedEntry(seq: seq))
    }

    @Test func deletedEntryIsNamed() throws {
        let program = try busyProgram()
        try tamper(program.path, "DELETE FROM audit_event WHERE seq = 3")
        #expect(try program.store.verifyAudit().findings.first == .missingEntry(seq: 3))
    }

    @Test func insertedEntryIsNamed() throws {
        let program = try busyProgram()
        // Make room by shifting the tail, then insert a plausible entry at 3.
        try tamper(program.path, "UPDATE audit_event SET seq = seq + 1000 WHERE seq >= 3")
        try tamper(program.path, "UPDATE audit_event SET seq = seq - 999 WHERE seq >= 1000")
        try tamper(program.path, """
            INSERT INTO audit_event (seq, at, role, action, outcome, form_hash, prev_hash, hash)
            SELECT 3, '2026-01-01T00:00Z', 'coordinator', 'unlock', 'allowed', NULL, hash, randomblob(32) FROM audit_event WHERE seq = 2
            """)
        let findings = try program.store.verifyAudit().findings
        #expect(findings.first == .editedEntry(seq: 3) || findings.first == .brokenLink(seq: 4))
        #expect(!(try program.store.verifyAudit().isIntact))
    }

    @Test func reorderedEntriesAreNamed() throws {
        let program = try busyProgram()
        try tamper(program.path, "UPDATE audit_event SET seq = 1003 WHERE seq = 3")
        try tamper(program.path, "UPDATE audit_event SET seq = 3 WHERE seq = 4")
        try tamper(program.path, "UPDATE audit_event SET seq = 4 WHERE seq = 1003")
        #expect(try program.store.verifyAudit().findings.first == .brokenLink(seq: 3))
    }

    /// Cutting the newest entry breaks the signed head that names it. Cutting it together with
    /// its signed head leaves an older, genuinely signed trail: only a head kept elsewhere (or one
    /// a published report carries) shows that something is missing.
    @Test func truncatedTailIsDetectedAgainstAKnownHead() throws {
        let program = try busyProgram()
        _ = try program.store.unlockProgram(passphrase: program.coordinatorPassphrase)
        let head = try program.store.auditHead()
        try tamper(program.path, "DELETE FROM audit_event WHERE seq = ?", [head.seq])
        #expect(try program.store.verifyAudit().findings.contains(.tampered(.headNotInTrail(seq: head.seq))))
        try tamper(program.path, "DELETE FROM signed_head WHERE seq = ?", [head.seq])
        let cut = try program.store.verifyAudit()
        #expect(cut.isIntact, "without a known head, a tail cut back to a signed head cannot be seen: \(cut.findings)")
        let withHead = try program.store.verifyAudit(knownHead: hexString(head.hash))
        #expect(withHead.findings.contains(.unknownHead(hexString(head.hash))))
        #expect(!withHead.isIntact)
    }

    @Test func laterUseAfterAKnownHeadIsNotAProblem() throws {
        let program = try busyProgram()
        let chief = try program.commandStaff("Maj. Second Reader")
        let head = try program.store.auditHead()
        try program.store.recordReferral(.commandStaff(chief), request: .coordinatorReport)
        let result = try program.store.verifyAudit(knownHead: hexString(head.hash))
        #expect(result.isIntact)
        #expect(result.findings == [.entriesAfterHead(count: 1)])
    }

    @Test func deletedAndInsertedFormsAreDetected() throws {
        let program = try busyProgram()
        try tamper(program.path, "DELETE FROM usage_form WHERE form_id = (SELECT min(form_id) FROM usage_form)")
        #expect(try program.store.verifyAudit().findings == [.formMissing(count: 1)])

        let other = try busyProgram()
        try tamper(other.path, "DROP TRIGGER IF EXISTS usage_form_no_update")
        try tamper(other.path, "INSERT INTO usage_form SELECT randomblob(16), key_id, sealed FROM usage_form LIMIT 1")
        #expect(try other.store.verifyAudit().findings == [.formNotInTrail(count: 1)])
    }

    @Test func theDatabaseItselfRefusesToEditTheTrail() throws {
        let program = try busyProgram()
        #expect(throws: StoreError.self) { try program.store.write { db in try db.execute(sql: "UPDATE audit_event SET outcome = 'denied'") } }
        #expect(throws: StoreError.self) { try program.store.write { db in try db.execute(sql: "DELETE FROM audit_event") } }
    }

    @Test func filingEntriesCarryNoTimeAndNoAdvisor() throws {
        let program = try TestProgram()
        let ana = try program.enrol("Sgt. Ana Ortiz")
        try program.store.file(as: ana, at: try time("2026-01-02 10:00"), incident: .other, intervention: .oneOnOne)
        #expect(try program.store.auditEvents().first { $0.action == "form-filed" } == nil, "a filing is pending until the coordinator acts")
        _ = try program.store.unlockProgram(passphrase: program.coordinatorPassphrase)
        let filing = try #require(try program.store.auditEvents().first { $0.action == "form-filed" })
        #expect(filing.at == nil)
        #expect(filing.role == .advisor)
        let rowBytes = try program.store.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM audit_event").flatMap { row in
                row.databaseValues.flatMap { value -> [UInt8] in
                    switch value.storage {
                    case let .string(s): return Array(s.utf8)
                    case let .blob(d): return [UInt8](d)
                    default: return Array(value.description.utf8)
                    }
                }
            }
        }
        #expect(occurrences(of: ana.advisorID.bytes, in: rowBytes) == 0)
        #expect(occurrences(of: Array("Ana".utf8), in: rowBytes) == 0)
        #expect(occurrences(of: Array("2026-01-02".utf8), in: rowBytes) == 0)
        #expect(try program.store.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM pending_form") } == 0)
    }
}
