import Foundation
import GRDB

/// The database's schema (tables, indexes, triggers, views, as `sqlite_master` holds them) must be
/// exactly what the migrations of `schema.sql` make. Whoever can write the file can also add a
/// trigger, or rewrite a table's definition with `PRAGMA writable_schema`, and SQLite runs such a
/// trigger inside the coordinator's own transaction: it could delete a void or a key wrap after
/// the checks and before the head is signed, and the root would sign the result. So every signed
/// write compares the schema first and refuses any difference.
enum SchemaIntegrity {
    /// `type name tbl_name sql` of every schema object a fresh database of this version has,
    /// computed once per process by migrating an in-memory database.
    static let expected: Result<Set<String>, Error> = Result {
        let queue = try DatabaseQueue()
        try Schema.migrator.migrate(queue)
        return try queue.read { db in try objects(db) }
    }

    /// Litestream (docs/coordinator.md, off-site copies) keeps its own bookkeeping tables in the
    /// database it replicates. Plain tables run no code, so these are let be; a trigger or view by
    /// that name is not.
    static func isReplicationBookkeeping(type: String?, table: String?) -> Bool {
        ["table", "index"].contains(type ?? "") && (table ?? "").hasPrefix("_litestream_")
    }

    static func objects(_ db: Database) throws -> Set<String> {
        Set(try Row.fetchAll(db, sql: "SELECT type, name, tbl_name, sql FROM sqlite_master")
            .filter { !isReplicationBookkeeping(type: $0["type"], table: $0["tbl_name"]) }.map { row in
            [row["type"] as String? ?? "", row["name"] as String? ?? "", row["tbl_name"] as String? ?? "", row["sql"] as String? ?? ""]
                .joined(separator: "\u{1F}")
        })
    }

    /// - Throws: `TamperingError.schemaAltered` naming an object added, removed or changed.
    static func check(_ db: Database) throws {
        let wanted = try expected.get()
        let found = try objects(db)
        guard found != wanted else { return }
        let odd = found.symmetricDifference(wanted).map { $0.split(separator: "\u{1F}", omittingEmptySubsequences: false) }
            .compactMap { $0.count > 1 ? String($0[1]) : nil }.sorted()
        throw TamperingError.schemaAltered(objects: Array(Set(odd)).sorted())
    }

    /// The `CREATE` statement of one schema object, as `schema.sql` has it (never as the file
    /// has it: the file's copy is whatever its last writer put there).
    static func statement(creating name: String) throws -> String {
        let source = Schema.sql
        guard let start = source.range(of: "CREATE TRIGGER \(name) "),
              let end = source.range(of: "\nEND;", range: start.upperBound..<source.endIndex) else {
            throw StoreError.inconsistent("schema.sql has no trigger \(name)")
        }
        return String(source[start.lowerBound..<end.upperBound])
    }
}
