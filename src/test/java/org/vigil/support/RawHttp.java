package org.vigil.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * HTTP/1.1 written byte for byte on a socket: for what java.net.http refuses to send or
 * quietly repairs (paths with backslashes or dot segments, raw bytes, odd request lines
 * and headers). Every request is sent with {@code Connection: close} and read to the end.
 */
public final class RawHttp {

	private final int port;

	public RawHttp(int port) {
		this.port = port;
	}

	/**
	 * A request of {@code method} on {@code target} (sent as given, ISO-8859-1: one char
	 * per byte) with {@code Host}, these headers in order, and {@code Content-Length}
	 * when there is a body.
	 */
	public Api.Response send(String method, String target, Map<String, String> headers, byte[] body) {
		StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
		if (headers.keySet().stream().noneMatch("Host"::equalsIgnoreCase)) {
			head.append("Host: localhost:").append(this.port).append("\r\n");
		}
		headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
		if (body != null && headers.keySet()
			.stream()
			.noneMatch(
					(name) -> name.equalsIgnoreCase("Content-Length") || name.equalsIgnoreCase("Transfer-Encoding"))) {
			head.append("Content-Length: ").append(body.length).append("\r\n");
		}
		head.append("Connection: close\r\n\r\n");
		ByteArrayOutputStream request = new ByteArrayOutputStream();
		request.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
		if (body != null) {
			request.writeBytes(body);
		}
		return exchange(request.toByteArray(), "HEAD".equals(method), false);
	}

	/**
	 * Exactly these bytes, then the end of the stream (so that the server closes the
	 * connection once it has answered, whatever the request said about it).
	 */
	public Api.Response send(byte[] request, boolean head) {
		return exchange(request, head, true);
	}

	private Api.Response exchange(byte[] request, boolean head, boolean halfClose) {
		try (Socket socket = new Socket("localhost", this.port)) {
			socket.setSoTimeout(30_000);
			OutputStream out = socket.getOutputStream();
			out.write(request);
			out.flush();
			if (halfClose) {
				socket.shutdownOutput();
			}
			return parse(socket.getInputStream().readAllBytes(), head);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Api.Response parse(byte[] bytes, boolean head) throws IOException {
		int end = indexOf(bytes, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 0);
		if (end < 0) {
			throw new IOException("No complete answer: " + new String(bytes, StandardCharsets.ISO_8859_1));
		}
		String[] lines = new String(bytes, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
		int status = Integer.parseInt(lines[0].split(" ")[1]);
		Map<String, List<String>> headers = new LinkedHashMap<>();
		for (int i = 1; i < lines.length; i++) {
			int colon = lines[i].indexOf(':');
			headers.computeIfAbsent(lines[i].substring(0, colon).strip(), (name) -> new ArrayList<>())
				.add(lines[i].substring(colon + 1).strip());
		}
		byte[] body = head ? new byte[0] : Arrays.copyOfRange(bytes, end + 4, bytes.length);
		boolean chunked = headers.entrySet()
			.stream()
			.anyMatch((e) -> e.getKey().equalsIgnoreCase("Transfer-Encoding") && e.getValue().contains("chunked"));
		if (chunked && body.length > 0) {
			body = dechunk(body);
		}
		return new Api.Response(status, headers, new String(body, StandardCharsets.UTF_8));
	}

	private static byte[] dechunk(byte[] body) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		int position = 0;
		while (true) {
			int lineEnd = indexOf(body, new byte[] { '\r', '\n' }, position);
			if (lineEnd < 0) {
				throw new IOException("Truncated chunked body");
			}
			String size = new String(body, position, lineEnd - position, StandardCharsets.ISO_8859_1).split(";")[0];
			int length = Integer.parseInt(size.strip(), 16);
			if (length == 0) {
				return out.toByteArray();
			}
			out.write(body, lineEnd + 2, length);
			position = lineEnd + 2 + length + 2;
		}
	}

	private static int indexOf(byte[] bytes, byte[] pattern, int from) {
		outer: for (int i = from; i <= bytes.length - pattern.length; i++) {
			for (int j = 0; j < pattern.length; j++) {
				if (bytes[i + j] != pattern[j]) {
					continue outer;
				}
			}
			return i;
		}
		return -1;
	}

}
