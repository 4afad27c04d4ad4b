package io.nnpipe.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nnpipe.testing.Cli;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the seed example's report.html in a real browser (Debian's headless Chromium), offline:
 * the DOM it builds holds the walk-through's numbers, and its screenshot shows the page and the
 * inline chart. Skipped when {@code /usr/bin/chromium} is not installed.
 */
class ReportBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    @TempDir
    static Path tmp;
    static Path report;

    @BeforeAll
    static void train() {
        assumeTrue(Files.isExecutable(CHROMIUM), "Chromium is not installed (apt-get install chromium)");
        Path run = tmp.resolve("doc-example");
        Cli.Result r = Cli.run("-q", "configs/doc-example.yaml", "--out", run.toString());
        assertEquals(0, r.exit(), r::toString);
        report = run.resolve(RunFolder.REPORT);
    }

    @Test
    void browserBuildsThePageWithTheWalkThroughNumbers() throws Exception {
        String dom = chromium(tmp.resolve("profile-dom"), "--dump-dom");
        assertTrue(dom.contains("<h2 id=\"trace\">Step 1 in detail</h2>"), dom);
        assertTrue(dom.contains(">0.6318</td>"), "softmax output o_out");
        assertTrue(dom.contains(">-0.01713</td>"), "dx at the pooled features");
        assertTrue(dom.contains("<svg"), "the inline chart");
    }

    @Test
    void screenshotShowsAPageWithTheChartDrawn() throws Exception {
        Path shot = tmp.resolve("report.png");
        chromium(tmp.resolve("profile-shot"), "--hide-scrollbars", "--window-size=1200,1600", "--screenshot=" + shot);
        BufferedImage img = ImageIO.read(shot.toFile());
        assertEquals(1200, img.getWidth());
        int ink = 0;
        int chartBlue = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y) & 0xffffff;
                ink += rgb != 0xffffff ? 1 : 0;
                chartBlue += near(rgb, 0x1f77b4) ? 1 : 0;
            }
        }
        int pixels = img.getWidth() * img.getHeight();
        assertTrue(ink > pixels / 50, "text and tables are drawn: " + ink + " of " + pixels + " pixels");
        assertTrue(chartBlue > 300, "the loss curve is drawn: " + chartBlue + " pixels of its blue");
    }

    /** Runs headless Chromium on the report, offline and with a fresh profile; returns its stdout. */
    private static String chromium(Path profile, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile));
        cmd.addAll(List.of(args));
        cmd.add(report.toUri().toString());
        File out = tmp.resolve("chromium-" + profile.getFileName() + ".out").toFile();
        Process p = new ProcessBuilder(cmd).redirectOutput(out).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish: " + cmd);
        }
        assertEquals(0, p.exitValue(), "chromium exit code: " + cmd);
        return Files.readString(out.toPath(), StandardCharsets.UTF_8);
    }

    private static boolean near(int rgb, int target) {
        for (int shift = 0; shift <= 16; shift += 8) {
            if (Math.abs((rgb >> shift & 0xff) - (target >> shift & 0xff)) > 12) {
                return false;
            }
        }
        return true;
    }
}
