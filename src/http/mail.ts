/**
 * Outgoing e-mail, as infrastructure (it knows no feature): the `MailSender` every feature is given, the default
 * that writes each message to the log, and an SMTP sender (nodemailer) configured by SMTP_URL and MAIL_FROM.
 */
import { createRequire } from 'node:module';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** Extra headers (e.g. List-Unsubscribe); names as sent. */
  headers?: Record<string, string>;
  /** The message's language (Content-Language). */
  lang?: string;
}

/** Delivers one message; throws when it could not be handed over (the caller decides what that undoes). */
export type MailSender = (message: MailMessage) => Promise<void>;

/** The default without SMTP_URL: the message goes to the log, nothing is sent. */
export const logMailSender: MailSender = async (m) => {
  console.log(`[mail] to ${m.to}: ${m.subject}\n${m.text}`);
  return Promise.resolve();
};

export interface SmtpOptions {
  /** smtp://host:port, smtps://host:port, with user:password@ when the server asks for them. */
  url: string;
  /** The From address (MAIL_FROM). */
  from: string;
  /** false: never upgrade with STARTTLS (a local test server); default true when the server offers it. */
  starttls?: boolean;
}

/** An SMTP sender: one pooled nodemailer transport, closed by `close()`. */
export function smtpMailSender(opts: SmtpOptions): MailSender & { close(): void } {
  // nodemailer is loaded only when SMTP is configured: a server that writes its mail to the log never imports it.
  const nodemailer = createRequire(import.meta.url)('nodemailer') as typeof import('nodemailer');
  const transport = nodemailer.createTransport({
    url: opts.url,
    ...(opts.starttls === false ? { ignoreTLS: true } : {}),
  });
  const send = async (m: MailMessage) => {
    await transport.sendMail({
      from: opts.from,
      to: m.to,
      subject: m.subject,
      text: m.text,
      headers: { ...(m.lang ? { 'Content-Language': m.lang } : {}), ...(m.headers ?? {}) },
    });
  };
  return Object.assign(send, { close: () => transport.close() });
}

/** The sender the configuration asks for: SMTP when SMTP_URL is set, else the log. */
export function mailSenderOf(config: { smtpUrl: string | null; mailFrom: string }): MailSender {
  return config.smtpUrl ? smtpMailSender({ url: config.smtpUrl, from: config.mailFrom }) : logMailSender;
}
