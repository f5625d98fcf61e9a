import Foundation
import Testing
@testable import PeerLog
@testable import PeerLogFormat

/// The proof the joint check is asked for: random sequences of publications (overlapping periods,
/// month, quarter and year, both dimensions, K from 3 to 10, rare types combined or not) over
/// random forms, and after each one an independent reader (`ReaderOracle`: GLPK, from the
/// published JSON alone) checks every withheld number of every publication so far. With the joint
/// check switched off, the same reader finds numbers it can pin.
@Suite("Joint disclosure: a reader holding every publication cannot narrow a withheld number")
struct JointDisclosureOracleTests {
    static let sequences = 0..<10

    /// The solver the reader uses; the test fails (never skips) without it.
    static func glpsol() throws -> String {
        try #require(ReaderOracle.glpsol(), """
            glpsol is needed for this test (GLPK's command-line solver, a separate program: \
            'apt-get install -y glpk-utils'; .ci/run installs it)
            """)
    }

    /// Forms over 2025: a small program (about 40 to 200 forms a year), most of one type.
    static func forms(_ g: inout SplitMix64) throws -> [FormEntry] {
        let count = 40 + Int(g.next(below: 160))
        let incidentWeights = [1, 2, 3, 1, 1, 2, 14, 6, 5, 2]
        let interventionWeights = [14, 4, 2, 3, 5, 1, 1]
        func pick(_ weights: [Int]) -> Int {
            var r = Int(g.next(below: UInt64(weights.reduce(0, +))))
            var i = 0
            while r >= weights[i] { r -= weights[i]; i += 1 }
            return i
        }
        return try (0..<count).map { _ in
            let month = 1 + Int(g.next(below: 12)), day = 1 + Int(g.next(below: 28))
            let at = String(format: "2025-%02d-%02d %02d:%02d", month, day, Int(g.next(below: 24)), Int(g.next(below: 60)))
            return FormEntry(time: try time(at), incident: IncidentType.allCases[pick(incidentWeights)],
                             intervention: InterventionKind.allCases[pick(interventionWeights)])
        }
    }

    /// A random request: whole months of 2025, any grouping and dimension.
    static func specification(_ g: inout SplitMix64, k: Int) throws -> ReportSpecification {
        let first = 1 + Int(g.next(below: 12))
        let last = first + Int(g.next(below: UInt64(13 - first)))
        let from = try CalendarDate(year: 2025, month: first, day: 1)
        let to = try CalendarDate(year: 2025, month: last, day: CalendarDate.daysIn(month: last, year: 2025))
        return ReportSpecification(from: from, to: to, by: PeriodGrouping.allCases[Int(g.next(below: 3))],
                                   dimension: CommandStaffReport.Dimension.allCases[Int(g.next(below: 2))],
                                   control: try DisclosureControl(threshold: k), asAsked: g.next(below: 2) == 0)
    }

    struct Run {
        var published = 0
        var refused = 0
        var exposures: [String] = []
        var smallShown: [String] = []
    }

    /// Publishes a random sequence and asks the reader after each publication.
    static func run(sequence: Int, jointCheck: Bool, glpsol: String) throws -> Run {
        var g = SplitMix64(seed: UInt64(sequence) &* 0x9E37_79B9_7F4A_7C15 &+ 11)
        let program = try TestProgram()
        try program.store.file(batch: try forms(&g), as: try program.enrol("Sgt. Ana Ortiz"))
        let k = 3 + sequence % 8
        var run = Run()
        var bodies: [Data] = []
        for step in 0..<5 {
            let spec = try specification(&g, k: k)
            let seed = (0..<32).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ sequence &* 7 &+ step) }
            let prepared: PreparedReport
            do {
                prepared = try program.store.prepareCommandStaffReport(keyring: program.keyring, spec, today: nil, seed: seed,
                                                                       jointCheck: jointCheck)
            } catch is PublicationRefusal {
                run.refused += 1
                continue
            }
            let number = try program.store.publish(prepared, keyring: program.keyring)
            bodies.append(try program.store.publishedReport(number, as: .coordinator(program.keyring)).body)
            run.published += 1
            let oracle = try ReaderOracle(bodies: bodies)
            run.smallShown += oracle.smallNumbersShown()
            run.exposures += try oracle.exposures(glpsol: glpsol, directory: program.directory).map { "after publication \(number): \($0)" }
        }
        return run
    }

    @Test("random sequences: every withheld number can still reach K and is never exact", arguments: sequences)
    func randomSequencesStayProtected(sequence: Int) throws {
        let glpsol = try Self.glpsol()
        let run = try Self.run(sequence: sequence, jointCheck: true, glpsol: glpsol)
        #expect(run.published >= 1, "sequence \(sequence) published nothing (\(run.refused) refused)")
        #expect(run.smallShown.isEmpty, "small counts shown: \(run.smallShown)")
        #expect(run.exposures.isEmpty, "sequence \(sequence): \(run.exposures.joined(separator: "; "))")
    }

    @Test func withoutTheJointCheckTheReaderPinsNumbers() throws {
        let glpsol = try Self.glpsol()
        var exposures: [String] = []
        for sequence in Self.sequences {
            exposures += try Self.run(sequence: sequence, jointCheck: false, glpsol: glpsol).exposures
            if !exposures.isEmpty { break }
        }
        // Each report alone still protects its own numbers: what the reader finds comes from
        // combining publications.
        #expect(!exposures.isEmpty, "with the joint check off, the same sequences should expose some withheld number")
    }
}
