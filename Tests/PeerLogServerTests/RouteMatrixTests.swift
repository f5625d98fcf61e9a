import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
@testable import PeerLog
@testable import PeerLogServer

/// Every route and method the router has, read back from the router itself, tried with no secret,
/// with a command-staff credential (HTTP Basic) and with an advisor's passphrase (a form post),
/// must answer as `Policy.decide` rules: allowed, referred to the coordinator, or denied.
@Suite("Every web route against the policy")
struct RouteMatrixTests {
    enum Presented: String, CaseIterable {
        case nothing, commandStaffCredential, advisorPassphrase

        var role: Role {
            switch self {
            case .nothing: return .anyone
            case .commandStaffCredential: return .commandStaff
            case .advisorPassphrase: return .advisor
            }
        }
    }

    /// A concrete path for a route pattern: each wildcard or capture becomes sample text.
    static func sample(_ path: RouterPath) -> String {
        let parts = path.description.split(separator: "/").map { part -> String in
            if part == "**" { return "deep/er" }
            if part == "*" || part.hasPrefix("{") || part.hasPrefix(":") { return "Sgt.%20Ana%20Ortiz" }
            if part.hasSuffix("*") { return part.dropLast() + "-2026" }
            return String(part)
        }
        return "/" + parts.joined(separator: "/")
    }

    /// What the answer says: allowed (2xx), referred (the referral page, 401 or 403), or denied.
    static func outcome(_ response: TestResponse, head: Bool) -> String {
        let page = String(buffer: response.body)
        if (200..<300).contains(Int(response.status.code)) { return "allowed" }
        if head { return "\(response.status.code)" }
        if [401, 403].contains(Int(response.status.code)), page.contains("Capt. Dana Reyes"), page.contains("IV.C.1") { return "referred" }
        return (400..<500).contains(Int(response.status.code)) ? "denied" : "failed \(response.status.code)"
    }

    @Test func everyRouteAndMethodAnswersAsThePolicyDecides() async throws {
        let (fixture, _) = try IntakeRouteTests.published()
        let router = fixture.server().router()
        _ = router.buildResponder()
        let routes = router.routes.map { (path: $0.path, method: $0.method) }
        // The router holds exactly the table's routes, with HEAD beside every GET: none added elsewhere.
        let expected = IntakeServer.routes.reduce(0) { $0 + $1.methods.count + ($1.methods.contains(.get) ? 1 : 0) }
        #expect(routes.count == expected, "the router has \(routes.count) routes, the table \(expected)")
        #expect(Set(routes.map(\.method)).isSuperset(of: [.get, .head, .post]))
        let app = Application(router: router)
        let basic = "Basic " + Data("chief:\(fixture.credential)".utf8).base64EncodedString()
        let checked = try await app.test(.router) { client -> Int in
            var checked = 0
            for route in routes {
                let row = try #require(IntakeServer.routes.first { row in
                    row.path.description == route.path.description
                        && (row.methods.contains(route.method) || (route.method == .head && row.methods.contains(.get)))
                }, "\(route.method) \(route.path) is not in IntakeServer.routes, so no policy request names it")
                for presented in Presented.allCases {
                    let form = try await ServerFixture.openForm(client)
                    var headers = ServerFixture.headers(cookie: form.cookie)
                    if presented == .commandStaffCredential { headers[.authorization] = basic }
                    let passphrase = presented == .advisorPassphrase ? ServerFixture.passphrase(of: "Sgt. Ana Ortiz") : ""
                    let body = ServerFixture.body(token: form.token, passphrase: passphrase)
                    let uri = Self.sample(route.path)
                    let before = try fixture.store.formCount()
                    let response = try await client.executeRequest(uri: uri, method: route.method, headers: headers, body: body)
                    var got = Self.outcome(response, head: route.method == .head)
                    if route.method == .head {
                        // HEAD answers as GET does, without the body.
                        let get = try await client.executeRequest(uri: uri, method: .get, headers: headers,
                                                                  body: ServerFixture.body(token: (try await ServerFixture.openForm(client)).token, passphrase: passphrase))
                        #expect(response.body.readableBytes == 0, "HEAD \(uri) has a body")
                        #expect(response.status == get.status, "HEAD \(uri) is \(response.status), GET \(get.status)")
                        got = Self.outcome(get, head: false)
                    }
                    // A passphrase proves an advisor only where a form is posted; a GET ignores
                    // its body, so the server rightly sees anyone there.
                    let role = presented == .advisorPassphrase && route.method != .post ? .anyone : presented.role
                    let decision = row.request.map { Policy.decide(role, $0).outcome } ?? "allowed"
                    #expect(got == decision, "\(route.method) \(uri) with \(presented): \(got), policy says \(decision)")
                    let stored = try fixture.store.formCount() - before
                    #expect(stored == (route.method == .post && row.request == .fileForm && got == "allowed" ? 1 : 0),
                            "\(route.method) \(uri) with \(presented) stored \(stored) forms")
                    checked += 1
                }
            }
            return checked
        }
        #expect(checked == 3 * routes.count)
    }
}
