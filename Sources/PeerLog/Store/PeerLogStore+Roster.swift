import Foundation
import GRDB

extension PeerLogStore {
    /// Enrols an advisor with a fresh signing key wrapped under their own passphrase.
    /// Requires the coordinator's keyring as proof of authority.
    /// - Throws: `InputError.duplicateAdvisor`, name errors, passphrase policy errors.
    @discardableResult
    public func addAdvisor(name: String, passphrase: SecretBytes, authority: ProgramKeyring,
                           kdf: KDFParameters = .interactive, today: CalendarDate) throws -> Advisor {
        _ = authority
        let person = try PersonName(name, field: "advisor name")
        let info = try programInfo()
        try PassphrasePolicy.check(passphrase, knownNames: [info.name, info.coordinatorName, person.value])
        let id = Identifier.random()
        let key = try SigningKey.generate()
        let wrapped = try WrappedSecret.wrap(key.seed, passphrase: passphrase, kdf: kdf,
            associatedData: Self.advisorKeyAD(programID: info.programID, advisorID: id, publicKey: key.publicKey))
        try write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM advisor WHERE name_key = ?", arguments: [person.lookupKey]) != nil {
                throw InputError.duplicateAdvisor(person.value)
            }
            try db.execute(sql: """
                INSERT INTO advisor (advisor_id, name, name_key, status, enrolled_on, retired_on, sign_public_key,
                                     kdf_alg, kdf_ops, kdf_mem, salt, nonce, wrapped_seed)
                VALUES (?, ?, ?, 'active', ?, NULL, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [Data(id.bytes), person.value, person.lookupKey, today.description, Data(key.publicKey),
                                 wrapped.kdf.algorithm, wrapped.kdf.opsLimit, wrapped.kdf.memLimit,
                                 Data(wrapped.salt), Data(wrapped.nonce), Data(wrapped.ciphertext)])
            try appendAudit(db, role: .coordinator, action: "advisor-add", outcome: "allowed")
        }
        return try advisor(named: person.value)
    }

    static func advisorKeyAD(programID: Identifier, advisorID: Identifier, publicKey: [UInt8]) -> [UInt8] {
        Array("peerlog advisor key v1".utf8) + [0] + programID.bytes + advisorID.bytes + publicKey
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
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM advisor WHERE name_key = ?", arguments: [person.lookupKey]) else {
                throw InputError.unknownAdvisor(person.value)
            }
            return try Self.advisor(from: row, db)
        }
    }

    /// Marks an advisor retired: they can no longer file; their past forms still verify.
    public func retireAdvisor(named name: String, authority: ProgramKeyring, today: CalendarDate) throws -> Advisor {
        _ = authority
        let current = try advisor(named: name)
        guard current.status == .active else { return current }
        try write { db in
            try db.execute(sql: "UPDATE advisor SET status = 'retired', retired_on = ? WHERE advisor_id = ?",
                           arguments: [today.description, Data(current.id.bytes)])
            try appendAudit(db, role: .coordinator, action: "advisor-retire", outcome: "allowed")
        }
        return try advisor(named: name)
    }

    /// Records training on an IV.A.2 topic.
    public func recordTraining(advisor name: String, topic: TrainingTopic, on date: CalendarDate,
                               authority: ProgramKeyring) throws -> Advisor {
        _ = authority
        let current = try advisor(named: name)
        try write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO advisor_training (advisor_id, topic, trained_on) VALUES (?, ?, ?)",
                           arguments: [Data(current.id.bytes), topic.rawValue, date.description])
            try appendAudit(db, role: .coordinator, action: "advisor-train", outcome: "allowed")
        }
        return try advisor(named: name)
    }

    /// Unlocks an advisor's signing key with their passphrase.
    /// - Throws: `InputError.unknownAdvisor`, `AccessError.retiredAdvisor` (checked first, so a
    ///   retired advisor's passphrase is not even tried), `AccessError.wrongAdvisorPassphrase`.
    public func unlockAdvisor(named name: String, passphrase: SecretBytes) throws -> AdvisorCredential {
        let current = try advisor(named: name)
        guard current.status == .active else { throw AccessError.retiredAdvisor(current.name) }
        let info = try programInfo()
        let row = try read { db in
            try Row.fetchOne(db, sql: "SELECT kdf_alg, kdf_ops, kdf_mem, salt, nonce, wrapped_seed FROM advisor WHERE advisor_id = ?",
                             arguments: [Data(current.id.bytes)])
        }
        guard let row else { throw InputError.unknownAdvisor(current.name) }
        let wrapped = WrappedSecret.from(row: row, ciphertextColumn: "wrapped_seed")
        let seed: SecretBytes
        do {
            seed = try wrapped.unwrap(passphrase: passphrase, associatedData: Self.advisorKeyAD(
                programID: info.programID, advisorID: current.id, publicKey: current.signingPublicKey))
        } catch CryptoError.unwrapFailed {
            throw AccessError.wrongAdvisorPassphrase(advisor: current.name)
        }
        let key = try SigningKey(seed: seed)
        guard Sodium.constantTimeEqual(key.publicKey, current.signingPublicKey) else {
            throw StoreError.inconsistent("advisor '\(current.name)' has a roster key that does not match their wrapped key")
        }
        return AdvisorCredential(advisorID: current.id, name: current.name, signingKey: key)
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
