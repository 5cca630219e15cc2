// `confirm --email FILE.eml`: the customer's reply, read by mailparser (MIME, encodings,
// quoted-printable, GBK and the rest). What the customer wrote is the text body down to
// the quoted message it answers; who wrote it is the From header; when, the Date header.
import { readFileSync } from 'node:fs';
import { AftersalesError } from '../errors.js';

export interface Mail {
  said: string;
  /** "王工 <wang@example.com>" */
  from: string;
  /** the Date header, as an instant */
  at: Date;
  messageId: string | null;
}

// where a reply's own words end: the line that introduces the message it quotes
const QUOTE_START = [
  /^>/,
  /^On .+ wrote:$/,
  /^在.+写道[:：]$/,
  /^-{2,}\s*(Original Message|原始邮件|Forwarded message|转发的邮件)\s*-{2,}$/i,
  /^(From|发件人)[:：]\s*\S/,
];

/** The reply's own words: the text up to the quoted message (and the signature, `-- `). */
export function ownWords(text: string): string {
  const kept: string[] = [];
  for (const line of text.replace(/\r\n?/g, '\n').split('\n')) {
    const bare = line.trim();
    if (line === '-- ' || QUOTE_START.some((re) => re.test(bare))) break;
    kept.push(line);
  }
  return kept.join('\n').trim();
}

export async function readMail(path: string, shownAs: string): Promise<Mail> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    throw new AftersalesError('inputFileMissing', { file: shownAs });
  }
  const { simpleParser } = await import('mailparser');
  const mail = await simpleParser(bytes, { skipImageLinks: true, skipTextLinks: true });
  const from = mail.from?.value[0];
  if (!from?.address || !mail.date || Number.isNaN(mail.date.getTime()))
    throw new AftersalesError('emailNotMail', { file: shownAs });
  const said = ownWords(mail.text ?? '');
  if (!said) throw new AftersalesError('emailEmpty', { file: shownAs });
  return {
    said,
    from: from.name ? `${from.name} <${from.address}>` : from.address,
    at: mail.date,
    messageId: mail.messageId ?? null,
  };
}
