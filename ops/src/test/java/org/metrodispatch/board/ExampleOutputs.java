package org.metrodispatch.board;

import org.metrodispatch.contract.network.Network;
import org.metrodispatch.contract.network.NetworkLoader;

import java.nio.file.Path;

/** Output lines of the job as docs/event-contract.md shows them, for the board's tests. */
public final class ExampleOutputs {

    private ExampleOutputs() {}

    public static final Network LINE_1 =
            NetworkLoader.load(Path.of("..", "config", "networks", "chengdu-line1.yaml"));

    public static final String RAISED =
            "{\"decision\":\"RAISED\",\"schemaVersion\":3,\"decisionId\":\"nijiaqiao-southbound-20260304-080530/1-RAISED-20260304-080530\",\"level\":\"WARN\",\"recommendationId\":\"nijiaqiao-southbound-20260304-080530\",\"stationId\":\"nijiaqiao\",\"direction\":\"southbound\",\"eventTime\":\"2026-03-04T08:05:30+08:00\",\"emittedAt\":\"2026-12-02T10:04:01.647+08:00\",\"lineId\":\"1\",\"reason\":\"passengers left behind on 2 departures in a row (71 by the last train)\",\"severity\":0.130,\"trainsSent\":1,\"evidence\":{\"windowStart\":\"2026-03-04T08:01:00+08:00\",\"windowEnd\":\"2026-03-04T08:06:00+08:00\",\"windowEntries\":951,\"windowExits\":44,\"waitingEstimate\":71,\"leftBehind\":71,\"consecutiveLeftBehind\":2,\"densityM2PerPerson\":7.697,\"levelOfService\":\"A\",\"basis\":\"train-reports\",\"lastTrainId\":\"T029\",\"lastDepartureTime\":\"2026-03-04T08:05:30+08:00\",\"lastTrainLoad\":1880,\"lastTrainCapacity\":1880},\"emptyTrain\":{\"scheduleRelationship\":\"NEW\",\"tripId\":\"empty-nijiaqiao-southbound-20260304-080530-1\",\"sequence\":1,\"poolId\":\"tianfu-square-siding\",\"poolName\":\"Tianfu Square turnback siding\",\"fromStationId\":\"tianfu-square\",\"leaveAt\":\"2026-03-04T08:09:30+08:00\",\"arriveAt\":\"2026-03-04T08:16:05+08:00\",\"runsEmptyVia\":[\"jinjiang-hotel\",\"huaxiba\",\"sichuan-gymnasium\"],\"startsServiceAt\":\"nijiaqiao\",\"serviceTerminus\":\"science-city\",\"spareReturnsAt\":\"2026-03-04T10:10:05+08:00\",\"sparesLeftAtPool\":0}}";

    /** The same episode cleared before its train left. */
    public static final String CLEARED_EARLY =
            "{\"decision\":\"CLEARED\",\"schemaVersion\":3,\"decisionId\":\"nijiaqiao-southbound-20260304-080530/2-CLEARED-20260304-080800\",\"level\":\"INFO\",\"recommendationId\":\"nijiaqiao-southbound-20260304-080530\",\"stationId\":\"nijiaqiao\",\"direction\":\"southbound\",\"eventTime\":\"2026-03-04T08:08:00+08:00\",\"emittedAt\":\"2026-12-02T10:04:02.000+08:00\",\"lineId\":\"1\",\"reason\":\"calm again\",\"severity\":0.1,\"trainsSent\":1,\"evidence\":{\"windowStart\":\"2026-03-04T08:03:00+08:00\",\"windowEnd\":\"2026-03-04T08:08:00+08:00\",\"windowEntries\":900,\"windowExits\":40,\"waitingEstimate\":20,\"leftBehind\":0,\"consecutiveLeftBehind\":0,\"densityM2PerPerson\":30,\"levelOfService\":\"A\",\"lastTrainId\":\"T030\",\"lastDepartureTime\":\"2026-03-04T08:07:30+08:00\",\"lastTrainLoad\":1500,\"lastTrainCapacity\":1880},\"standsDown\":[\"empty-nijiaqiao-southbound-20260304-080530-1\"]}";

    public static final String LOAD_0815 =
            "{\"stationId\":\"nijiaqiao\",\"windowStart\":\"2026-03-04T08:10:00+08:00\",\"windowEnd\":\"2026-03-04T08:15:00+08:00\",\"entries\":948,\"exits\":67,\"heartbeats\":80,\"platforms\":[{\"direction\":\"southbound\",\"waitingEstimate\":663,\"densityM2PerPerson\":0.829,\"levelOfService\":\"C\",\"leftBehind\":411,\"consecutiveLeftBehind\":5,\"crowded\":true},{\"direction\":\"northbound\",\"waitingEstimate\":120,\"densityM2PerPerson\":4.568,\"levelOfService\":\"A\",\"leftBehind\":0,\"consecutiveLeftBehind\":0,\"crowded\":false}]}";

    public static final String GATE_SILENT =
            "{\"feedAlert\":\"RAISED\",\"schemaVersion\":2,\"level\":\"WARN\",\"kind\":\"GATES_SILENT\",\"lineId\":\"1\",\"stationId\":\"north-railway-station\",\"feed\":\"north-railway-station-g05\",\"eventTime\":\"2026-03-04T07:42:30+08:00\",\"emittedAt\":\"2026-12-02T11:24:55.605+08:00\",\"since\":\"2026-03-04T07:39:13+08:00\",\"reason\":\"no heartbeat from gate north-railway-station-g05 since 07:39:13 while the station's other gates are heard\"}";

    public static final String GATE_HEARD =
            "{\"feedAlert\":\"CLEARED\",\"schemaVersion\":2,\"level\":\"INFO\",\"kind\":\"GATES_SILENT\",\"lineId\":\"1\",\"stationId\":\"north-railway-station\",\"feed\":\"north-railway-station-g05\",\"eventTime\":\"2026-03-04T08:10:30+08:00\",\"emittedAt\":\"2026-12-02T11:24:56.911+08:00\",\"since\":\"2026-03-04T08:10:13+08:00\",\"reason\":\"gate north-railway-station-g05 is heard again\"}";

    /** Train T021 arriving at Nijiaqiao southbound, as the contract's example. */
    public static final String TRAIN_ARRIVAL =
            "{\"kind\":\"train\",\"eventId\":\"T021-2-nijiaqiao-arr\",\"trainId\":\"T021\",\"lineId\":\"1\",\"serviceId\":\"science-city\",\"direction\":\"southbound\",\"stationId\":\"nijiaqiao\",\"type\":\"ARRIVAL\",\"eventTime\":\"2026-03-04T08:00:40+08:00\",\"load\":1644,\"capacity\":1880,\"ratedCapacity\":1460}";

    /** The job's progress mark at {@code watermark}. */
    public static BoardRecord progress(String watermark) {
        return new BoardRecord(
                BoardRecord.Kind.PROGRESS,
                "{\"kind\":\"progress\",\"watermark\":\""
                        + watermark
                        + "\",\"recommendations\":1}");
    }
}
