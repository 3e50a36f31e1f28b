package org.vigil.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;

/** Why a request is refused before it reaches a controller: {@code {"detail"}} or one field's error. */
record Rejection(int status, String field, String message) {

	static Rejection detail(int status, String message) {
		return new Rejection(status, null, message);
	}

	static Rejection field(int status, String field, String message) {
		return new Rejection(status, field, message);
	}

	void send(HttpServletResponse response) throws IOException {
		if (this.field == null) {
			JsonResponses.detail(response, this.status, this.message);
		}
		else {
			JsonResponses.field(response, this.status, this.field, this.message);
		}
	}

}
