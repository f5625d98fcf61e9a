import PeerLog

/// The N forms the bench files: every incident and intervention in turn, spread over 2025 one
/// form per 17 minutes at UTC−6, so the report has many periods and cells. Deterministic, so two
/// runs file the same forms.
struct SyntheticForms {
    static let start: Int64 = 1_735_689_600 + 6 * 3600 // 2025-01-01 00:00 at UTC−6

    func time(_ index: Int) throws -> ServiceTime {
        try ServiceTime(epochSeconds: Self.start + Int64(index % 30_000) * 17 * 60, utcOffsetMinutes: -360)
    }

    func incident(_ index: Int) -> IncidentType {
        IncidentType.allCases[index % IncidentType.allCases.count]
    }

    func intervention(_ index: Int) -> InterventionKind {
        InterventionKind.allCases[(index / IncidentType.allCases.count) % InterventionKind.allCases.count]
    }
}
