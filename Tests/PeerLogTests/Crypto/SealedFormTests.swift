import Testing
@testable import PeerLog
@testable import PeerLogFormat

@Suite("Sealed forms: sign, pad, seal; open rejects anything altered")
struct SealedFormTests {
    let program = try! ProgramKeyPair.generate()
    let advisor = try! SigningKey.generate()
    let advisorID = Identifier.random()
    let programID = Identifier.random()
    var recipient: FormRecipient { FormRecipient(programID: programID, keyID: 1, publicKey: program.publicKey) }

    func form(_ incident: IncidentType = .criticalIncident, _ intervention: InterventionKind = .groupSupport) throws -> UsageForm {
        UsageForm(advisorID: advisorID, serviceTime: try time("2026-03-14 09:30"), incident: incident, intervention: intervention)
    }

    func open(_ sealed: [UInt8], rowID: Identifier, keys: ProgramKeyPair? = nil, keyID: Int64 = 1) throws -> UsageForm {
        let keys = keys ?? program
        return try SealedForm.open(sealed, rowID: rowID, recipient: FormRecipient(programID: programID, keyID: keyID, publicKey: keys.publicKey),
                                   keys: keys) { $0 == advisorID ? advisor.publicKey : nil }
    }

    func recipient(_ keys: ProgramKeyPair, keyID: Int64 = 1, program: Identifier? = nil) -> FormRecipient {
        FormRecipient(programID: program ?? programID, keyID: keyID, publicKey: keys.publicKey)
    }

    @Test func roundTripRestoresExactlyTheThreeFields() throws {
        let original = try form()
        let sealed = try SealedForm.seal(original, signer: advisor, recipient: recipient)
        #expect(try open(sealed, rowID: original.id) == original)
    }

    @Test("every sealed form has the same length whatever its content",
          arguments: [(IncidentType.other, InterventionKind.referral), (.crimesAgainstChildren, .supervisorActivation)])
    func constantLength(incident: IncidentType, intervention: InterventionKind) throws {
        let sealed = try SealedForm.seal(form(incident, intervention), signer: advisor, recipient: recipient)
        #expect(sealed.count == SealedForm.sealedLength)
        #expect(sealed.count == 304)
    }

    @Test("a flipped byte anywhere is detected", arguments: [0, 1, 31, 32, 47, 48, 100, 200, 303])
    func flippedByte(position: Int) throws {
        let original = try form()
        var sealed = try SealedForm.seal(original, signer: advisor, recipient: recipient)
        sealed[position] ^= 0x01
        #expect(throws: SealedForm.Rejection.authenticationFailed) { try open(sealed, rowID: original.id) }
    }

    @Test func truncatedOrExtendedBlobIsRejected() throws {
        let original = try form()
        let sealed = try SealedForm.seal(original, signer: advisor, recipient: recipient)
        #expect(throws: SealedForm.Rejection.wrongLength(303)) { try open(Array(sealed.dropLast()), rowID: original.id) }
        #expect(throws: SealedForm.Rejection.wrongLength(305)) { try open(sealed + [0], rowID: original.id) }
    }

    @Test func formSealedForAnotherProgramDoesNotOpen() throws {
        let original = try form()
        let other = try ProgramKeyPair.generate()
        let sealed = try SealedForm.seal(original, signer: advisor, recipient: recipient(other))
        #expect(throws: SealedForm.Rejection.authenticationFailed) { try open(sealed, rowID: original.id) }
        #expect(try open(sealed, rowID: original.id, keys: other) == original)
    }

    @Test func formStoredUnderAnotherIdIsDetected() throws {
        let a = try form(), b = try form(.other, .followUp)
        let sealedA = try SealedForm.seal(a, signer: advisor, recipient: recipient)
        #expect(throws: SealedForm.Rejection.idMismatch) { try open(sealedA, rowID: b.id) }
    }

    @Test func formSignedByKeyNotOnRosterIsDetected() throws {
        let forger = try SigningKey.generate()
        let forged = UsageForm(advisorID: .random(), serviceTime: try time("2026-03-14 09:30"), incident: .other, intervention: .oneOnOne)
        let sealed = try SealedForm.seal(forged, signer: forger, recipient: recipient)
        #expect(throws: SealedForm.Rejection.unknownSigner) { try open(sealed, rowID: forged.id) }
    }

    @Test func formClaimingARosterAdvisorButSignedByAnotherKeyIsDetected() throws {
        let forger = try SigningKey.generate()
        let forged = try form()
        let sealed = try SealedForm.seal(forged, signer: forger, recipient: recipient)
        #expect(throws: SealedForm.Rejection.badSignature) { try open(sealed, rowID: forged.id) }
    }

    /// The attack a version-2 form stops: someone swaps their own key into the database, a form
    /// is sealed to it, they open it and seal the same bytes again to the real key.
    @Test func formOpenedAndSealedAgainToTheRealKeyIsRejected() throws {
        let original = try form()
        let swapped = try ProgramKeyPair.generate()
        let toSwapped = try SealedForm.seal(original, signer: advisor, recipient: recipient(swapped))
        let plaintext = try SealedBox.open(toSwapped, with: swapped)
        let resealed = try SealedBox.seal(plaintext, to: program.publicKey)
        #expect(throws: SealedForm.Rejection.wrongRecipient) { try open(resealed, rowID: original.id) }
    }

    @Test func formNamingAnotherKeyIdOrProgramIsRejected() throws {
        let original = try form()
        let underKey2 = try SealedForm.seal(original, signer: advisor, recipient: recipient(program, keyID: 2))
        #expect(throws: SealedForm.Rejection.wrongRecipient) { try open(underKey2, rowID: original.id, keyID: 1) }
        #expect(try open(underKey2, rowID: original.id, keyID: 2) == original)
        let otherProgram = try SealedForm.seal(original, signer: advisor, recipient: recipient(program, program: .random()))
        #expect(throws: SealedForm.Rejection.wrongRecipient) { try open(otherProgram, rowID: original.id) }
    }

    /// Forms written before version 2 name no recipient; they are still read, and still checked.
    @Test func versionOneFormsStillOpen() throws {
        let original = try form()
        let legacy = try SealedForm.sealVersion1(original, signer: advisor, programPublicKey: program.publicKey)
        #expect(legacy.count == 304)
        #expect(try open(legacy, rowID: original.id) == original)
        let forger = try SigningKey.generate()
        let forged = try SealedForm.sealVersion1(original, signer: forger, programPublicKey: program.publicKey)
        #expect(throws: SealedForm.Rejection.badSignature) { try open(forged, rowID: original.id) }
    }

    /// A version-1 signature does not verify a version-2 body, nor the other way round.
    @Test func signaturesAreBoundToTheirVersion() throws {
        let original = try form()
        let body = SealedForm.encodeBody(original, recipient: recipient)
        let signedAsV1 = try advisor.sign(Domain.formSignatureV1 + body)
        let sealed = try SealedBox.seal(try Padding.pad(body + signedAsV1, toMultipleOf: SealedForm.paddedLength), to: program.publicKey)
        #expect(throws: SealedForm.Rejection.badSignature) { try open(sealed, rowID: original.id) }
    }

    @Test func unknownVersionIsRejectedByName() throws {
        var body = SealedForm.encodeBody(try form(), recipient: recipient)
        body[4] = 4
        #expect(throws: SealedForm.Rejection.unsupportedVersion(4)) { try SealedForm.decodeBody(body) }
    }

    @Test("the decoder rejects what the encoder never produces")
    func strictDecoder() throws {
        let body = SealedForm.encodeBody(try form(), recipient: recipient)
        #expect(throws: SealedForm.Rejection.self) { try SealedForm.decodeBody(body + [0]) }
        #expect(throws: SealedForm.Rejection.self) { try SealedForm.decodeBody(Array(body.dropLast())) }
        #expect(throws: SealedForm.Rejection.self) { try SealedForm.decodeBody([]) }
        var badMagic = body; badMagic[0] = 0x51
        #expect(throws: SealedForm.Rejection.malformed("magic")) { try SealedForm.decodeBody(badMagic) }
        var badCode = body; badCode[body.count - 1] = 0x41 // an uppercase letter inside a code
        #expect(throws: SealedForm.Rejection.self) { try SealedForm.decodeBody(badCode) }
        let decoded = try SealedForm.decodeBody(body)
        #expect(decoded.form.incident == .criticalIncident)
        #expect(decoded.recipient == recipient)
    }
}
