import Foundation
import GRDB
import Testing
@testable import PeerLog
@testable import PeerLogFormat

/// Restore replaces everything, so only the program's own coordinator may do it, only with a
/// backup of the same program; it counts what the current database holds that the backup lacks
/// and refuses to lose any of it unless forced; and it always keeps the file it replaced.
@Suite("Restore only by the program's own coordinator, nothing lost by surprise, the replaced file kept")
struct RestoreGuardTests {
    static func mode(_ path: String) throws -> Int {
        try #require(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }

    static func names(in directory: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
    }

    @Test func aDatabaseThereIsReplacedOnlyWithItsCoordinatorsUnlock() throws {
        let program = try TestProgram()
        let backup = program.directory + "/backup.db"
        try program.store.backup(to: backup)
        #expect(throws: RestoreRefusal.needsCurrentCoordinator) {
            try PeerLogStore.restore(from: backup, to: program.path, current: nil, backupPassphrase: program.coordinatorPassphrase)
        }
    }

    /// A backup taken before a deputy was removed holds that deputy and copies of its keys for
    /// them: restoring it would undo the removal. Refused unless forced, and named either way.
    @Test func aBackupFromBeforeADeputysRemovalSaysItAppointsThemAgain() throws {
        let program = try TestProgram()
        _ = try program.store.addDeputy(name: "Sgt. Hank Ruiz", passphrase: secret(strong("deputy hank")), authority: program.keyring,
                                    kdf: .minimum, today: TestProgram.today)
        let old = program.directory + "/before-removal.db"
        try program.store.backup(to: old)
        let afterAppointing = try program.store.unlockProgram(passphrase: program.coordinatorPassphrase)
        _ = try program.store.removeDeputy(named: "Sgt. Hank Ruiz", authority: afterAppointing, passphrase: program.coordinatorPassphrase,
                                           kdf: .minimum, today: TestProgram.today)
        let current = try program.store.unlockProgram(passphrase: program.coordinatorPassphrase)
        #expect {
            try PeerLogStore.restore(from: old, to: program.path, current: current, backupPassphrase: program.coordinatorPassphrase)
        } throws: { error in
            guard case let RestoreRefusal.wouldLose(loss) = error else { return false }
            return loss.deputiesBack == ["Sgt. Hank Ruiz"] && "\(error)".contains("appoint again the deputy Sgt. Hank Ruiz")
        }
        #expect(try program.store.deputies().isEmpty, "a refused restore changes nothing")
        let report = try PeerLogStore.restore(from: old, to: program.path, current: current,
                                              backupPassphrase: program.coordinatorPassphrase, force: true)
        #expect(report.lost.deputiesBack == ["Sgt. Hank Ruiz"])
        #expect(try PeerLogStore(openingExisting: program.path).deputies().map(\.name) == ["Sgt. Hank Ruiz"])
    }

    @Test func aBackupOfAnotherProgramIsRefused() throws {
        let program = try TestProgram(), other = try TestProgram(name: "Another Program")
        let backup = other.directory + "/other.db"
        try other.store.backup(to: backup)
        #expect(throws: RestoreRefusal.otherProgram) {
            try PeerLogStore.restore(from: backup, to: program.path, current: program.keyring, backupPassphrase: other.coordinatorPassphrase,
                                     force: true)
        }
        #expect(try program.store.verify(keyring: program.keyring).isSound)
    }

    @Test func anOlderBackupIsARollbackAndNeedsSayingSo() throws {
        let program = try TestProgram()
        let old = program.directory + "/old.db"
        try program.store.backup(to: old)
        let entriesAfterBackup = try program.store.auditEvents().count
        try program.enrol("Sgt. Ana Ortiz")
        let added = try program.store.auditEvents().count - entriesAfterBackup
        #expect(added > 0)
        #expect(throws: RestoreRefusal.wouldLose(RestoreLoss(forms: 0, publications: 0, auditEntries: added))) {
            try PeerLogStore.restore(from: old, to: program.path, current: program.keyring, backupPassphrase: program.coordinatorPassphrase)
        }
        #expect(try program.store.roster().count == 1, "a refused restore changes nothing")
        let report = try PeerLogStore.restore(from: old, to: program.path, current: program.keyring,
                                              backupPassphrase: program.coordinatorPassphrase, force: true)
        #expect(report.outcome == .rolledBack)
        let restored = try PeerLogStore(openingExisting: program.path)
        #expect(try restored.roster().isEmpty)
        #expect(try restored.auditEvents().last?.action == "restore-rollback")
        #expect(try restored.verifyAudit().isIntact)
    }

    @Test func aBackupHoldingEverythingIsAPlainRestore() throws {
        let program = try TestProgram()
        try program.enrol("Sgt. Ana Ortiz")
        let backup = program.directory + "/backup.db", again = program.directory + "/backup-again.db"
        try program.store.backup(to: backup)
        try program.store.backup(to: again)
        let report = try PeerLogStore.restore(from: backup, to: program.path, current: program.keyring,
                                              backupPassphrase: program.coordinatorPassphrase)
        #expect(report.outcome == .restored)
        #expect(report.lost.isEmpty, "only records of copies of this very state were missing: \(report.lost.description)")
        #expect(try PeerLogStore(openingExisting: program.path).auditEvents().last?.action == "restore")
    }

    /// The tired coordinator's mistake: last week's backup restored over a database that advisors
    /// kept filing into. The forms filed since are not signed into the audit trail yet (they wait
    /// for the coordinator's next action), so only counting the forms themselves catches them.
    @Test func formsFiledAfterTheBackupAreNotDroppedWithoutForce() throws {
        let program = try TestProgram()
        let ana = try program.enrol("Sgt. Ana Ortiz")
        try program.store.file(as: ana, at: try time("2026-01-02 10:00"), incident: .other, intervention: .oneOnOne)
        let backup = program.directory + "/last-week.db"
        try program.store.backup(to: backup)
        try program.store.file(as: ana, at: try time("2026-01-03 10:00"), incident: .other, intervention: .oneOnOne)
        try program.store.file(as: ana, at: try time("2026-01-04 10:00"), incident: .other, intervention: .followUp)
        let before = rawBytes(program.path)

        #expect(throws: RestoreRefusal.wouldLose(RestoreLoss(forms: 2, publications: 0, auditEntries: 0))) {
            try PeerLogStore.restore(from: backup, to: program.path, current: program.keyring, backupPassphrase: program.coordinatorPassphrase)
        }
        #expect(try program.store.formCount() == 3)
        #expect(rawBytes(program.path) == before, "a refused restore wrote to the database")
        #expect(try Self.names(in: program.directory) == ["last-week.db", "peerlog.db", "peerlog.db-shm", "peerlog.db-wal"],
                "a refused restore left files behind")

        let report = try PeerLogStore.restore(from: backup, to: program.path, current: program.keyring,
                                              backupPassphrase: program.coordinatorPassphrase, force: true)
        #expect(report.lost == RestoreLoss(forms: 2, publications: 0, auditEntries: 0))
        #expect(try PeerLogStore(openingExisting: program.path).formCount() == 1)
        // The two forms are not gone: the replaced database, sealed as it was, still has them.
        let kept = try #require(report.keptReplaced)
        #expect(kept.hasPrefix(program.path + ".replaced-"))
        #expect(try Self.mode(kept) == 0o600)
        let replaced = try PeerLogStore(openingExisting: kept)
        #expect(try replaced.formCount() == 3)
        #expect(try replaced.verify(keyring: replaced.unlockProgram(passphrase: program.coordinatorPassphrase)).isSound)
    }

    @Test func aPublicationMadeAfterTheBackupCounts() throws {
        let program = try TestProgram()
        let backup = program.directory + "/backup.db"
        try program.store.backup(to: backup)
        let report = try program.store.commandStaffReport(keyring: program.keyring, from: try CalendarDate(parsing: "2025-01-01"),
                                                          to: try CalendarDate(parsing: "2025-12-31"), by: .year, control: try DisclosureControl())
        try program.store.publish(report, keyring: program.keyring)
        do {
            _ = try PeerLogStore.restore(from: backup, to: program.path, current: program.keyring,
                                         backupPassphrase: program.coordinatorPassphrase)
            Issue.record("a restore dropped a publication without --force")
        } catch let RestoreRefusal.wouldLose(loss) {
            #expect(loss.publications == 1)
            #expect(loss.auditEntries > 0)
        }
        #expect(try program.store.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM published_report") } == 1)
    }

    @Test func theReplacedFileIsKeptEvenWhenNothingIsLost() throws {
        let program = try TestProgram()
        try program.enrol("Sgt. Ana Ortiz")
        let backup = program.directory + "/backup.db"
        try program.store.backup(to: backup)
        let head = try program.store.auditHead()
        let report = try PeerLogStore.restore(from: backup, to: program.path, current: program.keyring,
                                              backupPassphrase: program.coordinatorPassphrase)
        let kept = try #require(report.keptReplaced)
        #expect(try Self.mode(kept) == 0o600)
        #expect(try PeerLogStore(openingExisting: kept).auditHead() == head, "the kept file is not the database that was replaced")
        // A second restore in the same second keeps its own copy, never overwriting the first.
        let second = try PeerLogStore.restore(from: backup, to: program.path, current: program.keyring,
                                              backupPassphrase: program.coordinatorPassphrase, force: true, now: Date(timeIntervalSince1970: 0))
        let third = try PeerLogStore.restore(from: backup, to: program.path, current: program.keyring,
                                             backupPassphrase: program.coordinatorPassphrase, force: true, now: Date(timeIntervalSince1970: 0))
        #expect(second.keptReplaced != nil && third.keptReplaced != nil && second.keptReplaced != third.keptReplaced)
        #expect(try PeerLogStore(openingExisting: kept).auditHead() == head, "a later restore overwrote a kept file")
    }

    @Test func aDryRunShowsTheLossAndChangesNothing() throws {
        let program = try TestProgram()
        let ana = try program.enrol("Sgt. Ana Ortiz")
        let backup = program.directory + "/backup.db"
        try program.store.backup(to: backup)
        try program.store.file(as: ana, at: try time("2026-01-03 10:00"), incident: .other, intervention: .oneOnOne)
        let before = rawBytes(program.path), names = try Self.names(in: program.directory)
        let report = try PeerLogStore.restore(from: backup, to: program.path, current: program.keyring,
                                              backupPassphrase: program.coordinatorPassphrase, dryRun: true)
        #expect(!report.replaced)
        #expect(report.lost == RestoreLoss(forms: 1, publications: 0, auditEntries: 0))
        #expect(report.keptReplaced == nil)
        #expect(rawBytes(program.path) == before)
        #expect(try Self.names(in: program.directory) == names, "a dry run left files behind")
    }

    @Test func lossIsWordedForPeople() {
        #expect(RestoreLoss(forms: 3, publications: 1, auditEntries: 12).description == "3 forms, 1 publication and 12 audit entries")
        #expect(RestoreLoss(forms: 1, publications: 0, auditEntries: 1).description == "1 form and 1 audit entry")
        #expect(RestoreLoss.nothing.description == "nothing")
    }
}
