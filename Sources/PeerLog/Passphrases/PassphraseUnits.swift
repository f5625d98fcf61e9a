/// A passphrase as the estimator reads it: one unit per Unicode scalar, and one per byte that is
/// not part of valid UTF-8 (so any input is measured, none is refused as undecodable or trapped on).
///
/// The units are as secret as the passphrase, so they live in `SecretBytes` memory, wiped when
/// released, and the matchers read them in place (slices, never copies).
struct PassphraseUnits {
    /// Invalid bytes become `invalidByteBase + byte`: above every Unicode scalar, so they never
    /// match a word or a pattern, and distinct from each other, so repeats of them are still seen.
    static let invalidByteBase: UInt32 = 0x11_0000

    private let storage: SecretBytes
    let count: Int

    /// Decodes UTF-8 leniently: valid scalars as themselves, each invalid byte on its own.
    init(decoding bytes: UnsafeRawBufferPointer) throws {
        let storage = try SecretBytes(count: bytes.count * MemoryLayout<UInt32>.stride)
        var written = 0
        storage.withUnsafeMutableBytes { raw in
            let units = raw.bindMemory(to: UInt32.self)
            var parser = Unicode.UTF8.ForwardParser()
            var input = bytes.makeIterator()
            var offset = 0
            decoding: while true {
                switch parser.parseScalar(from: &input) {
                case let .valid(encoded):
                    units[written] = Unicode.UTF8.decode(encoded).value
                    written += 1
                    offset += encoded.count
                case let .error(length):
                    for index in offset..<min(offset + length, bytes.count) {
                        units[written] = Self.invalidByteBase + UInt32(bytes[index])
                        written += 1
                    }
                    offset += length
                case .emptyInput:
                    break decoding
                }
            }
        }
        self.storage = storage
        count = written
    }

    private init(storage: SecretBytes, count: Int) {
        self.storage = storage
        self.count = count
    }

    /// The same units back to front, in their own wiped memory (for reversed words).
    func reversed() throws -> PassphraseUnits {
        let copy = try SecretBytes(count: count * MemoryLayout<UInt32>.stride)
        copy.withUnsafeMutableBytes { raw in
            let target = raw.bindMemory(to: UInt32.self)
            withUnits { source in
                for index in 0..<count { target[index] = source[count - 1 - index] }
            }
        }
        return PassphraseUnits(storage: copy, count: count)
    }

    func withUnits<R>(_ body: (UnsafeBufferPointer<UInt32>) throws -> R) rethrows -> R {
        try storage.withUnsafeBytes { raw in
            let all = raw.bindMemory(to: UInt32.self)
            return try body(UnsafeBufferPointer(rebasing: all[0..<count]))
        }
    }

    /// `unit` with ASCII capitals made small; everything else unchanged.
    static func folded(_ unit: UInt32) -> UInt32 {
        (0x41...0x5A).contains(unit) ? unit + 0x20 : unit
    }

    static func isASCIIUppercase(_ unit: UInt32) -> Bool { (0x41...0x5A).contains(unit) }
    static func isASCIILowercase(_ unit: UInt32) -> Bool { (0x61...0x7A).contains(unit) }
    static func isDigit(_ unit: UInt32) -> Bool { (0x30...0x39).contains(unit) }
}
