package org.vigil.alerts;

import java.time.Clock;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/**
 * Sends a message the way its channel's kind says. Never throws for what a receiver does:
 * every failure is an {@link Outcome}.
 */
@Component
class Senders implements DisposableBean {

	private final HttpSender http;

	private final EmailSender email;

	Senders(JsonMapper json, ObjectProvider<JavaMailSender> mail, AlertProperties properties, NameLookup lookup,
			Clock clock) {
		this.http = new HttpSender(json, properties, lookup, clock);
		this.email = new EmailSender(mail, properties);
	}

	Outcome send(Message message) {
		return switch (message.channel().kind()) {
			case Channel.WEBHOOK -> this.http.webhook(message);
			case Channel.SLACK -> this.http.slack(message);
			case Channel.EMAIL -> this.email.send(message);
			default -> Outcome.failed("unknown channel kind", 0, "Unknown channel kind " + message.channel().kind());
		};
	}

	@Override
	public void destroy() {
		this.http.close();
	}

}
