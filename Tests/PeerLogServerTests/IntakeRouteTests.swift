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

    @Test func commandStaffReadThePublishedReportWithTheirCredential() async throws {
        let fixture = try ServerFixture()
        let report = try fixture.store.commandStaffReport(keyring: fixture.keyring, from: nil, to: nil, control: try DisclosureControl())
        try fixture.store.publish(report, keyring: fixture.keyring)
        let app = Application(router: fixture.server().router())
        let good = "Basic " + Data("chief:\(fixture.credential)".utf8).base64EncodedString()
        let bad = "Basic " + Data("chief:AAAA-BBBB".utf8).base64EncodedString()
        try await app.test(.router) { client in
            try await client.execute(uri: "/reports", method: .get) { response in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.wwwAuthenticate]?.hasPrefix("Basic") == true)
            }
            try await client.execute(uri: "/reports", method: .get, headers: [.authorization: bad]) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "/reports", method: .get, headers: [.authorization: good]) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == report.rendered(as: .html))
            }
            try await client.execute(uri: "/healthz", method: .get) { #expect(String(buffer: $0.body) == "ok\n") }
        }
    }
}
