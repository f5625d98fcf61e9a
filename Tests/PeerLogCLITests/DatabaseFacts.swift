import GRDB

/// What a PeerLog database file holds, read with SQLite directly rather than through PeerLog, so
/// a test can check the file itself after a crash, a race or a refused command.
struct DatabaseFacts: Equatable {
    /// `PRAGMA integrity_check`: "ok" when SQLite finds nothing wrong.
    let integrity: [String]
    let forms: Int
    /// Filings recorded: audit entries, plus filings waiting for the coordinator's next action to
    /// fold them into the trail; each must match exactly one stored form.
    let filedEntries: Int
    let auditEntries: Int
    let migrations: [String]
    let tables: [String]

    init(path: String) throws {
        (integrity, forms, filedEntries, auditEntries, migrations, tables) = try DatabaseQueue(path: path).read { db in
            (try String.fetchAll(db, sql: "PRAGMA integrity_check"),
             try Int.fetchOne(db, sql: "SELECT count(*) FROM usage_form") ?? -1,
             try Int.fetchOne(db, sql: """
                SELECT (SELECT count(*) FROM audit_event WHERE action = 'form-filed') + (SELECT count(*) FROM pending_form)
                """) ?? -1,
             try Int.fetchOne(db, sql: "SELECT count(*) FROM audit_event") ?? -1,
             try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier"),
             try String.fetchAll(db, sql: "SELECT name FROM sqlite_master ORDER BY name"))
        }
    }
}
