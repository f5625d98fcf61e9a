import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing
@testable import PeerLog
@testable import PeerLogServer

/// What the intake service writes to its log: never a passphrase, right or wrong, a credential,
/// nor the fields of a form. Read at the service's own level and at the most verbose one, so that
/// turning the level up cannot start leaking either.
@Suite("The intake service's log holds no passphrase and no form")
struct IntakeLogTests {
    @Test("a real server on loopback logs no secret", arguments: [Logger.Level.notice, .trace])
    func aRealServerLogsNoSecret(level: Logger.Level) async throws {
        let fixture = try ServerFixture()
        let log = CapturedLog()
        let app = fixture.server().application(host: "127.0.0.1", port: 0, logLevel: level, logHandler: { label in
            CapturingLogHandler(label: label, log: log)
        })
        let wrong = "wrong ZQXJ guess of a passphrase"
        try await app.test(.live) { client in
            let wrongGuess = try await ServerFixture.file(client) { ServerFixture.body(token: $0, passphrase: wrong) }
            #expect(wrongGuess.status == .forbidden)
            let filed = try await ServerFixture.file(client) { ServerFixture.body(token: $0, at: "2026-01-10T07:15", incident: "deadly-force") }
            #expect(filed.status == .ok)
            let forged = try await ServerFixture.file(client) { _ in ServerFixture.body(token: "ffffffffffffffffffffffffffffffff", passphrase: wrong) }
            #expect(forged.status == .forbidden)
            let ancient = try await ServerFixture.file(client) { ServerFixture.body(token: $0, passphrase: wrong, at: "1999-01-01T07:15") }
            #expect(ancient.status == .badRequest)
            try await client.execute(uri: "/reports", method: .get,
                                     headers: [.authorization: "Basic " + Data("Chief Lee:\(fixture.credential)".utf8).base64EncodedString()]) { _ in }
        }
        #expect(try fixture.store.formCount() == 1)
        let text = log.text
        if level == .trace {
            // The capture works: at the most verbose level the server logs its own life cycle
            // (Hummingbird logs no request unless asked to), so the check below reads a live log.
            #expect(text.contains("Server started and listening"), "nothing was captured at trace level:\n\(text)")
        }
        for secret in [wrong, "ZQXJ", ServerFixture.passphrase(of: "Sgt. Ana Ortiz"), fixture.credential, "deadly-force", "07:15", "07%3A15", "1999"] {
            #expect(!text.contains(secret), "the log at \(level) shows '\(secret)':\n\(text)")
        }
    }
}

/// Every line a logger would have written, with its metadata, kept in memory for the test.
final class CapturedLog: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ line: String) { lock.withLock { lines.append(line) } }
    var text: String { lock.withLock { lines.joined(separator: "\n") } }
}

struct CapturingLogHandler: LogHandler {
    let label: String
    let log: CapturedLog
    var logLevel: Logger.Level = .trace
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let all = metadata.merging(event.metadata ?? [:]) { $1 }
        let error = event.error.map { " error=\($0)" } ?? ""
        log.append("\(event.level) \(label): \(event.message) \(all.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: " "))\(error)")
    }
}
