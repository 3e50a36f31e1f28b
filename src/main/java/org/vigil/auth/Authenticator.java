package org.vigil.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.auth.CredentialRepository.Credential;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Turns a key into a {@link Caller}. Once warm a key costs no database round trip:
 * credentials are cached by key digest. Anything that changes what a token may do bumps a
 * shared epoch in the database; this instance drops its cache when its own change
 * commits, and every other instance when it next polls the epoch (every
 * {@code vigil.auth.epoch-poll}, default 1 s).
 */
@Service
public class Authenticator {

	private static final Logger log = LoggerFactory.getLogger(Authenticator.class);

	private final CredentialRepository credentials;

	private final Clock clock;

	private final AsyncCache<String, Optional<Credential>> cache;

	private volatile long epoch = Long.MIN_VALUE;

	Authenticator(CredentialRepository credentials, Clock clock) {
		this.credentials = credentials;
		this.clock = clock;
		this.cache = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(Duration.ofMinutes(10)).buildAsync();
	}

	public Optional<Caller> authenticate(String key) {
		byte[] digest = TokenKeys.sha256(key);
		return lookUp(TokenKeys.hex(digest)).filter((credential) -> TokenKeys.matches(digest, credential.digest()))
			.filter((credential) -> credential.validAt(this.clock.instant()))
			.map(Credential::caller);
	}

	/**
	 * The caller behind an {@code Authorization} header as of now, for a connection that
	 * outlives its request (the event stream): empty once the key is revoked or expired
	 * or its user inactive.
	 */
	public Optional<Caller> authenticateHeader(String header) {
		return TokenAuthenticationFilter.keyIn(header).flatMap(this::authenticate);
	}

	/**
	 * From the cache, or else from the database by the first caller, in its own thread;
	 * callers of the same key meanwhile share its answer, or its failure. (A synchronous
	 * cache would let each of them try again in turn: with the database not answering,
	 * the last would wait for all.)
	 */
	private Optional<Credential> lookUp(String digest) {
		CompletableFuture<Optional<Credential>> mine = new CompletableFuture<>();
		CompletableFuture<Optional<Credential>> shared = this.cache.get(digest, (k, executor) -> mine);
		if (shared == mine) {
			try {
				mine.complete(this.credentials.findByDigest(digest));
			}
			catch (RuntimeException | Error ex) {
				mine.completeExceptionally(ex);
			}
		}
		try {
			return shared.join();
		}
		catch (CompletionException ex) {
			throw (ex.getCause() instanceof RuntimeException cause) ? cause : ex;
		}
	}

	/**
	 * Called by {@link CredentialWrites} inside the transaction that revokes a token or
	 * changes a user's flags or roles: the change is visible to this instance as soon as
	 * it commits, and to the others within a poll.
	 */
	void changed() {
		this.credentials.bumpEpoch();
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					Authenticator.this.cache.synchronous().invalidateAll();
				}
			});
		}
		else {
			this.cache.synchronous().invalidateAll();
		}
	}

	@Scheduled(fixedDelayString = "${vigil.auth.epoch-poll:1s}")
	void pollEpoch() {
		try {
			long current = this.credentials.epoch();
			if (current != this.epoch) {
				this.cache.synchronous().invalidateAll();
				this.epoch = current;
			}
		}
		catch (RuntimeException ex) {
			// Nothing can be trusted while the database is away: forget, and look up
			// again later.
			this.cache.synchronous().invalidateAll();
			this.epoch = Long.MIN_VALUE;
			log.debug("Auth epoch poll failed: {}", ex.getMessage());
		}
	}

}
