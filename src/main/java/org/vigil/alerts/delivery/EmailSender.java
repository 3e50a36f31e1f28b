package org.vigil.alerts.delivery;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Properties;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.vigil.alerts.AlertProperties;
import org.vigil.web.Uuids;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;

/**
 * Email deliveries through Spring Boot's mail sender ({@code spring.mail.*}): plain text,
 * one message to all the channel's recipients, with the SMTP server's reply as the
 * outcome. Connect, read and write times are bounded by {@code vigil.notify}'s timeouts
 * unless {@code spring.mail.properties.mail.smtp.*timeout} says otherwise.
 */
class EmailSender {

	private final ObjectProvider<JavaMailSender> mail;

	private final AlertProperties properties;

	EmailSender(ObjectProvider<JavaMailSender> mail, AlertProperties properties) {
		this.mail = mail;
		this.properties = properties;
		if (mail.getIfAvailable() instanceof JavaMailSenderImpl sender) {
			Properties settings = sender.getJavaMailProperties();
			for (String protocol : List.of("smtp", "smtps")) {
				String prefix = "mail." + protocol + ".";
				settings.putIfAbsent(prefix + "connectiontimeout",
						Long.toString(properties.connectTimeout().toMillis()));
				settings.putIfAbsent(prefix + "timeout", Long.toString(properties.readTimeout().toMillis()));
				settings.putIfAbsent(prefix + "writetimeout", Long.toString(properties.readTimeout().toMillis()));
			}
			sender.setJavaMailProperties(settings);
		}
	}

	Outcome send(Message message) {
		JavaMailSender sender = this.mail.getIfAvailable();
		if (sender == null) {
			return Outcome.failed("email is not configured", 0,
					"Set spring.mail.host (SPRING_MAIL_HOST) to the SMTP server that is to send alert emails.");
		}
		List<String> recipients = message.channel().recipients();
		if (recipients.isEmpty()) {
			return Outcome.failed("no recipients", 0, "The channel has no email addresses.");
		}
		long start = System.nanoTime();
		try {
			MimeMessage mime = sender.createMimeMessage();
			MimeMessageHelper helper = new MimeMessageHelper(mime, "UTF-8");
			helper.setFrom(this.properties.emailFrom());
			helper.setTo(recipients.toArray(String[]::new));
			helper.setSubject(MessageTexts.emailSubject(message));
			helper.setText(MessageTexts.emailBody(message));
			helper.getMimeMessage().setHeader("X-Vigil-Delivery", Uuids.hex(message.delivery()));
			String reply = (sender instanceof JavaMailSenderImpl impl) ? sendReturningReply(impl, mime)
					: sendThrough(sender, mime);
			return new Outcome(true, reply, null, millisSince(start), null);
		}
		catch (MessagingException | MailException ex) {
			return failure(ex, millisSince(start));
		}
	}

	/**
	 * JavaMailSenderImpl's own steps (its session, host, port and credentials), keeping
	 * the transport long enough to read the server's reply to the message.
	 */
	private static String sendReturningReply(JavaMailSenderImpl sender, MimeMessage mime) throws MessagingException {
		String protocol = (sender.getProtocol() != null) ? sender.getProtocol() : "smtp";
		Transport transport = sender.getSession().getTransport(protocol);
		transport.connect(sender.getHost(), sender.getPort(), sender.getUsername(), sender.getPassword());
		try {
			mime.saveChanges();
			transport.sendMessage(mime, mime.getAllRecipients());
			String reply = (transport instanceof SMTPTransport smtp) ? smtp.getLastServerResponse() : null;
			return (reply != null && !reply.isBlank()) ? reply : "accepted";
		}
		finally {
			transport.close();
		}
	}

	private static String sendThrough(JavaMailSender sender, MimeMessage mime) {
		sender.send(mime);
		return "accepted";
	}

	private static Outcome failure(Exception ex, int latency) {
		Throwable smtp = find(ex, SMTPSendFailedException.class);
		if (smtp == null) {
			smtp = find(ex, SMTPAddressFailedException.class);
		}
		if (smtp != null) {
			return Outcome.failed(smtp.getMessage(), latency, smtp.getMessage());
		}
		String what;
		if (find(ex, AuthenticationFailedException.class) != null) {
			what = "SMTP authentication failed";
		}
		else if (find(ex, SocketTimeoutException.class) != null) {
			what = Outcome.TIMEOUT;
		}
		else if (find(ex, ConnectException.class) != null) {
			what = Outcome.REFUSED;
		}
		else if (find(ex, UnknownHostException.class) != null) {
			what = Outcome.UNRESOLVABLE;
		}
		else {
			what = "SMTP error";
		}
		return Outcome.failed(what, latency, ex.getMessage());
	}

	private static Throwable find(Throwable ex, Class<? extends Throwable> type) {
		for (Throwable t = ex; t != null; t = (t.getCause() != t) ? t.getCause() : null) {
			if (type.isInstance(t)) {
				return t;
			}
			if (t instanceof MessagingException messaging && messaging.getNextException() != null
					&& type.isInstance(messaging.getNextException())) {
				return messaging.getNextException();
			}
		}
		return null;
	}

	private static int millisSince(long start) {
		return (int) Math.min(Integer.MAX_VALUE, (System.nanoTime() - start) / 1_000_000);
	}

}
