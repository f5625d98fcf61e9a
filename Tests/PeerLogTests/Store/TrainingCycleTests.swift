import Foundation
import Testing
@testable import PeerLog
@testable import PeerLogFormat

/// SOG 2-13 IV.A.2 refreshers: due dates at the interval's edges, the interval as a signed setting,
/// and who is listed as overdue.
@Suite("Training cycle: due dates at the edges, the interval signed, who is overdue")
struct TrainingCycleTests {
    static func day(_ text: String) throws -> CalendarDate { try CalendarDate(parsing: text) }

    /// (last trained, interval in months, today, expected state).
    static let edges: [(String, Int, String, TrainingStatus.State)] = [
        ("2025-03-15", 12, "2026-02-14", .current),   // the day before the month before the due day
        ("2025-03-15", 12, "2026-02-15", .due),       // one month before: due from here
        ("2025-03-15", 12, "2026-03-15", .due),       // the due day itself is not overdue yet
        ("2025-03-15", 12, "2026-03-16", .overdue),   // the day after is
        ("2025-01-31", 1, "2025-02-28", .due),        // 31 January + 1 month: the last day of February
        ("2025-01-31", 1, "2025-03-01", .overdue),
        ("2024-02-29", 12, "2025-02-28", .due),       // a leap day + 1 year: 28 February
        ("2024-02-29", 12, "2025-03-01", .overdue),
        ("2025-12-10", 24, "2027-12-10", .due),       // across a year end, 2y
        ("2025-12-10", 24, "2027-12-11", .overdue),
    ]

    @Test(arguments: 0..<edges.count)
    func theStateAtTheIntervalsEdges(index: Int) throws {
        let (last, months, today, expected) = Self.edges[index]
        #expect(TrainingCycle.state(lastTrained: try Self.day(last), months: months, today: try Self.day(today)) == expected,
                "trained \(last), every \(months) months, on \(today)")
    }

    @Test func neverTrainedIsAlwaysListedAndNoIntervalMeansNothingIsDue() throws {
        #expect(TrainingCycle.state(lastTrained: nil, months: 12, today: try Self.day("2026-01-05")) == .never)
        #expect(TrainingCycle.state(lastTrained: try Self.day("1990-01-01"), months: nil, today: try Self.day("2026-01-05")) == .current)
    }

    @Test(arguments: ["0m", "-3m", "11", "y", "121m", "11y", "12x", "99999y", "1m1"])
    func aMalformedIntervalIsRefused(text: String) {
        #expect(throws: TrainingIntervalError.malformed(text)) { try TrainingCycle.parseInterval(text) }
    }

    @Test func intervalsAreReadAsWritten() throws {
        #expect(try TrainingCycle.parseInterval("12m") == 12)
        #expect(try TrainingCycle.parseInterval("2y") == 24)
        #expect(try TrainingCycle.parseInterval("off") == nil)
        #expect(TrainingCycle.describe(months: 24) == "2y" && TrainingCycle.describe(months: 18) == "18m")
    }

    @Test func theLatestTrainingCountsAndRetiredAdvisorsAreLeftOut() throws {
        let program = try TestProgram()
        try program.enrol("Sgt. Ana Ortiz")
        try program.enrol("Ofc. Ben Cruz")
        try program.store.setTrainingInterval(months: 12, keyring: program.keyring)
        #expect(try program.store.trainingIntervalMonths() == 12)
        _ = try program.store.recordTraining(advisor: "Sgt. Ana Ortiz", topic: .referrals, on: try Self.day("2024-06-01"), authority: program.keyring)
        _ = try program.store.recordTraining(advisor: "Sgt. Ana Ortiz", topic: .referrals, on: try Self.day("2025-06-01"), authority: program.keyring)
        _ = try program.store.recordTraining(advisor: "Sgt. Ana Ortiz", topic: .deescalation, on: try Self.day("2024-06-01"), authority: program.keyring)
        let statuses = try program.store.trainingStatus(today: try Self.day("2026-01-05"))
        let ana = statuses.filter { $0.advisor == "Sgt. Ana Ortiz" }
        #expect(ana.count == TrainingTopic.allCases.count)
        let referrals = try #require(ana.first { $0.topic == .referrals })
        let (june2025, june2026) = (try Self.day("2025-06-01"), try Self.day("2026-06-01"))
        #expect(referrals.lastTrained == june2025 && referrals.due == june2026 && referrals.state == .current)
        #expect(ana.first { $0.topic == .deescalation }?.state == .overdue)
        #expect(ana.first { $0.topic == .stressAwareness }?.state == .never)

        _ = try program.store.retireAdvisor(named: "Ofc. Ben Cruz", authority: program.keyring, today: TestProgram.today)
        #expect(try !program.store.trainingStatus(today: try Self.day("2026-01-05")).contains { $0.advisor == "Ofc. Ben Cruz" })
    }

    @Test func theIntervalIsSignedAndATamperedOneIsCaught() throws {
        let program = try TestProgram()
        try program.store.setTrainingInterval(months: 12, keyring: program.keyring)
        #expect(try program.store.verify(keyring: program.keyring).isSound)
        // Someone with the file stretches the interval so that nobody looks overdue.
        try program.store.write { db in try db.execute(sql: "UPDATE setting SET value = '120' WHERE name = 'training-interval-months'") }
        let verification = Result { try program.store.verify(keyring: program.keyring) }
        switch verification {
        case let .success(result): #expect(!result.isSound, "verify did not notice the stretched interval")
        case let .failure(error): #expect(error is TamperingError, "\(error)")
        }
        // And nothing is signed over it: the coordinator's next change of the setting is refused.
        #expect(throws: TamperingError.self) { try program.store.setTrainingInterval(months: nil, keyring: program.keyring) }
    }
}
