/// Wall-clock timing of one phase, and its rate.
struct Timing {
    let seconds: Double
    let items: Int
    var perSecond: Double { Double(items) / seconds }

    /// Two phases' times and items together (a phase measured in slices).
    static func + (a: Timing, b: Timing) -> Timing {
        Timing(seconds: a.seconds + b.seconds, items: a.items + b.items)
    }

    static func measure(items: Int, _ work: () throws -> Void) rethrows -> Timing {
        let duration = try ContinuousClock().measure(work)
        let (whole, attoseconds) = duration.components
        return Timing(seconds: Double(whole) + Double(attoseconds) * 1e-18, items: items)
    }
}

/// `12345.6` → `"12,346"`: rates are printed rounded, with thousands separators.
func grouped(_ value: Double) -> String {
    let digits = String(Int(value.rounded()))
    var out = ""
    for (index, character) in digits.reversed().enumerated() {
        if index > 0, index % 3 == 0, character != "-" { out.append(",") }
        out.append(character)
    }
    return String(out.reversed())
}

func decimal(_ value: Double, places: Int) -> String {
    var scale = 1.0
    for _ in 0..<places { scale *= 10 }
    let rounded = (value * scale).rounded() / scale
    let text = String(rounded)
    guard let dot = text.firstIndex(of: ".") else { return text + "." + String(repeating: "0", count: places) }
    let decimals = text[text.index(after: dot)...]
    return text + String(repeating: "0", count: max(0, places - decimals.count))
}
