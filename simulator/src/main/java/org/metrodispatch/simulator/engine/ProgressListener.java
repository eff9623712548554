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

    void onProgress(long simulatedMillis, long recordsDelivered, long wallNanos);

    void onFinished(SimulationSummary summary);
}
