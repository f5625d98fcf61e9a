import Foundation
import GRDB

extension PeerLogStore {
    // MARK: Preparing

    /// The forms counted per day by incident type and intervention kind, with the first and last
    /// day served. Coordinator only: it opens every form. Held in memory only.
    func trueCounts(keyring: ProgramKeyring) throws -> (counts: TrueCounts, first: CalendarDate?, last: CalendarDate?) {
        var counts = TrueCounts()
        var first: CalendarDate?, last: CalendarDate?
        try forEachForm(keyring: keyring) { form in
            let day = form.serviceTime.localDate
            counts.add(day: day, incident: form.incident.code, intervention: form.intervention.code)
            if first.map({ day < $0 }) ?? true { first = day }
            if last.map({ $0 < day }) ?? true { last = day }
        }
        return (counts, first, last)
    }

    /// Every publication's body as stored (signed bodies: what command staff hold), and the
    /// highest publication number. Withdrawn ones included.
    /// - Throws: `PublicationError.unreadable` naming a body that does not decode.
    func publicationLedger(_ db: Database) throws -> (ledger: PublicationLedger, size: Int64) {
        var entries: [PublicationLedger.Entry] = []
        for row in try Row.fetchAll(db, sql: "SELECT report_id, body FROM published_report ORDER BY report_id") {
            let id: Int64 = row["report_id"]
            guard let report = try? CommandStaffReport.decode(row["body"] as Data) else { throw PublicationError.unreadable(reportID: id) }
            entries.append(.init(number: id, report: report))
        }
        return (PublicationLedger(entries: entries), entries.last?.number ?? 0)
    }

    /// Prepares the anonymised report, checked together with every earlier publication
    /// (docs/DISCLOSURE-CONTROL.md). Coordinator only: it opens every form. Audited.
    /// - Parameters:
    ///   - today: the local date that decides which months have ended.
    ///   - seed: the random choices' seed; by default fresh from libsodium.
    ///   - jointCheck: false only in tests that show what the joint check prevents.
    /// - Throws: `PublicationRefusal`, `NoiseError`, `InputError`, `TamperingError`, `SolverFailure`.
    public func prepareCommandStaffReport(keyring: ProgramKeyring, _ specification: ReportSpecification, today: CalendarDate? = nil,
                                          seed: [UInt8]? = nil) throws -> PreparedReport {
        try prepareCommandStaffReport(keyring: keyring, specification, today: today, seed: seed, jointCheck: true)
    }

    func prepareCommandStaffReport(keyring: ProgramKeyring, _ specification: ReportSpecification, today: CalendarDate?,
                                   seed: [UInt8]?, jointCheck: Bool) throws -> PreparedReport {
        let (counts, first, last) = try trueCounts(keyring: keyring)
        let (ledger, size) = try read { db in try publicationLedger(db) }
        let budget = try noiseBudget()
        try recordCoordinatorAction(keyring, action: "command-staff-report")
        var preparation = ReportPreparation(specification: specification, truth: counts, firstForm: first, lastForm: last, ledger: ledger,
                                            ledgerSize: size, program: try programInfo(), today: today ?? ServiceTime.now().localDate,
                                            noiseBudget: budget)
        preparation.jointCheck = jointCheck
        return try preparation.prepare(seed: seed ?? SeededRandom.freshSeed())
    }

    /// The anonymised report exactly as asked (no coarser period, no combined rows), checked
    /// together with every earlier publication. Coordinator only.
    /// Without `from`/`to`, whole periods holding forms that have ended.
    public func commandStaffReport(keyring: ProgramKeyring, from: CalendarDate?, to: CalendarDate?,
                                   by: PeriodGrouping = .quarter, dimension: CommandStaffReport.Dimension = .incident,
                                   control: DisclosureControl) throws -> CommandStaffReport {
        try prepareCommandStaffReport(keyring: keyring, ReportSpecification(from: from, to: to, by: by, dimension: dimension,
                                                                            control: control, asAsked: true)).report
    }

    // MARK: Publishing

    /// Publishes a prepared report, signed by the program root, with its random seed sealed to the
    /// program key, answering `requests`. Refused if another publication was made since it was
    /// prepared (its check would be out of date).
    /// - Throws: `PublicationRefusal.ledgerChanged`, `RequestError`, `TamperingError`.
    @discardableResult
    public func publish(_ prepared: PreparedReport, keyring: ProgramKeyring, answering requests: [Int64] = [],
                        now: Date = Date()) throws -> Int64 {
        try store(prepared.report, keyring: keyring, expectedLedger: prepared.ledgerSize, seed: prepared.seed, answering: requests, now: now)
    }

    /// Publishes a report made elsewhere, after checking it as preparation would: whole months
    /// that have ended, every shown count equal to the forms, small counts withheld, every withheld
    /// number protected in the report and together with every earlier publication. (Noisy reports
    /// are published only as prepared.)
    /// - Throws: `PublicationRefusal`, `UnverifiableReport`, and what `publish(_:keyring:)` throws.
    @discardableResult
    public func publish(_ report: CommandStaffReport, keyring: ProgramKeyring, now: Date = Date()) throws -> Int64 {
        let (counts, _, _) = try trueCounts(keyring: keyring)
        let (ledger, size) = try read { db in try publicationLedger(db) }
        try ReportAudit(report: report, truth: counts, ledger: ledger, today: ServiceTime.now().localDate).check()
        return try store(report, keyring: keyring, expectedLedger: size, seed: nil, answering: [], now: now)
    }

    /// Checks a report as `publish(_:keyring:)` would, without publishing it: the counts against the
    /// forms, the per-report rule, and the joint check over every earlier publication.
    /// - Throws: `UnverifiableReport`, `PublicationRefusal`.
    public func checkCommandStaffReport(_ report: CommandStaffReport, keyring: ProgramKeyring, today: CalendarDate? = nil) throws {
        let (counts, _, _) = try trueCounts(keyring: keyring)
        let (ledger, _) = try read { db in try publicationLedger(db) }
        try ReportAudit(report: report, truth: counts, ledger: ledger, today: today ?? ServiceTime.now().localDate).check()
    }

    /// One coordinator transaction: the ledger is still what the check saw; number, stamp, sign,
    /// insert; the sealed seed; the requests answered.
    private func store(_ report: CommandStaffReport, keyring: ProgramKeyring, expectedLedger: Int64, seed: [UInt8]?,
                       answering requests: [Int64], now: Date) throws -> Int64 {
        let at = Self.auditTimestamp(now)
        return try rootedWrite(keyring, action: "report-publish", now: now) { db -> Int64 in
            let newest = try Int64.fetchOne(db, sql: "SELECT max(report_id) FROM published_report") ?? 0
            guard newest == expectedLedger else { throw PublicationRefusal.ledgerChanged }
            let head = try chainHead(db)
            let number = newest + 1
            let stamped = report.stamped(CommandStaffReport.Publication(
                number: number, publishedAt: at, auditHead: .init(seq: head.seq, hash: hexString(head.hash)),
                rootFingerprint: keyring.rootFingerprint))
            let body = try stamped.canonicalJSON()
            let signature = try keyring.root.sign(RootSigned.publishedReportV2(programID: keyring.programID, publishedAt: at,
                                                                               body: [UInt8](body)))
            try db.execute(sql: "INSERT INTO published_report (report_id, published_at, body, signature, scheme) VALUES (?, ?, ?, ?, 2)",
                           arguments: [number, at, body, Data(signature)])
            if let seed, let key = keyring.keys[keyring.activeKeyID] {
                let sealed = try PublicationSeed.seal(seed, programID: keyring.programID, reportID: number, to: key.publicKey)
                try db.execute(sql: "INSERT INTO publication_seed (report_id, key_id, sealed) VALUES (?, ?, ?)",
                               arguments: [number, keyring.activeKeyID, Data(sealed)])
            }
            for request in requests { try answer(db, request: request, with: number, at: at) }
            return number
        }
    }

    /// The seed a publication's choices were drawn from: with the same forms and options,
    /// `prepareCommandStaffReport(seed:)` makes the same choices again. Coordinator only.
    /// - Throws: `PublicationError.noSeed` for a publication made without one (before this
    ///   version, or published from a report made elsewhere).
    public func publicationSeed(_ number: Int64, keyring: ProgramKeyring) throws -> [UInt8] {
        guard let row = try read({ db in try Row.fetchOne(db, sql: "SELECT key_id, sealed FROM publication_seed WHERE report_id = ?",
                                                         arguments: [number]) }),
              let keys = keyring.keys[row["key_id"] as Int64] else { throw PublicationError.noSeed(reportID: number) }
        return try PublicationSeed.open([UInt8](row["sealed"] as Data), programID: keyring.programID, reportID: number, with: keys)
    }
}
