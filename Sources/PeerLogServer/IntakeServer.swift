import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import PeerLog
import ServiceLifecycle

/// The intake web service: advisors file usage forms from a phone; command staff read the archive
/// of published reports; everything else about usage gets the referral page. It holds only what
/// filing needs (the program public key, advisors' wrapped keys): the coordinator's secret key is
/// never loaded here. Every route that touches data passes `PeerLogStore.authorize`; the routes
/// are listed once, in `IntakeServer.routes`.
public struct IntakeServer: Sendable {
    /// Largest request body accepted.
    public static let maximumBody = 8 * 1024
    static let formFields: Set<String> = ["csrf", "advisor", "passphrase", "at", "incident", "intervention"]
    /// Binds form tokens to the browser that fetched the form (`FormTokens`).
    static let browserCookie = "peerlog_csrf"

    let store: PeerLogStore
    let limiter: RateLimiter
    let tokens: FormTokens
    let timeZone: TimeZone
    let trustedProxies: TrustedProxies
    let limits: ConnectionLimits
    let logEmptier: LogEmptier

    /// - Parameters:
    ///   - failureLimit: wrong passphrases per advisor, and per client address, within 15 minutes.
    ///   - timeZone: where the form's date and time of service are read and pre-filled; the page names it.
    ///   - trustedProxies: proxies whose `X-Forwarded-For` / `X-Real-IP` give the client's address;
    ///     from anyone else those headers are ignored.
    ///   - limits: read timeouts and the connection cap.
    public init(store: PeerLogStore, failureLimit: Int = 5, timeZone: TimeZone = .current,
                trustedProxies: TrustedProxies = .none, limits: ConnectionLimits = .standard) {
        self.store = store
        limiter = RateLimiter(limit: failureLimit)
        tokens = FormTokens()
        self.timeZone = timeZone
        self.trustedProxies = trustedProxies
        self.limits = limits
        logEmptier = LogEmptier(store: store)
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
        let limits = self.limits
        let server = HTTPServerBuilder { responder in DeadlineHTTP1Channel(responder: responder, limits: limits) }
        let configuration = ApplicationConfiguration(
            address: .hostname(host, port: port), serverName: "PeerLog",
            availableConnectionsDelegate: MaximumAvailableConnections(limits.maximumConnections, logger: logger))
        return Application(router: router(), server: server, configuration: configuration,
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

    // MARK: Helpers

    static func html(_ text: String, status: HTTPResponse.Status = .ok, contentType: String = "text/html; charset=utf-8") -> Response {
        Response(status: status, headers: [.contentType: contentType], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// A person-facing sentence for an error, without the CLI's command hints.
    static func sentence(_ error: PeerLogError) -> String {
        let text = error.description
        return text.prefix(1).uppercased() + text.dropFirst() + "."
    }

    /// The current minute in `zone`, as a `datetime-local` value.
    static func localMinute(_ date: Date, _ zone: TimeZone) -> String {
        let now = ServiceTime.now(in: zone, clock: date)
        let text = now.description
        return String(text.prefix(10)) + "T" + String(text.dropFirst(11).prefix(5))
    }

    static func isHTTPS(_ request: Request) -> Bool {
        request.headers[HTTPField.Name("X-Forwarded-Proto")!]?.lowercased() == "https"
    }

    /// The browser's cookie value when it is one PeerLog could have set (32 hex digits), else nil.
    static func browser(_ request: Request) -> String? {
        guard let value = request.cookies[browserCookie]?.value, value.utf8.count == 32,
              value.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0) })
        else { return nil }
        return value
    }

    /// The password of an HTTP Basic `Authorization` header.
    static func basicPassword(_ request: Request) -> String? {
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("basic "),
              let data = Data(base64Encoded: String(header.dropFirst(6)).trimmingCharacters(in: .whitespaces)),
              let decoded = String(data: data, encoding: .utf8), let colon = decoded.firstIndex(of: ":") else { return nil }
        return String(decoded[decoded.index(after: colon)...])
    }
}
