import Foundation
import Testing

/// Several advisors filing at the same moment on one database: each `peerlog file` is its own
/// process, as it is at real desks, so they compete for SQLite's write lock. The busy timeout must
/// absorb that: no "database is locked" for anyone, and every form counted exactly once.
@Suite("Concurrent filing: processes filing at once all succeed, every form counted once")
struct ConcurrentFilingTests {
    static let formsEach = 15

    @Test func fourAdvisorsFilingAtOnce() throws {
        let cli = try PeerLogRunner()
        let (coordinator, anaPassphrase) = try cli.setUpProgram()
        var advisors = [(name: "Sgt. Ana Ortiz", passphrase: anaPassphrase)]
        for (index, name) in ["Ofc. Ben Carter", "Det. Chris Lee", "Ofc. Dee Walsh"].enumerated() {
            let passphrase = try cli.secretFile("advisor-\(index).pass", strong("passphrase of advisor \(index)"))
            let add = try cli.run(["advisor", "add", name, "--passphrase-file", coordinator, "--advisor-passphrase-file", passphrase])
            try #require(add.status == 0, "\(add.stderr)")
            advisors.append((name, passphrase))
        }

        // One shell loop per advisor, all started at once; a loop stops at the first failure.
        let script = #"for i in $(seq "$4"); do "$1" file --advisor "$2" --incident other --intervention one-on-one --passphrase-file "$3" || exit $?; done"#
        let loops = try advisors.enumerated().map { index, advisor in
            try ChildProcess(executable: "/bin/sh",
                             arguments: ["-c", script, "sh", PeerLogRunner.binary.path, advisor.name, advisor.passphrase, String(Self.formsEach)],
                             environment: cli.environment(), outputPrefix: cli.home + "/loop-\(index)")
        }
        for (loop, advisor) in zip(loops.map { $0.wait() }, advisors) {
            #expect(loop.exitStatus == 0, "\(advisor.name): \(loop.stderr)")
            #expect(loop.stderr.isEmpty, "\(advisor.name): \(loop.stderr)")
            #expect(loop.stdout.components(separatedBy: "Filed.").count - 1 == Self.formsEach)
        }

        let report = try cli.run(["report", "--format", "json", "--passphrase-file", coordinator])
        try #require(report.status == 0, "\(report.stderr)")
        let parsed = try ReportJSON(report.stdout)
        #expect(parsed.total == advisors.count * Self.formsEach)
        #expect(parsed.countsByAdvisor == Dictionary(uniqueKeysWithValues: advisors.map { ($0.name, Self.formsEach) }))

        let verify = try cli.run(["audit", "verify"])
        #expect(verify.status == 0, "\(verify.stderr)")
        #expect(verify.stdout.contains("\(advisors.count * Self.formsEach) forms accounted for"))
        let facts = try DatabaseFacts(path: cli.db)
        #expect(facts.integrity == ["ok"])
        #expect(facts.forms == advisors.count * Self.formsEach)
        #expect(facts.filedEntries == facts.forms)
    }
}
