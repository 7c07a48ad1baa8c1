package org.openholter.core.wfdb;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openholter.core.testing.SharedData;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WfdbAnnotationsTest {
    static final Set<String> ANNOTATORS = Set.of("atr", "i", "ii", "iii", "avr", "avl", "avf", "v1", "v2", "v3", "v4", "v5", "v6");

    @Test
    void everyReferenceAnnotationFile_readsAndRoundTripsThroughTheWriter(@TempDir Path tmp) throws IOException {
        int files = 0;
        long annotations = 0;
        for (String db : List.of("mitdb", "ludb", "vfdb", "nstdb")) {
            Path dir = SharedData.require(db);
            List<Path> all;
            try (Stream<Path> s = Files.walk(dir)) {
                all = s.filter(p -> {
                    String n = p.getFileName().toString();
                    int dot = n.lastIndexOf('.');
                    return dot > 0 && ANNOTATORS.contains(n.substring(dot + 1)) && Files.exists(p.resolveSibling(n.substring(0, dot) + ".hea"));
                }).sorted().toList();
            }
            for (Path f : all) {
                List<Annotation> a = WfdbAnnotations.read(f);
                WfdbAnnotations.write(tmp.resolve("x"), a);
                assertThat(WfdbAnnotations.read(tmp.resolve("x"))).as(f.toString()).isEqualTo(a);
                for (int k = 1; k < a.size(); k++) assertThat(a.get(k).sample()).as(f + " order").isGreaterThanOrEqualTo(a.get(k - 1).sample());
                files++;
                annotations += a.size();
            }
        }
        assertThat(files).isGreaterThan(2000); // 200 LUDB records × 12 leads + MIT-BIH, VFDB, NSTDB
        assertThat(annotations).isGreaterThan(100_000);
    }

    @Test
    void mitdb100_hasThePublishedBeatCounts() throws IOException {
        List<Annotation> a = WfdbAnnotations.read(SharedData.require("mitdb").resolve("100.atr"));
        Map<String, Long> n = a.stream().collect(Collectors.groupingBy(Annotation::symbol, Collectors.counting()));
        assertThat(n.get("N")).isEqualTo(2239);
        assertThat(n.get("A")).isEqualTo(33);
        assertThat(n.get("V")).isEqualTo(1);
        Annotation first = a.get(0);
        assertThat(first.symbol()).isEqualTo("+");
        assertThat(first.aux()).isEqualTo("(N");
    }

    @Test
    void ludbLeadII_carriesWaveBoundaries() throws IOException {
        List<Annotation> a = WfdbAnnotations.read(SharedData.require("ludb").resolve("data/1.ii"));
        Map<String, Long> n = a.stream().collect(Collectors.groupingBy(Annotation::symbol, Collectors.counting()));
        assertThat(n.keySet()).contains("(", ")", "p", "N", "t");
        assertThat(n.get("(")).isEqualTo(n.get(")"));
    }

    @Test
    void writer_handlesLongGapsSubtypesChannelsNumbersAndOddAuxStrings(@TempDir Path tmp) throws IOException {
        List<Annotation> a = List.of(new Annotation(5, 28, 0, 0, 0, "(AFIB"), new Annotation(5, 1, 0, 0, 0, null),
                new Annotation(70_000_000L, 5, 3, 1, 7, "odd"), new Annotation(70_000_001L, 14, 0, 1, 7, null),
                new Annotation(70_002_000L, 39, 0, 0, 0, ""));
        WfdbAnnotations.write(tmp.resolve("a"), a);
        List<Annotation> back = WfdbAnnotations.read(tmp.resolve("a"));
        assertThat(back.subList(0, 4)).isEqualTo(a.subList(0, 4));
        assertThat(back.get(4).aux()).isNull();
        assertThatThrownBy(() -> WfdbAnnotations.write(tmp.resolve("b"), List.of(Annotation.of(10, "N"), Annotation.of(5, "N"))))
                .hasMessageContaining("time order");
        assertThatThrownBy(() -> WfdbAnnotations.read(tmp.resolve("missing"))).hasMessageContaining("not found");
    }

    @Test
    void mapSample_matchesTheResamplersTimeGrid() {
        assertThat(WfdbAnnotations.mapSample(1000, 500, 250)).isEqualTo(500);
        assertThat(WfdbAnnotations.mapSample(1001, 500, 250)).isEqualTo(500); // 500.5 → even
        assertThat(WfdbAnnotations.mapSample(1003, 500, 250)).isEqualTo(502); // 501.5 → even
        assertThat(WfdbAnnotations.mapSample(360, 360, 250)).isEqualTo(250);
        Function<Long, Long> there = s -> WfdbAnnotations.mapSample(s, 250, 128);
        assertThat(WfdbAnnotations.mapSample(there.apply(125_000L), 128, 250)).isEqualTo(125_000L);
    }
}
