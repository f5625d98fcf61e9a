import GRDB
import GRDBSQLite

extension PeerLogStore {
    /// A write transaction that starts from the file, not from this connection's page cache: the
    /// connection's clean cached pages are dropped first, so what the transaction checks is read
    /// again from the database and its write-ahead log.
    ///
    /// SQLite keeps a connection's cache while the log's index (the `-shm` file) looks unchanged.
    /// A file writer who copies that index while a long-running filer (the web intake) is idle and
    /// writes it back after the coordinator's next action (retiring an advisor, rotating the key)
    /// would otherwise leave the filer checking the state from before it, on pages it still holds.
    /// Filing checks the signed state in its own transaction (`sealingTarget`), so it writes
    /// through here; dropping the pages costs a few reads per filing.
    func freshWrite<T>(_ body: (Database) throws -> T) throws -> T {
        try Self.mapErrors(path: path) {
            try database.writeWithoutTransaction { db in
                if let connection = db.sqliteConnection { sqlite3_db_release_memory(connection) }
                var result: T?
                try db.inTransaction {
                    result = try body(db)
                    return .commit
                }
                guard let result else { throw StoreError.inconsistent("a filing transaction ended without a result") }
                return result
            }
        }
    }
}
