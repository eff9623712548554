package org.metrodispatch.dispatch;

import org.metrodispatch.contract.network.Direction;
import org.metrodispatch.contract.network.Network;
import org.metrodispatch.contract.network.Service;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Where a train that leaves a station calls next: the platform its departure report is news for,
 * since it tells that platform which train comes and how full (see {@link
 * PlatformEstimator#onApproach}). A table, looked up per departure without allocating.
 */
public final class NextStops implements Serializable {

    private static final long serialVersionUID = 1L;

    /** No next stop: a terminus, or a train of no known service where the services part. */
    public static final int NONE = -1;

    private final int services;

    /** By (station, direction, service number): the next station's index, or {@link #NONE}. */
    private final int[] next;

    public NextStops(Network network) {
        this.services = network.services().size();
        this.next = new int[network.stationCount() * 2 * (services + 1)];
        Arrays.fill(next, NONE);
        for (int station = 0; station < network.stationCount(); station++) {
            for (Direction direction : Direction.values()) {
                int common = NONE;
                boolean agree = true;
                for (int s = 0; s < services; s++) {
                    Service service = network.services().get(s);
                    int after = after(service.path(direction), station);
                    next[slot(station, direction.index(), s + 1)] = after;
                    if (after != NONE) {
                        agree &= common == NONE || common == after;
                        common = after;
                    }
                }
                // A report that names no service: only where every service goes on to one station.
                next[slot(station, direction.index(), 0)] = agree ? common : NONE;
            }
        }
    }

    private static int after(int[] path, int station) {
        for (int i = 0; i + 1 < path.length; i++) {
            if (path[i] == station) {
                return path[i + 1];
            }
        }
        return NONE;
    }

    private int slot(int station, int direction, int serviceNumber) {
        return (station * 2 + direction) * (services + 1) + serviceNumber;
    }

    /**
     * The station a train calls at next.
     *
     * @param direction the direction's index
     * @param serviceNumber the service's index plus one; 0 when the report named no service
     * @return the next station's index, or {@link #NONE}
     */
    public int after(int station, int direction, int serviceNumber) {
        if (station < 0
                || station * 2 + 1 >= next.length / (services + 1)
                || serviceNumber < 0
                || serviceNumber > services) {
            return NONE;
        }
        return next[slot(station, direction, serviceNumber)];
    }
}
