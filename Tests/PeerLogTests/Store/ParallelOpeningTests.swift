import Foundation
import GRDB
import Testing
@testable import PeerLog
@testable import PeerLogFormat

/// Reports open forms on every core, a chunk at a time. These tests hold the parallel path to what
/// a one-thread loop would do: every form seen once, in storage order, and the first bad form in
/// storage order is the one reported.
@Suite("Opening forms on every core: same forms, same order, same first failure")
struct ParallelOpeningTests {
    @Test func parallelMapKeepsOrderAndEachItemsFailure() {
        struct Odd: Error, Equatable { let value: Int }
        let items = Array(0..<1_001)
        let results = parallelMap(items) { item -> Int in
            if item % 97 == 1 { throw Odd(value: item) }
            return item * 3
        }
        #expect(results.count == items.count)
        for (item, result) in zip(items, results) {
            switch result {
            case let .success(value): #expect(item % 97 != 1 && value == item * 3)
            case let .failure(error): #expect(item % 97 == 1 && (error as? Odd) == Odd(value: item))
            }
        }
    }

    /// A report over a million forms must not keep a million forms: every output of a chunk is
    /// released once the caller is done with it.
    @Test func parallelMapKeepsNothingAfterItsResultsAreDropped() {
        final class Released: @unchecked Sendable {
            private let lock = NSLock()
            private var value = 0
            func add() { lock.withLock { value += 1 } }
            var count: Int { lock.withLock { value } }
        }
        final class Output: Sendable {
            let released: Released
            init(_ released: Released) { self.released = released }
            deinit { released.add() }
        }
        let released = Released()
        let n = 2_000
        do {
            let results = parallelMap(Array(0..<n)) { _ in Output(released) }
            #expect(results.count == n && released.count == 0)
        }
        #expect(released.count == n, "\(n - released.count) outputs of parallelMap were never released")
    }

    @Test func everyFormAcrossSeveralChunksIsOpenedOnceInStorageOrder() throws {
        let program = try TestProgram()
        let ana = try program.enrol("Sgt. Ana Ortiz")
        let n = PeerLogStore.openingChunk * 2 + 37
        let entries = try (0..<n).map { i in
            FormEntry(time: try time("2026-01-0\(1 + i % 9) 1\(i % 10):00"), incident: IncidentType.allCases[i % IncidentType.allCases.count],
                      intervention: .oneOnOne)
        }
        let filed = try program.store.file(batch: entries, as: ana)
        let storageOrder = try program.store.read { db in
            try Data.fetchAll(db, sql: "SELECT form_id FROM usage_form").map { try Identifier(bytes: [UInt8]($0)) }
        }
        var seen: [Identifier] = []
        try program.store.forEachForm(keyring: program.keyring) { seen.append($0.id) }
        #expect(seen == storageOrder)
        #expect(Set(seen) == Set(filed))
        #expect(try program.store.coordinatorReport(keyring: program.keyring).total == n)
    }

    @Test func theFirstBadFormInStorageOrderIsTheOneReported() throws {
        let program = try TestProgram()
        let ana = try program.enrol("Sgt. Ana Ortiz")
        let n = PeerLogStore.openingChunk + 100
        let entries = try (0..<n).map { _ in FormEntry(time: try time("2026-01-02 10:00"), incident: .other, intervention: .oneOnOne) }
        try program.store.file(batch: entries, as: ana)
        let storageOrder = try program.store.read { db in try Data.fetchAll(db, sql: "SELECT form_id FROM usage_form") }
        // Damage two forms in the second chunk: the earlier one fails authentication, the later one
        // carries another row's blob (an id mismatch). A loop in storage order meets the first.
        let earlier = storageOrder[PeerLogStore.openingChunk + 10], later = storageOrder[PeerLogStore.openingChunk + 60]
        let queue = try DatabaseQueue(path: program.path)
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "DROP TRIGGER usage_form_no_update")
            try db.execute(sql: "UPDATE usage_form SET sealed = zeroblob(304) WHERE form_id = ?", arguments: [earlier])
            try db.execute(sql: "UPDATE usage_form SET sealed = (SELECT sealed FROM usage_form WHERE form_id = ?) WHERE form_id = ?",
                           arguments: [storageOrder[0], later])
        }
        var openedBeforeFailure = 0
        #expect(throws: SealedForm.Rejection.authenticationFailed) {
            try program.store.forEachForm(keyring: program.keyring) { _ in openedBeforeFailure += 1 }
        }
        #expect(openedBeforeFailure == PeerLogStore.openingChunk + 10)
    }
}
