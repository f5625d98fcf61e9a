import Foundation
import Testing
@testable import PeerLog
@testable import PeerLogFormat

@Suite("Input validation: only names, codes and real times get in")
struct InputValidationTests {
    let central = TimeZone(secondsFromGMT: -6 * 3600)!

    @Test func acceptsLocalAndISOTimes() throws {
        let local = try ServiceTime(parsing: "2026-03-14 09:30", in: central)
        #expect(local.description == "2026-03-14 09:30-06:00")
        let iso = try ServiceTime(parsing: "2026-03-14T15:30Z", in: central)
        #expect(iso.epochSeconds == local.epochSeconds)
        #expect(iso.utcOffsetMinutes == 0)
        let offset = try ServiceTime(parsing: "2026-03-14T10:30:00-05:00", in: central)
        #expect(offset.epochSeconds == local.epochSeconds)
        #expect(try ServiceTime(parsing: "2024-02-29 00:00", in: central).localDate.description == "2024-02-29")
    }

    @Test("malformed and impossible times are refused",
          arguments: ["2026-02-30 10:00", "2025-02-29 10:00", "2026-13-01 10:00", "2026-04-31 10:00", "2026-03-14 24:00",
                      "2026-03-14 10:60", "2026-03-14", "14/03/2026 10:00", "2026-3-14 10:00", "yesterday", "",
                      "2026-03-14 10:00 +01:00", "2026-03-14T10:00+15:00", "２０２６-03-14 10:00", "2026-03-14\u{0}10:00"])
    func badTimes(text: String) {
        #expect(throws: InputError.self) { try ServiceTime(parsing: text, in: central) }
    }

    @Test func skippedDaylightSavingHourIsRefused() throws {
        let chicago = try #require(TimeZone(identifier: "America/Chicago"))
        #expect(throws: InputError.self) { try ServiceTime(parsing: "2026-03-08 02:30", in: chicago) }
        #expect(try ServiceTime(parsing: "2026-03-08 03:30", in: chicago).utcOffsetMinutes == -300)
    }

    @Test func futureMoreThanADayIsRefusedButBackDatingIsNot() throws {
        let now = Date(timeIntervalSince1970: 1_780_000_000)
        let soon = try ServiceTime(epochSeconds: 1_780_000_000 - 1_780_000_000 % 60 + 3600, utcOffsetMinutes: 0)
        _ = try soon.checkedNotFuture(now: now, original: "soon")
        let later = try ServiceTime(epochSeconds: 1_780_000_000 - 1_780_000_000 % 60 + 2 * 86_400, utcOffsetMinutes: 0)
        #expect(throws: InputError.futureDate("later")) { try later.checkedNotFuture(now: now, original: "later") }
        _ = try ServiceTime(parsing: "2019-01-01 08:00", in: central).checkedNotFuture(now: now, original: "old")
    }

    @Test func calendarDates() throws {
        #expect(try CalendarDate(parsing: "2026-12-31").description == "2026-12-31")
        for bad in ["2026-02-29", "2026-00-10", "26-01-01", "2026-01-1", "2026/01/01", "1969-12-31"] {
            #expect(throws: InputError.self) { try CalendarDate(parsing: bad) }
        }
        let d = try CalendarDate(year: 2028, month: 2, day: 29)
        #expect(CalendarDate(daysSinceEpoch: d.daysSinceEpoch) == d)
        #expect(throws: InputError.self) { try DateRange(from: CalendarDate(parsing: "2026-02-01"), to: CalendarDate(parsing: "2026-01-01")) }
    }

    @Test("names hold names and nothing else",
          arguments: ["", "   ", "Ann\nLee", "Ann\u{0}Lee", "Ann\u{202E}Lee", "Ann; DROP TABLE advisor", "Saw J.D. at 3pm: talked about divorce!",
                      "Ann <b>Lee</b>", "Ann 🙂 Lee", String(repeating: "a", count: 65), "Ann\tLee"])
    func badNames(text: String) {
        #expect(throws: InputError.self) { try PersonName(text, field: "advisor name") }
    }

    @Test func goodNamesAreNormalised() throws {
        #expect(try PersonName("  Sgt.  Ana   Ortiz ").value == "Sgt. Ana Ortiz")
        #expect(try PersonName("Zoë O’Brien-Łukasz").value == "Zoë O’Brien-Łukasz")
        #expect(try PersonName("Ann Lee").lookupKey == PersonName("ANN LEE").lookupKey)
        #expect(try PersonName(String(repeating: "a", count: 64)).value.count == 64)
    }

    @Test func codesAreAVocabularyNotText() throws {
        #expect(try IncidentType(code: "deadly-force") == .deadlyForce)
        #expect(throws: InputError.unknownIncident("Deadly-Force")) { try IncidentType(code: "Deadly-Force") }
        #expect(throws: InputError.self) { try InterventionKind(code: "one-on-one talked about X") }
        #expect(IncidentType.allCases.count == 10)
        #expect(InterventionKind.allCases.count == 7)
        #expect(TrainingTopic.allCases.count == 5)
        for code in IncidentType.allCases.map(\.code) + InterventionKind.allCases.map(\.code) {
            #expect(code.utf8.count <= SealedForm.maximumCodeLength)
            #expect(code.allSatisfy { $0 == "-" || ("a"..."z").contains($0) })
        }
    }

    @Test func errorMessagesDoNotEchoControlCharacters() {
        let message = InputError.unknownAdvisor("evil\u{1B}[2Jname").description
        #expect(!message.contains("\u{1B}"))
    }
}

/// Names that would be mistaken for each other, and times nobody means.
@Suite("Look-alike names and implausible times are refused")
struct LookalikeAndRangeTests {
    @Test("invisible characters and mixed alphabets are refused",
          arguments: ["Zebul\u{043E}n", "Ana\u{200D} Ortiz", "Ana\u{FE0F} Ortiz", "A\u{034F}na Ortiz", "\u{3164}Ana", "Ana \u{0391}rtiz"])
    func hiddenOrMixed(text: String) {
        #expect(throws: InputError.self) { try PersonName(text, field: "advisor name") }
    }

    @Test("one script, or the scripts a language writes together, are fine",
          arguments: ["Zebulon", "Зебулон", "Ζεβουλών", "山田 さくら", "田中 カナ", "김 민준", "José Ortiz-Nuñez", "O'Brien Jr."])
    func singleScript(text: String) throws {
        #expect(try PersonName(text).value == text.precomposedStringWithCanonicalMapping)
    }

    @Test func aNameThatLooksLikeAnEnrolledOneIsRefused() throws {
        let program = try TestProgram()
        try program.enrol("Kaye Coop")
        try program.enrol("Ofc. Dee Burns")
        for twin in ["Кауе Соор", "Ofc. Dee Bums", "KAYE COOP"] {
            #expect(throws: InputError.self, "\(twin)") {
                try program.store.addAdvisor(name: twin, passphrase: secret(TestProgram.passphrase(of: twin)), authority: program.keyring,
                                             kdf: .minimum, today: TestProgram.today)
            }
        }
        #expect(try program.store.roster().count == 2)
        _ = try program.store.grantAccess(to: "Chief Lee", authority: program.keyring, today: TestProgram.today)
        #expect(throws: InputError.confusableName(field: "name", with: "Chief Lee")) {
            try program.store.grantAccess(to: "Chief Iee", authority: program.keyring, today: TestProgram.today)
        }
    }

    @Test func timesOfServiceMoreThanTenYearsBackOrADayAheadAreNotFiled() throws {
        let program = try TestProgram()
        let ana = try program.enrol("Sgt. Ana Ortiz")
        let now = Date()
        let tooOld = try ServiceTime(epochSeconds: Int64(now.timeIntervalSince1970) / 60 * 60 - 11 * 366 * 86_400, utcOffsetMinutes: 0)
        let epoch = try ServiceTime(epochSeconds: 0, utcOffsetMinutes: 0)
        let ahead = try ServiceTime(epochSeconds: Int64(now.timeIntervalSince1970) / 60 * 60 + 3 * 86_400, utcOffsetMinutes: 0)
        for time in [tooOld, epoch, ahead] {
            #expect(throws: InputError.self) { try program.store.file(as: ana, at: time, incident: .other, intervention: .oneOnOne) }
        }
        let nineYears = try ServiceTime(epochSeconds: Int64(now.timeIntervalSince1970) / 60 * 60 - 9 * 365 * 86_400, utcOffsetMinutes: 0)
        try program.store.file(as: ana, at: nineYears, incident: .other, intervention: .oneOnOne)
        #expect(try program.store.formCount() == 1)
    }

    @Test func periodsReachTheLastDayPeerLogCanNameWithoutTrapping() throws {
        let last = try CalendarDate(parsing: "9999-12-31")
        for grouping in PeriodGrouping.allCases {
            #expect(grouping.end(of: last) == last)
            #expect(grouping.next(after: grouping.start(of: last)) == nil)
            #expect(grouping.labels(from: try CalendarDate(parsing: "9999-01-01"), to: last).last == grouping.label(for: last))
        }
    }
}
