/**
 * Who is calling: the account an access key belongs to, and (strict mode) its secret.
 * As on the usual local AWS tooling: a 12-digit access key id is the account id itself; any
 * other key maps to the configured default account (000000000000) unless the map names it.
 */
export const DEFAULT_ACCOUNT = '000000000000';
export const DEFAULT_REGION = 'us-east-1';

export interface Credential {
  accessKeyId: string;
  secretAccessKey: string;
  accountId?: string;
}

export class AccountMap {
  private readonly byKey = new Map<string, Credential>();

  constructor(
    credentials: Credential[] = [],
    readonly defaultAccount = DEFAULT_ACCOUNT,
  ) {
    for (const c of credentials) this.byKey.set(c.accessKeyId, c);
  }

  accountFor(accessKeyId: string | undefined): string {
    if (!accessKeyId) return this.defaultAccount;
    const known = this.byKey.get(accessKeyId)?.accountId;
    if (known) return known;
    if (/^\d{12}$/.test(accessKeyId)) return accessKeyId;
    return this.defaultAccount;
  }

  secretFor(accessKeyId: string): string | undefined {
    return this.byKey.get(accessKeyId)?.secretAccessKey;
  }

  /** Parses "AKID:SECRET[:ACCOUNT],..." as given by --credentials / GATEHOUSE_CREDENTIALS. */
  static parse(spec: string | undefined, defaultAccount = DEFAULT_ACCOUNT): AccountMap {
    const creds: Credential[] = [];
    for (const entry of (spec ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
      const [accessKeyId, secretAccessKey, accountId] = entry.split(':');
      if (!accessKeyId || !secretAccessKey) throw new Error(`Invalid credential '${entry}': expected ACCESS_KEY_ID:SECRET[:ACCOUNT_ID]`);
      if (accountId !== undefined && !/^\d{12}$/.test(accountId)) throw new Error(`Invalid account id '${accountId}' for ${accessKeyId}: expected 12 digits`);
      creds.push({ accessKeyId, secretAccessKey, accountId });
    }
    return new AccountMap(creds, defaultAccount);
  }
}
