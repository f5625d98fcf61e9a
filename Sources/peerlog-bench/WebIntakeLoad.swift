import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import PeerLog
import PeerLogServer

/// Files through the real intake service on loopback from many concurrent clients, timing each
/// request. Bounded: a fixed number of requests, each with a timeout; the server stops after.
struct WebIntakeLoad {
    let store: PeerLogStore
    let filings: Int
    let clients: Int

    struct Result {
        let acknowledged: Int
        let seconds: Double
        let p50: Double
        let p99: Double
    }

    func run() throws -> Result {
        let box = ResultBox()
        let done = DispatchSemaphore(value: 0)
        let filings = self.filings, clients = self.clients
        let portBox = ResultBox()
        let (stop, stopNow) = AsyncStream<Void>.makeStream()
        let serverDone = DispatchSemaphore(value: 0)
        let server = IntakeServer(store: store)
        Task {
            defer { serverDone.signal() }
            try? await server.run(host: "127.0.0.1", port: 0, onRunning: { port in portBox.set(port: port) },
                                  until: { for await _ in stop {} })
        }
        Task {
            defer { done.signal() }
            var waited = 0
            while portBox.port == nil, waited < 200 { try? await Task.sleep(for: .milliseconds(25)); waited += 1 }
            guard let port = portBox.port else { return }
            let configuration = URLSessionConfiguration.ephemeral
            configuration.timeoutIntervalForRequest = 30
            configuration.httpShouldSetCookies = false
            configuration.httpCookieAcceptPolicy = .never
            let session = URLSession(configuration: configuration)
            let started = ContinuousClock.now
            let outcomes = await withTaskGroup(of: [(Bool, Double)].self) { group in
                for c in 0..<clients {
                    group.addTask {
                        var results: [(Bool, Double)] = []
                        for i in stride(from: c, to: filings, by: clients) {
                            let t0 = ContinuousClock.now
                            let ok = (try? await Self.file(session: session, port: port, index: i)) ?? false
                            results.append((ok, Self.seconds(ContinuousClock.now - t0)))
                        }
                        return results
                    }
                }
                return await group.reduce(into: []) { $0 += $1 }
            }
            let latencies = outcomes.map(\.1).sorted()
            func percentile(_ p: Double) -> Double { latencies.isEmpty ? 0 : latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))] }
            box.set(result: Result(acknowledged: outcomes.filter(\.0).count, seconds: Self.seconds(ContinuousClock.now - started),
                                   p50: percentile(0.5), p99: percentile(0.99)))
        }
        done.wait()
        stopNow.finish()
        serverDone.wait()
        guard let result = box.result else { throw BenchError.mismatch("the intake service did not start") }
        return result
    }

    /// Opens the form (a single-use token bound to a browser cookie) and files it, as a browser does.
    static func file(session: URLSession, port: Int, index i: Int) async throws -> Bool {
        guard let url = URL(string: "http://127.0.0.1:\(port)/") else { return false }
        let (page, opened) = try await session.data(for: URLRequest(url: url))
        let setCookie = (opened as? HTTPURLResponse)?.value(forHTTPHeaderField: "Set-Cookie") ?? ""
        let text = String(decoding: page, as: UTF8.self)
        guard setCookie.hasPrefix("peerlog_csrf="), let start = text.range(of: "name=\"csrf\" value=\"") else { return false }
        let cookie = setCookie.prefix { $0 != ";" }
        let token = text[start.upperBound...].prefix { $0 != "\"" }
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
        request.setValue(String(cookie), forHTTPHeaderField: "Cookie")
        let day = 1 + i % 28, hour = 8 + i % 10
        let passphrase = BenchProgram.advisorPassphrase.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        request.httpBody = Data(("csrf=\(token)&advisor=Sgt.+Bench&passphrase=\(passphrase)"
            + "&at=2026-01-\(day < 10 ? "0" : "")\(day)T\(hour < 10 ? "0" : "")\(hour):30&incident=other&intervention=one-on-one").utf8)
        let (_, response) = try await session.data(for: request)
        return (response as? HTTPURLResponse)?.statusCode == 200
    }

    static func seconds(_ d: Duration) -> Double {
        let (whole, atto) = d.components
        return Double(whole) + Double(atto) * 1e-18
    }
}

/// Carries values out of the async tasks.
final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var storedResult: WebIntakeLoad.Result?
    private var storedPort: Int?
    var result: WebIntakeLoad.Result? { lock.lock(); defer { lock.unlock() }; return storedResult }
    var port: Int? { lock.lock(); defer { lock.unlock() }; return storedPort }
    func set(result: WebIntakeLoad.Result) { lock.lock(); storedResult = result; lock.unlock() }
    func set(port: Int?) { lock.lock(); storedPort = port; lock.unlock() }
}
