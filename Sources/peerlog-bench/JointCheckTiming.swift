import Foundation
import PeerLog

/// `peerlog-bench joint-check [--years N] [--forms-per-year F]`: how long the joint disclosure
/// check takes with a long ledger. A throw-away program with F forms a year (default 150, a small
/// program: most monthly counts are small) over N years (default 10) gets a publication for every
/// month and every quarter, alternating incident and intervention rows; then a new report is
/// checked against all of them. The figure that must stay under a second is the check alone.
enum JointCheckTiming {
    static func main(_ arguments: [String]) throws {
        var years = 10, perYear = 150
        var rest = arguments[...]
        while let argument = rest.popFirst() {
            guard let value = rest.popFirst().flatMap(Int.init), value >= 1 else { throw BenchError.usage("\(argument) needs a number") }
            switch argument {
            case "--years": years = value
            case "--forms-per-year": perYear = value
            default: throw BenchError.usage("unknown argument '\(argument)'")
            }
        }
        let directory = try makeScratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let today = try CalendarDate(year: 2026, month: 1, day: 5)
        let (store, keyring, advisor) = try makeProgram(at: directory + "/ledger.db", today: today)
        let firstYear = today.year - years
        var generator = SystemRandomNumberGenerator()
        let weights = [1, 2, 3, 1, 1, 2, 14, 6, 5, 2]
        let entries = try (0..<(years * perYear)).map { i -> FormEntry in
            var r = Int.random(in: 0..<weights.reduce(0, +), using: &generator), kind = 0
            while r >= weights[kind] { r -= weights[kind]; kind += 1 }
            let year = firstYear + i / perYear, month = Int.random(in: 1...12, using: &generator), day = Int.random(in: 1...28, using: &generator)
            // Noon at UTC−6 on that day.
            let days = Int64(try CalendarDate(year: year, month: month, day: day).daysSinceEpoch)
            let time = try ServiceTime(epochSeconds: days * 86_400 + 18 * 3600, utcOffsetMinutes: -360)
            return FormEntry(time: time, incident: IncidentType.allCases[kind],
                             intervention: InterventionKind.allCases[Int.random(in: 0..<InterventionKind.allCases.count, using: &generator)])
        }
        try store.file(batch: entries, as: advisor)
        let control = try DisclosureControl()
        var published = 0, refused = 0
        let building = try Timing.measure(items: 1) {
            for year in firstYear..<today.year {
                for month in 1...12 {
                    let from = try CalendarDate(year: year, month: month, day: 1)
                    let to = try CalendarDate(year: year, month: month, day: CalendarDate.daysIn(month: month, year: year))
                    let dimension: CommandStaffReport.Dimension = month % 2 == 0 ? .incident : .intervention
                    var ranges = [(from, to, PeriodGrouping.month, dimension)]
                    if month % 3 == 0 {
                        let quarterStart = try CalendarDate(year: year, month: month - 2, day: 1)
                        ranges.append((quarterStart, to, .quarter, dimension == .incident ? .intervention : .incident))
                    }
                    for (from, to, by, dimension) in ranges {
                        do {
                            let prepared = try store.prepareCommandStaffReport(keyring: keyring, ReportSpecification(
                                from: from, to: to, by: by, dimension: dimension, control: control, asAsked: true), today: today)
                            try store.publish(prepared, keyring: keyring)
                            published += 1
                        } catch is PublicationRefusal {
                            refused += 1
                        }
                    }
                }
            }
        }
        print("joint disclosure check: \(years) years, \(years * perYear) forms, \(published) monthly and quarterly publications "
              + "on the ledger (\(refused) refused as showing nothing new); building the ledger took \(decimal(building.seconds, places: 1)) s")
        let lastYear = today.year - 1
        for (name, from, by) in [("the last year by quarter", try CalendarDate(year: lastYear, month: 1, day: 1), PeriodGrouping.quarter),
                                 ("all \(years) years by year", try CalendarDate(year: firstYear, month: 1, day: 1), .year)] {
            let to = try CalendarDate(year: lastYear, month: 12, day: 31)
            var prepared: PreparedReport?
            var refusal: PublicationRefusal?
            let preparing = try Timing.measure(items: 1) {
                do {
                    prepared = try store.prepareCommandStaffReport(keyring: keyring, ReportSpecification(from: from, to: to, by: by, control: control),
                                                                   today: today)
                } catch let refused as PublicationRefusal {
                    refusal = refused
                }
            }
            guard let prepared else {
                // Which case, not the whole message: it names every earlier publication in the way.
                let why: String
                switch refusal {
                case .conflictsWithEarlier(let publications, _, _)?: why = "it would show nothing new beyond \(publications.count) earlier publication\(publications.count == 1 ? "" : "s")"
                case .nothingToShow?: why = "a small count could not be hidden"
                default: why = refusal.map { "\($0)" } ?? "unknown"
                }
                print("  \(name): refused (\(why)); preparation took \(decimal(preparing.seconds * 1000, places: 0)) ms")
                continue
            }
            var times: [Double] = []
            for _ in 0..<5 {
                times.append(try Timing.measure(items: 1) { try store.checkCommandStaffReport(prepared.report, keyring: keyring, today: today) }.seconds)
            }
            let median = times.sorted()[times.count / 2]
            print("  \(name): joint check \(decimal(median * 1000, places: 0)) ms median of 5 (target < 1000 ms: \(median < 1 ? "met" : "NOT met")); "
                  + "preparing it (every layout tried) \(decimal(preparing.seconds * 1000, places: 0)) ms")
        }
    }
}
