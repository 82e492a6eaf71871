// The README the .vsix ships (media/readme.mjs): VS Code's extension page shows images from https URLs only.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// @ts-expect-error: a plain ES module of the build (no types)
import { packagedReadme, readmeBaseUrl } from '../../media/readme.mjs';

const md = [
  '![The skew view](media/screenshots/skew-demo.png)',
  '| ![a](./media/a.png) | ![b](https://example.org/b.png) |',
  'See [CONTRIBUTING.md](CONTRIBUTING.md), [the plans section](#plans-name-their-cluster) and [KIP-78](https://cwiki.apache.org/x).',
].join('\n');

describe('the README packed into the .vsix', () => {
  it('makes relative images and links absolute under the https base URL, and leaves anchors and absolute URLs', () => {
    assert.equal(
      packagedReadme(md, 'https://host.example/repo/main/'),
      [
        '![The skew view](https://host.example/repo/main/media/screenshots/skew-demo.png)',
        '| ![a](https://host.example/repo/main/media/a.png) | ![b](https://example.org/b.png) |',
        'See [CONTRIBUTING.md](https://host.example/repo/main/CONTRIBUTING.md), [the plans section](#plans-name-their-cluster) and [KIP-78](https://cwiki.apache.org/x).',
      ].join('\n'),
    );
  });

  it('without a base URL turns images into their captions and relative links into text: no broken image', () => {
    assert.equal(
      packagedReadme(md, undefined),
      [
        '*(The skew view)*',
        '| *(a)* | ![b](https://example.org/b.png) |',
        'See CONTRIBUTING.md, [the plans section](#plans-name-their-cluster) and [KIP-78](https://cwiki.apache.org/x).',
      ].join('\n'),
    );
  });

  it('refuses an SVG image (the Marketplace does) and a base URL that is not https', () => {
    assert.throws(() => packagedReadme('![x](media/kafka-planner.svg)', 'https://h/'), /SVG/);
    assert.throws(() => readmeBaseUrl('.', { KFP_README_BASE_URL: 'http://h/' }), /https/);
  });

  it('takes the base URL from the environment, else from a GitHub repository in package.json', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kfp-readme-'));
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ repository: { type: 'git', url: 'https://github.com/acme/planner.git' } }));
    assert.equal(readmeBaseUrl(dir, {}), 'https://raw.githubusercontent.com/acme/planner/HEAD/');
    assert.equal(readmeBaseUrl(dir, { KFP_README_BASE_URL: 'https://cdn.example/x' }), 'https://cdn.example/x/');
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'x' }));
    assert.equal(readmeBaseUrl(dir, {}), undefined);
  });
});
