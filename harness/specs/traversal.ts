// Chapter 4's security half: whatever the target says, nothing outside htdocs/ is served, and no
// dotfile inside it. Secrets are planted in a copy of the server's folder (next to htdocs/, one
// level further up, and as dotfiles inside it), then every escape spelling we know is sent raw,
// byte for byte, with no client to normalise it.
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Launched } from '../src/launch.ts';
import { parseResponse, requestHead } from '../src/raw-client.ts';
import type { CheckContext, Spec } from '../src/spec.ts';

// In the spellings: {auth} is the server's host:port, {up2} a file two levels above htdocs/ (next
// to the server's folder), {dir} the server's folder as an absolute path.

/** Ways to say "the parent folder" in one path segment. */
const PARENT = [
  '..',
  '%2e%2e',
  '%2E%2E',
  '%2e%2E',
  '.%2e',
  '%2e.',
  '.%2E',
  '%2E.',
  '%252e%252e', // double-encoded: decoded once, it is the file name "%2e%2e"
  '%c0%ae%c0%ae', // overlong UTF-8 for "."
  '%e0%80%ae%e0%80%ae', // overlong UTF-8, three bytes
  '%ef%bc%8e%ef%bc%8e', // FULLWIDTH FULL STOP, twice
  '..%00',
];

/** Ways to say "/" after it. */
const SEPARATOR = ['/', '%2f', '%2F', '\\', '%5c', '%5C', '%252f', '%c0%af', '%ef%bc%8f'];

export const OUTSIDE_SPELLINGS: string[] = [
  ...PARENT.flatMap((parent) => SEPARATOR.map((separator) => `/${parent}${separator}secret.txt`)),
  ...PARENT.map((parent) => `/${parent}/${parent}/{up2}`),
  '/..%2f..%2f{up2}',
  '/../../../../../../../../../../../../etc/passwd',
  `/${'%2e%2e/'.repeat(12)}etc/passwd`,
  `/${'..%2f'.repeat(12)}etc/passwd`,
  `/${'..\\'.repeat(12)}etc\\passwd`,
  `/${'.%2e/'.repeat(12)}etc/passwd`,
  `/${'../'.repeat(40)}etc/passwd`,
  '/blog/../../secret.txt',
  '/blog/%2e%2e/%2e%2e/secret.txt',
  '/blog/..%2f..%2fsecret.txt',
  '/blog/./../../secret.txt',
  '/blog/../../../{up2}',
  '/ipsum.html/../../secret.txt',
  '/./../secret.txt',
  '/.././secret.txt',
  '/./.././secret.txt',
  '/%2e/%2e%2e/secret.txt',
  '/....//secret.txt',
  '/....//....//secret.txt',
  '/..../secret.txt',
  '/.../secret.txt',
  '/..;/secret.txt',
  '/../secret.txt.',
  '/../secret.txt/',
  '/../secret.txt/.',
  '/../secret.txt%2e',
  '/../secret.txt?x=1',
  '/../secret.txt#top',
  '/../secret.txt%00.html',
  '/%2e%2e/secret.txt%00.html',
  '/index.html%00.txt',
  '/%00/../secret.txt',
  '/%u002e%u002e/secret.txt',
  '/..%u2215secret.txt',
  '/%e2%80%a4%e2%80%a4/secret.txt', // ONE DOT LEADER, twice
  '/etc/passwd',
  '//etc/passwd',
  '///etc/passwd',
  '/%2fetc/passwd',
  '/%2Fetc%2Fpasswd',
  '/\\etc\\passwd',
  '/%5cetc%5cpasswd',
  '/{dir}/secret.txt',
  '//{dir}/secret.txt',
  '/%2f{dir}/secret.txt',
  'file:///etc/passwd',
  'http://{auth}/../secret.txt',
  'http://{auth}/%2e%2e/secret.txt',
  'HTTP://{auth}/%2E%2E/secret.txt',
  'http://{auth}/..%2fsecret.txt',
  'http://{auth}/blog/../../secret.txt',
  'http://{auth}/../../{up2}',
  'http://{auth}//etc/passwd',
  'http://{auth}/../../../../../../../../etc/passwd',
];

export const DOTFILE_SPELLINGS: string[] = [
  '/.env',
  '/%2eenv',
  '/%2Eenv',
  '/.%65nv',
  '/%252eenv',
  '/%c0%aeenv',
  '/./.env',
  '//.env',
  '/.env?x=1',
  '/.env%00.html',
  '/.env/',
  '/.env.',
  '/blog/../.env',
  '/blog/%2e%2e/.env',
  '/blog/..%2f.env',
  '/.git/config',
  '/.git%2fconfig',
  '/%2egit/config',
  '/%2Egit%2Fconfig',
  '/.git/./config',
  '/.git//config',
  '/blog/../.git/config',
  '/.git/',
  '/.git',
  'http://{auth}/.env',
  'http://{auth}/.git/config',
];

interface Planted {
  server: Launched;
  /** Text that only the planted files hold: no response may contain any of it. */
  tokens: string[];
  fill(spelling: string): string;
  remove(): void;
}

/** A copy of the server's folder, with secrets outside its htdocs/ and dotfiles inside. */
async function plantSecrets(t: CheckContext): Promise<Planted> {
  const { server, dir } = await t.launchCopy();
  const token = () => `secret-${randomBytes(12).toString('hex')}`;
  const tokens = [token(), token(), token(), token()];
  const [outside, twoUp, dotenv, gitConfig] = tokens as [string, string, string, string];
  writeFileSync(join(dir, 'secret.txt'), `${outside}\n`);
  // Its name is not a token: an error page may repeat the path it was asked for.
  const up2 = `hfs-up2-${randomBytes(6).toString('hex')}.txt`;
  const up2File = join(dirname(dir), up2);
  writeFileSync(up2File, `${twoUp}\n`);
  writeFileSync(join(dir, 'htdocs', '.env'), `API_KEY=${dotenv}\n`);
  mkdirSync(join(dir, 'htdocs', '.git'), { recursive: true });
  writeFileSync(join(dir, 'htdocs', '.git', 'config'), `[core]\n\ttoken = ${gitConfig}\n`);
  return {
    server,
    tokens,
    fill: (spelling) =>
      spelling
        .replaceAll('{auth}', server.authority)
        .replaceAll('{up2}', up2)
        .replaceAll('{dir}', dir.slice(1)),
    remove: () => rmSync(up2File, { force: true }),
  };
}

/** What is wrong with the server's answer to one spelling; undefined when nothing is. */
async function problemWith(
  t: CheckContext,
  planted: Planted,
  target: string,
): Promise<string | undefined> {
  const { server } = planted;
  const connection = await t.connect(server).catch((error: Error) => error);
  if (connection instanceof Error) return `could not connect: ${connection.message}`;
  try {
    await connection.send(requestHead('GET', target, server.authority));
    const received = await connection.readUntilClose().catch(() => undefined);
    if (!received) return 'the server did not answer and close within 5 s';
    const text = received.toString('latin1');
    const leaked = planted.tokens.find((token) => text.includes(token));
    if (leaked) return 'the answer holds a planted secret: the file was served';
    if (/^root:.*:0:0:/m.test(text)) return 'the answer holds /etc/passwd';
    if (received.length === 0) return undefined; // a close without an answer is a refusal too
    const response = parseResponse(received, true);
    if (!response?.status) return `not an HTTP response: ${JSON.stringify(text.slice(0, 80))}`;
    const allowed = t.target.chapter <= 4 ? [400, 403, 404, 500] : [400, 403, 404];
    if (!allowed.includes(response.status))
      return `answered ${response.status}, expected one of ${allowed.join(', ')}`;
    const length = response.header('content-length');
    const bodyBytes = received.length - response.head.length;
    if (length !== undefined && Number(length) !== bodyBytes)
      return `Content-Length says ${length} but ${bodyBytes} bytes followed the head`;
    return undefined;
  } finally {
    connection.close();
  }
}

const SHOWN_PROBLEMS = 20;

/** Sends every spelling, then fails listing those that were answered wrongly. */
async function sendEvery(t: CheckContext, spellings: string[]): Promise<void> {
  const planted = await plantSecrets(t);
  try {
    const problems: string[] = [];
    let firstWrong: string | undefined;
    for (const spelling of spellings) {
      const target = planted.fill(spelling);
      const problem = await problemWith(t, planted, target);
      if (!problem) continue;
      firstWrong ??= target;
      problems.push(`  GET ${target}: ${problem}`);
    }
    console.log(`${t.target.name}: sent ${spellings.length} spellings raw`);
    if (firstWrong) {
      // Once more, so that the failure report below shows this exchange.
      await problemWith(t, planted, firstWrong);
      throw new Error(
        `${problems.length} of ${spellings.length} targets were answered wrongly (the secrets: secret.txt next to htdocs/, a file one folder further up, htdocs/.env and htdocs/.git/config):\n${problems.slice(0, SHOWN_PROBLEMS).join('\n')}${problems.length > SHOWN_PROBLEMS ? `\n  ... and ${problems.length - SHOWN_PROBLEMS} more` : ''}`,
      );
    }
    await t.stillServes(planted.server);
  } finally {
    planted.remove();
  }
}

/** The checks' names, for the mutants that they must catch. */
export const OUTSIDE_HTDOCS_CHECK = `never serves a file outside htdocs/: ${OUTSIDE_SPELLINGS.length} spellings of ../, encoded, doubled, backslashed, NUL, overlong UTF-8, absolute (sent raw)`;
export const DOTFILE_CHECK = `never serves a dotfile: htdocs/.env and htdocs/.git/config, ${DOTFILE_SPELLINGS.length} spellings (sent raw)`;

export const traversalSpec: Spec = {
  id: 'traversal',
  title: 'nothing outside htdocs/, no dotfiles',
  from: 4,
  checks: [
    {
      name: OUTSIDE_HTDOCS_CHECK,
      expensive: true,
      async run(t) {
        await sendEvery(t, OUTSIDE_SPELLINGS);
      },
    },
    {
      name: DOTFILE_CHECK,
      expensive: true,
      async run(t) {
        await sendEvery(t, DOTFILE_SPELLINGS);
      },
    },
  ],
};
