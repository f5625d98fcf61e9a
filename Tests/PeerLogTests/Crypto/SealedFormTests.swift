import Testing
@testable import PeerLog

@Suite("Sealed forms: sign, pad, seal; open rejects anything altered")
struct SealedFormTests {
    let program = try! ProgramKeyPair.generate()
    let advisor = try! SigningKey.generate()
    let advisorID = Identifier.random()

    func form(_ incident: IncidentType = .criticalIncident, _ intervention: InterventionKind = .groupSupport) throws -> UsageForm {
        UsageForm(advisorID: advisorID, serviceTime: try time("2026-03-14 09:30"), incident: incident, intervention: intervention)
    }

    func open(_ sealed: [UInt8], rowID: Identifier, keys: ProgramKeyPair? = nil) throws -> UsageForm {
        try SealedForm.open(sealed, rowID: rowID, keys: keys ?? program) { $0 == advisorID ? advisor.publicKey : nil }
    }

    @Test func roundTripRestoresExactlyTheThreeFields() throws {
        let original = try form()
        let sealed = try SealedForm.seal(original, signer: advisor, programPublicKey: program.publicKey)
        #expect(try open(sealed, rowID: original.id) == original)
    }

    @Test("every sealed form has the same length whatever its content",
          arguments: [(IncidentType.other, InterventionKind.referral), (.crimesAgainstChildren, .supervisorActivation)])
    func constantLength(incident: IncidentType, intervention: InterventionKind) throws {
        let sealed = try SealedForm.seal(form(incident, intervention), signer: advisor, programPublicKey: program.publicKey)
        #expect(sealed.count == SealedForm.sealedLength)
        #expect(sealed.count == 304)
    }

    @Test("a flipped byte anywhere is detected", arguments: [0, 1, 31, 32, 47, 48, 100, 200, 303])
    func flippedByte(position: Int) throws {
        let original = try form()
        var sealed = try SealedForm.seal(original, signer: advisor, programPublicKey: program.publicKey)
        sealed[position] ^= 0x01
        #expect(throws: SealedForm.Rejection.authenticationFailed) { try open(sealed, rowID: original.id) }
    }

    @Test func truncatedOrExtendedBlobIsRejected() throws {
        let original = try form()
        let sealed = try SealedForm.seal(original, signer: advisor, programPublicKey: program.publicKey)
        #expect(throws: SealedForm.Rejection.wrongLength(303)) { try open(Array(sealed.dropLast()), rowID: original.id) }
        #expect(throws: SealedForm.Rejection.wrongLength(305)) { try open(sealed + [0], rowID: original.id) }
    }

    @Test func formSealedForAnotherProgramDoesNotOpen() throws {
        let original = try form()
        let other = try ProgramKeyPair.generate()
        let sealed = try SealedForm.seal(original, signer: advisor, programPublicKey: other.publicKey)
        #expect(throws: SealedForm.Rejection.authenticationFailed) { try open(sealed, rowID: original.id) }
        #expect(try open(sealed, rowID: original.id, keys: other) == original)
    }

    @Test func formStoredUnderAnotherIdIsDetected() throws {
        let a = try form(), b = try form(.other, .followUp)
        let sealedA = try SealedForm.seal(a, signer: advisor, programPublicKey: program.publicKey)
        #expect(throws: SealedForm.Rejection.idMismatch) { try open(sealedA, rowID: b.id) }
    }

    @Test func formSignedByKeyNotOnRosterIsDetected() throws {
        let forger = try SigningKey.generate()
        let forged = UsageForm(advisorID: .random(), serviceTime: try time("2026-03-14 09:30"), incident: .other, intervention: .oneOnOne)
        let sealed = try SealedForm.seal(forged, signer: forger, programPublicKey: program.publicKey)
        #expect(throws: SealedForm.Rejection.unknownSigner) { try open(sealed, rowID: forged.id) }
    }

    @Test func formClaimingARosterAdvisorButSignedByAnotherKeyIsDetected() throws {
        let forger = try SigningKey.generate()
        let forged = try form()
        let sealed = try SealedForm.seal(forged, signer: forger, programPublicKey: program.publicKey)
        #expect(throws: SealedForm.Rejection.badSignature) { try open(sealed, rowID: forged.id) }
    }

    @Test func unknownVersionIsRejectedByName() throws {
        var body = SealedForm.encodeBody(try form())
        body[4] = 2
        #expect(throws: SealedForm.Rejection.unsupportedVersion(2)) { try SealedForm.decodeBody(body) }
    }

    @Test("the decoder rejects what the encoder never produces")
    func strictDecoder() throws {
        let body = SealedForm.encodeBody(try form())
        #expect(throws: SealedForm.Rejection.self) { try SealedForm.decodeBody(body + [0]) }
        #expect(throws: SealedForm.Rejection.self) { try SealedForm.decodeBody(Array(body.dropLast())) }
        #expect(throws: SealedForm.Rejection.self) { try SealedForm.decodeBody([]) }
        var badMagic = body; badMagic[0] = 0x51
        #expect(throws: SealedForm.Rejection.malformed("magic")) { try SealedForm.decodeBody(badMagic) }
        var badCode = body; badCode[body.count - 1] = 0x41 // an uppercase letter inside a code
        #expect(throws: SealedForm.Rejection.self) { try SealedForm.decodeBody(badCode) }
        #expect(try SealedForm.decodeBody(body).incident == .criticalIncident)
    }
}
