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
    static let deputySecret = pattern(32, 13, 0x31)
    static let deputyID = pattern(16, 1, 0xD0)

    func write(_ name: String, _ object: [String: Any]) throws {
        let url = KnownAnswerVectorTests.directory.appendingPathComponent(name + ".json")
        guard !FileManager.default.fileExists(atPath: url.path) else { return }
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        try (data + Data("\n".utf8)).write(to: url)
    }

    func secret(_ bytes: [UInt8]) throws -> SecretBytes { var copy = bytes; return try SecretBytes(consuming: &copy) }

    /// A form as vectors hold it; `origin` only for a paper form (the advisor's own is the default).
    func formJSON(_ form: UsageForm) -> [String: Any] {
        var json: [String: Any] = ["id": form.id.hex, "advisor": form.advisorID.hex, "epochSeconds": Int(form.serviceTime.epochSeconds),
                                   "utcOffsetMinutes": Int(form.serviceTime.utcOffsetMinutes), "incident": form.incident.code,
                                   "intervention": form.intervention.code]
        if form.origin != .advisor { json["origin"] = form.origin.code }
        return json
    }

    @Test(.enabled(if: enabled)) func record() throws {
        try FileManager.default.createDirectory(at: KnownAnswerVectorTests.directory, withIntermediateDirectories: true)
        let keys = try ProgramKeyPair(secretKey: secret(Self.programSecret))
        let deputy = try ProgramKeyPair(secretKey: secret(Self.deputySecret))
        let program = try Identifier(bytes: Self.programID)
        let advisor = try SigningKey(seed: secret(Self.advisorSeed))
        let other = try SigningKey(seed: secret(Self.otherSeed))
        let form = UsageForm(id: try Identifier(bytes: Self.formID), advisorID: try Identifier(bytes: Self.advisorID),
                             serviceTime: try ServiceTime(epochSeconds: 1_773_546_420, utcOffsetMinutes: -300),
                             incident: .criticalIncident, intervention: .groupSupport)
        let recipient = FormRecipient(programID: program, keyID: 1, publicKey: keys.publicKey)
        let recipientJSON: [String: Any] = ["programID": program.hex, "keyID": 1, "publicKey": hexString(keys.publicKey)]

        // Form bodies and signatures.
        let v2 = SealedForm.encodeBodyVersion2(form, recipient: recipient), v1 = SealedForm.encodeBodyVersion1(form)
        try write("form-body-v2", ["kind": "form-body", "comment": "the version-2 body of a form (FORMAT.md §5.1)", "version": 2,
                                   "form": formJSON(form), "recipient": recipientJSON, "body": hexString(v2)])
        try write("form-body-v1", ["kind": "form-body", "comment": "the version-1 body, read but no longer written", "version": 1,
                                   "form": formJSON(form), "body": hexString(v1)])
        // Version 3 is known since paper forms; the unknown version is 4.
        var unknownVersion = v2; unknownVersion[4] = 4
        var badMagic = v2; badMagic[0] = 0x51
        var upperCase = v2; upperCase[upperCase.count - 1] = 0x41
        for (name, body, expect) in [("form-body-error-version", unknownVersion, "unsupportedVersion(4)"),
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
        let sealedV2 = try SealedForm.sealVersion2(form, signer: advisor, recipient: recipient)
        try openCase("sealed-form-v2", "a version-2 form opens with the key it names", sealed: sealedV2, expect: "ok")
        try openCase("sealed-form-v1", "a version-1 form still opens",
                     sealed: try SealedForm.sealVersion1(form, signer: advisor, programPublicKey: keys.publicKey), expect: "ok")
        try openCase("sealed-form-error-recipient", "a form naming key 2, stored as sealed to key 1 (opened and sealed again)",
                     sealed: try SealedForm.sealVersion2(form, signer: advisor, recipient: FormRecipient(programID: program, keyID: 2, publicKey: keys.publicKey)),
                     expect: "wrongRecipient")
        var flipped = sealedV2; flipped[100] ^= 1
        try openCase("sealed-form-error-flipped", "one flipped bit", sealed: flipped, expect: "authenticationFailed")
        try openCase("sealed-form-error-length", "one byte short", sealed: Array(sealedV2.dropLast()), expect: "wrongLength(303)")
        try openCase("sealed-form-error-row", "stored under another form's id", sealed: sealedV2, rowID: Self.pattern(16, 1, 0x30), expect: "idMismatch")
        try openCase("sealed-form-error-signer", "signed by an advisor not on the roster", sealed: sealedV2, roster: [:], expect: "unknownSigner")
        try openCase("sealed-form-error-signature", "signed with another key than the roster's",
                     sealed: try SealedForm.sealVersion2(form, signer: other, recipient: recipient), expect: "badSignature")

        // Version 3: the entry byte, and who must have signed for each value of it.
        let root = try ProgramRoot.derive(fromFirstProgramKey: secret(Self.programSecret))
        let paper = UsageForm(id: form.id, advisorID: form.advisorID, serviceTime: form.serviceTime, incident: form.incident,
                              intervention: form.intervention, origin: .paper)
        let v3 = SealedForm.encodeBody(form, recipient: recipient), v3Paper = SealedForm.encodeBody(paper, recipient: recipient)
        try write("form-body-v3", ["kind": "form-body", "comment": "the version-3 body of an advisor's own form: entry byte 0x00 at offset 77 (FORMAT.md §5.1)",
                                   "version": 3, "form": formJSON(form), "recipient": recipientJSON, "body": hexString(v3)])
        try write("form-body-v3-paper", ["kind": "form-body", "comment": "the version-3 body of a paper form the coordinator entered: entry byte 0x01",
                                         "version": 3, "form": formJSON(paper), "recipient": recipientJSON, "body": hexString(v3Paper)])
        var unknownEntry = v3; unknownEntry[77] = 2
        try write("form-body-error-entry", ["kind": "form-body-error", "comment": "a version-3 body whose entry byte is neither 0x00 nor 0x01",
                                            "body": hexString(unknownEntry), "expect": "unknownEntry(2)"])
        try write("form-signature-v3", ["kind": "form-signature", "comment": "the advisor's Ed25519 signature of a version-3 body (entry 0x00)",
                                        "version": 3, "advisorSeed": hexString(Self.advisorSeed), "advisorPublicKey": hexString(advisor.publicKey),
                                        "body": hexString(v3), "signature": hexString(try advisor.sign(Domain.formSignatureV3 + v3))])
        try write("form-signature-v3-root", ["kind": "form-signature", "comment": "the program root's Ed25519 signature of a paper form's version-3 body (entry 0x01)",
                                             "version": 3, "signer": "root", "programSecretKey": hexString(Self.programSecret),
                                             "rootPublicKey": hexString(root.publicKey), "body": hexString(v3Paper),
                                             "signature": hexString(try root.sign(Domain.formSignatureV3 + v3Paper))])
        func openPaperCase(_ name: String, _ comment: String, sealed: [UInt8], expect: String) throws {
            try write(name, ["kind": "sealed-form-open", "comment": comment, "programSecretKey": hexString(Self.programSecret),
                             "programPublicKey": hexString(keys.publicKey), "programID": program.hex, "keyID": 1,
                             "roster": [hexString(Self.advisorID): hexString(advisor.publicKey)], "rowID": hexString(Self.formID),
                             "sealed": hexString(sealed), "expect": expect, "form": formJSON(paper)])
        }
        try openCase("sealed-form-v3", "a version-3 form the advisor filed opens, checked against the advisor's key",
                     sealed: try SealedForm.seal(form, signer: advisor, recipient: recipient), expect: "ok")
        try openPaperCase("sealed-form-v3-paper", "a paper form the coordinator entered opens, checked against the program root (derived from programSecretKey)",
                          sealed: try SealedForm.seal(paper, signer: root, recipient: recipient), expect: "ok")
        try openPaperCase("sealed-form-error-paper-advisor-signed", "marked as a paper form but signed by the advisor's key (an advisor relabelling a form)",
                          sealed: try SealedForm.seal(paper, signer: advisor, recipient: recipient), expect: "badRootSignature")
        try openCase("sealed-form-error-advisor-root-signed", "marked as the advisor's own form but signed by the program root",
                     sealed: try SealedForm.seal(form, signer: root, recipient: recipient), expect: "badSignature")
        let badEntry = try SealedBox.seal(try Padding.pad(unknownEntry + (try advisor.sign(Domain.formSignatureV3 + unknownEntry)),
                                                          toMultipleOf: SealedForm.paddedLength), to: keys.publicKey)
        try openCase("sealed-form-error-entry", "a sealed version-3 form whose entry byte is 0x02", sealed: badEntry, expect: "unknownEntry(2)")

        // The rest of §5.3's refusals, in step order: forms sealed with crafted plaintexts (each
        // body a version-3 advisor's form, signed by the advisor, so only the named fault differs).
        func signedPlain(_ body: [UInt8]) throws -> [UInt8] { body + (try advisor.sign(Domain.formSignatureV3 + body)) }
        func sealPlain(_ plain: [UInt8]) throws -> [UInt8] {
            try SealedBox.seal(try Padding.pad(plain, toMultipleOf: SealedForm.paddedLength), to: keys.publicKey)
        }
        try openCase("sealed-form-error-key", "a good form, but the row says it is sealed to program key 2, which is not among the unlocked keys (key 1 only)",
                     sealed: try SealedForm.seal(form, signer: advisor, recipient: recipient), keyID: 2,
                     expect: "malformed(sealed to unknown program key 2)")
        var badPadding = try Padding.pad(try signedPlain(v3), toMultipleOf: SealedForm.paddedLength)
        badPadding[badPadding.count - 1] = 0x01
        try openCase("sealed-form-error-padding", "the padding's last byte is 0x01: the 0x80 marker is not followed only by 0x00",
                     sealed: try SealedBox.seal(badPadding, to: keys.publicKey), expect: "malformed(padding)")
        try openCase("sealed-form-error-short", "the unpadded plaintext is 64 bytes: a signature and no body",
                     sealed: try sealPlain(try advisor.sign(Domain.formSignatureV3)), expect: "malformed(too short)")
        let fieldsAt = 104    // n1 of a version-3 body
        func withCodes(_ incident: String, _ intervention: String) -> [UInt8] {
            Array(v3.prefix(fieldsAt)) + [UInt8(incident.utf8.count)] + Array(incident.utf8) + [UInt8(intervention.utf8.count)] + Array(intervention.utf8)
        }
        for (name, comment, body, expect) in [
            ("sealed-form-error-code-length", "an incident code of 41 letters (codes are 1-40 bytes)",
             withCodes(String(repeating: "a", count: 41), "group-support"), "malformed(code length)"),
            ("sealed-form-error-code-characters", "an incident code with an underscore (codes are a-z and -)",
             withCodes("critical_incident", "group-support"), "malformed(code characters)"),
            ("sealed-form-error-incident", "a well-formed incident code that is not in FORMAT.md §6.1",
             withCodes("riot", "group-support"), "malformed(incident code)"),
            ("sealed-form-error-intervention", "a known incident and a well-formed intervention code that is not in §6.2",
             withCodes("critical-incident", "counselling"), "malformed(intervention code)"),
        ] {
            try openCase(name, comment, sealed: try sealPlain(try signedPlain(body)), expect: expect)
            if name != "sealed-form-error-code-characters" {    // form-body-error-code is that refusal
                try write(name.replacingOccurrences(of: "sealed-form-error", with: "form-body-error"),
                          ["kind": "form-body-error", "comment": "a body the decoder must refuse by this name: " + comment,
                           "body": hexString(body), "expect": expect])
            }
        }
        var notAMinute = v3
        notAMinute.replaceSubrange(94..<102, with: (0..<8).reversed().map { UInt8((UInt64(1_773_546_450) >> (UInt64($0) * 8)) & 0xFF) })
        try openCase("sealed-form-error-time", "a time of service 30 seconds past a whole minute (FORMAT.md §7)",
                     sealed: try sealPlain(try signedPlain(notAMinute)), expect: "malformed(time of service)")
        try write("form-body-error-time", ["kind": "form-body-error", "comment": "a body the decoder must refuse by this name: a time of service 30 seconds past a whole minute",
                                           "body": hexString(notAMinute), "expect": "malformed(time of service)"])
        var farOffset = v3
        farOffset.replaceSubrange(102..<104, with: [0x03, 0x49])
        try openCase("sealed-form-error-offset", "a UTC offset of +841 minutes (at most 840 either way, FORMAT.md §7)",
                     sealed: try sealPlain(try signedPlain(farOffset)), expect: "malformed(time of service)")

        // The program root and what it signs.
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
            ("deputy-entry", ["deputyID": hexString(Self.deputyID), "name": "Lt. Omar Haddad", "publicKey": hexString(deputy.publicKey),
                              "addedOn": "2026-03-01"],
             RootSigned.deputyEntry(programID: program, deputyID: try Identifier(bytes: Self.deputyID), name: "Lt. Omar Haddad",
                                    publicKey: deputy.publicKey, addedOn: "2026-03-01")),
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

        // Wrapped keys at the cheapest KDF, with fixed salt and nonce.
        let kdf = KDFParameters.minimum
        let kdfJSON: [String: Any] = ["alg": kdf.algorithm, "ops": kdf.opsLimit, "mem": kdf.memLimit]
        let salt = Self.pattern(16, 3, 0x11), nonce = Self.pattern(24, 5, 0x22)
        let wraps: [(String, [String: Any], [UInt8], [UInt8])] = [
            ("program-key", ["kind": "program-key", "programID": program.hex, "keyID": 1, "publicKey": hexString(keys.publicKey),
                             "unlocker": "passphrase"],
             WrapContext.programKey(programID: program, keyID: 1, publicKey: keys.publicKey, unlocker: "passphrase"), Self.programSecret),
            ("advisor-key-v2", ["kind": "advisor-key-v2", "programID": program.hex, "advisorID": hexString(Self.advisorID),
                                "publicKey": hexString(advisor.publicKey), "root": hexString(root.publicKey)],
             WrapContext.advisorKey(programID: program, advisorID: try Identifier(bytes: Self.advisorID), publicKey: advisor.publicKey,
                                    root: root.publicKey), Self.advisorSeed),
            ("advisor-key-v1", ["kind": "advisor-key-v1", "programID": program.hex, "advisorID": hexString(Self.advisorID),
                                "publicKey": hexString(advisor.publicKey)],
             WrapContext.advisorKey(programID: program, advisorID: try Identifier(bytes: Self.advisorID), publicKey: advisor.publicKey,
                                    root: nil), Self.advisorSeed),
            ("deputy-key", ["kind": "deputy-key", "programID": program.hex, "deputyID": hexString(Self.deputyID),
                            "publicKey": hexString(deputy.publicKey), "root": hexString(root.publicKey)],
             WrapContext.deputyKey(programID: program, deputyID: try Identifier(bytes: Self.deputyID), publicKey: deputy.publicKey,
                                   root: root.publicKey), Self.deputySecret),
        ]
        let passphrase = "walnut glacier anchor velvet kettle"
        for (name, context, ad, secretBytes) in wraps {
            let made = try WrappedSecret.wrap(secret(secretBytes), passphrase: secret(Array(passphrase.utf8)), kdf: kdf, associatedData: ad,
                                              salt: salt, nonce: nonce)
            var base: [String: Any] = ["kind": "wrapped-key", "comment": "a \(name) wrap (FORMAT.md §3), Argon2id at the minimum cost",
                                       "passphrase": passphrase, "kdf": kdfJSON, "salt": hexString(salt), "nonce": hexString(nonce),
                                       "context": context, "associatedData": hexString(ad), "secret": hexString(secretBytes),
                                       "ciphertext": hexString(made.ciphertext), "expect": "ok"]
            try write("wrapped-\(name)", base)
            if name == "program-key" {
                base["comment"] = "the same wrap with a wrong passphrase"
                base["passphrase"] = "walnut glacier anchor velvet kettles"
                base["expect"] = "unwrapFailed"
                try write("wrapped-error-passphrase", base)
                var flipped = made.ciphertext; flipped[flipped.count - 1] ^= 1
                base["passphrase"] = passphrase
                base["comment"] = "the same wrap with one bit of its tag flipped"
                base["ciphertext"] = hexString(flipped)
                try write("wrapped-error-tag", base)
                base["ciphertext"] = hexString(made.ciphertext)
                base["comment"] = "stored KDF parameters over the limit are refused before any hashing"
                base["kdf"] = ["alg": kdf.algorithm, "ops": kdf.opsLimit, "mem": (1 << 30) + 1]
                base["expect"] = "unacceptableKDFParameters"
                try write("wrapped-error-kdf", base)
                // §3's size checks, each alone: nonce, then ciphertext, then salt (all before any hashing).
                base["kdf"] = kdfJSON
                base["expect"] = "wrongSize"
                base["comment"] = "the same wrap with a nonce of 23 bytes (24 are required)"
                base["nonce"] = hexString(Array(nonce.dropLast()))
                try write("wrapped-error-nonce", base)
                base["nonce"] = hexString(nonce)
                base["comment"] = "the same wrap with a salt of 15 bytes (16 are required)"
                base["salt"] = hexString(Array(salt.dropLast()))
                try write("wrapped-error-salt", base)
                base["salt"] = hexString(salt)
                base["comment"] = "a ciphertext of 16 bytes, the tag alone: not longer than the tag"
                base["ciphertext"] = hexString(Array(made.ciphertext.suffix(16)))
                base["expect"] = "unwrapFailed"
                try write("wrapped-error-short", base)
                // Their order, two faults at a time: the first check that fails names the refusal.
                base["comment"] = "a 23-byte nonce and a ciphertext of 16 bytes: the nonce is checked first (wrongSize)"
                base["nonce"] = hexString(Array(nonce.dropLast()))
                base["expect"] = "wrongSize"
                try write("wrapped-error-order-nonce", base)
                base["nonce"] = hexString(nonce)
                base["comment"] = "a ciphertext of 16 bytes and a 15-byte salt: the ciphertext is checked before the salt (unwrapFailed)"
                base["salt"] = hexString(Array(salt.dropLast()))
                base["expect"] = "unwrapFailed"
                try write("wrapped-error-order-short", base)
            }
        }

        // A program key sealed to a deputy. crypto_box_seal picks its own ephemeral key, so the
        // vector is a recorded grant and what opening it must give, plus the refusals.
        let grant = try DeputyGrant.seal(keys, to: deputy.publicKey)
        let grantBase: [String: Any] = ["kind": "deputy-grant", "deputySecretKey": hexString(Self.deputySecret),
                                        "deputyPublicKey": hexString(deputy.publicKey), "programPublicKey": hexString(keys.publicKey)]
        func grantCase(_ name: String, _ comment: String, sealed: [UInt8], programPublicKey: [UInt8], expect: String) throws {
            var object = grantBase
            object["comment"] = comment
            object["sealed"] = hexString(sealed)
            object["programPublicKey"] = hexString(programPublicKey)
            object["expect"] = expect
            try write(name, object)
        }
        try grantCase("deputy-grant", "program key 1 sealed to a deputy's X25519 key (FORMAT.md §3.4); opens to the program secret key",
                      sealed: grant, programPublicKey: keys.publicKey, expect: hexString(Self.programSecret))
        var flippedGrant = grant; flippedGrant[40] ^= 1
        try grantCase("deputy-grant-error-flipped", "one bit flipped", sealed: flippedGrant, programPublicKey: keys.publicKey,
                      expect: "sealedBoxRejected")
        try grantCase("deputy-grant-error-other-key", "a grant moved to another program key's row: the key inside is not that key",
                      sealed: grant, programPublicKey: deputy.publicKey, expect: "notThatKey")

        // Void records (FORMAT.md §5.5). The seal is randomised, so the vector is a recorded
        // void, the exact plaintext and signed bytes, and what opening it must give; then the
        // refusals, in the order the checks run.
        let voidID = try Identifier(bytes: Self.pattern(16, 3, 0xE0))
        let void = FormVoid(voidID: voidID, formID: try Identifier(bytes: Self.formID), reason: .wrongType, voidedAt: "2026-03-14T15:47Z")
        let voidPlaintext = try void.plaintext(programID: program, keyID: 1)
        let voidSealed = try SealedBox.seal(voidPlaintext, to: keys.publicKey)
        let voidJSON: [String: Any] = ["voidID": voidID.hex, "formID": hexString(Self.formID), "reason": void.reason.code, "voidedAt": void.voidedAt]
        func voidCase(_ name: String, _ comment: String, sealed: [UInt8], rowVoidID: Identifier = voidID, keyID: Int64 = 1,
                      signature: [UInt8]? = nil, signer: SigningKey? = nil, expect: String, pinned: Bool = false) throws {
            let signed = RootSigned.formVoid(programID: program, voidID: rowVoidID, keyID: keyID, sealed: sealed)
            var object: [String: Any] = ["kind": "form-void", "comment": comment, "programSecretKey": hexString(Self.programSecret),
                                         "programID": program.hex, "rootPublicKey": hexString(root.publicKey), "rowVoidID": rowVoidID.hex,
                                         "keyID": Int(keyID), "sealed": hexString(sealed),
                                         "signature": hexString(try signature ?? (signer ?? root).sign(signed)), "expect": expect]
            if pinned {
                object["void"] = voidJSON
                object["plaintext"] = hexString(voidPlaintext)
                object["signedBytes"] = hexString(signed)
            }
            try write(name, object)
        }
        try voidCase("form-void", "a void of the form of form-body-v2, sealed to program key 1 and signed by the root; opens to the void",
                     sealed: voidSealed, expect: "ok", pinned: true)
        // The signed state with the void in it (and the withdrawal before): the voids section is
        // appended only when there is one.
        let voidSigned = RootSigned.formVoid(programID: program, voidID: voidID, keyID: 1, sealed: voidSealed)
        digestInput.voids = [.init(id: voidID.bytes, content: voidSigned, signature: try root.sign(voidSigned))]
        stateJSON["voids"] = digestInput.voids.map { ["id": hexString($0.id), "content": hexString($0.content), "signature": h($0.signature)] }
        stateJSON["comment"] = "the digest a signed head carries, with a withdrawn publication and a void (FORMAT.md §9.6)"
        stateJSON["digest"] = hexString(try digestInput.digest())
        try write("program-state-void", stateJSON)
        // And with a deputy (§9.6): the deputy section (entry, grant, wrapped key) comes before the
        // withdrawals and voids sections. The grant and wrap are patterns: the digest only hashes them.
        let deputyEntry = RootSigned.deputyEntry(programID: program, deputyID: try Identifier(bytes: Self.deputyID), name: "Lt. Omar Haddad",
                                                 publicKey: deputy.publicKey, addedOn: "2026-03-01")
        let deputySalt = Self.pattern(16, 1, 6), deputyNonce = Self.pattern(24, 1, 7), deputyWrapped = Self.pattern(48, 1, 8)
        let grantSealed = Self.pattern(80, 1, 5)
        var deputyWrap: [UInt8] = []
        for value in [kdf.algorithm, kdf.opsLimit, kdf.memLimit] { deputyWrap += withUnsafeBytes(of: Int64(value).bigEndian) { Array($0) } }
        deputyWrap += deputySalt + deputyNonce + deputyWrapped
        digestInput.deputies = [.init(id: Self.deputyID, content: deputyEntry, signature: try root.sign(deputyEntry))]
        digestInput.deputyGrants = [.init(deputyID: Self.deputyID, keyID: 1, sealed: grantSealed)]
        digestInput.deputyWraps = [.init(id: Self.deputyID, content: deputyWrap, signature: nil)]
        stateJSON["deputies"] = digestInput.deputies.map { ["id": hexString($0.id), "content": hexString($0.content), "signature": h($0.signature),
                                                           "kdf": kdfJSON, "salt": hexString(deputySalt), "nonce": hexString(deputyNonce),
                                                           "wrapped": hexString(deputyWrapped)] }
        stateJSON["grants"] = [["deputyID": hexString(Self.deputyID), "keyID": 1, "sealed": hexString(grantSealed)]]
        stateJSON["comment"] = "the digest a signed head carries, with a deputy (entry, grant of key 1, wrapped key), a withdrawn publication and a void (FORMAT.md §9.6)"
        stateJSON["digest"] = hexString(try digestInput.digest())
        try write("program-state-deputy", stateJSON)
        try voidCase("form-void-error-length", "one byte short", sealed: Array(voidSealed.dropLast()), expect: "wrongLength(157)")
        let voidSignature = try root.sign(RootSigned.formVoid(programID: program, voidID: voidID, keyID: 1, sealed: voidSealed))
        var flippedSignature = voidSignature; flippedSignature[10] ^= 1
        try voidCase("form-void-error-signature", "one bit of the root's signature flipped", sealed: voidSealed, signature: flippedSignature,
                     expect: "badSignature")
        try voidCase("form-void-error-row", "the same sealed bytes and signature under another row's void id (moved or replayed)",
                     sealed: voidSealed, rowVoidID: try Identifier(bytes: Self.pattern(16, 3, 0xE1)), signature: voidSignature,
                     expect: "badSignature")
        try voidCase("form-void-error-forged", "sealed to the program key as anyone can, signed by a key that is not the root",
                     sealed: voidSealed, signer: other, expect: "badSignature")
        try voidCase("form-void-error-key", "signed by the root for program key 2, which the holder of key 1 does not have",
                     sealed: voidSealed, keyID: 2, expect: "unknownKey(2)")
        try voidCase("form-void-error-sealed", "signed by the root but sealed to another X25519 key",
                     sealed: try SealedBox.seal(voidPlaintext, to: deputy.publicKey), expect: "authenticationFailed")
        let otherVoid = FormVoid(voidID: try Identifier(bytes: Self.pattern(16, 3, 0xE1)), formID: void.formID, reason: .wrongType,
                                 voidedAt: void.voidedAt)
        try voidCase("form-void-error-id", "signed by the root, but the sealed bytes name another void id than the row",
                     sealed: try SealedBox.seal(try otherVoid.plaintext(programID: program, keyID: 1), to: keys.publicKey), expect: "idMismatch")
        var freeText = voidPlaintext
        let reasonAt = Domain.formVoid.count + Identifier.length + 8 + Identifier.length * 2
        for (i, byte) in Array("free text".utf8).enumerated() { freeText[reasonAt + i] = byte }
        try voidCase("form-void-error-reason", "signed by the root, but the reason is not a code of the list",
                     sealed: try SealedBox.seal(freeText, to: keys.publicKey), expect: "malformed(reason)")
        try voidCase("form-void-error-program", "signed by the root, but the sealed bytes name another program id",
                     sealed: try SealedBox.seal(try void.plaintext(programID: try Identifier(bytes: Self.pattern(16, 1, 0x11)), keyID: 1),
                                                to: keys.publicKey), expect: "malformed(program or key)")
        try voidCase("form-void-error-inner-key", "signed by the root for key 1 and sealed to key 1, but the sealed bytes name key 2",
                     sealed: try SealedBox.seal(try void.plaintext(programID: program, keyID: 2), to: keys.publicKey),
                     expect: "malformed(program or key)")
        var spacedTime = voidPlaintext
        spacedTime.replaceSubrange((voidPlaintext.count - 17)..., with: Array("2026-03-14 15:47Z".utf8))
        try voidCase("form-void-error-time", "signed by the root, but voided_at has a space where the T goes",
                     sealed: try SealedBox.seal(spacedTime, to: keys.publicKey), expect: "malformed(time)")

        // Codes people copy by hand.
        let randomCode = Self.pattern(18, 29, 0x13)
        let recovery = try HumanCode.make(from: randomCode, domain: Domain.recoveryCodeChecksum)
        let canonicalRecovery = recovery.canonical.withUnsafeBytes { String(decoding: Array($0), as: UTF8.self) }
        let codeBase: [String: Any] = ["kind": "human-code", "domain": "recovery-code", "random": hexString(randomCode),
                                       "printable": recovery.printable]
        func codeCase(_ name: String, _ comment: String, typed: String, expect: String) throws {
            var object = codeBase
            object["comment"] = comment
            object["typed"] = typed
            object["expect"] = expect
            try write(name, object)
        }
        try codeCase("recovery-code", "a recovery code from fixed random bytes, typed as printed (FORMAT.md §4.1)",
                     typed: recovery.printable, expect: canonicalRecovery)
        try codeCase("recovery-code-sloppy", "typed in lower case, with spaces, O for 0 and l for 1",
                     typed: recovery.printable.lowercased().replacingOccurrences(of: "-", with: " ").replacingOccurrences(of: "0", with: "o")
                        .replacingOccurrences(of: "1", with: "l"), expect: canonicalRecovery)
        var mistyped = Array(recovery.printable)
        mistyped[0] = mistyped[0] == "A" ? "B" : "A"
        try codeCase("recovery-code-error-checksum", "one character mistyped", typed: String(mistyped),
                     expect: "malformedCode: checksum does not match")
        try codeCase("recovery-code-error-length", "a group missing", typed: String(recovery.printable.dropLast(5)),
                     expect: "malformedCode: it has 28 characters")
        var misread = Array(recovery.printable)
        misread[0] = "U"
        try codeCase("recovery-code-error-character", "a U typed for the first character: U is not in the alphabet (nor read as anything)",
                     typed: String(misread), expect: "malformedCode: it contains a character that is not in a")
        var asCredential = codeBase
        asCredential["domain"] = "credential"
        asCredential["comment"] = "a recovery code is not a command-staff credential: the checksum's domain differs"
        asCredential["typed"] = recovery.printable
        asCredential["expect"] = "malformedCode: checksum does not match"
        asCredential.removeValue(forKey: "random")
        try write("recovery-code-error-domain", asCredential)

        // The audit chain: FORMAT.md §8.2's worked example is entry 1.
        let events: [(Int64, String?, Role, String, String, [UInt8]?)] = [
            (1, "2026-01-05T14:10Z", .coordinator, "program-init", "allowed", nil),
            (2, "2026-01-05T14:11Z", .coordinator, "unlock", "allowed", nil),
            (3, nil, .advisor, "form-filed", "allowed", try AuditEvent.formHash(of: sealedV2)),
            (4, "2026-01-06T09:00Z", .commandStaff, "query-usage", "referred", nil),
        ]
        var prev = AuditEvent.genesis
        var entries: [[String: Any]] = []
        for (seq, at, role, action, outcome, formHash) in events {
            let hash = try AuditEvent.chainHash(prev: prev, seq: seq, at: at, role: role, action: action, outcome: outcome, formHash: formHash)
            var entry: [String: Any] = ["seq": Int(seq), "role": role.rawValue, "action": action, "outcome": outcome,
                                        "canonical": hexString(AuditEvent.canonical(seq: seq, at: at, role: role, action: action,
                                                                                    outcome: outcome, formHash: formHash)),
                                        "hash": hexString(hash)]
            entry["at"] = at ?? NSNull()
            entry["formHash"] = formHash.map(hexString) ?? NSNull()
            entries.append(entry)
            prev = hash
        }
        try write("audit-chain", ["kind": "audit-chain", "comment": "four chained entries; entry 1 is FORMAT.md §8.2's worked example",
                                  "entries": entries, "formHashOf": hexString(sealedV2), "formHash": hexString(try AuditEvent.formHash(of: sealedV2))])

        // Report bodies: this version's canonical JSON, and a body published by version 1.
        let report = CommandStaffReport(
            format: CommandStaffReport.currentFormat, program: "Joplin PD Peer Support", coordinator: "Capt. Dana Reyes",
            from: "2026-01-01", to: "2026-06-30", by: .quarter, dimension: .incident, minimumCell: 5,
            periods: [.init(label: "2026-Q1", total: 12), .init(label: "2026-Q2", total: nil)],
            rows: [.init(code: "personal-problems", label: "Personal problems", counts: [9, nil], total: 17),
                   .init(code: "deadly-force", label: "Deadly force", counts: [nil, nil], total: nil)],
            grandTotal: nil, withheldCount: 5,
            publication: .init(number: 3, publishedAt: "2026-07-02T15:04Z", auditHead: .init(seq: 41, hash: hexString(Self.pattern(32, 7, 9))),
                               rootFingerprint: ProgramRoot.fingerprint(root.publicKey)))
        try write("report-body-v2", ["kind": "report-body", "comment": "a published report's canonical JSON (FORMAT.md §9.3), withheld numbers as null",
                                     "body": String(decoding: try report.canonicalJSON(), as: UTF8.self), "withheldCount": 5])
        let frozenBody = try String(contentsOf: FrozenDatabaseTests.root.appendingPathComponent("v1/expected/published-1.json"), encoding: .utf8)
        try write("report-body-v1", ["kind": "report-body", "comment": "a body published by version 1 (frozen database v1, report 1) still decodes and re-encodes byte for byte",
                                     "body": frozenBody, "withheldCount": 17])

        // The code vocabularies, as stored inside forms and in the schema.
        try write("vocabulary", ["kind": "vocabulary", "comment": "codes are stored inside sealed forms and in CHECKs: never renamed or removed (FORMAT.md §6)",
                                 "incidents": IncidentType.allCases.map(\.code), "interventions": InterventionKind.allCases.map(\.code),
                                 "trainingTopics": TrainingTopic.allCases.map(\.code), "roles": Role.allCases.map(\.rawValue),
                                 "voidReasons": VoidReason.allCases.map(\.code)])

        // A command-staff credential's verifier and root binding.
        let (canonical, printable) = try HumanCode.make(from: Self.pattern(18, 17, 0x21), domain: Domain.credentialChecksum)
        try write("credential-binding", ["kind": "credential-binding",
                                         "comment": "a command-staff credential's stored verifier and its binding to the program root (FORMAT.md §4.3)",
                                         "credential": printable, "programID": program.hex, "root": hexString(root.publicKey),
                                         "verifier": hexString(try Digest.blake2b(prefix: Domain.credentialVerifier, secret: canonical)),
                                         "mac": hexString(try CredentialBinding.mac(credential: canonical, programID: program, root: root.publicKey))])
    }
}
