package org.openholter.wire;

/** Why a frame was refused. The names appear in the dead-letter topic and in metrics. */
public enum RejectReason {
    TOO_SHORT,
    BAD_MAGIC,
    UNSUPPORTED_VERSION,
    BAD_CRC,
    MALFORMED,
    BAD_JSON,
    DEVICE_MISMATCH,
    BAD_DEVICE_ID,
    BAD_SAMPLE_RATE,
    BAD_CHANNEL_COUNT,
    BAD_GAIN,
    BAD_LENGTH,
    BAD_TIMESTAMP,
    BAD_SEQUENCE,
    UNKNOWN_TOPIC,
    /** An alarm command (acknowledge, silence, limits) that is not valid. */
    BAD_COMMAND,
    /** An alarm command on a topic whose sender the broker did not authenticate as a clinician. */
    UNAUTHENTICATED,
    /** An alarm command from a clinician whose role or wards do not allow it. */
    FORBIDDEN,
    /** A message larger than the gateway takes (the largest valid frame is far smaller). */
    OVERSIZED,
    /** A device that sends far more messages than its stream needs, throttled so that it cannot starve the others. */
    THROTTLED
}
