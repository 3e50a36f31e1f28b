package org.vigil.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.vigil.support.OneStore;

/** The stream's cursor: late commits stay pending, and the text round-trips. */
@OneStore
class CursorTest {

	private static final Instant NOW = Instant.parse("2026-12-04T08:00:00Z");

	@Test
	void aNewerEventLeavesTheSkippedIdsPendingUntilTheyArriveOrAreGivenUp() {
		Position position = new Position(Cursor.at(100), NOW);
		position.read(104, NOW);
		assertThat(position.text()).isEqualTo("104,101-103");
		position.read(102, NOW.plusSeconds(1));
		assertThat(position.text()).isEqualTo("104,101,103");
		position.read(105, NOW.plusSeconds(20));
		position.giveUpBefore(NOW.plusSeconds(20).minus(Duration.ofSeconds(10)));
		assertThat(position.text()).isEqualTo("105");
	}

	@Test
	void itsTextRoundTripsAndAsksForTheLateOnes() {
		Cursor cursor = Cursor.parse("1042,1037-1039,1041").orElseThrow();
		assertThat(cursor.last()).isEqualTo(1042);
		assertThat(cursor.pending()).containsExactly(1037L, 1038L, 1039L, 1041L);
		assertThat(cursor.toString()).isEqualTo("1042,1037-1039,1041");
		assertThat(cursor.after().toString()).contains("1042").contains("between").contains("1041");
	}

	@Test
	void malformedOrOversizedTextIsRefused() {
		assertThat(Cursor.parse("")).isEmpty();
		assertThat(Cursor.parse("x")).isEmpty();
		assertThat(Cursor.parse("10,12")).isEmpty();
		assertThat(Cursor.parse("10,5-3")).isEmpty();
		assertThat(Cursor.parse("100000,1-99999")).isEmpty();
		assertThat(Cursor.parse("1".repeat(19))).isEmpty();
		assertThat(Cursor.parse("10," + "1,".repeat(25) + "2")).isEmpty();
	}

	@Test
	void onlyTheNewestRangesTravel() {
		Position position = new Position(Cursor.at(0), NOW);
		for (long id = 2; id <= 60; id += 2) {
			position.read(id, NOW);
		}
		String text = position.text();
		assertThat(text.split(",")).hasSize(Cursor.MAX_RANGES + 1);
		assertThat(text).startsWith("60,").endsWith(",59");
		assertThat(Cursor.parse(text)).isPresent();
	}

}
