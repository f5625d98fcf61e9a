import Foundation
import GRDB
import Testing
@testable import PeerLog
@testable import PeerLogFormat

@Suite("The archive of publications: every one kept, read by number, withdrawn only by the root")
struct PublicationArchiveTests {
    /// Two publications over the first quarter of 2026 (by quarter, then by month), or those asked for.
    static func twoPublications(_ groupings: [PeriodGrouping] = [.quarter, .month]) throws -> TestProgram {
        let program = try TestProgram()
        let ana = try program.enrol("Sgt. Ana Ortiz")
        let entries = try (0..<30).map { i in
            FormEntry(time: try time("2026-0\(1 + i % 3)-1\(i % 10) 10:00"), incident: i % 5 == 0 ? .criticalIncident : .personalProblems,
                      intervention: .oneOnOne)
        }
        try program.store.file(batch: entries, as: ana)
        for by in groupings {
            let spec = ReportSpecification(from: try CalendarDate(parsing: "2026-01-01"), to: try CalendarDate(parsing: "2026-03-31"), by: by,
                                           control: try DisclosureControl(), asAsked: true)
            try program.store.publish(program.store.prepareCommandStaffReport(keyring: program.keyring, spec), keyring: program.keyring)
        }
        return program
    }

    @Test func everyPublicationIsListedAndReadByNumber() throws {
        let program = try Self.twoPublications()
        let reader = Actor.commandStaff(try program.commandStaff())
        let list = try program.store.publishedReports(as: reader)
        #expect(list.map(\.number) == [1, 2])
        #expect(list.map(\.by) == [.quarter, .month])
        #expect(list.allSatisfy { $0.rootFingerprint == program.keyring.rootFingerprint && $0.withdrawnAt == nil && $0.from == "2026-01-01" })
        let first = try program.store.publishedReport(1, as: reader)
        #expect(first.report.by == .quarter && first.report.publication?.number == 1)
        #expect(try program.store.latestPublishedReport(as: reader).id == 2)
        #expect(throws: PublicationError.notPublished(reportID: 3)) { try program.store.publishedReport(3, as: reader) }
    }

    @Test func aWithdrawalIsSignedAuditedAndShownToReaders() throws {
        let program = try Self.twoPublications()
        try program.store.withdrawPublication(2, keyring: program.keyring)
        #expect(try program.store.auditEvents().last?.action == "report-withdraw")
        let reader = Actor.commandStaff(try program.commandStaff())
        #expect(try program.store.latestPublishedReport(as: reader).id == 1, "the latest skips a withdrawn report")
        let withdrawn = try program.store.publishedReport(2, as: reader)
        #expect(withdrawn.withdrawnAt != nil)
        #expect(try program.store.publishedReports(as: reader).map { $0.withdrawnAt != nil } == [false, true])
        #expect(withdrawn.report.rendered(as: .text, withdrawnAt: withdrawn.withdrawnAt).contains("WITHDRAWN"))
        #expect(throws: PublicationError.alreadyWithdrawn(reportID: 2)) { try program.store.withdrawPublication(2, keyring: program.keyring) }
        #expect(throws: PublicationError.notPublished(reportID: 9)) { try program.store.withdrawPublication(9, keyring: program.keyring) }
        // The database itself refuses to undo it.
        #expect(throws: StoreError.self) { try program.store.write { db in try db.execute(sql: "DELETE FROM publication_withdrawal") } }
    }

    @Test func aWithdrawalUndoneBehindTheCoordinatorsBackIsDetected() throws {
        let program = try Self.twoPublications()
        try program.store.withdrawPublication(2, keyring: program.keyring)
        let session = try program.commandStaff()
        try DatabaseQueue(path: program.path).writeWithoutTransaction { db in
            try db.execute(sql: "DROP TRIGGER publication_withdrawal_no_delete")
            try db.execute(sql: "DELETE FROM publication_withdrawal")
        }
        #expect(throws: TamperingError.self) { try program.store.latestPublishedReport(as: .commandStaff(session)) }
        #expect(throws: TamperingError.self) { try program.store.publishedReports(as: .commandStaff(session)) }
    }

    @Test func aWithdrawalWrittenIntoTheFileIsNotTheRootsAndIsDetected() throws {
        let program = try Self.twoPublications()
        let session = try program.commandStaff()
        try program.store.write { db in
            try db.execute(sql: "INSERT INTO publication_withdrawal (report_id, withdrawn_at, signature) VALUES (2, '2026-06-01T10:00Z', zeroblob(64))")
        }
        #expect(throws: TamperingError.withdrawalNotSigned(id: 2)) { try program.store.latestPublishedReport(as: .commandStaff(session)) }
        #expect(throws: TamperingError.withdrawalNotSigned(id: 2)) { try program.store.withdrawPublication(1, keyring: program.keyring) }
    }

    @Test func aReportMadeElsewhereIsPublishedOnlyIfItPassesTheSameChecks() throws {
        let program = try Self.twoPublications([.quarter])
        // By month: its small counts (two critical incidents a month) are withheld.
        let spec = ReportSpecification(from: try CalendarDate(parsing: "2026-01-01"), to: try CalendarDate(parsing: "2026-03-31"), by: .month,
                                       control: try DisclosureControl(), asAsked: true)
        let made = try program.store.prepareCommandStaffReport(keyring: program.keyring, spec).report
        try program.store.checkCommandStaffReport(made, keyring: program.keyring)
        // The same report with a withheld count filled in is refused.
        var rows = made.rows
        if let r = rows.firstIndex(where: { $0.counts.contains(nil) }), let c = rows[r].counts.firstIndex(of: nil) {
            var counts = rows[r].counts
            counts[c] = 1
            rows[r] = CommandStaffReport.Row(code: rows[r].code, label: rows[r].label, counts: counts, total: rows[r].total, members: rows[r].members)
            let altered = CommandStaffReport(format: made.format, program: made.program, coordinator: made.coordinator, from: made.from, to: made.to,
                                             by: made.by, dimension: made.dimension, minimumCell: made.minimumCell, periods: made.periods,
                                             rows: rows, grandTotal: made.grandTotal, withheldCount: made.withheldCount - 1)
            #expect(throws: UnverifiableReport.self) { try program.store.publish(altered, keyring: program.keyring) }
        } else {
            Issue.record("the fixture's report withholds nothing")
        }
    }
}
