package org.openholter.core.batch;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openholter.core.records.SignalSource;
import org.openholter.wire.Json;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The review page's embedded data: what is kept of the signal, how it is stored, and that it cannot break the page. */
class ReviewPageTest {
    /** {@code leads} leads of {@code n} samples: lead c at sample i is ADC {@code c * 1000 + i % 500}, 200 units/mV, zero 10. */
    static SignalSource ramp(String name, double fs, int leads, int n, int invalidAt) {
        return new SignalSource() {
            long pos;

            @Override public String name() { return name; }
            @Override public double sampleRate() { return fs; }
            @Override public long length() { return n; }
            @Override public List<Channel> channels() {
                return java.util.stream.IntStream.range(0, leads).mapToObj(c -> new Channel("L" + c, 200, 10, -32768)).toList();
            }
            @Override public int read(int[][] out, int at, int max) {
                int k = (int) Math.min(max, n - pos);
                for (int i = 0; i < k; i++) {
                    for (int c = 0; c < leads; c++) out[c][at + i] = pos + i == invalidAt ? -32768 : c * 1000 + (int) ((pos + i) % 500);
                }
                pos += k;
                return k;
            }
            @Override public void close() {}
        };
    }

    @Test
    void theDisplayRateIsAtMost250Hz_andALongMultiLeadRecordingIsThinnedByRateThenByLeads() {
        assertThat(ReviewPage.Plan.of(360, 2, 1800)).isEqualTo(new ReviewPage.Plan(250, 2));
        assertThat(ReviewPage.Plan.of(128, 1, 3600)).isEqualTo(new ReviewPage.Plan(128, 1));
        // 24 h of 2 leads at 250 Hz is 43 M samples: the rate gives way first, not below 100 Hz.
        ReviewPage.Plan day2 = ReviewPage.Plan.of(1000, 2, 86_400);
        assertThat(day2.leads()).isEqualTo(2);
        assertThat(day2.rate()).isBetween(100, 250);
        assertThat((long) day2.rate() * 2 * 86_400).isLessThanOrEqualTo(ReviewPage.SAMPLE_BUDGET);
        // 24 h of 12 leads: 100 Hz, and only the leads that fit.
        ReviewPage.Plan day12 = ReviewPage.Plan.of(500, 12, 86_400);
        assertThat(day12.rate()).isEqualTo(100);
        assertThat(day12.leads()).isBetween(1, 3);
        // A recording at 50 Hz keeps its own rate; over three days it keeps fewer leads instead.
        assertThat(ReviewPage.Plan.of(50, 3, 86_400)).isEqualTo(new ReviewPage.Plan(50, 3));
        assertThat(ReviewPage.Plan.of(50, 3, 86_400 * 3)).isEqualTo(new ReviewPage.Plan(50, 2));
    }

    @Test
    void eachDisplaySampleIsTheNearestRecordedOne_in5MicrovoltSteps_andInvalidSamplesStayMissing() throws Exception {
        // 360 Hz → 250 Hz: display sample j is recorded sample round(j · 1.44).
        short[][] s = ReviewPage.signal(ramp("r", 360, 2, 3600, 144), new ReviewPage.Plan(250, 2));
        assertThat(s).hasNumberOfRows(2);
        assertThat(s[0]).hasSize(2500);
        for (int j = 0; j < 2500; j++) {
            long i = Math.round(j * 360 / 250.0);
            for (int c = 0; c < 2; c++) {
                if (i == 144) { assertThat(s[c][j]).isEqualTo(ReviewPage.MISSING); continue; }
                double mv = (c * 1000 + i % 500 - 10) / 200.0;
                assertThat(s[c][j] * ReviewPage.UV_PER_UNIT / 1000).as("lead %d sample %d", c, j).isCloseTo(mv, org.assertj.core.data.Offset.offset(0.0025));
            }
        }
        // Only the planned leads are kept.
        assertThat(ReviewPage.signal(ramp("r", 250, 3, 500, -1), new ReviewPage.Plan(250, 1))).hasNumberOfRows(1);
    }

    @Test
    void thePageCarriesItsDataSafely_evenForARecordNamedLikeMarkup(@TempDir Path dir) throws Exception {
        String name = "x</script><b>&";
        RecordResults empty = new RecordResults(250, false);
        Path page = ReviewPage.write(empty, () -> ramp(name, 250, 2, 2500, -1), dir, "rec", name, List.of(dir.resolve("rec.beats.csv")));
        String html = Files.readString(page);
        assertThat(html).startsWith("<!DOCTYPE html>");
        // Exactly the page's own two script elements: the name never closes one, and nothing is loaded from elsewhere.
        assertThat(html.split("</script>", -1)).hasSize(3);
        assertThat(html).doesNotContain("src=\"http", "href=\"http", "<link");
        int from = html.indexOf("<script id=\"review-data\" type=\"application/json\">") + "<script id=\"review-data\" type=\"application/json\">".length();
        JsonNode data = Json.MAPPER.readTree(html.substring(from, html.indexOf("</script>", from)));
        assertThat(data.path("analyzer").asText()).isEqualTo(name);
        assertThat(data.path("rate").asInt()).isEqualTo(250);
        assertThat(data.path("leads").toString()).isEqualTo("[\"L0\",\"L1\"]");
        assertThat(data.path("durationS").asDouble()).isEqualTo(10.0);
        assertThat(data.path("files").toString()).isEqualTo("[\"rec.beats.csv\"]");
        ByteBuffer lead1 = ByteBuffer.wrap(Base64.getDecoder().decode(data.path("signal").get(1).asText())).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(lead1.remaining()).isEqualTo(2 * 2500);
        assertThat(lead1.getShort(2 * 7) * ReviewPage.UV_PER_UNIT / 1000).isCloseTo((1000 + 7 - 10) / 200.0, org.assertj.core.data.Offset.offset(0.0025));
        assertThat(data.path("beats").path("codes").asText()).isEmpty();
    }
}
