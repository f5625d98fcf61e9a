import Foundation

/// What a reader holding every published report can work out, computed independently of
/// PeerLog's own check: the bodies are read as plain JSON (not through `CommandStaffReport`),
/// every number becomes a constraint of a linear programme written in CPLEX LP format, and GLPK's
/// command-line solver `glpsol` (a separate program, Debian glpk-utils) maximises and minimises
/// every withheld number. One `glpsol` run per direction: the programme holds one copy of the
/// unknowns per withheld number, so each copy's optimum is that number's own.
///
/// When both dimensions were published, the unknowns are the joint counts (incident type ×
/// intervention kind × month) themselves, as the forms are: this reader does not rely on the
/// reduction PeerLog's check makes (one unknown per code and month, linked by month totals).
struct ReaderOracle {
    struct Exposure: CustomStringConvertible {
        let what: String
        let low: Double
        let high: Double
        let k: Int
        var description: String { "\(what): between \(low) and \(high) (K = \(k))" }
    }

    /// A withheld or published number: which unknowns it adds up.
    struct Number {
        let variables: [String]
        let value: Int?
        let k: Int
        let what: String
    }

    /// `glpsol` on PATH, or nil.
    static func glpsol() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") + ["/usr/bin", "/usr/local/bin"] {
            let candidate = "\(directory)/glpsol"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    static let incidentCodes = ["deadly-force", "assault-on-member", "injury-illness-death", "family-death-assistance",
                                "crimes-against-children", "substance-abuse", "personal-problems", "traumatic-event", "critical-incident", "other"]
    static let interventionCodes = ["one-on-one", "referral", "secondary-trauma", "group-support", "follow-up", "mutual-aid",
                                    "supervisor-activation"]

    /// Months `YYYY-MM` from `from` to `to` (both `YYYY-MM-DD`, whole months).
    static func months(_ from: String, _ to: String) -> [String] {
        var (y, m) = (Int(from.prefix(4)) ?? 0, Int(from.dropFirst(5).prefix(2)) ?? 0)
        let end = (Int(to.prefix(4)) ?? 0) * 12 + (Int(to.dropFirst(5).prefix(2)) ?? 0)
        var out: [String] = []
        while y * 12 + m <= end {
            out.append(String(format: "%04d-%02d", y, m))
            m += 1
            if m == 13 { (y, m) = (y + 1, 1) }
        }
        return out
    }

    /// The months a period label (`YYYY-MM`, `YYYY-Qn`, `YYYY`) covers within `inReport`.
    static func months(ofLabel label: String, within inReport: [String]) -> [String] {
        inReport.filter { month in
            if label.count == 7, !label.contains("Q") { return month == label }
            if label.contains("-Q"), let q = Int(label.suffix(1)) {
                let m = Int(month.suffix(2)) ?? 0
                return month.hasPrefix(label.prefix(4)) && (m - 1) / 3 + 1 == q
            }
            return month.hasPrefix(label)
        }
    }

    let bodies: [[String: Any]]

    init(bodies: [Data]) throws {
        self.bodies = try bodies.map { try JSONSerialization.jsonObject(with: $0) as? [String: Any] ?? [:] }
    }

    /// Every number of every body, published or withheld, and the recoding inequalities.
    func model() -> (numbers: [Number], inequalities: [(variables: [String], lower: Int?, upper: Int?)], months: Set<String>) {
        var numbers: [Number] = []
        var inequalities: [(variables: [String], lower: Int?, upper: Int?)] = []
        var allMonths = Set<String>()
        let joint = Set(bodies.map { $0["dimension"] as? String ?? "" }).count == 2
        func name(_ code: String) -> String { code.replacingOccurrences(of: "-", with: "_") }
        for (b, body) in bodies.enumerated() {
            let dimension = body["dimension"] as? String ?? ""
            let vocabulary = dimension == "incident" ? Self.incidentCodes : Self.interventionCodes
            let k = body["minimumCell"] as? Int ?? 0
            let noisy = body["noise"] != nil
            let reportMonths = Self.months(body["from"] as? String ?? "", body["to"] as? String ?? "")
            allMonths.formUnion(reportMonths)
            // One unknown per code and month, or per (incident, intervention, month) when both
            // dimensions were published: a code of one dimension then sums over the other.
            func vars(_ codes: [String], _ months: [String]) -> [String] {
                codes.flatMap { c in months.flatMap { month -> [String] in
                    let m = name(month)
                    guard joint else { return ["v_\(name(c))_\(m)"] }
                    return dimension == "incident" ? Self.interventionCodes.map { "x_\(name(c))_\(name($0))_\(m)" }
                                                   : Self.incidentCodes.map { "x_\(name($0))_\(name(c))_\(m)" }
                } }
            }
            func add(_ codes: [String], _ months: [String], _ value: Any?, _ what: String) {
                let v = value as? Int
                // A noisy number tells the reader nothing certain: only withheld ones are kept.
                if noisy, v != nil { return }
                numbers.append(Number(variables: vars(codes, months), value: v, k: k, what: "publication \(b + 1): \(what)"))
            }
            let periods = body["periods"] as? [[String: Any]] ?? []
            for row in body["rows"] as? [[String: Any]] ?? [] {
                let code = row["code"] as? String ?? ""
                let codes = row["members"] as? [String] ?? [code]
                let counts = row["counts"] as? [Any] ?? []
                for (i, period) in periods.enumerated() {
                    let label = period["label"] as? String ?? ""
                    add(codes, Self.months(ofLabel: label, within: reportMonths), i < counts.count ? counts[i] : nil, "\(code) in \(label)")
                }
                add(codes, reportMonths, row["total"], "\(code), total")
            }
            for period in periods {
                let label = period["label"] as? String ?? ""
                add(vocabulary, Self.months(ofLabel: label, within: reportMonths), period["total"], "all in \(label)")
            }
            add(vocabulary, reportMonths, body["grandTotal"], "grand total")
            if let recoding = body["recoding"] as? [String: Any], let combined = recoding["combined"] as? [String],
               let threshold = recoding["threshold"] as? Int {
                for code in vocabulary {
                    inequalities.append(combined.contains(code) ? (vars([code], reportMonths), nil, threshold - 1)
                                                                : (vars([code], reportMonths), threshold, nil))
                }
            }
        }
        return (numbers, inequalities, allMonths)
    }

    /// Every withheld number whose largest value is below its K, or whose range is narrower than 1.
    func exposures(glpsol: String, directory: String) throws -> [Exposure] {
        let (numbers, inequalities, _) = model()
        var withheld: [(key: [String], k: Int, what: String)] = []
        var seen: [[String]: Int] = [:]
        for number in numbers where number.value == nil {
            let key = number.variables.sorted()
            if let i = seen[key] { withheld[i].k = max(withheld[i].k, number.k); continue }
            seen[key] = withheld.count
            withheld.append((key, number.k, number.what))
        }
        guard !withheld.isEmpty else { return [] }
        var constraints: [String] = []
        func sum(_ variables: [String], _ copy: Int) -> String {
            variables.isEmpty ? "0 x_empty_\(copy)" : variables.map { "\($0)_c\(copy)" }.joined(separator: " + ")
        }
        for copy in withheld.indices {
            for number in numbers {
                guard let value = number.value else { continue }
                constraints.append("\(sum(number.variables, copy)) = \(value)")
            }
            for inequality in inequalities {
                if let lower = inequality.lower { constraints.append("\(sum(inequality.variables, copy)) >= \(lower)") }
                if let upper = inequality.upper { constraints.append("\(sum(inequality.variables, copy)) <= \(upper)") }
            }
            constraints.append("o\(copy) - " + sum(withheld[copy].key, copy).replacingOccurrences(of: " + ", with: " - ") + " = 0")
        }
        func solve(_ sense: String) throws -> [Double] {
            var lp = "\(sense)\n obj: " + withheld.indices.map { "o\($0)" }.joined(separator: " + ") + "\nSubject To\n"
            for (i, c) in constraints.enumerated() { lp += " r\(i): \(c)\n" }
            lp += "Bounds\n" + withheld.indices.map { " o\($0) <= 1000000\n" }.joined() + "End\n"
            let lpPath = "\(directory)/reader-\(sense).lp", solution = "\(directory)/reader-\(sense).sol"
            try lp.write(toFile: lpPath, atomically: true, encoding: .utf8)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: glpsol)
            process.arguments = ["--lp", lpPath, "-w", solution]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            let text = try String(contentsOfFile: solution, encoding: .utf8)
            var values: [Double] = []
            var status = ""
            for line in text.split(separator: "\n") {
                let fields = line.split(separator: " ")
                if fields.first == "s", fields.count >= 6 { status = String(fields[4]) }
                if fields.first == "j", fields.count >= 4, let index = Int(fields[1]), index <= withheld.count {
                    values.append(Double(fields[3]) ?? .nan)
                }
            }
            guard status == "f", values.count == withheld.count else {
                throw OracleFailure(message: "glpsol found no optimum (status '\(status)', \(values.count) values); see \(lpPath)")
            }
            return values
        }
        let highs = try solve("Maximize"), lows = try solve("Minimize")
        return withheld.indices.compactMap { i in
            let (high, low) = (highs[i], lows[i])
            guard high < Double(withheld[i].k) - 1e-6 || high - low < 1 - 1e-6 else { return nil }
            return Exposure(what: withheld[i].what, low: low, high: high, k: withheld[i].k)
        }
    }

    /// Published numbers that break the primary rule: exact, not zero, below K.
    func smallNumbersShown() -> [String] {
        model().numbers.compactMap { n in n.value.map { $0 > 0 && $0 < n.k ? "\(n.what) = \($0)" : nil } ?? nil }
    }
}

struct OracleFailure: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
