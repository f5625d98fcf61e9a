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
                #expect(String(buffer: response.body).contains("Capt. Dana Reyes"))
            }
            try await client.execute(uri: "/reports", method: .get, headers: [.authorization: bad]) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "/reports", method: .get, headers: [.authorization: good]) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == report.rendered(as: .html))
            }
            try await client.execute(uri: "/healthz", method: .get) { #expect(String(buffer: $0.body) == "ok\n") }
        }
        // Without a credential it was refused (Policy: a credential shows who is command staff):
        // counted in the day's tally, not an audit entry.
        let tally = try fixture.store.requestTally()
        #expect(tally.map(\.count).reduce(0, +) == 1)
        #expect(tally.allSatisfy { $0.request == "read-published-report" && $0.outcome == "denied" })
    }
}
