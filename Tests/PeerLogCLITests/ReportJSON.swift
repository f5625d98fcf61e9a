import Foundation

/// `peerlog report --format json` (FORMAT.md §8.1), decoded so tests can count cell by cell.
struct ReportJSON: Decodable {
    struct TypeRow: Decodable {
        let period: String
        let incident: String
        let intervention: String
        let count: Int
    }

    struct AdvisorRow: Decodable {
        let period: String
        let advisor: String
        let count: Int
    }

    let total: Int
    let byType: [TypeRow]
    let byAdvisor: [AdvisorRow]

    init(_ output: String) throws {
        self = try JSONDecoder().decode(Self.self, from: Data(output.utf8))
    }

    /// Forms per incident/intervention pair, over all periods.
    var countsByType: [String: Int] {
        byType.reduce(into: [:]) { $0["\($1.incident)/\($1.intervention)", default: 0] += $1.count }
    }

    /// Forms per advisor, over all periods.
    var countsByAdvisor: [String: Int] {
        byAdvisor.reduce(into: [:]) { $0[$1.advisor, default: 0] += $1.count }
    }
}
