import Foundation
import Testing
@testable import PeerLog
@testable import PeerLogFormat

/// Draws for the fuzz tests from the library's seeded generator, so every run feeds the parsers
/// exactly the same inputs and any failure can be replayed.
extension SplitMix64 {
    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self) }
    mutating func byte() -> UInt8 { UInt8(truncatingIfNeeded: next()) }
    mutating func bytes(_ count: Int) -> [UInt8] { (0..<count).map { _ in byte() } }
    mutating func chance(_ percent: Int) -> Bool { int(0...99) < percent }
    mutating func pick<T>(_ items: [T]) -> T { items[int(0...items.count - 1)] }
}

/// Hostile text: controls, NULs, bidi overrides, invisible and format characters, confusable
/// letters and digits from other scripts, full-width forms, emoji, SQL and format-string bait.
enum HostileText {
    static let pieces: [String] = [
        "\u{0}", "\u{1}", "\u{7}", "\u{8}", "\u{1B}[2J", "\u{7F}", "\u{85}", "\u{9B}", "\t", "\n", "\r", "\r\n",
        "\u{200B}", "\u{200C}", "\u{200D}", "\u{2060}", "\u{FEFF}", "\u{AD}", "\u{202A}", "\u{202B}", "\u{202D}",
        "\u{202E}", "\u{2066}", "\u{2067}", "\u{2069}", "\u{2028}", "\u{2029}", "\u{061C}",
        "\u{A0}", "\u{2009}", "\u{3000}", "\u{1680}", " ", "  ",
        "\u{430}", "\u{435}", "\u{43E}", "\u{456}", "\u{501}", "\u{3BF}", "\u{212A}", "\u{212B}", "\u{37E}",
        "\u{FF10}", "\u{FF11}", "\u{FF19}", "\u{663}", "\u{6F5}", "\u{96A}", "\u{1D7CE}", "\u{2460}", "\u{B2}",
        "\u{FF0D}", "\u{2010}", "\u{2011}", "\u{2013}", "\u{2212}", "\u{FF1A}", "\u{FF0B}", "\u{FF34}", "\u{FF3A}",
        "🙂", "👩‍👩‍👧", "🇺🇸", "\u{301}", "\u{301}\u{301}\u{301}\u{301}", "\u{3164}", "\u{115F}", "\u{FFA0}",
        "'", "\"", "`", ";", "';--", "\"; DROP TABLE usage_form; --", "' OR '1'='1", "%s%n", "\\", "<b>", "../",
        "\u{E000}", "\u{F8FF}", "\u{FFFD}", "\u{FFFF}", "\u{10FFFF}", "\u{E0041}",
    ]

    /// One random Unicode scalar (any plane, surrogates skipped).
    static func scalar(_ rng: inout SplitMix64) -> String {
        while true {
            let value = rng.chance(60) ? UInt32(rng.int(0...0x2FFF)) : UInt32(rng.int(0...0x10FFFF))
            if let s = Unicode.Scalar(value) { return String(Character(s)) }
        }
    }

    /// Random text built from `alphabet` (the characters the grammar under test uses), hostile
    /// pieces and arbitrary scalars.
    static func random(_ rng: inout SplitMix64, alphabet: [String], maxPieces: Int = 24) -> String {
        let count = rng.int(0...maxPieces)
        var out = ""
        for _ in 0..<count {
            switch rng.int(0...9) {
            case 0...5: out += rng.pick(alphabet)
            case 6...8: out += rng.pick(pieces)
            default: out += scalar(&rng)
            }
        }
        return out
    }

    /// `valid` with one to three edits: replace, insert or delete a scalar, or repeat a stretch.
    static func mutate(_ valid: String, _ rng: inout SplitMix64, alphabet: [String]) -> String {
        var scalars = valid.unicodeScalars.map { String($0) }
        for _ in 0..<rng.int(1...3) {
            let replacement = rng.chance(50) ? rng.pick(alphabet) : (rng.chance(85) ? rng.pick(pieces) : scalar(&rng))
            switch rng.int(0...3) {
            case 0 where !scalars.isEmpty: scalars[rng.int(0...scalars.count - 1)] = replacement
            case 1: scalars.insert(replacement, at: rng.int(0...scalars.count))
            case 2 where !scalars.isEmpty: scalars.remove(at: rng.int(0...scalars.count - 1))
            default:
                guard !scalars.isEmpty else { continue }
                let start = rng.int(0...scalars.count - 1), end = rng.int(start...scalars.count - 1)
                let stretch = Array(scalars[start...end])
                scalars.insert(contentsOf: stretch, at: rng.int(0...scalars.count))
            }
        }
        return scalars.joined()
    }

    /// Inputs every parser gets regardless of the generator: empty, huge, and injections.
    static let fixed: [String] = [
        "", " ", "\u{0}", String(repeating: "a", count: 100_000), String(repeating: "\u{0}", count: 4_096),
        String(repeating: "9", count: 10_000), String(repeating: "-", count: 1_000), "\r\n", "\u{202E}",
        "a" + String(repeating: "\u{301}", count: 10_000),
    ]
}

@Suite("Parser fuzzing: hostile bytes and text never crash a parser, and only valid input gets in")
struct ParserFuzzTests {
    // MARK: - Sealed forms

    let program = try! ProgramKeyPair.generate()
    let advisor = try! SigningKey.generate()
    let advisorID = try! Identifier(bytes: Array(0..<16))
    var recipient: FormRecipient {
        FormRecipient(programID: try! Identifier(bytes: Array(32..<48)), keyID: 1, publicKey: program.publicKey)
    }

    func validForm() throws -> UsageForm {
        UsageForm(id: try Identifier(bytes: Array(16..<32)), advisorID: advisorID,
                  serviceTime: try time("2026-03-14 21:47"), incident: .deadlyForce, intervention: .mutualAid)
    }

    /// Opens `sealed` and sorts the outcome: a form, a `Rejection`, or some other error.
    enum Outcome { case opened(UsageForm), rejected(SealedForm.Rejection), otherError(any Error) }
    func open(_ sealed: [UInt8], rowID: Identifier) -> Outcome {
        do {
            return .opened(try SealedForm.open(sealed, rowID: rowID, recipient: recipient, keys: program) {
                $0 == advisorID ? advisor.publicKey : nil
            })
        } catch let rejection as SealedForm.Rejection {
            return .rejected(rejection)
        } catch {
            return .otherError(error)
        }
    }

    @Test("random blobs of every interesting length are rejected by name, never opened")
    func randomBlobsNeverOpen() throws {
        var rng = SplitMix64(seed: 0x5EA1_ED01)
        let rowID = try validForm().id
        let lengths = [0, 1, 16, 47, 48, 49, 255, 256, 303, 304, 305, 1_000]
        var problems: [String] = []
        for i in 0..<2_000 {
            // Half of the blobs have the one accepted length, so they reach the cryptography.
            let length = i % 2 == 0 ? 304 : (rng.chance(70) ? rng.pick(lengths) : rng.int(0...1_000))
            let blob = rng.bytes(length)
            switch open(blob, rowID: rowID) {
            case let .opened(form): problems.append("length \(length) opened as \(form)")
            case let .otherError(error): problems.append("length \(length) threw \(type(of: error)): \(error)")
            case let .rejected(rejection):
                let expected: SealedForm.Rejection = length == 304 ? .authenticationFailed : .wrongLength(length)
                if rejection != expected { problems.append("length \(length) rejected as \(rejection), expected \(expected)") }
            }
        }
        #expect(problems.isEmpty, "\(problems.count) misbehaviours, first: \(problems.prefix(5))")
    }

    @Test("single- and multi-byte mutations of a valid sealed form are rejected; the original opens")
    func mutatedSealedFormsNeverOpen() throws {
        var rng = SplitMix64(seed: 0x5EA1_ED02)
        let form = try validForm()
        let original = try SealedForm.seal(form, signer: advisor, recipient: recipient)
        let other = try SealedForm.seal(
            UsageForm(advisorID: advisorID, serviceTime: try time("2026-01-02 10:00"), incident: .other, intervention: .referral),
            signer: advisor, recipient: recipient)
        guard case .opened(let reopened) = open(original, rowID: form.id) else {
            Issue.record("the untouched original did not open")
            return
        }
        #expect(reopened == form)

        var problems: [String] = []
        var sameLength = 0
        for i in 0..<2_000 {
            var blob = original
            let kind: String
            switch i % 8 {
            case 0, 1, 2, 3: // one byte, xor with a non-zero mask
                let at = rng.int(0...blob.count - 1)
                blob[at] ^= UInt8(rng.int(1...255))
                kind = "byte \(at) flipped"
            case 4, 5: // several distinct bytes
                let positions = Set((0..<rng.int(2...24)).map { _ in rng.int(0...blob.count - 1) })
                for at in positions { blob[at] ^= UInt8(rng.int(1...255)) }
                kind = "\(positions.count) bytes flipped"
            case 6: // a stretch spliced from another valid form, or overwritten with zeros
                let start = rng.int(0...blob.count - 2), end = rng.int(start + 1...blob.count)
                let fill = rng.chance(50) ? Array(other[start..<end]) : [UInt8](repeating: 0, count: end - start)
                blob.replaceSubrange(start..<end, with: fill)
                kind = "bytes \(start)..<\(end) replaced"
            default: // inserted, deleted or truncated bytes
                switch rng.int(0...2) {
                case 0: blob.insert(rng.byte(), at: rng.int(0...blob.count))
                case 1: blob.remove(at: rng.int(0...blob.count - 1))
                default: blob = Array(blob.prefix(rng.int(0...blob.count - 1)))
                }
                kind = "length changed to \(blob.count)"
            }
            if blob == original { continue } // a splice can reproduce the same bytes
            if blob.count == original.count { sameLength += 1 }
            switch open(blob, rowID: form.id) {
            case let .opened(opened): problems.append("\(kind): opened as \(opened)")
            case let .otherError(error): problems.append("\(kind): threw \(type(of: error)): \(error)")
            case let .rejected(rejection):
                let expected: SealedForm.Rejection = blob.count == original.count ? .authenticationFailed : .wrongLength(blob.count)
                if rejection != expected { problems.append("\(kind): rejected as \(rejection), expected \(expected)") }
            }
        }
        #expect(sameLength > 1_500, "most mutations must keep the length, so they reach the cryptography")
        #expect(problems.isEmpty, "\(problems.count) misbehaviours, first: \(problems.prefix(5))")
    }

    /// The mutations above stop at authentication. These are sealed properly to the program key, as
    /// anyone holding the public key can, so they reach the padding, the decoder and the signature.
    @Test("authentic boxes around altered or random plaintext are rejected after opening, never accepted")
    func properlySealedGarbageNeverOpens() throws {
        var rng = SplitMix64(seed: 0x5EA1_ED03)
        let form = try validForm()
        let body = SealedForm.encodeBody(form, recipient: recipient)
        let signature = try advisor.sign(Domain.formSignatureV3 + body)
        let padded = try Padding.pad(body + signature, toMultipleOf: SealedForm.paddedLength)
        #expect(padded.count == SealedForm.paddedLength)
        var problems: [String] = []
        var reasons: [String: Int] = [:]
        for i in 0..<600 {
            var plain = padded
            switch i % 4 {
            case 0, 1:
                for _ in 0..<rng.int(1...3) { plain[rng.int(0...plain.count - 1)] ^= UInt8(rng.int(1...255)) }
            case 2:
                plain = rng.bytes(SealedForm.paddedLength)
            default:
                // Well padded, but the content is short or random.
                plain = try Padding.pad(rng.bytes(rng.int(0...SealedForm.paddedLength - 1)), toMultipleOf: SealedForm.paddedLength)
            }
            if plain == padded { continue }
            let sealed = try SealedBox.seal(plain, to: program.publicKey)
            switch open(sealed, rowID: form.id) {
            case let .opened(opened): problems.append("plaintext \(i) opened as \(opened)")
            case let .otherError(error): problems.append("plaintext \(i) threw \(type(of: error)): \(error)")
            case let .rejected(rejection):
                if rejection == .authenticationFailed { problems.append("plaintext \(i): an authentic box failed authentication") }
                reasons[Self.caseName(rejection), default: 0] += 1
            }
        }
        #expect(problems.isEmpty, "\(problems.count) misbehaviours, first: \(problems.prefix(5))")
        // The garbage really did reach the later checks.
        #expect((reasons["malformed"] ?? 0) > 0)
        #expect((reasons["badSignature"] ?? 0) > 0)
    }

    static func caseName(_ rejection: SealedForm.Rejection) -> String {
        String(rejection.name.prefix { $0 != "(" })
    }

    // MARK: - The form body decoder

    /// A valid random form, and its encoding.
    func randomForm(_ rng: inout SplitMix64) throws -> UsageForm {
        let seconds = Int64(rng.int(0...(32_503_680_000 / 60 - 1))) * 60
        let offset = Int16(rng.int(Int(ServiceTime.offsetRange.lowerBound)...Int(ServiceTime.offsetRange.upperBound)))
        return UsageForm(id: try Identifier(bytes: rng.bytes(16)), advisorID: try Identifier(bytes: rng.bytes(16)),
                         serviceTime: try ServiceTime(epochSeconds: seconds, utcOffsetMinutes: offset),
                         incident: rng.pick(IncidentType.allCases), intervention: rng.pick(InterventionKind.allCases))
    }

    /// Decodes `body`: a decoded body must re-encode to exactly the same bytes; anything else must
    /// be a `Rejection`. Returns the form, or nil when rejected; records anything else.
    @discardableResult
    func checkDecode(_ body: [UInt8], _ what: String, _ problems: inout [String]) -> UsageForm? {
        do {
            let decoded = try SealedForm.decodeBody(body)
            let again = SealedForm.encodeBody(decoded.form, recipient: decoded.recipient, version: decoded.version)
            if again != body { problems.append("\(what): decoded but re-encodes differently") }
            return decoded.form
        } catch is SealedForm.Rejection {
            return nil
        } catch {
            problems.append("\(what): threw \(type(of: error)): \(error)")
            return nil
        }
    }

    /// Builds a version-1 body field by field, so each field can be made hostile on its own.
    func body(magic: [UInt8] = Domain.formMagic, version: UInt8 = Domain.formVersion1, seconds: UInt64 = 1_773_546_420,
              offset: UInt16 = UInt16(bitPattern: -360), codes: [[UInt8]] = [Array("deadly-force".utf8), Array("mutual-aid".utf8)],
              lengths: [UInt8]? = nil, trailer: [UInt8] = []) -> [UInt8] {
        var out = magic + [version] + Array(0..<16) + Array(16..<32)
        out += (0..<8).reversed().map { UInt8((seconds >> (UInt64($0) * 8)) & 0xFF) }
        out += [UInt8(offset >> 8), UInt8(offset & 0xFF)]
        for (i, code) in codes.enumerated() { out += [lengths?[i] ?? UInt8(truncatingIfNeeded: code.count)] + code }
        return out + trailer
    }

    @Test("valid random bodies decode and re-encode byte for byte")
    func validBodiesRoundTrip() throws {
        var rng = SplitMix64(seed: 0xB0D1_0001)
        var problems: [String] = []
        for i in 0..<2_000 {
            let form = try randomForm(&rng)
            let paper = UsageForm(id: form.id, advisorID: form.advisorID, serviceTime: form.serviceTime, incident: form.incident,
                                  intervention: form.intervention, origin: .paper)
            for (encoded, expected) in [(SealedForm.encodeBody(form, recipient: recipient), form), (SealedForm.encodeBody(paper, recipient: recipient), paper),
                                        (SealedForm.encodeBodyVersion2(form, recipient: recipient), form), (SealedForm.encodeBodyVersion1(form), form)]
            where checkDecode(encoded, "valid body \(i)", &problems) != expected {
                problems.append("valid body \(i) did not decode to its form")
            }
        }
        #expect(problems.isEmpty, "\(problems.count) misbehaviours, first: \(problems.prefix(5))")
        // The hand-built reference body is itself valid, so the hostile variants below differ from
        // a valid body only where they are meant to.
        var none: [String] = []
        let reference = checkDecode(body(), "reference body", &none)
        #expect(reference != nil)
        #expect(none.isEmpty)
    }

    @Test("random and mutated bodies: only exact encodings decode")
    func randomAndMutatedBodies() throws {
        var rng = SplitMix64(seed: 0xB0D1_0002)
        var problems: [String] = []
        var decodedMutants = 0
        for i in 0..<2_000 {
            // Random bytes, half of them behind a valid header so they reach the later fields.
            let header = rng.chance(50) ? Domain.formMagic + [rng.pick([Domain.formVersion1, Domain.formVersion2, Domain.formVersion3])] : []
            _ = checkDecode(header + rng.bytes(rng.int(0...120)), "random body \(i)", &problems)

            var mutant = rng.chance(50) ? SealedForm.encodeBody(try randomForm(&rng), recipient: recipient)
                : SealedForm.encodeBodyVersion1(try randomForm(&rng))
            for _ in 0..<rng.int(1...4) {
                let anyByte = rng.byte()
                let value = rng.pick([0x00, 0xFF, 0x80, 0x2D, 0x41, 0x5A, 0x61, 0x7A, 0x28, anyByte] as [UInt8])
                switch rng.int(0...3) {
                case 0, 1: mutant[rng.int(0...mutant.count - 1)] = value
                case 2: mutant.insert(value, at: rng.int(0...mutant.count))
                default: if mutant.count > 1 { mutant.remove(at: rng.int(0...mutant.count - 1)) }
                }
            }
            if checkDecode(mutant, "mutated body \(i)", &problems) != nil { decodedMutants += 1 }
        }
        #expect(problems.isEmpty, "\(problems.count) misbehaviours, first: \(problems.prefix(5))")
        // Changing an id or a valid time decodes (the signature catches those), so some must.
        #expect(decodedMutants > 0)
    }

    @Test("hostile bodies are rejected",
          arguments: [
              ("wrong magic", [0x50, 0x4C, 0x55, 0x47]), ("empty magic", []),
          ] as [(String, [UInt8])])
    func hostileMagic(what: String, magic: [UInt8]) {
        #expect(throws: SealedForm.Rejection.self, "\(what)") { try SealedForm.decodeBody(body(magic: magic)) }
    }

    @Test("hostile versions are rejected by name", arguments: [0, 4, 0x7F, 0x80, 0xFF] as [UInt8])
    func hostileVersion(version: UInt8) {
        #expect(throws: SealedForm.Rejection.unsupportedVersion(version)) { try SealedForm.decodeBody(body(version: version)) }
    }

    @Test("hostile times are rejected",
          arguments: [
              (1_773_546_421, 0), // not a whole minute
              (UInt64(bitPattern: -60), 0), // before 1970
              (UInt64.max, 0),
              (32_503_680_000, 0), // the first minute of the year 3000
              (1_773_546_420, 841), (1_773_546_420, UInt16(bitPattern: -841)), (1_773_546_420, 0x7FFF), (1_773_546_420, 0x8000),
          ] as [(UInt64, UInt16)])
    func hostileTime(seconds: UInt64, offset: UInt16) {
        #expect(throws: SealedForm.Rejection.malformed("time of service")) {
            try SealedForm.decodeBody(body(seconds: seconds, offset: offset))
        }
    }

    @Test("hostile codes are rejected",
          arguments: [
              ("NUL inside", [Array("deadly\u{0}force".utf8), Array("mutual-aid".utf8)], nil),
              ("NUL after", [Array("deadly-force".utf8) + [0], Array("mutual-aid".utf8)], nil),
              ("upper case", [Array("Deadly-force".utf8), Array("mutual-aid".utf8)], nil),
              ("all upper case", [Array("deadly-force".utf8), Array("MUTUAL-AID".utf8)], nil),
              ("unknown code", [Array("deadly-forcf".utf8), Array("mutual-aid".utf8)], nil),
              ("code from the other list", [Array("mutual-aid".utf8), Array("deadly-force".utf8)], nil),
              ("training topic", [Array("deadly-force".utf8), Array("secondary-traumas".utf8)], nil),
              ("Cyrillic a", [Array("deadly-force".utf8), Array("mutu\u{430}l-aid".utf8)], nil),
              ("full-width hyphen", [Array("deadly\u{FF0D}force".utf8), Array("mutual-aid".utf8)], nil),
              ("empty code", [[], Array("mutual-aid".utf8)], nil),
              ("41-byte code", [[UInt8](repeating: 0x61, count: 41), Array("mutual-aid".utf8)], nil),
              ("length 255, enough bytes", [[UInt8](repeating: 0x61, count: 255), Array("mutual-aid".utf8)], nil),
              ("length byte 255, short", [Array("deadly-force".utf8), Array("mutual-aid".utf8)], [255, 10]),
              ("length byte too small", [Array("deadly-force".utf8), Array("mutual-aid".utf8)], [11, 10]),
              ("length byte too large", [Array("deadly-force".utf8), Array("mutual-aid".utf8)], [13, 10]),
              ("missing second code", [Array("deadly-force".utf8)], nil),
              ("third code", [Array("deadly-force".utf8), Array("mutual-aid".utf8), Array("other".utf8)], nil),
          ] as [(String, [[UInt8]], [UInt8]?)])
    func hostileCodes(what: String, codes: [[UInt8]], lengths: [UInt8]?) {
        #expect(throws: SealedForm.Rejection.self, "\(what)") { try SealedForm.decodeBody(body(codes: codes, lengths: lengths)) }
    }

    @Test("trailing bytes are rejected", arguments: [[0], [0, 0, 0, 0], [0x80], Array("deadly-force".utf8)] as [[UInt8]])
    func trailingBytes(trailer: [UInt8]) {
        #expect(throws: SealedForm.Rejection.malformed("trailing bytes")) { try SealedForm.decodeBody(body(trailer: trailer)) }
    }

    // MARK: - Text parsers

    static let timeAlphabet = ["0", "1", "2", "3", "5", "9", "-", ":", " ", "T", "Z", "+", "t", "z"]
    static let validTimes = [
        "2026-03-14 09:30", "2026-03-14T09:30", "2026-03-14T09:30Z", "2026-03-14T09:30:45-05:00", "2024-02-29T23:59+05:45",
        "1999-12-31 23:59", "2026-11-01 01:30", "2026-03-08 02:30", "1970-01-01 00:00", "2999-12-31T23:59-14:00",
        "2026-06-30T12:00+0530", " 2026-03-14 09:30 ",
    ]

    /// The syntax the parser documents: `YYYY-MM-DD HH:MM` or ISO 8601 `YYYY-MM-DDTHH:MM[:SS][Z|±HH:MM]`
    /// (seconds are also taken after a space, and ±HHMM without its colon).
    static func hasDocumentedTimeSyntax(_ s: String) -> Bool {
        let c = Array(s.unicodeScalars)
        func digits(_ r: Range<Int>, in a: [Unicode.Scalar]) -> Bool {
            r.upperBound <= a.count && a[r].allSatisfy { ("0"..."9").contains($0) }
        }
        guard c.count >= 16, digits(0..<4, in: c), c[4] == "-", digits(5..<7, in: c), c[7] == "-", digits(8..<10, in: c),
              c[10] == " " || c[10] == "T", digits(11..<13, in: c), c[13] == ":", digits(14..<16, in: c) else { return false }
        var rest = Array(c[16...])
        if rest.count >= 3, rest[0] == ":", digits(1..<3, in: rest) { rest.removeFirst(3) }
        if rest.isEmpty { return true }
        guard c[10] == "T" else { return false }
        if rest == ["Z"] { return true }
        guard rest[0] == "+" || rest[0] == "-" else { return false }
        let offset = Array(rest.dropFirst())
        return (offset.count == 5 && offset[2] == ":" && digits(0..<2, in: offset) && digits(3..<5, in: offset))
            || (offset.count == 4 && digits(0..<4, in: offset))
    }

    static let zones: [TimeZone] = [
        TimeZone(secondsFromGMT: -6 * 3600)!, TimeZone(secondsFromGMT: 0)!,
    ] + ["America/Chicago", "Asia/Kathmandu", "Pacific/Kiritimati"].compactMap(TimeZone.init(identifier:))

    /// `s` with every colon after the `±` of an offset moved to where ISO 8601 puts it, so an
    /// offset written `+0:530` or `+05::30` reads `+05:30`.
    static func offsetColonsTidied(_ s: String) -> String {
        var c = Array(s.unicodeScalars)
        guard c.count > 16, let sign = c[16...].firstIndex(where: { $0 == "+" || $0 == "-" }) else { return s }
        let digits = c[(sign + 1)...].filter { $0 != ":" }
        guard digits.count == 4 else { return s }
        c.replaceSubrange((sign + 1)..., with: Array(digits.prefix(2)) + [":"] + Array(digits.suffix(2)))
        return String(String.UnicodeScalarView(c))
    }

    /// Checks one `ServiceTime` parse; returns whether it was accepted. An acceptance outside the
    /// documented syntax only because of where the offset's colons are goes to `strayColons`.
    @discardableResult
    static func checkTime(_ text: String, in zone: TimeZone, _ problems: inout [String],
                          strayColons: inout [String]) -> Bool {
        let shown = text.count > 40 ? String(text.prefix(40)) + "…" : text
        let t: ServiceTime
        do { t = try ServiceTime(parsing: text, in: zone) } catch is InputError { return false } catch {
            problems.append("\(shown.debugDescription): threw \(type(of: error))")
            return false
        }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let given = Array(trimmed.unicodeScalars), shownBack = Array(t.description.unicodeScalars)
        if !given.allSatisfy(\.isASCII) { problems.append("\(shown.debugDescription): accepted non-ASCII") }
        if !hasDocumentedTimeSyntax(trimmed) {
            if hasDocumentedTimeSyntax(offsetColonsTidied(trimmed)) {
                strayColons.append(trimmed)
            } else {
                problems.append("\(shown.debugDescription): accepted outside the documented syntax")
            }
        }
        // The wall-clock date and minute given are the ones the description shows.
        if given.count >= 16, Array(given[0..<10]) != Array(shownBack[0..<10]) || Array(given[11..<16]) != Array(shownBack[11..<16]) {
            problems.append("\(shown.debugDescription): accepted as \(t.description), another date or time")
        }
        // The description, in ISO form, parses back to the same instant and offset.
        var iso = shownBack
        iso[10] = "T"
        let again = try? ServiceTime(parsing: String(String.UnicodeScalarView(iso)), in: zone)
        if again != t { problems.append("\(shown.debugDescription): \(t.description) does not parse back to itself") }
        return true
    }

    @Test("ServiceTime(parsing:in:) on random, mutated and hostile text")
    func serviceTimeFuzz() throws {
        try #require(Self.zones.count >= 4, "time zone data is missing")
        var rng = SplitMix64(seed: 0x71AE_0001)
        var problems: [String] = []
        var strayColons: [String] = []
        var accepted = 0
        for zone in Self.zones {
            for text in Self.validTimes where !["2026-03-08 02:30"].contains(text) || zone.identifier != "America/Chicago" {
                if Self.checkTime(text, in: zone, &problems, strayColons: &strayColons) { accepted += 1 }
            }
            for text in HostileText.fixed { Self.checkTime(text, in: zone, &problems, strayColons: &strayColons) }
            for _ in 0..<400 {
                Self.checkTime(HostileText.random(&rng, alphabet: Self.timeAlphabet, maxPieces: 30), in: zone,
                               &problems, strayColons: &strayColons)
                let mutant = HostileText.mutate(rng.pick(Self.validTimes), &rng, alphabet: Self.timeAlphabet)
                if Self.checkTime(mutant, in: zone, &problems, strayColons: &strayColons) { accepted += 1 }
            }
        }
        #expect(accepted > 60, "valid times must get through, or the property is empty")
        #expect(problems.isEmpty, "\(problems.count) misbehaviours, first: \(problems.prefix(5))")
        // An offset with misplaced colons ("+0:600") was once accepted; none may be now.
        #expect(strayColons.isEmpty, "accepted with misplaced offset colons: \(strayColons.prefix(5))")
    }

    @Test("every real minute from 1971 to 2998, in every documented spelling, is accepted and kept")
    func serviceTimeAcceptsEveryValidTime() throws {
        var rng = SplitMix64(seed: 0x71AE_0002)
        var problems: [String] = []
        var strayColons: [String] = []
        var refused: [String] = []
        // Fixed offsets only: in a zone with daylight saving some wall-clock minutes do not exist.
        let fixed = [TimeZone(secondsFromGMT: -6 * 3600)!, TimeZone(secondsFromGMT: 0)!, TimeZone(secondsFromGMT: 20_700)!]
        for i in 0..<1_500 {
            let year = rng.int(1971...2998), month = rng.int(1...12)
            let day = rng.int(1...CalendarDate.daysIn(month: month, year: year))
            let date = "\(year)-\(twoDigits(month))-\(twoDigits(day))"
            let clock = "\(twoDigits(rng.int(0...23))):\(twoDigits(rng.int(0...59)))"
            let offsetMinutes = rng.int(-14 * 60...14 * 60)
            let offset = (offsetMinutes < 0 ? "-" : "+") + twoDigits(abs(offsetMinutes) / 60) + ":" + twoDigits(abs(offsetMinutes) % 60)
            let seconds = ":" + twoDigits(rng.int(0...59))
            let text: String
            switch i % 6 {
            case 0: text = "\(date) \(clock)"
            case 1: text = "\(date)T\(clock)"
            case 2: text = "\(date)T\(clock)Z"
            case 3: text = "\(date)T\(clock)\(seconds)\(offset)"
            case 4: text = "\(date)T\(clock)\(offset.replacingOccurrences(of: ":", with: ""))"
            default: text = "\(date) \(clock)\(seconds)"
            }
            let zone = rng.pick(fixed)
            if !Self.checkTime(text, in: zone, &problems, strayColons: &strayColons) { refused.append(text) }
        }
        #expect(refused.isEmpty, "\(refused.count) valid times refused, first: \(refused.prefix(5))")
        #expect(problems.isEmpty, "\(problems.count) misbehaviours, first: \(problems.prefix(5))")
        #expect(strayColons.isEmpty)
    }

    /// ISO 8601 writes an offset `±HH:MM` or `±HHMM`. The parser drops every colon after the sign
    /// and reads any four digits that remain, so a garbled offset is taken as some other offset
    /// instead of being refused.
    @Test("an offset with misplaced colons is refused, not read as another offset",
          arguments: ["2026-03-14T09:30+0:530", "2026-03-14T09:30+05::30", "2026-03-14T09:30+:0530",
                      "2026-03-14T09:30+0530:", "2026-03-14T09:30-0:6:0:0", "2024-02-29T23:59+055:5"])
    func offsetColonsAreNotIgnored(text: String) {
        #expect(throws: InputError.self) { try ServiceTime(parsing: text, in: TimeZone(secondsFromGMT: 0)!) }
    }

    @Test("CalendarDate(parsing:) accepts exactly YYYY-MM-DD and gives it back unchanged")
    func calendarDateFuzz() {
        var rng = SplitMix64(seed: 0xDA7E_0001)
        let valid = ["2026-03-14", "1970-01-01", "9999-12-31", "2024-02-29", "2026-12-31"]
        var problems: [String] = []
        var accepted = 0
        func check(_ text: String) {
            do {
                let date = try CalendarDate(parsing: text)
                accepted += 1
                let syntax = text.unicodeScalars.count == 10 && text.unicodeScalars.enumerated().allSatisfy { i, s in
                    i == 4 || i == 7 ? s == "-" : ("0"..."9").contains(s)
                }
                if !syntax || date.description != text { problems.append("\(text.debugDescription) accepted as \(date)") }
            } catch is InputError {
            } catch {
                problems.append("\(text.prefix(40).debugDescription): threw \(type(of: error))")
            }
        }
        for text in valid + HostileText.fixed { check(text) }
        for _ in 0..<3_000 {
            check(HostileText.random(&rng, alphabet: ["0", "1", "2", "9", "-"], maxPieces: 14))
            check(HostileText.mutate(rng.pick(valid), &rng, alphabet: ["0", "1", "2", "3", "9", "-"]))
        }
        #expect(accepted >= valid.count)
        #expect(problems.isEmpty, "\(problems.count) misbehaviours, first: \(problems.prefix(5))")
    }

    static let nameAlphabet = ["A", "n", "a", " ", ".", ",", "'", "-", "’", "é", "e\u{301}", "Ł", "Ø", "ß", "李", "Σ", "а", "1"]
    static let validNames = ["Sgt. Ana Ortiz", "Zoë O’Brien-Łukasz", "Ofc. Ben Carter", "李小龍", "Ngozi Adébáyọ̀",
                             "J. R. R. Tolkien", "Mary-Jane O'Neil, Jr."]

    @Test("PersonName accepts names only: no control or format characters, at most 64 characters, normalised")
    func personNameFuzz() {
        var rng = SplitMix64(seed: 0x4A3E_0001)
        var problems: [String] = []
        var accepted = 0
        let separators = Set(" .,'-’".unicodeScalars)
        func check(_ text: String) {
            let name: PersonName
            do { name = try PersonName(text, field: "advisor name") } catch is InputError { return } catch {
                problems.append("\(text.prefix(40).debugDescription): threw \(type(of: error))")
                return
            }
            accepted += 1
            let v = name.value
            let shown = v.prefix(40).debugDescription
            for scalar in v.unicodeScalars {
                switch scalar.properties.generalCategory {
                case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
                     .nonspacingMark, .spacingMark, .decimalNumber: continue
                default: if !separators.contains(scalar) { problems.append("\(shown) holds U+\(String(scalar.value, radix: 16))") }
                }
            }
            if v.isEmpty || v.count > PersonName.maximumLength { problems.append("\(shown) has \(v.count) characters") }
            if v.hasPrefix(" ") || v.hasSuffix(" ") || v.contains("  ") { problems.append("\(shown) keeps stray spaces") }
            if v.precomposedStringWithCanonicalMapping.unicodeScalars.elementsEqual(v.unicodeScalars) == false {
                problems.append("\(shown) is not normalised")
            }
            if (try? PersonName(v).value) != v { problems.append("\(shown) does not survive a second pass") }
        }
        for text in Self.validNames + HostileText.fixed + HostileText.pieces { check(text) }
        for _ in 0..<3_000 {
            check(HostileText.random(&rng, alphabet: Self.nameAlphabet, maxPieces: 30))
            check(HostileText.mutate(rng.pick(Self.validNames), &rng, alphabet: Self.nameAlphabet))
        }
        check(String(repeating: "a", count: 64))
        check(String(repeating: "a ", count: 40))
        #expect(accepted > 100)
        #expect(problems.isEmpty, "\(problems.count) misbehaviours, first: \(problems.prefix(5))")
    }

    /// The schema limits a stored name to 64 by SQLite's `length()`, which counts code points;
    /// `PersonName` counts grapheme clusters. A name PersonName accepts must also fit the column,
    /// or the roster refuses it with a raw constraint error instead of a named input error.
    @Test("a name PersonName accepts fits the roster's 64-character column")
    func nameLimitMatchesTheSchema() throws {
        // Yoruba Ọ́ has no single code point: one character, two code points, even after NFC.
        let longYoruba = String(repeating: "Ọ́", count: 40)
        let stacked = "A" + String(repeating: "\u{301}", count: 500)
        for text in [longYoruba, stacked] {
            if let name = try? PersonName(text) {
                #expect(name.value.unicodeScalars.count <= PersonName.maximumLength,
                        "accepted a name of \(name.value.unicodeScalars.count) code points")
            }
        }
        let program = try TestProgram()
        #expect(throws: InputError.self) {
            try program.store.addAdvisor(name: longYoruba, passphrase: secret("passphrase of a long name"),
                                         authority: program.keyring, kdf: .minimum, today: TestProgram.today)
        }
    }

    static let codeAlphabet = ["a", "d", "e", "f", "l", "o", "r", "t", "u", "-", "y", "c", "n", "i"]

    @Test("IncidentType(code:) and InterventionKind(code:) accept a vocabulary code byte for byte, nothing else")
    func codeFuzz() {
        var rng = SplitMix64(seed: 0xC0DE_0001)
        let codes = IncidentType.allCases.map(\.code) + InterventionKind.allCases.map(\.code)
        var problems: [String] = []
        var accepted = 0
        func check(_ text: String) {
            do {
                let incident = try IncidentType(code: text)
                accepted += 1
                if Array(incident.code.utf8) != Array(text.utf8) { problems.append("\(text.debugDescription) accepted as incident \(incident.code)") }
            } catch let error as InputError {
                if error != .unknownIncident(text) { problems.append("\(text.prefix(40).debugDescription): \(error)") }
            } catch { problems.append("\(text.prefix(40).debugDescription): threw \(type(of: error))") }
            do {
                let kind = try InterventionKind(code: text)
                accepted += 1
                if Array(kind.code.utf8) != Array(text.utf8) { problems.append("\(text.debugDescription) accepted as intervention \(kind.code)") }
            } catch let error as InputError {
                if error != .unknownIntervention(text) { problems.append("\(text.prefix(40).debugDescription): \(error)") }
            } catch { problems.append("\(text.prefix(40).debugDescription): threw \(type(of: error))") }
        }
        for code in codes {
            check(code)
            // Look-alikes: case, confusable letters, other dashes, invisible and trailing characters.
            for variant in [code.uppercased(), code.capitalized, " " + code, code + " ", code + "\u{0}", code + "\r\n",
                            code + "\u{200B}", "\u{202E}" + code, code + "\u{301}", code.replacingOccurrences(of: "-", with: "\u{2011}"),
                            code.replacingOccurrences(of: "-", with: "\u{FF0D}"), code.replacingOccurrences(of: "a", with: "\u{430}"),
                            code.replacingOccurrences(of: "o", with: "\u{43E}"), code.replacingOccurrences(of: "e", with: "\u{435}"),
                            code.replacingOccurrences(of: "-", with: "_"), code + "'; DROP TABLE usage_form; --"] where variant != code {
                check(variant)
            }
        }
        for text in HostileText.fixed + HostileText.pieces { check(text) }
        for _ in 0..<3_000 {
            check(HostileText.random(&rng, alphabet: Self.codeAlphabet, maxPieces: 20))
            check(HostileText.mutate(rng.pick(codes), &rng, alphabet: Self.codeAlphabet))
        }
        #expect(accepted >= codes.count)
        #expect(problems.isEmpty, "\(problems.count) misbehaviours, first: \(problems.prefix(5))")
    }

    // MARK: - Recovery codes

    /// What a typed code means: separators dropped, upper-cased, O read as 0, I and L as 1.
    static func normalisedCode(_ text: String) -> [UInt8] {
        Array(text.utf8).compactMap { byte -> UInt8? in
            if [0x20, 0x2D, 0x09, 0x0A, 0x0D].contains(byte) { return nil }
            var c = byte
            if c >= 0x61 && c <= 0x7A { c -= 0x20 }
            if c == 0x4F { c = 0x30 }
            if c == 0x49 || c == 0x4C { c = 0x31 }
            return c
        }
    }
    static let crockford = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ".utf8)

    /// Parses `text` as a recovery code; an accepted code must be 32 Crockford symbols equal to
    /// what the person typed. Returns the canonical secret, or nil when refused.
    @discardableResult
    static func checkRecoveryCode(_ text: String, _ problems: inout [String]) -> [UInt8]? {
        let code: RecoveryCode
        do { code = try RecoveryCode(typed: secret(text)) } catch is InputError { return nil } catch {
            problems.append("\(text.prefix(40).debugDescription): threw \(type(of: error))")
            return nil
        }
        let canonical = code.secret.withUnsafeBytes { Array($0) }
        let expected = normalisedCode(text)
        if canonical.count != 32 || !canonical.allSatisfy(crockford.contains) || canonical != expected {
            problems.append("\(text.prefix(60).debugDescription) accepted as something else")
        }
        return canonical
    }

    @Test("RecoveryCode(typed:) accepts only 32 symbols with a matching checksum, however it is typed")
    func recoveryCodeFuzz() throws {
        var rng = SplitMix64(seed: 0xC0DE_0002)
        var problems: [String] = []
        let symbols = Self.crockford.map { String(UnicodeScalar($0)) }
        for text in HostileText.fixed + HostileText.pieces { Self.checkRecoveryCode(text, &problems) }
        for _ in 0..<2_000 {
            Self.checkRecoveryCode(HostileText.random(&rng, alphabet: symbols + ["-", " ", "o", "i", "l", "U"], maxPieces: 40), &problems)
        }

        // A real code, typed the ways people type: grouped, run together, lower case, spread over lines.
        let (code, printable) = try RecoveryCode.generate()
        let canonical = code.secret.withUnsafeBytes { Array($0) }
        for typed in [printable, printable.replacingOccurrences(of: "-", with: ""), printable.lowercased(),
                      printable.replacingOccurrences(of: "-", with: " "), printable.replacingOccurrences(of: "-", with: "\r\n"),
                      "  " + printable + "\n"] {
            let parsed = Self.checkRecoveryCode(typed, &problems)
            #expect(parsed == canonical, "\(typed.debugDescription) is the same code")
        }

        // A character that is neither a symbol, an accepted alias nor a separator always refuses the code.
        var strays = 0
        for i in 0..<1_000 {
            var scalars = Array(printable.unicodeScalars).map { String($0) }
            let stray = rng.pick(HostileText.pieces.filter { piece in
                !piece.utf8.allSatisfy { [0x20, 0x2D, 0x09, 0x0A, 0x0D].contains($0) } && !piece.isEmpty
            } + ["U", "u", "!", "_", "\u{430}", "\u{FF10}", "\u{41E}"])
            if i % 2 == 0 { scalars[rng.int(0...scalars.count - 1)] = stray } else { scalars.insert(stray, at: rng.int(0...scalars.count)) }
            if Self.checkRecoveryCode(scalars.joined(), &problems) != nil { strays += 1 }
        }
        #expect(strays == 0, "\(strays) codes with a stray character were accepted")

        // One symbol swapped for another: the 16-bit checksum catches all but about 1 in 65,536.
        var missed = 0, swaps = 0
        let plain = Array(printable.replacingOccurrences(of: "-", with: "").utf8)
        for position in plain.indices {
            for symbol in Self.crockford where symbol != plain[position] {
                var typed = plain
                typed[position] = symbol
                swaps += 1
                if Self.checkRecoveryCode(String(decoding: typed, as: UTF8.self), &problems) != nil { missed += 1 }
            }
        }
        #expect(swaps == 32 * 31)
        #expect(missed <= 5, "\(missed) of \(swaps) single-symbol typos passed the checksum")
        #expect(problems.isEmpty, "\(problems.count) misbehaviours, first: \(problems.prefix(5))")
    }
}
