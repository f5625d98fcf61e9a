import Foundation
import GRDB

/// One paper usage form as the coordinator (or a deputy) enters it: the advisor named on it, as on
/// the roster, and the three fields of SOG 2-13 IV.D.2.
public struct PaperForm: Sendable, Hashable {
    public let advisorName: String
    public let entry: FormEntry

    public init(advisorName: String, entry: FormEntry) {
        self.advisorName = advisorName
        self.entry = entry
    }
}

/// A paper form that cannot be entered: which one (its place in the batch, from 0), which field,
/// and why, without ever repeating what the form says.
public struct PaperFormRefusal: PeerLogError, Equatable {
    public enum Reason: Sendable, Equatable {
        /// The name is not on the roster (or is not a name at all).
        case unknownAdvisor
        /// The advisor retired, and the roster does not know when.
        case retiredAdvisor
        /// The advisor retired before the day of service.
        case retiredBeforeService
        /// The time of service is too far back or in the future (`ServiceTime.checkedPlausible`).
        case implausibleTime(why: String)
    }

    public let index: Int
    public let reason: Reason

    /// The field at fault: `advisor` or `time`, as the batch file's header names them.
    public var column: String {
        switch reason {
        case .unknownAdvisor, .retiredAdvisor, .retiredBeforeService: return "advisor"
        case .implausibleTime: return "time"
        }
    }

    /// What is wrong with the field, in words that never quote it.
    public var why: String {
        switch reason {
        case .unknownAdvisor: return "is not the name of an advisor on the roster"
        case .retiredAdvisor: return "names a retired advisor, and the roster does not say when they retired"
        case .retiredBeforeService: return "names an advisor who had retired before the day of service"
        case let .implausibleTime(why): return why
        }
    }

    public var description: String { "paper form \(index + 1): the \(column) \(why)" }
    public var hint: String? {
        switch reason {
        case .unknownAdvisor, .retiredAdvisor, .retiredBeforeService:
            return "'peerlog advisor list' shows the roster; a retired advisor's paper forms are entered only for days up to their retirement"
        case .implausibleTime: return nil
        }
    }
    public var exitStatus: ExitStatus { .invalidData }
}

/// A paper form checked against the roster: whom it will be filed for.
public struct CheckedPaperForm: Sendable, Hashable {
    public let advisorID: Identifier
    /// The advisor's name as the roster spells it.
    public let advisorName: String
    public let entry: FormEntry
}

extension PeerLogStore {
    /// Checks paper forms without filing them (`file --batch --dry-run`): the same checks
    /// `fileOnPaper` makes, against the signed roster.
    /// - Throws: the first `PaperFormRefusal` in batch order, or `TamperingError` when the roster
    ///   is not what the root signed.
    public func checkPaperForms(_ forms: [PaperForm], keyring: ProgramKeyring, now: Date = Date()) throws -> [CheckedPaperForm] {
        try checkTimes(forms, now: now)
        return try read { db in try paperTarget(db, forms, keyring: keyring).forms }
    }

    /// Enters paper forms an advisor handed in, in one transaction: all of them or none. Each is a
    /// version-3 form marked as entered from paper, signed by the program root (the coordinator's
    /// key) instead of the advisor's, and sealed to the newest program key. Every form is checked
    /// first: the advisor named is on the roster and active, or retired on or after the day of
    /// service; the time of service is neither in the future nor more than
    /// `ServiceTime.maximumAgeInYears` back.
    ///
    /// Like an advisor's filing, nothing here is timed: each form goes into `pending_form` by its
    /// hash, with the role of whoever entered it in `pending_paper_form`, and the next coordinator
    /// action folds it into the trail in hash order (`form-filed`, that role, no time). The trail
    /// therefore says who entered a paper form but not when, as for every other form.
    /// - Returns: the new forms' ids, in the order of `forms`.
    /// - Throws: `PaperFormRefusal` naming the first form at fault (nothing is filed);
    ///   `TamperingError` when the program's keys, root or roster are not as the root signed them;
    ///   `StoreError.needsUpgrade`; storage failures.
    @discardableResult
    public func fileOnPaper(_ forms: [PaperForm], keyring: ProgramKeyring, now: Date = Date()) throws -> [Identifier] {
        guard !forms.isEmpty else { return [] }
        try checkTimes(forms, now: now)
        let ids = forms.map { _ in Identifier.random() }
        // Checked, sealed and stored in one transaction, so no coordinator action comes between.
        return try freshWrite { db in
            let target = try paperTarget(db, forms, keyring: keyring)
            let sealed = try zip(ids, target.forms).map { id, checked in
                let form = UsageForm(id: id, advisorID: checked.advisorID, serviceTime: checked.entry.time,
                                     incident: checked.entry.incident, intervention: checked.entry.intervention, origin: .paper)
                return try SealedForm.seal(form, signer: keyring.root, recipient: target.recipient)
            }
            try insertSealed(db, zip(ids, sealed).map { ($0, $1) }, keyID: target.recipient.keyID, enteredBy: keyring.role)
            return ids
        }
    }

    private func checkTimes(_ forms: [PaperForm], now: Date) throws {
        for (index, form) in forms.enumerated() {
            do { _ = try form.entry.time.checkedPlausible(now: now) } catch let InputError.badServiceTime(why) {
                throw PaperFormRefusal(index: index, reason: .implausibleTime(why: why))
            }
        }
    }

    /// What paper forms are sealed to and for whom, checked with the keyring as the anchor: the
    /// pinned root is the keyring's, the newest signed head verifies and still describes the
    /// program, each advisor's signed roster entry allows the day of service, and the key is the
    /// newest the root certified (and one the keyring holds).
    private func paperTarget(_ db: Database, _ forms: [PaperForm], keyring: ProgramKeyring)
        throws -> (forms: [CheckedPaperForm], recipient: FormRecipient) {
        let info = try Self.programInfo(db, path: path)
        let rows = try SignedRows.load(db, program: info)
        try checkRoot(db, keyring)
        guard let head = try newestSignedHead(db) else { throw StoreError.needsUpgrade(path: path) }
        try checkSignedState(db, head, rows: rows, root: keyring.root.publicKey)
        let entries = Dictionary(rows.advisors.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var checked: [CheckedPaperForm] = []
        checked.reserveCapacity(forms.count)
        var idsByName: [String: Identifier?] = [:]
        for (index, form) in forms.enumerated() {
            guard let key = try? PersonName(form.advisorName, field: "advisor name").lookupKey else {
                throw PaperFormRefusal(index: index, reason: .unknownAdvisor)
            }
            if idsByName[key] == nil {
                // By the signed name (checked against the signed state above), never by the
                // unsigned `name_key` column, which a file writer could swap between advisors.
                idsByName[key] = rows.advisors.first { (try? PersonName($0.name, field: "name").lookupKey) == key }?.id
            }
            guard let id = idsByName[key] ?? nil, let entry = entries[id] else {
                throw PaperFormRefusal(index: index, reason: .unknownAdvisor)
            }
            if entry.status != Advisor.Status.active.rawValue {
                // The roster day of retirement counts: the coordinator records it the day it happens.
                guard let retiredOn = entry.retiredOn else { throw PaperFormRefusal(index: index, reason: .retiredAdvisor) }
                guard form.entry.time.localDate.description <= retiredOn else {
                    throw PaperFormRefusal(index: index, reason: .retiredBeforeService)
                }
            }
            checked.append(CheckedPaperForm(advisorID: id, advisorName: entry.name, entry: form.entry))
        }
        guard let newest = rows.keys.max(by: { $0.id < $1.id }) else { throw StoreError.inconsistent("no program key") }
        guard let held = keyring.keys[newest.id], Sodium.constantTimeEqual(held.publicKey, newest.publicKey) else {
            throw StoreError.concurrentChange("the program key")
        }
        return (checked, FormRecipient(programID: info.programID, keyID: newest.id, publicKey: newest.publicKey))
    }
}
