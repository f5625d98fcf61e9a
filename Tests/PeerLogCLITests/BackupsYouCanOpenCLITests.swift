import Foundation
import Testing

/// A coordinator changes the passphrase, as docs/coordinator.md advises after a scare, and months
/// later restores a backup from before: PeerLog must have said that older backups keep the old
/// passphrase, and the restore must name the passphrase that opens the backup.
@Suite("Backups you can open, from the command line")
struct BackupsYouCanOpenCLITests {
    @Test func afterAPassphraseChangeOlderBackupsAreExplainedAndRestoreNamesTheirPassphrase() throws {
        let cli = try PeerLogRunner()
        let (coordinator, _) = try cli.setUpProgram()
        try FileManager.default.createDirectory(atPath: cli.home + "/backups", withIntermediateDirectories: false)
        let backup = cli.home + "/backups/peerlog-1.db"
        let recorded = URL(fileURLWithPath: backup).standardizedFileURL.path
        let folder = URL(fileURLWithPath: cli.home + "/backups").standardizedFileURL.path
        let taken = try cli.run(["backup", backup])
        #expect(taken.status == 0, "\(taken.stderr)")
        #expect(taken.stdout.contains("It opens with the coordinator passphrase set by 'peerlog init'"), "\(taken.stdout)")
        let listed = try cli.run(["backup", "--list"])
        #expect(listed.status == 0 && listed.stdout.contains(recorded), "\(listed.stdout)\(listed.stderr)")
        #expect(try cli.run(["backup"]).status == 64)

        let newPassphrase = try cli.secretFile("coordinator-new.pass", strong("the next coordinator passphrase"))
        let changed = try cli.run(["passphrase", "change", "--passphrase-file", coordinator, "--new-passphrase-file", newPassphrase,
                                   "--kdf", "interactive"])
        #expect(changed.status == 0, "\(changed.stderr)")
        #expect(changed.stdout.contains("Backups made before now open only with the old passphrase"), "\(changed.stdout)")
        #expect(changed.stdout.contains("taken") && changed.stdout.contains(recorded), "\(changed.stdout)")
        #expect(changed.stdout.contains("peerlog backup \(folder)/peerlog-"), "\(changed.stdout)")

        let refused = try cli.run(["restore", backup, "--force", "--passphrase-file", newPassphrase])
        #expect(refused.status == 77, "\(refused.stdout)\(refused.stderr)")
        #expect(refused.stderr.contains("does not open this backup"), "\(refused.stderr)")
        #expect(refused.stderr.contains("'peerlog init'") && refused.stderr.contains("'peerlog passphrase change'"), "\(refused.stderr)")
        #expect(!refused.stderr.contains("the coordinator passphrase is not correct"))
        #expect(refused.stderr.contains("--backup-passphrase-file"))

        let restored = try cli.run(["restore", backup, "--force", "--passphrase-file", newPassphrase, "--backup-passphrase-file", coordinator])
        #expect(restored.status == 0, "\(restored.stderr)")
    }
}
