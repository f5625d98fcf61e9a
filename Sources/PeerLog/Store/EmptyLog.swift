import Foundation
import GRDB

extension PeerLogStore {
    /// Empties the write-ahead log (a `TRUNCATE` checkpoint) unless another connection is reading
    /// or writing the database; never waits. True when the log is empty afterwards.
    ///
    /// The log holds each transaction's pages in commit order. A one-shot command empties it when
    /// it closes the database; a long-running process (the web intake) would otherwise keep up to
    /// a thousand pages of it, and a copy of the file taken then would order the filings since the
    /// last checkpoint among themselves and against the day's request counts (FORMAT.md §2.1). It
    /// does not wait because a reader may be long (a report, a replication tool's standing read):
    /// the caller tries again later instead of stalling filings behind it.
    public func emptyLogWithoutWaiting() -> Bool {
        guard logHoldsPages else { return true }
        do {
            try database.writeWithoutTransaction { db in
                try Self.waitingAtMost(0, db) { _ = try db.checkpoint(.truncate) }
            }
            return true
        } catch {
            return false
        }
    }

    /// Whether the `-wal` file beside the database has any bytes; a `stat`, so that requests which
    /// wrote nothing cost nothing.
    var logHoldsPages: Bool {
        var facts = stat()
        return lstat(path + "-wal", &facts) == 0 && facts.st_size > 0
    }
}
