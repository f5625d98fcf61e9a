import ArgumentParser
import Foundation
import PeerLog

extension PeerLogCommand {
    struct Maintain: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "maintain",
            abstract: "The scheduled work: verify, back up with rotation, apply retention, remind of overdue training and open requests.",
            discussion: """
            Meant for a timer (see docs/coordinator.md). It verifies first and stops there if the database \
            is not sound (exit 65). Then it backs up into --backup-dir as peerlog-YYYYMMDDTHHMMSSZ.db, keeping \
            the newest --keep of those (nothing else in the folder is touched). With the coordinator \
            passphrase (--passphrase-file) it also opens every form, applies the retention period and \
            lists report requests with no publication since. Exit status 0 when nothing needs a person, \
            3 when something does (overdue training, a waiting request, a failed backup), 65 when verify \
            found a problem.
            """)

        @OptionGroup var global: GlobalOptions

        @Option(name: .long, help: ArgumentHelp("The folder for the backups (created 0700 if missing).", valueName: "dir"))
        var backupDir: String

        @Option(name: .long, help: "How many of maintain's backups to keep in the folder (default 14).")
        var keep: Int = 14

        func validate() throws {
            guard (1...1000).contains(keep) else { throw ValidationError("--keep is from 1 to 1000") }
        }

        func run() throws {
            let store = try global.openStore()
            let keyring = try global.keyringIfHeld(store, withKey: .verifyForms, without: .backup)
            let report = try store.maintain(backupDirectory: backupDir, keep: keep, keyring: keyring, today: today())
            for line in report.done { print("done: \(line)") }
            for line in report.skipped { Terminal.note("skipped: \(line)") }
            for line in report.attention { print("needs you: \(line)") }
            if !report.problems.isEmpty { throw VerificationFailed(problems: report.problems) }
            if !report.attention.isEmpty { throw NeedsAPerson(count: report.attention.count) }
            print("Nothing needs a person.")
        }
    }
}

/// `maintain` finished its work and found something for the coordinator.
struct NeedsAPerson: PeerLogError {
    let count: Int
    var description: String { "\(count) item(s) above need the Program Coordinator" }
    var hint: String? { nil }
    var exitStatus: ExitStatus { .referred }
}
