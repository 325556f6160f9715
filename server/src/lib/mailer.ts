/**
 * Outgoing mail through SMTP (`SMTP_URL`, nodemailer). Without SMTP_URL nothing is sent and
 * `enabled` is false: in-app notifications still work.
 */
import nodemailer from 'nodemailer';

export interface Mail {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

export interface Mailer {
  enabled: boolean;
  send(mail: Mail): Promise<void>;
  close(): void;
}

const transports = new Map<string, nodemailer.Transporter>();

/** One pooled transport per SMTP URL, shared by every caller in the process. */
export function mailerFor(config: { smtpUrl: string | undefined; appUrl: string }): Mailer {
  const url = config.smtpUrl;
  if (!url) return { enabled: false, send: async () => undefined, close: () => undefined };
  let transport = transports.get(url);
  if (!transport) {
    transport = nodemailer.createTransport(url);
    transports.set(url, transport);
  }
  const from = `Sotong <no-reply@${new URL(config.appUrl).hostname || 'sotong.local'}>`;
  const t = transport;
  return {
    enabled: true,
    async send(mail) {
      await t.sendMail({ from, ...mail });
    },
    close() {
      t.close();
      transports.delete(url);
    },
  };
}
