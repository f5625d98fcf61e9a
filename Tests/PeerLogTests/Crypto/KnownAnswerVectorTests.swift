import Foundation
import Testing
@testable import PeerLog
@testable import PeerLogFormat

/// Known-answer vectors (`Tests/Vectors/*.json`, one case per file): fixed keys, nonces and
/// expected bytes for every byte format PeerLog writes and reads, and the exact error each kind of
/// corruption must give. The expected bytes were recorded once and are never regenerated for an
/// existing format: a change to an encoding, a domain-separation string or a signed field fails
/// here. Adding a case of an existing kind needs a file, no code. docs/FORMAT.md lists the kinds.
@Suite("Known-answer vectors: every byte format against fixed expected bytes")
struct KnownAnswerVectorTests {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Vectors")

    /// Every kind this runner knows; each must have at least one vector file.
    static let kinds = ["form-body", "form-body-error", "form-signature", "sealed-form-open", "root-derivation",
                        "root-signed", "program-state", "credential-binding", "wrapped-key", "human-code", "audit-chain",
                        "report-body", "vocabulary", "deputy-grant", "form-void"]

    static func vectorFiles() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".json") }.sorted()
    }

    @Test func everyKindHasVectorsAndEveryVectorHasAKnownKind() throws {
        var seen: Set<String> = []
        for file in try Self.vectorFiles() {
            let vector = try Vector(file: file)
            #expect(Self.kinds.contains(vector.kind), "\(file): unknown kind '\(vector.kind)'")
            seen.insert(vector.kind)
        }
        #expect(seen == Set(Self.kinds), "kinds without a vector: \(Set(Self.kinds).subtracting(seen))")
    }

    @Test(arguments: try vectorFiles()) func vector(file: String) throws {
        let v = try Vector(file: file)
        switch v.kind {
        case "form-body": try formBody(v)
        case "form-body-error": try formBodyError(v)
        case "form-signature": try formSignature(v)
        case "sealed-form-open": try sealedFormOpen(v)
        case "root-derivation": try rootDerivation(v)
        case "root-signed": try rootSigned(v)
        case "program-state": try programState(v)
        case "credential-binding": try credentialBinding(v)
        case "wrapped-key": try wrappedKey(v)
        case "human-code": try humanCode(v)
        case "audit-chain": try auditChain(v)
        case "report-body": try reportBody(v)
        case "vocabulary": try vocabulary(v)
        case "deputy-grant": try deputyGrant(v)
        case "form-void": try formVoid(v)
        default: Issue.record("\(file): unknown kind '\(v.kind)'")
        }
    }

    // MARK: Runners, one per kind

    func formBody(_ v: Vector) throws {
        let form = try v.form("form")
        let body = try v.bytes("body")
        let version = try v.int("version")
        let encoded = SealedForm.encodeBody(form, recipient: version == 1 ? nil : try v.recipient("recipient"), version: UInt8(version))
        #expect(hexString(encoded ?? []) == hexString(body), "\(v.file): encoding")
        let decoded = try SealedForm.decodeBody(body)
        #expect(decoded.form == form, "\(v.file): decoding")
        #expect(decoded.version == UInt8(version), "\(v.file): version")
        #expect(decoded.recipient == (version == 1 ? nil : try v.recipient("recipient")), "\(v.file): recipient")
    }

    func formBodyError(_ v: Vector) throws {
        do {
            _ = try SealedForm.decodeBody(try v.bytes("body"))
            Issue.record("\(v.file): decoded, expected \(try v.string("expect"))")
        } catch let rejection as SealedForm.Rejection {
            #expect(rejection.name == (try v.string("expect")), "\(v.file)")
        }
    }

    /// Signed by the advisor (`advisorSeed`), or for a paper form by the root of `programSecretKey`.
    func formSignature(_ v: Vector) throws {
        let key: SigningKey
        if (v.fields["signer"] as? String) == "root" {
            key = try ProgramRoot.derive(fromFirstProgramKey: v.secret("programSecretKey"))
            #expect(hexString(key.publicKey) == (try v.string("rootPublicKey")), "\(v.file): root public key")
        } else {
            key = try SigningKey(seed: v.secret("advisorSeed"))
            #expect(hexString(key.publicKey) == (try v.string("advisorPublicKey")), "\(v.file): public key")
        }
        let context = [1: Domain.formSignatureV1, 2: Domain.formSignatureV2, 3: Domain.formSignatureV3][try v.int("version")] ?? []
        #expect(!context.isEmpty, "\(v.file): version")
        let signature = try key.sign(context + v.bytes("body"))
        #expect(hexString(signature) == (try v.string("signature")), "\(v.file): signature")
        let expected = try v.bytes("signature"), body = try v.bytes("body")
        #expect(SigningKey.verify(expected, of: context + body, publicKey: key.publicKey))
    }

    /// Opened as a store opens a row (`PeerLogStore.open`, §5.3 steps 0-8): the reader holds
    /// program key 1 only (`programSecretKey`), so a row naming another `keyID` is refused at step 0.
    func sealedFormOpen(_ v: Vector) throws {
        let keys = try ProgramKeyPair(secretKey: v.secret("programSecretKey"))
        #expect(hexString(keys.publicKey) == (try v.string("programPublicKey")), "\(v.file): program public key")
        // The root a paper form must verify under is derived from key 1 (the keyring's lowest).
        let keyring = try ProgramKeyring(programID: try Identifier(bytes: v.bytes("programID")), keys: [1: keys], activeKeyID: 1)
        var roster: [Identifier: [UInt8]?] = [:]
        for (id, key) in try v.dictionary("roster") {
            guard let key = key as? String, let bytes = PeerLogFormat.bytes(fromHex: key) else { continue }
            roster[try Identifier(bytes: PeerLogFormat.bytes(fromHex: id) ?? [])] = bytes
        }
        let expect = try v.string("expect")
        let stored = StoredForm(id: try Identifier(bytes: v.bytes("rowID")), keyID: Int64(try v.int("keyID")), sealed: try v.bytes("sealed"))
        do {
            let form = try PeerLogStore.open(stored, keyring: keyring, signers: roster).form
            #expect(expect == "ok", "\(v.file): opened, expected \(expect)")
            if expect == "ok" { #expect(form == (try v.form("form")), "\(v.file): form") }
        } catch let rejection as SealedForm.Rejection {
            #expect(rejection.name == expect, "\(v.file)")
        }
    }

    func deputyGrant(_ v: Vector) throws {
        let deputy = try ProgramKeyPair(secretKey: v.secret("deputySecretKey"))
        #expect(hexString(deputy.publicKey) == (try v.string("deputyPublicKey")), "\(v.file): deputy public key")
        let expect = try v.string("expect")
        do {
            let opened = try DeputyGrant.open(v.bytes("sealed"), deputy: deputy, programPublicKey: v.bytes("programPublicKey"))
            #expect(opened.secretKey.withUnsafeBytes { hexString(Array($0)) } == expect, "\(v.file): program secret key")
        } catch CryptoError.sealedBoxRejected {
            #expect(expect == "sealedBoxRejected", "\(v.file)")
        } catch CryptoError.operationFailed {
            #expect(expect == "notThatKey", "\(v.file)")
        }
    }

    func formVoid(_ v: Vector) throws {
        let keys = try ProgramKeyPair(secretKey: v.secret("programSecretKey"))
        let root = try ProgramRoot.derive(fromFirstProgramKey: v.secret("programSecretKey"))
        #expect(hexString(root.publicKey) == (try v.string("rootPublicKey")), "\(v.file): root")
        let program = try Identifier(bytes: v.bytes("programID"))
        let row = try Identifier(bytes: v.bytes("rowVoidID"))
        let keyID = Int64(try v.int("keyID"))
        let sealed = try v.bytes("sealed")
        let expect = try v.string("expect")
        if v.fields["plaintext"] != nil {
            let fields = try v.dictionary("void")
            func hex(_ key: String) throws -> [UInt8] { try #require((fields[key] as? String).flatMap(PeerLogFormat.bytes(fromHex:)), "\(v.file): \(key)") }
            let expected = FormVoid(voidID: try Identifier(bytes: hex("voidID")), formID: try Identifier(bytes: hex("formID")),
                                    reason: try #require(VoidReason(rawValue: fields["reason"] as? String ?? "")),
                                    voidedAt: fields["voidedAt"] as? String ?? "")
            #expect(hexString(try expected.plaintext(programID: program, keyID: keyID)) == (try v.string("plaintext")), "\(v.file): plaintext")
            let signed = RootSigned.formVoid(programID: program, voidID: row, keyID: keyID, sealed: sealed)
            #expect(hexString(signed) == (try v.string("signedBytes")), "\(v.file): signed bytes")
            #expect(hexString(try root.sign(signed)) == (try v.string("signature")), "\(v.file): signature")
            let opened = try FormVoid.open(sealed, signature: v.bytes("signature"), voidID: row, keyID: keyID, programID: program,
                                           root: root.publicKey, keys: keyID == 1 ? keys : nil)
            #expect(opened == expected, "\(v.file): opened")
            #expect(expect == "ok", "\(v.file)")
            return
        }
        do {
            _ = try FormVoid.open(sealed, signature: v.bytes("signature"), voidID: row, keyID: keyID, programID: program,
                                  root: root.publicKey, keys: keyID == 1 ? keys : nil)
            Issue.record("\(v.file): opened, expected \(expect)")
        } catch let rejection as FormVoid.Rejection {
            #expect(rejection.name == expect, "\(v.file)")
        }
    }

    func rootDerivation(_ v: Vector) throws {
        let root = try ProgramRoot.derive(fromFirstProgramKey: v.secret("programSecretKey"))
        #expect(hexString(root.publicKey) == (try v.string("rootPublicKey")), "\(v.file)")
        #expect(ProgramRoot.fingerprint(root.publicKey) == (try v.string("fingerprint")), "\(v.file)")
    }

    func rootSigned(_ v: Vector) throws {
        let root = try ProgramRoot.derive(fromFirstProgramKey: v.secret("programSecretKey"))
        let fields = try v.dictionary("fields")
        let program = try Identifier(bytes: v.bytes("programID"))
        func text(_ key: String) -> String { fields[key] as? String ?? "" }
        func hex(_ key: String) -> [UInt8] { PeerLogFormat.bytes(fromHex: text(key)) ?? [] }
        func optional(_ key: String) -> String? { fields[key] as? String }
        let bytes: [UInt8]
        switch try v.string("record") {
        case "program-key-certificate":
            bytes = RootSigned.programKeyCertificate(programID: program, keyID: Int64(fields["keyID"] as? Int ?? 0),
                                                     publicKey: hex("publicKey"), validFrom: text("validFrom"))
        case "roster-entry":
            let training = (fields["training"] as? [[String]] ?? []).map { (topic: $0[0], day: $0[1]) }
            bytes = RootSigned.rosterEntry(programID: program, advisorID: try Identifier(bytes: hex("advisorID")),
                                           signingPublicKey: hex("signingPublicKey"), name: text("name"), status: text("status"),
                                           enrolledOn: text("enrolledOn"), retiredOn: optional("retiredOn"), training: training)
        case "credential-entry":
            bytes = RootSigned.credentialEntry(programID: program, nameKey: text("nameKey"), name: text("name"), role: text("role"),
                                               verifier: hex("verifier"), grantedOn: text("grantedOn"), revokedOn: optional("revokedOn"))
        case "setting":
            bytes = RootSigned.settingEntry(programID: program, name: text("name"), value: text("value"))
        case "signed-head":
            bytes = RootSigned.signedHead(programID: program, seq: Int64(fields["seq"] as? Int ?? 0), hash: hex("hash"), state: hex("state"))
        case "published-report-v2":
            bytes = RootSigned.publishedReportV2(programID: program, publishedAt: text("publishedAt"), body: Array(text("body").utf8))
        case "deputy-entry":
            bytes = RootSigned.deputyEntry(programID: program, deputyID: try Identifier(bytes: hex("deputyID")), name: text("name"),
                                           publicKey: hex("publicKey"), addedOn: text("addedOn"))
        case "published-report-v1":
            bytes = RootSigned.publishedReportV1(publishedAt: text("publishedAt"), body: Array(text("body").utf8))
        case "publication-withdrawal":
            bytes = RootSigned.publicationWithdrawal(programID: program, reportID: Int64(fields["reportID"] as? Int ?? 0),
                                                     withdrawnAt: text("withdrawnAt"))
        default:
            Issue.record("\(v.file): unknown record"); return
        }
        #expect(hexString(bytes) == (try v.string("bytes")), "\(v.file): signed bytes")
        #expect(hexString(try root.sign(bytes)) == (try v.string("signature")), "\(v.file): signature")
    }

    func programState(_ v: Vector) throws {
        var state = ProgramState(programID: try Identifier(bytes: v.bytes("programID")), name: try v.string("name"),
                                 coordinator: try v.string("coordinator"), createdOn: try v.string("createdOn"),
                                 rootPublicKey: try v.bytes("rootPublicKey"))
        func h(_ any: Any?) -> [UInt8] { (any as? String).flatMap { PeerLogFormat.bytes(fromHex: $0) } ?? [] }
        for key in try v.array("keys") {
            state.keys.append(.init(id: Int64(key["id"] as? Int ?? 0), active: key["active"] as? Bool ?? false, content: h(key["content"]),
                                    certificate: key["certificate"] == nil ? nil : h(key["certificate"])))
        }
        for wrap in try v.array("wraps") {
            state.wraps.append(.init(keyID: Int64(wrap["keyID"] as? Int ?? 0), unlocker: wrap["unlocker"] as? String ?? "",
                                     salt: h(wrap["salt"]), nonce: h(wrap["nonce"]), wrapped: h(wrap["wrapped"])))
        }
        func signed(_ name: String) throws -> [ProgramState.Signed] {
            try v.array(name).map { .init(id: h($0["id"]), content: h($0["content"]), signature: $0["signature"] == nil ? nil : h($0["signature"])) }
        }
        state.roster = try signed("roster")
        state.credentials = try signed("credentials")
        state.settings = try signed("settings")
        for publication in try v.array("publications") {
            state.publications.append(.init(id: Int64(publication["id"] as? Int ?? 0), scheme: publication["scheme"] as? Int ?? 0,
                                            body: h(publication["body"]), signature: h(publication["signature"])))
        }
        // A deputy's row: its signed entry, and its wrapped key as the digest hashes it (§9.6):
        // kdf_alg, kdf_ops, kdf_mem (8 bytes each, big-endian), salt, nonce, ciphertext.
        if v.fields["deputies"] != nil {
            state.deputies = try signed("deputies")
            state.deputyWraps = try v.array("deputies").map { deputy -> ProgramState.Signed in
                let kdf = deputy["kdf"] as? [String: Any] ?? [:]
                var wrap: [UInt8] = []
                for key in ["alg", "ops", "mem"] { wrap += withUnsafeBytes(of: Int64(kdf[key] as? Int ?? -1).bigEndian) { Array($0) } }
                return .init(id: h(deputy["id"]), content: wrap + h(deputy["salt"]) + h(deputy["nonce"]) + h(deputy["wrapped"]), signature: nil)
            }
        }
        if v.fields["grants"] != nil {
            state.deputyGrants = try v.array("grants").map { .init(deputyID: h($0["deputyID"]), keyID: Int64($0["keyID"] as? Int ?? 0), sealed: h($0["sealed"])) }
        }
        if v.fields["withdrawals"] != nil { state.withdrawals = try signed("withdrawals") }
        if v.fields["voids"] != nil { state.voids = try signed("voids") }
        #expect(hexString(try state.digest()) == (try v.string("digest")), "\(v.file)")
    }

    func wrappedKey(_ v: Vector) throws {
        let kdf = try v.dictionary("kdf")
        let parameters = KDFParameters(algorithm: kdf["alg"] as? Int ?? -1, opsLimit: kdf["ops"] as? Int ?? -1, memLimit: kdf["mem"] as? Int ?? -1)
        let context = try v.dictionary("context")
        func hex(_ key: String) -> [UInt8] { (context[key] as? String).flatMap(PeerLogFormat.bytes(fromHex:)) ?? [] }
        let program = try Identifier(bytes: hex("programID"))
        let ad: [UInt8]
        switch context["kind"] as? String {
        case "program-key":
            ad = WrapContext.programKey(programID: program, keyID: Int64(context["keyID"] as? Int ?? 0), publicKey: hex("publicKey"),
                                        unlocker: context["unlocker"] as? String ?? "")
        case "advisor-key-v1":
            ad = WrapContext.advisorKey(programID: program, advisorID: try Identifier(bytes: hex("advisorID")), publicKey: hex("publicKey"), root: nil)
        case "advisor-key-v2":
            ad = WrapContext.advisorKey(programID: program, advisorID: try Identifier(bytes: hex("advisorID")), publicKey: hex("publicKey"),
                                        root: hex("root"))
        case "deputy-key":
            ad = WrapContext.deputyKey(programID: program, deputyID: try Identifier(bytes: hex("deputyID")), publicKey: hex("publicKey"),
                                       root: hex("root"))
        default:
            Issue.record("\(v.file): unknown context"); return
        }
        #expect(hexString(ad) == (try v.string("associatedData")), "\(v.file): associated data")
        let wrapped = WrappedSecret(kdf: parameters, salt: try v.bytes("salt"), nonce: try v.bytes("nonce"), ciphertext: try v.bytes("ciphertext"))
        let passphrase = secret(try v.string("passphrase"))
        let expect = try v.string("expect")
        if expect == "ok" {
            let made = try WrappedSecret.wrap(v.secret("secret"), passphrase: passphrase, kdf: parameters, associatedData: ad,
                                              salt: v.bytes("salt"), nonce: v.bytes("nonce"))
            #expect(hexString(made.ciphertext) == (try v.string("ciphertext")), "\(v.file): ciphertext")
        }
        do {
            let opened = try wrapped.unwrap(passphrase: passphrase, associatedData: ad)
            #expect(expect == "ok", "\(v.file): unwrapped, expected \(expect)")
            #expect(opened.withUnsafeBytes { hexString(Array($0)) } == (try v.string("secret")), "\(v.file): secret")
        } catch let error as CryptoError {
            let name: String
            switch error {
            case .unwrapFailed: name = "unwrapFailed"
            case .unacceptableKDFParameters: name = "unacceptableKDFParameters"
            case .wrongSize: name = "wrongSize"
            default: name = "\(error)"
            }
            #expect(name == expect, "\(v.file)")
        }
    }

    func humanCode(_ v: Vector) throws {
        let domain = try v.string("domain") == "recovery-code" ? Domain.recoveryCodeChecksum : Domain.credentialChecksum
        if let random = v.fields["random"] as? String, let bytes = PeerLogFormat.bytes(fromHex: random) {
            let made = try HumanCode.make(from: bytes, domain: domain)
            #expect(made.printable == (try v.string("printable")), "\(v.file): printable form")
        }
        let expect = try v.string("expect")
        do {
            let canonical = try HumanCode.parse(secret(try v.string("typed")), domain: domain, what: "code")
            #expect(canonical.withUnsafeBytes { String(decoding: Array($0), as: UTF8.self) } == expect, "\(v.file)")
        } catch let InputError.malformedCode(_, why) {
            #expect(expect.hasPrefix("malformedCode") && why.contains(expect.dropFirst("malformedCode: ".count)), "\(v.file): \(why)")
        }
    }

    func auditChain(_ v: Vector) throws {
        var prev = AuditEvent.genesis
        for (index, entry) in try v.array("entries").enumerated() {
            let role = try #require(Role(rawValue: entry["role"] as? String ?? ""), "\(v.file): entry \(index) role")
            let formHash = (entry["formHash"] as? String).flatMap(PeerLogFormat.bytes(fromHex:))
            let seq = Int64(entry["seq"] as? Int ?? -1)
            let canonical = AuditEvent.canonical(seq: seq, at: entry["at"] as? String, role: role, action: entry["action"] as? String ?? "",
                                                 outcome: entry["outcome"] as? String ?? "", formHash: formHash)
            #expect(hexString(canonical) == entry["canonical"] as? String, "\(v.file): entry \(seq) canonical")
            let hash = try AuditEvent.chainHash(prev: prev, seq: seq, at: entry["at"] as? String, role: role, action: entry["action"] as? String ?? "",
                                                outcome: entry["outcome"] as? String ?? "", formHash: formHash)
            #expect(hexString(hash) == entry["hash"] as? String, "\(v.file): entry \(seq) hash")
            prev = hash
        }
        if let sealed = v.fields["formHashOf"] as? String, let bytes = PeerLogFormat.bytes(fromHex: sealed) {
            #expect(hexString(try AuditEvent.formHash(of: bytes)) == (try v.string("formHash")), "\(v.file): form hash")
        }
    }

    func reportBody(_ v: Vector) throws {
        let body = Data(try v.string("body").utf8)
        let report = try CommandStaffReport.decode(body)
        if let expected = v.fields["canonical"] as? String {
            #expect(String(decoding: try report.canonicalJSON(), as: UTF8.self) == expected, "\(v.file): re-encoding")
        } else {
            #expect(String(decoding: try report.canonicalJSON(), as: UTF8.self) == (try v.string("body")), "\(v.file): canonical form")
        }
        #expect(report.withheldCount == (try v.int("withheldCount")), "\(v.file): decoded")
    }

    func vocabulary(_ v: Vector) throws {
        func codes(_ key: String) throws -> [String] { try #require(v.fields[key] as? [String], "\(v.file): \(key)") }
        #expect(IncidentType.allCases.map(\.code) == (try codes("incidents")), "\(v.file): incident codes, in order")
        #expect(InterventionKind.allCases.map(\.code) == (try codes("interventions")), "\(v.file): intervention codes, in order")
        #expect(TrainingTopic.allCases.map(\.code) == (try codes("trainingTopics")), "\(v.file): training topics, in order")
        #expect(Role.allCases.map(\.rawValue) == (try codes("roles")), "\(v.file): roles")
        #expect(VoidReason.allCases.map(\.code) == (try codes("voidReasons")), "\(v.file): void reasons, in order")
        for code in try codes("incidents") { #expect((try? IncidentType(code: code)) != nil) }
        for code in try codes("interventions") { #expect((try? InterventionKind(code: code)) != nil) }
    }

    func credentialBinding(_ v: Vector) throws {
        let canonical = try HumanCode.parse(secret(try v.string("credential")), domain: Domain.credentialChecksum, what: "credential")
        let mac = try CredentialBinding.mac(credential: canonical, programID: Identifier(bytes: v.bytes("programID")), root: v.bytes("root"))
        #expect(hexString(mac) == (try v.string("mac")), "\(v.file)")
        let verifier = try Digest.blake2b(prefix: Domain.credentialVerifier, secret: canonical)
        #expect(hexString(verifier) == (try v.string("verifier")), "\(v.file): verifier")
    }
}

/// One vector file: a JSON object with a `kind`, the inputs and the expected outputs.
struct Vector {
    let file: String
    let fields: [String: Any]
    var kind: String { fields["kind"] as? String ?? "" }

    init(file: String) throws {
        self.file = file
        let data = try Data(contentsOf: KnownAnswerVectorTests.directory.appendingPathComponent(file))
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else { throw VectorError.malformed(file, "not an object") }
        fields = object
    }

    func string(_ key: String) throws -> String {
        guard let value = fields[key] as? String else { throw VectorError.malformed(file, key) }
        return value
    }
    func int(_ key: String) throws -> Int {
        guard let value = fields[key] as? Int else { throw VectorError.malformed(file, key) }
        return value
    }
    func bytes(_ key: String) throws -> [UInt8] {
        guard let value = PeerLogFormat.bytes(fromHex: try string(key)) else { throw VectorError.malformed(file, key) }
        return value
    }
    func secret(_ key: String) throws -> SecretBytes {
        var value = try bytes(key)
        return try SecretBytes(consuming: &value)
    }
    func dictionary(_ key: String) throws -> [String: Any] {
        guard let value = fields[key] as? [String: Any] else { throw VectorError.malformed(file, key) }
        return value
    }
    func array(_ key: String) throws -> [[String: Any]] {
        guard let value = fields[key] as? [[String: Any]] else { throw VectorError.malformed(file, key) }
        return value
    }
    func form(_ key: String) throws -> UsageForm {
        let f = try dictionary(key)
        func hex(_ k: String) throws -> [UInt8] {
            guard let text = f[k] as? String, let bytes = PeerLogFormat.bytes(fromHex: text) else { throw VectorError.malformed(file, "\(key).\(k)") }
            return bytes
        }
        return UsageForm(id: try Identifier(bytes: hex("id")), advisorID: try Identifier(bytes: hex("advisor")),
                         serviceTime: try ServiceTime(epochSeconds: Int64(f["epochSeconds"] as? Int ?? -1),
                                                      utcOffsetMinutes: Int16(f["utcOffsetMinutes"] as? Int ?? 0)),
                         incident: try IncidentType(code: f["incident"] as? String ?? ""),
                         intervention: try InterventionKind(code: f["intervention"] as? String ?? ""),
                         origin: try origin(f["origin"] as? String ?? "advisor"))
    }
    /// `advisor` (the default: every form before version 3) or `paper`.
    func origin(_ code: String) throws -> FormOrigin {
        guard let origin = FormOrigin.allCases.first(where: { $0.code == code }) else { throw VectorError.malformed(file, "origin") }
        return origin
    }
    func recipient(_ key: String) throws -> FormRecipient {
        let r = try dictionary(key)
        guard let program = (r["programID"] as? String).flatMap(PeerLogFormat.bytes(fromHex:)),
              let publicKey = (r["publicKey"] as? String).flatMap(PeerLogFormat.bytes(fromHex:)), let keyID = r["keyID"] as? Int else {
            throw VectorError.malformed(file, key)
        }
        return FormRecipient(programID: try Identifier(bytes: program), keyID: Int64(keyID), publicKey: publicKey)
    }
}

enum VectorError: Error, CustomStringConvertible {
    case malformed(String, String)
    var description: String {
        switch self { case let .malformed(file, key): return "\(file): missing or malformed '\(key)'" }
    }
}
