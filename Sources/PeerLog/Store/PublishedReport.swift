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
    /// When the coordinator withdrew it for readers (UTC minute), if they did.
    public var withdrawnAt: String? = nil
}

/// One line of the archive of publications.
public struct PublicationSummary: Sendable, Hashable {
    public let number: Int64
    public let from: String
    public let to: String
    public let by: PeriodGrouping
    public let dimension: CommandStaffReport.Dimension
    public let publishedAt: String
    /// The program root that signed it (its fingerprint).
    public let rootFingerprint: String
    public let withdrawnAt: String?
    /// The privacy loss of its noise, if it has any.
    public let epsilon: String?
}

/// A request from command staff, and what became of it.
public struct ReportRequest: Sendable, Hashable {
    public enum State: Sendable, Hashable {
        case open
        case answered(publication: Int64)
        case declined(DeclineReason)
    }

    public let id: Int64
    public let requestedAt: String
    public let requester: String
    public let from: CalendarDate
    public let to: CalendarDate
    public let by: PeriodGrouping
    public var state: State = .open
}

/// Failures specific to published reports.
public enum PublicationError: PeerLogError, Equatable {
    case nothingPublished
    case badSignature(reportID: Int64)
    case publishingKeyChanged
    case notPublished(reportID: Int64)
    case unreadable(reportID: Int64)
    case alreadyWithdrawn(reportID: Int64)
    case noSeed(reportID: Int64)

    public var description: String {
        switch self {
        case .nothingPublished: return "no report has been published yet"
        case let .badSignature(id): return "published report \(id) does not match its signature: it was altered"
        case .publishingKeyChanged: return "the program's publishing key differs from the one pinned at the first publication"
        case let .notPublished(id): return "there is no published report \(id)"
        case let .unreadable(id): return "published report \(id) cannot be read as a report"
        case let .alreadyWithdrawn(id): return "published report \(id) is already withdrawn"
        case let .noSeed(id): return "published report \(id) has no recorded random seed (published before this version, or from a report made elsewhere)"
        }
    }
    public var hint: String? {
        switch self {
        case .nothingPublished: return "command staff can ask for one with 'peerlog report request'; the coordinator releases one with 'peerlog report publish'"
        case .notPublished: return "'peerlog report published' lists every publication"
        case .alreadyWithdrawn, .noSeed: return nil
        default: return "keep a copy of the database as evidence and tell the Program Coordinator"
        }
    }
    public var exitStatus: ExitStatus {
        switch self {
        case .nothingPublished, .notPublished, .alreadyWithdrawn, .noSeed: return .invalidData
        case .badSignature, .publishingKeyChanged, .unreadable: return .invalidData
        }
    }
}
