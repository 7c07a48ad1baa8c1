package org.openholter.gateway.receipts;

import org.junit.jupiter.api.Test;
import org.openholter.wire.Receipt;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ReceiptBookTest {
    @Test
    void eachRoundNamesWhatWasStoredSinceTheLast() {
        ReceiptBook book = new ReceiptBook();
        for (long s = 0; s < 100; s++) if (s != 57) book.stored("bed-1", s);
        book.stored("bed-2", 7);
        Map<String, Receipt> round = book.drain();
        assertThat(round.get("bed-1").ranges()).containsExactly(new long[] {0, 56}, new long[] {58, 99});
        assertThat(round.get("bed-2").ranges()).containsExactly(new long[] {7, 7});
        assertThat(book.drain()).isEmpty();
        book.stored("bed-1", 57);
        assertThat(book.drain().get("bed-1").covers(57)).isTrue();
    }
}
