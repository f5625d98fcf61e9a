import Foundation

/// Finds walks along neighbouring keys of a US QWERTY keyboard ("qwertyuiop", "1qaz2wsx",
/// "zxcvbn", "poiuy"), three keys or more. A walk costs the number of walks an attacker tries
/// before it: every starting key, every direction at every turn, shorter walks first, times the
/// ways of holding shift on some keys.
enum KeyboardMatcher {
    /// Walks are followed this far from each start. A longer one is then read as several walks,
    /// which overstates its guesses somewhat (back and forth along a row, 64 keys already need
    /// about 10^12; "asasas…" is found as a repeat); following every walk to its end from every
    /// key would cost time growing with the square of the passphrase's length.
    static let longestWalk = 64

    struct Key {
        let row: Int
        let column: Int
        /// Horizontal position in key widths: rows are staggered, so neighbours in the rows above
        /// and below are the keys less than one width away.
        let x: Double
        let shifted: Bool
    }

    /// Each row unshifted and shifted, and how far its first key sits from the left edge.
    static let rows: [(plain: String, shifted: String, indent: Double)] = [
        ("`1234567890-=", "~!@#$%^&*()_+", 0),
        ("qwertyuiop[]\\", "QWERTYUIOP{}|", 1.5),
        ("asdfghjkl;'", "ASDFGHJKL:\"", 1.75),
        ("zxcvbnm,./", "ZXCVBNM<>?", 2.25),
    ]

    /// The key of each ASCII character, if it has one.
    static let keys: [Key?] = {
        var keys = [Key?](repeating: nil, count: 128)
        for (row, layout) in rows.enumerated() {
            for (column, (plain, shifted)) in zip(layout.plain.utf8, layout.shifted.utf8).enumerated() {
                let x = layout.indent + Double(column)
                keys[Int(plain)] = Key(row: row, column: column, x: x, shifted: false)
                keys[Int(shifted)] = Key(row: row, column: column, x: x, shifted: true)
            }
        }
        return keys
    }()

    static func key(_ unit: UInt32) -> Key? { unit < 128 ? keys[Int(unit)] : nil }

    /// The direction from `a` to its neighbour `b` (0...5), or nil when they are not neighbours.
    static func direction(from a: Key, to b: Key) -> Int? {
        if a.row == b.row {
            switch b.column - a.column {
            case -1: return 0
            case 1: return 1
            default: return nil
            }
        }
        guard abs(a.row - b.row) == 1, abs(a.x - b.x) < 1 else { return nil }
        return (b.row > a.row ? 2 : 4) + (b.x > a.x ? 1 : 0)
    }

    /// How many keys a walk can start on, and how many neighbours a key has on average.
    static let startingKeys: Double = Double(rows.reduce(0) { $0 + $1.plain.utf8.count })
    static let averageNeighbours: Double = {
        let all = rows.enumerated().flatMap { row, layout in
            (0..<layout.plain.utf8.count).map { Key(row: row, column: $0, x: layout.indent + Double($0), shifted: false) }
        }
        let links = all.reduce(0) { sum, key in sum + all.filter { direction(from: key, to: $0) != nil }.count }
        return Double(links) / Double(all.count)
    }()

    static func matches(in units: UnsafeBufferPointer<UInt32>) -> [PatternMatch] {
        var found: [PatternMatch] = []
        for start in units.indices {
            guard var previous = key(units[start]) else { continue }
            var end = start, turns = 0, lastDirection = -1, shifted = previous.shifted ? 1 : 0
            while end + 1 < units.count, end - start + 1 < longestWalk, let next = key(units[end + 1]),
                  let direction = direction(from: previous, to: next) {
                if direction != lastDirection { turns += 1 }
                lastDirection = direction
                if next.shifted { shifted += 1 }
                previous = next
                end += 1
            }
            let length = end - start + 1
            guard length >= 3 else { continue }
            let guesses = log10Walks(length: length, turns: turns)
                + GuessCounting.log10MarkingVariations(marked: shifted, plain: length - shifted)
            found.append(PatternMatch(start: start, end: end, pattern: .keyboard, log10Guesses: guesses))
        }
        return found
    }

    /// log10 of the walks of up to `length` keys with up to `turns` changes of direction.
    static func log10Walks(length: Int, turns: Int) -> Double {
        let ceiling = 1e60
        var total = 0.0
        for keys in 2...max(2, length) {
            for turn in 1...max(1, min(turns, keys - 1)) {
                total += GuessCounting.binomial(keys - 1, turn - 1) * startingKeys * pow(averageNeighbours, Double(turn))
                if !(total < ceiling) { return log10(ceiling) }
            }
        }
        return log10(total)
    }
}
