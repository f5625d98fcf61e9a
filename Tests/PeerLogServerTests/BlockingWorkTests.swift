import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
@testable import PeerLog
@testable import PeerLogServer

/// Key derivations and commits run on the thread pool: while several slow unlocks are under way,
/// other clients still get their pages. An order of events is checked, not a duration.
@Suite("Slow unlocks do not stall other clients", .tags(.slow), .timeLimit(.minutes(6)))
struct BlockingWorkTests {
    @Test func pagesAreServedWhileSlowDerivationsRun() async throws {
        let fixture = try ServerFixture()
        // A deliberately costly key (about half a second per unlock on an idle machine), so the derivations
        // overlap the page loads; cheap enough that four of them end well inside the limit on a busy one.
        try fixture.enrol("Sgt. Cara Diaz", kdf: KDFParameters(opsLimit: 6, memLimit: 128 << 20))
        let app = fixture.server().application(host: "127.0.0.1", port: 0)
        let finished = Counter()
        try await app.test(.live) { client in
            let live = LiveClient(port: try #require(client.port))
            let browser = try await live.openForm()
            var forms: [ServerFixture.Form] = []
            for _ in 0..<4 { forms.append(try await live.openForm(cookie: browser.cookie)) }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (i, form) in forms.enumerated() {
                    group.addTask {
                        let body = ServerFixture.body(token: form.token, advisor: "Sgt. Cara Diaz", passphrase: ServerFixture.passphrase(of: "Sgt. Cara Diaz"),
                                                      at: "2026-01-09T0\(i):15")
                        let reply = try await live.post(String(buffer: body), cookie: form.cookie)
                        #expect(reply.status == 200)
                        finished.increment()
                    }
                }
                try await Task.sleep(for: .milliseconds(150))
                for path in ["/healthz", "/"] {
                    let reply = try await live.send("GET", path)
                    #expect(reply.status == 200)
                    #expect(finished.value == 0, "GET \(path) waited for a key derivation to finish")
                }
                try await group.waitForAll()
            }
        }
        #expect(try fixture.store.formCount() == 4)
    }
}

/// A counter shared between tasks.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func increment() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}
