import Foundation
import GRDB
import Testing
@testable import PeerLog
@testable import PeerLogFormat

@Suite("Confidentiality on disk: the raw database never shows who filed what, when, or of what type")
struct ConfidentialityTests {
    /// Every byte pattern that would betray a form filed at `t` of the given type.
    func betrayingPatterns(time t: ServiceTime, incident: IncidentType, intervention: InterventionKind) -> [(String, [UInt8])] {
        let seconds = t.epochSeconds
        let be = (0..<8).reversed().map { UInt8((UInt64(seconds) >> (UInt64($0) * 8)) & 0xFF) }
        let be4 = Array(be.suffix(4))
        return [
            ("incident code", Array(incident.code.utf8)),
            ("intervention code", Array(intervention.code.utf8)),
            ("local date", Array(t.localDate.description.utf8)),
            ("wall-clock time", Array(t.description.dropFirst(11).prefix(5).utf8)),
            ("epoch seconds as text", Array(String(seconds).utf8)),
            ("epoch seconds, 8-byte big-endian", be),
            ("epoch seconds, 8-byte little-endian", be.reversed()),
            ("epoch seconds, 4-byte big-endian", be4),
            ("epoch seconds, 4-byte little-endian", be4.reversed()),
        ]
    }

    @Test func filedFormsLeaveNoPlaintextInTheDatabaseOrItsWAL() throws {
        let program = try TestProgram()
        let ana = try program.enrol("Sgt. Ana Ortiz")
        try program.enrol("Ofc. Ben Carter")
        try program.store.checkpoint()
        let idBefore = occurrences(of: ana.advisorID.bytes, in: rawBytes(program.path))
        let keyBefore = occurrences(of: try program.store.advisor(named: "Sgt. Ana Ortiz").signingPublicKey, in: rawBytes(program.path))

        // Codes chosen because they appear nowhere in the schema or the roster.
        let t = try time("2026-03-14 21:47")
        for _ in 0..<25 { try program.store.file(as: ana, at: t, incident: .deadlyForce, intervention: .mutualAid) }

        let wal = rawBytes(program.path + "-wal")
        #expect(wal.count > 0, "the WAL should hold the new forms before a checkpoint")
        let main = rawBytes(program.path)
        for (what, pattern) in betrayingPatterns(time: t, incident: .deadlyForce, intervention: .mutualAid) {
            #expect(occurrences(of: pattern, in: main) == 0, "database shows \(what)")
            #expect(occurrences(of: pattern, in: wal) == 0, "WAL shows \(what)")
        }
        // Who filed: the advisor's name, id and key are in the roster by design, but filing must
        // not write them again anywhere.
        for (what, pattern) in [("advisor name", Array("Sgt. Ana Ortiz".utf8)), ("advisor id", ana.advisorID.bytes),
                                ("advisor key", try program.store.advisor(named: "Sgt. Ana Ortiz").signingPublicKey)] {
            #expect(occurrences(of: pattern, in: wal) == 0, "WAL shows the \(what)")
        }
        try program.store.checkpoint()
        let after = rawBytes(program.path)
        #expect(occurrences(of: ana.advisorID.bytes, in: after) == idBefore)
        #expect(occurrences(of: try program.store.advisor(named: "Sgt. Ana Ortiz").signingPublicKey, in: after) == keyBefore)
        for (what, pattern) in betrayingPatterns(time: t, incident: .deadlyForce, intervention: .mutualAid) {
            #expect(occurrences(of: pattern, in: after) == 0, "checkpointed database shows \(what)")
        }
        #expect(try program.store.formCount() == 25)
    }

    @Test func usageFormTableHasNoColumnButIdKeyAndBlob() throws {
        let program = try TestProgram()
        let columns = try program.store.read { db in try db.columns(in: "usage_form").map(\.name) }
        #expect(columns == ["form_id", "key_id", "sealed"])
        let tables = try program.store.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        }
        #expect(!tables.contains { $0.contains("note") || $0.contains("client") || $0.contains("member") })
    }

    @Test func databaseFilesArePrivate() throws {
        let program = try TestProgram()
        let ana = try program.enrol("Sgt. Ana Ortiz")
        try program.store.file(as: ana, at: try time("2026-01-02 10:00"), incident: .other, intervention: .oneOnOne)
        for file in [program.path, program.path + "-wal"] {
            let mode = try #require(try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? NSNumber)
            #expect(mode.intValue & 0o077 == 0, "\(file) is readable by others")
        }
    }

    @Test func coordinatorReadsBackExactlyWhatWasFiled() throws {
        let program = try TestProgram()
        let ana = try program.enrol("Sgt. Ana Ortiz")
        let t = try time("2026-03-14 21:47")
        let id = try program.store.file(as: ana, at: t, incident: .deadlyForce, intervention: .mutualAid)
        var seen: [UsageForm] = []
        try program.store.forEachForm(keyring: program.keyring) { seen.append($0) }
        #expect(seen == [UsageForm(id: id, advisorID: ana.advisorID, serviceTime: t, incident: .deadlyForce, intervention: .mutualAid)])
    }
}
