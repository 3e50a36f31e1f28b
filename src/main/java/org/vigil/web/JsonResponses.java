package org.vigil.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletResponse;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;

/**
 * How an error body reaches the wire outside Spring MVC: from a servlet filter
 * ({@link ApiException#send}) or the servlet container's error valve. Bodies are shaped
 * by {@link ApiException}; this only writes them.
 */
final class JsonResponses {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private JsonResponses() {
	}

	static void write(HttpServletResponse response, int status, Object body) throws IOException {
		write(response, status, JSON.writeValueAsString(body));
	}

	/** What an error with nothing more to say says. */
	static String statusDetail(int status) {
		HttpStatus known = HttpStatus.resolve(status);
		if (status >= 500 && status != 503) {
			return "A server error occurred.";
		}
		if (known == HttpStatus.NOT_FOUND) {
			return "Not found.";
		}
		return (known != null) ? known.getReasonPhrase() + "." : "Error " + status + ".";
	}

	static String detailBody(String detail) {
		return "{\"detail\":" + quote(detail) + "}";
	}

	private static void write(HttpServletResponse response, int status, String json) throws IOException {
		response.setStatus(status);
		response.setContentType("application/json");
		response.setCharacterEncoding("UTF-8");
		byte[] body = json.getBytes(StandardCharsets.UTF_8);
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
	}

	/** A JSON string: messages may quote hostile input, control characters included. */
	static String quote(String text) {
		StringBuilder out = new StringBuilder(text.length() + 2).append('"');
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '"' || c == '\\') {
				out.append('\\').append(c);
			}
			else if (c < 0x20 || c == 0x7f || Character.isSurrogate(c)) {
				out.append(String.format("\\u%04x", (int) c));
			}
			else {
				out.append(c);
			}
		}
		return out.append('"').toString();
	}

}
