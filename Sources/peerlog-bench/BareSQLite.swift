import Foundation
import GRDB

/// The storage bound of filing: bare SQLite, through GRDB (the SQLite layer PeerLog itself uses),
/// with PeerLog's settings and PeerLog's row shapes, and no cryptography at all.
///
/// Per filing: one 304-byte random blob under a random 16-byte key in a `WITHOUT ROWID` table (the
/// `usage_form` row, with its program-key reference checked) and one audit row appended with its
/// chain fields and a unique random 32-byte hash (the `audit_event` row), in one `BEGIN IMMEDIATE`
/// transaction, committed with `synchronous = FULL` in WAL mode, `secure_delete = ON`,
/// `temp_store = MEMORY` and foreign keys on, as `PeerLogStore` opens its databases. The tables
/// are declared as in schema.sql. Random bytes are drawn before the clock starts.
struct BareSQLite {
    /// How the rows are laid out and written; `.peerLog` is what PeerLog does today.
    struct Layout: CustomStringConvertible {
        var pageSize = 4096
        /// Insert each batch in ascending key order (the stored result is the same set of rows).
        var sortBatchByKey = false
        /// Keep the UNIQUE index on the audit hash (PeerLog has it; off only to measure its cost).
        var uniqueAuditHash = true
        /// SQLite's page cache for the writer, in KiB (SQLite's default is 2000).
        var cacheKiB = 2000
        /// Pages in the write-ahead log before SQLite checkpoints it (SQLite's default is 1000).
        var walAutocheckpoint = 1000

        static let peerLog = Layout()

        var description: String {
            var parts = ["page \(pageSize) B"]
            if sortBatchByKey { parts.append("batch sorted by key") }
            if !uniqueAuditHash { parts.append("no UNIQUE index on the audit hash") }
            if cacheKiB != 2000 { parts.append("cache \(cacheKiB / 1024) MiB") }
            if walAutocheckpoint != 1000 { parts.append("checkpoint every \(walAutocheckpoint) pages") }
            return parts.joined(separator: ", ")
        }
    }

    static let keyBytes = 16
    static let blobBytes = 304
    static let hashBytes = 32
    static let rowBytes = keyBytes + blobBytes + hashBytes

    let pool: DatabasePool
    let layout: Layout
    private var seq: Int64 = 0
    private var previousHash = Data(repeating: 0, count: hashBytes)

    init(path: String, layout: Layout = .peerLog) throws {
        self.layout = layout
        var config = Configuration()
        config.busyMode = .timeout(10)
        config.foreignKeysEnabled = true
        let cache = layout.cacheKiB
        let autocheckpoint = layout.walAutocheckpoint
        config.prepareDatabase { db in
            try db.execute(sql: """
                PRAGMA secure_delete = ON;
                PRAGMA temp_store = MEMORY;
                PRAGMA synchronous = FULL;
                PRAGMA cache_size = -\(cache);
                PRAGMA wal_autocheckpoint = \(autocheckpoint);
                """)
        }
        // The page size must be set before the first table exists (and before WAL, which fixes it).
        let queue = try DatabaseQueue(path: path)
        try queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA page_size = \(layout.pageSize); VACUUM") }
        try queue.close()
        pool = try DatabasePool(path: path, configuration: config)
        // GRDB sets NORMAL on the writer when it turns WAL on, after prepareDatabase; PeerLog sets
        // FULL again, and so does this.
        try pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            guard try Int.fetchOne(db, sql: "PRAGMA synchronous") == 2 else { throw BenchError.mismatch("synchronous is not FULL") }
            guard try String.fetchOne(db, sql: "PRAGMA journal_mode") == "wal" else { throw BenchError.mismatch("not in WAL mode") }
            try db.execute(sql: """
                CREATE TABLE program_key (
                    key_id INTEGER PRIMARY KEY
                ) STRICT;
                INSERT INTO program_key (key_id) VALUES (1);
                CREATE TABLE usage_form (
                    form_id  BLOB    PRIMARY KEY CHECK (length(form_id) = 16),
                    key_id   INTEGER NOT NULL REFERENCES program_key (key_id),
                    sealed   BLOB    NOT NULL CHECK (length(sealed) = 304)
                ) STRICT, WITHOUT ROWID;
                CREATE TABLE audit_event (
                    seq        INTEGER PRIMARY KEY CHECK (seq >= 1),
                    at         TEXT,
                    role       TEXT    NOT NULL,
                    action     TEXT    NOT NULL,
                    outcome    TEXT    NOT NULL,
                    form_hash  BLOB    CHECK (length(form_hash) = 32),
                    prev_hash  BLOB    NOT NULL CHECK (length(prev_hash) = 32),
                    hash       BLOB    NOT NULL \(layout.uniqueAuditHash ? "UNIQUE " : "")CHECK (length(hash) = 32)
                ) STRICT;
                """)
        }
        guard try pool.read({ db in try Int.fetchOne(db, sql: "PRAGMA page_size") }) == layout.pageSize else {
            throw BenchError.mismatch("page size \(layout.pageSize) was not applied")
        }
    }

    /// `count` filings, one transaction each. Their random bytes are drawn before the clock starts.
    mutating func fileOnePerTransaction(_ count: Int) throws -> Timing {
        let bytes = try RandomBytes.draw(count * Self.rowBytes)
        return try Timing.measure(items: count) {
            for i in 0..<count { try insert(rows: bytes, range: i..<(i + 1)) }
        }
    }

    /// `count` filings in one transaction (a batch). Random bytes drawn before the clock starts.
    mutating func fileBatch(_ count: Int) throws -> Timing {
        let bytes = try RandomBytes.draw(count * Self.rowBytes)
        return try Timing.measure(items: count) { try insert(rows: bytes, range: 0..<count) }
    }

    /// Every filing is stored once, with its audit row.
    func checkCount() throws {
        guard try rowCount() == Int(seq) else { throw BenchError.mismatch("bare SQLite: \(seq) filings but a different row count") }
    }

    /// Fills the tables to `count` rows quickly (large transactions, unsynced, sorted keys): the
    /// starting point for measuring the rate at a given table size. Not a measurement.
    mutating func prefill(_ count: Int) throws {
        try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = OFF") }
        let chunk = 50_000
        for start in stride(from: 0, to: count, by: chunk) {
            let n = min(chunk, count - start)
            try insert(rows: try RandomBytes.draw(n * Self.rowBytes), range: 0..<n, sorted: true)
        }
        try pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try db.checkpoint(.truncate)
        }
    }

    func rowCount() throws -> Int {
        try pool.read { db in
            let forms = try Int.fetchOne(db, sql: "SELECT count(*) FROM usage_form") ?? -1
            let audit = try Int.fetchOne(db, sql: "SELECT count(*) FROM audit_event") ?? -2
            guard forms == audit else { throw BenchError.mismatch("bare SQLite: \(forms) forms but \(audit) audit rows") }
            return forms
        }
    }

    /// One `BEGIN IMMEDIATE` transaction inserting rows `range` of `rows` (each `rowBytes`:
    /// key, blob, hash), each with its audit row.
    private mutating func insert(rows: [UInt8], range: Range<Int>, sorted: Bool? = nil) throws {
        var order = Array(range)
        if sorted ?? layout.sortBatchByKey {
            order.sort { a, b in
                rows[(a * Self.rowBytes)..<(a * Self.rowBytes + Self.keyBytes)]
                    .lexicographicallyPrecedes(rows[(b * Self.rowBytes)..<(b * Self.rowBytes + Self.keyBytes)])
            }
        }
        var seq = self.seq
        var previous = previousHash
        try pool.writeWithoutTransaction { db in
            try db.inTransaction(.immediate) {
                let form = try db.cachedStatement(sql: "INSERT INTO usage_form (form_id, key_id, sealed) VALUES (?, 1, ?)")
                let audit = try db.cachedStatement(sql: """
                    INSERT INTO audit_event (seq, at, role, action, outcome, form_hash, prev_hash, hash)
                    VALUES (?, NULL, 'advisor', 'form-filed', 'allowed', ?, ?, ?)
                    """)
                for i in order {
                    let base = i * Self.rowBytes
                    let key = Data(rows[base..<(base + Self.keyBytes)])
                    let blob = Data(rows[(base + Self.keyBytes)..<(base + Self.keyBytes + Self.blobBytes)])
                    let hash = Data(rows[(base + Self.keyBytes + Self.blobBytes)..<(base + Self.rowBytes)])
                    try form.execute(arguments: [key, blob])
                    seq += 1
                    // The form hash stands in for the blob's hash: the same 32 bytes of shape.
                    try audit.execute(arguments: [seq, Data(hash.reversed()), previous, hash])
                    previous = hash
                }
                return .commit
            }
        }
        self.seq = seq
        previousHash = previous
    }
}

/// Random bytes from the kernel (/dev/urandom), drawn in one go before a timed phase.
enum RandomBytes {
    static func draw(_ count: Int) throws -> [UInt8] {
        let fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw BenchError.mismatch("cannot open /dev/urandom: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: count)
        var filled = 0
        try bytes.withUnsafeMutableBytes { buffer in
            while filled < count {
                let got = read(fd, buffer.baseAddress! + filled, min(count - filled, 1 << 24))
                if got < 0 && errno == EINTR { continue }
                guard got > 0 else { throw BenchError.mismatch("cannot read /dev/urandom") }
                filled += got
            }
        }
        return bytes
    }
}
