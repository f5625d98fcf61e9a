import Foundation

/// What every annual page says, in the terms every format needs: a title, the two years' headings,
/// sections of figures (each with a chart kind), notes. The coordinator's report and the command
/// staff's view both become one, so the four formats are written once.
struct AnnualDocument {
    enum Chart { case none, columns, bars }

    struct Section {
        /// The JSON key and CSV section: "byMonth" / "month".
        let jsonKey: String
        let csvKey: String
        let title: String
        /// The heading of the label column.
        let column: String
        let lines: [YearComparison]
        let chart: Chart
        /// The label under each column of a column chart ("Jan").
        var shortLabels: [String]? = nil
    }

    let title: String
    let badge: String
    let subtitle: [String]
    let year: Int
    let previousHeading: String
    let currentHeading: String
    let total: YearComparison
    let sections: [Section]
    let notes: [String]
    /// How a withheld figure is written in text; nil when nothing is ever withheld.
    let withheldMark: String?
    /// Extra top-level JSON members, already encoded, in order.
    let jsonHead: [(key: String, value: String)]

    func rendered(as format: ReportFormat) -> String {
        switch format {
        case .text: return text
        case .csv: return csv
        case .json: return json
        case .html: return html
        }
    }

    // MARK: Text

    func shown(_ value: Int?) -> String { value.map(String.init) ?? withheldMark ?? "" }

    func cells(_ line: YearComparison) -> [String] {
        [line.label, shown(line.previous), shown(line.current), line.change?.absoluteText ?? withheldMark ?? "",
         line.change?.percentText ?? withheldMark ?? ""]
    }

    var text: String {
        var out = ([title] + subtitle).joined(separator: "\n") + "\n"
        out += "\n\(total.label): \(shown(total.current)) (\(previousHeading): \(shown(total.previous))"
            + (total.change.map { "; change \($0.absoluteText), \($0.percentText)" } ?? "") + ")\n"
        for section in sections {
            out += "\n\(section.title)\n"
            out += Render.table(header: [section.column, previousHeading, currentHeading, "change", "%"],
                                rows: section.lines.map(cells) + [cells(total)], numeric: [1, 2, 3, 4])
            out += "\n"
        }
        return out + "\n" + notes.joined(separator: "\n") + "\n"
    }

    // MARK: CSV

    /// One table: `section,code,label,previous,current,change,change_percent`; an empty figure is
    /// withheld (a zero is written 0), an empty percentage means the year before was 0.
    var csv: String {
        func line(_ section: String, _ l: YearComparison) -> String {
            [section, Render.csv(l.code), Render.csv(l.label), l.previous.map(String.init) ?? "", l.current.map(String.init) ?? "",
             l.change.map { String($0.absolute) } ?? "", l.change?.percentField ?? ""].joined(separator: ",")
        }
        var lines = ["section,code,label,previous,current,change,change_percent", line("total", total)]
        for section in sections { lines += section.lines.map { line(section.csvKey, $0) } }
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: JSON

    static func json(_ l: YearComparison) -> String {
        let percent = l.change.flatMap { $0.percent == nil ? nil : $0.percentField } ?? "null"
        return "{\"code\": \(Render.json(l.code)), \"label\": \(Render.json(l.label)), "
            + "\"previous\": \(l.previous.map(String.init) ?? "null"), \"current\": \(l.current.map(String.init) ?? "null"), "
            + "\"change\": \(l.change.map { String($0.absolute) } ?? "null"), \"changePercent\": \(percent)}"
    }

    var json: String {
        var members = jsonHead.map { "  \(Render.json($0.key)): \($0.value)" }
        members.append("  \"total\": \(Self.json(total))")
        for section in sections {
            members.append("  \(Render.json(section.jsonKey)): [\n" + section.lines.map { "    " + Self.json($0) }.joined(separator: ",\n") + "\n  ]")
        }
        return "{\n" + members.joined(separator: ",\n") + "\n}\n"
    }
}
