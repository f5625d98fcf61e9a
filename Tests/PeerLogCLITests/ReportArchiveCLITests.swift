import Foundation
import PeerLog
import Testing

/// The archive, withdrawals, requests, the noise budget and the publishing rules, from the command
/// line: stdout, stderr and exit status as a person sees them.
@Suite("Published reports from the command line: archive, withdraw, requests, noise, refusals")
struct ReportArchiveCLITests {
    /// A program, forms filed through the library (fast; the CLI's own filing is tested
    /// elsewhere), a command-staff credential.
    static func program(forms: [FormEntry]) throws -> (PeerLogRunner, coordinator: String, credential: String) {
        let cli = try PeerLogRunner()
        let (coordinator, _) = try cli.setUpProgram()
        let store = try PeerLogStore(openingExisting: cli.db)
        var passphrase = Array(strong("ana's own passphrase").utf8)
        try store.file(batch: forms, as: try store.unlockAdvisor(named: "Sgt. Ana Ortiz", passphrase: try SecretBytes(consuming: &passphrase)))
        let credential = cli.home + "/chief.cred"
        let grant = try cli.run(["access", "grant", "Chief Lee", "--output", credential, "--passphrase-file", coordinator])
        try #require(grant.status == 0, "\(grant.stderr)")
        return (cli, coordinator, credential)
    }

    static let zone = TimeZone(identifier: "America/Chicago") ?? .current

    /// Thirty forms over the first quarter of 2026, mostly one type.
    static func firstQuarter() throws -> [FormEntry] {
        try (0..<30).map { i in
            FormEntry(time: try ServiceTime(parsing: "2026-0\(1 + i % 3)-1\(i % 10) 10:00", in: zone),
                      incident: i % 5 == 0 ? .criticalIncident : .personalProblems, intervention: .oneOnOne)
        }
    }

    /// A small program's year (the same forms as the library's JointCheckTests use).
    static func smallYear() throws -> [FormEntry] {
        var state: UInt64 = 3
        func next(_ bound: UInt64) -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return (z ^ (z >> 31)) % bound
        }
        let weights = [1, 2, 2, 1, 1, 2, 12, 5, 4, 2]
        return try (0..<150).map { _ in
            var r = Int(next(UInt64(weights.reduce(0, +)))), kind = 0
            while r >= weights[kind] { r -= weights[kind]; kind += 1 }
            let month = 1 + Int(next(12))
            let at = String(format: "2025-%02d-%02d 10:00", month, 1 + Int(next(28)))
            return FormEntry(time: try ServiceTime(parsing: at, in: TimeZone(secondsFromGMT: -6 * 3600) ?? zone),
                             incident: IncidentType.allCases[kind], intervention: InterventionKind.allCases[Int(next(7))])
        }
    }

    func seedFile(_ cli: PeerLogRunner, _ byte: UInt8) throws -> String {
        try cli.secretFile("seed-\(byte).hex", String(repeating: String(format: "%02x", byte), count: 32))
    }

    /// CLP is loaded only when a publication needs the disclosure check. Where it cannot be
    /// loaded (here a broken `libClp.so.1` found first on the library path), the publication is
    /// refused with what to install, and nothing is published.
    @Test func aPublicationWithoutTheSolverLibraryIsRefusedAndSaysWhatToInstall() throws {
        let (cli, coordinator, credential) = try Self.program(forms: try Self.firstQuarter())
        let libraries = cli.home + "/broken-libraries"
        try FileManager.default.createDirectory(atPath: libraries, withIntermediateDirectories: false)
        try #require(FileManager.default.createFile(atPath: libraries + "/libClp.so.1", contents: Data("not a library".utf8)))
        let publish = try ChildProcess(executable: PeerLogRunner.binary.path,
                                       arguments: ["report", "publish", "--by", "quarter", "--passphrase-file", coordinator],
                                       environment: cli.environment().merging(["LD_LIBRARY_PATH": libraries]) { $1 },
                                       outputPrefix: cli.home + "/publish-without-clp", currentDirectory: cli.home).wait()
        #expect(publish.exitStatus == 1, "\(publish.stderr)")
        #expect(publish.stderr.contains("libClp.so.1") && publish.stderr.contains("coinor-libclp1"), "\(publish.stderr)")
        #expect(!publish.stdout.contains("Published"), "\(publish.stdout)")
        let latest = try cli.run(["report", "latest", "--credential-file", credential])
        #expect(latest.status != 0, "\(latest.stdout)")
        // A command that needs no disclosure check runs with the broken library path as well.
        let verify = try ChildProcess(executable: PeerLogRunner.binary.path, arguments: ["audit", "verify"],
                                      environment: cli.environment().merging(["LD_LIBRARY_PATH": libraries]) { $1 },
                                      outputPrefix: cli.home + "/verify-without-clp", currentDirectory: cli.home).wait()
        #expect(verify.exitStatus == 0, "\(verify.stderr)")
        // And the same publication works where CLP loads.
        let again = try cli.run(["report", "publish", "--by", "quarter", "--passphrase-file", coordinator])
        #expect(again.status == 0 && again.stdout.contains("Published report 1"), "\(again.stderr)")
    }

    @Test func theArchiveListsEveryPublicationAndEachRenderingNamesIt() throws {
        let (cli, coordinator, credential) = try Self.program(forms: try Self.firstQuarter())
        for by in ["quarter", "month"] {
            let published = try cli.run(["report", "publish", "--from", "2026-01-01", "--to", "2026-03-31", "--by", by, "--as-asked",
                                         "--passphrase-file", coordinator])
            try #require(published.status == 0, "\(published.stderr)")
        }
        let list = try cli.run(["report", "published", "--credential-file", credential])
        #expect(list.status == 0, "\(list.stderr)")
        let lines = list.stdout.split(separator: "\n")
        #expect(lines.count == 4, "\(list.stdout)")
        #expect(lines.dropFirst(2).first?.hasPrefix("1  2026-01-01  2026-03-31  quarter  incident") == true, "\(list.stdout)")
        #expect(lines.last?.hasPrefix("2  2026-01-01  2026-03-31  month    incident") == true, "\(list.stdout)")
        let json = try cli.run(["report", "get", "1", "--format", "json", "--credential-file", credential])
        let body = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let publication = try #require(body["publication"] as? [String: Any])
        let publishedAt = try #require(publication["publishedAt"] as? String)
        let root = try #require(publication["rootFingerprint"] as? String)
        #expect(list.stdout.contains(publishedAt) && list.stdout.contains(root))
        let text = try cli.run(["report", "get", "1", "--credential-file", credential])
        #expect(text.stdout.contains("Publication 1, published \(publishedAt), signed by program root \(root)."))
        let csv = try cli.run(["report", "get", "1", "--format", "csv", "--credential-file", credential])
        #expect(csv.stdout.hasPrefix("incident,label,period,count,withheld,publication,published_at,root_fingerprint\n"))
        #expect(csv.stdout.split(separator: "\n").dropFirst().allSatisfy { $0.hasSuffix(",1,\(publishedAt),\(root)") })
        let html = try cli.run(["report", "get", "1", "--format", "html", "--credential-file", credential])
        #expect(html.stdout.contains("Publication 1, published \(publishedAt), signed by program root \(root)"))
        let missing = try cli.run(["report", "get", "7", "--credential-file", credential])
        #expect(missing.status == 65)
        #expect(missing.stderr.contains("there is no published report 7"))
        let anonymous = try cli.run(["report", "published"])
        #expect(anonymous.status == 77, "without a credential: refused, a credential is what shows who is command staff")
        #expect(anonymous.stderr.contains("command-staff credential"), "\(anonymous.stderr)")
    }

    @Test func aWithdrawnReportStaysInTheArchiveMarked() throws {
        let (cli, coordinator, credential) = try Self.program(forms: try Self.firstQuarter())
        for by in ["quarter", "month"] {
            let published = try cli.run(["report", "publish", "--from", "2026-01-01", "--to", "2026-03-31", "--by", by, "--as-asked",
                                         "--passphrase-file", coordinator])
            try #require(published.status == 0, "\(published.stderr)")
        }
        let byStaff = try cli.run(["report", "withdraw", "2", "--credential-file", credential])
        #expect(byStaff.status == 3, "command staff cannot withdraw: a referral")
        let withdraw = try cli.run(["report", "withdraw", "2", "--passphrase-file", coordinator])
        #expect(withdraw.status == 0, "\(withdraw.stderr)")
        #expect(withdraw.stdout.hasPrefix("Withdrew published report 2."))
        let again = try cli.run(["report", "withdraw", "2", "--passphrase-file", coordinator])
        #expect(again.status == 65 && again.stderr.contains("already withdrawn"))
        let latest = try cli.run(["report", "latest", "--credential-file", credential])
        #expect(latest.stdout.contains("Publication 1,"), "the latest is the newest not withdrawn")
        let get = try cli.run(["report", "get", "2", "--credential-file", credential])
        #expect(get.status == 0)
        #expect(get.stdout.contains("WITHDRAWN by the Program Coordinator on"))
        #expect(get.stderr.contains("peerlog: warning: report 2 was withdrawn by the Program Coordinator on"))
        let list = try cli.run(["report", "published", "--credential-file", credential])
        #expect(list.stdout.split(separator: "\n").last?.contains("withdrawn 20") == true, "\(list.stdout)")
    }

    @Test func requestsAreOpenThenAnsweredOrDeclined() throws {
        let (cli, coordinator, credential) = try Self.program(forms: try Self.firstQuarter())
        let partial = try cli.run(["report", "request", "--from", "2026-01-10", "--to", "2026-03-31", "--credential-file", credential])
        #expect(partial.status == 65)
        #expect(partial.stderr.contains("whole calendar months"))
        #expect(partial.stderr.contains("peerlog: hint: use --from 2026-01-01 --to 2026-03-31"))
        let future = try cli.run(["report", "request", "--from", "2030-01-01", "--to", "2030-03-31", "--credential-file", credential])
        #expect(future.status == 65)
        #expect(future.stderr.contains("after the last month that has ended"))
        let asked = try cli.run(["report", "request", "--from", "2026-01-01", "--to", "2026-03-31", "--credential-file", credential])
        #expect(asked.status == 0, "\(asked.stderr)")
        let duplicate = try cli.run(["report", "request", "--from", "2026-01-01", "--to", "2026-03-31", "--credential-file", credential])
        #expect(duplicate.status == 65)
        #expect(duplicate.stderr.contains("request 1 already asks for the same report and is still open"))
        let other = try cli.run(["report", "request", "--from", "2026-01-01", "--to", "2026-03-31", "--by", "month", "--credential-file", credential])
        #expect(other.status == 0, "another grouping is another request")
        var listed = try cli.run(["report", "requests", "--passphrase-file", coordinator])
        #expect(listed.stdout.split(separator: "\n").filter { $0.hasSuffix("open") }.count == 2, "\(listed.stdout)")
        let publish = try cli.run(["report", "publish", "--from", "2026-01-01", "--to", "2026-03-31", "--answers", "1", "--passphrase-file", coordinator])
        #expect(publish.status == 0, "\(publish.stderr)")
        #expect(publish.stdout.contains("Answered request 1."))
        let unknown = try cli.run(["report", "decline", "2", "--reason", "none of your business", "--passphrase-file", coordinator])
        #expect(unknown.status == 65)
        #expect(unknown.stderr.contains("peerlog: hint: use one of: too-few-forms, conflicts-with-earlier, already-published, not-ended, duplicate"))
        let decline = try cli.run(["report", "decline", "2", "--reason", "conflicts-with-earlier", "--passphrase-file", coordinator])
        #expect(decline.status == 0, "\(decline.stderr)")
        let twice = try cli.run(["report", "decline", "1", "--reason", "duplicate", "--passphrase-file", coordinator])
        #expect(twice.status == 65 && twice.stderr.contains("request 1 has already been answered or declined"))
        listed = try cli.run(["report", "requests", "--passphrase-file", coordinator])
        #expect(listed.stdout.contains("answered by publication 1"), "\(listed.stdout)")
        #expect(listed.stdout.contains("declined: conflicts-with-earlier"), "\(listed.stdout)")
        let answeredTwice = try cli.run(["report", "publish", "--from", "2026-01-01", "--to", "2026-03-31", "--answers", "1",
                                         "--passphrase-file", coordinator])
        #expect(answeredTwice.status == 65, "a request is answered once")
    }

    @Test func noiseNeedsABudgetAndStopsAtIt() throws {
        let (cli, coordinator, credential) = try Self.program(forms: try Self.firstQuarter())
        let noBudget = try cli.run(["report", "publish", "--from", "2026-01-01", "--to", "2026-03-31", "--noise", "0.5", "--passphrase-file", coordinator])
        #expect(noBudget.status == 65)
        #expect(noBudget.stderr.contains("no noise budget is set"))
        #expect(noBudget.stderr.contains("peerlog settings noise-budget 2.0"))
        let set = try cli.run(["settings", "noise-budget", "1.0", "--passphrase-file", coordinator])
        #expect(set.status == 0, "\(set.stderr)")
        #expect(try cli.run(["settings", "noise-budget"]).stdout.contains("epsilon 1 per month of forms"))
        let badEpsilon = try cli.run(["report", "publish", "--from", "2026-01-01", "--to", "2026-03-31", "--noise", "lots", "--passphrase-file", coordinator])
        #expect(badEpsilon.status == 65)
        let first = try cli.run(["report", "publish", "--from", "2026-01-01", "--to", "2026-03-31", "--noise", "0.6", "--passphrase-file", coordinator])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("noise epsilon 0.6"))
        let over = try cli.run(["report", "publish", "--from", "2026-01-01", "--to", "2026-01-31", "--by", "month", "--noise", "0.6",
                                "--passphrase-file", coordinator])
        #expect(over.status == 65)
        #expect(over.stderr.contains("would exceed the noise budget for 2026-01: 0.6 of 1 is already spent there"))
        let list = try cli.run(["report", "published", "--credential-file", credential])
        #expect(list.stdout.contains("noise epsilon 0.6"))
        let text = try cli.run(["report", "latest", "--credential-file", credential])
        // The note is wrapped at 100 columns: compare it as one line.
        #expect(text.stdout.replacingOccurrences(of: "\n", with: " ").contains("privacy loss epsilon = 0.6"))
    }

    @Test func thePreviewListsEveryLayoutTriedAndWhatEachWithholds() throws {
        let (cli, coordinator, _) = try Self.program(forms: try Self.smallYear())
        let preview = try cli.run(["report", "--audience", "command-staff", "--from", "2025-01-01", "--to", "2025-12-31", "--by", "month",
                                   "--seed-file", try seedFile(cli, 5), "--passphrase-file", coordinator])
        try #require(preview.status == 0, "\(preview.stderr)")
        let notes = preview.stderr.split(separator: "\n").map(String.init)
        let header = try #require(notes.firstIndex(of: "peerlog: note: layouts tried (numbers withheld of all, independent non-zero numbers shown):"),
                                  "\(preview.stderr)")
        let layouts = notes[(header + 1)...].prefix { $0.hasPrefix("peerlog: note:   by ") }
        // A small program's year by month: each coarser period is tried too, and each with the rare
        // types combined (this year has several types with fewer than 2K = 10 forms).
        for name in ["by month", "by quarter", "by year"] {
            #expect(layouts.contains { $0.hasPrefix("peerlog: note:   \(name): ") }, "\(name) missing: \(layouts)")
            #expect(layouts.contains { $0.hasPrefix("peerlog: note:   \(name), ") && $0.contains("rare types combined: ") }, "\(name) combined missing: \(layouts)")
        }
        #expect(layouts.allSatisfy { $0.range(of: #": \d+ of \d+ withheld, shows \d+"#, options: .regularExpression) != nil }, "\(layouts)")
        #expect(layouts.filter { $0.hasSuffix(" <- chosen") }.count == 1, "\(layouts)")
        // The report shown is the layout marked chosen.
        let chosen = try #require(layouts.first { $0.hasSuffix(" <- chosen") })
        let grain = try #require(["month", "quarter", "year"].first { chosen.hasPrefix("peerlog: note:   by \($0)") })
        #expect(preview.stdout.contains("Anonymised report for command staff, by \(grain)."), "\(chosen)\n\(preview.stdout)")
        #expect(preview.stdout.contains("Other types, combined") == chosen.contains("rare types combined"), "\(chosen)\n\(preview.stdout)")
        // As asked: only the layout asked for.
        let asAsked = try cli.run(["report", "--audience", "command-staff", "--from", "2025-01-01", "--to", "2025-12-31", "--by", "month",
                                   "--as-asked", "--passphrase-file", coordinator])
        try #require(asAsked.status == 0, "\(asAsked.stderr)")
        #expect(asAsked.stderr.split(separator: "\n").filter { $0.hasPrefix("peerlog: note:   by ") }.count == 1, "\(asAsked.stderr)")
    }

    @Test func refusalsSayWhyAndWhatWouldWork() throws {
        let (cli, coordinator, _) = try Self.program(forms: try Self.smallYear())
        let partial = try cli.run(["report", "publish", "--from", "2025-01-05", "--to", "2025-03-31", "--passphrase-file", coordinator])
        #expect(partial.status == 65)
        #expect(partial.stderr.contains("peerlog: error: reports for command staff cover whole calendar months"))
        #expect(partial.stderr.contains("peerlog: hint: use --from 2025-01-01 --to 2025-03-31"))
        let future = try cli.run(["report", "--audience", "command-staff", "--from", "2025-01-01", "--to", "2099-12-31", "--by", "year",
                                  "--passphrase-file", coordinator])
        #expect(future.status == 65)
        #expect(future.stderr.contains("after the last month that has ended"))
        let year = try cli.run(["report", "publish", "--from", "2025-01-01", "--to", "2025-12-31", "--seed-file", try seedFile(cli, 1),
                                "--passphrase-file", coordinator])
        try #require(year.status == 0, "\(year.stderr)")
        let half = try cli.run(["report", "publish", "--from", "2025-01-01", "--to", "2025-06-30", "--as-asked", "--seed-file", try seedFile(cli, 9),
                                "--passphrase-file", coordinator])
        #expect(half.status == 65, "\(half.stdout)\(half.stderr)")
        #expect(half.stderr.contains("peerlog: error: this report would let readers narrow down a number withheld in publication 1 (2025-01-01 to 2025-12-31, by quarter, incident)"))
        #expect(half.stderr.contains("peerlog: hint: try the periods of publication 1: --by quarter --from 2025-01-01 --to 2025-12-31, or a coarser period: --by year"))
        #expect(half.stdout.isEmpty, "nothing is published")
    }
}
