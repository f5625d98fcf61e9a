import Foundation
import GRDB

extension PeerLogStore {
    /// `PRAGMA integrity_check`.
    public func integrityCheck() throws -> [String] {
        try read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
    }

    /// Checks everything that can be checked: the file, the audit trail and the set of forms, and
    /// with the coordinator's keyring every form's seal and signature.
    public func verify(keyring: ProgramKeyring?) throws -> Verification {
        let integrity = try integrityCheck()
        let audit = try verifyAudit()
        var failures: [String] = []
        var opened: Int?
        var notChecked: [String] = []
        if let keyring {
            let signers = try Dictionary(uniqueKeysWithValues: roster().map { ($0.id, $0.signingPublicKey) })
            var count = 0
            try read { db in
                let cursor = try Row.fetchCursor(db, sql: "SELECT form_id, key_id, sealed FROM usage_form")
                while let row = try cursor.next() {
                    let id = try Identifier(bytes: [UInt8](row["form_id"] as Data))
                    do {
                        guard let keys = keyring.keys[row["key_id"] as Int64] else {
                            throw SealedForm.Rejection.malformed("sealed to an unknown program key")
                        }
                        _ = try SealedForm.open([UInt8](row["sealed"] as Data), rowID: id, keys: keys) { signers[$0] }
                        count += 1
                    } catch let rejection as SealedForm.Rejection {
                        failures.append("form \(id.hex.prefix(8)): \(rejection.description)")
                    }
                }
            }
            opened = count
            try self.audit(role: .coordinator, action: "verify", outcome: "allowed")
        } else {
            notChecked.append("the forms' seals and signatures (needs the coordinator passphrase)")
        }
        return Verification(integrity: integrity, audit: audit, formsVerified: opened, formFailures: failures, notChecked: notChecked)
    }

    /// A consistent copy of the database while others keep filing (`VACUUM INTO`: unlike the
    /// backup API it copies no free pages, so purged ciphertext cannot reappear in a backup). The
    /// copy is opened and verified before this returns.
    /// - Throws: `StoreError.alreadyInitialised` if `path` exists; `StoreError.inconsistent` if the
    ///   copy does not verify (it is then removed).
    @discardableResult
    public func backup(to path: String) throws -> Verification {
        if FileManager.default.fileExists(atPath: path) { throw StoreError.alreadyInitialised(path: path) }
        FileCreation.restrictUmask()
        try Self.mapErrors(path: path) {
            try pool.writeWithoutTransaction { db in try db.execute(sql: "VACUUM INTO ?", arguments: [path]) }
        }
        do {
            let copy = try PeerLogStore(openingExisting: path)
            let result = try copy.verify(keyring: nil)
            guard result.isSound else { throw StoreError.inconsistent("the backup did not verify: \(result.problems.joined(separator: "; "))") }
            try copy.checkpoint()
            try audit(role: .anyone, action: "backup", outcome: "allowed")
            return result
        } catch {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            throw error
        }
    }

    /// Verifies a backup of this same program and puts it in place of the current database.
    /// The backup file is only read: it is copied beside the database first, the copy is checked
    /// (with the coordinator's passphrase of the backup), and only then renamed over the database,
    /// so there is never a half-restored file.
    public static func restore(from backupPath: String, to path: String, passphrase: SecretBytes) throws {
        try DatabaseFileCheck.checkExisting(path: backupPath, writable: false)
        FileCreation.restrictUmask()
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty, !FileManager.default.fileExists(atPath: directory) {
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                     attributes: [.posixPermissions: 0o700])
        }
        let staging = path + ".restoring"
        func clean() { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: staging + suffix) } }
        clean()
        do {
            for suffix in ["", "-wal"] where FileManager.default.fileExists(atPath: backupPath + suffix) {
                let data = try Data(contentsOf: URL(fileURLWithPath: backupPath + suffix))
                try FileCreation.writePrivateFile(data, to: staging + suffix)
            }
            do {
                let staged = try PeerLogStore(openingExisting: staging)
                let keyring = try staged.unlockProgram(passphrase: passphrase)
                let check = try staged.verify(keyring: keyring)
                guard check.isSound else {
                    throw StoreError.inconsistent("the backup does not verify, refusing to restore it: \(check.problems.joined(separator: "; "))")
                }
                if FileManager.default.fileExists(atPath: path) {
                    let current = try PeerLogStore(openingExisting: path)
                    guard try current.programInfo().programID == staged.programInfo().programID else {
                        throw StoreError.inconsistent("the backup belongs to another program")
                    }
                }
                try staged.audit(role: .coordinator, action: "restore", outcome: "allowed")
                try staged.checkpoint()
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
    }

    /// How many forms a purge of everything served before `before` would remove, by quarter.
    public func purgePlan(before: CalendarDate, keyring: ProgramKeyring) throws -> PurgePlan {
        var counts: [String: Int] = [:]
        try forEachForm(keyring: keyring) { form in
            let day = form.serviceTime.localDate
            if day < before { counts[PeriodGrouping.quarter.label(for: day), default: 0] += 1 }
        }
        return PurgePlan(before: before, byQuarter: counts.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
    }

    /// Deletes every form served before `before`, in one transaction, recording each removal in
    /// the audit trail by hash only; then checkpoints and vacuums so the deleted ciphertext does
    /// not linger in the WAL or in free pages. Published reports stay.
    @discardableResult
    public func purge(before: CalendarDate, keyring: ProgramKeyring) throws -> Int {
        var doomed: [(Identifier, [UInt8])] = []
        let signers = try Dictionary(uniqueKeysWithValues: roster().map { ($0.id, $0.signingPublicKey) })
        try read { db in
            let cursor = try Row.fetchCursor(db, sql: "SELECT form_id, key_id, sealed FROM usage_form")
            while let row = try cursor.next() {
                let id = try Identifier(bytes: [UInt8](row["form_id"] as Data))
                let sealed = [UInt8](row["sealed"] as Data)
                guard let keys = keyring.keys[row["key_id"] as Int64] else { throw SealedForm.Rejection.malformed("unknown program key") }
                let form = try SealedForm.open(sealed, rowID: id, keys: keys) { signers[$0] }
                if form.serviceTime.localDate < before { doomed.append((id, sealed)) }
            }
        }
        try write { db in
            try db.execute(sql: "DROP TRIGGER usage_form_no_delete")
            for (id, sealed) in doomed {
                try db.execute(sql: "DELETE FROM usage_form WHERE form_id = ?", arguments: [Data(id.bytes)])
                try appendAudit(db, role: .coordinator, action: "form-purged", outcome: "allowed",
                                formHash: AuditEvent.formHash(of: sealed), timed: false)
            }
            try db.execute(sql: """
                CREATE TRIGGER usage_form_no_delete BEFORE DELETE ON usage_form
                BEGIN
                    SELECT RAISE(ABORT, 'usage forms are removed only by a retention purge');
                END
                """)
            try appendAudit(db, role: .coordinator, action: "purge", outcome: "allowed")
        }
        try checkpoint()
        try Self.mapErrors(path: path) { try pool.writeWithoutTransaction { db in try db.execute(sql: "VACUUM") } }
        try checkpoint()
        return doomed.count
    }

    /// How long forms are kept, in months; nil when no retention period is set.
    public func retentionMonths() throws -> Int? {
        try read { db in try String.fetchOne(db, sql: "SELECT value FROM setting WHERE name = 'retention-months'").flatMap(Int.init) }
    }

    public func setRetention(months: Int?) throws {
        try write { db in
            if let months {
                try db.execute(sql: "INSERT OR REPLACE INTO setting (name, value) VALUES ('retention-months', ?)", arguments: [String(months)])
            } else {
                try db.execute(sql: "DELETE FROM setting WHERE name = 'retention-months'")
            }
            try appendAudit(db, role: .coordinator, action: "settings-retention", outcome: "allowed")
        }
    }
}

/// A retention period as people write it: `3y`, `18m`, or `off`.
public enum RetentionPeriod {
    /// - Returns: months, or nil for `off`.
    /// - Throws: `InputError.malformedRetention`.
    public static func parse(_ text: String) throws -> Int? {
        let t = text.lowercased()
        if t == "off" || t == "none" { return nil }
        guard let unit = t.last, "ym".contains(unit), let n = Int(t.dropLast()), n > 0, n <= 1200 else {
            throw InputError.malformedRetention(text)
        }
        let months = unit == "y" ? n * 12 : n
        guard months <= 1200 else { throw InputError.malformedRetention(text) }
        return months
    }

    /// The first day kept when `months` are retained, counted from `today`.
    public static func cutoff(months: Int, today: CalendarDate) throws -> CalendarDate {
        let total = today.year * 12 + (today.month - 1) - months
        let year = total / 12, month = total % 12 + 1
        return try CalendarDate(year: year, month: month, day: min(today.day, CalendarDate.daysIn(month: month, year: year)))
    }
}
