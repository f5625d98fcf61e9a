import Foundation
import GRDB

extension PeerLogStore {
    /// Stores an anonymised report for command staff, signed by the program root. The body names
    /// its publication number, its time and the audit head it was made at, so every copy command
    /// staff keep is also an anchor of the audit trail (`audit verify --head`).
    @discardableResult
    public func publish(_ report: CommandStaffReport, keyring: ProgramKeyring, now: Date = Date()) throws -> Int64 {
        let at = Self.auditTimestamp(now)
        let published = try rootedWrite(keyring, action: "report-publish", now: now) { db -> Int64 in
            let head = try chainHead(db)
            let number = (try Int64.fetchOne(db, sql: "SELECT max(report_id) FROM published_report") ?? 0) + 1
            let stamped = report.stamped(CommandStaffReport.Publication(
                number: number, publishedAt: at, auditHead: .init(seq: head.seq, hash: hexString(head.hash)),
                rootFingerprint: keyring.rootFingerprint))
            let body = try stamped.canonicalJSON()
            let signature = try keyring.root.sign(RootSigned.publishedReportV2(programID: keyring.programID, publishedAt: at,
                                                                               body: [UInt8](body)))
            try db.execute(sql: "INSERT INTO published_report (report_id, published_at, body, signature, scheme) VALUES (?, ?, ?, ?, 2)",
                           arguments: [number, at, body, Data(signature)])
            return number
        }
        return published
    }

    /// The newest published report, its signature checked against the program root as the reader
    /// knows it: the coordinator's own keyring, or the root a command-staff credential is bound to
    /// (before the program had a root: the key pinned in the file, as earlier releases did).
    /// Audited as the reader.
    /// - Throws: `PublicationError.nothingPublished`, `TamperingError`.
    public func latestPublishedReport(as reader: Actor) throws -> PublishedReport {
        let found = try read { db -> (Row, [UInt8], ProgramInfo)? in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM published_report ORDER BY report_id DESC LIMIT 1"),
                  let key = try Data.fetchOne(db, sql: "SELECT public_key FROM publishing_key WHERE id = 1") else { return nil }
            return (row, [UInt8](key), try Self.programInfo(db, path: path))
        }
        guard let (row, pinned, info) = found else { throw PublicationError.nothingPublished }
        let root: [UInt8]
        switch reader {
        case let .coordinator(keyring): root = keyring.root.publicKey
        case let .commandStaff(session): root = session.root ?? pinned
        case .advisor, .anyone: root = pinned
        }
        guard Sodium.constantTimeEqual(root, pinned) else { throw TamperingError.rootSwapped }
        let publication = SignedRows.Publication(id: row["report_id"], publishedAt: row["published_at"],
                                                 body: [UInt8](row["body"] as Data), signature: [UInt8](row["signature"] as Data),
                                                 scheme: row["scheme"])
        let rows = SignedRows(program: info, root: root, keys: [], wraps: [], advisors: [], credentials: [], settings: [],
                              publications: [publication], deputies: [], grants: [])
        guard SignedRows.verifies(publication.signature, rows.signedBytes(publication), root) else {
            throw PublicationError.badSignature(reportID: publication.id)
        }
        try record(reader, action: Request.readPublishedReport.rawValue, outcome: "allowed")
        return PublishedReport(id: publication.id, publishedAt: publication.publishedAt,
                               report: try CommandStaffReport.decode(Data(publication.body)), body: Data(publication.body),
                               keyFingerprint: ProgramRoot.fingerprint(root))
    }

    /// Records a request from command staff for a report over a period.
    @discardableResult
    public func requestReport(by session: CommandStaffSession, from: CalendarDate, to: CalendarDate, grouping: PeriodGrouping) throws -> Int64 {
        _ = try DateRange(from: from, to: to)
        let name = try PersonName(session.name, field: "requester name")
        return try write { db in
            try db.execute(sql: "INSERT INTO report_request (requested_at, requester, from_day, to_day, grouping) VALUES (?, ?, ?, ?, ?)",
                           arguments: [Self.auditTimestamp(Date()), name.value, from.description, to.description, grouping.rawValue])
            let id = db.lastInsertedRowID
            try appendAudit(db, role: .commandStaff, action: Request.requestReport.rawValue, outcome: "allowed")
            return id
        }
    }

    public func reportRequests() throws -> [ReportRequest] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM report_request ORDER BY request_id").map { row in
                ReportRequest(id: row["request_id"], requestedAt: row["requested_at"], requester: row["requester"],
                              from: try CalendarDate(parsing: row["from_day"]), to: try CalendarDate(parsing: row["to_day"]),
                              by: PeriodGrouping(rawValue: row["grouping"]) ?? .quarter)
            }
        }
    }
}
