import Foundation

/// Inline SVG charts of two years side by side. The year before is a light bar with a dark outline,
/// the year a dark solid bar, so the two stay apart printed in black and white; each chart carries
/// its own legend for the same reason. At most 350 units wide, so 11-unit text stays 11 px on a
/// 390 px phone. No `xmlns`: inline SVG in HTML needs none, and the page names no URL at all.
/// A withheld figure is an outlined, dashed stub marked with the withheld sign, never a guessed height.
struct AnnualChart {
    let previousHeading: String
    let currentHeading: String
    let withheldMark: String?

    static let width = 350
    static let previousFill = "#c4ced8", outline = "#38434f", currentFill = "#2f6690"

    private func fmt(_ v: Double) -> String {
        let rounded = (v * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }

    /// The two-year legend at the top of a chart, from `y`.
    private func legend(y: Int) -> [String] {
        let e = HTMLPage.escape
        return [
            "<rect x=\"0\" y=\"\(y)\" width=\"12\" height=\"10\" fill=\"\(Self.previousFill)\" stroke=\"\(Self.outline)\"/>",
            "<text x=\"17\" y=\"\(y + 9)\" font-size=\"11\" fill=\"#1b1f24\">\(e(previousHeading))</text>",
            "<rect x=\"150\" y=\"\(y)\" width=\"12\" height=\"10\" fill=\"\(Self.currentFill)\" stroke=\"\(Self.outline)\"/>",
            "<text x=\"167\" y=\"\(y + 9)\" font-size=\"11\" fill=\"#1b1f24\">\(e(currentHeading))</text>",
        ]
    }

    private func bar(x: Double, y: Double, width: Double, height: Double, current: Bool, title: String) -> String {
        "<rect x=\"\(fmt(x))\" y=\"\(fmt(y))\" width=\"\(fmt(width))\" height=\"\(fmt(height))\" fill=\"\(current ? Self.currentFill : Self.previousFill)\" "
            + "stroke=\"\(Self.outline)\" stroke-width=\"0.75\"><title>\(HTMLPage.escape(title))</title></rect>"
    }

    private func stub(x: Double, y: Double, width: Double, height: Double, title: String) -> String {
        "<rect x=\"\(fmt(x))\" y=\"\(fmt(y))\" width=\"\(fmt(width))\" height=\"\(fmt(height))\" fill=\"none\" stroke=\"#6b7683\" "
            + "stroke-dasharray=\"3 2\"><title>\(HTMLPage.escape(title)): withheld</title></rect>"
    }

    private func svg(height: Int, caption: String, _ parts: [String]) -> String {
        "<svg viewBox=\"0 0 \(Self.width) \(height)\" role=\"img\" aria-label=\"\(HTMLPage.escape(caption)): \(HTMLPage.escape(previousHeading)) and \(HTMLPage.escape(currentHeading))\">\n"
            + parts.joined(separator: "\n") + "\n</svg>"
    }

    /// Vertical bars, a pair per line (a month), labelled underneath with `labels`.
    func columns(_ lines: [YearComparison], labels: [String], caption: String) -> String {
        let e = HTMLPage.escape
        let height = 230, left = 34, bottom = 22, top = 34
        let plot = Double(height - bottom - top)
        let slot = Double(Self.width - left - 4) / Double(max(lines.count, 1))
        let barWidth = min(22.0, slot * 0.38)
        let maximum = max(1, lines.flatMap { [$0.previous, $0.current] }.compactMap { $0 }.max() ?? 0)
        var parts = legend(y: 2)
        let base = Double(height - bottom)
        parts.append("<line x1=\"\(left)\" y1=\"\(top)\" x2=\"\(Self.width - 4)\" y2=\"\(top)\" stroke=\"#e3e7eb\"/>")
        parts.append("<line x1=\"\(left)\" y1=\"\(fmt(base))\" x2=\"\(Self.width - 4)\" y2=\"\(fmt(base))\" stroke=\"#9aa5b1\"/>")
        parts.append("<text x=\"\(left - 5)\" y=\"\(top + 4)\" font-size=\"11\" text-anchor=\"end\" fill=\"#4a5561\">\(maximum)</text>")
        parts.append("<text x=\"\(left - 5)\" y=\"\(fmt(base))\" font-size=\"11\" text-anchor=\"end\" fill=\"#4a5561\">0</text>")
        let longest = labels.map(\.count).max() ?? 3
        let labelEvery = max(1, Int(((Double(longest) * 6.6 + 4) / slot).rounded(.up)))
        for (i, line) in lines.enumerated() {
            let centre = Double(left) + slot * (Double(i) + 0.5)
            for (offset, value, current, heading) in [(-barWidth - 1, line.previous, false, previousHeading),
                                                      (1.0, line.current, true, currentHeading)] {
                let x = centre + offset
                let title = "\(line.label) \(heading)"
                if let value {
                    let h = plot * Double(value) / Double(maximum)
                    parts.append(bar(x: x, y: base - h, width: barWidth, height: h, current: current, title: "\(title): \(value)"))
                } else {
                    parts.append(stub(x: x, y: base - 10, width: barWidth, height: 10, title: title))
                }
            }
            if i % labelEvery == 0, i < labels.count {
                parts.append("<text x=\"\(fmt(centre))\" y=\"\(height - 6)\" font-size=\"11\" text-anchor=\"middle\" fill=\"#4a5561\">\(e(labels[i]))</text>")
            }
        }
        return svg(height: height, caption: caption, parts)
    }

    /// Horizontal bars, a pair per line (a type), the label above and each figure at the bar's end.
    func bars(_ lines: [YearComparison], caption: String) -> String {
        let e = HTMLPage.escape
        let top = 22, perLine = 44, barHeight = 11.0
        let height = top + perLine * lines.count + 4
        let room = Double(Self.width - 40)
        let maximum = max(1, lines.flatMap { [$0.previous, $0.current] }.compactMap { $0 }.max() ?? 0)
        var parts = legend(y: 2)
        for (i, line) in lines.enumerated() {
            let y = Double(top + perLine * i)
            parts.append("<text x=\"0\" y=\"\(fmt(y + 11))\" font-size=\"11\" fill=\"#1b1f24\">\(e(line.label))</text>")
            for (row, value, current, heading) in [(0, line.previous, false, previousHeading), (1, line.current, true, currentHeading)] {
                let barY = y + 15 + Double(row) * (barHeight + 2)
                let title = "\(line.label) \(heading)"
                if let value {
                    let w = max(value > 0 ? 1.5 : 0, room * Double(value) / Double(maximum))
                    if value > 0 { parts.append(bar(x: 0, y: barY, width: w, height: barHeight, current: current, title: "\(title): \(value)")) }
                    parts.append("<text x=\"\(fmt(w + 4))\" y=\"\(fmt(barY + 9.5))\" font-size=\"11\" fill=\"#1b1f24\">\(value)</text>")
                } else {
                    parts.append(stub(x: 0, y: barY, width: 16, height: barHeight, title: title))
                    parts.append("<text x=\"20\" y=\"\(fmt(barY + 9.5))\" font-size=\"11\" fill=\"#6b7683\">\(e(withheldMark ?? ""))</text>")
                }
            }
        }
        return svg(height: height, caption: caption, parts)
    }
}
