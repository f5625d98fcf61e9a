import Foundation
import GRDB

/// Why the coordinator declined a report request: a fixed list, never free text, so nothing about
/// a member or an advisor can be written there.
public enum DeclineReason: String, CaseIterable, Sendable, Hashable {
    /// So few forms that the report would show almost nothing.
    case tooFewForms = "too-few-forms"
    /// It would let readers narrow down numbers withheld in an earlier publication.
    case conflictsWithEarlier = "conflicts-with-earlier"
    /// An earlier publication already answers it.
    case alreadyPublished = "already-published"
    /// The period has not ended.
    case notEnded = "not-ended"
    /// The same as another request.
    case duplicate = "duplicate"

    /// - Throws: `RequestError.unknownReason`.
    public init(code: String) throws {
        guard let reason = DeclineReason(rawValue: code) else { throw RequestError.unknownReason(InputError.sanitised(code)) }
        self = reason
    }
}

/// A report request that cannot be made or settled as asked.
public enum RequestError: PeerLogError, Equatable {
    case duplicate(of: Int64)
    case notFound(Int64)
    case notOpen(Int64)
    case unknownReason(String)

    public var description: String {
        switch self {
        case let .duplicate(id): return "request \(id) already asks for the same report and is still open"
        case let .notFound(id): return "there is no report request \(id)"
        case let .notOpen(id): return "request \(id) has already been answered or declined"
        case let .unknownReason(code): return "'\(code)' is not a reason PeerLog knows"
        }
    }

    public var hint: String? {
        switch self {
        case .duplicate: return "the Program Coordinator will answer the open request"
        case .notFound, .notOpen: return "'peerlog report requests' lists every request and its state"
        case .unknownReason: return "use one of: " + DeclineReason.allCases.map(\.rawValue).joined(separator: ", ")
        }
    }

    public var exitStatus: ExitStatus { .invalidData }
}

extension PeerLogStore {
    /// Records a request from command staff for a report over whole months that have ended.
    /// - Throws: `PublicationRefusal` for other periods, `RequestError.duplicate` when an open
    ///   request asks for the same.
    @discardableResult
    public func requestReport(by session: CommandStaffSession, from: CalendarDate, to: CalendarDate, grouping: PeriodGrouping,
                              today: CalendarDate = ServiceTime.now().localDate) throws -> Int64 {
        _ = try DateRange(from: from, to: to)
        try PublicationRules.check(from: from, to: to, today: today)
        let name = try PersonName(session.name, field: "requester name")
        return try write { db in
            if let open = try Int64.fetchOne(db, sql: """
                SELECT r.request_id FROM report_request r LEFT JOIN report_request_outcome o ON o.request_id = r.request_id
                WHERE o.request_id IS NULL AND r.from_day = ? AND r.to_day = ? AND r.grouping = ?
                """, arguments: [from.description, to.description, grouping.rawValue]) {
                throw RequestError.duplicate(of: open)
            }
            try db.execute(sql: "INSERT INTO report_request (requested_at, requester, from_day, to_day, grouping) VALUES (?, ?, ?, ?, ?)",
                           arguments: [Self.auditTimestamp(Date()), name.value, from.description, to.description, grouping.rawValue])
            let id = db.lastInsertedRowID
            try appendAudit(db, role: .commandStaff, action: Request.requestReport.rawValue, outcome: "allowed")
            return id
        }
    }

    /// Every request, oldest first, with its state.
    public func reportRequests() throws -> [ReportRequest] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT r.*, o.outcome, o.report_id, o.reason FROM report_request r
                LEFT JOIN report_request_outcome o ON o.request_id = r.request_id ORDER BY r.request_id
                """).map { row in
                var request = ReportRequest(id: row["request_id"], requestedAt: row["requested_at"], requester: row["requester"],
                                            from: try CalendarDate(parsing: row["from_day"]), to: try CalendarDate(parsing: row["to_day"]),
                                            by: PeriodGrouping(rawValue: row["grouping"]) ?? .quarter)
                if let report: Int64 = row["report_id"] {
                    request.state = .answered(publication: report)
                } else if let reason = (row["reason"] as String?).flatMap(DeclineReason.init(rawValue:)) {
                    request.state = .declined(reason)
                }
                return request
            }
        }
    }

    /// Declines an open request for one of the fixed reasons. A coordinator action, audited.
    /// - Throws: `RequestError.notFound`, `.notOpen`.
    public func declineRequest(_ id: Int64, reason: DeclineReason, keyring: ProgramKeyring, now: Date = Date()) throws {
        let at = Self.auditTimestamp(now)
        try rootedWrite(keyring, action: "report-decline", now: now) { db in
            try requireOpen(db, id)
            try db.execute(sql: "INSERT INTO report_request_outcome (request_id, decided_at, outcome, reason) VALUES (?, ?, 'declined', ?)",
                           arguments: [id, at, reason.rawValue])
        }
    }

    /// Marks an open request answered by `publication`, inside the publishing transaction.
    func answer(_ db: Database, request id: Int64, with publication: Int64, at: String) throws {
        try requireOpen(db, id)
        try db.execute(sql: "INSERT INTO report_request_outcome (request_id, decided_at, outcome, report_id) VALUES (?, ?, 'answered', ?)",
                       arguments: [id, at, publication])
    }

    private func requireOpen(_ db: Database, _ id: Int64) throws {
        guard try Bool.fetchOne(db, sql: "SELECT 1 FROM report_request WHERE request_id = ?", arguments: [id]) == true else {
            throw RequestError.notFound(id)
        }
        guard try Bool.fetchOne(db, sql: "SELECT 1 FROM report_request_outcome WHERE request_id = ?", arguments: [id]) != true else {
            throw RequestError.notOpen(id)
        }
    }
}
