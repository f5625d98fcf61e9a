import Foundation
import Testing

/// A mis-coded form corrected from the command line: the coordinator lists the forms, voids one by
/// its REF with a reason code, and the report no longer counts it.
@Suite("Voids and the forms listing from the command line")
struct VoidCLITests {
    struct Listed: Decodable {
        let ref: String
        let advisor: String
        let time: String
        let incident: String
        let intervention: String
        let voided: String?
        let voidedAt: String?
    }

    func forms(_ cli: PeerLogRunner, _ coordinator: String, _ extra: [String] = []) throws -> [Listed] {
        let run = try cli.run(["forms", "--format", "json", "--passphrase-file", coordinator] + extra)
        #expect(run.status == 0, "\(run.stderr)")
        return try JSONDecoder().decode([Listed].self, from: Data(run.stdout.utf8))
    }

    /// Ana files three forms in January and one in March, Ben one in February.
    func program() throws -> (PeerLogRunner, coordinator: String) {
        let cli = try PeerLogRunner()
        let (coordinator, ana) = try cli.setUpProgram()
        let ben = try cli.secretFile("ben.pass", strong("ben's own passphrase"))
        #expect(try cli.run(["advisor", "add", "Ofc. Ben Carter", "--passphrase-file", coordinator, "--advisor-passphrase-file", ben]).status == 0)
        for (who, pass, incident, at) in [("Sgt. Ana Ortiz", ana, "deadly-force", "2026-01-05 10:00"), ("Sgt. Ana Ortiz", ana, "other", "2026-01-06 10:00"),
                                          ("Sgt. Ana Ortiz", ana, "other", "2026-01-07 10:00"), ("Sgt. Ana Ortiz", ana, "other", "2026-03-02 09:00"),
                                          ("Ofc. Ben Carter", ben, "traumatic-event", "2026-02-10 16:30")] {
            let filed = try cli.run(["file", "--advisor", who, "--passphrase-file", pass, "--incident", incident, "--intervention", "one-on-one", "--at", at])
            #expect(filed.status == 0, "\(filed.stderr)")
        }
        #expect(try cli.run(["settings", "time-zone", "America/Chicago", "--passphrase-file", coordinator]).status == 0)
        return (cli, coordinator)
    }

    /// REF and reason kept off the command line (where anyone on the computer reads which form was
    /// voided and why): given on standard input; a reason off the list there is a usage error too,
    /// and the value is not echoed.
    @Test func theRefAndReasonCanComeFromStandardInput() throws {
        let (cli, coordinator) = try program()
        let all = try forms(cli, coordinator)
        func void(_ input: String, tag: String) throws -> ChildProcess.Outcome {
            let file = try cli.secretFile(tag + ".in", input)
            return try cli.start(["void", "--passphrase-file", coordinator], tag: tag, standardInput: file).wait()
        }
        let refused = try void("ref=\(all[1].ref)\nreason=zqxj-not-a-reason", tag: "bad")
        #expect(refused.exitStatus == 64, "\(refused.stderr)")
        #expect(!refused.stderr.contains("zqxj"), "\(refused.stderr)")
        let missing = try void("ref=\(all[1].ref)", tag: "missing")
        #expect(missing.exitStatus == 64 && missing.stderr.contains("missing: reason"), "\(missing.stderr)")
        let voided = try void("ref=\(all[1].ref)\nreason=duplicate", tag: "good")
        #expect(voided.exitStatus == 0, "\(voided.stderr)")
        #expect(try forms(cli, coordinator).first { $0.ref == all[1].ref }?.voided == "duplicate")
    }

    @Test func theCoordinatorListsVoidsByRefAndTheReportNoLongerCountsIt() throws {
        let (cli, coordinator) = try program()
        let all = try forms(cli, coordinator)
        #expect(all.count == 5)
        #expect(all.map { String($0.time.prefix(10)) } == ["2026-01-05", "2026-01-06", "2026-01-07", "2026-02-10", "2026-03-02"])
        #expect(all.allSatisfy { $0.ref.count == 8 && $0.voided == nil && $0.voidedAt == nil })
        #expect(all[3].advisor == "Ofc. Ben Carter" && all[3].time.hasPrefix("2026-02-10 16:30") && all[3].incident == "traumatic-event")
        // Filters: days of service and one advisor.
        #expect(try forms(cli, coordinator, ["--from", "2026-01-06", "--to", "2026-02-28"]).count == 3)
        #expect(try forms(cli, coordinator, ["--about-advisor", "Ofc. Ben Carter"]).map(\.ref) == [all[3].ref])
        #expect(try cli.run(["forms", "--about-advisor", "Nobody Here", "--passphrase-file", coordinator]).status == 65)
        let csv = try cli.run(["forms", "--format", "csv", "--passphrase-file", coordinator])
        #expect(csv.stdout.hasPrefix("ref,advisor,time,incident,intervention,entered,voided,voided_at\n") && csv.stdout.split(separator: "\n").count == 6)

        // The deadly-force form was mis-coded: void it (REF typed in capitals), as the coordinator.
        let target = all[0]
        let voided = try cli.run(["void", target.ref.uppercased(), "--reason", "wrong-type", "--passphrase-file", coordinator])
        #expect(voided.status == 0, "\(voided.stderr)")
        #expect(voided.stdout.contains("Voided form \(target.ref) (wrong-type)"))
        let after = try forms(cli, coordinator)
        #expect(after.first { $0.ref == target.ref }?.voided == "wrong-type")
        #expect(after.filter { $0.voided != nil }.count == 1)
        let report = try ReportJSON(try cli.run(["report", "--format", "json", "--passphrase-file", coordinator]).stdout)
        #expect(report.total == 4 && report.countsByType["deadly-force/one-on-one"] == nil)
        let text = try cli.run(["forms", "--passphrase-file", coordinator])
        #expect(text.stdout.contains("VOID: wrong-type") && text.stdout.contains("time (America/Chicago)"), "\(text.stdout)")

        // Refusals: the same form again, an unknown REF, a reason not on the list (a usage error).
        let again = try cli.run(["void", target.ref, "--reason", "duplicate", "--passphrase-file", coordinator])
        #expect(again.status == 65 && again.stderr.contains("already voided"), "\(again.stderr)")
        let unknown = all.contains { $0.ref.hasPrefix("0000") } ? "ffffffff" : "00000000"
        let missing = try cli.run(["void", unknown, "--reason", "mistake", "--passphrase-file", coordinator])
        #expect(missing.status == 65 && missing.stderr.contains("no form has the reference"), "\(missing.stderr)")
        let freeText = try cli.run(["void", all[1].ref, "--reason", "the advisor said so", "--passphrase-file", coordinator])
        #expect(freeText.status == 64, "\(freeText.stderr)")
        // verify counts it, with and without the passphrase.
        let verified = try cli.run(["verify", "--passphrase-file", coordinator])
        #expect(verified.status == 0 && verified.stdout.contains("1 voided"), "\(verified.stdout)\(verified.stderr)")
        let keyless = try cli.run(["verify"])
        #expect(keyless.status == 0 && keyless.stdout.contains("1 void record(s)"), "\(keyless.stdout)\(keyless.stderr)")
        // The trail shows the void and each listing, as the coordinator's actions.
        let audit = try cli.run(["audit", "show", "--passphrase-file", coordinator])
        #expect(audit.stdout.contains("form-void") && audit.stdout.contains("forms-list"), "\(audit.stdout)")
    }

    @Test func noOneButTheCoordinatorVoidsOrListsAndASupervisorIsReferred() throws {
        let (cli, coordinator) = try program()
        let ref = try #require(try forms(cli, coordinator).first?.ref)
        for arguments in [["void", ref, "--reason", "mistake"], ["forms"]] {
            let supervisor = try cli.run(arguments)
            #expect(supervisor.status == 3 && supervisor.stdout.contains("go to the Program Coordinator, Capt. Dana Reyes"), "\(supervisor.stdout)")
        }
        let advisor = try cli.run(["void", ref, "--reason", "mistake", "--advisor", "Sgt. Ana Ortiz", "--passphrase-file", cli.home + "/ana.pass"])
        #expect(advisor.status == 77 && advisor.stderr.contains("only the Program Coordinator voids a form"), "\(advisor.stderr)")
        let listing = try cli.run(["forms", "--advisor", "Sgt. Ana Ortiz", "--passphrase-file", cli.home + "/ana.pass"])
        #expect(listing.status == 3, "\(listing.stdout)\(listing.stderr)")
        #expect(try forms(cli, coordinator).allSatisfy { $0.voided == nil })
    }
}
