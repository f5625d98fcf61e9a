import Foundation
import GRDB

/// The named migrations of `schema.sql`, which is embedded at build time and remains the single
/// source of truth. A section starts at a line `-- migration: NAME`.
enum Schema {
    /// `PRAGMA application_id` of every PeerLog database: "PLOG".
    static let applicationID: Int32 = 0x504C_4F47

    static var sql: String { String(decoding: PackageResources.schema_sql, as: UTF8.self) }

    /// (name, SQL) in file order. Split once per process, over the file's bytes: every command
    /// opens a database, and splitting the text as Swift characters cost a whole millisecond.
    static let migrations: [(name: String, sql: String)] = split(PackageResources.schema_sql)

    /// The names of `migrations`, which a database whose schema is complete has all applied.
    static let migrationNames = Set(migrations.map(\.name))

    /// The sections of `source`, each the lines after its `-- migration: NAME` line up to the
    /// next one, joined with newlines (the bytes the released-migration pins hash).
    static func split(_ source: [UInt8]) -> [(name: String, sql: String)] {
        let marker = Array("-- migration: ".utf8)
        var result: [(String, String)] = []
        var current: String?
        var body: [UInt8] = []
        func close() {
            if let name = current { result.append((name, String(decoding: body.dropLast(), as: UTF8.self))) }
        }
        for line in source.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            if line.starts(with: marker) {
                close()
                // Trimmed as bytes: Foundation's character sets cost a first use on every start.
                let blank: (UInt8) -> Bool = { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\r") }
                current = String(decoding: line.dropFirst(marker.count).drop(while: blank).reversed().drop(while: blank).reversed(), as: UTF8.self)
                body = []
            } else if current != nil {
                body += line
                body.append(UInt8(ascii: "\n"))
            }
        }
        close()
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
