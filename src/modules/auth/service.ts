// auth's face to other modules and to its routes: sign-up and verification (registration.ts),
// sessions and tokens (sessions.ts), the per-request access check (access.ts), password changes
// and resets (password-changes.ts), role changes, blocks and the start-up admin
// (account-access.ts). The account row itself is users'; auth reaches it only through users' service.
export { hashPassword, verifyPassword } from './password';
export { IP_MAX_LOGIN_FAILURES } from './throttle';
export { checkAccess, forgetAccessState } from './access';
export { blockUser, changeUserRole, ensureAdmin, unblockUser } from './account-access';
export { changePassword, requestPasswordReset, resetPassword } from './password-changes';
export { register, resendVerification, verifyEmail } from './registration';
export {
  login,
  logout,
  logoutEverywhere,
  refreshSession,
  revokeUserSessions,
  startSession,
  type AuthResult,
  type ClientMeta,
} from './sessions';
