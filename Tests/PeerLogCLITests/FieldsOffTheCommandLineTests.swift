import Foundation
import GRDB
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A form's fields and a member's name never need to be arguments, which every user of a shared
/// host reads in `/proc/PID/cmdline` and the shell keeps in its history: `peerlog file` asks for
/// them at a terminal, or reads `key=value` lines from standard input.
@Suite("Form fields and names stay off the command line")
struct FieldsOffTheCommandLineTests {
    static let fields = ["Sgt. Ana Ortiz", "critical-incident", "group-support", "2026-11-29"]

    /// Fields on standard input; while `peerlog file` waits for the write lock (held by the test),
    /// its arguments show none of them.
    @Test func fieldsOnStandardInputAreFiledAndNeverInTheArguments() throws {
        let cli = try PeerLogRunner()
        let (coordinator, advisor) = try cli.setUpProgram()
        let input = try cli.secretFile("fields.txt", """
            advisor=Sgt. Ana Ortiz
            incident=critical-incident
            intervention=group-support
            at=2026-11-29 08:15
            """)
        let database = try DatabaseQueue(path: cli.db)
        let child: ChildProcess = try database.inDatabase { db in
            try db.execute(sql: "BEGIN IMMEDIATE")
            defer { try? db.execute(sql: "ROLLBACK") }
            let child = try cli.start(["file", "--passphrase-file", advisor], tag: "stdin-filer", standardInput: input)
            // It reads the fields and the passphrase, unlocks, then waits for the lock held here.
            try #require(SecretExposureTests.waitUntil(within: 10) {
                (try? SecretExposureTests.procFile(child.pid, "cmdline"))?.contains(Array("file".utf8)) == true
            })
            usleep(500_000)
            let cmdline = try SecretExposureTests.procFile(child.pid, "cmdline")
            #expect(cmdline.contains(Array("--passphrase-file".utf8)), "cmdline was not read")
            for field in Self.fields + ["Ana"] {
                #expect(!cmdline.contains(Array(field.utf8)), "the arguments show '\(field)'")
            }
            return child
        }
        let outcome = child.wait()
        #expect(outcome.exitStatus == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("Filed."))
        let report = try cli.run(["report", "--by", "month", "--format", "csv", "--passphrase-file", coordinator])
        #expect(report.stdout.contains("type,2026-11,critical-incident,group-support,,1"), "\(report.stdout)")
    }

    /// At a terminal: numbered menus, the time offered as now; answers typed, nothing in the
    /// arguments but the passphrase file.
    @Test func fieldsAreAskedForAtATerminal() throws {
        let cli = try PeerLogRunner()
        let (coordinator, advisor) = try cli.setUpProgram()
        var master: Int32 = 0, slave: Int32 = 0
        try #require(openpty(&master, &slave, nil, nil, nil) == 0, "no pseudo-terminal here")
        defer { close(master); close(slave) }
        let device = try #require(ttyname(slave).map { String(cString: $0) })
        // The roster's one active advisor is 1; critical-incident is the 9th incident type and
        // group-support the 4th kind of support (the order of `peerlog types`).
        let answers = Array("1\n9\n4\n2026-11-29 08:15\n".utf8)
        try #require(write(master, answers, answers.count) == answers.count)
        let outcome = try cli.start(["file", "--passphrase-file", advisor], tag: "tty-filer", standardInput: device).wait()
        #expect(outcome.exitStatus == 0, "\(outcome.stderr)")
        let prompts: String = outcome.stderr
        #expect(prompts.contains("Type of incident:"), "\(prompts)")
        #expect(prompts.contains("Kind of support:"))
        #expect(prompts.contains("America/Chicago"), "the prompt names the time zone")
        let report = try cli.run(["report", "--by", "month", "--format", "csv", "--passphrase-file", coordinator])
        #expect(report.stdout.contains("type,2026-11,critical-incident,group-support,,1"), "\(report.stdout)")
    }

    @Test func aMissingFieldOnStandardInputIsNamedAndNothingIsFiled() throws {
        let cli = try PeerLogRunner()
        let (coordinator, advisor) = try cli.setUpProgram()
        let input = try cli.secretFile("partial.txt", "advisor=Sgt. Ana Ortiz\nincident=critical-incident\n")
        let outcome = try cli.start(["file", "--passphrase-file", advisor], tag: "partial", standardInput: input).wait()
        #expect(outcome.exitStatus == 64)
        #expect(outcome.stderr.contains("missing: intervention"), "\(outcome.stderr)")
        #expect(!outcome.stderr.contains("critical-incident"), "the error repeated a field")
        let report = try cli.run(["report", "--format", "json", "--passphrase-file", coordinator])
        #expect(try ReportJSON(report.stdout).total == 0)
    }

    /// The coordinator's question about a member: the name on standard input gets the answer that
    /// no record exists, and is neither an argument nor written anywhere.
    @Test func aMembersNameOnStandardInputIsAnsweredAndNotKept() throws {
        let cli = try PeerLogRunner()
        let (coordinator, _) = try cli.setUpProgram()
        let input = try cli.secretFile("question.txt", "member=Quentin Zebrowski\n")
        let outcome = try cli.start(["query", "usage", "--passphrase-file", coordinator], tag: "question", standardInput: input).wait()
        #expect(outcome.exitStatus == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("does not record who receives peer support"))
        let bytes = [UInt8](FileManager.default.contents(atPath: cli.db) ?? Data())
            + [UInt8](FileManager.default.contents(atPath: cli.db + "-wal") ?? Data())
        #expect(!bytes.contains(Array("Zebrowski".utf8)))
    }
}
