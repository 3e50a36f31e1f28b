package org.vigil.audit;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A channel's URL as the audit log shows it: its origin only. Incoming-webhook URLs
 * (Slack, Mattermost, Teams, Discord) carry their secret in the path, and a webhook's may
 * carry one in its user info or query, so nothing after the origin is kept.
 */
final class ChannelUrls {

	static final String ELLIPSIS = "\u2026";

	private ChannelUrls() {
	}

	/**
	 * {@code https://hooks.slack.com/services/T/B/secret} is
	 * {@code https://hooks.slack.com/…}; what is no URL with a host is {@code "***"}.
	 */
	static String masked(String url) {
		if (url == null) {
			return null;
		}
		try {
			URI uri = new URI(url.strip());
			if (uri.getScheme() == null || uri.getHost() == null) {
				return Changes.MASK;
			}
			String origin = uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getHost().toLowerCase(Locale.ROOT)
					+ ((uri.getPort() >= 0) ? ":" + uri.getPort() : "");
			return origin + "/" + ELLIPSIS;
		}
		catch (URISyntaxException ex) {
			return Changes.MASK;
		}
	}

}
