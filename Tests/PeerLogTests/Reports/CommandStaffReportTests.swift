import Foundation
import GRDB
import Testing
@testable import PeerLog
@testable import PeerLogFormat

@Suite("The anonymised report for command staff")
struct CommandStaffReportTests {
    /// A fixed data set: a year by quarter, with small and large cells, one deadly-force contact.
    static func fixedReport() throws -> CommandStaffReport {
        var truth = TrueCounts()
        func add(_ day: String, _ incident: IncidentType, _ n: Int) throws {
            truth.add(day: try CalendarDate(parsing: day), incident: incident.code, intervention: InterventionKind.oneOnOne.code, count: n)
        }
        try add("2026-01-10", .personalProblems, 9); try add("2026-04-02", .personalProblems, 12)
        try add("2026-07-15", .personalProblems, 8); try add("2026-10-30", .personalProblems, 11)
        try add("2026-02-14", .traumaticEvent, 6); try add("2026-05-01", .traumaticEvent, 2)
        try add("2026-08-09", .traumaticEvent, 7); try add("2026-11-11", .traumaticEvent, 5)
        try add("2026-03-03", .deadlyForce, 1)
        try add("2026-06-20", .criticalIncident, 14); try add("2026-09-01", .criticalIncident, 3)
        try add("2026-12-31", .other, 2)
        let program = ProgramInfo(programID: try Identifier(bytes: [UInt8](repeating: 7, count: 16)), name: "Joplin PD Peer Support",
                                  coordinatorName: "Capt. Dana Reyes", createdOn: try CalendarDate(parsing: "2026-01-01"))
        return CommandStaffReport.build(
            truth: truth, program: program,
            from: try CalendarDate(parsing: "2026-01-01"), to: try CalendarDate(parsing: "2026-12-31"), by: .quarter,
            dimension: .incident, control: try DisclosureControl(threshold: 5))
    }

    static let goldenDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    /// Compares with the reviewed golden file. `PEERLOG_UPDATE_GOLDEN=1 swift test` rewrites them
    /// (then review the diff before committing).
    func expectGolden(_ text: String, _ name: String) throws {
        let url = Self.goldenDirectory.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["PEERLOG_UPDATE_GOLDEN"] == "1" {
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        let golden = try String(contentsOf: url, encoding: .utf8)
        #expect(text == golden, "\(name) differs from its golden file")
    }

    /// Where the fixed report stands once published: number 3, a fixed time, head and root.
    static let publication = CommandStaffReport.Publication(
        number: 3, publishedAt: "2027-01-05T14:10Z",
        auditHead: .init(seq: 41, hash: String(repeating: "ab", count: 32)), rootFingerprint: "313d482f3fad3db6")

    @Test("golden outputs", arguments: [(ReportFormat.text, "command-staff.txt"), (.csv, "command-staff.csv"),
                                        (.json, "command-staff.json"), (.html, "command-staff.html")])
    func golden(format: ReportFormat, file: String) throws {
        try expectGolden(try Self.fixedReport().stamped(Self.publication).rendered(as: format), file)
    }

    @Test("every rendering of a published report names its publication, date and root", arguments: ReportFormat.allCases)
    func renderingsCarryThePublication(format: ReportFormat) throws {
        let preview = try Self.fixedReport().rendered(as: format)
        let published = try Self.fixedReport().stamped(Self.publication).rendered(as: format)
        for fact in ["2027-01-05T14:10Z", "313d482f3fad3db6"] {
            #expect(published.contains(fact), "\(format) lacks \(fact)")
            #expect(!preview.contains(fact))
        }
        let number = format == .json ? "\"number\" : 3" : format == .csv ? ",3,2027-01-05T14:10Z,313d482f3fad3db6" : "Publication 3"
        #expect(published.contains(number), "\(format) lacks the publication number")
        let withdrawn = try Self.fixedReport().stamped(Self.publication).rendered(as: format, withdrawnAt: "2027-02-01T09:00Z")
        if format == .text || format == .html { #expect(withdrawn.contains("2027-02-01T09:00Z") && withdrawn.lowercased().contains("withdrawn")) }
    }

    @Test func noAdvisorNoDayNoTimeAndSmallCountsWithheld() throws {
        let report = try Self.fixedReport()
        let all = ReportFormat.allCases.map { report.rendered(as: $0) }.joined()
        #expect(!all.contains("2026-03-03"))
        let deadly = try #require(report.rows.first { $0.code == "deadly-force" })
        #expect(deadly.counts[0] == nil && deadly.total == nil)
        for row in report.rows {
            for count in row.counts + [row.total] { if let count { #expect(count == 0 || count >= 5) } }
        }
    }

    @Test func everyWithheldNumberStillRangesOverAtLeastK() throws {
        let report = try Self.fixedReport()
        // The true table behind the fixed data set, rows in vocabulary order, columns Q1...Q4.
        var truth = [[Int]](repeating: [0, 0, 0, 0], count: IncidentType.allCases.count)
        let index = Dictionary(uniqueKeysWithValues: IncidentType.allCases.enumerated().map { ($1, $0) })
        for (incident, q, n) in [(IncidentType.personalProblems, 0, 9), (.personalProblems, 1, 12), (.personalProblems, 2, 8),
                                 (.personalProblems, 3, 11), (.traumaticEvent, 0, 6), (.traumaticEvent, 1, 2), (.traumaticEvent, 2, 7),
                                 (.traumaticEvent, 3, 5), (.deadlyForce, 0, 1), (.criticalIncident, 1, 14), (.criticalIncident, 2, 3),
                                 (.other, 3, 2)] {
            truth[index[incident]!][q] += n
        }
        var hidden = Set<FeasibleRange.Item>()
        for (r, row) in report.rows.enumerated() {
            for (c, count) in row.counts.enumerated() {
                if let count { #expect(count == truth[r][c]) } else { hidden.insert(.cell(row: r, column: c)) }
            }
            if row.total == nil { hidden.insert(.rowTotal(r)) }
        }
        for (c, period) in report.periods.enumerated() where period.total == nil { hidden.insert(.columnTotal(c)) }
        if report.grandTotal == nil { hidden.insert(.grandTotal) }
        #expect(hidden.count == report.withheldCount)
        let table = FeasibleRange(counts: truth)
        for item in hidden {
            let range = table.range(of: item, withheld: hidden)
            #expect(range.upperBound - range.lowerBound >= 5, "\(item) narrows to \(range)")
        }
    }

    @Test func endToEndFromFormsToPublishedAndBack() throws {
        let program = try TestProgram()
        let ana = try program.enrol("Sgt. Ana Ortiz")
        for day in 1...12 {
            try program.store.file(as: ana, at: try time("2026-01-\(day < 10 ? "0" : "")\(day) 10:00"), incident: .personalProblems, intervention: .oneOnOne)
        }
        try program.store.file(as: ana, at: try time("2026-02-02 10:00"), incident: .deadlyForce, intervention: .oneOnOne)
        let report = try program.store.commandStaffReport(keyring: program.keyring, from: nil, to: nil, by: .month,
                                                          control: try DisclosureControl())
        #expect(report.periods.map(\.label) == ["2026-01", "2026-02"])
        #expect(report.to == "2026-02-28")
        let deadly = try #require(report.rows.first { $0.code == "deadly-force" })
        #expect(deadly.counts[1] == nil)
        let id = try program.store.publish(report, keyring: program.keyring)
        let latest = try program.store.latestPublishedReport(as: .commandStaff(program.commandStaff()))
        #expect(latest.id == id)
        #expect(latest.report.rows == report.rows && latest.report.periods == report.periods)
        #expect(latest.report.publication?.number == id)
        #expect(latest.body == (try latest.report.canonicalJSON()))
        // Released reports and the pinned key stay: the database refuses to remove or replace them.
        #expect(throws: StoreError.self) { try program.store.write { db in try db.execute(sql: "DELETE FROM published_report") } }
        #expect(throws: StoreError.self) { try program.store.write { db in try db.execute(sql: "DELETE FROM publishing_key") } }
        #expect(throws: StoreError.self) { try program.store.write { db in try db.execute(sql: "UPDATE publishing_key SET public_key = zeroblob(32)") } }
    }

    @Test func alteredPublishedReportIsDetected() throws {
        let program = try TestProgram()
        let ana = try program.enrol("Sgt. Ana Ortiz")
        try program.store.file(as: ana, at: try time("2026-01-02 10:00"), incident: .other, intervention: .oneOnOne)
        let report = try program.store.commandStaffReport(keyring: program.keyring, from: nil, to: nil, control: try DisclosureControl())
        try program.store.publish(report, keyring: program.keyring)
        let session = try program.commandStaff()
        try DatabaseQueue(path: program.path).writeWithoutTransaction { db in
            try db.execute(sql: "DROP TRIGGER published_report_no_update")
            try db.execute(sql: #"UPDATE published_report SET body = CAST(replace(CAST(body AS TEXT), '"minimumCell" : 5', '"minimumCell" : 3') AS BLOB)"#)
        }
        #expect(throws: PublicationError.badSignature(reportID: 1)) { try program.store.latestPublishedReport(as: .commandStaff(session)) }
    }

    @Test func nothingPublishedYet() throws {
        let program = try TestProgram()
        #expect(throws: PublicationError.nothingPublished) { try program.store.latestPublishedReport(as: .commandStaff(program.commandStaff())) }
    }
}
