import Foundation
import GRDB
import Testing
@testable import PeerLog
@testable import PeerLogFormat

/// `maintain`, as a timer runs it month after month: it keeps only its own newest backups and never
/// touches anything else in the folder, applies retention with the coordinator's key, and names
/// what needs a person.
@Suite("maintain: rotation that touches only its own backups, retention, reminders")
struct MaintainTests {
    @Test func rotationKeepsTheNewestOfItsOwnBackupsAndNothingElseIsTouched() throws {
        let program = try TestProgram()
        let folder = program.directory + "/backups", elsewhere = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: elsewhere) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        // What a person keeps there: a note, a hand-made backup, and a link named like maintain's.
        #expect(FileManager.default.createFile(atPath: folder + "/notes.txt", contents: Data("mine".utf8)))
        #expect(FileManager.default.createFile(atPath: folder + "/peerlog-2026.db", contents: Data("hand-made".utf8)))
        #expect(FileManager.default.createFile(atPath: elsewhere + "/theirs.db", contents: Data("theirs".utf8)))
        try FileManager.default.createSymbolicLink(atPath: folder + "/peerlog-20200101T000000Z.db", withDestinationPath: elsewhere + "/theirs.db")
        for day in 1...3 {
            let report = try program.store.maintain(backupDirectory: folder, keep: 2, keyring: nil, today: TestProgram.today,
                                                    now: Date(timeIntervalSince1970: 1_767_225_600 + Double(day) * 86_400))
            #expect(report.problems.isEmpty && report.attention.isEmpty, "\(report)")
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        #expect(names == ["notes.txt", "peerlog-2026.db", "peerlog-20200101T000000Z.db", "peerlog-20260103T000000Z.db", "peerlog-20260104T000000Z.db"].sorted(),
                "\(names)")
        #expect(FileManager.default.contents(atPath: elsewhere + "/theirs.db") == Data("theirs".utf8))
        #expect(try PeerLogStore(openingExisting: folder + "/peerlog-20260104T000000Z.db").verify(keyring: nil).isSound)
    }

    @Test(arguments: ["peerlog-20260104T000000Z.db", "peerlog-2026010T4000000Z.db", "peerlog-20260104T00000aZ.db", "peerlog-20260104T000000Z.db.old",
                      "xpeerlog-20260104T000000Z.db"])
    func onlyExactNamesAreMaintainsOwn(name: String) {
        #expect(BackupRotation.isMaintainBackup(name) == (name == "peerlog-20260104T000000Z.db"))
    }

    @Test func theCoordinatorsRunPurgesAndNamesWhatWaits() throws {
        let program = try TestProgram()
        let ana = try program.enrol("Sgt. Ana Ortiz")
        try program.store.file(as: ana, at: try time("2020-03-01 10:00"), incident: .other, intervention: .oneOnOne)
        try program.store.file(as: ana, at: try time("2026-01-02 10:00"), incident: .other, intervention: .oneOnOne)
        try program.store.setRetention(months: 36, keyring: program.keyring)
        try program.store.setTrainingInterval(months: 12, keyring: program.keyring)
        _ = try program.store.requestReport(by: program.commandStaff(), from: try CalendarDate(parsing: "2025-01-01"),
                                            to: try CalendarDate(parsing: "2025-12-31"), grouping: .quarter)
        let report = try program.store.maintain(backupDirectory: program.directory + "/backups", keep: 3, keyring: program.keyring,
                                                today: TestProgram.today)
        #expect(report.problems.isEmpty)
        #expect(report.done.contains { $0.contains("purged 1 form") }, "\(report.done)")
        #expect(try program.store.formCount() == 1)
        #expect(report.attention.contains { $0.contains("report request #1") }, "\(report.attention)")
        // Never trained on any of the five topics, with an interval set: five reminders.
        #expect(report.attention.filter { $0.hasPrefix("Sgt. Ana Ortiz:") }.count == TrainingTopic.allCases.count)
        #expect(!report.isQuiet)
    }

    @Test func aDamagedDatabaseStopsBeforeAnyBackupOrPurge() throws {
        let program = try TestProgram()
        let ana = try program.enrol("Sgt. Ana Ortiz")
        try program.store.file(as: ana, at: try time("2020-03-01 10:00"), incident: .other, intervention: .oneOnOne)
        try program.store.setRetention(months: 36, keyring: program.keyring)
        // Someone with the file removes a filing from the audit trail.
        try program.store.write { db in
            try db.execute(sql: "DROP TRIGGER audit_event_no_update")
            try db.execute(sql: "UPDATE audit_event SET outcome = 'denied' WHERE seq = 1")
        }
        let folder = program.directory + "/backups"
        let report = try program.store.maintain(backupDirectory: folder, keep: 3, keyring: program.keyring, today: TestProgram.today)
        #expect(!report.problems.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: folder), "a damaged database was backed up")
        #expect(try program.store.formCount() == 1, "forms were purged during an incident")
    }
}
