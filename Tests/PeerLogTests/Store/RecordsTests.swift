import Foundation
import GRDB
import Testing
@testable import PeerLog
@testable import PeerLogFormat

@Suite("Records over the years: backup, restore, verify, retention purge")
struct RecordsTests {
    func programWithForms(_ days: [String]) throws -> (TestProgram, AdvisorCredential) {
        let program = try TestProgram()
        let ana = try program.enrol("Sgt. Ana Ortiz")
        for day in days { try program.store.file(as: ana, at: try time("\(day) 10:00"), incident: .other, intervention: .oneOnOne) }
        return (program, ana)
    }

    @Test func backupWhileFilingIsConsistentAndVerified() async throws {
        let (program, ana) = try programWithForms(["2026-01-02", "2026-01-03"])
        let store = program.store
        let filer = Task.detached {
            for i in 0..<40 { try store.file(as: ana, at: try time("2026-02-\(10 + i % 15) 10:00"), incident: .other, intervention: .followUp) }
        }
        let copy = program.directory + "/backup.db"
        let check = try store.backup(to: copy)
        try await filer.value
        #expect(check.isSound)
        let restored = try PeerLogStore(openingExisting: copy)
        #expect(try restored.verify(keyring: restored.unlockProgram(passphrase: program.coordinatorPassphrase)).isSound)
        let copied = try restored.formCount()
        #expect(copied >= 2 && copied <= 42)
        #expect(try store.formCount() == 42)
        #expect(throws: StoreError.self) { try store.backup(to: copy) }
    }

    @Test func verifyFindsAnAlteredFormAndSaysWhatItCouldNotCheck() throws {
        let (program, _) = try programWithForms(["2026-01-02", "2026-01-03"])
        let partial = try program.store.verify(keyring: nil)
        #expect(partial.isSound)
        #expect(partial.formsVerified == nil)
        #expect(!partial.notChecked.isEmpty)
        try DatabaseQueue(path: program.path).writeWithoutTransaction { db in
            try db.execute(sql: "DROP TRIGGER usage_form_no_update")
            try db.execute(sql: "UPDATE usage_form SET sealed = zeroblob(304) WHERE form_id = (SELECT min(form_id) FROM usage_form)")
        }
        let full = try program.store.verify(keyring: program.keyring)
        #expect(!full.isSound)
        #expect(full.formsVerified == 1)
        #expect(full.formFailures.count == 1)
        #expect(full.problems.contains { $0.contains("failed authentication") })
    }

    @Test func restoreRefusesATamperedBackupAndRestoresAGoodOne() throws {
        let (program, ana) = try programWithForms(["2026-01-02"])
        let good = program.directory + "/good.db", bad = program.directory + "/bad.db"
        try program.store.backup(to: good)
        try program.store.backup(to: bad)
        try DatabaseQueue(path: bad).writeWithoutTransaction { db in
            try db.execute(sql: "DROP TRIGGER audit_event_no_update")
            try db.execute(sql: "UPDATE audit_event SET outcome = 'denied' WHERE seq = 1")
        }
        try program.store.file(as: ana, at: try time("2026-01-05 10:00"), incident: .other, intervention: .oneOnOne)
        #expect(throws: StoreError.self) {
            try PeerLogStore.restore(from: bad, to: program.path, current: program.keyring, backupPassphrase: program.coordinatorPassphrase)
        }
        #expect(try program.store.formCount() == 2)
        let goodBytes = rawBytes(good)
        // The form filed after the backups would be lost: the restore says so and needs force.
        #expect(throws: RestoreRefusal.self) {
            try PeerLogStore.restore(from: good, to: program.path, current: program.keyring, backupPassphrase: program.coordinatorPassphrase)
        }
        let report = try PeerLogStore.restore(from: good, to: program.path, current: program.keyring,
                                              backupPassphrase: program.coordinatorPassphrase, force: true)
        #expect(report.lost.forms == 1)
        #expect(rawBytes(good) == goodBytes, "restoring changed the backup file")
        #expect(!FileManager.default.fileExists(atPath: good + "-wal"))
        let reopened = try PeerLogStore(openingExisting: program.path)
        #expect(try reopened.formCount() == 1)
        #expect(try reopened.verifyAudit().isIntact)
        #expect(try reopened.auditEvents().last?.action == "restore")
    }

    @Test func purgeRemovesOldFormsLeavesNoCiphertextAndKeepsPublishedReports() throws {
        let (program, _) = try programWithForms(["2023-02-01", "2023-05-01", "2023-05-02", "2026-01-02"])
        let report = try program.store.commandStaffReport(keyring: program.keyring, from: nil, to: nil, by: .year, control: try DisclosureControl())
        try program.store.publish(report, keyring: program.keyring)
        let oldBlobs = try program.store.read { db in
            try Row.fetchAll(db, sql: "SELECT sealed FROM usage_form").map { [UInt8]($0["sealed"] as Data) }
        }
        let cutoff = try CalendarDate(parsing: "2024-01-01")
        let plan = try program.store.purgePlan(before: cutoff, keyring: program.keyring)
        #expect(plan.byQuarter.map { "\($0.quarter) \($0.forms)" } == ["2023-Q1 1", "2023-Q2 2"])
        #expect(try program.store.formCount() == 4, "a plan deletes nothing")

        #expect(try program.store.purge(before: cutoff, keyring: program.keyring) == 3)
        #expect(try program.store.formCount() == 1)
        #expect(try program.store.verifyAudit().isIntact)
        let remaining = try program.store.read { db in try Data.fetchOne(db, sql: "SELECT sealed FROM usage_form").map { [UInt8]($0) } }
        let disk = rawBytes(program.path) + rawBytes(program.path + "-wal")
        for blob in oldBlobs where blob != remaining {
            #expect(occurrences(of: Array(blob.prefix(48)), in: disk) == 0, "purged ciphertext lingers on disk")
        }
        #expect(try program.store.latestPublishedReport(as: .coordinator(program.keyring)).report.rows == report.rows)
        let backup = program.directory + "/after-purge.db"
        try program.store.backup(to: backup)
        for blob in oldBlobs where blob != remaining {
            #expect(occurrences(of: Array(blob.prefix(48)), in: rawBytes(backup)) == 0, "purged ciphertext reappears in a backup")
        }
    }

    @Test func retentionPeriods() throws {
        #expect(try RetentionPeriod.parse("3y") == 36)
        #expect(try RetentionPeriod.parse("18m") == 18)
        #expect(try RetentionPeriod.parse("off") == nil)
        for bad in ["3", "y", "-1y", "3w", "0m", "2000y"] { #expect(throws: InputError.self) { try RetentionPeriod.parse(bad) } }
        #expect(try RetentionPeriod.cutoff(months: 36, today: CalendarDate(parsing: "2026-11-25")).description == "2023-11-25")
        #expect(try RetentionPeriod.cutoff(months: 1, today: CalendarDate(parsing: "2026-03-31")).description == "2026-02-28")
        let program = try TestProgram()
        try program.store.setRetention(months: 36, keyring: program.keyring)
        #expect(try program.store.retentionMonths() == 36)
    }
}
