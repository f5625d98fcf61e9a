import Foundation
import GRDB
import Testing
@testable import PeerLog
@testable import PeerLogFormat

/// Red-team review of voids (FORMAT.md §5.5) and paper forms (§9.11): attacks that HOLD on the
/// current code, kept as regression tests. Each plays one attacker of docs/threat-model.md with
/// only what they hold (the file through sqlite3, `FileWriter`; the public keys in it; an
/// advisor's own key where said) and fails if the attack succeeds. Attacks that succeed are in
/// RedTeamFindings.swift.
@Suite("Red team: voids and paper forms hold against insiders")
struct RedTeamVoidPaperTests {
    static let voidGuards = FileWriter.guards + ["form_void_no_update", "form_void_no_delete"]

    /// Ana with two forms of her own (folded) and one paper form the coordinator entered.
    func program() throws -> (TestProgram, AdvisorCredential, own: [Identifier], paper: Identifier) {
        let program = try TestProgram()
        let ana = try program.enrol("Sgt. Ana Ortiz")
        let own = try program.store.file(batch: [
            FormEntry(time: try time("2026-01-02 10:00"), incident: .deadlyForce, intervention: .oneOnOne),
            FormEntry(time: try time("2026-01-03 10:00"), incident: .other, intervention: .referral),
        ], as: ana)
        let paper = try program.store.fileOnPaper([PaperForm(advisorName: "Sgt. Ana Ortiz", entry: FormEntry(
            time: try time("2026-01-04 10:00"), incident: .criticalIncident, intervention: .groupSupport))], keyring: program.keyring)[0]
        try program.store.record(.coordinator(program.keyring), action: "verify", outcome: "allowed")
        return (program, ana, own, paper)
    }

    func problems(_ program: TestProgram) throws -> [String] {
        try program.store.verify(keyring: program.store.unlockKeyring(secret: program.coordinatorPassphrase, unlocker: .passphrase)).problems
    }

    func keylessProblems(_ program: TestProgram) throws -> [String] {
        try PeerLogStore(openingExisting: program.path).verify(keyring: nil).problems
    }

    func recipient(_ program: TestProgram) throws -> FormRecipient {
        FormRecipient(programID: program.keyring.programID, keyID: 1, publicKey: try #require(program.keyring.keys[1]).publicKey)
    }

    /// Every file PeerLog writes for the database, main file and WAL.
    func fileBytes(_ program: TestProgram) -> [UInt8] {
        rawBytes(program.path) + rawBytes(program.path + "-wal")
    }

    // MARK: Confidentiality of a void

    /// A reader of the file learns only that a void exists: every row has one length whatever the
    /// form or reason, the trail's entry carries no form hash, and the file holds the voided form's
    /// id no more often than before (it is not written anywhere in the clear).
    @Test func aVoidSaysNothingInTheClearAboutWhichFormOrWhy() throws {
        let (program, _, own, paper) = try program()
        try program.store.checkpoint()
        let before = fileBytes(program)
        let idCountBefore = own.map { occurrences(of: $0.bytes, in: before) }
        let reasonBefore = VoidReason.allCases.map { occurrences(of: Array($0.rawValue.utf8), in: before) }
        try program.store.voidForm(reference: own[0].hex, reason: .wrongType, keyring: program.keyring)
        try program.store.voidForm(reference: paper.hex, reason: .duplicate, keyring: program.keyring)
        try program.store.checkpoint()
        let after = fileBytes(program)
        #expect(own.map { occurrences(of: $0.bytes, in: after) } == idCountBefore)
        #expect(VoidReason.allCases.map { occurrences(of: Array($0.rawValue.utf8), in: after) } == reasonBefore)
        let (lengths, hashes) = try FileWriter(path: program.path).read { db in
            (try Int.fetchAll(db, sql: "SELECT length(sealed) FROM form_void"),
             try Int.fetchOne(db, sql: "SELECT count(*) FROM audit_event WHERE action = 'form-void' AND form_hash IS NOT NULL") ?? -1)
        }
        #expect(lengths == [FormVoid.sealedLength, FormVoid.sealedLength])
        #expect(hashes == 0)
    }

    // MARK: References

    /// Odd references: too short, too long, not hex, fullwidth digits, control and bidi characters,
    /// NUL, a newline. Each is refused as a VoidError (exit 65), nothing is voided, and no message
    /// carries a control character to the terminal.
    @Test func oddReferencesAreRefusedCleanly() throws {
        let (program, _, own, _) = try program()
        let hex = own[0].hex
        let odd = ["", "1234567", String(hex.prefix(7)), hex + "0", "zzzzzzzz", "ＡＢＣＤ１２３４", "\u{1B}[2J" + hex,
                   hex.prefix(8) + "\u{0}", "\u{202E}" + hex, String(hex.prefix(8)) + "\n" + String(hex.dropFirst(8)),
                   String(repeating: "a", count: 100_000), "-" + hex, "0x" + hex]
        for ref in odd {
            do {
                try program.store.voidForm(reference: ref, reason: .mistake, keyring: program.keyring)
                Issue.record("a void was made for the reference \(ref.debugDescription)")
            } catch let error as VoidError {
                #expect(!error.description.unicodeScalars.contains { $0.properties.generalCategory == .control || $0.properties.generalCategory == .format },
                        "\(error.description.debugDescription)")
                #expect(error.description.count < 400)
            }
        }
        #expect(try FileWriter(path: program.path).read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM form_void") } == 0)
    }

    /// The file writer plants a row whose id shares the first 12 hex digits of a genuine form's:
    /// the coordinator's short REF becomes ambiguous and is refused; it never lands on the planted row.
    @Test func aPlantedLookalikeIdMakesAReferenceAmbiguousNeverWrong() throws {
        let (program, _, own, _) = try program()
        var planted = own[0].bytes
        planted[15] ^= 0xFF
        try FileWriter(path: program.path).execute("INSERT INTO usage_form (form_id, key_id, sealed) SELECT ?, key_id, sealed FROM usage_form WHERE form_id = ?",
                                                   [Data(planted), Data(own[0].bytes)])
        for length in [8, 12, 30] {
            #expect(throws: VoidError.self) {
                try program.store.voidForm(reference: String(own[0].hex.prefix(length)), reason: .mistake, keyring: program.keyring)
            }
        }
        // Naming the planted row in full is refused too: it does not open as a form.
        #expect(throws: SealedForm.Rejection.idMismatch) {
            try program.store.voidForm(reference: (try Identifier(bytes: planted)).hex, reason: .mistake, keyring: program.keyring)
        }
        #expect(try FileWriter(path: program.path).read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM form_void") } == 0)
    }

    /// A form cannot be voided twice, under any spelling of its reference.
    @Test func aFormIsVoidedOnceWhateverTheSpelling() throws {
        let (program, _, own, _) = try program()
        try program.store.voidForm(reference: String(own[0].hex.prefix(8)), reason: .duplicate, keyring: program.keyring)
        for ref in [own[0].hex.uppercased(), " " + own[0].hex + " ", String(own[0].hex.prefix(20))] {
            #expect(throws: VoidError.self) { try program.store.voidForm(reference: ref, reason: .mistake, keyring: program.keyring) }
        }
        #expect(try program.store.coordinatorReport(keyring: program.keyring).total == 2)
    }

    // MARK: Voids against counting

    /// A void is kept with all its rows when the file writer deletes its form_void row and the
    /// trail's entry count still matches because an old backup's extra void row was put back
    /// instead: the signed state names it, and the count is refused.
    @Test func aVoidFromAnotherProgramOrBackupDoesNotStandIn() throws {
        let (program, _, own, _) = try program()
        try program.store.voidForm(reference: own[0].hex, reason: .wrongType, keyring: program.keyring)
        // A second program's genuine void (its own root) put in place of this program's.
        let other = try TestProgram()
        let bob = try other.enrol("Ofc. Bob Lee")
        let otherForm = try other.store.file(as: bob, at: try time("2026-01-02 10:00"), incident: .other, intervention: .oneOnOne)
        try other.store.voidForm(reference: otherForm.hex, reason: .mistake, keyring: other.keyring)
        let foreign = try #require(try FileWriter(path: other.path).read { db in try Row.fetchOne(db, sql: "SELECT * FROM form_void") })
        try FileWriter(path: program.path).execute("DELETE FROM form_void", dropping: Self.voidGuards)
        try FileWriter(path: program.path).execute("INSERT INTO form_void VALUES (?, 1, ?, ?)",
                                                   [foreign["void_id"] as Data, foreign["sealed"] as Data, foreign["signature"] as Data],
                                                   dropping: Self.voidGuards)
        #expect(!(try keylessProblems(program)).isEmpty)
        #expect(throws: (any Error).self) { _ = try program.store.coordinatorReport(keyring: program.keyring) }
    }

    /// The coordinator's next action never signs over a void row changed behind its back.
    @Test func theCoordinatorDoesNotSignOverADeletedVoid() throws {
        let (program, _, own, _) = try program()
        try program.store.voidForm(reference: own[0].hex, reason: .wrongType, keyring: program.keyring)
        try FileWriter(path: program.path).execute("DELETE FROM form_void", dropping: Self.voidGuards)
        #expect(throws: TamperingError.self) { try program.store.setRetention(months: 24, keyring: program.keyring) }
        #expect(throws: TamperingError.self) {
            try program.store.voidForm(reference: own[1].hex, reason: .wrongType, keyring: program.keyring)
        }
    }

    /// Voids survive a key rotation (they are opened with the key they were sealed to) and a
    /// purge of the form they void: nothing traps the program afterwards, and counts stay right.
    @Test func voidsSurviveRotationAndPurge() throws {
        let (program, _, own, paper) = try program()
        try program.store.voidForm(reference: own[0].hex, reason: .wrongType, keyring: program.keyring)
        _ = try program.store.rotateProgramKey(keyring: program.keyring, passphrase: program.coordinatorPassphrase, kdf: .minimum,
                                               today: TestProgram.today)
        let keyring = try program.store.unlockProgram(passphrase: program.coordinatorPassphrase)
        try program.store.voidForm(reference: paper.hex, reason: .duplicate, keyring: keyring)
        #expect(try program.store.coordinatorReport(keyring: keyring).total == 1)
        #expect(try problems(program).isEmpty)
        try program.store.purge(before: try CalendarDate(year: 2026, month: 1, day: 3), keyring: keyring)
        #expect(try program.store.coordinatorReport(keyring: keyring).total == 1)
        #expect(try problems(program).isEmpty)
        #expect(try program.store.formListing(keyring: keyring).entries.count == 2)
    }

    /// An advisor with her own passphrase signs a void with her own key: refused as unsigned by the
    /// root, even with a chained `form-void` entry; her form counts.
    @Test func anAdvisorsOwnKeyDoesNotMakeAVoid() throws {
        let (program, ana, own, _) = try program()
        let forged = FormVoid(voidID: .random(), formID: own[1], reason: .mistake, voidedAt: "2026-01-05T10:00Z")
        let sealed = try forged.seal(programID: program.keyring.programID, keyID: 1, publicKey: try recipient(program).publicKey)
        let signature = try ana.signingKey.sign(RootSigned.formVoid(programID: program.keyring.programID, voidID: forged.voidID, keyID: 1, sealed: sealed))
        try FileWriter(path: program.path).execute("INSERT INTO form_void VALUES (?, 1, ?, ?)",
                                                   [Data(forged.voidID.bytes), Data(sealed), Data(signature)], dropping: Self.voidGuards)
        #expect(throws: TamperingError.self) { try program.store.setRetention(months: 24, keyring: program.keyring) }
        #expect(throws: (any Error).self) { _ = try program.store.coordinatorReport(keyring: program.keyring) }
        #expect(!(try keylessProblems(program)).isEmpty)
    }

    // MARK: Paper forms

    /// An advisor with her own key writes a version-3 form with an entry byte that is neither
    /// 0x00 nor 0x01: refused by name, never read as either kind.
    @Test func anUnknownEntryByteIsRefused() throws {
        let (program, ana, _, _) = try program()
        for entry: UInt8 in [0x02, 0x80, 0xFF] {
            let form = UsageForm(advisorID: ana.advisorID, serviceTime: try time("2026-01-04 11:00"), incident: .other, intervention: .oneOnOne)
            var body = SealedForm.encodeBody(form, recipient: try recipient(program))
            try #require(body[77] == FormOrigin.advisor.rawValue)
            body[77] = entry
            let signature = try ana.signingKey.sign(Domain.formSignatureV3 + body)
            let sealed = try SealedBox.seal(try Padding.pad(body + signature, toMultipleOf: SealedForm.paddedLength), to: try recipient(program).publicKey)
            let blobHash = Data(try AuditEvent.formHash(of: sealed))
            try FileWriter(path: program.path).execute("INSERT INTO usage_form VALUES (?, 1, ?)", [Data(form.id.bytes), Data(sealed)])
            try FileWriter(path: program.path).execute("INSERT INTO pending_form VALUES (?)", [blobHash])
            #expect(throws: SealedForm.Rejection.unknownEntry(entry)) { _ = try program.store.coordinatorReport(keyring: program.keyring) }
            #expect(try problems(program).contains { $0.contains(SealedForm.Rejection.unknownEntry(entry).description) })
            try FileWriter(path: program.path).execute("DELETE FROM usage_form WHERE form_id = ?", [Data(form.id.bytes)])
            try FileWriter(path: program.path).execute("DELETE FROM pending_form WHERE form_hash = ?", [blobHash])
        }
    }

    /// A paper form's root signature cannot be reused on another form: copying a paper form's
    /// sealed bytes to a new row id (a replay) is refused by its id, and a second copy of the same
    /// blob is not in the trail.
    @Test func aPaperFormCannotBeReplayedUnderAnotherId() throws {
        let (program, _, _, paper) = try program()
        try FileWriter(path: program.path).execute("INSERT INTO usage_form (form_id, key_id, sealed) SELECT ?, key_id, sealed FROM usage_form WHERE form_id = ?",
                                                   [Data(Identifier.random().bytes), Data(paper.bytes)])
        #expect(throws: SealedForm.Rejection.idMismatch) { _ = try program.store.coordinatorReport(keyring: program.keyring) }
        #expect(!(try keylessProblems(program)).isEmpty)
    }

    /// Refusals of a paper entry never quote what the form says, and a batch refused in the
    /// middle files nothing.
    @Test func aRefusedPaperBatchFilesNothingAndQuotesNothing() throws {
        let (program, _, _, _) = try program()
        let before = try program.store.formCount()
        let forms = [
            PaperForm(advisorName: "Sgt. Ana Ortiz", entry: FormEntry(time: try time("2026-01-04 12:00"), incident: .other, intervention: .oneOnOne)),
            PaperForm(advisorName: "Lt. Secret Person", entry: FormEntry(time: try time("2026-01-04 13:00"), incident: .other, intervention: .oneOnOne)),
        ]
        do {
            try program.store.fileOnPaper(forms, keyring: program.keyring)
            Issue.record("a batch naming someone off the roster was filed")
        } catch let refusal as PaperFormRefusal {
            #expect(refusal.index == 1)
            #expect(!refusal.description.contains("Secret") && !(refusal.hint ?? "").contains("Secret"))
        }
        #expect(try program.store.formCount() == before)
    }

    /// A paper form entered with the program's key is not something an advisor's passphrase makes:
    /// a paper form whose root signature is replaced by Ana's own (over the same body) is refused.
    @Test func aPaperFormResignedByItsAdvisorIsRefused() throws {
        let (program, ana, _, paper) = try program()
        let sealed = try program.store.read { db in
            [UInt8](try #require(try Data.fetchOne(db, sql: "SELECT sealed FROM usage_form WHERE form_id = ?", arguments: [Data(paper.bytes)])))
        }
        // The body is what Ana knows (she handed the paper in); the row id is in the file.
        let plain = try Padding.unpad(SealedBox.open(sealed, with: try #require(program.keyring.keys[1])), blockSize: SealedForm.paddedLength)
        let body = Array(plain.dropLast(SigningKey.signatureLength))
        let signature = try ana.signingKey.sign(Domain.formSignatureV3 + body)
        let forged = try SealedBox.seal(try Padding.pad(body + signature, toMultipleOf: SealedForm.paddedLength), to: try recipient(program).publicKey)
        try FileWriter(path: program.path).execute("UPDATE usage_form SET sealed = ? WHERE form_id = ?", [Data(forged), Data(paper.bytes)])
        #expect(throws: SealedForm.Rejection.badRootSignature) { _ = try program.store.coordinatorReport(keyring: program.keyring) }
    }
}
