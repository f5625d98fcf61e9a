import Foundation
import GRDB

/// What `peerlog maintain` did, and what it leaves for a person.
public struct MaintenanceReport: Sendable {
    /// What was done, one line each.
    public var done: [String] = []
    /// Steps left out, and why (a secret not given, nothing set).
    public var skipped: [String] = []
    /// What needs a person: training overdue, requests waiting, a backup that failed.
    public var attention: [String] = []
    /// What `verify` found wrong: the database needs a person before anything else.
    public var problems: [String] = []

    /// Whether nothing needs a person.
    public var isQuiet: Bool { attention.isEmpty && problems.isEmpty }
}

extension PeerLogStore {
    /// The scheduled work, in an order that never makes things worse: verify first (and stop
    /// there if the database is not sound: no backup of a damaged file, nothing purged during an
    /// incident), then a backup into `backupDirectory` with rotation, the retention purge, and
    /// the reminders. With `keyring` (the coordinator) `verify` opens every form and the purge and
    /// open requests are included; without, they are skipped and said so.
    /// - Parameter keep: how many of maintain's own backups (`peerlog-YYYYMMDDTHHMMSSZ.db`) stay in
    ///   the folder; older ones are deleted. Nothing else in the folder is ever touched.
    public func maintain(backupDirectory: String, keep: Int, keyring: ProgramKeyring?, today: CalendarDate,
                         now: Date = Date()) throws -> MaintenanceReport {
        var report = MaintenanceReport()
        let check = try verify(keyring: keyring)
        if check.isSound {
            report.done.append("verified: \(check.audit.forms) forms, \(check.audit.entries) audit entries"
                               + (check.formsVerified.map { ", \($0) forms opened and signature-checked" } ?? "")
                               + (check.audit.voids > 0 ? ", \(check.audit.voids) void record(s)" : ""))
        } else {
            report.problems = check.problems
            return report
        }
        if keyring == nil { report.skipped.append("opening every form in verify, the retention purge and open requests (they need the coordinator passphrase)") }

        do {
            let path = try BackupRotation.newPath(in: backupDirectory, now: now)
            try backup(to: path)
            report.done.append("backed up to \(path)")
            let removed = try BackupRotation.prune(backupDirectory, keep: keep)
            if !removed.isEmpty { report.done.append("removed \(removed.count) older backup(s), keeping the newest \(keep)") }
        } catch {
            report.attention.append("the backup failed: \((error as? PeerLogError)?.description ?? "\(error)")")
        }

        if let keyring {
            if let months = try retentionMonths() {
                let cutoff = try RetentionPeriod.cutoff(months: months, today: today)
                let purged = try purge(before: cutoff, keyring: keyring)
                report.done.append("retention: purged \(purged) form(s) served before \(cutoff)")
            } else {
                report.skipped.append("the retention purge (no retention period is set)")
            }
            let newestPublication = try read { db in try String.fetchOne(db, sql: "SELECT max(published_at) FROM published_report") }
            let open = try reportRequests().filter { request in newestPublication.map { request.requestedAt > $0 } ?? true }
            for request in open {
                report.attention.append("report request #\(request.id) from \(request.requester) (\(request.from) to \(request.to), by \(request.by.rawValue)) has no publication since it was made")
            }
        }

        if try trainingIntervalMonths() != nil {
            for status in try trainingStatus(today: today) where status.state.needsTraining {
                report.attention.append("\(status.advisor): \(status.topic.code) training "
                                        + (status.state == .never ? "never recorded" : "overdue since \(status.due.map(\.description) ?? "?")"))
            }
        } else {
            report.skipped.append("the training reminder (no training interval is set)")
        }
        return report
    }
}

/// Maintain's own backups in a folder: named by their UTC second, so that the name sorts by age
/// and never matches anything a person put there by hand.
public enum BackupRotation {
    static let prefix = "peerlog-", suffix = ".db"

    /// `DIR/peerlog-YYYYMMDDTHHMMSSZ.db`, creating `DIR` (0700) when missing.
    static func newPath(in directory: String, now: Date) throws -> String {
        if !FileManager.default.fileExists(atPath: directory) {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw FileWriteError.cannotWrite(path: directory, reason: "the folder cannot be created")
            }
        }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return (directory as NSString).appendingPathComponent(prefix + formatter.string(from: now) + suffix)
    }

    /// Whether `name` is one of maintain's backups.
    public static func isMaintainBackup(_ name: String) -> Bool {
        guard name.hasPrefix(prefix), name.hasSuffix(suffix) else { return false }
        let stamp = Array(name.dropFirst(prefix.count).dropLast(suffix.count).utf8)
        guard stamp.count == 16, stamp[8] == UInt8(ascii: "T"), stamp[15] == UInt8(ascii: "Z") else { return false }
        return (stamp[0..<8] + stamp[9..<15]).allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }

    /// Deletes all but the newest `keep` of maintain's backups in `directory`: regular files only
    /// (a link with such a name is left alone, and so is everything else).
    /// - Returns: the names deleted.
    static func prune(_ directory: String, keep: Int) throws -> [String] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).filter(isMaintainBackup).sorted()
        let regular = names.filter { name in
            var info = stat()
            return lstat((directory as NSString).appendingPathComponent(name), &info) == 0 && info.st_mode & S_IFMT == S_IFREG
        }
        let doomed = regular.dropLast(max(keep, 1))
        for name in doomed { try FileManager.default.removeItem(atPath: (directory as NSString).appendingPathComponent(name)) }
        return Array(doomed)
    }
}
