package org.openholter.core.models;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Opens the shipped models' onnxruntime sessions the one way they are opened: from a file or from the jar. */
public final class OnnxSessions {
    private OnnxSessions() {}

    /** {@code threads} intra-op threads, one inter-op thread, all graph optimisations. */
    public static OrtSession open(OrtEnvironment env, Path model, int threads) throws OrtException {
        return env.createSession(model.toString(), options(threads));
    }

    /** A model packed in the jar at {@code resource}; a clear error when the jar lacks it. */
    public static OrtSession bundled(OrtEnvironment env, String resource, int threads) throws OrtException {
        try (InputStream in = OnnxSessions.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("model " + resource + " is not on the classpath: rebuild the core module");
            return env.createSession(in.readAllBytes(), options(threads));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    private static OrtSession.SessionOptions options(int threads) throws OrtException {
        OrtSession.SessionOptions o = new OrtSession.SessionOptions();
        o.setIntraOpNumThreads(threads);
        o.setInterOpNumThreads(1);
        o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        return o;
    }
}
