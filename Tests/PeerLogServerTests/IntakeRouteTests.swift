import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
@testable import PeerLog
@testable import PeerLogServer

@Suite("Intake web service routes")
struct IntakeRouteTests {
    @Test func formPageListsActiveAdvisorsNamesItsTimeZoneAndSendsSecurityHeaders() async throws {
        let fixture = try ServerFixture()
        let app = Application(router: fixture.server().router())
        try await app.test(.router) { client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .ok)
                let page = String(buffer: response.body)
                #expect(page.contains("Sgt. Ana Ortiz"))
                #expect(!page.contains("Ofc. Ben Carter"), "a retired advisor is offered")
                #expect(page.contains("name=\"csrf\""))
                #expect(page.contains("America/Chicago time"), "the page does not name the time zone it pre-fills in")
                #expect(!page.contains("<script"))
                #expect(response.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true)
                #expect(response.headers[.cacheControl] == "no-store")
                #expect(response.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer")
                #expect(response.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
                #expect(response.headers[.setCookie]?.contains("HttpOnly; SameSite=Strict") == true)
            }
        }
    }

    @Test func filingAFormStoresItOnceAndShowsAReceiptThatCannotBeLinkedToIt() async throws {
        let fixture = try ServerFixture()
        let app = Application(router: fixture.server().router())
        try await app.test(.router) { client in
            let response = try await ServerFixture.file(client)
            #expect(response.status == .ok)
            let page = String(buffer: response.body)
            #expect(page.contains("Filed. Only the Program Coordinator can read it."))
            for shown in ["Sgt. Ana Ortiz", "Saturday 10 January 2026, 21:45", "America/Chicago, UTC-06:00", "Critical incident", "Group support"] {
                #expect(page.contains(shown), "the receipt does not show '\(shown)'")
            }
            #expect(!page.contains("passphrase of"), "the receipt shows the passphrase")
            #expect(!page.contains("back-dated"))
            let stored = try fixture.storedForms()
            #expect(stored.count == 1)
            for form in stored {
                #expect(!page.lowercased().contains(form.id.hex.lowercased()), "the receipt shows the form's id")
            }
            for row in try fixture.store.read({ db in try Data.fetchAll(db, sql: "SELECT form_hash FROM pending_form") }) {
                #expect(!page.lowercased().contains(hexString([UInt8](row)).lowercased()), "the receipt shows the form's hash")
            }
        }
        let forms = try fixture.storedForms()
        #expect(forms.first?.incident == .criticalIncident)
        #expect(forms.first?.serviceTime.description == "2026-01-10 21:45-06:00")
    }

    @Test func aFormDatedBeforeTheProgramWasSetUpIsFiledWithTheBackDatedNote() async throws {
        let fixture = try ServerFixture()
        let app = Application(router: fixture.server().router())
        try await app.test(.router) { client in
            let response = try await ServerFixture.file(client) { ServerFixture.body(token: $0, at: "2025-11-03T08:10") }
            #expect(response.status == .ok)
            let page = String(buffer: response.body)
            #expect(page.contains("Monday 3 November 2025, 08:10"))
            #expect(page.contains("before this program was set up"), "no back-dated note:\n\(page)")
        }
        #expect(try fixture.store.formCount() == 1)
    }

    @Test("refused requests store nothing", arguments: [
        ("extra field", "&note=talked+about+divorce", HTTPResponse.Status.badRequest),
        ("member field", "&member=Ofc.+Smith", .badRequest),
        ("repeated field", "&incident=other", .badRequest),
        ("wrong passphrase", "passphrase", .forbidden),
        ("retired advisor", "retired", .forbidden),
        ("unknown code", "code", .badRequest),
        ("impossible date", "date", .badRequest),
        ("oversized body", "&" + String(repeating: "x", count: 9000), .contentTooLarge),
    ] as [(String, String, HTTPResponse.Status)])
    func refused(what: String, change: String, status: HTTPResponse.Status) async throws {
        let fixture = try ServerFixture()
        let app = Application(router: fixture.server().router())
        try await app.test(.router) { client in
            let response = try await ServerFixture.file(client) { token in
                switch change {
                case "passphrase": return ServerFixture.body(token: token, passphrase: "not her passphrase at all")
                case "retired": return ServerFixture.body(token: token, advisor: "Ofc. Ben Carter", passphrase: ServerFixture.passphrase(of: "Ofc. Ben Carter"))
                case "code": return ServerFixture.body(token: token, incident: "nope")
                case "date": return ServerFixture.body(token: token, at: "2026-02-30T10:00")
                default: return ServerFixture.body(token: token, extra: change)
                }
            }
            #expect(response.status == status, "\(what)")
            let page = String(buffer: response.body)
            #expect(!page.contains("passphrase of"), "the page echoes the passphrase")
            #expect(!page.contains("not her passphrase"), "the page echoes the passphrase")
            #expect(!page.contains("divorce") && !page.contains("Smith"), "the page echoes a field PeerLog does not accept")
        }
        #expect(try fixture.store.formCount() == 0, "\(what) stored a form")
    }

    @Test("a post without a live token of this browser is refused and echoes nothing", arguments: [
        "made-up token", "no cookie", "another browser's cookie", "no token",
    ])
    func forgedPostsEchoNothing(what: String) async throws {
        let fixture = try ServerFixture()
        let app = Application(router: fixture.server().router())
        try await app.test(.router) { client in
            let form = try await ServerFixture.openForm(client)
            let token = what == "made-up token" ? "ffffffffffffffffffffffffffffffff" : form.token
            let cookie: String? = switch what {
            case "no cookie": nil
            case "another browser's cookie": "0123456789abcdef0123456789abcdef"
            default: form.cookie
            }
            var body = ServerFixture.body(token: token, at: "2025-03-04T05:06", incident: "deadly-force", extra: "&note=ZQXJnote")
            if what == "no token" { body = ByteBuffer(string: String(buffer: body).replacingOccurrences(of: "csrf=\(token)&", with: "")) }
            let response = try await client.executeRequest(uri: "/", method: .post, headers: ServerFixture.headers(cookie: cookie), body: body)
            #expect(response.status == .forbidden)
            let page = String(buffer: response.body)
            #expect(page.contains("The form expired or did not come from this site"))
            for sent in ["2025-03-04", "deadly-force\" selected", "ZQXJ", "passphrase of"] {
                #expect(!page.contains(sent), "a forged post got '\(sent)' echoed")
            }
        }
        #expect(try fixture.store.formCount() == 0)
    }

    @Test func wrongPassphrasesAreRateLimited() async throws {
        let fixture = try ServerFixture()
        let app = Application(router: fixture.server(failureLimit: 2).router())
        try await app.test(.router) { client in
            for _ in 0..<2 {
                let response = try await ServerFixture.file(client) { ServerFixture.body(token: $0, passphrase: "wrong guess here") }
                #expect(response.status == .forbidden)
            }
            let response = try await ServerFixture.file(client)
            #expect(response.status == .tooManyRequests)
            #expect(String(buffer: response.body).contains("Too many wrong passphrases"))
            #expect(response.headers[.retryAfter] != nil)
        }
        #expect(try fixture.store.formCount() == 0)
    }

    @Test func usageQuestionsGetTheReferralPageAndAreAudited() async throws {
        let fixture = try ServerFixture()
        let app = Application(router: fixture.server().router())
        try await app.test(.router) { client in
            for uri in ["/usage", "/forms", "/query", "/reports/march", "/advisors/Ana/usage"] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .forbidden, "\(uri)")
                    let page = String(buffer: response.body)
                    #expect(page.contains("Capt. Dana Reyes"))
                    #expect(page.contains("IV.C.1"))
                }
            }
        }
        // Asked without a secret: counted for the day, not written as an audit entry each.
        let entriesBefore = try fixture.store.auditEvents().count
        #expect(try fixture.store.auditEvents().filter { $0.outcome == "referred" }.isEmpty)
        let tally = try fixture.store.requestTally()
        #expect(tally.map(\.count).reduce(0, +) == 5)
        #expect(tally.allSatisfy { $0.request == "query-usage" && $0.outcome == "referred" })
        #expect(try fixture.store.auditEvents().count == entriesBefore)
    }

    /// The fixture with forms in the first quarter of 2026, published as report 1 (and, when
    /// `twice`, again as report 2, which is then withdrawn).
    static func published(twice: Bool = false) throws -> (ServerFixture, [PublishedReport]) {
        let fixture = try ServerFixture()
        var passphrase = Array(ServerFixture.passphrase(of: "Sgt. Ana Ortiz").utf8)
        let ana = try fixture.store.unlockAdvisor(named: "Sgt. Ana Ortiz", passphrase: try SecretBytes(consuming: &passphrase))
        let entries = try (0..<24).map { i in
            FormEntry(time: try ServiceTime(parsing: "2026-0\(1 + i % 3)-1\(i % 9) 10:00", in: ServerFixture.zone),
                      incident: i % 4 == 0 ? .traumaticEvent : .personalProblems, intervention: .oneOnOne)
        }
        try fixture.store.file(batch: entries, as: ana)
        // Twice: the quarter, then its months (the same report twice would show nothing new, and is refused).
        let spec = ReportSpecification(from: try CalendarDate(parsing: "2026-01-01"), to: try CalendarDate(parsing: "2026-03-31"),
                                       by: twice ? .quarter : .month, control: try DisclosureControl(), asAsked: true)
        var numbers = [try fixture.store.publish(fixture.store.prepareCommandStaffReport(keyring: fixture.keyring, spec), keyring: fixture.keyring)]
        if twice {
            let months = ReportSpecification(from: spec.from, to: spec.to, by: .month, control: spec.control, asAsked: true)
            numbers.append(try fixture.store.publish(fixture.store.prepareCommandStaffReport(keyring: fixture.keyring, months), keyring: fixture.keyring))
            try fixture.store.withdrawPublication(numbers[1], keyring: fixture.keyring)
        }
        return (fixture, try numbers.map { try fixture.store.publishedReport($0, as: .coordinator(fixture.keyring)) })
    }

    @Test func commandStaffReadThePublishedReportWithTheirCredential() async throws {
        let (fixture, published) = try Self.published()
        let app = Application(router: fixture.server().router())
        let good = "Basic " + Data("chief:\(fixture.credential)".utf8).base64EncodedString()
        let bad = "Basic " + Data("chief:AAAA-BBBB".utf8).base64EncodedString()
        try await app.test(.router) { client in
            for uri in ["/reports", "/reports/1"] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .unauthorized)
                    #expect(response.headers[.wwwAuthenticate]?.hasPrefix("Basic") == true)
                }
                try await client.execute(uri: uri, method: .get, headers: [.authorization: bad]) { #expect($0.status == .unauthorized) }
            }
            try await client.execute(uri: "/reports/1", method: .get, headers: [.authorization: good]) { response in
                #expect(response.status == .ok)
                let page = String(buffer: response.body)
                #expect(page == published[0].report.rendered(as: .html))
                #expect(page.contains("Publication 1, published \(published[0].publishedAt), signed by program root \(published[0].keyFingerprint)"))
            }
            try await client.execute(uri: "/healthz", method: .get) { #expect(String(buffer: $0.body) == "ok\n") }
        }
        // Without a credential (/reports and /reports/1) it was refused (Policy: a credential shows
        // who is command staff): counted in the day's tally, not an audit entry.
        let tally = try fixture.store.requestTally()
        #expect(tally.map(\.count).reduce(0, +) == 2)
        #expect(tally.allSatisfy { $0.request == "read-published-report" && $0.outcome == "denied" })
    }

    @Test func theArchiveListsEveryPublicationAndOpensEachByNumber() async throws {
        let (fixture, published) = try Self.published(twice: true)
        let app = Application(router: fixture.server().router())
        let good = "Basic " + Data("chief:\(fixture.credential)".utf8).base64EncodedString()
        try await app.test(.router) { client in
            try await client.execute(uri: "/reports", method: .get, headers: [.authorization: good]) { response in
                #expect(response.status == .ok)
                let page = String(buffer: response.body)
                #expect(page.contains("<a href=\"/reports/1\">Report 1</a>"))
                #expect(page.contains("<a href=\"/reports/2\">Report 2</a>"))
                #expect(page.contains("withdrawn \(published[1].withdrawnAt ?? "?")"))
                #expect(page.contains("program root \(published[0].keyFingerprint)"))
                // Newest first; the latest is the newest one not withdrawn.
                let one = try #require(page.range(of: "Report 1</a>")), two = try #require(page.range(of: "Report 2</a>"))
                #expect(two.lowerBound < one.lowerBound)
                #expect(page.contains("latest"))
            }
            try await client.execute(uri: "/reports/2", method: .get, headers: [.authorization: good]) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("<strong>Withdrawn</strong> by the Program Coordinator"))
            }
            try await client.execute(uri: "/reports/3", method: .get, headers: [.authorization: good]) { response in
                #expect(response.status == .notFound)
                #expect(String(buffer: response.body).contains("There is no published report with that number."))
            }
            // Only a plain number names a publication: anything else is a question about usage.
            for uri in ["/reports/01", "/reports/-1", "/reports/1a", "/reports/latest"] {
                try await client.execute(uri: uri, method: .get, headers: [.authorization: good]) { response in
                    #expect(response.status == .forbidden, "\(uri)")
                    #expect(String(buffer: response.body).contains("IV.C.1"), "\(uri)")
                }
            }
        }
    }
}
