import Foundation
import Testing
@testable import PeerLog
@testable import PeerLogFormat

@Suite("Noise: exact discrete Laplace samples, tables that add up, a budget per month of forms")
struct NoiseTests {
    @Test("epsilon is an exact decimal fraction", arguments: [("0.5", 1, 2), ("2", 2, 1), ("1.25", 5, 4), ("0.0001", 1, 10_000), ("10", 10, 1)])
    func epsilonParses(text: String, numerator: UInt64, denominator: UInt64) throws {
        let epsilon = try Epsilon(parsing: text)
        #expect(epsilon.numerator == numerator && epsilon.denominator == denominator)
        #expect(try Epsilon(parsing: epsilon.description) == epsilon)
    }

    @Test("anything else is refused", arguments: ["0", "0.0", "-1", "10.5", "1e3", "nan", "", ".5", "1.", "0.12345", "+1", "1,5", "Infinity"])
    func epsilonRefused(text: String) {
        #expect(throws: NoiseError.badEpsilon(text)) { try Epsilon(parsing: text) }
    }

    @Test func budgetsAddExactly() throws {
        let sum = try Epsilon(parsing: "0.1") + Epsilon(parsing: "0.2")
        let third = try Epsilon(parsing: "0.3")
        #expect(sum == third)
        #expect(!(third < sum) && !(sum < third))
    }

    /// Exact Bernoulli(exp(−γ)) coins: frequencies within 4 standard errors of exp(−γ).
    @Test("exp(−γ) coins", arguments: [(UInt64(1), UInt64(2)), (1, 1), (3, 2), (7, 3)])
    func bernoulliExp(numerator: UInt64, denominator: UInt64) throws {
        var random = try SeededRandom(seed: [UInt8](repeating: UInt8(numerator * 16 + denominator), count: 32))
        let n = 40_000
        let hits = (0..<n).filter { _ in DiscreteLaplace.bernoulliExp(numerator, denominator, &random) }.count
        let p = exp(-Double(numerator) / Double(denominator))
        let se = (p * (1 - p) / Double(n)).squareRoot()
        #expect(abs(Double(hits) / Double(n) - p) < 4 * se, "\(hits) of \(n) against \(p)")
    }

    /// Pr[Y = y] ∝ α^|y| with α = exp(−ε): the frequency of each small value, the symmetry and
    /// the mean match, within 4 standard errors.
    @Test("the two-sided geometric distribution", arguments: ["1", "0.5", "2"])
    func discreteLaplace(text: String) throws {
        let epsilon = try Epsilon(parsing: text)
        let sampler = DiscreteLaplace(epsilon: epsilon)
        var random = try SeededRandom(seed: [UInt8](repeating: 3, count: 32))
        let n = 40_000
        let samples = (0..<n).map { _ in sampler.sample(&random) }
        let alpha = exp(-Double(epsilon.numerator) / Double(epsilon.denominator))
        for y in -3...3 {
            let p = (1 - alpha) / (1 + alpha) * pow(alpha, Double(abs(y)))
            let se = (p * (1 - p) / Double(n)).squareRoot()
            let seen = Double(samples.filter { $0 == y }.count) / Double(n)
            #expect(abs(seen - p) < 4 * se + 1e-9, "Pr[Y = \(y)]: \(seen) against \(p)")
        }
        let variance = 2 * alpha / ((1 - alpha) * (1 - alpha))
        let mean = Double(samples.reduce(0, +)) / Double(n)
        #expect(abs(mean) < 4 * (variance / Double(n)).squareRoot(), "mean \(mean)")
    }

    /// A program with large counts everywhere it has any, so nothing is small.
    static func busyProgram() throws -> TestProgram {
        let program = try TestProgram()
        var entries: [FormEntry] = []
        for month in 1...6 {
            for (i, incident) in [IncidentType.personalProblems, .traumaticEvent, .criticalIncident].enumerated() {
                for n in 0..<(12 + 3 * i) {
                    entries.append(FormEntry(time: try time(String(format: "2025-%02d-%02d 10:00", month, 1 + n)), incident: incident,
                                             intervention: n % 2 == 0 ? .oneOnOne : .followUp))
                }
            }
        }
        try program.store.file(batch: entries, as: try program.enrol("Sgt. Ana Ortiz"))
        return program
    }

    static func spec(_ from: String, _ to: String, noise: String?) throws -> ReportSpecification {
        ReportSpecification(from: try CalendarDate(parsing: from), to: try CalendarDate(parsing: to), by: .month,
                            control: try DisclosureControl(), asAsked: true, noise: try noise.map { try Epsilon(parsing: $0) })
    }

    @Test func noisyTablesAddUpAndSayHowMuchPrivacyTheySpend() throws {
        let program = try Self.busyProgram()
        try program.store.setNoiseBudget(try Epsilon(parsing: "2"), keyring: program.keyring)
        let truth = try program.store.prepareCommandStaffReport(keyring: program.keyring, try Self.spec("2025-01-01", "2025-06-30", noise: nil),
                                                                seed: [UInt8](repeating: 8, count: 32)).report
        let noisy = try program.store.prepareCommandStaffReport(keyring: program.keyring, try Self.spec("2025-01-01", "2025-06-30", noise: "0.5"),
                                                                seed: [UInt8](repeating: 8, count: 32)).report
        #expect(noisy.noise == CommandStaffReport.Noise(mechanism: "two-sided geometric", epsilon: "0.5"))
        #expect(noisy.note.contains("privacy loss epsilon = 0.5"))
        var checked = 0
        for row in noisy.rows {
            let counts = row.counts.compactMap { $0 }
            #expect(counts.allSatisfy { $0 >= 0 })
            if counts.count == row.counts.count, let total = row.total { #expect(total == counts.reduce(0, +), "\(row.code)"); checked += 1 }
        }
        for (c, period) in noisy.periods.enumerated() {
            let column = noisy.rows.map { $0.counts[c] }
            if column.allSatisfy({ $0 != nil }), let total = period.total {
                #expect(total == column.compactMap { $0 }.reduce(0, +), "\(period.label)"); checked += 1
            }
        }
        if let grand = noisy.grandTotal, noisy.rows.allSatisfy({ $0.total != nil }) {
            #expect(grand == noisy.rows.compactMap(\.total).reduce(0, +)); checked += 1
        }
        #expect(checked >= 10, "too few complete rows and columns to check")
        // Noise was added: with 60 cells, a table equal to the truth would be a broken sampler.
        #expect(zip(noisy.rows, truth.rows).contains { $0.counts != $1.counts })
    }

    @Test func aPublicationThatWouldExceedTheBudgetIsRefused() throws {
        let program = try Self.busyProgram()
        #expect(throws: NoiseError.budgetNotSet) {
            _ = try program.store.prepareCommandStaffReport(keyring: program.keyring, try Self.spec("2025-01-01", "2025-03-31", noise: "0.5"))
        }
        try program.store.setNoiseBudget(try Epsilon(parsing: "1"), keyring: program.keyring)
        #expect(try program.store.noiseBudget() == (try Epsilon(parsing: "1")))
        let first = try program.store.prepareCommandStaffReport(keyring: program.keyring, try Self.spec("2025-01-01", "2025-03-31", noise: "0.6"))
        try program.store.publish(first, keyring: program.keyring)
        // Withdrawn or not, it spent its epsilon on January to March.
        try program.store.withdrawPublication(1, keyring: program.keyring)
        #expect(throws: NoiseError.budgetExceeded(month: "2025-03", spent: "0.6", asked: "0.6", budget: "1")) {
            _ = try program.store.prepareCommandStaffReport(keyring: program.keyring, try Self.spec("2025-03-01", "2025-04-30", noise: "0.6"))
        }
        // Other months, or what is left of the budget, are fine.
        _ = try program.store.prepareCommandStaffReport(keyring: program.keyring, try Self.spec("2025-04-01", "2025-06-30", noise: "0.6"))
        _ = try program.store.prepareCommandStaffReport(keyring: program.keyring, try Self.spec("2025-03-01", "2025-04-30", noise: "0.4"))
        let refused = NoiseError.budgetExceeded(month: "2025-03", spent: "0.6", asked: "0.6", budget: "1")
        #expect(refused.exitStatus == .invalidData)
        #expect(refused.hint?.contains("smaller --noise") == true)
    }

    /// Noise changes the shown numbers, never which are withheld: the same seed withholds the same
    /// numbers with or without noise. And the joint check treats noisy numbers as exact, so even a
    /// reader who somehow learnt the exact value behind every noisy number (more than any reader
    /// holds) could not pin a withheld one: the reader oracle gets the earlier exact publication and
    /// the noisy publication's exact twin.
    @Test func suppressionUnderNoiseHoldsEvenAgainstAReaderWhoKnewTheExactShownNumbers() throws {
        let program = try JointCheckTests.program(seed: 11, forms: 90, months: 1...6)
        try program.store.setNoiseBudget(try Epsilon(parsing: "2"), keyring: program.keyring)
        let quarters = try JointCheckTests.publish([try JointCheckTests.spec("2025-01-01", "2025-06-30", by: .quarter)], on: program)
        try #require(quarters.bodies.count == 1, "\(quarters.refusals)")
        let seed = [UInt8](repeating: 21, count: 32)
        func months(_ noise: String?) throws -> ReportSpecification {
            var spec = try JointCheckTests.spec("2025-01-01", "2025-06-30", by: .month)
            spec.noise = try noise.map { try Epsilon(parsing: $0) }
            return spec
        }
        let noisy = try program.store.prepareCommandStaffReport(keyring: program.keyring, try months("0.5"), seed: seed)
        let exact = try program.store.prepareCommandStaffReport(keyring: program.keyring, try months(nil), seed: seed)
        #expect(noisy.report.withheldCount > 0, "the fixture should have small monthly counts to withhold")
        #expect(noisy.report.rows.map(\.codes) == exact.report.rows.map(\.codes))
        #expect(noisy.report.rows.map { $0.counts.map { $0 == nil } } == exact.report.rows.map { $0.counts.map { $0 == nil } })
        #expect(noisy.report.rows.map { $0.total == nil } == exact.report.rows.map { $0.total == nil })
        #expect(noisy.report.periods.map { $0.total == nil } == exact.report.periods.map { $0.total == nil })
        #expect((noisy.report.grandTotal == nil) == (exact.report.grandTotal == nil))
        try program.store.publish(noisy, keyring: program.keyring)
        let reader = try ReaderOracle(bodies: quarters.bodies + [try exact.report.canonicalJSON()])
        let exposures = try reader.exposures(glpsol: try JointDisclosureOracleTests.glpsol(), directory: program.directory)
        #expect(exposures.isEmpty, "\(exposures)")
    }

    @Test func theBudgetIsASignedSetting() throws {
        let program = try Self.busyProgram()
        try program.store.setNoiseBudget(try Epsilon(parsing: "2.5"), keyring: program.keyring)
        // A file writer who raises it is caught at the next coordinator action.
        try program.store.write { db in try db.execute(sql: "UPDATE setting SET value = '9' WHERE name = 'noise-budget'") }
        #expect(throws: TamperingError.settingNotSigned(name: "noise-budget")) {
            try program.store.setNoiseBudget(nil, keyring: program.keyring)
        }
    }
}
