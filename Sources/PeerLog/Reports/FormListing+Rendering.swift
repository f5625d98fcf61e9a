/// `peerlog forms` as text, CSV or JSON (docs/FORMAT.md §12.3).
extension FormListing {
    public func rendered(as format: ReportFormat) -> String {
        switch format {
        case .csv:
            var lines = ["ref,advisor,time,incident,intervention,entered,voided,voided_at"]
            for e in entries {
                lines.append([e.reference, Render.csv(e.advisor), e.time.description, e.incident.code, e.intervention.code,
                              e.origin.code, e.voidReason?.code ?? "", e.voidedAt ?? ""].joined(separator: ","))
            }
            return lines.joined(separator: "\n") + "\n"
        case .json:
            let items = entries.map { e in
                "  {\"ref\": \(Render.json(e.reference)), \"advisor\": \(Render.json(e.advisor)), \"time\": \(Render.json(e.time.description)), "
                    + "\"incident\": \(Render.json(e.incident.code)), \"intervention\": \(Render.json(e.intervention.code)), \"entered\": \(Render.json(e.origin.code)), "
                    + "\"voided\": \(e.voidReason.map { Render.json($0.code) } ?? "null"), \"voidedAt\": \(e.voidedAt.map(Render.json) ?? "null")}"
            }
            return "[\n" + items.joined(separator: ",\n") + (items.isEmpty ? "" : "\n") + "]\n"
        case .text, .html:
            if entries.isEmpty { return "No forms match.\n" }
            let rows = entries.map { e in
                [e.reference, e.advisor, String(e.time.description.prefix(16)), e.incident.code, e.intervention.code, e.origin.code,
                 e.voidReason.map { "VOID: \($0.code)" } ?? ""]
            }
            let voided = entries.filter { $0.voidReason != nil }.count
            return Render.table(header: ["REF", "advisor", "time (\(timeZone))", "incident", "intervention", "entered", "void"], rows: rows, numeric: [])
                + "\n\(entries.count) form(s)" + (voided > 0 ? ", \(voided) voided (left out of every count)" : "") + ".\n"
        }
    }
}
