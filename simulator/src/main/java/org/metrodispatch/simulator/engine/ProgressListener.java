package org.metrodispatch.simulator.engine;

/** Hears how far a run has come, to show progress to a person. */
public interface ProgressListener {

    ProgressListener NONE =
            new ProgressListener() {
                @Override
                public void onProgress(
                        long simulatedMillis, long recordsDelivered, long wallNanos) {}

                @Override
                public void onFinished(SimulationSummary summary) {}
            };

    /** Both listeners hear the run, {@code first} first. */
    static ProgressListener both(ProgressListener first, ProgressListener second) {
        return new ProgressListener() {
            @Override
            public void onProgress(long simulatedMillis, long recordsDelivered, long wallNanos) {
                first.onProgress(simulatedMillis, recordsDelivered, wallNanos);
                second.onProgress(simulatedMillis, recordsDelivered, wallNanos);
            }

            @Override
            public void onFinished(SimulationSummary summary) {
                first.onFinished(summary);
                second.onFinished(summary);
            }
        };
    }

    void onProgress(long simulatedMillis, long recordsDelivered, long wallNanos);

    void onFinished(SimulationSummary summary);
}
