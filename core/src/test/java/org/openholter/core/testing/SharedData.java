package org.openholter.core.testing;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the unpacked reference databases (git-ignored {@code data/}), skipping tests where they are absent. */
public final class SharedData {
    private SharedData() {}

    public static Path root() {
        String env = System.getenv("HOLTER_DATA");
        if (env != null) return Path.of(env);
        return Path.of(System.getProperty("openholter.root", ".")).resolve("data");
    }

    /** The database folder, or a skipped test naming what to run. */
    public static Path require(String db) {
        Path p = root().resolve(db);
        Assumptions.assumeTrue(Files.isDirectory(p),
                "database " + db + " not found at " + p + ": run `../shared/data/unpack data` (CI does) or set HOLTER_DATA");
        return p;
    }
}
