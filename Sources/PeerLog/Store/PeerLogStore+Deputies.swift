import Foundation
import GRDB

/// A deputy coordinator as listed (never their key material).
public struct Deputy: Sendable, Equatable {
    public let id: Identifier
    public let name: String
    public let addedOn: CalendarDate
}

/// Deputy coordinators (SOG 2-13 III: the program must not stop when its coordinator is away).
///
/// A deputy has an X25519 keypair of their own, its secret wrapped under their passphrase and bound
/// to the program root; every program key is sealed to the deputy's public key. Unlocking as a
/// deputy therefore yields the same program keyring the coordinator's passphrase does, recorded
/// under the role `deputy`. The gate keeps deputies from the program's keys, recovery code,
/// restores and deputies (`Policy.deputyLimit`); the store checks the same where it matters.
///
/// What removal cannot undo: a deputy held every program key, including key 1, from which the
/// program root derives. Removal deletes their grants and rotates the program key, so forms filed
/// afterwards are closed to them; forms they could open before, and the root, they could have
/// copied while they held them (docs/threat-model.md).
extension PeerLogStore {
    /// Appoints a deputy coordinator. Coordinator only.
    /// - Throws: `PolicyDenial` for a deputy's keyring; `InputError.duplicateDeputy` or
    ///   `InputError.confusableName`; passphrase policy errors.
    @discardableResult
    public func addDeputy(name: String, passphrase: SecretBytes, authority keyring: ProgramKeyring,
                          kdf: KDFParameters = .moderate, today: CalendarDate) throws -> Deputy {
        try requireCoordinator(keyring, .appointCoordinators)
        let person = try PersonName(name, field: "deputy name")
        let info = try programInfo()
        try PassphrasePolicy.check(passphrase, knownNames: [info.name, info.coordinatorName, person.value])
        let id = Identifier.random()
        let keys = try ProgramKeyPair.generate()
        let wrapped = try WrappedSecret.wrap(keys.secretKey, passphrase: passphrase, kdf: kdf, associatedData: WrapContext.deputyKey(
            programID: keyring.programID, deputyID: id, publicKey: keys.publicKey, root: keyring.root.publicKey))
        let grants = try keyring.keys.map { keyID, pair in (keyID, try DeputyGrant.seal(pair, to: keys.publicKey)) }
        try rootedWrite(keyring, action: "deputy-add") { db in
            // A rotation committed since the unlock would leave this deputy without the new key.
            try requireUnchangedWraps(db, keyring)
            let taken = try String.fetchAll(db, sql: "SELECT name FROM deputy") + [info.coordinatorName]
            if taken.contains(where: { (try? PersonName($0, field: "name").lookupKey) == person.lookupKey }) {
                throw InputError.duplicateDeputy(person.value)
            }
            if let twin = taken.first(where: { NameLookalikes.skeleton($0) == person.skeleton }) {
                throw InputError.confusableName(field: "deputy name", with: twin)
            }
            let entry = RootSigned.deputyEntry(programID: keyring.programID, deputyID: id, name: person.value,
                                               publicKey: keys.publicKey, addedOn: today.description)
            try db.execute(sql: """
                INSERT INTO deputy (deputy_id, name, public_key, kdf_alg, kdf_ops, kdf_mem, salt, nonce, wrapped_secret, added_on, signature)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [Data(id.bytes), person.value, Data(keys.publicKey), wrapped.kdf.algorithm, wrapped.kdf.opsLimit,
                                 wrapped.kdf.memLimit, Data(wrapped.salt), Data(wrapped.nonce), Data(wrapped.ciphertext),
                                 today.description, Data(try keyring.root.sign(entry))])
            for (keyID, sealed) in grants {
                try db.execute(sql: "INSERT INTO deputy_key_grant (deputy_id, key_id, sealed) VALUES (?, ?, ?)",
                               arguments: [Data(id.bytes), keyID, Data(sealed)])
            }
        }
        checkpointAfterCommit()
        return Deputy(id: id, name: person.value, addedOn: today)
    }

    /// The deputies, by name: only those whose entry the pinned root signed, so a row written into
    /// the file by someone else is never named in a referral or a listing (`verify` reports it).
    public func deputies() throws -> [Deputy] {
        // Read on every referral: only the deputy rows and the pinned root, not all signed rows.
        try read { db in
            guard let root = try Data.fetchOne(db, sql: "SELECT public_key FROM publishing_key WHERE id = 1").map({ [UInt8]($0) }) else { return [] }
            let programID = try Self.programInfo(db, path: path).programID
            return try Row.fetchAll(db, sql: "SELECT deputy_id, name, public_key, added_on, signature FROM deputy ORDER BY name").compactMap { row in
                let id = try Identifier(bytes: [UInt8]((row["deputy_id"] as Data?) ?? Data()))
                let name: String = row["name"] ?? "", addedOn: String = row["added_on"] ?? ""
                let entry = RootSigned.deputyEntry(programID: programID, deputyID: id, name: name,
                                                   publicKey: [UInt8]((row["public_key"] as Data?) ?? Data()), addedOn: addedOn)
                guard SignedRows.verifies((row["signature"] as Data?).map { [UInt8]($0) }, entry, root) else { return nil }
                return Deputy(id: id, name: name, addedOn: try CalendarDate(parsing: addedOn))
            }
        }
    }

    /// Unlocks the program keys as a deputy, with the deputy's own passphrase. The deputy's entry
    /// must carry the root's signature, and their key opens only under the root pinned in the
    /// file (it is in the wrap's associated data), so a deputy row or root put into the file by
    /// someone else opens nothing.
    /// - Throws: `InputError.unknownDeputy`, `AccessError.wrongDeputyPassphrase`,
    ///   `TamperingError`, `StoreError.needsUpgrade` for a program without a root.
    public func unlockDeputy(named name: String, passphrase: SecretBytes) throws -> ProgramKeyring {
        let info = try programInfo()
        let lookup = try PersonName(name, field: "deputy name").lookupKey
        let (row, rows, fingerprint) = try read { db in
            (try Row.fetchAll(db, sql: "SELECT * FROM deputy").first { (try? PersonName($0["name"], field: "name").lookupKey) == lookup },
             try SignedRows.load(db, program: Self.programInfo(db, path: path)),
             try wrapFingerprint(db))
        }
        guard let row else { throw InputError.unknownDeputy(name) }
        guard let root = rows.root else { throw StoreError.needsUpgrade(path: path) }
        let id = try Identifier(bytes: [UInt8](row["deputy_id"] as Data))
        guard let entry = rows.deputies.first(where: { $0.id == id }), SignedRows.verifies(entry.signature, rows.entryBytes(entry), root) else {
            throw TamperingError.deputyNotSigned(name: row["name"])
        }
        let wrapped = WrappedSecret.from(row: row, ciphertextColumn: "wrapped_secret")
        let secret: SecretBytes
        do {
            secret = try wrapped.unwrap(passphrase: passphrase, associatedData: WrapContext.deputyKey(
                programID: info.programID, deputyID: id, publicKey: entry.publicKey, root: root))
        } catch CryptoError.unwrapFailed {
            throw AccessError.wrongDeputyPassphrase(deputy: entry.name)
        }
        let own = try ProgramKeyPair(publicKey: entry.publicKey, secretKey: secret)
        let mine = rows.grants.filter { $0.deputyID == id.bytes }
        // Only keys the root certified: a grant is a sealed box to the deputy's public key, which
        // anyone with the file can make, so a key row and grant written into the file would
        // otherwise enter the keyring (and, marked active, be where the deputy's writes point).
        let certified = rows.keys.filter { rows.keyIsCertified($0, root: root) }
        var keys: [Int64: ProgramKeyPair] = [:]
        for key in certified {
            guard let grant = mine.first(where: { $0.keyID == key.id }) else { throw StoreError.inconsistent("deputy '\(entry.name)' holds no copy of program key \(key.id)") }
            do {
                keys[key.id] = try DeputyGrant.open(grant.sealed, deputy: own, programPublicKey: key.publicKey)
            } catch {
                throw TamperingError.keyReplaced(keyID: key.id)
            }
        }
        guard let active = certified.map(\.id).max() else { throw StoreError.inconsistent("no certified program key") }
        var keyring = try ProgramKeyring(programID: info.programID, keys: keys, activeKeyID: active)
        guard Sodium.constantTimeEqual(keyring.root.publicKey, root) else { throw TamperingError.rootSwapped }
        keyring.wrapsSeen = fingerprint
        keyring.holder = .deputy(id: id, name: entry.name)
        keyring.deputyKeys = own
        try recordCoordinatorAction(keyring, action: "unlock")
        return keyring
    }

    /// Removes a deputy: their entry and key copies go, and the program key is rotated in the same
    /// transaction, so nothing filed afterwards opens with what they held. Coordinator only. As
    /// every rotation, it makes a new recovery code, shown by `deliver` inside the transaction.
    /// - Returns: the new recovery code.
    public func removeDeputy(named name: String, authority keyring: ProgramKeyring, passphrase: SecretBytes,
                             kdf: KDFParameters = .moderate, today: CalendarDate, deliver: (String) throws -> Void = { _ in }) throws -> String {
        try requireCoordinator(keyring, .appointCoordinators)
        let lookup = try PersonName(name, field: "deputy name").lookupKey
        guard let deputy = try deputies().first(where: { (try? PersonName($0.name, field: "name").lookupKey) == lookup }) else {
            throw InputError.unknownDeputy(name)
        }
        return try rewrapAll(keyring: keyring, passphrase: passphrase, kdf: kdf, action: "deputy-remove",
                             newKey: (try ProgramKeyPair.generate(), today), before: { db in
            try db.execute(sql: "DELETE FROM deputy_key_grant WHERE deputy_id = ?", arguments: [Data(deputy.id.bytes)])
            try db.execute(sql: "DELETE FROM deputy WHERE deputy_id = ?", arguments: [Data(deputy.id.bytes)])
        }, deliver: deliver)
    }

    /// A deputy changes their own passphrase, proven by the keyring they unlocked with the current one.
    /// The deputy gets a new keypair with it (every program key sealed to it afresh, the entry
    /// signed again), so whoever learnt the old passphrase and copied the file opens nothing that
    /// is sealed to the deputy from now on, and putting the old wrap back opens nothing either.
    public func changeDeputyPassphrase(_ keyring: ProgramKeyring, to newPassphrase: SecretBytes, kdf: KDFParameters = .moderate) throws {
        guard case let .deputy(id, name) = keyring.holder, let own = keyring.deputyKeys else {
            throw PolicyDenial(role: keyring.role, request: .changeDeputyPassphrase, reason: "only a deputy changes a deputy's passphrase")
        }
        let info = try programInfo()
        try PassphrasePolicy.check(newPassphrase, knownNames: [info.name, info.coordinatorName, name])
        let fresh = try ProgramKeyPair.generate()
        let wrapped = try WrappedSecret.wrap(fresh.secretKey, passphrase: newPassphrase, kdf: kdf, associatedData: WrapContext.deputyKey(
            programID: keyring.programID, deputyID: id, publicKey: fresh.publicKey, root: keyring.root.publicKey))
        let grants = try keyring.keys.map { keyID, pair in (keyID, try DeputyGrant.seal(pair, to: fresh.publicKey)) }
        try rootedWrite(keyring, action: "deputy-passphrase") { db in
            try requireUnchangedWraps(db, keyring)
            guard let addedOn = try String.fetchOne(db, sql: "SELECT added_on FROM deputy WHERE deputy_id = ? AND public_key = ?",
                                                    arguments: [Data(id.bytes), Data(own.publicKey)]) else {
                throw StoreError.concurrentChange("this deputy's entry")
            }
            let entry = RootSigned.deputyEntry(programID: keyring.programID, deputyID: id, name: name, publicKey: fresh.publicKey, addedOn: addedOn)
            try db.execute(sql: """
                UPDATE deputy SET public_key = ?, kdf_alg = ?, kdf_ops = ?, kdf_mem = ?, salt = ?, nonce = ?, wrapped_secret = ?, signature = ?
                WHERE deputy_id = ?
                """, arguments: [Data(fresh.publicKey), wrapped.kdf.algorithm, wrapped.kdf.opsLimit, wrapped.kdf.memLimit, Data(wrapped.salt),
                                 Data(wrapped.nonce), Data(wrapped.ciphertext), Data(try keyring.root.sign(entry)), Data(id.bytes)])
            try db.execute(sql: "DELETE FROM deputy_key_grant WHERE deputy_id = ?", arguments: [Data(id.bytes)])
            for (keyID, sealed) in grants {
                try db.execute(sql: "INSERT INTO deputy_key_grant (deputy_id, key_id, sealed) VALUES (?, ?, ?)",
                               arguments: [Data(id.bytes), keyID, Data(sealed)])
            }
        }
        checkpointAfterCommit()
    }

    /// Renames the coordinator (after a succession by recovery code): referrals name the new one.
    /// Coordinator only.
    public func renameCoordinator(to name: String, authority keyring: ProgramKeyring) throws {
        try requireCoordinator(keyring, .appointCoordinators)
        let person = try PersonName(name, field: "coordinator name")
        try rootedWrite(keyring, action: "coordinator-rename") { db in
            try db.execute(sql: "UPDATE program SET coordinator_name = ? WHERE id = 1", arguments: [person.value])
        }
    }

    /// The store's own check of what only the coordinator, not a deputy, may do: the gate decides
    /// first, and this holds even for a caller that skipped it.
    func requireCoordinator(_ keyring: ProgramKeyring, _ request: Request) throws {
        guard keyring.role == .coordinator else {
            throw PolicyDenial(role: keyring.role, request: request, reason: Policy.deputyLimit)
        }
    }
}
