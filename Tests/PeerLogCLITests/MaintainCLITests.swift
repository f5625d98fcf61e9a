import Foundation
import Testing

/// `peerlog maintain` as the timer in docs/coordinator.md runs it.
@Suite("maintain from the command line: quiet when all is well, non-zero when a person is needed")
struct MaintainCLITests {
    @Test func aQuietRunBacksUpAndExitsZero() throws {
        let cli = try PeerLogRunner()
        _ = try cli.setUpProgram()
        let folder = cli.home + "/backups"
        let run = try cli.run(["maintain", "--backup-dir", folder])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("done: backed up to \(folder)/peerlog-"), "\(run.stdout)")
        #expect(run.stderr.contains("skipped:"), "what was left out is said: \(run.stderr)")
        let made = try FileManager.default.contentsOfDirectory(atPath: folder)
        #expect(made.count == 1)
        #expect((try? FileManager.default.attributesOfItem(atPath: folder + "/" + (made.first ?? "")))?[.posixPermissions] as? Int == 0o600)
    }

    @Test func aCorruptDatabaseExitsNonZeroAndIsNotBackedUp() throws {
        let cli = try PeerLogRunner()
        let (coordinator, advisor) = try cli.setUpProgram()
        for day in ["2026-01-02", "2026-01-03"] {
            _ = try cli.run(["file", "--advisor", "Sgt. Ana Ortiz", "--incident", "other", "--intervention", "one-on-one",
                             "--at", "\(day) 10:00", "--passphrase-file", advisor])
        }
        #expect(try cli.run(["verify"]).status == 0)
        // A disk error: the second half of the file overwritten with garbage.
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: cli.db))
        let size = try handle.seekToEnd()
        try handle.seek(toOffset: size / 2)
        try handle.write(contentsOf: Data(repeating: 0xA5, count: Int(size - size / 2)))
        try handle.close()
        let folder = cli.home + "/backups"
        for extra in [[], ["--passphrase-file", coordinator]] {
            let run = try cli.run(["maintain", "--backup-dir", folder] + extra)
            #expect(run.status != 0, "maintain passed a corrupt database: \(run.stdout)")
            #expect([65, 74].contains(run.status), "exit \(run.status): \(run.stderr)")
            #expect(run.stderr.contains("peerlog: error:"), "\(run.stderr)")
            #expect((try? FileManager.default.contentsOfDirectory(atPath: folder))?.isEmpty ?? true, "a corrupt database was backed up")
        }
    }
}
