import Foundation
import GRDB
import Testing
@testable import PeerLog
@testable import PeerLogFormat

/// A reader of the file must not learn when a form was filed, not even by its position among
/// timed entries that anyone can add (a command-staff read, a backup). Filings touch only tables
/// without a rowid, keyed by random or hash values, and reach the audit trail only when the
/// coordinator next acts, in hash order.
@Suite("Filings carry no time, not even by position")
struct FilingTimeTests {
    func rowCounts(_ store: PeerLogStore) throws -> [String: Int] {
        try store.read { db in
            var counts: [String: Int] = [:]
            for table in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'") {
                counts[table] = try Int.fetchOne(db, sql: "SELECT count(*) FROM \"\(table)\"")
            }
            return counts
        }
    }

    @Test func aFilingWritesOnlyToTablesWithoutOrder() throws {
        let program = try TestProgram()
        let ana = try program.enrol("Sgt. Ana Ortiz")
        let before = try rowCounts(program.store)
        try program.store.file(as: ana, at: try time("2026-01-02 10:00"), incident: .other, intervention: .oneOnOne)
        let after = try rowCounts(program.store)
        let changed = Set(after.keys.filter { after[$0] != before[$0] })
        #expect(changed == ["usage_form", "pending_form"], "a filing wrote to \(changed)")
        let definitions = try program.store.read { db in
            try String.fetchAll(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'table' AND name IN ('usage_form', 'pending_form')")
        }
        #expect(definitions.count == 2)
        #expect(definitions.allSatisfy { $0.contains("WITHOUT ROWID") }, "a rowid would record the order of filings")
    }

    /// Forms filed before, between and after timed entries end up in one run after the last of
    /// them, in hash order: their place says nothing about when each was filed.
    @Test func filingsBetweenTimedEntriesAreFoldedTogetherInHashOrder() throws {
        let program = try TestProgram()
        let ana = try program.enrol("Sgt. Ana Ortiz")
        let chief = try program.commandStaff()
        var timedSeqs: [Int64] = []
        for day in ["2026-01-02", "2026-01-03", "2026-01-04"] {
            try program.store.file(as: ana, at: try time("\(day) 10:00"), incident: .other, intervention: .oneOnOne)
            try program.store.record(.commandStaff(chief), action: Request.readPublishedReport.rawValue, outcome: "allowed")
            timedSeqs.append(try program.store.auditHead().seq)
        }
        #expect(try program.store.auditEvents().filter { $0.action == "form-filed" }.isEmpty)
        let pendingOrder = try program.store.read { db in try Data.fetchAll(db, sql: "SELECT form_hash FROM pending_form").map { [UInt8]($0) } }
        #expect(pendingOrder == pendingOrder.sorted { $0.lexicographicallyPrecedes($1) }, "pending filings are stored in hash order")

        _ = try program.store.unlockProgram(passphrase: program.coordinatorPassphrase)
        let filed = try program.store.auditEvents().filter { $0.action == "form-filed" }
        #expect(filed.count == 3)
        let lastTimed = try #require(timedSeqs.last)
        #expect(filed.allSatisfy { $0.seq > lastTimed && $0.at == nil })
        #expect(zip(filed, filed.dropFirst()).allSatisfy { $0.1.seq == $0.0.seq + 1 }, "one run, nothing between")
        let hashes = filed.compactMap(\.formHash)
        #expect(hashes == hashes.sorted { $0.lexicographicallyPrecedes($1) }, "folded in hash order, not filing order")
        #expect(try program.store.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM pending_form") } == 0)
    }

    /// Requests made without a secret write no timed entry: a flood of them adds nothing to the
    /// trail and a day's worth of counts to the tally.
    @Test func requestsWithoutASecretAreCountedNotTimed() throws {
        let program = try TestProgram()
        let entries = try program.store.auditEvents().count
        for _ in 0..<500 { try program.store.recordReferral(.anyone, request: .queryUsage) }
        #expect(try program.store.auditEvents().count == entries)
        let tally = try program.store.requestTally()
        #expect(tally.count == 1 || tally.count == 2, "one row per UTC day (two if the day turned during the test)")
        #expect(tally.map(\.count).reduce(0, +) == 500)
    }
}
