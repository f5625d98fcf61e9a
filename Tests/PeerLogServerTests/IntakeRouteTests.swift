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
    @Test func formPageListsActiveAdvisorsAndSendsSecurityHeaders() async throws {
        let fixture = try ServerFixture()
        let app = Application(router: fixture.server().router())
        try await app.test(.router) { client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .ok)
                let page = String(buffer: response.body)
                #expect(page.contains("Sgt. Ana Ortiz"))
                #expect(!page.contains("Ofc. Ben Carter"), "a retired advisor is offered")
                #expect(page.contains("name=\"csrf\""))
                #expect(!page.contains("<script"))
                #expect(response.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true)
                #expect(response.headers[.cacheControl] == "no-store")
                #expect(response.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer")
                #expect(response.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
                #expect(response.headers[.setCookie]?.contains("HttpOnly; SameSite=Strict") == true)
            }
        }
    }

    @Test func filingAFormStoresItOnceAndNeverEchoesIt() async throws {
        let fixture = try ServerFixture()
        let app = Application(router: fixture.server().router())
        try await app.test(.router) { client in
            try await client.execute(uri: "/", method: .post, headers: ServerFixture.headers(), body: ServerFixture.body()) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/?filed=1")
            }
            try await client.execute(uri: "/?filed=1", method: .get) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("Filed. Only the Program Coordinator can read it."))
                #expect(!page.contains("selected"))
                #expect(!page.contains("2026-01-10T21:45"))
            }
        }
        #expect(try fixture.store.formCount() == 1)
        var forms: [UsageForm] = []
        try fixture.store.forEachForm(keyring: fixture.keyring) { forms.append($0) }
        #expect(forms.first?.incident == .criticalIncident)
        #expect(forms.first?.serviceTime.description == "2026-01-10 21:45-06:00")
    }

    @Test("refused requests store nothing", arguments: [
        ("extra field", ServerFixture.body(extra: "&note=talked+about+divorce"), ServerFixture.headers(), HTTPResponse.Status.badRequest),
        ("member field", ServerFixture.body(extra: "&member=Ofc.+Smith"), ServerFixture.headers(), .badRequest),
        ("bad CSRF token", ServerFixture.body(token: "ffffffffffffffffffffffffffffffff"), ServerFixture.headers(), .forbidden),
        ("no CSRF cookie", ServerFixture.body(), [.contentType: "application/x-www-form-urlencoded"], .forbidden),
        ("wrong passphrase", ServerFixture.body(passphrase: "not her passphrase"), ServerFixture.headers(), .forbidden),
        ("retired advisor", ServerFixture.body(advisor: "Ofc. Ben Carter", passphrase: ServerFixture.passphrase(of: "Ofc. Ben Carter")), ServerFixture.headers(), .forbidden),
        ("unknown code", ServerFixture.body(incident: "nope"), ServerFixture.headers(), .badRequest),
        ("impossible date", ServerFixture.body(at: "2026-02-30T10:00"), ServerFixture.headers(), .badRequest),
        ("oversized body", ServerFixture.body(extra: "&" + String(repeating: "x", count: 9000)), ServerFixture.headers(), .contentTooLarge),
    ] as [(String, ByteBuffer, HTTPFields, HTTPResponse.Status)])
    func refused(what: String, body: ByteBuffer, headers: HTTPFields, status: HTTPResponse.Status) async throws {
        let fixture = try ServerFixture()
        let app = Application(router: fixture.server().router())
        try await app.test(.router) { client in
            try await client.execute(uri: "/", method: .post, headers: headers, body: body) { response in
                #expect(response.status == status, "\(what)")
                #expect(!String(buffer: response.body).contains("passphrase of"), "the page echoes the passphrase")
            }
        }
        #expect(try fixture.store.formCount() == 0, "\(what) stored a form")
    }

    @Test func wrongPassphrasesAreRateLimited() async throws {
        let fixture = try ServerFixture()
        let app = Application(router: fixture.server(failureLimit: 2).router())
        try await app.test(.router) { client in
            for _ in 0..<2 {
                try await client.execute(uri: "/", method: .post, headers: ServerFixture.headers(),
                                         body: ServerFixture.body(passphrase: "wrong guess here")) { #expect($0.status == .forbidden) }
            }
            try await client.execute(uri: "/", method: .post, headers: ServerFixture.headers(), body: ServerFixture.body()) { response in
                #expect(response.status == .tooManyRequests)
                #expect(String(buffer: response.body).contains("Too many wrong passphrases"))
                #expect(response.headers[.retryAfter] != nil)
            }
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
