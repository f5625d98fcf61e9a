import Foundation
import GRDB

extension PeerLogStore {
    /// Sets up a new program in a new database: a program keypair, its secret key wrapped under the
    /// coordinator's passphrase and under a fresh recovery code, the program root derived from it
    /// pinned, the key certified by the root, and a first signed head.
    /// - Parameter deliver: shows the recovery code to the person, inside the transaction: if it
    ///   throws, nothing is committed and the new database file is removed.
    /// - Parameter timeZone: where the program's advisors serve (`PeerLogStore+TimeZone`).
    /// - Throws: `StoreError.alreadyInitialised` if `path` holds anything; `InputError` for names.
    public static func createProgram(at path: String, name: String, coordinator: String,
                                     passphrase: SecretBytes, kdf: KDFParameters = .moderate,
                                     timeZone: ProgramTimeZone? = nil, today: CalendarDate,
                                     deliver: (ProgramSetup) throws -> Void = { _ in }) throws -> (PeerLogStore, ProgramSetup) {
        let programName = try PersonName(name, field: "program name")
        let coordinatorName = try PersonName(coordinator, field: "coordinator name")
        try PassphrasePolicy.check(passphrase, knownNames: [programName.value, coordinatorName.value])
        let programID = Identifier.random()
        let keys = try ProgramKeyPair.generate()
        let (code, printable) = try RecoveryCode.generate()
        let keyID: Int64 = 1
        let byPassphrase = try wrapProgramKey(keys, keyID: keyID, programID: programID, unlocker: .passphrase, secret: passphrase, kdf: kdf)
        let byCode = try wrapProgramKey(keys, keyID: keyID, programID: programID, unlocker: .recoveryCode, secret: code.secret, kdf: kdf)
        let keyring = try ProgramKeyring(programID: programID, keys: [keyID: keys], activeKeyID: keyID)
        let certificate = try keyring.root.sign(RootSigned.programKeyCertificate(
            programID: programID, keyID: keyID, publicKey: keys.publicKey, validFrom: today.description))
        let info = ProgramInfo(programID: programID, name: programName.value, coordinatorName: coordinatorName.value, createdOn: today)
        let setup = ProgramSetup(info: info, recoveryCode: printable, rootFingerprint: keyring.rootFingerprint)

        let store = try PeerLogStore(creating: path)
        do {
            try store.rootedWrite(keyring, action: "program-init", establishing: true) { db in
                try db.execute(sql: """
                    INSERT INTO program (id, program_id, name, coordinator_name, created_on) VALUES (1, ?, ?, ?, ?)
                    """, arguments: [Data(programID.bytes), programName.value, coordinatorName.value, today.description])
                try db.execute(sql: "INSERT INTO program_key (key_id, public_key, active, valid_from, certificate) VALUES (?, ?, 1, ?, ?)",
                               arguments: [keyID, Data(keys.publicKey), today.description, Data(certificate)])
                try storeWrap(db, keyID: keyID, unlocker: .passphrase, byPassphrase)
                try storeWrap(db, keyID: keyID, unlocker: .recoveryCode, byCode)
                if let timeZone { try storeTimeZone(db, timeZone, keyring) }
                try deliver(setup)
            }
        } catch {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            throw error
        }
        store.checkpointAfterCommit()
        return (store, setup)
    }

    /// What can unwrap a program key.
    enum Unlocker: String { case passphrase, recoveryCode = "recovery-code" }

    /// Associated data binding a wrapped program key to its program, key id, public key and unlocker.
    static func programKeyAD(programID: Identifier, keyID: Int64, publicKey: [UInt8], unlocker: String) -> [UInt8] {
        WrapContext.programKey(programID: programID, keyID: keyID, publicKey: publicKey, unlocker: unlocker)
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
        try read { db in try Self.programInfo(db, path: path) }
    }

    static func programInfo(_ db: Database, path: String) throws -> ProgramInfo {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT program_id, name, coordinator_name, created_on FROM program WHERE id = 1")) else {
            throw StoreError.notInitialised(path: path)
        }
        let id: Data = row["program_id"]
        let created: String = row["created_on"]
        return ProgramInfo(programID: try Identifier(bytes: [UInt8](id)), name: row["name"],
                           coordinatorName: row["coordinator_name"],
                           createdOn: try CalendarDate(parsing: created))
    }

    /// The program's root fingerprint as pinned in the file (anyone may read it; only an advisor's
    /// or the coordinator's own secret can tell whether it is genuine), or nil before the upgrade.
    public func pinnedRootFingerprint() throws -> String? {
        try read { db in try Data.fetchOne(db, sql: "SELECT public_key FROM publishing_key WHERE id = 1") }
            .map { ProgramRoot.fingerprint([UInt8]($0)) }
    }

    /// Unlocks every program key with the coordinator's passphrase.
    /// - Throws: `AccessError.wrongCoordinatorPassphrase`; `TamperingError.rootSwapped`.
    public func unlockProgram(passphrase: SecretBytes) throws -> ProgramKeyring {
        try recordCoordinator(unlockKeyring(secret: passphrase, unlocker: .passphrase), action: "unlock")
    }

    /// Unlocks every program key with the recovery code.
    /// - Throws: `AccessError.wrongRecoveryCode`; `TamperingError.rootSwapped`.
    public func unlockProgram(recoveryCode: RecoveryCode) throws -> ProgramKeyring {
        try recordCoordinator(unlockKeyring(secret: recoveryCode.secret, unlocker: .recoveryCode), action: "unlock-recovery-code")
    }

    /// The keyring, unwrapped without writing anything: for key changes, which check inside their
    /// own transaction that the wraps they read are still the ones stored (`wrapFingerprint`).
    func unlockKeyring(secret: SecretBytes, unlocker: Unlocker) throws -> ProgramKeyring {
        let info = try programInfo()
        let (rows, fingerprint) = try read { db in
            (try Row.fetchAll(db, sql: """
                SELECT k.key_id, k.public_key, k.active, w.kdf_alg, w.kdf_ops, w.kdf_mem, w.salt, w.nonce, w.wrapped
                FROM program_key k JOIN program_key_wrap w ON w.key_id = k.key_id AND w.unlocker = ?
                ORDER BY k.key_id
                """, arguments: [unlocker.rawValue]), try wrapFingerprint(db))
        }
        guard !rows.isEmpty else { throw StoreError.inconsistent("no wrapped program key") }
        var keys: [Int64: ProgramKeyPair] = [:]
        var refused: [Int64] = []
        var active: Int64?
        for row in rows {
            let keyID: Int64 = row["key_id"]
            let publicKey = [UInt8](row["public_key"] as Data)
            let wrapped = WrappedSecret.from(row: row, ciphertextColumn: "wrapped")
            do {
                let secretKey = try wrapped.unwrap(passphrase: secret, associatedData: Self.programKeyAD(
                    programID: info.programID, keyID: keyID, publicKey: publicKey, unlocker: unlocker.rawValue))
                keys[keyID] = try ProgramKeyPair(publicKey: publicKey, secretKey: secretKey)
            } catch CryptoError.unwrapFailed {
                refused.append(keyID)
            }
            if (row["active"] as Int64) == 1 { active = keyID }
        }
        // None opens: the secret is wrong. Some open and others not: those rows were replaced.
        guard !keys.isEmpty else {
            throw unlocker == .passphrase ? AccessError.wrongCoordinatorPassphrase : AccessError.wrongRecoveryCode
        }
        if let replaced = refused.first { throw TamperingError.keyReplaced(keyID: replaced) }
        guard let active else { throw StoreError.inconsistent("no active program key") }
        var keyring = try ProgramKeyring(programID: info.programID, keys: keys, activeKeyID: active)
        keyring.wrapsSeen = fingerprint
        return keyring
    }

    /// A digest of every program key and wrap as stored: a key change compares it inside its
    /// write transaction with the one it read before, so two changes at once cannot interleave.
    func wrapFingerprint(_ db: Database) throws -> [UInt8] {
        var bytes: [UInt8] = []
        for row in try Row.fetchAll(db, sql: "SELECT key_id, public_key, active FROM program_key ORDER BY key_id") {
            bytes += bigEndian64(row["key_id"]) + [UInt8](row["public_key"] as Data) + [UInt8((row["active"] as Int64) & 1)]
        }
        for row in try Row.fetchAll(db, sql: "SELECT key_id, unlocker, salt, nonce, wrapped FROM program_key_wrap ORDER BY key_id, unlocker") {
            bytes += bigEndian64(row["key_id"]) + Array((row["unlocker"] as String).utf8)
                + [UInt8](row["salt"] as Data) + [UInt8](row["nonce"] as Data) + [UInt8](row["wrapped"] as Data)
        }
        // Deputies and the keys sealed to them: appointing or removing one is a key change too.
        for row in try Row.fetchAll(db, sql: "SELECT deputy_id, public_key FROM deputy ORDER BY deputy_id") {
            bytes += [UInt8](row["deputy_id"] as Data) + [UInt8](row["public_key"] as Data)
        }
        for row in try Row.fetchAll(db, sql: "SELECT deputy_id, key_id, sealed FROM deputy_key_grant ORDER BY deputy_id, key_id") {
            bytes += [UInt8](row["deputy_id"] as Data) + bigEndian64(row["key_id"]) + [UInt8](row["sealed"] as Data)
        }
        return try Digest.blake2b(bytes)
    }

    /// Records that the coordinator unlocked (signed, or in an un-upgraded program as before).
    private func recordCoordinator(_ keyring: ProgramKeyring, action: String) throws -> ProgramKeyring {
        try recordCoordinatorAction(keyring, action: action)
        return keyring
    }

    /// Appends a coordinator action that changes nothing else (an unlock, a report, a check). In a
    /// program written before the root existed, only unlocking and checking are possible, and their
    /// entries are unsigned as they were then; everything else asks for `upgrade` first.
    ///
    /// When the database was changed behind PeerLog's back, nothing is signed over the change: the
    /// entry is not written, a warning says why, and the coordinator can still look (`verify`
    /// names everything found). Actions that change something refuse instead (`rootedWrite`).
    func recordCoordinatorAction(_ keyring: ProgramKeyring, action: String, outcome: String = "allowed") throws {
        if try isRooted() {
            do {
                try rootedWrite(keyring, action: action, outcome: outcome) { _ in }
            } catch let tampering as TamperingError {
                warnings.add("\(tampering.description); nothing was recorded or signed: run 'peerlog verify' with the coordinator passphrase to see everything found")
            }
        } else if ["unlock", "unlock-recovery-code", "verify", "restore", "restore-rollback"].contains(action) {
            try write { db in
                try checkRoot(db, keyring)
                try appendAudit(db, role: keyring.role, action: action, outcome: outcome)
            }
        } else {
            throw StoreError.needsUpgrade(path: path)
        }
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
