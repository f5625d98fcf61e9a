import Foundation

/// The cheapest reading of a whole passphrase as a sequence of pieces (dynamic programming, as in
/// Wheeler's zxcvbn paper): a reading costs the product of its pieces' guesses times l! for its
/// l pieces, and the attacker is credited with the cheapest reading. Stretches no pattern covers
/// are read as random characters at ten guesses each.
enum MinimumGuessSearch {
    /// Readings of more pieces are not considered: 41! alone is above 10^49, far above any bar,
    /// so leaving them out can only overstate guesses that are astronomical anyway.
    static let mostPieces = 40

    struct Piece {
        let start: Int
        let end: Int
        let pattern: GuessPattern
    }

    static func cheapestReading(length: Int, matches: [PatternMatch]) -> (log10Guesses: Double, pieces: [Piece]) {
        guard length > 0 else { return (0, []) }
        let width = mostPieces + 1
        // cost[k * width + l]: log10 of the cheapest product for the first k units in l pieces.
        var cost = [Double](repeating: .infinity, count: (length + 1) * width)
        // How that entry was reached: a match index, or `randomFrom(s)` for random characters s..<k.
        var step = [Int](repeating: unreached, count: (length + 1) * width)
        cost[0] = 0
        var endingAt = [[Int]](repeating: [], count: length)
        for (index, match) in matches.enumerated() where 0 <= match.start && match.start <= match.end && match.end < length {
            endingAt[match.end].append(index)
        }
        // For random characters ending anywhere: min over s of cost[s][l-1] - s, kept as we go.
        var cheapestStart = [Double](repeating: .infinity, count: width)
        var cheapestStartAt = [Int](repeating: 0, count: width)
        for end in 0..<length {
            let row = (end + 1) * width
            for index in endingAt[end] {
                let match = matches[index]
                let added = match.pattern.countsAsPiece ? 1 : 0
                for pieces in added..<width {
                    let candidate = cost[match.start * width + pieces - added] + match.log10Guesses
                    if candidate < cost[row + pieces] {
                        cost[row + pieces] = candidate
                        step[row + pieces] = index
                    }
                }
            }
            for pieces in 1..<width {
                let startingHere = cost[end * width + pieces - 1] - Double(end)
                if startingHere < cheapestStart[pieces] {
                    cheapestStart[pieces] = startingHere
                    cheapestStartAt[pieces] = end
                }
                let candidate = cheapestStart[pieces] + Double(end + 1)
                if candidate < cost[row + pieces] {
                    cost[row + pieces] = candidate
                    step[row + pieces] = randomFrom(cheapestStartAt[pieces])
                }
            }
        }
        var total = Double.infinity, pieceCount = 0
        for pieces in 0..<width {
            let candidate = cost[length * width + pieces] + GuessCounting.log10Factorial(pieces)
            if candidate < total {
                total = candidate
                pieceCount = pieces
            }
        }
        var reading: [Piece] = []
        var position = length
        while position > 0 {
            let taken = step[position * width + pieceCount]
            if taken >= 0 {
                let match = matches[taken]
                reading.append(Piece(start: match.start, end: match.end, pattern: match.pattern))
                if match.pattern.countsAsPiece { pieceCount -= 1 }
                position = match.start
            } else if taken != unreached {
                let start = randomStart(taken)
                reading.append(Piece(start: start, end: position - 1, pattern: .otherCharacters))
                pieceCount -= 1
                position = start
            } else {
                break
            }
        }
        return (total, reading.reversed())
    }

    private static let unreached = Int.min
    private static func randomFrom(_ start: Int) -> Int { -2 - start }
    private static func randomStart(_ step: Int) -> Int { -2 - step }
}
