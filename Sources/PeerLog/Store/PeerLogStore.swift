import Foundation
import GRDB

/// An open PeerLog database. All reads and writes of the program, roster and forms go through it.
///
/// Settings that are promises: WAL with `synchronous = FULL` (a committed form survives a crash),
/// `secure_delete = ON` (deleted content is overwritten), `temp_store = MEMORY` (SQLite's temp
/// files would be plaintext), write transactions `BEGIN IMMEDIATE` with a busy timeout (GRDB's
/// default for writes), files created 0600 in a 0700 directory.
public final class PeerLogStore: Sendable {
    public let path: String
    /// One connection for a command that runs and exits (opening a pool costs a second
    /// connection, a second parse of the schema and, with no write-ahead log on disk, a write of
    /// its own); a pool where reads must not wait for a write (`peerlog serve`).
    let database: any DatabaseWriter
    /// Things worth telling the person that happened after a change committed (a checkpoint that a
    /// long reader blocked, say): the change is done, so these are warnings, never failures.
    let warnings = WarningLog()
    /// Heads already seen to verify under the root (see `VerifiedSignatures`).
    let verifiedHeads = VerifiedSignatures()
    /// The sealing target last checked on the writer connection (see `SealingTargetMemo`).
    let sealingTargets = SealingTargetMemo()

    /// Opens an existing PeerLog database; never creates one.
    /// - Parameter concurrentReaders: true for a long-running service whose reads must not wait
    ///   for a write in this process; a command that runs once needs one connection.
    /// - Throws: `StoreError` when it is missing, foreign, newer, or cannot be opened.
    public init(openingExisting path: String, concurrentReaders: Bool = false) throws {
        try DatabaseFileCheck.checkExisting(path: path)
        self.path = path
        database = try Self.openDatabase(path: path, concurrentReaders: concurrentReaders)
        try Self.migrate(database, path: path)
    }

    /// Creates a new, empty PeerLog database at `path` (and its directory, 0700).
    /// - Throws: `StoreError.alreadyInitialised` if anything is already there.
    init(creating path: String) throws {
        let manager = FileManager.default
        // SQLite would create the file a link points to: a link at the name is refused, not followed.
        var info = stat()
        if lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFLNK { throw FileWriteError.symbolicLink(path: path) }
        if let size = (try? manager.attributesOfItem(atPath: path))?[.size] as? NSNumber {
            // An empty file is someone else's placeholder; a non-empty one may be a database.
            if size.intValue > 0 { throw StoreError.alreadyInitialised(path: path) }
            throw StoreError.notAPeerLogDatabase(path: path, what: "an empty file is already there")
        }
        FileCreation.restrictUmask()
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty, !manager.fileExists(atPath: directory) {
            do {
                try manager.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                            attributes: [.posixPermissions: 0o700])
            } catch {
                throw StoreError.cannotOpen(path: path, reason: "cannot create directory \(directory)")
            }
        }
        self.path = path
        database = try Self.openDatabase(path: path, concurrentReaders: false)
        try Self.migrate(database, path: path)
        try Self.mapErrors(path: path) {
            // Written once: setting it on every open would be a synced write per command.
            if try database.read({ db in try Int.fetchOne(db, sql: "PRAGMA application_id") }) != Int(Schema.applicationID) {
                try database.writeWithoutTransaction { db in
                    try db.execute(sql: "PRAGMA application_id = \(Schema.applicationID)")
                }
            }
        }
    }

    private static func openDatabase(path: String, concurrentReaders: Bool) throws -> any DatabaseWriter {
        FileCreation.restrictUmask()
        var config = Configuration()
        config.busyMode = .timeout(TimeInterval(Self.busyTimeoutMilliseconds) / 1000)
        config.foreignKeysEnabled = true
        config.prepareDatabase { db in
            try db.execute(sql: """
                PRAGMA secure_delete = ON;
                PRAGMA temp_store = MEMORY;
                PRAGMA synchronous = FULL;
                """)
        }
        do {
            if concurrentReaders {
                let pool = try DatabasePool(path: path, configuration: config)
                // GRDB sets `synchronous = NORMAL` on the writer when it enables WAL, after
                // `prepareDatabase` ran; NORMAL can lose the last commits on power loss.
                try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
                return pool
            }
            let queue = try DatabaseQueue(path: path, configuration: config)
            // The write-ahead log lets other processes read while one writes (a report while an
            // advisor files). The mode is kept in the file, so this writes only for a new one.
            try queue.writeWithoutTransaction { db in
                if try String.fetchOne(db, sql: "PRAGMA journal_mode") != "wal" {
                    guard try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL") == "wal" else {
                        throw StoreError.cannotOpen(path: path, reason: "its write-ahead log cannot be turned on")
                    }
                }
            }
            return queue
        } catch let error as DatabaseError {
            if error.resultCode == .SQLITE_NOTADB {
                throw StoreError.notAPeerLogDatabase(path: path, what: "it is not an SQLite database")
            }
            // A truncated or damaged file passes the header check and fails here.
            if error.resultCode == .SQLITE_CORRUPT {
                throw StoreError.cannotOpen(path: path, reason: "the database file is corrupt")
            }
            if [.SQLITE_FULL, .SQLITE_IOERR].contains(error.resultCode), DiskSpace.isFull(at: path) {
                throw StoreError.cannotOpen(path: path, reason: "the disk holding it is full")
            }
            throw StoreError.cannotOpen(path: path, reason: error.message ?? "\(error.resultCode)")
        }
    }

    private static func migrate(_ database: any DatabaseWriter, path: String) throws {
        try mapErrors(path: path) {
            // Nearly every open finds every migration applied: one query says so, and the migrator
            // is built only when it does not.
            let applied = try database.read { db in
                try db.tableExists("grdb_migrations") ? Set(String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")) : []
            }
            if applied == Schema.migrationNames { return }
            let migrator = Schema.migrator
            let superseded = try database.read { db in try migrator.hasBeenSuperseded(db) }
            if superseded {
                let count = try database.read { db in try migrator.appliedIdentifiers(db).count }
                throw StoreError.newerSchema(path: path, version: count)
            }
            try migrator.migrate(database)
        }
    }

    /// Runs `body`, turning SQLite errors into `StoreError` with the statement's arguments hidden.
    /// - Parameter path: the database, so that an I/O error on a full disk can be called that.
    static func mapErrors<T>(path: String? = nil, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError {
            if error.resultCode == .SQLITE_IOERR, let path, DiskSpace.isFull(at: path) {
                throw StoreError.sqlite("the disk is full; nothing was written")
            }
            switch error.resultCode {
            case .SQLITE_BUSY, .SQLITE_LOCKED:
                throw StoreError.sqlite("the database stayed locked by another PeerLog process; try again")
            case .SQLITE_READONLY:
                throw StoreError.cannotOpen(path: "the database", reason: "it is read-only")
            case .SQLITE_FULL:
                throw StoreError.sqlite("the disk is full; nothing was written")
            case .SQLITE_CORRUPT, .SQLITE_NOTADB:
                throw StoreError.sqlite("the database file is corrupt")
            default:
                throw StoreError.sqlite(error.message ?? "\(error.resultCode)")
            }
        }
    }

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        try Self.mapErrors(path: path) { try database.read(body) }
    }

    func write<T>(_ body: (Database) throws -> T) throws -> T {
        try Self.mapErrors(path: path) { try database.write(body) }
    }

    /// Writes the WAL back into the main file and truncates it.
    public func checkpoint() throws {
        _ = try Self.mapErrors(path: path) { try database.writeWithoutTransaction { db in try db.checkpoint(.truncate) } }
    }

    /// The checkpoint that follows a committed change, so that replaced wrapped keys or deleted
    /// forms do not linger in the write-ahead log. The change is already done: a reader that
    /// holds the log open (a backup, a replication tool) only postpones this, so it waits briefly
    /// and then leaves a warning instead of failing.
    func checkpointAfterCommit() {
        do {
            try database.writeWithoutTransaction { db in
                try Self.waitingAtMost(Self.afterCommitWaitMilliseconds, db) { _ = try db.checkpoint(.truncate) }
            }
        } catch {
            warnings.add("the change is saved, but another process was reading the database, so the replaced data may stay in its write-ahead log (\(path)-wal) until the next checkpoint; run 'peerlog verify' later to clear it")
        }
    }

    static let afterCommitWaitMilliseconds = 2000

    /// How long every connection waits for a lock held by another (FORMAT.md §2.1).
    static let busyTimeoutMilliseconds = 10_000

    /// Runs `body` with the connection's wait for locks held elsewhere set to `milliseconds`, then
    /// back to the usual `busyTimeoutMilliseconds`.
    static func waitingAtMost(_ milliseconds: Int, _ db: Database, _ body: () throws -> Void) throws {
        try db.execute(sql: "PRAGMA busy_timeout = \(milliseconds)")
        defer { try? db.execute(sql: "PRAGMA busy_timeout = \(busyTimeoutMilliseconds)") }
        try body()
    }

    /// The warnings collected since the last call (for the CLI to print).
    public func takeWarnings() -> [String] { warnings.take() }
}

/// A thread-safe list of warnings.
final class WarningLog: @unchecked Sendable {
    private let lock = NSLock()
    private var messages: [String] = []

    func add(_ message: String) {
        lock.lock()
        defer { lock.unlock() }
        if !messages.contains(message) { messages.append(message) }
    }

    func take() -> [String] {
        lock.lock()
        defer { lock.unlock() }
        defer { messages = [] }
        return messages
    }
}
