package org.vigil.alerts.delivery;

import java.util.List;

/**
 * The kinds of channel, one a sender: what a channel's {@code kind} may be, and what
 * {@link MessageSender} sends by.
 */
public final class ChannelKind {

	public static final String WEBHOOK = "webhook";

	public static final String SLACK = "slack";

	public static final String EMAIL = "email";

	public static final List<String> ALL = List.of(WEBHOOK, SLACK, EMAIL);

	private ChannelKind() {
	}

}
