package org.openholter.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/** The records a database benchmark scores, and scoring them in parallel with results handed on in record order. */
final class BenchRecords {
    private BenchRecords() {}

    /** Scores one record. */
    @FunctionalInterface
    interface Task<T> {
        T score(Path record) throws Exception;
    }

    /** Record paths of {@code list} (comma-separated names), or of the database's RECORDS file when it is blank. */
    static List<Path> of(Path db, String list) throws IOException {
        List<String> names = new ArrayList<>();
        if (list.isBlank()) {
            Path rec = db.resolve("RECORDS");
            if (!Files.exists(rec)) throw new IllegalArgumentException(db + " has no RECORDS file: pass --records");
            for (String l : Files.readAllLines(rec)) if (!l.isBlank()) names.add(l.trim());
        } else {
            names.addAll(Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList());
        }
        List<Path> out = new ArrayList<>();
        for (String n : names) {
            Path p = db.resolve(n);
            if (!Files.exists(Path.of(p + ".hea")) && Files.exists(db.resolve("data").resolve(n + ".hea"))) p = db.resolve("data").resolve(n);
            if (!Files.exists(Path.of(p + ".hea"))) throw new IllegalArgumentException("record " + n + " not found in " + db);
            out.add(p);
        }
        return out;
    }

    /** The same, each required to have annotations with extension {@code annotator} (a clear error otherwise). */
    static List<Path> annotated(Path db, String list, String annotator) throws IOException {
        List<Path> out = of(db, list);
        for (Path r : out) {
            if (!Files.exists(Path.of(r + "." + annotator))) throw new IllegalArgumentException("record " + r + " has no ." + annotator + " annotations");
        }
        return out;
    }

    /** Scores every record on {@code threads} threads; {@code inOrder} gets the results in record order as they complete. */
    static <T> void inParallel(List<Path> records, int threads, Task<T> task, Consumer<T> inOrder) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<T>> jobs = new ArrayList<>();
            for (Path r : records) jobs.add(pool.submit(() -> task.score(r)));
            for (Future<T> j : jobs) inOrder.accept(j.get());
        } finally {
            pool.shutdownNow();
        }
    }
}
