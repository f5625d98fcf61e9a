import ArgumentParser
import Foundation
import PeerLog

extension PeerLogCommand {
    struct Backup: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "backup",
            abstract: "Copy the database to a new file while others keep filing; the copy is verified before done.",
            discussion: """
            The copy holds only what the database holds: sealed forms no one but the coordinator can open. \
            It opens with the coordinator passphrase and recovery code in force today, whatever changes \
            later. The database records when and where each backup was taken: --list shows them.
            """)

        @OptionGroup var global: GlobalOptions

        @Argument(help: ArgumentHelp("The new backup file (must not exist).", valueName: "path"))
        var path: String?

        @Flag(name: .long, help: "List the backups this database records (when and where), instead of taking one.")
        var list = false

        func validate() throws {
            if list, path != nil { throw ValidationError("give a path to take a backup, or --list, not both") }
            if !list, path == nil { throw ValidationError("give the path of the new backup file, e.g. backups/peerlog-\(today()).db") }
        }

        func run() throws {
            let store = try global.openStore()
            _ = try global.actor(store, for: .backup)
            guard let path else {
                let records = try store.backupsTaken()
                if records.isEmpty { print("No backup is recorded in this database.") }
                for record in records { print("\(record.at)  \(record.path)") }
                return
            }
            let check = try store.backup(to: path)
            print("Backup written to \(path) and verified: \(check.audit.forms) forms, \(check.audit.entries) audit entries.")
            let secrets = try store.secretsInForce()
            print("It opens with \(secrets.passphraseDescription) (and \(secrets.recoveryCodeDescription)), even after they change.")
        }
    }

    struct Restore: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "restore",
            abstract: "Replace the database with a backup of the same program, after verifying it (coordinator).",
            discussion: """
            Stop anyone else using PeerLog first. When a database is there, only its own coordinator may \
            replace it (the current passphrase), and only with a backup of the same program. Restore first \
            counts what the current database holds that the backup lacks (forms, publications, audit \
            entries) and refuses without --force if anything would be lost; --dry-run only shows it. \
            The replaced database is always kept beside it, as it is, as DB.replaced-YYYYMMDDTHHMMSSZ \
            (readable by you only). The backup is unlocked with the coordinator passphrase in force when \
            it was made: --backup-passphrase-file, else the same passphrase, else asked.
            """)

        @OptionGroup var global: GlobalOptions

        @Argument(help: ArgumentHelp("The backup file.", valueName: "path"))
        var path: String

        @Option(name: .long, help: ArgumentHelp("A file whose first line is the coordinator passphrase of the backup, if it differs from the current one.", valueName: "path"))
        var backupPassphraseFile: String?

        @Flag(name: [.customLong("force"), .customLong("rollback")],
              help: "Restore even though the current database holds forms, publications or audit entries the backup lacks (they are lost from the database; the replaced file is kept).")
        var force = false

        @Flag(name: .long, help: "Check the backup and show what restoring it would replace; change nothing.")
        var dryRun = false

        func run() throws {
            let target = global.databasePath
            var current: ProgramKeyring?
            var currentPassphrase: SecretBytes?
            if FileManager.default.fileExists(atPath: target) {
                let store = try global.openStore()
                let unlocked = try global.coordinatorUnlock(store, for: .restore)
                (current, currentPassphrase) = (unlocked.keyring, unlocked.passphrase)
            }
            // Into an empty place, the backup's own coordinator passphrase is the proof: the store
            // passes its gate with the keyring it unlocks from the backup.
            let backupPassphrase: SecretBytes
            if let backupPassphraseFile {
                backupPassphrase = try SecretInput.fromFile(backupPassphraseFile, what: "backup passphrase", warn: Terminal.warning)
            } else if let currentPassphrase {
                backupPassphrase = currentPassphrase
            } else {
                backupPassphrase = try global.passphrase(prompt: "Coordinator passphrase (of the backup): ")
            }
            let report = try PeerLogStore.restore(from: path, to: target, current: current, backupPassphrase: backupPassphrase,
                                                  force: force, dryRun: dryRun)
            let lacking = current == nil ? "No database was there; nothing is replaced."
                : report.lost.isEmpty ? "The current database holds nothing that the backup lacks."
                : "The current database holds \(report.lost.description) that the backup lacks."
            let opens = "The backup opens with \(report.opensWith.passphraseDescription)."
            let deputies = report.lost.deputiesBack.isEmpty ? "" : " It would appoint again \(report.lost.deputiesBackDescription), removed since."
            guard report.replaced else {
                print("Dry run: \(path) verifies and would replace \(target). \(opens) \(lacking)\(deputies)"
                      + (report.lost.isEmpty ? "" : " Restoring it needs --force; they would stay only in the kept copy of the replaced database."))
                return
            }
            switch report.outcome {
            case .restored: print("Restored \(target) from \(path). \(opens) \(lacking)")
            case .rolledBack: print("Rolled \(target) back to \(path); the rollback is recorded in its audit trail. \(lacking)")
            }
            for name in report.lost.deputiesBack {
                Terminal.warning("\(InputError.sanitised(name)) was removed as deputy after this backup was taken, and the restored database appoints them again: run 'peerlog deputy remove \"\(InputError.sanitised(name))\"' now, before anything else is filed")
            }
            if let kept = report.keptReplaced {
                print("The replaced database is kept, as it was, at \(kept) (readable by you only; it opens with the passphrase in force before the restore).")
            }
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify",
            abstract: "Check the database: file integrity, audit trail, and (coordinator) every form's seal and signature.",
            discussion: "Without the coordinator passphrase it checks what it can and says what it could not.")

        @OptionGroup var global: GlobalOptions

        func run() throws {
            let store = try global.openStore()
            // The coordinator (asked at a terminal, where anyone else presses Enter) also opens every
            // form; everyone else checks what needs no key.
            let keyring = try global.keyringIfHeld(store, withKey: .verifyForms, without: .verifyAudit)
            let result = try store.verify(keyring: keyring)
            print("Database integrity: \(result.integrity == ["ok"] ? "ok" : "PROBLEMS")")
            print("Audit trail: \(result.audit.isIntact ? "intact" : "BROKEN") (\(result.audit.entries) entries"
                  + (result.audit.signedThrough.map { ", signed by the program root through entry \($0)" } ?? "") + ")")
            if let fingerprint = result.audit.rootFingerprint {
                print("Program root: \(fingerprint)" + (keyring != nil ? " (the program's own)" : " (compare it with the coordinator's)"))
            }
            print("Forms: \(result.audit.forms) stored" + (result.formsVerified.map { ", \($0) opened and signature-checked" } ?? "")
                  + (result.audit.pending > 0 ? "; \(result.audit.pending) filed since the coordinator's last action" : ""))
            for finding in result.audit.findings where !finding.isProblem { Terminal.note(finding.description) }
            for item in result.notChecked { Terminal.note("not checked: \(item)") }
            guard result.isSound else { throw VerificationFailed(problems: result.problems) }
        }
    }

    struct Purge: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "purge",
            abstract: "Delete forms served before a date, or older than the retention period (coordinator).",
            discussion: """
            Deleted forms are overwritten (secure_delete), the write-ahead log is checkpointed and the file \
            vacuumed, so their ciphertext does not linger. Published anonymised reports are kept. Use \
            --dry-run first to see how many forms, by quarter.
            """)

        @OptionGroup var global: GlobalOptions

        @Option(name: .long, help: ArgumentHelp("Delete forms served before this day, YYYY-MM-DD. Default: from the retention setting.", valueName: "date"))
        var before: String?

        @Flag(name: .long, help: "Only show how many forms would be deleted, by quarter.")
        var dryRun = false

        func run() throws {
            let explicit = try before.map { try CalendarDate(parsing: $0) }
            let store = try global.openStore()
            let keyring = try global.coordinatorKeyring(store, for: .purge)
            guard let cutoff = try explicit ?? store.retentionMonths().map({ try RetentionPeriod.cutoff(months: $0, today: today()) }) else {
                throw ValidationError("give --before DATE, or set a retention period with 'peerlog settings retention 3y'")
            }
            let plan = try store.purgePlan(before: cutoff, keyring: keyring)
            if dryRun || plan.total == 0 {
                print("Forms served before \(cutoff): \(plan.total)" + (dryRun ? " (dry run: nothing deleted)" : ""))
                for row in plan.byQuarter { print("  \(row.quarter)  \(row.forms)") }
                return
            }
            let removed = try store.purge(before: cutoff, keyring: keyring)
            print("Purged \(removed) forms served before \(cutoff). Published reports are kept.")
        }
    }

    struct Settings: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "settings", abstract: "Program settings (coordinator).", subcommands: [Retention.self, TimeZoneSetting.self, NoiseBudget.self, TrainingInterval.self, CoordinatorName.self])

        struct Retention: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "retention",
                abstract: "Show or set how long forms are kept: e.g. 3y, 18m, or off. 'peerlog purge' applies it.")

            @OptionGroup var global: GlobalOptions

            @Argument(help: ArgumentHelp("The new period (3y, 18m, off). Omit to show the current one.", valueName: "period"))
            var period: String?

            func run() throws {
                let store = try global.openStore()
                guard let period else {
                    _ = try global.actor(store, for: .readSettings)
                    let months = try store.retentionMonths()
                    print("Retention: " + (months.map { $0 % 12 == 0 ? "\($0 / 12)y" : "\($0)m" } ?? "off (forms are kept until purged)"))
                    return
                }
                let months = try RetentionPeriod.parse(period)
                let keyring = try global.coordinatorKeyring(store, for: .purge)
                try store.setRetention(months: months, keyring: keyring)
                if let months {
                    print("Retention set to \(months) months. Run 'peerlog purge --dry-run' to see what it would remove, then 'peerlog purge'.")
                } else {
                    print("Retention is off: forms are kept until you purge them yourself ('peerlog purge --before YYYY-MM-DD').")
                    print("SOG 2-13 IV.C.2 asks that records be kept no longer than needed; set a period again with 'peerlog settings retention 3y'.")
                }
            }
        }
    }
}

extension PeerLogCommand.Settings {
    /// Where the program's advisors serve: times of service are asked and shown in it.
    struct TimeZoneSetting: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "time-zone",
            abstract: "Show or set the program's time zone (Area/City). Filed forms keep their own offset and do not move.")

        @OptionGroup var global: GlobalOptions

        @Argument(help: ArgumentHelp("The new time zone, e.g. America/Chicago. Omit to show the current one.", valueName: "zone"))
        var zone: String?

        func run() throws {
            let store = try global.openStore()
            guard let zone else {
                _ = try global.actor(store, for: .readSettings)
                let current = try store.programTimeZone()
                print("Time zone: \(current.identifier)" + (try store.hasProgramTimeZone() ? "" : " (this computer's: the program has none of its own yet)"))
                return
            }
            let chosen = try ProgramTimeZone(zone)
            let keyring = try global.coordinatorKeyring(store, for: .changeSettings)
            try store.setTimeZone(chosen, keyring: keyring)
            print("Time zone set to \(chosen.identifier). Forms already filed keep the time and offset they were filed with.")
        }
    }
}

/// `peerlog verify` found problems.
struct VerificationFailed: PeerLogError {
    let problems: [String]
    var description: String { "verification failed: " + problems.joined(separator: "; ") }
    var hint: String? { "keep a copy of the database as evidence; restore a verified backup if needed" }
    var exitStatus: ExitStatus { .invalidData }
}
