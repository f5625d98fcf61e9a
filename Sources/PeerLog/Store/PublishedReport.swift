import Foundation

/// A report as released to command staff, with its signature checked.
public struct PublishedReport: Sendable {
    public let id: Int64
    public let publishedAt: String
    public let report: CommandStaffReport
    /// The exact bytes that were signed and stored.
    public let body: Data
    /// Hex of the first 8 bytes of the publishing key, for comparing out of band.
    public let keyFingerprint: String
}

/// A pending request from command staff.
public struct ReportRequest: Sendable, Hashable {
    public let id: Int64
    public let requestedAt: String
    public let requester: String
    public let from: CalendarDate
    public let to: CalendarDate
    public let by: PeriodGrouping
}

/// Failures specific to published reports.
public enum PublicationError: PeerLogError, Equatable {
    case nothingPublished
    case badSignature(reportID: Int64)
    case publishingKeyChanged

    public var description: String {
        switch self {
        case .nothingPublished: return "no report has been published yet"
        case let .badSignature(id): return "published report \(id) does not match its signature: it was altered"
        case .publishingKeyChanged: return "the program's publishing key differs from the one pinned at the first publication"
        }
    }
    public var hint: String? {
        switch self {
        case .nothingPublished: return "command staff can ask for one with 'peerlog report request'; the coordinator releases one with 'peerlog report publish'"
        default: return "keep a copy of the database as evidence and tell the Program Coordinator"
        }
    }
    public var exitStatus: ExitStatus {
        switch self {
        case .nothingPublished: return .invalidData
        case .badSignature, .publishingKeyChanged: return .invalidData
        }
    }
}
