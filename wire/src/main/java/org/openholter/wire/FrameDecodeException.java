package org.openholter.wire;

/** A frame that cannot be accepted, with the evidence needed to find it again. */
public class FrameDecodeException extends RuntimeException {
    private final RejectReason reason;
    private final String deviceId;

    public FrameDecodeException(RejectReason reason, String deviceId, String message) {
        super(reason + (deviceId == null ? "" : " [device " + deviceId + "]") + ": " + message);
        this.reason = reason;
        this.deviceId = deviceId;
    }

    public RejectReason reason() { return reason; }

    /** The device id as far as it could be read, or null. */
    public String deviceId() { return deviceId; }
}
