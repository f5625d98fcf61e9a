import Foundation
import GRDB

/// A command-staff member whose credential was checked: the holder's name, and the program root
/// their credential vouches for (nil before the program had a root).
public struct CommandStaffSession: Sendable {
    public let name: String
    /// The root this credential is bound to, checked with the credential itself.
    let root: [UInt8]?
    /// True when this sign-in bound a credential issued before the program root existed to the
    /// root now pinned (trust on first use); the holder should compare `rootFingerprint`.
    public let justBound: Bool
    public var rootFingerprint: String? { root.map(ProgramRoot.fingerprint) }
}

extension PeerLogStore {
    /// Issues a command-staff credential: 144 random bits, shown once, stored only as a hash, with
    /// its entry signed by the program root and a binding of the root to the credential.
    /// Command staff use it to read published anonymised reports and nothing else.
    /// - Parameter deliver: hands the credential to the person inside the transaction; if it
    ///   throws, nothing is committed.
    /// - Throws: `InputError.duplicateAccess` if the person already holds an active credential.
    public func grantAccess(to name: String, role: Role = .commandStaff, authority keyring: ProgramKeyring,
                            today: CalendarDate, deliver: (IssuedCredential) throws -> Void = { _ in }) throws -> IssuedCredential {
        guard role == .commandStaff else { throw InputError.unsupportedRole(role.rawValue) }
        let person = try PersonName(name, field: "name")
        let (canonical, printable) = try HumanCode.generate(domain: Domain.credentialChecksum)
        let verifier = try Digest.blake2b(prefix: Domain.credentialVerifier, secret: canonical)
        let binding = try CredentialBinding.mac(credential: canonical, programID: keyring.programID, root: keyring.root.publicKey)
        let entry = RootSigned.credentialEntry(programID: keyring.programID, nameKey: person.lookupKey, name: person.value,
                                               role: role.rawValue, verifier: verifier, grantedOn: today.description, revokedOn: nil)
        let signature = try keyring.root.sign(entry)
        let issued = IssuedCredential(grant: AccessGrant(name: person.value, role: role, grantedOn: today, revokedOn: nil),
                                      printable: printable)
        try rootedWrite(keyring, action: "access-grant") { db in
            let existing = try Row.fetchOne(db, sql: "SELECT revoked_on FROM access_credential WHERE name_key = ?",
                                            arguments: [person.lookupKey])
            if let existing {
                guard (existing["revoked_on"] as String?) != nil else { throw InputError.duplicateAccess(person.value) }
                try db.execute(sql: "DELETE FROM access_credential WHERE name_key = ?", arguments: [person.lookupKey])
            }
            if let twin = try String.fetchAll(db, sql: "SELECT name FROM access_credential").first(where: { NameLookalikes.skeleton($0) == person.skeleton }) {
                throw InputError.confusableName(field: "name", with: twin)
            }
            try db.execute(sql: """
                INSERT INTO access_credential (name_key, name, role, verifier, granted_on, revoked_on, signature, root_binding)
                VALUES (?, ?, ?, ?, ?, NULL, ?, ?)
                """, arguments: [person.lookupKey, person.value, role.rawValue, Data(verifier), today.description,
                                 Data(signature), Data(binding)])
            try deliver(issued)
        }
        checkpointAfterCommit()
        return issued
    }

    /// Revokes a credential at once (and re-signs its entry as revoked).
    public func revokeAccess(from name: String, authority keyring: ProgramKeyring, today: CalendarDate) throws {
        let person = try PersonName(name, field: "name")
        try rootedWrite(keyring, action: "access-revoke") { db in
            try db.execute(sql: "UPDATE access_credential SET revoked_on = ? WHERE name_key = ? AND revoked_on IS NULL",
                           arguments: [today.description, person.lookupKey])
            guard db.changesCount == 1 else { throw InputError.unknownAccess(person.value) }
            try signCredentialEntry(db, person.lookupKey, keyring)
        }
    }

    /// Signs one credential's entry as the row now stands.
    func signCredentialEntry(_ db: Database, _ nameKey: String, _ keyring: ProgramKeyring) throws {
        let rows = try SignedRows.load(db, program: Self.programInfo(db, path: path))
        guard let entry = rows.credentials.first(where: { $0.nameKey == nameKey }) else { return }
        try db.execute(sql: "UPDATE access_credential SET signature = ? WHERE name_key = ?",
                       arguments: [Data(try keyring.root.sign(rows.entryBytes(entry))), nameKey])
    }

    public func accessGrants() throws -> [AccessGrant] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT name, role, granted_on, revoked_on FROM access_credential ORDER BY name_key").map { row in
                let revoked: String? = row["revoked_on"]
                return AccessGrant(name: row["name"], role: Role(rawValue: row["role"]) ?? .commandStaff,
                                   grantedOn: try CalendarDate(parsing: row["granted_on"]),
                                   revokedOn: try revoked.map { try CalendarDate(parsing: $0) })
            }
        }
    }

    /// Establishes the command-staff role from a presented credential, and checks the program root
    /// with the credential itself. A credential issued before the program had a root is bound to
    /// the root now pinned at its first use.
    /// - Throws: `InputError.malformedCode` when mistyped, `AccessError.badCredential` when not
    ///   issued or revoked, `TamperingError` when the credential's entry or the root was altered.
    public func authenticateCommandStaff(credential typed: SecretBytes) throws -> CommandStaffSession {
        let canonical = try HumanCode.parse(typed, domain: Domain.credentialChecksum, what: "command-staff credential")
        let verifier = try Digest.blake2b(prefix: Domain.credentialVerifier, secret: canonical)
        let (rows, pinned, rooted) = try read { db in
            (try Row.fetchAll(db, sql: "SELECT name_key, name, verifier, root_binding FROM access_credential WHERE revoked_on IS NULL"),
             try Data.fetchOne(db, sql: "SELECT public_key FROM publishing_key WHERE id = 1").map { [UInt8]($0) },
             try newestSignedHead(db) != nil)
        }
        guard let row = rows.first(where: { Sodium.constantTimeEqual([UInt8]($0["verifier"] as Data), verifier) }) else {
            throw AccessError.badCredential
        }
        let name: String = row["name"]
        guard rooted, let root = pinned else { return CommandStaffSession(name: name, root: nil, justBound: false) }
        let info = try programInfo()
        let expected = try CredentialBinding.mac(credential: canonical, programID: info.programID, root: root)
        if let stored = (row["root_binding"] as Data?).map({ [UInt8]($0) }) {
            guard Sodium.constantTimeEqual(stored, expected) else { throw TamperingError.rootNotBound(who: "this credential") }
            return CommandStaffSession(name: name, root: root, justBound: false)
        }
        let nameKey: String = row["name_key"]
        try write { db in
            try db.execute(sql: "UPDATE access_credential SET root_binding = ? WHERE name_key = ? AND root_binding IS NULL",
                           arguments: [Data(expected), nameKey])
        }
        return CommandStaffSession(name: name, root: root, justBound: true)
    }
}
