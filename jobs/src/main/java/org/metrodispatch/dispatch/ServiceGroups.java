package org.metrodispatch.dispatch;

import org.metrodispatch.contract.network.Direction;
import org.metrodispatch.contract.network.Network;
import org.metrodispatch.contract.network.Service;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Who can board which train, at platforms that several services leave the same way (branches).
 *
 * <p>A rider bound for a station on one branch boards only that branch's trains and lets the
 * other's go; a rider bound for the common section boards either. So the riders waiting on such a
 * side fall into groups, one per set of services that can take them: a group is a bit mask over the
 * services leaving that side (in network order), and its index is the mask minus one. A side that
 * one service leaves, or more than {@link #MAX_SERVICES}, has no groups: every rider boards every
 * train.
 */
public final class ServiceGroups implements Serializable {

    private static final long serialVersionUID = 1L;

    /** More services than this leaving one side are not split (the groups would be too many). */
    public static final int MAX_SERVICES = 4;

    /** Per station and direction ({@code station * 2 + direction}): the services leaving. */
    private final int[][] leaving;

    /** Per station and direction: where its groups start in a table of all groups; -1 if none. */
    private final int[] offsets;

    private final int total;
    private final Network network;

    public ServiceGroups(Network network) {
        this.network = network;
        int sides = network.stationCount() * 2;
        leaving = new int[sides][];
        offsets = new int[sides];
        int next = 0;
        for (int s = 0; s < network.stationCount(); s++) {
            for (Direction d : Direction.values()) {
                int side = s * 2 + d.index();
                List<Service> services = network.servicesLeaving(s, d);
                int[] indices = new int[services.size()];
                for (int i = 0; i < indices.length; i++) {
                    indices[i] = network.services().indexOf(services.get(i));
                }
                leaving[side] = indices;
                if (indices.length >= 2 && indices.length <= MAX_SERVICES) {
                    offsets[side] = next;
                    next += (1 << indices.length) - 1;
                } else {
                    offsets[side] = -1;
                }
            }
        }
        total = next;
    }

    /** Groups over every side of the network: the size of a table with one value per group. */
    public int total() {
        return total;
    }

    /** How many groups a side has: 0 when all its riders board every train. */
    public int groups(int station, Direction direction) {
        int side = station * 2 + direction.index();
        return offsets[side] < 0 ? 0 : (1 << leaving[side].length) - 1;
    }

    /** Where a side's groups start in a table of {@link #total()} values; -1 when it has none. */
    public int offset(int station, Direction direction) {
        return offsets[station * 2 + direction.index()];
    }

    /**
     * The group of a rider from {@code origin} to {@code destination}: the services leaving the
     * origin that way that call at the destination; -1 when the side has no groups or none of them
     * goes there.
     */
    public int group(int origin, int destination) {
        Direction direction = network.direction(origin, destination);
        if (direction == null || groups(origin, direction) == 0) {
            return -1;
        }
        int[] services = leaving[origin * 2 + direction.index()];
        int mask = 0;
        for (int i = 0; i < services.length; i++) {
            if (network.services().get(services[i]).calls(destination)) {
                mask |= 1 << i;
            }
        }
        return mask - 1;
    }

    /**
     * The bit of a service among those leaving a side, to test a group's mask ({@code group + 1});
     * 0 when the side has no groups or the service is not one of them (every rider may board it).
     */
    public int serviceBit(int station, Direction direction, int serviceIndex) {
        if (groups(station, direction) == 0) {
            return 0;
        }
        int[] services = leaving[station * 2 + direction.index()];
        for (int i = 0; i < services.length; i++) {
            if (services[i] == serviceIndex) {
                return 1 << i;
            }
        }
        return 0;
    }

    /** A group's name: the ids of the services that can take it, joined by '+'. */
    public String name(int station, Direction direction, int group) {
        int[] services = leaving[station * 2 + direction.index()];
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < services.length; i++) {
            if (((group + 1) & (1 << i)) != 0) {
                ids.add(network.services().get(services[i]).id());
            }
        }
        return String.join("+", ids);
    }

    /**
     * The share of riders from a side in each group when every reachable station is an equally
     * likely destination: the network's own prior.
     */
    public double[] networkShares(int station, Direction direction) {
        double[] shares = new double[groups(station, direction)];
        int count = 0;
        for (int d = 0; d < network.stationCount(); d++) {
            if (network.direction(station, d) == direction) {
                int group = group(station, d);
                if (group >= 0) {
                    shares[group]++;
                    count++;
                }
            }
        }
        for (int g = 0; g < shares.length; g++) {
            shares[g] = count == 0 ? 1.0 / shares.length : shares[g] / count;
        }
        return shares;
    }
}
