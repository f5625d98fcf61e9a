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
    }

    public struct Period: Codable, Sendable, Hashable {
        public let label: String
        public let total: Int?
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
    }

    /// An audit entry by number and hash: what `audit verify --head` checks the trail against.
    public struct AuditAnchor: Codable, Sendable, Hashable {
        public let seq: Int64
        public let hash: String
    }

    /// The format string of reports written by this version.
    public static let currentFormat = "peerlog command-staff report v2"

    /// This report as published.
    func stamped(_ publication: Publication) -> CommandStaffReport {
        var copy = self
        copy.publication = publication
        return copy
    }

    /// The plain-language note printed with every rendering.
    public var note: String {
        let withheld = withheldCount == 0
            ? "No numbers were withheld."
            : "\(withheldCount) number\(withheldCount == 1 ? " was" : "s were") withheld (shown as x): "
                + "counts from 1 to \(minimumCell - 1) are never shown, because so few contacts could point to a person, "
                + "and some larger numbers are hidden too, so that a hidden count cannot be worked out from the totals."
        return "This report counts peer support contacts only. It never shows who was supported, which advisor helped, "
            + "or the day and time. \(withheld) Questions about individual use go to the Program Coordinator, "
            + "\(coordinator) (SOG 2-13 IV.C.1)."
    }

    /// Builds the report from forms with disclosure control applied.
    static func build(tally: [DayAndCode: Int], categories: [(code: String, label: String)], program: ProgramInfo,
                      from: CalendarDate, to: CalendarDate, by: PeriodGrouping, dimension: Dimension,
                      control: DisclosureControl) -> CommandStaffReport {
        let labels = by.labels(from: from, to: to)
        let column = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
        let row = Dictionary(uniqueKeysWithValues: categories.enumerated().map { ($1.code, $0) })
        var counts = [[Int]](repeating: [Int](repeating: 0, count: labels.count), count: categories.count)
        for (key, n) in tally where key.day >= from && key.day <= to {
            if let r = row[key.code], let c = column[by.label(for: key.day)] { counts[r][c] += n }
        }
        let table = FeasibleRange(counts: counts)
        let hidden = control.withheld(counts)
        func shown(_ item: FeasibleRange.Item) -> Int? { hidden.contains(item) ? nil : table.value(item) }
        return CommandStaffReport(
            format: currentFormat, program: program.name, coordinator: program.coordinatorName,
            from: from.description, to: to.description, by: by, dimension: dimension, minimumCell: control.threshold,
            periods: labels.enumerated().map { Period(label: $1, total: shown(.columnTotal($0))) },
            rows: categories.enumerated().map { r, category in
                Row(code: category.code, label: category.label,
                    counts: labels.indices.map { shown(.cell(row: r, column: $0)) }, total: shown(.rowTotal(r)))
            },
            grandTotal: shown(.grandTotal), withheldCount: hidden.count)
    }

    /// The canonical JSON (sorted keys, fixed layout): what is signed and stored when published.
    /// - Throws: `StoreError.inconsistent` if encoding failed (it holds only strings, integers and nulls).
    public func canonicalJSON() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        do { return try encoder.encode(self) + Data("\n".utf8) } catch {
            throw StoreError.inconsistent("a report could not be encoded")
        }
    }

    /// - Throws: `StoreError.inconsistent` if the stored JSON is not a report.
    public static func decode(_ data: Data) throws -> CommandStaffReport {
        do { return try JSONDecoder().decode(CommandStaffReport.self, from: data) } catch {
            throw StoreError.inconsistent("a published report could not be read")
        }
    }
}

extension PeerLogStore {
    /// Builds the anonymised report. Coordinator only: it opens every form.
    /// Without `from`/`to`, the span of the forms (whole periods) is used.
    public func commandStaffReport(keyring: ProgramKeyring, from: CalendarDate?, to: CalendarDate?,
                                   by: PeriodGrouping = .quarter, dimension: CommandStaffReport.Dimension = .incident,
                                   control: DisclosureControl) throws -> CommandStaffReport {
        // Streamed into per-day counts, so memory does not grow with the number of forms.
        var tally: [DayAndCode: Int] = [:]
        try forEachForm(keyring: keyring) { form in
            let code = dimension == .incident ? form.incident.code : form.intervention.code
            tally[DayAndCode(day: form.serviceTime.localDate, code: code), default: 0] += 1
        }
        let dates = tally.keys.map(\.day)
        let today = ServiceTime.now().localDate
        let start = from ?? dates.min().map { by.start(of: $0) } ?? by.start(of: today)
        // Without an end: the end of the period holding the last form, but never past today.
        let end = try to ?? dates.max().map { last in min(try by.next(after: by.start(of: last)).dayBefore(), max(today, last)) } ?? today
        _ = try DateRange(from: start, to: end)
        guard by.labels(from: start, to: end).count <= CommandStaffReport.maximumPeriods else {
            throw InputError.tooManyPeriods(limit: CommandStaffReport.maximumPeriods)
        }
        let categories: [(code: String, label: String)] = dimension == .incident
            ? IncidentType.allCases.map { ($0.code, $0.shortLabel) }
            : InterventionKind.allCases.map { ($0.code, $0.shortLabel) }
        try recordCoordinatorAction(keyring, action: "command-staff-report")
        return CommandStaffReport.build(tally: tally, categories: categories, program: try programInfo(),
                                        from: start, to: end, by: by, dimension: dimension, control: control)
    }
}

/// A day and a category code: the unit forms are counted in before grouping into periods.
struct DayAndCode: Hashable {
    let day: CalendarDate
    let code: String
}

// Withheld numbers are written as explicit nulls, never left out, so a reader of the JSON sees
// every cell and total of the table.
extension CommandStaffReport.Row {
    enum CodingKeys: String, CodingKey { case code, label, counts, total }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(code, forKey: .code)
        try c.encode(label, forKey: .label)
        try c.encode(counts, forKey: .counts)
        try c.encode(total, forKey: .total)
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
        case format, program, coordinator, from, to, by, dimension, minimumCell, periods, rows, grandTotal, withheldCount, publication
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
        try c.encodeIfPresent(publication, forKey: .publication)
    }
}
