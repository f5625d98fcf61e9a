import Foundation
import GRDB

extension PeerLogStore {
    /// The publications as a reader may trust them, read in one transaction: the root is the one
    /// the reader knows (the coordinator's keyring, or the root a command-staff credential is bound
    /// to; else the pinned key), the signatures asked for verify, and the rows are the state the
    /// newest signed head vouches for, so a withdrawal added or removed behind the coordinator's
    /// back shows. Audited as the reader.
    /// - Parameter verify: which publications' signatures to check (nil: all).
    /// - Throws: `PublicationError.nothingPublished`, `.badSignature`, `TamperingError`.
    private func readerView(as reader: Actor, verify: ((SignedRows.Publication) -> Bool)? = nil) throws -> (rows: SignedRows, root: [UInt8]) {
        let view = try read { db -> (SignedRows, [UInt8])? in
            let rows = try SignedRows.load(db, program: Self.programInfo(db, path: path))
            guard let pinned = rows.root, !rows.publications.isEmpty else { return nil }
            let root: [UInt8]
            switch reader {
            case let .coordinator(keyring): root = keyring.root.publicKey
            case let .commandStaff(session): root = session.root ?? pinned
            case .advisor, .anyone: root = pinned
            }
            guard Sodium.constantTimeEqual(root, pinned) else { throw TamperingError.rootSwapped }
            for publication in rows.publications.sorted(by: { $0.id < $1.id }) where verify?(publication) ?? true {
                guard SignedRows.verifies(publication.signature, rows.signedBytes(publication), root) else {
                    throw PublicationError.badSignature(reportID: publication.id)
                }
            }
            if let head = try newestSignedHead(db) { try checkSignedState(db, head, rows: rows, root: root) }
            return (rows, root)
        }
        guard let (rows, root) = view else { throw PublicationError.nothingPublished }
        try record(reader, action: Request.readPublishedReport.rawValue, outcome: "allowed")
        return (rows, root)
    }

    /// When each publication was withdrawn, for withdrawals the root signed.
    private func withdrawals(_ rows: SignedRows, root: [UInt8]) -> [Int64: String] {
        var withdrawn: [Int64: String] = [:]
        for w in rows.withdrawals where SignedRows.verifies(w.signature, rows.signedBytes(w), root) { withdrawn[w.reportID] = w.withdrawnAt }
        return withdrawn
    }

    private func published(_ publication: SignedRows.Publication, root: [UInt8], withdrawnAt: String?) throws -> PublishedReport {
        PublishedReport(id: publication.id, publishedAt: publication.publishedAt,
                        report: try CommandStaffReport.decode(Data(publication.body)), body: Data(publication.body),
                        keyFingerprint: ProgramRoot.fingerprint(root), withdrawnAt: withdrawnAt)
    }

    /// The newest publication that has not been withdrawn, its signature checked.
    /// - Throws: `PublicationError.nothingPublished` (also when every one was withdrawn),
    ///   `.badSignature`, `TamperingError`.
    public func latestPublishedReport(as reader: Actor) throws -> PublishedReport {
        let newest = try read { db in
            try Int64.fetchOne(db, sql: """
                SELECT max(report_id) FROM published_report WHERE report_id NOT IN (SELECT report_id FROM publication_withdrawal)
                """)
        }
        guard let newest else { throw PublicationError.nothingPublished }
        let (rows, root) = try readerView(as: reader) { $0.id == newest }
        let withdrawn = withdrawals(rows, root: root)
        // The newest one the root did not withdraw (a withdrawal row it did not sign is ignored).
        guard let publication = rows.publications.filter({ withdrawn[$0.id] == nil }).max(by: { $0.id < $1.id }) else {
            throw PublicationError.nothingPublished
        }
        guard SignedRows.verifies(publication.signature, rows.signedBytes(publication), root) else {
            throw PublicationError.badSignature(reportID: publication.id)
        }
        return try published(publication, root: root, withdrawnAt: nil)
    }

    /// Publication `number`, withdrawn or not, its signature checked.
    /// - Throws: `PublicationError.notPublished`, `.badSignature`, `TamperingError`.
    public func publishedReport(_ number: Int64, as reader: Actor) throws -> PublishedReport {
        let exists = try read { db in try Bool.fetchOne(db, sql: "SELECT 1 FROM published_report WHERE report_id = ?", arguments: [number]) }
        guard exists == true else { throw PublicationError.notPublished(reportID: number) }
        let (rows, root) = try readerView(as: reader) { $0.id == number }
        guard let publication = rows.publications.first(where: { $0.id == number }) else { throw PublicationError.notPublished(reportID: number) }
        return try published(publication, root: root, withdrawnAt: withdrawals(rows, root: root)[number])
    }

    /// Every publication, oldest first, each signature checked.
    /// - Throws: `PublicationError.nothingPublished`, `.badSignature`, `.unreadable`, `TamperingError`.
    public func publishedReports(as reader: Actor) throws -> [PublicationSummary] {
        let (rows, root) = try readerView(as: reader)
        let withdrawn = withdrawals(rows, root: root)
        return try rows.publications.sorted { $0.id < $1.id }.map { publication in
            guard let report = try? CommandStaffReport.decode(Data(publication.body)) else {
                throw PublicationError.unreadable(reportID: publication.id)
            }
            return PublicationSummary(number: publication.id, from: report.from, to: report.to, by: report.by, dimension: report.dimension,
                                      publishedAt: publication.publishedAt, rootFingerprint: ProgramRoot.fingerprint(root),
                                      withdrawnAt: withdrawn[publication.id], epsilon: report.noise?.epsilon)
        }
    }

    /// Withdraws publication `number` for readers: 'report latest' skips it and the archive marks
    /// it. Signed by the root, audited (`report-withdraw`). Command staff keep the copies they
    /// have, so every later disclosure check still counts it.
    /// - Throws: `PublicationError.notPublished`, `.alreadyWithdrawn`, `TamperingError`.
    public func withdrawPublication(_ number: Int64, keyring: ProgramKeyring, now: Date = Date()) throws {
        let at = Self.auditTimestamp(now)
        try rootedWrite(keyring, action: "report-withdraw", now: now) { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM published_report WHERE report_id = ?", arguments: [number]) == true else {
                throw PublicationError.notPublished(reportID: number)
            }
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM publication_withdrawal WHERE report_id = ?", arguments: [number]) != true else {
                throw PublicationError.alreadyWithdrawn(reportID: number)
            }
            let signature = try keyring.root.sign(RootSigned.publicationWithdrawal(programID: keyring.programID, reportID: number, withdrawnAt: at))
            try db.execute(sql: "INSERT INTO publication_withdrawal (report_id, withdrawn_at, signature) VALUES (?, ?, ?)",
                           arguments: [number, at, Data(signature)])
        }
    }
}
