import Foundation
import GRDB
import Testing
@testable import PeerLog
@testable import PeerLogFormat

@Suite("Batch filing: several forms in one transaction, all or none, each audited")
struct BatchFilingTests {
    static func entries(_ count: Int) throws -> [FormEntry] {
        try (0..<count).map { i in
            FormEntry(time: try time("2026-01-0\(1 + i % 4) 1\(i % 10):00"), incident: IncidentType.allCases[i % 10],
                      intervention: InterventionKind.allCases[i % 7])
        }
    }

    @Test func aBatchIsFiledAsIfOneByOne() throws {
        let program = try TestProgram()
        let ana = try program.enrol("Sgt. Ana Ortiz")
        let entries = try Self.entries(12)
        let ids = try program.store.file(batch: entries, as: ana)
        #expect(Set(ids).count == 12)
        #expect(try program.store.formCount() == 12)

        var opened: [Identifier: UsageForm] = [:]
        try program.store.forEachForm(keyring: program.keyring) { opened[$0.id] = $0 }
        for (id, entry) in zip(ids, entries) {
            let form = try #require(opened[id])
            #expect(form.advisorID == ana.advisorID)
            #expect(FormEntry(time: form.serviceTime, incident: form.incident, intervention: form.intervention) == entry)
        }
        let verification = try program.store.verifyAudit()
        #expect(verification.isIntact)
        #expect(verification.forms == 12)
        #expect(verification.pending == 12)
        #expect(try program.store.auditEvents().filter { $0.action == "form-filed" }.isEmpty, "filings wait for the coordinator")
        _ = try program.store.unlockProgram(passphrase: program.coordinatorPassphrase)
        #expect(try program.store.auditEvents().filter { $0.action == "form-filed" }.count == 12)
        #expect(try program.store.verifyAudit().pending == 0)
    }

    /// The fold deletes the pending filings in slices (`foldPendingForms`): more than one slice's
    /// worth must all leave the pending set and each enter the trail once.
    @Test func aFoldLargerThanOneSliceLeavesNothingPending() throws {
        let program = try TestProgram()
        let ana = try program.enrol("Sgt. Ana Ortiz")
        _ = try program.store.file(batch: try Self.entries(4096 + 7), as: ana)
        _ = try program.store.unlockProgram(passphrase: program.coordinatorPassphrase)
        let pending = try program.store.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM pending_form") }
        #expect(pending == 0)
        #expect(try program.store.auditEvents().filter { $0.action == "form-filed" }.count == 4096 + 7)
        #expect(try program.store.verifyAudit().isIntact)
    }

    @Test func anEmptyBatchWritesNothing() throws {
        let program = try TestProgram()
        let ana = try program.enrol("Sgt. Ana Ortiz")
        let head = try program.store.auditHead()
        #expect(try program.store.file(batch: [], as: ana).isEmpty)
        #expect(try program.store.auditHead().seq == head.seq)
    }

    @Test func aRetiredAdvisorsBatchIsRefusedWhole() throws {
        let program = try TestProgram()
        let ana = try program.enrol("Sgt. Ana Ortiz")
        _ = try program.store.retireAdvisor(named: "Sgt. Ana Ortiz", authority: program.keyring, today: TestProgram.today)
        let head = try program.store.auditHead()
        #expect(throws: AccessError.retiredAdvisor("Sgt. Ana Ortiz")) { try program.store.file(batch: try Self.entries(3), as: ana) }
        #expect(try program.store.formCount() == 0)
        #expect(try program.store.auditHead().seq == head.seq)
    }

    /// A failure part-way (here a trigger refusing the third form) rolls back the forms before it.
    @Test func aBatchThatFailsPartWayLeavesNothing() throws {
        let program = try TestProgram()
        let ana = try program.enrol("Sgt. Ana Ortiz")
        try DatabaseQueue(path: program.path).write { db in
            try db.execute(sql: """
                CREATE TRIGGER refuse_third_form BEFORE INSERT ON usage_form
                WHEN (SELECT count(*) FROM usage_form) >= 2
                BEGIN SELECT RAISE(ABORT, 'refused by the test'); END
                """)
        }
        let head = try program.store.auditHead()
        #expect(throws: StoreError.self) { try program.store.file(batch: try Self.entries(5), as: ana) }
        #expect(try program.store.formCount() == 0)
        #expect(try program.store.auditHead().seq == head.seq)
        // The test's own trigger goes before the check: verify names any schema not PeerLog's.
        try DatabaseQueue(path: program.path).write { db in try db.execute(sql: "DROP TRIGGER refuse_third_form") }
        #expect(try program.store.verifyAudit().isIntact)
    }
}
