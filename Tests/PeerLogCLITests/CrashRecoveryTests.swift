import Foundation
@testable import PeerLog
import Testing

/// `peerlog file` killed with SIGKILL at random moments: during start-up, while the database is
/// opened, during key derivation, around the commit, after it. A killed filing must leave its form
/// stored exactly once or not at all, and the database sound.
@Suite("Crash recovery: filings killed at random moments leave a sound database", .tags(.slow), .timeLimit(.minutes(10)))
struct CrashRecoveryTests {
    static let attempts = 200
    /// Fixed, so a failing schedule (which attempts are killed, and when) can be replayed.
    static let seed: UInt64 = 0x5065_6572_4C6F_6743

    @Test func eachKilledFilingIsStoredOnceOrNotAtAll() throws {
        let cli = try PeerLogRunner()
        let (coordinator, advisor) = try cli.setUpProgram()
        // Every attempt files its own time of service (a quarter-hour of 2025 of its own), so the
        // forms, opened with the coordinator's key afterwards, show exactly which attempts landed.
        func start(_ attempt: Int) throws -> ChildProcess {
            try cli.start(["file", "--advisor", "Sgt. Ana Ortiz", "--incident", "other", "--intervention", "one-on-one",
                           "--at", Self.timeOfService(attempt), "--passphrase-file", advisor], tag: "attempt-\(attempt)")
        }

        // The first attempts run to the end. The longest of them sets the window kills are drawn
        // from, so that on a fast or a slow machine kills land anywhere from exec to exit, the
        // commit included, rather than all before the key derivation is done.
        var outcomes: [ChildProcess.Outcome] = []
        var longest = 0.0
        for attempt in 0..<3 {
            let started = Date()
            outcomes.append(try start(attempt).wait())
            longest = max(longest, Date().timeIntervalSince(started))
        }
        var generator = SplitMix64(seed: Self.seed)
        var killed: Set<Int> = []
        for attempt in 3..<Self.attempts {
            let child = try start(attempt)
            if Int.random(in: 0..<3, using: &generator) > 0 {
                Thread.sleep(forTimeInterval: Double.random(in: 0...(1.2 * longest), using: &generator))
                child.kill()
                killed.insert(attempt)
            }
            outcomes.append(child.wait())
        }

        let succeeded = Set(outcomes.indices.filter {
            outcomes[$0].exitStatus == 0 && outcomes[$0].stdout.contains("Filed. Only the Program Coordinator can read it.")
        })
        let diedByKill = Set(outcomes.indices.filter { outcomes[$0].signal == SIGKILL })
        #expect(diedByKill.isSubset(of: killed))
        #expect(!diedByKill.isEmpty, "no filing was actually killed: the test exercised nothing")
        for attempt in outcomes.indices where !succeeded.contains(attempt) && !diedByKill.contains(attempt) {
            Issue.record("attempt \(attempt) neither succeeded nor was killed: \(outcomes[attempt].stderr)")
        }

        // The file itself, read with SQLite: sound, and every stored form has its audit entry.
        let facts = try DatabaseFacts(path: cli.db)
        #expect(facts.integrity == ["ok"])
        #expect(facts.forms == facts.filedEntries)

        let verify = try cli.run(["audit", "verify"])
        #expect(verify.status == 0, "\(verify.stderr)")
        // Every stored form opened and checked with the coordinator's key, mapped back to its attempt.
        let store = try PeerLogStore(openingExisting: cli.db)
        let keyring = try store.unlockProgram(passphrase: SecretInput.fromFile(coordinator, what: "passphrase") { _ in })
        var counts: [Int: Int] = [:]
        var strangers: [String] = []
        let attemptByTime = Dictionary(uniqueKeysWithValues: (0..<Self.attempts).map { (Self.timeOfService($0), $0) })
        try store.forEachForm(keyring: keyring) { form in
            let local = String(form.serviceTime.description.prefix(16))
            if let attempt = attemptByTime[local] { counts[attempt, default: 0] += 1 } else { strangers.append(local) }
        }
        #expect(strangers.isEmpty, "forms that no attempt filed: \(strangers)")
        #expect(counts.values.allSatisfy { $0 == 1 }, "a filing was stored more than once: \(counts.filter { $0.value > 1 })")
        for attempt in succeeded {
            #expect(counts[attempt] == 1, "attempt \(attempt) reported Filed. but is missing")
        }
        // A killed filing may already have committed (killed between commit and exit).
        let killedButStored = diedByKill.filter { counts[$0] == 1 }
        let total = counts.values.reduce(0, +)
        #expect(total == succeeded.count + killedButStored.count)
        #expect(total == facts.forms)
        #expect(total >= succeeded.count && total <= Self.attempts)
    }

    /// Attempt N's time of service: 2025-03-01 00:00 plus N quarter-hours, as typed.
    static func timeOfService(_ attempt: Int) -> String {
        let minutes = attempt * 15
        let day = 1 + minutes / 1440, hour = minutes % 1440 / 60, minute = minutes % 60
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "2025-03-\(two(day)) \(two(hour)):\(two(minute))"
    }
}
