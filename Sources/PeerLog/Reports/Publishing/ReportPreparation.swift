/// Prepares the anonymised report: checks the period, tries each layout (the one asked for,
/// coarser periods, rare types combined), withholds in each what per-report suppression and the
/// joint check over every earlier publication require (`ComplementSearch`), and picks the layout
/// that shows the most (docs/DISCLOSURE-CONTROL.md).
struct ReportPreparation {
    let specification: ReportSpecification
    let truth: TrueCounts
    let firstForm: CalendarDate?
    let lastForm: CalendarDate?
    let ledger: PublicationLedger
    let ledgerSize: Int64
    let program: ProgramInfo
    let today: CalendarDate
    let noiseBudget: Epsilon?
    /// Off only in tests that show what the joint check prevents.
    var jointCheck = true

    /// - Parameter seed: 32 bytes; every random choice but the noise follows from it.
    /// - Throws: `PublicationRefusal`, `NoiseError`, `InputError`, `SolverFailure`.
    func prepare(seed: [UInt8]) throws -> PreparedReport {
        let spec = specification
        let k = spec.control.threshold
        let (from, to) = try PublicationRules.defaultRange(from: spec.from, to: spec.to, grouping: spec.by, firstForm: firstForm,
                                                           lastForm: lastForm, today: today)
        _ = try DateRange(from: from, to: to)
        try PublicationRules.check(from: from, to: to, today: today)
        guard spec.by.labels(from: from, to: to).count <= CommandStaffReport.maximumPeriods else {
            throw InputError.tooManyPeriods(limit: CommandStaffReport.maximumPeriods)
        }
        if let epsilon = spec.noise { try NoiseBudget.check(epsilon, from: from, to: to, ledger: ledger, budget: noiseBudget) }

        // Earlier numbers the forms no longer give: over these days, refuse; elsewhere, model them
        // by the forms as they are (a reader who knew those exactly would know no more).
        let span = DaySpan(from: from, to: to)
        let stale = JointCheck.inconsistencies(ledger, truth: truth)
        if let clash = stale.first(where: { $0.span.overlaps(span) }) {
            let first = CalendarDate(daysSinceEpoch: clash.span.start), last = CalendarDate(daysSinceEpoch: clash.span.end - 1)
            throw PublicationRefusal.formsChanged(publication: clash.publication, firstDay: first.description,
                                                  lastDay: last.description)
        }
        let earlier = ledger.numbers.map { n in
            stale.contains { !$0.isBound && $0.publication == n.publication && $0.scope == n.scope }
                ? LedgerNumber(scope: n.scope, value: n.value, threshold: n.threshold, publication: n.publication, label: n.label, exact: false)
                : n
        }
        let bounds = ledger.bounds.filter { bound in !stale.contains { $0.isBound && $0.publication == bound.publication && $0.scope == bound.scope } }

        var random = try SeededRandom(seed: seed)
        var layouts: [ReportLayout] = []
        let grains = spec.asAsked ? [spec.by] : PeriodGrouping.allCases.filter { $0.rank >= spec.by.rank }
        for grain in grains {
            layouts.append(ReportLayout(dimension: spec.dimension, grouping: grain, from: from, to: to, truth: truth))
            if !spec.asAsked, let rare = ReportLayout.rareCodes(dimension: spec.dimension, from: from, to: to, truth: truth, threshold: 2 * k) {
                layouts.append(ReportLayout(dimension: spec.dimension, grouping: grain, from: from, to: to, truth: truth,
                                            combining: .init(combined: rare, threshold: 2 * k)))
            }
        }
        var tried: [(layout: ReportLayout, withheld: Set<FeasibleRange.Item>, option: ReportOption, conflicts: Set<Int64>)] = []
        for layout in layouts {
            let numbers = layout.numbers(threshold: k)
            let joint = jointCheck
                ? JointCheck(earlier: earlier, bounds: bounds, candidate: numbers, candidateBounds: layout.bounds, truth: truth) : nil
            let search = try ComplementSearch(control: spec.control, layout: layout, joint: joint)
            let outcome = try search.run(&random)
            let published = Set(layout.items).subtracting(outcome.withheld)
            let showsSomething = published.contains { layout.table.value($0) != 0 && !search.known.contains($0) }
            // Showing nothing is refused only when earlier publications are what hides everything:
            // a report whose counts are all small on their own is published as it is (all x).
            let refused: String? = !outcome.unresolved.isEmpty ? "cannot protect numbers withheld earlier"
                : !outcome.unprotected.isEmpty ? "cannot protect its own small counts"
                : !showsSomething && !outcome.conflicts.isEmpty ? "would show nothing new" : nil
            let option = ReportOption(by: layout.grouping, combined: layout.recoding?.combined ?? [], numbers: layout.items.count,
                                      withheld: outcome.withheld.count,
                                      information: InformationRank.rank(of: layout.table, published: published),
                                      refused: refused, chosen: false)
            tried.append((layout, outcome.withheld, option, outcome.conflicts))
        }
        // The most informative layout that passes; ties to the order tried (asked first). With
        // probability 1/32 any passing layout instead, so that no choice is ever certain.
        let passing = tried.indices.filter { tried[$0].option.refused == nil }
        guard !passing.isEmpty else { throw refusal(tried.flatMap(\.conflicts), minimumCell: k, from: from, to: to) }
        let best = passing.max { (tried[$0].option.information, -$0) < (tried[$1].option.information, -$1) } ?? passing[0]
        let chosen = random.bernoulli(ComplementSearch.detour.0, over: ComplementSearch.detour.1)
            ? random.element(of: passing) ?? best : best
        var options = tried.map(\.option)
        options[chosen].chosen = true

        let pick = tried[chosen]
        let report: CommandStaffReport
        if let epsilon = spec.noise {
            var system = SystemRandom()
            let sampler = DiscreteLaplace(epsilon: epsilon)
            let noisy = pick.layout.table.counts.map { row in row.map { max(0, $0 + sampler.sample(&system)) } }
            report = .assemble(layout: pick.layout, withheld: pick.withheld, program: program, minimumCell: k, noisy: noisy,
                               noise: .init(mechanism: "two-sided geometric", epsilon: epsilon.description))
        } else {
            report = .assemble(layout: pick.layout, withheld: pick.withheld, program: program, minimumCell: k)
        }
        return PreparedReport(report: report, options: options, conflicts: pick.conflicts.sorted(), seed: seed, ledgerSize: ledgerSize)
    }

    /// Why nothing can be published, naming the earlier publications in the way.
    private func refusal(_ conflicts: [Int64], minimumCell: Int, from: CalendarDate, to: CalendarDate) -> PublicationRefusal {
        let earlier = Array(Set(conflicts)).sorted()
        guard !earlier.isEmpty else { return .nothingToShow(minimumCell: minimumCell) }
        var described: [String] = []
        var alternatives: [String] = []
        for number in earlier {
            guard let entry = ledger.entries.first(where: { $0.number == number }) else { continue }
            let r = entry.report
            described.append("publication \(number) (\(r.from) to \(r.to), by \(r.by.rawValue), \(r.dimension.rawValue))")
            if r.from == from.description, r.to == to.description, r.by == specification.by, r.dimension == specification.dimension {
                // Asking for its periods again would be asking for this very report.
                alternatives.append("reading publication \(number), which already covers these periods: peerlog report get \(number)")
            } else {
                alternatives.append("the periods of publication \(number): --by \(r.by.rawValue) --from \(r.from) --to \(r.to)")
            }
        }
        if let coarser = PeriodGrouping.allCases.first(where: { $0.rank > specification.by.rank }) {
            alternatives.append("a coarser period: --by \(coarser.rawValue)")
        }
        return .conflictsWithEarlier(publications: earlier, described: described, alternatives: alternatives)
    }
}

extension PeriodGrouping {
    /// 0 for month, 1 for quarter, 2 for year: coarser is larger.
    var rank: Int { self == .month ? 0 : self == .quarter ? 1 : 2 }
}
