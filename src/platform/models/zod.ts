// zod as flowctl's models use it: zod/mini (functions rather than methods, so that a bundle holds only what the
// models call: a command starts ≈ 5 ms sooner than with zod's classic API), with zod's English messages, which
// zod/mini leaves out unless asked and which flowctl shows when a body breaks a rule it gave no message for.
// Every model imports z from here, never from zod itself, so that the messages are always configured.

import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';

z.config(en());

export * from 'zod/mini';
