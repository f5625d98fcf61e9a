import Foundation

/// The forms themselves, for the coordinator (`peerlog forms`): each form's reference, advisor,
/// time of service in the program's time zone, codes, and its void if it has one. This is form
/// content: it is shown only to whoever holds the program keys, and every listing is audited as
/// a read of the forms (`forms-list`), as the coordinator's report is.
public struct FormListing: Sendable {
    public struct Entry: Sendable, Hashable {
        /// The form's REF (`FormReference`): what `peerlog void` takes.
        public let reference: String
        public let advisor: String
        /// The time of service in the program's time zone.
        public let time: ServiceTime
        public let incident: IncidentType
        public let intervention: InterventionKind
        /// Filed by the advisor, or entered from paper by the coordinator or a deputy.
        public let origin: FormOrigin
        public let voidReason: VoidReason?
        /// When it was voided (UTC minute), if it was.
        public let voidedAt: String?
    }

    /// Sorted by time of service, then reference.
    public let entries: [Entry]
    /// The program's time zone, as the times are given in.
    public let timeZone: String
}

extension PeerLogStore {
    /// Every form whose day of service (in the program's time zone) lies in `range`, optionally
    /// only one advisor's, voided ones included and marked. Every form is opened and checked, as
    /// for a report: a listing is never silently short of one. Audited (`forms-list`).
    /// - Throws: `InputError.unknownAdvisor`; `SealedForm.Rejection`, `FormVoid.Rejection`,
    ///   `TamperingError` when the records are not as filed and signed.
    public func formListing(keyring: ProgramKeyring, range: DateRange = .all, advisor name: String? = nil) throws -> FormListing {
        let zone = try programTimeZone()
        let roster = try roster()
        let names = Dictionary(uniqueKeysWithValues: roster.map { ($0.id, $0.name) })
        let only = try name.map { try advisor(named: $0) }
        let voided = try voidedForms(keyring: keyring)
        var found: [(id: Identifier, form: UsageForm, time: ServiceTime)] = []
        var ids: [Identifier] = []
        try forEachOpenedForm(keyring: keyring) { stored, opened in
            let form = try opened.get().form
            ids.append(stored.id)
            if let only, form.advisorID != only.id { return }
            let instant = Date(timeIntervalSince1970: TimeInterval(form.serviceTime.epochSeconds))
            let local = try ServiceTime(epochSeconds: form.serviceTime.epochSeconds,
                                        utcOffsetMinutes: Int16(zone.secondsFromGMT(for: instant) / 60))
            if range.contains(local.localDate) { found.append((stored.id, form, local)) }
        }
        let refs = FormReference.references(for: ids)
        let entries = found.map { item in
            let void = voided[item.id]
            return FormListing.Entry(reference: refs[item.id] ?? FormReference.shortHex(item.id), advisor: names[item.form.advisorID] ?? "(unknown)",
                                     time: item.time, incident: item.form.incident, intervention: item.form.intervention,
                                     origin: item.form.origin, voidReason: void?.reason, voidedAt: void?.voidedAt)
        }.sorted { ($0.time.epochSeconds, $0.reference) < ($1.time.epochSeconds, $1.reference) }
        try recordCoordinatorAction(keyring, action: "forms-list")
        return FormListing(entries: entries, timeZone: zone.identifier)
    }
}
