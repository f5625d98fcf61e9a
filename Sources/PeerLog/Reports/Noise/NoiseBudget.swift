/// The privacy loss spent on each month of forms. A form lies in one month, and every noisy
/// publication covering that month spends its epsilon on it (sequential composition); months do
/// not share forms, so the budget is per month (parallel composition). Withdrawn publications
/// still count: command staff keep their copies.
enum NoiseBudget {
    /// Epsilon spent per month label (`YYYY-MM`) by `ledger`.
    static func spent(_ ledger: PublicationLedger) -> [String: Epsilon] {
        var spent: [String: Epsilon] = [:]
        for entry in ledger.entries {
            guard let noise = entry.report.noise, let epsilon = try? Epsilon(parsing: noise.epsilon),
                  let from = try? CalendarDate(parsing: entry.report.from), let to = try? CalendarDate(parsing: entry.report.to) else { continue }
            for month in PeriodGrouping.month.labels(from: from, to: to) { spent[month] = (spent[month] ?? .zero) + epsilon }
        }
        return spent
    }

    /// - Throws: `NoiseError.budgetNotSet`, `.budgetExceeded` naming the first month over budget.
    static func check(_ epsilon: Epsilon, from: CalendarDate, to: CalendarDate, ledger: PublicationLedger, budget: Epsilon?) throws {
        guard let budget else { throw NoiseError.budgetNotSet }
        let spent = spent(ledger)
        for month in PeriodGrouping.month.labels(from: from, to: to) {
            let already = spent[month] ?? .zero
            if budget < already + epsilon {
                throw NoiseError.budgetExceeded(month: month, spent: already.description, asked: epsilon.description, budget: budget.description)
            }
        }
    }
}
