package org.vigil.alerts.channel;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * How a channel's URL is shown anywhere outside Vigil: in every answer (to staff too), in
 * errors, in logs and in the audit log. Incoming-webhook URLs of the kinds that keep
 * their secret in the path ({@link Channel#SECRET_IN_PATH}: Slack, Mattermost and the
 * like) are shown as their origin only, {@code https://hooks.slack.com/…}; any other URL
 * without its user info, query and fragment. Only a write changes a URL, and a write that
 * sends back the masked form leaves it as it was.
 */
public final class SecretUrls {

	/** What stands for the hidden part of a URL. */
	public static final String HIDDEN = "\u2026";

	private SecretUrls() {
	}

	/**
	 * {@code url} of a channel of {@code kind} as it may be shown; null for null. A URL
	 * that cannot be parsed is not shown at all ({@value #HIDDEN}).
	 */
	public static String mask(String kind, String url) {
		if (url == null) {
			return null;
		}
		URI uri;
		try {
			uri = new URI(url);
		}
		catch (URISyntaxException ex) {
			return HIDDEN;
		}
		if (uri.getScheme() == null || uri.getRawAuthority() == null) {
			return HIDDEN;
		}
		String authority = uri.getRawAuthority();
		String origin = uri.getScheme() + "://" + authority.substring(authority.lastIndexOf('@') + 1);
		if (Channel.SECRET_IN_PATH.contains(kind)) {
			return origin + "/" + HIDDEN;
		}
		return origin + ((uri.getRawPath() != null) ? uri.getRawPath() : "");
	}

	/** Whether {@link #mask} hides part of {@code url}. */
	public static boolean hidesSomething(String kind, String url) {
		return url != null && !url.equals(mask(kind, url));
	}

}
