import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
@testable import PeerLog
@testable import PeerLogServer

/// Whatever way a question about usage is asked on the web, the answer is the referral page, and
/// asking without a secret never grows the audit trail.
@Suite("Usage-like URLs, HEAD and the favicon")
struct ReferralRouteTests {
    static let usageLike = [
        "/usage", "/Usage", "/USAGE", "/usage-report", "/usage/2026/03", "/usages",
        "/forms", "/forms/1", "/FORMS/1", "/Forms/1/edit", "/form/7",
        "/members", "/members/Ofc.%20Smith/usage", "/Members/12", "/member/12",
        "/query", "/query/usage", "/queries/1",
        "/reports/march", "/Reports/2026/q1",
        "/advisors/Ana/usage", "/advisors/Sgt.%20Ana%20Ortiz/Usage", "/ADVISORS/1/USAGE/2026", "/advisors/x/forms/3",
    ]

    @Test("every usage-like URL gets the referral page, status and body as /usage", arguments: usageLike)
    func usageLikeURLsAreReferred(uri: String) async throws {
        let fixture = try ServerFixture()
        let app = Application(router: fixture.server().router())
        try await app.test(.router) { client in
            let reference = try await client.executeRequest(uri: "/usage", method: .get, headers: [:], body: nil)
            #expect(reference.status == .forbidden)
            #expect(String(buffer: reference.body).contains("Capt. Dana Reyes"))
            for method in [HTTPRequest.Method.get, .post, .put, .delete] {
                let response = try await client.executeRequest(uri: uri, method: method, headers: [:], body: nil)
                #expect(response.status == reference.status, "\(method) \(uri): \(response.status)")
                #expect(response.body == reference.body, "\(method) \(uri) is not the referral page")
            }
            let head = try await client.executeRequest(uri: uri, method: .head, headers: [:], body: nil)
            #expect(head.status == .forbidden)
        }
        #expect(try fixture.store.requestTally().map(\.count).reduce(0, +) == 6)
    }

    @Test("other unknown URLs are a plain 404", arguments: ["/nothing", "/advisors", "/advisors/Ana", "/index.html"])
    func otherURLsAreNotFound(uri: String) async throws {
        let fixture = try ServerFixture()
        let app = Application(router: fixture.server().router())
        try await app.test(.router) { client in
            let response = try await client.executeRequest(uri: uri, method: .get, headers: [:], body: nil)
            #expect(response.status == .notFound)
            #expect(response.headers[.contentSecurityPolicy] != nil)
        }
    }

    @Test("HEAD answers wherever GET does, with GET's status and headers and no body",
          arguments: ["/", "/healthz", "/reports", "/usage", "/favicon.ico", "/Forms/2"])
    func headWorksWhereGetDoes(uri: String) async throws {
        let fixture = try ServerFixture()
        let app = Application(router: fixture.server().router())
        try await app.test(.router) { client in
            let get = try await client.executeRequest(uri: uri, method: .get, headers: [:], body: nil)
            let head = try await client.executeRequest(uri: uri, method: .head, headers: [:], body: nil)
            #expect(head.status == get.status)
            #expect(head.status != .notFound && head.status != .methodNotAllowed)
            #expect(head.body.readableBytes == 0)
            for name in [HTTPField.Name.contentType, .contentSecurityPolicy, .cacheControl] {
                #expect(head.headers[name] == get.headers[name], "HEAD \(uri): \(name)")
            }
        }
    }

    @Test func theFaviconIsAnEmptyAnswer() async throws {
        let fixture = try ServerFixture()
        let app = Application(router: fixture.server().router())
        try await app.test(.router) { client in
            let response = try await client.executeRequest(uri: "/favicon.ico", method: .get, headers: [:], body: nil)
            #expect(response.status == .noContent)
            #expect(response.body.readableBytes == 0)
        }
        #expect(try fixture.store.requestTally().isEmpty)
    }
}

@Suite("A flood of anonymous requests", .tags(.slow), .timeLimit(.minutes(5)))
struct AnonymousFloodTests {
    @Test func aFloodOfReferralsAddsNoAuditEntryAndABoundedTally() async throws {
        let fixture = try ServerFixture()
        let app = Application(router: fixture.server().router())
        let before = try fixture.store.auditEvents().count
        let total = 500
        let uris = ReferralRouteTests.usageLike + ["/reports"]
        try await app.test(.router) { client in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in 0..<20 {
                    group.addTask {
                        for i in stride(from: worker, to: total, by: 20) {
                            let response = try await client.executeRequest(uri: uris[i % uris.count], method: .get, headers: [:], body: nil)
                            #expect([401, 403].contains(Int(response.status.code)))
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
        #expect(try fixture.store.auditEvents().count == before, "anonymous requests wrote audit entries")
        let tally = try fixture.store.requestTally()
        // One row per day, kind of request and outcome: two kinds, and the run may cross midnight (UTC).
        #expect(tally.count <= 4)
        #expect(tally.map(\.count).reduce(0, +) == total)
        #expect(try fixture.store.verifyAudit().isIntact)
    }
}
