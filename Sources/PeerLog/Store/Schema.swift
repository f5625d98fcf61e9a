import Foundation
import GRDB

/// The named migrations of `schema.sql`, which is embedded at build time and remains the single
/// source of truth. A section starts at a line `-- migration: NAME`.
enum Schema {
    /// `PRAGMA application_id` of every PeerLog database: "PLOG".
    static let applicationID: Int32 = 0x504C_4F47

    static var sql: String { String(decoding: PackageResources.schema_sql, as: UTF8.self) }

    /// (name, SQL) in file order.
    static var migrations: [(name: String, sql: String)] {
        var result: [(String, String)] = []
        var current: String?
        var body: [Substring] = []
        for line in sql.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("-- migration: ") {
                if let name = current { result.append((name, body.joined(separator: "\n"))) }
                current = String(line.dropFirst("-- migration: ".count)).trimmingCharacters(in: .whitespaces)
                body = []
            } else if current != nil {
                body.append(line)
            }
        }
        if let name = current { result.append((name, body.joined(separator: "\n"))) }
        return result
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for migration in migrations {
            let sql = migration.sql
            migrator.registerMigration(migration.name) { db in try db.execute(sql: sql) }
        }
        return migrator
    }
}
