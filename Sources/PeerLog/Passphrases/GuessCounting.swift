import Foundation

/// The counting behind every guess estimate, in log10 so that long passphrases cannot overflow.
enum GuessCounting {
    /// n choose k, as a Double (exact while it fits; +infinity beyond, which callers cap).
    static func binomial(_ n: Int, _ k: Int) -> Double {
        guard k >= 0, k <= n else { return 0 }
        let k = min(k, n - k)
        var result = 1.0
        for i in 0..<k {
            result = result * Double(n - i) / Double(i + 1)
        }
        return result
    }

    /// log10(l!), the factor for a passphrase made of `l` pieces: an attacker who knows the pieces
    /// still has to try the orders they could come in.
    static func log10Factorial(_ l: Int) -> Double {
        guard l > 1 else { return 0 }
        return (2...l).reduce(0.0) { $0 + log10(Double($1)) }
    }

    /// How many ways an attacker tries to mark `marked` of `marked + plain` positions (capital
    /// letters, shifted keys, look-alike symbols) before reaching this one: the common cases
    /// (none; all of them; only the first or only the last) cost little, any other mix costs the
    /// number of ways of choosing up to that many positions.
    /// - Returns: the count as log10.
    static func log10MarkingVariations(marked: Int, plain: Int, onlyFirstOrLast: Bool = false) -> Double {
        if marked == 0 { return 0 }
        if plain == 0 || (marked == 1 && onlyFirstOrLast) { return log10(2) }
        var ways = 0.0
        for chosen in 1...min(marked, plain) {
            ways += binomial(marked + plain, chosen)
        }
        return ways.isFinite ? log10(ways) : Double(marked + plain) * log10(2)
    }
}
