package org.openholter.core.analysis;

import java.io.DataOutput;
import java.io.IOException;

/** Per-patient memory an analyzer carries from one window to the next (kept in checkpointed state). */
public interface AnalyzerState {
    void write(DataOutput out) throws IOException;
}
