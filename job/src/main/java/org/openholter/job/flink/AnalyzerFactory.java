package org.openholter.job.flink;

import org.openholter.core.analysis.WindowAnalyzer;

import java.io.Serializable;

/** Creates the window analyzer in each parallel task (models are loaded there, not shipped). */
@FunctionalInterface
public interface AnalyzerFactory extends Serializable {
    WindowAnalyzer create();
}
