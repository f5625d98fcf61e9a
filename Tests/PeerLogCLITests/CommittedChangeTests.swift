import Foundation
import GRDB
import Testing

/// A change that committed is reported as done, with its new secret shown, even when the work
/// after the commit (the checkpoint that clears replaced keys from the write-ahead log) cannot
/// finish because another process holds the database open for reading: a backup, a replication
/// tool. That work only warns.
@Suite("A committed change is reported as done", .tags(.slow), .timeLimit(.minutes(5)))
struct CommittedChangeTests {
    /// Holds a read transaction (a snapshot) on the database until released.
    final class LongReader: @unchecked Sendable {
        private let done = DispatchSemaphore(value: 0)
        private let started = DispatchSemaphore(value: 0)
        private let finished = DispatchSemaphore(value: 0)

        init(path: String) throws {
            var config = Configuration()
            config.readonly = true
            config.busyMode = .timeout(10)
            let pool = try DatabasePool(path: path, configuration: config)
            Thread.detachNewThread { [self] in
                try? pool.read { db in
                    _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM audit_event")
                    started.signal()
                    done.wait()
                }
                finished.signal()
            }
            started.wait()
        }

        func release() {
            done.signal()
            finished.wait()
        }
    }

    /// Runs `arguments` while a long reader holds the database; the command must succeed and say
    /// that the checkpoint waits (which proves the reader really was in the way).
    func underALongReader(_ cli: PeerLogRunner, _ arguments: [String]) throws -> PeerLogRunner.Result {
        let reader = try LongReader(path: cli.db)
        defer { reader.release() }
        let result = try cli.run(arguments)
        #expect(result.status == 0, "\(arguments.prefix(2)): \(result.stderr)")
        #expect(result.stderr.contains("peerlog: warning:"), "\(arguments.prefix(2)) did not meet the reader: \(result.stderr)")
        return result
    }

    @Test func everyKeyPassphraseCredentialAndFormChangeIsDoneDespiteALongReader() throws {
        let cli = try PeerLogRunner()
        let (coordinator, advisor) = try cli.setUpProgram()

        // A credential: shown, and it works.
        let granted = try underALongReader(cli, ["access", "grant", "Chief Lee", "--passphrase-file", coordinator])
        let credential = try #require(granted.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .first { $0.count == 39 && $0.filter { $0 == "-" }.count == 7 })
        let credentialFile = try cli.secretFile("chief.credential", credential)
        #expect(try cli.run(["report", "request", "--from", "2026-01-01", "--to", "2026-03-31", "--credential-file", credentialFile]).status == 0)

        // An advisor: enrolled, and files.
        let benPass = try cli.secretFile("ben.pass", strong("bens own passphrase"))
        _ = try underALongReader(cli, ["advisor", "add", "Ofc. Ben Carter", "--passphrase-file", coordinator,
                                       "--advisor-passphrase-file", benPass])
        #expect(try cli.run(["file", "--advisor", "Ofc. Ben Carter", "--incident", "other", "--intervention", "one-on-one",
                             "--passphrase-file", benPass]).status == 0)

        // An advisor's own passphrase: the new one works, the old one does not.
        let anaNew = try cli.secretFile("ana-new.pass", strong("anas brand new passphrase"))
        _ = try underALongReader(cli, ["advisor", "passphrase", "Sgt. Ana Ortiz", "--passphrase-file", advisor,
                                       "--new-passphrase-file", anaNew])
        let filing = ["file", "--advisor", "Sgt. Ana Ortiz", "--incident", "other", "--intervention", "referral", "--passphrase-file"]
        #expect(try cli.run(filing + [anaNew]).status == 0)
        #expect(try cli.run(filing + [advisor]).status == 77)

        // The coordinator passphrase: the new one works.
        let coordinatorNew = try cli.secretFile("coordinator-new.pass", strong("the coordinators second passphrase"))
        _ = try underALongReader(cli, ["passphrase", "change", "--passphrase-file", coordinator, "--new-passphrase-file", coordinatorNew])
        #expect(try cli.run(["verify", "--passphrase-file", coordinatorNew]).status == 0)
        #expect(try cli.run(["verify", "--passphrase-file", coordinator]).status == 77)

        // Key rotation: the new recovery code is shown, and recovery with it works and shows the next.
        let rotated = try underALongReader(cli, ["key", "rotate", "--passphrase-file", coordinatorNew])
        let code = try #require(Self.recoveryCode(in: rotated.stdout), "\(rotated.stdout)")
        let codeFile = try cli.secretFile("code.txt", code)
        let successor = try cli.secretFile("successor.pass", strong("the successors own passphrase"))
        let recovered = try underALongReader(cli, ["recover", "--recovery-code-file", codeFile, "--new-passphrase-file", successor])
        let next = try #require(Self.recoveryCode(in: recovered.stdout), "\(recovered.stdout)")
        #expect(next != code)
        #expect(try cli.run(["verify", "--passphrase-file", successor]).status == 0)

        // A purge: done, whole.
        #expect(try cli.run(["file", "--advisor", "Ofc. Ben Carter", "--incident", "other", "--intervention", "one-on-one",
                             "--at", "2024-01-02 10:00", "--passphrase-file", benPass]).status == 0)
        let purged = try underALongReader(cli, ["purge", "--before", "2025-01-01", "--passphrase-file", successor])
        #expect(purged.stdout.contains("Purged 1 form"), "\(purged.stdout)")
        let verified = try cli.run(["verify", "--passphrase-file", successor])
        #expect(verified.status == 0, "\(verified.stderr)")
        #expect(verified.stdout.contains("Forms: 2 stored"), "\(verified.stdout)")
    }

    static func recoveryCode(in text: String) -> String? {
        text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .first { $0.count == 39 && $0.filter { $0 == "-" }.count == 7 }
    }
}


/// The other half of the promise: a secret that cannot be shown is not issued. With standard
/// output on a full device, a key rotation, a recovery and a credential grant change nothing and
/// the old secrets keep working.
@Suite("A new secret that cannot be shown is not issued")
struct UnshownSecretTests {
    func runWithStdoutFull(_ cli: PeerLogRunner, _ arguments: [String], tag: String) throws -> ChildProcess.Outcome {
        try #require(symlink("/dev/full", cli.home + "/" + tag + ".out") == 0)
        return try cli.start(arguments, tag: tag).wait()
    }

    @Test func nothingIsCommittedWhenTheSecretCannotBeShown() throws {
        let cli = try PeerLogRunner()
        let (coordinator, _) = try cli.setUpProgram()
        let rotate = try runWithStdoutFull(cli, ["key", "rotate", "--passphrase-file", coordinator], tag: "rotate")
        #expect(rotate.exitStatus == 74, "\(rotate.stderr)")
        #expect(rotate.stderr.contains("could not be shown"), "\(rotate.stderr)")
        let verify = try cli.run(["verify", "--passphrase-file", coordinator])
        #expect(verify.stdout.contains("Forms: 0 stored"))
        let keys = try DatabaseQueue(path: cli.db).read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM program_key") }
        #expect(keys == 1, "the rotation committed although its recovery code was never shown")

        let grant = try runWithStdoutFull(cli, ["access", "grant", "Chief Lee", "--passphrase-file", coordinator], tag: "grant")
        #expect(grant.exitStatus == 74, "\(grant.stderr)")
        let holders = try DatabaseQueue(path: cli.db).read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM access_credential") }
        #expect(holders == 0, "a credential was issued that nobody saw")
    }
}
