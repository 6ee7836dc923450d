// Renders extension/icons/icon.svg to the PNG sizes the manifest names:
//   node tests/e2e/tools/render-icons.mjs extension/icons   (after npm ci in tests/e2e)
import {chromium} from 'playwright-core';
import fs from 'node:fs';
const dir = process.argv[2];
const svg = fs.readFileSync(`${dir}/icon.svg`, 'utf8');
const b = await chromium.launch({executablePath: '/usr/bin/chromium', args: ['--no-sandbox']});
const p = await b.newPage();
for (const s of [16, 32, 48, 128]) {
  await p.setViewportSize({width: 200, height: 200});
  await p.setContent(`<body style="margin:0;background:transparent">${svg.replace('width="128" height="128"', `width="${s}" height="${s}"`)}</body>`);
  await p.screenshot({path: `${dir}/icon-${s}.png`, clip: {x: 0, y: 0, width: s, height: s}, omitBackground: true});
}
await b.close();
