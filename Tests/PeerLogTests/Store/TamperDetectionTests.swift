import Foundation
import GRDB
import Testing
@testable import PeerLog
@testable import PeerLogFormat

@Suite("Tampering with the database file is detected, each kind by name")
struct TamperDetectionTests {
    /// Edits the database behind PeerLog's back, as someone with the file and sqlite3 could.
    func tamper(_ path: String, _ sql: String, _ arguments: StatementArguments = []) throws {
        try FileWriter(path: path).execute(sql, arguments)
    }

    func openAll(_ program: TestProgram) throws -> Int {
        var count = 0
        try program.store.forEachForm(keyring: program.keyring) { _ in count += 1 }
        return count
    }

    func programWithForms() throws -> (TestProgram, [Identifier]) {
        let program = try TestProgram()
        let ana = try program.enrol("Sgt. Ana Ortiz")
        let ids = try (0..<2).map { i in
            try program.store.file(as: ana, at: try time("2026-01-0\(i + 2) 10:00"), incident: .other, intervention: .oneOnOne)
        }
        try program.store.checkpoint()
        return (program, ids)
    }

    @Test func flippedCiphertextByte() throws {
        let (program, ids) = try programWithForms()
        try tamper(program.path, "UPDATE usage_form SET sealed = ? WHERE form_id = ?", [
            Data(try program.store.read { db in
                var blob = [UInt8](try Data.fetchOne(db, sql: "SELECT sealed FROM usage_form WHERE form_id = ?", arguments: [Data(ids[0].bytes)])!)
                blob[150] ^= 0x80
                return blob
            }), Data(ids[0].bytes)])
        #expect(throws: SealedForm.Rejection.authenticationFailed) { try openAll(program) }
    }

    @Test func swappedBlobsBetweenRows() throws {
        let (program, ids) = try programWithForms()
        try tamper(program.path, """
            UPDATE usage_form SET sealed = CASE form_id
                WHEN ?1 THEN (SELECT sealed FROM usage_form WHERE form_id = ?2)
                ELSE (SELECT sealed FROM usage_form WHERE form_id = ?1) END
            WHERE form_id IN (?1, ?2)
            """, [Data(ids[0].bytes), Data(ids[1].bytes)])
        #expect(throws: SealedForm.Rejection.idMismatch) { try openAll(program) }
    }

    @Test func replayedRowUnderANewId() throws {
        let (program, ids) = try programWithForms()
        try tamper(program.path, "INSERT INTO usage_form SELECT randomblob(16), key_id, sealed FROM usage_form WHERE form_id = ?",
                   [Data(ids[0].bytes)])
        #expect(throws: SealedForm.Rejection.idMismatch) { try openAll(program) }
    }

    @Test func formForgedWithTheProgramPublicKey() throws {
        let (program, _) = try programWithForms()
        let publicKey = try #require(program.keyring.keys[1]?.publicKey)
        let forged = UsageForm(advisorID: .random(), serviceTime: try time("2026-01-09 10:00"), incident: .deadlyForce, intervention: .oneOnOne)
        let sealed = try SealedForm.seal(forged, signer: SigningKey.generate(),
                                         recipient: FormRecipient(programID: program.keyring.programID, keyID: 1, publicKey: publicKey))
        try tamper(program.path, "INSERT INTO usage_form VALUES (?, 1, ?)", [Data(forged.id.bytes), Data(sealed)])
        #expect(throws: SealedForm.Rejection.unknownSigner) { try openAll(program) }
    }

    @Test func rosterKeyReplaced() throws {
        let (program, _) = try programWithForms()
        try tamper(program.path, "UPDATE advisor SET sign_public_key = ?", [Data(try SigningKey.generate().publicKey)])
        #expect(throws: SealedForm.Rejection.unsignedRosterEntry) { try openAll(program) }
        #expect(throws: (any Error).self) {
            try program.store.unlockAdvisor(named: "Sgt. Ana Ortiz", passphrase: secret(TestProgram.passphrase(of: "Sgt. Ana Ortiz")))
        }
    }

    @Test func formFromAnotherProgram() throws {
        let (program, _) = try programWithForms()
        let other = try TestProgram(name: "Other Program")
        let ben = try other.enrol("Ofc. Ben Carter")
        let foreignID = try other.store.file(as: ben, at: try time("2026-01-09 10:00"), incident: .other, intervention: .oneOnOne)
        let blob = try other.store.read { db in try Data.fetchOne(db, sql: "SELECT sealed FROM usage_form")! }
        try tamper(program.path, "INSERT INTO usage_form VALUES (?, 1, ?)", [Data(foreignID.bytes), blob])
        #expect(throws: SealedForm.Rejection.authenticationFailed) { try openAll(program) }
    }

    @Test func intactDatabaseOpensEveryForm() throws {
        let (program, _) = try programWithForms()
        #expect(try openAll(program) == 2)
    }
}
