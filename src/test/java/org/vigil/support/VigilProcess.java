package org.vigil.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.awaitility.core.ConditionTimeoutException;
import org.vigil.VigilApplication;

/**
 * Vigil in a JVM of its own, started as an operator starts it (no test profile), so that
 * a test can {@link #kill()} it as {@code kill -9} does and {@link #restart()} it on the
 * same data. It runs in the given directory, so the embedded default database is
 * {@code <directory>/data/}. Each start's output goes to
 * {@code target/vigil-process/<name>-<start>.log}.
 */
public final class VigilProcess implements AutoCloseable {

	private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

	private static final Path LOGS = Path.of("target", "vigil-process");

	private final String name;

	private final Path directory;

	private final Map<String, String> settings;

	private final Map<String, String> environment;

	private Process process;

	private int port;

	private int starts;

	private VigilProcess(String name, Path directory, Map<String, String> settings, Map<String, String> environment) {
		this.name = name;
		this.directory = directory;
		this.settings = Map.copyOf(settings);
		this.environment = Map.copyOf(environment);
	}

	/**
	 * Starts Vigil with these settings (as {@code --key=value}) and waits until it is
	 * ready.
	 */
	public static VigilProcess start(String name, Path directory, Map<String, String> settings) {
		return start(name, directory, settings, Map.of());
	}

	/**
	 * Starts Vigil with these settings and these environment variables (as an operator's
	 * {@code VIGIL_...=value java -jar}) and waits until it is ready.
	 */
	public static VigilProcess start(String name, Path directory, Map<String, String> settings,
			Map<String, String> environment) {
		VigilProcess vigil = new VigilProcess(name, directory, settings, environment);
		vigil.launch();
		return vigil;
	}

	/** The HTTP port of the latest start. */
	public int port() {
		return this.port;
	}

	public Api api() {
		return new Api(this.port);
	}

	public Fixtures fixtures(String adminKey) {
		return new Fixtures(api(), adminKey);
	}

	/** The output of the latest start. */
	public Path log() {
		return LOGS.resolve(this.name + "-" + this.starts + ".log");
	}

	/**
	 * SIGKILL on Linux, as {@code kill -9}: no shutdown hook, no graceful shutdown,
	 * nothing flushed.
	 */
	public void kill() throws InterruptedException {
		this.process.destroyForcibly();
		if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
			throw new IllegalStateException("Vigil (pid " + this.process.pid() + ") did not die");
		}
	}

	/**
	 * Starts again, with the same settings in the same directory, and waits until it is
	 * ready.
	 */
	public void restart() {
		if (this.process.isAlive()) {
			throw new IllegalStateException("Vigil is still running");
		}
		launch();
	}

	private void launch() {
		this.starts++;
		this.port = freePort();
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
						// Ready in 11-13 s instead of 16-29 s on a busy 2-core machine;
						// these tests are not about speed.
						"-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
						// Under surefire the class path is its booter jar, whose manifest
						// lists the real one.
						"-cp", System.getProperty("java.class.path"), VigilApplication.class.getName(),
						"--server.port=" + this.port));
		this.settings.forEach((key, value) -> command.add("--" + key + "=" + value));
		ProcessBuilder builder = new ProcessBuilder(command).directory(this.directory.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log().toFile());
		// Only the given settings count, not whatever the developer's shell exports.
		builder.environment()
			.keySet()
			.removeIf((key) -> key.startsWith("SPRING_") || key.startsWith("VIGIL_") || key.equals("SERVER_PORT"));
		builder.environment().putAll(this.environment);
		try {
			Files.createDirectories(LOGS);
			this.process = builder.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		awaitReady();
	}

	private void awaitReady() {
		Api api = api();
		try {
			Await.atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> {
				if (!this.process.isAlive()) {
					throw new IllegalStateException(
							"Vigil exited with " + this.process.exitValue() + " while starting; see " + log());
				}
				try {
					return api.get("/actuator/health/readiness", null).status() == 200;
				}
				catch (UncheckedIOException ex) {
					return false; // not listening yet
				}
			});
		}
		catch (ConditionTimeoutException ex) {
			this.process.destroyForcibly();
			throw new IllegalStateException("Vigil was not ready within " + START_TIMEOUT + "; see " + log());
		}
	}

	/** Graceful stop (SIGTERM), as an operator would; SIGKILL if that takes too long. */
	@Override
	public void close() throws InterruptedException {
		if (this.process.isAlive()) {
			this.process.destroy();
			if (!this.process.waitFor(60, TimeUnit.SECONDS)) {
				kill();
			}
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
