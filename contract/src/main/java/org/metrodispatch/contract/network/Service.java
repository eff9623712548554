package org.metrodispatch.contract.network;

import java.io.Serializable;
import java.util.Arrays;

/** A service pattern: trains running between two termini, stopping at every station between. */
public final class Service implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String id;
    private final double share;
    private final int[] forwardPath;

    Service(String id, double share, int[] forwardPath) {
        this.id = id;
        this.share = share;
        this.forwardPath = forwardPath;
    }

    public String id() {
        return id;
    }

    /** This service's share of the trains on the section all services run on. */
    public double share() {
        return share;
    }

    /** Station indices in the FORWARD direction, terminus to terminus. */
    public int[] forwardPath() {
        return forwardPath.clone();
    }

    /** Station indices in the order a train of this service meets them in a direction. */
    public int[] path(Direction direction) {
        int[] path = forwardPath.clone();
        if (direction == Direction.REVERSE) {
            for (int i = 0, j = path.length - 1; i < j; i++, j--) {
                int t = path[i];
                path[i] = path[j];
                path[j] = t;
            }
        }
        return path;
    }

    /** The station a trip in this direction starts at. */
    public int origin(Direction direction) {
        return direction == Direction.FORWARD
                ? forwardPath[0]
                : forwardPath[forwardPath.length - 1];
    }

    /** The station a trip in this direction ends at. */
    public int terminus(Direction direction) {
        return origin(direction.opposite());
    }

    public boolean calls(int station) {
        for (int s : forwardPath) {
            if (s == station) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return id + Arrays.toString(forwardPath);
    }
}
