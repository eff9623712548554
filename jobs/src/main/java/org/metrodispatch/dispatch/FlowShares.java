package org.metrodispatch.dispatch;

import org.metrodispatch.contract.network.Direction;
import org.metrodispatch.contract.network.Network;

import java.io.Serializable;

/**
 * How a station's gate entries split between the two directions, and what share of a train's load
 * gets off at a station, by time of day. Taken from a {@link FlowProfile} learned from past days of
 * the feeds (or, without one, derived from the network alone) and tabulated per slot, so the job
 * looks them up per event.
 */
public final class FlowShares implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final int DAY_SECONDS = 86_400;

    private final int slotSeconds;
    private final int slots;
    private final int stations;
    private final float[] forward;
    private final float[] alighting;
    private final float[] arrivingLoad;

    /** Who can board which service at branch platforms; null: nobody is told apart. */
    private final ServiceGroups groups;

    /** Per group of every side ({@link ServiceGroups#offset}) and slot: its share of the side. */
    private final float[] groupShare;

    /** Whether these shares were learned from history (a profile), not derived from the network. */
    private boolean learned;

    /** Shares without service groups: every rider boards every train. */
    FlowShares(int slotSeconds, int stations) {
        this(slotSeconds, stations, null);
    }

    /**
     * Shares of a network, its service groups at the network's prior (every reachable station an
     * equally likely destination) until a profile sets them.
     */
    FlowShares(int slotSeconds, Network network) {
        this(slotSeconds, network.stationCount(), new ServiceGroups(network));
        for (int s = 0; s < stations; s++) {
            for (Direction d : Direction.values()) {
                double[] prior = groups.networkShares(s, d);
                for (int slot = 0; slot < slots; slot++) {
                    for (int g = 0; g < prior.length; g++) {
                        setGroupShare(s, d, slot, g, prior[g]);
                    }
                }
            }
        }
    }

    private FlowShares(int slotSeconds, int stations, ServiceGroups groups) {
        this.slotSeconds = slotSeconds;
        this.slots = (DAY_SECONDS + slotSeconds - 1) / slotSeconds;
        this.stations = stations;
        this.forward = new float[stations * slots];
        this.alighting = new float[stations * 2 * slots];
        this.arrivingLoad = new float[stations * 2 * slots];
        this.groups = groups;
        this.groupShare = new float[groups == null ? 0 : groups.total() * slots];
    }

    /**
     * Shares from the network alone, for lines without a demand model: every reachable station is
     * an equally likely destination, all day.
     */
    public static FlowShares fromNetwork(Network network, int slotSeconds) {
        FlowShares shares = new FlowShares(slotSeconds, network);
        int n = network.stationCount();
        for (int s = 0; s < n; s++) {
            int[] reachable = new int[2];
            for (int d = 0; d < n; d++) {
                Direction direction = network.direction(s, d);
                if (direction != null) {
                    reachable[direction.index()]++;
                }
            }
            int total = reachable[0] + reachable[1];
            float forwardShare = total == 0 ? 0.5f : (float) reachable[0] / total;
            for (int slot = 0; slot < shares.slots; slot++) {
                shares.forward[s * shares.slots + slot] = forwardShare;
                for (Direction d : Direction.values()) {
                    // A rider passing s gets off at s with chance 1 / (stations left from s on).
                    int ahead = 0;
                    for (int x = 0; x < n; x++) {
                        if (network.direction(s, x) == d) {
                            ahead++;
                        }
                    }
                    shares.alighting[(s * 2 + d.index()) * shares.slots + slot] = 1f / (ahead + 1);
                }
            }
        }
        return shares;
    }

    void set(
            int station,
            int slot,
            double forwardShare,
            double alightForward,
            double alightReverse) {
        forward[station * slots + slot] = (float) forwardShare;
        alighting[(station * 2 + Direction.FORWARD.index()) * slots + slot] = (float) alightForward;
        alighting[(station * 2 + Direction.REVERSE.index()) * slots + slot] = (float) alightReverse;
    }

    void setGroupShare(int station, Direction direction, int slot, int group, double share) {
        groupShare[(groups.offset(station, direction) + group) * slots + slot] = (float) share;
    }

    /** Who can board which service at branch platforms; null when riders are not told apart. */
    public ServiceGroups groups() {
        return groups;
    }

    /**
     * The share of a side's riders in a service group (see {@link ServiceGroups}) at a second of
     * the day: those whose destination only some of the services leaving the side serve.
     */
    public double groupShare(int station, Direction direction, int group, long secondOfDay) {
        return groupShare[(groups.offset(station, direction) + group) * slots + slot(secondOfDay)];
    }

    void markLearned() {
        learned = true;
    }

    /** True for shares learned from past days (a profile), false for the network-only guess. */
    public boolean learned() {
        return learned;
    }

    void setArrivingLoad(int station, Direction direction, int slot, double load) {
        arrivingLoad[(station * 2 + direction.index()) * slots + slot] = (float) load;
    }

    /**
     * The load a train in a direction typically brings to a station at a time of day, from the
     * profile's history (0 without one): what gate-only mode assumes when no train reports.
     */
    public double typicalArrivingLoad(int station, Direction direction, long secondOfDay) {
        return arrivingLoad[(station * 2 + direction.index()) * slots + slot(secondOfDay)];
    }

    /** Share of a station's entries that travel in a direction at a second of the day. */
    public double directionShare(int station, Direction direction, long secondOfDay) {
        double forwardShare = forward[station * slots + slot(secondOfDay)];
        return direction == Direction.FORWARD ? forwardShare : 1.0 - forwardShare;
    }

    /** Share of a train's arriving load that gets off at a station, at a second of the day. */
    public double alightingShare(int station, Direction direction, long secondOfDay) {
        return alighting[(station * 2 + direction.index()) * slots + slot(secondOfDay)];
    }

    private int slot(long secondOfDay) {
        long s = Math.floorMod(secondOfDay, (long) DAY_SECONDS);
        return (int) Math.min(slots - 1, s / slotSeconds);
    }
}
