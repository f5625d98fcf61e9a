import Foundation
import GRDB

extension PeerLogStore {
    static let credentialDomain = "peerlog access credential"
    static let verifierPrefix = Array("peerlog access credential verifier v1".utf8) + [0]

    /// Issues a command-staff credential: 144 random bits, shown once, stored only as a hash.
    /// Command staff use it to read published anonymised reports and nothing else.
    /// - Throws: `InputError.duplicateAccess` if the person already holds an active credential.
    public func grantAccess(to name: String, role: Role = .commandStaff, authority: ProgramKeyring,
                            today: CalendarDate) throws -> IssuedCredential {
        _ = authority
        guard role == .commandStaff else { throw InputError.unsupportedRole(role.rawValue) }
        let person = try PersonName(name, field: "name")
        let (canonical, printable) = try HumanCode.generate(domain: Self.credentialDomain)
        let verifier = try Digest.blake2b(prefix: Self.verifierPrefix, secret: canonical)
        try write { db in
            let existing = try Row.fetchOne(db, sql: "SELECT revoked_on FROM access_credential WHERE name_key = ?",
                                            arguments: [person.lookupKey])
            if let existing {
                guard (existing["revoked_on"] as String?) != nil else { throw InputError.duplicateAccess(person.value) }
                try db.execute(sql: "DELETE FROM access_credential WHERE name_key = ?", arguments: [person.lookupKey])
            }
            try db.execute(sql: """
                INSERT INTO access_credential (name_key, name, role, verifier, granted_on, revoked_on) VALUES (?, ?, ?, ?, ?, NULL)
                """, arguments: [person.lookupKey, person.value, role.rawValue, Data(verifier), today.description])
            try appendAudit(db, role: .coordinator, action: "access-grant", outcome: "allowed")
        }
        return IssuedCredential(grant: AccessGrant(name: person.value, role: role, grantedOn: today, revokedOn: nil),
                                printable: printable)
    }

    /// Revokes a credential at once.
    public func revokeAccess(from name: String, authority: ProgramKeyring, today: CalendarDate) throws {
        _ = authority
        let person = try PersonName(name, field: "name")
        try write { db in
            try db.execute(sql: "UPDATE access_credential SET revoked_on = ? WHERE name_key = ? AND revoked_on IS NULL",
                           arguments: [today.description, person.lookupKey])
            guard db.changesCount == 1 else { throw InputError.unknownAccess(person.value) }
            try appendAudit(db, role: .coordinator, action: "access-revoke", outcome: "allowed")
        }
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

    /// Establishes the command-staff role from a presented credential.
    /// - Returns: the holder's name.
    /// - Throws: `InputError.malformedCode` when mistyped, `AccessError.badCredential` when not
    ///   issued or revoked.
    public func authenticateCommandStaff(credential typed: SecretBytes) throws -> String {
        let canonical = try HumanCode.parse(typed, domain: Self.credentialDomain, what: "command-staff credential")
        let verifier = try Digest.blake2b(prefix: Self.verifierPrefix, secret: canonical)
        let rows = try read { db in
            try Row.fetchAll(db, sql: "SELECT name, verifier FROM access_credential WHERE revoked_on IS NULL")
        }
        for row in rows where Sodium.constantTimeEqual([UInt8](row["verifier"] as Data), verifier) {
            return row["name"]
        }
        throw AccessError.badCredential
    }
}
