package org.vigil.system;

/**
 * Text that came from outside (an upstream's error detail, a name, a User-Agent, a
 * receiver's answer) made safe for one log line: a backslash, CR, LF, tab and every other
 * control, format (bidirectional overrides, zero-width) or line-separator character is
 * escaped ({@code \\}, {@code \r}, {@code \n}, {@code \t}, {@code \u2028}...), so it can
 * neither start a forged entry nor hide text; and it is cut to {@link #MAX} characters,
 * the cut said at the end. The same form is what is stored where outside text is kept for
 * people to read later (a mirror source's last error).
 */
public final class LogText {

	/** The most characters of the text kept. */
	public static final int MAX = 300;

	private LogText() {
	}

	/** The text escaped and cut to {@link #MAX} characters; {@code null} stays null. */
	public static String escape(String text) {
		return escape(text, MAX);
	}

	/** The text escaped and cut to {@code max} characters; {@code null} stays null. */
	public static String escape(String text, int max) {
		if (text == null) {
			return null;
		}
		int end = Math.min(text.length(), max);
		if (end > 0 && end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
			end--;
		}
		StringBuilder out = new StringBuilder(end + 16);
		for (int i = 0; i < end; i++) {
			char c = text.charAt(i);
			switch (c) {
				case '\\' -> out.append("\\\\");
				case '\n' -> out.append("\\n");
				case '\r' -> out.append("\\r");
				case '\t' -> out.append("\\t");
				default -> {
					if (plain(text, i, end)) {
						out.append(c);
					}
					else {
						out.append(String.format("\\u%04x", (int) c));
					}
				}
			}
		}
		if (end < text.length()) {
			out.append("...(").append(text.length() - end).append(" more)");
		}
		return out.toString();
	}

	private static boolean plain(String text, int i, int end) {
		char c = text.charAt(i);
		if (Character.isISOControl(c)) {
			return false;
		}
		if (Character.isHighSurrogate(c)) {
			return i + 1 < end && Character.isLowSurrogate(text.charAt(i + 1));
		}
		if (Character.isLowSurrogate(c)) {
			return i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
		}
		int type = Character.getType(c);
		return type != Character.FORMAT && type != Character.LINE_SEPARATOR && type != Character.PARAGRAPH_SEPARATOR;
	}

}
