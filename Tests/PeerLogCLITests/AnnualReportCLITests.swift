import Foundation
import Testing

/// `peerlog report annual`, `report publish --year` and `report get --annual` as people run them.
@Suite("The annual report from the command line")
struct AnnualReportCLITests {
    /// A program with forms in 2024 and 2025 (back-dated, as paper forms would be) and a
    /// command-staff credential.
    func programWithTwoYears() throws -> (PeerLogRunner, coordinator: String, advisor: String, credential: String) {
        let cli = try PeerLogRunner()
        let (coordinator, advisor) = try cli.setUpProgram()
        let filings = [("2024-03-05", "personal-problems"), ("2024-07-09", "traumatic-event")]
            + (1...12).map { (String(format: "2025-%02d-10", $0), "personal-problems") }
            + [("2025-04-02", "deadly-force")]
        for (day, incident) in filings {
            let filed = try cli.run(["file", "--advisor", "Sgt. Ana Ortiz", "--incident", incident, "--intervention", "one-on-one",
                                     "--at", "\(day) 10:00", "--passphrase-file", advisor])
            guard filed.status == 0 else { throw SetUpFailed(step: "file", stderr: filed.stderr) }
        }
        let credential = cli.home + "/chief.cred"
        let grant = try cli.run(["access", "grant", "Chief Lee", "--output", credential, "--passphrase-file", coordinator])
        guard grant.status == 0 else { throw SetUpFailed(step: "access grant", stderr: grant.stderr) }
        return (cli, coordinator, advisor, credential)
    }

    @Test func theCoordinatorReadsTheYearOthersAreReferred() throws {
        let (cli, coordinator, advisor, credential) = try programWithTwoYears()
        let text = try cli.run(["report", "annual", "--year", "2025", "--passphrase-file", coordinator])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("annual report 2025"))
        #expect(text.stdout.contains("All forms: 13 (2024: 2; change +11, +550%)"), "\(text.stdout)")
        #expect(text.stdout.contains("Sgt. Ana Ortiz"))

        let page = cli.home + "/annual.html"
        let html = try cli.run(["report", "annual", "--year", "2025", "--format", "html", "--output", page, "--passphrase-file", coordinator])
        #expect(html.status == 0, "\(html.stderr)")
        let written = try String(contentsOfFile: page, encoding: .utf8)
        #expect(written.hasPrefix("<!DOCTYPE html>") && written.contains("<svg") && !written.contains("http"))
        let mode = try FileManager.default.attributesOfItem(atPath: page)[.posixPermissions] as? Int
        #expect(mode == 0o600)

        let csv = try cli.run(["report", "annual", "--year", "2025", "--format", "csv", "--passphrase-file", coordinator])
        #expect(csv.stdout.hasPrefix("section,code,label,previous,current,change,change_percent\ntotal,all,All forms,2,13,11,550\n"))
        let json = try cli.run(["report", "annual", "--year", "2025", "--format", "json", "--passphrase-file", coordinator])
        #expect((try? JSONSerialization.jsonObject(with: Data(json.stdout.utf8))) is [String: Any])

        // This year has not ended: the coordinator sees it to date, labelled so.
        let thisYear = Calendar(identifier: .gregorian).component(.year, from: Date())
        let toDate = try cli.run(["report", "annual", "--year", String(thisYear), "--passphrase-file", coordinator])
        #expect(toDate.status == 0, "\(toDate.stderr)")
        #expect(toDate.stdout.contains("year to date (through \(thisYear)-"))

        // A supervisor who holds nothing, command staff, an advisor: all referred to the coordinator.
        for (who, holds) in [("a supervisor", [String]()), ("command staff", ["--credential-file", credential]),
                             ("an advisor", ["--advisor", "Sgt. Ana Ortiz", "--passphrase-file", advisor])] {
            let asked = try cli.run(["report", "annual", "--year", "2025"] + holds)
            #expect(asked.status == 3, "\(who) must be referred")
            #expect(asked.stdout.contains("Program Coordinator, Capt. Dana Reyes"), "\(who): \(asked.stdout)")
            #expect(!asked.stdout.contains("Ana Ortiz") || who == "an advisor")
        }
    }

    @Test("years PeerLog cannot hold: a message and exit 64, no crash", arguments: ["0", "1970", "10000", "-5", "2999"])
    func yearsOutOfRange(year: String) throws {
        let (cli, coordinator) = try { let cli = try PeerLogRunner(); return (cli, try cli.setUpProgram().coordinator) }()
        let run = try cli.run(["report", "annual", "--year=\(year)", "--passphrase-file", coordinator])
        #expect(run.status == 64, "\(run.stderr)")
        #expect(run.stderr.contains("not a year PeerLog can report on") || run.stderr.contains("has not begun"), "\(run.stderr)")
        #expect(!run.stderr.contains("Fatal error"))
    }

    @Test func theCommandStaffAnnualIsPreviewedPublishedAndReadYearAgainstYear() throws {
        let (cli, coordinator, _, credential) = try programWithTwoYears()
        let seed = try cli.secretFile("seed.hex", String(repeating: "5a", count: 32))
        let preview = try cli.run(["report", "annual", "--year", "2025", "--audience", "command-staff", "--seed-file", seed,
                                   "--passphrase-file", coordinator])
        #expect(preview.status == 0, "\(preview.stderr)")
        #expect(preview.stdout.contains("Preview: not published."))
        #expect(!preview.stdout.contains("Ana"))
        #expect(preview.stderr.contains("report publish --year 2025"))

        let thisYear = Calendar(identifier: .gregorian).component(.year, from: Date())
        let unfinished = try cli.run(["report", "annual", "--year", String(thisYear), "--audience", "command-staff", "--passphrase-file", coordinator])
        #expect(unfinished.status == 65)
        #expect(unfinished.stderr.contains("has not ended"))
        #expect(try cli.run(["report", "publish", "--year", String(thisYear), "--passphrase-file", coordinator]).status == 65)
        #expect(try cli.run(["report", "publish", "--year", "2025", "--from", "2025-01-01", "--passphrase-file", coordinator]).status == 64)

        let published = try cli.run(["report", "publish", "--year", "2025", "--seed-file", seed, "--passphrase-file", coordinator])
        #expect(published.status == 0, "\(published.stderr)")
        #expect(published.stdout.contains("Published report 1 (2024-01-01 to 2025-12-31"))

        let read = try cli.run(["report", "get", "1", "--annual", "--credential-file", credential])
        #expect(read.status == 0, "\(read.stderr)")
        #expect(read.stdout.contains("2025 compared with 2024"))
        #expect(read.stdout.contains("Publication 1, published"))
        // What was previewed with the same seed is what command staff read, publication stamp aside.
        #expect(preview.stdout.replacingOccurrences(of: "Preview: not published.\n", with: "")
            == read.stdout.replacingOccurrences(of: #"Publication 1, published [^\n]*\n"#, with: "", options: .regularExpression))
        let json = try cli.run(["report", "latest", "--annual", "--format", "json", "--credential-file", credential])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["publication"] as? Int == 1)
        #expect(object["year"] as? Int == 2025)
        // An ordinary publication is not shown year against year.
        let quarter = try cli.run(["report", "publish", "--from", "2025-01-01", "--to", "2025-03-31", "--passphrase-file", coordinator])
        #expect(quarter.status == 0 || quarter.status == 65, "\(quarter.stderr)")
        if quarter.status == 0 {
            let notAnnual = try cli.run(["report", "get", "2", "--annual", "--credential-file", credential])
            #expect(notAnnual.status == 65)
            #expect(notAnnual.stderr.contains("not a year and the year before"))
        }
    }
}
