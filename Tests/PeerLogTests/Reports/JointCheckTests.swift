import Foundation
import Testing
@testable import PeerLog
@testable import PeerLogFormat

/// The joint check on the cases the issue names, with fixed forms and fixed random seeds so that
/// each outcome is the same on every run. The reader is `ReaderOracle` (GLPK, from the published
/// JSON alone).
@Suite("Joint check: each publication is audited together with every earlier one")
struct JointCheckTests {
    static func day(_ text: String) throws -> CalendarDate { try CalendarDate(parsing: text) }

    /// A small program's half-year: a few forms of rare types among steady personal problems.
    static func program(seed: UInt64 = 7, forms: Int = 70, months: ClosedRange<Int> = 1...6) throws -> TestProgram {
        let program = try TestProgram()
        var g = SplitMix64(seed: seed)
        let weights = [1, 2, 2, 1, 1, 2, 12, 5, 4, 2]
        let entries = try (0..<forms).map { _ -> FormEntry in
            var r = Int(g.next(below: UInt64(weights.reduce(0, +)))), kind = 0
            while r >= weights[kind] { r -= weights[kind]; kind += 1 }
            let month = months.lowerBound + Int(g.next(below: UInt64(months.count)))
            return FormEntry(time: try time(String(format: "2025-%02d-%02d 10:00", month, 1 + Int(g.next(below: 28)))),
                             incident: IncidentType.allCases[kind], intervention: InterventionKind.allCases[Int(g.next(below: 7))])
        }
        try program.store.file(batch: entries, as: try program.enrol("Sgt. Ana Ortiz"))
        return program
    }

    static func seed(_ n: UInt8) -> [UInt8] { [UInt8](repeating: n, count: 32) }

    static func spec(_ from: String, _ to: String, by: PeriodGrouping, _ dimension: CommandStaffReport.Dimension = .incident,
                     k: Int = 5, asAsked: Bool = true) throws -> ReportSpecification {
        ReportSpecification(from: try day(from), to: try day(to), by: by, dimension: dimension, control: try DisclosureControl(threshold: k),
                            asAsked: asAsked)
    }

    /// Publishes each specification in turn (refusals are returned, not thrown) and asks the reader.
    static func publish(_ specs: [ReportSpecification], on program: TestProgram, jointCheck: Bool = true, seedBase: UInt8 = 1)
        throws -> (bodies: [Data], refusals: [PublicationRefusal], exposures: [ReaderOracle.Exposure]) {
        var bodies: [Data] = [], refusals: [PublicationRefusal] = []
        for (i, spec) in specs.enumerated() {
            do {
                let prepared = try program.store.prepareCommandStaffReport(keyring: program.keyring, spec, today: nil,
                                                                           seed: seed(seedBase &+ UInt8(i)), jointCheck: jointCheck)
                let number = try program.store.publish(prepared, keyring: program.keyring)
                bodies.append(try program.store.publishedReport(number, as: .coordinator(program.keyring)).body)
            } catch let refusal as PublicationRefusal {
                refusals.append(refusal)
            }
        }
        let glpsol = try JointDisclosureOracleTests.glpsol()
        return (bodies, refusals, try ReaderOracle(bodies: bodies).exposures(glpsol: glpsol, directory: program.directory))
    }

    @Test func aQuarterlyAndAMonthlyReportOverTheSameHalfYearNoLongerPinACount() throws {
        // The issue: each report protected on its own, together they pin a withheld count.
        let specs = [try Self.spec("2025-01-01", "2025-06-30", by: .quarter), try Self.spec("2025-01-01", "2025-06-30", by: .month)]
        let unchecked = try Self.publish(specs, on: try Self.program(), jointCheck: false)
        #expect(unchecked.bodies.count == 2)
        #expect(!unchecked.exposures.isEmpty, "without the joint check these two reports should expose a withheld count")
        #expect(unchecked.exposures.contains { $0.high < 5 }, "\(unchecked.exposures)")
        let checked = try Self.publish(specs, on: try Self.program(), jointCheck: true)
        #expect(checked.exposures.isEmpty, "\(checked.exposures)")
        #expect(checked.bodies.count + checked.refusals.count == 2)
    }

    @Test func aYearThenItsFirstHalfThenTheYearAgainAreAllChecked() throws {
        let program = try Self.program(forms: 140, months: 1...12)
        let year = try Self.spec("2025-01-01", "2025-12-31", by: .quarter, asAsked: false)
        let half = try Self.spec("2025-01-01", "2025-06-30", by: .month, asAsked: false)
        let first = try Self.publish([year, half, year], on: program)
        #expect(first.refusals.count + first.bodies.count == 3)
        #expect(first.exposures.isEmpty, "\(first.exposures)")
        // The first year's exact layout once more: whatever publication 1 withheld is withheld
        // again, or the report is refused as showing nothing new, naming an earlier publication.
        let reports = try first.bodies.map { try CommandStaffReport.decode($0) }
        let original = try #require(reports.first)
        let again = try Self.spec("2025-01-01", "2025-12-31", by: original.by, asAsked: true)
        let last = try Self.publish([again], on: program, seedBase: 50)
        #expect(last.exposures.isEmpty, "\(last.exposures)")
        if original.recoding == nil, let body = last.bodies.last {
            let repeated = try CommandStaffReport.decode(body)
            #expect(repeated.rows.map(\.codes) == original.rows.map(\.codes))
            for (a, b) in zip(original.rows, repeated.rows) {
                for (x, y) in zip(a.counts, b.counts) where x == nil { #expect(y == nil, "\(a.code)") }
                if a.total == nil { #expect(b.total == nil, "\(a.code), total") }
            }
        } else if let refusal = last.refusals.first {
            guard case let .conflictsWithEarlier(publications, _, _) = refusal else {
                Issue.record("expected a refusal naming an earlier publication, got \(refusal)")
                return
            }
            #expect(publications.contains(1), "\(publications)")
            // Not "try the periods of publication 1": those are the periods just refused.
            #expect(refusal.hint?.contains("reading publication 1, which already covers these periods: peerlog report get 1") == true,
                    "\(refusal.hint ?? "")")
            #expect(refusal.hint?.contains("the periods of publication 1:") == false, "\(refusal.hint ?? "")")
        } else {
            #expect(original.recoding != nil, "the repeat was neither published nor refused")
        }
    }

    @Test func whenOnlyHidingEverythingWouldProtectAnEarlierNumberThePublicationIsRefusedAndNamed() throws {
        let program = try Self.program(seed: 3, forms: 150, months: 1...12)
        _ = try Self.publish([try Self.spec("2025-01-01", "2025-12-31", by: .quarter, asAsked: false)], on: program)
        // The same first half, by quarter again: everything it could add narrows a number
        // publication 1 withheld, or is already known from it.
        let refusal = #expect(throws: PublicationRefusal.self) {
            _ = try program.store.prepareCommandStaffReport(keyring: program.keyring,
                                                            try Self.spec("2025-01-01", "2025-06-30", by: .quarter), seed: Self.seed(9))
        }
        guard case let .conflictsWithEarlier(publications, described, alternatives)? = refusal else {
            Issue.record("expected a conflict with publication 1, got \(String(describing: refusal))")
            return
        }
        #expect(publications == [1])
        #expect(described.first?.contains("publication 1 (2025-01-01 to 2025-12-31, by quarter") == true)
        #expect(alternatives.contains { $0.contains("--by quarter --from 2025-01-01 --to 2025-12-31") })
        #expect(refusal?.exitStatus == .invalidData)
        #expect(refusal?.description.contains("narrow down a number withheld in publication 1") == true)
        #expect(refusal?.hint?.contains("try the periods of publication 1") == true)
    }

    @Test func formsFiledLateForAPublishedPeriodStopANewReportOverIt() throws {
        let program = try Self.program(forms: 60, months: 1...3)
        let prepared = try program.store.prepareCommandStaffReport(keyring: program.keyring,
                                                                   try Self.spec("2025-01-01", "2025-03-31", by: .quarter), seed: Self.seed(4))
        try program.store.publish(prepared, keyring: program.keyring)
        // A paper form entered late, of a type whose first-quarter count was shown.
        let shown = try #require(prepared.report.rows.first { ($0.counts.first ?? nil).map { $0 > 0 } ?? false })
        let late = try #require(IncidentType.allCases.first { $0.code == shown.code })
        try program.store.file(as: try program.store.unlockAdvisor(named: "Sgt. Ana Ortiz", passphrase: secret(TestProgram.passphrase(of: "Sgt. Ana Ortiz"))),
                               at: try time("2025-02-14 09:00"), incident: late, intervention: .oneOnOne)
        let refusal = #expect(throws: PublicationRefusal.self) {
            _ = try program.store.prepareCommandStaffReport(keyring: program.keyring,
                                                            try Self.spec("2025-01-01", "2025-06-30", by: .month), seed: Self.seed(5))
        }
        guard case let .formsChanged(publication, first, last)? = refusal else {
            Issue.record("expected the late form to be noticed, got \(String(describing: refusal))")
            return
        }
        #expect(publication == 1 && first == "2025-01-01" && last == "2025-03-31")
        #expect(refusal?.hint == "publish periods that start after 2025-03-31; the earlier publication stands as it is")
        // Months after the changed ones can still be published.
        let later = try program.store.prepareCommandStaffReport(keyring: program.keyring,
                                                                try Self.spec("2025-04-01", "2025-06-30", by: .month), seed: Self.seed(6))
        #expect(later.report.from == "2025-04-01")
    }

    @Test func aWithdrawnPublicationStillCountsInEveryLaterCheck() throws {
        let program = try Self.program(forms: 90, months: 1...6)
        let run = try Self.publish([try Self.spec("2025-01-01", "2025-06-30", by: .quarter)], on: program)
        try program.store.withdrawPublication(1, keyring: program.keyring)
        let first = try CommandStaffReport.decode(try #require(run.bodies.first))
        let again = try program.store.prepareCommandStaffReport(keyring: program.keyring,
                                                                try Self.spec("2025-01-01", "2025-06-30", by: .quarter), seed: Self.seed(40))
        // Publication 1 is withdrawn for readers, but its withheld numbers are still withheld.
        for (a, b) in zip(first.rows, again.report.rows) {
            for (x, y) in zip(a.counts, b.counts) where x == nil { #expect(y == nil, "\(a.code)") }
        }
        #expect(throws: PublicationError.nothingPublished) { try program.store.latestPublishedReport(as: .coordinator(program.keyring)) }
    }

    @Test func wholeMonthsThatHaveEndedOnly() throws {
        let program = try Self.program()
        #expect(throws: PublicationRefusal.notWholeMonths(from: "2025-01-05", to: "2025-03-31", suggestedFrom: "2025-01-01", suggestedTo: "2025-03-31")) {
            _ = try program.store.prepareCommandStaffReport(keyring: program.keyring, try Self.spec("2025-01-05", "2025-03-31", by: .month))
        }
        #expect(throws: PublicationRefusal.notWholeMonths(from: "2025-01-01", to: "2025-03-30", suggestedFrom: "2025-01-01", suggestedTo: "2025-03-31")) {
            _ = try program.store.prepareCommandStaffReport(keyring: program.keyring, try Self.spec("2025-01-01", "2025-03-30", by: .month))
        }
        let today = try Self.day("2025-06-15")
        #expect(throws: PublicationRefusal.periodNotEnded(to: "2025-06-30", lastEnded: "2025-05-31")) {
            _ = try program.store.prepareCommandStaffReport(keyring: program.keyring, try Self.spec("2025-01-01", "2025-06-30", by: .month), today: today)
        }
    }

    @Test func theSeedIsSealedWithThePublicationAndReplaysItsChoices() throws {
        let program = try Self.program(forms: 80)
        let spec = try Self.spec("2025-01-01", "2025-06-30", by: .month, asAsked: false)
        let prepared = try program.store.prepareCommandStaffReport(keyring: program.keyring, spec, seed: Self.seed(77))
        let replay = try program.store.prepareCommandStaffReport(keyring: program.keyring, spec, seed: Self.seed(77))
        #expect(replay.report == prepared.report)
        let number = try program.store.publish(prepared, keyring: program.keyring)
        #expect(try program.store.publicationSeed(number, keyring: program.keyring) == Self.seed(77))
        // Stored sealed: the seed's bytes are nowhere in the file.
        #expect(occurrences(of: Self.seed(77), in: rawBytes(program.path) + rawBytes(program.path + "-wal")) == 0)
    }
}
