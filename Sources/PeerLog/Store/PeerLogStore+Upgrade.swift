import Foundation
import GRDB

/// What `upgrade` signed.
public struct UpgradeSummary: Sendable {
    public let keys: Int
    public let advisors: Int
    public let credentials: Int
    public let settings: Int
    public let publications: Int
    public let rootFingerprint: String
}

/// Why `upgrade` refused, before signing anything.
public enum UpgradeRefusal: PeerLogError, Equatable {
    case alreadyUpgraded(rootFingerprint: String)
    case doesNotVerify([String])

    public var description: String {
        switch self {
        case let .alreadyUpgraded(fingerprint):
            return "this program is already signed by its program root (fingerprint \(fingerprint)); nothing was changed"
        case let .doesNotVerify(problems):
            return "the records do not verify, so they will not be signed: " + problems.joined(separator: "; ")
        }
    }

    public var hint: String? {
        switch self {
        case .alreadyUpgraded:
            return "if PeerLog asked for an upgrade although this program was upgraded before, its signatures were removed: that is tampering; restore a verified backup"
        case .doesNotVerify:
            return "keep a copy of the database as evidence and restore a verified backup, then upgrade that"
        }
    }

    public var exitStatus: ExitStatus {
        switch self {
        case .alreadyUpgraded: return .success
        case .doesNotVerify: return .invalidData
        }
    }
}

extension PeerLogStore {
    /// Signs a program written before the program root existed: pins the root, certifies every
    /// program key, signs the roster, the credentials and the settings, checks that every earlier
    /// publication verifies under the root (the same key signed them), and leaves the first signed
    /// head. The coordinator vouches for what is there, so everything is verified first (the whole
    /// trail and every form) and nothing is signed if anything fails. Run once, by the
    /// coordinator, after installing this version; until then forms cannot be filed.
    /// - Throws: `UpgradeRefusal`, `TamperingError.rootSwapped`.
    public func upgrade(keyring: ProgramKeyring, today: CalendarDate) throws -> UpgradeSummary {
        if try isRooted() { throw UpgradeRefusal.alreadyUpgraded(rootFingerprint: keyring.rootFingerprint) }
        let check = try verify(keyring: keyring)
        guard check.isSound else { throw UpgradeRefusal.doesNotVerify(check.problems) }
        // When each key came into use: key 1 at set-up, key n at the (n-1)th rotation.
        let rotations = try auditEvents().filter { $0.action == "key-rotate" }.compactMap { $0.at.map { String($0.prefix(10)) } }
        return try rootedWrite(keyring, action: "upgrade", establishing: true) { db in
            let info = try Self.programInfo(db, path: path)
            let rows = try SignedRows.load(db, program: info)
            let root = keyring.root
            for key in rows.keys {
                let validFrom = key.id == 1 ? info.createdOn.description
                    : (Int(key.id) - 2 < rotations.count ? rotations[Int(key.id) - 2] : today.description)
                let certificate = try root.sign(RootSigned.programKeyCertificate(programID: info.programID, keyID: key.id,
                                                                                publicKey: key.publicKey, validFrom: validFrom))
                try db.execute(sql: "UPDATE program_key SET valid_from = ?, certificate = ? WHERE key_id = ?",
                               arguments: [validFrom, Data(certificate), key.id])
            }
            for advisor in rows.advisors {
                try db.execute(sql: "UPDATE advisor SET signature = ? WHERE advisor_id = ?",
                               arguments: [Data(try root.sign(rows.entryBytes(advisor))), Data(advisor.id.bytes)])
            }
            for credential in rows.credentials {
                try db.execute(sql: "UPDATE access_credential SET signature = ? WHERE name_key = ?",
                               arguments: [Data(try root.sign(rows.entryBytes(credential))), credential.nameKey])
            }
            for setting in rows.settings {
                try db.execute(sql: "UPDATE setting SET signature = ? WHERE name = ?",
                               arguments: [Data(try root.sign(rows.entryBytes(setting))), setting.name])
            }
            for publication in rows.publications
            where !SignedRows.verifies(publication.signature, rows.signedBytes(publication), root.publicKey) {
                throw UpgradeRefusal.doesNotVerify([TamperingError.publicationNotSigned(id: publication.id).description])
            }
            return UpgradeSummary(keys: rows.keys.count, advisors: rows.advisors.count, credentials: rows.credentials.count,
                                  settings: rows.settings.count, publications: rows.publications.count,
                                  rootFingerprint: keyring.rootFingerprint)
        }
    }
}
