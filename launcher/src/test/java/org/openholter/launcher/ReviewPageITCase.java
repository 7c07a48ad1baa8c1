package org.openholter.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * {@code holter analyze} on a real MIT-BIH record (201: AF, supraventricular and ventricular ectopy, two leads), then its
 * review page opened from the file in headless Chromium: every lead drawn at 25 mm/s and 10 mm/mV, the codec overlay,
 * the event, beat and rhythm tables jumping to their place, go-to, scrolling to the end, and the CSV the page makes
 * from its own data matching the analysis' beat table.
 */
class ReviewPageITCase {
    static final Path ROOT = Path.of(System.getProperty("openholter.root", "..")).toAbsolutePath().normalize();

    @Test
    void aRecordsReviewPageShowsEveryLeadWithTheCodec_andItsTablesJumpToTheirPlace(@TempDir Path out) throws Exception {
        String env = System.getenv("HOLTER_DATA");
        Path mitdb = (env != null ? Path.of(env) : ROOT.resolve("data")).resolve("mitdb");
        Assumptions.assumeTrue(Files.exists(mitdb.resolve("201.hea")), "MIT-BIH record 201 not found at " + mitdb
                + ": run `../shared/data/unpack data` (CI does) or set HOLTER_DATA");
        assertThat(HeadlessBrowser.available()).as("Debian's chromium at %s (./holter test installs it)", HeadlessBrowser.CHROMIUM).isTrue();
        assertThat(AnalyzeCommand.run(new String[] {mitdb.resolve("201").toString(), "--out", out.toString(), "--progress", "false"})).isZero();
        Path page = out.resolve("201.review.html");
        assertThat(page).exists();
        String html = Files.readString(page);
        assertThat(html).as("self-contained").doesNotContain("src=\"http", "href=\"http", "<link", "<script src");
        List<String[]> beatCsv = Files.readAllLines(out.resolve("201.beats.csv")).stream().skip(1).map(l -> l.split(",", -1)).toList();

        try (HeadlessBrowser browser = new HeadlessBrowser(1400, 1050)) {
            browser.open(page.toUri().toString());
            assertThat(browser.await("typeof window.review === 'object'", 30_000)).as("the page starts").isTrue();
            JsonNode data = browser.eval("({leads: review.data.leads, n: review.data.beats.codes.length, rate: review.data.rate, duration: review.data.durationS})");
            assertThat(data.path("leads").toString()).isEqualTo("[\"MLII\",\"V1\"]");
            assertThat(data.path("n").asInt()).isEqualTo(beatCsv.size());
            assertThat(data.path("rate").asInt()).isEqualTo(250);
            assertThat(data.path("duration").asDouble()).isCloseTo(1806, within(1.0));

            // 25 mm/s and 10 mm/mV in CSS millimetres; every lead's lane has ECG ink in the first row.
            JsonNode layout = browser.eval("review.layout()");
            assertThat(layout.path("pxPerS").asDouble()).isCloseTo(25 * 96 / 25.4, within(0.01));
            assertThat(layout.path("pxPerMv").asDouble()).isCloseTo(10 * 96 / 25.4, within(0.01));
            assertThat(layout.path("lanes").size()).isEqualTo(2);
            for (int lane = 0; lane < 2; lane++) {
                assertThat(ink(browser, lane)).as("ECG drawn in lane %d", lane).isGreaterThan(400);
            }
            // The codec overlay changes the picture; without it, the same ECG ink remains.
            String withOverlay = browser.eval("document.getElementById('strip').toDataURL()").asText();
            browser.click("#overlay");
            String without = browser.eval("document.getElementById('strip').toDataURL()").asText();
            assertThat(without).as("codec overlay toggled off").isNotEqualTo(withOverlay);
            assertThat(ink(browser, 0)).isGreaterThan(400);
            browser.click("#overlay");

            // Events: a ventricular run (or, failing one, the last event) jumps the disclosure to it.
            JsonNode event = browser.eval("(() => { const e = review.data.events; let i = e.findIndex(x => x.kind === 'ventricular run');"
                    + " if (i < 0 || i >= 100) i = Math.min(e.length, 100) - 1; return {i, t: e[i].t, kind: e[i].kind}; })()");
            assertThat(event.path("i").asInt()).as("events listed").isGreaterThanOrEqualTo(0);
            browser.click("#events tbody tr:nth-child(" + (event.path("i").asInt() + 1) + ")");
            assertInView(browser, event.path("t").asDouble(), "the " + event.path("kind").asText());

            // Beats: the ventricular beats only; the 20th one clicked is selected and in view.
            browser.eval("(() => { const f = document.getElementById('beat-filter'); f.value = 'V'; f.dispatchEvent(new Event('change')); return true; })()");
            long vBeats = beatCsv.stream().filter(b -> b[2].equals("V")).count();
            assertThat(browser.eval("document.querySelector('#beats .pager').textContent").asText()).contains(vBeats + " rows");
            browser.click("#beats tbody tr:nth-child(20)");
            String[] twentiethV = beatCsv.stream().filter(b -> b[2].equals("V")).skip(19).findFirst().orElseThrow();
            assertInView(browser, Double.parseDouble(twentiethV[0]), "the 20th V beat");
            assertThat(browser.eval("document.getElementById('selected').textContent").asText()).contains(": V,");
            browser.eval("window.scrollTo(0, 0)");
            browser.screenshot(Path.of("target/screenshots/review.png"));

            // Rhythm: the second run in the table.
            assertThat(browser.eval("document.querySelectorAll('#rhythms tbody tr').length").asInt()).as("rhythm runs listed").isGreaterThan(1);
            browser.click("#rhythms tbody tr:nth-child(2)");
            double secondRun = browser.eval("(() => { const r = new Int32Array(Uint8Array.from(atob(review.data.rhythm), c => c.charCodeAt(0)).buffer);"
                    + " return r[3] / review.data.analysisFs; })()").asDouble();
            assertInView(browser, secondRun, "the second rhythm run");

            // Go to a time typed as h:mm:ss; scroll to the very end.
            browser.eval("(() => { const g = document.getElementById('goto'); g.value = '0:20:00'; g.dispatchEvent(new Event('change')); return true; })()");
            assertInView(browser, 1200, "0:20:00");
            browser.eval("(() => { const b = document.getElementById('disclosure'); b.scrollTop = b.scrollHeight; return true; })()");
            assertThat(browser.await("document.getElementById('position').textContent.endsWith('0:30:06')", 5_000)).as("scrolled to the end").isTrue();

            // The CSV the page makes: one row per beat, the analysis' own times and codes.
            String[] csv = browser.eval("review.csv('beats')").asText().split("\n");
            assertThat(csv[0]).startsWith("time_s,code,rr_ms");
            assertThat(csv.length - 1).isEqualTo(beatCsv.size());
            for (int k = 0; k < beatCsv.size(); k++) {
                String[] row = csv[k + 1].split(",", -1);
                assertThat(row[1]).as("beat %d code", k).isEqualTo(beatCsv.get(k)[2]);
                assertThat(Double.parseDouble(row[0])).as("beat %d time", k).isCloseTo(Double.parseDouble(beatCsv.get(k)[0]), within(0.001));
            }
            assertThat(browser.eval("review.csv('events').split('\\n').length - 2 === review.data.events.length").asBoolean()).isTrue();
            assertThat(browser.errors).as("page errors").isEmpty();
        }
    }

    /** Dark pixels (the ECG trace) in lane {@code lane} of the first row on screen. */
    static int ink(HeadlessBrowser browser, int lane) throws Exception {
        return browser.eval("(() => { const L = review.layout(), c = document.getElementById('strip'), d = window.devicePixelRatio || 1;"
                + " const y = (L.beatBand + " + lane + " * L.laneH - (L.scrollTop % L.rowH)); if (y < 0) return -1;"
                + " const img = c.getContext('2d').getImageData(L.left * d, y * d, (L.width - L.left) * d, L.laneH * d).data; let n = 0;"
                + " for (let i = 0; i < img.length; i += 4) if (img[i] < 90 && img[i + 1] < 90 && img[i + 2] < 90) n++; return n; })()").asInt();
    }

    static void assertInView(HeadlessBrowser browser, double t, String what) throws Exception {
        JsonNode v = browser.eval("review.visible()");
        assertThat(t).as("%s at %.1f s in view %s", what, t, v).isBetween(v.path("from").asDouble(), v.path("to").asDouble());
    }
}
