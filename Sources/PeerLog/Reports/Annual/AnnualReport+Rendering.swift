extension AnnualReport {
    public func rendered(as format: ReportFormat) -> String { document.rendered(as: format) }

    /// "2025" for the year before; "2025 to Dec 3" when the year is a year to date.
    var previousHeading: String {
        span.through.map { "\(span.year - 1) to \(Self.monthNames[$0.month - 1].prefix(3)) \($0.day)" } ?? String(span.year - 1)
    }

    var currentHeading: String { span.through == nil ? String(span.year) : "\(span.year) to date" }

    var document: AnnualDocument {
        let period: String
        if let through = span.through {
            period = "\(span.year), year to date (through \(through)), compared with the same days of \(span.year - 1) "
                + "(\(span.previous.from?.description ?? "") to \(span.previous.to?.description ?? ""))."
        } else {
            period = "\(span.year), January 1 to December 31, compared with \(span.year - 1)."
        }
        return AnnualDocument(
            title: "\(programName): annual report \(span.year)\(span.through == nil ? "" : " (year to date)")",
            badge: "CONFIDENTIAL · PROGRAM COORDINATOR ONLY",
            subtitle: [period, "For the Program Coordinator, \(coordinatorName)."],
            year: span.year, previousHeading: previousHeading, currentHeading: currentHeading, total: total,
            sections: [
                .init(jsonKey: "byMonth", csvKey: "month", title: "Forms by month", column: "Month", lines: byMonth, chart: .columns,
                      shortLabels: byMonth.map { String($0.label.prefix(3)) }),
                .init(jsonKey: "byIncident", csvKey: "incident", title: "By type of incident", column: "Type of incident",
                      lines: byIncident, chart: .bars),
                .init(jsonKey: "byIntervention", csvKey: "intervention", title: "By intervention", column: "Intervention",
                      lines: byIntervention, chart: .bars),
                .init(jsonKey: "byAdvisor", csvKey: "advisor", title: "Advisor workload", column: "Advisor", lines: byAdvisor, chart: .none),
            ],
            notes: ["CONFIDENTIAL (SOG 2-13 IV.C): this report names advisors. Do not share it; command staff receive the anonymised "
                    + "annual report ('peerlog report publish --year \(span.year)').",
                    "Change is this year less the year before; % is that change as a share of the year before "
                    + "(\"new\" where the year before had none, \"—\" where neither year had any)."],
            withheldMark: nil,
            jsonHead: [("program", Render.json(programName)), ("coordinator", Render.json(coordinatorName)),
                       ("year", String(span.year)), ("previousYear", String(span.year - 1)),
                       ("yearToDate", span.through == nil ? "false" : "true"),
                       ("through", span.through.map { Render.json($0.description) } ?? "null"),
                       ("from", Render.json(span.current.from?.description ?? "")), ("to", Render.json(span.current.to?.description ?? "")),
                       ("previousFrom", Render.json(span.previous.from?.description ?? "")),
                       ("previousTo", Render.json(span.previous.to?.description ?? ""))])
    }
}
