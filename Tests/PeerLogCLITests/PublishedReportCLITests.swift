import Foundation
import Testing

@Suite("Anonymised reports from the command line: preview, publish, read, request")
struct PublishedReportCLITests {
    /// A program with a few forms and a command-staff credential.
    func programWithForms() throws -> (PeerLogRunner, coordinator: String, credential: String) {
        let cli = try PeerLogRunner()
        let (coordinator, advisor) = try cli.setUpProgram()
        for (day, incident) in [("01-05", "personal-problems"), ("01-09", "personal-problems"), ("02-11", "personal-problems"),
                                ("02-12", "personal-problems"), ("03-01", "personal-problems"), ("03-02", "deadly-force")] {
            let filed = try cli.run(["file", "--advisor", "Sgt. Ana Ortiz", "--incident", incident, "--intervention", "one-on-one",
                                     "--at", "2026-\(day) 10:00", "--passphrase-file", advisor])
            precondition(filed.status == 0, filed.stderr)
        }
        let credential = cli.home + "/chief.cred"
        let grant = try cli.run(["access", "grant", "Chief Lee", "--output", credential, "--passphrase-file", coordinator])
        precondition(grant.status == 0, grant.stderr)
        return (cli, coordinator, credential)
    }

    @Test func commandStaffSeeExactlyThePublishedReport() throws {
        let (cli, coordinator, credential) = try programWithForms()
        let none = try cli.run(["report", "latest", "--credential-file", credential])
        #expect(none.status == 65)
        #expect(none.stderr.contains("no report has been published yet"))

        // The numbers hidden to protect small ones are chosen at random; the same seed replays the
        // same choices, so the preview and the publication can be compared number for number.
        let seed = try cli.secretFile("seed.hex", String(repeating: "5a", count: 32))
        let preview = try cli.run(["report", "--audience", "command-staff", "--format", "json", "--seed-file", seed, "--passphrase-file", coordinator])
        #expect(preview.status == 0, "\(preview.stderr)")
        let published = try cli.run(["report", "publish", "--seed-file", seed, "--passphrase-file", coordinator])
        #expect(published.status == 0, "\(published.stderr)")
        #expect(published.stdout.hasPrefix("Published report 1"))

        let latest = try cli.run(["report", "latest", "--format", "json", "--credential-file", credential])
        #expect(latest.status == 0, "\(latest.stderr)")
        // Exactly what was previewed, plus where it stands in the record (number, time, audit head).
        var seen = try #require(try JSONSerialization.jsonObject(with: Data(latest.stdout.utf8)) as? [String: Any])
        let previewed = try #require(try JSONSerialization.jsonObject(with: Data(preview.stdout.utf8)) as? [String: Any])
        let publication = try #require(seen.removeValue(forKey: "publication") as? [String: Any])
        #expect(NSDictionary(dictionary: seen).isEqual(to: previewed), "command staff must see exactly what was previewed and published")
        #expect(publication["number"] as? Int == 1)
        #expect((publication["auditHead"] as? [String: Any])?["hash"] is String)
        #expect(!latest.stdout.contains("Ana"))
        #expect(latest.stdout.contains("\"total\" : 6") || latest.stdout.contains("\"grandTotal\" : 6"))
        #expect(latest.stderr.contains("signature verified"))

        let html = try cli.run(["report", "latest", "--format", "html", "--credential-file", credential])
        #expect(html.stdout.hasPrefix("<!DOCTYPE html>"))
        #expect(!html.stdout.contains("<script"))
        #expect(!html.stdout.contains("http://") || html.stdout.contains("http://www.w3.org/2000/svg"))
    }

    @Test func commandStaffCannotPublishPreviewOrWidenTheQuery() throws {
        let (cli, _, credential) = try programWithForms()
        let preview = try cli.run(["report", "--audience", "command-staff", "--credential-file", credential])
        #expect(preview.status == 3)
        let publish = try cli.run(["report", "publish", "--credential-file", credential])
        #expect(publish.status == 3)
        let monthly = try cli.run(["report", "--audience", "command-staff", "--by", "month", "--min-cell", "3", "--credential-file", credential])
        #expect(monthly.status == 3)
        #expect(monthly.stdout.contains("Program Coordinator, Capt. Dana Reyes"))
        let widened = try cli.run(["report", "latest", "--min-cell", "3", "--credential-file", credential])
        #expect(widened.status == 64, "latest takes no options that change the report")
    }

    @Test func requestsReachTheCoordinator() throws {
        let (cli, coordinator, credential) = try programWithForms()
        let asked = try cli.run(["report", "request", "--from", "2026-01-01", "--to", "2026-03-31", "--credential-file", credential])
        #expect(asked.status == 0, "\(asked.stderr)")
        let listed = try cli.run(["report", "requests", "--passphrase-file", coordinator])
        #expect(listed.stdout.contains("Chief Lee"))
        #expect(listed.stdout.contains("2026-01-01"))
        let anonymous = try cli.run(["report", "request", "--from", "2026-01-01", "--to", "2026-03-31"])
        #expect(anonymous.status == 77)
        #expect(anonymous.stderr.contains("this needs your command-staff credential"), "\(anonymous.stderr)")
    }

    @Test func minimumCellBelowThreeIsRefused() throws {
        let (cli, coordinator, _) = try programWithForms()
        let result = try cli.run(["report", "--audience", "command-staff", "--min-cell", "2", "--passphrase-file", coordinator])
        #expect(result.status == 65)
        #expect(result.stderr.contains("must be at least 3"))
    }
}
