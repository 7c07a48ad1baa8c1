package org.openholter.simulator;

import org.openholter.wire.EcgFrame;

/** A source of frames on a device clock. */
public interface VirtualDevice {
    String deviceId();

    /** Device time of the next frame's first sample, µs. */
    long nextFrameMicros();

    /** Duration of one frame, µs. */
    long frameMicros();

    EcgFrame nextFrame();

    /** False once a non-looping source has nothing more. */
    boolean hasMore();

    /** Scenario or record name, for the live view and the truth file. */
    String description();

    /** What is playing at the current position. */
    String nowPlaying();
}
