import Foundation
import Testing
@testable import PeerLog
@testable import PeerLogFormat

/// Records known-answer vectors for a format when it is introduced:
/// `PEERLOG_RECORD_VECTORS=1 swift test --filter VectorRecorder`. It writes only files that do not
/// exist yet; an existing vector is never rewritten (that is the point of it). Review every new
/// file before committing it, and keep docs/FORMAT.md's list of vectors in step.
@Suite("Vector recorder (run by hand when a format is added)")
struct VectorRecorder {
    static let enabled = ProcessInfo.processInfo.environment["PEERLOG_RECORD_VECTORS"] == "1"

    /// Fixed inputs: every key and id is a simple function of its position, so anyone can rebuild them.
    static func pattern(_ count: Int, _ a: Int, _ b: Int) -> [UInt8] { (0..<count).map { UInt8(truncatingIfNeeded: $0 &* a &+ b) } }
    static let programSecret = pattern(32, 7, 3)
    static let programID = pattern(16, 1, 0x10)
    static let advisorSeed = pattern(32, 5, 0x40)
    static let otherSeed = pattern(32, 11, 0x41)
    static let advisorID = pattern(16, 1, 0xA0)
    static let formID = pattern(16, 1, 0x20)

    func write(_ name: String, _ object: [String: Any]) throws {
        let url = KnownAnswerVectorTests.directory.appendingPathComponent(name + ".json")
        guard !FileManager.default.fileExists(atPath: url.path) else { return }
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        try (data + Data("\n".utf8)).write(to: url)
    }

    func secret(_ bytes: [UInt8]) throws -> SecretBytes { var copy = bytes; return try SecretBytes(consuming: &copy) }

    func formJSON(_ form: UsageForm) -> [String: Any] {
        ["id": form.id.hex, "advisor": form.advisorID.hex, "epochSeconds": Int(form.serviceTime.epochSeconds),
         "utcOffsetMinutes": Int(form.serviceTime.utcOffsetMinutes), "incident": form.incident.code, "intervention": form.intervention.code]
    }

    @Test(.enabled(if: enabled)) func record() throws {
        try FileManager.default.createDirectory(at: KnownAnswerVectorTests.directory, withIntermediateDirectories: true)
        let keys = try ProgramKeyPair(secretKey: secret(Self.programSecret))
        let program = try Identifier(bytes: Self.programID)
        let advisor = try SigningKey(seed: secret(Self.advisorSeed))
        let other = try SigningKey(seed: secret(Self.otherSeed))
        let form = UsageForm(id: try Identifier(bytes: Self.formID), advisorID: try Identifier(bytes: Self.advisorID),
                             serviceTime: try ServiceTime(epochSeconds: 1_773_546_420, utcOffsetMinutes: -300),
                             incident: .criticalIncident, intervention: .groupSupport)
        let recipient = FormRecipient(programID: program, keyID: 1, publicKey: keys.publicKey)
        let recipientJSON: [String: Any] = ["programID": program.hex, "keyID": 1, "publicKey": hexString(keys.publicKey)]

        // Form bodies and signatures.
        let v2 = SealedForm.encodeBody(form, recipient: recipient), v1 = SealedForm.encodeBodyVersion1(form)
        try write("form-body-v2", ["kind": "form-body", "comment": "the version-2 body of a form (FORMAT.md §5.1)", "version": 2,
                                   "form": formJSON(form), "recipient": recipientJSON, "body": hexString(v2)])
        try write("form-body-v1", ["kind": "form-body", "comment": "the version-1 body, read but no longer written", "version": 1,
                                   "form": formJSON(form), "body": hexString(v1)])
        var unknownVersion = v2; unknownVersion[4] = 3
        var badMagic = v2; badMagic[0] = 0x51
        var upperCase = v2; upperCase[upperCase.count - 1] = 0x41
        for (name, body, expect) in [("form-body-error-version", unknownVersion, "unsupportedVersion(3)"),
                                     ("form-body-error-magic", badMagic, "malformed(magic)"),
                                     ("form-body-error-trailing", v2 + [0], "malformed(trailing bytes)"),
                                     ("form-body-error-truncated", Array(v2.dropLast(3)), "malformed(truncated)"),
                                     ("form-body-error-code", upperCase, "malformed(code characters)")] {
            try write(name, ["kind": "form-body-error", "comment": "a body the decoder must refuse by this name", "body": hexString(body),
                             "expect": expect])
        }
        for (version, body, context) in [(2, v2, Domain.formSignatureV2), (1, v1, Domain.formSignatureV1)] {
            try write("form-signature-v\(version)", ["kind": "form-signature", "comment": "the advisor's Ed25519 signature of a version-\(version) body",
                                                    "version": version, "advisorSeed": hexString(Self.advisorSeed),
                                                    "advisorPublicKey": hexString(advisor.publicKey), "body": hexString(body),
                                                    "signature": hexString(try advisor.sign(context + body))])
        }

        // Sealed forms as stored: opened, or refused by name.
        func openCase(_ name: String, _ comment: String, sealed: [UInt8], rowID: [UInt8] = Self.formID, keyID: Int = 1,
                      roster: [String: String]? = nil, expect: String) throws {
            try write(name, ["kind": "sealed-form-open", "comment": comment, "programSecretKey": hexString(Self.programSecret),
                             "programPublicKey": hexString(keys.publicKey), "programID": program.hex, "keyID": keyID,
                             "roster": roster ?? [hexString(Self.advisorID): hexString(advisor.publicKey)], "rowID": hexString(rowID),
                             "sealed": hexString(sealed), "expect": expect, "form": formJSON(form)])
        }
        let sealedV2 = try SealedForm.seal(form, signer: advisor, recipient: recipient)
        try openCase("sealed-form-v2", "a version-2 form opens with the key it names", sealed: sealedV2, expect: "ok")
        try openCase("sealed-form-v1", "a version-1 form still opens",
                     sealed: try SealedForm.sealVersion1(form, signer: advisor, programPublicKey: keys.publicKey), expect: "ok")
        try openCase("sealed-form-error-recipient", "a form naming key 2, stored as sealed to key 1 (opened and sealed again)",
                     sealed: try SealedForm.seal(form, signer: advisor, recipient: FormRecipient(programID: program, keyID: 2, publicKey: keys.publicKey)),
                     expect: "wrongRecipient")
        var flipped = sealedV2; flipped[100] ^= 1
        try openCase("sealed-form-error-flipped", "one flipped bit", sealed: flipped, expect: "authenticationFailed")
        try openCase("sealed-form-error-length", "one byte short", sealed: Array(sealedV2.dropLast()), expect: "wrongLength(303)")
        try openCase("sealed-form-error-row", "stored under another form's id", sealed: sealedV2, rowID: Self.pattern(16, 1, 0x30), expect: "idMismatch")
        try openCase("sealed-form-error-signer", "signed by an advisor not on the roster", sealed: sealedV2, roster: [:], expect: "unknownSigner")
        try openCase("sealed-form-error-signature", "signed with another key than the roster's",
                     sealed: try SealedForm.seal(form, signer: other, recipient: recipient), expect: "badSignature")

        // The program root and what it signs.
        let root = try ProgramRoot.derive(fromFirstProgramKey: secret(Self.programSecret))
        try write("root-derivation", ["kind": "root-derivation", "comment": "the program root, derived from program key 1 (crypto_kdf, PLpublsh, 1)",
                                      "programSecretKey": hexString(Self.programSecret), "rootPublicKey": hexString(root.publicKey),
                                      "fingerprint": ProgramRoot.fingerprint(root.publicKey)])
        let state = Self.pattern(32, 3, 0x55), hash = Self.pattern(32, 9, 0x66), verifier = Self.pattern(32, 13, 0x77)
        let records: [(String, [String: Any], [UInt8])] = [
            ("program-key-certificate", ["keyID": 1, "publicKey": hexString(keys.publicKey), "validFrom": "2026-01-05"],
             RootSigned.programKeyCertificate(programID: program, keyID: 1, publicKey: keys.publicKey, validFrom: "2026-01-05")),
            ("roster-entry", ["advisorID": hexString(Self.advisorID), "signingPublicKey": hexString(advisor.publicKey), "name": "Sgt. Ana Ortiz",
                              "status": "retired", "enrolledOn": "2026-01-05", "retiredOn": "2026-11-30",
                              "training": [["referrals", "2026-02-01"], ["de-escalation", "2026-01-20"]]],
             RootSigned.rosterEntry(programID: program, advisorID: try Identifier(bytes: Self.advisorID), signingPublicKey: advisor.publicKey,
                                    name: "Sgt. Ana Ortiz", status: "retired", enrolledOn: "2026-01-05", retiredOn: "2026-11-30",
                                    training: [("referrals", "2026-02-01"), ("de-escalation", "2026-01-20")])),
            ("credential-entry", ["nameKey": "chief lee", "name": "Chief Lee", "role": "command-staff", "verifier": hexString(verifier),
                                  "grantedOn": "2026-01-05"],
             RootSigned.credentialEntry(programID: program, nameKey: "chief lee", name: "Chief Lee", role: "command-staff", verifier: verifier,
                                        grantedOn: "2026-01-05", revokedOn: nil)),
            ("setting", ["name": "retention-months", "value": "36"],
             RootSigned.settingEntry(programID: program, name: "retention-months", value: "36")),
            ("signed-head", ["seq": 42, "hash": hexString(hash), "state": hexString(state)],
             RootSigned.signedHead(programID: program, seq: 42, hash: hash, state: state)),
            ("published-report-v2", ["publishedAt": "2026-12-03T06:45Z", "body": "{\"format\" : \"example\"}\n"],
             RootSigned.publishedReportV2(programID: program, publishedAt: "2026-12-03T06:45Z", body: Array("{\"format\" : \"example\"}\n".utf8))),
            ("published-report-v1", ["publishedAt": "2026-12-03T06:45Z", "body": "{\"format\" : \"example\"}\n"],
             RootSigned.publishedReportV1(publishedAt: "2026-12-03T06:45Z", body: Array("{\"format\" : \"example\"}\n".utf8))),
            ("publication-withdrawal", ["reportID": 3, "withdrawnAt": "2026-12-03T07:00Z"],
             RootSigned.publicationWithdrawal(programID: program, reportID: 3, withdrawnAt: "2026-12-03T07:00Z")),
        ]
        for (record, fields, bytes) in records {
            try write("root-signed-\(record)", ["kind": "root-signed", "comment": "what the root signs for a \(record) (FORMAT.md §9)",
                                                "record": record, "programSecretKey": hexString(Self.programSecret), "programID": program.hex,
                                                "fields": fields, "bytes": hexString(bytes), "signature": hexString(try root.sign(bytes))])
        }

        // The signed state's digest.
        var digestInput = ProgramState(programID: program, name: "Joplin PD Peer Support", coordinator: "Capt. Dana Reyes",
                                       createdOn: "2026-01-05", rootPublicKey: root.publicKey)
        digestInput.keys = [.init(id: 1, active: true, content: records[0].2, certificate: try root.sign(records[0].2))]
        digestInput.wraps = [.init(keyID: 1, unlocker: "passphrase", salt: Self.pattern(16, 1, 1), nonce: Self.pattern(24, 1, 2),
                                   wrapped: Self.pattern(48, 1, 3))]
        digestInput.roster = [.init(id: Self.advisorID, content: records[1].2, signature: try root.sign(records[1].2))]
        digestInput.credentials = [.init(id: Array("chief lee".utf8), content: records[2].2, signature: nil)]
        digestInput.settings = [.init(id: Array("retention-months".utf8), content: records[3].2, signature: try root.sign(records[3].2))]
        digestInput.publications = [.init(id: 1, scheme: 2, body: Array("{}\n".utf8), signature: Self.pattern(64, 1, 4))]
        func h(_ b: [UInt8]?) -> Any { b.map(hexString) ?? NSNull() }
        var stateJSON: [String: Any] = ["kind": "program-state", "comment": "the digest a signed head carries (FORMAT.md §9.6)",
                                        "programID": program.hex, "name": digestInput.name, "coordinator": digestInput.coordinator,
                                        "createdOn": digestInput.createdOn, "rootPublicKey": hexString(root.publicKey)]
        stateJSON["keys"] = digestInput.keys.map { ["id": Int($0.id), "active": $0.active, "content": hexString($0.content), "certificate": h($0.certificate)] }
        stateJSON["wraps"] = digestInput.wraps.map { ["keyID": Int($0.keyID), "unlocker": $0.unlocker, "salt": hexString($0.salt),
                                                      "nonce": hexString($0.nonce), "wrapped": hexString($0.wrapped)] }
        stateJSON["roster"] = digestInput.roster.map { ["id": hexString($0.id), "content": hexString($0.content), "signature": h($0.signature)] }
        stateJSON["credentials"] = digestInput.credentials.map { ["id": hexString($0.id), "content": hexString($0.content)] }
        stateJSON["settings"] = digestInput.settings.map { ["id": hexString($0.id), "content": hexString($0.content), "signature": h($0.signature)] }
        stateJSON["publications"] = digestInput.publications.map { ["id": Int($0.id), "scheme": $0.scheme, "body": hexString($0.body),
                                                                     "signature": hexString($0.signature)] }
        stateJSON["digest"] = hexString(try digestInput.digest())
        try write("program-state", stateJSON)
        // The same state with a withdrawn publication: the withdrawals section is appended only
        // when there is one, so the digest above stays what it always was.
        // Publication 1 (the one in the state) withdrawn; its id is the report id in 8 big-endian bytes.
        let withdrawal = RootSigned.publicationWithdrawal(programID: program, reportID: 1, withdrawnAt: "2026-12-03T07:00Z")
        digestInput.withdrawals = [.init(id: [0, 0, 0, 0, 0, 0, 0, 1], content: withdrawal, signature: try root.sign(withdrawal))]
        stateJSON["withdrawals"] = digestInput.withdrawals.map { ["id": hexString($0.id), "content": hexString($0.content), "signature": h($0.signature)] }
        stateJSON["comment"] = "the digest a signed head carries, with a withdrawn publication (FORMAT.md §9.6)"
        stateJSON["digest"] = hexString(try digestInput.digest())
        try write("program-state-withdrawal", stateJSON)

        // A command-staff credential's verifier and root binding.
        let (canonical, printable) = try HumanCode.make(from: Self.pattern(18, 17, 0x21), domain: Domain.credentialChecksum)
        try write("credential-binding", ["kind": "credential-binding",
                                         "comment": "a command-staff credential's stored verifier and its binding to the program root (FORMAT.md §4.3)",
                                         "credential": printable, "programID": program.hex, "root": hexString(root.publicKey),
                                         "verifier": hexString(try Digest.blake2b(prefix: Domain.credentialVerifier, secret: canonical)),
                                         "mac": hexString(try CredentialBinding.mac(credential: canonical, programID: program, root: root.publicKey))])
    }
}
