import ArgumentParser
import Foundation
import PeerLog

/// `--format` values, validated by the parser (an unknown one is a usage error, exit 64).
struct OutputFormat: ExpressibleByArgument {
    let value: ReportFormat
    init?(argument: String) {
        guard let format = ReportFormat(rawValue: argument) else { return nil }
        value = format
    }
    init(_ value: ReportFormat) { self.value = value }
    static var allValueStrings: [String] { ReportFormat.allCases.map(\.rawValue) }
    static let text = OutputFormat(.text)
    var defaultValueDescription: String { value.rawValue }
}

extension PeriodGrouping: ExpressibleByArgument {}

/// `--format` for listings, which have no HTML form.
enum ListFormat: String, ExpressibleByArgument, CaseIterable {
    case text, csv, json
}
