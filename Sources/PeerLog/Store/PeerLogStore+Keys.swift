import Foundation
import GRDB

extension PeerLogStore {
    /// Re-wraps every program key under a new coordinator passphrase, in one transaction: the old
    /// passphrase stops working when it commits, and nothing changes if it does not.
    /// - Throws: `StoreError.concurrentChange` when another key change committed since `keyring`
    ///   was unlocked (nothing is changed; the person runs the command again).
    public func changeCoordinatorPassphrase(keyring: ProgramKeyring, to newPassphrase: SecretBytes,
                                            kdf: KDFParameters = .moderate) throws {
        try requireCoordinator(keyring, .manageKeys)
        let info = try programInfo()
        try PassphrasePolicy.check(newPassphrase, knownNames: [info.name, info.coordinatorName])
        let wraps = try keyring.keys.map { id, keys in
            (id, try Self.wrapProgramKey(keys, keyID: id, programID: keyring.programID, unlocker: .passphrase, secret: newPassphrase, kdf: kdf))
        }
        try rootedWrite(keyring, action: "passphrase-change") { db in
            try requireUnchangedWraps(db, keyring)
            for (id, wrapped) in wraps { try Self.storeWrap(db, keyID: id, unlocker: .passphrase, wrapped) }
        }
        // The replaced wraps would otherwise linger in the write-ahead log.
        checkpointAfterCommit()
    }

    /// Coordinator succession: with the recovery code, sets a new passphrase and issues a new
    /// recovery code; the old code stops working. One transaction.
    /// - Parameter deliver: shows the new code, inside the transaction: if it throws, nothing is
    ///   committed and the old code keeps working.
    /// - Returns: the new recovery code.
    public func recover(with code: RecoveryCode, newPassphrase: SecretBytes, kdf: KDFParameters = .moderate,
                        deliver: (String) throws -> Void = { _ in }) throws -> String {
        let info = try programInfo()
        try PassphrasePolicy.check(newPassphrase, knownNames: [info.name, info.coordinatorName])
        let keyring = try unlockKeyring(secret: code.secret, unlocker: .recoveryCode)
        try authorize(.coordinator(keyring), .manageKeys)
        return try rewrapAll(keyring: keyring, passphrase: newPassphrase, kdf: kdf, action: "recover", newKey: nil, deliver: deliver)
    }

    /// A new program keypair for new forms, certified by the program root. Old keys stay in the
    /// keyring, so every old form stays readable; all keys are re-wrapped under the passphrase and
    /// a new recovery code (the old one dies, since it cannot open the new key). One transaction:
    /// killed midway, nothing changed.
    /// - Parameter deliver: shows the new recovery code inside the transaction, as for `recover`.
    /// - Returns: the new recovery code.
    public func rotateProgramKey(keyring: ProgramKeyring, passphrase: SecretBytes, kdf: KDFParameters = .moderate,
                                 today: CalendarDate, deliver: (String) throws -> Void = { _ in }) throws -> String {
        try requireCoordinator(keyring, .manageKeys)
        return try rewrapAll(keyring: keyring, passphrase: passphrase, kdf: kdf, action: "key-rotate",
                             newKey: (try ProgramKeyPair.generate(), today), deliver: deliver)
    }

    /// Re-wraps every program key under `passphrase` and a new recovery code, optionally adding a
    /// new active key, which is also sealed to every deputy left after `before` has run.
    func rewrapAll(keyring: ProgramKeyring, passphrase: SecretBytes, kdf: KDFParameters, action: String,
                   newKey: (ProgramKeyPair, validFrom: CalendarDate)?, before: (Database) throws -> Void = { _ in },
                   deliver: (String) throws -> Void) throws -> String {
        var keys = keyring.keys
        let newID = (keys.keys.max() ?? 0) + 1
        if let newKey { keys[newID] = newKey.0 }
        let (code, printable) = try RecoveryCode.generate()
        let wraps = try keys.map { id, pair in
            (id, try Self.wrapProgramKey(pair, keyID: id, programID: keyring.programID, unlocker: .passphrase, secret: passphrase, kdf: kdf),
             try Self.wrapProgramKey(pair, keyID: id, programID: keyring.programID, unlocker: .recoveryCode, secret: code.secret, kdf: kdf))
        }
        let certificate = try newKey.map { key, day in
            try keyring.root.sign(RootSigned.programKeyCertificate(programID: keyring.programID, keyID: newID,
                                                                   publicKey: key.publicKey, validFrom: day.description))
        }
        try rootedWrite(keyring, action: action) { db in
            try requireUnchangedWraps(db, keyring)
            try before(db)
            if let newKey, let certificate {
                try db.execute(sql: "UPDATE program_key SET active = 0 WHERE active = 1")
                try db.execute(sql: "INSERT INTO program_key (key_id, public_key, active, valid_from, certificate) VALUES (?, ?, 1, ?, ?)",
                               arguments: [newID, Data(newKey.0.publicKey), newKey.validFrom.description, Data(certificate)])
                // Deputies hold every key: the new one is sealed to each (their entries are part of
                // the signed state the write just checked, so no one can slip in a recipient).
                for row in try Row.fetchAll(db, sql: "SELECT deputy_id, public_key FROM deputy") {
                    try db.execute(sql: "INSERT INTO deputy_key_grant (deputy_id, key_id, sealed) VALUES (?, ?, ?)",
                                   arguments: [row["deputy_id"] as Data, newID,
                                               Data(try DeputyGrant.seal(newKey.0, to: [UInt8](row["public_key"] as Data)))])
                }
            }
            for (id, byPassphrase, byCode) in wraps {
                try Self.storeWrap(db, keyID: id, unlocker: .passphrase, byPassphrase)
                try Self.storeWrap(db, keyID: id, unlocker: .recoveryCode, byCode)
            }
            try deliver(printable)
        }
        checkpointAfterCommit()
        return printable
    }

    /// Key changes read the wraps (by unlocking) before they take the write lock, because the key
    /// derivations take seconds; this check inside the write transaction makes the read and the
    /// write one serialisable step: if another change committed in between, this one changes nothing.
    func requireUnchangedWraps(_ db: Database, _ keyring: ProgramKeyring) throws {
        guard !keyring.wrapsSeen.isEmpty, Sodium.constantTimeEqual(try wrapFingerprint(db), keyring.wrapsSeen) else {
            throw StoreError.concurrentChange("the program's keys or passphrase")
        }
    }

    /// An advisor changes their own passphrase: the credential, unlocked with the current one, is
    /// the proof.
    /// - Throws: `StoreError.concurrentChange` when the advisor's wrapped key changed since it was
    ///   unlocked (another passphrase change at the same moment).
    public func changeAdvisorPassphrase(_ credential: AdvisorCredential, to newPassphrase: SecretBytes,
                                        kdf: KDFParameters = .interactive) throws {
        let info = try programInfo()
        try PassphrasePolicy.check(newPassphrase, knownNames: [info.name, info.coordinatorName, credential.name])
        let wrapped = try WrappedSecret.wrap(credential.signingKey.seed, passphrase: newPassphrase, kdf: kdf,
            associatedData: Self.advisorKeyAD(programID: credential.programID, advisorID: credential.advisorID,
                                              publicKey: credential.signingKey.publicKey, root: credential.boundRoot))
        try write { db in
            try db.execute(sql: """
                UPDATE advisor SET kdf_alg = ?, kdf_ops = ?, kdf_mem = ?, salt = ?, nonce = ?, wrapped_seed = ?
                WHERE advisor_id = ? AND wrapped_seed = ?
                """, arguments: [wrapped.kdf.algorithm, wrapped.kdf.opsLimit, wrapped.kdf.memLimit, Data(wrapped.salt),
                                 Data(wrapped.nonce), Data(wrapped.ciphertext), Data(credential.advisorID.bytes),
                                 Data(credential.wrapSeen)])
            guard db.changesCount == 1 else { throw StoreError.concurrentChange("this advisor's passphrase") }
            try appendAudit(db, role: .advisor, action: "advisor-passphrase", outcome: "allowed")
        }
        checkpointAfterCommit()
    }
}
