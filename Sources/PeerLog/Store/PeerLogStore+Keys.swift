import Foundation
import GRDB

extension PeerLogStore {
    /// Re-wraps every program key under a new coordinator passphrase, in one transaction: the old
    /// passphrase stops working when it commits, and nothing changes if it does not.
    public func changeCoordinatorPassphrase(keyring: ProgramKeyring, to newPassphrase: SecretBytes,
                                            kdf: KDFParameters = .moderate) throws {
        let info = try programInfo()
        try PassphrasePolicy.check(newPassphrase, knownNames: [info.name, info.coordinatorName])
        let wraps = try keyring.keys.map { id, keys in
            (id, try Self.wrapProgramKey(keys, keyID: id, programID: info.programID, unlocker: .passphrase, secret: newPassphrase, kdf: kdf))
        }
        try write { db in
            for (id, wrapped) in wraps { try Self.storeWrap(db, keyID: id, unlocker: .passphrase, wrapped) }
            try appendAudit(db, role: .coordinator, action: "passphrase-change", outcome: "allowed")
        }
        // The replaced wraps would otherwise linger in the write-ahead log.
        try checkpoint()
    }

    /// Coordinator succession: with the recovery code, sets a new passphrase and issues a new
    /// recovery code; the old code stops working. One transaction.
    /// - Returns: the new recovery code, to print once.
    public func recover(with code: RecoveryCode, newPassphrase: SecretBytes, kdf: KDFParameters = .moderate) throws -> String {
        let info = try programInfo()
        try PassphrasePolicy.check(newPassphrase, knownNames: [info.name, info.coordinatorName])
        let keyring = try unlockProgram(recoveryCode: code)
        return try rewrapAll(keyring: keyring, passphrase: newPassphrase, kdf: kdf, action: "recover", newKey: nil)
    }

    /// A new program keypair for new forms. Old keys stay in the keyring, so every old form stays
    /// readable; all keys are re-wrapped under the passphrase and a new recovery code (the old one
    /// dies, since it cannot open the new key). One transaction: killed midway, nothing changed.
    /// - Returns: the new recovery code, to print once.
    public func rotateProgramKey(keyring: ProgramKeyring, passphrase: SecretBytes, kdf: KDFParameters = .moderate) throws -> String {
        try rewrapAll(keyring: keyring, passphrase: passphrase, kdf: kdf, action: "key-rotate", newKey: try ProgramKeyPair.generate())
    }

    private func rewrapAll(keyring: ProgramKeyring, passphrase: SecretBytes, kdf: KDFParameters, action: String,
                           newKey: ProgramKeyPair?) throws -> String {
        let info = try programInfo()
        var keys = keyring.keys
        let newID = (keys.keys.max() ?? 0) + 1
        if let newKey { keys[newID] = newKey }
        let (code, printable) = try RecoveryCode.generate()
        let wraps = try keys.map { id, pair in
            (id, try Self.wrapProgramKey(pair, keyID: id, programID: info.programID, unlocker: .passphrase, secret: passphrase, kdf: kdf),
             try Self.wrapProgramKey(pair, keyID: id, programID: info.programID, unlocker: .recoveryCode, secret: code.secret, kdf: kdf))
        }
        try write { db in
            if let newKey {
                try db.execute(sql: "UPDATE program_key SET active = 0 WHERE active = 1")
                try db.execute(sql: "INSERT INTO program_key (key_id, public_key, active) VALUES (?, ?, 1)",
                               arguments: [newID, Data(newKey.publicKey)])
            }
            for (id, byPassphrase, byCode) in wraps {
                try Self.storeWrap(db, keyID: id, unlocker: .passphrase, byPassphrase)
                try Self.storeWrap(db, keyID: id, unlocker: .recoveryCode, byCode)
            }
            try appendAudit(db, role: .coordinator, action: action, outcome: "allowed")
        }
        try checkpoint()
        return printable
    }

    /// An advisor changes their own passphrase (they must know the current one).
    public func changeAdvisorPassphrase(named name: String, current: SecretBytes, to newPassphrase: SecretBytes,
                                        kdf: KDFParameters = .interactive) throws {
        let info = try programInfo()
        try PassphrasePolicy.check(newPassphrase, knownNames: [info.name, info.coordinatorName, name])
        let credential = try unlockAdvisor(named: name, passphrase: current)
        let wrapped = try WrappedSecret.wrap(credential.signingKey.seed, passphrase: newPassphrase, kdf: kdf,
            associatedData: Self.advisorKeyAD(programID: info.programID, advisorID: credential.advisorID,
                                              publicKey: credential.signingKey.publicKey))
        try write { db in
            try db.execute(sql: """
                UPDATE advisor SET kdf_alg = ?, kdf_ops = ?, kdf_mem = ?, salt = ?, nonce = ?, wrapped_seed = ? WHERE advisor_id = ?
                """, arguments: [wrapped.kdf.algorithm, wrapped.kdf.opsLimit, wrapped.kdf.memLimit, Data(wrapped.salt),
                                 Data(wrapped.nonce), Data(wrapped.ciphertext), Data(credential.advisorID.bytes)])
            try appendAudit(db, role: .advisor, action: "advisor-passphrase", outcome: "allowed")
        }
        try checkpoint()
    }
}
