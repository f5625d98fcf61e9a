import Foundation
import GRDB
import Testing
@testable import PeerLog
@testable import PeerLogFormat

/// Paper forms (issue 17 item 2): a form an advisor handed in, entered by the coordinator or a
/// deputy, signed by the program root and marked as paper inside the sealed body; counted like
/// any other, shown as paper to the coordinator, audited with the role that entered it and no time.
@Suite("Paper forms: entered by the coordinator, signed by the root, counted and shown as paper")
struct PaperFormTests {
    static let ana = "Sgt. Ana Ortiz"

    func paper(_ when: String, for advisor: String = ana, _ incident: IncidentType = .other,
               _ intervention: InterventionKind = .oneOnOne) throws -> PaperForm {
        PaperForm(advisorName: advisor, entry: FormEntry(time: try time(when), incident: incident, intervention: intervention))
    }

    @Test func aPaperFormIsCountedAndShownAsPaper() throws {
        let program = try TestProgram()
        let ana = try program.enrol(Self.ana)
        try program.store.file(as: ana, at: try time("2026-01-02 10:00"), incident: .other, intervention: .oneOnOne)
        let ids = try program.store.fileOnPaper([try paper("2026-01-03 09:30", for: Self.ana, .criticalIncident, .groupSupport)], keyring: program.keyring)
        #expect(ids.count == 1)

        var origins: [Identifier: FormOrigin] = [:]
        try program.store.forEachForm(keyring: program.keyring) { origins[$0.id] = $0.origin }
        #expect(origins.count == 2)
        #expect(origins[ids[0]] == .paper)
        #expect(origins.values.filter { $0 == .advisor }.count == 1)

        let report = try program.store.coordinatorReport(keyring: program.keyring)
        #expect(report.total == 2)
        #expect(report.paper == 1)
        #expect(report.byAdvisor.map { "\($0.advisor) \($0.count) \($0.paper)" } == ["Sgt. Ana Ortiz 2 1"])
        #expect(report.rendered(as: .text).contains("Forms: 2 (1 entered from paper)"))
        #expect(report.rendered(as: .csv).contains("paper,2026-01,,,Sgt. Ana Ortiz,1"))
        #expect(report.rendered(as: .json).contains("\"paper\": 1,"))
        // Every new form is version 3, the advisor's and the paper one alike.
        let versions = try program.store.read { db in
            try Data.fetchAll(db, sql: "SELECT sealed FROM usage_form").map { [UInt8]($0) }
        }.map { sealed -> UInt8 in
            let plain = (try? Padding.unpad(SealedBox.open(sealed, with: program.keyring.keys[1]!), blockSize: SealedForm.paddedLength)) ?? []
            return plain.count > 4 ? plain[4] : 0
        }
        #expect(versions == [3, 3])
    }

    /// Filed with no time, folded at the next coordinator action under the role that entered it.
    @Test func aPaperFormIsAuditedWithTheRoleThatEnteredItAndNoTime() throws {
        let program = try TestProgram()
        try program.enrol(Self.ana)
        try program.store.addDeputy(name: "Lt. Omar Haddad", passphrase: secret(strong("deputy")), authority: program.keyring,
                                    kdf: .minimum, today: TestProgram.today)
        let deputy = try program.store.unlockDeputy(named: "Lt. Omar Haddad", passphrase: secret(strong("deputy")))
        try program.store.fileOnPaper([try paper("2026-01-03 09:30")], keyring: program.keyring)
        try program.store.fileOnPaper([try paper("2026-01-04 09:30"), try paper("2026-01-04 11:00")], keyring: deputy)
        #expect(try program.store.auditEvents().filter { $0.action == "form-filed" }.isEmpty, "filings wait for the coordinator")
        #expect(try program.store.verifyAudit().pending == 3)

        _ = try program.store.unlockProgram(passphrase: program.coordinatorPassphrase)
        let filed = try program.store.auditEvents().filter { $0.action == "form-filed" }
        #expect(filed.count == 3)
        #expect(filed.allSatisfy { $0.at == nil && $0.formHash != nil })
        #expect(filed.filter { $0.role == .coordinator }.count == 1)
        #expect(filed.filter { $0.role == .deputy }.count == 2)
        #expect(try program.store.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM pending_paper_form") } == 0)
        let verification = try program.store.verifyAudit()
        #expect(verification.isIntact)
        #expect(verification.forms == 3)
        #expect(try program.store.verify(keyring: program.keyring).problems.isEmpty)
    }

    @Test func theAdvisorMustBeOnTheRosterAndServingOnTheDay() throws {
        let program = try TestProgram()
        try program.enrol(Self.ana)
        try program.enrol("Ofc. Ben Cole")
        _ = try program.store.retireAdvisor(named: "Ofc. Ben Cole", authority: program.keyring, today: TestProgram.today)
        #expect(throws: PaperFormRefusal(index: 0, reason: .unknownAdvisor)) {
            try program.store.fileOnPaper([try paper("2026-01-03 09:30", for: "Sgt. Nobody Here")], keyring: program.keyring)
        }
        // A retired advisor's backlog up to the day of retirement is entered; after it, not.
        try program.store.fileOnPaper([try paper("2026-01-04 09:30", for: "Ofc. Ben Cole"), try paper("2026-01-05 17:00", for: "ofc. ben cole")],
                                      keyring: program.keyring)
        #expect(throws: PaperFormRefusal(index: 1, reason: .retiredBeforeService)) {
            try program.store.fileOnPaper([try paper("2026-01-06 09:30"), try paper("2026-01-06 09:30", for: "Ofc. Ben Cole")],
                                          keyring: program.keyring)
        }
        #expect(try program.store.formCount() == 2)
    }

    @Test func theTimeOfServiceIsCheckedAsForAnAdvisor() throws {
        let program = try TestProgram()
        try program.enrol(Self.ana)
        let now = try time("2026-06-01 12:00").epochSeconds
        let date = Date(timeIntervalSince1970: TimeInterval(now))
        let refusal = try #require(throws: PaperFormRefusal.self) {
            try program.store.fileOnPaper([try paper("2026-05-01 10:00"), try paper("2026-06-03 10:00")], keyring: program.keyring, now: date)
        }
        #expect(refusal.index == 1)
        #expect(refusal.column == "time")
        #expect(!refusal.description.contains("2026"))
        #expect(throws: PaperFormRefusal.self) {
            try program.store.fileOnPaper([try paper("2015-01-01 10:00")], keyring: program.keyring, now: date)
        }
        #expect(try program.store.formCount() == 0)
    }

    /// All or nothing: one bad form among many leaves nothing filed and the trail as it was.
    @Test func aBatchWithOneBadFormFilesNothing() throws {
        let program = try TestProgram()
        try program.enrol(Self.ana)
        var forms = try (0..<10).map { try paper("2026-01-0\(1 + $0 % 4) 1\($0):00") }
        forms[7] = try paper("2026-01-02 10:00", for: "Sgt. Nobody Here")
        let head = try program.store.auditHead()
        #expect(throws: PaperFormRefusal(index: 7, reason: .unknownAdvisor)) { try program.store.fileOnPaper(forms, keyring: program.keyring) }
        #expect(try program.store.formCount() == 0)
        #expect(try program.store.auditHead().seq == head.seq)
        #expect(try program.store.verifyAudit().pending == 0)
    }

    @Test func aCheckFilesNothing() throws {
        let program = try TestProgram()
        try program.enrol(Self.ana)
        let checked = try program.store.checkPaperForms([try paper("2026-01-02 10:00", for: "sgt. ana ortiz")], keyring: program.keyring)
        #expect(checked.map(\.advisorName) == [Self.ana])
        #expect(try program.store.formCount() == 0)
    }

    @Test func twoHundredPaperFormsAreFiledAtOnce() throws {
        let program = try TestProgram()
        try program.enrol(Self.ana)
        try program.enrol("Ofc. Ben Cole")
        let forms = try (0..<200).map { i in
            try paper("2026-0\(1 + i % 9)-1\(i % 10) 0\(i % 10):\(10 + i % 50)", for: i % 2 == 0 ? Self.ana : "Ofc. Ben Cole",
                      IncidentType.allCases[i % 10], InterventionKind.allCases[i % 7])
        }
        #expect(try program.store.fileOnPaper(forms, keyring: program.keyring).count == 200)
        let report = try program.store.coordinatorReport(keyring: program.keyring)
        #expect(report.total == 200)
        #expect(report.paper == 200)
        #expect(try program.store.verify(keyring: program.keyring).problems.isEmpty)
    }
}
