// package.json and the code agree: every contributed command is registered and every registered one contributed,
// menus name real commands, every restorable panel has its activation event, the settings and their defaults are
// exactly src/core/settings.ts's, and the Flink rule-id enums are exactly the core's rule ids.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
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
    const readers = sources(join(repo, 'src'))
      .filter((f) => !f.endsWith('services.ts') && /getConfiguration\([^)]*\)\s*\.get\b/.test(readFileSync(f, 'utf8')))
      .map((f) => f.slice(repo.length + 1));
    assert.deepEqual(readers, []);
  });
});
