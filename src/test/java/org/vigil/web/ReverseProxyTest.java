package org.vigil.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.support.ApiTest;
import org.vigil.support.OneStore;
import org.vigil.support.Await;

import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Vigil behind Debian's nginx with TLS terminating at the proxy, configured by the very
 * server block of deploy/nginx.conf (only its port, certificate and upstream are
 * changed): links name the proxy's https address, check-ins pass, a client cannot choose
 * the address the failed-authentication limit counts nor the host of the links, and
 * browsers are told to use https only (HSTS). Needs nginx and openssl; skips without them
 * unless {@code VIGIL_PROXY_TESTS=required} (as in CI).
 */
@OneStore
class ReverseProxyTest extends ApiTest {

	@LocalServerPort
	private int vigilPort;

	@TempDir
	private Path dir;

	private Process nginx;

	private int proxyPort;

	private HttpClient https;

	@BeforeEach
	void startNginx() throws Exception {
		requireTools();
		this.proxyPort = freePort();
		run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
				"-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout",
				this.dir.resolve("vigil.key").toString(), "-out", this.dir.resolve("vigil.pem").toString());
		String server = Files.readString(Path.of("deploy", "nginx.conf"))
			.replace("listen 443 ssl;", "listen 127.0.0.1:" + this.proxyPort + " ssl;")
			.replace("listen [::]:443 ssl;", "")
			.replace("/etc/ssl/certs/vigil.pem", this.dir.resolve("vigil.pem").toString())
			.replace("/etc/ssl/private/vigil.key", this.dir.resolve("vigil.key").toString())
			.replace("http://127.0.0.1:8080", "http://127.0.0.1:" + this.vigilPort);
		assertThat(server).contains("127.0.0.1:" + this.vigilPort).contains(this.dir.resolve("vigil.pem").toString());
		Files.writeString(this.dir.resolve("server.conf"), server);
		String temp = this.dir.resolve("tmp").toString();
		Files.writeString(this.dir.resolve("nginx.conf"), """
				daemon off;
				pid %1$s/nginx.pid;
				error_log %1$s/error.log warn;
				events { worker_connections 64; }
				http {
				    access_log off;
				    client_body_temp_path %2$s/body;
				    proxy_temp_path %2$s/proxy;
				    fastcgi_temp_path %2$s/fastcgi;
				    uwsgi_temp_path %2$s/uwsgi;
				    scgi_temp_path %2$s/scgi;
				    include %1$s/server.conf;
				}
				""".formatted(this.dir, temp));
		Files.createDirectories(Path.of(temp));
		this.nginx = new ProcessBuilder(which("nginx"), "-p", this.dir.toString(), "-c",
				this.dir.resolve("nginx.conf").toString())
			.redirectErrorStream(true)
			.redirectOutput(this.dir.resolve("nginx.out").toFile())
			.start();
		this.https = HttpClient.newBuilder()
			.sslContext(trusting(this.dir.resolve("vigil.pem")))
			.connectTimeout(Duration.ofSeconds(5))
			.build();
		Await.atMost(Duration.ofSeconds(5)).alias("nginx listens on " + this.proxyPort).until(() -> {
			try (Socket socket = new Socket("127.0.0.1", this.proxyPort)) {
				return true;
			}
			catch (IOException notYet) {
				if (!this.nginx.isAlive()) {
					fail("nginx did not start: " + Files.readString(this.dir.resolve("nginx.out")));
				}
				return false;
			}
		});
	}

	@AfterEach
	void stopNginx() throws InterruptedException {
		if (this.nginx != null) {
			this.nginx.destroy();
			this.nginx.waitFor(10, TimeUnit.SECONDS);
		}
	}

	@Test
	void linksNameTheProxysHttpsAddress() throws Exception {
		String customer = this.fixtures.customer("Acme");
		this.fixtures.offering(customer, "HPC");
		this.fixtures.offering(customer, "Cloud");
		HttpResponse<String> offerings = get("/api/marketplace-provider-offerings/?page_size=1", ADMIN);
		assertThat(offerings.statusCode()).isEqualTo(200);
		String base = "https://localhost:" + this.proxyPort + "/";
		assertThat(offerings.headers().firstValue("Link")).hasValueSatisfying((link) -> assertThat(link)
			.contains("<" + base + "api/marketplace-provider-offerings/?page=2&page_size=1>; rel=\"next\""));
		assertThat(offerings.body()).contains("\"url\":\"" + base + "api/marketplace-provider-offerings/");
		assertThat(offerings.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
	}

	@Test
	void browsersAreToldToComeBackOverHttpsOnly() throws Exception {
		for (HttpResponse<String> answer : List.of(get("/api/customers/", ADMIN), get("/api/customers/", "wrong-key"),
				get("/no-such-page", ADMIN))) {
			assertThat(answer.headers().firstValue("Strict-Transport-Security")).as(answer.uri().getPath())
				.hasValueSatisfying((hsts) -> assertThat(hsts).matches("max-age=(\\d+).*")
					.satisfies((value) -> assertThat(Long.parseLong(value.replaceAll("max-age=(\\d+).*", "$1")))
						.as("at least half a year")
						.isGreaterThanOrEqualTo(15_768_000L)));
		}
	}

	@Test
	void forwardingHeadersAClientSendsDoNotNameTheLinks() throws Exception {
		String customer = this.fixtures.customer("Acme");
		HttpResponse<String> detail = this.https.send(HttpRequest
			.newBuilder(URI.create("https://localhost:" + this.proxyPort + "/api/customers/" + customer + "/"))
			.header("Authorization", "Token " + ADMIN)
			.header("X-Forwarded-Host", "evil.example")
			.header("X-Forwarded-Proto", "http")
			.header("X-Forwarded-Port", "81")
			.header("Forwarded", "host=evil.example;proto=http")
			.timeout(Duration.ofSeconds(10))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(detail.statusCode()).isEqualTo(200);
		assertThat(detail.body())
			.contains("\"url\":\"https://localhost:" + this.proxyPort + "/api/customers/" + customer + "/\"")
			.doesNotContain("evil.example");
	}

	@Test
	void aCheckInThroughTheProxyIsRecorded() throws Exception {
		String offering = this.fixtures.offering(this.fixtures.customer("Acme"), "HPC");
		HttpResponse<String> checkIn = this.https.send(HttpRequest
			.newBuilder(URI
				.create("https://localhost:" + this.proxyPort + "/api/marketplace-integration-statuses/check_in/"))
			.header("Authorization", "Token " + ADMIN)
			.header("Content-Type", "application/json")
			.header("User-Agent", "waldur-site-agent-order_process/0.9")
			.POST(HttpRequest.BodyPublishers
				.ofString("{\"offering_uuid\": \"" + offering + "\", \"agent_type\": \"Order processing\"}"))
			.timeout(Duration.ofSeconds(10))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(checkIn.statusCode()).isEqualTo(200);
		assertThat(checkIn.body()).contains("\"status\":\"Active\"").contains("waldur-site-agent-order_process/0.9");
	}

	@Test
	void aClientCannotChooseTheAddressTheFailureLimitCounts() throws Exception {
		// Every request claims other addresses, in both headers; the proxy replaces
		// X-Forwarded-For with the real one and drops Forwarded, so the limit (20
		// failures a window) still applies.
		int limited = 0;
		for (int i = 0; i < 25; i++) {
			HttpResponse<String> answer = this.https
				.send(HttpRequest.newBuilder(URI.create("https://localhost:" + this.proxyPort + "/api/customers/"))
					.header("Authorization", "Token wrong-key-" + i)
					.header("X-Forwarded-For", "198.51.100." + i)
					.header("Forwarded", "for=203.0.113." + i)
					.timeout(Duration.ofSeconds(10))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(answer.statusCode()).isIn(401, 429);
			if (answer.statusCode() == 429) {
				limited++;
			}
		}
		assertThat(limited).isGreaterThan(0);
		// A valid key is not slowed by the failures of its address.
		assertThat(get("/api/customers/", ADMIN).statusCode()).isEqualTo(200);
	}

	private HttpResponse<String> get(String path, String token) throws Exception {
		return this.https.send(HttpRequest.newBuilder(URI.create("https://localhost:" + this.proxyPort + path))
			.header("Authorization", "Token " + token)
			.timeout(Duration.ofSeconds(10))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static SSLContext trusting(Path pem) throws Exception {
		KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
		trust.load(null, null);
		try (InputStream in = Files.newInputStream(pem)) {
			trust.setCertificateEntry("vigil", CertificateFactory.getInstance("X.509").generateCertificate(in));
		}
		TrustManagerFactory managers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		managers.init(trust);
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(null, managers.getTrustManagers(), null);
		return context;
	}

	private static void requireTools() {
		List<String> missing = List.of("nginx", "openssl").stream().filter((tool) -> which(tool) == null).toList();
		if (missing.isEmpty()) {
			return;
		}
		String why = "reverse-proxy test skipped: " + String.join(" and ", missing)
				+ " not installed (apt-get install nginx openssl)";
		if ("required".equals(System.getenv("VIGIL_PROXY_TESTS"))) {
			fail("VIGIL_PROXY_TESTS=required but " + why);
		}
		Assumptions.abort(why);
	}

	/**
	 * The tool's path, looking in /usr/sbin too (nginx lives there, often off a user's
	 * PATH).
	 */
	private static String which(String tool) {
		for (String dir : (System.getenv().getOrDefault("PATH", "") + ":/usr/sbin").split(":")) {
			if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
				return Path.of(dir, tool).toString();
			}
		}
		return null;
	}

	private static void run(String... command) throws Exception {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes());
		if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
			fail(String.join(" ", command) + " failed: " + output);
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
