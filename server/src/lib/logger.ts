import { type Logger, pino } from 'pino';

/** Paths whose values never reach a log line. */
export const redactPaths = [
  'password',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.passwordHash',
  '*.token',
  '*.secret',
  '*.accessToken',
  '*.refreshToken',
  '*.credentials',
  '*.codeVerifier',
  '*.access_token',
  '*.refresh_token',
  '*.client_secret',
  '*.code_verifier',
  'req.query.code',
  'req.query.state',
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
];

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      base: { service: 'sotong' },
      redact: { paths: redactPaths, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination as pino.DestinationStream | undefined,
  );
}

export type { Logger };
