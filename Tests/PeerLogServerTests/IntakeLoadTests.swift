import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
@testable import PeerLog
@testable import PeerLogServer

@Suite("Intake under concurrent load on loopback", .tags(.slow), .timeLimit(.minutes(10)))
struct IntakeLoadTests {
    /// Concurrent clients on a real loopback server, each opening the form and filing it: every
    /// acknowledged filing is stored exactly once. Bounded (a fixed number of requests, each with
    /// a timeout); latency figures belong to the benchmark, not here.
    @Test func everyAcknowledgedFilingIsStoredExactlyOnce() async throws {
        let fixture = try ServerFixture()
        let total = 1000, clients = 32
        let app = fixture.server().application(host: "127.0.0.1", port: 0)
        let acknowledged = try await app.test(.live) { client -> Int in
            let live = LiveClient(port: try #require(client.port))
            return try await withThrowingTaskGroup(of: Int.self) { group in
                for c in 0..<clients {
                    group.addTask {
                        var ok = 0
                        var cookie: String?
                        for i in stride(from: c, to: total, by: clients) {
                            let form = try await live.openForm(cookie: cookie)
                            cookie = form.cookie
                            let minute = i % 60, hour = 8 + i / 60 % 10
                            let at = "2026-01-10T\(twoDigits(hour)):\(twoDigits(minute))"
                            let reply = try await live.post(String(buffer: ServerFixture.body(token: form.token, at: at)), cookie: form.cookie)
                            if reply.status == 200, reply.body.contains("Filed. Only the Program Coordinator can read it.") { ok += 1 }
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
