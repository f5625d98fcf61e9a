import Foundation
import GRDB
import Testing
@testable import PeerLog
@testable import PeerLogFormat

@Suite("Filing rules: who may file, and nothing changes when they may not")
struct FilingRulesTests {
    @Test func wrongAdvisorPassphraseIsRefusedAndNothingIsWritten() throws {
        let program = try TestProgram()
        try program.enrol("Sgt. Ana Ortiz")
        try program.store.checkpoint()
        let before = rawBytes(program.path)
        #expect(throws: AccessError.wrongAdvisorPassphrase(advisor: "Sgt. Ana Ortiz")) {
            try program.store.unlockAdvisor(named: "Sgt. Ana Ortiz", passphrase: secret("not her passphrase"))
        }
        #expect(try program.store.formCount() == 0)
        #expect(rawBytes(program.path) == before)
        #expect(rawBytes(program.path + "-wal").isEmpty)
    }

    @Test func wrongCoordinatorPassphraseIsRefused() throws {
        let program = try TestProgram()
        #expect(throws: AccessError.wrongCoordinatorPassphrase) {
            try program.store.unlockProgram(passphrase: secret("not the coordinator"))
        }
    }

    @Test func retiredAdvisorCannotFileEvenWithAnUnlockedKey() throws {
        let program = try TestProgram()
        let ana = try program.enrol("Sgt. Ana Ortiz")
        try program.store.file(as: ana, at: try time("2026-01-02 10:00"), incident: .other, intervention: .oneOnOne)
        _ = try program.store.retireAdvisor(named: "Sgt. Ana Ortiz", authority: program.keyring, today: TestProgram.today)
        #expect(throws: AccessError.retiredAdvisor("Sgt. Ana Ortiz")) {
            try program.store.file(as: ana, at: try time("2026-01-03 10:00"), incident: .other, intervention: .oneOnOne)
        }
        #expect(throws: AccessError.retiredAdvisor("Sgt. Ana Ortiz")) {
            try program.store.unlockAdvisor(named: "Sgt. Ana Ortiz", passphrase: secret(TestProgram.passphrase(of: "Sgt. Ana Ortiz")))
        }
        #expect(try program.store.formCount() == 1)
        // Their earlier form still opens and verifies.
        var count = 0
        try program.store.forEachForm(keyring: program.keyring) { _ in count += 1 }
        #expect(count == 1)
    }

    @Test func unknownAndDuplicateAdvisors() throws {
        let program = try TestProgram()
        try program.enrol("Sgt. Ana Ortiz")
        #expect(throws: InputError.unknownAdvisor("Nobody Here")) { try program.store.advisor(named: "Nobody Here") }
        #expect(throws: InputError.duplicateAdvisor("sgt. ana ortiz")) {
            try program.store.addAdvisor(name: "sgt. ana ortiz", passphrase: secret(strong("another passphrase")),
                                         authority: program.keyring, kdf: .minimum, today: TestProgram.today)
        }
        #expect(try program.store.roster().count == 1)
    }

    @Test func theDatabaseRefusesToChangeOrDeleteAForm() throws {
        let program = try TestProgram()
        let ana = try program.enrol("Sgt. Ana Ortiz")
        try program.store.file(as: ana, at: try time("2026-01-02 10:00"), incident: .other, intervention: .oneOnOne)
        #expect(throws: StoreError.self) {
            try program.store.write { db in try db.execute(sql: "UPDATE usage_form SET sealed = zeroblob(304)") }
        }
        #expect(throws: StoreError.self) {
            try program.store.write { db in try db.execute(sql: "DELETE FROM usage_form") }
        }
        #expect(throws: StoreError.self) {
            try program.store.write { db in
                try db.execute(sql: "INSERT INTO usage_form (form_id, key_id, sealed) VALUES (zeroblob(16), 1, zeroblob(10))")
            }
        }
        #expect(try program.store.formCount() == 1)
    }

    @Test func coordinatorKeyringFromRecoveryCodeOpensTheSameForms() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (store, setup) = try PeerLogStore.createProgram(at: dir + "/p.db", name: "Recovery Test", coordinator: "Capt. R",
                                                            passphrase: secret(strong("coordinator passphrase")), kdf: .minimum,
                                                            today: TestProgram.today)
        let viaCode = try store.unlockProgram(recoveryCode: RecoveryCode(typed: secret(setup.recoveryCode)))
        let viaPass = try store.unlockProgram(passphrase: secret(strong("coordinator passphrase")))
        #expect(viaCode.keys[1]?.publicKey == viaPass.keys[1]?.publicKey)
        let (_, otherCode) = try RecoveryCode.generate()
        #expect(throws: AccessError.wrongRecoveryCode) { try store.unlockProgram(recoveryCode: RecoveryCode(typed: secret(otherCode))) }
    }
}
