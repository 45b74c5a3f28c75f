// Checks that a build's JavaScript parses as ES2017 (vite.config.ts builds for es2017: Chrome 61+, iOS 11+),
// with `es-check es2017 --module`. Usage: node scripts/es-check.mjs [dir=dist]
//
// Two module features are above ES2017 in the spec and cannot be lowered: `import()` (lazy chunks) and
// `import.meta` (Vite's preload helper). Every engine that runs module scripts with them (Chrome 64,
// iOS 11.3) is an ES2017 engine; an older one (Chrome 61–63, iOS 11.0–11.2) fails to parse the entry
// and shows index.html's upgrade notice (public/boot-check.js). es-check's
// parser (acorn at ecmaVersion 2017) rejects both, so a copy of each file has them renamed to plain
// identifiers first; everything else (?. ?? ...spread, class fields, async iteration, regex flags…) must
// be ES2017 as built.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'

const dir = process.argv[2] ?? 'dist'

function jsFiles(root) {
  return readdirSync(root, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.js'))
    .map((e) => join(e.parentPath ?? e.path, e.name))
}

const files = jsFiles(dir)
if (files.length === 0) {
  console.error(`es-check: no .js files in ${dir}`)
  process.exit(1)
}
const copy = mkdtempSync(join(tmpdir(), 'es-check-'))
let status = 1
try {
  for (const file of files) {
    const code = readFileSync(file, 'utf8')
      .replace(/\bimport\.meta\b/g, '__import_meta__')
      .replace(/\bimport\s*\(/g, '__import__(')
    const target = join(copy, relative(dir, file))
    mkdirSync(join(target, '..'), { recursive: true })
    writeFileSync(target, code)
  }
  status = spawnSync('npx', ['es-check', 'es2017', `${copy}/**/*.js`, '--module'], { stdio: 'inherit' }).status ?? 1
  // index.html's boot check must run on any engine, to tell an old one to upgrade: ES5, as a classic script.
  if (status === 0 && existsSync(join(dir, 'boot-check.js'))) {
    status = spawnSync('npx', ['es-check', 'es5', join(dir, 'boot-check.js')], { stdio: 'inherit' }).status ?? 1
  }
} finally {
  rmSync(copy, { recursive: true, force: true })
}
process.exit(status)
