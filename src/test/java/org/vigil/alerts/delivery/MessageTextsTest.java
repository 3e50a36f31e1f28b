package org.vigil.alerts.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.vigil.support.OneStore;

/**
 * The words a message uses, and when a failed delivery is tried again: no database, no
 * network.
 */
@OneStore
class MessageTextsTest {

	private static final Instant AT = Instant.parse("2026-11-28T10:22:38.123456Z");

	private static final Recipient CHANNEL = new Recipient(1, UUID.randomUUID(), "Ops", ChannelKind.WEBHOOK,
			"https://hooks.example.org/", null, null, 1L, false, true);

	@Test
	void oneStatusIsNamedAndManyAreCounted() {
		assertThat(MessageTexts.summary(message(item(Item.DISCONNECTED, "Order processing"))))
			.isEqualTo("Order processing agent of HPC Cluster (Acme Research) disconnected");
		assertThat(MessageTexts
			.summary(message(item(Item.REMINDER, "Order processing"), item(Item.REMINDER, "Glauth sync"))))
			.isEqualTo("2 agents of Acme Research still disconnected");
		assertThat(MessageTexts
			.summary(message(item(Item.DISCONNECTED, "Order processing"), item(Item.DISCONNECTED, "Usage reporting"),
					item(Item.RECOVERED, "Glauth sync"), item(Item.REMINDER, "Resource sync"))))
			.isEqualTo("4 agents of Acme Research: 2 disconnected, 1 still disconnected, 1 recovered");
	}

	@Test
	void slackTextIsEscapedMarkdown() {
		Item item = new Item(Item.RECOVERED, UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), "R&D <lab>",
				"Order processing", "Disconnected", "Active", "check_in", AT);
		assertThat(MessageTexts.slack(message(item))).isEqualTo(
				"*Order processing agent of R&amp;D &lt;lab&gt; (Acme Research) recovered*\n- R&amp;D &lt;lab&gt;, "
						+ "Order processing: recovered at 2026-11-28T10:22:38.123456Z (checked in)");
	}

	@Test
	void aMirrorSourceIsNamedWithItsUrlAndWhatWentWrong() {
		SourceHealthChange down = new SourceHealthChange(UUID.randomUUID(), UUID.randomUUID(), "hpc<waldur>",
				"https://waldur.example.org/api/", "healthy", "unreachable", "connection refused", AT);
		Message message = new Message(1, UUID.randomUUID(), CHANNEL, null, null, List.of(), AT, 0, down);
		assertThat(MessageTexts.summary(message)).isEqualTo("Mirror source \u201chpc<waldur>\u201d is unreachable");
		assertThat(MessageTexts.slack(message))
			.isEqualTo("*Mirror source \u201chpc&lt;waldur&gt;\u201d is unreachable*\n"
					+ "- https://waldur.example.org/api/: unreachable at 2026-11-28T10:22:38.123456Z (connection refused); "
					+ "its statuses are frozen, none is disconnected until it answers again");
		SourceHealthChange back = new SourceHealthChange(UUID.randomUUID(), UUID.randomUUID(), "hpc",
				"https://waldur.example.org/api/", "unreachable", "healthy", null, AT);
		assertThat(MessageTexts
			.emailSubject(new Message(1, UUID.randomUUID(), CHANNEL, null, null, List.of(), AT, 0, back)))
			.isEqualTo("[Vigil] Mirror source \u201chpc\u201d recovered");
	}

	@Test
	void anEmailSubjectIsOneLineWhateverTheNamesHold() {
		Item item = new Item(Item.DISCONNECTED, UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
				"HPC\r\nBcc: victim@example.org", "Order processing", "Active", "Disconnected", "timeout", AT);
		assertThat(MessageTexts.emailSubject(message(item))).doesNotContain("\r", "\n")
			.isEqualTo("[Vigil] Order processing agent of HPC Bcc: victim@example.org (Acme Research) disconnected");
	}

	@Test
	void retriesWaitTwiceAsLongEachTimeUpToTheMaximumAndNeverPastGivingUp() {
		Backoff fixedHalf = new Backoff(Duration.ofSeconds(10), Duration.ofHours(1), Duration.ofHours(24), () -> 0);
		Backoff fullWait = new Backoff(Duration.ofSeconds(10), Duration.ofHours(1), Duration.ofHours(24),
				() -> 0.999999);
		Instant created = AT;
		Instant now = AT.plusSeconds(60);
		assertThat(fixedHalf.next(created, 1, now)).isEqualTo(now.plusSeconds(5));
		assertThat(fullWait.next(created, 1, now)).isBetween(now.plusMillis(9_999), now.plusSeconds(10));
		assertThat(fixedHalf.next(created, 4, now)).isEqualTo(now.plusSeconds(40));
		assertThat(fixedHalf.next(created, 40, now)).isEqualTo(now.plusSeconds(1800));
		assertThat(fullWait.next(created, 40, now)).isBetween(now.plusSeconds(3599), now.plusSeconds(3600));
		Instant late = created.plus(Duration.ofHours(24)).minusSeconds(2);
		assertThat(fullWait.next(created, 40, late)).as("the last try is when giving up is due")
			.isEqualTo(created.plus(Duration.ofHours(24)));
		assertThat(fullWait.next(created, 41, created.plus(Duration.ofHours(24)))).as("given up").isNull();
	}

	private static Message message(Item... items) {
		return new Message(1, UUID.randomUUID(), CHANNEL, UUID.randomUUID(), "Acme Research", List.of(items), AT, 0);
	}

	private static Item item(String what, String agentType) {
		return new Item(what, UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), "HPC Cluster", agentType,
				"Active", "Disconnected", "timeout", AT);
	}

}
