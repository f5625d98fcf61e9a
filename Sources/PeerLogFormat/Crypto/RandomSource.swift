internal import CSodium

/// Uniform random integers for the report's random choices and its noise. Every draw is exactly
/// uniform (rejection sampling, never a remainder), so samplers built on it inherit no bias.
package protocol RandomSource {
    /// A uniform integer in `0..<bound`; `bound` must be at least 1.
    mutating func uniform(below bound: UInt64) -> UInt64
}

extension RandomSource {
    /// True with probability `numerator / denominator`, exactly.
    package mutating func bernoulli(_ numerator: UInt64, over denominator: UInt64) -> Bool {
        uniform(below: denominator) < numerator
    }

    /// A uniform element of `items`, or nil when it is empty.
    package mutating func element<T>(of items: [T]) -> T? {
        items.isEmpty ? nil : items[Int(uniform(below: UInt64(items.count)))]
    }
}

/// Rejection sampling of a uniform value below `bound` from uniform 64-bit words.
func uniformByRejection(below bound: UInt64, _ next: () -> UInt64) -> UInt64 {
    guard bound > 1 else { return 0 }
    // The largest multiple of `bound` that fits, so every residue is equally likely.
    let limit = UInt64.max - (UInt64.max % bound + 1) % bound
    while true {
        let word = next()
        if word <= limit { return word % bound }
    }
}

/// libsodium's CSPRNG (`randombytes_uniform`, `randombytes_buf`). Nothing is recorded: use it for
/// what must never be reproduced, such as noise.
package struct SystemRandom: RandomSource {
    package init() {}

    package mutating func uniform(below bound: UInt64) -> UInt64 {
        guard bound > 1 else { return 0 }
        if bound <= UInt64(UInt32.max) { return UInt64(Sodium.randomUniform(UInt32(bound))) }
        return uniformByRejection(below: bound) {
            Sodium.randomBytes(8).reduce(0) { $0 << 8 | UInt64($1) }
        }
    }
}

/// A reproducible stream from a 32-byte seed: the ChaCha20 keystream under the seed as key
/// (libsodium `crypto_stream_chacha20`), one 8-byte nonce per 4 KiB block. The seed itself comes
/// from libsodium's CSPRNG and is kept sealed to the program key, so the coordinator can replay
/// exactly the choices a publication made while nobody else can.
package struct SeededRandom: RandomSource {
    package static let seedLength = 32
    private static let blockLength = 4096

    private let seed: [UInt8]
    private var block: [UInt8] = []
    private var offset = 0
    private var nonce: UInt64 = 0

    /// - Throws: `CryptoError.wrongSize` unless the seed is 32 bytes.
    package init(seed: [UInt8]) throws {
        guard seed.count == Self.seedLength else {
            throw CryptoError.wrongSize(what: "random seed", expected: Self.seedLength, actual: seed.count)
        }
        try Sodium.ensureReady()
        self.seed = seed
    }

    /// A fresh seed from libsodium's CSPRNG.
    package static func freshSeed() -> [UInt8] { Sodium.randomBytes(seedLength) }

    package mutating func uniform(below bound: UInt64) -> UInt64 {
        uniformByRejection(below: bound) { nextWord() }
    }

    private mutating func nextWord() -> UInt64 {
        if offset + 8 > block.count { refill() }
        var word: UInt64 = 0
        for i in 0..<8 { word = word << 8 | UInt64(block[offset + i]) }
        offset += 8
        return word
    }

    private mutating func refill() {
        var nonceBytes = [UInt8](repeating: 0, count: Int(crypto_stream_chacha20_NONCEBYTES))
        for i in 0..<8 { nonceBytes[i] = UInt8((nonce >> (UInt64(i) * 8)) & 0xFF) }
        nonce += 1
        var out = [UInt8](repeating: 0, count: Self.blockLength)
        // libsodium returns 0 for every length below its 2^64-byte limit; 4 KiB always succeeds.
        _ = crypto_stream_chacha20(&out, UInt64(out.count), nonceBytes, seed)
        block = out
        offset = 0
    }
}
