import Foundation

/// The anonymised report for command staff: counts by type and period, no advisor, no day or
/// time, small counts withheld so that no member can be singled out (SOG 2-13 I, IV.C.1).
/// `nil` means withheld. Codable because a published report is stored as its JSON.
public struct CommandStaffReport: Codable, Sendable, Hashable {
    /// What the rows are: incident types or intervention kinds.
    public enum Dimension: String, Codable, CaseIterable, Sendable {
        case incident, intervention
    }

    public struct Row: Codable, Sendable, Hashable {
        public let code: String
        public let label: String
        /// One per period; nil = withheld.
        public let counts: [Int?]
        public let total: Int?
        /// The codes a combined row counts together (global recoding), in vocabulary order; nil for
        /// a row of one code.
        public let members: [String]?

        package init(code: String, label: String, counts: [Int?], total: Int?, members: [String]? = nil) {
            self.code = code
            self.label = label
            self.counts = counts
            self.total = total
            self.members = members
        }

        /// The codes this row counts.
        public var codes: [String] { members ?? [code] }
    }

    /// Rows combined because they were rare: which codes, and the rule a reader can check them by
    /// (every combined code had fewer than `threshold` forms in the report's span, every other code
    /// at least that many).
    public struct Recoding: Codable, Sendable, Hashable {
        public let combined: [String]
        public let threshold: Int

        package init(combined: [String], threshold: Int) {
            self.combined = combined
            self.threshold = threshold
        }
    }

    /// Random noise added to every count: the mechanism and the privacy loss of this publication.
    public struct Noise: Codable, Sendable, Hashable {
        /// "two-sided geometric" (the discrete Laplace distribution).
        public let mechanism: String
        /// Epsilon as a decimal, exactly as the sampler used it.
        public let epsilon: String

        package init(mechanism: String, epsilon: String) {
            self.mechanism = mechanism
            self.epsilon = epsilon
        }
    }

    public struct Period: Codable, Sendable, Hashable {
        public let label: String
        public let total: Int?

        package init(label: String, total: Int?) {
            self.label = label
            self.total = total
        }
    }

    /// More columns than this make suppression slow and the page unreadable.
    public static let maximumPeriods = 60

    public let format: String
    public let program: String
    public let coordinator: String
    public let from: String
    public let to: String
    public let by: PeriodGrouping
    public let dimension: Dimension
    public let minimumCell: Int
    public let periods: [Period]
    public let rows: [Row]
    public let grandTotal: Int?
    public let withheldCount: Int
    /// Set when rare rows were combined (format v3).
    public let recoding: Recoding?
    /// Set when noise was added (format v3).
    public let noise: Noise?
    /// Set when the report is published: its number, time, the audit head it was made at and the
    /// program root's fingerprint, so every copy carries them (nil in a preview, and in reports
    /// published before version 2).
    public var publication: Publication?

    /// Where a published report stands in the program's record.
    public struct Publication: Codable, Sendable, Hashable {
        public let number: Int64
        public let publishedAt: String
        public let auditHead: AuditAnchor
        public let rootFingerprint: String

        package init(number: Int64, publishedAt: String, auditHead: AuditAnchor, rootFingerprint: String) {
            self.number = number
            self.publishedAt = publishedAt
            self.auditHead = auditHead
            self.rootFingerprint = rootFingerprint
        }
    }

    /// An audit entry by number and hash: what `audit verify --head` checks the trail against.
    public struct AuditAnchor: Codable, Sendable, Hashable {
        public let seq: Int64
        public let hash: String

        package init(seq: Int64, hash: String) {
            self.seq = seq
            self.hash = hash
        }
    }

    /// The format string of reports written by this version.
    public static let currentFormat = "peerlog command-staff report v3"

    package init(format: String, program: String, coordinator: String, from: String, to: String, by: PeriodGrouping,
                 dimension: Dimension, minimumCell: Int, periods: [Period], rows: [Row], grandTotal: Int?, withheldCount: Int,
                 recoding: Recoding? = nil, noise: Noise? = nil, publication: Publication? = nil) {
        self.format = format
        self.program = program
        self.coordinator = coordinator
        self.from = from
        self.to = to
        self.by = by
        self.dimension = dimension
        self.minimumCell = minimumCell
        self.periods = periods
        self.rows = rows
        self.grandTotal = grandTotal
        self.withheldCount = withheldCount
        self.recoding = recoding
        self.noise = noise
        self.publication = publication
    }

    /// This report as published.
    package func stamped(_ publication: Publication) -> CommandStaffReport {
        var copy = self
        copy.publication = publication
        return copy
    }

    /// The plain-language note printed with every rendering.
    public var note: String {
        let withheld = withheldCount == 0
            ? "No numbers were withheld."
            : "\(withheldCount) number\(withheldCount == 1 ? " was" : "s were") withheld (shown as x). An x is either a count "
                + "from 1 to \(minimumCell - 1), never shown because so few contacts could point to a person, or another number "
                + "(possibly 0) hidden at random so that no small count can be worked out, from this report or together with "
                + "every earlier one."
        let combined = recoding.map { " Rare types (fewer than \($0.threshold) contacts each in this span) are counted together in one row." } ?? ""
        let noisy = noise.map { " Random noise was added to every number (privacy loss epsilon = \($0.epsilon) for this publication); "
            + "totals are the sums of the noisy numbers." } ?? ""
        return "This report counts peer support contacts only. It never shows who was supported, which advisor helped, "
            + "or the day and time. \(withheld)\(combined)\(noisy) Questions about individual use go to the Program Coordinator, "
            + "\(coordinator) (SOG 2-13 IV.C.1)."
    }

    /// The canonical JSON (sorted keys, fixed layout): what is signed and stored when published.
    /// - Throws: `StoreError.inconsistent` if encoding failed (it holds only strings, integers and nulls).
    public func canonicalJSON() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        do { return try encoder.encode(self) + Data("\n".utf8) } catch {
            throw FormatError.unreadable("a report could not be encoded")
        }
    }

    /// - Throws: `StoreError.inconsistent` if the stored JSON is not a report.
    public static func decode(_ data: Data) throws -> CommandStaffReport {
        do { return try JSONDecoder().decode(CommandStaffReport.self, from: data) } catch {
            throw FormatError.unreadable("a published report could not be read")
        }
    }
}

// Withheld numbers are written as explicit nulls, never left out, so a reader of the JSON sees
// every cell and total of the table.
extension CommandStaffReport.Row {
    enum CodingKeys: String, CodingKey { case code, label, counts, total, members }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(code, forKey: .code)
        try c.encode(label, forKey: .label)
        try c.encode(counts, forKey: .counts)
        try c.encode(total, forKey: .total)
        try c.encodeIfPresent(members, forKey: .members)
    }
}

extension CommandStaffReport.Period {
    enum CodingKeys: String, CodingKey { case label, total }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(label, forKey: .label)
        try c.encode(total, forKey: .total)
    }
}

extension CommandStaffReport {
    enum CodingKeys: String, CodingKey {
        case format, program, coordinator, from, to, by, dimension, minimumCell, periods, rows, grandTotal, withheldCount, recoding, noise,
             publication
    }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(format, forKey: .format)
        try c.encode(program, forKey: .program)
        try c.encode(coordinator, forKey: .coordinator)
        try c.encode(from, forKey: .from)
        try c.encode(to, forKey: .to)
        try c.encode(by, forKey: .by)
        try c.encode(dimension, forKey: .dimension)
        try c.encode(minimumCell, forKey: .minimumCell)
        try c.encode(periods, forKey: .periods)
        try c.encode(rows, forKey: .rows)
        try c.encode(grandTotal, forKey: .grandTotal)
        try c.encode(withheldCount, forKey: .withheldCount)
        try c.encodeIfPresent(recoding, forKey: .recoding)
        try c.encodeIfPresent(noise, forKey: .noise)
        try c.encodeIfPresent(publication, forKey: .publication)
    }
}
