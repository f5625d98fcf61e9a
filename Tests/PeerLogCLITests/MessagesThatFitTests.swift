import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// What each person is told when something is missing or mistyped: the message fits who they are
/// and says what to do next. At the coordinator's own terminal, commands that only the
/// coordinator can take further ask for the passphrase instead of needing an option.
@Suite("Messages that fit the person")
struct MessagesThatFitTests {
    // MARK: A missing database

    @Test func anAdvisorWithoutTheDatabaseIsToldToAskTheCoordinatorNotToRunInit() throws {
        let cli = try PeerLogRunner()
        let filed = try cli.run(["file", "--incident", "other", "--intervention", "one-on-one"])
        #expect(filed.status == 74)
        #expect(filed.stderr.contains("no PeerLog program is set up at"))
        #expect(filed.stderr.contains("ask the Program Coordinator for the program's database path"), "\(filed.stderr)")
        #expect(filed.stderr.contains("do not set up a program of your own"))
        #expect(!filed.stderr.contains("peerlog init"), "an advisor was told to set up a program: \(filed.stderr)")
        #expect(!FileManager.default.fileExists(atPath: cli.db), "a database was created")
    }

    @Test func commandStaffWithoutTheDatabaseAreToldToAskTheCoordinator() throws {
        let cli = try PeerLogRunner()
        let credential = try cli.secretFile("chief.cred", "ABCD-EFGH")
        let read = try cli.run(["report", "latest", "--credential-file", credential])
        #expect(read.status == 74)
        #expect(read.stderr.contains("ask the Program Coordinator for the program's database path"), "\(read.stderr)")
        #expect(!read.stderr.contains("peerlog init"))
    }

    @Test func theCoordinatorWithoutTheDatabaseIsPointedAtInit() throws {
        let cli = try PeerLogRunner()
        let coordinator = try cli.secretFile("coordinator.pass", strong("coordinator passphrase"))
        let shown = try cli.run(["report", "--passphrase-file", coordinator])
        #expect(shown.status == 74)
        #expect(shown.stderr.contains("peerlog init"), "\(shown.stderr)")
    }

    @Test func someoneUnknownWithoutTheDatabaseIsToldBoth() throws {
        let cli = try PeerLogRunner()
        let listed = try cli.run(["advisor", "list"])
        #expect(listed.status == 74)
        #expect(listed.stderr.contains("advisors and command staff: ask the Program Coordinator"), "\(listed.stderr)")
        #expect(listed.stderr.contains("The Program Coordinator sets up a new program with 'peerlog init'"))
    }

    // MARK: A missing or wrong secret

    @Test func commandStaffWhoForgetTheirCredentialAreToldSoNotReferred() throws {
        let cli = try PeerLogRunner()
        _ = try cli.setUpProgram()
        for arguments in [["report", "latest"], ["report", "request", "--from", "2026-01-01", "--to", "2026-03-31"]] {
            let asked = try cli.run(arguments)
            #expect(asked.status == 77, "\(arguments): \(asked.stderr)")
            #expect(asked.stderr.contains("this needs your command-staff credential"), "\(asked.stderr)")
            #expect(asked.stderr.contains("--credential-file PATH"))
            #expect(!asked.stdout.contains("go to the Program Coordinator"), "referred instead of told about the credential")
        }
    }

    @Test func anAdvisorWhoForgetsToNameThemselvesIsToldHow() throws {
        let cli = try PeerLogRunner()
        let (_, advisor) = try cli.setUpProgram()
        let filed = try cli.run(["file", "--incident", "other", "--intervention", "one-on-one", "--passphrase-file", advisor])
        #expect(filed.status == 77)
        #expect(filed.stderr.contains("--advisor NAME"), "\(filed.stderr)")
    }

    @Test func aWrongAdvisorPassphraseAndARetiredAdvisorSayWhatToDoNext() throws {
        let cli = try PeerLogRunner()
        let (coordinator, _) = try cli.setUpProgram()
        let wrong = try cli.secretFile("wrong.pass", "not her passphrase at all")
        let fields = ["--incident", "other", "--intervention", "one-on-one"]
        let mistyped = try cli.run(["file", "--advisor", "Sgt. Ana Ortiz", "--passphrase-file", wrong] + fields)
        #expect(mistyped.status == 77)
        #expect(mistyped.stderr.contains("hint: check Caps Lock and try again"), "\(mistyped.stderr)")
        #expect(try cli.run(["advisor", "retire", "Sgt. Ana Ortiz", "--passphrase-file", coordinator]).status == 0)
        let retired = try cli.run(["file", "--advisor", "Sgt. Ana Ortiz", "--passphrase-file", wrong] + fields)
        #expect(retired.status == 77)
        #expect(retired.stderr.contains("ask the Program Coordinator to enrol you again"), "\(retired.stderr)")
    }

    @Test func anExistingBackupNameIsNotCalledAProgram() throws {
        let cli = try PeerLogRunner()
        _ = try cli.setUpProgram()
        let taken = try cli.secretFile("taken.db", "something else")
        let backup = try cli.run(["backup", taken])
        #expect(backup.status == 74)
        #expect(backup.stderr.contains("already exists; a backup never overwrites a file"), "\(backup.stderr)")
        #expect(backup.stderr.contains("give a new name"))
        #expect(!backup.stderr.contains("--db"), "told to use another database path: \(backup.stderr)")
        #expect(FileManager.default.contents(atPath: taken) == Data("something else\n".utf8))
    }

    @Test func retentionOffSaysWhatHappensToFormsNow() throws {
        let cli = try PeerLogRunner()
        let (coordinator, _) = try cli.setUpProgram()
        let off = try cli.run(["settings", "retention", "off", "--passphrase-file", coordinator])
        #expect(off.status == 0, "\(off.stderr)")
        #expect(off.stdout.contains("forms are kept until you purge them"), "\(off.stdout)")
        #expect(off.stdout.contains("peerlog settings retention 3y"))
    }

    // MARK: At the coordinator's terminal

    /// A pseudo-terminal the child takes as its controlling terminal; `answer` waits for a prompt
    /// and types a line, as a person at the desk would.
    final class Desk {
        var master: Int32 = -1
        var slave: Int32 = -1
        var seen = ""
        let device: String

        init() throws {
            guard openpty(&master, &slave, nil, nil, nil) == 0, let name = ttyname(slave) else { throw SetUpFailed(step: "openpty", stderr: "") }
            device = String(cString: name)
            _ = fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK)
        }

        deinit { close(master); close(slave) }

        /// Reads what the terminal shows until `prompt` appears (at most 20 s), then types `line`.
        func answer(_ prompt: String, with line: String) -> Bool {
            // Generous: under a full parallel test run a debug build's start and a key derivation
            // can take many seconds before the next prompt.
            let deadline = Date().addingTimeInterval(90)
            while !seen.contains(prompt), Date() < deadline {
                var buffer = [UInt8](repeating: 0, count: 4096)
                let n = read(master, &buffer, buffer.count)
                if n > 0 { seen += String(decoding: buffer[0..<n], as: UTF8.self) } else { usleep(20_000) }
            }
            guard seen.contains(prompt) else { return false }
            seen = seen.components(separatedBy: prompt).dropFirst().joined(separator: prompt)
            let bytes = Array((line + "\n").utf8)
            return write(master, bytes, bytes.count) == bytes.count
        }
    }

    /// The child's outcome; a child still waiting at its prompt after a missed answer is stopped,
    /// so that a failed expectation fails the test instead of hanging the run.
    static func finish(_ child: ChildProcess) -> ChildProcess.Outcome {
        if let outcome = child.wait(timeout: 120) { return outcome }
        Issue.record("the command was still running two minutes after its last answer; stopped")
        return child.wait()
    }

    @Test func queryUsageAtTheCoordinatorsTerminalAsksForThePassphrase() throws {
        let cli = try PeerLogRunner()
        let (_, advisor) = try cli.setUpProgram()
        #expect(try cli.run(["file", "--advisor", "Sgt. Ana Ortiz", "--passphrase-file", advisor, "--incident", "other",
                             "--intervention", "one-on-one", "--at", "2026-01-05 10:00"]).status == 0)
        let desk = try Desk()
        let child = try cli.start(["query", "usage", "--about-advisor", "Sgt. Ana Ortiz", "--format", "csv"], tag: "desk",
                                  standardInput: desk.device, controllingTerminal: true)
        #expect(desk.answer("press Enter if you are not the coordinator): ", with: "not the passphrase"))
        // The wrong one is refused and the same question asked again.
        #expect(desk.answer("press Enter if you are not the coordinator): ", with: strong("coordinator passphrase")))
        let outcome = Self.finish(child)
        #expect(outcome.exitStatus == 0, "\(outcome.stderr)")
        #expect(outcome.stderr.contains("that passphrase is not correct; try again (2 tries left)"), "\(outcome.stderr)")
        #expect(outcome.stdout.contains("type,2026-01,other,one-on-one,,1"), "\(outcome.stdout)")
    }

    @Test func anyoneElseAtATerminalPressesEnterAndIsReferred() throws {
        let cli = try PeerLogRunner()
        _ = try cli.setUpProgram()
        let desk = try Desk()
        let child = try cli.start(["query", "usage"], tag: "desk", standardInput: desk.device, controllingTerminal: true)
        #expect(desk.answer("press Enter if you are not the coordinator): ", with: ""))
        let outcome = Self.finish(child)
        #expect(outcome.exitStatus == 3, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("go to the Program Coordinator, Capt. Dana Reyes"))
    }

    @Test func verifyAtTheCoordinatorsTerminalOpensEveryForm() throws {
        let cli = try PeerLogRunner()
        let (_, advisor) = try cli.setUpProgram()
        #expect(try cli.run(["file", "--advisor", "Sgt. Ana Ortiz", "--passphrase-file", advisor, "--incident", "other",
                             "--intervention", "one-on-one"]).status == 0)
        let desk = try Desk()
        let child = try cli.start(["verify"], tag: "desk", standardInput: desk.device, controllingTerminal: true)
        #expect(desk.answer("press Enter if you are not the coordinator): ", with: strong("coordinator passphrase")))
        let outcome = Self.finish(child)
        #expect(outcome.exitStatus == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("1 opened and signature-checked"), "\(outcome.stdout)")
    }

    @Test func aPassphraseMistypedThreeTimesIsRefusedAndNothingChanges() throws {
        let cli = try PeerLogRunner()
        _ = try cli.setUpProgram()
        let desk = try Desk()
        let child = try cli.start(["advisor", "retire", "Sgt. Ana Ortiz"], tag: "desk", standardInput: desk.device, controllingTerminal: true)
        for typed in ["wrong one", "wrong two", "wrong three"] {
            #expect(desk.answer("not the coordinator): ", with: typed))
        }
        let outcome = Self.finish(child)
        #expect(outcome.exitStatus == 77)
        #expect(outcome.stderr.contains("the coordinator passphrase is not correct"))
        let roster = try cli.run(["advisor", "list", "--format", "csv"])
        #expect(roster.stdout.contains("Sgt. Ana Ortiz,active"), "\(roster.stdout)")
    }
}
