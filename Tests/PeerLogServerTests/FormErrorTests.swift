import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
@testable import PeerLog
@testable import PeerLogServer

/// A refused form comes back as it was typed (all but the passphrase), with the field at fault
/// marked and named, as a tired advisor at 3 a.m. would need it.
@Suite("Refused forms keep what was typed and name the field")
struct FormErrorTests {
    /// Each mistake, the field it must mark, the status, and words the message must contain.
    static let mistakes: [(String, FormField?, HTTPResponse.Status, String)] = [
        ("wrong passphrase", .passphrase, .forbidden, "passphrase is not correct"),
        ("no passphrase", .passphrase, .badRequest, "Please fill in passphrase"),
        ("no time", .at, .badRequest, "Please fill in date and time of service"),
        ("no incident", .incident, .badRequest, "Please fill in type of incident"),
        ("bad time", .at, .badRequest, "not written as a date and time"),
        ("impossible time", .at, .badRequest, "not a real calendar date"),
        ("eleven years ago", .at, .badRequest, "more than 10 years ago"),
        ("next week", .at, .badRequest, "more than a day in the future"),
        ("unknown code", .intervention, .badRequest, "kind of support from the list"),
        ("unknown advisor", .advisor, .badRequest, "not on the roster"),
        ("retired advisor", .advisor, .forbidden, "retired"),
        ("extra field", nil, .badRequest, "does not accept"),
    ]

    @Test("the page keeps every field but the passphrase and marks the one at fault", arguments: mistakes)
    func keepsFieldsAndMarksTheOneAtFault(mistake: String, field: FormField?, status: HTTPResponse.Status, words: String) async throws {
        let fixture = try ServerFixture()
        let app = Application(router: fixture.server().router())
        let now = Date()
        let elevenYearsAgo = IntakeServer.localMinute(now.addingTimeInterval(-11 * 366 * 86_400), ServerFixture.zone)
        let nextWeek = IntakeServer.localMinute(now.addingTimeInterval(7 * 86_400), ServerFixture.zone)
        // A deliberately set past time, as an advisor filing the night before would type it.
        var typed = (advisor: "Sgt. Ana Ortiz", passphrase: "a wrong passphrase typed once", at: "2026-01-06T03:10",
                     incident: "traumatic-event", intervention: "one-on-one", extra: "")
        switch mistake {
        case "no passphrase": typed.passphrase = ""
        case "no time": typed.at = ""
        case "no incident": typed.incident = ""
        case "bad time": typed.at = "yesterday evening"
        case "impossible time": typed.at = "2026-02-30T03:10"
        case "eleven years ago": typed.at = elevenYearsAgo
        case "next week": typed.at = nextWeek
        case "unknown code": typed.intervention = "hypnosis"
        case "unknown advisor": typed.advisor = "Sgt. Nobody Here"
        case "retired advisor": typed.advisor = "Ofc. Ben Carter"
        case "extra field": typed.extra = "&note=ZQXJ+spoke+about+home"
        default: break
        }
        let sent = typed
        try await app.test(.router) { client in
            let response = try await ServerFixture.file(client) { token in
                ServerFixture.body(token: token, advisor: sent.advisor, passphrase: sent.passphrase, at: sent.at,
                                   incident: sent.incident, intervention: sent.intervention, extra: sent.extra)
            }
            #expect(response.status == status, "\(mistake)")
            let page = String(buffer: response.body)
            #expect(page.contains(words), "\(mistake): the message does not say '\(words)':\n\(page)")
            #expect(!page.contains(sent.passphrase.isEmpty ? "passphrase of" : sent.passphrase), "\(mistake): the passphrase is echoed")
            #expect(!page.contains("ZQXJ"), "\(mistake): a field PeerLog does not accept is echoed")
            // What was typed is there again.
            if !sent.advisor.isEmpty { #expect(page.contains("value=\"\(HTMLPage.escape(sent.advisor))\" selected"), "\(mistake): advisor lost") }
            if !sent.at.isEmpty {
                #expect(page.contains("name=\"at\" value=\"\(HTMLPage.escape(sent.at))\""), "\(mistake): time lost")
                // The time shown is the one typed, not the time now, and the hint says so.
                #expect(page.contains("as you gave it") && !page.contains("filled in with the time now"), "\(mistake): hint speaks of the time now")
            }
            if !sent.incident.isEmpty { #expect(page.contains("value=\"\(sent.incident)\" selected"), "\(mistake): incident lost") }
            if mistake == "unknown code" {
                // Not on the list, so nothing to select: the list is offered again instead.
                #expect(!page.contains("hypnosis"))
            } else {
                #expect(page.contains("value=\"\(sent.intervention)\" selected"), "\(mistake): intervention lost")
            }
            #expect(page.contains("<input type=\"password\" name=\"passphrase\" required"), "\(mistake): passphrase field prefilled")
            // Exactly the field at fault is marked.
            for other in FormField.allCases {
                let marked = page.contains("aria-describedby=\"err-\(other.rawValue)\"")
                #expect(marked == (other == field), "\(mistake): field \(other.rawValue) marked \(marked)")
            }
            // And a fresh token: the refused one is used up.
            #expect(ServerFixture.token(in: page) != nil)
        }
        #expect(try fixture.store.formCount() == 0)
    }

    @Test func aPastTimeSurvivesAWrongPassphraseAndThenFilesAsTyped() async throws {
        let fixture = try ServerFixture()
        let app = Application(router: fixture.server().router())
        try await app.test(.router) { client in
            let form = try await ServerFixture.openForm(client)
            let refused = try await client.executeRequest(uri: "/", method: .post, headers: ServerFixture.headers(cookie: form.cookie),
                                                          body: ServerFixture.body(token: form.token, passphrase: "not it, sorry", at: "2026-01-04T23:55"))
            #expect(refused.status == .forbidden)
            let page = String(buffer: refused.body)
            #expect(page.contains("value=\"2026-01-04T23:55\""), "the past time was reset")
            let token = try #require(ServerFixture.token(in: page))
            #expect(token != form.token)
            // The advisor types the passphrase again and sends the page as it stands.
            let filed = try await client.executeRequest(uri: "/", method: .post, headers: ServerFixture.headers(cookie: form.cookie),
                                                        body: ServerFixture.body(token: token, at: "2026-01-04T23:55"))
            #expect(filed.status == .ok)
            let receipt = String(buffer: filed.body)
            #expect(receipt.contains("Sunday 4 January 2026, 23:55"))
            #expect(receipt.contains("before this program was set up"), "a form dated before set-up has no back-dated note")
        }
        #expect(try fixture.storedForms().map(\.serviceTime.description) == ["2026-01-04 23:55-06:00"])
    }

    @Test func anExpiredTokenShowsAnEmptyFormAndNothingThatWasSent() async throws {
        let fixture = try ServerFixture()
        let app = Application(router: fixture.server().router())
        try await app.test(.router) { client in
            let form = try await ServerFixture.openForm(client)
            let response = try await client.executeRequest(uri: "/", method: .post, headers: ServerFixture.headers(cookie: form.cookie),
                                                           body: ServerFixture.body(token: "0123456789abcdef0123456789abcdef", at: "2025-12-24T22:10"))
            #expect(response.status == .forbidden)
            let page = String(buffer: response.body)
            #expect(!page.contains("2025-12-24"))
            #expect(!page.contains(" selected"))
        }
    }
}
