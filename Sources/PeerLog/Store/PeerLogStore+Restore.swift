import Foundation
import GRDB

extension PeerLogStore {
    /// Verifies a backup of this same program and puts it in place of the current database.
    /// The backup file is only read: it is copied beside the database first, the copy is checked
    /// (with the coordinator passphrase in force when it was made), and only then renamed over the
    /// database, so there is never a half-restored file.
    ///
    /// When a database is already there, only its own coordinator may replace it (`current`, the
    /// keyring unlocked from it), and only with a backup of the same program. What the current
    /// database holds that the backup lacks (forms, publications, audit entries) is counted first:
    /// if anything would be lost, the restore is refused unless `force`. Whatever it replaces, the
    /// replaced database is kept beside it, byte for byte, as `DB.replaced-YYYYMMDDTHHMMSSZ`
    /// (0600). A restore that drops audit entries is recorded as `restore-rollback`.
    /// - Parameter dryRun: check everything and count what would be lost, change nothing.
    /// - Throws: `RestoreRefusal` naming why, `AccessError` for a wrong backup passphrase,
    ///   `StoreError` when the backup does not verify, `FileWriteError` when a file cannot be written.
    public static func restore(from backupPath: String, to path: String, current: ProgramKeyring?, backupPassphrase: SecretBytes,
                               force: Bool = false, dryRun: Bool = false, now: Date = Date()) throws -> RestoreReport {
        try DatabaseFileCheck.checkExisting(path: backupPath, writable: false)
        let existing = FileManager.default.fileExists(atPath: path)
        guard !existing || current != nil else { throw RestoreRefusal.needsCurrentCoordinator }
        FileCreation.restrictUmask()
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty, !FileManager.default.fileExists(atPath: directory) {
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                     attributes: [.posixPermissions: 0o700])
        }
        let staging = path + ".restoring"
        func clean() { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: staging + suffix) } }
        clean()
        let report: RestoreReport
        do {
            for suffix in ["", "-wal"] where FileManager.default.fileExists(atPath: backupPath + suffix) {
                let data = try Data(contentsOf: URL(fileURLWithPath: backupPath + suffix))
                try FileCreation.writePrivateFile(data, to: staging + suffix)
            }
            // The copy and the current database are open only inside this block.
            report = try { () throws -> RestoreReport in
                let staged = try PeerLogStore(openingExisting: staging)
                var here: PeerLogStore?
                var lost = RestoreLoss.nothing
                if current != nil, existing {
                    let opened = try PeerLogStore(openingExisting: path)
                    // Counted before anything is appended to the copy.
                    lost = try opened.loss(ifReplacedBy: staged)
                    here = opened
                }
                let opensWith = try staged.secretsInForce()
                let stagedKeyring: ProgramKeyring
                do {
                    stagedKeyring = try staged.unlockKeyring(secret: backupPassphrase, unlocker: .passphrase)
                } catch AccessError.wrongCoordinatorPassphrase {
                    // Name the passphrase that opens it, and say when the current one is another.
                    var notTheCurrent: String?
                    if let here, let setting = try here.secretsInForce().passphrase, try !staged.holds(setting) {
                        notTheCurrent = setting.description
                    }
                    throw RestoreRefusal.wrongBackupPassphrase(lastDay: opensWith.lastDay, opensWith: opensWith.passphraseDescription,
                                                               notTheCurrent: notTheCurrent)
                }
                // Into an empty place, the backup's own coordinator passphrase is the proof.
                try staged.authorize(.coordinator(stagedKeyring), .restore)
                if let current, here != nil {
                    guard stagedKeyring.programID == current.programID else { throw RestoreRefusal.otherProgram }
                }
                let outcome: RestoreOutcome = lost.auditEntries > 0 ? .rolledBack : .restored
                let check = try staged.verify(keyring: stagedKeyring)
                guard check.isSound else {
                    throw StoreError.inconsistent("the backup does not verify, refusing to restore it: \(check.problems.joined(separator: "; "))")
                }
                if !lost.isEmpty, !force, !dryRun { throw RestoreRefusal.wouldLose(lost) }
                if dryRun { return RestoreReport(outcome: outcome, lost: lost, keptReplaced: nil, replaced: false, opensWith: opensWith) }
                try staged.recordCoordinatorAction(stagedKeyring, action: outcome == .restored ? "restore" : "restore-rollback")
                try staged.checkpoint()
                let kept = try here.map { try $0.keepAsReplaced(now: now) }
                return RestoreReport(outcome: outcome, lost: lost, keptReplaced: kept, replaced: true, opensWith: opensWith)
            }()
            if !report.replaced {
                clean()
                return report
            }
            guard rename(staging, path) == 0 else {
                throw StoreError.cannotOpen(path: path, reason: String(cString: strerror(errno)))
            }
            for suffix in ["-wal", "-shm"] {
                try? FileManager.default.removeItem(atPath: path + suffix)
                try? FileManager.default.removeItem(atPath: staging + suffix)
            }
        } catch {
            clean()
            throw error
        }
        return report
    }

    /// What this database holds that `backup` lacks: forms by id, publications by signature,
    /// audit entries by hash. Entries recording a backup that follow the backup's last entry
    /// directly, one after another, record taking copies of this very state (no backup can hold
    /// its own record), so they are not counted; the kept replaced file still has them.
    func loss(ifReplacedBy backup: PeerLogStore) throws -> RestoreLoss {
        func ids(_ store: PeerLogStore, _ sql: String) throws -> Set<Data> { try store.read { db in Set(try Data.fetchAll(db, sql: sql)) } }
        let formsThere = try ids(backup, "SELECT form_id FROM usage_form")
        let forms = try ids(self, "SELECT form_id FROM usage_form").subtracting(formsThere).count
        let publicationsThere = try ids(backup, "SELECT signature FROM published_report")
        let publications = try ids(self, "SELECT signature FROM published_report").subtracting(publicationsThere).count
        let entriesThere = try ids(backup, "SELECT hash FROM audit_event")
        let backupHead = try backup.read { db in try backup.chainHead(db).hash }
        let missing = try read { db in
            try Row.fetchAll(db, sql: "SELECT action, prev_hash, hash FROM audit_event ORDER BY seq")
                .filter { !entriesThere.contains($0["hash"] as Data) }
        }
        // Backups taken one after another of the same audit state each leave such an entry.
        var link = backupHead
        var recordsOfThisState = 0
        for entry in missing {
            guard (entry["action"] as String) == "backup", [UInt8](entry["prev_hash"] as Data) == link else { break }
            recordsOfThisState += 1
            link = [UInt8](entry["hash"] as Data)
        }
        let auditEntries = missing.count - recordsOfThisState
        let deputiesHere = try ids(self, "SELECT deputy_id FROM deputy")
        let deputiesBack = try backup.read { db in
            try Row.fetchAll(db, sql: "SELECT deputy_id, name FROM deputy ORDER BY name")
                .filter { !deputiesHere.contains($0["deputy_id"] as Data) }.map { $0["name"] as String }
        }
        return RestoreLoss(forms: forms, publications: publications, auditEntries: auditEntries, deputiesBack: deputiesBack)
    }

    /// Copies this database, as it is (its `-wal` too, if the log could not be folded in), to a
    /// new `PATH.replaced-YYYYMMDDTHHMMSSZ` beside it, 0600, never over an existing file.
    /// - Returns: the path of the copy.
    /// - Throws: `FileWriteError` when it cannot be written: the restore then stops, nothing replaced.
    func keepAsReplaced(now: Date) throws -> String {
        try? checkpoint()
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        let base = path + ".replaced-" + formatter.string(from: now)
        var kept = base
        var n = 1
        while FileCreation.somethingIsThere(at: kept) || FileCreation.somethingIsThere(at: kept + "-wal") {
            n += 1
            kept = base + "-\(n)"
        }
        let main = try Data(contentsOf: URL(fileURLWithPath: path))
        try FileCreation.writeNewPrivateFile(main, to: kept)
        let log = path + "-wal"
        if let wal = FileManager.default.contents(atPath: log), !wal.isEmpty {
            try FileCreation.writeNewPrivateFile(wal, to: kept + "-wal")
        }
        return kept
    }
}
