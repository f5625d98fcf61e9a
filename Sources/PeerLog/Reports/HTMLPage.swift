/// A self-contained HTML page: inline CSS, no scripts, no external resources, so it can be mailed,
/// printed or opened offline, and a strict Content-Security-Policy can serve it.
public enum HTMLPage {
    public static func escape(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }

    static let style = """
    :root { color-scheme: light; }
    * { box-sizing: border-box; }
    body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; color: #1b1f24;
           margin: 0 auto; padding: 16px; max-width: 980px; background: #fff; }
    h1 { font-size: 1.35rem; line-height: 1.3; margin: 0 0 4px; }
    .sub { color: #4a5561; margin: 0 0 16px; }
    .badge { display: inline-block; border: 1px solid #8a5a00; color: #8a5a00; border-radius: 4px; padding: 0 6px;
             font-size: .8rem; font-weight: 600; letter-spacing: .02em; }
    figure { margin: 0 0 20px; }
    figcaption { font-weight: 600; margin-bottom: 6px; }
    svg { width: 100%; height: auto; display: block; }
    .scroll { overflow-x: auto; -webkit-overflow-scrolling: touch; border: 1px solid #d5dbe1; border-radius: 6px; }
    table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
    th, td { padding: 8px 10px; border-bottom: 1px solid #e3e7eb; text-align: right; white-space: nowrap; }
    th:first-child, td:first-child { text-align: left; white-space: normal; min-width: 9rem; }
    thead th { background: #f3f5f7; font-weight: 600; }
    tr.total td, tr.total th { font-weight: 700; border-top: 2px solid #9aa5b1; }
    .withheld { color: #6b7683; font-style: italic; }
    .note { background: #f6f8fa; border-left: 4px solid #5b7083; padding: 10px 14px; margin: 20px 0; }
    .legend { font-size: .9rem; color: #4a5561; margin: 0 0 8px; }
    .withdrawn { border: 2px solid #9b1c1c; color: #9b1c1c; border-radius: 6px; padding: 8px 12px; }
    ul.archive { padding-left: 1.2rem; }
    ul.archive li { margin: 6px 0; }
    abbr { text-decoration: none; }
    footer { color: #4a5561; font-size: .85rem; margin-top: 24px; }
    @media (max-width: 480px) {
      body { padding: 12px; font-size: 15px; }
      th, td { padding: 6px 7px; }
      th:first-child, td:first-child { min-width: 6.5rem; }
    }
    @media print {
      body { max-width: none; padding: 0; font-size: 11pt; }
      .scroll { overflow: visible; border: none; }
      .note { background: none; }
      a { color: inherit; }
    }
    """

    public static func page(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="robots" content="noindex">
        <title>\(escape(title))</title>
        <style>
        \(style)
        </style>
        </head>
        <body>
        \(body)
        </body>
        </html>

        """
    }
}
