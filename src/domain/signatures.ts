// Whose key signed a commit. People's keys are in the config (`signing_keys`: "ssh-ed25519
// AAAA…" or "gpg:FINGERPRINT"), read as the config stood before the commit; git checks an
// SSH signature against those keys (an allowed-signers file made from them, each key under
// its person's id) and a GPG one against the keyring, giving the key's fingerprint. A commit
// passes when the key is one of the author's own: a valid signature by someone else's key,
// or by a key no one in the config holds, does not.
import { createHash } from 'node:crypto';
import type { Config, Person } from './config.js';

export interface Signature {
  /** git's %G?: G good, U good but of unknown validity, N none, B bad, E cannot be checked … */
  status: string;
  /** %GS: for SSH, the person id the allowed-signers file gave the key */
  signer: string;
  /** %GF and %GP: the signing key's and its primary key's fingerprints (GPG) */
  fingerprints: string[];
}

/** The allowed-signers file of a config: a line per SSH key, its person's id as the principal. */
export function allowedSigners(config: Config): string {
  return config.people
    .flatMap((p) =>
      (p.signing_keys ?? []).filter((k) => !k.startsWith('gpg:')).map((k) => `${p.id} namespaces="git" ${k.trim()}\n`),
    )
    .join('');
}

const bare = (fingerprint: string) => fingerprint.replace(/\s+/g, '').toUpperCase();

/** An SSH public key's fingerprint as git and ssh-keygen print it: SHA256:<base64, unpadded>. */
export function sshFingerprint(key: string): string | null {
  const blob = key.trim().split(/\s+/)[1];
  if (!blob || key.startsWith('gpg:')) return null;
  return `SHA256:${createHash('sha256').update(Buffer.from(blob, 'base64')).digest('base64').replace(/=+$/, '')}`;
}

/** Why the signature does not prove `person` made the commit; null when it does. */
export function signatureProblem(sig: Signature, person: Person | undefined, email: string): string | null {
  if (sig.status === 'N') return 'not signed';
  if (!person) return `signed, but its author ${email} is no person of the config`;
  const keys = person.signing_keys ?? [];
  if (!keys.length) return `signed, but ${person.id} has no signing_keys in the config`;
  const [fingerprint = '', primary = ''] = sig.fingerprints;
  // SSH: valid against the allowed signers (G), and the key one of the author's
  if (fingerprint.startsWith('SHA256:')) {
    if (sig.status === 'G' && keys.some((k) => sshFingerprint(k) === fingerprint)) return null;
  } else {
    const gpg = keys.filter((k) => k.startsWith('gpg:')).map((k) => bare(k.slice(4)));
    if ((sig.status === 'G' || sig.status === 'U') && [fingerprint, primary].some((f) => f && gpg.includes(bare(f))))
      return null;
  }
  if (sig.status === 'B') return 'a bad signature';
  if (sig.signer && sig.signer !== person.id) return `signed with a key of ${sig.signer}, not of ${person.id}`;
  return `signed with a key${fingerprint ? ` (${fingerprint})` : ''} that is not among ${person.id}'s signing_keys`;
}
