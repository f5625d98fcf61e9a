import Foundation
import GRDB
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Passphrases reach PeerLog only through a file or a terminal, never through the process's
/// arguments or environment, which other local users and crash reporters can read
/// (`/proc/<pid>/cmdline`, `/proc/<pid>/environ`, `ps`).
@Suite("Secrets stay out of a running process's arguments and environment")
struct SecretExposureTests {
    /// An advisor files while the test holds SQLite's write lock, so `peerlog file` stays alive,
    /// waiting, after it has read the passphrase and unlocked the key. The passphrase comes through
    /// a named pipe, so the test knows exactly when it has been read.
    @Test func aFilingProcessHoldingThePassphraseShowsItNowhereInProc() throws {
        let cli = try PeerLogRunner()
        _ = try cli.setUpProgram()
        let passphrase = strong("ana's own passphrase")
        let fifoPath = cli.home + "/passphrase.fifo"
        try #require(mkfifo(fifoPath, 0o600) == 0)
        // As /proc shows it: no doubled slashes, no symbolic links.
        let fifo = URL(fileURLWithPath: fifoPath).resolvingSymlinksInPath().path

        let child = try cli.start(["file", "--advisor", "Sgt. Ana Ortiz", "--incident", "other", "--intervention", "one-on-one",
                                   "--passphrase-file", fifo], tag: "fifo-filer")
        // The child opens the pipe for reading once it is ready for the passphrase.
        let writer = try Self.openForWriting(fifo, within: 30)
        // peerlog makes itself non-dumpable, so only root may list its files or read its
        // environment; for anyone else those reads fail, which is the stronger guarantee.
        let privileged = geteuid() == 0
        if privileged {
            try #require(Self.waitUntil(within: 10) { Self.openFiles(of: child.pid).contains(fifo) }, "cannot see the child's open files")
        }
        let database = try DatabaseQueue(path: cli.db)
        try database.inDatabase { db in
            try db.execute(sql: "BEGIN IMMEDIATE")
            defer { try? db.execute(sql: "ROLLBACK") }
            let line = Array((passphrase + "\n").utf8)
            try #require(write(writer, line, line.count) == line.count)
            close(writer)
            // Read, key unlocked, now waiting for the write lock (up to its 10 s busy timeout):
            // the pipe is closed and the process alive.
            if privileged {
                try #require(Self.waitUntil(within: 10) { !Self.openFiles(of: child.pid).contains(fifo) })
            } else {
                usleep(1_000_000)
            }
            try #require(kill(child.pid, 0) == 0, "peerlog file ended before it could be inspected")

            let cmdline = try Self.procFile(child.pid, "cmdline")
            #expect(cmdline.contains(Array("Sgt. Ana Ortiz".utf8)), "cmdline was not read: \(cmdline.count) bytes")
            for fragment in [passphrase, "ana's own", "coordinator passphrase"] {
                #expect(!cmdline.contains(Array(fragment.utf8)), "cmdline shows '\(fragment)'")
            }
            if privileged {
                let environ = try Self.procFile(child.pid, "environ")
                #expect(environ.contains(Array("TZ=America/Chicago".utf8)), "environ was not read: \(environ.count) bytes")
                for fragment in [passphrase, "ana's own", "coordinator passphrase"] {
                    #expect(!environ.contains(Array(fragment.utf8)), "environ shows '\(fragment)'")
                }
            } else {
                #expect(throws: (any Error).self, "another user could read the environment") { try Self.procFile(child.pid, "environ") }
            }
            // A crash must not write the unlocked key to disk: no core dumps for this process.
            let limits = String(decoding: try Self.procFile(child.pid, "limits"), as: UTF8.self)
            let core = limits.split(separator: "\n").first { $0.hasPrefix("Max core file size") }
            #expect(core?.split(separator: " ", omittingEmptySubsequences: true).dropFirst(4).prefix(2) == ["0", "0"],
                    "\(core ?? "no core limit line")")
        }
        let outcome = child.wait()
        #expect(outcome.exitStatus == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("Filed."))
        #expect(!outcome.stderr.contains(passphrase) && !outcome.stdout.contains(passphrase))
        #expect(try DatabaseFacts(path: cli.db).forms == 1)
    }

    /// No command has an option that takes a secret as its value: every option about a
    /// passphrase, credential, key or recovery code names a file. Read from the command tree
    /// itself, so a new command is covered without editing this test.
    @Test func noOptionOfAnyCommandTakesASecretAsItsValue() throws {
        let dump = try PeerLogRunner().run(["--experimental-dump-help"])
        try #require(dump.status == 0, "\(dump.stderr)")
        let root = try #require(try JSONSerialization.jsonObject(with: Data(dump.stdout.utf8)) as? [String: Any])
        var secretOptions: [String] = []
        var offending: [String] = []
        func walk(_ command: [String: Any], _ path: String) {
            for argument in command["arguments"] as? [[String: Any]] ?? [] where argument["kind"] as? String != "flag" {
                let names = (argument["names"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
                let label = (names + [argument["valueName"] as? String ?? ""]).joined(separator: "/")
                guard ["passphrase", "password", "secret", "credential", "recovery", "key", "token", "pin"]
                    .contains(where: { label.lowercased().contains($0) }) else { continue }
                secretOptions.append("\(path) \(label)")
                let namesAFile = names.allSatisfy { $0.hasSuffix("-file") } && !names.isEmpty && argument["valueName"] as? String == "path"
                if !namesAFile { offending.append("\(path) \(label)") }
            }
            for sub in command["subcommands"] as? [[String: Any]] ?? [] {
                walk(sub, path + " " + (sub["commandName"] as? String ?? "?"))
            }
        }
        walk(try #require(root["command"] as? [String: Any]), "peerlog")
        #expect(offending == [], "options that would put a secret in the process arguments: \(offending)")
        // The walk saw the options it guards (so an empty list above means something).
        #expect(secretOptions.contains("peerlog file passphrase-file/path"))
        #expect(secretOptions.contains("peerlog recover recovery-code-file/path"))
        #expect(secretOptions.contains { $0.hasPrefix("peerlog access grant credential-file") })
    }

    /// Every way a secret can be refused (wrong, too weak, mistyped, not a credential) ends in an
    /// error that names the problem and never the secret: not in the message, the hint, or any
    /// other output.
    @Test func refusedSecretsAreNeverEchoed() throws {
        let cli = try PeerLogRunner()
        let (coordinator, _) = try cli.setUpProgram()
        // Each secret carries a distinctive token, so a partial echo shows too.
        let cases: [(what: String, secret: String, arguments: (String) -> [String])] = [
            ("a wrong advisor passphrase", "wrong advisor ZQXJ passphrase",
             { ["file", "--advisor", "Sgt. Ana Ortiz", "--incident", "other", "--intervention", "one-on-one", "--passphrase-file", $0] }),
            ("a wrong coordinator passphrase", "wrong coordinator ZQXJ passphrase", { ["report", "--passphrase-file", $0] }),
            ("a new advisor passphrase that is too short", "ZQXJ1", {
                ["advisor", "add", "Ofc. Ben Carter", "--passphrase-file", coordinator, "--advisor-passphrase-file", $0] }),
            ("a new advisor passphrase that is easy to guess", "Password ZQXJ 2024", {
                ["advisor", "add", "Ofc. Ben Carter", "--passphrase-file", coordinator, "--advisor-passphrase-file", $0] }),
            ("a new coordinator passphrase with a tab", "new\tZQXJ coordinator passphrase", {
                ["passphrase", "change", "--passphrase-file", coordinator, "--new-passphrase-file", $0] }),
            ("a mistyped recovery code", "TKXH-PWVG-282A-QBCE-43FD-6PDJ-GAHD-ZQXJ", {
                ["recover", "--recovery-code-file", $0, "--new-passphrase-file", coordinator] }),
            ("a recovery code of the wrong length", "ZQXJ-ZQXJ", {
                ["recover", "--recovery-code-file", $0, "--new-passphrase-file", coordinator] }),
            ("a made-up command-staff credential", "plc1-ZQXJ-not-a-credential-at-all", { ["report", "latest", "--credential-file", $0] }),
        ]
        for (index, example) in cases.enumerated() {
            let file = try cli.secretFile("secret-\(index)", example.secret)
            let result = try cli.run(example.arguments(file))
            #expect(result.status != 0, "\(example.what) was accepted")
            #expect(!result.stderr.isEmpty, "\(example.what): no error message")
            let output = result.stdout + result.stderr
            for fragment in [example.secret, "ZQXJ"] {
                #expect(!output.contains(fragment), "\(example.what): the output shows '\(fragment)': \(output)")
            }
        }
    }

    static func openForWriting(_ fifo: String, within seconds: Double) throws -> Int32 {
        var fd: Int32 = -1
        let opened = waitUntil(within: seconds) {
            fd = open(fifo, O_WRONLY | O_NONBLOCK | O_CLOEXEC)
            return fd >= 0
        }
        guard opened else { throw POSIXError(.ETIMEDOUT) }
        // Back to blocking writes; a few bytes always fit in the pipe.
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        return fd
    }

    static func waitUntil(within seconds: Double, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(10_000)
        }
        return condition()
    }

    /// The paths a process has open, from /proc/<pid>/fd.
    static func openFiles(of pid: pid_t) -> [String] {
        let directory = "/proc/\(pid)/fd"
        return ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).compactMap {
            try? FileManager.default.destinationOfSymbolicLink(atPath: directory + "/" + $0)
        }
    }

    static func procFile(_ pid: pid_t, _ name: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/\(name)") else {
            throw CocoaError(.fileReadNoPermission, userInfo: [NSFilePathErrorKey: "/proc/\(pid)/\(name)"])
        }
        return [UInt8](data)
    }
}
