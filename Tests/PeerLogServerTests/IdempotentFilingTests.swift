import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
@testable import PeerLog
@testable import PeerLogServer

/// A form is filed at most once per rendering, however it is sent again: a double tap, a reload,
/// a replayed request. Each tab holds its own token.
@Suite("Filing is idempotent per form token")
struct IdempotentFilingTests {
    @Test("the same token fired twice at once and once replayed stores one form", arguments: [2, 8])
    func sameTokenTwiceAndReplayedStoresOneForm(copies: Int) async throws {
        let fixture = try ServerFixture()
        let app = Application(router: fixture.server().router())
        try await app.test(.router) { client in
            let form = try await ServerFixture.openForm(client)
            let body = ServerFixture.body(token: form.token, at: "2026-01-09T06:30")
            let replies = try await withThrowingTaskGroup(of: (HTTPResponse.Status, String).self) { group in
                for _ in 0..<copies {
                    group.addTask {
                        let response = try await client.executeRequest(uri: "/", method: .post, headers: ServerFixture.headers(cookie: form.cookie), body: body)
                        return (response.status, String(buffer: response.body))
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let replayed = try await client.executeRequest(uri: "/", method: .post, headers: ServerFixture.headers(cookie: form.cookie), body: body)
            // A replay with other fields does not file them either, and shows the first receipt.
            let altered = try await client.executeRequest(uri: "/", method: .post, headers: ServerFixture.headers(cookie: form.cookie),
                                                          body: ServerFixture.body(token: form.token, at: "2026-01-09T07:45", incident: "other"))
            for (status, page) in replies + [(replayed.status, String(buffer: replayed.body)), (altered.status, String(buffer: altered.body))] {
                #expect(status == .ok)
                #expect(page.contains("Friday 9 January 2026, 06:30"), "not the first receipt:\n\(page)")
                #expect(!page.contains("07:45"))
            }
        }
        #expect(try fixture.store.formCount() == 1)
        #expect(try fixture.storedForms().map(\.serviceTime.description) == ["2026-01-09 06:30-06:00"])
    }

    @Test func twoSubmissionsFortyMillisecondsApartOverRealSocketsStoreOneForm() async throws {
        let fixture = try ServerFixture()
        let app = fixture.server().application(host: "127.0.0.1", port: 0)
        try await app.test(.live) { client in
            let live = LiveClient(port: try #require(client.port))
            let form = try await live.openForm()
            let body = String(buffer: ServerFixture.body(token: form.token))
            async let first = live.post(body, cookie: form.cookie)
            try await Task.sleep(for: .milliseconds(40))
            async let second = live.post(body, cookie: form.cookie)
            let replies = try await [first, second]
            for reply in replies {
                #expect(reply.status == 200)
                #expect(reply.body.contains("Saturday 10 January 2026, 21:45"))
            }
        }
        #expect(try fixture.store.formCount() == 1)
    }

    @Test func eachTabKeepsItsOwnTokenAndOpeningASecondDoesNotExpireTheFirst() async throws {
        let fixture = try ServerFixture()
        let app = Application(router: fixture.server().router())
        try await app.test(.router) { client in
            let first = try await ServerFixture.openForm(client)
            let second = try await ServerFixture.openForm(client, cookie: first.cookie)
            let third = try await ServerFixture.openForm(client, cookie: first.cookie)
            #expect(Set([first.token, second.token, third.token]).count == 3)
            for (form, at) in [(first, "2026-01-08T10:00"), (third, "2026-01-08T11:00"), (second, "2026-01-08T12:00")] {
                let response = try await client.executeRequest(uri: "/", method: .post, headers: ServerFixture.headers(cookie: form.cookie),
                                                                body: ServerFixture.body(token: form.token, at: at))
                #expect(response.status == .ok, "the tab filed with \(at) was refused")
            }
        }
        #expect(try fixture.store.formCount() == 3)
    }

    @Test func aTokenIsBoundToTheBrowserThatOpenedTheForm() async throws {
        let fixture = try ServerFixture()
        let app = Application(router: fixture.server().router())
        try await app.test(.router) { client in
            let mine = try await ServerFixture.openForm(client)
            let theirs = try await ServerFixture.openForm(client)
            #expect(mine.cookie != theirs.cookie)
            let stolen = try await client.executeRequest(uri: "/", method: .post, headers: ServerFixture.headers(cookie: theirs.cookie),
                                                         body: ServerFixture.body(token: mine.token))
            #expect(stolen.status == .forbidden)
            // The owner can still use it: a refused foreign attempt does not use it up.
            let own = try await client.executeRequest(uri: "/", method: .post, headers: ServerFixture.headers(cookie: mine.cookie),
                                                      body: ServerFixture.body(token: mine.token))
            #expect(own.status == .ok)
        }
        #expect(try fixture.store.formCount() == 1)
    }

    @Test func aDoubleTapOnAWrongPassphraseCountsOneGuessAndShowsTheSameRefusal() async throws {
        let fixture = try ServerFixture()
        let app = Application(router: fixture.server(failureLimit: 2).router())
        try await app.test(.router) { client in
            let form = try await ServerFixture.openForm(client)
            let body = ServerFixture.body(token: form.token, passphrase: "a wrong passphrase typed once", at: "2026-01-07T19:20")
            for _ in 0..<3 {
                let response = try await client.executeRequest(uri: "/", method: .post, headers: ServerFixture.headers(cookie: form.cookie), body: body)
                #expect(response.status == .forbidden)
                let page = String(buffer: response.body)
                #expect(page.contains("That passphrase is not correct"))
                #expect(page.contains("value=\"2026-01-07T19:20\""), "the time typed was lost")
            }
            // One guess was counted, not three: a second form may still try (limit 2).
            let next = try await ServerFixture.file(client, cookie: form.cookie)
            #expect(next.status == .ok)
        }
        #expect(try fixture.store.formCount() == 1)
    }
}

/// The token store itself, with the clock in the test's hands.
@Suite("Form tokens: lifetime, cap, receipts")
struct FormTokenTests {
    static func receipt() throws -> FilingReceipt {
        FilingReceipt(advisor: "Sgt. Ana Ortiz", time: try ServiceTime(parsing: "2026-01-10 21:45", in: ServerFixture.zone),
                      zone: ServerFixture.zone, incident: .other, intervention: .oneOnOne,
                      programCreatedOn: try CalendarDate(parsing: "2026-01-05"))
    }

    @Test func aTokenExpiresAfterItsLifetime() async {
        let tokens = FormTokens(lifetime: 60, capacity: 10)
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let token = await tokens.issue(browser: "b", now: start)
        #expect(await tokens.claim(token, browser: "b", now: start.addingTimeInterval(60)) == .unknown)
        let fresh = await tokens.issue(browser: "b", now: start)
        #expect(await tokens.claim(fresh, browser: "b", now: start.addingTimeInterval(59)) == .proceed)
    }

    @Test func theReceiptIsDroppedAfterAFewMinutesButTheTokenStaysUsed() async throws {
        let receipt = try Self.receipt()
        let tokens = FormTokens(lifetime: 3600, capacity: 10, receiptLifetime: 600)
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let token = await tokens.issue(browser: "b", now: start)
        #expect(await tokens.claim(token, browser: "b", now: start) == .proceed)
        await tokens.finish(token, .filed(receipt), now: start)
        #expect(await tokens.claim(token, browser: "b", now: start.addingTimeInterval(599)) == .finished(.filed(receipt)))
        #expect(await tokens.claim(token, browser: "b", now: start.addingTimeInterval(600)) == .finished(.filed(nil)))
    }

    @Test func theCapDropsTheOldestUnusedTokensNeverOneBeingHandled() async throws {
        let receipt = try Self.receipt()
        let tokens = FormTokens(lifetime: 3600, capacity: 100)
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let busy = await tokens.issue(browser: "b", now: start)
        #expect(await tokens.claim(busy, browser: "b", now: start) == .proceed)
        var issued: [String] = []
        for i in 0..<1000 { issued.append(await tokens.issue(browser: "b", now: start.addingTimeInterval(Double(i + 1)))) }
        #expect(await tokens.count <= 100)
        #expect(await tokens.claim(issued[0], browser: "b", now: start.addingTimeInterval(1001)) == .unknown)
        #expect(await tokens.claim(issued[999], browser: "b", now: start.addingTimeInterval(1001)) == .proceed)
        // The token being handled survived the flood: its waiters get its outcome.
        await tokens.finish(busy, .filed(receipt), now: start.addingTimeInterval(1001))
        #expect(await tokens.claim(busy, browser: "b", now: start.addingTimeInterval(1002)) == .finished(.filed(receipt)))
    }

    @Test func aConcurrentClaimWaitsForTheFirstAndGetsItsOutcome() async {
        let tokens = FormTokens()
        let token = await tokens.issue(browser: "b")
        #expect(await tokens.claim(token, browser: "b") == .proceed)
        async let second = tokens.claim(token, browser: "b")
        async let third = tokens.claim(token, browser: "b")
        try? await Task.sleep(for: .milliseconds(20))
        let problem = FormProblem("no", fields: [.passphrase], status: .forbidden)
        await tokens.finish(token, .refused(problem))
        #expect(await second == .finished(.refused(problem)))
        #expect(await third == .finished(.refused(problem)))
    }
}
