package org.metrodispatch.contract.truth;

/** The {@code kind} of a ground-truth line: what the simulator wrote it about. */
public enum TruthKind {
    /** One direction's side of a platform at the start of a minute: who waits, how densely. */
    PLATFORM("platform"),
    /** One train leaving a station: who boarded, who could not. */
    DEPARTURE("departure");

    private final String json;

    TruthKind(String json) {
        this.json = json;
    }

    /** The value of the {@code kind} field. */
    public String json() {
        return json;
    }

    /** The kind a {@code kind} field names; an unknown kind is an error naming it. */
    public static TruthKind of(String json) {
        for (TruthKind kind : values()) {
            if (kind.json.equals(json)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown kind '" + json + "'");
    }
}
