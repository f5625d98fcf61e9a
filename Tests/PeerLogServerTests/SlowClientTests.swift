import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
@testable import PeerLog
@testable import PeerLogServer

/// Slow and silent clients cannot hold the service: thousands of idle or half-sent connections do
/// not stop an advisor from filing, and every one of them is closed by a timeout. The timeouts are
/// short here so the test is quick; the service's own are in `ConnectionLimits.standard`.
@Suite("Slow clients cannot hold the service", .tags(.slow), .timeLimit(.minutes(5)))
struct SlowClientTests {
    /// What each idle connection sends: nothing, half a request head, or a whole head and a tenth of its body.
    static let halfSent = ["", "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Le",
                           "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\ncsrf=01234"]

    @Test func twoThousandIdleHalfOpenConnectionsDoNotStopAFilingAndAreClosedByTheTimeout() async throws {
        let fixture = try ServerFixture()
        let limits = ConnectionLimits(headerTimeout: .seconds(15), bodyTimeout: .seconds(15), idleTimeout: .seconds(15), maximumConnections: 4096)
        try await fixture.server(limits: limits).withLiveServer { port in
            let idle = try await RawConnection.offThePool {
                try (0..<2000).map { i -> RawConnection in
                    let connection = try RawConnection(port: port)
                    connection.send(Self.halfSent[i % Self.halfSent.count])
                    return connection
                }
            }
            // With all of them held, an advisor opens the form and files.
            let held = try await RawConnection.offThePool { idle.filter { !$0.closedByServer(waiting: 0) }.count }
            #expect(held == idle.count, "only \(held) idle connections were still open when the filing began")
            let live = LiveClient(port: port)
            let form = try await live.openForm()
            let filed = try await live.post(String(buffer: ServerFixture.body(token: form.token)), cookie: form.cookie)
            #expect(filed.status == 200)
            #expect(filed.body.contains("Filed."))
            // Then the timeouts close every one of them.
            let closed = try await RawConnection.offThePool { idle.filter { $0.closedByServer(waiting: 60_000) }.count }
            #expect(closed == idle.count, "\(idle.count - closed) idle connections are still open")
        }
        #expect(try fixture.store.formCount() == 1)
    }

    @Test func aHeadTrickledOneByteAtATimeIsCutOffAtTheHeaderTimeout() async throws {
        let fixture = try ServerFixture()
        let limits = ConnectionLimits(headerTimeout: .seconds(2), bodyTimeout: .seconds(30), idleTimeout: .seconds(30))
        try await fixture.server(limits: limits).withLiveServer { port in
            // Forty bytes, one every 200 ms, would take 8 s: the header timeout must end it first.
            let sentBeforeClose = try await RawConnection.offThePool { () -> Int in
                let connection = try RawConnection(port: port)
                let head = Array("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: 1\r\n\r\n")
                for (i, character) in head.prefix(40).enumerated() {
                    if connection.closedByServer(waiting: 200) || !connection.send(String(character)) { return i }
                }
                return head.count
            }
            #expect(sentBeforeClose < 40, "a trickled head was never cut off")
        }
    }

    @Test func aBodyThatStopsComingIsCutOffAtTheBodyTimeout() async throws {
        let fixture = try ServerFixture()
        let limits = ConnectionLimits(headerTimeout: .seconds(30), bodyTimeout: .seconds(2), idleTimeout: .seconds(30))
        try await fixture.server(limits: limits).withLiveServer { port in
            let closed = try await RawConnection.offThePool { () -> Bool in
                let connection = try RawConnection(port: port)
                connection.send(Self.halfSent[2])
                return connection.closedByServer(waiting: 20_000)
            }
            #expect(closed)
        }
        #expect(try fixture.store.formCount() == 0)
    }

    @Test func pastTheConnectionCapANewClientWaitsUntilTheTimeoutsMakeRoom() async throws {
        let fixture = try ServerFixture()
        let limits = ConnectionLimits(headerTimeout: .seconds(2), bodyTimeout: .seconds(2), idleTimeout: .seconds(2), maximumConnections: 20)
        try await fixture.server(limits: limits).withLiveServer { port in
            let idle = try await RawConnection.offThePool { try (0..<20).map { _ in try RawConnection(port: port) } }
            let reply = try await LiveClient(port: port).send("GET", "/healthz")
            #expect(reply.status == 200)
            // It was answered only once the silent ones had been closed.
            let closed = try await RawConnection.offThePool { idle.filter { $0.closedByServer(waiting: 0) }.count }
            #expect(closed > 0, "a 21st connection was served while 20 were open")
        }
    }
}
