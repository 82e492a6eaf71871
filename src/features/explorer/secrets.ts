// The one place that reads and writes connection secrets: VS Code SecretStorage only, under typed keys
// (core/connectionConfig.ts secretKey). Nothing else in the extension stores a password, passphrase or token.

import type * as vscode from 'vscode';
import { SECRET_KINDS, secretKey, type SecretKind } from '../../core/connectionConfig';

export class ConnectionSecrets {
  constructor(private readonly storage: vscode.SecretStorage) {}

  get(connectionId: string, kind: SecretKind): Thenable<string | undefined> {
    return this.storage.get(secretKey(connectionId, kind));
  }

  async set(connectionId: string, kind: SecretKind, value: string | undefined): Promise<void> {
    if (value === undefined || value === '') await this.storage.delete(secretKey(connectionId, kind));
    else await this.storage.store(secretKey(connectionId, kind), value);
  }

  /** Removes every secret of a connection (on remove, and on the old id when the bootstrap changes). */
  async deleteAll(connectionId: string): Promise<void> {
    for (const kind of SECRET_KINDS) await this.storage.delete(secretKey(connectionId, kind));
  }

  async move(fromId: string, toId: string): Promise<void> {
    if (fromId === toId) return;
    for (const kind of SECRET_KINDS) {
      const value = await this.get(fromId, kind);
      if (value !== undefined) await this.set(toId, kind, value);
    }
    await this.deleteAll(fromId);
  }
}
