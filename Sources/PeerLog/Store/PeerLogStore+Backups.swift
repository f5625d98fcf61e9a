import Foundation
import GRDB

/// One backup, as the database it was taken from records it.
public struct BackupRecord: Sendable, Hashable {
    /// UTC minute, `YYYY-MM-DDTHH:MMZ`, of the `backup` audit entry.
    public let at: String
    /// The path it was written to, made absolute.
    public let path: String
}

extension PeerLogStore {
    /// Every backup recorded in this database, oldest first.
    public func backupsTaken() throws -> [BackupRecord] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT a.at, b.path FROM backup_taken b JOIN audit_event a ON a.seq = b.seq
                WHERE a.action = 'backup' ORDER BY b.seq
                """).map { BackupRecord(at: $0["at"] ?? "", path: $0["path"]) }
        }
    }

    /// Appends the `backup` entry and records where the copy went, in one transaction.
    func recordBackup(at path: String) throws {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        try write { db in
            try appendAudit(db, role: .anyone, action: "backup", outcome: "allowed")
            guard (1...4096).contains(absolute.utf8.count) else { return }
            try db.execute(sql: "INSERT INTO backup_taken (seq, path) VALUES (?, ?)", arguments: [try chainHead(db).seq, absolute])
        }
    }

    /// Which coordinator passphrase and recovery code open this database, from its audit trail.
    public func secretsInForce() throws -> SecretsInForce {
        try read { db in
            func newest(_ actions: Set<String>) throws -> SecretsInForce.Setting? {
                let marks = actions.map { _ in "?" }.joined(separator: ", ")
                return try Row.fetchOne(db, sql: "SELECT action, at, hash FROM audit_event WHERE action IN (\(marks)) ORDER BY seq DESC LIMIT 1",
                                        arguments: StatementArguments(actions.sorted())).map {
                    SecretsInForce.Setting(action: $0["action"], day: ($0["at"] as String?).map { String($0.prefix(10)) },
                                           hash: [UInt8]($0["hash"] as Data))
                }
            }
            let lastDay = try String.fetchOne(db, sql: "SELECT at FROM audit_event WHERE at IS NOT NULL ORDER BY seq DESC LIMIT 1")
            return SecretsInForce(lastDay: lastDay.map { String($0.prefix(10)) },
                                  passphrase: try newest(SecretsInForce.passphraseActions),
                                  recoveryCode: try newest(SecretsInForce.recoveryCodeActions))
        }
    }

    /// Whether the entry that set `setting` is in this database's audit trail.
    func holds(_ setting: SecretsInForce.Setting) throws -> Bool {
        try read { db in try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM audit_event WHERE hash = ?)", arguments: [Data(setting.hash)]) ?? false }
    }
}
