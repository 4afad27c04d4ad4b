package io.nnpipe.output;

import io.nnpipe.pipeline.StageTable;
import java.util.List;

/**
 * The run report: one self-contained HTML page (no scripts, no external style sheets, fonts or
 * images, so it works offline and from an archived CI artifact) with the final metrics, the loss
 * chart as inline SVG, the stage table, the first traced step laid out like the seed document's
 * walk-through ({@link HtmlWalkthrough}), and the config as written. Deterministic: the same run
 * gives the same bytes (no dates, no random ids).
 */
public final class HtmlReport {
    private static final String STYLE = """
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;margin:0 auto;
            max-width:1100px;padding:1.5em 2em;color:#1d1d1f;line-height:1.45}
            h1{font-size:1.6em;margin-bottom:.2em}h2{margin-top:1.8em;border-bottom:1px solid #ddd;padding-bottom:.2em}
            h3{margin-top:1.4em}h4{margin:.9em 0 .3em}small,.note,.cut{color:#666}
            table.grid{border-collapse:collapse;font-size:.92em}
            table.grid th,table.grid td{border:1px solid #ddd;padding:.25em .6em;text-align:left}
            table.grid td.n{text-align:right;font-variant-numeric:tabular-nums}
            table.grid th{background:#f4f4f6}
            .chart svg{max-width:100%;height:auto}
            pre{background:#f6f8fa;border:1px solid #e1e4e8;padding:1em;overflow-x:auto;font-size:.88em}
            .stage{border-left:3px solid #ccd;padding:.1em 0 .4em 1em;margin:.6em 0}
            .items{display:flex;flex-wrap:wrap;gap:.2em 2.2em;align-items:flex-start}
            .item{margin:.35em 0 .6em}.what{font-size:.92em;margin-bottom:.2em}
            nav{font-size:.92em}nav a{margin-right:1em}nav.contents{margin:.4em 0 1em;line-height:1.7}
            .samples{display:flex;flex-wrap:wrap;gap:.4em 1.6em;align-items:flex-start}
            .sample>.label{font-size:.8em;color:#666}
            .tensor{display:flex;flex-wrap:wrap;gap:.6em;overflow-x:auto}
            table.m{border-collapse:collapse;font:.82em ui-monospace,"DejaVu Sans Mono",monospace}
            table.m td{border:1px solid #d0d0d8;padding:.15em .45em;text-align:right;min-width:3.5em}
            table.m td.more{border:none;color:#888;text-align:center;min-width:1em}
            table.m caption{font-size:.85em;color:#666;caption-side:top;text-align:left;white-space:nowrap}
            .cut{font-size:.8em;margin:.2em 0}
            .stopped{background:#fdecea;border-left:4px solid #c62828;padding:.5em .8em}
            .p1{background:#fbe9e9}.p2{background:#f6d3d3}.p3{background:#f1bcbd}.p4{background:#eda6a7}.p5{background:#e89091}
            .n1{background:#e9f1f7}.n2{background:#d2e4ef}.n3{background:#bcd6e8}.n4{background:#a5c9e1}.n5{background:#8fbbd9}
            """;

    private HtmlReport() {
    }

    /**
     * The page for a run.
     *
     * @param info the run's config and shapes
     * @param history its loss history
     * @param charts the loss charts as SVG documents (linear, and log scale when it helps)
     * @param trace its first traced step, or null
     * @param version the tool's version, shown in the footer
     */
    public static String render(RunInfo info, RunHistory history, List<String> charts, TraceStep trace, String version) {
        return render(info, history, charts, trace, version, null);
    }

    /**
     * The page for a run that may have stopped on a training fault.
     *
     * @param stopped why training stopped (the fault's message), shown first; null: it did not
     */
    public static String render(RunInfo info, RunHistory history, List<String> charts, TraceStep trace, String version,
            String stopped) {
        StringBuilder b = new StringBuilder(64 * 1024);
        String title = "nnpipe run: " + info.name();
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(Html.escape(title)).append("</title>\n<style>\n").append(STYLE)
                .append("</style>\n</head>\n<body>\n<h1>").append(Html.escape(title)).append("</h1>\n");
        if (!info.description().isEmpty()) {
            b.append("<p>").append(Html.escape(info.description())).append("</p>\n");
        }
        b.append("<p class=\"note\">Config <code>").append(Html.escape(info.configFile())).append("</code>")
                .append(info.overrides().isEmpty() ? "" : " with overrides").append(". All numbers come from the CSV ")
                .append("files beside this page; values are rounded for reading; hover over a value for its exact ")
                .append("value.</p>\n<nav><a href=\"#metrics\">Final metrics</a><a href=\"#loss\">Loss</a>")
                .append("<a href=\"#stages\">Stages</a>")
                .append(trace == null ? "" : "<a href=\"#trace\">Step " + trace.step() + " in detail</a>")
                .append("<a href=\"#config\">Config</a></nav>\n");
        if (stopped != null) {
            b.append("<p class=\"stopped\"><strong>Training stopped:</strong> ").append(Html.escape(stopped))
                    .append(" The numbers below go up to the last complete step.</p>\n");
        }
        metrics(b, history);
        b.append("<h2 id=\"loss\">Loss</h2>\n");
        for (String svg : charts) {
            b.append("<div class=\"chart\">\n").append(inline(svg)).append("</div>\n");
        }
        List<String> notes = new java.util.ArrayList<>(history.undrawnEpochLosses());
        String gap = history.logScaleGap();
        if (charts.size() > 1 && gap != null) { // the second chart is the log-scale one (QA, first pass: silent)
            notes.add(gap + " of the log-scale chart");
        }
        for (String note : notes) {
            b.append("<p class=\"note\">Note: ").append(Html.escape(note)).append(".</p>\n");
        }
        stages(b, info.stages());
        if (trace != null) {
            HtmlWalkthrough.append(b, info, trace);
        }
        config(b, info);
        b.append("<p class=\"note\">Written by ").append(Html.escape(version)).append(".</p>\n</body>\n</html>\n");
        return b.toString();
    }

    private static void metrics(StringBuilder b, RunHistory h) {
        b.append("<h2 id=\"metrics\">Final metrics</h2>\n");
        int n = h.epochs().length;
        if (n == 0) {
            b.append("<p>No epoch was completed (").append(h.steps().length).append(" steps recorded).</p>\n");
            return;
        }
        int last = n - 1;
        b.append("<table class=\"grid\">\n");
        row(b, "epochs completed", String.valueOf(h.epochs()[last]));
        row(b, "optimizer steps", String.valueOf(h.steps().length));
        if (h.stepLoss().length > 0) {
            row(b, "loss of the first step", Html.number(h.stepLoss()[0], 6));
        }
        row(b, "training loss (last epoch's mean)", Html.number(h.trainLoss()[last], 6));
        percentRow(b, "training accuracy (last epoch)", h.trainAccuracy()[last]);
        if (h.testLossWritten()[last]) { // a written NaN is shown as such; an empty cell means no test set
            row(b, "test loss (after the last epoch)", Html.number(h.testLoss()[last], 6));
        }
        percentRow(b, "test accuracy (after the last epoch)", h.testAccuracy()[last]);
        b.append("</table>\n");
    }

    private static void percentRow(StringBuilder b, String name, double v) {
        if (!Double.isNaN(v)) {
            row(b, name, "<span title=\"" + Num.format(v) + "\">" + Html.rounded(100 * v, 4) + "%</span>");
        }
    }

    private static void row(StringBuilder b, String name, String valueHtml) {
        b.append("<tr><th>").append(Html.escape(name)).append("</th><td class=\"n\">").append(valueHtml)
                .append("</td></tr>\n");
    }

    private static void stages(StringBuilder b, StageTable t) {
        b.append("<h2 id=\"stages\">Stages</h2>\n<table class=\"grid\">\n<tr>");
        for (String h : StageTable.headings()) {
            b.append("<th>").append(Html.escape(h)).append("</th>");
        }
        b.append("</tr>\n");
        for (StageTable.Row r : t.rows()) {
            b.append("<tr><td class=\"n\">").append(r.index()).append("</td>");
            for (String cell : List.of(r.name(), r.type(), r.input(), r.output())) {
                b.append("<td>").append(Html.escape(cell)).append("</td>");
            }
            b.append("<td class=\"n\">").append(r.parameters()).append("</td><td>").append(Html.escape(r.settings()))
                    .append("</td></tr>\n");
        }
        b.append("</table>\n<p>Total parameters: ").append(t.totalParameters()).append(". ")
                .append(Html.escape(t.summary())).append(".</p>\n");
    }

    private static void config(StringBuilder b, RunInfo info) {
        b.append("<h2 id=\"config\">Config</h2>\n<p class=\"note\"><code>").append(Html.escape(info.configFile()))
                .append("</code>, as written:</p>\n<pre>").append(Html.escape(info.configText())).append("</pre>\n");
        if (!info.overrides().isEmpty()) {
            b.append("<p>Overridden on the command line (<code>--set</code>):</p>\n<ul>\n");
            for (String o : info.overrides()) {
                b.append("<li><code>").append(Html.escape(o)).append("</code></li>\n");
            }
            b.append("</ul>\n");
        }
    }

    /** The {@code <svg>} element of an SVG document, without its XML declaration and doctype. */
    static String inline(String svg) {
        int start = svg.indexOf("<svg");
        return (start < 0 ? svg : svg.substring(start)).strip() + "\n";
    }
}
