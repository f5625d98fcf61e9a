import Foundation
import PeerLog

/// peerlog-bench: how fast PeerLog files and reports on this machine, next to the cryptography
/// alone, with the figures measured on the spot.
func runBench(_ options: BenchOptions) throws {
    let n = options.forms
    let single = options.singleForms ?? n
    let cryptoForms = min(n, BenchOptions.cryptoForms)
    let forms = SyntheticForms()
    let directory = try makeScratchDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let today = try CalendarDate(year: 2026, month: 1, day: 5)

    let (store, _, advisor) = try makeProgram(at: directory + "/single.db", today: today)
    let (batchStore, keyring, batchAdvisor) = try makeProgram(at: directory + "/batched.db", today: today)

    print("peerlog-bench: \(n) forms (\(single) filed one per transaction); \(MachineFacts.cores) cores (\(MachineFacts.processor)); databases in \(directory)")
    #if DEBUG
    print("note: this is a debug build; build with -c release for figures worth quoting")
    #endif

    // Sealing alone, no SQLite, one thread, as filing seals: the forms of `range`, discarded.
    guard let programKeys = keyring.keys[keyring.activeKeyID] else { throw BenchError.mismatch("no active program key") }
    let signer = try SigningKey.generate()
    let recipient = FormRecipient(programID: keyring.programID, keyID: keyring.activeKeyID, publicKey: programKeys.publicKey)
    func sealAlone(_ range: Range<Int>) throws -> Timing {
        let toSeal = try range.map { i in
            UsageForm(advisorID: advisor.advisorID, serviceTime: try forms.time(i), incident: forms.incident(i), intervention: forms.intervention(i))
        }
        return try Timing.measure(items: toSeal.count) {
            for form in toSeal { _ = try SealedForm.seal(form, signer: signer, recipient: recipient) }
        }
    }
    let zero = Timing(seconds: 0, items: 0)

    // Filing, one form per call: each call is its own transaction, synced (synchronous = FULL).
    // Measured in slices, each followed by the same number of filings into bare SQLite, the same
    // number of forms sealed alone, and a share of the fdatasync rounds: on a shared machine the
    // load changes from minute to minute, and a figure compared with its bound must see the same.
    var bareSingleStore = try BareSQLite(path: directory + "/bare-single.db")
    let syncBound = try SyncBound(directory: directory)
    let slices = 50
    let slice = max(1, (single + slices - 1) / slices)
    var filing = zero, bareSingle = zero, sealingSingle = zero
    for start in stride(from: 0, to: single, by: slice) {
        let range = start..<min(single, start + slice)
        filing = filing + (try Timing.measure(items: range.count) {
            for i in range {
                try store.file(as: advisor, at: forms.time(i), incident: forms.incident(i), intervention: forms.intervention(i))
            }
        })
        bareSingle = bareSingle + (try bareSingleStore.fileOnePerTransaction(range.count))
        sealingSingle = sealingSingle + (try sealAlone(range))
        try syncBound.measure(rounds: max(1, min(single, BenchOptions.syncRounds) / slices))
    }
    try bareSingleStore.checkCount()
    try removeBare(&bareSingleStore)
    let syncs = syncBound.total

    // Filing N forms into a second database, many per transaction; each batch followed by one
    // into bare SQLite and, for one batch in `sample`, by sealing as many forms alone.
    var bareBatchStore = try BareSQLite(path: directory + "/bare-batched.db")
    let batches = (n + BenchOptions.batchSize - 1) / BenchOptions.batchSize
    let sample = max(1, batches / 100)
    var batching = zero, bareBatched = zero, sealingBatched = zero
    for (number, start) in stride(from: 0, to: n, by: BenchOptions.batchSize).enumerated() {
        let range = start..<min(n, start + BenchOptions.batchSize)
        let batch = try range.map { i in
            FormEntry(time: try forms.time(i), incident: forms.incident(i), intervention: forms.intervention(i))
        }
        batching = batching + (try Timing.measure(items: batch.count) { try batchStore.file(batch: batch, as: batchAdvisor) })
        bareBatched = bareBatched + (try bareBatchStore.fileBatch(range.count))
        if number % sample == 0 { sealingBatched = sealingBatched + (try sealAlone(range)) }
    }
    guard try batchStore.formCount() == n else { throw BenchError.mismatch("the batched database does not hold \(n) forms") }
    try bareBatchStore.checkCount()
    try removeBare(&bareBatchStore)

    // The coordinator's next action after the filings folds them into the audit trail. In the
    // CLI that is the unlock before any report, so it is timed here as the unlock it is, apart
    // from the report (which would otherwise carry N audit entries that are not its work).
    var coordinatorBytes = Array(BenchProgram.coordinatorPassphrase.utf8)
    let coordinator = try SecretBytes(consuming: &coordinatorBytes)
    let foldPeakWasReset = MachineFacts.resetPeakMemory()
    let folding = try Timing.measure(items: n) { _ = try batchStore.unlockProgram(passphrase: coordinator) }
    let foldPeakKiB = MachineFacts.peakMemoryKiB

    // The report over those N forms (opened on every core), with its own peak memory: measured
    // before the bench holds its own sealed forms, which would count in the peak.
    let peakWasReset = MachineFacts.resetPeakMemory()
    let residentBeforeReportKiB = MachineFacts.residentMemoryKiB
    var reported = 0
    let report = try Timing.measure(items: n) {
        reported = try batchStore.coordinatorReport(keyring: keyring).total
    }
    guard reported == n else { throw BenchError.mismatch("the report counted \(reported) forms, \(n) were filed") }
    let peakKiB = MachineFacts.peakMemoryKiB

    // The cryptography of the report alone: forms sealed once, then opened and verified on every
    // core, as the report does, right after it.
    var sealed: [[UInt8]] = []
    var ids: [Identifier] = []
    sealed.reserveCapacity(cryptoForms)
    ids.reserveCapacity(cryptoForms)
    for i in 0..<cryptoForms {
        let form = UsageForm(advisorID: advisor.advisorID, serviceTime: try forms.time(i), incident: forms.incident(i),
                             intervention: forms.intervention(i))
        sealed.append(try SealedForm.seal(form, signer: signer, recipient: recipient))
        ids.append(form.id)
    }
    let opening = try CryptoBound.openOnEveryCore(sealed: sealed, ids: ids, recipient: recipient, keys: programKeys, advisorID: advisor.advisorID,
                                                  signer: signer.publicKey)

    printFiling("filing, one form per transaction (each commit synced: synchronous = FULL), K = \(single)", store: filing,
                sealing: sealingSingle, bare: bareSingle, target: 0.8)
    print("  fdatasync alone   \(grouped(syncs.perSecond)) syncs/s (4 KiB rewritten in place, \(syncs.items) rounds, same disk)")
    printFiling("filing, \(BenchOptions.batchSize) forms per transaction (PeerLogStore.file(batch:as:)), N = \(n)", store: batching,
                sealing: sealingBatched, bare: bareBatched, target: 0.7)
    print("folding the N filings into the audit trail (the coordinator's unlock after them, minimum KDF): \(decimal(folding.seconds, places: 2)) s, \(grouped(folding.perSecond)) filings/s")
    printPhase("coordinator report (\(MachineFacts.cores) cores)", store: report, crypto: opening, target: 0.8)
    let mib: (Int?) -> String = { kib in kib.map { "\(grouped(Double($0) / 1024)) MiB" } ?? "unknown" }
    print("peak memory during the report over \(n) forms: \(mib(peakKiB)) (VmHWM)\(peakWasReset ? "" : ", including the filing before it")")
    print("  resident when the report began \(mib(residentBeforeReportKiB)) (VmRSS: what the fold's memory left behind counts here)")
    print("  peak during the fold \(mib(foldPeakKiB))\(foldPeakWasReset ? "" : ", including the filing before it")")

    let kdf = try KDFTimings.measure()
    print("key derivation (Argon2id, one unlock), median:")
    for figure in kdf {
        let mib = figure.parameters.memLimit / (1 << 20)
        let memory = mib > 0 ? "\(mib) MiB" : "\(figure.parameters.memLimit / 1024) KiB"
        print("  \(figure.name.padding(toLength: 22, withPad: " ", startingAt: 0)) ops \(figure.parameters.opsLimit), \(memory): "
              + "\(decimal(figure.median * 1000, places: 1)) ms (\(figure.runs) runs)")
    }

    if options.batchLayouts {
        try exploreBatchLayouts(directory: directory, forms: n)
    }

    if options.fileRuns > 0 {
        if let executable = options.peerlog ?? FileCommandTiming.siblingExecutable() {
            let passphraseFile = directory + "/advisor.pass"
            try FileCreation.writePrivateFile(Data(BenchProgram.advisorPassphrase.utf8), to: passphraseFile)
            let command = FileCommandTiming(executable: executable, database: store.path, passphraseFile: passphraseFile,
                                            advisor: BenchProgram.advisorName, runs: options.fileRuns)
            let timing = try command.run()
            let start = try command.startOnly()
            let met = timing.median < 0.020
            func line(_ result: FileCommandTiming.Result) -> String {
                "median \(decimal(result.median * 1000, places: 1)) ms, p90 \(decimal(result.p90 * 1000, places: 1)) ms, "
                    + "slowest \(decimal(result.slowest * 1000, places: 1)) ms"
            }
            print("""
                peerlog file end to end (\(options.fileRuns) runs, \(single) forms already stored; advisor key at the minimum KDF, so no derivation):
                  wall time         \(line(timing)) (target median < 20 ms: \(met ? "met" : "NOT met"))
                  of which start    \(line(start)) (peerlog --version)
                  binary            \(executable)
                """)
        } else {
            print("peerlog file end to end: skipped, no peerlog next to this bench (build it first: swift build -c release)")
        }
    }
    if options.webFilings > 0 {
        _ = try makeProgram(at: directory + "/web.db", today: today)
        // Opened as `peerlog serve` opens it: a pool, so reads do not wait for a filing's commit.
        let webStore = try PeerLogStore(openingExisting: directory + "/web.db", concurrentReaders: true)
        let result = try WebIntakeLoad(store: webStore, filings: options.webFilings, clients: BenchOptions.webClients).run()
        guard try webStore.formCount() == options.webFilings, result.acknowledged == options.webFilings else {
            throw BenchError.mismatch("web intake: \(result.acknowledged) acknowledged, \(try webStore.formCount()) stored, \(options.webFilings) sent")
        }
        print("""
            web intake (peerlog serve on loopback, \(BenchOptions.webClients) concurrent clients, \(options.webFilings) filings, each stored once):
              throughput        \(grouped(Double(options.webFilings) / result.seconds)) filings/s (\(decimal(result.seconds, places: 2)) s)
              latency           p50 \(decimal(result.p50 * 1000, places: 1)) ms, p99 \(decimal(result.p99 * 1000, places: 1)) ms
            """)
    }
}

/// A new program in its own database, with one advisor unlocked. Not measured: the cheapest KDF,
/// so unlocking costs nothing worth mentioning.
func makeProgram(at path: String, today: CalendarDate) throws -> (PeerLogStore, ProgramKeyring, AdvisorCredential) {
    var coordinatorBytes = Array(BenchProgram.coordinatorPassphrase.utf8)
    let coordinator = try SecretBytes(consuming: &coordinatorBytes)
    let (store, _) = try PeerLogStore.createProgram(at: path, name: "Bench Peer Support", coordinator: "Capt. Bench",
                                                    passphrase: coordinator, kdf: .minimum, today: today)
    let keyring = try store.unlockProgram(passphrase: coordinator)
    var advisorBytes = Array(BenchProgram.advisorPassphrase.utf8)
    let advisorPassphrase = try SecretBytes(consuming: &advisorBytes)
    try store.addAdvisor(name: BenchProgram.advisorName, passphrase: advisorPassphrase, authority: keyring, kdf: .minimum, today: today)
    return (store, keyring, try store.unlockAdvisor(named: BenchProgram.advisorName, passphrase: advisorPassphrase))
}

/// The throw-away program's names and passphrases (bench databases only, deleted afterwards),
/// strong enough for `PassphrasePolicy`.
enum BenchProgram {
    static let advisorName = "Sgt. Bench"
    static let advisorPassphrase = "bench advisor: lagoon plinth heron cobalt"
    static let coordinatorPassphrase = "bench coordinator: lagoon plinth heron cobalt"
}

/// Closes a bare-SQLite database and deletes its files (a million rows take half a gigabyte).
func removeBare(_ bare: inout BareSQLite) throws {
    let path = bare.pool.path
    try bare.pool.close()
    for suffix in ["", "-wal", "-shm"] { unlink(path + suffix) }
}

/// Filing against its combined bound: sealing and storing one after the other, so the best a
/// filing can do is 1 / (1/seal rate + 1/bare-SQLite rate).
func printFiling(_ name: String, store: Timing, sealing: Timing, bare: Timing, target: Double) {
    let bound = 1 / (1 / sealing.perSecond + 1 / bare.perSecond)
    let ratio = store.perSecond / bound
    print("""
        \(name):
          through PeerLog   \(grouped(store.perSecond)) forms/s (\(decimal(store.seconds, places: 2)) s)
          sealing alone     \(grouped(sealing.perSecond)) forms/s (\(decimal(sealing.seconds, places: 2)) s, one core, no SQLite)
          bare SQLite       \(grouped(bare.perSecond)) forms/s (\(decimal(bare.seconds, places: 2)) s, same rows and settings, no crypto)
          combined bound    \(grouped(bound)) forms/s = 1 / (1/sealing + 1/bare SQLite)
          ratio             \(decimal(ratio, places: 3)) of the combined bound (target >= \(target): \(ratio >= target ? "met" : "NOT met"))
        """)
}

/// Batched filing in bare SQLite under other layouts, to find what the batched gap is made of.
/// Every layout gets its own database, filled (unmeasured, in large unsynced transactions) to
/// N - M rows; then M filings are timed in batches, one batch per layout in turn, so that all
/// layouts see the same load and the figure is the rate at N rows.
func exploreBatchLayouts(directory: String, forms n: Int) throws {
    let measured = min(n, BenchOptions.layoutForms)
    let base = BareSQLite.Layout.peerLog
    func variant(_ change: (inout BareSQLite.Layout) -> Void) -> BareSQLite.Layout {
        var layout = base
        change(&layout)
        return layout
    }
    let layouts: [BareSQLite.Layout] = [
        base,
        variant { $0.sortBatchByKey = true },
        variant { $0.pageSize = 8192 },
        variant { $0.pageSize = 16384 },
        variant { $0.cacheKiB = 256 * 1024 },
        variant { $0.uniqueAuditHash = false },
        variant { $0.walAutocheckpoint = 25_000 },
        variant { $0.uniqueAuditHash = false; $0.walAutocheckpoint = 25_000 },
    ]
    var stores: [BareSQLite] = []
    for (index, layout) in layouts.enumerated() {
        var store = try BareSQLite(path: directory + "/layout-\(index).db", layout: layout)
        try store.prefill(n - measured)
        stores.append(store)
    }
    var timings = Array(repeating: Timing(seconds: 0, items: 0), count: layouts.count)
    for start in stride(from: 0, to: measured, by: BenchOptions.batchSize) {
        let count = min(BenchOptions.batchSize, measured - start)
        for index in stores.indices { timings[index] = timings[index] + (try stores[index].fileBatch(count)) }
    }
    print("batched filing in bare SQLite by layout (\(BenchOptions.batchSize) per transaction; \(measured) filings timed after \(n - measured) unmeasured, layouts in turn):")
    for index in stores.indices {
        try stores[index].checkCount()
        try removeBare(&stores[index])
        print("  \(layouts[index].description.padding(toLength: 76, withPad: " ", startingAt: 0)) \(grouped(timings[index].perSecond)) forms/s")
    }
}

func printPhase(_ name: String, store: Timing, crypto: Timing, target: Double) {
    let ratio = store.perSecond / crypto.perSecond
    print("""
        \(name):
          through PeerLog   \(grouped(store.perSecond)) forms/s (\(decimal(store.seconds, places: 2)) s)
          crypto alone      \(grouped(crypto.perSecond)) forms/s (\(decimal(crypto.seconds, places: 2)) s)
          ratio             \(decimal(ratio, places: 3)) (target >= \(target): \(ratio >= target ? "met" : "NOT met"))
        """)
}

do {
    // `peerlog-bench joint-check`: the disclosure check with a long ledger (JointCheckTiming.swift).
    if CommandLine.arguments.dropFirst().first == "joint-check" {
        try JointCheckTiming.main(Array(CommandLine.arguments.dropFirst(2)))
    } else if let options = try BenchOptions(arguments: Array(CommandLine.arguments.dropFirst())) {
        try runBench(options)
    }
} catch let error as BenchError {
    FileHandle.standardError.write(Data("peerlog-bench: \(error)\n".utf8))
    exit(64)
} catch {
    FileHandle.standardError.write(Data("peerlog-bench: error: \(error)\n".utf8))
    exit(1)
}
