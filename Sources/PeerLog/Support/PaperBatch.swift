import Foundation

/// A backlog of paper usage forms in a CSV file (`peerlog file --batch FILE.csv`): the header
/// `advisor,time,incident,intervention`, then one form per line.
///
/// The CSV accepted is a strict subset of RFC 4180, so that what a spreadsheet wrote is read one
/// way only: UTF-8 (a leading byte-order mark is skipped), lines ending in LF or CRLF, fields
/// separated by commas, each either plain (no `"`, spaces around it ignored) or wholly quoted
/// (`""` for a quote inside). Anything else is refused rather than guessed at: a quote inside a
/// plain field, text after a closing quote, a quoted field running over a line end, a carriage
/// return inside a line, an empty line between forms (empty lines at the end are ignored), a line
/// with other than four fields, a NUL byte.
///
/// Every error names the line and, for a field, the column; none repeats a value, since every
/// value is a form field (threat model: form content is never in an error message).
public struct PaperBatch: Sendable {
    public static let header = ["advisor", "time", "incident", "intervention"]
    /// Large enough for years of a big department's backlog; a file larger is surely not one.
    public static let byteLimit = 4 << 20
    public static let formLimit = 20_000

    /// The forms, in file order.
    public let forms: [PaperForm]
    /// The line of the file each form is on (the header is line 1).
    public let lines: [Int]

    /// Reads and checks every line: the CSV itself, then each field (codes, the time of service
    /// as `file --at` takes it, in `zone`). The advisor is checked against the roster when filing.
    /// - Throws: `PaperBatchError`, naming the first line at fault.
    public init(csv bytes: [UInt8], zone: TimeZone, now: Date = Date()) throws {
        let records = try Self.records(bytes)
        guard let first = records.first, first.fields == Self.header else { throw PaperBatchError.header }
        guard records.count > 1 else { throw PaperBatchError.noForms }
        guard records.count - 1 <= Self.formLimit else { throw PaperBatchError.tooManyForms(limit: Self.formLimit) }
        var forms: [PaperForm] = []
        var lines: [Int] = []
        for record in records.dropFirst() {
            guard record.fields.count == Self.header.count else {
                throw PaperBatchError.fieldCount(line: record.line, count: record.fields.count)
            }
            let advisor = record.fields[0], timeText = record.fields[1]
            func refuse(_ column: String, _ why: String) -> PaperBatchError { .field(line: record.line, column: column, why: why) }
            guard !advisor.isEmpty else { throw refuse("advisor", "is empty") }
            guard !timeText.isEmpty else { throw refuse("time", "is empty (a paper form gives the date and time of service)") }
            let time = try Self.serviceTime(timeText, in: zone, now: now) { refuse("time", $0) }
            guard let incident = IncidentType(rawValue: record.fields[2]) else { throw refuse("incident", "is not an incident code") }
            guard let intervention = InterventionKind(rawValue: record.fields[3]) else {
                throw refuse("intervention", "is not an intervention code")
            }
            forms.append(PaperForm(advisorName: advisor, entry: FormEntry(time: time, incident: incident, intervention: intervention)))
            lines.append(record.line)
        }
        self.forms = forms
        self.lines = lines
    }

    /// The refusal of the store for one form, said with the line and column it came from.
    public func locate(_ refusal: PaperFormRefusal) -> PaperBatchError {
        let line = refusal.index < lines.count ? lines[refusal.index] : refusal.index + 2
        return .field(line: line, column: refusal.column, why: refusal.why)
    }

    /// Parses a time of service as `file --at` does (the program's time zone, or ISO 8601 with an
    /// offset; not in a daylight-saving gap; not in the future, not too far back), saying why
    /// without the value.
    static func serviceTime(_ text: String, in zone: TimeZone, now: Date, refuse: (String) -> PaperBatchError) throws -> ServiceTime {
        let parsed: ServiceTime
        do {
            parsed = try ServiceTime(parsing: text, in: zone)
        } catch InputError.impossibleDate {
            throw refuse("is not a real calendar date and time (or falls in a daylight-saving gap)")
        } catch {
            throw refuse("is not written in a way PeerLog understands (YYYY-MM-DD HH:MM)")
        }
        do { return try parsed.checkedPlausible(now: now) } catch let InputError.badServiceTime(why) { throw refuse(why) }
    }

    // MARK: The CSV subset

    struct Record { let line: Int; let fields: [String] }

    static func records(_ input: [UInt8]) throws -> [Record] {
        var bytes = input[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        guard !bytes.isEmpty else { throw PaperBatchError.header }
        var records: [Record] = []
        var line = 1
        // Split at LF; a final LF ends the last line rather than starting an empty one, and empty
        // lines after the last form (an editor's extra Enter) end nothing.
        var rawLines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        while let last = rawLines.last, last.isEmpty || Array(last) == [0x0D] { rawLines.removeLast() }
        for raw in rawLines {
            defer { line += 1 }
            var content = raw
            if content.last == 0x0D { content = content.dropLast() }
            guard !content.contains(0x0D) else { throw PaperBatchError.syntax(line: line, why: "holds a carriage return inside the line") }
            guard !content.contains(0) else { throw PaperBatchError.syntax(line: line, why: "holds a NUL byte") }
            guard let text = String(validating: content, as: UTF8.self) else {
                throw PaperBatchError.syntax(line: line, why: "is not UTF-8 text")
            }
            guard !text.isEmpty else { throw PaperBatchError.syntax(line: line, why: "is empty (remove empty lines)") }
            records.append(Record(line: line, fields: try fields(of: text, line: line)))
        }
        return records
    }

    /// The fields of one line. A quoted field cannot run over a line end (no form field holds one),
    /// so a line is always one record and line numbers are the file's.
    static func fields(of text: String, line: Int) throws -> [String] {
        var fields: [String] = []
        var scalars = text.unicodeScalars[...]
        while true {
            if scalars.first == "\"" {
                scalars = scalars.dropFirst()
                var value = String.UnicodeScalarView()
                var closed = false
                while let c = scalars.first {
                    scalars = scalars.dropFirst()
                    if c == "\"" {
                        if scalars.first == "\"" { value.append("\""); scalars = scalars.dropFirst(); continue }
                        closed = true
                        break
                    }
                    value.append(c)
                }
                guard closed else { throw PaperBatchError.syntax(line: line, why: "has a quoted field that is not closed on the same line") }
                fields.append(String(value))
                guard let next = scalars.first else { return fields }
                guard next == "," else { throw PaperBatchError.syntax(line: line, why: "has text after a closing quote (column \(fields.count))") }
                scalars = scalars.dropFirst()
            } else {
                let end = scalars.firstIndex(of: ",") ?? scalars.endIndex
                let value = String(String.UnicodeScalarView(scalars[..<end]))
                guard !value.contains("\"") else {
                    throw PaperBatchError.syntax(line: line, why: "has a quote inside a field that does not start with one (column \(fields.count + 1))")
                }
                fields.append(value.trimmingCharacters(in: CharacterSet(charactersIn: " \t")))
                guard end < scalars.endIndex else { return fields }
                scalars = scalars[scalars.index(after: end)...]
            }
        }
    }
}

/// A paper-form batch file that cannot be read as one: which line, which column, and why, never
/// what the line says. Exit 65 (bad data).
public enum PaperBatchError: PeerLogError, Equatable {
    case header
    case noForms
    case tooManyForms(limit: Int)
    case syntax(line: Int, why: String)
    case fieldCount(line: Int, count: Int)
    case field(line: Int, column: String, why: String)

    public var description: String {
        switch self {
        case .header: return "line 1 of the batch file is not the header \(PaperBatch.header.joined(separator: ","))"
        case .noForms: return "the batch file holds no forms after its header"
        case let .tooManyForms(limit): return "the batch file holds more than \(limit) forms"
        case let .syntax(line, why): return "line \(line) of the batch file \(why)"
        case let .fieldCount(line, count): return "line \(line) of the batch file has \(count) field\(count == 1 ? "" : "s"); expected 4 (\(PaperBatch.header.joined(separator: ",")))"
        case let .field(line, column, why): return "line \(line), column \(column): the \(column) \(why)"
        }
    }

    public var hint: String? {
        switch self {
        case .header, .fieldCount, .syntax:
            return "one form per line: advisor,time,incident,intervention (time as YYYY-MM-DD HH:MM); put a name holding a comma in double quotes"
        case let .field(_, column, _) where column == "incident" || column == "intervention":
            return "'peerlog types' lists the codes"
        case let .field(_, column, _) where column == "advisor":
            return "'peerlog advisor list' shows the roster; a retired advisor's paper forms are entered only for days up to their retirement"
        case .tooManyForms: return "split it into several files"
        default: return nil
        }
    }

    public var exitStatus: ExitStatus { .invalidData }
}
