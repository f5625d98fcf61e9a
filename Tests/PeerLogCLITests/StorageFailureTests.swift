import Foundation
import GRDB
import Testing

/// The database cannot be created, is missing, read-only, too new or damaged: each is exit 74 with
/// a message that says which, and nothing is left half-written.
@Suite("Storage failures: exit 74, a clear message, nothing half-written")
struct StorageFailureTests {
    static let filing = ["file", "--advisor", "Sgt. Ana Ortiz", "--incident", "other", "--intervention", "one-on-one"]

    func contents(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }

    func listing(_ directory: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
    }

    /// A parent that is a regular file stops everyone, root included.
    @Test("init under a path whose parent is a regular file", arguments: ["afile/peerlog.db", "afile/peerlog/peerlog.db"])
    func initUnderARegularFile(relativePath: String) throws {
        let cli = try PeerLogRunner()
        let coordinator = try cli.secretFile("coordinator.pass", strong("coordinator passphrase"))
        let blocker = try cli.secretFile("afile", "not a directory")
        let before = try listing(cli.home)
        let db = cli.home + "/" + relativePath
        let result = try cli.run(["init", "--db", db, "--program", "Joplin PD Peer Support", "--coordinator", "Capt. Dana Reyes",
                                  "--new-passphrase-file", coordinator, "--kdf", "interactive"])
        #expect(result.status == 74)
        #expect(result.stderr.hasPrefix("peerlog: error: cannot open \(db): "), "\(result.stderr)")
        #expect(result.stdout.isEmpty, "a recovery code was shown for a program that does not exist")
        #expect(contents(blocker) == Data("not a directory\n".utf8))
        #expect(try listing(cli.home) == before)
    }

    @Test(.enabled(if: OrdinaryUser.available, "needs an ordinary user: root ignores permission bits"))
    func initInAReadOnlyDirectory() throws {
        let cli = try PeerLogRunner()
        let coordinator = try cli.secretFile("coordinator.pass", strong("coordinator passphrase"))
        let locked = cli.home + "/locked"
        try FileManager.default.createDirectory(atPath: locked, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o500])
        let db = locked + "/peerlog.db"
        let result = try cli.runAsOrdinaryUser(["init", "--db", db, "--program", "Joplin PD Peer Support",
                                                "--coordinator", "Capt. Dana Reyes", "--new-passphrase-file", coordinator,
                                                "--kdf", "interactive"])
        #expect(result.status == 74)
        #expect(result.stderr.hasPrefix("peerlog: error: cannot open \(db): "), "\(result.stderr)")
        #expect(result.stdout.isEmpty, "a recovery code was shown for a program that does not exist")
        #expect(try listing(locked).isEmpty)
    }

    /// Refused before SQLite opens it: SQLite would open the file read-only and create `-wal` and
    /// `-shm` with the file's read-only mode, and a read-only `-shm` left behind breaks every later
    /// open, even once the file is writable again.
    @Test(.enabled(if: OrdinaryUser.available, "needs an ordinary user: root ignores permission bits"))
    func filingIntoAReadOnlyDatabase() throws {
        let cli = try PeerLogRunner()
        let (coordinator, advisor) = try cli.setUpProgram()
        try #require(try cli.run(Self.filing + ["--passphrase-file", advisor]).status == 0)
        chmod(cli.db, 0o400)
        let before = contents(cli.db)
        let result = try cli.runAsOrdinaryUser(Self.filing + ["--passphrase-file", advisor])
        #expect(result.status == 74)
        #expect(result.stderr.hasPrefix("peerlog: error: cannot open \(cli.db): it is read-only"), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(contents(cli.db) == before)
        #expect(!FileManager.default.fileExists(atPath: cli.db + "-shm"))
        #expect(!FileManager.default.fileExists(atPath: cli.db + "-wal"))

        chmod(cli.db, 0o600)
        let report = try cli.runAsOrdinaryUser(["report", "--format", "json", "--passphrase-file", coordinator])
        try #require(report.status == 0, "once writable again, the database works: \(report.stderr)")
        #expect(try ReportJSON(report.stdout).total == 1)
    }

    @Test("a missing database directory is reported, not created, by every command but init",
          arguments: [["advisor", "list"], StorageFailureTests.filing + ["--passphrase-file", "/nonexistent"], ["report", "--passphrase-file", "/nonexistent"],
                      ["audit", "verify"]])
    func missingDirectory(command: [String]) throws {
        let cli = try PeerLogRunner()
        let db = cli.home + "/missing/dir/peerlog.db"
        let result = try cli.run(["--db", db] + command)
        #expect(result.status == 74)
        #expect(result.stderr.hasPrefix("peerlog: error: no PeerLog program is set up at \(db)\n"), "\(result.stderr)")
        // Only the coordinator (a passphrase and no advisor named) is pointed at init as the thing to do.
        if command.contains("--passphrase-file"), !command.contains("--advisor") {
            #expect(result.stderr.contains("peerlog: hint: set one up with 'peerlog init"), "\(result.stderr)")
        } else {
            #expect(result.stderr.contains("ask the Program Coordinator for the program's database path"), "\(result.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: cli.home + "/missing"))
    }

    @Test func databaseFromANewerPeerLogIsRefusedUntouched() throws {
        let cli = try PeerLogRunner()
        let (coordinator, advisor) = try cli.setUpProgram()
        try #require(try cli.run(Self.filing + ["--passphrase-file", advisor]).status == 0)
        try DatabaseQueue(path: cli.db).write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('999-from-a-newer-peerlog')")
        }
        let before = try DatabaseFacts(path: cli.db)
        for command in [["advisor", "list"], Self.filing + ["--passphrase-file", advisor],
                        ["report", "--passphrase-file", coordinator]] {
            let result = try cli.run(command)
            #expect(result.status == 74, "\(command[0]): \(result.stderr)")
            #expect(result.stderr.hasPrefix("peerlog: error: \(cli.db) was written by a newer PeerLog"), "\(result.stderr)")
            #expect(result.stderr.contains("peerlog: hint: upgrade PeerLog"))
            #expect(result.stdout.isEmpty)
        }
        #expect(try DatabaseFacts(path: cli.db) == before)
    }

    @Test func truncatedDatabaseIsCalledCorruptAndLeftAsItIs() throws {
        let cli = try PeerLogRunner()
        let (coordinator, advisor) = try cli.setUpProgram()
        try #require(try cli.run(Self.filing + ["--passphrase-file", advisor]).status == 0)
        // Everything is in the main file once the last connection has closed.
        try #require(!FileManager.default.fileExists(atPath: cli.db + "-wal"))
        try #require(truncate(cli.db, 4096) == 0)
        let before = contents(cli.db)
        for command in [["advisor", "list"], Self.filing + ["--passphrase-file", advisor],
                        ["report", "--passphrase-file", coordinator], ["audit", "verify"]] {
            let result = try cli.run(command)
            #expect(result.status == 74, "\(command[0]): \(result.stderr)")
            #expect(result.stderr.hasPrefix("peerlog: error: "))
            #expect(result.stderr.contains("corrupt") || result.stderr.contains("not a PeerLog database"), "\(result.stderr)")
            #expect(result.stdout.isEmpty)
        }
        #expect(contents(cli.db) == before)
    }
}
