import Foundation
import Testing

/// Deputy coordinators as the coordinator and the deputy would use them at a terminal: appointed
/// with their own passphrase, acting with --deputy NAME, refused the coordinator's own powers,
/// removed with a new recovery code, and told what that means for older backups.
@Suite("Deputy coordinators from the command line")
struct DeputyCLITests {
    @Test func aDeputyStandsInAndIsRemovedWithANewRecoveryCode() throws {
        let cli = try PeerLogRunner()
        let (coordinator, ana) = try cli.setUpProgram()
        let deputy = try cli.secretFile("omar.pass", strong("omar's deputy passphrase"))
        let filed = try cli.run(["file", "--advisor", "Sgt. Ana Ortiz", "--incident", "other", "--intervention", "one-on-one",
                                 "--at", "2026-01-05 10:00", "--passphrase-file", ana])
        try #require(filed.status == 0, "\(filed.stderr)")
        let backup = try cli.run(["backup", cli.home + "/before.db"])
        try #require(backup.status == 0, "\(backup.stderr)")

        let added = try cli.run(["deputy", "add", "Lt. Omar Haddad", "--deputy-passphrase-file", deputy, "--kdf", "interactive",
                                 "--passphrase-file", coordinator])
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stdout.contains("--deputy \"Lt. Omar Haddad\""))
        #expect(added.stdout.contains("Backups made before now do not know this deputy"))
        #expect(added.stdout.contains("The last backup recorded here was taken"))

        // The deputy opens the forms; the report is theirs to read while the coordinator is away.
        let report = try cli.run(["report", "--deputy", "Lt. Omar Haddad", "--passphrase-file", deputy])
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stdout.contains("Forms: 1"), "\(report.stdout)")
        // But not the coordinator's own powers.
        let rotate = try cli.run(["key", "rotate", "--deputy", "Lt. Omar Haddad", "--passphrase-file", deputy])
        #expect(rotate.status == 77)
        #expect(rotate.stderr.contains("a deputy coordinator acts for the Program Coordinator but does not change the program's keys"))
        // Someone asking about usage is told of both.
        let asked = try cli.run(["query", "usage"])
        #expect(asked.status == 3)
        #expect(asked.stdout.contains("(or the deputy coordinator, Lt. Omar Haddad)"), "\(asked.stdout)")
        let trail = try cli.run(["audit", "show", "--passphrase-file", coordinator])
        #expect(trail.stdout.contains("deputy"), "\(trail.stdout)")

        let removed = try cli.run(["deputy", "remove", "Lt. Omar Haddad", "--kdf", "interactive", "--passphrase-file", coordinator])
        #expect(removed.status == 0, "\(removed.stderr)")
        #expect(removed.stdout.contains("NEW RECOVERY CODE"))
        #expect(removed.stdout.contains("still hold the removed deputy's copy of the keys"))
        let after = try cli.run(["report", "--deputy", "Lt. Omar Haddad", "--passphrase-file", deputy])
        #expect(after.status != 0)
        #expect(after.stderr.contains("Lt. Omar Haddad"), "\(after.stderr)")
        #expect(!after.stdout.contains("Forms:"))
    }
}
