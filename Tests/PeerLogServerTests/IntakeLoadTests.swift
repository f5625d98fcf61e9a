import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Hummingbird
import HummingbirdTesting
import Testing
@testable import PeerLog
@testable import PeerLogServer

@Suite("Intake under concurrent load on loopback", .tags(.slow), .timeLimit(.minutes(10)))
struct IntakeLoadTests {
    /// Concurrent clients on a real loopback server: every acknowledged filing is stored exactly
    /// once. Bounded (a fixed number of requests, each with a timeout); latency figures belong to
    /// the benchmark, not here.
    @Test func everyAcknowledgedFilingIsStoredExactlyOnce() async throws {
        let fixture = try ServerFixture()
        let total = 1000, clients = 32
        let app = fixture.server().application(host: "127.0.0.1", port: 0)
        let acknowledged = try await app.test(.live) { client -> Int in
            let port = try #require(client.port)
            let configuration = URLSessionConfiguration.ephemeral
            configuration.timeoutIntervalForRequest = 30
            configuration.httpShouldSetCookies = false
            configuration.httpCookieAcceptPolicy = .never
            let session = URLSession(configuration: configuration)
            return try await withThrowingTaskGroup(of: Int.self) { group in
                for c in 0..<clients {
                    group.addTask {
                        var ok = 0
                        for i in stride(from: c, to: total, by: clients) {
                            var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/")!)
                            request.httpMethod = "POST"
                            request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
                            request.setValue("peerlog_csrf=0123456789abcdef0123456789abcdef", forHTTPHeaderField: "Cookie")
                            let minute = i % 60, hour = 8 + i / 60 % 10
                            request.httpBody = Data(String(buffer: ServerFixture.body(at: "2026-01-10T\(hour < 10 ? "0" : "")\(hour):\(minute < 10 ? "0" : "")\(minute)")).utf8)
                            let delegate = NoRedirect()
                            let (_, response) = try await session.data(for: request, delegate: delegate)
                            // Acknowledged: the 303, or the page it leads to if the client followed it.
                            let http = response as? HTTPURLResponse
                            if http?.statusCode == 303 || (http?.statusCode == 200 && http?.url?.query == "filed=1") { ok += 1 }
                        }
                        return ok
                    }
                }
                return try await group.reduce(0, +)
            }
        }
        #expect(acknowledged == total)
        #expect(try fixture.store.formCount() == total)
        #expect(try fixture.store.verifyAudit().pending == total)
        #expect(try fixture.store.verifyAudit().isIntact)
        // The coordinator's next action folds them into the trail, one entry each.
        _ = try fixture.store.unlockProgram(passphrase: fixture.coordinatorPassphrase)
        let filings = try fixture.store.auditEvents().filter { $0.action == "form-filed" }.count
        #expect(filings == total)
        #expect(try fixture.store.verifyAudit().isIntact)
    }
}

/// Keeps the 303 visible instead of following it.
final class NoRedirect: NSObject, URLSessionTaskDelegate, Sendable {
    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest) async -> URLRequest? { nil }
}
