package org.vigil.web;

import java.io.IOException;

/** Thrown while reading a request body past the limit: answered with 413. */
class PayloadTooLargeException extends IOException {

	PayloadTooLargeException(long limit) {
		super("Request body is larger than " + (limit / 1024) + " KiB.");
	}

}
