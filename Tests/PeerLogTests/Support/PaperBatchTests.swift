import Foundation
import Testing
@testable import PeerLog
@testable import PeerLogFormat

/// The paper-form batch file: a strict subset of RFC 4180, read one way only; every refusal names
/// the line and column and never repeats a value (each value is a form field).
@Suite("Paper batch files: strict CSV, errors by line and column, never by value")
struct PaperBatchTests {
    static let zone = TimeZone(identifier: "America/Chicago")!
    static let now = Date(timeIntervalSince1970: 1_780_000_000) // 2026-05-28
    static let header = "advisor,time,incident,intervention"

    func parse(_ text: String) throws -> PaperBatch {
        try PaperBatch(csv: Array(text.utf8), zone: Self.zone, now: Self.now)
    }

    func refusal(_ text: String) -> PaperBatchError? {
        do { _ = try parse(text); return nil } catch let error as PaperBatchError { return error } catch { return nil }
    }

    @Test func plainQuotedAndCRLFLinesAreRead() throws {
        let batch = try parse("\u{FEFF}" + Self.header + "\r\n"
            + "Sgt. Ana Ortiz,2026-01-02 10:00,critical-incident,group-support\r\n"
            + "\"Ortiz, Ana\", 2026-01-03 11:15 ,other,\"one-on-one\"\n"
            + "\"O\"\"Brien\",2026-01-04T09:00-06:00,other,referral\r\n\n\r\n")
        #expect(batch.forms.map(\.advisorName) == ["Sgt. Ana Ortiz", "Ortiz, Ana", "O\"Brien"])
        #expect(batch.lines == [2, 3, 4])
        #expect(batch.forms[0].entry.incident == .criticalIncident)
        #expect(batch.forms[1].entry.intervention == .oneOnOne)
        #expect(batch.forms[0].entry.time.description == "2026-01-02 10:00-06:00")
        #expect(batch.forms[2].entry.time.description == "2026-01-04 09:00-06:00")
    }

    @Test("what is ambiguous or wrong is refused, naming the line",
          arguments: [
              ("", PaperBatchError.header),
              ("advisor,incident,time,intervention\n", .header),
              (header + "\n", .noForms),
              (header + "\nSgt. Ana Ortiz,2026-01-02 10:00,other\n", .fieldCount(line: 2, count: 3)),
              (header + "\nSgt. Ana Ortiz,2026-01-02 10:00,other,referral,extra\n", .fieldCount(line: 2, count: 5)),
              (header + "\n\nSgt. Ana Ortiz,2026-01-02 10:00,other,referral\n", .syntax(line: 2, why: "is empty (remove empty lines)")),
              (header + "\nSgt. \"Ana\" Ortiz,2026-01-02 10:00,other,referral\n",
               .syntax(line: 2, why: "has a quote inside a field that does not start with one (column 1)")),
              (header + "\n\"Sgt. Ana\" Ortiz,2026-01-02 10:00,other,referral\n", .syntax(line: 2, why: "has text after a closing quote (column 1)")),
              (header + "\n\"Sgt. Ana Ortiz,2026-01-02 10:00,other,referral\n",
               .syntax(line: 2, why: "has a quoted field that is not closed on the same line")),
              (header + "\nSgt. Ana\rOrtiz,2026-01-02 10:00,other,referral\n", .syntax(line: 2, why: "holds a carriage return inside the line")),
              (header + "\nSgt. Ana Ortiz,2026-01-02 10:00,other,referral\0\n", .syntax(line: 2, why: "holds a NUL byte")),
              (header + "\n,2026-01-02 10:00,other,referral\n", .field(line: 2, column: "advisor", why: "is empty")),
              (header + "\nSgt. Ana Ortiz,,other,referral\n",
               .field(line: 2, column: "time", why: "is empty (a paper form gives the date and time of service)")),
              (header + "\nSgt. Ana Ortiz,2026-01-02 10:00,other,referral\nSgt. Ana Ortiz,2026-01-02 10:00,Other,referral\n",
               .field(line: 3, column: "incident", why: "is not an incident code")),
              (header + "\nSgt. Ana Ortiz,2026-01-02 10:00,other,coffee\n", .field(line: 2, column: "intervention", why: "is not an intervention code")),
              (header + "\nSgt. Ana Ortiz,02/01/2026 10:00,other,referral\n",
               .field(line: 2, column: "time", why: "is not written in a way PeerLog understands (YYYY-MM-DD HH:MM)")),
              (header + "\nSgt. Ana Ortiz,2026-03-08 02:30,other,referral\n",
               .field(line: 2, column: "time", why: "is not a real calendar date and time (or falls in a daylight-saving gap)")),
              (header + "\nSgt. Ana Ortiz,2026-06-28 10:00,other,referral\n", .field(line: 2, column: "time", why: "is more than a day in the future")),
              (header + "\nSgt. Ana Ortiz,2006-01-02 10:00,other,referral\n", .field(line: 2, column: "time", why: "is more than 10 years ago")),
          ] as [(String, PaperBatchError)])
    func refused(text: String, expected: PaperBatchError) throws {
        let got = refusal(text)
        #expect(got == expected)
        #expect(got?.exitStatus == .invalidData)
        // Never a value: no name, code or time from the file is in the message.
        let message = got?.description ?? ""
        let leaked = ["Ana", "Ortiz", "coffee", "Other", "2026-", "2006", "02/01", "extra"].filter { message.range(of: $0) != nil }
        #expect(leaked.isEmpty, "\(leaked) in \(message)")
    }

    @Test func invalidUTF8IsRefusedByLine() {
        var bytes = Array((Self.header + "\nSgt. Ana Ortiz,2026-01-02 10:00,other,referral\n").utf8)
        bytes.insert(0xFF, at: bytes.count - 5)
        #expect(throws: PaperBatchError.syntax(line: 2, why: "is not UTF-8 text")) {
            try PaperBatch(csv: bytes, zone: Self.zone, now: Self.now)
        }
    }

    @Test func aStoreRefusalIsSaidWithItsLine() throws {
        let batch = try parse(Self.header + "\nSgt. Ana Ortiz,2026-01-02 10:00,other,referral\nSgt. Nobody,2026-01-02 10:00,other,referral\n")
        let said = batch.locate(PaperFormRefusal(index: 1, reason: .unknownAdvisor))
        #expect(said == .field(line: 3, column: "advisor", why: "is not the name of an advisor on the roster"))
        #expect(said.description == "line 3, column advisor: the advisor is not the name of an advisor on the roster")
    }

    @Test func theFileIsReadOnlyUnderItsOwnName() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/paper.csv"
        try Data((Self.header + "\n").utf8).write(to: URL(fileURLWithPath: path))
        #expect(try PrivateFileReading.contents(of: path, limit: 1024) { _ in } == Array((Self.header + "\n").utf8))
        try FileManager.default.createSymbolicLink(atPath: directory + "/link.csv", withDestinationPath: path)
        #expect(throws: PrivateFileReading.Failure.symbolicLink(path: directory + "/link.csv")) {
            try PrivateFileReading.contents(of: directory + "/link.csv", limit: 1024) { _ in }
        }
        #expect(throws: PrivateFileReading.Failure.tooLarge(path: path, limit: 16)) {
            try PrivateFileReading.contents(of: path, limit: 16) { _ in }
        }
        #expect(throws: PrivateFileReading.Failure.notARegularFile(path: directory)) {
            try PrivateFileReading.contents(of: directory, limit: 1024) { _ in }
        }
        var warnings: [String] = []
        chmod(path, 0o644)
        _ = try PrivateFileReading.contents(of: path, limit: 1024) { warnings.append($0) }
        #expect(warnings.count == 1)
    }
}
