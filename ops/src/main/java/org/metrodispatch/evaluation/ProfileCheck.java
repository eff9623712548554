package org.metrodispatch.evaluation;

import org.metrodispatch.contract.demand.DemandModel;
import org.metrodispatch.contract.network.Direction;
import org.metrodispatch.contract.network.Network;
import org.metrodispatch.dispatch.FlowProfile;
import org.metrodispatch.dispatch.FlowProfile.StationProfile;

/**
 * How far a learned profile is from the simulator's own demand model, which the job never sees: the
 * mean absolute difference of the direction share (weighted by the profile's entries) and of the
 * alighting shares (weighted by the profile's departing loads), over the slots where the profile
 * saw riders. Only an evaluation can know it; the profile's own accuracy is what a real operations
 * centre has.
 *
 * @param directionShareError weighted mean |learned - model| of the FORWARD share of entries
 * @param alightingShareError weighted mean |learned - model| of the alighting shares
 */
public record ProfileCheck(double directionShareError, double alightingShareError) {

    public static ProfileCheck of(FlowProfile profile, DemandModel demand) {
        Network network = demand.network();
        double[] direction = new double[2];
        double[] alighting = new double[2];
        for (int s = 0; s < network.stationCount(); s++) {
            StationProfile station = profile.stations().get(s);
            for (int k = 0; k < profile.slots(); k++) {
                double second = (k + 0.5) * profile.slotSeconds();
                double entries = station.entries()[k];
                if (entries > 0) {
                    double model = demand.directionShare(s, Direction.FORWARD, second);
                    direction[0] += entries * Math.abs(station.forwardShare()[k] - model);
                    direction[1] += entries;
                }
                add(
                        alighting,
                        station.departureLoadForward()[k],
                        station.alightingForward()[k],
                        demand.alightingShare(s, Direction.FORWARD, second));
                add(
                        alighting,
                        station.departureLoadReverse()[k],
                        station.alightingReverse()[k],
                        demand.alightingShare(s, Direction.REVERSE, second));
            }
        }
        return new ProfileCheck(ratio(direction), ratio(alighting));
    }

    private static void add(double[] sums, double weight, double learned, double model) {
        if (weight > 0) {
            sums[0] += weight * Math.abs(learned - model);
            sums[1] += weight;
        }
    }

    private static double ratio(double[] sums) {
        return sums[1] == 0 ? 0 : sums[0] / sums[1];
    }
}
