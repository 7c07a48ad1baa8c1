package org.openholter.core.features;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes {@code docs/features.md} from {@link Feature}: {@code java … FeatureDocs docs/features.md}. */
public final class FeatureDocs {
    private FeatureDocs() {}

    public static String markdown() {
        StringBuilder b = new StringBuilder("# ECGomics features\n\n"
                + "Generated from `core/src/main/java/org/openholter/core/features/Feature.java` (a test keeps this file equal to it; "
                + "regenerate with `java -cp core/target/classes org.openholter.core.features.FeatureDocs docs/features.md`).\n\n"
                + "The four dimensions of ECGomics (Zhang et al. 2026). Every feature is computed per reported stretch from its 10-s "
                + "analysis window (the window's own beats and delineated waves on the analysed lead, at the analysis rate of 250 Hz), "
                + "except where the definition names a longer span. They go to InfluxDB as the fields of the measurement `ecgomics` "
                + "(one point per 6-s stretch) and, from `./holter analyze`, to one CSV per dimension "
                + "(`RECORD.ecgomics_structural.csv`, `RECORD.ecgomics_intensity.csv`, `RECORD.ecgomics_functional.csv`: a row per "
                + "stretch, `from_s,to_s` then the features) and `RECORD.ecgomics_summary.csv` (per feature over the whole recording: "
                + "windows measured, median, 5th and 95th percentiles). Unknown values are empty cells / missing fields. The HRV "
                + "features are the rolling HRV of the last 5 minutes (definitions in README, measurement `hrv`).\n\n"
                + "Beats' waves: each beat takes the QRS around its R peak, the last P wave before it (within 400 ms) and the first "
                + "T wave after it. Isoelectric level: the median of the PR segment (P offset to QRS onset), or of 60 to 20 ms "
                + "before the QRS when there is no P wave. Window values are medians over the window's beats (shares and means "
                + "where the definition says so).\n");
        for (Feature.Dimension d : Feature.Dimension.values()) {
            b.append("\n## ").append(Character.toUpperCase(d.id.charAt(0))).append(d.id.substring(1)).append("\n\n");
            boolean any = false;
            for (Feature f : Feature.values()) {
                if (f.dimension != d) continue;
                if (!any) b.append("| feature | unit | definition |\n|---|---|---|\n");
                any = true;
                b.append("| `").append(f.id).append("` | ").append(f.unit).append(" | ").append(f.definition).append(" |\n");
            }
            if (!any) {
                b.append("| feature | unit | definition |\n|---|---|---|\n");
                b.append("| `emb_00` … `emb_").append(String.format(java.util.Locale.ROOT, "%02d", Feature.EMBEDDING_SIZE - 1))
                        .append("` | 1 | the wave (delineation) model's embedding of the window, a ").append(Feature.EMBEDDING_SIZE)
                        .append("-dimensional deep-biomarker vector: the U-Net bottleneck's ").append(Feature.EMBEDDING_SIZE)
                        .append(" channels (after ReLU, at 1/8 of 250 Hz) averaged over the window's time. Written to ")
                        .append("`RECORD.ecgomics_comparative.csv` and as InfluxDB fields; present with the delineation and layered ")
                        .append("analyzers. Comparing patients, or a patient with an earlier self, in this space is for research: ")
                        .append("no population reference (\"ECG age\") is shipped. |\n");
            }
        }
        return b.toString();
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: FeatureDocs docs/features.md");
            System.exit(2);
        }
        Files.writeString(Path.of(args[0]), markdown());
    }
}
