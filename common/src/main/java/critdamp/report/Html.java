package critdamp.report;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A small builder for the self-contained HTML reports: escaped text, tables, PNGs inlined as base64 data URIs, one
 * embedded style sheet, and (compare page only) inlined scripts: nothing is loaded from elsewhere, so the file can be
 * mailed or archived and opens anywhere, offline.
 */
final class Html {
    private static final String CSS = String.join("\n",
            "body{font-family:system-ui,-apple-system,'Segoe UI',Helvetica,Arial,sans-serif;margin:24px auto;"
                    + "max-width:1100px;color:#222;line-height:1.4;padding:0 16px}",
            "h1{font-size:1.6em;margin-bottom:4px}h2{font-size:1.25em;margin-top:32px;border-bottom:1px solid #ddd;"
                    + "padding-bottom:4px}",
            ".meta{color:#666;font-size:.9em}",
            "table{border-collapse:collapse;margin:8px 0 16px;font-size:.9em}",
            "th,td{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}",
            "th{background:#f3f5f7}td.num{text-align:right;font-variant-numeric:tabular-nums}",
            "tr:nth-child(even) td{background:#fafafa}",
            "td.failed{color:#b00020;font-weight:600}td.done{color:#1b7f2a}",
            "img{max-width:100%;height:auto;border:1px solid #eee;margin:8px 0}",
            "pre{background:#f6f8fa;padding:8px;overflow-x:auto;font-size:.85em}",
            ".note{color:#555;font-size:.9em}.scroll{overflow-x:auto}td.note{color:#555}",
            ".live{background:#fff4ce;border:1px solid #e0c060;padding:8px 12px;border-radius:4px}",
            ".chart{position:relative;height:420px;margin:8px 0 24px}",
            "details{margin:8px 0}summary{cursor:pointer;color:#333}");
    private final StringBuilder body = new StringBuilder();
    private final String title;
    private int refreshSeconds;

    Html(String title) {
        this.title = title;
    }

    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** A number with {@code digits} decimals, or an en dash when not finite. */
    static String num(double v, int digits) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%." + digits + "f", v) : "–";
    }

    /** Seconds as "42 s", "3m05s", "1h02m". */
    static String duration(double seconds) {
        if (!Double.isFinite(seconds)) {
            return "–";
        }
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60)
                : s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60)
                : String.format(Locale.ROOT, "%.1f s", seconds);
    }

    Html h1(String text) {
        body.append("<h1>").append(escape(text)).append("</h1>\n");
        return this;
    }

    Html h2(String text) {
        body.append("<h2>").append(escape(text)).append("</h2>\n");
        return this;
    }

    Html p(String text, String cssClass) {
        body.append("<p").append(cssClass == null ? "" : " class=\"" + cssClass + "\"").append('>')
                .append(escape(text)).append("</p>\n");
        return this;
    }

    Html pre(String text) {
        body.append("<pre>").append(escape(text)).append("</pre>\n");
        return this;
    }

    /** Makes the page reload itself every {@code seconds} (a live view of a run in progress); 0: never. */
    Html refreshEvery(int seconds) {
        this.refreshSeconds = seconds;
        return this;
    }

    /** Trusted markup, as is (canvases, the page's own scripts); never pass text from a run folder here. */
    Html raw(String html) {
        body.append(html).append('\n');
        return this;
    }

    /** Starts a collapsed section with the given summary line; close it with {@link #endDetails}. */
    Html details(String summary) {
        body.append("<details><summary>").append(escape(summary)).append("</summary>\n");
        return this;
    }

    Html endDetails() {
        body.append("</details>\n");
        return this;
    }

    /** An inline PNG. */
    Html img(byte[] png, String alt) {
        body.append("<img alt=\"").append(escape(alt)).append("\" src=\"data:image/png;base64,")
                .append(Base64.getEncoder().encodeToString(png)).append("\">\n");
        return this;
    }

    /** A table; a cell starting with {@link #NUM} is right-aligned, with {@link #CLASS} + "name:" gets that class. */
    Html table(List<String> headers, List<List<String>> rows) {
        body.append("<div class=\"scroll\"><table>\n<tr>");
        headers.forEach(h -> body.append("<th>").append(escape(h)).append("</th>"));
        body.append("</tr>\n");
        for (List<String> row : rows) {
            body.append("<tr>");
            for (String cell : row) {
                if (cell != null && cell.startsWith(NUM)) {
                    body.append("<td class=\"num\">").append(escape(cell.substring(NUM.length()))).append("</td>");
                } else if (cell != null && cell.startsWith(CLASS)) {
                    int colon = cell.indexOf(':', CLASS.length());
                    body.append("<td class=\"").append(escape(cell.substring(CLASS.length(), colon))).append("\">")
                            .append(escape(cell.substring(colon + 1))).append("</td>");
                } else {
                    body.append("<td>").append(escape(cell)).append("</td>");
                }
            }
            body.append("</tr>\n");
        }
        body.append("</table></div>\n");
        return this;
    }

    /** Marks a table cell as numeric (right-aligned). */
    static final String NUM = "\u0000num:";
    /** Marks a table cell with a CSS class: CLASS + "failed:" + text. */
    static final String CLASS = "\u0000class:";

    static String n(String text) {
        return NUM + text;
    }

    /** A two-column key/value table of a JSON tree flattened to dotted keys. */
    Html keyValues(JsonNode tree) {
        List<List<String>> rows = new java.util.ArrayList<>();
        flatten("", tree, rows);
        return table(List.of("key", "value"), rows);
    }

    /** Flattens a JSON tree to dotted keys; arrays of scalars stay one value, arrays of objects get [i] keys. */
    static void flatten(String prefix, JsonNode node, List<List<String>> rows) {
        if (node == null || node.isMissingNode()) {
            return;
        }
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), rows);
            }
        } else if (node.isArray() && hasContainers(node)) {
            for (int i = 0; i < node.size(); i++) {
                flatten(prefix + "[" + i + "]", node.get(i), rows);
            }
        } else {
            rows.add(List.of(prefix, node.isTextual() ? node.asText() : node.toString()));
        }
    }

    private static boolean hasContainers(JsonNode array) {
        for (JsonNode n : array) {
            if (n.isContainerNode()) {
                return true;
            }
        }
        return false;
    }

    String render() {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + (refreshSeconds > 0 ? "<meta http-equiv=\"refresh\" content=\"" + refreshSeconds + "\">\n" : "")
                + "<title>" + escape(title)
                + "</title>\n<style>\n" + CSS + "\n</style>\n</head>\n<body>\n" + body + "</body>\n</html>\n";
    }
}
