import Foundation
import GRDB

/// The rows the program root vouches for, as read from the database in one transaction: program
/// keys, their wraps, the roster with its training, command-staff credentials, settings and
/// publications. Checking them needs only the root's public key, so anyone can.
struct SignedRows {
    struct Key { let id: Int64; let publicKey: [UInt8]; let active: Bool; let validFrom: String?; let certificate: [UInt8]? }
    struct AdvisorEntry {
        let id: Identifier
        let name: String
        let status: String
        let enrolledOn: String
        let retiredOn: String?
        let signingPublicKey: [UInt8]
        let training: [(topic: String, day: String)]
        let signature: [UInt8]?
    }
    struct Credential {
        let nameKey: String
        let name: String
        let role: String
        let verifier: [UInt8]
        let grantedOn: String
        let revokedOn: String?
        let signature: [UInt8]?
    }
    struct Setting { let name: String; let value: String; let signature: [UInt8]? }
    struct DeputyEntry {
        let id: Identifier; let name: String; let publicKey: [UInt8]; let addedOn: String; let signature: [UInt8]?
        /// The wrap of the deputy's key as stored: KDF parameters (8 bytes each), salt, nonce, ciphertext.
        var wrap: [UInt8] = []
    }
    struct Publication { let id: Int64; let publishedAt: String; let body: [UInt8]; let signature: [UInt8]; let scheme: Int }
    struct Withdrawal { let reportID: Int64; let withdrawnAt: String; let signature: [UInt8] }
    /// A `form_void` row as stored; only the program keys open `sealed` (§5.5).
    struct VoidRow { let id: Identifier; let keyID: Int64; let sealed: [UInt8]; let signature: [UInt8] }

    let program: ProgramInfo
    /// The root public key pinned in `publishing_key`, if any.
    let root: [UInt8]?
    let keys: [Key]
    let wraps: [ProgramState.Wrap]
    let advisors: [AdvisorEntry]
    let credentials: [Credential]
    let settings: [Setting]
    let publications: [Publication]
    let deputies: [DeputyEntry]
    let grants: [ProgramState.Grant]
    var withdrawals: [Withdrawal] = []
    var voids: [VoidRow] = []

    static func load(_ db: Database, program: ProgramInfo) throws -> SignedRows {
        func blob(_ row: Row, _ column: String) -> [UInt8]? { (row[column] as Data?).map { [UInt8]($0) } }
        let keys = try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM program_key ORDER BY key_id")).map { row in
            Key(id: row["key_id"], publicKey: blob(row, "public_key") ?? [], active: (row["active"] as Int64) == 1,
                validFrom: row["valid_from"], certificate: blob(row, "certificate"))
        }
        let wraps = try Row.fetchAll(db.cachedStatement(sql: "SELECT key_id, unlocker, salt, nonce, wrapped FROM program_key_wrap")).map { row in
            ProgramState.Wrap(keyID: row["key_id"], unlocker: row["unlocker"], salt: blob(row, "salt") ?? [],
                              nonce: blob(row, "nonce") ?? [], wrapped: blob(row, "wrapped") ?? [])
        }
        var training: [[UInt8]: [(topic: String, day: String)]] = [:]
        for row in try Row.fetchAll(db.cachedStatement(sql: "SELECT advisor_id, topic, trained_on FROM advisor_training")) {
            training[blob(row, "advisor_id") ?? [], default: []].append((row["topic"], row["trained_on"]))
        }
        let advisors = try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM advisor")).map { row in
            let id = blob(row, "advisor_id") ?? []
            return AdvisorEntry(id: try Identifier(bytes: id), name: row["name"], status: row["status"], enrolledOn: row["enrolled_on"],
                                retiredOn: row["retired_on"], signingPublicKey: blob(row, "sign_public_key") ?? [],
                                training: training[id] ?? [], signature: blob(row, "signature"))
        }
        let credentials = try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM access_credential")).map { row in
            Credential(nameKey: row["name_key"], name: row["name"], role: row["role"], verifier: blob(row, "verifier") ?? [],
                       grantedOn: row["granted_on"], revokedOn: row["revoked_on"], signature: blob(row, "signature"))
        }
        let settings = try Row.fetchAll(db.cachedStatement(sql: "SELECT name, value, signature FROM setting")).map { row in
            Setting(name: row["name"], value: row["value"], signature: blob(row, "signature"))
        }
        let publications = try Row.fetchAll(db.cachedStatement(sql: "SELECT report_id, published_at, body, signature, scheme FROM published_report")).map { row in
            Publication(id: row["report_id"], publishedAt: row["published_at"], body: blob(row, "body") ?? [],
                        signature: blob(row, "signature") ?? [], scheme: row["scheme"])
        }
        let deputies = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT deputy_id, name, public_key, added_on, signature, kdf_alg, kdf_ops, kdf_mem, salt, nonce, wrapped_secret FROM deputy
            """)).map { row in
            var wrap: [UInt8] = []
            for column in ["kdf_alg", "kdf_ops", "kdf_mem"] {
                wrap += withUnsafeBytes(of: ((row[column] as Int64?) ?? -1).bigEndian) { Array($0) }
            }
            for column in ["salt", "nonce", "wrapped_secret"] { wrap += blob(row, column) ?? [] }
            return DeputyEntry(id: try Identifier(bytes: blob(row, "deputy_id") ?? []), name: row["name"] ?? "", publicKey: blob(row, "public_key") ?? [],
                               addedOn: row["added_on"] ?? "", signature: blob(row, "signature"), wrap: wrap)
        }
        let grants = try Row.fetchAll(db.cachedStatement(sql: "SELECT deputy_id, key_id, sealed FROM deputy_key_grant")).map { row in
            ProgramState.Grant(deputyID: blob(row, "deputy_id") ?? [], keyID: row["key_id"], sealed: blob(row, "sealed") ?? [])
        }
        let withdrawals = try Row.fetchAll(db.cachedStatement(sql: "SELECT report_id, withdrawn_at, signature FROM publication_withdrawal")).map { row in
            Withdrawal(reportID: row["report_id"], withdrawnAt: row["withdrawn_at"], signature: blob(row, "signature") ?? [])
        }
        let voids = try loadVoids(db)
        let root = try Data.fetchOne(db.cachedStatement(sql: "SELECT public_key FROM publishing_key WHERE id = 1")).map { [UInt8]($0) }
        return SignedRows(program: program, root: root, keys: keys, wraps: wraps, advisors: advisors,
                          credentials: credentials, settings: settings, publications: publications, deputies: deputies, grants: grants,
                          withdrawals: withdrawals, voids: voids)
    }

    /// Every `form_void` row, by id. (A row whose id is not 16 bytes cannot be stored: CHECK.)
    static func loadVoids(_ db: Database) throws -> [VoidRow] {
        // Read without forced conversions: the table's STRICT typing is only as good as the file's
        // schema, which a file writer can rewrite, and a value of another type must be an error.
        func bytes(_ row: Row, _ column: String) throws -> [UInt8] {
            guard let data = Data.fromDatabaseValue(row[column] as DatabaseValue) else {
                throw StoreError.inconsistent("a void record's \(column) is not bytes: the file was altered outside PeerLog")
            }
            return [UInt8](data)
        }
        return try Row.fetchAll(db.cachedStatement(sql: "SELECT void_id, key_id, sealed, signature FROM form_void ORDER BY void_id")).map { row in
            guard let keyID = Int64.fromDatabaseValue(row["key_id"] as DatabaseValue) else {
                throw StoreError.inconsistent("a void record's key_id is not a number: the file was altered outside PeerLog")
            }
            return VoidRow(id: try Identifier(bytes: bytes(row, "void_id")), keyID: keyID,
                           sealed: try bytes(row, "sealed"), signature: try bytes(row, "signature"))
        }
    }

    /// What the signed heads' digest covers (§9.6).
    var state: ProgramState {
        var state = ProgramState(programID: program.programID, name: program.name, coordinator: program.coordinatorName,
                                 createdOn: program.createdOn.description,
                                 rootPublicKey: root ?? [UInt8](repeating: 0, count: SigningKey.publicKeyLength))
        state.keys = keys.map { ProgramState.Key(id: $0.id, active: $0.active, content: certificateBytes($0), certificate: $0.certificate) }
        state.wraps = wraps
        state.roster = advisors.map { ProgramState.Signed(id: $0.id.bytes, content: entryBytes($0), signature: $0.signature) }
        state.credentials = credentials.map { ProgramState.Signed(id: Array($0.nameKey.utf8), content: entryBytes($0), signature: $0.signature) }
        state.settings = settings.map { ProgramState.Signed(id: Array($0.name.utf8), content: entryBytes($0), signature: $0.signature) }
        state.publications = publications.map {
            ProgramState.Publication(id: $0.id, scheme: $0.scheme, body: $0.body, signature: $0.signature)
        }
        state.deputies = deputies.map { ProgramState.Signed(id: $0.id.bytes, content: entryBytes($0), signature: $0.signature) }
        state.deputyGrants = grants
        state.deputyWraps = deputies.map { ProgramState.Signed(id: $0.id.bytes, content: $0.wrap, signature: nil) }
        state.withdrawals = withdrawals.map {
            ProgramState.Signed(id: Self.reportKey($0.reportID), content: signedBytes($0), signature: $0.signature)
        }
        state.voids = voids.map { ProgramState.Signed(id: $0.id.bytes, content: signedBytes($0), signature: $0.signature) }
        return state
    }

    // MARK: What each signature covers

    func certificateBytes(_ key: Key) -> [UInt8] {
        RootSigned.programKeyCertificate(programID: program.programID, keyID: key.id, publicKey: key.publicKey,
                                         validFrom: key.validFrom ?? "")
    }

    func entryBytes(_ advisor: AdvisorEntry) -> [UInt8] {
        RootSigned.rosterEntry(programID: program.programID, advisorID: advisor.id, signingPublicKey: advisor.signingPublicKey,
                               name: advisor.name, status: advisor.status, enrolledOn: advisor.enrolledOn,
                               retiredOn: advisor.retiredOn, training: advisor.training)
    }

    func entryBytes(_ credential: Credential) -> [UInt8] {
        RootSigned.credentialEntry(programID: program.programID, nameKey: credential.nameKey, name: credential.name,
                                   role: credential.role, verifier: credential.verifier, grantedOn: credential.grantedOn,
                                   revokedOn: credential.revokedOn)
    }

    func entryBytes(_ setting: Setting) -> [UInt8] {
        RootSigned.settingEntry(programID: program.programID, name: setting.name, value: setting.value)
    }

    func entryBytes(_ deputy: DeputyEntry) -> [UInt8] {
        RootSigned.deputyEntry(programID: program.programID, deputyID: deputy.id, name: deputy.name, publicKey: deputy.publicKey,
                               addedOn: deputy.addedOn)
    }

    func signedBytes(_ publication: Publication) -> [UInt8] {
        publication.scheme == 2
            ? RootSigned.publishedReportV2(programID: program.programID, publishedAt: publication.publishedAt, body: publication.body)
            : RootSigned.publishedReportV1(publishedAt: publication.publishedAt, body: publication.body)
    }

    func signedBytes(_ withdrawal: Withdrawal) -> [UInt8] {
        RootSigned.publicationWithdrawal(programID: program.programID, reportID: withdrawal.reportID, withdrawnAt: withdrawal.withdrawnAt)
    }

    func signedBytes(_ void: VoidRow) -> [UInt8] {
        RootSigned.formVoid(programID: program.programID, voidID: void.id, keyID: void.keyID, sealed: void.sealed)
    }

    /// A report id as the 8 big-endian bytes that order withdrawals in the state digest.
    static func reportKey(_ id: Int64) -> [UInt8] { (0..<8).reversed().map { UInt8((UInt64(bitPattern: id) >> (UInt64($0) * 8)) & 0xFF) } }

    /// The signing key of every advisor on the roster, or nil for one whose entry `root` did not
    /// sign: their forms are refused, so a row added to or changed in the roster behind the
    /// coordinator's back signs nothing that counts. (Before the program had a root, every entry.)
    func signers(root: [UInt8]?) -> [Identifier: [UInt8]?] {
        var signers: [Identifier: [UInt8]?] = [:]
        for advisor in advisors {
            let trusted = root.map { Self.verifies(advisor.signature, entryBytes(advisor), $0) } ?? true
            signers[advisor.id] = trusted ? advisor.signingPublicKey : nil
        }
        return signers
    }

    // MARK: Checks

    static func verifies(_ signature: [UInt8]?, _ message: [UInt8], _ root: [UInt8]) -> Bool {
        guard let signature else { return false }
        return SigningKey.verify(signature, of: message, publicKey: root)
    }

    func keyIsCertified(_ key: Key, root: [UInt8]) -> Bool {
        key.validFrom != nil && Self.verifies(key.certificate, certificateBytes(key), root)
    }

    /// Every row whose signature does not verify under `root`, and a marked key that is not the
    /// newest certified one. Empty when all is as the root signed it.
    func unsignedRows(root: [UInt8]) -> [TamperingError] {
        var found: [TamperingError] = []
        for key in keys where !keyIsCertified(key, root: root) { found.append(.keyNotCertified(keyID: key.id)) }
        if let newest = keys.map(\.id).max(), let active = keys.first(where: \.active)?.id, active != newest {
            found.append(.activeKeyNotNewest(active: active, newest: newest))
        }
        for advisor in advisors.sorted(by: { $0.name < $1.name }) where !Self.verifies(advisor.signature, entryBytes(advisor), root) {
            found.append(.rosterEntryNotSigned(name: advisor.name))
        }
        for credential in credentials.sorted(by: { $0.nameKey < $1.nameKey })
        where !Self.verifies(credential.signature, entryBytes(credential), root) {
            found.append(.credentialNotSigned(name: credential.name))
        }
        for setting in settings where !Self.verifies(setting.signature, entryBytes(setting), root) {
            found.append(.settingNotSigned(name: setting.name))
        }
        for publication in publications.sorted(by: { $0.id < $1.id })
        where !Self.verifies(publication.signature, signedBytes(publication), root) {
            found.append(.publicationNotSigned(id: publication.id))
        }
        for deputy in deputies.sorted(by: { $0.name < $1.name }) where !Self.verifies(deputy.signature, entryBytes(deputy), root) {
            found.append(.deputyNotSigned(name: deputy.name))
        }
        for withdrawal in withdrawals.sorted(by: { $0.reportID < $1.reportID })
        where !Self.verifies(withdrawal.signature, signedBytes(withdrawal), root) {
            found.append(.withdrawalNotSigned(id: withdrawal.reportID))
        }
        for void in voids where (try? FormVoid.checkSignature(void.sealed, signature: void.signature, voidID: void.id, keyID: void.keyID,
                                                              programID: program.programID, root: root)) == nil {
            found.append(.voidNotSigned(ref: FormReference.shortHex(void.id)))
        }
        return found
    }
}
