package org.metrodispatch.contract.decision;

/**
 * The log level of a dispatch decision, for log pipelines (Loki, Elasticsearch) that filter and
 * alert by level. WARN when the decision asks the operations centre to act or reports a need it
 * cannot meet; INFO when it only reports.
 */
public enum DecisionLevel {
    /** News without a new order: an episode got worse without a further train, or it is over. */
    INFO,
    /** An empty train to send (RAISED, UPDATED with a train), or none to be had (SUPPRESSED). */
    WARN;

    /** The level of a decision of a type, that sends an empty train or not. */
    public static DecisionLevel of(DecisionType type, boolean sendsTrain) {
        return sendsTrain || type == DecisionType.RAISED || type == DecisionType.SUPPRESSED
                ? WARN
                : INFO;
    }
}
