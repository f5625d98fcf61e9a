import Foundation
import Testing

/// Paper forms from the command line, as the coordinator, a deputy, an advisor, command staff and
/// a supervisor would try them: only the coordinator or a deputy enters them; a batch is checked
/// whole before anything is filed, and its errors name the line and column, never a value.
@Suite("Paper forms from the command line")
struct PaperFormsCLITests {
    static let fields = "incident=critical-incident\nintervention=group-support\nat=2026-01-03 09:30\n"

    /// Runs `peerlog` with `input` on standard input.
    func run(_ cli: PeerLogRunner, _ arguments: [String], input: String, tag: String) throws -> ChildProcess.Outcome {
        let file = try cli.secretFile(tag + ".in", input.trimmingCharacters(in: .newlines))
        return try cli.start(arguments, tag: tag, standardInput: file).wait()
    }

    func reportJSON(_ cli: PeerLogRunner, _ coordinator: String) throws -> [String: Any] {
        let report = try cli.run(["report", "--format", "json", "--passphrase-file", coordinator])
        try #require(report.status == 0, "\(report.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any])
    }

    @Test func theCoordinatorEntersAPaperFormShownAsPaper() throws {
        let cli = try PeerLogRunner()
        let (coordinator, _) = try cli.setUpProgram()
        let entered = try run(cli, ["file", "--on-behalf-of", "Sgt. Ana Ortiz", "--passphrase-file", coordinator], input: Self.fields, tag: "one")
        #expect(entered.exitStatus == 0, "\(entered.stderr)")
        #expect(entered.stdout.contains("marked as entered by the coordinator"), "\(entered.stdout)")
        // The name from standard input instead of the command line.
        let asked = try run(cli, ["file", "--on-behalf-of", "-", "--passphrase-file", coordinator],
                            input: "advisor=Sgt. Ana Ortiz\n" + Self.fields, tag: "two")
        #expect(asked.exitStatus == 0, "\(asked.stderr)")
        let json = try reportJSON(cli, coordinator)
        #expect(json["total"] as? Int == 2)
        #expect(json["paper"] as? Int == 2)
        let advisors = try #require(json["byAdvisor"] as? [[String: Any]])
        #expect(advisors.first?["paper"] as? Int == 2)
        let text = try cli.run(["report", "--passphrase-file", coordinator])
        #expect(text.stdout.contains("Forms: 2 (2 entered from paper)"), "\(text.stdout)")
        // The listing says which forms came from paper, so a coordinator voiding one knows.
        let listed = try cli.run(["forms", "--format", "csv", "--passphrase-file", coordinator])
        #expect(listed.stdout.split(separator: "\n").count == 3)
        #expect(listed.stdout.split(separator: "\n").dropFirst().allSatisfy { $0.split(separator: ",")[5] == "paper" }, "\(listed.stdout)")
    }

    @Test func onlyTheCoordinatorOrADeputyEntersPaperForms() throws {
        let cli = try PeerLogRunner()
        let (coordinator, ana) = try cli.setUpProgram()
        let grant = try cli.run(["access", "grant", "Chief Lee", "--output", cli.home + "/chief.cred", "--passphrase-file", coordinator])
        try #require(grant.status == 0, "\(grant.stderr)")
        // An advisor with her own credential, for herself.
        let advisor = try run(cli, ["file", "--on-behalf-of", "Sgt. Ana Ortiz", "--advisor", "Sgt. Ana Ortiz", "--passphrase-file", ana],
                              input: Self.fields, tag: "advisor")
        #expect(advisor.exitStatus == 77, "\(advisor.stderr)")
        #expect(advisor.stderr.contains("a paper form goes to the Program Coordinator"), "\(advisor.stderr)")
        // Command staff.
        let staff = try run(cli, ["file", "--on-behalf-of", "Sgt. Ana Ortiz", "--credential-file", cli.home + "/chief.cred"],
                            input: Self.fields, tag: "staff")
        #expect(staff.exitStatus == 77, "\(staff.stderr)")
        // A supervisor with no secret is referred to the coordinator.
        let supervisor = try run(cli, ["file", "--on-behalf-of", "Sgt. Ana Ortiz"], input: Self.fields, tag: "supervisor")
        #expect(supervisor.exitStatus == 3, "\(supervisor.stderr)")
        #expect(supervisor.stdout.contains("Capt. Dana Reyes"), "\(supervisor.stdout)")
        let batch = try cli.secretFile("paper.csv", "advisor,time,incident,intervention\nSgt. Ana Ortiz,2026-01-02 10:00,other,referral")
        let batchByAdvisor = try cli.run(["file", "--batch", batch, "--advisor", "Sgt. Ana Ortiz", "--passphrase-file", ana])
        #expect(batchByAdvisor.status == 77, "\(batchByAdvisor.stderr)")
        #expect(try reportJSON(cli, coordinator)["total"] as? Int == 0)
    }

    @Test func aBatchWithOneBadLineFilesNothingAndNamesTheLine() throws {
        let cli = try PeerLogRunner()
        let (coordinator, _) = try cli.setUpProgram()
        let batch = try cli.secretFile("paper.csv", """
            advisor,time,incident,intervention
            Sgt. Ana Ortiz,2026-01-02 10:00,critical-incident,group-support
            Sgt. Ana Ortiz,2026-01-03 10:00,other,one-on-one
            Sgt. Ana Ortiz,2026-01-04 10:00,deadly-force,one-on-one
            Sgt. Quentin Zebulon,2026-01-05 10:00,other,referral
            """)
        let filed = try cli.run(["file", "--batch", batch, "--passphrase-file", coordinator])
        #expect(filed.status == 65, "\(filed.stderr)")
        #expect(filed.stderr.contains("line 5, column advisor"), "\(filed.stderr)")
        for value in ["Quentin", "Zebulon", "2026-01-05", "referral"] { #expect(!filed.stderr.contains(value), "\(value) in \(filed.stderr)") }
        #expect(try reportJSON(cli, coordinator)["total"] as? Int == 0)

        let syntax = try cli.secretFile("syntax.csv", "advisor,time,incident,intervention\nSgt. Ana Ortiz,2026-01-02 10:00,other")
        let refused = try cli.run(["file", "--batch", syntax, "--passphrase-file", coordinator])
        #expect(refused.status == 65)
        #expect(refused.stderr.contains("line 2 of the batch file has 3 fields"), "\(refused.stderr)")
        let usage = try cli.run(["file", "--batch", batch, "--on-behalf-of", "Sgt. Ana Ortiz", "--passphrase-file", coordinator])
        #expect(usage.status == 64, "\(usage.stderr)")
        let dryAlone = try cli.run(["file", "--dry-run", "--passphrase-file", coordinator])
        #expect(dryAlone.status == 64, "\(dryAlone.stderr)")
    }

    @Test func aDryRunShowsWhatWouldBeFiledAndFilesNothing() throws {
        let cli = try PeerLogRunner()
        let (coordinator, _) = try cli.setUpProgram()
        let batch = try cli.secretFile("paper.csv", """
            advisor,time,incident,intervention
            Sgt. Ana Ortiz,2026-01-02 10:00,critical-incident,group-support
            sgt. ana ortiz,2026-01-03 10:00,other,one-on-one
            """)
        let dry = try cli.run(["file", "--batch", batch, "--dry-run", "--passphrase-file", coordinator])
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.contains("Dry run: 2 paper forms would be filed"), "\(dry.stdout)")
        #expect(dry.stdout.contains("Sgt. Ana Ortiz      2"), "\(dry.stdout)")
        #expect(dry.stdout.contains("   3  Sgt. Ana Ortiz  2026-01-03 10:00-06:00  other"), "\(dry.stdout)")
        #expect(try reportJSON(cli, coordinator)["total"] as? Int == 0)
    }

    @Test func aBatchOfTwoHundredLinesIsFiledByADeputy() throws {
        let cli = try PeerLogRunner()
        let (coordinator, _) = try cli.setUpProgram()
        let deputy = try cli.secretFile("omar.pass", strong("omar's deputy passphrase"))
        let added = try cli.run(["deputy", "add", "Lt. Omar Haddad", "--deputy-passphrase-file", deputy, "--kdf", "interactive",
                                 "--passphrase-file", coordinator])
        try #require(added.status == 0, "\(added.stderr)")
        let lines = (0..<200).map { i in "Sgt. Ana Ortiz,2026-0\(1 + i % 9)-1\(i % 10) 1\(i % 10):\(10 + i % 50),other,one-on-one" }
        let batch = try cli.secretFile("paper.csv", "advisor,time,incident,intervention\r\n" + lines.joined(separator: "\r\n"))
        let filed = try cli.run(["file", "--batch", batch, "--deputy", "Lt. Omar Haddad", "--passphrase-file", deputy])
        #expect(filed.status == 0, "\(filed.stderr)")
        #expect(filed.stdout.contains("Filed 200 paper forms for 1 advisor"), "\(filed.stdout)")
        #expect(filed.stderr.contains("destroy \(batch) now"), "\(filed.stderr)")
        let json = try reportJSON(cli, coordinator)
        #expect(json["total"] as? Int == 200)
        #expect(json["paper"] as? Int == 200)
        let trail = try cli.run(["audit", "show", "--passphrase-file", coordinator])
        let folded = trail.stdout.split(separator: "\n").filter { $0.contains("deputy") && $0.contains("form-filed") }
        #expect(folded.count == 200, "\(trail.stdout.suffix(500))")
    }

    @Test func aBatchFileBehindALinkIsNotRead() throws {
        let cli = try PeerLogRunner()
        let (coordinator, _) = try cli.setUpProgram()
        let batch = try cli.secretFile("paper.csv", "advisor,time,incident,intervention\nSgt. Ana Ortiz,2026-01-02 10:00,other,referral")
        try FileManager.default.createSymbolicLink(atPath: cli.home + "/link.csv", withDestinationPath: batch)
        let linked = try cli.run(["file", "--batch", cli.home + "/link.csv", "--passphrase-file", coordinator])
        #expect(linked.status == 74, "\(linked.stderr)")
        #expect(linked.stderr.contains("symbolic link"), "\(linked.stderr)")
        #expect(try reportJSON(cli, coordinator)["total"] as? Int == 0)
    }
}
