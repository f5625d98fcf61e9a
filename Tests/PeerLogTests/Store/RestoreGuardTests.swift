import Foundation
import Testing
@testable import PeerLog
@testable import PeerLogFormat

/// Restore replaces everything, so only the program's own coordinator may do it, only with a
/// backup of the same program, and an older backup only when asked for a rollback.
@Suite("Restore only by the program's own coordinator, and no silent rollback")
struct RestoreGuardTests {
    @Test func aDatabaseThereIsReplacedOnlyWithItsCoordinatorsUnlock() throws {
        let program = try TestProgram()
        let backup = program.directory + "/backup.db"
        try program.store.backup(to: backup)
        #expect(throws: RestoreRefusal.needsCurrentCoordinator) {
            try PeerLogStore.restore(from: backup, to: program.path, current: nil, backupPassphrase: program.coordinatorPassphrase)
        }
    }

    @Test func aBackupOfAnotherProgramIsRefused() throws {
        let program = try TestProgram(), other = try TestProgram(name: "Another Program")
        let backup = other.directory + "/other.db"
        try other.store.backup(to: backup)
        #expect(throws: RestoreRefusal.otherProgram) {
            try PeerLogStore.restore(from: backup, to: program.path, current: program.keyring, backupPassphrase: other.coordinatorPassphrase)
        }
        #expect(try program.store.verify(keyring: program.keyring).isSound)
    }

    @Test func anOlderBackupIsARollbackAndNeedsSayingSo() throws {
        let program = try TestProgram()
        let old = program.directory + "/old.db"
        try program.store.backup(to: old)
        try program.enrol("Sgt. Ana Ortiz")
        let head = try program.store.auditHead()
        #expect(throws: RestoreRefusal.rollback(currentHead: head.seq)) {
            try PeerLogStore.restore(from: old, to: program.path, current: program.keyring, backupPassphrase: program.coordinatorPassphrase)
        }
        #expect(try program.store.roster().count == 1, "a refused restore changes nothing")
        let outcome = try PeerLogStore.restore(from: old, to: program.path, current: program.keyring,
                                               backupPassphrase: program.coordinatorPassphrase, allowRollback: true)
        #expect(outcome == .rolledBack)
        let restored = try PeerLogStore(openingExisting: program.path)
        #expect(try restored.roster().isEmpty)
        #expect(try restored.auditEvents().last?.action == "restore-rollback")
        #expect(try restored.verifyAudit().isIntact)
    }

    @Test func aBackupHoldingEverythingSignedIsAPlainRestore() throws {
        let program = try TestProgram()
        try program.enrol("Sgt. Ana Ortiz")
        let backup = program.directory + "/backup.db"
        try program.store.backup(to: backup)
        let outcome = try PeerLogStore.restore(from: backup, to: program.path, current: program.keyring,
                                               backupPassphrase: program.coordinatorPassphrase)
        #expect(outcome == .restored)
        #expect(try PeerLogStore(openingExisting: program.path).auditEvents().last?.action == "restore")
    }
}
