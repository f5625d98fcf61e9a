import Foundation
import PeerLog

/// What the advisor sees after filing: the fields as PeerLog understood them, spelled out (the
/// weekday and the time zone included) so that a wrong date or a wrong type is caught at once.
///
/// It deliberately holds nothing that could be matched to the stored form: no form id, no hash,
/// no moment of filing (the database does not record that either). It lives only in memory, for a
/// few minutes, so that a second press of the button can show it again instead of filing twice.
struct FilingReceipt: Sendable, Equatable {
    let advisor: String
    /// "Saturday 10 January 2026, 21:45".
    let when: String
    /// "America/Chicago, UTC-06:00": where `when` is read.
    let zone: String
    let incident: String
    let intervention: String
    /// The time of service is before the program was set up (a paper backlog): said, not refused.
    let backDated: Bool

    init(advisor: String, time: ServiceTime, zone: TimeZone, incident: IncidentType, intervention: InterventionKind,
         programCreatedOn: CalendarDate) {
        self.advisor = advisor
        when = Self.spelledOut(time)
        self.zone = "\(zone.identifier), UTC\(String(time.description.suffix(6)))"
        self.incident = incident.label
        self.intervention = intervention.label
        backDated = time.localDate < programCreatedOn
    }

    static let weekdays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
    static let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                         "October", "November", "December"]

    /// The local date and time of `time`, in words: weekday, day, month, year, hour and minute.
    static func spelledOut(_ time: ServiceTime) -> String {
        let date = time.localDate
        // 1970-01-01 was a Thursday (index 4).
        let weekday = weekdays[((date.daysSinceEpoch + 4) % 7 + 7) % 7]
        let month = months[max(0, min(11, date.month - 1))]
        let clock = String(time.description.dropFirst(11).prefix(5))
        return "\(weekday) \(date.day) \(month) \(date.year), \(clock)"
    }
}
