import Foundation
import HTTPTypes
import Hummingbird
import Logging
import PeerLog
import ServiceLifecycle

/// The intake web service: advisors file usage forms from a phone; command staff read the archive
/// of published reports; everything else about usage gets the referral page. It holds only what
/// filing needs (the program public key, advisors' wrapped keys): the coordinator's secret key is
/// never loaded here. Every route passes `PeerLogStore.authorize` first.
public struct IntakeServer: Sendable {
    /// Largest request body accepted.
    public static let maximumBody = 8 * 1024
    static let formFields: Set<String> = ["csrf", "advisor", "passphrase", "at", "incident", "intervention"]
    static let csrfCookie = "peerlog_csrf"

    let store: PeerLogStore
    let limiter: RateLimiter
    let timeZone: TimeZone

    public init(store: PeerLogStore, failureLimit: Int = 5, timeZone: TimeZone = .current) {
        self.store = store
        limiter = RateLimiter(limit: failureLimit)
        self.timeZone = timeZone
    }

    /// The Hummingbird application, bound to `host:port` (loopback by default: put a TLS-terminating
    /// reverse proxy in front of it). It logs at `notice` and above: start-up, shutdown, failures.
    /// - Parameters:
    ///   - logLevel, logHandler: for tests that read what would be logged; by default the log goes
    ///     where swift-log sends it (standard error).
    public func application(host: String = "127.0.0.1", port: Int = 8080, logLevel: Logger.Level = .notice,
                            logHandler: (@Sendable (String) -> any LogHandler)? = nil,
                            onRunning: @escaping @Sendable (_ port: Int?) -> Void = { _ in }) -> some ApplicationProtocol {
        var logger = logHandler.map { Logger(label: "peerlog-serve", factory: $0) } ?? Logger(label: "peerlog-serve")
        logger.logLevel = logLevel
        return Application(router: router(), configuration: .init(address: .hostname(host, port: port), serverName: "PeerLog"),
                           onServerRunning: { channel in onRunning(channel.localAddress?.port) }, logger: logger)
    }

    /// Serves until `stopped` returns, then shuts down gracefully: requests in progress finish and
    /// nothing is logged as an error. For programs that embed the service (the benchmark);
    /// `peerlog serve` stops on SIGINT or SIGTERM instead.
    public func run(host: String = "127.0.0.1", port: Int = 8080, onRunning: @escaping @Sendable (_ port: Int?) -> Void = { _ in },
                    until stopped: @escaping @Sendable () async -> Void) async throws {
        let group = ServiceGroup(services: [application(host: host, port: port, onRunning: onRunning)],
                                 logger: Logger(label: "peerlog-serve"))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            await stopped()
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    func router() -> Router<IntakeContext> {
        let router = Router(context: IntakeContext.self)
        router.add(middleware: SecurityHeadersMiddleware())
        router.get("/healthz") { _, _ in Self.html("ok\n", contentType: "text/plain; charset=utf-8") }
        router.get("/") { request, _ in try await showForm(request: request, banner: request.uri.queryParameters["filed"] == "1" ? .filed : nil) }
        router.post("/") { request, context in try await fileForm(request: request, context: context) }
        router.get("/reports") { request, _ in try await archive(request: request, number: nil) }
        // Only a publication number names a publication; anything else under /reports is a
        // question about usage, and is referred like the rest.
        router.get("/reports/{rest}") { request, context in
            guard let rest = context.parameters.get("rest"), let number = Self.publicationNumber(rest) else { return try refer(.queryUsage) }
            return try await archive(request: request, number: number)
        }
        // Anything else about usage is referred, never answered.
        for path in ["/usage", "/forms", "/query", "/advisors/{name}/usage"] {
            router.get(RouterPath(path)) { _, _ in try refer(.queryUsage) }
        }
        return router
    }

    // MARK: Routes

    func showForm(request: Request, banner: IntakePages.Banner?, status: HTTPResponse.Status = .ok) async throws -> Response {
        try store.authorize(.anyone, .listRoster)
        let info = try store.programInfo()
        let advisors = try store.roster().filter { $0.status == .active }.map(\.name)
        let token = Identifier.random().hex
        let page = IntakePages.form(programName: info.name, advisors: advisors, csrf: token, now: Self.localMinute(Date(), timeZone), banner: banner)
        var response = Self.html(page, status: status)
        response.headers[.setCookie] = "\(Self.csrfCookie)=\(token); Path=/; HttpOnly; SameSite=Strict" + (Self.isHTTPS(request) ? "; Secure" : "")
        return response
    }

    func fileForm(request: Request, context: IntakeContext) async throws -> Response {
        var request = request
        let buffer = try await request.collectBody(upTo: Self.maximumBody)
        let form: FormBody
        do {
            form = try FormBody(Array(buffer: buffer), allowed: Self.formFields)
        } catch let failure as FormBody.Failure {
            let text: String
            switch failure {
            case let .unknownField(name): text = "The form had a field PeerLog does not accept ('\(name.prefix(30))'). Only the usage form's fields are accepted."
            case .repeatedField, .malformed: text = "The form could not be read."
            case let .missingField(name): text = "Please fill in \(name)."
            }
            return try await showForm(request: request, banner: .problem(text), status: .badRequest)
        }
        // Double-submit CSRF check: the hidden field must match this browser's cookie.
        guard let sent = form.fields["csrf"], let cookie = request.cookies[Self.csrfCookie]?.value,
              sent.utf8.count == 32, ConstantTime.equal(Array(sent.utf8), Array(cookie.utf8)) else {
            return try await showForm(request: request, banner: .problem("The form expired or did not come from this site. Please try again."),
                                      status: .forbidden)
        }
        do {
            let incident = try IncidentType(code: form.required("incident"))
            let intervention = try InterventionKind(code: form.required("intervention"))
            let atText = try form.required("at")
            let time = try ServiceTime(parsing: atText, in: timeZone).checkedNotFuture(original: atText)
            let advisor = try store.advisor(named: try form.required("advisor"))
            guard advisor.status == .active else { throw AccessError.retiredAdvisor(advisor.name) }
            let keys = ["advisor:" + advisor.name.lowercased(), context.clientKey(request)]
            if let wait = await limiter.retryAfter(keys) {
                var response = try await showForm(request: request, banner: .problem(
                    "Too many wrong passphrases. Please wait \(max(1, wait / 60)) minute(s) and try again, or ask the Program Coordinator."),
                    status: .tooManyRequests)
                response.headers[.retryAfter] = String(wait)
                return response
            }
            var passphraseBytes = Array(try form.required("passphrase").utf8)
            let passphrase = try SecretBytes(consuming: &passphraseBytes)
            let credential: AdvisorCredential
            do {
                credential = try store.unlockAdvisor(named: advisor.name, passphrase: passphrase)
            } catch AccessError.wrongAdvisorPassphrase {
                await limiter.recordFailure(keys)
                return try await showForm(request: request, banner: .problem("That passphrase is not correct. Nothing was filed."), status: .forbidden)
            }
            await limiter.recordSuccess(keys)
            try store.authorize(.advisor(credential), .fileForm)
            try store.file(as: credential, at: time, incident: incident, intervention: intervention)
            // Post/redirect/get: a reload does not file twice, and the page never echoes the form.
            return Response(status: .seeOther, headers: [.location: "/?filed=1"])
        } catch let error as PeerLogError {
            let status: HTTPResponse.Status = error.exitStatus == .notPermitted ? .forbidden
                : error.exitStatus == .invalidData ? .badRequest : .serviceUnavailable
            return try await showForm(request: request, banner: .problem(Self.sentence(error)), status: status)
        } catch let failure as FormBody.Failure {
            if case let .missingField(name) = failure {
                return try await showForm(request: request, banner: .problem("Please fill in \(name)."), status: .badRequest)
            }
            throw failure
        }
    }

    /// `/reports` (the list, newest first) or `/reports/N` (one publication), for command staff
    /// signed in with their credential (HTTP Basic).
    func archive(request: Request, number: Int64?) async throws -> Response {
        guard let credential = Self.basicPassword(request) else {
            return Response(status: .unauthorized,
                            headers: [.wwwAuthenticate: "Basic realm=\"PeerLog command staff\", charset=\"UTF-8\"",
                                      .contentType: "text/html; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(string: IntakePages.signIn(coordinator: try store.programInfo().coordinatorName))))
        }
        var bytes = Array(credential.utf8)
        let session: CommandStaffSession
        do {
            session = try store.authenticateCommandStaff(credential: try SecretBytes(consuming: &bytes))
        } catch {
            return Response(status: .unauthorized, headers: [.wwwAuthenticate: "Basic realm=\"PeerLog command staff\"",
                                                             .contentType: "text/html; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(string: IntakePages.message("Not signed in", "That credential was not accepted."))))
        }
        try store.authorize(.commandStaff(session), .readPublishedReport)
        do {
            if let number {
                let published = try store.publishedReport(number, as: .commandStaff(session))
                return Self.html(published.report.rendered(as: .html, withdrawnAt: published.withdrawnAt))
            }
            return Self.html(IntakePages.archive(try store.publishedReports(as: .commandStaff(session)), program: try store.programInfo().name))
        } catch PublicationError.nothingPublished {
            return Self.html(IntakePages.message("No report yet", "The Program Coordinator has not published a report yet."), status: .notFound)
        } catch PublicationError.notPublished {
            return Self.html(IntakePages.message("No such report", "There is no published report with that number."), status: .notFound)
        }
    }

    /// A publication number as a path segment: digits only, no sign, no leading zero.
    static func publicationNumber(_ segment: String) -> Int64? {
        guard let first = segment.first, first != "0", segment.count <= 18, segment.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int64(segment)
    }

    /// Counts the referral (no secret was given, so only the day's tally grows) and answers with
    /// the referral page, HTTP 403.
    func refer(_ request: PeerLog.Request) throws -> Response {
        do {
            try store.authorize(.anyone, request)
            return Self.html(IntakePages.message("Not available", "This is not available on the web."), status: .notFound)
        } catch let referral as Referral {
            return Self.html(IntakePages.referral(referral), status: .forbidden)
        }
    }

    // MARK: Helpers

    static func html(_ text: String, status: HTTPResponse.Status = .ok, contentType: String = "text/html; charset=utf-8") -> Response {
        Response(status: status, headers: [.contentType: contentType], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// A person-facing sentence for an error, without the CLI's command hints.
    static func sentence(_ error: PeerLogError) -> String {
        let text = error.description
        return text.prefix(1).uppercased() + text.dropFirst() + "."
    }

    static func localMinute(_ date: Date, _ zone: TimeZone) -> String {
        let now = ServiceTime.now(in: zone, clock: date)
        let text = now.description
        return String(text.prefix(10)) + "T" + String(text.dropFirst(11).prefix(5))
    }

    static func isHTTPS(_ request: Request) -> Bool {
        request.headers[HTTPField.Name("X-Forwarded-Proto")!]?.lowercased() == "https"
    }

    /// The password of an HTTP Basic `Authorization` header.
    static func basicPassword(_ request: Request) -> String? {
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("basic "),
              let data = Data(base64Encoded: String(header.dropFirst(6)).trimmingCharacters(in: .whitespaces)),
              let decoded = String(data: data, encoding: .utf8), let colon = decoded.firstIndex(of: ":") else { return nil }
        return String(decoded[decoded.index(after: colon)...])
    }
}
