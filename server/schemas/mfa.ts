import { z } from 'zod';
import { ROLES } from './user.ts';

const challenge = z.string().trim().min(1).max(100).describe('The challenge from POST /api/auth/login');
/** Six digits from the app, or a recovery code (16 characters, dashes and spaces ignored). */
const code = z.string().trim().min(1).max(40).describe('Six-digit code from the authenticator app, or a recovery code');
const password = z.string().min(1).max(1024).describe('Your password');

export const MfaChallengeSchema = z.object({ challenge, code }).strict();
export const MfaEnrolmentStartSchema = z.object({ challenge }).strict();
export const MfaCodeSchema = z.object({ code: code.describe('Six-digit code from the authenticator app') }).strict();
export const MfaPasswordAndCodeSchema = z.object({ password, code }).strict();

export const MfaPolicySchema = z.object({ requiredRoles: z.array(z.enum(ROLES)).max(ROLES.length).describe('Roles whose users must use a second factor') }).strict();

export const NewAuthenticatorSchema = z.object({
  secret: z.string().describe('Base32 secret, for typing into the app; shown once'),
  otpauthUri: z.string(),
  qrCode: z.string().describe('The otpauth URI as an SVG QR code (data: URL)'),
});

export const MfaStatusSchema = z.object({
  enabled: z.boolean(),
  enabledAt: z.string().nullable(),
  recoveryCodesLeft: z.number().int(),
  requiredForRole: z.boolean(),
});

export const RecoveryCodesSchema = z.object({ recoveryCodes: z.array(z.string()).describe('Ten single-use codes, shown once') });
