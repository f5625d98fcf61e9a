import Foundation
import GRDB
import Testing
@testable import PeerLog
@testable import PeerLogFormat

/// Deputy coordinators (issue 17 item 1): the program goes on when its coordinator is away, and a
/// deputy is no more than the coordinator's stand-in. Each test acts as the person it names, with
/// only what they hold.
@Suite("Deputy coordinators: forms open while the coordinator is away, and no more")
struct DeputyTests {
    static let deputyName = "Lt. Omar Haddad"
    static let deputyPassphrase = strong("deputy passphrase")

    /// A program with one advisor who has filed one form, and one deputy.
    func program() throws -> (TestProgram, AdvisorCredential) {
        let program = try TestProgram()
        let ana = try program.enrol("Sgt. Ana Ortiz")
        try program.store.file(as: ana, at: try time("2026-01-02 10:00"), incident: .other, intervention: .oneOnOne)
        try program.store.addDeputy(name: Self.deputyName, passphrase: secret(Self.deputyPassphrase), authority: program.keyring,
                                    kdf: .minimum, today: TestProgram.today)
        return (program, ana)
    }

    func unlockDeputy(_ program: TestProgram) throws -> ProgramKeyring {
        try program.store.unlockDeputy(named: Self.deputyName, passphrase: secret(Self.deputyPassphrase))
    }

    func formCount(_ program: TestProgram, _ keyring: ProgramKeyring) throws -> Int {
        var count = 0
        try program.store.forEachForm(keyring: keyring) { _ in count += 1 }
        return count
    }

    @Test func aDeputyOpensEveryFormWithTheirOwnPassphraseAndIsRecordedAsDeputy() throws {
        let (program, _) = try program()
        let keyring = try unlockDeputy(program)
        #expect(keyring.role == .deputy)
        #expect(try formCount(program, keyring) == 1)
        let unlock = try #require(try program.store.auditEvents().last)
        #expect(unlock.role == .deputy && unlock.action == "unlock")
        // A change made by the deputy is recorded under their role, and the file still verifies.
        try program.store.setRetention(months: 24, keyring: keyring)
        #expect(try program.store.auditEvents().last?.role == .deputy)
        #expect(try program.store.verify(keyring: keyring).problems.isEmpty)
        // The coordinator's passphrase is not the deputy's, nor the other way round.
        #expect(throws: AccessError.wrongDeputyPassphrase(deputy: Self.deputyName)) {
            try program.store.unlockDeputy(named: Self.deputyName, passphrase: program.coordinatorPassphrase)
        }
    }

    @Test func aDeputyNeitherRotatesKeysNorAppointsNorRestores() throws {
        let (program, _) = try program()
        let keyring = try unlockDeputy(program)
        let events = try program.store.auditEvents().count
        #expect(throws: PolicyDenial.self) {
            try program.store.rotateProgramKey(keyring: keyring, passphrase: secret(Self.deputyPassphrase), kdf: .minimum, today: TestProgram.today)
        }
        #expect(throws: PolicyDenial.self) {
            try program.store.addDeputy(name: "Sgt. Second Deputy", passphrase: secret(strong("second deputy")), authority: keyring,
                                        kdf: .minimum, today: TestProgram.today)
        }
        #expect(throws: PolicyDenial.self) {
            try program.store.removeDeputy(named: Self.deputyName, authority: keyring, passphrase: secret(Self.deputyPassphrase),
                                           kdf: .minimum, today: TestProgram.today)
        }
        #expect(throws: PolicyDenial.self) { try program.store.renameCoordinator(to: "Lt. Omar Haddad", authority: keyring) }
        #expect(try program.store.deputies().map(\.name) == [Self.deputyName])
        #expect(try program.store.programInfo().coordinatorName == "Capt. Test Coordinator")
        #expect(try program.store.auditEvents().count == events)
    }

    /// A rotation by the coordinator seals the new key to every deputy: forms filed after it still
    /// open for the deputy.
    @Test func aRotationKeepsTheDeputyAbleToOpenNewForms() throws {
        let (program, ana) = try program()
        // A keyring unlocked before the deputy was added is refused for a rotation (it would not
        // know whom to seal the new key to): the coordinator unlocks afresh, as every command does.
        let coordinator = try program.store.unlockProgram(passphrase: program.coordinatorPassphrase)
        _ = try program.store.rotateProgramKey(keyring: coordinator, passphrase: program.coordinatorPassphrase, kdf: .minimum,
                                               today: TestProgram.today)
        try program.store.file(as: ana, at: try time("2026-01-03 10:00"), incident: .other, intervention: .oneOnOne)
        let keyring = try unlockDeputy(program)
        #expect(keyring.keys.count == 2)
        #expect(try formCount(program, keyring) == 2)
    }

    /// A removed deputy who kept a copy of the file from before their removal, and their
    /// passphrase, opens no form filed after it: removal rotates the program key.
    @Test func aRemovedDeputyOpensNoFormFiledAfterRemoval() throws {
        let (program, ana) = try program()
        let copy = program.directory + "/before-removal.db"
        for suffix in ["", "-wal"] where FileManager.default.fileExists(atPath: program.path + suffix) {
            try FileManager.default.copyItem(atPath: program.path + suffix, toPath: copy + suffix)
        }
        var code = ""
        let coordinator = try program.store.unlockProgram(passphrase: program.coordinatorPassphrase)
        let returned = try program.store.removeDeputy(named: Self.deputyName, authority: coordinator,
                                                      passphrase: program.coordinatorPassphrase, kdf: .minimum,
                                                      today: TestProgram.today) { code = $0 }
        #expect(code == returned && !code.isEmpty)
        try program.store.file(as: ana, at: try time("2026-01-03 10:00"), incident: .deadlyForce, intervention: .oneOnOne)
        #expect(throws: InputError.unknownDeputy(Self.deputyName)) { try unlockDeputy(program) }

        // What the former deputy holds: the old copy and their passphrase.
        let old = try PeerLogStore(openingExisting: copy)
        let held = try old.unlockDeputy(named: Self.deputyName, passphrase: secret(Self.deputyPassphrase))
        let sealed = try program.store.read { db in try Data.fetchAll(db, sql: "SELECT sealed FROM usage_form WHERE key_id = 2") }
        #expect(sealed.count == 1)
        for blob in sealed {
            for pair in held.keys.values { #expect((try? SealedBox.open([UInt8](blob), with: pair)) == nil) }
        }
        // Putting their old rows back into the live file opens nothing either: the signed head no
        // longer covers them, and they hold no copy of key 2.
        let row = try old.read { db in try #require(try Row.fetchOne(db, sql: "SELECT * FROM deputy")) }
        let writer = FileWriter(path: program.path)
        try writer.execute("""
            INSERT INTO deputy (deputy_id, name, public_key, kdf_alg, kdf_ops, kdf_mem, salt, nonce, wrapped_secret, added_on, signature)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, StatementArguments(["deputy_id", "name", "public_key", "kdf_alg", "kdf_ops", "kdf_mem", "salt", "nonce", "wrapped_secret", "added_on",
                  "signature"].map { row[$0] as DatabaseValue }))
        #expect(throws: (any Error).self) { try unlockDeputy(program) }
        #expect(!(try program.store.verify(keyring: coordinator).problems.isEmpty))
    }

    /// A file writer with no passphrase adds a deputy of their own (their key, their passphrase,
    /// a signature copied from the real deputy's row): the root's signature does not cover it.
    @Test func aDeputyWrittenIntoTheFileIsRefused() throws {
        let (program, _) = try program()
        let real = try program.store.read { db in try #require(try Row.fetchOne(db, sql: "SELECT * FROM deputy")) }
        let mine = try ProgramKeyPair.generate()
        let id = Identifier.random()
        let wrapped = try WrappedSecret.wrap(mine.secretKey, passphrase: secret(strong("intruder")), kdf: .minimum,
                                             associatedData: WrapContext.deputyKey(programID: program.keyring.programID, deputyID: id,
                                                                                   publicKey: mine.publicKey, root: program.keyring.root.publicKey))
        try FileWriter(path: program.path).execute("""
            INSERT INTO deputy (deputy_id, name, public_key, kdf_alg, kdf_ops, kdf_mem, salt, nonce, wrapped_secret, added_on, signature)
            VALUES (?, 'Sgt. Intruder', ?, ?, ?, ?, ?, ?, ?, '2026-01-05', ?)
            """, [Data(id.bytes), Data(mine.publicKey), wrapped.kdf.algorithm, wrapped.kdf.opsLimit, wrapped.kdf.memLimit,
                  Data(wrapped.salt), Data(wrapped.nonce), Data(wrapped.ciphertext), real["signature"] as Data])
        #expect(throws: TamperingError.deputyNotSigned(name: "Sgt. Intruder")) {
            try program.store.unlockDeputy(named: "Sgt. Intruder", passphrase: secret(strong("intruder")))
        }
        #expect(try program.store.verify(keyring: program.keyring).problems.contains(TamperingError.deputyNotSigned(name: "Sgt. Intruder").description))
        // Nobody is referred to the intruder: only signed deputies are named.
        #expect(try program.store.deputies().map(\.name) == [Self.deputyName])
        // The coordinator's next rotation would seal the new key to every deputy: it refuses to
        // sign over a state it did not sign, and nothing reaches the intruder's key.
        let coordinator = try program.store.unlockProgram(passphrase: program.coordinatorPassphrase)
        #expect(throws: (any Error).self) {
            try program.store.rotateProgramKey(keyring: coordinator, passphrase: program.coordinatorPassphrase, kdf: .minimum,
                                               today: TestProgram.today)
        }
        let toIntruder = try program.store.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM deputy_key_grant WHERE deputy_id = ?", arguments: [Data(id.bytes)])
        }
        #expect(toIntruder == 0)
        #expect(try program.store.read { db in try Int.fetchOne(db, sql: "SELECT max(key_id) FROM program_key") } == 1)
    }

    /// A key copy for a deputy is a sealed box to their public key, which anyone with the file
    /// can make. A key the root never certified, written in with such a copy and marked active,
    /// does not enter the deputy's keyring: the deputy goes on with the newest certified key.
    @Test func aKeyWrittenIntoTheFileWithACopyForTheDeputyIsNotTaken() throws {
        let (program, _) = try program()
        let deputyRow = try program.store.read { db in try #require(try Row.fetchOne(db, sql: "SELECT deputy_id, public_key FROM deputy")) }
        let planted = try ProgramKeyPair.generate()
        let grant = try DeputyGrant.seal(planted, to: [UInt8](deputyRow["public_key"] as Data))
        try FileWriter(path: program.path).execute("""
            UPDATE program_key SET active = 0;
            INSERT INTO program_key (key_id, public_key, active) VALUES (2, ?, 1);
            INSERT INTO deputy_key_grant (deputy_id, key_id, sealed) VALUES (?, 2, ?);
            """, [Data(planted.publicKey), deputyRow["deputy_id"] as Data, Data(grant)])
        let keyring = try unlockDeputy(program)
        #expect(keyring.activeKeyID == 1, "the deputy's keyring points at the certified key, not the planted one")
        #expect(try formCount(program, keyring) == 1)
        #expect(try program.store.verify(keyring: keyring).problems.contains(TamperingError.keyNotCertified(keyID: 2).description))
    }

    @Test func aDeputyChangesTheirOwnPassphrase() throws {
        let (program, _) = try program()
        let keyring = try unlockDeputy(program)
        let before = try program.store.read { db in try #require(try Row.fetchOne(db, sql: "SELECT * FROM deputy")) }
        try program.store.changeDeputyPassphrase(keyring, to: secret(strong("deputy passphrase 2")), kdf: .minimum)
        // A new keypair came with it: the key the old passphrase unwraps holds no grant any more.
        let after = try program.store.read { db in try #require(try Row.fetchOne(db, sql: "SELECT * FROM deputy")) }
        #expect((before["public_key"] as Data) != (after["public_key"] as Data))
        #expect(throws: AccessError.wrongDeputyPassphrase(deputy: Self.deputyName)) { try unlockDeputy(program) }
        let again = try program.store.unlockDeputy(named: Self.deputyName, passphrase: secret(strong("deputy passphrase 2")))
        #expect(try formCount(program, again) == 1)
        // The coordinator cannot change it for them.
        #expect(throws: PolicyDenial.self) {
            try program.store.changeDeputyPassphrase(program.keyring, to: secret(strong("coordinator's choice")), kdf: .minimum)
        }
        // Whoever learnt the old passphrase and can write the file puts the old wrap back: it opens
        // nothing (it is bound to the old public key), and verify names the change.
        try FileWriter(path: program.path).execute("""
            UPDATE deputy SET kdf_alg = ?, kdf_ops = ?, kdf_mem = ?, salt = ?, nonce = ?, wrapped_secret = ?
            """, StatementArguments(["kdf_alg", "kdf_ops", "kdf_mem", "salt", "nonce", "wrapped_secret"].map { before[$0] as DatabaseValue }))
        #expect(throws: AccessError.wrongDeputyPassphrase(deputy: Self.deputyName)) { try unlockDeputy(program) }
        let coordinator = try program.store.unlockProgram(passphrase: program.coordinatorPassphrase)
        #expect(!(try program.store.verify(keyring: coordinator).problems.isEmpty))
    }
}
