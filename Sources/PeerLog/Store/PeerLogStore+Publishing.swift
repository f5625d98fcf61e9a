import Foundation
import GRDB

extension PeerLogStore {
    static let publicationContext = Array("peerlog published report v1".utf8) + [0]

    static func signedBytes(publishedAt: String, body: Data) -> [UInt8] {
        publicationContext + Array(publishedAt.utf8) + [0] + [UInt8](body)
    }

    /// Stores an anonymised report for command staff, signed with the program's publishing key.
    @discardableResult
    public func publish(_ report: CommandStaffReport, keyring: ProgramKeyring, now: Date = Date()) throws -> Int64 {
        let signer = try PublishingKey.derive(from: keyring)
        let body = report.canonicalJSON()
        let at = Self.auditTimestamp(now)
        let signature = try signer.sign(Self.signedBytes(publishedAt: at, body: body))
        return try write { db in
            if let pinned = try Data.fetchOne(db, sql: "SELECT public_key FROM publishing_key WHERE id = 1") {
                guard Sodium.constantTimeEqual([UInt8](pinned), signer.publicKey) else { throw PublicationError.publishingKeyChanged }
            } else {
                try db.execute(sql: "INSERT INTO publishing_key (id, public_key) VALUES (1, ?)", arguments: [Data(signer.publicKey)])
            }
            try db.execute(sql: "INSERT INTO published_report (published_at, body, signature) VALUES (?, ?, ?)",
                           arguments: [at, body, Data(signature)])
            let id = db.lastInsertedRowID
            try appendAudit(db, role: .coordinator, action: "report-publish", outcome: "allowed", now: now)
            return id
        }
    }

    /// The newest published report, its signature verified against the pinned publishing key.
    /// - Throws: `PublicationError.nothingPublished`, `.badSignature`.
    public func latestPublishedReport(role: Role) throws -> PublishedReport {
        let found = try read { db -> (Row, Data)? in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM published_report ORDER BY report_id DESC LIMIT 1"),
                  let key = try Data.fetchOne(db, sql: "SELECT public_key FROM publishing_key WHERE id = 1") else { return nil }
            return (row, key)
        }
        guard let (row, key) = found else { throw PublicationError.nothingPublished }
        let id: Int64 = row["report_id"]
        let at: String = row["published_at"]
        let body: Data = row["body"]
        let signature = [UInt8](row["signature"] as Data)
        guard SigningKey.verify(signature, of: Self.signedBytes(publishedAt: at, body: body), publicKey: [UInt8](key)) else {
            throw PublicationError.badSignature(reportID: id)
        }
        try audit(role: role, action: Request.readPublishedReport.rawValue, outcome: "allowed")
        return PublishedReport(id: id, publishedAt: at, report: try CommandStaffReport.decode(body), body: body,
                               keyFingerprint: hexString(Array([UInt8](key).prefix(8))))
    }

    /// Records a request from command staff for a report over a period.
    @discardableResult
    public func requestReport(by requester: String, from: CalendarDate, to: CalendarDate, grouping: PeriodGrouping) throws -> Int64 {
        _ = try DateRange(from: from, to: to)
        let name = try PersonName(requester, field: "requester name")
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
