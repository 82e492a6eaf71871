// "Add Cluster" / "Edit Cluster": a multi-step QuickInput with a back button and validation on every step
// (pattern of vscode-extension-samples quickinput-sample/src/multiStepInput.ts). Returns the connection and the
// secrets the user typed; the caller stores them (settings without secrets, SecretStorage for the rest).

import { stat } from 'node:fs/promises';
import {
  parseBootstrap,
  validateAwsRegion,
  validateConnectionName,
  validateSaslUsername,
  type ClusterConnectionConfig,
  type SaslMechanism,
} from '../../core/connectionConfig';
import { BROKER_CATALOG } from '../../core/sizing/catalog';
import { BACK, inputStep, pickStep } from '../quickInput';

export interface WizardResult {
  config: ClusterConnectionConfig;
  /** undefined = keep the stored one (edit), '' = none. */
  saslPassword?: string;
  keyPassphrase?: string;
}

class BackPressed extends Error {}

interface State {
  name: string;
  bootstrap: string;
  tls: boolean;
  ca: 'system' | 'file' | 'skip';
  caFile: string;
  mtls: boolean;
  certFile: string;
  keyFile: string;
  keyPassphrase?: string;
  auth: 'none' | SaslMechanism;
  username: string;
  password?: string;
  region: string;
  awsProfile: string;
  brokerType: string;
}

type Step = (s: State) => Promise<void>;

/** One InputBox step (see ../quickInput); Back surfaces as the BackPressed exception the step loop catches. */
async function inputBox(opts: {
  title: string;
  step: number;
  value: string;
  prompt: string;
  placeholder?: string;
  password?: boolean;
  validate: (v: string) => string | undefined | Promise<string | undefined>;
}): Promise<string> {
  const text = await inputStep(opts);
  if (text === BACK) throw new BackPressed();
  return text;
}

/** One single-choice QuickPick step (see ../quickInput). */
async function pick<T extends string>(opts: {
  title: string;
  step: number;
  placeholder: string;
  items: { id: T; label: string; description?: string; detail?: string }[];
  active?: T;
}): Promise<T> {
  const chosen = await pickStep({
    title: opts.title,
    step: opts.step,
    placeholder: opts.placeholder,
    items: opts.items.map((i) => ({ ...i, value: i.id, picked: i.id === opts.active })),
  });
  if (chosen === BACK) throw new BackPressed();
  return chosen[0];
}

async function fileProblem(path: string, what: string): Promise<string | undefined> {
  if (!path.trim()) return `Enter the path of the ${what} (PEM).`;
  try {
    const s = await stat(path.trim());
    return s.isFile() ? undefined : `${path} is not a file.`;
  } catch {
    return `No file at ${path}: give the absolute path of the ${what}.`;
  }
}

/** Runs the wizard. `existing` pre-fills it (edit); `otherNames` are the names the new one must not take. */
export async function runConnectionWizard(otherNames: string[], existing?: ClusterConnectionConfig): Promise<WizardResult> {
  const title = existing ? `Edit Cluster "${existing.name}"` : 'Add Kafka Cluster';
  const s: State = {
    name: existing?.name ?? '',
    bootstrap: existing?.bootstrap.join(',') ?? '',
    tls: !!existing?.tls,
    ca: existing?.tls?.skipVerification ? 'skip' : existing?.tls?.caFile ? 'file' : 'system',
    caFile: existing?.tls?.caFile ?? '',
    mtls: !!existing?.tls?.certFile,
    certFile: existing?.tls?.certFile ?? '',
    keyFile: existing?.tls?.keyFile ?? '',
    auth: existing?.sasl?.mechanism ?? 'none',
    username: existing?.sasl?.username ?? '',
    region: existing?.sasl?.region ?? '',
    awsProfile: existing?.sasl?.awsProfile ?? '',
    brokerType: existing?.brokerType ?? 'unknown',
  };

  const steps: Step[] = [
    async () => {
      s.name = (
        await inputBox({
          title,
          step: 1,
          value: s.name,
          prompt: 'A name for this cluster (shown in the tree)',
          placeholder: 'prod-eu',
          validate: (v) => validateConnectionName(v, otherNames),
        })
      ).trim();
    },
    async () => {
      s.bootstrap = await inputBox({
        title,
        step: 2,
        value: s.bootstrap,
        prompt: 'Bootstrap servers: host:port, comma-separated for several',
        placeholder: 'b-1.mycluster.kafka.us-east-1.amazonaws.com:9094',
        validate: (v) => {
          try {
            parseBootstrap(v);
            return undefined;
          } catch (err) {
            return (err as Error).message;
          }
        },
      });
    },
    async () => {
      s.auth = await pick<State['auth']>({
        title,
        step: 3,
        placeholder: 'How do clients authenticate?',
        active: s.auth,
        items: [
          { id: 'none', label: 'No authentication', description: 'PLAINTEXT or TLS only' },
          { id: 'SCRAM-SHA-512', label: 'SASL/SCRAM-SHA-512', description: 'user name + password (MSK SASL/SCRAM)' },
          { id: 'SCRAM-SHA-256', label: 'SASL/SCRAM-SHA-256', description: 'user name + password' },
          { id: 'PLAIN', label: 'SASL/PLAIN', description: 'user name + password; use it only over TLS' },
          { id: 'AWS_MSK_IAM', label: 'AWS MSK IAM', description: 'SASL/OAUTHBEARER signed with your AWS credentials (always over TLS)' },
        ],
      });
      if (s.auth === 'AWS_MSK_IAM') s.tls = true;
    },
    async () => {
      if (s.auth === 'AWS_MSK_IAM') return; // IAM is TLS-only on MSK (port 9098)
      const choice = await pick<'plain' | 'tls'>({
        title,
        step: 4,
        placeholder: 'Encryption on the wire',
        active: s.tls ? 'tls' : 'plain',
        items: [
          { id: 'tls', label: 'TLS', description: s.auth === 'none' ? 'SSL listener' : 'SASL_SSL listener' },
          {
            id: 'plain',
            label: 'No TLS',
            description: s.auth === 'none' ? 'PLAINTEXT listener' : 'SASL_PLAINTEXT listener: credentials travel unencrypted',
          },
        ],
      });
      s.tls = choice === 'tls';
    },
    async () => {
      if (!s.tls) return;
      s.ca = await pick<State['ca']>({
        title,
        step: 5,
        placeholder: "How to verify the brokers' certificates",
        active: s.ca,
        items: [
          { id: 'system', label: 'Trust the system CAs', description: 'public CAs (MSK uses Amazon Trust Services)' },
          { id: 'file', label: 'Trust a CA file…', description: 'a PEM file with your private CA' },
          {
            id: 'skip',
            label: '$(warning) Skip certificate verification',
            description: 'INSECURE: anyone can impersonate the brokers. Labs only.',
          },
        ],
      });
      if (s.ca === 'file') {
        s.caFile = (
          await inputBox({
            title,
            step: 5,
            value: s.caFile,
            prompt: 'Path of the CA certificate file (PEM)',
            placeholder: '/etc/kafka/ca.pem',
            validate: (v) => fileProblem(v, 'CA certificate'),
          })
        ).trim();
      }
    },
    async () => {
      if (!s.tls || s.auth === 'AWS_MSK_IAM') return;
      const choice = await pick<'no' | 'yes'>({
        title,
        step: 6,
        placeholder: 'Client certificate (mutual TLS)?',
        active: s.mtls ? 'yes' : 'no',
        items: [
          { id: 'no', label: 'No client certificate' },
          { id: 'yes', label: 'Client certificate and key (mTLS)…', description: 'PEM files; a key passphrase is kept in secret storage' },
        ],
      });
      s.mtls = choice === 'yes';
      if (!s.mtls) return;
      s.certFile = (
        await inputBox({
          title,
          step: 6,
          value: s.certFile,
          prompt: 'Path of the client certificate (PEM)',
          validate: (v) => fileProblem(v, 'client certificate'),
        })
      ).trim();
      s.keyFile = (
        await inputBox({
          title,
          step: 6,
          value: s.keyFile,
          prompt: 'Path of the client private key (PEM)',
          validate: (v) => fileProblem(v, 'client key'),
        })
      ).trim();
      s.keyPassphrase = await inputBox({
        title,
        step: 6,
        value: '',
        password: true,
        prompt: existing
          ? 'Key passphrase (leave empty to keep the stored one or for none)'
          : 'Key passphrase (leave empty when the key has none)',
        validate: () => undefined,
      });
    },
    async () => {
      if (s.auth === 'none') return;
      if (s.auth === 'AWS_MSK_IAM') {
        s.region = (
          await inputBox({
            title,
            step: 7,
            value: s.region,
            prompt: 'AWS region of the cluster',
            placeholder: 'us-east-1',
            validate: (v) => validateAwsRegion(v),
          })
        ).trim();
        s.awsProfile = (
          await inputBox({
            title,
            step: 7,
            value: s.awsProfile,
            prompt: 'AWS profile (~/.aws/config); leave empty for the default credential chain',
            validate: (v) => (/\s/.test(v.trim()) ? 'A profile name has no spaces.' : undefined),
          })
        ).trim();
        return;
      }
      s.username = await inputBox({
        title,
        step: 7,
        value: s.username,
        prompt: `${s.auth} user name`,
        validate: (v) => validateSaslUsername(v),
      });
      s.password = await inputBox({
        title,
        step: 7,
        value: '',
        password: true,
        prompt:
          existing?.sasl && existing.sasl.mechanism !== 'AWS_MSK_IAM'
            ? 'Password (leave empty to keep the stored one); kept in VS Code secret storage, never in settings'
            : 'Password; kept in VS Code secret storage, never in settings',
        validate: (v) => (v === '' && !(existing?.sasl && existing.sasl.mechanism !== 'AWS_MSK_IAM') ? 'Enter the password.' : undefined),
      });
    },
    async () => {
      s.brokerType = await pick<string>({
        title,
        step: 8,
        placeholder: 'Broker type (compares partitions per broker with MSK’s recommended limit)',
        active: s.brokerType,
        items: [
          { id: 'unknown', label: 'Unknown / self-managed', description: 'no partition limit shown' },
          ...BROKER_CATALOG.map((t) => ({
            id: t.id,
            label: t.id,
            description: `${t.partitionsRecommended} partitions per broker recommended, ${t.partitionsMax} max`,
          })),
        ],
      });
    },
  ];

  for (let i = 0; i < steps.length;) {
    try {
      await steps[i](s);
      i++;
    } catch (err) {
      if (!(err instanceof BackPressed)) throw err;
      i = Math.max(0, i - 1);
      // skip steps that do nothing for this choice when going back
      while (i > 0 && skipped(i, s)) i--;
    }
  }

  const config: ClusterConnectionConfig = { name: s.name, bootstrap: parseBootstrap(s.bootstrap) };
  if (s.tls) {
    config.tls = {};
    if (s.ca === 'file') config.tls.caFile = s.caFile;
    if (s.ca === 'skip') config.tls.skipVerification = true;
    if (s.mtls && s.auth !== 'AWS_MSK_IAM') {
      config.tls.certFile = s.certFile;
      config.tls.keyFile = s.keyFile;
    }
  }
  if (s.auth === 'AWS_MSK_IAM')
    config.sasl = { mechanism: 'AWS_MSK_IAM', region: s.region, ...(s.awsProfile ? { awsProfile: s.awsProfile } : {}) };
  else if (s.auth !== 'none') config.sasl = { mechanism: s.auth, username: s.username };
  if (s.brokerType !== 'unknown') config.brokerType = s.brokerType;
  return {
    config,
    saslPassword: s.auth !== 'none' && s.auth !== 'AWS_MSK_IAM' && s.password ? s.password : undefined,
    keyPassphrase: s.mtls && s.keyPassphrase ? s.keyPassphrase : undefined,
  };
}

function skipped(i: number, s: State): boolean {
  if (i === 3) return s.auth === 'AWS_MSK_IAM';
  if (i === 4) return !s.tls;
  if (i === 5) return !s.tls || s.auth === 'AWS_MSK_IAM';
  if (i === 6) return s.auth === 'none';
  return false;
}
