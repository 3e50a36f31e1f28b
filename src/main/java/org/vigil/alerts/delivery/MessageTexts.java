package org.vigil.alerts.delivery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.vigil.web.JsonFormats;

/**
 * The words of a message, the same for every kind of channel: a one-line summary ("5
 * agents of Acme Research disconnected") and a line per status.
 */
final class MessageTexts {

	private MessageTexts() {
	}

	static String summary(Message message) {
		if (message.isTest()) {
			return "Test message from Vigil for the channel \u201c" + message.channel().name() + "\u201d";
		}
		if (message.source() != null) {
			return sourceSummary(message.source());
		}
		List<Item> items = message.items();
		String customer = message.customerName();
		if (items.size() == 1) {
			Item item = items.get(0);
			return item.agentType() + " agent of " + item.offeringName() + " (" + customer + ") " + verb(item.what());
		}
		long disconnected = count(items, Item.DISCONNECTED);
		long reminded = count(items, Item.REMINDER);
		long recovered = count(items, Item.RECOVERED);
		String agents = items.size() + " agents of " + customer;
		if (disconnected == items.size() || reminded == items.size() || recovered == items.size()) {
			return agents + " " + verb(items.get(0).what());
		}
		List<String> parts = new ArrayList<>();
		if (disconnected > 0) {
			parts.add(disconnected + " " + verb(Item.DISCONNECTED));
		}
		if (reminded > 0) {
			parts.add(reminded + " " + verb(Item.REMINDER));
		}
		if (recovered > 0) {
			parts.add(recovered + " " + verb(Item.RECOVERED));
		}
		return agents + ": " + String.join(", ", parts);
	}

	/**
	 * "HPC Cluster, Order processing: disconnected at 2026-11-28T10:22:38.123456Z
	 * (timeout)".
	 */
	static String line(Item item) {
		StringBuilder line = new StringBuilder(item.offeringName()).append(", ")
			.append(item.agentType())
			.append(": ")
			.append(verb(item.what()));
		if (item.created() != null) {
			line.append(item.what().equals(Item.REMINDER) ? " since " : " at ").append(time(item.created()));
		}
		if (item.reason() != null) {
			line.append(" (")
				.append(item.reason().equals("timeout") ? "no check-in before its deadline" : "checked in")
				.append(")");
		}
		return line.toString();
	}

	/** "Mirror source \u201cwaldur\u201d is unreachable" or "... recovered". */
	static String sourceSummary(SourceHealthChange source) {
		String name = "Mirror source \u201c" + source.sourceName() + "\u201d";
		return source.recovered() ? name + " recovered" : name + " is " + source.toState();
	}

	/**
	 * "https://waldur.example.org/api/: unreachable at 2026-...Z (connection refused);
	 * its statuses are frozen until it answers again".
	 */
	static String sourceLine(SourceHealthChange source) {
		StringBuilder line = new StringBuilder(source.sourceUrl()).append(": ").append(source.toState());
		if (source.created() != null) {
			line.append(" at ").append(time(source.created()));
		}
		if (source.error() != null) {
			line.append(" (").append(source.error()).append(")");
		}
		line.append(source.recovered() ? "; its statuses are followed again"
				: "; its statuses are frozen, none is disconnected until it answers again");
		return line.toString();
	}

	private static List<String> lines(Message message) {
		if (message.source() != null) {
			return List.of(sourceLine(message.source()));
		}
		return message.items().stream().map(MessageTexts::line).toList();
	}

	/**
	 * One line whatever the names hold: a CR or LF in a customer's or offering's name
	 * must not start a header of its own.
	 */
	static String emailSubject(Message message) {
		return "[Vigil] " + summary(message).replaceAll("\\p{Cntrl}+", " ");
	}

	static String emailBody(Message message) {
		StringBuilder body = new StringBuilder(summary(message)).append(".\n\n");
		if (message.isTest()) {
			body.append("This channel works: Vigil will send alerts here.\n");
		}
		for (String line : lines(message)) {
			body.append("- ").append(line).append('\n');
		}
		body.append("\nDelivery ").append(message.delivery()).append(", sent by Vigil.\n");
		return body.toString();
	}

	/**
	 * Markdown that Slack and Mattermost both show: the summary in bold and a list of the
	 * statuses. {@code &}, {@code <} and {@code >} are escaped, as Slack requires.
	 */
	static String slack(Message message) {
		StringBuilder text = new StringBuilder("*").append(escape(summary(message))).append("*");
		for (String line : lines(message)) {
			text.append("\n- ").append(escape(line));
		}
		return text.toString();
	}

	private static String verb(String what) {
		return switch (what) {
			case Item.DISCONNECTED -> "disconnected";
			case Item.RECOVERED -> "recovered";
			default -> "still disconnected";
		};
	}

	private static long count(List<Item> items, String what) {
		return items.stream().filter((item) -> item.what().equals(what)).count();
	}

	private static String time(Instant instant) {
		return JsonFormats.timestamp(instant);
	}

	private static String escape(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
	}

}
