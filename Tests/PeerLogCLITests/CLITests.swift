import Foundation
import Testing

@Suite("peerlog, run as a person would: stdout, stderr, exit status")
struct CLITests {
    @Test func helpExplainsTheProgramAndExitsZero() throws {
        let cli = try PeerLogRunner()
        let help = try cli.run(["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("SOG 2-13"))
        #expect(help.stdout.contains("file"))
        let fileHelp = try cli.run(["file", "--help"])
        #expect(fileHelp.status == 0)
        #expect(fileHelp.stdout.contains("--incident"))
        let words = fileHelp.stdout.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
        #expect(words.contains("There is no place for the member's name or for notes"))
    }

    /// A new passphrase that is easy to guess is refused before anything is created, with what
    /// makes it weak (never the passphrase) and what to do instead.
    @Test func easilyGuessedPassphraseIsRefusedWithAHint() throws {
        let cli = try PeerLogRunner()
        let weak = try cli.secretFile("weak.pass", "Password123!")
        let result = try cli.run(["init", "--program", "Joplin PD Peer Support", "--coordinator", "Capt. Dana Reyes",
                                  "--new-passphrase-file", weak, "--kdf", "interactive"])
        #expect(result.status == 65)
        #expect(result.stderr == """
            peerlog: error: passphrase refused: it is made of a common password, a sequence and a few other characters
            peerlog: hint: use four or more random, unrelated words, like 'walnut glacier anchor velvet' (choose your own)

            """)
        #expect(result.stdout.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: cli.db))
    }

    @Test func wholeJourneyFromInitToReport() throws {
        let cli = try PeerLogRunner()
        let (coordinator, advisor) = try cli.setUpProgram()
        let initAgain = try cli.run(["init", "--program", "X", "--coordinator", "Y", "--new-passphrase-file", coordinator])
        #expect(initAgain.status == 74)
        #expect(initAgain.stderr.contains("refusing to overwrite"))

        let filed = try cli.run(["--passphrase-file", advisor, "file", "--advisor", "Sgt. Ana Ortiz",
                                 "--incident", "critical-incident", "--intervention", "group-support", "--at", "2026-03-14 09:30"])
        #expect(filed.status == 0, "\(filed.stderr)")
        #expect(filed.stdout == "Filed. Only the Program Coordinator can read it.\n")
        #expect(!filed.stdout.contains("critical-incident"))

        let report = try cli.run(["report", "--by", "quarter", "--format", "csv", "--passphrase-file", coordinator])
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stdout == """
            section,period,incident,intervention,advisor,count
            type,2026-Q1,critical-incident,group-support,,1
            advisor,2026-Q1,,,Sgt. Ana Ortiz,1

            """)

        let roster = try cli.run(["advisor", "list"])
        #expect(roster.status == 0)
        #expect(roster.stdout.contains("Sgt. Ana Ortiz"))
        #expect(roster.stdout.contains("missing: stress-awareness"))
        let trained = try cli.run(["advisor", "train", "Sgt. Ana Ortiz", "--topic", "de-escalation", "--on", "2026-01-10",
                                   "--passphrase-file", coordinator])
        #expect(trained.status == 0, "\(trained.stderr)")
        #expect(try cli.run(["advisor", "list", "--format", "csv"]).stdout.contains("Sgt. Ana Ortiz,active,"))
    }

    @Test func wrongPassphrasesAreRefusedWith77AndNothingIsFiled() throws {
        let cli = try PeerLogRunner()
        let (coordinator, _) = try cli.setUpProgram()
        let wrong = try cli.secretFile("wrong.pass", "not the right passphrase")
        let filing = try cli.run(["file", "--advisor", "Sgt. Ana Ortiz", "--incident", "other", "--intervention", "one-on-one",
                                  "--passphrase-file", wrong])
        #expect(filing.status == 77)
        #expect(filing.stderr.hasPrefix("peerlog: error: the passphrase for advisor 'Sgt. Ana Ortiz' is not correct"))
        #expect(!filing.stderr.contains("not the right passphrase"))
        let report = try cli.run(["report", "--format", "json", "--passphrase-file", wrong])
        #expect(report.status == 77)
        let real = try cli.run(["report", "--format", "json", "--passphrase-file", coordinator])
        #expect(real.stdout.contains("\"total\": 0"))
    }

    @Test func retiredAdvisorCannotFile() throws {
        let cli = try PeerLogRunner()
        let (coordinator, advisor) = try cli.setUpProgram()
        #expect(try cli.run(["advisor", "retire", "Sgt. Ana Ortiz", "--passphrase-file", coordinator]).status == 0)
        let filing = try cli.run(["file", "--advisor", "Sgt. Ana Ortiz", "--incident", "other", "--intervention", "one-on-one",
                                  "--passphrase-file", advisor])
        #expect(filing.status == 77)
        #expect(filing.stderr.contains("retired"))
    }

    @Test("bad input is refused with 64 or 65 and a clear message; nothing is written",
          arguments: [
            (["--incident", "not-a-code", "--intervention", "one-on-one"], Int32(65), "not an incident code"),
            (["--incident", "other", "--intervention", "chat"], 65, "not an intervention code"),
            (["--incident", "other", "--intervention", "one-on-one", "--at", "2026-02-30 10:00"], 65, "not a real calendar date"),
            (["--incident", "other", "--intervention", "one-on-one", "--at", "next tuesday"], 65, "not written in a way PeerLog understands"),
            (["--incident", "other", "--intervention", "one-on-one", "--at", "2099-01-01 10:00"], 65, "more than a day in the future"),
            (["--incident", "other", "--intervention", "one-on-one", "--note", "talked about divorce"], 64, "Unknown option '--note'"),
            (["--incident", "other", "--intervention", "one-on-one", "--client", "Ofc. Smith"], 64, "Unknown option '--client'"),
            (["--incident", "other", "--intervention", "one-on-one", "extra words"], 64, "Unexpected argument"),
            (["--intervention", "one-on-one"], 64, "missing: incident"),
          ] as [([String], Int32, String)])
    func badFilingInput(arguments: [String], status: Int32, message: String) throws {
        let cli = try PeerLogRunner()
        let (coordinator, advisor) = try cli.setUpProgram()
        let result = try cli.run(["file", "--advisor", "Sgt. Ana Ortiz", "--passphrase-file", advisor] + arguments)
        #expect(result.status == status, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("peerlog: error: "))
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        // A form's fields are never repeated back in an error: it may reach a log or a shared screen.
        for field in ["not-a-code", "chat", "2026-02-30", "next tuesday", "2099-01-01"] where arguments.contains(where: { $0.hasPrefix(field) }) {
            #expect(!result.stderr.contains(field), "the error repeated a form field: \(result.stderr)")
        }
        let report = try cli.run(["report", "--format", "json", "--passphrase-file", coordinator])
        #expect(report.stdout.contains("\"total\": 0"))
    }

    @Test("bad names are refused with 65",
          arguments: ["", "   ", "Ann\nLee", "Ann\u{7}Lee", String(repeating: "x", count: 65), "Saw Ofc. Smith re: divorce"])
    func badAdvisorNames(name: String) throws {
        let cli = try PeerLogRunner()
        let (coordinator, advisor) = try cli.setUpProgram()
        let add = try cli.run(["advisor", "add", name, "--passphrase-file", coordinator, "--advisor-passphrase-file", advisor])
        #expect(add.status == 65, "\(add.stderr)")
        #expect(add.stderr.hasPrefix("peerlog: error: the advisor name"))
        let roster = try cli.run(["advisor", "list", "--format", "csv"])
        #expect(roster.stdout.split(separator: "\n").filter { !$0.hasPrefix("advisor,") && !$0.hasPrefix("Sgt. Ana Ortiz,") }.isEmpty)
    }

    @Test func unknownAdvisorIsRefusedBeforeAnyPassphraseIsAsked() throws {
        let cli = try PeerLogRunner()
        _ = try cli.setUpProgram()
        let result = try cli.run(["file", "--advisor", "Nobody", "--incident", "other", "--intervention", "one-on-one"])
        #expect(result.status == 65)
        #expect(result.stderr.contains("no advisor named 'Nobody'"))
        #expect(result.stderr.contains("peerlog: hint: run 'peerlog advisor list'"))
    }

    @Test func withoutATerminalOrFileThePassphraseIsAUsageError() throws {
        let cli = try PeerLogRunner()
        _ = try cli.setUpProgram()
        // With no secret at all, the coordinator's report is a referral like any question about usage.
        let report = try cli.run(["report"])
        #expect(report.status == 3)
        #expect(report.stdout.contains("go to the Program Coordinator, Capt. Dana Reyes"))
        // An advisor who named themselves but cannot be asked for the passphrase is told how to give it.
        let result = try cli.run(["file", "--advisor", "Sgt. Ana Ortiz", "--incident", "other", "--intervention", "one-on-one"])
        #expect(result.status == 64)
        #expect(result.stderr == """
            peerlog: error: a passphrase is needed and there is no terminal to ask on
            peerlog: hint: give it with --passphrase-file PATH (first line of the file)

            """)
    }

    @Test func missingOrForeignDatabaseIs74() throws {
        let cli = try PeerLogRunner()
        let missing = try cli.run(["advisor", "list"])
        #expect(missing.status == 74)
        #expect(missing.stderr.contains("no PeerLog program is set up at \(cli.db)"))
        let foreign = try cli.secretFile("notes.txt", "just some text")
        let wrong = try cli.run(["--db", foreign, "advisor", "list"])
        #expect(wrong.status == 74)
        #expect(wrong.stderr.contains("is not a PeerLog database"))
    }

    @Test func typesListsEveryCode() throws {
        let cli = try PeerLogRunner()
        let types = try cli.run(["types", "--format", "csv"])
        #expect(types.status == 0)
        #expect(types.stdout.split(separator: "\n").count == 1 + 10 + 7 + 5)
        #expect(types.stdout.contains("incident,deadly-force,Use of deadly force,III (crisis 1)"))
        #expect(try cli.run(["types", "--format", "yaml"]).status == 64)
    }

    @Test func demoRunsOnAFreshDirectoryAndSaysWhereItIs() throws {
        let cli = try PeerLogRunner()
        let result = try cli.run(["demo", "--dir", cli.home + "/demo"], useDefaultDB: false)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Database: \(cli.home)/demo/peerlog.db"))
        #expect(result.stdout.contains("By advisor (workload)"))
        let again = try cli.run(["demo", "--dir", cli.home + "/demo"], useDefaultDB: false)
        #expect(again.status == 74)
    }

    @Test func passphraseFileReadableByOthersGetsAWarning() throws {
        let cli = try PeerLogRunner()
        let (coordinator, _) = try cli.setUpProgram()
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: coordinator)
        let result = try cli.run(["report", "--passphrase-file", coordinator])
        #expect(result.status == 0)
        #expect(result.stderr.contains("peerlog: warning: \(coordinator) is readable by others"))
    }
}
