import Foundation
import GRDB

/// How often each advisor is trained again on each SOG 2-13 IV.A.2 topic, and who is due. The
/// interval is the signed setting `training-interval-months`; with none set, nothing is ever
/// due, and only topics never trained are shown.
public enum TrainingCycle {
    static let setting = "training-interval-months"

    /// An interval as people write it: `12m`, `2y`, or `off`. At most 10 years.
    /// - Returns: months, or nil for `off`.
    /// - Throws: `TrainingIntervalError.malformed`.
    public static func parseInterval(_ text: String) throws -> Int? {
        let t = text.lowercased()
        if t == "off" || t == "none" { return nil }
        guard let unit = t.last, "ym".contains(unit), t.count <= 4, let n = Int(t.dropLast()), n > 0 else {
            throw TrainingIntervalError.malformed(text)
        }
        let months = unit == "y" ? n * 12 : n
        guard months <= 120 else { throw TrainingIntervalError.malformed(text) }
        return months
    }

    /// `12m` or `2y`, as `parseInterval` reads it back.
    public static func describe(months: Int) -> String { months % 12 == 0 ? "\(months / 12)y" : "\(months)m" }

    /// The day `months` after `day`; the last day of the month when that month is shorter
    /// (trained on 31 January, due on the last day of February).
    public static func adding(months: Int, to day: CalendarDate) -> CalendarDate {
        let total = day.year * 12 + (day.month - 1) + months
        let year = total / 12, month = total % 12 + 1
        return CalendarDate(validYear: year, month: month, day: min(day.day, CalendarDate.daysIn(month: month, year: year)))
    }

    /// The state of one topic for one advisor on `today`: never trained; current; due (from one
    /// month before the due day through the due day itself); overdue (the day after).
    public static func state(lastTrained: CalendarDate?, months: Int?, today: CalendarDate) -> TrainingStatus.State {
        guard let lastTrained else { return .never }
        guard let months else { return .current }
        let due = adding(months: months, to: lastTrained)
        if today > due { return .overdue }
        return today >= adding(months: -1, to: due) ? .due : .current
    }
}

/// One advisor's standing on one IV.A.2 topic.
public struct TrainingStatus: Sendable, Hashable {
    public enum State: String, Sendable, Hashable {
        case current, due, overdue, never
        /// Whether a person needs to act: overdue, or never trained.
        public var needsTraining: Bool { self == .overdue || self == .never }
    }

    public let advisor: String
    public let topic: TrainingTopic
    public let lastTrained: CalendarDate?
    /// Nil when never trained or no interval is set.
    public let due: CalendarDate?
    public let state: State
}

/// A training interval that cannot be read.
public enum TrainingIntervalError: PeerLogError, Equatable {
    case malformed(String)

    public var description: String {
        switch self {
        // The text itself is not echoed: it may hold anything a terminal would act on.
        case .malformed: return "that is not a training interval"
        }
    }

    public var hint: String? { "write it like 12m or 2y (at most 10y), or off" }
    public var exitStatus: ExitStatus { .usage }
}

extension PeerLogStore {
    /// The training interval in months; nil when none is set.
    public func trainingIntervalMonths() throws -> Int? {
        try read { db in try String.fetchOne(db, sql: "SELECT value FROM setting WHERE name = ?", arguments: [TrainingCycle.setting]).flatMap(Int.init) }
    }

    /// Sets or clears the training interval; the setting is signed by the program root.
    public func setTrainingInterval(months: Int?, keyring: ProgramKeyring) throws {
        try rootedWrite(keyring, action: "settings-training-interval") { db in
            if let months {
                let value = String(months)
                let signature = try keyring.root.sign(RootSigned.settingEntry(programID: keyring.programID, name: TrainingCycle.setting, value: value))
                try db.execute(sql: "INSERT OR REPLACE INTO setting (name, value, signature) VALUES (?, ?, ?)",
                               arguments: [TrainingCycle.setting, value, Data(signature)])
            } else {
                try db.execute(sql: "DELETE FROM setting WHERE name = ?", arguments: [TrainingCycle.setting])
            }
        }
    }

    /// Every active advisor × every IV.A.2 topic, in roster and topic order, on `today`.
    public func trainingStatus(today: CalendarDate) throws -> [TrainingStatus] {
        let months = try trainingIntervalMonths()
        return try roster().filter { $0.status == .active }.flatMap { advisor in
            TrainingTopic.allCases.map { topic in
                let last = advisor.training.filter { $0.topic == topic }.map(\.on).max()
                return TrainingStatus(advisor: advisor.name, topic: topic, lastTrained: last,
                                      due: zip2(last, months).map { TrainingCycle.adding(months: $0.1, to: $0.0) },
                                      state: TrainingCycle.state(lastTrained: last, months: months, today: today))
            }
        }
    }
}

private func zip2<A, B>(_ a: A?, _ b: B?) -> (A, B)? {
    guard let a, let b else { return nil }
    return (a, b)
}
