/// What may be published: whole calendar months that have ended (docs/DISCLOSURE-CONTROL.md). On
/// that grid the finest split any publication makes is a month, so the joint check models one
/// unknown per code and month; and a month that has ended is one whose forms are in, so later
/// reports of it give the same counts.
enum PublicationRules {
    /// The first day of the month holding `date`.
    static func monthStart(_ date: CalendarDate) -> CalendarDate {
        (try? CalendarDate(year: date.year, month: date.month, day: 1)) ?? date
    }

    /// The last day of the month holding `date`.
    static func monthEnd(_ date: CalendarDate) -> CalendarDate {
        (try? CalendarDate(year: date.year, month: date.month, day: CalendarDate.daysIn(month: date.month, year: date.year))) ?? date
    }

    /// The last day of the last month that has ended by `today`.
    static func lastEndedDay(today: CalendarDate) -> CalendarDate {
        (try? monthStart(today).dayBefore()) ?? today
    }

    /// - Throws: `PublicationRefusal.notWholeMonths` or `.periodNotEnded`.
    static func check(from: CalendarDate, to: CalendarDate, today: CalendarDate) throws {
        guard from.day == 1, to == monthEnd(to) else {
            throw PublicationRefusal.notWholeMonths(from: from.description, to: to.description,
                                                    suggestedFrom: monthStart(from).description, suggestedTo: monthEnd(to).description)
        }
        let ended = lastEndedDay(today: today)
        guard !(ended < to) else {
            throw PublicationRefusal.periodNotEnded(to: to.description, lastEnded: ended.description)
        }
    }

    /// The period a report covers when `--from` or `--to` is left out: from the first day of the
    /// period (of `grouping`) holding the earliest form, to the last day of the last whole period
    /// holding forms that has ended.
    /// - Throws: `PublicationRefusal.nothingEnded` when no such period exists yet.
    static func defaultRange(from: CalendarDate?, to: CalendarDate?, grouping: PeriodGrouping, firstForm: CalendarDate?,
                             lastForm: CalendarDate?, today: CalendarDate) throws -> (from: CalendarDate, to: CalendarDate) {
        let ended = lastEndedDay(today: today)
        let start = from ?? grouping.start(of: firstForm ?? ended)
        var end: CalendarDate
        if let to {
            end = to
        } else {
            // The end of the period holding the last form, or of the last period that has ended.
            let last = min(lastForm ?? ended, ended)
            end = grouping.end(of: last)
            if ended < end { end = (try? grouping.start(of: last).dayBefore()) ?? ended }
        }
        guard !(end < start) else { throw PublicationRefusal.nothingEnded(grouping: grouping, lastEnded: ended.description) }
        return (start, end)
    }
}
