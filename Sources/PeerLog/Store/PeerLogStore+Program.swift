import Foundation
import GRDB

extension PeerLogStore {
    /// Sets up a new program in a new database: a program keypair, its secret key wrapped under the
    /// coordinator's passphrase and under a fresh recovery code.
    /// - Throws: `StoreError.alreadyInitialised` if `path` holds anything; `InputError` for names.
    public static func createProgram(at path: String, name: String, coordinator: String,
                                     passphrase: SecretBytes, kdf: KDFParameters = .moderate,
                                     today: CalendarDate) throws -> (PeerLogStore, ProgramSetup) {
        let programName = try PersonName(name, field: "program name")
        let coordinatorName = try PersonName(coordinator, field: "coordinator name")
        try PassphrasePolicy.check(passphrase, knownNames: [programName.value, coordinatorName.value])
        let programID = Identifier.random()
        let keys = try ProgramKeyPair.generate()
        let (code, printable) = try RecoveryCode.generate()
        let keyID: Int64 = 1
        let byPassphrase = try wrapProgramKey(keys, keyID: keyID, programID: programID, unlocker: .passphrase, secret: passphrase, kdf: kdf)
        let byCode = try wrapProgramKey(keys, keyID: keyID, programID: programID, unlocker: .recoveryCode, secret: code.secret, kdf: kdf)

        let store = try PeerLogStore(creating: path)
        try store.write { db in
            try db.execute(sql: """
                INSERT INTO program (id, program_id, name, coordinator_name, created_on) VALUES (1, ?, ?, ?, ?)
                """, arguments: [Data(programID.bytes), programName.value, coordinatorName.value, today.description])
            try db.execute(sql: "INSERT INTO program_key (key_id, public_key, active) VALUES (?, ?, 1)",
                           arguments: [keyID, Data(keys.publicKey)])
            try storeWrap(db, keyID: keyID, unlocker: .passphrase, byPassphrase)
            try storeWrap(db, keyID: keyID, unlocker: .recoveryCode, byCode)
            try store.appendAudit(db, role: .coordinator, action: "program-init", outcome: "allowed")
        }
        try store.checkpoint()
        let info = ProgramInfo(programID: programID, name: programName.value,
                               coordinatorName: coordinatorName.value, createdOn: today)
        return (store, ProgramSetup(info: info, recoveryCode: printable))
    }

    /// What can unwrap a program key.
    enum Unlocker: String { case passphrase, recoveryCode = "recovery-code" }

    /// Associated data binding a wrapped program key to its program, key id, public key and unlocker.
    static func programKeyAD(programID: Identifier, keyID: Int64, publicKey: [UInt8], unlocker: String) -> [UInt8] {
        Array("peerlog program key v1".utf8) + [0] + programID.bytes + bigEndian64(keyID) + publicKey + Array(unlocker.utf8)
    }

    /// Wraps a program secret key under a passphrase or recovery code.
    static func wrapProgramKey(_ keys: ProgramKeyPair, keyID: Int64, programID: Identifier, unlocker: Unlocker,
                               secret: SecretBytes, kdf: KDFParameters) throws -> WrappedSecret {
        try WrappedSecret.wrap(keys.secretKey, passphrase: secret, kdf: kdf, associatedData: programKeyAD(
            programID: programID, keyID: keyID, publicKey: keys.publicKey, unlocker: unlocker.rawValue))
    }

    /// Inserts or replaces the wrap of one key for one unlocker.
    static func storeWrap(_ db: Database, keyID: Int64, unlocker: Unlocker, _ wrapped: WrappedSecret) throws {
        try db.execute(sql: """
            INSERT OR REPLACE INTO program_key_wrap (key_id, unlocker, kdf_alg, kdf_ops, kdf_mem, salt, nonce, wrapped)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [keyID, unlocker.rawValue, wrapped.kdf.algorithm, wrapped.kdf.opsLimit, wrapped.kdf.memLimit,
                             Data(wrapped.salt), Data(wrapped.nonce), Data(wrapped.ciphertext)])
    }

    public func programInfo() throws -> ProgramInfo {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT program_id, name, coordinator_name, created_on FROM program WHERE id = 1") else {
                throw StoreError.notInitialised(path: path)
            }
            let id: Data = row["program_id"]
            let created: String = row["created_on"]
            return ProgramInfo(programID: try Identifier(bytes: [UInt8](id)), name: row["name"],
                               coordinatorName: row["coordinator_name"],
                               createdOn: try CalendarDate(parsing: created))
        }
    }

    /// The active program public key and its id: all an advisor needs to seal a form.
    func activeProgramKey(_ db: Database) throws -> (id: Int64, publicKey: [UInt8]) {
        guard let row = try Row.fetchOne(db, sql: "SELECT key_id, public_key FROM program_key WHERE active = 1") else {
            throw StoreError.inconsistent("no active program key")
        }
        let key: Data = row["public_key"]
        return (row["key_id"], [UInt8](key))
    }

    /// Unlocks every program key with the coordinator's passphrase.
    /// - Throws: `AccessError.wrongCoordinatorPassphrase`.
    public func unlockProgram(passphrase: SecretBytes) throws -> ProgramKeyring {
        try unlockProgram(secret: passphrase, unlocker: "passphrase", wrongSecret: .wrongCoordinatorPassphrase)
    }

    /// Unlocks every program key with the recovery code.
    /// - Throws: `AccessError.wrongRecoveryCode`.
    public func unlockProgram(recoveryCode: RecoveryCode) throws -> ProgramKeyring {
        try unlockProgram(secret: recoveryCode.secret, unlocker: "recovery-code", wrongSecret: .wrongRecoveryCode)
    }

    private func unlockProgram(secret: SecretBytes, unlocker: String, wrongSecret: AccessError) throws -> ProgramKeyring {
        let info = try programInfo()
        let rows = try read { db in
            try Row.fetchAll(db, sql: """
                SELECT k.key_id, k.public_key, k.active, w.kdf_alg, w.kdf_ops, w.kdf_mem, w.salt, w.nonce, w.wrapped
                FROM program_key k JOIN program_key_wrap w ON w.key_id = k.key_id AND w.unlocker = ?
                ORDER BY k.key_id
                """, arguments: [unlocker])
        }
        guard !rows.isEmpty else { throw StoreError.inconsistent("no wrapped program key") }
        var keys: [Int64: ProgramKeyPair] = [:]
        var active: Int64?
        for row in rows {
            let keyID: Int64 = row["key_id"]
            let publicKey = [UInt8](row["public_key"] as Data)
            let wrapped = WrappedSecret.from(row: row, ciphertextColumn: "wrapped")
            let secretKey: SecretBytes
            do {
                secretKey = try wrapped.unwrap(passphrase: secret, associatedData: Self.programKeyAD(
                    programID: info.programID, keyID: keyID, publicKey: publicKey, unlocker: unlocker))
            } catch CryptoError.unwrapFailed {
                throw wrongSecret
            }
            keys[keyID] = try ProgramKeyPair(publicKey: publicKey, secretKey: secretKey)
            if (row["active"] as Int64) == 1 { active = keyID }
        }
        guard let active else { throw StoreError.inconsistent("no active program key") }
        try audit(role: .coordinator, action: unlocker == "passphrase" ? "unlock" : "unlock-recovery-code", outcome: "allowed")
        return ProgramKeyring(keys: keys, activeKeyID: active)
    }
}

extension WrappedSecret {
    /// Reads the kdf_alg/kdf_ops/kdf_mem/salt/nonce columns plus the named ciphertext column.
    static func from(row: Row, ciphertextColumn: String) -> WrappedSecret {
        WrappedSecret(
            kdf: KDFParameters(algorithm: row["kdf_alg"], opsLimit: row["kdf_ops"], memLimit: row["kdf_mem"]),
            salt: [UInt8](row["salt"] as Data), nonce: [UInt8](row["nonce"] as Data),
            ciphertext: [UInt8](row[ciphertextColumn] as Data))
    }
}

func bigEndian64(_ v: Int64) -> [UInt8] {
    let u = UInt64(bitPattern: v)
    return (0..<8).reversed().map { UInt8((u >> (UInt64($0) * 8)) & 0xFF) }
}
