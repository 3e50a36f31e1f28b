package org.vigil.docs;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One {@code bash} with {@code set -euo pipefail}, as a reader's terminal: each block is
 * sourced in it, so variables carry over from one block to the next, and the first
 * failing command ends the session.
 */
final class ShellSession implements AutoCloseable {

	private static final String DONE = "@@example-done@@";

	private static final String EXITED = "\u0000exited";

	private final Process bash;

	private final Writer input;

	private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();

	private final Path directory;

	private int blocks;

	ShellSession(Path directory, Map<String, String> environment) throws IOException {
		this.directory = directory;
		ProcessBuilder builder = new ProcessBuilder("bash", "--noprofile", "--norc").directory(directory.toFile())
			.redirectErrorStream(true);
		builder.environment()
			.keySet()
			.removeIf((key) -> key.startsWith("SPRING_") || key.startsWith("VIGIL_") || key.equals("SERVER_PORT")
					|| key.toLowerCase().endsWith("_proxy"));
		builder.environment().putAll(environment);
		this.bash = builder.start();
		this.input = this.bash.outputWriter(StandardCharsets.UTF_8);
		Thread reader = new Thread(this::readOutput, "example-output");
		reader.setDaemon(true);
		reader.start();
		send("set -euo pipefail");
	}

	private void readOutput() {
		try (BufferedReader output = this.bash.inputReader(StandardCharsets.UTF_8)) {
			for (String line = output.readLine(); line != null; line = output.readLine()) {
				this.lines.add(line);
			}
		}
		catch (IOException ex) {
			// the shell is gone: said below
		}
		this.lines.add(EXITED);
	}

	/** Runs the block; throws with its text and output when it fails or hangs. */
	void run(DocExample example, Duration timeout) throws IOException, InterruptedException {
		Path file = this.directory.resolve("example-" + (++this.blocks) + ".sh");
		Files.writeString(file, example.text() + "\n");
		send("source " + file.getFileName() + " </dev/null; printf '\\n%s\\n' " + DONE);
		StringBuilder output = new StringBuilder();
		long end = System.nanoTime() + timeout.toNanos();
		while (true) {
			String line = this.lines.poll(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
			if (line == null) {
				throw failure(example, "did not finish within " + timeout, output);
			}
			if (line.equals(DONE)) {
				return;
			}
			if (line.equals(EXITED)) {
				this.bash.waitFor(10, TimeUnit.SECONDS);
				throw failure(example, "failed with exit code " + this.bash.exitValue(), output);
			}
			output.append(line).append('\n');
		}
	}

	private static AssertionError failure(DocExample example, String what, StringBuilder output) {
		return new AssertionError("The example at " + example.where() + " " + what + ":\n" + example.text()
				+ "\n--- its output:\n" + output);
	}

	private void send(String command) throws IOException {
		this.input.write(command + "\n");
		this.input.flush();
	}

	@Override
	public void close() throws InterruptedException {
		this.bash.descendants().forEach(ProcessHandle::destroy);
		this.bash.destroy();
		if (!this.bash.waitFor(10, TimeUnit.SECONDS)) {
			this.bash.destroyForcibly();
		}
	}

}
