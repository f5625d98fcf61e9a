internal import CSodium

/// ISO/IEC 7816-4 padding (libsodium `sodium_pad`), so every sealed form has the same length and
/// ciphertext size cannot hint at the advisor or the type of intervention.
enum Padding {
    static func pad(_ message: [UInt8], toMultipleOf blockSize: Int) throws -> [UInt8] {
        var buffer = message + [UInt8](repeating: 0, count: blockSize)
        var paddedLength = 0
        let status = buffer.withUnsafeMutableBufferPointer { b in
            sodium_pad(&paddedLength, b.baseAddress!, message.count, blockSize, b.count)
        }
        guard status == 0 else { throw CryptoError.operationFailed("padding") }
        return Array(buffer[0..<paddedLength])
    }

    static func unpad(_ padded: [UInt8], blockSize: Int) throws -> [UInt8] {
        guard !padded.isEmpty, padded.count % blockSize == 0 else { throw CryptoError.badPadding }
        var length = 0
        let status = padded.withUnsafeBufferPointer { b in
            sodium_unpad(&length, b.baseAddress!, padded.count, blockSize)
        }
        guard status == 0 else { throw CryptoError.badPadding }
        return Array(padded[0..<length])
    }
}
