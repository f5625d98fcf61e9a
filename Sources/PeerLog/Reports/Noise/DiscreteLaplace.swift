/// The two-sided geometric (discrete Laplace) distribution, Pr[Y = y] ∝ exp(−ε·|y|), sampled
/// exactly with integer arithmetic only: Canonne, Kamath and Steinke, "The Discrete Gaussian for
/// Differential Privacy" (2020), Algorithms 1 and 2. Every coin is a uniform integer from the
/// random source compared with a numerator, so no floating-point rounding biases the output.
/// Added to counts that each form changes by at most one, it gives ε-differential privacy.
struct DiscreteLaplace {
    let epsilon: Epsilon

    /// One sample.
    func sample<R: RandomSource>(_ random: inout R) -> Int {
        // Scale t/s with ε = s/t.
        let s = epsilon.numerator, t = epsilon.denominator
        while true {
            let u = random.uniform(below: t)
            guard Self.bernoulliExp(u, t, &random) else { continue }
            var v: UInt64 = 0
            while Self.bernoulliExp(1, 1, &random) { v += 1 }
            let x = u + t * v
            let y = Int(x / s)
            let negative = random.uniform(below: 2) == 1
            if negative, y == 0 { continue }
            return negative ? -y : y
        }
    }

    /// True with probability exp(−numerator/denominator), exactly (Algorithm 1).
    static func bernoulliExp<R: RandomSource>(_ numerator: UInt64, _ denominator: UInt64, _ random: inout R) -> Bool {
        var gamma = numerator
        // exp(−γ) = exp(−1)^⌊γ⌋ · exp(−(γ − ⌊γ⌋)).
        while gamma > denominator {
            guard bernoulliExp(1, 1, &random) else { return false }
            gamma -= denominator
        }
        // γ ≤ 1: K ← 1; while Bernoulli(γ/K): K ← K + 1; true when K is odd.
        var k: UInt64 = 1
        while random.uniform(below: denominator * k) < gamma { k += 1 }
        return k % 2 == 1
    }
}
