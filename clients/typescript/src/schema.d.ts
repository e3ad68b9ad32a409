/**
 * Generated from the Bazaar OpenAPI document by `npm run client:generate`. Do not edit.
 */

export interface paths {
    "/health/live": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The process is running */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            status: "ok" | "unavailable";
                            checks?: {
                                [key: string]: "up" | "down";
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The database (and Redis, when configured) answer */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            status: "ok" | "unavailable";
                            checks?: {
                                [key: string]: "up" | "down";
                            };
                        };
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            status: "ok" | "unavailable";
                            checks?: {
                                [key: string]: "up" | "down";
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Prometheus metrics (text exposition format) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/plain": string;
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/register": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create an account
         * @description Creates a CUSTOMER account and emails a 6-digit verification code (valid 10 minutes, 5 tries). Sign-in is refused (403 EMAIL_NOT_VERIFIED) until the email is verified. Unknown fields (e.g. `role`) → 400.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * Format: email
                         * @description Unique, compared case-insensitively
                         */
                        email: string;
                        /** @description 8–128 characters, not trivially weak */
                        password: string;
                        name: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["User"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED, see Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/verify-email": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Verify the email address with the mailed code
         * @description Wrong code → 400 INVALID_CODE; expired code, or the 5th wrong try → 400 CODE_EXPIRED (request a new one). Verifying an already verified address is a no-op (200).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: email */
                        email: string;
                        code: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["User"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED, see Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/resend-verification": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Mail a new verification code
         * @description Always 202, whether or not the account exists or is already verified.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: email */
                        email: string;
                    };
                };
            };
            responses: {
                /** @description Accepted (always, whether or not the account exists) */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: null;
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED, see Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign in with email and password
         * @description Returns an access token and a refresh token (also set as an HttpOnly cookie). Unknown email and wrong password both answer 401. 403 EMAIL_NOT_VERIFIED before verification; 423 ACCOUNT_BLOCKED while blocked (the until time is in the message, `error.details[0].message` and Retry-After); 429 RATE_LIMITED with Retry-After after LOGIN_MAX_FAILURES failures for the account, or 100 from the IP address, within LOGIN_WINDOW.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: email */
                        email: string;
                        password: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["AuthResult"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Account blocked */
                423: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED, see Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Rotate the refresh token
         * @description Takes `refreshToken` from the body, else from the cookie, and returns a new pair; the old refresh token is dead. Presenting a dead (already used) refresh token revokes that whole session and answers 401, so clients must not refresh concurrently with the same token: exactly one of concurrent refreshes succeeds.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Optional when the refresh-token cookie is sent (browsers); required otherwise (mobile) */
                        refreshToken?: string;
                    } | null;
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["AuthResult"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Account blocked */
                423: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED, see Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign out of one session
         * @description Revokes the session of the refresh token given in the body or cookie, else the session of the access token.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Optional when the refresh-token cookie is sent (browsers); required otherwise (mobile) */
                        refreshToken?: string;
                    } | null;
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: null;
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/logout-all": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign out of every session
         * @description Revokes every session (refresh token family) of the caller, including this one.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: {
                                revokedSessions: number;
                            };
                        };
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/forgot-password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Mail a password reset token
         * @description Always 202 with the same body, in about the same time, whether or not the account exists. The mail contains `${APP_URL}/reset-password?token=<token>` and the raw token (single use, 15 minutes).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: email */
                        email: string;
                    };
                };
            };
            responses: {
                /** @description Accepted (always, whether or not the account exists) */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: null;
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED, see Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/reset-password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Set a new password with a reset token
         * @description Consumes the token (single use, 15 minutes; otherwise 400 INVALID_TOKEN), sets the password, verifies the email if needed and revokes every session.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description The token from the reset email */
                        token: string;
                        password: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: null;
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED, see Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/google": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Sign in with Google (OpenID Connect)
         * @description Redirects (302) to the provider at GOOGLE_ISSUER_URL with an authorization code request (PKCE S256, state, nonce). The state is also set as an HttpOnly cookie; the provider sends the browser back to /auth/google/callback on this host. 503 when Google sign-in is not configured.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Redirect to the provider (Location header) */
                302: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Too many requests (RATE_LIMITED, see Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A dependency is unavailable */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/google/callback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Finish signing in with Google
         * @description Checks state (query, cookie and a pending sign-in must agree; each is used once), exchanges the code with the PKCE verifier and validates the ID token (signature, issuer, audience, nonce). Signs in the account linked to this Google account, else links the account with the same email (Google must report it verified), else creates a verified CUSTOMER. Returns tokens like /auth/login (and sets the refresh cookie). 400 INVALID_STATE / GOOGLE_SIGN_IN_FAILED, 403 GOOGLE_EMAIL_NOT_VERIFIED, 423 ACCOUNT_BLOCKED.
         */
        get: {
            parameters: {
                query?: {
                    code?: string;
                    state?: string;
                    error?: string;
                    error_description?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["AuthResult"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Account blocked */
                423: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED, see Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A dependency is unavailable */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** My profile */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["User"];
                        };
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Account blocked */
                423: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Update my profile
         * @description Name, phone and avatar only; `null` clears phone or avatar. Any other field → 400.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            /** @description Only name, phone and avatar; email and role cannot be changed here (unknown fields → 400) */
            requestBody: {
                content: {
                    "application/json": {
                        name?: string;
                        phone?: string | null;
                        avatar?: string | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["User"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Account blocked */
                423: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/users/me/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Change my password
         * @description Wrong current password → 400 INVALID_CURRENT_PASSWORD (counts towards login throttling, 429 after too many). On success every session, this one included, is revoked: sign in again.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        currentPassword: string;
                        newPassword: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: null;
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Account blocked */
                423: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED, see Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/me/addresses": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * My addresses
         * @description The default address first, then newest first.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["Address"][];
                        };
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Account blocked */
                423: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Add an address
         * @description The first address becomes the default; `isDefault: true` moves the default here. At most 50 addresses.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        fullName: string;
                        line1: string;
                        line2?: string | null;
                        city: string;
                        state?: string | null;
                        postalCode: string;
                        /** @description ISO 3166-1 alpha-2, e.g. IN, US (case-insensitive on input, upper case on output) */
                        country: string;
                        phone?: string | null;
                        /** @description The first address is always the default */
                        isDefault?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["Address"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Account blocked */
                423: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/me/addresses/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One of my addresses */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["Address"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Account blocked */
                423: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /**
         * Delete one of my addresses
         * @description Deleting the default makes the newest remaining address the default.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: null;
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Account blocked */
                423: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /**
         * Update one of my addresses
         * @description Another user's address answers 404.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        fullName?: string;
                        line1?: string;
                        line2?: string | null;
                        city?: string;
                        state?: string | null;
                        postalCode?: string;
                        /** @description ISO 3166-1 alpha-2, e.g. IN, US (case-insensitive on input, upper case on output) */
                        country?: string;
                        phone?: string | null;
                        /** @description The first address is always the default */
                        isDefault?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["Address"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Account blocked */
                423: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/admin/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List users
         * @description Search by email or name (`searchTerm`), filter by `role` and `status`, paginated.
         */
        get: {
            parameters: {
                query?: {
                    page?: number;
                    limit?: number;
                    /** @description Matches email or name (case-insensitive) */
                    searchTerm?: string;
                    role?: "CUSTOMER" | "ADMIN";
                    /** @description BLOCKED while a block is in force, else UNVERIFIED until the email is verified, else ACTIVE */
                    status?: "ACTIVE" | "UNVERIFIED" | "BLOCKED";
                    sortBy?: "createdAt" | "email" | "name" | "lastLoginAt";
                    sortOrder?: "asc" | "desc";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["AdminUser"][];
                            meta: {
                                page: number;
                                limit: number;
                                total: number;
                                totalPages: number;
                            };
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/users/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One user */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["AdminUser"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change a user's role
         * @description The user's access tokens carrying the old role stop working at once (401; a refresh issues the new role). An admin cannot change their own role (409 CANNOT_MODIFY_SELF).
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        role?: "CUSTOMER" | "ADMIN";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["AdminUser"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/admin/users/{id}/block": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Block a user
         * @description Blocked until `until` (then unblocked automatically) or indefinitely. Every session is revoked and the user's access tokens answer 423 ACCOUNT_BLOCKED from the next request on.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description ISO 8601 time (or date, meaning 00:00 UTC) in the future; absent = blocked until unblocked */
                        until?: string;
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["AdminUser"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/users/{id}/unblock": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Unblock a user */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["AdminUser"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/products/{id}/images": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Upload product images
         * @description multipart/form-data with one or more `file` fields: JPEG, PNG, WebP or AVIF (checked by content), at most 5 MB each, 10 per request. WebP thumbnails (small 200 px, medium 600 px) are generated. Images are appended to the gallery; the first is the primary image.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["ProductImage"][];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body too large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unsupported media type */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/products/{id}/images/{imageId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete an image and its files */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    imageId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: null;
                        };
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /**
         * Reorder an image
         * @description Moves the image to `position` (0 makes it the primary image); returns the gallery in order.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    imageId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        position: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["ProductImage"][];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/admin/products/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Import products and variants from CSV
         * @description Send the CSV as a `text/csv` body or as the multipart field `file` (≤ 20 MB). One row per variant; columns: sku, product, name, description, category, brand, tags, status, currency, options, price, compareAtPrice, stock, lowStockThreshold, active (only `sku` is required; `options` is `Size=M|Color=Red`, `tags` is `a|b`, `category`/`brand` are slugs, `product` is the product slug grouping new rows). An existing SKU is updated; a new one is added to its product or creates it. `stock` is absolute, recorded as an IMPORT movement. `mode=per-row` (default) applies the good rows and reports the others; `mode=all-or-nothing` applies nothing if any row fails (400 IMPORT_FAILED listing the rows).
         */
        post: {
            parameters: {
                query?: {
                    mode?: "per-row" | "all-or-nothing";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["ImportReport"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body too large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unsupported media type */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/products/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Export every variant as CSV (streamed)
         * @description Same columns as the import, so an export can be edited and imported back.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description text/csv */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/csv": string;
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/csv": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/csv": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/inventory/low-stock": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Variants at or under their low-stock threshold */
        get: {
            parameters: {
                query?: {
                    page?: number;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: {
                                /** Format: uuid */
                                variantId: string;
                                /** Format: uuid */
                                productId: string;
                                productName: string;
                                sku: string;
                                options: {
                                    [key: string]: string;
                                };
                                stock: number;
                                lowStockThreshold: number;
                            }[];
                            meta: {
                                page: number;
                                limit: number;
                                total: number;
                                totalPages: number;
                            };
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/categories": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Category tree
         * @description Every category, depth first (a parent comes before its children), with `parentId`, `depth` and the number of active products in it and its sub-categories.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["Category"][];
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create a category */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        slug?: string;
                        parentId?: string | null;
                        description?: string | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["Category"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/categories/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Delete a category
         * @description Its sub-categories move up to its parent; its products become uncategorised.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: null;
                        };
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Update a category */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name?: string;
                        slug?: string;
                        parentId?: string | null;
                        description?: string | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["Category"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/brands": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List brands */
        get: {
            parameters: {
                query?: {
                    page?: number;
                    limit?: number;
                    searchTerm?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["Brand"][];
                            meta: {
                                page: number;
                                limit: number;
                                total: number;
                                totalPages: number;
                            };
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Create a brand */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        slug?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["Brand"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/brands/{idOrSlug}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One brand by id or slug */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    idOrSlug: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["Brand"];
                        };
                    };
                };
                /** @description Not found (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/brands/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete a brand */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: null;
                        };
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Update a brand */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name?: string;
                        slug?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["Brand"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/tags": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List tags */
        get: {
            parameters: {
                query?: {
                    page?: number;
                    limit?: number;
                    searchTerm?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["Tag"][];
                            meta: {
                                page: number;
                                limit: number;
                                total: number;
                                totalPages: number;
                            };
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Create a tag */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        slug?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["Tag"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tags/{idOrSlug}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One tag by id or slug */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    idOrSlug: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["Tag"];
                        };
                    };
                };
                /** @description Not found (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tags/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete a tag */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: null;
                        };
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Update a tag */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name?: string;
                        slug?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["Tag"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/products": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List and search products
         * @description `searchTerm` is full-text (name > brand/tags > description) plus trigram similarity, so one typo still matches; ranked by relevance. Unknown query parameters are ignored. Admins also see DRAFT and ARCHIVED products (filter with `status`).
         */
        get: {
            parameters: {
                query?: {
                    page?: number;
                    limit?: number;
                    searchTerm?: string;
                    /** @description Category id or slug (includes sub-categories) */
                    category?: string;
                    /** @description Brand id or slug */
                    brand?: string;
                    /** @description Tag id or slug */
                    tag?: string;
                    /** @description Inclusive, on the lowest active variant price */
                    minPrice?: number;
                    /** @description Inclusive, on the lowest active variant price */
                    maxPrice?: number;
                    minRating?: number;
                    inStock?: "0" | "1" | "true" | "false";
                    /** @description Admins only; customers always see ACTIVE products */
                    status?: "ACTIVE" | "DRAFT" | "ARCHIVED";
                    /** @description Default: relevance with a searchTerm, else createdAt */
                    sortBy?: "price" | "createdAt" | "rating" | "name" | "popularity" | "relevance";
                    /** @description Default: asc for name and price, desc otherwise */
                    sortOrder?: "asc" | "desc";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["ProductListItem"][];
                            meta: {
                                page: number;
                                limit: number;
                                total: number;
                                totalPages: number;
                            };
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Create a product with its variants
         * @description At least one variant; a product without `options` has exactly one. Initial `stock` is recorded as an INITIAL movement. Missing tags are created.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        slug?: string;
                        description?: string | null;
                        categoryId?: string | null;
                        brandId?: string | null;
                        tags?: string[];
                        currency?: string;
                        /** @enum {string} */
                        status?: "ACTIVE" | "DRAFT" | "ARCHIVED";
                        options?: {
                            name: string;
                            values: string[];
                        }[];
                        variants: {
                            sku: string;
                            price: number;
                            compareAtPrice?: number | null;
                            /** @description Initial stock (default 0), recorded as an INITIAL movement */
                            stock?: number;
                            /** @description Default 5 */
                            lowStockThreshold?: number;
                            options?: {
                                [key: string]: string;
                            };
                            active?: boolean;
                        }[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["Product"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/products/{idOrSlug}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One product by id or slug
         * @description Archived and draft products, and inactive variants, are 404/hidden for customers and visible to admins.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    idOrSlug: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["Product"];
                        };
                    };
                };
                /** @description Not found (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/products/{idOrSlug}/variants/{variantId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One variant */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    idOrSlug: string;
                    variantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["Variant"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/products/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Archive a product
         * @description Archived products are hidden from customers (404) and kept for order history.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["Product"];
                        };
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Update a product */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name?: string;
                        slug?: string;
                        description?: string | null;
                        categoryId?: string | null;
                        brandId?: string | null;
                        tags?: string[];
                        currency?: string;
                        /** @enum {string} */
                        status?: "ACTIVE" | "DRAFT" | "ARCHIVED";
                        options?: {
                            name: string;
                            values: string[];
                        }[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["Product"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/products/{id}/variants": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Add a variant */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        sku: string;
                        price: number;
                        compareAtPrice?: number | null;
                        /** @description Initial stock (default 0), recorded as an INITIAL movement */
                        stock?: number;
                        /** @description Default 5 */
                        lowStockThreshold?: number;
                        options?: {
                            [key: string]: string;
                        };
                        active?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["Variant"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/products/{id}/variants/{variantId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Deactivate a variant
         * @description The variant is kept for order history but no longer shown or sold. The last active variant cannot be removed (409).
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    variantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["Variant"];
                        };
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /**
         * Update a variant
         * @description `stock` sets an absolute value; the difference is recorded as an ADJUSTMENT movement.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    variantId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        sku?: string;
                        price?: number;
                        compareAtPrice?: number | null;
                        /** @description New absolute stock; the difference is recorded as an ADJUSTMENT movement */
                        stock?: number;
                        /** @description Default 5 */
                        lowStockThreshold?: number;
                        options?: {
                            [key: string]: string;
                        };
                        active?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["Variant"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/admin/inventory/adjustments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Adjust a variant’s stock
         * @description Records a movement; stock never goes below zero (409 OUT_OF_STOCK). Accepts `Idempotency-Key`: a retry with the same key and body replays the first response (`Idempotent-Replayed: true`) instead of adjusting twice.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    "idempotency-key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: uuid */
                        variantId: string;
                        delta: number;
                        /**
                         * @default ADJUSTMENT
                         * @enum {string}
                         */
                        reason?: "ADJUSTMENT" | "RETURN" | "IMPORT";
                        note?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: {
                                /** Format: uuid */
                                id: string;
                                /** Format: uuid */
                                variantId: string;
                                delta: number;
                                /** @enum {string} */
                                reason: "ORDER" | "CANCEL" | "RETURN" | "ADJUSTMENT" | "IMPORT" | "INITIAL";
                                orderId: string | null;
                                actorId: string | null;
                                note: string | null;
                                createdAt: string;
                                /** @description Stock after the change */
                                stock: number;
                            };
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Idempotency key reused with a different body */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/inventory/movements": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Stock ledger */
        get: {
            parameters: {
                query?: {
                    page?: number;
                    limit?: number;
                    variantId?: string;
                    reason?: "ORDER" | "CANCEL" | "RETURN" | "ADJUSTMENT" | "IMPORT" | "INITIAL";
                    orderId?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["StockMovement"][];
                            meta: {
                                page: number;
                                limit: number;
                                total: number;
                                totalPages: number;
                            };
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/cart": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The cart with current prices, stock, subtotal, discount and total */
        get: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Guest cart token (from a previous response) */
                    "x-cart-token"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["Cart"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Empty the cart */
        delete: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Guest cart token (from a previous response) */
                    "x-cart-token"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["Cart"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/cart/items": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Cart lines with search, sort and pagination */
        get: {
            parameters: {
                query?: {
                    page?: number;
                    limit?: number;
                    searchTerm?: string;
                    sortBy?: "addedAt" | "price" | "name" | "quantity";
                    sortOrder?: "asc" | "desc";
                };
                header?: {
                    /** @description Guest cart token (from a previous response) */
                    "x-cart-token"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["CartLine"][];
                            meta: {
                                page: number;
                                limit: number;
                                total: number;
                                totalPages: number;
                            };
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Add an item (201), or increment the line of that variant (200)
         * @description A guest without a cart gets one: its token is in `data.cartToken` and the `X-Cart-Token` header. Quantity beyond stock → 409 OUT_OF_STOCK.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Guest cart token (from a previous response) */
                    "x-cart-token"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: uuid */
                        variantId?: string;
                        /**
                         * Format: uuid
                         * @description Only for a product with a single variant
                         */
                        productId?: string;
                        quantity: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["Cart"];
                        };
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["Cart"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/cart/items/{itemId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove a line */
        delete: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Guest cart token (from a previous response) */
                    "x-cart-token"?: string;
                };
                path: {
                    itemId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["Cart"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Set the quantity of a line (0 removes it) */
        patch: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Guest cart token (from a previous response) */
                    "x-cart-token"?: string;
                };
                path: {
                    itemId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description 0 removes the line */
                        quantity: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["Cart"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/cart/coupon": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Apply a coupon code
         * @description COUPON_INVALID (400: unknown or inactive), COUPON_EXPIRED (400), COUPON_NOT_APPLICABLE (400: e.g. minimum subtotal), COUPON_USAGE_LIMIT_REACHED (409). Checkout re-validates it.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Guest cart token (from a previous response) */
                    "x-cart-token"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        code: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["Cart"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        /** Remove the coupon */
        delete: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Guest cart token (from a previous response) */
                    "x-cart-token"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["Cart"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/cart/shipping-options": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Shipping methods that can carry the cart to an address, cheapest first
         * @description `addressId` (signed in) or `country` (+ `state`, `postalCode`). The cart weighs Σ weightGrams × quantity; methods of the address’s zone (its region’s zone wins over its country’s) that carry that weight in the cart’s currency, priced (free at or above `freeOver` after discount).
         */
        get: {
            parameters: {
                query?: {
                    /** @description One of your saved addresses (signed-in customers) */
                    addressId?: string;
                    /** @description ISO 3166-1 alpha-2, e.g. IN, US (case-insensitive on input, upper case on output) */
                    country?: string;
                    /** @description State or region code, e.g. CA or MH */
                    state?: string;
                    postalCode?: string;
                };
                header?: {
                    /** @description Guest cart token (from a previous response) */
                    "x-cart-token"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["ShippingOption"][];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/cart/quote": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Totals the checkout would charge: subtotal, discount, shipping, tax lines, total
         * @description Computed exactly as the checkout computes them for the same cart, address and method, with the same errors: 400 CART_EMPTY, SHIPPING_METHOD_REQUIRED (the zone has methods: choose one), SHIPPING_UNAVAILABLE (no zone serves the address, or the method cannot carry the cart there).
         */
        get: {
            parameters: {
                query?: {
                    /** @description One of your saved addresses (signed-in customers) */
                    addressId?: string;
                    /** @description ISO 3166-1 alpha-2, e.g. IN, US (case-insensitive on input, upper case on output) */
                    country?: string;
                    /** @description State or region code, e.g. CA or MH */
                    state?: string;
                    postalCode?: string;
                    shippingMethodId?: string;
                };
                header?: {
                    /** @description Guest cart token (from a previous response) */
                    "x-cart-token"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["CartQuote"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/coupons": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List coupons */
        get: {
            parameters: {
                query?: {
                    page?: number;
                    limit?: number;
                    searchTerm?: string;
                    active?: "true" | "false";
                    sortBy?: "createdAt" | "code" | "usedCount" | "expiresAt";
                    sortOrder?: "asc" | "desc";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["Coupon"][];
                            meta: {
                                page: number;
                                limit: number;
                                total: number;
                                totalPages: number;
                            };
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Create a coupon */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Case-insensitively unique */
                        code: string;
                        description?: string | null;
                        /** @enum {string} */
                        type: "PERCENT" | "FIXED";
                        /** @description PERCENT: whole percent 1..100; FIXED: minor units */
                        value: number;
                        minSubtotal?: number | null;
                        maxDiscount?: number | null;
                        startsAt?: string | null;
                        expiresAt?: string | null;
                        /** @description Orders in total; null = unlimited */
                        usageLimit?: number | null;
                        /** @description Orders per customer; null = unlimited */
                        perUserLimit?: number | null;
                        /** @description Default true */
                        active?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["Coupon"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/coupons/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a coupon */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["Coupon"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete an unused coupon (a used one answers 409 COUPON_IN_USE: deactivate it instead) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: null;
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Update a coupon */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Case-insensitively unique */
                        code?: string;
                        description?: string | null;
                        /** @enum {string} */
                        type?: "PERCENT" | "FIXED";
                        /** @description PERCENT: whole percent 1..100; FIXED: minor units */
                        value?: number;
                        minSubtotal?: number | null;
                        maxDiscount?: number | null;
                        startsAt?: string | null;
                        expiresAt?: string | null;
                        /** @description Orders in total; null = unlimited */
                        usageLimit?: number | null;
                        /** @description Orders per customer; null = unlimited */
                        perUserLimit?: number | null;
                        /** @description Default true */
                        active?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["Coupon"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/orders": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** My orders */
        get: {
            parameters: {
                query?: {
                    page?: number;
                    limit?: number;
                    status?: "PENDING" | "PAID" | "PROCESSING" | "SHIPPED" | "DELIVERED" | "CANCELLED" | "REFUNDED";
                    /** @description ISO 8601, inclusive */
                    from?: string;
                    /** @description ISO 8601, exclusive */
                    to?: string;
                    sortBy?: "createdAt" | "total";
                    sortOrder?: "asc" | "desc";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["OrderSummary"][];
                            meta: {
                                page: number;
                                limit: number;
                                total: number;
                                totalPages: number;
                            };
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Checkout: turn the cart into an order
         * @description One transaction: re-prices the cart, takes stock for every line (all or nothing), redeems the coupon, creates the order and empties the cart. Empty cart → 400 CART_EMPTY; a short line → 409 OUT_OF_STOCK with one `details` entry per line (`path: items.<cartItemId>`). Send `Idempotency-Key` to make retries safe (replayed with `Idempotent-Replayed: true`; different body → 422; in flight → 409). Shipping and tax are 0 for now.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    "idempotency-key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * Format: uuid
                         * @description One of your saved addresses
                         */
                        addressId?: string;
                        /** @description Or an address given inline */
                        shippingAddress?: {
                            fullName: string;
                            line1: string;
                            line2?: string | null;
                            city: string;
                            state?: string | null;
                            postalCode: string;
                            /** @description ISO 3166-1 alpha-2, e.g. IN, US (case-insensitive on input, upper case on output) */
                            country: string;
                            phone?: string | null;
                        };
                        /** @enum {string} */
                        paymentMethod: "COD" | "STRIPE" | "RAZORPAY";
                        /** @description Overrides the coupon applied to the cart */
                        couponCode?: string;
                        note?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["Order"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Idempotency key reused with a different body */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orders/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An order with items, totals, address, payment and status history (owner or admin) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["Order"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orders/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Cancel an order (customer: while PENDING or PAID; admin: also PROCESSING); stock returns once */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            /** @description Optional reason, kept in the status history */
            requestBody: {
                content: {
                    "application/json": {
                        reason?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["Order"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orders/{id}/invoice": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The invoice as a PDF (owner or admin) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description application/pdf */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/pdf": unknown;
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/pdf": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/pdf": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/pdf": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/orders": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** All orders (filters status, paymentStatus, userId, from, to, searchTerm) */
        get: {
            parameters: {
                query?: {
                    page?: number;
                    limit?: number;
                    status?: "PENDING" | "PAID" | "PROCESSING" | "SHIPPED" | "DELIVERED" | "CANCELLED" | "REFUNDED";
                    /** @description ISO 8601, inclusive */
                    from?: string;
                    /** @description ISO 8601, exclusive */
                    to?: string;
                    sortBy?: "createdAt" | "total";
                    sortOrder?: "asc" | "desc";
                    userId?: string;
                    /** @description Order number or customer email (substring) */
                    searchTerm?: string;
                    paymentStatus?: "UNPAID" | "PENDING" | "PAID" | "FAILED" | "REFUNDED";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["OrderSummary"][];
                            meta: {
                                page: number;
                                limit: number;
                                total: number;
                                totalPages: number;
                            };
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/orders/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Orders as CSV, streamed (same filters as the list; oldest first; amounts in minor units) */
        get: {
            parameters: {
                query?: {
                    status?: "PENDING" | "PAID" | "PROCESSING" | "SHIPPED" | "DELIVERED" | "CANCELLED" | "REFUNDED";
                    /** @description ISO 8601, inclusive */
                    from?: string;
                    /** @description ISO 8601, exclusive */
                    to?: string;
                    sortBy?: "createdAt" | "total";
                    sortOrder?: "asc" | "desc";
                    userId?: string;
                    /** @description Order number or customer email (substring) */
                    searchTerm?: string;
                    paymentStatus?: "UNPAID" | "PENDING" | "PAID" | "FAILED" | "REFUNDED";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description text/csv */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/csv": unknown;
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/csv": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/csv": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/csv": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/orders/{id}/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Move an order along the state machine (same state: 200 no-op; otherwise 409 INVALID_STATE_TRANSITION) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        status: "PENDING" | "PAID" | "PROCESSING" | "SHIPPED" | "DELIVERED" | "CANCELLED" | "REFUNDED";
                        note?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["Order"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/admin/orders/{id}/fulfillments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Ship items of an order (partial or full) with carrier and tracking
         * @description Default items: everything not yet fulfilled. More than remains → 409 FULFILLMENT_QUANTITY_EXCEEDED; a cancelled order, or an online payment not yet received → 409 INVALID_STATE_TRANSITION. The order moves to PROCESSING, and to SHIPPED once everything is fulfilled; the customer gets a tracking mail and `order.updated`. Accepts Idempotency-Key.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    "idempotency-key"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Default: everything not yet fulfilled */
                        items?: {
                            /** Format: uuid */
                            orderItemId: string;
                            quantity: number;
                        }[];
                        carrier: string;
                        trackingNumber: string;
                        /** Format: uri */
                        trackingUrl?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["Fulfillment"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Idempotency key reused with a different body */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/orders/{id}/fulfillments/{fulfillmentId}/delivered": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mark a fulfillment delivered (the order becomes DELIVERED once every one is) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    fulfillmentId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["Fulfillment"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/payments/stripe/checkout-session": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start a Stripe hosted checkout for my order
         * @description Owner only (another user’s order → 404). The order must be PENDING, unpaid and placed with paymentMethod STRIPE (else 409 ORDER_NOT_PAYABLE / PAYMENT_METHOD_MISMATCH). Line items in minor units, `client_reference_id` and `metadata.orderId` carry the order id. Safe to repeat: while a session is open for the same amount it is returned again (200); a new session answers 201. Accepts `Idempotency-Key` (replayed with `Idempotent-Replayed: true`; different body → 422; in flight → 409). 502 PAYMENT_PROVIDER_ERROR when Stripe refuses, 503 when not configured.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    "idempotency-key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: uuid */
                        orderId: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["StripeCheckoutSession"];
                        };
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["StripeCheckoutSession"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Idempotency key reused with a different body */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A dependency is unavailable */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/payments/razorpay/order": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create a Razorpay order for my order
         * @description Owner only (404 otherwise); the order must be PENDING, unpaid and placed with paymentMethod RAZORPAY (409). Answers what Razorpay Checkout needs: `razorpayOrderId`, `amount` (minor units), `currency`, `keyId`. Repeating it returns the same open Razorpay order (200); a new one answers 201. Accepts `Idempotency-Key` (replayed with `Idempotent-Replayed: true`; different body → 422; in flight → 409).
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    "idempotency-key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: uuid */
                        orderId: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["RazorpayOrder"];
                        };
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["RazorpayOrder"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Idempotency key reused with a different body */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A dependency is unavailable */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/payments/razorpay/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Confirm a Razorpay payment from Checkout
         * @description Checks HMAC-SHA256(`razorpayOrderId|razorpayPaymentId`, key secret) in constant time: a match marks the order PAID (once, even racing the webhook); a mismatch → 400 INVALID_SIGNATURE and nothing changes.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: uuid */
                        orderId: string;
                        razorpayOrderId: string;
                        razorpayPaymentId: string;
                        razorpaySignature: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: {
                                /** Format: uuid */
                                orderId: string;
                                /** @enum {string} */
                                status: "PENDING" | "PAID" | "PROCESSING" | "SHIPPED" | "DELIVERED" | "CANCELLED" | "REFUNDED";
                                /** @enum {string} */
                                paymentStatus: "UNPAID" | "PENDING" | "PAID" | "FAILED" | "REFUNDED";
                                outcome: string;
                            };
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A dependency is unavailable */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/payments/stripe/webhook": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Stripe webhook
         * @description Raw JSON body verified against `Stripe-Signature` (STRIPE_WEBHOOK_SECRET, 5 minute tolerance); missing/invalid signature or stale timestamp → 400 INVALID_SIGNATURE and nothing changes. Each event id is processed once (a repeat answers 200 with `duplicate: true`). checkout.session.completed (paid) and checkout.session.async_payment_succeeded → order PAID when amount and currency match (else the payment is flagged); checkout.session.async_payment_failed, checkout.session.expired, payment_intent.payment_failed → payment FAILED + admin alert. An event for an unknown order → 200, recorded and ignored.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: {
                                /** @enum {boolean} */
                                received: true;
                                duplicate: boolean;
                                /** @description PAID, FAILED, FLAGGED, NO_OP, UNKNOWN_ORDER, IGNORED or DUPLICATE */
                                outcome: string;
                            };
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unsupported media type */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A dependency is unavailable */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/payments/razorpay/webhook": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Razorpay webhook
         * @description Raw JSON body verified against `X-Razorpay-Signature` (hex HMAC-SHA256 with RAZORPAY_WEBHOOK_SECRET); invalid → 400 INVALID_SIGNATURE. Duplicates detected by `X-Razorpay-Event-Id`. payment.captured and order.paid → PAID, payment.failed → FAILED + admin alert. An event for an unknown order → 200, recorded and ignored.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: {
                                /** @enum {boolean} */
                                received: true;
                                duplicate: boolean;
                                /** @description PAID, FAILED, FLAGGED, NO_OP, UNKNOWN_ORDER, IGNORED or DUPLICATE */
                                outcome: string;
                            };
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unsupported media type */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A dependency is unavailable */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/analytics/summary": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Orders, revenue, average order value and new customers, with the previous period */
        get: {
            parameters: {
                query?: {
                    /** @description First day, inclusive (default: 29 days before `to`) */
                    from?: string;
                    /** @description Last day, inclusive (default: today, UTC) */
                    to?: string;
                    /** @description Default: DEFAULT_CURRENCY */
                    currency?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: {
                                from: string;
                                to: string;
                                currency: string;
                                orders: number;
                                /** @description Minor units */
                                revenue: number;
                                /** @description Minor units, rounded */
                                averageOrderValue: number;
                                newCustomers: number;
                                previous: {
                                    from: string;
                                    to: string;
                                    currency: string;
                                    orders: number;
                                    /** @description Minor units */
                                    revenue: number;
                                    /** @description Minor units, rounded */
                                    averageOrderValue: number;
                                    newCustomers: number;
                                };
                            };
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/analytics/sales": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Revenue and order count per day, week or month (empty buckets are 0) */
        get: {
            parameters: {
                query?: {
                    interval?: "day" | "week" | "month";
                    /** @description YYYY-MM-DD (UTC) */
                    from?: string;
                    /** @description YYYY-MM-DD (UTC) */
                    to?: string;
                    currency?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: {
                                /** @enum {string} */
                                interval: "day" | "week" | "month";
                                from: string;
                                to: string;
                                currency: string;
                                buckets: {
                                    start: string;
                                    orders: number;
                                    revenue: number;
                                }[];
                            };
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/analytics/top-products": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Best-selling products by units or revenue */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    sortBy?: "units" | "revenue";
                    /** @description YYYY-MM-DD (UTC) */
                    from?: string;
                    /** @description YYYY-MM-DD (UTC) */
                    to?: string;
                    currency?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: {
                                productId: string;
                                name: string;
                                units: number;
                                revenue: number;
                            }[];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/analytics/recent-orders": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The latest orders, any status */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: {
                                id: string;
                                orderNumber: string;
                                customerEmail: string;
                                customerName: string;
                                status: string;
                                paymentStatus: string;
                                total: number;
                                currency: string;
                                createdAt: string;
                            }[];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/products/{id}/reviews": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A product's approved reviews */
        get: {
            parameters: {
                query?: {
                    page?: number;
                    limit?: number;
                    sortBy?: "newest" | "rating" | "helpful";
                    sortOrder?: "asc" | "desc";
                };
                header?: never;
                path: {
                    /** @description Product id or slug */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["Review"][];
                            meta: {
                                page: number;
                                limit: number;
                                total: number;
                                totalPages: number;
                            };
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Review a product you received (one review per product) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Product id or slug */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        rating: number;
                        title?: string;
                        body: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["Review"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/reviews/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete your review */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: null;
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Edit your review */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        rating?: number;
                        title?: string | null;
                        body?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["Review"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/reviews/{id}/helpful": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mark a review helpful (once per user): 201 when counted, 200 when already counted */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["Review"];
                        };
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["Review"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/reviews": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** All reviews, for moderation */
        get: {
            parameters: {
                query?: {
                    page?: number;
                    limit?: number;
                    status?: "APPROVED" | "HIDDEN";
                    productId?: string;
                    userId?: string;
                    rating?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["AdminReview"][];
                            meta: {
                                page: number;
                                limit: number;
                                total: number;
                                totalPages: number;
                            };
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/reviews/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete any review */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: null;
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Approve or hide a review */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        status: "APPROVED" | "HIDDEN";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["AdminReview"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/wishlist": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your wishlist with current prices and stock */
        get: {
            parameters: {
                query?: {
                    page?: number;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["WishlistItem"][];
                            meta: {
                                page: number;
                                limit: number;
                                total: number;
                                totalPages: number;
                            };
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Add a product: 201 when added, 200 when it was already there */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: uuid */
                        productId: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: {
                                productId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: {
                                productId: string;
                            };
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/wishlist/{productId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove a product from your wishlist */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    productId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: null;
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/search/synonyms": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Synonym groups */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["SynonymGroups"];
                        };
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        /**
         * Replace the synonym groups
         * @description A query word found in a group also matches the group's other words ("tee" finds "t-shirt"). Words are compared unaccented and case-insensitively; a group may hold short phrases ("running shoes"), matched as phrases. The whole list is replaced.
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Each group lists words (or short phrases) that mean the same to a shopper */
                        groups: string[][];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["SynonymGroups"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/shipping-zones": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List shipping zones */
        get: {
            parameters: {
                query?: {
                    page?: number;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["ShippingZone"][];
                            meta: {
                                page: number;
                                limit: number;
                                total: number;
                                totalPages: number;
                            };
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Create a shipping zone
         * @description Countries (ISO 3166-1 alpha-2) and regions (ISO 3166-2). An address is in the zone listing its region (country-state), else in the zone listing its country. A country or region belongs to one zone only (409 SHIPPING_ZONE_OVERLAP).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        /** @description ISO 3166-1 alpha-2 codes */
                        countries: string[];
                        /** @description ISO 3166-2 codes, e.g. US-CA */
                        regions?: string[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["ShippingZone"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/shipping-zones/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a shipping zone */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["ShippingZone"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a shipping zone and its methods */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: null;
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Update a shipping zone (countries/regions given replace the old lists) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name?: string;
                        /** @description ISO 3166-1 alpha-2 codes */
                        countries?: string[];
                        /** @description ISO 3166-2 codes, e.g. US-CA */
                        regions?: string[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["ShippingZone"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/admin/shipping-methods": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List shipping methods */
        get: {
            parameters: {
                query?: {
                    page?: number;
                    limit?: number;
                    zoneId?: string;
                    active?: "true" | "false";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["ShippingMethod"][];
                            meta: {
                                page: number;
                                limit: number;
                                total: number;
                                totalPages: number;
                            };
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Create a shipping method
         * @description FLAT takes `price`; WEIGHT takes `rates` (tiers by strictly ascending `upToGrams`, inclusive; a cart heavier than the last tier cannot use the method). `freeOver`: free when the subtotal after discount is at or above it. A method only serves carts in its currency.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: uuid */
                        zoneId: string;
                        name: string;
                        carrier?: string | null;
                        currency: string;
                        /** @enum {string} */
                        type: "FLAT" | "WEIGHT";
                        /** @description FLAT only */
                        price?: number | null;
                        /** @description WEIGHT only: tiers by strictly ascending upToGrams */
                        rates?: {
                            /** @description Inclusive */
                            upToGrams: number;
                            price: number;
                        }[] | null;
                        /** @description Free at or above this subtotal after discount */
                        freeOver?: number | null;
                        minDays?: number | null;
                        maxDays?: number | null;
                        /** @description Default true */
                        active?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["ShippingMethod"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/shipping-methods/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a shipping method */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["ShippingMethod"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a shipping method (orders keep their snapshot of it) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: null;
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Update a shipping method */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: uuid */
                        zoneId?: string;
                        name?: string;
                        carrier?: string | null;
                        currency?: string;
                        /** @enum {string} */
                        type?: "FLAT" | "WEIGHT";
                        /** @description FLAT only */
                        price?: number | null;
                        /** @description WEIGHT only: tiers by strictly ascending upToGrams */
                        rates?: {
                            /** @description Inclusive */
                            upToGrams: number;
                            price: number;
                        }[] | null;
                        /** @description Free at or above this subtotal after discount */
                        freeOver?: number | null;
                        minDays?: number | null;
                        maxDays?: number | null;
                        /** @description Default true */
                        active?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["ShippingMethod"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/admin/tax-rates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List tax rates */
        get: {
            parameters: {
                query?: {
                    page?: number;
                    limit?: number;
                    /** @description ISO 3166-1 alpha-2, e.g. IN, US (case-insensitive on input, upper case on output) */
                    country?: string;
                    /** @description Tax class, e.g. standard, reduced, zero */
                    taxClass?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["TaxRate"][];
                            meta: {
                                page: number;
                                limit: number;
                                total: number;
                                totalPages: number;
                            };
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Create a tax rate
         * @description A line is taxed by the rates of its product’s tax class for the shipping address’s region (ISO 3166-2) when that region has any, else by the country’s. 409 TAX_RATE_EXISTS when the name is taken for that country, region and class.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Shown on orders and invoices, e.g. GST, VAT */
                        name: string;
                        /** @description ISO 3166-1 alpha-2, e.g. IN, US (case-insensitive on input, upper case on output) */
                        country: string;
                        /** @description ISO 3166-2 of the same country; null = whole country */
                        region?: string | null;
                        /** @description Default "standard" */
                        taxClass?: string;
                        /** @description Basis points: 1800 = 18 % */
                        rate: number;
                        /** @description Also tax shipping at this rate (default false) */
                        appliesToShipping?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["TaxRate"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/tax-rates/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a tax rate */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["TaxRate"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a tax rate (orders keep the tax they were charged) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: null;
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Update a tax rate */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Shown on orders and invoices, e.g. GST, VAT */
                        name?: string;
                        /** @description ISO 3166-1 alpha-2, e.g. IN, US (case-insensitive on input, upper case on output) */
                        country?: string;
                        /** @description ISO 3166-2 of the same country; null = whole country */
                        region?: string | null;
                        /** @description Default "standard" */
                        taxClass?: string;
                        /** @description Basis points: 1800 = 18 % */
                        rate?: number;
                        /** @description Also tax shipping at this rate (default false) */
                        appliesToShipping?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["TaxRate"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/admin/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List webhook endpoints */
        get: {
            parameters: {
                query?: {
                    page?: number;
                    limit?: number;
                    active?: "true" | "false";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["WebhookEndpoint"][];
                            meta: {
                                page: number;
                                limit: number;
                                total: number;
                                totalPages: number;
                            };
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Create a webhook endpoint (the answer holds its signing secret, shown only this once) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description http(s) URL; loopback, private and link-local hosts are refused unless WEBHOOK_ALLOW_PRIVATE=true */
                        url: string;
                        /** @description Event types to receive, or ["*"] for all: order.created, order.updated, order.cancelled, payment.succeeded, payment.failed, refund.created, fulfillment.created, return.requested, return.received, inventory.low, product.created, product.updated, product.deleted, customer.created */
                        events: ("order.created" | "order.updated" | "order.cancelled" | "payment.succeeded" | "payment.failed" | "refund.created" | "fulfillment.created" | "return.requested" | "return.received" | "inventory.low" | "product.created" | "product.updated" | "product.deleted" | "customer.created" | "*")[];
                        description?: string | null;
                        /** @description Default true */
                        active?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["WebhookEndpointWithSecret"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/webhooks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a webhook endpoint */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["WebhookEndpoint"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a webhook endpoint and its delivery log */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: null;
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Update a webhook endpoint (active: true resumes a disabled one) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description http(s) URL; loopback, private and link-local hosts are refused unless WEBHOOK_ALLOW_PRIVATE=true */
                        url?: string;
                        /** @description Event types to receive, or ["*"] for all: order.created, order.updated, order.cancelled, payment.succeeded, payment.failed, refund.created, fulfillment.created, return.requested, return.received, inventory.low, product.created, product.updated, product.deleted, customer.created */
                        events?: ("order.created" | "order.updated" | "order.cancelled" | "payment.succeeded" | "payment.failed" | "refund.created" | "fulfillment.created" | "return.requested" | "return.received" | "inventory.low" | "product.created" | "product.updated" | "product.deleted" | "customer.created" | "*")[];
                        description?: string | null;
                        /** @description Default true */
                        active?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["WebhookEndpoint"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/admin/webhooks/{id}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An endpoint's deliveries, newest first */
        get: {
            parameters: {
                query?: {
                    page?: number;
                    limit?: number;
                    status?: "PENDING" | "SUCCEEDED" | "FAILED";
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["WebhookDelivery"][];
                            meta: {
                                page: number;
                                limit: number;
                                total: number;
                                totalPages: number;
                            };
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/webhooks/{id}/deliveries/{deliveryId}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a delivery again now, with the same webhook-id */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    deliveryId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["WebhookDelivery"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/webhooks/{id}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a webhook.test event to this endpoint, whatever its event filter */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            success: true;
                            message: string;
                            data: components["schemas"]["WebhookDelivery"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR lists each bad field) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid access token (UNAUTHENTICATED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        StockMovementInput: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            variantId: string;
            delta: number;
            /** @enum {string} */
            reason: "ORDER" | "CANCEL" | "RETURN" | "ADJUSTMENT" | "IMPORT" | "INITIAL";
            orderId: string | null;
            actorId: string | null;
            note: string | null;
            createdAt: string;
        };
        ErrorInput: {
            /** @constant */
            success: false;
            message: string;
            error: {
                code: string;
                details?: {
                    path: string;
                    message: string;
                }[];
            };
            requestId: string;
        };
        CartLineInput: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            variantId: string;
            /** Format: uuid */
            productId: string;
            name: string;
            sku: string;
            options: {
                [key: string]: string;
            };
            image: {
                /** Format: uuid */
                id: string;
                url: string;
                thumbnails: {
                    small: string;
                    medium: string;
                };
            } | null;
            /** @description Current price, minor units */
            unitPrice: number;
            quantity: number;
            lineTotal: number;
            availableStock: number;
            /** @description false when the product was archived or the variant deactivated */
            available: boolean;
            currency: string;
            addedAt: string;
        };
        CartInput: {
            /** @description null for a guest who has not added anything yet */
            id: string | null;
            /** @description Guest carts only: send it back as X-Cart-Token */
            cartToken: string | null;
            items: components["schemas"]["CartLineInput"][];
            itemCount: number;
            subtotal: number;
            discount: number;
            total: number;
            currency: string;
            coupon: {
                code: string;
                /** @enum {string} */
                type: "PERCENT" | "FIXED";
                value: number;
                discount: number;
                /** @description false when the coupon no longer applies (discount is then 0) */
                valid: boolean;
                message: string | null;
            } | null;
            updatedAt: string | null;
        };
        UserInput: {
            /** Format: uuid */
            id: string;
            email: string;
            name: string;
            phone: string | null;
            avatar: string | null;
            /** @enum {string} */
            role: "CUSTOMER" | "ADMIN";
            emailVerified: boolean;
            /** @description False for accounts that only sign in with Google */
            hasPassword: boolean;
            googleLinked: boolean;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
        };
        AdminUserInput: {
            /** Format: uuid */
            id: string;
            email: string;
            name: string;
            phone: string | null;
            avatar: string | null;
            /** @enum {string} */
            role: "CUSTOMER" | "ADMIN";
            emailVerified: boolean;
            /** @description False for accounts that only sign in with Google */
            hasPassword: boolean;
            googleLinked: boolean;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
            /**
             * @description BLOCKED while a block is in force, else UNVERIFIED until the email is verified, else ACTIVE
             * @enum {string}
             */
            status: "ACTIVE" | "UNVERIFIED" | "BLOCKED";
            /** @description Null while blocked indefinitely or not blocked */
            blockedUntil: string | null;
            blockedReason: string | null;
            lastLoginAt: string | null;
        };
        AddressInput: {
            /** Format: uuid */
            id: string;
            fullName: string;
            line1: string;
            line2: string | null;
            city: string;
            state: string | null;
            postalCode: string;
            country: string;
            phone: string | null;
            isDefault: boolean;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
        };
        AuthResultInput: {
            /** @description JWT (HS256), send as Authorization: Bearer <accessToken> */
            accessToken: string;
            /** @description Opaque, single use: /auth/refresh returns a new one. Also set as an HttpOnly cookie. */
            refreshToken: string;
            /** @constant */
            tokenType: "Bearer";
            /** @description Access token lifetime in seconds */
            expiresIn: number;
            /** @description Refresh token lifetime in seconds */
            refreshExpiresIn: number;
            user: components["schemas"]["UserInput"];
        };
        ShippingZoneInput: {
            /** Format: uuid */
            id: string;
            name: string;
            countries: string[];
            regions: string[];
            createdAt: string;
            updatedAt: string;
        };
        ShippingMethodInput: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            zoneId: string;
            name: string;
            carrier: string | null;
            currency: string;
            /** @enum {string} */
            type: "FLAT" | "WEIGHT";
            price: number | null;
            rates: {
                upToGrams: number;
                price: number;
            }[] | null;
            freeOver: number | null;
            minDays: number | null;
            maxDays: number | null;
            active: boolean;
            createdAt: string;
            updatedAt: string;
        };
        ShippingOptionInput: {
            /** Format: uuid */
            id: string;
            name: string;
            carrier: string | null;
            price: number;
            currency: string;
            minDays: number | null;
            maxDays: number | null;
        };
        TaxRateInput: {
            /** Format: uuid */
            id: string;
            name: string;
            country: string;
            region: string | null;
            taxClass: string;
            /** @description Basis points */
            rate: number;
            appliesToShipping: boolean;
            createdAt: string;
            updatedAt: string;
        };
        TaxLineInput: {
            name: string;
            /** @description Basis points */
            rate: number;
            /** @description Minor units */
            amount: number;
        };
        CartQuoteInput: {
            subtotal: number;
            discount: number;
            shipping: number;
            shippingMethod: components["schemas"]["ShippingOptionInput"] | null;
            tax: number;
            taxLines: components["schemas"]["TaxLineInput"][];
            /** @description Always 0 until store credit exists */
            storeCredit: number;
            total: number;
            currency: string;
            /** @description true: prices include the tax (PRICES_INCLUDE_TAX) */
            taxIncluded: boolean;
        };
        CategoryInput: {
            /** Format: uuid */
            id: string;
            name: string;
            slug: string;
            parentId: string | null;
            description: string | null;
            /** @description 0 for a root category */
            depth: number;
            /** @description Active products in this category and its sub-categories */
            productCount: number;
        };
        BrandInput: {
            /** Format: uuid */
            id: string;
            name: string;
            slug: string;
        };
        TagInput: {
            /** Format: uuid */
            id: string;
            name: string;
            slug: string;
        };
        ProductImageInput: {
            /** Format: uuid */
            id: string;
            url: string;
            thumbnails: {
                small: string;
                medium: string;
            };
        };
        VariantInput: {
            /** Format: uuid */
            id: string;
            sku: string;
            options: {
                [key: string]: string;
            };
            price: number;
            compareAtPrice: number | null;
            currency: string;
            stock: number;
            inStock: boolean;
            /** @description Admins only */
            lowStockThreshold?: number;
            /** @description Admins only */
            active?: boolean;
        };
        ProductInput: {
            /** Format: uuid */
            id: string;
            slug: string;
            name: string;
            description: string | null;
            /** @enum {string} */
            status: "ACTIVE" | "DRAFT" | "ARCHIVED";
            currency: string;
            category: {
                /** Format: uuid */
                id: string;
                name: string;
                slug: string;
            } | null;
            brand: {
                /** Format: uuid */
                id: string;
                name: string;
                slug: string;
            } | null;
            tags: {
                /** Format: uuid */
                id: string;
                name: string;
                slug: string;
            }[];
            options: {
                name: string;
                values: string[];
            }[];
            variants: components["schemas"]["VariantInput"][];
            images: components["schemas"]["ProductImageInput"][];
            priceMin: number;
            priceMax: number;
            inStock: boolean;
            rating: {
                average: number;
                count: number;
            };
            createdAt: string;
            updatedAt: string;
        };
        ProductListItemInput: {
            /** Format: uuid */
            id: string;
            slug: string;
            name: string;
            priceMin: number;
            priceMax: number;
            currency: string;
            inStock: boolean;
            rating: {
                average: number;
                count: number;
            };
            /** @description The primary (first) image */
            image: components["schemas"]["ProductImageInput"] | null;
        };
        ImportReportInput: {
            /** @enum {string} */
            mode: "per-row" | "all-or-nothing";
            rows: number;
            /** @description Rows that created a variant (and its product when new) */
            created: number;
            /** @description Rows that updated an existing SKU */
            updated: number;
            failed: number;
            errors: {
                /** @description Line in the file (header = 1) */
                row: number;
                sku: string | null;
                message: string;
            }[];
        };
        CouponInput: {
            /** Format: uuid */
            id: string;
            code: string;
            description: string | null;
            /** @enum {string} */
            type: "PERCENT" | "FIXED";
            value: number;
            minSubtotal: number | null;
            maxDiscount: number | null;
            startsAt: string | null;
            expiresAt: string | null;
            usageLimit: number | null;
            perUserLimit: number | null;
            usedCount: number;
            active: boolean;
            createdAt: string;
            updatedAt: string;
        };
        FulfillmentInput: {
            /** Format: uuid */
            id: string;
            items: {
                /** Format: uuid */
                orderItemId: string;
                quantity: number;
            }[];
            carrier: string;
            trackingNumber: string;
            trackingUrl: string | null;
            createdAt: string;
            deliveredAt: string | null;
        };
        OrderSummaryInput: {
            /** Format: uuid */
            id: string;
            orderNumber: string;
            /** Format: uuid */
            userId: string;
            customerEmail: string;
            /** @enum {string} */
            status: "PENDING" | "PAID" | "PROCESSING" | "SHIPPED" | "DELIVERED" | "CANCELLED" | "REFUNDED";
            /** @enum {string} */
            paymentStatus: "UNPAID" | "PENDING" | "PAID" | "FAILED" | "REFUNDED";
            /** @enum {string} */
            paymentMethod: "COD" | "STRIPE" | "RAZORPAY";
            currency: string;
            subtotal: number;
            discount: number;
            shipping: number;
            tax: number;
            total: number;
            itemCount: number;
            createdAt: string;
            updatedAt: string;
        };
        OrderInput: {
            /** Format: uuid */
            id: string;
            orderNumber: string;
            /** Format: uuid */
            userId: string;
            customerEmail: string;
            /** @enum {string} */
            status: "PENDING" | "PAID" | "PROCESSING" | "SHIPPED" | "DELIVERED" | "CANCELLED" | "REFUNDED";
            /** @enum {string} */
            paymentStatus: "UNPAID" | "PENDING" | "PAID" | "FAILED" | "REFUNDED";
            /** @enum {string} */
            paymentMethod: "COD" | "STRIPE" | "RAZORPAY";
            currency: string;
            subtotal: number;
            discount: number;
            shipping: number;
            tax: number;
            total: number;
            itemCount: number;
            createdAt: string;
            updatedAt: string;
            customerName: string;
            couponCode: string | null;
            note: string | null;
            shippingAddress: {
                fullName: string;
                line1: string;
                line2: string | null;
                city: string;
                state: string | null;
                postalCode: string;
                country: string;
                phone: string | null;
            };
            payment: {
                /** @enum {string} */
                method: "COD" | "STRIPE" | "RAZORPAY";
                /** @enum {string} */
                status: "UNPAID" | "PENDING" | "PAID" | "FAILED" | "REFUNDED";
            };
            items: {
                /** Format: uuid */
                id: string;
                variantId: string | null;
                productId: string | null;
                name: string;
                sku: string;
                options: {
                    [key: string]: string;
                };
                unitPrice: number;
                quantity: number;
                lineTotal: number;
            }[];
            statusHistory: {
                fromStatus: ("PENDING" | "PAID" | "PROCESSING" | "SHIPPED" | "DELIVERED" | "CANCELLED" | "REFUNDED") | null;
                /** @enum {string} */
                toStatus: "PENDING" | "PAID" | "PROCESSING" | "SHIPPED" | "DELIVERED" | "CANCELLED" | "REFUNDED";
                /** @enum {string} */
                paymentStatus: "UNPAID" | "PENDING" | "PAID" | "FAILED" | "REFUNDED";
                actorId: string | null;
                /** @description CUSTOMER, ADMIN or SYSTEM */
                actorRole: string;
                note: string | null;
                createdAt: string;
            }[];
        };
        StripeCheckoutSessionInput: {
            url: string;
            sessionId: string;
            /**
             * Format: uuid
             * @description Our payment attempt id
             */
            paymentId: string;
            /** @description Minor units */
            amount: number;
            currency: string;
        };
        RazorpayOrderInput: {
            razorpayOrderId: string;
            /** @description Minor units */
            amount: number;
            currency: string;
            keyId: string;
            /** Format: uuid */
            orderId: string;
            /**
             * Format: uuid
             * @description Our payment attempt id
             */
            paymentId: string;
        };
        ReviewInput: {
            id: string;
            productId: string;
            rating: number;
            title: string | null;
            body: string;
            author: {
                name: string;
            };
            helpfulCount: number;
            createdAt: string;
            updatedAt: string;
        };
        AdminReviewInput: {
            id: string;
            productId: string;
            rating: number;
            title: string | null;
            body: string;
            author: {
                name: string;
            };
            helpfulCount: number;
            createdAt: string;
            updatedAt: string;
            userId: string;
            /** @enum {string} */
            status: "APPROVED" | "HIDDEN";
        };
        SynonymGroupsInput: {
            groups: string[][];
        };
        WebhookEndpointInput: {
            /** Format: uuid */
            id: string;
            url: string;
            events: string[];
            description: string | null;
            active: boolean;
            /** @description First failed attempt since the last success */
            failingSince: string | null;
            /** @description Set when the endpoint was disabled for failing too long */
            disabledAt: string | null;
            createdAt: string;
            updatedAt: string;
        };
        WebhookEndpointWithSecretInput: {
            /** Format: uuid */
            id: string;
            url: string;
            events: string[];
            description: string | null;
            active: boolean;
            /** @description First failed attempt since the last success */
            failingSince: string | null;
            /** @description Set when the endpoint was disabled for failing too long */
            disabledAt: string | null;
            createdAt: string;
            updatedAt: string;
            /** @description whsec_ + base64 of 32 random bytes; shown in this answer only */
            secret: string;
        };
        WebhookDeliveryInput: {
            /** Format: uuid */
            id: string;
            /**
             * Format: uuid
             * @description The webhook-id header of every attempt
             */
            eventId: string;
            type: string;
            /** @description Attempts made so far */
            attempt: number;
            /** @enum {string} */
            status: "PENDING" | "SUCCEEDED" | "FAILED";
            responseStatus: number | null;
            durationMs: number | null;
            /** @description Why the last attempt failed */
            error: string | null;
            nextAttemptAt: string | null;
            createdAt: string;
            updatedAt: string;
        };
        WishlistItemInput: {
            productId: string;
            addedAt: string;
            product: components["schemas"]["ProductListItemInput"];
        };
        StockMovement: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            variantId: string;
            delta: number;
            /** @enum {string} */
            reason: "ORDER" | "CANCEL" | "RETURN" | "ADJUSTMENT" | "IMPORT" | "INITIAL";
            orderId: string | null;
            actorId: string | null;
            note: string | null;
            createdAt: string;
        };
        Error: {
            /** @constant */
            success: false;
            message: string;
            error: {
                code: string;
                details?: {
                    path: string;
                    message: string;
                }[];
            };
            requestId: string;
        };
        CartLine: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            variantId: string;
            /** Format: uuid */
            productId: string;
            name: string;
            sku: string;
            options: {
                [key: string]: string;
            };
            image: {
                /** Format: uuid */
                id: string;
                url: string;
                thumbnails: {
                    small: string;
                    medium: string;
                };
            } | null;
            /** @description Current price, minor units */
            unitPrice: number;
            quantity: number;
            lineTotal: number;
            availableStock: number;
            /** @description false when the product was archived or the variant deactivated */
            available: boolean;
            currency: string;
            addedAt: string;
        };
        Cart: {
            /** @description null for a guest who has not added anything yet */
            id: string | null;
            /** @description Guest carts only: send it back as X-Cart-Token */
            cartToken: string | null;
            items: components["schemas"]["CartLine"][];
            itemCount: number;
            subtotal: number;
            discount: number;
            total: number;
            currency: string;
            coupon: {
                code: string;
                /** @enum {string} */
                type: "PERCENT" | "FIXED";
                value: number;
                discount: number;
                /** @description false when the coupon no longer applies (discount is then 0) */
                valid: boolean;
                message: string | null;
            } | null;
            updatedAt: string | null;
        };
        User: {
            /** Format: uuid */
            id: string;
            email: string;
            name: string;
            phone: string | null;
            avatar: string | null;
            /** @enum {string} */
            role: "CUSTOMER" | "ADMIN";
            emailVerified: boolean;
            /** @description False for accounts that only sign in with Google */
            hasPassword: boolean;
            googleLinked: boolean;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
        };
        AdminUser: {
            /** Format: uuid */
            id: string;
            email: string;
            name: string;
            phone: string | null;
            avatar: string | null;
            /** @enum {string} */
            role: "CUSTOMER" | "ADMIN";
            emailVerified: boolean;
            /** @description False for accounts that only sign in with Google */
            hasPassword: boolean;
            googleLinked: boolean;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
            /**
             * @description BLOCKED while a block is in force, else UNVERIFIED until the email is verified, else ACTIVE
             * @enum {string}
             */
            status: "ACTIVE" | "UNVERIFIED" | "BLOCKED";
            /** @description Null while blocked indefinitely or not blocked */
            blockedUntil: string | null;
            blockedReason: string | null;
            lastLoginAt: string | null;
        };
        Address: {
            /** Format: uuid */
            id: string;
            fullName: string;
            line1: string;
            line2: string | null;
            city: string;
            state: string | null;
            postalCode: string;
            country: string;
            phone: string | null;
            isDefault: boolean;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
        };
        AuthResult: {
            /** @description JWT (HS256), send as Authorization: Bearer <accessToken> */
            accessToken: string;
            /** @description Opaque, single use: /auth/refresh returns a new one. Also set as an HttpOnly cookie. */
            refreshToken: string;
            /** @constant */
            tokenType: "Bearer";
            /** @description Access token lifetime in seconds */
            expiresIn: number;
            /** @description Refresh token lifetime in seconds */
            refreshExpiresIn: number;
            user: components["schemas"]["User"];
        };
        ShippingZone: {
            /** Format: uuid */
            id: string;
            name: string;
            countries: string[];
            regions: string[];
            createdAt: string;
            updatedAt: string;
        };
        ShippingMethod: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            zoneId: string;
            name: string;
            carrier: string | null;
            currency: string;
            /** @enum {string} */
            type: "FLAT" | "WEIGHT";
            price: number | null;
            rates: {
                upToGrams: number;
                price: number;
            }[] | null;
            freeOver: number | null;
            minDays: number | null;
            maxDays: number | null;
            active: boolean;
            createdAt: string;
            updatedAt: string;
        };
        ShippingOption: {
            /** Format: uuid */
            id: string;
            name: string;
            carrier: string | null;
            price: number;
            currency: string;
            minDays: number | null;
            maxDays: number | null;
        };
        TaxRate: {
            /** Format: uuid */
            id: string;
            name: string;
            country: string;
            region: string | null;
            taxClass: string;
            /** @description Basis points */
            rate: number;
            appliesToShipping: boolean;
            createdAt: string;
            updatedAt: string;
        };
        TaxLine: {
            name: string;
            /** @description Basis points */
            rate: number;
            /** @description Minor units */
            amount: number;
        };
        CartQuote: {
            subtotal: number;
            discount: number;
            shipping: number;
            shippingMethod: components["schemas"]["ShippingOption"] | null;
            tax: number;
            taxLines: components["schemas"]["TaxLine"][];
            /** @description Always 0 until store credit exists */
            storeCredit: number;
            total: number;
            currency: string;
            /** @description true: prices include the tax (PRICES_INCLUDE_TAX) */
            taxIncluded: boolean;
        };
        Category: {
            /** Format: uuid */
            id: string;
            name: string;
            slug: string;
            parentId: string | null;
            description: string | null;
            /** @description 0 for a root category */
            depth: number;
            /** @description Active products in this category and its sub-categories */
            productCount: number;
        };
        Brand: {
            /** Format: uuid */
            id: string;
            name: string;
            slug: string;
        };
        Tag: {
            /** Format: uuid */
            id: string;
            name: string;
            slug: string;
        };
        ProductImage: {
            /** Format: uuid */
            id: string;
            url: string;
            thumbnails: {
                small: string;
                medium: string;
            };
        };
        Variant: {
            /** Format: uuid */
            id: string;
            sku: string;
            options: {
                [key: string]: string;
            };
            price: number;
            compareAtPrice: number | null;
            currency: string;
            stock: number;
            inStock: boolean;
            /** @description Admins only */
            lowStockThreshold?: number;
            /** @description Admins only */
            active?: boolean;
        };
        Product: {
            /** Format: uuid */
            id: string;
            slug: string;
            name: string;
            description: string | null;
            /** @enum {string} */
            status: "ACTIVE" | "DRAFT" | "ARCHIVED";
            currency: string;
            category: {
                /** Format: uuid */
                id: string;
                name: string;
                slug: string;
            } | null;
            brand: {
                /** Format: uuid */
                id: string;
                name: string;
                slug: string;
            } | null;
            tags: {
                /** Format: uuid */
                id: string;
                name: string;
                slug: string;
            }[];
            options: {
                name: string;
                values: string[];
            }[];
            variants: components["schemas"]["Variant"][];
            images: components["schemas"]["ProductImage"][];
            priceMin: number;
            priceMax: number;
            inStock: boolean;
            rating: {
                average: number;
                count: number;
            };
            createdAt: string;
            updatedAt: string;
        };
        ProductListItem: {
            /** Format: uuid */
            id: string;
            slug: string;
            name: string;
            priceMin: number;
            priceMax: number;
            currency: string;
            inStock: boolean;
            rating: {
                average: number;
                count: number;
            };
            /** @description The primary (first) image */
            image: components["schemas"]["ProductImage"] | null;
        };
        ImportReport: {
            /** @enum {string} */
            mode: "per-row" | "all-or-nothing";
            rows: number;
            /** @description Rows that created a variant (and its product when new) */
            created: number;
            /** @description Rows that updated an existing SKU */
            updated: number;
            failed: number;
            errors: {
                /** @description Line in the file (header = 1) */
                row: number;
                sku: string | null;
                message: string;
            }[];
        };
        Coupon: {
            /** Format: uuid */
            id: string;
            code: string;
            description: string | null;
            /** @enum {string} */
            type: "PERCENT" | "FIXED";
            value: number;
            minSubtotal: number | null;
            maxDiscount: number | null;
            startsAt: string | null;
            expiresAt: string | null;
            usageLimit: number | null;
            perUserLimit: number | null;
            usedCount: number;
            active: boolean;
            createdAt: string;
            updatedAt: string;
        };
        Fulfillment: {
            /** Format: uuid */
            id: string;
            items: {
                /** Format: uuid */
                orderItemId: string;
                quantity: number;
            }[];
            carrier: string;
            trackingNumber: string;
            trackingUrl: string | null;
            createdAt: string;
            deliveredAt: string | null;
        };
        OrderSummary: {
            /** Format: uuid */
            id: string;
            orderNumber: string;
            /** Format: uuid */
            userId: string;
            customerEmail: string;
            /** @enum {string} */
            status: "PENDING" | "PAID" | "PROCESSING" | "SHIPPED" | "DELIVERED" | "CANCELLED" | "REFUNDED";
            /** @enum {string} */
            paymentStatus: "UNPAID" | "PENDING" | "PAID" | "FAILED" | "REFUNDED";
            /** @enum {string} */
            paymentMethod: "COD" | "STRIPE" | "RAZORPAY";
            currency: string;
            subtotal: number;
            discount: number;
            shipping: number;
            tax: number;
            total: number;
            itemCount: number;
            createdAt: string;
            updatedAt: string;
        };
        Order: {
            /** Format: uuid */
            id: string;
            orderNumber: string;
            /** Format: uuid */
            userId: string;
            customerEmail: string;
            /** @enum {string} */
            status: "PENDING" | "PAID" | "PROCESSING" | "SHIPPED" | "DELIVERED" | "CANCELLED" | "REFUNDED";
            /** @enum {string} */
            paymentStatus: "UNPAID" | "PENDING" | "PAID" | "FAILED" | "REFUNDED";
            /** @enum {string} */
            paymentMethod: "COD" | "STRIPE" | "RAZORPAY";
            currency: string;
            subtotal: number;
            discount: number;
            shipping: number;
            tax: number;
            total: number;
            itemCount: number;
            createdAt: string;
            updatedAt: string;
            customerName: string;
            couponCode: string | null;
            note: string | null;
            shippingAddress: {
                fullName: string;
                line1: string;
                line2: string | null;
                city: string;
                state: string | null;
                postalCode: string;
                country: string;
                phone: string | null;
            };
            payment: {
                /** @enum {string} */
                method: "COD" | "STRIPE" | "RAZORPAY";
                /** @enum {string} */
                status: "UNPAID" | "PENDING" | "PAID" | "FAILED" | "REFUNDED";
            };
            items: {
                /** Format: uuid */
                id: string;
                variantId: string | null;
                productId: string | null;
                name: string;
                sku: string;
                options: {
                    [key: string]: string;
                };
                unitPrice: number;
                quantity: number;
                lineTotal: number;
            }[];
            statusHistory: {
                fromStatus: ("PENDING" | "PAID" | "PROCESSING" | "SHIPPED" | "DELIVERED" | "CANCELLED" | "REFUNDED") | null;
                /** @enum {string} */
                toStatus: "PENDING" | "PAID" | "PROCESSING" | "SHIPPED" | "DELIVERED" | "CANCELLED" | "REFUNDED";
                /** @enum {string} */
                paymentStatus: "UNPAID" | "PENDING" | "PAID" | "FAILED" | "REFUNDED";
                actorId: string | null;
                /** @description CUSTOMER, ADMIN or SYSTEM */
                actorRole: string;
                note: string | null;
                createdAt: string;
            }[];
        };
        StripeCheckoutSession: {
            url: string;
            sessionId: string;
            /**
             * Format: uuid
             * @description Our payment attempt id
             */
            paymentId: string;
            /** @description Minor units */
            amount: number;
            currency: string;
        };
        RazorpayOrder: {
            razorpayOrderId: string;
            /** @description Minor units */
            amount: number;
            currency: string;
            keyId: string;
            /** Format: uuid */
            orderId: string;
            /**
             * Format: uuid
             * @description Our payment attempt id
             */
            paymentId: string;
        };
        Review: {
            id: string;
            productId: string;
            rating: number;
            title: string | null;
            body: string;
            author: {
                name: string;
            };
            helpfulCount: number;
            createdAt: string;
            updatedAt: string;
        };
        AdminReview: {
            id: string;
            productId: string;
            rating: number;
            title: string | null;
            body: string;
            author: {
                name: string;
            };
            helpfulCount: number;
            createdAt: string;
            updatedAt: string;
            userId: string;
            /** @enum {string} */
            status: "APPROVED" | "HIDDEN";
        };
        SynonymGroups: {
            groups: string[][];
        };
        WebhookEndpoint: {
            /** Format: uuid */
            id: string;
            url: string;
            events: string[];
            description: string | null;
            active: boolean;
            /** @description First failed attempt since the last success */
            failingSince: string | null;
            /** @description Set when the endpoint was disabled for failing too long */
            disabledAt: string | null;
            createdAt: string;
            updatedAt: string;
        };
        WebhookEndpointWithSecret: {
            /** Format: uuid */
            id: string;
            url: string;
            events: string[];
            description: string | null;
            active: boolean;
            /** @description First failed attempt since the last success */
            failingSince: string | null;
            /** @description Set when the endpoint was disabled for failing too long */
            disabledAt: string | null;
            createdAt: string;
            updatedAt: string;
            /** @description whsec_ + base64 of 32 random bytes; shown in this answer only */
            secret: string;
        };
        WebhookDelivery: {
            /** Format: uuid */
            id: string;
            /**
             * Format: uuid
             * @description The webhook-id header of every attempt
             */
            eventId: string;
            type: string;
            /** @description Attempts made so far */
            attempt: number;
            /** @enum {string} */
            status: "PENDING" | "SUCCEEDED" | "FAILED";
            responseStatus: number | null;
            durationMs: number | null;
            /** @description Why the last attempt failed */
            error: string | null;
            nextAttemptAt: string | null;
            createdAt: string;
            updatedAt: string;
        };
        WishlistItem: {
            productId: string;
            addedAt: string;
            product: components["schemas"]["ProductListItem"];
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
