// The README that ships in the .vsix (`npm run package` writes dist/README.md and packs it with --readme-path).
// VS Code shows an installed extension's README in a webview that takes images only from https: URLs: its markdown
// sanitizer keeps http(s) image sources only (no relative paths, no data: URIs) and its CSP allows img-src https:.
// So relative image paths, right on GitHub, are broken images on the Extensions page. With a base URL where this
// repository's files are served over https (KFP_README_BASE_URL, e.g. https://raw.githubusercontent.com/OWNER/REPO/main/,
// or derived from package.json "repository" on GitHub), every relative image and link is made absolute; without one,
// each image becomes its caption in italics and each relative link its text, so the page never shows a broken image.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const IMAGE = /!\[([^\]]*)\]\(([^)\s]+)\)/g;
const LINK = /(?<!!)\[([^\]]*)\]\(([^)\s]+)\)/g;

function isRelative(target) {
  return !/^([a-z][a-z0-9+.-]*:|#)/i.test(target);
}

/** The https base URL for README images and links: KFP_README_BASE_URL, else a GitHub repository's raw files. */
export function readmeBaseUrl(repoRoot, env = process.env) {
  let base = env.KFP_README_BASE_URL;
  if (!base) {
    const repository = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).repository;
    const url = typeof repository === 'string' ? repository : repository?.url;
    const gh = url && /github\.com[/:]([^/]+)\/([^/.]+)/.exec(url);
    if (gh) base = `https://raw.githubusercontent.com/${gh[1]}/${gh[2]}/HEAD/`;
  }
  if (!base) return undefined;
  if (!/^https:\/\//.test(base))
    throw new Error(`KFP_README_BASE_URL must be an https URL (the Extensions page loads no other images): ${base}`);
  return base.endsWith('/') ? base : `${base}/`;
}

/** README markdown for the .vsix: relative targets made absolute under baseUrl, or (no base URL) turned into text. */
export function packagedReadme(markdown, baseUrl) {
  const absolute = (target) => new URL(target.replace(/^\.\//, ''), baseUrl).href;
  return markdown
    .replace(IMAGE, (all, alt, target) => {
      if (!isRelative(target)) return all;
      if (/\.svg$/i.test(target)) throw new Error(`README image ${target}: the Marketplace refuses SVG images; use a PNG`);
      return baseUrl ? `![${alt}](${absolute(target)})` : `*(${alt})*`;
    })
    .replace(LINK, (all, text, target) => (!isRelative(target) ? all : baseUrl ? `[${text}](${absolute(target)})` : text));
}
