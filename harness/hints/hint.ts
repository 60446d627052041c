// What `npm run exercise -- hint` tells a learner about a check, in three levels, one per call:
// 1. what the check expects, in one sentence, with the RFC section behind it;
// 2. where the chapter explains it (a heading of docs/chapters/NN-name.md);
// 3. the reference code: a #region of the chapter's step, shown as a diff against the learner's
//    file when they write TypeScript.

export interface Hint {
  /** Level 1: one sentence, e.g. "Every line of the head ends with CRLF (\r\n), the blank line too." */
  expects: string;
  /** The RFC section it rests on, e.g. "RFC 9112 §2.1"; omitted for course rules (the step contract). */
  rfc?: string;
  /** Level 2: the chapter (its number) and the heading text that explains it, exactly as written. */
  chapter: number;
  heading: string;
  /** Level 3: a file of that chapter's step and a `// #region NAME` in it. */
  code: { file: string; region: string };
}
