/// Why a report cannot be previewed or published as asked, with what would work instead. Messages
/// name periods, codes and earlier publications, never a count (the coordinator may read them
/// aloud to command staff) and never a form.
public enum PublicationRefusal: PeerLogError, Equatable {
    /// `--from`/`--to` are not the first and last day of calendar months.
    case notWholeMonths(from: String, to: String, suggestedFrom: String, suggestedTo: String)
    /// The period includes a month that has not ended: forms for it may still come in.
    case periodNotEnded(to: String, lastEnded: String)
    /// No whole period with forms has ended yet.
    case nothingEnded(grouping: PeriodGrouping, lastEnded: String)
    /// With every earlier withheld number protected, the report would show nothing new.
    case conflictsWithEarlier(publications: [Int64], described: [String], alternatives: [String])
    /// A small count cannot be protected: the numbers that could hide it are already known from
    /// earlier publications.
    case nothingToShow(minimumCell: Int)
    /// An earlier publication shows a number the forms no longer give (late forms, voids, or a purge).
    /// Which number is not said: it would tell what kind of form came late.
    case formsChanged(publication: Int64, firstDay: String, lastDay: String)
    /// Another publication was made while this one was being prepared.
    case ledgerChanged

    public var description: String {
        switch self {
        case let .notWholeMonths(from, to, _, _):
            return "reports for command staff cover whole calendar months: \(from) to \(to) does not start on the 1st and end on the last day of a month"
        case let .periodNotEnded(to, _):
            return "the period ends \(to), after the last month that has ended: its forms may still come in, and a later report of it would differ"
        case let .nothingEnded(grouping, _):
            return "no whole \(grouping.rawValue) holding forms has ended yet"
        case let .conflictsWithEarlier(_, described, _):
            return "this report would let readers narrow down a number withheld in \(described.joined(separator: " and ")); "
                + "withholding enough to prevent that would leave it showing nothing new"
        case let .nothingToShow(k):
            return "a count below \(k) in this report cannot be hidden: the numbers that could hide it are already known from earlier publications"
        case let .formsChanged(publication, first, last):
            return "the forms behind publication \(publication) (\(first) to \(last)) have changed since it was published "
                + "(a form filed late or voided, or forms purged): a new report over those days would let readers subtract one from the other"
        case .ledgerChanged:
            return "another report was published while this one was being prepared; nothing was published"
        }
    }

    public var hint: String? {
        switch self {
        case let .notWholeMonths(_, _, from, to): return "use --from \(from) --to \(to)"
        case let .periodNotEnded(_, lastEnded): return "end the period at \(lastEnded) or earlier"
        case let .nothingEnded(_, lastEnded): return "choose --from and --to within months that have ended (up to \(lastEnded)), or a finer --by"
        case let .conflictsWithEarlier(_, _, alternatives): return "try " + alternatives.joined(separator: ", or ")
        case .nothingToShow: return "choose a longer period or a coarser --by"
        case let .formsChanged(_, _, last): return "publish periods that start after \(last); the earlier publication stands as it is"
        case .ledgerChanged: return "run the command again"
        }
    }

    public var exitStatus: ExitStatus { self == .ledgerChanged ? .ioError : .invalidData }
}
