package org.metrodispatch.simulator.engine;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PlatformTest {

    private static final int TRUNK = 1;
    private static final int BRANCH = 2;
    private static final int BOTH = TRUNK | BRANCH;

    @Test
    void boardsFirstComeFirstServedUpToTheRoomOnTheTrain() {
        Platform platform = new Platform();
        for (int second = 0; second < 10; second++) {
            platform.add(BOTH, Platform.passenger(second, 100 + second));
        }
        int[] onBoard = new int[200];
        int boarded = platform.board(TRUNK, 4, onBoard);

        assertThat(boarded).isEqualTo(4);
        // The four who came first, whatever their destination.
        assertThat(onBoard[100]).isEqualTo(1);
        assertThat(onBoard[103]).isEqualTo(1);
        assertThat(onBoard[104]).isZero();
        assertThat(platform.waiting()).isEqualTo(6);
        assertThat(platform.waitingFor(TRUNK)).as("left behind").isEqualTo(6);
    }

    @Test
    void everybodyBoardsWhenThereIsRoom() {
        Platform platform = new Platform();
        platform.add(BOTH, Platform.passenger(1, 5));
        platform.add(BOTH, Platform.passenger(2, 6));
        int[] onBoard = new int[10];

        assertThat(platform.board(TRUNK, 1_000, onBoard)).isEqualTo(2);
        assertThat(platform.waiting()).isZero();
        assertThat(platform.waitingFor(TRUNK)).isZero();
    }

    @Test
    void passengersForTheOtherBranchWaitAndAreNotLeftBehind() {
        Platform platform = new Platform();
        platform.add(BRANCH, Platform.passenger(1, 7));
        platform.add(TRUNK, Platform.passenger(2, 8));
        platform.add(BOTH, Platform.passenger(3, 9));
        int[] onBoard = new int[10];

        int boarded = platform.board(TRUNK, 10, onBoard);

        assertThat(boarded).isEqualTo(2);
        assertThat(onBoard[7]).as("branch passenger stays").isZero();
        assertThat(onBoard[8]).isEqualTo(1);
        assertThat(onBoard[9]).isEqualTo(1);
        assertThat(platform.waitingFor(TRUNK)).isZero();
        assertThat(platform.waitingFor(BRANCH)).isEqualTo(1);
        assertThat(platform.waiting()).isEqualTo(1);
    }

    @Test
    void orderIsByArrivalAcrossTheQueuesATrainCanServe() {
        Platform platform = new Platform();
        platform.add(TRUNK, Platform.passenger(5, 1));
        platform.add(BOTH, Platform.passenger(1, 2));
        platform.add(TRUNK, Platform.passenger(2, 3));
        platform.add(BOTH, Platform.passenger(9, 4));
        int[] onBoard = new int[10];

        platform.board(TRUNK, 3, onBoard);

        // Arrivals at 1, 2 and 5 board; the one who came at 9 is left behind.
        assertThat(onBoard).containsExactly(0, 1, 1, 1, 0, 0, 0, 0, 0, 0);
    }
}
