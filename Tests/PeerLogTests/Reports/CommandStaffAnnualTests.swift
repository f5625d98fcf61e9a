import Foundation
import Testing
@testable import PeerLog
@testable import PeerLogFormat

/// The command staff's annual report is an ordinary publication over the year before and the
/// year; its year-against-year view adds only what the publication's own numbers give.
@Suite("The command staff's annual report goes through the one publication path")
struct CommandStaffAnnualTests {
    static func day(_ text: String) throws -> CalendarDate { try CalendarDate(parsing: text) }
    static let program = ProgramInfo(programID: try! Identifier(bytes: [UInt8](repeating: 7, count: 16)), name: "Joplin PD Peer Support",
                                     coordinatorName: "Capt. Dana Reyes", createdOn: try! CalendarDate(parsing: "2025-01-01"))

    /// Two years by quarter of fixed counts, per-report suppression only (K = 5).
    static func twoYears(_ counts: [(String, IncidentType, Int)]) throws -> CommandStaffReport {
        var truth = TrueCounts()
        for (when, incident, n) in counts {
            truth.add(day: try day(when), incident: incident.code, intervention: InterventionKind.oneOnOne.code, count: n)
        }
        return CommandStaffReport.build(truth: truth, program: program, from: try day("2025-01-01"), to: try day("2026-12-31"),
                                        by: .quarter, dimension: .incident, control: try DisclosureControl(threshold: 5))
    }

    /// Two years by quarter with one deadly-force contact, a type new in the second year.
    static func fixedTwoYears() throws -> CommandStaffReport {
        try twoYears([
            ("2025-02-01", .personalProblems, 9), ("2025-05-01", .personalProblems, 8), ("2025-08-01", .personalProblems, 7),
            ("2025-11-01", .personalProblems, 6), ("2026-02-01", .personalProblems, 10), ("2026-05-01", .personalProblems, 12),
            ("2026-08-01", .personalProblems, 9), ("2026-11-01", .personalProblems, 11),
            ("2025-03-01", .deadlyForce, 1), ("2026-03-01", .traumaticEvent, 6), ("2026-09-01", .traumaticEvent, 7),
        ])
    }

    /// The published view of the fixed two years, against its reviewed golden file
    /// (`PEERLOG_UPDATE_GOLDEN=1` rewrites it; review the diff).
    @Test("golden outputs", arguments: [(ReportFormat.html, "command-staff-annual.html"), (.text, "command-staff-annual.txt")])
    func golden(format: ReportFormat, file: String) throws {
        let text = try CommandStaffAnnual(try Self.fixedTwoYears().stamped(CommandStaffReportTests.publication)).rendered(as: format)
        let url = AnnualReportTests.goldenDirectory.appendingPathComponent(file)
        if ProcessInfo.processInfo.environment["PEERLOG_UPDATE_GOLDEN"] == "1" { try text.write(to: url, atomically: true, encoding: .utf8) }
        #expect(text == (try String(contentsOf: url, encoding: .utf8)), "\(file) differs from its golden file")
    }

    @Test func yearFiguresAreSumsOfShownNumbersOnly() throws {
        let report = try Self.fixedTwoYears()
        let view = try CommandStaffAnnual(report)
        #expect(view.year == 2026)
        #expect(view.byPeriod.map(\.label) == ["Q1", "Q2", "Q3", "Q4"])
        // Q1 2025 of personal problems is withheld to protect the deadly-force contact beside it,
        // and so is the row's total: 2025 is not given, 2026 is (every quarter shown).
        let personal = try #require(view.byRow.first { $0.code == "personal-problems" })
        #expect(personal.previous == nil && personal.current == 42)
        #expect(personal.change == nil)
        let traumatic = try #require(view.byRow.first { $0.code == "traumatic-event" })
        #expect(traumatic.previous == 0 && traumatic.current == 13 && traumatic.change?.percentText == "new")
        #expect(view.total.previous == 31 && view.total.current == 55 && view.total.change?.percentText == "+77%")
        // Every number the view shows is a sum of numbers the report shows.
        for (index, row) in report.rows.enumerated() {
            let line = view.byRow[index]
            let previousCells = Array(row.counts[0..<4]), currentCells = Array(row.counts[4..<8])
            if let previous = line.previous {
                let direct = previousCells.contains(nil) ? nil : previousCells.compactMap { $0 }.reduce(0, +)
                let viaTotal = currentCells.contains(nil) ? nil : row.total.map { $0 - currentCells.compactMap { $0 }.reduce(0, +) }
                #expect(previous == direct || previous == viaTotal, "\(row.code) \(previous)")
            } else {
                #expect(previousCells.contains(nil))
            }
            if line.change != nil { #expect(line.previous != nil && line.current != nil) }
        }
        // The deadly-force count of 1 is withheld, and so is its year and its change.
        let deadly = try #require(view.byRow.first { $0.code == "deadly-force" })
        #expect(deadly.previous == nil)
        #expect(deadly.change == nil)
        #expect(view.rendered(as: .text).contains(" x "))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(view.rendered(as: .json).utf8)) as? [String: Any])
        #expect(json["report"] is [String: Any], "the publication's own body travels with the view")
        #expect(view.rendered(as: .csv).hasPrefix("section,code,label,previous,current,change,change_percent\n"))
        let html = view.rendered(as: .html)
        #expect(!html.contains("http") && html.contains("<svg") && html.contains("@page"))
    }

    @Test func aReportThatIsNotTwoWholeYearsIsNotShownAsOne() throws {
        var truth = TrueCounts()
        truth.add(day: try Self.day("2026-02-01"), incident: "other", intervention: "referral", count: 5)
        let year = CommandStaffReport.build(truth: truth, program: Self.program, from: try Self.day("2026-01-01"), to: try Self.day("2026-12-31"),
                                            by: .quarter, dimension: .incident, control: try DisclosureControl(threshold: 5))
        #expect(throws: AnnualReportError.notTwoYears(from: "2026-01-01", to: "2026-12-31")) { try CommandStaffAnnual(year) }
    }

    /// A publication of 2025 by quarter, then the annual report for 2025 (2024 and 2025 by month):
    /// without the joint check the monthly numbers pin what the quarterly report withheld; with it,
    /// the annual publication withholds more (or is refused), and the reader (GLPK, from the published
    /// JSON alone) can pin nothing. The view of what was published then shows no year figure the
    /// publication does not give.
    @Test func theAnnualPublicationIsCheckedWithEveryEarlierOne() throws {
        let quarterly = try JointCheckTests.spec("2025-01-01", "2025-12-31", by: .quarter)
        let annual = try ReportSpecification.annual(year: 2025, dimension: .incident, control: try DisclosureControl(threshold: 5),
                                                    asAsked: true)
        let unchecked = try JointCheckTests.publish([quarterly, annual], on: try JointCheckTests.program(forms: 140, months: 1...12),
                                                    jointCheck: false)
        #expect(unchecked.bodies.count == 2)
        #expect(!unchecked.exposures.isEmpty, "without the joint check the annual report should pin a withheld count")

        let program = try JointCheckTests.program(forms: 140, months: 1...12)
        let checked = try JointCheckTests.publish([quarterly, annual], on: program)
        #expect(checked.exposures.isEmpty, "\(checked.exposures)")
        #expect(checked.bodies.count + checked.refusals.count == 2)
        if checked.bodies.count == 2 {
            let published = try CommandStaffReport.decode(checked.bodies[1])
            let view = try CommandStaffAnnual(published)
            let truth = try program.store.annualReport(keyring: program.keyring, year: 2025, today: Self.day("2026-06-01"))
            // What the view shows is true, and 2024 (no forms) is all zeros.
            for line in view.byRow where published.rows.first(where: { $0.code == line.code })?.members == nil {
                if let current = line.current { #expect(current == truth.byIncident.first { $0.code == line.code }?.current) }
                if let previous = line.previous { #expect(previous == 0) }
            }
            if let total = view.total.current { #expect(total == truth.total.current) }
        }
    }

    @Test func aYearNotEndedIsNotPublished() throws {
        let program = try JointCheckTests.program()
        let spec = try ReportSpecification.annual(year: 2025, dimension: .incident, control: try DisclosureControl(threshold: 5))
        #expect(throws: PublicationRefusal.self) {
            try program.store.prepareCommandStaffReport(keyring: program.keyring, spec, today: Self.day("2025-12-31"))
        }
        let prepared = try program.store.prepareCommandStaffReport(keyring: program.keyring, spec, today: Self.day("2026-01-01"))
        #expect(prepared.report.from == "2024-01-01" && prepared.report.to == "2025-12-31")
        #expect(try CommandStaffAnnual(prepared.report).year == 2025)
    }
}
