import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import PeerLog
@testable import PeerLogServer

/// An attacker who copies the database's files while the intake runs (a file backup, a shared
/// host) must not learn in which order its filings came. SQLite's
/// write-ahead log keeps each transaction's pages in commit order, so the service empties it after
/// every request that touched the database.
@Suite("A copy taken while the intake runs does not order its filings")
struct LogOrderTests {
    /// What the attacker does with the copy: lists the pending filings (their hashes are in the
    /// main file, in hash order) and looks for each one in the copied log. Each hash found is at
    /// the offset of the first transaction that wrote it, so two or more found give their order.
    static func filingsOrderedByTheLog(copyOf databasePath: String) throws -> [Data] {
        let attacker = NSTemporaryDirectory() + "/peerlog-attacker-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: attacker, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(atPath: attacker) }
        let log = (try? Data(contentsOf: URL(fileURLWithPath: databasePath + "-wal"))) ?? Data()
        try FileManager.default.copyItem(atPath: databasePath, toPath: attacker + "/copy.db")
        if !log.isEmpty { try log.write(to: URL(fileURLWithPath: attacker + "/copy.db-wal")) }
        let copy = try DatabaseQueue(path: attacker + "/copy.db")
        let hashes = try copy.read { db in try Data.fetchAll(db, sql: "SELECT form_hash FROM pending_form") }
        #expect(hashes.count >= 3, "the attacker's copy should hold the filings: \(hashes.count)")
        return hashes.compactMap { hash in log.range(of: hash).map { (hash, $0.lowerBound) } }
            .sorted { $0.1 < $1.1 }.map(\.0)
    }

    @Test("after filings interleaved with referrals, the log holds none of them")
    func theLogHoldsNoFilingOrder() async throws {
        let fixture = try ServerFixture()
        let app = Application(router: fixture.server().router())
        try await app.test(.router) { client in
            for minute in ["05", "25", "45"] {
                let filed = try await ServerFixture.file(client) { ServerFixture.body(token: $0, at: "2026-01-10T21:\(minute)") }
                #expect(filed.status == .ok)
                // A supervisor's question, counted in the day's tally between two filings: with
                // the log, the asker would learn which filings came before the question.
                let referred = try await client.executeRequest(uri: "/usage", method: .get, headers: [:], body: nil)
                #expect(referred.status == .forbidden)
            }
        }
        let ordered = try Self.filingsOrderedByTheLog(copyOf: fixture.directory + "/p.db")
        #expect(ordered.isEmpty, "the copied write-ahead log holds \(ordered.count) filings in the order they came")
    }

    @Test("a standing reader only postpones emptying the log; it is emptied once the reader is gone")
    func aStandingReaderPostponesEmptyingTheLog() async throws {
        let fixture = try ServerFixture()
        let path = fixture.directory + "/p.db"
        // Another process's long read (as Litestream keeps one open), begun before the filings.
        // GRDB ends a transaction with its closure, so the reader's closure waits on its own thread.
        let reader = try DatabaseQueue(path: path)
        let reading = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0), finished = DispatchSemaphore(value: 0)
        Thread {
            _ = try? reader.read { db in
                _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM pending_form")
                reading.signal()
                release.wait()
            }
            finished.signal()
        }.start()
        reading.wait()
        let app = Application(router: fixture.server().router())
        try await app.test(.router) { client in
            for minute in ["05", "25", "45"] {
                let filed = try await ServerFixture.file(client) { ServerFixture.body(token: $0, at: "2026-01-10T21:\(minute)") }
                #expect(filed.status == .ok, "a reader elsewhere must not stop filing")
            }
        }
        #expect(try Self.filingsOrderedByTheLog(copyOf: path).count == 3,
                "while the reader holds its snapshot the filings can only be in the log")
        release.signal()
        finished.wait()
        // No further request: the service's own retry empties the log (first after 1 s).
        var waited = 0
        while fixture.store.logHoldsPages, waited < 100 {
            try await Task.sleep(nanoseconds: 100_000_000)
            waited += 1
        }
        #expect(try Self.filingsOrderedByTheLog(copyOf: path).isEmpty, "the log still held filings 10 s after the reader left")
    }
}
