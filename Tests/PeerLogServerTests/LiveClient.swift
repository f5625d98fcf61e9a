import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
@testable import PeerLogServer

/// Requests to a server on loopback through URLSession, which runs on its own threads: for tests
/// that send many requests at once or need headers as a real client sends them. Cookies are
/// handled by hand, like the browser the test plays.
struct LiveClient: Sendable {
    let port: Int
    let session: URLSession

    struct Reply: Sendable {
        let status: Int
        let headers: [String: String]
        let body: String
    }

    init(port: Int) {
        self.port = port
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 60
        configuration.httpShouldSetCookies = false
        configuration.httpCookieAcceptPolicy = .never
        configuration.httpMaximumConnectionsPerHost = 64
        session = URLSession(configuration: configuration)
    }

    func send(_ method: String, _ path: String, headers: [String: String] = [:], body: String? = nil) async throws -> Reply {
        guard let url = URL(string: "http://127.0.0.1:\(port)\(path)") else { throw URLError(.badURL) }
        var request = URLRequest(url: url)
        request.httpMethod = method
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        if let body {
            request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(body.utf8)
        }
        let (data, response) = try await session.data(for: request)
        guard let http = response as? HTTPURLResponse else { throw URLError(.badServerResponse) }
        var fields: [String: String] = [:]
        for (name, value) in http.allHeaderFields {
            if let name = name as? String, let value = value as? String { fields[name.lowercased()] = value }
        }
        return Reply(status: http.statusCode, headers: fields, body: String(decoding: data, as: UTF8.self))
    }

    /// `GET /` as the browser holding `cookie` (a new one when nil): the cookie and the form's token.
    func openForm(cookie: String? = nil) async throws -> ServerFixture.Form {
        let reply = try await send("GET", "/", headers: cookie.map { ["Cookie": "peerlog_csrf=\($0)"] } ?? [:])
        let set = reply.headers["set-cookie"].flatMap { $0.hasPrefix("peerlog_csrf=") ? String($0.dropFirst(13).prefix { $0 != ";" }) : nil }
        guard let token = ServerFixture.token(in: reply.body), let browser = cookie ?? set else {
            throw ServerFixture.FixtureError.noForm(status: reply.status)
        }
        return ServerFixture.Form(cookie: browser, token: token, page: reply.body)
    }

    /// Posts a form body as the browser holding `cookie`.
    func post(_ body: String, cookie: String, headers: [String: String] = [:]) async throws -> Reply {
        try await send("POST", "/", headers: headers.merging(["Cookie": "peerlog_csrf=\(cookie)"]) { $1 }, body: body)
    }
}

extension IntakeServer {
    /// Runs the service on a free loopback port exactly as `peerlog serve` does, for the duration
    /// of `body`, then shuts it down. Unlike HummingbirdTesting's `.live` mode, which rebuilds the
    /// configuration and drops the connection cap, this is the service's own configuration.
    func withLiveServer<T: Sendable>(_ body: @Sendable (_ port: Int) async throws -> T) async throws -> T {
        let (ports, announce) = AsyncStream<Int?>.makeStream()
        let (stop, stopNow) = AsyncStream<Void>.makeStream()
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                defer { announce.finish() }
                try await self.run(host: "127.0.0.1", port: 0, onRunning: { announce.yield($0); announce.finish() },
                                   until: { for await _ in stop {} })
            }
            var waiting = ports.makeAsyncIterator()
            guard let port = await waiting.next() ?? nil else {
                stopNow.finish()
                try await group.waitForAll()
                throw URLError(.cannotConnectToHost)
            }
            let result: T
            do {
                result = try await body(port)
            } catch {
                stopNow.finish()
                try? await group.waitForAll()
                throw error
            }
            stopNow.finish()
            try await group.waitForAll()
            return result
        }
    }
}
