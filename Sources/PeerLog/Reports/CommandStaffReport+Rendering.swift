import Foundation

extension CommandStaffReport {
    /// How a withheld number is shown. One mark for every withheld number: marking the small
    /// ones differently from those hidden to protect them would tell which is which.
    public var withheldMark: String { "x" }

    func shown(_ value: Int?) -> String { value.map(String.init) ?? withheldMark }

    var title: String {
        "\(program): peer support contacts by \(dimension == .incident ? "type of incident" : "kind of support"), \(from) to \(to)"
    }

    /// The report in `format`. A published report carries its number, date and the publishing
    /// root's fingerprint inside every rendering; `withdrawnAt` marks one the coordinator withdrew.
    public func rendered(as format: ReportFormat, withdrawnAt: String? = nil) -> String {
        switch format {
        case .text: return text(withdrawnAt: withdrawnAt)
        case .csv: return csv
        case .json: return String(decoding: (try? canonicalJSON()) ?? Data(), as: UTF8.self)
        case .html: return html(withdrawnAt: withdrawnAt)
        }
    }

    /// "Publication 3, published 2026-01-05T14:10Z, signed by program root 313d482f3fad3db6", or nil for a preview.
    var stamp: String? {
        publication.map { "Publication \($0.number), published \($0.publishedAt), signed by program root \($0.rootFingerprint)" }
    }

    func text(withdrawnAt: String?) -> String {
        let header = [dimension == .incident ? "type of incident" : "kind of support"] + periods.map(\.label) + ["total"]
        var body = rows.map { [$0.label] + $0.counts.map(shown) + [shown($0.total)] }
        body.append(["all"] + periods.map { shown($0.total) } + [shown(grandTotal)])
        let stampLine = stamp.map { "\($0).\n" } ?? ""
        let withdrawnLine = withdrawnAt.map { "WITHDRAWN by the Program Coordinator on \($0): kept in the archive, no longer current.\n" } ?? ""
        return """
        \(title)
        \(stampLine)\(withdrawnLine)Anonymised report for command staff, by \(by.rawValue). x = withheld (a count from 1 to \(minimumCell - 1), or a number hidden to protect one).

        \(Render.table(header: header, rows: body, numeric: Set(1..<header.count)))

        \(wrap(note, width: 96))

        """
    }

    /// Long format: one line per number, `withheld` true where the count is not shown; every line
    /// names the publication (empty in a preview).
    var csv: String {
        let p = publication
        let tail = ",\(p.map { String($0.number) } ?? ""),\(p?.publishedAt ?? ""),\(p?.rootFingerprint ?? "")"
        var lines = ["\(dimension.rawValue),label,period,count,withheld,publication,published_at,root_fingerprint"]
        for row in rows {
            for (period, count) in zip(periods, row.counts) {
                lines.append("\(row.code),\(Render.csv(row.label)),\(period.label),\(count.map(String.init) ?? ""),\(count == nil)" + tail)
            }
            lines.append("\(row.code),\(Render.csv(row.label)),total,\(row.total.map(String.init) ?? ""),\(row.total == nil)" + tail)
        }
        for period in periods {
            lines.append("all,All,\(period.label),\(period.total.map(String.init) ?? ""),\(period.total == nil)" + tail)
        }
        lines.append("all,All,total,\(grandTotal.map(String.init) ?? ""),\(grandTotal == nil)" + tail)
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
