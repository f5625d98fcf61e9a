/// A signed 64-bit integer as 8 big-endian bytes (ids, sequence numbers in canonical encodings).
package func bigEndian64(_ v: Int64) -> [UInt8] {
    let u = UInt64(bitPattern: v)
    return (0..<8).reversed().map { UInt8((u >> (UInt64($0) * 8)) & 0xFF) }
}
