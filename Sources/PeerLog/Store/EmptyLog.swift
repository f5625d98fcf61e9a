import Foundation
import GRDB

extension PeerLogStore {
    /// Empties the write-ahead log (a `TRUNCATE` checkpoint), waiting at most `milliseconds` for
    /// another connection that is reading or writing the database. True when the log is empty
    /// afterwards.
    ///
    /// The log holds each transaction's pages in commit order. SQLite empties it when the last
    /// connection closes; while a long-running process (the web intake) keeps the database open it
    /// would keep up to a thousand pages, and a copy of the file taken then would order the
    /// filings since the last checkpoint among themselves and against the day's request counts
    /// (FORMAT.md §2.1). The wait is short or none because a reader may be long (a report, a
    /// replication tool's standing read): the caller tries again later rather than stall filings.
    public func emptyLog(waitingAtMost milliseconds: Int) -> Bool {
        guard logHoldsPages else { return true }
        do {
            try database.writeWithoutTransaction { db in
                try Self.waitingAtMost(milliseconds, db) { _ = try db.checkpoint(.truncate) }
            }
            return true
        } catch {
            return false
        }
    }

    /// Whether the `-wal` file beside the database has any bytes; a `stat`, so that requests which
    /// wrote nothing cost nothing.
    public var logHoldsPages: Bool {
        var facts = stat()
        return lstat(path + "-wal", &facts) == 0 && facts.st_size > 0
    }
}
