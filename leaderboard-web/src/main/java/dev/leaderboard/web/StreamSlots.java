package dev.leaderboard.web;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import io.javalin.http.HttpStatus;

/**
 * Bounds the open Server-Sent Events streams, in total and per client address: each open stream holds
 * one slot, taken before the stream opens and given back once when it closes. An open stream costs a
 * connection and its buffers for as long as the client stays (3,000 took the runner to 960 MiB).
 */
final class StreamSlots {

    /** One stream's slot; giving it back twice counts once. */
    final class Slot {
        private final String address;
        private final AtomicBoolean released = new AtomicBoolean();

        private Slot(String address) {
            this.address = address;
        }

        void release() {
            if (released.compareAndSet(false, true)) {
                giveBack(address);
            }
        }
    }

    private final int maxTotal;
    private final int maxPerAddress;
    private final Map<String, Integer> perAddress = new HashMap<>();
    private int total;

    StreamSlots(int maxTotal, int maxPerAddress) {
        this.maxTotal = maxTotal;
        this.maxPerAddress = maxPerAddress;
    }

    /** A slot for a stream from {@code address}; refused (503, saying which limit) with nothing taken at a limit. */
    synchronized Slot take(String address) throws StreamRefusedException {
        int fromAddress = perAddress.getOrDefault(address, 0);
        if (total >= maxTotal) {
            throw new StreamRefusedException(HttpStatus.SERVICE_UNAVAILABLE, "the server holds its most open streams ("
                    + maxTotal + ", BOARD_STREAM_MAX_CLIENTS); try again later");
        }
        if (fromAddress >= maxPerAddress) {
            throw new StreamRefusedException(HttpStatus.SERVICE_UNAVAILABLE, "this address holds its most open streams ("
                    + maxPerAddress + ", BOARD_STREAM_MAX_PER_ADDRESS); close one first");
        }
        total++;
        perAddress.put(address, fromAddress + 1);
        return new Slot(address);
    }

    synchronized int open() {
        return total;
    }

    private synchronized void giveBack(String address) {
        total--;
        perAddress.computeIfPresent(address, (key, count) -> count == 1 ? null : count - 1);
    }
}
