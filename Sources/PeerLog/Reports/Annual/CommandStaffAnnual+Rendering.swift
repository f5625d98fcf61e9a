import Foundation

extension CommandStaffAnnual {
    /// The annual view in `format`. JSON carries the publication's own body under "report", so a
    /// reader can check every figure against it.
    /// `withdrawnAt` marks a publication the coordinator withdrew, as the ordinary rendering does.
    public func rendered(as format: ReportFormat, withdrawnAt: String? = nil) -> String {
        document(withdrawnAt: withdrawnAt).rendered(as: format)
    }

    var dimensionWords: String { report.dimension == .incident ? "type of incident" : "kind of support" }

    func document(withdrawnAt: String?) -> AnnualDocument {
        let granularity = report.by == .month ? "month" : report.by == .quarter ? "quarter" : "year"
        let stamp = report.publication.map {
            "Publication \($0.number), published \($0.publishedAt), signed by program root \($0.rootFingerprint)."
        } ?? "Preview: not published."
        let body = (try? report.canonicalJSON()).map { String(decoding: $0, as: UTF8.self) } ?? "null"
        return AnnualDocument(
            title: "\(report.program): peer support in \(year) and \(year - 1), by \(dimensionWords)",
            badge: "ANONYMISED · FOR COMMAND STAFF",
            subtitle: ["\(year) compared with \(year - 1) (\(report.from) to \(report.to), by \(granularity)).", stamp]
                + (withdrawnAt.map { ["WITHDRAWN by the Program Coordinator on \($0): kept in the archive, no longer current."] } ?? []),
            year: year, previousHeading: String(year - 1), currentHeading: String(year), total: total,
            sections: [
                .init(jsonKey: "byPeriod", csvKey: granularity, title: "Contacts by \(granularity)", column: granularity.capitalized,
                      lines: byPeriod, chart: .columns, shortLabels: byPeriod.map { $0.code.count == 2 && Int($0.code) != nil
                          ? String($0.label.prefix(3)) : $0.label }),
                .init(jsonKey: "byRow", csvKey: report.dimension.rawValue, title: "By \(dimensionWords)",
                      column: report.dimension == .incident ? "Type of incident" : "Kind of support", lines: byRow, chart: .bars),
            ],
            notes: ["x = withheld: a count from 1 to \(report.minimumCell - 1), or a number hidden to protect one. A year's figure is "
                    + "shown only when the numbers of this publication already give it, and a change only where both years are shown.",
                    "Change is \(year) less \(year - 1); % is that change as a share of \(year - 1) "
                    + "(\"new\" where \(year - 1) had none, \"—\" where neither year had any)."]
                + (report.noise.map { ["Every count has random noise added (\($0.mechanism), epsilon \($0.epsilon)); totals are sums of the noisy counts."] } ?? []),
            withheldMark: report.withheldMark,
            jsonHead: [("program", Render.json(report.program)), ("year", String(year)), ("previousYear", String(year - 1)),
                       ("dimension", Render.json(report.dimension.rawValue)), ("by", Render.json(report.by.rawValue)),
                       ("publication", report.publication.map { String($0.number) } ?? "null"),
                       ("report", body)])
    }
}
