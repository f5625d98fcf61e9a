import Foundation
import GRDB
import Testing
@testable import PeerLog
@testable import PeerLogFormat

/// The entry byte of a version-3 form says whether the advisor filed it or the coordinator entered
/// it from paper, and decides which key must have signed. Someone who can write the file and
/// holds the program's public key (every advisor on a shared host) tries to relabel a form, each
/// test with only what they hold, or, where marked, more: the form's plaintext, which only the
/// coordinator can open. Each test fails if the relabelled form is accepted unnoticed.
@Suite("Paper forms: nobody with the file relabels an advisor's form as paper, or the reverse")
struct PaperFormAttackTests {
    /// A program with Ana, one form she filed and one the coordinator entered for her from paper,
    /// folded into the trail.
    func program() throws -> (TestProgram, AdvisorCredential, advisorForm: Identifier, paperForm: Identifier) {
        let program = try TestProgram()
        let ana = try program.enrol("Sgt. Ana Ortiz")
        let own = try program.store.file(as: ana, at: try time("2026-01-02 10:00"), incident: .other, intervention: .oneOnOne)
        let paper = try program.store.fileOnPaper([PaperForm(advisorName: "Sgt. Ana Ortiz", entry: FormEntry(
            time: try time("2026-01-03 10:00"), incident: .criticalIncident, intervention: .groupSupport))], keyring: program.keyring)[0]
        _ = try program.store.unlockProgram(passphrase: program.coordinatorPassphrase)
        return (program, ana, own, paper)
    }

    func problems(_ program: TestProgram) throws -> [String] {
        try program.store.verify(keyring: program.store.unlockKeyring(secret: program.coordinatorPassphrase, unlocker: .passphrase)).problems
    }

    var recipientKey: (TestProgram) throws -> [UInt8] { { try #require($0.keyring.keys[1]).publicKey } }

    /// Replaces a stored form's blob as the `sqlite3` shell would (the guarding trigger dropped).
    func replace(_ program: TestProgram, _ id: Identifier, with sealed: [UInt8]) throws {
        try FileWriter(path: program.path).execute("UPDATE usage_form SET sealed = ? WHERE form_id = ?", [Data(sealed), Data(id.bytes)])
    }

    /// The body and signature inside a stored form. Only the coordinator's key opens it: this
    /// gives the attacker more than they hold, so that the signature, not secrecy, is what stops them.
    func plaintext(_ program: TestProgram, _ id: Identifier) throws -> (body: [UInt8], signature: [UInt8]) {
        let sealed = try program.store.read { db in
            try #require(try Data.fetchOne(db, sql: "SELECT sealed FROM usage_form WHERE form_id = ?", arguments: [Data(id.bytes)]))
        }
        let plain = try Padding.unpad(SealedBox.open([UInt8](sealed), with: try #require(program.keyring.keys[1])), blockSize: SealedForm.paddedLength)
        return (Array(plain.dropLast(SigningKey.signatureLength)), Array(plain.suffix(SigningKey.signatureLength)))
    }

    func reseal(_ program: TestProgram, body: [UInt8], signature: [UInt8]) throws -> [UInt8] {
        try SealedBox.seal(try Padding.pad(body + signature, toMultipleOf: SealedForm.paddedLength), to: try recipientKey(program))
    }

    /// Ana forges a "paper" form for herself, signed with her own key, with the pending rows a
    /// coordinator's entry would leave: the reader wants the root's signature for a paper form.
    @Test func anAdvisorsOwnKeyDoesNotMakeAPaperForm() throws {
        let (program, ana, _, _) = try program()
        let forged = UsageForm(advisorID: ana.advisorID, serviceTime: try time("2026-01-04 10:00"), incident: .deadlyForce,
                               intervention: .oneOnOne, origin: .paper)
        let sealed = try SealedForm.seal(forged, signer: ana.signingKey, recipient: FormRecipient(
            programID: program.keyring.programID, keyID: 1, publicKey: try recipientKey(program)))
        let hash = Data(try AuditEvent.formHash(of: sealed))
        let writer = FileWriter(path: program.path)
        try writer.execute("INSERT INTO usage_form VALUES (?, 1, ?)", [Data(forged.id.bytes), Data(sealed)])
        try writer.execute("INSERT INTO pending_form VALUES (?)", [hash])
        try writer.execute("INSERT INTO pending_paper_form VALUES (?, 'coordinator')", [hash])
        #expect(throws: SealedForm.Rejection.badRootSignature) { try program.store.coordinatorReport(keyring: program.keyring) }
        #expect(try problems(program).contains { $0.contains(SealedForm.Rejection.badRootSignature.description) })
    }

    /// The marker flipped in place, the signature kept, sealed again with the public key: an
    /// advisor's form made "paper" fails the root's signature; a paper form made the advisor's
    /// fails the advisor's.
    @Test func aFlippedMarkerFailsVerify() throws {
        let (program, _, own, paper) = try program()
        for (id, rejection) in [(own, SealedForm.Rejection.badRootSignature), (paper, .badSignature)] {
            var (body, signature) = try plaintext(program, id)
            try #require(body[4] == Domain.formVersion3)
            body[77] ^= 1
            try replace(program, id, with: try reseal(program, body: body, signature: signature))
            #expect(try problems(program).contains { $0.contains(rejection.description) }, "\(rejection)")
        }
    }

    /// A roster row slipped into the file: the coordinator entering a paper form for that name is
    /// stopped by the signed state, and nothing is sealed or signed for it.
    @Test func aForgedRosterRowGetsNoPaperForm() throws {
        let (program, _, _, _) = try program()
        try FileWriter(path: program.path).execute("""
            INSERT INTO advisor (advisor_id, name, name_key, status, enrolled_on, retired_on, sign_public_key, kdf_alg, kdf_ops,
                                 kdf_mem, salt, nonce, wrapped_seed, signature)
            SELECT ?, 'Ofc. Mallory Grey', 'ofc. mallory grey', 'active', '2026-01-05', NULL, ?, kdf_alg, kdf_ops,
                   kdf_mem, salt, nonce, wrapped_seed, randomblob(64) FROM advisor LIMIT 1
            """, [Data(Identifier.random().bytes), Data(try SigningKey.generate().publicKey)])
        let before = try program.store.formCount()
        #expect(throws: TamperingError.rosterEntryNotSigned(name: "Ofc. Mallory Grey")) {
            try program.store.fileOnPaper([PaperForm(advisorName: "Ofc. Mallory Grey", entry: FormEntry(
                time: try time("2026-01-04 10:00"), incident: .other, intervention: .oneOnOne))], keyring: program.keyring)
        }
        #expect(try program.store.formCount() == before)
    }

    /// The advisor a paper form was entered for knows all it says (and its id is in the row): she
    /// can rebuild it as her own form and sign that. It opens, but it is not the form the trail
    /// recorded, so verify names it.
    @Test func aPaperFormRebuiltAsTheAdvisorsOwnIsNotTheOneInTheTrail() throws {
        let (program, ana, _, paper) = try program()
        let rebuilt = UsageForm(id: paper, advisorID: ana.advisorID, serviceTime: try time("2026-01-03 10:00"),
                                incident: .criticalIncident, intervention: .groupSupport, origin: .advisor)
        try replace(program, paper, with: try SealedForm.seal(rebuilt, signer: ana.signingKey, recipient: FormRecipient(
            programID: program.keyring.programID, keyID: 1, publicKey: try recipientKey(program))))
        let findings = try program.store.verifyAudit().findings
        #expect(findings.contains(.formNotInTrail(count: 1)), "\(findings)")
        #expect(findings.contains(.formMissing(count: 1)), "\(findings)")
        #expect(!(try problems(program)).isEmpty)
    }
}
