/// A privacy loss epsilon, held as an exact fraction so that the sampler and the budget never
/// round: written as a decimal (`0.5`, `1.25`, `2`), at most four decimals, above 0 and at most 10.
public struct Epsilon: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let numerator: UInt64
    public let denominator: UInt64

    /// - Throws: `NoiseError.badEpsilon` for anything else.
    public init(parsing text: String) throws {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        let digits: (Substring) -> Bool = { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }
        guard (1...2).contains(parts.count), digits(parts[0]), parts[0].count <= 3, let whole = UInt64(parts[0]),
              parts.count == 1 || (parts[1].count <= 4 && digits(parts[1])) else {
            throw NoiseError.badEpsilon(text)
        }
        let decimals = parts.count == 2 ? parts[1] : ""
        var denominator: UInt64 = 1
        for _ in decimals { denominator *= 10 }
        let numerator = whole * denominator + (UInt64(decimals) ?? 0)
        guard numerator > 0, numerator <= 10 * denominator else { throw NoiseError.badEpsilon(text) }
        self.init(numerator: numerator, denominator: denominator)
    }

    init(numerator: UInt64, denominator: UInt64) {
        let divisor = Self.gcd(numerator, denominator)
        self.numerator = numerator / max(divisor, 1)
        self.denominator = denominator / max(divisor, 1)
    }

    static let zero = Epsilon(numerator: 0, denominator: 1)

    private static func gcd(_ a: UInt64, _ b: UInt64) -> UInt64 { b == 0 ? a : gcd(b, a % b) }

    public static func + (a: Epsilon, b: Epsilon) -> Epsilon {
        Epsilon(numerator: a.numerator * b.denominator + b.numerator * a.denominator, denominator: a.denominator * b.denominator)
    }

    public static func < (a: Epsilon, b: Epsilon) -> Bool { a.numerator * b.denominator < b.numerator * a.denominator }

    /// The shortest decimal that is exactly this value (denominators here divide a power of 10).
    public var description: String {
        let whole = numerator / denominator
        var rest = numerator % denominator
        guard rest != 0 else { return String(whole) }
        var digits = ""
        var steps = 0
        while rest != 0, steps < 12 {
            rest *= 10
            digits += String(rest / denominator)
            rest %= denominator
            steps += 1
        }
        return "\(whole).\(digits)"
    }
}

/// Noise that cannot be added as asked.
public enum NoiseError: PeerLogError, Equatable {
    case badEpsilon(String)
    case budgetNotSet
    case budgetExceeded(month: String, spent: String, asked: String, budget: String)

    public var description: String {
        switch self {
        case let .badEpsilon(text): return "'\(InputError.sanitised(text))' is not an epsilon PeerLog accepts: a decimal above 0 and at most 10, with at most four decimals"
        case .budgetNotSet: return "no noise budget is set, so noise cannot be accounted for"
        case let .budgetExceeded(month, spent, asked, budget):
            return "publishing with epsilon \(asked) would exceed the noise budget for \(month): \(spent) of \(budget) is already spent there"
        }
    }

    public var hint: String? {
        switch self {
        case .badEpsilon: return "for example --noise 0.5"
        case .budgetNotSet: return "set the budget per month of forms first, e.g. 'peerlog settings noise-budget 2.0'"
        case .budgetExceeded: return "use a smaller --noise, publish without noise, or cover other months"
        }
    }

    public var exitStatus: ExitStatus { .invalidData }
}
