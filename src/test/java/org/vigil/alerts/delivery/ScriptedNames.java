package org.vigil.alerts.delivery;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A name service that answers as a test tells it: each name a sequence of answers, the
 * last repeated, as a hostile DNS server would rebind a name between two lookups. Address
 * literals are their own answer; any other name is unknown. It counts lookups per name.
 */
final class ScriptedNames implements NameLookup {

	private final Map<String, Deque<InetAddress[]>> answers = new ConcurrentHashMap<>();

	private final Map<String, AtomicInteger> lookups = new ConcurrentHashMap<>();

	/** {@code host} answers each of {@code addresses} in turn, then the last for ever. */
	void answer(String host, String... addresses) {
		Deque<InetAddress[]> script = new ArrayDeque<>();
		for (String address : addresses) {
			script.add(new InetAddress[] { literal(address) });
		}
		this.answers.put(key(host), script);
		this.lookups.remove(key(host));
	}

	/** {@code host} answers all of {@code addresses} at once, every time. */
	void answerAll(String host, List<String> addresses) {
		Deque<InetAddress[]> script = new ArrayDeque<>();
		script.add(addresses.stream().map(ScriptedNames::literal).toArray(InetAddress[]::new));
		this.answers.put(key(host), script);
	}

	int lookups(String host) {
		AtomicInteger count = this.lookups.get(key(host));
		return (count != null) ? count.get() : 0;
	}

	@Override
	public InetAddress[] lookup(String host) throws UnknownHostException {
		this.lookups.computeIfAbsent(key(host), (k) -> new AtomicInteger()).incrementAndGet();
		if (host.matches("[0-9.]+") || host.contains(":")) {
			return InetAddress.getAllByName(host);
		}
		Deque<InetAddress[]> script = this.answers.get(key(host));
		if (script == null) {
			throw new UnknownHostException(host);
		}
		synchronized (script) {
			return (script.size() > 1) ? script.pollFirst() : script.peekFirst();
		}
	}

	private static String key(String host) {
		return host.toLowerCase(Locale.ROOT);
	}

	private static InetAddress literal(String address) {
		try {
			return InetAddress.getByName(address);
		}
		catch (UnknownHostException ex) {
			throw new IllegalArgumentException(address, ex);
		}
	}

}
