import Foundation
import GRDB
import Testing

/// SQLite's write-ahead log keeps each transaction's pages in commit order, so a log left full
/// would order filings for whoever copies the files. A command's close empties it only when no
/// other process has the database open; with `peerlog serve` running, every command empties it
/// itself before it exits.
@Suite("A command run beside the running intake leaves the write-ahead log empty")
struct EmptyLogCLITests {
    @Test func filingsBesideAnOpenDatabaseLeaveNothingInTheLog() throws {
        let cli = try PeerLogRunner()
        let (_, advisor) = try cli.setUpProgram()
        // Connections held open as `serve` holds them between requests.
        let intake = try DatabasePool(path: cli.db)
        #expect(try intake.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM pending_form") } == 0)
        for minute in ["05", "25", "45"] {
            let filed = try cli.run(["file", "--advisor", "Sgt. Ana Ortiz", "--incident", "other", "--intervention", "one-on-one",
                                     "--at", "2026-01-10 09:\(minute)", "--passphrase-file", advisor])
            try #require(filed.status == 0, "\(filed.stderr)")
        }
        #expect(try intake.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM pending_form") } == 3)
        let log = try FileManager.default.attributesOfItem(atPath: cli.db + "-wal")[.size] as? Int
        #expect(log == 0, "the write-ahead log holds \(log ?? -1) bytes after the filings")
    }
}
