import nodemailer from 'nodemailer';
import type { Transporter } from 'nodemailer';

/** One e-mail as the reminder digests write it: plain text with an HTML alternative. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** What the digests need from e-mail: send one message, or throw when the SMTP server refuses it. */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
  close(): void;
}

/** A Mailer on a nodemailer transport (tests pass one pointing at their own SMTP server). */
export function transportMailer(transport: Transporter, from: string): Mailer {
  return {
    async send(message) {
      await transport.sendMail({ from, ...message });
    },
    close: () => transport.close(),
  };
}

/**
 * A Mailer for CLAUSEWRIGHT_SMTP_URL, e.g. smtp://user:pass@host:587 or smtps://host:465. Shorter
 * timeouts than nodemailer's (2 and 10 minutes): a stalled SMTP server must not hold the hourly
 * job, nor a shutdown waiting for it, for long. The URL's own query (?socketTimeout=…) still wins.
 */
export const smtpMailer = (url: string, from: string): Mailer =>
  transportMailer(nodemailer.createTransport({ url, connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000 }), from);
