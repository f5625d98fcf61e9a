import Foundation
import Testing

/// `restore` as a coordinator would run it on a bad day: last week's backup over a database that
/// advisors kept filing into. It must say what would be lost, refuse without --force, and keep
/// the file it replaces.
@Suite("Restore shows what it would replace, refuses to lose forms without --force, keeps the replaced file")
struct SafeRestoreCLITests {
    static func file(_ cli: PeerLogRunner, advisor: String, on day: String) throws {
        let filed = try cli.run(["file", "--advisor", "Sgt. Ana Ortiz", "--incident", "other", "--intervention", "one-on-one",
                                 "--at", "\(day) 10:00", "--passphrase-file", advisor])
        #expect(filed.status == 0, "\(filed.stderr)")
    }

    static func formsLine(_ cli: PeerLogRunner) throws -> String {
        let verified = try cli.run(["verify"])
        return verified.stdout.split(separator: "\n").first { $0.hasPrefix("Forms:") }.map(String.init) ?? verified.stderr
    }

    @Test func lastWeeksBackupOverNewerFormsIsRefusedThenForcedWithACopyKept() throws {
        let cli = try PeerLogRunner()
        let (coordinator, advisor) = try cli.setUpProgram()
        try Self.file(cli, advisor: advisor, on: "2026-01-02")
        let backup = cli.home + "/last-week.db"
        #expect(try cli.run(["backup", backup]).status == 0)
        try Self.file(cli, advisor: advisor, on: "2026-01-05")
        try Self.file(cli, advisor: advisor, on: "2026-01-06")
        #expect(try Self.formsLine(cli).hasPrefix("Forms: 3 stored"))

        let dry = try cli.run(["restore", backup, "--dry-run", "--passphrase-file", coordinator])
        #expect(dry.status == 0, "\(dry.stderr)")
        // The audit entries counted too: the filings, folded into the trail by the coordinator's unlock.
        #expect(dry.stdout.contains("holds 2 forms and "), "\(dry.stdout)")
        #expect(dry.stdout.contains("--force"))

        let refused = try cli.run(["restore", backup, "--passphrase-file", coordinator])
        #expect(refused.status == 65, "\(refused.stdout)\(refused.stderr)")
        #expect(refused.stderr.contains("holds 2 forms and "), "\(refused.stderr)")
        #expect(refused.stderr.contains("peerlog: hint:") && refused.stderr.contains("--force"), "\(refused.stderr)")
        #expect(try Self.formsLine(cli).hasPrefix("Forms: 3 stored"), "a refused restore dropped forms")
        let replacedBefore = try FileManager.default.contentsOfDirectory(atPath: cli.home).filter { $0.contains(".replaced-") }
        #expect(replacedBefore.isEmpty, "a refused or dry-run restore kept copies: \(replacedBefore)")

        let forced = try cli.run(["restore", backup, "--force", "--passphrase-file", coordinator])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(try Self.formsLine(cli).hasPrefix("Forms: 1 stored"))
        let kept = try FileManager.default.contentsOfDirectory(atPath: cli.home).filter { $0.hasPrefix("peerlog.db.replaced-") }
        #expect(kept.count == 1, "\(kept)")
        let keptPath = cli.home + "/" + (kept.first ?? "")
        #expect(forced.stdout.contains(keptPath), "\(forced.stdout)")
        #expect((try? FileManager.default.attributesOfItem(atPath: keptPath))?[.posixPermissions] as? Int == 0o600)
        // The two forms are still in the kept file, which opens with the same passphrase.
        let keptCheck = try cli.run(["verify", "--db", keptPath, "--passphrase-file", coordinator])
        #expect(keptCheck.status == 0, "\(keptCheck.stderr)")
        #expect(keptCheck.stdout.contains("Forms: 3 stored"), "\(keptCheck.stdout)")
    }
}
