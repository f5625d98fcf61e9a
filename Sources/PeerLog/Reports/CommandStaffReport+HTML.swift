extension CommandStaffReport {
    /// One self-contained page: title, period, bar chart of contacts by period, the table, and
    /// what was withheld and why.
    func html(withdrawnAt: String?) -> String {
        let e = HTMLPage.escape
        let head = "<tr><th scope=\"col\">\(dimension == .incident ? "Type of incident" : "Kind of support")</th>"
            + periods.map { "<th scope=\"col\">\(e($0.label))</th>" }.joined() + "<th scope=\"col\">Total</th></tr>"
        // Each cell names its column (data-label), which the phone layout shows beside the value.
        let columns = periods.map(\.label) + ["Total"]
        func cell(_ value: Int?, _ column: Int) -> String {
            let label = " data-label=\"\(e(columns[min(column, columns.count - 1)]))\""
            return value.map { "<td\(label)>\($0)</td>" }
                ?? "<td class=\"withheld\" title=\"withheld\"\(label)><abbr title=\"withheld\">\(e(withheldMark))</abbr></td>"
        }
        func cells(_ values: [Int?]) -> String { values.enumerated().map { cell($0.element, $0.offset) }.joined() }
        let body = rows.map { row in
            "<tr><th scope=\"row\">\(e(row.label))</th>" + cells(row.counts + [row.total]) + "</tr>"
        }.joined(separator: "\n")
        let totals = "<tr class=\"total\"><th scope=\"row\">All</th>" + cells(periods.map(\.total) + [grandTotal]) + "</tr>"
        return HTMLPage.page(title: title, body: """
        <header>
        <p><span class="badge">ANONYMISED · FOR COMMAND STAFF</span></p>
        <h1>Peer support contacts by \(dimension == .incident ? "type of incident" : "kind of support")</h1>
        <p class="sub">\(e(program)) · \(e(from)) to \(e(to)) · by \(by.rawValue)</p>
        \(stamp.map { "<p class=\"sub\">\(e($0))</p>" } ?? "<p class=\"sub\">Preview: not published.</p>")
        \(withdrawnAt.map { "<p class=\"withdrawn\"><strong>Withdrawn</strong> by the Program Coordinator on \(e($0)): kept in the archive, no longer current.</p>" } ?? "")
        </header>
        <figure>
        <figcaption>Contacts by \(by.rawValue)</figcaption>
        \(chart)
        </figure>
        <p class="legend"><strong>x</strong> = withheld: a count from 1 to \(minimumCell - 1), or a number hidden to protect one.</p>
        <div class="scroll">
        <table class="stack">
        <thead>\(head)</thead>
        <tbody>
        \(body)
        \(totals)
        </tbody>
        </table>
        </div>
        <p class="note">\(e(note))</p>
        <footer>Prepared by the Program Coordinator with PeerLog (\(e(format))). Grand total: \(e(shown(grandTotal))).</footer>
        """)
    }

    /// An inline SVG bar chart of the period totals. Withheld totals are drawn as an outlined stub
    /// labelled "withheld", never as a guessed height.
    var chart: String {
        let e = HTMLPage.escape
        // At most 350 units wide, so an 11-unit label is still 11 px when a 390 px phone shows the chart.
        let width = min(350, max(300, 56 * periods.count + 44)), height = 220, left = 36, bottom = 28, top = 16
        let plotHeight = height - bottom - top
        let slot = Double(width - left - 8) / Double(max(periods.count, 1))
        let barWidth = max(6.0, min(56.0, slot * 0.62))
        let maximum = max(minimumCell, periods.compactMap(\.total).max() ?? 0)
        var parts: [String] = []
        parts.append("<line x1=\"\(left)\" y1=\"\(height - bottom)\" x2=\"\(width - 4)\" y2=\"\(height - bottom)\" stroke=\"#9aa5b1\"/>")
        parts.append("<text x=\"\(left - 6)\" y=\"\(top + 4)\" font-size=\"11\" text-anchor=\"end\" fill=\"#4a5561\">\(maximum)</text>")
        parts.append("<text x=\"\(left - 6)\" y=\"\(height - bottom)\" font-size=\"11\" text-anchor=\"end\" fill=\"#4a5561\">0</text>")
        // Every k-th period is labelled, so that labels (about 6.6 units a character) never overlap.
        let longest = periods.map(\.label.count).max() ?? 4
        let labelEvery = max(1, Int(((Double(longest) * 6.6 + 6) / slot).rounded(.up)))
        for (i, period) in periods.enumerated() {
            let x = Double(left) + slot * Double(i) + (slot - barWidth) / 2
            let centre = x + barWidth / 2
            if let total = period.total {
                let h = Double(plotHeight) * Double(total) / Double(maximum)
                let y = Double(height - bottom) - h
                parts.append("<rect x=\"\(fmt(x))\" y=\"\(fmt(y))\" width=\"\(fmt(barWidth))\" height=\"\(fmt(h))\" fill=\"#2f6690\"><title>\(e(period.label)): \(total)</title></rect>")
                parts.append("<text x=\"\(fmt(centre))\" y=\"\(fmt(y - 4))\" font-size=\"11\" text-anchor=\"middle\" fill=\"#1b1f24\">\(total)</text>")
            } else {
                let h = 10.0, y = Double(height - bottom) - h
                parts.append("<rect x=\"\(fmt(x))\" y=\"\(fmt(y))\" width=\"\(fmt(barWidth))\" height=\"\(fmt(h))\" fill=\"none\" stroke=\"#6b7683\" stroke-dasharray=\"3 2\"><title>\(e(period.label)): withheld</title></rect>")
                parts.append("<text x=\"\(fmt(centre))\" y=\"\(fmt(y - 4))\" font-size=\"11\" text-anchor=\"middle\" fill=\"#6b7683\">\(slot >= 56 ? "withheld" : e(withheldMark))</text>")
            }
            if i % labelEvery == 0 {
                parts.append("<text x=\"\(fmt(centre))\" y=\"\(height - bottom + 16)\" font-size=\"11\" text-anchor=\"middle\" fill=\"#4a5561\">\(e(period.label))</text>")
            }
        }
        return "<svg viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-label=\"Bar chart of contacts by \(by.rawValue)\" xmlns=\"http://www.w3.org/2000/svg\">\n"
            + parts.joined(separator: "\n") + "\n</svg>"
    }

    private func fmt(_ v: Double) -> String {
        let rounded = (v * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}
