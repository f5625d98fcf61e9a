import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
@testable import PeerLog
@testable import PeerLogServer

/// Parallel wrong guesses get exactly the limit, never one more, and a client cannot pick a new
/// address per guess with a header unless the connection comes from a proxy named as trusted.
@Suite("The wrong-passphrase limit holds under parallel guesses")
struct RateLimitRaceTests {
    /// How many of `replies` tried the passphrase (403, wrong) and how many were refused untried (429).
    static func tally(_ replies: [(Int, String)]) -> (tried: Int, refused: Int) {
        (replies.filter { $0.0 == 403 && $0.1.contains("passphrase is not correct") }.count, replies.filter { $0.0 == 429 }.count)
    }

    @Test("N parallel wrong guesses for one advisor get exactly the limit", arguments: [1, 5])
    func parallelGuessesForOneAdvisor(limit: Int) async throws {
        let fixture = try ServerFixture()
        let guesses = limit + 7
        let app = Application(router: fixture.server(failureLimit: limit).router())
        try await app.test(.router) { client in
            let browser = try await ServerFixture.openForm(client)
            var forms: [ServerFixture.Form] = [browser]
            for _ in 1..<guesses { forms.append(try await ServerFixture.openForm(client, cookie: browser.cookie)) }
            let replies = try await withThrowingTaskGroup(of: (Int, String).self) { group in
                for (i, form) in forms.enumerated() {
                    group.addTask {
                        let response = try await client.executeRequest(uri: "/", method: .post, headers: ServerFixture.headers(cookie: form.cookie),
                                                                        body: ServerFixture.body(token: form.token, passphrase: "guess number \(i) is wrong"))
                        return (Int(response.status.code), String(buffer: response.body))
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let counts = Self.tally(replies)
            #expect(counts.tried == limit, "\(counts.tried) guesses were tried with a limit of \(limit)")
            #expect(counts.refused == guesses - limit)
        }
        #expect(try fixture.store.formCount() == 0)
    }

    @Test func spoofedForwardingHeadersDoNotGiveAClientNewGuesses() async throws {
        let fixture = try ServerFixture(moreAdvisors: 6)
        let advisors = ["Sgt. Ana Ortiz"] + ServerFixture.otherAdvisors
        let app = fixture.server().application(host: "127.0.0.1", port: 0)
        try await app.test(.live) { client in
            let live = LiveClient(port: try #require(client.port))
            let browser = try await live.openForm()
            // Two guesses per advisor, so only the client's own counter can stop them.
            let replies = try await withThrowingTaskGroup(of: (Int, String).self) { group in
                for i in 0..<(2 * advisors.count) {
                    group.addTask {
                        let form = try await live.openForm(cookie: browser.cookie)
                        let spoofed = "198.51.100.\(i + 1)"
                        let body = ServerFixture.body(token: form.token, advisor: advisors[i % advisors.count], passphrase: "spoofed guess \(i)")
                        let reply = try await live.post(String(buffer: body), cookie: form.cookie,
                                                        headers: ["X-Forwarded-For": spoofed, "X-Real-IP": spoofed])
                        return (reply.status, reply.body)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let counts = Self.tally(replies)
            #expect(counts.tried == 5, "\(counts.tried) guesses were tried from one address")
            #expect(counts.refused == 2 * advisors.count - 5)
        }
    }

    @Test func aTrustedProxysClientAddressesAreCountedApart() async throws {
        let fixture = try ServerFixture(moreAdvisors: 6)
        let advisors = ["Sgt. Ana Ortiz"] + ServerFixture.otherAdvisors
        let app = fixture.server(trustedProxies: try TrustedProxies(["127.0.0.1"])).application(host: "127.0.0.1", port: 0)
        try await app.test(.live) { client in
            let live = LiveClient(port: try #require(client.port))
            let browser = try await live.openForm()
            func guess(_ i: Int, forwardedFor: String) async throws -> (Int, String) {
                let form = try await live.openForm(cookie: browser.cookie)
                let body = ServerFixture.body(token: form.token, advisor: advisors[i % advisors.count], passphrase: "proxied guess \(i)")
                let reply = try await live.post(String(buffer: body), cookie: form.cookie, headers: ["X-Forwarded-For": forwardedFor])
                return (reply.status, reply.body)
            }
            // Seven real clients behind the proxy, one guess each: all tried.
            var replies: [(Int, String)] = []
            for i in 0..<advisors.count { replies.append(try await guess(i, forwardedFor: "203.0.113.\(i + 1)")) }
            #expect(Self.tally(replies).tried == advisors.count)
            // One client that prepends addresses of its own: the proxy appended the real one last.
            replies = try await withThrowingTaskGroup(of: (Int, String).self) { group in
                for i in 0..<advisors.count {
                    group.addTask { try await guess(i, forwardedFor: "192.0.2.\(i + 1), 203.0.113.200") }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let counts = Self.tally(replies)
            #expect(counts.tried == 5, "the client behind the proxy got \(counts.tried) guesses")
            #expect(counts.refused == advisors.count - 5)
        }
    }

    @Test("the client address", arguments: [
        // (trusted, peer, X-Forwarded-For, X-Real-IP, expected)
        ([], "127.0.0.1", "203.0.113.5", "203.0.113.6", "127.0.0.1"),
        ([], "192.0.2.7", nil, "203.0.113.6", "192.0.2.7"),
        (["127.0.0.1"], "127.0.0.1", "203.0.113.5", "203.0.113.6", "203.0.113.5"),
        (["127.0.0.1"], "127.0.0.1", nil, "203.0.113.6", "203.0.113.6"),
        (["127.0.0.1"], "127.0.0.1", "198.51.100.1, 203.0.113.5", nil, "203.0.113.5"),
        (["127.0.0.1", "10.0.0.2"], "127.0.0.1", "203.0.113.5, 10.0.0.2", nil, "203.0.113.5"),
        (["127.0.0.1"], "127.0.0.1", "203.0.113.5, not-an-address", nil, "127.0.0.1"),
        (["::1"], "::1", "2001:db8::0001", nil, "2001:db8::1"),
        (["127.0.0.1"], "192.0.2.7", "203.0.113.5", nil, "192.0.2.7"),
    ] as [([String], String, String?, String?, String)])
    func clientAddress(trusted: [String], peer: String, forwardedFor: String?, realIP: String?, expected: String) throws {
        var headers = HTTPFields()
        if let forwardedFor { headers[try #require(TrustedProxies.forwardedFor)] = forwardedFor }
        if let realIP { headers[try #require(TrustedProxies.realIP)] = realIP }
        #expect(try TrustedProxies(trusted).clientAddress(peer: peer, headers: headers) == expected)
    }

    @Test("a trusted proxy must be an address", arguments: ["proxy.example", "127.0.0.0/8", "", "1.2.3.4.5"])
    func aTrustedProxyMustBeAnAddress(text: String) {
        #expect(throws: IntakeConfigurationError.notAnAddress(text)) { try TrustedProxies([text]) }
    }
}
