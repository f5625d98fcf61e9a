import Testing
@testable import PeerLog
@testable import PeerLogFormat

@Suite("The coordinator's report counts exactly what was filed")
struct CoordinatorReportTests {
    @Test func countsByPeriodTypeAndAdvisor() throws {
        let program = try TestProgram()
        let ana = try program.enrol("Sgt. Ana Ortiz"), ben = try program.enrol("Ofc. Ben Carter")
        let filings: [(AdvisorCredential, String, IncidentType, InterventionKind)] = [
            (ana, "2026-01-02 10:00", .traumaticEvent, .oneOnOne), (ana, "2026-01-20 23:59", .traumaticEvent, .oneOnOne),
            (ben, "2026-02-01 00:00", .deadlyForce, .groupSupport), (ben, "2026-04-01 08:00", .other, .referral),
            (ana, "2025-12-31 23:59", .other, .referral)]
        for (who, when, incident, intervention) in filings {
            try program.store.file(as: who, at: try time(when), incident: incident, intervention: intervention)
        }
        let quarterly = try program.store.coordinatorReport(keyring: program.keyring, grouping: .quarter)
        #expect(quarterly.total == 5)
        #expect(quarterly.byType.map { "\($0.period) \($0.incident.code) \($0.intervention.code) \($0.count)" } == [
            "2025-Q4 other referral 1", "2026-Q1 deadly-force group-support 1", "2026-Q1 traumatic-event one-on-one 2",
            "2026-Q2 other referral 1"])
        #expect(quarterly.byAdvisor.map { "\($0.period) \($0.advisor) \($0.count)" } == [
            "2025-Q4 Sgt. Ana Ortiz 1", "2026-Q1 Ofc. Ben Carter 1", "2026-Q1 Sgt. Ana Ortiz 2", "2026-Q2 Ofc. Ben Carter 1"])

        let january = try program.store.coordinatorReport(
            keyring: program.keyring, range: DateRange(from: CalendarDate(parsing: "2026-01-01"), to: CalendarDate(parsing: "2026-01-31")),
            grouping: .month)
        #expect(january.total == 2)
        #expect(january.byType.map(\.period) == ["2026-01"])
        #expect(try program.store.coordinatorReport(keyring: program.keyring, grouping: .year).byAdvisor.map(\.count) == [1, 2, 2])
    }

    @Test func renderersAgree() throws {
        let program = try TestProgram()
        let ana = try program.enrol("Sgt. Ana Ortiz")
        try program.store.file(as: ana, at: try time("2026-02-03 10:00"), incident: .criticalIncident, intervention: .groupSupport)
        let report = try program.store.coordinatorReport(keyring: program.keyring, grouping: .month)
        #expect(report.rendered(as: .csv) == """
            section,period,incident,intervention,advisor,count
            type,2026-02,critical-incident,group-support,,1
            advisor,2026-02,,,Sgt. Ana Ortiz,1

            """)
        #expect(report.rendered(as: .json).contains("\"total\": 1"))
        #expect(report.rendered(as: .text).contains("Forms: 1."))
    }
}
