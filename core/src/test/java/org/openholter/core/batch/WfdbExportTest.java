package org.openholter.core.batch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openholter.core.analysis.LayeredAnalyzer;
import org.openholter.core.beats.Ec57Score;
import org.openholter.core.monitor.MonitorConfig;
import org.openholter.core.testing.SharedData;
import org.openholter.core.wfdb.Annotation;
import org.openholter.core.wfdb.WfdbAnnotations;
import org.openholter.core.wfdb.WfdbRecord;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A recorded file through the stream's path, out as WFDB annotations that read back and score like the reference. */
class WfdbExportTest {
    @Test
    void mitbih100RoundTripsThroughWfdbFiles(@TempDir Path dir) throws Exception {
        Path rec = SharedData.require("mitdb").resolve("100");
        WfdbRecord r = WfdbRecord.read(rec);
        RecordResults results = new RecordResults(r.sampleRate(), false);
        try (LayeredAnalyzer a = LayeredAnalyzer.withBundledModels(false)) {
            new RecordRunner(a, MonitorConfig.DEFAULT, 1.0).run(r, results, null);
        }
        List<Path> files = WfdbExport.writeAll(results, dir, "100");
        assertThat(files).allMatch(Files::exists);

        // Beats: read back and scored against the cardiologists' annotations as bxb would.
        List<Annotation> beats = WfdbAnnotations.read(dir.resolve("100.beat"));
        assertThat(beats).hasSize(results.beatCount());
        List<Annotation> ref = WfdbAnnotations.read(Path.of(rec + ".atr")).stream().filter(x -> Ec57Score.aami(x.symbol()) != 0).toList();
        char[] refClass = new char[ref.size()], testClass = new char[beats.size()];
        for (int i = 0; i < refClass.length; i++) refClass[i] = Ec57Score.aami(ref.get(i).symbol());
        for (int i = 0; i < testClass.length; i++) testClass[i] = Ec57Score.aami(beats.get(i).symbol());
        Ec57Score.Matrix m = new Ec57Score().add("100", ref.stream().mapToLong(Annotation::sample).toArray(), refClass,
                beats.stream().mapToLong(Annotation::sample).toArray(), testClass, r.sampleRate()).matrix();
        assertThat(m.qrsSe()).isGreaterThan(0.998);
        assertThat(m.qrsPpv()).isGreaterThan(0.998);

        // Waves: ( peak ) triplets in time order, the QRS peak on a detected beat, at the record's rate.
        List<Annotation> waves = WfdbAnnotations.read(dir.resolve("100.wave"));
        assertThat(waves.size() % 3).isZero();
        java.util.Set<Long> beatSamples = new java.util.HashSet<>();
        beats.forEach(b -> beatSamples.add(b.sample()));
        int qrs = 0, onBeat = 0;
        for (int i = 0; i < waves.size(); i += 3) {
            assertThat(waves.get(i).symbol()).isEqualTo("(");
            assertThat(waves.get(i + 2).symbol()).isEqualTo(")");
            assertThat(waves.get(i + 1).symbol()).isIn("p", "N", "t");
            assertThat(waves.get(i).sample()).isLessThanOrEqualTo(waves.get(i + 1).sample());
            assertThat(waves.get(i + 1).sample()).isLessThanOrEqualTo(waves.get(i + 2).sample());
            if (waves.get(i + 1).symbol().equals("N")) { qrs++; if (beatSamples.contains(waves.get(i + 1).sample())) onBeat++; }
        }
        assertThat(onBeat).as("QRS peaks placed on detected beats").isGreaterThan((int) (0.95 * qrs));
        assertThat(qrs).isBetween((int) (0.95 * beats.size()), (int) (1.05 * beats.size()));

        // Rhythm: sinus throughout (record 100 has no rhythm change), as a '+' with aux "(N".
        List<Annotation> rhythm = WfdbAnnotations.read(dir.resolve("100.rhythm"));
        assertThat(rhythm).isNotEmpty();
        assertThat(rhythm.get(0).symbol()).isEqualTo("+");
        assertThat(rhythm.get(0).aux()).isEqualTo("(N");

        // Codec: every layer covers the whole record, sample-exact at the record's rate.
        List<String> csv = Files.readAllLines(dir.resolve("100.codec.csv"));
        for (String layer : new String[] {"wave", "beat", "rhythm"}) {
            List<String[]> rows = csv.stream().skip(1).map(l -> l.split(",")).filter(x -> x[0].equals(layer)).toList();
            assertThat(Long.parseLong(rows.get(0)[1])).isZero();
            for (int i = 1; i < rows.size(); i++) assertThat(rows.get(i)[1]).isEqualTo(rows.get(i - 1)[2]);
            assertThat(Long.parseLong(rows.get(rows.size() - 1)[2])).as(layer + " ends at the record's end").isBetween(r.length() - 2L, r.length() + 2L);
        }

        // Tables: one beats row per beat; HRV every minute of the 30-min record (1m and 5m), one hour and one day.
        assertThat(CsvExport.writeAll(results, dir, "100")).allMatch(Files::exists);
        List<String> beatRows = Files.readAllLines(dir.resolve("100.beats.csv"));
        assertThat(beatRows).hasSize(results.beatCount() + 1);
        assertThat(beatRows.get(0)).startsWith("time_s,sample,code,rr_ms");
        List<String[]> hrv = Files.readAllLines(dir.resolve("100.hrv.csv")).stream().skip(1).map(l -> l.split(",", -1)).toList();
        assertThat(hrv.stream().filter(x -> x[0].equals("1m")).count()).isBetween(29L, 31L);
        assertThat(hrv.stream().filter(x -> x[0].equals("1h")).count()).isEqualTo(1);
        String[] hour = hrv.stream().filter(x -> x[0].equals("1h")).findFirst().orElseThrow();
        double meanNn = Double.parseDouble(hour[4]);
        assertThat(60000 / meanNn).as("record 100 beats at about 75 bpm").isBetween(70.0, 80.0);
        assertThat(Files.readAllLines(dir.resolve("100.af_episodes.csv"))).as("no AF in record 100").hasSize(1);
        List<String> burden = Files.readAllLines(dir.resolve("100.af_burden.csv"));
        assertThat(burden).hasSize(3);
        assertThat(burden.get(1)).startsWith("1h,0,").contains(",0,0,");
        List<String> structural = Files.readAllLines(dir.resolve("100.ecgomics_structural.csv"));
        assertThat(structural.get(0)).startsWith("from_s,to_s,p_dur_ms,qrs_dur_ms");
        assertThat(structural).hasSize(results.features().size() + 1).hasSizeGreaterThan(290); // a row per 6-s stretch
        List<String[]> summary = Files.readAllLines(dir.resolve("100.ecgomics_summary.csv")).stream().skip(1).map(l -> l.split(",", -1)).toList();
        String[] qrsDur = summary.stream().filter(x -> x[1].equals("qrs_dur_ms")).findFirst().orElseThrow();
        assertThat(Double.parseDouble(qrsDur[4])).as("record 100's QRS, median over the record").isBetween(60.0, 120.0);
        // The Holter summary: one page, the beat count and the rate as the tables say, trends and strips drawn.
        Path html = HolterReport.write(results, () -> org.openholter.core.records.Recordings.open(rec.toString(),
                org.openholter.core.records.Recordings.ArrayOptions.NONE), dir, "100", "layered");
        String page = Files.readString(html);
        assertThat(page).startsWith("<!DOCTYPE html>").contains("Holter report: 100", "<th>Beats</th><td>" + results.beatCount() + "</td>",
                "Heart rate minimum (1-min)", "Ventricular ectopic beats", "AF burden", "QTc Bazett", "Example strips");
        assertThat(page.split("<svg", -1).length - 1).as("HR and QTc trends and at least two strips").isGreaterThanOrEqualTo(4);
        assertThat(page).as("the strips hold the ECG").contains("<path d=\" M");

        List<String> comparative = Files.readAllLines(dir.resolve("100.ecgomics_comparative.csv"));
        assertThat(comparative.get(0).split(",")).hasSize(2 + 48);
        assertThat(comparative.get(comparative.size() / 2).split(",", -1)).hasSize(2 + 48).doesNotContain("");
    }
}
