import Foundation
import Testing

/// A full disk, for real: the database is copied onto a small tmpfs mounted in a private mount
/// namespace (`unshare -m`, so nothing outside the test sees it), and `peerlog file` runs there.
/// Needs the right to mount (root, or a user namespace); skipped where it cannot run.
@Suite("A full disk: exit 74, the reason said, nothing half-written")
struct FullDiskTests {
    /// Whether this machine lets a test mount a tmpfs in a private mount namespace.
    static let available: Bool = {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/unshare") else { return false }
        let directory = NSTemporaryDirectory() + "/peerlog-mount-probe-\(getpid())"
        guard (try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)) != nil else { return false }
        defer { try? FileManager.default.removeItem(atPath: directory) }
        guard let probe = try? ChildProcess(executable: "/usr/bin/unshare",
                                            arguments: ["-m", "/bin/sh", "-c", "mount -t tmpfs -o size=64k tmpfs \"$0\"", directory],
                                            environment: ["PATH": "/usr/bin:/bin:/usr/sbin:/sbin"], outputPrefix: directory + "-out")
        else { return false }
        defer { for suffix in ["-out.out", "-out.err"] { try? FileManager.default.removeItem(atPath: directory + suffix) } }
        return probe.wait().exitStatus == 0
    }()

    /// Mounts a tmpfs of `$1` KiB on `$2`, copies the database `$3` onto it, fills what is left when
    /// `$4` is "full", runs `peerlog file` (`$5`, passphrase file `$6`) there with its output in
    /// `$7.out`, `$7.err` and `$7.status`, then copies the database and any `-wal` back to `$8`.
    static let script = #"""
        set -u
        mount -t tmpfs -o "size=$1k" tmpfs "$2" || exit 90
        cp "$3" "$2/peerlog.db" || exit 91
        if [ "$4" = full ]; then dd if=/dev/zero of="$2/filler" bs=4096 2>/dev/null; fi
        "$5" --db "$2/peerlog.db" file --advisor "Sgt. Ana Ortiz" --incident other --intervention one-on-one \
            --passphrase-file "$6" >"$7.out" 2>"$7.err"
        echo $? >"$7.status"
        for file in "$2"/peerlog.db*; do cp "$file" "$8/" || exit 92; done
        """#

    @Test("a filing on a full disk is refused and leaves the database as it was",
          .enabled(if: FullDiskTests.available, "needs to mount a tmpfs in a private mount namespace (unshare -m)"),
          arguments: [("full", "cannot open", "the disk holding it is full"),
                      ("nearly full", "database error", "the disk is full; nothing was written")])
    func filingOnAFullDisk(mode: String, prefix: String, reason: String) throws {
        let cli = try PeerLogRunner()
        let (_, advisor) = try cli.setUpProgram()
        try #require(try cli.run(StorageFailureTests.filing + ["--passphrase-file", advisor]).status == 0)
        let size = try #require(try FileManager.default.attributesOfItem(atPath: cli.db)[.size] as? Int)
        // "Nearly full" leaves room to open the database (its 32 KiB WAL index) but not to file;
        // "full" leaves nothing. Measured with schema 010 and one connection per command: 32 to
        // 40 KiB free open and refuse the filing, 28 cannot open, 44 files; 36 is the middle.
        let kibibytes = size / 1024 + (mode == "full" ? 64 : 36)
        let mountPoint = cli.home + "/disk", copy = cli.home + "/after"
        for directory in [mountPoint, copy] { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false) }
        let run = try ChildProcess(executable: "/usr/bin/unshare",
                                   arguments: ["-m", "/bin/sh", "-c", Self.script, "sh", String(kibibytes), mountPoint, cli.db, mode,
                                               PeerLogRunner.binary.path, advisor, cli.home + "/filing", copy],
                                   environment: cli.environment().merging(["PATH": "/usr/bin:/bin:/usr/sbin:/sbin"]) { $1 },
                                   outputPrefix: cli.home + "/unshare").wait()
        try #require(run.exitStatus == 0, "the full-disk set-up failed: \(run.stderr)")
        let status = try String(contentsOfFile: cli.home + "/filing.status", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let stderr = try String(contentsOfFile: cli.home + "/filing.err", encoding: .utf8)
        let stdout = try String(contentsOfFile: cli.home + "/filing.out", encoding: .utf8)
        #expect(status == "74", "\(stderr)")
        #expect(stderr.hasPrefix("peerlog: error: \(prefix)") && stderr.contains(reason), "\(stderr)")
        #expect(!stdout.contains("Filed."), "\(stdout)")

        // The database as the full disk left it: sound, the earlier form alone, and usable.
        let facts = try DatabaseFacts(path: copy + "/peerlog.db")
        #expect(facts.integrity == ["ok"])
        #expect(facts.forms == 1)
        #expect(facts.filedEntries == 1)
        let again = try cli.run(["--db", copy + "/peerlog.db"] + StorageFailureTests.filing + ["--passphrase-file", advisor])
        #expect(again.status == 0, "\(again.stderr)")
        let verify = try cli.run(["--db", copy + "/peerlog.db", "audit", "verify"])
        #expect(verify.status == 0, "\(verify.stderr)")
        #expect(verify.stdout.contains("2 forms accounted for"), "\(verify.stdout)")
    }
}
