/// SplitMix64 (Steele, Lea and Flood): a tiny seeded generator, so the demo's schedule and the
/// tests' random inputs are the same on every run and any failure can be replayed.
/// Never used for anything secret: keys, salts and nonces come from libsodium.
package struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    package init(seed: UInt64) { state = seed }

    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A value below `bound` by plain remainder: slightly biased, which a demo schedule does not
    /// mind, and stable, so the demo's output never changes.
    package mutating func next(below bound: UInt64) -> UInt64 { next() % bound }
}
