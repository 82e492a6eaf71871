// Saved connections: the shareable `kafkaPlanner.clusters` setting (no secrets) plus SecretStorage, turned into the
// ConnectionSettings src/kafka needs (CA / certificate / key files read here, secrets fetched on demand).

import * as vscode from 'vscode';
import { readFile } from 'node:fs/promises';
import { connectionId, connectionToSetting, readConnections, type ClusterConnectionConfig } from '../../core/connectionConfig';
import type { ConnectionSettings } from '../../kafka/connection';
import type { Services } from '../../services';
import type { ConnectionSecrets } from './secrets';
import { InputError } from '../../core/errors';

export const CLUSTERS_SETTING = 'clusters';

export class ConnectionStore {
  private lastError: string | undefined;

  constructor(
    private readonly services: Services,
    readonly secrets: ConnectionSecrets,
  ) {}

  /** The saved connections; a broken setting is logged once and reads as none (the tree shows the error). */
  all(): ClusterConnectionConfig[] {
    const raw = this.services.settings.savedClustersRaw;
    try {
      const list = readConnections(raw, 'settings kafkaPlanner.clusters');
      this.lastError = undefined;
      return list;
    } catch (err) {
      const message = (err as Error).message;
      if (message !== this.lastError) this.services.log.error(message);
      this.lastError = message;
      return [];
    }
  }

  settingError(): string | undefined {
    this.all();
    return this.lastError;
  }

  byId(id: string): ClusterConnectionConfig | undefined {
    return this.all().find((c) => connectionId(c) === id);
  }

  private async write(list: ClusterConnectionConfig[]): Promise<void> {
    await vscode.workspace
      .getConfiguration('kafkaPlanner')
      .update(CLUSTERS_SETTING, list.map(connectionToSetting), vscode.ConfigurationTarget.Global);
  }

  /** Adds or replaces (by previous id) a connection; moves its secrets when the bootstrap (and so the id) changed. */
  async save(config: ClusterConnectionConfig, previousId?: string): Promise<void> {
    const list = this.all().filter((c) => connectionId(c) !== (previousId ?? connectionId(config)));
    const index = previousId ? this.all().findIndex((c) => connectionId(c) === previousId) : -1;
    if (index >= 0) list.splice(index, 0, config);
    else list.push(config);
    await this.write(list);
    if (previousId) await this.secrets.move(previousId, connectionId(config));
  }

  async remove(id: string): Promise<void> {
    await this.write(this.all().filter((c) => connectionId(c) !== id));
    await this.secrets.deleteAll(id);
  }

  /** Everything src/kafka needs to connect, with files read and secrets fetched. Errors name the file. */
  async connectionSettings(config: ClusterConnectionConfig): Promise<ConnectionSettings> {
    const id = connectionId(config);
    const settings: ConnectionSettings = {
      bootstrap: config.bootstrap,
      connectTimeoutMs: this.services.settings.connectTimeoutMs,
      requestTimeoutMs: this.services.settings.requestTimeoutMs,
    };
    if (config.tls) {
      const read = async (path: string | undefined, what: string): Promise<string | undefined> => {
        if (!path) return undefined;
        try {
          return await readFile(path, 'utf8');
        } catch (err) {
          throw new InputError(
            `Cannot read the ${what} of "${config.name}" at ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}. Edit the cluster to fix the path.`,
            { cause: err },
          );
        }
      };
      const passphrase = config.tls.keyFile ? await this.secrets.get(id, 'keyPassphrase') : undefined;
      settings.tls = {
        rejectUnauthorized: !config.tls.skipVerification,
        ca: await read(config.tls.caFile, 'CA file'),
        cert: await read(config.tls.certFile, 'client certificate'),
        key: await read(config.tls.keyFile, 'client key'),
        ...(passphrase ? { passphrase } : {}),
      };
    }
    if (config.sasl) {
      if (config.sasl.mechanism === 'AWS_MSK_IAM') {
        const { mskIamTokenProvider } = await import('../../kafka/mskIam');
        settings.sasl = {
          mechanism: 'OAUTHBEARER',
          token: mskIamTokenProvider({ region: config.sasl.region ?? '', awsProfile: config.sasl.awsProfile }),
        };
      } else {
        const password = await this.secrets.get(id, 'saslPassword');
        if (password === undefined)
          throw new InputError(`No password is stored for "${config.name}" on this machine: use "Edit Cluster" to enter it.`);
        settings.sasl = { mechanism: config.sasl.mechanism, username: config.sasl.username ?? '', password };
      }
    }
    return settings;
  }
}
