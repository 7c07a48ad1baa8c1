package org.openholter.wire;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The one configured JSON mapper of the wire format. */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            // "{}" followed by garbage is not JSON: without this the parser stops after the first value and takes it
            // (the fuzz bench found random bytes starting "{}" refused as a frame of the wrong version, not as bad JSON).
            .configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true);

    private Json() {}
}
