import Foundation

extension CommandStaffReport {
    /// How a withheld number is shown. One mark for every withheld number: marking the small
    /// ones differently from those hidden to protect them would tell which is which.
    public var withheldMark: String { "x" }

    func shown(_ value: Int?) -> String { value.map(String.init) ?? withheldMark }

    var title: String {
        "\(program): peer support contacts by \(dimension == .incident ? "type of incident" : "kind of support"), \(from) to \(to)"
    }

    public func rendered(as format: ReportFormat) -> String {
        switch format {
        case .text: return text
        case .csv: return csv
        case .json: return String(decoding: (try? canonicalJSON()) ?? Data(), as: UTF8.self)
        case .html: return html
        }
    }

    var text: String {
        let header = [dimension == .incident ? "type of incident" : "kind of support"] + periods.map(\.label) + ["total"]
        var body = rows.map { [$0.label] + $0.counts.map(shown) + [shown($0.total)] }
        body.append(["all"] + periods.map { shown($0.total) } + [shown(grandTotal)])
        return """
        \(title)
        Anonymised report for command staff, by \(by.rawValue). x = withheld (counts below \(minimumCell), and counts that would reveal them).

        \(Render.table(header: header, rows: body, numeric: Set(1..<header.count)))

        \(wrap(note, width: 96))

        """
    }

    /// Long format: one line per number, `withheld` true where the count is not shown.
    var csv: String {
        var lines = ["\(dimension.rawValue),label,period,count,withheld"]
        for row in rows {
            for (period, count) in zip(periods, row.counts) {
                lines.append("\(row.code),\(Render.csv(row.label)),\(period.label),\(count.map(String.init) ?? ""),\(count == nil)")
            }
            lines.append("\(row.code),\(Render.csv(row.label)),total,\(row.total.map(String.init) ?? ""),\(row.total == nil)")
        }
        for period in periods {
            lines.append("all,All,\(period.label),\(period.total.map(String.init) ?? ""),\(period.total == nil)")
        }
        lines.append("all,All,total,\(grandTotal.map(String.init) ?? ""),\(grandTotal == nil)")
        return lines.joined(separator: "\n") + "\n"
    }

    func wrap(_ text: String, width: Int) -> String {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty, line.count + 1 + word.count > width {
                lines.append(line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        if !line.isEmpty { lines.append(line) }
        return lines.joined(separator: "\n")
    }
}
