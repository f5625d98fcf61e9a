import GRDB
import Testing
@testable import PeerLog
@testable import PeerLogFormat

/// FORMAT.md §2.1 promises these settings on every connection. They are checked on the live
/// connections rather than trusted from `openPool`, because GRDB applies its own defaults when it
/// opens a pool (it sets `synchronous = NORMAL` after WAL is enabled, for instance).
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
        Self.checkPromised(try program.store.pool.writeWithoutTransaction { try Settings($0) })
    }

    @Test func everyConnectionOfAReopenedDatabase() throws {
        let program = try TestProgram()
        let reopened = try PeerLogStore(openingExisting: program.path)
        Self.checkPromised(try reopened.pool.writeWithoutTransaction { try Settings($0) })
        Self.checkPromised(try reopened.pool.read { try Settings($0) })
    }
}
