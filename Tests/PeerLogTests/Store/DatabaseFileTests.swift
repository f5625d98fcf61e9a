import Foundation
import GRDB
import Testing
@testable import PeerLog
@testable import PeerLogFormat

@Suite("Opening databases: wrong files are refused without being touched")
struct DatabaseFileTests {
    func withDirectory(_ body: (String) throws -> Void) throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try body(dir)
    }

    @Test func missingDatabaseSaysSoAndCreatesNothing() throws {
        try withDirectory { dir in
            #expect(throws: StoreError.notInitialised(path: dir + "/none.db")) { try PeerLogStore(openingExisting: dir + "/none.db") }
            #expect(!FileManager.default.fileExists(atPath: dir + "/none.db"))
        }
    }

    @Test("foreign files are refused and left byte-for-byte unchanged",
          arguments: [("empty", [UInt8]()), ("random", (0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7919 &+ 13) }),
                      ("text", Array("name,notes\nann,hello\n".utf8))])
    func foreignFiles(name: String, content: [UInt8]) throws {
        try withDirectory { dir in
            let path = dir + "/" + name
            try #require(FileManager.default.createFile(atPath: path, contents: Data(content)))
            #expect(throws: StoreError.self) { try PeerLogStore(openingExisting: path) }
            #expect(rawBytes(path) == content)
            #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
        }
    }

    @Test func anotherProgramsSQLiteDatabaseIsRefused() throws {
        try withDirectory { dir in
            let path = dir + "/other.db"
            try DatabaseQueue(path: path).write { db in try db.execute(sql: "CREATE TABLE t (x); INSERT INTO t VALUES (1)") }
            let before = rawBytes(path)
            #expect(throws: StoreError.notAPeerLogDatabase(path: path, what: "it is an SQLite database of another program")) {
                try PeerLogStore(openingExisting: path)
            }
            #expect(rawBytes(path) == before)
        }
    }

    @Test func initRefusesToOverwrite() throws {
        let program = try TestProgram()
        #expect(throws: StoreError.alreadyInitialised(path: program.path)) {
            try PeerLogStore.createProgram(at: program.path, name: "Again", coordinator: "Capt. X",
                                           passphrase: secret(strong("some passphrase")), kdf: .minimum, today: TestProgram.today)
        }
        #expect(try program.store.programInfo().name == "Test Peer Support")
    }

    @Test func databaseFromANewerPeerLogIsRefused() throws {
        let program = try TestProgram()
        try DatabaseQueue(path: program.path).write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('999-from-the-future')")
        }
        #expect(throws: StoreError.newerSchema(path: program.path, version: Schema.migrations.count + 1)) { try PeerLogStore(openingExisting: program.path) }
    }

    @Test func newDirectoryIsPrivate() throws {
        try withDirectory { dir in
            let path = dir + "/nested/peerlog/peerlog.db"
            _ = try PeerLogStore.createProgram(at: path, name: "Nested", coordinator: "Capt. X",
                                               passphrase: secret(strong("some passphrase")), kdf: .minimum, today: TestProgram.today)
            let mode = try #require(try FileManager.default.attributesOfItem(atPath: dir + "/nested/peerlog")[.posixPermissions] as? NSNumber)
            #expect(mode.intValue == 0o700)
            let reopened = try PeerLogStore(openingExisting: path)
            #expect(try reopened.programInfo().name == "Nested")
        }
    }

    @Test func schemaFileIsTheSourceOfTheMigrations() throws {
        let here = URL(fileURLWithPath: #filePath)
        let root = here.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let onDisk = try String(contentsOf: root.appendingPathComponent("schema.sql"), encoding: .utf8)
        #expect(onDisk == Schema.sql)
        #expect(Schema.migrations.map(\.name).first == "001-core")
    }
}
