// The schemas use zod's small build ("mini"): the classic one's parser at a third of the size,
// loaded in half the time (18 against 32 ms for the issue schema), which every single-issue
// command pays. Unlike the classic build it sets no messages: these are the classic's English
// ones, which ../store/problems.ts shows where a schema gives none of its own.
import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

config(en());
