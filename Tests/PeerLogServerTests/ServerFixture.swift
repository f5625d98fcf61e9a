import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
@testable import PeerLog
@testable import PeerLogServer

/// A program in a temporary directory with two advisors (cheapest KDF), one retired, and a
/// command-staff credential, plus helpers to talk to the intake service.
final class ServerFixture: @unchecked Sendable {
    let directory: String
    let store: PeerLogStore
    let keyring: ProgramKeyring
    let coordinatorPassphrase: SecretBytes
    let credential: String
    static let zone = TimeZone(identifier: "America/Chicago")!
    /// Active advisors `moreAdvisors` can add, beyond Sgt. Ana Ortiz.
    static let otherAdvisors = ["Sgt. Cara Diaz", "Ofc. Dev Patel", "Det. Eli Ford", "Cpl. Fay Gomez", "Ofc. Gus Hale", "Sgt. Ida Jones"]
    /// The day the fixture's program was set up; forms before it are back-dated.
    static let setUpDay = "2026-01-05"

    /// - Parameter moreAdvisors: how many of `otherAdvisors` to enrol as well (active).
    init(moreAdvisors: Int = 0) throws {
        var template = Array((NSTemporaryDirectory() + "/peerlog-server-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw CocoaError(.fileWriteUnknown) }
        directory = String(cString: made)
        let today = try CalendarDate(parsing: Self.setUpDay)
        var pass = Array(Self.strong("coordinator passphrase").utf8)
        let coordinator = try SecretBytes(consuming: &pass)
        let (created, _) = try PeerLogStore.createProgram(at: directory + "/p.db", name: "Joplin PD Peer Support", coordinator: "Capt. Dana Reyes",
                                                         passphrase: coordinator, kdf: .minimum, today: today)
        // Opened as `peerlog serve` opens it: a pool, so reads do not wait for a filing's commit.
        store = try PeerLogStore(openingExisting: created.path, concurrentReaders: true)
        keyring = try store.unlockProgram(passphrase: coordinator)
        coordinatorPassphrase = coordinator
        for name in ["Sgt. Ana Ortiz", "Ofc. Ben Carter"] + Self.otherAdvisors.prefix(moreAdvisors) {
            try Self.enrol(name, in: store, keyring: keyring, kdf: .minimum, today: today)
        }
        _ = try store.retireAdvisor(named: "Ofc. Ben Carter", authority: keyring, today: today)
        credential = try store.grantAccess(to: "Chief Lee", authority: keyring, today: today).printable
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    /// Enrols `name` with the passphrase `passphrase(of:)` gives.
    func enrol(_ name: String, kdf: KDFParameters = .minimum) throws {
        try Self.enrol(name, in: store, keyring: keyring, kdf: kdf, today: try CalendarDate(parsing: Self.setUpDay))
    }

    private static func enrol(_ name: String, in store: PeerLogStore, keyring: ProgramKeyring, kdf: KDFParameters, today: CalendarDate) throws {
        var bytes = Array(passphrase(of: name).utf8)
        try store.addAdvisor(name: name, passphrase: try SecretBytes(consuming: &bytes), authority: keyring, kdf: kdf, today: today)
    }

    /// `label` made into a passphrase that PeerLog accepts for a new one (four random words after it).
    static func strong(_ label: String) -> String { label + " tundra quiver basil mosaic" }

    /// The passphrase each advisor of the fixture was enrolled with.
    static func passphrase(of name: String) -> String { strong("passphrase of \(name)") }

    func server(failureLimit: Int = 5, trustedProxies: TrustedProxies = .none, limits: ConnectionLimits = .standard) -> IntakeServer {
        IntakeServer(store: store, failureLimit: failureLimit, timeZone: Self.zone, trustedProxies: trustedProxies, limits: limits)
    }

    /// A form body; `extra` adds fields a client should not send.
    static func body(token: String, advisor: String = "Sgt. Ana Ortiz",
                     passphrase: String = passphrase(of: "Sgt. Ana Ortiz"), at: String = "2026-01-10T21:45",
                     incident: String = "critical-incident", intervention: String = "group-support", extra: String = "") -> ByteBuffer {
        ByteBuffer(string: "csrf=\(token)&advisor=\(enc(advisor))&passphrase=\(enc(passphrase))&at=\(enc(at))"
            + "&incident=\(enc(incident))&intervention=\(enc(intervention))" + extra)
    }

    static func enc(_ s: String) -> String { s.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? s }

    /// Headers of a form post from the browser holding `cookie`.
    static func headers(cookie: String?) -> HTTPFields {
        var fields: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        if let cookie { fields[.cookie] = "peerlog_csrf=\(cookie)" }
        return fields
    }

    /// One rendering of the form as a browser gets it: the browser cookie (the one it had, or the
    /// one the page set) and the page's token.
    struct Form: Sendable {
        let cookie: String
        let token: String
        let page: String
    }

    /// `GET /` as the browser holding `cookie` (a new browser when nil).
    static func openForm(_ client: some TestClientProtocol, cookie: String? = nil) async throws -> Form {
        let response = try await client.executeRequest(uri: "/", method: .get, headers: cookie.map { [.cookie: "peerlog_csrf=\($0)"] } ?? [:],
                                                       body: nil)
        let page = String(buffer: response.body)
        guard let token = Self.token(in: page), let cookie = cookie ?? Self.cookie(in: response.headers) else {
            throw FixtureError.noForm(status: Int(response.status.code))
        }
        return Form(cookie: cookie, token: token, page: page)
    }

    /// The value of the hidden `csrf` field of a form page.
    static func token(in page: String) -> String? {
        guard let start = page.range(of: "name=\"csrf\" value=\"") else { return nil }
        let rest = page[start.upperBound...]
        guard let end = rest.firstIndex(of: "\"") else { return nil }
        return String(rest[..<end])
    }

    /// The `peerlog_csrf` value a response sets.
    static func cookie(in headers: HTTPFields) -> String? {
        guard let set = headers[.setCookie], set.hasPrefix("peerlog_csrf=") else { return nil }
        return String(set.dropFirst("peerlog_csrf=".count).prefix { $0 != ";" })
    }

    /// Opens a form and posts it, with `body` built from the new token.
    static func file(_ client: some TestClientProtocol, cookie: String? = nil, extraHeaders: HTTPFields = [:],
                     _ body: (String) -> ByteBuffer = { body(token: $0) }) async throws -> TestResponse {
        let form = try await openForm(client, cookie: cookie)
        var headers = Self.headers(cookie: form.cookie)
        headers.append(contentsOf: extraHeaders)
        return try await client.executeRequest(uri: "/", method: .post, headers: headers, body: body(form.token))
    }

    /// The forms stored, opened with the coordinator's keyring.
    func storedForms() throws -> [UsageForm] {
        var forms: [UsageForm] = []
        try store.forEachForm(keyring: keyring) { forms.append($0) }
        return forms
    }

    enum FixtureError: Error {
        case noForm(status: Int)
    }
}
