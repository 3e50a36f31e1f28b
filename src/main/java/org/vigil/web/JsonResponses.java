package org.vigil.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletResponse;

/** Answers written by servlet filters, before Spring MVC (and its JSON mapper) is reached. */
public final class JsonResponses {

	private JsonResponses() {
	}

	public static void detail(HttpServletResponse response, int status, String detail) throws IOException {
		response.setStatus(status);
		response.setContentType("application/json");
		response.setCharacterEncoding("UTF-8");
		byte[] body = ("{\"detail\":\"" + detail.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}")
			.getBytes(StandardCharsets.UTF_8);
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
	}

}
