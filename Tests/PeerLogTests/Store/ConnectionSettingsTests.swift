import GRDB
import Testing
@testable import PeerLog
@testable import PeerLogFormat

/// FORMAT.md §2.1 promises these settings on every connection. They are checked on the live
/// connections rather than trusted from `openDatabase`, because GRDB applies its own defaults when
/// it opens a pool (it sets `synchronous = NORMAL` after WAL is enabled, for instance).
@Suite("Connection settings: what FORMAT.md §2.1 promises holds on every connection")
struct ConnectionSettingsTests {
    struct Settings: Equatable {
        let synchronous, secureDelete, tempStore, foreignKeys, busyTimeout: Int?
        let journalMode: String?

        init(_ db: Database) throws {
            synchronous = try Int.fetchOne(db, sql: "PRAGMA synchronous")
            secureDelete = try Int.fetchOne(db, sql: "PRAGMA secure_delete")
            tempStore = try Int.fetchOne(db, sql: "PRAGMA temp_store")
            foreignKeys = try Int.fetchOne(db, sql: "PRAGMA foreign_keys")
            busyTimeout = try Int.fetchOne(db, sql: "PRAGMA busy_timeout")
            journalMode = try String.fetchOne(db, sql: "PRAGMA journal_mode")
        }
    }

    /// FULL (2): a committed form is on disk before `file` returns, even if the power fails.
    static func checkPromised(_ settings: Settings) {
        #expect(settings.synchronous == 2, "synchronous must be FULL")
        #expect(settings.secureDelete == 1)
        #expect(settings.tempStore == 2, "temp_store must be MEMORY")
        #expect(settings.foreignKeys == 1)
        #expect(settings.busyTimeout == 10_000)
        #expect(settings.journalMode == "wal")
    }

    @Test func theWriterConnectionOfANewProgram() throws {
        let program = try TestProgram()
        Self.checkPromised(try program.store.database.writeWithoutTransaction { try Settings($0) })
    }

    /// A command's single connection and, for `serve`, the pool's writer and readers.
    @Test(arguments: [false, true]) func everyConnectionOfAReopenedDatabase(concurrentReaders: Bool) throws {
        let program = try TestProgram()
        let reopened = try PeerLogStore(openingExisting: program.path, concurrentReaders: concurrentReaders)
        #expect((reopened.database is DatabasePool) == concurrentReaders)
        Self.checkPromised(try reopened.database.writeWithoutTransaction { try Settings($0) })
        Self.checkPromised(try reopened.database.read { try Settings($0) })
    }
}
