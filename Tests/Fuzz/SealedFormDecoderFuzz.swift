// libFuzzer harness for the sealed-form decoder (`SealedForm.open` and `SealedForm.decodeBody`).
//
// Not a SwiftPM target: `run-decoder-fuzz.sh` compiles this file together with the few library
// sources the decoder needs (Crypto/, Model/, Support/ExitStatus.swift) into one module with
// `swiftc -sanitize=fuzzer,address`, so the harness can reach the internal `encodeBody`,
// `decodeBody`, `Padding` and `SealedBox` without `@testable` and without building GRDB.
//
// Random bytes almost never authenticate as a sealed box, so most inputs are *sealed by the
// harness* to a fixed program key (as anyone holding the public key can do) before `open` sees
// them: that is what reaches the padding, the body decoder and the signature check. The first
// input byte picks how the rest is used (see `Mode`).
//
// A finding is any crash, any sanitizer report, or a broken property (`fail`):
// - `open` and `decodeBody` throw only `SealedForm.Rejection`, never crash;
// - a body that decodes re-encodes to exactly the same bytes (the decoder is strict);
// - `open` accepts only what `seal` itself would produce: the padded plaintext of an accepted
//   form equals `pad(encodeBody(form) + sign(advisor's own key, or for a paper form the
//   program root))`, byte for byte, the advisor is on the roster and the id matches the row;
// - with a properly signed body, `open` returns exactly what a model of its checks predicts
//   (accepts a valid form, rejects everything else with the right reason);
// - an authentic box never fails authentication, a blob of the wrong length is `wrongLength`.

import Foundation
internal import CSodium

/// Fixed keys and a roster of two advisors. Fixed (not random per process) so the seed files the
/// harness writes, and any crash file, open the same way in every later run.
struct FuzzFixture: Sendable {
    let program: ProgramKeyPair
    let advisorA: Identifier
    let advisorB: Identifier
    let roster: [Identifier: SigningKey]
    /// Used as the row id when an input is too short to carry one.
    let fallbackRowID: Identifier
    /// The program and key the stored rows say the forms are sealed to (versions 2 and 3 name them).
    let recipient: FormRecipient
    /// The program root, which signs paper forms (version 3, entry 0x01).
    let root: SigningKey

    init() {
        do {
            var secret = (0..<ProgramKeyPair.secretKeyLength).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            var publicKey = [UInt8](repeating: 0, count: ProgramKeyPair.publicKeyLength)
            guard sodium_init() >= 0, crypto_scalarmult_base(&publicKey, secret) == 0 else { fail("libsodium set-up") }
            program = try ProgramKeyPair(publicKey: publicKey, secretKey: SecretBytes(consuming: &secret))
            advisorA = try Identifier(bytes: [UInt8](repeating: 0xA1, count: 16))
            advisorB = try Identifier(bytes: [UInt8](repeating: 0xB2, count: 16))
            var seedA = [UInt8](repeating: 0x5A, count: SigningKey.seedLength)
            var seedB = [UInt8](repeating: 0x5B, count: SigningKey.seedLength)
            roster = [advisorA: try SigningKey(seed: SecretBytes(consuming: &seedA)),
                      advisorB: try SigningKey(seed: SecretBytes(consuming: &seedB))]
            fallbackRowID = try Identifier(bytes: [UInt8](repeating: 0x0F, count: 16))
            recipient = FormRecipient(programID: try Identifier(bytes: [UInt8](repeating: 0xC3, count: 16)), keyID: 1, publicKey: publicKey)
            var rootSeed = [UInt8](repeating: 0x7C, count: SigningKey.seedLength)
            root = try SigningKey(seed: SecretBytes(consuming: &rootSeed))
        } catch {
            fail("fixture set-up: \(error)")
        }
    }

    /// The roster lookup `open` is given.
    func publicKey(_ id: Identifier) -> [UInt8]? { roster[id]?.publicKey }

    /// Exactly the padded plaintext a writer of `version` produces for `form` (Ed25519 signing is
    /// deterministic), or nil if its advisor is not on the roster.
    func canonicalPlaintext(of form: UsageForm, version: UInt8) -> [UInt8]? {
        guard let advisor = roster[form.advisorID] else { return nil }
        let signer = form.origin == .paper ? root : advisor
        let body = encode(form, version: version)
        guard let signature = try? signer.sign(signatureContext(version) + body),
              let padded = try? Padding.pad(body + signature, toMultipleOf: SealedForm.paddedLength) else {
            fail("could not build the canonical plaintext")
        }
        return padded
    }
}

let fixture = FuzzFixture()

/// The body a writer of `version` produces: versions 2 and 3 name the fixture's recipient.
func encode(_ form: UsageForm, version: UInt8) -> [UInt8] {
    switch version {
    case Domain.formVersion3: return SealedForm.encodeBody(form, recipient: fixture.recipient)
    case Domain.formVersion2: return SealedForm.encodeBodyVersion2(form, recipient: fixture.recipient)
    default: return SealedForm.encodeBodyVersion1(form)
    }
}

/// The signature context of a body (by its version byte; anything else signs as version 1).
func signatureContext(_ version: UInt8) -> [UInt8] {
    switch version {
    case Domain.formVersion3: return Domain.formSignatureV3
    case Domain.formVersion2: return Domain.formSignatureV2
    default: return Domain.formSignatureV1
    }
}

/// A body's version byte, if it has one.
func versionByte(_ body: [UInt8]) -> UInt8 { body.count > 4 ? body[4] : Domain.formVersion1 }

/// How an input is used: its first byte, low nibble modulo 5. Bit 7 of that byte makes the row id
/// wrong (modes 2-4); bit 6 signs with the *other* advisor's key (mode 4).
enum Mode: Int {
    /// The rest is a body for `decodeBody` alone: fast, reaches every decoder branch.
    case body = 0
    /// The rest is a 16-byte row id followed by a sealed blob, given to `open` as stored.
    case sealedBlob = 1
    /// The rest, cut or zero-filled to 256 bytes, is a padded plaintext; the harness seals it.
    case paddedPlaintext = 2
    /// The rest is body + signature (at most 255 bytes); the harness pads and seals it.
    case signedPlaintext = 3
    /// The rest is a body (at most 191 bytes); the harness signs it with a roster key, pads and
    /// seals it, so the signature is valid and the decoder's result decides the outcome.
    case bodyToSign = 4
}

/// Reports a broken property and stops the process, which libFuzzer records as a crash.
func fail(_ message: String) -> Never {
    let line = Array("SEALED-FORM FUZZ FINDING: \(message)\n".utf8)
    _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    abort()
}

func hex(_ bytes: [UInt8]) -> String { bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined() }

/// The outcome of `open`; any error other than a `Rejection` is itself a finding.
enum Outcome: Equatable {
    case accepted(UsageForm)
    case rejected(SealedForm.Rejection)
}

func open(_ sealed: [UInt8], rowID: Identifier) -> Outcome {
    do {
        return .accepted(try SealedForm.open(sealed, rowID: rowID, recipient: fixture.recipient, keys: fixture.program,
                                             root: fixture.root.publicKey, signerKey: fixture.publicKey))
    } catch let rejection as SealedForm.Rejection {
        return .rejected(rejection)
    } catch {
        fail("open threw \(type(of: error)) (\(error)), not a SealedForm.Rejection")
    }
}

/// What must hold whenever `open` accepts: right row, known advisor, and the box holds exactly the
/// bytes `seal` would have produced for the returned form.
func checkAccepted(_ form: UsageForm, rowID: Identifier, plaintext: [UInt8]) {
    guard form.id == rowID else { fail("accepted a form with id \(form.id) for row \(rowID)") }
    let version = versionByte(plaintext)
    guard let canonical = fixture.canonicalPlaintext(of: form, version: version) else {
        fail("accepted a form from advisor \(form.advisorID), who is not on the roster")
    }
    guard plaintext == canonical else {
        fail("accepted a plaintext that seal would not produce: \(hex(plaintext)) vs \(hex(canonical))")
    }
    guard (try? SealedForm.decodeBody(encode(form, version: version)))?.form == form else {
        fail("accepted form does not survive encode/decode: \(form)")
    }
}

/// The row id a body claims (bytes 5..<21), optionally made wrong.
func rowID(for body: ArraySlice<UInt8>, wrong: Bool) -> Identifier {
    var id = body.count >= 21 ? Array(body[body.startIndex + 5 ..< body.startIndex + 21]) : fixture.fallbackRowID.bytes
    if wrong { id[15] ^= 0x01 }
    return try! Identifier(bytes: id)
}

func seal(_ plaintext: [UInt8]) -> [UInt8] {
    do { return try SealedBox.seal(plaintext, to: fixture.program.publicKey) } catch { fail("sealing failed: \(error)") }
}

/// An authentic box must get past authentication (and has the one accepted length).
func checkAuthenticRejection(_ rejection: SealedForm.Rejection) {
    switch rejection {
    case .authenticationFailed, .wrongLength: fail("a box sealed to the program key was rejected as \(rejection)")
    default: break
    }
}

func fuzzOne(_ data: UnsafeRawBufferPointer) {
    guard let selector = data.first else { return }
    let payload = Array(data.dropFirst())
    let wrongRow = selector & 0x80 != 0
    let otherSigner = selector & 0x40 != 0

    switch Mode(rawValue: Int(selector & 0x0F) % 5)! {
    case .body:
        do {
            let decoded = try SealedForm.decodeBody(payload)
            let again = SealedForm.encodeBody(decoded.form, recipient: decoded.recipient, version: decoded.version) ?? []
            guard again == payload else { fail("decodeBody accepted \(hex(payload)) but it re-encodes as \(hex(again))") }
        } catch is SealedForm.Rejection {
        } catch {
            fail("decodeBody threw \(type(of: error)) (\(error)), not a SealedForm.Rejection")
        }

    case .sealedBlob:
        guard payload.count >= Identifier.length else { return }
        let row = try! Identifier(bytes: Array(payload.prefix(Identifier.length)))
        let blob = Array(payload.dropFirst(Identifier.length))
        switch open(blob, rowID: row) {
        case let .accepted(form):
            guard let plaintext = try? SealedBox.open(blob, with: fixture.program) else {
                fail("accepted a blob that does not open as a sealed box")
            }
            checkAccepted(form, rowID: row, plaintext: plaintext)
        case let .rejected(rejection):
            if blob.count != SealedForm.sealedLength, rejection != .wrongLength(blob.count) {
                fail("a \(blob.count)-byte blob was rejected as \(rejection), expected wrongLength")
            }
        }

    case .paddedPlaintext:
        var plaintext = Array(payload.prefix(SealedForm.paddedLength))
        plaintext += [UInt8](repeating: 0, count: SealedForm.paddedLength - plaintext.count)
        let row = rowID(for: plaintext[...], wrong: wrongRow)
        switch open(seal(plaintext), rowID: row) {
        case let .accepted(form): checkAccepted(form, rowID: row, plaintext: plaintext)
        case let .rejected(rejection): checkAuthenticRejection(rejection)
        }

    case .signedPlaintext:
        let message = Array(payload.prefix(SealedForm.paddedLength - 1))
        guard let plaintext = try? Padding.pad(message, toMultipleOf: SealedForm.paddedLength) else { fail("padding failed") }
        let row = rowID(for: message[...], wrong: wrongRow)
        switch open(seal(plaintext), rowID: row) {
        case let .accepted(form): checkAccepted(form, rowID: row, plaintext: plaintext)
        case let .rejected(rejection): checkAuthenticRejection(rejection)
        }

    case .bodyToSign:
        let body = Array(payload.prefix(SealedForm.paddedLength - 1 - SigningKey.signatureLength))
        let signerID = otherSigner ? fixture.advisorB : fixture.advisorA
        let signer = fixture.roster[signerID]!
        guard let signature = try? signer.sign(signatureContext(versionByte(body)) + body),
              let plaintext = try? Padding.pad(body + signature, toMultipleOf: SealedForm.paddedLength) else {
            fail("signing or padding failed")
        }
        let row = rowID(for: body[...], wrong: wrongRow)
        let outcome = open(seal(plaintext), rowID: row)
        if case let .accepted(form) = outcome { checkAccepted(form, rowID: row, plaintext: plaintext) }
        // A model of open's checks, in open's order, for a box with a valid signature by `signerID`.
        let expected: Outcome
        if body.isEmpty {
            expected = .rejected(.malformed("too short"))
        } else {
            do {
                let (form, named, _) = try SealedForm.decodeBody(body)
                if form.id != row { expected = .rejected(.idMismatch) }
                else if let named, named != fixture.recipient { expected = .rejected(.wrongRecipient) }
                else if fixture.roster[form.advisorID] == nil { expected = .rejected(.unknownSigner) }
                else if form.origin == .paper { expected = .rejected(.badRootSignature) } // signed by an advisor, not the root
                else if form.advisorID != signerID { expected = .rejected(.badSignature) }
                else { expected = .accepted(form) }
            } catch let rejection as SealedForm.Rejection {
                expected = .rejected(rejection)
            } catch {
                fail("decodeBody threw \(type(of: error)) (\(error)), not a SealedForm.Rejection")
            }
        }
        guard outcome == expected else { fail("open gave \(outcome) for body \(hex(body)); expected \(expected)") }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func LLVMFuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    fuzzOne(UnsafeRawBufferPointer(start: size == 0 ? nil : data, count: size))
    return 0
}

/// With `PEERLOG_FUZZ_SEED_DIR` set, writes the seed corpus (genuine forms, in every mode) there
/// and exits; with `PEERLOG_FUZZ_DICT` set, writes a libFuzzer dictionary of the format's tokens.
@_cdecl("LLVMFuzzerInitialize")
public func LLVMFuzzerInitialize(_ argc: UnsafeMutableRawPointer?, _ argv: UnsafeMutableRawPointer?) -> CInt {
    // getenv, not ProcessInfo: Foundation's environment cache shows up as a leak under LeakSanitizer.
    let seedDir = getenv("PEERLOG_FUZZ_SEED_DIR").map { String(cString: $0) }
    let dict = getenv("PEERLOG_FUZZ_DICT").map { String(cString: $0) }
    guard seedDir != nil || dict != nil else { return 0 }
    if let dict { writeDictionary(to: dict) }
    if let seedDir { print("wrote \(writeSeeds(to: seedDir)) seeds to \(seedDir)") }
    exit(0)
}
