package org.openholter.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;

/**
 * The JSON frame for simple devices (see docs/protocol.md):
 * <pre>{"v":1,"device":"bed-07","seq":42,"t0_us":1732252800250000,"fs":250,
 *  "leads":["II"],"gain":[200.0],"zero":[0],"lead_off":[],"samples":[[12,15,…]],"pace":[117]}</pre>
 * {@code t0_ms} may be given instead of {@code t0_us}; {@code zero}, {@code lead_off} and {@code pace} (samples
 * at which the device detected a pacemaker pulse) are optional.
 */
public final class JsonFrameCodec {
    private JsonFrameCodec() {}

    public static EcgFrame decode(byte[] json) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new FrameDecodeException(RejectReason.BAD_JSON, null, "not JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new FrameDecodeException(RejectReason.BAD_JSON, null, "a frame is a JSON object");
        }
        String device = text(root, "device", null);
        int version = root.path("v").asInt(-1);
        if (version != EcgFrame.VERSION) {
            throw new FrameDecodeException(RejectReason.UNSUPPORTED_VERSION, device, "\"v\" is " + root.path("v"));
        }
        long seq = integer(root, "seq", device);
        long t0;
        if (root.has("t0_us")) t0 = integer(root, "t0_us", device);
        else t0 = Math.multiplyExact(integer(root, "t0_ms", device), 1000L);
        int fs = (int) integer(root, "fs", device);
        JsonNode leads = array(root, "leads", device);
        JsonNode gain = array(root, "gain", device);
        JsonNode samples = array(root, "samples", device);
        int channels = leads.size();
        if (channels < 1 || channels > EcgFrame.MAX_CHANNELS) {
            throw new FrameDecodeException(RejectReason.BAD_CHANNEL_COUNT, device, channels + " leads");
        }
        if (gain.size() != channels || samples.size() != channels) {
            throw new FrameDecodeException(RejectReason.MALFORMED, device,
                    "\"leads\", \"gain\" and \"samples\" need one entry per lead");
        }
        JsonNode zero = root.path("zero");
        if (!zero.isMissingNode() && (!zero.isArray() || zero.size() != channels)) {
            throw new FrameDecodeException(RejectReason.MALFORMED, device, "\"zero\" needs one entry per lead");
        }
        String[] names = new String[channels];
        float[] gains = new float[channels];
        int[] zeros = new int[channels];
        int[][] data = new int[channels][];
        for (int c = 0; c < channels; c++) {
            names[c] = leads.get(c).asText();
            if (!gain.get(c).isNumber()) {
                throw new FrameDecodeException(RejectReason.BAD_GAIN, device, "gain of lead " + names[c] + " is not a number");
            }
            gains[c] = (float) gain.get(c).asDouble();
            zeros[c] = zero.isMissingNode() ? 0 : zero.get(c).asInt();
            JsonNode ch = samples.get(c);
            if (!ch.isArray()) {
                throw new FrameDecodeException(RejectReason.MALFORMED, device, "samples of lead " + names[c] + " are not an array");
            }
            data[c] = new int[ch.size()];
            for (int i = 0; i < ch.size(); i++) {
                JsonNode v = ch.get(i);
                if (!v.isIntegralNumber() || !v.canConvertToInt()) {
                    throw new FrameDecodeException(RejectReason.MALFORMED, device,
                            "sample " + i + " of lead " + names[c] + " is not a 32-bit integer: " + v);
                }
                data[c][i] = v.intValue();
            }
            if (data[c].length != data[0].length) {
                throw new FrameDecodeException(RejectReason.MALFORMED, device, "leads carry different sample counts");
            }
        }
        int leadOff = 0;
        for (JsonNode off : root.path("lead_off")) {
            for (int c = 0; c < channels; c++) {
                if (names[c].equals(off.asText())) leadOff |= 1 << c;
            }
        }
        if (device == null) {
            throw new FrameDecodeException(RejectReason.MALFORMED, null, "\"device\" is missing");
        }
        JsonNode paceNode = root.path("pace");
        if (!paceNode.isMissingNode() && !paceNode.isArray()) {
            throw new FrameDecodeException(RejectReason.MALFORMED, device, "\"pace\" is not an array of sample indices");
        }
        int[] pace = new int[paceNode.size()];
        for (int k = 0; k < pace.length; k++) {
            JsonNode v = paceNode.get(k);
            if (!v.isIntegralNumber() || !v.canConvertToInt()) {
                throw new FrameDecodeException(RejectReason.MALFORMED, device, "pace pulse " + k + " is not a sample index: " + v);
            }
            pace[k] = v.intValue();
        }
        try {
            return new EcgFrame(device, seq, t0, fs, names, gains, zeros, leadOff, data, pace);
        } catch (IllegalArgumentException e) {
            throw new FrameDecodeException(RejectReason.MALFORMED, device, e.getMessage());
        }
    }

    public static byte[] encode(EcgFrame f) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("v", EcgFrame.VERSION).put("device", f.deviceId()).put("seq", f.sequence())
                .put("t0_us", f.firstSampleMicros()).put("fs", f.sampleRateHz());
        ArrayNode leads = root.putArray("leads");
        ArrayNode gain = root.putArray("gain");
        ArrayNode zero = root.putArray("zero");
        ArrayNode off = root.putArray("lead_off");
        ArrayNode samples = root.putArray("samples");
        for (int c = 0; c < f.channelCount(); c++) {
            leads.add(f.channelName(c));
            gain.add(f.gain(c));
            zero.add(f.zero(c));
            if (f.leadOff(c)) off.add(f.channelName(c));
            ArrayNode ch = samples.addArray();
            for (int v : f.rawChannel(c)) ch.add(v);
        }
        if (f.pacePulses().length > 0) {
            ArrayNode pace = root.putArray("pace");
            for (int p : f.pacePulses()) pace.add(p);
        }
        try {
            return Json.MAPPER.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(JsonNode root, String field, String device) {
        JsonNode n = root.get(field);
        return n == null || !n.isTextual() ? device : n.asText();
    }

    private static long integer(JsonNode root, String field, String device) {
        JsonNode n = root.get(field);
        if (n == null || !n.isIntegralNumber() || !n.canConvertToLong()) {
            throw new FrameDecodeException(RejectReason.MALFORMED, device, "\"" + field + "\" must be an integer");
        }
        return n.longValue();
    }

    private static JsonNode array(JsonNode root, String field, String device) {
        JsonNode n = root.get(field);
        if (n == null || !n.isArray()) {
            throw new FrameDecodeException(RejectReason.MALFORMED, device, "\"" + field + "\" must be an array");
        }
        return n;
    }
}
