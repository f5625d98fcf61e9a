import Foundation
import GRDB

extension PeerLogStore {
    /// `PRAGMA integrity_check`.
    public func integrityCheck() throws -> [String] {
        try read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
    }

    /// Checks everything that can be checked: the file, the audit trail with its signed heads,
    /// the signed rows and the set of forms, and with the coordinator's keyring every form's seal
    /// and signature, and that the root pinned in the file is the program's own.
    public func verify(keyring: ProgramKeyring?) throws -> Verification {
        let integrity = try integrityCheck()
        let audit = try verifyAudit(root: keyring?.root.publicKey)
        var failures: [String] = []
        var opened: Int?
        var voided: Int?
        var notChecked: [String] = []
        if let keyring {
            var count = 0
            // Forms filed since the program root exists must name their recipient (version 2): a
            // version-1 one came from an outdated PeerLog, or was opened and sealed again unseen.
            let sinceRoot = try formsFiledSinceRoot()
            // The role the trail gives a filing is not signed with the form; the form's own entry
            // byte is. Every form the trail (or the pending set) says the coordinator or a deputy
            // entered must be a paper form, and every paper form must be one of them.
            let enteredOnPaper = try read { db in
                Set(try Data.fetchAll(db, sql: """
                    SELECT form_hash FROM audit_event WHERE action = 'form-filed' AND role IN ('coordinator', 'deputy')
                    UNION SELECT form_hash FROM pending_paper_form
                    """).map { [UInt8]($0) })
            }
            try forEachOpenedForm(keyring: keyring) { stored, result in
                switch result {
                case let .success(opened):
                    count += 1
                    let recordedAsPaper = enteredOnPaper.contains(try AuditEvent.formHash(of: stored.sealed))
                    if recordedAsPaper != (opened.form.origin == .paper) {
                        failures.append("form \(stored.id.hex.prefix(8)): " + (recordedAsPaper
                            ? "the audit trail says the coordinator or a deputy entered it, but the advisor filed it (the trail's role was changed)"
                            : "it was entered from paper, but the audit trail says its advisor filed it (the trail's role was changed)"))
                    }
                    if opened.version == Domain.formVersion1, let sinceRoot, sinceRoot.contains(try AuditEvent.formHash(of: stored.sealed)) {
                        failures.append("form \(stored.id.hex.prefix(8)): a version-1 form was filed after the program root was set up (an outdated PeerLog, or a form opened and sealed again)")
                    }
                case let .failure(error):
                    failures.append("form \(stored.id.hex.prefix(8)): \((error as? PeerLogError)?.description ?? "\(error)")")
                }
            }
            opened = count
            // Every void opened and checked; those that are not as the root signed them are named.
            do {
                voided = try voidedForms(keyring: keyring).count
            } catch let failure as PeerLogError {
                failures.append(failure.description)
            }
            try recordCoordinatorAction(keyring, action: "verify")
        } else {
            notChecked.append("the forms' seals and signatures (needs the coordinator passphrase)")
            if audit.rootFingerprint != nil {
                notChecked.append("that the program root in the file is the program's own (needs the coordinator passphrase; or compare its fingerprint, \(audit.rootFingerprint ?? ""), with the coordinator's)")
            }
        }
        checkpointAfterCommit()
        return Verification(integrity: integrity, audit: audit, formsVerified: opened, formsVoided: voided, formFailures: failures,
                            notChecked: notChecked)
    }

    /// The hashes of forms filed since the program's first signed head (pending ones included),
    /// or nil before the program has a root.
    func formsFiledSinceRoot() throws -> Set<[UInt8]>? {
        try read { db in
            guard let first = try Int64.fetchOne(db, sql: "SELECT min(seq) FROM signed_head") else { return nil }
            var hashes = Set(try Data.fetchAll(db, sql: "SELECT form_hash FROM pending_form").map { [UInt8]($0) })
            for hash in try Data.fetchAll(db, sql: "SELECT form_hash FROM audit_event WHERE action = 'form-filed' AND seq > ?", arguments: [first]) {
                hashes.insert([UInt8](hash))
            }
            return hashes
        }
    }

    /// A consistent copy of the database while others keep filing (`VACUUM INTO`: unlike the
    /// backup API it copies no free pages, so purged ciphertext cannot reappear in a backup). The
    /// copy is opened and verified before this returns.
    ///
    /// The copy is made under a temporary name beside `path`, created empty and 0600 first (SQLite
    /// would otherwise create it, following a link planted at the name), and takes the name only
    /// once it verified, by a hard link that fails if anything appeared there meanwhile. The
    /// database then records when and where (`backupsTaken`).
    /// - Throws: `FileWriteError.symbolicLink` for a link at `path`, `StoreError.backupExists` if
    ///   anything else is there; `FileWriteError` when the directory refuses; `StoreError.inconsistent` if the copy does
    ///   not verify (it is then removed).
    @discardableResult
    public func backup(to path: String) throws -> Verification {
        try FileCreation.refuseAnythingButAFile(at: path)
        if FileCreation.somethingIsThere(at: path) { throw StoreError.backupExists(path: path) }
        let temporary = try FileCreation.reserveTemporary(beside: path)
        defer { for suffix in ["", "-wal", "-shm"] { unlink(temporary + suffix) } }
        try Self.mapErrors(path: path) {
            // VACUUM INTO accepts an empty file: the one just created, 0600, not a link.
            try database.writeWithoutTransaction { db in try db.execute(sql: "VACUUM INTO ?", arguments: [temporary]) }
        }
        let result = try Self.verifiedCopy(at: temporary)
        try FileCreation.placeWithoutReplacing(temporary, at: path)
        try recordBackup(at: path)
        return result
    }

    /// Opens a fresh copy, checks it without any key, checkpoints it and closes it again (so no
    /// `-wal` or `-shm` file stays beside it).
    private static func verifiedCopy(at path: String) throws -> Verification {
        let copy = try PeerLogStore(openingExisting: path)
        let result = try copy.verify(keyring: nil)
        guard result.isSound else { throw StoreError.inconsistent("the backup did not verify: \(result.problems.joined(separator: "; "))") }
        try copy.checkpoint()
        return result
    }

    /// How many forms a purge of everything served before `before` would remove, by quarter.
    public func purgePlan(before: CalendarDate, keyring: ProgramKeyring) throws -> PurgePlan {
        var counts: [String: Int] = [:]
        // A purge removes voided forms too: this counts what would be deleted.
        try forEachForm(keyring: keyring, includingVoided: true) { form in
            let day = form.serviceTime.localDate
            if day < before { counts[PeriodGrouping.quarter.label(for: day), default: 0] += 1 }
        }
        return PurgePlan(before: before, byQuarter: counts.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
    }

    /// Deletes every form served before `before`, in one signed coordinator transaction that
    /// records each removal in the audit trail by hash only (in hash order); then checkpoints and
    /// vacuums so the deleted ciphertext does not linger in the WAL or in free pages (after the
    /// commit: if a long reader blocks that, a warning says so; the purge itself is done). Every
    /// form is opened and checked first: a rejected form stops the purge before anything is
    /// deleted. Published reports stay.
    @discardableResult
    public func purge(before: CalendarDate, keyring: ProgramKeyring) throws -> Int {
        var doomed: [(id: Identifier, hash: [UInt8])] = []
        try forEachOpenedForm(keyring: keyring) { stored, opened in
            if try opened.get().form.serviceTime.localDate < before { doomed.append((stored.id, try AuditEvent.formHash(of: stored.sealed))) }
        }
        doomed.sort { $0.hash.lexicographicallyPrecedes($1.hash) }
        try rootedWrite(keyring, action: "purge") { db in
            // The guard is lifted only inside this transaction and put back exactly as schema.sql
            // has it: from the program's own copy, never the file's (which anyone could have edited).
            let guardSQL = try SchemaIntegrity.statement(creating: "usage_form_no_delete")
            try db.execute(sql: "DROP TRIGGER usage_form_no_delete")
            for (id, hash) in doomed {
                try db.execute(sql: "DELETE FROM usage_form WHERE form_id = ?", arguments: [Data(id.bytes)])
                try appendAudit(db, role: keyring.role, action: "form-purged", outcome: "allowed", formHash: hash, timed: false)
            }
            try db.execute(sql: guardSQL)
        }
        do {
            try checkpoint()
            try Self.mapErrors(path: path) { try database.writeWithoutTransaction { db in try db.execute(sql: "VACUUM") } }
            try checkpoint()
        } catch {
            warnings.add("the purge is done, but another process was reading the database, so the file could not be compacted yet; run 'peerlog purge' again later to finish it (it deletes nothing more)")
        }
        return doomed.count
    }

    /// How long forms are kept, in months; nil when no retention period is set.
    public func retentionMonths() throws -> Int? {
        try read { db in try String.fetchOne(db, sql: "SELECT value FROM setting WHERE name = 'retention-months'").flatMap(Int.init) }
    }

    /// Sets or clears the retention period; the setting is signed by the program root.
    public func setRetention(months: Int?, keyring: ProgramKeyring) throws {
        try rootedWrite(keyring, action: "settings-retention") { db in
            if let months {
                let value = String(months)
                let signature = try keyring.root.sign(RootSigned.settingEntry(programID: keyring.programID, name: "retention-months", value: value))
                try db.execute(sql: "INSERT OR REPLACE INTO setting (name, value, signature) VALUES ('retention-months', ?, ?)",
                               arguments: [value, Data(signature)])
            } else {
                try db.execute(sql: "DELETE FROM setting WHERE name = 'retention-months'")
            }
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
