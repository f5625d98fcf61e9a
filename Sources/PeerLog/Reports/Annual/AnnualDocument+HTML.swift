/// The annual page: self-contained (inline CSS and SVG, no script, no external resource), readable
/// on a 390 px phone (five narrow columns stay a table, charts scale to the width), and printable on US letter
/// paper in black and white (the two years differ in shade and outline, not only in colour; no
/// chart or table row is split across pages).
extension AnnualDocument {
    /// Added to `HTMLPage.style` for annual pages only, so other pages print as before.
    static let style = """
    @page { size: letter; margin: 0.5in; }
    h2 { font-size: 1.1rem; margin: 28px 0 8px; }
    .pair { margin: 0 0 8px; }
    .pair figure { margin-bottom: 12px; }
    /* Five narrow columns fit a 390 px phone as a table: no cards, the label column may wrap. */
    table.annual th:first-child, table.annual td:first-child { min-width: 0; }
    table.annual td, table.annual thead th:not(:first-child) { width: 1%; }
    @media (max-width: 40em) { table.annual th, table.annual td { padding: 6px 5px; } }
    @media screen and (min-width: 64em) {
      .pair { display: grid; grid-template-columns: minmax(0, 36rem) minmax(0, 1fr); gap: 24px; align-items: start; }
    }
    /* On letter paper each chart sits beside its table (3.3 in of 7.5 in: 11-unit text prints at
       about 7.5 pt), and a chart with its table is kept on one page. */
    @media print {
      * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
      body { font-size: 10pt; }
      h2 { break-after: avoid; page-break-after: avoid; margin-top: 18px; }
      figure, tr, .summary, .pair { break-inside: avoid; page-break-inside: avoid; }
      .pair { display: grid; grid-template-columns: 3.3in minmax(0, 1fr); gap: 0.25in; align-items: start; }
      table.annual { font-size: 9pt; }
      svg { max-width: 100%; }
      th, td { padding: 3px 6px; }
    }
    """

    var html: String {
        let e = HTMLPage.escape
        let columns = ["", previousHeading, currentHeading, "Change", "%"]
        func row(_ line: YearComparison, total: Bool = false) -> String {
            func cell(_ text: String, _ index: Int, withheld: Bool) -> String {
                let label = " data-label=\"\(e(columns[index]))\""
                return withheld
                    ? "<td class=\"withheld\"\(label)><abbr title=\"withheld\">\(e(withheldMark ?? ""))</abbr></td>"
                    : "<td\(label)>\(e(text))</td>"
            }
            let change = line.change
            return "<tr\(total ? " class=\"total\"" : "")><th scope=\"row\">\(e(line.label))</th>"
                + cell(shown(line.previous), 1, withheld: line.previous == nil)
                + cell(shown(line.current), 2, withheld: line.current == nil)
                + cell(change?.absoluteText ?? "", 3, withheld: change == nil)
                + cell(change?.percentText ?? "", 4, withheld: change == nil) + "</tr>"
        }
        func table(_ column: String, _ lines: [YearComparison]) -> String {
            "<div class=\"scroll\"><table class=\"annual\"><thead><tr><th scope=\"col\">\(e(column))</th>"
                + columns.dropFirst().map { "<th scope=\"col\">\(e($0))</th>" }.joined() + "</tr></thead><tbody>\n"
                + lines.map { row($0) }.joined(separator: "\n") + "\n" + row(total, total: true) + "\n</tbody></table></div>"
        }
        let chart = AnnualChart(previousHeading: previousHeading, currentHeading: currentHeading, withheldMark: withheldMark)
        var body = """
        <header>
        <p><span class="badge">\(e(badge))</span></p>
        <h1>\(e(title))</h1>
        \(subtitle.map { "<p class=\"sub\">\(e($0))</p>" }.joined(separator: "\n"))
        </header>
        <div class="summary">
        \(table("Total", []))
        </div>

        """
        for section in sections {
            let figure: String
            switch section.chart {
            case .none: figure = ""
            case .columns:
                figure = "<figure>\n"
                    + chart.columns(section.lines, labels: section.shortLabels ?? section.lines.map(\.label), caption: section.title)
                    + "\n</figure>\n"
            case .bars:
                figure = "<figure>\n" + chart.bars(section.lines, caption: section.title) + "\n</figure>\n"
            }
            // The heading names the chart and the table beside it; a table alone takes the full width.
            body += "<h2>\(e(section.title))</h2>\n"
                + (figure.isEmpty ? table(section.column, section.lines) + "\n"
                    : "<div class=\"pair\">\n\(figure)\(table(section.column, section.lines))\n</div>\n")
        }
        body += notes.map { "<p class=\"note\">\(e($0))</p>" }.joined(separator: "\n")
        return HTMLPage.page(title: title, body: body, extraStyle: Self.style)
    }
}
