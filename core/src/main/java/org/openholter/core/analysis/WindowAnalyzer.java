package org.openholter.core.analysis;

import org.openholter.core.window.AnalysisWindow;

import java.io.DataInput;
import java.io.IOException;

/**
 * The plug-in point between the stream and the analysis: one instance per operator (it may hold
 * shared, heavy resources such as model sessions), with per-patient {@link AnalyzerState} passed in.
 * Implementations must be deterministic: the same window and state give the same result, which is
 * what makes a restore from a checkpoint repeat nothing and lose nothing.
 */
public interface WindowAnalyzer extends AutoCloseable {
    String name();

    AnalyzerState newState();

    AnalyzerState readState(DataInput in) throws IOException;

    /** Analyses one window; may update {@code state}. */
    WindowAnalysis analyze(AnalysisWindow window, AnalyzerState state);

    @Override
    default void close() {}
}
