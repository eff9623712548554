package org.metrodispatch.contract.decision;

/** Whether a feed alert starts or ends. */
public enum FeedAlertState {
    /** The feed is degraded from {@link FeedAlert#since}. */
    RAISED,
    /** The feed has recovered. */
    CLEARED
}
