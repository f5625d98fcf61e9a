import Foundation
import GRDB
import Testing
@testable import PeerLog
@testable import PeerLogFormat

@Suite("Keys over the years: passphrase change, recovery, rotation")
struct KeyLifecycleTests {
    /// A program whose recovery code we keep.
    func programWithCode() throws -> (PeerLogStore, String, String) {
        let dir = try makeTemporaryDirectory()
        let (store, setup) = try PeerLogStore.createProgram(at: dir + "/p.db", name: "Keys Test", coordinator: "Capt. K",
                                                            passphrase: secret(strong("first passphrase")), kdf: .minimum, today: TestProgram.today)
        return (store, setup.recoveryCode, dir)
    }

    @Test func oldPassphraseIsRefusedAfterAChange() throws {
        let (store, _, dir) = try programWithCode()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let keyring = try store.unlockProgram(passphrase: secret(strong("first passphrase")))
        try store.changeCoordinatorPassphrase(keyring: keyring, to: secret(strong("second passphrase")), kdf: .minimum)
        #expect(throws: AccessError.wrongCoordinatorPassphrase) { try store.unlockProgram(passphrase: secret(strong("first passphrase"))) }
        #expect(try store.unlockProgram(passphrase: secret(strong("second passphrase"))).keys.count == 1)
    }

    @Test func recoveryWorksOnceAndKillsTheOldCode() throws {
        let (store, code, dir) = try programWithCode()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let newCode = try store.recover(with: RecoveryCode(typed: secret(code)), newPassphrase: secret(strong("successor passphrase")), kdf: .minimum)
        #expect(newCode != code)
        #expect(throws: AccessError.wrongRecoveryCode) { try store.recover(with: RecoveryCode(typed: secret(code)), newPassphrase: secret(strong("another passphrase")), kdf: .minimum) }
        #expect(throws: AccessError.wrongCoordinatorPassphrase) { try store.unlockProgram(passphrase: secret(strong("first passphrase"))) }
        _ = try store.unlockProgram(passphrase: secret(strong("successor passphrase")))
        _ = try store.unlockProgram(recoveryCode: RecoveryCode(typed: secret(newCode)))
        #expect(try store.auditEvents().map(\.action).contains("recover"))
    }

    @Test func rotationKeepsOldFormsReadableAndSealsNewOnesToTheNewKey() throws {
        let program = try TestProgram()
        let ana = try program.enrol("Sgt. Ana Ortiz")
        try program.store.file(as: ana, at: try time("2026-01-02 10:00"), incident: .other, intervention: .oneOnOne)
        let code = try program.store.rotateProgramKey(keyring: program.keyring, passphrase: program.coordinatorPassphrase, kdf: .minimum,
                                                      today: TestProgram.today)
        try program.store.file(as: ana, at: try time("2026-01-03 10:00"), incident: .other, intervention: .referral)
        let keyring = try program.store.unlockProgram(passphrase: program.coordinatorPassphrase)
        #expect(keyring.keys.count == 2)
        #expect(keyring.activeKeyID == 2)
        let keyIDs = try program.store.read { db in try Int64.fetchAll(db, sql: "SELECT key_id FROM usage_form ORDER BY key_id") }
        #expect(keyIDs == [1, 2])
        var opened = 0
        try program.store.forEachForm(keyring: keyring) { _ in opened += 1 }
        #expect(opened == 2)
        // The old keyring alone cannot open the new form.
        #expect(throws: SealedForm.Rejection.self) { try program.store.forEachForm(keyring: program.keyring) { _ in } }
        _ = try program.store.unlockProgram(recoveryCode: RecoveryCode(typed: secret(code)))
        #expect(try program.store.verifyAudit().isIntact)
    }

    @Test func interruptedRotationChangesNothing() throws {
        let (store, code, dir) = try programWithCode()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let keyring = try store.unlockProgram(passphrase: secret(strong("first passphrase")))
        // Make the rotation fail half-way, after the old key was deactivated: a trigger that
        // aborts the insert of the new key. (A trigger in the file is also a schema that is not
        // PeerLog's, which the signed write refuses first; either way, nothing may change.)
        try DatabaseQueue(path: store.path).write { db in
            try db.execute(sql: "CREATE TRIGGER fail_rotation BEFORE INSERT ON program_key BEGIN SELECT RAISE(ABORT, 'simulated crash'); END")
        }
        #expect(throws: (any Error).self) {
            try store.rotateProgramKey(keyring: keyring, passphrase: secret(strong("first passphrase")), kdf: .minimum, today: TestProgram.today)
        }
        let after = try store.unlockProgram(passphrase: secret(strong("first passphrase")))
        #expect(after.keys.count == 1 && after.activeKeyID == 1)
        _ = try store.unlockProgram(recoveryCode: RecoveryCode(typed: secret(code)))
    }

    @Test func advisorChangesTheirOwnPassphrase() throws {
        let program = try TestProgram()
        try program.enrol("Sgt. Ana Ortiz")
        try program.store.changeAdvisorPassphrase(
            program.store.unlockAdvisor(named: "Sgt. Ana Ortiz", passphrase: secret(TestProgram.passphrase(of: "Sgt. Ana Ortiz"))),
            to: secret(strong("a brand new passphrase")), kdf: .minimum)
        #expect(throws: AccessError.self) { try program.store.unlockAdvisor(named: "Sgt. Ana Ortiz", passphrase: secret(TestProgram.passphrase(of: "Sgt. Ana Ortiz"))) }
        let ana = try program.store.unlockAdvisor(named: "Sgt. Ana Ortiz", passphrase: secret(strong("a brand new passphrase")))
        try program.store.file(as: ana, at: try time("2026-01-02 10:00"), incident: .other, intervention: .oneOnOne)
        var opened = 0
        try program.store.forEachForm(keyring: program.keyring) { _ in opened += 1 }
        #expect(opened == 1)
    }
}
