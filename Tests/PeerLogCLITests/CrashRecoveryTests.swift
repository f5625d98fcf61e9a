import Foundation
@testable import PeerLog
import Testing

/// `peerlog file` killed with SIGKILL at random moments: during start-up, while the database is
/// opened, during key derivation, around the commit, after it. A killed filing must leave its form
/// stored exactly once or not at all, and the database sound.
@Suite("Crash recovery: filings killed at random moments leave a sound database")
struct CrashRecoveryTests {
    static let attempts = 60
    /// Fixed, so a failing schedule (which attempts are killed, and when) can be replayed.
    static let seed: UInt64 = 0x5065_6572_4C6F_6743

    @Test func eachKilledFilingIsStoredOnceOrNotAtAll() throws {
        let cli = try PeerLogRunner()
        let (coordinator, advisor) = try cli.setUpProgram()
        // Every attempt files its own incident/intervention pair, so the report shows which landed.
        let pairs = IncidentType.allCases.flatMap { incident in InterventionKind.allCases.map { (incident.code, $0.code) } }
        try #require(pairs.count >= Self.attempts)
        func start(_ attempt: Int) throws -> ChildProcess {
            try cli.start(["file", "--advisor", "Sgt. Ana Ortiz", "--incident", pairs[attempt].0,
                           "--intervention", pairs[attempt].1, "--passphrase-file", advisor], tag: "attempt-\(attempt)")
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
        let report = try cli.run(["report", "--format", "json", "--passphrase-file", coordinator])
        try #require(report.status == 0, "\(report.stderr)")
        let counts = try ReportJSON(report.stdout).countsByType
        let attempted = Set(pairs.prefix(Self.attempts).map { "\($0.0)/\($0.1)" })
        #expect(Set(counts.keys).isSubset(of: attempted), "a form appeared that nobody filed")
        #expect(counts.values.allSatisfy { $0 == 1 }, "a filing was stored more than once: \(counts.filter { $0.value > 1 })")
        for attempt in succeeded {
            #expect(counts["\(pairs[attempt].0)/\(pairs[attempt].1)"] == 1, "attempt \(attempt) reported Filed. but is missing")
        }
        // A killed filing may already have committed (killed between commit and exit).
        let killedButStored = diedByKill.filter { counts["\(pairs[$0].0)/\(pairs[$0].1)"] == 1 }
        let total = try ReportJSON(report.stdout).total
        #expect(total == succeeded.count + killedButStored.count)
        #expect(total == facts.forms)
        #expect(total >= succeeded.count && total <= Self.attempts)
    }
}
