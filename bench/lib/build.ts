import { mkdirSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { build, type Plugin } from 'vite'
import { DIST, FLOOR_DIST, LUCKY_DIST, ROOT, STATS_FILE } from './config'

/** One output file of a build, with its place in the import graph. */
export interface ChunkStat {
  file: string
  /** The entry (index.html's script). */
  isEntry: boolean
  /** A chunk loaded by `import()`. */
  isDynamicEntry: boolean
  /** The module the chunk stands for, relative to the root; null for shared chunks. */
  facade: string | null
  /** Chunks imported statically (loaded before this one runs). */
  imports: string[]
  /** Chunks imported with `import()`. */
  dynamicImports: string[]
  /** CSS files this chunk brings in. */
  css: string[]
  /** True when any pixi.js module is bundled into this chunk. */
  hasPixi: boolean
  /** How many modules it bundles. */
  modules: number
}

/** The graph of a build's JS chunks, keyed by file (relative to outDir). */
export interface BuildStats {
  outDir: string
  chunks: Record<string, ChunkStat>
}

/** A Rollup/Rolldown output plugin that records every chunk's imports, CSS and whether it carries pixi.js. */
export function statsPlugin(onStats: (chunks: Record<string, ChunkStat>) => void): Plugin {
  return {
    name: 'bench-stats',
    apply: 'build',
    generateBundle(_options, bundle) {
      const chunks: Record<string, ChunkStat> = {}
      for (const [file, out] of Object.entries(bundle)) {
        if (out.type !== 'chunk') continue
        const meta = (out as { viteMetadata?: { importedCss?: Set<string> } }).viteMetadata
        chunks[file] = {
          file,
          isEntry: out.isEntry,
          isDynamicEntry: out.isDynamicEntry,
          facade: out.facadeModuleId ? relative(ROOT, out.facadeModuleId) : null,
          imports: [...out.imports],
          dynamicImports: [...out.dynamicImports],
          css: meta?.importedCss ? [...meta.importedCss] : [],
          hasPixi: out.moduleIds.some((id) => /node_modules[\\/](pixi\.js|@pixi)[\\/]/.test(id)),
          modules: out.moduleIds.length,
        }
      }
      onStats(chunks)
    },
  }
}

/** Build the SPA with the project's vite.config.ts into bench/tmp/dist and record its graph. */
export async function buildSpa(outDir = DIST): Promise<BuildStats> {
  let chunks: Record<string, ChunkStat> = {}
  await build({
    root: ROOT,
    configFile: join(ROOT, 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
    plugins: [statsPlugin((c) => (chunks = c))],
  })
  const stats: BuildStats = { outDir, chunks }
  mkdirSync(join(STATS_FILE, '..'), { recursive: true })
  writeFileSync(STATS_FILE, JSON.stringify(stats, null, 2))
  return stats
}

/** Build the lucky-canvas page (bench/lucky) on its own: no Vue, no Vant, no project config. */
export function buildLucky(outDir = LUCKY_DIST): Promise<BuildStats> {
  return buildPage('lucky', outDir)
}

/** Build the floor page (bench/floor) the same way: the least per-frame work of pixi.js and of raw WebGL. */
export function buildFloor(outDir = FLOOR_DIST): Promise<BuildStats> {
  return buildPage('floor', outDir)
}

async function buildPage(folder: string, outDir: string): Promise<BuildStats> {
  let chunks: Record<string, ChunkStat> = {}
  await build({
    root: join(ROOT, 'bench', folder),
    configFile: false,
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true, target: 'es2020', reportCompressedSize: false },
    plugins: [statsPlugin((c) => (chunks = c))],
  })
  return { outDir, chunks }
}
