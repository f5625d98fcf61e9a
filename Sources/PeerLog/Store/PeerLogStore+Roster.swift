import Foundation
import GRDB

extension PeerLogStore {
    /// Enrols an advisor with a fresh signing key wrapped under their own passphrase and bound to
    /// the program root, and signs their roster entry with the root. Coordinator only: the
    /// keyring is the proof, and its root makes the signature.
    /// - Throws: `InputError.duplicateAdvisor`, name errors, passphrase policy errors.
    @discardableResult
    public func addAdvisor(name: String, passphrase: SecretBytes, authority keyring: ProgramKeyring,
                           kdf: KDFParameters = .interactive, today: CalendarDate) throws -> Advisor {
        let person = try PersonName(name, field: "advisor name")
        let info = try programInfo()
        try PassphrasePolicy.check(passphrase, knownNames: [info.name, info.coordinatorName, person.value])
        let id = Identifier.random()
        let key = try SigningKey.generate()
        let wrapped = try WrappedSecret.wrap(key.seed, passphrase: passphrase, kdf: kdf, associatedData: Self.advisorKeyAD(
            programID: keyring.programID, advisorID: id, publicKey: key.publicKey, root: keyring.root.publicKey))
        try rootedWrite(keyring, action: "advisor-add") { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM advisor WHERE name_key = ?", arguments: [person.lookupKey]) != nil {
                throw InputError.duplicateAdvisor(person.value)
            }
            if let twin = try String.fetchAll(db, sql: "SELECT name FROM advisor").first(where: { NameLookalikes.skeleton($0) == person.skeleton }) {
                throw InputError.confusableName(field: "advisor name", with: twin)
            }
            try db.execute(sql: """
                INSERT INTO advisor (advisor_id, name, name_key, status, enrolled_on, retired_on, sign_public_key,
                                     kdf_alg, kdf_ops, kdf_mem, salt, nonce, wrapped_seed)
                VALUES (?, ?, ?, 'active', ?, NULL, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [Data(id.bytes), person.value, person.lookupKey, today.description, Data(key.publicKey),
                                 wrapped.kdf.algorithm, wrapped.kdf.opsLimit, wrapped.kdf.memLimit,
                                 Data(wrapped.salt), Data(wrapped.nonce), Data(wrapped.ciphertext)])
            try signRosterEntry(db, id, keyring)
        }
        checkpointAfterCommit()
        return try advisor(named: person.value)
    }

    /// Associated data of an advisor's wrapped seed: the program, the advisor, their public key
    /// and (version 2) the program root, so that a root swapped into the file makes the advisor's
    /// own unlock fail. `root` nil gives version 1, as wrapped before the root existed.
    static func advisorKeyAD(programID: Identifier, advisorID: Identifier, publicKey: [UInt8], root: [UInt8]?) -> [UInt8] {
        WrapContext.advisorKey(programID: programID, advisorID: advisorID, publicKey: publicKey, root: root)
    }

    /// Re-signs one advisor's roster entry (with its training records) as the rows now stand.
    private func signRosterEntry(_ db: Database, _ id: Identifier, _ keyring: ProgramKeyring) throws {
        let rows = try SignedRows.load(db, program: Self.programInfo(db, path: path))
        guard let entry = rows.advisors.first(where: { $0.id == id }) else { throw StoreError.inconsistent("advisor row missing") }
        let signature = try keyring.root.sign(rows.entryBytes(entry))
        try db.execute(sql: "UPDATE advisor SET signature = ? WHERE advisor_id = ?", arguments: [Data(signature), Data(id.bytes)])
    }

    /// The whole roster, by name.
    public func roster() throws -> [Advisor] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM advisor ORDER BY name_key").map { try Self.advisor(from: $0, db) }
        }
    }

    /// - Throws: `InputError.unknownAdvisor`.
    public func advisor(named name: String) throws -> Advisor {
        let person = try PersonName(name, field: "advisor name")
        return try read { db in
            // Matched on the name, which the root signs with the advisor's id, never on the
            // unsigned `name_key` column: a file writer swapping two name keys would otherwise
            // make one advisor's name reach the other's entry.
            guard let row = try Row.fetchAll(db, sql: "SELECT * FROM advisor")
                .first(where: { (try? PersonName($0["name"], field: "name").lookupKey) == person.lookupKey }) else {
                throw InputError.unknownAdvisor(person.value)
            }
            return try Self.advisor(from: row, db)
        }
    }

    /// Marks an advisor retired: they can no longer file; their past forms still verify.
    public func retireAdvisor(named name: String, authority keyring: ProgramKeyring, today: CalendarDate) throws -> Advisor {
        let current = try advisor(named: name)
        guard current.status == .active else { return current }
        try rootedWrite(keyring, action: "advisor-retire") { db in
            try db.execute(sql: "UPDATE advisor SET status = 'retired', retired_on = ? WHERE advisor_id = ?",
                           arguments: [today.description, Data(current.id.bytes)])
            try signRosterEntry(db, current.id, keyring)
        }
        return try advisor(named: name)
    }

    /// Records training on an IV.A.2 topic.
    public func recordTraining(advisor name: String, topic: TrainingTopic, on date: CalendarDate,
                               authority keyring: ProgramKeyring) throws -> Advisor {
        let current = try advisor(named: name)
        try rootedWrite(keyring, action: "advisor-train") { db in
            try db.execute(sql: "INSERT OR IGNORE INTO advisor_training (advisor_id, topic, trained_on) VALUES (?, ?, ?)",
                           arguments: [Data(current.id.bytes), topic.rawValue, date.description])
            try signRosterEntry(db, current.id, keyring)
        }
        return try advisor(named: name)
    }

    /// Unlocks an advisor's signing key with their passphrase. The unwrap authenticates the program
    /// root pinned in the file (it is in the wrap's associated data), so what the advisor then
    /// trusts rests on their own secret, not on the file. A key wrapped before the program had a
    /// root is bound to the root now pinned at its first unlock (trust on first use).
    /// - Throws: `InputError.unknownAdvisor`, `AccessError.retiredAdvisor` (checked first, so a
    ///   retired advisor's passphrase is not even tried), `AccessError.wrongAdvisorPassphrase`.
    public func unlockAdvisor(named name: String, passphrase: SecretBytes) throws -> AdvisorCredential {
        let current = try advisor(named: name)
        guard current.status == .active else { throw AccessError.retiredAdvisor(current.name) }
        let (info, row, root, rooted) = try read { db in
            (try Self.programInfo(db, path: path),
             try Row.fetchOne(db, sql: "SELECT kdf_alg, kdf_ops, kdf_mem, salt, nonce, wrapped_seed FROM advisor WHERE advisor_id = ?",
                              arguments: [Data(current.id.bytes)]),
             try Data.fetchOne(db, sql: "SELECT public_key FROM publishing_key WHERE id = 1").map { [UInt8]($0) },
             try newestSignedHead(db) != nil)
        }
        guard let row else { throw InputError.unknownAdvisor(current.name) }
        let wrapped = WrappedSecret.from(row: row, ciphertextColumn: "wrapped_seed")
        var candidates = [Self.advisorKeyAD(programID: info.programID, advisorID: current.id, publicKey: current.signingPublicKey, root: nil)]
        if let root {
            candidates.insert(Self.advisorKeyAD(programID: info.programID, advisorID: current.id,
                                                publicKey: current.signingPublicKey, root: root), at: 0)
        }
        let unwrapped: (secret: SecretBytes, index: Int)
        do {
            unwrapped = try wrapped.unwrap(passphrase: passphrase, candidates: candidates)
        } catch CryptoError.unwrapFailed {
            throw AccessError.wrongAdvisorPassphrase(advisor: current.name)
        }
        let key = try SigningKey(seed: unwrapped.secret)
        guard Sodium.constantTimeEqual(key.publicKey, current.signingPublicKey) else {
            throw StoreError.inconsistent("advisor '\(current.name)' has a roster key that does not match their wrapped key")
        }
        if root != nil, unwrapped.index == 0 {
            return AdvisorCredential(advisorID: current.id, name: current.name, programID: info.programID, signingKey: key,
                                     wrapSeen: wrapped.ciphertext, boundRoot: root, justBound: false)
        }
        guard let root, rooted else {
            // Before the upgrade: the key opens, but there is no root to file under yet.
            return AdvisorCredential(advisorID: current.id, name: current.name, programID: info.programID, signingKey: key,
                                     wrapSeen: wrapped.ciphertext, boundRoot: nil, justBound: false)
        }
        let rebound = try bindToRoot(key, of: current, programID: info.programID, root: root, kdf: wrapped.kdf,
                                     passphrase: passphrase, replacing: wrapped.ciphertext)
        return AdvisorCredential(advisorID: current.id, name: current.name, programID: info.programID, signingKey: key,
                                 wrapSeen: rebound, boundRoot: root, justBound: true)
    }

    /// Re-wraps a seed wrapped before the program root existed so that it is bound to `root`,
    /// after checking that `root` signed this advisor's roster entry. Writes nothing to the audit
    /// trail: an entry would date this unlock, which is usually a filing.
    private func bindToRoot(_ key: SigningKey, of advisor: Advisor, programID: Identifier, root: [UInt8], kdf: KDFParameters,
                            passphrase: SecretBytes, replacing old: [UInt8]) throws -> [UInt8] {
        let wrapped = try WrappedSecret.wrap(key.seed, passphrase: passphrase, kdf: kdf, associatedData: Self.advisorKeyAD(
            programID: programID, advisorID: advisor.id, publicKey: key.publicKey, root: root))
        try write { db in
            let rows = try SignedRows.load(db, program: Self.programInfo(db, path: path))
            guard let entry = rows.advisors.first(where: { $0.id == advisor.id }),
                  SignedRows.verifies(entry.signature, rows.entryBytes(entry), root) else {
                throw TamperingError.rosterEntryNotSigned(name: advisor.name)
            }
            try db.execute(sql: "UPDATE advisor SET salt = ?, nonce = ?, wrapped_seed = ? WHERE advisor_id = ? AND wrapped_seed = ?",
                           arguments: [Data(wrapped.salt), Data(wrapped.nonce), Data(wrapped.ciphertext), Data(advisor.id.bytes), Data(old)])
            guard db.changesCount == 1 else { throw StoreError.concurrentChange("this advisor's passphrase") }
        }
        return wrapped.ciphertext
    }

    static func advisor(from row: Row, _ db: Database) throws -> Advisor {
        let id = try Identifier(bytes: [UInt8](row["advisor_id"] as Data))
        let training = try Row.fetchAll(db, sql: "SELECT topic, trained_on FROM advisor_training WHERE advisor_id = ?",
                                        arguments: [Data(id.bytes)]).map { t in
            Advisor.Training(topic: try TrainingTopic(code: t["topic"]), on: try CalendarDate(parsing: t["trained_on"]))
        }.sorted()
        let retired: String? = row["retired_on"]
        return Advisor(
            id: id, name: row["name"],
            status: Advisor.Status(rawValue: row["status"]) ?? .retired,
            enrolledOn: try CalendarDate(parsing: row["enrolled_on"]),
            retiredOn: try retired.map { try CalendarDate(parsing: $0) },
            training: training,
            signingPublicKey: [UInt8](row["sign_public_key"] as Data))
    }
}
