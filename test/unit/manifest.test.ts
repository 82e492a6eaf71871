// package.json and the code agree: every contributed command is registered and every registered one contributed,
// menus name real commands, every restorable panel has its activation event, the settings and their defaults are
// exactly src/core/settings.ts's, and the Flink rule-id enums are exactly the core's rule ids.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { RULE_IDS } from '../../src/core/flink/rules';
import { SETTINGS_SECTION, SETTING_DEFAULTS } from '../../src/core/settings';

const repo = join(__dirname, '..', '..', '..');
const manifest = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));
const contributes = manifest.contributes;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? sources(full) : full.endsWith('.ts') ? [full] : [];
  });
}
const hostCode = sources(join(repo, 'src'))
  .map((f) => readFileSync(f, 'utf8'))
  .join('\n');

describe('package.json and the code agree', () => {
  it('registers exactly the contributed commands (through the one registerCommand wrapper)', () => {
    const contributed = new Set<string>(contributes.commands.map((c: { command: string }) => c.command));
    // ids written literally or through a string constant (const SIZE_KAFKA_COMMAND = 'kafkaPlanner.sizeKafkaCluster')
    const constants = new Map([...hostCode.matchAll(/const (\w+) = '(kafkaPlanner\.[^']+)'/g)].map((m) => [m[1], m[2]]));
    const registered = new Set(
      [...hostCode.matchAll(/registerCommand\(\s*services,\s*(?:'([^']+)'|(\w+))/g)].map(
        (m) => m[1] ?? constants.get(m[2]) ?? `unresolved constant ${m[2]}`,
      ),
    );
    assert.ok(registered.size >= 20, `found only ${registered.size} registrations`);
    assert.deepEqual([...contributed].filter((c) => !registered.has(c)).sort(), [], 'contributed but never registered');
    assert.deepEqual([...registered].filter((c) => !contributed.has(c)).sort(), [], 'registered but not contributed');
  });

  it('menus and view/title items name contributed commands', () => {
    const contributed = new Set<string>(contributes.commands.map((c: { command: string }) => c.command));
    const named = Object.values(contributes.menus as Record<string, { command: string }[]>)
      .flat()
      .map((m) => m.command);
    assert.deepEqual(
      named.filter((c) => !contributed.has(c)),
      [],
    );
  });

  it('declares an onWebviewPanel activation event for every panel with a serializer', () => {
    const viewTypes = [...hostCode.matchAll(/export const \w+_VIEW_TYPE = '([^']+)'/g)].map((m) => m[1]).sort();
    assert.ok(viewTypes.length >= 3, `found ${viewTypes.length} view types`);
    const events = (manifest.activationEvents as string[])
      .filter((e) => e.startsWith('onWebviewPanel:'))
      .map((e) => e.slice('onWebviewPanel:'.length))
      .sort();
    assert.deepEqual(events, viewTypes);
  });

  it('contributes exactly the settings of src/core/settings.ts, with the same defaults', () => {
    const properties = contributes.configuration.properties as Record<string, { default: unknown }>;
    const declared = Object.keys(properties)
      .map((k) => k.slice(SETTINGS_SECTION.length + 1))
      .sort();
    assert.deepEqual(declared, Object.keys(SETTING_DEFAULTS).sort());
    for (const [key, value] of Object.entries(SETTING_DEFAULTS)) {
      assert.deepEqual(properties[`${SETTINGS_SECTION}.${key}`].default, value, `default of ${SETTINGS_SECTION}.${key}`);
    }
  });

  it('has one KPU price setting, shared by sizing and the Flink lens', () => {
    const keys = Object.keys(contributes.configuration.properties).filter((k) => /kpu.*price/i.test(k));
    assert.deepEqual(keys, ['kafkaPlanner.sizing.kpuHourPriceUsd']);
  });

  it('lists exactly the core rule ids in the Flink lens rule settings', () => {
    const properties = contributes.configuration.properties;
    assert.deepEqual([...properties['kafkaPlanner.flinkLens.disabledRules'].items.enum].sort(), [...RULE_IDS].sort());
    assert.deepEqual([...properties['kafkaPlanner.flinkLens.ruleSeverities'].propertyNames.enum].sort(), [...RULE_IDS].sort());
  });

  it('reads settings only through the one Settings class', () => {
    const shell = join('src', 'features', 'shell.ts');
    const readers = sources(join(repo, 'src'))
      .filter(
        (f) => !f.endsWith('services.ts') && !f.endsWith(shell) && /getConfiguration\([^)]*\)\s*\.get\b/.test(readFileSync(f, 'utf8')),
      )
      .map((f) => f.slice(repo.length + 1));
    assert.deepEqual(readers, []);
  });

  it('activation reads its start-up settings without defaults of its own (VS Code returns the contributed default)', () => {
    const text = readFileSync(join(repo, 'src', 'features', 'shell.ts'), 'utf8');
    const reads = [...text.matchAll(/\bconfig\.get(?:<[^>]*>)?\(([^)]*)\)/g)].map((m) => m[1]);
    assert.deepEqual(reads, ["'clusters'", "'reconnectOnStartup'"]);
    for (const key of ['clusters', 'reconnectOnStartup'])
      assert.ok(Object.hasOwn(contributes.configuration.properties, `kafkaPlanner.${key}`), `kafkaPlanner.${key} is not contributed`);
  });
});

interface WalkthroughStep {
  id: string;
  title: string;
  description: string;
  media: { image?: string; svg?: string; altText?: string };
  completionEvents?: string[];
}

/** Width and height of a PNG from its IHDR chunk. */
function pngSize(file: string): { width: number; height: number } {
  const b = readFileSync(file);
  assert.equal(b.subarray(1, 4).toString('latin1'), 'PNG', `${file} is not a PNG`);
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

describe('the first hour: walkthrough, welcome view and Marketplace fields', () => {
  const walkthroughs = contributes.walkthroughs as { id: string; steps: WalkthroughStep[] }[];
  const contributed = new Set<string>(contributes.commands.map((c: { command: string }) => c.command));

  it('the walkthrough the first run opens is the contributed one', () => {
    // read from the source: the onboarding feature imports vscode
    const WALKTHROUGH_ID = /export const WALKTHROUGH_ID = '([^']+)'/.exec(hostCode)?.[1];
    assert.ok(WALKTHROUGH_ID, 'no WALKTHROUGH_ID in src/features/onboarding');
    assert.equal(walkthroughs.length, 1);
    assert.equal(WALKTHROUGH_ID, `${manifest.publisher}.${manifest.name}#${walkthroughs[0].id}`);
    const welcome = (contributes.viewsWelcome as { contents: string }[]).map((w) => w.contents).join('\n');
    assert.ok(
      welcome.includes(`command:workbench.action.openWalkthrough?${encodeURIComponent(JSON.stringify([WALKTHROUGH_ID]))}`),
      'the welcome view links the walkthrough',
    );
  });

  it('walks through connect, skew, plan, size and Flink, each step with a button of a contributed command', () => {
    const steps = walkthroughs[0].steps;
    assert.deepEqual(
      steps.map((s) => s.id),
      ['connect', 'skew', 'plan', 'size', 'flink'],
    );
    for (const step of steps) {
      // a link alone on its line is a button
      const buttons = [...step.description.matchAll(/^\[[^\]]+\]\(command:([\w.]+)\)$/gm)].map((m) => m[1]);
      assert.ok(buttons.length > 0, `${step.id}: no button`);
      for (const b of buttons) assert.ok(contributed.has(b), `${step.id}: button runs ${b}, which is not contributed`);
    }
  });

  it('completes each step on the real action: a contributed command, or a context key the extension sets', () => {
    for (const step of walkthroughs[0].steps) {
      assert.ok(step.completionEvents?.length, `${step.id}: no completion event (it would complete on being selected)`);
      for (const event of step.completionEvents!) {
        const [kind, what] = [event.slice(0, event.indexOf(':')), event.slice(event.indexOf(':') + 1)];
        if (kind === 'onCommand') assert.ok(contributed.has(what), `${step.id}: ${event} names no contributed command`);
        else if (kind === 'onContext') {
          // setContext with the key written literally or through a string constant
          const names = [`'${what}'`, ...[...hostCode.matchAll(/const (\w+) = '([^']+)'/g)].filter((m) => m[2] === what).map((m) => m[1])];
          assert.ok(
            names.some((n) => hostCode.includes(`'setContext', ${n}`)),
            `${step.id}: nothing sets the context key ${what}`,
          );
        } else assert.fail(`${step.id}: unexpected completion event ${event}`);
      }
    }
  });

  it('every step has an image with alt text, and the image exists', () => {
    for (const step of walkthroughs[0].steps) {
      const image = step.media.image ?? step.media.svg;
      assert.ok(image, `${step.id}: no media`);
      assert.ok(step.media.altText && step.media.altText.length > 20, `${step.id}: no alt text`);
      assert.ok(existsSync(join(repo, image)), `${step.id}: ${image} missing`);
    }
  });

  it('has a 128 x 128 PNG icon, a gallery banner, categories and keywords', () => {
    assert.match(manifest.icon, /\.png$/);
    assert.deepEqual(pngSize(join(repo, manifest.icon)), { width: 128, height: 128 });
    assert.match(manifest.galleryBanner.color, /^#[0-9a-f]{6}$/i);
    assert.ok(['dark', 'light'].includes(manifest.galleryBanner.theme));
    assert.ok(manifest.categories.length >= 2 && manifest.categories.length <= 3);
    assert.ok(manifest.keywords.length >= 5 && manifest.keywords.length <= 30, 'vsce allows at most 30 keywords');
  });

  it('offers the demo cluster and adding a cluster in the welcome view', () => {
    const welcome = (contributes.viewsWelcome as { view: string; contents: string }[]).find((w) => w.view === 'kafkaPlanner.clusters');
    assert.ok(welcome);
    assert.match(welcome.contents, /^\[Add Cluster…\]\(command:kafkaPlanner\.addCluster\)$/m);
    assert.match(welcome.contents, /^\[Open Demo Cluster\]\(command:kafkaPlanner\.openDemoCluster\)$/m);
  });
});
