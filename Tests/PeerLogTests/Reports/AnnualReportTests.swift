import Foundation
import Testing
@testable import PeerLog
@testable import PeerLogFormat

/// The annual report (issue 17 item 5): the coordinator's year against the year before, and the
/// command staff's, which is an ordinary publication read year against year.
@Suite("The annual report: the year and the year before side by side")
struct AnnualReportTests {
    static func day(_ text: String) throws -> CalendarDate { try CalendarDate(parsing: text) }

    /// Two years of a small program with three advisors: 2024 and 2025, every month, a busier June
    /// 2025, a type that is new in 2025 and one that stops, from a fixed generator.
    static func twoYears() throws -> TestProgram {
        let program = try TestProgram()
        let advisors = [try program.enrol("Sgt. Ana Ortiz"), try program.enrol("Ofc. Ben Carter"), try program.enrol("Det. Chris Lee")]
        var g = SplitMix64(seed: 2026)
        var batches: [[FormEntry]] = [[], [], []]
        for year in [2024, 2025] {
            for month in 1...12 {
                let count = 3 + Int(g.next(below: 5)) + (year == 2025 && month == 6 ? 6 : 0)
                for _ in 0..<count {
                    var incident = IncidentType.allCases[Int(g.next(below: 9))]
                    if year == 2024, incident == .substanceAbuse { incident = .personalProblems }
                    if year == 2025, incident == .crimesAgainstChildren { incident = .traumaticEvent }
                    let when = String(format: "%d-%02d-%02d %02d:%02d", year, month, 1 + Int(g.next(below: 28)),
                                      Int(g.next(below: 24)), Int(g.next(below: 60)))
                    batches[Int(g.next(below: 3))].append(FormEntry(time: try time(when), incident: incident,
                                                                    intervention: InterventionKind.allCases[Int(g.next(below: 7))]))
                }
            }
        }
        for (advisor, batch) in zip(advisors, batches) { try program.store.file(batch: batch, as: advisor) }
        return program
    }

    static let afterTheYear = try! CalendarDate(year: 2026, month: 1, day: 15)

    @Test func everyFigureIsTheCoordinatorReportsForThatYear() throws {
        let program = try Self.twoYears()
        let annual = try program.store.annualReport(keyring: program.keyring, year: 2025, today: Self.afterTheYear)
        #expect(annual.span.through == nil)
        for (year, figure) in [(2024, \YearComparison.previous), (2025, \YearComparison.current)] {
            let whole = try DateRange(from: Self.day("\(year)-01-01"), to: Self.day("\(year)-12-31"))
            let report = try program.store.coordinatorReport(keyring: program.keyring, range: whole, grouping: .year)
            #expect(annual.total[keyPath: figure] == report.total)
            #expect(annual.byMonth.compactMap { $0[keyPath: figure] }.reduce(0, +) == report.total, "the year is the sum of its months")
            #expect(annual.byMonth.count == 12)
            for line in annual.byIncident {
                #expect(line[keyPath: figure] == report.byType.filter { $0.incident.code == line.code }.map(\.count).reduce(0, +))
            }
            for line in annual.byIntervention {
                #expect(line[keyPath: figure] == report.byType.filter { $0.intervention.code == line.code }.map(\.count).reduce(0, +))
            }
            for cell in report.byAdvisor { #expect(annual.byAdvisor.first { $0.code == cell.advisor }?[keyPath: figure] == cell.count) }
            let monthly = try program.store.coordinatorReport(keyring: program.keyring, range: whole, grouping: .month)
            for line in annual.byMonth {
                #expect(line[keyPath: figure] == monthly.byType.filter { $0.period == "\(year)-\(line.code)" }.map(\.count).reduce(0, +))
            }
        }
        #expect(annual.byIncident.first { $0.code == "substance-abuse" }?.change?.percentText == "new")
        #expect(annual.byIncident.first { $0.code == "crimes-against-children" }?.change?.percentText == "-100%")
        #expect(annual.byIncident.first { $0.code == "other" }.map { $0.previous! + $0.current! } != nil)
    }

    @Test("change figures", arguments: [(10, 15, 5, 50.0, "+50%"), (4, 3, -1, -25.0, "-25%"), (3, 3, 0, 0.0, "0%"),
                                        (3, 1, -2, -66.7, "-67%"), (0, 3, 3, nil, "new"), (0, 0, 0, nil, "—")])
    func changeFigures(previous: Int, current: Int, absolute: Int, percent: Double?, text: String) {
        let change = YearChange(previous: previous, current: current)
        #expect(change.absolute == absolute)
        #expect(change.percent == percent)
        #expect(change.percentText == text)
        #expect(change.absoluteText == (absolute > 0 ? "+\(absolute)" : String(absolute)))
    }

    @Test func aYearAfterAnEmptyYearIsNewEverywhere() throws {
        let program = try TestProgram()
        let ana = try program.enrol("Sgt. Ana Ortiz")
        try program.store.file(as: ana, at: try time("2025-03-04 10:00"), incident: .other, intervention: .referral)
        let annual = try program.store.annualReport(keyring: program.keyring, year: 2025, today: Self.afterTheYear)
        #expect(annual.total.previous == 0 && annual.total.current == 1)
        #expect(annual.total.change?.percentText == "new")
        #expect(annual.byMonth.first { $0.code == "01" }?.change?.percentText == "—")
        let csv = annual.rendered(as: .csv).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(csv.first == "section,code,label,previous,current,change,change_percent")
        #expect(csv.contains("total,all,All forms,0,1,1,"), "a change from 0 has no percentage: \(csv)")
        #expect(csv.contains("month,03,March,0,1,1,"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(annual.rendered(as: .json).utf8)) as? [String: Any])
        let total = try #require(json["total"] as? [String: Any])
        #expect(total["changePercent"] is NSNull)
        #expect(total["change"] as? Int == 1)
        #expect(annual.rendered(as: .text).contains("new"))
    }

    @Test func aYearNotEndedIsTheYearToDateAgainstTheSameDaysOfTheYearBefore() throws {
        let program = try TestProgram()
        let ana = try program.enrol("Sgt. Ana Ortiz")
        for when in ["2025-06-10 10:00", "2025-06-20 10:00", "2025-09-01 10:00", "2026-06-01 10:00"] {
            try program.store.file(as: ana, at: try time(when), incident: .other, intervention: .referral)
        }
        let annual = try program.store.annualReport(keyring: program.keyring, year: 2026, today: Self.day("2026-06-15"))
        #expect(annual.span.through == (try Self.day("2026-06-15")))
        #expect(annual.span.previous.to == (try Self.day("2025-06-15")))
        #expect(annual.byMonth.map(\.code) == ["01", "02", "03", "04", "05", "06"])
        #expect(annual.total.previous == 1, "only the same days of the year before are compared")
        #expect(annual.total.current == 1)
        let text = annual.rendered(as: .text)
        #expect(text.contains("year to date (through 2026-06-15)"))
        #expect(annual.rendered(as: .html).contains("year to date (through 2026-06-15)"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(annual.rendered(as: .json).utf8)) as? [String: Any])
        #expect(json["yearToDate"] as? Bool == true)
        #expect(json["through"] as? String == "2026-06-15")
        // The whole year is not labelled.
        let whole = try program.store.annualReport(keyring: program.keyring, year: 2025, today: Self.day("2026-06-15"))
        #expect(!whole.rendered(as: .text).contains("year to date"))
        // February 29 has no twin: the year before stops on February 28.
        let leap = try AnnualSpan(year: 2028, today: Self.day("2028-02-29"))
        #expect(leap.previous.to == (try Self.day("2027-02-28")))
    }

    @Test("years PeerLog cannot hold are refused with a message", arguments: [Int.min, -1, 0, 1969, 1970, 10_000, Int.max])
    func yearsOutOfRange(year: Int) throws {
        #expect(throws: AnnualReportError.yearOutOfRange(year: year, first: 1971, last: 9999)) {
            try AnnualSpan(year: year, today: Self.day("2026-06-15"))
        }
        #expect(throws: AnnualReportError.self) {
            try ReportSpecification.annual(year: year, dimension: .incident, control: try DisclosureControl(threshold: 5))
        }
    }

    @Test func edgesOfTheRangeAndYearsNotBegun() throws {
        #expect(try AnnualSpan(year: 1971, today: Self.day("2026-06-15")).previous.from == (try Self.day("1970-01-01")))
        #expect(try AnnualSpan(year: 9999, today: Self.day("9999-12-31")).through == (try Self.day("9999-12-31")))
        #expect(try AnnualSpan(year: 9998, today: Self.day("9999-12-31")).through == nil)
        #expect(throws: AnnualReportError.yearNotStarted(year: 2027, today: "2026-06-15")) {
            try AnnualSpan(year: 2027, today: Self.day("2026-06-15"))
        }
        #expect(throws: AnnualReportError.yearNotEnded(year: 2026, lastDay: "2026-12-31")) {
            try AnnualSpan(year: 2026, today: Self.day("2026-12-31")).requireWholeYear()
        }
        #expect(throws: Never.self) { try AnnualSpan(year: 2026, today: Self.day("2027-01-01")).requireWholeYear() }
        #expect(AnnualReportError.yearOutOfRange(year: 10_000, first: 1971, last: 9999).exitStatus == .usage)
    }

    @Test func theHTMLIsSelfContainedPrintableAndHasCharts() throws {
        let program = try Self.twoYears()
        let html = try program.store.annualReport(keyring: program.keyring, year: 2025, today: Self.afterTheYear).rendered(as: .html)
        for outside in ["http", "src=", "@import", "url(", "<script", "<link", "href="] {
            #expect(!html.contains(outside), "the page must not name '\(outside)'")
        }
        #expect(html.components(separatedBy: "<svg").count - 1 == 3, "monthly bars, types and interventions")
        #expect(html.contains("@page { size: letter"))
        #expect(html.contains("break-inside: avoid"))
        #expect(html.contains("name=\"viewport\""))
        #expect(html.contains("CONFIDENTIAL"))
    }

    static let goldenDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    /// The seeded two years as the coordinator's page, against the reviewed golden file
    /// (`PEERLOG_UPDATE_GOLDEN=1` rewrites it; review the diff).
    @Test("golden outputs", arguments: [(ReportFormat.html, "annual.html"), (.text, "annual.txt")])
    func golden(format: ReportFormat, file: String) throws {
        let program = try Self.twoYears()
        let text = try program.store.annualReport(keyring: program.keyring, year: 2025, today: Self.afterTheYear).rendered(as: format)
        let url = Self.goldenDirectory.appendingPathComponent(file)
        if ProcessInfo.processInfo.environment["PEERLOG_UPDATE_GOLDEN"] == "1" { try text.write(to: url, atomically: true, encoding: .utf8) }
        #expect(text == (try String(contentsOf: url, encoding: .utf8)), "\(file) differs from its golden file")
    }

    @Test func readingTheYearIsAuditedAsTheCoordinatorsReport() throws {
        let program = try TestProgram()
        let before = try program.store.auditEvents().count
        _ = try program.store.annualReport(keyring: program.keyring, year: 2026, today: Self.afterTheYear)
        let entries = try program.store.auditEvents()
        #expect(entries.dropFirst(before).filter { $0.action == "coordinator-report" }.count == 2)
    }
}
