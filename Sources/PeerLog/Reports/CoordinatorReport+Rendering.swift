import Foundation

extension CoordinatorReport {
    public func rendered(as format: ReportFormat) -> String {
        switch format {
        case .text: return text
        case .csv: return csv
        case .json: return json
        case .html: return html
        }
    }

    var rangeDescription: String {
        switch (range.from, range.to) {
        case (nil, nil): return "all dates"
        case let (f?, nil): return "from \(f)"
        case let (nil, t?): return "up to \(t)"
        case let (f?, t?): return "\(f) to \(t)"
        }
    }

    /// A terminal report: two tables and a total.
    var text: String {
        var out = """
        \(programName): usage report for the Program Coordinator (\(coordinatorName))
        Period: \(rangeDescription), by \(grouping.rawValue). Forms: \(total)\(paperNote).
        CONFIDENTIAL (SOG 2-13 IV.C): do not share; command staff receive the anonymised report.

        """
        if total == 0 { return out + "\nNo usage forms in this period.\n" }
        out += "\nBy type of incident and intervention\n"
        out += Render.table(header: ["period", "incident", "intervention", "forms"],
                            rows: byType.map { [$0.period, $0.incident.code, $0.intervention.code, String($0.count)] },
                            numeric: [3])
        out += "\n\nBy advisor (workload)\n"
        out += Render.table(header: ["period", "advisor", "forms", "on paper"],
                            rows: byAdvisor.map { [$0.period, $0.advisor, String($0.count), String($0.paper)] }, numeric: [2, 3])
        return out + "\n"
    }

    /// ` (P entered from paper)` when any form in the report was, else nothing.
    var paperNote: String { paper == 0 ? "" : " (\(paper) entered from paper)" }

    /// One table: `section,period,incident,intervention,advisor,count`. Forms entered from paper
    /// are `paper` rows (per period and advisor, only where there are any), so the header and the
    /// other sections stay as they were.
    var csv: String {
        var lines = ["section,period,incident,intervention,advisor,count"]
        lines += byType.map { "type,\($0.period),\($0.incident.code),\($0.intervention.code),,\($0.count)" }
        lines += byAdvisor.map { "advisor,\($0.period),,,\(Render.csv($0.advisor)),\($0.count)" }
        lines += byAdvisor.filter { $0.paper > 0 }.map { "paper,\($0.period),,,\(Render.csv($0.advisor)),\($0.paper)" }
        return lines.joined(separator: "\n") + "\n"
    }

    var json: String {
        let types = byType.map {
            "    {\"period\": \(Render.json($0.period)), \"incident\": \(Render.json($0.incident.code)), \"intervention\": \(Render.json($0.intervention.code)), \"count\": \($0.count)}"
        }
        let advisors = byAdvisor.map {
            "    {\"period\": \(Render.json($0.period)), \"advisor\": \(Render.json($0.advisor)), \"count\": \($0.count), \"paper\": \($0.paper)}"
        }
        return """
        {
          "program": \(Render.json(programName)),
          "coordinator": \(Render.json(coordinatorName)),
          "from": \(range.from.map { Render.json($0.description) } ?? "null"),
          "to": \(range.to.map { Render.json($0.description) } ?? "null"),
          "by": \(Render.json(grouping.rawValue)),
          "total": \(total),
          "paper": \(paper),
          "byType": [
        \(types.joined(separator: ",\n"))
          ],
          "byAdvisor": [
        \(advisors.joined(separator: ",\n"))
          ]
        }

        """
    }
}

extension CoordinatorReport {
    /// The coordinator's report as a page: the same two tables as the text report.
    var html: String {
        let e = HTMLPage.escape
        func table(_ header: [String], _ rows: [[String]]) -> String {
            "<div class=\"scroll\"><table><thead><tr>" + header.map { "<th scope=\"col\">\(e($0))</th>" }.joined() + "</tr></thead><tbody>\n"
                + rows.map { "<tr>" + $0.map { "<td>\(e($0))</td>" }.joined() + "</tr>" }.joined(separator: "\n")
                + "\n</tbody></table></div>"
        }
        return HTMLPage.page(title: "\(programName): usage report", body: """
        <p><span class="badge">CONFIDENTIAL · PROGRAM COORDINATOR ONLY</span></p>
        <h1>\(e(programName)): usage report</h1>
        <p class="sub">\(e(rangeDescription)) · by \(grouping.rawValue) · \(total) forms\(e(paperNote)) · for \(e(coordinatorName))</p>
        <h2>By type of incident and intervention</h2>
        \(table(["Period", "Incident", "Intervention", "Forms"], byType.map { [$0.period, $0.incident.shortLabel, $0.intervention.shortLabel, String($0.count)] }))
        <h2>By advisor (workload)</h2>
        \(table(["Period", "Advisor", "Forms", "On paper"], byAdvisor.map { [$0.period, $0.advisor, String($0.count), String($0.paper)] }))
        <p class="note">SOG 2-13 IV.C: this page names advisors. Do not share it; command staff receive the anonymised report.</p>
        """)
    }
}
